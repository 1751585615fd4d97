"""The one write path: every change to a data file goes through `commit`.

Under the file's exclusive lock it reads the file (as strictly as any reader), upgrades a version-1
file, applies the edit to the raw tables, appends the history entry, validates the whole dataset and
only then replaces the file atomically. A change that would leave the data invalid is refused with
every problem listed, and nothing is written; so is a change to the copy inside the installed package.
A change that changes nothing writes nothing.

For a caller that loaded the file earlier and edits from that view (the browser), `base` makes the
save optimistic: if the file changed since (its SHA-256 differs), the edit is applied to the new data
when the other writer touched other records, and refused with `ConflictError` (exit 3) naming the
record and who changed it when it touched the same one.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from pledge_tui.dataset import files
from pledge_tui.dataset.history import Change, Tables, apply_change, clock, record_entry, schema_version, upgrade
from pledge_tui.dataset.model import Dataset, LoadedDataset
from pledge_tui.dataset.store import AtomicJSONStorage, read_bytes
from pledge_tui.dataset.validate import build_dataset
from pledge_tui.errors import ConflictError, DataError, RefusedError, UsageError, WriteError, printable

Edit = Callable[[Tables], Change]
"""An edit: given the tables as they are under the lock, the change to make (`edits.py` builds them)."""


@dataclass(frozen=True, slots=True)
class Committed:
    """What `commit` did."""

    change: Change
    """The change as worked out on the data under the lock."""
    entry_id: int | None
    """The history entry's document id; None when the change changed nothing and nothing was written."""
    loaded: LoadedDataset | None
    """The dataset as written, with its new SHA-256 (None when nothing was written)."""
    refreshed: bool = False
    """The file had changed since `base`; the edit was applied to the newer data."""
    upgraded: bool = False
    """The file was version 1 and is now version 2 (with its `upgrade` entry before this change's)."""


def refuse_packaged_copy(path: str) -> None:
    """Raise `UsageError` (exit 2) for the data file inside the installed package."""
    if files.is_packaged_copy(path):
        raise UsageError(printable(f"{path} is the copy of the data inside the installed package, which is "
                                   f"never written; run `pledge-tui init FILE` to make a copy to edit, then pass "
                                   f"--data FILE"))


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Parsing and validating allocate many containers and no garbage (see `store.load`)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def _explained(path: str, raw: object, error: Exception) -> Exception:
    """An edit or the upgrade tripped over a malformed document: report the file's problems instead."""
    _, problems = build_dataset(raw)
    return DataError(path, problems) if problems else error


@dataclass(frozen=True, slots=True)
class Prepared:
    """An edit worked out on parsed data, validated, not yet written (`prepare`)."""

    change: Change
    tables: Tables | None
    """The data as it will be written; None when the change changes nothing."""
    entry_id: int | None
    dataset: Dataset | None
    upgraded: bool


def prepare(path: str, raw: Any, edit: Edit, *, at: str, by: str) -> Prepared:
    """Everything `commit` does between reading and writing, without I/O: upgrade a version-1 file,
    apply the edit, append its history entry, validate the whole result.

    Raises `RefusedError` listing every problem when the result would not validate, `UsageError`
    from the edit, and `DataError` when the data is too broken for the edit to find its way.
    """
    try:
        version = schema_version(raw)
        tables: Tables = upgrade(raw, at=at, by=by) if version == 1 else raw
        change = edit(tables)
    except (KeyError, TypeError, AttributeError, ValueError) as exc:
        raise _explained(path, raw, exc) from exc
    if change.changes_nothing:
        return Prepared(change, None, None, None, upgraded=False)
    changed, entry_id = record_entry(apply_change(tables, change), change, at=at, by=by)
    dataset, problems = build_dataset(changed)
    if dataset is None:
        raise RefusedError(path, problems)
    return Prepared(change, changed, entry_id, dataset, upgraded=version == 1)


def commit(path: str, edit: Edit, *, by: str, at: str | None = None, base: LoadedDataset | None = None,
           timeout: float = files.LOCK_TIMEOUT) -> Committed:
    """Make one change to the data file at `path`: lock, read, apply, validate, write, record history.

    `by` and `at` are the history entry's author and time (`history.author`, `history.clock`; `at`
    defaults to the clock). `base` is the dataset the caller loaded, for the optimistic check.

    Raises `UsageError` (exit 2) for the packaged copy or an edit that cannot be understood,
    `DataError` (exit 1) when the file cannot be read, `RefusedError` (exit 1) when the result would not
    validate, `WriteError` (exit 1) when it cannot be written, `BusyError` (exit 3) when another writer
    holds the lock for `timeout` seconds, and `ConflictError` (exit 3) when `base` is given and the
    record was changed since. In every error case the file is unchanged.
    """
    refuse_packaged_copy(path)
    if not os.path.exists(path):
        read_bytes(path)  # says why (no such file, a link loop) without leaving a lock file behind
    when = at if at is not None else clock()
    with files.exclusive_lock(path, timeout), _collector_paused():
        read_as = files.file_identity(path)  # before the read: writers that skip the lock are caught
        storage = AtomicJSONStorage(path)
        raw: Any = storage.read()
        prepared = prepare(path, raw, edit, at=when, by=by)
        if prepared.tables is None or prepared.dataset is None:
            return Committed(prepared.change, None, None)
        refreshed = base is not None and storage.sha256 != base.sha256
        if base is not None and refreshed:
            _check_conflict(path, base.dataset, raw, prepared.change)
        try:
            storage.write(prepared.tables, expect=read_as)
        except UnicodeEncodeError as exc:
            raise WriteError(printable(f"{path}: cannot be written: some text is not valid Unicode (an unpaired "
                                       f"surrogate); nothing was written")) from exc
        loaded = LoadedDataset(prepared.dataset, path, storage.sha256)
        return Committed(prepared.change, prepared.entry_id, loaded, refreshed, prepared.upgraded)


def _check_conflict(path: str, loaded: Dataset, raw: object, change: Change) -> None:
    """Refuse when the record the change is about differs from what the caller loaded."""
    current, problems = build_dataset(raw)
    if current is None:
        raise DataError(path, problems)
    if loaded.record(change.table, change.key) == current.record(change.table, change.key):
        return
    seen = max((e.doc_id for e in loaded.history), default=0)
    newer = [e for e in current.history if e.doc_id > seen and (e.table, e.key) == (change.table, change.key)]
    if newer:
        last = newer[-1]
        who = f"by {last.by} at {last.at} (history entry {last.doc_id})"
        by, when = last.by, last.at
    else:
        who, by, when = "outside pledge-tui (no history entry records it)", None, None
    raise ConflictError(printable(f"{path}: {change.table} {change.key} was changed {who} since you loaded "
                                  f"the file; nothing was written: reload and make your change again"),
                        table=change.table, key=change.key, by=by, at=when)
