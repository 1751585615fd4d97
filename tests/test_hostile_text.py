"""Untrusted text in every field: the CLI's displays strip controls and never break; JSON keeps data."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest

from pledge_tui import cli
from pledge_tui.formats.listing import csv_text
from pledge_tui.sanitize import clean_line, clean_text, has_visible_text
from tests.factories import raw_dataset, write
from tests.hostile import FORBIDDEN_IN_DISPLAY, HOSTILE


def hostile_dataset(text: str) -> dict[str, Any]:
    """The fixture with `text` in every text field (one-line fields get it flattened)."""
    one_line = text.replace("\r", " ").replace("\n", " ").replace("\u2028", " ").replace("\u2029", " ")
    raw = raw_dataset()
    for doc in raw["members"].values():
        doc.update(name=f"{doc['name']} {one_line}", stance=one_line, caveats=[text, one_line])
    for doc in raw["commitments"].values():
        doc.update(summary=text, quantity=text)
    for doc in raw["sources"].values():
        doc.update(publisher=one_line, title=text)
    for doc in raw["events"].values():
        doc.update(title=one_line, summary=text)
    raw["meta"]["1"].update(title=one_line, summary=text)
    raw["meta"]["1"]["reported_commitments"]["note"] = text
    return raw


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    assert cli.main(args) == 0
    out, err = capsys.readouterr()
    assert err == ""
    return out


def test_there_are_enough_hostile_strings() -> None:
    assert len(HOSTILE) >= 60


@pytest.mark.parametrize("text", HOSTILE, ids=[repr(h[:24]) for h in HOSTILE])
def test_every_display_is_clean_and_json_is_faithful(text: str, tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    path = str(write(tmp_path / "h.json", hostile_dataset(text)))
    if not has_visible_text(text):  # text that shows nothing is empty text: the file is refused, field named
        assert cli.main(["validate", path]) == 1
        assert 'field "stance": must not be empty (it holds only invisible characters)' in capsys.readouterr().err
        return
    table = run(["--data", path, "list"], capsys)
    shown = run(["--data", path, "show", "PL"], capsys)
    as_csv = run(["--data", path, "list", "--format", "csv"], capsys)
    brief = run(["--data", path, "export", "--brief", "--since", "2026-01", "--now", "2026-12-01T00:00:00Z"], capsys)
    assert "\n## Changes since 2026-01\n" in brief and "\n## Commitments\n" in brief
    for output in (table, shown, as_csv, brief):
        assert not [c for c in FORBIDDEN_IN_DISPLAY if c in output]
    assert clean_line(text).strip()[:40] in shown or not clean_line(text).strip()
    rows = list(csv.reader(io.StringIO(as_csv)))
    assert len({len(r) for r in rows}) == 1  # quoting kept the structure
    assert rows[1][7] == csv_text(text)  # summary, controls removed, line breaks kept, formulas defused
    assert rows[1][7].removeprefix("'") == clean_text(text)
    members = json.loads(run(["--data", path, "list", "--format", "json"], capsys))
    poland = next(m for m in members if m["id"] == "PL")
    assert poland["caveats"][0] == text  # JSON escapes controls: the data survives byte for byte
    assert poland["commitments"]["logistics"]["summary"] == text


def test_search_text_is_literal(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = str(write(tmp_path / "h.json", hostile_dataset("[b]x[/] .*+?")))
    for needle, expected in [("[b]x[/]", 4), (".*+?", 4), ("[/", 4), ("\\", 0), ("x" * 10_000, 0), ("(", 0)]:
        members = json.loads(run(["--data", path, "list", "--format", "json", "--search", needle], capsys))
        assert len(members) == expected, needle
