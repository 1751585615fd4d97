"""End to end: the installed `pledge-tui` script in a real terminal (tmux), driven by keystrokes.

A private tmux server (its own socket, no user configuration) runs the browser in a 120x40 window.
The test polls the screen instead of sleeping fixed times, searches for Poland, exports a snapshot,
checks the file, and quits, checking the exit code the shell recorded.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from tests.snapshot_apps import BUNDLED
from tests.terminal import (
    browser_command,
    exit_code,
    footer,
    read_snapshot,
    tmux_session,
    wait_until,
)


def test_search_export_quit_in_tmux(tmp_path: Path) -> None:
    with tmux_session(browser_command(tmp_path, BUNDLED), 120, 40) as term:
        term.wait_for("the member table",
                      lambda s: "37 of 37 members shown" in s and "Albania" in s and "Reported: 26" in s)

        term.keys("/pol", literal=True)  # one burst: the keys behind `/` go into the search box, in order
        screen = term.wait_for("the search result and Poland's detail pane",
                               lambda s: "1 of 37 members shown" in s and "Poland  PL · member" in s)
        assert 'Filter: search: "pol"' in screen
        assert " Poland " in screen.splitlines()[4]  # the table row

        # The footer follows the focus a frame later: in the search box `?` and `q` are text, so it
        # offers f1 and ^q; back in the table, `?` and the letter keys again.
        term.wait_for("the search box's footer", lambda s: "f1 Help" in footer(s))
        term.keys("Enter")  # back to the table, keeping the search
        term.wait_for("the table to take the focus back", lambda s: "? Help" in footer(s) and "t Type" in footer(s))
        term.keys("e", literal=True)
        wait_until("the snapshot file", lambda: (read_snapshot(tmp_path) or "").count("Poland") > 0, term)
        text = read_snapshot(tmp_path)
        assert text is not None
        lines = text.split("\n")
        front = yaml.safe_load("\n".join(lines[1:lines.index("---", 1)]))
        assert front["filters"]["search"] == "pol"
        assert front["members_shown"] == 1 and front["members_total"] == 37
        assert "### Poland (PL)" in text
        term.wait_for("the export notification", lambda s: "Snapshot exported" in s)

        term.keys("q", literal=True)
        assert exit_code(tmp_path, term) == "EXIT=0"
