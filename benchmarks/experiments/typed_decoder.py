"""Experiment (issue 13 item 3): a typed decoder, msgspec, against today's parse + fast path + model build.

    .venv/bin/python benchmarks/experiments/typed_decoder.py [--sizes 35,1000,10000] [--repeat 7] [--check]

Variants, each from the file's bytes to a validated result, each in a fresh process, the cyclic GC paused
as `store.load` does, median CPU time (not wall: other work on the machine must not count) of `--repeat`
calls after one warm-up:

- **today**: `store.decode_utf8` + `store.parse_text` (json with the duplicate-key and NaN hooks) +
  `validate.build_dataset` (the FAST_CHECKS fast path, the cross-table checks, the model).
- **json.loads only**: plain `json.loads(bytes)`, no hooks: the floor of the stdlib parser.
- **msgspec untyped + today's validation**: `msgspec.json.decode(bytes)` to dicts, then `build_dataset`.
- **msgspec typed**: `msgspec.json.decode(bytes, type=DataFile)` into frozen, GC-untracked Structs whose
  annotations carry the schema (Literal slugs, patterns for ids, dates, URLs, non-blank and one-line
  text, required fields, unknown fields forbidden, doc-id keys), then the checks msgspec cannot express
  (impossible dates, lists without repeats, cross-table references, one record per member and type),
  with no model built: the Structs would be the model.
- **msgspec typed + model**: the same, then today's frozen-dataclass model built from the Structs.
- **canonical check**: what refusing duplicate keys would cost on the typed path: msgspec keeps the
  last of two duplicate keys silently, so the bytes are compared with the decoded value re-encoded in
  the writer's canonical form (sorted keys, indent 2, final newline). Equal bytes prove there was no
  duplicate key (a duplicate would make the input longer than its re-encoding); a file not in canonical
  form takes the slow path.

`--check` also runs every bad-input case of tests/bad_inputs.py and a few hundred random mutations of the
35-member file through both paths and reports any input the typed path accepts but today's path
refuses (there must be none: the typed path may only ever be stricter, falling back to the slow path,
which keeps the exact messages). Not part of `make bench`; the figures go to benchmarks/PROFILE.md.
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import re
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterable
from datetime import date
from itertools import chain
from pathlib import Path
from typing import Annotated, Any, Literal

import msgspec
from msgspec import Meta as C

from pledge_tui.dataset import store, validate, vocab
from pledge_tui.dataset.model import Commitment, Dataset, Event, Member, Meta, ReportedFigure, Source
from pledge_tui.dataset.vocab import NOT_DISCLOSED, STATUS_RANK, STATUSES, TYPES
from pledge_tui.errors import DataError

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
DATA_DIR = HERE.parent / ".data"
BIN = Path(sys.prefix) / "bin"

# --- the schema as types ----------------------------------------------------------------------------
# msgspec checks `pattern` with Python's `re.search`, so \S and \s mean exactly what str.isspace means.

Text = Annotated[str, C(pattern=r"\S")]
"""Not empty, not only whitespace (`validate._text()`)."""
Line = Annotated[str, C(pattern=r"\A[^\r\n]*\S[^\r\n]*\Z")]
"""Non-blank and a single line (`_text(one_line=True)`)."""
MonthDate = Annotated[str, C(pattern=r"\A\d{4}-\d{2}(?:-\d{2})?\Z")]
AnyDate = Annotated[str, C(pattern=r"\A\d{4}(?:-\d{2}(?:-\d{2})?)?\Z")]
Url = Annotated[str, C(pattern=r"\A(?:https?://\S+)?\Z")]
MemberId = Annotated[str, C(pattern=r"\A[A-Z][A-Z0-9-]{1,15}\Z")]
SourceId = Annotated[str, C(pattern=r"\A[A-Za-z0-9][A-Za-z0-9._-]{0,63}\Z")]
DocId = Annotated[str, C(pattern=r"\A[1-9][0-9]{0,17}\Z")]
Cites = Annotated[list[str], C(min_length=1)]
# Subscripting with a tuple is subscripting with its items: Literal[TYPES] is Literal["ground-forces", ...].
Type = Literal[vocab.TYPES]  # type: ignore[valid-type]
StoredStatus = Literal[vocab.STORED_STATUSES]  # type: ignore[valid-type]
Condition = Literal[vocab.CONDITIONS]  # type: ignore[valid-type]
Role = Literal[vocab.ROLES]  # type: ignore[valid-type]
Approval = Literal[vocab.APPROVALS]  # type: ignore[valid-type]
Attendance = Literal[vocab.ATTENDANCE]  # type: ignore[valid-type]
Tier = Literal[vocab.TIERS]  # type: ignore[valid-type]

class _Doc(msgspec.Struct, frozen=True, forbid_unknown_fields=True, gc=False):
    """Every field required, no other field allowed, immutable, never tracked by the cyclic GC."""


class ReportedDoc(_Doc):
    count: Annotated[int, C(ge=0)]
    date: AnyDate
    sources: Cites
    note: Text


class MetaDoc(_Doc):
    schema_version: Literal[1]
    title: Line
    as_of: MonthDate
    summary: Text
    reported_commitments: ReportedDoc


class MemberDoc(_Doc):
    id: MemberId
    name: Line
    role: Role
    eu: bool
    nato: bool
    stance: Line
    caveats: list[Text]
    approval: Approval
    summit_2025_09_04: Attendance
    sources: Cites


class CommitmentDoc(_Doc):
    member: Line
    type: Type
    status: StoredStatus
    summary: Text
    conditions: list[Condition]
    lead: bool
    quantity: Text | None
    stated_on: MonthDate
    sources: Cites


class SourceDoc(_Doc):
    id: SourceId
    publisher: Line
    title: Text
    date: AnyDate
    url: Url
    tier: Tier


class EventDoc(_Doc):
    date: MonthDate
    title: Line
    summary: Text
    sources: Cites


class DataFile(_Doc):
    meta: dict[DocId, MetaDoc]
    members: dict[DocId, MemberDoc]
    commitments: dict[DocId, CommitmentDoc]
    sources: dict[DocId, SourceDoc]
    events: dict[DocId, EventDoc]


DECODER = msgspec.json.Decoder(DataFile)


# The lean schema: only what msgspec checks in C without calling back into Python (types, Literal slugs,
# required and unknown fields, a non-negative count); strings are plain `str` and their rules (non-blank,
# one line, id/date/URL shapes, doc ids) are checked afterwards in a few bulk passes (`_string_rules`).
# Calling `re` from C for every string (the `pattern=` constraints above) costs more than the whole parse.


class _Lean(msgspec.Struct, frozen=True, forbid_unknown_fields=True, gc=False):
    """Every field required, no other field allowed, immutable, never tracked by the cyclic GC."""


class LeanReported(_Lean):
    count: Annotated[int, C(ge=0)]
    date: str
    sources: list[str]
    note: str


class LeanMeta(_Lean):
    schema_version: Literal[1]
    title: str
    as_of: str
    summary: str
    reported_commitments: LeanReported


class LeanMember(_Lean):
    id: str
    name: str
    role: Role
    eu: bool
    nato: bool
    stance: str
    caveats: list[str]
    approval: Approval
    summit_2025_09_04: Attendance
    sources: list[str]


class LeanCommitment(_Lean):
    member: str
    type: Type
    status: StoredStatus
    summary: str
    conditions: list[Condition]
    lead: bool
    quantity: str | None
    stated_on: str
    sources: list[str]


class LeanSource(_Lean):
    id: str
    publisher: str
    title: str
    date: str
    url: str
    tier: Tier


class LeanEvent(_Lean):
    date: str
    title: str
    summary: str
    sources: list[str]


class LeanFile(_Lean):
    meta: dict[str, LeanMeta]
    members: dict[str, LeanMember]
    commitments: dict[str, LeanCommitment]
    sources: dict[str, LeanSource]
    events: dict[str, LeanEvent]


LEAN = msgspec.json.Decoder(LeanFile)
DOC_IDS = re.compile(r"(?:[1-9][0-9]{0,17}\n)*")
MEMBER_IDS = re.compile(r"(?:[A-Z][A-Z0-9-]{1,15}\n)*")
SOURCE_IDS = re.compile(r"(?:[A-Za-z0-9][A-Za-z0-9._-]{0,63}\n)*")
URLS = re.compile(r"(?:(?:https?://[^\s]+)?\n)*")
MONTH_DATES = re.compile(r"(?:\d{4}-\d{2}(?:-\d{2})?\n)*")
ANY_DATES = re.compile(r"(?:\d{4}(?:-\d{2}(?:-\d{2})?)?\n)*")


def _all_match(pattern: re.Pattern[str], values: Iterable[str]) -> bool:
    """Every value matches, in one call into `re`: each value is followed by a newline in the joined text.

    Exact: a value holding a newline can only fail (no pattern accepts a newline inside an item), and
    then the caller falls back to the slow path, which decides and words the message.
    """
    return pattern.fullmatch("".join(v + "\n" for v in values)) is not None


def _string_rules(doc: LeanFile) -> None:
    """The string rules the lean schema leaves out; `Fallback` at the first doubt."""
    meta, members, records, sources, events = (list(doc.meta.values()), list(doc.members.values()),
                                                list(doc.commitments.values()), list(doc.sources.values()),
                                                list(doc.events.values()))
    ids = chain(doc.meta, doc.members, doc.commitments, doc.sources, doc.events)
    lines = [*(m.title for m in meta), *(m.name for m in members), *(m.stance for m in members),
             *(c.member for c in records), *(s.publisher for s in sources), *(e.title for e in events)]
    texts = [*lines, *(m.summary for m in meta), *(m.reported_commitments.note for m in meta),
             *(c for m in members for c in m.caveats), *(c.summary for c in records),
             *(c.quantity for c in records if c.quantity is not None), *(s.title for s in sources),
             *(e.summary for e in events)]
    if not (_all_match(DOC_IDS, ids) and _all_match(MEMBER_IDS, (m.id for m in members))
            and _all_match(SOURCE_IDS, (s.id for s in sources)) and _all_match(URLS, (s.url for s in sources))):
        raise Fallback("a doc id, member id, source id or URL has the wrong shape")
    joined = "\x00".join(lines)
    if "\n" in joined or "\r" in joined or any(not t or t.isspace() for t in texts):
        raise Fallback("a one-line field holds a line break, or a text is blank")
    month = {*(m.as_of for m in meta), *(c.stated_on for c in records), *(e.date for e in events)}
    any_precision = {*(m.reported_commitments.date for m in meta), *(s.date for s in sources)}
    if not (_all_match(MONTH_DATES, month) and _all_match(ANY_DATES, any_precision)):
        raise Fallback("a date has the wrong shape")


def lean_decode(data: bytes) -> LeanFile:
    """The lean schema in C, then the string rules and the cross checks in Python."""
    try:
        doc = LEAN.decode(data)
    except (msgspec.DecodeError, msgspec.ValidationError, RecursionError) as exc:
        raise Fallback(str(exc)) from exc
    _string_rules(doc)
    _cross_checks(doc)
    return doc


class Fallback(Exception):
    """The typed path cannot decide: the caller takes today's path (which also words the messages)."""


