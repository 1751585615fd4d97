"""The Markdown snapshot (README "The Markdown snapshot"): content, structure, escaping, the write, the time."""

from __future__ import annotations

import copy
import errno
import hashlib
import json
import os
import random
import re
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
import yaml
from markdown_it import MarkdownIt

from pledge_tui import __version__
from pledge_tui.dataset import catalogue
from pledge_tui.dataset.model import LoadedDataset, source_sort_key
from pledge_tui.dataset.vocab import STATUSES, TYPES
from pledge_tui.errors import ExportError, UsageError
from pledge_tui.formats import snapshot as export
from pledge_tui.views.filters import Filter, apply_filter
from tests.export_helpers import (
    MD,
    NOW,
    assert_well_formed,
    commitment_doc,
    docs_table,
    headings,
    inline_text,
    load,
    member_doc,
    member_ids,
    raw_fixture,
    render,
    section,
    split,
    tables,
)

# --- front matter -------------------------------------------------------------------------------


def test_front_matter_holds_every_field_in_order() -> None:
    text = render(Filter(types=("training", "air-patrol"), statuses=("pledged",), search="fra"), "strongest")
    front, _ = split(text)
    assert list(front) == ["title", "generated_at", "data_as_of", "dataset", "tool", "filters", "sort", "form",
                           "members_shown", "members_total"]
    assert front["form"] == "full"
    assert front["title"] == "Coalition of the Willing: security guarantees"
    assert front["generated_at"] == "2026-01-01T00:00:00Z"
    assert front["data_as_of"] == "2025-12-01"
    assert front["dataset"] == {"name": "fixture.json", "sha256": "0" * 64}
    assert front["tool"] == {"name": "pledge-tui", "version": __version__}
    assert front["filters"] == {"types": ["training", "air-patrol"], "statuses": ["pledged"], "conditions": [],
                                "roles": [], "search": "fra"}
    assert front["sort"] == "strongest"
    assert front["members_shown"] == 1
    assert front["members_total"] == 6
    assert 'generated_at: "2026-01-01T00:00:00Z"\n' in text
    assert '  types: ["training", "air-patrol"]\n' in text
    assert '  conditions: []\n' in text


def test_front_matter_quotes_every_string_and_names_the_file_only() -> None:
    loaded = load()
    loaded = LoadedDataset(loaded.dataset, path=os.path.join("some", "dir", "data: #1.json"), sha256="ab" * 32)
    text = export.render_snapshot(loaded, Filter(search='a: "b" # c\\'), "name", NOW)
    front, _ = split(text)
    assert front["dataset"] == {"name": "data: #1.json", "sha256": "ab" * 32}
    assert front["filters"]["search"] == 'a: "b" # c\\'
    block = text[: text.index("\n---\n", 3)]
    for line in block.splitlines()[1:]:
        _, _, value = line.partition(": ")
        if value and not value.startswith("["):
            assert value.startswith('"') or value.isdigit(), line


@pytest.mark.parametrize("moment", [
    datetime(2026, 1, 1, 2, 0, 0, 999, tzinfo=timezone(timedelta(hours=2))),
    datetime(2026, 1, 1, 0, 0, 0),  # naive: taken as UTC
])
def test_generated_at_is_utc_with_z(moment: datetime) -> None:
    text = export.render_snapshot(load(), Filter(), "name", moment)
    assert 'generated_at: "2026-01-01T00:00:00Z"' in text


# --- body ---------------------------------------------------------------------------------------


def test_text_format_utf8_lf_one_final_newline_no_trailing_spaces() -> None:
    text = render()
    assert text.startswith("---\n")
    assert text.endswith("\n") and not text.endswith("\n\n")
    assert "\r" not in text
    assert all(line == line.rstrip(" \t") for line in text.split("\n"))
    assert "Türkiye" in text
    text.encode("utf-8")


def test_structure_headings_and_tables() -> None:
    _, body = split(render())
    assert_well_formed(body)
    found = headings(body)
    assert found[0] == ("h1", "Coalition of the Willing: security guarantees")
    assert [h for tag, h in found if tag == "h2"] == [
        "Summary by type", "Matrix", "Members", "Commitments by the month they were said", "Timeline", "Sources"]
    h3 = [h for tag, h in found if tag == "h3"]
    assert h3 == ["European Union (EU)", "France (FR)", "Iceland (IS)", "Poland (PL)", "Türkiye (TR)",
                  "United States (US)"]
    # summary, matrix, one per member with records (Iceland has none), the chart's numbers, timeline
    assert len(tables(body)) == 1 + 1 + 5 + 1 + 1
    assert "No commitments recorded.\n\nNot disclosed: Ground, Air, Sea, Training, Equipment, Funding, Logistics, " \
           "Monitoring, Command, Backstop." in section(body, "Members")
    assert "No caveats recorded." in section(body, "Members")


