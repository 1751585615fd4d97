"""History that scales (issue 22) in the runner protocol of run.py: a write, `history` and the browser's start
on a file whose history log holds 0 to 50,000 entries.

    python long_history.py DATA COUNT OUT.json [--only set,history,browser]

DATA (the bundled data, never written) is copied to a temporary folder as schema version 3, then grown to
1,000, 10,000 and 50,000 more history entries (benchmarks/histories.py: `set` entries on its commitments,
round robin, each with its whole records and its parent, as the write command makes them). "At 0 entries"
is the copy as it is (DATA's own history). Rows, each measured against its floor in the same run,
alternating, after one untimed round:

- `one set at N history entries vs at 0`: wall time from spawn to exit of a fresh process running
  `pledge-tui --data F set MEMBER TYPE STATUS --source S` (through runners/peak_of.py, which runs the
  command line's `main` and then reads the process's peak RSS, VmHWM), flipping one cell between two
  statuses, at N entries against the same at 0;
- `peak RSS of one set at N history entries vs at 0`: the same runs' VmHWM;
- `history --format json at 10,000 entries vs json.load of the entries`: `pledge-tui --data F history
  --format json` (standard output discarded) against a fresh python running `json.load` of a file that
  holds the same log's entries as one JSON array;
- `settled first screen (tmux) at 50,000 history entries vs at 0`: runners/settled_screen.py's
  measurement (a private tmux pane of 120x40, the first capture of the screen that then stays unchanged
  for 1 s), the browser on the file at 50,000 entries against the browser on the file at 0.

It writes {"rows": [...], "log_lines": {N: lines}} with every run's value.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType
from typing import Any

HERE = Path(__file__).resolve().parent
BENCH = HERE.parent
BIN = Path(sys.prefix) / "bin"
GROWN = (1_000, 10_000, 50_000)
HISTORY_AT = 10_000
BROWSER_AT = 50_000
SET_ROW = "one `set` at {n} history entries vs at 0"
RSS_ROW = "peak RSS of one `set` at {n} history entries vs at 0"
HISTORY_ROW = "history --format json at 10,000 entries vs json.load of the entries"
BROWSER_ROW = "settled first screen (tmux) at 50,000 history entries vs at 0"
MEMBER, TYPE, SOURCE = "AT", "ground-forces", "S5"
"""The cell the `set` flips (the bundled data's first member and its record), and a source it cites."""


def module(name: str, path: Path) -> ModuleType:
    """A script of benchmarks/ as a module (benchmarks/ is not a package)."""
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"long_history: {path} is missing")
    loaded = importlib.util.module_from_spec(spec)
    sys.modules[name] = loaded
    spec.loader.exec_module(loaded)
    return loaded


def env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "PLEDGE_TUI_DATA")}


def run(command: list[str]) -> float:
    """Wall ms of one child, standard output discarded; a failure ends the benchmark."""
    start = time.perf_counter()
    done = subprocess.run(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                          env=env(), check=False)
    wall = (time.perf_counter() - start) * 1000
    if done.returncode != 0:
        error = done.stderr.decode(errors="replace")[-600:]
        raise SystemExit(f"long_history: {' '.join(command[-6:])} failed: {error}")
    return wall


def grown_copies(data: Path, folder: Path) -> dict[int, Path]:
    """DATA as version 3 at 0 entries more, and grown to each of `GROWN` (in child processes: this process
    stays small, so that nothing it holds counts in a child's memory)."""
    copies: dict[int, Path] = {}
    for n in (0, *GROWN):
        target = folder / f"at-{n}" / "commitments.json"
        subprocess.run([str(BIN / "python"), str(BENCH / "histories.py"), str(data), str(target), "--entries", str(n)],
                       check=True, stdout=subprocess.DEVNULL, env=env())
        copies[n] = target
    return copies


