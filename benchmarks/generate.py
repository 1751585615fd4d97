"""Deterministic generator of synthetic pledge-tui datasets for the benchmarks.

    python benchmarks/generate.py --members N --out DIR [--seed S] [--from-real]

writes two files into DIR:

- `commitments.json`: a TinyDB data file with the exact schema `pledge_tui.dataset.validate` enforces (README
  "The data"), written like the bundled file (`indent=2`, sorted keys, UTF-8 text, final newline).
  Shapes imitate the bundled data: about 2.2 commitments and 3.5 sources per member, one-line stances of
  70-130 characters, 1-4 caveats of 40-120 characters, commitment summaries of 80-200 characters, 1-8
  sources per claim, 30 timeline events, and a little non-ASCII text.
- `flat.csv`: the same data flattened to one row per member and type, for all ten types (members x 10
  rows; `not-disclosed` rows have empty fields), with the columns
  `member,name,role,type,status,conditions,lead,summary,sources` (lists joined with `;`). This is the
  input the VisiData baseline converts to Markdown.

With `--from-real` the members are not invented but grown from the real ones (issue 22): the bundled data's
members (data/commitments.json, the coalition as a whole left out), copied in turn until there are N, each
copy with all its commitments, caveats and stance, and its own copy of every source it and its commitments
cite (renumbered), so that the data is as dense as the real data: about 2.3 commitments, 4 caveats and
5 cited sources per member, 190-character summaries. The events and the meta document are the real ones.
That output depends on (members) and the bundled data file.

The output depends only on (members, seed) and this file: the same arguments give the same bytes.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import random
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pledge_tui.dataset.vocab import CONDITIONS, NOT_DISCLOSED, STORED_STATUSES, TYPES

REAL_DATA = Path(__file__).resolve().parents[1] / "data" / "commitments.json"
"""What `--from-real` grows its members from."""
DATA_NAME = "commitments.json"
FLAT_NAME = "flat.csv"
FLAT_HEADER = ("member", "name", "role", "type", "status", "conditions", "lead", "summary", "sources")
DEFAULT_SEED = 2026
EVENT_COUNT = 30
SOURCES_PER_MEMBER = 3.5
SHARED_SOURCES = 40
"""The first sources play the part of summit statements and wire reports that many members cite."""

_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_LETTERS = _ALPHABET[10:]

_WORD_TEXT = (
    "the defence ministry said troops would deploy only after a ceasefire and with a clear mandate from "
    "parliament government coalition partners reassurance force Ukraine armed forces training mission air "
    "policing maritime security mine countermeasures Black Sea logistics hub transit basing equipment "
    "funding package air defence systems artillery ammunition drones monitoring verification headquarters "
    "coordination cell Paris London Kyiv summit leaders statement prime minister president foreign minister "
    "contribution support long-term security guarantees backstop United States NATO European Union "
    "neighbouring territory rotation brigade company battalion instructors engineers medical humanitarian "
    "aid budget billion million euros per year framework rules of engagement legal basis vote decision "
    "announced confirmed declined ruled out considering conditional pledged offered ready willing unclear "
    "reported according to officials later added spokesperson interview press conference joint "
    "declaration multinational force land element regeneration air patrols surveillance flights frigate "
    "minehunter staff officers planning cell readiness weeks months after signing peace agreement"
)
_WORDS = tuple(_WORD_TEXT.split())

_SYLLABLES = (
    "val", "dor", "kes", "tro", "vi", "mar", "len", "ost", "bel", "gra", "nor", "sa", "lu", "ta", "ri", "an",
    "mo", "ca", "del", "fen", "ga", "hel", "is", "jor", "ka", "li", "mer", "ny", "or", "pra", "sen", "tu",
)
_ENDINGS = ("ia", "a", "land", "ova", "stan", "mark", "ora", "inia", "ey", "ur")
_ACCENTED = ("Ø", "Å", "Ç", "Ž", "Ő", "É")
_PUBLISHERS = (
    "Northern Wire", "Baltic Herald", "Continental Press Agency", "Defence Daily", "The Capital Post",
    "Eastern Observer", "Coalition Secretariat", "Security Policy Review", "Harbour City Times",
    "Ministry of Defence", "Office of the Prime Minister", "Parliamentary Record", "Radio Central",
    "Kyiv Ledger", "European Monitor", "Atlantic Dispatch", "Wire Service (via aggregator)",
    "Unattributed web article", "Regional Broadcaster", "Think Tank Brief",
)
_DOMAINS = ("news.example.org", "wire.example.com", "gov.example.net", "press.example.eu", "defence.example.info")
_QUANTITIES = ("company-sized unit", "several thousand troops", "two frigates", "four fighter jets",
               "€300m per year", "£200m", "a field hospital", "staff officers")


def member_ids(count: int, rng: random.Random) -> list[str]:
    """`count` unique ids matching `[A-Z][A-Z0-9-]{1,15}`.

    The first 676 are two-letter codes (like ISO 3166-1 alpha-2) in shuffled order; beyond that, `X`
    followed by a four-digit base-36 counter (`X0000`, `X0001`, ...), which cannot clash with them.
    """
    pairs = [a + b for a in _LETTERS for b in _LETTERS]
    rng.shuffle(pairs)
    ids = pairs[:count]
    for n in range(count - len(ids)):
        digits = ""
        while True:
            n, rest = divmod(n, 36)
            digits = _ALPHABET[rest] + digits
            if n == 0:
                break
        ids.append("X" + digits.rjust(4, "0"))
    return ids


def _weighted(rng: random.Random, table: dict[Any, int]) -> Any:
    return rng.choices(list(table), weights=list(table.values()))[0]


def _sentence(rng: random.Random, low: int, high: int) -> str:
    """A sentence-like line of `low`..`high` characters built from the domain word list."""
    target = rng.randint(low, high)
    words: list[str] = []
    length = 0
    while length < target - 1:
        word = rng.choice(_WORDS)
        words.append(word)
        length += len(word) + 1
    text = " ".join(words)[: high - 1].rstrip(" ,")
    while len(text) < low - 1:
        text += "s"
    return text[:1].upper() + text[1:] + "."


def _name(rng: random.Random, taken: set[str]) -> str:
    """A unique, plausible country-like name of 4-20 characters (sometimes with a non-ASCII letter)."""
    while True:
        stem = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(1, 3)))
        name = (stem + rng.choice(_ENDINGS)).capitalize()
        if rng.random() < 0.05:
            name = rng.choice(_ACCENTED) + name[1:]
        if rng.random() < 0.05:
            name = "Republic of " + name
        if name not in taken and len(name) >= 4:
            taken.add(name)
            return name


def _date(rng: random.Random, *, precision: int) -> str:
    """A date between 2025-02 and 2026-03 with 1 (year), 2 (month) or 3 (day) parts."""
    year, month = rng.choice([(2025, m) for m in range(2, 13)] + [(2026, m) for m in range(1, 4)])
    parts = [f"{year:04d}", f"{month:02d}", f"{rng.randint(1, 28):02d}"]
    return "-".join(parts[:precision])


def _pick_sources(rng: random.Random, count: int, local: list[str], shared: list[str]) -> list[str]:
    """`count` distinct source ids, mostly from the member's own sources, sometimes a shared one."""
    chosen: list[str] = []
    while len(chosen) < count:
        pool = shared if (rng.random() < 0.25 or not local) else local
        candidate = rng.choice(pool)
        if candidate not in chosen:
            chosen.append(candidate)
        elif len(chosen) >= len(set(local) | set(shared)):
            break
    return chosen


