"""The two clocks (issue 20, README "What changed"): the dates each clock reads, `--at DATE` (the recorded clock:
the data rebuilt as it was), `changes --said-since DATE` (the said clock), and both clocks shown apart in
`history`, `changes` and the timeline."""

from __future__ import annotations

import contextlib
import io
import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from pledge_tui.cli.main import main
from pledge_tui.dataset.replay import keyed_documents
from pledge_tui.errors import UsageError
from pledge_tui.views.changes import history_lines
from pledge_tui.views.clocks import (
    at_moment,
    check_at,
    months_before,
    reference_time,
    said_day,
    said_last_day,
    said_on_or_after,
    since_moment,
)
from pledge_tui.views.recorded import as_recorded
from pledge_tui.views.said import said_since
from pledge_tui.views.timeline import timeline_rows
from tests import factories as F
from tests.common import FROZEN
from tests.history_factory import Editor, story

NOW = "2026-12-01T00:00:00Z"


def _run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return code, out.getvalue(), err.getvalue()


def _story_file(tmp_path: Path) -> Path:
    return F.write(tmp_path / "story.json", story().raw)


# --- the dates of each clock ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("given", "moment"), [
    ("2026-10-01", "2026-10-02T00:00:00Z"), ("2026-10", "2026-11-01T00:00:00Z"), ("2026-12", "2027-01-01T00:00:00Z"),
    ("2026-02-28", "2026-03-01T00:00:00Z"), ("2026-03-10T09:00:00Z", "2026-03-10T09:00:01Z"),
    ("2026-03-10T23:59:59Z", "2026-03-11T00:00:00Z"), ("9999-12-31", "9999-12-31T23:59:59Z"),
])
def test_at_means_the_end_of_the_period(given: str, moment: str) -> None:
    assert at_moment(given) == moment


@pytest.mark.parametrize("bad", ["", "soon", "2026-13", "2026-02-30", "2026-1-1", "10/01/2026", "2026-03-10 09:00"])
def test_a_bad_at_or_since_names_its_option(bad: str) -> None:
    with pytest.raises(UsageError, match=r"^--at: "):
        at_moment(bad)
    with pytest.raises(UsageError, match=r"^--since: "):
        since_moment(bad)


def test_said_dates() -> None:
    assert said_day(" 2026-01 ") == "2026-01" and said_day("2025") == "2025"
    for bad in ("2026-13", "26-01", "January", "2026-02-30"):
        with pytest.raises(UsageError, match="--said-since"):
            said_day(bad)
    assert said_on_or_after("2026-01", "2026-01-15")  # a month-precise statement counts for any day of it
    assert said_on_or_after("2026-01-15", "2026-01") and not said_on_or_after("2026-01-14", "2026-01-15")
    assert not said_on_or_after("2025-12", "2026-01-01") and said_on_or_after("2026", "2026-06-01")
    assert said_last_day("2026-02") == date(2026, 2, 28) and said_last_day("2024-02") == date(2024, 2, 29)
    assert said_last_day("2025") == date(2025, 12, 31) and said_last_day("2025-09-04") == date(2025, 9, 4)
    assert said_last_day("soon") is None and said_last_day("2025-13") is None


def test_months_before_and_reference_time() -> None:
    assert months_before(date(2026, 12, 7), 6) == date(2026, 6, 7)
    assert months_before(date(2026, 3, 31), 1) == date(2026, 2, 28)
    assert months_before(date(2026, 1, 15), 13) == date(2024, 12, 15)
    with pytest.raises(OverflowError):
        months_before(date(2026, 1, 1), 2026 * 12 + 5)
    assert reference_time("2026-03-01T12:00:00Z", {}) == datetime(2026, 3, 1, 12, tzinfo=UTC)
    assert reference_time(None, {"SOURCE_DATE_EPOCH": "0"}) == datetime(1970, 1, 1, tzinfo=UTC)
    with pytest.raises(UsageError, match="--now"):
        reference_time("tomorrow", {})


# --- --at: the data as recorded -------------------------------------------------------------------------------


