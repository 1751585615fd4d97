"""Filter and sort semantics (spec section 4), as pure functions shared by the CLI and the browser."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any, Literal

from pledge_tui.errors import UsageError
from pledge_tui.model import Member
from pledge_tui.vocab import CONDITIONS, ROLES, SORTS, STATUS_RANK, STATUSES, TYPES

Facet = Literal["types", "statuses", "conditions", "roles"]
FACET_VOCAB: dict[Facet, tuple[str, ...]] = {
    "types": TYPES,
    "statuses": STATUSES,
    "conditions": CONDITIONS,
    "roles": ROLES,
}
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


def compile_filter(f: Filter) -> Callable[[Member], bool]:
    """Build the predicate for a filter once, so that matching many members is a tight loop."""
    type_index = [TYPES.index(t) for t in f.types] or list(range(len(TYPES)))
    statuses = frozenset(f.statuses)
    types_given = bool(f.types)
    conditions = frozenset(f.conditions)
    roles = frozenset(f.roles)
    needle = f.search.strip().casefold()

    def matches(member: Member) -> bool:
        if roles and member.role not in roles:
            return False
        vector = member.statuses
        if statuses:
            if not any(vector[i] in statuses for i in type_index):
                return False
        elif types_given and all(vector[i] == "not-disclosed" for i in type_index):
            return False
        if conditions and not any(
            conditions.issubset(record.conditions)
            for record in member.commitments.values()
            if not types_given or record.type in f.types
        ):
            return False
        return not needle or needle in member.search_text

    return matches


def _strength(member: Member) -> tuple[int, ...]:
    """Strongest status first, then more records at each stronger status."""
    counts = [0] * len(STATUSES)
    for status in member.statuses:
        counts[STATUS_RANK[status]] += 1
    return (member.strongest_rank, *(-c for c in counts[:-1]))


SORT_KEYS: dict[str, Callable[[Member], tuple[object, ...]]] = {
    "name": lambda m: (m.name.casefold(), m.id),
    "strongest": lambda m: (*_strength(m), m.name.casefold(), m.id),
    "caveats": lambda m: (-len(m.caveats), m.name.casefold(), m.id),
}
"""Every sort ends with the name and then the id, so the order is deterministic."""


def apply_filter(members: Sequence[Member], f: Filter, sort: str = "name") -> list[Member]:
    """The members matching `f`, ordered by `sort` (one of `SORTS`)."""
    if sort not in SORT_KEYS:
        raise UsageError(f"unknown sort {sort!r} (expected one of: {', '.join(SORTS)})")
    matches = compile_filter(f)
    return sorted((m for m in members if matches(m)), key=SORT_KEYS[sort])


def facet_counts(members: Sequence[Member], f: Filter, facet: Facet) -> dict[str, int]:
    """For each value of a facet, how many members would match if the filter had that value alone
    in the facet. The browser's sidebar shows these as live counts next to each checkbox."""
    counts: dict[str, int] = {}
    for slug in FACET_VOCAB[facet]:
        matches = compile_filter(f.with_facet(facet, (slug,)))
        counts[slug] = sum(1 for m in members if matches(m))
    return counts
