"""The browser driven with Textual's Pilot: every key and palette command of README "The browser".

Each test compares what the browser shows with what the headless core (`filters.apply_filter`,
`filters.facet_counts`) gives for the same filter and sort, so the two can never drift apart.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
import yaml

from pledge_tui.dataset import catalogue
from pledge_tui.dataset.model import Member
from pledge_tui.dataset.vocab import STATUSES, TYPES
from pledge_tui.sanitize import clean_line, clean_text
from pledge_tui.ui.app import PledgeApp
from pledge_tui.ui.screens.help import HelpScreen
from pledge_tui.ui.widgets.filters import FacetList, SearchBox
from pledge_tui.ui.widgets.member_table import MemberTable
from pledge_tui.views.filters import Facet, Filter, apply_filter, facet_counts
from pledge_tui.views.present import totals_in_words
from tests.app_helpers import (
    SNAPSHOT_NAME,
    app_for,
    detail,
    expected,
    filter_line,
    post_keys,
    run_palette,
    summary_lines,
    type_text,
)
from tests.snapshot_apps import (
    bundled,
    members_screen,
    move_cursor,
    row_cells,
    screen_text,
    settle,
    table_ids,
    table_names,
    widget_text,
)

SIZE = (120, 40)
MEMBERS = bundled().dataset.members
TOTAL = len(MEMBERS)


def header(app: PledgeApp) -> str:
    return widget_text(app.query_one("#header"))


def facet_list(app: PledgeApp, facet: Facet) -> FacetList:
    return app.query_one(f"#facet-{facet}", FacetList)


def shown_counts(app: PledgeApp, facet: Facet) -> dict[str, int | None]:
    """The live counts printed in a facet list's prompts ("-" where a count would say nothing)."""
    lines = facet_list(app, facet)
    numbers = [str(lines.get_option_at_index(i).prompt).split()[-1] for i in range(len(lines.slugs))]
    return {slug: None if n == "-" else int(n) for slug, n in zip(lines.slugs, numbers, strict=True)}


def ticks(app: PledgeApp, facet: Facet) -> dict[str, bool]:
    """Which values a facet list shows ticked, read from the text of its checkboxes."""
    lines = facet_list(app, facet)
    prompts = [str(lines.get_option_at_index(i).prompt) for i in range(len(lines.slugs))]
    assert all(p.startswith(("[x] ", "[ ] ")) for p in prompts), prompts
    return {slug: p.startswith("[x]") for slug, p in zip(lines.slugs, prompts, strict=True)}


def assert_view(app: PledgeApp, f: Filter, sort: str = "name") -> None:
    """Table, header, filter line, ticks and every facet's counts agree with the core for `f` and `sort`."""
    screen = members_screen(app)
    assert screen.view_filter == f
    assert screen.sort == sort
    ids = expected(f, sort)
    assert table_ids(app) == ids
    assert f"{len(ids)} of {TOTAL} members shown" in header(app)
    for facet in ("types", "statuses", "conditions"):
        counts: Mapping[str, int | None] = facet_counts(MEMBERS, f, facet)
        if facet == "statuses" and not f.types:
            counts = {**counts, "not-disclosed": None}  # always everyone: it says nothing, so not shown
        assert shown_counts(app, facet) == counts, facet
        assert ticks(app, facet) == {s: s in getattr(f, facet) for s in facet_list(app, facet).slugs}
    if f.is_empty:
        assert filter_line(app) == f"No filter: every member is shown · Sort: {catalogue.SORTS.label(sort)} (o)"
    else:
        assert filter_line(app).startswith("Filter: ")
        assert filter_line(app).endswith(f"· Sort: {catalogue.SORTS.label(sort)} (o)")


# --- start ----------------------------------------------------------------------------------------


