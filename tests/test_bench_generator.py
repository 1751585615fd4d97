"""Smoke test for the benchmark data generator (benchmarks/generate.py): its output must validate.

The benchmarks themselves are not tests (`make bench` runs them); this only checks, quickly, that the
synthetic datasets they measure are valid pledge-tui data files with the promised counts and shapes.
"""

from __future__ import annotations

import csv
import importlib.util
import json
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from pledge_tui.dataset import store
from pledge_tui.dataset.vocab import NOT_DISCLOSED, TYPES

ROOT = Path(__file__).resolve().parents[1]
GENERATOR = ROOT / "benchmarks" / "generate.py"


def _load_generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_generate", GENERATOR)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


gen = _load_generator()


@pytest.mark.parametrize("members", [35, 200])
def test_generated_dataset_loads_and_counts_match(tmp_path: Path, members: int) -> None:
    generated = gen.generate(members)
    data_path, flat_path = gen.write(tmp_path, generated)

    dataset = store.load(str(data_path)).dataset
    assert len(dataset.members) == members == generated.members
    assert sum(len(m.commitments) for m in dataset.members) == generated.commitments
    assert len(dataset.sources) == generated.sources == max(43, round(members * 3.5))
    assert len(dataset.events) == generated.events == 30
    assert 1.8 <= generated.commitments / members <= 2.7  # like the real data (82 for 37)

    with flat_path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert tuple(rows[0]) == ("member", "name", "role", "type", "status", "conditions", "lead", "summary", "sources")
    assert len(rows) - 1 == members * len(TYPES)
    by_key = {(m.id, t): m.status(t) for m in dataset.members for t in TYPES}
    assert {(r[0], r[3]): r[4] for r in rows[1:]} == by_key
    assert sum(r[4] != NOT_DISCLOSED for r in rows[1:]) == generated.commitments


def test_text_lengths_are_realistic() -> None:
    raw = json.loads(gen.generate(35).data)
    for member in raw["members"].values():
        assert 68 <= len(member["stance"]) <= 134
        assert 1 <= len(member["caveats"]) <= 4
        assert all(40 <= len(c) <= 120 for c in member["caveats"])
        assert 1 <= len(member["sources"]) <= 15
    for record in raw["commitments"].values():
        assert 80 <= len(record["summary"]) <= 200
        assert 1 <= len(record["sources"]) <= 8


def test_member_ids_are_unique_and_valid_at_ten_thousand() -> None:
    import random

    ids = gen.member_ids(10_000, random.Random(1))
    assert len(set(ids)) == 10_000
    assert all(re.fullmatch(r"[A-Z][A-Z0-9-]{1,15}", i) for i in ids)


def test_cli_is_deterministic(tmp_path: Path) -> None:
    outputs = []
    for name in ("a", "b"):
        subprocess.run([sys.executable, str(GENERATOR), "--members", "35", "--out", str(tmp_path / name)],
                       check=True, capture_output=True, timeout=60)
        folder = tmp_path / name
        outputs.append(((folder / "commitments.json").read_bytes(), (folder / "flat.csv").read_bytes()))
    assert outputs[0] == outputs[1]
    assert outputs[0][0].endswith(b"}\n")
    assert gen.generate(35, seed=1).data != gen.generate(35, seed=2).data
