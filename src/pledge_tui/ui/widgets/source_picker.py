"""The edit form's sources: the ids this change cites, and a search over every source to add more.

Typing in the search box lists the sources whose id, publisher or title hold the words
(`views.cell_form.SourceFinder`: case and accents ignored, newest first); `enter` cites the first of
them, or `down` goes to the list to cite another with `enter`; `enter` or `delete` on a cited source
takes it off again. Citing from the search box itself keeps a burst of keys (`S12` and `enter` typed
fast, or pasted) in order: nothing waits for the focus to move. Publisher and title are data text: cleaned
and drawn as `Content`, never markup.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from pledge_tui.dataset.model import Dataset
from pledge_tui.sanitize import clean_line
from pledge_tui.ui.styles import MUTED, STRONG, WARNING
from pledge_tui.ui.widgets.literal_text import LiteralInput
from pledge_tui.ui.widgets.member_table import fit
from pledge_tui.views.cell_form import SourceFinder
from pledge_tui.views.present import SourceLine, source_line

MATCHES_SHOWN = 50


PIECE_WIDTHS = {"publisher": 24, "title": 60}
"""Cells the publisher and the title take at most in a prompt, so the date and the tier stay on the line."""


def source_prompt(line: SourceLine, widths: Mapping[str, int] = PIECE_WIDTHS) -> Content:
    """The source as every view lists it (`SourceLine.parts`) in one line, the id strong and a tier C in
    warning; the pieces named in `widths` (the publisher and title, by default) cut to fit."""
    styles = {"id": STRONG, "tier": WARNING if line.tier == "C" else MUTED}
    pieces = []
    for kind, text in line.parts():
        shown = fit(clean_line(text), widths[kind]).rstrip() if kind in widths else clean_line(text)
        pieces.append((shown, styles[kind]) if kind in styles else shown)
    return Content.assemble(*pieces)


class CitedList(OptionList):
    """The sources this change cites; `enter` or `delete` takes the highlighted one off."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("delete,backspace", "select", "Remove", show=False, tooltip="Take the highlighted source off"),
    ]

    def on_focus(self) -> None:
        """Highlight the first source on arrival, so that `delete` acts at once."""
        if self.highlighted is None and self.option_count:
            self.highlighted = 0


class SourceSearch(LiteralInput):
    """The search box: `enter` cites the first match, `down` goes to the matches."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "to_matches", "Matches", show=False, tooltip="From the search box, to the matches"),
    ]

    def action_to_matches(self) -> None:
        """`down`: the list of matches."""
        matches = self.screen.query_one("#source-matches", OptionList)
        self.screen.set_focus(matches)


class SourcePicker(Vertical):
    """Cited sources, a search box, and the sources that match it."""

    @dataclass
    class CitedChanged(Message):
        """A source was cited or taken off (the form dates the change by its sources)."""

        cited: tuple[str, ...]

    def __init__(self, dataset: Dataset, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.dataset = dataset
        self._finder = SourceFinder(dataset)
        self._cited: list[str] = []

    def compose(self) -> ComposeResult:
        """What is cited (or that nothing is), the search box, the matches."""
        yield Static(Content.styled("None cited yet.", MUTED), id="cited-none")
        yield CitedList(id="cited-sources", compact=True)
        yield SourceSearch(placeholder="Search sources by id, publisher or title: enter cites the first, "
                                       "down picks another", id="source-search", compact=True,
                           select_on_focus=False)
        yield OptionList(id="source-matches", compact=True)

    def on_mount(self) -> None:
        """The newest sources, before anything is typed."""
        self._show_cited()
        self._show_matches("")

    @property
    def cited(self) -> tuple[str, ...]:
        """The cited ids, in the order they were picked."""
        return tuple(self._cited)

    def set_dataset(self, dataset: Dataset) -> None:
        """Search another version of the data (after a new source was added, or a reload)."""
        self.dataset = dataset
        self._finder = SourceFinder(dataset)
        self._show_matches(self.query_one("#source-search", Input).value)
        self._show_cited()

    def cite(self, source_id: str) -> None:
        """Cite a source (once)."""
        if source_id not in self._cited:
            self._cited.append(source_id)
            self._show_cited()
            self.post_message(self.CitedChanged(self.cited))

    def uncite(self, source_id: str) -> None:
        """Take a source off."""
        if source_id in self._cited:
            self._cited.remove(source_id)
            self._show_cited()
            self.post_message(self.CitedChanged(self.cited))

    def cited_dates(self) -> list[str]:
        """The dates of the cited sources."""
        return [source.date for s in self._cited if (source := self.dataset.sources.get(s)) is not None]

    def _show_cited(self) -> None:
        cited = self.query_one(CitedList)
        cited.set_options(Option(self._cited_prompt(s), id=s) for s in self._cited)
        cited.display = bool(self._cited)
        self.query_one("#cited-none").display = not self._cited

    def _cited_prompt(self, source_id: str) -> Content:
        source = self.dataset.sources.get(source_id)
        return source_prompt(source_line(source)) if source is not None else Content(source_id)

    def _show_matches(self, query: str) -> None:
        matches: Sequence[SourceLine] = self._finder.find(query, MATCHES_SHOWN)
        options = self.query_one("#source-matches", OptionList)
        options.set_options(Option(source_prompt(line), id=line.id) for line in matches)
        if matches:
            options.highlighted = 0  # `enter` straight from the search box cites the first match
        else:
            options.add_option(Option(Content.styled("No source matches; ctrl+n adds a new one.", MUTED),
                                      disabled=True))

    @on(Input.Changed, "#source-search")
    def search(self, event: Input.Changed) -> None:
        """Typing narrows the matches."""
        event.stop()
        self._show_matches(event.value)

    @on(Input.Submitted, "#source-search")
    def cite_first(self, event: Input.Submitted) -> None:
        """`enter` in the search box cites the first match (the highlighted one)."""
        event.stop()
        matches = self.query_one("#source-matches", OptionList)
        option = matches.highlighted_option if matches.highlighted is not None else None
        if option is not None and option.id is not None:
            self.cite(option.id)

    @on(OptionList.OptionSelected, "#source-matches")
    def pick(self, event: OptionList.OptionSelected) -> None:
        """`enter` on a match cites it."""
        event.stop()
        if event.option.id is not None:
            self.cite(event.option.id)

    @on(OptionList.OptionSelected, "#cited-sources")
    def drop(self, event: OptionList.OptionSelected) -> None:
        """`enter` or `delete` on a cited source takes it off."""
        event.stop()
        if event.option.id is not None:
            self.uncite(event.option.id)
