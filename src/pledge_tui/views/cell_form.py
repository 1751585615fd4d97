"""The browser's edit form as data (README "Editing in the browser"): what it starts with, what it checks,
what it saves.

Headless, so the rules can be tested without a terminal, and so the form checks each field with the
very rules validation uses (`validate.SCHEMAS`: declared once). The browser's form widgets only show
`CellValues` and report them back; `cell_edit` turns them into the edit the one write path applies
(`dataset.edits.set_commitment` or `unset_commitment`, as the command line's `set` and `unset`).

Only the fields the analyst changed are sent for a record that exists: as with `set`, the others keep
the values they have in the file when the change is applied, so a change someone else made meanwhile to
another field of the same record is not undone by a form that merely showed the old value.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from typing import Any

from pledge_tui.dataset import edits
from pledge_tui.dataset.commit import Edit
from pledge_tui.dataset.history import Change, Tables, find
from pledge_tui.dataset.model import Dataset, Member, source_sort_key
from pledge_tui.dataset.validate import SCHEMAS
from pledge_tui.dataset.vocab import CONDITIONS
from pledge_tui.errors import Problem
from pledge_tui.sanitize import clean_line, fold, has_visible_text
from pledge_tui.views.present import SourceLine, label, source_line

REMOVE = "remove"
"""The form's status for "remove the record" (the cell becomes not disclosed): `unset`."""

RECORD_FIELDS = ("summary", "conditions", "lead", "quantity", "stated_on")
"""The record's fields the form edits besides its status (its sources only grow: see `cell_edit`)."""

_COMMITMENT_RULES = SCHEMAS[2]["commitments"]
_SOURCE_RULES = SCHEMAS[2]["sources"]


@dataclass(frozen=True, slots=True)
class CellValues:
    """What the edit form holds for one cell."""

    status: str | None
    """A stored status, `REMOVE`, or None (nothing chosen yet: a cell with no record)."""
    summary: str
    conditions: tuple[str, ...]
    """Condition slugs in vocabulary order (`ordered_conditions`)."""
    lead: bool
    quantity: str
    """Empty: none (null in the file)."""
    stated_on: str
    sources: tuple[str, ...]
    """The source ids this change cites (they are added to the record's own sources)."""
    note: str

    def replace(self, **changes: Any) -> CellValues:
        """A copy with some fields changed."""
        return CellValues(**{f.name: changes.get(f.name, getattr(self, f.name)) for f in fields(self)})


@dataclass(frozen=True, slots=True)
class NewSource:
    """A source typed into the "new source" sub-form (`edits.add_source` gives it the next free id)."""

    publisher: str
    title: str
    date: str
    url: str
    tier: str
    note: str = ""
    """Why this source is added: kept in its history entry, as `add-source --note` keeps it."""


def subject(member: Member, type_slug: str) -> str:
    """The cell in words, as messages name it: "Poland (PL), Air"."""
    return f"{clean_line(member.name)} ({member.id}), {label('types', type_slug)}"


def ordered_conditions(chosen: Iterable[str]) -> tuple[str, ...]:
    """Condition slugs in vocabulary order, each once."""
    wanted = set(chosen)
    return tuple(c for c in CONDITIONS if c in wanted)


def initial_values(member: Member, type_slug: str, today: str) -> CellValues:
    """The form as it opens: the record's values, or, for a cell with no record, no status chosen, an
    empty summary and today's date (what `set` gives a new record). No source is cited yet: every
    change must name its own (no source, no change)."""
    record = member.commitments.get(type_slug)
    if record is None:
        return CellValues(None, "", (), False, "", today, (), "")
    return CellValues(record.status, record.summary, ordered_conditions(record.conditions), record.lead,
                      record.quantity or "", record.stated_on, (), "")


def suggested_date(initial: CellValues, cited_dates: Iterable[str], *, exists: bool) -> str:
    """The date field's default once sources are cited: the newest cited source's date (a statement is
    dated by its source, not by the day it was typed in). For a new record it replaces today; for an
    existing one it is taken only when newer than the record's date. A source dated by its year alone
    says too little to date a statement and is passed over; with none left, `initial.stated_on`."""
    usable = [d for d in cited_dates if _COMMITMENT_RULES["stated_on"].message(d) is None]
    newest = max(usable, default=None)
    if newest is None or (exists and newest <= initial.stated_on):
        return initial.stated_on
    return newest


def is_dirty(values: CellValues, initial: CellValues) -> bool:
    """True when the analyst typed or chose something (escape then asks before discarding it)."""
    return values != initial


def changed_fields(values: CellValues, initial: CellValues) -> dict[str, Any]:
    """The record's fields (`RECORD_FIELDS`) the analyst changed, as `set_commitment` takes them."""
    return {name: _as_given(name, getattr(values, name)) for name in RECORD_FIELDS
            if getattr(values, name) != getattr(initial, name)}


def _as_given(name: str, value: Any) -> Any:
    if name == "quantity":
        return value if value.strip() else ""  # "" clears it (null), as `set --quantity ""`
    return list(value) if name == "conditions" else value


