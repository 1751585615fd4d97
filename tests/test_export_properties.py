"""Property tests: whatever text the data holds, the snapshot keeps its structure and says it literally.

Every text field of a one-member dataset (and the search filter) gets arbitrary text mixed with
known-hostile fragments. The snapshot must still load as YAML, parse into the same headings and
tables as a plain dataset, contain no HTML but `<br>` and no link the data made, and read back, once
parsed, as the cleaned original. Set PLEDGE_EXPORT_EXAMPLES (or PLEDGE_FUZZ_EXAMPLES) for more runs.
"""

from __future__ import annotations

import copy
import os
import re
from datetime import UTC, datetime
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token

from pledge_tui.dataset.model import LoadedDataset
from pledge_tui.dataset.validate import build_dataset
from pledge_tui.formats import snapshot as export
from pledge_tui.formats.markdown import NODE_BREAK
from pledge_tui.sanitize import clean_line, clean_text, has_visible_text
from pledge_tui.views.filters import Filter
from tests.history_factory import Editor

pytestmark = pytest.mark.fuzz

EXAMPLES = int(os.environ.get("PLEDGE_EXPORT_EXAMPLES", os.environ.get("PLEDGE_FUZZ_EXAMPLES", "150")))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
NOW = datetime(2026, 1, 1, tzinfo=UTC)
MD = MarkdownIt("commonmark").enable("table")
URLS = ("https://example.org/one", "https://example.org/two?a=1&b=2")

HOSTILE = [
    "|", "\\", "a\\", "\\|", "||", "\n", "\r\n", "\r", "\t", "<script>alert(1)</script>", "<br>", "<b>x</b>",
    "[x](y)", "![i](https://e.example/x.png)", "<https://evil.example>", "[ref]: https://evil.example",
    "# heading", "## h", "---", "***", "___", "===", "```", "~~~", "    indented", "&amp;", "&#124;", "&lt;",
    "*a*", "_b_", "**c**", "~~d~~", "$e$", "`f|g`", "\x1b[2J", "\x1b]8;;https://x\x07", "\x9b", "\x00", "\x7f",
    '"', "'", ":", ": ", "#", " #", "- item", "+ item", "1. item", "2) item", "> quote", "[ ] task", "\\\n",
    "Türkiye", "Česko", "🇺🇦", "\u2028", "\u2029", "\u202e", "\ufeff", "\u00a0", "\x85", "%", "@", "{a: 1}",
]

text = st.lists(st.one_of(st.sampled_from(HOSTILE), st.text(max_size=12)), min_size=1, max_size=6).map("".join)
required = text.map(lambda s: s if has_visible_text(s) else s + "x")  # something visible (validation)
one_line = required.map(lambda s: s.replace("\r", " ").replace("\n", " "))
"""The validator wants these fields non-empty, and some on one line; the rest is left hostile."""

_BREAKS = re.compile("\r\n|[\r\u2028\u2029]")


def norm(value: str) -> str:
    """What the snapshot promises to keep of a text: line breaks unified, control characters gone."""
    return clean_text(_BREAKS.sub("\n", value))


def one_line_norm(value: str) -> str:
    """The same, for text outside tables, where line breaks and tabs become spaces."""
    return norm(value).replace("\n", " ").replace("\t", " ").strip()


