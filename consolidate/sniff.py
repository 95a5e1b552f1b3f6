"""What a file really is, from its bytes: the extension is only a claim.

Every kind of file that comes back as a "spreadsheet" is named here: the formats read (which
reader to use), the spreadsheet formats that cannot be read (named as what they are, with the
Save As that fits), and the documents that are no spreadsheet at all.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from defusedxml import ElementTree

# Formats read, each with the name the unit knows it by and the extension it should carry.
READ_FORMATS = {
    "xlsx": ("bảng tính Excel (.xlsx)", ".xlsx"),
    "xlsm": ("bảng tính Excel có macro (.xlsm)", ".xlsm"),
    "xlsb": ("bảng tính Excel nhị phân (.xlsb)", ".xlsb"),
    "xls": ("bảng tính Excel 97-2003 (.xls)", ".xls"),
    "ods": ("bảng tính LibreOffice (.ods)", ".ods"),
}
# Extensions of spreadsheet formats that are looked at although they cannot be read: the unit is told
# what the file is and how to save it, and the file counts as that unit's rejected file.
UNREADABLE_SUFFIXES = (
    ".numbers",
    ".et",
    ".ett",
    ".fods",
    ".slk",
    ".sylk",
    ".wks",
    ".wk1",
    ".wk3",
    ".wk4",
    ".123",
    ".wq1",
    ".wq2",
    ".wb1",
    ".wb2",
    ".wb3",
    ".qpw",
    ".xlw",
)
SAVE_AS_XLSX = "Hãy mở tệp bằng Excel, chọn Lưu thành (Save As) kiểu «Excel Workbook (.xlsx)» rồi gửi lại."
PASSWORD = "Tệp được đặt mật khẩu, không đọc được. Hãy gỡ mật khẩu (hoặc gửi bản không đặt mật khẩu) rồi gửi lại."
FILL_THE_FORM = "Hãy điền số liệu vào biểu mẫu Excel đã gửi kèm công văn rồi gửi lại."
_SAVE_AS_BY_SUFFIX = {
    ".xls": (
        "Hãy mở tệp bằng Excel, chọn Lưu thành (Save As) kiểu «Excel Workbook (.xlsx)» (Excel 2003 trở về trước: "
        "«Microsoft Excel 97-2003 Workbook (.xls)») rồi gửi lại."
    ),
    ".xlsm": (
        "Hãy mở tệp bằng Excel, chọn Lưu thành (Save As) kiểu «Excel Macro-Enabled Workbook (.xlsm)» hoặc "
        "«Excel Workbook (.xlsx)» rồi gửi lại."
    ),
    ".ods": (
        "Hãy mở tệp bằng LibreOffice Calc, chọn Lưu thành (Save As) kiểu «Bảng tính ODF (.ods)» hoặc "
        "«Excel 2007-365 (.xlsx)» rồi gửi lại."
    ),
    ".numbers": "Hãy mở tệp bằng Numbers, chọn Tệp › Xuất sang (Export To) › Excel rồi gửi lại tệp .xlsx.",
    ".et": "Hãy mở tệp bằng WPS Spreadsheets, chọn Lưu thành (Save As) kiểu «Excel Workbook (.xlsx)» rồi gửi lại.",
}
_SAVE_AS_BY_SUFFIX[".fods"] = _SAVE_AS_BY_SUFFIX[".ods"]
_SAVE_AS_BY_SUFFIX[".ett"] = _SAVE_AS_BY_SUFFIX[".et"]
# Old formats Excel no longer opens (Lotus, Quattro Pro) but LibreOffice does.
_SAVE_AS_LIBREOFFICE = (
    "Hãy mở tệp bằng LibreOffice Calc, chọn Lưu thành (Save As) kiểu «Excel 2007-365 (.xlsx)» rồi gửi lại."
)
_SAVE_AS_OLD_EXCEL = (
    "Hãy mở tệp bằng Excel hoặc LibreOffice Calc, chọn Lưu thành (Save As) kiểu «Excel Workbook (.xlsx)» rồi gửi lại."
)
_NS_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_OFFICE_DOCUMENT = "/officeDocument"
_ODF = b"application/vnd.oasis.opendocument."
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_BIFF_BOF = 0x0809
_FILEPASS = 0x002F
# Lotus 1-2-3 and Quattro Pro (DOS) files open with a BOF record: type 0, length, then the version.
_LOTUS = (b"\x00\x00\x02\x00\x04\x04", b"\x00\x00\x02\x00\x05\x04", b"\x00\x00\x02\x00\x06\x04", b"\x00\x00\x1a\x00")
_QUATTRO = (b"\x00\x00\x02\x00\x20\x51", b"\x00\x00\x02\x00\x21\x51", b"\x00\x00\x02\x00\x01\x10")
# Excel 2.x, 3.0, 4.0 worksheets: a bare BIFF stream (no OLE container), BOF record 0x0009/0x0209/0x0409.
_BIFF2_4 = {b"\x09\x00": "Excel 2.x", b"\x09\x02": "Excel 3.0", b"\x09\x04": "Excel 4.0"}


@dataclass(frozen=True)
class Kind:
    """What a file is.

    Attributes:
        fmt: The reader to use (a key of ``READ_FORMATS``), or ``""`` when the file cannot be read.
        problem: Why it cannot be read, in Vietnamese, with what to do (when ``fmt`` is empty).
        workbook_part: For a zip package, the part holding the workbook (``""`` when unknown).
    """

    fmt: str
    problem: str = ""
    workbook_part: str = ""

    @property
    def label(self) -> str:
        """The Vietnamese name of the format read."""
        return READ_FORMATS[self.fmt][0]

    @property
    def suffix(self) -> str:
        """The extension a file of this format should carry."""
        return READ_FORMATS[self.fmt][1]


def save_as(path: Path) -> str:
    """The Save As advice that fits the program the file came from (judged by its extension)."""
    return _SAVE_AS_BY_SUFFIX.get(path.suffix.lower(), SAVE_AS_XLSX)


def misnamed(path: Path, kind: Kind) -> str:
    """A warning when the extension does not match what the file is (``""`` when it does)."""
    suffix = path.suffix.lower()
    if not kind.fmt or suffix == kind.suffix:
        return ""
    shown = suffix or "(không có đuôi tệp)"
    return (
        f"Tệp «{path.name}» thực chất là {kind.label} nhưng mang đuôi {shown}; chương trình đã đọc theo nội dung "
        f"thật. Hãy đổi tên tệp thành «{path.stem}{kind.suffix}» (hoặc mở bằng Excel, Lưu thành đúng kiểu) "
        "để lần sau tệp mở được bình thường."
    )


def unreadable(what: str, advice: str) -> Kind:
    """A spreadsheet or document of a format not read, named as what it is."""
    return Kind("", f"Tệp là {what}, chương trình không đọc được định dạng này. {advice}")


def not_a_spreadsheet(what: str) -> Kind:
    """A document that is no spreadsheet at all."""
    return Kind("", f"Tệp là {what}, không phải bảng tính nên không đọc được số liệu. {FILL_THE_FORM}")


# --- zip packages ---------------------------------------------------------------------------------


def zip_kind(path: Path, archive: zipfile.ZipFile, opens: Any) -> Kind:
    """What a zip package is. ``opens()`` says whether the cell reader can open it (asked only as a last resort)."""
    names = set(archive.namelist())
    if "EncryptedPackage" in names:
        return Kind("", PASSWORD)
    mimetype = archive.read("mimetype")[:100].strip() if "mimetype" in names else b""
    if mimetype.startswith(_ODF + b"spreadsheet") or (not mimetype and "content.xml" in names):
        return Kind("ods")
    if mimetype.startswith(_ODF + b"text"):
        return not_a_spreadsheet("văn bản OpenDocument (LibreOffice Writer)")
    if mimetype.startswith(_ODF + b"presentation"):
        return not_a_spreadsheet("trình chiếu OpenDocument (LibreOffice Impress)")
    part = _office_document(archive, names)
    if part.endswith(".bin") or (not part and "xl/workbook.bin" in names):
        return Kind("xlsb", workbook_part=part or "xl/workbook.bin")
    if part.startswith("word/") or "word/document.xml" in names:
        return not_a_spreadsheet("văn bản Word (.docx)")
    if part.startswith("ppt/") or "ppt/presentation.xml" in names:
        return not_a_spreadsheet("trình chiếu PowerPoint (.pptx)")
    if not part and "xl/workbook.xml" in names:
        part = "xl/workbook.xml"
    if part:
        types = archive.read("[Content_Types].xml") if "[Content_Types].xml" in names else b""
        macro = b"macroEnabled.main+xml" in types or any(n.lower().endswith("vbaproject.bin") for n in names)
        return Kind("xlsm" if macro else "xlsx", workbook_part=part)
    if any(n.startswith("Index/") for n in names) or "index.xml" in names or "Index.zip" in names:
        return unreadable("bảng tính Apple Numbers", _SAVE_AS_BY_SUFFIX[".numbers"])
    if opens():
        return Kind("xlsx")  # a package laid out unlike any we know, which the cell reader still opens
    return Kind("", f"Tệp là tệp nén (zip), không phải bảng tính. {FILL_THE_FORM}")


def _office_document(archive: zipfile.ZipFile, names: set[str]) -> str:
    """The main part of an OOXML package, as the package's own relationships name it."""
    if "_rels/.rels" not in names:
        return ""
    rels = ElementTree.fromstring(archive.read("_rels/.rels"))
    for rel in rels.iter(f"{_NS_PKG_REL}Relationship"):
        if rel.get("Type", "").endswith(_OFFICE_DOCUMENT):
            target = rel.get("Target", "").lstrip("/")
            if target in names:
                return target
    return ""


