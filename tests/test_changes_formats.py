"""The table, JSON and Markdown formats of `history`, `changes` and `diff`: content, and hostile text
in every field kept inert (no control character reaches a terminal; no Markdown structure from data)."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token

from pledge_tui.dataset.model import Dataset, LoadedDataset
from pledge_tui.formats import changes_json, changes_md, changes_text, snapshot
from pledge_tui.formats.markdown import NODE_BREAK
from pledge_tui.sanitize import has_visible_text
from pledge_tui.views.changes import changes_since, history_lines
from pledge_tui.views.diff import diff_datasets
from pledge_tui.views.filters import Filter
from tests import factories as F
from tests.history_factory import Editor, corrections_story
from tests.hostile import FORBIDDEN_IN_DISPLAY, HOSTILE

MD = MarkdownIt("commonmark").enable("table")


def _hostile_story(text: str) -> tuple[Dataset, Dataset]:
    """Before and after a history in which every field written holds `text` (plus an `x` when it shows
    nothing: validation refuses text made only of invisible characters)."""
    text = text if has_visible_text(text) else f"{text}x"
    ed = Editor(by="x")
    before = F.dataset(ed.raw)
    line = " ".join(text.split()) or "x"  # one-line fields must stay one line to validate
    ed.add_source("S4", publisher=line, title=text, url="https://example.org/" + re.sub(r"\s", "", text[:30]))
    ed.set("PL", "air-patrol", status="pledged", summary=text, quantity=text, note=text, by=line,
           cite=("S4",))
    ed.add_member("NO", line, stance=line, caveats=[text])
    ed.set("NO", "backstop", summary=text, conditions=["ceasefire"])
    ed.add_event("E3", title=line, summary=text)
    ed.set("PL", "logistics", summary=text, lead=False, note=text)
    ed.edit_member("PL", stance=line, caveats=[text, text])
    return before, F.dataset(ed.raw)


def _outputs(before: Dataset, after: Dataset) -> dict[str, str]:
    lines = history_lines(after)
    changes = changes_since(after, "2026-01-01")
    diff = diff_datasets(before, after)
    return {
        "history table": changes_text.render_history(lines, len(after.history)),
        "history md": changes_md.render_history(lines, len(after.history)),
        "history json": changes_json.render_history(lines),
        "changes table": changes_text.render_changes(changes),
        "changes md": changes_md.render_changes(changes),
        "changes json": changes_json.render_changes(changes),
        "diff table": changes_text.render_diff(diff, "old.json", "new.json"),
        "diff md": changes_md.render_diff(diff, "old.json", "new.json"),
        "diff json": changes_json.render_diff(diff, "old.json", "new.json"),
        "snapshot since md": _snapshot_body(after, brief=False),
        "snapshot brief since md": _snapshot_body(after, brief=True),
    }


def _snapshot(after: Dataset, *, brief: bool) -> str:
    return snapshot.render_snapshot(LoadedDataset(after, "data.json", "0" * 64), Filter(), "name",
                                    datetime(2026, 12, 1, tzinfo=UTC), since="2026-01-01", brief=brief)


def _snapshot_body(after: Dataset, *, brief: bool) -> str:
    """The snapshot's Markdown between the front matter and the sources (whose addresses are links)."""
    text = _snapshot(after, brief=brief)
    return text[text.index("\n---\n", 3) + 5: text.index("\n## Sources\n")]


def _inline_children(tokens: list[Token]) -> set[str]:
    return {child.type for token in tokens for child in token.children or []}


def _table_shapes(tokens: list[Token]) -> list[set[int]]:
    """Per table, the set of cell counts of its rows (parsed)."""
    shapes: list[set[int]] = []
    count = 0
    for token in tokens:
        if token.type == "table_open":
            shapes.append(set())
        elif token.type == "tr_open":
            count = 0
        elif token.type in ("th_open", "td_open"):
            count += 1
        elif token.type == "tr_close":
            shapes[-1].add(count)
    return shapes


def _blocks(tokens: list[Token]) -> list[str]:
    return [f"{t.type}:{t.tag}" for t in tokens if t.type.endswith("_open") and t.type.split("_")[0] in
            ("heading", "table", "bullet", "ordered", "blockquote", "code", "fence", "html")]


