"""Run every pledge-tui benchmark and write benchmarks/RESULTS.md.

    .venv/bin/python benchmarks/run.py [--sizes 35,1000,10000] [--runs 5] [--samples 20] [--only KEYS]

(`make bench` installs `.[test,bench]` into .venv and runs this.) For each dataset size it generates the
synthetic dataset and its flattened CSV into benchmarks/.data/ (skipped when the files exist and were
made by the same generator source, size and seed), then runs every entry of `MEASUREMENTS`, in order:

1. `export`: `pledge-tui export` against VisiData (`vd -b`) converting the flattened CSV to Markdown;
2. `list`: `pledge-tui list --format json` against the floor `import tinydb, json; json.load(...)`;
3. `settled`: spawn to the settled first screen in tmux against a bare app (runners/settled_screen.py);
4. `first-paint`: headless start-up to the first paint against a bare Textual app, with each run's peak
   RSS (runners/first_paint.py);
5. `latency`: keystroke-to-paint latency in the browser (runners/filter_latency.py);
6. `edit`, `diff`: runners other helpers add (runners/edit.py, runners/diff.py); "pending" until they exist;
7. `clocks`: `list --at` and `blame` against `list`, and the chart's cost when the timeline opens
   (runners/clocks_rows.py).

Entries 3 and 6 are *runner scripts* that follow one protocol (see `ScriptRunner` and benchmarks/README.md):
adding a measurement is writing the script and listing it in `MEASUREMENTS`, with its rows' targets.

Process-level timings interleave ours and the baseline (one untimed warm-up each first) and report
medians. Every child has a timeout; a failed measurement is reported in RESULTS.md and makes the exit
code 1, but the other measurements still run. Unmet targets and pending runners do not change the exit code.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import platform
import shlex
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RUNNERS = HERE / "runners"
DATA_DIR = HERE / ".data"
RESULTS = HERE / "RESULTS.md"
RAW = DATA_DIR / "results.json"
CACHE_DIR = DATA_DIR / "xdg-cache"
"""The children's $XDG_CACHE_HOME (`child_env`)."""
BIN = Path(sys.prefix) / "bin"
"""The virtualenv's scripts: run.py must be started with the venv's python (`make bench` does)."""

sys.path.insert(0, str(HERE))
import generate  # noqa: E402  (benchmarks/ is not a package; only its constants are used here)

DEFAULT_SIZES = (35, 1_000, 10_000)
NOW = "2026-03-15T00:00:00Z"
"""Fixed generation time for `export`, so every run renders the same bytes."""
PROCESS_TIMEOUT = 300.0
LATENCY_TIMEOUT = 1_800.0
SETTLED_TIMEOUT = 900.0
LONG_TIMEOUT = 1_800.0
MERGE_DATA_ROW = "merge driver, data file, 1% changed on each side, vs loading the three files"
MERGE_LOG_ROW = "merge driver, history log, 1% changed on each side, vs loading the three logs"
SIZE_LABEL = "120x40"
BUNDLED = "bundled"
"""A size that stands for the bundled data file, data/commitments.json (never modified: runners copy it)."""

Size = int | str
"""A member count, or `BUNDLED`."""
Target = tuple[str, Callable[[float], bool]] | None
"""A target's text and its test, or None when the issue sets no target for that row."""


def at_most(limit: float, unit: str = "") -> Target:
    """The target "value ≤ limit" (a ratio when `unit` is empty)."""
    text = f"ratio ≤ {limit:g}" if not unit else f"≤ {limit:g} {unit}"
    return (text, lambda value: value <= limit)


class BenchError(Exception):
    """A measurement could not be taken; the message says which and why."""


@dataclass
class Child:
    """One finished child process."""

    wall_ms: float
    maxrss_kb: int
    returncode: int
    stderr: str
    cpu_ms: float = 0.0
    """The child's own CPU time (user + system, from `wait4`): what other work on the machine does not
    inflate, unlike the wall time."""


@dataclass
class Row:
    """One line of the results table (ours and baseline are medians; `None` when not measured)."""

    measurement: str
    size: Size
    ours: float | None
    baseline: float | None
    unit: str
    target: Target
    target_on: str = "ratio"
    """What the target tests: "ratio" (ours / baseline) or "ours" (the absolute value)."""
    error: str | None = None
    pending: str | None = None
    """Why the row has no number yet (its runner is not written yet); not a failure."""
    ours_runs: list[float] = field(default_factory=list)
    baseline_runs: list[float] = field(default_factory=list)
    rank: tuple[int, int] = (0, 0)
    """(entry of `MEASUREMENTS`, row within it): the report's order."""

    @property
    def ratio(self) -> float | None:
        """ours / baseline."""
        if self.ours is None or not self.baseline:
            return None
        return self.ours / self.baseline

    @property
    def met(self) -> bool | None:
        """Whether the target is met (None when there is no target or no number)."""
        if self.target is None:
            return None
        value = self.ratio if self.target_on == "ratio" else self.ours
        return None if value is None else self.target[1](value)


def log(message: str) -> None:
    """Progress on standard error, flushed at once."""
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def cpu_busy(interval: float = 0.5) -> float:
    """The fraction of the machine's CPU time spent busy over `interval` seconds (Linux; 0.0 elsewhere).

    Sampled while this process sleeps, so what it sees is other processes: tests or builds running
    beside the benchmarks, which on a 2-core machine change every figure.
    """
    def sample() -> tuple[int, int]:
        fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
        return sum(fields), fields[3] + fields[4]  # all jiffies, idle + iowait

    try:
        total0, idle0 = sample()
        time.sleep(interval)
        total1, idle1 = sample()
    except (OSError, ValueError, IndexError):
        return 0.0
    return 1.0 - (idle1 - idle0) / max(1, total1 - total0)


IDLE_BUSY = 0.15
"""Busier than this (15% of all cores) counts as "something else is running"."""


class IdleBudget:
    """What is left of the whole run's time for waiting for an idle machine (`--idle-budget`)."""

    def __init__(self, seconds: float) -> None:
        self.left = seconds


def wait_for_idle(limit: float, what: str, budget: IdleBudget) -> float:
    """Wait up to `limit` seconds (and what is left of `budget`) until three half-second samples in a
    row are under `IDLE_BUSY`.

    Returns the busy fraction of the last sample (recorded in RESULTS.md). Gives up, with a warning,
    when the time is up: the figures are then taken on a busy machine and the report says so.
    """
    started = time.monotonic()
    limit = min(limit, max(0.0, budget.left))
    deadline = started + limit
    try:
        return _wait(limit, deadline, what)
    finally:
        budget.left -= time.monotonic() - started


