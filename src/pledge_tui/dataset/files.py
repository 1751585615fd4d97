"""Writing a file so that it is always whole, and the lock that serialises writers.

`write_atomic` is the one place a file of the project is replaced on disk: the bytes go to a temporary
file in the target's own folder, are flushed and fsynced, the temporary file is renamed over the
target (one atomic step on POSIX file systems) and the folder is fsynced so that the rename itself
survives a power loss. A reader therefore sees the old file or the new one, never a mix, whatever
kills the writer. The target's permission bits, group and extended attributes (ACLs among them) are
kept (and, as root, its owner), and a symbolic link is written through: the link stays, its target
gets the new bytes. What a rename cannot keep is refused rather than lost without a word (issue 23):
a file with several names (hard links), a group the writer may not give the new file, an extended
attribute it may not copy; and with `expect`, a file that another program (a `git checkout`, an
editor, `cp`) replaced or rewrote since it was read under the lock.

`exclusive_lock` is an advisory `flock` on `FILE.lock` beside the (resolved) data file. Readers never
take it (the rename makes reading safe); every read-modify-write does, so two writers cannot both read
the same old version and lose one change. The lock file is left in place after use: deleting it would
let a writer that opened it just before the deletion lock an orphan while a third writer locks a new
one. It is empty and can be ignored by git (`*.lock`). It is opened without blocking and must be a
regular file: a FIFO in its place would otherwise hang every writer in `open`, before the wait for the
lock (bounded at `LOCK_TIMEOUT`) even begins.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import glob
import grp
import os
import signal
import stat
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from pledge_tui.errors import BusyError, UsageError, WriteError, printable

LOCK_TIMEOUT = 5.0
"""Seconds a writer waits for another writer's lock before giving up (exit 3)."""

TEMP_SUFFIX = ".pledge-tmp"
"""Temporary files are `.NAME.<random>.pledge-tmp` beside NAME, so that a later writer can find (and
remove) what a killed one left behind without touching anything else."""


def _temp_prefix(target: str) -> str:
    """`.NAME.`, with NAME cut so that the temporary file's name stays within the usual 255 bytes."""
    name = os.path.basename(target)
    while len(name.encode("utf-8", "surrogateescape")) > 200:
        name = name[:-1]
    return f".{name}."


class AlreadyExists(UsageError):
    """`write_atomic(create=True)` found the name taken: nothing was written (exit 2, as for `init`)."""


PACKAGE_DIR = Path(__file__).resolve().parents[1]
"""The installed `pledge_tui` package; the data file shipped inside it is never written."""


def target_of(path: str) -> str:
    """The file a write to `path` really replaces: symbolic links resolved, as an absolute path."""
    return os.path.realpath(path)


def is_packaged_copy(path: str) -> bool:
    """True for a data file inside the installed package (the copy a wheel ships).

    Only that copy is protected; the repository's `data/commitments.json`, which an editable install
    uses as its bundled data, is the project's working file and may be written.
    """
    target = Path(target_of(path))
    return target == PACKAGE_DIR or PACKAGE_DIR in target.parents


