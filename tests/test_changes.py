"""History lines, "changes since", and the dataset rebuilt at a moment (views/changes.py, dataset/replay.py)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from pledge_tui.dataset.model import Dataset
from pledge_tui.dataset.replay import ReplayError, dataset_at, keyed_documents
from pledge_tui.errors import UsageError
from pledge_tui.views.changes import HistoryLine, changes_since, history_lines, member_of
from pledge_tui.views.clocks import since_moment
from pledge_tui.views.describe import notable_changes
from pledge_tui.views.diff import diff_datasets
from pledge_tui.views.fields import field_changes
from pledge_tui.views.filters import Filter
from pledge_tui.views.timeline import since_marks
from tests import factories as F
from tests.history_factory import Editor, corrections_story, story


@pytest.mark.parametrize(("given", "moment"), [
    ("2026-03-10", "2026-03-10T00:00:00Z"), (" 2026-03 ", "2026-03-01T00:00:00Z"),
    ("2026-03-10T09:30:05Z", "2026-03-10T09:30:05Z"),
])
def test_since_moment(given: str, moment: str) -> None:
    assert since_moment(given) == moment


@pytest.mark.parametrize("bad", ["", "yesterday", "2026-13-01", "2026-02-30", "2026-03-10T25:00:00Z",
                                 "2026-03-10 09:00", "10/03/2026", "2026-3-1", "\x1b[2J", "٢٠٢٦-03-10"])
def test_a_bad_since_is_a_usage_error(bad: str) -> None:
    with pytest.raises(UsageError) as caught:
        since_moment(bad)
    assert "\x1b" not in str(caught.value)


def seq(dataset: Dataset, line: HistoryLine) -> int:
    """The position of a line's entry in the history (1, 2, ...: in a version-2 file, its document id)."""
    return next(e.seq for e in dataset.history if e.id == line.id)


def test_dataset_at_undoes_every_entry_from_the_moment_on() -> None:
    ed = story()
    now = F.dataset(ed.raw)
    start = F.dataset(Editor().raw)
    assert diff_datasets(dataset_at(now, "2026-03-01T00:00:00Z"), start).is_empty
    assert keyed_documents(dataset_at(now, "2026-03-01T00:00:00Z")) == keyed_documents(start)
    mid = dataset_at(now, "2026-03-11T00:00:00Z")
    assert mid.member("PL").commitments["air-patrol"].status == "pledged"  # type: ignore[union-attr]
    assert mid.member("NO") is None and "S4" not in mid.sources
    assert [e.seq for e in mid.history] == [1]
    assert dataset_at(now, "2027-01-01T00:00:00Z") is now


def test_dataset_at_refuses_a_history_that_does_not_add_up() -> None:
    ed = Editor()
    ed.add_source("S4")
    ed.set("PL", "air-patrol", cite=("S4",))
    now = F.dataset(ed.raw)
    assert dataset_at(now, "2026-03-10T09:00:01Z").member("PL").commitments.get("air-patrol") is None  # type: ignore[union-attr]
    # A hand edit, recorded nowhere: PL's logistics record cites S4, which history says came later.
    next(d for d in ed.raw["commitments"].values() if d["type"] == "logistics")["sources"].append("S4")
    with pytest.raises(ReplayError, match="does not lead back to a valid dataset at 2026-03-01T00:00:00Z"):
        dataset_at(F.dataset(ed.raw), "2026-03-01T00:00:00Z")


def test_history_lines_newest_first_with_what_changed() -> None:
    now = F.dataset(story().raw)
    lines = history_lines(now)
    assert [seq(now, line) for line in lines] == [7, 6, 5, 4, 3, 2, 1]
    first = lines[-1]
    assert (first.subject, first.status_before, first.status_after, first.note, first.undone_by) == (
        "Poland (PL), Air", "not-disclosed", "pledged", "First.", now.history[5].id)
    undo = lines[1]
    assert (undo.action, undo.undoes, undo.status_before, undo.status_after) == ("undo", now.history[0].id, "pledged",
                                                                                 "not-disclosed")
    assert lines[2].subject == "source S4" and lines[2].sources == ()
    assert lines[4].subject == "Norway (NO)"
    assert [(c.field, c.old, c.new) for c in lines[0].changes] == [("summary", "US backstop conditional.", "Edited.")]
    it = lines[5]
    assert [(c.field, c.old, c.new) for c in it.changes] == [("status", "conditional", "ruled out"),
                                                             ("conditions", "outside Ukraine", "none")]


