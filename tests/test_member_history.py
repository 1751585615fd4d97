"""One member's history read from the log alone (`History.of_member`, `log.member_entries`): what the
browser's detail pane shows under a card without parsing the whole log (issue 22: the first screen at
50,000 entries). It must show exactly what the whole history shows, fall back to the whole history for a
log a writer did not leave, and read the log as it was when the dataset first read it."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest

from pledge_tui.dataset import edits, log, store
from pledge_tui.dataset.commit import commit
from pledge_tui.dataset.model import History, LoadedDataset
from pledge_tui.dataset.vocab import TYPES
from pledge_tui.errors import DataError
from pledge_tui.views.cell_history import cell_histories
from tests.clones import Clone, branches, merged, set_cell
from tests.snapshot_apps import settle

SIZE = (120, 40)


def _story() -> Clone:
    """A version-3 history with every kind of entry the pane lists: sets, an undo, a removal, and a `merge`
    join (both clones made the same change), then more sets after it."""
    base, ours, theirs = branches()
    for status in ("considering", "conditional", "considering"):
        set_cell(ours, "PL", "logistics", status, ["S1"], summary=f"Logistics {status}.")
    set_cell(ours, "PL", "air-patrol", "considering", ["S1"])
    ours.undo()
    for clone in (ours, theirs):
        set_cell(clone, "IT", "training", "pledged", ["S1"], summary="Same on both sides.")
    set_cell(theirs, "US", "ground-forces", "considering", ["S1"])
    ours.write(functools.partial(edits.unset_commitment, member="US", type_="air-patrol", sources=["S1"],
                                 note="Retracted."))
    joined = merged(base, ours, theirs)
    assert any(e["action"] == "merge" for e in joined.entries)
    joined.at = "2026-03-12T09:00:00Z"
    for status in ("considering", "conditional"):
        set_cell(joined, "IT", "training", status, ["S1"], summary=f"Training {status}.")
    return joined


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return _story().save(tmp_path / "d.json")


def _log(path: Path) -> Path:
    return Path(log.log_path(str(path)))


def _whole(path: Path, member_id: str, limit: int) -> object:
    loaded = store.load(str(path))
    len(loaded.dataset.history)
    return cell_histories(loaded.dataset, member_id, limit)


@pytest.mark.parametrize("limit", [1, 2, 5])
def test_a_members_changes_read_from_the_log_alone_are_those_of_the_whole_history(data: Path, limit: int) -> None:
    loaded = store.load(str(data))
    members = [m.id for m in loaded.dataset.members]
    assert {"PL", "IT", "US"} <= set(members)
    for member_id in [*members, "XX"]:
        assert cell_histories(loaded.dataset, member_id, limit) == _whole(data, member_id, limit), member_id
    history = loaded.dataset.history
    assert isinstance(history, History) and not history.loaded  # the log was never parsed whole
    shown = cell_histories(loaded.dataset, "IT", limit)["training"]
    assert len(shown.lines) == limit and shown.older == 5 - limit  # each clone's set, their merge, two more


def test_the_joins_record_and_the_undone_entry_are_shown_as_the_whole_history_shows_them(data: Path) -> None:
    loaded = store.load(str(data))
    lines = [line for cell in cell_histories(loaded.dataset, "IT", 10).values() for line in cell.lines]
    assert [line.action for line in lines] == ["set", "set", "merge", "set", "set"]
    merge = lines[2]
    assert merge.before is not None and merge.before["status"] == "pledged"  # its first parent's record
    air = cell_histories(loaded.dataset, "PL", 10)["air-patrol"].lines
    assert [line.action for line in air] == ["undo", "set"]
    assert air[1].undone_by == air[0].id
    removed = cell_histories(loaded.dataset, "US", 10)["air-patrol"].lines
    assert [(line.action, line.after) for line in removed] == [("unset", None)]


@pytest.mark.parametrize("damage", ["spaces", "key spaced", "quoted in a note", "action not first"])
def test_a_members_line_a_writer_did_not_leave_falls_back_to_the_whole_history(data: Path, damage: str) -> None:
    lines = _log(data).read_bytes().splitlines(keepends=True)
    index = next(i for i, line in enumerate(lines) if b'"key":"IT/training"' in line)
    if damage == "spaces":  # the same entry, written by hand with spaces
        lines[index] = lines[index].replace(b'":', b'": ', 1)
    elif damage == "key spaced":  # the member's entry no longer matches as written: the key text says so
        lines[index] = lines[index].replace(b'"key":"', b'"key": "')
    elif damage == "action not first":
        lines[index] = b'{"at"' + lines[index][1:].replace(b',"at"', b',"action"', 1)[len(b'"action"'):]
    else:  # another entry's note quotes the key text: the whole history decides (and shows the same)
        other = next(i for i, line in enumerate(lines) if b'"key":"PL/' in line and b'"note":""' in line)
        lines[other] = lines[other].replace(b'"note":""', b'"note":"see \\"IT/air\\""')
    _log(data).write_bytes(b"".join(lines))
    loaded = store.load(str(data))
    about = loaded.dataset.history
    assert isinstance(about, History)
    assert about.of_member("IT", 5) is None
    if damage == "action not first":
        with pytest.raises(DataError):  # (not an entry any more: the whole history says so)
            cell_histories(loaded.dataset, "IT")
        return
    assert cell_histories(loaded.dataset, "IT") == _whole(data, "IT", 5)
    assert about.loaded


@pytest.mark.parametrize("damage", ["torn", "blank", "not json"])
def test_damage_to_other_lines_is_left_to_validate_and_the_whole_history(data: Path, damage: str) -> None:
    """The member's own lines are parsed and checked; the rest of the log is not read for the card, so a
    torn last line (what a killed writer leaves) is passed over, and another problem is the whole history's
    to report (the timeline, `history`, `validate`)."""
    before = _whole(data, "IT", 5)
    lines = _log(data).read_bytes().splitlines(keepends=True)
    other = next(i for i, line in enumerate(lines) if b'"key":"PL/' in line)
    if damage == "torn":  # a writer killed in the middle of its append
        lines.append(lines[-1][:40])
    else:
        lines.insert(other, b"\n" if damage == "blank" else b"{not json\n")
    _log(data).write_bytes(b"".join(lines))
    loaded = store.load(str(data))
    assert cell_histories(loaded.dataset, "IT") == before
    history = loaded.dataset.history
    assert isinstance(history, History) and not history.loaded
    if damage == "torn":
        assert len(history) > 0
    else:
        with pytest.raises(DataError):
            len(history)


def test_the_history_is_the_log_as_the_dataset_first_read_it(data: Path) -> None:
    """The browser reads one member's entries as it starts and the whole history later (the reload compares
    the entries shown with the file's): both are the log as it was then, not as another writer grew it."""
    loaded = store.load(str(data))
    assert cell_histories(loaded.dataset, "PL")
    before = _log(data).read_bytes().count(b"\n")
    commit(str(data), functools.partial(edits.set_commitment, member="PL", type_="logistics", status="pledged",
                                        sources=["S1"], today="2026-03-12"), by="other")
    assert _log(data).read_bytes().count(b"\n") == before + 1
    assert len(loaded.dataset.history) == before
    assert len(store.load(str(data)).dataset.history) == before + 1