def _wait(limit: float, deadline: float, what: str) -> float:
    quiet, busy, warned = 0, 0.0, False
    while True:
        busy = cpu_busy()
        quiet = quiet + 1 if busy < IDLE_BUSY else 0
        if quiet >= 3 or limit <= 0:
            return busy
        if time.monotonic() > deadline:
            log(f"  the machine is still {busy:.0%} busy after {limit:.0f} s; measuring {what} anyway")
            return busy
        if not warned:
            log(f"  the machine is {busy:.0%} busy (another process); waiting up to {limit:.0f} s before {what}")
            warned = True


def child_env(**extra: str) -> dict[str, str]:
    """The environment for children: ours, without variables that would change what pledge-tui reads.

    The cache of validated files (README "Decisions") is $XDG_CACHE_HOME = .data/xdg-cache, not the user's
    ~/.cache: each measurement's untimed warm-up run validates the data and fills it, as an analyst's first
    run does, and the timed runs read validated bytes, as every later run does.

    PYTHONDONTWRITEBYTECODE is dropped too: with it set (as on the team's machines), the editable
    install's modules would be compiled from source in every run, while Textual, Rich, TinyDB and
    VisiData load the bytecode pip compiled at install time. An installed pledge-tui has bytecode too.
    """
    env = {k: v for k, v in os.environ.items()
           if k not in ("PLEDGE_TUI_DATA", "PLEDGE_TUI_DEBUG", "SOURCE_DATE_EPOCH", "PYTHONSTARTUP",
                        "PYTHONDONTWRITEBYTECODE")}
    env["XDG_CACHE_HOME"] = str(CACHE_DIR)
    env.update(extra)
    return env


def run_child(cmd: Sequence[str], *, timeout: float = PROCESS_TIMEOUT, stdout: Path | None = None,
              env: dict[str, str] | None = None) -> Child:
    """Run `cmd` to completion; wall time from just before spawn to reaping (and `ru_maxrss`, for the record).

    Raises `BenchError` on a timeout or a non-zero exit, quoting the end of standard error.
    """
    killed = threading.Event()
    with tempfile.TemporaryFile() as err, open(stdout or os.devnull, "wb") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(list(cmd), stdin=subprocess.DEVNULL, stdout=out, stderr=err,
                                env=env or child_env(), cwd=ROOT)

        def kill() -> None:
            killed.set()
            proc.kill()

        timer = threading.Timer(timeout, kill)
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        wall_ms = (time.perf_counter() - start) * 1000
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
    if killed.is_set():
        raise BenchError(f"timed out after {timeout:.0f} s: {shlex.join(cmd)}")
    if proc.returncode != 0:
        tail = "\n".join(stderr.strip().splitlines()[-8:])
        raise BenchError(f"exit code {proc.returncode}: {shlex.join(cmd)}\n{tail}")
    return Child(wall_ms, usage.ru_maxrss, proc.returncode, stderr, (usage.ru_utime + usage.ru_stime) * 1000)


def median(values: Sequence[float]) -> float:
    """The median of a non-empty sequence."""
    return float(statistics.median(values))


# --- data -------------------------------------------------------------------------------------------


def dataset(size: int, seed: int, *, real: bool = False) -> tuple[Path, Path]:
    """The dataset and flat CSV for `size` members, generated unless an identical one is on disk. `real`:
    members grown from the bundled data's real ones (`generate.py --from-real`), in `.data/real-N`."""
    out = DATA_DIR / f"{'real' if real else 'members'}-{size}"
    made_from = (HERE / "generate.py").read_bytes() + (generate.REAL_DATA.read_bytes() if real else b"")
    key = hashlib.sha256(made_from + f":{size}:{seed}:{real}".encode()).hexdigest()
    stamp = out / ".key"
    data, flat = out / generate.DATA_NAME, out / generate.FLAT_NAME
    if data.exists() and flat.exists() and stamp.exists() and stamp.read_text() == key:
        log(f"{size} members{' (grown from the real ones)' if real else ''}: using {data.relative_to(ROOT)}")
        return data, flat
    # In a child process: generating 10,000 members takes ~300 MB, which this process must not keep
    # (every measurement below forks from it).
    stamp.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "stdout"
        child = run_child([str(BIN / "python"), str(HERE / "generate.py"), "--members", str(size), "--out", str(out),
                           "--seed", str(seed), *(["--from-real"] if real else [])], stdout=report)
        log(f"generated in {child.wall_ms / 1000:.1f} s: {report.read_text(encoding='utf-8').strip()}")
    stamp.write_text(key)
    return data, flat


# --- process-level comparisons ----------------------------------------------------------------------


def compare(name: str, size: Size, runs: int, ours: Sequence[str], baseline: Sequence[str],
            target: Target, *, ours_env: dict[str, str] | None = None, base_env: dict[str, str] | None = None,
            check_ours: Callable[[Path], None] | None = None,
            check_baseline: Callable[[], None] | None = None) -> list[Row]:
    """Warm both commands up once (checking their output), then time them `runs` times, interleaved.

    Two rows: the wall times (the target's), and the same runs' CPU times (`name (CPU time)`, for
    information: on a busy machine the wall times of both sides grow, by different amounts)."""
    row = Row(name, size, None, None, "ms", target)
    cpu = Row(f"{name} (CPU time)", size, None, None, "ms", None)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            captured = Path(tmp) / "stdout"
            run_child(ours, stdout=captured, env=ours_env)
            if check_ours:
                check_ours(captured)
            run_child(baseline, env=base_env)
            if check_baseline:
                check_baseline()
        for i in range(runs):
            mine = run_child(ours, env=ours_env)
            theirs = run_child(baseline, env=base_env)
            row.ours_runs.append(mine.wall_ms)
            row.baseline_runs.append(theirs.wall_ms)
            cpu.ours_runs.append(mine.cpu_ms)
            cpu.baseline_runs.append(theirs.cpu_ms)
            if check_baseline:
                check_baseline()
            log(f"  {name} @ {size}: run {i + 1}/{runs}: ours {mine.wall_ms:.0f} ms (CPU {mine.cpu_ms:.0f}), "
                f"baseline {theirs.wall_ms:.0f} ms (CPU {theirs.cpu_ms:.0f})")
        row.ours, row.baseline = median(row.ours_runs), median(row.baseline_runs)
        cpu.ours, cpu.baseline = median(cpu.ours_runs), median(cpu.baseline_runs)
    except (BenchError, OSError, ValueError) as exc:
        row.error = cpu.error = str(exc)
        log(f"  FAILED {name} @ {size}: {exc}")
    return [row, cpu]


EXPORT_ROW = "export vs VisiData"
EXPORT_REAL_ROW = "export vs VisiData, members grown from the real ones"


