"""What changed, read from the history (README "What changed"): history lines and "changes since DATE".

Two builders, pure and headless, for every shell and format to lay out:

- `history_lines(dataset, ...)`: the history entries as a reader sees them (newest first): when it was
  recorded and, for a record that carries one, when it was said; who, what record, which fields went from
  what to what, on which sources, with the note.
- `changes_since(dataset, since, f)`: the data as it was at DATE (rebuilt from its history,
  `dataset.replay.dataset_at`) against the data now, with `views.diff.diff_datasets`: every table and
  field, each change with the history entries in between, so `changes` and `diff` count exactly the same
  things as changes.

`changes_about` cuts a `ChangesSince` to the members a view shows (the snapshot's section), and
`events_about` / `about_members` say which timeline events are about the members shown (the brief
snapshot's timeline; the timeline screen's "only the members shown" uses the same rule). The said clock
(`changes --said-since`) is `views.said`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from pledge_tui.dataset.catalogue import label
from pledge_tui.dataset.entry import HistoryEntry
from pledge_tui.dataset.model import Dataset, Doc, Event, History, Member
from pledge_tui.dataset.vocab import NOT_DISCLOSED
from pledge_tui.sanitize import clean_line, clean_text, fold
from pledge_tui.views.clocks import said_of, since_moment
from pledge_tui.views.entries import EntryId, entry_id, is_change, is_listed, undone_by
from pledge_tui.views.fields import FieldChange, field_changes
from pledge_tui.views.filters import Filter, compile_filter, search_needle
from pledge_tui.views.search import ALIASES

if TYPE_CHECKING:  # (`history` and `blame` read entries only: the diff's views are imported by `changes_since`)
    from pledge_tui.views.diff import CellChange, DatasetDiff, EventChange, MemberChange, SourceChange
    from pledge_tui.views.present import SourceLine

# The replay and the diff (`dataset.replay` with the rules, `views.diff`: about 6 ms of imports) are imported by
# `changes_since`, their only user here: the browser's detail pane words a member's changes with `history_line`
# on its first screen, and needs neither.

# --- one entry -------------------------------------------------------------------------------------

class HistoryLine(NamedTuple):
    """One history entry as a reader sees it.

    A typed named tuple, not a frozen dataclass: as immutable, and made five times faster (a frozen
    dataclass sets its 19 fields one call at a time: 20 ms of `history` at 10,000 entries)."""

    id: EntryId
    """The entry's identity (`views.entries.entry_id`); `describe.entry_ref` writes it for a reader."""
    at: str
    """When it was recorded (the recorded clock), UTC."""
    by: str
    """Cleaned, one line."""
    action: str
    table: str
    key: str
    """Cleaned, one line."""
    subject: str
    """The record in words: "Poland (PL), Ground", "Poland (PL)", "source S152", "event E31",
    "dataset information"."""
    member_id: str | None
    type: str | None
    changes: tuple[FieldChange, ...]
    sources: tuple[str, ...]
    note: str
    """Cleaned (line breaks kept)."""
    undoes: EntryId | None
    undone_by: EntryId | None
    """The entry that reverted this one, if any."""
    status_before: str | None
    """For a commitment: the status slug before (`not-disclosed` when there was no record), else None."""
    status_after: str | None
    before: Doc | None
    """The whole stored record before, exactly as stored (not cleaned): for JSON output only."""
    after: Doc | None
    said: str | None = None
    """When what the record says was said (the said clock): a commitment's `stated_on`, an event's or a
    source's date, as the entry left the record (as it was, for a removal); None for other records."""

    @property
    def created(self) -> bool:
        """The entry made the record (there was none before)."""
        return self.before is None and self.after is not None

    @property
    def removed(self) -> bool:
        """The entry removed the record."""
        return self.before is not None and self.after is None


def _member_name(dataset: Dataset, member_id: str, entries: Sequence[HistoryEntry]) -> str:
    """The member's name now, else the last name its history gives, else its id."""
    member = dataset.member(member_id)
    if member is not None:
        return clean_line(member.name)
    for entry in reversed(entries):
        for doc in (entry.after, entry.before):
            if entry.table == "members" and entry.key == member_id and doc and isinstance(doc.get("name"), str):
                return clean_line(doc["name"])
    return member_id


def _subject(dataset: Dataset, entry: HistoryEntry) -> str:
    if entry.action == "upgrade":
        return "the data file"
    if entry.member_id is not None:
        who = f"{_member_name(dataset, entry.member_id, dataset.history)} ({clean_line(entry.member_id)})"
        return f"{who}, {label('types', entry.type_slug)}" if entry.type_slug else who
    if entry.table == "meta":
        return label("tables", "meta")
    return f"{label('tables', entry.table)} {clean_line(entry.key)}"


