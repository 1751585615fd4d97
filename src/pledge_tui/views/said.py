"""What was said since a date (`changes --said-since DATE`, README "What changed"): the said clock.

`changes --since` asks what was *recorded* since a date; a correction recorded in November of a position
stated in January answers it. `--said-since` asks the other question: which disclosed cells were stated
(their `stated_on`) on or after DATE, whenever they were recorded. Each cell is listed with both clocks,
named: when it was said, and when the entry that set it was recorded (or "baseline": as the data was when
history began). A month-precise statement counts for a day of its month (`views.clocks.said_on_or_after`).

Filters are those of `list` (a cell is listed when its member matches); cells come newest said first,
then in the members' order under the sort, then the type display order.
"""

from __future__ import annotations

from dataclasses import dataclass

from pledge_tui.dataset.catalogue import label
from pledge_tui.dataset.model import Dataset
from pledge_tui.dataset.vocab import TYPES
from pledge_tui.sanitize import clean_line
from pledge_tui.views.blame import newest_change
from pledge_tui.views.clocks import said_day, said_on_or_after
from pledge_tui.views.entries import EntryId, entry_id
from pledge_tui.views.filters import Filter, apply_filter
from pledge_tui.views.statuses import status_text


@dataclass(frozen=True, slots=True)
class SaidCell:
    """A disclosed cell stated on or after the date, with both clocks."""

    member_id: str
    member_name: str
    """Cleaned, one line."""
    type: str
    type_label: str
    status: str
    status_words: str
    """"pledged, lead nation"."""
    conditions: tuple[str, ...]
    condition_labels: tuple[str, ...]
    lead: bool
    said: str
    """The record's `stated_on` (the said clock)."""
    recorded: str | None
    """When the newest entry that changed the record was recorded (the recorded clock); None: baseline."""
    entry: EntryId | None
    """That entry, or None."""
    sources: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SaidSince:
    """`changes --said-since DATE`."""

    since: str
    """The date as given (checked, cleaned)."""
    cells: tuple[SaidCell, ...]
    disclosed: int
    """Disclosed cells of the members the filter shows (of the selected types): the count `cells` is out of."""


def said_since(dataset: Dataset, text: str, f: Filter | None = None, sort: str = "name") -> SaidSince:
    """The disclosed cells stated on or after `text` (`YYYY-MM-DD`, `YYYY-MM` or `YYYY`), as `SaidSince`.

    Raises `UsageError` for a malformed date.
    """
    day = said_day(text)
    f = f or Filter()
    types = f.types or TYPES
    order: list[tuple[str, int, int, SaidCell]] = []
    disclosed = 0
    for position, member in enumerate(apply_filter(dataset.members, f, sort)):
        name = clean_line(member.name)
        for type_slug in types:
            record = member.commitments.get(type_slug)
            if record is None:
                continue
            disclosed += 1
            if not said_on_or_after(record.stated_on, day):
                continue
            entry = newest_change(dataset, "commitments", f"{member.id}/{type_slug}")
            cell = SaidCell(member.id, name, type_slug, label("types", type_slug), record.status,
                            status_text(record.status, record.lead), record.conditions,
                            tuple(label("conditions", c) for c in record.conditions), record.lead, record.stated_on,
                            entry.at if entry is not None else None, entry_id(entry) if entry is not None else None,
                            record.sources)
            order.append((record.stated_on, -position, -TYPES.index(type_slug), cell))
    order.sort(key=lambda item: item[:3], reverse=True)
    return SaidSince(clean_line(day), tuple(item[3] for item in order), disclosed)
