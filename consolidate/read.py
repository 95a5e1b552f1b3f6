"""Reading a returned workbook: every input found by its defined name, never by position.

Cell values come from python-calamine (xlsx, xlsm, xls, ods). Defined names, document
properties, error values and formulas come from the package XML through defusedxml. Where a
name is missing (an ``.xls`` file, or a name deleted by hand), the input is found by its code,
which the template shows in the row of every input.
"""

from __future__ import annotations

import copy
import hashlib
import io
import re
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import python_calamine
from defusedxml import DefusedXmlException, ElementTree

from consolidate.errors import os_reason
from consolidate.form import SYSTEM_NAMES, Form
from consolidate.layout import (
    CODE_COL,
    CODE_COL_NARRATIVE,
    INDICATOR_VALUE_COL,
    INFO_VALUE_COL,
    NARRATIVE_VALUE_COL,
    PROP_FORM_ID,
    PROP_FORM_VERSION,
    PROP_UNIT_CODE,
    SHEET_INDICATORS,
    SHEET_INFO,
    SHEET_NARRATIVE,
    STT_LABEL,
    Layout,
    column_index,
    column_letter,
    plan,
)
from consolidate.legacy import legacy_fonts
from consolidate.marks import PROP_OUTPUT, content_digest
from consolidate.paths import open_path
from consolidate.sniff import PASSWORD, SAVE_AS_XLSX, Kind, bytes_kind, misnamed, part_rels, save_as, zip_kind
from consolidate.text import fold

SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xlsb", ".xls", ".ods")
MAX_ROWS = 5000  # rows read per sheet; a report template has a few hundred at most
MAX_FILE_BYTES = 50_000_000  # a filled report is well under 1 MB
MAX_PARTS = 2000  # entries in a zip package
MAX_UNPACKED_BYTES = 500_000_000  # total uncompressed size of a package
MAX_RATIO = 200  # uncompressed / compressed, for large packages
MAX_PART_BYTES = 30_000_000  # one XML part (a sheet) uncompressed
MAX_TEXT_CHARS = 30_000_000  # characters of text the cells of a workbook may hold in all
MAX_REPEAT = 10_000  # an .ods row or cell with content repeated more often than this is not a report
MAX_CELLS = 2_000_000  # cells read per sheet, whatever its width
EXCEL_ERRORS = ("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA")
_NS_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_NS_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_NS_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_NS_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_NS_META = "{urn:oasis:names:tc:opendocument:xmlns:meta:1.0}"
_NS_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_NS_STYLE = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"
_STYLES_KEY = "\0styles"  # not a sheet name (sheet names hold no NUL): where _workbook gives the styles part
_NS_CALCEXT = "{urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0}"
_XLSX_REF = re.compile(
    r"^(?:'(?P<quoted>(?:[^']|'')+)'|(?P<plain>[^'!]+))!"
    r"\$?(?P<c1>[A-Za-z]{1,3})\$?(?P<r1>\d+)(?::\$?(?P<c2>[A-Za-z]{1,3})\$?(?P<r2>\d+))?$"
)
_ODS_REF = re.compile(
    r"^\$?(?:'(?P<quoted>(?:[^']|'')+)'|(?P<plain>[^'.]+))\.\$?(?P<c1>[A-Za-z]{1,3})\$?(?P<r1>\d+)"
    r"(?::(?:\$?(?:'(?:[^']|'')+'|[^'.:]+))?\.\$?(?P<c2>[A-Za-z]{1,3})\$?(?P<r2>\d+))?$"
)
# Value column offset from the code column, by the sheet an input belongs to in the template.
_LABEL_OFFSETS = {
    SHEET_INFO: INFO_VALUE_COL - CODE_COL,
    SHEET_INDICATORS: INDICATOR_VALUE_COL - CODE_COL,
    SHEET_NARRATIVE: NARRATIVE_VALUE_COL - CODE_COL_NARRATIVE,
}


class ReadError(Exception):
    """The file cannot be read as a workbook; the message is Vietnamese and says what to do.

    ``detail`` keeps the technical cause (English, from a library) for ``--debug`` and the JSON.
    """

    def __init__(self, message: str, detail: str = "") -> None:
        super().__init__(message)
        self.detail = detail


@dataclass(frozen=True)
class Area:
    """A rectangle of one sheet, 1-based and inclusive."""

    sheet: str
    row: int
    col: int
    last_row: int
    last_col: int


@dataclass
class RawCell:
    """One input cell as found in the file, before any interpretation."""

    sheet: str
    row: int
    col: int
    value: Any
    error: str | None = None
    formula_without_value: bool = False
    percent_format: bool = False
    font: str = ""
    found_by: str = "name"

    @property
    def a1(self) -> str:
        """The cell address in A1 form."""
        return f"{column_letter(self.col)}{self.row}"


@dataclass
class RawTable:
    """A table field: its header mapping and its non-empty rows."""

    sheet: str
    header_row: int
    columns: dict[str, int]
    rows: list[dict[str, RawCell]]
    found_by: str = "name"
    ignored_rows: list[int] = field(default_factory=list)  # content further below, after a blank row


