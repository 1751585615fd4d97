"""Freshness (issue 20, README "What changed"): a disclosed cell's newest source and its age in `show`, `list
--format json` and the detail pane; the `--stale MONTHS` filter; and the chart over time's numbers."""

from __future__ import annotations

import contextlib
import io
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pledge_tui.cli.main import main
from pledge_tui.errors import UsageError
from pledge_tui.views.chart import STACK_ORDER, said_chart, stack
from pledge_tui.views.filters import Filter, apply_filter
from pledge_tui.views.freshness import freshness, parse_stale, stale_filter
from pledge_tui.views.present import filter_in_words
from tests import factories as F

TODAY = date(2026, 3, 20)


def _run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return code, out.getvalue(), err.getvalue()


def _raw() -> dict[str, Any]:
    """The fixture with sources of three ages: S1 2025-09-04, S2 2026-01 (a month), S3 2026."""
    raw = F.raw_dataset_v2()
    dates = {"S1": "2025-09-04", "S2": "2026-01", "S3": "2026"}
    for doc in raw["sources"].values():
        doc["date"] = dates[doc["id"]]
    return raw


def test_the_newest_source_and_its_age() -> None:
    dataset = F.dataset(_raw())
    record = F.dataset(_raw()).member("PL").commitments["logistics"]  # type: ignore[union-attr]
    assert record.sources == ("S1", "S2")
    fresh = freshness(dataset, record, TODAY)
    assert fresh is not None and (fresh.source_id, fresh.date, fresh.age_days) == ("S2", "2026-01", 48)
    assert fresh.words == "newest source 2026-01 (S2), 48 days old"  # counted from 31 January, the latest it can be
    year_only = record._replace(sources=("S1", "S3"))
    assert freshness(dataset, year_only, TODAY).age_days == 0  # type: ignore[union-attr]  # "2026": not older
    assert freshness(dataset, record._replace(sources=("S9",)), TODAY) is None


@pytest.mark.parametrize(("text", "months"), [("6", 6), (" 1 ", 1), ("1200", 1200), ("+3", 3)])
def test_parse_stale(text: str, months: int) -> None:
    assert parse_stale(text) == months


@pytest.mark.parametrize("bad", ["0", "-1", "1201", "99999999999999999999", "six", "1.5", "", "٣"])
def test_a_bad_stale_is_a_usage_error(bad: str) -> None:
    with pytest.raises(UsageError, match=r"^--stale: "):
        parse_stale(bad)


def test_the_stale_filter_keeps_members_with_an_old_claim() -> None:
    raw = _raw()
    for doc in raw["commitments"].values():  # only Poland's logistics rests on a recent source
        doc["sources"] = ["S2"] if (doc["member"], doc["type"]) == ("PL", "logistics") else ["S1"]
    dataset = F.dataset(raw)
    stale = stale_filter(dataset, 6, TODAY)
    assert (stale.months, stale.before) == (6, "2025-09-20")
    f = Filter(stale=stale)
    shown = {m.id for m in apply_filter(dataset.members, f)}
    assert shown == {m.id for m in dataset.members if any(r.sources == ("S1",) for r in m.commitments.values())}
    assert not stale_filter(dataset, 12, TODAY).members  # nothing is a year old
    assert filter_in_words(f) == "newest source older than 6 months" and not f.is_empty
    with pytest.raises(UsageError, match="before the year 1"):
        stale_filter(dataset, 1200, date(50, 1, 1))


def test_list_and_show_give_the_newest_source(tmp_path: Path) -> None:
    path = F.write(tmp_path / "d.json", _raw())
    code, out, err = _run("--data", str(path), "list", "--format", "json", "--now", "2026-03-20T00:00:00Z")
    assert code == 0, err
    poland = next(m for m in json.loads(out) if m["id"] == "PL")
    logistics = poland["commitments"]["logistics"]
    assert (logistics["newest_source"], logistics["newest_source_id"], logistics["newest_source_age_days"]) == (
        "2026-01", "S2", 48)
    assert "newest_source" not in poland["commitments"]["air-patrol"]  # not disclosed: nothing to date
    code, out, _ = _run("--data", str(path), "show", "PL", "--now", "2026-03-20T00:00:00Z")
    assert "      Sources: S1, S2 · newest source 2026-01 (S2), 48 days old\n" in out
    code, out, _ = _run("--data", str(path), "list", "--stale", "6", "--now", "2026-03-20T00:00:00Z")
    assert code == 0 and "of 4 members shown" in out


