"""Search and member look-up (views/search.py, README "Filter semantics" and "Vocabulary", issue 15 item 4,
issue 14 class 5)."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pledge_tui.dataset import store
from pledge_tui.sanitize import fold
from pledge_tui.views.filters import Filter, apply_filter, search_needle
from pledge_tui.views.search import ALIASES, compile_search, find_members
from tests.common import FROZEN
from tests.factories import dataset, member, raw_dataset, table

FIXTURE = store.load(str(FROZEN)).dataset


def found(text: str, members: tuple = FIXTURE.members) -> list[str]:  # type: ignore[type-arg]
    return sorted(m.id for m in apply_filter(members, Filter(search=text)))


@pytest.mark.parametrize("text", ["turk", "türk", "turkiye", "Türkiye", "TÜRKIYE", "Turkey", "turkey",
                                  "Tu\u0308rkiye", "t\u00fcrk\u0130ye"])
def test_accents_case_and_other_names_find_turkiye(text: str) -> None:
    assert "TR" in found(text)


@pytest.mark.parametrize(("text", "ids"), [
    ("us", ["US"]), ("US", ["US"]), ("usa", ["US"]), ("America", ["US"]), ("united states", ["US"]),
    ("uk", ["GB"]), ("UK", ["GB"]), ("Britain", ["GB"]), ("great britain", ["GB"]), ("gb", ["GB"]),
    ("united", ["GB", "US"]), ("holland", ["NL"]), ("Czech Republic", ["CZ"]), ("czechia", ["CZ"]),
    ("eu", ["EU"]), ("nato", ["NATO"]), ("pol", ["PL"]), ("poland", ["PL"]), ("  POLAND ", ["PL"]),
    ("new zealand", ["NZ"]), ("zealand", ["NZ"]), ("new   zealand", ["NZ"]),
])
def test_ids_names_and_other_names_are_matched_as_words_first(text: str, ids: list[str]) -> None:
    assert found(text) == ids


def test_short_words_no_longer_match_prose() -> None:
    """Issue 15: "us" and "uk" matched 21 and 23 members through their prose."""
    prose_us = [m.id for m in FIXTURE.members if "us" in m.search_text]
    assert len(prose_us) > 10
    assert found("us") == ["US"] and found("uk") == ["GB"]


def test_other_text_is_a_substring_search_over_the_prose() -> None:
    ceasefire = found("ceasefire")
    assert len(ceasefire) > 10 and "FR" in ceasefire
    assert found("black sea") == sorted(m.id for m in FIXTURE.members if "black sea" in m.search_text)
    assert found("zzzz") == []


def test_nfd_text_is_found_by_nfc_search_and_back() -> None:
    raw = raw_dataset()
    raw["members"]["1"]["name"] = unicodedata.normalize("NFD", "Türkiye")
    raw["members"]["1"]["stance"] = unicodedata.normalize("NFD", "Café au lait diplomacy")
    members = dataset(raw).members
    assert found("Türkiye", members) == ["PL"]  # PL is the id of the first document
    assert found(unicodedata.normalize("NFD", "café"), members) == ["PL"]
    assert found("cafe", members) == ["PL"]


@pytest.mark.parametrize("hidden", ["\u200d", "\u200c", "\u00ad", "\u200b", "\u2060", "\ufeff"])
def test_invisible_characters_do_not_hide_a_name(hidden: str) -> None:
    raw = raw_dataset()
    raw["members"]["1"]["name"] = f"Pol{hidden}and"
    raw["members"]["1"]["stance"] = f"Logis{hidden}tics hub"
    members = dataset(raw).members
    assert found("poland", members) == ["PL"]
    assert found("logistics hub", members) == ["PL"]
    assert found(f"pol{hidden}and", members) == ["PL"]


def test_full_width_and_ligatures_fold_to_ascii() -> None:
    assert fold("\uff30\uff2f\uff2c\uff21\uff2e\uff24") == "poland" and fold("ﬁnland") == "finland"
    assert fold("Straße") == "strasse"
    assert fold("Łódź") == "lodz" and fold("Ærø") == "aero" and fold("  a \t b\n") == "a b"


def test_a_name_word_decides_over_all_members_not_the_other_filters() -> None:
    """"united" names GB and US; with a type filter, only those of them that match it remain."""
    f = Filter(types=("ground-forces",), search="united")
    assert sorted(m.id for m in apply_filter(FIXTURE.members, f)) == ["GB", "US"]


def test_compile_search_is_none_for_nothing_to_search() -> None:
    assert compile_search("", FIXTURE.members) is None
    assert compile_search(" \u200b\x00 ", FIXTURE.members) is None
    assert Filter(search="\u200b ").is_empty
    assert search_needle(" Ü ") == "u"


@given(st.text(max_size=40))
def test_search_never_fails_and_empty_needles_match_everything(text: str) -> None:
    result = found(text)
    if not fold(text):
        assert len(result) == len(FIXTURE.members)


def test_every_alias_belongs_to_a_real_id_shape_and_finds_its_member() -> None:
    ids = {m.id for m in FIXTURE.members}
    for member_id, names in ALIASES.items():
        assert member_id.isupper()
        if member_id in ids:
            for name in names:
                assert member_id in found(name), name


# --- find_members: the look-up of `show MEMBER` ------------------------------------------------------


def test_an_id_wins_over_a_name() -> None:
    raw = raw_dataset()
    raw["members"]["2"]["name"] = "PL"  # Italy renamed "PL": `show PL` still means Poland's id
    members = dataset(raw).members
    assert [m.id for m in find_members(members, "pl")] == ["PL"]
    assert [m.id for m in find_members(members, "Poland")] == ["PL"]


def test_a_name_two_members_share_is_ambiguous() -> None:
    raw = {**raw_dataset(), "members": table(member("PL", "Twin"), member("IT", "Twin"))}
    raw["commitments"] = table()
    assert sorted(m.id for m in find_members(dataset(raw).members, "twin")) == ["IT", "PL"]


@pytest.mark.parametrize(("query", "expected"), [("turkey", "TR"), ("TÜRKIYE", "TR"), ("britain", "GB"),
                                                 ("usa", "US"), ("united states", "US"), ("gb", "GB")])
def test_find_members_knows_other_names_and_ignores_accents(query: str, expected: str) -> None:
    assert [m.id for m in find_members(FIXTURE.members, query)] == [expected]


def test_find_members_wants_a_whole_name() -> None:
    assert find_members(FIXTURE.members, "united") == []
    assert find_members(FIXTURE.members, "") == []