@dataclass
class RawSubmission:
    """Everything read from one workbook, uninterpreted."""

    path: Path
    format: str
    properties: dict[str, str] = field(default_factory=dict)
    cells: dict[str, RawCell] = field(default_factory=dict)
    tables: dict[str, RawTable] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)
    notes: dict[str, str] = field(default_factory=dict)
    truncated: dict[str, int] = field(default_factory=dict)
    fonts: frozenset[str] = frozenset()  # font names the workbook uses
    sheet_names: list[str] = field(default_factory=list)
    names: dict[str, Area] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)  # about the file itself (a wrong extension)
    content_digest: str = ""  # of a package marked as this tool's output (see consolidate.marks)


def read_submission(path: Path, form: Form, layout: Layout | None = None) -> RawSubmission:
    """Read every input of ``form`` from one workbook, by what the file is, whatever its name says.

    The file is only ever read.

    Raises:
        ReadError: when the file is not a workbook that can be opened.
    """
    path = open_path(path)  # the form Windows needs for a long path
    layout = layout or plan(form)
    data = _load(path)
    with ExitStack() as stack:
        stack.enter_context(_package_errors())
        archive = stack.enter_context(zipfile.ZipFile(io.BytesIO(data))) if data.startswith(b"PK") else None
        if archive is None:
            kind = bytes_kind(path, data)
        else:
            _check_package_limits(archive)
            kind = zip_kind(path, archive, lambda: _calamine_opens(data))
        if not kind.fmt:
            raise ReadError(kind.problem)
        return _read(path, data, kind, archive, form, layout)


def _load(path: Path) -> bytes:
    """A file's bytes, refused when empty or far larger than a report."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ReadError(
                f"Tệp quá lớn ({size / 1_000_000:.1f} MB, giới hạn {MAX_FILE_BYTES // 1_000_000} MB) so với một "
                "báo cáo. Hãy xóa hình ảnh, trang thừa rồi lưu lại; nếu vẫn lớn, liên hệ đơn vị tổng hợp."
            )
        data = path.read_bytes()
    except OSError as exc:
        raise ReadError(f"Không mở được tệp ({os_reason(exc)}).", detail=repr(exc)) from exc
    if not data:
        raise ReadError("Tệp rỗng (0 byte). Hãy gửi lại tệp đã điền.")
    return data


def _calamine_opens(data: bytes) -> bool:
    try:
        python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data)).close()
    except BaseException as exc:  # any failure means no; a Rust panic derives from BaseException
        _reraise_interrupt(exc)
        return False
    return True


def _reraise_interrupt(exc: BaseException) -> None:
    """Ctrl+C and exit go on; anything else from calamine (a Rust panic is a BaseException) is the file's."""
    if isinstance(exc, KeyboardInterrupt | SystemExit):
        raise exc


def _open_cells(path: Path, data: bytes, kind: Kind, archive: zipfile.ZipFile | None) -> Any:
    """The calamine workbook, opened from the bytes so the content decides the reader, not the extension."""
    try:
        return python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except python_calamine.PasswordError as exc:
        raise ReadError(PASSWORD, detail=f"{type(exc).__name__}: {exc}") from exc
    except BaseException as exc:  # calamine raises several unrelated types, and a panic, for damaged files
        _reraise_interrupt(exc)
        detail = f"{type(exc).__name__}: {exc}"
        if archive is not None and kind.workbook_part.endswith(".xml"):
            # A valid package laid out as calamine does not expect (the workbook elsewhere than
            # xl/workbook.xml, or macro sheets among the sheets): the same parts, rearranged in memory.
            try:
                return python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(_rearranged(archive, kind)))
            except BaseException as again:  # a Rust panic too
                _reraise_interrupt(again)
                detail += f"; rearranged: {type(again).__name__}: {again}"
        if archive is not None and any(n.startswith("xl/macrosheets/") for n in archive.namelist()):
            raise ReadError(
                "Tệp có trang macro Excel 4.0 (macro sheet) nên chương trình không đọc được. Hãy chép số liệu sang "
                "biểu mẫu Excel (.xlsx) đã gửi kèm công văn (không chép trang macro) rồi gửi lại.",
                detail=detail,
            ) from exc
        raise ReadError(
            f"Tệp {kind.label} bị hỏng, không đọc được nội dung. Hãy mở lại bằng Excel hoặc LibreOffice; nếu mở "
            f"được, lưu lại rồi gửi lại, nếu không, hãy điền lại biểu mẫu. {save_as(path)}",
            detail=detail,
        ) from exc


_RELATIONSHIP = re.compile(rb"<(?:\w+:)?Relationship\b[^>]*>")
_MACRO_SHEET = (b"/xlMacrosheet", b"/xlIntlMacrosheet")


