"""The chart over time (README "What changed"): the disclosed commitments by the month they were said, stacked by
status, one column per month from the first said month to the data's as-of month.

48 of 88 commitments stated in January 2026, 16 in September 2025: a picture shows it at a glance where a
list hides it. The timeline screen draws it (`ui/widgets/said_chart.py`), the snapshot carries the same
numbers as a table (`formats.snapshot`), and both read `said_chart` here; `stacks` lays a column out in
rows of glyphs so that it reads without colour (the glyph says the status).

The said clock only: a record's `stated_on`. A record said only by its year cannot be put in a month; it
is counted apart (`by_year_only`). Headless.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from pledge_tui.dataset.model import Member
from pledge_tui.dataset.vocab import STORED_STATUSES

STACK_ORDER = STORED_STATUSES
"""Statuses from the bottom of a column up: the strongest at the base."""


@dataclass(frozen=True, slots=True)
class MonthCount:
    """One month's disclosed commitments, by status."""

    month: str
    """`YYYY-MM`."""
    counts: tuple[int, ...]
    """Per status of `STACK_ORDER`."""

    @property
    def total(self) -> int:
        """Every commitment said that month."""
        return sum(self.counts)


@dataclass(frozen=True, slots=True)
class SaidChart:
    """Every month from the first said month to the as-of month (months with none included)."""

    months: tuple[MonthCount, ...]
    by_year_only: int
    """Commitments whose `stated_on` gives only a year (or cannot be read): not in any month."""

    @property
    def total(self) -> int:
        """Every commitment counted (in a month or not)."""
        return sum(m.total for m in self.months) + self.by_year_only

    @property
    def highest(self) -> int:
        """The largest month's total (0 without months)."""
        return max((m.total for m in self.months), default=0)


def _month(text: str) -> str | None:
    """`2026-01-06` or `2026-01` -> `2026-01`; anything else (a year alone) -> None."""
    head = text.strip()[:7]
    if len(head) == 7 and head[4] == "-" and head[:4].isdigit() and head[5:].isdigit() and 1 <= int(head[5:]) <= 12:
        return head
    return None


def _next(month: str) -> str:
    year, number = int(month[:4]), int(month[5:])
    return f"{year + number // 12:04d}-{number % 12 + 1:02d}"


def said_chart(members: Iterable[Member], as_of: str) -> SaidChart:
    """The chart of the members' disclosed commitments (`members`: those shown), up to the as-of month (or
    the latest said month, if later)."""
    index = {status: i for i, status in enumerate(STACK_ORDER)}
    counts: dict[str, list[int]] = {}
    by_year = 0
    for member in members:
        for record in member.commitments.values():
            month = _month(record.stated_on)
            if month is None or record.status not in index:
                by_year += 1
                continue
            counts.setdefault(month, [0] * len(STACK_ORDER))[index[record.status]] += 1
    if not counts:
        return SaidChart((), by_year)
    first, last = min(counts), max(counts)
    end = max(last, _month(as_of) or last)
    months: list[MonthCount] = []
    month = first
    while month <= end and len(months) < 1200:
        months.append(MonthCount(month, tuple(counts.get(month, (0,) * len(STACK_ORDER)))))
        month = _next(month)
    return SaidChart(tuple(months), by_year)


def stack(counts: Sequence[int], rows: int, highest: int) -> tuple[str | None, ...]:
    """One column of `rows` cells, bottom first: each cell the status it shows, or None (empty).

    The column's height is its total scaled to `highest` (at least one cell when the total is not zero);
    the cells are shared among the statuses by largest remainder, and a status with a count gets at least
    one cell when the column has room, so a lone "ruled out" is never rounded away."""
    total = sum(counts)
    if total == 0 or highest == 0 or rows <= 0:
        return (None,) * max(rows, 0)
    height = min(rows, max(1, round(rows * total / highest)))
    present = [i for i, n in enumerate(counts) if n]
    shares = [height * n / total for n in counts]
    cells = [int(s) for s in shares]
    if height >= len(present):
        for i in present:
            cells[i] = max(cells[i], 1)
    while sum(cells) > height:
        largest = max((i for i in range(len(cells)) if cells[i] > (1 if i in present and height >= len(present)
                                                                  else 0)), key=lambda i: cells[i] - shares[i])
        cells[largest] -= 1
    while sum(cells) < height:
        cells[max(present, key=lambda i: shares[i] - cells[i])] += 1
    column: list[str | None] = [STACK_ORDER[i] for i, n in enumerate(cells) for _ in range(n)]
    return (*column, *(None,) * (rows - len(column)))
