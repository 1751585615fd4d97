"""`conflicts` and `resolve` (README "Team work", issue 19 item 5): the conflicts of a merge are the forks of the
history log, described by the list the driver keeps in the git directory when it knows them; `resolve KEY
--ours|--theirs` joins the two heads with one `resolve` entry through the write path, and the data then proves."""

from __future__ import annotations

import functools
import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pledge_tui.dataset import edits
from pledge_tui.dataset.commit import ReadsLog
from pledge_tui.dataset.forks import forks, open_conflicts
from pledge_tui.dataset.merge_v3 import merge_data
from pledge_tui.errors import UsageError
from pledge_tui.formats.conflicts import render_table
from tests.clones import THEIRS_AT, Clone, branches, merged, proof_of, record, set_cell
from tests.common import CliRunner
from tests.git_repos import needs_git

Entry = dict[str, Any]


def conflicting() -> tuple[Clone, Clone, Clone, Clone]:
    """Base, ours, theirs and their merge: PL/logistics changed differently on both sides."""
    base, ours, theirs = branches()
    set_cell(ours, "PL", "logistics", "considering", ["S1"], note="ours")
    set_cell(theirs, "PL", "logistics", "ruled-out", ["S2"], note="theirs")
    return base, ours, theirs, merged(base, ours, theirs)


def resolve(clone: Clone, key: str, side: str, table: str = "commitments") -> Entry:
    def run(tables: Any, entries: Any) -> Any:
        return edits.resolve(tables, entries, table=table, key=key, side=side, note="checked")

    clone.write(ReadsLog(run), at="2026-03-12T09:00:00Z")
    return clone.entries[-1]


# --- the forks of the log ----------------------------------------------------------------------------------


def test_a_conflict_is_a_fork_whose_sides_are_the_files_head_and_the_other() -> None:
    base, ours, theirs, result = conflicting()
    (fork,) = forks(result.tables, result.entries)
    assert (fork.table, fork.key) == ("commitments", "PL/logistics")
    assert fork.ours["id"] == ours.entries[-1]["id"] and fork.theirs[0]["id"] == theirs.entries[-1]["id"]
    base_head = next(e for e in reversed(base.entries) if e["key"] == "PL/logistics")
    assert fork.base is not None and fork.base["id"] == base_head["id"]


def test_without_the_list_the_log_describes_it_with_each_sides_entry() -> None:
    _, ours, theirs, result = conflicting()
    (found,) = open_conflicts(result.tables, result.entries)
    conflict = found.conflict
    assert not found.listed and found.heads == 2
    assert (conflict.base or {})["status"] == "pledged"
    assert (conflict.ours or {})["status"] == "considering" and (conflict.theirs or {})["status"] == "ruled-out"
    assert conflict.ours_head is not None and conflict.theirs_head is not None
    assert (conflict.ours_head.entry, conflict.ours_head.by) == (ours.entries[-1]["id"], "ours")
    assert (conflict.theirs_head.entry, conflict.theirs_head.by, conflict.theirs_head.at) == (
        theirs.entries[-1]["id"], "theirs", THEIRS_AT)


def test_the_list_describes_a_fork_it_knows_and_a_resolved_one_is_not_listed() -> None:
    base, ours, theirs, result = conflicting()
    kept = [c.as_json() for c in merge_data(base.tables, ours.tables, theirs.tables).plan.conflicts]
    kept[0]["base"] = {**kept[0]["base"], "summary": "As the merge saw it."}
    stale = {**kept[0], "key": "IT/training"}  # a conflict of another merge: IT/training has no fork
    (found,) = open_conflicts(result.tables, result.entries, [*kept, stale, "junk", {"table": 3}])
    assert found.listed and (found.conflict.base or {})["summary"] == "As the merge saw it."
    resolve(result, "PL/logistics", "ours")
    assert open_conflicts(result.tables, result.entries, kept) == []


def test_a_list_whose_sides_do_not_match_the_file_is_not_trusted() -> None:
    base, ours, theirs, result = conflicting()
    kept = [c.as_json() for c in merge_data(base.tables, ours.tables, theirs.tables).plan.conflicts]
    kept[0]["ours_head"], kept[0]["theirs_head"] = kept[0]["theirs_head"], kept[0]["ours_head"]
    (found,) = open_conflicts(result.tables, result.entries, kept)
    assert not found.listed and (found.conflict.ours or {})["status"] == "considering"


