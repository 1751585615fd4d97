"""The cell cursor and what it drives (README "Editing in the browser", issue 15 items 5-7): the cell line, the detail
pane with the highlighted commitment first, one type across the members shown (`v`), `enter`, copying
a citation (`y`), opening a source (`u`), jumping between name matches (`n`/`N`), the coalition row and
a field of several megabytes."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from pledge_tui.dataset import store
from pledge_tui.dataset.catalogue import STATUSES as STATUS_WORDS
from pledge_tui.dataset.model import LoadedDataset
from pledge_tui.dataset.vocab import TYPES
from pledge_tui.ui.widgets.detail import DetailPane, SourceLinks
from pledge_tui.ui.widgets.member_table import MemberTable
from pledge_tui.views import browse, present
from pledge_tui.views.filters import Filter, apply_filter
from pledge_tui.views.present import source_line
from tests import factories
from tests.app_helpers import RecordingApp, app_for, detail, expected
from tests.snapshot_apps import (
    bundled,
    make_app,
    members_screen,
    move_cursor,
    screen_text,
    settle,
    table_ids,
    widget_text,
)

SIZE = (120, 40)
MEMBERS = bundled().dataset.members
AIR = TYPES.index("air-patrol")


def cell_line(app: RecordingApp) -> str:
    return " ".join(widget_text(app.query_one("#cell-line")).split())


def header_segments(app: RecordingApp) -> list[tuple[str, object]]:
    """The matrix's column titles as drawn: (text, style) of each segment."""
    strip = app.query_one(MemberTable).render_line(0)
    return [(segment.text, segment.style) for segment in strip]


async def test_the_cell_cursor_moves_across_types_and_members() -> None:
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.query_one(MemberTable)
        assert (table.cursor_row, table.cursor_column) == (0, 0)
        await pilot.press("right", "l", "h")
        await settle(pilot)
        assert table.cursor_column == 1 and table.highlighted.type == "air-patrol"
        assert members_screen(app).cursor == browse_cell("AL", "air-patrol")
        await pilot.press("down", "j", "k")
        await settle(pilot)
        assert table.cursor_row == 1 and table.highlighted.member_id == "AU"
        await pilot.press(*["right"] * 20)  # stops at the last column
        await settle(pilot)
        assert table.cursor_column == len(TYPES) - 1
        await pilot.press(*["left"] * 20)
        await settle(pilot)
        assert table.cursor_column == 0


def browse_cell(member_id: str, type_slug: str) -> object:
    from pledge_tui.ui.widgets.member_table import CellRef

    return CellRef(member_id, type_slug)


async def test_the_highlighted_column_title_is_drawn_apart() -> None:
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        before = header_segments(app)
        await pilot.press("right")
        await settle(pilot)
        after = header_segments(app)
        titles = {text.strip(): style for text, style in after}
        assert titles["Air"] != titles["Grnd"]  # the highlighted column's title has its own style
        assert dict((t.strip(), s) for t, s in before)["Grnd"] == titles["Air"]


async def test_cell_line_and_detail_pane_follow_the_cell() -> None:
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        row = expected(Filter()).index("GB")
        move_cursor(app, row, AIR)
        await settle(pilot)
        line = cell_line(app)
        assert line.startswith("United Kingdom · Air: ● pledged")
        assert "conditions: ceasefire, parliament" in line and "lead" not in line  # not the lead nation
        gb = bundled().dataset.member("GB")
        assert gb is not None
        assert f"sources: {', '.join(gb.commitments['air-patrol'].sources)}" in line
        text = detail(app)
        assert text.index("Highlighted: Air") < text.index("● Air: pledged") < text.index("Stance")
        assert text.index("Stance") < text.index("Other commitments") < text.index("● Ground: pledged")
        await pilot.press("left")  # Ground first now, Air among the others
        await settle(pilot)
        text = detail(app)
        assert text.index("Highlighted: Ground") < text.index("● Ground: pledged") < text.index("● Air: pledged")
        move_cursor(app, expected(Filter()).index("PL"), AIR)  # a cell with no record
        await settle(pilot)
        assert cell_line(app) == f"Poland · Air: · not disclosed — {STATUS_WORDS.meaning('not-disclosed')}"
        assert "Highlighted: Air\n· Air: not disclosed" in detail(app)


