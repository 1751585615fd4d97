"""Benchmark of `pledge-tui diff OLD NEW` on two large files against the floor of `json.loads` of both.

    python benchmarks/runners/diff.py [--members 10000] [--changes 300] [--runs 7] [--dir DIR]

Standalone (not part of `make bench` yet). It generates OLD with benchmarks/generate.py (kept in DIR,
default benchmarks/.data/diff-MEMBERS), then NEW: a copy in which CHANGES commitment records were
edited the way the write commands edit them (a third change status, a third summary, a sixth are
removed, a sixth are added), each with its history entry, written as the store writes (indent 2,
sorted keys). Then, interleaved, after one untimed warm-up each, RUNS times each:

- ours: a fresh process `python -m pledge_tui diff OLD NEW --format json` (stdout discarded), which
  reads, validates and builds both datasets, diffs them and writes the JSON;
- floor: a fresh process `python -c "json.loads both files"` with the same interpreter.

Prints the medians and their ratio (target: at most 2.5), and the same pair measured in-process (no
interpreter start-up on either side), for information.
"""

from __future__ import annotations

import argparse
import copy
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
TARGET = 2.5
FLOOR_CODE = ("import json, sys\n"
              "for path in sys.argv[1:]:\n"
              "    with open(path, 'rb') as handle:\n"
              "        json.loads(handle.read())\n")


def generate(members: int, folder: Path) -> Path:
    """OLD: the synthetic dataset of `members` members (generated once, then reused)."""
    path = folder / "commitments.json"
    if not path.is_file():
        subprocess.run([sys.executable, str(ROOT / "benchmarks" / "generate.py"), "--members", str(members),
                        "--out", str(folder)], check=True, stdout=subprocess.DEVNULL)
    return path


def edited_copy(old: Path, changes: int, new: Path) -> dict[str, int]:
    """NEW: OLD with `changes` commitment records edited, removed or added, each with a history entry."""
    raw: dict[str, Any] = json.loads(old.read_text(encoding="utf-8"))
    commitments = raw["commitments"]
    history = raw.setdefault("history", {})
    doc_ids = sorted(commitments, key=int)
    step = max(1, len(doc_ids) // changes)
    chosen = doc_ids[::step][:changes]
    counts = {"status": 0, "summary": 0, "removed": 0, "added": 0}
    source = next(iter(raw["sources"].values()))["id"]
    taken = {(d["member"], d["type"]) for d in commitments.values()}
    members = [m["id"] for m in raw["members"].values()]
    next_doc = max(int(i) for i in commitments) + 1
    for n, doc_id in enumerate(chosen):
        before = commitments[doc_id]
        kind = ("status", "summary", "status", "summary", "removed", "added")[n % 6]
        after: dict[str, Any] | None
        if kind == "status":
            after = {**before, "status": "considering" if before["status"] != "considering" else "pledged"}
            commitments[doc_id] = after
        elif kind == "summary":
            after = {**before, "summary": before["summary"] + " Updated."}
            commitments[doc_id] = after
        elif kind == "removed":
            after = None
            del commitments[doc_id]
        else:
            member = members[(n * 7919) % len(members)]
            free = next((t for t in ("monitoring", "command", "backstop", "logistics", "funding")
                         if (member, t) not in taken), None)
            if free is None:
                continue
            taken.add((member, free))
            before, after = None, {"member": member, "type": free, "status": "considering", "summary": "New record.",
                                   "conditions": [], "lead": False, "quantity": None, "stated_on": "2026-03",
                                   "sources": [source]}
            commitments[str(next_doc)] = after
            next_doc += 1
        record = after or before
        assert record is not None
        history[str(len(history) + 1)] = {
            "at": f"2026-03-10T{n // 3600 % 24:02d}:{n // 60 % 60:02d}:{n % 60:02d}Z", "by": "bench",
            "action": "unset" if after is None else "set", "table": "commitments",
            "key": f"{record['member']}/{record['type']}", "before": copy.deepcopy(before),
            "after": copy.deepcopy(after), "sources": [source], "note": "" if after else "Benchmark removal."}
        counts[kind] += 1
    new.write_text(json.dumps(raw, indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
    return counts


def timed(command: list[str]) -> float:
    """Wall time of one process from spawn to exit, in seconds."""
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def in_process(old: Path, new: Path, runs: int) -> tuple[float, float]:
    """Medians (seconds) of: load both + diff + JSON text, and json.loads of both, in this process."""
    from pledge_tui.dataset import store
    from pledge_tui.formats.changes_json import render_diff
    from pledge_tui.views.diff import diff_datasets

    ours, floor = [], []
    for _ in range(runs):
        start = time.perf_counter()
        render_diff(diff_datasets(store.load(str(old)).dataset, store.load(str(new)).dataset), "old", "new")
        ours.append(time.perf_counter() - start)
        start = time.perf_counter()
        for path in (old, new):
            json.loads(path.read_bytes())
        floor.append(time.perf_counter() - start)
    return statistics.median(ours), statistics.median(floor)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--changes", type=int, default=300)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--dir", type=Path, default=None)
    args = parser.parse_args()
    folder = args.dir or ROOT / "benchmarks" / ".data" / f"diff-{args.members}"
    folder.mkdir(parents=True, exist_ok=True)
    old = generate(args.members, folder)
    new = folder / "edited.json"
    counts = edited_copy(old, args.changes, new)
    ours_cmd = [sys.executable, "-m", "pledge_tui", "diff", str(old), str(new), "--format", "json"]
    floor_cmd = [sys.executable, "-c", FLOOR_CODE, str(old), str(new)]
    check = subprocess.run(ours_cmd, check=True, capture_output=True, text=True)
    reported = json.loads(check.stdout)
    print(f"OLD {old} ({old.stat().st_size:,} bytes), NEW {new} ({new.stat().st_size:,} bytes)")
    print(f"edits: {counts}; diff reports {len(reported['cells'])} cells")
    timed(ours_cmd)
    timed(floor_cmd)
    ours, floor = [], []
    for _ in range(args.runs):
        ours.append(timed(ours_cmd))
        floor.append(timed(floor_cmd))
    ours_ms, floor_ms = statistics.median(ours) * 1000, statistics.median(floor) * 1000
    ratio = ours_ms / floor_ms
    print(f"process: diff {ours_ms:,.0f} ms, json.loads floor {floor_ms:,.0f} ms (medians of {args.runs}); "
          f"ratio {ratio:.2f} (target <= {TARGET}: {'met' if ratio <= TARGET else 'NOT met'})")
    ours_in, floor_in = in_process(old, new, max(3, args.runs // 2))
    print(f"in-process: load both + diff + JSON {ours_in * 1000:,.0f} ms, json.loads both {floor_in * 1000:,.0f} ms; "
          f"ratio {ours_in / floor_in:.2f} (for information)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