def test_the_table_names_each_side_with_its_entry_who_and_when() -> None:
    _, ours, theirs, result = conflicting()
    text = render_table(open_conflicts(result.tables, result.entries))
    lines = text.splitlines()
    assert lines[0] == "commitments PL/logistics: changed differently on both sides (the file holds ours)"
    assert [line[:10] for line in lines[1:6]] == ["  base:   ", "  ours:   ", "          ", "  theirs: ", "          "]
    assert 'status="pledged"' in lines[1] and 'status="considering"' in lines[2] and 'status="ruled-out"' in lines[4]
    assert f"history entry {ours.entries[-1]['id']} by ours at 2026-03-11 09:00 UTC" in text
    assert f"history entry {theirs.entries[-1]['id']} by theirs at 2026-03-11 09:00 UTC" in text
    assert "  resolve: pledge-tui resolve PL/logistics --ours (or --theirs)" in text
    assert text.endswith("\n1 conflict\n")
    assert render_table([]) == "no conflicts\n"


# --- resolve ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("side", "status", "sources"), [("theirs", "ruled-out", ["S2"]),
                                                         ("ours", "considering", ["S1"])])
def test_resolve_joins_the_two_heads_with_the_chosen_record(side: str, status: str, sources: list[str]) -> None:
    _, ours, theirs, result = conflicting()
    entry = resolve(result, "PL/logistics", side)
    assert (entry["action"], entry["before"], entry["sources"], entry["note"]) == ("resolve", None, sources, "checked")
    assert entry["parents"] == [ours.entries[-1]["id"], theirs.entries[-1]["id"]], "the file's head, then the other"
    assert entry["after"]["status"] == status == (record(result, "commitments", "PL/logistics") or {})["status"]
    assert proof_of(result) == []
    assert forks(result.tables, result.entries) == []


def test_a_record_removed_on_one_side_is_resolved_by_removing_it_or_keeping_the_other() -> None:
    base, ours, theirs = branches()
    ours.write(functools.partial(edits.unset_commitment, member="PL", type_="logistics", sources=["S1"], note="gone"))
    set_cell(theirs, "PL", "logistics", "ruled-out", ["S2"])
    for side, kept in (("ours", None), ("theirs", "ruled-out")):
        result = merged(base, ours, theirs)
        entry = resolve(result, "PL/logistics", side)
        assert (entry["after"] or {}).get("status") == kept
        assert (record(result, "commitments", "PL/logistics") or {}).get("status") == kept
        assert proof_of(result) == []


def test_resolve_without_a_fork_is_a_usage_error() -> None:
    _, _, _, result = conflicting()
    with pytest.raises(UsageError, match=r"commitments 'IT/training' has no conflict to resolve"):
        resolve(result, "IT/training", "ours")


def test_three_heads_are_not_resolved_by_taking_one_side() -> None:
    base, ours, theirs = branches()
    other = base.copy(by="other")
    for clone, status in ((ours, "considering"), (theirs, "ruled-out"), (other, "conditional")):
        set_cell(clone, "PL", "logistics", status, ["S1"], conditions=["ceasefire"] if status == "conditional" else [])
    first = merged(base, ours, theirs)
    again = merged(base, first, other)
    (fork,) = forks(again.tables, again.entries)
    assert len(fork.theirs) == 2
    with pytest.raises(UsageError, match="has 3 heads"):
        resolve(again, "PL/logistics", "theirs")


MEMBERS, TYPES = ("PL", "IT", "US"), ("monitoring", "logistics", "training")
STATUSES = ("pledged", "considering", "ruled-out", None)
cells = st.lists(st.tuples(st.sampled_from(MEMBERS), st.sampled_from(TYPES), st.sampled_from(STATUSES),
                           st.sampled_from(STATUSES)), max_size=6, unique_by=lambda c: c[:2])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cells, st.lists(st.sampled_from(["ours", "theirs"]), min_size=6, max_size=6))
