"""Running git for the commands that read from it or configure it (`diff REV:PATH`, `setup-git`).

Every failure becomes a one-line `UsageError` (exit 2) in the user's terms: git missing, not inside a
git repository, a revision or path git does not know. git's own message is kept, cleaned to one line.

No value from the user or the data ever reaches git where git would read it as an option: every call
that passes one puts it after git's end-of-options marker (`--end-of-options` for a revision, `--` for a
path or a config key and value), and a revision starting with `-` is refused outright (issue 23: `diff
"--output=FILE x:data.json" ...` made `git show` write FILE). Calls with constant arguments only need none.
"""

from __future__ import annotations

import os

from pledge_tui.errors import UsageError
from pledge_tui.sanitize import clean_line

GIT_TIMEOUT = 60


class GitFailed(Exception):
    """git ran and failed; `message` is its first line of complaint."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def git(*args: str, cwd: str | None = None) -> bytes:
    """git's standard output; raises `GitFailed` when git exits non-zero, `UsageError` when git is
    missing."""
    import subprocess  # here: every command imports this module (through `setup-git`'s), few run git

    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0"}
    try:
        done = subprocess.run(["git", *args], capture_output=True, cwd=cwd, env=env, timeout=GIT_TIMEOUT,
                              stdin=subprocess.DEVNULL, check=False)
    except FileNotFoundError:
        raise UsageError("git is not installed (or not on PATH)") from None
    except subprocess.TimeoutExpired:
        raise UsageError(f"git {args[0]} took more than {GIT_TIMEOUT} s; gave up") from None
    if done.returncode != 0:
        said = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitFailed(clean_line(said[0] if said else f"git {args[0]} failed (exit {done.returncode})"))
    return done.stdout


def git_text(*args: str, cwd: str | None = None) -> str:
    """git's standard output as text, without the final newline."""
    return git(*args, cwd=cwd).decode("utf-8", "replace").rstrip("\n")


def work_tree(cwd: str | None = None) -> str | None:
    """The top folder of the git work tree around `cwd`, or None when it is not inside one."""
    try:
        if git_text("rev-parse", "--is-inside-work-tree", cwd=cwd) != "true":
            return None
        return git_text("rev-parse", "--show-toplevel", cwd=cwd)
    except GitFailed:
        return None


def refuse_option_like(revision: str, what: str) -> None:
    """A usage error for a revision git would read as an option (issue 23)."""
    if revision.startswith("-"):
        raise UsageError(f"{what}: a revision cannot start with '-' (git would read it as an option)")


def commit_exists(revision: str, cwd: str | None = None) -> bool:
    """True when `revision` names a commit in the repository around `cwd` (False for an unknown name, and
    for HEAD in a repository without commits)."""
    try:
        git("rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}", cwd=cwd)
    except GitFailed:
        return False
    return True


def exists_at(revision: str, path: str, cwd: str | None = None) -> bool:
    """True when `path` (from the top of the work tree) is in `revision`, which exists (`git cat-file -e`)."""
    try:
        git("cat-file", "-e", "--end-of-options", f"{revision}:{path}", cwd=cwd)
    except GitFailed:
        return False
    return True


def file_at(revision: str, path: str, cwd: str | None = None) -> bytes | None:
    """The bytes of `path` (from the top of the work tree) at `revision`, which exists; None when the path
    is not in that revision."""
    if not exists_at(revision, path, cwd):
        return None
    return git("show", "--end-of-options", f"{revision}:{path}", cwd=cwd)


def show(revision: str, path: str, what: str) -> bytes:
    """The bytes of `path` as it was at `revision` (`git show REV:PATH`); `what` names the argument in
    errors ("OLD 'HEAD~1:data/commitments.json'")."""
    if not path:
        raise UsageError(f"{what}: give a path after the colon (REV:PATH)")
    refuse_option_like(revision, what)
    try:
        git("rev-parse", "--git-dir")
    except GitFailed:
        raise UsageError(f"{what}: no such file, and not inside a git repository to read REV:PATH from") from None
    try:
        return git("show", "--end-of-options", f"{revision}:{path}")
    except GitFailed as exc:
        raise UsageError(f"{what}: git cannot read it: {exc.message}") from None
