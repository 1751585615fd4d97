"""No value from the user reaches git as an option (issue 23 item 1).

`pledge-tui diff "--output=DIR/x y:data.json" data.json` handed the revision `--output=DIR/x y` to
`git show`, which then wrote a file wherever the user could write. A revision starting with `-` is now a
usage error, and every git call puts user values after git's end-of-options marker.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from pledge_tui.cli import git
from pledge_tui.errors import UsageError
from tests import factories as F
from tests.common import CliRunner
from tests.git_repos import recorded_runs

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def _git(repo: Path, *args: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.org", "GIT_CONFIG_NOSYSTEM": "1"}
    subprocess.run(["git", "-C", str(repo), *args], capture_output=True, check=True, env=env)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    path = tmp_path / "repo"
    path.mkdir()
    _git(path, "init", "-q")
    F.write(path / "data.json", F.raw_dataset())
    _git(path, "add", ".")
    _git(path, "commit", "-qm", "one")
    return path


@pytest.mark.parametrize("argv", [
    ["diff", "--output={out}/x y:data.json", "data.json"],  # a space: argparse takes it as a positional
    ["diff", "--", "--output={out}/z:data.json", "data.json"],  # after `--`, any leading `-` does
    ["diff", "data.json", "--", "-p:data.json"],
    ["diff", "--", "-:data.json", "data.json"],
])
def test_a_revision_that_starts_with_a_dash_is_a_usage_error_and_git_writes_nothing(
        argv: list[str], repo: Path, tmp_path: Path, cli: CliRunner) -> None:
    out = tmp_path / "out"
    out.mkdir()
    done = cli(*[a.format(out=out) for a in argv], cwd=repo)
    assert done.returncode == 2, done.stderr
    assert "a revision cannot start with '-'" in done.stderr and done.stderr.count("\n") == 1
    assert list(out.iterdir()) == []
    assert "Traceback" not in done.stderr and done.stdout == ""


def test_a_revision_is_passed_after_end_of_options(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen = recorded_runs(monkeypatch)
    monkeypatch.chdir(repo)
    assert git.show("HEAD", "data.json", "OLD") == (repo / "data.json").read_bytes()
    shows = [argv for argv in seen if "show" in argv]
    assert shows == [["git", "show", "--end-of-options", "HEAD:data.json"]]
    with pytest.raises(UsageError, match="cannot start with '-'"):
        git.show("--output=x", "data.json", "OLD")


MARKERS = ("--", "--end-of-options")


def test_setup_git_gives_git_every_name_after_an_end_of_options_marker(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from pledge_tui import cli

    repo = tmp_path / "-repo"
    repo.mkdir()
    _git(repo, "init", "-q")
    data = F.write(repo / "-p y.json", F.raw_dataset())
    seen = recorded_runs(monkeypatch)
    monkeypatch.chdir(repo)
    monkeypatch.delenv("PLEDGE_TUI_DATA", raising=False)
    assert cli.main(["setup-git", "--data", str(data)]) == 0, capsys.readouterr().err
    calls = [argv for argv in seen if argv[0] == "git"]
    assert {argv[1] for argv in calls} >= {"check-attr", "check-ignore", "config", "rev-parse"}
    for argv in calls:
        for position, argument in enumerate(argv[1:], start=1):
            if "-p y.json" in argument or argument.startswith("merge.pledge-tui") or " -m pledge_tui" in argument:
                assert any(m in argv[1:position] for m in MARKERS), argv  # a value, never an option