def export_vs_visidata(size: int, data: Path, flat: Path, runs: int, name: str = EXPORT_ROW) -> list[Row]:
    """`pledge-tui export` (to standard output, discarded) against `vd -b FLAT.csv -o OUT.md`."""
    vd = BIN / "vd"
    if not vd.exists():
        return [Row(name, size, None, None, "ms", None,
                    error=f"VisiData is not installed ({vd} missing): run `make bench`, which installs .[bench]")]
    out_md = data.parent / "visidata-out.md"
    vd_home = DATA_DIR / "vd-home"
    vd_home.mkdir(parents=True, exist_ok=True)

    def check_export(path: Path) -> None:
        text = path.read_text(encoding="utf-8")
        if not text.startswith("---\n") or f"members_shown: {size}\n" not in text:
            raise BenchError(f"`pledge-tui export` output does not look like a snapshot of {size} members")

    def check_visidata() -> None:
        if not out_md.exists():
            raise BenchError(f"VisiData exited 0 but did not write {out_md}")
        lines = out_md.read_text(encoding="utf-8").splitlines()
        table = [line for line in lines if line.startswith("|")]
        if not lines or not lines[0].startswith("|member") or len(table) != size * 10 + 2 \
                or not set(lines[1]) <= set("|-: "):
            raise BenchError(f"VisiData's {out_md.name} is not the expected Markdown table "
                             f"({len(table)} table lines, expected {size * 10 + 2})")
        out_md.unlink()

    ours = [str(BIN / "pledge-tui"), "--data", str(data), "export", "-o", "-", "--now", NOW]
    base = [str(vd), "-N", "--motd-url=", "-b", str(flat), "-o", str(out_md)]
    out_md.unlink(missing_ok=True)
    return compare(name, size, runs, ours, base, at_most(0.5),
                   base_env=child_env(HOME=str(vd_home)), check_ours=check_export, check_baseline=check_visidata)


def list_vs_floor(size: int, data: Path, runs: int) -> list[Row]:
    """`pledge-tui list --format json` against `import tinydb, json; json.load(open(F))`."""

    def check_list(path: Path) -> None:
        members = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(members, list) or len(members) != size:
            raise BenchError(f"`pledge-tui list --format json` did not print {size} members")

    ours = [str(BIN / "pledge-tui"), "--data", str(data), "list", "--format", "json"]
    base = [str(BIN / "python"), "-c", f"import tinydb, json; json.load(open({str(data)!r}, encoding='utf-8'))"]
    target = at_most(1.5) if size in (35, 1_000) else None  # issue 13: 1.5x at 35 and 1,000 members
    return compare("list --format json vs floor", size, runs, ours, base, target, check_ours=check_list)


# --- start-up ---------------------------------------------------------------------------------------


@dataclass
class Paint:
    """One start-up run: ms from spawn to first paint, peak RSS, rows in the table at that paint."""

    paint_ms: float
    imported_ms: float
    exit_ms: float
    paint_hwm_kb: int
    """Peak RSS (VmHWM) when the first paint happened."""
    peak_hwm_kb: int
    """Peak RSS (VmHWM) of the whole run, read after the app closed."""
    rows: int


def first_paint_once(mode: str, data: Path | None) -> Paint:
    """Spawn the start-up runner once; the clock starts just before the spawn."""
    with tempfile.TemporaryDirectory() as tmp:
        marks = Path(tmp) / "marks.json"
        cmd = [str(BIN / "python"), str(RUNNERS / "first_paint.py"), str(marks), mode]
        if data is not None:
            cmd.append(str(data))
        start = time.time()
        child = run_child(cmd)
        if not marks.exists():
            raise BenchError(f"the runner exited without recording a paint: {shlex.join(cmd)}\n{child.stderr[-800:]}")
        lines = [json.loads(line) for line in marks.read_text(encoding="ascii").splitlines()]
    m = lines[0]
    expected = "PledgeApp" if mode == "pledge" else "Bare"
    if m["app"] != expected:
        raise BenchError(f"the first paint came from {m['app']}, expected {expected}")
    peak = max(line["vm_hwm_kb"] for line in lines)
    if peak <= 0:
        raise BenchError("the runner could not read VmHWM from /proc/self/status (not Linux?)")
    return Paint((m["paint"] - start) * 1000, (m["imported"] - start) * 1000, child.wall_ms,
                 m["vm_hwm_kb"], peak, m["rows"])


def first_paint(size: int, data: Path, runs: int) -> tuple[Row, Row, dict[str, Any]]:
    """Start-up to first paint (pledge-tui vs bare app) and peak RSS, `runs` interleaved runs each.

    The first paint is not the screen a person sees (issue 13): the settled-screen rows carry the
    start-up targets now, and this row is kept for the headless figure and its peak RSS.
    """
    paint = Row("first paint, headless, vs bare Textual app", size, None, None, "ms", None)
    rss = Row("peak RSS (headless start-up run) vs bare app", size, None, None, "MB",
              at_most(150, "MB") if size == 10_000 else None, target_on="ours")
    detail: dict[str, Any] = {"ours": [], "bare": []}
    try:
        first_paint_once("pledge", data)
        first_paint_once("bare", None)
        for i in range(runs):
            ours, bare = first_paint_once("pledge", data), first_paint_once("bare", None)
            detail["ours"].append(ours.__dict__)
            detail["bare"].append(bare.__dict__)
            paint.ours_runs.append(ours.paint_ms)
            paint.baseline_runs.append(bare.paint_ms)
            rss.ours_runs.append(ours.peak_hwm_kb / 1024)
            rss.baseline_runs.append(bare.peak_hwm_kb / 1024)
            log(f"  first paint @ {size}: run {i + 1}/{runs}: ours {ours.paint_ms:.0f} ms "
                f"({ours.rows} rows, {ours.peak_hwm_kb / 1024:.0f} MB), bare {bare.paint_ms:.0f} ms")
        paint.ours, paint.baseline = median(paint.ours_runs), median(paint.baseline_runs)
        rss.ours, rss.baseline = median(rss.ours_runs), median(rss.baseline_runs)
    except (BenchError, OSError, ValueError, KeyError) as exc:
        paint.error = rss.error = str(exc)
        log(f"  FAILED first paint @ {size}: {exc}")
    return paint, rss, detail


# --- keystroke latency ------------------------------------------------------------------------------

LATENCY_KINDS = (
    ("toggle", "filter key (`space` in type list)"),
    ("search-type", "search: type a character"),
    ("search-delete", "search: backspace"),
)
LATENCY_STAGES = (("first", "first paint after key"), ("result", "filtered table painted"))


