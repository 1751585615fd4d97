"""The browser driven with Textual's Pilot: every key and palette command of spec section 6.

Each test compares what the browser shows with what the headless core (`filters.apply_filter`,
`filters.facet_counts`) gives for the same filter and sort, so the two can never drift apart.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from textual import events
from textual.command import CommandList, CommandPalette
from textual.pilot import Pilot
from textual.widgets import Static

from pledge_tui.dataset.model import Member
from pledge_tui.dataset.vocab import STATUS_GLYPHS, STATUSES, TYPE_LABELS, TYPES
from pledge_tui.sanitize import clean_line, clean_text
from pledge_tui.ui import app as app_module
from pledge_tui.ui.app import PledgeApp
from pledge_tui.ui.help import HelpScreen
from pledge_tui.ui.member_table import MemberTable
from pledge_tui.ui.widgets import FacetList, SearchBox
from pledge_tui.views.filters import Facet, Filter, apply_filter, facet_counts
from tests.snapshot_apps import (
    bundled,
    make_app,
    move_cursor,
    row_cells,
    screen_text,
    table_ids,
    table_names,
    widget_text,
)

SIZE = (120, 40)
APP_CSS = str(Path(app_module.__file__).with_name(PledgeApp.CSS_PATH))
MEMBERS = bundled().dataset.members
TOTAL = len(MEMBERS)
SNAPSHOT_NAME = "pledge-snapshot-20261124-120000.md"  # FIXED_NOW in tests/snapshot_apps.py


class RecordingApp(PledgeApp):
    """The browser, keeping every notification it shows."""

    CSS_PATH = APP_CSS  # Textual resolves a relative CSS_PATH against the subclass's own module

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.notes: list[dict[str, Any]] = []

    def notify(self, message: str, *, title: str = "", severity: Any = "information",
               timeout: float | None = None, markup: bool = True) -> None:
        self.notes.append({"message": message, "title": title, "severity": severity, "markup": markup})
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)


def app_for(tmp_path: Path | None = None, export_dir: Path | None = None) -> RecordingApp:
    app = make_app(export_dir=export_dir or tmp_path or ".", app_class=RecordingApp)
    assert isinstance(app, RecordingApp)
    return app


def expected(f: Filter, sort: str = "name") -> list[str]:
    return [m.id for m in apply_filter(MEMBERS, f, sort)]


def header(app: PledgeApp) -> str:
    return str(app.query_one("#header", Static).content)


def detail(app: PledgeApp) -> str:
    return str(app.query_one("#detail-body", Static).content)


def shown_counts(app: PledgeApp, facet: Facet) -> dict[str, int]:
    """The live counts printed in a facet list's prompts."""
    facet_list = app.query_one(f"#facet-{facet}", FacetList)
    return {slug: int(str(facet_list.get_option_at_index(i).prompt).split()[-1])
            for i, slug in enumerate(facet_list.slugs)}


def assert_view(app: PledgeApp, f: Filter, sort: str = "name") -> None:
    """Table, header, filter state and every facet's counts agree with the core for `f` and `sort`."""
    assert app.view_filter == f
    assert app.sort == sort
    ids = expected(f, sort)
    assert table_ids(app) == ids
    assert f"{len(ids)} of {TOTAL} members shown" in header(app)
    for facet in ("types", "statuses", "conditions"):
        assert shown_counts(app, facet) == facet_counts(MEMBERS, f, facet), facet
        assert sorted(app.query_one(f"#facet-{facet}", FacetList).selected) == sorted(getattr(f, facet))


KEY_NAMES = {" ": "space", ":": "colon", "-": "minus", "/": "slash"}


def post_keys(app: PledgeApp, *keys: tuple[str, str | None]) -> None:
    """Queue key events all at once, as a terminal delivers keys typed fast, pasted or sent over a slow link."""
    for key, character in keys:
        app.post_message(events.Key(key, character))


async def type_text(pilot: Pilot[Any], text: str) -> None:
    """Type into the focused input in one burst (no idle wait per key), then let the app settle."""
    assert isinstance(pilot.app, PledgeApp)
    post_keys(pilot.app, *((KEY_NAMES.get(ch, ch), ch) for ch in text))
    await pilot.pause()


# --- start ----------------------------------------------------------------------------------------


