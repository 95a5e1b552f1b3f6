"""Paths as the operating system needs them to open an input: long paths on Windows.

Windows refuses a path of ``MAX_PATH`` (260) characters or more unless it is written in the
extended-length form ``\\\\?\\C:\\…`` (``\\\\?\\UNC\\server\\share\\…`` on a network share), which
is also absolute and already normalised (no ``..``, backslashes only). Attachments saved with long
names in a deep user folder reach that length. Elsewhere a path is opened as it is.
"""

from __future__ import annotations

import ntpath
import sys
from pathlib import Path

from consolidate.errors import UsageError, os_reason

# Folders are refused from 248 characters (room for an 8.3 file name); a folder is listed with ``\*``.
LONG_FROM = 240
_EXTENDED = "\\\\?\\"


def open_path(path: Path) -> Path:
    """The path to open, list or stat ``path`` by: its extended-length form when Windows needs one."""
    if sys.platform != "win32":
        return path
    return Path(extended(str(path)))


def extended(text: str) -> str:
    """A Windows path in the extended-length form when it is long, otherwise unchanged.

    Args:
        text: A Windows path (drive letter, UNC, or relative to the current folder).
    """
    if text.startswith(_EXTENDED) or (len(text) < LONG_FROM and ntpath.isabs(text)):
        return text
    full = ntpath.abspath(text)  # the prefix turns off the system's normalising: done here instead
    if len(full) < LONG_FROM:
        return text
    if full.startswith("\\\\"):  # \\server\share\… → \\?\UNC\server\share\…
        return _EXTENDED + "UNC\\" + full[2:]
    return _EXTENDED + full


def read_csv_text(path: Path, what: str) -> str:
    """The text of a CSV file given to a command (``what`` it is, in words): UTF-8, with or without a BOM.

    Raises:
        UsageError: it cannot be read (why), or it is in another encoding, as Excel's plain «CSV» saves on
            Windows (how to save it as UTF-8).
    """
    try:
        return open_path(path).read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise UsageError(f"Không đọc được {what} «{path}»: {os_reason(exc)}.") from exc
    except UnicodeDecodeError as exc:
        raise UsageError(
            f"{what.capitalize()} «{path.name}» không phải CSV mã UTF-8 (có lẽ đã được Excel lưu lại kiểu «CSV "
            "(Comma delimited)»). Hãy mở tệp bằng Excel, chọn Lưu thành (Save As) kiểu «CSV UTF-8 (Comma "
            "delimited)» rồi chạy lại."
        ) from exc
