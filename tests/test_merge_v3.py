"""Merges of schema-version-3 files (README "Team work"; dataset/merge_v3.py): the data file and its history
log, each through its own run of the driver and the same plan. The cases of issue 19, a property test of
random edits on two clones, and git end to end."""

from __future__ import annotations

import contextlib
import functools
import json
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pledge_tui.cli.main import main
from pledge_tui.dataset import edits, ids, log, rawio
from pledge_tui.dataset.merge import MergeError
from pledge_tui.dataset.merge_v3 import merge_data, merge_logs
from tests.clones import (
    OURS_AT,
    THEIRS_AT,
    Clone,
    add_event,
    add_source,
    branches,
    merged,
    proof_of,
    record,
    set_cell,
    source_titled,
    v3_clone,
)
from tests.common import CliRunner

# --- the cases of issue 19 ------------------------------------------------------------------------------


def test_both_sides_add_a_source_and_an_event_under_the_same_id_with_different_content() -> None:
    base, ours, theirs = branches()
    lithuania = add_source(ours, "LRT: Lithuania's contribution")
    set_cell(ours, "PL", "monitoring", "pledged", [lithuania])
    ours_event = add_event(ours, "Vilnius talks", [lithuania])
    latvia = add_source(theirs, "LSM: Latvia's monitoring offer")
    set_cell(theirs, "IT", "monitoring", "considering", [latvia], note="per LSM")
    theirs_event = add_event(theirs, "Riga talks", [latvia])
    assert lithuania == latvia == "S4" and ours_event == theirs_event == "E3", "the collision of issue 19"
    result = merged(base, ours, theirs)
    assert proof_of(result) == []
    assert source_titled(result, "LRT: Lithuania's contribution") == "S4", "ours keeps the id"
    assert source_titled(result, "LSM: Latvia's monitoring offer") == "S5", "theirs takes the next free one"
    assert record(result, "commitments", "IT/monitoring")["sources"] == ["S5"]  # type: ignore[index]
    assert record(result, "commitments", "PL/monitoring")["sources"] == ["S4"]  # type: ignore[index]
    assert record(result, "events", "E4")["title"] == "Riga talks"  # type: ignore[index]
    assert record(result, "events", "E4")["sources"] == ["S5"]  # type: ignore[index]
    assert record(result, "events", "E3")["title"] == "Vilnius talks"  # type: ignore[index]
    rewritten = [e for e in result.entries if "renumbered" in e]
    assert [(e["action"], e["key"], e["renumbered"]) for e in rewritten] == [
        ("add-source", "S5", {"sources": {"S5": "S4"}}), ("set", "IT/monitoring", {"sources": {"S5": "S4"}}),
        ("add-event", "E4", {"events": {"E4": "E3"}, "sources": {"S5": "S4"}})]
    theirs_ids = {e["id"] for e in theirs.entries}
    assert all(e["id"] in theirs_ids and ids.entry_id(e) == e["id"] for e in rewritten), "ids kept and verifiable"
    assert rewritten[1]["sources"] == ["S5"] and rewritten[1]["after"]["sources"] == ["S5"]


def test_both_sides_add_the_same_source_and_it_is_one_record() -> None:
    base, ours, theirs = branches()
    add_source(ours, "Same article")
    add_source(theirs, "Same article")
    result = merged(base, ours, theirs)
    assert proof_of(result) == []
    assert [d["id"] for d in result.tables["sources"].values()] == ["S1", "S2", "S3", "S4"]
    (join,) = [e for e in result.entries if e["action"] == "merge"]
    assert join["key"] == "S4" and join["by"] == "pledge-tui merge" and join["at"] == THEIRS_AT
    assert join["parents"] == sorted([ours.entries[-1]["id"], theirs.entries[-1]["id"]])
    head = next(h for h in result.tables["heads"].values() if h["key"] == "S4")
    assert head["entry"] == join["id"], "the data-file run computed the same join as the log run"


def test_both_sides_add_the_same_event_and_it_is_one_record() -> None:
    base, ours, theirs = branches()
    assert add_event(ours, "Paris summit", ["S1"]) == add_event(theirs, "Paris summit", ["S1"]) == "E3"
    result = merged(base, ours, theirs)
    assert proof_of(result) == []
    assert [d["id"] for d in result.tables["events"].values()] == ["E1", "E2", "E3"]
    (join,) = [e for e in result.entries if e["action"] == "merge"]
    assert join["key"] == "E3" and join["parents"] == sorted([ours.entries[-1]["id"], theirs.entries[-1]["id"]])


