"""The timeline and the changed-since marks (README "What changed"), built headless for the browser and the snapshot.

- `timeline_rows(dataset)`: the events and the history entries in one list, newest first, each with
  its date, what it was, who made it (history), its sources and the members it is about.
- `event_members(dataset, event)`: the members an event is about, by the one rule of
  `views.changes.about_members` (the brief snapshot's timeline), turned round: one event, every member.
- `since_marks(dataset, text)`: the cells changed since a date, for the matrix's marks and the header's
  count: what `changes --since` reports, through the same replay and diff, each cell `Δ` or `~`.
- `widened_filter(...)`: the smallest loosening of a filter that shows a member the timeline jumps to.

Headless: no Textual, no Rich. Every piece of data text is cleaned here (`sanitize`), so a shell only
lays it out.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Any, Literal, overload

from pledge_tui import collector
from pledge_tui.dataset.catalogue import CHANGED, TOUCHED
from pledge_tui.dataset.entry import HistoryEntry
from pledge_tui.dataset.model import Dataset, Doc, Event, Member
from pledge_tui.dataset.replay import dataset_at, history_starts
from pledge_tui.sanitize import clean_line, clean_text, fold
from pledge_tui.views.caches import PerDataset
from pledge_tui.views.changes import HistoryLine, about_members, history_line
from pledge_tui.views.clocks import since_moment
from pledge_tui.views.describe import (
    change_words,
    coverage_note,
    entry_ref,
    entry_words,
    headline,
    notable_changes,
    time_words,
    undo_words,
)
from pledge_tui.views.diff import cell_mark, diff_datasets
from pledge_tui.views.entries import EntryId, entry_id, is_listed, undone_by
from pledge_tui.views.filters import Filter, compile_filter
from pledge_tui.views.present import filter_parts
from pledge_tui.views.search import ALIASES

CHANGED_MARK = CHANGED.glyph
"""The matrix's mark on a cell whose status, conditions or lead changed since the marks' date: a character,
so it reads without colour."""
TOUCHED_MARK = TOUCHED.glyph
"""The matrix's mark on a cell otherwise changed (wording, sources, dates) since the marks' date."""

RowKind = Literal["event", "change"]


# --- "an event is about a member" -------------------------------------------------------------------

_WORDS = re.compile(r"\w+")


def _name_key(text: str) -> str:
    """A name as compared in running text: folded, its words joined by single spaces ("U.K." is "u k")."""
    return " ".join(_WORDS.findall(fold(text)))


class _Index:
    """What the rule looks members up by, built once per dataset.

    Which members cite a source is worked out only for the sources events cite (and those history
    entries name): a pass over the members' citations, not a map of every source (at 10,000 members,
    some 29,000 of them, which cost four times as long).
    """

    def __init__(self, dataset: Dataset) -> None:
        self.members = dataset.members
        names: dict[str, set[str]] = {}
        for member in dataset.members:
            for name in (member.name, *ALIASES.get(member.id, ())):
                if key := _name_key(name):
                    names.setdefault(key, set()).add(member.id)
        self.names = {k: frozenset(v) for k, v in names.items()}
        """Folded whole name or other name (`views.search.ALIASES`) -> the ids of the members it names."""
        self.longest = max((k.count(" ") + 1 for k in names), default=1)
        """Words in the longest of those names."""
        self.ids = frozenset(m.id for m in dataset.members)
        self._cited_by: dict[str, frozenset[str]] = {}
        wanted = {s for e in dataset.events for s in e.sources}
        for entry in dataset.history:
            if entry.table == "sources":
                wanted.add(entry.key)
            elif entry.table == "events":
                wanted.update(s for doc in (entry.before, entry.after) if doc for s in doc.get("sources") or ())
        self._find_citing(wanted)

    def _find_citing(self, wanted: set[str]) -> None:
        found: dict[str, list[str]] = {s: [] for s in wanted}
        for member in self.members:  # plain loops: this is the index's hot path (22,000 records at 10,000)
            member_id = member.id
            for source_id in member.sources:
                if source_id in found:
                    found[source_id].append(member_id)
            for record in member.commitments.values():
                for source_id in record.sources:
                    if source_id in found:
                        found[source_id].append(member_id)
        self._cited_by.update((k, frozenset(v)) for k, v in found.items())

    def cited_by(self, source_id: str) -> frozenset[str]:
        """The members whose own records (the member's or its commitments') cite the source."""
        if source_id not in self._cited_by:
            self._find_citing({source_id})
        return self._cited_by[source_id]


def _built_index(dataset: Dataset) -> _Index:
    """The index of `dataset`, built with the garbage collector paused, as `store.load` builds the dataset:
    it allocates tens of thousands of small containers and no garbage, and a full collection over a large
    dataset's objects in the middle of it tripled its time at 10,000 members."""
    with collector.paused():
        return _Index(dataset)


