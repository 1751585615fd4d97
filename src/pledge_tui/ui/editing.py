"""The browser's side of the one write path: saving the edit form and the new-source sub-form.

Each save is one call of `dataset.commit.commit` (lock, read, apply, validate the whole dataset, write
atomically, append history), made with `base` = the data the form was opened on, so that a change
someone else made meanwhile to the same record is refused (`ConflictError`) rather than overwritten,
and a change to other records is kept (the edit is applied to the newer data). Every failure becomes
a `SaveOutcome` the form shows in one line or beside its fields; none escapes as a traceback.

Plain Python (the app runs these in a worker thread, so that a busy lock does not freeze the screen).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from pledge_tui.dataset import files, history, store
from pledge_tui.dataset.catalogue import field_words
from pledge_tui.dataset.commit import Committed, commit
from pledge_tui.dataset.model import LoadedDataset, Member
from pledge_tui.errors import BusyError, ConflictError, PledgeError, RefusedError
from pledge_tui.sanitize import clean_line
from pledge_tui.views.cell_form import (
    SOURCE_FIELDS,
    CellValues,
    NewSource,
    cell_edit,
    problems_by_field,
    source_edit,
    subject,
)
from pledge_tui.views.present import label
from pledge_tui.views.reload import new_entries

Kind = Literal["saved", "unchanged", "refused", "conflict", "failed"]

LOCK_TIMEOUT = files.LOCK_TIMEOUT
"""Seconds a save waits for another writer's lock (5, as on the command line)."""

CELL_FIELDS = ("status", "summary", "conditions", "lead", "quantity", "stated_on", "sources", "note")


@dataclass(frozen=True, slots=True)
class SaveOutcome:
    """What became of a save, for the form to show."""

    kind: Kind
    message: str
    """One line (cleaned): what was done, or why not."""
    field_problems: Mapping[str, str] = field(default_factory=dict)
    """For a refused change: field -> what is wrong, shown beside the field."""
    loaded: LoadedDataset | None = None
    """The data to show from now on: as written (saved), or as reloaded after a conflict."""
    refreshed: bool = False
    """Another writer had changed other records; the edit was applied to the newer data."""
    undid: str | None = None
    """For an undo of the session's own save (`undoing`): the entry it reverted."""
    new_id: str | None = None
    """The id a new source was given."""
    entry_id: object | None = None
    """The identity of the history entry the save wrote (`views.reload.entry_identity`), or None."""


def subject_of(member: Member | None, member_id: str, type_slug: str) -> str:
    """The cell in words ("Poland (PL), Air"), or by its id when the member is gone."""
    return subject(member, type_slug) if member is not None else f"{member_id}, {label('types', type_slug)}"


def _who(exc: ConflictError) -> str:
    if exc.by is None:
        return "outside pledge-tui (no history entry records it)"
    return f"by {clean_line(exc.by)} at {exc.at}"


def _failed(exc: BaseException) -> SaveOutcome:
    if isinstance(exc, BusyError):
        return SaveOutcome("failed", f"Not saved: {clean_line(str(exc))}; what you typed is kept")
    if isinstance(exc, PledgeError):
        return SaveOutcome("failed", f"Not saved: {clean_line(str(exc))}")
    return SaveOutcome("failed", f"Not saved: internal error: {type(exc).__name__}: {clean_line(str(exc))[:200]}")


def _other_writer(shown: LoadedDataset, base: LoadedDataset, done: Committed) -> bool:
    """Did someone else change the file since the browser last showed it?

    When the form's base is what the browser shows, `commit` says so itself. When the browser wrote in
    between (a new source added from the form), the file differs from the base by that write too, so
    the history decides: an entry newer than those shown that is neither this change nor its upgrade.
    """
    if done.loaded is None or not done.refreshed:
        return False
    if base is shown:
        return True
    own = set(done.entry_ids)
    return any(e.action not in ("upgrade", "baseline") for e in new_entries(shown.dataset, done.loaded.dataset, own))


def _upgraded(done: Committed) -> str:
    return (f"; the file was upgraded to schema version 3 (history entry {done.upgrade_id})"
            if done.upgraded else "")


def save_cell(shown: LoadedDataset, base: LoadedDataset, member_id: str, type_slug: str, what: str,
              values: CellValues, initial: CellValues) -> SaveOutcome:
    """Save the edit form of one cell to the file the browser shows.

    `shown` is the data on screen, `base` the data the form was opened on (they differ only when the
    form added a source); `what` names the cell in messages ("Poland (PL), Air").
    """
    key = f"{member_id}/{type_slug}"
    try:
        by, at = history.author(None), history.clock()  # who and when, as the command line says them
        edit = cell_edit(member_id, type_slug, values, initial, today=at[:10])
        done = commit(shown.path, edit, by=by, at=at, base=base, timeout=LOCK_TIMEOUT)
    except ConflictError as exc:
        message = (f"Not saved: {what} was changed {_who(exc)} since you opened this form, and nothing was "
                   f"written. The view now shows their version; your changes are still here: ctrl+s saves "
                   f"them over it, escape discards them")
        try:
            reloaded: LoadedDataset | None = store.load(shown.path, trust_cache=True, keep_model=False)
        except PledgeError as reload_error:
            reloaded = None
            message += f" (the file could not be read again: {clean_line(str(reload_error))})"
        return SaveOutcome("conflict", message, loaded=reloaded)
    except RefusedError as exc:
        by_field, rest = problems_by_field(exc.problems, "commitments", key, CELL_FIELDS)
        named = ", ".join(field_words(f) for f in CELL_FIELDS if f in by_field)
        summary = f"see {named}" if named else "; ".join(rest[:3])
        return SaveOutcome("refused", f"Not saved: the data would not validate ({summary}); nothing was written",
                           field_problems=by_field)
    except Exception as exc:  # every failure is a message in the form, never a traceback
        return _failed(exc)
    if done.entry_id is None or done.loaded is None or done.change is None:
        return SaveOutcome("unchanged", f"Nothing to save: {what} is already so; nothing was written")
    verb = "Removed" if done.change.action == "unset" else "Saved"
    return SaveOutcome("saved", f"{verb} {what} (history entry {done.entry_id}){_upgraded(done)}",
                       loaded=done.loaded, refreshed=_other_writer(shown, base, done), entry_id=done.entry_id)


def save_source(shown: LoadedDataset, new: NewSource) -> SaveOutcome:
    """Add a new source to the file the browser shows (its own history entry, with the sub-form's note, as
    `add-source --note`)."""
    try:
        done = commit(shown.path, source_edit(new), by=history.author(None), at=history.clock(), base=shown,
                      timeout=LOCK_TIMEOUT)
    except RefusedError as exc:
        by_field, rest = problems_by_field(exc.problems, "sources", None, (*SOURCE_FIELDS, "note"))
        return SaveOutcome("refused", "Not added: " + ("; ".join(rest[:3]) or "see the fields"),
                           field_problems=by_field)
    except Exception as exc:  # every failure is a message in the form, never a traceback
        return _failed(exc)
    if done.loaded is None or done.change is None:
        return SaveOutcome("unchanged", "Nothing was written")
    return SaveOutcome("saved", f"Added source {done.change.key} (history entry {done.entry_id}){_upgraded(done)}",
                       loaded=done.loaded, refreshed=done.refreshed, new_id=done.change.key, entry_id=done.entry_id)

