"""`validate --against REV` (README "Editing"): the history log as it was at a git revision, for
`dataset.append_only` to compare with the log now.

REV alone names the same file in the revision: its path from the top of the git work tree around the file
(a symbolic link's target, where its log sits). `REV:PATH` names another path, for a file that is a copy
(the pre-commit hook validates copies of the staged files in a temporary folder: `--against
HEAD:data/commitments.json`). git is run as everywhere else (`cli.git`): the revision after the
end-of-options marker, one starting with `-` refused. An unknown revision is a usage error (exit 2); a
revision in which the file or its log does not exist yet (before the file's first commit, or before its
upgrade to schema version 3) is not: there is nothing to compare, and the rest is checked.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from pledge_tui.cli.git import GitFailed, commit_exists, exists_at, file_at, git, refuse_option_like, work_tree
from pledge_tui.errors import DataError, UsageError, printable


@dataclass(frozen=True, slots=True)
class EarlierLog:
    """The history log of the validated file at a revision."""

    revision: str
    """As given (`HEAD`): how messages name it."""
    name: str
    """`REV:PATH` of the log, for messages."""
    rows: tuple[tuple[int, Any], ...] | None
    """The log's parsed lines (line number, value; a line that does not parse is left out: it could not have
    been an entry then); None when the revision has no log for the file."""
    why_none: str = ""
    """When `rows` is None: why there is nothing to compare, in a few words."""


def _parsed(name: str, data: bytes) -> tuple[tuple[int, Any], ...]:
    from pledge_tui.dataset import log

    try:
        rows, _ = log.parse_log(name, data)
    except DataError:  # a byte-order mark: not a log any version of pledge-tui wrote
        return ()
    return tuple(rows)


def _path_in_work_tree(path: str, what: str) -> tuple[str, str]:
    """(the work tree's top, the file's path from it, with `/`) for the file at `path`."""
    real = os.path.realpath(path)
    top = work_tree(os.path.dirname(real))
    if top is None:
        raise UsageError(printable(f"{what}: {path} is not in a git work tree; name the file as it is in the "
                                   "repository with --against REV:PATH"))
    relative = os.path.relpath(real, os.path.realpath(top))
    if relative == os.pardir or relative.startswith(os.pardir + os.sep):
        raise UsageError(printable(f"{what}: {path} is outside the git work tree {top}"))
    return top, relative.replace(os.sep, "/")


def earlier_log(path: str, against: str) -> EarlierLog:
    """The history log of the data file at `path` as it was at `against` (`REV` or `REV:PATH`). Raises
    `UsageError` (exit 2) for an empty or option-like revision, a file outside git, an unknown revision."""
    from pledge_tui.dataset.log import log_name

    what = printable(f"--against {against[:200]!r}")
    revision, colon, in_repository = against.partition(":")
    if colon and not in_repository:
        raise UsageError(f"{what}: give a path after the colon (REV:PATH)")
    if not revision:
        raise UsageError(f"{what}: name a revision (HEAD, a branch, a commit)")
    refuse_option_like(revision, what)
    cwd: str | None
    if colon:
        cwd = None
    else:
        cwd, in_repository = _path_in_work_tree(path, what)
    try:
        git("rev-parse", "--git-dir", cwd=cwd)
    except GitFailed:
        raise UsageError(f"{what}: not inside a git repository") from None
    if not commit_exists(revision, cwd):
        unborn = " (a repository without commits has no HEAD yet)" if revision == "HEAD" else ""
        raise UsageError(printable(f"{what}: git knows no commit {revision[:200]!r} here{unborn}"))
    history = log_name(in_repository)
    name = f"{revision}:{history}"
    data = file_at(revision, history, cwd)
    if data is not None:
        return EarlierLog(revision, name, _parsed(name, data))
    if exists_at(revision, in_repository, cwd):
        why = f"{in_repository} has no history log at {revision} (schema version 2 or older then)"
    else:
        why = f"{in_repository} is not in {revision} (it was added after it)"
    return EarlierLog(revision, name, None, printable(why))
