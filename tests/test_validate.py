"""Validation (README "The data"): one test per rule, each checking the table, record and field named."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest

from pledge_tui.dataset.validate import build_dataset
from pledge_tui.errors import Problem
from tests.factories import commitment, event, history_entry, member, raw_dataset, raw_dataset_v2, source

Raw = dict[str, Any]


def problems_of(mutate: Callable[[Raw], object]) -> list[Problem]:
    raw = raw_dataset()
    mutate(raw)
    dataset, problems = build_dataset(raw)
    assert dataset is None, "the mutated dataset should have been rejected"
    assert problems
    return problems


def only(problems: list[Problem]) -> Problem:
    assert len(problems) == 1, [p.describe("f.json") for p in problems]
    return problems[0]


def test_fixture_is_valid() -> None:
    dataset, problems = build_dataset(raw_dataset())
    assert problems == [] and dataset is not None
    assert [m.id for m in dataset.members] == ["PL", "IT", "US", "EU"]


# (what is broken, mutation, table, record, field, words the message must contain)
CASES: list[tuple[str, Callable[[Raw], object], str, str | None, str | None, str]] = [
    ("unknown type slug", lambda r: r["commitments"]["1"].update(type="space-lasers"),
     "commitments", '"PL/space-lasers" (doc 1)', "type", "unknown type 'space-lasers'"),
    ("unknown status slug", lambda r: r["commitments"]["1"].update(status="maybe"),
     "commitments", '"PL/ground-forces" (doc 1)', "status", "unknown status 'maybe'"),
    ("stored not-disclosed", lambda r: r["commitments"]["1"].update(status="not-disclosed"),
     "commitments", '"PL/ground-forces" (doc 1)', "status", "never stored"),
    ("unknown condition slug", lambda r: r["commitments"]["1"].update(conditions=["sunny-day"]),
     "commitments", '"PL/ground-forces" (doc 1)', "conditions", "unknown condition 'sunny-day'"),
    ("condition listed twice", lambda r: r["commitments"]["1"].update(conditions=["ceasefire", "ceasefire"]),
     "commitments", '"PL/ground-forces" (doc 1)', "conditions", "twice"),
    ("unknown role", lambda r: r["members"]["1"].update(role="observer"),
     "members", '"PL" (doc 1)', "role", "unknown role 'observer'"),
    ("unknown approval", lambda r: r["members"]["1"].update(approval="pending"),
     "members", '"PL" (doc 1)', "approval", "unknown approval"),
    ("unknown attendance", lambda r: r["members"]["1"].update(summit_2025_09_04="hologram"),
     "members", '"PL" (doc 1)', "summit_2025_09_04", "unknown attendance"),
    ("unknown tier", lambda r: r["sources"]["1"].update(tier="D"),
     "sources", '"S1" (doc 1)', "tier", "unknown tier 'D'"),
    ("malformed member id", lambda r: r["members"]["1"].update(id="poland"),
     "members", '"poland" (doc 1)', "id", "malformed member id"),
    ("duplicate member id", lambda r: r["members"]["2"].update(id="PL"),
     "members", '"PL" (doc 2)', "id", "duplicate member id 'PL'"),
    ("duplicate source id", lambda r: r["sources"]["2"].update(id="S1"),
     "sources", '"S1" (doc 2)', "id", "duplicate source id 'S1'"),
    ("second record for a member and type", lambda r: r["commitments"].update({"99": commitment("PL", "logistics")}),
     "commitments", '"PL/logistics" (doc 99)', "type", "second record for (PL, logistics)"),
    ("commitment of a missing member", lambda r: r["commitments"]["1"].update(member="XX"),
     "commitments", '"XX/ground-forces" (doc 1)', "member", "member 'XX', which does not exist"),
    ("member cites a missing source", lambda r: r["members"]["1"].update(sources=["S404"]),
     "members", '"PL" (doc 1)', "sources", "source 'S404', which does not exist"),
    ("commitment cites a missing source", lambda r: r["commitments"]["1"].update(sources=["S1", "S404"]),
     "commitments", '"PL/ground-forces" (doc 1)', "sources", "source 'S404'"),
    ("event cites a missing source", lambda r: r["events"]["1"].update(sources=["S404"]),
     "events", "doc 1", "sources", "source 'S404'"),
    ("meta cites a missing source", lambda r: r["meta"]["1"]["reported_commitments"].update(sources=["S404"]),
     "meta", "doc 1", "reported_commitments.sources", "source 'S404'"),
    ("malformed commitment date", lambda r: r["commitments"]["1"].update(stated_on="6 Jan 2026"),
     "commitments", '"PL/ground-forces" (doc 1)', "stated_on", "malformed date '6 Jan 2026'"),
    ("impossible commitment date", lambda r: r["commitments"]["1"].update(stated_on="2026-02-30"),
     "commitments", '"PL/ground-forces" (doc 1)', "stated_on", "impossible date '2026-02-30'"),
    ("year-only commitment date", lambda r: r["commitments"]["1"].update(stated_on="2026"),
     "commitments", '"PL/ground-forces" (doc 1)', "stated_on", "malformed date"),
    ("impossible source month", lambda r: r["sources"]["1"].update(date="2025-13"),
     "sources", '"S1" (doc 1)', "date", "impossible date '2025-13'"),
    ("malformed as_of", lambda r: r["meta"]["1"].update(as_of="March 2026"),
     "meta", "doc 1", "as_of", "malformed date"),
    ("malformed event date", lambda r: r["events"]["2"].update(date="2026/01/06"),
     "events", "doc 2", "date", "malformed date"),
    ("commitment without a source", lambda r: r["commitments"]["1"].update(sources=[]),
     "commitments", '"PL/ground-forces" (doc 1)', "sources", "cites no source"),
    ("member without a source", lambda r: r["members"]["1"].update(sources=[]),
     "members", '"PL" (doc 1)', "sources", "cites no source"),
    ("event without a source", lambda r: r["events"]["1"].update(sources=[]),
     "events", "doc 1", "sources", "cites no source"),
    ("lead is not a boolean", lambda r: r["commitments"]["1"].update(lead="yes"),
     "commitments", '"PL/ground-forces" (doc 1)', "lead", "expected true or false, got a string"),
    ("eu is a number", lambda r: r["members"]["1"].update(eu=1),
     "members", '"PL" (doc 1)', "eu", "expected true or false, got a number"),
    ("name is a number", lambda r: r["members"]["1"].update(name=42),
     "members", '"PL" (doc 1)', "name", "expected a string, got a number"),
    ("stance on two lines", lambda r: r["members"]["1"].update(stance="one\ntwo"),
     "members", '"PL" (doc 1)', "stance", "single line"),
    ("empty summary", lambda r: r["commitments"]["1"].update(summary="  "),
     "commitments", '"PL/ground-forces" (doc 1)', "summary", "must not be empty"),
    ("caveats is a string", lambda r: r["members"]["1"].update(caveats="none"),
     "members", '"PL" (doc 1)', "caveats", "expected a list of strings"),
    ("caveat is a number", lambda r: r["members"]["1"].update(caveats=["ok", 3]),
     "members", '"PL" (doc 1)', "caveats", "item 2: expected a string"),
    ("quantity is a number", lambda r: r["commitments"]["1"].update(quantity=150),
     "commitments", '"PL/ground-forces" (doc 1)', "quantity", "expected a string or null"),
    ("sources is a string", lambda r: r["members"]["1"].update(sources="S1"),
     "members", '"PL" (doc 1)', "sources", "expected a list of source ids"),
    ("url is not http", lambda r: r["sources"]["1"].update(url="javascript:alert(1)"),
     "sources", '"S1" (doc 1)', "url", "expected an http(s) address"),
    ("missing field", lambda r: r["members"]["1"].pop("stance"),
     "members", '"PL" (doc 1)', "stance", "missing"),
    ("misspelt field", lambda r: r["members"]["1"].update(caveat=["x"]),
     "members", '"PL" (doc 1)', "caveat", "unexpected field"),
    ("schema version", lambda r: r["meta"]["1"].update(schema_version=4),
     "meta", "doc 1", "schema_version", "unsupported schema version 4"),
    ("date with Arabic-Indic digits", lambda r: r["commitments"]["1"].update(stated_on="٢٠٢٦-01"),
     "commitments", '"PL/ground-forces" (doc 1)', "stated_on", "malformed date"),
    ("date with full-width digits", lambda r: r["sources"]["1"].update(date="\uff12\uff10\uff12\uff15"),
     "sources", '"S1" (doc 1)', "date", "malformed date"),
    ("name made only of invisible characters", lambda r: r["members"]["1"].update(name="\u200b\u2066\u202e"),
     "members", '"PL" (doc 1)', "name", "only invisible characters"),
    ("stance made only of controls and spaces", lambda r: r["members"]["1"].update(stance=" \x1b \x7f "),
     "members", '"PL" (doc 1)', "stance", "only invisible characters"),
    ("invisible caveat", lambda r: r["members"]["1"].update(caveats=["ok", "\ufeff"]),
     "members", '"PL" (doc 1)', "caveats", "item 2: must not be empty (it holds only invisible"),
    ("invisible quantity", lambda r: r["commitments"]["1"].update(quantity="\u200b"),
     "commitments", '"PL/ground-forces" (doc 1)', "quantity", "use null"),
    ("reported count negative", lambda r: r["meta"]["1"]["reported_commitments"].update(count=-1),
     "meta", "doc 1", "reported_commitments", "count"),
    ("document is not an object", lambda r: r["members"].update({"1": ["PL"]}),
     "members", "doc 1", None, "expected an object, got a list"),
    ("document id is not a number", lambda r: r["sources"].update({"one": source("S9")}),
     "sources", "doc 'one'", None, "whole numbers"),
]


@pytest.mark.parametrize(("mutate", "table", "record", "field", "words"),
                         [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_each_rule_names_table_record_and_field(mutate: Callable[[Raw], object], table: str,
                                                record: str | None, field: str | None, words: str) -> None:
    problems = problems_of(mutate)
    located = [p for p in problems if (p.table, p.record, p.field) == (table, record, field)]
    assert located, [p.describe("f.json") for p in problems]
    problem = located[0]
    assert words in problem.message
    # A broken record may also leave references dangling (renamed ids), but never duplicates itself.
    assert len(located) == 1
    line = problem.describe("data/x.json")
    assert line.startswith("data/x.json: ") and "\n" not in line


def test_missing_table() -> None:
    problem = only(problems_of(lambda r: r.pop("events")))
    assert problem.table == "events" and "missing" in problem.message


def test_unknown_table() -> None:
    problem = only(problems_of(lambda r: r.update(extras={})))
    assert problem.table == "extras" and "unknown table" in problem.message


def test_table_that_is_not_an_object() -> None:
    problem = only(problems_of(lambda r: r.update(members=[])))
    assert problem.table == "members" and "got a list" in problem.message


@pytest.mark.parametrize("top", [[], "text", 3, None])
def test_top_level_must_be_an_object(top: Any) -> None:
    dataset, problems = build_dataset(top)
    assert dataset is None
    assert "top level" in only(problems).message


def test_meta_must_have_exactly_one_document() -> None:
    raw = raw_dataset()
    raw["meta"]["2"] = dict(raw["meta"]["1"])
    _, problems = build_dataset(raw)
    assert "exactly one document, found 2" in only(problems).message


def test_every_problem_is_reported_at_once() -> None:
    def break_many(r: Raw) -> None:
        r["members"]["1"]["role"] = "observer"
        r["commitments"]["2"]["status"] = "maybe"
        r["sources"]["1"]["date"] = "soon"
        r["events"]["1"]["sources"] = []

    problems = problems_of(break_many)
    assert {(p.table, p.field) for p in problems} == {
        ("members", "role"), ("commitments", "status"), ("sources", "date"), ("events", "sources")}


def test_members_keep_file_order_and_commitments_type_order() -> None:
    raw = raw_dataset()
    raw["commitments"]["50"] = commitment("PL", "air-patrol", "considering")
    dataset, _ = build_dataset(raw)
    assert dataset is not None
    poland = dataset.member("PL")
    assert poland is not None
    assert list(poland.commitments) == ["ground-forces", "air-patrol", "logistics"]
    assert poland.status("funding") == "not-disclosed"


def test_member_ids_may_be_institutions() -> None:
    raw = raw_dataset()
    raw["members"]["9"] = member("NATO", "NATO", role="institution", eu=False)
    dataset, problems = build_dataset(raw)
    assert problems == [] and dataset is not None and dataset.find_member("nato") is not None


# --- schema version 2 (README "The data") ---------------------------------------------------------------

def problems_of_v2(mutate: Callable[[Raw], object]) -> list[Problem]:
    raw = raw_dataset_v2()
    mutate(raw)
    dataset, problems = build_dataset(raw)
    assert dataset is None and problems, "the mutated version-2 dataset should have been rejected"
    return problems


def test_version_2_fixture_is_valid_and_carries_event_ids_and_history() -> None:
    dataset, problems = build_dataset(raw_dataset_v2())
    assert problems == [] and dataset is not None
    assert dataset.meta.schema_version == 2
    assert [e.id for e in dataset.events] == ["E1", "E2"]
    assert dataset.event("E2") is not None and dataset.event("E2").title == "Paris Declaration"  # type: ignore[union-attr]
    (entry,) = dataset.history
    assert (entry.seq, entry.action, entry.table, entry.key) == (1, "set", "commitments", "PL/logistics")
    assert re.fullmatch(r"h[0-9a-f]{10}", entry.id), "the id the upgrade to version 3 will give it"
    assert len(entry.parents) == 1, "its parent: the baseline entry of the record as it was before"
    assert (entry.member_id, entry.type_slug) == ("PL", "logistics")
    assert entry.before is not None and entry.before["status"] == "considering"
    assert entry.after is not None and entry.after["status"] == "pledged"


def test_version_1_events_get_the_ids_the_upgrade_will_give_them() -> None:
    raw = raw_dataset()
    # Document ids out of order and with a gap: numbering follows the integer document ids.
    raw["events"] = {"10": event(title="Ten"), "2": event(title="Two"), "3": event(title="Three")}
    dataset, problems = build_dataset(raw)
    assert problems == [] and dataset is not None
    assert {e.title: e.id for e in dataset.events} == {"Two": "E1", "Three": "E2", "Ten": "E3"}
    assert dataset.history == ()


def test_version_1_file_with_a_history_table_is_refused() -> None:
    raw = raw_dataset()
    raw["history"] = {}
    problem = only(build_dataset(raw)[1])
    assert problem.table == "history" and "only schema version 2" in problem.message


def test_version_2_needs_the_history_table_and_event_ids() -> None:
    problems = problems_of_v2(lambda r: (r.pop("history"), r["events"]["1"].pop("id")))
    assert {(p.table, p.record, p.field, p.message) for p in problems} == {
        ("history", None, None, "table is missing"), ("events", "doc 1", "id", "missing")}


def test_history_entries_are_named_by_document_id() -> None:
    problems = problems_of_v2(lambda r: r["history"]["1"].update(by=""))
    assert only(problems).describe("f.json") == 'f.json: history doc 1, field "by": must not be empty'


def test_an_empty_history_is_valid() -> None:
    raw = raw_dataset_v2()
    raw["history"] = {}
    assert build_dataset(raw)[1] == []


def test_record_lookup_by_natural_key() -> None:
    dataset, _ = build_dataset(raw_dataset_v2())
    assert dataset is not None
    assert dataset.record("commitments", "PL/logistics") == dataset.member("PL").commitments["logistics"]  # type: ignore[union-attr]
    assert dataset.record("commitments", "PL/funding") is None
    assert dataset.record("members", "US") is dataset.member("US")
    assert dataset.record("sources", "S2") is dataset.sources["S2"]
    assert dataset.record("events", "E1") is dataset.event("E1")
    assert dataset.record("meta", "meta") is dataset.meta
    assert dataset.record("members", "XX") is None


def _entry(r: Raw) -> dict[str, Any]:
    entry: dict[str, Any] = r["history"]["1"]
    return entry


def _second(r: Raw, doc: dict[str, Any]) -> None:
    r["history"]["2"] = doc


_PL_LOG = commitment("PL", "logistics", "pledged", lead=True, sources=["S1", "S2"])
_PL_LOG_BEFORE = {**_PL_LOG, "status": "considering"}


def _two_undos(r: Raw, second_undoes: int) -> None:
    """Entry 2 undoes entry 1; entry 3 undoes `second_undoes`."""
    r["history"]["2"] = history_entry(action="undo", undoes=1, before=_PL_LOG, after=_PL_LOG_BEFORE)
    r["history"]["3"] = history_entry(action="undo", undoes=second_undoes, before=_PL_LOG_BEFORE, after=_PL_LOG)

# (what is broken, mutation of raw_dataset_v2(), record, field, words)
V2_CASES: list[tuple[str, Callable[[Raw], object], str, str | None, str]] = [
    ("duplicate event id", lambda r: r["events"]["2"].update(id="E1"), '"E1" (doc 2)', "id",
     "duplicate event id 'E1'"),
    ("malformed event id", lambda r: r["events"]["2"].update(id="E 2"), '"E 2" (doc 2)', "id", "malformed event id"),
    ("history time malformed", lambda r: _entry(r).update(at="2026-03-10 09:00"), "doc 1", "at", "malformed time"),
    ("history time not UTC", lambda r: _entry(r).update(at="2026-03-10T09:00:00+01:00"), "doc 1", "at",
     "malformed time"),
    ("history time impossible", lambda r: _entry(r).update(at="2026-02-30T09:00:00Z"), "doc 1", "at",
     "impossible time"),
    ("history time with non-ASCII digits", lambda r: _entry(r).update(at="٢٠٢٦-03-10T09:00:00Z"), "doc 1", "at",
     "malformed time"),
    ("history without who", lambda r: _entry(r).update(by=" "), "doc 1", "by", "must not be empty"),
    ("history who on two lines", lambda r: _entry(r).update(by="a\nb"), "doc 1", "by", "single line"),
    ("unknown action", lambda r: _entry(r).update(action="rename"), "doc 1", "action", "unknown action 'rename'"),
    ("unknown table", lambda r: _entry(r).update(table="people"), "doc 1", "table", "unknown table 'people'"),
    ("action and table disagree", lambda r: _entry(r).update(table="members", key="PL", before=member(),
                                                              after=member(stance="x")),
     "doc 1", "table", "action 'set' changes table 'commitments'"),
    ("before is a list", lambda r: _entry(r).update(before=[]), "doc 1", "before", "expected an object"),
    ("set without after", lambda r: _entry(r).update(after=None), "doc 1", "after", "must be an object"),
    ("unset with after", lambda r: _entry(r).update(action="unset"), "doc 1", "after", "must be null"),
    ("add-member with before", lambda r: _entry(r).update(action="add-member", table="members", key="PL",
                                                           before=member(), after=member(stance="y")),
     "doc 1", "before", "must be null"),
    ("edit-source without before", lambda r: _entry(r).update(action="edit-source", table="sources", key="S1",
                                                               before=None, after=r["sources"]["1"]),
     "doc 1", "before", "must be an object"),
    ("edit-source on another table", lambda r: _entry(r).update(action="edit-source"), "doc 1", "table",
     "action 'edit-source' changes table 'sources'"),
    ("key does not match the record", lambda r: _entry(r).update(key="IT/logistics"), "doc 1", "after",
     "does not hold the record 'IT/logistics'"),
    ("no change recorded", lambda r: _entry(r).update(before=_PL_LOG), "doc 1", "after", "changes nothing"),
    ("history without a source", lambda r: _entry(r).update(sources=[]), "doc 1", "sources", "cites no source"),
    ("history cites a missing source", lambda r: _entry(r).update(sources=["S404"]), "doc 1", "sources",
     "source 'S404', which does not exist"),
    ("history goes back in time", lambda r: _second(r, history_entry(
        at="2026-03-09T09:00:00Z", before=_PL_LOG, after={**_PL_LOG, "status": "considering"})),
     "doc 2", "at", "goes back in time"),
    ("undo without undoes", lambda r: _second(r, history_entry(action="undo", before=_PL_LOG, after=None)),
     "doc 2", "undoes", "missing"),
    ("undoes on another action", lambda r: _entry(r).update(undoes=1), "doc 1", "undoes", "unexpected field"),
    ("undo of a later entry", lambda r: _second(r, history_entry(action="undo", undoes=3, before=_PL_LOG,
                                                                  after=None)),
     "doc 2", "undoes", "not an earlier entry"),
    ("undo of another record", lambda r: _second(r, history_entry(action="undo", undoes=1, key="PL/ground-forces",
                                                                   before=commitment("PL", "ground-forces"),
                                                                   after=None)),
     "doc 2", "undoes", "not this record"),
    ("undo citing other sources", lambda r: _second(r, history_entry(action="undo", undoes=1, sources=["S2"],
                                                                      before=_PL_LOG, after=None)),
     "doc 2", "sources", "must cite the sources of the entry it undoes"),
    ("undo of an undo", lambda r: _two_undos(r, 2), "doc 3", "undoes", "an 'undo', which cannot be undone"),
    ("undone twice", lambda r: _two_undos(r, 1), "doc 3", "undoes", "already undid"),
    ("coalition role on another id", lambda r: r["members"]["2"].update(role="coalition"),
     '"IT" (doc 2)', "role", "only for the coalition as a whole"),
]


@pytest.mark.parametrize(("mutate", "record", "field", "words"), [c[1:] for c in V2_CASES],
                         ids=[c[0] for c in V2_CASES])
def test_each_version_2_rule_names_record_and_field(mutate: Callable[[Raw], object], record: str,
                                                    field: str | None, words: str) -> None:
    problems = problems_of_v2(mutate)
    located = [p for p in problems if (p.record, p.field) == (record, field) and words in p.message]
    assert len(located) == 1, [p.describe("f.json") for p in problems]


def test_a_good_undo_and_an_upgrade_are_valid() -> None:
    raw = raw_dataset_v2()
    upgrade = history_entry("upgrade", "meta", "meta", sources=[], note="schema version 1 -> 2",
                            at="2026-03-01T00:00:00Z")
    original = raw["history"]["1"]
    undo = history_entry("undo", before=original["after"], after=original["before"], undoes=2,
                         at="2026-03-10T09:00:00Z")
    raw["history"] = {"1": upgrade, "2": original, "3": undo}
    dataset, problems = build_dataset(raw)
    assert problems == [] and dataset is not None
    assert [e.undoes for e in dataset.history] == [None, None, dataset.history[1].id]


def test_the_coalition_row_is_valid() -> None:
    raw = raw_dataset_v2()
    raw["members"]["9"] = member("COW", "Coalition of the Willing", role="coalition", eu=False, nato=False)
    assert build_dataset(raw)[1] == []


def test_member_indexes_are_derived_by_the_constructor_and_by_replace() -> None:

    dataset, _ = build_dataset(raw_dataset())
    assert dataset is not None
    poland = dataset.member("PL")
    assert poland is not None
    assert poland.statuses[0] == "ruled-out" and poland.caveats_key[0] == -1
    renamed = poland.replace(name="Zeta", caveats=("a", "b", "c"), commitments={})
    assert renamed.name_key == ("zeta", "PL") and renamed.caveats_key == (-3, "zeta", "PL")
    assert set(renamed.statuses) == {"not-disclosed"} and renamed.strength_key[0] == 4
    shuffled = poland.replace(commitments=dict(reversed(list(poland.commitments.items()))))
    assert list(shuffled.commitments) == ["ground-forces", "logistics"]  # always TYPES order
