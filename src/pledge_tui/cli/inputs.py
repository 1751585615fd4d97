"""Where the read commands' data comes from: a file, `REV:PATH` from git, or `-` (standard input).

`-` is a thin step at the command line's edge (README "Command line"): standard input is read once, as bytes,
and handed to the same code that builds a dataset from the bytes git gives for `REV:PATH`
(`dataset_from_bytes`), named `<stdin>` in every message. The write commands refuse `-` (a pipe cannot be
changed), and so does the browser (standard input is its keyboard).
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

from pledge_tui.errors import DataError, Problem, UsageError

if TYPE_CHECKING:
    from pledge_tui.dataset.model import Dataset, LoadedDataset

STDIN = "-"
STDIN_NAME = "<stdin>"
"""How standard input is named in messages, the snapshot's front matter and `validate`'s verdict."""

_stdin_bytes: bytes | None = None
"""Standard input, once read (a command reads it once, however many times it is named)."""


def is_stdin(argument: str | None) -> bool:
    """True when a data argument names standard input."""
    return argument == STDIN


def input_name(argument: str) -> str:
    """How a data argument is named in messages: `<stdin>` for `-`, else as given."""
    return STDIN_NAME if is_stdin(argument) else argument


def refuse_stdin(argument: str | None, command: str, why: str) -> None:
    """A usage error when `argument` is `-` for a command that cannot read its data from a pipe."""
    if is_stdin(argument):
        raise UsageError(f"--data -: `{command}` cannot take its data from standard input ({why}); "
                         "name the data file")


def read_stdin() -> bytes:
    """Standard input's bytes, read to the end once (later calls get the same bytes). Refused when it is
    a terminal (the command would wait for typed JSON) or closed; as large a limit as a data file's."""
    global _stdin_bytes
    if _stdin_bytes is not None:
        return _stdin_bytes
    from pledge_tui.dataset import store

    stream = sys.stdin
    if stream is None:
        raise DataError(STDIN_NAME, [Problem("cannot be read: standard input is closed")])
    try:
        if stream.isatty():
            raise UsageError("--data - reads the data from standard input, which is a terminal: pipe or "
                             "redirect the data in (`pledge-tui list --data - < FILE`)")
        buffer = getattr(stream, "buffer", None)
        data = buffer.read(store.MAX_BYTES + 1) if buffer is not None else stream.read().encode("utf-8")
    except (OSError, ValueError) as exc:  # ValueError: a closed file object
        reason = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
        raise DataError(STDIN_NAME, [Problem(f"cannot be read: {reason}")]) from None
    if len(data) > store.MAX_BYTES:
        raise DataError(STDIN_NAME, [Problem(f"is too large (the limit is {store.MAX_BYTES // 1_000_000} MB)")])
    _stdin_bytes = data
    return data


def forget_stdin() -> None:
    """Forget what was read (each in-process run of `main` reads its own standard input)."""
    global _stdin_bytes
    _stdin_bytes = None


def dataset_from_bytes(name: str, data: bytes) -> Dataset:
    """Build and validate the dataset in `data`, which came from `name` (`<stdin>`): the one load pipeline
    (`store.load_from`) with the same strict reading as a file, without a history log (none comes through a
    pipe); `DataError` names `name`."""
    from pledge_tui.dataset import store

    return store.load_from(name, lambda: data, None).dataset


def load_input(path: str, *, trust_cache: bool = False, reads_history: bool = False,
               whole_entries: bool = True) -> LoadedDataset:
    """The dataset a read command names: standard input for `-` (no history log comes with it), else the
    file (`store.load`). `trust_cache`: bytes validated in full before are not validated again
    (`dataset.validated`; for the commands that only show the data, never for `validate`). `reads_history`:
    the command will read the history, so the log's bytes and their digest are read in the background
    meanwhile (`store.load`'s `read_log`), and msgspec is imported for its entries unless `whole_entries` is
    False (`--at` alone: a kept skim needs none, `replay.replayed`)."""
    from pledge_tui.dataset import store
    from pledge_tui.dataset.model import History

    if not is_stdin(path):
        loaded = store.load(path, trust_cache=trust_cache, read_log=reads_history)
        if reads_history and trust_cache and whole_entries and isinstance(loaded.dataset.history, History):
            import pledge_tui.dataset.log_trusted  # noqa: F401 (msgspec, 9 ms, meanwhile: a log checked before is read with it)
        return loaded
    return store.load_from(STDIN_NAME, read_stdin, None, trust_cache=trust_cache)


def load_argument(argument: str, what: str) -> Dataset:
    """The dataset an OLD or NEW argument of `diff` names: `-` for standard input; a file when one exists at
    that path (even if its name has a colon); else `REV:PATH` read from git, with its history log read from
    the same revision when it is asked for."""
    from pledge_tui.dataset import log, store

    if is_stdin(argument):
        return load_input(argument).dataset
    if ":" not in argument or os.path.lexists(argument):
        return store.load(argument).dataset
    from pledge_tui.cli import git

    revision, _, path = argument.partition(":")
    named = f"{what} {argument[:200]!r}"
    history = log.BytesLog(f"{revision}:{log.log_name(path)}",
                           lambda: git.show(revision, log.log_name(path), named), rolls_forward=False)
    return store.load_from(argument, lambda: git.show(revision, path, named), history).dataset
