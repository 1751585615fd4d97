"""`history`, `changes` and `diff` on the command line (subprocesses): formats, filters, exit codes, and
`REV:PATH` read from git."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests import factories as F
from tests.common import CliRunner
from tests.history_factory import Editor

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def _story(tmp_path: Path) -> tuple[Path, Path]:
    ed = Editor(by="alice")
    old = F.write(tmp_path / "old.json", ed.raw)
    ed.set("PL", "air-patrol", status="considering", note="Minister said so.", at="2026-03-10T10:00:00Z")
    ed.set("IT", "training", status="pledged", conditions=[], at="2026-03-12T10:00:00Z", by="bob")
    ed.add_source("S4")
    return old, F.write(tmp_path / "new.json", ed.raw)


def entry_ids(path: Path) -> list[str]:
    """The ids of the file's history entries, oldest first (`ids[0]` was "entry 1")."""
    from pledge_tui.dataset import store

    return [entry.id for entry in store.load(str(path)).dataset.history]


def _ok(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    return result.stdout


def _fails(result: subprocess.CompletedProcess[str], code: int, *needles: str) -> None:
    assert result.returncode == code, (result.stdout, result.stderr)
    assert result.stderr.startswith("pledge-tui: error: ") and result.stderr.count("\n") == 1, result.stderr
    assert "Traceback" not in result.stderr
    for needle in needles:
        assert needle in result.stderr


def test_history_in_each_format(cli: CliRunner, tmp_path: Path) -> None:
    _, new = _story(tmp_path)
    one, two, three = entry_ids(new)
    table = _ok(cli("--data", str(new), "history"))
    assert table.index(f"{three} ") < table.index(f"{two} ") < table.index(f"{one} ")
    entries = json.loads(_ok(cli("--data", str(new), "history", "--format", "json")))
    assert [e["id"] for e in entries] == [three, two, one]
    assert entries[2]["note"] == "Minister said so." and entries[2]["by"] == "alice"
    assert entries[2]["before"] is None and entries[2]["after"]["status"] == "considering"
    md = _ok(cli("--data", str(new), "history", "--format", "md"))
    assert md.startswith("# History\n")
    assert f"| {one} | 2026-03-10 10:00 UTC | 2026-03 | alice | set |" in md


def test_history_member_type_and_since(cli: CliRunner, tmp_path: Path) -> None:
    _, new = _story(tmp_path)

    numbers = {entry_id: n for n, entry_id in enumerate(entry_ids(new), start=1)}

    def ids(*args: str) -> list[int]:
        listed = json.loads(_ok(cli("--data", str(new), "history", *args, "--format", "json")))
        return [numbers[e["id"]] for e in listed]

    assert ids("italy") == [2] and ids("PL") == [1] and ids("pl", "--type", "training") == []
    assert ids("--type", "air-patrol,training") == [2, 1] and ids("--since", "2026-03-11") == [3, 2]
    assert ids("--status", "considering") == [1] and ids("--role", "member") == [2, 1]


def test_history_usage_errors(cli: CliRunner, tmp_path: Path) -> None:
    _, new = _story(tmp_path)
    _fails(cli("--data", str(new), "history", "Polnad"), 2, "unknown member 'Polnad'", "did you mean Poland")
    _fails(cli("--data", str(new), "history", "--since", "last week"), 2, "--since")
    _fails(cli("--data", str(new), "history", "--sort", "strongest"), 2, "newest first")
    _fails(cli("--data", str(new), "history", "--type", "navy"), 2, "unknown type 'navy'")
    _fails(cli("--data", str(tmp_path / "missing.json"), "history"), 1, "no such file")


def test_a_version_1_file_has_no_history(cli: CliRunner, data_file: Path) -> None:
    assert _ok(cli("--data", str(data_file), "history")) == "0 history entries shown of 0\n"
    assert "no history yet" in _ok(cli("--data", str(data_file), "changes", "--since", "2026-01-01"))


def test_changes_in_each_format(cli: CliRunner, tmp_path: Path) -> None:
    _, new = _story(tmp_path)
    table = _ok(cli("--data", str(new), "changes", "--since", "2026-03-11"))
    assert "Italy (IT), Training: status: conditional → pledged; conditions: -outside Ukraine\n" in table
    assert "then: conditional; conditions: outside Ukraine; now: pledged\n" in table
    assert f"{entry_ids(new)[1]} recorded 2026-03-12 10:00 UTC · said 2026-01-06 · bob, set: " in table
    assert "Poland" not in table and "S4" in table
    data = json.loads(_ok(cli("--data", str(new), "changes", "--since", "2026-03-01", "--format", "json")))
    assert [(c["member"], c["type"], c["old"] and c["old"]["status"], c["new"]["status"]) for c in data["cells"]] == [
        ("IT", "training", "conditional", "pledged"), ("PL", "air-patrol", None, "considering")]
    assert [e["id"] for e in data["cells"][1]["entries"]] == entry_ids(new)[:1]
    assert [s["id"] for s in data["sources_added"]] == ["S4"]
    md = _ok(cli("--data", str(new), "changes", "--since", "2026-03-01", "--format", "md", "--type", "air-patrol"))
    assert md.startswith("# Changes since 2026-03-01\n") and "Italy" not in md and "Poland (PL)" in md


def test_changes_usage_errors(cli: CliRunner, tmp_path: Path) -> None:
    _, new = _story(tmp_path)
    _fails(cli("--data", str(new), "changes"), 2, "--since")
    _fails(cli("--data", str(new), "changes", "--since", "2026-02-30"), 2, "impossible date")
    _fails(cli("--data", str(new), "changes", "--since", "2026-03-01", "--format", "csv"), 2)


def test_diff_of_two_files_in_each_format(cli: CliRunner, tmp_path: Path) -> None:
    old, new = _story(tmp_path)
    table = _ok(cli("diff", str(old), str(new)))
    assert table.startswith(f"{old} → {new}: 2 cells, 0 members, 1 source, 0 events changed")
    data = json.loads(_ok(cli("diff", str(old), str(new), "--format", "json", "--role", "member")))
    assert [(c["member"], c["type"], c["change"]) for c in data["cells"]] == [("IT", "training", "changed"),
                                                                            ("PL", "air-patrol", "added")]
    assert data["sources"] == []  # S4 is cited by no shown change
    md = _ok(cli("diff", str(new), str(old), "--format", "md"))
    assert "| Poland (PL) | Air | removed |" in md
    assert _ok(cli("diff", str(old), str(old))).endswith(": no differences\n")


def test_diff_errors(cli: CliRunner, tmp_path: Path, data_file: Path) -> None:
    old, _ = _story(tmp_path)
    _fails(cli("diff", str(old), str(tmp_path / "nope.json")), 1, "no such file")
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    _fails(cli("diff", str(bad), str(old)), 1, "not valid JSON")
    _fails(cli("diff", str(old)), 2)
    outside = tmp_path / "outside"
    outside.mkdir()
    _fails(cli("diff", "HEAD~1:data/commitments.json", str(old), cwd=outside), 2,
           "OLD 'HEAD~1:data/commitments.json'", "not inside a git repository")


def _git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, check=True,
                          env={"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
                               "GIT_COMMITTER_EMAIL": "t@example.org", "HOME": str(repo), "PATH": "/usr/bin:/bin"})
    return done.stdout