def _real_dates(values: set[str]) -> None:
    for value in values:
        parts = [int(p) for p in value.split("-")]
        try:
            date(*[*parts, 1, 1][:3])
        except ValueError as exc:
            raise Fallback(f"impossible date {value!r}") from exc


def typed_decode(data: bytes) -> DataFile:
    """Parse and check in one pass, then what msgspec cannot express; raise `Fallback` on any doubt."""
    try:
        doc = DECODER.decode(data)
    except (msgspec.DecodeError, msgspec.ValidationError, RecursionError) as exc:
        raise Fallback(str(exc)) from exc
    _cross_checks(doc)
    return doc


def _cross_checks(doc: Any) -> None:
    """What no per-field rule can say: one meta document, unique ids, references, real calendar dates."""
    if len(doc.meta) != 1:
        raise Fallback("meta must hold exactly one document")
    dates: set[str] = set()
    for m in doc.meta.values():
        dates.update((m.as_of, m.reported_commitments.date))
        _cites(m.reported_commitments.sources)
    source_ids: set[str] = set()
    for s in doc.sources.values():
        if s.id in source_ids:
            raise Fallback("duplicate source id")
        source_ids.add(s.id)
        dates.add(s.date)
    member_ids: set[str] = set()
    for mem in doc.members.values():
        if mem.id in member_ids:
            raise Fallback("duplicate member id")
        member_ids.add(mem.id)
        _cites(mem.sources, source_ids)
    records: set[tuple[str, str]] = set()
    for c in doc.commitments.values():
        key = (c.member, c.type)
        if key in records or c.member not in member_ids or len(set(c.conditions)) != len(c.conditions):
            raise Fallback("commitment: second record, unknown member or a repeated condition")
        records.add(key)
        dates.add(c.stated_on)
        _cites(c.sources, source_ids)
    for e in doc.events.values():
        dates.add(e.date)
        _cites(e.sources, source_ids)
    for m in doc.meta.values():
        _cites(m.reported_commitments.sources, source_ids)
    _real_dates(dates)


