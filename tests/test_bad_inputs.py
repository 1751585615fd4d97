"""Every bad input gets one clear line, the right exit code, no traceback, and an untouched file.

The corpus lives in tests/bad_inputs.py. Each data case runs through `validate`, `list`, `export` and
the browser (no subcommand), in-process through `cli.main` (the same code path as the console
script, minus interpreter start-up); a sample runs through a real subprocess too.
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from pledge_tui import cli
from tests.bad_inputs import DATA_CASES, USAGE_CASES, WRITE_CASES, DataCase, UsageCase, WriteCase
from tests.common import CliRunner

COMMANDS: dict[str, Callable[[str], list[str]]] = {
    "validate": lambda path: ["validate", path],
    "list": lambda path: ["--data", path, "list", "--format", "json"],
    "export": lambda path: ["--data", path, "export", "--now", "2026-01-01T00:00:00Z", "-o", "-"],
    "browser": lambda path: ["--data", path],
}


def fingerprint(path: Path) -> str | None:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() and not path.is_symlink() else None


def test_the_corpus_is_large_enough() -> None:
    assert len(DATA_CASES) + len(USAGE_CASES) >= 40
    assert len({c.name for c in DATA_CASES}) == len(DATA_CASES)


@pytest.mark.parametrize("command", list(COMMANDS))
@pytest.mark.parametrize("case", DATA_CASES, ids=[c.name for c in DATA_CASES])
def test_bad_data(case: DataCase, command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PLEDGE_TUI_DEBUG", raising=False)
    monkeypatch.chdir(tmp_path)
    path = case.make(tmp_path)
    before = fingerprint(path)
    code = cli.main(COMMANDS[command](str(path)))
    out, err = capsys.readouterr()
    assert code == 1, err
    assert out == ""
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    errors = [line for line in lines if line.startswith("pledge-tui: error: ")]
    if command == "validate":
        assert (lines[-1].startswith("pledge-tui: ") and "found in" in lines[-1]) or len(lines) == 1
    else:
        assert len(lines) == 1, err
    assert any(str(path) in line and all(w in line for w in case.words) for line in errors), err
    assert all(line.isprintable() for line in lines)
    assert fingerprint(path) == before


@pytest.mark.parametrize("case", USAGE_CASES, ids=[c.name for c in USAGE_CASES])
def test_bad_command_lines(case: UsageCase, data_file: Path, capsys: pytest.CaptureFixture[str],
                           monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    for name, value in case.env:
        monkeypatch.setenv(name, value)
    before = fingerprint(data_file)
    code = cli.main(["--data", str(data_file), *case.args])
    out, err = capsys.readouterr()
    assert code == 2, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("pledge-tui: error: "), err
    assert all(w in lines[0] for w in case.words), lines[0]
    assert lines[0].isprintable()
    assert "Traceback" not in err and out == ""
    assert fingerprint(data_file) == before


@pytest.mark.parametrize("case", WRITE_CASES, ids=[c.name for c in WRITE_CASES])
def test_bad_surroundings_of_a_write(case: WriteCase, cli: CliRunner, tmp_path: Path) -> None:
    """Through a real process, with a deadline: a case that blocked (a FIFO as the lock) fails, not hangs."""
    path = case.make(tmp_path)
    before = fingerprint(path)
    result = cli("--data", str(path), "set", "PL", "logistics", "considering", "--source", "S1")
    assert result.returncode == case.code, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("pledge-tui: error: "), result.stderr
    assert all(w in lines[0] for w in case.words), lines[0]
    assert fingerprint(path) == before and result.stdout == ""


def test_unreadable_file(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
                         data_file: Path) -> None:
    # Tests run as root in CI, where chmod 000 does not stop reading; simulate the refusal instead.
    def refuse(*args: object, **kwargs: object) -> object:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("pledge_tui.dataset.rawio.open", refuse, raising=False)
    for command in COMMANDS.values():
        assert cli.main(command(str(data_file))) == 1
        err = capsys.readouterr().err
        assert f"{data_file}: cannot be read: permission denied" in err and "Traceback" not in err


@pytest.mark.parametrize("case", [c for c in DATA_CASES if c.name in ("not JSON", "UTF-8 byte-order mark",
                                                                      "missing file", "20 MB file")],
                         ids=lambda c: c.name)
def test_bad_data_through_the_real_command(case: DataCase, cli: CliRunner, tmp_path: Path) -> None:
    path = case.make(tmp_path)
    for command in COMMANDS.values():
        result = cli(*command(str(path)))
        assert result.returncode == 1 and "Traceback" not in result.stderr
        assert result.stderr.startswith("pledge-tui: error: ") and all(w in result.stderr for w in case.words)


def test_the_browser_reports_a_bad_file_before_loading_textual(cli: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{ nope")
    code = ("import sys; from pledge_tui.cli import main; rc = main(['--data', sys.argv[1]]); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'textual')); sys.exit(rc)")
    import subprocess

    result = subprocess.run([sys.executable, "-c", code, str(bad)], capture_output=True, text=True)
    assert result.returncode == 1
    assert result.stdout.strip() == "[]"  # nothing was drawn: Textual was never imported
    assert result.stderr.startswith(f"pledge-tui: error: {bad}: is not valid JSON")
