"""What the analyst can see at every width (issue 15 items 1, 2, 6, 7): the filter in words, the focused
filter list beside the member names below 108 columns, a footer that keeps Help and Quit, a visible
focus ring, no highlight on lists without the focus, and a help screen (and README table) generated
from the bindings."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from textual.widgets._footer import FooterKey

from pledge_tui.dataset import catalogue, store
from pledge_tui.dataset.catalogue import STATUSES as STATUS_WORDS
from pledge_tui.formats.listing import render_table
from pledge_tui.ui.app import PledgeApp
from pledge_tui.ui.screens.help import READ_ONLY_ACTIONS, HelpScreen, key_rows, markdown_table
from pledge_tui.ui.screens.members import MembersScreen
from pledge_tui.ui.widgets.detail import DetailPane, SourceLinks
from pledge_tui.ui.widgets.filters import FacetList, SearchBox
from pledge_tui.ui.widgets.key_bar import KeyBar
from pledge_tui.ui.widgets.member_table import MARK_AT, MemberTable
from pledge_tui.views.filters import Filter
from tests.app_helpers import app_for, expected, filter_line
from tests.common import ROOT
from tests.factories import raw_dataset, write
from tests.snapshot_apps import make_app, members_screen, screen_text, settle, table_ids

WIDTHS = [(160, 50), (120, 40), (80, 24), (60, 20)]


def footer_keys(app: PledgeApp) -> list[str]:
    return [f"{key.key_display} {key.description}" for key in app.screen.query(FooterKey)]


@pytest.mark.parametrize("size", WIDTHS)
async def test_the_filter_is_named_in_words_at_every_width(size: tuple[int, int]) -> None:
    app = app_for()
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("t", "down", "space", "s", "space", "c", "down", "down", "down", "space", "escape", "slash")
        await pilot.press(*"fr", "enter")
        await settle(pilot)
        words = 'Filter: type: Air; status: pledged; condition: US backing; search: "fr"'
        assert filter_line(app).startswith(words)
        flat = " ".join(screen_text(app).split())
        assert words in flat  # on screen in full, wrapped if need be, never cut


@pytest.mark.parametrize("size", [(80, 24), (60, 20)])
@pytest.mark.parametrize(("key", "focused"), [("t", "#facet-types"), ("s", "#facet-statuses"),
                                              ("c", "#facet-conditions"), ("slash", "#search")])
async def test_below_108_columns_the_focused_list_is_beside_the_names(size: tuple[int, int], key: str,
                                                                     focused: str) -> None:
    app = app_for()
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        assert "-narrow" in members_screen(app).classes
        assert not app.query_one("#sidebar").display
        await pilot.press(key)
        await settle(pilot)
        widget = app.query_one(focused)
        assert app.focused is widget
        region = widget.region
        assert region.width > 0 and region.height > 0
        assert region.y >= 0 and region.bottom <= size[1] - 1  # on screen, above the footer
        assert region.x >= 28  # right of the names and roles
        text = screen_text(app).splitlines()
        for row, member_id in enumerate(table_ids(app)[:3]):
            name = app.dataset.member(member_id).name  # type: ignore[union-attr]
            assert name in text[4 + row], (row, text[4 + row])  # the names stay readable
        await pilot.press("escape")
        await settle(pilot)
        assert not app.query_one("#sidebar").display


async def test_every_key_works_at_60_columns(tmp_path: Path) -> None:
    app = app_for(tmp_path)
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(pilot)
        await pilot.press("s", "space", "escape", "c", "space", "escape", "t", "j", "space", "escape")
        await settle(pilot)
        f = Filter(types=("air-patrol",), statuses=("pledged",), conditions=("ceasefire",))
        assert members_screen(app).view_filter == f
        assert table_ids(app) == expected(f)
        await pilot.press("o", "right", "right", "l", "v", "g", "g", "z", "z", "y")
        await settle(pilot)
        screen = members_screen(app)
        assert screen.sort == "strongest" and screen.detail_mode == "type" and not screen.show_summary
        assert screen.show_pane
        assert app.query_one(MemberTable).cursor_column == 3  # scrolled into view beside the names
        await pilot.press("u")  # one address opens; several: the detail pane's list of sources, to pick one
        await settle(pilot)
        assert app.opened or isinstance(app.focused, SourceLinks) or any("web address" in note["message"]
                                                                         for note in app.notes)
        await pilot.press("escape", "e")
        await pilot.press("x", "slash", "p", "o", "l", "enter")
        await settle(pilot)
        assert app.copied  # y
        assert len(list(tmp_path.glob("pledge-snapshot-*.md"))) == 1
        assert table_ids(app) == ["PL"]
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape", "q")
        await settle(pilot)
    assert app.return_code == 0


async def test_the_highlighted_column_scrolls_into_view_beside_the_names() -> None:
    app = app_for()
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(pilot)
        table = app.query_one(MemberTable)
        await pilot.press(*["right"] * 9)
        await settle(pilot)
        header = "".join(segment.text for segment in table.render_line(0))
        assert header.startswith(" Member")
        assert "Bkst" in header


@pytest.mark.parametrize("size", [(80, 24), (60, 20), (120, 40)])
async def test_the_footer_keeps_help_and_quit_and_cuts_no_key(size: tuple[int, int]) -> None:
    app = app_for()
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        keys = footer_keys(app)
        assert keys[:2] == ["? Help", "q Quit"]
        bar = app.screen.query_one(KeyBar)
        assert sum(len(k) + 1 for k in keys) <= size[0]
        assert all(key.region.right <= bar.region.right for key in app.screen.query(FooterKey))
        assert "palettet" not in screen_text(app)
        await pilot.press("slash")  # in the search box `?` and `q` are text: the footer shows f1 and ^q
        await settle(pilot)
        assert footer_keys(app)[:2] == ["f1 Help", "^q Quit"]


async def test_the_footer_is_made_again_only_when_its_keys_change() -> None:
    """The "bindings changed" signal came three times as the focus settled at start, and Footer remade its 13
    keys each time; the bar keeps its keys while they are the same, and takes others when they change."""
    app = app_for()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        keys = list(app.screen.query(FooterKey))
        app.screen.bindings_updated_signal.publish(app.screen)
        await settle(pilot)
        assert list(app.screen.query(FooterKey)) == keys  # the same widgets: nothing was made again
        await pilot.press("slash")
        await settle(pilot)
        assert footer_keys(app)[:2] == ["f1 Help", "^q Quit"]


async def test_the_footer_keys_are_compact_when_made(monkeypatch: pytest.MonkeyPatch) -> None:
    """Compact before they are mounted: a key that took the class once mounted had its styles worked out
    again (7-10 ms for the 13 keys before the first frame)."""
    app = app_for()
    restyled: list[FooterKey] = []
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        monkeypatch.setattr(FooterKey, "update_node_styles", lambda key, animate=True: restyled.append(key))
        await pilot.resize_terminal(100, 40)  # another width: the bar makes its keys again
        await settle(pilot)
        keys = list(app.screen.query(FooterKey))
        assert keys and all(key.has_class("-compact") for key in keys)
    assert not [key for key in restyled if key in keys]


async def test_tab_moves_the_focus_between_panes_with_a_visible_ring() -> None:
    app = app_for()
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        table = app.query_one(MemberTable)
        focused_header = next(iter(table.render_line(0))).style
        seen = []
        for _ in range(7):
            await pilot.press("tab")
            await settle(pilot)
            seen.append(type(app.focused).__name__ + (f"#{app.focused.id}" if app.focused and app.focused.id else ""))
        assert seen == ["DetailPane#detail", "SourceLinks#detail-sources", "SearchBox#search", "FacetList#facet-types",
                        "FacetList#facet-statuses", "FacetList#facet-conditions", "MemberTable#members"]
        await pilot.press("shift+tab")
        await settle(pilot)
        focused = app.focused  # a local: mypy would keep app.focused narrowed across the keys below
        assert isinstance(focused, FacetList)
        assert next(iter(table.render_line(0))).style != focused_header  # the matrix's ring is off
        title = app.query_one("#facet-conditions").parent.query_one(".facet-title")  # type: ignore[union-attr]
        other = app.query_one("#facet-types").parent.query_one(".facet-title")  # type: ignore[union-attr]
        assert title.styles.background != other.styles.background  # the focused list's title is a bar
        detail = app.query_one(DetailPane)
        unfocused_border = detail.styles.border_left
        await pilot.press("shift+tab", "shift+tab", "shift+tab", "shift+tab", "shift+tab")
        await settle(pilot)
        assert app.focused is detail
        assert detail.styles.border_left != unfocused_border


async def test_a_list_without_the_focus_shows_no_highlight_bar() -> None:
    app = app_for()
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        await pilot.press("t", "down", "escape")
        await settle(pilot)
        lines = app.query_one("#facet-types", FacetList)
        assert lines.highlighted == 1 and app.focused is not lines
        highlighted = list(lines.render_line(1))
        plain = list(lines.render_line(2))
        assert highlighted[-1].style.bgcolor == plain[-1].style.bgcolor  # type: ignore[union-attr]
        await pilot.press("t")
        await settle(pilot)
        assert list(lines.render_line(1))[-1].style.bgcolor != list(lines.render_line(2))[-1].style.bgcolor  # type: ignore[union-attr]


# --- help and README, from the bindings ---------------------------------------------------------------


async def test_help_lists_every_binding_and_each_status_meaning() -> None:
    app = app_for()
    async with app.run_test(size=(120, 60)) as pilot:
        await settle(pilot)
        await pilot.press("f1")
        await settle(pilot)
        text = str(app.screen.query_one("#help-text").content)  # type: ignore[attr-defined]
        for row in key_rows(PledgeApp.BINDINGS, editable=True):  # an editing browser's help
            assert f"{' / '.join(row.keys)}" in text and row.text in text, row
        for binding in [*MembersScreen.BINDINGS, *MemberTable.BINDINGS, *FacetList.BINDINGS, *PledgeApp.BINDINGS]:
            if binding.action not in READ_ONLY_ACTIONS:  # type: ignore[union-attr]  # `enter` with --read-only
                assert binding.tooltip in text  # type: ignore[union-attr]
        for status, meaning in ((t.slug, t.meaning) for t in STATUS_WORDS.terms):
            assert f": {meaning}" in text, status


def test_every_footer_key_is_in_the_help() -> None:
    shown = {b.action for b in [*MembersScreen.BINDINGS, *PledgeApp.BINDINGS] if b.show}  # type: ignore[union-attr]
    helped = {text for row in key_rows(PledgeApp.BINDINGS) for text in [row.text]}
    assert len(helped) >= len(shown)
    assert SearchBox.HELP and MemberTable.HELP and FacetList.HELP and DetailPane.HELP


def test_the_readme_key_table_is_the_bindings() -> None:
    """README's key table is `markdown_table` word for word: change a binding, regenerate the table."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = markdown_table(PledgeApp.BINDINGS)
    match = re.search(r"^\| where \| key \| action \|\n(?:\|.*\|\n)+", readme, flags=re.MULTILINE)
    assert match is not None, "README.md has no key table"
    assert match.group(0) == table, "README's key table differs from the bindings; replace it with:\n" + table


# --- the caveat mark (README "The browser": "a mark when the member has caveats") --------------------------


async def test_the_matrix_marks_the_members_with_caveats_as_list_does(tmp_path: Path) -> None:
    loaded = store.load(str(write(tmp_path / "d.json", raw_dataset())))  # Italy has no caveat, the rest have
    app = make_app(loaded)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        table = app.query_one(MemberTable)
        header = table.render_line(0).text
        assert header[MARK_AT] == catalogue.CAVEATS.glyph  # the column is named by its mark
        marks = {m.id: table.render_line(row + 1).text[MARK_AT] for row, m in enumerate(table.members)}
    assert marks == {m.id: catalogue.CAVEATS.glyph if m.caveats else " " for m in loaded.dataset.members}
    assert marks["IT"] == " " and marks["PL"] == "!"
    listed = {line.split()[0]: " ! " in line for line in render_table(loaded.dataset.members,
                                                                          loaded.dataset.members).splitlines()[1:5]}
    assert listed == {member_id: mark != " " for member_id, mark in marks.items()}  # the list table agrees
