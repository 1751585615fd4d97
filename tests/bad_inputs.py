"""The corpus of bad inputs: each case makes a data file (or none) and says what the error must say.

Used by test_bad_inputs.py against `validate`, `list`, `export` and the browser.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pledge_tui.dataset.validate import SCHEMA
from tests.factories import commitment, raw_dataset, raw_dataset_v2

Maker = Callable[[Path], Path]
"""Given a temporary folder, create the bad data file there and return its path."""


@dataclass(frozen=True)
class DataCase:
    """A bad data file and the words every command's one-line error must contain."""

    name: str
    make: Maker
    words: tuple[str, ...]


def _bytes(content: bytes) -> Maker:
    def make(folder: Path) -> Path:
        path = folder / "data.json"
        path.write_bytes(content)
        return path

    return make


def _raw(mutate: Callable[[dict[str, Any]], object]) -> Maker:
    def make(folder: Path) -> Path:
        raw = raw_dataset()
        mutate(raw)
        path = folder / "data.json"
        path.write_text(json.dumps(raw, indent=2, ensure_ascii=False), encoding="utf-8")
        return path

    return make


def _valid_text() -> str:
    return json.dumps(raw_dataset(), indent=2)


WRONG_VALUE: dict[str, object] = {"str": 42, "bool": "yes", "list": "S1", "int": "1", "obj": ["x"]}
"""A value of the wrong JSON type for each kind of field."""

FIELD_KIND = {
    "schema_version": "int", "reported_commitments": "obj", "eu": "bool", "nato": "bool", "lead": "bool",
    "caveats": "list", "sources": "list", "conditions": "list",
}


def _wrong_type_cases() -> list[DataCase]:
    """Every field of every table, given a value of the wrong type."""
    cases = []
    for table, fields in SCHEMA.items():
        for field in fields:
            value = WRONG_VALUE[FIELD_KIND.get(field, "str")]

            def mutate(raw: dict[str, Any], table: str = table, field: str = field, value: object = value) -> None:
                raw[table]["1"][field] = copy.deepcopy(value)

            cases.append(DataCase(f"wrong type: {table}.{field}", _raw(mutate), (table, f'field "{field}"')))
    return cases


def _deep(levels: int) -> Maker:
    def mutate(raw: dict[str, Any]) -> None:
        value: object = "x"
        for _ in range(levels):
            value = [value]
        raw["members"]["1"]["caveats"] = [value]

    return _raw(mutate)


def _huge(folder: Path) -> Path:
    path = folder / "data.json"
    with path.open("w", encoding="utf-8") as handle:
        handle.write('{"members": "')
        handle.write("x" * 20_000_000)
        handle.write('"}')
    return path


def _missing(folder: Path) -> Path:
    return folder / "missing.json"


def _folder(folder: Path) -> Path:
    (folder / "data.json").mkdir()
    return folder / "data.json"


def _loop(folder: Path) -> Path:
    path = folder / "data.json"
    path.symlink_to(path)
    return path


def _fifo(folder: Path) -> Path:
    import os

    path = folder / "data.json"
    os.mkfifo(path)
    return path


