"""Renaming source and event ids inside records and history entries: what the merge driver does when both
sides added the same id with different content (README "Team work"), and what an entry's id undoes to stay
verifiable (`ids.entry_id`).

A renaming is, per table, a mapping from the id as it was to the id as it becomes. In a record it renames
the record's own id (a source or an event) and every source it cites (`sources`, and the meta document's
`reported_commitments.sources`); in a history entry, its key, its `before` and `after` records and the
sources it cites. Nothing else names a source or an event.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

Renames = Mapping[str, Mapping[str, str]]
"""Table (`sources` or `events`) -> id as it was -> id as it becomes."""

RENAMED_TABLES = ("sources", "events")
"""The tables whose ids a merge may rename (a member id added twice is a conflict instead)."""


def _cited(ids: Any, sources: Mapping[str, str]) -> Any:
    if not sources or not isinstance(ids, list):
        return ids
    return [sources.get(i, i) if isinstance(i, str) else i for i in ids]


def record_renamed(table: str, doc: Mapping[str, Any] | None, renames: Renames) -> Any:
    """`doc` (a stored document of `table`, or None) with the renaming applied; the same object when
    nothing in it is renamed."""
    if not isinstance(doc, Mapping):
        return doc
    own = renames.get(table, {})
    sources = renames.get("sources", {})
    out = dict(doc)
    if own and isinstance(out.get("id"), str) and out["id"] in own:
        out["id"] = own[out["id"]]
    if "sources" in out:
        out["sources"] = _cited(out["sources"], sources)
    reported = out.get("reported_commitments")
    if table == "meta" and isinstance(reported, Mapping) and "sources" in reported:
        out["reported_commitments"] = {**reported, "sources": _cited(reported["sources"], sources)}
    return out if out != doc else doc


def entry_renamed(entry: Mapping[str, Any], renames: Renames) -> dict[str, Any]:
    """A history entry (as stored) with the renaming applied to its key, records and cited sources."""
    table = entry.get("table")
    out = dict(entry)
    if not isinstance(table, str):
        return out
    own = renames.get(table, {})
    if own and isinstance(out.get("key"), str) and out["key"] in own:
        out["key"] = own[out["key"]]
    for side in ("before", "after"):
        if side in out:
            out[side] = record_renamed(table, out[side], renames)
    if "sources" in out:
        out["sources"] = _cited(out["sources"], renames.get("sources", {}))
    return out


def _ids_in(entry: Mapping[str, Any], table: str) -> Iterator[str]:
    """Every id of `table` (`sources` or `events`) that the entry names."""
    own = entry.get("table") == table
    if own and isinstance(entry.get("key"), str):
        yield entry["key"]
    if table == "sources":
        yield from (i for i in entry.get("sources") or () if isinstance(i, str))
    for side in ("before", "after"):
        doc = entry.get(side)
        if not isinstance(doc, Mapping):
            continue
        if own and isinstance(doc.get("id"), str):
            yield doc["id"]
        if table == "sources":
            yield from (i for i in doc.get("sources") or () if isinstance(i, str))
            reported = doc.get("reported_commitments")
            if isinstance(reported, Mapping):
                yield from (i for i in reported.get("sources") or () if isinstance(i, str))


def renumber_entry(entry: Mapping[str, Any], renames: Renames) -> dict[str, Any]:
    """A history entry renamed for a merge, with its `renumbered` record updated: for each id it names
    that the renaming changes, the id it has now -> the id it was written with (composed with an earlier
    renumbering, so that `ids.entry_id` can always undo it). An entry that names none is returned as is."""
    previous: dict[str, dict[str, str]] = {t: dict(m) for t, m in (entry.get("renumbered") or {}).items()}
    touched = False
    for table in RENAMED_TABLES:
        mapping = renames.get(table, {})
        named = set(_ids_in(entry, table)) & set(mapping)
        if not named:
            continue
        touched = True
        was = previous.setdefault(table, {})
        for old in sorted(named):
            original = was.pop(old, old)
            was[mapping[old]] = original
    if not touched:
        return dict(entry)
    out = entry_renamed(entry, {t: {old: new for old, new in renames.get(t, {}).items()} for t in RENAMED_TABLES})
    out["renumbered"] = {t: dict(sorted(m.items())) for t, m in sorted(previous.items()) if m}
    return out


def original_entry(entry: Mapping[str, Any]) -> dict[str, Any]:
    """The entry as it was written, before any merge renamed ids in it (its `renumbered` undone), without
    `id` and `renumbered`: what its id is the hash of."""
    body = {k: v for k, v in entry.items() if k not in ("id", "renumbered")}
    renumbered = entry.get("renumbered")
    if isinstance(renumbered, Mapping) and renumbered:
        back = {t: dict(m) for t, m in renumbered.items() if isinstance(m, Mapping)}
        body = entry_renamed(body, back)
    return body
