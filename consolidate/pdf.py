"""Conversions through LibreOffice (PDF copies of the outputs), when it is installed."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from consolidate.errors import ConversionError
from consolidate.files import atomic_path

TIMEOUT_SECONDS = 300
SOFFICE_VARIABLE = "CONSOLIDATE_SOFFICE"  # the LibreOffice program (or its folder) when it is not found by itself
NOT_INSTALLED = (
    "Máy chưa cài LibreOffice nên không tạo được PDF. Cài LibreOffice (https://www.libreoffice.org) "
    "rồi chạy lại với --pdf, hoặc mở tệp bằng Word/Excel và lưu thành PDF."
)


def install_folders() -> list[Path]:
    """Where LibreOffice's program is usually installed on this system (it is often not on PATH on Windows)."""
    if sys.platform == "win32":
        bases = (
            os.environ.get("ProgramFiles", r"C:\Program Files"),
            os.environ.get("ProgramFiles(x86)", r"C:\Program Files (x86)"),
            os.environ.get("ProgramW6432"),
        )
        return [Path(base) / "LibreOffice" / "program" for base in dict.fromkeys(bases) if base]
    if sys.platform == "darwin":
        return [Path("/Applications/LibreOffice.app/Contents/MacOS")]
    return [Path("/usr/lib/libreoffice/program"), Path("/opt/libreoffice/program"), Path("/snap/bin")]


def _program_in(place: Path) -> Path | None:
    """The soffice program at ``place``: the program itself, or a LibreOffice folder holding it."""
    names = ("soffice.exe", "soffice.com", "soffice") if sys.platform == "win32" else ("soffice", "libreoffice")
    for candidate in (place, *(folder / name for folder in (place, place / "program") for name in names)):
        if candidate.is_file():
            return candidate
    return None


def find_soffice() -> str | None:
    """The LibreOffice command on this machine: ``CONSOLIDATE_SOFFICE``, PATH, then the usual install folders."""
    configured = os.environ.get(SOFFICE_VARIABLE, "").strip().strip('"')
    if configured:
        found = _program_in(Path(configured))
        return str(found) if found else None
    on_path = shutil.which("soffice") or shutil.which("libreoffice")
    if on_path:
        return on_path
    for folder in install_folders():
        found = _program_in(folder)
        if found:
            return str(found)
    return None


def not_found_message() -> str:
    """Why no PDF could be made: LibreOffice was not found, where it was looked for, how to point at it."""
    configured = os.environ.get(SOFFICE_VARIABLE, "").strip().strip('"')
    if configured:
        return (
            f"Không tìm thấy chương trình LibreOffice tại «{configured}» (biến môi trường {SOFFICE_VARIABLE}) nên "
            "không tạo được PDF. Hãy đặt biến này là đường dẫn tệp soffice (trên Windows thường là "
            r"C:\Program Files\LibreOffice\program\soffice.exe) hoặc thư mục cài LibreOffice, rồi chạy lại."
        )
    looked = "; ".join(str(folder) for folder in install_folders())
    return (
        f"{NOT_INSTALLED} Đã tìm trong PATH và trong: {looked}. Nếu LibreOffice cài ở chỗ khác, hãy đặt biến môi "
        f"trường {SOFFICE_VARIABLE} là đường dẫn tệp soffice hoặc thư mục cài LibreOffice."
    )


def convert(source: Path, target: str, out_dir: Path) -> Path:
    """Convert ``source`` with LibreOffice headless into ``out_dir``; return the file written.

    Args:
        source: The document to convert (only read).
        target: A LibreOffice filter such as ``pdf``, ``ods``, ``xls`` or ``xlsx:"Calc MS Excel 2007 XML"``.
        out_dir: Where the converted file goes, named like ``source`` with the new extension.

    Raises:
        ConversionError: LibreOffice is missing or the conversion failed; the message is Vietnamese.
    """
    soffice = find_soffice()
    if soffice is None:
        raise ConversionError(not_found_message(), tool_missing=True)
    with tempfile.TemporaryDirectory(prefix="consolidate-lo-") as profile:
        # A profile of its own: no clash with a LibreOffice the user has open, or another run.
        command = [
            soffice,
            f"-env:UserInstallation={Path(profile).as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            target,
            "--outdir",
            str(out_dir),
            str(source),
        ]
        try:
            subprocess.run(command, check=True, capture_output=True, timeout=TIMEOUT_SECONDS)
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError) as exc:
            raise ConversionError(_failed(f"LibreOffice không chuyển được «{source.name}» sang", target)) from exc
    written = out_dir / f"{source.stem}.{target.split(':', 1)[0]}"
    if not written.exists():
        raise ConversionError(_failed(f"LibreOffice không tạo ra được từ «{source.name}» tệp", target))
    return written


def _failed(what: str, target: str) -> str:
    """A failed conversion, and what to do about it."""
    kind = target.split(":", 1)[0]
    return f"{what} {kind}. Hãy chạy lại; nếu vẫn lỗi, mở tệp bằng Excel, Word hoặc LibreOffice và tự lưu thành {kind}."


def to_pdf(document: Path, target: Path | None = None, name: str | None = None) -> Path:
    """A PDF copy of a .docx or .xlsx: beside it unless ``target`` is given, written atomically.

    Args:
        document: The document to convert (only read).
        target: The PDF to write (for instance a temporary of :class:`consolidate.files.Outputs`);
            ``document`` with the suffix .pdf when None.
        name: The file name LibreOffice sees (and may show as the PDF's title), ``document``'s by default.
    """
    with tempfile.TemporaryDirectory(prefix="consolidate-pdf-") as work:
        source = document
        if name is not None and name != document.name:
            source = Path(work) / name
            shutil.copyfile(document, source)
        produced = convert(source, "pdf", Path(work))
        if target is not None:
            shutil.copyfile(produced, target)
            return target
        target = document.with_suffix(".pdf")
        with atomic_path(target) as tmp:
            shutil.copyfile(produced, tmp)
    return target