@dataclass(frozen=True)
class Generated:
    """What `generate` produced: the file contents and their counts."""

    data: str
    flat: str
    members: int
    commitments: int
    sources: int
    events: int


def generate(members: int, seed: int = DEFAULT_SEED) -> Generated:
    """Build the dataset and its flattened CSV for `members` members, deterministically."""
    if members < 1:
        raise ValueError("members must be at least 1")
    rng = random.Random(f"pledge-bench:{seed}:{members}")
    source_count = max(SHARED_SOURCES + 3, round(members * SOURCES_PER_MEMBER))
    source_ids = [f"S{i}" for i in range(source_count)]
    shared = source_ids[:SHARED_SOURCES]

    sources: dict[str, dict[str, Any]] = {}
    for i, sid in enumerate(source_ids, start=1):
        publisher = rng.choice(_PUBLISHERS)
        precision = _weighted(rng, {3: 75, 2: 23, 1: 2})
        url = "" if rng.random() < 0.05 else (
            f"https://{rng.choice(_DOMAINS)}/{rng.randint(2025, 2026)}/"
            + "-".join(rng.choice(_WORDS).lower() for _ in range(rng.randint(4, 12)))
            + f"-{rng.randint(100000, 999999)}.html"
        )
        sources[str(i)] = {
            "id": sid, "publisher": publisher, "title": _sentence(rng, 18, 140).rstrip("."),
            "date": _date(rng, precision=precision), "url": url, "tier": _weighted(rng, {"B": 70, "C": 21, "A": 9}),
        }

    ids = member_ids(members, rng)
    names: set[str] = set()
    member_docs: dict[str, dict[str, Any]] = {}
    commitment_docs: dict[str, dict[str, Any]] = {}
    flat = io.StringIO()
    writer = csv.writer(flat, lineterminator="\n")
    writer.writerow(FLAT_HEADER)
    per_member = len(source_ids) / members
    for index, member_id in enumerate(ids):
        start = int(index * per_member)
        local = source_ids[start: start + max(4, round(per_member) + 2)]
        name = _name(rng, names)
        role = _weighted(rng, {"member": 92, "institution": 5, "partner": 3})
        doc = {
            "id": member_id, "name": name, "role": role,
            "eu": rng.random() < 0.6, "nato": rng.random() < 0.75,
            "stance": _sentence(rng, 68, 134),
            "caveats": [_sentence(rng, 40, 120) for _ in range(rng.randint(1, 4))],
            "approval": _weighted(rng, {"unknown": 60, "required": 30, "obtained": 6, "not-required": 4}),
            "summit_2025_09_04": _weighted(rng, {"video": 66, "in-person": 22, "unknown": 10, "absent": 2}),
            "sources": _pick_sources(rng, _weighted(rng, {1: 8, 2: 8, 3: 9, 4: 5, 5: 3, 8: 2, 12: 1, 15: 1}),
                                     local, shared),
        }
        member_docs[str(index + 1)] = doc
        count = _weighted(rng, {0: 3, 1: 9, 2: 10, 3: 8, 4: 4, 5: 2, 6: 1})
        chosen = set(rng.sample(TYPES, count))
        for type_slug in TYPES:
            if type_slug not in chosen:
                writer.writerow((member_id, name, role, type_slug, NOT_DISCLOSED, "", "false", "", ""))
                continue
            record = {
                "member": member_id, "type": type_slug,
                "status": _weighted(rng, dict(zip(STORED_STATUSES, (39, 22, 28, 11), strict=True))),
                "summary": _sentence(rng, 80, 200),
                "conditions": rng.sample(CONDITIONS, _weighted(rng, {0: 30, 1: 30, 2: 14, 3: 4, 4: 1, 5: 1})),
                "lead": rng.random() < 0.05,
                "quantity": rng.choice(_QUANTITIES) if rng.random() < 0.06 else None,
                "stated_on": _date(rng, precision=_weighted(rng, {3: 58, 2: 42})),
                "sources": _pick_sources(rng, _weighted(rng, {1: 30, 2: 25, 3: 12, 4: 8, 6: 3, 8: 2}), local, shared),
            }
            commitment_docs[str(len(commitment_docs) + 1)] = record
            writer.writerow((member_id, name, role, type_slug, record["status"], ";".join(record["conditions"]),
                             "true" if record["lead"] else "false", record["summary"], ";".join(record["sources"])))

    dates = sorted(_date(rng, precision=_weighted(rng, {3: 90, 2: 10})) for _ in range(EVENT_COUNT))
    events = {
        str(i): {
            "id": f"E{i}", "date": day, "title": _sentence(rng, 12, 41).rstrip("."),
            "summary": _sentence(rng, 60, 300),
            "sources": _pick_sources(rng, rng.randint(1, 4), [], shared),
        }
        for i, day in enumerate(dates, start=1)
    }
    meta = {"1": {
        "schema_version": GENERATED_VERSION,
        "title": f"Synthetic benchmark dataset ({members} members)",
        "as_of": "2026-03",
        "summary": "Generated for pledge-tui's benchmarks: realistic shapes and text lengths, invented content. "
                   "Nothing in it describes a real country's commitments.",
        "reported_commitments": {
            "count": 26, "date": "2025-09-04", "sources": shared[1:4],
            "note": "An attributed headline figure, kept apart from the member list as in the real data.",
        },
    }}
    raw = {"meta": meta, "members": member_docs, "commitments": commitment_docs, "sources": sources, "events": events,
           "history": {}}
    data = json.dumps(raw, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    return Generated(data, flat.getvalue(), members, len(commitment_docs), len(sources), len(events))


def from_real(members: int, real: Path = REAL_DATA) -> Generated:
    """`members` members grown from the real ones (see the module's docstring), deterministically."""
    if members < 1:
        raise ValueError("members must be at least 1")
    raw: dict[str, Any] = json.loads(real.read_text(encoding="utf-8"))
    by_id = {doc["id"]: doc for doc in raw["sources"].values()}
    real_members = [doc for doc in raw["members"].values() if doc["role"] != "coalition"]
    by_member: dict[str, list[dict[str, Any]]] = {}
    for record in raw["commitments"].values():
        by_member.setdefault(record["member"], []).append(record)
    sources: dict[str, dict[str, Any]] = {}

    def copied(source_id: str, renamed: dict[str, str]) -> str:
        if source_id not in renamed:
            new_id = f"S{len(sources)}"
            sources[str(len(sources) + 1)] = {**by_id[source_id], "id": new_id}
            renamed[source_id] = new_id
        return renamed[source_id]

    shared: dict[str, str] = {}  # the events' and the meta document's sources: copied once
    events = {doc_id: {**doc, "sources": [copied(s, shared) for s in doc["sources"]]}
              for doc_id, doc in raw["events"].items()}
    (meta,) = raw["meta"].values()
    figure = meta["reported_commitments"]
    meta_doc = {**meta, "schema_version": GENERATED_VERSION, "title": f"Grown from the real members ({members})",
                "reported_commitments": {**figure, "sources": [copied(s, shared) for s in figure["sources"]]}}
    member_docs: dict[str, dict[str, Any]] = {}
    commitment_docs: dict[str, dict[str, Any]] = {}
    flat = io.StringIO()
    writer = csv.writer(flat, lineterminator="\n")
    writer.writerow(FLAT_HEADER)
    for n in range(members):
        model = real_members[n % len(real_members)]
        copy_no = n // len(real_members)
        member_id = model["id"] if copy_no == 0 else f"{model['id'][:10]}-{copy_no}"
        name = model["name"] if copy_no == 0 else f"{model['name']} {copy_no + 1}"
        renamed: dict[str, str] = {}
        member_docs[str(n + 1)] = {**model, "id": member_id, "name": name,
                                   "sources": [copied(s, renamed) for s in model["sources"]]}
        records = {r["type"]: r for r in by_member.get(model["id"], ())}
        for type_slug in TYPES:
            record = records.get(type_slug)
            if record is None:
                writer.writerow((member_id, name, model["role"], type_slug, NOT_DISCLOSED, "", "false", "", ""))
                continue
            doc = {**record, "member": member_id, "sources": [copied(s, renamed) for s in record["sources"]]}
            commitment_docs[str(len(commitment_docs) + 1)] = doc
            writer.writerow((member_id, name, model["role"], type_slug, doc["status"], ";".join(doc["conditions"]),
                             "true" if doc["lead"] else "false", doc["summary"], ";".join(doc["sources"])))
    data = {"meta": {"1": meta_doc}, "members": member_docs, "commitments": commitment_docs, "sources": sources,
            "events": events, "history": {}}
    text = json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    return Generated(text, flat.getvalue(), members, len(commitment_docs), len(sources), len(events))


GENERATED_VERSION = 2
"""The generator writes one file, so a version-2 file with an empty history (no log beside it); every read
command reads it as it is, and the first write upgrades it to version 3 (its baselines and log)."""


def write(out_dir: Path, generated: Generated) -> tuple[Path, Path]:
    """Write both files into `out_dir` (created if needed); returns (data file, flat CSV)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    data_path, flat_path = out_dir / DATA_NAME, out_dir / FLAT_NAME
    data_path.write_bytes(generated.data.encode("utf-8"))
    flat_path.write_bytes(generated.flat.encode("utf-8"))
    return data_path, flat_path


def main(argv: list[str] | None = None) -> int:
    """Command line: `--members N --out DIR [--seed S]`."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--members", type=int, required=True, help="number of members (at least 1)")
    parser.add_argument("--out", type=Path, required=True, help="folder to write commitments.json and flat.csv into")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"random seed (default {DEFAULT_SEED})")
    parser.add_argument("--from-real", action="store_true",
                        help="grow the members from the real ones of data/commitments.json (dense members)")
    args = parser.parse_args(argv)
    if args.members < 1:
        parser.error("--members must be at least 1")
    generated = from_real(args.members) if args.from_real else generate(args.members, args.seed)
    data_path, flat_path = write(args.out, generated)
    print(f"{data_path}: {generated.members} members, {generated.commitments} commitments, "
          f"{generated.sources} sources, {generated.events} events ({len(generated.data.encode()):,} bytes); "
          f"{flat_path}: {generated.members * len(TYPES)} rows")
    return 0


if __name__ == "__main__":
    sys.exit(main())
