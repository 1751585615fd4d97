"""Hypothesis strategies for datasets: valid ones (versions 1 and 2) and mutated ones, shared by the
loader's fuzz tests and every property test that needs a dataset."""

from __future__ import annotations

import copy
import itertools
import os
from datetime import UTC, datetime
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from pledge_tui.dataset import upgrade
from pledge_tui.dataset.validate import SCHEMAS
from pledge_tui.dataset.vocab import APPROVALS, ATTENDANCE, CONDITIONS, ROLES, STORED_STATUSES, TIERS, TYPES
from pledge_tui.sanitize import has_visible_text
from tests.factories import commitment, event, history_entry, member, meta, source, table

EXAMPLES = int(os.environ.get("PLEDGE_FUZZ_EXAMPLES", "300"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                            HealthCheck.data_too_large])

text = st.text(min_size=1, max_size=40).filter(has_visible_text)
"""Text with something visible in it (`sanitize.has_visible_text`; invisible-only text is refused)."""
line = text.map(lambda s: " ".join(s.split()) or "x")
dates = st.dates().map(lambda d: d.isoformat()) | st.dates().map(lambda d: d.isoformat()[:7])
ids = st.from_regex(r"[A-Z][A-Z0-9-]{1,5}", fullmatch=True) | st.just("COW")
NOT_COALITION = tuple(r for r in ROLES if r != "coalition")


@st.composite
def valid_datasets(draw: st.DrawFn) -> dict[str, Any]:
    source_ids = draw(st.lists(st.from_regex(r"S[0-9]{1,3}", fullmatch=True), min_size=1, max_size=5, unique=True))
    cite = st.lists(st.sampled_from(source_ids), min_size=1, max_size=3, unique=True)
    member_ids = draw(st.lists(ids, max_size=6, unique=True))
    # Role `coalition` belongs to one member, id COW (README "The data").
    members = [member(i, draw(line), role=draw(st.sampled_from(ROLES if i == "COW" else NOT_COALITION)),
                      eu=draw(st.booleans()),
                      nato=draw(st.booleans()), stance=draw(line), caveats=draw(st.lists(text, max_size=3)),
                      approval=draw(st.sampled_from(APPROVALS)), summit_2025_09_04=draw(st.sampled_from(ATTENDANCE)),
                      sources=draw(cite)) for i in member_ids]
    commitments = [
        commitment(i, t, draw(st.sampled_from(STORED_STATUSES)), summary=draw(text),
                   conditions=draw(st.lists(st.sampled_from(CONDITIONS), unique=True, max_size=3)),
                   lead=draw(st.booleans()), quantity=draw(st.none() | text), stated_on=draw(dates),
                   sources=draw(cite))
        for i in member_ids for t in draw(st.lists(st.sampled_from(TYPES), unique=True, max_size=4))
    ]
    sources = [source(s, publisher=draw(line), title=draw(text), tier=draw(st.sampled_from(TIERS)),
                      date=draw(dates | st.integers(1900, 2100).map(str))) for s in source_ids]
    events = [event(date=draw(dates), title=draw(line), summary=draw(text), sources=draw(cite))
              for _ in range(draw(st.integers(0, 3)))]
    the_meta = meta(title=draw(line), as_of=draw(dates))
    the_meta["reported_commitments"]["sources"] = draw(cite)
    return {"meta": table(the_meta), "members": table(*members), "commitments": table(*commitments),
            "sources": table(*sources), "events": table(*events)}


@st.composite
def valid_datasets_v2(draw: st.DrawFn) -> dict[str, Any]:
    """A valid version-2 dataset: event ids, and a history of `set` entries (some undone) and an upgrade."""
    raw = draw(valid_datasets())
    raw["meta"]["1"]["schema_version"] = 2
    for doc_id, doc in raw["events"].items():
        doc["id"] = f"E{doc_id}"
    seconds = itertools.count(10**6, draw(st.integers(0, 10**5)))  # a step of 0: all at the same second

    def at() -> str:
        return datetime.fromtimestamp(next(seconds), UTC).strftime("%Y-%m-%dT%H:%M:%SZ")

    entries = [history_entry("upgrade", "meta", "meta", sources=[], at=at())] if draw(st.booleans()) else []
    for doc in raw["commitments"].values():
        key = f"{doc['member']}/{doc['type']}"
        entries.append(history_entry(key=key, after=copy.deepcopy(doc), sources=doc["sources"], at=at(),
                                     by=draw(line), note=draw(st.just("") | text)))
        if draw(st.booleans()):
            undone = len(entries)
            entries.append(history_entry("undo", key=key, before=copy.deepcopy(doc), after=None,
                                         sources=doc["sources"], undoes=undone, at=at()))
    raw["history"] = table(*entries)
    return raw


@st.composite
def valid_datasets_v3(draw: st.DrawFn) -> dict[str, Any]:
    """A valid version-3 data file: a version-2 dataset as its first write upgrades it (the `heads` table of
    its new history log; the log itself is not part of the file)."""
    raw = draw(valid_datasets_v2())
    return upgrade.to_v3(raw, 2, at="2026-03-10T09:00:00Z", by="fuzz").tables


TRICKY_STRINGS = ["", " ", "\u200b", "\x00\u202e", "a\nb", "a\rb", "2026-01", "2026-02-30", "٢٠٢٦-01",
                  "E1", "S1", "PL", "pledged", "not-disclosed", "ceasefire", "https://x.org", "javascript:x",
                  "2026-03-10T09:00:00Z", "undo", "set"]
"""Strings that sit on the edge of some rule (blank, invisible, line breaks, dates, slugs, ids)."""
TRICKY = st.sampled_from(TRICKY_STRINGS)
JUNK = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | text | TRICKY,
                    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(text, inner, max_size=3),
                    max_leaves=8)


@st.composite
def mutated(draw: st.DrawFn) -> dict[str, Any]:
    """A valid dataset with one to three mutations: drop, retype, duplicate, dangle, add."""
    raw = copy.deepcopy(draw(valid_datasets() | valid_datasets_v2() | valid_datasets_v3()))
    for _ in range(draw(st.integers(1, 3))):
        table_name = draw(st.sampled_from([*SCHEMAS[2], "heads", "bogus"]))
        docs = raw.get(table_name)
        kind = draw(st.sampled_from(["drop-field", "retype", "duplicate", "dangle", "add-field", "drop-table",
                                     "replace-table", "replace-doc", "bad-doc-id"]))
        if kind == "drop-table":
            raw.pop(table_name, None)
        elif kind == "replace-table":
            raw[table_name] = draw(JUNK)
        elif not isinstance(docs, dict) or not docs:
            raw[table_name] = {"1": draw(JUNK)}
        else:
            doc_id = draw(st.sampled_from(sorted(docs)))
            doc = docs[doc_id]
            if kind == "replace-doc" or not isinstance(doc, dict) or not doc:
                docs[doc_id] = draw(JUNK)
            elif kind == "bad-doc-id":
                docs[draw(st.sampled_from(["0", "01", "x", "", "-1", "1.0"]))] = doc
            elif kind == "duplicate":
                docs[str(max((int(k) for k in docs if k.isdigit()), default=0) + 1)] = copy.deepcopy(doc)
            else:
                field = draw(st.sampled_from(sorted(doc)))
                if kind == "drop-field":
                    del doc[field]
                elif kind == "retype":
                    doc[field] = draw(JUNK)
                elif kind == "dangle":
                    doc[field] = ["S999"] if field == "sources" else "ZZ" if field in ("member", "id") else draw(JUNK)
                else:
                    doc[draw(text)] = draw(JUNK)
    return raw
