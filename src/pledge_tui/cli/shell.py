"""`pledge-tui completion bash|zsh|fish`: a tab-completion script, generated from the parser by shtab.

Generated, not written by hand, so a command or option added to the parser completes without anyone
touching this module. What the parser cannot say is added here, from how the options are declared: a
file for `--data`, `-o` and the FILE arguments (their type is `common.path_argument`), a folder for
`--export-dir`, and the vocabulary's slugs for `--type`, `--status`, `--condition` and `--role`
(`common.completes_with`).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterator

from pledge_tui.cli.common import PROG, write
from pledge_tui.cli.helptext import command_parser

Handler = Callable[[argparse.Namespace], int]
SHELLS = ("bash", "zsh", "fish")

INSTALL = {
    "bash": 'eval "$(pledge-tui completion bash)"     # in ~/.bashrc',
    "zsh": 'eval "$(pledge-tui completion zsh)"      # in ~/.zshrc, after compinit',
    "fish": "pledge-tui completion fish > ~/.config/fish/completions/pledge-tui.fish",
}


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> dict[str, Handler]:
    """Add `completion` to the parser; return its handler."""
    p = command_parser(
        sub, "completion", summary="print a tab-completion script for bash, zsh or fish",
        description="Print a script that makes the shell complete pledge-tui's commands, options, vocabulary "
                    "(--type air<TAB>) and file names. Load it from the shell's start-up file, as the examples "
                    "show.",
        example=[("bash: complete in every new shell", INSTALL["bash"]),
                 ("zsh", INSTALL["zsh"]),
                 ("fish", INSTALL["fish"])])
    p.add_argument("shell", metavar="SHELL", choices=SHELLS, help="the shell: " + ", ".join(SHELLS))
    return {"completion": cmd_completion}


PARSER_FACTORY: list[Callable[[], argparse.ArgumentParser]] = []
"""How to build the whole command line: `cli/main` puts its `build_parser` here when it imports this module
(`main.command_module`; this module cannot import `main`, which imports the command modules)."""


def cmd_completion(args: argparse.Namespace) -> int:
    """`completion SHELL`: the script on standard output."""
    write(completion_script(PARSER_FACTORY[0](), args.shell))
    return 0


def _actions(parser: argparse.ArgumentParser) -> Iterator[argparse.Action]:
    """Every action of `parser` and of its subcommands, at any depth."""
    for action in parser._actions:
        yield action
        if isinstance(action, argparse._SubParsersAction):
            for choice in dict.fromkeys(action.choices.values()):
                yield from _actions(choice)


def completion_script(parser: argparse.ArgumentParser, shell: str) -> str:
    """The completion script for `shell`, from `parser` (which it changes: build one for the purpose): shtab's,
    with the files, folders and words that the options' declarations imply."""
    import shtab

    from pledge_tui.cli.common import completion_words, path_kind

    preamble: list[str] = []
    for action in _actions(parser):
        if isinstance(action, argparse._SubParsersAction):
            # A command is described by its one-line summary (fish shows it beside each name), not by the
            # paragraph that opens its --help.
            summaries = {choice.dest: choice.help for choice in action._choices_actions}
            for name, command in action.choices.items():
                command.description = summaries.get(name) or command.description
        words = completion_words(action)
        kind = path_kind(action)
        if words:
            action.complete = _words(words, shell, preamble)  # type: ignore[attr-defined]
        elif kind == "file":
            action.complete = shtab.FILE  # type: ignore[attr-defined]
        elif kind == "folder":
            action.complete = shtab.DIRECTORY  # type: ignore[attr-defined]
    script: str = shtab.complete(parser, shell=shell, preamble="\n".join(dict.fromkeys(preamble)))
    return script if script.endswith("\n") else script + "\n"


def _words(words: tuple[str, ...], shell: str, preamble: list[str]) -> dict[str, str]:
    """A shtab completion that offers `words` (slugs: letters, digits and hyphens only)."""
    name = "_pledge_tui_words_" + "_".join(w.replace("-", "_") for w in words[:1]) + f"_{len(words)}"
    listed = " ".join(words)
    if shell == "bash":
        preamble.append(f'{name}() {{ compgen -W "{listed}" -- "$1"; }}')
        return {"bash": name}
    if shell == "zsh":
        return {"zsh": f"({listed})"}
    return {"fish": listed}


__all__ = ["PROG", "SHELLS", "cmd_completion", "completion_script", "register"]