def test_context_paragraph_attributes_the_figure_and_names_the_ceasefire() -> None:
    _, body = split(render())
    paragraph = next(line for line in body.split("\n") if line.startswith("Data as of"))
    assert paragraph.startswith("Data as of 1 December 2025 (31 days old when this snapshot was generated). "
                                "The data covers 6 members.")
    assert "Who said what. Second line." in paragraph
    assert "on 4 September 2025, 26 countries were said to have formally committed" in paragraph
    assert "S8" in paragraph and "Macron's figure after the Paris summit." in paragraph
    assert 'does not label any set of members as "the 26"' in paragraph
    assert "All deployment depends on a ceasefire." in paragraph


def test_filter_and_sort_stated_in_words() -> None:
    _, body = split(render())
    assert "Filter: none (all members). Sort: name. 6 of 6 members shown." in body
    # the same words as everywhere else (views/present.py): labels, not slugs
    _, body = split(render(Filter(types=("air-patrol",), statuses=("pledged", "conditional"), search="fr"),
                           "caveats"))
    line = next(line for line in body.split("\n") if line.startswith("Filter:"))
    assert line == ('Filter: type: Air; statuses: pledged, conditional; search: "fr". '
                    "Sort: most caveats first. 1 of 6 members shown.")
    shown = [inline_text(t) for t in MD.parse(body) if t.type == "inline" and t.content == line]
    assert shown == ['Filter: type: Air; statuses: pledged, conditional; search: "fr". '
                     "Sort: most caveats first. 1 of 6 members shown."]


def test_summary_counts_members_shown_per_type_and_status() -> None:
    f = Filter(roles=("member",))
    loaded = load()
    shown = apply_filter(loaded.dataset.members, f, "name")
    _, body = split(export.render_snapshot(loaded, f, "name", NOW))
    summary = tables(section(body, "Summary by type"))[0]
    assert summary[0] == ["Type", *(catalogue.STATUSES.label(s) for s in STATUSES)]
    assert [row[0] for row in summary[1:]] == [catalogue.TYPES.label(t) for t in TYPES]
    for row, type_slug in zip(summary[1:], TYPES, strict=True):
        expected = [sum(1 for m in shown if m.status(type_slug) == s) for s in STATUSES]
        assert [int(c) for c in row[1:]] == expected
        assert sum(expected) == len(shown)


def test_matrix_rows_statuses_and_lead() -> None:
    _, body = split(render())
    matrix = tables(section(body, "Matrix"))[0]
    assert matrix[0] == ["Member", *(catalogue.TYPES.label(t) for t in TYPES)]
    france = next(r for r in matrix if r[0] == "France (FR)")
    assert france[1 + TYPES.index("ground-forces")] == "pledged, lead nation"
    assert france[1 + TYPES.index("air-patrol")] == "pledged"
    assert france[1 + TYPES.index("backstop")] == "not disclosed"
    poland = next(r for r in matrix if r[0] == "Poland (PL)")
    assert poland[1 + TYPES.index("ground-forces")] == "ruled out"


def test_member_section_commitment_table() -> None:
    _, body = split(render(Filter(search="france")))
    members = section(body, "Members")
    assert ("Role: member (EU and NATO member). National approval: required before any deployment. "
            "Paris summit, 4 Sep 2025: in person. Sources: S1.") in members
    assert "Stance: France stance." in members
    assert "- France caveat." in members
    table = tables(members)[0]
    assert table[0] == ["Type", "Status", "Summary", "Quantity", "Conditions", "Stated on", "Sources"]
    assert [r[0] for r in table[1:]] == ["Ground", "Air", "Command"]  # TYPES order, not file order
    assert table[1] == ["Ground", "pledged, lead nation", "FR ground-forces pledged.", "several thousand troops",
                        "ceasefire; parliament", "2025-09", "S1"]
    assert table[2][3] == table[2][4] == "—"
    assert "Not disclosed: Sea, Training, Equipment, Funding, Logistics, Monitoring, Backstop." in members


def test_timeline_lists_every_event_with_line_breaks_as_br() -> None:
    _, body = split(render(Filter(search="no such member")))
    timeline = tables(section(body, "Timeline"))[0]
    assert timeline == [["Date", "Event", "Summary", "Sources"],
                        ["2025-09-04", "Paris summit", "Leaders met.\nMacron spoke.", "S6"],
                        ["2026-01-06", "Paris Declaration", "Adopted.", "S7"]]
    assert "| Leaders met.<br>Macron spoke. |" in body


