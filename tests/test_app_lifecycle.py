"""The browser refuses to start without a terminal and takes the terminal's own size (issue 14 class 7).
Signals, suspension and lying COLUMNS/LINES in a real terminal are in test_e2e_terminal_life.py."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest

from pledge_tui.errors import UsageError
from pledge_tui.ui import app as app_module
from pledge_tui.ui import terminal
from tests.common import FROZEN


class FakeTTY(io.StringIO):
    def isatty(self) -> bool:
        return True


class Closed(io.StringIO):
    def isatty(self) -> bool:
        raise ValueError("I/O operation on closed file")


@pytest.mark.parametrize(("streams", "named"), [
    ((io.StringIO(), FakeTTY(), FakeTTY()), "standard input is not one"),
    ((FakeTTY(), io.StringIO(), FakeTTY()), "standard output is not one"),
    ((FakeTTY(), FakeTTY(), Closed()), "standard error is not one"),
    ((io.StringIO(), io.StringIO(), FakeTTY()), "standard input and standard output are not one"),
    ((io.StringIO(), io.StringIO(), io.StringIO()), "standard input, output and error are not one"),
])
def test_no_terminal_is_a_usage_error_naming_what_is_missing(streams: tuple[io.StringIO, ...], named: str) -> None:
    with pytest.raises(UsageError) as caught:
        terminal.require_terminal(*streams)
    assert caught.value.exit_code == 2
    message = str(caught.value)
    assert message.startswith("the browser needs a terminal, but ") and named in message
    assert "pledge-tui list" in message and "\n" not in message


def test_three_terminals_pass() -> None:
    terminal.require_terminal(FakeTTY(), FakeTTY(), FakeTTY())


def test_run_browser_checks_before_drawing(monkeypatch: pytest.MonkeyPatch) -> None:
    started: list[object] = []
    monkeypatch.setattr(app_module.PledgeApp, "run", lambda self, **kw: started.append(self))
    monkeypatch.setattr(sys, "stdin", io.StringIO())
    with pytest.raises(UsageError):
        app_module.run_browser(None)  # type: ignore[arg-type]  # never reaches the dataset
    assert started == []


def test_the_command_refuses_without_a_terminal(tmp_path: Path) -> None:
    """Run for real, input from /dev/null and output to a file: one line on standard error, exit 2, no
    escape codes written, and it returns at once instead of running until killed."""
    out = tmp_path / "out.txt"
    with open(out, "w") as handle:
        result = subprocess.run([sys.executable, "-m", "pledge_tui", "--data", str(FROZEN)],
                                stdin=subprocess.DEVNULL, stdout=handle, stderr=subprocess.PIPE, text=True,
                                timeout=60, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith("pledge-tui: error: the browser needs a terminal, but standard input")
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert "\x1b" not in out.read_text() and "\x1b" not in result.stderr


def test_exported_columns_and_lines_are_dropped() -> None:
    environ = {"COLUMNS": "100000", "LINES": "100000", "TERM": "xterm"}
    terminal.measure_the_real_terminal(environ)
    assert environ == {"TERM": "xterm"}


def test_the_browser_views_are_headless() -> None:
    """`views.browse` (built for the browser) imports neither Textual nor Rich, like the rest of `views`."""
    code = ("import sys, pledge_tui.views.browse; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