def _reason(exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        return "no space left on the device"
    if exc.errno == errno.EDQUOT:
        return "disk quota exceeded"
    if isinstance(exc, PermissionError) or exc.errno == errno.EROFS:
        return "permission denied" if exc.errno != errno.EROFS else "read-only file system"
    return exc.strerror or str(exc)


def _failure(path: str, exc: OSError) -> WriteError:
    return WriteError(printable(f"{path}: cannot be written: {_reason(exc)} (the file is unchanged)"))


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _default_mode() -> int:
    """The mode a new file gets under the current umask."""
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


def sync_folder(folder: str) -> None:
    """fsync a folder, so that a rename inside it is on disk; file systems that cannot are skipped."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)


def remove_stale_temporaries(path: str) -> None:
    """Remove temporary files that killed writers left beside `path`; call it only under the lock."""
    target = target_of(path)
    folder = os.path.dirname(target)
    for leftover in glob.glob(os.path.join(glob.escape(folder), f"{glob.escape(_temp_prefix(target))}*{TEMP_SUFFIX}")):
        with contextlib.suppress(OSError):
            if stat.S_ISREG(os.lstat(leftover).st_mode):
                os.unlink(leftover)


_TERMINATION = {signal.SIGTERM, signal.SIGHUP}


@contextlib.contextmanager
def _termination_as_exit() -> Iterator[bool]:
    """Turn SIGTERM and SIGHUP into `SystemExit` while a temporary file may exist, so that the cleanup
    runs (their default action ends the process on the spot, leaving the file for the next writer to
    remove). Yields whether it did: only the main thread may set handlers."""
    if threading.current_thread() is not threading.main_thread():
        yield False
        return

    def stop(signum: int, _frame: object) -> None:
        raise SystemExit(128 + signum)

    previous = {sig: signal.signal(sig, stop) for sig in _TERMINATION}
    try:
        yield True
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def write_atomic(path: str, data: bytes, *, create: bool = False, expect: FileIdentity | None = None) -> None:
    """Replace the file at `path` (through a symbolic link) with `data`, atomically and durably.

    `create`: the file must not exist yet (`init`); it is created with the umask's mode, and an
    existing file is never overwritten (the final step is a hard link, which fails if the name is
    taken). Otherwise the file's mode, group and extended attributes (and, as root, owner) are kept,
    and a read-only file (no write permission for us, or none for anyone) or one with other names
    (hard links) is refused. `expect`: the file's identity when the caller read it (`file_identity`,
    under the lock); if the file is no longer that one just before the rename, `ReplacedMeanwhile`
    (exit 3). Raises `WriteError` naming the path, with the file unchanged and no temporary file left,
    when any step fails.
    """
    target = target_of(path)
    folder = os.path.dirname(target)
    info = _writable_target(path, target, create=create)
    with _termination_as_exit() as guarded:
        _replace(path, target, data, info, create=create, guarded=guarded, expect=expect)
    sync_folder(folder)


def _writable_target(path: str, target: str, *, create: bool) -> os.stat_result | None:
    """The target's status (None when it does not exist yet), after refusing what `write_atomic` must not
    replace: a folder, something other than a regular file, a read-only file (or, with `create`, any)."""
    try:
        info = os.stat(target)
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise _failure(path, exc) from exc
    if info is not None and create:
        raise AlreadyExists(printable(f"{path} already exists; `init` never overwrites a file"))
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise WriteError(printable(f"{path}: cannot be written: it is a folder, not a data file"))
    if info is not None and not stat.S_ISREG(info.st_mode):
        raise WriteError(printable(f"{path}: cannot be written: it is not a regular file"))
    if info is not None and (not info.st_mode & 0o222 or not os.access(target, os.W_OK)):
        # Renaming over it would succeed (the folder allows it), but a read-only file says "do not change me".
        raise WriteError(printable(f"{path}: cannot be written: the file is read-only (the file is unchanged)"))
    if info is not None:
        refuse_hard_links(path, info)
    return info


def check_writable(path: str) -> None:
    """Raise the `WriteError` that `write_atomic(path, ...)` would raise before writing anything (a folder,
    not a regular file, a read-only file, one with other names): for a write of two files that must not
    change the first when the second is sure to be refused."""
    _writable_target(path, target_of(path), create=False)


def _replace(path: str, target: str, data: bytes, info: os.stat_result | None, *, create: bool,
             guarded: bool, expect: FileIdentity | None = None) -> None:
    """Write `data` to a temporary file beside `target` and move it into place (see `write_atomic`).

    `guarded`: termination signals raise `SystemExit`; they are held back while the temporary file is
    created, so that none can strike between its creation and the code that removes it on failure.
    """
    if guarded:
        signal.pthread_sigmask(signal.SIG_BLOCK, _TERMINATION)
    try:
        fd, temp = tempfile.mkstemp(dir=os.path.dirname(target), prefix=_temp_prefix(target), suffix=TEMP_SUFFIX)
    except OSError as exc:
        if guarded:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, _TERMINATION)
        raise _failure(path, exc) from exc
    try:
        if guarded:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, _TERMINATION)  # a held-back signal strikes here
        try:
            _write_all(fd, data)
            if info is not None:
                keep_owner_and_group(fd, path, info)  # before the mode: a chown may clear set-id bits
            os.fchmod(fd, stat.S_IMODE(info.st_mode) if info is not None else _default_mode())
            if info is not None:
                copy_extended_attributes(target, fd, path)  # after the mode: an ACL sets the group bits
            os.fsync(fd)
        finally:
            os.close(fd)
        if create:
            _move_to_new_name(temp, target)
        else:
            if expect is not None:
                check_unchanged(path, expect)
            os.replace(temp, target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        if isinstance(exc, FileExistsError) and create:
            raise AlreadyExists(printable(f"{path} already exists; `init` never overwrites a file")) from exc
        if isinstance(exc, IsADirectoryError):
            raise WriteError(printable(f"{path}: cannot be written: it is a folder, not a data file")) from exc
        if isinstance(exc, OSError):
            raise _failure(path, exc) from exc
        raise


_NO_HARD_LINKS = frozenset({errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EXDEV, errno.EMLINK})
"""What `os.link` fails with on a file system without hard links (FAT, some network and FUSE mounts)."""


def _move_to_new_name(temp: str, target: str) -> None:
    """Give the finished temporary file the name `target`, never replacing a file: `FileExistsError` when
    the name is taken, even by a writer racing this one.

    A hard link appears with the whole content at once and fails if the name exists. Where the file
    system has no hard links, the name is reserved with an exclusive create and the temporary file is
    renamed over the reservation (which is removed again if that fails).
    """
    try:
        os.link(temp, target)
    except OSError as exc:
        if exc.errno not in _NO_HARD_LINKS:
            raise
        os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        try:
            os.replace(temp, target)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(target)
            raise
        return
    os.unlink(temp)


def lock_path(path: str) -> str:
    """`FILE.lock` beside the data file (beside the link's target, when FILE is a symbolic link)."""
    return target_of(path) + ".lock"


def _open_lock(path: str) -> int:
    """Open (creating) `FILE.lock` without ever blocking: O_NONBLOCK, so that a FIFO in its place opens at
    once (and is refused) instead of hanging until some process opens its other end; O_NOFOLLOW and
    O_NOCTTY, so that neither a link nor a terminal device is followed or adopted."""
    lock = lock_path(path)
    flags = (os.O_RDONLY | os.O_CREAT | os.O_CLOEXEC | os.O_NONBLOCK | os.O_NOCTTY
             | getattr(os, "O_NOFOLLOW", 0))
    try:
        fd = os.open(lock, flags, 0o666)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise WriteError(printable(f"{lock}: the lock file is a symbolic link; remove it")) from exc
        if exc.errno == errno.EISDIR:
            raise WriteError(printable(f"{lock}: the lock file is a folder; remove it "
                                       f"(the data file is unchanged)")) from exc
        raise WriteError(printable(f"{lock}: cannot create the lock file: {_reason(exc)} "
                                   f"(the data file is unchanged)")) from exc
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        raise WriteError(printable(f"{lock}: the lock file is {_kind(mode)}, not a regular file; remove it "
                                   f"(the data file is unchanged)"))
    return fd


def _kind(mode: int) -> str:
    """What a non-regular file is, in words."""
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "a special file"


def _wait_for_lock(fd: int, timeout: float) -> bool:
    """Take the lock on `fd`, waiting up to `timeout` seconds; True when taken. When False, `fd` is
    no longer the caller's to close.

    The wait is a blocking `flock` in a helper thread, so that writers queue in the kernel instead of
    polling (a polling writer can starve behind one that writes in a loop). If the time runs out the
    helper is abandoned: should it get the lock later it lets go at once and closes `fd`.
    """
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except BlockingIOError:
        pass
    done = threading.Event()
    mutex = threading.Lock()
    state = {"taken": False, "abandoned": False}

    def wait() -> None:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            taken = True
        except OSError:
            taken = False
        with mutex:
            if not state["abandoned"]:
                state["taken"] = taken
                done.set()
                return
        os.close(fd)  # closing also releases the lock, if it was taken

    threading.Thread(target=wait, name="pledge-tui-lock", daemon=True).start()
    done.wait(timeout)
    with mutex:
        if not done.is_set():
            state["abandoned"] = True
            return False
    if not state["taken"]:
        os.close(fd)
    return state["taken"]


@contextlib.contextmanager
def exclusive_lock(path: str, timeout: float = LOCK_TIMEOUT) -> Iterator[None]:
    """Hold the data file's write lock for the duration of the block.

    Raises `BusyError` (exit 3) when another writer keeps it for `timeout` seconds, and `WriteError`
    when the lock file cannot be created (a read-only folder).
    """
    fd = _open_lock(path)
    if not _wait_for_lock(fd, timeout):  # the fd is closed for us
        raise BusyError(printable(f"{path}: busy: another pledge-tui is writing it (waited {timeout:g} s for "
                                  f"{lock_path(path)}); try again"))
    try:
        yield
    finally:
        with contextlib.suppress(OSError):
            fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


# --- what a rename must not lose (issue 23): identity, hard links, group, extended attributes --------


@dataclass(frozen=True, slots=True)
class FileIdentity:
    """Which file a path held, and which version of it: device and inode (a rename puts another file
    there), size and change times (a program writing in place, as `cp` and many editors do)."""

    device: int
    inode: int
    size: int
    mtime_ns: int
    ctime_ns: int


def file_identity(path: str) -> FileIdentity | None:
    """The identity of the file at `path` (through symbolic links); None when there is none.

    Take it under the lock BEFORE reading the file: a change between this and the read then only
    makes the check refuse (safe), while one taken after the read could miss a change made between.
    """
    try:
        info = os.stat(path)
    except OSError:
        return None
    return FileIdentity(info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)


class ReplacedMeanwhile(BusyError):
    """Another program (one that does not take the lock) replaced or rewrote the file between the read
    and the write; nothing was written (exit 3)."""


def check_unchanged(path: str, expect: FileIdentity) -> None:
    """Raise `ReplacedMeanwhile` unless `path` still holds the file `expect` describes.

    Writers that do not take the lock (a `git checkout`, an editor, `cp`) are not kept out by it; this
    catches what they did while pledge-tui worked, so that their version is not silently lost. A
    window remains between this check and the rename (microseconds, against the whole read-validate-
    write of a large file without it).
    """
    if file_identity(path) != expect:
        raise ReplacedMeanwhile(printable(
            f"{path}: was changed by another program (not through pledge-tui) while this change was being "
            f"made; nothing was written: check the file, then make the change again"))


def refuse_hard_links(path: str, info: os.stat_result) -> None:
    """Refuse a file with other names: the rename would give only this name the new bytes and leave
    the others with the old ones, splitting one file into two without a word."""
    if info.st_nlink > 1:
        others = info.st_nlink - 1
        raise WriteError(printable(
            f"{path}: cannot be written: the file has {others} other name{'s' if others > 1 else ''} (hard "
            f"link{'s' if others > 1 else ''}), which the atomic replacement would leave with the old data; "
            f"nothing was written (use a symbolic link instead, or copy the file to make it one name)"))


def _group_name(gid: int) -> str:
    try:
        return grp.getgrgid(gid).gr_name
    except (KeyError, OverflowError):
        return str(gid)


def keep_owner_and_group(fd: int, path: str, info: os.stat_result) -> None:
    """Give the new file (`fd`) the old file's group (and, as root, its owner).

    A new file gets the writer's own group, so a group member's write took a shared file away from its
    group, and the owner could no longer write it. A writer may give a file any group it is a member of;
    one who is not a member of the file's group (they could write it through "other" bits or an ACL)
    is refused, since the write would change who may write the file.
    """
    if os.geteuid() == 0:
        with contextlib.suppress(OSError):
            os.fchown(fd, info.st_uid, info.st_gid)
        return
    current = os.fstat(fd).st_gid
    if current == info.st_gid:
        return
    try:
        os.fchown(fd, -1, info.st_gid)
    except OSError as exc:
        raise WriteError(printable(
            f"{path}: cannot be written without changing its group from {_group_name(info.st_gid)!r} to "
            f"{_group_name(current)!r}: you are not a member of {_group_name(info.st_gid)!r} ({_reason(exc)}); "
            f"nothing was written")) from exc


_NO_XATTRS = frozenset({errno.ENOTSUP, errno.EOPNOTSUPP, errno.ENOSYS})

LABELLED_BY_THE_SYSTEM = frozenset({"security.selinux", "security.SMACK64"})
"""Security labels the system's policy gives every new file: not copied when the writer may not set them."""


def copy_extended_attributes(source: str, fd: int, path: str) -> None:
    """Copy every extended attribute of `source` (ACLs are `system.posix_acl_access`) to the new file
    `fd`, and drop any it got that `source` does not have (a folder's default ACL).

    An attribute that cannot be copied refuses the write, naming it: a rename would otherwise drop it
    without a word (file systems without extended attributes have none to lose).
    """
    try:
        names = os.listxattr(source)
    except OSError as exc:
        if exc.errno in _NO_XATTRS:
            return
        raise
    for name in names:
        try:
            os.setxattr(fd, name, os.getxattr(source, name))
        except OSError as exc:
            if exc.errno == errno.ENODATA:  # removed meanwhile
                continue
            if name in LABELLED_BY_THE_SYSTEM:
                continue
            raise WriteError(printable(
                f"{path}: cannot be written without losing its extended attribute {name!r} ({_reason(exc)}); "
                f"nothing was written")) from exc
    with contextlib.suppress(OSError):
        for extra in set(os.listxattr(fd)) - set(names) - LABELLED_BY_THE_SYSTEM:
            with contextlib.suppress(OSError):
                os.removexattr(fd, extra)


# --- the history log: durable appends (the write-ahead log of `commit.commit`) ----------------------------


def _torn_tail_start(fd: int, size: int) -> int:
    """Where a last line without its newline (left by a writer killed mid-append) starts; `size` when the
    file ends with a newline (or is empty)."""
    position = size
    while position > 0:
        step = min(64 * 1024, position)
        chunk = os.pread(fd, step, position - step)
        newline = chunk.rfind(b"\n")
        if newline >= 0:
            return position - step + newline + 1
        position -= step
    return 0


def append_lines(path: str, data: bytes) -> int:
    """Append `data` (whole lines) to the log at `path` and fsync it before returning; return the log's
    length before the append, for `truncate_to` should the rest of the write fail.

    A last line without its newline (a writer killed mid-append; its data-file write never happened) is cut
    off first. Raises `WriteError` naming the path when the log cannot be written; it is then as it was.
    Call it only under the data file's lock.
    """
    try:
        fd = os.open(path, os.O_RDWR | os.O_CLOEXEC)
    except OSError as exc:
        raise _failure(path, exc) from exc
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise WriteError(printable(f"{path}: cannot be written: it is not a regular file"))
        if not info.st_mode & 0o222:
            raise WriteError(printable(f"{path}: cannot be written: the file is read-only (the file is unchanged)"))
        start = _torn_tail_start(fd, info.st_size)
        try:
            if start != info.st_size:
                os.ftruncate(fd, start)
            os.lseek(fd, start, os.SEEK_SET)
            _write_all(fd, data)
            os.fsync(fd)
        except BaseException as exc:
            with contextlib.suppress(OSError):
                os.ftruncate(fd, start)
                os.fsync(fd)
            if isinstance(exc, OSError):
                raise _failure(path, exc) from exc
            raise
        return start
    finally:
        os.close(fd)


def truncate_to(path: str, size: int) -> None:
    """Cut the log at `path` back to `size` bytes (what `append_lines` returned): the data-file write that
    followed the append failed, so its entry must not be rolled forward. Best effort: a log that cannot be
    cut keeps an entry its data file does not show, which readers then roll forward."""
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_WRONLY | os.O_CLOEXEC)
        try:
            os.ftruncate(fd, size)
            os.fsync(fd)
        finally:
            os.close(fd)
