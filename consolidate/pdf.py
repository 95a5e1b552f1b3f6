"""Conversions through LibreOffice (PDF copies of the outputs), when it is installed."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from consolidate.errors import ConversionError
from consolidate.files import atomic_path

TIMEOUT_SECONDS = 300
NOT_INSTALLED = (
    "Máy chưa cài LibreOffice nên không tạo được PDF. Cài LibreOffice (https://www.libreoffice.org) "
    "rồi chạy lại với --pdf, hoặc mở tệp bằng Word/Excel và lưu thành PDF."
)


def find_soffice() -> str | None:
    """The LibreOffice command on this machine, if any."""
    return shutil.which("soffice") or shutil.which("libreoffice")


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
        raise ConversionError(NOT_INSTALLED, tool_missing=True)
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
            raise ConversionError(
                f"LibreOffice không chuyển được «{source.name}» sang {target.split(':')[0]}."
            ) from exc
    written = out_dir / f"{source.stem}.{target.split(':', 1)[0]}"
    if not written.exists():
        raise ConversionError(f"LibreOffice không tạo ra tệp {target.split(':')[0]} cho «{source.name}».")
    return written


def to_pdf(document: Path) -> Path:
    """A PDF copy of a .docx or .xlsx beside it, written atomically."""
    target = document.with_suffix(".pdf")
    with tempfile.TemporaryDirectory(prefix="consolidate-pdf-") as work:
        produced = convert(document, "pdf", Path(work))
        with atomic_path(target) as tmp:
            shutil.copyfile(produced, tmp)
    return target
