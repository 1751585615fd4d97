"""What the atomic replacement must not lose or wait on forever (issue 23, items 2, 3, 4 and 6).

A FIFO as `FILE.lock` hung every writer in `open`; a group member's write gave the shared file the
writer's own group; a hard-linked file was split in two and extended attributes (ACLs) were dropped
without a word; and a writer that does not take the lock (`git checkout`, an editor, `cp`) could
replace the file between the read and the rename and have its version lost.
"""

from __future__ import annotations

import contextlib
import functools
import os
import shutil
import struct
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from pledge_tui.dataset import commit as commit_module
from pledge_tui.dataset import edits, files
from pledge_tui.dataset.commit import commit
from pledge_tui.errors import BusyError, PledgeError, WriteError
from tests.factories import raw_dataset_v2, write

AT = "2026-03-10T09:00:00Z"
NOBODY = 65534
TEAM = 23023
"""A group id no user of the machine has: the data file's shared group in these tests."""

needs_root = pytest.mark.skipif(os.geteuid() != 0, reason="drops to another user and group")


def _edit() -> Any:
    return functools.partial(edits.set_commitment, member="PL", type_="logistics", status="considering",
                             sources=["S1"], today="2026-03-10")


def state(path: Path) -> tuple[bytes, int, int]:
    info = path.stat()
    return path.read_bytes(), info.st_ino, info.st_mtime_ns


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(files.TEMP_SUFFIX))


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return write(tmp_path / "d.json", raw_dataset_v2())


# --- item 2: a FIFO as the lock file ------------------------------------------------------------------


@pytest.mark.parametrize("command", [["set", "PL", "logistics", "considering", "--source", "S1"], ["undo"]])
def test_a_fifo_as_the_lock_file_is_refused_at_once_instead_of_hanging(command: list[str], data: Path) -> None:
    os.mkfifo(files.lock_path(str(data)))
    before = state(data)
    env = {k: v for k, v in os.environ.items() if k != "PLEDGE_TUI_DEBUG"}
    done = subprocess.run([sys.executable, "-m", "pledge_tui", "--data", str(data), *command], capture_output=True,
                          text=True, timeout=30, env=env)  # before the fix: blocked in open() for ever
    assert done.returncode == 1, done.stderr
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert "the lock file is a FIFO (named pipe), not a regular file; remove it" in done.stderr
    assert state(data) == before and leftovers(data.parent) == []


def test_a_data_file_swapped_for_a_fifo_after_its_check_is_refused_not_waited_on(
        data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`store.read_bytes` checks the file, then opens it: a FIFO put there between the two must not block."""
    from pledge_tui.dataset import store

    real_stat = os.stat

    def stat_then_swap(path: Any, *args: Any, **kwargs: Any) -> os.stat_result:
        info = real_stat(path, *args, **kwargs)
        if str(path) == str(data) and not os.path.exists(str(data) + ".swapped"):
            Path(str(data) + ".swapped").touch()
            data.unlink()
            os.mkfifo(data)
        return info

    monkeypatch.setattr(os, "stat", stat_then_swap)
    with pytest.raises(PledgeError, match="is not a regular file"):
        store.read_bytes(str(data))


# --- item 3: the group of a shared file ----------------------------------------------------------------


def in_child(work: Callable[[], object], *, uid: int, gid: int, groups: list[int]) -> tuple[int, str]:
    """Fork, become `uid`/`gid` with the supplementary `groups`, run `work`; (exit status, its error)."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        code = 99
        try:
            os.close(read_end)
            os.setgroups(groups)
            os.setresgid(gid, gid, gid)
            os.setresuid(uid, uid, uid)
            work()
            code = 0
        except PledgeError as exc:
            code = exc.exit_code
            os.write(write_end, str(exc).encode())
        except BaseException as exc:
            os.write(write_end, repr(exc).encode())
        finally:
            os._exit(code)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        said = pipe.read().decode()
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), said


@contextlib.contextmanager
def team_folder() -> Iterator[Path]:
    """A folder of the team's group that every user may reach and write (pytest's own are root's only)."""
    folder = Path(tempfile.mkdtemp(prefix="pledge-team-"))
    folder.chmod(0o777)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@needs_root
def test_a_group_members_write_keeps_the_files_group() -> None:
    with team_folder() as folder:
        path = write(folder / "d.json", raw_dataset_v2())
        os.chown(path, 0, TEAM)
        path.chmod(0o664)  # the owner and the team write it
        code, said = in_child(lambda: commit(str(path), _edit(), by="nobody", at=AT), uid=NOBODY, gid=NOBODY,
                              groups=[TEAM])
        assert code == 0, said
        info = path.stat()
        assert info.st_gid == TEAM and info.st_mode & 0o777 == 0o664  # before the fix: nobody's own group
        assert b'"considering"' in path.read_bytes()


@needs_root
def test_a_writer_outside_the_files_group_is_refused_rather_than_take_the_group_away() -> None:
    with team_folder() as folder:
        path = write(folder / "d.json", raw_dataset_v2())
        os.chown(path, 0, TEAM)
        path.chmod(0o666)  # anyone may write it, but only a member may give a file the team's group
        before = state(path)
        code, said = in_child(lambda: commit(str(path), _edit(), by="nobody", at=AT), uid=NOBODY, gid=NOBODY,
                              groups=[])
        assert code == 1, said
        assert f"cannot be written without changing its group from '{TEAM}'" in said
        assert "nothing was written" in said
        assert state(path) == before and path.stat().st_gid == TEAM and leftovers(folder) == []


# --- item 4: hard links and extended attributes ----------------------------------------------------------