def test_an_entry_dated_in_the_future_that_merges_in_is_named_by_the_proof() -> None:
    """Issue 23 item 7's path: a clone whose clock runs a year ahead writes; the merge takes its entry
    cleanly, and the proof (validate, the hook) then names it rather than letting it stamp later writes."""
    from pledge_tui.dataset import proof

    base, ours, theirs = branches()
    set_cell(ours, "PL", "logistics", "pledged", ["S1"])
    theirs.at = "2027-03-11T09:00:30Z"  # a clock a year ahead
    set_cell(theirs, "PL", "air-patrol", "considering", ["S2"])
    result = merged(base, ours, theirs)
    found = proof.check(result.tables, list(enumerate(result.entries, 1)), now="2026-03-12T00:00:00Z",
                        sources_known={d["id"] for d in result.tables["sources"].values()})
    described = [p.describe("merged") for p in found.problems]
    (problem,) = described
    assert "is dated 2027-03-11T09:00:30Z, more than a day after this machine's clock (2026-03-12T00:00:00Z)" in problem
    assert theirs.entries[-1]["id"] in problem


def test_both_sides_add_the_same_member_id_differently_is_a_conflict_with_a_fork() -> None:
    base, ours, theirs = branches()
    ours.write(functools.partial(edits.add_member, member_id="NO", name="Norway", role="member", stance="Ours.",
                                 sources=["S1"]))
    theirs.write(functools.partial(edits.add_member, member_id="NO", name="Norway", role="member", stance="Theirs.",
                                   sources=["S2"]))
    data = merge_data(base.tables, ours.tables, theirs.tables)
    (conflict,) = data.plan.conflicts
    assert (conflict.table, conflict.key, conflict.base) == ("members", "NO", None)
    assert conflict.ours["stance"] == "Ours." and conflict.theirs["stance"] == "Theirs."  # type: ignore[index]
    assert conflict.ours_head is not None and conflict.ours_head.by == "ours"
    result = Clone(data.tables, merge_logs(base.entries, ours.entries, theirs.entries).entries)
    assert record(result, "members", "NO")["stance"] == "Ours."  # type: ignore[index]
    assert [p for p in proof_of(result) if "heads" in p] == [
        'merged: members "NO": its history has 2 heads (' + ", ".join(
            e["id"] for e in result.entries if e["key"] == "NO") + "): a merge conflict not resolved yet; run "
        "pledge-tui conflicts"]


def test_one_side_deletes_a_source_the_other_cites_is_refused_by_both_runs() -> None:
    base, ours, theirs = branches()
    added = add_source(base, "Soon gone")
    ours, theirs = base.copy(by="ours"), base.copy(by="theirs")
    ours.at, theirs.at = OURS_AT, THEIRS_AT
    ours.undo()  # removes the source
    set_cell(theirs, "PL", "monitoring", "pledged", [added])
    with pytest.raises(MergeError, match=r"would not be valid.*refers to source 'S4', which does not exist"):
        merge_data(base.tables, ours.tables, theirs.tables)
    with pytest.raises(MergeError, match=r"would not be valid.*refers to source 'S4', which does not exist"):
        merge_logs(base.entries, ours.entries, theirs.entries)


def test_both_sides_undo_the_same_entry() -> None:
    base, ours, theirs = branches()
    set_cell(base, "PL", "monitoring", "pledged", ["S1"])
    ours, theirs = base.copy(by="ours"), base.copy(by="theirs")
    ours.at, theirs.at = OURS_AT, THEIRS_AT
    ours.undo()
    theirs.undo()
    result = merged(base, ours, theirs)
    assert proof_of(result) == [] and record(result, "commitments", "PL/monitoring") is None
    (join,) = [e for e in result.entries if e["action"] == "merge"]
    assert join["after"] is None and join["parents"] == sorted([ours.entries[-1]["id"], theirs.entries[-1]["id"]])
    result.undo()  # the next undo moves on to the entry before
    assert result.entries[-1]["undoes"] == next(e["id"] for e in base.entries if e["action"] == "set")