def _rearranged(archive: zipfile.ZipFile, kind: Kind) -> bytes:
    """The package as calamine expects it: the workbook at xl/workbook.xml, every relationship target
    absolute, macro sheets left out of the sheet list. The input file is never touched."""
    folder = PurePosixPath(kind.workbook_part).parent
    names = archive.namelist()
    rels_part = part_rels(kind.workbook_part)
    rels = archive.read(rels_part) if rels_part in names else b"<Relationships/>"
    macro_ids: list[bytes] = []

    def absolute(match: re.Match[bytes]) -> bytes:
        element = match[0]
        target = re.search(rb'\bTarget="([^"]*)"', element)
        ident = re.search(rb'\bId="([^"]*)"', element)
        if any(t in element for t in _MACRO_SHEET) and ident:
            macro_ids.append(ident[1])
            return b""
        if target is None or b'TargetMode="External"' in element:
            return element
        resolved = "/" + _resolve(folder, target[1].decode())
        return element.replace(target[0], b'Target="' + resolved.encode() + b'"')

    rels = _RELATIONSHIP.sub(absolute, rels)
    book = archive.read(kind.workbook_part)
    for ident in macro_ids:
        book = re.sub(rb'<(?:\w+:)?sheet\b[^>]*\b\w+:id="' + re.escape(ident) + rb'"[^>]*/>', b"", book)
    root = _RELATIONSHIP.sub(
        lambda m: (
            re.sub(rb'\bTarget="[^"]*"', b'Target="xl/workbook.xml"', m[0]) if b"/officeDocument" in m[0] else m[0]
        ),
        archive.read("_rels/.rels"),
    )
    moved = {kind.workbook_part: "xl/workbook.xml", rels_part: "xl/_rels/workbook.xml.rels", "_rels/.rels": ""}
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as package:
        for name in names:
            if name not in moved:
                package.writestr(name, archive.read(name))
        package.writestr("xl/workbook.xml", book)
        package.writestr("xl/_rels/workbook.xml.rels", rels)
        package.writestr("_rels/.rels", root)
    return out.getvalue()


def _read(
    path: Path, data: bytes, kind: Kind, archive: zipfile.ZipFile | None, form: Form, layout: Layout
) -> RawSubmission:
    """The package's facts, then the cells by calamine."""
    result = RawSubmission(path=path, format=kind.fmt)
    warning = misnamed(path, kind)
    if warning:
        result.warnings.append(warning)
    package = _Package.read(archive, kind)
    result.names = package.names
    result.properties = package.properties
    result.content_digest = content_digest(archive) if archive is not None and PROP_OUTPUT in package.properties else ""
    workbook = _open_cells(path, data, kind, archive)
    grids = _Grids(workbook)
    result.sheet_names = list(workbook.sheet_names)
    codes = [*SYSTEM_NAMES, *(f.code for f in form.fields), *(s.code for s in form.input_sections())]
    for code in codes:
        cell = _locate_cell(code, layout, package.names, grids)
        if cell is None:
            result.missing.append(code)
        else:
            result.cells[code] = cell
    for indicator in form.indicators:
        # The note column sits right of the value in the template; read it relative to the value
        # cell (which the name follows), so a note typed by the unit is never lost.
        value_cell = result.cells.get(indicator.code)
        grid = grids.sheet(value_cell.sheet) if value_cell else None
        if value_cell is not None and grid is not None:
            note = _value(grid, value_cell.row, value_cell.col + 1)
            if isinstance(note, str) and note.strip():
                result.notes[indicator.code] = note
    for table in form.tables:
        labels = {c.code: c.label for c in table.columns}
        raw = _read_table(table.code, labels, package.names, grids, layout.table_sheets[table.code], table.rows)
        if raw is None:
            result.missing.append(table.code)
        else:
            result.tables[table.code] = raw
    package.mark_cells(result, archive)
    result.truncated = dict(grids.truncated)
    result.fonts = frozenset(package.fonts | set(package.style_fonts.values()))
    return result


_SHARED_REF = re.compile(rb'<c\b[^>]*\bt="s"[^>]*>\s*<v>(\d+)</v>')
_ATTR_T = re.compile(rb'\st="([^"]*)"')
_ATTR_S = re.compile(rb'\ss="([^"]*)"')
_CELL_VALUE = re.compile(rb"<v>([^<]*)</v>")
_SHARED_ITEM = re.compile(rb"<si>.*?</si>|<si/>", re.DOTALL)
_TOO_BIG = (
    "Tệp chứa lượng dữ liệu lớn bất thường so với một báo cáo (có thể là tệp độc hại hoặc bị hỏng) nên không được "
    "mở. Hãy xóa các dòng, trang thừa rồi lưu lại, hoặc chép số liệu sang biểu mẫu mới."
)
FORBIDDEN_XML = (
    "Tệp chứa khai báo XML không được phép (có thể là tệp độc hại) nên không được mở. Hãy mở tệp bằng Excel, "
    "chọn Lưu thành (Save As) kiểu «Excel Workbook (.xlsx)» rồi gửi lại."
)
DAMAGED_ZIP = (
    "Tệp bị hỏng hoặc bị cắt cụt (không giải nén được). Hãy lưu lại tệp bằng Excel hoặc LibreOffice rồi gửi lại."
)


@contextmanager
def _package_errors() -> Iterator[None]:
    """A damaged or hostile package, as a message the unit can act on."""
    try:
        yield
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, UnicodeDecodeError) as exc:
        # A part that does not decompress (cut short, altered, packed by a method zip readers lack) or a
        # directory whose names are garbled.
        raise ReadError(DAMAGED_ZIP, detail=f"{type(exc).__name__}: {exc}") from exc
    except DefusedXmlException as exc:
        raise ReadError(FORBIDDEN_XML, detail=f"{type(exc).__name__}: {exc}") from exc
    except ElementTree.ParseError as exc:
        raise ReadError(
            "Cấu trúc bên trong tệp bị hỏng (XML không hợp lệ). Hãy mở tệp bằng Excel hoặc "
            "LibreOffice, lưu lại rồi gửi lại.",
            detail=f"{type(exc).__name__}: {exc}",
        ) from exc


