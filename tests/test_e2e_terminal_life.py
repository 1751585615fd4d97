"""The browser's life in a real terminal (tmux): awkward terminals, narrow footers, colourless reading,
signals, suspension and lying size variables (issue 14 class 7, issue 15's end-to-end checks)."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from tests.snapshot_apps import BUNDLED
from tests.terminal import (
    NEEDS_TERMINAL,
    Terminal,
    app_pid,
    browser_command,
    exit_code,
    footer,
    tmux_session,
    wait_until,
)

pytestmark = NEEDS_TERMINAL

READY = "37 of 37 members shown"


def terminal_modes(term: Terminal) -> str:
    """`alternate-screen mouse-any mouse-all mouse-sgr` as tmux sees them: "0 0 0 0" is a restored terminal."""
    return term.tmux("display-message", "-p", "-t", "e2e",
                     "#{alternate_on} #{mouse_any_flag} #{mouse_all_flag} #{mouse_sgr_flag}").strip()


def test_dumb_colourless_terminal_resized_while_filtering(tmp_path: Path) -> None:
    with tmux_session(browser_command(tmp_path, BUNDLED, "TERM=dumb NO_COLOR=1"), 100, 30) as term:
        term.wait_for("the member table", lambda s: READY in s and "Albania" in s)
        term.keys("t", literal=True)
        term.keys("Space")
        term.wait_for("the Ground filter", lambda s: "30 of 37 members shown" in s)
        for width, height in [(60, 15), (140, 45), (80, 24)]:
            term.tmux("resize-window", "-t", "e2e", "-x", str(width), "-y", str(height))

            def redrawn(s: str, w: int = width) -> bool:
                return "30 of 37" in s and max(len(line) for line in s.splitlines()) <= w

            term.wait_for(f"a redraw at {width}x{height}", redrawn)
        term.keys("Space")
        term.wait_for("the filter removed", lambda s: READY in s)
        term.keys("q", literal=True)
        assert exit_code(tmp_path, term) == "EXIT=0"


def test_active_filters_read_from_the_screen_text_alone_with_no_color(tmp_path: Path) -> None:
    """NO_COLOR: what is filtered can be read from `capture-pane` text (ticks and words), no colour needed."""
    with tmux_session(browser_command(tmp_path, BUNDLED, "NO_COLOR=1"), 120, 40) as term:
        term.wait_for("the member table", lambda s: READY in s)
        term.keys("t", literal=True)
        term.keys("Down", "Space")
        term.keys("s", literal=True)
        term.keys("Space", "Escape")
        screen = term.wait_for("the filter", lambda s: "4 of 37 members shown" in s and "[x] pledged" in s)
        assert "Filter: type: Air; status: pledged" in screen
        assert "[x] Air" in screen and "[ ] Ground" in screen and "[ ] conditional" in screen
        term.keys("q", literal=True)
        assert exit_code(tmp_path, term) == "EXIT=0"


def test_at_80x24_the_footer_shows_help_and_quit(tmp_path: Path) -> None:
    with tmux_session(browser_command(tmp_path, BUNDLED), 80, 24) as term:
        screen = term.wait_for("the member table", lambda s: READY in s and "Help" in footer(s))
        bar = footer(screen)
        assert bar.startswith(" ? Help q Quit") or bar.startswith("? Help q Quit"), bar
        assert "palettet" not in screen
        term.keys("/", literal=True)
        term.wait_for("the search box's footer", lambda s: "f1 Help" in footer(s) and "^q Quit" in footer(s))
        term.keys("C-q")
        assert exit_code(tmp_path, term) == "EXIT=0"


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_sigterm_and_sighup_restore_the_terminal_and_exit(tmp_path: Path, signum: signal.Signals) -> None:
    with tmux_session(browser_command(tmp_path, BUNDLED), 100, 30) as term:
        term.wait_for("the member table", lambda s: READY in s)
        assert terminal_modes(term) == "1 1 1 1"  # alternate screen, mouse reporting on
        os.kill(app_pid(term), signum)
        assert exit_code(tmp_path, term) == f"EXIT={128 + signum}"
        assert terminal_modes(term) == "0 0 0 0"
        assert READY not in term.screen()  # back on the shell's screen


def test_the_screen_is_drawn_again_after_sigtstp_and_sigcont(tmp_path: Path) -> None:
    with tmux_session(browser_command(tmp_path, BUNDLED), 100, 30) as term:
        term.wait_for("the member table", lambda s: READY in s)
        pid = app_pid(term)
        os.kill(pid, signal.SIGTSTP)
        wait_until("the browser to stop", lambda: "\tT (stopped)" in Path(f"/proc/{pid}/status").read_text()
                   or "State:\tT" in Path(f"/proc/{pid}/status").read_text(), term)
        os.kill(pid, signal.SIGCONT)
        term.wait_for("the screen drawn again", lambda s: READY in s and "Albania" in s and "Help" in footer(s))
        term.keys("q", literal=True)
        assert exit_code(tmp_path, term) == "EXIT=0"


@pytest.mark.parametrize("sizes", ["COLUMNS=300 LINES=100", "COLUMNS=40 LINES=10", "COLUMNS=100000 LINES=100000"])
def test_exported_columns_and_lines_do_not_override_the_terminal(tmp_path: Path, sizes: str) -> None:
    with tmux_session(browser_command(tmp_path, BUNDLED, sizes), 100, 30) as term:
        screen = term.wait_for("the member table at the real size",
                               lambda s: READY in s and "Help" in footer(s) and "Albania" in s)
        lines = screen.splitlines()
        assert max(len(line) for line in lines) <= 100 and len(lines) <= 30
        assert "never named" in lines[1]  # the header's second line, fitted to the real width
        term.keys("q", literal=True)
        assert exit_code(tmp_path, term) == "EXIT=0"
