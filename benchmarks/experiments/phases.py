"""Where the time of `list --format json` and `export` goes, phase by phase, in fresh processes.

    .venv/bin/python benchmarks/experiments/phases.py [--sizes 35,1000,10000] [--runs 5] [--command list|export]
        [--variant normal|gc-freeze|keep|freeze-keep|os-exit]

For each size and run, a child process runs the real command through `pledge_tui.cli.main` with the
store, validation and output functions wrapped to record `time.time()` when each phase ends; the parent
records the spawn and the reaping. Interleaved with it, the floor (`import tinydb, json; json.load`)
runs with its own marks. Phases (ms, medians):

- start-up: spawn to the child's first line (interpreter, site, the venv's .pth files);
- imports: `pledge_tui.cli` and the modules `list`/`export` import lazily;
- argparse: building the parser and parsing (main's entry to the handler's entry);
- open+read: TinyDB's open and reading the bytes; sha256; decode (UTF-8); parse (json with the strict
  hooks); validate (`validate._documents`: the fast path); model (rest of `build_dataset`); load rest;
- view: filter and sort; render: the JSON objects or the Markdown; encode (`json.dumps`); write;
- return: from the end of the write to the handler's return (the dataset is freed here: it is a local);
- exit: from main's return to the parent reaping the child (interpreter finalisation).

Each phase is given as wall time and as the child's own CPU time (`time.process_time()` marks, and the
rusage `wait4` returns for the whole run): on a machine shared with other work, the CPU column is the one
to compare.

`normal` runs the command as the console script does (`cli.main.entry`: `gc.freeze()` once main has
returned; `store.load` freezes and keeps the dataset itself since issue 13). The other variants were the
experiments that led there, on the code before it. `--variant` changes only the teardown: `gc-freeze`
calls `gc.freeze()` right after the load, `keep`
keeps the dataset referenced from a global (so it is freed at finalisation, not at the handler's return),
`freeze-keep` both, `freeze-end` calls `gc.freeze()` when main has returned (modules and all),
`freeze-keep-end` all three, `os-exit` flushes and calls `os._exit` after main (the reference: no teardown).
Not a benchmark of record (RESULTS.md is): a diagnostic for benchmarks/PROFILE.md.
"""

from __future__ import annotations

import time

T_FIRST = time.time()
CPU_FIRST = time.process_time()

import json  # noqa: E402
import os  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

# Only what the children need is imported at the top (json, os, sys and pathlib are imported by the
# interpreter's start-up or by both sides anyway); the parent's tools are imported in `main`.

HERE = Path(__file__).resolve().parent
DATA_DIR = HERE.parent / ".data"
BIN = Path(sys.prefix) / "bin"
NOW = "2026-03-15T00:00:00Z"


def child(command: str, data: str, marks_path: str, variant: str) -> None:
    """Run the command in this process with every phase marked."""
    marks: dict[str, float] = {"first": T_FIRST, "cpu:first": CPU_FIRST}

    def mark(name: str) -> None:
        marks[name] = time.time()
        marks["cpu:" + name] = time.process_time()

    from pledge_tui.cli import main
    from pledge_tui.cli import read as read_cmds
    mark("imports_cli")
    import gc

    from pledge_tui.dataset import store
    from pledge_tui.views import filters

    if command == "list":
        from pledge_tui.formats import listing as output
    else:
        from pledge_tui.formats import snapshot as output
    mark("imports")
    typed = os.path.getsize(data) >= store.TYPED_FROM_BYTES
    if typed:  # what `store.load` imports for a large file, measured apart
        from pledge_tui.dataset import decode
    mark("imports_typed")
    dumps = json.dumps  # the marks are written with the unwrapped one

    def wrap(module: Any, name: str, before: str | None, after: str, hook: Any = None) -> None:
        original = getattr(module, name)

        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if before:
                mark(before)
            result = original(*args, **kwargs)
            mark(after)
            if hook:
                hook(result)
            return result

        setattr(module, name, wrapper)

    kept: list[Any] = []

    def after_load(loaded: Any) -> None:
        if variant in ("gc-freeze", "freeze-keep", "freeze-keep-end"):
            gc.freeze()
        if variant in ("keep", "freeze-keep", "freeze-keep-end"):
            kept.append(loaded)
        mark("load_hook")

    handler = "cmd_list" if command == "list" else "cmd_export"
    wrap(read_cmds, handler, "handler", "returned")
    wrap(store, "read_bytes", "load_start", "read")
    wrap(store, "sha256_hex", None, "hashed")
    if typed:
        wrap(decode, "check", None, "checked")
        wrap(decode.Checked, "dataset", None, "built")
    wrap(store, "decode_utf8", None, "decoded")
    wrap(store, "parse_text", None, "parsed")
    wrap(store, "build_dataset", None, "built")
    wrap(store, "_keep", None, "kept")
    wrap(store, "load", None, "loaded", after_load)
    wrap(filters, "apply_filter", "view_start", "viewed")
    if command == "list":
        wrap(output, "render_json", None, "rendered")
    else:
        wrap(output, "apply_filter", "view_start", "viewed")  # snapshot imported it by name
        wrap(output, "render_snapshot", None, "rendered")
    wrap(read_cmds, "write_utf8", "write_start", "written")
    argv = ["--data", data, command, "--format", "json"] if command == "list" else \
        ["--data", data, command, "-o", "-", "--now", NOW]
    mark("main")
    code = main(argv)
    if variant in ("normal", "freeze-end", "freeze-keep-end"):
        gc.freeze()  # as `cli.main.entry` does since issue 13: the collections at shutdown skip it all
    mark("main_returned")
    Path(marks_path).write_text(dumps(marks), encoding="utf-8")
    if variant == "os-exit":
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    if code:
        sys.exit(code)