@st.composite
def datasets(draw: st.DrawFn) -> dict[str, Any]:
    """A raw one-member dataset with hostile text in every text field."""
    summary = draw(required)
    return {
        "meta": {"1": {"schema_version": 1, "title": draw(one_line), "as_of": "2025-12-01", "summary": draw(required),
                       "reported_commitments": {"count": 26, "date": "2025-09-04", "sources": ["S1"],
                                                "note": draw(required)}}},
        "sources": {"1": {"id": "S1", "publisher": draw(one_line), "title": draw(required), "date": "2025-09",
                          "url": URLS[0], "tier": "A"},
                    "2": {"id": "S2", "publisher": draw(one_line), "title": draw(required), "date": "2025",
                          "url": URLS[1], "tier": "C"}},
        "members": {"1": {"id": "XX", "name": draw(one_line), "role": "member", "eu": True, "nato": False,
                          "stance": draw(one_line), "caveats": [draw(required), draw(required)],
                          "approval": "unknown", "summit_2025_09_04": "video", "sources": ["S1"]}},
        "commitments": {"1": {"member": "XX", "type": "air-patrol", "status": "pledged", "summary": summary,
                              "conditions": ["ceasefire"], "lead": True, "quantity": draw(required),
                              "stated_on": "2025-09", "sources": ["S1", "S2"]}},
        "events": {"1": {"date": "2025-09-04", "title": draw(one_line), "summary": draw(required),
                         "sources": ["S2"]}},
    }


PLAIN = {
    "meta": {"1": {"schema_version": 1, "title": "Title", "as_of": "2025-12-01", "summary": "Summary.",
                   "reported_commitments": {"count": 26, "date": "2025-09-04", "sources": ["S1"], "note": "Note."}}},
    "sources": {"1": {"id": "S1", "publisher": "P1", "title": "T1", "date": "2025-09", "url": URLS[0], "tier": "A"},
                "2": {"id": "S2", "publisher": "P2", "title": "T2", "date": "2025", "url": URLS[1], "tier": "C"}},
    "members": {"1": {"id": "XX", "name": "Name", "role": "member", "eu": True, "nato": False, "stance": "Stance",
                      "caveats": ["One.", "Two."], "approval": "unknown", "summit_2025_09_04": "video",
                      "sources": ["S1"]}},
    "commitments": {"1": {"member": "XX", "type": "air-patrol", "status": "pledged", "summary": "Summary.",
                          "conditions": ["ceasefire"], "lead": True, "quantity": "Some.", "stated_on": "2025-09",
                          "sources": ["S1", "S2"]}},
    "events": {"1": {"date": "2025-09-04", "title": "Event", "summary": "Happened.", "sources": ["S2"]}},
}


def render(raw: dict[str, Any], f: Filter) -> str:
    dataset, problems = build_dataset(copy.deepcopy(raw))
    assert dataset is not None, problems
    return export.render_snapshot(LoadedDataset(dataset, "fixture.json", "0" * 64), f, "name", NOW)


def split(snapshot: str) -> tuple[dict[str, Any], str]:
    assert snapshot.startswith("---\n")
    end = snapshot.index("\n---\n", 3)
    front = yaml.safe_load(snapshot[4:end])
    assert isinstance(front, dict)
    return front, snapshot[end + len("\n---\n"):]


def shape(tokens: list[Token]) -> list[tuple[str, str]]:
    """The block structure: every block token's type and tag, in order (inline content left out)."""
    return [(t.type, t.tag) for t in tokens if t.type != "inline"]


def inline_text(token: Token) -> str:
    out = []
    for child in token.children or []:
        if child.type == "html_inline":
            out.append("\n" if child.content == "<br>" else "")  # the other: NODE_BREAK, which shows nothing
        elif child.type == "text":
            out.append(child.content)
    return "".join(out)


def table_cells(tokens: list[Token]) -> list[list[list[str]]]:
    result: list[list[list[str]]] = []
    in_cell = False
    for token in tokens:
        if token.type == "table_open":
            result.append([])
        elif token.type == "tr_open":
            result[-1].append([])
        elif token.type in ("th_open", "td_open", "th_close", "td_close"):
            in_cell = token.type.endswith("_open")
        elif token.type == "inline" and in_cell:
            result[-1][-1].append(inline_text(token))
    return result


def bullet_items(tokens: list[Token]) -> list[str]:
    """The text of every bullet-list item (the caveats are the snapshot's only bullet list)."""
    items, depth = [], 0
    for token in tokens:
        depth += {"bullet_list_open": 1, "bullet_list_close": -1}.get(token.type, 0)
        if depth and token.type == "inline":
            items.append(inline_text(token))
    return items


