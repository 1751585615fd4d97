"""The settings file and `pledge-tui config` (README "Command line").

Each setting (user, data, export_dir, theme) is looked up as a flag, then an environment variable, then
`$XDG_CONFIG_HOME/pledge-tui/config.toml`, then the default; `config` shows which gave it; a bad file is
a one-line usage error naming the file and the key; `config set` keeps the rest of the file.
"""

from __future__ import annotations

import json
import os
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from pledge_tui import config
from pledge_tui.cli import main
from pledge_tui.dataset import history
from pledge_tui.paths import BUNDLED_SOURCE, bundled_data_path, data_setting
from tests.clones import read_log
from tests.common import CliRunner
from tests.factories import commitment, member, raw_dataset, table, write


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """A settings folder of its own ($XDG_CONFIG_HOME) for the test."""
    folder = tmp_path / "xdg"
    folder.mkdir()
    return folder


def settings_file(home: Path, text: str) -> Path:
    path = home / "pledge-tui" / "config.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def data_named(tmp_path: Path, name: str, member_name: str) -> Path:
    """A valid data file whose one member is called `member_name`, so a listing shows which file was read."""
    raw = raw_dataset()
    raw["members"] = table(member("PL", member_name))
    raw["commitments"] = table(commitment("PL", "logistics", "pledged"))
    return write(tmp_path / name, raw)


# --- the order: flag > environment > file > default ---------------------------------------------------------


def test_where_the_file_is() -> None:
    assert config.config_path({"XDG_CONFIG_HOME": "/x", "HOME": "/h"}) == "/x/pledge-tui/config.toml"
    assert config.config_path({"HOME": "/h"}) == "/h/.config/pledge-tui/config.toml"
    assert config.config_path({"XDG_CONFIG_HOME": "relative", "HOME": "/h"}) == "/h/.config/pledge-tui/config.toml"
    assert config.config_path({}) is None  # no folder to look in: no file read, never the real home


@pytest.mark.parametrize("name", list(config.SETTINGS))
def test_flag_beats_environment_beats_file_beats_default(home: Path, tmp_path: Path, name: str) -> None:
    info = config.SETTINGS[name]
    settings_file(home, f'{name} = "from-file"\n')
    env = {"XDG_CONFIG_HOME": str(home), info.variable: "from-env"}
    from_file = str(home / "pledge-tui" / "from-file") if info.is_path else "from-file"
    assert config.setting(name, "from-flag", env) == config.Setting(name, "from-flag", info.flag)
    assert config.setting(name, None, env) == config.Setting(name, "from-env", f"${info.variable}")
    assert config.setting(name, None, {**env, info.variable: ""}) == config.Setting(name, from_file, "config file")
    assert config.setting(name, None, {"XDG_CONFIG_HOME": str(tmp_path / "none")}) == \
        config.Setting(name, None, "default")