def _status(doc: Mapping[str, Any] | None) -> str:
    value = doc.get("status") if doc else None
    return value if isinstance(value, str) else NOT_DISCLOSED


def _shown_before(dataset: Dataset, entry: HistoryEntry,
                  known: Mapping[str, HistoryEntry] | None = None) -> Doc | None:
    """What a reader is told the record was: the entry's `before`, but for a join (`merge`, `resolve`: its
    `before` is null), the record as its first parent left it (found in `known`, when given: the entries
    of the same record, which hold every parent, read without the whole history)."""
    if entry.action in ("merge", "resolve") and entry.parents:
        if known is not None:
            found = known.get(entry.parents[0])
            return found.after if found is not None else None
        history = dataset.history
        parent = history.by_id(entry.parents[0]) if isinstance(history, History) else next(
            (e for e in history if e.id == entry.parents[0]), None)
        return parent.after if parent is not None else None
    return entry.before


class _Words:
    """What many lines of one history repeat, worked out once per distinct value (`history_lines`): the
    subject of a record, and the cleaned author and key. At 10,000 entries these took a fifth of `history`."""

    def __init__(self, dataset: Dataset) -> None:
        self._dataset = dataset
        self._subjects: dict[tuple[str, str, str], str] = {}
        self._lines: dict[str, str] = {}

    def subject(self, entry: HistoryEntry) -> str:
        key = (entry.table, entry.key, entry.action)
        found = self._subjects.get(key)
        if found is None:
            found = self._subjects[key] = _subject(self._dataset, entry)
        return found

    def line(self, text: str) -> str:
        found = self._lines.get(text)
        if found is None:
            found = self._lines[text] = clean_line(text)
        return found


def history_line(dataset: Dataset, entry: HistoryEntry, undone_by: EntryId | None = None,
                 known: Mapping[str, HistoryEntry] | None = None, words: _Words | None = None) -> HistoryLine:
    """One entry as a reader sees it (`known`: entries by id that hold the parents of a join, see
    `_shown_before`; `words`: what the lines of one history share, see `_Words`)."""
    is_cell = entry.table == "commitments"
    before = _shown_before(dataset, entry, known)
    words = words or _Words(dataset)
    return HistoryLine(
        entry_id(entry), entry.at, words.line(entry.by), entry.action, entry.table, words.line(entry.key),
        words.subject(entry), entry.member_id, entry.type_slug, field_changes(before, entry.after),
        entry.sources, clean_text(entry.note), entry.undoes, undone_by,
        _status(before) if is_cell else None, _status(entry.after) if is_cell else None,
        before, entry.after, said_of(entry.table, entry.after if entry.after is not None else entry.before),
    )


def _cell_matches(entry: HistoryEntry, f: Filter) -> bool:
    """The type, status and condition parts of a filter, on one entry: a commitment of one of the
    types, with one of the statuses or all of the conditions before or after the change."""
    if entry.table != "commitments" or (f.types and entry.type_slug not in f.types):
        return False
    docs = (entry.before, entry.after)
    if f.statuses and not any(_status(doc) in f.statuses for doc in docs):
        return False
    wanted = set(f.conditions)
    return not wanted or any(doc is not None and wanted <= set(doc.get("conditions") or ()) for doc in docs)


def _member_matcher(dataset: Dataset, f: Filter) -> Callable[[str], bool]:
    """The role and search parts of a filter, on a member id: the member now, or, for a member no
    longer in the data, its last known record (role; id and name for the search)."""
    matches = compile_filter(Filter(roles=f.roles, search=f.search), dataset.members)
    needle = search_needle(f.search)
    last_known: dict[str, Doc] = {}
    for entry in dataset.history:
        doc = entry.after or entry.before
        if entry.table == "members" and doc is not None:
            last_known[entry.key] = doc

    def member_matches(member_id: str) -> bool:
        member = dataset.member(member_id)
        if member is not None:
            return matches(member)
        doc = last_known.get(member_id, {})
        text = clean_text(f"{member_id}\x00{doc.get('name', '')}").casefold()
        return (not f.roles or doc.get("role") in f.roles) and needle in text

    return member_matches


def history_filter(dataset: Dataset, f: Filter | None = None, member_id: str | None = None,
                   since: str | None = None) -> list[HistoryEntry]:
    """The entries `history` shows, oldest first.

    `member_id`: only changes to that member and its commitments. `since`: only entries at or after
    that moment (`since_moment`). A filter applies to each entry: types, statuses and conditions
    select commitment changes (of those types; with one of the statuses, or all the conditions,
    before or after the change), so a record since removed keeps its history; roles and the search
    select members (as they are now, or as last recorded for a member no longer in the data).
    Changes to sources, events and the dataset information belong to no member: they are shown only
    with no filter and no member.
    """
    f = f or Filter()
    member_matches = None if not (f.roles or f.search.strip()) else _member_matcher(dataset, f)
    cell_filter = bool(f.types or f.statuses or f.conditions)
    out: list[HistoryEntry] = []
    for entry in dataset.history:
        if (since is not None and entry.at < since) or not is_listed(entry):
            continue
        about = entry.member_id
        if member_id is not None and about != member_id:
            continue
        if cell_filter and not _cell_matches(entry, f):
            continue
        if member_matches is not None and (about is None or not member_matches(about)):
            continue
        out.append(entry)
    return out


