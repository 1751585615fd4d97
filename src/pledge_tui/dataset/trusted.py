"""The model of a data file whose bytes passed a full validation before (`dataset.validated`), built without a
single check: what `validate.build_dataset` builds from the same file, at a fraction of the cost, without
importing the rules (`validate`) at all for a version-3 file. tests/test_validated_cache.py checks that both
build the same dataset from generated files of both versions; a file of another shape gives None here, and
the caller validates in full.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pledge_tui.dataset.model import Commitment, Dataset, Event, Head, Member, Meta, ReportedFigure, Source

if TYPE_CHECKING:
    from pledge_tui.dataset.entry import HistoryEntry


def build_trusted(raw: Any) -> Dataset | None:
    """The model of a parsed version-2 or version-3 file whose bytes passed a full validation before
    (`dataset.validated`): what `build_dataset` builds from it, without a single check (None for another
    version, or anything that does not have the shape a valid file has: the caller then validates in full).
    Its history (version 2) and heads are built as `build_dataset` builds them."""
    try:
        (meta_doc,) = raw["meta"].values()
        version = meta_doc["schema_version"]
        if version not in TRUSTED_VERSIONS:
            return None
        reported = meta_doc["reported_commitments"]
        meta = Meta(meta_doc["schema_version"], meta_doc["title"], meta_doc["as_of"], meta_doc["summary"],
                    ReportedFigure(reported["count"], reported["date"], tuple(reported["sources"]), reported["note"]))
        sources = {doc["id"]: Source(doc["id"], doc["publisher"], doc["title"], doc["date"], doc["url"], doc["tier"])
                   for doc in raw["sources"].values()}
        member_docs = list(raw["members"].values())
        by_member: dict[str, dict[str, Commitment]] = {doc["id"]: {} for doc in member_docs}
        for doc in raw["commitments"].values():
            by_member[doc["member"]][doc["type"]] = Commitment(
                doc["member"], doc["type"], doc["status"], doc["summary"], tuple(doc["conditions"]), doc["lead"],
                doc["quantity"], doc["stated_on"], tuple(doc["sources"]))
        members = tuple(Member(doc["id"], doc["name"], doc["role"], doc["eu"], doc["nato"], doc["stance"],
                               tuple(doc["caveats"]), doc["approval"], doc["summit_2025_09_04"], tuple(doc["sources"]),
                               by_member[doc["id"]]) for doc in member_docs)
        events = sorted((Event(doc["id"], doc["date"], doc["title"], doc["summary"], tuple(doc["sources"]))
                         for doc in raw["events"].values()), key=lambda e: e.date)
        history: tuple[HistoryEntry, ...] = ()
        if version == 3:
            heads = {(doc["table"], doc["key"]): Head(doc["entry"], doc["at"], doc["by"], doc["digest"])
                     for doc in raw["heads"].values()}
        else:
            history = trusted_history(list(raw["history"].items()))
            heads = {}
            if history:
                from pledge_tui.dataset.validate import heads_from_entries

                heads = heads_from_entries(history)
    except (KeyError, TypeError, ValueError, AttributeError):
        return None
    return Dataset(meta, members, sources, tuple(events), history, heads)


TRUSTED_VERSIONS = (2, 3)
"""The versions `build_trusted` builds (a version-1 file is always validated: its first write upgrades it)."""


def trusted_history(rows: list[tuple[str, dict[str, Any]]]) -> tuple[HistoryEntry, ...]:
    """A version-2 history validated before, as `validate._history` builds it, without its checks."""
    if not rows:
        return ()
    from pledge_tui.dataset.upgrade import convert_v2
    from pledge_tui.dataset.validate import history_entry

    ordered = sorted(rows, key=lambda r: int(r[0]))
    return tuple(history_entry(doc, seq) for seq, doc in enumerate(convert_v2(ordered).entries, start=1))
