"""The TinyDB data file: read strictly and never written by readers; written atomically by the one writer.

Reading (`load`, every command and the browser) reads the bytes once, refuses everything JSON or UTF-8
would quietly accept that an analyst would not want (a byte-order mark, NaN, duplicate keys), and
turns every failure into a `DataError` that names the file. The TinyDB storages built on the same
strict reading, `ReadOnlyJSONStorage` (`open_database`) and `AtomicJSONStorage` (the one writer,
`commit.commit`), are in `storage` and are imported from there on first use, TinyDB with them.
"""

from __future__ import annotations

import contextlib
import errno
import gc
import json
import os
import stat
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, NoReturn

from pledge_tui.dataset.model import Dataset, LoadedDataset
from pledge_tui.dataset.validate import build_dataset
from pledge_tui.errors import DataError, Problem

if TYPE_CHECKING:
    from tinydb import TinyDB

    from pledge_tui.dataset.storage import AtomicJSONStorage as AtomicJSONStorage  # (re-exported, lazily)
    from pledge_tui.dataset.storage import ReadOnlyJSONStorage as ReadOnlyJSONStorage

MAX_BYTES = 256 * 1024 * 1024
"""Refuse larger files up front instead of exhausting memory (10,000 members is about 30 MB)."""

TYPED_FROM_BYTES = 1024 * 1024
"""Files from this size up (about 350 members) are read by the typed path (`decode`) first: below it,
importing msgspec (about 8 ms) costs more than the typed path saves. Measured in fresh processes, CPU
time of the load alone, typed/`build_dataset`: 48/44 ms at 430 KB, 55/52 at 860 KB, 64/67 at 1.7 MB,
79/89 at 2.9 MB (benchmarks/PROFILE.md)."""

_KEPT: list[LoadedDataset] = []
"""The datasets `load` returned most recently (see `_keep`)."""


def sha256_hex(data: bytes) -> str:
    """The SHA-256 of `data`, in hex. `hashlib` is imported here, not at the top: it loads OpenSSL, a few
    milliseconds that `list` and `show` (which never need the hash of their own) should not pay."""
    import hashlib

    return hashlib.sha256(data).hexdigest()


def _fail(path: str, message: str) -> NoReturn:
    raise DataError(path, [Problem(message)])


def _reject_constant(name: str) -> NoReturn:
    raise ValueError(f"{name} is not allowed in JSON data")


def _pairs_without_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise ValueError(f"the key {key[:60]!r} appears twice in one object")
            seen.add(key)
    return result


def read_bytes(path: str) -> bytes:
    """The file's bytes, or a `DataError` saying plainly why they cannot be had."""
    try:
        info = os.stat(path)
        if stat.S_ISDIR(info.st_mode):
            _fail(path, "is a folder, not a data file")
        if not stat.S_ISREG(info.st_mode):
            _fail(path, "is not a regular file")
        if info.st_size > MAX_BYTES:
            _fail(path, f"is too large ({info.st_size // 1_000_000} MB; the limit is {MAX_BYTES // 1_000_000} MB)")
        # O_NONBLOCK: a FIFO put in the file's place since the stat opens at once (and is refused below)
        # instead of blocking until something writes to it; it changes nothing for a regular file.
        with open(os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC), "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                _fail(path, "is not a regular file")
            return handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        _fail(path, "no such file")
    except IsADirectoryError:
        _fail(path, "is a folder, not a data file")
    except PermissionError:
        _fail(path, "cannot be read: permission denied")
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            _fail(path, "cannot be read: symbolic link loop")
        _fail(path, f"cannot be read: {exc.strerror or exc}")


def parse_json(path: str, data: bytes) -> Any:
    """Decode UTF-8 strictly and parse JSON strictly; errors name the line and column."""
    return parse_text(path, decode_utf8(path, data))


def decode_utf8(path: str, data: bytes) -> str:
    """The file's text: UTF-8, strictly, without a byte-order mark, not blank."""
    if not data.strip():
        _fail(path, "is empty (expected a JSON object of tables)")
    if data.startswith(b"\xef\xbb\xbf"):
        _fail(path, "starts with a UTF-8 byte-order mark; save it as UTF-8 without one")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        _fail(path, f"is not valid UTF-8 (line {line}, byte {exc.start})")


