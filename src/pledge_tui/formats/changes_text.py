"""`history`, `diff` and `changes` as plain text for a terminal (the `table` format).

Thin: the views (views/diff.py, views/changes.py) decide what is shown, in what order and with which
labels; this module lays it out. Everything it prints from the data is already cleaned of control
characters by the views, and is flattened to one line here, so no data text can drive the terminal
or break the layout.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from pledge_tui.dataset.catalogue import ARROW, BASELINE, CHANGE_KINDS, field_words, label
from pledge_tui.formats.counts import plural as plural  # (re-exported: `changes_md`)
from pledge_tui.sanitize import clean_line
from pledge_tui.views.blame import BASELINE_WORDS, NOT_RECORDED_WORDS, Blame, BlameLine
from pledge_tui.views.changes import ChangesSince, HistoryLine
from pledge_tui.views.describe import (
    ADDED,
    RECORDED,
    REMOVED,
    SAID,
    clock_words,
    coverage_note,
    entry_line,
    entry_ref,
    moved_words,
    time_words,
    undo_words,
    wording_lines,
)
from pledge_tui.views.diff import CellChange, DatasetDiff, EventChange, MemberChange, SourceChange, state_words
from pledge_tui.views.fields import FieldChange
from pledge_tui.views.said import SaidSince

WIDTH = 100
"""Prose is cut to this many characters in a one-line format (JSON and Markdown give it whole)."""
INDENT = "      "


def _fit(text: str, width: int = WIDTH) -> str:
    flat = clean_line(text)
    return flat if len(flat) <= width else flat[: width - 1] + "…"


VALUE_WIDTH = 80
"""About how many characters a field change's values take on its line (`describe.change_words`)."""


def _entry_lines(line: HistoryLine, indent: str = "") -> list[str]:
    head = (f"{indent}{entry_ref(line.id)}  {clock_words(said=line.said, recorded=line.at)}  {_fit(line.by, 24)}  "
            f"{line.action}  {_fit(line.subject, 60)}")
    out = [head, f"{indent}{INDENT}{entry_line(line, VALUE_WIDTH)}"]
    if line.sources:
        out.append(f"{indent}{INDENT}sources: {', '.join(line.sources)}")
    if line.note.strip():
        out.append(f"{indent}{INDENT}note: {_fit(line.note)}")
    out += [f"{indent}{INDENT}{words}" for words in undo_words(line)]
    return out


def render_history(lines: Sequence[HistoryLine], total: int) -> str:
    """History entries, newest first, one block each, then a count."""
    out: list[str] = []
    for line in lines:
        out += _entry_lines(line)
    out.append(f"{plural(len(lines), 'history entry', 'history entries')} shown of {total}")
    return "\n".join(out) + "\n"


def _entry_short(entry: HistoryLine, indent: str) -> list[str]:
    """An entry under the change it made: reference, when (both clocks), who, what it did, sources; its note."""
    clocks = clock_words(said=entry.said, recorded=entry.at)
    out = [f"{indent}{entry_ref(entry.id)} {clocks} · {_fit(entry.by, 24)}, {entry.action}: "
           f"{entry_line(entry, VALUE_WIDTH)} [{', '.join(entry.sources)}]"]
    if entry.note.strip():
        out.append(f"{indent}{INDENT}note: {_fit(entry.note)}")
    return out


def _cell_lines(change: CellChange) -> list[str]:
    """A cell's change: what moved first ("status: considering → pledged; sources +S160"), then the cell
    then and now, then the wording that changed."""
    head = f"  {_fit(change.member_name, 40)} ({change.member_id}), {change.type_label}: "
    if change.new is None:
        return [head + f"{REMOVED} (was {state_words(change.old)})"]
    if change.old is None:
        return [head + f"{ADDED}: {state_words(change.new)}", f"  {INDENT}{field_words('summary')}: "
                f"{_fit(change.new.summary)}"]
    out = [head + "; ".join(moved_words(change.changes, VALUE_WIDTH))]
    old, new = state_words(change.old), state_words(change.new)
    out.append(f"  {INDENT}then: {old}; now: {new}" if old != new else f"  {INDENT}{new} (unchanged)")
    out += [f"  {INDENT}{_fit(words)}" for words in wording_lines(change.changes, WIDTH)]
    return out


def _sign(kind: str) -> str:
    return CHANGE_KINDS.glyph(kind)


def _record_lines(head: str, kind: str, changes: Sequence[FieldChange]) -> list[str]:
    """A member, source or event: its sign and head, and for a change what moved, then its wording."""
    if kind != "changed":
        return [f"  {_sign(kind)} {head}"]
    return [f"  {_sign(kind)} {head}: {'; '.join(moved_words(changes, VALUE_WIDTH))}",
            *(f"  {INDENT}{_fit(words)}" for words in wording_lines(changes, WIDTH))]


def _member_lines(change: MemberChange) -> list[str]:
    head = f"{_fit(change.name, 60)} ({change.id})"
    return _record_lines(head if change.kind == "changed" else f"{head}, {change.role_label}", change.kind,
                         change.changes)


_SOURCE_WIDTHS = {"publisher": 40, "title": 80}


def _source_lines(change: SourceChange) -> list[str]:
    head = change.source.text(lambda kind, text: _fit(text, _SOURCE_WIDTHS.get(kind, WIDTH)))
    return _record_lines(head, change.kind, change.changes)


def _event_lines(change: EventChange) -> list[str]:
    return _record_lines(f"{change.id}  {change.date}: {_fit(change.title, 80)}", change.kind, change.changes)


