"""What changed, read from the history (spec section 11): history lines and "changes since DATE".

Two builders, pure and headless, for every shell and format to lay out:

- `history_lines(dataset, ...)`: the history entries as a reader sees them (newest first): when, who,
  what record, which fields went from what to what, on which sources, with the note.
- `changes_since(dataset, since, f)`: per (member, type), the cell at DATE and now with the entries in
  between; members added or removed; sources added; then every other entry in the window (a member's
  stance or caveats, a source, an event, the dataset information), each with its sources and note. "At
  DATE" is the dataset rebuilt from its history (`dataset.replay.dataset_at`) and compared with
  `views.diff.diff_datasets`, so `changes` and `diff` count exactly the same things as changes.

The snapshot's "Changes since DATE" section and the browser's timeline screen are meant to call these;
the browser's since-marks can use `cells_changed_since`, the same cells read off the history alone.
`changes_about` cuts a `ChangesSince` to the members a view shows (the snapshot's section), and
`events_about` / `about_members` say which timeline events are about the members shown (the brief
snapshot's timeline; the timeline screen's "only the members shown" can use the same rule).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from pledge_tui.dataset.catalogue import FIELD_BY_NAME, FIELDS, NO, NONE, VOCABULARIES, YES, field_words
from pledge_tui.dataset.model import NOT_LISTED, Dataset, Doc, Event, History, HistoryEntry, Member
from pledge_tui.dataset.replay import dataset_at, history_starts, value_then
from pledge_tui.dataset.vocab import NOT_DISCLOSED
from pledge_tui.errors import UsageError
from pledge_tui.sanitize import clean_line, clean_text, fold
from pledge_tui.views.diff import REPORTED_FIELDS, CellChange, MemberChange, diff_datasets
from pledge_tui.views.filters import Filter, compile_filter, search_needle
from pledge_tui.views.present import SourceLine, citations, label
from pledge_tui.views.search import ALIASES

# --- dates ----------------------------------------------------------------------------------------

_SINCE = re.compile(r"([0-9]{4})-([0-9]{2})(?:-([0-9]{2}))?|([0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z)")


def since_moment(text: str) -> str:
    """The UTC moment a `--since` value means: `YYYY-MM-DD` (the start of that day, UTC), `YYYY-MM`
    (the first of the month) or an exact `YYYY-MM-DDTHH:MM:SSZ`. A bad value is a usage error."""
    value = text.strip()
    match = _SINCE.fullmatch(value)
    if match is None:
        raise UsageError(f"--since: expected a date (YYYY-MM-DD, YYYY-MM or YYYY-MM-DDTHH:MM:SSZ), "
                         f"got {clean_line(value)[:40]!r}")
    if match.group(4):
        day, clock = value[:10], value[11:19]
    else:
        day, clock = f"{match.group(1)}-{match.group(2)}-{match.group(3) or '01'}", "00:00:00"
    try:
        date.fromisoformat(day)
        hours, minutes, seconds = (int(part) for part in clock.split(":"))
        if hours > 23 or minutes > 59 or seconds > 59:
            raise ValueError(clock)
    except ValueError:
        raise UsageError(f"--since: impossible date {clean_line(value)[:40]!r}") from None
    return f"{day}T{clock}Z"


# --- one field, one entry -------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class FieldChange:
    """One field of a record, before and after, as display text (labels for slugs, cleaned text)."""

    field: str
    """The stored field name (`status`, `caveats`, `reported_commitments.note`, ...)."""
    label: str
    """The field in words."""
    old: str | None
    """None: the record (or the field) did not exist."""
    new: str | None
    """None: the record (or the field) no longer exists."""
    added: tuple[str, ...] = ()
    """For a list kept on both sides (sources, caveats): the items that came, in order (cleaned)."""
    removed: tuple[str, ...] = ()
    """... and the items that went."""

    @property
    def is_text(self) -> bool:
        """True for prose fields (summary, stance, caveats, titles, notes: `catalogue.Field.prose`)."""
        known = FIELD_BY_NAME.get(self.field)
        return known is not None and known.prose


def _display(field: str, value: Any) -> str:
    """A stored value as display text: a slug by its label, a boolean as yes or no, nothing as none."""
    known = FIELD_BY_NAME.get(field)
    words = VOCABULARIES[known.vocabulary] if known is not None and known.vocabulary else None
    if words is not None and isinstance(value, str):
        return words.label(value)
    if isinstance(value, bool):
        return YES if value else NO
    if value is None:
        return NONE
    if isinstance(value, list):
        if words is not None:
            return ", ".join(words.label(str(v)) for v in value) or NONE
        return ("; " if field == "caveats" else ", ").join(clean_text(str(v)) for v in value) or NONE
    return clean_text(str(value))


def _flat(doc: Mapping[str, Any] | None) -> dict[str, Any]:
    """A stored document's fields, nested objects flattened one level (`reported_commitments.note`)."""
    out: dict[str, Any] = {}
    for name, value in (doc or {}).items():
        if isinstance(value, Mapping):
            out.update({f"{name}.{inner}": v for inner, v in value.items()})
        else:
            out[name] = value
    return out