def _cites(ids: list[str], known: set[str] | None = None) -> None:
    if len(set(ids)) != len(ids) or (known is not None and not known.issuperset(ids)):
        raise Fallback("a sources list repeats an id or cites an unknown source")


def canonical(doc: DataFile) -> bytes:
    """The writer's canonical form: sorted keys, indent 2, final newline."""
    return msgspec.json.format(msgspec.json.encode(doc, order="sorted"), indent=2) + b"\n"


def model_from(doc: Any) -> Dataset:
    """Today's frozen-dataclass model, built from the Structs (mirrors `validate.build_dataset`)."""
    sources = {s.id: Source(s.id, s.publisher, s.title, s.date, s.url, s.tier) for s in doc.sources.values()}
    (m,) = doc.meta.values()
    r = m.reported_commitments
    meta = Meta(m.schema_version, m.title, m.as_of, m.summary,
                ReportedFigure(r.count, r.date, tuple(r.sources), r.note))
    by_member: dict[str, dict[str, Commitment]] = {mem.id: {} for mem in doc.members.values()}
    for c in doc.commitments.values():
        by_member[c.member][c.type] = Commitment(c.member, c.type, c.status, c.summary, tuple(c.conditions), c.lead,
                                                 c.quantity, c.stated_on, tuple(c.sources))
    members = tuple(_member(mem, by_member[mem.id]) for mem in doc.members.values())
    events = sorted((Event(e.date, e.title, e.summary, tuple(e.sources)) for e in doc.events.values()),
                    key=lambda e: e.date)
    return Dataset(meta, members, sources, tuple(events))


