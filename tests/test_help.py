"""Help, completion and the man page, all generated from the one parser (README "Command line").

Every command (and every command of a command, `config get`) has a description and an example that parses
as that command; every argument and option has help text; the main help ends with the exit codes and the
environment variables; the committed man page is the parser's; the completion scripts complete.
A command added without its help, an example or a fresh `make man` fails here.
"""

from __future__ import annotations

import argparse
import os
import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from pledge_tui.cli import build_parser
from pledge_tui.cli.helptext import EXIT_CODES, environment, example_lines
from pledge_tui.cli.manpage import render_manpage, roff
from pledge_tui.cli.shell import completion_script
from pledge_tui.config import SETTINGS
from pledge_tui.dataset.vocab import TYPES
from pledge_tui.errors import UsageError
from tests.common import ROOT, CliRunner

MAN_PAGE = ROOT / "docs" / "pledge-tui.1"


def commands(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()) -> Iterator[
        tuple[tuple[str, ...], argparse.ArgumentParser, str | None]]:
    """(command path, its parser, its one-line summary) of every command, at any depth."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            summaries = {choice.dest: choice.help for choice in action._choices_actions}
            for name, command in action.choices.items():
                yield (*path, name), command, summaries.get(name)
                yield from commands(command, (*path, name))


PARSER = build_parser()
COMMANDS = list(commands(PARSER))
IDS = [" ".join(path) for path, _, _ in COMMANDS]


def test_the_walk_finds_every_command() -> None:
    """The tests below cannot pass vacuously: the walk sees the commands, nested ones included."""
    names = {" ".join(path) for path, _, _ in COMMANDS}
    assert {"list", "show", "export", "validate", "set", "diff", "config", "config set", "completion"} <= names


@pytest.mark.parametrize(("path", "parser", "summary"), COMMANDS, ids=IDS)
def test_every_command_has_a_summary_a_description_and_an_example(
        path: tuple[str, ...], parser: argparse.ArgumentParser, summary: str | None) -> None:
    assert summary and summary.strip(), f"{' '.join(path)} has no line in its parent's help (help=...)"
    assert parser.description and len(parser.description.split()) >= 6, f"{' '.join(path)} has no description"
    assert example_lines(parser.epilog), f"{' '.join(path)} has no `examples:` epilog (helptext.command_parser)"


def invocations(line: str) -> list[list[str]]:
    """The pledge-tui command lines inside a shell line: from each `pledge-tui` word to the first shell
    operator outside quotes (a pipe, a redirection, the end of `$(...)`), split as the shell would."""
    found = []
    for match in re.finditer(r"(?<![\w/.-])pledge-tui(?=\s|$|\))", line):
        quote, end = "", len(line)
        for index in range(match.start(), len(line)):
            ch = line[index]
            if quote:
                quote = "" if ch == quote else quote
            elif ch in "\"'":
                quote = ch
            elif ch in "|<>);&":
                end = index
                break
        found.append(shlex.split(line[match.start():end])[1:])
    return found


def command_of(args: argparse.Namespace) -> tuple[str, ...]:
    """The command path a parse selected (`("config", "set")`)."""
    path = () if args.command is None else (args.command,)
    action = getattr(args, "config_action", None)
    return (*path, action) if action else path


@pytest.mark.parametrize(("path", "parser", "summary"), COMMANDS, ids=IDS)
def test_every_example_parses_as_its_command(path: tuple[str, ...], parser: argparse.ArgumentParser,
                                             summary: str | None) -> None:
    """The examples cannot rot: each pledge-tui line in them is a valid command line (nothing is run),
    and at least one of them is the command it illustrates."""
    selected = []
    for line in example_lines(parser.epilog):
        for argv in invocations(line):
            try:
                args = build_parser().parse_args(argv)
            except UsageError as exc:
                pytest.fail(f"the example {line!r} of {' '.join(path)} does not parse: {exc}")
            selected.append(command_of(args))
    assert path in selected, f"no example of {' '.join(path)} runs it (examples run {selected})"


def test_the_main_examples_parse() -> None:
    lines = example_lines(PARSER.epilog)
    assert len(lines) >= 5
    for line in lines:
        for argv in invocations(line):
            build_parser().parse_args(argv)


def every_action() -> Iterator[tuple[str, argparse.Action]]:
    for path, parser in [((), PARSER), *((p, parser) for p, parser, _ in COMMANDS)]:
        for action in parser._actions:
            if isinstance(action, (argparse._HelpAction, argparse._SubParsersAction)):
                continue
            yield " ".join((PARSER.prog, *path)), action


ACTIONS = list(every_action())


@pytest.mark.parametrize(("where", "action"), ACTIONS,
                         ids=[f"{where} {'/'.join(a.option_strings) or a.dest}" for where, a in ACTIONS])
def test_every_argument_and_option_has_help(where: str, action: argparse.Action) -> None:
    assert action.help and action.help.strip() and action.help != argparse.SUPPRESS, \
        f"{where}: {'/'.join(action.option_strings) or action.dest} has no help text"


def test_the_main_help_ends_with_the_exit_codes_and_the_environment(cli: CliRunner) -> None:
    result = cli("--help", env={"COLUMNS": "100"})
    assert result.returncode == 0, result.stderr
    text = result.stdout
    assert text.index("examples:") < text.index("exit codes:") < text.index("environment variables:")
    codes = text[text.index("exit codes:"):text.index("environment variables:")]
    for code in ("0", "1", "2", "3"):
        assert re.search(rf"^  {code}\s", codes, re.MULTILINE), f"exit code {code} missing"
    environment = text[text.index("environment variables:"):]
    for variable in ("PLEDGE_TUI_DATA", "PLEDGE_TUI_USER", "PLEDGE_TUI_EXPORT_DIR", "PLEDGE_TUI_THEME",
                     "XDG_CONFIG_HOME", "SOURCE_DATE_EPOCH", "PLEDGE_TUI_DEBUG", "NO_COLOR"):
        assert re.search(rf"^  {variable}\s", environment, re.MULTILINE), f"{variable} missing"


def test_every_settings_variable_is_documented() -> None:
    documented = {name for name, _ in environment()}
    assert {info.variable for info in SETTINGS.values()} <= documented


@pytest.mark.parametrize("command", ["list", "show", "export", "validate", "history", "changes", "diff",
                                     "setup-git"])
def test_a_commands_help_has_its_description_and_example(cli: CliRunner, command: str) -> None:
    """The commands the issue named: `--help` printed only usage and options."""
    result = cli(command, "--help", env={"COLUMNS": "100"})
    assert result.returncode == 0, result.stderr
    assert "examples:" in result.stdout
    assert re.search(rf"^  pledge-tui .*{command}", result.stdout, re.MULTILINE)
    description = result.stdout.split("\n\n")[1]
    assert len(description.split()) >= 10, description


def test_help_keeps_slugs_whole_and_example_lines_as_written(cli: CliRunner) -> None:
    result = cli("set", "--help", env={"COLUMNS": "60"})
    assert "naval-\n" not in result.stdout and "mission-\n" not in result.stdout
    set_parser = next(parser for path, parser, _ in COMMANDS if path == ("set",))
    long_example = next(line for line in example_lines(set_parser.epilog) if len(line) > 60)
    assert "  " + long_example in result.stdout.splitlines()


# --- the man page ---------------------------------------------------------------------------------------


def test_the_committed_man_page_is_the_parsers() -> None:
    assert MAN_PAGE.read_text(encoding="utf-8") == render_manpage(build_parser()), \
        "docs/pledge-tui.1 is stale: run `make man`"


def test_the_man_page_has_every_command_option_and_section() -> None:
    page = render_manpage(build_parser())
    assert page.startswith('.TH "PLEDGE\\-TUI" "1"')
    for section in ("NAME", "SYNOPSIS", "DESCRIPTION", "OPTIONS", "COMMANDS", "EXAMPLES", "EXIT STATUS",
                    "ENVIRONMENT", "FILES", "SEE ALSO"):
        assert f"\n.SH {section}\n" in page
    for path, _, _ in COMMANDS:
        assert f'.SS "{roff(" ".join(("pledge-tui", *path)))}"' in page
    for _, action in ACTIONS:
        for option in action.option_strings:
            assert f"\\fB{roff(option)}\\fR" in page
    for code, _ in EXIT_CODES:
        assert f"\\fB{roff(code)}\\fR" in page


def test_roff_escapes_what_roff_would_interpret() -> None:
    assert roff(".hidden") == "\\&.hidden"
    assert roff("'quote") == "\\&'quote"
    assert roff("a\\b-c `code`") == "a\\eb\\-c \\fBcode\\fR"


@pytest.mark.skipif(shutil.which("man") is None, reason="man is not installed")
def test_man_renders_the_page_without_warnings() -> None:
    result = subprocess.run(["man", "--warnings", "-l", str(MAN_PAGE)], capture_output=True, text=True,
                            env={**os.environ, "MANWIDTH": "80", "MANPAGER": "cat", "PAGER": "cat"}, timeout=60,
                            check=False)
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == "", result.stderr
    assert "EXIT STATUS" in result.stdout and "pledge-tui list" in result.stdout
    assert "\\f" not in result.stdout and "\\-" not in result.stdout  # every escape was understood


# --- completion --------------------------------------------------------------------------------------------


def script(shell: str) -> str:
    return completion_script(build_parser(), shell)


BASH_HARNESS = r"""
source "$1"
shift
COMP_WORDS=("$@"); COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
COMPREPLY=()
_shtab_pledge_tui pledge-tui "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
printf '%s\n' "${COMPREPLY[@]}"
"""


@pytest.fixture(scope="module")
def bash_script(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("completion") / "pledge-tui.bash"
    path.write_text(script("bash"), encoding="utf-8")
    return path


def bash_complete(script_path: Path, *words: str) -> list[str]:
    result = subprocess.run(["bash", "-c", BASH_HARNESS, "harness", str(script_path), "pledge-tui", *words],
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    return [line for line in result.stdout.splitlines() if line]


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
@pytest.mark.parametrize(("words", "expected"), [
    (("li",), ["list"]),
    (("config", "s"), ["set"]),
    (("list", "--fo"), ["--format"]),
    (("show", "PL", "--format", ""), ["text", "json", "md"]),
    (("list", "--type", "ai"), ["air-patrol"]),
    (("export", "--status", "ruled"), ["ruled-out"]),
    (("completion", ""), ["bash", "zsh", "fish"]),
    (("config", "get", "ex"), ["export_dir"]),
])
def test_bash_completes_commands_options_and_vocabulary(bash_script: Path, words: tuple[str, ...],
                                                         expected: list[str]) -> None:
    assert bash_complete(bash_script, *words) == expected


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
def test_bash_completes_file_names_for_data(bash_script: Path, tmp_path: Path) -> None:
    (tmp_path / "mine.json").write_text("{}", encoding="utf-8")
    result = subprocess.run(["bash", "-c", BASH_HARNESS, "harness", str(bash_script), "pledge-tui", "list", "--data",
                             str(tmp_path / "mi")], capture_output=True, text=True, timeout=60, check=False)
    assert str(tmp_path / "mine.json") in result.stdout.split()


@pytest.mark.skipif(shutil.which("fish") is None, reason="fish is not installed")
def test_fish_loads_and_completes(tmp_path: Path) -> None:
    path = tmp_path / "pledge-tui.fish"
    path.write_text(script("fish"), encoding="utf-8")
    assert subprocess.run(["fish", "-n", str(path)], capture_output=True, timeout=60, check=False).returncode == 0

    def complete(line: str) -> list[str]:
        command = f"source {shlex.quote(str(path))}; complete -C {shlex.quote(line)}"
        result = subprocess.run(["fish", "--no-config", "-c", command], capture_output=True, text=True, timeout=60,
                                check=False)
        assert result.returncode == 0, result.stderr
        return [row.split("\t")[0] for row in result.stdout.splitlines()]

    assert complete("pledge-tui sh") == ["show"]
    assert complete("pledge-tui list --type ai") == ["air-patrol"]
    assert set(complete("pledge-tui show PL --format ")) == {"text", "json", "md"}
    assert "show one member in full" in subprocess.run(
        ["fish", "--no-config", "-c", f"source {shlex.quote(str(path))}; complete -C 'pledge-tui sh'"],
        capture_output=True, text=True, timeout=60, check=False).stdout


@pytest.mark.skipif(shutil.which("zsh") is None, reason="zsh is not installed")
def test_zsh_loads_the_script_and_registers_it(tmp_path: Path) -> None:
    path = tmp_path / "_pledge-tui"
    path.write_text(script("zsh"), encoding="utf-8")
    assert subprocess.run(["zsh", "-n", str(path)], capture_output=True, timeout=60, check=False).returncode == 0
    result = subprocess.run(["zsh", "-f", "-c", 'autoload -U compinit; compinit -u -D; eval "$(cat "$1")"; '
                             'print -r -- "${_comps[pledge-tui]}"', "zsh", str(path)],
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "_shtab_pledge_tui"
    assert "(" + " ".join(TYPES) + ")" in path.read_text(encoding="utf-8")


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_completion_prints_the_script(cli: CliRunner, shell: str) -> None:
    result = cli("completion", shell)
    assert result.returncode == 0, result.stderr
    assert result.stdout == script(shell)
    assert "list" in result.stdout and "--format" in result.stdout


def test_completion_refuses_another_shell(cli: CliRunner) -> None:
    result = cli("completion", "powershell")
    assert result.returncode == 2
    assert result.stderr.startswith("pledge-tui: error: ") and len(result.stderr.splitlines()) == 1


def test_the_man_page_module_writes_the_page(tmp_path: Path) -> None:
    out = tmp_path / "pledge-tui.1"
    result = subprocess.run([sys.executable, "-m", "pledge_tui.cli.manpage", str(out)], capture_output=True,
                            text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    assert out.read_text(encoding="utf-8") == MAN_PAGE.read_text(encoding="utf-8")


def test_the_table_of_commands_is_what_the_modules_register() -> None:
    """`main.COMMANDS` (which module registers each command, so that `main` builds only the parser asked
    for) cannot drift from the modules: same commands, same modules, same order."""
    from pledge_tui.cli.main import COMMAND_MODULES, COMMANDS, command_module

    registered: dict[str, str] = {}
    for name in COMMAND_MODULES:
        sub = argparse.ArgumentParser().add_subparsers()
        registered.update(dict.fromkeys(command_module(name).register(sub), name))
    assert list(registered.items()) == list(COMMANDS.items())


def outcome(parse: object, argv: list[str]) -> object:
    """What parsing `argv` gives: the namespace, the usage error's message, or what was printed and the exit."""
    import contextlib
    import io

    out = io.StringIO()
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
            return vars(parse(argv))  # type: ignore[operator]
    except UsageError as exc:
        return "usage error", str(exc)
    except SystemExit as exc:
        return "exit", exc.code, out.getvalue()


