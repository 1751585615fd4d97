"""Timeline and changed-since benchmark: a large dataset with a long history, headless and in the browser.

    .venv/bin/python benchmarks/runners/timeline.py [--members 10000] [--changes 3000] [--runs 7] [--samples 10]

Standalone (not part of `make bench`). The data is the synthetic dataset of `--members` members
(benchmarks/generate.py) with `--changes` commitment edits, each with its history entry
(runners/diff.py's `edited_copy`), kept in benchmarks/.data/timeline-MEMBERS/.

1. Headless, median of `--runs`, each from a cold index: `timeline_rows` (every event and entry as a row),
   `rows_about` for a filter (`f`), `since_marks` for a date in the middle of the history; against the
   floor of `store.load` of the same file, measured in the same loop.
2. In the browser (`run_test(size=(120, 40))`, the paint hook of runners/filter_latency.py): keystroke to
   first paint for `T` (the first opening builds the rows; later ones reuse them), `down` and `f` on the
   timeline, `escape` back; then the filter toggle (`t`, `space`) with the changed-since marks off and on,
   interleaved, `--samples` each.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import statistics
import sys
import time
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import diff  # noqa: E402  (runners/ is not a package)
import filter_latency  # noqa: E402

SINCE = "2026-03-10T00:25:00Z"
"""About half-way through the generated history (one entry a second from 00:00)."""


def median_ms(values: list[float]) -> float:
    return statistics.median(values) * 1000


def headless(path: Path, runs: int) -> None:
    from pledge_tui.dataset import store
    from pledge_tui.views import timeline
    from pledge_tui.views.filters import Filter, apply_filter

    loaded = store.load(str(path))
    d = loaded.dataset
    shown = apply_filter(d.members, Filter(types=("air-patrol",), statuses=("pledged",)))
    load, rows_t, about_t, since_t = [], [], [], []
    for _ in range(runs):
        start = time.perf_counter()
        d = store.load(str(path)).dataset
        load.append(time.perf_counter() - start)
        gc.collect()  # the load's garbage is collected here, not in the middle of what is measured next
        # cold: `d` is a new dataset, so the rule's index (kept per dataset) is built again
        start = time.perf_counter()
        rows = timeline.timeline_rows(d)
        rows_t.append(time.perf_counter() - start)
        start = time.perf_counter()
        kept = timeline.rows_about(rows, shown)
        about_t.append(time.perf_counter() - start)
        start = time.perf_counter()
        marks = timeline.since_marks(d, SINCE)
        since_t.append(time.perf_counter() - start)
    print(f"data: {len(d.members):,} members, {len(d.events)} events, {len(d.history):,} history entries; "
          f"{len(rows):,} rows, {len(kept):,} about the {len(shown):,} members of 'Air, pledged'; "
          f"{len(marks.cells):,} cells changed since {SINCE}")
    floor = median_ms(load)
    for name, values in (("timeline_rows", rows_t), ("rows_about (f)", about_t), ("since_marks", since_t)):
        print(f"  {name:<15} {median_ms(values):8.1f} ms  ({median_ms(values) / floor:.2f} x store.load "
              f"{floor:.0f} ms; median of {runs})")


async def browser(path: Path, samples: int) -> None:
    from pledge_tui.dataset import store
    from pledge_tui.ui.app import PledgeApp
    from pledge_tui.views.timeline import since_marks

    paints = filter_latency.Paints()
    filter_latency.install_hooks(paints)
    loaded = store.load(str(path))
    app = PledgeApp(loaded, ".", today=date(2026, 3, 15), clock=lambda: datetime(2026, 3, 15, tzinfo=UTC))
    results: dict[str, list[float]] = {}

    async def press(pilot: Any, key: str, name: str) -> None:
        sample = await filter_latency.timed_press(pilot, paints, key)
        results.setdefault(name, []).append(float(sample["first"] or 0))

    async with app.run_test(size=filter_latency.SIZE) as pilot:
        await filter_latency.settle(pilot, paints)
        await press(pilot, "T", "T (first: builds the rows)")
        for _ in range(samples):
            await press(pilot, "down", "down on the timeline")
        for _ in range(samples):
            await press(pilot, "f", "f on the timeline")
        await press(pilot, "escape", "escape back to the matrix")
        for _ in range(samples):
            await press(pilot, "T", "T (again)")
            await press(pilot, "escape", "escape back to the matrix")
        await pilot.press("t")
        await filter_latency.settle(pilot, paints)
        marks = since_marks(loaded.dataset, SINCE)
        for _ in range(samples):  # each state times both directions: type ticked (a few members), unticked (all)
            for state, words in ((None, "filter toggle, marks off"), (marks, "filter toggle, marks on")):
                app.members_screen.since = state
                await filter_latency.settle(pilot, paints)
                await press(pilot, "space", words)
                await press(pilot, "space", words)
    for name, values in results.items():
        print(f"  {name:<28} first paint {statistics.median(values):7.1f} ms (median of {len(values)}; "
              f"max {max(values):.1f})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--changes", type=int, default=3_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--samples", type=int, default=10)
    args = parser.parse_args()
    folder = diff.ROOT / "benchmarks" / ".data" / f"timeline-{args.members}"
    folder.mkdir(parents=True, exist_ok=True)
    base = diff.generate(args.members, folder)
    path = folder / f"history-{args.changes}.json"
    if not path.is_file():
        diff.edited_copy(base, args.changes, path)
    print(f"{path} ({path.stat().st_size:,} bytes)")
    print("headless:")
    headless(path, args.runs)
    print("browser, keystroke to first paint, 120x40:")
    asyncio.run(browser(path, args.samples))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
