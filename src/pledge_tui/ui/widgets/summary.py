"""The summary panel (`g`): per type, one bar of the members shown split by status, with the counts,
then what each status means. The bars are drawn with the statuses' own glyphs (`●●◐◐○···`), so they
read without colour (NO_COLOR, a monochrome terminal, a screen reader)."""

from __future__ import annotations

from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

from pledge_tui.dataset.vocab import STATUSES, TYPES
from pledge_tui.ui.styles import MUTED, STATUS_STYLES, STRONG, status_text
from pledge_tui.views.browse import View, status_meaning
from pledge_tui.views.present import glyph, label, status_counts, totals_in_words


class SummaryPanel(Widget):
    """Bars as wide as the panel: drawn at the width it has each time (also after a resize)."""

    view: reactive[View | None] = reactive(None, init=False)

    def render(self) -> Content:
        """The bars for the members shown, then the legend with each status's meaning."""
        members = self.view.members if self.view is not None else ()
        counts = status_counts(members)
        total = len(members)
        label_width = max(len(label("types", t)) for t in TYPES) + 1
        bar_width = max(10, self.size.width - label_width - 1)
        parts: list[Content | str | tuple[str, str]] = [
            ("Members shown by type and status\n", STRONG), (f"{totals_in_words(members)}\n\n", MUTED)]
        for type_slug in TYPES:
            parts.append((f"{label('types', type_slug):<{label_width}}", STRONG))
            used = running = 0
            for status in STATUSES:
                running += counts[type_slug, status]
                cells = round(bar_width * running / total) - used if total else 0
                used += cells
                parts.append((glyph(status, False) * cells, STATUS_STYLES[status]))
            parts.append("\n" + " " * label_width)
            for status in STATUSES:
                parts.append((f"{glyph(status, False)} {counts[type_slug, status]}  ", STATUS_STYLES[status]))
            parts.append("\n")
        parts.append("\n")
        for status in STATUSES:
            parts += [status_text(status), f": {status_meaning(status)}\n"]
        return Content.assemble(*parts)
