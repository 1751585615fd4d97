"""One member card, every format: `show`, the snapshot's member section and the browser's detail pane
carry the same facts with the same labels, for every member of the frozen fixture.

A format is a function (loaded dataset, member) -> the text a reader sees (plain text: Markdown is parsed
and read back). `facts_of(card)` lists what each must carry. To add a format, append to `FORMATS`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from markdown_it import MarkdownIt

from pledge_tui.dataset import store
from pledge_tui.dataset.model import LoadedDataset, Member
from pledge_tui.dataset.vocab import TYPES
from pledge_tui.formats import listing, snapshot
from pledge_tui.views import present
from pledge_tui.views.filters import Filter
from tests.common import FROZEN

LOADED = store.load(str(FROZEN))
MEMBERS = LOADED.dataset.members
MD = MarkdownIt("commonmark").enable("table")


def one_spacing(text: str) -> str:
    """Runs of white space (line breaks included) as one space: formats wrap and break lines differently."""
    return " ".join(text.split())


def facts_of(card: present.MemberCard) -> list[str]:
    """What every format must say about the member, each fact as the words a reader sees."""
    facts = [card.name, card.id, card.role_label, *card.blocs, card.stance, *card.caveats, card.approval_label,
             card.attendance_label, *card.member_sources, *card.undisclosed]
    for cell in card.commitments:
        facts += [cell.type_label, cell.status_text, cell.summary, *cell.condition_labels, cell.stated_on,
                  *cell.sources, *([cell.quantity] if cell.quantity else [])]
    for source in card.sources:
        facts += [source.id, source.publisher, source.title, source.date, source.tier_label,
                  *([source.url] if source.url else [])]
    return [one_spacing(f) for f in facts if f.strip()]


def show_text(loaded: LoadedDataset, member: Member) -> str:
    """`pledge-tui show MEMBER`."""
    return listing.render_member(loaded.dataset, member)


def markdown_text(markdown: str) -> str:
    """What a reader of the rendered Markdown sees: every inline's text, escapes and entities resolved;
    a link as its address (markdown-it shows percent-escapes decoded in a link's text)."""
    out = []
    for token in MD.parse(markdown):
        if token.type != "inline":
            continue
        words, in_link = [], False
        for child in token.children or []:
            if child.type == "link_open":
                words.append(str(child.attrGet("href")))
                in_link = True
            elif child.type == "link_close":
                in_link = False
            elif child.type in ("text", "code_inline") and not in_link:
                words.append(child.content)
            elif child.type == "softbreak":
                words.append(" ")
        out.append("".join(words))
    return "\n".join(out)


def snapshot_member_text(loaded: LoadedDataset, member: Member) -> str:
    """The snapshot of this member alone (searching its id finds only it): its member section and the
    sources it cites (the snapshot lists sources once, at the end)."""
    text = snapshot.render_snapshot(loaded, Filter(search=member.id), "name", datetime(2026, 3, 31, tzinfo=UTC))
    section_start = text.index("\n### ")
    section_end = text.index("\n## ", section_start)
    sources = text[text.index("\n## Sources\n"):]
    return markdown_text(text[section_start:section_end] + "\n" + sources)


def show_markdown_text(loaded: LoadedDataset, member: Member) -> str:
    """`pledge-tui show MEMBER --format md`, as a reader of the rendered Markdown sees it."""
    return markdown_text(snapshot.render_member_markdown(loaded.dataset, member))


def detail_pane_text(loaded: LoadedDataset, member: Member) -> str:
    """The browser's detail pane for this member, the cursor on its first type: what `format_card` draws,
    then the list of its sources under it (`source_prompt`, one option each)."""
    from pledge_tui.ui.widgets.detail import format_card, source_prompt
    from pledge_tui.views.browse import member_focus

    focus = member_focus(loaded.dataset, member, TYPES[0])
    return "\n".join([format_card(focus).plain, *(source_prompt(s).plain for s in focus.card.sources)])


FORMATS: list[tuple[str, Callable[[LoadedDataset, Member], str]]] = [
    ("show", show_text),
    ("snapshot member section", snapshot_member_text),
    ("show --format md", show_markdown_text),
    ("detail pane", detail_pane_text),
]


@pytest.mark.parametrize(("name", "render"), FORMATS, ids=[name for name, _ in FORMATS])
@pytest.mark.parametrize("member", MEMBERS, ids=[m.id for m in MEMBERS])
def test_every_format_carries_the_cards_facts(name: str, render: Callable[[LoadedDataset, Member], str],
                                               member: Member) -> None:
    card = present.member_card(LOADED.dataset, member)
    text = one_spacing(render(LOADED, member))
    missing = [fact for fact in facts_of(card) if fact not in text]
    assert not missing, f"{name} of {member.id} lacks {missing}"


def test_the_labels_are_the_vocabularys_not_the_slugs() -> None:
    """A fact check that can fail: the slugs of attendance and approval differ from their labels."""
    poland = next(m for m in MEMBERS if m.id == "PL")
    card = present.member_card(LOADED.dataset, poland)
    assert card.attendance_label != card.attendance and card.approval_label != card.approval
    for _, render in FORMATS:
        text = render(LOADED, poland)
        assert f": {card.attendance_label}" in text
        assert f": {card.attendance}." not in text and f": {card.attendance}\n" not in text


def test_facts_of_misses_nothing_a_card_holds() -> None:
    """Every field of the card feeds a fact, so a new field cannot be silently left out of the formats."""
    covered = {"name", "id", "role_label", "blocs", "stance", "caveats", "approval_label", "attendance_label",
               "member_sources", "undisclosed", "commitments"}
    slugs = {"role", "approval", "attendance"}  # shown through their labels
    assert set(present.MemberCard.__dataclass_fields__) == covered | slugs | {"origin"}
    assert isinstance(vars(present.MemberCard)["sources"], functools.cached_property)  # the one computed fact
