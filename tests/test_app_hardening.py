"""The browser under hostile typing and awkward terminals: literal search, tiny and resized screens,
NO_COLOR, TERM=dumb (Pilot here; one real terminal run in test_e2e_terminal_life.py)."""

from __future__ import annotations

import pytest

from pledge_tui.ui.widgets.filters import SearchBox
from pledge_tui.ui.widgets.member_table import MemberTable
from pledge_tui.views.filters import Filter, apply_filter
from tests.snapshot_apps import make_app, members_screen, screen_text

TYPED = ["[", "[/", "[/]", "\\", "trailing\\", ".*", "(", "a+b?", "^$", "[b]x[/b]", "[@click=app.quit]", "%s{}"]


@pytest.mark.parametrize("text", TYPED)
async def test_typed_search_is_literal_and_never_crashes(text: str) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("slash")
        await pilot.press(*[{"[": "left_square_bracket", "]": "right_square_bracket", "\\": "backslash",
                              "/": "slash", ".": "full_stop", "*": "asterisk", "(": "left_parenthesis",
                              "+": "plus", "?": "question_mark", "^": "circumflex_accent", "$": "dollar_sign",
                              "@": "at", "=": "equals_sign", "%": "percent_sign", "{": "left_curly_bracket",
                              "}": "right_curly_bracket"}.get(ch, ch) for ch in text])
        await pilot.pause()
        assert app.query_one(SearchBox).value == text
        assert app.is_running and app.return_code is None
        expected = [m.id for m in apply_filter(app.dataset.members, Filter(search=text), "name")]
        assert app.query_one(MemberTable).member_ids == expected
        assert f"{len(expected)} of 37 members shown" in screen_text(app)


async def test_ten_thousand_characters_of_search() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("slash")
        app.query_one(SearchBox).value = "[/" * 5_000
        await pilot.pause()
        assert app.query_one(MemberTable).row_count == 0
        assert "No members match" in screen_text(app)
        await pilot.press("escape", "x")
        await pilot.pause()
        assert app.query_one(MemberTable).row_count == 37


async def test_tiny_terminal_and_resizing_while_filtering() -> None:
    app = make_app()
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        for size, keys in [((40, 12), ["t", "space"]), ((200, 60), ["s", "down", "space"]), ((30, 8), ["escape"]),
                           ((80, 24), ["slash", "p", "o"]), ((120, 40), ["escape", "x"]), ((41, 13), ["g"])]:
            await pilot.resize_terminal(*size)
            await pilot.press(*keys)
            await pilot.pause()
            assert app.is_running
            screen = members_screen(app)
            shown = [m.id for m in apply_filter(app.dataset.members, screen.view_filter, screen.sort)]
            assert app.query_one(MemberTable).member_ids == shown
        await pilot.press("q")
    assert app.return_code == 0


@pytest.mark.parametrize("env", [{"NO_COLOR": "1"}, {"TERM": "dumb"}, {"NO_COLOR": "1", "TERM": "dumb"}])
async def test_no_color_and_dumb_terminal_start_and_quit(env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("t", "space", "escape")
        await pilot.pause()
        assert "members shown" in screen_text(app)
        await pilot.press("q")
    assert app.return_code == 0