async def test_v_shows_one_type_across_the_members_shown() -> None:
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("right", "v")
        await settle(pilot)
        assert members_screen(app).detail_mode == "type"
        text = detail(app)
        column = browse.type_column(apply_filter(MEMBERS, Filter()), "air-patrol")
        assert text.startswith("Air across the members shown (37 members)")
        assert " · ".join(f"{n} {label}" for _s, label, n in column.counts) in text
        for cell in column.cells:
            if cell.disclosed:  # one line each: status, name, and what it depends on
                line = next(line for line in text.splitlines() if f" {cell.member_name} " in line)
                assert cell.status_label in line
                for condition in cell.condition_labels:
                    assert condition in line
        assert "Not disclosed (28): Albania, Australia" in text
        # it follows the column, the filter and the cursor
        await pilot.press("right")
        await settle(pilot)
        assert detail(app).startswith("Sea across the members shown (37 members)")
        await pilot.press("s", "space", "escape")
        await settle(pilot)
        shown = len(expected(Filter(statuses=("pledged",))))
        assert detail(app).startswith(f"Sea across the members shown ({shown} members)")
        await pilot.press("v")
        await settle(pilot)
        assert members_screen(app).detail_mode == "member"
        assert detail(app).startswith(app.query_one(MemberTable).members[0].name)


async def test_enter_on_a_cell_focuses_the_detail_pane_and_escape_returns() -> None:
    """Read-only (`--read-only`): `enter` goes to the cell's details (editing opens the edit form)."""
    app = make_app(app_class=RecordingApp, read_only=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.focused, DetailPane)
        await pilot.press("j", "k", "pagedown", "home")  # scroll the pane, not the table
        await settle(pilot)
        assert app.query_one(MemberTable).cursor_row == 0
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.focused, MemberTable)


async def test_y_copies_the_citations_of_the_cell_and_says_so() -> None:
    app = app_for()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        move_cursor(app, expected(Filter()).index("PL"), TYPES.index("logistics"))
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        dataset = bundled().dataset
        pl = dataset.member("PL")
        assert pl is not None
        ids = pl.commitments["logistics"].sources
        assert app.copied == ["\n".join(browse.citation(source_line(dataset.sources[s])) for s in ids)]
        assert app.notes[-1]["message"] == f"Copied {len(ids)} citations ({', '.join(ids)}) to the clipboard"
        first = dataset.sources[ids[0]]
        assert app.copied[0].startswith(f'[{first.id}] {first.publisher}, "{first.title}", {first.date}, '
                                        f"tier {first.tier} (")  # the source as every view lists it
        assert "Copied" in screen_text(app)


async def test_u_opens_the_only_source_address_of_the_cell() -> None:
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        move_cursor(app, expected(Filter()).index("GB"), TYPES.index("funding"))
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
        url = bundled().dataset.sources["S60"].url
        assert app.opened == [url]
        assert app.notes[-1]["message"] == f"Opening {url}"


async def test_u_with_several_sources_goes_to_the_list_and_enter_opens_the_one_chosen() -> None:
    """`u` on a cell citing several addresses: the detail pane's source list, on the cell's first source;
    `enter` opens the highlighted one, `down` `enter` the next (not only the first, as before)."""
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        move_cursor(app, expected(Filter()).index("GB"), AIR)
        await pilot.press("z")  # even from a hidden pane
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
        sources = app.query_one(SourceLinks)
        assert app.focused is sources and members_screen(app).show_pane
        assert app.opened == []
        assert "5 sources with an address (S3, S49, S58, S59, S83)" in app.notes[-1]["message"]
        highlighted = sources.get_option_at_index(sources.highlighted or 0)
        assert highlighted.id == "S3"
        await pilot.press("enter")
        await settle(pilot)
        dataset = bundled().dataset
        assert app.opened == [dataset.sources["S3"].url]
        chosen = [s.id for s in app.query_one(DetailPane).card_sources()]
        await pilot.press("down", "enter")
        await settle(pilot)
        after = chosen[chosen.index("S3") + 1]
        assert app.opened == [dataset.sources["S3"].url, dataset.sources[after].url]
        assert app.notes[-1]["title"] == f"Source {after}"
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.focused, MemberTable)


async def test_enter_on_the_detail_pane_goes_to_its_sources_and_opens_one() -> None:
    """Read-only: `enter` on a cell goes to the pane, `enter` again to its sources, `enter` on one opens it;
    every address is drawn as an OSC 8 link, whole even where it wraps."""
    app = make_app(app_class=RecordingApp, read_only=True)
    assert isinstance(app, RecordingApp)
    async with app.run_test(size=(80, 30)) as pilot:
        await settle(pilot)
        move_cursor(app, expected(Filter()).index("PL"), TYPES.index("logistics"))
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.focused, DetailPane)
        await pilot.press("enter")
        await settle(pilot)
        sources = app.query_one(SourceLinks)
        assert app.screen.focused is sources
        first = sources.get_option_at_index(sources.highlighted or 0).id
        assert first == "S27"  # the highlighted cell's first source
        await pilot.press("enter")
        await settle(pilot)
        dataset = bundled().dataset
        assert app.opened == [dataset.sources["S27"].url]
        links = {segment.style.link for strip in sources.render_lines(sources.size.region) for segment in strip
                 if segment.style is not None and segment.style.link}
        shown = [s for s in app.query_one(DetailPane).card_sources() if browse.openable_url(s)]
        assert links == {s.url for s in shown}
        rendered = "".join(strip.render(app.console) for strip in sources.render_lines(sources.size.region))
        assert "\x1b]8;" in rendered and dataset.sources["S27"].url in rendered  # the OSC 8 escape itself