async def test_start_shows_every_member_sorted_by_name() -> None:
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.query_one(MemberTable).row_count == TOTAL == 37
        assert table_ids(app) == expected(Filter())
        names = table_names(app)
        assert names[0].startswith("Albania")
        assert [n.casefold() for n in names] == sorted(n.casefold() for n in names)
        head = header(app)
        assert "37 of 37 members shown" in head
        assert "data as of 2026-03" in head and "about 9 months old" in head
        assert "Reported: 26 countries committed" in head and '"the 26"' in head
        assert "sort: name" in head
        assert isinstance(app.focused, MemberTable)
        assert detail(app).startswith("Albania  AL")
        text = screen_text(app)
        assert "37 of 37 members shown" in text and "Reported: 26 countries" in text
        assert "Albania" in text.split("\n")[3]  # first table row, under header (2 lines) and column titles
        # the matrix: a glyph per type, the lead mark, the caveat mark
        cells = row_cells(app, table_ids(app).index("PL"))
        assert cells[0] == "Poland !"
        assert cells[1] == "member"
        by_type = dict(zip(TYPES, cells[2:], strict=True))
        assert by_type["ground-forces"] == STATUS_GLYPHS["ruled-out"]
        assert by_type["logistics"] == STATUS_GLYPHS["pledged"] + "*"
        assert by_type["air-patrol"] == STATUS_GLYPHS["not-disclosed"]


# --- facets ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "facet", "moves", "slug"),
    [("t", "types", 1, "air-patrol"), ("s", "statuses", 0, "pledged"), ("c", "conditions", 2, "parliament")],
)
async def test_facet_key_focuses_list_and_space_toggles(key: str, facet: Facet, moves: int, slug: str) -> None:
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        before = {name: shown_counts(app, name) for name in ("types", "statuses", "conditions")}
        await pilot.press(key)
        await pilot.pause()
        facet_list = app.query_one(f"#facet-{facet}", FacetList)
        assert app.focused is facet_list
        await pilot.press(*["down"] * moves, "space")
        await pilot.pause()
        f = Filter().toggled(facet, slug)
        assert_view(app, f)
        assert facet_list.selected == [slug]
        assert len(table_ids(app)) < TOTAL
        # the live counts of the other facets follow the filter
        others = [name for name in ("types", "statuses", "conditions") if name != facet]
        assert any(shown_counts(app, name) != before[name] for name in others)
        await pilot.press("space")
        await pilot.pause()
        assert_view(app, Filter())
        assert facet_list.selected == []
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.focused, MemberTable)


async def test_type_and_status_filters_combine() -> None:
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("t", "down", "space", "s", "space")
        await pilot.pause()
        f = Filter(types=("air-patrol",), statuses=("pledged",))
        assert_view(app, f)
        assert table_ids(app) == ["BE", "FR", "SE", "GB"]
        assert "4 of 37 members shown" in screen_text(app)
        await pilot.press("down", "space")  # conditional, too
        await pilot.pause()
        assert_view(app, Filter(types=("air-patrol",), statuses=("pledged", "conditional")))


# --- search ---------------------------------------------------------------------------------------


async def test_search_filters_live_and_enter_or_escape_return_to_table() -> None:
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        search = app.query_one(SearchBox)
        await pilot.press("slash")
        await pilot.pause()
        assert app.focused is search
        await type_text(pilot, "p")
        assert_view(app, Filter(search="p"))
        assert len(table_ids(app)) > 1
        await type_text(pilot, "ol")
        assert_view(app, Filter(search="pol"))
        assert table_ids(app) == ["PL"]
        assert detail(app).startswith("Poland")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.focused, MemberTable)
        assert search.value == "pol"
        assert_view(app, Filter(search="pol"))
        await pilot.press("slash")
        await pilot.pause()
        assert app.focused is search
        await pilot.press("backspace", "backspace", "backspace")
        await type_text(pilot, "GERM")
        assert table_ids(app) == ["DE"]
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.focused, MemberTable)
        assert search.value == "GERM"
        assert_view(app, Filter(search="GERM"))
        assert "1 of 37 members shown" in screen_text(app)