def _member(doc: Any, commitments: dict[str, Commitment]) -> Member:
    ordered = {t: commitments[t] for t in TYPES if t in commitments}
    statuses = tuple(c.status if (c := ordered.get(t)) else NOT_DISCLOSED for t in TYPES)
    counts = [0] * len(STATUSES)
    for status in statuses:
        counts[STATUS_RANK[status]] += 1
    name_key = (doc.name.casefold(), doc.id)
    caveats = tuple(doc.caveats)
    return Member(
        id=doc.id, name=doc.name, role=doc.role, eu=doc.eu, nato=doc.nato, stance=doc.stance, caveats=caveats,
        approval=doc.approval, summit_2025_09_04=doc.summit_2025_09_04, sources=tuple(doc.sources),
        commitments=ordered, statuses=statuses,
        conditions_by_type=tuple(frozenset(c.conditions) if (c := ordered.get(t)) else frozenset() for t in TYPES),
        name_key=name_key, strength_key=(min(STATUS_RANK[s] for s in statuses), *(-c for c in counts[:-1]), *name_key),
        caveats_key=(-len(caveats), *name_key))


def today(path: str, data: bytes) -> Dataset:
    """Today's path from the bytes: decode, strict parse, fast path, cross checks, model."""
    raw = store.parse_text(path, store.decode_utf8(path, data))
    dataset, problems = validate.build_dataset(raw)
    if dataset is None:
        raise DataError(path, problems)
    return dataset


# --- timing -------------------------------------------------------------------------------------------


def timed(fn: Callable[[], object], repeat: int) -> tuple[float, object]:
    """Median CPU ms of `repeat` calls after one warm-up, the cyclic GC paused as in `store.load`.

    CPU time of this process (`time.process_time`), not wall time: the team's machines run tests beside
    the benchmarks, and waiting for a core is not the decoder's cost.
    """
    result = fn()
    times = []
    for _ in range(repeat):
        gc.collect()
        gc.disable()
        start = time.process_time()
        result = fn()
        times.append((time.process_time() - start) * 1000)
        gc.enable()
        del result
        result = None
    gc.disable()
    result = fn()
    gc.enable()
    return statistics.median(times), result


