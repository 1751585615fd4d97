"""The presentation model (views/present.py): one card per member, labels from the vocabulary, one age rule."""

from __future__ import annotations

from datetime import date

import pytest

from pledge_tui.dataset import store
from pledge_tui.dataset.vocab import NOT_DISCLOSED, TYPES
from pledge_tui.views import present
from pledge_tui.views.filters import Filter
from tests.conftest import FROZEN


@pytest.fixture(scope="module")
def dataset():  # type: ignore[no-untyped-def]
    return store.load(str(FROZEN)).dataset


def test_every_member_has_a_card_with_its_commitments_in_type_order(dataset) -> None:  # type: ignore[no-untyped-def]
    for member in dataset.members:
        card = present.member_card(dataset, member)
        assert [c.type for c in card.commitments] == [t for t in TYPES if t in member.commitments]
        assert len(card.commitments) + len(card.undisclosed) == len(TYPES)
        cited = {s.id for s in card.sources}
        assert set(member.sources) <= cited
        assert all(set(c.sources) <= cited for c in card.commitments)
        assert [s.id for s in card.sources] == present.cited_source_ids(member)


def test_a_cell_without_a_record_is_not_disclosed(dataset) -> None:  # type: ignore[no-untyped-def]
    poland = dataset.member("PL")
    assert poland is not None
    missing = next(t for t in TYPES if t not in poland.commitments)
    cell = present.cell(poland, missing)
    assert cell.status == NOT_DISCLOSED and not cell.disclosed and cell.status_label == "not disclosed"
    logistics = present.cell(poland, "logistics")
    assert logistics.disclosed and logistics.status == "pledged" and logistics.type_label == "Logistics"


@pytest.mark.parametrize(("as_of", "today", "words"), [
    ("2026-03", date(2026, 3, 31), "30 days old"),
    ("2026-03-01", date(2026, 3, 31), "30 days old"),
    ("2026-03", date(2026, 11, 30), "about 9 months old"),
    ("2024-01", date(2026, 11, 30), "about 2 years old"),
    ("2027-01", date(2026, 11, 30), "dated in the future"),
    ("2026-13", date(2026, 11, 30), "of unknown age"),
])
def test_data_age_reads_month_and_day_precision_alike(as_of: str, today: date, words: str) -> None:
    assert present.data_age(as_of, today) == words


def test_filter_in_words() -> None:
    assert present.filter_in_words(Filter()) == "no filter"
    f = Filter(types=("air-patrol",), statuses=("pledged", "conditional"), search=" pol ")
    assert present.filter_in_words(f) == 'type: Air; statuses: pledged, conditional; search: "pol"'
