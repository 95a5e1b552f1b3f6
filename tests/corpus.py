"""A folder of files as they really come, by format: one small file per case, generated in code.

Real reports saved in other formats or misnamed, spreadsheets of formats the tool cannot read,
documents that are no spreadsheet, copies, empty files and the tool's own outputs. Binary formats
are built byte by byte here (an OLE compound file, a BIFF12 .xlsb package, old BIFF, Lotus,
Quattro Pro, SYLK); LibreOffice is not needed (the .xls and .ods reports are committed fixtures).
Run ``python tests/corpus.py DIR`` to look at the files.
"""

from __future__ import annotations

import datetime as dt
import io
import shutil
import struct
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl

from consolidate.check import check_paths
from consolidate.feedback import write_feedback
from consolidate.fill import fill_template
from consolidate.form import Form, load_form
from consolidate.run import SUMMARY_NAME, run
from consolidate.template import template_filename, write_templates

if not __package__:  # run as a script: the repository root makes ``tests`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.conftest import FIXTURES, VALID_NARRATIVES, VALID_TABLES, VALID_VALUES  # noqa: E402

FIXTURE_UNIT = "SYT"  # the unit of the committed .xls and .ods reports (tests/fixtures/make_fixtures.py)


@dataclass(frozen=True)
class Case:
    """One file of the folder and what ``check`` must say about it."""

    path: str  # relative to the folder
    status: str  # check: ok | warning | error | skipped
    words: str  # in its reason or one of its problems' messages
    unit: str | None = None
    run_status: str | None = None  # run: accepted | rejected | superseded | skipped (None: it depends on the others)


# --- OLE compound files -------------------------------------------------------------------------

_FREE, _END, _FAT = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD


