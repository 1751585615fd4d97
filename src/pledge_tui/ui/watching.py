"""Watching the data file (README "The browser"): a stat of each watched file, compared with the last one seen.

A poll, not inotify: a `stat` costs microseconds, so two a second cost nothing measurable (benchmarks,
"idle browser"), work the same on every file system (network mounts, containers' bind mounts, WSL),
and see every way the file is replaced: the write path's atomic rename and `git pull` give it a new
inode, an editor that rewrites in place a new size or modification time, and a removal a missing file.
Reading and parsing the file happen only when its signature changed.

Plain Python (no Textual): the app calls `FileWatcher.changed` from an interval timer.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

from pledge_tui.dataset import store
from pledge_tui.dataset.model import LoadedDataset

Signature = tuple[int, int, int, int] | None
"""(device, inode, size, modification time in ns) of a file, or None when it cannot be seen (missing)."""


def watched_paths(data_path: str) -> tuple[str, ...]:
    """The files whose change means the data changed: the data file and its history log (schema version 3;
    a version-1 or -2 file has none yet, and its first write creates it)."""
    from pledge_tui.dataset.log import log_path

    return (data_path, log_path(data_path))


def signature(path: str) -> Signature:
    """What a change of the file changes: its device and inode (a rename over it), size and mtime."""
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return None
    return info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns


class FileWatcher:
    """The signatures of the watched files as last seen, and whether they have changed since."""

    def __init__(self, paths: Sequence[str]) -> None:
        self.paths = tuple(paths)
        self.seen = self.now()
        """Made before the data is read (`cli.read.cmd_browse`), so that a change made during the read is
        seen at the first tick."""

    def now(self) -> tuple[Signature, ...]:
        """The signatures as they are now."""
        return tuple(signature(p) for p in self.paths)

    def changed(self) -> tuple[Signature, ...] | None:
        """The signatures now, if they differ from those last seen; else None."""
        now = self.now()
        return now if now != self.seen else None

    def accept(self, signatures: tuple[Signature, ...]) -> None:
        """Take `signatures` (read before the data they describe) as seen: no change until they differ."""
        self.seen = signatures


def read_again(shown: LoadedDataset) -> LoadedDataset | None:
    """The data file read again through the normal read path (`store.load`), or None when its bytes are
    those shown (same SHA-256: a `touch`, a rewrite of the same data). Raises `DataError` when the file
    cannot be read or is not valid now (mid-`git pull`); the caller keeps showing the last good data."""
    # (bytes a pledge-tui write made are not validated again; the model of bytes that will be replaced at the
    # next edit is not kept: `store._trusted`)
    loaded = store.load(shown.path, trust_cache=True, keep_model=False)
    store.unpin()  # the browser holds the dataset it shows; a pin would keep this one after the next
    return None if loaded.sha256 == shown.sha256 else loaded
