"""The write commands through the real command line (README "Editing"): syntax, exit codes, messages, and
the promise that a refused command leaves the file byte for byte as it was."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.clones import read_log, v3_file
from tests.common import BUNDLED, CliRunner
from tests.factories import lock_held, raw_dataset, raw_dataset_v2, write

EPOCH = {"SOURCE_DATE_EPOCH": "1773133200", "PLEDGE_TUI_USER": "tester"}  # 2026-03-10T09:00:00Z


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A version-3 file and its log (the factory's version-2 dataset, upgraded)."""
    return v3_file(tmp_path / "d.json")


ENTRY = r"h[0-9a-f]{10}"


def stored(path: Path) -> dict[str, Any]:
    result: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return result


def one_error_line(done: subprocess.CompletedProcess[str], code: int, *words: str) -> None:
    assert done.returncode == code, done.stderr
    assert "Traceback" not in done.stderr and done.stdout == ""
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("pledge-tui: error: "), done.stderr
    for word in words:
        assert word in lines[0], (word, lines[0])


def test_set_creates_a_record_and_says_so_in_one_line(cli: CliRunner, data: Path) -> None:
    done = cli("--data", str(data), "set", "Italy", "Funding", "Pledged", "--source", "S2,S3", "--summary", "Money.",
               "--condition", "US backing", "--condition", "ceasefire", "--lead", "--quantity", "EUR 1bn",
               "--stated-on", "2026-02", "--note", "per the declaration", env=EPOCH)
    assert done.returncode == 0, done.stderr
    entry = read_log(data)[-1]
    assert done.stderr == f"pledge-tui: set IT/funding (history entry {entry['id']})\n" and done.stdout == ""
    raw = stored(data)
    assert raw["commitments"]["8"] == {"member": "IT", "type": "funding", "status": "pledged", "summary": "Money.",
                                       "conditions": ["us-backstop", "ceasefire"], "lead": True,
                                       "quantity": "EUR 1bn", "stated_on": "2026-02", "sources": ["S2", "S3"]}
    assert (entry["at"], entry["by"], entry["note"], entry["sources"]) == (
        "2026-03-10T09:00:00Z", "tester", "per the declaration", ["S2", "S3"])


def test_set_changes_only_what_is_given(cli: CliRunner, data: Path) -> None:
    assert cli("--data", str(data), "set", "pl", "logistics", "conditional", "--source", "S3", "--no-lead",
               "--by", "ann").returncode == 0
    record = stored(data)["commitments"]["2"]
    assert record == {**raw_dataset_v2()["commitments"]["2"], "status": "conditional", "lead": False,
                      "sources": ["S1", "S2", "S3"]}
    assert read_log(data)[-1]["by"] == "ann"


def test_the_first_write_of_a_version_1_file_says_it_upgraded_it(cli: CliRunner, tmp_path: Path) -> None:
    path = write(tmp_path / "v1.json", raw_dataset())
    done = cli("--data", str(path), "set", "PL", "logistics", "considering", "--source", "S1", env=EPOCH)
    assert done.returncode == 0
    *_, upgrade, change = read_log(path)
    assert (f"set PL/logistics (history entry {change['id']}); the file was upgraded to schema version 3 "
            f"(history entry {upgrade['id']})") in done.stderr
    assert [e["action"] for e in read_log(path)] == ["baseline"] * 17 + ["upgrade", "set"]


def test_a_command_that_changes_nothing_writes_nothing(cli: CliRunner, data: Path) -> None:
    before = (data.read_bytes(), data.stat().st_mtime_ns)
    done = cli("--data", str(data), "set", "PL", "logistics", "pledged", "--source", "S1", env=EPOCH)
    assert done.returncode == 0 and "nothing to change: PL/logistics is already so" in done.stderr
    done = cli("--data", str(data), "unset", "PL", "funding", "--source", "S1", "--note", "x", env=EPOCH)
    assert done.returncode == 0 and "nothing to change" in done.stderr
    assert (data.read_bytes(), data.stat().st_mtime_ns) == before


