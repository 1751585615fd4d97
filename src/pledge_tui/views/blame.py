"""Who set this, when, on which source (`blame`, README "What changed"), and the newest entry of every record.

`blame MEMBER` answers, per member field (name, role, EU and NATO, stance, caveats, approval, summit,
sources) and per cell, with the newest history entry that set the value as it is now: its id, when it was
recorded (and, for a cell, when what it says was said), who, on which sources, with the note. `blame
MEMBER TYPE` does the same per field of that one cell. A value no entry set is "baseline": as the data
was when history began (a version-3 `baseline` entry, the upgrade, or no entry at all). A value that
differs from what its newest entry left is said to be recorded nowhere (a hand edit: `validate` names it).

The index (`newest_entries`) is one pass over the history, kept per dataset; `changes --said-since` reads
the recorded time of each cell from it too.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any, NamedTuple, overload

from pledge_tui.dataset.catalogue import BASELINE, FIELDS, field_title, label
from pledge_tui.dataset.entry import HistoryEntry
from pledge_tui.dataset.model import Dataset, EntrySkim, Member, skims_of
from pledge_tui.dataset.replay import commitment_document, member_document
from pledge_tui.dataset.vocab import NOT_DISCLOSED, TYPES
from pledge_tui.sanitize import clean_line
from pledge_tui.views.caches import PerDataset
from pledge_tui.views.changes import HistoryLine, history_line
from pledge_tui.views.entries import entry_id, is_change, undone_by
from pledge_tui.views.fields import MISSING, display_value
from pledge_tui.views.statuses import status_text

Key = tuple[str, str]
"""(table, natural key) of a record."""


def _index(dataset: Dataset) -> Mapping[Key, Sequence[HistoryEntry]]:
    skims = skims_of(dataset)
    if skims is not None:
        return _SkimIndex(skims)
    by_key: dict[Key, list[HistoryEntry]] = {}
    for entry in dataset.history:
        if entry.action != "upgrade":
            by_key.setdefault((entry.table, entry.key), []).append(entry)
    return {key: tuple(entries) for key, entries in by_key.items()}


class _SkimIndex(Mapping[Key, Sequence[HistoryEntry]]):
    """`_index` of a history that can be skimmed (`History.skim`): a record's entries are read whole one by
    one, when they are first asked for (`_ReadWhenAsked`). `blame MEMBER` asks for a member's records, and
    of each, walks back from its newest entry to the one that set a field: a few entries, not the 10,000
    of a long history, nor the 1,400 of the member's records (benchmarks/PROFILE.md A10)."""

    def __init__(self, skims: Sequence[EntrySkim]) -> None:
        self._skims: dict[Key, list[EntrySkim]] = {}
        for skim in skims:
            if skim.action != "upgrade":
                self._skims.setdefault((skim.table, skim.key), []).append(skim)
        self._entries: dict[Key, _ReadWhenAsked] = {}

    def __getitem__(self, key: Key) -> Sequence[HistoryEntry]:
        found = self._entries.get(key)
        if found is None:
            found = self._entries[key] = _ReadWhenAsked(self._skims[key])
        return found

    def __iter__(self) -> Iterator[Key]:
        return iter(self._skims)

    def __len__(self) -> int:
        return len(self._skims)


class _ReadWhenAsked(Sequence[HistoryEntry]):
    """One record's entries, oldest first, each read whole (`EntrySkim.entry`) when first asked for."""

    __slots__ = ("_read", "_skims")

    def __init__(self, skims: Sequence[EntrySkim]) -> None:
        self._skims = skims
        self._read: list[HistoryEntry | None] = [None] * len(skims)

    def __len__(self) -> int:
        return len(self._skims)

    @overload
    def __getitem__(self, index: int) -> HistoryEntry: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[HistoryEntry, ...]: ...

    def __getitem__(self, index: int | slice) -> HistoryEntry | tuple[HistoryEntry, ...]:
        if isinstance(index, slice):
            return tuple(self[i] for i in range(*index.indices(len(self._skims))))
        entry = self._read[index]
        if entry is None:
            entry = self._read[index] = self._skims[index].entry()
        return entry


_entries_of: PerDataset[Mapping[Key, Sequence[HistoryEntry]]] = PerDataset(_index)
"""Each dataset's entries by record (oldest first), built in one pass on first use."""


def entries_of(dataset: Dataset, table: str, key: str) -> Sequence[HistoryEntry]:
    """Every entry about one record, oldest first (the upgrade left out; baseline entries kept)."""
    return _entries_of(dataset).get((table, key), ())


def newest_change(dataset: Dataset, table: str, key: str) -> HistoryEntry | None:
    """The newest entry that changed the record (None: no entry, or only a baseline: as history began)."""
    entries = entries_of(dataset, table, key)
    newest = entries[-1] if entries else None
    return newest if newest is not None and is_change(newest) else None


