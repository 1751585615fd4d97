"""The timeline and the changed-since marks (spec section 11), built headless for the browser and the snapshot.

- `timeline_rows(dataset)`: the events and the history entries in one list, newest first, each with
  its date, what it was, who made it (history), its sources and the members it is about.
- `event_members(dataset, event)`: THE rule for "an event is about a member" (the timeline's `f` and
  the snapshot's `--brief` timeline both use it, through `events_about`).
- `since_marks(dataset, text)`: the cells changed since a date, for the matrix's marks and the header's
  count (`views.changes.cells_changed_since`: read off the history, no second load).
- `widened_filter(...)`: the smallest loosening of a filter that shows a member the timeline jumps to.

Headless: no Textual, no Rich. Every piece of data text is cleaned here (`sanitize`), so a shell only
lays it out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from itertools import combinations
from typing import Any, Literal

from pledge_tui.dataset.model import Dataset, Doc, Event, HistoryEntry, Member
from pledge_tui.sanitize import clean_line, clean_text, fold
from pledge_tui.views.changes import (
    ARROW,
    FieldChange,
    HistoryLine,
    cells_changed_since,
    change_parts,
    headline,
    history_line,
    notable_changes,
    since_moment,
)
from pledge_tui.views.filters import Filter, compile_filter
from pledge_tui.views.present import filter_parts
from pledge_tui.views.search import ALIASES

CHANGED_MARK = "Δ"
"""The matrix's mark on a cell changed since the marks' date: a character, so it reads without colour."""

RowKind = Literal["event", "change"]


# --- "an event is about a member" -------------------------------------------------------------------

_WORDS = re.compile(r"\w+")
_ID_TOKENS = re.compile(r"[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*")
"""Upper-case words (and hyphenated runs of them, `EU-NATO`) that may be a member's id."""


def _name_key(text: str) -> str:
    """A name as compared in running text: folded, its words joined by single spaces ("U.K." is "u k")."""
    return " ".join(_WORDS.findall(fold(text)))


@dataclass(frozen=True, slots=True)
class _Index:
    """What the rule looks members up by, built once per dataset."""

    names: Mapping[str, frozenset[str]]
    """Folded whole name or other name (`views.search.ALIASES`) -> the ids of the members it names."""
    longest: int
    """Words in the longest of those names."""
    ids: frozenset[str]
    cited_by: Mapping[str, frozenset[str]]
    """Source id -> the members whose own records (the member's or its commitments') cite it."""


_index: tuple[Dataset, _Index] | None = None


def _index_of(dataset: Dataset) -> _Index:
    """The index of `dataset`, kept for the last dataset asked about (the browser asks about one)."""
    global _index
    if _index is not None and _index[0] is dataset:
        return _index[1]
    names: dict[str, set[str]] = {}
    cited: dict[str, set[str]] = {}
    for member in dataset.members:
        for name in (member.name, *ALIASES.get(member.id, ())):
            if key := _name_key(name):
                names.setdefault(key, set()).add(member.id)
        for source_id in {*member.sources, *(s for c in member.commitments.values() for s in c.sources)}:
            cited.setdefault(source_id, set()).add(member.id)
    built = _Index({k: frozenset(v) for k, v in names.items()}, max((k.count(" ") + 1 for k in names), default=1),
                   frozenset(m.id for m in dataset.members), {k: frozenset(v) for k, v in cited.items()})
    _index = (dataset, built)
    return built


def event_members(dataset: Dataset, event: Event) -> frozenset[str]:
    """The ids of the members an event is about: THE rule, for the timeline and the snapshot alike.

    An event is about a member when
    1. it **names** the member in its title or summary: the member's whole name or one of its other
       names (`views.search.ALIASES`: UK, Britain, USA, Holland, ...) as whole words, ignoring case
       and accents; or its id written as an upper-case word (`EU`, `NATO`, `PL`; `us` in prose is not
       the United States); or
    2. it **cites a source that the member's own records cite** (the member record or one of its
       commitments): the event and the member's position rest on the same evidence (a summit's
       statement cited by the twelve members whose positions it records).

    Single words of a name ("United", "Republic") do not count: they would tie an event to every
    member whose name holds them.
    """
    index = _index_of(dataset)
    about: set[str] = set()
    for source_id in event.sources:
        about |= index.cited_by.get(source_id, frozenset())
    text = clean_text(f"{event.title}\n{event.summary}")
    for token in _ID_TOKENS.findall(text):
        about.update(part for part in (token, *token.split("-")) if part in index.ids)
    words = _WORDS.findall(fold(text))
    for start in range(len(words)):
        for length in range(1, min(index.longest, len(words) - start) + 1):
            named = index.names.get(" ".join(words[start:start + length]))
            if named:
                about |= named
    return frozenset(about)


