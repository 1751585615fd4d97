"""The typed, immutable data model.

Everything here is immutable and built once by `validate.build_dataset`; nothing downstream can mutate a
record behind another view's back (TinyDB's own documents are mutable dicts shared with its query cache,
which is why they never leave the store).

The records are typed `NamedTuple`s, and `Member` and `Dataset` (which keep indexes beside their fields)
classes of their own with `Frozen`'s rules; `HistoryEntry` (`dataset.entry`) is a frozen msgspec Struct. Not
dataclasses throughout: in a fresh process a frozen dataclass costs about a millisecond to define and
`dataclasses` seven to import (it imports `inspect`), together two fifths of `list --format json` at 35
members (benchmarks/PROFILE.md A8), and every command pays it. Replace a field with `_replace` (the
records) or `replace` (`Member`, `Dataset`).

Schema version 2 (README "The data") adds event ids (`Event.id`) and the append-only change log
(`Dataset.history`, one `HistoryEntry` per change); version 3 (README "Editing") moves the log to a file
of its own beside the data file, with an id per entry and the `heads` table (`Dataset.heads`). Versions
1 and 2 are read as well: a version-1 file's events get the ids the upgrade will give them and its
history is empty; a version-2 file's entries get the ids the upgrade will give them.
"""

# (No `from __future__ import annotations` here: typing compiles each string annotation of a NamedTuple
# field into a ForwardRef, 0.08 ms a field in every command's start; benchmarks/PROFILE.md A8.)

from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol, Self, TypeVar, overload

from pledge_tui.dataset.vocab import NOT_DISCLOSED, STATUS_RANK, STATUSES, TYPES
from pledge_tui.sanitize import fold

if TYPE_CHECKING:
    from pledge_tui.dataset.entry import HistoryEntry, MemberHistory


class Source(NamedTuple):
    """A publication a claim rests on."""

    id: str
    publisher: str
    title: str
    date: str
    """`YYYY`, `YYYY-MM` or `YYYY-MM-DD`: as precise as the archived copy allows."""
    url: str
    """Empty when the address was not captured."""
    tier: str
    """`A` official text, `B` established outlet or wire, `C` aggregator, mirror or weak source."""


class Commitment(NamedTuple):
    """What one member said about one contribution type."""

    member: str
    type: str
    status: str
    summary: str
    conditions: tuple[str, ...]
    lead: bool
    """True when a source names this member lead nation for the task."""
    quantity: str | None
    stated_on: str
    sources: tuple[str, ...]


class Frozen:
    """What `Member` and `Dataset` share with a frozen dataclass: no attribute can be set or deleted after
    the constructor (which sets them with `object.__setattr__`), `replace` gives a copy with some
    constructor arguments changed, and the repr names the compared fields."""

    __slots__ = ()
    _ARGUMENTS: tuple[str, ...] = ()
    """The constructor's arguments, in order (what `replace` copies)."""
    _COMPARED: tuple[str, ...] = ()
    """The fields equality, the hash and the repr read."""

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"cannot delete field {name!r}")

    def _compared(self) -> tuple[object, ...]:
        return tuple(getattr(self, name) for name in self._COMPARED)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            return self._compared() == other._compared()
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._compared())

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._COMPARED)
        return f"{type(self).__qualname__}({fields})"

    def replace(self, **changes: Any) -> Self:
        """A copy with the given constructor arguments changed (as `dataclasses.replace`)."""
        unknown = set(changes).difference(self._ARGUMENTS)
        if unknown:
            raise TypeError(f"{type(self).__qualname__} has no argument {sorted(unknown)[0]!r}")
        return type(self)(**{name: changes[name] if name in changes else getattr(self, name)
                             for name in self._ARGUMENTS})


