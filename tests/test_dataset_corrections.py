"""The December 2026 corrections (issue 25): each corrected record pinned as a must-have case.

The cases follow the items of the December audit as `data/updates/2026-12.sh` cites them ("Medium 1", "Minor 4",
"Status rule", "Info 1"). They read the live data file as JSON and compare, where the point is what changed, with
the frozen November 2026 file the corrections started from (`tests/fixtures/2026-11`).
`tests/test_update_replay.py` proves the script makes this file; `tests/test_status_rule.py` checks the status
rule over every record.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.common import BUNDLED, ROOT, CliRunner
from tests.data_helpers import (
    SCRIPTS,
    Doc,
    caveats,
    changes_by_script,
    event,
    load,
    member,
    must,
    record,
    script_commands,
    source,
)

NOVEMBER = ROOT / "tests" / "fixtures" / "2026-11" / "commitments.json"

Data = dict[str, dict[str, Doc]]


@pytest.fixture(scope="module")
def data() -> Data:
    return load(BUNDLED)


@pytest.fixture(scope="module")
def november() -> Data:
    return load(NOVEMBER)


def quotations(text: str) -> list[str]:
    """The text's single-quoted passages (the data quotes officials and documents in single quotes)."""
    return re.findall(r"(?<![\w'])'(.+?)'(?!\w)", text)


# --- Medium ---------------------------------------------------------------------------------------------------------

def test_medium_1_s161_is_a_site_of_ai_written_summaries_tier_c(data: Data, november: Data) -> None:
    s161, before = source(data, "S161"), source(november, "S161")
    assert (before["tier"], s161["tier"]) == ("A", "C")
    assert "riigitode.ee" in s161["publisher"] and "summaries" in s161["publisher"]
    assert "not the verbatim record" in s161["publisher"] and "Riigikogu (Estonian parliament" not in s161["publisher"]
    assert s161["title"] == "Inquiry concerning the intention to deploy the Defense Forces to Ukraine (No. 814)"
    assert (s161["date"], s161["url"]) == (before["date"], before["url"])


def test_medium_2_estonia_ground_says_who_said_what_and_when(data: Data, november: Data) -> None:
    ground = must(data, "EE", "ground-forces")
    summary = ground["summary"]
    assert "Foreign Minister Tsahkna later confirmed" in summary and "the source gives no date" in summary
    assert "on 10 Nov 2025 PM Michal said" in summary and "instructors and staff officers" in summary
    assert "In the Riigikogu on 10 Nov 2025 the foreign minister" in must(november, "EE", "ground-forces")["summary"]
    assert "the foreign minister confirmed" not in summary
    assert (ground["status"], ground["conditions"], ground["stated_on"]) == ("pledged", ["parliament"], "2025-11-10")
    assert ground["quantity"] == "up to a company-sized unit, plus staff officers"
    assert "S161" in ground["sources"]
    assert "the prime minister again mentioned instructors" in must(data, "EE", "training")["summary"]  # was right


def test_medium_2_the_riigikogu_event_is_the_interpellation_the_pm_answered(data: Data) -> None:
    e35 = event(data, "E35")
    assert e35["date"] == "2025-11-10" and e35["sources"] == ["S161"]
    assert e35["title"] == "Estonian MPs question a deployment to Ukraine"
    assert "foreign minister's earlier public confirmation" in e35["summary"]
    assert "PM Michal answered" in e35["summary"] and "AI-written summaries" in e35["summary"]


# --- Minor ----------------------------------------------------------------------------------------------------------

def test_minor_1_the_tass_report_is_dated_3_july_the_council_report_2_july(data: Data) -> None:
    assert source(data, "S157")["date"] == "2026-07-03"
    assert event(data, "E33")["date"] == "2026-07-02"


def test_minor_2_the_26_note_quotes_only_macron(data: Data) -> None:
    note = data["meta"]["1"]["reported_commitments"]["note"]
    assert quotations(note) == ["formally committed"]
    assert "for the time after a ceasefire or peace" in note and "no list has been found" in note


def test_minor_3_netherlands_says_what_its_sources_support(data: Data) -> None:
    ground = must(data, "NL", "ground-forces")
    assert ground["status"] == "considering"
    assert "'I don't exclude such a possibility'" in ground["summary"] and "'in no hurry'" in ground["summary"]
    assert "'does not exclude'" not in ground["summary"]
    for text in (ground["summary"], event(data, "E33")["summary"]):
        assert "able to fight" not in text and "hard security guarantees resting on a multinational force" in text
    assert "parliament must approve" in event(data, "E33")["summary"]


