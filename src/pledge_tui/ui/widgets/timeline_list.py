"""The timeline's list: one line per event or history entry, drawn with the line API.

Like the matrix (`member_table`), it keeps its rows as a tuple and renders only the lines on screen,
so opening the timeline, scrolling it and toggling `f` cost the same with 50 rows or 50,000. Every
piece of data text reaches the screen as a plain Rich `Segment` (never parsed as markup) and was
cleaned of control characters by `views.timeline`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style as RichStyle
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from pledge_tui.ui.widgets import post_to_screen
from pledge_tui.ui.widgets.member_table import fit
from pledge_tui.views.timeline import Timeline, TimelineRow

SAID_WIDTH = 11
"""The said clock's column: `2026-01-06` and a space (an event's date; what a changed record says was said)."""
WHEN_WIDTH = 21
"""The recorded clock's column: `2026-03-10 09:00 UTC` and a space (a change's time; empty for an event)."""
KIND_WIDTH = 7
"""`change` and a space: the kind in words, so it reads without colour."""
WHO_WIDTH = 15
SOURCES_WIDTH = 18
WIDE = 100
"""From this width on, who and the sources get their own columns (narrower, the detail area has them)."""


class TimelineList(ScrollView, can_focus=True):
    """Events and history entries, one per line: said, recorded, kind, what; who and sources when there is room.
    The two clocks have a column each, so a change recorded in November of what was said in January reads
    as both."""

    HELP = "Events and changes, newest first. Move with the arrows; the area below shows the highlighted one."

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "move(-1)", "Up", show=False, tooltip="The row above (newer)"),
        Binding("down,j", "move(1)", "Down", show=False, tooltip="The row below (older)"),
        Binding("pageup,ctrl+u", "page(-1)", "Page up", show=False, tooltip="One screenful up"),
        Binding("pagedown,ctrl+d", "page(1)", "Page down", show=False, tooltip="One screenful down"),
        Binding("home", "edge(-1)", "Newest", show=False, tooltip="The newest row"),
        Binding("end", "edge(1)", "Oldest", show=False, tooltip="The oldest row"),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "timeline-list--odd",
        "timeline-list--cursor",
        "timeline-list--when",
        "timeline-list--event",
        "timeline-list--change",
    }

    rows: reactive[Sequence[TimelineRow]] = reactive((), init=False)
    """The rows shown, newest first (a `views.timeline.Timeline`: only the rows read are built)."""
    cursor_row: reactive[int] = reactive(0, init=False)

    @dataclass
    class Highlighted(Message):
        """The highlighted row changed (None: there is no row)."""

        row: TimelineRow | None

        def can_replace(self, message: Message) -> bool:
            """A held key: only the last row matters."""
            return isinstance(message, TimelineList.Highlighted)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._styles: dict[tuple[str, ...], RichStyle] = {}
        """Resolved Rich styles by component classes, cleared when the theme, focus or CSS changes."""

    @property
    def highlighted(self) -> TimelineRow | None:
        """The row under the cursor."""
        return self.rows[self.cursor_row] if 0 <= self.cursor_row < len(self.rows) else None

    def on_mount(self) -> None:
        """Size for the rows given and say which is highlighted."""
        self.virtual_size = Size(1, len(self.rows))
        post_to_screen(self, self.Highlighted(self.highlighted))

    def watch_rows(self, old: Sequence[TimelineRow], new: Sequence[TimelineRow]) -> None:
        """New rows (`f`): the cursor stays on the same row when it is still there, else the first."""
        kept = old[self.cursor_row].ref if 0 <= self.cursor_row < len(old) else None
        self.virtual_size = Size(1, len(new))
        if isinstance(new, Timeline):
            row = new.position(kept) if kept else None
        else:
            row = next((i for i, r in enumerate(new) if r.ref == kept), None)
        self.set_reactive(TimelineList.cursor_row, row or 0)
        self.call_after_refresh(self._scroll_cursor_into_view, True)
        self.refresh()
        post_to_screen(self, self.Highlighted(self.highlighted))

    def watch_cursor_row(self) -> None:
        """Keep the cursor on screen and say which row is highlighted."""
        self._scroll_cursor_into_view()
        self.refresh()
        post_to_screen(self, self.Highlighted(self.highlighted))

    def _scroll_cursor_into_view(self, center: bool = False) -> None:
        self.scroll_to_region(Region(0, self.cursor_row, 1, 1), animate=False, immediate=True, center=center,
                              x_axis=False)

    def move_to(self, row: int) -> None:
        """Put the cursor on `row`, clamped to the list."""
        if self.rows:
            self.cursor_row = max(0, min(len(self.rows) - 1, row))

    def action_move(self, step: int) -> None:
        """One row up or down."""
        self.move_to(self.cursor_row + step)

    def action_page(self, direction: int) -> None:
        """One screenful up or down."""
        self.move_to(self.cursor_row + direction * max(1, self.size.height - 1))

    def action_edge(self, direction: int) -> None:
        """The newest (-1) or oldest (1) row."""
        self.move_to(0 if direction < 0 else len(self.rows) - 1)

    def on_click(self, event: events.Click) -> None:
        """A click puts the cursor on that row."""
        self.move_to(int(self.scroll_y) + event.y)

    def on_resize(self) -> None:
        """Keep the cursor on screen when the terminal shrinks."""
        self._scroll_cursor_into_view()

    # --- painting -------------------------------------------------------------------------------------

    def notify_style_update(self) -> None:
        """Theme, focus or CSS changed: resolve the styles again."""
        super().notify_style_update()
        self._styles.clear()

    def _style(self, *names: str) -> RichStyle:
        style = self._styles.get(names)
        if style is None:
            style = self._styles[names] = self.get_visual_style(*names).rich_style
        return style

    def render_line(self, y: int) -> Strip:
        """One row per line, from the scroll position, as wide as the room beside the scrollbar."""
        width = self.scrollable_content_region.width
        index = int(self.scroll_y) + y
        if index >= len(self.rows):
            return Strip.blank(width, self.rich_style)
        row = self.rows[index]
        base: tuple[str, ...] = ("timeline-list--odd",) if index % 2 else ()
        if index == self.cursor_row:
            base = (*base, "timeline-list--cursor")
        wide = width >= WIDE
        what_width = max(1, width - 1 - SAID_WIDTH - WHEN_WIDTH - KIND_WIDTH - ((WHO_WIDTH + SOURCES_WIDTH) if wide
                                                                                 else 0))
        segments = [Segment(" " + fit(row.said, SAID_WIDTH - 1) + " ", self._style(*base, "timeline-list--when")),
                    Segment(row.recorded.ljust(WHEN_WIDTH), self._style(*base, "timeline-list--when")),
                    Segment(row.kind.ljust(KIND_WIDTH), self._style(*base, f"timeline-list--{row.kind}")),
                    Segment(fit(row.what, what_width), self._style(*base))]
        if wide:
            segments += [Segment(" " + fit(row.who, WHO_WIDTH - 2) + " ", self._style(*base, "timeline-list--when")),
                         Segment(fit(", ".join(row.sources), SOURCES_WIDTH), self._style(*base, "timeline-list--when"))]
        return Strip(segments).crop_extend(0, width, self._style(*base))
