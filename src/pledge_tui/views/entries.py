"""Which history entry is which: the one place the views read an entry's identity and decide what counts
as a change.

An entry is named by its id (`h3f9a2c10b`, schema version 3; a version-2 file read as it is gets the ids
its upgrade will give). Every view that names an entry, compares two entries or maps one entry to another
(what undid what) goes through `entry_id`; how an entry is *written* for a reader is
`views.describe.entry_ref`.

Version 3 also records every record as it was when history began with a `baseline` entry: a statement
of the starting point, not a change. `is_change` is the one test the lists of changes, `blame` and the
clocks use to leave such entries (and the schema upgrade) out.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from pledge_tui.dataset.entry import HistoryEntry
from pledge_tui.dataset.model import NOT_LISTED, EntrySkim

EntryId = str
"""An entry's identity: its id (`h3f9a2c10b`), the hash of its content, never changed by a merge."""

NOT_CHANGES = frozenset({"upgrade", "baseline"})
"""Actions that record no change to a record: the schema upgrade, and (version 3) the baseline."""


def entry_id(entry: HistoryEntry | EntrySkim) -> EntryId:
    """The entry's identity."""
    return entry.id


def is_change(entry: HistoryEntry) -> bool:
    """False for an entry that changed no record (the upgrade; version 3's baseline entries)."""
    return entry.action not in NOT_CHANGES


def undone_by(history: Iterable[HistoryEntry] | Iterable[EntrySkim]) -> Mapping[EntryId, EntryId]:
    """Which entry reverted which: reverted entry's id -> the undo's id (of whole entries or skims alike)."""
    return {e.undoes: entry_id(e) for e in history if e.undoes is not None}


def is_listed(entry: HistoryEntry) -> bool:
    """True for an entry the lists of changes show (every entry but a baseline)."""
    return entry.action not in NOT_LISTED

