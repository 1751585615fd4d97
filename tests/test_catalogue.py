"""The catalogue of words (dataset/catalogue.py): declared once, complete, and the words every format uses.

- Each checked label, title and glyph is spelled in one source file only: the catalogue.
- The catalogue names exactly the fields validation checks, and a field says the same words in every table.
- One change of every kind, rendered by every formatter (detail pane, timeline, `history` and `changes` as
  text and Markdown), is told with the describer's words (`views/describe.py`), which are the catalogue's.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Any

import pytest

from pledge_tui.dataset import catalogue, vocab
from pledge_tui.dataset.catalogue import ARROW, FIELDS, field_words
from pledge_tui.dataset.validate import SCHEMAS, UNDO_FIELDS
from pledge_tui.formats import changes_md, changes_text
from pledge_tui.ui.widgets.detail import CHANGE_WIDTH, format_card
from pledge_tui.views.browse import member_focus
from pledge_tui.views.cell_history import cell_histories
from pledge_tui.views.changes import HistoryLine, changes_since, history_lines
from pledge_tui.views.describe import REMOVED, change_words, entry_ref, notable_changes, time_words
from pledge_tui.views.fields import FieldChange
from pledge_tui.views.timeline import WHAT_WIDTH, timeline_rows
from tests import factories as F
from tests.history_factory import Editor

SRC = Path(__file__).resolve().parents[1] / "src" / "pledge_tui"
CATALOGUE = SRC / "dataset" / "catalogue.py"

WORDS = ("lead nation", "Paris summit", "stated on", "National approval", "not disclosed", "as recorded at",
         "newest source", "by the month they were said", "otherwise changed", "Δ")
"""Labels and titles that readers meet in many places and that once disagreed (issue 26)."""
GLYPHS = tuple(t.glyph for t in catalogue.STATUSES.terms)


def _literals(path: Path) -> list[str]:
    """Every string literal of a module (f-strings' fixed parts included), docstrings left out."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                docstrings.add(id(first.value))
    for node in ast.walk(tree):  # an attribute's docstring: a string statement right after an assignment
        body = getattr(node, "body", None)
        if isinstance(body, list):
            for statement in body:
                if isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant):
                    docstrings.add(id(statement.value))
    return [node.value for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings]


def _spells(literal: str, word: str) -> bool:
    if word in GLYPHS:
        # The not-disclosed glyph "·" is also the separator " · " of the browser's lines: a literal spells
        # the glyph when it is the glyph, alone or with the lead mark; the other glyphs anywhere.
        return literal in (word, word + catalogue.LEAD.glyph) if word == "·" else word in literal
    return word.casefold() in literal.casefold()


@pytest.mark.parametrize("word", [*WORDS, *GLYPHS])
def test_each_word_and_glyph_is_spelled_in_the_catalogue_only(word: str) -> None:
    spelled = sorted(str(path.relative_to(SRC)) for path in SRC.rglob("*.py")
                     if any(_spells(literal, word) for literal in _literals(path)))
    assert spelled == ["dataset/catalogue.py"], f"{word!r} is spelled in {spelled}"


def test_the_literal_check_can_fail(tmp_path: Path) -> None:
    probe = tmp_path / "probe.py"
    probe.write_text('"""Says lead nation in a docstring only."""\nX = f"({n}) Stated on"\nY = " · "\nZ = "·*"\n',
                     encoding="utf-8")
    literals = _literals(probe)
    assert not any(_spells(literal, "lead nation") for literal in literals)
    assert any(_spells(literal, "stated on") for literal in literals)
    assert [literal for literal in literals if _spells(literal, "·")] == ["·*"]


# --- the catalogue is complete and agrees with validation ---------------------------------------------


def _schema_fields(table: str) -> set[str]:
    if table == "history":
        return set(UNDO_FIELDS)
    fields = set(SCHEMAS[2][table])
    if table == "meta":
        fields.remove("reported_commitments")
        fields |= {f"reported_commitments.{name}" for name in ("count", "date", "note", "sources")}
    return fields


@pytest.mark.parametrize("table", [*SCHEMAS[2]])
def test_the_catalogue_names_the_fields_validation_checks(table: str) -> None:
    assert {f.name for f in FIELDS if f.table == table} == _schema_fields(table)


def test_a_field_says_the_same_words_in_every_table() -> None:
    words: dict[str, set[str]] = {}
    for f in FIELDS:
        words.setdefault(f.name, set()).add(f.words)
    assert {name: w for name, w in words.items() if len(w) > 1} == {}


def test_the_slugs_of_vocab_are_the_catalogue_s() -> None:
    assert catalogue.TYPES.slugs == vocab.TYPES and catalogue.CONDITIONS.slugs == vocab.CONDITIONS
    assert catalogue.STATUSES.slugs == vocab.STATUSES and vocab.STATUSES[:-1] == vocab.STORED_STATUSES
    derived = (vocab.ROLES, vocab.APPROVALS, vocab.ATTENDANCE, vocab.TIERS, vocab.SORTS)
    assert tuple(catalogue.VOCABULARIES[v].slugs for v in ("roles", "approvals", "attendance", "tiers", "sorts")) \
        == derived


