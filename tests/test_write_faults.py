"""Faults around the write path: writers killed mid-write, writers racing, permissions, a full disk.

Writers run in forked children so that each starts in milliseconds with everything imported; a child
that must not be root (permission bits do not stop root) drops to `nobody` before it writes.
"""

from __future__ import annotations

import contextlib
import functools
import importlib.util
import json
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, cast

import pytest

from pledge_tui.dataset import edits, files, history, proof, store
from pledge_tui.dataset.commit import commit
from pledge_tui.dataset.log import entry_line as log_line
from pledge_tui.dataset.log import log_path
from pledge_tui.dataset.model import Commitment
from pledge_tui.dataset.replay import keyed_documents
from pledge_tui.dataset.validate import build_dataset
from pledge_tui.errors import PledgeError
from tests.common import ROOT
from tests.factories import mounted_tmpfs, raw_dataset_v2, write

AT = "2026-03-10T09:00:00Z"
KILL_RUNS = int(os.environ.get("PLEDGE_KILL_RUNS", "200"))
"""About 40 s for 200; set PLEDGE_KILL_RUNS lower for a quick loop."""
NOBODY = 65534


def _generated(members: int) -> str:
    spec = importlib.util.spec_from_file_location("bench_generate_faults", ROOT / "benchmarks" / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    data: str = module.generate(members).data
    return data


def in_child(work: Callable[[], object], *, as_user: int | None = None) -> int:
    """Fork; run `work` in the child (as `as_user`, when given) and return its exit status: 0 on
    success, the error's exit code for a `PledgeError`, 99 for anything else."""
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        code = 99
        try:
            if as_user is not None:
                os.setgroups([])
                os.setresgid(as_user, as_user, as_user)
                os.setresuid(as_user, as_user, as_user)
            work()
            code = 0
        except PledgeError as exc:
            code = exc.exit_code
            sys.stderr.write(f"{exc}\n")
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status)


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(files.TEMP_SUFFIX))


# --- kill -9 at random moments ------------------------------------------------------------------------


def _effective(log_bytes: bytes) -> bytes:
    """The log as the next writer works on it: a torn last line (a kill mid-append) cut off."""
    return log_bytes[:log_bytes.rfind(b"\n") + 1]


def _next_write(data: bytes, log_bytes: bytes, edit: Any) -> tuple[bytes, bytes, bytes]:
    """The data file and log that `commit(edit)` makes from these (what it does, without the disk): a logged
    entry the data file does not show yet rolled forward (and written on its own first: the third value),
    the edit applied, one entry appended."""
    from pledge_tui.dataset.commit import prepare
    from pledge_tui.dataset.log import BytesLog, rollable

    raw = store.parse_json("d.json", data)
    tail = BytesLog("log", _effective(log_bytes)).tail()
    if tail is not None and rollable(tail, lambda t, k: (found[1]["entry"] if (found := history.find_head(raw, t, k))
                                                         else None)):
        raw = history.roll_forward(raw, tail)
    rolled = store.serialize(raw)
    prepared = prepare("d.json", raw, edit, at=AT, by="killer")
    assert prepared.tables is not None
    return store.serialize(prepared.tables), _effective(log_bytes) + b"".join(
        log_line(entry) for entry in prepared.entries), rolled


def _read_state(path: Path) -> Any:
    """What a reader sees: every record by key, and the heads."""
    dataset = store.load(str(path)).dataset
    return keyed_documents(dataset), dict(dataset.heads)