def part_rels(part: str) -> str:
    """The relationships part of a package part: ``xl/workbook.xml`` → ``xl/_rels/workbook.xml.rels``."""
    pure = PurePosixPath(part)
    return str(pure.parent / "_rels" / f"{pure.name}.rels")


# --- everything else ------------------------------------------------------------------------------


def bytes_kind(path: Path, data: bytes) -> Kind:
    """What a file that is not a zip package is: an OLE container, an old binary format, or text."""
    if data.startswith(_OLE_MAGIC):
        return _ole_kind(path, data)
    if data[:2] in _BIFF2_4 and len(data) > 4 and int.from_bytes(data[2:4], "little") in (4, 6, 8, 16):
        return unreadable(f"bảng tính {_BIFF2_4[data[:2]]} (định dạng Excel đời cũ)", _SAVE_AS_OLD_EXCEL)
    if data.startswith(_QUATTRO):
        return unreadable("bảng tính Quattro Pro", _SAVE_AS_LIBREOFFICE)
    if data.startswith(_LOTUS):
        return unreadable("bảng tính Lotus 1-2-3", _SAVE_AS_LIBREOFFICE)
    if data.startswith(b"ID;P"):  # the SYLK header record (a CSV whose first column is "ID" is not one)
        return unreadable("bảng tính dạng SYLK (.slk)", _SAVE_AS_OLD_EXCEL)
    return _text_kind(path, data[:4096])


