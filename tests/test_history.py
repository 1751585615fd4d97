"""History on the write side: entries and their ids, heads, the upgrades to version 3, undo, the clock and
the author.

The property test at the end states the undo rule: any sequence of edits, then `undo` as many times,
gives back the original records.
"""

from __future__ import annotations

import copy
import functools
import re
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pledge_tui.dataset import edits, history, ids, proof, renumber, upgrade
from pledge_tui.dataset.commit import Edit, ReadsLog
from pledge_tui.dataset.validate import build_dataset
from pledge_tui.dataset.vocab import CONDITIONS, STORED_STATUSES, TYPES
from pledge_tui.errors import RefusedError, UsageError
from tests.clones import Clone, records_of
from tests.factories import raw_dataset, raw_dataset_v2, source
from tests.history_factory import Editor

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


def test_a_new_entry_follows_its_records_head_and_time_never_goes_back() -> None:
    clone = Clone(upgrade.to_v3(raw_dataset_v2(), 2, at=AT, by="ann").tables)
    head = clone.tables["heads"]["1"] if clone.tables["heads"]["1"]["key"] == "PL/logistics" else next(
        h for h in clone.tables["heads"].values() if h["key"] == "PL/logistics")
    before = copy.deepcopy(clone.tables["commitments"]["2"])
    prepared = clone.write(functools.partial(edits.unset_commitment, member="PL", type_="logistics", sources=["S1"],
                                             note="wrong"), at="2026-03-01T00:00:00Z")
    (entry,) = prepared.entries
    assert entry == {"id": ids.entry_id(entry), "at": AT, "by": "analyst", "action": "unset", "table": "commitments",
                     "key": "PL/logistics", "before": before, "after": None, "sources": ["S1"], "note": "wrong",
                     "parents": [head["entry"]]}, "a clock behind the newest entry takes that entry's time"
    new_head = next(h for h in clone.tables["heads"].values() if h["key"] == "PL/logistics")
    assert new_head == {"table": "commitments", "key": "PL/logistics", "entry": entry["id"], "at": AT,
                        "by": "analyst", "digest": ids.record_digest("commitments", None)}
    assert prepared.at == AT


def test_entry_ids_are_the_hash_of_the_content_and_identical_entries_are_one() -> None:
    entry: dict[str, Any] = {"at": AT, "by": "ann", "action": "add-source", "table": "sources", "key": "S9",
                             "before": None, "after": source("S9"), "sources": [], "note": "", "parents": []}
    assert ids.entry_id(entry) == ids.entry_id(copy.deepcopy(entry)) == ids.entry_id(ids.with_id(entry))
    assert re.fullmatch(r"h[0-9a-f]{10}", ids.entry_id(entry))
    assert ids.entry_id({**entry, "note": "x"}) != ids.entry_id(entry), "any change of content changes the id"
    renamed = renumber.renumber_entry(ids.with_id(entry), {"sources": {"S9": "S12"}})
    assert renamed["key"] == "S12" and renamed["after"]["id"] == "S12"
    assert renamed["renumbered"] == {"sources": {"S12": "S9"}}
    assert ids.entry_id(renamed) == renamed["id"] == ids.entry_id(entry), "a merge's renumbering keeps the id"
    again = renumber.renumber_entry(renamed, {"sources": {"S12": "S20"}})
    assert again["renumbered"] == {"sources": {"S20": "S9"}} and ids.entry_id(again) == ids.entry_id(entry)