def test_export_takes_stale_and_says_it(tmp_path: Path) -> None:
    path = F.write(tmp_path / "d.json", _raw())
    code, out, _ = _run("--data", str(path), "export", "--stale", "3", "--now", "2026-03-20T00:00:00Z")
    assert code == 0 and "  stale_months: 3\n" in out and "newest source older than 3 months" in out


# --- the chart over time -----------------------------------------------------------------------------------


def test_the_chart_counts_by_month_said_and_status() -> None:
    raw = F.raw_dataset_v2()
    said = {("PL", "ground-forces"): "2025-11-03", ("PL", "logistics"): "2026-01"}
    for doc in raw["commitments"].values():
        doc["stated_on"] = said.get((doc["member"], doc["type"]), "2026-01-06")
    dataset = F.dataset(raw)
    chart = said_chart(dataset.members, "2026-03")
    assert [m.month for m in chart.months] == ["2025-11", "2025-12", "2026-01", "2026-02", "2026-03"]
    assert chart.by_year_only == 0 and chart.total == sum(len(m.commitments) for m in dataset.members)
    italy = dataset.member("IT")
    assert italy is not None
    year_only = italy.replace(commitments={t: r._replace(stated_on="2026") for t, r in italy.commitments.items()})
    assert said_chart([year_only], "2026-03").by_year_only == len(italy.commitments)
    january = chart.months[2]
    records = [r for m in dataset.members for r in m.commitments.values() if r.stated_on[:7] == "2026-01"]
    assert january.counts == tuple(sum(r.status == s for r in records) for s in STACK_ORDER)
    assert chart.months[1].total == 0 and chart.highest == january.total
    assert said_chart([], "2026-03").months == ()


@given(st.lists(st.integers(0, 60), min_size=4, max_size=4), st.integers(1, 12), st.integers(0, 200))
def test_a_column_shows_its_total_scaled_and_every_status_it_holds(counts: list[int], rows: int, extra: int) -> None:
    highest = sum(counts) + extra
    column = stack(counts, rows, highest)
    assert len(column) == rows
    filled = [cell for cell in column if cell is not None]
    assert column[:len(filled)] == tuple(filled)  # stacked from the bottom, no gaps
    if sum(counts) == 0:
        assert not filled
        return
    assert len(filled) == min(rows, max(1, round(rows * sum(counts) / highest)))
    assert [s for s in STACK_ORDER if s in filled] == sorted(set(filled), key=STACK_ORDER.index)  # strongest low
    assert filled == sorted(filled, key=STACK_ORDER.index)
    present = [s for s, n in zip(STACK_ORDER, counts, strict=True) if n]
    if len(filled) >= len(present):
        assert set(filled) == set(present)  # room for each: none rounded away


def test_the_snapshot_carries_the_chart_as_a_table(tmp_path: Path) -> None:
    path = F.write(tmp_path / "d.json", F.raw_dataset_v2())
    for brief in ([], ["--brief"]):
        code, out, _ = _run("--data", str(path), "export", "--now", "2026-03-20T00:00:00Z", *brief)
        section = out.split("## Commitments by the month they were said\n", 1)[1].split("\n## ", 1)[0]
        assert code == 0 and "| Month | pledged | conditional | considering | ruled out | Total |" in section
        rows = [line for line in section.splitlines() if line.startswith("| 20")]
        chart = said_chart(F.dataset(F.raw_dataset_v2()).members, "2026-03")
        assert rows == [f"| {m.month} | {' | '.join(map(str, m.counts))} | {m.total} |" for m in chart.months]


def test_freshness_on_answers_as_freshness_does_for_every_record() -> None:
    """`freshness_on` (what `list --format json` asks) gives `freshness`'s answer for every record of the bundled
    data, on days before, among and after its sources' dates."""
    from datetime import date

    from pledge_tui.dataset import store
    from pledge_tui.views.freshness import freshness, freshness_on
    from tests.common import BUNDLED

    dataset = store.load(str(BUNDLED)).dataset
    records = [record for member in dataset.members for record in member.commitments.values()]
    assert len(records) > 50
    for today in (date(2020, 1, 1), date(2025, 9, 4), date(2026, 12, 8), date(2040, 2, 29)):
        fresh = freshness_on(dataset, today)
        assert [fresh(record) for record in records] == [freshness(dataset, record, today) for record in records]
        assert [fresh(record) for record in records] == [freshness(dataset, record, today) for record in records]
