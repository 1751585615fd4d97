"""The command line through a real subprocess: exit codes, stdout, stderr, and never a traceback."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from pathlib import Path

import pytest

from pledge_tui import __version__
from tests.conftest import CliRunner


def assert_clean_error(result: object, code: int, words: str) -> None:
    stderr, stdout, rc = result.stderr, result.stdout, result.returncode  # type: ignore[attr-defined]
    assert rc == code, (rc, stderr)
    assert "Traceback" not in stderr + stdout
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("pledge-tui: error: ") and words in lines[0], lines[0]


def test_version(cli: CliRunner) -> None:
    result = cli("--version")
    assert result.returncode == 0 and result.stdout.strip() == f"pledge-tui {__version__}"


def test_list_json_shape(cli: CliRunner, data_file: Path) -> None:
    result = cli("--data", str(data_file), "list", "--format", "json")
    assert result.returncode == 0, result.stderr
    members = json.loads(result.stdout)
    assert [m["id"] for m in members] == ["EU", "IT", "PL", "US"]
    poland = members[2]
    assert set(poland) == {"id", "name", "role", "stance", "caveats", "commitments"}
    assert list(poland["commitments"]) == ["ground-forces", "air-patrol", "naval-demining", "training",
                                           "equipment", "funding", "logistics", "monitoring", "command",
                                           "backstop"]
    assert poland["commitments"]["logistics"] == {"status": "pledged", "summary": "PL logistics pledged.",
                                                  "conditions": [], "lead": True, "sources": ["S1", "S2"]}
    assert poland["commitments"]["funding"] == {"status": "not-disclosed", "summary": "", "conditions": [],
                                                "lead": False, "sources": []}


def test_list_filters_and_data_after_the_subcommand(cli: CliRunner, data_file: Path) -> None:
    result = cli("list", "--data", str(data_file), "--type", "ground-forces", "--status", "ruled-out",
                 "--role", "member,partner", "--format", "json")
    assert result.returncode == 0, result.stderr
    assert [m["id"] for m in json.loads(result.stdout)] == ["IT", "PL", "US"]


def test_list_csv(cli: CliRunner, data_file: Path) -> None:
    result = cli("--data", str(data_file), "list", "--format", "csv", "--search", "united")
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == ["member", "name", "role", "type", "status", "conditions", "lead", "summary", "sources"]
    assert rows[1:] == [
        ["US", "United States", "partner", "ground-forces", "ruled-out", "", "false",
         "US ground-forces ruled-out.", "S1"],
        ["US", "United States", "partner", "air-patrol", "considering", "", "false",
         "US air-patrol considering.", "S3"],
        ["US", "United States", "partner", "backstop", "conditional", "parliament;peace-deal", "false",
         "US backstop conditional.", "S1"],
    ]


def test_list_table(cli: CliRunner, data_file: Path) -> None:
    result = cli("--data", str(data_file), "list", "--sort", "strongest")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split()[:4] == ["ID", "Member", "Role", "Grnd"]
    assert lines[1].startswith("PL  Poland !")
    assert "●*" in lines[1]  # pledged, lead nation
    assert lines[-1] == "4 of 4 members shown"


def test_show_by_name_or_id(cli: CliRunner, data_file: Path) -> None:
    by_name = cli("--data", str(data_file), "show", "poland")
    by_id = cli("--data", str(data_file), "show", "PL")
    assert by_name.returncode == 0 and by_name.stdout == by_id.stdout
    text = by_name.stdout
    assert text.startswith("Poland (PL)\n")
    assert "Logistics (logistics): pledged, lead nation" in text
    assert "[S2] Example Wire, 2025-09-04, tier A" in text


def test_validate_ok(cli: CliRunner, data_file: Path) -> None:
    result = cli("validate", str(data_file))
    assert result.returncode == 0
    assert "valid (4 members, 7 commitments, 3 sources, 2 events" in result.stdout


def test_validate_prints_every_error_then_a_count(cli: CliRunner, data_file: Path) -> None:
    raw = json.loads(data_file.read_text())
    raw["members"]["1"]["role"] = "observer"
    raw["commitments"]["1"]["status"] = "not-disclosed"
    data_file.write_text(json.dumps(raw))
    result = cli("validate", str(data_file))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 3
    assert lines[0] == (f'pledge-tui: error: {data_file}: members "PL" (doc 1), field "role": '
                        "unknown role 'observer' (expected one of: member, partner, institution, coalition)")
    assert 'commitments "PL/ground-forces" (doc 1), field "status"' in lines[1]
    assert lines[2] == f"pledge-tui: 2 problems found in {data_file}"


@pytest.mark.parametrize(
    ("args", "code", "words"),
    [
        (("list", "--type", "space-lasers"), 2, "unknown type 'space-lasers'"),
        (("list", "--status", "maybe"), 2, "unknown status 'maybe'"),
        (("list", "--condition", "x"), 2, "unknown condition 'x'"),
        (("list", "--role", "x"), 2, "unknown role 'x'"),
        (("list", "--format", "xml"), 2, "invalid choice: 'xml'"),
        (("list", "--sort", "x"), 2, "invalid choice"),
        (("list", "--bogus"), 2, "unrecognized arguments: --bogus"),
        (("show",), 2, "the following arguments are required: MEMBER"),
        (("show", "atlantis"), 2, "unknown member 'atlantis'"),
        (("show", "Polnd"), 2, "did you mean Poland"),
        (("frobnicate",), 2, "invalid choice: 'frobnicate'"),
        (("export", "--now", "yesterday"), 2, "invalid --now"),
    ],
)
def test_usage_errors(cli: CliRunner, data_file: Path, args: tuple[str, ...], code: int, words: str) -> None:
    assert_clean_error(cli("--data", str(data_file), *args), code, words)


@pytest.mark.parametrize("command", [("list",), ("show", "PL"), ("export",), ("validate",)])
def test_data_errors(cli: CliRunner, tmp_path: Path, command: tuple[str, ...]) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{ this is not json")
    before = hashlib.sha256(bad.read_bytes()).hexdigest()
    result = cli("--data", str(bad), *command)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith(f"pledge-tui: error: {bad}: is not valid JSON")
    assert hashlib.sha256(bad.read_bytes()).hexdigest() == before
    missing = cli("--data", str(tmp_path / "nope.json"), *command)
    assert_clean_error(missing, 1, "no such file") if command != ("validate",) else None
    assert not (tmp_path / "nope.json").exists()


def test_data_file_from_environment(cli: CliRunner, data_file: Path) -> None:
    result = cli("list", "--format", "json", env={"PLEDGE_TUI_DATA": str(data_file)})
    assert len(json.loads(result.stdout)) == 4


def test_debug_variable_is_the_only_way_to_a_traceback(monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    from pledge_tui import cli

    def explode(args: object) -> int:
        raise RuntimeError("boom")

    monkeypatch.setitem(cli.HANDLERS, "list", explode)
    monkeypatch.delenv("PLEDGE_TUI_DEBUG", raising=False)
    assert cli.main(["list"]) == 1
    err = capsys.readouterr().err
    assert err == ("pledge-tui: error: internal error: RuntimeError: boom "
                   "(set PLEDGE_TUI_DEBUG=1 to see the traceback)\n")
    monkeypatch.setenv("PLEDGE_TUI_DEBUG", "1")
    with pytest.raises(RuntimeError):
        cli.main(["list"])
