"""What a reload of the data file found (README "The browser"), headless: the marks of the changed cells
(`views.marks`), the new history entries and their authors (`views.reload`), their record beside yours
(`views.conflict`), the form's date from its sources (`views.cell_form.suggested_date`), and the watch
itself (`ui.watching`, plain Python: a stat, no Textual)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from pledge_tui.dataset import edits, store
from pledge_tui.dataset.commit import commit
from pledge_tui.dataset.model import LoadedDataset
from pledge_tui.errors import DataError
from pledge_tui.ui.watching import FileWatcher, read_again, watched_paths
from pledge_tui.views import cell_form
from pledge_tui.views.cell_form import REMOVE, CellValues, initial_values
from pledge_tui.views.conflict import after_save, changed_by, compare
from pledge_tui.views.diff import diff_datasets
from pledge_tui.views.marks import MAJOR_MARK, MINOR_MARK, NO_MARKS, CellMarks, mark_of, marks_of
from pledge_tui.views.reload import disk_change, disk_marks, entry_identity, new_entries
from tests.factories import raw_dataset_v2, write

AT = "2026-03-10T09:00:00Z"


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return write(tmp_path / "mine.json", raw_dataset_v2())


def set_cell(path: Path, member_id: str, type_slug: str, status: str, *, by: str = "anna", **fields: Any) -> None:
    commit(str(path), lambda t: edits.set_commitment(t, member_id, type_slug, status, sources=["S1"],
                                                     today="2026-03-10", **fields), by=by, at=AT)


def load(path: Path) -> LoadedDataset:
    return store.load(str(path))


# --- marks ---------------------------------------------------------------------------------------------


def test_a_status_condition_or_lead_change_is_a_delta_and_any_other_a_tilde(data: Path) -> None:
    before = load(data)
    set_cell(data, "PL", "logistics", "conditional")  # status
    set_cell(data, "IT", "training", "conditional", conditions=["ceasefire"])  # conditions
    set_cell(data, "US", "air-patrol", "considering", summary="Only the summary moved.")  # wording
    set_cell(data, "EU", "funding", "pledged", summary="New record.")  # added
    diff = diff_datasets(before.dataset, load(data).dataset)
    marks = marks_of(diff.cells)
    assert {(c.member_id, c.type): mark_of(c) for c in diff.cells} == {
        ("PL", "logistics"): MAJOR_MARK, ("IT", "training"): MAJOR_MARK, ("US", "air-patrol"): MINOR_MARK,
        ("EU", "funding"): MAJOR_MARK}
    assert marks.mark("US", "air-patrol") == MINOR_MARK and marks.mark("PL", "ground-forces") is None
    assert len(marks) == 4
    shown = [m for m in load(data).dataset.members if m.id in ("PL", "US")]
    assert marks.count_in(shown) == 2


def test_merged_marks_keep_the_stronger_mark() -> None:
    older = CellMarks({"PL": {"logistics": MINOR_MARK, "training": MAJOR_MARK}})
    newer = CellMarks({"PL": {"logistics": MAJOR_MARK, "training": MINOR_MARK}, "IT": {"funding": MINOR_MARK}})
    merged = older.merged(newer)
    assert merged.by_member == {"PL": {"logistics": MAJOR_MARK, "training": MAJOR_MARK}, "IT": {"funding": MINOR_MARK}}
    assert NO_MARKS.merged(newer).by_member == newer.by_member


# --- whose entries -------------------------------------------------------------------------------------


def test_the_new_entries_are_named_with_their_authors(data: Path) -> None:
    before = load(data)
    set_cell(data, "PL", "logistics", "conditional", by="anna")
    set_cell(data, "IT", "training", "pledged", by="ben")
    set_cell(data, "IT", "ground-forces", "considering", by="anna")
    after = load(data)
    found = new_entries(before.dataset, after.dataset)
    assert [e.by for e in found] == ["anna", "ben", "anna"]
    ids = [entry_identity(e) for e in found]
    change = disk_change(before.dataset, after.dataset)
    assert change.what() == "3 cells changed (Italy · Ground, Italy · Training, Poland · Logistics)"  # by name
    assert change.whose() == f"recorded by anna (entries {ids[0]}, {ids[2]}) and ben (entry {ids[1]})"
    assert change.cell_notes[("IT", "training")] == f"by ben (entry {ids[1]})"
    assert new_entries(before.dataset, after.dataset, own={ids[1]}) == (found[0], found[2])


def test_a_change_no_entry_records_says_so(data: Path) -> None:
    before = load(data)
    raw = json.loads(data.read_text(encoding="utf-8"))
    raw["commitments"]["1"]["status"] = "considering"  # a hand edit: PL ground-forces
    write(data, raw)
    change = disk_change(before.dataset, load(data).dataset)
    assert change.entries == ()
    assert change.whose().startswith("no new history entry records it")
    assert change.cell_notes[("PL", "ground-forces")] == "no history entry records it"


def test_the_browsers_own_save_is_left_out(data: Path) -> None:
    before = load(data)
    set_cell(data, "PL", "logistics", "conditional", by="me")
    own = entry_identity(load(data).dataset.history[-1])
    set_cell(data, "IT", "training", "pledged", by="ben")
    change = disk_change(before.dataset, load(data).dataset, own={own}, own_cells={("PL", "logistics")})
    assert [(c.member_id, c.type) for c in change.diff.cells] == [("IT", "training")]
    assert [e.by for e in change.entries] == ["ben"]


def test_nothing_changed_is_empty(data: Path) -> None:
    loaded = load(data)
    assert disk_change(loaded.dataset, load(data).dataset).is_empty


def test_on_disk_marks_add_up_across_reloads(data: Path) -> None:
    first = load(data)
    set_cell(data, "PL", "logistics", "conditional", by="anna")
    second = load(data)
    marks = disk_marks(disk_change(first.dataset, second.dataset), "10:00 UTC")
    assert marks is not None and marks.words == "changed on disk since 10:00 UTC"
    set_cell(data, "IT", "training", "pledged", by="ben")
    marks = disk_marks(disk_change(second.dataset, load(data).dataset), "10:05 UTC", marks)
    assert marks is not None
    assert marks.first_at == "10:00 UTC" and len(marks.marks) == 2
    note = marks.note("IT", "training")
    assert note is not None and note.startswith("changed on disk at 10:05 UTC, by ben (entry ")
    shown = [m for m in second.dataset.members if m.id == "IT"]
    assert marks.in_words(shown) == "1 cell changed on disk since 10:00 UTC (2 in all)"
    assert disk_marks(disk_change(first.dataset, first.dataset), "10:10 UTC") is None


# --- their record beside yours --------------------------------------------------------------------------


def test_yours_is_their_record_with_only_the_fields_you_changed(data: Path) -> None:
    opened = load(data)
    poland = opened.dataset.member("PL")
    assert poland is not None
    initial = initial_values(poland, "logistics", "2026-03-10")
    typed = initial.replace(status="conditional", sources=("S3",))
    set_cell(data, "PL", "logistics", "pledged", summary="Their new summary.", conditions=["ceasefire"])
    now = load(data).dataset.member("PL")
    assert now is not None
    theirs = now.commitments["logistics"]
    pairs = {p.title: p for p in compare(theirs, typed, initial)}
    assert pairs["Summary"].theirs == pairs["Summary"].yours == "Their new summary."  # kept: not typed over
    assert pairs["Conditions"].theirs == "ceasefire" and not pairs["Conditions"].differs
    assert (pairs["Status"].theirs, pairs["Status"].yours) == ("pledged", "conditional") and pairs["Status"].differs
    assert pairs["Sources"].yours == "S1, S2, S3"  # cited sources are added to theirs
    assert after_save(theirs, initial.replace(status=REMOVE), initial) is None


def test_their_removed_record_and_your_new_one(data: Path) -> None:
    opened = load(data)
    poland = opened.dataset.member("PL")
    assert poland is not None
    initial = initial_values(poland, "logistics", "2026-03-10")
    typed = initial.replace(summary="Mine.", sources=("S2",))
    pairs = {p.title: p for p in compare(None, typed, initial)}
    assert pairs["Status"].theirs == "no record (not disclosed)" and pairs["Status"].yours == "pledged"
    assert pairs["Summary"].yours == "Mine." and pairs["Sources"].yours == "S2"


def test_changed_by_names_the_last_entry_of_the_record(data: Path) -> None:
    set_cell(data, "PL", "logistics", "conditional", by="bob")
    dataset = load(data).dataset
    entry = dataset.history[-1]
    assert changed_by(dataset, "PL/logistics") == f"by bob at 2026-03-10 09:00 UTC (entry {entry_identity(entry)})"
    assert changed_by(dataset, "IT/funding").startswith("outside pledge-tui")


# --- the form's date -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("exists", "record_date", "cited", "expected"), [
    (False, "2026-03-12", ["2026-03-10", "2026-03-08"], "2026-03-10"),  # a new record: the newest source
    (False, "2026-03-12", ["2026"], "2026-03-12"),  # a year alone dates nothing: today stays
    (False, "2026-03-12", [], "2026-03-12"),
    (True, "2026-01-06", ["2026-03-10"], "2026-03-10"),  # a newer source dates the change
    (True, "2026-03-20", ["2026-03-10"], "2026-03-20"),  # an older one leaves the record's date
    (True, "2026-01", ["2026-02"], "2026-02"),
])
def test_the_date_follows_the_newest_cited_source(exists: bool, record_date: str, cited: list[str],
                                                  expected: str) -> None:
    initial = CellValues("pledged" if exists else None, "", (), False, "", record_date, (), "")
    assert cell_form.suggested_date(initial, cited, exists=exists) == expected


# --- the watch -----------------------------------------------------------------------------------------


def test_the_watch_sees_a_rename_over_an_edit_in_place_a_touch_and_a_removal(data: Path, tmp_path: Path) -> None:
    assert watched_paths(str(data)) == (str(data), str(data.with_name(data.stem + ".history.jsonl")))
    watcher = FileWatcher(watched_paths(str(data)))
    assert watcher.changed() is None
    set_cell(data, "PL", "logistics", "conditional")  # the write path renames a new file over it
    seen = watcher.changed()
    assert seen is not None
    watcher.accept(seen)
    assert watcher.changed() is None
    os.utime(data, ns=(1, 1))  # same inode and size, another mtime
    seen = watcher.changed()
    assert seen is not None
    watcher.accept(seen)
    moved = tmp_path / "away.json"
    data.rename(moved)
    gone = watcher.changed()
    assert gone is not None and gone[0] is None  # the data file is gone (its log is still there)


def test_read_again_gives_none_for_the_same_bytes_and_raises_for_a_broken_file(data: Path) -> None:
    shown = load(data)
    assert read_again(shown) is None
    set_cell(data, "PL", "logistics", "conditional")
    again = read_again(shown)
    assert again is not None and again.sha256 != shown.sha256
    data.write_text('{"meta": ', encoding="utf-8")  # mid-`git pull`
    with pytest.raises(DataError):
        read_again(shown)
