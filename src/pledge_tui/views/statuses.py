"""A cell's status in words and as a glyph, with the lead role: the one place either is put together (the
matrix, the `list` table, the detail pane, the summary panel, `blame`, `said`). Apart from `views.present`
so that the commands that name a status and show no card (`blame`, `changes --said-since`) need not import
it (4 ms)."""

from __future__ import annotations

from pledge_tui.dataset.catalogue import LEAD, label
from pledge_tui.dataset.catalogue import STATUSES as STATUS_WORDS
from pledge_tui.dataset.vocab import STATUSES

_STATUS_TEXTS = {(s, lead): STATUS_WORDS.label(s) + (f", {LEAD.label}" if lead else "") for s in STATUSES
                 for lead in (False, True)}
_GLYPHS = {(s, lead, ascii_only): STATUS_WORDS.glyph(s, ascii_only=ascii_only) + (LEAD.glyph if lead else "")
           for s in STATUSES for lead in (False, True) for ascii_only in (False, True)}
"""Every (status, lead) in words and as glyphs, built once: a matrix of 10,000 members asks 100,000 times."""


def status_text(status: str, lead: bool) -> str:
    """A status in words, with the lead role when there is one: "pledged, lead nation"."""
    return _STATUS_TEXTS.get((status, lead)) or label("statuses", status) + (f", {LEAD.label}" if lead else "")


def glyph(status: str, lead: bool, *, ascii_only: bool = False) -> str:
    """The status glyph, followed by the lead mark when the member leads the task: the one place a cell's
    glyph is put together (the matrix, the `list` table, the detail pane, the summary panel)."""
    return _GLYPHS.get((status, lead, ascii_only)) or "?" + (LEAD.glyph if lead else "")