PLAIN = _outputs(*_hostile_story("plain text"))


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_text_in_every_field_stays_inert(text: str) -> None:
    outputs = _outputs(*_hostile_story(text))
    for name, output in outputs.items():
        if name.endswith("json"):
            assert json.loads(output)  # loads back
            assert not any(ch in output for ch in FORBIDDEN_IN_DISPLAY), name
            continue
        bad = [ch for ch in FORBIDDEN_IN_DISPLAY if ch in output]
        assert not bad, (name, bad)
        if name.endswith("table"):
            # one record per block of lines: the hostile text adds no line of its own
            assert len(output.splitlines()) == len(PLAIN[name].splitlines()), name
            continue
        tokens = MD.parse(output)
        plain_tokens = MD.parse(PLAIN[name])
        in_order: Any = sorted if name.startswith("snapshot") else list  # a snapshot orders members by name
        assert in_order(_blocks(tokens)) == in_order(_blocks(plain_tokens)), name
        assert in_order(map(sorted, _table_shapes(tokens))) == in_order(map(sorted, _table_shapes(plain_tokens))), name
        assert all(len(shape) == 1 for shape in _table_shapes(tokens)), name
        assert _inline_children(tokens) <= {"text", "html_inline", "softbreak"}, (name, _inline_children(tokens))
        html = [c.content for t in tokens for c in t.children or [] if c.type == "html_inline"]
        assert set(html) <= {"<br>", NODE_BREAK}, html


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
@pytest.mark.parametrize("brief", [False, True])
def test_the_snapshot_with_a_changes_section_keeps_its_front_matter_and_sections(text: str, brief: bool) -> None:
    full = _snapshot(_hostile_story(text)[1], brief=brief)
    end = full.index("\n---\n", 3)
    front = yaml.safe_load(full[4:end])
    assert (front["since"], front["form"]) == ("2026-01-01", "brief" if brief else "full")
    tokens = MD.parse(full[end + 5:])
    h2 = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open" and t.tag == "h2"]
    assert h2 == ["Summary by type", "Matrix", "Changes since 2026-01-01",
                  *(["Commitments"] if brief else ["Members"]), "Commitments by the month they were said", "Timeline",
                  "Sources"]


def test_json_round_trips_the_values() -> None:
    before, after = _hostile_story("ü | \"quote\" 🇺🇦 \u202eRTL")
    data = json.loads(changes_json.render_history(history_lines(after)))
    assert data[-1]["after"]["publisher"] == "ü | \"quote\" 🇺🇦 \u202eRTL"  # the stored record, exactly
    assert "\\u202e" in changes_json.render_history(history_lines(after))
    diff = json.loads(changes_json.render_diff(diff_datasets(before, after), "a", "b", pretty=True))
    assert {c["member"] + "/" + c["type"] for c in diff["cells"]} == {"NO/backstop", "PL/air-patrol",
                                                                     "PL/logistics"}


def test_history_table_reads_as_a_log() -> None:
    text = PLAIN["history table"]
    history = _hostile_story("plain text")[1].history
    first_line = f"{history[-1].id}  recorded 2026-03-10 09:00 UTC  x  edit-member  Poland (PL)"
    assert text.splitlines()[0].startswith(first_line)
    assert f"{history[-2].id}  recorded 2026-03-10 09:00 UTC · said 2026-01-06  x  set  Poland (PL), Logistics" in text
    assert "      not disclosed → pledged; summary: plain text; quantity: plain text" in text
    assert text.endswith("7 history entries shown of 7\n")


def test_diff_table_sections() -> None:
    text = PLAIN["diff table"]
    assert text.startswith("old.json → new.json: 3 cells, 2 members, 1 source, 1 event changed\n")
    for heading in ("\nCells\n", "\nMembers\n", "\nSources\n", "\nEvents\n"):
        assert heading in text
    assert "  + plain text (NO), member" in text
    assert "  Poland (PL), Logistics: lead nation: yes → no; wording (summary)\n" in text  # what moved, first
    assert "        then: pledged, lead nation; now: pledged\n" in text
    assert "  ~ Poland (PL): wording (stance, caveats)\n        stance was: Poland stance.\n" in text


