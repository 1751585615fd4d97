"""The `pledge-tui` command line (spec section 5).

Imports are kept lazy: `list`, `show`, `validate` and `export` never load Textual or Rich, and the
browser's modules are imported only when the browser is opened. Every error is one line on standard
error, `pledge-tui: error: ...`, with exit code 1 (data) or 2 (usage); a traceback never reaches the
user unless PLEDGE_TUI_DEBUG=1.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import NoReturn

from pledge_tui import __version__
from pledge_tui.errors import DataError, PledgeError, UsageError, printable
from pledge_tui.filters import Filter, parse_slugs
from pledge_tui.paths import resolve_data_path
from pledge_tui.vocab import CONDITIONS, ROLES, SORTS, STATUSES, TYPES

PROG = "pledge-tui"
DEBUG_VAR = "PLEDGE_TUI_DEBUG"


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line (and exit 2) instead of a usage dump."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see `{self.prog} --help`)")


def _add_data_option(parser: argparse.ArgumentParser, *, default: object) -> None:
    parser.add_argument("--data", metavar="FILE", default=default,
                        help="data file (default: $PLEDGE_TUI_DATA, ./data/commitments.json, "
                             "else the bundled copy)")


def _add_filter_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("filters (each repeatable, or comma-separated)")
    group.add_argument("--type", action="append", default=[], metavar="SLUG",
                       help="contribution type: " + ", ".join(TYPES))
    group.add_argument("--status", action="append", default=[], metavar="SLUG",
                       help="status: " + ", ".join(STATUSES))
    group.add_argument("--condition", action="append", default=[], metavar="SLUG",
                       help="condition: " + ", ".join(CONDITIONS))
    group.add_argument("--role", action="append", default=[], metavar="SLUG", help="role: " + ", ".join(ROLES))
    group.add_argument("--search", default="", metavar="TEXT",
                       help="case-insensitive text in id, name, stance, caveats or commitment summaries")
    group.add_argument("--sort", default="name", choices=SORTS, help="order of the members (default: name)")


def build_parser() -> argparse.ArgumentParser:
    """The whole command line; `--data` is accepted before or after the subcommand."""
    parser = _Parser(prog=PROG, allow_abbrev=False,
                     description="Browse the security guarantees promised to Ukraine by the Coalition of "
                                 "the Willing. With no command, opens the browser.")
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    _add_data_option(parser, default=None)
    parser.add_argument("--export-dir", metavar="DIR", default=None,
                        help="where the browser's `e` key writes snapshots (default: the current folder)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    p_list = sub.add_parser("list", help="list the members that match the filters", allow_abbrev=False)
    _add_data_option(p_list, default=argparse.SUPPRESS)
    _add_filter_options(p_list)
    p_list.add_argument("--format", default="table", choices=("table", "json", "csv"),
                        help="output format (default: table)")

    p_show = sub.add_parser("show", help="show one member in full", allow_abbrev=False)
    _add_data_option(p_show, default=argparse.SUPPRESS)
    p_show.add_argument("member", metavar="MEMBER", help="member id or name, case-insensitive")

    p_export = sub.add_parser("export", help="write a Markdown snapshot of the filtered view", allow_abbrev=False)
    _add_data_option(p_export, default=argparse.SUPPRESS)
    _add_filter_options(p_export)
    p_export.add_argument("-o", "--output", default="-", metavar="FILE",
                          help="file to write, or - for standard output (default)")
    p_export.add_argument("--now", default=None, metavar="ISO-8601",
                          help="generation time to record (default: $SOURCE_DATE_EPOCH, else now)")

    p_validate = sub.add_parser("validate", help="check a data file and list every problem", allow_abbrev=False)
    p_validate.add_argument("file", nargs="?", metavar="FILE", help="data file (default: as for --data)")
    return parser


def _filter_from(args: argparse.Namespace) -> Filter:
    return Filter(
        types=parse_slugs(args.type, "types"),
        statuses=parse_slugs(args.status, "statuses"),
        conditions=parse_slugs(args.condition, "conditions"),
        roles=parse_slugs(args.role, "roles"),
        search=args.search,
    )


def _write(text: str) -> None:
    sys.stdout.write(text)
    sys.stdout.flush()


def cmd_list(args: argparse.Namespace) -> int:
    """`list`: the filtered members as a table, JSON or CSV."""
    from pledge_tui import listing, store
    from pledge_tui.filters import apply_filter

    f = _filter_from(args)
    loaded = store.load(resolve_data_path(args.data))
    members = apply_filter(loaded.dataset.members, f, args.sort)
    if args.format == "json":
        _write(listing.render_json(members, pretty=sys.stdout.isatty()))
    elif args.format == "csv":
        _write(listing.render_csv(members))
    else:
        _write(listing.render_table(members, total=len(loaded.dataset.members)))
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    """`show MEMBER`: one member in full."""
    import difflib

    from pledge_tui import listing, store

    dataset = store.load(resolve_data_path(args.data)).dataset
    member = dataset.find_member(args.member)
    if member is None:
        names = [m.name for m in dataset.members] + [m.id for m in dataset.members]
        close = difflib.get_close_matches(args.member, names, n=3, cutoff=0.6)
        hint = f"; did you mean {' or '.join(close)}?" if close else "; `pledge-tui list` shows ids and names"
        raise UsageError(f"unknown member {args.member[:80]!r}{hint}")
    _write(listing.render_member(dataset, member))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    """`export`: the Markdown snapshot of the filtered view, to a file or standard output."""
    from pledge_tui import export, store

    f = _filter_from(args)
    generated_at = export.resolve_generated_at(args.now, os.environ)
    path = resolve_data_path(args.data)
    loaded = store.load(path)
    text = export.render_snapshot(loaded, f, args.sort, generated_at)
    if args.output == "-":
        _write(text)
    else:
        written = export.write_snapshot(text, args.output, data_path=path)
        print(f"{PROG}: wrote {written}", file=sys.stderr)
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    """`validate [FILE]`: every problem, one per line, then a count."""
    from pledge_tui import store

    path = args.file or resolve_data_path(getattr(args, "data", None))
    try:
        loaded = store.load(path)
    except DataError as exc:
        for line in exc.lines():
            print(f"{PROG}: error: {line}", file=sys.stderr)
        count = len(exc.problems)
        print(f"{PROG}: {count} problem{'s' if count != 1 else ''} found in {path}", file=sys.stderr)
        return exc.exit_code
    d = loaded.dataset
    commitments = sum(len(m.commitments) for m in d.members)
    _write(f"{path}: valid ({len(d.members)} members, {commitments} commitments, {len(d.sources)} sources, "
           f"{len(d.events)} events; as of {d.meta.as_of})\n")
    return 0


def cmd_browse(args: argparse.Namespace) -> int:
    """No command: open the browser on the resolved data file."""
    from pledge_tui import store

    export_dir = args.export_dir or "."
    if not os.path.isdir(export_dir):
        raise UsageError(f"export folder {export_dir!r} does not exist or is not a folder (--export-dir)")
    path = resolve_data_path(args.data)
    loaded = store.load(path)  # a bad file is reported here, before anything is drawn
    try:
        from pledge_tui.ui.app import run_browser
    except ImportError:  # the browser is not built yet: show the list instead
        from pledge_tui import listing

        _write(listing.render_table(list(loaded.dataset.members), total=len(loaded.dataset.members)))
        return 0
    return run_browser(loaded, export_dir=export_dir)


HANDLERS = {"list": cmd_list, "show": cmd_show, "export": cmd_export, "validate": cmd_validate}


def entry() -> NoReturn:
    """The console script: `main`, then exit without tearing the interpreter down.

    All output is flushed first; what is skipped is freeing every object one by one, which costs
    ~85 ms after loading 10,000 members and serves no purpose in a process that is ending.
    """
    code = main()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:
        pass
    os._exit(code)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `pledge-tui` script; returns the exit code."""
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(errors="replace")
    if hasattr(sys.stderr, "reconfigure"):
        sys.stderr.reconfigure(errors="backslashreplace")
    try:
        args = build_parser().parse_args(argv)
        return HANDLERS.get(args.command, cmd_browse)(args)
    except PledgeError as exc:
        print(f"{PROG}: error: {printable(str(exc))}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader (`head`, a closed pager) went away: stop quietly, as Unix tools do.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except Exception as exc:
        if os.environ.get(DEBUG_VAR) == "1":
            raise
        print(f"{PROG}: error: internal error: {type(exc).__name__}: {printable(str(exc))} "
              f"(set {DEBUG_VAR}=1 to see the traceback)", file=sys.stderr)
        return 1
