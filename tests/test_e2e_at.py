"""End to end (issue 20): `pledge-tui --at DATE` in a real terminal (tmux): the data as recorded then,
read-only, the header saying so; a snapshot exported from it says so too; `q` quits with exit code 0."""

from __future__ import annotations

from pathlib import Path

import yaml

from tests.terminal import NEEDS_TERMINAL, browser_command, exit_code, footer, read_snapshot, tmux_session, wait_until
from tests.timeline_data import history_copy

pytestmark = NEEDS_TERMINAL


def test_the_browser_at_a_date_in_tmux(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    data = Path(history_copy(tmp_path / "data").path)
    with tmux_session(browser_command(tmp_path, data, args=("--at", "2026-03-20")), 120, 40) as term:
        screen = term.wait_for("the past, said in the header",
                               lambda s: "commitments.json · as recorded at 2026-03-20" in s and "Albania" in s)
        assert "Edit" not in footer(screen)
        term.keys("/türkiye", literal=True)
        screen = term.wait_for("Türkiye's row", lambda s: 'search: "türkiye"' in s and "▕ Türkiye " in s)
        row = next(line for line in screen.splitlines() if "▕ Türkiye " in line)
        assert "◐*" in row and "●*" not in row  # Sea: conditional then; upgraded to pledged on 21 March
        term.wait_for("the search box's footer", lambda s: "f1 Help" in footer(s))
        term.keys("Enter")  # back to the table, keeping the search
        term.wait_for("the table to take the focus back", lambda s: "? Help" in footer(s) and "t Type" in footer(s))
        term.keys("e", literal=True)
        wait_until("the snapshot file", lambda: read_snapshot(tmp_path) is not None, term)
        text = read_snapshot(tmp_path)
        assert text is not None
        lines = text.split("\n")
        front = yaml.safe_load("\n".join(lines[1:lines.index("---", 1)]))
        assert front["recorded_at"] == "2026-03-20" and "data as recorded at 2026-03-20 (UTC)" in text
        term.wait_for("the export notification", lambda s: "Snapshot exported" in s)
        term.keys("q", literal=True)
        assert exit_code(tmp_path, term) == "EXIT=0"
