"""Filter semantics (README "Filter semantics"): examples, and a property test against a brute-force reading."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pledge_tui.dataset.model import Member
from pledge_tui.dataset.vocab import CONDITIONS, ROLES, STATUSES, STORED_STATUSES, TYPES
from pledge_tui.errors import UsageError
from pledge_tui.views.filters import (
    Facet,
    Filter,
    all_facet_counts,
    apply_filter,
    compile_filter,
    facet_counts,
    parse_slug,
    parse_slugs,
)
from pledge_tui.views.search import ALIASES
from tests.factories import commitment, dataset, member, meta, source, table


def ids(members: list[Member]) -> list[str]:
    return [m.id for m in members]


def test_no_filter_lists_everyone_by_name() -> None:
    d = dataset()
    assert ids(apply_filter(d.members, Filter())) == ["EU", "IT", "PL", "US"]


def test_type_and_status() -> None:
    d = dataset()
    f = Filter(types=("ground-forces",), statuses=("ruled-out",))
    assert ids(apply_filter(d.members, f)) == ["IT", "PL", "US"]


def test_type_alone_means_any_record_for_the_type() -> None:
    d = dataset()
    assert ids(apply_filter(d.members, Filter(types=("air-patrol",)))) == ["US"]


def test_status_alone_includes_not_disclosed() -> None:
    d = dataset()
    assert ids(apply_filter(d.members, Filter(statuses=("not-disclosed",)))) == ["EU", "IT", "PL", "US"]
    assert ids(apply_filter(d.members, Filter(statuses=("pledged",)))) == ["PL"]


def test_type_with_not_disclosed_status() -> None:
    d = dataset()
    assert ids(apply_filter(d.members, Filter(types=("logistics",), statuses=("not-disclosed",)))) == \
        ["EU", "IT", "US"]


def test_conditions_must_all_hold_on_one_record_of_a_given_type() -> None:
    d = dataset()
    assert ids(apply_filter(d.members, Filter(conditions=("parliament", "peace-deal")))) == ["US"]
    assert ids(apply_filter(d.members, Filter(conditions=("parliament", "outside-ukraine")))) == []
    assert ids(apply_filter(d.members, Filter(types=("ground-forces",), conditions=("parliament",)))) == []


def test_roles_and_search() -> None:
    d = dataset()
    assert ids(apply_filter(d.members, Filter(roles=("partner", "institution")))) == ["EU", "US"]
    assert ids(apply_filter(d.members, Filter(search="  POLAND "))) == ["PL"]
    assert ids(apply_filter(d.members, Filter(search="logistics pledged"))) == ["PL"]  # commitment summary
    assert ids(apply_filter(d.members, Filter(search="[/"))) == []
    assert ids(apply_filter(d.members, Filter(search="\x00"))) == ["EU", "IT", "PL", "US"]  # = no search
    assert ids(apply_filter(d.members, Filter(search="pol\x00and"))) == ["PL"]


def test_sorts_are_deterministic() -> None:
    d = dataset()
    assert ids(apply_filter(d.members, Filter(), "strongest")) == ["PL", "US", "IT", "EU"]
    assert ids(apply_filter(d.members, Filter(), "caveats")) == ["US", "EU", "PL", "IT"]
    with pytest.raises(UsageError):
        apply_filter(d.members, Filter(), "random")


@pytest.mark.parametrize(("value", "vocabulary", "slug"), [
    ("Air", "types", "air-patrol"), ("grnd", "types", "ground-forces"), ("  RULED   out ", "statuses", "ruled-out"),
    ("US backing", "conditions", "us-backstop"), ("Coalition as a whole", "roles", "coalition"),
    ("not required", "approvals", "not-required"), ("In Person", "attendance", "in-person"),
    ("by video", "attendance", "video"), ("b", "tiers", "B"), ("Official text", "tiers", "A"),
])
def test_parse_slug_takes_the_slug_or_the_label_of_every_vocabulary(value: str, vocabulary: str, slug: str) -> None:
    assert parse_slug(value, vocabulary) == slug


def test_parse_slug_suggests_the_nearest_and_names_where_and_what_is_refused() -> None:
    with pytest.raises(UsageError, match=r"^unknown attendance 'vdeo' for --summit; did you mean video \(by video\)\?"):
        parse_slug("vdeo", "attendance", "--summit")
    with pytest.raises(UsageError, match=r"^unknown approval 'optained' for --approval; did you mean obtained"):
        parse_slug("optained", "approvals")
    with pytest.raises(UsageError, match=r"^status 'not disclosed' cannot be given for STATUS \(expected one of: "
                                         r"pledged, conditional, considering, ruled-out, or their labels\); why"):
        parse_slug("not disclosed", "statuses", "STATUS", refused={"not-disclosed": "why"})


def test_parse_slugs_accepts_repeats_and_commas_in_order() -> None:
    assert parse_slugs(["air-patrol,training", "air-patrol", " logistics "], "types") == \
        ("air-patrol", "training", "logistics")
    with pytest.raises(UsageError, match="unknown type 'space-lasers'"):
        parse_slugs(["space-lasers"], "types")


def test_toggle_adds_and_removes() -> None:
    f = Filter().toggled("types", "air-patrol").toggled("types", "training").toggled("types", "air-patrol")
    assert f.types == ("training",)
    assert Filter().is_empty and not f.is_empty and Filter(search="  ").is_empty


def test_facet_counts_count_members_matching_each_value_alone() -> None:
    d = dataset()
    counts = facet_counts(d.members, Filter(), "statuses")
    assert counts["ruled-out"] == 3 and counts["pledged"] == 1 and counts["not-disclosed"] == 4


# --- property test: the implementation against the README's "Filter semantics" -------------------------------------

def spec_matches(m: Member, f: Filter, universe: list[Member]) -> bool:
    """The filter semantics (README "Filter semantics"), transcribed literally and without shortcuts; search
    as views/search.py documents it (these datasets hold ASCII words, so folding is lower-casing
    and collapsing spaces)."""
    def status(t: str) -> str:
        return m.commitments[t].status if t in m.commitments else "not-disclosed"

    T, S, C, R = set(f.types), set(f.statuses), set(f.conditions), set(f.roles)
    if not T and not S:
        type_status = True
    elif not T:
        type_status = any(status(t) in S for t in TYPES)
    elif not S:
        type_status = any(t in m.commitments for t in T)
    else:
        type_status = any(status(t) in S for t in T)
    cond = not C or any(set(r.conditions) >= C and (not T or r.type in T) for r in m.commitments.values())
    role = not R or m.role in R
    q = " ".join(f.search.lower().split())

    def other_names(x: Member) -> set[str]:
        return {a.lower() for a in ALIASES.get(x.id, ())}

    def names(x: Member) -> set[str]:
        return {x.id.lower(), x.name.lower(), *x.name.lower().split(), *other_names(x)}

    if q and any(q in names(x) for x in universe):
        text = q in names(m)
    else:
        haystack = [m.id, m.name, m.stance, *m.caveats, *(r.summary for r in m.commitments.values()), *other_names(m)]
        text = not q or any(q in h.lower() for h in haystack)
    return type_status and cond and role and text


WORDS = ["alpha", "beta", "Gamma", "delta"]


@st.composite
def datasets(draw: st.DrawFn) -> list[Member]:
    n = draw(st.integers(0, 7))
    members, commitments = [], []
    for i in range(n):
        # Role `coalition` belongs to one member, id COW (README "The data"): only the first may draw it.
        role = draw(st.sampled_from(ROLES if i == 0 else tuple(r for r in ROLES if r != "coalition")))
        mid = "COW" if role == "coalition" else f"M{i}"
        name = draw(st.sampled_from(["Aland", "bora", "Cyra", "aland", "Aland "])) + draw(st.sampled_from(WORDS))
        caveats = draw(st.lists(st.sampled_from(WORDS), max_size=3))
        members.append(member(mid, name, role=role, caveats=caveats,
                              stance=draw(st.sampled_from(WORDS))))
        for t in draw(st.lists(st.sampled_from(TYPES), unique=True, max_size=5)):
            commitments.append(commitment(
                mid, t, draw(st.sampled_from(STORED_STATUSES)),
                conditions=draw(st.lists(st.sampled_from(CONDITIONS[:4]), unique=True, max_size=3)),
                summary=draw(st.sampled_from(WORDS))))
    raw = {"meta": table(meta()), "sources": table(source("S1")), "members": table(*members),
           "commitments": table(*commitments), "events": table()}
    return list(dataset(raw).members)


filters = st.builds(
    Filter,
    types=st.lists(st.sampled_from(TYPES), unique=True, max_size=3).map(tuple),
    statuses=st.lists(st.sampled_from(STATUSES), unique=True, max_size=2).map(tuple),
    conditions=st.lists(st.sampled_from(CONDITIONS[:4]), unique=True, max_size=2).map(tuple),
    roles=st.lists(st.sampled_from(ROLES), unique=True, max_size=2).map(tuple),
    search=st.sampled_from(["", "al", "ALPHA", " beta ", "m1", "zzz", "aland", "Aland  Gamma"]),
    stale=st.none(),  # (the spec above has no stale part; hypothesis fills a NamedTuple's defaulted fields too)
)


@settings(max_examples=300, deadline=None)
@given(members=datasets(), f=filters, sort=st.sampled_from(["name", "strongest", "caveats"]))
def test_filter_agrees_with_the_spec(members: list[Member], f: Filter, sort: str) -> None:
    got = apply_filter(members, f, sort)
    assert {m.id for m in got} == {m.id for m in members if spec_matches(m, f, members)}
    # The coalition row first, then the sort key; ties broken by name then id; no two members tie completely.
    assert len({m.id for m in got}) == len(got)
    coalition = [m for m in got if m.role == "coalition"]
    assert got[:len(coalition)] == coalition
    for group in (coalition, got[len(coalition):]):
        if sort == "name":
            keys = [(m.name.casefold(), m.id) for m in group]
            assert keys == sorted(keys)
        elif sort == "caveats":
            keys2 = [(-len(m.caveats), m.name.casefold(), m.id) for m in group]
            assert keys2 == sorted(keys2)
        else:
            ranks = [m.strongest_rank for m in group]
            assert ranks == sorted(ranks)
    assert apply_filter(list(reversed(members)), f, sort) == got


@settings(max_examples=300, deadline=None)
@given(members=datasets(), f=filters)
def test_live_counts_agree_with_one_filter_run_per_value(members: list[Member], f: Filter) -> None:
    """The single-pass counts equal the definition: run the filter with each value alone in its facet."""
    fast = all_facet_counts(members, f)
    facets: tuple[tuple[Facet, tuple[str, ...]], ...] = (("types", TYPES), ("statuses", STATUSES),
                                                         ("conditions", CONDITIONS))
    for facet, values in facets:
        for value in values:
            matches = compile_filter(f.with_facet(facet, (value,)), members)
            assert fast[facet][value] == sum(1 for m in members if spec_matches(m, f.with_facet(
                facet, (value,)), members)) == sum(1 for m in members if matches(m)), (facet, value)


def test_the_coalition_row_is_first_in_every_sort_and_filterable_by_role() -> None:
    from tests.factories import raw_dataset_with_coalition

    d = dataset(raw_dataset_with_coalition())
    for sort in ("name", "strongest", "caveats"):
        assert ids(apply_filter(d.members, Filter(), sort))[0] == "COW"
    assert ids(apply_filter(d.members, Filter(roles=("coalition",)))) == ["COW"]
    assert ids(apply_filter(d.members, Filter(types=("backstop",)))) == ["COW", "US"]
    assert parse_slugs(["Coalition as a whole", "MEMBER"], "roles") == ("coalition", "member")