_index_of: PerDataset[_Index] = PerDataset(_built_index)
"""The index of each dataset asked about, built once and dropped with the dataset."""


def event_members(dataset: Dataset, event: Event) -> frozenset[str]:
    """The ids of the members an event is about: those for which `views.changes.about_members([member])`
    holds, the rule the brief snapshot keeps its timeline by, found through an index of every member
    (one event, all the members) instead of a predicate per member. A test holds the two together.

    The rule: an event is about a member when its title or summary names the member (its whole name or
    one of its other names, `views.search.ALIASES`, as whole words, ignoring case and accents; or its id
    as a word written in capitals: `us` in prose is not the United States), or when it cites a source
    that the member's own record or one of its commitments cites. Single words of a name ("United",
    "Republic") do not count.
    """
    index = _index_of(dataset)
    text = f"{event.title}\n{event.summary}"
    about = {token for token in _WORDS.findall(text) if token in index.ids}
    for source_id in event.sources:
        about |= index.cited_by(source_id)
    words = _WORDS.findall(fold(text))
    for start in range(len(words)):
        for length in range(1, min(index.longest, len(words) - start) + 1):
            named = index.names.get(" ".join(words[start:start + length]))
            if named:
                about |= named
    return frozenset(about)


# --- timeline rows --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TimelineRow:
    """One line of the timeline: an event or a history entry."""

    kind: RowKind
    ref: str
    """`E18` for an event, the entry's id (`h3f9a2c10b`, `describe.entry_ref`) for a history entry."""
    when: str
    """As shown: the event's date (`2025-09-04`, `2026-01`), or the entry's time `2026-03-10 09:00 UTC`
    (`describe.time_words`)."""
    said: str
    """The said clock: an event's date; for a change, when what the record now says was said (a commitment's
    stated-on date, an event's or a source's date); empty when the record carries none."""
    recorded: str
    """The recorded clock: a change's time as shown (`2026-03-10 09:00 UTC`); empty for an event."""
    moment: str
    """The UTC moment it is ordered by (`YYYY-MM-DDTHH:MM:SSZ`; an event's date at 00:00, a month's first day)."""
    what: str
    """One cleaned line: the event's title, or the record changed and how ("Poland (PL), Ground: ruled
    out → conditional; summary changed")."""
    who: str
    """Who made the change (history); empty for an event."""
    action: str
    """`event`, or the history entry's action (`set`, `add-event`, `undo`, ...)."""
    sources: tuple[str, ...]
    about: frozenset[str]
    """The members the row is about: a commitment's or member's change, its member; an event (or a
    change to one), `event_members`; a change to a source, the members citing it; else none."""
    member_id: str | None
    """The member a commitment or member change is about (`enter` goes there)."""
    type: str | None
    """The contribution type of a commitment change (`enter` puts the cursor on it)."""
    details: tuple[str, ...]
    """Further lines for the detail area, cleaned (line breaks kept): an event's summary; a change's
    fields one by one, its note, what it undoes or was undone by."""


def _moment(day: str) -> str:
    """An event's date as a UTC moment: `2026-01` is the 1st, `2025` the 1st of January, at 00:00."""
    parts = [*day.split("-"), "01", "01"][:3]
    return f"{'-'.join(parts)}T00:00:00Z"


def event_row(dataset: Dataset, event: Event) -> TimelineRow:
    """An event as a timeline row."""
    return TimelineRow("event", event.id, event.date, clean_line(event.date), "", _moment(event.date),
                       clean_line(event.title), "", "event",
                       event.sources, event_members(dataset, event), None, None, (clean_text(event.summary),))


