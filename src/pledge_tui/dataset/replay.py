"""The dataset as it was at an earlier moment, rebuilt from its history (README "The data").

Every history entry holds the whole record before and after the change, so the records that entries made
at or after a moment changed can be put back as they were just before it. That is what
`changes --since DATE` compares with the data now (views/changes.py), so "what changed since" and
`diff` of the two files agree by construction, and a history that does not add up is found out: the
rebuilt dataset is validated like any data file.

History begins where the file was first written by pledge-tui (its `upgrade` entry and the baseline
entries that record every record as it then was, or the first change): before that, nothing is known,
and the dataset "at" an earlier moment is the dataset as it was when history began. `history_starts` says when that was.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from pledge_tui.dataset.model import (
    Commitment,
    Dataset,
    EntrySkim,
    Event,
    History,
    Member,
    Meta,
    Source,
    skims_of,
)
from pledge_tui.errors import PledgeError

if TYPE_CHECKING:
    from pledge_tui.dataset.entry import HistoryEntry

Tables = dict[str, dict[str, dict[str, Any]]]
"""A data file's layout: table name -> document id (a string) -> document."""
Doc = Mapping[str, Any]


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
    skims = skims_of(dataset)
    if skims is not None:
        return skims[0].at if skims else None
    return dataset.history[0].at if dataset.history else None


class Replayed(NamedTuple):
    """What `value_then` reads of an entry: a skimmed entry's action and records (`EntrySkim.records`).
    `list --at` so builds no `HistoryEntry`, and does not import msgspec for them when the skim is kept
    (`skim_cache`: 10 ms at 10,000 entries, benchmarks/PROFILE.md A10)."""

    action: str
    before: Doc | None
    after: Doc | None


def replayed(skim: EntrySkim) -> Replayed:
    """The skim's action and records."""
    return Replayed(skim.action, *skim.records())


def value_then(entry: HistoryEntry | Replayed, prior: HistoryEntry | Replayed | None) -> Doc | None:
    """A record as it was just before its first entry of a window (`entry`): the `before` of that entry, but
    the `after` of a baseline (history begins with it: nothing earlier is known), and for a join (`merge`,
    `resolve`, whose `before` is null) the `after` of the record's last entry before the window."""
    if entry.action == "baseline":
        return entry.after
    if entry.action in ("merge", "resolve"):
        return prior.after if prior is not None else None
    return entry.before


def dataset_at(dataset: Dataset, moment: str) -> Dataset:
    """The dataset as it was just before `moment` (UTC, `YYYY-MM-DDTHH:MM:SSZ`): every record that an entry
    at or after that moment changed put back as it was before the first of them (`value_then`: for a
    straight history, the same as undoing those entries newest first).

    Returns `dataset` itself when no entry is that recent. Raises `ReplayError` when the records so
    rebuilt do not validate (the history does not describe the file's past).

    Only the entries that say what a record was are read whole: from a log checked before, the rest are
    skimmed (`History.skim`: at 10,000 entries, decoding every record was most of `list --at`).
    """
    history = dataset.history
    skims = skims_of(dataset)
    firsts, prior = _window(skims if skims is not None else history, moment)
    if not firsts and not any(e.at >= moment for e in (skims if skims is not None else history)):
        return dataset
    if skims is not None:
        firsts = {key: replayed(skim) for key, skim in firsts.items()}
        prior = {key: replayed(prior[key]) for key in firsts if key in prior}
    earlier: Sequence[HistoryEntry] = (
        History(lambda: tuple(e for e in history if e.at < moment)) if skims is not None
        else tuple(e for e in history if e.at < moment))
    from pledge_tui import collector

    with collector.paused():  # as `store.load` builds: a third of the time at 10,000 members went to its passes
        return _rebuilt(dataset, moment, firsts, prior, earlier)


def _unchanged(dataset: Dataset, keyed: Mapping[str, Mapping[str, Doc]],
               changed: Mapping[tuple[str, str], object]) -> dict[str, set[int]]:
    """Per table, the `id()`s of the documents no entry put back: made from the records of `dataset`, which
    passed the same fields' rules (versions 2 and 3 share them), so `build_dataset` need not check their fields
    again (at 10,000 members, half of `list --at`); what ties records together it checks in full. Taken
    after the put-back documents are in place, so every id counted is a live document's. The meta document
    (its version is changed) is always checked."""
    if dataset.meta.schema_version not in (2, 3):
        return {}
    return {table: {id(doc) for key, doc in docs.items() if (table, key) not in changed}
            for table, docs in keyed.items() if table != "meta"}


def _window(entries: Iterable[Any], moment: str) -> tuple[dict[tuple[str, str], Any], dict[tuple[str, str], Any]]:
    """Per record (table, key): the first entry at or after `moment`, and the last one before it (the
    upgrade left out), of entries or skims alike."""
    firsts: dict[tuple[str, str], Any] = {}
    prior: dict[tuple[str, str], Any] = {}
    for entry in entries:
        if entry.action == "upgrade":
            continue
        if entry.at < moment:
            prior[(entry.table, entry.key)] = entry
        elif entry.table in _TABLES:
            firsts.setdefault((entry.table, entry.key), entry)
    return firsts, prior


_TABLES = frozenset({"meta", "members", "commitments", "sources", "events"})
"""The tables of `keyed_documents`."""


def _rebuilt(dataset: Dataset, moment: str, firsts: Mapping[tuple[str, str], HistoryEntry | Replayed],
             prior: Mapping[tuple[str, str], HistoryEntry | Replayed], earlier: Sequence[HistoryEntry]) -> Dataset:
    from pledge_tui.dataset.validate import SCHEMA_VERSION, build_dataset  # (`blame` and `history` import this module)

    keyed = keyed_documents(dataset)
    for (table, key), entry in firsts.items():
        then = value_then(entry, prior.get((table, key)))
        if then is None:
            keyed[table].pop(key, None)
        else:
            keyed[table][key] = dict(then)
    tables = numbered(keyed)
    tables["meta"]["1"]["schema_version"] = SCHEMA_VERSION
    tables["heads"] = {}
    rebuilt, problems = build_dataset(tables, checked=_unchanged(dataset, keyed, firsts))
    if rebuilt is None:
        first = problems[0].describe("the rebuilt data") if problems else "invalid"
        raise ReplayError(f"the history does not lead back to a valid dataset at {moment}: {first}")
    meta = rebuilt.meta._replace(schema_version=dataset.meta.schema_version)
    return rebuilt.replace(meta=meta, history=earlier)
