"""The man page, `pledge-tui(1)`, built from the parser: every command, option and example, then the exit
codes, the environment variables and the files.

`make man` writes it to docs/pledge-tui.1, which the wheel installs as share/man/man1/pledge-tui.1 (so
`man pledge-tui` works after `pipx install`); tests/test_help.py fails when the committed page and the
parser disagree. Generated rather than written, like the completions (cli/shell.py), so that a command
added to the parser is in the page at the next `make man`.

    python -m pledge_tui.cli.manpage docs/pledge-tui.1     # or - for standard output
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterator, Sequence

from pledge_tui import __version__
from pledge_tui.cli.common import PROG
from pledge_tui.cli.helptext import EXIT_CODES, environment, example_block, example_lines

SUMMARY = "browse and script the security guarantees promised to Ukraine by the Coalition of the Willing"

_CODE = re.compile(r"`([^`]+)`")


def roff(text: str) -> str:
    """Text as roff shows it literally: backslashes and hyphens escaped, `code` in bold, and a line that
    would start with a control character (`.` or `'`) protected."""
    text = text.replace("\\", "\\e").replace("-", "\\-")
    text = _CODE.sub(lambda m: f"\\fB{m.group(1)}\\fR", text)
    return "\n".join("\\&" + line if line.startswith((".", "'")) else line for line in text.split("\n"))


def _paragraphs(text: str | None) -> list[str]:
    """A description as roff paragraphs (argparse's prose: blank lines separate paragraphs)."""
    if not text:
        return []
    out: list[str] = []
    for paragraph in text.split("\n\n"):
        if paragraph.strip():
            out += [".PP", roff(" ".join(paragraph.split()))]
    return out


def _formatter(parser: argparse.ArgumentParser) -> argparse.HelpFormatter:
    """A formatter that never wraps (the page is deterministic; `man` does the wrapping)."""
    return argparse.HelpFormatter(parser.prog, width=10_000, max_help_position=10_000)


def _usage(parser: argparse.ArgumentParser) -> str:
    formatter = _formatter(parser)
    formatter.add_usage(parser.usage, parser._actions, parser._mutually_exclusive_groups, prefix="")
    return " ".join(formatter.format_help().split())


def _invocation(action: argparse.Action, formatter: argparse.HelpFormatter) -> str:
    """`\\fB--output\\fR \\fIFILE\\fR`-style: the option's names in bold, its value in italics."""
    if not action.option_strings:
        return f"\\fI{roff(formatter._metavar_formatter(action, action.dest)(1)[0])}\\fR"
    names = ", ".join(f"\\fB{roff(name)}\\fR" for name in action.option_strings)
    if action.nargs == 0:
        return names
    return f"{names} \\fI{roff(formatter._format_args(action, action.dest.upper()))}\\fR"


def _options(parser: argparse.ArgumentParser) -> list[str]:
    """Every argument and option of `parser` but -h and the subcommands, each as a tagged paragraph."""
    formatter = _formatter(parser)
    out: list[str] = []
    for action in parser._actions:
        if isinstance(action, (argparse._HelpAction, argparse._SubParsersAction)) or action.help == argparse.SUPPRESS:
            continue
        out += [".TP", _invocation(action, formatter), roff(formatter._expand_help(action) if action.help else "")]
    return out


def _examples(epilog: str | None) -> list[str]:
    """An epilog's examples: each comment as a line, each command line in bold, indented."""
    block = example_block(epilog)
    if not block:
        return []
    out = [".PP", "Examples:", ".RS 4", ".nf"]
    for line in block:
        text = line.strip()
        out.append(roff(text) if text.startswith("#") else f"\\fB{roff(text)}\\fR")
    return [*out, ".fi", ".RE"]


def _commands(parser: argparse.ArgumentParser) -> Iterator[tuple[str, argparse.ArgumentParser]]:
    """(full name, parser) of every command, in the order --help lists them, and of their own commands."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for choice in action._choices_actions:
                command = action.choices[choice.dest]
                yield command.prog, command
                yield from _commands(command)


def _table(rows: Sequence[tuple[str, str]]) -> list[str]:
    out: list[str] = []
    for left, right in rows:
        out += [".TP", f"\\fB{roff(left)}\\fR", roff(right)]
    return out


def render_manpage(parser: argparse.ArgumentParser) -> str:
    """The whole page, in roff (man(7) macros)."""
    lines = [
        f'.TH "{roff(PROG.upper())}" "1" "" "{roff(PROG)} {roff(__version__)}" "User Commands"',
        ".nh", ".ad l",  # no hyphenation, ragged right: option names and slugs stay whole
        ".SH NAME", f"{roff(PROG)} \\- {roff(SUMMARY)}",
        ".SH SYNOPSIS", f"\\fB{roff(PROG)}\\fR {roff(_usage(parser).removeprefix(PROG).strip())}",
        ".SH DESCRIPTION", *_paragraphs(parser.description),
        ".SH OPTIONS", *_options(parser),
        ".SH COMMANDS",
    ]
    for name, command in _commands(parser):
        lines += [f'.SS "{roff(name)}"', f"\\fB{roff(name)}\\fR {roff(_usage(command).removeprefix(name).strip())}",
                  *_paragraphs(command.description), *_options(command), *_examples(command.epilog)]
    lines += [".SH EXAMPLES", ".nf", *(f"\\fB{roff(line)}\\fR" for line in example_lines(parser.epilog)), ".fi",
              ".SH EXIT STATUS", *_table(EXIT_CODES),
              ".SH ENVIRONMENT", *_table(environment()),
              ".SH FILES", *_table((
                  ("$XDG_CONFIG_HOME/pledge-tui/config.toml",
                   "the settings (`user`, `data`, `export_dir`, `theme`), each a quoted string, as `pledge-tui "
                   "config set` writes them (default folder: ~/.config)"),
                  ("./data/commitments.json", "the data file, when there is one in the current folder and nothing "
                                              "else names one"),
                  ("FILE.lock", "beside the data file: the write commands' lock"))),
              ".SH SEE ALSO", "\\fBgit\\fR(1), \\fBgitattributes\\fR(5); the project's README"]
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    """`python -m pledge_tui.cli.manpage OUT`: write the page to OUT (`-`: standard output)."""
    from pledge_tui.cli.main import build_parser

    args = list(sys.argv[1:] if argv is None else argv)
    page = render_manpage(build_parser())
    if not args or args[0] == "-":
        sys.stdout.write(page)
    else:
        with open(args[0], "w", encoding="utf-8", newline="\n") as handle:
            handle.write(page)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
