"""Temporary git repositories that hold a data file and its history log, set up with `setup-git`: for the
tests of the git workflow end to end (`validate --against`, the pre-commit hook, `conflicts` and `resolve`
after a `git pull`). And the ways to tamper with a committed history that the hook must refuse."""

from __future__ import annotations

import copy
import json
import os
import shutil
import subprocess
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest

from pledge_tui.dataset import log, rawio
from pledge_tui.dataset.merge_v3 import head_document, key_order, side_of_log
from pledge_tui.dataset.upgrade import RECORD_TABLES
from tests.common import CliRunner

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

BARE_PATH = "/usr/bin:/bin"
"""A PATH with git and a shell but no pledge-tui: what an IDE's or a GUI client's git often has."""
GIT_ENV = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.org", "GIT_CONFIG_NOSYSTEM": "1"}
DATA = "data/commitments.json"
LOG = "data/commitments.history.jsonl"

Entry = dict[str, Any]


def git(repo: Path, *args: str, check: bool = True, path: str | None = None) -> subprocess.CompletedProcess[str]:
    """git in `repo`, with a fixed identity, no system or user configuration, and (`path`) another PATH."""
    env = {k: v for k, v in os.environ.items() if k not in ("PLEDGE_TUI_DEBUG", "PLEDGE_TUI_DATA")}
    env.update(GIT_ENV, HOME=str(repo.parent))
    if path is not None:
        env["PATH"] = path
    done = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, env=env, timeout=120)
    if check:
        assert done.returncode == 0, done.stdout + done.stderr
    return done


def head(repo: Path) -> str:
    return git(repo, "rev-parse", "HEAD").stdout.strip()


def setup(cli: CliRunner, repo: Path) -> None:
    done = cli("setup-git", cwd=repo)
    assert done.returncode == 0, done.stderr


def commit_all(repo: Path, message: str) -> None:
    """`git add -A` and commit, through the pre-commit hook (which must let it through)."""
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", message)


def refused_commit(repo: Path, message: str = "tampered") -> subprocess.CompletedProcess[str]:
    """`git add -A` and a commit that the hook must refuse: HEAD does not move."""
    before = head(repo)
    git(repo, "add", "-A")
    done = git(repo, "commit", "-qm", message, check=False)
    assert done.returncode != 0 and "commit refused" in done.stderr, done.stdout + done.stderr
    assert head(repo) == before
    return done


# --- the files ----------------------------------------------------------------------------------------


def entries(data: Path) -> list[Entry]:
    """The entries of the log beside the data file `data`."""
    return [json.loads(line) for line in Path(log.log_path(str(data))).read_text(encoding="utf-8").splitlines()]


def write_entries(data: Path, logged: Sequence[Mapping[str, Any]]) -> None:
    Path(log.log_path(str(data))).write_bytes(log.lines_of(logged))


def tables(data: Path) -> dict[str, Any]:
    parsed: dict[str, Any] = rawio.parse_json(str(data), data.read_bytes())
    return parsed


def rebuilt(logged: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """The data file a log leads to: every record its entries leave, and the `heads` table, laid out as the
    write path lays them out. What someone who removes entries (and everything that depended on them) writes
    so that the data file still proves against the shortened log."""
    side = side_of_log(list(logged))
    out: dict[str, Any] = {table: {} for table in RECORD_TABLES}
    for (table, _key), doc in sorted(side.records.items(), key=lambda item: key_order(item[0])):
        out[table][str(len(out[table]) + 1)] = copy.deepcopy(doc)
    out["meta"] = {doc_id: {**doc, "schema_version": 3} for doc_id, doc in out["meta"].items()}
    out["heads"] = {str(n): head_document(t, k, ref, side.records.get((t, k)))
                    for n, ((t, k), ref) in enumerate(sorted(side.heads.items(), key=lambda i: key_order(i[0])), 1)}
    return out


def rewrite(data: Path, logged: Sequence[Mapping[str, Any]]) -> None:
    """Replace the log with `logged` and the data file with what it leads to (`rebuilt`)."""
    write_entries(data, logged)
    data.write_bytes(rawio.serialize(rebuilt(logged)))


def recorded_runs(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """Every command line the code under test passes to `subprocess.run` from now on (still run), in order:
    for the tests that check how git is called (the end-of-options marker, revisions never taken as options)."""
    seen: list[list[str]] = []
    real_run = subprocess.run

    def recording_run(argv: list[str], *args: Any, **kwargs: Any) -> Any:
        seen.append(list(argv))
        return real_run(argv, *args, **kwargs)

    monkeypatch.setattr(subprocess, "run", recording_run)
    return seen
