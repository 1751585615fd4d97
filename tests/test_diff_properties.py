"""Property: after any sequence of edits made with the write commands, `diff` of the file before and
after reports exactly the net effect of those edits, and `changes --since` agrees with `diff`.

The expected effect is worked out from a small model of the records (what each command means),
never from the file or from history, so the test does not take the diff's word for anything. The
commands run in-process through `pledge_tui.cli.main`, as a user would type them.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from pledge_tui.cli.main import main
from pledge_tui.dataset import store
from pledge_tui.dataset.log import log_path
from pledge_tui.dataset.vocab import CONDITIONS, STORED_STATUSES, TYPES
from pledge_tui.views.changes import cells_changed_since
from tests import factories as F
from tests.clones import read_log, v3_file

START = "2026-03-10T09:00:00Z"
"""The one history entry of the starting file (raw_dataset_v2); the edits are made later."""
EDIT_EPOCH = "1775000000"  # 2026-03-31T23:33:20Z
SINCE = "2026-03-20"
MEMBERS = ("PL", "IT", "US", "EU", "NO", "DK")
"""The first four exist; NO and DK can be added."""
SUMMARY = st.text(st.characters(whitelist_categories=("L", "N", "P", "Zs"), max_codepoint=0x17F), min_size=1,
                  max_size=12).filter(lambda s: s.strip() == s and bool(s))

Cell = tuple[str, tuple[str, ...], bool, str]
"""A commitment as `diff` sees it: status, conditions, lead, summary."""
MISSING = None


@dataclass
class Model:
    """The records `diff` reports on, and the log that `undo` walks back."""

    cells: dict[str, Cell]
    members: set[str]
    sources: list[str]
    events: set[str]
    log: list[tuple[str, str, Any, bool]] = field(default_factory=list)
    """Per history entry: (kind, key, the value before, is an undo). Undo restores the value."""

    def snapshot(self) -> tuple[dict[str, Cell], set[str], set[str], set[str]]:
        return dict(self.cells), set(self.members), set(self.sources), set(self.events)

    def restore(self, kind: str, key: str, value: Any) -> None:
        if kind == "cell":
            if value is MISSING:
                self.cells.pop(key, None)
            else:
                self.cells[key] = value
        elif kind == "member":
            (self.members.add if value else self.members.discard)(key)
        elif kind == "source":
            if value:
                self.sources.append(key)
            else:
                self.sources.remove(key)
        elif kind == "event":
            (self.events.add if value else self.events.discard)(key)


def _model(raw: dict[str, Any]) -> Model:
    """The records of a starting file whose history is one `set` (which `undo` can revert)."""
    cells = {f"{d['member']}/{d['type']}": _state(d) for d in raw["commitments"].values()}
    (entry,) = raw["history"].values()
    return Model(cells, {d["id"] for d in raw["members"].values()}, [d["id"] for d in raw["sources"].values()],
                 {d["id"] for d in raw["events"].values()}, [("cell", entry["key"], _state(entry["before"]), False)])


CONDITION_LISTS = st.none() | st.lists(st.sampled_from(CONDITIONS), unique=True, max_size=3)
sets = st.tuples(st.just("set"), st.sampled_from(MEMBERS), st.sampled_from(TYPES), st.sampled_from(STORED_STATUSES),
                 st.none() | SUMMARY | SUMMARY, CONDITION_LISTS, st.none() | st.booleans(), st.integers(0, 20))
edits = st.one_of(
    sets, sets, sets,
    st.tuples(st.just("unset"), st.sampled_from(MEMBERS), st.sampled_from(TYPES)),
    st.tuples(st.just("add-member"), st.sampled_from(MEMBERS[4:])),
    st.tuples(st.just("edit-member"), st.sampled_from(MEMBERS[:4]), SUMMARY),
    st.tuples(st.just("add-source")),
    st.tuples(st.just("add-event")),
    st.tuples(st.just("undo")),
)


@contextlib.contextmanager
def _edit_clock() -> Iterator[None]:
    saved = {k: os.environ.get(k) for k in ("SOURCE_DATE_EPOCH", "PLEDGE_TUI_USER", "PLEDGE_TUI_DATA")}
    os.environ.update(SOURCE_DATE_EPOCH=EDIT_EPOCH, PLEDGE_TUI_USER="property")
    os.environ.pop("PLEDGE_TUI_DATA", None)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def _run(*args: str) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    assert "Traceback" not in err.getvalue()
    return code, out.getvalue()


def _history_length(path: Path) -> int:
    return len(read_log(path))


def _apply(model: Model, path: Path, edit: tuple[Any, ...]) -> None:
    """Run one write command; on success, make the same change in the model."""
    kind, data = edit[0], ["--data", str(path)]
    before_bytes, before_entries = path.read_bytes(), _history_length(path)
    key, undo_target = "", None
    if kind == "set":
        _, member, type_, status, summary, conditions, lead, source = edit
        key = f"{member}/{type_}"
        args = ["set", member, type_, status, f"--source={model.sources[source % len(model.sources)]}"]
        args += [f"--summary={summary}"] if summary is not None else []
        args += [] if conditions is None else [f"--condition={c}" for c in conditions] or ["--no-conditions"]
        args += [] if lead is None else ["--lead" if lead else "--no-lead"]
        code, _ = _run(*data, *args)
        prior = model.cells.get(key, MISSING)
        if code == 0 and _history_length(path) > before_entries:
            old = prior or ("", (), False, "")
            model.cells[key] = (status, tuple(conditions) if conditions is not None else old[1],
                                lead if lead is not None else old[2], summary if summary is not None else old[3])
            model.log.append(("cell", key, prior, False))
    elif kind == "unset":
        key = f"{edit[1]}/{edit[2]}"
        code, _ = _run(*data, "unset", edit[1], edit[2], "--source=S1", "--note=Gone.")
        if code == 0 and _history_length(path) > before_entries:
            model.log.append(("cell", key, model.cells.pop(key), False))
    elif kind == "add-member":
        code, _ = _run(*data, "add-member", edit[1], "--name", f"Member {edit[1]}", "--role", "member",
                       "--stance", "A stance.", "--source", "S1")
        if code == 0:
            model.members.add(edit[1])
            model.log.append(("member", edit[1], False, False))
    elif kind == "edit-member":
        code, _ = _run(*data, "edit-member", edit[1], f"--stance={edit[2]}", "--source=S2")
        if code == 0 and _history_length(path) > before_entries:
            model.log.append(("unreported", edit[1], None, False))
    elif kind in ("add-source", "add-event"):
        extra = (["--publisher", "Wire", "--title", "T", "--date", "2026-03", "--url", "", "--tier", "B"]
                 if kind == "add-source" else ["--date", "2026-03", "--title", "T", "--summary", "S", "--source", "S1"])
        code, out = _run(*data, kind, *extra)
        if code == 0:
            new_id = out.strip()
            (model.sources.append if kind == "add-source" else model.events.add)(new_id)
            model.log.append(("source" if kind == "add-source" else "event", new_id, False, False))
    else:
        undone = {entry[2] for entry in model.log if entry[3]}
        candidates = [i for i, entry in enumerate(model.log) if not entry[3] and i not in undone]
        code, _ = _run(*data, "undo")
        if code == 0:
            undo_target = candidates[-1]
            target_kind, target_key, value, _ = model.log[undo_target]
            model.restore(target_kind, target_key, value)
            model.log.append(("undo", target_key, undo_target, True))
    event(f"{kind}: exit {code}")
    if code != 0:
        assert path.read_bytes() == before_bytes, (edit, code)


def _expected(start: tuple[dict[str, Cell], set[str], set[str], set[str]], model: Model) -> dict[str, Any]:
    cells0, members0, sources0, events0 = start
    cells = {}
    for key in cells0.keys() | model.cells.keys():
        old, new = cells0.get(key), model.cells.get(key)
        if old != new:
            cells[key] = ("added" if old is None else "removed" if new is None else "changed", old, new)
    return {"cells": cells, "members": _added_removed(members0, model.members),
            "sources": _added_removed(sources0, set(model.sources)), "events": _added_removed(events0, model.events)}


def _added_removed(before: set[str], after: set[str]) -> set[tuple[str, str]]:
    return {("added", x) for x in after - before} | {("removed", x) for x in before - after}


def _state(value: dict[str, Any] | None) -> Any:
    return None if value is None else (value["status"], tuple(value["conditions"]), value["lead"], value["summary"])


def _reported_cells(cells: list[dict[str, Any]]) -> dict[str, tuple[str, Cell | None, Cell | None]]:
    return {f"{c['member']}/{c['type']}": (c["change"], _state(c["old"]), _state(c["new"])) for c in cells}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(edits, min_size=1, max_size=8))
def test_diff_reports_exactly_the_edits_and_changes_agrees(sequence: list[tuple[Any, ...]]) -> None:
    with tempfile.TemporaryDirectory() as folder, _edit_clock():
        before = v3_file(Path(folder) / "before.json")  # the factory's version-2 data, upgraded
        work = Path(folder) / "work.json"
        shutil.copy(before, work)
        shutil.copy(log_path(str(before)), log_path(str(work)))
        model = _model(F.raw_dataset_v2())
        start = model.snapshot()
        for edit in sequence:
            _apply(model, work, edit)
        expected = _expected(start, model)

        code, out = _run("diff", str(before), str(work), "--format", "json")
        assert code == 0
        diff = json.loads(out)
        assert _reported_cells(diff["cells"]) == expected["cells"]
        assert all(set(c["fields"]) == {name for name, a, b in zip(("status", "conditions", "lead", "summary"),
                                                                    _state(c["old"]) or (), _state(c["new"]) or (),
                                                                    strict=False) if a != b}
                   for c in diff["cells"] if c["change"] == "changed")
        assert {(m["change"], m["id"]) for m in diff["members"]} == expected["members"]
        assert {(s["change"], s["id"]) for s in diff["sources"]} == expected["sources"]
        assert {(e["change"], e["id"]) for e in diff["events"]} == expected["events"]

        code, out = _run("--data", str(work), "changes", "--since", SINCE, "--format", "json")
        assert code == 0
        changes = json.loads(out)
        assert changes["history_covers_since"] and changes["entries"] == len(model.log) - 1
        assert _reported_cells(changes["cells"]) == expected["cells"]
        assert {(m["change"], m["id"]) for m in changes["members"]} == expected["members"]
        assert {s["id"] for s in changes["sources_added"]} == {s for kind, s in expected["sources"] if kind == "added"}
        assert cells_changed_since(store.load(str(work)).dataset, SINCE) == {
            tuple(key.split("/")) for key in expected["cells"]}
        for cell in changes["cells"]:  # each changed cell comes with the entries that changed it
            assert cell["entries"] and all(e["key"] == f"{cell['member']}/{cell['type']}" for e in cell["entries"])
