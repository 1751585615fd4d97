"""The `pledge-tui` command line (README "Command line", "Editing", "What changed" and "Team work"): the
parser, the dispatch, the error policy.

Each group of commands lives in its own module with a `register(subparsers)` that adds its parsers
and returns its handlers; this module only assembles them. Every error is one line on standard
error, `pledge-tui: error: ...`, with exit code 1 (data), 2 (usage) or 3 (busy); a traceback never
reaches the user unless PLEDGE_TUI_DEBUG=1.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Sequence
from typing import NoReturn

from pledge_tui import __version__, collector
from pledge_tui.cli import changes, configure, conflicts, read, shell, team, write
from pledge_tui.cli.common import (
    DEBUG_VAR,
    FILTER_OPTIONS,
    PROG,
    Parser,
    add_data_option,
    add_filter_options,
    add_stale_option,
    check_argument_count,
    path_argument,
    quiet,
    say,
)
from pledge_tui.cli.helptext import MainHelp, examples
from pledge_tui.cli.inputs import forget_stdin
from pledge_tui.dataset.catalogue import AS_RECORDED_AT
from pledge_tui.errors import PledgeError, UsageError

COMMAND_MODULES = (read, write, changes, team, conflicts, configure, shell)
"""Modules that contribute commands, in the order `--help` lists them."""

HANDLERS: dict[str, read.Handler] = {}


class RootParser(MainHelp, Parser):
    """`pledge-tui` itself: its --help ends with the exit codes and the environment variables."""


def build_parser() -> argparse.ArgumentParser:
    """The whole command line; `--data` is accepted before or after the subcommand."""
    parser = RootParser(prog=PROG, allow_abbrev=False, description=DESCRIPTION, epilog=MAIN_EXAMPLES)
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}",
                        help="print the version and exit")
    add_data_option(parser, default=None, reads_stdin=True)
    parser.add_argument("--export-dir", metavar="DIR", default=None, type=path_argument("--export-dir", kind="folder"),
                        help="where the browser's `e` key writes snapshots (default: $PLEDGE_TUI_EXPORT_DIR, else "
                             "the settings file's `export_dir`, else the current folder)")
    parser.add_argument("--since", metavar="DATE", default=None, dest="browse_since",
                        help="the browser: mark the cells changed since DATE (YYYY-MM-DD, YYYY-MM or "
                             "YYYY-MM-DDTHH:MM:SSZ)")
    parser.add_argument("--read-only", action="store_true",
                        help="open the browser without editing (the copy inside the installed package always is)")
    parser.add_argument("--theme", metavar="NAME", default=None,
                        help="the browser's colour theme, a Textual theme such as nord, gruvbox or textual-light "
                             "(default: $PLEDGE_TUI_THEME, else the settings file's `theme`, else textual-dark)")
    parser.add_argument("--at", metavar="DATE", default=None, dest="browse_at",
                        help=f"the browser: the data {AS_RECORDED_AT} the end of DATE (UTC; YYYY-MM-DD, YYYY-MM or "
                             "YYYY-MM-DDTHH:MM:SSZ), rebuilt from its history, read-only")
    add_filter_options(parser, dest_prefix=BROWSE_PREFIX)  # the browser opens filtered: `pledge-tui --type air`
    add_stale_option(parser, dest=f"{BROWSE_PREFIX}stale")  # and on old sources: `pledge-tui --stale 6`
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser, title="commands")
    for module in COMMAND_MODULES:
        for name, handler in module.register(sub).items():
            HANDLERS.setdefault(name, handler)  # a test may have put its own handler in first
    return parser


shell.PARSER_FACTORY[:] = [build_parser]

DESCRIPTION = """\
Browse the security guarantees promised to Ukraine by the Coalition of the Willing: who pledged troops, air \
patrols, naval demining, training, logistics, money or a backstop, on what conditions and on whose word. With \
no command, opens the browser (a terminal user interface); the commands script the same data.

Runs on Linux and macOS. The data file is JSON (a TinyDB database); a copy of the project's dataset ships \
with the program."""

MAIN_EXAMPLES = examples(
    ("open the browser on the bundled data (or ./data/commitments.json)", "pledge-tui"),
    ("who pledged air patrols, outright or on conditions", "pledge-tui list --type air --status pledged,conditional"),
    ("one member in full", "pledge-tui show poland"),
    ("a Markdown snapshot of the members ruling out ground forces",
     'pledge-tui export --type ground --status "ruled out" -o no-troops.md'),
    ("start editing a copy of the data", "pledge-tui init mine.json"),
    ("turn on tab completion in bash", 'eval "$(pledge-tui completion bash)"'),
)


BROWSE_PREFIX = "browse_"
"""The prefix of the attributes of the browser's filter and sort options (`browse_type`, ...)."""

BROWSER_OPTIONS = (("--export-dir", "export_dir", None), ("--since", "browse_since", None),
                   ("--read-only", "read_only", False), ("--theme", "theme", None), ("--at", "browse_at", None),
                   *((f"--{name}", f"{BROWSE_PREFIX}{name}", None if name == "sort" else "" if name == "search" else [])
                     for name in FILTER_OPTIONS),
                   ("--stale", f"{BROWSE_PREFIX}stale", None))
"""The root options only the browser reads: (flag, attribute, value when not given)."""


def refuse_browser_options(args: argparse.Namespace) -> None:
    """A browser option given with a command is a usage error rather than silently ignored: `pledge-tui
    --since 2026-03-01 list` would otherwise list everything, as if the date had been applied."""
    if args.command is None:
        return
    for flag, attribute, unset in BROWSER_OPTIONS:
        if getattr(args, attribute, unset) != unset:
            hint = " (for the changes since a date: `pledge-tui changes --since DATE`)" if flag == "--since" else ""
            if flag[2:] in (*FILTER_OPTIONS, "stale") and hasattr(args, flag[2:]):  # the command has the option itself
                hint = f" before the command's name; give it after: `pledge-tui {args.command} {flag} ...`"
            raise UsageError(f"{flag} is an option of the browser; `{args.command}` does not take it{hint}")


def entry() -> NoReturn:
    """The console script: `main`, then exit with its code.

    Everything still alive is frozen first (`collector.freeze`): the interpreter's last collections then skip
    the modules and the loaded dataset (`store._keep`) instead of walking them only to end the process,
    which halved the exit time of `list` at every size (benchmarks/PROFILE.md). Finalisation is otherwise
    the usual one (atexit handlers run, buffers are flushed): not `os._exit`."""
    code = main()
    collector.freeze()
    raise SystemExit(code)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `pledge-tui` script; returns the exit code."""
    quiet(False)
    forget_stdin()
    if sys.stdout is not None and hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(errors="replace")
    if sys.stderr is not None and hasattr(sys.stderr, "reconfigure"):
        sys.stderr.reconfigure(errors="backslashreplace")
    try:
        arguments = sys.argv[1:] if argv is None else list(argv)
        check_argument_count(arguments)
        args = build_parser().parse_args(arguments)
        refuse_browser_options(args)
        return HANDLERS.get(args.command, read.cmd_browse)(args)
    except PledgeError as exc:
        say(f"{PROG}: error: {exc}")
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader (`head`, a closed pager) went away: stop quietly, as Unix tools do.
        with contextlib.suppress(OSError, ValueError, AttributeError):
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        return 0
    except Exception as exc:
        if os.environ.get(DEBUG_VAR) == "1":
            raise
        say(f"{PROG}: error: internal error: {type(exc).__name__}: {exc} (set {DEBUG_VAR}=1 to see the traceback)")
        return 1