def test_two_identical_edits_merged_then_undo_twice_is_never_stuck() -> None:
    base, ours, theirs = branches()
    set_cell(ours, "PL", "monitoring", "pledged", ["S1"], summary="Same.")
    set_cell(theirs, "PL", "monitoring", "pledged", ["S1"], summary="Same.")
    result = merged(base, ours, theirs)
    assert proof_of(result) == []
    result.undo()  # reverts the newest of the two identical edits
    assert record(result, "commitments", "PL/monitoring") is None
    result.undo()  # the other: already reverted, so recorded as undone without a change
    last = result.entries[-1]
    assert (last["action"] == "undo" and last["before"] == last["after"] is None) or last["before"] == last["after"]
    assert proof_of(result) == []


def test_changes_to_different_records_and_one_sided_changes() -> None:
    base, ours, theirs = branches()
    set_cell(ours, "IT", "training", "pledged", ["S1"])
    set_cell(theirs, "US", "backstop", "pledged", ["S2"])
    theirs.write(functools.partial(edits.edit_meta, as_of="2026-04", sources=["S1"]))
    result = merged(base, ours, theirs)
    assert proof_of(result) == []
    assert record(result, "commitments", "IT/training")["status"] == "pledged"  # type: ignore[index]
    assert record(result, "commitments", "US/backstop")["status"] == "pledged"  # type: ignore[index]
    assert result.tables["meta"]["1"]["as_of"] == "2026-04"
    assert not [e for e in result.entries if e["action"] == "merge"]
    for doc_id, doc in ours.tables["commitments"].items():  # ours keeps its document ids
        if (doc["member"], doc["type"]) != ("US", "backstop"):
            assert result.tables["commitments"][doc_id] == doc


def test_a_version_2_base_upgraded_on_both_sides() -> None:
    from tests.factories import raw_dataset_v2

    raw = raw_dataset_v2()
    ours, theirs = v3_clone(raw, at="2026-03-11T08:00:00Z", by="ours"), v3_clone(raw, at="2026-03-11T08:30:00Z",
                                                                                 by="theirs")
    ours.at, theirs.at = OURS_AT, THEIRS_AT
    set_cell(ours, "IT", "training", "pledged", ["S1"])
    set_cell(theirs, "PL", "logistics", "considering", ["S2"])
    data = merge_data(raw, ours.tables, theirs.tables)
    history = merge_logs([], ours.entries, theirs.entries)
    result = Clone(data.tables, history.entries)
    assert proof_of(result) == [] and not data.plan.conflicts and not data.plan.joins
    assert [e["by"] for e in result.entries if e["action"] == "upgrade"] == ["ours", "theirs"]


def test_mixed_versions_are_refused_in_one_line(cli: CliRunner, tmp_path: Path) -> None:
    from tests.factories import raw_dataset_v2

    base = v3_clone()
    paths = [tmp_path / name for name in ("base.json", "ours.json", "theirs.json")]
    paths[0].write_bytes(rawio.serialize(base.tables))
    paths[1].write_bytes(rawio.serialize(base.tables))
    paths[2].write_bytes(rawio.serialize(raw_dataset_v2()))
    before = paths[1].read_bytes()
    done = cli("merge", *map(str, paths))
    assert done.returncode == 1 and done.stderr == (
        "pledge-tui: error: cannot merge: OURS is schema version 3 and THEIRS version 2; upgrade THEIRS's clone first "
        "(any write command upgrades its file), commit, and merge again\n")
    assert paths[1].read_bytes() == before


# --- the driver, both runs, in either order --------------------------------------------------------------


def _drive(folder: Path, base: Clone, ours: Clone, theirs: Clone, order: str) -> Clone:
    """Write the three versions of both files, run the driver for each (data then log, or log then data), and
    read back OURS."""
    paths: dict[str, Path] = {}
    for name, clone in (("base", base), ("ours", ours), ("theirs", theirs)):
        paths[f"{name}.json"] = clone.save(folder / f"{name}.json")
        paths[f"{name}.log"] = Path(log.log_path(str(folder / f"{name}.json")))
    runs = {"data": [str(paths[f"{n}.json"]) for n in ("base", "ours", "theirs")],
            "log": [str(paths[f"{n}.log"]) for n in ("base", "ours", "theirs")]}
    with contextlib.chdir(folder):  # not inside a git repository: no conflict list is kept
        kinds = ("data", "log") if order == "data first" else ("log", "data")
        codes = [main(["merge", *runs[kind]]) for kind in kinds]
    assert all(code in (0, 1) for code in codes), codes
    entries = [json.loads(line) for line in paths["ours.log"].read_text(encoding="utf-8").splitlines()]
    return Clone(rawio.parse_json("ours", paths["ours.json"].read_bytes()), entries)


