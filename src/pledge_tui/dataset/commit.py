"""The one write path: every change to a data file goes through `commit`.

Under the file's exclusive lock it reads the file (as strictly as any reader) and the last line of its
history log (rolling forward an entry a killed writer logged but did not apply), upgrades a version-1 or
version-2 file to version 3, applies the edit to the raw tables, checks that the record it changes is what
its history says (a hand-edited record is refused: `adopt` it first), validates the whole dataset and the
new entries, and only then writes: the entries are appended to the log and fsynced, then the data file is
replaced atomically (a write-ahead log: a writer killed between the two leaves an entry that every reader
rolls forward). A change that would leave the data invalid is refused with every problem listed, and
nothing is written; so is a change to the copy inside the installed package. A change that changes nothing
writes nothing. A write never reads more of the log than its last line, except for the edits that need
the history itself (`ReadsLog`: undo, adopt).

For a caller that loaded the file earlier and edits from that view (the browser), `base` makes the
save optimistic: if the file changed since (its SHA-256 differs), the edit is applied to the new data
when the other writer touched other records, and refused with `ConflictError` (exit 3) naming the
record and who changed it when it touched the same one.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pledge_tui import collector
from pledge_tui.dataset import files, log
from pledge_tui.dataset.history import (
    Change,
    Doc,
    Tables,
    clock,
    explained,
    find_head,
    newest_at,
    record_entry,
    roll_forward,
    schema_version,
)
from pledge_tui.dataset.model import Dataset, History, LoadedDataset
from pledge_tui.dataset.rawio import read_bytes
from pledge_tui.dataset.upgrade import to_v3
from pledge_tui.dataset.validate import build_dataset, check_log_entries, entry_label
from pledge_tui.errors import ConflictError, DataError, Problem, RefusedError, UsageError, WriteError, printable

Changes = Change | Sequence[Change]
Edit = Callable[[Tables], Changes]
"""An edit: given the tables as they are under the lock, the change (or changes) to make (`edits.py`
builds them)."""


@dataclass(frozen=True, slots=True)
class ReadsLog:
    """An edit that needs the history itself (undo, adopt): `run(tables, entries)` gets the log's entries
    as stored, oldest first, read whole under the lock (with an upgrade's new entries, when the write
    upgrades the file)."""

    run: Callable[[Tables, Sequence[Mapping[str, Any]]], Changes]


@dataclass(frozen=True, slots=True)
class Committed:
    """What `commit` did."""

    change: Change | None
    """The change as worked out on the data under the lock (the first, for an edit of several; None for an
    edit that found nothing to change, as `adopt` with every record explained)."""
    entry_id: str | None
    """The (last) new history entry's id; None when the change changed nothing and nothing was written."""
    loaded: LoadedDataset | None
    """The dataset as written, with its new SHA-256 (None when nothing was written)."""
    refreshed: bool = False
    """The file had changed since `base`; the edit was applied to the newer data."""
    upgraded: bool = False
    """The file was version 1 or 2 and is now version 3 (its `upgrade` entry is `upgrade_id`)."""
    changes: tuple[Change, ...] = ()
    """Every change made (`adopt` makes one per record), in the order of their entries."""
    entry_ids: tuple[str, ...] = ()
    """The new entries of those changes, in order (not the upgrade's)."""
    upgrade_id: str | None = None
    """The `upgrade` entry's id, when the write upgraded the file."""
    clock_behind: str | None = None
    """The writer's clock, when it was behind the newest entry: the entries took that entry's time
    (`at`) instead, so that `at` never goes backwards, and the command says so."""
    at: str | None = None
    """The new entries' time."""
    dry_run: bool = False
    """Nothing was written: the change was worked out and validated only."""


def refuse_packaged_copy(path: str) -> None:
    """Raise `UsageError` (exit 2) for the data file inside the installed package."""
    if files.is_packaged_copy(path):
        raise UsageError(printable(f"{path} is the copy of the data inside the installed package, which is "
                                   f"never written; run `pledge-tui init FILE` to make a copy to edit, then pass "
                                   f"--data FILE"))


def _explained(path: str, raw: object, error: Exception) -> Exception:
    """An edit or the upgrade tripped over a malformed document: report the file's problems instead."""
    _, problems = build_dataset(raw)
    return DataError(path, problems) if problems else error


@dataclass(frozen=True, slots=True)
class Prepared:
    """An edit worked out on parsed data, validated, not yet written (`prepare`)."""

    changes: tuple[Change, ...]
    tables: Tables | None
    """The data as it will be written; None when the change changes nothing."""
    entries: tuple[Doc, ...]
    """The log lines to write: the new entries (after the upgrade's whole new log, when `upgraded`)."""
    dataset: Dataset | None
    upgraded: bool
    at: str
    """The new entries' time."""


def _as_tuple(changes: Changes) -> tuple[Change, ...]:
    return (changes,) if isinstance(changes, Change) else tuple(changes)


