"""Writing a file so that it is always whole, and the lock that serialises writers.

`write_atomic` is the one place a file of the project is replaced on disk: the bytes go to a temporary
file in the target's own folder, are flushed and fsynced, the temporary file is renamed over the
target (one atomic step on POSIX file systems) and the folder is fsynced so that the rename itself
survives a power loss. A reader therefore sees the old file or the new one, never a mix, whatever
kills the writer. The target's permission bits (and, as root, its owner) are kept, and a symbolic
link is written through: the link stays, its target gets the new bytes.

`exclusive_lock` is an advisory `flock` on `FILE.lock` beside the (resolved) data file. Readers never
take it (the rename makes reading safe); every read-modify-write does, so two writers cannot both read
the same old version and lose one change. The lock file is left in place after use: deleting it would
let a writer that opened it just before the deletion lock an orphan while a third writer locks a new
one. It is empty and can be ignored by git (`*.lock`).
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import glob
import os
import signal
import stat
import tempfile
import threading
from collections.abc import Iterator
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


def write_atomic(path: str, data: bytes, *, create: bool = False) -> None:
    """Replace the file at `path` (through a symbolic link) with `data`, atomically and durably.

    `create`: the file must not exist yet (`init`); it is created with the umask's mode, and an
    existing file is never overwritten (the final step is a hard link, which fails if the name is
    taken). Otherwise the file's mode (and, as root, owner) is kept, and a read-only file (no write
    permission for us, or none for anyone) is refused. Raises `WriteError` naming the path, with the
    file unchanged and no temporary file left, when any step fails.
    """
    target = target_of(path)
    folder = os.path.dirname(target)
    info = _writable_target(path, target, create=create)
    with _termination_as_exit() as guarded:
        _replace(path, target, data, info, create=create, guarded=guarded)
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
    return info


def check_writable(path: str) -> None:
    """Raise the `WriteError` that `write_atomic(path, ...)` would raise before writing anything (a folder,
    not a regular file, a read-only file): for a write of two files that must not change the first
    when the second is sure to be refused."""
    _writable_target(path, target_of(path), create=False)


def _replace(path: str, target: str, data: bytes, info: os.stat_result | None, *, create: bool,
             guarded: bool) -> None:
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
            os.fchmod(fd, stat.S_IMODE(info.st_mode) if info is not None else _default_mode())
            if info is not None and os.geteuid() == 0:
                with contextlib.suppress(OSError):
                    os.fchown(fd, info.st_uid, info.st_gid)
            os.fsync(fd)
        finally:
            os.close(fd)
        if create:
            _move_to_new_name(temp, target)
        else:
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
    lock = lock_path(path)
    flags = os.O_RDONLY | os.O_CREAT | os.O_CLOEXEC | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(lock, flags, 0o666)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise WriteError(printable(f"{lock}: the lock file is a symbolic link; remove it")) from exc
        raise WriteError(printable(f"{lock}: cannot create the lock file: {_reason(exc)} "
                                   f"(the data file is unchanged)")) from exc
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise WriteError(printable(f"{lock}: the lock file is not a regular file; remove it"))
    return fd


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
