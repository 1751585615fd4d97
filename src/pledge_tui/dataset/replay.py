"""The dataset as it was at an earlier moment, rebuilt from its history (spec section 8).

Every history entry holds the whole record before and after the change, so undoing the entries made
at or after a moment, newest first, gives back the records as they were just before it. That is what
`changes --since DATE` compares with the data now (views/changes.py), so "what changed since" and
`diff` of the two files agree by construction, and a history that does not add up is found out: the
rebuilt dataset is validated like any data file.

History begins where the file was first written by pledge-tui (its `upgrade` entry, or the first
change): before that, nothing is known, and the dataset "at" an earlier moment is the dataset as it
was when history began. `history_starts` says when that was.
"""

from __future__ import annotations

from typing import Any

from pledge_tui.dataset.model import Commitment, Dataset, Event, HistoryEntry, Member, Meta, Source
from pledge_tui.dataset.validate import SCHEMA_VERSION, build_dataset
from pledge_tui.errors import PledgeError

Tables = dict[str, dict[str, dict[str, Any]]]
"""A data file's layout: table name -> document id (a string) -> document."""


class ReplayError(PledgeError):
    """The history does not lead back to a valid dataset (a hand-edited file?): exit 1."""

    exit_code = 1


def meta_document(meta: Meta) -> dict[str, Any]:
    """The stored `meta` document."""
    figure = meta.reported_commitments
    return {"schema_version": meta.schema_version, "title": meta.title, "as_of": meta.as_of, "summary": meta.summary,
            "reported_commitments": {"count": figure.count, "date": figure.date, "sources": list(figure.sources),
                                     "note": figure.note}}


def member_document(member: Member) -> dict[str, Any]:
    """The stored `members` document (without the member's commitments, which are their own table)."""
    return {"id": member.id, "name": member.name, "role": member.role, "eu": member.eu, "nato": member.nato,
            "stance": member.stance, "caveats": list(member.caveats), "approval": member.approval,
            "summit_2025_09_04": member.summit_2025_09_04, "sources": list(member.sources)}


def commitment_document(record: Commitment) -> dict[str, Any]:
    """The stored `commitments` document."""
    return {"member": record.member, "type": record.type, "status": record.status, "summary": record.summary,
            "conditions": list(record.conditions), "lead": record.lead, "quantity": record.quantity,
            "stated_on": record.stated_on, "sources": list(record.sources)}


def source_document(source: Source) -> dict[str, Any]:
    """The stored `sources` document."""
    return {"id": source.id, "publisher": source.publisher, "title": source.title, "date": source.date,
            "url": source.url, "tier": source.tier}


def event_document(event: Event) -> dict[str, Any]:
    """The stored `events` document (schema version 2: with its id)."""
    return {"id": event.id, "date": event.date, "title": event.title, "summary": event.summary,
            "sources": list(event.sources)}


def history_document(entry: HistoryEntry) -> dict[str, Any]:
    """The stored `history` document."""
    doc: dict[str, Any] = {"at": entry.at, "by": entry.by, "action": entry.action, "table": entry.table,
                           "key": entry.key, "before": entry.before, "after": entry.after,
                           "sources": list(entry.sources), "note": entry.note}
    if entry.undoes is not None:
        doc["undoes"] = entry.undoes
    return doc


def keyed_documents(dataset: Dataset) -> dict[str, dict[str, dict[str, Any]]]:
    """Every record of the dataset as its stored document, per table, keyed by natural key.

    Members keep the model's order, their commitments follow in type order, events by date.
    """
    return {
        "meta": {"meta": meta_document(dataset.meta)},
        "members": {m.id: member_document(m) for m in dataset.members},
        "commitments": {f"{r.member}/{r.type}": commitment_document(r)
                        for m in dataset.members for r in m.commitments.values()},
        "sources": {s.id: source_document(s) for s in dataset.sources.values()},
        "events": {e.id: event_document(e) for e in dataset.events},
    }


def numbered(keyed: dict[str, dict[str, dict[str, Any]]]) -> Tables:
    """Keyed tables in the file layout: documents numbered "1", "2", ... in their order."""
    return {table: {str(i): doc for i, doc in enumerate(docs.values(), start=1)} for table, docs in keyed.items()}


def history_starts(dataset: Dataset) -> str | None:
    """When the history begins (the first entry's time), or None when there is none."""
    return dataset.history[0].at if dataset.history else None


def dataset_at(dataset: Dataset, moment: str) -> Dataset:
    """The dataset as it was just before `moment` (UTC, `YYYY-MM-DDTHH:MM:SSZ`): every history entry at
    or after it undone, newest first.

    Returns `dataset` itself when no entry is that recent. Raises `ReplayError` when the records so
    rebuilt do not validate (the history does not describe the file's past).
    """
    recent = [e for e in dataset.history if e.at >= moment]
    if not recent:
        return dataset
    from pledge_tui.dataset.store import collector_paused

    with collector_paused():  # as `store.load` builds: a third of the time at 10,000 members went to its passes
        return _rebuilt(dataset, moment, recent)


def _rebuilt(dataset: Dataset, moment: str, recent: list[HistoryEntry]) -> Dataset:
    keyed = keyed_documents(dataset)
    for entry in reversed(recent):
        if entry.action == "upgrade" or entry.table not in keyed:
            continue
        records = keyed[entry.table]
        if entry.before is None:
            records.pop(entry.key, None)
        else:
            records[entry.key] = dict(entry.before)
    tables = numbered(keyed)
    tables["meta"]["1"]["schema_version"] = SCHEMA_VERSION
    kept = [e for e in dataset.history if e.at < moment]
    tables["history"] = {str(e.doc_id): history_document(e) for e in kept}
    rebuilt, problems = build_dataset(tables)
    if rebuilt is None:
        first = problems[0].describe("the rebuilt data") if problems else "invalid"
        raise ReplayError(f"the history does not lead back to a valid dataset at {moment}: {first}")
    return rebuilt