def argument_lists() -> Iterator[list[str]]:
    """Every example's command line, every bad command line of tests/bad_inputs.py, and the helps."""
    from tests.bad_inputs import USAGE_CASES

    for _, parser, _ in [((), PARSER, None), *COMMANDS]:
        for line in example_lines(parser.epilog):
            yield from invocations(line)
    for case in USAGE_CASES:
        if len(case.args) < 1000:  # (`main` refuses a long command line before parsing it: argparse is quadratic)
            yield list(case.args)
    yield from (["--help"], ["list", "--help"], ["-h"], ["--version"], ["list", "-h"], ["config", "set", "--help"],
                ["--search", "list", "show", "x"], ["--theme", "list"], ["list", "show"], ["show"], [])


@pytest.mark.parametrize("argv", list(argument_lists()), ids=lambda argv: " ".join(argv)[:60] or "(none)")
def test_parsing_with_only_the_commands_named_is_parsing_with_the_whole_parser(argv: list[str]) -> None:
    """`main.parse` builds only the parsers of the commands its arguments name; what it gives (the namespace,
    the usage error's message, the help printed) is exactly what the whole parser gives."""
    from pledge_tui.cli.main import parse

    assert outcome(parse, argv) == outcome(lambda a: build_parser().parse_args(a), argv)


@pytest.mark.parametrize("columns", [None, "133", "0", "-3", "wide", "40"])
def test_the_help_is_as_wide_as_shutil_says(columns: str | None, monkeypatch: pytest.MonkeyPatch) -> None:
    """`helptext.terminal_columns` (argparse's width without importing shutil) is `shutil.get_terminal_size`'s."""
    from pledge_tui.cli.helptext import HelpFormatter, terminal_columns

    if columns is None:
        monkeypatch.delenv("COLUMNS", raising=False)
    else:
        monkeypatch.setenv("COLUMNS", columns)
    assert terminal_columns() == shutil.get_terminal_size().columns
    assert HelpFormatter("p")._width == argparse.HelpFormatter("p")._width
