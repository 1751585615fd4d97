"""The TinyDB storages of the data file: read once and strictly, written only by the one writer.

TinyDB's stock `JSONStorage` opens files in `r+` mode (creating a missing file when asked to), reads
them with the locale's encoding, accepts NaN, keeps the last of two duplicate keys and raises raw
`json` errors. `ReadOnlyJSONStorage` replaces it with the strict reading of `rawio`; `AtomicJSONStorage`
reads exactly as strictly and writes through `files.write_atomic` in the stored format
(`rawio.serialize`). Only `commit.commit`, holding the file's lock, writes.

Apart from `store` so that reading a data file (`store.load`, every command and the browser) does not
import TinyDB, which it does not use: a few milliseconds of every command's start-up.
`store.ReadOnlyJSONStorage`, `store.AtomicJSONStorage` and `store.open_database` still name these.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tinydb import TinyDB
from tinydb.storages import Storage

from pledge_tui.dataset.rawio import decode_utf8, parse_text, read_bytes, serialize, sha256_hex

if TYPE_CHECKING:
    from pledge_tui.dataset.files import FileIdentity


class ReadOnlyJSONStorage(Storage):
    """A TinyDB storage that reads a JSON file once, strictly, and refuses to write.

    Reading never creates, truncates or rewrites the file: the product promise "reading leaves
    the data file byte-identical" rests on this class never opening it for writing.
    """

    def __init__(self, path: str, **_ignored: Any) -> None:
        self.path = path
        self.sha256 = ""
        self._data: dict[str, dict[str, Any]] | None = None

    def read(self) -> dict[str, dict[str, Any]] | None:
        """Parse the file on first use; later reads return the same (read-only) data."""
        if self._data is None:
            # One copy at a time: the bytes go before the parse and the text after it. At 10,000
            # members the three together were most of the browser's peak memory.
            data = read_bytes(self.path)
            self.sha256 = sha256_hex(data)
            text = decode_utf8(self.path, data)
            del data
            self._data = parse_text(self.path, text)
            del text
        return self._data

    def forget(self) -> None:
        """Drop the parsed data (the model holds what is needed); a later read parses again."""
        self._data = None

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        """Refuse: the browser and the command line only ever read the data file."""
        raise PermissionError(f"{self.path} is opened read-only")


class AtomicJSONStorage(ReadOnlyJSONStorage):
    """A TinyDB storage that reads as strictly as `ReadOnlyJSONStorage` and writes atomically.

    A write replaces the whole file through `files.write_atomic` (temporary file, fsync, rename, fsync
    of the folder; mode and symbolic link kept), after removing temporary files that killed writers
    left. It does not lock or validate: `commit.commit` does both around it, and nothing else writes.
    """

    def write(self, data: dict[str, dict[str, Any]], *, expect: FileIdentity | None = None) -> None:
        """Replace the file with `data` in the stored format; `expect`: the file's identity when it was
        read (`files.write_atomic` refuses the write if another program replaced it since)."""
        from pledge_tui.dataset import files  # readers never import the writing machinery

        payload = serialize(data)
        files.remove_stale_temporaries(self.path)
        files.write_atomic(self.path, payload, expect=expect)
        self._data = data
        self.sha256 = sha256_hex(payload)


def open_database(path: str) -> TinyDB:
    """A read-only TinyDB over the data file, for scripts that want TinyDB's query API."""
    return TinyDB(path, storage=ReadOnlyJSONStorage)