def test_a_hard_linked_data_file_is_refused_and_both_names_keep_the_same_data(data: Path) -> None:
    other = data.parent / "backup.json"
    os.link(data, other)
    before = state(data)
    with pytest.raises(WriteError, match=r"has 1 other name \(hard link\).*nothing was written") as caught:
        commit(str(data), _edit(), by="ann", at=AT)
    assert caught.value.exit_code == 1
    assert state(data) == before and os.path.samefile(data, other) and leftovers(data.parent) == []
    other.unlink()  # one name again: the write goes through
    assert commit(str(data), _edit(), by="ann", at=AT).entry_id is not None


def _xattrs_supported(path: Path) -> bool:
    try:
        os.setxattr(path, "user.pledge-probe", b"1")
        os.removexattr(path, "user.pledge-probe")
    except OSError:
        return False
    return True


def test_extended_attributes_survive_a_write(data: Path) -> None:
    if not _xattrs_supported(data):
        pytest.skip("the file system has no user extended attributes")
    os.setxattr(data, "user.origin", b"shared drive")
    os.setxattr(data, "user.empty", b"")
    commit(str(data), _edit(), by="ann", at=AT)
    assert b'"considering"' in data.read_bytes()
    assert os.getxattr(data, "user.origin") == b"shared drive" and os.getxattr(data, "user.empty") == b""


def _acl(*entries: tuple[int, int, int]) -> bytes:
    """A POSIX access ACL as the kernel stores it in `system.posix_acl_access` (version 2)."""
    return struct.pack("<I", 2) + b"".join(struct.pack("<HHI", tag, perm, ident) for tag, perm, ident in entries)


USER_OBJ, USER, GROUP_OBJ, MASK, OTHER = 0x01, 0x02, 0x04, 0x10, 0x20
ANY = 0xFFFFFFFF


def test_an_acl_granting_a_colleague_survives_a_write(data: Path) -> None:
    acl = _acl((USER_OBJ, 6, ANY), (USER, 6, NOBODY), (GROUP_OBJ, 4, ANY), (MASK, 6, ANY), (OTHER, 4, ANY))
    try:
        os.setxattr(data, "system.posix_acl_access", acl)
    except OSError:
        pytest.skip("the file system has no POSIX ACLs")
    mode = data.stat().st_mode & 0o777
    commit(str(data), _edit(), by="ann", at=AT)
    assert b'"considering"' in data.read_bytes()
    assert os.getxattr(data, "system.posix_acl_access") == acl  # before the fix: no ACL at all
    assert data.stat().st_mode & 0o777 == mode


def test_an_attribute_that_cannot_be_copied_refuses_the_write(data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if not _xattrs_supported(data):
        pytest.skip("the file system has no user extended attributes")
    os.setxattr(data, "user.origin", b"shared drive")
    before = state(data)

    def refused(*args: Any, **kwargs: Any) -> None:
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(os, "setxattr", refused)
    with pytest.raises(WriteError, match=r"without losing its extended attribute 'user\.origin'"):
        commit(str(data), _edit(), by="ann", at=AT)
    assert state(data) == before and leftovers(data.parent) == []


# --- item 6: writers that do not take the lock --------------------------------------------------------


def _renamed_over(path: Path) -> None:
    """What `git checkout` and most editors do: a new file renamed over the name."""
    raw = raw_dataset_v2()
    raw["members"]["1"]["stance"] = "Checked out from another branch."
    write(path.parent / "new.json", raw)
    os.replace(path.parent / "new.json", path)


def _rewritten_in_place(path: Path) -> None:
    """What `cp` does: the same inode truncated and rewritten (here: same size, other bytes)."""
    content = path.read_bytes()
    with open(path, "r+b") as handle:
        handle.write(content.replace(b"Poland", b"Polska", 1))


@pytest.mark.parametrize("other_program", [_renamed_over, _rewritten_in_place], ids=["git checkout", "cp"])
def test_a_file_replaced_by_a_program_that_skips_the_lock_is_not_overwritten(
        other_program: Callable[[Path], None], data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_prepare = commit_module.prepare
    theirs: list[bytes] = []

    def prepare_while_another_program_writes(*args: Any, **kwargs: Any) -> Any:
        prepared = real_prepare(*args, **kwargs)
        other_program(data)  # between the read under the lock and the rename
        theirs.append(data.read_bytes())
        return prepared

    monkeypatch.setattr(commit_module, "prepare", prepare_while_another_program_writes)
    with pytest.raises(files.ReplacedMeanwhile, match=r"changed by another program.*nothing was written") as caught:
        commit(str(data), _edit(), by="ann", at=AT)
    assert isinstance(caught.value, BusyError) and caught.value.exit_code == 3
    assert data.read_bytes() == theirs[0] and leftovers(data.parent) == []  # their version kept
    monkeypatch.setattr(commit_module, "prepare", real_prepare)
    assert commit(str(data), _edit(), by="ann", at=AT).entry_id is not None  # again: on their version


def test_write_atomic_without_expect_still_writes_as_before(data: Path) -> None:
    """The old call (`write_atomic(path, data)`) keeps working: `expect` is optional."""
    files.write_atomic(str(data), b"{}\n")
    assert data.read_bytes() == b"{}\n"
    identity = files.file_identity(str(data))
    assert identity is not None
    files.write_atomic(str(data), b"[]\n", expect=identity)
    assert data.read_bytes() == b"[]\n"
    with pytest.raises(files.ReplacedMeanwhile):
        files.write_atomic(str(data), b"{}\n", expect=identity)  # the file is no longer that one
    assert files.file_identity(str(data.parent / "missing.json")) is None
