"""`setup-git` (issue 19 item 6): git clients without `pledge-tui` on PATH still merge by record and
validate; the hook tells "program not found" from "invalid"; nothing is written outside the work tree;
hostile names, links and folders in the way, attributes turned off by someone, all said plainly.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from pledge_tui.cli import setup_git
from tests import factories as F
from tests.bad_inputs import SETUP_GIT_CASES, SetupGitCase
from tests.clones import read_log
from tests.common import CliRunner
from tests.terminal import SCRIPT

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

BARE_PATH = "/usr/bin:/bin"
"""A PATH with git and a shell but no pledge-tui: what an IDE's or a GUI client's git often has."""
GIT = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
       "GIT_COMMITTER_EMAIL": "t@example.org", "GIT_CONFIG_NOSYSTEM": "1"}


def git(repo: Path, *args: str, check: bool = True, path: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PLEDGE_TUI_DEBUG", "PLEDGE_TUI_DATA")}
    env.update(GIT, HOME=str(repo.parent))
    if path is not None:
        env["PATH"] = path
    done = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, env=env, timeout=120)
    if check:
        assert done.returncode == 0, done.stderr
    return done


def new_repo(folder: Path, data_name: str = "data/commitments.json") -> tuple[Path, Path]:
    """A git work tree with a valid (version 2) data file at `data_name`, not yet committed."""
    folder.mkdir(parents=True, exist_ok=True)
    git(folder, "init", "-q", "-b", "main")
    data = folder / data_name
    data.parent.mkdir(parents=True, exist_ok=True)
    F.write(data, F.raw_dataset_v2())
    return folder, data


def setup(cli: CliRunner, repo: Path, data: Path | None = None) -> subprocess.CompletedProcess[str]:
    return cli("setup-git", *(["--data", str(data)] if data is not None else []), cwd=repo)


def attribute(repo: Path, relative: str) -> str:
    return git(repo, "check-attr", "-z", "merge", "--", relative).stdout.split("\0")[2]


def written(repo: Path) -> dict[str, bytes | None]:
    """The files setup-git may write, as bytes (None: absent)."""
    names = [".gitattributes", ".gitignore", ".git/config", ".git/hooks/pre-commit"]
    return {n: (repo / n).read_bytes() if (repo / n).is_file() else None for n in names}


# --- the program git runs ------------------------------------------------------------------------------


def test_the_driver_and_the_hook_call_this_interpreter_by_its_absolute_path(cli: CliRunner, tmp_path: Path) -> None:
    repo, _ = new_repo(tmp_path / "r")
    assert setup(cli, repo).returncode == 0
    program = f"{shlex.quote(sys.executable)} -m pledge_tui"
    assert os.path.isabs(sys.executable)
    assert git(repo, "config", "merge.pledge-tui.driver").stdout.strip() == f"{program} merge %O %A %B"
    hook = (repo / ".git" / "hooks" / "pre-commit").read_text(encoding="utf-8")
    assert f"program={shlex.quote(program)}" in hook and f"{program} validate" in hook


def test_tracked_files_is_the_one_list_of_registered_files() -> None:
    assert setup_git.tracked_files("data/commitments.json") == ["data/commitments.json",
                                                                 "data/commitments.history.jsonl"]


# --- end to end with a PATH that lacks pledge-tui -----------------------------------------------------


def _installed(tmp_path: Path) -> dict[str, str]:
    """The environment of an analyst whose shell finds the installed console script on PATH."""
    if not SCRIPT.exists():
        pytest.skip(f"the console script is not installed at {SCRIPT}")
    env = {k: v for k, v in os.environ.items() if k not in ("PLEDGE_TUI_DEBUG", "PLEDGE_TUI_DATA")}
    env.update(GIT, HOME=str(tmp_path), PATH=f"{SCRIPT.parent}:{BARE_PATH}")
    return env


def _run(argv: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done


def test_git_pull_merges_by_record_and_a_commit_validates_with_a_path_without_pledge_tui(tmp_path: Path) -> None:
    assert shutil.which("pledge-tui", path=BARE_PATH) is None and shutil.which("git", path=BARE_PATH)
    env = _installed(tmp_path)
    origin, _ = new_repo(tmp_path / "origin")
    _run(["pledge-tui", "setup-git"], origin, env)  # the analyst's shell finds the console script
    git(origin, "add", ".")
    git(origin, "commit", "-qm", "base")
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", str(origin), str(clone))
    _run(["pledge-tui", "setup-git"], clone, env)  # git config and the hook are per clone

    edit = ["pledge-tui", "--data", "data/commitments.json", "set"]
    _run([*edit, "IT", "training", "pledged", "--source", "S1"], origin, {**env, "SOURCE_DATE_EPOCH": "1773219600"})
    git(origin, "add", "-A", path=BARE_PATH)  # the first write upgraded the file: its history log is new
    git(origin, "commit", "-qm", "IT training", path=BARE_PATH)  # the hook runs, validates: the data is valid
    _run([*edit, "US", "backstop", "pledged", "--source", "S2"], clone, {**env, "SOURCE_DATE_EPOCH": "1773219630"})
    git(clone, "add", "-A", path=BARE_PATH)
    git(clone, "commit", "-qm", "US backstop", path=BARE_PATH)

    pulled = git(clone, "pull", "-q", "--no-rebase", "--no-edit", check=False, path=BARE_PATH)
    assert pulled.returncode == 0, pulled.stderr
    assert "merged by record" in pulled.stderr  # the driver ran, by its absolute path
    merged = json.loads((clone / "data" / "commitments.json").read_text(encoding="utf-8"))
    cells = {f"{d['member']}/{d['type']}": d["status"] for d in merged["commitments"].values()}
    assert cells["IT/training"] == "pledged" and cells["US/backstop"] == "pledged"
    changes = [e["key"] for e in read_log(clone / "data" / "commitments.json") if e["action"] == "set"]
    assert changes[-2:] == ["IT/training", "US/backstop"]

    merged["commitments"]["1"]["status"] = "maybe"  # a hand edit that does not validate
    F.write(clone / "data" / "commitments.json", merged)
    git(clone, "add", ".", path=BARE_PATH)
    refused = git(clone, "commit", "-qm", "broken", check=False, path=BARE_PATH)
    assert refused.returncode != 0 and "is not valid (problems above); commit refused" in refused.stderr
    assert "maybe" in refused.stderr  # validate's own line, from the hook


# --- the hook: "program not found" is not "invalid" -------------------------------------------------------


def _throwaway_python(folder: Path) -> Path:
    """A Python of its own place (a virtual environment) that can import pledge_tui: a pledge-tui
    installation that can be removed."""
    venv.create(folder, with_pip=False, symlinks=True)
    site = next(folder.glob("lib/python*/site-packages"))
    here = [p for p in sys.path if p.endswith("site-packages") or p.endswith("/src")]
    (site / "pledge_tui_paths.pth").write_text("\n".join(here) + "\n", encoding="utf-8")
    return folder / "bin" / "python"


def test_the_hook_says_program_not_found_not_invalid_when_the_installation_is_gone(tmp_path: Path) -> None:
    python = _throwaway_python(tmp_path / "venv")
    repo, data = new_repo(tmp_path / "r")
    env = {k: v for k, v in os.environ.items() if k not in ("PLEDGE_TUI_DEBUG", "PLEDGE_TUI_DATA")}
    env.update(GIT, HOME=str(tmp_path), PATH=BARE_PATH)
    _run([str(python), "-m", "pledge_tui", "setup-git"], repo, env)
    assert str(python) in git(repo, "config", "merge.pledge-tui.driver").stdout
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "base", path=BARE_PATH)  # validated by the throwaway installation

    raw = json.loads(data.read_text(encoding="utf-8"))
    raw["members"]["1"]["stance"] = "Changed."
    F.write(data, raw)
    git(repo, "add", ".")
    shutil.rmtree(tmp_path / "venv")  # pledge-tui uninstalled, or the environment moved
    hook = git(repo, "hook", "run", "pre-commit", check=False, path=BARE_PATH)
    assert hook.returncode == setup_git.PROGRAM_GONE, hook.stderr
    assert "the program this hook calls is not found" in hook.stderr and "not valid" not in hook.stderr
    assert "run `pledge-tui setup-git` again" in hook.stderr
    refused = git(repo, "commit", "-qm", "x", check=False, path=BARE_PATH)
    assert refused.returncode != 0 and "not found" in refused.stderr


@pytest.mark.parametrize("command", ["/nonexistent/python3 -m pledge_tui", f"{shlex.quote(sys.executable)} -m "
                                     "no_such_pledge_module"], ids=["interpreter gone", "package gone"])
def test_the_hook_exit_code_tells_not_found_from_invalid(command: str, tmp_path: Path, cli: CliRunner) -> None:
    repo, data = new_repo(tmp_path / "r")
    assert setup(cli, repo).returncode == 0
    hook = repo / ".git" / "hooks" / "pre-commit"
    raw = json.loads(data.read_text(encoding="utf-8"))
    raw["commitments"]["1"]["status"] = "maybe"
    F.write(data, raw)
    git(repo, "add", ".")
    invalid = git(repo, "hook", "run", "pre-commit", check=False, path=BARE_PATH)
    assert invalid.returncode == 1 and "is not valid (problems above); commit refused" in invalid.stderr
    assert "not found" not in invalid.stderr
    hook.write_text(setup_git.hook_script(command, "data/commitments.json"), encoding="utf-8")
    gone = git(repo, "hook", "run", "pre-commit", check=False, path=BARE_PATH)
    assert gone.returncode == setup_git.PROGRAM_GONE and "not found" in gone.stderr and "not valid" not in gone.stderr


# --- hostile names --------------------------------------------------------------------------------------


HOSTILE_NAMES = ["my data.json", 'say "hi".json', "it's.json", "$(touch PWNED).json", "`touch PWNED`.json",
                 "-rf.json", "--output=x.json", "glob*[1]?.json", "#hash.json", "!bang.json", "back\\slash.json",
                 "new\nline.json", "tab\there.json", "ümlaut.json", "-dir/-x.json", "#dir/a b.json"]


@pytest.mark.parametrize("name", HOSTILE_NAMES, ids=range(len(HOSTILE_NAMES)))
def test_hostile_data_file_names_are_registered_exactly_and_never_run(name: str, tmp_path: Path,
                                                                      cli: CliRunner) -> None:
    repo, data = new_repo(tmp_path / "r", name)
    first = setup(cli, repo, data)
    assert first.returncode == 0, first.stderr
    assert attribute(repo, name) == "pledge-tui"
    sibling = name.replace(".json", "X.json")  # a glob that matched more than the file would match this
    assert attribute(repo, sibling) == "unspecified"
    lock = name + ".lock"
    if "\n" in name:  # a .gitignore line cannot hold a line break: said, not faked
        assert "cannot hold" in first.stdout and "Not fully set up: 1 item" in first.stdout
    else:
        assert git(repo, "check-ignore", "-q", "--", lock, check=False).returncode == 0
        assert git(repo, "check-ignore", "-q", "--", sibling + ".lock", check=False).returncode == 1
    before = written(repo)
    again = setup(cli, repo, data)
    assert again.returncode == 0 and written(repo) == before  # a second run changes nothing
    assert "added" not in again.stdout and "set to" not in again.stdout

    git(repo, "add", "--", ".gitattributes", name, *([".gitignore"] if "\n" not in name else []))
    git(repo, "commit", "-qm", "valid", path=BARE_PATH)  # the hook validated the staged file
    raw = json.loads(data.read_text(encoding="utf-8"))
    raw["commitments"]["1"]["status"] = "maybe"
    F.write(data, raw)
    git(repo, "add", "--", name)
    refused = git(repo, "commit", "-qm", "invalid", check=False, path=BARE_PATH)
    assert refused.returncode != 0 and "is not valid" in refused.stderr and "maybe" in refused.stderr
    assert not list(tmp_path.rglob("PWNED")) and not (repo / "x.json").exists()  # nothing ran, nothing written
    assert all(line.isprintable() for line in first.stdout.splitlines())


# --- outside a work tree -------------------------------------------------------------------------------


def test_in_a_bare_repository_it_is_a_usage_error(tmp_path: Path, cli: CliRunner) -> None:
    bare = tmp_path / "bare.git"
    bare.mkdir()
    git(bare, "init", "-q", "--bare")
    config = (bare / "config").read_bytes()
    done = cli("setup-git", "--data", str(tmp_path / "bare.git" / "config"), cwd=bare)
    assert done.returncode == 2 and "inside a git work tree" in done.stderr and done.stderr.count("\n") == 1
    assert (bare / "config").read_bytes() == config and not (bare / "hooks" / "pre-commit").exists()


# --- links, folders and other things in the way --------------------------------------------------------


@pytest.mark.parametrize("case", SETUP_GIT_CASES, ids=[c.name for c in SETUP_GIT_CASES])
def test_a_link_folder_or_unreadable_file_in_the_way_is_a_clear_error_and_nothing_is_written(
        case: SetupGitCase, tmp_path: Path, cli: CliRunner) -> None:
    words = case.words
    repo, _ = new_repo(tmp_path / "r")
    outside = case.make(repo)
    outside_bytes = outside.read_bytes() if isinstance(outside, Path) else None
    config = (repo / ".git" / "config").read_bytes()
    done = setup(cli, repo)
    assert done.returncode == 1, done.stderr
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("pledge-tui: error: ") and "internal error" not in lines[0]
    assert all(word in lines[0] for word in words), lines[0]
    assert done.stdout == "" and (repo / ".git" / "config").read_bytes() == config
    assert not (repo / ".git" / "hooks" / "pre-commit").exists()
    if outside_bytes is not None:
        assert isinstance(outside, Path) and outside.read_bytes() == outside_bytes


def test_a_link_inside_the_tree_is_written_through(tmp_path: Path, cli: CliRunner) -> None:
    repo, _ = new_repo(tmp_path / "r")
    (repo / "shared").mkdir()
    (repo / "shared" / "attributes").write_text("*.md text\n", encoding="utf-8")
    (repo / ".gitattributes").symlink_to("shared/attributes")
    assert setup(cli, repo).returncode == 0
    assert (repo / ".gitattributes").is_symlink()
    assert (repo / "shared" / "attributes").read_text(encoding="utf-8").endswith("merge=pledge-tui\n")


def test_a_hook_that_is_a_link_or_lives_outside_the_git_folder_is_left_alone(tmp_path: Path, cli: CliRunner) -> None:
    repo, _ = new_repo(tmp_path / "r")
    shared_hooks = tmp_path / "team-hooks"
    shared_hooks.mkdir()
    git(repo, "config", "core.hooksPath", str(shared_hooks))
    done = setup(cli, repo)
    assert done.returncode == 0 and "outside this repository's git folder" in done.stdout
    assert "add this line to it: " in done.stdout and "Not fully set up: 1 item" in done.stdout
    assert list(shared_hooks.iterdir()) == []

    linked, _ = new_repo(tmp_path / "linked")
    elsewhere = tmp_path / "elsewhere-hook"
    elsewhere.write_text("#!/bin/sh\nexit 0\n", encoding="utf-8")
    hooks = linked / ".git" / "hooks"
    hooks.mkdir(exist_ok=True)
    (hooks / "pre-commit").symlink_to(elsewhere)
    done = setup(cli, linked)
    assert done.returncode == 0 and "left alone" in done.stdout
    assert elsewhere.read_text(encoding="utf-8") == "#!/bin/sh\nexit 0\n"


# --- attributes someone turned off ------------------------------------------------------------------------


@pytest.mark.parametrize(("content", "words"), [
    ("/data/commitments.json merge=pledge-tui\n*.json merge=union\n", ("line 1", "git applies merge=union")),
    ("data/commitments.json merge=pledge-tui\ndata/commitments.json -merge\n", ("line 1", "merge=unset")),
    ("# data/commitments.json merge=pledge-tui\n", ("line 1", "commented out")),
    ("*.md text\n  #/data/commitments.json   merge=pledge-tui\n", ("line 2", "commented out")),
], ids=["overridden by a later glob", "unset later", "commented out", "commented out, indented"])
def test_an_attribute_turned_off_is_reported_not_claimed_and_not_added_again(
        content: str, words: tuple[str, ...], tmp_path: Path, cli: CliRunner) -> None:
    repo, _ = new_repo(tmp_path / "r")
    (repo / ".gitattributes").write_text(content, encoding="utf-8")
    done = setup(cli, repo)
    assert done.returncode == 0, done.stderr
    said = next(line for line in done.stdout.splitlines() if line.startswith(".gitattributes"))
    assert all(word in said for word in words), said
    assert "already uses" not in done.stdout and "added '" not in said
    # Not appended again; only the history log's line (not turned off) is added.
    log_line = "data/commitments.history.jsonl merge=pledge-tui\n"
    assert (repo / ".gitattributes").read_text(encoding="utf-8") == content + log_line
    assert done.stdout.endswith("Not fully set up: 1 item above left to you.\n")


def test_an_override_in_the_git_folder_is_reported_after_the_line_is_added(tmp_path: Path, cli: CliRunner) -> None:
    repo, _ = new_repo(tmp_path / "r")
    info = repo / ".git" / "info"
    info.mkdir(exist_ok=True)
    (info / "attributes").write_text("*.json merge=binary\n", encoding="utf-8")
    done = setup(cli, repo)
    assert done.returncode == 0
    assert "added '/data/commitments.json merge=pledge-tui'" not in done.stdout  # the pattern has a slash inside
    assert "added 'data/commitments.json merge=pledge-tui'" in done.stdout
    assert "git still applies merge=binary to data/commitments.json" in done.stdout
    assert done.stdout.endswith("Not fully set up: 1 item above left to you.\n")


# --- the patterns ---------------------------------------------------------------------------------------


def test_patterns_escape_what_git_would_read_otherwise() -> None:
    assert setup_git.attribute_pattern("data/commitments.json") == "data/commitments.json"
    assert setup_git.attribute_pattern("x.json") == "/x.json"
    assert setup_git.attribute_pattern("a b/c*.json") == '"a b/c\\\\*.json"'
    assert setup_git.attribute_pattern("new\nline.json") == '"/new\\nline.json"'
    assert setup_git.ignore_pattern("#dir/x.lock") == "\\#dir/x.lock"
    assert setup_git.ignore_pattern("trail  ") == "/trail\\ \\ "
    assert setup_git.ignore_pattern("a[1]/b?.lock") == "a\\[1]/b\\?.lock"
    assert setup_git.ignore_pattern("new\nline.lock") is None
