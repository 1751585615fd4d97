"""Version-3 data files with long histories, made quickly, for the benchmarks of issue 22.

    python benchmarks/histories.py SOURCE TARGET --entries N [--edit-from K] [--by NAME]

`upgraded(SOURCE, TARGET)` copies a data file (and its history log) to TARGET as schema version 3: an
older file is upgraded the way its first write would upgrade it (`dataset.upgrade.to_v3`: a baseline entry
per record and one `upgrade` entry), without a change of its own. `grow(TARGET, N)` then appends N `set`
entries to its log, as the write command makes them: each changes one commitment's status (and, one time
in three, its summary), with the whole record before and after, the record's head as its parent, the
first source of the data cited, one second after the entry before; the data file then gets the records
and the `heads` documents those entries left. Entries, ids and heads are made by the dataset layer's own
functions (`ids.with_id`, `upgrade.head_document`, `log.entry_line`, `rawio.serialize`), so the result
validates (`pledge-tui validate TARGET`), and writing N entries takes about a second per 50,000, where
replaying N `set` commands would validate the whole file N times.

Which records an edit touches: the commitments in document order, round robin, starting at the `K`th
(`--edit-from`), over `--spread` records (default: all): two copies grown with different `K` and a
`spread` of 1% of the records change different records (the merge benchmark's two sides).
"""

from __future__ import annotations

import argparse
import calendar
import json
import shutil
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pledge_tui.dataset import log as history_log
from pledge_tui.dataset.ids import with_id
from pledge_tui.dataset.rawio import read_bytes, serialize
from pledge_tui.dataset.upgrade import head_document, to_v3
from pledge_tui.dataset.validate import schema_version_of

UPGRADE_AT = "2026-03-15T00:00:00Z"
"""The upgrade's time for a file without history (its baselines are dated at its `as_of`)."""
STATUSES = ("considering", "conditional")
"""A grown entry moves a commitment between these two (neither breaks the status rule)."""


def log_of(path: Path) -> Path:
    """The history log beside a data file."""
    return Path(history_log.log_path(str(path)))


def upgraded(source: Path, target: Path) -> None:
    """Copy SOURCE (and its log) to TARGET as a version-3 file; an older one is upgraded, nothing else."""
    raw: dict[str, Any] = json.loads(read_bytes(str(source)))
    version = schema_version_of(raw)
    target.parent.mkdir(parents=True, exist_ok=True)
    if version == 3:
        shutil.copyfile(source, target)
        shutil.copyfile(log_of(source), log_of(target))
        return
    done = to_v3(raw, version, at=UPGRADE_AT, by="bench")
    log_of(target).write_bytes(history_log.lines_of(done.entries))
    target.write_bytes(serialize(done.tables))


def _seconds(at: str) -> int:
    return calendar.timegm(time.strptime(at, "%Y-%m-%dT%H:%M:%SZ"))


def _moments(after: str) -> Iterator[str]:
    second = _seconds(after) + 1
    while True:
        yield time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(second))
        second += 1


def grow(target: Path, entries: int, *, edit_from: int = 0, spread: int | None = None, by: str = "bench") -> int:
    """Append `entries` `set` entries to TARGET's log (a version-3 file) and update its records and heads;
    returns the number of lines the log then has."""
    raw: dict[str, Any] = json.loads(read_bytes(str(target)))
    if schema_version_of(raw) != 3:
        raise SystemExit(f"{target}: not schema version 3 (run `upgraded` first)")
    commitments: dict[str, dict[str, Any]] = raw["commitments"]
    doc_ids = sorted(commitments, key=int)
    chosen = doc_ids[edit_from % len(doc_ids):] + doc_ids[:edit_from % len(doc_ids)]
    chosen = chosen[:spread] if spread else chosen
    heads_by_key = {(h["table"], h["key"]): doc_id for doc_id, h in raw["heads"].items()}
    source_id = next(iter(raw["sources"].values()))["id"]
    last = history_log.last_line(str(log_of(target)))
    newest = max([UPGRADE_AT, *([json.loads(last)["at"]] if last else []),
                  *(h["at"] for h in raw["heads"].values())])
    moments = _moments(newest)
    lines: list[bytes] = []
    for n in range(entries):
        doc_id = chosen[n % len(chosen)]
        before = commitments[doc_id]
        key = f"{before['member']}/{before['type']}"
        after = {**before, "status": STATUSES[(STATUSES.index(before["status"]) + 1) % 2]
                 if before["status"] in STATUSES else STATUSES[0],
                 "sources": [*before["sources"], *([] if source_id in before["sources"] else [source_id])]}
        if n % 3 == 0:
            after["summary"] = before["summary"].removesuffix(" (revised)") + (
                "" if before["summary"].endswith(" (revised)") else " (revised)")
        head_doc = heads_by_key[("commitments", key)]
        entry = with_id({"at": next(moments), "by": by, "action": "set", "table": "commitments", "key": key,
                         "before": before, "after": after, "sources": [source_id], "note": "",
                         "parents": [raw["heads"][head_doc]["entry"]]})
        lines.append(history_log.entry_line(entry))
        commitments[doc_id] = after
        raw["heads"][head_doc] = head_document(entry)
    with open(log_of(target), "ab") as handle:
        handle.write(b"".join(lines))
    target.write_bytes(serialize(raw))
    with open(log_of(target), "rb") as handle:
        return sum(1 for _ in handle)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("source", type=Path)
    parser.add_argument("target", type=Path)
    parser.add_argument("--entries", type=int, default=0, help="set entries to append (default 0)")
    parser.add_argument("--edit-from", type=int, default=0, help="the first commitment edited (document order)")
    parser.add_argument("--spread", type=int, default=None, help="edit only this many commitments, round robin")
    args = parser.parse_args(argv)
    upgraded(args.source, args.target)
    lines = grow(args.target, args.entries, edit_from=args.edit_from, spread=args.spread) if args.entries else None
    print(f"{args.target}: version 3{f', {lines} log lines' if lines is not None else ''}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