DATA_CASES: list[DataCase] = [
    DataCase("empty file", _bytes(b""), ("is empty",)),
    DataCase("only whitespace", _bytes(b" \n\t\n"), ("is empty",)),
    DataCase("not JSON", _bytes(b"{ this is not json"), ("is not valid JSON", "line 1")),
    DataCase("truncated JSON", lambda f: _bytes(_valid_text()[:400].encode())(f), ("is not valid JSON",)),
    DataCase("UTF-8 byte-order mark", lambda f: _bytes(b"\xef\xbb\xbf" + _valid_text().encode())(f),
             ("byte-order mark",)),
    DataCase("invalid UTF-8", lambda f: _bytes(_valid_text().replace("Poland", "Pol\udcffand").encode(
        "utf-8", "surrogateescape"))(f), ("not valid UTF-8", "line")),
    DataCase("Latin-1 text", lambda f: _bytes(_valid_text().replace("Poland", "Pol\u00e9and").encode("latin-1"))(f),
             ("not valid UTF-8",)),
    DataCase("top level is a list", _bytes(b"[]"), ("top level", "got a list")),
    DataCase("top level is a string", _bytes(b'"commitments"'), ("top level", "got a string")),
    DataCase("top level is null", _bytes(b"null"), ("top level", "got null")),
    DataCase("no tables at all", _bytes(b"{}"), ("meta", "table is missing")),
    DataCase("missing members table", _raw(lambda r: r.pop("members")), ("members", "table is missing")),
    DataCase("missing sources table", _raw(lambda r: r.pop("sources")), ("sources", "table is missing")),
    DataCase("unknown table", _raw(lambda r: r.update(notes={})), ("notes", "unknown table")),
    DataCase("table is a list", _raw(lambda r: r.update(commitments=[])), ("commitments", "got a list")),
    DataCase("document is a string", _raw(lambda r: r["members"].update({"1": "Poland"})),
             ("members doc 1", "got a string")),
    DataCase("document id not a number", _raw(lambda r: r["events"].update({"first": r["events"]["1"]})),
             ("events doc 'first'", "whole numbers")),
    DataCase("document id with a leading zero", _raw(lambda r: r["events"].update({"01": r["events"]["1"]})),
             ("events doc '01'",)),
    DataCase("meta with two documents", _raw(lambda r: r["meta"].update({"2": r["meta"]["1"]})),
             ("meta", "exactly one document")),
    DataCase("missing field", _raw(lambda r: r["commitments"]["2"].pop("status")),
             ('commitments "PL/logistics" (doc 2)', 'field "status"', "missing")),
    DataCase("misspelt field", _raw(lambda r: r["sources"]["1"].update(teir="B")),
             ('sources "S1" (doc 1)', 'field "teir"', "unexpected field")),
    *_wrong_type_cases(),
    DataCase("unknown type slug", _raw(lambda r: r["commitments"]["1"].update(type="space-lasers")),
             ('field "type"', "unknown type 'space-lasers'")),
    DataCase("unknown status slug", _raw(lambda r: r["commitments"]["1"].update(status="maybe")),
             ('field "status"', "unknown status 'maybe'")),
    DataCase("unknown condition slug", _raw(lambda r: r["commitments"]["1"].update(conditions=["rain"])),
             ('field "conditions"', "unknown condition 'rain'")),
    DataCase("unknown role slug", _raw(lambda r: r["members"]["1"].update(role="observer")),
             ('field "role"', "unknown role 'observer'")),
    DataCase("unknown tier", _raw(lambda r: r["sources"]["2"].update(tier="Z")),
             ('sources "S2" (doc 2)', "unknown tier 'Z'")),
    DataCase("stored not-disclosed", _raw(lambda r: r["commitments"]["1"].update(status="not-disclosed")),
             ('field "status"', "never stored")),
    DataCase("duplicate member id", _raw(lambda r: r["members"]["2"].update(id="PL")),
             ('members "PL" (doc 2)', "duplicate member id 'PL'")),
    DataCase("duplicate source id", _raw(lambda r: r["sources"]["3"].update(id="S1")),
             ('sources "S1" (doc 3)', "duplicate source id")),
    DataCase("duplicate JSON key", _bytes(b'{"meta": {"1": {}}, "meta": {"1": {}}}'), ("appears twice",)),
    DataCase("two records for one member and type",
             _raw(lambda r: r["commitments"].update({"40": commitment("IT", "training", "pledged")})),
             ('commitments "IT/training" (doc 40)', "second record for (IT, training)")),
    DataCase("commitment for a missing member", _raw(lambda r: r["commitments"]["3"].update(member="XX")),
             ('field "member"', "member 'XX', which does not exist")),
    DataCase("reference to a missing source", _raw(lambda r: r["members"]["2"].update(sources=["S99"])),
             ('members "IT" (doc 2)', 'field "sources"', "source 'S99'")),
    DataCase("malformed date", _raw(lambda r: r["commitments"]["1"].update(stated_on="06/01/2026")),
             ('field "stated_on"', "malformed date")),
    DataCase("impossible date", _raw(lambda r: r["events"]["1"].update(date="2025-02-29")),
             ('events doc 1', "impossible date '2025-02-29'")),
    DataCase("NaN", _bytes(b'{"meta": {"1": {"schema_version": NaN}}}'), ("NaN is not allowed",)),
    DataCase("Infinity", _bytes(b'{"meta": {"1": {"schema_version": Infinity}}}'), ("Infinity is not allowed",)),
    DataCase("a number too long to convert", _bytes(b'{"meta": ' + b"9" * 5000 + b"}"), ("is not valid JSON",)),
    DataCase("20 MB file", _huge, ("meta", "table is missing")),
    DataCase("deeply nested value", _deep(500), ('field "caveats"', "item 1: expected a string")),
    DataCase("nesting deeper than the parser allows", _bytes(b"[" * 200_000 + b"]" * 200_000),
             ("nested too deeply",)),
    DataCase("a folder given as the data file", _folder, ("is a folder",)),
    DataCase("a FIFO given as the data file", _fifo, ("is not a regular file",)),
    DataCase("missing file", _missing, ("no such file",)),
    DataCase("symlink loop", _loop, ("symbolic link loop",)),
]


