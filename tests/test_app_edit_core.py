"""The edit form's headless half: its values, its checks, the edit it saves (`views.cell_form`), the
browser's saves and their outcomes (`ui.editing`), and the history under each commitment
(`views.cell_history`). No terminal needed."""

from __future__ import annotations

import json
from functools import partial
from pathlib import Path
from typing import Any

import pytest

from pledge_tui.dataset import edits, store
from pledge_tui.dataset.commit import commit
from pledge_tui.dataset.history import find
from pledge_tui.errors import Problem
from pledge_tui.ui import editing
from pledge_tui.views import cell_form
from pledge_tui.views.cell_form import REMOVE, CellValues, NewSource
from pledge_tui.views.cell_history import CHANGES_SHOWN, cell_histories
from tests.clones import read_log, v3_file
from tests.factories import dataset, lock_held, raw_dataset

AT = "2026-03-10T09:00:00Z"


pytestmark = pytest.mark.usefixtures("alice_editing")  # every write: alice's, at AT


def data_file(tmp_path: Path, raw: dict[str, Any] | None = None) -> Path:
    """A version-3 data file and its log: `raw` (default: the factory's version-2 dataset), upgraded."""
    return v3_file(tmp_path / "data.json", raw)


def stored(path: Path, key: str = "PL/logistics") -> dict[str, Any] | None:
    raw = json.loads(path.read_text(encoding="utf-8"))
    found = find(raw, "commitments", key)
    return found[1] if found else None


def history(path: Path) -> list[dict[str, Any]]:
    """The file's history entries (its log), oldest first."""
    return read_log(path)


def form_for(path: Path, member_id: str = "PL", type_slug: str = "logistics") -> tuple[Any, CellValues]:
    loaded = store.load(str(path))
    member = loaded.dataset.member(member_id)
    assert member is not None
    return loaded, cell_form.initial_values(member, type_slug, "2026-03-10")


# --- the form's values and checks -------------------------------------------------------------------


def test_initial_values_are_the_record_and_cite_nothing() -> None:
    pl = dataset().member("PL")
    assert pl is not None
    values = cell_form.initial_values(pl, "logistics", "2026-03-10")
    assert values == CellValues("pledged", "PL logistics pledged.", (), True, "", "2026-01-06", (), "")
    blank = cell_form.initial_values(pl, "air-patrol", "2026-03-10")
    assert blank.status is None and blank.summary == "" and blank.stated_on == "2026-03-10" and not blank.sources


def test_problems_use_validation_rules_and_no_source_no_change() -> None:
    pl = dataset().member("PL")
    assert pl is not None
    blank = cell_form.initial_values(pl, "air-patrol", "2026-03-10")
    assert set(cell_form.problems(blank, exists=False)) == {"status", "summary", "sources"}
    assert "no source, no change" in cell_form.problems(blank, exists=False)["sources"]
    bad = blank.replace(status="pledged", summary="\u200b ", stated_on="2026", quantity=" ", sources=("S1",))
    found = cell_form.problems(bad, exists=False)
    assert set(found) == {"summary", "stated_on"}  # a blank quantity means none, not an error
    assert "invisible" in found["summary"] and "2026" in found["stated_on"]
    assert cell_form.problems(bad.replace(stated_on="2026-02-30", summary="ok"), exists=False) == {
        "stated_on": "impossible date '2026-02-30'"}
    removing = blank.replace(status=REMOVE, sources=("S1",))
    assert set(cell_form.problems(removing, exists=False)) == {"status", "note"}
    assert cell_form.problems(removing.replace(note="retracted"), exists=True) == {}


def test_the_form_refuses_a_removal_note_of_only_invisible_characters() -> None:
    pl = dataset().member("PL")
    assert pl is not None
    removing = cell_form.initial_values(pl, "logistics", "2026-03-10").replace(status=REMOVE, sources=("S1",))
    assert cell_form.problems(removing.replace(note="\u200b\u2060 \u00ad"), exists=True) == {
        "note": "removing a record needs a note saying why"}


def test_only_changed_fields_are_sent_so_another_writers_change_survives(tmp_path: Path) -> None:
    path = data_file(tmp_path)
    loaded, initial = form_for(path)
    # Someone else changes the summary and conditions after the form opened...
    commit(str(path), lambda t: edits.set_commitment(t, "PL", "logistics", "pledged", sources=["S3"], today="x",
                                                     summary="Theirs.", conditions=["parliament"]),
           by="bob", at=AT)
    # ... the form changes only the status and lead; saved knowingly over the new data (base = now).
    values = initial.replace(status="conditional", lead=False, sources=("S2",), note="mine")
    commit(str(path), cell_form.cell_edit("PL", "logistics", values, initial, today="2026-03-10"), by="alice", at=AT,
           base=store.load(str(path)))
    record = stored(path)
    assert record is not None
    assert (record["status"], record["lead"], record["summary"], record["conditions"]) == (
        "conditional", False, "Theirs.", ["parliament"])
    assert record["sources"] == ["S1", "S2", "S3"]  # cited sources are added, in order, once
    assert history(path)[-1]["note"] == "mine" and history(path)[-1]["sources"] == ["S2"]
    assert loaded.dataset.member("PL") is not None