def import_cost(statement: str, runs: int = 15) -> float:
    """Median CPU ms of `python -c statement` minus `python -c pass`, fresh processes, interleaved."""
    import resource

    def cpu() -> float:
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        return (usage.ru_utime + usage.ru_stime) * 1000

    base, with_it = [], []
    for _ in range(runs):
        for cmd, out in (("pass", base), (statement, with_it)):
            start = cpu()
            subprocess.run([str(BIN / "python"), "-c", cmd], check=True)
            out.append(cpu() - start)
    return statistics.median(with_it) - statistics.median(base)


VARIANTS: dict[str, Callable[[str, bytes], object]] = {
    "today": today,
    "json.loads only": lambda _path, data: json.loads(data),
    "msgspec untyped + today's validation": lambda _path, data: validate.build_dataset(msgspec.json.decode(data)),
    "typed, rules as `pattern=`": lambda _path, data: typed_decode(data),
    "lean typed + string rules in Python": lambda _path, data: lean_decode(data),
    "lean + today's model": lambda _path, data: model_from(lean_decode(data)),
    "canonical check (re-encode, compare)": lambda _path, data: canonical(lean_decode(data)) == data,
}
"""Each is timed in a fresh process: objects left alive by another variant slow the next one down (measured:
the lean decode took 10 ms alone, 14 ms after today's path had run, 18 ms with today's dataset alive)."""


def one(variant: str, size: int, repeat: int) -> float:
    """Median ms of one variant in this (fresh) process; the canonical check is timed without the decode."""
    path = str(DATA_DIR / f"members-{size}" / "commitments.json")
    data = Path(path).read_bytes()
    if variant.startswith("canonical"):
        doc = lean_decode(data)
        return timed(lambda: canonical(doc) == data, repeat)[0]
    return timed(lambda: VARIANTS[variant](path, data), repeat)[0]


def bench_size(size: int, repeat: int) -> None:
    """One row of the table: every variant in its own process, then a check that both paths agree."""
    path = str(DATA_DIR / f"members-{size}" / "commitments.json")
    data = Path(path).read_bytes()
    ms = {}
    for variant in VARIANTS:
        out = subprocess.run([str(BIN / "python"), __file__, "--one", variant, str(size), str(repeat)],
                             check=True, capture_output=True, text=True).stdout
        ms[variant] = float(out.strip())
    ds_today = today(path, data)
    for built in (model_from(lean_decode(data)), model_from(typed_decode(data))):
        assert built == ds_today, "the typed path built a different dataset"
        assert all(a.commitments == b.commitments and a.strength_key == b.strength_key
                   for a, b in zip(built.members, ds_today.members, strict=True))
    same = canonical(lean_decode(data)) == data
    lean, model, canon = (ms["lean typed + string rules in Python"], ms["lean + today's model"],
                          ms["canonical check (re-encode, compare)"])
    cells = " | ".join(f"{v:.1f}" for v in ms.values())
    note = "" if same else " (file not canonical!)"
    print(f"| {size:,} | {len(data) / 1e6:.1f} MB | {cells}{note} | {lean + canon:.1f} | {model + canon:.1f} | "
          f"{ms['today'] / (lean + canon):.1f}x / {ms['today'] / (model + canon):.1f}x |")


def bench(sizes: list[int], repeat: int) -> None:
    print("| members | file | " + " | ".join(VARIANTS) + " | lean + canonical (Structs are the model) | "
          "lean + model + canonical | speed-up vs today (Structs / model) |")
    print("|---:|---:|" + "---:|" * (len(VARIANTS) + 3))
    for size in sizes:
        bench_size(size, repeat)
    ours = "import tinydb, json, dataclasses, re, datetime, argparse"
    marginal = import_cost(f"{ours}, msgspec.json") - import_cost(ours)
    print(f"\nImport cost in a fresh process (median of 15, minus `python -c pass`): "
          f"`import msgspec.json` {import_cost('import msgspec.json'):.1f} ms; "
          f"`import json` {import_cost('import json'):.1f} ms; msgspec after what the CLI imports anyway "
          f"(`{ours}`): {marginal:.1f} ms")


# --- agreement ------------------------------------------------------------------------------------------


