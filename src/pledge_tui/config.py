"""The settings an analyst keeps between runs: `$XDG_CONFIG_HOME/pledge-tui/config.toml` (README "Command line").

Four settings, each also a flag and an environment variable: who you are (`user`), the data file (`data`),
where the browser writes snapshots (`export_dir`) and the browser's theme (`theme`). A flag wins over the
environment variable, which wins over the file, which wins over the default; `setting` says which one gave
the value, so `pledge-tui config` can show it and an error can name where a bad value came from.

The file is read only when a setting is looked up that no flag or variable gives, and only once per
process (`tomllib` is imported then, and not by a command that never needs it). A file that is not valid
TOML, holds an unknown key or a value that is not a non-empty string is a `ConfigError` (exit 2) naming
the file and the key (or line): a typo in the file must not quietly fall back to a default.

Kept free of everything but the standard library and `errors`: every command may look a setting up.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Mapping
from typing import Any, NamedTuple

from pledge_tui.errors import UsageError, printable

APP_FOLDER = "pledge-tui"
FILE_NAME = "config.toml"
MAX_BYTES = 64 * 1024
"""A settings file is a few lines; anything larger is a mistake (a data file named by accident)."""


class SettingInfo(NamedTuple):
    """One setting: its flag, its environment variable, what it is for, and whether it names a path.

    (Named tuples rather than frozen dataclasses: every command imports this module, and a dataclass costs
    0.7 ms to create at import.)"""

    name: str
    flag: str
    variable: str
    meaning: str
    default: str
    """The default in words (the value itself may depend on the folder or the login)."""
    is_path: bool = False


SETTINGS: dict[str, SettingInfo] = {info.name: info for info in (
    SettingInfo("user", "--by", "PLEDGE_TUI_USER", "who makes a change, as written into each history entry",
                "the login name"),
    SettingInfo("data", "--data", "PLEDGE_TUI_DATA", "the data file",
                "./data/commitments.json if it exists, else the copy inside the package", is_path=True),
    SettingInfo("export_dir", "--export-dir", "PLEDGE_TUI_EXPORT_DIR",
                "the folder the browser's `e` key writes snapshots to", "the current folder", is_path=True),
    SettingInfo("theme", "--theme", "PLEDGE_TUI_THEME", "the browser's colour theme, a Textual theme name",
                "textual-dark"),
)}
"""Every setting, in the order `pledge-tui config` lists them."""

DEFAULT_THEME = "textual-dark"
"""Textual's own default theme (a test checks it still is)."""


class ConfigError(UsageError):
    """The settings file cannot be read or holds something wrong (exit 2), named by file and key."""


class Setting(NamedTuple):
    """A setting's value and where it came from."""

    name: str
    value: str | None
    """None: nothing gives it, and the caller's default applies."""
    source: str
    """`--data`, `$PLEDGE_TUI_DATA`, `config file` or `default`."""


def config_path(environ: Mapping[str, str] | None = None) -> str | None:
    """Where the settings file is: `$XDG_CONFIG_HOME/pledge-tui/config.toml`, else `$HOME/.config/...`;
    None when neither variable gives a folder (then no file is read). As the XDG base-directory
    specification says, a relative `$XDG_CONFIG_HOME` is ignored."""
    env = os.environ if environ is None else environ
    base = env.get("XDG_CONFIG_HOME", "")
    if not os.path.isabs(base):
        home = env.get("HOME", "")
        if not home:
            return None
        base = os.path.join(home, ".config")
    return os.path.join(base, APP_FOLDER, FILE_NAME)


_read: dict[str, tuple[tuple[int, int, int], dict[str, str]]] = {}
"""The settings read from each file, with the (inode, size, mtime) they were read at."""