def test_diff_reads_revisions_from_git(cli: CliRunner, tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / "data").mkdir(parents=True)
    old, new = _story(tmp_path)
    _git(repo, "init", "-q")
    shutil.copy(old, repo / "data" / "commitments.json")
    _git(repo, "add", ".")
    _git(repo, "commit", "-qm", "one")
    shutil.copy(new, repo / "data" / "commitments.json")
    _git(repo, "commit", "-qam", "two")
    expected = _ok(cli("diff", str(old), str(new), "--format", "json"))
    got = _ok(cli("diff", "HEAD~1:data/commitments.json", "data/commitments.json", "--format", "json", cwd=repo))
    assert json.loads(got)["cells"] == json.loads(expected)["cells"]
    assert json.loads(got)["old"] == "HEAD~1:data/commitments.json"
    from_subfolder = cli("diff", "HEAD~1:./commitments.json", "HEAD:data/commitments.json", "--format", "json",
                         cwd=repo / "data")
    assert json.loads(_ok(from_subfolder))["cells"] == json.loads(expected)["cells"]
    _fails(cli("diff", "HEAD~5:data/commitments.json", "data/commitments.json", cwd=repo), 2,
           "OLD 'HEAD~5:data/commitments.json'", "git cannot read it")
    _fails(cli("diff", "HEAD:data/nothing.json", "data/commitments.json", cwd=repo), 2, "nothing.json")
    _fails(cli("diff", "HEAD:", "data/commitments.json", cwd=repo), 2, "give a path after the colon")


def test_a_path_with_a_colon_is_a_path_when_it_exists(cli: CliRunner, tmp_path: Path) -> None:
    old, new = _story(tmp_path)
    colon = tmp_path / "snap:2026.json"
    shutil.copy(new, colon)
    assert "2 cells" in _ok(cli("diff", str(old), "snap:2026.json", cwd=tmp_path))