def history_lines(dataset: Dataset, f: Filter | None = None, member_id: str | None = None,
                  since: str | None = None) -> tuple[HistoryLine, ...]:
    """The history as `history` prints it: newest first, restricted as `history_filter` says."""
    undone = undone_by(dataset.history)
    words = _Words(dataset)
    return tuple(history_line(dataset, e, undone.get(entry_id(e)), words=words)
                 for e in reversed(history_filter(dataset, f, member_id, since)))


# --- changes since a date -------------------------------------------------------------------------


class CellSince(NamedTuple):
    """A cell that differs between DATE and now, with the history entries in between (oldest first)."""

    change: CellChange
    """`old` is the cell at DATE, `new` the cell now."""
    entries: tuple[HistoryLine, ...]


class ChangesSince(NamedTuple):
    """What changed since a moment, as `changes --since` reports it: the `diff` of the data as it was then
    and the data now (every table and field, `views.diff.DatasetDiff`), each change with the history
    entries that made it. (Typed named tuples here, not frozen dataclasses: `blame` and `history` import
    this module, and no longer `dataclasses`, benchmarks/PROFILE.md A9.)"""

    since: str
    """The date as given (cleaned)."""
    moment: str
    """The UTC moment it means: entries at or after it count."""
    history_starts: str | None
    """When the file's history begins; None when it has none (a version-1 file, or no change yet)."""
    cells: tuple[CellSince, ...]
    diff: DatasetDiff
    """Then against now: its `cells` are `cells`' changes; members, sources, events and the dataset
    information are read from here."""
    entry_count: int
    """History entries in the window (all of them, whatever the filter): `history --since` lists them."""
    entries: Mapping[tuple[str, str], tuple[HistoryLine, ...]]
    """The window's entries per (table, key), oldest first: `entries_of` reads them."""

    def entries_of(self, table: str, key: str) -> tuple[HistoryLine, ...]:
        """The entries that changed a record in the window, oldest first (none for a record no entry
        explains: a history that does not reach back, or a hand edit)."""
        return self.entries.get((table, key), ())

    @property
    def members(self) -> tuple[MemberChange, ...]:
        """Members added, removed or changed in their own fields."""
        return self.diff.members

    @property
    def sources(self) -> tuple[SourceChange, ...]:
        """Sources added, removed or changed."""
        return self.diff.sources

    @property
    def events(self) -> tuple[EventChange, ...]:
        """Events added, removed or changed."""
        return self.diff.events

    @property
    def meta(self) -> tuple[FieldChange, ...]:
        """The dataset information's fields that changed."""
        return self.diff.meta

    @property
    def sources_added(self) -> tuple[SourceLine, ...]:
        """The sources added in the window."""
        return tuple(s.source for s in self.diff.sources if s.kind == "added")

    @property
    def covers_since(self) -> bool:
        """False when history begins after the moment: earlier changes are not known."""
        return self.history_starts is not None and self.history_starts <= self.moment

    @property
    def changed_cells(self) -> frozenset[tuple[str, str]]:
        """(member id, type) of every changed cell."""
        return frozenset((c.change.member_id, c.change.type) for c in self.cells)

    @property
    def is_empty(self) -> bool:
        """True when nothing changed (in any table or field)."""
        return self.diff.is_empty


def changes_since(dataset: Dataset, since: str, f: Filter | None = None, sort: str = "name") -> ChangesSince:
    """What changed from `since` (a `--since` value) to now, restricted by `f` and ordered by `sort` as
    `diff` is: the data rebuilt as it was then (`dataset.replay.dataset_at`) diffed against now, each
    change with the window's entries about its record.

    Raises `UsageError` for a bad date, `dataset.replay.ReplayError` when the history cannot be
    replayed back to it.
    """
    from pledge_tui.dataset.replay import dataset_at, history_starts
    from pledge_tui.views.diff import diff_datasets

    moment = since_moment(since)
    then = dataset_at(dataset, moment)
    difference = diff_datasets(then, dataset, f, sort)
    undone = undone_by(dataset.history)
    window = [e for e in dataset.history if e.at >= moment and is_listed(e)]
    wanted = {("commitments", c.key) for c in difference.cells}
    wanted |= {("members", m.id) for m in difference.members}
    wanted |= {("sources", s.source.id) for s in difference.sources}
    wanted |= {("events", e.id) for e in difference.events}
    wanted |= {("meta", "meta")} if difference.meta else set()
    by_key: dict[tuple[str, str], list[HistoryLine]] = {}
    for entry in window:
        if (entry.table, entry.key) in wanted and is_change(entry):
            by_key.setdefault((entry.table, entry.key), []).append(
                history_line(dataset, entry, undone.get(entry_id(entry))))
    entries = {key: tuple(lines) for key, lines in by_key.items()}
    return ChangesSince(
        clean_line(since.strip()), moment, history_starts(dataset),
        tuple(CellSince(c, entries.get(("commitments", c.key), ())) for c in difference.cells),
        difference, len(window), entries,
    )


