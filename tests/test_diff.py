"""The record-level diff (views/diff.py): what it reports, what it must not, filters and order."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from pledge_tui.errors import UsageError
from pledge_tui.views.diff import DatasetDiff, cell_mark, diff_datasets, state_words
from pledge_tui.views.filters import Filter
from tests import factories as F

Raw = dict[str, Any]


def _diff(old: Raw, new: Raw, f: Filter | None = None, sort: str = "name") -> DatasetDiff:
    return diff_datasets(F.dataset(old), F.dataset(new), f, sort)


def _commitment(raw: Raw, member: str, type_: str) -> dict[str, Any]:
    return next(d for d in raw["commitments"].values() if d["member"] == member and d["type"] == type_)


def test_the_same_data_has_no_differences() -> None:
    raw = F.raw_dataset()
    assert _diff(raw, copy.deepcopy(raw)).is_empty


def test_documents_renumbered_or_reordered_are_no_difference() -> None:
    old = F.raw_dataset()
    new = copy.deepcopy(old)
    new["commitments"] = {str(100 + i): doc for i, doc in enumerate(reversed(list(old["commitments"].values())))}
    new["sources"] = {str(9 - int(k)): v for k, v in old["sources"].items()}
    assert _diff(old, new).is_empty


@pytest.mark.parametrize(("field", "value", "kind"), [
    ("status", "considering", "status"), ("conditions", ["parliament", "ceasefire"], "conditions"),
    ("lead", True, "lead"), ("summary", "A new summary.", "wording"), ("quantity", "a company", "wording"),
    ("stated_on", "2025-01", "dates"), ("sources", ["S1", "S2"], "sources"),
])
def test_every_commitment_field_is_reported_with_old_new_and_kind(field: str, value: Any, kind: str) -> None:
    old = F.raw_dataset()
    new = copy.deepcopy(old)
    _commitment(new, "PL", "ground-forces")[field] = value
    diff = _diff(old, new)
    assert [(c.key, c.kind, c.fields, c.kinds) for c in diff.cells] == [("PL/ground-forces", "changed", (field,),
                                                                        (kind,))]
    cell = diff.cells[0]
    assert cell.old is not None and cell.new is not None
    was = _commitment(old, "PL", "ground-forces")[field]
    assert getattr(cell.old, field) == (tuple(was) if isinstance(was, list) else was)
    assert getattr(cell.new, field) == (tuple(value) if isinstance(value, list) else value)
    (change,) = cell.changes
    assert (change.field, change.kind, change.old_value, change.new_value) == (field, kind, was, value)
    assert cell_mark(cell).glyph == ("Δ" if kind in ("status", "conditions", "lead") else "~")
    assert not (diff.members or diff.sources or diff.events or diff.meta)


@pytest.mark.parametrize(("field", "value", "kind"), [
    ("name", "Polska", "wording"), ("role", "partner", "wording"), ("eu", False, "wording"),
    ("nato", False, "wording"), ("stance", "A new stance.", "wording"), ("caveats", ["Only this."], "wording"),
    ("approval", "obtained", "wording"), ("summit_2025_09_04", "absent", "wording"),
    ("sources", ["S1", "S2"], "sources"),
])
def test_every_member_field_is_reported(field: str, value: Any, kind: str) -> None:
    old = F.raw_dataset()
    new = copy.deepcopy(old)
    new["members"]["1"][field] = value
    diff = _diff(old, new)
    assert diff.cells == () and [(m.kind, m.id, m.kinds) for m in diff.members] == [("changed", "PL", (kind,))]
    (change,) = diff.members[0].changes
    assert (change.field, change.new_value) == (field, value)


def test_caveats_added_and_removed_are_named() -> None:
    old = F.raw_dataset()
    new = copy.deepcopy(old)
    caveats = new["members"]["1"]["caveats"]
    new["members"]["1"]["caveats"] = [*caveats[1:], "A new caveat."]
    (change,) = _diff(old, new).members[0].changes
    assert change.added == ("A new caveat.",) and change.removed == tuple(caveats[:1])


def test_sources_events_and_meta_changed() -> None:
    old = F.raw_dataset_v2()
    new = copy.deepcopy(old)
    new["sources"]["1"]["date"] = "2026-04-01"
    new["sources"]["1"]["title"] = "Retitled"
    new["events"]["1"]["title"] = "Paris summit (corrected)"
    new["meta"]["1"]["as_of"] = "2026-11"
    diff = _diff(old, new)
    ((source, source_kinds),) = [(s.source.id, s.kinds) for s in diff.sources if s.kind == "changed"]
    assert (source, source_kinds) == ("S1", ("dates", "wording"))
    assert [(e.kind, e.id, [c.field for c in e.changes]) for e in diff.events] == [("changed", "E1", ["title"])]
    assert [(c.field, c.old, c.new, c.kind) for c in diff.meta] == [("as_of", F.meta()["as_of"], "2026-11", "dates")]


def test_members_added_and_removed() -> None:
    old = F.raw_dataset()
    new = copy.deepcopy(old)
    new["members"]["9"] = F.member("NO", "Norway")
    new["commitments"]["20"] = F.commitment("NO", "naval-demining", "pledged")
    del new["members"]["2"]  # Italy, with its two records
    new["commitments"] = {k: v for k, v in new["commitments"].items() if v["member"] != "IT"}
    diff = _diff(old, new)
    assert [(m.kind, m.id, m.name, m.role_label) for m in diff.members] == [
        ("removed", "IT", "Italy", "member"), ("added", "NO", "Norway", "member")]
    assert [(c.key, c.kind, c.old_status, c.new_status) for c in diff.cells] == [
        ("IT/ground-forces", "removed", "ruled-out", "not-disclosed"),
        ("IT/training", "removed", "conditional", "not-disclosed"),
        ("NO/naval-demining", "added", "not-disclosed", "pledged"),
    ]
    assert all(c.fields == () for c in diff.cells)


def test_records_added_and_removed() -> None:
    old = F.raw_dataset()
    new = copy.deepcopy(old)
    new["commitments"]["30"] = F.commitment("PL", "air-patrol", "considering", conditions=["us-backstop"])
    new["commitments"] = {k: v for k, v in new["commitments"].items()
                          if (v["member"], v["type"]) != ("US", "air-patrol")}
    diff = _diff(old, new)
    assert [(c.key, c.kind) for c in diff.cells] == [("PL/air-patrol", "added"), ("US/air-patrol", "removed")]
    added = diff.cells[0]
    assert added.old is None and added.new is not None and added.new.condition_labels == ("US backing",)


def test_sources_and_events_added_and_removed() -> None:
    old = F.raw_dataset_v2()
    new = copy.deepcopy(old)
    new["sources"]["4"] = F.source("S10", publisher="Reuters")
    new["sources"]["5"] = F.source("S9")
    new["events"]["3"] = {**F.event(date="2026-02-01", title="London meeting"), "id": "E3"}
    del new["events"]["1"]
    diff = _diff(old, new)
    assert [(s.kind, s.source.id) for s in diff.sources] == [("added", "S9"), ("added", "S10")]
    assert [(e.kind, e.id, e.title) for e in diff.events] == [("removed", "E1", "Paris summit"),
                                                             ("added", "E3", "London meeting")]
    old_sources = copy.deepcopy(new)
    assert [(s.kind, s.source.id) for s in _diff(old_sources, old).sources] == [("removed", "S9"),
                                                                               ("removed", "S10")]


def test_a_version_1_file_and_its_version_2_upgrade_do_not_differ() -> None:
    v1 = F.raw_dataset()
    v2 = F.raw_dataset_v2()
    _commitment(v2, "PL", "logistics")["status"] = _commitment(v1, "PL", "logistics")["status"]
    assert _diff(v1, v2).is_empty


def test_cells_follow_member_order_then_type_order_under_each_sort() -> None:
    old = F.raw_dataset()
    new = copy.deepcopy(old)
    for member in ("US", "PL", "IT"):
        _commitment(new, member, "ground-forces")["summary"] = "Changed."
    _commitment(new, "PL", "logistics")["summary"] = "Changed."
    by_name = [c.key for c in _diff(old, new).cells]
    assert by_name == ["IT/ground-forces", "PL/ground-forces", "PL/logistics", "US/ground-forces"]
    by_caveats = [c.member_id for c in _diff(old, new, sort="caveats").cells]
    assert by_caveats == ["US", "PL", "PL", "IT"]  # two caveats, one, none
    with pytest.raises(UsageError):
        _diff(old, new, sort="bogus")


def test_types_filter_narrows_cells_and_members() -> None:
    old = F.raw_dataset()
    new = copy.deepcopy(old)
    _commitment(new, "PL", "ground-forces")["status"] = "considering"
    _commitment(new, "PL", "logistics")["status"] = "considering"
    _commitment(new, "US", "air-patrol")["status"] = "pledged"
    diff = _diff(old, new, Filter(types=("ground-forces",)))
    assert [c.key for c in diff.cells] == ["PL/ground-forces"]


def test_a_member_that_matched_only_before_is_still_shown() -> None:
    """`--status pledged`: the member that stopped pledging is part of the answer."""
    old = F.raw_dataset()
    new = copy.deepcopy(old)
    _commitment(new, "PL", "logistics")["status"] = "considering"  # PL's only pledge
    _commitment(new, "IT", "training")["status"] = "pledged"  # IT starts pledging
    _commitment(new, "US", "air-patrol")["summary"] = "Other."  # US never pledged
    diff = _diff(old, new, Filter(statuses=("pledged",)))
    assert [c.key for c in diff.cells] == ["IT/training", "PL/logistics"]


def test_with_a_filter_only_sources_cited_by_shown_changes_are_listed() -> None:
    old = F.raw_dataset_v2()
    new = copy.deepcopy(old)
    new["sources"]["4"] = F.source("S4")
    new["sources"]["5"] = F.source("S5")
    new["commitments"]["9"] = F.commitment("PL", "air-patrol", sources=["S4"])
    new["commitments"]["10"] = F.commitment("US", "training", sources=["S5"])
    new["events"]["3"] = {**F.event(title="About S4"), "id": "E3", "sources": ["S4"]}
    new["events"]["4"] = {**F.event(title="About S5"), "id": "E4", "sources": ["S5"]}
    diff = _diff(old, new, Filter(search="poland"))
    assert [c.key for c in diff.cells] == ["PL/air-patrol"]
    assert [s.source.id for s in diff.sources] == ["S4"]
    assert [e.id for e in diff.events] == ["E3"]
    unfiltered = _diff(old, new)
    assert [s.source.id for s in unfiltered.sources] == ["S4", "S5"]
    assert [e.id for e in unfiltered.events] == ["E3", "E4"]


def test_changed_cells_and_state_words() -> None:
    old = F.raw_dataset()
    new = copy.deepcopy(old)
    record = _commitment(new, "US", "backstop")
    record.update(status="pledged", lead=True)
    diff = _diff(old, new)
    assert diff.changed_cells == {("US", "backstop")}
    cell = diff.cells[0]
    assert state_words(cell.old) == "conditional; conditions: parliament, peace deal"
    assert state_words(cell.new) == "pledged, lead nation; conditions: parliament, peace deal"
    assert state_words(None) == "not disclosed"
    assert state_words(cell.new, summary=True).endswith(" — US backstop conditional.")


def test_text_is_cleaned_of_control_characters() -> None:
    old = F.raw_dataset()
    new = copy.deepcopy(old)
    new["members"]["1"]["name"] = "Pol\x1b[31mand\u202e\tX"
    _commitment(new, "PL", "logistics")["summary"] = "Sum\x07mary\nsecond line"
    cell = _diff(old, new).cells[0]
    assert cell.member_name == "Pol[31mand X"
    assert cell.new is not None and cell.new.summary == "Summary\nsecond line"