def prepare(path: str, raw: Any, edit: Edit | ReadsLog, *, at: str, by: str,
            entries: Callable[[], Sequence[Mapping[str, Any]]] = lambda: (),
            check: Callable[[Sequence[Change]], None] | None = None, not_before: str = "") -> Prepared:
    """Everything `commit` does between reading and writing, without I/O: upgrade an older file, apply
    the edit, check that each record it changes is explained by its history, make the entries, validate
    the whole result and the new entries. `entries` gives the log's entries to a `ReadsLog` edit; `check`
    is called with the changes before anything else is checked (`commit`'s optimistic check); `not_before`:
    the time of the log's last line (after a conflicting merge, the other side's head may be newer than every
    head the `heads` table names), which the new entries' time never precedes.

    Raises `RefusedError` listing every problem when the result would not validate, `UsageError`
    from the edit, and `DataError` when the data is too broken for the edit to find its way.
    """
    try:
        version = schema_version(raw)
        upgraded = to_v3(raw, version, at=at, by=by) if version < 3 else None
        tables: Tables = upgraded.tables if upgraded is not None else raw
        if isinstance(edit, ReadsLog):
            logged = upgraded.entries if upgraded is not None else entries()
            changes = _as_tuple(edit.run(tables, logged))
        else:
            changes = _as_tuple(edit(tables))
    except (KeyError, TypeError, AttributeError, ValueError) as exc:
        raise _explained(path, raw, exc) from exc
    made = tuple(change for change in changes if not change.changes_nothing)
    when = max(at, newest_at(tables), not_before)
    if not made:
        return Prepared(changes, None, (), None, upgraded=False, at=when)
    if check is not None:
        check(made)
    problems = [p for change in made if (p := explained(tables, change)) is not None]
    if isinstance(edit, ReadsLog):
        problems += _cited_sources_removed(made, logged)
    if problems:
        raise RefusedError(path, problems)
    new: list[Doc] = []
    for change in made:
        tables, entry = record_entry(tables, change, at=when, by=by)
        new.append(entry)
    dataset, problems = build_dataset(tables)
    known = set(dataset.sources) if dataset is not None else None
    _, entry_problems = check_log_entries([(0, entry) for entry in new], known, links=False)
    if dataset is None or entry_problems:
        said = {p.field for p in entry_problems}  # a head repeats its entry's `by` and `at`: said once
        raise RefusedError(path, [*(p for p in problems if p.table != "heads" or p.field not in said),
                                  *entry_problems])
    logged_entries = (*upgraded.entries, *new) if upgraded is not None else tuple(new)
    return Prepared(made, tables, logged_entries, dataset, upgraded=upgraded is not None, at=when)


def _cited_sources_removed(changes: Sequence[Change], entries: Sequence[Mapping[str, Any]]) -> list[Problem]:
    """A source that a change removes (the undo of an `add-source`) while history entries cite it: history's
    sources must exist. Only edits that read the log can remove a source, so only they are asked."""
    removed = {change.key for change in changes if change.table == "sources" and change.after is None}
    return [Problem(f"refers to source {source_id!r}, which this change would remove", "history",
                    entry_label(entry, None), "sources")
            for entry in entries for source_id in entry.get("sources") or () if source_id in removed]


def _read_log(path: str, version: int) -> tuple[log.FileLog, Any]:
    """The data file's log and its last entry (None for an older file, which has no log yet)."""
    source = log.FileLog(log.log_path(path))
    if version < 3:
        return source, None
    if not source.exists():
        source.content()  # says that it is missing
    return source, source.tail()


def _log_entries(source: log.FileLog) -> Callable[[], Sequence[Mapping[str, Any]]]:
    def read() -> Sequence[Mapping[str, Any]]:
        rows, problems = log.read_entries(source)
        if problems:
            raise DataError(source.name, problems)
        return [doc for _, doc in rows]

    return read