@pytest.mark.parametrize(("args", "code", "words"), [
    (("set", "PL", "logistics", "considering"), 2, ("required: --source",)),
    (("set", "PL", "logistics", "maybe", "--source", "S1"), 2, ("unknown status 'maybe'",)),
    (("set", "PL", "logistics", "pledgd", "--source", "S1"), 2, ("did you mean pledged (pledged)?",)),
    (("set", "PL", "logistics", "not-disclosed", "--source", "S1"), 2, ("`unset` removes a record",)),
    (("set", "PL", "space", "pledged", "--source", "S1"), 2, ("unknown type 'space'",)),
    (("set", "PL", "funding", "pledged", "--source", "S1"), 2, ("needs --summary",)),
    (("set", "Atlantis", "funding", "pledged", "--source", "S1"), 2, ("unknown member 'Atlantis'",)),
    (("set", "PL", "logistics", "considering", "--source", "S404"), 2, ("unknown source 'S404'",)),
    (("set", "PL", "logistics", "considering", "--source", ","), 2, ("--source is required",)),
    (("set", "PL", "logistics", "considering", "--source", "S1", "--condition", "sunny"), 2,
     ("unknown condition 'sunny'",)),
    (("set", "PL", "logistics", "considering", "--source", "S1", "--condition", "ceasefire", "--no-conditions"),
     2, ("not allowed with argument",)),
    (("set", "PL", "logistics", "considering", "--source", "S1", "--by", ""), 2, ("--by must name someone",)),
    (("unset", "PL", "logistics", "--source", "S1"), 2, ("required: --note",)),
    (("unset", "PL", "logistics", "--source", "S1", "--note", "  "), 2, ("--note must say why",)),
    (("unset", "PL", "logistics", "--source", "S1", "--note", "\u200b\u200d"), 2, ("--note must say why",)),
    (("set", "PL", "logistics", "considering", "--source", "S1", "--condition", ""), 2, ("--condition is empty",)),
    (("add-member", "NO", "--name", "Norway", "--role", "ally", "--stance", "s", "--source", "S1"), 2,
     ("unknown role 'ally'",)),
    (("add-member", "PL", "--name", "Poland", "--role", "member", "--stance", "s", "--source", "S1"), 2,
     ("already exists",)),
    (("edit-member", "US", "--remove-caveat", "3", "--source", "S1"), 2, ("US has 2 caveats",)),
    (("edit-member", "US", "--remove-caveat", "\u0663", "--source", "S1"), 2, ("expected a caveat number",)),
    (("edit-member", "US", "--remove-caveat", "0", "--source", "S1"), 2, ("expected a caveat number",)),
    (("add-source", "--publisher", "P", "--title", "T", "--date", "2026", "--url", "", "--tier", "D"), 2,
     ("unknown tier 'D'",)),
    (("add-source", "--id", "S1", "--publisher", "P", "--title", "T", "--date", "2026", "--url", "", "--tier",
      "A"), 2, ("source id 'S1' is taken",)),
    (("edit-event", "E9", "--title", "T", "--source", "S1"), 2, ("unknown event 'E9'",)),
    (("edit-source", "S9", "--tier", "B", "--source", "S1"), 2, ("unknown source 'S9'",)),
    (("edit-source", "S2", "--tier", "D", "--source", "S1"), 2, ("unknown tier 'D'",)),
    (("edit-source", "S2", "--tier", "B"), 2, ("required: --source",)),
    (("edit-meta", "--reported-sources", "S9", "--source", "S1"), 2, ("unknown source 'S9' (--reported-sources)",)),
    (("undo", "--source", "S1"), 2, ("unrecognized arguments: --source",)),
])
def test_usage_errors_leave_the_file_unchanged(cli: CliRunner, data: Path, args: tuple[str, ...], code: int,
                                               words: tuple[str, ...]) -> None:
    before = data.read_bytes()
    one_error_line(cli("--data", str(data), *args, env=EPOCH), code, *words)
    assert data.read_bytes() == before