def _mutations(raw: dict[str, Any], rng: random.Random) -> list[tuple[str, bytes]]:
    """Random single changes to a valid dataset, as bytes: each is valid or not; the paths must agree."""
    out: list[tuple[str, bytes]] = []
    odd_values: list[Any] = ["", " ", "\t\n", "x\ny", "x\r", "\u2028", "\x1c", "\xa0", None, True, 0, 1, -1, 1.5,
                             [], ["S1", "S1"], {}, "2025-02-30", "2025-13", "2025", "99999", "https://x y",
                             "ftp://x", "A", "ZZ", "z", "not-disclosed", "NAN", "1e400"]
    for i in range(300):
        mutated = json.loads(json.dumps(raw))
        table = rng.choice(list(mutated))
        doc_id = rng.choice(list(mutated[table]))
        doc = mutated[table][doc_id]
        action = rng.random()
        if action < 0.6:
            field = rng.choice(list(doc))
            doc[field] = rng.choice(odd_values)
            label = f"{table}/{doc_id}/{field} = {doc[field]!r}"
        elif action < 0.7:
            doc[rng.choice(["extra", "Id", "note"])] = "x"
            label = f"{table}/{doc_id}: unknown field"
        elif action < 0.8:
            del doc[rng.choice(list(doc))]
            label = f"{table}/{doc_id}: missing field"
        elif action < 0.9:
            mutated[table]["0" + doc_id] = doc
            label = f"{table}: doc id with a leading zero"
        else:
            text = json.dumps(mutated, indent=2, sort_keys=True, ensure_ascii=False)
            key = f'"{doc_id}": {{'
            at = text.index(key)
            text = text[:at] + f'"{doc_id}": {{"x": 1}},\n    ' + text[at:]
            out.append((f"{table}: duplicate doc id {doc_id} (as text)", (text + "\n").encode()))
            continue
        out.append((label, (json.dumps(mutated, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode()))
        if i % 10 == 0:  # the same, with a duplicate key inside the document
            text = out[-1][1].decode()
            field = next(iter(doc)) if doc else "id"
            at = text.index(f'"{doc_id}": {{') + len(f'"{doc_id}": {{')
            dup = text[:at] + f'\n      "{field}": "dup",' + text[at:]
            out.append((label + " + a duplicate key", dup.encode()))
    return out


def check() -> int:
    """Every input the typed path accepts, today's path must accept too, with the same dataset."""
    sys.path.insert(0, str(ROOT))
    import tempfile

    from tests.bad_inputs import DATA_CASES

    cases: list[tuple[str, bytes]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for case in DATA_CASES:
            folder = Path(tmp) / f"case{len(cases)}"
            folder.mkdir()
            try:
                path = case.make(folder)
                cases.append((case.name, path.read_bytes() if path.is_file() else b""))
            except OSError:
                continue
    base = (DATA_DIR / "members-35" / "commitments.json").read_bytes()
    cases += _mutations(json.loads(base), random.Random(13))
    cases.append(("bundled data", (ROOT / "data" / "commitments.json").read_bytes()))
    disagreements = 0
    for label, decode in (("typed (patterns)", typed_decode), ("lean", lean_decode)):
        accepted = canonical_ok = 0
        for name, data in cases:
            try:
                doc = decode(data)
            except Fallback:
                continue
            accepted += 1
            canonical_ok += canonical(doc) == data
            try:
                expected = today("case.json", data)
            except DataError as exc:
                if canonical(doc) == data:  # only a canonical file would take the typed path
                    disagreements += 1
                    print(f"DISAGREE {label} {name}: accepted a canonical file today's path refuses: {exc}")
                continue
            if model_from(doc) != expected:
                disagreements += 1
                print(f"DISAGREE {label} {name}: different datasets")
        print(f"{len(cases)} inputs: the {label} path accepted {accepted} ({canonical_ok} of them canonical)")
    print(f"{disagreements} disagreements with today's path")
    return 1 if disagreements else 0


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "--one":
        print(one(sys.argv[2], int(sys.argv[3]), int(sys.argv[4])))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    parser.add_argument("--sizes", default="35,1000,10000")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--check", action="store_true", help="also check the typed path against today's")
    args = parser.parse_args()
    bench([int(s) for s in args.sizes.split(",")], args.repeat)
    return check() if args.check else 0


if __name__ == "__main__":
    sys.exit(main())
