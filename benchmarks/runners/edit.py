"""Edit benchmark: the time of one `set` against the floor of rewriting the same file, in the same process.

    .venv/bin/python benchmarks/runners/edit.py [--members 10000] [--runs 9]

For the bundled data (a copy, with its history log) and for a synthetic dataset of
`--members` members (benchmarks/generate.py), it alternates two timings on a copy in a temporary folder:

- `set`: `pledge_tui.dataset.commit.commit` of one `set` that flips one cell between two statuses:
  lock, strict read, apply, history entry, validation of the whole dataset, atomic write (temporary
  file, fsync, rename, fsync of the folder);
- floor: what any rewrite of the file costs in Python: read the bytes, `json.loads`,
  `json.dumps(indent=2, sort_keys=True)`, write a temporary file, fsync, rename.

It prints the median of each in ms and their ratio (the target: at most 2x the floor at 10,000 members),
then the median wall time of the whole `pledge-tui set` command (a fresh interpreter) for reference.
"""

from __future__ import annotations

import argparse
import functools
import importlib.util
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]


def floor(path: Path) -> None:
    """Read, parse, serialise as stored, write a temporary file, fsync, rename."""
    data = json.loads(path.read_bytes())
    text = json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    temp = path.with_name(f".{path.name}.floor")
    with open(temp, "wb") as handle:
        handle.write(text.encode("utf-8"))
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temp, path)


def copy_log(original: Path, path: Path) -> None:
    """A version-3 data file's history log goes with it (without it, a write is refused)."""
    from pledge_tui.dataset.log import log_path

    history = Path(log_path(str(original)))
    if history.exists():
        shutil.copyfile(history, log_path(str(path)))


def one_set(path: Path, member: str, source: str, status: str) -> None:
    from pledge_tui.dataset import edits
    from pledge_tui.dataset.commit import commit

    done = commit(str(path), functools.partial(edits.set_commitment, member=member, type_="monitoring",
                                                status=status, summary="Benchmark probe.", sources=[source],
                                                today="2026-03-10"), by="bench")
    assert done.entry_id is not None


def _first_ids(path: Path) -> tuple[str, str]:
    raw = json.loads(path.read_bytes())
    return next(iter(raw["members"].values()))["id"], next(iter(raw["sources"].values()))["id"]


def measure(label: str, original: Path, runs: int) -> None:
    with tempfile.TemporaryDirectory(prefix="pledge-edit-bench-") as folder:
        path = Path(folder) / "commitments.json"
        shutil.copyfile(original, path)
        copy_log(original, path)
        member, source = _first_ids(path)
        one_set(path, member, source, "considering")  # upgrades a version-1 file, creates the record
        sets, floors = [], []
        for n in range(runs):
            started = time.perf_counter()
            one_set(path, member, source, ("pledged", "considering")[n % 2])
            sets.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            floor(path)
            floors.append((time.perf_counter() - started) * 1000)
        command = [str(Path(sys.executable).with_name("pledge-tui")), "--data", str(path), "set", member,
                   "monitoring", "pledged", "--source", source, "--by", "bench"]
        walls = []
        for n in range(max(3, runs // 3)):
            command[6] = ("considering", "pledged")[n % 2]
            started = time.perf_counter()
            subprocess.run(command, check=True, capture_output=True)
            walls.append((time.perf_counter() - started) * 1000)
        size = path.stat().st_size
    set_ms, floor_ms = statistics.median(sets), statistics.median(floors)
    print(f"{label:<22} {size / 1e6:6.1f} MB   set {set_ms:8.1f} ms   floor {floor_ms:8.1f} ms   "
          f"ratio {set_ms / floor_ms:4.2f}x   (`pledge-tui set` command: {statistics.median(walls):.0f} ms)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    spec = importlib.util.spec_from_file_location("bench_generate", ROOT / "benchmarks" / "generate.py")
    assert spec is not None and spec.loader is not None
    generator = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = generator
    spec.loader.exec_module(generator)
    print(f"median of {args.runs} runs each, set and floor alternating")
    measure("bundled data", ROOT / "data" / "commitments.json", args.runs)
    with tempfile.TemporaryDirectory(prefix="pledge-edit-gen-") as folder:
        synthetic = Path(folder) / "commitments.json"
        synthetic.write_text(generator.generate(args.members).data, encoding="utf-8")
        measure(f"{args.members:,} members", synthetic, args.runs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