def changes_about(changes: ChangesSince, dataset: Dataset, member_ids: Collection[str]) -> ChangesSince:
    """`changes` cut to the members a view shows (the snapshot's "Changes since DATE" section covers the
    members its filter shows, and no other): their cells and their own changes, the sources added or
    changed that those cite (then, now or in between: read off the cells' history entries and the
    members' records), the events citing such a source, and not the dataset information.

    For a filter that shows everyone, use `changes` as it is: sources added that no member cites are
    then reported too, as `changes --since` reports them.
    """
    cells = tuple(c for c in changes.cells if c.change.member_id in member_ids)
    members = tuple(m for m in changes.members if m.id in member_ids)
    cited = {source for c in cells for e in c.entries for doc in (e.before, e.after) if doc
             for source in doc.get("sources") or ()}
    cited |= {source for c in cells for state in (c.change.old, c.change.new) if state for source in state.sources}
    for change in members:
        member = dataset.member(change.id)
        cited.update(member.sources if member is not None else ())
    sources = tuple(s for s in changes.sources if s.source.id in cited)
    events = tuple(e for e in changes.events if cited.intersection(e.sources))
    from dataclasses import replace  # (`views.diff`'s records are dataclasses)

    diff = replace(changes.diff, cells=tuple(c.change for c in cells), members=members, sources=sources,
                   events=events, meta=())
    return changes._replace(cells=cells, diff=diff)


def member_of(dataset: Dataset, query: str) -> str | None:
    """The member id `history MEMBER` means: a member's id or name now (case-insensitive), else an id
    its history names (a member since removed); None when neither."""
    member: Member | None = dataset.find_member(query)
    if member is not None:
        return member.id
    wanted = query.strip().casefold()
    for entry in dataset.history:
        if entry.member_id is not None and entry.member_id.casefold() == wanted:
            return entry.member_id
    return None


# --- events about members --------------------------------------------------------------------------

_WORDS = re.compile(r"\w+")


def _words(text: str) -> tuple[str, ...]:
    """The words of a text, folded (case, accents): names and event text are compared word by word."""
    return tuple(_WORDS.findall(fold(text)))


def about_members(members: Sequence[Member]) -> Callable[[Event], bool]:
    """Whether an event is about one of `members`, the rule the brief snapshot's timeline keeps events by
    (and the timeline screen's "only the members shown" can use).

    An event is about a member when
    - its title or summary names the member: its name or one of its other names (`views.search.ALIASES`:
      UK, Britain, USA, Holland, ...) as whole words, ignoring case and accents, or its id as a whole word
      in capitals as written ("US", "EU", "NATO"; "us" in prose is not the United States); or
    - it cites a source that the member's own record or one of its commitment records cites: the article
      that documents the member's position reports the event (so "Dutch motion on a post-war force" is
      about the Netherlands through the source both cite, though the text never says "Netherlands").
    Built once for the members (names, ids and cited sources indexed), then cheap per event.
    """
    from pledge_tui.views.present import citations

    names: set[tuple[str, ...]] = set()
    ids: set[str] = set()
    cited: set[str] = set()
    for member in members:
        ids.add(member.id)
        names.update(words for name in (member.name, *ALIASES.get(member.id, ())) if (words := _words(name)))
        cited.update(citations(member))
    longest = max(map(len, names), default=0)

    def names_one(text: str) -> bool:
        words = _words(text)
        return any(words[i:i + n] in names for n in range(1, longest + 1) for i in range(len(words) - n + 1))

    def about(event: Event) -> bool:
        text = f"{event.title}\n{event.summary}"
        return (not cited.isdisjoint(event.sources) or not ids.isdisjoint(_WORDS.findall(text))
                or names_one(text))

    return about


def events_about(dataset: Dataset, members: Sequence[Member]) -> tuple[Event, ...]:
    """The dataset's events (in timeline order) that are about one of `members` (`about_members`)."""
    about = about_members(members)
    return tuple(e for e in dataset.events if about(e))