def problems(values: CellValues, *, exists: bool) -> dict[str, str]:
    """Field -> what is wrong, checked before anything is written, with validation's own rules."""
    found: dict[str, str] = {}
    if values.status is None:
        found["status"] = "choose a status"
    if not values.sources:
        found["sources"] = "cite at least one source: no source, no change"
    if values.status == REMOVE:
        if not exists:
            found["status"] = "this cell has no record to remove"
        if not has_visible_text(values.note):
            found["note"] = "removing a record needs a note saying why"
        return found
    checks = (("summary", values.summary), ("stated_on", values.stated_on),
              ("quantity", values.quantity if values.quantity.strip() else None))
    for name, value in checks:
        if (message := _COMMITMENT_RULES[name].message(value)) is not None:
            found[name] = message
    return found


def cell_edit(member_id: str, type_slug: str, values: CellValues, initial: CellValues, *, today: str) -> Edit:
    """The edit that saves the form, worked out on the file as it is under the lock.

    Removing is `unset`. Otherwise `set`: on a record that exists, only the fields the analyst changed
    (`changed_fields`), and the status only if it was changed; on a cell with no record (or one that
    someone else removed meanwhile), every field. The cited sources are added to the record's sources.
    """

    def edit(tables: Tables) -> Change:
        if values.status == REMOVE:
            return edits.unset_commitment(tables, member_id, type_slug, sources=values.sources, note=values.note)
        found = find(tables, "commitments", f"{member_id}/{type_slug}")
        if found is None:
            given = {name: _as_given(name, getattr(values, name)) for name in RECORD_FIELDS}
        else:
            given = changed_fields(values, initial)
        status = values.status if found is None or values.status != initial.status else found[1].get("status")
        return edits.set_commitment(tables, member_id, type_slug, str(status), sources=values.sources, today=today,
                                    note=values.note, **given)

    return edit


# --- problems the write path found -----------------------------------------------------------------


def problems_by_field(found: Sequence[Problem], table: str, key: str | None,
                      names: Iterable[str]) -> tuple[dict[str, str], list[str]]:
    """Sort the problems of a refused change: those about the record's own fields go beside those
    fields (the first per field), the history entry's sources and note beside the form's, and the rest
    into a list of one-line messages. `key`: the record's natural key; None for a record whose id is
    not known yet (a new source), when any record of `table` counts."""
    wanted = set(names)
    by_field: dict[str, str] = {}
    rest: list[str] = []
    for problem in found:
        about_record = problem.table == table and (key is None or f'"{key}"' in (problem.record or ""))
        about_entry = problem.table == "history" and problem.field in ("sources", "note")
        if (about_record or about_entry) and problem.field in wanted:
            by_field.setdefault(problem.field, problem.message)
        else:
            where = problem.location()
            rest.append(clean_line(f"{where}: {problem.message}" if where else problem.message))
    return by_field, rest


# --- sources: picking an existing one, typing a new one ----------------------------------------------


class SourceFinder:
    """Search the sources by id, publisher and title (case and accents ignored), as the form's source
    picker does on every keystroke: the folded text of each source is made once per dataset."""

    def __init__(self, dataset: Dataset) -> None:
        ordered = sorted(dataset.sources.values(), key=lambda s: (s.date, source_sort_key(s.id)), reverse=True)
        self._sources = [(source_line(s), fold(s.id), fold(f"{s.id} {s.publisher} {s.title}")) for s in ordered]

    def find(self, query: str, limit: int = 50) -> tuple[SourceLine, ...]:
        """The sources whose id, publisher or title hold every word of `query`: an exact id first, then
        ids that start with it, then the rest, newest first. An empty query lists the newest."""
        words = fold(query).split()
        whole = fold(query)
        ranked: list[tuple[int, int, SourceLine]] = []
        for position, (line, folded_id, text) in enumerate(self._sources):
            if all(w in text for w in words):
                rank = 0 if folded_id == whole else 1 if whole and folded_id.startswith(whole) else 2
                ranked.append((rank, position, line))
        ranked.sort(key=lambda item: item[:2])
        return tuple(line for _r, _p, line in ranked[:limit])


SOURCE_FIELDS = ("publisher", "title", "date", "url", "tier")


def source_problems(new: NewSource) -> dict[str, str]:
    """Field -> what is wrong with a new source, with validation's own rules."""
    found: dict[str, str] = {}
    for name in SOURCE_FIELDS:
        if (message := _SOURCE_RULES[name].message(getattr(new, name))) is not None:
            found[name] = message
    if not new.tier:
        found["tier"] = "choose a tier"
    return found


def source_edit(new: NewSource) -> Edit:
    """The edit that adds the source under the next free id (`add-source`)."""

    def edit(tables: Tables) -> Change:
        return edits.add_source(tables, publisher=new.publisher, title=new.title, date=new.date, url=new.url,
                                tier=new.tier, note=new.note)

    return edit
