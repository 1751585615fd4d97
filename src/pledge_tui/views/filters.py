"""Filter and sort semantics (README "Filter semantics"), as pure functions shared by the CLI and the browser.

Search is `views.search`; the coalition-as-a-whole row (role `coalition`) comes first in every sort.
"""

# (No `from __future__ import annotations` here: typing compiles each string annotation of a NamedTuple
# field into a ForwardRef, 0.08 ms a field in every command's start; benchmarks/PROFILE.md A8.)

from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import cache
from operator import attrgetter
from typing import Any, Literal, NamedTuple

from pledge_tui.dataset import catalogue
from pledge_tui.dataset.model import Member
from pledge_tui.dataset.vocab import CONDITIONS, NOT_DISCLOSED, ROLES, SORTS, STATUSES, TYPES
from pledge_tui.errors import UsageError
from pledge_tui.sanitize import fold
from pledge_tui.views.search import compile_search, needle

Facet = Literal["types", "statuses", "conditions", "roles"]
ALL_TYPES = tuple(range(len(TYPES)))


class Stale(NamedTuple):
    """The stale part of a filter (`--stale MONTHS`, README "What changed"), resolved against one dataset
    (`views.freshness.stale_filter`): which members have a disclosed cell whose newest source is older."""

    months: int
    before: str
    """The cutoff day (`YYYY-MM-DD`): a newest source dated before it is older than `months` months."""
    members: frozenset[str]
    """The ids of the stale members."""


class Filter(NamedTuple):
    """What the analyst asked for. Each facet keeps the order it was given in (the snapshot's front
    matter states the filter exactly as given); an empty facet means "no restriction"."""

    types: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    conditions: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    search: str = ""
    stale: Stale | None = None
    """`--stale MONTHS`: only the members with a claim resting on old sources; None: no such restriction."""

    @property
    def is_empty(self) -> bool:
        """True when the filter restricts nothing."""
        return not (self.types or self.statuses or self.conditions or self.roles or needle(self.search)
                    or self.stale is not None)

    def toggled(self, facet: Facet, slug: str) -> "Filter":
        """A copy with `slug` added to or removed from one facet (the browser's space key)."""
        current: tuple[str, ...] = getattr(self, facet)
        updated = tuple(s for s in current if s != slug) if slug in current else (*current, slug)
        return self.with_facet(facet, updated)

    def with_facet(self, facet: Facet, slugs: tuple[str, ...]) -> "Filter":
        """A copy with one facet replaced."""
        changes: dict[str, Any] = {facet: slugs}
        return self._replace(**changes)

    def with_search(self, text: str) -> "Filter":
        """A copy with a new search text."""
        return self._replace(search=text)


PARSED = ("types", "statuses", "conditions", "roles", "approvals", "attendance", "tiers")
"""The vocabularies a command-line value may name (`dataset.catalogue.VOCABULARIES`)."""


@cache
def _spellings(vocabulary: str) -> dict[str, str]:
    """Every accepted spelling of a vocabulary's values, folded, to the slug: the slug, the label (README
    "Vocabulary") and the short label (for types, the `list` table's column header)."""
    out: dict[str, str] = {}
    for term in catalogue.VOCABULARIES[vocabulary].terms:
        for name in (term.slug, term.label, term.short):
            out.setdefault(fold(name), term.slug)
    return out


def parse_slug(value: str, vocabulary: str, where: str | None = None, *,
               refused: Mapping[str, str] | None = None) -> str:
    """The slug a command-line value names: a slug or a label, ignoring case, accents and extra spaces
    (`air`, `Air` and `air-patrol` are all `air-patrol`). The one parser of the read and write commands.

    `vocabulary` is one of `PARSED`; `where` names the option or argument in messages (default
    `--type` and so on); `refused` maps slugs that may not be given here to the reason (`set` takes no
    `not-disclosed`). Raises `UsageError` suggesting the nearest value on a typo.
    """
    words = catalogue.VOCABULARIES[vocabulary]
    noun, slugs = words.noun, words.slugs
    where = where or f"--{noun}"
    refused = refused or {}
    spellings = _spellings(vocabulary)
    slug = spellings.get(fold(value))
    shown = repr(value.strip()[:80])
    expected = f"(expected one of: {', '.join(s for s in slugs if s not in refused)}, or their labels)"
    if slug is not None and slug not in refused:
        return slug
    if slug is not None:
        raise UsageError(f"{noun} {shown} cannot be given for {where} {expected}; {refused[slug]}")
    import difflib  # only on the error path: not worth its import time on every call

    candidates = [name for name, s in spellings.items() if s not in refused]
    close = difflib.get_close_matches(fold(value), candidates, n=1, cutoff=0.6)
    hint = ""
    if close:
        nearest = spellings[close[0]]
        hint = f"; did you mean {nearest} ({words.label(nearest)})?"
    raise UsageError(f"unknown {noun} {shown} for {where}{hint} {expected}")


