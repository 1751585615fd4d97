"""The presentation model (views/present.py): one card per member, labels from the vocabulary, one age rule."""

from __future__ import annotations

from datetime import date

import pytest

from pledge_tui.dataset import store
from pledge_tui.dataset.vocab import NOT_DISCLOSED, TYPES
from pledge_tui.views import present
from pledge_tui.views.filters import Filter
from tests.common import FROZEN


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


# --- glyphs, counts, the coalition row --------------------------------------------------------------


def test_ascii_glyphs_still_tell_every_status_apart() -> None:
    unicode_marks = [mark for mark, _ in present.legend()]
    ascii_marks = [mark for mark, _ in present.legend(ascii_only=True)]
    assert len(set(ascii_marks)) == len(ascii_marks) == len(unicode_marks)
    assert all(mark.isascii() for mark in ascii_marks)
    assert [words for _, words in present.legend()] == [words for _, words in present.legend(ascii_only=True)]


def test_the_coalition_row_is_counted_apart() -> None:
    from tests.factories import dataset as build
    from tests.factories import raw_dataset, raw_dataset_with_coalition

    with_row = build(raw_dataset_with_coalition()).members
    without = build(raw_dataset()).members
    assert present.totals_in_words(with_row) == "4 members + the coalition as a whole"
    assert present.totals_in_words(without) == "4 members"
    assert present.count_in_words(with_row, with_row) == "4 of 4 members shown + the coalition as a whole"
    only_members = [m for m in with_row if not present.is_coalition(m)]
    assert present.count_in_words(only_members[:1], with_row) == "1 of 4 members shown"
    row = present.matrix_row(next(m for m in with_row if m.id == "COW"))
    assert row.coalition and row.role_label == "coalition as a whole"


# --- display width and the sanitiser's rules for validation ---------------------------------------------

WIDE_CASES = ["abc", "中文", "\uff46\uff55\uff4c\uff4c", "é", "e\u0301", "🇺🇦", "👩\u200d👩\u200d👧", "❤️",
              "Türkiye", "한국어", "ﾊﾝｶｸ", "🙂 ok", "x\u20dd", "\u3000", "✕●◐○·", "👍🏽", "Ελλάδα", "Україна",
              "🏳️\u200d🌈 flag", "日本 Japan"]


@pytest.mark.parametrize("text", WIDE_CASES)
def test_display_width_agrees_with_rich(text: str) -> None:
    from rich.cells import cell_len

    from pledge_tui.textwidth import display_width

    assert display_width(text) == cell_len(text)


@pytest.mark.parametrize("text", WIDE_CASES)
@pytest.mark.parametrize("width", [1, 2, 3, 5, 8])
def test_fit_takes_exactly_the_width(text: str, width: int) -> None:
    from rich.cells import cell_len

    from pledge_tui.textwidth import fit

    fitted = fit(text, width)
    assert cell_len(fitted) == width
    assert fitted.rstrip() == text.rstrip() or fitted.rstrip().endswith("…")


@pytest.mark.parametrize(("text", "visible"), [
    ("Poland", True), ("\u200b\u200c\u200d", False), ("   ", False), ("\u00ad\u2060\ufeff", False),
    ("\u3164\u115f", False), ("\u0301\u0302", False), ("\u2800", False), ("\x1b[0m", True), ("\x07\x00", False),
    (" \u200bA", True), ("中", True), ("🙂", True),
])
def test_has_visible_text(text: str, visible: bool) -> None:
    from pledge_tui.sanitize import has_visible_text

    assert has_visible_text(text) is visible


@pytest.mark.parametrize(("text", "ok"), [("2026", True), ("٢٠٢٦", False), ("\uff12\uff10\uff12\uff16", False),
                                          ("२०२६", False), ("", False), ("12a", False)])
def test_is_ascii_digits(text: str, ok: bool) -> None:
    from pledge_tui.sanitize import is_ascii_digits

    assert is_ascii_digits(text) is ok


def test_clean_text_is_nfc_and_keeps_words_apart() -> None:
    from pledge_tui.sanitize import clean_line, clean_text

    assert clean_text("Tu\u0308rkiye") == "Türkiye"
    assert clean_text("a\rb\u2028c\r\nd") == "a\nb\nc\nd" and clean_line("a\rb") == "a b"
    assert clean_text("soft\u00adhyphen\ud800") == "softhyphen\ufffd"