def test_a_cell_removed_meanwhile_is_recreated_with_every_field(tmp_path: Path) -> None:
    path = data_file(tmp_path)
    _, initial = form_for(path)
    commit(str(path), lambda t: edits.unset_commitment(t, "PL", "logistics", sources=["S1"], note="gone"),
           by="bob", at=AT)
    values = initial.replace(quantity="two hubs", sources=("S2",))
    commit(str(path), cell_form.cell_edit("PL", "logistics", values, initial, today="2026-03-10"), by="alice", at=AT)
    record = stored(path)
    assert record is not None and record["summary"] == "PL logistics pledged." and record["quantity"] == "two hubs"


def test_quantity_cleared_and_conditions_in_vocabulary_order(tmp_path: Path) -> None:
    path = data_file(tmp_path)
    _, initial = form_for(path, "US", "backstop")
    values = initial.replace(quantity="", conditions=cell_form.ordered_conditions(["un-mandate", "ceasefire"]),
                             sources=("S1",))
    assert values.conditions == ("ceasefire", "un-mandate")
    commit(str(path), cell_form.cell_edit("US", "backstop", values, initial, today="2026-03-10"), by="a", at=AT)
    record = stored(path, "US/backstop")
    assert record is not None and record["conditions"] == ["ceasefire", "un-mandate"] and record["quantity"] is None


def test_refused_problems_go_beside_their_fields() -> None:
    problems = [
        Problem("malformed date '2026'", "commitments", '"PL/logistics" (doc 2)', "stated_on"),
        Problem("must not be empty", "commitments", '"PL/logistics" (doc 2)', "summary"),
        Problem("also bad", "commitments", '"PL/logistics" (doc 2)', "summary"),
        Problem("refers to source 'S9', which does not exist", "history", "doc 4", "sources"),
        Problem("something else", "members", '"PL" (doc 1)', "stance"),
    ]
    by_field, rest = cell_form.problems_by_field(problems, "commitments", "PL/logistics", editing.CELL_FIELDS)
    assert by_field == {"stated_on": "malformed date '2026'", "summary": "must not be empty",
                        "sources": "refers to source 'S9', which does not exist"}
    assert rest == ['members "PL" (doc 1), field "stance": something else']


def test_source_finder_ranks_exact_id_then_prefix_then_words() -> None:
    raw = raw_dataset()
    raw["sources"]["4"] = {"id": "S10", "publisher": "Reuters", "title": "Türkiye offers ships", "date": "2026-02-01",
                           "url": "", "tier": "B"}
    finder = cell_form.SourceFinder(dataset(raw))
    assert [s.id for s in finder.find("s1")] == ["S1", "S10"]
    assert [s.id for s in finder.find("turkiye reuters")] == ["S10"]
    assert finder.find("")[0].id == "S10"  # newest first
    assert finder.find("nothing like this") == ()


def test_a_new_source_is_checked_with_the_source_rules() -> None:
    bad = NewSource(" ", "Title", "2026-13", "ftp://x", "D")
    assert set(cell_form.source_problems(bad)) == {"publisher", "date", "url", "tier"}
    assert cell_form.source_problems(NewSource("Reuters", "T", "2026", "", "B")) == {}


# --- the browser's saves ----------------------------------------------------------------------------


def save(shown: Any, base: Any, values: CellValues, initial: CellValues) -> editing.SaveOutcome:
    return editing.save_cell(shown, base, "PL", "logistics", "Poland (PL), Logistics", values, initial)


def test_save_writes_one_entry_with_who_and_when(tmp_path: Path) -> None:
    path = data_file(tmp_path)
    loaded, initial = form_for(path)
    outcome = save(loaded, loaded, initial.replace(status="conditional", sources=("S3",)), initial)
    assert outcome.kind == "saved" and not outcome.refreshed and outcome.loaded is not None
    last = history(path)[-1]
    assert outcome.message == f"Saved Poland (PL), Logistics (history entry {last['id']})"
    assert (last["by"], last["at"], last["action"], last["sources"]) == ("alice", AT, "set", ["S3"])
    assert outcome.loaded.dataset.member("PL").commitments["logistics"].status == "conditional"  # type: ignore[union-attr]


