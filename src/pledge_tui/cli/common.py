"""What every command module of the command line shares: the parser class, the common options, output.

Kept free of Textual and Rich, and cheap to import: every scripted call pays for it.
"""

from __future__ import annotations

import argparse
import sys
from typing import NoReturn

from pledge_tui.dataset.vocab import CONDITIONS, ROLES, SORTS, STATUSES, TYPES
from pledge_tui.errors import UsageError
from pledge_tui.views.filters import Filter, parse_slugs

PROG = "pledge-tui"
DEBUG_VAR = "PLEDGE_TUI_DEBUG"


class Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line (and exit 2) instead of a usage dump."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see `{self.prog} --help`)")


def add_data_option(parser: argparse.ArgumentParser, *, default: object = argparse.SUPPRESS) -> None:
    """`--data FILE`, accepted before the subcommand (default None) and after it (suppressed default)."""
    parser.add_argument("--data", metavar="FILE", default=default,
                        help="data file (default: $PLEDGE_TUI_DATA, ./data/commitments.json, "
                             "else the bundled copy)")


def add_filter_options(parser: argparse.ArgumentParser) -> None:
    """The FILTERS of spec section 5, and `--sort`."""
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


def filter_from(args: argparse.Namespace) -> Filter:
    """The filter the FILTERS options describe; unknown slugs are usage errors."""
    return Filter(
        types=parse_slugs(args.type, "types"),
        statuses=parse_slugs(args.status, "statuses"),
        conditions=parse_slugs(args.condition, "conditions"),
        roles=parse_slugs(args.role, "roles"),
        search=args.search,
    )


def write(text: str) -> None:
    """Standard output, flushed (a pipe reader sees the whole answer before the exit)."""
    sys.stdout.write(text)
    sys.stdout.flush()
