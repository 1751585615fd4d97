"""End to end, in a pseudo-terminal this test owns: the browser ends when it should (issue 23 items 2, 10).

- Its terminal vanishes (the pty's other end is closed, as when a tmux pane or an ssh session goes):
  the browser ends with 129, whether a hang-up signal arrives (the pty is its controlling terminal) or
  not (it is not), and also when it was suspended at the time. Before, it spun a core for ever reading
  end-of-file, or hung in its exit writing to the dead terminal.
- SIGTERM while a save is stuck in the kernel (a FIFO as the lock file did this): the browser ends with
  143. Before, the interpreter waited for the save's thread for ever, with a blank screen.

Every wait is for a condition, with a generous deadline.
"""

from __future__ import annotations

import fcntl
import os
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import pytest

from tests.common import FROZEN
from tests.terminal import SCRIPT

pytestmark = [pytest.mark.e2e,
              pytest.mark.skipif(not SCRIPT.exists(), reason=f"the console script is not installed at {SCRIPT}")]

READY = b"members shown"
DEADLINE = 60.0


class Pty:
    """The browser running on a pty; `master` is this test's end of it (None once closed)."""

    def __init__(self, proc: subprocess.Popen[bytes], master: int) -> None:
        self.proc, self.master = proc, master
        self.seen = b""

    def drain(self, timeout: float = 0.05) -> None:
        if self.master is None:
            return
        ready, _, _ = select.select([self.master], [], [], timeout)
        if ready:
            with suppress(OSError):  # the browser has gone: nothing more to read
                self.seen = (self.seen + os.read(self.master, 65536))[-200_000:]

    def wait_for(self, what: str, check: Callable[[], bool]) -> None:
        """Keep reading the screen (a full pty would block the browser) until `check()`."""
        deadline = time.monotonic() + DEADLINE
        while time.monotonic() < deadline:
            if check():
                return
            self.drain()
        pytest.fail(f"timed out waiting for {what}")

    def close_terminal(self) -> None:
        os.close(self.master)
        self.master = None  # type: ignore[assignment]

    def exit_code(self) -> int:
        """The browser's exit code, waited for with the deadline (reading on while the pty is open)."""
        deadline = time.monotonic() + DEADLINE
        while time.monotonic() < deadline:
            code = self.proc.poll()
            if code is not None:
                return code
            self.drain() if self.master is not None else time.sleep(0.05)
        pytest.fail(f"the browser (pid {self.proc.pid}) did not end within {DEADLINE:g} s")

    def state(self) -> str:
        """The process state letter from /proc (R running, S sleeping, T stopped)."""
        return Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()[0]


@contextmanager
def browser_on_a_pty(argv: list[str], *, controlling: bool, cwd: Path) -> Iterator[Pty]:
    """Start `argv` with a new pty as standard input, output and error, 100x30; as its controlling
    terminal (so that closing it sends SIGHUP) when `controlling`. Killed at the end if still there."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    env = {k: v for k, v in os.environ.items() if k not in ("PLEDGE_TUI_DEBUG", "PLEDGE_TUI_DATA", "NO_COLOR")}
    env["TERM"] = "xterm-256color"

    def adopt_the_terminal() -> None:  # in the child, after setsid
        fcntl.ioctl(0, termios.TIOCSCTTY, 0)

    proc = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, env=env, cwd=cwd,
                            start_new_session=controlling, preexec_fn=adopt_the_terminal if controlling else None)
    os.close(slave)
    pty = Pty(proc, master)
    try:
        yield pty
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=30)
        if pty.master is not None:
            os.close(pty.master)


BROWSER = [str(SCRIPT), "--data", str(FROZEN), "--read-only"]


@pytest.mark.parametrize(("controlling", "suspended"), [(False, False), (True, False), (True, True)],
                         ids=["running, no hang-up signal", "running, with SIGHUP", "suspended (SIGTSTP)"])
def test_the_browser_ends_with_129_when_its_terminal_goes(controlling: bool, suspended: bool, tmp_path: Path) -> None:
    with browser_on_a_pty(BROWSER, controlling=controlling, cwd=tmp_path) as pty:
        pty.wait_for("the first screen", lambda: READY in pty.seen)
        if suspended:
            os.kill(pty.proc.pid, signal.SIGTSTP)
            pty.wait_for("the browser to stop", lambda: pty.state() == "T")
        pty.close_terminal()  # the kernel sends SIGHUP (and SIGCONT) only to a controlling terminal's session
        assert pty.exit_code() == 128 + signal.SIGHUP


HUNG_SAVE = """
import pathlib, sys, threading
from pledge_tui.ui import app as app_module, editing

started = pathlib.Path(sys.argv[1])

def hung_save(*args, **kwargs):
    started.write_text("saving")
    threading.Event().wait()  # a save stuck in the kernel: a FIFO as the lock file, a hung network disk

editing.save_source = hung_save
mount = app_module.PledgeApp.on_mount

def on_mount(self):
    mount(self)
    self.run_worker(self.save_source(None))

app_module.PledgeApp.on_mount = on_mount
sys.argv = ["pledge-tui", *sys.argv[2:]]
from pledge_tui.cli import entry
entry()
"""


def test_sigterm_ends_the_browser_while_a_save_is_stuck(tmp_path: Path) -> None:
    started = tmp_path / "save-started"
    argv = [sys.executable, "-c", HUNG_SAVE, str(started), "--data", str(FROZEN)]
    with browser_on_a_pty(argv, controlling=True, cwd=tmp_path) as pty:
        pty.wait_for("the first screen and the save under way", lambda: READY in pty.seen and started.exists())
        os.kill(pty.proc.pid, signal.SIGTERM)
        assert pty.exit_code() == 128 + signal.SIGTERM
        assert b"\x1b[?1049l" in pty.seen  # the normal screen is back: the orderly exit ran
