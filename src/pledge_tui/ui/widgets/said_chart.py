"""The chart over time on the timeline screen: the disclosed commitments by the month they were said,
stacked by status (`views.chart`).

Drawn like the summary panel's bars, in the status glyphs (● ◐ ○ ✕) and colours, so it reads without
colour: each month is a column of glyphs, its total above it, the month under it and the year under the
Januaries. Columns are as wide as the screen allows (one to three cells); when even one cell per month
does not fit, the latest months are drawn and the line above says how many earlier ones are left out
(the snapshot's table has them all).
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

from pledge_tui.dataset.catalogue import CHART_TITLE
from pledge_tui.sanitize import clean_line
from pledge_tui.ui.styles import MUTED, STATUS_STYLES, STRONG
from pledge_tui.views.chart import STACK_ORDER, MonthCount, SaidChart, stack
from pledge_tui.views.present import glyph, label

BAR_ROWS = 8
"""Rows of the tallest column."""
CHART_HEIGHT = BAR_ROWS + 4
"""The widget's height: title, totals, the bars, months, years."""


def chart_title(chart: SaidChart, scope: str) -> str:
    """"Commitments by the month they were said (88 of the members shown; stacked by status)"."""
    apart = f"; {chart.by_year_only} said only by year, not shown" if chart.by_year_only else ""
    return f"{CHART_TITLE} ({chart.total} {scope}{apart})"


class SaidChartView(Widget):
    """The chart, drawn at the width it has each time it is painted (also after a resize)."""

    chart: reactive[SaidChart | None] = reactive(None)
    scope: reactive[str] = reactive("disclosed")
    """What the counts cover, in words ("disclosed, every member")."""

    def render(self) -> Content:
        """Title and legend, then the columns."""
        chart = self.chart
        if chart is None or not chart.months:
            return Content.styled("No disclosed commitment has a month it was said in.", MUTED)
        months = chart.months
        number_width = len(str(chart.highest))
        width = max(1, min(3, number_width + 1, (self.size.width - 1) // max(1, len(months))))
        fits = max(1, (self.size.width - 1) // width)
        left_out = max(0, len(months) - fits)
        shown = months[left_out:]
        title = chart_title(chart, self.scope)
        if left_out:
            title += f"; the {left_out} earlier months are in the snapshot's table"
        parts: list[Content | str | tuple[str, str]] = [(clean_line(title), STRONG), "\n"]
        highest = max(m.total for m in shown) if shown else 0
        columns = [stack(m.counts, BAR_ROWS, highest) for m in shown]
        parts.append((" " + "".join((str(m.total) if m.total and width > number_width else "").rjust(width - 1)
                                    + " " * (width > 1) for m in shown) + "\n", MUTED))
        cell = max(1, width - 1)
        for row in range(BAR_ROWS - 1, -1, -1):
            parts.append(" ")
            for column in columns:
                status = column[row]
                parts.append((glyph(status, False) * cell, STATUS_STYLES[status]) if status else " " * cell)
                if width > 1:
                    parts.append(" ")
            parts.append("\n")
        months_row = "".join(m.month[5:].rjust(cell)[-cell:] + " " * (width > 1) for m in shown) if cell >= 2 else ""
        parts.append((" " + months_row.rstrip() + "\n", MUTED))
        years = " " + year_labels(shown, width)
        parts.append((years, MUTED))
        legend = "  ".join(f"{glyph(status, False)} {label('statuses', status)}" for status in STACK_ORDER)
        if len(years) + 4 + len(legend) <= self.size.width:
            parts.append(" " * (self.size.width - len(years) - len(legend) - 1))
            for status in STACK_ORDER:
                parts += [(f"{glyph(status, False)} {label('statuses', status)}", STATUS_STYLES[status]), "  "]
            parts.pop()
        return Content.assemble(*parts)


def year_labels(months: Sequence[MonthCount], width: int) -> str:
    """The years under their first month shown and under each January, where they fit without overlapping."""
    line = [" "] * (len(months) * width + 4)
    free = 0
    for i, month in enumerate(months):
        at = i * width
        if (i == 0 or month.month[5:] == "01") and at >= free:
            line[at:at + 4] = month.month[:4]
            free = at + 5
    return "".join(line).rstrip()