@pytest.mark.parametrize("order", ["data first", "log first"])
def test_the_driver_merges_both_files_in_either_order(tmp_path: Path, order: str,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    base, ours, theirs = branches()
    add_source(ours, "Ours")
    theirs_source = add_source(theirs, "Theirs")
    set_cell(theirs, "IT", "monitoring", "considering", [theirs_source])
    result = _drive(tmp_path, base, ours, theirs, order)
    assert proof_of(result) == []
    assert record(result, "commitments", "IT/monitoring")["sources"] == [source_titled(result, "Theirs")]  # type: ignore[index]
    said = capsys.readouterr().err
    assert ("pledge-tui: renumbered theirs's source S4 as S5 (both sides added S4 with different content; ours keeps "
            "S4); cited by commitments IT/monitoring") in said
    assert "pledge-tui: merged the history log: 2 entries from theirs (2 with renumbered ids), 0 merge entries" in said


def test_the_data_run_keeps_the_conflict_list_in_the_git_directory(tmp_path: Path) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    base, ours, theirs = branches()
    set_cell(ours, "PL", "logistics", "considering", ["S1"])
    set_cell(theirs, "PL", "logistics", "ruled-out", ["S2"])
    for name, clone in (("base", base), ("ours", ours), ("theirs", theirs)):
        (tmp_path / f"{name}.json").write_bytes(rawio.serialize(clone.tables))
    with contextlib.chdir(tmp_path):
        assert main(["merge", "base.json", "ours.json", "theirs.json"]) == 1
    (kept,) = json.loads((tmp_path / ".git" / "pledge-tui" / "conflicts.json").read_text(encoding="utf-8"))
    assert (kept["table"], kept["key"], kept["base"]["status"], kept["ours"]["status"], kept["theirs"]["status"]) == (
        "commitments", "PL/logistics", "pledged", "considering", "ruled-out")
    assert kept["ours_head"] == {"entry": ours.entries[-1]["id"], "by": "ours", "at": OURS_AT}
    assert kept["theirs_head"] == {"entry": theirs.entries[-1]["id"], "by": "theirs", "at": THEIRS_AT}


# --- the property: every citation points at the source its author added ----------------------------------

OURS_MEMBERS, THEIRS_MEMBERS = ("PL", "IT"), ("US", "EU")
TYPES = ("monitoring", "training", "air-patrol")
Op = tuple[str, int, int]
ops = st.lists(st.tuples(st.sampled_from(["add-source", "set", "add-event", "edit-event", "edit-own-event"]),
                         st.integers(0, 5), st.integers(0, 5)), max_size=8)


def _play(clone: Clone, who: str, members: tuple[str, ...], program: list[Op],
          intended: dict[tuple[str, str], str]) -> None:
    """Run `program` on `clone`; `intended` gets, per record written, the title of the source its author meant."""
    titles: list[str] = []
    events: list[str] = []
    for n, (op, a, b) in enumerate(program):
        clone.at = f"2026-03-11T09:{10 + n:02d}:{0 if who == 'ours' else 30:02d}Z"
        if op == "add-source" or not titles:
            titles.append(f"{who} {n}")
            add_source(clone, titles[-1])
            if op == "add-source":
                continue
        title = titles[a % len(titles)]
        cited = [source_titled(clone, title)]
        if op == "set":
            member, type_ = members[a % 2], TYPES[b % 3]
            key = f"{member}/{type_}"
            set_cell(clone, member, type_, ("pledged", "considering")[b % 2], cited)
            intended[("commitments", key)] = title
        elif op == "add-event" or not events:
            events.append(add_event(clone, f"{who} event {n}", cited))
            intended[("events", f"{who} event {n}")] = title
        elif op in ("edit-event", "edit-own-event"):
            event = events[b % len(events)]
            clone.write(functools.partial(edits.edit_event, event=event, summary=f"{who} edit {n}", sources=cited))
            intended[("event-cites", f"{event}:{who}")] = title


def _check_citations(result: Clone, intended: dict[str, dict[tuple[str, str], str]]) -> None:
    titles = {d["id"]: d["title"] for d in result.tables["sources"].values()}
    for who, wanted in intended.items():
        for (table, key), title in wanted.items():
            if table == "commitments":
                doc = record(result, "commitments", key)
                assert doc is not None and title in {titles[s] for s in doc["sources"]}, (who, key, title)
            elif table == "events":
                (doc,) = [d for d in result.tables["events"].values() if d["title"] == key]
                assert title in {titles[s] for s in doc["sources"]}, (who, key, title)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ops, ops, st.sampled_from(["data first", "log first"]), st.booleans())