def test_a_refused_change_lists_every_problem_and_exits_1(cli: CliRunner, data: Path) -> None:
    before = data.read_bytes()
    done = cli("--data", str(data), "set", "PL", "logistics", "considering", "--source", "S1",
               "--stated-on", "2026-13", "--summary", "\u200b\u2066", env=EPOCH)
    assert done.returncode == 1 and data.read_bytes() == before
    lines = done.stderr.splitlines()
    assert lines[:2] == [
        f'pledge-tui: error: {data}: commitments "PL/logistics" (doc 2), field "summary": must not be empty '
        f"(it holds only invisible characters)",
        f'pledge-tui: error: {data}: commitments "PL/logistics" (doc 2), field "stated_on": impossible date '
        f"'2026-13'"]
    assert lines[2] == (f"pledge-tui: error: {data}: change refused, nothing written: the data would not validate "
                        f"(2 problems)")


@pytest.mark.parametrize(("read", "written", "hint"), [
    (("list", "--type", "aier"), ("set", "PL", "aier", "pledged"), "did you mean air-patrol (Air)?"),
    (("list", "--status", "ruled ot"), ("set", "PL", "logistics", "ruled ot"), "did you mean ruled-out (ruled out)?"),
    (("list", "--condition", "ceasfire"), ("set", "PL", "logistics", "pledged", "--condition", "ceasfire"),
     "did you mean ceasefire (ceasefire)?"),
    (("list", "--role", "partnr"), ("add-member", "NO", "--name", "N", "--role", "partnr", "--stance", "s"),
     "did you mean partner (partner)?"),
])
def test_a_typo_gets_the_same_suggestion_from_read_and_write_commands(cli: CliRunner, data: Path, read: tuple[str, ...],
                                                                     written: tuple[str, ...], hint: str) -> None:
    before = data.read_bytes()
    one_error_line(cli("--data", str(data), *read), 2, hint)
    one_error_line(cli("--data", str(data), *written, "--source", "S1"), 2, hint)
    assert data.read_bytes() == before


def test_the_other_vocabularies_take_labels_too(cli: CliRunner, data: Path) -> None:
    assert cli("--data", str(data), "add-source", "--publisher", "P", "--title", "T", "--date", "2026", "--url", "",
               "--tier", "official text", env=EPOCH).returncode == 0
    assert cli("--data", str(data), "edit-member", "PL", "--approval", "Not Required", "--summit", "by video",
               "--source", "S1", env=EPOCH).returncode == 0
    raw = stored(data)
    assert raw["sources"]["4"]["tier"] == "A"
    poland = next(m for m in raw["members"].values() if m["id"] == "PL")
    assert (poland["approval"], poland["summit_2025_09_04"]) == ("not-required", "video")


def test_add_source_and_add_event_print_the_new_id(cli: CliRunner, data: Path) -> None:
    done = cli("--data", str(data), "add-source", "--publisher", "Wire", "--title", "Report", "--date", "2026-03",
               "--url", "", "--tier", "b", env=EPOCH)
    assert done.returncode == 0 and done.stdout == "S4\n"
    assert done.stderr == f"pledge-tui: add-source S4 (history entry {read_log(data)[-1]['id']})\n"
    assert stored(data)["sources"]["4"] == {"id": "S4", "publisher": "Wire", "title": "Report", "date": "2026-03",
                                            "url": "", "tier": "B"}
    assert read_log(data)[-1]["sources"] == []
    done = cli("--data", str(data), "add-event", "--date", "2026-03-01", "--title", "Talks", "--summary", "Held.",
               "--source", "S4", env=EPOCH)
    assert done.returncode == 0 and done.stdout == "E3\n"


