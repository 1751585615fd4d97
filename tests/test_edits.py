"""The edits of the write commands (README "Editing" and the write-path decisions), as pure functions."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from pledge_tui.dataset import edits
from pledge_tui.errors import UsageError
from tests.factories import member, raw_dataset_v2

TODAY = "2026-03-10"


@pytest.fixture
def raw() -> dict[str, Any]:
    return raw_dataset_v2()


def test_set_replaces_the_given_fields_and_keeps_the_others(raw: dict[str, Any]) -> None:
    original = copy.deepcopy(raw)
    change = edits.set_commitment(raw, "pl", "logistics", "conditional", sources=["S3", "S1"], today=TODAY,
                                  conditions=["ceasefire"])
    assert raw == original, "an edit never mutates its input"
    assert (change.action, change.table, change.key) == ("set", "commitments", "PL/logistics")
    assert change.before == raw["commitments"]["2"]
    assert change.after == {**raw["commitments"]["2"], "status": "conditional", "conditions": ["ceasefire"],
                            "sources": ["S1", "S2", "S3"]}  # S3 appended; S1 already there
    assert change.sources == ("S3", "S1")


def test_set_creates_a_record_with_defaults(raw: dict[str, Any]) -> None:
    change = edits.set_commitment(raw, "Italy", "funding", "pledged", sources=["S2"], today=TODAY,
                                  summary="Money.")
    assert change.before is None
    assert change.after == {"member": "IT", "type": "funding", "status": "pledged", "summary": "Money.",
                            "conditions": [], "lead": False, "quantity": None, "stated_on": TODAY,
                            "sources": ["S2"]}


def test_set_needs_a_summary_to_create(raw: dict[str, Any]) -> None:
    with pytest.raises(UsageError, match="IT/funding has no record yet: creating it needs --summary"):
        edits.set_commitment(raw, "IT", "funding", "pledged", sources=["S2"], today=TODAY)


def test_set_quantity_empty_clears_and_none_keeps(raw: dict[str, Any]) -> None:
    raw["commitments"]["2"]["quantity"] = "a company"
    kept = edits.set_commitment(raw, "PL", "logistics", "pledged", sources=["S1"], today=TODAY)
    assert kept.after is not None and kept.after["quantity"] == "a company" and kept.changes_nothing
    cleared = edits.set_commitment(raw, "PL", "logistics", "pledged", sources=["S1"], today=TODAY, quantity="")
    assert cleared.after is not None and cleared.after["quantity"] is None
    set_ = edits.set_commitment(raw, "PL", "logistics", "pledged", sources=["S1"], today=TODAY, quantity="two")
    assert set_.after is not None and set_.after["quantity"] == "two"


def test_set_lead_and_empty_conditions(raw: dict[str, Any]) -> None:
    change = edits.set_commitment(raw, "US", "backstop", "conditional", sources=["S1"], today=TODAY, lead=True,
                                  conditions=[])
    assert change.after is not None and change.after["lead"] is True and change.after["conditions"] == []


def test_no_source_no_change(raw: dict[str, Any]) -> None:
    with pytest.raises(UsageError, match="--source is required"):
        edits.set_commitment(raw, "PL", "logistics", "pledged", sources=[], today=TODAY)
    with pytest.raises(UsageError, match="unknown source 'S404'"):
        edits.set_commitment(raw, "PL", "logistics", "pledged", sources=["S1", "S404"], today=TODAY)


def test_member_by_id_any_case_or_exact_name_and_ambiguity(raw: dict[str, Any]) -> None:
    assert edits.resolve_member(raw, "us")["id"] == "US"
    assert edits.resolve_member(raw, " united states ")["id"] == "US"
    with pytest.raises(UsageError, match="unknown member 'Atlantis'"):
        edits.resolve_member(raw, "Atlantis")
    raw["members"]["9"] = member("PO", "Poland")
    with pytest.raises(UsageError, match=r"ambiguous \(PL, PO\)"):
        edits.resolve_member(raw, "Poland")
    raw["members"]["10"] = member("POLAND", "Polska")
    assert edits.resolve_member(raw, "poland")["id"] == "POLAND", "an id wins over a name"


def test_unset_removes_and_unset_of_nothing_changes_nothing(raw: dict[str, Any]) -> None:
    change = edits.unset_commitment(raw, "PL", "logistics", sources=["S1"], note="retracted")
    assert change.before == raw["commitments"]["2"] and change.after is None and change.note == "retracted"
    assert edits.unset_commitment(raw, "PL", "funding", sources=["S1"], note="x").changes_nothing


def test_add_member_cites_exactly_its_sources(raw: dict[str, Any]) -> None:
    change = edits.add_member(raw, "NO", name="Norway", role="member", stance="Ready.", nato=True,
                              caveats=["One."], sources=["S2", "S2"])
    assert change.after == {"id": "NO", "name": "Norway", "role": "member", "eu": False, "nato": True,
                            "stance": "Ready.", "caveats": ["One."], "approval": "unknown",
                            "summit_2025_09_04": "unknown", "sources": ["S2"]}
    with pytest.raises(UsageError, match="already exists"):
        edits.add_member(raw, "PL", name="x", role="member", stance="x", sources=["S1"])


def test_edit_member_removes_before_adding_against_the_old_numbering(raw: dict[str, Any]) -> None:
    raw["members"]["3"]["caveats"] = ["one", "two", "three"]
    change = edits.edit_member(raw, "US", sources=["S2"], remove_caveats=[3, 1, 1], add_caveats=["four", "five"],
                               stance="New stance.", summit="in-person")
    assert change.after is not None
    assert change.after["caveats"] == ["two", "four", "five"]
    assert change.after["stance"] == "New stance." and change.after["summit_2025_09_04"] == "in-person"
    assert change.after["approval"] == raw["members"]["3"]["approval"]
    assert change.after["sources"] == ["S1", "S2"]
    with pytest.raises(UsageError, match="--remove-caveat 4: US has 3 caveats"):
        edits.edit_member(raw, "US", sources=["S2"], remove_caveats=[4])


def test_next_free_ids(raw: dict[str, Any]) -> None:
    raw["sources"]["9"] = {**raw["sources"]["1"], "id": "S151"}
    raw["sources"]["10"] = {**raw["sources"]["1"], "id": "S-old"}
    change = edits.add_source(raw, publisher="P", title="T", date="2026", url="", tier="A")
    assert change.key == "S152" and change.sources == () and change.after is not None
    assert change.after["url"] == ""
    assert edits.add_event(raw, date="2026-03", title="T", summary="S", sources=["S1"]).key == "E3"
    assert edits.add_event(raw, event_id="E9", date="2026-03", title="T", summary="S", sources=["S1"]).key == "E9"
    with pytest.raises(UsageError, match="source id 'S1' is taken"):
        edits.add_source(raw, source_id="S1", publisher="P", title="T", date="2026", url="", tier="A")


def test_edit_event(raw: dict[str, Any]) -> None:
    change = edits.edit_event(raw, "E2", sources=["S3"], title="Declaration of Paris")
    assert change.before is not None and change.after == {**change.before, "title": "Declaration of Paris",
                                                          "sources": ["S1", "S3"]}
    with pytest.raises(UsageError, match="unknown event 'E7'"):
        edits.edit_event(raw, "E7", sources=["S1"], title="x")


def test_edit_source_changes_the_given_fields_and_adds_no_sources_to_the_source(raw: dict[str, Any]) -> None:
    original = copy.deepcopy(raw)
    change = edits.edit_source(raw, "S2", sources=["S2", "S3"], tier="C", date="2026-01-07", note="re-read")
    assert raw == original, "an edit never mutates its input"
    assert (change.action, change.table, change.key, change.sources, change.note) == (
        "edit-source", "sources", "S2", ("S2", "S3"), "re-read")
    assert change.before == raw["sources"]["2"]
    assert change.after == {**raw["sources"]["2"], "tier": "C", "date": "2026-01-07"}
    assert "sources" not in change.after, "a source cites nothing; the justification stays in the history"
    cleared = edits.edit_source(raw, "S2", sources=["S1"], url="")
    assert cleared.after is not None and cleared.after["url"] == ""
    assert edits.edit_source(raw, "S2", sources=["S1"]).changes_nothing
    with pytest.raises(UsageError, match="unknown source 'S9'; source ids are"):
        edits.edit_source(raw, "S9", sources=["S1"], tier="A")
    with pytest.raises(UsageError, match="--source is required"):
        edits.edit_source(raw, "S2", sources=[], tier="A")


def test_edit_meta_adds_no_sources_to_meta_and_replaces_the_figure_sources(raw: dict[str, Any]) -> None:
    change = edits.edit_meta(raw, sources=["S2"], as_of="2026-04", reported_sources=["S3", "S2"],
                             reported_note="Said in Paris.")
    assert change.key == "meta" and change.sources == ("S2",) and change.after is not None
    assert change.after["as_of"] == "2026-04"
    assert change.after["reported_commitments"] == {"count": 26, "date": "2025-09-04", "sources": ["S3", "S2"],
                                                    "note": "Said in Paris."}
    assert "sources" not in change.after
    with pytest.raises(UsageError, match="unknown source 'S9' \\(--reported-sources\\)"):
        edits.edit_meta(raw, sources=["S2"], reported_sources=["S9"])


def test_unset_refuses_a_note_of_only_invisible_characters_whoever_calls_it() -> None:
    """The edit itself refuses a blank note (issue 23 item 5), so the browser's form and the command line
    cannot store a removal that says nothing."""
    from pledge_tui.dataset import edits
    from pledge_tui.errors import UsageError

    tables = raw_dataset_v2()
    for blank in ("", "   ", "\u200b\u2060", "\u00ad\u3164 \u200d"):
        with pytest.raises(UsageError, match="note"):
            edits.unset_commitment(tables, "PL", "logistics", sources=["S1"], note=blank)
    assert edits.unset_commitment(tables, "PL", "logistics", sources=["S1"], note="withdrawn").note == "withdrawn"
