"""History is append-only across commits (README "Editing", issue 19 item 2): `validate --against REV` names every
entry of the log at REV that was deleted or altered since, and the pre-commit hook runs it against HEAD, so a
commit that drops or edits a past entry is refused even when the files it leaves prove on their own (the entry
removed together with everything that depended on it). Each way of tampering with a committed history of
issue 19's list is refused by the hook, with validate's own line."""

from __future__ import annotations

import copy
import functools
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pledge_tui.cli import setup_git
from pledge_tui.dataset import append_only, edits, ids, rawio
from pledge_tui.dataset.commit import commit
from pledge_tui.errors import Problem
from tests import factories as F
from tests.clones import v3_file
from tests.common import CliRunner
from tests.git_repos import (
    BARE_PATH,
    DATA,
    GIT_ENV,
    Entry,
    commit_all,
    entries,
    git,
    head,
    needs_git,
    recorded_runs,
    refused_commit,
    rewrite,
    tables,
    write_entries,
)

# --- the comparison (pure) -----------------------------------------------------------------------------


def entry(n: int, **extra: Any) -> Entry:
    return ids.with_id({"at": f"2026-03-1{n % 10}T09:00:00Z", "by": "ann", "action": "set", "n": n, **extra})


def rows(logged: list[Entry]) -> list[tuple[int, Any]]:
    return list(enumerate(logged, start=1))


def lines(found: list[Problem]) -> list[str]:
    return [p.describe("LOG") for p in found]


def test_an_intact_log_with_entries_appended_has_nothing_to_say() -> None:
    earlier = [entry(1), entry(2)]
    assert append_only.compare(rows(earlier), rows([*earlier, entry(3)]), "HEAD") == []


def test_a_deleted_entry_is_named_in_the_words_of_the_issue() -> None:
    earlier = [entry(1), entry(2), entry(3)]
    (line,) = lines(append_only.compare(rows(earlier), rows([earlier[0], earlier[2]]), "HEAD"))
    assert line.startswith(f"LOG: history entry {earlier[1]['id']}: deleted since HEAD")


def test_an_altered_entry_is_named_with_the_fields_that_differ() -> None:
    earlier = [entry(1), entry(2)]
    altered = {**earlier[1], "by": "mallory", "note": "x"}
    (line,) = lines(append_only.compare(rows(earlier), rows([earlier[0], altered]), "main~2"))
    assert line.startswith(f"LOG: history entry {earlier[1]['id']}: altered since main~2 (line 2 now; by, note differ)")


def test_true_is_not_taken_for_one() -> None:
    earlier = [entry(1, lead=True)]
    assert lines(append_only.compare(rows(earlier), rows([{**earlier[0], "lead": 1}]), "HEAD"))


def test_a_line_of_the_earlier_log_that_is_not_an_entry_is_looked_for_as_it_is() -> None:
    earlier: list[Any] = [entry(1), ["not", "an", "entry"]]
    assert append_only.compare(rows(earlier), rows(earlier), "HEAD") == []
    (line,) = lines(append_only.compare(rows(earlier), rows(earlier[:1]), "HEAD"))
    assert "line 2 of the log at HEAD is not in the log any more" in line


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 12), st.data())
def test_whatever_is_removed_is_named_and_nothing_else(count: int, data: st.DataObject) -> None:
    """Removing any entries and appending or shuffling the rest: exactly the removed ones are named (a merge
    lays entries out by time between each other, so the order is not what is compared)."""
    earlier = [entry(n) for n in range(count)]
    removed = data.draw(st.sets(st.integers(0, count - 1)))
    kept = [e for n, e in enumerate(earlier) if n not in removed]
    now = data.draw(st.permutations([*kept, *(entry(100 + n) for n in range(data.draw(st.integers(0, 3))))]))
    found = append_only.compare(rows(earlier), rows(list(now)), "HEAD")
    assert [p.record for p in found] == [f"entry {earlier[n]['id']}" for n in sorted(removed)]
    assert all(p.message.startswith("deleted since HEAD") for p in found)


