"""How `--help` is laid out, and what every help shares: examples, exit codes, environment variables.

Every command's parser gets a description and an `examples:` epilog (`command_parser`); the main help ends
with the exit codes and the environment variables. The shell completions and the man page are generated
from the same parser (cli/shell.py, cli/manpage.py), and tests/test_help.py fails when a command or an
option lacks its help text or a command its example, so a new command is documented everywhere at once.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

EXAMPLES_HEADING = "examples:"

EXIT_CODES: tuple[tuple[str, str], ...] = (
    ("0", "success"),
    ("1", "the data could not be read or is invalid, a change was refused, a file could not be written, or "
          "standard output is closed or is the data file"),
    ("2", "usage error: an unknown option, value or member, an ambiguous name, a missing or empty path, a bad "
          "settings file"),
    ("3", "the data file is busy (its lock was held for 5 s) or was changed under the writer"),
    ("129, 143", "ended by SIGHUP or SIGTERM (128 + the signal's number)"),
)
"""The exit codes every command shares (errors.py has one exception class per code)."""

def environment() -> tuple[tuple[str, str], ...]:
    """The environment variables pledge-tui reads, for the main help and the man page (made when asked for:
    the settings' own come from `pledge_tui.config`, which no command but `config` otherwise imports)."""
    from pledge_tui.config import SETTINGS

    settings = tuple((info.variable, f"{info.meaning}; wins over the settings file's `{info.name}`, and {info.flag} "
                                     "wins over it") for info in SETTINGS.values())
    return (*settings, *_OTHER_VARIABLES)


_OTHER_VARIABLES: tuple[tuple[str, str], ...] = (
    ("XDG_CONFIG_HOME", "the folder of the settings file, $XDG_CONFIG_HOME/pledge-tui/config.toml (default: "
                        "~/.config); `pledge-tui config` shows each setting and where it came from"),
    ("XDG_CACHE_HOME", "the folder of the record of data files validated before, "
                       "$XDG_CACHE_HOME/pledge-tui/validated (default: ~/.cache): list, show, export and the browser "
                       "skip validating bytes validated before; safe to delete"),
    ("SOURCE_DATE_EPOCH", "a fixed time (seconds since 1970) for snapshots and history entries, for "
                          "reproducible output"),
    ("NO_COLOR", "any value: the browser draws without colour"),
    ("PLEDGE_TUI_DEBUG", "1: show the Python traceback of an internal error"),
)
"""The environment variables pledge-tui reads besides the settings' own."""


class HelpFormatter(argparse.HelpFormatter):
    """argparse's layout, except that descriptions and epilogs keep their shape: lines that start with
    a space (examples, tables) are printed as written, and the other lines of a paragraph are re-wrapped
    to the terminal's width."""

    def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 24,
                 width: int | None = None) -> None:
        # argparse makes a formatter for every `add_argument` (to check the metavar), and its own finds the
        # width with `shutil`, whose import (bz2, lzma, fnmatch) was 2 ms of every command: the same width here.
        super().__init__(prog, indent_increment, max_help_position, terminal_columns() - 2 if width is None else width)

    def _split_lines(self, text: str, width: int) -> list[str]:
        """An option's help, wrapped without breaking a slug at its hyphen (`naval-demining`)."""
        import textwrap

        return textwrap.wrap(" ".join(text.split()), width, break_on_hyphens=False)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        import textwrap

        out: list[str] = []
        prose: list[str] = []

        def flush() -> None:
            if prose:
                out.append(textwrap.fill(" ".join(prose), width, initial_indent=indent, subsequent_indent=indent,
                                         break_on_hyphens=False))
                prose.clear()

        for line in text.splitlines():
            if not line.strip():
                flush()
                out.append("")
            elif line.startswith(" "):
                flush()
                out.append(indent + line)
            else:
                prose.append(line.strip())
        flush()
        return "\n".join(out)


def terminal_columns() -> int:
    """The terminal's width as `shutil.get_terminal_size().columns` gives it ($COLUMNS when it is a positive
    number, else standard output's terminal, else 80), without importing `shutil`."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


def examples(*pairs: tuple[str, str]) -> str:
    """An `examples:` epilog from (what it does, the command line) pairs: the comment, then the line."""
    lines = [EXAMPLES_HEADING]
    for what, command in pairs:
        lines += [f"  # {what}", f"  {command}"]
    return "\n".join(lines)


def example_lines(epilog: str | None) -> list[str]:
    """The command lines of an `examples:` epilog (for the tests, the man page and the completions)."""
    out: list[str] = []
    for line in example_block(epilog):
        if not line.strip().startswith("#"):
            out.append(line.strip())
    return out


def example_block(epilog: str | None) -> list[str]:
    """The lines of an epilog's `examples:` block (comments and command lines, indented), up to its end."""
    if not epilog or EXAMPLES_HEADING not in epilog:
        return []
    block = []
    for line in epilog.split(EXAMPLES_HEADING, 1)[1].splitlines()[1:]:
        if not line.startswith(" ") or not line.strip():
            break
        block.append(line)
    return block


def table(rows: Sequence[tuple[str, str]], heading: str) -> str:
    """A two-column block for an epilog: the heading, then each row, the second column wrapped to the
    terminal's width (as argparse wraps the rest)."""
    import textwrap

    width = max(len(left) for left, _ in rows) + 2
    columns = max(60, min(100, terminal_columns() - 2))
    lines = [heading]
    for left, right in rows:
        wrapped = textwrap.wrap(right, columns - width - 2, break_on_hyphens=False) or [""]
        lines.append(f"  {left:<{width}}{wrapped[0]}")
        lines += [f"  {'':<{width}}{more}" for more in wrapped[1:]]
    return "\n".join(lines)


def main_epilog(main_examples: str) -> str:
    """The end of `pledge-tui --help`: examples, the exit codes, the environment variables."""
    return "\n\n".join([main_examples, table(EXIT_CODES, "exit codes:"),
                        table(environment(), "environment variables:"),
                        "Each command has its own --help; `man pledge-tui` has it all on one page."])


class MainHelp:
    """Mixin for the root parser: its epilog holds the examples (the man page and the tests read them
    there), and the exit codes and environment tables are added when the help is printed, laid out for the
    terminal then, rather than on every run of every command."""

    epilog: str | None

    def format_help(self) -> str:
        examples = self.epilog or ""
        self.epilog = main_epilog(examples)
        try:
            return super().format_help()  # type: ignore[misc, no-any-return]
        finally:
            self.epilog = examples


def command_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser], name: str, *, summary: str,
                   description: str, example: Sequence[tuple[str, str]], **kwargs: object) -> argparse.ArgumentParser:
    """A command's parser: `summary` is its line in the main help, `description` opens its own help, and
    `example` (what it does, the command line) pairs end it."""
    return sub.add_parser(name, help=summary, description=description, epilog=examples(*example),
                          allow_abbrev=False, **kwargs)  # type: ignore[arg-type]
