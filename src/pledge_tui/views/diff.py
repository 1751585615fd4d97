"""What differs between two datasets, record by record and field by field (README "What changed").

Records are matched by natural key (a commitment by member and type, a member, source or event by
its id), never by line or document id, so reordering or renumbering documents is no difference. A
diff reports every table and every field: commitments (every field, their sources too), members (name,
role, EU and NATO, stance, caveats, approval, summit, sources), sources and events (added, removed,
changed) and the dataset information. Each change is told as the fields that moved
(`views.fields.FieldChange`), each with its kind (`status`, `conditions`, `lead`, `sources`, `dates`,
`wording`: `dataset.catalogue.KINDS`), so every shell leads with what moved.

The builders here are pure and headless; formatters (`formats/changes_*.py`) only lay them out. The
same structures serve `changes --since` (views/changes.py), which diffs the dataset as it was at a
date against the dataset now, and the browser's changed-since marks (`cell_mark`), so the three cannot
disagree on what counts as a change.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from pledge_tui.dataset.catalogue import CHANGED, TOUCHED, Term, field_words
from pledge_tui.dataset.model import Commitment, Dataset, Event, Member, Source, source_sort_key
from pledge_tui.dataset.replay import (
    commitment_document,
    event_document,
    member_document,
    meta_document,
    source_document,
)
from pledge_tui.dataset.vocab import NOT_DISCLOSED, TYPES
from pledge_tui.errors import UsageError
from pledge_tui.sanitize import clean_line, clean_text
from pledge_tui.views.fields import FieldChange, field_changes, kinds_of
from pledge_tui.views.filters import SORT_KEYS, Filter, compile_filter
from pledge_tui.views.present import SourceLine, label, source_line, status_text

Kind = Literal["added", "removed", "changed"]

REPORTED_FIELDS = ("status", "conditions", "lead", "summary")
"""The fields of a commitment `CellState` names in words ("conditional, lead nation; conditions: ...")."""

MARKED_KINDS = frozenset({"status", "conditions", "lead"})
"""The kinds of change the browser marks with `Δ` (README "What changed"); any other change gets `~`."""


@dataclass(frozen=True, slots=True)
class CellState:
    """What a diff shows of one commitment record: every field, slugs with their labels."""

    status: str
    status_label: str
    conditions: tuple[str, ...]
    condition_labels: tuple[str, ...]
    lead: bool
    summary: str
    """Cleaned of control and invisible characters (line breaks kept); formatters escape it."""
    quantity: str | None = None
    stated_on: str = ""
    sources: tuple[str, ...] = ()


def state_words(state: CellState | None, *, summary: bool = False) -> str:
    """A cell in words, as every format writes it: "conditional, lead nation; conditions: parliament, US
    backing", or "not disclosed"; with `summary`, the summary follows after a dash."""
    if state is None:
        return label("statuses", NOT_DISCLOSED)
    words = status_text(state.status, state.lead)
    if state.condition_labels:
        words += f"; {field_words('conditions')}: {', '.join(state.condition_labels)}"
    return f"{words} — {state.summary}" if summary else words


def cell_state(record: Commitment | None) -> CellState | None:
    """The fields of a record as a diff shows them, or None when there is no record (not disclosed)."""
    if record is None:
        return None
    return CellState(record.status, label("statuses", record.status), record.conditions,
                     tuple(label("conditions", c) for c in record.conditions), record.lead,
                     clean_text(record.summary), record.quantity, record.stated_on, record.sources)


@dataclass(frozen=True, slots=True)
class CellChange:
    """One member x type whose record was added, removed, or changed in any field."""

    member_id: str
    member_name: str
    """Cleaned, one line: the name in the newer dataset (the older one for a removed member)."""
    type: str
    type_label: str
    old: CellState | None
    """None: no record then (the cell was not disclosed)."""
    new: CellState | None
    """None: no record now."""
    changes: tuple[FieldChange, ...] = ()
    """Every field that differs, in reading order (for a record added or removed: every field it holds)."""

    @property
    def kind(self) -> Kind:
        """"added" (a new record), "removed" (the record is gone), or "changed"."""
        return "added" if self.old is None else "removed" if self.new is None else "changed"

    @property
    def fields(self) -> tuple[str, ...]:
        """The names of the fields that changed, in reading order; empty for a record added or removed."""
        return tuple(c.field for c in self.changes) if self.kind == "changed" else ()

    @property
    def kinds(self) -> tuple[str, ...]:
        """What moved (`catalogue.KINDS` slugs, in that order): `status` for a record added or removed (the
        cell went from or to not disclosed), else the kinds of the fields that changed."""
        return ("status",) if self.kind != "changed" else kinds_of(self.changes)

    @property
    def key(self) -> str:
        """The record's natural key, `MEMBER/TYPE`."""
        return f"{self.member_id}/{self.type}"

    @property
    def old_status(self) -> str:
        """The status slug then (`not-disclosed` when there was no record)."""
        return self.old.status if self.old else NOT_DISCLOSED

    @property
    def new_status(self) -> str:
        """The status slug now (`not-disclosed` when there is no record)."""
        return self.new.status if self.new else NOT_DISCLOSED


