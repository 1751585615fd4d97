"""Hostile data text in the browser: markup is shown as typed, control characters never reach the screen.

Every text field of the fixture carries Rich/Textual markup (including a click action that would quit
the app and a link) and terminal control sequences (ESC, OSC, a one-byte C1 CSI). The browser must
draw the brackets literally, draw no ESC or C1 character, attach no link or action to any cell, and
keep running whatever is clicked or pressed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
from rich.segment import Segment
from textual.actions import ActionParseResult
from textual.dom import DOMNode
from textual.widgets import Static

from pledge_tui.dataset import store
from pledge_tui.dataset.model import LoadedDataset
from pledge_tui.ui import app as app_module
from pledge_tui.ui.app import PledgeApp
from pledge_tui.ui.widgets.detail import SourceLinks
from pledge_tui.ui.widgets.member_table import MemberTable
from pledge_tui.views import browse
from pledge_tui.views.present import source_line
from tests import factories
from tests.snapshot_apps import make_app, members_screen, screen_text, table_ids, widget_text

SIZE = (200, 60)  # wide enough that no injected string is wrapped or cut in the detail pane

CLICK = "[@click=app.quit]boom[/]"
LINK = "[link='https://evil.example']y[/link]"
BOLD = "[bold]x[/bold]"
CLOSE = "[/]"
UNCLOSED = "[red]unclosed"
CLEAR = "\x1b[2J"
OSC_TITLE = "\x1b]0;title\x07"
C1_CSI = "\x9b31m"

ANY_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def hostile(label: str) -> str:
    """Every hostile piece, one after the other, tagged so each field can be told apart."""
    return f"{label}: {BOLD} {CLOSE} {CLICK} {LINK} {UNCLOSED} clr{CLEAR}x osc{OSC_TITLE}x csi{C1_CSI}x"


def shown(text: str) -> str:
    """What `hostile(...)` must look like on screen: control characters gone, everything else literal."""
    return ANY_CONTROL.sub("", text)


def flat_words(text: str) -> str:
    return " ".join(text.split())


def click_targets(lines: list[str], needle: str, at: int | None = None) -> list[tuple[int, int]]:
    """(x, y) offsets in rendered lines of every character of every occurrence of `needle`, or only of
    its character number `at`."""
    picks = range(len(needle)) if at is None else (at,)
    return [(x + i, y) for y, line in enumerate(lines) for x in _find_all(line, needle) for i in picks]


def _find_all(line: str, needle: str) -> list[int]:
    return [m.start() for m in re.finditer(re.escape(needle), line)]


def raw_hostile_dataset() -> dict[str, Any]:
    raw = factories.raw_dataset()
    raw["meta"] = factories.table(factories.meta(
        title=f"T{CLICK}{CLOSE}{OSC_TITLE}", summary=hostile("meta summary"),
        reported_commitments={"count": 26, "date": "2025-09-04", "sources": ["S1"], "note": hostile("note")}))
    raw["sources"] = factories.table(
        factories.source("S1", publisher=hostile("publisher"), title=hostile("source title"),
                         url=f"https://example.org/p{CLOSE}{CLICK}{CLEAR}{C1_CSI}"),
        factories.source("S2", tier="A", publisher=LINK, title=CLICK, url=""),
        factories.source("S3", tier="C", url="", title=UNCLOSED))
    names = {"PL": BOLD, "IT": CLICK, "US": f"{CLOSE}{CLEAR}{UNCLOSED}", "EU": f"{OSC_TITLE}{LINK}"}
    for doc in raw["members"].values():
        doc["name"] = names[doc["id"]]
        doc["stance"] = hostile("stance")
        doc["caveats"] = [BOLD, CLOSE, CLICK, LINK, UNCLOSED, f"clear{CLEAR}screen", f"title{OSC_TITLE}set",
                          f"csi{C1_CSI}red"]
    for doc in raw["commitments"].values():
        doc["summary"] = hostile("summary")
        doc["quantity"] = f"{CLOSE} {UNCLOSED}{CLEAR}"
    raw["events"] = factories.table(factories.event(title=f"{CLOSE}event{CLEAR}", summary=hostile("event")))
    return raw


@pytest.fixture
def hostile_loaded(tmp_path: Path) -> LoadedDataset:
    path = factories.write(tmp_path / "hostile.json", raw_hostile_dataset())
    return store.load(str(path))


class ActionRecordingApp(PledgeApp):
    """The browser, recording every action it runs (from keys and from any clickable text)."""

    CSS_PATH = str(Path(app_module.__file__).with_name(PledgeApp.CSS_PATH))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.actions: list[str] = []

    async def run_action(self, action: str | ActionParseResult, default_namespace: DOMNode | None = None,
                         namespaces: Mapping[str, DOMNode] | None = None) -> bool:
        self.actions.append(str(action))
        return await super().run_action(action, default_namespace, namespaces)


def hostile_app(loaded: LoadedDataset, export_dir: Path | str = ".") -> ActionRecordingApp:
    app = make_app(loaded, export_dir, app_class=ActionRecordingApp)
    assert isinstance(app, ActionRecordingApp)
    return app


def all_segments(app: PledgeApp) -> list[Segment]:
    return [segment for strip in app.screen._compositor.render_strips() for segment in strip]


def assert_inert_screen(app: PledgeApp) -> str:
    """No control character drawn, no click action on any cell, and no link but the sources' own
    addresses (the detail pane draws them as OSC 8 links, their targets printable ASCII); returns the
    screen text."""
    text = screen_text(app)
    assert not ANY_CONTROL.search(text.replace("\n", "")), repr(ANY_CONTROL.findall(text))
    addresses = {browse.link_target(source_line(s)) for s in app.dataset.sources.values()} - {None}
    for segment in all_segments(app):
        assert not ANY_CONTROL.search(segment.text), repr(segment.text)
        style = segment.style
        if style is not None:
            if style.link:
                assert style.link in addresses, style.link
                assert all(0x21 <= ord(ch) < 0x7F for ch in style.link), style.link
            assert "@click" not in style.meta, style.meta
    return text


async def test_hostile_text_is_drawn_literally(hostile_loaded: LoadedDataset) -> None:
    app = hostile_app(hostile_loaded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.query_one(MemberTable).row_count == 4
        text = assert_inert_screen(app)
        # header: the title as typed, control characters gone
        header = widget_text(app.query_one("#header"))
        assert f"T{CLICK}{CLOSE}" in header
        assert "4 of 4 members shown" in header
        # table cells: the names as typed (the click name is cut to the column's width)
        assert BOLD in text
        assert "[@click=app.q" in text
        assert f"{CLOSE}[2J[red]" in text  # ESC removed, the rest as typed
        assert LINK[:14] in text
        # the detail pane of every member
        seen = set()
        for row in range(4):
            if row:
                await pilot.press("down")
                await pilot.pause()
            member = hostile_loaded.dataset.member(table_ids(app)[row])
            assert member is not None
            seen.add(member.id)
            body = widget_text(app.query_one("#detail-body", Static))
            assert body.startswith(shown(member.name)), body[:80]
            flat = " ".join(body.split())  # long lines wrap at spaces
            assert flat_words(shown(hostile("stance"))) in flat
            for caveat in member.caveats:
                assert f"• {shown(caveat)}" in body
            for record in member.commitments.values():
                assert flat_words(shown(hostile("summary"))) in flat
                if record.quantity:
                    assert f"Quantity: {shown(record.quantity)}" in body
            cited = {*member.sources, *(s for r in member.commitments.values() for s in r.sources)}
            listed = app.query_one(SourceLinks)
            sources = "\n".join(str(listed.get_option_at_index(i).prompt) for i in range(listed.option_count))
            flat = " ".join(sources.split())
            for source_id in cited:
                source = hostile_loaded.dataset.sources[source_id]
                assert f"[{source_id}] {flat_words(shown(source.publisher))}, " in flat
                assert flat_words(shown(source.title)) in flat
                if source.url:
                    assert f"https://example.org/p{CLOSE}{CLICK}[2J31m" in sources
            assert_inert_screen(app)
        assert seen == {"PL", "IT", "US", "EU"}
        assert app.is_running and app.return_code is None


async def test_hostile_text_survives_clicks_and_keys(hostile_loaded: LoadedDataset) -> None:
    app = hostile_app(hostile_loaded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        table = app.query_one(MemberTable)
        before = len(app.actions)
        # Click exactly where the would-be clickable and link text is drawn: in the header, in the
        # table (the member named CLICK) and in the detail pane of that member.
        header = widget_text(app.query_one("#header")).split("\n")
        targets = click_targets(header, "[@click=app.quit]boom")
        assert len(targets) >= 10
        for offset in targets[::5]:
            await pilot.click("#header", offset=offset)
        row = table_ids(app).index("IT")
        for x in (2, 9, 15):
            await pilot.click(MemberTable, offset=(x, row + 1))  # row 0 is the column titles
        await pilot.pause()
        assert table.highlighted_id == "IT"  # the click moved the cursor, and did nothing else
        detail = app.query_one("#detail-body", Static)
        lines = widget_text(detail).split("\n")
        # "boom" and "y" are what the markup would have made clickable
        targets = click_targets(lines, "boom", at=1) + click_targets(lines, "]y[", at=1)
        assert len({y for _, y in targets}) >= 5
        for offset in targets:
            await pilot.click(detail, offset=offset)
        await pilot.pause()
        assert app.is_running and app.return_code is None
        assert app.actions[before:] == []  # no click ran an action
        # keys: enter, space and arrows in the table and in the detail pane
        await pilot.press("enter", "space", "down", "up", "left", "right", "enter", "pagedown", "pageup")
        await pilot.pause()
        assert app.is_running and app.return_code is None
        assert not [a for a in app.actions if "quit" in a]
        assert table.row_count == 4
        assert_inert_screen(app)


async def test_hostile_text_in_notifications(hostile_loaded: LoadedDataset, tmp_path: Path) -> None:
    folder = tmp_path / f"out{CLOSE}{CLICK}{UNCLOSED}"  # "/" makes nested folders: the path holds "[/]"
    folder.mkdir(parents=True)
    app = hostile_app(hostile_loaded, folder)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        written = list(folder.glob("pledge-snapshot-*.md"))
        assert len(written) == 1
        snapshot = written[0].read_text(encoding="utf-8")
        assert "\x1b" not in snapshot and "\x9b" not in snapshot
        text = assert_inert_screen(app)
        assert "Snapshot exported" in text
        assert f"out{CLOSE}" in text  # the folder name, shown as typed
        assert app.is_running and app.return_code is None


async def test_hostile_export_error_notification(hostile_loaded: LoadedDataset, tmp_path: Path) -> None:
    missing = tmp_path / f"gone{CLOSE}{UNCLOSED}{CLICK}"
    app = hostile_app(hostile_loaded, missing)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        text = assert_inert_screen(app)
        assert "Export failed" in text
        assert f"gone{CLOSE}" in text
        assert app.is_running and app.return_code is None
        assert not missing.exists()


async def test_hostile_search_text(hostile_loaded: LoadedDataset) -> None:
    """Markup typed into the search box is a plain search: it finds the members whose text holds it."""
    app = hostile_app(hostile_loaded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("slash", *"[/]")
        await pilot.pause()
        assert members_screen(app).view_filter.search == "[/]"
        assert sorted(table_ids(app)) == ["EU", "IT", "PL", "US"]  # every stance holds "[/]"
        await pilot.press("enter", "g")
        await pilot.pause()
        assert_inert_screen(app)
        assert app.is_running