class Member(Frozen):
    """A coalition participant, partner or institution, with its commitments keyed by type.

    The sort and filter indexes (`statuses`, `conditions_by_type`, `name_key`, `strength_key`,
    `caveats_key`) are not arguments: the constructor derives them from the fields, and so does
    `replace`, so no member can carry indexes that disagree with its data. Two members are equal when
    their own fields are (their commitments are records of their own: `Dataset.record`).
    """

    __slots__ = (
        "_search_text",
        "approval",
        "caveats",
        "caveats_key",
        "commitments",
        "conditions_by_type",
        "eu",
        "id",
        "name",
        "name_key",
        "nato",
        "role",
        "sources",
        "stance",
        "statuses",
        "strength_key",
        "summit_2025_09_04",
    )
    _ARGUMENTS = ("id", "name", "role", "eu", "nato", "stance", "caveats", "approval", "summit_2025_09_04", "sources",
                  "commitments")
    _COMPARED = _ARGUMENTS[:-1]

    id: str
    name: str
    role: str
    eu: bool
    nato: bool
    stance: str
    caveats: tuple[str, ...]
    approval: str
    summit_2025_09_04: str
    sources: tuple[str, ...]
    commitments: Mapping[str, Commitment]
    """The member's records keyed by type slug, in `TYPES` order (the constructor puts them in it)."""
    statuses: tuple[str, ...]
    """The status for each type in `TYPES` order, `not-disclosed` where there is no record.

    Precomputed so that filtering is a scan over small tuples rather than dict lookups."""
    conditions_by_type: tuple[frozenset[str], ...]
    """Each type's record's conditions, in `TYPES` order (empty where there is no record)."""
    name_key: tuple[str, str]
    """Sort key for "name": the case-folded name, then the id."""
    strength_key: tuple[object, ...]
    """Sort key for "strongest": strongest status, then more records at each stronger status."""
    caveats_key: tuple[object, ...]
    """Sort key for "caveats": most caveats first."""
    _search_text: str | None

    def __init__(self, id: str, name: str, role: str, eu: bool, nato: bool, stance: str,
                 caveats: tuple[str, ...], approval: str, summit_2025_09_04: str, sources: tuple[str, ...],
                 commitments: Mapping[str, Commitment]) -> None:
        # Built for every member at every load (10,000 at a time in the benchmarks), so in few, C-level
        # steps: the records in `TYPES` order, then each index by position from a row of defaults.
        try:
            order = sorted(commitments, key=_TYPE_INDEX.__getitem__)
        except KeyError:  # a slug that is not a type: not shown anywhere, as before
            order = [t for t in TYPES if t in commitments]
        ordered = {t: commitments[t] for t in order}
        statuses = list(_UNDISCLOSED_ROW)
        conditions = list(_NO_CONDITIONS_ROW)
        for type_slug, record in ordered.items():
            at = _TYPE_INDEX[type_slug]
            statuses[at] = record.status
            conditions[at] = _shared_conditions(record.conditions)
        ranks = list(map(STATUS_RANK.__getitem__, statuses))
        name_key = (name.casefold(), id)
        setattr_ = object.__setattr__
        setattr_(self, "id", id)
        setattr_(self, "name", name)
        setattr_(self, "role", role)
        setattr_(self, "eu", eu)
        setattr_(self, "nato", nato)
        setattr_(self, "stance", stance)
        setattr_(self, "caveats", caveats)
        setattr_(self, "approval", approval)
        setattr_(self, "summit_2025_09_04", summit_2025_09_04)
        setattr_(self, "sources", sources)
        setattr_(self, "commitments", ordered)
        setattr_(self, "statuses", tuple(statuses))
        setattr_(self, "conditions_by_type", tuple(conditions))
        setattr_(self, "name_key", name_key)
        setattr_(self, "strength_key", (min(ranks), *[-ranks.count(rank) for rank in _STRONGER_RANKS], *name_key))
        setattr_(self, "caveats_key", (-len(caveats), *name_key))
        setattr_(self, "_search_text", None)

    def __repr__(self) -> str:
        return f"{Frozen.__repr__(self)[:-1]}, commitments={self.commitments!r}, statuses={self.statuses!r})"

    _STATE = tuple(name for name in __slots__ if name not in ("commitments", "_search_text"))
    """What `state` gives and `restored` sets: every field but the records and the search text."""

    def state(self) -> tuple[object, ...]:
        """The member's fields and indexes (`_STATE`), for `dataset.model_cache` to keep."""
        return tuple(getattr(self, name) for name in self._STATE)

    @classmethod
    def restored(cls, state: Sequence[object], commitments: Mapping[str, Commitment]) -> "Member":
        """The member whose `state()` this is, with its records (in `TYPES` order, as the constructor left
        them): for `dataset.model_cache` only, whose entries were written from members this same code built
        (the entry is stamped with this module). A fifth of the constructor's cost: at 1,000 members,
        deriving the indexes again took 7-11 ms of a 2.9 MB file's read."""
        member = object.__new__(cls)
        for set_slot, value in zip(_STATE_SETTERS, state, strict=True):  # (the slots' own setters: a third
            set_slot(member, value)  # faster than `object.__setattr__` by name)
        object.__setattr__(member, "commitments", commitments)
        object.__setattr__(member, "_search_text", None)
        return member

    @property
    def search_text(self) -> str:
        """Id, name, stance, caveats and commitment summaries, each folded for search (`sanitize.fold`:
        case, accents, normalisation form and invisible characters ignored) and joined with NUL.

        Built on first use and kept: most commands never search, and at 10,000 members building it
        for everyone would be a tenth of the load time.
        """
        if self._search_text is None:
            parts = (self.id, self.name, self.stance, *self.caveats, *(c.summary for c in self.commitments.values()))
            object.__setattr__(self, "_search_text", "\x00".join(map(fold, parts)))
        assert self._search_text is not None
        return self._search_text

    def status(self, type_slug: str) -> str:
        """The member's status for a type; `not-disclosed` when it has no record."""
        record = self.commitments.get(type_slug)
        return record.status if record else NOT_DISCLOSED

    @property
    def strongest_rank(self) -> int:
        """Rank of the member's strongest status (0 = pledged); used by the "strongest" sort."""
        return min(STATUS_RANK[s] for s in self.statuses)