async def test_app_keys_typed_in_search_go_into_the_text(tmp_path: Path) -> None:
    app = app_for(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("slash")
        await pilot.pause()
        await type_text(pilot, "qtxegos")
        search = app.query_one(SearchBox)
        assert app.is_running and app.return_code is None
        assert app.focused is search
        assert search.value == "qtxegos"
        assert app.view_filter == Filter(search="qtxegos")
        assert app.sort == "name"
        assert not app.show_summary
        assert "-sidebar-focus" in app.screen.classes  # the search box is in the sidebar
        assert list(tmp_path.iterdir()) == []  # `e` exported nothing
        assert app.notes == []


async def test_keys_typed_right_after_slash_run_no_app_action(tmp_path: Path) -> None:
    """`/` then "queen" in one burst must not run `q` (quit), `e` (export), `g`, `x`...

    Textual has already routed the burst's keys to the table when `/` moves the focus, so they are
    dropped rather than typed into the search box (a known limit); what matters is that none of them
    runs an app action. Before the fix, the `q` quit the browser.
    """
    app = app_for(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        post_keys(app, ("slash", "/"), *((ch, ch) for ch in "queengox"))
        await pilot.pause()
        assert app.is_running and app.return_code is None
        assert list(tmp_path.iterdir()) == []
        assert app.sort == "name" and not app.show_summary
        assert app.focused is app.query_one(SearchBox)
        await type_text(pilot, "pol")
        assert app.view_filter.search.endswith("pol") and table_ids(app) == ["PL"]
        await pilot.press("enter", "o")
        await pilot.pause()
        assert isinstance(app.focused, MemberTable)
        assert app.sort == "strongest"


async def test_space_typed_right_after_t_toggles_the_type() -> None:
    """`t`, down, space in one burst: the space toggles the type, it does not reach the table."""
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        post_keys(app, ("t", "t"), ("down", None), ("space", " "))
        await pilot.pause()
        assert isinstance(app.focused, FacetList)
        assert app.view_filter == Filter(types=("air-patrol",))


# --- clear ----------------------------------------------------------------------------------------


async def test_x_clears_filters_and_search() -> None:
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("t", "space", "s", "down", "space", "c", "space", "slash")
        await type_text(pilot, "an")
        await pilot.press("enter")
        await pilot.pause()
        f = Filter(types=("ground-forces",), statuses=("conditional",), conditions=("ceasefire",), search="an")
        assert_view(app, f)
        assert len(table_ids(app)) < TOTAL
        await pilot.press("x")
        await pilot.pause()
        assert app.query_one(SearchBox).value == ""
        assert_view(app, Filter())
        assert app.query_one(MemberTable).row_count == TOTAL


# --- sort and cursor ------------------------------------------------------------------------------


async def test_o_cycles_sort() -> None:
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert_view(app, Filter(), "name")
        for sort, label in (("strongest", "strongest commitment first"), ("caveats", "most caveats first"),
                            ("name", "name")):
            await pilot.press("o")
            await pilot.pause()
            assert_view(app, Filter(), sort)
            assert f"sort: {label}" in header(app)
        assert expected(Filter(), "strongest") != expected(Filter(), "name")
        assert expected(Filter(), "caveats") != expected(Filter(), "name")
        assert [n["message"] for n in app.notes] == [
            "Sorted by strongest commitment first", "Sorted by most caveats first", "Sorted by name"]
        # the sort applies to the filtered rows
        await pilot.press("s", "space", "escape", "o")
        await pilot.pause()
        assert_view(app, Filter(statuses=("pledged",)), "strongest")
        await pilot.press("o")
        await pilot.pause()
        assert_view(app, Filter(statuses=("pledged",)), "caveats")


async def test_highlighted_member_stays_highlighted_across_sort_and_filter() -> None:
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        table = app.query_one(MemberTable)
        row = expected(Filter()).index("PL")
        move_cursor(app, row)
        await pilot.pause()
        assert table.cursor_row == row and table.highlighted_id == "PL"
        assert detail(app).startswith("Poland  PL")

        await pilot.press("o")  # strongest first: Poland moves up
        await pilot.pause()
        new_row = expected(Filter(), "strongest").index("PL")
        assert new_row != row
        assert table.cursor_row == new_row and table.highlighted_id == "PL"
        assert detail(app).startswith("Poland  PL")

        await pilot.press("s", "down", "down", "down", "space")  # ruled out: Poland still shown, on another row
        await pilot.pause()
        f = Filter(statuses=("ruled-out",))
        assert "PL" in expected(f, "strongest")
        third = expected(f, "strongest").index("PL")
        assert third != new_row
        assert table.cursor_row == third and table.highlighted_id == "PL"
        assert detail(app).startswith("Poland  PL")
        await pilot.press("escape", "x")  # clearing the filter keeps Poland highlighted, too
        await pilot.pause()
        assert table_ids(app) == expected(Filter(), "strongest")
        assert table.cursor_row == new_row and table.highlighted_id == "PL"

        await pilot.press("slash")
        await type_text(pilot, "germ")  # Poland is filtered out: the cursor goes to the first row
        assert table_ids(app) == ["DE"]
        assert table.cursor_row == 0 and table.highlighted_id == "DE"
        assert detail(app).startswith("Germany  DE")


def assert_detail_shows(text: str, member: Member) -> None:
    assert text.startswith(f"{member.name}  {member.id}")
    assert clean_line(member.stance) in text
    for caveat in member.caveats:
        assert f"• {clean_line(caveat)}" in text
    for record in member.commitments.values():
        assert clean_text(record.summary) in text
        for source_id in record.sources:
            assert f"[{source_id}]" in text
    for source_id in member.sources:
        assert f"[{source_id}]" in text


async def test_detail_pane_follows_cursor() -> None:
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        order = apply_filter(MEMBERS, Filter())
        assert_detail_shows(detail(app), order[0])
        await pilot.press("down")
        await pilot.pause()
        second = order[1]
        assert second.name == "Australia"
        assert_detail_shows(detail(app), second)
        assert "considering" in detail(app) and "Conditions: ceasefire" in detail(app)
        assert "Australia" in screen_text(app)
        await pilot.press("down", "down", "up")
        await pilot.pause()
        assert_detail_shows(detail(app), order[2])
        await pilot.press("ctrl+end")
        await pilot.pause()
        assert_detail_shows(detail(app), order[-1])
        row = [m.id for m in order].index("PL")
        move_cursor(app, row)
        await pilot.pause()
        text = detail(app)
        assert_detail_shows(text, order[row])
        assert "✕ Ground: ruled out" in text
        assert "● Logistics: pledged  lead nation" in text
        assert "Paris summit, 4 Sep 2025: in person" in text
        assert "Not disclosed: Air, Sea" in text


# --- empty result ---------------------------------------------------------------------------------


async def test_empty_result_shows_message_and_x_restores() -> None:
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("slash")
        await type_text(pilot, "zzq")
        assert table_ids(app) == []
        assert "-empty" in app.screen.classes
        table = app.query_one(MemberTable)
        assert not table.display
        assert app.query_one("#empty").display
        assert detail(app) == "No member selected."
        text = screen_text(app)
        assert "No members match these filters." in text and "Press x to clear them." in text
        assert "0 of 37 members shown" in text
        assert "No member selected." in text
        await pilot.press("enter", "down", "up", "enter", "o")  # moving in an empty table does nothing bad
        await pilot.pause()
        assert app.is_running
        await pilot.press("x")
        await pilot.pause()
        assert "-empty" not in app.screen.classes
        assert table.display and table.row_count == TOTAL
        assert table_ids(app) == expected(Filter(), "strongest")
        assert detail(app).startswith(f"{apply_filter(MEMBERS, Filter(), 'strongest')[0].name}  ")


async def test_empty_from_facets() -> None:
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        # Equipment + ruled out: nobody
        await pilot.press("t", *["down"] * 4, "space", "s", "down", "down", "down", "space")
        await pilot.pause()
        f = Filter(types=("equipment",), statuses=("ruled-out",))
        assert expected(f) == []
        assert_view(app, f)
        assert "No members match" in screen_text(app)
        assert detail(app) == "No member selected."


# --- export ---------------------------------------------------------------------------------------


def front_matter(path: Path) -> dict[str, Any]:
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    assert lines[0] == "---"
    end = lines.index("---", 1)
    data = yaml.safe_load("\n".join(lines[1:end]))
    assert isinstance(data, dict)
    return data


async def test_e_exports_the_current_view(tmp_path: Path) -> None:
    app = app_for(tmp_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("t", "down", "space", "s", "space", "escape", "o", "slash")
        await type_text(pilot, "fran")  # "fr" alone is France's id: only France
        await pilot.press("enter", "e")
        await pilot.pause()
        written = tmp_path / SNAPSHOT_NAME
        assert [p.name for p in tmp_path.iterdir()] == [SNAPSHOT_NAME]
        meta = front_matter(written)
        assert meta["filters"] == {"types": ["air-patrol"], "statuses": ["pledged"], "conditions": [],
                                   "roles": [], "search": "fran"}
        assert meta["sort"] == "strongest"
        shown = expected(Filter(types=("air-patrol",), statuses=("pledged",), search="fran"), "strongest")
        assert shown == ["FR", "GB"]
        assert meta["members_shown"] == 2 and meta["members_total"] == TOTAL
        assert meta["generated_at"] == "2026-11-24T12:00:00Z"
        body = written.read_text(encoding="utf-8")
        assert "### France (FR)" in body and "### Poland" not in body
        assert body.index("### France (FR)") < body.index("### United Kingdom")
        note = app.notes[-1]
        assert note["title"] == "Snapshot exported" and note["severity"] == "information"
        assert SNAPSHOT_NAME in note["message"] and str(written) in note["message"]
        assert note["message"].startswith("2 members written to")
        assert "Snapshot exported" in screen_text(app)


async def test_e_with_no_filter_exports_everything(tmp_path: Path) -> None:
    app = app_for(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e")
        await pilot.pause()
        meta = front_matter(tmp_path / SNAPSHOT_NAME)
        assert meta["filters"]["types"] == [] and meta["filters"]["search"] == ""
        assert meta["sort"] == "name" and meta["members_shown"] == TOTAL


async def test_export_error_is_a_notification_not_a_crash(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-folder"
    app = app_for(export_dir=missing)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        assert app.is_running and app.return_code is None
        assert not missing.exists()
        note = app.notes[-1]
        assert note["severity"] == "error" and note["title"] == "Export failed"
        assert "does not exist" in note["message"] and str(missing) in note["message"]
        assert "Export failed" in screen_text(app)
        await pilot.press("down")  # still responsive
        await pilot.pause()
        assert app.query_one(MemberTable).cursor_row == 1


# --- summary, help, quit --------------------------------------------------------------------------


def summary_lines(app: PledgeApp) -> list[str]:
    return widget_text(app.query_one("#summary-body", Static)).split("\n")


def assert_summary(app: PledgeApp, members: list[Member]) -> None:
    lines = summary_lines(app)
    assert lines[0] == f"Members shown by type and status ({len(members)})"
    for index, type_slug in enumerate(TYPES):
        label = TYPE_LABELS[type_slug]
        at = next(i for i, line in enumerate(lines) if line.startswith(label + " "))
        counts = {s: sum(1 for m in members if m.statuses[index] == s) for s in STATUSES}
        numbers = lines[at + 1].split()
        assert numbers == [part for s in STATUSES for part in (STATUS_GLYPHS[s], str(counts[s]))], label
        if members:
            assert "█" in lines[at]


async def test_g_toggles_summary_panel() -> None:
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "-show-summary" not in app.screen.classes
        await pilot.press("g")
        await pilot.pause()
        assert "-show-summary" in app.screen.classes
        assert app.query_one("#summary").display and not app.query_one("#detail").display
        assert_summary(app, list(MEMBERS))
        text = screen_text(app)
        assert "Members shown by type and status (37)" in text
        for label in TYPE_LABELS.values():
            assert label in text
        # the summary follows the filter
        await pilot.press("s", "space", "escape")
        await pilot.pause()
        assert_summary(app, apply_filter(MEMBERS, Filter(statuses=("pledged",))))
        await pilot.press("g")
        await pilot.pause()
        assert "-show-summary" not in app.screen.classes
        assert app.query_one("#detail").display and not app.query_one("#summary").display


def assert_bars_fill_panel(app: PledgeApp) -> None:
    """Each bar line fits the panel (no wrapping) and uses most of its width."""
    width = app.query_one("#summary").scrollable_content_region.width
    assert width > 20
    rendered = widget_text(app.query_one("#summary-body", Static)).split("\n")
    bars = [line for line in rendered if "█" in line]
    assert len(bars) == len(TYPES)  # one bar per type, none wrapped onto a second line
    for label, line in zip(TYPE_LABELS.values(), bars, strict=True):
        assert line.startswith(label)
        assert width - 4 <= len(line) <= width, (len(line), width)


async def test_summary_bars_follow_panel_width() -> None:
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("g")
        await pilot.pause()
        assert_bars_fill_panel(app)
        wide = app.query_one("#summary").scrollable_content_region.width
        await pilot.resize_terminal(60, 30)
        await pilot.pause()
        assert app.query_one("#summary").scrollable_content_region.width < wide
        assert_bars_fill_panel(app)
        await pilot.resize_terminal(160, 50)
        await pilot.pause()
        assert_bars_fill_panel(app)


async def test_legend_fits_on_one_line() -> None:
    app = app_for()
    async with app.run_test(size=(160, 50)) as pilot:
        for size in ((160, 50), (120, 40), (80, 24)):  # wide, normal and narrow layouts
            await pilot.resize_terminal(*size)
            await pilot.pause()
            legend_line = widget_text(app.query_one("#legend", Static))
            assert "\n" not in legend_line.strip()
            for word in ("pledged", "conditional", "considering", "ruled out", "not disclosed", "lead", "caveats"):
                assert word in legend_line, (size, legend_line)


@pytest.mark.parametrize("key", ["question_mark", "f1"])
async def test_help_opens_and_escape_closes(key: str) -> None:
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press(key)
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        assert "pledge-tui keys" in text
        assert "Cycle the sort" in text and "Command palette" in text
        await pilot.press("x")  # app keys do not reach the browser under the help screen
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)
        assert isinstance(app.focused, MemberTable)
        assert app.is_running


@pytest.mark.parametrize("keys", [("q",), ("ctrl+q",), ("slash", "ctrl+q")])
async def test_quit(keys: tuple[str, ...]) -> None:
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press(*keys)
        await pilot.pause()
        assert not app.is_running
    assert app.return_code == 0


# --- command palette ------------------------------------------------------------------------------


async def run_palette(pilot: Pilot[Any], command: str) -> None:
    """Open the palette, type `command`, wait for it to be the highlighted hit, run it."""
    app = pilot.app
    await pilot.press("ctrl+p")
    for _ in range(100):
        await pilot.pause(0.02)
        if isinstance(app.screen, CommandPalette):
            break
    assert isinstance(app.screen, CommandPalette)
    await type_text(pilot, command)
    results = app.screen.query_one(CommandList)
    for _ in range(200):
        await pilot.pause(0.02)
        if results.option_count and results.highlighted is not None:
            prompt = str(results.get_option_at_index(results.highlighted).prompt)
            if prompt.startswith(command):
                break
    else:
        raise AssertionError(f"palette did not offer {command!r}")
    await pilot.press("enter")
    for _ in range(100):
        await pilot.pause(0.02)
        if not isinstance(app.screen, CommandPalette):
            break
    await pilot.pause()
    assert not isinstance(app.screen, CommandPalette)


async def test_palette_export_snapshot(tmp_path: Path) -> None:
    app = app_for(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("c", "space", "escape")
        await pilot.pause()
        await run_palette(pilot, "Export snapshot")
        meta = front_matter(tmp_path / SNAPSHOT_NAME)
        assert meta["filters"]["conditions"] == ["ceasefire"]
        assert meta["members_shown"] == len(expected(Filter(conditions=("ceasefire",))))
        assert app.notes[-1]["title"] == "Snapshot exported"


async def test_palette_filters_and_clear() -> None:
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await run_palette(pilot, "Filter type: Air")
        assert_view(app, Filter(types=("air-patrol",)))
        await run_palette(pilot, "Filter status: pledged")
        f = Filter(types=("air-patrol",), statuses=("pledged",))
        assert_view(app, f)
        assert app.query_one("#facet-types", FacetList).selected == ["air-patrol"]
        await run_palette(pilot, "Clear filters")
        assert_view(app, Filter())


# --- small terminals ------------------------------------------------------------------------------


async def test_80x24_sidebar_overlay_and_keys() -> None:
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "-narrow" in app.screen.classes
        sidebar = app.query_one("#sidebar")
        assert not sidebar.display
        assert "37 of 37 members shown" in screen_text(app)
        await pilot.press("t")
        await pilot.pause()
        assert "-sidebar-focus" in app.screen.classes
        assert sidebar.display and sidebar.region.width > 0
        assert "Types (t)" in screen_text(app)
        await pilot.press("down", "space")
        await pilot.pause()
        assert_view(app, Filter(types=("air-patrol",)))
        await pilot.press("escape")
        await pilot.pause()
        assert "-sidebar-focus" not in app.screen.classes
        assert not sidebar.display
        assert "9 of 37 members shown" in screen_text(app)
        await pilot.press("slash")
        await pilot.pause()
        assert "-sidebar-focus" in app.screen.classes
        await pilot.press("escape")
        await pilot.pause()
        assert "-sidebar-focus" not in app.screen.classes
        await pilot.press("g")
        await pilot.pause()
        assert "Members shown by type and status (9)" in screen_text(app)
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running
    assert app.return_code == 0


async def test_40x12_starts_filters_and_quits() -> None:
    app = app_for()
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        assert "37 of 37 members shown" in screen_text(app)
        await pilot.press("s", "space", "escape")
        await pilot.pause()
        assert_view(app, Filter(statuses=("pledged",)))
        assert "13 of 37 members shown" in screen_text(app)
        await pilot.press("down", "g", "g", "o")
        await pilot.pause()
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running
    assert app.return_code == 0