def test_random_edits_on_two_clones_always_cite_what_their_author_added(ours_ops: list[Op], theirs_ops: list[Op],
                                                                        order: str, swapped: bool) -> None:
    """Either clone may be the one that pulls (`swapped`: the second analyst merges the first's work)."""
    base, ours, theirs = branches()
    intended: dict[str, dict[tuple[str, str], str]] = {"ours": {}, "theirs": {}}
    _play(ours, "ours", OURS_MEMBERS, ours_ops, intended["ours"])
    _play(theirs, "theirs", THEIRS_MEMBERS, theirs_ops, intended["theirs"])
    if swapped:
        ours, theirs = theirs, ours
    result = merged(base, ours, theirs)
    assert proof_of(result) == []
    _check_citations(result, intended)
    with tempfile.TemporaryDirectory() as folder:
        driven = _drive(Path(folder), base, ours, theirs, order)
    assert rawio.serialize(driven.tables) == rawio.serialize(result.tables)
    assert driven.entries == result.entries, "the driver's two runs give what the plan gives, in any order"


# --- git, end to end -------------------------------------------------------------------------------------

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def _git(repo: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.org", "HOME": str(repo.parent), "GIT_CONFIG_NOSYSTEM": "1"}
    env.pop("PLEDGE_TUI_DEBUG", None)
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, check=check, env=env)


@needs_git
def test_two_clones_each_add_a_source_and_cite_it_and_git_pull_keeps_every_citation(tmp_path: Path,
                                                                                   cli: CliRunner) -> None:
    """Issue 19's first case, end to end: two analysts, two clones, `git pull` through the driver for both
    files; each record cites the source its own author added, and the merged files validate."""
    origin = tmp_path / "origin.git"
    _git(tmp_path, "init", "-q", "--bare", "-b", "main", str(origin))
    seed = tmp_path / "seed"
    _git(tmp_path, "clone", "-q", str(origin), str(seed))
    (seed / "data").mkdir()
    assert cli("init", str(seed / "data" / "commitments.json"), cwd=seed).returncode == 0
    _git(seed, "add", "-A")
    _git(seed, "commit", "-qm", "the data")
    _git(seed, "push", "-q", "origin", "main")
    clones = {}
    for who in ("ann", "bob"):
        clones[who] = tmp_path / who
        _git(tmp_path, "clone", "-q", str(origin), str(clones[who]))
        done = cli("setup-git", cwd=clones[who])
        assert done.returncode == 0, done.stderr
        _git(clones[who], "add", "-A")
        _git(clones[who], "commit", "-qm", "merge by record")

    def write(who: str, epoch: int, *command: str) -> str:
        done = cli("--data", "data/commitments.json", *command, cwd=clones[who],
                   env={"SOURCE_DATE_EPOCH": str(epoch), "PLEDGE_TUI_USER": who})
        assert done.returncode == 0, done.stderr
        return done.stdout.strip()

    ann_source = write("ann", 1796000000, "add-source", "--publisher", "LRT", "--title", "Lithuania's offer",
                       "--date", "2026-11", "--url", "", "--tier", "B")
    write("ann", 1796000001, "set", "LT", "monitoring", "pledged", "--source", ann_source, "--summary", "Lithuania.")
    bob_source = write("bob", 1796000010, "add-source", "--publisher", "LSM", "--title", "Latvia's offer",
                       "--date", "2026-11", "--url", "", "--tier", "B")
    write("bob", 1796000011, "set", "LV", "monitoring", "pledged", "--source", bob_source, "--summary", "Latvia.")
    assert ann_source == bob_source, "both analysts got the same new id"
    for who in ("ann", "bob"):
        _git(clones[who], "commit", "-qam", f"{who}'s source")
    _git(clones["ann"], "push", "-q", "origin", "HEAD:main")
    pulled = _git(clones["bob"], "pull", "-q", "--no-rebase", "--no-edit", "origin", "main", check=False)
    assert pulled.returncode == 0, pulled.stdout + pulled.stderr
    said = pulled.stdout + pulled.stderr
    renumbered = rf"renumbered theirs's source {ann_source} as S\d+ .*cited by commitments LT/monitoring"
    assert re.search(renumbered, said), said
    data = clones["bob"] / "data" / "commitments.json"
    validated = cli("validate", "data/commitments.json", cwd=clones["bob"])
    assert validated.returncode == 0, validated.stderr
    merged_raw = json.loads(data.read_text(encoding="utf-8"))
    titles = {d["id"]: d["title"] for d in merged_raw["sources"].values()}
    cells = {f"{d['member']}/{d['type']}": d for d in merged_raw["commitments"].values()}
    assert [titles[s] for s in cells["LV/monitoring"]["sources"]] == ["Latvia's offer"]
    assert [titles[s] for s in cells["LT/monitoring"]["sources"]] == ["Lithuania's offer"]
    assert _git(clones["bob"], "status", "--porcelain").stdout == ""
    _git(clones["bob"], "push", "-q", "origin", "HEAD:main")
    assert _git(clones["ann"], "pull", "-q", "--no-rebase", "--no-edit", "origin", "main").returncode == 0
    assert (clones["ann"] / "data" / "commitments.json").read_bytes() == data.read_bytes()


