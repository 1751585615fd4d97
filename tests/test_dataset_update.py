"""The November 2026 update (issue 12): each correction and each newer fact, pinned as a must-have case.

The cases follow the items of the November research notes, as `data/updates/2026-11.sh` cites them: "update
1.4" is the audit's item 4. They read the live data file as JSON, so they check the stored records themselves
(and the history, which only the raw files show), compared where useful with the frozen March 2026 copy the
update started from. Where the December corrections (`data/updates/2026-12.sh`, issue 25) changed a November
fact, the case pins the corrected fact and says so; `tests/test_dataset_corrections.py` pins each December
correction. `tests/test_update_replay.py` proves the two scripts make this file.
"""

from __future__ import annotations

import copy

import pytest

from tests.common import BUNDLED, FROZEN
from tests.data_helpers import (
    AUTHOR,
    NOT_CHANGES,
    SCRIPTS,
    Doc,
    caveats,
    changes_by_script,
    event,
    events_citing,
    history_entries,
    load,
    member,
    must,
    record,
    script_commands,
    source,
)


@pytest.fixture(scope="module")
def data() -> dict[str, dict[str, Doc]]:
    return load(BUNDLED)


@pytest.fixture(scope="module")
def march() -> dict[str, dict[str, Doc]]:
    return load(FROZEN)



# --- update 1.1: the coalition as a whole ------------------------------------------------------------------------

def test_1_1_one_coalition_row_that_speaks_for_no_member(data: dict[str, dict[str, Doc]]) -> None:
    rows = [m for m in data["members"].values() if m["role"] == "coalition"]
    assert [m["id"] for m in rows] == ["COW"]
    cow = rows[0]
    assert "as a whole" in cow["name"].lower()
    assert cow["eu"] is False and cow["nato"] is False
    assert "nothing about" in cow["stance"].lower()
    text = caveats(data, "COW")
    assert "signatories" in text and "published" in text
    assert "czechia" in text and "2 to 4" in text
    assert "united states did not sign" in text
    assert "ceasefire" in text
    assert "constitutional" in text
    assert "S47" in cow["sources"]


def test_1_1_coalition_backstop_is_the_declared_commitment_in_a_future_attack(data: dict[str, dict[str, Doc]]) -> None:
    backstop = must(data, "COW", "backstop")
    assert backstop["status"] == "pledged"
    assert "ceasefire" in backstop["conditions"]
    assert {"S47", "S52", "S118"} <= set(backstop["sources"])
    assert backstop["stated_on"] == "2026-01-06"


def test_1_1_coalition_monitoring_is_us_led_and_only_proposed(data: dict[str, dict[str, Doc]]) -> None:
    monitoring = must(data, "COW", "monitoring")
    assert monitoring["status"] == "conditional"
    assert {"ceasefire", "us-backstop"} <= set(monitoring["conditions"])
    assert "S47" in monitoring["sources"]
    assert "proposed" in monitoring["summary"].lower()


@pytest.mark.parametrize("type_slug", ["ground-forces", "air-patrol", "naval-demining"])
def test_1_1_coalition_backs_the_multinational_force(data: dict[str, dict[str, Doc]], type_slug: str) -> None:
    force = must(data, "COW", type_slug)
    assert force["status"] == "pledged" and "ceasefire" in force["conditions"]
    assert {"S47", "S118"} <= set(force["sources"])
    assert force["lead"] is False


@pytest.mark.parametrize("type_slug", ["training", "equipment"])
def test_1_1_coalition_long_term_support_to_ukraines_forces(data: dict[str, dict[str, Doc]], type_slug: str) -> None:
    support = must(data, "COW", type_slug)
    assert support["status"] == "pledged" and "ceasefire" in support["conditions"]
    assert "S47" in support["sources"]


def test_1_1_coalition_command_is_the_mnfu_headquarters(data: dict[str, dict[str, Doc]]) -> None:
    command = must(data, "COW", "command")
    assert command["status"] == "pledged" and "S135" in command["sources"]