def commit(path: str, edit: Edit | ReadsLog, *, by: str, at: str | None = None, base: LoadedDataset | None = None,
           timeout: float = files.LOCK_TIMEOUT, dry_run: bool = False) -> Committed:
    """Make one change to the data file at `path`: lock, read, apply, validate, write the log, then the file.

    `by` and `at` are the history entry's author and time (`history.author`, `history.clock`; `at`
    defaults to the clock). `base` is the dataset the caller loaded, for the optimistic check. `dry_run`:
    everything but the writing (the result says what would have been written).

    Raises `UsageError` (exit 2) for the packaged copy or an edit that cannot be understood,
    `DataError` (exit 1) when the file or its log cannot be read, `RefusedError` (exit 1) when the result
    would not validate, `WriteError` (exit 1) when it cannot be written, `BusyError` (exit 3) when another
    writer holds the lock for `timeout` seconds, and `ConflictError` (exit 3) when `base` is given and the
    record was changed since. In every error case the file and its log are unchanged.
    """
    from pledge_tui.dataset.storage import AtomicJSONStorage

    refuse_packaged_copy(path)
    if not os.path.exists(path):
        read_bytes(path)  # says why (no such file, a link loop) without leaving a lock file behind
    when = at if at is not None else clock()
    with files.exclusive_lock(path, timeout), collector.paused():
        read_as = files.file_identity(path)  # before the read: writers that skip the lock are caught
        storage = AtomicJSONStorage(path)
        raw: Any = storage.read()
        version = schema_version(raw)
        source, tail = _read_log(path, version)
        rolled = tail is not None and log.rollable(tail, lambda table, key: _head_entry(raw, table, key))
        if rolled:
            raw = roll_forward(raw, tail)  # a killed writer's entry: this write makes it permanent
        refreshed = base is not None and storage.sha256 != base.sha256

        def optimistic(changes: Sequence[Change]) -> None:
            if base is not None and refreshed:
                for change in changes:
                    _check_conflict(path, base.dataset, raw, change)

        last_at = str(tail["at"]) if isinstance(tail, dict) and isinstance(tail.get("at"), str) else ""
        prepared = prepare(path, raw, edit, at=when, by=by, entries=_log_entries(source), check=optimistic,
                           not_before=last_at)
        first = prepared.changes[0] if prepared.changes else None
        if prepared.tables is None or prepared.dataset is None:
            return Committed(first, None, None, changes=prepared.changes)
        new_ids = tuple(e["id"] for e in prepared.entries[-len(prepared.changes):])
        upgrade_id = next((e["id"] for e in prepared.entries if e["action"] == "upgrade"), None)
        behind = when if prepared.at != when else None
        if dry_run:
            return Committed(first, new_ids[-1], None, refreshed, prepared.upgraded, prepared.changes, new_ids,
                             upgrade_id, behind, prepared.at, dry_run=True)
        if rolled:  # first on its own, so that the log never holds more than one entry the file does not show
            storage.write(raw, expect=read_as)
            read_as = files.file_identity(path)
        _write(path, source.name, storage, prepared, read_as)
        from pledge_tui.dataset import validated

        validated.remember(storage.sha256)  # the bytes just written, whose dataset `prepare` validated in full
        snapshot = log.Snapshot(source)
        dataset = prepared.dataset.replace(history=History(log.history_loader(snapshot), log.MemberReader(snapshot)))
        loaded = LoadedDataset(dataset, path, storage.sha256)
        return Committed(first, new_ids[-1], loaded, refreshed, prepared.upgraded, prepared.changes, new_ids,
                         upgrade_id, behind, prepared.at)


def _write(path: str, log_name: str, storage: Any, prepared: Prepared, read_as: files.FileIdentity | None) -> None:
    """The log first (appended and fsynced; written whole for an upgrade), then the data file replaced;
    should the data file fail, the log is put back as it was. `read_as`: the data file's identity when it
    was read under the lock: a file another program replaced meanwhile is refused before the log is
    touched (and, for the moments between, again before the rename)."""
    try:
        lines = log.lines_of(prepared.entries)
        files.check_writable(path)
        if read_as is not None:
            files.check_unchanged(path, read_as)
        if prepared.upgraded:
            existed = os.path.lexists(log_name)
            files.write_atomic(log_name, lines)
            try:
                storage.write(prepared.tables, expect=read_as)
            except BaseException:
                if not existed:
                    with contextlib.suppress(OSError):
                        os.unlink(log_name)
                raise
            return
        size = files.append_lines(log_name, lines)
        try:
            storage.write(prepared.tables, expect=read_as)
        except BaseException:
            files.truncate_to(log_name, size)
            raise
    except UnicodeEncodeError as exc:
        raise WriteError(printable(f"{path}: cannot be written: some text is not valid Unicode (an unpaired "
                                   f"surrogate); nothing was written")) from exc


def _head_entry(tables: Tables, table: str, key: str) -> str | None:
    found = find_head(tables, table, key)
    entry = found[1].get("entry") if found is not None else None
    return entry if isinstance(entry, str) else None


def _check_conflict(path: str, loaded: Dataset, raw: object, change: Change) -> None:
    """Refuse when the record the change is about differs from what the caller loaded; the `heads` table
    says who changed it (without reading the log)."""
    current, problems = build_dataset(raw)
    if current is None:
        raise DataError(path, problems)
    if loaded.record(change.table, change.key) == current.record(change.table, change.key):
        return
    head = current.heads.get((change.table, change.key))
    if head is not None and head != loaded.heads.get((change.table, change.key)):
        who = f"by {head.by} at {head.at} (history entry {head.entry})"
        by, when = head.by, head.at
    else:
        who, by, when = "outside pledge-tui (no history entry records it)", None, None
    raise ConflictError(printable(f"{path}: {change.table} {change.key} was changed {who} since you loaded "
                                  f"the file; nothing was written: reload and make your change again"),
                        table=change.table, key=change.key, by=by, at=when)
