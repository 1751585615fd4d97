"""The "what changed" commands (spec sections 11 and 16): `history`, `changes --since DATE` (the recorded
clock) and `changes --said-since DATE` (the said clock), `diff OLD NEW`, `blame MEMBER [TYPE]`.

Each builds its view (views/changes.py, views/diff.py) and hands it to a formatter (formats/changes_text,
changes_json, changes_md). The FILTERS are those of `list`: they pick members, and a change is shown
when its member matches in either of the two states compared (see `views.diff.member_shown`).
"""

from __future__ import annotations

import argparse
import difflib
import gc
import os
import sys
from collections.abc import Callable
from types import ModuleType
from typing import TYPE_CHECKING

from pledge_tui.cli.common import add_data_option, add_filter_options, filter_from, write
from pledge_tui.errors import DataError, Problem, UsageError
from pledge_tui.paths import resolve_data_path

if TYPE_CHECKING:
    from pledge_tui.dataset.model import Dataset

Handler = Callable[[argparse.Namespace], int]
FORMATS = ("table", "json", "md")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> dict[str, Handler]:
    """Add `history`, `changes` and `diff` to the parser; return their handlers by name."""
    p_history = sub.add_parser("history", help="list the recorded changes, newest first", allow_abbrev=False)
    add_data_option(p_history)
    p_history.add_argument("member", nargs="?", metavar="MEMBER",
                           help="only this member's changes (id or name, case-insensitive)")
    add_filter_options(p_history)
    p_history.add_argument("--since", metavar="DATE",
                           help="only changes recorded on or after DATE (the recorded clock, UTC)")
    p_history.add_argument("--format", default="table", choices=FORMATS, help="output format (default: table)")

    p_changes = sub.add_parser("changes", help="what changed since a date (recorded), or what was said since one",
                               allow_abbrev=False)
    add_data_option(p_changes)
    clock = p_changes.add_mutually_exclusive_group(required=True)
    clock.add_argument("--since", metavar="DATE",
                       help="the recorded clock: every change recorded from DATE on, then against now (YYYY-MM-DD "
                            "from the start of that day, UTC; YYYY-MM; or YYYY-MM-DDTHH:MM:SSZ)")
    clock.add_argument("--said-since", metavar="DATE",
                       help="the said clock: the cells whose stated-on date is DATE or later (YYYY-MM-DD, YYYY-MM "
                            "or YYYY), whenever they were recorded")
    add_filter_options(p_changes)
    p_changes.add_argument("--format", default="table", choices=FORMATS, help="output format (default: table)")

    p_diff = sub.add_parser("diff", help="compare two data files record by record", allow_abbrev=False)
    p_diff.add_argument("old", metavar="OLD", help="a data file, or REV:PATH to read PATH from git at revision REV")
    p_diff.add_argument("new", metavar="NEW", help="a data file, or REV:PATH")
    add_filter_options(p_diff)
    p_diff.add_argument("--format", default="table", choices=FORMATS, help="output format (default: table)")

    p_blame = sub.add_parser(
        "blame", help="who set each value of a member (or one cell): entry, when, sources", allow_abbrev=False,
        description="For each field of a member and each of its cells (or, with TYPE, each field of that cell), the "
                    "newest history entry that set the value as it is now: its reference, when it was recorded and "
                    "said, who, on which sources, and the note; or baseline when no entry did (the value is as the "
                    "data was when history began).",
        epilog="examples:\n  who set each of Poland's values\n    pledge-tui blame poland\n  each field of "
               "Belgium's Air cell, as JSON\n    pledge-tui blame BE air --format json",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    add_data_option(p_blame)
    p_blame.add_argument("member", metavar="MEMBER", help="member id, name or other name, any case or accents")
    p_blame.add_argument("type", nargs="?", metavar="TYPE", help="a contribution type: each field of that cell")
    p_blame.add_argument("--format", default="table", choices=FORMATS, help="output format (default: table)")
    return {"history": cmd_history, "changes": cmd_changes, "diff": cmd_diff, "blame": cmd_blame}


def _settle() -> None:
    """Move everything loaded so far out of the garbage collector's sight (`gc.freeze`).

    `store.load` builds with the collector paused, so a whole dataset is still in its youngest
    generation; the next collections (during the diff, and the last one at exit) would each walk
    millions of objects that are not garbage. For two 10,000-member files that was a fifth of the
    command's time. The process ends when the command does, so nothing is kept longer than needed.
    """
    gc.freeze()


def _formatter(name: str) -> ModuleType:
    """The module that writes a format: `render_history`, `render_changes` and `render_diff` each."""
    if name == "json":
        from pledge_tui.formats import changes_json

        return changes_json
    if name == "md":
        from pledge_tui.formats import changes_md

        return changes_md
    from pledge_tui.formats import changes_text

    return changes_text


def _options(name: str) -> dict[str, bool]:
    """JSON is indented for a person at a terminal, compact for a pipe (as `list` does)."""
    return {"pretty": sys.stdout.isatty()} if name == "json" else {}


def cmd_history(args: argparse.Namespace) -> int:
    """`history [MEMBER]`: the entries, newest first."""
    from pledge_tui.dataset import store
    from pledge_tui.views.changes import history_lines, member_of
    from pledge_tui.views.clocks import since_moment

    f = filter_from(args)
    if args.sort != "name":
        raise UsageError("--sort does not apply to history: entries are listed newest first")
    since = since_moment(args.since) if args.since is not None else None
    dataset = store.load(resolve_data_path(args.data)).dataset
    member_id = None
    if args.member is not None:
        member_id = member_of(dataset, args.member)
        if member_id is None:
            names = [m.name for m in dataset.members] + [m.id for m in dataset.members]
            close = difflib.get_close_matches(args.member, names, n=3, cutoff=0.6)
            hint = f"; did you mean {' or '.join(close)}?" if close else "; `pledge-tui list` shows ids and names"
            raise UsageError(f"unknown member {args.member[:80]!r}{hint}")
    lines = history_lines(dataset, f, member_id, since)
    write(_formatter(args.format).render_history(lines, len(dataset.history), **_options(args.format)))
    return 0


def cmd_changes(args: argparse.Namespace) -> int:
    """`changes --since DATE`: the diff of the data then and now, each change with the entries that made it
    (the recorded clock); `changes --said-since DATE`: the cells stated since DATE (the said clock)."""
    from pledge_tui.dataset import store

    f = filter_from(args)
    if args.said_since is not None:
        from pledge_tui.views.clocks import said_day
        from pledge_tui.views.said import said_since

        said_day(args.said_since)  # a bad date is a usage error before the file is read
        dataset = store.load(resolve_data_path(args.data)).dataset
        write(_formatter(args.format).render_said(said_since(dataset, args.said_since, f, args.sort),
                                                  **_options(args.format)))
        return 0
    from pledge_tui.views.changes import changes_since
    from pledge_tui.views.clocks import since_moment

    since_moment(args.since)  # a bad date is a usage error before the file is read
    dataset = store.load(resolve_data_path(args.data)).dataset
    _settle()
    changes = changes_since(dataset, args.since, f, args.sort)
    write(_formatter(args.format).render_changes(changes, **_options(args.format)))
    return 0


def cmd_blame(args: argparse.Namespace) -> int:
    """`blame MEMBER [TYPE]`: per member field and per cell (or per field of one cell), the newest entry
    that set the value, or baseline."""
    from pledge_tui.dataset import store
    from pledge_tui.views.blame import blame
    from pledge_tui.views.filters import parse_slug
    from pledge_tui.views.search import ALIASES, find_members

    type_slug = parse_slug(args.type, "types", "TYPE") if args.type is not None else None
    dataset = store.load(resolve_data_path(args.data)).dataset
    found = find_members(dataset.members, args.member)
    asked = args.member[:80]
    if len(found) > 1:
        listed = ", ".join(f"{m.name} ({m.id})" for m in found)
        raise UsageError(f"ambiguous member {asked!r}: it names {listed}; give the id")
    if not found:
        names = [*(m.name for m in dataset.members), *(m.id for m in dataset.members),
                 *(alias for m in dataset.members for alias in ALIASES.get(m.id, ()))]
        close = difflib.get_close_matches(args.member, names, n=3, cutoff=0.6)
        hint = (f"; did you mean {' or '.join(close)}?" if close
                else "; `pledge-tui list` shows ids and names (`history MEMBER` also knows members since removed)")
        raise UsageError(f"unknown member {asked!r}{hint}")
    write(_formatter(args.format).render_blame(blame(dataset, found[0], type_slug), **_options(args.format)))
    return 0


def cmd_diff(args: argparse.Namespace) -> int:
    """`diff OLD NEW`: record-level differences between two data files (or git revisions of one)."""
    from pledge_tui.views.diff import diff_datasets

    f = filter_from(args)
    old = load_argument(args.old, "OLD")
    new = load_argument(args.new, "NEW")
    _settle()
    difference = diff_datasets(old, new, f, args.sort)
    write(_formatter(args.format).render_diff(difference, args.old, args.new, **_options(args.format)))
    return 0


def load_argument(argument: str, what: str) -> Dataset:
    """The dataset an OLD or NEW argument names: a file when one exists at that path (even if its name
    has a colon), else `REV:PATH` read from git."""
    from pledge_tui.dataset import store

    if ":" not in argument or os.path.lexists(argument):
        return store.load(argument).dataset
    from pledge_tui.cli import git
    from pledge_tui.dataset.validate import build_dataset

    revision, _, path = argument.partition(":")
    data = git.show(revision, path, f"{what} {argument[:200]!r}")
    if len(data) > store.MAX_BYTES:
        raise DataError(argument, [Problem(f"is too large (the limit is {store.MAX_BYTES // 1_000_000} MB)")])
    raw = store.parse_json(argument, data)
    del data
    collecting = gc.isenabled()
    gc.disable()  # as `store.load` does: building the model allocates no garbage
    try:
        dataset, problems = build_dataset(raw)
    finally:
        if collecting:
            gc.enable()
    if dataset is None:
        raise DataError(argument, problems)
    return dataset
