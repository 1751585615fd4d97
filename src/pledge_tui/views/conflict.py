"""Their record beside yours: what the edit form shows when someone else changed the record it edits
(README "Editing in the browser" and "The browser"), so the analyst can judge what a save would overwrite.

"Theirs" is the record as it is in the file now (or that there is none); "yours" is what the record would
be after `ctrl+s`: the edit form sends only the fields the analyst changed (`views.cell_form.cell_edit`),
so every other field keeps their value, and the cited sources are added to theirs. Field by field, side
by side, with the fields that differ marked.

Headless: no Textual, no Rich. Data text is cleaned (`sanitize`).
"""

from __future__ import annotations

from dataclasses import dataclass

from pledge_tui.dataset.catalogue import NOT_DISCLOSED, field_title
from pledge_tui.dataset.model import Commitment, Dataset
from pledge_tui.sanitize import clean_line, clean_text
from pledge_tui.views.cell_form import REMOVE, CellValues, changed_fields
from pledge_tui.views.present import label
from pledge_tui.views.reload import entry_ref

COMPARED = ("status", "summary", "conditions", "lead", "quantity", "stated_on", "sources")
"""The record's fields, in the form's order."""

NO_RECORD = f"no record ({label('statuses', NOT_DISCLOSED)})"


@dataclass(frozen=True, slots=True)
class FieldPair:
    """One field: its title, their value and yours, in words."""

    title: str
    theirs: str
    yours: str

    @property
    def differs(self) -> bool:
        """True when a save would change this field of their record."""
        return self.theirs != self.yours


def _words(name: str, value: object) -> str:
    if name == "status":
        return label("statuses", str(value))
    if name == "conditions":
        return ", ".join(label("conditions", c) for c in value) or "none"  # type: ignore[attr-defined]
    if name == "lead":
        return "yes" if value else "no"
    if name == "quantity":
        return clean_line(str(value)) if value and str(value).strip() else "none"
    if name == "sources":
        return ", ".join(value) or "none"  # type: ignore[arg-type]
    return clean_text(str(value)) if name == "summary" else clean_line(str(value))


def _record_values(record: Commitment) -> dict[str, object]:
    return {name: getattr(record, name) for name in COMPARED}


def after_save(theirs: Commitment | None, values: CellValues, initial: CellValues) -> dict[str, object] | None:
    """The record as `ctrl+s` would leave it over `theirs` (None: the save removes it), by the rules of
    `cell_form.cell_edit`: on a record that exists, only the fields changed since the form opened (and
    the status only if it was changed), the cited sources added to theirs; on no record, every field."""
    if values.status == REMOVE:
        return None
    if theirs is None:
        result: dict[str, object] = {name: getattr(values, name) for name in COMPARED if name != "sources"}
        result["sources"] = values.sources
        return result
    result = _record_values(theirs)
    result.update(changed_fields(values, initial))
    if values.status != initial.status and values.status is not None:
        result["status"] = values.status
    result["sources"] = (*theirs.sources, *(s for s in values.sources if s not in theirs.sources))
    return result


def compare(theirs: Commitment | None, values: CellValues, initial: CellValues) -> tuple[FieldPair, ...]:
    """Their record and the one a save would leave, field by field, in the form's order."""
    yours = after_save(theirs, values, initial)
    theirs_values = _record_values(theirs) if theirs is not None else None
    pairs = []
    for name in COMPARED:
        then = _words(name, theirs_values[name]) if theirs_values is not None else "—"
        now = _words(name, yours[name]) if yours is not None else "—"
        pairs.append(FieldPair(field_title(name), then, now))
    if theirs_values is None or yours is None:  # one side has no record: say so on the status line
        first = pairs[0]
        pairs[0] = FieldPair(first.title, first.theirs if theirs_values is not None else NO_RECORD,
                             first.yours if yours is not None else f"removed ({label('statuses', NOT_DISCLOSED)})")
    return tuple(pairs)


def changed_by(dataset: Dataset, key: str) -> str:
    """Who last changed the record `key` (`MEMBER/TYPE`), from the history: "by anna at 2026-12-07 10:02
    UTC (entry 41)", or that no history entry records a change to it."""
    entry = next((e for e in reversed(dataset.history) if e.table == "commitments" and e.key == key), None)
    if entry is None:
        return "outside pledge-tui (no history entry records it)"
    return f"by {clean_line(entry.by)[:60]} at {entry.at[:16].replace('T', ' ')} UTC ({entry_ref(entry)})"