def _source_ids(body: str) -> list[str]:
    return re.findall(r"^\d+\. \\\[(S\d+)\\\] ", section(body, "Sources"), re.MULTILINE)


def test_sources_are_exactly_those_cited_in_numeric_order() -> None:
    _, body = split(render())
    assert _source_ids(body) == [f"S{i}" for i in range(1, 12)]  # S12 is never cited
    items = [t for t in MD.parse(section(body, "Sources")) if t.type == "inline"][1:]
    first = inline_text(items[0])
    assert first == '[S1] Publisher S1, "Title S1", 2025-09-04, tier B (established outlet or wire). ' \
                    "https://example.org/s1"
    assert re.search(r"^1\. \\\[S1\\\] .* <https://example\.org/s1>$", body, re.MULTILINE)


def test_sources_follow_the_filter() -> None:
    _, body = split(render(Filter(search="poland")))
    # Poland's S2 and S10, the figure's S8, the events' S6 and S7; not the United States' S9
    assert _source_ids(body) == ["S2", "S6", "S7", "S8", "S10"]
    assert _source_ids(body) == sorted(_source_ids(body), key=source_sort_key)


def test_source_without_url_and_hostile_url() -> None:
    raw = raw_fixture()
    raw["sources"]["1"]["url"] = ""
    raw["sources"]["2"]["url"] = "https://example.org/a<b>`c`?q=1&r=[2]"
    _, body = split(render(raw=raw))
    sources = section(body, "Sources")
    assert re.search(r"^1\. .*\(established outlet or wire\)\.$", sources, re.MULTILINE)
    assert "<https://example.org/a%3Cb%3E%60c%60?q=1&r=[2]>" in sources
    html = MD.render(sources)
    assert '<a href="https://example.org/a%3Cb%3E%60c%60?q=1&amp;r=%5B2%5D">' in html
    assert html.count("<a ") == 10  # one per cited source with an address


def test_empty_result_keeps_every_section() -> None:
    text = render(Filter(search="atlantis"))
    front, body = split(text)
    assert front["members_shown"] == 0 and front["members_total"] == 6
    assert_well_formed(body)
    assert [h for tag, h in headings(body) if tag == "h2"] == ["Summary by type", "Matrix", "Members",
                                                              "Commitments by the month they were said",
                                                              "Timeline", "Sources"]
    summary = tables(section(body, "Summary by type"))[0]
    assert all(c == "0" for row in summary[1:] for c in row[1:])
    assert "No members match this filter." in section(body, "Matrix")
    assert "No members match this filter." in section(body, "Members")
    assert _source_ids(body) == ["S6", "S7", "S8"]


# --- filter and sort ----------------------------------------------------------------------------

CASES = [
    (Filter(), "name"),
    (Filter(), "strongest"),
    (Filter(), "caveats"),
    (Filter(types=("ground-forces",)), "name"),
    (Filter(types=("ground-forces",), statuses=("ruled-out",)), "strongest"),
    (Filter(statuses=("not-disclosed",), types=("funding", "ground-forces")), "name"),
    (Filter(conditions=("ceasefire",)), "caveats"),
    (Filter(roles=("partner", "institution")), "name"),
    (Filter(search="STANCE"), "strongest"),
]


@pytest.mark.parametrize(("f", "sort"), CASES)
def test_members_shown_follow_apply_filter(f: Filter, sort: str) -> None:
    loaded = load()
    expected = [m.id for m in apply_filter(loaded.dataset.members, f, sort)]
    front, body = split(export.render_snapshot(loaded, f, sort, NOW))
    assert member_ids(body) == expected
    if expected:
        matrix = tables(section(body, "Matrix"))[0]
        assert [re.sub(r".*\((\w+)\)$", r"\1", r[0]) for r in matrix[1:]] == expected
    assert front["members_shown"] == len(expected)
    assert front["filters"] == {"types": list(f.types), "statuses": list(f.statuses),
                                "conditions": list(f.conditions), "roles": list(f.roles), "search": f.search}
    assert front["sort"] == sort
    assert_well_formed(body)


def test_unknown_sort_is_a_usage_error() -> None:
    with pytest.raises(UsageError):
        render(sort="colour")


# --- determinism --------------------------------------------------------------------------------


def _shuffled(raw: dict[str, Any], seed: int) -> dict[str, Any]:
    """The same data with members, sources and commitments stored in another order."""
    rng = random.Random(seed)
    out = copy.deepcopy(raw)
    for table in ("members", "sources", "commitments"):
        docs = list(out[table].values())
        rng.shuffle(docs)
        out[table] = docs_table(*docs)
    return out


