"""Reading the bundled data file and its history as raw JSON, for the tests that pin its facts
(`test_dataset_update`, `test_dataset_corrections`)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from tests.common import ROOT

SCRIPTS = {"2026-11.sh": "2026-11-30T00:00:00Z", "2026-12.sh": "2026-12-07T00:00:00Z"}
"""Each update script, in order, with the time its SOURCE_DATE_EPOCH gives every entry it writes."""
AUTHOR = "pledge-tui data team"
NOT_CHANGES = ("upgrade", "baseline")
"""History actions that record no write command of a script (schema upgrades; schema 3's baseline entries)."""

Doc = dict[str, Any]


def load(path: Path) -> dict[str, dict[str, Doc]]:
    data: dict[str, dict[str, Doc]] = json.loads(path.read_text(encoding="utf-8"))
    return data


def history_entries(path: Path) -> list[Doc]:
    """The history of a data file, oldest first: the `history` table of schema version 2, or the log beside the
    file (`commitments.history.jsonl`, one entry per line) once the storage keeps one."""
    data = load(path)
    if "history" in data:
        return [data["history"][k] for k in sorted(data["history"], key=int)]
    log = path.with_name(path.name.removesuffix(".json") + ".history.jsonl")
    return [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines() if line.strip()]


def script_commands(name: str) -> list[str]:
    """The write commands of an update script, one per `pt` call, in order."""
    text = (ROOT / "data" / "updates" / name).read_text(encoding="utf-8")
    return re.findall(r"^pt ([a-z-]+)", text, flags=re.MULTILINE)


def changes_by_script(path: Path) -> dict[str, list[Doc]]:
    """The history's change entries, split by the update script that wrote them (by their time)."""
    entries = [e for e in history_entries(path) if e["action"] not in NOT_CHANGES]
    return {name: [e for e in entries if e["at"] == at] for name, at in SCRIPTS.items()}


def member(data: dict[str, dict[str, Doc]], member_id: str) -> Doc:
    found = [m for m in data["members"].values() if m["id"] == member_id]
    assert len(found) == 1, f"members {member_id}: {len(found)} records"
    return found[0]


def record(data: dict[str, dict[str, Doc]], member_id: str, type_slug: str) -> Doc | None:
    found = [c for c in data["commitments"].values() if c["member"] == member_id and c["type"] == type_slug]
    assert len(found) <= 1
    return found[0] if found else None


def must(data: dict[str, dict[str, Doc]], member_id: str, type_slug: str) -> Doc:
    found = record(data, member_id, type_slug)
    assert found is not None, f"{member_id}/{type_slug} is missing"
    return found


def event(data: dict[str, dict[str, Doc]], event_id: str) -> Doc:
    found = [e for e in data["events"].values() if e.get("id") == event_id]
    assert len(found) == 1, f"events {event_id}: {len(found)} records"
    return found[0]


def events_citing(data: dict[str, dict[str, Doc]], source_id: str) -> list[Doc]:
    return [e for e in data["events"].values() if source_id in e["sources"]]


def source(data: dict[str, dict[str, Doc]], source_id: str) -> Doc:
    found = [s for s in data["sources"].values() if s["id"] == source_id]
    assert len(found) == 1, f"sources {source_id}: {len(found)} records"
    return found[0]


def caveats(data: dict[str, dict[str, Doc]], member_id: str) -> str:
    return " ".join(member(data, member_id)["caveats"]).lower()