def parse_text(path: str, text: str) -> Any:
    """Parse JSON strictly: no NaN or Infinity, no key twice in one object."""
    try:
        return json.loads(text, parse_constant=_reject_constant, object_pairs_hook=_pairs_without_duplicates)
    except json.JSONDecodeError as exc:
        _fail(path, f"is not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})")
    except RecursionError:
        _fail(path, "is not usable: values are nested too deeply")
    except ValueError as exc:
        _fail(path, f"is not valid JSON: {exc}")


def serialize(data: Any) -> bytes:
    """A data file's bytes as stored: UTF-8 JSON, indent 2, sorted keys, a final newline, so that a
    change shows in `git diff` as the changed record only. Re-serialising a file written this way
    gives the same bytes. Raises `UnicodeEncodeError` for text with an unpaired surrogate."""
    return (json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")


def __getattr__(name: str) -> Any:
    """`ReadOnlyJSONStorage` and `AtomicJSONStorage` live in `storage`, imported on first use (TinyDB with
    them): reading the data file does not need them."""
    if name in ("ReadOnlyJSONStorage", "AtomicJSONStorage"):
        from pledge_tui.dataset import storage

        return getattr(storage, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def open_database(path: str) -> TinyDB:
    """A read-only TinyDB over the data file, for scripts that want TinyDB's query API."""
    from pledge_tui.dataset.storage import open_database

    return open_database(path)


@contextlib.contextmanager
def collector_paused(*, freeze: bool = False) -> Iterator[None]:
    """The cyclic garbage collector paused within the block; with `freeze`, everything alive at its end is
    moved out of the collector's sight for good (`gc.freeze`) before it resumes.

    For work that allocates many long-lived containers and no garbage: a load (below), and the browser's
    import of Textual at start-up (its collections cost 10 ms of it; its modules live as long as the
    process, so later collections need not walk them either)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
        if freeze:
            gc.freeze()
    finally:
        if collecting:
            gc.enable()


def load(path: str) -> LoadedDataset:
    """Read, validate and build the dataset at `path`; raise `DataError` listing every problem.

    A file of `TYPED_FROM_BYTES` or more is first read by the typed path (`decode.check`), which gives the
    same dataset several times faster; anything it cannot vouch for, and every smaller file, goes through
    `build_dataset`, which also words the problems. The bytes, the decoded text and the parsed tables are
    each dropped as soon as the next step no longer needs them (at 10,000 members they were the peak of
    the browser's memory).

    The cyclic garbage collector is paused meanwhile: parsing and building allocate hundreds of
    thousands of containers, none of them garbage, and at 10,000 members its passes cost 40% of the
    load time. The dataset is moved out of the collector's sight for good (`_keep`) before it resumes:
    otherwise its first pass, at the next allocation, walks everything the load made (45 ms at 10,000).
    """
    data = read_bytes(path)
    digest = sha256_hex(data)
    with collector_paused():
        checked = None
        dataset: Dataset | None
        problems: list[Problem] = []
        if len(data) >= TYPED_FROM_BYTES:
            from pledge_tui.dataset import decode

            checked = decode.check(data)
        if checked is not None:
            del data
            dataset = checked.dataset()
        else:
            text = decode_utf8(path, data)
            del data
            raw = parse_text(path, text)
            del text
            dataset, problems = build_dataset(raw)
            del raw
        if dataset is None:
            raise DataError(path, problems)
        return _keep(LoadedDataset(dataset, path, digest))


def _keep(loaded: LoadedDataset) -> LoadedDataset:
    """Freeze everything alive (`gc.freeze`) and keep a reference to the dataset until the next loads.

    The model is immutable and has no cycles to collect, yet every later collection walked all of it
    (at 10,000 members, a third of the time of `list`'s output), and the command freed it object by
    object when its handler returned, then the interpreter's last collection walked what was left.
    Frozen objects are never examined again, and a dataset still referenced at exit is left to the
    operating system with the rest of the process. Refcounting still frees a frozen dataset that is no
    longer referenced: only the last two loads (`diff` reads two files) are kept here, and the browser
    lets them go (`unpin`).
    """
    gc.freeze()
    _KEPT[:] = [*_KEPT[-1:], loaded]
    return loaded


def unpin() -> None:
    """Stop keeping the last loads referenced (`_keep`): for a long session (the browser), which holds its
    dataset itself and replaces it after a save; a pin would keep the first one alive to the end."""
    _KEPT.clear()
