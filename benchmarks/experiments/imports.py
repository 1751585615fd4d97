"""What each import costs a fresh process, for real (not `-X importtime`, which inflates small modules).

    .venv/bin/python benchmarks/experiments/imports.py [--runs 15] [STEP ...]

Each STEP is a comma-separated list of modules; step k runs `python -c "import tinydb, json; import
<steps 1..k>"`, so the difference between consecutive steps is what step k adds on top of everything before
it (the floor of `list`, `import tinydb, json`, is step 0). Every run spawns each step once, in turn (one
untimed warm-up round first); the figure is the median CPU time (user + system, `wait4`) of the child. The
default steps follow what `pledge-tui list --format json` imports. A diagnostic for benchmarks/PROFILE.md.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
from pathlib import Path

BIN = Path(sys.prefix) / "bin"
DEFAULT_STEPS = [
    "argparse", "dataclasses", "pledge_tui.errors", "pledge_tui.dataset.model", "pledge_tui.views.filters",
    "pledge_tui.cli.common", "pledge_tui.paths", "pledge_tui.cli.main", "pledge_tui.dataset.store",
    "pledge_tui.formats.listing",
]


def cpu_ms(code: str) -> float:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "PYTHONPATH")}
    proc = subprocess.Popen([str(BIN / "python"), "-c", code], stdin=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    if os.waitstatus_to_exitcode(status):
        raise SystemExit(f"failed: {code}")
    return (usage.ru_utime + usage.ru_stime) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("steps", nargs="*")
    args = parser.parse_args()
    steps = args.steps or DEFAULT_STEPS
    codes = ["import tinydb, json"]
    for step in steps:
        codes.append(codes[-1] + "; import " + step)
    times: list[list[float]] = [[] for _ in codes]
    for run in range(args.runs + 1):
        for i, code in enumerate(codes):
            value = cpu_ms(code)
            if run:
                times[i].append(value)
    medians = [statistics.median(t) for t in times]
    print(f"load average {os.getloadavg()[0]:.2f}; CPU ms, median of {args.runs}")
    print(f"{'import tinydb, json (the floor)':<40} {medians[0]:7.1f}")
    for step, before, after in zip(steps, medians, medians[1:], strict=False):
        print(f"{'+ ' + step:<40} {after:7.1f}  (+{after - before:.1f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