def test_data_falls_back_to_the_local_file_then_the_bundled_copy(home: Path, tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    env = {"XDG_CONFIG_HOME": str(home)}
    assert data_setting(None, env).value == str(bundled_data_path())
    assert data_setting(None, env).source == BUNDLED_SOURCE
    (tmp_path / "data").mkdir()
    data_named(tmp_path / "data", "commitments.json", "Local")
    assert data_setting(None, env).value == os.path.join("data", "commitments.json")
    settings_file(home, 'data = "~/mine.json"\n')
    assert data_setting(None, {**env, "HOME": "/home/someone"}).value == os.path.expanduser("~/mine.json")


def test_a_relative_path_in_the_file_is_relative_to_the_files_folder(home: Path) -> None:
    settings_file(home, 'data = "work/mine.json"\nexport_dir = "../snapshots"\n')
    env = {"XDG_CONFIG_HOME": str(home)}
    assert config.setting("data", None, env).value == str(home / "pledge-tui" / "work" / "mine.json")
    assert config.setting("export_dir", None, env).value == str(home / "snapshots")


def test_the_user_is_by_then_environment_then_file_then_login(home: Path) -> None:
    settings_file(home, 'user = "A. Analyst"\n')
    env = {"XDG_CONFIG_HOME": str(home)}
    assert history.author("Flag", {**env, "PLEDGE_TUI_USER": "Env"}) == "Flag"
    assert history.author(None, {**env, "PLEDGE_TUI_USER": "Env"}) == "Env"
    assert history.author(None, env) == "A. Analyst"
    assert history.author(None, {"XDG_CONFIG_HOME": str(home / "none")}) not in ("A. Analyst", "")


def test_the_data_file_precedence_through_the_command_line(cli: CliRunner, home: Path, tmp_path: Path) -> None:
    flag, env, from_file = (data_named(tmp_path, f"{n}.json", n.capitalize()) for n in ("flag", "env", "file"))
    settings_file(home, f'data = "{from_file}"\n')
    base = {"XDG_CONFIG_HOME": str(home)}

    def listed(*args: str, **extra: str) -> str:
        result = cli(*args, "list", "--format", "csv", env={**base, **extra})
        assert result.returncode == 0, result.stderr
        return result.stdout.splitlines()[1].split(",")[1]

    assert listed("--data", str(flag), PLEDGE_TUI_DATA=str(env)) == "Flag"
    assert listed(PLEDGE_TUI_DATA=str(env)) == "Env"
    assert listed() == "File"
    assert listed(XDG_CONFIG_HOME=str(tmp_path / "elsewhere")) not in ("Flag", "Env", "File")  # the bundled copy


def test_the_user_in_the_file_signs_the_history(cli: CliRunner, home: Path, tmp_path: Path) -> None:
    data = write(tmp_path / "mine.json", raw_dataset())
    settings_file(home, 'user = "A. Analyst"\n')
    result = cli("--data", str(data), "set", "PL", "training", "considering", "--source", "S1", "--summary", "Maybe.",
                 env={"XDG_CONFIG_HOME": str(home), "PLEDGE_TUI_USER": ""})
    assert result.returncode == 0, result.stderr
    assert read_log(data)[-1]["by"] == "A. Analyst"


class Opened:
    """What the browser was opened with (its `run` replaced: no terminal needed)."""

    theme: str | None = None
    export_dir: str | None = None


@pytest.fixture
def browser_opened(monkeypatch: pytest.MonkeyPatch) -> Iterator[type[Opened]]:
    from pledge_tui.ui import app, terminal

    def run(self: app.PledgeApp, *args: Any, **kwargs: Any) -> None:
        Opened.theme, Opened.export_dir = self.theme, self.export_dir

    monkeypatch.setattr(app.PledgeApp, "run", run)
    monkeypatch.setattr(terminal, "require_terminal", lambda: None)
    monkeypatch.setattr(terminal, "measure_the_real_terminal", lambda: None)
    Opened.theme = Opened.export_dir = None
    yield Opened


def test_the_browser_takes_its_theme_and_export_folder_in_order(
        browser_opened: type[Opened], home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        data_file: Path) -> None:
    folders = {name: tmp_path / name for name in ("flag", "env", "file")}
    for folder in folders.values():
        folder.mkdir()
    settings_file(home, f'theme = "gruvbox"\nexport_dir = "{folders["file"]}"\n')
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home))
    assert main(["--data", str(data_file)]) == 0
    assert (browser_opened.theme, browser_opened.export_dir) == ("gruvbox", str(folders["file"]))
    monkeypatch.setenv("PLEDGE_TUI_THEME", "nord")
    monkeypatch.setenv("PLEDGE_TUI_EXPORT_DIR", str(folders["env"]))
    assert main(["--data", str(data_file)]) == 0
    assert (browser_opened.theme, browser_opened.export_dir) == ("nord", str(folders["env"]))
    assert main(["--data", str(data_file), "--theme", "dracula", "--export-dir", str(folders["flag"])]) == 0
    assert (browser_opened.theme, browser_opened.export_dir) == ("dracula", str(folders["flag"]))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "none"))
    monkeypatch.delenv("PLEDGE_TUI_THEME")
    monkeypatch.delenv("PLEDGE_TUI_EXPORT_DIR")
    assert main(["--data", str(data_file)]) == 0
    assert (browser_opened.theme, browser_opened.export_dir) == (config.DEFAULT_THEME, ".")