# --- a repository with a committed history ----------------------------------------------------------------

AT = ("2026-03-10T09:00:00Z", "2026-03-11T09:00:00Z", "2026-03-12T09:00:00Z")


def _set(status: str, member: str = "PL", type_: str = "logistics", sources: tuple[str, ...] = ("S1",),
         **kw: Any) -> Any:
    return functools.partial(edits.set_commitment, member=member, type_=type_, status=status, sources=list(sources),
                             today="2026-03-10", **kw)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A repository set up with `setup-git` and three commits: the data (a version-3 file), ann's change of
    PL/logistics, then bob's new source S4 and IT/training citing it. Each test works on a copy."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    repo = tmp_path_factory.mktemp("template") / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    (repo / "data").mkdir()
    data = v3_file(repo / "data" / "commitments.json")
    env = {k: v for k, v in os.environ.items() if k not in ("PLEDGE_TUI_DEBUG", "PLEDGE_TUI_DATA")}
    done = subprocess.run([sys.executable, "-m", "pledge_tui", "setup-git"], cwd=repo, env=env, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    commit_all(repo, "the data")  # the first commit: no HEAD to compare with
    commit(str(data), _set("considering"), by="ann", at=AT[0])
    commit_all(repo, "ann")
    commit(str(data), functools.partial(edits.add_source, publisher="Wire", title="Bob's", date="2026-03", url="",
                                        tier="B"), by="bob", at=AT[1])
    commit(str(data), _set("pledged", "IT", "training", ("S4",)), by="bob", at=AT[2])
    commit_all(repo, "bob")
    return repo


@pytest.fixture
def repo(template: Path, tmp_path: Path) -> Path:
    copied = tmp_path / "repo"
    shutil.copytree(template, copied, symlinks=True)
    return copied


def data_of(repo: Path) -> Path:
    return repo / DATA


def _bobs_commit(repo: Path) -> list[Entry]:
    """The entries of the last commit (bob's source and the record citing it)."""
    return [e for e in entries(data_of(repo)) if e["by"] == "bob"]


def drop_bobs_commit(repo: Path) -> list[Entry]:
    """Remove bob's entries together with everything that depended on them: the source and the record are
    put back as the log without them leads to, and so is the `heads` table. The files prove on their own."""
    dropped = _bobs_commit(repo)
    rewrite(data_of(repo), [e for e in entries(data_of(repo)) if e not in dropped])
    return dropped


def forge_a_renumbering(repo: Path) -> Entry:
    """Make bob's record cite S2 instead of S4 in its entry, with a `renumbered` note that keeps its id (as if
    a merge had renamed it), and the record and heads to match: the entry proves, but it was altered."""
    logged = entries(data_of(repo))
    (n, target), = [(n, e) for n, e in enumerate(logged) if e["action"] == "set" and e["by"] == "bob"]
    altered = {**copy.deepcopy(target), "sources": ["S2"], "renumbered": {"sources": {"S2": "S4"}}}
    altered["after"]["sources"] = [("S2" if s == "S4" else s) for s in target["after"]["sources"]]
    assert ids.entry_id(altered) == target["id"]
    logged[n] = altered
    rewrite(data_of(repo), logged)
    return target


def validate(cli: CliRunner, repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return cli("validate", DATA, *args, cwd=repo)


# --- validate --against on the command line ------------------------------------------------------------


@needs_git
def test_an_intact_history_is_append_only_since_every_commit(cli: CliRunner, repo: Path) -> None:
    for revision in ("HEAD", "HEAD~1", "HEAD~2", "main"):
        done = validate(cli, repo, "--against", revision)
        assert done.returncode == 0, done.stderr
        assert f"history append-only since {revision} (" in done.stdout and "entries there, all kept)" in done.stdout


@needs_git
def test_entries_deleted_with_everything_that_depended_on_them(cli: CliRunner, repo: Path) -> None:
    dropped = drop_bobs_commit(repo)
    assert validate(cli, repo).returncode == 0, "the files alone prove: only the last commit can tell"
    done = validate(cli, repo, "--against", "HEAD")
    assert done.returncode == 1
    for gone in dropped:
        assert (f"pledge-tui: error: data/commitments.history.jsonl: history entry {gone['id']}: deleted since HEAD "
                "(history is append-only") in done.stderr
    assert validate(cli, repo, "--against", "HEAD~1").returncode == 0, "bob's commit is not in HEAD~1"


@needs_git
def test_an_entry_altered_under_its_own_id(cli: CliRunner, repo: Path) -> None:
    target = forge_a_renumbering(repo)
    assert validate(cli, repo).returncode == 0, "the files alone prove"
    done = validate(cli, repo, "--against", "HEAD")
    assert done.returncode == 1
    assert (f"history entry {target['id']}: altered since HEAD (line {len(entries(data_of(repo)))} now; after, "
            "renumbered, sources differ)") in done.stderr


@needs_git
def test_as_json(cli: CliRunner, repo: Path) -> None:
    done = validate(cli, repo, "--against", "HEAD", "--format", "json")
    verdict = json.loads(done.stdout)
    assert verdict["valid"] and verdict["against"] == {"revision": "HEAD", "log": "HEAD:data/commitments.history.jsonl",
                                                       "entries": len(entries(data_of(repo)))}
    drop_bobs_commit(repo)
    verdict = json.loads(validate(cli, repo, "--against", "HEAD", "--format", "json").stdout)
    assert not verdict["valid"] and {p["message"][:18] for p in verdict["problems"]} == {"deleted since HEAD"}


@needs_git
def test_a_copy_of_the_file_names_its_path_in_the_repository(cli: CliRunner, repo: Path, tmp_path: Path) -> None:
    copy_folder = tmp_path / "elsewhere"
    copy_folder.mkdir()
    for name in ("commitments.json", "commitments.history.jsonl"):
        shutil.copy(repo / "data" / name, copy_folder / name)
    drop_bobs_commit(repo)  # the repository's own files changed; the copy did not
    copy_path = str(copy_folder / "commitments.json")
    assert cli("validate", copy_path, "--against", "HEAD:data/commitments.json", cwd=repo).returncode == 0
    outside = cli("validate", copy_path, "--against", "HEAD", cwd=repo)
    assert outside.returncode == 2 and "is not in a git work tree; name the file as it is in the repository with " \
                                      "--against REV:PATH" in outside.stderr


@needs_git
@pytest.mark.parametrize(("against", "words"), [
    ("NOPE", "--against 'NOPE': git knows no commit 'NOPE' here"),
    ("-x", "--against '-x': a revision cannot start with '-' (git would read it as an option)"),
    ("--output=/tmp/x", "a revision cannot start with '-'"),
    ("HEAD:", "--against 'HEAD:': give a path after the colon (REV:PATH)"),
    (":data/commitments.json", "name a revision"),
])
def test_a_bad_revision_is_a_usage_error(cli: CliRunner, repo: Path, against: str, words: str) -> None:
    done = validate(cli, repo, f"--against={against}")
    assert done.returncode == 2 and words in done.stderr and "Traceback" not in done.stderr
    assert done.stderr.count("\n") == 1


@needs_git
def test_standard_input_has_no_log_to_compare(cli: CliRunner, repo: Path) -> None:
    done = cli("validate", "-", "--against", "HEAD", cwd=repo, stdin=data_of(repo).read_text(encoding="utf-8"))
    assert done.returncode == 2 and "standard input comes without its log" in done.stderr


@needs_git
def test_outside_git_it_is_a_usage_error(cli: CliRunner, tmp_path: Path) -> None:
    data = v3_file(tmp_path / "d.json")
    done = cli("validate", str(data), "--against", "HEAD", cwd=tmp_path)
    assert done.returncode == 2 and "is not in a git work tree" in done.stderr


@needs_git
def test_a_revision_without_the_file_or_its_log_has_nothing_to_compare(cli: CliRunner, tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    (repo / "README").write_text("x\n", encoding="utf-8")
    commit_all(repo, "before the data")
    (repo / "data").mkdir()
    F.write(repo / "data" / "commitments.json", F.raw_dataset_v2())
    commit_all(repo, "a version-2 file")
    v3_file(repo / "data" / "commitments.json")
    before = cli("validate", DATA, "--against", "HEAD~1", cwd=repo)
    assert before.returncode == 0
    assert ("pledge-tui: note: --against HEAD~1: nothing to compare: data/commitments.json is not in HEAD~1 (it was "
            "added after it); the rest is checked") in before.stderr
    upgraded = cli("validate", DATA, "--against", "HEAD", cwd=repo)
    assert upgraded.returncode == 0
    assert ("nothing to compare: data/commitments.json has no history log at HEAD (schema version 2 or older then)"
            in upgraded.stderr)
    hand = tables(repo / DATA)
    hand["members"]["1"]["stance"] = "By hand."
    (repo / DATA).write_bytes(rawio.serialize(hand))
    assert cli("validate", DATA, "--against", "HEAD", cwd=repo).returncode == 1, "the rest is checked"


@needs_git
def test_a_file_downgraded_to_version_2_lost_its_history(cli: CliRunner, repo: Path) -> None:
    F.write(data_of(repo), F.raw_dataset_v2())
    done = validate(cli, repo, "--against", "HEAD")
    assert done.returncode == 1
    assert ("data/commitments.json: is schema version 2, but at HEAD it had a history log "
            "(HEAD:data/commitments.history.jsonl): a file is never downgraded") in done.stderr


# --- the hook refuses each way of tampering with a committed history (issue 19's list) ----------------------


def _hand_edit(repo: Path) -> str:
    raw = tables(data_of(repo))
    member = next(k for k, m in raw["members"].items() if m["id"] == "IT")
    raw["members"][member]["stance"] = "Edited by hand."
    data_of(repo).write_bytes(rawio.serialize(raw))
    newest = next(e["id"] for e in reversed(entries(data_of(repo))) if e["key"] == "IT")
    return f'members "IT": differs from the result of history entry {newest}; record it with pledge-tui adopt'


def _forged(repo: Path) -> str:
    logged = entries(data_of(repo))
    write_entries(data_of(repo), [*logged, {**copy.deepcopy(logged[-1]), "by": "mallory", "id": "h0000000000"}])
    return "history entry h0000000000"


def _deleted(repo: Path) -> str:
    logged = entries(data_of(repo))
    gone = next(e for e in logged if e["by"] == "ann")  # PL/logistics; the version-2 entry before it names it
    write_entries(data_of(repo), [e for e in logged if e is not gone])
    return f"names {gone['id']}, which is not in the history log (a deleted entry?)"


def _altered(repo: Path) -> str:
    logged = entries(data_of(repo))
    logged[-1] = {**logged[-1], "note": "a better reason, written later"}
    write_entries(data_of(repo), logged)
    return f"history entry {logged[-1]['id']} (line {len(logged)}), field \"id\": its id does not match its content"


def _reordered(repo: Path) -> str:
    logged = entries(data_of(repo))
    logged[-1], logged[-2] = logged[-2], logged[-1]  # bob's record before the source it cites
    write_entries(data_of(repo), logged)
    return "goes back in time"


def _not_a_record(repo: Path) -> str:
    logged = entries(data_of(repo))
    spoiled = copy.deepcopy(logged[-1])
    spoiled["before"] = {**spoiled["after"], "status": "maybe"}  # IT/training had a record before: now invalid
    logged[-1] = ids.with_id(spoiled)
    write_entries(data_of(repo), logged)
    return "field \"before\": is not a valid record of commitments: status: unknown status"


def _deleted_with_its_dependents(repo: Path) -> str:
    dropped = drop_bobs_commit(repo)
    return f"history entry {dropped[0]['id']}: deleted since HEAD"


def _altered_under_its_id(repo: Path) -> str:
    return f"history entry {forge_a_renumbering(repo)['id']}: altered since HEAD"


TAMPERING: dict[str, Callable[[Path], str]] = {
    "a record edited by hand": _hand_edit,
    "a forged entry": _forged,
    "a deleted entry": _deleted,
    "an altered entry": _altered,
    "a reordered entry": _reordered,
    "an entry whose before is not a valid record": _not_a_record,
    "entries deleted with everything that depended on them (only HEAD can tell)": _deleted_with_its_dependents,
    "an entry altered under its own id (only HEAD can tell)": _altered_under_its_id,
}


@needs_git
@pytest.mark.parametrize("how", list(TAMPERING))
def test_the_hook_refuses_a_commit_that_tampers_with_history(repo: Path, how: str) -> None:
    words = TAMPERING[how](repo)
    refused = refused_commit(repo)
    assert words in refused.stderr, refused.stderr
    assert "is not valid (problems above); commit refused" in refused.stderr
    assert "not found" not in refused.stderr


@needs_git
def test_the_hook_lets_real_changes_through_with_a_path_without_pledge_tui(repo: Path) -> None:
    assert shutil.which("pledge-tui", path=BARE_PATH) is None
    commit(str(data_of(repo)), _set("ruled-out", "US", "air-patrol", ("S3",)), by="cy", at="2026-03-13T09:00:00Z")
    git(repo, "add", "-A", path=BARE_PATH)
    git(repo, "commit", "-qm", "cy", path=BARE_PATH)
    assert git(repo, "log", "--format=%s", "-1").stdout.strip() == "cy"


@needs_git
def test_the_hook_calls_validate_against_head_only_when_there_is_a_head(tmp_path: Path) -> None:
    script = setup_git.hook_script("pledge-tui", DATA)
    assert 'git rev-parse --verify -q HEAD > /dev/null 2>&1' in script
    assert 'set -- --against "HEAD:$data"' in script and 'validate "$dir"/commitments.json "$@"' in script
    repo = tmp_path / "fresh"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    (repo / "data").mkdir()
    v3_file(repo / "data" / "commitments.json")
    env = {**{k: v for k, v in os.environ.items() if k not in ("PLEDGE_TUI_DEBUG", "PLEDGE_TUI_DATA")}, **GIT_ENV}
    subprocess.run([sys.executable, "-m", "pledge_tui", "setup-git"], cwd=repo, env=env, check=True,
                   capture_output=True)
    git(repo, "add", "-A")
    first = git(repo, "commit", "-qm", "the first commit has no HEAD to compare with")
    assert "nothing to compare" not in first.stderr and head(repo)


@needs_git
def test_every_git_call_gives_the_revision_after_an_end_of_options_marker(
        repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from pledge_tui.cli.main import main

    seen = recorded_runs(monkeypatch)
    monkeypatch.chdir(repo)
    monkeypatch.delenv("PLEDGE_TUI_DATA", raising=False)
    assert main(["validate", DATA, "--against", "HEAD~1"]) == 0, capsys.readouterr().err
    with_revision = [argv for argv in seen if argv[0] == "git" and any("HEAD~1" in a for a in argv)]
    assert {argv[1] for argv in with_revision} == {"rev-parse", "cat-file", "show"}
    for argv in with_revision:
        position = next(n for n, a in enumerate(argv) if "HEAD~1" in a)
        assert "--end-of-options" in argv[:position], argv
