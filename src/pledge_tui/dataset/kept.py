"""Entries kept beside the validated-files record (`dataset.validated`): what a read command built from bytes it
validated before, in `marshal`'s form, so that the next read of the same bytes need not build it again.

Two kinds use it: the model of a large data file (`model_cache`, `model-<sha256>`) and the skim of a history
log (`skim_cache`, `skims-<sha256>`). Both follow the same rules, kept here once:
- an entry is named by its kind and the SHA-256 of the bytes it was built from, in the validated-files
  folder, and headed by `validated.stamp()` and the interpreter's version, so it is only ever what this very
  code built from those very bytes (`marshal`'s format may differ between interpreter versions);
- it is written atomically (a reader never sees half an entry), and only the newest few of each kind are
  kept (by modification time);
- `marshal`, not `pickle`: reading an entry runs no code, so one changed behind the program's back can only
  fail to have its kind's shape (then the caller builds from the bytes, as before);
- any failure (no cache folder, unreadable, corrupt, another version's) means "no entry", silently. Nothing
  here raises.
"""

from __future__ import annotations

import contextlib
import os
import sys

from pledge_tui.dataset import validated

_HEADER_END = b"\x00"


def path_of(prefix: str, digest: str) -> str | None:
    """Where the `prefix` entry for the bytes with this SHA-256 (hex) lives; None without a cache folder or for
    a name that is not a digest (nothing outside the folder can be named)."""
    folder = validated.cache_folder()
    if folder is None or len(digest) != 64 or not digest.isalnum():
        return None
    return os.path.join(folder, prefix + digest)


def header() -> bytes:
    """What an entry starts with: the stamp of the code that built it, and the interpreter's version."""
    return f"{validated.stamp()}python {sys.version}\n".encode() + _HEADER_END


def read(prefix: str, digest: str) -> memoryview | None:
    """The payload of the `prefix` entry for the bytes with this SHA-256, or None (no entry, or one that is
    not this program's)."""
    path = path_of(prefix, digest)
    if path is None:
        return None
    try:
        with open(path, "rb") as entry:
            held = entry.read()
    except (OSError, ValueError):
        return None
    head = header()
    if not held.startswith(head):
        return None
    return memoryview(held)[len(head):]


def write(prefix: str, digest: str, payload: bytes, keep: int) -> None:
    """Keep `payload` as the `prefix` entry for the bytes with this SHA-256, written atomically; the entries of
    that prefix past the `keep` newest are removed. Failures are ignored."""
    path = path_of(prefix, digest)
    if path is None:
        return
    temporary = f"{path}.{os.getpid()}.tmp"
    try:
        os.makedirs(os.path.dirname(path), mode=0o700, exist_ok=True)
        with open(temporary, "wb") as entry:
            entry.write(header())
            entry.write(payload)
        os.replace(temporary, path)
        _prune(os.path.dirname(path), prefix, keep)
    except (OSError, ValueError):
        with contextlib.suppress(OSError):
            os.unlink(temporary)


def _prune(folder: str, prefix: str, keep: int) -> None:
    """Keep the `keep` newest entries of `prefix` (by modification time)."""
    with os.scandir(folder) as found:
        entries = [(e.stat().st_mtime_ns, e.path) for e in found
                   if e.name.startswith(prefix) and not e.name.endswith(".tmp") and e.is_file(follow_symlinks=False)]
    for _, path in sorted(entries)[:-keep]:
        with contextlib.suppress(OSError):
            os.unlink(path)