def test_add_source_and_add_event_keep_a_note_in_the_history(cli: CliRunner, data: Path) -> None:
    """`--note` is optional on both, as on the other write commands; without it the note is empty."""
    assert cli("--data", str(data), "add-source", "--publisher", "Wire", "--title", "Report", "--date", "2026-03",
               "--url", "", "--tier", "B", "--note", "the wire's own report", env=EPOCH).returncode == 0
    assert cli("--data", str(data), "add-event", "--date", "2026-03-01", "--title", "Talks", "--summary", "Held.",
               "--source", "S4", "--note", "dates the talks", env=EPOCH).returncode == 0
    assert cli("--data", str(data), "add-event", "--date", "2026-03-02", "--title", "More", "--summary", "Held.",
               "--source", "S4", env=EPOCH).returncode == 0
    assert [(e["action"], e["note"]) for e in read_log(data)[-3:]] == [
        ("add-source", "the wire's own report"), ("add-event", "dates the talks"), ("add-event", "")]
    assert "note" not in stored(data)["sources"]["4"] and "note" not in stored(data)["events"]["3"]


def test_member_commands(cli: CliRunner, data: Path) -> None:
    assert cli("--data", str(data), "add-member", "NO", "--name", "Norway", "--role", "Member", "--nato",
               "--stance", "Ready to help.", "--caveat", "Needs a mandate.", "--summit", "in person",
               "--source", "S2", env=EPOCH).returncode == 0
    assert stored(data)["members"]["5"] == {
        "id": "NO", "name": "Norway", "role": "member", "eu": False, "nato": True, "stance": "Ready to help.",
        "caveats": ["Needs a mandate."], "approval": "unknown", "summit_2025_09_04": "in-person", "sources": ["S2"]}
    assert cli("--data", str(data), "edit-member", "norway", "--remove-caveat", "1", "--add-caveat", "Two.",
               "--approval", "required", "--source", "S3", env=EPOCH).returncode == 0
    edited = stored(data)["members"]["5"]
    assert (edited["caveats"], edited["approval"], edited["sources"]) == (["Two."], "required", ["S2", "S3"])


def test_event_and_meta_commands(cli: CliRunner, data: Path) -> None:
    assert cli("--data", str(data), "edit-event", "E2", "--title", "The Paris Declaration", "--source", "S2",
               env=EPOCH).returncode == 0
    assert stored(data)["events"]["2"]["title"] == "The Paris Declaration"
    assert cli("--data", str(data), "edit-meta", "--as-of", "2026-04", "--reported-sources", "S2,S3",
               "--source", "S1", env=EPOCH).returncode == 0
    meta = stored(data)["meta"]["1"]
    assert meta["as_of"] == "2026-04" and meta["reported_commitments"]["sources"] == ["S2", "S3"]


def test_edit_source_keeps_the_id_and_records_why(cli: CliRunner, data: Path) -> None:
    before = stored(data)["sources"]["2"]
    done = cli("--data", str(data), "edit-source", "S2", "--tier", "official text", "--date", "2026-01-07",
               "--publisher", "Élysée", "--source", "S2", "--note", "the text was read", env=EPOCH)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "" and "edit-source S2 (history entry" in done.stderr
    after = stored(data)
    assert after["sources"]["2"] == {**before, "tier": "A", "date": "2026-01-07", "publisher": "Élysée"}
    entry = read_log(data)[-1]
    assert (entry["action"], entry["table"], entry["key"], entry["sources"], entry["note"]) == (
        "edit-source", "sources", "S2", ["S2"], "the text was read")
    assert (entry["before"], entry["after"]) == (before, after["sources"]["2"])
    refused = cli("--data", str(data), "edit-source", "S2", "--date", "2026-13", "--source", "S2", env=EPOCH)
    assert refused.returncode == 1 and 'sources "S2"' in refused.stderr and 'field "date"' in refused.stderr
    assert stored(data) == after
    assert cli("--data", str(data), "undo", env=EPOCH).returncode == 0
    assert stored(data)["sources"]["2"] == before