def events_about(dataset: Dataset, members: Iterable[Member]) -> tuple[Event, ...]:
    """The dataset's events (in their order) about at least one of `members` (`event_members`): the
    timeline of the snapshot's `--brief` form, and the events the browser's `f` keeps."""
    wanted = {m.id for m in members}
    return tuple(e for e in dataset.events if not event_members(dataset, e).isdisjoint(wanted))


# --- timeline rows --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TimelineRow:
    """One line of the timeline: an event or a history entry."""

    kind: RowKind
    ref: str
    """`E18` for an event, `#12` for history entry 12."""
    when: str
    """As shown: the event's date (`2025-09-04`, `2026-01`), or the entry's UTC time `2026-03-10 09:00`."""
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
    return TimelineRow("event", event.id, event.date, _moment(event.date), clean_line(event.title), "", "event",
                       event.sources, event_members(dataset, event), None, None, (clean_text(event.summary),))


def _short(change: FieldChange) -> str:
    """A field change in a few words, for the one-line "what" (the detail area words it in full)."""
    if change.old is None or change.new is None:
        return f"{change.label} {'set' if change.old is None else 'removed'}"
    if change.added or change.removed:
        return " ".join([change.label, *(f"+{x}" for x in change.added), *(f"-{x}" for x in change.removed)])
    if change.is_text or len(change.old) + len(change.new) > 50:
        return f"{change.label} changed"
    return f"{change.label}: {change.old} {ARROW} {change.new}"


def _full(change: FieldChange) -> str:
    """A field change in full, for the detail area (a list kept on both sides: what came and went)."""
    if change.added or change.removed:
        return f"{change.label}: " + "; ".join([*(f"+ {x}" for x in change.added), *(f"- {x}" for x in change.removed)])
    return f"{change.label}: {change.old or '(none)'} {ARROW} {change.new or '(none)'}"


def _history_about(dataset: Dataset, entry: HistoryEntry) -> frozenset[str]:
    if entry.member_id is not None:
        return frozenset({entry.member_id})
    if entry.table == "sources":
        return _index_of(dataset).cited_by.get(entry.key, frozenset())
    doc: Doc | None = entry.after or entry.before
    if entry.table == "events" and doc is not None:
        event = Event(entry.key, str(doc.get("date", "")), str(doc.get("title", "")), str(doc.get("summary", "")),
                      tuple(str(s) for s in doc.get("sources") or ()))
        return event_members(dataset, event)
    return frozenset()


def change_row(dataset: Dataset, line: HistoryLine, entry: HistoryEntry) -> TimelineRow:
    """A history entry (as `views.changes.history_line` reads it) as a timeline row."""
    if line.created or line.removed:  # a whole record: what it was, not each field "set"
        title = (line.after or line.before or {}).get("title")
        parts = [p for p in (headline(line), title if isinstance(title, str) else None) if p]
    else:
        parts = change_parts(line, _short)
    what = f"{line.subject}: {'; '.join(parts)}" if parts else f"{line.subject}: {line.action}"
    if line.action == "upgrade":
        what = headline(line) or line.action
    if line.undoes is not None:
        what = f"undo of #{line.undoes}, {what}"
    details = [_full(c) for c in notable_changes(line)] if line.action != "upgrade" else []
    if line.note.strip():
        details.append(f"note: {line.note}")
    if line.undone_by is not None:
        details.append(f"undone by #{line.undone_by}")
    return TimelineRow("change", f"#{line.doc_id}", f"{line.at[:10]} {line.at[11:16]}", line.at, clean_line(what),
                       line.by, line.action, line.sources, _history_about(dataset, entry), line.member_id, line.type,
                       tuple(details))


def timeline_rows(dataset: Dataset) -> tuple[TimelineRow, ...]:
    """Every event and history entry, newest first.

    Ordered by moment (an event at 00:00 UTC of its date); at the same moment a history entry comes
    before an event, later entries and events before earlier ones, so the order is total and stable.
    """
    undone = {e.undoes: e.doc_id for e in dataset.history if e.undoes is not None}
    keyed: list[tuple[tuple[str, int, int], TimelineRow]] = []
    for position, event in enumerate(dataset.events):
        row = event_row(dataset, event)
        keyed.append(((row.moment, 0, position), row))
    for entry in dataset.history:
        row = change_row(dataset, history_line(dataset, entry, undone.get(entry.doc_id)), entry)
        keyed.append(((row.moment, 1, entry.doc_id), row))
    keyed.sort(key=lambda item: item[0], reverse=True)
    return tuple(row for _key, row in keyed)


