"""Ending the browser when its terminal goes away (issue 23 item 10).

A browser whose terminal vanished (its tmux pane or ssh session closed) spun a core for ever: Textual's
input thread takes an empty read for piped input and selects again at once, 11,000 times a second, and
when a hang-up signal did arrive, the orderly exit blocked for good writing its last escape codes to
the dead terminal. So a watcher thread waits, at no cost (a `poll` that reports only hang-ups and
errors), for the terminal to go; then it asks the app to exit with 129 (128 + SIGHUP, the code a hang-up
gives) and, if the app has not ended after a short grace, ends the process itself. There is no terminal
left to restore by then; a terminal that is still there (`kill -HUP`) is restored by the orderly exit.
"""

from __future__ import annotations

import contextlib
import os
import select
import signal
import threading
import time
from collections.abc import Callable, Sequence
from typing import Protocol

HANGUP_EXIT = 128 + signal.SIGHUP
GRACE = 3.0
"""Seconds the orderly exit gets before the process is ended without it."""
GONE = select.POLLHUP | select.POLLERR | select.POLLNVAL


class Exiting(Protocol):
    def exit(self, result: None = None, return_code: int = 0, message: None = None) -> None: ...


def wait_until_gone(fds: Sequence[int]) -> None:
    """Block until one of `fds` (the terminal) reports a hang-up or an error. No input is read: the
    poll asks for no event, and only hang-ups and errors (always reported) end it."""
    poller = select.poll()
    for fd in fds:
        poller.register(fd, 0)
    while True:
        if any(events & GONE for _, events in poller.poll()):
            return


def watch(app: Exiting, call_soon: Callable[[Callable[[], None]], object], *, fds: Sequence[int] = (0, 1, 2),
          grace: float = GRACE, end: Callable[[int], object] = os._exit) -> threading.Thread:
    """Start the watcher (a daemon thread, which never keeps the process alive).

    `call_soon` runs a callable on the app's event loop from another thread (`loop.call_soon_threadsafe`);
    `end` ends the process (`os._exit`, replaced in tests).
    """

    def run() -> None:
        wait_until_gone(fds)
        with contextlib.suppress(RuntimeError):  # the loop has closed: the app is ending anyway
            call_soon(lambda: app.exit(return_code=HANGUP_EXIT))
        time.sleep(grace)
        end(HANGUP_EXIT)

    thread = threading.Thread(target=run, name="pledge-tui-terminal-watch", daemon=True)
    thread.start()
    return thread
