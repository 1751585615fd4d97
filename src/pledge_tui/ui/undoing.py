"""The browser's "Undo my last save" (`U`; README "Editing", issue 19 item 7): the newest history entry this
browser session saved, reverted through the same undo as `pledge-tui undo ENTRY` (`edits.undo` through
`commit.commit`, by the entry's id).

It reverts only what still holds: a dry run first says what the undo would revert (who, when, what) for the
analyst to confirm, or why it cannot (the record was changed since by someone, the exit-3 case of the
command line; the entry was undone already). Only entries this session wrote are offered (`OwnSaves`), never
someone else's, and never an undo of an undo.

Plain Python, as `editing` (the app runs these in a worker thread, so that a busy lock does not freeze the
screen); every failure is a `SaveOutcome` with one line to show, never a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pledge_tui.dataset import edits, history
from pledge_tui.dataset.commit import Committed, ReadsLog, commit
from pledge_tui.dataset.entry import HistoryEntry
from pledge_tui.dataset.model import Dataset, History, LoadedDataset
from pledge_tui.errors import PledgeError, UsageError
from pledge_tui.sanitize import clean_line
from pledge_tui.ui.editing import LOCK_TIMEOUT, SaveOutcome
from pledge_tui.views.changes import history_line
from pledge_tui.views.describe import entry_line, time_words

WHAT_WIDTH = 100
"""About how wide the one line of what an entry changed may be in the confirmation."""


class OwnSaves:
    """The history entries this browser session saved (the edit form, the new-source sub-form), oldest
    first: what `U` may undo. An undo made here takes its entry off; the undo's own entry is never added
    (an undo is not undone: the change is made again instead)."""

    def __init__(self) -> None:
        self._ids: list[str] = []

    def saw(self, outcome: SaveOutcome) -> None:
        """Note the outcome of a save or of an undo made in this session."""
        if outcome.undid is not None:
            self.forget(outcome.undid)
        elif outcome.kind == "saved" and isinstance(outcome.entry_id, str):
            self._ids.append(outcome.entry_id)

    def newest(self) -> str | None:
        return self._ids[-1] if self._ids else None

    def forget(self, entry_id: str) -> None:
        if entry_id in self._ids:
            self._ids.remove(entry_id)


@dataclass(frozen=True, slots=True)
class UndoPreview:
    """What undoing an entry would revert, for the confirmation."""

    entry_id: str
    subject: str
    """The record in words: "Poland (PL), Logistics", "source S152"."""
    by: str
    at: str
    """The entry's time, as a reader is told it ("2026-03-10 09:00 UTC")."""
    what: str
    """What the entry changed, in one line."""
    changes_nothing: bool = False
    """The record is already as it was before the entry: the undo only marks it undone."""
    cell: tuple[str, str] | None = None
    """(member id, type) when the entry changed a commitment: the cell the undo puts back."""


@dataclass(frozen=True, slots=True)
class UndoCheck:
    """A dry run's answer: the preview, or the outcome that says why the entry cannot be undone."""

    preview: UndoPreview | None
    refusal: SaveOutcome | None = None
    gone: bool = False
    """The entry is no longer the session's to undo (undone already, or not in the log): forget it."""


def _undo(entry_id: str) -> ReadsLog:
    def run(tables: Any, entries: Any) -> Any:
        return edits.undo(tables, entries, entry=entry_id, note="undone in the browser")

    return ReadsLog(run)


def _entry(dataset: Dataset, entry_id: str) -> HistoryEntry | None:
    found = dataset.history
    return found.by_id(entry_id) if isinstance(found, History) else next((e for e in found if e.id == entry_id), None)


def _failed(exc: BaseException) -> SaveOutcome:
    if isinstance(exc, PledgeError):
        return SaveOutcome("failed", f"Not undone: {clean_line(str(exc))}")
    return SaveOutcome("failed", f"Not undone: internal error: {type(exc).__name__}: {clean_line(str(exc))[:200]}")


def _preview(dataset: Dataset, entry_id: str, done: Committed) -> UndoPreview:
    reverts = done.change.reverts if done.change is not None else None
    nothing = done.change is not None and done.change.before == done.change.after
    found = _entry(dataset, entry_id)
    if found is not None:
        line = history_line(dataset, found)
        cell = (line.member_id, line.type) if line.member_id is not None and line.type is not None else None
        return UndoPreview(entry_id, line.subject, line.by, time_words(line.at), entry_line(line, WHAT_WIDTH), nothing,
                           cell)
    doc = reverts or {}
    return UndoPreview(entry_id, clean_line(f"{doc.get('table')} {doc.get('key')}"), clean_line(str(doc.get("by"))),
                       time_words(str(doc.get("at"))), clean_line(str(doc.get("action"))), nothing)


def _changed_since(exc: edits.ChangedSinceError, preview_subject: str) -> SaveOutcome:
    later = exc.later[-1] if exc.later else None
    who = (f"by {clean_line(str(later.get('by')))} at {time_words(str(later.get('at')))} (history entry "
           f"{later.get('id')})" if later is not None else "outside pledge-tui (no history entry records it)")
    return SaveOutcome("conflict", f"Not undone: {preview_subject} was changed {who} after your save; undoing it "
                                   "would lose that change, so nothing was written")


def check_undo(shown: LoadedDataset, entry_id: str) -> UndoCheck:
    """A dry run of undoing `entry_id` on the file the browser shows: what it would revert, or why not."""
    subject = f"history entry {entry_id}"
    try:
        done = commit(shown.path, _undo(entry_id), by=history.author(None), at=history.clock(), dry_run=True,
                      timeout=LOCK_TIMEOUT)
    except edits.ChangedSinceError as exc:
        found = _entry(shown.dataset, entry_id)
        if found is not None:
            subject = history_line(shown.dataset, found).subject
        return UndoCheck(None, _changed_since(exc, subject))
    except UsageError as exc:  # undone already (from the command line, say), or gone from the log
        return UndoCheck(None, SaveOutcome("refused", f"Not undone: {clean_line(str(exc))}"), gone=True)
    except Exception as exc:  # every failure is a message, never a traceback
        return UndoCheck(None, _failed(exc))
    return UndoCheck(_preview(shown.dataset, entry_id, done))


def undo_save(shown: LoadedDataset, preview: UndoPreview) -> SaveOutcome:
    """Undo the entry `preview` describes (confirmed by the analyst) on the file the browser shows."""
    try:
        done = commit(shown.path, _undo(preview.entry_id), by=history.author(None), at=history.clock(),
                      timeout=LOCK_TIMEOUT)
    except edits.ChangedSinceError as exc:  # changed between the question and the answer
        return _changed_since(exc, preview.subject)
    except UsageError as exc:
        return SaveOutcome("refused", f"Not undone: {clean_line(str(exc))}")
    except Exception as exc:  # every failure is a message, never a traceback
        return _failed(exc)
    if done.loaded is None or done.entry_id is None:
        return SaveOutcome("failed", "Not undone: nothing was written")
    only = " (the record was already as it was before it: the entry is now marked undone)" \
        if preview.changes_nothing else ""
    return SaveOutcome("saved", f"Undid your save of {preview.subject}: history entry {done.entry_id} reverts "
                                f"{preview.entry_id}{only}", loaded=done.loaded, entry_id=done.entry_id,
                       undid=preview.entry_id)