def _event_of(entry: HistoryEntry) -> Event | None:
    """The event a change to an event is about, as it became (or was, when removed); else None."""
    doc: Doc | None = entry.after or entry.before
    if entry.table != "events" or doc is None:
        return None
    return Event(entry.key, str(doc.get("date", "")), str(doc.get("title", "")), str(doc.get("summary", "")),
                 tuple(str(s) for s in doc.get("sources") or ()))


def _history_about(dataset: Dataset, entry: HistoryEntry) -> frozenset[str]:
    """A change's members: a cell's or member's own; a source's citing members; an event's (`event_members`)."""
    if entry.member_id is not None:
        return frozenset({entry.member_id})
    if entry.table == "sources":
        return _index_of(dataset).cited_by(entry.key)
    event = _event_of(entry)
    return event_members(dataset, event) if event is not None else frozenset()


WHAT_WIDTH = 50
"""About how many characters a field change takes in a row's one-line "what" (values are cut to fit)."""


def change_row(dataset: Dataset, line: HistoryLine, entry: HistoryEntry) -> TimelineRow:
    """A history entry (as `views.changes.history_line` reads it) as a timeline row."""
    if line.created or line.removed:  # a whole record: what it was, not each of its fields
        title = (line.after or line.before or {}).get("title")
        parts = [p for p in (headline(line), title if isinstance(title, str) else None) if p]
    else:
        parts = entry_words(line, WHAT_WIDTH)
    what = f"{line.subject}: {'; '.join(parts)}" if parts else f"{line.subject}: {line.action}"
    if line.action == "upgrade":
        what = headline(line) or line.action
    if line.undoes is not None:
        what = f"undo of {entry_ref(line.undoes)}, {what}"
    details = [w for c in notable_changes(line) for w in change_words(c)] if line.action != "upgrade" else []
    if line.note.strip():
        details.append(f"note: {line.note}")
    details += [w for w in undo_words(line) if not w.startswith("undoes")]  # the "what" says what it undoes
    return TimelineRow("change", entry_ref(line.id), time_words(line.at), clean_line(line.said or ""),
                       time_words(line.at), line.at, clean_line(what),
                       line.by, line.action, line.sources, _history_about(dataset, entry), line.member_id, line.type,
                       tuple(details))


Slot = tuple[RowKind, int]
"""Where a row comes from: ("event", its position in `dataset.events`) or ("change", in `dataset.history`)."""