class Event(NamedTuple):
    """One dated entry of the timeline."""

    id: str
    """`E1`, `E2`, ... (stored from schema version 2 on). In a version-1 file, which stores none, the id
    the upgrade will give the event: `E<n>` numbering the events in TinyDB document-id order."""
    date: str
    title: str
    summary: str
    sources: tuple[str, ...]


class ReportedFigure(NamedTuple):
    """An attributed headline figure (Macron's "26"), kept apart from the member list on purpose."""

    count: int  # type: ignore[assignment]  # (the stored field's name; it hides `tuple.count`, which no one calls)
    date: str
    sources: tuple[str, ...]
    note: str


class Meta(NamedTuple):
    """Dataset-wide facts: title, as-of date and the attributed figure."""

    schema_version: int
    title: str
    as_of: str
    summary: str
    reported_commitments: ReportedFigure


Doc = Mapping[str, Any]
"""A stored document exactly as it is in the data file (a JSON object); treat it as read-only."""


NOT_LISTED = frozenset({"baseline"})
"""Actions the lists of changes (history, changes, timeline, the detail pane) leave out: a baseline entry
records a record as it was when history began, not a change."""


class MemberSource(Protocol):
    """Where `History.of_member` reads one member's entries (`log.MemberReader`)."""

    def __call__(self, member_id: str, newest: int) -> "MemberHistory | None": ...

    def read_ahead(self) -> None:
        """Start reading what it reads, in the background."""

    def added_since(self, older: "MemberSource") -> "tuple[HistoryEntry, ...] | None":
        """The entries added since `older` was read, read without the whole history (None: cannot say so)."""


class FloatFreeEntries(tuple["HistoryEntry", ...]):
    """History entries whose records hold no float: read by a decoder that refuses one (`log_trusted`), so
    that msgspec writes them byte for byte as `json` does (`json` writes `1e+16` and `Infinity`, msgspec
    `1e16` and `null`). A valid data file holds no float; a log's `before` and `after` could."""

    __slots__ = ()