def test_resolving_every_conflict_by_either_side_leaves_data_that_proves(
        changes: list[tuple[str, str, str | None, str | None]], sides: list[str]) -> None:
    """Whatever both sides changed, every fork is a listed conflict, and resolving each by either side leaves no
    fork, the chosen side's record, and data that proves."""
    base, ours, theirs = branches()
    for member, type_, mine, yours in changes:
        for clone, status in ((ours, mine), (theirs, yours)):
            if status is not None:
                set_cell(clone, member, type_, status, ["S1"], summary=f"{clone.by}.")
    result = merged(base, ours, theirs)
    found = open_conflicts(result.tables, result.entries)
    assert {(c.conflict.table, c.conflict.key) for c in found} == {(f.table, f.key) for f in forks(result.tables,
                                                                                                      result.entries)}
    for item, side in zip(found, sides, strict=False):
        conflict = item.conflict
        resolve(result, conflict.key, side)
        assert record(result, "commitments", conflict.key) == (conflict.ours if side == "ours" else conflict.theirs)
    assert forks(result.tables, result.entries) == [] and proof_of(result) == []


# --- on the command line, outside git ------------------------------------------------------------------------


@pytest.fixture
def forked(tmp_path: Path) -> tuple[Path, Clone, Clone]:
    """A merged data file with its log, in a folder outside git: PL/logistics and member IT in conflict."""
    base, ours, theirs = branches()
    set_cell(ours, "PL", "logistics", "considering", ["S1"])
    set_cell(theirs, "PL", "logistics", "ruled-out", ["S2"])
    ours.write(functools.partial(edits.edit_member, member="IT", stance="Ours.", sources=["S1"]))
    theirs.write(functools.partial(edits.edit_member, member="IT", stance="Theirs.", sources=["S3"]))
    return merged(base, ours, theirs).save(tmp_path / "d.json"), ours, theirs


def test_conflicts_lists_every_open_conflict_from_the_log(cli: CliRunner, forked: tuple[Path, Clone, Clone]) -> None:
    data, ours, theirs = forked
    done = cli("--data", str(data), "conflicts")
    assert done.returncode == 0, done.stderr
    assert "members IT: changed differently on both sides (the file holds ours)" in done.stdout
    assert 'stance="Ours."' in done.stdout and 'stance="Theirs."' in done.stdout
    assert f"history entry {theirs.entries[-1]['id']} by theirs at 2026-03-11 09:00 UTC" in done.stdout
    assert '  resolve: pledge-tui resolve "members IT" --ours (or --theirs)' in done.stdout
    assert done.stdout.endswith("\n2 conflicts\n")
    listed = json.loads(cli("--data", str(data), "conflicts", "--format", "json").stdout)
    assert [(c["table"], c["key"], c["resolve_key"], c["listed"]) for c in listed] == [
        ("members", "IT", "members IT", False), ("commitments", "PL/logistics", "PL/logistics", False)]
    assert listed[1]["ours_head"] == {"entry": ours.entries[-2]["id"], "by": "ours", "at": "2026-03-11T09:00:00Z"}
    assert listed[1]["theirs"]["status"] == "ruled-out"


def test_resolve_on_the_command_line_then_validate_passes(cli: CliRunner, forked: tuple[Path, Clone, Clone]) -> None:
    data, _, theirs = forked
    assert cli("validate", str(data)).returncode == 1, "two forks: not valid yet"
    done = cli("--data", str(data), "resolve", "PL/logistics", "--theirs", "--by", "cy", "--note", "per S2")
    assert done.returncode == 0, done.stderr
    assert done.stderr.startswith("pledge-tui: resolve commitments PL/logistics: kept theirs's version (history "
                                  "entry h")
    done = cli("--data", str(data), "resolve", "IT", "--ours")  # a bare id: the one open conflict that has it
    assert done.returncode == 0, done.stderr
    assert cli("--data", str(data), "conflicts").stdout == "no conflicts\n"
    assert cli("validate", str(data)).returncode == 0
    raw = json.loads(data.read_text(encoding="utf-8"))
    cells = {f"{d['member']}/{d['type']}": d for d in raw["commitments"].values()}
    assert cells["PL/logistics"]["status"] == "ruled-out"
    logged = [json.loads(line) for line in data.with_name("d.history.jsonl").read_text(encoding="utf-8").splitlines()]
    resolved = [e for e in logged if e["action"] == "resolve"]
    assert [(e["key"], e["by"], e["sources"]) for e in resolved] == [
        ("PL/logistics", "cy", theirs.entries[-2]["sources"]), ("IT", resolved[1]["by"], ["S1"])]


