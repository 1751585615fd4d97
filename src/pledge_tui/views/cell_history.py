"""A member's commitments' history, per type, for the detail pane (issue 10 item 5).

Under each commitment the pane lists its changes, newest first: when, who, what moved from what to
what, on which sources, with the note. The lines are `views.changes.HistoryLine`s, the ones `history`
prints, so the pane and the command line tell a change the same way.

The history is indexed by member once per dataset (one pass over it), so moving the cursor costs only
the lines of the member under it, however long the history grows. Until something else has loaded the
whole history, a member's entries are read from the log alone (`History.of_member`): the browser's
first screen shows the first member's changes without parsing the whole log.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pledge_tui.dataset.entry import HistoryEntry
from pledge_tui.dataset.model import Dataset, History
from pledge_tui.views.caches import PerDataset
from pledge_tui.views.entries import EntryId, entry_id, is_listed, undone_by

if TYPE_CHECKING:
    from pledge_tui.views.changes import HistoryLine

CHANGES_SHOWN = 5
"""Changes listed under one commitment; the pane says how many older ones `history` would show."""


@dataclass(frozen=True, slots=True)
class CellHistory:
    """One cell's changes, newest first (at most `CHANGES_SHOWN`), and how many older ones were left out."""

    lines: tuple[HistoryLine, ...]
    older: int


@dataclass(frozen=True, slots=True)
class _Index:
    """A dataset's commitment changes by member, and which entry undid which."""

    by_member: Mapping[str, list[HistoryEntry]]
    undone_by: Mapping[EntryId, EntryId]


def _built_index(dataset: Dataset) -> _Index:
    by_member: dict[str, list[HistoryEntry]] = {}
    for entry in dataset.history:
        if entry.table == "commitments" and entry.member_id is not None and is_listed(entry):
            by_member.setdefault(entry.member_id, []).append(entry)
    return _Index(by_member, undone_by(dataset.history))


_index: PerDataset[_Index] = PerDataset(_built_index)
"""Each dataset's index, built on first use and dropped with the dataset."""


def cell_histories(dataset: Dataset, member_id: str, limit: int = CHANGES_SHOWN) -> dict[str, CellHistory]:
    """Per type slug, the changes of the member's record of that type (including a record since
    removed), newest first; types never changed are left out."""
    history = dataset.history
    about = history.of_member(member_id, limit) if isinstance(history, History) else None
    if about is not None:
        index = _Index({member_id: [e for e in about.entries if is_listed(e)]}, about.undone_by)
        known: dict[str, HistoryEntry] | None = {e.id: e for e in about.entries}
    else:
        index, known = _index(dataset), None
    by_type: dict[str, list[HistoryEntry]] = {}
    for entry in index.by_member.get(member_id, ()):
        by_type.setdefault(entry.type_slug or "", []).append(entry)
    if not by_type:
        return {}
    from pledge_tui.views.changes import history_line  # with the first change shown: 7 ms of the browser's start

    out: dict[str, CellHistory] = {}
    for type_slug, entries in by_type.items():
        newest = entries[::-1]
        total = about.listed[entries[0].key] if about is not None else len(newest)
        lines = tuple(history_line(dataset, e, index.undone_by.get(entry_id(e)), known) for e in newest[:limit])
        out[type_slug] = CellHistory(lines, max(0, total - limit))
    return out
