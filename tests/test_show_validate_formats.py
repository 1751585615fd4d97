"""`show --format text|json|md` and `validate --format json` (README "Command line").

The JSON carries the member exactly as the data file stores it and parses; the Markdown parses as
CommonMark with tables (its facts are checked with the other card formats in test_card_formats.py);
`validate --format json` says the same as the text verdict, in one object on standard output.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from pledge_tui.dataset import store
from pledge_tui.dataset.model import Member
from pledge_tui.dataset.status_rule import breaches
from pledge_tui.dataset.validate import build_dataset
from pledge_tui.dataset.vocab import TYPES
from pledge_tui.formats import listing, snapshot
from pledge_tui.views import present
from tests.common import FROZEN, CliRunner
from tests.factories import commitment, member, raw_dataset, table, write
from tests.hostile import FORBIDDEN_IN_DISPLAY, HOSTILE

LOADED = store.load(str(FROZEN))
RAW = json.loads(FROZEN.read_text(encoding="utf-8"))
MD = MarkdownIt("commonmark").enable("table")


def stored(table_name: str) -> list[dict[str, Any]]:
    return list(RAW[table_name].values())


@pytest.mark.parametrize("member_", LOADED.dataset.members, ids=[m.id for m in LOADED.dataset.members])
def test_show_json_is_the_member_as_stored(member_: Member) -> None:
    document = json.loads(listing.render_member_json(LOADED.dataset, member_))
    raw_member = next(doc for doc in stored("members") if doc["id"] == member_.id)
    assert {k: v for k, v in document.items() if k not in ("commitments", "cited_sources")} == raw_member
    assert list(document["commitments"]) == list(TYPES)
    records = {doc["type"]: doc for doc in stored("commitments") if doc["member"] == member_.id}
    for type_slug, entry in document["commitments"].items():
        if type_slug in records:
            assert entry == {k: v for k, v in records[type_slug].items() if k not in ("member", "type")}
        else:
            assert entry == {"status": "not-disclosed", "summary": "", "conditions": [], "lead": False,
                             "sources": [], "quantity": None, "stated_on": None}
    cited = {*raw_member["sources"], *(s for doc in records.values() for s in doc["sources"])}
    assert [s["id"] for s in document["cited_sources"]] == [s.id for s in present.member_card(LOADED.dataset,
                                                                                                 member_).sources]
    assert {s["id"] for s in document["cited_sources"]} == cited
    raw_sources = {doc["id"]: doc for doc in stored("sources")}
    assert all(s == raw_sources[s["id"]] for s in document["cited_sources"])


def test_show_json_extends_lists_object() -> None:
    """A script that reads `list --format json` finds the same keys and values in `show --format json`."""
    poland = next(m for m in LOADED.dataset.members if m.id == "PL")
    listed = json.loads(listing.render_json([poland]))[0]
    shown = json.loads(listing.render_member_json(LOADED.dataset, poland))
    for key in ("id", "name", "role", "stance", "caveats"):
        assert shown[key] == listed[key]
    for type_slug, entry in listed["commitments"].items():
        assert {k: shown["commitments"][type_slug][k] for k in entry} == entry


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(HOSTILE), st.sampled_from(["name", "stance", "summary"]))
def test_show_json_escapes_invisible_characters_and_reads_back(text: str, field: str) -> None:
    raw = raw_dataset()
    raw["members"] = table(member("PL", text if field == "name" else "Poland",
                                  stance=text if field == "stance" else "Stance."))
    raw["commitments"] = table(commitment("PL", summary=text if field == "summary" else "Summary."))
    built, _ = build_dataset(raw)
    assume(built is not None)  # some strings are no valid name (a line break)
    assert built is not None
    out = listing.render_member_json(built, built.members[0])
    visible = set(out) - {"\n"}
    assert not visible & (set(FORBIDDEN_IN_DISPLAY) - {"\t"})
    document = json.loads(out)
    value = {"name": document["name"], "stance": document["stance"],
             "summary": document["commitments"]["logistics"]["summary"]}[field]
    assert value == text


@pytest.mark.parametrize("member_", LOADED.dataset.members, ids=[m.id for m in LOADED.dataset.members])
def test_show_markdown_parses_with_one_heading_a_table_and_the_sources(member_: Member) -> None:
    text = snapshot.render_member_markdown(LOADED.dataset, member_)
    tokens = MD.parse(text)
    headings = [(t.tag, tokens[i + 1].content) for i, t in enumerate(tokens) if t.type == "heading_open"]
    card = present.member_card(LOADED.dataset, member_)
    assert headings[0] == ("h1", f"{card.name} ({card.id})")
    assert headings[1:] == [("h2", "Sources")]
    assert any(t.type == "table_open" for t in tokens) == bool(card.commitments)
    items = sum(1 for i, t in enumerate(tokens) if t.type == "list_item_open" and
                any(x.type == "ordered_list_open" for x in tokens[:i]))
    assert items == len(card.sources)
    assert f"Data as of {LOADED.dataset.meta.as_of}" in text


def test_show_formats_on_the_command_line(cli: CliRunner) -> None:
    text = cli("--data", str(FROZEN), "show", "poland")
    json_ = cli("--data", str(FROZEN), "show", "poland", "--format", "json")
    md = cli("--data", str(FROZEN), "show", "poland", "--format", "md")
    assert text.returncode == json_.returncode == md.returncode == 0
    assert text.stdout.startswith("Poland (PL)\n")
    assert json.loads(json_.stdout)["id"] == "PL"
    assert md.stdout.startswith("# Poland (PL)\n")
    bad = cli("--data", str(FROZEN), "show", "PL", "--format", "yaml")
    assert bad.returncode == 2 and "invalid choice: 'yaml'" in bad.stderr


# --- validate --format json ---------------------------------------------------------------------------------


def test_validate_json_of_a_valid_file(cli: CliRunner) -> None:
    result = cli("validate", str(FROZEN), "--format", "json")
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    d = LOADED.dataset
    coalition = sum(1 for m in d.members if present.is_coalition(m))
    warnings = document.pop("warnings")
    assert document == {"file": str(FROZEN), "valid": True, "problems": [], "counts": {
        "members": len(d.members) - coalition, "coalition_rows": coalition,
        "commitments": sum(len(m.commitments) for m in d.members), "sources": len(d.sources),
        "events": len(d.events), "history_entries": len(d.history), "as_of": d.meta.as_of}}
    # The March file predates the status rule: each record that breaks it is a warning, as the text form says.
    assert [(w["table"], w["record"], w["field"]) for w in warnings] == [
        ("commitments", f'"{b.key}"', "status") for b in breaches(d.members)]
    text = cli("validate", str(FROZEN))
    assert [w["line"] for w in warnings] == [line.removeprefix("pledge-tui: warning: ")
                                             for line in text.stderr.splitlines()]


def test_validate_json_with_strict_lists_the_breaches_as_problems(cli: CliRunner) -> None:
    result = cli("validate", str(FROZEN), "--format", "json", "--strict")
    assert result.returncode == 1
    document = json.loads(result.stdout)
    assert document["valid"] is False and document["warnings"] == []
    assert [p["record"] for p in document["problems"]] == [f'"{b.key}"' for b in breaches(LOADED.dataset.members)]


def test_validate_json_lists_what_the_text_lists(cli: CliRunner, tmp_path: Path) -> None:
    raw = raw_dataset()
    raw["members"] = table(member("PL", "Poland", role="observer"), member("IT", "Ita\u202ely", stance=""))
    path = write(tmp_path / "bad.json", raw)
    text = cli("validate", str(path))
    result = cli("validate", str(path), "--format", "json")
    assert text.returncode == result.returncode == 1
    assert result.stderr == ""
    document = json.loads(result.stdout)
    assert document["valid"] is False and document["counts"] is None and document["file"] == str(path)
    assert [f"pledge-tui: error: {p['line']}" for p in document["problems"]] == text.stderr.splitlines()[:-1]
    first = document["problems"][0]
    assert (first["table"], first["record"], first["field"]) == ("members", '"PL" (doc 1)', "role")
    assert "\u202e" not in result.stdout  # escaped: inert in a terminal


def test_validate_json_of_an_unreadable_file_and_of_a_pipe(cli: CliRunner, tmp_path: Path) -> None:
    missing = cli("validate", str(tmp_path / "missing.json"), "--format", "json")
    assert missing.returncode == 1
    document = json.loads(missing.stdout)
    assert document["valid"] is False and document["problems"][0]["table"] is None
    piped = cli("validate", "-", "--format", "json", stdin=FROZEN.read_text(encoding="utf-8"))
    assert piped.returncode == 0 and json.loads(piped.stdout)["file"] == "<stdin>"
