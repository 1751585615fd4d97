"""The command line through a real subprocess: exit codes, stdout, stderr, and never a traceback."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from pathlib import Path

import pytest

from pledge_tui import __version__
from tests.common import CliRunner


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
    result = cli("--data", str(data_file), "list", "--format", "json", "--now", "2026-01-01T00:00:00Z")
    assert result.returncode == 0, result.stderr
    members = json.loads(result.stdout)
    assert [m["id"] for m in members] == ["EU", "IT", "PL", "US"]
    poland = members[2]
    assert set(poland) == {"id", "name", "role", "stance", "caveats", "commitments"}
    assert list(poland["commitments"]) == ["ground-forces", "air-patrol", "naval-demining", "training",
                                           "equipment", "funding", "logistics", "monitoring", "command",
                                           "backstop"]
    assert poland["commitments"]["logistics"] == {"status": "pledged", "summary": "PL logistics pledged.",
                                                  "conditions": [], "lead": True, "sources": ["S1", "S2"],
                                                  "newest_source": "2025-09-04", "newest_source_id": "S1",
                                                  "newest_source_age_days": 119}
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
    assert re.match(r"PL  Poland +!  member ", lines[1])  # the caveat mark after the name, in its own column
    assert "●*" in lines[1]  # pledged, lead nation
    assert lines[-1] == "4 of 4 members shown"


def test_show_by_name_or_id(cli: CliRunner, data_file: Path) -> None:
    by_name = cli("--data", str(data_file), "show", "poland")
    by_id = cli("--data", str(data_file), "show", "PL")
    assert by_name.returncode == 0 and by_name.stdout == by_id.stdout
    text = by_name.stdout
    assert text.startswith("Poland (PL)\n")
    assert "Logistics (logistics): pledged, lead nation" in text
    assert '[S2] Example Wire, "Official text", 2025-09-04, tier A (official text)' in text


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
        (("--since", "2026-03-01", "list"), 2, "--since is an option of the browser; `list` does not take it "
                                               "(for the changes since a date: `pledge-tui changes --since DATE`)"),
        (("--read-only", "export", "-o", "-"), 2, "--read-only is an option of the browser; `export` does not take it"),
        (("--export-dir", ".", "show", "PL"), 2, "--export-dir is an option of the browser; `show` does not take it"),
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


# --- issue 14: hardening the read path (each test fails on the code before the issue) -----------------

import os  # noqa: E402
import signal  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402

from tests.factories import member, raw_dataset, table, write  # noqa: E402

PYTHON = [sys.executable, "-m", "pledge_tui"]


def _env(**extra: str) -> dict[str, str]:
    environ = {k: v for k, v in os.environ.items() if k not in ("PLEDGE_TUI_DEBUG", "PLEDGE_TUI_DATA")}
    return {**environ, **extra}


def run_raw(*args: str, cwd: Path, env: dict[str, str] | None = None,
            **kwargs: object) -> subprocess.CompletedProcess[bytes]:
    """The command in a subprocess, standard output and error as bytes (unless redirected by `kwargs`)."""
    options: dict[str, object] = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE, **kwargs}
    # No overload of subprocess.run takes a dict of options: the ignore is for that; the result is bytes
    # because no `text`/`encoding` option is ever passed.
    result: subprocess.CompletedProcess[bytes] = subprocess.run(
        [*PYTHON, *args], cwd=cwd, env=env or _env(), timeout=60, check=False, **options)  # type: ignore[call-overload]
    return result


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# class 1: an export (or any read command) cannot damage the data file through a redirection

@pytest.mark.parametrize("command", [("export",), ("list",), ("list", "--format", "json"), ("show", "PL"),
                                     ("validate",), ("export", "--type", "lasers")])
def test_standard_output_onto_the_data_file_is_refused(tmp_path: Path, data_file: Path,
                                                       command: tuple[str, ...]) -> None:
    before = digest(data_file)
    with open(data_file, "ab") as appended:  # pledge-tui --data DATA export >> DATA
        result = run_raw("--data", str(data_file), *command, cwd=tmp_path, stdout=appended)
    assert result.returncode == 1, result.stderr
    assert b"standard output is the data file" in result.stderr and b"Traceback" not in result.stderr
    assert digest(data_file) == before


def test_standard_error_onto_the_data_file_is_refused_silently(tmp_path: Path, data_file: Path) -> None:
    before = digest(data_file)
    target = tmp_path / "snap.md"
    with open(data_file, "ab") as appended:  # ... export -o snap.md 2>> DATA
        result = run_raw("--data", str(data_file), "export", "-o", str(target), "--type", "lasers", cwd=tmp_path,
                         stderr=appended)
    assert result.returncode == 1 and result.stdout == b""
    assert digest(data_file) == before and not target.exists()


def test_output_to_another_file_is_fine(tmp_path: Path, data_file: Path) -> None:
    out = tmp_path / "out.md"
    with open(out, "ab") as appended:
        result = run_raw("--data", str(data_file), "export", "--now", "2026-01-01T00:00:00Z", cwd=tmp_path,
                         stdout=appended)
    assert result.returncode == 0 and out.read_text(encoding="utf-8").startswith("---\n")


# class 2: clear messages where a traceback or "internal error" was

def test_a_file_name_beyond_name_max_or_path_max(cli: CliRunner, data_file: Path, tmp_path: Path) -> None:
    for name in ("x" * 300 + ".md", "a/" * 3000 + "x.md"):
        result = cli("--data", str(data_file), "export", "-o", str(tmp_path / name))
        assert_clean_error(result, 1, "the name is too long")
        assert "internal error" not in result.stderr
    assert_clean_error(cli("--data", "y" * 300 + ".json", "list"), 1, "cannot be read")


def test_a_local_data_folder_that_cannot_be_searched(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    """Simulated (the tests run as root, which searches any folder): ./data/commitments.json cannot be checked."""
    from pledge_tui import cli as cli_module

    real_stat = os.stat

    def refuse(path: object, *args: object, **kwargs: object) -> os.stat_result:
        if os.fspath(path) == os.path.join("data", "commitments.json"):  # type: ignore[call-overload]
            raise PermissionError(13, "Permission denied", os.fspath(path))  # type: ignore[call-overload]
        return real_stat(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("PLEDGE_TUI_DATA", raising=False)
    monkeypatch.setattr("pledge_tui.paths.os.stat", refuse)
    for args in (["list"], ["show", "PL"], ["export"], ["validate"]):
        assert cli_module.main(args) == 1
        err = capsys.readouterr().err
        assert err == "pledge-tui: error: data/commitments.json: cannot be checked: permission denied\n", err


def _closing(fd: int) -> object:
    return lambda: os.close(fd)


def test_closed_standard_output(tmp_path: Path, data_file: Path) -> None:
    for command in (("list",), ("list", "--format", "json"), ("show", "PL"), ("export",), ("validate",)):
        result = run_raw("--data", str(data_file), *command, cwd=tmp_path, stdout=None, preexec_fn=_closing(1))
        assert result.returncode == 1, (command, result.stderr)
        assert result.stderr == b"pledge-tui: error: standard output is closed; nothing was written\n", command


def test_closed_standard_error_keeps_exit_codes_and_standard_output_clean(tmp_path: Path, data_file: Path) -> None:
    def run(*args: str) -> subprocess.CompletedProcess[bytes]:
        return run_raw("--data", str(data_file), *args, cwd=tmp_path, stderr=None, preexec_fn=_closing(2))

    usage = run("list", "--type", "lasers")
    assert usage.returncode == 2 and usage.stdout == b""
    bad = run("list", "--bogus")
    assert bad.returncode == 2 and bad.stdout == b""
    ok = run("list", "--format", "json")
    assert ok.returncode == 0 and json.loads(ok.stdout)
    written = run("export", "-o", str(tmp_path / "snap.md"))
    assert written.returncode == 0 and written.stdout == b"" and (tmp_path / "snap.md").exists()


# class 3: machine output is UTF-8 whatever the locale; the table falls back to ASCII glyphs; no formulas

@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
def test_machine_formats_are_utf8_whatever_the_locale(tmp_path: Path, encoding: str) -> None:
    raw = raw_dataset()
    raw["members"]["1"]["name"] = "Türkiye 中文 ✕"
    data = write(tmp_path / "d.json", raw)
    env = _env(PYTHONIOENCODING=encoding, LC_ALL="C", LANG="C")
    as_json = run_raw("--data", str(data), "list", "--format", "json", cwd=tmp_path, env=env)
    assert as_json.returncode == 0 and json.loads(as_json.stdout.decode("utf-8"))[2]["name"] == "Türkiye 中文 ✕"
    as_csv = run_raw("--data", str(data), "list", "--format", "csv", cwd=tmp_path, env=env)
    assert "Türkiye 中文 ✕".encode() in as_csv.stdout
    piped = run_raw("--data", str(data), "export", "--now", "2026-01-01T00:00:00Z", cwd=tmp_path, env=env)
    to_file = run_raw("--data", str(data), "export", "--now", "2026-01-01T00:00:00Z", "-o", "snap.md",
                      cwd=tmp_path, env=env)
    assert piped.returncode == to_file.returncode == 0
    assert piped.stdout == (tmp_path / "snap.md").read_bytes()
    assert "Türkiye 中文 ✕".encode() in piped.stdout


def test_the_table_falls_back_to_ascii_glyphs_that_tell_statuses_apart(tmp_path: Path, data_file: Path) -> None:
    result = run_raw("--data", str(data_file), "list", "--sort", "strongest", cwd=tmp_path,
                     env=_env(PYTHONIOENCODING="ascii"))
    assert result.returncode == 0
    text = result.stdout.decode("ascii")
    assert "# pledged  + conditional  o considering  x ruled out  . not disclosed  * lead nation" in text
    poland = next(line for line in text.splitlines() if line.startswith("PL "))
    assert poland.split()[-10:] == ["x", ".", ".", ".", ".", ".", "#*", ".", ".", "."]
    assert "?" not in text


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t"])
def test_csv_cells_never_start_a_formula(cli: CliRunner, tmp_path: Path, start: str) -> None:
    raw = raw_dataset()
    raw["members"]["1"]["name"] = f"{start}HYPERLINK(\"https://evil.example\";\"x\")"
    raw["commitments"]["2"]["summary"] = f"{start}1+1"
    data = write(tmp_path / "d.json", raw)
    rows = list(csv.reader(io.StringIO(cli("--data", str(data), "list", "--format", "csv").stdout)))
    poland = [r for r in rows if r[0] == "PL"]
    assert poland and all(r[1].startswith("'" + start) for r in poland)
    assert [r[7] for r in poland if r[3] == "logistics"] == [f"'{start}1+1"]
    members = json.loads(cli("--data", str(data), "list", "--format", "json").stdout)
    assert next(m for m in members if m["id"] == "PL")["name"].startswith(start)  # JSON keeps the data as is


# class 4: every line the app prints is cleaned like an error line

def test_file_names_cannot_drive_the_terminal(tmp_path: Path, data_file: Path) -> None:
    hostile = "snap\x1b]0;pwned\x07\nnext.md"
    result = run_raw("--data", str(data_file), "export", "-o", hostile, cwd=tmp_path)
    assert result.returncode == 0 and (tmp_path / hostile).exists()
    line = result.stderr.decode()
    assert line.count("\n") == 1 and "\x1b" not in line and "\x07" not in line
    assert "\\x1b]0;pwned\\x07\\nnext.md" in line
    named = tmp_path / "d\x1b[31m\n.json"
    named.write_bytes(data_file.read_bytes())
    valid = run_raw("validate", str(named), cwd=tmp_path)
    assert valid.returncode == 0 and b"\x1b" not in valid.stdout and valid.stdout.count(b"\n") == 1
    assert b"d\\x1b[31m\\n.json: valid" in valid.stdout
    named.write_text("{}", encoding="utf-8")
    invalid = run_raw("validate", str(named), cwd=tmp_path)
    assert invalid.returncode == 1 and b"\x1b" not in invalid.stderr
    count_line = invalid.stderr.splitlines()[-1]
    assert count_line.startswith(b"pledge-tui: ") and b"found in" in count_line


# class 5: Unicode

def test_nfd_and_invisible_characters_are_found_by_what_is_displayed(cli: CliRunner, tmp_path: Path) -> None:
    import unicodedata

    raw = raw_dataset()
    raw["members"]["1"]["name"] = unicodedata.normalize("NFD", "Pölånd")
    raw["members"]["2"]["name"] = "It\u200daly\u00ad"
    data = write(tmp_path / "d.json", raw)
    for needle, expected in (("pöl", "PL"), ("POLAND", "PL"), ("italy", "IT")):
        result = cli("--data", str(data), "list", "--format", "json", "--search", needle)
        assert [m["id"] for m in json.loads(result.stdout)] == [expected], needle
    assert cli("--data", str(data), "show", "Pölånd").stdout.startswith("Pölånd (PL)\n")
    assert cli("--data", str(data), "show", "italy").returncode == 0


def test_the_table_measures_wide_characters_in_cells(cli: CliRunner, tmp_path: Path) -> None:
    import re

    from rich.cells import cell_len

    raw = raw_dataset()
    names = ["中文中文", "\uff26\uff55\uff4c\uff4c", "Ünï\u0301côdé", "👩\u200d👩\u200d👧 family"]
    for doc, name in zip(raw["members"].values(), names, strict=True):
        doc["name"] = name
    raw["members"]["1"]["name"] = "中" * 30  # cut to the column's width, by cells
    data = write(tmp_path / "d.json", raw)
    header, *rows = cli("--data", str(data), "list").stdout.splitlines()[:5]
    role_at, glyphs_at = cell_len(header[: header.index("Role")]), cell_len(header[: header.index("Grnd")])
    for row in rows:
        role = re.search(r" (member|partner|institution) +", row)
        assert role is not None, row
        assert cell_len(row[: role.start() + 1]) == role_at, row  # every row's role column starts together
        assert cell_len(row[: role.end()]) == glyphs_at, row  # and so do its glyphs
    assert any("…" in row for row in rows)


# class 6: ambiguity and empty paths

def test_show_an_id_wins_over_a_name(cli: CliRunner, tmp_path: Path) -> None:
    raw = raw_dataset()
    raw["members"]["1"]["name"] = "IT"  # Poland, first in the file, is now *named* "IT"
    data = write(tmp_path / "d.json", raw)
    assert cli("--data", str(data), "show", "it").stdout.startswith("Italy (IT)\n")
    assert cli("--data", str(data), "show", "PL").stdout.startswith("IT (PL)\n")


def test_show_an_ambiguous_name_lists_the_candidates(cli: CliRunner, tmp_path: Path) -> None:
    raw = raw_dataset()
    raw["members"] = table(member("PL", "Twin"), member("IT", "Twin"), member("US", "United States"))
    raw["commitments"] = table()
    data = write(tmp_path / "d.json", raw)
    assert_clean_error(cli("--data", str(data), "show", "twin"), 2,
                       "ambiguous member 'twin': it names Twin (PL), Twin (IT); give the id")
    assert cli("--data", str(data), "show", "IT").returncode == 0


@pytest.mark.parametrize("args", [("--data", "", "list"), ("--data=", "list"), ("list", "--data", ""),
                                  ("validate", ""), ("--export-dir", ""), ("--export-dir=",),
                                  ("export", "-o", "")])
def test_an_empty_path_is_a_usage_error(cli: CliRunner, data_file: Path, args: tuple[str, ...]) -> None:
    result = cli(*args, env={"PLEDGE_TUI_DATA": str(data_file)})
    assert_clean_error(result, 2, "is empty; give a file or folder name")


# class 8: the smaller ones

def test_now_before_the_year_1000_is_still_iso(cli: CliRunner, data_file: Path) -> None:
    result = cli("--data", str(data_file), "export", "--now", "0999-01-02T03:04:05Z")
    assert result.returncode == 0 and 'generated_at: "0999-01-02T03:04:05Z"' in result.stdout


SLOW_WRITE = """
import os, signal, sys, time
sig = getattr(signal, sys.argv[1])
real_fsync = os.fsync
def fsync(fd):
    os.kill(os.getpid(), sig)  # the signal arrives mid-write, after the temporary file was written
    time.sleep(5)
    real_fsync(fd)