@dataclass(frozen=True)
class UsageCase:
    """A bad command line and what its one-line error must say (exit 2)."""

    name: str
    args: tuple[str, ...]
    words: tuple[str, ...]
    env: tuple[tuple[str, str], ...] = ()


USAGE_CASES: list[UsageCase] = [
    UsageCase("unknown global option", ("--colour",), ("unrecognized arguments: --colour",)),
    UsageCase("--data without a value", ("--data",), ("--data", "expected one argument")),
    UsageCase("unknown subcommand", ("lsit",), ("invalid choice: 'lsit'",)),
    UsageCase("list: unknown option", ("list", "--typ", "air-patrol"), ("unrecognized arguments",)),
    UsageCase("list: unknown type", ("list", "--type", "space-lasers"), ("unknown type 'space-lasers'",)),
    UsageCase("list: unknown type in a comma list", ("list", "--type", "air-patrol,lasers"),
              ("unknown type 'lasers'",)),
    UsageCase("list: unknown status", ("list", "--status", "promised"), ("unknown status 'promised'",)),
    UsageCase("list: unknown condition", ("list", "--condition", "rain"), ("unknown condition 'rain'",)),
    UsageCase("list: unknown role", ("list", "--role", "observer"), ("unknown role 'observer'",)),
    UsageCase("list: --type without a value", ("list", "--type"), ("--type", "expected one argument")),
    UsageCase("list: bad format", ("list", "--format", "xlsx"), ("invalid choice: 'xlsx'",)),
    UsageCase("list: bad sort", ("list", "--sort", "random"), ("invalid choice: 'random'",)),
    UsageCase("show: no member", ("show",), ("required: MEMBER",)),
    UsageCase("show: unknown member", ("show", "Atlantis"), ("unknown member 'Atlantis'",)),
    UsageCase("show: markup as a member", ("show", "[bold]x[/]"), ("unknown member '[bold]x[/]'",)),
    UsageCase("show: two members", ("show", "PL", "IT"), ("unrecognized arguments: IT",)),
    UsageCase("export: unknown type", ("export", "--type", "lasers"), ("unknown type 'lasers'",)),
    UsageCase("export: bad --now", ("export", "--now", "tomorrow"), ("invalid --now",)),
    UsageCase("export: impossible --now", ("export", "--now", "2026-02-30T00:00:00Z"), ("invalid --now",)),
    UsageCase("export: bad SOURCE_DATE_EPOCH", ("export",), ("SOURCE_DATE_EPOCH",),
              (("SOURCE_DATE_EPOCH", "soon"),)),
    UsageCase("export: -o without a value", ("export", "-o"), ("expected one argument",)),
    UsageCase("control characters in an option", ("list", "--\x1b[2J"), ("unrecognized arguments", "\\x1b[2J")),
    UsageCase("control characters in a member name", ("show", "\x1b]0;pwn\x07"), ("unknown member", "\\x1b")),
    UsageCase("validate: two files", ("validate", "a.json", "b.json"), ("unrecognized arguments: b.json",)),
    UsageCase("browser: export folder missing", ("--export-dir", "/nonexistent/folder"),
              ("export folder", "/nonexistent/folder")),
    # issue 14, class 6: an empty path (an unset shell variable) is not the default
    UsageCase("empty --data", ("--data", "", "list"), ("--data is empty",)),
    UsageCase("empty --data=", ("--data=", "list"), ("--data is empty",)),
    UsageCase("empty --data after the subcommand", ("list", "--data", ""), ("--data is empty",)),
    UsageCase("validate an empty file name", ("validate", ""), ("FILE is empty",)),
    UsageCase("empty --export-dir", ("--export-dir", ""), ("--export-dir is empty",)),
    UsageCase("export to an empty file name", ("export", "-o", ""), ("-o is empty",)),
    # issue 14, class 8: a command line too long to parse in reasonable time
    UsageCase("an option repeated 50,000 times", ("list", *(["--type", "air"] * 50_000)),
              ("too many arguments", "the limit is 10,000")),
    # README "Vocabulary": a typo gets the nearest value; labels are accepted, so only unknown words fail
    UsageCase("type misspelt", ("list", "--type", "aier"), ("unknown type 'aier'", "did you mean air-patrol (Air)?")),
    UsageCase("status label misspelt", ("list", "--status", "ruled ot"), ("did you mean ruled-out (ruled out)?",)),
    UsageCase("condition misspelt", ("export", "--condition", "parliment"), ("did you mean parliament",)),
    UsageCase("role misspelt", ("list", "--role", "partnr"), ("did you mean partner",)),
    UsageCase("escape sequence in a type", ("list", "--type", "\x1b]0;x\x07"), ("unknown type", "\\x1b")),
    UsageCase("show: only invisible characters", ("show", "\u200b\u200d"), ("unknown member",)),
    UsageCase("export: --now in the year 0", ("export", "--now", "0000-01-01T00:00:00Z"), ("invalid --now",)),
    # issue 23, item 1: a revision git would read as an option (`git show --output=FILE` writes FILE)
    UsageCase("diff: a revision that is a git option", ("diff", "--output=x y:data.json", "data.json"),
              ("OLD", "a revision cannot start with '-'")),
    UsageCase("diff: a dash revision after --", ("diff", "--", "-p:data.json", "data.json"),
              ("a revision cannot start with '-'",)),
    # issue 23, item 5: an empty value (an unset shell variable) never quietly means "none"
    UsageCase("set: an empty --condition", ("set", "PL", "logistics", "considering", "--source", "S1",
                                            "--condition", ""), ("--condition is empty", "--no-conditions")),
    UsageCase("set: a --condition of commas only", ("set", "PL", "logistics", "considering", "--source", "S1",
                                                    "--condition", " , "), ("--condition is empty",)),
    UsageCase("unset: a note of invisible characters", ("unset", "PL", "logistics", "--source", "S1", "--note",
                                                        "\u200b\u2060\u00ad \u3164"), ("--note must say why",)),
    # issue 20: the two clocks, blame, freshness
    UsageCase("list: --at not a date", ("list", "--at", "yesterday"), ("--at: expected a date",)),
    UsageCase("list: --at impossible", ("list", "--at", "2026-02-30"), ("--at: impossible date '2026-02-30'",)),
    UsageCase("list: --at in the future", ("list", "--at", "2999-01-01"), ("in the future",)),
    UsageCase("list: --at on a file with no history", ("list", "--at", "2026-01-01"), ("no history",)),
    UsageCase("show: --at on a file with no history", ("show", "PL", "--at", "2026-01"), ("no history",)),
    UsageCase("export: --at malformed", ("export", "--at", "01/10/2026"), ("--at: expected a date",)),
    UsageCase("browser: --at malformed", ("--at", "\x1b[2J"), ("--at: expected a date", "got '[2J'")),
    UsageCase("browser: --at on a file with no history", ("--at", "2026-01-01"), ("no history",)),
    UsageCase("--at given to a command", ("--at", "2026-01-01", "list"), ("--at is an option of the browser",)),
    UsageCase("changes: --said-since malformed", ("changes", "--said-since", "January"),
              ("--said-since: expected a date",)),
    UsageCase("changes: --said-since impossible", ("changes", "--said-since", "2026-02-30"),
              ("--said-since: impossible date",)),
    UsageCase("changes: both clocks", ("changes", "--since", "2026-01", "--said-since", "2026-01"),
              ("not allowed with argument",)),
    UsageCase("changes: no clock", ("changes",), ("one of the arguments --since --said-since is required",)),
    UsageCase("list: --stale 0", ("list", "--stale", "0"), ("--stale", "from 1 to 1200, got 0")),
    UsageCase("list: --stale negative", ("list", "--stale", "-3"), ("--stale", "got -3")),
    UsageCase("list: --stale huge", ("list", "--stale", "99999999999999999999"), ("--stale", "from 1 to 1200")),
    UsageCase("list: --stale not a number", ("list", "--stale", "six"), ("--stale: expected a whole number",)),
    UsageCase("export: --stale a fraction", ("export", "--stale", "1.5"), ("--stale: expected a whole number",)),
    UsageCase("blame: unknown member", ("blame", "Atlantis"), ("unknown member 'Atlantis'",)),
    UsageCase("blame: unknown type", ("blame", "PL", "navy"), ("unknown type 'navy' for TYPE",)),
    UsageCase("blame: no member", ("blame",), ("required: MEMBER",)),
]