class Timeline(Sequence[TimelineRow]):
    """Every event and history entry, newest first: an immutable sequence whose rows are built when read.

    Ordering needs only the moments; a row's words (the history line, the field changes) are built the
    first time it is read and kept, so the browser's line-API list, which reads the rows on screen,
    opens a timeline of thousands of entries in the time of a screenful. `about` answers `f` without
    building the words. A timeline narrowed by `about_members` shares its rows with the whole one.

    Ordered by moment (an event at 00:00 UTC of its date); at the same moment a history entry comes
    before an event, later entries and events before earlier ones, so the order is total and stable.
    """

    def __init__(self, dataset: Dataset, slots: Sequence[Slot] | None = None,
                 built: dict[Slot, TimelineRow] | None = None) -> None:
        self.dataset = dataset
        if slots is None:
            event: RowKind = "event"
            change: RowKind = "change"
            keyed = [((_moment(e.date), 0, i), (event, i)) for i, e in enumerate(dataset.events)]
            keyed += [((e.at, 1, i), (change, i)) for i, e in enumerate(dataset.history) if is_listed(e)]
            keyed.sort(reverse=True)
            slots = [slot for _key, slot in keyed]
        self._slots: tuple[Slot, ...] = tuple(slots)
        self._built = built if built is not None else {}
        self._undone: Mapping[EntryId, EntryId] | None = None

    def __len__(self) -> int:
        return len(self._slots)

    @overload
    def __getitem__(self, position: int) -> TimelineRow: ...

    @overload
    def __getitem__(self, position: slice) -> Sequence[TimelineRow]: ...

    def __getitem__(self, position: int | slice) -> TimelineRow | Sequence[TimelineRow]:
        if isinstance(position, slice):
            return [self._row(slot) for slot in self._slots[position]]
        return self._row(self._slots[position])

    def _row(self, slot: Slot) -> TimelineRow:
        row = self._built.get(slot)
        if row is None:
            kind, index = slot
            if kind == "event":
                row = event_row(self.dataset, self.dataset.events[index])
            else:
                if self._undone is None:
                    self._undone = undone_by(self.dataset.history)
                entry = self.dataset.history[index]
                row = change_row(self.dataset, history_line(self.dataset, entry, self._undone.get(entry_id(entry))),
                                 entry)
            self._built[slot] = row
        return row

    def ref(self, position: int) -> str:
        """The row's reference (`E18`, `h3f9a2c10b`) without building it."""
        kind, index = self._slots[position]
        return self.dataset.events[index].id if kind == "event" else entry_ref(entry_id(self.dataset.history[index]))

    def position(self, ref: str) -> int | None:
        """Where the row of that reference is, or None."""
        return next((i for i in range(len(self._slots)) if self.ref(i) == ref), None)

    def about(self, position: int) -> frozenset[str]:
        """The members the row is about (`TimelineRow.about`) without building its words."""
        kind, index = self._slots[position]
        if kind == "event":
            return event_members(self.dataset, self.dataset.events[index])
        return _history_about(self.dataset, self.dataset.history[index])

    def about_members(self, members: Sequence[Member]) -> Timeline:
        """The rows about at least one of `members` (the timeline's `f`: "only the members shown").

        An event, or a change to one, is kept by `views.changes.about_members`, the rule the brief
        snapshot keeps its timeline by; a change to a cell or a member by its member; a change to a
        source when one of the members cites it.
        """
        ids = frozenset(m.id for m in members)
        is_about = about_members(members)
        kept = []
        for slot in self._slots:
            kind, index = slot
            if kind == "event":
                keep = is_about(self.dataset.events[index])
            else:
                entry = self.dataset.history[index]
                event = _event_of(entry)
                keep = is_about(event) if event is not None else not _history_about(self.dataset, entry).isdisjoint(ids)
            if keep:
                kept.append(slot)
        return Timeline(self.dataset, kept, self._built)

    def in_words(self) -> str:
        """"128 rows: 37 events, 91 changes"."""
        events = sum(1 for kind, _index in self._slots if kind == "event")
        changes = len(self) - events
        return (f"{len(self)} row{'s' * (len(self) != 1)}: {events} event{'s' * (events != 1)}, "
                f"{changes} change{'s' * (changes != 1)}")


def timeline_rows(dataset: Dataset) -> Timeline:
    """Every event and history entry, newest first (see `Timeline`; `tuple(...)` builds every row)."""
    return Timeline(dataset)


def rows_about(rows: Timeline, members: Sequence[Member]) -> Timeline:
    """The rows about at least one of `members` (the timeline's `f`)."""
    return rows.about_members(members)


# --- enter: the member a row leads to ---------------------------------------------------------------


def jump_candidates(row: TimelineRow, dataset: Dataset, shown: Sequence[Member]) -> list[str]:
    """The members `enter` may go to, best first: a change's own member; else those the row is about,
    the ones shown first (in the order shown), then the others by name. Only members in the data."""
    if row.member_id is not None:
        return [row.member_id] if dataset.member(row.member_id) is not None else []
    on_screen = [m.id for m in shown if m.id in row.about]
    hidden = [m for m in dataset.members if m.id in row.about and m.id not in set(on_screen)]
    return on_screen + [m.id for m in sorted(hidden, key=lambda m: m.name_key)]


_PARTS: dict[str, Any] = {"search": "", "conditions": (), "statuses": (), "types": (), "roles": (), "stale": None}
"""The parts of a filter `widened_filter` may drop, in the order it tries them, each with its "unset" value."""


