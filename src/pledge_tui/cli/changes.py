"""The "what changed" commands (README "What changed"): `history`, `changes --since DATE` (the recorded
clock) and `changes --said-since DATE` (the said clock), `diff OLD NEW`, `blame MEMBER [TYPE]`.

Each builds its view (views/changes.py, views/diff.py) and hands it to a formatter (formats/changes_text,
changes_json, changes_md). The FILTERS are those of `list`: they pick members, and a change is shown
when its member matches in either of the two states compared (see `views.diff.member_shown`).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from types import ModuleType

from pledge_tui import collector
from pledge_tui.cli.common import add_data_option, add_filter_options, filter_from, one_member, write, write_bytes
from pledge_tui.cli.helptext import command_parser
from pledge_tui.cli.inputs import input_name, is_stdin, load_argument, load_input
from pledge_tui.dataset.catalogue import field_words
from pledge_tui.dataset.model import History
from pledge_tui.errors import UsageError
from pledge_tui.paths import resolve_data_path

Handler = Callable[[argparse.Namespace], int]
FORMATS = ("table", "json", "md")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> dict[str, Handler]:
    """Add `history`, `changes` and `diff` to the parser; return their handlers by name."""
    p_history = command_parser(
        sub, "history", summary="list the recorded changes, newest first",
        description="List the history entries the write commands recorded, newest first: when, who, which "
                    "fields went from what to what, on which sources, and the note. The filters select "
                    "commitment entries by type, status and condition (before or after the change) and members "
                    "by role and search.",
        example=[("every recorded change to Poland", "pledge-tui history poland"),
                 ("the changes to ground-force commitments since March, as JSON",
                  "pledge-tui history --type ground --since 2026-03-01 --format json")])
    add_data_option(p_history, reads_stdin=True)
    p_history.add_argument("member", nargs="?", metavar="MEMBER",
                           help="only this member's changes (id or name, case-insensitive)")
    add_filter_options(p_history)
    p_history.add_argument("--since", metavar="DATE",
                           help="only changes recorded on or after DATE (the recorded clock, UTC)")
    p_history.add_argument("--format", default="table", choices=FORMATS,
                           help="output format: a table to read, JSON or Markdown (default: table)")

    p_changes = command_parser(
        sub, "changes", summary="what changed since a date (recorded), or what was said since one",
        description="What changed since a date, on the recorded clock (when a change was recorded): the data as "
                    "it was at DATE, rebuilt from the history, against the data now, every table and field, each "
                    "change with its kind (status, conditions, lead, sources, dates, wording) and the entries that "
                    "made it. A record changed and changed back is no change. Or, on the said clock (when a "
                    "commitment was stated), the cells whose date is on or after a date, whenever they were "
                    "recorded. The filters pick members as in `list`; a member shows when it matches at either date.",
        example=[("everything that changed since 1 March", "pledge-tui changes --since 2026-03-01"),
                 ("ground forces only, as Markdown for a briefing",
                  "pledge-tui changes --since 2026-03-01 --type ground-forces --format md > since-march.md"),
                 ("what was said since June, whenever it was recorded", "pledge-tui changes --said-since 2026-06")])
    add_data_option(p_changes, reads_stdin=True)
    clock = p_changes.add_mutually_exclusive_group(required=True)
    clock.add_argument("--since", metavar="DATE",
                       help="the recorded clock: every change recorded from DATE on, then against now (YYYY-MM-DD "
                            "from the start of that day, UTC; YYYY-MM; or YYYY-MM-DDTHH:MM:SSZ)")
    clock.add_argument("--said-since", metavar="DATE",
                       help=f"the said clock: the cells whose {field_words('stated_on')} date is DATE or later "
                            "(YYYY-MM-DD, YYYY-MM or YYYY), whenever they were recorded")
    add_filter_options(p_changes)
    p_changes.add_argument("--format", default="table", choices=FORMATS,
                           help="output format: a table to read, JSON or Markdown (default: table)")

    p_diff = command_parser(
        sub, "diff", summary="compare two data files record by record",
        description="Compare two data files record by record (by member and type, or id): the cells whose "
                    "status, conditions, lead or summary changed, and the records, members, sources and events "
                    "added or removed. Exits 0 whether or not they differ.",
        example=[("what the last commit changed", "pledge-tui diff HEAD~1:data/commitments.json data/commitments.json"),
                 ("a colleague's copy against yours, air patrols only",
                  "pledge-tui diff data/commitments.json their.json --type air-patrol"),
                 ("a copy from a pipe against the file", "curl -s \"$URL\" | pledge-tui diff - data/commitments.json")])
    p_diff.add_argument("old", metavar="OLD", help="a data file, REV:PATH to read PATH from git at revision REV, or - "
                                                   "for standard input")
    p_diff.add_argument("new", metavar="NEW", help="a data file, REV:PATH, or - for standard input")
    add_filter_options(p_diff)
    p_diff.add_argument("--format", default="table", choices=FORMATS,
                        help="output format: a table to read, JSON or Markdown (default: table)")

    p_blame = command_parser(
        sub, "blame", summary="who set each value of a member (or one cell): entry, when, sources",
        description="For each field of a member and each of its cells (or, with TYPE, each field of that cell), the "
                    "newest history entry that set the value as it is now: its id, when it was recorded and said, "
                    "who, on which sources, and the note; or baseline when no entry did (the value is as the data "
                    "was when history began).",
        example=[("who set each of Poland's values", "pledge-tui blame poland"),
                 ("each field of Belgium's Air cell, as JSON", "pledge-tui blame BE air --format json")])
    add_data_option(p_blame, reads_stdin=True)
    p_blame.add_argument("member", metavar="MEMBER", help="member id, name or other name, any case or accents")
    p_blame.add_argument("type", nargs="?", metavar="TYPE", help="a contribution type: each field of that cell")
    p_blame.add_argument("--format", default="table", choices=FORMATS,
                         help="output format: a table to read, JSON or Markdown (default: table)")
    return {"history": cmd_history, "changes": cmd_changes, "diff": cmd_diff, "blame": cmd_blame}


def _settle() -> None:
    """Move everything loaded so far out of the garbage collector's sight (`collector.freeze`).

    `store.load` builds with the collector paused, so a whole dataset is still in its youngest
    generation; the next collections (during the diff, and the last one at exit) would each walk
    millions of objects that are not garbage. For two 10,000-member files that was a fifth of the
    command's time. The process ends when the command does, so nothing is kept longer than needed.
    """
    collector.freeze()


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
    from pledge_tui.views.clocks import since_moment

    f = filter_from(args)
    if args.sort != "name":
        raise UsageError("--sort does not apply to history: entries are listed newest first")
    since = since_moment(args.since) if args.since is not None else None
    dataset = load_input(resolve_data_path(args.data), trust_cache=True, reads_history=True).dataset
    from pledge_tui.views.changes import history_lines, member_of  # (while the log is read: `reads_history`)
    from pledge_tui.views.entries import is_listed

    member_id = None
    if args.member is not None:
        member_id = member_of(dataset, args.member)
        if member_id is None:
            names = [m.name for m in dataset.members] + [m.id for m in dataset.members]
            import difflib

            close = difflib.get_close_matches(args.member, names, n=3, cutoff=0.6)
            hint = f"; did you mean {' or '.join(close)}?" if close else "; `pledge-tui list` shows ids and names"
            raise UsageError(f"unknown member {args.member[:80]!r}{hint}")
    with collector.paused():  # a line and its changes per entry, a dict per entry for JSON: no garbage
        lines = history_lines(dataset, f, member_id, since)
        total = sum(1 for entry in dataset.history if is_listed(entry))
        formatter = _formatter(args.format)
        exact = args.format == "json" and isinstance(dataset.history, History) and dataset.history.float_free
        data = formatter.encoded_history(lines, **_options("json")) if exact else None
        if data is not None:
            write_bytes(data, b"\n")
        else:
            write(formatter.render_history(lines, total, **_options(args.format)))
    return 0


def cmd_changes(args: argparse.Namespace) -> int:
    """`changes --since DATE`: the diff of the data then and now, each change with the entries that made it
    (the recorded clock); `changes --said-since DATE`: the cells stated since DATE (the said clock)."""

    f = filter_from(args)
    if args.said_since is not None:
        from pledge_tui.views.clocks import said_day
        from pledge_tui.views.said import said_since

        said_day(args.said_since)  # a bad date is a usage error before the file is read
        dataset = load_input(resolve_data_path(args.data), trust_cache=True, reads_history=True).dataset
        write(_formatter(args.format).render_said(said_since(dataset, args.said_since, f, args.sort),
                                                  **_options(args.format)))
        return 0
    from pledge_tui.views.changes import changes_since
    from pledge_tui.views.clocks import since_moment

    since_moment(args.since)  # a bad date is a usage error before the file is read
    dataset = load_input(resolve_data_path(args.data), trust_cache=True, reads_history=True).dataset
    _settle()
    changes = changes_since(dataset, args.since, f, args.sort)
    write(_formatter(args.format).render_changes(changes, **_options(args.format)))
    return 0


def cmd_blame(args: argparse.Namespace) -> int:
    """`blame MEMBER [TYPE]`: per member field and per cell (or per field of one cell), the newest entry
    that set the value, or baseline."""
    from pledge_tui.views.filters import parse_slug

    type_slug = parse_slug(args.type, "types", "TYPE") if args.type is not None else None
    dataset = load_input(resolve_data_path(args.data), trust_cache=True, reads_history=True).dataset
    from pledge_tui.views.blame import blame  # (while the log is read: `reads_history`)

    member = one_member(dataset, args.member, elsewhere=" (`history MEMBER` also knows members since removed)")
    write(_formatter(args.format).render_blame(blame(dataset, member, type_slug), **_options(args.format)))
    return 0


def cmd_diff(args: argparse.Namespace) -> int:
    """`diff OLD NEW`: record-level differences between two data files (or git revisions of one)."""
    from pledge_tui.views.diff import diff_datasets

    f = filter_from(args)
    if is_stdin(args.old) and is_stdin(args.new):
        raise UsageError("OLD and NEW cannot both be standard input (-): it can be read only once")
    old = load_argument(args.old, "OLD")
    new = load_argument(args.new, "NEW")
    _settle()
    difference = diff_datasets(old, new, f, args.sort)
    write(_formatter(args.format).render_diff(difference, input_name(args.old), input_name(args.new),
                                             **_options(args.format)))
    return 0