def _check_package_limits(archive: zipfile.ZipFile) -> None:
    """Refuse zip bombs before anything decompresses them: parts, total size, ratio, text volume."""
    infos = archive.infolist()
    if len(infos) > MAX_PARTS:
        raise ReadError(f"Tệp có quá nhiều thành phần ({len(infos)}), không giống một báo cáo. {SAVE_AS_XLSX}")
    total = sum(info.file_size for info in infos)
    packed = max(sum(info.compress_size for info in infos), 1)
    if total > MAX_UNPACKED_BYTES or (total > 10_000_000 and total / packed > MAX_RATIO):
        raise ReadError(
            f"Tệp khi giải nén lớn bất thường (có thể là tệp độc hại hoặc bị hỏng) nên không được mở. {SAVE_AS_XLSX}"
        )
    if any(info.file_size > MAX_PART_BYTES for info in infos if info.filename.endswith((".xml", ".rels"))):
        raise ReadError(_TOO_BIG)
    # DOCTYPE/ENTITY declarations: the parts parsed as XML here go through defusedxml, which refuses them;
    # sheets and shared strings, read as bytes, are looked at by _refuse_declarations; calamine, which
    # reads them too, expands no entities.
    _check_text_volume(archive)


def _refuse_declarations(data: bytes) -> None:
    """A part read as bytes (not through defusedxml) that declares a DTD or entities is refused."""
    head = data[:4096]
    if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
        raise ReadError(FORBIDDEN_XML)


def _check_text_volume(archive: zipfile.ZipFile) -> None:
    """Refuse a workbook whose cells repeat long shared strings so often that reading would need gigabytes."""
    names = archive.namelist()
    if "xl/sharedStrings.xml" not in names:
        return
    shared = archive.read("xl/sharedStrings.xml")
    _refuse_declarations(shared)
    sheets = [archive.read(n) for n in names if n.startswith("xl/worksheets/") and n.endswith(".xml")]
    items = _SHARED_ITEM.findall(shared)
    # Unprefixed <si> items give the longest string; otherwise (x:si…) the whole part bounds it.
    longest = max(map(len, items)) if items else len(shared)
    if sum(sheet.count(b't="s"') for sheet in sheets) * longest <= MAX_TEXT_CHARS:
        return  # even if every reference named the longest string, the text stays within bounds
    lengths = [len("".join(item.itertext())) for item in ElementTree.fromstring(shared).iter(f"{_NS_MAIN}si")]
    total = 0
    for sheet in sheets:
        for match in _SHARED_REF.finditer(sheet):
            index = int(match[1])
            total += lengths[index] if index < len(lengths) else 0
        if total > MAX_TEXT_CHARS:
            raise ReadError(_TOO_BIG)