def one_set(path: Path, status: str, marks: Path) -> tuple[float, float]:
    """Wall ms and peak RSS (MB) of one fresh `pledge-tui set` process."""
    wall = run([str(BIN / "python"), str(HERE / "peak_of.py"), str(marks), "--", "--data", str(path), "set", MEMBER,
                TYPE, status, "--source", SOURCE, "--by", "bench"])
    return wall, json.loads(marks.read_text(encoding="ascii"))["vm_hwm_kb"] / 1024


def sets(copies: dict[int, Path], runs: int, folder: Path) -> list[dict[str, Any]]:
    walls: dict[int, list[float]] = {n: [] for n in copies}
    peaks: dict[int, list[float]] = {n: [] for n in copies}
    marks = folder / "marks.json"
    for r in range(runs + 1):
        for n, path in copies.items():
            wall, peak = one_set(path, ("conditional", "considering")[r % 2], marks)
            if r:
                walls[n].append(wall)
                peaks[n].append(peak)
    rows = []
    for n in GROWN:
        rows.append({"measurement": SET_ROW.format(n=f"{n:,}"), "unit": "ms", "ours": walls[n], "baseline": walls[0]})
        rows.append({"measurement": RSS_ROW.format(n=f"{n:,}"), "unit": "MB", "ours": peaks[n], "baseline": peaks[0]})
    return rows


def history(path: Path, runs: int, folder: Path) -> dict[str, Any]:
    """`history --format json` against `json.load` of the log's entries as one JSON array."""
    log = path.with_name(path.name.removesuffix(".json") + ".history.jsonl")
    array = folder / "entries.json"
    array.write_bytes(b"[" + b",".join(log.read_bytes().splitlines()) + b"]")
    commands = {"ours": [str(BIN / "pledge-tui"), "--data", str(path), "history", "--format", "json"],
                "baseline": [str(BIN / "python"), "-c", "import json, sys; json.load(open(sys.argv[1], 'rb'))",
                             str(array)]}
    walls: dict[str, list[float]] = {"ours": [], "baseline": []}
    for r in range(runs + 1):
        for name, command in commands.items():
            wall = run(command)
            if r:
                walls[name].append(wall)
    return {"measurement": HISTORY_ROW, "unit": "ms", **walls}


def browser(copies: dict[int, Path], runs: int) -> dict[str, Any]:
    """The settled first screen of the browser on the file at 50,000 entries against at 0."""
    settled = module("bench_settled_screen", HERE / "settled_screen.py")
    timing = {"interval": 0.01, "stable": 1.0, "timeout": 120.0}
    apps = {"ours": copies[BROWSER_AT], "baseline": copies[0]}
    tmux = settled.Tmux()
    walls: dict[str, list[float]] = {"ours": [], "baseline": []}
    try:
        for r in range(runs + 1):
            for name, path in apps.items():
                observed = settled.observe(tmux, name, settled.commands(str(path))["ours"], **timing)
                if r:
                    walls[name].append(observed.settled)
    finally:
        tmux.close()
    return {"measurement": BROWSER_ROW, "unit": "ms", **walls}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("data", type=Path)
    parser.add_argument("runs", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--only", default="set,history,browser")
    args = parser.parse_args(argv)
    only = set(args.only.split(","))
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="pledge-long-history-") as name:
        folder = Path(name)
        copies = grown_copies(args.data, folder)
        lines = {n: path.with_name("commitments.history.jsonl").read_bytes().count(b"\n") for n, path in copies.items()}
        if "history" in only:
            rows.append(history(copies[HISTORY_AT], args.runs, folder))
        if "browser" in only:
            if shutil.which("tmux") is None:
                raise SystemExit("long_history: tmux is not installed (the browser's start is measured in tmux)")
            rows.append(browser(copies, args.runs))
        if "set" in only:
            rows += sets(copies, args.runs, folder)
    args.out.write_text(json.dumps({"rows": rows, "log_lines": lines}), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
