"""The snapshot's brief form and its "Changes since DATE" section (README "What changed", issue 11 item 4).

`render_snapshot(..., since=DATE, brief=True)` is what `export --since DATE --brief` and the browser's
palette write. The brief form keeps the front matter, context, summary and matrix, then per member shown
its disclosed commitments (of the selected types), the events about the members shown (by date and
title) and only the sources those commitments and the context cite. The changes section follows the
matrix in both forms and covers only the members shown.
"""

from __future__ import annotations

import copy
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from pledge_tui.dataset import store
from pledge_tui.dataset.model import Dataset, LoadedDataset
from pledge_tui.formats import changes_md
from pledge_tui.formats import snapshot as export
from pledge_tui.views.changes import about_members, changes_about, changes_since, events_about
from pledge_tui.views.filters import Filter, apply_filter
from tests import factories as F
from tests.common import BUNDLED, FROZEN, CliRunner
from tests.export_helpers import assert_well_formed, headings, load, raw_fixture, section, split, tables
from tests.history_factory import Editor

NOW = datetime(2026, 12, 1, tzinfo=UTC)
GROUND_RULED_OUT = Filter(types=("ground-forces",), statuses=("ruled-out",))


def render(loaded: LoadedDataset, f: Filter | None = None, **form: Any) -> str:
    return export.render_snapshot(loaded, f or Filter(), "name", NOW, **form)


def loaded_of(dataset: Dataset) -> LoadedDataset:
    return LoadedDataset(dataset, "fixture.json", "0" * 64)


def h2(body: str) -> list[str]:
    return [text for tag, text in headings(body) if tag == "h2"]


# --- the brief form --------------------------------------------------------------------------------------


def test_the_front_matter_records_the_form_and_the_date() -> None:
    full, _ = split(render(load()))
    assert full["form"] == "full" and "since" not in full
    brief, _ = split(render(load(), brief=True, since=" 2025-12 "))
    assert (brief["form"], brief["since"]) == ("brief", "2025-12")
    assert list(brief)[list(brief).index("sort"):][:3] == ["sort", "form", "since"]


def test_the_brief_form_keeps_only_its_sections() -> None:
    text = render(load(), brief=True)
    _, body = split(text)
    assert_well_formed(body)
    assert h2(body) == ["Summary by type", "Matrix", "Commitments", "Commitments by the month they were said",
                        "Timeline", "Sources"]
    assert [h for tag, h in headings(body) if tag == "h3"] == [
        "European Union (EU)", "France (FR)", "Iceland (IS)", "Poland (PL)", "Türkiye (TR)", "United States (US)"]
    for left_out in ("Stance:", "Caveats:", "No caveats recorded.", "Not disclosed:", "Role:", "| Event | Summary |"):
        assert left_out not in body, left_out
    assert "Brief form: per member shown, only its disclosed commitments;" in body
    assert "Iceland (IS)\n\nNo commitments recorded." in body
    full = render(load())
    assert section(body, "Summary by type") == section(split(full)[1], "Summary by type")
    assert section(body, "Matrix") == section(split(full)[1], "Matrix")


def test_the_brief_form_gives_the_commitments_of_the_selected_types_only() -> None:
    _, body = split(render(load(), GROUND_RULED_OUT, brief=True))
    commitments = tables(section(body, "Commitments"))
    assert [t[1][:2] for t in commitments] == [["Ground", "ruled out"]] * 2  # Poland, United States
    assert "of the selected type;" in body
    _, all_types = split(render(load(), Filter(statuses=("ruled-out",)), brief=True))
    assert [[row[0] for row in t[1:]] for t in tables(section(all_types, "Commitments"))] == [
        ["Ground", "Logistics"], ["Ground", "Monitoring"]]


def source_ids(body: str) -> list[str]:
    return re.findall(r"^\d+\. \\\[(S\d+)\\\]", section(body, "Sources"), re.MULTILINE)


def test_the_brief_sources_are_those_the_commitments_and_the_figure_cite() -> None:
    _, body = split(render(load(), GROUND_RULED_OUT, brief=True))
    assert source_ids(body) == ["S2", "S8", "S9"]  # PL and US ground records, the figure's S8
    _, body = split(render(load(), Filter(search="Iceland"), brief=True))
    assert source_ids(body) == ["S8"]  # Iceland cites S4 for its stance, which the brief leaves out