def _text_kind(path: Path, head: bytes) -> Kind:
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith(b"%pdf"):
        return Kind("", f"Tệp là PDF, không phải bảng tính nên không đọc được số liệu. {FILL_THE_FORM}")
    if text.startswith(b"{\\rtf"):
        return not_a_spreadsheet("văn bản RTF (Word)")
    if text.startswith(b"<"):
        if b"urn:schemas-microsoft-com:office:spreadsheet" in text or b'progid="excel.sheet"' in text:
            return unreadable("bảng tính dạng «XML Spreadsheet 2003» (Excel 2003)", save_as(path))
        if b"office:document" in text and _ODF + b"spreadsheet" in text:
            return unreadable("bảng tính LibreOffice dạng XML phẳng (.fods)", _SAVE_AS_BY_SUFFIX[".fods"])
        if b"office:document" in text and _ODF + b"text" in text:
            return not_a_spreadsheet("văn bản LibreOffice Writer dạng XML phẳng (.fodt)")
        if b"<html" in text or b"<table" in text or b"<!doctype html" in text:
            return Kind(
                "",
                "Tệp thực chất là trang web (HTML) được đặt đuôi bảng tính — nhiều phần mềm xuất «Excel» theo cách "
                f"này. {save_as(path)}",
            )
        if b"w:wordDocument".lower() in text or b"word.document" in text:
            return not_a_spreadsheet("văn bản Word dạng XML (Word 2003)")
    if _looks_like_text(head):
        return Kind(
            "",
            f"Tệp thực chất là văn bản thuần (CSV/TXT) được đặt đuôi bảng tính, không có biểu mẫu. {save_as(path)}",
        )
    return Kind("", f"Tệp không phải bảng tính Excel hay LibreOffice (nội dung không đúng định dạng). {save_as(path)}")


def _looks_like_text(head: bytes) -> bool:
    try:
        sample = head.decode("utf-8")
    except UnicodeDecodeError:
        try:
            sample = head.decode("cp1258")
        except UnicodeDecodeError:
            return False
    printable = sum(ch.isprintable() or ch in "\r\n\t" for ch in sample)
    return printable >= 0.95 * len(sample)


