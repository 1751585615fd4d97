"""Styles as theme variables: every colour follows the active theme (and NO_COLOR) with no repaint code.

Textual's `Content` resolves `$text-success` and the like each time it is drawn, so a theme change
recolours every pane by itself. This mapping is the one place a status gets its colour; the matrix
(a line-API widget drawing Rich segments) resolves the same strings through the app's stylesheet.
"""

from __future__ import annotations

from typing import Final

from textual.content import Content

from pledge_tui.dataset.catalogue import LEAD
from pledge_tui.dataset.vocab import NOT_DISCLOSED, STATUSES, STORED_STATUSES
from pledge_tui.views.present import glyph, label

STATUS_STYLES: Final = {
    **{status: f"bold $text-{variable}"
       for status, variable in zip(STORED_STATUSES, ("success", "warning", "primary", "error"), strict=True)},
    NOT_DISCLOSED: "$text-muted",
}
"""The style of each status's glyph and label, as Textual style text with theme variables."""

HEADING: Final = "bold $text-accent"
MUTED: Final = "$text-muted"
STRONG: Final = "bold"
WARNING: Final = "bold $text-warning"


def status_glyph(status: str, *, lead: bool = False) -> Content:
    """A status's glyph (and the lead mark), in its colour."""
    return Content.styled(glyph(status, lead), STATUS_STYLES[status])


def status_label(status: str) -> Content:
    """A status's one label, in its colour."""
    return Content.styled(label("statuses", status), STATUS_STYLES[status])


def status_text(status: str, *, lead: bool = False) -> Content:
    """A status as shown everywhere: its glyph (and lead mark), then its label (and the lead in words)."""
    return Content.assemble(status_glyph(status, lead=lead), " ", status_words(status, lead=lead))


def status_words(status: str, *, lead: bool = False) -> Content:
    """A status's label in its colour, then the lead role in words: "pledged, lead nation", as `show` and
    the snapshot say it (`present.status_text`)."""
    words = status_label(status)
    return Content.assemble(words, (f", {LEAD.label}", STRONG)) if lead else words


def legend() -> Content:
    """One line: each status's glyph and label, and the lead mark with its short label (the line has the 78
    cells under the matrix; the caveat mark is explained above its column, in the help and the tooltip)."""
    parts: list[Content | str] = []
    for status in STATUSES:
        parts += [status_text(status), "  "]
    parts.append(Content.styled(f"{LEAD.glyph} {LEAD.short}", MUTED))
    return Content.assemble(*parts)
