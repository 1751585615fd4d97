"""GitHub's own renderer as a second oracle for every Markdown output (issue 23 item 9).

The escaping tests elsewhere read the Markdown with markdown-it. GitHub renders with cmark-gfm, whose
autolink extension finds e-mail addresses in the text AFTER escapes and entities are decoded, so
`mail\\@example.org` (what the snapshot wrote) still became a `mailto:` link there. Here every form of
the snapshot (full, brief, each with a changes section), the `history`, `changes` and `diff`
Markdown documents and `show --format md` are rendered by cmark-gfm with all of GitHub's extensions
(tables, autolinks, tag filter, strikethrough, task lists, footnotes), with addresses of every kind in
every data field: the only links are the sources' own, and no other HTML element appears than with
plain text.
"""

from __future__ import annotations

import copy
import html
import re
from collections import Counter
from datetime import UTC, datetime

import cmarkgfm  # type: ignore[import-untyped]  # no type information shipped
import pytest
from cmarkgfm.cmark import Options  # type: ignore[import-untyped]
from hypothesis import given, settings
from hypothesis import strategies as st

from pledge_tui.dataset.model import Dataset, LoadedDataset
from pledge_tui.formats import changes_md, snapshot
from pledge_tui.formats.markdown import md_cell, md_inline
from pledge_tui.views.changes import changes_since, history_lines
from pledge_tui.views.diff import diff_datasets
from pledge_tui.views.filters import Filter
from tests import factories as F
from tests.history_factory import Editor

GITHUB = Options.CMARK_OPT_UNSAFE | Options.CMARK_OPT_FOOTNOTES
"""Raw HTML kept (GitHub passes it to its sanitiser, which keeps `<br>` and drops comments), footnotes on."""


def github_html(markdown: str) -> str:
    """The HTML GitHub's renderer makes of `markdown` (cmark-gfm with GitHub's extensions)."""
    rendered: str = cmarkgfm.github_flavored_markdown_to_html(markdown, options=GITHUB)
    return rendered


def links(rendered: str) -> list[str]:
    return [html.unescape(href) for href in re.findall(r'<a href="([^"]*)"', rendered)]


def elements(rendered: str) -> Counter[str]:
    """How many of each HTML element, `<br>` left out (a line break in data is one in a table cell)."""
    return Counter(tag for tag in re.findall(r"<([a-zA-Z][a-zA-Z0-9]*)", rendered) if tag.lower() != "br")


ADDRESSES = [
    "mail@example.org", "write to spy@evil.example now", "a.b-c+d@e-f.org", "_a@b.org", "über@x.org",
    "x_@y.org", "1@2.org", "mailto:a@b.org", "MAILTO:a@b.org", "xmpp:a@b.org/x", "www.example.org",
    "WWW.example.org/path", "_www.x.org", "~www.x.org", "(www.x.org)", "*www.x.org*", "https://example.org/path",
    "HTTP://X.ORG", "a_https://x.org", "(https://x.org)", "ftp://x.org/f", "see http://x.org, www.y.org and z@w.org.",
    "<mail@example.org>", "<https://x.org>", "[x](https://x.org)", "[x]: https://x.org", "mail&#64;example.org",
    "a @ b.org @handle", "e-mail:\nspy@evil.example\tand www.x.org",
]
"""Addresses as an analyst might paste them: bare, after `_` `*` `~` `(`, in other scripts, as
entities, in link syntax, across line breaks."""

NOW = datetime(2026, 12, 1, tzinfo=UTC)
SOURCE_URL = "https://example.org/report"


def story(text: str) -> tuple[Dataset, Dataset]:
    """Before and after a history that writes `text` into every data field a Markdown output shows:
    the dataset's summary and attributed figure's note, a source, a record's summary, quantity and note,
    a new member's name, stance and caveats, an event, an author."""
    line = " ".join(text.split())
    ed = Editor(by="x")
    ed.raw["meta"]["1"]["summary"] = text
    ed.raw["meta"]["1"]["reported_commitments"]["note"] = text
    before = F.dataset(copy.deepcopy(ed.raw))
    ed.add_source("S4", publisher=line, title=text, url=SOURCE_URL)
    ed.set("PL", "air-patrol", status="pledged", summary=text, quantity=text, note=text, by=line, cite=("S4",))
    ed.add_member("NO", line, stance=line, caveats=[text])
    ed.set("NO", "backstop", summary=text, conditions=["ceasefire"])
    ed.add_event("E3", title=line, summary=text)
    ed.set("PL", "logistics", summary=text, lead=False, note=text)
    ed.edit_member("PL", stance=line, caveats=[text, text])
    return before, F.dataset(ed.raw)