def raw_cell_counts(body: str, tokens: list[Token]) -> list[set[int]]:
    """Per table, the set of cell counts of its raw rows, split on unescaped pipes as GFM does."""
    lines = body.split("\n")
    counts = []
    for token in tokens:
        if token.type == "table_open" and token.map is not None:
            rows = lines[token.map[0]: token.map[1]]
            counts.append({len(re.split(r"(?<!\\)\|", r.strip().removeprefix("|").removesuffix("|"))) for r in rows})
    return counts


PLAIN_TOKENS = MD.parse(split(render(PLAIN, Filter(search="Stance")))[1])


def assert_inline_is_literal(tokens: list[Token]) -> None:
    """No inline construct came from data: only text, `<br>`, and the two source autolinks."""
    links = []
    for token in tokens:
        for child in token.children or []:
            assert child.type in ("text", "html_inline", "link_open", "link_close"), child
            if child.type == "html_inline":
                assert child.content in ("<br>", NODE_BREAK), child.content
            if child.type == "link_open":
                links.append(child.attrGet("href"))
    assert [h.replace("&amp;", "&") if isinstance(h, str) else h for h in links] == list(URLS)


@SETTINGS
@given(datasets())
def test_hostile_text_keeps_structure_and_reads_back(raw: dict[str, Any]) -> None:
    stance = raw["members"]["1"]["stance"]
    snapshot = render(raw, Filter(search=stance))  # the member's own stance always matches
    assert snapshot.endswith("\n") and "\r" not in snapshot
    front, body = split(snapshot)
    tokens = MD.parse(body)

    # front matter: valid YAML, the text round-trips
    assert front["title"] == norm(raw["meta"]["1"]["title"])
    assert front["filters"]["search"] == norm(stance)
    assert front["members_shown"] == 1 and front["generated_at"] == "2026-01-01T00:00:00Z"

    # structure: the same blocks as a plain dataset; every table's rows have one cell count
    assert shape(tokens) == shape(PLAIN_TOKENS)
    assert all(len(counts) == 1 for counts in raw_cell_counts(body, tokens))
    assert all(len({len(row) for row in table}) == 1 for table in table_cells(tokens))

    # no HTML but <br>, no link but the sources' own addresses
    assert_inline_is_literal(tokens)
    html = MD.render(body)
    assert "<script" not in html and "<img" not in html and "<code" not in html and "<em" not in html
    assert html.count("<a ") == len(URLS)

    # the text reads back as the cleaned original
    _, matrix, commitments, _said, timeline = table_cells(tokens)
    member, record, event = raw["members"]["1"], raw["commitments"]["1"], raw["events"]["1"]
    assert commitments[1][2] == norm(record["summary"]).strip()
    assert commitments[1][3] == (norm(record["quantity"]).strip() or "—")  # nothing left to show: a dash
    assert matrix[1][0] == norm(f"{member['name']} (XX)").strip()
    assert timeline[1][1:3] == [norm(event["title"]).strip(), norm(event["summary"]).strip()]
    headings = {t.tag: inline_text(tokens[i + 1]) for i, t in enumerate(tokens) if t.type == "heading_open"}
    assert headings["h1"] == one_line_norm(raw["meta"]["1"]["title"])
    assert headings["h3"] == f"{one_line_norm(member['name'])} (XX)".strip()
    paragraphs = [inline_text(t) for t in tokens if t.type == "inline"]
    assert ("Stance: " + one_line_norm(stance)).strip() in paragraphs
    assert bullet_items(tokens) == [one_line_norm(c) or "—" for c in member["caveats"]]
    publisher = one_line_norm(raw["sources"]["1"]["publisher"])
    title = one_line_norm(raw["sources"]["1"]["title"])
    assert f'[S1] {publisher}, "{title}", 2025-09, tier A (official text). {URLS[0]}' in paragraphs


