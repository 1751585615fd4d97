"""The live browser's costs (issue 21): watching the file while idle, and reading it again after a change.

    python live.py DATA COUNT OUT.json

- **idle CPU**: the browser in a private tmux pane of 120x40 (the settled-screen runner's `Tmux` and
  `observe`: started, then left until its screen has stayed unchanged for 1 s), then its CPU time
  (user + system, from /proc/PID/stat) over `IDLE_SECONDS` (10 s) of doing nothing but watching the file,
  as a percentage of one core. Baseline: the same for `bare_app.py` (a Textual app with a table and a
  footer, no file watched). min(COUNT, 3) runs each, alternating, after one untimed warm-up each.
- **reload**: in one process, headless (`App.run_test`, 120x40), on a copy of DATA in a temporary folder.
  Baseline, the *first load*: from just before `store.load` to the first paint of a new `PledgeApp` on it.
  Ours, the *reload*: one `set` is made on the copy through the write path (not timed), then from the
  watch's tick (`app.check_file()`) to the first paint after the new data is shown: `stat`, `store.load`
  in a worker thread, the diff of the two datasets, the new view, the marks. COUNT runs after one untimed
  warm-up; each run is a fresh app.

Writes the runner protocol's OUT.json: {"rows": [{"measurement", "unit", "ours", "baseline"}], ...}.
DATA is never written.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

from settled_screen import Tmux, commands, observe  # the runner beside this one (benchmarks/ is no package)

IDLE_SECONDS = 10.0
IDLE = "idle browser: CPU over 10 s, watching the file (tmux) vs bare app"
RELOAD = "reload after a change on disk vs first load"
TODAY = date(2026, 11, 24)


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of process `pid` so far, in seconds."""
    fields = Path(f"/proc/{pid}/stat").read_text(encoding="ascii").rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def idle_cpu(tmux: Tmux, app: str, command: list[str]) -> float:
    """Percent of one core the app used over `IDLE_SECONDS` once its screen had settled."""
    observe(tmux, app, command, interval=0.01, stable=1.0, timeout=120)
    pid = int(tmux.run("display-message", "-p", "-t", "bench:0.0", "#{pane_pid}").strip())
    before, started = cpu_seconds(pid), time.perf_counter()
    time.sleep(IDLE_SECONDS)  # the measurement window itself, not a wait for something
    used, elapsed = cpu_seconds(pid) - before, time.perf_counter() - started
    return round(100 * used / elapsed, 3)


def measure_idle(data: str, runs: int) -> tuple[list[float], list[float]]:
    cmds = commands(data)
    tmux = Tmux()
    ours: list[float] = []
    bare: list[float] = []
    try:
        for app in ("ours", "bare"):
            observe(tmux, app, cmds[app], interval=0.01, stable=1.0, timeout=120)  # warm-up
        for i in range(runs):
            ours.append(idle_cpu(tmux, "ours", cmds["ours"]))
            bare.append(idle_cpu(tmux, "bare", cmds["bare"]))
            print(f"  idle run {i + 1}/{runs}: ours {ours[-1]:.2f}%, bare {bare[-1]:.2f}%", file=sys.stderr,
                  flush=True)
    finally:
        tmux.close()
    return ours, bare


async def load_and_reload(path: Path, n: int) -> tuple[float, float]:
    """One fresh app on `path`: ms from `store.load` to its first paint, then ms from the watch's tick to the
    first paint after a `set` made on disk is shown."""
    from textual.app import App

    from pledge_tui.dataset import edits, store
    from pledge_tui.dataset.commit import commit
    from pledge_tui.ui.app import PledgeApp

    paints: list[float] = []
    shown: list[float] = []
    original_display = App._display
    original_show = PledgeApp.show_loaded

    def display(self: App[Any], screen: Any, renderable: Any) -> None:
        if renderable is not None and not self._batch_count:
            paints.append(time.perf_counter())
        original_display(self, screen, renderable)

    def show_loaded(self: PledgeApp, loaded: Any) -> None:
        original_show(self, loaded)
        shown.append(time.perf_counter())

    App._display = display  # type: ignore[method-assign]
    PledgeApp.show_loaded = show_loaded  # type: ignore[method-assign]
    try:
        started = time.perf_counter()
        app = PledgeApp(store.load(str(path)), today=TODAY, watch_interval=None)
        async with app.run_test(size=(120, 40)) as pilot:
            while not paints:
                await asyncio.sleep(0.001)
            first = paints[0] - started
            await pilot.pause(0.3)
            member = app.dataset.members[-1]
            source = next(iter(app.dataset.sources))
            status = ("pledged", "considering")[n % 2]
            commit(str(path), lambda t: edits.set_commitment(t, member.id, "backstop", status, sources=[source],
                                                             today="2026-11-24", summary="A change on disk."),
                   by="bench", at="2026-11-24T12:00:00Z")
            before = len(paints)
            tick = time.perf_counter()
            app.check_file()
            while not shown or not [p for p in paints[before:] if p >= shown[-1]]:
                if time.perf_counter() - tick > 120:
                    raise TimeoutError("the reload did not paint within 120 s")
                await asyncio.sleep(0.001)
            reload = next(p for p in paints[before:] if p >= shown[-1]) - tick
            await app.workers.wait_for_complete()
    finally:
        App._display = original_display  # type: ignore[method-assign]
        PledgeApp.show_loaded = original_show  # type: ignore[method-assign]
    return first * 1000, reload * 1000


def measure_reload(data: Path, runs: int) -> tuple[list[float], list[float]]:
    reloads: list[float] = []
    firsts: list[float] = []
    with tempfile.TemporaryDirectory(prefix="pledge-live-") as folder:
        path = Path(folder) / "commitments.json"
        shutil.copyfile(data, path)
        asyncio.run(load_and_reload(path, 0))  # warm-up: imports, and the first write upgrades a v1 copy
        for n in range(runs):
            first, reload = asyncio.run(load_and_reload(path, n + 1))
            firsts.append(round(first, 1))
            reloads.append(round(reload, 1))
            print(f"  reload run {n + 1}/{runs}: first load {first:.0f} ms, reload {reload:.0f} ms",
                  file=sys.stderr, flush=True)
    return reloads, firsts


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print("usage: live.py DATA COUNT OUT.json", file=sys.stderr)
        return 2
    data, runs, out = Path(argv[0]), int(argv[1]), Path(argv[2])
    reloads, firsts = measure_reload(data, runs)
    ours, bare = measure_idle(str(data), min(runs, 3))
    rows = [{"measurement": IDLE, "unit": "%", "ours": ours, "baseline": bare},
            {"measurement": RELOAD, "unit": "ms", "ours": reloads, "baseline": firsts}]
    out.write_text(json.dumps({"rows": rows, "idle_seconds": IDLE_SECONDS}, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