_KEY_FIELDS = frozenset(f.name for f in FIELDS if f.key)
_FIELD_ORDER = {name: i for i, name in enumerate(dict.fromkeys(
    f.name for f in sorted(FIELDS, key=lambda f: f.name == "sources") if not f.key))}
"""The order fields are listed in: the catalogue's (what a reader looks at first), the sources last."""


def field_changes(before: Mapping[str, Any] | None, after: Mapping[str, Any] | None) -> tuple[FieldChange, ...]:
    """The fields that differ between two versions of a stored record, in reading order (`_FIELD_ORDER`).

    A record created or removed lists all its fields but the ones that make its key.
    """
    old, new = _flat(before), _flat(after)
    names = sorted({*old, *new}, key=lambda n: (_FIELD_ORDER.get(n, len(_FIELD_ORDER)), n))
    return tuple(_field_change(n, old.get(n, _MISSING), new.get(n, _MISSING))
                 for n in names if n not in _KEY_FIELDS and old.get(n, _MISSING) != new.get(n, _MISSING))


def _field_change(name: str, old: Any, new: Any) -> FieldChange:
    words = field_words(name)
    shown_old = None if old is _MISSING else _display(name, old)
    shown_new = None if new is _MISSING else _display(name, new)
    if isinstance(old, list) and isinstance(new, list) and name != "conditions":
        added = tuple(clean_text(str(x)) for x in new if x not in old)
        removed = tuple(clean_text(str(x)) for x in old if x not in new)
        return FieldChange(name, words, shown_old, shown_new, added, removed)
    return FieldChange(name, words, shown_old, shown_new)


_MISSING = object()


@dataclass(frozen=True, slots=True)
class HistoryLine:
    """One history entry as a reader sees it."""

    id: str
    """The entry's id (`h3f9a2c10b`)."""
    at: str
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
    undoes: str | None
    undone_by: str | None
    """The entry that reverted this one, if any."""
    status_before: str | None
    """For a commitment: the status slug before (`not-disclosed` when there was no record), else None."""
    status_after: str | None
    before: Doc | None
    """The whole stored record before, exactly as stored (not cleaned): for JSON output only."""
    after: Doc | None

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


def _shown_before(dataset: Dataset, entry: HistoryEntry) -> Doc | None:
    """What a reader is told the record was: the entry's `before`, but for a join (`merge`, `resolve`: its
    `before` is null), the record as its first parent left it."""
    if entry.action in ("merge", "resolve") and entry.parents:
        history = dataset.history
        parent = history.by_id(entry.parents[0]) if isinstance(history, History) else next(
            (e for e in history if e.id == entry.parents[0]), None)
        return parent.after if parent is not None else None
    return entry.before


def history_line(dataset: Dataset, entry: HistoryEntry, undone_by: str | None = None) -> HistoryLine:
    """One entry as a reader sees it."""
    is_cell = entry.table == "commitments"
    before = _shown_before(dataset, entry)
    return HistoryLine(
        entry.id, entry.at, clean_line(entry.by), entry.action, entry.table, clean_line(entry.key),
        _subject(dataset, entry), entry.member_id, entry.type_slug, field_changes(before, entry.after),
        entry.sources, clean_text(entry.note), entry.undoes, undone_by,
        _status(before) if is_cell else None, _status(entry.after) if is_cell else None,
        before, entry.after,
    )


def _undone_by(history: Sequence[HistoryEntry]) -> dict[str, str]:
    return {e.undoes: e.id for e in history if e.undoes is not None}


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
        if entry.action in NOT_LISTED or (since is not None and entry.at < since):
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
    undone = _undone_by(dataset.history)
    return tuple(history_line(dataset, e, undone.get(e.id))
                 for e in reversed(history_filter(dataset, f, member_id, since)))


# --- changes since a date -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CellSince:
    """A cell that differs between DATE and now, with the history entries in between (oldest first)."""

    change: CellChange
    """`old` is the cell at DATE, `new` the cell now."""
    entries: tuple[HistoryLine, ...]


