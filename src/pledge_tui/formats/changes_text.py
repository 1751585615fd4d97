"""`history`, `diff` and `changes` as plain text for a terminal (the `table` format).

Thin: the views (views/diff.py, views/changes.py) decide what is shown, in what order and with which
labels; this module lays it out. Everything it prints from the data is already cleaned of control
characters by the views, and is flattened to one line here, so no data text can drive the terminal
or break the layout.
"""

from __future__ import annotations

from collections.abc import Sequence

from pledge_tui.sanitize import clean_line
from pledge_tui.views.changes import ARROW, ChangesSince, FieldChange, HistoryLine, change_parts
from pledge_tui.views.diff import CellChange, DatasetDiff, MemberChange, state_words
from pledge_tui.views.present import SourceLine

WIDTH = 100
"""Prose is cut to this many characters in a one-line format (JSON and Markdown give it whole)."""
INDENT = "      "


def _fit(text: str, width: int = WIDTH) -> str:
    flat = clean_line(text)
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def plural(count: int, noun: str, many: str | None = None) -> str:
    """"1 cell", "3 cells", "2 history entries" (`many` when the plural is not noun + s)."""
    return f"{count} {noun if count == 1 else many or noun + 's'}"


def field_words(change: FieldChange) -> str:
    """One field change on one line: "status: pledged → conditional", "summary changed"."""
    if change.old is None:
        return f"{change.label}: {_fit(change.new or '', 60)}"
    if change.new is None:
        return f"{change.label} removed"
    if change.added or change.removed:
        if change.is_text:
            counts = [f"{len(change.added)} added"] * bool(change.added) + [f"{len(change.removed)} removed"] * bool(
                change.removed)
            return f"{change.label}: {', '.join(counts)}"
        return f"{change.label}: " + " ".join([*(f"+{x}" for x in change.added), *(f"-{x}" for x in change.removed)])
    if change.is_text:
        return f"{change.label} changed"
    return f"{change.label}: {_fit(change.old, 40)} {ARROW} {_fit(change.new, 40)}"


def _entry_summary(line: HistoryLine) -> str:
    """What an entry did, in one line: the headline (a commitment's status move), then the fields."""
    return "; ".join(change_parts(line, field_words)) or "no field changed"


def _entry_lines(line: HistoryLine, indent: str = "") -> list[str]:
    head = (f"{indent}{line.id}  {line.at}  {_fit(line.by, 24)}  {line.action}  "
            f"{_fit(line.subject, 60)}")
    out = [head, f"{indent}{INDENT}{_entry_summary(line)}"]
    if line.sources:
        out.append(f"{indent}{INDENT}sources: {', '.join(line.sources)}")
    if line.note.strip():
        out.append(f"{indent}{INDENT}note: {_fit(line.note)}")
    if line.undoes is not None:
        out.append(f"{indent}{INDENT}undoes {line.undoes}")
    if line.undone_by is not None:
        out.append(f"{indent}{INDENT}undone by {line.undone_by}")
    return out


def render_history(lines: Sequence[HistoryLine], total: int) -> str:
    """History entries, newest first, one block each, then a count."""
    out: list[str] = []
    for line in lines:
        out += _entry_lines(line)
    out.append(f"{plural(len(lines), 'history entry', 'history entries')} shown of {total}")
    return "\n".join(out) + "\n"


def _cell_lines(change: CellChange) -> list[str]:
    head = f"  {_fit(change.member_name, 40)} ({change.member_id}), {change.type_label}: "
    if change.new is None:
        return [head + f"removed (was {state_words(change.old)})"]
    if change.old is None:
        return [head + f"added: {state_words(change.new)}", f"  {INDENT}summary: {_fit(change.new.summary)}"]
    out = [head + f"{state_words(change.old)} {ARROW} {state_words(change.new)}"]
    if "summary" in change.fields:
        out += [f"  {INDENT}summary was: {_fit(change.old.summary)}",
                f"  {INDENT}summary now: {_fit(change.new.summary)}"]
    return out


def _member_line(change: MemberChange) -> str:
    sign = "+" if change.kind == "added" else "-"
    return f"  {sign} {_fit(change.name, 60)} ({change.id}), {change.role_label}"


def _source_line(sign: str, source: SourceLine) -> str:
    return (f"  {sign} {source.id}  {_fit(source.publisher, 40)}, {source.date}, tier {source.tier}: "
            f"{_fit(source.title, 80)}")


def render_diff(diff: DatasetDiff, old_name: str, new_name: str) -> str:
    """The differences, section by section; an empty diff says so in one line."""
    header = f"{_fit(old_name, 80)} {ARROW} {_fit(new_name, 80)}"
    if diff.is_empty:
        return f"{header}: no differences\n"
    counts = [plural(len(diff.cells), "cell"), plural(len(diff.members), "member"),
              plural(len(diff.sources), "source"), plural(len(diff.events), "event")]
    out = [f"{header}: {', '.join(counts)} changed"]
    if diff.cells:
        out += ["", "Cells"]
        for cell in diff.cells:
            out += _cell_lines(cell)
    if diff.members:
        out += ["", "Members", *(_member_line(m) for m in diff.members)]
    if diff.sources:
        out += ["", "Sources", *(_source_line("+" if s.kind == "added" else "-", s.source) for s in diff.sources)]
    if diff.events:
        out += ["", "Events"]
        out += [f"  {'+' if e.kind == 'added' else '-'} {e.id}  {e.date}: {_fit(e.title, 80)}" for e in diff.events]
    return "\n".join(out) + "\n"


def coverage_note(changes: ChangesSince) -> str | None:
    """A warning when the history does not reach back to the date asked for, else None."""
    if changes.history_starts is None:
        return "This data file has no history yet: no change since any date is known."
    if not changes.covers_since:
        return (f"History begins at {changes.history_starts}; changes before then are not known, and "
                f"\"then\" means the data as it was at that time.")
    return None


def render_changes(changes: ChangesSince) -> str:
    """Changes since a date: cells (then, now, the entries between), members, sources added."""
    out = [f"Changes since {changes.since} (from {changes.moment}; "
           f"{plural(changes.entry_count, 'history entry', 'history entries')} since)"]
    if (note := coverage_note(changes)) is not None:
        out.append(note)
    if changes.is_empty:
        out.append("No cell, member or source changed.")
    if changes.cells:
        out += ["", "Cells"]
        for cell in changes.cells:
            out += _cell_lines(cell.change)
            for entry in cell.entries:
                out.append(f"  {INDENT}{entry.id} {entry.at} {_fit(entry.by, 24)} {entry.action}: "
                           f"{_entry_summary(entry)} [{', '.join(entry.sources)}]")
    if changes.members:
        out += ["", "Members", *(_member_line(m) for m in changes.members)]
    if changes.sources_added:
        out += ["", "Sources added", *(_source_line("+", s) for s in changes.sources_added)]
    return "\n".join(out) + "\n"
