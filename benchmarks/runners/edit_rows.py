"""The edit figure in the runner protocol of run.py, from the functions of runners/edit.py.

    python edit_rows.py DATA COUNT OUT.json

runners/edit.py (the editing change's benchmark, issue 10) has its own command line and prints a report;
this adapter imports it and takes the same two timings on a copy of DATA in a temporary folder, alternating,
after one untimed `set` (which also upgrades a version-1 file and creates the record):

- ours: `edit.one_set`: one `set` through `pledge_tui.dataset.commit.commit` (lock, strict read, apply,
  history entry, validation of the whole dataset, atomic write);
- baseline: `edit.floor`: read the bytes, `json.loads`, `json.dumps(indent=2, sort_keys=True)`, write a
  temporary file, fsync, rename.

and writes {"rows": [{"measurement": "edit: one `set` vs floor", "unit": "ms", "ours": [...], "baseline":
[...]}]}. DATA itself is never written.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType

HERE = Path(__file__).resolve().parent
MEASUREMENT = "edit: one `set` vs floor"


def load_edit() -> ModuleType:
    """runners/edit.py as a module (benchmarks/ is not a package)."""
    spec = importlib.util.spec_from_file_location("bench_edit", HERE / "edit.py")
    if spec is None or spec.loader is None:
        raise SystemExit("edit_rows: benchmarks/runners/edit.py is missing")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print("usage: edit_rows.py DATA COUNT OUT.json", file=sys.stderr)
        return 2
    data, runs, out = Path(argv[0]), int(argv[1]), Path(argv[2])
    edit = load_edit()
    sets: list[float] = []
    floors: list[float] = []
    with tempfile.TemporaryDirectory(prefix="pledge-edit-rows-") as folder:
        path = Path(folder) / "commitments.json"
        shutil.copyfile(data, path)
        edit.copy_log(data, path)
        member, source = edit._first_ids(path)
        edit.one_set(path, member, source, "considering")  # warm-up; upgrades a version-1 copy
        edit.floor(path)
        for n in range(runs):
            started = time.perf_counter()
            edit.one_set(path, member, source, ("pledged", "considering")[n % 2])
            sets.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            edit.floor(path)
            floors.append((time.perf_counter() - started) * 1000)
    out.write_text(json.dumps({"rows": [{"measurement": MEASUREMENT, "unit": "ms", "ours": sets,
                                         "baseline": floors}]}), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