def test_history_lines_restricted_by_member_filter_and_since() -> None:
    now = F.dataset(story().raw)
    assert [seq(now, line) for line in history_lines(now, member_id="NO")] == [4, 3]
    assert [seq(now, line) for line in history_lines(now, since=since_moment("2026-03-12"))] == [7]
    assert [seq(now, line) for line in history_lines(now, Filter(types=("air-patrol",)))] == [6, 1]
    assert [seq(now, line) for line in history_lines(now, Filter(roles=("partner",)))] == [7]
    assert [seq(now, line) for line in history_lines(now, Filter(search="norway"))] == [4, 3]
    assert [seq(now, line) for line in history_lines(now, Filter(statuses=("ruled-out",)))] == [2]
    assert [seq(now, line) for line in history_lines(now, Filter(statuses=("not-disclosed",)))] == [6, 4, 1]
    assert [seq(now, line) for line in history_lines(now, Filter(conditions=("outside-ukraine",)))] == [2]
    assert history_lines(now, member_id="NO", f=Filter(types=("training",))) == ()


def test_member_of_accepts_ids_names_and_members_known_only_from_history() -> None:
    ed = story()
    ed.undo(4)  # NO's record, then NO itself
    ed.undo(3)
    now = F.dataset(ed.raw)
    assert now.member("NO") is None
    assert member_of(now, "poland") == "PL" and member_of(now, "pl") == "PL"
    assert member_of(now, "no") == "NO" and member_of(now, "zz") is None
    assert history_lines(now, member_id="NO")[0].subject == "Norway (NO)"
    assert [seq(now, line) for line in history_lines(now, Filter(search="norw", roles=("member",)))] == [9, 8, 4, 3]
    assert history_lines(now, Filter(search="norw", roles=("partner",))) == ()


def test_changes_since_agrees_with_diff_and_lists_the_entries_between() -> None:
    now = F.dataset(story().raw)
    changes = changes_since(now, "2026-03-11")
    assert [(c.change.key, c.change.old_status, c.change.new_status) for c in changes.cells] == [
        ("IT/training", "conditional", "ruled-out"),
        ("NO/naval-demining", "not-disclosed", "considering"),
        ("PL/air-patrol", "pledged", "not-disclosed"),
        ("US/backstop", "conditional", "conditional"),
    ]
    assert [[seq(now, e) for e in c.entries] for c in changes.cells] == [[2], [4], [6], [7]]
    assert [(m.kind, m.id) for m in changes.members] == [("added", "NO")]
    assert [s.id for s in changes.sources_added] == ["S4"]
    assert changes.entry_count == 6 and changes.covers_since
    assert changes.changed_cells == {("IT", "training"), ("NO", "naval-demining"), ("PL", "air-patrol"),
                                     ("US", "backstop")}
    for since in ("2026-03-01", "2026-03-10", "2026-03-11", "2026-03-12", "2026-03-13"):
        assert since_marks(now, since).cells == changes_since(now, since).changed_cells, since


def test_a_change_undone_in_the_window_is_no_change_but_its_entries_are_counted() -> None:
    changes = changes_since(F.dataset(story().raw), "2026-03-10")
    assert "PL/air-patrol" not in [c.change.key for c in changes.cells]
    assert changes.entry_count == 7


def test_changes_since_before_history_begins_says_so() -> None:
    changes = changes_since(F.dataset(story().raw), "2025-01-01")
    assert not changes.covers_since and changes.history_starts == "2026-03-10T10:00:00Z"
    empty = changes_since(F.dataset(F.raw_dataset()), "2025-01-01")
    assert empty.is_empty and empty.history_starts is None and not empty.covers_since


def test_changes_since_with_a_filter() -> None:
    now = F.dataset(story().raw)
    changes = changes_since(now, "2026-03-11", Filter(types=("training", "air-patrol")))
    assert [c.change.key for c in changes.cells] == ["IT/training", "PL/air-patrol"]
    assert changes.members == () and changes.sources_added == ()


def test_changes_since_lists_every_other_record_with_its_entries_sources_and_note() -> None:
    now = F.dataset(corrections_story().raw)
    changes = changes_since(now, "2026-03-13")
    assert changes.cells == () and not changes.is_empty
    assert [(m.kind, m.id, [c.field for c in m.changes], m.kinds) for m in changes.members] == [
        ("changed", "US", ["stance"], ("wording",))]
    assert [(s.kind, s.source.id, [c.field for c in s.changes]) for s in changes.sources] == [
        ("changed", "S2", ["tier"])]
    entries = [(e.action, e.subject, e.sources, e.note) for key in (("members", "US"), ("sources", "S2"))
               for e in changes.entries_of(*key)]
    assert entries == [("edit-member", "United States (US)", ("S2",), "Reworded."),
                       ("edit-source", "source S2", ("S2",), "Only a summary was read.")]
    earlier = changes_since(now, "2026-03-11")
    assert [(m.kind, m.id) for m in earlier.members] == [("added", "NO"), ("changed", "US")]
    assert [(s.kind, s.source.id) for s in earlier.sources] == [("changed", "S2"), ("added", "S4")]
    assert [e.action for e in earlier.entries_of("members", "NO")] == ["add-member"]


