"""The one owner of the cyclic garbage collector: pausing it around work that makes no garbage, and
freezing what stays alive.

Loading a dataset, validating a write, merging three files and importing Textual all allocate hundreds of
thousands of containers that are not garbage; the collector's passes over them cost up to 40% of a load
at 10,000 members, and half of a merge's time (issue 22). Every such block says so with `paused()`, and
everything that must leave the collector's sight for good (a loaded dataset, the imported modules) goes
through `freeze()`, so that the policy lives in one place and no caller forgets to turn it back on.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Callable, Iterator


@contextlib.contextmanager
def paused(*, freeze: bool = False) -> Iterator[None]:
    """The collector paused within the block (it resumes afterwards only if it was running before); with
    `freeze`, everything alive at the block's normal end is moved out of its sight first (`freeze()`).

    Nested blocks are fine: only the outermost one turns the collector back on."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
        if freeze:
            gc.freeze()
    finally:
        if collecting:
            gc.enable()


def pause() -> Callable[[], None]:
    """The collector paused until the function returned is called, for work that spans callbacks rather than
    a block (the browser drawing its first screen); that function resumes it only if it was running, and only
    its first call does anything."""
    collecting = gc.isenabled()
    gc.disable()
    resumed = False

    def resume() -> None:
        nonlocal resumed
        if not resumed:
            resumed = True
            if collecting:
                gc.enable()

    return resume


def freeze() -> None:
    """Move everything alive out of the collector's sight for good (`gc.freeze`): later collections, the
    interpreter's last ones included, no longer walk it. Refcounting still frees what is dropped."""
    gc.freeze()