def test_1_1_no_member_is_credited_with_the_declaration(data: dict[str, dict[str, Doc]],
                                                         march: dict[str, dict[str, Doc]]) -> None:
    """The coalition row is counted apart; no member gains a backstop or monitoring record from the declaration."""
    for type_slug in ("backstop", "monitoring"):
        holders = {c["member"] for c in data["commitments"].values() if c["type"] == type_slug}
        before = {c["member"] for c in march["commitments"].values() if c["type"] == type_slug}
        assert holders == before | {"COW"}
    assert "2 to 4" in caveats(data, "CZ")  # Czechia's own rejection stays in Czechia's row


# --- update 1.2 to 1.6 --------------------------------------------------------------------------------------------

def test_1_2_the_abu_dhabi_talks_event_is_dated_25_january(data: dict[str, dict[str, Doc]]) -> None:
    talks = event(data, "E27")
    assert "Abu Dhabi" in talks["title"]
    assert talks["date"] == "2026-01-25"
    assert talks["date"] > event(data, "E24")["date"] == "2026-01-06"


@pytest.mark.parametrize("member_id", ["FR", "GB"])
def test_1_3_france_and_the_uk_lead_the_land_element(data: dict[str, dict[str, Doc]], member_id: str) -> None:
    ground = must(data, member_id, "ground-forces")
    assert ground["status"] == "pledged" and ground["lead"] is True
    assert "S49" in ground["sources"]


def test_1_4_germany_monitoring_carries_its_conditions(data: dict[str, dict[str, Doc]]) -> None:
    monitoring = must(data, "DE", "monitoring")
    assert monitoring["status"] == "conditional"  # pledged in November; the status rule re-graded it in December
    assert {"ceasefire", "us-backstop", "parliament", "government-decision"} <= set(monitoring["conditions"])
    assert "S136" in monitoring["sources"]


@pytest.mark.parametrize("type_slug", ["ground-forces", "air-patrol", "naval-demining"])
def test_1_4_germany_post_ceasefire_offers_share_the_conditions(data: dict[str, dict[str, Doc]],
                                                                type_slug: str) -> None:
    offer = must(data, "DE", type_slug)
    assert offer["status"] == "conditional"
    assert {"us-backstop", "ceasefire", "parliament", "government-decision"} <= set(offer["conditions"])


def test_1_5_us_guarantee_not_confirmed_as_signed(data: dict[str, dict[str, Doc]]) -> None:
    backstop = must(data, "US", "backstop")
    text = backstop["summary"].lower()
    assert "not confirmed as signed" in text
    assert "it was not signed" not in text and "was not signed:" not in text
    assert backstop["status"] == "conditional"


def test_1_6_s86_is_listed_and_backs_the_command_records(data: dict[str, dict[str, Doc]]) -> None:
    s86 = source(data, "S86")
    assert s86["tier"] == "B" and s86["publisher"] == "UK Defence Journal"
    assert s86["url"] == "https://ukdefencejournal.org.uk/?p=66029"
    assert "date not captured" in s86["title"]
    for member_id in ("FR", "GB"):
        command = must(data, member_id, "command")
        assert "S86" in command["sources"] and command["lead"] is True
        assert "negotiating group" in command["summary"]


# --- update 1.7 to 1.9 --------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("member_id", "sources", "words"), [
    ("SI", {"S34", "S146"}, ("training", "eu")),
    ("NZ", {"S106"}, ("training", "uk")),
])
def test_1_7_wartime_training_is_a_caveat_not_a_record(data: dict[str, dict[str, Doc]],
                                                         member_id: str, sources: set[str],
                                                         words: tuple[str, ...]) -> None:
    assert record(data, member_id, "training") is None
    wartime = [c.lower() for c in member(data, member_id)["caveats"] if "wartime" in c.lower()]
    assert len(wartime) == 1 and all(word in wartime[0] for word in words)
    assert sources <= set(member(data, member_id)["sources"])
    removals = [h for h in history_entries(BUNDLED) if h["action"] == "unset" and h["key"] == f"{member_id}/training"]
    assert len(removals) == 1 and set(removals[0]["sources"]) == sources


