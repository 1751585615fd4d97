"""Settled-first-screen runner: spawn to the screen a person actually gets, in a real terminal (tmux, 120x40).

    python settled_screen.py DATA RUNS OUT.json [--interval 0.01] [--stable 1.0] [--timeout 60]
    python settled_screen.py DATA --trace ours|bare        # one run, every frame printed (diagnosis)

For each run, the app is started in a tmux pane of 120x40 and the pane is read with
`tmux capture-pane -p -e` every `--interval` seconds (10 ms). The run ends once the screen has stayed
unchanged for `--stable` seconds (1 s). Reported per run:

- **settled**: ms from spawn to the first capture that shows the final screen (the one that then stays
  unchanged for 1 s). The clock starts just before `tmux respawn-pane` is spawned with the app's command
  and stops when the capture that first shows the screen returns, so the resolution is about one poll
  (10 ms plus the ~2 ms a capture takes).
- **frames before**: how many different screens were captured before the settled one, counting each
  change (A, B, A is three). The blank pane before the app's first output is not a frame; a blank
  screen after it is. Captures include colours (`-e`), because a person sees a colour change (a cursor
  row or a focus highlight appearing) as a redraw too; `text_frames_before` counts the changes of the
  text alone, for the record.
- **first frame**: ms from spawn to the first non-blank capture.
- **peak RSS**: VmHWM of the app's process, read from /proc when the screen has settled (the whole
  start-up: load, layout, the settled screen and 1 s idle).

Why `-e`: without it a frame that differs only in colour (Textual applies focus and cursor styles a
frame after the first layout) would be invisible, and the count would flatter the app. A capture can
also catch tmux half-way through a frame Textual wrote in several chunks; that is what a terminal shows
too, so it counts.

The two apps: ours is `.venv/bin/pledge-tui --data DATA`; the baseline is `bare_app.py DATA` (one line, a
DataTable of the same members' names, a Footer). Runs alternate, ours first, after one untimed warm-up
each. The tmux server is private to this process (`tmux -L bench-settled-PID-N -f /dev/null`), and is
killed at the end; the app's command is given to tmux as separate arguments, so tmux executes it
directly (no shell) and `#{pane_pid}` is the app.

OUT.json follows the runner protocol of benchmarks/run.py: {"rows": [{"measurement", "unit", "ours",
"baseline"}], "runs": [...details...]}. Polling costs the machine about 15% of one core (a capture is
1.7 ms wall, 1.3 ms CPU, measured); both apps pay it.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import re
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
BIN = Path(sys.prefix) / "bin"
WIDTH, HEIGHT = 120, 40
PANE = "bench:0.0"
PLACEHOLDER = ("sleep", "3600")
SGR = re.compile(r"\x1b\[[0-9;:]*m")

MEASUREMENTS = {
    "settled": ("settled first screen (tmux) vs bare app", "ms"),
    "frames_before": ("frames before the settled screen", "frames"),
    "first_frame": ("first frame (tmux) vs bare app", "ms"),
    "peak_rss_mb": ("peak RSS at the settled screen (tmux) vs bare app", "MB"),
}
"""Row names this runner reports, keyed by the field of `Observation` they take."""


class RunnerError(Exception):
    """A run could not be observed; the message says why."""


@dataclass
class Frame:
    """One distinct screen: when it was first captured (ms after spawn) and how many rows differ."""

    ms: float
    rows_changed: int
    text_changed: bool


@dataclass
class Observation:
    """One run of one app."""

    app: str
    settled: float
    first_frame: float
    frames_before: int
    text_frames_before: int
    peak_rss_mb: float
    polls: int
    frames: list[Frame] = field(default_factory=list)
    settled_text: list[str] = field(default_factory=list)
    screens: list[str] = field(default_factory=list, repr=False)
    """Every distinct screen, with colour escapes (for `--trace --dump`; not written to OUT.json)."""


_SERVERS = itertools.count(1)


class Tmux:
    """A private tmux server with one 120x40 pane, for the life of this object."""

    def __init__(self) -> None:
        # One socket per object, not per process: a server just killed by the previous object may still be
        # exiting, and a new session on its socket then fails with "server exited unexpectedly".
        self.base = ["tmux", "-L", f"bench-settled-{os.getpid()}-{next(_SERVERS)}", "-f", "/dev/null"]
        env = {k: v for k, v in os.environ.items() if k not in ("TMUX", "TMUX_PANE")}
        if "UTF-8" not in (env.get("LC_ALL") or env.get("LC_CTYPE") or env.get("LANG") or "").upper():
            env["LANG"] = "C.UTF-8"  # tmux draws box characters as "_" without a UTF-8 locale
        self.env = env
        self.run("new-session", "-d", "-s", "bench", "-x", str(WIDTH), "-y", str(HEIGHT), *PLACEHOLDER)
        self.run("set-option", "-t", "bench", "remain-on-exit", "on")  # an app that dies leaves its last words

    def run(self, *args: str) -> str:
        proc = subprocess.run([*self.base, *args], capture_output=True, env=self.env, timeout=30)
        if proc.returncode != 0:
            raise RunnerError(f"tmux {' '.join(args)}: {proc.stderr.decode(errors='replace').strip()}")
        return proc.stdout.decode("utf-8", "replace")

    def capture(self) -> str:
        return self.run("capture-pane", "-p", "-e", "-t", PANE)

    def close(self) -> None:
        subprocess.run([*self.base, "kill-server"], capture_output=True, env=self.env, timeout=30, check=False)


def plain(screen: str) -> str:
    """The screen's text without colour escapes."""
    return SGR.sub("", screen)