@pytest.mark.parametrize(("argv", "words"), [
    (["resolve", "PL/logistics"], "one of the arguments --ours --theirs is required"),
    (["resolve", "PL/logistics", "--ours", "--theirs"], "not allowed with argument"),
    (["resolve", "IT/training", "--ours"], "commitments 'IT/training' has no conflict to resolve"),
    (["resolve", "XX", "--ours"], "no conflict on 'XX' (open conflicts: members IT, commitments PL/logistics)"),
    (["resolve", "planets", "PL", "--ours"], "'planets' is not a table; expected one of meta, members"),
    (["resolve", "members", "PL", "--theirs"], "members 'PL' has no conflict to resolve"),
])
def test_a_key_without_a_conflict_is_a_usage_error_and_nothing_is_written(
        cli: CliRunner, forked: tuple[Path, Clone, Clone], argv: list[str], words: str) -> None:
    data, _, _ = forked
    before = data.read_bytes(), data.with_name("d.history.jsonl").read_bytes()
    done = cli("--data", str(data), *argv)
    assert done.returncode == 2 and words in done.stderr, done.stderr
    assert "Traceback" not in done.stderr
    assert (data.read_bytes(), data.with_name("d.history.jsonl").read_bytes()) == before


def test_no_conflicts(cli: CliRunner, tmp_path: Path) -> None:
    data = branches()[0].save(tmp_path / "d.json")
    assert cli("--data", str(data), "conflicts").stdout == "no conflicts\n"
    assert cli("--data", str(data), "conflicts", "--format", "json").stdout == "[]\n"
    assert cli("--data", "-", "conflicts").returncode == 2


# --- with the list in the git directory ------------------------------------------------------------------------


@needs_git
def test_the_list_in_the_git_directory_describes_and_loses_what_is_resolved(
        cli: CliRunner, tmp_path: Path) -> None:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    base, ours, theirs, result = conflicting()
    data = result.save(tmp_path / "d.json")
    kept = [c.as_json() for c in merge_data(base.tables, ours.tables, theirs.tables).plan.conflicts]
    kept.append({**kept[0], "key": "US/backstop"})  # stale: no fork, never listed
    folder = tmp_path / ".git" / "pledge-tui"
    folder.mkdir()
    (folder / "conflicts.json").write_text(json.dumps(kept), encoding="utf-8")
    listed = json.loads(cli("--data", str(data), "conflicts", "--format", "json", cwd=tmp_path).stdout)
    assert [(c["key"], c["listed"]) for c in listed] == [("PL/logistics", True)]
    assert cli("--data", str(data), "resolve", "PL/logistics", "--ours", cwd=tmp_path).returncode == 0
    assert [c["key"] for c in json.loads((folder / "conflicts.json").read_text(encoding="utf-8"))] == ["US/backstop"]
    (folder / "conflicts.json").write_text("{ not json", encoding="utf-8")
    done = cli("--data", str(data), "conflicts", cwd=tmp_path)
    assert done.returncode == 0 and done.stdout == "no conflicts\n"
    assert "the conflict list cannot be read" in done.stderr


def test_a_write_after_a_conflicting_merge_is_never_dated_before_the_logs_last_line(tmp_path: Path) -> None:
    """After a conflict, the other side's head (not named by the `heads` table) can be the log's newest entry;
    a writer whose clock is behind is dated at that entry's time, not before it, so the log stays in time order."""
    from pledge_tui.dataset.commit import commit

    *_, both = conflicting()
    path = both.save(tmp_path / "merged.json")
    newest = both.entries[-1]["at"]
    assert newest > max(h["at"] for h in both.tables["heads"].values())  # theirs's head is the newest
    done = commit(str(path), functools.partial(edits.set_commitment, member="IT", type_="training",
                                               status="considering", sources=["S1"], today="2026-03-01",
                                               summary="Behind."), by="late", at="2026-03-01T00:00:00Z")
    assert done.at == newest and done.clock_behind is not None
    lines = Path(f"{str(path)[:-5]}.history.jsonl").read_text(encoding="utf-8").splitlines()
    times = [json.loads(line)["at"] for line in lines]
    assert times == sorted(times)
