"""The members matrix as a line-API widget with a cell cursor: its cost grows with the screen, not the data.

Textual's `DataTable` measures every cell of every row on the event loop (1.2 s to first paint and
160 ms per filter at 10,000 rows, textual8-facts §3). This widget keeps the members shown as a tuple
and renders only the lines on screen, from fixed column widths, so a new view is O(1) to take and
painting is O(visible rows) whatever the dataset's size.

The cursor is a cell (member x type, README "Editing in the browser"): up/down (j/k) across members, left/right (h/l)
across the type columns. The name column stays put while the type columns scroll sideways, so the
member names stay readable at 60 columns.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style as RichStyle
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.style import Style as VisualStyle

from pledge_tui.dataset.catalogue import CAVEATS, ROLES
from pledge_tui.dataset.catalogue import TYPES as TYPE_WORDS
from pledge_tui.dataset.model import Member
from pledge_tui.dataset.vocab import TYPES
from pledge_tui.sanitize import clean_line
from pledge_tui.ui.styles import STATUS_STYLES
from pledge_tui.ui.widgets import post_to_screen
from pledge_tui.views.browse import View
from pledge_tui.views.present import caveat_mark, cell_glyph, is_coalition

if TYPE_CHECKING:  # the marks' types only: their views are imported when marks are first made (ui/app.py)
    from pledge_tui.views.reload import DiskMarks
    from pledge_tui.views.timeline import SinceMarks

NAME_WIDTH = 20
"""Name column, including a leading space and the caveat mark's place; it does not scroll sideways."""
MARK_AT = NAME_WIDTH - 2
"""Where the caveat mark stands, after the name (README "The browser": "a mark when the member has caveats")."""
ROLE_WIDTH = 8
TYPE_WIDTH = 5
TYPES_START = NAME_WIDTH + ROLE_WIDTH
TABLE_WIDTH = TYPES_START + TYPE_WIDTH * len(TYPES)
"""78 columns: the whole matrix fits an 80-column terminal."""
ON_DISK = "member-table--on-disk"
"""The component class of a changed-on-disk mark: drawn in reverse video, so that it stands apart from a
changed-since mark without colour too (NO_COLOR keeps reverse video)."""


def fit(text: str, width: int) -> str:
    """Pad or cut (with an ellipsis) to exactly `width` terminal cells; wide characters count double."""
    if cell_len(text) <= width:
        return set_cell_size(text, width)
    return set_cell_size(text, width - 1) + "…"


NO_MARKS: Mapping[str, str] = {}
"""A row without changed-since marks."""


@dataclass(frozen=True, slots=True)
class CellRef:
    """Where the cursor is: a member (None when nothing is shown) and a contribution type."""

    member_id: str | None
    type: str