def rows_about(rows: Sequence[TimelineRow], member_ids: frozenset[str]) -> tuple[TimelineRow, ...]:
    """The rows about at least one of `member_ids` (the timeline's `f`: "only the members shown")."""
    return tuple(row for row in rows if not row.about.isdisjoint(member_ids))


def rows_in_words(rows: Sequence[TimelineRow]) -> str:
    """"128 rows: 37 events, 91 changes"."""
    events = sum(1 for r in rows if r.kind == "event")
    changes = len(rows) - events
    return (f"{len(rows)} row{'s' * (len(rows) != 1)}: {events} event{'s' * (events != 1)}, "
            f"{changes} change{'s' * (changes != 1)}")


# --- enter: the member a row leads to ---------------------------------------------------------------


def jump_candidates(row: TimelineRow, dataset: Dataset, shown: Sequence[Member]) -> list[str]:
    """The members `enter` may go to, best first: a change's own member; else those the row is about,
    the ones shown first (in the order shown), then the others by name. Only members in the data."""
    if row.member_id is not None:
        return [row.member_id] if dataset.member(row.member_id) is not None else []
    on_screen = [m.id for m in shown if m.id in row.about]
    hidden = [m for m in dataset.members if m.id in row.about and m.id not in set(on_screen)]
    return on_screen + [m.id for m in sorted(hidden, key=lambda m: m.name_key)]


_PARTS: dict[str, Any] = {"search": "", "conditions": (), "statuses": (), "types": (), "roles": ()}
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
            loosened = replace(f, **{p: _PARTS[p] for p in dropped})
            if compile_filter(loosened, universe)(member):
                return loosened, filter_parts(replace(Filter(), **{p: getattr(f, p) for p in dropped}))
    return Filter(), filter_parts(f)


# --- changed-since marks ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SinceMarks:
    """The cells changed since a date, as the matrix marks them."""

    since: str
    """The date as given, cleaned (`2026-03-01`)."""
    moment: str
    """The UTC moment it means (`views.changes.since_moment`)."""
    cells: frozenset[tuple[str, str]]
    """(member id, type) of every cell that differs between then and now."""
    by_member: Mapping[str, frozenset[str]]
    """The same cells by member id: the matrix asks once per row."""
    history_starts: str | None
    """When the file's history begins; None when it has none."""

    def changed(self, member_id: str, type_slug: str) -> bool:
        """True when that cell is marked."""
        return type_slug in self.by_member.get(member_id, ())

    def count_in(self, members: Sequence[Member]) -> int:
        """How many marked cells belong to `members` (the members shown)."""
        if len(self.by_member) < len(members):
            ids = {m.id for m in members}
            return sum(len(types) for member_id, types in self.by_member.items() if member_id in ids)
        return sum(len(self.by_member.get(m.id, ())) for m in members)

    @property
    def words(self) -> str:
        """"changed since 2026-03-01"."""
        return f"changed since {self.since}"

    @property
    def coverage_note(self) -> str | None:
        """A warning when the history does not reach back to the date, else None."""
        if self.history_starts is None:
            return "This data file has no history yet, so no change since any date is known."
        if self.history_starts > self.moment:
            return f"History begins at {self.history_starts}: earlier changes are not known."
        return None


def since_marks(dataset: Dataset, text: str) -> SinceMarks:
    """The marks for a `--since` value (`YYYY-MM-DD`, `YYYY-MM`, `YYYY-MM-DDTHH:MM:SSZ`).

    Raises `UsageError` for a bad date (the same message as `changes --since`).
    """
    moment = since_moment(text)
    cells = cells_changed_since(dataset, text)
    by_member: dict[str, set[str]] = {}
    for member_id, type_slug in cells:
        by_member.setdefault(member_id, set()).add(type_slug)
    return SinceMarks(clean_line(text.strip()), moment, cells, {k: frozenset(v) for k, v in by_member.items()},
                      dataset.history[0].at if dataset.history else None)


def marked_in_words(marks: SinceMarks, shown: Sequence[Member]) -> str:
    """The header's count: "3 cells changed since 2026-03-01", with "(12 in all)" when the filter hides some."""
    count = marks.count_in(shown)
    words = f"{count} cell{'s' * (count != 1)} {marks.words}"
    return words if count == len(marks.cells) else f"{words} ({len(marks.cells)} in all)"