def test_upgrade_from_version_1_numbers_events_and_begins_the_log_with_baselines() -> None:
    raw = raw_dataset()
    raw["events"] = {"10": raw["events"]["1"], "2": raw["events"]["2"]}
    upgraded = upgrade.to_v3(raw, 1, at=AT, by="ann")
    tables = upgraded.tables
    assert tables["meta"]["1"]["schema_version"] == 3 and "history" not in tables
    assert {doc_id: doc["id"] for doc_id, doc in tables["events"].items()} == {"2": "E1", "10": "E2"}
    *baselines, last = upgraded.entries
    assert [(e["table"], e["key"]) for e in baselines] == [
        ("meta", "meta"), ("sources", "S1"), ("sources", "S2"), ("sources", "S3"), ("members", "EU"),
        ("members", "IT"), ("members", "PL"), ("members", "US"), ("commitments", "IT/ground-forces"),
        ("commitments", "IT/training"), ("commitments", "PL/ground-forces"), ("commitments", "PL/logistics"),
        ("commitments", "US/air-patrol"), ("commitments", "US/backstop"), ("commitments", "US/ground-forces"),
        ("events", "E1"), ("events", "E2")]
    assert all(e["action"] == "baseline" and e["before"] is None and e["parents"] == [] and e["id"] == ids.entry_id(e)
               and (e["at"], e["by"]) == ("2026-03-01T00:00:00Z", "pledge-tui") for e in baselines), \
        "dated at the start of the file's as-of month, by nobody: the same in every clone that upgrades it"
    assert upgrade.to_v3(raw, 1, at="2027-01-01T00:00:00Z", by="bob").entries[:-1] == upgraded.entries[:-1]
    assert upgrade.to_v3(raw, 1, at="2026-02-01T00:00:00Z", by="bob").entries[0]["at"] == "2026-02-01T00:00:00Z", \
        "never after the upgrade itself"
    assert baselines[4]["after"] == tables["members"]["4"] and baselines[4]["sources"] == ["S2"]
    assert last["action"] == "upgrade" and last["note"] == "schema version 1 -> 3: events numbered E1..E2, history " \
        "log begun"
    assert len(tables["heads"]) == len(baselines), "one head per record; the upgrade is no record's"
    assert raw["meta"]["1"]["schema_version"] == 1 and "heads" not in raw, "the input is left as it was"
    dataset, problems = build_dataset(tables)
    assert problems == [] and dataset is not None and len(dataset.heads) == 17


def test_upgrade_from_version_2_moves_the_history_to_the_log_with_ids_and_parents() -> None:
    editor = Editor(raw_dataset_v2())  # a version-2 file: PL/logistics considering -> pledged, then these
    editor.set("PL", "air-patrol", status="pledged")
    editor.add_source("S9")
    undone = editor.set("PL", "logistics", status="conditional", conditions=["parliament"])
    editor.undo(undone)
    raw = editor.raw
    upgraded = upgrade.to_v3(raw, 2, at="2026-04-01T00:00:00Z", by="ann")
    entries = list(upgraded.entries)
    by_action = [e["action"] for e in entries]
    assert by_action.count("baseline") == 17 and by_action[-5:] == ["set", "add-source", "set", "undo", "upgrade"]
    assert by_action[17] == "set" and entries[17]["key"] == "PL/logistics", "the first version-2 entry"
    first = entries[17]
    pl_baseline = next(e for e in entries if e["action"] == "baseline" and e["key"] == "PL/logistics")
    assert pl_baseline["after"] == raw["history"]["1"]["before"], "the record as it was before the first entry"
    assert pl_baseline["at"] == first["at"] == raw["history"]["1"]["at"]
    assert first["parents"] == [pl_baseline["id"]]
    undo_entry = entries[-2]
    assert undo_entry["undoes"] == entries[-3]["id"] and undo_entry["parents"] == [entries[-3]["id"]]
    assert all(e["id"] == ids.entry_id(e) for e in entries)
    assert "S9" not in {e["key"] for e in entries if e["action"] == "baseline"}, "created by an entry: no baseline"
    assert entries[-1]["note"] == upgrade.BY_UPGRADE_V2 and entries[-1]["at"] == "2026-04-01T00:00:00Z"
    assert upgrade.to_v3(raw, 2, at="2026-05-01T00:00:00Z", by="bob").entries[:-1] == upgraded.entries[:-1], \
        "two clones that upgrade the same file get the same baselines and entries"
    reader, _ = build_dataset(raw)
    assert reader is not None
    assert [e.id for e in reader.history] == [e["id"] for e in entries[17:-1]], "a version-2 reader gives the same ids"


