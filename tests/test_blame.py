"""`blame MEMBER [TYPE]` (issue 20, README "What changed"): per member field and per cell, or per field of one cell,
the newest history entry that set the value (id, when, who, sources, note), or "baseline"."""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path
from typing import Any

import msgspec

from pledge_tui.cli.main import main
from pledge_tui.views.blame import Blame, blame
from tests import factories as F
from tests.common import CliRunner
from tests.history_factory import Editor, story


def _run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return code, out.getvalue(), err.getvalue()


_SEQ: dict[str, int] = {}
"""The last blamed dataset's entries, id -> position (1, 2, ...): the tests count entries as they made them."""


def _blame(raw: dict[str, Any], member: str, type_slug: str | None = None) -> Blame:
    dataset = F.dataset(raw)
    _SEQ.clear()
    _SEQ.update({e.id: e.seq for e in dataset.history})
    found = dataset.member(member)
    assert found is not None
    return blame(dataset, found, type_slug)


def _who(result: Blame, *, cells: bool = False) -> dict[str, object]:
    """field -> the position of the entry that set it (1, 2, ...), "baseline", or "nowhere"."""
    lines = result.cells if cells else result.fields
    return {line.field: _SEQ[line.entry.id] if line.entry else ("baseline" if line.baseline else "nowhere")
            for line in lines}


def test_each_member_field_and_cell_names_the_newest_entry_that_set_it() -> None:
    ed = story()
    ed.edit_member("PL", stance="Reworded.", sources=["S1", "S2"])  # entry 8
    ed.edit_member("PL", caveats=["Only this."])  # entry 9: the stance's setter stays entry 8
    result = _blame(ed.raw, "PL")
    assert result.words == "Poland (PL)"
    who = _who(result)
    assert (who["stance"], who["sources"], who["caveats"], who["name"], who["role"]) == (8, 8, 9, "baseline",
                                                                                         "baseline")
    cells = _who(result, cells=True)
    assert cells == {"air-patrol": 6, "logistics": "baseline", "ground-forces": "baseline"}  # air: set, undone (6)
    air = next(line for line in result.cells if line.field == "air-patrol")
    assert air.value == "not disclosed" and air.entry is not None and air.entry.action == "undo"


def test_blame_of_one_cell_goes_field_by_field() -> None:
    ed = story()
    ed.set("US", "backstop", status="pledged", note="Upgraded.", cite=("S2",))  # entry 8
    result = _blame(ed.raw, "US", "backstop")
    who = _who(result)
    assert who["status"] == 8 and who["summary"] == 7 and who["conditions"] == "baseline"
    status = next(line for line in result.fields if line.field == "status")
    assert status.entry is not None and (status.entry.note, status.entry.sources, status.entry.by) == (
        "Upgraded.", ("S2",), "analyst")
    assert status.value == "pledged"


def test_a_baseline_entry_is_no_entry_and_a_hand_edit_is_recorded_nowhere() -> None:
    ed = Editor()
    ed.edit_member("IT", stance="Said later.")
    dataset = F.dataset(ed.raw)
    (entry,) = dataset.history
    start = next(d for d in Editor().raw["members"].values() if d["id"] == "IT")
    baseline = msgspec.structs.replace(entry, id="h000000base", seq=0, action="baseline", before=None, after=start,
                                   sources=())
    versioned = dataset.replace(history=(baseline, entry))  # schema version 3 records the start so
    italy = versioned.member("IT")
    assert italy is not None
    _SEQ.clear()
    _SEQ.update({entry.id: 1})
    who = _who(blame(versioned, italy))
    assert who["stance"] == 1 and who["name"] == "baseline"  # the baseline entry counts as no entry
    next(d for d in ed.raw["members"].values() if d["id"] == "IT")["stance"] = "Edited by hand."
    hand = next(line for line in _blame(ed.raw, "IT").fields if line.field == "stance")
    assert hand.entry is not None and not hand.recorded  # the entry that last set it left another value
    fresh = Editor()
    fresh.set("PL", "air-patrol", status="considering")
    fresh.raw["commitments"] = {k: v for k, v in fresh.raw["commitments"].items() if v["type"] != "air-patrol"}
    gone = next(line for line in _blame(fresh.raw, "PL").cells if line.field == "air-patrol")
    assert gone.value == "not disclosed" and not gone.recorded  # removed by hand: no entry says so


def test_blame_in_each_format(tmp_path: Path) -> None:
    ed = story()
    ed.set("US", "backstop", status="pledged", note="Upgraded.", cite=("S2",))
    path = F.write(tmp_path / "d.json", ed.raw)
    eighth = F.dataset(ed.raw).history[7].id
    code, out, err = _run("--data", str(path), "blame", "united states")
    assert code == 0, err
    assert out.startswith("Blame: United States (US): the newest history entry that set each value (baseline: ")
    assert (f"  Backstop                   pledged\n        {eighth} recorded 2026-03-12 10:00 UTC · said 2026-01-06 · "
            "analyst, set") in out and "note: Upgraded." in out
    code, out, _ = _run("--data", str(path), "blame", "US", "backstop", "--format", "json")
    data = json.loads(out)
    assert (data["member"], data["type"], data["cells"]) == ("US", "backstop", [])
    status = next(f for f in data["fields"] if f["field"] == "status")
    assert status["entry"]["note"] == "Upgraded." and status["entry"]["id"] == eighth and not status["baseline"]
    assert next(f for f in data["fields"] if f["field"] == "conditions")["baseline"]
    code, out, _ = _run("--data", str(path), "blame", "PL", "--format", "md")
    assert code == 0 and out.startswith("# Blame: Poland (PL)\n") and "## Cells" in out


def test_a_file_without_history_is_all_baseline(data_file: Path) -> None:
    code, out, _ = _run("--data", str(data_file), "blame", "PL", "--format", "json")
    data = json.loads(out)
    assert code == 0 and all(f["baseline"] for f in [*data["fields"], *data["cells"]])


def test_the_acceptance_check_of_blame(cli: CliRunner, tmp_path: Path) -> None:
    """As /work/shared/acceptance part three runs it: the note of the entry that set a cell is in the JSON."""
    work = tmp_path / "three.json"
    assert cli("init", str(work)).returncode == 0
    set_ = cli("--data", str(work), "set", "IS", "training", "considering", "--source", "S47", "--summary",
               "Acceptance probe three.", "--note", "three")
    assert set_.returncode == 0, set_.stderr
    result = cli("--data", str(work), "blame", "IS", "training", "--format", "json")
    assert result.returncode == 0 and '"note": "three"' in result.stdout