def test_minor_4_the_us_signal_is_that_guarantees_could_go_to_congress(data: Data) -> None:
    backstop = must(data, "US", "backstop")
    assert "binding guarantees could be put to Congress for ratification" in backstop["summary"]
    assert "was ready to put" not in backstop["summary"]
    us = member(data, "US")["caveats"]
    assert not [c for c in us if "ready to send" in c]
    assert [c for c in us if "could be put to Congress" in c] == [us[6]]
    assert "could be put before Congress" in event(data, "E34")["summary"]


def test_minor_5_the_coalition_stands_ready_to_commit(data: Data) -> None:
    backstop = must(data, "COW", "backstop")
    assert "'stand ready to commit'" in backstop["summary"] and "coalition committed" not in backstop["summary"]
    assert (backstop["status"], backstop["conditions"]) == ("pledged", ["ceasefire"])


def test_minor_5_the_coalition_funding_is_the_financing_component(data: Data, november: Data) -> None:
    assert record(november, "COW", "funding") is None
    funding = must(data, "COW", "funding")
    assert (funding["status"], funding["conditions"], funding["stated_on"]) == ("pledged", ["ceasefire"],
                                                                                "2026-01-06")
    assert funding["sources"] == ["S47"] and funding["lead"] is False and funding["quantity"] is None
    assert "financing" in funding["summary"] and "second component" in funding["summary"]


def test_minor_5_the_declaration_components_are_named_once(data: Data) -> None:
    named = [c for c in member(data, "COW")["caveats"] if c.startswith("The declaration numbers its components")]
    assert len(named) == 1
    text = named[0]
    positions = [text.index(f"{n}, ") for n in range(1, 6)]
    assert positions == sorted(positions)
    for words in ("US-led mechanism", "armed forces", "Multinational Force Ukraine", "attacks it again",
                  "defence cooperation"):
        assert words in text
    assert "points 2 to 4" in caveats(data, "CZ") and "(point 5)" in caveats(data, "CZ")


def test_minor_6_national_procedures_are_a_caveat_of_the_coalition_row_never_a_condition(data: Data) -> None:
    rows = [c for c in data["commitments"].values() if c["member"] == "COW"]
    assert len(rows) == 9
    assert not [c for c in rows if "parliament" in c["conditions"] or "government-decision" in c["conditions"]]
    assert "constitutional procedures" in caveats(data, "COW")


def test_minor_7_wartime_training_is_a_caveat_post_ceasefire_training_a_record(data: Data, november: Data) -> None:
    assert record(november, "EU", "training") is not None
    for member_id, words in (("EU", ("training mission", "enlarged")), ("SI", ("training mission",)),
                             ("CA", ("unifier",)), ("NZ", ("training",))):
        wartime = [c.lower() for c in member(data, member_id)["caveats"] if c.startswith("Wartime support")]
        assert len(wartime) == 1 and all(w in wartime[0] for w in words), member_id
    assert record(data, "EU", "training") is None and record(data, "SI", "training") is None
    canada = must(data, "CA", "training")
    assert (canada["status"], canada["stated_on"]) == ("pledged", "2026-01-06")
    assert "could centre on training" in canada["summary"] and "not counted here" in canada["summary"]
    assert "UNIFIER" not in member(data, "CA")["stance"]


def test_minor_8_portugal_waits_for_the_end_of_the_war(data: Data) -> None:
    ground = must(data, "PT", "ground-forces")
    assert ground["status"] == "conditional"
    assert ground["conditions"] == ["peace-deal", "government-decision"]
    assert "once the war is over" in ground["summary"]


def test_minor_9_the_first_us_caveat_names_the_intelligence_and_logistics_cut(data: Data, november: Data) -> None:
    first = member(data, "US")["caveats"][0]
    assert "intelligence and logistics" in first and "attacked" in first and "no US signature" in first
    assert len(member(data, "US")["caveats"]) == len(member(november, "US")["caveats"]) == 7


@pytest.mark.parametrize("member_id", ["FR", "GB"])
def test_minor_10_no_move_of_the_headquarters_was_reported(data: Data, member_id: str) -> None:
    command = must(data, member_id, "command")
    assert "no move had been reported by Nov 2026" in command["summary"]
    assert command["lead"] is True and "S8" in command["sources"]


def test_minor_10_the_northwood_event_says_so_too(data: Data) -> None:
    assert "no move to London had been reported" in event(data, "E11")["summary"]
    assert event(data, "E11")["date"] == "2025-07-10"


def test_minor_11_turkiye_sea_keeps_its_january_date(data: Data) -> None:
    sea = must(data, "TR", "naval-demining")
    assert sea["stated_on"] == "2026-01-06"
    assert {"S78", "S155"} <= set(sea["sources"]) and "Later reporting" in sea["summary"]
    assert (sea["status"], sea["lead"]) == ("conditional", True)


def test_minor_12_every_source_and_event_added_in_december_says_why() -> None:
    added = [e for e in changes_by_script(BUNDLED)["2026-12.sh"] if e["action"] in ("add-source", "add-event")]
    assert added and all(e["note"].strip() for e in added)


