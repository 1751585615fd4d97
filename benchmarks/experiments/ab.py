"""Before/after: the same commands run against two source trees (or a floor), interleaved, in fresh processes.

    .venv/bin/python benchmarks/experiments/ab.py --base DIR [--runs 9] [--sizes 35,1000,10000]
        [--command list|export|validate|diff|floor ...]

DIR is a copy of another commit's `src/` (`git archive COMMIT src | tar -x -C DIR`); its processes run
with PYTHONPATH=DIR/src, which comes before the editable install's path, so "before" and "after" use the
same interpreter and dependencies. For each size and command, every run spawns before, after and the
floor (`import tinydb, json; json.load`) in turn (one untimed warm-up round first) and records the wall
time from spawn to reaping and the child's CPU time (user + system from `wait4`'s rusage): on a machine
shared with other work, the CPU column is the one to compare. Prints medians, the ratios, and the load
average at the start and end of each block. A diagnostic for benchmarks/PROFILE.md, not a benchmark of record.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
DATA_DIR = HERE.parent / ".data"
BIN = Path(sys.prefix) / "bin"
NOW = "2026-03-15T00:00:00Z"
FLOOR = "import tinydb, json, sys; json.load(open(sys.argv[1], encoding='utf-8'))"


def argv_for(command: str, data: str, other: str) -> list[str]:
    """The pledge-tui arguments of one command (run as `python -m pledge_tui ...`)."""
    if command == "list":
        return ["--data", data, "list", "--format", "json"]
    if command == "list-table":
        return ["--data", data, "list"]
    if command == "export":
        return ["--data", data, "export", "-o", "-", "--now", NOW]
    if command == "validate":
        return ["validate", data]
    if command == "diff":
        return ["diff", data, other, "--format", "json"]
    raise SystemExit(f"unknown command {command}")


def run(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU ms of one child, stdout discarded."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = (time.perf_counter() - start) * 1000
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"child failed: {cmd}")
    return wall, (usage.ru_utime + usage.ru_stime) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    parser.add_argument("--base", required=True, help="folder holding the 'before' src/")
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--sizes", default="35,1000,10000")
    parser.add_argument("--command", action="append", default=[])
    parser.add_argument("--other", default="", help="NEW file for diff (default: the size's diff copy)")
    args = parser.parse_args()
    commands = args.command or ["list"]
    base = str(Path(args.base).resolve() / "src")
    clean = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "PLEDGE_TUI_DATA",
                                                                  "PYTHONPATH")}
    for tree in (base, str(ROOT / "src")):
        subprocess.run([str(BIN / "python"), "-m", "compileall", "-q", tree], check=False)
    python = str(BIN / "python")
    for size in [int(s) for s in args.sizes.split(",")]:
        data = str(DATA_DIR / f"members-{size}" / "commitments.json")
        other = args.other or str(DATA_DIR / f"diff-{size}" / "new.json")
        for command in commands:
            variants: dict[str, tuple[list[str], dict[str, str]]] = {
                "before": ([str(BIN / "pledge-tui"), *argv_for(command, data, other)], {**clean, "PYTHONPATH": base}),
                "after": ([str(BIN / "pledge-tui"), *argv_for(command, data, other)], clean),
            }
            floor_files = [data, other] if command == "diff" else [data]
            floor_code = FLOOR if command != "diff" else \
                "import json, sys\nfor p in sys.argv[1:]:\n    json.loads(open(p, 'rb').read())"
            variants["floor"] = ([python, "-c", floor_code, *floor_files], clean)
            results: dict[str, list[tuple[float, float]]] = {name: [] for name in variants}
            load_start = os.getloadavg()[0]
            for i in range(args.runs + 1):
                for name, (cmd, env) in variants.items():
                    measured = run(cmd, env)
                    if i:
                        results[name].append(measured)
            load_end = os.getloadavg()[0]
            print(f"\n{command} at {size:,} members, median of {args.runs} (load average {load_start:.2f} -> "
                  f"{load_end:.2f})")
            med = {name: (statistics.median(w for w, _ in r), statistics.median(c for _, c in r))
                   for name, r in results.items()}
            for name, (wall, cpu) in med.items():
                print(f"  {name:>6}: wall {wall:8.1f} ms  CPU {cpu:8.1f} ms  "
                      f"(x floor: wall {wall / med['floor'][0]:.2f}, CPU {cpu / med['floor'][1]:.2f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
