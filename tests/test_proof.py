"""`validate` proves that every value is explained by its history (README "Editing"; dataset/proof.py): each case
of tampering with a version-3 file or its log is named, in the README's words, with exit 1."""

from __future__ import annotations

import copy
import functools
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from pledge_tui.dataset import edits, ids, log, proof, rawio
from pledge_tui.dataset.commit import commit
from tests.clones import read_log, v3_file
from tests.common import CliRunner

AT = "2026-03-10T09:00:00Z"
Entry = dict[str, Any]


def set_status(status: str, member: str = "PL", type_: str = "logistics", **kw: Any) -> Any:
    return functools.partial(edits.set_commitment, member=member, type_=type_, status=status,
                             sources=kw.pop("sources", ["S1"]), today="2026-03-10", **kw)


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A version-3 file whose history holds baselines, the version-2 entry, the upgrade and three changes."""
    path = v3_file(tmp_path / "d.json")
    commit(str(path), set_status("considering"), by="ann", at="2026-03-10T09:00:00Z")
    commit(str(path), set_status("ruled-out", member="IT", type_="training"), by="bob", at="2026-03-11T09:00:00Z")
    commit(str(path), set_status("conditional", conditions=["ceasefire"]), by="ann", at="2026-03-12T09:00:00Z")
    return path


def log_path(path: Path) -> Path:
    return Path(log.log_path(str(path)))


def write_log(path: Path, entries: list[Entry]) -> None:
    log_path(path).write_bytes(log.lines_of(entries))


def problems(path: Path, now: str = "2026-12-01T00:00:00Z") -> list[str]:
    rows, parse = log.parse_log(str(log_path(path)), log_path(path).read_bytes())
    found = proof.check(rawio.parse_json(str(path), path.read_bytes()), rows, now=now,
                        sources_known={"S1", "S2", "S3"})
    return [*(p.describe("d.json") for p in found.data), *(p.describe("log") for p in [*parse, *found.log])]


def one(found: list[str], *words: str) -> str:
    named = [line for line in found if all(word in line for word in words)]
    assert len(named) >= 1, found
    return named[0]


def test_an_intact_file_proves(data: Path) -> None:
    assert problems(data) == []


def test_validate_on_the_command_line(cli: CliRunner, data: Path) -> None:
    assert cli("validate", str(data)).returncode == 0
    raw = json.loads(data.read_text(encoding="utf-8"))
    member = next(k for k, m in raw["members"].items() if m["id"] == "PL")
    raw["members"][member]["stance"] = "Edited by hand."
    data.write_bytes(rawio.serialize(raw))
    done = cli("validate", str(data))
    head = next(e["id"] for e in reversed(read_log(data)) if e["key"] == "PL")
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.splitlines() == [
        f'pledge-tui: error: {data}: members "PL": differs from the result of history entry {head}; record it with '
        "pledge-tui adopt",
        f"pledge-tui: 1 problem found in {data}"]


def test_a_record_edited_by_hand_is_named_in_the_specs_words(data: Path) -> None:
    raw = json.loads(data.read_text(encoding="utf-8"))
    raw["commitments"]["2"]["summary"] = "Edited by hand."
    data.write_bytes(rawio.serialize(raw))
    head = next(e["id"] for e in reversed(read_log(data)) if e["key"] == "PL/logistics")
    assert problems(data) == [f'd.json: commitments "PL/logistics": differs from the result of history entry {head}; '
                              "record it with pledge-tui adopt"]


def test_a_record_added_by_hand_has_no_history(data: Path) -> None:
    raw = json.loads(data.read_text(encoding="utf-8"))
    raw["sources"]["9"] = {"id": "S9", "publisher": "P", "title": "T", "date": "2026", "url": "", "tier": "A"}
    data.write_bytes(rawio.serialize(raw))
    assert problems(data) == ['d.json: sources "S9": has no history entry (it was added by hand?); record it with '
                              "pledge-tui adopt"]


def test_a_heads_table_edited_by_hand(data: Path) -> None:
    raw = json.loads(data.read_text(encoding="utf-8"))
    doc = next(k for k, h in raw["heads"].items() if h["key"] == "PL/logistics")
    raw["heads"][doc]["at"] = "2026-03-12T09:00:01Z"
    data.write_bytes(rawio.serialize(raw))
    one(problems(data), 'd.json: heads commitments "PL/logistics": differs from its history\'s head', "in at")
    del raw["heads"][doc]
    data.write_bytes(rawio.serialize(raw))
    one(problems(data), 'heads commitments "PL/logistics": missing: its history\'s head is')


def test_an_altered_entry_no_longer_matches_its_id(data: Path) -> None:
    entries = read_log(data)
    target = entries[-2]
    entries[-2] = {**target, "note": "a better reason, written later"}
    write_log(data, entries)
    line = one(problems(data), f"log: history entry {target['id']} (line {len(entries) - 1})", 'field "id"')
    assert "its id does not match its content" in line and "altered, or forged" in line


def test_a_forged_entry_is_named(data: Path) -> None:
    entries = read_log(data)
    forged = {**copy.deepcopy(entries[-1]), "by": "mallory", "id": "h0000000000"}
    write_log(data, [*entries, forged])
    found = problems(data)
    one(found, "history entry h0000000000", "its id does not match its content")


def test_a_forged_entry_with_a_good_id_is_named_by_the_chain(data: Path) -> None:
    """An entry that hashes right but claims a change the file does not show: the record is not its result."""
    entries = read_log(data)
    last = entries[-1]
    forged = ids.with_id({**{k: v for k, v in last.items() if k != "id"}, "before": last["after"], "by": "mallory",
                          "after": {**last["after"], "status": "pledged"}, "parents": [last["id"]]})
    write_log(data, [*entries, forged])
    found = problems(data)
    one(found, 'commitments "PL/logistics": differs from the result of history entry', forged["id"])
    one(found, 'heads commitments "PL/logistics": differs from its history\'s head', forged["id"])


def test_one_deleted_entry_is_found(data: Path) -> None:
    entries = read_log(data)
    deleted = entries[-3]  # PL/logistics: considering (the conditional entry follows it)
    write_log(data, [e for e in entries if e is not deleted])
    one(problems(data), f"names parent {deleted['id']}, which is not in the log (a deleted entry?)")


def test_the_newest_entry_deleted_is_found(data: Path) -> None:
    entries = read_log(data)
    write_log(data, entries[:-1])
    found = problems(data)
    one(found, 'commitments "PL/logistics": differs from the result of history entry')
    one(found, f'heads commitments "PL/logistics": names {entries[-1]["id"]}, which is not in the history log (a '
               'deleted entry?)')


def test_every_entry_deleted_leaves_every_record_unexplained(data: Path) -> None:
    log_path(data).write_bytes(b"")
    found = problems(data)
    raw = json.loads(data.read_text(encoding="utf-8"))
    records = sum(len(raw[t]) for t in ("meta", "members", "commitments", "sources", "events"))
    assert sum("has no history entry" in line for line in found) == records
    assert sum("which is not in the history log (a deleted entry?)" in line for line in found) == len(raw["heads"])


def test_a_reordered_entry_is_found(data: Path) -> None:
    entries = read_log(data)
    entries[-1], entries[-3] = entries[-3], entries[-1]
    write_log(data, entries)
    found = problems(data)
    one(found, "goes back in time")
    one(found, "which comes after it in the log (the log was reordered?)")


@pytest.mark.parametrize(("side", "spoil", "words"), [
    ("after", lambda d: d.update(status="maybe"), "is not a valid record of commitments: status: unknown status"),
    ("before", lambda d: d.pop("summary"), "is not a valid record of commitments: summary: missing"),
    ("after", lambda d: d.update(colour="red"), "is not a valid record of commitments: colour: unexpected field"),
])
def test_an_entry_whose_before_or_after_is_not_a_valid_record(data: Path, side: str,
                                                              spoil: Callable[[Entry], object], words: str) -> None:
    entries = read_log(data)
    entry = copy.deepcopy(entries[-1])
    spoil(entry[side])
    entries[-1] = ids.with_id(entry)  # even with its id recomputed
    write_log(data, entries)
    one(problems(data), f"history entry {entries[-1]['id']}", f'field "{side}"', words)


def test_an_entry_dated_more_than_a_day_ahead_of_the_clock_is_refused(data: Path) -> None:
    entries = read_log(data)
    newest = entries[-1]["at"]
    found = problems(data, now="2026-03-11T08:59:59Z")
    one(found, f"is dated {newest}, more than a day after this machine's clock (2026-03-11T08:59:59Z)")
    assert problems(data, now="2026-03-11T09:00:00Z") == []


def test_two_heads_are_an_unresolved_conflict(data: Path) -> None:
    entries = read_log(data)
    parent = entries[-1]
    fork = ids.with_id({**{k: v for k, v in parent.items() if k not in ("id",)}, "by": "other",
                        "before": parent["before"], "after": {**parent["after"], "summary": "Theirs."},
                        "parents": parent["parents"]})
    write_log(data, [*entries, fork])
    one(problems(data), 'd.json: commitments "PL/logistics": its history has 2 heads', "run pledge-tui conflicts")


def test_an_entry_that_breaks_the_chain(data: Path) -> None:
    entries = read_log(data)
    entry = copy.deepcopy(entries[-1])
    entry["before"]["summary"] = "Not what its parent left."
    entries[-1] = ids.with_id(entry)
    write_log(data, entries)
    one(problems(data), "its before is not the after of its parent")


def test_an_entry_twice_in_the_log_is_said_once(data: Path) -> None:
    entries = read_log(data)
    write_log(data, [*entries, entries[-1]])
    found = problems(data)
    assert found == [f'log: history entry {entries[-1]["id"]} (line {len(entries) + 1}), field "id": the same entry '
                     "is in the history twice"]