def test_a_writer_killed_at_random_moments_leaves_the_old_or_the_new_state(tmp_path: Path) -> None:
    """Two steps per write (the entry appended to the log, then the data file replaced): after any kill, the
    files read back as the old state or the new one. A kill between the steps leaves the entry in the log
    and the old data file; every reader rolls it forward (the new state) and the next write makes it
    permanent. A kill in the middle of the append leaves part of a line, which readers pass over (the old
    state) and the next write removes."""
    path = tmp_path / "d.json"
    log_file = Path(log_path(str(path)))
    path.write_text(_generated(1000), encoding="utf-8")
    old_raw = store.parse_json(str(path), path.read_bytes())
    member_id = next(iter(old_raw["members"].values()))["id"]
    source_id = next(iter(old_raw["sources"].values()))["id"]

    def edit(n: int) -> Any:
        return functools.partial(edits.set_commitment, member=member_id, type_="monitoring",
                                 status=("pledged", "considering")[n % 2], summary=f"Step {n}.",
                                 sources=[source_id], today="2026-03-10")

    assert in_child(lambda: commit(str(path), edit(0), by="killer", at=AT)) == 0  # upgrades to version 3
    commit(str(path), edit(1), by="killer", at=AT)
    started = time.perf_counter()
    assert in_child(lambda: commit(str(path), edit(0), by="killer", at=AT)) == 0
    duration = time.perf_counter() - started
    old, old_log = path.read_bytes(), log_file.read_bytes()
    old_state = _read_state(path)
    rng = random.Random(2026)
    changed = killed = between = torn = 0
    n = scale = 0
    # The kills must land both inside writes and after completed ones, or the test proves nothing. The
    # child's time varies with the machine's load, so the kill window adapts: fewer kills than wanted
    # moves it earlier, fewer completed writes later. At least KILL_RUNS runs, at most four times that.
    while n < KILL_RUNS or (n < 4 * KILL_RUNS and not (killed > n // 4 and changed > n // 10)):
        n += 1
        if n % 20 == 0:
            scale += -1 if killed <= n // 4 else 1 if changed <= n // 10 else 0
        window = duration * 1.25 ** scale
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child
            with contextlib.suppress(BaseException):
                commit(str(path), edit(n), by="killer", at=AT)
            os._exit(0)
        # Half the kills anywhere in the write, half late in it, where the files are being written.
        time.sleep(rng.uniform(0, window * 1.2) if n % 2 else rng.uniform(window * 0.7, window * 1.05))
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
        killed += os.WIFSIGNALED(status)
        now, now_log = path.read_bytes(), log_file.read_bytes()
        if (now, now_log) == (old, old_log):
            continue  # killed before it wrote anything
        new, new_log, rolled = _next_write(old, old_log, edit(n))
        assert now in (old, rolled, new), f"run {n}: the data file is neither the old nor the new one"
        assert now_log == old_log or (now_log.startswith(_effective(old_log)) and new_log.startswith(now_log)), \
            f"run {n}: the log is not the old one with (part of) the new entry appended"
        if now == new:
            assert now_log == new_log, f"run {n}: the data file was replaced before the entry was logged"
        state = _read_state(path)
        if now_log == new_log:  # the entry is logged: a reader sees the new state, rolled forward if need be
            between += now == old
            assert state == _read_state_of(new), f"run {n}: the logged entry is not what a reader sees"
            assert leftovers(tmp_path) == [] or now != new, f"run {n}: a completed write left a temporary file"
            old, old_log, old_state, changed = now, now_log, state, changed + 1
        else:  # not (wholly) logged: the old state (a pending entry of an earlier run perhaps made permanent)
            torn += now_log != _effective(old_log)
            assert state == old_state, f"run {n}: an entry not logged in full changed what a reader sees"
            old, old_log = now, now_log
    store.load(str(path))
    commit(str(path), edit(n + 1), by="killer", at=AT)
    assert leftovers(tmp_path) == [], "the next normal write removes what killed writers left"
    assert log_file.read_bytes().endswith(b"\n"), "and any torn line"
    assert killed > n // 4 and changed > n // 10, (n, killed, changed)
    from pledge_tui.dataset import log as history_log

    rows, problems = history_log.parse_log(str(log_file), log_file.read_bytes())
    found = proof.check(store.parse_json(str(path), path.read_bytes()), rows)
    assert problems == [] and found.problems == [], "and the history still proves every value"
    print(f"{n} runs: {killed} killed, {changed} completed, {between} between the steps, {torn} mid-append")


def _read_state_of(data: bytes) -> Any:
    """What a reader sees of a data file whose log holds nothing it does not show."""
    dataset, problems = build_dataset(store.parse_json("d.json", data))
    assert dataset is not None, problems
    return keyed_documents(dataset), dict(dataset.heads)


def test_sigterm_and_sighup_during_a_write_leave_no_temporary_file(tmp_path: Path) -> None:
    raw = raw_dataset_v2()
    raw["members"]["1"]["caveats"] = [f"{n} " + "x" * 400_000 for n in range(12)]  # 5 MB: a long write
    path = write(tmp_path / "d.json", raw)
    before = path.read_bytes()
    started = time.perf_counter()
    assert in_child(lambda: commit(str(path), _edit(), by="ann", at=AT)) == 0
    duration = time.perf_counter() - started
    path.write_bytes(before)
    rng = random.Random(7)
    for n in range(int(os.environ.get("PLEDGE_SIGNAL_RUNS", "40"))):
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child
            try:
                commit(str(path), _edit(), by="ann", at=AT)
            finally:
                os._exit(0)
        time.sleep(rng.uniform(0, duration * 1.1))
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, (signal.SIGTERM, signal.SIGHUP)[n % 2])
        os.waitpid(pid, 0)
        assert leftovers(tmp_path) == [], f"run {n}: a temporary file survived the signal"
        assert path.read_bytes() in (before, store.serialize(_expected(before)))
        path.write_bytes(before)


def _expected(before: bytes) -> Any:
    from pledge_tui.dataset.commit import prepare

    return prepare("d.json", store.parse_json("d.json", before), _edit(), at=AT, by="ann").tables


# --- two writers at once ------------------------------------------------------------------------------


def test_two_processes_making_100_edits_each_lose_none(tmp_path: Path) -> None:
    path = write(tmp_path / "d.json", raw_dataset_v2())
    script = (
        "import functools, sys\n"
        "from pledge_tui.dataset import edits\n"
        "from pledge_tui.dataset.commit import commit\n"
        "member, type_, who = sys.argv[1:4]\n"
        "for i in range(100):\n"
        "    commit(sys.argv[4], functools.partial(edits.set_commitment, member=member, type_=type_,\n"
        "           status='pledged', summary=f'{who} {i}', sources=['S1'], today='2026-03-10'), by=who)\n"
    )
    writers = [subprocess.Popen([sys.executable, "-c", script, member, type_, who, str(path)])
               for member, type_, who in (("PL", "logistics", "ann"), ("IT", "training", "bob"))]
    assert [w.wait(timeout=120) for w in writers] == [0, 0]
    dataset = store.load(str(path)).dataset
    assert cast(Commitment, dataset.record("commitments", "PL/logistics")).summary == "ann 99"
    assert cast(Commitment, dataset.record("commitments", "IT/training")).summary == "bob 99"
    recorded = [(e.by, e.after["summary"]) for e in dataset.history if e.by in ("ann", "bob") and e.after]
    assert sorted(recorded) == sorted((who, f"{who} {i}") for who in ("ann", "bob") for i in range(100))
    assert leftovers(tmp_path) == []


# --- permissions: as a user that is not root ----------------------------------------------------------


@contextlib.contextmanager
def shared_folder(tmp_path: Path) -> Iterator[Path]:
    """A folder `nobody` can reach (pytest's own are private to root)."""
    import shutil
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="pledge-perm-"))
    folder.chmod(0o755)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