def is_blank(screen: str) -> bool:
    return not plain(screen).strip()


def vm_hwm_mb(pid: int) -> float:
    """Peak resident set size of process `pid` so far, in MB (-1 when unreadable)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text(encoding="ascii").splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        pass
    return -1.0


def observe(tmux: Tmux, app: str, command: list[str], *, interval: float, stable: float,
            timeout: float) -> Observation:
    """Start `command` in the pane and poll it until its screen has stayed the same for `stable` seconds."""
    tmux.run("respawn-pane", "-k", "-t", PANE, *PLACEHOLDER)  # stop the previous app; fresh, blank screen
    deadline = time.perf_counter() + 10
    while not is_blank(tmux.capture()):
        if time.perf_counter() > deadline:
            raise RunnerError("the pane did not come back blank after respawn-pane")
        time.sleep(interval)
    start = time.perf_counter()
    tmux.run("respawn-pane", "-k", "-t", PANE, *command)
    seen: list[tuple[float, str]] = []  # (ms after spawn, screen) for each distinct screen
    polls = 0
    next_poll = start
    while True:
        screen = tmux.capture()
        now = time.perf_counter()
        polls += 1
        if seen and screen == seen[-1][1]:
            if (now - start) * 1000 - seen[-1][0] >= stable * 1000:
                break
        elif seen or not is_blank(screen):
            seen.append(((now - start) * 1000, screen))
        if now - start > timeout:
            raise RunnerError(f"{app}: the screen did not stay unchanged for {stable} s within {timeout} s "
                              f"({len(seen)} frames seen)")
        next_poll += interval
        time.sleep(max(0.0, next_poll - time.perf_counter()))
    dead, pid = tmux.run("display-message", "-p", "-t", PANE, "#{pane_dead} #{pane_pid}").split()
    final = plain(seen[-1][1]).splitlines()
    if dead == "1" or is_blank(seen[-1][1]):
        tail = "\n".join(line.rstrip() for line in final if line.strip())[-800:]
        raise RunnerError(f"{app} exited or showed nothing instead of settling; its screen:\n{tail}")
    peak = vm_hwm_mb(int(pid))
    frames: list[Frame] = []
    for index, (ms, screen) in enumerate(seen):
        before = seen[index - 1][1] if index else ""
        old, new = before.split("\n"), screen.split("\n")
        changed = sum(1 for i in range(max(len(old), len(new)))
                      if (old[i] if i < len(old) else None) != (new[i] if i < len(new) else None))
        frames.append(Frame(round(ms, 1), changed, plain(before) != plain(screen)))
    text_changes = sum(1 for f in frames[:-1] if f.text_changed)
    return Observation(app, round(seen[-1][0], 1), round(seen[0][0], 1), len(seen) - 1, text_changes, round(peak, 1),
                       polls, frames, [line.rstrip() for line in final], [screen for _, screen in seen])


def commands(data: str) -> dict[str, list[str]]:
    """The two apps' commands, as separate arguments (tmux then runs them without a shell)."""
    return {
        "ours": [str(BIN / "pledge-tui"), "--data", str(Path(data).resolve())],
        "bare": [str(BIN / "python"), str(HERE / "bare_app.py"), str(Path(data).resolve())],
    }