@pytest.mark.parametrize(("member_id", "type_slug"), [
    ("BG", "air-patrol"), ("BG", "naval-demining"), ("NO", "training"),
])  # EU training, pledged in November, became a caveat in December: wartime support (Minor 7)
def test_1_8_an_offer_reported_as_made_is_pledged_whatever_the_tier(data: dict[str, dict[str, Doc]],
                                                                    member_id: str, type_slug: str) -> None:
    assert must(data, member_id, type_slug)["status"] == "pledged"


@pytest.mark.parametrize(("member_id", "type_slug", "status"), [
    ("CZ", "ground-forces", "ruled-out"),
    ("CZ", "equipment", "conditional"),
    ("IE", "training", "considering"),
    ("LU", "ground-forces", "considering"),
    ("NO", "ground-forces", "conditional"),
])
def test_1_8_the_other_c_only_records_already_follow_the_words(data: dict[str, dict[str, Doc]], member_id: str,
                                                               type_slug: str, status: str) -> None:
    found = must(data, member_id, type_slug)
    assert found["status"] == status
    assert all(source(data, s)["tier"] == "C" for s in found["sources"])


def test_1_8_the_doubt_stays_visible_in_the_tier(data: dict[str, dict[str, Doc]]) -> None:
    for type_slug in ("air-patrol", "naval-demining"):
        assert "S33" in must(data, "BG", type_slug)["sources"] and source(data, "S33")["tier"] == "C"


def test_1_9_denmark_in_principle_is_conditional(data: dict[str, dict[str, Doc]]) -> None:
    ground = must(data, "DK", "ground-forces")
    assert ground["status"] == "conditional"
    assert "'in principle'" in ground["summary"]
    assert {"S92", "S93"} <= set(ground["sources"])


# --- update 1.10 and 1.11 -----------------------------------------------------------------------------------------

def test_1_10_the_texts_the_audit_named_are_reworded(data: dict[str, dict[str, Doc]],
                                                     march: dict[str, dict[str, Doc]]) -> None:
    """The four texts named by the audit; tests/test_own_words.py measures every text against the fact sheets."""
    rutte_before = next(e for e in march["events"].values() if e["title"].startswith("Rutte"))
    assert event(data, "E16")["summary"] != rutte_before["summary"]
    assert member(data, "LV")["caveats"][0] != member(march, "LV")["caveats"][0]
    assert member(data, "SI")["stance"] != member(march, "SI")["stance"]
    assert must(data, "SI", "ground-forces")["summary"] != must(march, "SI", "ground-forces")["summary"]
    assert must(data, "SI", "ground-forces")["status"] == "conditional"


def test_1_11_the_26_note_gives_the_condition_and_its_sources(data: dict[str, dict[str, Doc]]) -> None:
    figure = data["meta"]["1"]["reported_commitments"]
    assert figure["count"] == 26 and figure["date"] == "2025-09-04"
    assert "after a ceasefire or peace" in figure["note"]  # December: our paraphrase, no longer in quotes
    assert "'once there is a ceasefire or peace'" not in figure["note"]
    assert "no list has been found" in figure["note"]
    assert "was ever published" not in figure["note"]
    assert {"S24", "S27", "S28", "S29"} <= set(figure["sources"])


# --- update 2: new sources ----------------------------------------------------------------------------------------

NEW_SOURCES = {
    "S152": "B", "S153": "B", "S154": "B", "S155": "C", "S156": "B", "S157": "C", "S158": "C",
    "S159": "B", "S160": "B", "S161": "C", "S162": "C", "S163": "C", "S164": "C", "S165": "C",
}  # S161 was filed as A in November; December found it is a site of AI-written summaries (Medium 1)
HEADLINE_ONLY = {"S162", "S163", "S164", "S165"}


@pytest.mark.parametrize(("source_id", "tier"), sorted(NEW_SOURCES.items()))
def test_2_new_sources_with_their_ids_and_tiers(data: dict[str, dict[str, Doc]], source_id: str, tier: str) -> None:
    found = source(data, source_id)
    assert found["tier"] == tier
    assert found["url"].startswith("https://")
    cited = [m for m in data["members"].values() if source_id in m["sources"]]
    cited += [c for c in data["commitments"].values() if source_id in c["sources"]]
    assert cited or events_citing(data, source_id), f"{source_id} is cited nowhere"


