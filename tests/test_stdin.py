"""`-` as an input (README "Command line"): `--data -`, `validate -` and `diff - NEW` read standard input.

The read commands give the same output from a pipe as from the file, name it `<stdin>` in messages,
and refuse a terminal; the write commands and the browser refuse `-` (a pipe cannot be changed, and
the browser's keyboard is standard input).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.common import FROZEN, CliRunner
from tests.factories import member, raw_dataset, table, write

FROZEN_TEXT = FROZEN.read_text(encoding="utf-8")


@pytest.mark.parametrize("args", [
    ("list",), ("list", "--format", "json", "--type", "air"), ("list", "--format", "csv"),
    ("show", "poland"), ("show", "PL", "--format", "json"), ("show", "uk", "--format", "md"),
    ("export", "--now", "2026-01-01T00:00:00Z", "--type", "ground"),
    ("history",), ("changes", "--since", "2026-01-01"),
], ids=lambda a: " ".join(a))
def test_a_read_command_reads_the_same_data_from_a_pipe(cli: CliRunner, args: tuple[str, ...]) -> None:
    from_file = cli("--data", str(FROZEN), *args)
    from_pipe = cli("--data", "-", *args, stdin=FROZEN_TEXT)
    after = cli(*args[:1], "--data", "-", *args[1:], stdin=FROZEN_TEXT)  # --data after the command too
    assert from_file.returncode == 0, from_file.stderr
    assert (from_pipe.returncode, from_pipe.stderr) == (0, "")
    if args[0] == "export":  # the front matter names the file
        assert from_pipe.stdout == from_file.stdout.replace('name: "commitments.json"', 'name: "<stdin>"')
    else:
        assert from_pipe.stdout == from_file.stdout
    assert after.stdout == from_pipe.stdout


def test_validate_reads_a_pipe(cli: CliRunner) -> None:
    result = cli("validate", "-", stdin=FROZEN_TEXT)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("<stdin>: valid (")
    assert cli("--data", "-", "validate", stdin=FROZEN_TEXT).stdout == result.stdout


def test_an_invalid_pipe_is_named_stdin(cli: CliRunner) -> None:
    raw = raw_dataset()
    raw["members"] = table(member("PL", "Poland", role="observer"), member("IT", "Italy", stance=""))
    text = json.dumps(raw)
    result = cli("validate", "-", stdin=text)
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert lines[0].startswith('pledge-tui: error: <stdin>: members "PL" (doc 1), field "role": unknown role')
    assert lines[-1] == f"pledge-tui: {len(lines) - 1} problems found in <stdin>"
    listed = cli("--data", "-", "list", stdin=text)
    assert listed.returncode == 1 and listed.stderr.startswith("pledge-tui: error: <stdin>: members")
    assert len(listed.stderr.splitlines()) == 1


@pytest.mark.parametrize(("stdin", "expected"), [
    ("", "<stdin>: "),
    ("not json", "<stdin>: "),
    ("\ufeff{}", "<stdin>: "),
])
def test_a_pipe_that_is_not_data(cli: CliRunner, stdin: str, expected: str) -> None:
    result = cli("--data", "-", "list", stdin=stdin)
    assert result.returncode == 1
    assert result.stderr.startswith(f"pledge-tui: error: {expected}") and len(result.stderr.splitlines()) == 1


def test_diff_reads_old_or_new_from_a_pipe(cli: CliRunner, tmp_path: Path) -> None:
    raw = json.loads(FROZEN_TEXT)
    doc_id = next(k for k, c in raw["commitments"].items() if c["member"] == "PL" and c["status"] == "pledged")
    raw["commitments"][doc_id]["summary"] = "Polska"
    changed = write(tmp_path / "changed.json", raw)
    by_files = cli("diff", str(FROZEN), str(changed), "--format", "json")
    old_piped = cli("diff", "-", str(changed), "--format", "json", stdin=FROZEN_TEXT)
    new_piped = cli("diff", str(FROZEN), "-", "--format", "json", stdin=changed.read_text(encoding="utf-8"))
    assert by_files.returncode == old_piped.returncode == new_piped.returncode == 0
    assert "Polska" in by_files.stdout
    assert json.loads(old_piped.stdout) == {**json.loads(by_files.stdout), "old": "<stdin>"}
    assert json.loads(new_piped.stdout) == {**json.loads(by_files.stdout), "new": "<stdin>"}


def test_diff_refuses_stdin_twice(cli: CliRunner) -> None:
    result = cli("diff", "-", "-", stdin=FROZEN_TEXT)
    assert (result.returncode, result.stderr) == (
        2, "pledge-tui: error: OLD and NEW cannot both be standard input (-): it can be read only once\n")


@pytest.mark.parametrize("args", [
    ("set", "PL", "training", "considering", "--source", "S1", "--summary", "x"),
    ("undo",), ("init", "copy.json"), ("setup-git",),
], ids=lambda a: a[0])
def test_a_write_command_refuses_stdin(cli: CliRunner, args: tuple[str, ...], tmp_path: Path) -> None:
    result = cli("--data", "-", *args, stdin=FROZEN_TEXT, env={"PLEDGE_TUI_USER": "tester"})
    assert result.returncode == 2
    assert result.stderr.startswith(f"pledge-tui: error: --data -: `{args[0]}` cannot take its data from standard "
                                    "input (")
    assert result.stderr.endswith("; name the data file\n")
    assert not (tmp_path / "copy.json").exists()


def test_the_browser_refuses_stdin(cli: CliRunner) -> None:
    result = cli("--data", "-", stdin=FROZEN_TEXT)
    assert result.returncode == 2
    assert "--data -: the browser reads the keyboard from standard input" in result.stderr


def test_a_terminal_on_standard_input_is_refused(tmp_path: Path) -> None:
    """`pledge-tui list --data -` typed at a prompt would wait for JSON typed by hand: refused instead."""
    main, secondary = os.openpty()
    try:
        result = subprocess.run([sys.executable, "-m", "pledge_tui", "--data", "-", "list"], stdin=secondary,
                                capture_output=True, text=True, timeout=60, cwd=tmp_path, check=False)
    finally:
        os.close(main)
        os.close(secondary)
    assert result.returncode == 2
    assert result.stderr == ("pledge-tui: error: --data - reads the data from standard input, which is a terminal: "
                             "pipe or redirect the data in (`pledge-tui list --data - < FILE`)\n")


def test_a_closed_standard_input(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "pledge_tui", "--data", "-", "list"], stdin=subprocess.DEVNULL,
                            capture_output=True, text=True, timeout=60, cwd=tmp_path, check=False,
                            preexec_fn=lambda: os.close(0))
    assert result.returncode == 1
    assert result.stderr.startswith("pledge-tui: error: <stdin>: ") and len(result.stderr.splitlines()) == 1


def test_stdin_from_the_environment_variable(cli: CliRunner) -> None:
    """`-` means standard input wherever the data file is named: the flag, the variable or the settings."""
    result = cli("show", "PL", env={"PLEDGE_TUI_DATA": "-"}, stdin=FROZEN_TEXT)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Poland (PL)")


def test_a_file_named_dash_is_still_reachable(cli: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "-").write_text(FROZEN_TEXT, encoding="utf-8")
    assert cli("--data", "./-", "show", "PL").stdout.startswith("Poland (PL)")
