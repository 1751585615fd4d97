"""The two clocks' figures (issue 20) in the runner protocol of run.py: `--at`, `blame` and the chart.

    python clocks_rows.py DATA COUNT OUT.json

Each row is measured against `list` in the same run, alternating, after one untimed run of each (a fresh
process each: the venv's `pledge-tui`, standard output discarded):

- `list --at DATE vs list`: `pledge-tui list --format json --at DATE` (the data rebuilt as it was half-way
  through its history, `dataset.replay.dataset_at`) against `pledge-tui list --format json`, on DATA's own
  history (the bundled data's entries; a generated file has none, so 300 commitment edits are recorded
  first, in a temporary copy);
- `blame MEMBER vs list`: `pledge-tui blame MEMBER --format json` for the member whose records the history
  edits most, against the same `list`;
- the same two at 10,000 history entries: a temporary copy of DATA with commitment edits recorded (each a
  `set` with its whole records before and after, one second apart) until its history has 10,000 entries;
- `the timeline opening (T), chart shown vs hidden`: in one process, the browser headless at 120x40
  (`App.run_test`), `T` pressed and the screen idle, with the chart (ours) and with it hidden (baseline:
  `CHART_FROM_HEIGHT` raised so that it starts hidden), alternating; the difference is the chart's cost.

DATA is never written. It writes {"rows": [...]} with every run's value in ms.
"""

from __future__ import annotations

import asyncio
import calendar
import copy
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

BIN = Path(sys.prefix) / "bin"
NOW = "2099-01-01T00:00:00Z"
"""`--now` for every command: the ages of sources, the same in both commands of a pair."""
ENTRIES = 10_000
OWN = 300
"""Entries recorded first in a file that has no history (a generated one)."""
AT_LIST = "list --at DATE vs list"
BLAME_LIST = "blame MEMBER vs list"
AT_LONG = "list --at DATE vs list, 10,000 history entries"
BLAME_LONG = "blame MEMBER vs list, 10,000 history entries"
CHART = "the timeline opening (T), chart shown vs hidden"


def history_of(data: Path) -> list[dict[str, Any]]:
    """DATA's history entries: the `history` table of a version-2 file, or the log beside a version-3 one."""
    raw: dict[str, Any] = json.loads(data.read_text(encoding="utf-8"))
    if "history" in raw:
        return list(raw["history"].values())
    log = data.with_name(f"{data.stem}.history.jsonl")
    if not log.exists():
        return []
    return [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines() if line.strip()]


def is_version_3(data: Path) -> bool:
    raw: dict[str, Any] = json.loads(data.read_text(encoding="utf-8"))
    return any(meta.get("schema_version") == 3 for meta in raw["meta"].values())