def test_rendering_is_deterministic() -> None:
    first = render()
    for seed in range(5):
        assert render(raw=_shuffled(raw_fixture(), seed)) == first


def test_hash_seed_does_not_leak_into_the_output(tmp_path: Path) -> None:
    data = tmp_path / "data.json"
    data.write_text(json.dumps(raw_fixture(), indent=2, sort_keys=True), encoding="utf-8")
    code = ("import sys, hashlib, datetime; from pledge_tui.dataset import store; "
            "from pledge_tui.formats import snapshot as export; "
            "from pledge_tui.views.filters import Filter; "
            "t = export.render_snapshot(store.load(sys.argv[1]), Filter(conditions=('ceasefire',)), 'caveats', "
            "datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)); "
            "print(hashlib.sha256(t.encode()).hexdigest())")
    digests = set()
    for seed in ("1", "2", "3"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        result = subprocess.run([sys.executable, "-c", code, str(data)], capture_output=True, text=True, env=env,
                                check=True)
        digests.add(result.stdout.strip())
    assert len(digests) == 1


# --- escaping -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("raw", "escaped"), [
    ("a|b", "a\\|b"),
    ("a\\|b", "a\\\\\\|b"),
    ("trailing\\", "trailing\\\\"),
    ("x\ny\r\nz\rw", "x<br>y<br>z<br>w"),
    ("<T> & <script>", "&lt;T&gt; &amp; &lt;script&gt;"),
    ("&amp;", "&amp;amp;"),
    ("[x](y) ![i](j) *a* _b_ `c` ~~d~~ $e$", "\\[x\\](y) \\!\\[i\\](j) \\*a\\* \\_b\\_ \\`c\\` "
                                             "\\~\\~d\\~\\~ \\$e\\$"),
    ("  # heading  ", "\\# heading"),
    ("\x1b[2Jclear\x9b", "\\[2Jclear"),
    ("\ud800lone", "\ufffdlone"),
])
def test_md_cell(raw: str, escaped: str) -> None:
    assert export.md_cell(raw) == escaped


@pytest.mark.parametrize(("raw", "escaped"), [
    ("- item", "\\- item"),
    ("+ item", "\\+ item"),
    ("---", "\\---"),
    ("===", "\\==="),
    ("12. item", "12\\. item"),
    ("3) item", "3\\) item"),
    ("> quote", "&gt; quote"),
    ("# h", "\\# h"),
    ("```", "\\`\\`\\`"),
    ("~~~", "\\~\\~\\~"),
    ("    code", "code"),
    ("<div>", "&lt;div&gt;"),
    ("a\nb\r\nc\td", "a b c d"),
    ("a - b", "a - b"),
    ("2025-09-04", "2025-09-04"),
])
def test_md_inline(raw: str, escaped: str) -> None:
    assert export.md_inline(raw) == escaped


@pytest.mark.parametrize("value", ['plain', 'a: b # c', '"quoted"', "back\\slash\\", "two\nlines\ttab",
                                   "\x1b[2J\x9bgone", "\u2028sep\u2029", "NEL\x85", "\ufffe\uffff", "Česko 🇺🇦",
                                   "- [x]", "'single'", "*", "&anchor", "!tag", "%", "@", "{a: 1}", "null", "123"])
def test_yaml_string_loads_back(value: str) -> None:
    loaded = yaml.safe_load(f"key: {export.yaml_string(value)}\n")
    expected = re.sub("\r\n|[\r\u2028\u2029]", "\n", value)
    expected = "".join(ch for ch in expected if ch not in "\x1b\x9b\x85")
    assert loaded == {"key": expected}


# --- snapshot_filename and resolve_generated_at -------------------------------------------------


def test_snapshot_filename_is_utc() -> None:
    assert export.snapshot_filename(datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)) == "pledge-snapshot-20260102-030405.md"
    moment = datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone(timedelta(hours=-5)))
    assert export.snapshot_filename(moment) == "pledge-snapshot-20260102-080405.md"


def test_a_brief_snapshot_is_named_apart() -> None:
    moment = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    assert export.snapshot_filename(moment, brief=True) == "pledge-snapshot-20260102-030405-brief.md"


