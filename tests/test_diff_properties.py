"""Property (issue 20): random edits of every kind (cells, members, sources, events, the dataset information)
made with the write commands; then

- `diff` of the file before and after reports exactly the records and fields that differ, each with its
  change (added, removed, changed) and, for a change, exactly the fields that moved;
- `changes --since` (a date between the file's first entry and the edits) reports the same, each change
  with the entries that made it;
- `--at` of any moment (each entry's own time, and a moment between two entries) rebuilds the data exactly
  as the file was after the entries up to that moment, and `list --at` prints what `list` printed of it.

The expected differences are worked out from the two files' JSON, field by field (`_reference`), never from
the diff's model; the states `--at` must rebuild are copies of the file taken after each write. The
commands run in-process through `pledge_tui.cli.main`, as a user would type them.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import tempfile
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from pledge_tui.cli.main import main
from pledge_tui.dataset import store
from pledge_tui.dataset.log import log_path
from pledge_tui.dataset.model import natural_key
from pledge_tui.dataset.replay import keyed_documents
from pledge_tui.dataset.vocab import CONDITIONS, STORED_STATUSES, TYPES
from pledge_tui.views.recorded import as_recorded
from tests import factories as F
from tests.clones import read_log

EDIT_EPOCH = 1775000000
"""2026-03-31T23:33:20Z: the first edit's time; each later edit a minute later."""
SINCE = "2026-03-20"
"""After the starting file's one entry (2026-03-10), before the edits."""
NOW = "2026-12-31T00:00:00Z"
MEMBERS = ("PL", "IT", "US", "EU", "NO", "DK")
"""The first four exist; NO and DK can be added."""
TEXT = st.text(st.characters(whitelist_categories=("L", "N", "P", "Zs"), max_codepoint=0x17F), min_size=1,
               max_size=12).filter(lambda s: s.strip() == s and bool(s))
DAYS = st.sampled_from(["2025-09", "2026-01-06", "2026-02", "2026-03-15"])
KEY_FIELDS = {"commitments": {"member", "type"}, "members": {"id"}, "sources": {"id"}, "events": {"id"}, "meta": set()}

sets = st.tuples(st.just("set"), st.sampled_from(MEMBERS), st.sampled_from(TYPES), st.sampled_from(STORED_STATUSES),
                 st.none() | TEXT, st.none() | st.lists(st.sampled_from(CONDITIONS), unique=True, max_size=3),
                 st.none() | st.booleans(), st.none() | TEXT, st.none() | DAYS, st.integers(0, 20))
edits = st.one_of(
    sets, sets,
    st.tuples(st.just("unset"), st.sampled_from(MEMBERS), st.sampled_from(TYPES)),
    st.tuples(st.just("add-member"), st.sampled_from(MEMBERS[4:])),
    st.tuples(st.just("edit-member"), st.sampled_from(MEMBERS[:4]),
              st.sampled_from(["--stance", "--add-caveat", "--remove-caveat", "--approval", "--summit"]), TEXT,
              st.integers(0, 20)),
    st.tuples(st.just("add-source"), DAYS),
    st.tuples(st.just("edit-source"), st.integers(0, 20), st.sampled_from(["--title", "--date", "--tier"]), TEXT,
              DAYS),
    st.tuples(st.just("add-event"), DAYS),
    st.tuples(st.just("edit-event"), st.integers(0, 20), st.sampled_from(["--title", "--summary", "--date"]), TEXT,
              DAYS),
    st.tuples(st.just("edit-meta"), st.sampled_from(["--as-of", "--summary", "--reported-note"]), TEXT, DAYS),
    st.tuples(st.just("undo")),
)


@contextlib.contextmanager
def _environment() -> Iterator[None]:
    saved = {k: os.environ.get(k) for k in ("SOURCE_DATE_EPOCH", "PLEDGE_TUI_USER", "PLEDGE_TUI_DATA")}
    os.environ.update(PLEDGE_TUI_USER="property")
    os.environ.pop("PLEDGE_TUI_DATA", None)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def _run(*args: str) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    assert "Traceback" not in err.getvalue() and "internal error" not in err.getvalue(), err.getvalue()
    return code, out.getvalue()


