"""The browser's view at every size and from the command line (issue 21 items 2 to 6), driven with Pilot:
a header that names the file and mode and drops its least important parts first; `z`; the browser opened
filtered (`pledge-tui --type air`); `ctrl+z`; `v` on a single ticked type; one count everywhere; the
edit form's date from its sources."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input, TextArea

from pledge_tui.cli.main import main as cli_main
from pledge_tui.dataset import store
from pledge_tui.dataset.model import LoadedDataset
from pledge_tui.dataset.vocab import TYPES
from pledge_tui.ui import app as app_module
from pledge_tui.ui.screens.edit import EditScreen
from pledge_tui.ui.widgets.detail import DetailPane
from pledge_tui.ui.widgets.filters import FacetList, SearchBox
from pledge_tui.ui.widgets.member_table import MemberTable
from pledge_tui.ui.widgets.panes import Part, fit_parts
from pledge_tui.ui.widgets.source_picker import SourcePicker
from pledge_tui.views.filters import Filter
from pledge_tui.views.timeline import since_marks
from tests import factories
from tests.app_helpers import RecordingApp, detail, expected, filter_line, summary_lines
from tests.edit_helpers import open_form
from tests.snapshot_apps import (
    BUNDLED,
    bundled,
    make_app,
    members_screen,
    move_cursor,
    screen_text,
    settle,
    table_ids,
    widget_text,
)

SIZES = [(160, 50), (120, 40), (80, 24), (60, 20)]


def header_lines(app: Any) -> list[str]:
    return screen_text(app).splitlines()[:2]


# --- the header -----------------------------------------------------------------------------------------


def test_fit_parts_shortens_the_least_important_part_first() -> None:
    parts = [Part(("count of members shown", "count"), "", (3,)), Part(("file · editing", "file", ""), "", (1, 2)),
             Part(("a long title", ""), "", (0,))]
    assert fit_parts(parts, 80).plain == "count of members shown · file · editing · a long title"
    assert fit_parts(parts, 45).plain == "count of members shown · file · editing"  # the title went first
    assert fit_parts(parts, 31).plain == "count of members shown · file"
    assert fit_parts(parts, 25).plain == "count of members shown"
    assert fit_parts(parts, 10).plain == "count"  # never dropped: shortened, then cut by the stylesheet


@pytest.mark.parametrize("size", SIZES)
async def test_the_header_keeps_the_count_and_change_counts_and_names_the_file(size: tuple[int, int]) -> None:
    loaded = bundled()
    app = make_app(loaded, since="2026-03-01")
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("t", "space", "escape")  # Ground
        await settle(pilot)
        first, second = header_lines(app)
        assert len(first.rstrip()) <= size[0] and "…" not in first
        assert first.strip().startswith("30 of 37 members")
        marks = since_marks(loaded.dataset, "2026-03-01")
        assert f"Δ {marks.count_in(members_screen(app).view.members)}" in first  # the change count
        assert "As of 2026-03" in second or "Data as of 2026-03" in second  # the date is never dropped
        assert "never named" in second
        assert filter_line(app).startswith("Filter: type: Ground")  # the filter has its own line, whole
        assert "Sort: name" in filter_line(app)  # and the sort with it
        if size[0] >= 120:
            assert "commitments.json · editing" in first and "(about 9 months old)" in second
        if size[0] >= 160:
            assert "Coalition of the Willing" in first and "S24, S25, S34" in second


async def test_the_header_says_read_only() -> None:
    app = make_app(read_only=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "commitments.json · read-only" in header_lines(app)[0]


# --- z ------------------------------------------------------------------------------------------------------


def member_rows_on_screen(app: Any) -> int:
    """How many member rows the matrix shows on screen."""
    table = app.query_one(MemberTable)
    names = {m.name for m in bundled().dataset.members}
    return sum(1 for line in widget_text(table).splitlines()
               if line[1:20].strip().removesuffix("!").strip() in names)


async def test_z_hides_the_detail_pane_and_the_matrix_takes_its_room() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        before = member_rows_on_screen(app)
        await pilot.press("z")
        await settle(pilot)
        screen = members_screen(app)
        assert not screen.show_pane and not app.query_one(DetailPane).display
        assert member_rows_on_screen(app) >= 16 > before
        await pilot.press("g")  # the summary comes back in the pane's place
        await settle(pilot)
        assert screen.show_pane and screen.show_summary and app.query_one("#summary").display
        await pilot.press("z", "v")  # as does the detail pane, on v
        await settle(pilot)
        assert screen.show_pane and screen.detail_mode == "type" and app.query_one(DetailPane).display


async def test_z_takes_the_focus_away_from_the_hidden_pane() -> None:
    app = make_app(read_only=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.focused, DetailPane)
        await pilot.press("z")
        await settle(pilot)
        assert isinstance(app.focused, MemberTable)


@pytest.mark.parametrize("size", [(160, 50), (120, 40)])
async def test_z_at_wide_and_normal_widths(size: tuple[int, int]) -> None:
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        table = app.query_one(MemberTable)
        height = table.size.height
        await pilot.press("z")
        await settle(pilot)
        assert table.size.height >= height and table.region.right > 80
        assert member_rows_on_screen(app) == min(37, table.size.height - 1)


# --- opened filtered ----------------------------------------------------------------------------------------


async def test_the_browser_opens_on_the_filter_and_sort_it_was_given() -> None:
    f = Filter(types=("ground-forces",), statuses=("ruled-out",), search="a")
    app = make_app(view_filter=f, sort="caveats")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = members_screen(app)
        assert screen.view_filter == f and screen.sort == "caveats"
        assert table_ids(app) == expected(f, "caveats")
        assert app.query_one(SearchBox).value == "a"
        assert app.query_one("#facet-types", FacetList).ticked == ["ground-forces"]
        assert app.query_one("#facet-statuses", FacetList).ticked == ["ruled-out"]
        assert filter_line(app).startswith('Filter: type: Ground; status: ruled out; search: "a"')
        await pilot.press("x")
        await settle(pilot)
        assert table_ids(app) == expected(Filter(), "caveats")


def test_the_filter_options_reach_the_browser(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    data = Path(shutil.copy(BUNDLED, tmp_path / "mine.json"))
    seen: dict[str, Any] = {}

    def fake_run_browser(loaded: LoadedDataset, **kwargs: Any) -> int:
        seen.update(kwargs, loaded=loaded)
        return 0

    monkeypatch.setattr(app_module, "run_browser", fake_run_browser)
    code = cli_main(["--data", str(data), "--type", "ground,air", "--status", "ruled out", "--condition",
                          "ceasefire", "--role", "member", "--search", "pol", "--sort", "strongest"])
    assert code == 0
    assert seen["view_filter"] == Filter(types=("ground-forces", "air-patrol"), statuses=("ruled-out",),
                                         conditions=("ceasefire",), roles=("member",), search="pol")
    assert seen["sort"] == "strongest"
    assert seen["watcher"].paths == (str(data), str(data.with_name(data.stem + ".history.jsonl")))


def test_the_stale_option_reaches_the_browser_resolved(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    """`pledge-tui --stale 6` opens the browser on the members `list --stale 6` keeps (issue 20 item 5)."""
    data = Path(shutil.copy(BUNDLED, tmp_path / "mine.json"))
    seen: dict[str, Any] = {}
    monkeypatch.setattr(app_module, "run_browser", lambda loaded, **kwargs: seen.update(kwargs) or 0)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1773133200")  # 2026-03-10, the day `list` is asked about below
    assert cli_main(["--data", str(data), "--stale", "6", "--type", "ground"]) == 0
    stale = seen["view_filter"].stale
    assert stale is not None and stale.months == 6
    assert cli_main(["--data", str(data), "list", "--stale", "6", "--format", "json"]) == 0
    listed = [m["id"] for m in json.loads(capsys.readouterr().out)]
    assert sorted(stale.members) == sorted(listed) != []
    assert seen["view_filter"].types == ("ground-forces",)


@pytest.mark.parametrize(("options", "words"), [
    (["--stale", "0"], "--stale: expected a number of months from 1 to 1200, got 0"),
    (["--type", "airr"], "unknown type 'airr' for --type; did you mean air-patrol (Air)?"),
    (["--status", "pledge"], "unknown status 'pledge' for --status"),
    (["--sort", "size"], "argument --sort: invalid choice: 'size'"),
])
def test_the_browsers_filter_errors_are_lists(cli: Any, options: list[str], words: str) -> None:
    browser = cli(*options)
    listing = cli("list", *options)
    assert browser.returncode == listing.returncode == 2
    assert words in browser.stderr and words in listing.stderr
    assert browser.stderr.split("(see")[0] == listing.stderr.split("(see")[0]  # same words; only the --help differs


def test_a_browser_filter_before_a_command_is_refused(cli: Any) -> None:
    result = cli("--type", "air", "list")
    assert result.returncode == 2
    assert "--type is an option of the browser" in result.stderr and "`pledge-tui list --type ...`" in result.stderr
    result = cli("--stale", "6", "list")
    assert result.returncode == 2 and "give it after: `pledge-tui list --stale ...`" in result.stderr
    result = cli("--search", "pol", "show", "PL")
    assert result.returncode == 2 and "--search is an option of the browser; `show` does not take it" in result.stderr


# --- ctrl+z -----------------------------------------------------------------------------------------------


async def test_ctrl_z_suspends_and_in_the_summary_box_undoes(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    data = Path(shutil.copy(BUNDLED, tmp_path / "mine.json"))
    app = make_app(store.load(str(data)), app_class=RecordingApp)
    suspended: list[bool] = []
    monkeypatch.setattr(app, "action_suspend_process", lambda: suspended.append(True))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert suspended == [True]
        form = await open_form(pilot, "PL", "logistics")
        summary = form.query_one("#edit-summary", TextArea)
        form.set_focus(summary)
        await pilot.pause()
        before = summary.text
        await pilot.press("x", "y")
        await pilot.pause()
        assert summary.text != before
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert suspended == [True] and summary.text != before + "xy"  # typing undone, nothing suspended


# --- v with one type ticked ---------------------------------------------------------------------------------


async def test_v_shows_the_one_ticked_type_whatever_the_cursor() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("t", "down", "down", "space", "escape")  # Sea, alone
        await settle(pilot)
        move_cursor(app, 0, TYPES.index("training"))
        await settle(pilot)
        await pilot.press("v")
        await settle(pilot)
        assert detail(app).startswith("Sea across the members shown")
        await pilot.press("right", "down")
        await settle(pilot)
        assert detail(app).startswith("Sea across the members shown")
        await pilot.press("t", "down", "space", "escape")  # Air too: two ticked, the cursor's column again
        await settle(pilot)
        assert detail(app).startswith("Equipment across the members shown")


# --- one count ----------------------------------------------------------------------------------------------


@pytest.fixture
def with_coalition(tmp_path: Path) -> LoadedDataset:
    raw = factories.raw_dataset_with_coalition()
    return store.load(str(factories.write(tmp_path / "cow.json", raw)))


async def test_members_never_count_the_coalition_row(with_coalition: LoadedDataset) -> None:
    app = make_app(with_coalition)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        assert "4 of 4 members shown + the coalition as a whole" in header_lines(app)[0]
        await pilot.press("v")
        await settle(pilot)
        assert detail(app).startswith("Ground across the members shown (4 members + the coalition as a whole)")
        await pilot.press("g")
        await settle(pilot)
        assert summary_lines(app)[1] == "4 members + the coalition as a whole"
        await pilot.press("s", "down", "down", "space", "escape")  # considering: the coalition's monitoring
        await settle(pilot)
        shown = table_ids(app)
        assert "COW" in shown
        assert summary_lines(app)[1] == f"{len(shown) - 1} member{'s' * (len(shown) != 2)} + the coalition as a whole"


# --- the form's date ----------------------------------------------------------------------------------------


async def test_the_form_dates_a_change_by_its_newest_source_until_a_date_is_typed(tmp_path: Path) -> None:
    data = Path(shutil.copy(BUNDLED, tmp_path / "mine.json"))
    loaded = store.load(str(data))
    app = make_app(loaded, app_class=RecordingApp)
    async with app.run_test(size=(120, 40)) as pilot:
        form = await open_form(pilot, "IT", "funding")  # no record: the date starts as today
        assert isinstance(form, EditScreen)
        date_box = form.query_one("#edit-stated_on", Input)
        assert date_box.value == "2026-11-24"
        picker = form.query_one(SourcePicker)
        dated = sorted((s for s in loaded.dataset.sources.values() if len(s.date) == 10), key=lambda s: s.date)
        older, newer = dated[0], dated[-1]
        picker.cite(older.id)
        await settle(pilot)
        assert date_box.value == older.date
        picker.cite(newer.id)
        await settle(pilot)
        assert date_box.value == newer.date
        picker.uncite(newer.id)
        await settle(pilot)
        assert date_box.value == older.date
        date_box.value = "2026-02"  # typed: left alone from now on
        picker.cite(newer.id)
        await settle(pilot)
        assert date_box.value == "2026-02"