def with_history(source: Path, entries: int, target: Path) -> tuple[str, str]:
    """Copy `source` to `target` with commitment edits recorded until its history has `entries` entries (at
    least one more); return the moment half-way through the history and the member edited most. A
    version-3 file grows its log through benchmarks/histories.py (`set` entries on 50 records, round robin)."""
    if is_version_3(source):
        more = max(1, entries - len(history_of(source)))
        subprocess.run([str(BIN / "python"), str(Path(__file__).resolve().parent.parent / "histories.py"),
                        str(source), str(target), "--entries", str(more), "--spread", "50"],
                       check=True, stdout=subprocess.DEVNULL,
                       env={k: v for k, v in os.environ.items() if k != "PLEDGE_TUI_DATA"})
        grown = own_history(target)
        assert grown is not None
        return grown
    raw: dict[str, Any] = json.loads(source.read_text(encoding="utf-8"))
    history: dict[str, Any] = raw.setdefault("history", {})
    commitments = raw["commitments"]
    doc_ids = sorted(commitments, key=int)
    last = max((e["at"] for e in history.values()), default="2026-03-10T00:00:00Z")
    start = calendar.timegm(time.strptime(last, "%Y-%m-%dT%H:%M:%SZ")) + 1
    source_id = next(iter(raw["sources"].values()))["id"]
    edited: Counter[str] = Counter()
    n = 0
    while len(history) < entries or n == 0:
        doc_id = doc_ids[n % min(len(doc_ids), 50)]  # a few records, edited again and again
        before = commitments[doc_id]
        after = {**before, "summary": before["summary"].removesuffix(" Updated.") + (
            "" if before["summary"].endswith(" Updated.") else " Updated.")}
        commitments[doc_id] = after
        at = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(start + n))
        history[str(max((int(i) for i in history), default=0) + 1)] = {
            "at": at, "by": "bench", "action": "set", "table": "commitments",
            "key": f"{before['member']}/{before['type']}", "before": copy.deepcopy(before),
            "after": copy.deepcopy(after), "sources": [source_id], "note": ""}
        edited[before["member"]] += 1
        n += 1
    ordered = sorted(e["at"] for e in history.values())
    target.write_text(json.dumps(raw, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return ordered[len(ordered) // 2], edited.most_common(1)[0][0]


def own_history(data: Path) -> tuple[str, str] | None:
    """The moment half-way through DATA's own history and the member its entries edit most, or None."""
    history = history_of(data)
    entries = [e for e in history if e.get("table") == "commitments" and e.get("action") not in ("baseline", "upgrade")]
    if not entries:
        return None
    ordered = sorted(e["at"] for e in history if e.get("action") != "baseline")  # (a version-3 file's data as
    # its history began: all at one moment, before every edit)
    edited = Counter(e["key"].partition("/")[0] for e in entries)
    return ordered[len(ordered) // 2], edited.most_common(1)[0][0]


def run(command: list[str]) -> float:
    """Wall ms of one child, standard output discarded; a failure ends the benchmark."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "PLEDGE_TUI_DATA")}
    start = time.perf_counter()
    done = subprocess.run(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                          env=env, check=False)
    wall = (time.perf_counter() - start) * 1000
    if done.returncode != 0:
        raise SystemExit(f"clocks_rows: {' '.join(command[1:4])} failed: {done.stderr.decode(errors='replace')[-500:]}")
    return wall


def pairs(data: Path, at: str, member: str, runs: int) -> dict[str, list[float]]:
    """`list --at`, `blame` and `list`, alternating, after one untimed round."""
    script = str(BIN / "pledge-tui")
    commands = {
        "list": [script, "--data", str(data), "list", "--format", "json", "--now", NOW],
        "at": [script, "--data", str(data), "list", "--format", "json", "--now", NOW, "--at", at],
        "blame": [script, "--data", str(data), "blame", member, "--format", "json"],
    }
    walls: dict[str, list[float]] = {name: [] for name in commands}
    for n in range(runs + 1):
        for name, command in commands.items():
            wall = run(command)
            if n:
                walls[name].append(wall)
    return walls


async def _opening(data: Path, runs: int) -> dict[str, list[float]]:
    from pledge_tui.dataset import store
    from pledge_tui.ui.app import PledgeApp
    from pledge_tui.ui.screens import timeline

    loaded = store.load(str(data))
    walls: dict[str, list[float]] = {"shown": [], "hidden": []}
    shown_from = timeline.CHART_FROM_HEIGHT
    app = PledgeApp(loaded, ".")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        for n in range(runs + 1):
            for name, from_height in (("shown", shown_from), ("hidden", 10 ** 6)):
                timeline.CHART_FROM_HEIGHT = from_height
                start = time.perf_counter()
                await pilot.press("T")
                await pilot.pause()
                wall = (time.perf_counter() - start) * 1000
                await pilot.press("escape")
                await pilot.pause()
                if n:
                    walls[name].append(wall)
    timeline.CHART_FROM_HEIGHT = shown_from
    return walls


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print("usage: clocks_rows.py DATA COUNT OUT.json", file=sys.stderr)
        return 2
    data, runs, out = Path(argv[0]), int(argv[1]), Path(argv[2])
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="pledge-clocks-rows-") as folder:
        own = own_history(data)
        target = data
        if own is None:
            target = Path(folder) / "own.json"
            own = with_history(data, OWN, target)
        walls = pairs(target, own[0], own[1], runs)
        rows += [{"measurement": AT_LIST, "unit": "ms", "ours": walls["at"], "baseline": walls["list"]},
                 {"measurement": BLAME_LIST, "unit": "ms", "ours": walls["blame"], "baseline": walls["list"]}]
        long = Path(folder) / "long.json"
        at, member = with_history(data, ENTRIES, long)
        walls = pairs(long, at, member, runs)
        rows += [{"measurement": AT_LONG, "unit": "ms", "ours": walls["at"], "baseline": walls["list"]},
                 {"measurement": BLAME_LONG, "unit": "ms", "ours": walls["blame"], "baseline": walls["list"]}]
        opening = asyncio.run(_opening(data, runs))
        rows.append({"measurement": CHART, "unit": "ms", "ours": opening["shown"], "baseline": opening["hidden"]})
    out.write_text(json.dumps({"rows": rows, "at": own[0], "member": own[1]}), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
