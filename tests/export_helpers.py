"""The Markdown snapshot's test fixture and readers: a small dataset, rendering it, and taking the
output apart (front matter, headings, sections, tables) to check its structure."""

from __future__ import annotations

import copy
import re
from datetime import UTC, datetime
from typing import Any

import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token

from pledge_tui.dataset.model import LoadedDataset
from pledge_tui.dataset.validate import build_dataset
from pledge_tui.formats import snapshot as export
from pledge_tui.formats.markdown import NODE_BREAK
from pledge_tui.views.filters import Filter

NOW = datetime(2026, 1, 1, tzinfo=UTC)
MD = MarkdownIt("commonmark").enable("table")

# --- fixture ------------------------------------------------------------------------------------


def docs_table(*docs: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {str(i): copy.deepcopy(d) for i, d in enumerate(docs, start=1)}


def source_doc(sid: str, **kw: Any) -> dict[str, Any]:
    return {"id": sid, "publisher": f"Publisher {sid}", "title": f"Title {sid}", "date": "2025-09-04",
            "url": f"https://example.org/{sid.lower()}", "tier": "B", **kw}


def member_doc(mid: str, name: str, sources: list[str], **kw: Any) -> dict[str, Any]:
    return {"id": mid, "name": name, "role": "member", "eu": True, "nato": True, "stance": f"{name} stance.",
            "caveats": [f"{name} caveat."], "approval": "required", "summit_2025_09_04": "in-person",
            "sources": sources, **kw}


def commitment_doc(mid: str, type_: str, status: str, sources: list[str], **kw: Any) -> dict[str, Any]:
    return {"member": mid, "type": type_, "status": status, "summary": f"{mid} {type_} {status}.",
            "conditions": [], "lead": False, "quantity": None, "stated_on": "2025-09", "sources": sources, **kw}


def raw_fixture() -> dict[str, Any]:
    """Six members: every status, leads, conditions, a partner, an institution, one with no records.

    S12 is never cited; S9 is cited only by the United States; S2 and S10 test numeric id order.
    """
    return {
        "meta": docs_table({
            "schema_version": 1, "title": "Coalition of the Willing: security guarantees", "as_of": "2025-12-01",
            "summary": "Who said what.\nSecond line.",
            "reported_commitments": {"count": 26, "date": "2025-09-04", "sources": ["S8"],
                                     "note": "Macron's figure after the Paris summit."},
        }),
        "sources": docs_table(*(source_doc(f"S{i}") for i in range(1, 13)),),
        "members": docs_table(
            member_doc("FR", "France", ["S1"]),
            member_doc("PL", "Poland", ["S2"], caveats=["No troops in Ukraine.", "Logistics hub at Rzeszów."]),
            member_doc("US", "United States", ["S10"], role="partner", eu=False, caveats=[]),
            member_doc("EU", "European Union", ["S3"], role="institution", nato=False),
            member_doc("IS", "Iceland", ["S4"], caveats=[]),
            member_doc("TR", "Türkiye", ["S5"], eu=False),
        ),
        "commitments": docs_table(
            commitment_doc("FR", "ground-forces", "pledged", ["S1"], lead=True, conditions=["ceasefire", "parliament"],
                        quantity="several thousand troops"),
            commitment_doc("FR", "air-patrol", "pledged", ["S1"]),
            commitment_doc("FR", "command", "pledged", ["S1"], lead=True),
            commitment_doc("PL", "ground-forces", "ruled-out", ["S2"]),
            commitment_doc("PL", "logistics", "pledged", ["S2", "S10"], lead=True),
            commitment_doc("US", "ground-forces", "ruled-out", ["S9"]),
            commitment_doc("US", "monitoring", "considering", ["S9"], conditions=["peace-deal"]),
            commitment_doc("EU", "funding", "pledged", ["S3"]),
            commitment_doc("TR", "naval-demining", "conditional", ["S11"], conditions=["ceasefire"]),
        ),
        "events": docs_table(
            {"date": "2025-09-04", "title": "Paris summit", "summary": "Leaders met.\nMacron spoke.",
             "sources": ["S6"]},
            {"date": "2026-01-06", "title": "Paris Declaration", "summary": "Adopted.", "sources": ["S7"]},
        ),
    }


def load(raw: dict[str, Any] | None = None) -> LoadedDataset:
    dataset, problems = build_dataset(raw if raw is not None else raw_fixture())
    assert dataset is not None, problems
    return LoadedDataset(dataset, path="fixture.json", sha256="0" * 64)


def render(f: Filter | None = None, sort: str = "name", raw: dict[str, Any] | None = None) -> str:
    return export.render_snapshot(load(raw), f or Filter(), sort, NOW)


# --- parsing helpers ----------------------------------------------------------------------------


def split(text: str) -> tuple[dict[str, Any], str]:
    """The front matter as loaded YAML, and the Markdown body after it."""
    assert text.startswith("---\n")
    end = text.index("\n---\n", 3)
    front = yaml.safe_load(text[4:end])
    assert isinstance(front, dict)
    return front, text[end + len("\n---\n"):]


def inline_text(token: Token) -> str:
    """What a reader sees in an inline token: escapes and entities resolved, `<br>` as a newline."""
    out = []
    for child in token.children or []:
        if child.type == "html_inline":
            assert child.content in ("<br>", NODE_BREAK), child.content
            out.append("\n" if child.content == "<br>" else "")
        elif child.type in ("text", "code_inline"):
            out.append(child.content)
    return "".join(out)


def tables(body: str) -> list[list[list[str]]]:
    """Every table as rows of cell texts (header row first)."""
    result: list[list[list[str]]] = []
    in_cell = False
    for token in MD.parse(body):
        if token.type == "table_open":
            result.append([])
        elif token.type == "tr_open":
            result[-1].append([])
        elif token.type in ("th_open", "td_open", "th_close", "td_close"):
            in_cell = token.type.endswith("_open")
        elif token.type == "inline" and in_cell:
            result[-1][-1].append(inline_text(token))
    return result


def cells_in_source(line: str) -> int:
    """Cells in a raw table row, split as GFM does: on pipes not preceded by a backslash."""
    return len(re.split(r"(?<!\\)\|", line.strip().removeprefix("|").removesuffix("|")))


def assert_well_formed(body: str) -> None:
    """Each table's raw rows all have the header's cell count, and GFM sees every row we wrote."""
    tokens = MD.parse(body)
    lines = body.split("\n")
    for token in tokens:
        if token.type != "table_open":
            continue
        assert token.map is not None
        start, end = token.map
        rows = lines[start:end]
        counts = {cells_in_source(r) for r in rows}
        assert len(counts) == 1, rows
        assert all(r.startswith("| ") and r.endswith(" |") for r in rows), rows
    for table in tables(body):
        assert len({len(r) for r in table}) == 1, table


def headings(body: str) -> list[tuple[str, str]]:
    tokens = MD.parse(body)
    return [(t.tag, inline_text(tokens[i + 1])) for i, t in enumerate(tokens) if t.type == "heading_open"]


def section(body: str, title: str) -> str:
    """The Markdown between `## title` and the next `## ` heading."""
    start = body.index(f"\n## {title}\n")
    nxt = body.find("\n## ", start + 1)
    return body[start: nxt if nxt != -1 else len(body)]


def member_ids(body: str) -> list[str]:
    return [m.group(1) for m in re.finditer(r"^### .* \((\w+)\)$", body, re.MULTILINE)]
