"""`history`, `diff` and `changes` as GitHub-flavoured Markdown.

Every piece of data text goes through the escaping of `formats.markdown` (`md_cell` in tables,
`md_inline` elsewhere), so data can neither break a table nor open a heading, link or HTML tag.
`changes_section` is the part the snapshot's "Changes since DATE" section embeds at any heading level.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from pledge_tui.dataset.catalogue import BASELINE, field_title, label
from pledge_tui.formats.changes_text import plural
from pledge_tui.formats.markdown import md_inline, table
from pledge_tui.views.blame import BASELINE_WORDS, NOT_RECORDED_WORDS, Blame, BlameLine
from pledge_tui.views.changes import ChangesSince, HistoryLine
from pledge_tui.views.describe import (
    RECORDED,
    SAID,
    clock_words,
    coverage_note,
    entry_ref,
    entry_words,
    moved_words,
    time_words,
    undo_words,
    wording_lines,
)
from pledge_tui.views.diff import CellChange, DatasetDiff, MemberChange, state_words
from pledge_tui.views.fields import FieldChange
from pledge_tui.views.present import SourceLine
from pledge_tui.views.said import SaidSince

NONE = "—"


def _table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    """A GFM table with a dash in an empty cell (`formats.markdown.table`)."""
    return table(header, rows, blank=NONE)


def _change_text(line: HistoryLine) -> str:
    """What an entry did, in full, a part per line (a table cell turns the line breaks into `<br>`)."""
    return "\n".join([*entry_words(line), *undo_words(line)])


def _entry_row(line: HistoryLine) -> list[str]:
    return [entry_ref(line.id), time_words(line.at), line.said or "", line.by, line.action, line.subject,
            _change_text(line), ", ".join(line.sources), line.note]


HISTORY_HEADER = ("#", RECORDED.capitalize(), SAID.capitalize(), "Who", "Action", "Record", "Change",
                  field_title("sources"), field_title("note"))


def render_history(lines: Sequence[HistoryLine], total: int) -> str:
    """History entries, newest first, as one table."""
    out = ["# History", "", f"{len(lines)} of {plural(total, 'history entry', 'history entries')} shown, "
           "newest first.", ""]
    out += _table(HISTORY_HEADER, (_entry_row(line) for line in lines)) if lines else ["No history entries."]
    return "\n".join(out) + "\n"


def _moved(changes: Sequence[FieldChange]) -> str:
    """What moved, then the wording in full, a part per line (a table cell turns them into `<br>`)."""
    return "\n".join([*moved_words(changes), *wording_lines(changes)])


def _cell_row(change: CellChange) -> list[str]:
    moved = change.kind if change.kind != "changed" else _moved(change.changes)
    return [f"{change.member_name} ({change.member_id})", change.type_label, moved,
            state_words(change.old, summary=change.old is not None),
            state_words(change.new, summary=change.new is not None)]


def _member_row(change: MemberChange) -> list[str]:
    return [f"{change.name} ({change.id})", change.role_label,
            change.kind if change.kind != "changed" else _moved(change.changes)]


def _source_row(source: SourceLine, kind: str | None = None, changes: Sequence[FieldChange] = ()) -> list[str]:
    row = [source.id, source.publisher, source.title, source.date, f"{source.tier} ({source.tier_label})",
           source.url]
    return [*row, kind if kind != "changed" else _moved(changes)] if kind else row


SOURCE_HEADER = (label("tables", "sources").capitalize(), *(field_title(f) for f in ("publisher", "title", "date",
                                                                                     "tier", "url")))
CHANGE = "Change"


def _entries_text(entries: Sequence[HistoryLine]) -> str:
    return "\n".join(f"{entry_ref(e.id)} {clock_words(recorded=e.at, said=e.said)}, {e.by}, {e.action} "
                     f"({', '.join(e.sources) or 'no source'})" + (f": {e.note}" if e.note.strip() else "")
                     for e in entries)


Entries = Callable[[str, str], Sequence[HistoryLine]] | None
"""The entries that made a record's change, by (table, key), for `changes` (a History column); None for
`diff`."""


def _sections(diff: DatasetDiff, sub: str, entries: Entries = None) -> list[str]:
    """A table per kind of record; with `entries`, each row ends with the entries that made its change."""
    def history(table: str, key: str) -> list[str]:
        return [_entries_text(entries(table, key))] if entries is not None else []

    extra = ("History",) if entries is not None else ()
    out: list[str] = []
    if diff.cells:
        rows = ([*_cell_row(c), *history("commitments", c.key)] for c in diff.cells)
        out += ["", f"{sub} Cells", "", *_table(("Member", "Type", CHANGE, "Then", "Now", *extra), rows)]
    if diff.members:
        rows = ([*_member_row(m), *history("members", m.id)] for m in diff.members)
        out += ["", f"{sub} Members", "", *_table(("Member", "Role", CHANGE, *extra), rows)]
    if diff.sources:
        rows = ([*_source_row(s.source, s.kind, s.changes), *history("sources", s.source.id)] for s in diff.sources)
        out += ["", f"{sub} Sources", "", *_table((*SOURCE_HEADER, CHANGE, *extra), rows)]
    if diff.events:
        rows = ([e.id, e.date, e.title, ", ".join(e.sources), e.kind if e.kind != "changed" else _moved(e.changes),
                 *history("events", e.id)] for e in diff.events)
        out += ["", f"{sub} Events", "", *_table(("Event", "Date", "Title", "Sources", CHANGE, *extra), rows)]
    if diff.meta:
        meta_row = [_moved(diff.meta), *history("meta", "meta")]
        out += ["", f"{sub} {label('tables', 'meta').capitalize()}", "", *_table((CHANGE, *extra), [meta_row])]
    return out


def _counts(diff: DatasetDiff) -> str:
    words = [plural(n, noun) for noun, n in (("cell", len(diff.cells)), ("member", len(diff.members)),
                                               ("source", len(diff.sources)), ("event", len(diff.events)))]
    return ", ".join(words) + (f", the {label('tables', 'meta')}" if diff.meta else "")


def render_diff(diff: DatasetDiff, old_name: str, new_name: str) -> str:
    """The differences as a document: a summary line, then a table per kind of record, each change
    leading with what moved."""
    out = ["# Differences", "", f"From {md_inline(old_name)} to {md_inline(new_name)}: "
           + ("no differences." if diff.is_empty else f"{_counts(diff)} changed.")]
    out += _sections(diff, "##")
    return "\n".join(out) + "\n"


def _coverage(changes: ChangesSince) -> str:
    note = coverage_note(changes.history_starts, changes.moment)
    return f" {note}" if note else ""


def changes_section(changes: ChangesSince, level: int = 2) -> list[str]:
    """The "Changes since DATE" section (heading at `level`, subsections one below), as lines."""
    out = [f"{'#' * level} Changes since {md_inline(changes.since)}", "",
           f"{RECORDED.capitalize()} from {time_words(changes.moment)}: "
           f"{plural(changes.entry_count, 'history entry', 'history entries')}.{_coverage(changes)}"]
    if changes.is_empty:
        return [*out, "", "Nothing changed."]
    return [*out, "", f"{_counts(changes.diff)} changed.",
            *_sections(changes.diff, "#" * (level + 1), changes.entries_of)]


def render_changes(changes: ChangesSince) -> str:
    """Changes since a date as a document of its own."""
    return "\n".join(changes_section(changes, level=1)) + "\n"


def render_said(said: SaidSince) -> str:
    """The cells said since a date as a document: one table, both clocks as columns."""
    out = [f"# Said since {md_inline(said.since)}", "",
           f"The said clock: when a commitment was stated. {len(said.cells)} of "
           f"{plural(said.disclosed, 'disclosed cell')}, newest said first.", ""]
    rows = ([f"{c.member_name} ({c.member_id})", c.type_label, c.status_words, ", ".join(c.condition_labels), c.said,
             time_words(c.recorded) if c.recorded is not None else BASELINE,
             entry_ref(c.entry) if c.entry is not None else "", ", ".join(c.sources)] for c in said.cells)
    header = ("Member", "Type", field_title("status"), field_title("conditions"), SAID.capitalize(),
              RECORDED.capitalize(), "#", field_title("sources"))
    out += _table(header, rows) if said.cells else ["No cell was said since then."]
    return "\n".join(out) + "\n"


def _blame_row(line: BlameLine) -> list[str]:
    entry = line.entry
    if entry is None:
        return [line.label, line.value, BASELINE_WORDS if line.recorded else NOT_RECORDED_WORDS, "", "", "", ""]
    return [line.label, line.value, entry_ref(entry.id), clock_words(recorded=entry.at, said=entry.said), entry.by,
            ", ".join(entry.sources), entry.note]


def render_blame(blame: Blame) -> str:
    """Per value, the newest entry that set it, as tables (the member's fields, then its cells)."""
    header = ("Field", "Value", "#", "When", "Who", field_title("sources"), field_title("note"))
    out = [f"# Blame: {md_inline(blame.words)}", "", "The newest history entry that set each value.", ""]
    out += _table(header, map(_blame_row, blame.fields))
    if blame.cells:
        out += ["", "## Cells", "", *_table(("Type", "Status", *header[2:]), map(_blame_row, blame.cells))]
    return "\n".join(out) + "\n"
