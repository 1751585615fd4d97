"""A real terminal with TERM=dumb and NO_COLOR=1, resized while a filter is applied: the browser keeps
drawing, answers keys and exits 0."""

from __future__ import annotations

import os
import shlex
import subprocess
import uuid
from pathlib import Path

import pytest

from tests.snapshot_apps import BUNDLED
from tests.test_e2e_tmux import SCRIPT, TMUX, Terminal, wait_until

pytestmark = pytest.mark.e2e


@pytest.mark.skipif(TMUX is None, reason="tmux is not installed; the end-to-end test needs a real terminal")
@pytest.mark.skipif(not SCRIPT.exists(), reason=f"the pledge-tui console script is not installed at {SCRIPT}")
def test_dumb_colourless_terminal_resized_while_filtering(tmp_path: Path) -> None:
    term = Terminal(f"pledge-e2e-{uuid.uuid4().hex[:12]}")
    folder = shlex.quote(str(tmp_path))
    command = (f"cd {folder} && env TERM=dumb NO_COLOR=1 {shlex.quote(str(SCRIPT))} "
               f"--data {shlex.quote(str(BUNDLED))}; echo EXIT=$? > {folder}/exit-code; sleep 5")
    socket_path = ""
    try:
        env = {k: v for k, v in os.environ.items() if not k.startswith("TMUX")}
        assert TMUX is not None
        subprocess.run([TMUX, "-L", term.socket, "-f", "/dev/null", "new-session", "-d", "-s", "e2e",
                        "-x", "100", "-y", "30", command], check=True, timeout=10, env=env)
        socket_path = term.tmux("display-message", "-p", "#{socket_path}").strip()
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
    finally:
        subprocess.run([TMUX or "tmux", "-L", term.socket, "kill-server"], capture_output=True, timeout=10,
                       check=False)
        if socket_path:
            Path(socket_path).unlink(missing_ok=True)