class EntrySkim(Protocol):
    """A history entry read without its records (`log_trusted.Skim`, `skim_cache.KeptSkim`): what says which
    entry is about which record, when, and what it undoes, and the whole entry on demand (`entry`). (Read-only
    properties here, so that a named tuple's fields match.)"""

    @property
    def id(self) -> str: ...
    @property
    def at(self) -> str: ...
    @property
    def action(self) -> str: ...
    @property
    def table(self) -> str: ...
    @property
    def key(self) -> str: ...
    @property
    def undoes(self) -> str | None: ...
    @property
    def seq(self) -> int: ...

    def entry(self) -> "HistoryEntry":
        """The whole entry, its records decoded (equal to the one `History.entries` holds)."""

    def records(self) -> "tuple[dict[str, Any] | None, dict[str, Any] | None]":
        """The entry's `before` and `after` records, decoded (as `entry` has them)."""


class History(Sequence["HistoryEntry"]):
    """A dataset's history entries, oldest first, read from the history log on first use.

    Reading `list`, `show` or `export` never needs the history, and at 50,000 entries parsing the log
    would cost more than the rest of the command: the log is parsed only when an entry, the length or an
    id is first asked for (`load` raises the log's `DataError` then). A plain tuple works wherever a
    `History` does; `History(entries)` wraps one.

    `about`, when given, reads one member's entries without parsing the whole log (`of_member`): the
    browser's first screen shows the first member's changes, and at 50,000 entries parsing the whole log
    took four times as long as everything else the screen needs.
    """

    __slots__ = ("_about", "_by_id", "_entries", "_load", "_skim")

    def __init__(self, entries: "Sequence[HistoryEntry] | Callable[[], Sequence[HistoryEntry]]" = (),
                 about: MemberSource | None = None,
                 skim: Callable[[], Sequence[EntrySkim] | None] | None = None) -> None:
        self._entries: tuple[HistoryEntry, ...] | None = None
        self._by_id: dict[str, HistoryEntry] | None = None
        self._load: Callable[[], Sequence[HistoryEntry]] | None = None
        self._about = about
        self._skim = skim
        if callable(entries):
            self._load = entries
        else:
            self._entries = tuple(entries)

    @property
    def entries(self) -> "tuple[HistoryEntry, ...]":
        """Every entry, oldest first (loaded now if not yet)."""
        if self._entries is None:
            assert self._load is not None
            loaded = self._load()
            self._entries = loaded if isinstance(loaded, tuple) else tuple(loaded)  # (FloatFreeEntries stays so)
            self._load = None
            self._about = self._skim = None  # (and what they kept of the log)
        return self._entries

    def skim(self) -> Sequence[EntrySkim] | None:
        """Every entry without its records, oldest first, when they can be read so (a log checked before,
        `log_trusted.skimmed`: a third of the cost of the whole entries) and the entries are not loaded yet;
        else None, and `entries` serves. `list --at` and `blame` need the records of a few entries only."""
        if self._entries is not None or self._skim is None:
            return None
        skims = self._skim()
        if skims is None:
            self._skim = None
        return skims

    @property
    def float_free(self) -> bool:
        """True when the entries (loaded now if not yet) are known to hold no float (`FloatFreeEntries`)."""
        return isinstance(self.entries, FloatFreeEntries)

    @property
    def loaded(self) -> bool:
        """True once the entries are in memory (a test checks that reading commands leave the log alone)."""
        return self._entries is not None

    def of_member(self, member_id: str, newest: int) -> "MemberHistory | None":
        """The `newest` entries of each of the member's commitments, and how many each has, read without
        loading the whole history; None once it is loaded (the caller's index of it serves), or when the
        log cannot be read that way (then loading it whole says why, or gives the entries)."""
        return self._about(member_id, newest) if self._entries is None and self._about is not None else None

    def read_ahead(self) -> None:
        """Start reading the log in the background (the browser, while it imports Textual; a command that will
        read the whole history has `store.load` start it, with the log's digest: `read_log`)."""
        if self._entries is None and self._about is not None:
            self._about.read_ahead()

    def added_since(self, older: "History") -> "tuple[HistoryEntry, ...] | None":
        """The entries this history holds that `older` (an earlier read of the same log) did not, oldest
        first, when the log only grew since: read from the new lines alone (a reload after another writer's
        change, at 50,000 entries, parsed both whole logs). None when that cannot be said so."""
        if self._about is None or older._about is None:
            return None
        return self._about.added_since(older._about)

    def by_id(self, entry_id: str) -> "HistoryEntry | None":
        """The entry with that id, or None."""
        if self._by_id is None:
            self._by_id = {entry.id: entry for entry in self.entries}
        return self._by_id.get(entry_id)

    @overload
    def __getitem__(self, index: int) -> "HistoryEntry": ...

    @overload
    def __getitem__(self, index: slice) -> "tuple[HistoryEntry, ...]": ...

    def __getitem__(self, index: int | slice) -> "HistoryEntry | tuple[HistoryEntry, ...]":
        return self.entries[index]

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self) -> "Iterator[HistoryEntry]":
        return iter(self.entries)

    def __reversed__(self) -> "Iterator[HistoryEntry]":
        return reversed(self.entries)

    def __bool__(self) -> bool:
        return bool(self.entries)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, History | tuple):
            return self.entries == tuple(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.entries)

    def __repr__(self) -> str:
        return f"History({len(self.entries)} entries)" if self.loaded else "History(not loaded)"


