"""Search and member look-up (README "Filter semantics" and "Vocabulary"), shared by the command line and the browser.

Comparison ignores case, accents, the Unicode normalisation form, zero-width joiners, soft hyphens and
runs of spaces (`sanitize.fold`): `turk`, `türk` and `turkiye` all find Türkiye.

**The rule.** The search text, folded, is first read as a *name*: if it equals a member's id, its whole
name, one word of its name, or one of its other names (`ALIASES`), exactly the members so named match
("us" finds the United States, "uk" and "britain" the United Kingdom, "united" both of them), and no
member merely because its prose contains the letters. Otherwise it is a substring search over the id,
name, other names, stance, caveats and commitment summaries ("pol" finds Poland, "ceasefire" every
member that mentions one). Whether the text is a name is decided over all the members being searched,
so the rule does not depend on the other filters.

`find_members` is the look-up of `show MEMBER`: an id wins over names; then whole names and other
names; several members of one name are an ambiguity the caller reports.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import lru_cache

from pledge_tui.dataset.model import Member
from pledge_tui.sanitize import fold

ALIASES: Mapping[str, tuple[str, ...]] = {
    "GB": ("UK", "U.K.", "Britain", "Great Britain", "United Kingdom of Great Britain and Northern Ireland"),
    "US": ("USA", "U.S.", "U.S.A.", "America", "United States of America"),
    "NL": ("Holland", "The Netherlands"),
    "CZ": ("Czech Republic",),
    "TR": ("Turkey", "Republic of Türkiye"),
    "DE": ("Deutschland",),
    "FI": ("Suomi",),
    "GR": ("Hellas",),
    "EU": ("European Union",),
    "NATO": ("North Atlantic Treaty Organization", "OTAN", "the Alliance"),
    "COW": ("Coalition of the Willing", "the coalition"),
}
"""Other names by member id: THE table of them. Searching or `show`ing an other name finds the member."""

_STOP_WORDS = frozenset({"of", "the", "and"})
"""Words of a name that name nothing on their own ("Republic of Korea" is not found by "of")."""

_WORD = re.compile(r"\w+")


@lru_cache(maxsize=65536)
def identity_words(member_id: str, name: str) -> frozenset[str]:
    """The folded names a member answers to: its id, whole name, each word of its name, its other names."""
    folded_name = fold(name)
    words = {fold(member_id), folded_name, *(fold(a) for a in ALIASES.get(member_id, ()))}
    words.update(w for w in _WORD.findall(folded_name) if w not in _STOP_WORDS)
    words.discard("")
    return frozenset(words)


@lru_cache(maxsize=4096)
def other_names(member_id: str) -> tuple[str, ...]:
    """The member's other names, folded (for the substring search and the look-up)."""
    return tuple(fold(a) for a in ALIASES.get(member_id, ()))


_cached: tuple[Sequence[Member], dict[str, frozenset[str]]] | None = None


def _names_index(members: Sequence[Member]) -> dict[str, frozenset[str]]:
    """Folded name -> ids of the members it names. Kept for the last tuple of members searched (the
    dataset's own tuple, searched at every key press in the browser); built afresh for anything else."""
    global _cached
    if _cached is not None and _cached[0] is members:
        return _cached[1]
    index: dict[str, set[str]] = {}
    for m in members:
        for word in identity_words(m.id, m.name):
            index.setdefault(word, set()).add(m.id)
    frozen = {word: frozenset(ids) for word, ids in index.items()}
    if isinstance(members, tuple):
        _cached = (members, frozen)
    return frozen


def needle(text: str) -> str:
    """The search text as compared: folded (see `sanitize.fold`)."""
    return fold(text)


def compile_search(text: str, members: Sequence[Member]) -> Callable[[Member], bool] | None:
    """The predicate for a search text over `members` (the rule is in the module's docstring); None
    when the text is empty once folded (no search)."""
    wanted = needle(text)
    if not wanted:
        return None
    named = _names_index(members).get(wanted)
    if named is not None:
        return lambda member: member.id in named

    by_other_name = frozenset(member_id for member_id in ALIASES if any(wanted in n for n in other_names(member_id)))
    if not by_other_name:
        return lambda member: wanted in member.search_text
    return lambda member: wanted in member.search_text or member.id in by_other_name


def find_members(members: Iterable[Member], query: str) -> list[Member]:
    """The members `query` names, for `show MEMBER`: the member with that id (ids win), else every
    member whose whole name or other name it is. Case, accents and spacing are ignored."""
    wanted = fold(query)
    if not wanted:
        return []
    candidates = list(members)
    by_id = [m for m in candidates if fold(m.id) == wanted]
    if by_id:
        return by_id
    return [m for m in candidates if wanted == fold(m.name) or wanted in other_names(m.id)]