@dataclass(frozen=True, slots=True)
class ChangesSince:
    """What changed since a moment, as `changes --since` reports it."""

    since: str
    """The date as given (cleaned)."""
    moment: str
    """The UTC moment it means: entries at or after it count."""
    history_starts: str | None
    """When the file's history begins; None when it has none (a version-1 file, or no change yet)."""
    cells: tuple[CellSince, ...]
    members: tuple[MemberChange, ...]
    """Members added or removed."""
    sources_added: tuple[SourceLine, ...]
    entry_count: int
    """History entries in the window (all of them, whatever the filter): `history --since` lists them."""
    records: tuple[HistoryLine, ...] = ()
    """The window's other entries, oldest first: changes to members (stance, caveats, added), sources,
    events and the dataset information, each with its sources and note (so that a correction that moves
    no cell is still listed with why). Restricted by the filter as `history` is (`history_filter`)."""

    @property
    def covers_since(self) -> bool:
        """False when history begins after the moment: earlier changes are not known."""
        return self.history_starts is not None and self.history_starts <= self.moment

    @property
    def changed_cells(self) -> frozenset[tuple[str, str]]:
        """(member id, type) of every changed cell: what the browser marks."""
        return frozenset((c.change.member_id, c.change.type) for c in self.cells)

    @property
    def is_empty(self) -> bool:
        """True when nothing reported changed."""
        return not (self.cells or self.members or self.sources_added or self.records)


def changes_since(dataset: Dataset, since: str, f: Filter | None = None, sort: str = "name") -> ChangesSince:
    """What changed from `since` (a `--since` value) to now, restricted by `f` and ordered by `sort` as
    `diff` is.

    Raises `UsageError` for a bad date, `dataset.replay.ReplayError` when the history cannot be
    replayed back to it.
    """
    moment = since_moment(since)
    then = dataset_at(dataset, moment)
    difference = diff_datasets(then, dataset, f, sort)
    undone = _undone_by(dataset.history)
    window = [e for e in dataset.history if e.at >= moment and e.action not in NOT_LISTED]
    by_key: dict[str, list[HistoryLine]] = {}
    for entry in window:
        if entry.table == "commitments":
            by_key.setdefault(entry.key, []).append(history_line(dataset, entry, undone.get(entry.id)))
    records = tuple(history_line(dataset, e, undone.get(e.id)) for e in history_filter(dataset, f, since=moment)
                    if e.table != "commitments" and e.action not in ("upgrade", *NOT_LISTED))
    return ChangesSince(
        clean_line(since.strip()), moment, history_starts(dataset),
        tuple(CellSince(c, tuple(by_key.get(c.key, ()))) for c in difference.cells),
        difference.members,
        tuple(s.source for s in difference.sources if s.kind == "added"),
        len(window),
        records,
    )


def changes_about(changes: ChangesSince, dataset: Dataset, member_ids: Collection[str]) -> ChangesSince:
    """`changes` cut to the members a view shows (the snapshot's "Changes since DATE" section covers the
    members its filter shows, and no other): their cells, their addition and the other changes to them,
    and the sources added that those cite, then, now or in between (read off the cells' history entries
    and the members' records).

    For a filter that shows everyone, use `changes` as it is: sources added that no member cites are
    then reported too, as `changes --since` reports them.
    """
    cells = tuple(c for c in changes.cells if c.change.member_id in member_ids)
    members = tuple(m for m in changes.members if m.id in member_ids)
    records = tuple(r for r in changes.records if r.member_id in member_ids)
    cited = {source for c in cells for e in c.entries for doc in (e.before, e.after) if doc
             for source in doc.get("sources") or ()}
    for change in members:
        member = dataset.member(change.id)
        cited.update(member.sources if member is not None else ())
    return replace(changes, cells=cells, members=members, records=records,
                   sources_added=tuple(s for s in changes.sources_added if s.id in cited))


def cells_changed_since(dataset: Dataset, since: str) -> frozenset[tuple[str, str]]:
    """(member id, type) of every cell that differs between `since` and now, read off the history alone.

    The same cells as `changes_since(dataset, since).changed_cells` (a test holds the two together)
    without rebuilding the dataset: for the browser's since-marks, which must not cost a second load.
    A cell counts when its record's status, conditions, lead or summary differ, or it was added or
    removed, between the first entry about it in the window (its `before`) and now.
    """
    moment = since_moment(since)
    then: dict[str, Doc | None] = {}
    prior: dict[str, HistoryEntry] = {}
    for entry in dataset.history:
        if entry.table != "commitments":
            continue
        if entry.at < moment:
            prior[entry.key] = entry
        elif entry.key not in then:
            then[entry.key] = value_then(entry, prior.get(entry.key))
    changed = set()
    for key, before in then.items():
        now = dataset.record("commitments", key)
        old = None if before is None else (before.get("status"), tuple(before.get("conditions") or ()),
                                           before.get("lead"), before.get("summary"))
        new = None if now is None else tuple(getattr(now, f) for f in REPORTED_FIELDS)
        if old != new:
            member_id, _, type_slug = key.partition("/")
            changed.add((member_id, type_slug))
    return frozenset(changed)


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