def test_unset_then_undo_twice(cli: CliRunner, data: Path) -> None:
    original = stored(data)
    assert cli("--data", str(data), "unset", "PL", "logistics", "--source", "S2", "--note", "retracted",
               env=EPOCH).returncode == 0
    assert "PL/logistics" not in {f"{c['member']}/{c['type']}" for c in stored(data)["commitments"].values()}
    unset = read_log(data)[-1]["id"]
    done = cli("--data", str(data), "undo", "--note", "was right", env=EPOCH)
    undo = read_log(data)[-1]["id"]
    assert done.returncode == 0 and done.stderr == (
        f"pledge-tui: reverting history entry {unset}: unset commitments PL/logistics by tester at "
        f"2026-03-10T09:00:00Z\npledge-tui: undo PL/logistics (history entry {undo}, reverting history entry "
        f"{unset})\n")
    assert sorted(stored(data)["commitments"].values(), key=str) == sorted(original["commitments"].values(), key=str)
    assert cli("--data", str(data), "undo", env=EPOCH).returncode == 0  # reverts the fixture's entry 1
    assert stored(data)["commitments"]["8"]["status"] == "considering"
    one_error_line(cli("--data", str(data), "undo", env=EPOCH), 2, "nothing to undo")


def test_init_copies_the_bundled_data_byte_for_byte_and_never_overwrites(cli: CliRunner, tmp_path: Path) -> None:
    done = cli("init", "mine.json")
    assert done.returncode == 0 and "created mine.json" in done.stderr
    assert (tmp_path / "mine.json").read_bytes() == BUNDLED.read_bytes()
    before = (tmp_path / "mine.json").read_bytes()
    one_error_line(cli("init", "mine.json"), 2, "mine.json already exists")
    assert (tmp_path / "mine.json").read_bytes() == before
    source = write(tmp_path / "small.json", raw_dataset())
    assert cli("--data", str(source), "init", "copy.json").returncode == 0
    assert (tmp_path / "copy.json").read_bytes() == source.read_bytes()
    one_error_line(cli("init", "nofolder/x.json"), 1, "cannot be written")


def test_the_packaged_copy_is_read_only_with_the_init_hint(tmp_path: Path) -> None:
    package = tmp_path / "site-packages" / "pledge_tui"
    (package / "data").mkdir(parents=True)
    data = write(package / "data" / "commitments.json", raw_dataset_v2())
    before = data.read_bytes()
    program = ("import sys; from pathlib import Path; from pledge_tui.dataset import files; "
               "files.PACKAGE_DIR = Path(sys.argv[1]); from pledge_tui.cli.main import main; "
               "sys.exit(main(sys.argv[2:]))")
    for args in (["set", "PL", "logistics", "considering", "--source", "S1"], ["undo"],
                 ["add-source", "--publisher", "P", "--title", "T", "--date", "2026", "--url", "", "--tier", "A"]):
        done = subprocess.run([sys.executable, "-c", program, str(package), "--data", str(data), *args],
                              capture_output=True, text=True, timeout=60)
        one_error_line(done, 2, "inside the installed package", "pledge-tui init FILE")
    assert data.read_bytes() == before


def test_an_empty_data_option_is_refused(cli: CliRunner, tmp_path: Path) -> None:
    one_error_line(cli("--data", "", "set", "PL", "logistics", "considering", "--source", "S1"), 2, "--data is empty")


def test_a_busy_file_exits_3(cli: CliRunner, data: Path) -> None:
    before = data.read_bytes()
    with lock_held(data):
        one_error_line(cli("--data", str(data), "set", "PL", "logistics", "considering", "--source", "S1"), 3,
                       "busy", "waited 5 s")
    assert data.read_bytes() == before


def test_source_date_epoch_that_cannot_be_read(cli: CliRunner, data: Path) -> None:
    one_error_line(cli("--data", str(data), "set", "PL", "logistics", "considering", "--source", "S1",
                       env={"SOURCE_DATE_EPOCH": "yesterday"}), 2, "SOURCE_DATE_EPOCH")


HOSTILE = ["[bold red]markup[/] [link=https://x.org]x[/link]", "\x1b[31mred\x1b[0m \x1b]0;title\x07 \x9b2J",
           "\u202eevil\u202c \u2066iso\u2069", "| # * _ ` ~ $ < > & [a](b) <script>", "x" * 100_000]


