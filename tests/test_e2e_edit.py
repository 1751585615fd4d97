"""End to end: edit a cell in the installed `pledge-tui` in a real terminal (tmux), then read the history.

On a copy of the frozen fixture: search Poland, move to its Logistics cell, `enter`, choose another
status, cite a source found by search, write a note, `ctrl+s`, quit; then `pledge-tui history PL`
shows the change with its author, sources and note, and the file records exactly that.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from tests.clones import read_log
from tests.snapshot_apps import BUNDLED
from tests.terminal import NEEDS_TERMINAL, SCRIPT, Terminal, browser_command, exit_code, footer, tmux_session

pytestmark = NEEDS_TERMINAL

EPOCH = "1773133200"  # 2026-03-10T09:00:00Z
QUIET = 0.15
"""Seconds the screen (with its colours: the focused field's title is drawn apart) must stay the same."""


def settle(term: Terminal, timeout: float = 60.0) -> None:
    """Wait until the screen, colours included, has not changed for `QUIET` seconds."""
    deadline = time.monotonic() + timeout
    last, since = "", time.monotonic()
    while time.monotonic() < deadline:
        now = term.tmux("capture-pane", "-p", "-e", "-t", "e2e")
        if now != last:
            last, since = now, time.monotonic()
        elif time.monotonic() - since >= QUIET:
            return
        time.sleep(0.03)
    pytest.fail(f"the screen never settled; last screen:\n{term.screen()}")


def test_edit_a_cell_save_quit_then_history_shows_it(tmp_path: Path) -> None:
    data = Path(shutil.copy(BUNDLED, tmp_path / "commitments.json"))
    command = browser_command(tmp_path, data, f"PLEDGE_TUI_USER=e2e-analyst SOURCE_DATE_EPOCH={EPOCH}")
    with tmux_session(command, 120, 40) as term:
        term.wait_for("the member table", lambda s: "37 of 37 members shown" in s and "⏎ Edit" in footer(s))
        term.keys("/pol", literal=True)
        term.wait_for("Poland alone", lambda s: "1 of 37 members shown" in s and "f1 Help" in footer(s))
        term.keys("Enter")
        term.wait_for("the table's footer", lambda s: "⏎ Edit" in footer(s))
        term.keys("llllll", literal=True)  # Ground -> Logistics
        term.wait_for("Poland's Logistics cell", lambda s: "Poland · Logistics:" in s)
        term.keys("Enter")
        term.wait_for("the edit form", lambda s: "Edit Poland (PL), Logistics" in s and "^s Save" in s)
        # A key that moves the focus is followed by a wait for the screen to settle: Textual resolves a
        # key against the focus when it handles it, so keys sent in one burst across a focus change
        # can land in the field just left.
        term.keys("Down", "Enter")  # pledged -> conditional
        for _ in range(6):  # summary, conditions, lead, quantity, date, the source search
            settle(term)
            term.keys("Tab")
        settle(term)
        term.keys("S12", literal=True)
        term.wait_for("the source found", lambda s: "S12 " in s)
        term.keys("Enter")  # cites the first match
        term.wait_for("the source cited", lambda s: "None cited yet." not in s)
        for _ in range(2):  # past the matches, to the note
            term.keys("Tab")
            settle(term)
        term.keys("confirmed in Paris", literal=True)
        term.wait_for("the note", lambda s: "confirmed in Paris" in s)
        term.keys("C-s")
        screen = term.wait_for("the saved notification",
                               lambda s: "Saved Poland (PL), Logistics" in s and "Edit Poland" not in s)
        assert "◐" in screen.splitlines()[4]  # the table row shows the new status
        term.keys("q", literal=True)
        assert exit_code(tmp_path, term) == "EXIT=0"

    env = {k: v for k, v in os.environ.items() if k not in ("PLEDGE_TUI_DATA", "PLEDGE_TUI_DEBUG")}
    shown = subprocess.run([str(SCRIPT), "--data", str(data), "history", "PL"], capture_output=True, text=True,
                           env=env, timeout=30, check=True).stdout
    assert "e2e-analyst  set  Poland (PL), Logistics" in shown
    assert "pledged → conditional" in shown and "sources: S12" in shown and "note: confirmed in Paris" in shown
    last = read_log(data)[-1]
    assert (last["at"], last["by"], last["key"], last["note"]) == (
        "2026-03-10T09:00:00Z", "e2e-analyst", "PL/logistics", "confirmed in Paris")
