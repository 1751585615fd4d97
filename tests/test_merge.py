"""Merging data files by record (dataset/merge.py), the `merge` driver command, and `setup-git`; then
real `git merge`s in a temporary repository through the driver."""

from __future__ import annotations

import copy
import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from pledge_tui.dataset.merge import MergeError, merge, merge_and_validate
from tests import factories as F
from tests.clones import read_log
from tests.common import CliRunner
from tests.history_factory import Editor

Raw = dict[str, Any]


def _branches() -> tuple[Editor, Editor, Editor]:
    """A base with one entry, and two editors starting from it (theirs a minute later)."""
    base = Editor()
    base.set("PL", "air-patrol", status="considering", at="2026-03-10T09:00:00Z")
    ours = Editor(copy.deepcopy(base.raw), start="2026-03-11T09:00:00Z", by="ours")
    theirs = Editor(copy.deepcopy(base.raw), start="2026-03-11T09:00:30Z", by="theirs")
    return base, ours, theirs


def _records(raw: Raw, table: str) -> dict[str, Any]:
    from pledge_tui.dataset.model import natural_key

    return {natural_key(table, doc): doc for doc in raw[table].values()}


def test_changes_to_different_records_both_arrive_and_history_is_in_time_order() -> None:
    base, ours, theirs = _branches()
    ours.set("IT", "training", status="pledged")
    ours.add_source("S4")
    theirs.set("US", "backstop", status="pledged")
    theirs.add_member("NO", "Norway")
    theirs.set("NO", "naval-demining", status="considering")
    result = merge_and_validate(base.raw, ours.raw, theirs.raw)
    assert result.conflicts == ()
    cells = _records(result.tables, "commitments")
    assert cells["IT/training"]["status"] == "pledged" and cells["US/backstop"]["status"] == "pledged"
    assert "NO/naval-demining" in cells and "NO" in _records(result.tables, "members")
    assert "S4" in _records(result.tables, "sources")
    history = [result.tables["history"][str(i)] for i in range(1, 7)]
    assert len(result.tables["history"]) == 6
    assert [h["at"] for h in history] == sorted(h["at"] for h in history)
    assert [(h["by"], h["key"]) for h in history] == [
        ("analyst", "PL/air-patrol"), ("ours", "IT/training"), ("ours", "S4"), ("theirs", "US/backstop"),
        ("theirs", "NO"), ("theirs", "NO/naval-demining")]
    assert (result.taken_from_theirs, result.history_added) == (3, 3)


def test_ours_keeps_its_document_ids() -> None:
    base, ours, theirs = _branches()
    ours.set("IT", "training", status="pledged")
    theirs.set("PL", "ground-forces", status="pledged")
    theirs.set("PL", "command", status="pledged")
    result = merge(base.raw, ours.raw, theirs.raw)
    for doc_id, doc in ours.raw["commitments"].items():
        if (doc["member"], doc["type"]) != ("PL", "ground-forces"):
            assert result.tables["commitments"][doc_id] == doc
    new_id = max(int(i) for i in ours.raw["commitments"]) + 1
    assert result.tables["commitments"][str(new_id)]["type"] == "command"


def test_the_same_change_on_both_sides_is_no_conflict() -> None:
    base, ours, theirs = _branches()
    ours.set("IT", "training", status="pledged", conditions=[])
    theirs.set("IT", "training", status="pledged", conditions=[])
    result = merge_and_validate(base.raw, ours.raw, theirs.raw)
    assert result.conflicts == () and len(result.tables["history"]) == 3  # both entries kept


def test_a_record_changed_differently_is_a_conflict_and_ours_is_kept() -> None:
    base, ours, theirs = _branches()
    ours.set("PL", "air-patrol", status="pledged")
    theirs.set("PL", "air-patrol", status="ruled-out", summary="No.")
    theirs.set("US", "backstop", status="pledged")
    result = merge_and_validate(base.raw, ours.raw, theirs.raw)
    assert [(c.table, c.key) for c in result.conflicts] == [("commitments", "PL/air-patrol")]
    conflict = result.conflicts[0]
    assert conflict.base is not None and conflict.ours is not None and conflict.theirs is not None
    assert (conflict.base["status"], conflict.ours["status"], conflict.theirs["status"]) == (
        "considering", "pledged", "ruled-out")
    cells = _records(result.tables, "commitments")
    assert cells["PL/air-patrol"]["status"] == "pledged" and cells["US/backstop"]["status"] == "pledged"
    assert len(result.tables["history"]) == 4