needs_root = pytest.mark.skipif(os.geteuid() != 0, reason="drops to another user to test permission bits")


def _edit() -> Any:
    return functools.partial(edits.set_commitment, member="PL", type_="logistics", status="considering",
                             sources=["S1"], today="2026-03-10")


@needs_root
def test_a_read_only_folder_refuses_the_lock_and_leaves_the_file(tmp_path: Path) -> None:
    with shared_folder(tmp_path) as folder:
        path = write(folder / "d.json", raw_dataset_v2())
        os.chown(path, NOBODY, NOBODY)  # the file is nobody's, the folder (0755) root's
        before = path.read_bytes()
        assert in_child(lambda: commit(str(path), _edit(), by="nobody", at=AT), as_user=NOBODY) == 1
        assert path.read_bytes() == before and sorted(p.name for p in folder.iterdir()) == ["d.json"]


@needs_root
def test_a_lock_file_the_writer_may_not_open(tmp_path: Path) -> None:
    with shared_folder(tmp_path) as folder:
        folder.chmod(0o777)
        path = write(folder / "d.json", raw_dataset_v2())
        os.chown(path, NOBODY, NOBODY)
        lock = Path(files.lock_path(str(path)))
        lock.touch(mode=0o600)  # root's, unreadable to nobody
        lock.chmod(0o600)
        before = path.read_bytes()
        assert in_child(lambda: commit(str(path), _edit(), by="nobody", at=AT), as_user=NOBODY) == 1
        assert path.read_bytes() == before and leftovers(folder) == []