def _meta_lines(changes: Sequence[FieldChange]) -> list[str]:
    return [f"  {'; '.join(moved_words(changes, VALUE_WIDTH))}",
            *(f"  {INDENT}{_fit(words)}" for words in wording_lines(changes, WIDTH))]


def _counts(diff: DatasetDiff) -> str:
    words = [plural(n, noun) for noun, n in (("cell", len(diff.cells)), ("member", len(diff.members)),
                                               ("source", len(diff.sources)), ("event", len(diff.events)))]
    return ", ".join(words) + (f", the {label('tables', 'meta')}" if diff.meta else "")


Entries = Callable[[str, str], Sequence[HistoryLine]]
"""The entries that made a record's change, by (table, key): none for `diff`."""


def _no_entries(table: str, key: str) -> Sequence[HistoryLine]:
    return ()


def _sections(diff: DatasetDiff, entries: Entries = _no_entries) -> list[str]:
    """Every section of a diff, each record's entries (for `changes`) under it."""
    def under(table: str, key: str) -> list[str]:
        return [line for entry in entries(table, key) for line in _entry_short(entry, f"  {INDENT}")]

    out: list[str] = []
    if diff.cells:
        out += ["", "Cells"]
        for cell in diff.cells:
            out += [*_cell_lines(cell), *under("commitments", cell.key)]
    if diff.members:
        out += ["", "Members"]
        for member in diff.members:
            out += [*_member_lines(member), *under("members", member.id)]
    if diff.sources:
        out += ["", "Sources"]
        for source in diff.sources:
            out += [*_source_lines(source), *under("sources", source.source.id)]
    if diff.events:
        out += ["", "Events"]
        for event in diff.events:
            out += [*_event_lines(event), *under("events", event.id)]
    if diff.meta:
        out += ["", label("tables", "meta").capitalize(), *_meta_lines(diff.meta), *under("meta", "meta")]
    return out


def render_diff(diff: DatasetDiff, old_name: str, new_name: str) -> str:
    """The differences, section by section, each change leading with what moved; an empty diff says so."""
    header = f"{_fit(old_name, 80)} {ARROW} {_fit(new_name, 80)}"
    if diff.is_empty:
        return f"{header}: no differences\n"
    return "\n".join([f"{header}: {_counts(diff)} changed", *_sections(diff)]) + "\n"


def render_changes(changes: ChangesSince) -> str:
    """Changes since a date (the recorded clock): every section of the diff of then and now, each change
    with the entries that made it (both clocks, who, sources, note)."""
    out = [f"Changes since {changes.since} ({RECORDED} from {time_words(changes.moment)}; "
           f"{plural(changes.entry_count, 'history entry', 'history entries')} since)"]
    if (note := coverage_note(changes.history_starts, changes.moment)) is not None:
        out.append(note)
    if changes.is_empty:
        out.append("Nothing changed.")
        return "\n".join(out) + "\n"
    out.append(f"{_counts(changes.diff)} changed")
    return "\n".join([*out, *_sections(changes.diff, changes.entries_of)]) + "\n"


def render_said(said: SaidSince) -> str:
    """The cells said since a date (the said clock), newest said first, each with both clocks."""
    out = [f"Said since {said.since} (the said clock: when a commitment was stated): "
           f"{len(said.cells)} of {plural(said.disclosed, 'disclosed cell')}"]
    for cell in said.cells:
        recorded = (f"{RECORDED} {time_words(cell.recorded)} ({entry_ref(cell.entry)})" if cell.recorded is not None
                    else BASELINE_WORDS)
        conditions = f"; {field_words('conditions')}: {', '.join(cell.condition_labels)}" if cell.conditions else ""
        out.append(f"  {_fit(cell.member_name, 40)} ({cell.member_id}), {cell.type_label}: {cell.status_words}"
                   f"{conditions}")
        out.append(f"  {INDENT}{SAID} {cell.said} · {recorded} [{', '.join(cell.sources)}]")
    return "\n".join(out) + "\n"


def _blame_line(line: BlameLine, width: int) -> list[str]:
    head = f"  {line.label:<26} {_fit(line.value, width)}"
    if not line.recorded:
        return [head, f"  {INDENT}{NOT_RECORDED_WORDS}"]
    entry = line.entry
    if entry is None:
        return [f"{head}  ({BASELINE})"]
    out = [head, f"  {INDENT}{entry_ref(entry.id)} {clock_words(recorded=entry.at, said=entry.said)} · "
                 f"{_fit(entry.by, 24)}, {entry.action} [{', '.join(entry.sources)}]"]
    if entry.note.strip():
        out.append(f"  {INDENT}note: {_fit(entry.note)}")
    return out


def render_blame(blame: Blame) -> str:
    """Per value, the newest entry that set it (id, when, who, sources, note), or baseline."""
    out = [f"Blame: {blame.words}: the newest history entry that set each value ({BASELINE_WORDS})"]
    if blame.type is not None:
        out += ["", "Cell"]
        for line in blame.fields:
            out += _blame_line(line, 60)
        return "\n".join(out) + "\n"
    out += ["", label("tables", "members").capitalize()]
    for line in blame.fields:
        out += _blame_line(line, 60)
    out += ["", "Cells"]
    for line in blame.cells:
        out += _blame_line(line, 60)
    if not blame.cells:
        out.append("  (no cell disclosed or recorded)")
    return "\n".join(out) + "\n"