def cell_mark(change: CellChange) -> Term:
    """The browser's mark of a changed cell (README "What changed"): `Δ` (`catalogue.CHANGED`) when its status,
    conditions or lead moved, or the record was added or removed; `~` (`catalogue.TOUCHED`) for any other
    change (wording, sources, dates). The one rule of every mark on a changed cell."""
    return CHANGED if MARKED_KINDS.intersection(change.kinds) else TOUCHED


@dataclass(frozen=True, slots=True)
class MemberChange:
    """A member added, removed, or changed in its own fields (its cells are `CellChange`s)."""

    kind: Kind
    id: str
    name: str
    """Cleaned, one line."""
    role: str
    role_label: str
    changes: tuple[FieldChange, ...] = ()
    """The fields that differ (empty for a member added or removed)."""

    @property
    def kinds(self) -> tuple[str, ...]:
        """What moved (`catalogue.KINDS` slugs)."""
        return kinds_of(self.changes)


@dataclass(frozen=True, slots=True)
class SourceChange:
    """A source added, removed or changed."""

    kind: Kind
    source: SourceLine
    """The source as it is now (as it was, for a source removed)."""
    changes: tuple[FieldChange, ...] = ()
    """The fields that differ (empty for a source added or removed)."""

    @property
    def kinds(self) -> tuple[str, ...]:
        """What moved (`catalogue.KINDS` slugs)."""
        return kinds_of(self.changes)


@dataclass(frozen=True, slots=True)
class EventChange:
    """A timeline event added, removed or changed."""

    kind: Kind
    id: str
    date: str
    title: str
    """Cleaned, one line."""
    sources: tuple[str, ...]
    changes: tuple[FieldChange, ...] = ()
    """The fields that differ (empty for an event added or removed)."""

    @property
    def kinds(self) -> tuple[str, ...]:
        """What moved (`catalogue.KINDS` slugs)."""
        return kinds_of(self.changes)


@dataclass(frozen=True, slots=True)
class DatasetDiff:
    """Every difference, each list in reading order.

    Cells by member (name, then id) and type display order; members by name; sources by id
    (S2 before S10); events by date, then id; the dataset information's fields in catalogue order.
    """

    cells: tuple[CellChange, ...]
    members: tuple[MemberChange, ...]
    sources: tuple[SourceChange, ...]
    events: tuple[EventChange, ...]
    meta: tuple[FieldChange, ...] = ()
    """The dataset information's fields that differ (as-of date, title, summary, the reported figure)."""

    @property
    def is_empty(self) -> bool:
        """True when the two datasets hold the same records in every field."""
        return not (self.cells or self.members or self.sources or self.events or self.meta)

    @property
    def changed_cells(self) -> frozenset[tuple[str, str]]:
        """(member id, type) of every changed cell."""
        return frozenset((c.member_id, c.type) for c in self.cells)

    def counts(self) -> tuple[tuple[str, int], ...]:
        """(table, how many of its records changed), in reading order: the summary line of every format."""
        return (("commitments", len(self.cells)), ("members", len(self.members)), ("sources", len(self.sources)),
                ("events", len(self.events)), ("meta", 1 if self.meta else 0))


def member_change(kind: Kind, member: Member, changes: tuple[FieldChange, ...] = ()) -> MemberChange:
    """A member as a diff lists it."""
    return MemberChange(kind, member.id, clean_line(member.name), member.role, label("roles", member.role), changes)


def event_change(kind: Kind, event: Event, changes: tuple[FieldChange, ...] = ()) -> EventChange:
    """An event as a diff lists it."""
    return EventChange(kind, event.id, event.date, clean_line(event.title), event.sources, changes)


def cell_changes(old: Member | None, new: Member | None, types: Iterable[str] = TYPES) -> list[CellChange]:
    """The differences between two versions of a member's records (None: the member is absent), every
    field compared."""
    named = new or old
    assert named is not None
    name = clean_line(named.name)
    out: list[CellChange] = []
    for type_slug in types:
        before = old.commitments.get(type_slug) if old else None
        after = new.commitments.get(type_slug) if new else None
        if before == after:
            continue
        changes = field_changes(None if before is None else commitment_document(before),
                                None if after is None else commitment_document(after))
        out.append(CellChange(named.id, name, type_slug, label("types", type_slug), cell_state(before),
                              cell_state(after), changes))
    return out


def member_shown(f: Filter, universe: Sequence[Member]) -> Callable[[Member | None, Member | None], bool]:
    """Whether a member's changes are shown under `f`: when the member matches the filter in either
    dataset (so `--status pledged` shows the members that stopped pledging as well as those that
    started). An empty filter shows everyone. `universe` is every member of both datasets (a search
    names members among them, `views.search`)."""
    if f.is_empty:
        return lambda old, new: True
    matches = compile_filter(f, universe)
    return lambda old, new: (new is not None and matches(new)) or (old is not None and matches(old))


