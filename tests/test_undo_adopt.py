"""`undo [ENTRY] [--dry-run]` and `adopt` on the command line (README "Editing"): which entry, what it says,
exit codes, and files left byte for byte as they were when nothing is written."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from pledge_tui.dataset import log, rawio
from tests.clones import read_log, v3_file
from tests.common import CliRunner

EPOCH = {"SOURCE_DATE_EPOCH": "1773133200", "PLEDGE_TUI_USER": "tester"}  # 2026-03-10T09:00:00Z


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return v3_file(tmp_path / "d.json")


def both(path: Path) -> tuple[bytes, bytes]:
    return path.read_bytes(), Path(log.log_path(str(path))).read_bytes()


def run(cli: CliRunner, data: Path, *args: str) -> tuple[int, str]:
    done = cli("--data", str(data), *args, env=EPOCH)
    assert "Traceback" not in done.stderr
    return done.returncode, done.stderr


def set_pl(cli: CliRunner, data: Path, status: str) -> str:
    assert run(cli, data, "set", "PL", "logistics", status, "--source", "S1")[0] == 0
    entry_id: str = read_log(data)[-1]["id"]
    return entry_id


def status_of(data: Path) -> str:
    raw = json.loads(data.read_text(encoding="utf-8"))
    records = raw["commitments"].values()
    status: str = next(d["status"] for d in records if (d["member"], d["type"]) == ("PL", "logistics"))
    return status


def proves(cli: CliRunner, data: Path) -> None:
    done = cli("validate", str(data))
    assert done.returncode == 0, done.stderr


def test_undo_names_what_it_reverts_and_reverts_it(cli: CliRunner, data: Path) -> None:
    first = set_pl(cli, data, "considering")
    code, said = run(cli, data, "undo")
    undo = read_log(data)[-1]
    assert code == 0 and said.splitlines() == [
        f"pledge-tui: reverting history entry {first}: set commitments PL/logistics (status) by tester at "
        "2026-03-10T09:00:00Z",
        f"pledge-tui: undo PL/logistics (history entry {undo['id']}, reverting history entry {first})"]
    assert status_of(data) == "pledged" and undo["undoes"] == first and undo["parents"] == [first]
    proves(cli, data)


def test_undo_of_a_named_entry(cli: CliRunner, data: Path) -> None:
    first = set_pl(cli, data, "considering")
    assert run(cli, data, "set", "IT", "training", "pledged", "--source", "S2")[0] == 0
    code, said = run(cli, data, "undo", first)
    assert code == 0 and f"reverting history entry {first}" in said and status_of(data) == "pledged"
    raw = json.loads(data.read_text(encoding="utf-8"))
    assert next(d for d in raw["commitments"].values() if d["member"] == "IT" and d["type"] == "training")[
        "status"] == "pledged", "the later change to another record stays"
    proves(cli, data)


def test_undo_of_an_entry_whose_record_changed_since_exits_3_naming_the_later_entries(cli: CliRunner,
                                                                                      data: Path) -> None:
    first = set_pl(cli, data, "considering")
    later = set_pl(cli, data, "ruled-out")
    before = both(data)
    code, said = run(cli, data, "undo", first)
    assert code == 3 and both(data) == before
    reverting, error = said.splitlines()
    assert reverting.startswith(f"pledge-tui: reverting history entry {first}: set commitments PL/logistics")
    assert error == (f"pledge-tui: error: commitments PL/logistics was changed since history entry {first}, by "
                     f"history entry {later} (set by tester at 2026-03-10T09:00:00Z); undoing it would lose that "
                     "change, so nothing was written")


@pytest.mark.parametrize("entry", ["h0000000000", "h1", "entry-12", "#3"])
def test_undo_of_an_unknown_entry_exits_2(cli: CliRunner, data: Path, entry: str) -> None:
    set_pl(cli, data, "considering")
    before = both(data)
    code, said = run(cli, data, "undo", entry)
    assert code == 2 and both(data) == before
    assert said == f"pledge-tui: error: no history entry {entry!r} in the history log; `pledge-tui history` lists " \
                   "the entries and their ids\n"


def test_undo_of_an_upgrade_or_a_baseline_or_an_entry_undone_already_exits_2(cli: CliRunner, data: Path) -> None:
    entries = read_log(data)
    for entry in (entries[0], entries[-1]):  # a baseline, the upgrade
        code, said = run(cli, data, "undo", entry["id"])
        assert code == 2 and f"is an {entry['action']!r}, which cannot be undone" in said
    first = set_pl(cli, data, "considering")
    assert run(cli, data, "undo")[0] == 0
    code, said = run(cli, data, "undo", first)
    assert code == 2 and f"history entry {first} is undone already (by history entry {read_log(data)[-1]['id']})" \
        in said


def test_a_revert_that_changes_nothing_is_recorded_and_the_next_undo_works(cli: CliRunner, data: Path) -> None:
    """The stuck undo of issue 19: the record is already as it was before the entry (a later change put it back).
    The undo is recorded all the same, so the entry counts as undone and `undo` moves on."""
    first = set_pl(cli, data, "considering")
    back = set_pl(cli, data, "pledged")  # by hand, as it were: a second change puts the record back
    before_data = data.read_bytes()
    code, said = run(cli, data, "undo", first)
    marker = read_log(data)[-1]
    assert code == 0 and "the entry is only marked undone" in said
    assert (marker["action"], marker["undoes"], marker["before"] == marker["after"]) == ("undo", first, True)
    assert status_of(data) == "pledged" and data.read_bytes() != before_data, "only its head moved"
    code, said = run(cli, data, "undo")
    assert code == 0 and f"reverting history entry {back}" in said and status_of(data) == "considering"
    proves(cli, data)


def test_undo_dry_run_writes_nothing(cli: CliRunner, data: Path) -> None:
    first = set_pl(cli, data, "considering")
    before = both(data)
    code, said = run(cli, data, "undo", "--dry-run")
    assert code == 0 and both(data) == before
    assert said.splitlines() == [
        f"pledge-tui: reverting history entry {first}: set commitments PL/logistics (status) by tester at "
        "2026-03-10T09:00:00Z",
        "pledge-tui: dry run: would record undo PL/logistics; nothing written"]
    assert [p.name for p in data.parent.iterdir() if p.name.endswith(".pledge-tmp")] == []


def test_adopt_records_every_hand_edit_then_has_nothing_to_adopt(cli: CliRunner, data: Path) -> None:
    raw = json.loads(data.read_text(encoding="utf-8"))
    member = next(k for k, m in raw["members"].items() if m["id"] == "PL")
    raw["members"][member]["stance"] = "Edited by hand."
    raw["sources"]["9"] = {"id": "S9", "publisher": "P", "title": "T", "date": "2026", "url": "", "tier": "A"}
    data.write_bytes(rawio.serialize(raw))
    assert cli("validate", str(data)).returncode == 1
    code, said = run(cli, data, "adopt", "--source", "S2", "--note", "checked against the ministry's page")
    assert code == 0, said
    *adopted, summary = said.splitlines()
    assert [re.sub(r"h[0-9a-f]{10}", "h…", line) for line in adopted] == [
        "pledge-tui: adopt sources S9 (history entry h…)", "pledge-tui: adopt members PL (history entry h…)"]
    assert summary == "pledge-tui: adopted 2 records"
    entries = read_log(data)[-2:]
    assert [(e["action"], e["sources"], e["note"]) for e in entries] == [
        ("adopt", ["S2"], "checked against the ministry's page")] * 2
    assert entries[0]["before"] is None and entries[1]["before"]["stance"] == "Poland stance."
    proves(cli, data)
    before = both(data)
    code, said = run(cli, data, "adopt", "--source", "S2", "--note", "again")
    assert (code, said) == (0, "pledge-tui: nothing to adopt: every record is what its history says; nothing written\n")
    assert both(data) == before


@pytest.mark.parametrize(("args", "words"), [
    (("adopt", "--source", "S2"), "--note"),
    (("adopt", "--note", "x"), "--source"),
    (("adopt", "--source", "S99", "--note", "x"), "unknown source 'S99'"),
    (("adopt", "--source", "S2", "--note", " "), "--note must say why"),
])
def test_adopt_usage_errors(cli: CliRunner, data: Path, args: tuple[str, ...], words: str) -> None:
    before = both(data)
    code, said = run(cli, data, *args)
    assert code == 2 and words in said and both(data) == before
