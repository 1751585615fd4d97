"""The words of a change and of a time: one describer each, for every place a change is told.

The detail pane's history lines, the timeline (its one-line "what" and its detail area), `history` and
`changes` as text, and the Markdown documents all tell a recorded change through here, so a field that
was removed reads "quantity removed" everywhere, in full "quantity removed (was: two frigates)", and
a recorded time reads "2026-03-10 09:00 UTC" wherever a reader meets one. The words are the catalogue's
(`dataset.catalogue`: the field's words, the arrow, "added", "removed", "changed").

The describers take a change's fields (a `views.changes.FieldChange`, a `HistoryLine`'s values), never
how an entry is stored, so they do not move when the history's storage does.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from pledge_tui.dataset.catalogue import ARROW, CHANGE_KINDS, CLOCKS, KINDS, NO, NONE, label
from pledge_tui.sanitize import clean_line

if TYPE_CHECKING:  # (types only: `time_words` serves `--at`, which should not import the views of changes)
    from pledge_tui.views.changes import HistoryLine
    from pledge_tui.views.fields import FieldChange

ADDED = CHANGE_KINDS.label("added")
REMOVED = CHANGE_KINDS.label("removed")
CHANGED = CHANGE_KINDS.label("changed")

SAID = CLOCKS.label("said")
RECORDED = CLOCKS.label("recorded")

UPGRADE_WORDS = "data file upgraded to schema version {version}"
MERGE_WORDS = "two lines of history joined by the merge"
"""The headline of an `upgrade` entry."""


# --- a time ----------------------------------------------------------------------------------------


def time_words(at: str) -> str:
    """A recorded time (`2026-03-10T09:00:00Z`, always UTC) as a reader is told it: "2026-03-10 09:00
    UTC". Seconds are left out (entries are told apart by their reference, `entry_ref`); the machine
    formats (JSON) keep the time exactly as stored. Anything that is not such a time is shown as it is."""
    if len(at) >= 16 and at[10:11] == "T":
        return f"{at[:10]} {at[11:16]} UTC"
    return clean_line(at)


def clock_words(*, said: str | None = None, recorded: str | None = None) -> str:
    """Both clocks, each named (README "What changed"): "recorded 2026-11-30 09:00 UTC · said 2026-01"; a clock
    not given is left out. `recorded` is a stored UTC time (`time_words` writes it)."""
    parts = [f"{RECORDED} {time_words(recorded)}"] if recorded else []
    parts += [f"{SAID} {clean_line(said)}"] if said else []
    return " · ".join(parts)


def entry_ref(entry_id: object) -> str:
    """How a history entry is referred to in `history`, the timeline and undo lines: by its id,
    "h3f9a2c10b" (stable: never renumbered, not in a merge either)."""
    return str(entry_id)


# --- a field --------------------------------------------------------------------------------------


def _cut(text: str, width: int) -> str:
    flat = clean_line(text)
    return flat if len(flat) <= width else flat[: max(1, width - 1)] + "…"


def change_words(change: FieldChange, width: int | None = None) -> list[str]:
    """One field change in words: in full (`width` None: the Markdown documents, the timeline's detail
    area), one line per list item that came or went; or in one line whose values are cut to fit about
    `width` characters (text, the detail pane, the timeline's one-line "what"), prose said to have
    "changed" rather than quoted.

    A field that came: "quantity: two frigates". A field that went: "quantity removed" (in full, with
    what it was). A value that moved: "status: ruled out → conditional". A list kept on both sides:
    its items added and removed ("sources added: S12"; in one line "sources: +S12 -S3", or for prose
    "caveats: 1 added").
    """
    words = change.label
    if change.old is not None and change.new is not None and (change.added or change.removed):
        moves = ((ADDED, "+", change.added), (REMOVED, "-", change.removed))
        if width is None:
            if change.is_text:
                return [f"{words} {verb}: {item}" for verb, _sign, items in moves for item in items]
            return [f"{words} {verb}: {', '.join(items)}" for verb, _sign, items in moves if items]
        if change.is_text:
            return [f"{words}: " + ", ".join(f"{len(items)} {verb}" for verb, _sign, items in moves if items)]
        return [f"{words}: " + _cut(" ".join(f"{sign}{item}" for _verb, sign, items in moves for item in items),
                                    width)]
    if change.old is None:
        return [f"{words}: {change.new if width is None else _cut(change.new or '', width)}"]
    if change.new is None:
        return [f"{words} {REMOVED}" + (f" (was: {change.old})" if width is None else "")]
    if width is None:
        return [f"{words}: {change.old} {ARROW} {change.new}"]
    if change.is_text:
        return [f"{words} {CHANGED}"]
    half = max(8, width // 2)
    return [f"{words}: {_cut(change.old, half)} {ARROW} {_cut(change.new, half)}"]


# --- what moved -----------------------------------------------------------------------------------


def _items(values: object, field: str) -> tuple[str, ...]:
    """A stored list's items as display text: slugs by their labels (conditions), others cleaned."""
    if not isinstance(values, list | tuple):
        return ()
    vocabulary = "conditions" if field == "conditions" else None
    return tuple(label(vocabulary, str(v)) if vocabulary else clean_line(str(v)) for v in values)


def _list_moves(change: FieldChange) -> str:
    """"+S160 -S3": the items that came and went, by their labels ("" when the field came or went whole)."""
    if change.old is None or change.new is None:
        return ""
    old, new = _items(change.old_value, change.field), _items(change.new_value, change.field)
    came = [f"+{item}" for item in new if item not in old]
    went = [f"-{item}" for item in old if item not in new]
    return " ".join([*came, *went])


def moved_words(changes: Sequence[FieldChange], width: int | None = None) -> list[str]:
    """What a record's change moved, kind by kind in the catalogue's order (`KINDS`), as `diff` and
    `changes` lead with it: "status: considering → pledged", "conditions: +ceasefire", "lead nation: no →
    yes", "sources +S160 -S3", "stated on: 2026-01 → 2026-09", "wording (summary, quantity)". Values are
    cut to about `width` characters (None: in full). Wording is named, not quoted: the lines below a
    change's lead, or `entry_words`, say what it became."""
    by_kind: dict[str, list[FieldChange]] = {}
    for change in changes:
        by_kind.setdefault(change.kind, []).append(change)
    out: list[str] = []
    for kind in KINDS.slugs:
        moved = by_kind.get(kind, [])
        if kind == "wording" and moved:
            out.append(f"{KINDS.label(kind)} ({', '.join(c.label for c in moved)})")
            continue
        for change in moved:
            moves = _list_moves(change) if kind in ("conditions", "sources") else ""
            if moves:
                out.append(f"{change.label} {moves}" if kind == "sources" else f"{change.label}: {moves}")
            else:
                out += change_words(change, width)
    return out


def wording_lines(changes: Sequence[FieldChange], width: int | None = None) -> list[str]:
    """The words of a record's wording changes, below its lead (`moved_words` names them only): prose as it
    was and is ("stance was: ...", "stance now: ..."), list items that came or went ("caveats added:
    ..."), other values moved ("quantity: a company → a battalion"). Values cut to about `width`
    characters (None: in full)."""
    out: list[str] = []
    for change in changes:
        if change.kind != "wording":
            continue
        if change.is_text and change.old is not None and change.new is not None and not (change.added
                                                                                          or change.removed):
            old, new = _from_difference(change.old, change.new, width)
            out += [f"{change.label} was: {old}", f"{change.label} now: {new}"]
        elif change.is_text and (change.added or change.removed):
            out += [f"{change.label} {verb}: {_fit(item, width)}"
                    for verb, items in ((ADDED, change.added), (REMOVED, change.removed)) for item in items]
        else:
            out += change_words(change, width)
    return out


def _fit(text: str, width: int | None) -> str:
    return text if width is None else _cut(text, width)


LEAD_IN = 24
"""Characters kept before the first difference when a reworded text is cut to fit."""


def _from_difference(old: str, new: str, width: int | None) -> tuple[str, str]:
    """Two versions of a text, cut to about `width` each so that both show where they first differ: when the
    difference lies beyond the width, both start "…" a few words before it (the same place in both)."""
    if width is None:
        return old, new
    flat_old, flat_new = clean_line(old), clean_line(new)
    same = next((i for i, (a, b) in enumerate(zip(flat_old, flat_new, strict=False)) if a != b),
                min(len(flat_old), len(flat_new)))
    if same < width - LEAD_IN:
        return _cut(flat_old, width), _cut(flat_new, width)
    start = flat_old.rfind(" ", 0, max(0, same - LEAD_IN)) + 1
    return _cut("…" + flat_old[start:], width), _cut("…" + flat_new[start:], width)


# --- an entry -------------------------------------------------------------------------------------

_EMPTY = frozenset({"", NONE, NO})


def headline(line: HistoryLine) -> str | None:
    """What an entry did before any field is named: "ruled out → conditional" for a commitment whose
    status moved, "added" or "removed" for a whole record, the upgrade in words; else None."""
    if line.action == "upgrade":
        version = re.search(r"-> ([0-9]+)", line.note)
        return UPGRADE_WORDS.format(version=version.group(1) if version else 2)
    if line.action == "merge":
        return MERGE_WORDS
    if line.status_before != line.status_after:
        before, after = (label("statuses", s or "") for s in (line.status_before, line.status_after))
        return f"{before} {ARROW} {after}"
    if line.created or line.removed:
        return ADDED if line.created else REMOVED
    return None


def notable_changes(line: HistoryLine) -> tuple[FieldChange, ...]:
    """The field changes a reader is told about, the status move of a commitment aside (`status_before`
    and `status_after` say it): for a record created or removed, only the fields that hold something
    (no "conditions: none", "lead nation: no"), and not its sources (the entry cites them)."""
    whole = line.created or line.removed
    return tuple(c for c in line.changes
                 if not (line.table == "commitments" and c.field == "status")
                 and not (whole and (c.field == "sources" or (c.new if c.old is None else c.old) in _EMPTY)))


def entry_words(line: HistoryLine, width: int | None = None) -> list[str]:
    """What an entry did, part by part: the headline, then each notable field change (`change_words`,
    in full or cut to about `width`). A one-line format joins the parts with "; "."""
    first = headline(line)
    parts = [first] if first else []
    if line.action != "upgrade":
        parts += [words for change in notable_changes(line) for words in change_words(change, width)]
    return parts


NOTHING_CHANGED = "no field changed"
"""Said of an entry whose record is the same before and after (only what it cites changed)."""


def entry_line(line: HistoryLine, width: int) -> str:
    """What an entry did, in one line (`entry_words` joined), or that no field changed."""
    return "; ".join(entry_words(line, width)) or NOTHING_CHANGED


def undo_words(line: HistoryLine) -> list[str]:
    """"undoes h3f9a2c10b", "undone by h0c1d2e3f4a": how an entry stands to the ones it reverts or that revert it."""
    out = []
    if line.undoes is not None:
        out.append(f"undoes {entry_ref(line.undoes)}")
    if line.undone_by is not None:
        out.append(f"undone by {entry_ref(line.undone_by)}")
    return out


# --- how far back the history reaches --------------------------------------------------------------


def coverage_note(history_starts: str | None, moment: str) -> str | None:
    """A warning when the history does not reach back to `moment` (the changes asked about), else None:
    the one wording of `changes`, the snapshot's changes section and the browser's changed-since marks."""
    if history_starts is None:
        return "This data file has no history yet, so no change since any date is known."
    if history_starts > moment:
        return (f"History begins at {time_words(history_starts)}: earlier changes are not known, and the "
                "data \"then\" is the data as it was when history began.")
    return None