@pytest.mark.parametrize(("source", "env", "text"), [
    ("--theme", {}, ""),
    ("$PLEDGE_TUI_THEME", {"PLEDGE_TUI_THEME": "no-such-theme"}, ""),
    ("config file", {}, 'theme = "no-such-theme"\n'),
])
def test_an_unknown_theme_is_a_usage_error_naming_where_it_came_from(
        cli: CliRunner, home: Path, data_file: Path, source: str, env: dict[str, str], text: str) -> None:
    settings_file(home, text)
    flag = ["--theme", "no-such-theme"] if source == "--theme" else []
    result = cli("--data", str(data_file), *flag, env={"XDG_CONFIG_HOME": str(home), **env})
    assert result.returncode == 2
    assert result.stderr == (f"pledge-tui: error: unknown theme 'no-such-theme' ({source}); the themes are: "
                             f"{', '.join(sorted(_themes()))}\n")


def _themes() -> list[str]:
    from textual.theme import BUILTIN_THEMES

    return list(BUILTIN_THEMES)


def test_a_missing_export_folder_from_the_file_names_the_file(cli: CliRunner, home: Path, data_file: Path) -> None:
    settings_file(home, 'export_dir = "/nonexistent/folder"\n')
    result = cli("--data", str(data_file), env={"XDG_CONFIG_HOME": str(home)})
    assert result.returncode == 2
    assert "export folder '/nonexistent/folder' does not exist or is not a folder (config file)" in result.stderr


def test_theme_is_a_browser_option(cli: CliRunner, data_file: Path) -> None:
    result = cli("--theme", "nord", "--data", str(data_file), "list")
    assert result.returncode == 2
    assert "--theme is an option of the browser; `list` does not take it" in result.stderr


def test_the_default_theme_is_textuals() -> None:
    from textual.app import App

    assert App.theme._default == config.DEFAULT_THEME


# --- a bad settings file ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [
    ('thme = "nord"\n', 'key "thme": unknown setting (the settings are: user, data, export_dir, theme)'),
    ("data = 5\n", 'key "data": expected a string in quotes, got a number'),
    ("user = true\n", 'key "user": expected a string in quotes, got true/false'),
    ('user = "  "\n', 'key "user": is empty; remove the line to use the default'),
    ("[data]\npath = 'x'\n", 'key "data": expected a string in quotes, got a table'),
    ("user = 'a'\ndata = \n", 'line 2, key "data": not valid TOML (Invalid value)'),
    ('theme = "nord"\ntheme = "dracula"\n', 'line 2, key "theme": not valid TOML (Cannot overwrite a value)'),
    ('[unclosed\n', "line 1: not valid TOML (Expected ']' at the end of a table declaration)"),
])
def test_a_bad_file_is_one_line_naming_the_file_and_the_key(cli: CliRunner, home: Path, text: str,
                                                              expected: str) -> None:
    path = settings_file(home, text)
    result = cli("list", env={"XDG_CONFIG_HOME": str(home)})
    assert result.returncode == 2
    assert result.stderr == f"pledge-tui: error: {path}: {expected}\n"
    assert result.stdout == ""


def test_a_file_that_is_not_utf8_or_a_folder(cli: CliRunner, home: Path) -> None:
    path = settings_file(home, "")
    path.write_bytes(b'user = "ok"\ntheme = "\xff"\n')
    result = cli("show", "PL", env={"XDG_CONFIG_HOME": str(home)})
    assert (result.returncode, result.stderr) == (2, f"pledge-tui: error: {path}: line 2: not valid UTF-8\n")
    path.unlink()
    path.mkdir()
    result = cli("config", env={"XDG_CONFIG_HOME": str(home)})
    assert (result.returncode, result.stderr) == (2, f"pledge-tui: error: {path}: is a folder, not a settings file\n")