def test_as_recorded_rebuilds_each_moment_of_the_story() -> None:
    ed = story()
    now = F.dataset(ed.raw)
    first_day = as_recorded(now, "2026-03-10", now=NOW)
    assert first_day.words == "as recorded at 2026-03-10"
    assert first_day.dataset.member("PL").commitments["air-patrol"].status == "pledged"  # type: ignore[union-attr]
    assert first_day.dataset.member("NO") is None and len(first_day.dataset.history) == 1
    assert as_recorded(now, "2026-03-10T10:00:00Z", now=NOW).dataset.member("PL").commitments.get(  # type: ignore[union-attr]
        "air-patrol") is not None  # an exact time: the entry at that time counts
    eleventh = as_recorded(now, "2026-03-11", now=NOW).dataset
    assert eleventh.member("NO") is not None and "air-patrol" not in eleventh.member("PL").commitments  # type: ignore[union-attr]
    assert keyed_documents(as_recorded(now, "2026-03", now=NOW).dataset) == keyed_documents(now)


def test_at_refuses_what_it_cannot_know() -> None:
    now = F.dataset(story().raw)
    with pytest.raises(UsageError, match=r"history begins at 2026-03-10 10:00 UTC; what the data held before"):
        as_recorded(now, "2026-03-09", now=NOW)
    with pytest.raises(UsageError, match="in the future"):
        as_recorded(now, "2027-01", now=NOW)
    with pytest.raises(UsageError, match="no history"):
        as_recorded(F.dataset(F.raw_dataset()), "2026-03-10", now=NOW)
    with pytest.raises(UsageError, match="in the future"):
        check_at("2999-01-01")


def test_list_show_and_export_take_at(tmp_path: Path) -> None:
    path = _story_file(tmp_path)
    code, out, err = _run("--data", str(path), "list", "--at", "2026-03-10", "--format", "json")
    assert code == 0, err
    assert "NO" not in [m["id"] for m in json.loads(out)]
    code, out, _ = _run("--data", str(path), "list", "--at", "2026-03-11")
    assert out.startswith("As recorded at 2026-03-11 (UTC), rebuilt from its history.\n") and "Norway" in out
    code, out, _ = _run("--data", str(path), "show", "PL", "--at", "2026-03-10")
    assert code == 0 and out.splitlines()[0].startswith("As recorded at 2026-03-10") and "Air (air-patrol)" in out
    code, out, _ = _run("--data", str(path), "export", "--at", "2026-03-10", "--now", NOW)
    assert code == 0 and 'recorded_at: "2026-03-10"' in out and "data as recorded at 2026-03-10 (UTC)" in out
    code, _, err = _run("--data", str(path), "list", "--at", "2026-03-01")
    assert code == 2 and err.count("\n") == 1 and "history begins at 2026-03-10 10:00 UTC" in err


def test_at_on_a_history_that_does_not_replay_is_a_data_error(tmp_path: Path) -> None:
    ed = Editor()
    ed.set("IT", "training", summary="Before.", at="2026-03-09T00:00:00Z")
    ed.set("IT", "training", summary="After.", at="2026-03-11T00:00:00Z")
    ed.add_source("S4")
    ed.set("PL", "air-patrol", cite=("S4",))
    next(d for d in ed.raw["commitments"].values() if d["type"] == "logistics")["sources"].append("S4")  # by hand
    path = F.write(tmp_path / "hand.json", ed.raw)
    code, _, err = _run("--data", str(path), "list", "--at", "2026-03-10")
    assert code == 1 and "does not lead back to a valid dataset" in err and "Traceback" not in err


# --- the said clock -----------------------------------------------------------------------------------------


def test_said_since_lists_the_cells_stated_since_with_both_clocks() -> None:
    ed = story()
    ed.set("IT", "training", stated_on="2026-03-02", at="2026-03-14T08:00:00Z")
    dataset = F.dataset(ed.raw)
    said = said_since(dataset, "2026-03")
    assert [(c.member_id, c.type, c.said) for c in said.cells][:2] == [("IT", "training", "2026-03-02"),
                                                                      ("NO", "naval-demining", "2026-03")]
    italy = said.cells[0]
    assert italy.recorded == "2026-03-14T08:00:00Z" and italy.entry == dataset.history[-1].id
    assert said.disclosed == sum(len(m.commitments) for m in dataset.members)
    baseline = [c for c in said_since(dataset, "2026-01").cells if c.member_id == "PL" and c.type == "logistics"]
    assert baseline and baseline[0].recorded is None  # set before history began: baseline


