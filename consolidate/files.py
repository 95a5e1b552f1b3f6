"""Writing outputs safely: to temporary files beside the targets, then put in place together.

A set of outputs (the summary workbook, the report, the JSON of one run; the templates of one
``template`` command) is put in place all at once or not at all. On Windows a file open in Excel or
Word cannot be replaced or renamed, so before any target is replaced, every existing target is first
moved aside: a locked one stops the set there, the ones already moved go back, and nothing has
changed. A lock that clears by itself (an antivirus or a sync client reading a new file) is waited
for briefly. New files get the ordinary permissions (the umask applies), so a shared folder can
read them.
"""

from __future__ import annotations

import csv
import io
import os
import re
import secrets
import time
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from types import TracebackType
from typing import Any

from consolidate.errors import OutputError, os_reason

# Pauses (seconds) before each new try of a rename refused with PermissionError: about one second in all,
# enough for an antivirus or OneDrive to let go of a file they are reading, short for a file open in Excel.
RETRY_DELAYS = (0.05, 0.15, 0.3, 0.5)
sleep: Callable[[float], None] = time.sleep  # replaced in tests, which must not wait

_OPENED_IN = {
    **dict.fromkeys((".xlsx", ".xlsm", ".xls", ".csv"), "Excel"),
    **dict.fromkeys((".docx", ".doc"), "Word"),
    ".pdf": "trình đọc PDF",
}


def locked_message(path: Path) -> str:
    """What to do when ``path`` is held open by another program (named by the file's kind where it can be)."""
    program = _OPENED_IN.get(path.suffix.lower())
    if program is None:
        return (
            f"Tệp «{path}» đang bị một chương trình khác mở hoặc giữ nên không thay được. Hãy đóng chương trình "
            "đang mở tệp rồi chạy lại lệnh; các kết quả cũ được giữ nguyên."
        )
    return (
        f"Tệp «{path}» đang mở trong {program} (hoặc một chương trình khác đang giữ tệp) nên không thay được. "
        f"Hãy đóng tệp trong {program} rồi chạy lại lệnh; các kết quả cũ được giữ nguyên."
    )


def replace(source: Path, target: Path, named: Path | None = None) -> None:
    """``os.replace(source, target)``, tried again briefly while the file is locked.

    Args:
        source: The file to rename.
        target: Its new name.
        named: The output named in the message when it fails (``target`` unless given).

    Raises:
        OutputError: still locked after the retries (close the file in Excel/Word), or another failure.
    """
    named = named or target
    for delay in (*RETRY_DELAYS, None):
        try:
            os.replace(source, target)
            return
        except PermissionError as exc:
            if delay is None:
                raise OutputError(locked_message(named)) from exc
            sleep(delay)
        except OSError as exc:
            raise OutputError(f"Không ghi được tệp «{named}»: {os_reason(exc)}.") from exc


def _sibling(target: Path, kind: str) -> Path:
    return target.with_name(f".{kind}-{secrets.token_hex(4)}-{target.name}")