def test_a_flag_or_variable_for_the_data_does_not_need_the_file(cli: CliRunner, home: Path, data_file: Path) -> None:
    """The file is read only when a setting is looked up that nothing else gives."""
    settings_file(home, "not toml at all\n")
    assert cli("--data", str(data_file), "list", env={"XDG_CONFIG_HOME": str(home)}).returncode == 0
    assert cli("list", env={"XDG_CONFIG_HOME": str(home), "PLEDGE_TUI_DATA": str(data_file)}).returncode == 0
    assert cli("list", env={"XDG_CONFIG_HOME": str(home)}).returncode == 2


# --- pledge-tui config --------------------------------------------------------------------------------------


def test_config_lists_each_setting_its_value_and_where_it_came_from(cli: CliRunner, home: Path, tmp_path: Path,
                                                                    data_file: Path) -> None:
    path = settings_file(home, f'theme = "nord"\ndata = "{data_file}"\n')
    result = cli("config", env={"XDG_CONFIG_HOME": str(home), "PLEDGE_TUI_USER": "Env User",
                                "PLEDGE_TUI_EXPORT_DIR": ""})
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == f"settings file: {path}"
    rows = {line.split()[0]: line for line in lines[2:]}
    assert list(rows) == ["user", "data", "export_dir", "theme"]
    assert rows["user"].split("  ")[0] == "user" and rows["user"].endswith("$PLEDGE_TUI_USER")
    assert "Env User" in rows["user"]
    assert str(data_file) in rows["data"] and rows["data"].endswith("config file")
    assert rows["theme"].split()[1:] == ["nord", "config", "file"]
    assert rows["export_dir"].split()[1:] == [".", "default"]
    widths = {line.index(line.split()[1]) for line in lines[2:]}
    assert len(widths) == 1, "the values are in one column"


def test_config_shows_a_flag_and_a_missing_file(cli: CliRunner, tmp_path: Path, data_file: Path) -> None:
    home = tmp_path / "nowhere"
    result = cli("--data", str(data_file), "config", "--format", "json", env={"XDG_CONFIG_HOME": str(home)})
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["file"] == str(home / "pledge-tui" / "config.toml") and document["file_exists"] is False
    assert document["settings"]["data"] == {"value": str(data_file), "source": "--data"}
    assert document["settings"]["theme"] == {"value": "textual-dark", "source": "default"}
    text = cli("config", env={"XDG_CONFIG_HOME": str(home)}).stdout
    assert text.splitlines()[0].endswith("(not found; `pledge-tui config set NAME VALUE` creates it)")


def test_config_set_get_unset_and_path(cli: CliRunner, home: Path, tmp_path: Path, data_file: Path) -> None:
    env = {"XDG_CONFIG_HOME": str(home)}
    path = home / "pledge-tui" / "config.toml"
    assert cli("config", "path", env=env).stdout == f"{path}\n"
    result = cli("config", "set", "theme", "nord", env=env)
    assert (result.returncode, result.stderr) == (0, f'pledge-tui: set theme = "nord" in {path}\n')
    assert path.read_text(encoding="utf-8") == 'theme = "nord"\n'
    path.write_text('# my settings\ntheme = "nord"  # dark\n\n# who I am\n', encoding="utf-8")
    assert cli("config", "set", "user", 'Anna "the analyst" \\ K.', env=env).returncode == 0
    assert cli("config", "set", "theme", "dracula", env=env).returncode == 0
    (tmp_path / "snaps").mkdir()
    assert cli("config", "set", "export_dir", "snaps", env=env, cwd=tmp_path).returncode == 0
    text = path.read_text(encoding="utf-8")
    assert text.startswith('# my settings\ntheme = "dracula"\n\n# who I am\nuser = "Anna \\"the analyst\\" \\\\ K."\n')
    assert tomllib.loads(text)["export_dir"] == str(tmp_path / "snaps")  # stored absolute
    assert cli("config", "get", "user", env=env).stdout == 'Anna "the analyst" \\ K.\n'
    assert cli("config", "get", "theme", env={**env, "PLEDGE_TUI_THEME": "nord"}).stdout == "nord\n"
    result = cli("config", "unset", "theme", env=env)
    assert (result.returncode, result.stderr) == (0, f"pledge-tui: removed theme in {path}\n")
    assert "theme" not in tomllib.loads(path.read_text(encoding="utf-8"))
    assert "# my settings" in path.read_text(encoding="utf-8")
    assert cli("config", "get", "theme", env=env).stdout == "textual-dark\n"
    result = cli("config", "unset", "theme", env=env)
    assert (result.returncode, result.stderr) == (0, f"pledge-tui: nothing to change: theme is already not set in "
                                                     f"{path}\n")


