"""The dataset's texts are written in our own words: no run of 8 or more words is copied from the fact sheets.

The fact sheets (the project's research notes, kept beside the repository in `../shared/research/`, or in the
folder `$PLEDGE_TUI_RESEARCH` names: `domain-facts.md`, `domain-facts-update.md` and the December audit
`data-corrections-3.md`) are the research the data is written from; copying them nearly word for word is what
issue 12's audit found and fixed. Without them (a checkout on its own) the test is skipped. Quotations of
officials are exempt: they are quoted on purpose, inside quotation marks. The data marks them with double
quotes, straight or curly, or, as most of its texts do, single quotes ('...', or curly); an apostrophe inside a word
(Ukraine's) or after a plural (members') never opens or closes a quotation. Source titles and publishers are
not checked: they are publishers' headlines, copied on purpose. Words are compared after case folding and
with punctuation and whitespace removed, so a copied run cannot hide behind a changed comma or capital.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.common import BUNDLED, ROOT

RUN = 8
"""The shortest run of consecutive words that counts as copied."""

RESEARCH = Path(os.environ.get("PLEDGE_TUI_RESEARCH") or ROOT.parent / "shared" / "research").resolve()
FACT_SHEETS = (RESEARCH / "domain-facts.md", RESEARCH / "domain-facts-update.md", RESEARCH / "data-corrections-3.md")

QUOTATION = re.compile(
    r'"[^"\n]*"'  # "straight double quotes"
    r"|\u201c[^\u201d\n]*\u201d"  # curly double quotes
    r"|\u2018[^\u2019\n]*\u2019(?!\w)"  # curly single quotes (a closing one inside a word is an apostrophe)
    r"|(?<![\w'\u2019])'(?=\S)(?:[^'\n]|'(?=\w))*?(?<=\S)'(?!\w)"  # 'single quotes'; Ukraine's is an apostrophe
)
"""A quotation of an official, as the data writes one."""

WORD = re.compile(r"\w+")


def words(text: str) -> list[str]:
    """The words of a text: case-folded, with apostrophes dropped inside words and all punctuation removed."""
    return WORD.findall(text.casefold().replace("'", "").replace("\u2019", ""))


def unquoted_parts(text: str) -> list[str]:
    """The parts of a data text outside quotation marks; a run never spans a quotation."""
    return QUOTATION.split(text)


def runs(tokens: list[str], length: int = RUN) -> Iterator[tuple[str, ...]]:
    for start in range(len(tokens) - length + 1):
        yield tuple(tokens[start:start + length])


def data_texts(data: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """(where, text) for every text the data says in its own voice: not source titles, which are headlines."""
    for meta in data["meta"].values():
        yield "meta summary", meta["summary"]
        yield "meta reported_commitments.note", meta["reported_commitments"]["note"]
    for member in data["members"].values():
        yield f"members {member['id']} stance", member["stance"]
        for number, caveat in enumerate(member["caveats"], start=1):
            yield f"members {member['id']} caveat {number}", caveat
    for record in data["commitments"].values():
        yield f"commitments {record['member']}/{record['type']} summary", record["summary"]
        if record.get("quantity"):
            yield f"commitments {record['member']}/{record['type']} quantity", record["quantity"]
    for doc_id, event in data["events"].items():
        name = event.get("id", f"doc {doc_id}")
        yield f"events {name} title", event["title"]
        yield f"events {name} summary", event["summary"]
    for number, entry in enumerate(history_entries(data), start=1):
        yield f"history entry {number} note", entry["note"]


def history_entries(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The history entries: the `history` table of schema version 2, or the log beside the bundled file
    (`commitments.history.jsonl`) once the storage keeps one."""
    if "history" in data:
        return [data["history"][k] for k in sorted(data["history"], key=int)]
    log = BUNDLED.with_name("commitments.history.jsonl")
    lines = log.read_text(encoding="utf-8").splitlines() if log.is_file() else []
    return [json.loads(line) for line in lines if line.strip()]


def copied_runs(text: str, sheet_runs: set[tuple[str, ...]]) -> list[str]:
    found: list[str] = []
    for part in unquoted_parts(text):
        tokens = words(part)
        hits = [i for i, run in enumerate(runs(tokens)) if run in sheet_runs]
        # Report each copied stretch once, as the longest run it makes up.
        stretch_start = None
        for index, i in enumerate(hits):
            if stretch_start is None:
                stretch_start = i
            if index + 1 == len(hits) or hits[index + 1] != i + 1:
                found.append(" ".join(tokens[stretch_start:i + RUN]))
                stretch_start = None
    return found


@pytest.fixture(scope="module")
def sheet_runs() -> set[tuple[str, ...]]:
    missing = [str(p) for p in FACT_SHEETS if not p.is_file()]
    if missing:
        pytest.skip(f"the fact sheets are not checked out beside the worktree ({', '.join(missing)} missing)")
    found: set[tuple[str, ...]] = set()
    for sheet in FACT_SHEETS:
        found.update(runs(words(sheet.read_text(encoding="utf-8"))))
    return found


def test_no_data_text_copies_eight_words_from_the_fact_sheets(sheet_runs: set[tuple[str, ...]]) -> None:
    data = json.loads(Path(BUNDLED).read_text(encoding="utf-8"))
    copied = [f"{where}: {run!r}" for where, text in data_texts(data) for run in copied_runs(text, sheet_runs)]
    assert not copied, f"{len(copied)} data texts copy {RUN}+ words from the fact sheets:\n" + "\n".join(copied)


@pytest.mark.parametrize(
    ("text", "copied"),
    [
        ("Talks were reported deadlocked over Russia's demand for the whole of Donbas.", True),
        ("TALKS reported deadlocked, over Russia\u2019s demand for the WHOLE of Donbas!", True),
        ("Talks stalled: Russia still wanted all of the Donbas region, with no ceasefire.", False),
        ("Tusk said Poland 'does not foresee sending soldiers to Ukraine, also after the war'.", False),
        ('Tusk said Poland "does not foresee sending soldiers to Ukraine, also after the war".', False),
        ("Tusk said Poland “does not foresee sending soldiers to Ukraine, also after the war”.", False),
        ("Tusk: Poland does not foresee sending soldiers to Ukraine, also after the war.", True),
    ],
)
def test_the_measure_finds_copies_and_spares_quotations(text: str, copied: bool) -> None:
    """The measure itself: a copy is found through case and punctuation changes; a quotation is exempt."""
    sheet = (
        "Talks reported deadlocked over Russia's demand for the whole of Donbas; no ceasefire. "
        'Poland: "does not foresee sending soldiers to Ukraine, also after the war" (4 Sep 2025).'
    )
    sheet_runs = set(runs(words(sheet)))
    assert bool(copied_runs(text, sheet_runs)) is copied


def test_apostrophes_do_not_open_quotations() -> None:
    text = "Ukraine's allies and the members' forces would act if Ukraine's army were 'attacked again' later."
    assert unquoted_parts(text) == [
        "Ukraine's allies and the members' forces would act if Ukraine's army were ",
        " later.",
    ]
