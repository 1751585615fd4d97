"""A data file and its history log kept in memory, changed through the write path's own `prepare` (what
`commit.commit` does between reading and writing): for tests of history, undo, adopt and merges that
need many writes without the disk."""

from __future__ import annotations

import copy
import functools
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from pledge_tui.dataset import log
from pledge_tui.dataset.commit import Changes, Edit, Prepared, ReadsLog, prepare
from pledge_tui.dataset.history import Tables
from pledge_tui.dataset.rawio import serialize

Entry = dict[str, Any]


class Clone:
    """One analyst's copy: the tables of the data file and the entries of its log, oldest first."""

    def __init__(self, tables: Mapping[str, Any], entries: Sequence[Mapping[str, Any]] = (), *,
                 by: str = "analyst", at: str = "2026-03-10T09:00:00Z") -> None:
        self.tables: Tables = copy.deepcopy(dict(tables))
        self.entries: list[Entry] = [dict(e) for e in entries]
        self.by, self.at = by, at

    def copy(self, *, by: str | None = None) -> Clone:
        return Clone(self.tables, self.entries, by=by or self.by, at=self.at)

    def prepare(self, edit: Edit | ReadsLog, *, at: str | None = None) -> Prepared:
        """The write worked out (raises as `commit` would), without applying it here."""
        return prepare("f.json", copy.deepcopy(self.tables), edit, at=at or self.at, by=self.by,
                       entries=lambda: copy.deepcopy(self.entries))

    def write(self, edit: Edit | ReadsLog, *, at: str | None = None) -> Prepared:
        """Make the change, as `commit` would write it (an upgrade replaces the log; any other write
        appends to it)."""
        prepared = self.prepare(edit, at=at)
        if prepared.tables is not None:
            self.tables = prepared.tables
            self.entries = [*([] if prepared.upgraded else self.entries), *map(dict, prepared.entries)]
        return prepared

    def undo(self, entry: str | None = None, *, at: str | None = None) -> Prepared:
        from pledge_tui.dataset import edits

        def run(tables: Tables, entries: Sequence[Mapping[str, Any]]) -> Changes:
            return edits.undo(tables, entries, entry=entry)

        return self.write(ReadsLog(run), at=at)

    def log_bytes(self) -> bytes:
        return log.lines_of(self.entries)

    def save(self, path: Path) -> Path:
        """Write both files as the write path stores them (the log beside the data file)."""
        path.write_bytes(serialize(self.tables))
        Path(log.log_path(str(path))).write_bytes(self.log_bytes())
        return path


def read_log(path: Path) -> list[Entry]:
    """The entries of the log beside the data file at `path`."""
    return [json.loads(line) for line in Path(log.log_path(str(path))).read_text(encoding="utf-8").splitlines()]


def records_of(tables: Mapping[str, Any]) -> dict[tuple[str, str], Any]:
    """Every record by (table, natural key): for comparing data whose document ids may differ."""
    from pledge_tui.dataset.upgrade import records

    return {key: doc for key, doc in records(tables).items()}


def v3_clone(raw: Mapping[str, Any] | None = None, *, at: str = "2026-03-01T00:00:00Z", by: str = "analyst") -> Clone:
    """A version-3 copy of `raw` (default: the factory's version-2 dataset) as its first write upgrades it:
    the tables and the log of baselines, converted entries and the upgrade."""
    from pledge_tui.dataset import upgrade
    from pledge_tui.dataset.history import schema_version
    from tests.factories import raw_dataset_v2

    source = copy.deepcopy(dict(raw if raw is not None else raw_dataset_v2()))
    done = upgrade.to_v3(source, schema_version(source), at=at, by=by)
    return Clone(done.tables, done.entries, by=by)


def v3_file(path: Path, raw: Mapping[str, Any] | None = None, **kw: Any) -> Path:
    """`v3_clone(raw)` saved at `path`, its log beside it."""
    return v3_clone(raw, **kw).save(path)


# --- two clones of one base, and their merge (both runs of the driver, pure) -------------------------------

Doc = dict[str, Any]
OURS_AT, THEIRS_AT = "2026-03-11T09:00:00Z", "2026-03-11T09:00:30Z"


def branches() -> tuple[Clone, Clone, Clone]:
    """A version-3 base (the factory's version-2 dataset, upgraded) and two clones of it."""
    base = v3_clone()
    ours, theirs = base.copy(by="ours"), base.copy(by="theirs")
    ours.at, theirs.at = OURS_AT, THEIRS_AT
    return base, ours, theirs