@SETTINGS
@given(text)
def test_hostile_search_text_is_stated_safely(search: str) -> None:
    snapshot = render(PLAIN, Filter(search="\u2603" + search))  # a snowman is in no field: no member is shown
    front, body = split(snapshot)
    assert front["filters"]["search"] == norm("\u2603" + search)
    assert front["members_shown"] == 0
    tokens = MD.parse(body)
    assert [t.tag for t in tokens if t.type == "heading_open"] == ["h1", "h2", "h2", "h2", "h2", "h2", "h2"]
    assert all(len(counts) == 1 for counts in raw_cell_counts(body, tokens))
    assert_inline_is_literal(tokens)
    shown = one_line_norm("\u2603" + search)
    line = next(inline_text(t) for t in tokens if t.type == "inline" and t.content.startswith("Filter:"))
    assert line == f'Filter: search: "{shown}". Sort: name. 0 of 1 member shown.'


def _stored_in_reverse(raw: dict[str, Any]) -> dict[str, Any]:
    """The same data with the members, sources and commitments stored in the opposite order, renumbered
    (events keep theirs: same-date events are listed in the order stored, by design)."""
    out = copy.deepcopy(raw)
    for table in ("members", "sources", "commitments"):
        out[table] = {str(n): doc for n, doc in enumerate(reversed(list(out[table].values())), start=1)}
    return out


@SETTINGS
@given(datasets())
def test_rendering_does_not_depend_on_the_order_documents_are_stored_in(raw: dict[str, Any]) -> None:
    """With tests/test_export.py's renders under three hash seeds (separate processes), this is what makes a
    snapshot deterministic: nothing in it follows how a file happens to store or number its documents."""
    f = Filter(search=raw["members"]["1"]["stance"])
    assert render(_stored_in_reverse(raw), f) == render(raw, f)


@SETTINGS
@given(st.text())
def test_cell_and_inline_escaping_round_trip(value: str) -> None:
    cell = MD.parse(f"| h |\n| --- |\n| {export.md_cell(value)} |\n")
    cells = table_cells(cell)
    assert len(cells) == 1 and len(cells[0]) == 2 and len(cells[0][1]) == 1
    assert cells[0][1][0] == norm(value).strip()
    if not one_line_norm(value):
        assert export.md_inline(value) == ""
        return
    expected = {"": ["paragraph_open"], "- ": ["bullet_list_open", "list_item_open", "paragraph_open"],
                "# ": ["heading_open"], "Stance: ": ["paragraph_open"]}
    for prefix, blocks in expected.items():
        tokens = MD.parse(prefix + export.md_inline(value) + "\n")
        assert [t.type for t in tokens if t.type.endswith("_open")] == blocks, (prefix, value)
        inline = [t for t in tokens if t.type == "inline"]
        assert [inline_text(t) for t in inline] == [(prefix if prefix == "Stance: " else "") + one_line_norm(value)]


@SETTINGS
@given(st.text())
def test_yaml_string_round_trips(value: str) -> None:
    assert yaml.safe_load(f"k: {export.yaml_string(value)}\n") == {"k": norm(value)}


# --- the brief form and the changes section (README "What changed") ------------------------------------------------

URL_S3 = "https://example.org/three"


def with_history(raw: dict[str, Any], words: dict[str, str]) -> dict[str, Any]:
    """`raw` as schema version 2, then edited after 2026-03-10 with `words` in every field written: the
    member's record reworded (by, note), a member YY added with a record, a source S3 added."""
    raw = copy.deepcopy(raw)
    raw["meta"]["1"]["schema_version"] = 2
    raw["events"]["1"]["id"] = "E1"
    raw["history"] = {}
    ed = Editor(raw, by=words["by"])
    ed.set("XX", "air-patrol", summary=words["summary"], note=words["note"])
    ed.add_member("YY", words["name"], stance=words["name"], caveats=[words["summary"]] * 2)  # as XX: same shape
    ed.set("YY", "backstop", summary=words["summary"], note=words["note"], by=words["by"])
    ed.add_source("S3", publisher=words["name"], title=words["summary"], url=URL_S3)
    return ed.raw


PLAIN_WORDS = {"by": "Analyst", "summary": "Reworded.", "note": "Why.", "name": "Norway"}