def measure(data: str, runs: int, *, interval: float, stable: float, timeout: float) -> dict[str, Any]:
    """Warm-up each app once, then `runs` alternating runs; the runner protocol's rows and the details."""
    cmds = commands(data)
    tmux = Tmux()
    try:
        for app in ("ours", "bare"):
            observe(tmux, app, cmds[app], interval=interval, stable=stable, timeout=timeout)
        observed: dict[str, list[Observation]] = {"ours": [], "bare": []}
        for i in range(runs):
            for app in ("ours", "bare"):
                observed[app].append(observe(tmux, app, cmds[app], interval=interval, stable=stable, timeout=timeout))
            o, b = observed["ours"][-1], observed["bare"][-1]
            print(f"  settled run {i + 1}/{runs}: ours {o.settled:.0f} ms ({o.frames_before} frames before), "
                  f"bare {b.settled:.0f} ms ({b.frames_before} frames before)", file=sys.stderr, flush=True)
    finally:
        tmux.close()
    rows = [{"measurement": name, "unit": unit,
             "ours": [getattr(o, key) for o in observed["ours"]],
             "baseline": [getattr(b, key) for b in observed["bare"]]}
            for key, (name, unit) in MEASUREMENTS.items()]
    return {"rows": rows, "interval_s": interval, "stable_s": stable,
            "runs": {app: [{k: v for k, v in asdict(o).items() if k != "screens"} for o in obs]
                     for app, obs in observed.items()}}


def trace(data: str, app: str, *, interval: float, stable: float, timeout: float, dump: Path | None) -> None:
    """One run, every frame printed with the rows that changed: to see what the first screen goes through.

    With `dump`, every screen is also written there as `frame-N.txt` (text) and `frame-N.ans` (with colours).
    """
    tmux = Tmux()
    try:
        o = observe(tmux, app, commands(data)[app], interval=interval, stable=stable, timeout=timeout)
    finally:
        tmux.close()
    print(f"{app}: settled at {o.settled:.0f} ms after {o.frames_before} frames "
          f"({o.text_frames_before} with text changes); peak RSS {o.peak_rss_mb:.0f} MB; {o.polls} polls")
    for f in o.frames:
        print(f"  {f.ms:7.0f} ms  {f.rows_changed:2d} rows changed{'' if f.text_changed else ' (colour only)'}")
    print("\n".join(o.settled_text))
    if dump:
        dump.mkdir(parents=True, exist_ok=True)
        for index, (frame, screen) in enumerate(zip(o.frames, o.screens, strict=True)):
            (dump / f"frame-{index}.ans").write_text(screen, encoding="utf-8")
            (dump / f"frame-{index}.txt").write_text(f"{frame.ms:.0f} ms\n{plain(screen)}", encoding="utf-8")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    parser.add_argument("data")
    parser.add_argument("runs", nargs="?", type=int, default=5)
    parser.add_argument("out", nargs="?", type=Path)
    parser.add_argument("--interval", type=float, default=0.01, help="seconds between captures (default 0.01)")
    parser.add_argument("--stable", type=float, default=1.0, help="seconds unchanged that count as settled")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds before a run is given up")
    parser.add_argument("--trace", choices=("ours", "bare"), help="one run of one app, every frame printed")
    parser.add_argument("--dump", type=Path, help="with --trace: write every frame to this folder")
    args = parser.parse_args(argv)
    timing = {"interval": args.interval, "stable": args.stable, "timeout": args.timeout}
    try:
        if args.trace:
            trace(args.data, args.trace, dump=args.dump, **timing)
            return 0
        result = measure(args.data, args.runs, **timing)
    except (RunnerError, subprocess.SubprocessError, OSError) as exc:
        print(f"settled_screen: {exc}", file=sys.stderr)
        return 1
    if args.out:
        args.out.write_text(json.dumps(result, indent=1), encoding="utf-8")
    else:
        for row in result["rows"]:
            print(f"{row['measurement']}: ours {statistics.median(row['ours']):.1f}, "
                  f"bare {statistics.median(row['baseline']):.1f} {row['unit']}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