# --- issue 23: what lies around a data file that a write command must refuse, never hang on or lose ---


def _beside(kind: str) -> Maker:
    """A valid data file with something hostile beside it (or of it)."""

    def make(folder: Path) -> Path:
        import os

        path = folder / "data.json"
        path.write_text(json.dumps(raw_dataset_v2(), indent=2), encoding="utf-8")
        lock = folder / "data.json.lock"
        if kind == "fifo lock":
            os.mkfifo(lock)
        elif kind == "folder lock":
            lock.mkdir()
        elif kind == "linked lock":
            lock.symlink_to(folder / "elsewhere")
        elif kind == "hard link":
            os.link(path, folder / "other-name.json")
        return path

    return make


@dataclass(frozen=True)
class WriteCase:
    """A data file a write command must refuse to change: one line, the exit code, the file unchanged."""

    name: str
    make: Maker
    words: tuple[str, ...]
    code: int = 1


WRITE_CASES: list[WriteCase] = [
    WriteCase("a FIFO as the lock file", _beside("fifo lock"), ("data.json.lock", "is a FIFO", "remove it")),
    WriteCase("a folder as the lock file", _beside("folder lock"), ("data.json.lock", "is a folder")),
    WriteCase("a symbolic link as the lock file", _beside("linked lock"), ("is a symbolic link",)),
    WriteCase("a data file with a second name (hard link)", _beside("hard link"),
              ("other name (hard link)", "nothing was written")),
]


