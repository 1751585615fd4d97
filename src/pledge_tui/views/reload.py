"""What changed in the data file since the browser last read it (README "The browser"), for the reload's marks
and notice: which cells moved (the record-level diff of `views.diff`, marked by `views.marks`), and whose
history entries they were (the entries the file holds now that it did not hold before).

Also what a save finds when another writer had changed other records: the same words, without the
saver's own entry.

Headless: no Textual, no Rich. Every piece of data text is cleaned (`sanitize`).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field

from pledge_tui.dataset.entry import HistoryEntry
from pledge_tui.dataset.model import NOT_LISTED, Dataset, History, Member
from pledge_tui.sanitize import clean_line
from pledge_tui.views.describe import entry_ref as describe_entry_ref
from pledge_tui.views.diff import CellChange, DatasetDiff, diff_datasets
from pledge_tui.views.marks import CellMarks, marks_of

CELLS_NAMED = 3
"""Cells named in the notice; beyond it, how many more."""
AUTHORS_NAMED = 3
"""Authors named in the notice; beyond it, how many more."""
NOT_CHANGES = frozenset({"upgrade", *NOT_LISTED})
"""Entries that record no one's change (`new_entries` leaves them out)."""

ENTRIES_NAMED = 4
"""Entries listed per author; beyond it, how many more."""


def entry_identity(entry: HistoryEntry) -> object:
    """What makes a history entry the same entry in two versions of the file: its id (the hash of its
    content, never changed by a merge). The one place that comparison is made."""
    return entry.id


def entry_ref(entry: HistoryEntry) -> str:
    """How a message names an entry: "entry h3f9a2c10b" (`describe.entry_ref`)."""
    return f"entry {describe_entry_ref(entry.id)}"


def new_entries(old: Dataset, new: Dataset, own: Collection[object] = ()) -> tuple[HistoryEntry, ...]:
    """The history entries `new` holds that `old` did not (by identity), oldest first, leaving out those
    whose identity is in `own` (the browser's own save), and those that record nobody's change: an upgrade
    of the file's schema and the baseline entries it writes (a version-2 file's first write adds them)."""
    added = new.history.added_since(old.history) if isinstance(new.history, History) and isinstance(
        old.history, History) else None
    if added is not None:  # the log only grew: its new lines alone
        return tuple(e for e in added if entry_identity(e) not in own and e.action not in NOT_CHANGES)
    seen = {entry_identity(e) for e in old.history}
    return tuple(e for e in new.history if entry_identity(e) not in seen and entry_identity(e) not in own
                 and e.action not in NOT_CHANGES)


@dataclass(frozen=True, slots=True)
class DiskChange:
    """The difference between the data shown and the data now in the file."""

    diff: DatasetDiff
    """The record-level differences (cells, members, sources, events)."""
    entries: tuple[HistoryEntry, ...]
    """The history entries that are new, oldest first."""
    marks: CellMarks
    """The changed cells' marks (`Δ`, `~`)."""
    cell_notes: Mapping[tuple[str, str], str] = field(default_factory=dict)
    """(member id, type) -> who changed it: "by anna (entry 41)", or that no entry records it."""

    @property
    def is_empty(self) -> bool:
        """Nothing the browser shows changed and no entry was added (a `touch`, a rewrite of the same data)."""
        return self.diff.is_empty and not self.entries

    def what(self) -> str:
        """What moved, in words: "2 cells changed (Poland · Air, Spain · Sea); 1 source added"."""
        parts: list[str] = []
        cells = self.diff.cells
        if cells:
            named = ", ".join(_cell_name(c) for c in cells[:CELLS_NAMED])
            more = f" and {len(cells) - CELLS_NAMED} more" if len(cells) > CELLS_NAMED else ""
            parts.append(f"{_count(len(cells), 'cell')} changed ({named}{more})")
        for noun, changes in (("member", self.diff.members), ("source", self.diff.sources),
                              ("event", self.diff.events)):
            for kind in ("added", "removed"):
                n = sum(1 for c in changes if c.kind == kind)
                if n:
                    parts.append(f"{_count(n, noun)} {kind}")
        return "; ".join(parts) or "no cell, member, source or event changed"

    def whose(self) -> str:
        """Whose entries they were: "recorded by anna (entries 41, 42) and ben (entry 43)", or that no
        new history entry records the change."""
        if not self.entries:
            return "no new history entry records it (an edit outside pledge-tui, or another version of the file)"
        by_author: dict[str, list[HistoryEntry]] = {}
        for entry in self.entries:
            by_author.setdefault(clean_line(entry.by)[:60] or "someone unnamed", []).append(entry)
        named = [f"{author} ({_entries(entries)})" for author, entries in list(by_author.items())[:AUTHORS_NAMED]]
        if len(by_author) > AUTHORS_NAMED:
            named.append(f"{len(by_author) - AUTHORS_NAMED} more")
        return "recorded by " + (", ".join(named[:-1]) + " and " + named[-1] if len(named) > 1 else named[0])

    def words(self) -> str:
        """The notice: what moved, then whose entries they were."""
        return f"{self.what()}; {self.whose()}"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _cell_name(change: CellChange) -> str:
    return f"{change.member_name[:40]} · {change.type_label}"


