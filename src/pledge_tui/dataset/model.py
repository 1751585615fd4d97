"""The typed, immutable data model.

Everything here is a frozen dataclass built once by `validate.build_dataset`; nothing downstream can
mutate a record behind another view's back (TinyDB's own documents are mutable dicts shared with its
query cache, which is why they never leave the store).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from pledge_tui.dataset.vocab import NOT_DISCLOSED, STATUS_RANK
from pledge_tui.sanitize import fold


@dataclass(frozen=True, slots=True)
class Source:
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


@dataclass(frozen=True, slots=True)
class Commitment:
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


@dataclass(frozen=True, slots=True)
class Member:
    """A coalition participant, partner or institution, with its commitments keyed by type."""

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
    commitments: Mapping[str, Commitment] = field(compare=False)
    statuses: tuple[str, ...] = field(compare=False)
    """The status for each type in `TYPES` order, `not-disclosed` where there is no record.

    Precomputed so that filtering is a scan over small tuples rather than dict lookups."""
    conditions_by_type: tuple[frozenset[str], ...] = field(compare=False, repr=False)
    """Each type's record's conditions, in `TYPES` order (empty where there is no record)."""
    name_key: tuple[str, str] = field(compare=False, repr=False)
    """Sort key for "name": the case-folded name, then the id."""
    strength_key: tuple[object, ...] = field(compare=False, repr=False)
    """Sort key for "strongest": strongest status, then more records at each stronger status."""
    caveats_key: tuple[object, ...] = field(compare=False, repr=False)
    """Sort key for "caveats": most caveats first."""
    _search_text: str | None = field(default=None, compare=False, repr=False)

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


@dataclass(frozen=True, slots=True)
class Event:
    """One dated entry of the timeline."""

    date: str
    title: str
    summary: str
    sources: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ReportedFigure:
    """An attributed headline figure (Macron's "26"), kept apart from the member list on purpose."""

    count: int
    date: str
    sources: tuple[str, ...]
    note: str


@dataclass(frozen=True, slots=True)
class Meta:
    """Dataset-wide facts: title, as-of date and the attributed figure."""

    schema_version: int
    title: str
    as_of: str
    summary: str
    reported_commitments: ReportedFigure


@dataclass(frozen=True, slots=True)
class Dataset:
    """A validated dataset. Members keep file order; views sort them."""

    meta: Meta
    members: tuple[Member, ...]
    sources: Mapping[str, Source]
    events: tuple[Event, ...]
    _by_id: dict[str, Member] = field(default_factory=dict, compare=False, repr=False)

    def member(self, member_id: str) -> Member | None:
        """Look a member up by id (exact); the index is built on first use."""
        if not self._by_id:
            self._by_id.update((m.id, m) for m in self.members)
        return self._by_id.get(member_id)

    def find_member(self, query: str) -> Member | None:
        """Look a member up by id or name, case-insensitively (the `show MEMBER` rule)."""
        wanted = query.strip().casefold()
        for m in self.members:
            if m.id.casefold() == wanted or m.name.casefold() == wanted:
                return m
        return None


@dataclass(frozen=True, slots=True)
class LoadedDataset:
    """A dataset together with where it came from (the snapshot names the file and its hash)."""

    dataset: Dataset
    path: str
    sha256: str


def source_sort_key(source_id: str) -> tuple[int, str]:
    """S2 before S10: numeric ids in numeric order, anything else after them, alphabetically."""
    digits = source_id[1:]
    return (int(digits), source_id) if source_id[:1] == "S" and digits.isdigit() else (1 << 62, source_id)
