"""The bundled dataset: it validates, and the cases analysts check first come out right."""

from __future__ import annotations

import hashlib
import json

import pytest

from pledge_tui.dataset import store
from pledge_tui.dataset.model import Dataset, Member
from pledge_tui.paths import bundled_data_path
from tests.common import BUNDLED

EU_PARTICIPANTS = {"AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "IE", "IT", "LV", "LT",
                   "LU", "NL", "PL", "PT", "RO", "SI", "ES", "SE"}
OTHER_MEMBERS = {"NO", "IS", "GB", "TR", "CA", "AU", "NZ", "JP", "AL", "ME"}


@pytest.fixture(scope="module")
def data() -> Dataset:
    return store.load(str(BUNDLED)).dataset


def get(data: Dataset, member_id: str) -> Member:
    member = data.member(member_id)
    assert member is not None, member_id
    return member


def test_participants_and_roles(data: Dataset) -> None:
    roles = {m.id: m.role for m in data.members}
    assert {i for i, r in roles.items() if r == "member"} == EU_PARTICIPANTS | OTHER_MEMBERS
    assert {i for i, r in roles.items() if r == "partner"} == {"US"}
    assert {i for i, r in roles.items() if r == "institution"} == {"EU", "NATO"}
    assert not {"HU", "MT", "SK", "UA"} & set(roles)
    assert all(get(data, i).eu for i in EU_PARTICIPANTS)


@pytest.mark.parametrize(
    ("member_id", "type_slug", "status", "conditions", "lead"),
    [
        ("PL", "ground-forces", "ruled-out", None, None),
        ("PL", "logistics", "pledged", None, True),
        ("IT", "ground-forces", "ruled-out", None, None),
        ("IT", "training", "conditional", {"outside-ukraine"}, None),
        ("DE", "ground-forces", "conditional", {"outside-ukraine"}, None),
        ("GB", "ground-forces", "pledged", None, None),
        ("GB", "air-patrol", "pledged", None, None),
        ("GB", "naval-demining", "pledged", None, None),
        ("GB", "training", "pledged", None, None),
        ("GB", "command", "pledged", None, True),
        ("FR", "ground-forces", "pledged", None, None),
        ("FR", "air-patrol", "pledged", None, None),
        ("FR", "naval-demining", "pledged", None, None),
        ("FR", "training", "pledged", None, None),
        ("FR", "command", "pledged", None, True),
        ("US", "ground-forces", "ruled-out", None, None),
        ("RO", "ground-forces", "ruled-out", None, None),
        ("FI", "ground-forces", "ruled-out", None, None),
    ],
)
def test_must_have_cases(data: Dataset, member_id: str, type_slug: str, status: str,
                         conditions: set[str] | None, lead: bool | None) -> None:
    record = get(data, member_id).commitments.get(type_slug)
    assert record is not None and record.status == status
    if conditions is not None:
        assert conditions <= set(record.conditions)
    if lead is not None:
        assert record.lead is lead


def test_us_backstop_says_proposed_not_signed(data: Dataset) -> None:
    us = get(data, "US")
    backstop = us.commitments["backstop"]
    assert backstop.status not in ("pledged", "ruled-out")
    text = backstop.summary.lower()
    assert "not signed" in text or "not confirmed as signed" in text
    assert "congress" in text
    assert {"S50", "S0"} <= set(backstop.sources)  # the removed clause; the seed, attributed


def test_poland_caveats(data: Dataset) -> None:
    assert get(data, "PL").caveats


def test_the_26_is_an_attributed_figure_not_a_list(data: Dataset) -> None:
    figure = data.meta.reported_commitments
    assert figure.count == 26 and figure.date == "2025-09-04" and "S24" in figure.sources
    raw = BUNDLED.read_text(encoding="utf-8").lower()
    assert "the 26 are" not in raw and "26 countries are:" not in raw


def test_every_source_is_cited_and_every_citation_exists(data: Dataset) -> None:
    cited = set(data.meta.reported_commitments.sources)
    for m in data.members:
        assert m.sources
        cited |= set(m.sources)
        for record in m.commitments.values():
            assert record.sources
            cited |= set(record.sources)
    for event in data.events:
        cited |= set(event.sources)
    assert cited == set(data.sources)


def test_seed_article_is_listed_as_a_weak_source(data: Dataset) -> None:
    seed = data.sources["S0"]
    assert seed.tier == "C" and "seed" in seed.publisher.lower()


def test_c_tier_only_facts_are_kept_and_marked(data: Dataset) -> None:
    c_only = [r for m in data.members for r in m.commitments.values()
              if all(data.sources[s].tier == "C" for s in r.sources)]
    assert c_only, "C-tier-only facts stay in the dataset, marked by their sources' tier"


def test_as_of_is_the_newest_dated_fact(data: Dataset) -> None:
    newest = max([e.date for e in data.events] + [r.stated_on for m in data.members for r in m.commitments.values()])
    assert newest[:7] <= data.meta.as_of[:7]
    assert data.meta.as_of == "2026-11"


def test_file_is_written_for_readable_diffs() -> None:
    text = BUNDLED.read_text(encoding="utf-8")
    assert text == json.dumps(json.loads(text), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def test_bundled_copy_in_the_package_is_the_same_file() -> None:
    assert hashlib.sha256(bundled_data_path().read_bytes()).digest() == hashlib.sha256(BUNDLED.read_bytes()).digest()