@st.composite
def histories(draw: st.DrawFn) -> tuple[dict[str, Any], dict[str, str]]:
    raw = draw(datasets())
    words = {"by": draw(one_line), "summary": draw(required), "note": draw(text), "name": draw(one_line)}
    assume(words["summary"] != raw["commitments"]["1"]["summary"])  # a change that changes nothing is refused
    return with_history(raw, words), words


def render_form(raw: dict[str, Any], *, brief: bool, since: str | None = "2026-03-01") -> str:
    dataset, problems = build_dataset(copy.deepcopy(raw))
    assert dataset is not None, problems
    return export.render_snapshot(LoadedDataset(dataset, "fixture.json", "0" * 64), Filter(), "name", NOW,
                                  since=since, brief=brief)


def rows_of(tokens: list[Token], header: list[str]) -> list[list[str]]:
    """The rows (header left out) of the table with that header."""
    return next(t[1:] for t in table_cells(tokens) if t[0] == header)


@SETTINGS
@given(histories(), st.booleans())
def test_hostile_text_in_the_changes_section_and_the_brief_form_stays_inert(
        story: tuple[dict[str, Any], dict[str, str]], brief: bool) -> None:
    raw, words = story
    snapshot = render_form(raw, brief=brief)
    front, body = split(snapshot)
    assert (front["form"], front["since"]) == ("brief" if brief else "full", "2026-03-01")
    tokens = MD.parse(body)
    plain = MD.parse(split(render_form(with_history(PLAIN, PLAIN_WORDS), brief=brief))[1])
    assert shape(tokens) == shape(plain)
    assert all(len(counts) == 1 for counts in raw_cell_counts(body, tokens))
    assert all(len({len(row) for row in table}) == 1 for table in table_cells(tokens))
    assert_inline_is_literal(tokens)  # S3 is cited by nothing: listed as added, not among the sources cited
    html = MD.render(body)
    assert "<script" not in html and "<img" not in html and "<code" not in html and "<em" not in html

    # the changes section reads back as the cleaned text
    old, member = raw["history"]["1"]["before"], raw["members"]["1"]
    cells = {row[0]: row for row in rows_of(tokens, ["Member", "Type", "Change", "Then", "Now", "History"])}
    reworded = cells[norm(f"{clean_line(member['name'])} (XX)").strip()]
    assert reworded[2].startswith("wording (summary)")  # what moved, first
    assert reworded[3:5] == [norm(f"pledged, lead nation; conditions: ceasefire — {s}").strip()
                             for s in (clean_text(old["summary"]), clean_text(words["summary"]))]
    note = clean_text(words["note"])
    built, _ = build_dataset(raw)
    assert built is not None
    history = (f"{built.history[0].id} recorded 2026-03-10 09:00 UTC · said {old['stated_on']}, "
               f"{clean_line(words['by'])}, set (S1)" + (f": {note}" if note.strip() else ""))
    assert reworded[5] == norm(history).strip()
    added = rows_of(tokens, ["Member", "Role", "Change", "History"])
    assert [row[:3] for row in added] == [[norm(f"{clean_line(words['name'])} (YY)").strip(), "member", "added"]]
    sources = rows_of(tokens, ["Source", "Publisher", "Title", "Date", "Tier", "Address", "Change", "History"])
    assert [row[:7] for row in sources] == [["S3", norm(clean_text(words["name"])).strip() or "—",
                                             norm(words["summary"]).strip(), "2026-03-10",
                                             "B (established outlet or wire)", URL_S3, "added"]]
    if brief:  # the brief form's own sections read back too
        summaries = [row[2] for row in rows_of(tokens, ["Type", "Status", "Summary", "Quantity", "Conditions",
                                                        "Stated on", "Sources"])]
        assert norm(words["summary"]).strip() in summaries
        event = raw["events"]["1"]
        assert rows_of(tokens, ["Date", "Event"]) == [[event["date"], norm(event["title"]).strip()]]
