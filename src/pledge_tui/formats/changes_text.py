"""`history`, `diff` and `changes` as plain text for a terminal (the `table` format).

Thin: the views (views/diff.py, views/changes.py) decide what is shown, in what order and with which
labels; this module lays it out. Everything it prints from the data is already cleaned of control
characters by the views, and is flattened to one line here, so no data text can drive the terminal
or break the layout.
"""

from __future__ import annotations

from collections.abc import Sequence

from pledge_tui.dataset.catalogue import ARROW
from pledge_tui.sanitize import clean_line
from pledge_tui.views.changes import ChangesSince, HistoryLine
from pledge_tui.views.describe import coverage_note, entry_line, entry_ref, time_words, undo_words
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


VALUE_WIDTH = 80
"""About how many characters a field change's values take on its line (`describe.change_words`)."""


def _entry_lines(line: HistoryLine, indent: str = "") -> list[str]:
    head = (f"{indent}{entry_ref(line.id)}  {time_words(line.at)}  {_fit(line.by, 24)}  {line.action}  "
            f"{_fit(line.subject, 60)}")
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


_SOURCE_WIDTHS = {"publisher": 40, "title": 80}


def _source_line(sign: str, source: SourceLine) -> str:
    return f"  {sign} " + source.text(lambda kind, text: _fit(text, _SOURCE_WIDTHS.get(kind, WIDTH)))


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


def render_changes(changes: ChangesSince) -> str:
    """Changes since a date: cells (then, now, the entries between, with their notes), members, sources
    added, then the other entries (members' texts, sources, events, the dataset information)."""
    out = [f"Changes since {changes.since} (from {time_words(changes.moment)}; "
           f"{plural(changes.entry_count, 'history entry', 'history entries')} since)"]
    if (note := coverage_note(changes.history_starts, changes.moment)) is not None:
        out.append(note)
    if changes.is_empty:
        out.append("No cell, member or source changed.")
    if changes.cells:
        out += ["", "Cells"]
        for cell in changes.cells:
            out += _cell_lines(cell.change)
            for entry in cell.entries:
                out.append(f"  {INDENT}{entry_ref(entry.id)} {time_words(entry.at)} {_fit(entry.by, 24)} "
                           f"{entry.action}: {entry_line(entry, VALUE_WIDTH)} [{', '.join(entry.sources)}]")
                if entry.note.strip():
                    out.append(f"  {INDENT}{INDENT}note: {_fit(entry.note)}")
    if changes.members:
        out += ["", "Members", *(_member_line(m) for m in changes.members)]
    if changes.sources_added:
        out += ["", "Sources added", *(_source_line("+", s) for s in changes.sources_added)]
    if changes.records:
        out += ["", "Other changes (members, sources, events, dataset information)"]
        for line in changes.records:
            out += _entry_lines(line, indent="  ")
    return "\n".join(out) + "\n"
