"""The byte primitives every reader and writer of the project's files shares: reading a file's bytes,
decoding and parsing them strictly, serialising in the stored format, hashing.

Below both `store` (reading the data file) and `storage` (the TinyDB storages), and below the history log
(`log`) and the merge driver's inputs, so that each reads exactly as strictly as the others without
importing one another. Imports nothing heavier than `json`: every command pays for this module.
"""

from __future__ import annotations

import errno
import json
import os
import stat
from typing import Any, NoReturn

from pledge_tui.errors import DataError, Problem

MAX_BYTES = 256 * 1024 * 1024
"""Refuse larger files up front instead of exhausting memory (10,000 members is about 30 MB)."""


OPENSSL_FROM = 256 * 1024
"""Data from this size up is hashed by `hashlib` (OpenSSL, 0.75 ms per MB, but 2.2 ms to load); smaller data by
CPython's own SHA-256 (7.5 ms per MB, nothing to load): a data file of a few dozen members is 100-200 KB."""


def sha256_hex(data: bytes) -> str:
    """The SHA-256 of `data`, in hex. `hashlib` is imported here, not at the top, and only for large data: it
    loads OpenSSL, a few milliseconds that reading a small file should not pay (`OPENSSL_FROM`)."""
    if len(data) < OPENSSL_FROM:
        small = _builtin_sha256()
        if small is not None:
            return small(data).hexdigest()  # type: ignore[no-any-return]
    import hashlib

    return hashlib.sha256(data).hexdigest()


def _builtin_sha256() -> Any:
    """CPython's built-in SHA-256 constructor (`_sha256` up to 3.11, `_sha2` from 3.12), or None when this
    interpreter has neither (then `hashlib`'s, which gives the same digest)."""
    try:
        from _sha256 import sha256  # type: ignore[import-not-found]
    except ImportError:
        try:
            from _sha2 import sha256  # type: ignore[import-not-found]
        except ImportError:
            return None
    return sha256


def fail(path: str, message: str) -> NoReturn:
    """Raise the `DataError` of one problem with the file as a whole."""
    raise DataError(path, [Problem(message)])


def _reject_constant(name: str) -> NoReturn:
    raise ValueError(f"{name} is not allowed in JSON data")


def pairs_without_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """`json`'s `object_pairs_hook` that refuses a key twice in one object (json keeps the last silently)."""
    result = dict(pairs)
    if len(result) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise ValueError(f"the key {key[:60]!r} appears twice in one object")
            seen.add(key)
    return result


def read_bytes(path: str, *, limit: int = MAX_BYTES) -> bytes:
    """The file's bytes, or a `DataError` saying plainly why they cannot be had."""
    try:
        info = os.stat(path)
        if stat.S_ISDIR(info.st_mode):
            fail(path, "is a folder, not a data file")
        if not stat.S_ISREG(info.st_mode):
            fail(path, "is not a regular file")
        if info.st_size > limit:
            fail(path, f"is too large ({info.st_size // 1_000_000} MB; the limit is {limit // 1_000_000} MB)")
        # O_NONBLOCK: a FIFO put in the file's place since the stat opens at once (and is refused below)
        # instead of blocking until something writes to it; it changes nothing for a regular file.
        with open(os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC), "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                fail(path, "is not a regular file")
            return handle.read(limit + 1)
    except FileNotFoundError:
        fail(path, "no such file")
    except IsADirectoryError:
        fail(path, "is a folder, not a data file")
    except PermissionError:
        fail(path, "cannot be read: permission denied")
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            fail(path, "cannot be read: symbolic link loop")
        fail(path, f"cannot be read: {exc.strerror or exc}")


def parse_json(path: str, data: bytes) -> Any:
    """Decode UTF-8 strictly and parse JSON strictly; errors name the line and column."""
    return parse_text(path, decode_utf8(path, data))


def decode_utf8(path: str, data: bytes) -> str:
    """The file's text: UTF-8, strictly, without a byte-order mark, not blank."""
    if not data.strip():
        fail(path, "is empty (expected a JSON object of tables)")
    if data.startswith(b"\xef\xbb\xbf"):
        fail(path, "starts with a UTF-8 byte-order mark; save it as UTF-8 without one")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        fail(path, f"is not valid UTF-8 (line {line}, byte {exc.start})")


def loads_strictly(text: str) -> Any:
    """`json.loads` without NaN or Infinity and without a key twice in one object; raises `ValueError`
    (`json.JSONDecodeError` for bad syntax) and `RecursionError` for the caller to word."""
    return json.loads(text, parse_constant=_reject_constant, object_pairs_hook=pairs_without_duplicates)


def parse_text(path: str, text: str) -> Any:
    """Parse JSON strictly: no NaN or Infinity, no key twice in one object."""
    try:
        return loads_strictly(text)
    except json.JSONDecodeError as exc:
        fail(path, f"is not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})")
    except RecursionError:
        fail(path, "is not usable: values are nested too deeply")
    except ValueError as exc:
        fail(path, f"is not valid JSON: {exc}")


def serialize(data: Any) -> bytes:
    """A data file's bytes as stored: UTF-8 JSON, indent 2, sorted keys, a final newline, so that a
    change shows in `git diff` as the changed record only. Re-serialising a file written this way
    gives the same bytes. Raises `UnicodeEncodeError` for text with an unpaired surrogate."""
    return (json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")


def canonical(data: Any) -> str:
    """One value's canonical JSON text: sorted keys, no spaces, not escaped to ASCII. A history entry's
    line in the log is this (plus a newline), and its id is a hash of it (`log.entry_id`)."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