async def test_the_browser_starts_without_parsing_the_log_and_shows_the_cards_changes(data: Path) -> None:
    from tests.app_helpers import RecordingApp, detail
    from tests.snapshot_apps import make_app, move_cursor, row_of

    whole = store.load(str(data))
    len(whole.dataset.history)
    loaded_app = make_app(whole, app_class=RecordingApp)
    async with loaded_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        move_cursor(loaded_app, row_of(loaded_app, "IT"), TYPES.index("training"))
        await settle(pilot)
        detail_when_loaded = detail(loaded_app)
    app = make_app(store.load(str(data)), app_class=RecordingApp)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        history = app.dataset.history
        assert isinstance(history, History) and not history.loaded
        move_cursor(app, row_of(app, "IT"), TYPES.index("training"))
        await settle(pilot)
        shown = detail(app)
        assert "Changes, newest first:" in shown and "considering → conditional" in shown
        assert shown == detail_when_loaded
        assert not history.loaded


async def test_a_reload_from_disk_parses_neither_log_whole(data: Path) -> None:
    """Another writer's change is shown, marked and named from the log's new lines alone: the old and the new
    dataset are never compared whole (a reactive's `==` compared their histories, reading both logs: 5 s of
    a 6 s reload at 10,000 members)."""
    from tests.app_helpers import RecordingApp
    from tests.snapshot_apps import make_app

    app = make_app(store.load(str(data)), app_class=RecordingApp, watch_interval=None)
    assert isinstance(app, RecordingApp)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        old = app.dataset.history
        entry = _set(data, "ruled-out")
        app.check_file()
        await app.workers.wait_for_complete()
        await settle(pilot)
        new = app.dataset.history
        assert new is not old and isinstance(new, History) and isinstance(old, History)
        assert any(entry in n["message"] for n in app.notes), app.notes  # the change was shown and named
        assert not old.loaded and not new.loaded


