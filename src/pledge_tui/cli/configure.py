"""`pledge-tui config`: each setting, its value and where it came from; `get`, `set`, `unset`, `path`.

The settings themselves (the file, the order flag > environment > file > default) are `pledge_tui.config`;
this module shows them and edits the file, keeping its comments (`config.edited`), written atomically
(`dataset.files.write_atomic`, the project's one atomic writer).
"""

from __future__ import annotations

import argparse
import json
import os
from collections.abc import Callable

from pledge_tui import config
from pledge_tui.cli.common import PROG, output_is_terminal, say, shown_path, write, write_utf8
from pledge_tui.cli.helptext import command_parser
from pledge_tui.errors import UsageError, WriteError, printable
from pledge_tui.textwidth import display_width

Handler = Callable[[argparse.Namespace], int]


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> dict[str, Handler]:
    """Add `config` (and its actions) to the parser; return its handler."""
    names = list(config.SETTINGS)
    settings_words = "; ".join(f"{info.name}: {info.meaning}" for info in config.SETTINGS.values())
    p = command_parser(
        sub, "config", summary="show the settings and where each comes from; set or unset one",
        description="Show each setting, its value and where it came from: a flag, an environment variable, the "
                    "settings file ($XDG_CONFIG_HOME/pledge-tui/config.toml, default ~/.config/pledge-tui/"
                    "config.toml) or the default. A flag wins over the environment variable, which wins over "
                    f"the file. The settings are {settings_words}.",
        example=[("what is in force, and why", "pledge-tui config"),
                 ("always open the browser in the nord theme", "pledge-tui config set theme nord"),
                 ("sign history entries with your name", 'pledge-tui config set user "A. Analyst"'),
                 ("the data file a script should read", "pledge-tui config get data")])
    p.add_argument("--format", default="text", choices=("text", "json"),
                   help="how to list the settings: a table to read, or one JSON object (default: text)")
    actions = p.add_subparsers(dest="config_action", metavar="ACTION", title="actions")
    get = actions.add_parser(
        "get", help="print one setting's value in force", allow_abbrev=False,
        description="Print the value in force of one setting (from the flag's variable, the file or the default), "
                    "alone on a line, for a script.",
        epilog="examples:\n  # the data file in use\n  pledge-tui config get data")
    get.add_argument("name", metavar="NAME", choices=names, help="the setting: " + ", ".join(names))
    set_ = actions.add_parser(
        "set", help="write a setting into the settings file", allow_abbrev=False,
        description="Write a setting into the settings file (created with its folder when missing; comments and "
                    "the other settings are kept). A path is stored absolute; the data file and the export "
                    "folder must exist, the theme must be one of Textual's.",
        epilog="examples:\n  # snapshots from the browser go to ~/snapshots\n"
               "  pledge-tui config set export_dir ~/snapshots")
    set_.add_argument("name", metavar="NAME", choices=names, help="the setting: " + ", ".join(names))
    set_.add_argument("value", metavar="VALUE", help="its new value")
    unset = actions.add_parser(
        "unset", help="remove a setting from the settings file", allow_abbrev=False,
        description="Remove a setting from the settings file, so that its default applies again.",
        epilog="examples:\n  # back to Textual's default theme\n  pledge-tui config unset theme")
    unset.add_argument("name", metavar="NAME", choices=names, help="the setting: " + ", ".join(names))
    actions.add_parser(
        "path", help="print where the settings file is (whether or not it exists)", allow_abbrev=False,
        description="Print the path of the settings file, whether or not it exists.",
        epilog='examples:\n  # edit the settings file by hand\n  "${EDITOR:-vi}" "$(pledge-tui config path)"')
    return {"config": cmd_config}


def cmd_config(args: argparse.Namespace) -> int:
    """`config [get NAME | set NAME VALUE | unset NAME | path]`; with no action, list the settings."""
    action = getattr(args, "config_action", None)
    if action == "path":
        write(f"{_path()}\n")
        return 0
    if action == "get":
        value = _in_force(args)[args.name].value
        write(f"{printable(value or '')}\n")
        return 0
    if action in ("set", "unset"):
        return _change(args.name, args.value if action == "set" else None)
    return _list(args)