def test_a_version_2_history_that_does_not_replay_is_converted_and_its_record_refused_until_adopted() -> None:
    editor = Editor()
    editor.set("PL", "air-patrol", status="pledged")
    editor.raw["commitments"]["8"]["status"] = "considering"  # changed by hand since
    clone = Clone(editor.raw)
    with pytest.raises(RefusedError) as refused:
        clone.write(functools.partial(edits.set_commitment, member="PL", type_="air-patrol", status="pledged",
                                      sources=["S1"], today="2026-03-10"))
    (problem,) = refused.value.problems
    assert (problem.table, problem.record) == ("commitments", '"PL/air-patrol"')
    assert re.fullmatch(r"differs from the result of history entry h[0-9a-f]{10}; record it with pledge-tui adopt",
                        problem.message)
    clone.write(ReadsLog(functools.partial(edits.adopt, sources=["S2"], note="the press said so")))
    assert clone.entries[-1]["action"] == "adopt" and clone.entries[-2]["action"] == "upgrade"
    assert clone.entries[-1]["after"]["status"] == "considering" and clone.entries[-1]["before"]["status"] == "pledged"
    clone.write(functools.partial(edits.set_commitment, member="PL", type_="air-patrol", status="pledged",
                                  sources=["S1"], today="2026-03-10"))
    assert clone.entries[-1]["parents"] == [clone.entries[-2]["id"]]


def test_undo_takes_the_newest_change_not_yet_undone() -> None:
    clone = Clone(raw_dataset_v2())  # entry: PL/logistics considering -> pledged
    clone.write(functools.partial(edits.set_commitment, member="IT", type_="funding", status="pledged",
                                  sources=["S2"], today="2026-03-10", summary="Money."))
    funding = clone.entries[-1]["id"]
    first = edits.undo(clone.tables, clone.entries, note="typo")
    assert (first.action, first.key, first.undoes, first.after, first.sources, first.note) == (
        "undo", "IT/funding", funding, None, ("S2",), "typo")
    clone.undo()
    second = edits.undo(clone.tables, clone.entries)
    pl = next(e for e in clone.entries if e["action"] == "set" and e["key"] == "PL/logistics")
    assert (second.key, second.undoes) == ("PL/logistics", pl["id"])
    assert second.after is not None and second.after["status"] == "considering"
    clone.undo()
    with pytest.raises(UsageError, match="nothing to undo"):
        edits.undo(clone.tables, clone.entries)


def test_nothing_to_undo_after_only_an_upgrade() -> None:
    upgraded = upgrade.to_v3(raw_dataset(), 1, at=AT, by="ann")
    with pytest.raises(UsageError, match="nothing to undo"):
        edits.undo(upgraded.tables, upgraded.entries)


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


def records(tables: dict[str, Any]) -> dict[tuple[str, str], Any]:
    """Every table of records, keyed by natural key (document ids may change: a re-inserted record takes the
    next id), for comparison; the meta document without its schema version (the upgrade changes it)."""
    out = {key: doc for key, doc in records_of(tables).items() if key[0] != "meta"}
    meta = next(iter(tables["meta"].values()))
    return {**out, ("meta", "meta"): {k: v for k, v in meta.items() if k != "schema_version"}}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(edit_strategies), min_size=1, max_size=12), st.booleans())
def test_undoing_every_edit_gives_back_the_original_records(sequence: list[Edit], version_1: bool) -> None:
    original = raw_dataset() if version_1 else raw_dataset_v2()
    clone = Clone(original, by="ann")
    made = 0
    for edit in sequence:
        try:
            prepared = clone.write(edit)
        except (UsageError, RefusedError):
            continue  # refused edits change nothing
        made += prepared.tables is not None
    for _ in range(made):
        clone.undo()
    expected = upgrade.to_v3(original, 1, at=AT, by="ann").tables if version_1 and made else original
    assert records(clone.tables) == records(expected)
    dataset, problems = build_dataset(clone.tables)
    assert problems == [] and dataset is not None
    if made:
        assert sum(e["action"] == "undo" for e in clone.entries) == made
        found = proof.check(clone.tables, list(enumerate(clone.entries, 1)))
        assert [p.describe("f.json") for p in found.problems] == []