def test_config_set_says_when_the_environment_wins(cli: CliRunner, home: Path) -> None:
    result = cli("config", "set", "theme", "nord", env={"XDG_CONFIG_HOME": str(home), "PLEDGE_TUI_THEME": "dracula"})
    assert result.stderr.endswith("($PLEDGE_TUI_THEME is set, and wins over the file)\n")


@pytest.mark.parametrize(("args", "expected"), [
    (("theme", "no-such-theme"), "unknown theme 'no-such-theme'; the themes are: "),
    (("data", "/nonexistent.json"), "data: /nonexistent.json is not a file"),
    (("export_dir", "/nonexistent"), "export_dir: /nonexistent is not a folder"),
    (("user", " "), "the value of user is empty; `pledge-tui config unset user` removes the setting"),
    (("colour", "red"), "argument NAME: invalid choice: 'colour'"),
])
def test_config_set_refuses_a_bad_value(cli: CliRunner, home: Path, args: tuple[str, str], expected: str) -> None:
    result = cli("config", "set", *args, env={"XDG_CONFIG_HOME": str(home)})
    assert result.returncode == 2
    assert result.stderr.startswith(f"pledge-tui: error: {expected}")
    assert not (home / "pledge-tui").exists()


def test_config_set_does_not_build_on_a_broken_file(cli: CliRunner, home: Path) -> None:
    path = settings_file(home, "thme = 'nord'\n")
    result = cli("config", "set", "theme", "nord", env={"XDG_CONFIG_HOME": str(home)})
    assert result.returncode == 2 and 'key "thme": unknown setting' in result.stderr
    assert path.read_text(encoding="utf-8") == "thme = 'nord'\n"


def test_config_path_without_a_home(cli: CliRunner) -> None:
    result = cli("config", "path", env={"XDG_CONFIG_HOME": "", "HOME": ""})
    assert (result.returncode, result.stderr) == (
        2, "pledge-tui: error: no settings file: neither $XDG_CONFIG_HOME nor $HOME is set\n")


# --- writing TOML -------------------------------------------------------------------------------------------


@given(st.text(st.characters(blacklist_categories=["Cs"])))
def test_toml_string_reads_back_as_written(value: str) -> None:
    assert tomllib.loads(f"k = {config.toml_string(value)}")["k"] == value


NAMES = st.sampled_from(list(config.SETTINGS))
VALUES = st.text(st.characters(blacklist_categories=["Cs"]), min_size=1).filter(str.strip)


@given(st.lists(st.tuples(NAMES, st.none() | VALUES), max_size=8))
@example([("user", "0\x85"), ("data", None)])  # NEL: a line break to str.splitlines, not to TOML
@example([("theme", "a\u2028b"), ("user", "x")])
def test_edits_keep_comments_and_give_the_settings_asked_for(edits: list[tuple[str, str | None]]) -> None:
    text = "# settings\n"
    expected: dict[str, str] = {}
    for name, value in edits:
        text = config.edited("/x/config.toml", text, name, value)
        if value is None:
            expected.pop(name, None)
        else:
            expected[name] = value
        assert tomllib.loads(text) == expected
    assert text.startswith("# settings\n") or (not expected and text == "")


def test_an_edit_of_a_value_written_over_lines_rewrites_the_file() -> None:
    text = 'user = """A.\nAnalyst"""\ntheme = "nord"\n'
    assert tomllib.loads(config.edited("/x/config.toml", text, "user", "B")) == {"user": "B", "theme": "nord"}