class _Grids:
    """Sheet contents from calamine, loaded once each on demand, within a bounded size."""

    def __init__(self, workbook: Any) -> None:
        self.workbook = workbook
        self.by_name: dict[str, list[list[Any]]] = {}
        self.folded = {fold(name): name for name in workbook.sheet_names}
        self.folded.update({name: name for name in workbook.sheet_names})  # the exact name, without folding
        self.truncated: dict[str, int] = {}

    def sheet(self, name: str) -> list[list[Any]] | None:
        actual = self.folded.get(name) or self.folded.get(fold(name))
        if actual is None:
            return None
        if actual not in self.by_name:
            try:
                sheet = self.workbook.get_sheet_by_name(actual)
                # One stray cell far away (XFD1048576) must not make us build a billion-cell grid.
                width = max(int(sheet.total_width or 1), 1)
                limit = min(MAX_ROWS, max(200, MAX_CELLS // width))
                self.by_name[actual] = sheet.to_python(skip_empty_area=False, nrows=limit)
            except BaseException as exc:  # calamine's errors (or panic) for a sheet missing or damaged in the package
                _reraise_interrupt(exc)
                raise ReadError(
                    f"Trang «{actual}» của tệp bị hỏng, không đọc được. Hãy mở lại tệp bằng Excel hoặc LibreOffice; "
                    "nếu mở được, lưu lại rồi gửi lại, nếu không, hãy điền lại biểu mẫu.",
                    detail=f"{type(exc).__name__}: {exc}",
                ) from exc
            if sheet.end is not None and sheet.end[0] + 1 > limit:
                self.truncated[actual] = limit
        return self.by_name[actual]

    def real_name(self, name: str) -> str:
        return self.folded.get(name) or self.folded.get(fold(name), name)

    def all(self) -> Iterator[tuple[str, list[list[Any]]]]:
        for name in self.workbook.sheet_names:
            grid = self.sheet(name)
            if grid is not None:
                yield name, grid


def _value(grid: list[list[Any]], row: int, col: int) -> Any:
    if row - 1 < len(grid) and col - 1 < len(grid[row - 1]):
        value = grid[row - 1][col - 1]
        return None if value == "" else value
    return None


def _locate_cell(code: str, layout: Layout, names: dict[str, Area], grids: _Grids) -> RawCell | None:
    area = names.get(code.casefold())
    if area is not None:
        grid = grids.sheet(area.sheet)
        if grid is not None:
            return RawCell(grids.real_name(area.sheet), area.row, area.col, _value(grid, area.row, area.col))
    planned = layout.cells.get(code)
    offset = _LABEL_OFFSETS.get(planned.sheet) if planned else None
    if offset is None:
        return None
    for sheet, grid in grids.all():
        for r, row in enumerate(grid, start=1):
            for c, value in enumerate(row, start=1):
                if isinstance(value, str) and value.strip() == code:
                    return RawCell(sheet, r, c + offset, _value(grid, r, c + offset), found_by="label")
    return None


def _header_key(text: Any) -> str:
    return fold(str(text)).removesuffix("(*)").strip() if text not in (None, "") else ""


def _read_table(
    code: str, labels: dict[str, str], names: dict[str, Area], grids: _Grids, planned_sheet: str, prepared: int
) -> RawTable | None:
    wanted = {fold(label): col_code for col_code, label in labels.items()}
    area = names.get(code.casefold())
    found_by = "name"
    grid = grids.sheet(area.sheet) if area else None
    if area is not None and grid is not None:
        sheet, header_row, last_prepared = grids.real_name(area.sheet), area.row - 1, area.last_row
        header = grid[header_row - 1] if 0 < header_row <= len(grid) else []
        columns = {wanted[k]: c for c, k in enumerate(map(_header_key, header), start=1) if k in wanted}
        for offset, col_code in enumerate(labels):
            # A header edited beyond recognition: fall back on the named range's own order.
            if col_code not in columns and area.col + offset <= area.last_col:
                columns[col_code] = area.col + offset
    else:
        found = _find_header(wanted, grids, planned_sheet)
        if found is None:
            return None
        sheet, grid, header_row, columns = found
        last_prepared = header_row + prepared
        found_by = "label"
    table = RawTable(sheet=sheet, header_row=header_row, columns=columns, rows=[], found_by=found_by)
    below = False  # past the prepared rows: rows typed right under the table belong to it
    for r in range(header_row + 1, len(grid) + 1):
        line = grid[r - 1]  # _value's rule ("" is empty) inlined: this runs for every row of every table
        values = {
            col_code: line[c - 1] if c <= len(line) and line[c - 1] != "" else None for col_code, c in columns.items()
        }
        filled = any(value is not None for value in values.values())
        if r > last_prepared and not filled:
            below = True
        elif filled and below:
            table.ignored_rows.append(r)
        elif filled:
            table.rows.append(
                {code: RawCell(sheet, r, columns[code], value, found_by=found_by) for code, value in values.items()}
            )
    return table


def _find_header(
    wanted: dict[str, str], grids: _Grids, planned_sheet: str
) -> tuple[str, list[list[Any]], int, dict[str, int]] | None:
    ordered = sorted(grids.all(), key=lambda item: fold(item[0]) != fold(planned_sheet))
    for sheet, grid in ordered:
        for r, row in enumerate(grid, start=1):
            keys = [_header_key(v) for v in row]
            columns = {wanted[k]: c for c, k in enumerate(keys, start=1) if k in wanted}
            if len(columns) * 2 > len(wanted) and fold(STT_LABEL) in keys + [fold(STT_LABEL)]:
                return sheet, grid, r, columns
    return None


# --- the package XML ---------------------------------------------------------------------------


class _Package:
    """Defined names, properties and per-cell facts (errors, formulas, % formats) from the package."""

    def __init__(self, fmt: str) -> None:
        self.fmt = fmt
        self.names: dict[str, Area] = {}
        self.properties: dict[str, str] = {}
        self.sheet_parts: dict[str, str] = {}
        self.percent_styles: set[str] = set()  # xlsx: indexes of cell formats that show a percentage
        self.style_fonts: dict[str, str] = {}  # xlsx: font name of each cell format
        self.fonts: set[str] = set()  # every font the workbook names (legacy Vietnamese fonts are a hint)
        self.ods_errors: dict[tuple[str, int, int], str] = {}
        self.ods_percent: set[tuple[str, int, int]] = set()

    @classmethod
    def read(cls, archive: zipfile.ZipFile | None, kind: Kind) -> _Package:
        """The facts of an open package (``None``: an .xls, which has none to read)."""
        package = cls(kind.fmt)
        if archive is not None and kind.fmt == "ods":
            package._read_ods(archive)
        elif archive is not None:
            package._read_ooxml(archive, kind.workbook_part)
        return package

    def _read_ooxml(self, archive: zipfile.ZipFile, workbook_part: str) -> None:
        """Properties of any OOXML workbook; names, sheet parts and styles of an XML one (not .xlsb)."""
        names = set(archive.namelist())
        if "docProps/custom.xml" in names:
            custom = ElementTree.fromstring(archive.read("docProps/custom.xml"))
            for prop in custom:
                name = prop.get("name")
                if name and len(prop):
                    self.properties[name] = (prop[0].text or "").strip()
        if workbook_part.endswith(".bin") and workbook_part in names:
            self.names = _memo(_xlsb_names, archive.read(workbook_part))[0]
            return
        if not workbook_part.endswith(".xml"):
            return  # a layout we do not know: the cells are found by their codes
        rels_part = part_rels(workbook_part)
        rels = archive.read(rels_part) if rels_part in names else b""
        base = str(PurePosixPath(workbook_part).parent).encode()
        self.sheet_parts, self.names = _memo(_workbook, archive.read(workbook_part), rels, base)
        styles = self.sheet_parts.pop(_STYLES_KEY, "")
        if styles in names:
            self.percent_styles, self.style_fonts = _memo(_styles, archive.read(styles))

    def _read_ods(self, archive: zipfile.ZipFile) -> None:
        if "content.xml" not in archive.namelist():
            raise ReadError(
                "Tệp không phải bảng tính LibreOffice (.ods) hợp lệ. Hãy mở bằng LibreOffice Calc, lưu lại rồi gửi lại."
            )
        manifest = archive.read("META-INF/manifest.xml") if "META-INF/manifest.xml" in archive.namelist() else b""
        if b"encryption-data" in manifest:
            raise ReadError(
                "Tệp được đặt mật khẩu, không đọc được. Hãy gỡ mật khẩu (hoặc gửi bản không đặt mật khẩu) rồi gửi lại."
            )
        sheet, row, col, rows_repeat = "", 0, 0, 1
        for event, element in ElementTree.iterparse(archive.open("content.xml"), events=("start", "end")):
            tag = element.tag
            if event == "start":
                if tag == f"{_NS_TABLE}table":
                    sheet, row = element.get(f"{_NS_TABLE}name", ""), 0
                elif tag == f"{_NS_TABLE}table-row":
                    row, col = row + 1, 0
                    rows_repeat = int(element.get(f"{_NS_TABLE}number-rows-repeated", "1"))
                continue
            if tag in (f"{_NS_TABLE}table-cell", f"{_NS_TABLE}covered-table-cell"):
                col += 1
                self._ods_cell(element, sheet, row, col)
                repeat = int(element.get(f"{_NS_TABLE}number-columns-repeated", "1"))
                has_content = element.get(f"{_NS_OFFICE}value-type") is not None or len(element)
                if has_content and (repeat > MAX_REPEAT or rows_repeat > MAX_REPEAT):
                    raise ReadError(_TOO_BIG)  # LibreOffice repeats only empty rows and cells that far
                col += repeat - 1
                element.clear()
            elif tag == f"{_NS_TABLE}table-row":
                row += rows_repeat - 1
                element.clear()
            elif tag == f"{_NS_STYLE}font-face":
                self.fonts.add(element.get(f"{_NS_STYLE}name", ""))
            elif tag == f"{_NS_TABLE}named-range":
                area = _parse_ref(_ODS_REF, element.get(f"{_NS_TABLE}cell-range-address", ""))
                if area is not None:
                    self.names[element.get(f"{_NS_TABLE}name", "").casefold()] = area
        if "meta.xml" in archive.namelist():
            meta = ElementTree.fromstring(archive.read("meta.xml"))
            for prop in meta.iter(f"{_NS_META}user-defined"):
                self.properties[prop.get(f"{_NS_META}name", "")] = (prop.text or "").strip()

    def _ods_cell(self, element: Any, sheet: str, row: int, col: int) -> None:
        if element.get(f"{_NS_CALCEXT}value-type") == "error":
            text = "".join(element.itertext()).strip()
            self.ods_errors[(sheet, row, col)] = text if text in EXCEL_ERRORS else "#VALUE!"
        elif element.get(f"{_NS_OFFICE}value-type") == "percentage":
            self.ods_percent.add((sheet, row, col))

    def mark_cells(self, result: RawSubmission, archive: zipfile.ZipFile | None) -> None:
        """Flag input cells holding an error value, a formula saved without its result, or a % format."""
        cells = list(result.cells.values()) + [
            c for t in result.tables.values() for row in t.rows for c in row.values()
        ]
        if self.fmt == "ods":
            for cell in cells:
                key = (cell.sheet, cell.row, cell.col)
                cell.error = self.ods_errors.get(key)
                cell.percent_format = key in self.ods_percent
            return
        if self.fmt not in ("xlsx", "xlsm"):
            return
        wanted: dict[str, dict[str, RawCell]] = {}
        for cell in cells:
            wanted.setdefault(cell.sheet, {})[cell.a1] = cell
        assert archive is not None
        need_fonts = bool(legacy_fonts(self.style_fonts.values()))  # a cell's font only matters if one is legacy
        for sheet, by_ref in wanted.items():
            part = self.sheet_parts.get(sheet)
            if part is None or part not in archive.NameToInfo:
                continue
            data = archive.read(part)
            _refuse_declarations(data)
            prefixed = b":c " in data or data.count(b"<c ") != data.count(b'<c r="')
            if not (
                prefixed
                or b't="e"' in data
                or _has_formula(data)
                or need_fonts
                or any(b's="%s"' % style.encode() in data for style in self.percent_styles)
            ):
                continue  # no error value, formula or % format anywhere on the sheet; fonts tell nothing
            if prefixed:
                # Prefixed elements or a cell without its reference first: read the XML properly.
                for element in _iter_cells(data):
                    target = by_ref.get(element.get("r", ""))
                    if target is not None:
                        value = element.find(f"{_NS_MAIN}v")
                        formula = element.find(f"{_NS_MAIN}f") is not None
                        facts = (element.get("t"), element.get("s", "0"), value.text if value is not None else None)
                        self._xlsx_cell(*facts, formula, target)
                continue
            for ref, target in by_ref.items():
                start = data.find(b'<c r="%s"' % ref.encode())
                if start >= 0:
                    self._xlsx_cell(*_cell_facts(data, start), target)

    def _xlsx_cell(self, kind: str | None, style: str, value: str | None, formula: bool, target: RawCell) -> None:
        """Mark one cell from its type, style, cached value and whether it holds a formula."""
        if kind == "e":
            target.error = value or "#N/A"
        elif formula and value is None and kind != "inlineStr":
            target.formula_without_value = True
        target.percent_format = style in self.percent_styles
        target.font = self.style_fonts.get(style, "")


def _has_formula(xml: bytes) -> bool:
    """Whether sheet XML (or the inside of one ``<c>``) holds a formula element."""
    return b"<f>" in xml or b"<f " in xml or b"<f/>" in xml


def _cell_facts(data: bytes, start: int) -> tuple[str | None, str, str | None, bool]:
    """Type, style, cached value and formula presence of the ``<c>`` element at ``start`` of sheet XML."""
    head_end = data.find(b">", start)
    head = data[start : head_end + 1]
    body = b"" if head.endswith(b"/>") else data[head_end + 1 : data.find(b"</c>", head_end)]
    kind, style = _ATTR_T.search(head), _ATTR_S.search(head)
    kind_text = kind[1].decode() if kind else None
    match = _CELL_VALUE.search(body)
    value = match[1].decode() or None if match else None
    if value and kind_text == "e" and match:
        value = ElementTree.fromstring(match[0]).text  # the text with its entities resolved
    return kind_text, style[1].decode() if style else "0", value, _has_formula(body)


_MEMO: dict[tuple[Any, ...], Any] = {}


def _memo(parse: Any, *parts: bytes) -> Any:
    """``parse(*parts)``, remembered by a digest of the parts' bytes: every file from one template shares them.

    Each call gets its own copies of the containers, so nothing one file does reaches the next.
    """
    key = (parse, *(hashlib.blake2b(part, digest_size=16).digest() for part in parts))
    if key not in _MEMO:
        if len(_MEMO) > 64:
            _MEMO.clear()
        _MEMO[key] = parse(*parts)
    return tuple(copy.copy(item) for item in _MEMO[key])


def _workbook(workbook_xml: bytes, rels_xml: bytes, base: bytes = b"xl") -> tuple[dict[str, str], dict[str, Area]]:
    """Sheet name → part (and ``_STYLES_KEY`` → the styles part), and workbook-level defined names → area.

    ``base`` is the folder of the workbook part, which relationship targets are relative to.
    """
    workbook = ElementTree.fromstring(workbook_xml)
    folder = PurePosixPath(base.decode())
    targets: dict[str | None, str] = {}
    parts: dict[str, str] = {_STYLES_KEY: str(folder / "styles.xml")}
    if rels_xml:
        rels = ElementTree.fromstring(rels_xml)
        for rel in rels.iter(f"{_NS_PKG_REL}Relationship"):
            targets[rel.get("Id")] = rel.get("Target", "")
            if rel.get("Type", "").endswith("/styles"):
                parts[_STYLES_KEY] = _resolve(folder, rel.get("Target", ""))
    for sheet in workbook.iter(f"{_NS_MAIN}sheet"):
        parts[sheet.get("name", "")] = _resolve(folder, targets.get(sheet.get(f"{_NS_REL}id"), ""))
    names: dict[str, Area] = {}
    for defined in workbook.iter(f"{_NS_MAIN}definedName"):
        name = defined.get("name", "")
        if name.startswith("_xlnm") or defined.get("localSheetId") is not None:
            continue
        area = _parse_ref(_XLSX_REF, (defined.text or "").strip())
        if area is not None:
            names[name.casefold()] = area
    return parts, names


def _biff12_records(data: bytes) -> Iterator[tuple[int, bytes]]:
    """(type, body) of each record of a BIFF12 part (.xlsb): type and size are little-endian 7-bit varints."""
    at = 0
    while at < len(data):
        numbers = []
        for limit in (2, 4):  # a type takes at most 2 bytes, a size at most 4
            value = shift = 0
            for _ in range(limit):
                if at >= len(data):
                    return
                byte = data[at]
                at += 1
                value |= (byte & 0x7F) << shift
                shift += 7
                if not byte & 0x80:
                    break
            numbers.append(value)
        kind, size = numbers
        yield kind, data[at : at + size]
        at += size


def _wide(body: bytes, at: int) -> tuple[str, int]:
    """An XLWideString (character count, then UTF-16) at ``at``; the text and the offset after it."""
    count = int.from_bytes(body[at : at + 4], "little")
    end = at + 4 + 2 * count
    return body[at + 4 : end].decode("utf-16-le", "replace"), end


def _xlsb_names(workbook_bin: bytes) -> tuple[dict[str, Area]]:
    """Workbook-level defined names of an .xlsb (xl/workbook.bin) that point at one rectangle of one sheet.

    Records used (MS-XLSB): BrtBundleSh (0x9C) gives the sheets in order, BrtExternSheet (0x16A) maps a
    formula's sheet reference (ixti) to a sheet, BrtName (0x27) holds a name and its formula, whose
    single token must be a 3-D reference (PtgRef3d) or area (PtgArea3d).
    """
    sheets: list[str] = []
    extern: list[int] = []
    names: dict[str, Area] = {}
    for kind, body in _biff12_records(workbook_bin):
        if kind == 0x9C and len(body) >= 12:
            relation = int.from_bytes(body[8:12], "little")  # a nullable string: 0xFFFFFFFF for none
            relation_end = 12 if relation == 0xFFFFFFFF else 12 + 2 * relation
            sheets.append(_wide(body, relation_end)[0])
        elif kind == 0x16A and len(body) >= 4:
            count = int.from_bytes(body[:4], "little")
            extern = [int.from_bytes(body[8 + 12 * i : 12 + 12 * i], "little", signed=True) for i in range(count)]
        elif kind == 0x27 and len(body) >= 13:
            scope = int.from_bytes(body[5:9], "little")
            name, at = _wide(body, 9)
            size = int.from_bytes(body[at : at + 4], "little")
            area = _ptg_area(body[at + 4 : at + 4 + size], sheets, extern)
            if area is not None and scope == 0xFFFFFFFF and not name.startswith("_xlnm"):
                names[name.casefold()] = area
    return (names,)


def _ptg_area(rgce: bytes, sheets: list[str], extern: list[int]) -> Area | None:
    """The rectangle of a formula made of one PtgRef3d (0x3A, 0x5A, 0x7A) or PtgArea3d (0x3B, 0x5B, 0x7B)."""
    if not rgce or rgce[0] not in (0x3A, 0x5A, 0x7A, 0x3B, 0x5B, 0x7B):
        return None
    area = rgce[0] & 0x1F == 0x1B
    if len(rgce) != (15 if area else 9):
        return None
    ixti = int.from_bytes(rgce[1:3], "little")
    tab = extern[ixti] if ixti < len(extern) else -1
    if not 0 <= tab < len(sheets):
        return None
    if area:
        rows = int.from_bytes(rgce[3:7], "little"), int.from_bytes(rgce[7:11], "little")
        cols = int.from_bytes(rgce[11:13], "little") & 0x3FFF, int.from_bytes(rgce[13:15], "little") & 0x3FFF
    else:
        rows = (int.from_bytes(rgce[3:7], "little"),) * 2
        cols = (int.from_bytes(rgce[7:9], "little") & 0x3FFF,) * 2
    return Area(sheet=sheets[tab], row=rows[0] + 1, col=cols[0] + 1, last_row=rows[1] + 1, last_col=cols[1] + 1)


def _resolve(folder: PurePosixPath, target: str) -> str:
    """A relationship target as a part name: absolute from the package root, otherwise from ``folder``."""
    return target.lstrip("/") if target.startswith("/") else str(folder / target)


def _styles(styles_xml: bytes) -> tuple[set[str], dict[str, str]]:
    """From xl/styles.xml: the cell formats (``s`` of a cell) showing a percentage, and each one's font."""
    styles = ElementTree.fromstring(styles_xml)
    custom = {fmt.get("numFmtId", ""): fmt.get("formatCode", "") for fmt in styles.iter(f"{_NS_MAIN}numFmt")}
    percent_ids = {"9", "10"} | {key for key, code in custom.items() if "%" in re.sub(r'"[^"]*"', "", code)}
    fonts_node = styles.find(f"{_NS_MAIN}fonts")
    font_names = []
    for font in fonts_node.iter(f"{_NS_MAIN}font") if fonts_node is not None else ():
        name = font.find(f"{_NS_MAIN}name")
        font_names.append(name.get("val", "") if name is not None else "")
    cell_xfs = styles.find(f"{_NS_MAIN}cellXfs")
    percent: set[str] = set()
    fonts: dict[str, str] = {}
    for i, xf in enumerate(cell_xfs.iter(f"{_NS_MAIN}xf") if cell_xfs is not None else ()):
        if xf.get("numFmtId", "0") in percent_ids:
            percent.add(str(i))
        font_id = int(xf.get("fontId", "0") or 0)
        if font_id < len(font_names):
            fonts[str(i)] = font_names[font_id]
    return percent, fonts


def _iter_cells(data: bytes) -> Iterator[Any]:
    for _event, element in ElementTree.iterparse(io.BytesIO(data)):
        if element.tag == f"{_NS_MAIN}c":
            yield element
        elif element.tag == f"{_NS_MAIN}row":
            element.clear()


def _parse_ref(pattern: re.Pattern[str], text: str) -> Area | None:
    match = pattern.match(text)
    if match is None:
        return None
    sheet = (match["quoted"] or "").replace("''", "'") if match["quoted"] else match["plain"]
    row, col = int(match["r1"]), column_index(match["c1"])
    last_row = int(match["r2"]) if match["r2"] else row
    last_col = column_index(match["c2"]) if match["c2"] else col
    return Area(sheet=sheet, row=row, col=col, last_row=last_row, last_col=last_col)


def submission_identity(raw: RawSubmission) -> dict[str, str]:
    """Form id, version and unit as the file states them (cells first, then properties)."""

    def cell_text(code: str) -> str:
        cell = raw.cells.get(code)
        if cell is None or cell.value is None:
            return ""
        value = cell.value
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return str(value).strip()

    return {
        "form_id": cell_text("ma_bieu_mau") or raw.properties.get(PROP_FORM_ID, ""),
        "form_version": cell_text("phien_ban_bieu_mau") or raw.properties.get(PROP_FORM_VERSION, ""),
        "unit_cell": cell_text("ma_don_vi"),
        "unit_property": raw.properties.get(PROP_UNIT_CODE, ""),
    }
