"""The timeline and the changed-since marks, headless (views/timeline.py).

The history comes from tests/timeline_data.py (the frozen fixture with nine changes made through the
write path) or from tests/history_factory.py (small datasets whose entries are built by hand).
"""

from __future__ import annotations

from itertools import combinations
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pledge_tui.dataset import store
from pledge_tui.dataset.model import Dataset, Event, LoadedDataset
from pledge_tui.dataset.validate import build_dataset
from pledge_tui.dataset.vocab import CONDITIONS, ROLES, STATUSES, TYPES
from pledge_tui.errors import UsageError
from pledge_tui.views.changes import about_members, changes_since, events_about
from pledge_tui.views.filters import Filter, apply_filter, compile_filter
from pledge_tui.views.timeline import (
    event_members,
    jump_candidates,
    rows_about,
    since_marks,
    timeline_rows,
    widened_filter,
)
from tests.common import BUNDLED
from tests.factories import raw_dataset
from tests.history_factory import Editor
from tests.timeline_data import EDITS, SINCE, ref


def dataset_of(raw: dict[str, object]) -> Dataset:
    built, problems = build_dataset(raw)
    assert not problems and built is not None, problems
    return built


def event(title: str, summary: str = "", sources: tuple[str, ...] = ()) -> Event:
    return Event("E99", "2026-03-01", title, summary, sources)


# --- order and content ------------------------------------------------------------------------------


def test_rows_are_events_and_history_newest_first(loaded: LoadedDataset) -> None:
    d = loaded.dataset
    rows = timeline_rows(d)
    listed = [e for e in d.history if e.action != "baseline"]  # the baselines record, they do not change
    assert len(rows) == len(d.events) + len(listed) == (30 + 1) + (1 + len(EDITS))  # E31 added; the upgrade
    moments = [r.moment for r in rows]
    assert moments == sorted(moments, reverse=True)
    assert [r.ref for r in rows[:3]] == [ref(10), ref(9), ref(8)]
    # E31 (2026-03-19) sits between the entries of 03-20 and 03-12; the month-only event E30 after 03-10.
    refs = [r.ref for r in rows]
    assert refs.index(ref(4)) < refs.index("E31") < refs.index(ref(3))
    assert refs.index(ref(1)) < refs.index("E30") < refs.index("E29")


def test_rows_are_built_when_read_and_about_agrees(loaded: LoadedDataset) -> None:
    d = loaded.dataset
    timeline = timeline_rows(d)
    assert timeline._built == {}
    first = timeline[0]
    assert len(timeline._built) == 1 and timeline[0] is first and timeline[-1].ref == "E1"
    assert [timeline.ref(i) for i in range(len(timeline))] == [r.ref for r in tuple(timeline)]
    assert all(timeline.about(i) == row.about for i, row in enumerate(timeline))
    assert timeline.position("E31") == [r.ref for r in timeline].index("E31") and timeline.position("E99") is None
    narrowed = timeline.about_members([m for m in d.members if m.id == "TR"])
    assert narrowed[0] is next(r for r in timeline if "TR" in r.about)  # shares the rows built
    assert [r.ref for r in timeline[1:3]] == [ref(9), ref(8)]
    assert timeline.in_words() == "41 rows: 31 events, 10 changes"


def test_a_change_row_says_when_what_who_and_sources(loaded: LoadedDataset) -> None:
    rows = {r.ref: r for r in timeline_rows(loaded.dataset)}
    tr = rows[ref(6)]
    assert (tr.kind, tr.when, tr.who, tr.action) == ("change", "2026-03-21 10:00 UTC", "ben", "set")
    assert tr.what == "Türkiye (TR), Sea: conditional → pledged; sources: +S152"
    assert tr.sources == ("S152",) and (tr.member_id, tr.type) == ("TR", "naval-demining")
    assert "note: Upgraded on the wire report." in tr.details
    assert rows[ref(7)].what == "Netherlands (NL), Ground: considering → not disclosed"
    assert rows[ref(10)].what.startswith(f"undo of {ref(9)}, Estonia (EE), Training")
    assert f"undone by {ref(10)}" in rows[ref(9)].details
    assert rows[ref(1)].what == "data file upgraded to schema version 3" and rows[ref(1)].about == frozenset()
    assert rows[ref(4)].what == "source S152: added; Türkiye to lead Black Sea demining"


def test_an_event_row(loaded: LoadedDataset) -> None:
    rows = {r.ref: r for r in timeline_rows(loaded.dataset)}
    e18 = rows["E18"]
    assert (e18.kind, e18.when, e18.who, e18.action) == ("event", "2025-09-04", "", "event")
    assert e18.moment == "2025-09-04T00:00:00Z" and rows["E30"].moment == "2026-03-01T00:00:00Z"
    assert e18.what == "Paris summit: '26 countries'" and e18.member_id is None and e18.type is None
    assert e18.details and e18.sources[0] == "S19"


