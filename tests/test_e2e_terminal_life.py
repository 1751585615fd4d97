"""A real terminal with TERM=dumb and NO_COLOR=1, resized while a filter is applied: the browser keeps
drawing, answers keys and exits 0."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest

from tests.snapshot_apps import BUNDLED
from tests.test_e2e_tmux import SCRIPT, TMUX, tmux_session, wait_until

pytestmark = pytest.mark.e2e


@pytest.mark.skipif(TMUX is None, reason="tmux is not installed; the end-to-end test needs a real terminal")
@pytest.mark.skipif(not SCRIPT.exists(), reason=f"the pledge-tui console script is not installed at {SCRIPT}")
def test_dumb_colourless_terminal_resized_while_filtering(tmp_path: Path) -> None:
    folder = shlex.quote(str(tmp_path))
    command = (f"cd {folder} && env TERM=dumb NO_COLOR=1 {shlex.quote(str(SCRIPT))} "
               f"--data {shlex.quote(str(BUNDLED))}; echo EXIT=$? > {folder}/exit-code; sleep 5")
    with tmux_session(command, 100, 30) as term:
        term.wait_for("the member table", lambda s: "37 of 37 members shown" in s and "Albania" in s)
        term.keys("t", literal=True)
        term.keys("Space")
        term.wait_for("the Ground filter", lambda s: "30 of 37 members shown" in s)
        for width, height in [(60, 15), (140, 45), (80, 24)]:
            term.tmux("resize-window", "-t", "e2e", "-x", str(width), "-y", str(height))
            term.wait_for(f"a redraw at {width}x{height}",
                          lambda s, w=width: "30 of 37" in s and max(len(line) for line in s.splitlines()) <= w)
        term.keys("Space")
        term.wait_for("the filter removed", lambda s: "37 of 37 members shown" in s)
        term.keys("q", literal=True)
        exit_file = tmp_path / "exit-code"
        wait_until("the browser to exit", lambda: exit_file.exists() and "EXIT=" in exit_file.read_text(), term)
        assert exit_file.read_text().strip() == "EXIT=0"
