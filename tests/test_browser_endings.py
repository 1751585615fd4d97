"""The pieces that let the browser end (issue 23 items 2 and 10), without a terminal: the daemon thread a
save runs in, and the watcher that notices the terminal going (end to end: test_e2e_pty_endings.py)."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import threading
import time

import pytest

from pledge_tui.ui import vanished
from pledge_tui.ui.threads import in_daemon_thread


def test_a_save_in_a_daemon_thread_gives_its_result_or_raises_its_error() -> None:
    def fail() -> int:
        raise ValueError("the disk is full")

    async def run() -> tuple[int, str, bool]:
        result = await in_daemon_thread(lambda: 6 * 7)
        with pytest.raises(ValueError, match="the disk is full"):
            await in_daemon_thread(fail)
        names: list[bool] = []
        await in_daemon_thread(lambda: names.append(threading.current_thread().daemon))
        return result, "raised", names[0]

    assert asyncio.run(run()) == (42, "raised", True)


STUCK = """
import asyncio, sys, threading
from pledge_tui.ui.threads import in_daemon_thread

async def main():
    asyncio.ensure_future(in_daemon_thread(threading.Event().wait))  # never returns
    await asyncio.sleep(0.2)
    return 143

sys.exit(asyncio.run(main()))
"""


def test_a_process_ends_although_a_save_thread_never_returns() -> None:
    """With `asyncio.to_thread` the interpreter joins the executor's thread at exit: for ever."""
    done = subprocess.run([sys.executable, "-c", STUCK], capture_output=True, text=True, timeout=60)
    assert done.returncode == 143, done.stderr


class FakeApp:
    def __init__(self) -> None:
        self.codes: list[int] = []

    def exit(self, result: None = None, return_code: int = 0, message: None = None) -> None:
        self.codes.append(return_code)


def test_the_watcher_asks_for_exit_129_then_ends_the_process_when_the_terminal_goes() -> None:
    master, slave = os.openpty()
    app, ended = FakeApp(), threading.Event()
    codes: list[int] = []

    def end(code: int) -> None:
        codes.append(code)
        ended.set()

    try:
        thread = vanished.watch(app, lambda call: call(), fds=[slave], grace=0.05, end=end)
        assert thread.daemon and thread.is_alive()
        os.write(master, b"typed input is not the watcher's business\r")
        assert app.codes == [] and codes == []  # input does not wake it (no event asked for but hang-ups)
        os.close(master)
        master = -1
        assert ended.wait(30)
        assert app.codes == [129] and codes == [129]
    finally:
        if master >= 0:
            os.close(master)
        os.close(slave)
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and thread.is_alive():
            time.sleep(0.01)