@needs_root
def test_a_file_the_writer_may_not_write(tmp_path: Path) -> None:
    with shared_folder(tmp_path) as folder:
        folder.chmod(0o777)
        path = write(folder / "d.json", raw_dataset_v2())  # root's, 0644: nobody may read, not write
        before = path.read_bytes()
        assert in_child(lambda: commit(str(path), _edit(), by="nobody", at=AT), as_user=NOBODY) == 1
        assert path.read_bytes() == before and leftovers(folder) == []


# --- a full disk --------------------------------------------------------------------------------------


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 256 KB tmpfs, mounted for the test; skipped where mounting is not permitted (the in-process
    ENOSPC test in test_write_core.py runs everywhere)."""
    mount = tmp_path / "disk"
    mount.mkdir()
    with mounted_tmpfs(mount, "256k"):
        yield mount


def test_a_full_disk_refuses_the_write_and_keeps_the_file(small_disk: Path) -> None:
    raw = raw_dataset_v2()
    raw["members"]["1"]["caveats"] = ["x" * 1000] * 40  # a 40 KB record
    path = write(small_disk / "d.json", raw)
    filler = small_disk / "filler"
    with filler.open("wb", buffering=0) as handle, contextlib.suppress(OSError):
        while True:
            handle.write(b"\0" * 4096)
    before = path.read_bytes()
    with pytest.raises(PledgeError, match="no space left on the device") as caught:
        commit(str(path), _edit(), by="ann", at=AT)
    assert caught.value.exit_code == 1
    assert path.read_bytes() == before and leftovers(small_disk) == []
    filler.unlink()
    assert commit(str(path), _edit(), by="ann", at=AT).entry_id is not None
    assert json.loads(path.read_text(encoding="utf-8"))["commitments"]["2"]["status"] == "considering"


def test_creating_a_file_on_a_file_system_without_hard_links(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`write_atomic(create=True)` (`init`, and the snapshot's numbered names) reserves the name with an exclusive
    create where `os.link` is refused, and still never replaces a file."""
    import errno

    def no_links(*args: object, **kwargs: object) -> None:
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    target = tmp_path / "new.json"
    files.write_atomic(str(target), b"new\n", create=True)
    assert target.read_bytes() == b"new\n" and leftovers(tmp_path) == []
    assert target.stat().st_mode & 0o777 == 0o666 & ~_umask()
    with pytest.raises(files.AlreadyExists, match="already exists; `init` never overwrites a file"):
        files.write_atomic(str(target), b"other\n", create=True)
    assert target.read_bytes() == b"new\n" and leftovers(tmp_path) == []


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