def _ole_kind(path: Path, data: bytes) -> Kind:
    streams = {name.casefold(): place for name, place in ole_streams(data).items()}  # names ignore case
    # An encrypted .xlsx, .docx…: its stream name anywhere is enough (no workbook holds that text in UTF-16).
    if "encryptedpackage" in streams or "EncryptedPackage".encode("utf-16-le") in data:
        return Kind("", PASSWORD)
    if "workbook" in streams:
        if _biff_password(data, *streams["workbook"]):
            return Kind("", PASSWORD)
        return Kind("xls")
    if "book" in streams:
        return unreadable("bảng tính Excel 5.0/95 (định dạng Excel đời cũ)", _SAVE_AS_OLD_EXCEL)
    if "worddocument" in streams:
        return not_a_spreadsheet("văn bản Word (.doc)")
    if "powerpoint document" in streams:
        return not_a_spreadsheet("trình chiếu PowerPoint (.ppt)")
    if "nativecontent_main" in streams:
        return unreadable("bảng tính Quattro Pro", _SAVE_AS_LIBREOFFICE)
    if path.suffix.lower() in (".et", ".ett"):
        return unreadable("bảng tính WPS Spreadsheets (.et)", _SAVE_AS_BY_SUFFIX[".et"])
    return Kind(
        "",
        f"Tệp là tài liệu Office dạng cũ nhưng không phải bảng tính Excel (hoặc đã bị hỏng). {save_as(path)}",
    )


def ole_streams(data: bytes) -> dict[str, tuple[int, int]]:
    """The streams of an OLE (compound file) container by name: (first sector, size).

    The directory is read along its chain of sectors (the first one named in the header, the next
    ones by the FAT, whose first 109 sectors the header lists). Each directory entry is 128 bytes:
    its name in UTF-16 with its length in bytes at 0x40, its type at 0x42 (2: a stream), its first
    sector at 0x74 and its size at 0x78.
    """
    shift = int.from_bytes(data[0x1E:0x20], "little")
    if len(data) < 512 or shift not in (9, 12):  # 512- or 4096-byte sectors: nothing else is a compound file
        return {}
    sector_size = 1 << shift
    per_fat = sector_size // 4
    found: dict[str, tuple[int, int]] = {}
    sector, seen = int.from_bytes(data[0x30:0x34], "little"), set[int]()
    while sector < _OLE_MAX_SECTOR and sector not in seen and len(seen) < 10_000:
        seen.add(sector)
        start = (sector + 1) * sector_size
        for at in range(start, min(start + sector_size, len(data) - 127), 128):
            entry = data[at : at + 128]
            length = int.from_bytes(entry[0x40:0x42], "little")
            if entry[0x42] == 2 and 2 <= length <= 64:
                name = entry[: length - 2].decode("utf-16-le", "replace")
                found[name] = (int.from_bytes(entry[0x74:0x78], "little"), int.from_bytes(entry[0x78:0x7C], "little"))
        if sector // per_fat >= 109:
            break  # past the FAT sectors the header lists (a directory that long is no report's)
        fat_sector = int.from_bytes(data[0x4C + 4 * (sector // per_fat) : 0x50 + 4 * (sector // per_fat)], "little")
        at = (fat_sector + 1) * sector_size + 4 * (sector % per_fat)
        sector = int.from_bytes(data[at : at + 4], "little") if at + 4 <= len(data) else _OLE_MAX_SECTOR
    return found


_OLE_MAX_SECTOR = 0xFFFFFFFA  # sector numbers from here on are markers (end of chain, free, FAT)


def _biff_password(data: bytes, first_sector: int, size: int) -> bool:
    """Whether an .xls workbook stream opens with BOF then FILEPASS (a password, RC4 or XOR obfuscation).

    Only the stream's first sector is needed: FILEPASS must follow the globals' BOF directly. Streams
    under the mini-stream cutoff live elsewhere and are left to the reader.
    """
    sector = 1 << int.from_bytes(data[0x1E:0x20], "little")
    if size < int.from_bytes(data[0x38:0x3C], "little"):
        return False
    start = (first_sector + 1) * sector
    head = data[start : start + 512]
    if len(head) < 8 or int.from_bytes(head[0:2], "little") != _BIFF_BOF:
        return False
    after = 4 + int.from_bytes(head[2:4], "little")
    return int.from_bytes(head[after : after + 2], "little") == _FILEPASS
