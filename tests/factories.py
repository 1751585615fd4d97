"""Small valid datasets in the TinyDB file layout, for tests that must not depend on the real data."""

from __future__ import annotations

import contextlib
import copy
import json
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pledge_tui.dataset.model import Dataset
from pledge_tui.dataset.validate import build_dataset


def source(id_: str = "S1", **overrides: Any) -> dict[str, Any]:
    """A valid `sources` document."""
    doc = {"id": id_, "publisher": "Example Wire", "title": "A report", "date": "2025-09-04",
           "url": "https://example.org/a", "tier": "B"}
    return {**doc, **overrides}


def member(id_: str = "PL", name: str = "Poland", **overrides: Any) -> dict[str, Any]:
    """A valid `members` document."""
    doc = {"id": id_, "name": name, "role": "member", "eu": True, "nato": True,
           "stance": f"{name} stance.", "caveats": [f"{name} caveat."], "approval": "unknown",
           "summit_2025_09_04": "video", "sources": ["S1"]}
    return {**doc, **overrides}


def commitment(member_id: str = "PL", type_: str = "logistics", status: str = "pledged",
               **overrides: Any) -> dict[str, Any]:
    """A valid `commitments` document."""
    doc = {"member": member_id, "type": type_, "status": status, "summary": f"{member_id} {type_} {status}.",
           "conditions": [], "lead": False, "quantity": None, "stated_on": "2026-01-06", "sources": ["S1"]}
    return {**doc, **overrides}


def event(**overrides: Any) -> dict[str, Any]:
    """A valid `events` document."""
    doc = {"date": "2025-09-04", "title": "Paris summit", "summary": "Leaders met.", "sources": ["S1"]}
    return {**doc, **overrides}


def meta(**overrides: Any) -> dict[str, Any]:
    """A valid `meta` document."""
    doc = {"schema_version": 1, "title": "Test data", "as_of": "2026-03", "summary": "Fixture.",
           "reported_commitments": {"count": 26, "date": "2025-09-04", "sources": ["S1"],
                                    "note": "Attributed figure."}}
    return {**doc, **overrides}


def table(*docs: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """TinyDB's table layout: string doc ids from "1"."""
    return {str(i): copy.deepcopy(doc) for i, doc in enumerate(docs, start=1)}


def raw_dataset() -> dict[str, Any]:
    """Four members covering every status, a lead, conditions, a partner and an institution."""
    return {
        "meta": table(meta()),
        "sources": table(source("S1"), source("S2", tier="A", title="Official text"),
                         source("S3", tier="C", url="")),
        "members": table(
            member("PL", "Poland"),
            member("IT", "Italy", caveats=[]),
            member("US", "United States", role="partner", eu=False, caveats=["One.", "Two."]),
            member("EU", "European Union", role="institution", eu=False, nato=False, sources=["S2"]),
        ),
        "commitments": table(
            commitment("PL", "ground-forces", "ruled-out"),
            commitment("PL", "logistics", "pledged", lead=True, sources=["S1", "S2"]),
            commitment("IT", "ground-forces", "ruled-out"),
            commitment("IT", "training", "conditional", conditions=["outside-ukraine"]),
            commitment("US", "ground-forces", "ruled-out"),
            commitment("US", "backstop", "conditional", conditions=["parliament", "peace-deal"]),
            commitment("US", "air-patrol", "considering", sources=["S3"]),
        ),
        "events": table(event(), event(date="2026-01-06", title="Paris Declaration")),
    }


def dataset(raw: dict[str, Any] | None = None) -> Dataset:
    """Build a dataset, failing the test loudly if the fixture is invalid."""
    built, problems = build_dataset(raw if raw is not None else raw_dataset())
    assert built is not None, problems
    return built


def write(path: Path, raw: Any) -> Path:
    """Write a raw dataset the way the real file is written (indent 2, sorted keys)."""
    path.write_text(json.dumps(raw, indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def coalition(**overrides: Any) -> dict[str, Any]:
    """A valid `members` document for the coalition-as-a-whole row (README "The data": role `coalition`, id `COW`)."""
    doc = member("COW", "Coalition of the Willing", role="coalition", eu=False, nato=False,
                 stance="What the coalition committed to as a whole (Paris Declaration).", caveats=[],
                 approval="not-required", summit_2025_09_04="unknown")
    return {**doc, **overrides}


def raw_dataset_with_coalition() -> dict[str, Any]:
    """`raw_dataset()` plus the coalition row, with a pledged backstop and a lead it does not have alone."""
    raw = raw_dataset()
    raw["members"][str(len(raw["members"]) + 1)] = coalition()
    raw["commitments"][str(len(raw["commitments"]) + 1)] = commitment(
        "COW", "backstop", "pledged", summary="Support in a future armed attack.")
    raw["commitments"][str(len(raw["commitments"]) + 1)] = commitment(
        "COW", "monitoring", "considering", summary="US-led monitoring proposed.")
    return raw


def history_entry(action: str = "set", table: str = "commitments", key: str = "PL/logistics", *,
                  before: dict[str, Any] | None = None, after: dict[str, Any] | None = None,
                  **overrides: Any) -> dict[str, Any]:
    """A `history` document (schema version 2); `before`/`after` default to what the action needs."""
    doc: dict[str, Any] = {"at": "2026-03-10T09:00:00Z", "by": "analyst", "action": action, "table": table,
                           "key": key, "before": before, "after": after, "sources": ["S1"], "note": ""}
    return {**doc, **overrides}


def raw_dataset_v2() -> dict[str, Any]:
    """`raw_dataset()` as schema version 2: events numbered E1, E2, and a history of one change
    (PL/logistics went from considering to pledged)."""
    raw = raw_dataset()
    raw["meta"]["1"]["schema_version"] = 2
    for doc_id, doc in raw["events"].items():
        doc["id"] = f"E{doc_id}"
    now = raw["commitments"]["2"]
    raw["history"] = table(history_entry(before={**now, "status": "considering"}, after=copy.deepcopy(now)))
    return raw


@contextlib.contextmanager
def lock_held(path: Path) -> Iterator[None]:
    """Hold the data file's write lock from another thread for the duration of the block (a busy writer)."""
    from pledge_tui.dataset import files

    held, release = threading.Event(), threading.Event()

    def hold() -> None:
        with files.exclusive_lock(str(path)):
            held.set()
            release.wait(60)

    holder = threading.Thread(target=hold)
    holder.start()
    held.wait(5)
    try:
        yield
    finally:
        release.set()
        holder.join()


@contextlib.contextmanager
def mounted_tmpfs(folder: Path, size: str) -> Iterator[Path]:
    """A tmpfs of `size` mounted on the (existing, empty) `folder` for the test, unmounted after; the test
    is skipped where mounting is not permitted (not root, or a container without the right)."""
    import pytest

    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode(errors='replace').strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=False, capture_output=True)