def test_only_web_addresses_are_opened() -> None:
    base = source_line(next(iter(bundled().dataset.sources.values())))
    for url, ok in [("https://example.org/a", True), ("http://example.org", True), ("", False),
                    ("javascript:alert(1)", False), ("file:///etc/passwd", False), ("https://a b", False)]:
        assert (browse.openable_url(base._replace(url=url)) is not None) == ok, url


async def test_n_and_shift_n_jump_between_members_named_by_the_search() -> None:
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", "a", "n", "enter")  # "an" is in many stances, and in a few names
        await settle(pilot)
        table = app.query_one(MemberTable)
        matches = browse.name_matches(table.members, "an")
        assert 0 < len(matches) < table.row_count
        first = table.cursor_row
        assert first == matches[0]  # enter left the search box on the first member it names
        await pilot.press("n")
        await settle(pilot)
        first = table.cursor_row
        assert first == matches[1]
        await pilot.press("n")
        await settle(pilot)
        assert table.cursor_row == browse.next_match(matches, first, 1)
        await pilot.press("N", "N")
        await settle(pilot)
        assert table.cursor_row == browse.next_match(matches, first, -1)


async def test_n_without_a_search_says_how_to_search() -> None:
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert app.notes[-1]["message"] == "No search text: press / to search"
        assert app.query_one(MemberTable).cursor_row == 0


def test_name_matches_ignore_case_and_accents() -> None:
    members = apply_filter(MEMBERS, Filter())
    names = [members[row].name for row in browse.name_matches(members, "turk")]
    assert names == [m.name for m in members if "rk" in m.name and m.name.casefold().startswith("t")]
    assert browse.name_matches(members, "  ") == []
    assert browse.next_match([2, 5, 9], 5, 1) == 9 and browse.next_match([2, 5, 9], 9, 1) == 2
    assert browse.next_match([2, 5, 9], 2, -1) == 9 and browse.next_match([], 0, 1) is None


# --- the coalition row ------------------------------------------------------------------------------


@pytest.fixture
def with_coalition(tmp_path: Path) -> LoadedDataset:
    raw = factories.raw_dataset()
    raw["members"]["5"] = factories.member("COW", "Coalition of the Willing (as a whole)", role="coalition",
                                           eu=False, nato=False, caveats=[])
    raw["commitments"]["8"] = factories.commitment("COW", "backstop", "pledged")
    return store.load(str(factories.write(tmp_path / "cow.json", raw)))


async def test_the_coalition_row_is_counted_and_styled_apart(with_coalition: LoadedDataset) -> None:
    app = make_app(with_coalition, app_class=RecordingApp)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        ids = table_ids(app)
        assert "COW" in ids and len(ids) == 5
        assert ids == [m.id for m in apply_filter(with_coalition.dataset.members, Filter())]  # the core's order
        head = widget_text(app.query_one("#header"))
        assert "4 of 4 members shown + the coalition as a whole" in head
        table = app.query_one(MemberTable)
        row = ids.index("COW")
        other = next(r for r in range(5) if r != row and r % 2 == row % 2 and r != table.cursor_row)
        cow_style = next(iter(table.render_line(row + 1 - int(table.scroll_y)))).style
        member_style = next(iter(table.render_line(other + 1 - int(table.scroll_y)))).style
        assert cow_style != member_style
        assert table.row_cells(row)[1] == "coalit."
        await pilot.press("c", "space", "escape")  # a filter that leaves the coalition out
        await settle(pilot)
        if "COW" not in table_ids(app):
            assert "+ the coalition" not in widget_text(app.query_one("#header"))


def test_members_shown_in_words() -> None:
    members = list(MEMBERS)
    assert present.count_in_words(members[:3], members) == "3 of 37 members shown"


# --- a field of several megabytes ---------------------------------------------------------------------


async def test_a_huge_field_is_cut_in_the_detail_pane_and_does_not_freeze_it(tmp_path: Path) -> None:
    raw = factories.raw_dataset()
    raw["commitments"]["1"]["summary"] = "word " * 1_000_000  # 5 MB
    loaded = store.load(str(factories.write(tmp_path / "huge.json", raw)))
    app = make_app(loaded, app_class=RecordingApp)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        move_cursor(app, table_ids(app).index("PL"))
        started = time.perf_counter()
        for _ in range(3):  # cross the member back and forth
            await pilot.press("up", "down")
            await settle(pilot)
        assert time.perf_counter() - started < 10  # seconds; it froze for seconds per move before
        text = detail(app)
        assert len(text) < browse.FIELD_LIMIT + 5_000
        cut = 5_000_000 - browse.FIELD_LIMIT
        assert f"[… {cut:,} more characters not shown; `pledge-tui show` prints them]" in text
        assert app.is_running
