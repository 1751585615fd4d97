"""Work a command starts in the background and goes on meanwhile: reading and hashing a history log, importing
msgspec while a large file is read.

Started with `_thread`, the interpreter's own module, not `threading`: importing `threading` took 1.5-2 ms,
which `list --format json` paid for one short-lived thread (benchmarks/PROFILE.md A10). Such a thread is as a
daemon thread is: the process does not wait for it at exit. The work must catch what it expects to fail with;
anything else is reported on standard error by the interpreter, as an uncaught error of a thread is.
"""

from __future__ import annotations

from _thread import start_new_thread
from collections.abc import Callable


def start(work: Callable[[], object]) -> None:
    """Run `work()` in a new background thread."""
    start_new_thread(work, ())