def latency(size: int, data: Path, samples: int) -> tuple[list[Row], dict[str, Any]]:
    """Run the in-process latency runner once and turn its samples into rows."""
    limit = 16.0 if size <= 1_000 else 33.0
    target: Target = (f"≤ {limit:.0f} ms", lambda ms: ms <= limit)
    rows = [Row(f"{label}: {stage}", size, None, None, "ms", target, target_on="ours")
            for _kind, label in LATENCY_KINDS for _stage, stage in LATENCY_STAGES]
    try:
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "latency.json"
            run_child([str(BIN / "python"), str(RUNNERS / "filter_latency.py"), str(data), str(samples), str(out)],
                      timeout=LATENCY_TIMEOUT)
            raw: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    except (BenchError, OSError, ValueError) as exc:
        for row in rows:
            row.error = str(exc)
        log(f"  FAILED latency @ {size}: {exc}")
        return rows, {}
    baseline = [s["first"] for s in raw["baseline"]]
    for index, (kind, _label) in enumerate(LATENCY_KINDS):
        for offset, (stage, _label) in enumerate(LATENCY_STAGES):
            row = rows[index * 2 + offset]
            row.ours_runs = [s[stage] for s in raw[kind] if s[stage] is not None]
            row.baseline_runs = baseline
            row.baseline = median(baseline)
            if row.ours_runs:
                row.ours = median(row.ours_runs)
            else:
                row.error = "no sample recorded this stage (PledgeApp.refresh_view not found?)"
    log(f"  latency @ {size}: " + "; ".join(f"{r.measurement}: {_num(r.ours, r.unit)} ms" for r in rows))
    return rows, raw


# --- runner scripts ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class RowSpec:
    """A row a runner script reports: its name (exactly as the script writes it), unit and targets."""

    measurement: str
    unit: str
    targets: Mapping[Size, Target] = field(default_factory=dict)
    """By size; a size not listed has no target."""
    target_on: str = "ratio"
    """"ratio" (ours / baseline) or "ours" (the absolute value)."""


@dataclass(frozen=True)
class ScriptRunner:
    """A measurement made by a script in benchmarks/runners/, following the runner protocol.

    Protocol: `python runners/SCRIPT DATA COUNT OUT.json`, run with the venv's python from the
    repository root, standard input closed. DATA is a data file the script must not modify (copy it
    first to edit it); COUNT is `--runs` (or `--samples` when `count == "samples"`). The script warms
    up, measures, and writes OUT.json as `{"rows": [{"measurement": str, "unit": str, "ours": [number,
    ...], "baseline": [number, ...] or null}, ...], ...}`: one row per measurement, with every run's value
    (run.py takes the medians and the ratio). Anything else in OUT.json is kept in results.json. Exit
    code 0 on success; otherwise the rows are reported as failed with the end of its standard error.
    A script that does not exist yet makes its rows "pending".
    """

    key: str
    script: str
    rows: tuple[RowSpec, ...]
    how: str
    """How its rows are measured, for RESULTS.md."""
    sizes: tuple[Size, ...] | None = None
    """Sizes it runs at (those of them given with --sizes, and BUNDLED always); None: every --sizes size."""
    count: str = "runs"
    timeout: float = PROCESS_TIMEOUT
    pending_note: str = ""
    """Who adds the script (shown while it does not exist)."""
    requires: str = ""
    """Another script in runners/ this one needs (an adapter's source); pending until both exist."""

    @property
    def missing(self) -> str | None:
        """The first of the script and what it requires that does not exist yet, or None."""
        return next((name for name in (self.script, self.requires) if name and not (RUNNERS / name).exists()), None)

    def sizes_for(self, requested: Sequence[int]) -> list[Size]:
        if self.sizes is None:
            return list(requested)
        if self.missing:
            return list(self.sizes)  # pending rows: list them all, they cost nothing
        return [s for s in self.sizes if s == BUNDLED or s in requested]

    def command(self, data: str, count: str, out: str) -> list[str]:
        return [str(BIN / "python"), str(RUNNERS / self.script), data, count, out]

    def measure(self, ctx: Context, size: Size) -> tuple[list[Row], dict[str, Any]]:
        """Run the script once at `size`; its rows, targets attached."""
        rows = [Row(spec.measurement, size, None, None, spec.unit, spec.targets.get(size),
                    target_on=spec.target_on) for spec in self.rows]
        if self.missing:
            for row in rows:
                row.pending = f"runners/{self.missing} not written yet{self.pending_note}"
            return rows, {}
        count = ctx.samples if self.count == "samples" else ctx.runs
        try:
            with tempfile.TemporaryDirectory() as tmp:
                out = Path(tmp) / "out.json"
                run_child(self.command(str(ctx.data(size)), str(count), str(out)), timeout=self.timeout)
                raw: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
            reported = {r["measurement"]: r for r in raw["rows"]}
        except (BenchError, OSError, ValueError, KeyError, TypeError) as exc:
            for row in rows:
                row.error = str(exc)
            log(f"  FAILED {self.script} @ {size}: {exc}")
            return rows, {}
        declared = {row.measurement for row in rows}
        rows += [Row(name, size, None, None, str(r.get("unit", "")), None) for name, r in reported.items()
                 if name not in declared]
        for row in rows:
            r = reported.get(row.measurement)
            if r is None or not r.get("ours"):
                row.error = f"runners/{self.script} reported no values for this row"
                continue
            row.ours_runs = [float(v) for v in r["ours"]]
            row.baseline_runs = [float(v) for v in r.get("baseline") or []]
            row.ours = median(row.ours_runs)
            row.baseline = median(row.baseline_runs) if row.baseline_runs else None
            log(f"  {row.measurement} @ {size}: ours {_num(row.ours, row.unit)}, "
                f"baseline {_num(row.baseline, row.unit)}")
        return rows, raw


@dataclass
class Context:
    """What every measurement needs: the counts and the data files."""

    runs: int
    samples: int
    paths: dict[int, tuple[Path, Path]]
    seed: int = generate.DEFAULT_SEED
    real_paths: dict[int, tuple[Path, Path]] = field(default_factory=dict)
    """The datasets grown from the real members (`generate.py --from-real`), made on first use."""

    def data(self, size: Size) -> Path:
        return ROOT / "data" / "commitments.json" if size == BUNDLED else self.paths[int(size)][0]

    def real(self, size: int) -> tuple[Path, Path]:
        if size not in self.real_paths:
            self.real_paths[size] = dataset(size, self.seed, real=True)
        return self.real_paths[size]


@dataclass(frozen=True)
class Builtin:
    """A measurement made by a function of this module."""

    key: str
    run: Callable[[Context, int], tuple[list[Row], dict[str, Any]]]

    def sizes_for(self, requested: Sequence[int]) -> list[Size]:
        return list(requested)

    def measure(self, ctx: Context, size: Size) -> tuple[list[Row], dict[str, Any]]:
        return self.run(ctx, int(size))


def _export(ctx: Context, size: int) -> tuple[list[Row], dict[str, Any]]:
    data, flat = ctx.paths[size]
    return export_vs_visidata(size, data, flat, ctx.runs), {}


def _export_real(ctx: Context, size: int) -> tuple[list[Row], dict[str, Any]]:
    data, flat = ctx.real(size)
    return export_vs_visidata(size, data, flat, ctx.runs, EXPORT_REAL_ROW), {}


