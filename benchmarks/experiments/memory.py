"""Where the peak memory of the browser's start-up is, phase by phase (target: 150 MB at 10,000 members).

    .venv/bin/python benchmarks/experiments/memory.py DATA [--variant today|lean] [--top 8]

A fresh process (this script re-runs itself) walks the browser's start-up phase by phase and reports, for
each, the resident set (VmRSS), the peak so far (VmHWM) and tracemalloc's current and peak Python
allocations; at the phase that holds the peak it lists the biggest allocation sites. Phases:

1. interpreter + imports: `pledge_tui.cli`, `pledge_tui.dataset.store` and the browser's modules (Textual);
2. read: the file's bytes (`store.read_bytes`) and their sha256;
3. decode: the UTF-8 text (`store.decode_utf8`), the bytes dropped;
4. parse: the strict `json` parse (`store.parse_text`), the text dropped;
5. build: `validate.build_dataset` (raw tables and model both alive: the expected peak);
6. forget: the raw tables dropped (`ReadOnlyJSONStorage.forget`), the model kept;
7. browser: `PledgeApp` run headless at 120x40 until its first paint, then exited.

`--variant lean` replaces 2-6 by benchmarks/experiments/typed_decoder.py's lean msgspec decode (from the
bytes; Structs untracked by the GC) and today's model built from them. tracemalloc's own bookkeeping
inflates VmRSS; run without `--trace` (the default measures RSS only) for the RSS figures, with `--trace`
for the allocation sites.
"""

from __future__ import annotations

import argparse
import gc
import json
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent


def status() -> dict[str, float]:
    """VmRSS and VmHWM of this process, in MB."""
    out: dict[str, float] = {}
    for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
        key = line.split(":", 1)[0]
        if key in ("VmRSS", "VmHWM"):
            out[key] = int(line.split()[1]) / 1024
    return out


def child(data: str, variant: str, trace: bool, top: int) -> None:
    rows: list[dict[str, Any]] = []
    sites: dict[str, list[str]] = {}

    def phase(name: str) -> None:
        row: dict[str, Any] = {"phase": name, **status()}
        if trace:
            current, peak = tracemalloc.get_traced_memory()
            row.update(traced_mb=current / 2**20, traced_peak_mb=peak / 2**20)
            snapshot = tracemalloc.take_snapshot().filter_traces([tracemalloc.Filter(False, tracemalloc.__file__)])
            sites[name] = [f"{stat.size / 2**20:6.1f} MB {stat.count:>8} blocks  {stat.traceback[0]}"
                           for stat in snapshot.statistics("lineno")[:top]]
            tracemalloc.reset_peak()
        rows.append(row)

    if trace:
        tracemalloc.start()
    import textual.app  # noqa: F401  (the browser's imports, as `pledge-tui` with no command pays them)

    from pledge_tui.dataset import store, validate
    from pledge_tui.ui import app as ui_app

    phase("interpreter + imports")
    gc.disable()  # as store.load does
    raw_bytes: bytes | None = store.read_bytes(data)
    import hashlib

    hashlib.sha256(raw_bytes).hexdigest()
    phase("read (bytes + sha256)")
    if variant == "today":
        text: str | None = store.decode_utf8(data, raw_bytes)
        raw_bytes = None
        phase("decode (text; bytes dropped)")
        raw: Any = store.parse_text(data, text)
        text = None
        phase("parse (raw tables; text dropped)")
        dataset, _problems = validate.build_dataset(raw)
        phase("build (raw tables + model)")
        raw = None
    else:
        sys.path.insert(0, str(HERE))
        import typed_decoder

        doc: Any = typed_decoder.lean_decode(raw_bytes)
        raw_bytes = None
        phase("lean decode (Structs; bytes dropped)")
        dataset = typed_decoder.model_from(doc)
        phase("model (Structs + model)")
        doc = None
    gc.enable()
    phase("raw dropped, model kept")
    from pledge_tui.dataset.model import LoadedDataset

    loaded = LoadedDataset(dataset, data, "")
    original_display = ui_app.PledgeApp._display

    def display(self: Any, screen: Any, renderable: Any) -> None:
        original_display(self, screen, renderable)
        if renderable is not None and not self._batch_count and not getattr(self, "_measured", False):
            self._measured = True
            phase("browser: first paint")
            self.exit()

    ui_app.PledgeApp._display = display  # type: ignore[method-assign]
    ui_app.PledgeApp(loaded).run(headless=True, size=(120, 40))
    print(json.dumps({"rows": rows, "sites": sites}))


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(sys.argv[2], sys.argv[3], sys.argv[4] == "1", int(sys.argv[5]))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    parser.add_argument("data")
    parser.add_argument("--variant", choices=("today", "lean"), default="today")
    parser.add_argument("--trace", action="store_true", help="also tracemalloc (slower, inflates RSS)")
    parser.add_argument("--top", type=int, default=8)
    args = parser.parse_args()
    start = time.perf_counter()
    out = subprocess.run([sys.executable, __file__, "--child", args.data, args.variant, "1" if args.trace else "0",
                          str(args.top)], capture_output=True, text=True, check=True,
                         stdin=subprocess.DEVNULL).stdout
    result = json.loads(out.strip().splitlines()[-1])
    print(f"{args.variant} on {args.data} ({time.perf_counter() - start:.1f} s)\n")
    traced = "traced_mb" in result["rows"][0]
    print("| phase | VmRSS MB | VmHWM MB |" + (" traced now MB | traced peak in phase MB |" if traced else ""))
    print("|---|---:|---:|" + ("---:|---:|" if traced else ""))
    for row in result["rows"]:
        extra = f" {row['traced_mb']:.1f} | {row['traced_peak_mb']:.1f} |" if traced else ""
        print(f"| {row['phase']} | {row['VmRSS']:.0f} | {row['VmHWM']:.0f} |{extra}")
    for name, lines in result["sites"].items():
        print(f"\nbiggest live allocations at the end of '{name}':")
        print("\n".join(f"    {line}" for line in lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
