"""A real terminal for the end-to-end tests: a private tmux server running the installed `pledge-tui`,
its screen read by polling with a deadline (never a fixed sleep), and the shell's record of the exit code."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

TMUX = shutil.which("tmux")
SCRIPT = Path(sys.executable).parent / "pledge-tui"
NEEDS_TERMINAL = [
    pytest.mark.e2e,
    pytest.mark.skipif(TMUX is None, reason="tmux is not installed; the end-to-end test needs a real terminal"),
    pytest.mark.skipif(not SCRIPT.exists(), reason=f"the pledge-tui console script is not installed at {SCRIPT}"),
]
"""The marks of every end-to-end module (`pytestmark = NEEDS_TERMINAL`)."""
pytestmark = NEEDS_TERMINAL
POLL = 0.05
TIMEOUT = 60.0
"""A deadline for a condition, never a wait: generous, so that a loaded machine (the test suite and the
other work on two cores) does not fail a test that would pass given the time."""


class Terminal:
    """One tmux session on a private socket."""

    def __init__(self, socket: str) -> None:
        self.socket = socket

    def tmux(self, *args: str) -> str:
        assert TMUX is not None
        result = subprocess.run([TMUX, "-L", self.socket, "-f", "/dev/null", *args],
                                capture_output=True, text=True, timeout=10, check=False)
        assert result.returncode == 0, f"tmux {args[0]} failed: {result.stderr}"
        return result.stdout

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", "e2e")

    def keys(self, *keys: str, literal: bool = False) -> None:
        self.tmux("send-keys", "-t", "e2e", *(["-l"] if literal else []), *keys)

    def wait_for(self, what: str, ready: Callable[[str], bool], timeout: float = TIMEOUT) -> str:
        """Poll the screen until `ready(screen)`; fail with the last screen if it never is."""
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if ready(screen):
                return screen
            time.sleep(POLL)
        pytest.fail(f"timed out waiting for {what}; last screen:\n{screen}")


@contextmanager
def tmux_session(command: str, width: int, height: int) -> Iterator[Terminal]:
    """A detached session running `command` on a private tmux server, killed (socket file too) after."""
    assert TMUX is not None
    term = Terminal(f"pledge-e2e-{uuid.uuid4().hex[:12]}")
    socket_path = ""
    try:
        env = {k: v for k, v in os.environ.items() if not k.startswith("TMUX")}
        subprocess.run([TMUX, "-L", term.socket, "-f", "/dev/null", "new-session", "-d", "-s", "e2e",
                        "-x", str(width), "-y", str(height), command], check=True, timeout=10, env=env)
        socket_path = term.tmux("display-message", "-p", "#{socket_path}").strip()
        yield term
    finally:
        subprocess.run([TMUX, "-L", term.socket, "kill-server"], capture_output=True, timeout=10, check=False)
        if socket_path:  # tmux leaves the socket file behind
            Path(socket_path).unlink(missing_ok=True)


def wait_until(what: str, check: Callable[[], bool], term: Terminal, timeout: float = TIMEOUT) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(POLL)
    pytest.fail(f"timed out waiting for {what}; last screen:\n{term.screen()}")


def footer(screen: str) -> str:
    """The last non-blank line: the key bar."""
    lines = [line for line in screen.splitlines() if line.strip()]
    return lines[-1] if lines else ""


def browser_command(folder: Path, data: Path, env: str = "", args: tuple[str, ...] = ()) -> str:
    """The shell command for a pane: the installed browser on `data` (with `args`), exporting to `folder`,
    with the environment's data file, debug and colour settings removed (`env` adds some back), then its
    exit code written to `folder/exit-code`. Standard error is not redirected: Textual draws the screen on it."""
    place = shlex.quote(str(folder))
    extra = "".join(f" {shlex.quote(arg)}" for arg in args)
    return (f"cd {place} && env -u PLEDGE_TUI_DATA -u PLEDGE_TUI_DEBUG -u NO_COLOR {env} {shlex.quote(str(SCRIPT))} "
            f"--data {shlex.quote(str(data))} --export-dir {place}{extra}; echo EXIT=$? > {place}/exit-code; "
            "sleep 3600")  # the pane stays, for the screen after the exit, until the session is killed


def exit_code(folder: Path, term: Terminal) -> str:
    """`EXIT=N` once the browser started by `browser_command` has exited."""
    exit_file = folder / "exit-code"
    wait_until("the browser to exit", lambda: exit_file.exists() and "EXIT=" in exit_file.read_text(), term)
    return exit_file.read_text().strip()


def read_snapshot(folder: Path) -> str | None:
    """The exported snapshot's text once it is there and complete (it is written atomically)."""
    found = sorted(folder.glob("pledge-snapshot-*.md"))
    return found[0].read_text(encoding="utf-8") if found else None


def app_pid(term: Terminal) -> int:
    """The browser's process: the only child of the pane's shell."""
    shell = int(term.tmux("display-message", "-p", "-t", "e2e", "#{pane_pid}").strip())
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        children = " ".join(Path(f"/proc/{shell}/task/{task}/children").read_text()
                            for task in os.listdir(f"/proc/{shell}/task")).split()
        if children:
            return int(children[0])
        time.sleep(0.05)
    pytest.fail("the browser's process was not found")