class Head(NamedTuple):
    """The newest history entry of one record (a document of the `heads` table, the chain's head, README "Editing"):
    what lets a write find the parent of its new entry without reading the log."""

    entry: str
    """The head entry's id."""
    at: str
    by: str
    digest: str
    """`history.record_digest` of the record as the head entry left it: a record that no longer matches
    was changed without an entry (by hand), which the write path refuses and `validate` names."""


class Dataset(Frozen):
    """A validated dataset. Members keep file order; views sort them; history keeps append order.

    It keeps the views' indexes of it (`derived`, `views.caches`), which go with it."""

    __slots__ = ("_by_id", "_derived", "events", "heads", "history", "members", "meta", "sources")
    _ARGUMENTS = _COMPARED = ("meta", "members", "sources", "events", "history", "heads")

    meta: Meta
    members: tuple[Member, ...]
    sources: Mapping[str, Source]
    events: tuple[Event, ...]
    """Sorted by date (stable: same-date events keep document order)."""
    history: "Sequence[HistoryEntry]"
    """Every history entry, oldest first (log order); empty in a version-1 file. From a version-3 file, a
    `History` that reads the log on first use."""
    heads: Mapping[tuple[str, str], Head]
    """The head of each (table, key) that has history: the `heads` table of a version-3 file (in a
    version-2 file, worked out from its history; empty in a version-1 file)."""
    _by_id: dict[str, Member]
    _derived: dict[object, Any]

    def __init__(self, meta: Meta, members: tuple[Member, ...], sources: Mapping[str, Source],
                 events: tuple[Event, ...], history: "Sequence[HistoryEntry]" = (),
                 heads: Mapping[tuple[str, str], Head] | None = None) -> None:
        setattr_ = object.__setattr__
        setattr_(self, "meta", meta)
        setattr_(self, "members", members)
        setattr_(self, "sources", sources)
        setattr_(self, "events", events)
        setattr_(self, "history", history)
        setattr_(self, "heads", {} if heads is None else heads)
        setattr_(self, "_by_id", {})
        setattr_(self, "_derived", {})

    __hash__ = None  # type: ignore[assignment]  # (its sources and heads are dicts, as a dataclass's hash would find)

    def member(self, member_id: str) -> Member | None:
        """Look a member up by id (exact); the index is built on first use."""
        if not self._by_id:
            self._by_id.update((m.id, m) for m in self.members)
        return self._by_id.get(member_id)

    def derived(self, key: object, build: "Callable[[Dataset], Derived]") -> "Derived":
        """`build(self)`, built on the first call with `key` and kept by this dataset (so dropped with it): the
        views' indexes (`views.caches.PerDataset` is the key)."""
        try:
            return self._derived[key]  # type: ignore[no-any-return]
        except KeyError:
            value = self._derived[key] = build(self)
            return value

    def event(self, event_id: str) -> Event | None:
        """Look an event up by id (exact)."""
        return next((e for e in self.events if e.id == event_id), None)

    def record(self, table: str, key: str) -> object | None:
        """The model record a history entry's (table, key) names, or None when there is none.

        Two datasets hold "the same record" unchanged when these compare equal: a member compares
        by its own fields (not its commitments), a commitment by all of its fields.
        """
        if table == "commitments":
            member_id, _, type_slug = key.partition("/")
            owner = self.member(member_id)
            return owner.commitments.get(type_slug) if owner else None
        if table == "members":
            return self.member(key)
        if table == "sources":
            return self.sources.get(key)
        if table == "events":
            return self.event(key)
        return self.meta if table == "meta" and key == "meta" else None

    def find_member(self, query: str) -> Member | None:
        """Look a member up by id or name, case-insensitively (the `show MEMBER` rule)."""
        wanted = query.strip().casefold()
        for m in self.members:
            if m.id.casefold() == wanted or m.name.casefold() == wanted:
                return m
        return None