def test_the_brief_timeline_gives_date_and_title_of_the_events_about_the_members_shown() -> None:
    raw = raw_fixture()
    raw["events"]["1"]["title"] = "Poland hosts talks"
    _, body = split(render(load(raw), GROUND_RULED_OUT, brief=True))
    assert tables(section(body, "Timeline")) == [[["Date", "Event"], ["2025-09-04", "Poland hosts talks"]]]
    assert "the timeline keeps the 1 event (of 2) about the members shown" in body
    _, body = split(render(load(), GROUND_RULED_OUT, brief=True))
    assert "## Timeline\n\nNo event is about them." in body


@pytest.mark.parametrize("path", [BUNDLED, FROZEN], ids=["bundled", "frozen"])
def test_ground_forces_ruled_out_brief_is_at_most_a_third_of_the_full_snapshot(path: Path) -> None:
    loaded = store.load(str(path))
    full = render(loaded, GROUND_RULED_OUT)
    brief = render(loaded, GROUND_RULED_OUT, brief=True)
    assert len(brief.encode()) * 3 <= len(full.encode()), (len(brief.encode()), len(full.encode()))
    for text, form in ((full, "full"), (brief, "brief")):
        front, body = split(text)  # the front matter loads as YAML
        assert front["form"] == form and front["members_shown"] == 9
        assert_well_formed(body)  # GFM: every table's rows have the header's cell count
    shown = apply_filter(loaded.dataset.members, GROUND_RULED_OUT)
    _, body = split(brief)
    assert len(tables(section(body, "Timeline"))[0]) - 1 == len(events_about(loaded.dataset, shown))


# --- the rule: which events are about a member --------------------------------------------------------------


def _events_dataset() -> Dataset:
    raw = F.raw_dataset()
    raw["sources"].update({"4": F.source("S4"), "5": F.source("S5")})
    raw["events"] = F.table(
        F.event(title="Warsaw meeting", summary="Poland offered a hub.", sources=["S4"]),
        F.event(title="Talks in Geneva", summary="The US plan was discussed.", sources=["S4"]),
        F.event(title="Call with us", summary="Leaders asked us to wait, as usual.", sources=["S4"]),
        F.event(title="AMÉRICA offers air power", summary="Words.", sources=["S5"]),
        F.event(title="A report", summary="Names nobody.", sources=["S2"]),
        F.event(title="Italian parliament votes", summary="An adjective is not a name.", sources=["S5"]),
        F.event(title="Polandia", summary="Part of a word is not a name.", sources=["S5"]),
    )
    return F.dataset(raw)


@pytest.mark.parametrize(("ids", "titles"), [
    (["PL"], ["Warsaw meeting", "A report"]),  # by name; by S2, which PL/logistics cites
    (["US"], ["Talks in Geneva", "AMÉRICA offers air power"]),  # id in capitals; another name, accents ignored
    (["IT"], []),  # "Italian" does not name Italy; "us" in prose is not the United States
    (["EU"], ["A report"]),  # the EU's own record cites S2
    ([], []),
])
def test_an_event_is_about_a_member_it_names_or_shares_a_source_with(ids: list[str], titles: list[str]) -> None:
    dataset = _events_dataset()
    members = [m for m in dataset.members if m.id in ids]
    assert [e.title for e in events_about(dataset, members)] == titles
    about = about_members(members)
    assert [e.title for e in dataset.events if about(e)] == titles


# --- the changes section ----------------------------------------------------------------------------------


def _edited() -> Dataset:
    """A history after 2026-03-10: PL/logistics pledged -> conditional, a new source S4 cited by a new IT
    record, a new member NO (with a record), the US backstop summary reworded."""
    ed = Editor()
    ed.set("PL", "logistics", status="conditional", note="Hedged.")
    ed.add_source("S4", publisher="Added Wire")
    ed.set("IT", "logistics", status="considering", summary="Italy might help.", cite=("S4",))
    ed.add_member("NO", "Norway")
    ed.set("NO", "backstop", summary="Norway backs the force.")
    ed.set("US", "backstop", summary="Reworded.")
    return F.dataset(ed.raw)