def _new_file(target: Path) -> Path:
    """An empty new file beside ``target``, with the permissions a new file gets here (umask applied)."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        while True:
            path = _sibling(target, "tmp")
            try:
                os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
                return path
            except FileExistsError:
                continue
    except OSError as exc:
        raise OutputError(f"Không ghi được vào thư mục «{target.parent}»: {os_reason(exc)}.") from exc


class Outputs:
    """Files written to temporaries, then put in place together: every one, or none.

    Use as a context manager: :meth:`add` gives the temporary to write for a target, :meth:`remove`
    marks a target to be deleted (a stale copy that no longer matches). Leaving the block normally
    puts everything in place; leaving it with an exception changes nothing (and undoes
    :meth:`put_in_place` if it already ran, so a later step such as committing the history can still
    fail cleanly).
    """

    def __init__(self) -> None:
        self.temporaries: dict[Path, Path | None] = {}  # target → its temporary; None: delete the target
        self.aside: dict[Path, Path] = {}  # target → where its previous version waits until the end
        self.placed: list[Path] = []
        self.done = False  # put in place

    def add(self, target: Path) -> Path:
        """The temporary file to write for ``target``."""
        temporary = self.temporaries[target] = _new_file(target)
        return temporary

    def remove(self, target: Path) -> None:
        """Delete ``target`` (if it exists) with the rest, instead of writing it."""
        old = self.temporaries.get(target)
        if old is not None:
            old.unlink(missing_ok=True)
        self.temporaries[target] = None

    def check(self) -> None:
        """Make sure, before anything else is written, that every existing target can be replaced now.

        Each is renamed aside and back: a file open in Excel or Word cannot be renamed.

        Raises:
            OutputError: a target is locked (named, with the advice to close it); every target is as it was.
        """
        try:
            self._move_aside()
        finally:
            self.undo()

    def put_in_place(self) -> None:
        """Move every existing target aside, then rename every temporary onto its target.

        Raises:
            OutputError: a target is locked or cannot be replaced; every target is as it was.
        """
        try:
            self._move_aside()
            for target, temporary in self.temporaries.items():
                if temporary is not None:
                    replace(temporary, target)
                    self.placed.append(target)
            self.done = True
        except OutputError:
            self.undo()
            raise

    def _move_aside(self) -> None:
        """Rename every existing target aside (a file open in Excel or Word refuses: the error names it)."""
        for target in self.temporaries:
            if os.path.lexists(target):
                aside = _sibling(target, "old")
                replace(target, aside, named=target)
                self.aside[target] = aside

    def undo(self) -> None:
        """Give every target back its previous version (or no file, where there was none)."""
        for target in self.placed:
            if target not in self.aside:
                with suppress(OSError):
                    target.unlink()
        self.placed, self.done = [], False
        failed = []
        for target, aside in self.aside.items():
            try:
                replace(aside, target)
            except OutputError:
                failed.append(f"«{target}» (bản cũ: «{aside}»)")
        self.aside = {}
        if failed:
            raise OutputError(
                "Không đặt lại được kết quả cũ của " + ", ".join(failed) + ". Hãy đóng các tệp kết quả đang mở, "
                "đổi tên bản cũ về tên gốc nếu cần, rồi chạy lại."
            )

    def _write_error(self, exc: OSError) -> OutputError:
        """A failed write (disk full, folder gone) named by its target rather than its temporary.

        A failed write often names no file (``write`` on a full disk): the folder of the outputs is named then.
        """
        if not exc.filename:
            folders = sorted({str(target.parent) for target in self.temporaries})
            return OutputError(f"Không ghi được kết quả vào thư mục «{', '.join(folders)}»: {os_reason(exc)}.")
        failed = Path(str(exc.filename))
        names = [target for target, temporary in self.temporaries.items() if temporary == failed]
        return OutputError(f"Không ghi được tệp «{names[0] if names else failed}»: {os_reason(exc)}.")

    def __enter__(self) -> Outputs:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, trace: TracebackType | None
    ) -> None:
        try:
            if kind is None:
                if not self.done:
                    self.put_in_place()
                for aside in self.aside.values():
                    with suppress(OSError):  # the previous version, no longer needed
                        aside.unlink()
                self.aside = {}
            else:
                if self.done:
                    self.undo()
                if isinstance(exc, OSError):
                    raise self._write_error(exc) from exc
        finally:
            for temporary in self.temporaries.values():
                if temporary is not None:
                    with suppress(OSError):
                        temporary.unlink(missing_ok=True)


@contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Yield a temporary path to write; on success it replaces ``target`` in one rename.

    An interrupted or failed write leaves the previous ``target`` (if any) untouched and no
    half-written file under the target's name; a target open in Excel/Word is named in the error.
    """
    with Outputs() as outputs:
        yield outputs.add(target)


def write_bytes(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` as given (no newline translation on Windows), through :func:`atomic_path`."""
    with atomic_path(target) as tmp:
        tmp.write_bytes(data)


CSV_DELIMITER = ";"  # Excel in a Vietnamese locale (decimal comma) splits on «;»


def csv_bytes(rows: Iterable[Sequence[Any]]) -> bytes:
    """Rows as a CSV file Excel opens as it is: UTF-8 with a BOM, «;» between fields, CRLF line ends."""
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=CSV_DELIMITER, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


_FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f]+')
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"{kind}{n}" for kind in ("COM", "LPT") for n in "123456789¹²³")}
NAME_LIMIT = 120  # characters of a file name made from free text: room left for a deep folder on Windows


def safe_filename(stem: str, suffix: str = "") -> str:
    """A file name made from free text (a unit's name) that Windows, macOS and Linux all accept.

    Characters Windows forbids become ``_``, trailing dots and spaces go, a reserved device name (CON,
    NUL, COM1…) gets ``_`` appended, and a long text is cut to ``NAME_LIMIT`` characters.
    """
    text = _FORBIDDEN.sub("_", unicodedata.normalize("NFC", stem)).strip()
    text = text[: NAME_LIMIT - len(suffix)].rstrip(". ")
    if not text or text.split(".")[0].rstrip(" ").upper() in _RESERVED:
        text += "_"
    return text + suffix