def ole(streams: dict[str, bytes]) -> bytes:
    """A version-3 compound file (512-byte sectors) holding ``streams`` in the root storage.

    Each stream is padded to the 4,096-byte mini-stream cutoff, so every stream lives in regular
    sectors and no mini stream is needed. One FAT sector: at most 128 sectors in all.
    """
    entries = [("Root Entry", 5, _END, 0)]
    chains: list[bytes] = []
    next_sector = 1 + 1 + (len(streams) + 1) // 4  # FAT, then the directory (4 entries per sector)
    directory_sectors = next_sector - 1
    for name, data in streams.items():
        data = data.ljust(4096, b"\0")
        padded = data.ljust(-(-len(data) // 512) * 512, b"\0")
        entries.append((name, 2, next_sector, len(data)))
        chains.append(padded)
        next_sector += len(padded) // 512
    assert next_sector <= 128, "one FAT sector only"
    fat = [_FAT] + [i + 2 if i + 1 < directory_sectors else _END for i in range(directory_sectors)]
    for _, _kind, start, size in entries[1:]:
        count = -(-size // 512)
        fat += [start + i + 1 if i + 1 < count else _END for i in range(count)]
    fat += [_FREE] * (128 - len(fat))
    header = bytearray(512)
    header[0:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHHH", header, 0x18, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<IIIIIIII", header, 0x28, 0, 1, 1, 0, 4096, _END, 0, _END)
    struct.pack_into("<I", header, 0x48, 0)
    struct.pack_into("<109I", header, 0x4C, 0, *([_FREE] * 108))
    directory = bytearray()
    for index, (name, kind, start, size) in enumerate(entries):
        raw = name.encode("utf-16-le") + b"\0\0"
        entry = bytearray(128)
        entry[: len(raw)] = raw
        child = 1 if kind == 5 and len(entries) > 1 else _FREE
        right = index + 1 if kind == 2 and index + 1 < len(entries) else _FREE
        struct.pack_into("<HBBIII", entry, 0x40, len(raw), kind, 1, _FREE, right, child)
        struct.pack_into("<II", entry, 0x74, start, size)
        directory += entry
    directory = directory.ljust(directory_sectors * 512, b"\0")
    return bytes(header) + struct.pack("<128I", *fat) + bytes(directory) + b"".join(chains)


def xor_obfuscated(xls: bytes) -> bytes:
    """An .xls whose globals open with BOF then FILEPASS of type 0 (XOR obfuscation), same stream size.

    The four records after BOF (INTERFACEHDR, MMS, INTERFACEEND, WRITEACCESS: 132 bytes in the
    fixture) become FILEPASS (10 bytes) and one WRITEACCESS filling the rest.
    """
    data = bytearray(xls)
    sector = 1 << struct.unpack_from("<H", data, 0x1E)[0]
    directory = struct.unpack_from("<I", data, 0x30)[0]
    at = (directory + 1) * sector  # the fixture's directory starts with Root Entry, then Workbook
    name = "Workbook".encode("utf-16-le")
    while data[at : at + len(name)] != name:
        at += 128
    start = struct.unpack_from("<I", data, at + 0x74)[0]
    stream = (start + 1) * sector
    bof_type, bof_len = struct.unpack_from("<HH", data, stream)
    assert bof_type == 0x0809
    first = stream + 4 + bof_len
    span, at = 0, first
    for expected in (0xE1, 0xC1, 0xE2, 0x5C):
        kind, length = struct.unpack_from("<HH", data, at)
        assert kind == expected, hex(kind)
        span += 4 + length
        at += 4 + length
    filepass = struct.pack("<HHHHH", 0x002F, 6, 0, 0x1234, 0x5678)
    filler = struct.pack("<HH", 0x5C, span - len(filepass) - 4) + b" " * (span - len(filepass) - 4)
    data[first : first + span] = filepass + filler
    return bytes(data)


# --- BIFF12 (.xlsb) -------------------------------------------------------------------------------


def _varint(value: int) -> bytes:
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        out.append(byte | (0x80 if value else 0))
        if not value:
            return bytes(out)


def _record(kind: int, body: bytes = b"") -> bytes:
    return _varint(kind) + _varint(len(body)) + body


def _wide(text: str) -> bytes:
    return struct.pack("<I", len(text)) + text.encode("utf-16-le")


def xlsb_from(source: Path, names: bool = True) -> bytes:
    """The workbook ``source`` (.xlsx) as a BIFF12 .xlsb package: values, sheets, and its defined names.

    Records (MS-XLSB): workbook.bin holds BrtBeginBook, the sheets (BrtBundleSh), BrtExternSheet and
    one BrtName per defined name (a PtgArea3d formula); each sheet holds BrtWsDim and its rows and
    cells (BrtCellSt, BrtCellReal, BrtCellBool); styles.bin two cell formats, the second a date.
    """
    wb = openpyxl.load_workbook(source)
    epoch = dt.datetime(1899, 12, 30)
    parts: dict[str, bytes] = {}
    bundle = b""
    rels = []
    for index, ws in enumerate(wb.worksheets):
        rid = f"rId{index + 1}"
        rels.append(
            f'<Relationship Id="{rid}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            f'worksheet" Target="worksheets/sheet{index + 1}.bin"/>'
        )
        hidden = 0 if ws.sheet_state == "visible" else 1
        bundle += _record(0x9C, struct.pack("<II", hidden, index + 1) + _wide(rid) + _wide(ws.title))
        rows = b""
        for row in ws.iter_rows():
            cells = b""
            for cell in row:
                value = cell.value
                head = struct.pack("<I", cell.column - 1)
                if value is None or value == "":
                    continue
                if isinstance(value, bool):
                    cells += _record(0x04, head + struct.pack("<I", 0) + bytes([value]))
                elif isinstance(value, dt.datetime | dt.date):
                    moment = value if isinstance(value, dt.datetime) else dt.datetime.combine(value, dt.time())
                    serial = (moment - epoch).total_seconds() / 86400
                    cells += _record(0x05, head + struct.pack("<I", 1) + struct.pack("<d", serial))
                elif isinstance(value, int | float):
                    cells += _record(0x05, head + struct.pack("<I", 0) + struct.pack("<d", float(value)))
                else:
                    cells += _record(0x06, head + struct.pack("<I", 0) + _wide(str(value)))
            if cells:
                rows += _record(0x00, struct.pack("<IIHHBI", row[0].row - 1, 0, 300, 0, 0, 0)) + cells
        dimension = struct.pack("<IIII", 0, max(ws.max_row - 1, 0), 0, max(ws.max_column - 1, 0))
        parts[f"xl/worksheets/sheet{index + 1}.bin"] = (
            _record(0x81) + _record(0x94, dimension) + _record(0x91) + rows + _record(0x92) + _record(0x82)
        )
    sheets = [ws.title for ws in wb.worksheets]
    book = _record(0x83) + _record(0x8F) + bundle + _record(0x90)
    book += _record(
        0x16A, struct.pack("<I", len(sheets)) + b"".join(struct.pack("<Iii", 0, i, i) for i in range(len(sheets)))
    )
    if names:
        for name, defined in wb.defined_names.items():
            for sheet, ref in defined.destinations:
                low_col, low_row, high_col, high_row = openpyxl.utils.cell.range_boundaries(ref.replace("$", ""))
                ptg = struct.pack(
                    "<BHIIHH", 0x3B, sheets.index(sheet), low_row - 1, high_row - 1, low_col - 1, high_col - 1
                )
                body = struct.pack("<IBI", 0, 0, 0xFFFFFFFF) + _wide(name) + struct.pack("<I", len(ptg)) + ptg
                book += _record(0x27, body + struct.pack("<II", 0, 0xFFFFFFFF))
    book += _record(0x84)
    parts["xl/workbook.bin"] = book
    xf = struct.pack("<HHHHHBBI", 0, 0, 0, 0, 0, 0, 0, 0)
    date_xf = struct.pack("<HHHHHBBI", 0, 14, 0, 0, 0, 0, 0, 0)
    parts["xl/styles.bin"] = (
        _record(0x269, struct.pack("<I", 2)) + _record(0x2F, xf) + _record(0x2F, date_xf) + _record(0x26A)
    )
    ns = "http://schemas.openxmlformats.org/package/2006/relationships"
    parts["xl/_rels/workbook.bin.rels"] = (
        f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{ns}">{"".join(rels)}</Relationships>'
    ).encode()
    with zipfile.ZipFile(source) as original:
        for name in original.namelist():
            if name.startswith("docProps/"):
                parts[name] = original.read(name)
    parts["_rels/.rels"] = (
        f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{ns}"><Relationship Id="rId1" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
        'Target="xl/workbook.bin"/><Relationship Id="rId2" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties" '
        'Target="docProps/custom.xml"/></Relationships>'
    ).encode()
    parts["[Content_Types].xml"] = (
        b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        b'content-types"><Default Extension="bin" ContentType="application/vnd.ms-excel.sheet.binary.macroEnabled.'
        b'main"/><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        b'<Default Extension="xml" ContentType="application/xml"/></Types>'
    )
    return _zip(parts)


def _zip(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return out.getvalue()


def _rewrite(source: Path, change: Any) -> bytes:
    """The package ``source`` with ``change(parts)`` applied to its {name: bytes}."""
    with zipfile.ZipFile(source) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    change(parts)
    return _zip(parts)


def moved_parts(source: Path) -> bytes:
    """A minimal valid .xlsx laid out unusually: the workbook under ``bang/`` (the package's relationships
    say where), sheet targets relative to it, and no document properties, app or core parts."""

    def change(parts: dict[str, bytes]) -> None:
        for name in [n for n in parts if n.startswith("docProps/")]:
            del parts[name]
        for name in [n for n in parts if n.startswith("xl/")]:
            parts["bang/" + name[3:]] = parts.pop(name)
        parts["_rels/.rels"] = (
            b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
            b'2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
            b'2006/relationships/officeDocument" Target="bang/workbook.xml"/></Relationships>'
        )
        rels = "bang/_rels/workbook.xml.rels"
        parts[rels] = parts[rels].replace(b'Target="/xl/', b'Target="')
        parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(b"/xl/", b"/bang/")

    return _rewrite(source, change)


def with_macro_sheet(source: Path) -> bytes:
    """The workbook as an .xlsm holding an Excel 4.0 macro sheet (xl/macrosheets/sheet1.xml)."""
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"

    def change(parts: dict[str, bytes]) -> None:
        parts["xl/macrosheets/sheet1.xml"] = (
            f'<?xml version="1.0" encoding="UTF-8"?><xm:macrosheet xmlns="{main}" '
            'xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main"><sheetData><row r="1"><c r="A1">'
            "<f>RETURN()</f></c></row></sheetData></xm:macrosheet>"
        ).encode()
        parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
            b"</Relationships>",
            b'<Relationship Id="rIdMacro" Type="http://schemas.microsoft.com/office/2006/relationships/'
            b'xlMacrosheet" Target="macrosheets/sheet1.xml"/></Relationships>',
        )
        book = parts["xl/workbook.xml"]
        end = book.index(b"</sheets>")
        parts["xl/workbook.xml"] = (
            book[:end]
            + b'<sheet xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" name="Macro1" '
            b'sheetId="99" state="hidden" r:id="rIdMacro"/>' + book[end:]
        )
        parts["[Content_Types].xml"] = (
            parts["[Content_Types].xml"]
            .replace(b"spreadsheetml.sheet.main+xml", b"sheet.macroEnabled.main+xml")
            .replace(
                b"</Types>",
                b'<Override PartName="/xl/macrosheets/sheet1.xml" '
                b'ContentType="application/vnd.ms-excel.macrosheet+xml"/></Types>',
            )
        )

    return _rewrite(source, change)


# --- the folder -----------------------------------------------------------------------------------

SPREADSHEET_ML = (
    '<?xml version="1.0"?>\n<?mso-application progid="Excel.Sheet"?>\n'
    '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
    'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="Chỉ tiêu"><Table><Row>'
    '<Cell><Data ss:Type="String">Số tin bài</Data></Cell><Cell><Data ss:Type="Number">10</Data></Cell>'
    "</Row></Table></Worksheet></Workbook>\n"
)
FLAT_ODS = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<office:document '
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" office:version="1.3" '
    'office:mimetype="application/vnd.oasis.opendocument.spreadsheet"><office:body><office:spreadsheet>'
    '<table:table table:name="Chỉ tiêu"><table:table-row><table:table-cell office:value-type="float" '
    'office:value="10"/></table:table-row></table:table></office:spreadsheet></office:body></office:document>\n'
)
BIFF4 = struct.pack("<HHHHH", 0x0409, 6, 0, 0x0010, 0) + struct.pack("<HH", 0x000A, 0)
LOTUS_WK1 = struct.pack("<HHH", 0, 2, 0x0406) + struct.pack("<HH", 1, 0)
QUATTRO_WQ1 = struct.pack("<HHH", 0, 2, 0x5120) + struct.pack("<HH", 1, 0)
SYLK = b'ID;PWXL;N;E\r\nC;Y1;X1;K"So tin bai"\r\nC;Y1;X2;K10\r\nE\r\n'
NOT_READ = "chương trình không đọc được định dạng này"
XML_2003 = (  # named as what it is, with the Save As that fits an .xls user (who may have Excel 2003)
    f"Tệp là bảng tính dạng «XML Spreadsheet 2003» (Excel 2003), {NOT_READ}. Hãy mở tệp bằng Excel, chọn Lưu "
    "thành (Save As) kiểu «Excel Workbook (.xlsx)» (Excel 2003 trở về trước: «Microsoft Excel 97-2003 Workbook"
)
MISNAMED = "chương trình đã đọc theo nội dung thật"


def build(folder: Path, work: Path, form: Form | None = None) -> list[Case]:
    """Write the folder; return its cases. ``work`` takes the templates and the runs that make outputs."""
    form = form or load_form("hoi_nhap_quoc_te")
    folder.mkdir(parents=True, exist_ok=True)
    work.mkdir(parents=True, exist_ok=True)
    units = ["SNV", "STP", "SKHDT", "STC", "SCT", "SNNPTNT"]
    write_templates(form, work, units)

    def filled(unit: str, **changes: Any) -> Path:
        out = work / f"filled_{unit}.xlsx"
        fill_template(
            form,
            work / template_filename(form, form.unit(unit)),
            out,
            {**VALID_VALUES, **changes},
            VALID_NARRATIVES,
            VALID_TABLES,
        )
        return out

    cases: list[Case] = []

    def put(
        name: str, data: bytes, status: str, words: str, unit: str | None = None, run_status: str | None = "auto"
    ) -> None:
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        default = {"ok": "accepted", "warning": "accepted", "error": "rejected", "skipped": "skipped"}[status]
        cases.append(Case(name, status, words, unit, default if run_status == "auto" else run_status))

    # Read normally, whatever the name says.
    put("dung_ten.xlsx", filled("SNV").read_bytes(), "ok", "", "SNV")
    put(
        "xlsx_mang_duoi_xls.xls",
        filled("STP").read_bytes(),
        "warning",
        f"thực chất là bảng tính Excel (.xlsx) nhưng mang đuôi .xls; {MISNAMED}",
        "STP",
    )
    put(
        "xls_mang_duoi_xlsx.xlsx",
        (FIXTURES / "filled_SYT.xls").read_bytes(),
        "warning",
        "thực chất là bảng tính Excel 97-2003 (.xls) nhưng mang đuôi .xlsx",
        FIXTURE_UNIT,
        run_status=None,
    )
    put(
        "ods_mang_duoi_xlsx.xlsx",
        (FIXTURES / "filled_SYT.ods").read_bytes(),
        "warning",
        "thực chất là bảng tính LibreOffice (.ods) nhưng mang đuôi .xlsx",
        FIXTURE_UNIT,
        run_status=None,
    )
    put("nhi_phan.xlsb", xlsb_from(filled("SKHDT")), "ok", "", "SKHDT")
    put("nhi_phan_khong_ten.xlsb", xlsb_from(filled("STC"), names=False), "ok", "", "STC")
    put("goi_toi_gian.xlsx", moved_parts(filled("SCT")), "ok", "", "SCT")
    put("co_macro.xlsm", with_macro_sheet(filled("SNNPTNT")), "ok", "", "SNNPTNT")
    # Spreadsheets of formats not read: named as what they are, that unit's rejected file.
    put(
        "apple.numbers",
        _zip({"Index/Document.iwa": b"\0" * 64, "Metadata/Properties.plist": b"bplist00"}),
        "error",
        f"Tệp là bảng tính Apple Numbers, {NOT_READ}. Hãy mở tệp bằng Numbers",
    )
    put("wps.et", ole({"ETExtData": b"\0" * 100}), "error", f"Tệp là bảng tính WPS Spreadsheets (.et), {NOT_READ}")
    put(
        "phang.fods",
        FLAT_ODS.encode(),
        "error",
        f"Tệp là bảng tính LibreOffice dạng XML phẳng (.fods), {NOT_READ}. Hãy mở tệp bằng LibreOffice Calc",
    )
    put("excel4.xls", BIFF4, "error", f"Tệp là bảng tính Excel 4.0 (định dạng Excel đời cũ), {NOT_READ}")
    put(
        "excel95.xls",
        ole({"Book": b"\x09\x08\x08\x00\x00\x05\x05\x00\x00\x00\x00\x00"}),
        "error",
        f"Tệp là bảng tính Excel 5.0/95 (định dạng Excel đời cũ), {NOT_READ}",
    )
    put("sylk.slk", SYLK, "error", f"Tệp là bảng tính dạng SYLK (.slk), {NOT_READ}")
    put("lotus.wk1", LOTUS_WK1, "error", f"Tệp là bảng tính Lotus 1-2-3, {NOT_READ}. Hãy mở tệp bằng LibreOffice Calc")
    put("quattro.wq1", QUATTRO_WQ1, "error", f"Tệp là bảng tính Quattro Pro, {NOT_READ}")
    put(
        "excel2003.xls",
        SPREADSHEET_ML.encode(),
        "error",
        XML_2003,
    )
    # Documents that are no spreadsheet, and a password.
    put(
        "van_ban.xls",
        ole({"WordDocument": b"\xec\xa5" + b"\0" * 100, "1Table": b"\0" * 100}),
        "error",
        "Tệp là văn bản Word (.doc), không phải bảng tính",
    )
    put(
        "mat_khau.xls",
        xor_obfuscated((FIXTURES / "filled_SYT.xls").read_bytes()),
        "error",
        "Tệp được đặt mật khẩu, không đọc được.",
    )
    put(
        "nen.xlsx",
        _zip({"ghi_chu.txt": b"khong phai bang tinh"}),
        "error",
        "Tệp là tệp nén (zip), không phải bảng tính.",
    )
    # The same name in two folders: shown by the path relative to the folder given.
    put("dot_1/bao_cao.xlsx", SYLK.replace(b"K10", b"K11"), "error", "dạng SYLK")
    put("dot_2/bao_cao.xlsx", LOTUS_WK1 + b"\0", "error", "Lotus 1-2-3")
    # A second identical copy of a rejected file; two different empty files.
    put(
        "sao_chep/mat_khau.xls",
        (folder / "mat_khau.xls").read_bytes(),
        "skipped",
        "Bản sao giống hệt tệp «mat_khau.xls», tệp đó không hợp lệ nên bản sao cũng vậy. Lý do: Tệp được đặt mật khẩu",
    )
    put("rong_1.xlsx", b"", "error", "Tệp rỗng (0 byte)")
    put("rong_2.xls", b"", "error", "Tệp rỗng (0 byte)")
    # Other files stay skipped.
    put("ghi_chu.txt", b"Danh sach don vi\n", "skipped", "Không phải bảng tính (.txt)")
    # The tool's own outputs lying among the submissions.
    first = work / "lan_truoc"
    first.mkdir(exist_ok=True)
    shutil.copy(filled("SNV", tin_bai=-5), first / "SNV.xlsx")
    run([first], form, work / "ket_qua", now=dt.datetime(2022, 6, 20), use_history=False)
    put(
        SUMMARY_NAME,
        (work / "ket_qua" / SUMMARY_NAME).read_bytes(),
        "skipped",
        "Đây là bảng tổng hợp do chính chương trình ghi ra",
    )
    [feedback] = write_feedback(check_paths([first], form), form, work / "phan_hoi")
    put(
        feedback.name,
        feedback.read_bytes(),
        "skipped",
        "Đây là tệp phản hồi do chính chương trình ghi ra (chưa ai sửa)",
    )
    return cases


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "corpus")
    for case in build(target, target.parent / f"{target.name}_work"):
        print(f"{case.status:8} {case.path}")