class MemberTable(ScrollView, can_focus=True):
    """One row per member: name, role, and a status glyph per contribution type; a cell cursor."""

    HELP = "The members shown, one column per type. Move the cell cursor; the detail pane follows it."

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "move(-1, 0)", "Up", show=False, tooltip="The member above"),
        Binding("down,j", "move(1, 0)", "Down", show=False, tooltip="The member below"),
        Binding("left,h", "move(0, -1)", "Left", show=False, tooltip="The type column to the left"),
        Binding("right,l", "move(0, 1)", "Right", show=False, tooltip="The type column to the right"),
        Binding("pageup", "page(-1)", "Page up", show=False, tooltip="One screenful up"),
        Binding("pagedown", "page(1)", "Page down", show=False, tooltip="One screenful down"),
        Binding("ctrl+u", "half_page(-1)", "Half page up", show=False, tooltip="Half a screenful up"),
        Binding("ctrl+d", "half_page(1)", "Half page down", show=False, tooltip="Half a screenful down"),
        Binding("home,ctrl+home", "edge(-1)", "First", show=False, tooltip="The first member"),
        Binding("end,ctrl+end", "edge(1)", "Last", show=False, tooltip="The last member"),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "member-table--header",
        "member-table--header-cursor",
        "member-table--odd",
        "member-table--coalition",
        "member-table--cursor-row",
        "member-table--cursor-column",
        "member-table--cursor-cell",
        "member-table--changed",
        "member-table--on-disk",
    }

    view: reactive[View | None] = reactive(None, init=False)
    """What is shown (bound to the screen's view)."""
    cursor_row: reactive[int] = reactive(0, init=False)
    """Index of the highlighted member in the rows shown."""
    cursor_column: reactive[int] = reactive(0, init=False)
    """Index of the highlighted type in `TYPES`."""
    since: reactive[SinceMarks | None] = reactive(None, init=False)
    """The changed-since marks (bound to the screen's): a marked cell shows its mark (`Δ` or `~`) after its glyph."""
    disk: reactive[DiskMarks | None] = reactive(None, init=False)
    """The changed-on-disk marks (bound to the screen's): a marked cell shows its mark (`Δ`, `~`) after its
    glyph, highlighted; it wins over a changed-since mark on the same cell."""

    @dataclass
    class CursorMoved(Message):
        """The highlighted cell changed (after a move, or because the view changed under it)."""

        cell: CellRef

        def can_replace(self, message: Message) -> bool:
            """Only the last of a run of moves matters (a held key, a burst): the detail pane skips the rest."""
            return isinstance(message, MemberTable.CursorMoved)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._styles: dict[tuple[str, ...], RichStyle] = {}
        """Resolved Rich styles by component classes (and status): the line API draws Rich segments,
        and resolving theme variables through the stylesheet for each of a screen's 500 segments
        would cost more than the drawing. Cleared whenever the theme, focus or CSS changes."""

    # --- data ---------------------------------------------------------------------------------------

    @property
    def _members(self) -> tuple[Member, ...]:
        return self.view.members if self.view is not None else ()

    @property
    def members(self) -> tuple[Member, ...]:
        """The members shown, in display order."""
        return self._members

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

    @property
    def highlighted(self) -> CellRef:
        """The cell under the cursor."""
        return CellRef(self.highlighted_id, TYPES[self.cursor_column])

    def row_cells(self, row: int) -> list[str]:
        """The plain text of one row's cells (name, role, one glyph per type), as displayed."""
        member = self._members[row]
        return [clean_line(member.name), ROLES.short(member.role), *(cell_glyph(member, t)[1] for t in TYPES)]

    def on_mount(self) -> None:
        """Size the table for the view it was given and say which cell is highlighted."""
        self.virtual_size = Size(TABLE_WIDTH, len(self._members) + 1)
        post_to_screen(self, self.CursorMoved(self.highlighted))

    def watch_view(self, old: View | None, new: View | None) -> None:
        """Take a new view; the cursor stays on the same member if it is still shown, else the first row.

        O(1) apart from finding that member: nothing is measured or rendered until it is on screen.
        """
        shown = old.members if old is not None else ()
        keep = shown[self.cursor_row].id if 0 <= self.cursor_row < len(shown) else None
        self.virtual_size = Size(TABLE_WIDTH, len(self._members) + 1)
        row = next((i for i, m in enumerate(self._members) if m.id == keep), 0) if keep else 0
        self.set_reactive(MemberTable.cursor_row, row)
        self._scroll_cursor_into_view(center=True)
        # Again once the new height is laid out: until then a scroll is clamped to the old, shorter table
        # (after `x` restored 37 rows from 1, the cursor's row was left below the screen).
        self.call_after_refresh(self._scroll_cursor_into_view, True)
        self.refresh()
        post_to_screen(self, self.CursorMoved(self.highlighted))

    # --- cursor ---------------------------------------------------------------------------------------

    def watch_cursor_row(self) -> None:
        """Follow the cursor with the view and say which cell is highlighted."""
        self._scroll_cursor_into_view()
        self.refresh()
        post_to_screen(self, self.CursorMoved(self.highlighted))

    def watch_cursor_column(self) -> None:
        """Bring the highlighted column on screen and say which cell is highlighted."""
        self._scroll_column_into_view()
        self.refresh()
        post_to_screen(self, self.CursorMoved(self.highlighted))

    def move_to(self, row: int | None = None, column: int | None = None) -> None:
        """Put the cursor on `row` and/or `column`, clamped to the table."""
        if column is not None:
            self.cursor_column = max(0, min(len(TYPES) - 1, column))
        if row is not None and self._members:
            self.cursor_row = max(0, min(len(self._members) - 1, row))

    def action_move(self, rows: int, columns: int) -> None:
        """One member up or down, or one type left or right."""
        self.move_to(self.cursor_row + rows if rows else None, self.cursor_column + columns if columns else None)

    def action_page(self, direction: int) -> None:
        """Up or down one screenful."""
        self.move_to(self.cursor_row + direction * max(1, self.size.height - 2))

    def action_half_page(self, direction: int) -> None:
        """Up or down half a screenful (ctrl+u, ctrl+d, as in less and vim)."""
        self.move_to(self.cursor_row + direction * max(1, (self.size.height - 1) // 2))

    def action_edge(self, direction: int) -> None:
        """The first (-1) or last (1) member."""
        self.move_to(0 if direction < 0 else len(self._members) - 1)

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

    def _scroll_column_into_view(self) -> None:
        """Scroll sideways so that the highlighted type column is visible beside the fixed names."""
        width = self.size.width
        if width <= 0:
            return
        start = TYPES_START + self.cursor_column * TYPE_WIDTH
        lowest = start + TYPE_WIDTH - width  # the column's right edge at the screen's right edge
        highest = start - NAME_WIDTH  # the column's left edge just right of the names
        x = max(lowest, min(highest, int(self.scroll_x)))
        if x != int(self.scroll_x):
            self.scroll_to(x=max(0, x), animate=False, immediate=True)

    def on_click(self, event: events.Click) -> None:
        """A click on a cell puts the cursor there."""
        if event.y < 1:
            return
        x = event.x if event.x < NAME_WIDTH else event.x + int(self.scroll_x)
        column = (x - TYPES_START) // TYPE_WIDTH if x >= TYPES_START else None
        self.move_to(int(self.scroll_y) + event.y - 1, column)

    def on_resize(self) -> None:
        """Keep the cursor visible when the terminal shrinks."""
        self._scroll_cursor_into_view()
        self._scroll_column_into_view()

    # --- painting -------------------------------------------------------------------------------------

    def notify_style_update(self) -> None:
        """Theme, focus or CSS changed: resolve the styles again."""
        super().notify_style_update()
        self._styles.clear()

    def _style(self, *names: str, status: str | None = None) -> RichStyle:
        """The Rich style of the given component classes, with a status's colour on top."""
        key = (*names, status or "")
        style = self._styles.get(key)
        if style is None:
            visual = self.get_visual_style(*names)
            if status is not None:
                visual = visual + self.app.stylesheet.parse_style(STATUS_STYLES[status])
            if ON_DISK in names:  # reverse video: `get_visual_style` keeps bold, italic, underline, not reverse
                visual = visual + VisualStyle(reverse=True)
            style = self._styles[key] = visual.rich_style
        return style

    def render_line(self, y: int) -> Strip:
        """Line 0 is the header, fixed at the top; the rest are rows from the scroll position."""
        width = self.size.width
        if y == 0:
            strip = self._header_strip()
        else:
            row = int(self.scroll_y) + y - 1
            if row >= len(self._members):
                return Strip.blank(width, self.rich_style)
            strip = self._row_strip(row)
        names = strip.crop(0, min(width, NAME_WIDTH))
        if width <= NAME_WIDTH:
            return names
        x = NAME_WIDTH + int(self.scroll_x)
        return Strip.join([names, strip.crop(x, x + width - NAME_WIDTH)]).extend_cell_length(width, self.rich_style)

    def _header_strip(self) -> Strip:
        header = "member-table--header"
        segments = [Segment(" Member".ljust(MARK_AT) + CAVEATS.glyph.ljust(NAME_WIDTH - MARK_AT)
                            + "Role".ljust(ROLE_WIDTH), self._style(header))]
        for index, type_slug in enumerate(TYPES):
            names = (header, "member-table--header-cursor") if index == self.cursor_column else (header,)
            segments.append(Segment(TYPE_WORDS.short(type_slug).center(TYPE_WIDTH), self._style(*names)))
        return Strip(segments, TABLE_WIDTH)

    def _row_strip(self, row: int) -> Strip:
        member = self._members[row]
        kind: tuple[str, ...] = ("member-table--odd",) if row % 2 else ()
        if is_coalition(member):
            kind = ("member-table--coalition",)
        if row == self.cursor_row:
            kind = (*kind, "member-table--cursor-row")
        base = self._style(*kind)
        changed = self.since.by_member.get(member.id, NO_MARKS) if self.since is not None else NO_MARKS
        on_disk = self.disk.marks.by_member.get(member.id, {}) if self.disk is not None else {}
        segments = [Segment(" " + fit(clean_line(member.name), MARK_AT - 2) + " ", base),
                    Segment(caveat_mark(member).ljust(NAME_WIDTH - MARK_AT), base),
                    Segment(fit(ROLES.short(member.role), ROLE_WIDTH - 1) + " ", base)]
        for index, type_slug in enumerate(TYPES):
            status, glyph = cell_glyph(member, type_slug)
            names = kind
            if index == self.cursor_column:
                cursor = "member-table--cursor-cell" if row == self.cursor_row else "member-table--cursor-column"
                names = (*kind, cursor)
            text = glyph.center(TYPE_WIDTH)
            mark = on_disk.get(type_slug) or changed.get(type_slug)
            if mark is not None:  # the mark right after the glyph (and lead mark), the glyph where it always is
                end = len(text.rstrip())
                mark_style = ON_DISK if type_slug in on_disk else "member-table--changed"
                segments += [Segment(text[:end], self._style(*names, status=status)),
                             Segment(mark, self._style(*names, mark_style)),
                             Segment(text[end + 1:], self._style(*names))]
            else:
                segments.append(Segment(text, self._style(*names, status=status)))
        return Strip(segments, TABLE_WIDTH)