def _entries(entries: Sequence[HistoryEntry]) -> str:
    ids = [str(entry_identity(e)) for e in entries[:ENTRIES_NAMED]]
    more = f" and {len(entries) - ENTRIES_NAMED} more" if len(entries) > ENTRIES_NAMED else ""
    return f"{'entry' if len(entries) == 1 else 'entries'} {', '.join(ids)}{more}"


def disk_change(old: Dataset, new: Dataset, *, own: Collection[object] = (),
                own_cells: Collection[tuple[str, str]] = ()) -> DiskChange:
    """What changed from `old` (shown) to `new` (in the file now), without the browser's own save:
    `own` = the identities of its entries, `own_cells` = the (member id, type) it saved."""
    diff = diff_datasets(old, new)
    if own_cells:
        diff = DatasetDiff(tuple(c for c in diff.cells if (c.member_id, c.type) not in own_cells), diff.members,
                           diff.sources, diff.events)
    entries = new_entries(old, new, own)
    newest: dict[str, HistoryEntry] = {}
    for entry in entries:
        if entry.table == "commitments":
            newest[entry.key] = entry
    notes: dict[tuple[str, str], str] = {}
    for change in diff.cells:
        latest = newest.get(change.key)
        notes[change.member_id, change.type] = (f"by {clean_line(latest.by)[:60]} ({entry_ref(latest)})"
                                                if latest is not None else "no history entry records it")
    return DiskChange(diff, entries, marks_of(diff.cells), notes)


@dataclass(frozen=True, slots=True)
class DiskMarks:
    """The cells marked as changed on disk, kept across reloads until the analyst clears them."""

    marks: CellMarks
    notes: Mapping[tuple[str, str], str]
    """(member id, type) -> "changed on disk at 14:02, by anna (entry 41)"."""
    first_at: str
    """When the oldest change still marked was read (local time, `HH:MM`)."""

    def note(self, member_id: str, type_slug: str) -> str | None:
        """What the cell line and the detail pane say of a marked cell; None when it is not marked."""
        return self.notes.get((member_id, type_slug))

    @property
    def words(self) -> str:
        """"changed on disk since 14:02"."""
        return f"changed on disk since {self.first_at}"

    def in_words(self, shown: Sequence[Member]) -> str:
        """The header's count: "2 cells changed on disk since 14:02", with "(5 in all)" when the filter
        hides some."""
        count = self.marks.count_in(shown)
        words = f"{_count(count, 'cell')} {self.words}"
        return words if count == len(self.marks) else f"{words} ({len(self.marks)} in all)"


def disk_marks(change: DiskChange, at: str, kept: DiskMarks | None = None) -> DiskMarks | None:
    """The marks after a reload read at `at` (`HH:MM`) found `change`, added to those `kept` from earlier
    reloads; None when there is nothing to mark."""
    notes = {cell: f"changed on disk at {at}, {who}" for cell, who in change.cell_notes.items()}
    if kept is None:
        return DiskMarks(change.marks, notes, at) if notes else None
    return DiskMarks(kept.marks.merged(change.marks), {**kept.notes, **notes}, kept.first_at)