def parse_slugs(values: Iterable[str], vocabulary: str, where: str | None = None) -> tuple[str, ...]:
    """Turn repeatable, comma-separated option values (slugs or labels) into slugs, in the order given,
    without repeats. Raises `UsageError` naming the unknown value and the accepted ones (`parse_slug`)."""
    out: dict[str, None] = {}
    for value in values:
        for part in value.split(","):
            if part.strip():
                out[parse_slug(part, vocabulary, where)] = None
    return tuple(out)


def search_needle(text: str) -> str:
    """The search text as matched (see `views.search`): folded, so case, accents and spacing do not count."""
    return needle(text)


_Parts = tuple[tuple[int, ...], bool, frozenset[str], frozenset[str], frozenset[str], Callable[[Member], bool] | None]
"""A filter taken apart for matching (`_parts`), unpacked into locals: closures read locals faster than
attributes."""


def _parts(f: Filter, universe: Sequence[Member]) -> _Parts:
    """Take `f` apart: the positions in `TYPES` of the selected types (of every type when none is), whether
    any was selected, the statuses, conditions and roles as sets, and the search predicate, compiled over
    `universe` (all the members being filtered)."""
    return (tuple(TYPES.index(t) for t in f.types) or ALL_TYPES, bool(f.types), frozenset(f.statuses),
            frozenset(f.conditions), frozenset(f.roles), compile_search(f.search, universe))


def compile_filter(f: Filter, universe: Sequence[Member]) -> Callable[[Member], bool]:
    """Build the predicate for a filter once, so that matching many members is a tight loop over
    each member's precomputed status and condition tuples. `universe` is every member the filter will
    be applied to: the search decides over them whether its text names members (`views.search`)."""
    type_index, types_given, statuses, conditions, roles, search = _parts(f, universe)
    stale = f.stale.members if f.stale is not None else None

    def matches(member: Member) -> bool:
        if roles and member.role not in roles:
            return False
        if stale is not None and member.id not in stale:
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
        return search is None or search(member)

    return matches


SORT_KEYS: dict[str, Callable[[Member], tuple[object, ...]]] = {
    "name": attrgetter("name_key"),
    "strongest": attrgetter("strength_key"),
    "caveats": attrgetter("caveats_key"),
}
"""Every sort key ends with the name and then the id, so the order is deterministic. The keys are
computed once per member when the dataset is built."""

COALITION_ROLE = "coalition"
"""The role of the row for what the coalition committed to as a whole: first in every sort (README "The data")."""


def apply_filter(members: Sequence[Member], f: Filter, sort: str = "name") -> list[Member]:
    """The members matching `f`, ordered by `sort` (one of `SORTS`)."""
    if sort not in SORT_KEYS:
        raise UsageError(f"unknown sort {sort!r} (expected one of: {', '.join(SORTS)})")
    matches = compile_filter(f, members)
    rows = sorted(filter(matches, members), key=SORT_KEYS[sort])
    coalition = [m for m in rows if m.role == COALITION_ROLE]
    if not coalition:
        return rows
    return [*coalition, *(m for m in rows if m.role != COALITION_ROLE)]


def all_facet_counts(members: Sequence[Member], f: Filter) -> dict[Facet, dict[str, int]]:
    """For each type, status and condition: how many members would match if the filter held that value
    alone in its facet (the other facets as they are). The browser shows these as live counts.

    One pass over the members instead of one filter run per value (23 of them): each member's
    contribution to every count is read off its status and condition tuples.
    """
    type_index, types_given, statuses, conditions, roles, search = _parts(f, members)
    stale = f.stale.members if f.stale is not None else None
    type_counts = [0] * len(TYPES)
    status_counts = dict.fromkeys(STATUSES, 0)
    condition_counts = dict.fromkeys(CONDITIONS, 0)
    for member in members:
        if (roles and member.role not in roles) or (search is not None and not search(member)) or (
                stale is not None and member.id not in stale):
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
    for slug in ROLES:
        matches = compile_filter(f.with_facet(facet, (slug,)), members)
        counts[slug] = sum(1 for m in members if matches(m))
    return counts
