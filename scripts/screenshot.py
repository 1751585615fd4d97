"""Save the README's screenshot: the browser on the bundled data, as an SVG (`make screenshot`).

Runs the real app headless at a fixed size, theme and date, so the picture only changes when the
app or the data does.
"""

from __future__ import annotations

import asyncio
import sys
from datetime import date
from pathlib import Path

from pledge_tui.dataset import store
from pledge_tui.ui.app import PledgeApp

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screenshot.svg"


async def main() -> int:
    """The United Kingdom's Air cell highlighted (found by search, then the search cleared), and save the screen."""
    app = PledgeApp(store.load(str(ROOT / "data" / "commitments.json")), today=date(2026, 11, 24))
    app.theme = "textual-dark"
    async with app.run_test(size=(160, 44)) as pilot:
        await pilot.pause()
        for key in ["slash", *"united kingdom", "enter"]:
            await pilot.press("space" if key == " " else key)
        await pilot.pause()
        for key in ["x", "right"]:  # the cursor stays on the member when the search is cleared
            await pilot.press(key)
        await pilot.pause(0.3)  # the filter lists' recount follows the table by a frame
        svg = app.export_screenshot(title="pledge-tui")
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(svg, encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