def body(document: str) -> str:
    """A snapshot without its YAML front matter (GitHub shows that as a table, not as Markdown)."""
    return document[document.index("\n---\n", 3) + 5:]


def outputs(before: Dataset, after: Dataset) -> dict[str, str]:
    """Every Markdown document the program writes, of the story's data."""
    loaded = LoadedDataset(after, "data.json", "0" * 64)

    def snap(**form: object) -> str:
        return body(snapshot.render_snapshot(loaded, Filter(), "name", NOW, **form))  # type: ignore[arg-type]

    return {
        "snapshot": snap(),
        "snapshot brief": snap(brief=True),
        "snapshot with changes": snap(since="2026-01-01"),
        "snapshot brief with changes": snap(since="2026-01-01", brief=True),
        "changes md": changes_md.render_changes(changes_since(after, "2026-01-01")),
        "history md": changes_md.render_history(history_lines(after), len(after.history)),
        "diff md": changes_md.render_diff(diff_datasets(before, after), "old.json", "new.json"),
        **{f"show --format md {member_id}": show_md(after, member_id) for member_id in ("PL", "NO")},
    }


def show_md(dataset: Dataset, member_id: str) -> str:
    """`show MEMBER --format md`: one member's card with the sources it cites."""
    member = dataset.member(member_id)
    assert member is not None
    return snapshot.render_member_markdown(dataset, member)


PLAIN = {name: github_html(text) for name, text in outputs(*story("plain words")).items()}


@pytest.mark.parametrize("text", ADDRESSES, ids=range(len(ADDRESSES)))
def test_addresses_in_data_never_become_links_on_github(text: str) -> None:
    before, after = story(text)
    addresses = {source.url for source in after.sources.values()}
    for name, document in outputs(before, after).items():
        rendered = github_html(document)
        assert links(rendered) == links(PLAIN[name]), (name, text)  # the sources' own, nothing else
        assert set(links(rendered)) <= addresses, (name, text)
        assert elements(rendered) == elements(PLAIN[name]), (name, text)


def test_the_sources_addresses_are_still_links_on_github() -> None:
    assert SOURCE_URL in links(PLAIN["snapshot"]) and SOURCE_URL in links(PLAIN["snapshot brief with changes"])


def test_an_address_reads_as_typed_on_github() -> None:
    rendered = github_html(outputs(*story("mail@example.org or www.example.org"))["snapshot"])
    shown = re.sub(r"<!--.*?-->", "", rendered)  # GitHub's sanitiser drops comments
    assert "<p>Stance: mail@example.org or www.example.org</p>" in shown


ADDRESS_PARTS = st.sampled_from(["@", "www.", "WwW.", "http://", "https://", "ftp://", "mailto:", "xmpp:", ".", "_",
                                 "-", "+", "~", "*", "(", ")", " ", "\n", "a", "Z", "9", "ü", "org", "\\", "&", ";",
                                 "#64;", "<", ">", "[", "]", ":", "/"])
ADDRESS_LIKE = st.lists(ADDRESS_PARTS, min_size=1, max_size=24).map("".join)


@settings(max_examples=400, deadline=None)
@given(ADDRESS_LIKE, ADDRESS_LIKE)
def test_no_escaped_text_autolinks_on_github_in_a_paragraph_or_a_table_cell(before: str, text: str) -> None:
    """Any text, after any other text, through the two escapers: no link, in either place."""
    paragraph = github_html(f"Stance: {md_inline(before)} {md_inline(text)}\n")
    assert "<a " not in paragraph, (before, text, md_inline(text))
    cells = github_html(f"| A | B |\n| --- | --- |\n| {md_cell(before)} | {md_cell(before + text)} |\n")
    assert "<a " not in cells, (before, text, md_cell(before + text))