def widened_filter(f: Filter, member: Member, universe: Sequence[Member]) -> tuple[Filter, list[str]]:
    """The filter, loosened as little as possible so that it shows `member`, and the parts dropped (in words).

    Whole parts are dropped (the search, the conditions, the statuses, the types, the roles), fewest
    first, trying them in that order: the analyst's filter is kept as far as it can be, and what went
    is said. A filter that already shows the member is returned as it is, with nothing dropped.
    """
    present = [p for p, unset in _PARTS.items() if getattr(f, p) != unset]
    for size in range(len(present) + 1):
        for dropped in combinations(present, size):
            loosened = f._replace(**{p: _PARTS[p] for p in dropped})
            if compile_filter(loosened, universe)(member):
                return loosened, filter_parts(Filter()._replace(**{p: getattr(f, p) for p in dropped}))
    return Filter(), filter_parts(f)


# --- changed-since marks ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SinceMarks:
    """The cells changed since a date, as the matrix marks them: `Δ` or `~` (`views.diff.cell_mark`)."""

    since: str
    """The date as given, cleaned (`2026-03-01`)."""
    moment: str
    """The UTC moment it means (`views.clocks.since_moment`)."""
    cells: frozenset[tuple[str, str]]
    """(member id, type) of every cell that differs between then and now."""
    by_member: Mapping[str, Mapping[str, str]]
    """The same cells by member id, then type, each with its mark's glyph: the matrix asks once per row."""
    history_starts: str | None
    """When the file's history begins; None when it has none."""

    def changed(self, member_id: str, type_slug: str) -> bool:
        """True when that cell is marked."""
        return type_slug in self.by_member.get(member_id, ())

    def mark(self, member_id: str, type_slug: str) -> str | None:
        """The cell's mark (`Δ` or `~`), or None when it is not marked."""
        return self.by_member.get(member_id, {}).get(type_slug)

    def count_in(self, members: Sequence[Member]) -> int:
        """How many marked cells belong to `members` (the members shown)."""
        if len(self.by_member) < len(members):
            ids = {m.id for m in members}
            return sum(len(types) for member_id, types in self.by_member.items() if member_id in ids)
        return sum(len(self.by_member.get(m.id, ())) for m in members)

    @property
    def words(self) -> str:
        """"changed since 2026-03-01"."""
        return f"{CHANGED.label} {self.since}"

    def mark_words(self, member_id: str, type_slug: str) -> str:
        """What a marked cell's mark says: "Δ changed since 2026-03-01" or "~ otherwise changed since
        2026-03-01" (the cell line, the detail pane)."""
        glyph = self.mark(member_id, type_slug)
        term = TOUCHED if glyph == TOUCHED.glyph else CHANGED
        return f"{term.glyph} {term.label} {self.since}"

    @property
    def coverage_note(self) -> str | None:
        """A warning when the history does not reach back to the date, else None (`describe.coverage_note`)."""
        return coverage_note(self.history_starts, self.moment)


def since_marks(dataset: Dataset, text: str) -> SinceMarks:
    """The marks for a `--since` value (`YYYY-MM-DD`, `YYYY-MM`, `YYYY-MM-DDTHH:MM:SSZ`): the cells that
    `changes --since` reports, through the same replay and its checks (`dataset.replay.dataset_at`) and the
    same diff (`views.diff.diff_datasets`), each with its mark (`views.diff.cell_mark`).

    Raises `UsageError` for a bad date (the same message as `changes --since`), `ReplayError` when the
    history does not lead back to a valid dataset at that date (then `changes --since` refuses too).
    """
    moment = since_moment(text)
    difference = diff_datasets(dataset_at(dataset, moment), dataset)
    by_member: dict[str, dict[str, str]] = {}
    for change in difference.cells:
        by_member.setdefault(change.member_id, {})[change.type] = cell_mark(change).glyph
    return SinceMarks(clean_line(text.strip()), moment, difference.changed_cells, by_member, history_starts(dataset))


def marked_in_words(marks: SinceMarks, shown: Sequence[Member]) -> str:
    """The header's count: "3 cells changed since 2026-03-01", with "(12 in all)" when the filter hides some."""
    count = marks.count_in(shown)
    words = f"{count} cell{'s' * (count != 1)} {marks.words}"
    return words if count == len(marks.cells) else f"{words} ({len(marks.cells)} in all)"
