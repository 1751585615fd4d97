"""The project's own errors. The CLI maps them to exit codes; nothing else reaches the user."""

# (No `from __future__ import annotations` here: typing compiles each string annotation of a NamedTuple
# field into a ForwardRef, 0.08 ms a field in every command's start; benchmarks/PROFILE.md A8.)

from typing import NamedTuple


class Problem(NamedTuple):
    """One thing wrong with a data file, located as precisely as possible.

    (A typed `NamedTuple`, as are the other small records every command imports: a frozen dataclass costs
    a millisecond to define in a fresh process, a fortieth of `list --format json` at 35 members.)"""

    message: str
    table: str | None = None
    record: str | None = None
    """The record's id where it has a usable one, else `doc N` (its TinyDB document id)."""
    field: str | None = None

    def location(self) -> str:
        """`members "PL" (doc 3), field "stance"`, or less where less is known."""
        parts = []
        if self.table is not None:
            parts.append(self.table if self.record is None else f"{self.table} {self.record}")
        if self.field is not None:
            parts.append(f'field "{self.field}"')
        return ", ".join(parts)

    def describe(self, path: str) -> str:
        """One line naming the file, table, record and field.

        Names and values quoted from the file may hold anything; non-printable characters are shown
        as escapes so that the line stays one line and cannot drive the terminal.
        """
        where = self.location()
        return printable(f"{path}: {where}: {self.message}" if where else f"{path}: {self.message}")


def printable(text: str) -> str:
    """`text` with every non-printable character written as a Python escape (`\\n`, `\\x1b`)."""
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in text)


class PledgeError(Exception):
    """Base class: an error the user can act on, shown as one line without a traceback."""

    exit_code = 1


class DataError(PledgeError):
    """The data file could not be read or is invalid (exit 1)."""

    exit_code = 1

    def __init__(self, path: str, problems: list[Problem]) -> None:
        self.path = path
        self.problems = tuple(problems)
        super().__init__(self.summary())

    def lines(self) -> list[str]:
        """Every problem, one line each."""
        return [p.describe(self.path) for p in self.problems]

    def summary(self) -> str:
        """The first problem, plus how many more there are (for commands other than `validate`)."""
        first = self.problems[0].describe(self.path) if self.problems else f"{self.path}: invalid data"
        more = len(self.problems) - 1
        if more > 0:
            first += f" (and {more} more problem{'s' if more > 1 else ''}; run `pledge-tui validate {self.path}`)"
        return first


class UsageError(PledgeError):
    """A bad option, slug or member name on the command line (exit 2)."""

    exit_code = 2


class ExportError(PledgeError):
    """The snapshot could not be written (exit 1)."""

    exit_code = 1


class OutputError(PledgeError):
    """Standard output could not be written, or must not be (it is the data file) (exit 1)."""

    exit_code = 1


class RefusedError(DataError):
    """A change was refused because the dataset would not validate; nothing was written (exit 1)."""

    exit_code = 1

    def summary(self) -> str:
        count = len(self.problems)
        return (f"{self.path}: change refused, nothing written: the data would not validate "
                f"({count} problem{'s' if count != 1 else ''})")


class WriteError(PledgeError):
    """The data file could not be written (permissions, a full disk, a folder in its place); the
    file on disk is unchanged (exit 1)."""

    exit_code = 1


class BusyError(PledgeError):
    """Another writer holds the data file's lock, or changed the file under this writer (exit 3)."""

    exit_code = 3


class ConflictError(BusyError):
    """The record being saved was changed by someone else since it was loaded (exit 3).

    `table` and `key` name the record; `by` and `at` say who changed it and when, where a history
    entry records it (both None when it was changed outside pledge-tui).
    """

    def __init__(self, message: str, *, table: str, key: str, by: str | None, at: str | None) -> None:
        super().__init__(message)
        self.table, self.key, self.by, self.at = table, key, by, at
