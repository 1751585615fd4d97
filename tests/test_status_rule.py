"""The status rule (README, "The data"): a pledged record depends on nothing more than a ceasefire and the
member's own vote or decision; anything more makes it conditional. `validate` warns about a record that
breaks it (exit 0, one line per record) and `validate --strict` refuses it (exit 1)."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from pledge_tui.dataset import store
from pledge_tui.dataset.catalogue import STATUSES
from pledge_tui.dataset.status_rule import FURTHER_CONDITIONS, PLEDGE_CONDITIONS, Breach, breaches, further_conditions
from pledge_tui.dataset.vocab import CONDITIONS, STORED_STATUSES
from tests.common import BUNDLED, CliRunner
from tests.factories import commitment, raw_dataset, write


def test_the_two_kinds_of_condition_split_the_vocabulary() -> None:
    assert {"ceasefire", "parliament", "government-decision"} == PLEDGE_CONDITIONS
    assert FURTHER_CONDITIONS == ("peace-deal", "us-backstop", "un-mandate", "outside-ukraine", "mission-framework")
    assert set(FURTHER_CONDITIONS) | PLEDGE_CONDITIONS == set(CONDITIONS)


@given(st.sampled_from(STORED_STATUSES), st.lists(st.sampled_from(CONDITIONS), unique=True))
def test_only_a_pledge_that_names_a_further_condition_breaks_the_rule(status: str, conditions: list[str]) -> None:
    further = further_conditions(status, conditions)
    assert bool(further) == (status == "pledged" and not set(conditions) <= PLEDGE_CONDITIONS)
    assert set(further) == (set(conditions) - PLEDGE_CONDITIONS if status == "pledged" else set())
    assert list(further) == [c for c in CONDITIONS if c in further], "in vocabulary order"
    assert further_conditions("conditional", conditions) == (), "re-grading a breach to conditional mends it"


def test_the_help_says_the_same_rule() -> None:
    """The one-line definitions name the dividing line the check uses."""
    pledged, conditional = STATUSES.meaning("pledged"), STATUSES.meaning("conditional")
    assert "will provide" in pledged and "ceasefire" in pledged and "vote or decision" in pledged
    assert "only if" in conditional and "US backing" in conditional and "in principle" in conditional


def test_every_bundled_record_follows_the_rule() -> None:
    """The status rule over all records of the bundled data (`validate --strict` passes on it)."""
    dataset = store.load(str(BUNDLED)).dataset
    assert breaches(dataset.members) == ()
    pledged = [r for m in dataset.members for r in m.commitments.values() if r.status == "pledged"]
    assert pledged and all(set(r.conditions) <= PLEDGE_CONDITIONS for r in pledged)


def _with_breaches(path: Path) -> Path:
    raw = raw_dataset()
    raw["commitments"]["8"] = commitment("IT", "air-patrol", "pledged", conditions=["ceasefire", "us-backstop"])
    raw["commitments"]["9"] = commitment("PL", "training", "pledged", conditions=["parliament", "un-mandate",
                                                                                  "peace-deal"])
    raw["commitments"]["10"] = commitment("PL", "funding", "pledged", conditions=["ceasefire", "parliament",
                                                                                  "government-decision"])
    return write(path, raw)


def test_breaches_name_each_record_and_its_further_conditions(tmp_path: Path) -> None:
    dataset = store.load(str(_with_breaches(tmp_path / "d.json"))).dataset
    assert breaches(dataset.members) == (Breach("PL", "training", ("peace-deal", "un-mandate")),
                                         Breach("IT", "air-patrol", ("us-backstop",)))
    assert breaches(dataset.members)[0].message.startswith("pledged, but it also depends on peace deal, UN/EU "
                                                           "mandate: by the status rule it is conditional")


def test_validate_warns_one_line_per_record_and_exits_0(cli: CliRunner, tmp_path: Path) -> None:
    data = _with_breaches(tmp_path / "d.json")
    before = data.read_bytes()
    done = cli("validate", str(data))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"{data}: valid (")
    lines = done.stderr.splitlines()
    assert lines == [
        f'pledge-tui: warning: {data}: commitments "PL/training", field "status": '
        f"{Breach('PL', 'training', ('peace-deal', 'un-mandate')).message}",
        f'pledge-tui: warning: {data}: commitments "IT/air-patrol", field "status": '
        f"{Breach('IT', 'air-patrol', ('us-backstop',)).message}",
    ]
    assert data.read_bytes() == before


def test_validate_strict_makes_them_errors_and_exits_1(cli: CliRunner, tmp_path: Path) -> None:
    data = _with_breaches(tmp_path / "d.json")
    done = cli("validate", "--strict", str(data))
    assert done.returncode == 1 and done.stdout == "" and "Traceback" not in done.stderr
    lines = done.stderr.splitlines()
    assert [line.split(": ")[:2] for line in lines[:2]] == [["pledge-tui", "error"]] * 2
    assert 'commitments "PL/training", field "status": pledged, but' in lines[0]
    assert 'commitments "IT/air-patrol"' in lines[1]
    assert lines[2] == f"pledge-tui: 2 problems found in {data}"


def test_validate_strict_passes_a_file_that_follows_the_rule(cli: CliRunner, data_file: Path) -> None:
    raw = json.loads(data_file.read_text(encoding="utf-8"))
    assert any(c["status"] == "conditional" and "peace-deal" in c["conditions"] for c in raw["commitments"].values())
    done = cli("validate", "--strict", str(data_file))
    assert (done.returncode, done.stderr) == (0, "")
    assert "valid (" in done.stdout


def test_validate_strict_passes_on_the_bundled_data(cli: CliRunner) -> None:
    done = cli("validate", "--strict", str(BUNDLED))
    assert (done.returncode, done.stderr) == (0, ""), done.stderr