def diff_datasets(old: Dataset, new: Dataset, f: Filter | None = None, sort: str = "name") -> DatasetDiff:
    """The differences from `old` to `new`, restricted by `f` (see `member_shown`).

    A filter picks members: their cells and their own changes are shown; with types given, only cells
    of those types. Sources, events and the dataset information belong to no member: with a non-empty
    filter a source is shown only when a shown cell or member cites it (either version), an event only
    when it cites such a source, and the dataset information not at all. Cells and members follow the
    members' order under `sort` (as `list` orders them; the newer version of a member decides), then
    the type display order.
    """
    if sort not in SORT_KEYS:
        raise UsageError(f"unknown sort {sort!r} (expected one of: {', '.join(SORT_KEYS)})")
    sort_key = SORT_KEYS[sort]
    f = f or Filter()
    shown = member_shown(f, (*old.members, *new.members))
    types = f.types or TYPES
    cells: list[CellChange] = []
    members: list[tuple[tuple[object, ...], MemberChange]] = []
    for before, after in _paired_members(old, new):
        if before is not None and after is not None and before == after and before.commitments == after.commitments:
            continue  # the common case at scale: nothing to compare field by field
        if not shown(before, after):
            continue
        cells.extend(cell_changes(before, after, types))
        named = after or before
        assert named is not None
        if before is None or after is None:
            members.append((sort_key(named), member_change("added" if before is None else "removed", named)))
        elif before != after:
            changes = field_changes(member_document(before), member_document(after))
            members.append((sort_key(named), member_change("changed", after, changes)))
    sources = _source_changes(old, new)
    events = _event_changes(old, new)
    meta = _meta_changes(old, new)
    if not f.is_empty:
        cited = _cited(old, new, cells, (m for _, m in members))
        sources = [s for s in sources if s.source.id in cited]
        events = [e for e in events if cited.intersection(e.sources)]
        meta = ()
    shown_ids = {c.member_id for c in cells}
    order = {m.id: sort_key(m) for m in (*old.members, *new.members) if m.id in shown_ids}
    cells.sort(key=lambda c: (order[c.member_id], TYPES.index(c.type)))
    members.sort(key=lambda pair: pair[0])
    return DatasetDiff(tuple(cells), tuple(m for _, m in members), tuple(sources), tuple(events), meta)


def _paired_members(old: Dataset, new: Dataset) -> list[tuple[Member | None, Member | None]]:
    """Every member of either dataset as its two versions, old and new (None where absent)."""
    pairs: list[tuple[Member | None, Member | None]] = [(old.member(m.id), m) for m in new.members]
    pairs += [(m, None) for m in old.members if new.member(m.id) is None]
    return pairs


def _source_changes(old: Dataset, new: Dataset) -> list[SourceChange]:
    out = [SourceChange("added", source_line(new.sources[i])) for i in new.sources.keys() - old.sources.keys()]
    out += [SourceChange("removed", source_line(old.sources[i])) for i in old.sources.keys() - new.sources.keys()]
    for source_id, after in new.sources.items():
        before: Source | None = old.sources.get(source_id)
        if before is not None and before != after:
            out.append(SourceChange("changed", source_line(after),
                                    field_changes(source_document(before), source_document(after))))
    return sorted(out, key=lambda c: source_sort_key(c.source.id))


def _event_changes(old: Dataset, new: Dataset) -> list[EventChange]:
    old_by_id = {e.id: e for e in old.events}
    new_ids = {e.id for e in new.events}
    changes = []
    for event in new.events:
        before = old_by_id.get(event.id)
        if before is None:
            changes.append(event_change("added", event))
        elif before != event:
            changes.append(event_change("changed", event, field_changes(event_document(before),
                                                                        event_document(event))))
    changes += [event_change("removed", e) for e in old.events if e.id not in new_ids]
    return sorted(changes, key=lambda c: (c.date, source_sort_key(c.id)))


def _meta_changes(old: Dataset, new: Dataset) -> tuple[FieldChange, ...]:
    """The dataset information's fields that differ; the schema version is the file's format, not data."""
    if old.meta == new.meta:
        return ()
    before: dict[str, Any] = {**meta_document(old.meta), "schema_version": None}
    after: dict[str, Any] = {**meta_document(new.meta), "schema_version": None}
    return field_changes(before, after)


def _cited(old: Dataset, new: Dataset, cells: Iterable[CellChange], members: Iterable[MemberChange]) -> set[str]:
    """The source ids that the shown cells' records and the shown members cite, in either dataset."""
    cited: set[str] = set()
    keys = [("commitments", c.key) for c in cells] + [("members", m.id) for m in members]
    for table, key in keys:
        for dataset in (old, new):
            record = dataset.record(table, key)
            if isinstance(record, Commitment | Member):
                cited.update(record.sources)
    return cited
