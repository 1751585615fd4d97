"""The members matrix as a line-API widget: its cost grows with the screen, not the data.

Textual's `DataTable` measures every cell of every row on the event loop (1.2 s to first paint and
160 ms per filter at 10,000 rows, textual8-facts §3). This widget keeps the filtered members as a
plain list and renders only the lines on screen, from fixed column widths, so populating it is
O(1) and painting is O(visible rows) whatever the dataset's size.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from pledge_tui.dataset.model import Member
from pledge_tui.dataset.vocab import CAVEAT_MARK, LEAD_MARK, NOT_DISCLOSED, ROLE_SHORT, STATUS_GLYPHS, TYPE_SHORT, TYPES
from pledge_tui.sanitize import clean_line
from pledge_tui.ui.render import Palette

NAME_WIDTH = 20
"""Name column, including a leading space and the caveat mark."""
ROLE_WIDTH = 8
TYPE_WIDTH = 5
TABLE_WIDTH = NAME_WIDTH + ROLE_WIDTH + TYPE_WIDTH * len(TYPES)
"""78 columns: the whole matrix fits an 80-column terminal."""


def _fit(text: str, width: int) -> str:
    """Pad or cut (with an ellipsis) to exactly `width` cells of ordinary-width text."""
    return text.ljust(width) if len(text) <= width else text[: width - 1] + "…"


class MemberTable(ScrollView, can_focus=True):
    """One row per member: name (with a caveat mark), role, and a status glyph per contribution type."""

    HELP = "The members shown. Up/down moves; the detail pane follows the highlighted member."

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "cursor(-1)", "Up", show=False),
        Binding("down,j", "cursor(1)", "Down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home,ctrl+home", "first", "First", show=False),
        Binding("end,ctrl+end", "last", "Last", show=False),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "member-table--header",
        "member-table--cursor",
        "member-table--odd",
    }

    cursor_row: reactive[int] = reactive(0, init=False)
    """Index of the highlighted member in the rows shown."""

    @dataclass
    class MemberHighlighted(Message):
        """The highlighted member changed (None when the table is empty)."""

        member_id: str | None

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._members: list[Member] = []
        self._palette: Palette | None = None

    # --- data ---------------------------------------------------------------------------------------

    @property
    def row_count(self) -> int:
        """How many members are shown."""
        return len(self._members)

    @property
    def member_ids(self) -> list[str]:
        """The ids of the members shown, in display order."""
        return [m.id for m in self._members]

    @property
    def highlighted_id(self) -> str | None:
        """Id of the member under the cursor."""
        if not 0 <= self.cursor_row < len(self._members):
            return None
        return self._members[self.cursor_row].id

    def row_cells(self, row: int) -> list[str]:
        """The plain text of one row's cells (name, role, one glyph per type), as displayed."""
        member = self._members[row]
        name, mark = _name_parts(member)
        return [(name + mark).strip(), ROLE_SHORT[member.role], *(_glyph(member, t)[1] for t in TYPES)]

    def populate(self, members: Sequence[Member], palette: Palette, keep: str | None) -> None:
        """Show `members`; keep the cursor on member `keep` if it is still shown, else the first row.

        O(1) apart from copying the list: nothing is measured or rendered until it is on screen.
        """
        self._members = list(members)
        self._palette = palette
        self.virtual_size = Size(TABLE_WIDTH, len(self._members) + 1)
        row = next((i for i, m in enumerate(self._members) if m.id == keep), 0) if keep else 0
        self.set_reactive(MemberTable.cursor_row, row)
        self._scroll_cursor_into_view(center=True)
        self.refresh()
        self.post_message(self.MemberHighlighted(self.highlighted_id))

    # --- cursor ---------------------------------------------------------------------------------------

    def watch_cursor_row(self, old: int, new: int) -> None:
        """Follow the cursor with the view and tell the app which member is highlighted."""
        self._scroll_cursor_into_view()
        self.refresh()
        self.post_message(self.MemberHighlighted(self.highlighted_id))

    def _move_to(self, row: int) -> None:
        if self._members:
            self.cursor_row = max(0, min(len(self._members) - 1, row))

    def action_cursor(self, delta: int) -> None:
        """Up or down one row."""
        self._move_to(self.cursor_row + delta)

    def action_page(self, direction: int) -> None:
        """Up or down one screenful."""
        self._move_to(self.cursor_row + direction * max(1, self.size.height - 2))

    def action_first(self) -> None:
        """The first row."""
        self._move_to(0)

    def action_last(self) -> None:
        """The last row."""
        self._move_to(len(self._members) - 1)

    def _scroll_cursor_into_view(self, center: bool = False) -> None:
        visible = max(1, self.size.height - 1)  # the header line is always on screen
        top = int(self.scroll_y)
        row = self.cursor_row
        if center and not top <= row < top + visible:
            self.scroll_to(y=max(0, row - visible // 2), animate=False, immediate=True)
        elif row < top:
            self.scroll_to(y=row, animate=False, immediate=True)
        elif row >= top + visible:
            self.scroll_to(y=row - visible + 1, animate=False, immediate=True)

    def on_click(self, event: events.Click) -> None:
        """A click on a row highlights it."""
        if event.y >= 1:
            self._move_to(int(self.scroll_y) + event.y - 1)

    def on_resize(self) -> None:
        """Keep the cursor visible when the terminal shrinks."""
        self._scroll_cursor_into_view()

    # --- painting ---------------------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        """Line 0 is the header, fixed at the top; the rest are rows from the scroll position."""
        width = self.size.width
        scroll_x = int(self.scroll_x)
        if y == 0:
            strip = self._header_strip(self.get_component_rich_style("member-table--header"))
        else:
            row = int(self.scroll_y) + y - 1
            if row >= len(self._members):
                return Strip.blank(width, self.rich_style)
            if row == self.cursor_row:
                base = self.get_component_rich_style("member-table--cursor")
            elif row % 2:
                base = self.get_component_rich_style("member-table--odd")
            else:
                base = self.rich_style
            assert self._palette is not None
            strip = _cached_row(self._members[row], base, self._palette)
        return strip.crop_extend(scroll_x, scroll_x + width, self.rich_style)

    def _header_strip(self, style: Style) -> Strip:
        cells = [" Member".ljust(NAME_WIDTH), "Role".ljust(ROLE_WIDTH),
                 *(TYPE_SHORT[t].center(TYPE_WIDTH) for t in TYPES)]
        return Strip([Segment("".join(cells), style)], TABLE_WIDTH)

    def notify_style_update(self) -> None:
        """Theme or focus changes restyle the rows: drop cached strips."""
        super().notify_style_update()
        _cached_row.cache_clear()


@lru_cache(maxsize=512)
def _cached_row(member: Member, base: Style, palette: Palette) -> Strip:
    """One row as a strip. Cached: scrolling back and forth re-renders nothing."""
    name, mark = _name_parts(member)
    segments = [Segment(name, base), Segment(mark.ljust(NAME_WIDTH - len(name)), base + Style(bold=True)),
                Segment(ROLE_SHORT[member.role].ljust(ROLE_WIDTH), base)]
    for type_slug in TYPES:
        status, text = _glyph(member, type_slug)
        colour = Style(color=palette.status[status], bold=status != NOT_DISCLOSED)
        segments.append(Segment(text.center(TYPE_WIDTH), base + colour))
    return Strip(segments, TABLE_WIDTH)


def _name_parts(member: Member) -> tuple[str, str]:
    """The name cell's text (a leading space, the name cut to fit) and its caveat mark."""
    mark = f" {CAVEAT_MARK}" if member.caveats else ""
    return " " + _fit(clean_line(member.name), NAME_WIDTH - 2 - len(mark)).rstrip(), mark


def _glyph(member: Member, type_slug: str) -> tuple[str, str]:
    """A type cell: the status, and its glyph with the lead mark when the member leads the task."""
    record = member.commitments.get(type_slug)
    if record is None:
        return NOT_DISCLOSED, STATUS_GLYPHS[NOT_DISCLOSED]
    return record.status, STATUS_GLYPHS[record.status] + (LEAD_MARK if record.lead else "")