def _path() -> str:
    path = config.config_path()
    if path is None:
        raise UsageError("no settings file: neither $XDG_CONFIG_HOME nor $HOME is set")
    return path


def _in_force(args: argparse.Namespace) -> dict[str, config.Setting]:
    """Every setting's value in force and its source, defaults filled in (the login name, the data file)."""
    from pledge_tui.paths import data_setting

    found = {name: config.setting(name) for name in config.SETTINGS}
    found["data"] = data_setting(getattr(args, "data", None))
    defaults = {"user": _login_name(), "export_dir": ".", "theme": config.DEFAULT_THEME}
    for name, value in defaults.items():
        if found[name].value is None:
            found[name] = config.Setting(name, value, "default")
    return found


def _login_name() -> str | None:
    import getpass

    try:
        return getpass.getuser() or None
    except (OSError, KeyError):
        return None


def _list(args: argparse.Namespace) -> int:
    path = config.config_path()
    exists = path is not None and os.path.isfile(path)
    found = _in_force(args)
    if args.format == "json":
        document = {"file": path, "file_exists": exists,
                    "settings": {name: {"value": s.value, "source": s.source} for name, s in found.items()}}
        write_utf8(json.dumps(document, ensure_ascii=False, indent=2 if output_is_terminal() else None) + "\n")
        return 0
    where = "not set: neither $XDG_CONFIG_HOME nor $HOME is set" if path is None else shown_path(path)
    state = "" if path is None or exists else f" (not found; `{PROG} config set NAME VALUE` creates it)"
    rows = [(name, printable(s.value) if s.value is not None else "(not set)", s.source) for name, s in found.items()]
    name_width = max(display_width(r[0]) for r in rows)
    value_width = max(display_width(r[1]) for r in rows)
    lines = [f"settings file: {where}{state}", ""]
    for name, value, source in rows:
        lines.append(f"{name}{' ' * (name_width - display_width(name))}  "
                     f"{value}{' ' * (value_width - display_width(value))}  {source}")
    write("\n".join(lines) + "\n")
    return 0


def checked_value(name: str, value: str) -> str:
    """The value to store for `name`: refused (exit 2) when blank, when a path does not lead to what it
    should, or when the theme is not one of Textual's; a path is stored absolute."""
    if not value.strip():
        raise UsageError(f"the value of {name} is empty; `{PROG} config unset {name}` removes the setting")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise UsageError(f"the value of {name} is not valid UTF-8") from None
    if name == "data":
        path = os.path.abspath(os.path.expanduser(value))
        if not os.path.isfile(path):
            raise UsageError(printable(f"data: {value} is not a file"))
        return path
    if name == "export_dir":
        path = os.path.abspath(os.path.expanduser(value))
        if not os.path.isdir(path):
            raise UsageError(printable(f"export_dir: {value} is not a folder"))
        return path
    if name == "theme":
        from pledge_tui.ui.themes import check_theme

        check_theme(value)
    return value


def _change(name: str, value: str | None) -> int:
    """`set` (value given) or `unset` (None): edit the file, keeping the rest of it."""
    from pledge_tui.dataset import files

    path = _path()
    stored = None if value is None else checked_value(name, value)
    config.read_config()  # a broken file is reported (file and key), never edited
    try:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
        exists = True
    except FileNotFoundError:
        text, exists = "", False
    new_text = config.edited(path, text, name, stored)
    if new_text == text:
        say(f"{PROG}: nothing to change: {name} is already {'so' if stored is not None else 'not set'} in "
            f"{shown_path(path)}")
        return 0
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
    except OSError as exc:
        raise WriteError(printable(f"{os.path.dirname(path)}: cannot be created: {exc.strerror or exc}")) from None
    files.write_atomic(path, new_text.encode("utf-8"), create=not exists)
    info = config.SETTINGS[name]
    override = os.environ.get(info.variable, "")
    note = f" (${info.variable} is set, and wins over the file)" if override else ""
    did = f"set {name} = {config.toml_string(stored)}" if stored is not None else f"removed {name}"
    say(f"{PROG}: {did} in {shown_path(path)}{note}")
    return 0