def test_the_same_record_changed_meanwhile_is_a_conflict_naming_who(tmp_path: Path) -> None:
    path = data_file(tmp_path)
    loaded, initial = form_for(path)
    commit(str(path), lambda t: edits.set_commitment(t, "PL", "logistics", "considering", sources=["S1"], today="x"),
           by="bob", at="2026-03-10T10:00:00Z")
    before = path.read_bytes()
    outcome = save(loaded, loaded, initial.replace(status="conditional", sources=("S3",)), initial)
    assert outcome.kind == "conflict" and path.read_bytes() == before
    assert "Poland (PL), Logistics was changed by bob at 2026-03-10T10:00:00Z" in outcome.message
    assert outcome.loaded is not None and outcome.loaded.sha256 != loaded.sha256  # the other version, reloaded


def test_another_record_changed_meanwhile_is_applied_and_refreshed(tmp_path: Path) -> None:
    path = data_file(tmp_path)
    loaded, initial = form_for(path)
    commit(str(path), lambda t: edits.set_commitment(t, "IT", "training", "pledged", sources=["S1"], today="x"),
           by="carol", at=AT)
    outcome = save(loaded, loaded, initial.replace(status="conditional", sources=("S3",)), initial)
    assert outcome.kind == "saved" and outcome.refreshed and outcome.loaded is not None
    assert outcome.loaded.dataset.member("IT").commitments["training"].status == "pledged"  # type: ignore[union-attr]


def test_a_source_added_from_the_form_is_not_taken_for_another_writer(tmp_path: Path) -> None:
    path = data_file(tmp_path)
    loaded, initial = form_for(path)
    added = editing.save_source(loaded, NewSource("Reuters", "New", "2026-03-09", "https://r.example/1", "B",
                                                  note="the hub's first report"))
    assert added.kind == "saved" and added.new_id == "S4" and added.loaded is not None and not added.refreshed
    assert (history(path)[-1]["action"], history(path)[-1]["note"]) == ("add-source", "the hub's first report")
    outcome = save(added.loaded, loaded, initial.replace(status="conditional", sources=("S4",)), initial)
    assert outcome.kind == "saved" and not outcome.refreshed
    assert [e["action"] for e in history(path)][-2:] == ["add-source", "set"]


def test_unchanged_busy_and_unwritable_are_messages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = data_file(tmp_path)
    loaded, initial = form_for(path)
    assert save(loaded, loaded, initial.replace(sources=("S1",)), initial).kind == "unchanged"
    monkeypatch.setattr(editing, "LOCK_TIMEOUT", 0.2)
    with lock_held(path):
        busy = save(loaded, loaded, initial.replace(status="conditional", sources=("S1",)), initial)
    assert busy.kind == "failed" and "busy" in busy.message and "what you typed is kept" in busy.message
    path.chmod(0o444)
    try:
        read_only = save(loaded, loaded, initial.replace(status="conditional", sources=("S1",)), initial)
    finally:
        path.chmod(0o644)
    assert read_only.kind == "failed" and "read-only" in read_only.message and "\n" not in read_only.message
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "soon")
    clockless = save(loaded, loaded, initial.replace(status="conditional", sources=("S1",)), initial)
    assert clockless.kind == "failed" and "SOURCE_DATE_EPOCH" in clockless.message


def test_a_save_with_a_fifo_as_the_lock_file_fails_at_once_with_a_message(tmp_path: Path) -> None:
    """Issue 23 item 2: the browser showed "Saving..." for ever (the lock's open blocked on the FIFO)."""
    import os
    import threading

    from pledge_tui.dataset import files

    path = data_file(tmp_path)
    loaded, initial = form_for(path)
    os.mkfifo(files.lock_path(str(path)))
    outcomes: list[editing.SaveOutcome] = []
    worker = threading.Thread(target=lambda: outcomes.append(
        save(loaded, loaded, initial.replace(status="conditional", sources=("S1",)), initial)), daemon=True)
    worker.start()
    worker.join(60)  # a deadline, not a pause: before the fix the save never returned
    assert outcomes, "the save blocked on the FIFO"
    assert outcomes[0].kind == "failed" and "is a FIFO (named pipe)" in outcomes[0].message
    assert "\n" not in outcomes[0].message and str(path) in outcomes[0].message


# --- history under each commitment --------------------------------------------------------------------


def test_cell_histories_per_type_newest_first_with_older_counted(tmp_path: Path) -> None:
    path = data_file(tmp_path)
    for n in range(CHANGES_SHOWN + 2):
        edit = partial(edits.set_commitment, member="PL", type_="logistics", status="pledged", sources=["S1"],
                       today="x", summary=f"Version {n}.", note=f"n{n}")
        commit(str(path), edit, by="alice", at=AT)
    data = store.load(str(path)).dataset
    histories = cell_histories(data, "PL")
    assert set(histories) == {"logistics"}
    shown = histories["logistics"]
    assert [line.note for line in shown.lines] == [f"n{n}" for n in range(CHANGES_SHOWN + 1, 1, -1)]
    assert shown.older == 3  # two of the loop's, and the fixture's own entry
    assert cell_histories(data, "IT") == {}