def test_changes_markdown_names_the_window_and_the_entries() -> None:
    text = PLAIN["changes md"]
    assert text.startswith("# Changes since 2026-01-01\n\nRecorded from 2026-01-01 00:00 UTC: 7 history entries.")
    assert "History begins at 2026-03-10 09:00 UTC" in text
    assert "## Cells" in text and "## Members" in text and "## Sources" in text and "## Events" in text
    assert "| Poland (PL) | Logistics | lead nation: yes → no<br>wording (summary)<br>summary was: " in text
    sixth = _hostile_story("plain text")[1].history[5].id
    assert f"{sixth} recorded 2026-03-10 09:00 UTC · said 2026-01-06, x, set (S1): plain text |" in text
    section = changes_md.changes_section(changes_since(_hostile_story("plain")[1], "2026-01-01"), level=2)
    assert section[0] == "## Changes since 2026-01-01" and "### Cells" in section


def test_empty_outputs_say_so() -> None:
    dataset = F.dataset()
    assert changes_text.render_diff(diff_datasets(dataset, dataset), "a", "b") == "a → b: no differences\n"
    assert "no differences." in changes_md.render_diff(diff_datasets(dataset, dataset), "a", "b")
    changes = changes_since(dataset, "2026-01-01")
    assert "no history yet" in changes_text.render_changes(changes)
    assert "Nothing changed." in changes_md.render_changes(changes) and "Nothing changed." in \
        changes_text.render_changes(changes)
    assert changes_text.render_history((), 0) == "0 history entries shown of 0\n"
    assert "No history entries." in changes_md.render_history((), 0)
    empty: Any = json.loads(changes_json.render_changes(changes))
    assert empty["cells"] == [] and empty["history_starts"] is None


def test_changes_lists_every_record_with_its_entries_and_notes_in_each_format() -> None:
    dataset = F.dataset(corrections_story().raw)
    changes = changes_since(dataset, "2026-03-12")
    text = changes_text.render_changes(changes)
    _, _, members = text.partition("\nMembers\n")
    assert "  ~ United States (US): wording (stance)\n" in members
    eighth = dataset.history[7].id
    assert f"{eighth} recorded 2026-03-13 10:00 UTC · analyst, edit-member: stance changed [S2]\n" in members
    assert "note: Reworded." in members
    _, _, sources = text.partition("\nSources\n")
    assert "tier: official text → aggregator or weak source" in sources and "note: Only a summary was read." in sources
    markdown = changes_md.render_changes(changes)
    assert "## Members" in markdown and "Only a summary was read." in markdown
    data = json.loads(changes_json.render_changes(changes))
    (member,) = data["members"]
    assert (member["change"], member["kinds"], [c["new"] for c in member["changes"]]) == ("changed", ["wording"],
                                                                                       ["Partner."])
    assert [(e["action"], e["sources"], e["note"]) for e in member["entries"]] == [("edit-member", ["S2"],
                                                                                    "Reworded.")]
    (source,) = data["sources"]
    assert [(c["field"], c["kind"], c["old"], c["new"]) for c in source["changes"]] == [("tier", "wording", "A",
                                                                                        "C")]
    assert [e["note"] for e in source["entries"]] == ["Only a summary was read."]


def test_a_cell_entry_note_is_shown_in_the_table_format() -> None:
    ed = Editor()
    ed.set("PL", "air-patrol", status="pledged", note="Said in Paris.")
    text = changes_text.render_changes(changes_since(F.dataset(ed.raw), "2026-03-01"))
    lines = text.splitlines()
    first = F.dataset(ed.raw).history[0].id
    entry = next(i for i, line in enumerate(lines) if line.strip().startswith(f"{first} "))
    assert lines[entry + 1].strip() == "note: Said in Paris."


_ESCAPABLE = st.text(st.sampled_from([*map(chr, changes_json._INERT), "a", "é", "\n", "\t", '"', "\\", "\x00", "—"]))


@settings(max_examples=300, deadline=None)
@given(value=st.recursive(st.none() | st.booleans() | st.integers() | _ESCAPABLE,
                          lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_ESCAPABLE, inner, max_size=4),
                          max_leaves=12),
       pretty=st.booleans())
def test_dumps_escapes_exactly_as_translating_every_character_did(value: Any, pretty: bool) -> None:
    """The JSON formats' escaping pass (a regular expression that substitutes only when an inert character is
    present) gives the bytes the earlier `str.translate` over the whole output gave."""
    old = json.dumps(value, ensure_ascii=False, indent=2 if pretty else None).translate(changes_json._INERT) + "\n"
    assert changes_json.dumps(value, pretty=pretty) == old