async def test_start_shows_every_member_sorted_by_name() -> None:
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.query_one(MemberTable).row_count == TOTAL == 37
        assert table_ids(app) == expected(Filter())
        names = table_names(app)
        assert names[0].startswith("Albania")
        assert [n.casefold() for n in names] == sorted(n.casefold() for n in names)
        head = header(app)
        assert "37 of 37 members shown" in head
        assert "Data as of 2026-03" in head and "about 9 months old" in head
        assert "Reported: 26 countries committed (2025-09-04; S24, S25, S34), never named" in head
        assert "commitments.json · editing" in head
        assert "Sort: name" in filter_line(app)
        assert isinstance(app.focused, MemberTable)
        assert detail(app).startswith("Albania  AL")
        text = screen_text(app)
        assert "37 of 37 members shown" in text and "Reported: 26 countries" in text
        assert "No filter: every member is shown" in text
        assert "Albania" in text.split("\n")[4]  # first row, under header (2), filter line and column titles
        cells = row_cells(app, table_ids(app).index("PL"))
        assert cells[0] == "Poland"  # no caveat mark: every member has caveats, so it said nothing
        assert cells[1] == "member"
        by_type = dict(zip(TYPES, cells[2:], strict=True))
        assert by_type["ground-forces"] == catalogue.STATUSES.glyph("ruled-out")
        assert by_type["logistics"] == catalogue.STATUSES.glyph("pledged") + catalogue.LEAD.glyph
        assert by_type["air-patrol"] == catalogue.STATUSES.glyph("not-disclosed")


# --- facets ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "facet", "moves", "slug"),
    [("t", "types", 1, "air-patrol"), ("s", "statuses", 0, "pledged"), ("c", "conditions", 2, "parliament")],
)
async def test_facet_key_focuses_list_and_space_toggles(key: str, facet: Facet, moves: int, slug: str) -> None:
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        before = {name: shown_counts(app, name) for name in ("types", "statuses", "conditions")}
        await pilot.press(key)
        await settle(pilot)
        lines = facet_list(app, facet)
        assert app.focused is lines
        await pilot.press(*["down"] * moves, "space")
        await settle(pilot)
        f = Filter().toggled(facet, slug)
        assert_view(app, f)
        assert lines.ticked == [slug]
        assert len(table_ids(app)) < TOTAL
        # the live counts of the other facets follow the filter
        others: list[Facet] = [name for name in ("types", "statuses", "conditions") if name != facet]
        assert any(shown_counts(app, name) != before[name] for name in others)
        await pilot.press("enter")  # enter toggles too
        await settle(pilot)
        assert_view(app, Filter())
        assert lines.ticked == []
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.focused, MemberTable)


async def test_type_and_status_filters_combine_and_are_named_in_words() -> None:
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("t", "down", "space", "s", "space")
        await settle(pilot)
        f = Filter(types=("air-patrol",), statuses=("pledged",))
        assert_view(app, f)
        assert table_ids(app) == ["BE", "FR", "SE", "GB"]
        text = screen_text(app)
        assert "4 of 37 members shown" in text
        assert "Filter: type: Air; status: pledged" in text
        assert "[x] Air" in text and "[ ] Ground" in text and "[x] pledged" in text
        await pilot.press("down", "space")  # conditional, too
        await settle(pilot)
        assert_view(app, Filter(types=("air-patrol",), statuses=("pledged", "conditional")))
        assert "statuses: pledged, conditional" in filter_line(app)


async def test_not_disclosed_is_counted_only_once_a_type_is_chosen() -> None:
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert shown_counts(app, "statuses")["not-disclosed"] is None
        await pilot.press("t", "down", "space")
        await settle(pilot)
        f = Filter(types=("air-patrol",))
        assert shown_counts(app, "statuses")["not-disclosed"] == facet_counts(MEMBERS, f, "statuses")["not-disclosed"]


async def test_clicking_a_filter_value_toggles_it() -> None:
    app = app_for()
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        await pilot.click(facet_list(app, "types"), offset=(6, 1))  # the second type: Air
        await settle(pilot)
        assert members_screen(app).view_filter.types == ("air-patrol",)
        assert facet_list(app, "types").ticked == ["air-patrol"]
        await pilot.click(facet_list(app, "types"), offset=(6, 1))
        await settle(pilot)
        assert members_screen(app).view_filter.types == ()


# --- search ---------------------------------------------------------------------------------------


async def test_search_filters_live_and_enter_or_escape_return_to_table() -> None:
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        search = app.query_one(SearchBox)
        await pilot.press("slash")
        await settle(pilot)
        assert app.focused is search
        await type_text(pilot, "p")
        assert_view(app, Filter(search="p"))
        assert len(table_ids(app)) > 1
        await type_text(pilot, "ol")
        assert_view(app, Filter(search="pol"))
        assert table_ids(app) == ["PL"]
        assert detail(app).startswith("Poland")
        assert 'search: "pol"' in filter_line(app)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.focused, MemberTable)
        assert search.value == "pol"
        assert_view(app, Filter(search="pol"))
        await pilot.press("slash")
        await settle(pilot)
        assert app.focused is search
        await pilot.press("backspace", "backspace", "backspace")
        await type_text(pilot, "GERM")
        assert table_ids(app) == ["DE"]
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.focused, MemberTable)
        assert search.value == "GERM"
        assert_view(app, Filter(search="GERM"))
        assert "1 of 37 members shown" in screen_text(app)