@needs_git
def test_the_hook_refuses_a_commit_whose_history_was_tampered_with(tmp_path: Path, cli: CliRunner) -> None:
    repo = tmp_path / "repo"
    (repo / "data").mkdir(parents=True)
    _git(tmp_path, "init", "-q", "-b", "main", str(repo))
    assert cli("init", str(repo / "data" / "commitments.json")).returncode == 0
    assert cli("setup-git", cwd=repo).returncode == 0
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "the data")
    history = repo / "data" / "commitments.history.jsonl"
    lines = history.read_bytes().splitlines(keepends=True)
    deleted = json.loads(lines[-5])
    history.write_bytes(b"".join(lines[:-5] + lines[-4:]))  # one entry deleted from the log alone
    _git(repo, "add", "-A")
    refused = _git(repo, "commit", "-qm", "tampered", check=False)
    assert refused.returncode != 0 and "commit refused" in refused.stderr
    assert f"names {deleted['id']}, which is not in the history log (a deleted entry?)" in refused.stderr
    _git(repo, "checkout", "-q", "HEAD", "--", ".")
    assert cli("--data", "data/commitments.json", "set", "PL", "air-patrol", "pledged", "--source", "S24",
               "--summary", "x", cwd=repo, env={"PLEDGE_TUI_USER": "ann"}).returncode == 0
    _git(repo, "commit", "-qam", "a real change")  # the hook lets a valid change through


def test_an_older_entry_from_a_third_branch_never_sends_the_log_back_in_time() -> None:
    """OURS merged a branch whose entry is older than OURS's own; THEIRS branched before that merge. The merged
    log keeps time order (the older entry goes in among the base's), so the merge commit passes the hook."""
    root = v3_clone()
    early = root.copy(by="early")
    early.at = "2026-03-11T05:00:00Z"
    set_cell(early, "IT", "training", "pledged", ["S1"])
    ours = root.copy(by="ours")
    ours.at = "2026-03-11T06:00:00Z"
    set_cell(ours, "PL", "monitoring", "pledged", ["S1"])
    branched = ours.copy(by="theirs")
    branched.at = "2026-03-11T07:00:00Z"
    set_cell(branched, "US", "backstop", "pledged", ["S2"])
    ours_after = merged(root, ours, early)
    result = merged(ours, ours_after, branched)
    assert proof_of(result) == []
    times = [e["at"] for e in result.entries]
    assert times == sorted(times)