def _list(ctx: Context, size: int) -> tuple[list[Row], dict[str, Any]]:
    return list_vs_floor(size, ctx.paths[size][0], ctx.runs), {}


def _first_paint(ctx: Context, size: int) -> tuple[list[Row], dict[str, Any]]:
    paint, rss, detail = first_paint(size, ctx.paths[size][0], ctx.runs)
    return [paint, rss], detail


def _latency(ctx: Context, size: int) -> tuple[list[Row], dict[str, Any]]:
    return latency(size, ctx.paths[size][0], ctx.samples)


SETTLED_HOW = (
    "- **settled first screen (tmux)**: benchmarks/runners/settled_screen.py starts the app in a private tmux "
    "server's 120x40 pane (`tmux respawn-pane` with the command as separate arguments, so no shell) and reads "
    "the pane with `tmux capture-pane -p -e` every 10 ms until the screen has stayed unchanged for 1 s. *settled* "
    "is the time from just before the spawn to the first capture showing that final screen; *frames before* "
    "counts the distinct screens captured before it (each change counts, colour-only changes included: a person "
    "sees them; the leading blank pane does not count); *first frame* is the first non-blank capture; *peak RSS* "
    "is the app's VmHWM read from /proc when the screen has settled. Ours is `.venv/bin/pledge-tui --data F`; "
    "the baseline is benchmarks/runners/bare_app.py F: a Textual app with one line, a one-column `DataTable` of "
    "the same members' names and a `Footer`, reading F with plain `json`. Runs alternate ours/bare after one "
    "untimed warm-up each. The resolution is one poll (about 12 ms), and polling costs about 15% of one core, "
    "for both apps.")

MEASUREMENTS: tuple[Builtin | ScriptRunner, ...] = (
    Builtin("export", _export),
    Builtin("export-real", _export_real),
    Builtin("list", _list),
    ScriptRunner(
        "settled", "settled_screen.py", (
            RowSpec("settled first screen (tmux) vs bare app", "ms", {35: at_most(1.3), 10_000: at_most(2.5)}),
            RowSpec("frames before the settled screen", "frames",
                    dict.fromkeys((35, 1_000, 10_000), at_most(3, "frames")), target_on="ours"),
            RowSpec("first frame (tmux) vs bare app", "ms"),
            RowSpec("peak RSS at the settled screen (tmux) vs bare app", "MB", {10_000: at_most(150, "MB")},
                    target_on="ours"),
        ), SETTLED_HOW, timeout=SETTLED_TIMEOUT),
    Builtin("first-paint", _first_paint),
    Builtin("latency", _latency),
    ScriptRunner(
        "edit", "edit_rows.py", (RowSpec("edit: one `set` vs floor", "ms", {10_000: at_most(2)}),),
        "- **edit**: benchmarks/runners/edit_rows.py runs the functions of benchmarks/runners/edit.py (issue 10) "
        "on a copy of the data: one `set` through `dataset.commit.commit` (lock, strict read, apply, history "
        "entry, validation, atomic write) against the floor of Python reading the file, `json.loads`, "
        "`json.dumps(indent=2, sort_keys=True)`, writing, fsync and rename, alternating in the same process "
        "after one untimed `set`.",
        sizes=(BUNDLED, 10_000), requires="edit.py", pending_note=" (issue 10, the editing helper adds it)"),
    ScriptRunner(
        "diff", "diff_rows.py", (RowSpec("diff of two files vs floor", "ms", {10_000: at_most(2.5)}),),
        "- **diff**: benchmarks/runners/diff_rows.py runs the functions of benchmarks/runners/diff.py (issue 11): "
        "NEW is the data with 300 commitment records changed, removed or added as the write commands do, each "
        "with its history entry; wall time from spawn to exit of `pledge-tui diff F NEW --format json` (stdout "
        "discarded) against a fresh python running `json.loads` of both files, alternating after one untimed "
        "run of each; the *(CPU time)* row gives the same runs' CPU times.",
        sizes=(10_000,), requires="diff.py", pending_note=" (issue 11, the what-changed helper adds it)"),
    ScriptRunner(
        "live", "live.py", (
            RowSpec("idle browser: CPU over 10 s, watching the file (tmux) vs bare app", "%",
                    dict.fromkeys((35, 10_000), at_most(1, "%")), target_on="ours"),
            RowSpec("reload after a change on disk vs first load", "ms", dict.fromkeys((35, 10_000), at_most(1))),
        ),
        "- **live browser** (issue 21): benchmarks/runners/live.py. *Idle CPU*: the browser in a private tmux "
        "pane of 120x40, left until its screen has stayed unchanged for 1 s, then its CPU time (user + system, "
        "/proc/PID/stat) over 10 s of watching the data file (a `stat` every 0.5 s), in percent of one core, "
        "against bare_app.py (no file watched); min(runs, 3) runs each. *Reload*: headless, on a copy of the "
        "data: ours is from the watch's tick after a `set` made on disk to the first paint showing it (stat, "
        "`store.load` in a worker thread, the diff, the new view, the marks); the baseline, the first load, "
        "is from `store.load` to the first paint of a new app on the same file; each run a fresh app.",
        sizes=(35, 10_000), timeout=SETTLED_TIMEOUT),
    ScriptRunner(
        "clocks", "clocks_rows.py", (
            RowSpec("list --at DATE vs list", "ms", {BUNDLED: at_most(2), 10_000: at_most(2)}),
            RowSpec("blame MEMBER vs list", "ms", {BUNDLED: at_most(2), 10_000: at_most(2)}),
            RowSpec("list --at DATE vs list, 10,000 history entries", "ms", {BUNDLED: at_most(2), 10_000: at_most(2)}),
            RowSpec("blame MEMBER vs list, 10,000 history entries", "ms", {BUNDLED: at_most(2), 10_000: at_most(2)}),
            RowSpec("the timeline opening (T), chart shown vs hidden", "ms"),
        ),
        "- **clocks** (issue 20): benchmarks/runners/clocks_rows.py times fresh processes, alternating after one "
        "untimed round: `pledge-tui list --format json --at DATE` (DATE half-way through the history) and "
        "`pledge-tui blame MEMBER --format json` (the member its entries edit most), each against `pledge-tui "
        "list --format json` in the same run; on the data's own history (300 commitment edits recorded first in "
        "a copy of a generated file, which has none), then on a copy whose history is extended to 10,000 entries. "
        "The chart's cost: the browser headless at 120x40, `T` pressed until the screen is idle, with the chart "
        "shown against hidden, alternating in one process.",
        sizes=(BUNDLED, 10_000), timeout=SETTLED_TIMEOUT),
    ScriptRunner(
        "merge", "merge_rows.py", (
            RowSpec(MERGE_DATA_ROW, "ms", {10_000: at_most(3)}),
            RowSpec(f"{MERGE_DATA_ROW} (CPU time)", "ms"),
            RowSpec(MERGE_LOG_ROW, "ms", {10_000: at_most(3)}),
            RowSpec(f"{MERGE_LOG_ROW} (CPU time)", "ms"),
        ),
        "- **merge** (issue 22): benchmarks/runners/merge_rows.py makes BASE, the generated file as schema "
        "version 3 (a baseline entry per record), and OURS and THEIRS, BASE with 1% of its records changed, "
        "different ones on each side (`set` entries with their whole records and parents, heads updated; "
        "benchmarks/histories.py). Wall time from spawn to exit of `pledge-tui merge BASE OURS THEIRS` (OURS a "
        "fresh copy each run), once on the three data files and once on the three history logs (git runs the "
        "driver once per file), against a fresh python running `json.loads` of the three data files, or of "
        "every line of the three logs; alternating after one untimed round.",
        sizes=(1_000, 10_000), timeout=LONG_TIMEOUT),
    ScriptRunner(
        "history", "long_history.py", (
            *(spec for n in ("1,000", "10,000", "50,000") for spec in (
                RowSpec(f"one `set` at {n} history entries vs at 0", "ms",
                        {BUNDLED: at_most(1.3)} if n == "50,000" else {}),
                RowSpec(f"peak RSS of one `set` at {n} history entries vs at 0", "MB",
                        {BUNDLED: at_most(1.3)} if n == "50,000" else {}))),
            RowSpec("history --format json at 10,000 entries vs json.load of the entries", "ms",
                    {BUNDLED: at_most(2)}),
            RowSpec("settled first screen (tmux) at 50,000 history entries vs at 0", "ms", {BUNDLED: at_most(1.2)}),
        ),
        "- **long history** (issue 22): benchmarks/runners/long_history.py copies the bundled data and grows its "
        "history log by 1,000, 10,000 and 50,000 `set` entries (benchmarks/histories.py: whole records, parents, "
        "heads updated; the file validates). *one `set`*: wall time from spawn to exit of a fresh process "
        "running `pledge-tui set AT ground-forces STATUS` (through runners/peak_of.py, which runs the command "
        "line's `main` and reads the process's VmHWM at the end: the *peak RSS* rows), at N entries against at "
        "0 (the bundled data's own history). *history*: `pledge-tui history --format json` on the file at "
        "10,000 entries, against a fresh python running `json.load` of a file holding the same log's entries as "
        "one JSON array. *settled first screen*: runners/settled_screen.py's measurement, the browser on the "
        "file at 50,000 entries against the browser on the file at 0. Alternating after one untimed round.",
        sizes=(BUNDLED,), timeout=LONG_TIMEOUT),
)
"""Everything `make bench` measures, in report order. To add a runner script, write it to the protocol of
`ScriptRunner` and list it here with its rows' targets (benchmarks/README.md, "Adding a measurement")."""