def test_removed_on_one_side_changed_on_the_other_is_a_conflict() -> None:
    base, ours, theirs = _branches()
    ours.unset("PL", "air-patrol")
    theirs.set("PL", "air-patrol", status="pledged")
    result = merge_and_validate(base.raw, ours.raw, theirs.raw)
    assert [(c.key, c.ours, c.theirs is not None) for c in result.conflicts] == [("PL/air-patrol", None, True)]
    assert "PL/air-patrol" not in _records(result.tables, "commitments")


def test_undo_references_follow_the_renumbering() -> None:
    base, ours, theirs = _branches()
    ours.set("IT", "training", status="pledged", at="2026-03-11T10:00:00Z")
    first = theirs.set("US", "backstop", status="pledged", at="2026-03-11T09:30:00Z")
    theirs.set("US", "air-patrol", status="pledged", at="2026-03-11T09:45:00Z")
    theirs.undo(first, note="wrong")  # theirs numbers: 2, 3 undone by 4 -> merged: 2, 3, 4(IT?) ...
    result = merge_and_validate(base.raw, ours.raw, theirs.raw)
    history = result.tables["history"]
    undo = next(h for h in history.values() if h["action"] == "undo")
    target = history[str(undo["undoes"])]
    assert (target["key"], target["by"]) == ("US/backstop", "theirs")
    assert _records(result.tables, "commitments")["US/backstop"]["status"] == "conditional"


def test_entries_both_sides_have_are_kept_once() -> None:
    """After an earlier merge, OURS holds THEIRS's old entries renumbered: still one entry each."""
    base, ours, theirs = _branches()
    ours.set("IT", "training", status="pledged")
    theirs.set("US", "backstop", status="pledged")
    first = merge_and_validate(base.raw, ours.raw, theirs.raw)
    later_theirs = Editor(copy.deepcopy(theirs.raw), start="2026-03-12T09:00:00Z", by="theirs")
    later_theirs.set("US", "air-patrol", status="pledged")
    second = merge_and_validate(theirs.raw, first.tables, later_theirs.raw)
    assert len(second.tables["history"]) == 4 and second.conflicts == ()


def test_both_sides_undoing_the_same_entry_cannot_be_merged() -> None:
    base, ours, theirs = _branches()
    ours.undo(1)
    theirs.undo(1)
    with pytest.raises(MergeError, match="would not be valid"):
        merge_and_validate(base.raw, ours.raw, theirs.raw)


def test_version_1_base_upgraded_on_both_sides_keeps_both_upgrades() -> None:
    base = F.raw_dataset()
    sides = []
    for start, by in (("2026-03-11T09:00:00Z", "ours"), ("2026-03-11T09:00:30Z", "theirs")):
        ed = Editor(_upgrade(base, start), start=start, by=by)
        ed.set("PL" if by == "ours" else "US", "monitoring", status="considering")
        sides.append(ed.raw)
    result = merge_and_validate(base, sides[0], sides[1])
    actions = [result.tables["history"][str(i)]["action"] for i in range(1, len(result.tables["history"]) + 1)]
    assert actions == ["upgrade", "set", "upgrade", "set"]
    assert {e["id"] for e in result.tables["events"].values()} == {"E1", "E2"}


def _upgrade(raw: Raw, at: str) -> Raw:
    upgraded = copy.deepcopy(raw)
    upgraded["meta"]["1"]["schema_version"] = 2
    for doc_id, doc in upgraded["events"].items():
        doc["id"] = f"E{doc_id}"
    upgraded["history"] = {"1": {"at": at, "by": "x", "action": "upgrade", "table": "meta", "key": "meta",
                                 "before": None, "after": None, "sources": [], "note": "schema version 1 -> 2"}}
    return upgraded


