"""A small dialog asking for one value: a date for the "changed since" marks and the export of changes
since a date, or a number of months for the stale filter.

It accepts exactly what the command line accepts (`views.clocks.since_moment` for `--since`,
`views.freshness.parse_stale` for `--stale`) and says what is wrong beside the field, staying open, until
the value is good or the analyst presses escape.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from pledge_tui.errors import UsageError
from pledge_tui.views.clocks import since_moment

DATE_FORMS = "YYYY-MM-DD, YYYY-MM or YYYY-MM-DDTHH:MM:SSZ (UTC)"


class SinceScreen(ModalScreen[str | None]):
    """Ask for a date; dismissed with the date as typed (checked), or None on escape."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel", tooltip="Close without a date")]

    def __init__(self, title: str, value: str = "", *, check: Callable[[str], object] = since_moment,
                 forms: str = DATE_FORMS, option: str = "--since") -> None:
        super().__init__()
        self.title_text = title
        self.value = value
        self.check = check
        """Raises `UsageError` for a value the command line would refuse."""
        self.forms = forms
        self.option = option

    def compose(self) -> ComposeResult:
        """Title, the field, the line for a problem, a hint."""
        with Vertical(id="since-dialog"):
            yield Label(self.title_text, id="since-title", markup=False)
            yield Input(self.value, placeholder=self.forms, id="since-input", max_length=40)
            yield Label("", id="since-error", markup=False)
            yield Label("Enter confirms, escape cancels.", id="since-hint", markup=False)

    @on(Input.Submitted)
    def confirm(self, event: Input.Submitted) -> None:
        """A good value closes the dialog; a bad one is explained beside the field."""
        try:
            self.check(event.value)
        except UsageError as exc:
            self.query_one("#since-error", Label).update(str(exc).removeprefix(f"{self.option}: "))
            return
        self.dismiss(event.value.strip())

    def action_cancel(self) -> None:
        """Escape: no date."""
        self.dismiss(None)