def test_2_headline_only_sources_never_carry_a_commitment(data: dict[str, dict[str, Doc]]) -> None:
    for source_id in HEADLINE_ONLY:
        assert "only" in source(data, source_id)["publisher"]
        assert not [c for c in data["commitments"].values() if source_id in c["sources"]]


# --- update 3: newer facts ----------------------------------------------------------------------------------------

def test_3_talks_postponed_on_5_march_rests_on_b_tier_reports(data: dict[str, dict[str, Doc]]) -> None:
    talks = event(data, "E30")
    assert talks["date"] == "2026-03-05"
    assert {"S152", "S153", "S154"} <= set(talks["sources"])
    assert "postponed" in talks["summary"] and "no ceasefire" in talks["summary"]


def test_3_turkiye_sea_lead_cites_the_may_2026_letter(data: dict[str, dict[str, Doc]]) -> None:
    sea = must(data, "TR", "naval-demining")
    assert "S155" in sea["sources"]
    assert sea["lead"] is True and sea["status"] == "conditional"
    assert {"ceasefire", "mission-framework"} <= set(sea["conditions"])
    assert "advocacy" in caveats(data, "TR")
    assert [e["date"] for e in events_citing(data, "S155")] == ["2026-05-18"]


def test_3_netherlands_ground_stays_considering_with_parliament_sourced(data: dict[str, dict[str, Doc]]) -> None:
    ground = must(data, "NL", "ground-forces")
    assert ground["status"] == "considering"
    assert {"S156", "S157", "S158"} <= set(ground["sources"])
    assert "parliament" in ground["conditions"]
    assert "not a decision" in caveats(data, "NL")
    assert sorted(e["date"] for e in events_citing(data, "S156")) == ["2026-07-02"]
    assert sorted(e["date"] for e in events_citing(data, "S158")) == ["2026-02-27"]


def test_3_us_guarantee_could_go_to_congress_but_is_unsigned(data: dict[str, dict[str, Doc]]) -> None:
    backstop = must(data, "US", "backstop")
    assert "S159" in backstop["sources"] and backstop["status"] == "conditional"
    assert "ratification" in backstop["summary"] and "Nov 2026" in backstop["summary"]
    assert "S159" in member(data, "US")["sources"]
    assert [e["date"] for e in events_citing(data, "S159")] == ["2026-02-13"]


@pytest.mark.parametrize("type_slug", ["ground-forces", "air-patrol", "naval-demining", "training"])
def test_3_uk_mnfu_deploys_only_after_hostilities_with_a_commons_vote(data: dict[str, dict[str, Doc]],
                                                                      type_slug: str) -> None:
    found = must(data, "GB", type_slug)
    assert "S160" in found["sources"] and found["status"] == "pledged"
    assert {"ceasefire", "parliament"} <= set(found["conditions"])


def test_3_estonia_reconfirmed_in_the_riigikogu(data: dict[str, dict[str, Doc]]) -> None:
    ground = must(data, "EE", "ground-forces")
    assert "S161" in ground["sources"] and ground["status"] == "pledged"
    assert "parliament" in ground["conditions"] and "company" in (ground["quantity"] or "")
    assert ground["stated_on"] == "2025-11-10"
    assert "S161" in must(data, "EE", "training")["sources"]
    assert [e["date"] for e in events_citing(data, "S161")] == ["2025-11-10"]


def test_3_november_2026_headlines_date_events_only(data: dict[str, dict[str, Doc]]) -> None:
    exercise = events_citing(data, "S162")
    assert len(exercise) == 1 and exercise[0]["date"] == "2026-11-09" and "S163" in exercise[0]["sources"]
    talks = events_citing(data, "S165")
    assert len(talks) == 1 and talks[0]["date"] == "2026-11-10"
    for found in exercise + talks:
        assert found["title"].startswith("Reported:")
        assert "headline" in found["summary"].lower()
    assert "S164" in member(data, "GB")["sources"]
    assert "title" in caveats(data, "GB")


