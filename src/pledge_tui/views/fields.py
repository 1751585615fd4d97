"""One field of a record, before and after: the unit every change is told in.

`diff` (two files), `changes` (the data then and now), `history` (one entry's record before and after),
the timeline and the detail pane all compare two stored documents of a record with `field_changes`, so
a field that moved is found, named and classed the same way everywhere. Each change has a kind (README
"What changed", `dataset.catalogue.KINDS`): `status`, `conditions`, `lead`, `sources`, `dates` or `wording`;
the catalogue's `Field.kind` says which field is which.

Headless; the display values are cleaned here (`sanitize`), the raw values kept for the machine formats.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, NamedTuple

from pledge_tui.dataset.catalogue import FIELD_BY_NAME, FIELDS, KINDS, NO, NONE, VOCABULARIES, YES, field_kind
from pledge_tui.dataset.catalogue import field_words as _field_words
from pledge_tui.sanitize import clean_text

MISSING: Any = object()
"""A field (or record) that is not there, as opposed to one holding null."""


class FieldChange(NamedTuple):
    """One field of a record, before and after: the stored values, and as display text (labels for slugs,
    cleaned text).

    The display text is worked out when it is read (`label`, `old`, `new`, `added`, `removed`), not when the
    change is made: `history --format json` makes a change per field of every entry and reads none of it
    (a third of that command's view at 10,000 entries). A typed named tuple: as immutable as a frozen
    dataclass, and made in a third of the time."""

    field: str
    """The stored field name (`status`, `caveats`, `reported_commitments.note`, ...)."""
    old_value: Any = MISSING
    """The stored value before, exactly as stored (`MISSING` when absent): for the machine formats."""
    new_value: Any = MISSING
    """The stored value after, exactly as stored (`MISSING` when absent)."""

    @property
    def label(self) -> str:
        """The field in words."""
        return _field_words(self.field)

    @property
    def old(self) -> str | None:
        """The value before as display text; None: the record (or the field) did not exist."""
        return None if self.old_value is MISSING else display_value(self.field, self.old_value)

    @property
    def new(self) -> str | None:
        """The value after as display text; None: the record (or the field) no longer exists."""
        return None if self.new_value is MISSING else display_value(self.field, self.new_value)

    @property
    def added(self) -> tuple[str, ...]:
        """For a list kept on both sides (sources, caveats): the items that came, in order (cleaned)."""
        return self._items_only_in(self.new_value, self.old_value)

    @property
    def removed(self) -> tuple[str, ...]:
        """... and the items that went."""
        return self._items_only_in(self.old_value, self.new_value)

    def _items_only_in(self, side: Any, other: Any) -> tuple[str, ...]:
        """The items of one side's list not in the other's, cleaned; none unless both sides are lists (the
        conditions are told as a whole)."""
        if not (isinstance(side, list) and isinstance(other, list)) or self.field == "conditions":
            return ()
        return tuple(clean_text(str(x)) for x in side if x not in other)

    @property
    def is_text(self) -> bool:
        """True for prose fields (summary, stance, caveats, titles, notes: `catalogue.Field.prose`)."""
        known = FIELD_BY_NAME.get(self.field)
        return known is not None and known.prose

    @property
    def kind(self) -> str:
        """What the change moved: a slug of `catalogue.KINDS` (`status`, ..., `wording`)."""
        return field_kind(self.field)


def display_value(field: str, value: Any) -> str:
    """A stored value as display text: a slug by its label, a boolean as yes or no, nothing as none."""
    known = FIELD_BY_NAME.get(field)
    words = VOCABULARIES[known.vocabulary] if known is not None and known.vocabulary else None
    if words is not None and isinstance(value, str):
        return words.label(value)
    if isinstance(value, bool):
        return YES if value else NO
    if value is None:
        return NONE
    if isinstance(value, list | tuple):
        if words is not None:
            return ", ".join(words.label(str(v)) for v in value) or NONE
        return ("; " if field == "caveats" else ", ").join(clean_text(str(v)) for v in value) or NONE
    return clean_text(str(value))


_PLAIN = frozenset({str, list, int, float, bool, type(None)})
"""Types of stored values that are never a nested object (`_flat` tests them before the slower ABC check)."""


def _flat(doc: Mapping[str, Any] | None) -> dict[str, Any]:
    """A stored document's fields, nested objects flattened one level (`reported_commitments.note`)."""
    out: dict[str, Any] = {}
    for name, value in (doc or {}).items():
        if type(value) is dict or (type(value) not in _PLAIN and isinstance(value, Mapping)):
            out.update({f"{name}.{inner}": v for inner, v in value.items()})
        else:
            out[name] = value
    return out


_KEY_FIELDS = frozenset(f.name for f in FIELDS if f.key)
_FIELD_ORDER = {name: i for i, name in enumerate(dict.fromkeys(
    f.name for f in sorted(FIELDS, key=lambda f: f.name == "sources") if not f.key))}
"""The order fields are listed in: the catalogue's (what a reader looks at first), the sources last."""


_NOTHING: Mapping[str, Any] = {}
"""The fields of a record that does not exist."""


def _nested(value: Any) -> bool:
    """True for a nested object (`_flat` flattens it)."""
    return type(value) is dict or (type(value) not in _PLAIN and isinstance(value, Mapping))


def _order(name: str) -> tuple[int, str]:
    return _FIELD_ORDER.get(name, len(_FIELD_ORDER)), name


def field_changes(before: Mapping[str, Any] | None, after: Mapping[str, Any] | None) -> tuple[FieldChange, ...]:
    """The fields that differ between two versions of a stored record, in reading order (`_FIELD_ORDER`).

    A record created or removed lists all its fields but the ones that make its key. Only the fields that
    differ are flattened (`_flat`), and only when one of them is a nested object: most entries change one
    field or two of a dozen, and flattening both whole records took half of `history` at 10,000 entries.
    """
    old, new = before or _NOTHING, after or _NOTHING
    names = [n for n, value in old.items() if new.get(n, MISSING) != value]
    if old.keys() != new.keys():
        names += [n for n in new if n not in old]
    if any(_nested(old.get(n)) or _nested(new.get(n)) for n in names):
        old, new = _flat({n: old[n] for n in names if n in old}), _flat({n: new[n] for n in names if n in new})
        names = [n for n in {*old, *new} if old.get(n, MISSING) != new.get(n, MISSING)]
    changed = [n for n in names if n not in _KEY_FIELDS]
    if len(changed) > 1:
        changed.sort(key=_order)  # the few that changed, not all
    return tuple([FieldChange(n, old.get(n, MISSING), new.get(n, MISSING)) for n in changed])


def kinds_of(changes: Iterable[FieldChange]) -> tuple[str, ...]:
    """The kinds the changes moved, each once, in `KINDS` order (what a change "leads with")."""
    moved = {c.kind for c in changes}
    return tuple(k for k in KINDS.slugs if k in moved)