class BlameLine(NamedTuple):
    """One value and the entry that set it. (Typed named tuples here, not frozen dataclasses: `blame` does not
    import `dataclasses`, benchmarks/PROFILE.md A9.)"""

    field: str
    """The stored field (`stance`, `status`), or for a cell of `blame MEMBER` its type slug."""
    label: str
    """The field or type in words."""
    value: str
    """The value now, as display text (cleaned, one line)."""
    entry: HistoryLine | None
    """The newest entry that set it; None: baseline (or recorded nowhere, see `recorded`)."""
    recorded: bool = True
    """False when the value differs from what its newest entry left: changed without an entry."""

    @property
    def baseline(self) -> bool:
        """True when no entry set the value: it is as the data was when history began."""
        return self.entry is None and self.recorded


class Blame(NamedTuple):
    """`blame MEMBER [TYPE]`: per member field and per cell, or per field of one cell."""

    member_id: str
    member_name: str
    """Cleaned, one line."""
    type: str | None
    """The type asked about, or None for the whole member."""
    fields: tuple[BlameLine, ...]
    """The member's fields (no TYPE), or the cell's fields (TYPE)."""
    cells: tuple[BlameLine, ...]
    """Per type, the cell and the newest entry about it (no TYPE); empty with a TYPE."""

    @property
    def words(self) -> str:
        """"Poland (PL)" or "Poland (PL), Ground"."""
        who = f"{self.member_name} ({self.member_id})"
        return f"{who}, {label('types', self.type)}" if self.type else who


_FIELDS = {table: tuple(f.name for f in FIELDS if f.table == table and not f.key)
           for table in ("members", "commitments")}


def _value(name: str, doc: Mapping[str, Any] | None) -> Any:
    """A stored field's value; a field stored as null and one left out are the same (MISSING)."""
    value = MISSING if doc is None else doc.get(name, MISSING)
    return MISSING if value is None else value


def _same(doc: Mapping[str, Any] | None, other: Mapping[str, Any] | None) -> bool:
    """Two stored records hold the same values (a null field and a missing one are the same)."""
    if doc is None or other is None:
        return doc is other
    return all(_value(k, doc) == _value(k, other) for k in {*doc, *other})


def _setter(entries: Sequence[HistoryEntry], name: str, now: Any) -> tuple[HistoryEntry | None, bool]:
    """The newest entry that set field `name` to its value, and whether the value is the one it left.

    Walks back from the newest entry to the first that changed the field (or made or removed the record).
    A baseline entry (or reaching the start) means the value is as history began."""
    for entry in reversed(entries):
        if not is_change(entry):
            return None, _value(name, entry.after) == now
        if entry.before is None or entry.after is None or _value(name, entry.before) != _value(name, entry.after):
            return entry, _value(name, entry.after) == now
    return None, True


def _record_setter(entries: Sequence[HistoryEntry], now: Any) -> tuple[HistoryEntry | None, bool]:
    """The newest entry about a whole record (a cell), and whether the record is what it left."""
    if not entries or not is_change(entries[-1]):
        return None, not entries or _same(entries[-1].after, now)
    return entries[-1], _same(entries[-1].after, now)


def _line(dataset: Dataset, undone: Mapping[Any, Any], field: str, words: str, value: str,
          found: tuple[HistoryEntry | None, bool]) -> BlameLine:
    entry, matches = found
    shown = history_line(dataset, entry, undone.get(entry_id(entry))) if entry is not None else None
    return BlameLine(field, words, clean_line(value), shown, matches)


def blame(dataset: Dataset, member: Member, type_slug: str | None = None) -> Blame:
    """Per field of `member` and per cell (or, with `type_slug`, per field of that cell), the newest entry
    that set the value as it is now."""
    skims = skims_of(dataset)
    undone = undone_by(dataset.history if skims is None else skims)
    name = clean_line(member.name)
    if type_slug is not None:
        entries = entries_of(dataset, "commitments", f"{member.id}/{type_slug}")
        record = member.commitments.get(type_slug)
        if record is None:
            line = _line(dataset, undone, type_slug, label("types", type_slug), label("statuses", NOT_DISCLOSED),
                         _record_setter(entries, None))
            return Blame(member.id, name, type_slug, (line,), ())
        doc = commitment_document(record)
        lines = tuple(_line(dataset, undone, f, field_title(f), display_value(f, doc.get(f)),
                            _setter(entries, f, _value(f, doc))) for f in _FIELDS["commitments"])
        return Blame(member.id, name, type_slug, lines, ())
    doc = member_document(member)
    own = entries_of(dataset, "members", member.id)
    fields = tuple(_line(dataset, undone, f, field_title(f), display_value(f, doc.get(f)),
                         _setter(own, f, _value(f, doc))) for f in _FIELDS["members"])
    cells = []
    for type_ in TYPES:
        record = member.commitments.get(type_)
        entries = entries_of(dataset, "commitments", f"{member.id}/{type_}")
        if record is None and not entries:
            continue  # never disclosed, never recorded: nothing to say
        value = status_text(record.status, record.lead) if record else label("statuses", NOT_DISCLOSED)
        now = commitment_document(record) if record else None
        cells.append(_line(dataset, undone, type_, label("types", type_), value, _record_setter(entries, now)))
    return Blame(member.id, name, None, fields, tuple(cells))


BASELINE_WORDS = f"{BASELINE}: as the data was when history began"
"""What a value no entry set is said to be."""
NOT_RECORDED_WORDS = "recorded nowhere: changed without a history entry (`pledge-tui validate` names it)"
"""What a value that differs from its newest entry's record is said to be."""