@pytest.mark.parametrize("text", HOSTILE, ids=["markup", "ansi-osc", "bidi", "markdown", "100k"])
def test_hostile_text_in_every_field_is_stored_literally(cli: CliRunner, data: Path, text: str) -> None:
    run = [
        ("set", "PL", "logistics", "considering", "--source", "S1", "--summary", text, "--quantity", text,
         "--note", text, "--by", text),
        ("add-member", "NO", "--name", text, "--role", "member", "--stance", text, "--caveat", text,
         "--source", "S1", "--note", text),
        ("edit-member", "NO", "--stance", f"{text}!", "--add-caveat", text, "--source", "S2"),
        ("add-source", "--publisher", text, "--title", text, "--date", "2026", "--url", "", "--tier", "C"),
        ("edit-source", "S4", "--title", f"{text}?", "--source", "S1", "--note", text),
        ("add-event", "--date", "2026-03", "--title", text, "--summary", text, "--source", "S1"),
        ("edit-event", "E1", "--title", f"{text}!", "--summary", f"{text}!", "--source", "S1", "--note", text),
        ("edit-meta", "--summary", text, "--reported-note", text, "--source", "S1", "--note", text),
    ]
    for args in run:
        done = cli("--data", str(data), *args, env={"SOURCE_DATE_EPOCH": "1773133200"})
        assert done.returncode == 0, (args[0], done.stderr[:300])
        assert "\x1b" not in done.stderr and "\x9b" not in done.stderr
    raw = stored(data)
    member = next(m for m in raw["members"].values() if m["id"] == "NO")
    commitment = raw["commitments"]["2"]
    assert (commitment["summary"], commitment["quantity"]) == (text, text)
    assert (member["name"], member["stance"], member["caveats"]) == (text, f"{text}!", [text, text])
    assert (raw["sources"]["4"]["publisher"], raw["sources"]["4"]["title"]) == (text, f"{text}?")
    assert raw["events"]["3"]["title"] == raw["events"]["3"]["summary"] == text
    assert raw["events"]["1"]["title"] == f"{text}!"
    assert raw["meta"]["1"]["summary"] == raw["meta"]["1"]["reported_commitments"]["note"] == text
    first = next(e for e in read_log(data) if e["action"] not in ("baseline", "upgrade") and e["by"] != "analyst")
    assert first["by"] == first["note"] == text
    shown = cli("--data", str(data), "show", "NO")
    assert shown.returncode == 0 and "\x1b" not in shown.stdout and "\u202e" not in shown.stdout


def test_hostile_ids_are_refused_and_the_error_line_stays_inert(cli: CliRunner, data: Path) -> None:
    before = data.read_bytes()
    done = cli("--data", str(data), "add-source", "--id", "S\x1b]0;x\x07", "--publisher", "P", "--title", "T",
               "--date", "2026", "--url", "", "--tier", "A")
    assert done.returncode == 1 and "\x1b" not in done.stderr and "\x07" not in done.stderr
    assert "malformed source id" in done.stderr and data.read_bytes() == before


