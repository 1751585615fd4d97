"""Filter and sort semantics (spec section 4), as pure functions shared by the CLI and the browser."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from operator import attrgetter
from typing import Any, Literal

from pledge_tui.dataset.model import Member
from pledge_tui.dataset.vocab import CONDITIONS, NOT_DISCLOSED, ROLES, SORTS, STATUSES, TYPES
from pledge_tui.errors import UsageError
from pledge_tui.sanitize import clean_text

Facet = Literal["types", "statuses", "conditions", "roles"]
FACET_VOCAB: dict[Facet, tuple[str, ...]] = {
    "types": TYPES,
    "statuses": STATUSES,
    "conditions": CONDITIONS,
    "roles": ROLES,
}
ALL_TYPES = tuple(range(len(TYPES)))
FACET_OPTION: dict[Facet, str] = {"types": "type", "statuses": "status", "conditions": "condition", "roles": "role"}
"""The command-line option (without `--`) and the singular noun for each facet."""


@dataclass(frozen=True, slots=True)
class Filter:
    """What the analyst asked for. Each facet keeps the order it was given in (the snapshot's front
    matter states the filter exactly as given); an empty facet means "no restriction"."""

    types: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    conditions: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    search: str = ""

    @property
    def is_empty(self) -> bool:
        """True when the filter restricts nothing."""
        return not (self.types or self.statuses or self.conditions or self.roles or self.search.strip())

    def toggled(self, facet: Facet, slug: str) -> Filter:
        """A copy with `slug` added to or removed from one facet (the browser's space key)."""
        current: tuple[str, ...] = getattr(self, facet)
        updated = tuple(s for s in current if s != slug) if slug in current else (*current, slug)
        return self.with_facet(facet, updated)

    def with_facet(self, facet: Facet, slugs: tuple[str, ...]) -> Filter:
        """A copy with one facet replaced."""
        changes: dict[str, Any] = {facet: slugs}
        return replace(self, **changes)

    def with_search(self, text: str) -> Filter:
        """A copy with a new search text."""
        return replace(self, search=text)


def parse_slugs(values: Iterable[str], facet: Facet) -> tuple[str, ...]:
    """Turn repeatable, comma-separated option values into slugs, in the order given, without repeats.

    Raises `UsageError` naming the unknown slug and the accepted ones.
    """
    allowed = FACET_VOCAB[facet]
    out: list[str] = []
    for value in values:
        for part in value.split(","):
            slug = part.strip()
            if not slug:
                continue
            if slug not in allowed:
                raise UsageError(
                    f"unknown {FACET_OPTION[facet]} {slug!r} for --{FACET_OPTION[facet]} "
                    f"(expected one of: {', '.join(allowed)})"
                )
            if slug not in out:
                out.append(slug)
    return tuple(out)


def search_needle(text: str) -> str:
    """The search text as matched: control characters removed (the index joins fields with NUL, and
    no field's displayed text holds controls), outer spaces trimmed, case folded."""
    return clean_text(text).strip().casefold()


@dataclass(frozen=True, slots=True)
class _Parts:
    """A filter taken apart for matching: type positions, sets, the search needle."""

    type_index: tuple[int, ...]
    """Positions in `TYPES` of the selected types, or of every type when none is selected."""
    types_given: bool
    statuses: frozenset[str]
    conditions: frozenset[str]
    roles: frozenset[str]
    needle: str

    def astuple(self) -> tuple[tuple[int, ...], bool, frozenset[str], frozenset[str], frozenset[str], str]:
        """The parts as local variables want them (closures read locals faster than attributes)."""
        return self.type_index, self.types_given, self.statuses, self.conditions, self.roles, self.needle

    @classmethod
    def of(cls, f: Filter) -> _Parts:
        """Take `f` apart."""
        return cls(tuple(TYPES.index(t) for t in f.types) or ALL_TYPES, bool(f.types), frozenset(f.statuses),
                   frozenset(f.conditions), frozenset(f.roles), search_needle(f.search))


def compile_filter(f: Filter) -> Callable[[Member], bool]:
    """Build the predicate for a filter once, so that matching many members is a tight loop over
    each member's precomputed status and condition tuples."""
    type_index, types_given, statuses, conditions, roles, needle = _Parts.of(f).astuple()

    def matches(member: Member) -> bool:
        if roles and member.role not in roles:
            return False
        vector = member.statuses
        if statuses:
            if not any(vector[i] in statuses for i in type_index):
                return False
        elif types_given and all(vector[i] == NOT_DISCLOSED for i in type_index):
            return False
        if conditions:
            by_type = member.conditions_by_type
            if not any(vector[i] != NOT_DISCLOSED and conditions <= by_type[i] for i in type_index):
                return False
        return not needle or needle in member.search_text

    return matches


SORT_KEYS: dict[str, Callable[[Member], tuple[object, ...]]] = {
    "name": attrgetter("name_key"),
    "strongest": attrgetter("strength_key"),
    "caveats": attrgetter("caveats_key"),
}
"""Every sort key ends with the name and then the id, so the order is deterministic. The keys are
computed once per member when the dataset is built."""


def apply_filter(members: Sequence[Member], f: Filter, sort: str = "name") -> list[Member]:
    """The members matching `f`, ordered by `sort` (one of `SORTS`)."""
    if sort not in SORT_KEYS:
        raise UsageError(f"unknown sort {sort!r} (expected one of: {', '.join(SORTS)})")
    matches = compile_filter(f)
    return sorted((m for m in members if matches(m)), key=SORT_KEYS[sort])


def all_facet_counts(members: Sequence[Member], f: Filter) -> dict[Facet, dict[str, int]]:
    """For each type, status and condition: how many members would match if the filter held that value
    alone in its facet (the other facets as they are). The browser shows these as live counts.

    One pass over the members instead of one filter run per value (23 of them): each member's
    contribution to every count is read off its status and condition tuples.
    """
    type_index, types_given, statuses, conditions, roles, needle = _Parts.of(f).astuple()
    type_counts = [0] * len(TYPES)
    status_counts = dict.fromkeys(STATUSES, 0)
    condition_counts = dict.fromkeys(CONDITIONS, 0)
    for member in members:
        if (roles and member.role not in roles) or (needle and needle not in member.search_text):
            continue
        vector = member.statuses
        by_type = member.conditions_by_type
        for i in ALL_TYPES:  # types facet: T = {t}
            status = vector[i]
            if (status in statuses if statuses else status != NOT_DISCLOSED) and (
                    not conditions or (status != NOT_DISCLOSED and conditions <= by_type[i])):
                type_counts[i] += 1
        recorded = [i for i in type_index if vector[i] != NOT_DISCLOSED]
        if not conditions or any(conditions <= by_type[i] for i in recorded):
            for status in {vector[i] for i in type_index}:  # statuses facet: S = {s}
                status_counts[status] += 1
        if statuses:
            type_status_ok = any(vector[i] in statuses for i in type_index)
        else:
            type_status_ok = not types_given or bool(recorded)
        if type_status_ok:
            for condition in frozenset().union(*(by_type[i] for i in recorded)):  # conditions: C = {c}
                condition_counts[condition] += 1
    return {
        "types": dict(zip(TYPES, type_counts, strict=True)),
        "statuses": status_counts,
        "conditions": condition_counts,
    }


def facet_counts(members: Sequence[Member], f: Filter, facet: Facet) -> dict[str, int]:
    """The live counts of one facet (see `all_facet_counts`); roles are counted one filter run each."""
    if facet != "roles":
        return all_facet_counts(members, f)[facet]
    counts: dict[str, int] = {}
    for slug in FACET_VOCAB[facet]:
        matches = compile_filter(f.with_facet(facet, (slug,)))
        counts[slug] = sum(1 for m in members if matches(m))
    return counts
