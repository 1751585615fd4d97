"""Filter-latency runner: keystroke to next painted screen in the browser, in-process, headless at 120x40.

    python filter_latency.py DATA SAMPLES OUT.json

Runs `PledgeApp` under `App.run_test(size=(120, 40))` with `App._display` wrapped to record the time of
every real paint (a call with a renderable outside a batch update). For each kind of key, the clock
starts just before `pilot.press(key)`; the sample is the first paint after that ("first"). Two more
times are recorded per sample for diagnosis: "result", the first paint after the filter was applied
(the view's `refresh_view` returned: `MembersScreen.refresh_view` today, `PledgeApp.refresh_view` in
older versions), and "last", the last paint before the app went quiet (no paint for
`QUIET` seconds), which includes work Textual defers to idle time, such as DataTable measuring rows.
Between samples the app is left to go quiet, so one sample's leftovers never land in the next.

Kinds (SAMPLES each):
- `toggle`: `t` focuses the type list, then `space` toggles the highlighted type, on and off in turn.
- `search-type`: `/` focuses the search box, then one character is typed ...
- `search-delete`: ... and deleted again with backspace (both timed), so the state oscillates.
- `baseline`: a repaint that filters nothing: `down` and `up` in the type list (moves the highlight).

The search box's cursor blink is switched off: a blink is a paint and would end a sample early.
"""

from __future__ import annotations

import asyncio
import json
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Input

from pledge_tui.dataset import store
from pledge_tui.ui.app import PledgeApp

SIZE = (120, 40)
QUIET = 0.25
"""Seconds without a paint after which the app counts as settled."""
SAMPLE_TIMEOUT = 60.0
SEARCH_CHARS = "eaons"
"""Typed in turn; each is common in the synthetic text, so the search matches most members (worst case)."""


class Paints:
    """Times (perf_counter) of every real paint, and of every completed `refresh_view`."""

    def __init__(self) -> None:
        self.times: list[float] = []
        self.applied: list[float] = []


def view_owner() -> type[Any]:
    """The class whose `refresh_view` applies the filter: the members screen, or the app before there was one."""
    try:
        from pledge_tui.ui.screens.members import MembersScreen
    except ImportError:
        return PledgeApp
    return MembersScreen


def install_hooks(paints: Paints) -> None:
    """Wrap `App._display` and, when it exists, the view's `refresh_view`."""
    original_display = App._display

    def display(self: App[Any], screen: Any, renderable: Any) -> None:
        if renderable is not None and not self._batch_count:
            paints.times.append(time.perf_counter())
        original_display(self, screen, renderable)

    App._display = display  # type: ignore[method-assign]
    owner = view_owner()
    original_refresh: Callable[..., Any] | None = getattr(owner, "refresh_view", None)
    if original_refresh is not None:
        def refresh_view(self: Any, *args: Any, **kwargs: Any) -> Any:
            result = original_refresh(self, *args, **kwargs)
            paints.applied.append(time.perf_counter())
            return result

        owner.refresh_view = refresh_view


async def settle(pilot: Pilot[Any], paints: Paints) -> None:
    """Wait until no paint has happened for `QUIET` seconds (at most `SAMPLE_TIMEOUT`)."""
    deadline = time.perf_counter() + SAMPLE_TIMEOUT
    while time.perf_counter() < deadline:
        await pilot.pause(QUIET / 5)
        last = paints.times[-1] if paints.times else 0.0
        if time.perf_counter() - last >= QUIET:
            return
    raise TimeoutError(f"the app kept painting for {SAMPLE_TIMEOUT} s")


async def timed_press(pilot: Pilot[Any], paints: Paints, key: str) -> dict[str, float | None]:
    """Press `key`, wait for the app to go quiet, return first/result/last paint latencies in ms."""
    before = len(paints.times)
    applied_before = len(paints.applied)
    start = time.perf_counter()
    await pilot.press(key)
    deadline = start + SAMPLE_TIMEOUT
    while len(paints.times) == before:
        if time.perf_counter() > deadline:
            raise TimeoutError(f"no paint within {SAMPLE_TIMEOUT} s of pressing {key!r}")
        await asyncio.sleep(0.001)
    await settle(pilot, paints)
    after = paints.times[before:]
    result: float | None = None
    done: float | None = None
    if len(paints.applied) > applied_before:
        done = paints.applied[applied_before]
        result = next((t for t in after if t >= done), None)
    return {
        "first": (after[0] - start) * 1000,
        "applied": None if done is None else (done - start) * 1000,
        "result": None if result is None else (result - start) * 1000,
        "last": (after[-1] - start) * 1000,
        "paints": float(len(after)),
    }


async def measure(data: str, samples: int) -> dict[str, Any]:
    """Load the data, start the browser, and take `samples` samples of each kind."""
    paints = Paints()
    install_hooks(paints)
    loaded = store.load(data)
    out: dict[str, Any] = {"members": len(loaded.dataset.members), "samples": samples}
    with tempfile.TemporaryDirectory() as export_dir:
        app = PledgeApp(loaded, export_dir=export_dir, today=date(2026, 3, 15),
                        clock=lambda: datetime(2026, 3, 15, tzinfo=UTC))
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot, paints)
            await pilot.press("t")
            await settle(pilot, paints)
            out["toggle"] = [await timed_press(pilot, paints, "space") for _ in range(samples)]
            out["baseline"] = [await timed_press(pilot, paints, "down" if i % 2 == 0 else "up")
                               for i in range(samples)]
            await pilot.press("slash")
            for box in app.query(Input):
                box.cursor_blink = False
            await settle(pilot, paints)
            typed: list[dict[str, float | None]] = []
            deleted: list[dict[str, float | None]] = []
            for i in range(samples):
                typed.append(await timed_press(pilot, paints, SEARCH_CHARS[i % len(SEARCH_CHARS)]))
                deleted.append(await timed_press(pilot, paints, "backspace"))
            out["search-type"] = typed
            out["search-delete"] = deleted
            screen = getattr(app, "members_screen", None)
            out["shown_at_end"] = len(screen.view.members) if screen is not None else len(getattr(app, "shown", ()))
    return out


def main(argv: list[str]) -> int:
    """Command line: DATA SAMPLES OUT.json."""
    if len(argv) != 3:
        print("usage: filter_latency.py DATA SAMPLES OUT.json", file=sys.stderr)
        return 2
    data, samples, out_path = argv[0], int(argv[1]), argv[2]
    result = asyncio.run(measure(data, samples))
    with open(out_path, "w", encoding="utf-8") as handle:
        json.dump(result, handle, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