def test_every_value_can_be_told_apart() -> None:
    for vocabulary in catalogue.VOCABULARIES.values():
        labels = [t.label for t in vocabulary.terms]
        assert all(labels) and len(set(labels)) == len(labels), vocabulary.name
    statuses = catalogue.STATUSES.terms
    assert len({t.glyph for t in statuses}) == len({t.ascii_glyph for t in statuses}) == len(statuses)
    assert all(t.ascii_glyph.isascii() and t.meaning for t in statuses)
    assert len({t.short for t in catalogue.TYPES.terms}) == len(catalogue.TYPES.terms)
    assert max(len(t.short) for t in catalogue.TYPES.terms) <= 4  # the 5-cell columns of the matrix


# --- one change of every kind, through every formatter -------------------------------------------------


def _story() -> Any:
    """One entry per kind of change: a record created and removed, a status move, a value moved, a prose
    field changed, a field that came and one that went, list items (ids, prose) added and removed, an undo."""
    ed = Editor()
    ed.set("PL", "air-patrol", status="considering", note="Created.")  # a record created: fields that came
    ed.set("PL", "air-patrol", status="conditional", conditions=["ceasefire"], lead=True,
           quantity="two frigates", stated_on="2026-04")  # a status move, values moved
    ed.set("PL", "air-patrol", summary="Reworded summary.", cite=("S1", "S2"))  # prose changed
    doc = ed.current("commitments", "PL/air-patrol")
    assert doc is not None
    del doc["quantity"]  # a field that went (a hand-trimmed record)
    ed.record("set", "commitments", "PL/air-patrol", doc)
    ed.edit_member("PL", caveats=["Needs a vote."], approval="obtained", summit_2025_09_04="in-person",
                   sources=["S1", "S2"])  # prose and id lists, slugs of three vocabularies
    undone = ed.set("PL", "logistics", lead=False)
    ed.undo(undone)
    ed.unset("PL", "air-patrol")  # a record removed
    return F.dataset(ed.raw)


def _changes(line: HistoryLine) -> tuple[FieldChange, ...]:
    return notable_changes(line)


def test_the_story_has_a_change_of_every_kind() -> None:
    lines = history_lines(_story())
    changes = [c for line in lines for c in _changes(line)]
    assert any(c.old is None for c in changes) and any(c.new is None for c in changes)
    assert any(c.is_text and c.old and c.new and not c.added for c in changes)
    assert any(c.added and c.is_text for c in changes) and any(c.added and not c.is_text for c in changes)
    assert any(line.created for line in lines) and any(line.removed for line in lines)
    assert any(line.undoes is not None for line in lines)
    assert {c.field for c in changes} >= {"conditions", "lead", "quantity", "stated_on", "summary", "caveats",
                                         "approval", "summit_2025_09_04", "sources"}


def _plain_markdown(text: str) -> str:
    return text.replace("\\", "").replace("<br>", "\n")


def test_every_formatter_tells_every_change_with_the_catalogue_s_words() -> None:
    dataset = _story()
    lines = history_lines(dataset)
    text = changes_text.render_history(lines, len(lines))
    markdown = _plain_markdown(changes_md.render_history(lines, len(lines)))
    rows = {row.ref: row for row in timeline_rows(dataset) if row.kind == "change"}
    pane = format_card(member_focus(dataset, dataset.member("PL"), "air-patrol"), None,
                       cell_histories(dataset, "PL", limit=100)).plain
    since = changes_text.render_changes(changes_since(dataset, "2026-01-01"))
    for line in lines:
        row = rows[entry_ref(line.id)]
        assert time_words(line.at) in text and time_words(line.at) in markdown and row.when == time_words(line.at)
        for change in _changes(line):
            words = field_words(change.field)
            short = change_words(change, changes_text.VALUE_WIDTH)
            full = change_words(change)
            assert all(w.startswith(words) for w in (*short, *full))  # the catalogue's words of the field
            assert all(w in text for w in short), (line.id, short)
            assert all(w in markdown for w in full), (line.id, full)
            assert all(w in row.details for w in full), (line.id, full, row.details)
            if not (line.created or line.removed):  # a whole record: the row names it, not its fields
                assert all(w in row.what for w in change_words(change, WHAT_WIDTH)), (line.id, row.what)
            if line.table == "commitments":
                assert all(w in pane for w in change_words(change, CHANGE_WIDTH)), (line.id, pane)
                if line.id in {e.id for c in changes_since(dataset, "2026-01-01").cells for e in c.entries}:
                    assert all(w in since for w in short)
            if change.new is None:
                assert short == [f"{words} {REMOVED}"] and full == [f"{words} {REMOVED} (was: {change.old})"]
            elif change.old is not None and not change.added and not change.removed and not change.is_text:
                assert full == [f"{words}: {change.old} {ARROW} {change.new}"]


def test_a_removed_field_reads_the_same_in_the_pane_the_timeline_and_markdown() -> None:
    dataset = _story()
    trimmed = next(line for line in history_lines(dataset)
                   if any(c.field == "quantity" and c.new is None for c in line.changes) and not line.removed)
    rows = {row.ref: row for row in timeline_rows(dataset)}
    pane = format_card(member_focus(dataset, dataset.member("PL"), "air-patrol"), None,
                       cell_histories(dataset, "PL", limit=100)).plain
    assert "quantity removed (was: two frigates)" in rows[entry_ref(trimmed.id)].details
    assert "quantity removed (was: two frigates)" in _plain_markdown(changes_md.render_history((trimmed,), 1))
    assert re.search(r"quantity removed(?! \()", pane)
    assert "(none)" not in "".join(rows[entry_ref(trimmed.id)].details)