def floor_child(data: str, marks_path: str) -> None:
    """The floor: import tinydb and json, json.load the file."""
    marks = {"first": T_FIRST, "cpu:first": CPU_FIRST}
    import tinydb  # noqa: F401
    marks["imports"], marks["cpu:imports"] = time.time(), time.process_time()
    with open(data, encoding="utf-8") as handle:
        json.load(handle)
    marks["parsed"], marks["cpu:parsed"] = time.time(), time.process_time()
    Path(marks_path).write_text(json.dumps(marks), encoding="utf-8")


PHASES = [  # (label, from mark, to mark)
    ("start-up", "spawn", "first"), ("imports: pledge_tui.cli", "first", "imports_cli"),
    ("imports: lazy (store, formats, filters)", "imports_cli", "imports"),
    ("imports: msgspec + decode (large files)", "imports", "imports_typed"), ("argparse", "main", "handler"),
    ("read", "load_start", "read"), ("sha256", "read", "hashed"),
    ("typed check (decode.check)", "hashed", "checked"), ("slow: decode", "hashed", "decoded"),
    ("slow: parse (strict json)", "decoded", "parsed"), ("slow: validate + model", "parsed", "built"),
    ("typed: model", "checked", "built"), ("gc.freeze (store._keep)", "built", "kept"),
    ("load rest", "kept", "loaded"), ("filter+sort", "view_start", "viewed"),
    ("render (JSON / Markdown)", "viewed", "rendered"), ("write", "write_start", "written"),
    ("handler return", "written", "returned"),
    ("main return", "returned", "main_returned"), ("exit (finalisation)", "main_returned", "reaped"),
    ("TOTAL", "spawn", "reaped"),
]
FLOOR = [("start-up", "spawn", "first"), ("import tinydb, json", "first", "imports"),
         ("json.load", "imports", "parsed"), ("exit", "parsed", "reaped"), ("TOTAL", "spawn", "reaped")]


def spawn(cmd: list[str], marks_path: Path) -> dict[str, float]:
    """Run a child; `Popen.wait()` without a timeout blocks in waitpid (with one it polls with sleeps)."""
    import subprocess

    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "PLEDGE_TUI_DATA")}
    start = time.time()
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    reaped = time.time()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"child failed: {cmd}")
    marks: dict[str, float] = json.loads(marks_path.read_text(encoding="utf-8"))
    cpu_total = usage.ru_utime + usage.ru_stime
    return {"spawn": start, **marks, "reaped": reaped, "cpu:spawn": 0.0, "cpu:reaped": cpu_total}


def durations(marks: dict[str, float], phases: list[tuple[str, str, str]]) -> dict[str, float]:
    """Wall ms per phase, and CPU ms under "cpu:" + label (the child's own CPU time, from its marks and
    `wait4`'s rusage: other work on the machine does not count in it)."""
    wall = {label: (marks[b] - marks[a]) * 1000 for label, a, b in phases if a in marks and b in marks}
    cpu = {f"cpu:{label}": (marks[f"cpu:{b}"] - marks[f"cpu:{a}"]) * 1000 for label, a, b in phases
           if f"cpu:{a}" in marks and f"cpu:{b}" in marks}
    return {**wall, **cpu}


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        _, _, command, data, marks_path, variant = sys.argv
        if command == "floor":
            floor_child(data, marks_path)
        else:
            child(command, data, marks_path, variant)
        return 0
    import argparse
    import statistics
    import subprocess
    import tempfile

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    parser.add_argument("--sizes", default="35,1000,10000")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--command", choices=("list", "export"), default="list")
    parser.add_argument("--variant", default="normal", choices=("normal", "gc-freeze", "keep", "freeze-keep",
                                                                "freeze-end", "freeze-keep-end", "os-exit"))
    args = parser.parse_args()
    subprocess.run([str(BIN / "python"), "-m", "compileall", "-q", str(HERE.parent.parent / "src")], check=False)
    for size in [int(s) for s in args.sizes.split(",")]:
        data = str(DATA_DIR / f"members-{size}" / "commitments.json")
        ours: list[dict[str, float]] = []
        floor: list[dict[str, float]] = []
        with tempfile.TemporaryDirectory() as tmp:
            marks_path = Path(tmp) / "marks.json"
            for run in range(args.runs + 1):  # the first of each is a warm-up
                o = durations(spawn([str(BIN / "python"), __file__, "--child", args.command, data, str(marks_path),
                                     args.variant], marks_path), PHASES)
                f = durations(spawn([str(BIN / "python"), __file__, "--child", "floor", data, str(marks_path), "-"],
                                    marks_path), FLOOR)
                if run:
                    ours.append(o)
                    floor.append(f)
        print(f"\n## {args.command} at {size:,} members ({args.variant}; median of {args.runs} runs, ms)\n")
        print("| phase | ours wall | ours CPU | | floor phase | floor wall | floor CPU |")
        print("|---|---:|---:|---|---|---:|---:|")

        def med(rows: list[dict[str, float]], key: str) -> str:
            values = [r[key] for r in rows if key in r]
            return f"{statistics.median(values):.1f}" if values else "—"

        floor_labels = [label for label, _, _ in FLOOR]
        for i, (label, _, _) in enumerate(PHASES):
            fl = "TOTAL" if label == "TOTAL" else (floor_labels[i] if i < len(floor_labels) - 1 else None)
            floor_cells = f"{fl} | {med(floor, fl)} | {med(floor, 'cpu:' + fl)}" if fl else " | | "
            print(f"| {label} | {med(ours, label)} | {med(ours, 'cpu:' + label)} | | {floor_cells} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
