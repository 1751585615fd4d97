"""The benchmark harness (benchmarks/run.py and its runners), checked quickly and without measuring anything.

What can go wrong without anyone noticing: a runner script's rows lost or given the wrong target, a
pending runner reported as a failure (or as met), the report failing to render a new unit, and the
settled-screen runner miscounting frames. The benchmarks themselves run only under `make bench`.
"""

from __future__ import annotations

import argparse
import importlib.util
import shutil
import sys
import textwrap
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "benchmarks"


def _load(name: str, path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


run = _load("bench_run", BENCH / "run.py")
settled = _load("bench_settled_screen", BENCH / "runners" / "settled_screen.py")

FAKE_RUNNER = """
import json, sys
data, count, out = sys.argv[1:]
n = int(count)
json.dump({"rows": [
    {"measurement": "fake vs floor", "unit": "ms", "ours": [30.0] * n, "baseline": [10.0] * n},
    {"measurement": "fake frames", "unit": "frames", "ours": [2] * n, "baseline": None},
    {"measurement": "undeclared extra", "unit": "ms", "ours": [1.0] * n, "baseline": [1.0] * n},
], "data": data}, open(out, "w"))
"""


def _spec(script: str) -> Any:  # a run.ScriptRunner; `run` is loaded from its path, so untyped here
    return run.ScriptRunner(
        "fake", script,
        (run.RowSpec("fake vs floor", "ms", {35: run.at_most(2.5)}),
         run.RowSpec("fake frames", "frames", {35: run.at_most(3, "frames")}, target_on="ours"),
         run.RowSpec("never reported", "ms")),
        "- **fake**: a test runner.", sizes=(run.BUNDLED, 35))


def _context(tmp_path: Path) -> Any:  # a run.Context
    data = tmp_path / "commitments.json"
    data.write_text("{}", encoding="utf-8")
    return run.Context(runs=3, samples=2, paths={35: (data, tmp_path / "flat.csv")})


def test_a_runner_script_rows_get_medians_ratios_and_their_targets(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(run, "RUNNERS", tmp_path)
    (tmp_path / "fake.py").write_text(textwrap.dedent(FAKE_RUNNER), encoding="utf-8")
    rows, raw = _spec("fake.py").measure(_context(tmp_path), 35)
    by_name = {r.measurement: r for r in rows}
    ratio = by_name["fake vs floor"]
    assert (ratio.ours, ratio.baseline, ratio.ratio, ratio.met) == (30.0, 10.0, 3.0, False)
    frames = by_name["fake frames"]
    assert (frames.ours, frames.baseline, frames.met) == (2.0, None, True)
    assert by_name["undeclared extra"].target is None and by_name["undeclared extra"].ours == 1.0
    assert by_name["never reported"].error and "no values" in by_name["never reported"].error
    assert raw["data"].endswith("commitments.json")


def test_a_missing_runner_script_is_pending_not_failed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(run, "RUNNERS", tmp_path)
    spec = _spec("not_written_yet.py")
    assert spec.sizes_for([35]) == [run.BUNDLED, 35]
    rows, _ = spec.measure(_context(tmp_path), 35)
    assert all(r.pending and not r.error and r.met is None for r in rows)


def test_an_adapter_is_pending_until_the_script_it_requires_exists(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(run, "RUNNERS", tmp_path)
    (tmp_path / "fake.py").write_text(textwrap.dedent(FAKE_RUNNER), encoding="utf-8")
    adapter = run.ScriptRunner("fake", "fake.py", (run.RowSpec("fake vs floor", "ms"),), "- **fake**: x.",
                               sizes=(run.BUNDLED, 35), requires="source.py")
    rows, _ = adapter.measure(_context(tmp_path), 35)
    assert rows[0].pending == "runners/source.py not written yet"
    (tmp_path / "source.py").write_text("", encoding="utf-8")
    rows, _ = adapter.measure(_context(tmp_path), 35)
    assert rows[0].pending is None and rows[0].ours == 30.0


def test_a_failing_runner_script_is_a_failure_quoting_its_stderr(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(run, "RUNNERS", tmp_path)
    (tmp_path / "broken.py").write_text("import sys\nprint('tmux is missing', file=sys.stderr)\nsys.exit(1)\n",
                                        encoding="utf-8")
    rows, _ = _spec("broken.py").measure(_context(tmp_path), 35)
    assert all(r.error and "tmux is missing" in r.error for r in rows)


def test_the_report_shows_pending_failed_and_measured_rows(tmp_path: Path) -> None:
    measured = run.Row("settled first screen (tmux) vs bare app", 35, 391.2, 300.0, "ms", run.at_most(1.3),
                       ours_runs=[391.2], baseline_runs=[300.0])
    frames = run.Row("frames before the settled screen", 10_000, 4.0, 1.0, "frames", run.at_most(3, "frames"),
                     target_on="ours", ours_runs=[4.0, 5.0], baseline_runs=[1.0, 1.0])
    pending = run.Row("edit: one `set` vs floor", run.BUNDLED, None, None, "ms", None, pending="runners/edit.py "
                      "not written yet")
    failed = run.Row("diff of two files vs floor", 10_000, None, None, "ms", run.at_most(2.5), error="boom\nmore")
    info = {**run.machine(), "busy": "at most 3%"}
    args = argparse.Namespace(runs=1, samples=2, seed=1)
    text = run.render([measured, frames, pending, failed], info, args, ["cmd"], run.MEASUREMENTS, 1.0)
    assert "| settled first screen (tmux) vs bare app | 35 | 391 | 300 | 1.304 | ratio ≤ 1.3 | **no** |" in text
    assert "| frames before the settled screen | 10,000 | 4 | 1 | 4.00 | ≤ 3 frames | **no** |" in text
    assert "| edit: one `set` vs floor | bundled | pending |" in text
    assert "failed: boom" in text
    assert "| frames before the settled screen | 10,000 | 4, 5 | 1, 1 |" in text


def test_every_listed_runner_script_follows_the_naming_and_has_its_how() -> None:
    keys = [e.key for e in run.MEASUREMENTS]
    assert len(keys) == len(set(keys))
    for entry in run.MEASUREMENTS:
        if isinstance(entry, run.ScriptRunner):
            assert entry.script.endswith(".py") and entry.how.startswith("- **")
        else:
            assert entry.key in run.BUILTIN_HOW
    assert (BENCH / "runners" / "settled_screen.py").exists()


@pytest.mark.e2e
@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
def test_the_settled_screen_runner_counts_frames_and_times_the_last_change() -> None:
    tmux = settled.Tmux()
    try:
        screens = "printf first; sleep 0.3; printf '\\rsecond'; sleep 0.2; printf '\\rthird '; exec sleep 30"
        seen = settled.observe(tmux, "test", ["sh", "-c", screens], interval=0.01, stable=0.4, timeout=10)
    finally:
        tmux.close()
    assert seen.frames_before == 2
    assert seen.settled_text[0].startswith("third")
    assert 450 <= seen.settled < 2_000
    assert seen.first_frame < 300 <= seen.settled - seen.first_frame + 300


@pytest.mark.e2e
@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
def test_the_settled_screen_runner_reports_an_app_that_dies() -> None:
    tmux = settled.Tmux()
    try:
        with pytest.raises(settled.RunnerError, match="exited"):
            settled.observe(tmux, "test", ["sh", "-c", "echo oops; exit 3"], interval=0.01, stable=0.3, timeout=10)
    finally:
        tmux.close()


async def test_the_bare_app_shows_one_line_a_table_of_names_and_a_footer() -> None:
    bare = _load("bench_bare_app", BENCH / "runners" / "bare_app.py")
    from textual.widgets import DataTable, Footer, Static

    app = bare.BareApp(["Poland", "[b]not markup[/b]"])
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        table = app.query_one(DataTable)
        assert table.row_count == 2
        assert str(table.get_cell_at((1, 0))) == "[b]not markup[/b]"
        assert len(app.query(Static)) >= 1 and len(app.query(Footer)) == 1