def _section_block(body: str) -> str:
    start = body.index("\n## Changes since ")
    return body[start + 1: body.index("\n## ", start + 1)]


@pytest.mark.parametrize("brief", [False, True])
def test_the_changes_section_comes_right_after_the_matrix_and_is_what_changes_says(brief: bool) -> None:
    dataset = _edited()
    _, body = split(render(loaded_of(dataset), since="2026-03-01", brief=brief))
    assert h2(body)[:4] == ["Summary by type", "Matrix", "Changes since 2026-03-01", "Commitments" if brief else
                            "Members"]
    expected = "\n".join(changes_md.changes_section(changes_since(dataset, "2026-03-01"), level=2))
    assert _section_block(body).rstrip("\n") == expected
    assert_well_formed(body)


def test_the_changes_section_covers_only_the_members_shown() -> None:
    dataset = _edited()
    _, body = split(render(loaded_of(dataset), Filter(search="Italy"), since="2026-03-01"))
    block = _section_block(body)
    assert "Italy (IT)" in block and "Poland" not in block and "Norway" not in block and "United States" not in block
    assert "### Sources" in block and "| S4 |" in block  # cited by the Italian record shown
    _, body = split(render(loaded_of(dataset), Filter(search="Poland"), since="2026-03-01"))
    block = _section_block(body)
    assert "Poland (PL)" in block and "Italy" not in block and "S4" not in block
    # Poland matched `pledged` then, not now: `changes` lists it, the snapshot (which does not show it) does not
    pledged = Filter(statuses=("pledged",))
    assert "PL" in {c.change.member_id for c in changes_since(dataset, "2026-03-01", pledged).cells}
    _, body = split(render(loaded_of(dataset), pledged, since="2026-03-01"))
    assert "Poland" not in _section_block(body).split("### Cells")[-1]
    assert "Norway (NO)" in _section_block(body)  # pledged now, and added since


def test_changes_about_keeps_the_sources_the_kept_records_cite() -> None:
    dataset = _edited()
    everything = changes_since(dataset, "2026-03-01")
    assert [s.id for s in everything.sources_added] == ["S4"]
    italy = changes_about(everything, dataset, {"IT"})
    assert ([c.change.key for c in italy.cells], [s.id for s in italy.sources_added]) == (["IT/logistics"], ["S4"])
    others = changes_about(everything, dataset, {"PL", "NO", "US"})
    assert [s.id for s in others.sources_added] == [] and [m.id for m in others.members] == ["NO"]
    assert others.entry_count == everything.entry_count


def test_a_file_without_history_says_so_in_the_section() -> None:
    _, body = split(render(load(), since="2025-01-01"))
    assert "## Changes since 2025-01-01\n\nRecorded from 2025-01-01 00:00 UTC: 0 history entries. This data file " \
           "has no history yet" in body


# --- the command line ---------------------------------------------------------------------------------------


def test_export_since_and_brief_write_what_render_snapshot_renders(cli: CliRunner, tmp_path: Path) -> None:
    raw = copy.deepcopy(Editor().raw)
    data = F.write(tmp_path / "data.json", raw)
    done = cli("--data", str(data), "export", "--brief", "--since", "2026-03", "--type", "grnd",
               "--now", "2026-12-01T00:00:00Z")
    assert done.returncode == 0, done.stderr
    expected = render(store.load(str(data)), Filter(types=("ground-forces",)), since="2026-03", brief=True)
    assert done.stdout == expected


@pytest.mark.parametrize("value", ["yesterday", "2026-13", "2026-03-01T25:00:00Z", "٢٠٢٦-٠٣"])
def test_a_bad_since_is_a_usage_error_before_the_file_is_read(cli: CliRunner, tmp_path: Path, value: str) -> None:
    done = cli("--data", str(tmp_path / "missing.json"), "export", "--since", value)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.startswith("pledge-tui: error: --since: ") and "missing.json" not in done.stderr