def test_minor_13_the_coalition_aid_goes_on_now(data: Data) -> None:
    summary = must(data, "COW", "equipment")["summary"]
    assert "goes on now" in summary and "take effect once a ceasefire is in force" in summary
    assert "'the first line of defence and deterrence'" in summary


# --- the status rule ------------------------------------------------------------------------------------------------

REGRADED = [("BE", "air-patrol"), ("BE", "naval-demining"), ("BE", "training"), ("DE", "monitoring"),
            ("SE", "air-patrol"), ("SE", "naval-demining"), ("SE", "training")]
KEPT = [("GB", "ground-forces"), ("GB", "air-patrol"), ("GB", "naval-demining"), ("GB", "training"),
        ("EE", "ground-forces"), ("EE", "training")]


@pytest.mark.parametrize(("member_id", "type_slug"), REGRADED)
def test_status_rule_pledges_that_need_more_became_conditional(data: Data, november: Data, member_id: str,
                                                               type_slug: str) -> None:
    before, after = must(november, member_id, type_slug), must(data, member_id, type_slug)
    assert (before["status"], after["status"]) == ("pledged", "conditional")
    assert {k: v for k, v in after.items() if k != "status"} == {k: v for k, v in before.items() if k != "status"}


@pytest.mark.parametrize(("member_id", "type_slug"), KEPT)
def test_status_rule_pledges_on_a_ceasefire_and_a_vote_stay_pledged(data: Data, member_id: str,
                                                                    type_slug: str) -> None:
    found = must(data, member_id, type_slug)
    assert found["status"] == "pledged" and "parliament" in found["conditions"]
    assert set(found["conditions"]) <= {"ceasefire", "parliament"}


def test_status_rule_sweden_offers_rather_than_pledges(data: Data) -> None:
    stance = member(data, "SE")["stance"]
    assert stance.startswith("Offers JAS Gripen") and "on strict conditions" in stance


# --- Info -----------------------------------------------------------------------------------------------------------

def test_info_1_the_vilnius_statement_has_a_b_tier_source(data: Data) -> None:
    s166 = source(data, "S166")
    assert (s166["tier"], s166["date"]) == ("B", "2026-01") and s166["publisher"].startswith("Digi24")
    assert s166["url"].startswith("https://www.digi24.ro/") and "Reuters" in s166["publisher"]
    e27 = event(data, "E27")
    assert {"S81", "S166"} <= set(e27["sources"]) and "Reported only by a C-tier source" not in e27["summary"]
    backstop = must(data, "US", "backstop")
    assert "S166" in backstop["sources"] and "(C-tier only)" not in backstop["summary"]
    assert "Digi24" in member(data, "US")["caveats"][2] and "S166" in member(data, "US")["sources"]


def test_info_2_nothing_is_recorded_without_a_source(data: Data) -> None:
    assert not [e for e in data["events"].values() if "truce" in (e["title"] + e["summary"]).lower()]


# --- the history and `changes` ----------------------------------------------------------------------------------------

def test_the_december_history_is_one_entry_per_command_with_sources_and_a_note() -> None:
    december = changes_by_script(BUNDLED)["2026-12.sh"]
    assert [e["action"] for e in december] == script_commands("2026-12.sh")
    assert all(e["at"] == SCRIPTS["2026-12.sh"] for e in december)
    for entry in december:
        assert entry["note"].strip(), entry["key"]
        assert entry["sources"] or entry["action"] == "add-source", entry["key"]


def test_changes_since_december_lists_every_correction_with_its_sources_and_note(cli: CliRunner) -> None:
    december = changes_by_script(BUNDLED)["2026-12.sh"]
    done = cli("--data", str(BUNDLED), "changes", "--since", "2026-12-01", "--format", "json")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    changed = [*report["cells"], *report["members"], *report["sources"], *report["events"],
               *([report["meta"]] if report["meta"] else [])]
    listed = [e for record in changed for e in record["entries"]]
    assert report["entries"] == len(december) == len(listed)
    assert sorted((e["action"], e["key"], e["note"], e["sources"]) for e in listed) == sorted(
        (e["action"], e["key"], e["note"], e["sources"]) for e in december)
    table = cli("--data", str(BUNDLED), "changes", "--since", "2026-12-01")
    assert table.returncode == 0
    for entry in december:
        assert f"note: {entry['note'][:60]}" in table.stdout, entry["key"]
    assert table.stdout.count("note: ") == len(december)


def test_the_data_files_are_written_for_readable_diffs() -> None:
    for path in (BUNDLED, NOVEMBER):
        text = Path(path).read_text(encoding="utf-8")
        assert text == json.dumps(json.loads(text), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
