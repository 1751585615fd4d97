"""Version-2 datasets with a history, made the way the write commands make them (one entry per change,
whole records before and after), for tests of history, changes, diff and merge that must not depend on
the write path itself."""

from __future__ import annotations

import copy
from datetime import UTC, datetime, timedelta
from typing import Any

from pledge_tui.dataset.model import natural_key
from tests.factories import raw_dataset, raw_dataset_v2

Raw = dict[str, Any]


def v2_without_history() -> Raw:
    """The factory dataset as schema version 2 with an empty history."""
    raw = raw_dataset_v2()
    raw["history"] = {}
    return raw


class Editor:
    """Applies changes to a raw dataset and records each as a history entry, one second apart from
    `start` (or at `at=` when given)."""

    def __init__(self, raw: Raw | None = None, start: str = "2026-03-10T09:00:00Z", by: str = "analyst") -> None:
        self.raw = raw if raw is not None else v2_without_history()
        self.clock = datetime.strptime(start, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
        self.by = by

    def _find(self, table: str, key: str) -> str | None:
        docs: dict[str, dict[str, Any]] = self.raw[table]
        for doc_id, doc in docs.items():
            if natural_key(table, doc) == key:
                return doc_id
        return None

    def current(self, table: str, key: str) -> dict[str, Any] | None:
        """The stored document with that natural key, or None."""
        doc_id = self._find(table, key)
        return copy.deepcopy(self.raw[table][doc_id]) if doc_id else None

    def record(self, action: str, table: str, key: str, after: dict[str, Any] | None, *,
               sources: tuple[str, ...] = ("S1",), note: str = "", at: str | None = None,
               by: str | None = None, undoes: int | None = None) -> int:
        """Replace (or remove, or add) the record and append the history entry; returns its doc id."""
        before = self.current(table, key)
        doc_id = self._find(table, key)
        if after is None:
            assert doc_id is not None
            del self.raw[table][doc_id]
        elif doc_id is not None:
            self.raw[table][doc_id] = copy.deepcopy(after)
        else:
            self.raw[table][str(max((int(i) for i in self.raw[table]), default=0) + 1)] = copy.deepcopy(after)
        if at is not None:
            self.clock = datetime.strptime(at, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
        at = self.clock.strftime("%Y-%m-%dT%H:%M:%SZ")
        self.clock += timedelta(seconds=1)
        entry: dict[str, Any] = {"at": at, "by": by or self.by, "action": action, "table": table, "key": key,
                                 "before": before, "after": copy.deepcopy(after), "sources": list(sources),
                                 "note": note}
        if undoes is not None:
            entry["undoes"] = undoes
        history = self.raw["history"]
        new_id = max((int(i) for i in history), default=0) + 1
        history[str(new_id)] = entry
        return new_id

    def set(self, member: str, type_: str, **fields: Any) -> int:
        """`set`: create or change a commitment (a new one gets the factory's defaults)."""
        options = {k: fields.pop(k) for k in ("note", "at", "by") if k in fields}
        sources = tuple(fields.pop("cite", ("S1",)))
        key = f"{member}/{type_}"
        base = self.current("commitments", key) or {
            "member": member, "type": type_, "status": "pledged", "summary": f"{key} summary.", "conditions": [],
            "lead": False, "quantity": None, "stated_on": "2026-03", "sources": list(sources)}
        return self.record("set", "commitments", key, {**base, **fields}, sources=sources, **options)

    def unset(self, member: str, type_: str, note: str = "Retracted.") -> int:
        """`unset`: remove a commitment."""
        return self.record("unset", "commitments", f"{member}/{type_}", None, note=note)

    def add_member(self, member_id: str, name: str, **fields: Any) -> int:
        """`add-member`."""
        doc = {"id": member_id, "name": name, "role": "member", "eu": False, "nato": False,
               "stance": f"{name} stance.", "caveats": [], "approval": "unknown", "summit_2025_09_04": "unknown",
               "sources": ["S1"], **fields}
        return self.record("add-member", "members", member_id, doc)

    def edit_member(self, member_id: str, **fields: Any) -> int:
        """`edit-member`."""
        current = self.current("members", member_id)
        assert current is not None
        return self.record("edit-member", "members", member_id, {**current, **fields})

    def add_source(self, source_id: str, **fields: Any) -> int:
        """`add-source` (cites no source)."""
        doc = {"id": source_id, "publisher": "Added Wire", "title": f"Report {source_id}", "date": "2026-03-10",
               "url": "https://example.org/added", "tier": "B", **fields}
        return self.record("add-source", "sources", source_id, doc, sources=())

    def add_event(self, event_id: str, **fields: Any) -> int:
        """`add-event`."""
        doc = {"id": event_id, "date": "2026-03-10", "title": f"Event {event_id}", "summary": "Something.",
               "sources": ["S1"], **fields}
        return self.record("add-event", "events", event_id, doc)

    def undo(self, entry_id: int, note: str = "") -> int:
        """`undo` of entry `entry_id`: its record goes back to the entry's `before`."""
        target = self.raw["history"][str(entry_id)]
        return self.record("undo", target["table"], target["key"], copy.deepcopy(target["before"]),
                           sources=tuple(target["sources"]), note=note, undoes=entry_id)




def story() -> Editor:
    """A small history: 10 March PL pledges air; 11 March IT training ruled out, NO added with a record,
    S4 added; 12 March PL air undone, US backstop summary edited."""
    ed = Editor()
    ed.set("PL", "air-patrol", status="pledged", at="2026-03-10T10:00:00Z", note="First.")
    ed.set("IT", "training", status="ruled-out", conditions=[], at="2026-03-11T10:00:00Z")
    ed.add_member("NO", "Norway")
    ed.set("NO", "naval-demining", status="considering")
    ed.add_source("S4")
    ed.undo(1, note="Wrong member.")
    ed.set("US", "backstop", summary="Edited.", at="2026-03-12T10:00:00Z")
    return ed


def corrections_story() -> Editor:
    """The story, then on 13 March two corrections that move no cell: the US stance reworded and source
    S2 re-graded, each with its sources and a note."""
    ed = story()
    us, s2 = ed.current("members", "US"), ed.current("sources", "S2")
    assert us is not None and s2 is not None
    ed.record("edit-member", "members", "US", {**us, "stance": "Partner."}, sources=("S2",), note="Reworded.",
              at="2026-03-13T10:00:00Z")
    ed.record("edit-source", "sources", "S2", {**s2, "tier": "C"}, sources=("S2",), note="Only a summary was read.")
    return ed


__all__ = ["Editor", "corrections_story", "raw_dataset", "story", "v2_without_history"]