def test_what_a_change_row_is_about(loaded: LoadedDataset) -> None:
    d = loaded.dataset
    rows = {r.ref: r for r in timeline_rows(d)}
    assert rows[ref(6)].about == {"TR"}  # a cell: its member
    assert rows[ref(8)].about == {"FR"}  # a member
    assert rows[ref(4)].about == {"TR"}  # a source: the members citing it (Türkiye's Sea record now cites S152)
    assert rows[ref(5)].about == event_members(d, d.event("E31"))  # type: ignore[arg-type]
    assert rows[ref(5)].about == {"TR"}


def test_hostile_text_is_cleaned(tmp_path: Path) -> None:
    editor = Editor()
    editor.add_event("E3", title="Boom\x1b[2J [bold]x[/] \u202eevil", summary="line\x07one\nline two")
    editor.set("PL", "air-patrol", note="note\x1b]52;c;AAAA\x07 here", by="mallory\x1b[31m")
    rows = timeline_rows(dataset_of(editor.raw))
    text = "".join(r.what + r.who + "".join(r.details) for r in rows)
    assert "\x1b" not in text and "\x07" not in text and "\u202e" not in text
    assert any(r.what == "Boom[2J [bold]x[/] evil" for r in rows)  # markup kept as plain text


# --- the rule: an event is about a member -------------------------------------------------------------


def test_an_event_names_a_member_by_name_other_name_or_id() -> None:
    d = dataset_of(raw_dataset())  # PL Poland, IT Italy, US United States (partner), EU European Union
    assert event_members(d, event("Poland says no")) == {"PL"}
    assert event_members(d, event("x", "talks with POLAND and italy")) == {"PL", "IT"}
    assert event_members(d, event("America signals support")) == {"US"}  # an other name
    assert event_members(d, event("U.S. and EU-led talks")) == {"US", "EU"}
    assert event_members(d, event("The European Union meets")) == {"EU"}
    assert event_members(d, event("PL and IT confirm")) == {"PL", "IT"}  # ids, upper case


def test_what_does_not_name_a_member() -> None:
    d = dataset_of(raw_dataset())
    assert event_members(d, event("They told us it was united")) == frozenset()  # "us" in prose; a single word
    assert event_members(d, event("Polandia", "Italyx pl it")) == frozenset()  # not whole words; ids in lower case
    assert event_members(d, event("States and Union")) == frozenset()


def test_an_event_citing_a_members_source_is_about_it() -> None:
    d = dataset_of(raw_dataset())  # S2 is cited by PL (logistics) and the EU (member record); S3 by US
    assert event_members(d, event("A meeting", sources=("S2",))) == {"PL", "EU"}
    assert event_members(d, event("A meeting", sources=("S3",))) == {"US"}


def agrees(d: Dataset, e: Event) -> None:
    """`event_members` is `views.changes.about_members` (the brief snapshot's rule) turned round."""
    assert event_members(d, e) == {m.id for m in d.members if about_members([m])(e)}, e


def test_event_members_is_the_snapshots_rule_on_real_data(loaded: LoadedDataset) -> None:
    for d in (loaded.dataset, store.load(str(BUNDLED)).dataset):
        for e in d.events:
            agrees(d, e)
        turkey = [m for m in d.members if m.id == "TR"]
        assert [e.id for e in events_about(d, turkey)] == [e.id for e in d.events if "TR" in event_members(d, e)]


NAMES = ["Poland", "POLAND", "poland's", "Italy", "United States", "U.S.", "US", "us", "America", "EU",
         "European Union", "eu", "PL", "IT", "it", "United", "States", "Pol and", "Polandia", "E.U.", "the", "Türkiye"]


@settings(max_examples=200, deadline=None)
@given(words=st.lists(st.sampled_from(NAMES) | st.text(max_size=6), max_size=8),
       sources=st.lists(st.sampled_from(["S1", "S2", "S3", "S9"]), max_size=2, unique=True),
       glue=st.sampled_from([" ", "-", ", ", "\n", "/"]))
def test_event_members_is_the_snapshots_rule(words: list[str], sources: list[str], glue: str) -> None:
    d = dataset_of(raw_dataset())
    agrees(d, Event("E9", "2026-03-01", glue.join(words[:4]), glue.join(words[4:]), tuple(sources)))


def test_rows_about_the_members_shown(loaded: LoadedDataset) -> None:
    d = loaded.dataset
    rows = timeline_rows(d)
    kept = rows_about(rows, apply_filter(d.members, Filter(search="turkiye")))
    assert {ref(6), ref(5), ref(4), "E31"} <= {r.ref for r in kept}
    assert all("TR" in r.about for r in kept)
    assert ref(7) not in {r.ref for r in kept} and ref(1) not in {r.ref for r in kept}
    assert len(rows_about(rows, d.members)) == sum(1 for r in rows if r.about)


# --- enter: where a row leads -----------------------------------------------------------------------