# --- update 4: the as-of date -------------------------------------------------------------------------------------

def test_4_as_of_is_november_2026_and_the_summary_names_the_headline_only_items(
        data: dict[str, dict[str, Doc]]) -> None:
    meta = data["meta"]["1"]
    assert meta["as_of"] == "2026-11"
    newest = max([e["date"] for e in data["events"].values()]
                 + [c["stated_on"] for c in data["commitments"].values()])
    assert newest[:7] == meta["as_of"]
    summary = meta["summary"]
    assert "headlines only" in summary and "Jul 2026" in summary
    assert "exercise" in summary and "guidance page" in summary and "peace talks" in summary


# --- the history: one entry per change, each with its sources and a reason ----------------------------------------

def natural_key(table: str, doc: Doc) -> str:
    """The history's `key` of a record: MEMBER/TYPE for a commitment, `meta` for the meta document, else the id."""
    if table == "commitments":
        return f"{doc['member']}/{doc['type']}"
    return "meta" if table == "meta" else str(doc["id"])


NATURAL_KEYS = ("members", "commitments", "sources", "events", "meta")


def by_key(tables: dict[str, dict[str, Doc]], table: str) -> dict[str, Doc]:
    return {natural_key(table, doc): doc for doc in tables[table].values()}


def test_history_holds_one_entry_per_command_of_each_script() -> None:
    actions = [e["action"] for e in history_entries(BUNDLED)]
    first_change = next(i for i, action in enumerate(actions) if action not in NOT_CHANGES)
    assert "upgrade" in actions[:first_change], "the first write upgraded the March file"
    assert [a for a in actions if a not in NOT_CHANGES] == [
        command for name in SCRIPTS for command in script_commands(name)]
    for name, written in changes_by_script(BUNDLED).items():
        assert [e["action"] for e in written] == script_commands(name), name


def test_every_change_cites_existing_sources_and_says_why(data: dict[str, dict[str, Doc]]) -> None:
    source_ids = {s["id"] for s in data["sources"].values()}
    for name, written in changes_by_script(BUNDLED).items():
        for number, entry in enumerate(written, start=1):
            where = f"{name}, command {number} ({entry['action']} {entry['key']})"
            assert entry["by"] == AUTHOR, where
            assert set(entry["sources"]) <= source_ids, where
            if entry["action"] != "add-source":
                assert entry["sources"], f"{where} cites no source"
            if name == "2026-11.sh" and entry["action"] in ("add-source", "add-event"):
                continue  # November added sources and events without --note; its script comments say why
            assert entry["note"].strip(), f"{where} has no note"


def test_the_history_explains_every_difference_from_march_2026(data: dict[str, dict[str, Doc]],
                                                               march: dict[str, dict[str, Doc]]) -> None:
    """Applying each entry's `after` to the March 2026 file gives today's records: nothing changed unrecorded,
    in November or in December."""
    start = copy.deepcopy(march)
    for event_doc_id, event_doc in start["events"].items():  # the upgrade numbers events in document-id order
        event_doc["id"] = f"E{int(event_doc_id)}"
    start["meta"]["1"]["schema_version"] = data["meta"]["1"]["schema_version"]
    replayed = {table: by_key(start, table) for table in NATURAL_KEYS}
    for number, entry in enumerate(history_entries(BUNDLED), start=1):
        if entry["action"] in NOT_CHANGES:
            continue
        if entry["action"] == "baseline":
            assert replayed[entry["table"]][entry["key"]] == entry["after"], f"history entry {entry['id']}"
            continue
        if entry["before"] is not None:
            assert replayed[entry["table"]].get(entry["key"]) == entry["before"], f"history entry {number}"
        if entry["after"] is None:
            del replayed[entry["table"]][entry["key"]]
        else:
            replayed[entry["table"]][entry["key"]] = entry["after"]
    for table in NATURAL_KEYS:
        assert replayed[table] == by_key(data, table), table