def test_other_records_follow_the_filter_as_diff_does() -> None:
    now = F.dataset(corrections_story().raw)
    assert changes_since(now, "2026-03-13", Filter(types=("training",))).is_empty
    partner = changes_since(now, "2026-03-13", Filter(roles=("partner",)))
    assert [m.id for m in partner.members] == ["US"]
    assert partner.sources == () and partner.meta == ()  # no US record cites S2; the meta belongs to no member
    assert [s.source.id for s in changes_since(now, "2026-03-13", Filter(search="S2")).sources] == []


def test_field_changes_of_created_and_removed_records() -> None:
    created = field_changes(None, F.commitment(status="considering"))
    assert [c.field for c in created][:4] == ["status", "conditions", "lead", "summary"]
    assert all(c.old is None for c in created) and "member" not in [c.field for c in created]
    removed = field_changes(F.meta(), None)
    assert "reported_commitments.note" in [c.field for c in removed]
    assert all(c.new is None for c in removed)
    assert field_changes(F.member(), F.member(approval="required"))[0].new == "required before any deployment"


VIEW_MODULES = ["pledge_tui.views.diff", "pledge_tui.views.changes", "pledge_tui.dataset.replay",
                "pledge_tui.formats.changes_text", "pledge_tui.formats.changes_json",
                "pledge_tui.formats.changes_md", "pledge_tui.cli.changes", "pledge_tui.cli.git",
                "pledge_tui.dataset.merge", "pledge_tui.cli.team"]


@pytest.mark.parametrize("module", VIEW_MODULES)
def test_modules_are_headless(module: str) -> None:
    code = (f"import sys, {module}; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_list_fields_say_what_came_and_went() -> None:
    (sources,) = field_changes(F.commitment(sources=["S1", "S2"]), F.commitment(sources=["S2", "S3"]))
    assert (sources.field, sources.added, sources.removed) == ("sources", ("S3",), ("S1",))
    (caveats,) = field_changes(F.member(caveats=["a", "b"]), F.member(caveats=["b", "c\x1b"]))
    assert (caveats.added, caveats.removed, caveats.is_text) == (("c",), ("a",), True)
    (conditions,) = field_changes(F.commitment(conditions=["ceasefire"]), F.commitment(conditions=[]))
    assert (conditions.old, conditions.new, conditions.added) == ("ceasefire", "none", ())


def test_notable_changes_leave_out_what_says_nothing() -> None:
    now = F.dataset(story().raw)
    by_id = {seq(now, line): line for line in history_lines(now)}
    created = by_id[4]  # NO/naval-demining set: a new record
    assert created.created and not created.removed
    assert [c.field for c in notable_changes(created)] == ["summary", "stated_on"]
    undone = by_id[6]  # the undo removes PL/air-patrol
    assert undone.removed and [c.field for c in notable_changes(undone)] == ["summary", "stated_on"]
    edited = by_id[7]
    assert [c.field for c in notable_changes(edited)] == ["summary"]


def test_dataset_at_checks_the_put_back_documents_and_skips_only_the_unchanged(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """`dataset_at` lets `build_dataset` skip the field rules only for documents made from the current records
    (`replay._unchanged`); every put-back document and the meta document meet them, and the result is the one
    a full check gives, at every moment of the story."""
    from pledge_tui.dataset import replay

    now = F.dataset(story().raw)
    seen: list[tuple[dict[str, set[int]], dict[str, dict[str, dict[str, object]]]]] = []
    unchanged = replay._unchanged

    def spy(dataset: Dataset, keyed: dict[str, dict[str, dict[str, object]]],
            changed: dict[tuple[str, str], object]) -> dict[str, set[int]]:
        checked = unchanged(dataset, keyed, changed)
        seen.append((checked, keyed))
        assert "meta" not in checked
        for (table, key) in changed:
            if key in keyed.get(table, {}):
                assert id(keyed[table][key]) not in checked[table]
        return checked

    moments = sorted({e.at for e in now.history})
    monkeypatch.setattr(replay, "_unchanged", spy)
    fast = [keyed_documents(dataset_at(now, moment)) for moment in moments]
    assert seen and any(checked for checked, _ in seen)
    monkeypatch.setattr(replay, "_unchanged", lambda *_: {})
    assert [keyed_documents(dataset_at(now, moment)) for moment in moments] == fast