def test_changes_said_since_on_a_file_without_history_reads_the_said_dates_alone() -> None:
    """A file from before history was kept (the March 2026 fixture, schema version 1): every cell is
    as the data was when history began, and the said clock still answers."""
    code, out, err = _run("--data", str(FROZEN), "changes", "--said-since", "2026-02")
    assert code == 0 and err == ""
    assert out.splitlines()[:3] == [
        "Said since 2026-02 (the said clock: when a commitment was stated): 2 of 82 disclosed cells",
        "  Canada (CA), Training: pledged",
        "        said 2026-02-24 · baseline: as the data was when history began [S76, S84]"]
    code, out, _ = _run("--data", str(FROZEN), "changes", "--said-since", "2030-01", "--format", "json")
    assert code == 0 and json.loads(out)["cells"] == []


def test_changes_said_since_in_each_format(tmp_path: Path) -> None:
    path = _story_file(tmp_path)
    code, out, err = _run("--data", str(path), "changes", "--said-since", "2026-03")
    assert code == 0, err
    assert out.startswith("Said since 2026-03 (the said clock: when a commitment was stated): ")
    fourth = F.dataset(story().raw).history[3].id
    assert f"said 2026-03 · recorded 2026-03-11 10:00 UTC ({fourth})" in out
    code, out, _ = _run("--data", str(path), "changes", "--said-since", "2026-01-01", "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["clock"] == "said" and data["said_since"] == "2026-01-01"
    assert all(c["stated_on"] >= "2026-01" for c in data["cells"])
    code, out, _ = _run("--data", str(path), "changes", "--said-since", "2026", "--format", "md", "--type", "backstop")
    assert code == 0 and out.startswith("# Said since 2026\n") and "| Said | Recorded |" in out
    code, out, _ = _run("--data", str(path), "changes", "--said-since", "2030")
    assert code == 0 and out.startswith("Said since 2030") and out.count("\n") == 1


# --- both clocks shown apart ------------------------------------------------------------------------------


def test_history_and_the_timeline_show_both_clocks(tmp_path: Path) -> None:
    dataset = F.dataset(story().raw)
    seq = {e.id: e.seq for e in dataset.history}
    fourth = dataset.history[3].id
    lines = {seq[line.id]: line for line in history_lines(dataset)}
    assert (lines[4].at, lines[4].said) == ("2026-03-11T10:00:02Z", "2026-03")  # NO/naval-demining, said in March
    assert lines[3].said is None  # a member has no said date
    rows = {row.ref: row for row in timeline_rows(dataset)}
    assert (rows[fourth].said, rows[fourth].recorded) == ("2026-03", "2026-03-11 10:00 UTC")
    event = next(row for row in timeline_rows(dataset) if row.kind == "event")
    assert event.said == event.when and event.recorded == ""
    _, out, _ = _run("--data", str(_story_file(tmp_path)), "history", "--format", "json")
    entries = json.loads(out)
    assert [(e["at"], e["said"]) for e in entries if e["id"] == fourth] == [("2026-03-11T10:00:02Z", "2026-03")]
    _, out, _ = _run("--data", str(_story_file(tmp_path)), "history")
    assert f"{fourth}  recorded 2026-03-11 10:00 UTC · said 2026-03  analyst  set  Norway (NO), Sea" in out


def test_days_in_month_is_the_calendars() -> None:
    """`days_in_month` stands in for `calendar.monthrange` (not imported at start-up): every month of every
    year it can be asked about, leap years of all four kinds included."""
    import calendar

    from pledge_tui.views.clocks import days_in_month

    assert [days_in_month(y, m) for y in range(1, 10_000) for m in range(1, 13)] == [
        calendar.monthrange(y, m)[1] for y in range(1, 10_000) for m in range(1, 13)]