BUILTIN_HOW = {
    "export-real": (
        "- **export vs VisiData, members grown from the real ones**: the same as the row above, on data made by "
        "`generate.py --from-real` (each member a copy of a real member of data/commitments.json with all its "
        "commitments, caveats and its own copy of every source it cites: as dense as the real data)."),
    "export": (
        "- **export vs VisiData**: wall time from spawn to exit of `pledge-tui --data F export -o - --now "
        f"{NOW}` with standard output discarded, against `vd -N --motd-url= -b FLAT.csv -o OUT.md` "
        "converting the same data flattened to one row per member and type (members x 10 rows, "
        "`not-disclosed` included). VisiData runs with `-N` (no config or plugins) and an empty "
        "`--motd-url` (no network fetch), with HOME pointed at benchmarks/.data/vd-home. Each run's "
        "OUT.md is checked to be a Markdown table with members x 10 rows. `export -o -` is used instead of "
        "`-o /dev/null`: the export's atomic write (temporary file + rename) would replace /dev/null "
        "with a regular file when run as root."),
    "list": (
        "- **list --format json vs floor**: wall time from spawn to exit of `pledge-tui --data F list "
        "--format json` (stdout discarded) against `python -c \"import tinydb, json; json.load(open(F, "
        "encoding='utf-8'))\"`, both with the venv's python. For this row and the export's, the *(CPU time)* "
        "row gives the same runs' CPU times (user + system of each child, from `wait4`): other work on the "
        "machine lengthens the wall times of both sides, by different amounts, and not the CPU times."),
    "first-paint": (
        "- **first paint, headless**: a fresh process runs benchmarks/runners/first_paint.py; the "
        "clock starts just before the spawn. The runner wraps `App._display` and records the wall time of "
        "the first call with a renderable outside a batch update, then exits the app; `App.run` is forced "
        "to `headless=True, size=(120, 40)`. pledge-tui goes through `pledge_tui.cli.main(['--data', F])`; "
        "the baseline is `class Bare(App): compose() yields DataTable()`. That first paint is not the screen "
        "a person sees (it is cut and re-laid out several times after it): the settled-screen rows are the "
        "start-up figure; this row stays for the headless figure and its peak RSS.\n"
        "- **peak RSS (headless start-up run)**: VmHWM from /proc/self/status, read by the same start-up runner "
        "after the app has closed (so the whole run: load, first paint, exit). Not `ru_maxrss` from `wait4`: "
        "Linux counts the parent's memory at fork time into the child's `ru_maxrss`."),
    "latency": (
        "- **keystroke latency**: in-process, `PledgeApp(...).run_test(size=(120, 40))` with the same "
        "`_display` hook (benchmarks/runners/filter_latency.py). The clock starts just before "
        "`pilot.press(key)`. *first paint after key* is the first paint after the key (the issue's "
        "definition); *filtered table painted* is the first paint after `PledgeApp.refresh_view` returned, "
        "i.e. the first screen that shows the filtered table. Filter key: `t`, then `space` toggles the "
        "first type on and off in turn. Search: `/`, then type one character and delete it with backspace, "
        "both timed. Between samples the app is left until it has not painted for 0.25 s. The baseline "
        "column is the repaint baseline: `down`/`up` in the type list (moves the highlight, filters "
        "nothing), first paint."),
}


# --- report -----------------------------------------------------------------------------------------


def machine() -> dict[str, str]:
    """CPU, cores, OS, Python and package versions, and the code measured."""
    cpu = platform.processor() or "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    versions = {}
    for dist in ("pledge-tui", "textual", "rich", "tinydb", "visidata"):
        try:
            versions[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            versions[dist] = "not installed"
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True,
                                timeout=10).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "src"], cwd=ROOT, capture_output=True, text=True,
                               timeout=10).stdout.strip()
        code = f"{commit}{' + uncommitted changes in src/' if dirty else ''}" if commit else "unknown"
    except (OSError, subprocess.SubprocessError):
        code = "unknown"
    return {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": cpu, "cores": str(os.cpu_count()),
        "memory": _memory(),
        "os": f"{platform.system()} {platform.release()}",
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        **{f"version:{k}": v for k, v in versions.items()},
        "code": code,
        "load": _load(),
        "nice": str(os.getpriority(os.PRIO_PROCESS, 0)) if hasattr(os, "getpriority") else "unknown",
        "fingerprint": source_fingerprint(),
    }