@pytest.mark.parametrize(("value", "expected"), [
    ("2026-01-01T00:00:00Z", datetime(2026, 1, 1, tzinfo=UTC)),
    ("2026-01-01T00:00:00z", datetime(2026, 1, 1, tzinfo=UTC)),
    ("2026-01-01T02:30:00+02:00", datetime(2026, 1, 1, 0, 30, tzinfo=UTC)),
    ("2026-01-01T00:00:00", datetime(2026, 1, 1, tzinfo=UTC)),
    ("2026-01-01", datetime(2026, 1, 1, tzinfo=UTC)),
    ("2026-01-01T00:00:00.999999Z", datetime(2026, 1, 1, tzinfo=UTC)),
    (" 2026-01-01 12:00 ", datetime(2026, 1, 1, 12, tzinfo=UTC)),
])
def test_now_forms(value: str, expected: datetime) -> None:
    result = export.resolve_generated_at(value, {"SOURCE_DATE_EPOCH": "0"})
    assert result == expected and result.tzinfo is not None and result.utcoffset() == timedelta(0)
    assert result.microsecond == 0


@pytest.mark.parametrize("value", ["", "yesterday", "2026-13-01", "2026-01-01Z", "12:00",
                                   "0001-01-01T00:00:00+01:00", "2026-01-01T00:00:00\x1b"])
def test_bad_now_is_a_usage_error(value: str) -> None:
    with pytest.raises(UsageError, match=r"invalid --now value .*expected ISO-8601 such as 2026-01-01T00:00:00Z"):
        export.resolve_generated_at(value, {})


def test_source_date_epoch() -> None:
    assert export.resolve_generated_at(None, {"SOURCE_DATE_EPOCH": "1767225600"}) == datetime(2026, 1, 1, tzinfo=UTC)
    assert export.resolve_generated_at(None, {"SOURCE_DATE_EPOCH": "0"}) == datetime(1970, 1, 1, tzinfo=UTC)


@pytest.mark.parametrize("value", ["soon", "-1", "1.5", "1e9", "99999999999999999999"])
def test_bad_source_date_epoch_is_a_usage_error(value: str) -> None:
    with pytest.raises(UsageError, match="invalid SOURCE_DATE_EPOCH"):
        export.resolve_generated_at(None, {"SOURCE_DATE_EPOCH": value})


def test_clock_when_nothing_is_given() -> None:
    before = datetime.now(UTC).replace(microsecond=0)
    result = export.resolve_generated_at(None, {"SOURCE_DATE_EPOCH": ""})
    assert before <= result <= datetime.now(UTC) and result.microsecond == 0 and result.tzinfo is not None


# --- write_snapshot -----------------------------------------------------------------------------


@pytest.fixture
def folder(tmp_path: Path) -> Iterator[Path]:
    out = tmp_path / "out"
    out.mkdir()
    yield out


@pytest.fixture
def data_file(tmp_path: Path) -> Path:
    path = tmp_path / "commitments.json"
    path.write_text(json.dumps(raw_fixture()), encoding="utf-8")
    return path


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".pledge-snapshot-"))


def test_write_creates_the_file(folder: Path, data_file: Path) -> None:
    target = folder / "snap.md"
    written = export.write_snapshot("héllo\n", target, data_path=data_file)
    assert written == target and written.is_absolute()
    assert target.read_bytes() == "héllo\n".encode()
    assert _leftovers(folder) == []
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask


def test_write_replaces_and_keeps_the_mode(folder: Path, data_file: Path) -> None:
    target = folder / "snap.md"
    target.write_text("old")
    target.chmod(0o640)
    export.write_snapshot("new\n", str(target), data_path=str(data_file))
    assert target.read_text() == "new\n"
    assert target.stat().st_mode & 0o777 == 0o640


