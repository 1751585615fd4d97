"""Team work end to end (README "Team work" and "Editing"; issue 19 item 6): two analysts, two clones of one repository
set up with `setup-git`, the bundled data. Both add a source under the same id and cite it, and both change the
same cell differently. `git pull` runs with a PATH that lacks pledge-tui (as an IDE's or a GUI client's git
does): the driver renumbers theirs's source and every citation points at its author's source; the conflict is
reported, listed again by `pledge-tui conflicts` with who, when and which entry on each side, resolved with
`pledge-tui resolve`, and the merge commit goes through the pre-commit hook (the proof, and --against HEAD)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.git_repos import BARE_PATH, DATA, GIT_ENV, entries, git, needs_git
from tests.terminal import SCRIPT

pytestmark = needs_git


def _analyst(tmp_path: Path, who: str) -> dict[str, str]:
    """The environment of an analyst whose shell finds the installed console script on PATH."""
    if not SCRIPT.exists():
        pytest.skip(f"the console script is not installed at {SCRIPT}")
    env = {k: v for k, v in os.environ.items() if k not in ("PLEDGE_TUI_DEBUG", "PLEDGE_TUI_DATA",
                                                            "SOURCE_DATE_EPOCH")}
    env.update(GIT_ENV, HOME=str(tmp_path), PATH=f"{SCRIPT.parent}:{BARE_PATH}", PLEDGE_TUI_USER=who)
    return env


def pledge(clone: Path, env: dict[str, str], *args: str, code: int = 0) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(["pledge-tui", *args], cwd=clone, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == code, done.stdout + done.stderr
    return done


def test_two_analysts_collide_pull_resolve_and_commit_through_the_hook(tmp_path: Path) -> None:
    assert shutil.which("pledge-tui", path=BARE_PATH) is None and shutil.which("git", path=BARE_PATH)
    ann_env, bob_env = _analyst(tmp_path, "ann"), _analyst(tmp_path, "bob")
    origin = tmp_path / "origin.git"
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(origin))
    seed = tmp_path / "seed"
    git(tmp_path, "clone", "-q", str(origin), str(seed))
    (seed / "data").mkdir()
    pledge(seed, ann_env, "init", DATA)
    pledge(seed, ann_env, "setup-git")
    git(seed, "add", "-A")
    git(seed, "commit", "-qm", "the data, merged by record")
    git(seed, "push", "-q", "origin", "main")
    ann, bob = tmp_path / "ann", tmp_path / "bob"
    for clone, env in ((ann, ann_env), (bob, bob_env)):
        git(tmp_path, "clone", "-q", str(origin), str(clone))
        pledge(clone, env, "setup-git")  # git config and the hook are per clone

    def write(clone: Path, env: dict[str, str], *command: str) -> str:
        return pledge(clone, env, "--data", DATA, *command).stdout.strip()

    ann_source = write(ann, ann_env, "add-source", "--publisher", "LRT", "--title", "Lithuania's offer", "--date",
                       "2026-12", "--url", "", "--tier", "B")
    write(ann, ann_env, "set", "LT", "monitoring", "pledged", "--source", ann_source, "--summary", "Lithuania.")
    write(ann, ann_env, "set", "PL", "logistics", "considering", "--source", ann_source, "--note", "ann's reading")
    git(ann, "commit", "-qam", "ann", path=BARE_PATH)
    git(ann, "push", "-q", "origin", "HEAD:main", path=BARE_PATH)

    bob_source = write(bob, bob_env, "add-source", "--publisher", "LSM", "--title", "Latvia's offer", "--date",
                       "2026-12", "--url", "", "--tier", "B")
    write(bob, bob_env, "set", "LV", "monitoring", "pledged", "--source", bob_source, "--summary", "Latvia.")
    write(bob, bob_env, "set", "PL", "logistics", "ruled-out", "--source", bob_source, "--note", "bob's reading")
    git(bob, "commit", "-qam", "bob", path=BARE_PATH)
    assert ann_source == bob_source, "both analysts got the same new id"
    ann_entry = entries(ann / DATA)[-1]
    bob_entry = entries(bob / DATA)[-1]

    pulled = git(bob, "pull", "--no-rebase", "--no-edit", "origin", "main", check=False, path=BARE_PATH)
    said = pulled.stdout + pulled.stderr
    assert pulled.returncode != 0 and "CONFLICT" in said, said
    renumbered = rf"renumbered theirs's source {ann_source} as (S\d+) .*cited by commitments LT/monitoring"
    found = re.search(renumbered, said)
    assert found is not None, said
    ann_renumbered = found.group(1)
    assert "conflict: commitments PL/logistics was changed differently on both sides; kept ours" in said
    assert "`pledge-tui conflicts` lists it again" in said

    listed = pledge(bob, bob_env, "conflicts").stdout
    assert listed.startswith("commitments PL/logistics: changed differently on both sides (the file holds ours)")
    assert f"history entry {bob_entry['id']} by bob at " in listed
    assert f"history entry {ann_entry['id']} by ann at " in listed
    assert listed.endswith("\n1 conflict\n")
    (as_json,) = json.loads(pledge(bob, bob_env, "conflicts", "--format", "json").stdout)
    assert as_json["listed"], "described by the list the driver kept in the git directory"
    assert (as_json["ours_head"]["entry"], as_json["theirs_head"]["entry"]) == (bob_entry["id"], ann_entry["id"])
    assert as_json["theirs_head"] == {"entry": ann_entry["id"], "by": "ann", "at": ann_entry["at"]}
    assert as_json["theirs"]["sources"][-1] == ann_renumbered, "their version cites ann's source by its new id"
    pledge(bob, bob_env, "validate", code=1)  # the fork is not resolved yet

    pledge(bob, bob_env, "--data", DATA, "resolve", "PL/logistics", "--theirs", "--note", "ann is right")
    assert pledge(bob, bob_env, "conflicts").stdout == "no conflicts\n"
    pledge(bob, bob_env, "validate", DATA, "--against", "HEAD")
    merged = json.loads((bob / DATA).read_text(encoding="utf-8"))
    titles = {d["id"]: d["title"] for d in merged["sources"].values()}
    cells = {f"{d['member']}/{d['type']}": d for d in merged["commitments"].values()}
    assert titles[ann_renumbered] == "Lithuania's offer" and titles[bob_source] == "Latvia's offer"
    assert cells["LT/monitoring"]["sources"] == [ann_renumbered]
    assert cells["LV/monitoring"]["sources"] == [bob_source]
    assert cells["PL/logistics"]["status"] == "considering" and cells["PL/logistics"]["sources"][-1] == ann_renumbered

    git(bob, "add", "-A", path=BARE_PATH)
    committed = git(bob, "commit", "-qm", "merge ann's work", check=False, path=BARE_PATH)  # through the hook
    assert committed.returncode == 0, committed.stdout + committed.stderr
    assert git(bob, "status", "--porcelain").stdout == ""
    git(bob, "push", "-q", "origin", "HEAD:main", path=BARE_PATH)
    git(ann, "pull", "-q", "--no-rebase", "--no-edit", "origin", "main", path=BARE_PATH)
    assert (ann / DATA).read_bytes() == (bob / DATA).read_bytes()
    pledge(ann, ann_env, "validate", DATA, "--against", "HEAD~1")
