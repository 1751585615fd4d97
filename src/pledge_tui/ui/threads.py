"""Running blocking work (a save: the lock, the disk) off the event loop without holding the process.

`asyncio.to_thread` runs it in the loop's default executor, whose threads the interpreter joins at exit:
a save stuck in the kernel (a FIFO as the lock file, a hung network file system) kept the browser alive
after SIGTERM with a blank screen, for ever (issue 23 item 2). A daemon thread is not joined, so the
browser ends when asked; an abandoned write is as safe as a killed one (temporary file, atomic rename,
removed by the next writer).
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Callable
from typing import TypeVar, cast

T = TypeVar("T")


async def in_daemon_thread(work: Callable[[], T], name: str = "pledge-tui-save") -> T:
    """`await` the result of `work()` run in a new daemon thread; its exception is raised here."""
    loop = asyncio.get_running_loop()
    future: asyncio.Future[T] = loop.create_future()

    def settle(result: T | None, error: BaseException | None) -> None:
        if future.done():  # cancelled meanwhile: nobody waits for the outcome
            return
        if error is not None:
            future.set_exception(error)
        else:
            future.set_result(cast(T, result))

    def run() -> None:
        result: T | None = None
        error: BaseException | None = None
        try:
            result = work()
        except BaseException as exc:  # handed to the awaiting coroutine
            error = exc
        with contextlib.suppress(RuntimeError):  # the loop has closed: the browser is ending
            loop.call_soon_threadsafe(settle, result, error)

    threading.Thread(target=run, name=name, daemon=True).start()
    return await future