def _history_length(path: Path) -> int:
    """How many history entries the file has: its log's (schema version 3), else its own table's (version 2,
    before the first write upgrades it)."""
    if Path(log_path(str(path))).exists():
        return len(read_log(path))
    return len(_raw(path).get("history", {}))


def _raw(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def _ids(raw: Mapping[str, Any], table: str) -> list[str]:
    return sorted(d["id"] for d in raw[table].values())


def _command(edit: tuple[Any, ...], raw: Mapping[str, Any]) -> list[str]:
    """The command line of one edit (values that name a source or an event pick among those in the file)."""
    kind = edit[0]
    sources, events = _ids(raw, "sources"), _ids(raw, "events")
    if kind == "set":
        _, member, type_, status, summary, conditions, lead, quantity, stated_on, source = edit
        args = ["set", member, type_, status, f"--source={sources[source % len(sources)]}"]
        args += [f"--summary={summary}"] if summary is not None else []
        args += [] if conditions is None else [f"--condition={c}" for c in conditions] or ["--no-conditions"]
        args += [] if lead is None else ["--lead" if lead else "--no-lead"]
        args += [f"--quantity={quantity}"] if quantity is not None else []
        return args + ([f"--stated-on={stated_on}"] if stated_on is not None else [])
    if kind == "unset":
        return ["unset", edit[1], edit[2], "--source=S1", "--note=Gone."]
    if kind == "add-member":
        return ["add-member", edit[1], "--name", f"Member {edit[1]}", "--role", "member", "--stance", "A stance.",
                "--source", "S1"]
    if kind == "edit-member":
        _, member, option, text, source = edit
        value = {"--remove-caveat": "1", "--approval": "obtained", "--summit": "absent"}.get(option, text)
        return ["edit-member", member, f"{option}={value}", f"--source={sources[source % len(sources)]}"]
    if kind == "add-source":
        return ["add-source", "--publisher", "Wire", "--title", "T", "--date", edit[1], "--url", "", "--tier", "B"]
    if kind == "edit-source":
        _, which, option, text, day = edit
        value = {"--date": day, "--tier": "C"}.get(option, text)
        return ["edit-source", sources[which % len(sources)], f"{option}={value}", "--source=S1"]
    if kind == "add-event":
        return ["add-event", "--date", edit[1], "--title", "T", "--summary", "S", "--source", "S1"]
    if kind == "edit-event":
        _, which, option, text, day = edit
        return ["edit-event", events[which % len(events)], f"{option}={day if option == '--date' else text}",
                "--source=S2"]
    if kind == "edit-meta":
        _, option, text, day = edit
        return ["edit-meta", f"{option}={day if option == '--as-of' else text}", "--source=S1"]
    return ["undo"]


def _flat(doc: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, value in doc.items():
        if isinstance(value, Mapping):
            out.update({f"{name}.{inner}": v for inner, v in value.items()})
        else:
            out[name] = value
    return out


def _records(raw: Mapping[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    """Every record of a data file by (table, natural key), its fields flattened one level; the meta's schema
    version left out (the file's format, not data)."""
    out = {(table, natural_key(table, doc)): _flat(doc) for table in ("members", "commitments", "sources", "events")
           for doc in raw[table].values()}
    (meta,) = raw["meta"].values()
    out["meta", "meta"] = {k: v for k, v in _flat(meta).items() if k != "schema_version"}
    return out


Change = tuple[str, str, str, frozenset[str]]
"""(table, key, added/removed/changed, the fields that moved: empty for a record added or removed)."""


def _reference(old: Mapping[str, Any], new: Mapping[str, Any]) -> set[Change]:
    """What differs between two data files, record by record and field by field (a null field and a missing
    one are the same), worked out here from the JSON alone."""
    before, after = _records(old), _records(new)
    out: set[Change] = set()
    for key in before.keys() | after.keys():
        a, b = before.get(key), after.get(key)
        if a is None or b is None:
            out.add((*key, "added" if a is None else "removed", frozenset()))
            continue
        moved = frozenset(f for f in (a.keys() | b.keys()) - KEY_FIELDS[key[0]] if a.get(f) != b.get(f))
        if moved:
            out.add((*key, "changed", moved))
    return out


def _reported(report: Mapping[str, Any]) -> set[Change]:
    """What a `diff` or `changes` JSON says differs, in the same terms."""
    def fields(item: Mapping[str, Any]) -> frozenset[str]:
        return frozenset(c["field"] for c in item["changes"]) if item["change"] == "changed" else frozenset()

    out = {("commitments", f"{c['member']}/{c['type']}", c["change"], fields(c)) for c in report["cells"]}
    out |= {(table, item["id"], item["change"], fields(item)) for table in ("members", "sources", "events")
            for item in report[table]}
    if report["meta"] is not None:
        out.add(("meta", "meta", "changed", frozenset(c["field"] for c in report["meta"]["changes"])))
    return out


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(edits, min_size=1, max_size=8))
def test_diff_reports_exactly_the_edits_changes_agrees_and_at_rebuilds_each_moment(
        sequence: list[tuple[Any, ...]]) -> None:
    with tempfile.TemporaryDirectory() as folder, _environment():
        before = F.write(Path(folder) / "before.json", F.raw_dataset_v2())
        work = Path(folder) / "work.json"
        shutil.copy(before, work)
        states: list[tuple[str, Path]] = []
        for step, edit in enumerate(sequence):
            os.environ["SOURCE_DATE_EPOCH"] = str(EDIT_EPOCH + 60 * step)
            entries, raw = _history_length(work), _raw(work)
            saved = work.read_bytes()
            code, _ = _run("--data", str(work), *_command(edit, raw))
            event(f"{edit[0]}: exit {code}")
            if code != 0:
                assert work.read_bytes() == saved, (edit, code)  # a refused edit writes nothing
            elif _history_length(work) > entries:
                state = Path(folder) / f"state-{step}.json"
                shutil.copy(work, state)
                at = datetime.fromtimestamp(EDIT_EPOCH + 60 * step, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
                states.append((at, state))
        os.environ.pop("SOURCE_DATE_EPOCH")
        expected = _reference(_raw(before), _raw(work))

        code, out = _run("diff", str(before), str(work), "--format", "json")
        assert code == 0
        assert _reported(json.loads(out)) == expected

        code, out = _run("--data", str(work), "changes", "--since", SINCE, "--format", "json")
        assert code == 0
        changes = json.loads(out)
        upgrade = 1 if states else 0  # the first write upgraded the version-2 file, with its own entry
        assert changes["history_covers_since"] and changes["entries"] == len(states) + upgrade
        assert _reported(changes) == expected
        for item in [*changes["cells"], *changes["members"], *changes["sources"], *changes["events"]]:
            key = item.get("id") or f"{item['member']}/{item['type']}"
            assert item["entries"] and all(e["key"] == key for e in item["entries"]), item
        if changes["meta"] is not None:
            assert changes["meta"]["entries"] and all(e["key"] == "meta" for e in changes["meta"]["entries"])

        now = store.load(str(work)).dataset
        moments = list(states)
        moments += [(f"{at[:17]}30Z", state) for at, state in states]  # between this entry and the next
        for at, state in moments:
            rebuilt = as_recorded(now, at, now=NOW).dataset
            assert keyed_documents(rebuilt) == keyed_documents(store.load(str(state)).dataset), at
        if states:
            at, state = states[len(states) // 2]
            listed_at = _run("--data", str(work), "list", "--at", at, "--format", "json", "--now", NOW)
            listed = _run("--data", str(state), "list", "--format", "json", "--now", NOW)
            assert listed_at == listed and listed_at[0] == 0


def test_the_reference_sees_every_kind_of_change() -> None:
    """The reference diff is not vacuous: it finds a changed field, a record added and one removed."""
    old = F.raw_dataset_v2()
    new = json.loads(json.dumps(old))
    new["members"]["1"]["stance"] = "Other."
    new["sources"]["4"] = F.source("S9")
    del new["events"]["1"]
    new["meta"]["1"]["reported_commitments"]["note"] = "Changed."
    assert _reference(old, new) == {("members", "PL", "changed", frozenset({"stance"})),
                                    ("sources", "S9", "added", frozenset()), ("events", "E1", "removed", frozenset()),
                                    ("meta", "meta", "changed", frozenset({"reported_commitments.note"}))}