def test_jump_candidates(loaded: LoadedDataset) -> None:
    d = loaded.dataset
    rows = {r.ref: r for r in timeline_rows(d)}
    assert jump_candidates(rows[ref(6)], d, ()) == ["TR"]
    assert jump_candidates(rows[ref(1)], d, d.members) == []
    e18 = rows["E18"]
    shown = apply_filter(d.members, Filter(types=("funding",)))
    candidates = jump_candidates(e18, d, shown)
    assert set(candidates) == e18.about
    on_screen = [m.id for m in shown if m.id in e18.about]
    assert candidates[:len(on_screen)] == on_screen  # the ones shown first, in the order shown


def test_widened_filter_drops_the_fewest_parts(loaded: LoadedDataset) -> None:
    d = loaded.dataset
    netherlands = d.member("NL")
    assert netherlands is not None
    f = Filter(types=("air-patrol",), statuses=("pledged",), search="land")
    widened, dropped = widened_filter(f, netherlands, d.members)
    assert compile_filter(widened, d.members)(netherlands)
    assert widened.search == "land"  # "land" is in the name: the search stays
    assert dropped  # and something else had to go
    shown = Filter(search="nether")
    assert widened_filter(shown, netherlands, d.members) == (shown, [])


FILTERS = st.builds(
    Filter,
    types=st.lists(st.sampled_from(TYPES), max_size=2, unique=True).map(tuple),
    statuses=st.lists(st.sampled_from(STATUSES), max_size=2, unique=True).map(tuple),
    conditions=st.lists(st.sampled_from(CONDITIONS), max_size=2, unique=True).map(tuple),
    roles=st.lists(st.sampled_from(ROLES), max_size=1, unique=True).map(tuple),
    search=st.sampled_from(["", "pol", "us", "stance", "zzz"]),
    stale=st.none(),  # (hypothesis fills a NamedTuple's defaulted fields too)
)
PARTS = ("search", "conditions", "statuses", "types", "roles")


@settings(max_examples=150, deadline=None)
@given(f=FILTERS, index=st.integers(0, 3))
def test_widened_filter_is_the_smallest_loosening_that_shows_the_member(f: Filter, index: int) -> None:
    """It shows the member; each part is kept whole or dropped whole; no smaller set of drops would do."""
    d = dataset_of(raw_dataset())
    member = d.members[index]
    widened, _words = widened_filter(f, member, d.members)
    assert compile_filter(widened, d.members)(member)
    dropped = {p for p in PARTS if getattr(widened, p) != getattr(f, p)}
    assert all(not getattr(widened, p) for p in dropped)
    for size in range(len(dropped)):
        for fewer in combinations(sorted(dropped), size):
            loosened = Filter(**{p: (getattr(f, p) if p not in fewer else type(getattr(f, p))()) for p in PARTS})
            assert not compile_filter(loosened, d.members)(member), (f, fewer)


# --- changed-since marks ----------------------------------------------------------------------------


def test_since_marks_are_the_cells_changes_reports(loaded: LoadedDataset) -> None:
    d = loaded.dataset
    marks = since_marks(d, SINCE)
    assert marks.cells == {("TR", "naval-demining"), ("NL", "ground-forces")}
    assert marks.cells == changes_since(d, SINCE).changed_cells
    assert marks.changed("TR", "naval-demining") and not marks.changed("EE", "training")  # changed, then undone
    assert marks.words == "changed since 2026-03-20" and marks.coverage_note is None
    earlier = since_marks(d, "2026-03")
    assert earlier.cells == changes_since(d, "2026-03").changed_cells
    assert {("PL", "air-patrol"), ("IT", "training")} <= earlier.cells
    assert since_marks(d, "2026-03-26").cells == frozenset()


def test_since_marks_count_over_the_members_shown(loaded: LoadedDataset) -> None:
    from pledge_tui.views.timeline import marked_in_words

    d = loaded.dataset
    marks = since_marks(d, SINCE)
    assert marks.count_in(d.members) == 2 and marked_in_words(marks, d.members) == "2 cells changed since 2026-03-20"
    turkey = apply_filter(d.members, Filter(search="turkiye"))
    assert marks.count_in(turkey) == 1
    assert marked_in_words(marks, turkey) == "1 cell changed since 2026-03-20 (2 in all)"
    assert marks.count_in([]) == 0


def test_since_marks_say_when_history_does_not_reach_back(loaded: LoadedDataset) -> None:
    note = since_marks(loaded.dataset, "2025-01-01").coverage_note
    assert note is not None and "History begins at 2026-03-01 00:00 UTC" in note
    none = since_marks(dataset_of(raw_dataset()), "2026-01-01")
    assert none.cells == frozenset() and none.coverage_note is not None and "no history" in none.coverage_note


@pytest.mark.parametrize("bad", ["yesterday", "2026-13-01", "2026-02-30", "2026-03-01T25:00:00Z",
                                 "\uff12\uff10\uff12\uff16-03"])
def test_a_bad_since_date_is_a_usage_error(loaded: LoadedDataset, bad: str) -> None:
    with pytest.raises(UsageError):
        since_marks(loaded.dataset, bad)