async def test_app_keys_typed_in_search_go_into_the_text(tmp_path: Path) -> None:
    app = app_for(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await settle(pilot)
        await type_text(pilot, "qtxegos/vyu?")
        search = app.query_one(SearchBox)
        assert app.is_running and app.return_code is None
        assert app.focused is search
        assert search.value == "qtxegos/vyu?"
        screen = members_screen(app)
        assert screen.view_filter == Filter(search="qtxegos/vyu?")
        assert screen.sort == "name" and not screen.show_summary and screen.detail_mode == "member"
        assert list(tmp_path.iterdir()) == []  # `e` exported nothing
        assert app.notes == [] and app.copied == [] and app.opened == []


async def test_keys_in_the_same_burst_as_slash_go_into_the_search_box(tmp_path: Path) -> None:
    """`/pol` pasted or typed fast (one burst): the search box gets "pol", in order, and finds Poland.

    `/` is handled as soon as it arrives, before the keys behind it are handed to the focused widget;
    before, they went to the table and were dropped (and "/queen" ran `q` and quit).
    """
    app = app_for(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        post_keys(app, ("slash", "/"), *((ch, ch) for ch in "pol"))
        await settle(pilot)
        assert app.query_one(SearchBox).value == "pol"
        assert table_ids(app) == ["PL"]
        await pilot.press("escape")
        post_keys(app, ("slash", "/"), *((ch, ch) for ch in "queengox"))
        await settle(pilot)
        assert app.is_running and app.return_code is None
        assert app.query_one(SearchBox).value == "polqueengox"
        assert list(tmp_path.iterdir()) == []
        assert members_screen(app).sort == "name" and not members_screen(app).show_summary
        await pilot.press("escape", "o")
        await settle(pilot)
        assert isinstance(app.focused, MemberTable)
        assert members_screen(app).sort == "strongest"


async def test_space_typed_right_after_t_toggles_the_type() -> None:
    """`t`, down, space in one burst: the space toggles the type, it does not reach the table."""
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        post_keys(app, ("t", "t"), ("j", "j"), ("space", " "))
        await settle(pilot)
        assert isinstance(app.focused, FacetList)
        assert members_screen(app).view_filter == Filter(types=("air-patrol",))


# --- clear ----------------------------------------------------------------------------------------


async def test_x_clears_filters_and_search_and_resets_the_list_cursors() -> None:
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("t", "down", "down", "space", "s", "down", "space", "c", "space", "slash")
        await type_text(pilot, "an")
        await pilot.press("enter")
        await settle(pilot)
        f = Filter(types=("naval-demining",), statuses=("conditional",), conditions=("ceasefire",), search="an")
        assert_view(app, f)
        assert facet_list(app, "types").highlighted == 2
        await pilot.press("x")
        await settle(pilot)
        assert app.query_one(SearchBox).value == ""
        assert_view(app, Filter())
        assert app.query_one(MemberTable).row_count == TOTAL
        assert [facet_list(app, f).highlighted for f in ("types", "statuses", "conditions")] == [0, 0, 0]
        await pilot.press("t", "space")  # toggles the first type, not the one highlighted before `x`
        await settle(pilot)
        assert members_screen(app).view_filter == Filter(types=("ground-forces",))


# --- sort and cursor ------------------------------------------------------------------------------


async def test_o_cycles_sort() -> None:
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert_view(app, Filter(), "name")
        for sort, label in (("strongest", "strongest commitment first"), ("caveats", "most caveats first"),
                            ("name", "name")):
            await pilot.press("o")
            await settle(pilot)
            assert_view(app, Filter(), sort)
            assert f"Sort: {label}" in filter_line(app)
        assert expected(Filter(), "strongest") != expected(Filter(), "name")
        assert expected(Filter(), "caveats") != expected(Filter(), "name")
        assert [n["message"] for n in app.notes] == [
            "Sorted by strongest commitment first", "Sorted by most caveats first", "Sorted by name"]
        await pilot.press("s", "space", "escape", "o")  # the sort applies to the filtered rows
        await settle(pilot)
        assert_view(app, Filter(statuses=("pledged",)), "strongest")


async def test_highlighted_member_stays_highlighted_across_sort_and_filter() -> None:
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.query_one(MemberTable)
        row = expected(Filter()).index("PL")
        move_cursor(app, row)
        await settle(pilot)
        assert table.cursor_row == row and table.highlighted_id == "PL"
        assert detail(app).startswith("Poland  PL")

        await pilot.press("o")  # strongest first: Poland moves up
        await settle(pilot)
        new_row = expected(Filter(), "strongest").index("PL")
        assert new_row != row
        assert table.cursor_row == new_row and table.highlighted_id == "PL"
        assert detail(app).startswith("Poland  PL")

        await pilot.press("s", "down", "down", "down", "space")  # ruled out: Poland still shown, on another row
        await settle(pilot)
        f = Filter(statuses=("ruled-out",))
        third = expected(f, "strongest").index("PL")
        assert third != new_row
        assert table.cursor_row == third and table.highlighted_id == "PL"
        await pilot.press("escape", "x")  # clearing the filter keeps Poland highlighted, too
        await settle(pilot)
        assert table_ids(app) == expected(Filter(), "strongest")
        assert table.cursor_row == new_row and table.highlighted_id == "PL"


        await pilot.press("slash")
        await type_text(pilot, "germ")  # Poland is filtered out: the cursor goes to the first row
        assert table_ids(app) == ["DE"]
        assert table.cursor_row == 0 and table.highlighted_id == "DE"
        assert detail(app).startswith("Germany  DE")


async def test_the_highlighted_row_stays_on_screen_when_the_table_grows_back() -> None:
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"pol", "enter", "x")  # one row, then all 37 again
        await settle(pilot)
        table = app.query_one(MemberTable)
        assert table.highlighted_id == "PL" and table.cursor_row == expected(Filter()).index("PL")
        assert int(table.scroll_y) <= table.cursor_row < int(table.scroll_y) + table.size.height - 1


def assert_detail_shows(text: str, member: Member) -> None:
    assert text.startswith(f"{member.name}  {member.id}")
    flat = " ".join(text.split())
    assert " ".join(clean_line(member.stance).split()) in flat
    for caveat in member.caveats:
        assert f"• {clean_line(caveat)}" in text
    for record in member.commitments.values():
        assert " ".join(clean_text(record.summary).split()) in flat
        for source_id in record.sources:
            assert f"[{source_id}]" in text
    for source_id in member.sources:
        assert f"[{source_id}]" in text


async def test_detail_pane_follows_cursor() -> None:
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        order = apply_filter(MEMBERS, Filter())
        assert_detail_shows(detail(app), order[0])
        await pilot.press("down")
        await settle(pilot)
        assert order[1].name == "Australia"
        assert_detail_shows(detail(app), order[1])
        assert "considering" in detail(app) and "Conditions: ceasefire" in detail(app)
        await pilot.press("j", "j", "k")
        await settle(pilot)
        assert_detail_shows(detail(app), order[2])
        await pilot.press("end")
        await settle(pilot)
        assert_detail_shows(detail(app), order[-1])
        await pilot.press("home")
        await settle(pilot)
        assert_detail_shows(detail(app), order[0])
        row = [m.id for m in order].index("PL")
        move_cursor(app, row)
        await settle(pilot)
        text = detail(app)
        assert_detail_shows(text, order[row])
        assert "✕ Ground: ruled out" in text
        assert "●* Logistics: pledged, lead nation" in text
        assert "Paris summit, 4 Sep 2025: in person" in text
        assert "Not disclosed: Air, Sea" in text


async def test_ctrl_d_and_ctrl_u_move_half_a_screen() -> None:
    app = app_for()
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        table = app.query_one(MemberTable)
        half = (table.size.height - 1) // 2
        await pilot.press("ctrl+d")
        await settle(pilot)
        assert table.cursor_row == half
        await pilot.press("ctrl+d", "ctrl+u")
        await settle(pilot)
        assert table.cursor_row == half
        await pilot.press("t", "ctrl+d", "j", "k", "end")
        await settle(pilot)
        assert facet_list(app, "types").highlighted == len(TYPES) - 1
        await pilot.press("home", "j")
        await settle(pilot)
        assert facet_list(app, "types").highlighted == 1


# --- empty result ---------------------------------------------------------------------------------


async def test_empty_result_names_the_filter_and_x_restores() -> None:
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await type_text(pilot, "zzq")
        assert table_ids(app) == []
        assert "-empty" in members_screen(app).classes
        table = app.query_one(MemberTable)
        assert not table.display
        assert app.query_one("#empty").display
        assert detail(app) == "No member selected."
        text = screen_text(app)
        assert 'No members match these filters (search: "zzq").' in text and "Press x to clear them." in text
        assert "0 of 37 members shown" in text
        await pilot.press("enter", "down", "up", "enter", "o", "left", "v", "y", "u")  # nothing bad happens
        await settle(pilot)
        assert app.is_running and app.copied == [] and app.opened == []
        await pilot.press("x")
        await settle(pilot)
        assert "-empty" not in members_screen(app).classes
        assert table.display and table.row_count == TOTAL


async def test_empty_from_facets() -> None:
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        # Equipment + ruled out: nobody
        await pilot.press("t", *["down"] * 4, "space", "s", "down", "down", "down", "space")
        await settle(pilot)
        f = Filter(types=("equipment",), statuses=("ruled-out",))
        assert expected(f) == []
        assert_view(app, f)
        assert "No members match these filters (type: Equipment; status: ruled out)." in screen_text(app)


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
        await settle(pilot)
        await pilot.press("t", "down", "space", "s", "space", "escape", "o", "slash")
        await type_text(pilot, "fran")  # "fr" alone is France's id: only France
        await pilot.press("enter", "e")
        await settle(pilot)
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
        note = app.notes[-1]
        assert note["title"] == "Snapshot exported" and note["severity"] == "information"
        assert note["message"] == f"2 members written to {written}"
        assert "Snapshot exported" in screen_text(app)


async def test_two_exports_in_the_same_second_never_overwrite(tmp_path: Path) -> None:
    app = app_for(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e")
        await settle(pilot)
        await pilot.press("s", "space", "escape", "e")  # same clock second, another view
        await settle(pilot)
        written = sorted(tmp_path.iterdir())
        assert len(written) == 2
        pledged = len(expected(Filter(statuses=("pledged",))))
        assert {front_matter(p)["members_shown"] for p in written} == {TOTAL, pledged}
        assert str(written[1]) in app.notes[-1]["message"] or str(written[0]) in app.notes[-1]["message"]


async def test_export_error_is_a_notification_not_a_crash(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-folder"
    app = app_for(export_dir=missing)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        assert app.is_running and app.return_code is None
        assert not missing.exists()
        note = app.notes[-1]
        assert note["severity"] == "error" and note["title"] == "Export failed"
        assert "does not exist" in note["message"] and str(missing) in note["message"]
        await pilot.press("down")  # still responsive
        await settle(pilot)
        assert app.query_one(MemberTable).cursor_row == 1


async def test_export_notification_cleans_the_path(tmp_path: Path) -> None:
    folder = tmp_path / "out\x1b]0;evil\x07\nx"
    folder.mkdir()
    app = app_for(folder)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e")
        await settle(pilot)
        message = app.notes[-1]["message"]
        assert "\x1b" not in message and "\x07" not in message and "\n" not in message
        assert "out]0;evil x" in message


# --- summary, legend, help, quit ------------------------------------------------------------------


def assert_summary(app: PledgeApp, members: list[Member]) -> None:
    """Per type, the counts line matches the core, and the bar is drawn with the status glyphs, each in
    proportion to its count (so the bars read without colour)."""
    lines = summary_lines(app)
    assert lines[:2] == ["Members shown by type and status", totals_in_words(members)]
    for index, type_slug in enumerate(TYPES):
        label = catalogue.TYPES.label(type_slug)
        at = next(i for i, line in enumerate(lines) if line.startswith(label + " "))
        counts = {s: sum(1 for m in members if m.statuses[index] == s) for s in STATUSES}
        numbers = lines[at + 1].split()
        assert numbers == [part for s in STATUSES for part in (catalogue.STATUSES.glyph(s), str(counts[s]))], label
        bar = lines[at][len(label):].strip()
        if members:
            assert set(bar) <= {catalogue.STATUSES.glyph(s) for s in STATUSES}, bar
            width = len(bar)
            for status in STATUSES:
                share = width * counts[status] / len(members)
                assert abs(bar.count(catalogue.STATUSES.glyph(status)) - share) <= 1, (label, status)


async def test_g_toggles_summary_panel() -> None:
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = members_screen(app)
        assert "-show-summary" not in screen.classes
        await pilot.press("g")
        await settle(pilot)
        assert "-show-summary" in screen.classes
        assert app.query_one("#summary").display and not app.query_one("#detail").display
        assert_summary(app, list(MEMBERS))
        text = screen_text(app)
        assert "Members shown by type and status" in text and "37 members" in text
        assert f"● pledged: {catalogue.STATUSES.meaning('pledged')}" in " ".join(summary_lines(app))  # the help's words
        await pilot.press("s", "space", "escape")  # the summary follows the filter
        await settle(pilot)
        assert_summary(app, apply_filter(MEMBERS, Filter(statuses=("pledged",))))
        await pilot.press("g")
        await settle(pilot)
        assert "-show-summary" not in screen.classes
        assert app.query_one("#detail").display and not app.query_one("#summary").display


def assert_bars_fill_panel(app: PledgeApp) -> None:
    """Each bar line fits the panel (no wrapping) and uses most of its width."""
    width = app.query_one("#summary-body").size.width
    assert width > 20
    glyphs = {catalogue.STATUSES.glyph(s) for s in STATUSES}
    bars = [line for line in summary_lines(app)
            if line.split(" ", 1)[0] in catalogue.TYPES.labels.values() and set(line.split()[-1]) <= glyphs]
    assert len(bars) == len(TYPES)  # one bar per type, none wrapped onto a second line
    for label, line in zip(catalogue.TYPES.labels.values(), bars, strict=True):
        assert line.startswith(label)
        assert width - 4 <= len(line) <= width, (len(line), width)


async def test_summary_bars_follow_panel_width() -> None:
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("g")
        await settle(pilot)
        assert_bars_fill_panel(app)
        wide = app.query_one("#summary-body").size.width
        await pilot.resize_terminal(60, 30)
        await settle(pilot)
        assert app.query_one("#summary-body").size.width < wide
        assert_bars_fill_panel(app)
        await pilot.resize_terminal(160, 50)
        await settle(pilot)
        assert_bars_fill_panel(app)


async def test_legend_fits_on_one_line() -> None:
    app = app_for()
    async with app.run_test(size=(160, 50)) as pilot:
        for size in ((160, 50), (120, 40), (80, 24)):  # wide, normal and narrow layouts
            await pilot.resize_terminal(*size)
            await settle(pilot)
            legend_line = widget_text(app.query_one("#legend"))
            assert "\n" not in legend_line.strip()
            for word in ("pledged", "conditional", "considering", "ruled out", "not disclosed", "lead"):
                assert word in legend_line, (size, legend_line)
        tooltip = str(app.query_one("#legend").tooltip)
        for meaning in (t.meaning for t in catalogue.STATUSES.terms):
            assert meaning in tooltip  # hovering over the legend says what each status means


@pytest.mark.parametrize("key", ["question_mark", "f1"])
async def test_help_opens_and_escape_closes(key: str) -> None:
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press(key)
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        assert "pledge-tui keys" in screen_text(app)
        text = widget_text(app.screen.query_one("#help-text"))  # the whole text: it scrolls
        assert "Cycle the sort" in text and "Command palette" in text
        await pilot.press("x")  # app keys do not reach the browser under the help screen
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, HelpScreen)
        assert isinstance(app.focused, MemberTable)
        assert app.is_running


@pytest.mark.parametrize("keys", [("q",), ("ctrl+q",), ("slash", "ctrl+q")])
async def test_quit(keys: tuple[str, ...]) -> None:
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press(*keys)
        await settle(pilot)
        assert not app.is_running
    assert app.return_code == 0


# --- command palette ------------------------------------------------------------------------------


async def test_palette_export_snapshot(tmp_path: Path) -> None:
    app = app_for(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("c", "space", "escape")
        await settle(pilot)
        await run_palette(pilot, "Export snapshot")
        meta = front_matter(tmp_path / SNAPSHOT_NAME)
        assert meta["filters"]["conditions"] == ["ceasefire"]
        assert meta["members_shown"] == len(expected(Filter(conditions=("ceasefire",))))
        assert app.notes[-1]["title"] == "Snapshot exported"


async def test_palette_filters_and_clear() -> None:
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await run_palette(pilot, "Filter type: Air")
        assert_view(app, Filter(types=("air-patrol",)))
        await run_palette(pilot, "Filter status: pledged")
        await run_palette(pilot, "Filter condition: US backing")
        f = Filter(types=("air-patrol",), statuses=("pledged",), conditions=("us-backstop",))
        assert_view(app, f)
        await run_palette(pilot, "Clear filters")
        assert_view(app, Filter())