def add_source(clone: Clone, title: str, source_id: str | None = None) -> str:
    from pledge_tui.dataset import edits

    clone.write(functools.partial(edits.add_source, publisher="Wire", title=title, date="2026-03", url="", tier="B",
                                  source_id=source_id))
    key: str = clone.entries[-1]["key"]
    return key


def set_cell(clone: Clone, member: str, type_: str, status: str, sources: list[str], **kw: Any) -> None:
    from pledge_tui.dataset import edits

    clone.write(functools.partial(edits.set_commitment, member=member, type_=type_, status=status, sources=sources,
                                  today="2026-03-11", summary=kw.pop("summary", f"{member} {type_} {status}."), **kw))


def add_event(clone: Clone, title: str, sources: list[str]) -> str:
    from pledge_tui.dataset import edits

    clone.write(functools.partial(edits.add_event, date="2026-03-11", title=title, summary="S.", sources=sources))
    key: str = clone.entries[-1]["key"]
    return key


def merged(base: Clone, ours: Clone, theirs: Clone) -> Clone:
    """Both runs of the driver, pure: the data file's and the log's."""
    from pledge_tui.dataset.merge_v3 import merge_data, merge_logs

    data = merge_data(base.tables, ours.tables, theirs.tables)
    history = merge_logs(base.entries, ours.entries, theirs.entries)
    return Clone(data.tables, history.entries)


def every_kind_of_entry() -> Clone:
    """A merged clone whose log has every kind of entry a log reader meets: baselines, sets, sources and events
    added on both sides (one renumbered), an undo and a join, with text that JSON escapes (quotes, a
    backslash, a line break) or that is left as it is (accents, an emoji, DEL, a line separator)."""
    base, ours, theirs = branches()
    set_cell(ours, "PL", "monitoring", "pledged", ["S1"], summary="Same.")
    set_cell(theirs, "PL", "monitoring", "pledged", ["S1"], summary="Same.")
    add_event(ours, "Vilnius talks", [add_source(ours, "Ours: a source")])
    add_source(theirs, "Theirs: a source é😀 \x7f \u2028")
    set_cell(theirs, "IT", "training", "considering", ["S2"], note="line\nbreak and \"quotes\" \\ back")
    theirs.undo()
    return merged(base, ours, theirs)


def proof_of(clone: Clone) -> list[str]:
    """Every problem the proof finds in a clone (none: it validates)."""
    from pledge_tui.dataset import proof

    found = proof.check(clone.tables, list(enumerate(clone.entries, 1)), now="2027-01-01T00:00:00Z",
                        sources_known={d["id"] for d in clone.tables["sources"].values()})
    return [p.describe("merged") for p in found.problems]


def record(clone: Clone, table: str, key: str) -> Doc | None:
    found: Doc | None = records_of(clone.tables).get((table, key))
    return found


def source_titled(clone: Clone, title: str) -> str:
    (source_id,) = [str(d["id"]) for d in clone.tables["sources"].values() if d["title"] == title]
    return source_id


def edited_clone_file(folder: Path, edits: Sequence[tuple[str, str, str]]) -> Path:
    """A version-3 file (`folder/d.json`) and its log after one `set` a day from 2026-04-01 (`edits`: member,
    type, status; each noted `edit N`), and an undo of the last on 2026-05-01 when there are two or more."""
    from pledge_tui.dataset import edits as write_edits

    clone = v3_clone()
    for n, (member, type_, status) in enumerate(edits):
        clone.write(functools.partial(write_edits.set_commitment, member=member, type_=type_, status=status,
                                      sources=["S1"], today="2026-03-11", summary=f"{member} {type_} {status}.",
                                      note=f"edit {n}"), at=f"2026-04-{n + 1:02d}T10:00:00Z")
    if len(edits) > 1:
        clone.undo(at="2026-05-01T10:00:00Z")
    return clone.save(folder / "d.json")


EDITS = st.lists(st.tuples(st.sampled_from(["PL", "IT"]), st.sampled_from(["logistics", "training"]),
                           st.sampled_from(["considering", "ruled-out"])), min_size=1, max_size=5)
"""Edits for `edited_clone_file`, as hypothesis draws them."""