Derived = TypeVar("Derived")


def skims_of(dataset: Dataset) -> Sequence[EntrySkim] | None:
    """The dataset's history entries without their records, when it can be read so (`History.skim`: a log
    checked before, the entries not loaded yet); else None. For whoever reads only a few entries whole."""
    history = dataset.history
    return history.skim() if isinstance(history, History) else None


class LoadedDataset(NamedTuple):
    """A dataset together with where it came from (the snapshot names the file and its hash)."""

    dataset: Dataset
    path: str
    sha256: str


_STATE_SETTERS = tuple(getattr(Member, name).__set__ for name in Member._STATE)
"""Each `Member._STATE` slot's setter (the slot descriptor's `__set__`), for `Member.restored`."""

_NO_CONDITIONS: frozenset[str] = frozenset()
_TYPE_INDEX = {type_slug: i for i, type_slug in enumerate(TYPES)}
_UNDISCLOSED_ROW = (NOT_DISCLOSED,) * len(TYPES)
_NO_CONDITIONS_ROW = (_NO_CONDITIONS,) * len(TYPES)
_STRONGER_RANKS = range(len(STATUSES) - 1)
"""Every status rank but `not-disclosed`'s (the last): the "strongest" sort counts records at each."""
_CONDITION_SETS: dict[tuple[str, ...], frozenset[str]] = {}


def _shared_conditions(conditions: tuple[str, ...]) -> frozenset[str]:
    """One frozenset per distinct list of conditions, shared by every record with that list: a dataset has
    a few dozen of them, and one per record was 6 MB at 10,000 members."""
    shared = _CONDITION_SETS.get(conditions)
    if shared is None:
        shared = frozenset(conditions)
        if len(_CONDITION_SETS) < 4096:
            _CONDITION_SETS[conditions] = shared
    return shared


def natural_key(table: str, doc: Doc) -> str:
    """A stored document's natural key, as history entries name it (README "The data").

    `MEMBER/TYPE` for a commitment, the `id` of a member, source or event, `meta` for the meta
    document. The document is assumed to have the fields of its table.
    """
    if table == "commitments":
        return f"{doc['member']}/{doc['type']}"
    if table == "meta":
        return "meta"
    return str(doc["id"])


def source_sort_key(source_id: str) -> tuple[int, str]:
    """S2 before S10: numeric ids in numeric order, anything else after them, alphabetically."""
    digits = source_id[1:]
    return (int(digits), source_id) if source_id[:1] == "S" and digits.isdigit() else (1 << 62, source_id)
