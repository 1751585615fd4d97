"""The history table on the write side: entries, the version-1 upgrade, undo, the clock and the author.

The property test at the end states the undo rule: any sequence of edits, then `undo` as many times,
gives back the original records.
"""

from __future__ import annotations

import copy
import functools
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pledge_tui.dataset import edits, history
from pledge_tui.dataset.commit import Edit, prepare
from pledge_tui.dataset.validate import build_dataset
from pledge_tui.dataset.vocab import CONDITIONS, STORED_STATUSES, TYPES
from pledge_tui.errors import RefusedError, UsageError
from tests.factories import raw_dataset, raw_dataset_v2

AT = "2026-03-10T09:00:00Z"


def test_apply_change_replaces_in_place_inserts_at_the_next_id_and_removes() -> None:
    raw = raw_dataset_v2()
    replaced = history.apply_change(raw, edits.set_commitment(raw, "PL", "logistics", "considering",
                                                              sources=["S1"], today="2026-03-10"))
    assert replaced["commitments"]["2"]["status"] == "considering" and raw["commitments"]["2"]["status"] == "pledged"
    assert replaced["members"] is raw["members"], "only the changed table is copied"
    added = history.apply_change(raw, edits.set_commitment(raw, "IT", "funding", "pledged", sources=["S1"],
                                                           today="2026-03-10", summary="x"))
    assert added["commitments"]["8"]["member"] == "IT"
    removed = history.apply_change(raw, edits.unset_commitment(raw, "PL", "logistics", sources=["S1"], note="x"))
    assert "2" not in removed["commitments"] and len(removed["commitments"]) == 6


def test_entries_are_appended_in_order_and_time_never_goes_back() -> None:
    raw = raw_dataset_v2()
    change = edits.unset_commitment(raw, "PL", "logistics", sources=["S1"], note="wrong")
    tables, entry_id = history.record_entry(raw, change, at="2026-03-01T00:00:00Z", by="bob")
    assert entry_id == 2
    entry = tables["history"]["2"]
    assert entry == {"at": "2026-03-10T09:00:00Z", "by": "bob", "action": "unset", "table": "commitments",
                     "key": "PL/logistics", "before": raw["commitments"]["2"], "after": None, "sources": ["S1"],
                     "note": "wrong"}, "a clock behind the newest entry takes that entry's time"
    assert entry["before"] is not raw["commitments"]["2"], "history keeps its own copy"


def test_upgrade_numbers_events_by_document_id_and_records_one_entry() -> None:
    raw = raw_dataset()
    raw["events"] = {"10": raw["events"]["1"], "2": raw["events"]["2"]}
    upgraded = history.upgrade(raw, at=AT, by="ann")
    assert upgraded["meta"]["1"]["schema_version"] == 2
    assert {doc_id: doc["id"] for doc_id, doc in upgraded["events"].items()} == {"2": "E1", "10": "E2"}
    assert upgraded["history"] == {"1": {
        "action": "upgrade", "table": "meta", "key": "meta", "before": None, "after": None, "sources": [],
        "note": "schema version 1 -> 2: events numbered E1..E2, history table added", "at": AT, "by": "ann"}}
    assert raw["meta"]["1"]["schema_version"] == 1 and "history" not in raw
    assert history.upgrade(upgraded, at=AT, by="ann") is upgraded, "a version-2 file is left as it is"


def test_undo_takes_the_newest_change_not_yet_undone() -> None:
    tables = raw_dataset_v2()  # entry 1: PL/logistics considering -> pledged
    step = functools.partial(prepare, "f.json", at=AT, by="ann")
    tables = _apply(step, tables, functools.partial(edits.set_commitment, member="IT", type_="funding",
                                                    status="pledged", sources=["S2"], today="2026-03-10",
                                                    summary="Money."))
    first = history.undo(tables, note="typo")
    assert (first.action, first.key, first.undoes, first.after, first.sources, first.note) == (
        "undo", "IT/funding", 2, None, ("S2",), "typo")
    tables = _apply(step, tables, lambda t: history.undo(t))
    second = history.undo(tables)
    assert (second.key, second.undoes) == ("PL/logistics", 1)
    assert second.after is not None and second.after["status"] == "considering"
    tables = _apply(step, tables, lambda t: history.undo(t))
    with pytest.raises(UsageError, match="nothing to undo"):
        history.undo(tables)


def test_nothing_to_undo_after_only_an_upgrade() -> None:
    upgraded = history.upgrade(raw_dataset(), at=AT, by="ann")
    with pytest.raises(UsageError, match="nothing to undo"):
        history.undo(upgraded)


def test_clock_follows_source_date_epoch() -> None:
    assert history.clock({"SOURCE_DATE_EPOCH": "1767225600"}) == "2026-01-01T00:00:00Z"
    assert history.clock({"SOURCE_DATE_EPOCH": ""}).endswith("Z")
    for bad in ("soon", "-5", "1e9", "٣", "99999999999999999999"):
        with pytest.raises(UsageError, match="SOURCE_DATE_EPOCH"):
            history.clock({"SOURCE_DATE_EPOCH": bad})