def test_one_edit_in_git_shows_as_the_record_and_one_history_entry(cli: CliRunner, tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    path = write(repo / "commitments.json", raw_dataset())
    (repo / ".gitignore").write_text("*.lock\n")

    def git(*args: str) -> str:
        return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, check=True,
                              env={"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@x", "GIT_COMMITTER_NAME": "t",
                                   "GIT_COMMITTER_EMAIL": "t@x", "HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}
                              ).stdout

    git("init", "-q")
    git("add", ".")
    git("commit", "-qm", "version 1")
    assert cli("--data", str(path), "set", "IT", "training", "pledged", "--source", "S2", env=EPOCH).returncode == 0
    heads = {"heads", *(f"heads.{n}" for n in range(1, 18))}
    assert changed_records(git("diff", "-U0"), git("show", "HEAD:commitments.json"), path.read_text("utf-8")) == {
        "meta.1", "events.1", "events.2", "commitments.4", *heads}, "upgrade + edit"
    git("add", "commitments.history.jsonl")
    git("commit", "-qam", "upgraded, one edit")
    assert cli("--data", str(path), "set", "US", "air-patrol", "pledged", "--source", "S1", env=EPOCH).returncode == 0
    assert changed_records(git("diff", "-U0", "--", "commitments.json"), git("show", "HEAD:commitments.json"),
                           path.read_text("utf-8")) == {"commitments.7", "heads.13"}
    log_diff = [line for line in git("diff", "-U0", "--", "commitments.history.jsonl").splitlines()
                if line[:1] in "+-" and not line.startswith(("+++", "---"))]
    assert len(log_diff) == 1 and log_diff[0].startswith('+{"action":"set"'), "one added line: the new entry"
    assert git("status", "--porcelain") == " M commitments.history.jsonl\n M commitments.json\n"


def owners(text: str) -> list[str]:
    """For each line of a stored data file, the record it belongs to: `table.docid`, or `table`."""
    result, table, doc = [], "", ""
    for line in text.splitlines():
        indent = len(line) - len(line.lstrip())
        if indent <= 2:
            doc = ""
            if indent == 2 and line.rstrip().endswith("{"):
                table = line.split('"')[1]
        elif indent == 4 and line.rstrip().endswith("{"):
            doc = line.split('"')[1]
        result.append(f"{table}.{doc}" if doc else table)
    return result


def changed_records(diff: str, old: str, new: str) -> set[str]:
    """The records whose lines `git diff -U0` changes, on either side. A record whose only changed line is
    its closing brace (`}` becoming `},` before an appended entry) is named as such."""
    old_owner, new_owner = owners(old), owners(new)
    old_lines, new_lines = old.splitlines(), new.splitlines()
    content: set[str] = set()
    braces: set[str] = set()
    for hunk in (h for h in diff.splitlines() if h.startswith("@@")):
        minus, plus = hunk.split()[1:3]
        for spec, owner, lines in ((minus[1:], old_owner, old_lines), (plus[1:], new_owner, new_lines)):
            start, _, count = spec.partition(",")
            for number in range(int(start), int(start) + (int(count) if count else 1)):
                brace = lines[number - 1].strip() in ("}", "},")
                (braces if brace else content).add(owner[number - 1])
    return content | {f"{owner} (its closing brace gains a comma)" for owner in braces - content}


def test_a_long_file_name_is_written_and_leaves_no_temporary_file(cli: CliRunner, tmp_path: Path) -> None:
    path = write(tmp_path / ("n" * 241 + ".json"), raw_dataset_v2())  # 246 bytes; the log's name is 255
    assert cli("--data", str(path), "set", "PL", "logistics", "considering", "--source", "S1").returncode == 0
    assert stored(path)["commitments"]["2"]["status"] == "considering"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [path.name, path.name + ".lock", "n" * 241 + ".history.jsonl"])


def test_a_file_name_too_long_for_its_log_is_refused_and_nothing_written(cli: CliRunner, tmp_path: Path) -> None:
    path = write(tmp_path / ("n" * 245 + ".json"), raw_dataset_v2())  # the log's name would be 259 bytes
    before = path.read_bytes()
    done = cli("--data", str(path), "set", "PL", "logistics", "considering", "--source", "S1")
    one_error_line(done, 1, "history.jsonl: cannot be written", "the file is unchanged")
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([path.name, path.name + ".lock"])


def test_add_source_with_standard_output_closed_still_says_the_id(data: Path) -> None:
    import os

    done = subprocess.run([sys.executable, "-m", "pledge_tui", "--data", str(data), "add-source", "--publisher", "P",
                           "--title", "T", "--date", "2026", "--url", "", "--tier", "A"],
                          capture_output=False, stderr=subprocess.PIPE, text=True, timeout=60,
                          preexec_fn=lambda: os.close(1))  # the child starts with standard output closed
    added = read_log(data)[-1]["id"]
    assert done.returncode == 0 and done.stderr == f"pledge-tui: add-source S4 (history entry {added})\n"
    assert stored(data)["sources"]["4"]["id"] == "S4"