os.fsync = fsync
from pledge_tui.cli import main
raise SystemExit(main(sys.argv[2:]))
"""


@pytest.mark.parametrize("name", ["SIGTERM", "SIGHUP"])
def test_a_signal_during_export_leaves_no_temporary_file(tmp_path: Path, data_file: Path, name: str) -> None:
    out = tmp_path / "out"
    out.mkdir()
    result = subprocess.run([sys.executable, "-c", SLOW_WRITE, name, "--data", str(data_file), "export", "-o",
                             str(out / "snap.md")], capture_output=True, timeout=60, env=_env(), check=False)
    assert result.returncode == 128 + getattr(signal, name), result.stderr
    assert list(out.iterdir()) == []


def test_an_option_repeated_50000_times_is_refused_at_once(cli: CliRunner, data_file: Path) -> None:
    import time

    started = time.monotonic()
    result = cli("--data", str(data_file), "list", *(["--type", "air"] * 50_000))
    assert_clean_error(result, 2, "too many arguments (100,003; the limit is 10,000)")
    assert time.monotonic() - started < 20  # argparse alone took 40 s before the cap
    many = cli("--data", str(data_file), "list", "--format", "json", *(["--type", "air"] * 4_000))
    assert many.returncode == 0 and [m["id"] for m in json.loads(many.stdout)] == ["US"]


# README "Vocabulary" and issue 15 item 8: labels as well as slugs; --type narrows the machine formats

@pytest.mark.parametrize("value", ["air-patrol", "air", "Air", "AIR", " air "])
def test_types_by_slug_or_label(cli: CliRunner, data_file: Path, value: str) -> None:
    result = cli("--data", str(data_file), "list", "--format", "json", "--type", value)
    assert [m["id"] for m in json.loads(result.stdout)] == ["US"]


@pytest.mark.parametrize(("option", "value", "ids"), [
    ("--status", "ruled out", ["IT", "PL", "US"]), ("--status", "Ruled-Out", ["IT", "PL", "US"]),
    ("--condition", "US backing", []), ("--condition", "peace deal", ["US"]),
    ("--condition", "Outside Ukraine", ["IT"]),
    ("--role", "Institution", ["EU"]), ("--type", "grnd,sea", ["IT", "PL", "US"]),
])
def test_statuses_conditions_and_roles_by_label(cli: CliRunner, data_file: Path, option: str, value: str,
                                                ids: list[str]) -> None:
    result = cli("--data", str(data_file), "list", "--format", "json", option, value)
    assert result.returncode == 0, result.stderr
    assert [m["id"] for m in json.loads(result.stdout)] == ids


@pytest.mark.parametrize(("args", "words"), [
    (("--type", "aier"), "unknown type 'aier' for --type; did you mean air-patrol (Air)?"),
    (("--status", "pleged"), "did you mean pledged (pledged)?"),
    (("--condition", "ceasfire"), "did you mean ceasefire (ceasefire)?"),
    (("--type", "space-lasers"), "unknown type 'space-lasers' for --type (expected one of: ground-forces,"),
])
def test_a_typo_suggests_the_nearest_value(cli: CliRunner, data_file: Path, args: tuple[str, ...], words: str) -> None:
    assert_clean_error(cli("--data", str(data_file), "list", *args), 2, words)


def test_machine_formats_carry_only_the_selected_types(cli: CliRunner, data_file: Path) -> None:
    members = json.loads(cli("--data", str(data_file), "list", "--format", "json", "--type", "backstop,ground").stdout)
    assert [m["id"] for m in members] == ["IT", "PL", "US"]
    assert all(list(m["commitments"]) == ["ground-forces", "backstop"] for m in members)
    rows = list(csv.reader(io.StringIO(cli("--data", str(data_file), "list", "--format", "csv", "--type",
                                           "backstop,ground").stdout)))
    assert {r[3] for r in rows[1:]} == {"ground-forces", "backstop"}
    assert len(rows) == 1 + 4  # three ground-forces records and the US backstop, not the US air patrol


# README "The data": the coalition as a whole, first in every sort, counted apart, filterable by role

@pytest.mark.parametrize("sort", ["name", "strongest", "caveats"])
def test_the_coalition_row_in_the_list_table(cli: CliRunner, tmp_path: Path, sort: str) -> None:
    from tests.factories import raw_dataset_with_coalition

    data = write(tmp_path / "d.json", raw_dataset_with_coalition())
    lines = cli("--data", str(data), "list", "--sort", sort).stdout.splitlines()
    assert lines[1].startswith("COW  Coalition of the Willing    coalition as a whole  ")  # no caveat: no mark
    assert lines[-1] == "4 of 4 members shown + the coalition as a whole"
    only = cli("--data", str(data), "list", "--role", "Coalition as a whole", "--format", "json")
    assert [m["id"] for m in json.loads(only.stdout)] == ["COW"]
    members = cli("--data", str(data), "list", "--role", "member,partner")
    assert members.stdout.splitlines()[-1] == "3 of 4 members shown"
    assert "valid (4 members + the coalition as a whole, 9 commitments" in cli("validate", str(data)).stdout