def test_author_order() -> None:
    assert history.author("Ann", {"PLEDGE_TUI_USER": "bob"}) == "Ann"
    assert history.author(None, {"PLEDGE_TUI_USER": "bob"}) == "bob"
    assert history.author(None, {}) != ""
    with pytest.raises(UsageError, match="--by"):
        history.author("  ", {})


def _apply(step: Any, tables: dict[str, Any], edit: Edit) -> dict[str, Any]:
    prepared = step(tables, edit)
    assert prepared.tables is not None
    result: dict[str, Any] = prepared.tables
    return result


# --- the undo property --------------------------------------------------------------------------------

MEMBERS = ("PL", "IT", "US", "EU")
texts = st.text(min_size=1, max_size=12).filter(lambda s: s.strip() and s.isprintable())
cite = st.lists(st.sampled_from(("S1", "S2", "S3")), min_size=1, max_size=2, unique=True)

edit_strategies: list[st.SearchStrategy[Edit]] = [
    st.builds(lambda m, t, s, summary, conds, lead, src: functools.partial(
        edits.set_commitment, member=m, type_=t, status=s, summary=summary, conditions=conds, lead=lead,
        sources=src, today="2026-03-10"),
        st.sampled_from(MEMBERS), st.sampled_from(TYPES), st.sampled_from(STORED_STATUSES), texts | st.none(),
        st.none() | st.lists(st.sampled_from(CONDITIONS), unique=True, max_size=2), st.none() | st.booleans(),
        cite),
    st.builds(lambda m, t, src: functools.partial(edits.unset_commitment, member=m, type_=t, sources=src,
                                                  note="gone"),
              st.sampled_from(MEMBERS), st.sampled_from(TYPES), cite),
    st.builds(lambda m, stance, add, src: functools.partial(edits.edit_member, member=m, stance=stance,
                                                            add_caveats=add, sources=src),
              st.sampled_from(MEMBERS), texts | st.none(), st.lists(texts, max_size=2), cite),
    st.builds(lambda i, src: functools.partial(edits.add_member, member_id=f"X{i}", name=f"Land {i}", role="member",
                                               stance="New.", sources=src), st.integers(0, 3), cite),
    st.builds(lambda title: functools.partial(edits.add_source, publisher="Wire", title=title, date="2026",
                                              url="", tier="B"), texts),
    st.builds(lambda title, src: functools.partial(edits.add_event, date="2026-02", title=title, summary="S.",
                                                   sources=src), texts, cite),
    st.builds(lambda s, tier, src: functools.partial(edits.edit_source, source=s, tier=tier, sources=src),
              st.sampled_from(("S1", "S2")), st.sampled_from(("A", "B", "C")), cite),
    st.builds(lambda e, title, src: functools.partial(edits.edit_event, event=e, title=title, sources=src),
              st.sampled_from(("E1", "E2")), texts, cite),
    st.builds(lambda as_of, src: functools.partial(edits.edit_meta, as_of=as_of, sources=src),
              st.sampled_from(("2026-04", "2026-05-01")), cite),
]


def records(tables: dict[str, Any]) -> dict[str, Any]:
    """Every table but the history, keyed by natural key (document ids may change: a re-inserted
    record takes the next id), for comparison."""
    from pledge_tui.dataset.model import natural_key

    def key(name: str, doc_id: str, doc: dict[str, Any]) -> str:
        return doc_id if name == "events" and "id" not in doc else natural_key(name, doc)  # version-1 events

    return {name: sorted(((key(name, doc_id, doc), doc) for doc_id, doc in docs.items()), key=lambda r: r[0])
            for name, docs in tables.items() if name != "history"}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(edit_strategies), min_size=1, max_size=12), st.booleans())
def test_undoing_every_edit_gives_back_the_original_records(sequence: list[Edit], version_1: bool) -> None:
    original = raw_dataset() if version_1 else raw_dataset_v2()
    tables = copy.deepcopy(original)
    step = functools.partial(prepare, "f.json", at=AT, by="ann")
    made = 0
    for edit in sequence:
        try:
            prepared = step(tables, edit)
        except (UsageError, RefusedError):
            continue  # refused edits change nothing
        if prepared.tables is not None:
            tables, made = prepared.tables, made + 1
    for _ in range(made):
        tables = _apply(step, tables, lambda t: history.undo(t))
    expected = history.upgrade(original, at=AT, by="ann") if version_1 and made else original
    assert records(tables) == records(expected)
    dataset, problems = build_dataset(tables)
    assert problems == [] and dataset is not None
    assert len(dataset.history) == len(original.get("history", {})) + (made > 0 and version_1) + 2 * made