def test_version_1_files_merge_as_version_1() -> None:
    base = F.raw_dataset()
    ours, theirs = copy.deepcopy(base), copy.deepcopy(base)
    ours["events"]["3"] = F.event(title="Ours")
    theirs["events"]["3"] = F.event(title="Theirs")
    result = merge_and_validate(base, ours, theirs)
    assert result.conflicts == () and "history" not in result.tables
    assert sorted(e["title"] for e in result.tables["events"].values()) == ["Ours", "Paris Declaration",
                                                                            "Paris summit", "Theirs"]


def test_no_common_ancestor() -> None:
    _, ours, theirs = _branches()
    result = merge_and_validate({}, ours.raw, theirs.raw)
    assert result.conflicts == ()


# --- the command ----------------------------------------------------------------------------------


def _files(tmp_path: Path, base: Raw, ours: Raw, theirs: Raw) -> tuple[Path, Path, Path]:
    return (F.write(tmp_path / "base.json", base), F.write(tmp_path / "ours.json", ours),
            F.write(tmp_path / "theirs.json", theirs))


def test_merge_command_writes_ours_and_reports_conflicts(cli: CliRunner, tmp_path: Path) -> None:
    base, ours, theirs = _branches()
    ours.set("PL", "air-patrol", status="pledged", summary="Ours \x1b[31m says")
    theirs.set("PL", "air-patrol", status="ruled-out")
    theirs.set("US", "backstop", status="pledged")
    b, o, t = _files(tmp_path, base.raw, ours.raw, theirs.raw)
    done = cli("merge", str(b), str(o), str(t))
    assert done.returncode == 1, done.stderr
    assert done.stderr.splitlines()[:4] == [
        'pledge-tui: conflict: commitments PL/air-patrol was changed differently on both sides; kept ours',
        '  base:   status="considering" summary="PL/air-patrol summary."',
        '  ours:   status="pledged" summary="Ours \\u001b[31m says"',
        '  theirs: status="ruled-out" summary="PL/air-patrol summary."',
    ]
    assert "1 record and 2 history entries from theirs; 1 conflict (ours kept)" in done.stderr
    merged = json.loads(o.read_text(encoding="utf-8"))
    assert _records(merged, "commitments")["US/backstop"]["status"] == "pledged"
    assert o.read_text(encoding="utf-8") == json.dumps(merged, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["base.json", "ours.json", "theirs.json"]


def test_merge_command_leaves_ours_alone_when_it_cannot_merge(cli: CliRunner, tmp_path: Path) -> None:
    base, ours, theirs = _branches()
    ours.undo(1)
    theirs.undo(1)
    b, o, t = _files(tmp_path, base.raw, ours.raw, theirs.raw)
    before = o.read_bytes()
    done = cli("merge", str(b), str(o), str(t))
    assert done.returncode == 1 and "would not be valid" in done.stderr and "Traceback" not in done.stderr
    assert o.read_bytes() == before
    t.write_text("{}", encoding="utf-8")
    done = cli("merge", str(b), str(o), str(t))
    assert done.returncode == 1 and "cannot merge: THEIRS" in done.stderr
    assert o.read_bytes() == before
    empty_base = tmp_path / "empty"
    empty_base.write_bytes(b"")
    assert cli("merge", str(empty_base), str(o), str(o)).returncode == 0


# --- git ------------------------------------------------------------------------------------------

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def _git(repo: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.org", "HOME": str(repo.parent), "GIT_CONFIG_NOSYSTEM": "1"}
    env.pop("PLEDGE_TUI_DEBUG", None)
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, check=check, env=env)


@pytest.fixture
def repo(tmp_path: Path, cli: CliRunner) -> Path:
    """A git repository with a version-1 data file committed on `main` (as the bundled data is) and
    the driver set up."""
    path = tmp_path / "team"
    (path / "data").mkdir(parents=True)
    _git(path, "init", "-q", "-b", "main")
    F.write(path / "data" / "commitments.json", F.raw_dataset())
    done = cli("setup-git", cwd=path)
    assert done.returncode == 0, done.stderr
    _git(path, "add", ".")
    _git(path, "commit", "-qm", "base")
    return path


def _edit_on_branch(repo: Path, cli: CliRunner, branch: str, epoch: int, *commands: list[str]) -> None:
    """On a new branch from main, run write commands as `branch` (one second apart from `epoch`), commit."""
    _git(repo, "checkout", "-q", "-b", branch, "main")
    for n, command in enumerate(commands):
        done = cli("--data", "data/commitments.json", *command, cwd=repo,
                   env={"SOURCE_DATE_EPOCH": str(epoch + n), "PLEDGE_TUI_USER": branch})
        assert done.returncode == 0, done.stderr
    _git(repo, "add", "-A")  # the data file and its history log (new with the first write)
    _git(repo, "commit", "-qm", branch)


ANN, BOB = 1773219600, 1773219630  # 2026-03-11T09:00:00Z and 30 s later


@needs_git
def test_setup_git_says_what_it_did_and_a_second_run_changes_nothing(repo: Path, cli: CliRunner) -> None:
    assert "merge=pledge-tui" in (repo / ".gitattributes").read_text(encoding="utf-8")
    assert _git(repo, "check-attr", "merge", "--", "data/commitments.json").stdout.strip().endswith(
        "merge: pledge-tui")
    driver = _git(repo, "config", "merge.pledge-tui.driver").stdout.strip()
    assert driver.endswith(" merge %O %A %B")
    hook = repo / ".git" / "hooks" / "pre-commit"
    assert os.access(hook, os.X_OK)
    assert (repo / ".gitignore").read_text(encoding="utf-8") == "data/commitments.json.lock\n"
    written = (repo / ".gitattributes", repo / ".gitignore", hook, repo / ".git" / "config")
    snapshot = {p: p.read_bytes() for p in written}
    again = cli("setup-git", cwd=repo)
    assert again.returncode == 0 and again.stdout.endswith("Nothing to change: already set up.\n")
    assert "already" in again.stdout and "added" not in again.stdout
    assert {p: p.read_bytes() for p in snapshot} == snapshot


@needs_git
def test_setup_git_refuses_outside_a_work_tree_and_leaves_a_foreign_hook(tmp_path: Path, cli: CliRunner) -> None:
    outside = tmp_path / "plain"
    (outside / "data").mkdir(parents=True)
    F.write(outside / "data" / "commitments.json", F.raw_dataset())
    done = cli("setup-git", cwd=outside)
    assert done.returncode == 2 and "inside a git work tree" in done.stderr and done.stderr.count("\n") == 1
    _git(outside, "init", "-q")
    hook = outside / ".git" / "hooks" / "pre-commit"
    hook.parent.mkdir(parents=True, exist_ok=True)
    hook.write_text("#!/bin/sh\nexit 0\n", encoding="utf-8")
    done = cli("setup-git", cwd=outside)
    assert done.returncode == 0 and "is not pledge-tui's, so it was left alone" in done.stdout
    assert hook.read_text(encoding="utf-8") == "#!/bin/sh\nexit 0\n"
    empty = tmp_path / "empty"
    empty.mkdir()
    _git(empty, "init", "-q")
    assert "no data file here" in cli("setup-git", cwd=empty, env={"PLEDGE_TUI_DATA": ""}).stderr


@needs_git
def test_the_hook_refuses_an_invalid_staged_file(repo: Path) -> None:
    data = repo / "data" / "commitments.json"
    raw = json.loads(data.read_text(encoding="utf-8"))
    raw["commitments"]["1"]["status"] = "maybe"
    F.write(data, raw)
    _git(repo, "add", ".")
    done = _git(repo, "commit", "-qm", "broken", check=False)
    assert done.returncode != 0 and "commit refused" in done.stderr and "maybe" in done.stderr
    _git(repo, "checkout", "-q", "HEAD", "--", ".")
    (repo / "notes.txt").write_text("x", encoding="utf-8")
    _git(repo, "add", "notes.txt")
    _git(repo, "commit", "-qm", "not the data file")


@needs_git
def test_git_merge_of_different_records_is_clean(repo: Path, cli: CliRunner) -> None:
    _edit_on_branch(repo, cli, "ann", ANN, ["set", "IT", "training", "pledged", "--source", "S1"])
    _edit_on_branch(repo, cli, "bob", BOB, ["set", "US", "backstop", "pledged", "--source", "S2"],
                    ["add-source", "--publisher", "Wire", "--title", "New", "--date", "2026-03", "--url", "",
                     "--tier", "B"])
    _git(repo, "checkout", "-q", "ann")
    done = _git(repo, "merge", "-q", "--no-edit", "bob", check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    data = repo / "data" / "commitments.json"
    assert cli("validate", str(data)).returncode == 0
    merged = json.loads(data.read_text(encoding="utf-8"))
    cells = _records(merged, "commitments")
    assert cells["IT/training"]["status"] == "pledged" and cells["US/backstop"]["status"] == "pledged"
    assert "S4" in _records(merged, "sources")
    history = [e for e in read_log(data) if e["action"] != "baseline"]
    assert [(h["by"], h["action"], h["key"]) for h in history] == [
        ("ann", "upgrade", "meta"), ("ann", "set", "IT/training"),
        ("bob", "upgrade", "meta"), ("bob", "set", "US/backstop"), ("bob", "add-source", "S4")]
    assert [h["at"] for h in read_log(data)] == sorted(h["at"] for h in read_log(data))
    assert len(read_log(data)) - len(history) == 17, "the baselines, the same in both clones, once"
    assert _git(repo, "status", "--porcelain").stdout == ""
    assert "2 cells" in cli("diff", "HEAD~2:data/commitments.json", "data/commitments.json", cwd=repo).stdout


@needs_git
def test_git_merge_of_the_same_record_changed_differently_conflicts(repo: Path, cli: CliRunner) -> None:
    _edit_on_branch(repo, cli, "ann", ANN, ["set", "PL", "ground-forces", "considering", "--source", "S1"],
                    ["set", "IT", "training", "conditional", "--lead", "--source", "S1"])
    _edit_on_branch(repo, cli, "bob", BOB, ["set", "PL", "ground-forces", "conditional", "--source", "S2"],
                    ["set", "US", "command", "considering", "--summary", "Maybe.", "--source", "S2"])
    _git(repo, "checkout", "-q", "ann")
    done = _git(repo, "merge", "--no-edit", "bob", check=False)
    assert done.returncode == 1
    said = done.stdout + done.stderr
    assert "conflict: commitments PL/ground-forces was changed differently on both sides; kept ours" in said
    assert 'theirs: sources=["S1", "S2"] status="conditional"' in said and "CONFLICT" in said
    data = repo / "data" / "commitments.json"
    validated = cli("validate", str(data))  # no conflict markers, and the fork is named
    assert validated.returncode == 1
    assert validated.stderr.splitlines()[0].endswith(
        'commitments "PL/ground-forces": its history has 2 heads (' + ", ".join(
            e["id"] for e in read_log(data) if e["key"] == "PL/ground-forces" and e["action"] == "set") +
        "): a merge conflict not resolved yet; run pledge-tui conflicts")
    merged = json.loads(data.read_text(encoding="utf-8"))
    cells = _records(merged, "commitments")
    assert cells["PL/ground-forces"]["status"] == "considering" and "US/command" in cells
    history = [e for e in read_log(data) if e["action"] != "baseline"]
    assert [(h["by"], h["action"], h["key"]) for h in history] == [
        ("ann", "upgrade", "meta"), ("ann", "set", "PL/ground-forces"), ("ann", "set", "IT/training"),
        ("bob", "upgrade", "meta"), ("bob", "set", "PL/ground-forces"), ("bob", "set", "US/command")]
    assert [h["at"] for h in read_log(data)] == sorted(h["at"] for h in read_log(data))