# --- issue 19 item 6: what may lie where `setup-git` writes (a work tree's .gitattributes, .gitignore) ---


def _link_out(name: str) -> Callable[[Path], Path | None]:
    def make(repo: Path) -> Path:
        outside = repo.parent / f"outside{name}"
        outside.write_text("# someone else's file\n", encoding="utf-8")
        (repo / name).symlink_to(outside)
        return outside

    return make


def _put(name: str, kind: str) -> Callable[[Path], Path | None]:
    def make(repo: Path) -> None:
        import os

        target = repo / name
        if kind == "folder":
            target.mkdir()
        elif kind == "fifo":
            os.mkfifo(target)
        elif kind == "latin-1":
            target.write_bytes(b"*.txt text\n/caf\xe9 -diff\n")
        elif kind == "dangling":
            target.symlink_to(repo / "nowhere")

    return make


@dataclass(frozen=True)
class SetupGitCase:
    """Something in the way of `setup-git`: it must say so in one line (exit 1) and write nothing.
    `make(repo)` returns the file outside the tree that must stay untouched, if any."""

    name: str
    make: Callable[[Path], Path | None]
    words: tuple[str, ...]


SETUP_GIT_CASES: list[SetupGitCase] = [
    SetupGitCase(".gitattributes as a link out of the tree", _link_out(".gitattributes"),
                 ("is a symbolic link to", "outside")),
    SetupGitCase(".gitignore as a link out of the tree", _link_out(".gitignore"), ("is a symbolic link to", "outside")),
    SetupGitCase(".gitattributes as a folder", _put(".gitattributes", "folder"),
                 (".gitattributes is a folder", "git attributes file")),
    SetupGitCase(".gitignore as a folder", _put(".gitignore", "folder"), (".gitignore is a folder", "git ignore file")),
    SetupGitCase(".gitattributes not UTF-8", _put(".gitattributes", "latin-1"),
                 ("is not UTF-8 text (line 2)", "changes nothing")),
    SetupGitCase(".gitattributes as a FIFO", _put(".gitattributes", "fifo"),
                 ("is not a regular file", "git attributes file")),
    SetupGitCase(".gitattributes as a dangling link", _put(".gitattributes", "dangling"),
                 ("symbolic link to a missing file", "remove it")),
]
