"""The diff figure in the runner protocol of run.py, from the functions of runners/diff.py.

    python diff_rows.py DATA COUNT OUT.json

runners/diff.py (the what-changed change's benchmark, issue 11) has its own command line and prints a
report; this adapter imports it, makes NEW in a temporary folder (DATA with 300 commitment records
edited, removed or added the way the write commands do, each with its history entry: `diff.edited_copy`)
and times, alternating, after one untimed run of each:

- ours: a fresh process `pledge-tui diff DATA NEW --format json` (the venv's console script, standard
  output discarded), which reads, validates and builds both datasets, diffs them and writes the JSON;
- baseline: a fresh process of the same Python running `json.loads` of both files (`diff.FLOOR_CODE`).

It writes {"rows": [{"measurement": "diff of two files vs floor", "unit": "ms", "ours": [...], "baseline":
[...]}, {"measurement": "diff of two files vs floor (CPU time)", ...}]}: wall times, and the same runs'
CPU times (`wait4`) for information. DATA itself is never written.
"""

from __future__ import annotations

import json
import os
import runpy
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
BIN = Path(sys.prefix) / "bin"
MEASUREMENT = "diff of two files vs floor"
CHANGES = 300


def load_diff() -> dict[str, Any]:
    """runners/diff.py's functions and constants (benchmarks/ is not a package; its `main` does not run)."""
    return runpy.run_path(str(HERE / "diff.py"), run_name="bench_diff")


def run(command: list[str]) -> tuple[float, float]:
    """Wall and CPU ms of one child, standard output discarded; a failure ends the benchmark."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "PLEDGE_TUI_DATA")}
    start = time.perf_counter()
    proc = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            env=env)
    assert proc.stderr is not None
    error = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = (time.perf_counter() - start) * 1000
    proc.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"diff_rows: {command[0]} failed: {error.decode(errors='replace')[-500:]}")
    return wall, (usage.ru_utime + usage.ru_stime) * 1000


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print("usage: diff_rows.py DATA COUNT OUT.json", file=sys.stderr)
        return 2
    data, runs, out = Path(argv[0]), int(argv[1]), Path(argv[2])
    diff = load_diff()
    walls: dict[str, list[float]] = {"ours": [], "baseline": []}
    cpus: dict[str, list[float]] = {"ours": [], "baseline": []}
    with tempfile.TemporaryDirectory(prefix="pledge-diff-rows-") as folder:
        new = Path(folder) / "new.json"
        diff["edited_copy"](data, CHANGES, new)
        commands = {"ours": [str(BIN / "pledge-tui"), "diff", str(data), str(new), "--format", "json"],
                    "baseline": [str(BIN / "python"), "-c", diff["FLOOR_CODE"], str(data), str(new)]}
        for n in range(runs + 1):  # the first round is the warm-up
            for name, command in commands.items():
                wall, cpu = run(command)
                if n:
                    walls[name].append(wall)
                    cpus[name].append(cpu)
    out.write_text(json.dumps({"rows": [
        {"measurement": MEASUREMENT, "unit": "ms", "ours": walls["ours"], "baseline": walls["baseline"]},
        {"measurement": f"{MEASUREMENT} (CPU time)", "unit": "ms", "ours": cpus["ours"], "baseline": cpus["baseline"]},
    ]}), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