def test_write_relative_path(folder: Path, data_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(folder)
    written = export.write_snapshot("x\n", "snap.md", data_path=data_file)
    assert written == Path(os.path.abspath("snap.md")) and written.read_text() == "x\n"


def test_refuses_the_data_file(folder: Path, data_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = data_file.read_bytes()
    monkeypatch.chdir(data_file.parent)
    link = folder / "link.json"
    link.symlink_to(data_file)
    hard = folder / "hard.json"
    os.link(data_file, hard)
    for target in (data_file, str(data_file), "commitments.json", "out/../commitments.json", link, hard):
        with pytest.raises(ExportError, match="data file"):
            export.write_snapshot("x\n", target, data_path=data_file)
    with pytest.raises(ExportError, match="data file"):
        export.write_snapshot("x\n", data_file, data_path="commitments.json")
    assert data_file.read_bytes() == before
    assert _leftovers(data_file.parent) == [] and _leftovers(folder) == []


def test_destination_is_a_folder(folder: Path, data_file: Path) -> None:
    with pytest.raises(ExportError, match=f"{re.escape(str(folder))}: it is a folder"):
        export.write_snapshot("x\n", folder, data_path=data_file)
    assert _leftovers(folder) == []


@pytest.mark.parametrize("name", ["newdir/", "out/"])
def test_destination_ending_in_a_separator_is_a_folder(folder: Path, data_file: Path, name: str) -> None:
    with pytest.raises(ExportError, match="it is a folder"):
        export.write_snapshot("x\n", f"{folder.parent}/{name}", data_path=data_file)
    assert not (folder.parent / "newdir").exists() and _leftovers(folder.parent) == []


def test_missing_folder(folder: Path, data_file: Path) -> None:
    target = folder / "missing" / "snap.md"
    with pytest.raises(ExportError, match="does not exist") as info:
        export.write_snapshot("x\n", target, data_path=data_file)
    assert str(target) in str(info.value) and "\n" not in str(info.value)
    assert not target.parent.exists()


def test_folder_not_writable(folder: Path, data_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Simulated: the tests run as root, which ignores permissions, so mkstemp is made to fail."""
    def refuse(*args: object, **kwargs: object) -> tuple[int, str]:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    with pytest.raises(ExportError, match="permission denied"):
        export.write_snapshot("x\n", folder / "snap.md", data_path=data_file)
    assert list(folder.iterdir()) == []


@pytest.mark.parametrize(("where", "code", "reason"), [
    ("replace", errno.EACCES, "permission denied"),
    ("fsync", errno.ENOSPC, "no space left"),
    ("write", errno.ENOSPC, "no space left"),
    ("replace", errno.EXDEV, "link"),
])
def test_failure_mid_write_leaves_nothing(folder: Path, data_file: Path, monkeypatch: pytest.MonkeyPatch,
                                          where: str, code: int, reason: str) -> None:
    def fail(*args: object, **kwargs: object) -> None:
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(os, where, fail)
    target = folder / "snap.md"
    with pytest.raises(ExportError, match=reason) as info:
        export.write_snapshot("x\n", target, data_path=data_file)
    monkeypatch.undo()
    assert str(target) in str(info.value)
    assert not target.exists()
    assert list(folder.iterdir()) == []


def test_failure_keeps_an_earlier_snapshot(folder: Path, data_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = folder / "snap.md"
    target.write_text("earlier\n")

    def fail(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", fail)
    with pytest.raises(ExportError):
        export.write_snapshot("x\n", target, data_path=data_file)
    monkeypatch.undo()
    assert target.read_text() == "earlier\n"
    assert _leftovers(folder) == []


def test_interrupt_mid_write_removes_the_temp_file(folder: Path, data_file: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupt(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupt)
    with pytest.raises(KeyboardInterrupt):
        export.write_snapshot("x\n", folder / "snap.md", data_path=data_file)
    monkeypatch.undo()
    assert list(folder.iterdir()) == []


def test_a_read_only_snapshot_is_not_replaced(folder: Path, data_file: Path) -> None:
    """The one atomic writer (`dataset.files.write_atomic`) refuses a file nobody may write, as it does for data."""
    target = folder / "snap.md"
    target.write_text("earlier\n")
    target.chmod(0o444)
    with pytest.raises(ExportError, match=f"^cannot write the snapshot to {re.escape(str(target))}: the file is "
                                          "read-only$"):
        export.write_snapshot("new\n", target, data_path=data_file)
    assert target.read_text() == "earlier\n" and [p.name for p in folder.iterdir()] == ["snap.md"]
    assert export.write_snapshot("new\n", target, data_path=data_file, overwrite=False).name == "snap-2.md"


def test_a_snapshot_written_through_a_symbolic_link_keeps_the_link(folder: Path, data_file: Path) -> None:
    real = folder / "real.md"
    real.write_text("earlier\n")
    link = folder / "latest.md"
    link.symlink_to(real)
    export.write_snapshot("new\n", link, data_path=data_file)
    assert link.is_symlink() and real.read_text() == "new\n"


def test_unencodable_text(folder: Path, data_file: Path) -> None:
    with pytest.raises(ExportError, match="UTF-8"):
        export.write_snapshot("\ud800", folder / "snap.md", data_path=data_file)
    assert list(folder.iterdir()) == []


# --- the command line and import hygiene --------------------------------------------------------


def test_cli_export_writes_the_rendered_snapshot(data_file: Path, folder: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    from pledge_tui.cli import main

    target = folder / "snap.md"
    assert main(["--data", str(data_file), "export", "--type", "air-patrol", "--now", "2026-01-01T00:00:00Z",
                 "-o", str(target)]) == 0
    text = target.read_text(encoding="utf-8")
    loaded = LoadedDataset(load().dataset, str(data_file), hashlib.sha256(data_file.read_bytes()).hexdigest())
    assert text == export.render_snapshot(loaded, Filter(types=("air-patrol",)), "name", NOW)
    assert str(target) in capsys.readouterr().err


def test_export_module_does_not_import_textual_or_rich() -> None:
    code = ("import sys, pledge_tui.formats.snapshot; "
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'textual', 'rich'}))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


# --- issue 14: no autolinks from data; snapshots never overwrite each other; years below 1000 ----------

LINKIFYING = MarkdownIt("gfm-like")
"""Tables, strikethrough and linkify: GitHub's extended autolinks (bare www., http(s):// and e-mail)."""

SPLIT_ESCAPES = MarkdownIt("commonmark").enable("table").disable("text_join")
"""A parser that leaves each backslash escape as a token of its own, as cmark-gfm leaves it a text node."""

_GFM_AUTOLINK = re.compile(r"(?i)(?:^|[\s*_~(])(?:www\.|https?://|ftp://|(?:mailto|xmpp):)|[\w.+-]@[\w-]+\.[\w]")


def github_autolinks(body: str) -> list[str]:
    """The text nodes (outside real links) in which GitHub's extended-autolink extension would find an address:
    it looks inside one text node at a time (cmark-gfm), so an address split by a backslash escape is not one."""
    found = []
    for token in SPLIT_ESCAPES.parse(body):
        in_link = False
        for child in token.children or []:
            in_link = {"link_open": True, "link_close": False}.get(child.type, in_link)
            if child.type == "text" and not in_link and _GFM_AUTOLINK.search(child.content):
                found.append(child.content)
    return found


@pytest.mark.parametrize("text", [
    "see https://evil.example/x and http://evil.example", "www.evil.example/path", "write to spy@evil.example",
    "HTTPS://EVIL.EXAMPLE", "mailto:spy@evil.example", "ftp://evil.example/file", "(www.evil.example)",
    "*https://evil.example*", "xmpp:spy@evil.example",
])
def test_bare_addresses_in_data_text_never_become_links(text: str) -> None:
    raw = raw_fixture()
    raw["members"]["1"].update(stance=text, caveats=[text])
    raw["commitments"]["1"]["summary"] = text
    raw["events"]["1"]["title"] = text
    _, body = split(render(raw=raw))
    html = LINKIFYING.render(body)
    links = re.findall(r'<a href="([^"]*)"', html)
    assert all(link.startswith("https://example.org/") for link in links), links  # only the sources' own
    assert len(links) == 11
    assert github_autolinks(body) == []
    stances = [inline_text(t) for t in MD.parse(body) if t.type == "inline" and t.content.startswith("Stance: ")]
    assert f"Stance: {text}" in stances  # the reader still sees the address as typed


def test_the_markdown_source_escapes_every_address_start() -> None:
    assert export.md_inline("a https://x.y b@c.d www.e.f") == "a https\\://x.y b<!-- -->@c.d www\\.e.f"
    assert export.md_cell("HTTP://x | y@z") == "HTTP\\://x \\| y<!-- -->@z"
    assert export.md_inline("_www.x.y a_https://x.y @handle") == "\\_www\\.x.y a\\_https\\://x.y @handle"


def test_generated_at_and_the_file_name_keep_four_digit_years() -> None:
    moment = datetime(999, 1, 2, 3, 4, 5, tzinfo=UTC)
    assert 'generated_at: "0999-01-02T03:04:05Z"' in export.render_snapshot(load(), Filter(), "name", moment)
    assert export.snapshot_filename(moment) == "pledge-snapshot-09990102-030405.md"


def test_without_overwrite_an_existing_snapshot_gets_a_numbered_neighbour(folder: Path, data_file: Path) -> None:
    target = folder / "pledge-snapshot-20260101-000000.md"
    first = export.write_snapshot("one\n", target, data_path=data_file, overwrite=False)
    second = export.write_snapshot("two\n", target, data_path=data_file, overwrite=False)
    third = export.write_snapshot("three\n", str(target), data_path=data_file, overwrite=False)
    assert [first.name, second.name, third.name] == ["pledge-snapshot-20260101-000000.md",
                                                     "pledge-snapshot-20260101-000000-2.md",
                                                     "pledge-snapshot-20260101-000000-3.md"]
    assert [p.read_text() for p in (first, second, third)] == ["one\n", "two\n", "three\n"]
    assert _leftovers(folder) == []
    umask = os.umask(0)
    os.umask(umask)
    assert third.stat().st_mode & 0o777 == 0o666 & ~umask
    export.write_snapshot("replaced\n", target, data_path=data_file)  # the default still overwrites
    assert target.read_text() == "replaced\n"


def test_without_overwrite_racing_writers_never_share_a_name(folder: Path, data_file: Path) -> None:
    import threading

    target = folder / "snap.md"
    written: list[Path] = []
    lock = threading.Lock()

    def export_one(n: int) -> None:
        path = export.write_snapshot(f"{n}\n", target, data_path=data_file, overwrite=False)
        with lock:
            written.append(path)

    threads = [threading.Thread(target=export_one, args=(n,)) for n in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(set(written)) == 12
    assert sorted(int(p.read_text()) for p in written) == list(range(12))
    assert _leftovers(folder) == []


def test_without_overwrite_on_a_file_system_without_hard_links(folder: Path, data_file: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    def no_links(*args: object, **kwargs: object) -> None:
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    target = folder / "snap.md"
    target.write_text("earlier\n")
    written = export.write_snapshot("new\n", target, data_path=data_file, overwrite=False)
    assert written.name == "snap-2.md" and written.read_text() == "new\n"
    assert target.read_text() == "earlier\n" and _leftovers(folder) == []


def test_a_destination_that_cannot_be_checked_is_an_export_error(folder: Path, data_file: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """Path.is_dir() raised PermissionError on Python 3.11 for a folder that cannot be searched."""
    real_stat = os.stat

    def refuse(path: object, *args: object, **kwargs: object) -> os.stat_result:
        if str(path).startswith(str(folder / "locked")):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_stat(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "stat", refuse)
    with pytest.raises(ExportError, match="permission denied"):
        export.write_snapshot("x\n", folder / "locked" / "snap.md", data_path=data_file)
    with pytest.raises(ExportError, match="the name is too long"):
        export.write_snapshot("x\n", folder / ("n" * 300), data_path=data_file)


# --- the coalition as a whole (README "The data") ---------------------------------------------------------


def _with_coalition() -> dict[str, Any]:
    raw = raw_fixture()
    raw["members"][str(len(raw["members"]) + 1)] = member_doc("COW", "Coalition of the Willing", ["S7"],
                                                          role="coalition", eu=False, nato=False, caveats=[])
    raw["commitments"][str(len(raw["commitments"]) + 1)] = commitment_doc("COW", "backstop", "pledged", ["S7"])
    return raw


@pytest.mark.parametrize("sort", ["name", "strongest", "caveats"])
def test_the_coalition_row_comes_first_and_is_counted_apart(sort: str) -> None:
    front, body = split(render(sort=sort, raw=_with_coalition()))
    assert member_ids(body)[0] == "COW"
    matrix = tables(section(body, "Matrix"))[0]
    assert matrix[1][0] == "Coalition of the Willing (COW)"
    assert front["members_shown"] == 6 and front["members_total"] == 6 and front["coalition_shown"] is True
    assert "The data covers 6 members + the coalition as a whole." in body
    assert "it does not mean that any one member signed or agreed to it" in body
    assert "6 of 6 members shown + the coalition as a whole." in body
    summary = tables(section(body, "Summary by type"))[0]
    backstop = summary[1 + TYPES.index("backstop")]
    assert backstop[1] == "0"  # the coalition's pledged backstop is not counted as a member's
    assert "The coalition as a whole is not counted here." in section(body, "Summary by type")


def test_the_coalition_row_filtered_by_role() -> None:
    front, body = split(render(Filter(roles=("coalition",)), raw=_with_coalition()))
    assert member_ids(body) == ["COW"] and front["members_shown"] == 0 and front["coalition_shown"] is True
    front, body = split(render(Filter(roles=("member",)), raw=_with_coalition()))
    assert "COW" not in member_ids(body) and front["coalition_shown"] is False
    front, _ = split(render())
    assert "coalition_shown" not in front  # data without a coalition row says nothing about one


@pytest.mark.parametrize(("as_of", "words"), [
    ("2025-12", "Data as of December 2025 (31 days old when this snapshot was generated)."),
    ("2025-12-01", "Data as of 1 December 2025 (31 days old when this snapshot was generated)."),
    ("2024-11", "Data as of November 2024 (about 14 months old when this snapshot was generated)."),
    ("2026-02", "Data as of February 2026 (dated in the future when this snapshot was generated)."),
])
def test_the_data_age_is_stated_for_month_and_day_dates(as_of: str, words: str) -> None:
    """The header's rule (views/present.data_age); a `YYYY-MM` as-of date used to get no age at all."""
    raw = raw_fixture()
    raw["meta"]["1"]["as_of"] = as_of
    _, body = split(render(raw=raw))
    assert words in body
