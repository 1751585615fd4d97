"""The git merge driver (issue 22) in the runner protocol of run.py: both of its runs, against the floor.

    python merge_rows.py DATA COUNT OUT.json

DATA (a generated data file, never written) is copied to a temporary folder as schema version 3: BASE
(benchmarks/histories.py `upgraded`: a baseline entry per record). OURS and THEIRS are BASE with 1% of its
records changed, different ones on each side (`set` entries on commitments, each with its whole records
and its parent, and the heads updated: histories.py `grow`). git runs the driver once per file; so does
this runner, in fresh processes, alternating with the floor after one untimed round:

- `merge driver, data file, 1% changed on each side, vs loading the three files`: `pledge-tui merge BASE
  OURS THEIRS` on the three data files (OURS is a fresh copy each run, made before the clock starts)
  against a fresh python running `json.loads` of the three data files;
- `merge driver, history log, ...`: the same on the three history logs, against `json.loads` of every
  line of the three logs.

It writes {"rows": [...], "records": N, "changed": per side} with every run's value (wall ms); the
*(CPU time)* rows give the same runs' CPU times.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
BENCH = HERE.parent
BIN = Path(sys.prefix) / "bin"
DATA_ROW = "merge driver, data file, 1% changed on each side, vs loading the three files"
LOG_ROW = "merge driver, history log, 1% changed on each side, vs loading the three logs"
FLOOR_DATA = ("import json, sys\n"
              "for path in sys.argv[1:]:\n"
              "    with open(path, 'rb') as handle:\n"
              "        json.loads(handle.read())\n")
FLOOR_LOG = ("import json, sys\n"
             "for path in sys.argv[1:]:\n"
             "    with open(path, 'rb') as handle:\n"
             "        [json.loads(line) for line in handle]\n")


def env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "PLEDGE_TUI_DATA", "GIT_DIR")}


def run(command: list[str], cwd: Path) -> tuple[float, float]:
    """Wall and CPU ms of one child, standard output discarded; a failure ends the benchmark. `cwd`: outside
    any git repository (the driver keeps its conflict list in the repository's git folder)."""
    start = time.perf_counter()
    proc = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            env=env(), cwd=cwd)
    assert proc.stderr is not None
    error = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = (time.perf_counter() - start) * 1000
    proc.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"merge_rows: {' '.join(command[-4:])} failed: {error.decode(errors='replace')[-600:]}")
    return wall, (usage.ru_utime + usage.ru_stime) * 1000


def sides(data: Path, folder: Path) -> tuple[dict[str, Path], int, int]:
    """BASE, OURS and THEIRS (data files; each log beside its file); the number of records and of changes."""
    sys.path.insert(0, str(BENCH))
    import histories  # (benchmarks/ is not a package)

    base = folder / "base" / "commitments.json"
    histories.upgraded(data, base)
    raw = json.loads(base.read_bytes())
    records = sum(len(raw[t]) for t in ("members", "commitments", "sources", "events", "meta"))
    changed = max(1, records // 100)
    paths = {"base": base}
    for side, start in (("ours", 0), ("theirs", len(raw["commitments"]) // 2)):
        target = folder / side / "commitments.json"
        target.parent.mkdir()
        shutil.copyfile(base, target)
        shutil.copyfile(histories.log_of(base), histories.log_of(target))
        histories.grow(target, changed, edit_from=start, spread=changed, by=side)
        paths[side] = target
    return paths, records, changed


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print("usage: merge_rows.py DATA COUNT OUT.json", file=sys.stderr)
        return 2
    data, runs, out = Path(argv[0]), int(argv[1]), Path(argv[2])
    with tempfile.TemporaryDirectory(prefix="pledge-merge-rows-") as name:
        folder = Path(name)
        paths, records, changed = sides(data, folder)
        logs = {side: path.with_name("commitments.history.jsonl") for side, path in paths.items()}
        work = folder / "work"
        work.mkdir()
        kinds = {"data": (paths, FLOOR_DATA, work / "ours.json"), "log": (logs, FLOOR_LOG, work / "ours.jsonl")}
        walls: dict[str, list[float]] = {f"{k}-{s}": [] for k in kinds for s in ("ours", "floor")}
        cpus: dict[str, list[float]] = {key: [] for key in walls}
        for r in range(runs + 1):
            for kind, (files, floor, ours) in kinds.items():
                shutil.copyfile(files["ours"], ours)
                timings = {
                    "ours": run([str(BIN / "pledge-tui"), "merge", str(files["base"]), str(ours), str(files["theirs"])],
                                work),
                    "floor": run([str(BIN / "python"), "-c", floor, str(files["base"]), str(files["ours"]),
                                  str(files["theirs"])], work),
                }
                for side, (wall, cpu) in timings.items():
                    if r:
                        walls[f"{kind}-{side}"].append(wall)
                        cpus[f"{kind}-{side}"].append(cpu)
    rows: list[dict[str, Any]] = []
    for kind, name in (("data", DATA_ROW), ("log", LOG_ROW)):
        rows.append({"measurement": name, "unit": "ms", "ours": walls[f"{kind}-ours"],
                     "baseline": walls[f"{kind}-floor"]})
        rows.append({"measurement": f"{name} (CPU time)", "unit": "ms", "ours": cpus[f"{kind}-ours"],
                     "baseline": cpus[f"{kind}-floor"]})
    out.write_text(json.dumps({"rows": rows, "records": records, "changed": changed}), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