def source_fingerprint() -> str:
    """A hash of every file under src/, to tell whether the code changed while the benchmarks ran."""
    digest = hashlib.sha256()
    for path in sorted((ROOT / "src").rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


def _load() -> str:
    try:
        return " / ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "unknown"


def _memory() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    return "unknown"


def _num(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "MB":
        return f"{value:,.0f} MB"
    if unit == "frames":
        return f"{value:g}"
    return f"{value:,.1f}" if value < 100 else f"{value:,.0f}"


def entry_pending(entry: Builtin | ScriptRunner) -> bool:
    """A runner script not written yet: nothing to measure, nothing to wait for."""
    return isinstance(entry, ScriptRunner) and entry.missing is not None


def busy_summary(busy: dict[str, float], limit: float) -> str:
    """One line for RESULTS.md: how busy the machine was when each measurement started."""
    if not busy:
        return "not sampled"
    worst = max(busy, key=lambda k: busy[k])
    waited = f"waited up to {limit:.0f} s for under {IDLE_BUSY:.0%} before each" if limit > 0 else "no idle wait"
    flag = " (**busy: figures taken beside other work**)" if busy[worst] >= IDLE_BUSY else ""
    return f"at most {busy[worst]:.0%} ({worst}){flag}; {waited}"


def size_text(size: Size) -> str:
    return f"{size:,}" if isinstance(size, int) else str(size)


def size_order(size: Size) -> tuple[int, int]:
    return (1, size) if isinstance(size, int) else (0, 0)


def render(rows: list[Row], info: dict[str, str], args: argparse.Namespace, commands: list[str],
           entries: Sequence[Builtin | ScriptRunner], elapsed: float) -> str:
    """RESULTS.md."""
    end_fingerprint = source_fingerprint()
    out = ["# pledge-tui benchmarks", "",
           f"Written by `make bench` (benchmarks/run.py) on {info['date']}, in {elapsed / 60:.1f} minutes. "
           f"Process-level rows: median of {args.runs} runs each, ours and baseline interleaved in the same run, "
           f"after one untimed warm-up each. Latency rows: median of {args.samples} samples per kind. "
           "Times in milliseconds unless a cell says otherwise.", "",
           "## Machine", "",
           "| | |", "|---|---|",
           f"| CPU | {info['cpu']} ({info['cores']} cores) |",
           f"| memory | {info['memory']} |",
           f"| OS | {info['os']} |",
           f"| Python | {info['python']} |",
           "| packages | " + ", ".join(f"{k.split(':', 1)[1]} {v}" for k, v in info.items() if k.startswith("version:"))
           + " |",
           f"| code measured | {info['code']} |",
           f"| load average (1/5/15 min) | at start {info['load']}; at end {_load()} |",
           f"| other processes' CPU use as each measurement started | {info['busy']} |",
           f"| scheduling priority (nice) | {info['nice']} |",
           f"| src/ fingerprint | {info['fingerprint']} at start, {end_fingerprint} at end"
           + (" (**the code changed during the run**) |" if end_fingerprint != info["fingerprint"] else " |"),
           "", "## Results", "",
           "| measurement | size | ours (median) | baseline (median) | ratio | target | met? |",
           "|---|---:|---:|---:|---:|---|---|"]
    notes = ["", "Latency rows: *first paint after key* is the issue's definition, but that paint only shows the "
             "ticked checkbox or the typed character; *filtered table painted* is the first paint after the filter "
             "was applied, which is what the analyst waits for. Their baseline column is the repaint baseline "
             "(`down`/`up` in the type list), so their ratio is for information only; their target is absolute.",
             "", "Rows marked *pending* are measurements whose runner script another change adds "
             "(benchmarks/README.md, \"Adding a measurement\"); they are listed so the report shows every target."]
    for r in rows:
        target = r.target[0] if r.target else "—"
        if r.pending:
            out.append(f"| {r.measurement} | {size_text(r.size)} | pending | — | — | {target} | "
                       f"pending: {r.pending} |")
            continue
        if r.error:
            out.append(f"| {r.measurement} | {size_text(r.size)} | failed | — | — | {target} | "
                       f"failed: {r.error.splitlines()[0][:160]} |")
            continue
        ratio = "—" if r.ratio is None else f"{r.ratio:.2f}"
        if r.met is False and r.target_on == "ratio" and r.target and r.ratio is not None \
                and r.target[1](round(r.ratio, 2)):
            ratio = f"{r.ratio:.3f}"  # 1.304 is not "1.30 ≤ 1.3"
        met = {True: "yes", False: "**no**", None: "—"}[r.met]
        out.append(f"| {r.measurement} | {size_text(r.size)} | {_num(r.ours, r.unit)} | {_num(r.baseline, r.unit)} "
                   f"| {ratio} | {target} | {met} |")
    failures = [r for r in rows if r.error]
    if failures:
        notes += ["", "## Failures", ""]
        for r in failures:
            detail = (r.error or "").splitlines()
            notes += [f"- {r.measurement} @ {size_text(r.size)}:", "", "  ```", *(f"  {line}" for line in detail),
                      "  ```"]
    out += notes
    out += ["", "## How each row is measured", ""]
    out += [BUILTIN_HOW[e.key] if isinstance(e, Builtin) else e.how for e in entries]
    out += ["- **all child processes** run without PYTHONDONTWRITEBYTECODE, after `python -m compileall` of the "
            "pledge_tui package, so pledge-tui loads bytecode as an installed copy does (the dependencies' "
            "bytecode was compiled by pip).",
            "", "## Commands", "", "```", *commands, "```", "",
            "## Every run", "", "| measurement | size | ours (each run) | baseline (each run) |", "|---|---:|---|---|"]

    def fmt(values: list[float], unit: str) -> str:
        if unit == "frames":
            return ", ".join(f"{v:g}" for v in values)
        return ", ".join(f"{v:.0f}" if unit == "MB" or v >= 100 else f"{v:.1f}" for v in values)

    repaint: dict[Size, list[float]] = {}
    for r in rows:
        if not r.ours_runs:
            continue
        if r.measurement.startswith(tuple(label for _kind, label in LATENCY_KINDS)):
            repaint[r.size] = r.baseline_runs  # latency: one repaint-baseline row per size instead
            out.append(f"| {r.measurement} | {size_text(r.size)} | {fmt(r.ours_runs, r.unit)} | "
                       "(repaint baseline below) |")
        else:
            out.append(f"| {r.measurement} | {size_text(r.size)} | {fmt(r.ours_runs, r.unit)} | "
                       f"{fmt(r.baseline_runs, r.unit) or '—'} |")
    for size, runs in repaint.items():
        out.append(f"| repaint baseline (`down`/`up` in type list), first paint | {size_text(size)} | — | "
                   f"{fmt(runs, 'ms')} |")
    out.append("")
    return "\n".join(out)


def commands_run(args: argparse.Namespace, entries: Sequence[Builtin | ScriptRunner]) -> list[str]:
    """The Commands section: every command line the measurements run."""
    def rel(path: Path) -> str:
        return os.path.relpath(path, ROOT)

    python = rel(BIN / "python")
    by_key = {
        "export": [f"{rel(BIN / 'pledge-tui')} --data F export -o - --now {NOW} > /dev/null",
                   f"{rel(BIN / 'vd')} -N --motd-url= -b FLAT.csv -o OUT.md   # HOME={rel(DATA_DIR / 'vd-home')}"],
        "export-real": [f"{python} {rel(HERE / 'generate.py')} --members N --out {rel(DATA_DIR)}/real-N --from-real",
                        "# then the export's two commands on real-N"],
    "list": [f"{rel(BIN / 'pledge-tui')} --data F list --format json > /dev/null",
                 f"{python} -c \"import tinydb, json; json.load(open(F, encoding='utf-8'))\""],
        "first-paint": [f"{python} {rel(RUNNERS / 'first_paint.py')} MARKS pledge F",
                        f"{python} {rel(RUNNERS / 'first_paint.py')} MARKS bare"],
        "latency": [f"{python} {rel(RUNNERS / 'filter_latency.py')} F {args.samples} OUT.json"],
    }
    lines = [f"{python} {rel(HERE / 'generate.py')} --members N --out {rel(DATA_DIR)}/members-N --seed {args.seed}"]
    for e in entries:
        if isinstance(e, Builtin):
            lines += by_key[e.key]
        else:
            count = args.samples if e.count == "samples" else args.runs
            pending = f"   # pending: runners/{e.missing} not written yet" if e.missing else ""
            lines.append(f"{python} {rel(RUNNERS / e.script)} F {count} OUT.json{pending}")
    lines.append(f"# F = {rel(DATA_DIR)}/members-N/commitments.json (or data/commitments.json for `bundled`), "
                 f"FLAT.csv = {rel(DATA_DIR)}/members-N/flat.csv")
    return lines


def main(argv: list[str] | None = None) -> int:
    """Command line; returns 1 when a measurement failed."""
    keys = [e.key for e in MEASUREMENTS]
    parser = argparse.ArgumentParser(description="Run the pledge-tui benchmarks and write benchmarks/RESULTS.md.")
    parser.add_argument("--sizes", default=",".join(map(str, DEFAULT_SIZES)),
                        help="comma-separated member counts (default: 35,1000,10000)")
    parser.add_argument("--runs", type=int, default=5, help="runs per process-level measurement (default 5)")
    parser.add_argument("--samples", type=int, default=20, help="latency samples per kind (default 20; made even)")
    parser.add_argument("--seed", type=int, default=generate.DEFAULT_SEED, help="generator seed")
    parser.add_argument("--only", default=",".join(keys),
                        help=f"comma-separated measurements to run (default: all of {','.join(keys)})")
    parser.add_argument("--out", type=Path, default=RESULTS, help="where to write the report")
    parser.add_argument("--idle-wait", type=float, default=120.0,
                        help="before each measurement, wait up to this many seconds for the machine to be idle "
                             "(default 120; 0 does not wait)")
    parser.add_argument("--idle-budget", type=float, default=900.0,
                        help="at most this many seconds of waiting in the whole run (default 900)")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    wanted = [k.strip() for k in args.only.split(",") if k.strip()]
    if unknown := set(wanted) - set(keys):
        parser.error(f"unknown measurement(s) {', '.join(sorted(unknown))} (expected: {', '.join(keys)})")
    entries = [e for e in MEASUREMENTS if e.key in wanted]
    args.samples += args.samples % 2  # toggles must come back to the unfiltered state
    for script in ("pledge-tui", "python"):
        if not (BIN / script).exists():
            print(f"bench: {BIN / script} not found; run this with the project's venv python (`make bench`)",
                  file=sys.stderr)
            return 1
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    package = Path(sys.modules["pledge_tui"].__file__ or "").parent
    subprocess.run([str(BIN / "python"), "-m", "compileall", "-q", str(package)], env=child_env(), check=False,
                   timeout=PROCESS_TIMEOUT)
    info = machine()
    log(f"{info['cpu']}, {info['cores']} cores, {info['python']}; sizes {sizes}, {args.runs} runs, "
        f"{args.samples} samples; measuring {', '.join(e.key for e in entries)}")
    ctx = Context(args.runs, args.samples, {size: dataset(size, args.seed) for size in sizes}, args.seed)
    rows: list[Row] = []
    raw: dict[str, Any] = {"machine": info, "sizes": {}}
    busy: dict[str, float] = {}
    budget = IdleBudget(args.idle_budget)
    plan = sorted({s for e in entries for s in e.sizes_for(sizes)}, key=size_order)
    for size in plan:
        for index, entry in enumerate(entries):
            if size not in entry.sizes_for(sizes):
                continue
            what = f"{entry.key} @ {size_text(size)}"
            log(f"{size_text(size)}{' members' if isinstance(size, int) else ''}: {entry.key}")
            busy[what] = wait_for_idle(args.idle_wait, what, budget) if not entry_pending(entry) else 0.0
            measured, detail = entry.measure(ctx, size)
            for position, row in enumerate(measured):
                row.rank = (index, position)
            rows += measured
            if detail:
                raw["sizes"].setdefault(str(size), {})[entry.key] = detail
    rows.sort(key=lambda r: (r.rank, size_order(r.size)))
    elapsed = time.perf_counter() - started
    info["busy"] = busy_summary(busy, args.idle_wait) + f" ({args.idle_budget - budget.left:.0f} s waited in all)"
    raw["busy_at_start"] = busy
    args.out.write_text(render(rows, info, args, commands_run(args, entries), entries, elapsed), encoding="utf-8")
    raw["rows"] = [{**{k: v for k, v in r.__dict__.items() if k != "rank"}, "target": r.target[0] if r.target else None,
                    "ratio": r.ratio, "met": r.met} for r in rows]
    RAW.write_text(json.dumps(raw, indent=1), encoding="utf-8")
    failed = [r for r in rows if r.error]
    log(f"wrote {os.path.relpath(args.out, ROOT)} (raw numbers: {os.path.relpath(RAW, ROOT)}) in {elapsed / 60:.1f} "
        f"min; {sum(r.met is True for r in rows)} targets met, {sum(r.met is False for r in rows)} not met, "
        f"{sum(r.pending is not None for r in rows)} pending, {len(failed)} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
