"""`history`, `diff` and `changes` as GitHub-flavoured Markdown.

Every piece of data text goes through the escaping of `formats.markdown` (`md_cell` in tables,
`md_inline` elsewhere), so data can neither break a table nor open a heading, link or HTML tag.
`changes_section` is the part the snapshot's "Changes since DATE" section embeds at any heading level.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from pledge_tui.dataset.catalogue import field_title, label
from pledge_tui.formats.changes_text import plural
from pledge_tui.formats.markdown import md_inline, table
from pledge_tui.views.changes import ChangesSince, HistoryLine
from pledge_tui.views.describe import coverage_note, entry_ref, entry_words, time_words, undo_words
from pledge_tui.views.diff import CellChange, DatasetDiff, MemberChange, state_words
from pledge_tui.views.present import SourceLine

NONE = "—"


def _table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    """A GFM table with a dash in an empty cell (`formats.markdown.table`)."""
    return table(header, rows, blank=NONE)


def _change_text(line: HistoryLine) -> str:
    """What an entry did, in full, a part per line (a table cell turns the line breaks into `<br>`)."""
    return "\n".join([*entry_words(line), *undo_words(line)])


def _entry_row(line: HistoryLine) -> list[str]:
    return [entry_ref(line.id), time_words(line.at), line.by, line.action, line.subject, _change_text(line),
            ", ".join(line.sources), line.note]


HISTORY_HEADER = ("#", "When", "Who", "Action", "Record", "Change", field_title("sources"), field_title("note"))


def render_history(lines: Sequence[HistoryLine], total: int) -> str:
    """History entries, newest first, as one table."""
    out = ["# History", "", f"{len(lines)} of {plural(total, 'history entry', 'history entries')} shown, "
           "newest first.", ""]
    out += _table(HISTORY_HEADER, (_entry_row(line) for line in lines)) if lines else ["No history entries."]
    return "\n".join(out) + "\n"


def _cell_row(change: CellChange, *, kind: bool = True) -> list[str]:
    return [f"{change.member_name} ({change.member_id})", change.type_label, *([change.kind] if kind else []),
            state_words(change.old, summary=change.old is not None),
            state_words(change.new, summary=change.new is not None)]


def _member_row(change: MemberChange) -> list[str]:
    return [f"{change.name} ({change.id})", change.role_label, change.kind]


def _source_row(source: SourceLine, kind: str | None = None) -> list[str]:
    row = [source.id, source.publisher, source.title, source.date, f"{source.tier} ({source.tier_label})",
           source.url]
    return [*row, kind] if kind else row


SOURCE_HEADER = (label("tables", "sources").capitalize(), *(field_title(f) for f in ("publisher", "title", "date",
                                                                                     "tier", "url")))


def render_diff(diff: DatasetDiff, old_name: str, new_name: str) -> str:
    """The differences as a document: a summary line, then a table per kind of record."""
    counts = ", ".join([plural(len(diff.cells), "cell"), plural(len(diff.members), "member"),
                        plural(len(diff.sources), "source"), plural(len(diff.events), "event")])
    out = ["# Differences", "", f"From {md_inline(old_name)} to {md_inline(new_name)}: "
           + ("no differences." if diff.is_empty else f"{counts} changed.")]
    if diff.cells:
        out += ["", "## Cells", "", *_table(("Member", "Type", "Change", "Then", "Now"), map(_cell_row, diff.cells))]
    if diff.members:
        out += ["", "## Members", "", *_table(("Member", "Role", "Change"), map(_member_row, diff.members))]
    if diff.sources:
        out += ["", "## Sources", "",
                *_table((*SOURCE_HEADER, "Change"), (_source_row(s.source, s.kind) for s in diff.sources))]
    if diff.events:
        rows = ([e.id, e.date, e.title, ", ".join(e.sources), e.kind] for e in diff.events)
        out += ["", "## Events", "", *_table(("Event", "Date", "Title", "Sources", "Change"), rows)]
    return "\n".join(out) + "\n"


def _entries_text(entries: Sequence[HistoryLine]) -> str:
    return "\n".join(f"{entry_ref(e.id)} {time_words(e.at)} {e.by}, {e.action} "
                     f"({', '.join(e.sources) or 'no source'})" + (f": {e.note}" if e.note.strip() else "")
                     for e in entries)


def _coverage(changes: ChangesSince) -> str:
    note = coverage_note(changes.history_starts, changes.moment)
    return f" {note}" if note else ""


def changes_section(changes: ChangesSince, level: int = 2) -> list[str]:
    """The "Changes since DATE" section (heading at `level`, subsections one below), as lines."""
    sub = "#" * (level + 1)
    out = [f"{'#' * level} Changes since {md_inline(changes.since)}", "",
           f"From {time_words(changes.moment)}: "
           f"{plural(changes.entry_count, 'history entry', 'history entries')}.{_coverage(changes)}"]
    if changes.is_empty:
        return [*out, "", "No cell, member or source changed."]
    if changes.cells:
        rows = ([*_cell_row(c.change, kind=False), _entries_text(c.entries)] for c in changes.cells)
        out += ["", f"{sub} Cells", "", *_table(("Member", "Type", "Then", "Now", "History"), rows)]
    if changes.members:
        out += ["", f"{sub} Members added or removed", "",
                *_table(("Member", "Role", "Change"), map(_member_row, changes.members))]
    if changes.sources_added:
        out += ["", f"{sub} Sources added", "", *_table(SOURCE_HEADER, map(_source_row, changes.sources_added))]
    if changes.records:
        out += ["", f"{sub} Other changes", "", "Members' texts, sources, events and the dataset information, "
                "oldest first.", "", *_table(HISTORY_HEADER, map(_entry_row, changes.records))]
    return out


def render_changes(changes: ChangesSince) -> str:
    """Changes since a date as a document of its own."""
    return "\n".join(changes_section(changes, level=1)) + "\n"