async def test_a_bad_history_log_is_said_in_the_browser_which_still_shows_the_data(data: Path) -> None:
    from tests.app_helpers import RecordingApp, detail
    from tests.snapshot_apps import make_app, move_cursor, row_of

    lines = _log(data).read_bytes().splitlines(keepends=True)
    newest = max(i for i, line in enumerate(lines) if b'"key":"PL/' in line)  # one of the lines the card shows
    lines[newest] = lines[newest].replace(b'"by":"ours"', b'"by":3')
    _log(data).write_bytes(b"".join(lines))
    app = make_app(store.load(str(data)), app_class=RecordingApp)
    assert isinstance(app, RecordingApp)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        move_cursor(app, row_of(app, "PL"))
        await settle(pilot)
        assert "Changes, newest first:" not in detail(app) and "Poland" in detail(app)
        said = [n for n in app.notes if n["title"] == "No history shown"]
        assert len(said) == 1 and f"line {newest + 1}" in said[0]["message"] and "validate" in said[0]["message"]
        await pilot.press("T")  # the timeline needs the whole history: said, not a traceback
        await settle(pilot)
        assert any(n["title"] == "No timeline" for n in app.notes)


def _set(path: Path, status: str, by: str = "other") -> str:
    done = commit(str(path), functools.partial(edits.set_commitment, member="PL", type_="logistics", status=status,
                                               sources=["S1"], today="2026-03-12"), by=by)
    assert done.entry_id is not None
    return done.entry_id


def _named_by_whole_histories(old: LoadedDataset, new: LoadedDataset, own: tuple[str, ...] = ()) -> object:
    """What the reload named when it compared the two whole histories."""
    seen = {e.id for e in old.dataset.history}
    return tuple(e for e in new.dataset.history if e.id not in seen and e.id not in own
                 and e.action not in ("upgrade", "baseline"))


def test_a_reload_names_the_new_entries_from_the_new_lines_alone(data: Path) -> None:
    """The browser compares the data shown with the file after another writer's change: when the log only
    grew, the new lines alone say which entries are new (at 50,000 entries, parsing both whole logs took
    2.5 s of the event loop), and they are those the whole histories give."""
    from pledge_tui.views.reload import new_entries

    old = store.load(str(data))
    old_history = old.dataset.history
    assert isinstance(old_history, History)
    old_history.read_ahead()  # as the browser does: the log as it is when the data is shown
    assert cell_histories(old.dataset, "PL")
    first, second = _set(data, "pledged"), _set(data, "considering", by="mine")
    new = store.load(str(data))
    new_history = new.dataset.history
    assert isinstance(new_history, History)
    added = new_history.added_since(old_history)
    assert added is not None and [e.id for e in added] == [first, second]
    assert not old_history.loaded and not new_history.loaded  # neither log parsed whole
    assert [e.id for e in new_entries(old.dataset, new.dataset, own={second})] == [first]
    assert new_entries(old.dataset, new.dataset, own={second}) == _named_by_whole_histories(old, new, (second,))


@pytest.mark.parametrize("change", ["rewritten", "bad new line", "torn line removed"])
def test_a_log_that_did_not_only_grow_is_compared_whole(data: Path, change: str) -> None:
    from pledge_tui.views.reload import new_entries

    if change == "torn line removed":  # a killed writer's half line, which the next write removes
        with open(_log(data), "ab") as handle:
            handle.write(b'{"action":"set","af')
    old = store.load(str(data))
    old_history = old.dataset.history
    assert isinstance(old_history, History)
    assert cell_histories(old.dataset, "PL")  # reads the log as it is now
    added_id = _set(data, "pledged")
    lines = _log(data).read_bytes().splitlines(keepends=True)
    if change == "rewritten":  # an earlier line written again (the same entry, spaced): not only grown
        lines[0] = lines[0].replace(b'":', b'": ', 1)
    elif change == "bad new line":
        lines.append(b"{not json\n")
    _log(data).write_bytes(b"".join(lines))
    new = store.load(str(data))
    new_history = new.dataset.history
    assert isinstance(new_history, History)
    assert new_history.added_since(old_history) is None
    if change == "bad new line":
        with pytest.raises(DataError):
            new_entries(old.dataset, new.dataset)
        return
    assert [e.id for e in new_entries(old.dataset, new.dataset)] == [added_id]
