"""One row of a form: the field's title, its widgets, a hint, and the problem shown beside it.

A problem (from the form's own checks or from the write path's validation) is shown in the field's
row, under its widget, and cleared when the field is checked again; the text is `Content`, never
markup, so a message quoting the data cannot style or break the form.
"""

from __future__ import annotations

from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Label, Static

from pledge_tui.dataset.catalogue import field_title
from pledge_tui.sanitize import clean_line


class FieldProblem(Static):
    """What is wrong with one field; hidden while nothing is."""

    def show(self, message: str | None) -> None:
        """Show `message` (one line, cleaned) or hide the line."""
        self.update(Content(clean_line(message)) if message else Content(""))
        self.set_class(bool(message), "-shown")

    @property
    def message(self) -> str:
        """The problem shown now ("" when none)."""
        return str(self.visual) if self.has_class("-shown") else ""


def form_field(name: str, *widgets: Widget, hint: str = "") -> Horizontal:
    """A form row: the field's title (the catalogue's, `dataset.catalogue.field_title`) on the left; the
    widgets, the hint and the problem line on the right.

    The problem line has the id `problem-NAME`, the row `field-NAME`.
    """
    body: list[Widget] = [*widgets]
    if hint:
        body.append(Static(Content(hint), classes="field-hint"))
    body.append(FieldProblem(id=f"problem-{name}", classes="field-problem"))
    return Horizontal(Label(Content(field_title(name)), classes="field-title"), Vertical(*body, classes="field-body"),
                      classes="field", id=f"field-{name}")