def read_config(environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """The settings the file gives, paths made absolute; {} when there is no file. `ConfigError` when
    it cannot be read or is wrong anywhere (every key is checked, not only the one asked for)."""
    path = config_path(environ)
    if path is None:
        return {}
    try:
        info = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return {}
    except OSError as exc:
        raise ConfigError(_where(path, f"cannot be read: {exc.strerror or exc}")) from None
    except ValueError:
        return {}
    if stat.S_ISDIR(info.st_mode):
        raise ConfigError(_where(path, "is a folder, not a settings file"))
    key = (info.st_ino, info.st_size, info.st_mtime_ns)
    cached = _read.get(path)
    if cached is not None and cached[0] == key:
        return cached[1]
    settings = parse_config(path, _text(path, info))
    _read[path] = (key, settings)
    return settings


def _where(path: str, message: str) -> str:
    return printable(f"{path}: {message}")


def _text(path: str, info: os.stat_result) -> str:
    if info.st_size > MAX_BYTES:
        raise ConfigError(_where(path, f"is too large for a settings file ({info.st_size:,} bytes)"))
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise ConfigError(_where(path, f"cannot be read: {exc.strerror or exc}")) from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise ConfigError(_where(path, f"line {line}: not valid UTF-8")) from None


def parse_config(path: str, text: str) -> dict[str, str]:
    """The settings in `text` (the file at `path`): every key known, every value a non-empty string;
    `~` and paths relative to the file's folder made absolute, so they mean one thing from any folder."""
    import tomllib

    try:
        raw: dict[str, Any] = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(_where(path, _syntax_error(text, str(exc)))) from None
    settings: dict[str, str] = {}
    for key, value in raw.items():
        info = SETTINGS.get(key)
        if info is None:
            known = ", ".join(SETTINGS)
            raise ConfigError(_where(path, f'key "{key}": unknown setting (the settings are: {known})'))
        if not isinstance(value, str):
            raise ConfigError(_where(path, f'key "{key}": expected a string in quotes, got {_kind(value)}'))
        if not value.strip():
            raise ConfigError(_where(path, f'key "{key}": is empty; remove the line to use the default'))
        settings[key] = _absolute(path, value) if info.is_path else value
    return settings


_AT = re.compile(r"^(?P<reason>.*) \(at line (?P<line>\d+), column \d+\)$")


def _syntax_error(text: str, message: str) -> str:
    """tomllib's complaint, located by line and, where the line sets one, by key: `line 2, key "theme": not
    valid TOML (Cannot overwrite a value)`."""
    found = _AT.match(message)
    if found is None:
        return f"not valid TOML ({message})"
    number = int(found["line"])
    lines = text.split("\n")  # TOML's lines end at LF only (str.splitlines would also split at NEL)
    key = _key_of(lines[number - 1]) if 0 < number <= len(lines) else None
    where = f'line {number}, key "{key}"' if key else f"line {number}"
    return f"{where}: not valid TOML ({found['reason']})"


def _kind(value: object) -> str:
    kinds = {bool: "true/false", int: "a number", float: "a number", dict: "a table", list: "a list"}
    return next((word for kind, word in kinds.items() if isinstance(value, kind)), "a date or time")


def _absolute(config_file: str, value: str) -> str:
    """A path from the file: `~` expanded, relative to the file's own folder; `-` (standard input) kept."""
    if value == "-":
        return value
    expanded = os.path.expanduser(value)
    return os.path.normpath(os.path.join(os.path.dirname(config_file), expanded))


def setting(name: str, flag_value: str | None = None,
            environ: Mapping[str, str] | None = None) -> Setting:
    """The value of setting `name`: the flag's (when given), else its environment variable's (when set and
    not empty, as shells treat empty variables), else the file's, else None with source `default`."""
    info = SETTINGS[name]
    env = os.environ if environ is None else environ
    if flag_value is not None:
        return Setting(name, flag_value, info.flag)
    if env.get(info.variable, ""):
        return Setting(name, env[info.variable], f"${info.variable}")
    from_file = read_config(env).get(name)
    if from_file is not None:
        return Setting(name, from_file, "config file")
    return Setting(name, None, "default")


def configured(name: str, environ: Mapping[str, str] | None = None) -> str | None:
    """What the settings file alone gives for `name` (None when it gives nothing): for a lookup whose own
    code already read the flag and the variable (`dataset.history.author`)."""
    return read_config(environ).get(name)


# --- writing the file (`pledge-tui config set / unset`) -------------------------------------------------


def toml_string(value: str) -> str:
    """`value` as a TOML basic string: quotes, backslashes and control characters escaped, and so are the
    characters Python counts as line breaks (NEL, the line and paragraph separators), so that the file
    stays one setting per line for whoever reads it next."""
    out = ['"']
    for ch in value:
        code = ord(ch)
        if ch in '"\\':
            out.append("\\" + ch)
        elif code < 0x20 or 0x7F <= code < 0xA0 or code in (0x2028, 0x2029):
            out.append(f"\\u{code:04x}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def _key_of(line: str) -> str | None:
    """The top-level key a `key = value` line sets (bare or quoted), or None."""
    stripped = line.strip()
    if not stripped or stripped.startswith(("#", "[")):
        return None
    key = stripped.partition("=")[0].strip()
    if len(key) >= 2 and key[0] == key[-1] and key[0] in "\"'":
        key = key[1:-1]
    return key


def edited(path: str, text: str, name: str, value: str | None) -> str:
    """The file's text with `name` set to `value` (None: removed), every other line (comments included)
    kept as written. The text must be a valid settings file (`ConfigError` otherwise: fix it first). When
    its layout defeats a line edit (a value spread over several lines), the file is written anew from
    its settings; either way the result is read back and checked."""
    import tomllib

    parse_config(path, text)  # the file as it is must be valid: never build on a broken one
    written = tomllib.loads(text)
    new_line = None if value is None else f"{name} = {toml_string(value)}"
    out: list[str] = []
    replaced = False
    lines = text.split("\n")  # LF only: str.splitlines would also split a value at NEL or U+2028
    if lines[-1] == "":
        lines.pop()
    for line in lines:
        if _key_of(line) == name:
            if new_line is not None and not replaced:
                out.append(new_line)
            replaced = True
            continue
        out.append(line)
    if new_line is not None and not replaced:
        out.append(new_line)
    result = "".join(line + "\n" for line in out)
    wanted = {k: v for k, v in {**written, name: value}.items() if v is not None}
    try:
        ok = tomllib.loads(result) == wanted
    except tomllib.TOMLDecodeError:
        ok = False
    if not ok:
        result = "".join(f"{k} = {toml_string(v)}\n" for k, v in wanted.items())
    return result
