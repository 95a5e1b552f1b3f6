"""The form workbook: a form definition as a spreadsheet, one sheet per kind of thing, one row per item.

The coordinator edits a workbook in Excel or LibreOffice instead of writing YAML (the idea of XLSForm).
:func:`write_form_workbook` writes the raw structure a YAML file gives as such a workbook;
:func:`read_form_workbook` reads it back (.xlsx or .ods) into the same structure, with the sheet, row,
column and cell of every value, and the structural mistakes found on the way, all at once.

Hints sit in cell comments on the headers (and again on the «Hướng dẫn» sheet, which prints), not in a
hint row: the rows below a header are then data only, so sorting, filtering and pasting a list from an
address book work as in any sheet.
"""

from __future__ import annotations

import datetime as dt
import difflib
import keyword
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from consolidate.errors import FormError, os_reason
from consolidate.formsource import WORKBOOK_SUFFIXES, Definition, FormProblem, Position
from consolidate.text import clean_text

# --- the layout: sheets, columns, their YAML keys and hints --------------------------------------


@dataclass(frozen=True)
class Column:
    """One named column of a sheet: its header, the YAML key it holds, how its values read, its hint."""

    header: str
    key: str
    hint: str
    kind: str = "text"  # text | code | number | int | yes_no | kind | aggregate | list | date
    width: int = 14


YES, NO = "Có", "Không"
KIND_NAMES = {
    "integer": "số nguyên",
    "decimal": "số thập phân",
    "percent": "tỷ lệ phần trăm",
    "text": "chữ",
    "choice": "chọn trong danh sách",
    "date": "ngày",
}
AGGREGATE_NAMES = {
    "sum": "cộng",
    "average": "trung bình",
    "min": "nhỏ nhất",
    "max": "lớn nhất",
    "none": "không tổng hợp",
}
PERIOD_NAMES = {
    "month": "tháng",
    "quarter": "quý",
    "first_half": "6 tháng đầu năm",
    "second_half": "6 tháng cuối năm",
    "year": "năm",
}
CONTRIBUTION_NAMES = {"lead": "đoạn đầu", "full": "toàn văn"}
_NAMED = {"kind": KIND_NAMES, "aggregate": AGGREGATE_NAMES, "period": PERIOD_NAMES, "contributions": CONTRIBUTION_NAMES}

GUIDE, GENERAL, INDICATORS, METADATA, SECTIONS = "Hướng dẫn", "Thông tin chung", "Chỉ tiêu", "Thông tin văn bản", "Mục"
TABLES, TABLE_COLUMNS, CHOICES, UNITS, RULES = "Bảng", "Cột bảng", "Danh sách chọn", "Đơn vị", "Quy tắc"

_CODE_HINT = "Mã không dấu (chữ, số, «_»), bắt đầu bằng chữ. Để trống: chương trình tự đặt từ tên."
_FIELD_COLUMNS = (
    Column("Mã", "code", _CODE_HINT, "code", 16),
    Column("Mã cũ", "previous_code", "Mã kỳ trước nếu đã đổi mã (để so sánh cùng kỳ năm trước).", "code", 12),
    Column("Tên", "label", "Tên đầy đủ như in trên biểu mẫu.", "text", 40),
    Column("Đơn vị tính", "unit", "Ví dụ: đoàn, lượt người, triệu đồng.", "text", 14),
    Column("Kiểu", "kind", "Chọn trong danh sách: số nguyên, số thập phân, tỷ lệ, chữ, chọn, ngày.", "kind", 18),
    Column("Bắt buộc", "required", "Có / Không. Để trống: theo mặc định.", "yes_no", 10),
    Column("Giới hạn dưới", "min", "Giá trị nhỏ nhất được nhập (số, hoặc ngày với kiểu ngày).", "number", 12),
    Column("Giới hạn trên", "max", "Giá trị lớn nhất được nhập.", "number", 12),
    Column("Nhóm", "group", "Tiêu đề nhóm chỉ tiêu trong biểu mẫu và bảng tổng hợp.", "text", 24),
    Column("Cách tổng hợp", "aggregate", "Cộng, trung bình, nhỏ nhất, lớn nhất hoặc không tổng hợp.", "aggregate", 14),
    Column("Danh sách chọn", "choices", "Với kiểu «chọn»: tên danh sách ở trang «Danh sách chọn».", "text", 18),
    Column(
        "Câu trích dẫn", "phrase", "Câu báo cáo dùng, {value} là số liệu, {ma} là số liệu chỉ tiêu khác.", "text", 40
    ),
    Column("Gợi ý", "hint", "Lời nhắc cho người điền.", "text", 24),
)
_TABLE_COLUMN_COLUMNS = (Column("Bảng", "table", "Mã bảng (trang «Bảng») có cột này.", "code", 14), *_FIELD_COLUMNS)
_SECTION_COLUMNS = (
    Column("Mã", "code", _CODE_HINT, "code", 16),
    Column("Số thứ tự", "number", "Số mục như in: I, II, 1, 2…", "text", 10),
    Column("Tiêu đề", "heading", "Tiêu đề mục.", "text", 50),
    Column("Cấp", "level", "1 là mục lớn; 2 là mục con của mục cấp 1 ngay trên nó; 3…", "int", 6),
    Column("Bắt buộc", "required", "Có / Không.", "yes_no", 10),
    Column("Nhận nội dung", "input", "Có / Không. Để trống: mục không có mục con thì nhận nội dung.", "yes_no", 12),
    Column("Gợi ý", "hint", "Lời nhắc cho người viết mục này.", "text", 40),
    Column("Chỉ tiêu trích dẫn", "cite", "Mã các chỉ tiêu có câu trích dẫn, cách nhau bằng dấu phẩy.", "list", 30),
)
_TABLE_SHEET_COLUMNS = (
    Column("Mã", "code", _CODE_HINT, "code", 16),
    Column("Tên bảng", "title", "Tên bảng như in trên biểu mẫu.", "text", 40),
    Column("Số dòng kẻ sẵn", "rows", "Số dòng trống kẻ sẵn trong biểu mẫu (1–1000). Để trống: 30.", "int", 14),
)
_CHOICE_COLUMNS = (
    Column("Danh sách", "list", "Tên danh sách, ghi ở cột «Danh sách chọn» của chỉ tiêu.", "code", 24),
    Column("Lựa chọn", "choice", "Mỗi lựa chọn một dòng.", "text", 40),
)
_UNIT_COLUMNS = (
    Column("Mã đơn vị", "code", "Chữ không dấu, chữ số, «_» hoặc «-»; dùng trong tên tệp gửi về.", "code", 14),
    Column("Tên đơn vị", "name", "Tên đầy đủ của đơn vị.", "text", 44),
    Column("Nhóm", "group", "Nhóm đơn vị trong bảng tổng hợp.", "text", 24),
)
_RULE_COLUMNS = (
    Column(
        "Bảng", "table", "Để trống: quy tắc giữa các chỉ tiêu; ghi mã bảng: quy tắc cho từng dòng bảng.", "code", 14
    ),
    Column("Biểu thức", "expression", "Ví dụ: nguoi_ra >= doan_ra", "text", 40),
    Column("Thông báo", "message", "Câu báo cho đơn vị khi quy tắc bị vi phạm.", "text", 60),
)
_GENERAL_COLUMNS = (
    Column("Thông tin", "label", "Tên thông tin (không sửa).", "text", 36),
    Column("Giá trị", "value", "Giá trị của thông tin.", "raw", 70),
    Column("Ghi chú", "note", "Giải thích.", "text", 50),
)

# «Thông tin chung»: one row per setting (key path, label, hint, kind).
_SETTINGS: tuple[tuple[str, str, str, str], ...] = (
    ("id", "Mã biểu mẫu", "Chữ không dấu, «_», ví dụ du_lich_quy.", "code"),
    ("version", "Phiên bản", "Ví dụ 2024.1; đổi khi sửa biểu mẫu.", "text"),
    ("title", "Tên báo cáo", "Ví dụ: Báo cáo tình hình du lịch quý.", "text"),
    ("period.type", "Loại kỳ báo cáo", "tháng, quý, 6 tháng đầu năm, 6 tháng cuối năm, năm.", "period"),
    ("period.year", "Năm báo cáo", "Bốn chữ số.", "int"),
    ("period.number", "Số thứ tự kỳ", "Tháng (1–12) hoặc quý (1–4); để trống với kỳ khác.", "int"),
    ("period.label", "Tên kỳ", "Để trống: tự ghi theo Nghị định 09/2019.", "text"),
    ("period.from", "Từ ngày", "Để trống: theo Nghị định 09/2019.", "date"),
    ("period.to", "Đến ngày", "Để trống: theo Nghị định 09/2019.", "date"),
    ("period.deadline", "Hạn gửi báo cáo", "Ngày/tháng/năm; để trống: ngày làm việc sau ngày chốt số liệu.", "date"),
    ("agency.parent", "Cơ quan chủ quản", "Ví dụ: UBND tỉnh Lạng Sơn.", "text"),
    ("agency.name", "Cơ quan tổng hợp", "Ví dụ: Sở Văn hóa, Thể thao và Du lịch.", "text"),
    ("agency.abbreviation", "Tên viết tắt", "Ví dụ: SVHTTDL.", "text"),
    ("agency.place", "Địa danh", "Nơi ban hành văn bản.", "text"),
    ("agency.document_code", "Ký hiệu văn bản", "Ví dụ: BC-SVHTTDL.", "text"),
    ("agency.drafting_unit", "Đơn vị soạn thảo", "Ví dụ: VP.", "text"),
    ("agency.signer.authority", "Thẩm quyền ký", "Ví dụ: KT. GIÁM ĐỐC.", "text"),
    ("agency.signer.title", "Chức vụ người ký", "Ví dụ: PHÓ GIÁM ĐỐC.", "text"),
    ("agency.signer.name", "Họ tên người ký", "", "text"),
    ("agency.recipients", "Nơi nhận", "Mỗi nơi nhận một dòng (Alt+Enter trong ô).", "lines"),
    ("agency.request", "Văn bản yêu cầu báo cáo", "Công văn mà báo cáo này trả lời.", "text"),
    ("report.actor", "Chủ thể trong báo cáo", "Ví dụ: các sở, ban, ngành.", "text"),
    ("report.copies_to", "Nơi nhận thêm (lưu)", "Mỗi nơi một dòng.", "lines"),
    ("report.chart", "Chỉ tiêu vẽ biểu đồ", "Mã chỉ tiêu số, cách nhau bằng dấu phẩy.", "list"),
    ("report.number", "Số văn bản tổng hợp", "Để trống cho văn thư ghi.", "int"),
    ("report.issue_date", "Ngày ban hành", "Tháng (2022-06) hoặc ngày đầy đủ.", "text"),
    ("report.contributions", "Ý kiến đơn vị trong báo cáo", "đoạn đầu hoặc toàn văn.", "contributions"),
    ("report.unit_detail_limit", "Số đơn vị tối đa nêu từng đơn vị", "Mặc định 100.", "int"),
    ("unusual.ratio", "Ngưỡng tăng, giảm bất thường (lần)", "Mặc định 5.", "number"),
    ("unusual.z", "Ngưỡng lệch so với nhóm", "Mặc định 6.", "number"),
    ("unusual.min_group", "Số đơn vị tối thiểu để so nhóm", "Mặc định 5.", "int"),
)

_SHEETS: dict[str, tuple[Column, ...]] = {
    GENERAL: _GENERAL_COLUMNS,
    INDICATORS: _FIELD_COLUMNS,
    METADATA: _FIELD_COLUMNS,
    SECTIONS: _SECTION_COLUMNS,
    TABLES: _TABLE_SHEET_COLUMNS,
    TABLE_COLUMNS: _TABLE_COLUMN_COLUMNS,
    CHOICES: _CHOICE_COLUMNS,
    UNITS: _UNIT_COLUMNS,
    RULES: _RULE_COLUMNS,
}
_REQUIRED_SHEETS = (GENERAL, INDICATORS, SECTIONS, UNITS)
_GUIDE_TEXT = (
    "Tệp này định nghĩa một biểu mẫu báo cáo. Mỗi trang một loại nội dung, mỗi dòng một mục.",
    "Sửa trực tiếp các dòng; thêm dòng ngay dưới dòng cuối (không để dòng trống ở giữa).",
    "Không đổi tên trang và tên cột (dòng đầu mỗi trang); di chuột lên tên cột để xem hướng dẫn.",
    "Cột «Mã» có thể để trống: chương trình tự đặt mã từ tên; «form check» báo mã đã đặt để ghi lại.",
    "Kiểm tra: consolidate form check bieu_mau.xlsx — báo mọi lỗi cùng lúc, kèm trang, dòng, cột.",
    "Tạo biểu mẫu cho đơn vị: consolidate template bieu_mau.xlsx --out output/bieu_mau",
)


# --- the raw structure from a YAML file ------------------------------------------------------------


def load_yaml_definition(path: Path) -> dict[str, Any]:
    """The raw structure of a YAML definition, with ``units_file`` resolved into the ``units`` list."""
    data = _read_yaml(path)
    if not isinstance(data, dict):
        raise FormError(f"{path}: tệp không phải một định nghĩa biểu mẫu (cần các khóa id, title, indicators…).")
    if "units_file" in data and "units" not in data:
        units_path = path.parent / str(data["units_file"])
        loaded = _read_yaml(units_path)
        units = loaded.get("units") if isinstance(loaded, dict) else loaded
        data = {
            ("units" if key == "units_file" else key): (units if key == "units_file" else value)
            for key, value in data.items()
        }
    return data


def _read_yaml(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise FormError(f"Không đọc được tệp «{path}» ({os_reason(exc)}).") from exc
    except (yaml.YAMLError, ValueError, UnicodeDecodeError) as exc:
        raise FormError(f"{path}: không đọc được YAML ({exc}). Chạy «consolidate form check» để xem chi tiết.") from exc


def dump_yaml(data: dict[str, Any]) -> str:
    """YAML text of a definition, keys in their order, each unit on one line."""
    parts = []
    for key, value in data.items():
        flow = None if key == "units" else False
        parts.append(
            yaml.safe_dump({key: value}, allow_unicode=True, sort_keys=False, default_flow_style=flow, width=1000)
        )
    return "".join(parts)


# --- writing -----------------------------------------------------------------------------------------


def write_form_workbook(data: dict[str, Any], target: Path) -> None:
    """Write the form-definition workbook of the raw structure ``data`` (units inline) to ``target`` (.xlsx)."""
    import openpyxl

    from consolidate.files import atomic_path

    wb = openpyxl.Workbook()
    guide = wb.active
    guide.title = GUIDE
    _write_guide(guide)
    choice_rows: list[list[Any]] = []
    _write_sheet(wb, GENERAL, _general_rows(data))
    _write_sheet(wb, INDICATORS, [_field_row(f, f.get("code"), choice_rows) for f in data.get("indicators") or []])
    if "metadata" in data:
        _write_sheet(wb, METADATA, [_field_row(f, f.get("code"), choice_rows) for f in data.get("metadata") or []])
    _write_sheet(wb, SECTIONS, [_section_row(s, level) for s, level in _walk_sections(data.get("sections") or [], 1)])
    tables = data.get("tables") or []
    _write_sheet(wb, TABLES, [[t.get("code"), t.get("title"), t.get("rows")] for t in tables])
    _write_sheet(
        wb,
        TABLE_COLUMNS,
        [
            [t.get("code"), *_field_row(c, f"{t.get('code')}.{c.get('code')}", choice_rows)]
            for t in tables
            for c in t.get("columns") or []
        ],
    )
    _write_sheet(wb, CHOICES, choice_rows)
    _write_sheet(wb, UNITS, [[u.get("code"), u.get("name"), u.get("group")] for u in data.get("units") or []])
    rule_rows = [[None, r.get("expression"), r.get("message")] for r in data.get("rules") or []]
    rule_rows += [[t.get("code"), r.get("expression"), r.get("message")] for t in tables for r in t.get("rules") or []]
    _write_sheet(wb, RULES, rule_rows)
    with atomic_path(target) as tmp:
        wb.save(tmp)


def _walk_sections(sections: list[Any], level: int) -> Iterator[tuple[dict[str, Any], int]]:
    for section in sections:
        yield section, level
        yield from _walk_sections(section.get("children") or [], level + 1)


def _general_rows(data: dict[str, Any]) -> list[list[Any]]:
    rows = []
    for key, label, hint, kind in _SETTINGS:
        value: Any = data
        for part in key.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        if kind == "lines" and isinstance(value, list):
            value = "\n".join(str(v) for v in value)
        elif kind == "list" and isinstance(value, list):
            value = ", ".join(str(v) for v in value)
        elif kind in _NAMED:
            value = _NAMED[kind].get(value, value)
        rows.append([label, value, hint])
    return rows


def _field_row(field: dict[str, Any], list_name: Any, choice_rows: list[list[Any]]) -> list[Any]:
    row = []
    for column in _FIELD_COLUMNS:
        value = field.get(column.key)
        if column.key == "choices" and isinstance(value, list):
            choice_rows.extend([list_name, choice] for choice in value)
            value = list_name
        row.append(_shown(column, value))
    return row


def _section_row(section: dict[str, Any], level: int) -> list[Any]:
    values = {**section, "level": level}
    return [_shown(column, values.get(column.key)) for column in _SECTION_COLUMNS]


def _shown(column: Column, value: Any) -> Any:
    if value is None:
        return None
    if column.kind == "yes_no" and isinstance(value, bool):
        return YES if value else NO
    if column.kind in _NAMED:
        return _NAMED[column.kind].get(value, value)
    if column.kind == "list" and isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return value


def _write_guide(ws: Any) -> None:
    from openpyxl.styles import Alignment, Font

    ws["A1"] = "HƯỚNG DẪN SỬA ĐỊNH NGHĨA BIỂU MẪU"
    ws["A1"].font = Font(bold=True, size=13)
    row = 3
    for line in _GUIDE_TEXT:
        ws.cell(row=row, column=1, value=line).alignment = Alignment(wrap_text=True, vertical="top")
        row += 1
    for sheet, columns in _SHEETS.items():
        row += 1
        ws.cell(row=row, column=1, value=f"Trang «{sheet}»").font = Font(bold=True)
        for column in columns:
            row += 1
            ws.cell(row=row, column=1, value=f"  {column.header}: {column.hint}").alignment = Alignment(wrap_text=True)
    ws.column_dimensions["A"].width = 110
    _printable(ws, landscape=False)


def _write_sheet(wb: Any, name: str, rows: list[list[Any]]) -> None:
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    ws = wb.create_sheet(name)
    columns = _SHEETS[name]
    fill = PatternFill("solid", fgColor="DDEBF7")
    for index, column in enumerate(columns, start=1):
        cell = ws.cell(row=1, column=index, value=column.header)
        cell.font = Font(bold=True)
        cell.fill = fill
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        cell.comment = Comment(column.hint, "consolidate", width=260, height=90)
        ws.column_dimensions[get_column_letter(index)].width = column.width
    for r, values in enumerate(rows, start=2):
        lines = 1
        for c, value in enumerate(values, start=1):
            cell = ws.cell(row=r, column=c, value=value)
            cell.alignment = Alignment(wrap_text=True, vertical="top", horizontal="left")
            if isinstance(value, dt.date):
                cell.number_format = "DD/MM/YYYY"
            elif isinstance(value, str):
                cell.number_format = "@"  # «1», «2022.1» stay text
                lines = max(lines, _lines(value, columns[c - 1].width))
        if lines > 1:  # neither openpyxl nor a PDF export sizes wrapped rows: give them their height
            ws.row_dimensions[r].height = 15 * lines
    last = max(len(rows) + 1, 200)
    lists = {"yes_no": [YES, NO], **{kind: list(names.values()) for kind, names in _NAMED.items()}}
    for index, column in enumerate(columns, start=1):
        if column.kind in lists:
            _drop_down(ws, lists[column.kind], f"{get_column_letter(index)}2:{get_column_letter(index)}{last}")
    if name == GENERAL:
        for r, (_, _, _, kind) in enumerate(_SETTINGS, start=2):
            if kind in lists:
                _drop_down(ws, lists[kind], f"B{r}")
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(len(rows) + 1, 2)}" if name != GENERAL else None
    _printable(ws, landscape=len(columns) > 4)


def _lines(text: str, width: int) -> int:
    """Lines a wrapped text takes in a column ``width`` characters wide."""
    return sum(max(1, -(-len(line) // max(width - 2, 1))) for line in text.split("\n"))


def _drop_down(ws: Any, options: list[str], ref: str) -> None:
    from openpyxl.worksheet.datavalidation import DataValidation

    validation = DataValidation(type="list", formula1='"' + ",".join(options) + '"', allow_blank=True)
    validation.error = "Hãy chọn một giá trị trong danh sách."
    validation.errorTitle = "Giá trị không có trong danh sách"
    validation.showErrorMessage = True
    ws.add_data_validation(validation)
    validation.add(ref)


def _printable(ws: Any, landscape: bool) -> None:
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:1" if ws.title != GUIDE else None


# --- reading -----------------------------------------------------------------------------------------

# The catalogue of what reading a workbook can find: stable code → severity.
STRUCTURE_PROBLEMS = {
    "sheet_name_differs": "warning",  # read, but the sheet's name is spelled differently
    "unknown_sheet": "error",  # close to a sheet's name but not it: not read
    "extra_sheet": "warning",  # a sheet the definition has no use for: ignored
    "missing_sheet": "error",
    "column_name_differs": "warning",
    "unknown_column": "error",
    "header_moved": "warning",
    "blank_row": "warning",
    "invisible_characters": "warning",
    "unknown_setting": "error",
    "unknown_option": "error",  # not one of a drop-down's values
    "unknown_choice_list": "error",
    "unknown_table": "error",
    "section_level_gap": "error",
    "code_derived": "warning",
}
_HEADER_SEARCH = 10  # rows looked at for a header row that moved down


def _plain(text: str) -> str:
    """A comparison key without diacritics, case, spaces or punctuation: «Chỉ tiêu» → «chitieu»."""
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in text.casefold() if ch.isascii() and ch.isalnum())


_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")


def _tidy(text: str) -> str:
    """The text without invisible characters, odd spaces or blanks around it, in NFC."""
    return clean_text(_INVISIBLE.sub("", text)).replace("\n", " ")


def _closest(name: str, choices: list[str]) -> str | None:
    plain = {_plain(choice): choice for choice in choices}
    found = difflib.get_close_matches(_plain(name), list(plain), n=1, cutoff=0.75)
    return plain[found[0]] if found else None


class _Reader:
    """Reads one form workbook into the raw structure, noting positions and problems."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.positions: dict[str, Position] = {}
        self.problems: list[FormProblem] = []
        self.code_columns: dict[str, tuple[str, str]] = {}  # sheet → header and letter of its «Mã» column

    def problem(self, code: str, key: str, position: Position | None, message: str, value: Any = None) -> None:
        self.problems.append(FormProblem(code, STRUCTURE_PROBLEMS[code], key, position, message, value))

    # -- sheets and rows --

    def sheets(self, names: list[str]) -> dict[str, str]:
        """Expected sheet → the workbook's sheet that holds it."""
        expected = [GUIDE, *_SHEETS]
        found: dict[str, str] = {}
        for name in names:
            if name in expected:
                found[name] = name
                continue
            same = [e for e in expected if _plain(e) == _plain(name)]
            if same and same[0] not in found:
                found[same[0]] = name
                self.problem(
                    "sheet_name_differs",
                    "",
                    Position(sheet=name),
                    f"trang «{name}» — có phải «{same[0]}»? Đã đọc như trang «{same[0]}»; "
                    f"hãy đổi tên trang thành «{same[0]}».",
                    name,
                )
                continue
            close = _closest(name, [e for e in expected if e not in names])
            if close:
                self.problem(
                    "unknown_sheet",
                    "",
                    Position(sheet=name),
                    f"trang «{name}» — có phải «{close}»? Trang này chưa được đọc; hãy đổi tên trang thành «{close}».",
                    name,
                )
            else:
                self.problem(
                    "extra_sheet",
                    "",
                    Position(sheet=name),
                    f"trang «{name}» không thuộc định nghĩa biểu mẫu nên được bỏ qua.",
                    name,
                )
        misspelled = {p.value for p in self.problems if p.code == "unknown_sheet"}
        for sheet in _REQUIRED_SHEETS:
            if sheet not in found and not any(_closest(m, [sheet]) for m in misspelled):
                self.problem(
                    "missing_sheet",
                    "",
                    None,
                    f"thiếu trang «{sheet}». Hãy thêm trang này (tạo tệp mẫu: consolidate form new).",
                )
        return found

    def rows(
        self, expected: str, sheet: str, cells: list[list[Any]]
    ) -> Iterator[tuple[int, dict[str, tuple[Any, Position]]]]:
        """Each data row of the ``expected`` sheet, named ``sheet`` in the workbook, as column key → (value, position).

        Positions name the sheet as the workbook does, so the coordinator finds it.
        """
        columns = _SHEETS[expected]
        by_plain = {_plain(c.header): c for c in columns}
        header_row = max(
            range(min(_HEADER_SEARCH, len(cells))),
            default=0,
            key=lambda r: (sum(_plain(str(v)) in by_plain for v in cells[r] if isinstance(v, str)), -r),
        )
        if not cells:
            return
        if header_row:
            self.problem(
                "header_moved",
                "",
                Position(sheet=sheet, row=header_row + 1),
                f"dòng tên cột nằm ở dòng {header_row + 1}, không phải dòng 1; đã đọc từ dòng đó. "
                f"Hãy xóa các dòng phía trên cho gọn.",
            )
        mapping: dict[int, tuple[Column, str]] = {}
        for index, raw in enumerate(cells[header_row]):
            if not isinstance(raw, str) or not raw.strip():
                continue
            cell = f"{_letter(index)}{header_row + 1}"
            header = _tidy(raw)
            if header != raw:
                self.problem(
                    "invisible_characters",
                    "",
                    Position(sheet, header_row + 1, header, cell),
                    f"tên cột «{header}» có ký tự ẩn hoặc khoảng trắng thừa; đã bỏ đi.",
                    raw,
                )
            exact = next((c for c in columns if c.header == header), None)
            same = by_plain.get(_plain(header))
            if exact or same:
                column = exact or same
                assert column is not None
                if not exact:
                    self.problem(
                        "column_name_differs",
                        "",
                        Position(sheet, header_row + 1, header, cell),
                        f"cột «{header}» — có phải «{column.header}»? Đã đọc như cột «{column.header}».",
                        header,
                    )
                mapping[index] = (column, header)
                if column.key == "code":
                    self.code_columns[sheet] = (header, _letter(index))
                continue
            close = _closest(header, [c.header for c in columns])
            if close:
                self.problem(
                    "unknown_column",
                    "",
                    Position(sheet, header_row + 1, header, cell),
                    f"cột «{header}» — có phải «{close}»? Cột này chưa được đọc; hãy sửa tên cột thành «{close}».",
                    header,
                )
        blank_from = None
        for r in range(header_row + 1, len(cells)):
            values = {}
            for index, (column, header) in mapping.items():
                value = cells[r][index] if index < len(cells[r]) else ""
                if value is None or (isinstance(value, str) and not value.strip()):
                    continue
                position = Position(sheet, r + 1, header, f"{_letter(index)}{r + 1}")
                values[column.key] = (self.value(column, value, position), position)
            if not values:
                blank_from = r if blank_from is None else blank_from
                continue
            if blank_from is not None:
                rows = f"dòng {blank_from + 1}" if blank_from == r - 1 else f"các dòng {blank_from + 1}–{r}"
                self.problem(
                    "blank_row",
                    "",
                    Position(sheet=sheet, row=blank_from + 1),
                    f"{rows} để trống giữa các dòng có nội dung; các dòng sau vẫn được đọc. Hãy xóa dòng trống.",
                )
                blank_from = None
            yield r + 1, values

    def value(self, column: Column, value: Any, position: Position) -> Any:
        kind = column.kind
        if kind == "raw":  # read again with the kind of its row («Thông tin chung»)
            return value
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, dt.datetime):
            value = value.date() if value.time() == dt.time() else value
        if kind in ("text", "code") and isinstance(value, int | float) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            return value
        if kind == "code":
            tidy = _tidy(value).replace(" ", "")
            if tidy != value:
                self.problem(
                    "invisible_characters", "", position, f"mã «{tidy}» có ký tự ẩn hoặc khoảng trắng; đã bỏ đi.", value
                )
            return tidy
        if kind == "yes_no" or kind in _NAMED:
            return self.option(kind, value, position)
        if kind == "list":
            return [part.strip() for part in re.split(r"[,;\n]", value) if part.strip()]
        if kind == "lines":
            return [line.strip() for line in value.split("\n") if line.strip()]
        return value

    def option(self, kind: str, value: str, position: Position) -> Any:
        """A drop-down value as its code, from the Vietnamese name or the code (case and diacritics aside)."""
        names: dict[Any, str] = {True: YES, False: NO} if kind == "yes_no" else _NAMED[kind]
        known = {_plain(str(code)): code for code in names}  # «integer», «true»: as a YAML file has them
        known.update({_plain(name): code for code, name in names.items()})
        if kind == "yes_no":
            known.update({"x": True, "yes": True, "1": True, "no": False, "0": False})
        if _plain(value) in known:
            return known[_plain(value)]
        close = _closest(value, list(names.values()))
        self.problem(
            "unknown_option",
            "",
            position,
            f"«{value}» không có trong danh sách{f' — có phải «{close}»?' if close else '.'} "
            f"Hãy chọn một trong: {', '.join(names.values())}.",
            value,
        )
        return value.strip()

    def put(
        self,
        target: dict[str, Any],
        key: str,
        values: dict[str, tuple[Any, Position]],
        name: str,
        to: str | None = None,
    ) -> None:
        if name in values:
            value, position = values[name]
            target[to or name] = value
            self.positions[f"{key}.{to or name}"] = position
            if isinstance(value, list):
                for i in range(len(value)):
                    self.positions[f"{key}.{to or name}[{i}]"] = position


def _row_of(values: dict[str, tuple[Any, Position]]) -> Position:
    """The sheet and row of a row's values (for a key missing from the row)."""
    first = next(iter(values.values()))[1]
    return Position(sheet=first.sheet, row=first.row)


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def read_form_workbook(path: Path) -> Definition:
    """Read a form workbook (.xlsx or .ods) into the raw structure a YAML definition gives.

    Every value's sheet, row, column and cell is kept under the loader's key path
    (``indicators[3].min``); mistakes in the workbook's structure are all returned as problems.

    Raises:
        FormError: when the file cannot be opened as a workbook at all.
    """
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_path(str(path))
        names = list(book.sheet_names)
        cells = {name: book.get_sheet_by_name(name).to_python(skip_empty_area=False) for name in names}
    except OSError as exc:
        raise FormError(f"Không đọc được tệp «{path}» ({os_reason(exc)}).") from exc
    except Exception as exc:  # calamine's own errors: a damaged or non-spreadsheet file
        raise FormError(
            f"«{path}» không phải bảng tính đọc được ({type(exc).__name__}). Hãy mở bằng Excel hoặc LibreOffice "
            f"và lưu lại dạng .xlsx."
        ) from exc
    reader = _Reader(path)
    sheets = reader.sheets(names)
    rows = {name: list(reader.rows(name, actual, cells[actual])) for name, actual in sheets.items() if name != GUIDE}
    data = _assemble(reader, rows, sheets)
    _derive_codes(reader, data)
    return Definition(path=path, data=data, positions=reader.positions, problems=reader.problems)


Rows = list[tuple[int, dict[str, tuple[Any, Position]]]]


def _assemble(reader: _Reader, rows: dict[str, Rows], sheets: dict[str, str]) -> dict[str, Any]:
    general: dict[str, Any] = {}
    _general(reader, rows.get(GENERAL, []), general)
    lists = _choice_lists(reader, rows.get(CHOICES, []))
    indicators = [
        _field(reader, values, f"indicators[{i}]", lists) for i, (_, values) in enumerate(rows.get(INDICATORS, []))
    ]
    units = []
    for i, (_, values) in enumerate(rows.get(UNITS, [])):
        unit: dict[str, Any] = {}
        for name in ("code", "name", "group"):
            if name in values and name != "code" and isinstance(values[name][0], str):
                values[name] = (_tidy(values[name][0]), values[name][1])  # pasted from an address book
            reader.put(unit, f"units[{i}]", values, name)
        units.append(unit)
    # Keys in the order the YAML shows them.
    data: dict[str, Any] = {
        key: general[key] for key in ("id", "version", "title", "period", "agency") if key in general
    }
    data["units"] = units
    if "report" in general:
        data["report"] = general["report"]
    data["indicators"] = indicators
    data["sections"] = _sections(reader, rows.get(SECTIONS, []))
    tables = _tables(reader, rows, lists)
    if tables:
        data["tables"] = tables
    form_rules = [
        _rule(reader, values, f"rules[{i}]")
        for i, values in enumerate(v for _, v in rows.get(RULES, []) if "table" not in v)
    ]
    if form_rules:
        data["rules"] = form_rules
    if rows.get(METADATA):
        data["metadata"] = [
            _field(reader, values, f"metadata[{i}]", lists) for i, (_, values) in enumerate(rows[METADATA])
        ]
    if "unusual" in general:
        data["unusual"] = general["unusual"]
    for key, sheet in (("indicators", INDICATORS), ("sections", SECTIONS), ("units", UNITS)):
        reader.positions.setdefault(key, Position(sheet=sheets.get(sheet, sheet)))
    return data


def _general(reader: _Reader, rows: Rows, data: dict[str, Any]) -> None:
    by_label = {_plain(label): (key, kind) for key, label, _, kind in _SETTINGS}
    by_label.update({_plain(key): (key, kind) for key, _, _, kind in _SETTINGS})
    for _, values in rows:
        if "label" not in values or "value" not in values:
            continue
        label, label_position = values["label"]
        found = by_label.get(_plain(str(label)))
        if found is None:
            close = _closest(str(label), [s[1] for s in _SETTINGS])
            hint = f" — có phải «{close}»?" if close else ""
            reader.problem(
                "unknown_setting",
                "",
                label_position,
                f"thông tin «{label}» không có{hint} Hãy sửa tên cho đúng như tệp mẫu.",
                label,
            )
            continue
        key, kind = found
        value, position = values["value"]
        value = reader.value(Column("Giá trị", key, "", kind), value, position)
        target = data
        parts = key.split(".")
        for part in parts[:-1]:
            target = target.setdefault(part, {})
        target[parts[-1]] = value
        reader.positions[key] = position
        if isinstance(value, list):
            for i in range(len(value)):
                reader.positions[f"{key}[{i}]"] = position


def _choice_lists(reader: _Reader, rows: Rows) -> dict[str, list[tuple[Any, Position]]]:
    lists: dict[str, list[tuple[Any, Position]]] = {}
    for _, values in rows:
        if "list" in values and "choice" in values:
            lists.setdefault(str(values["list"][0]), []).append(values["choice"])
    return lists


def _field(
    reader: _Reader, values: dict[str, tuple[Any, Position]], key: str, lists: dict[str, list[tuple[Any, Position]]]
) -> dict[str, Any]:
    field: dict[str, Any] = {}
    for column in _FIELD_COLUMNS:
        if column.key != "choices":
            reader.put(field, key, values, column.key)
            continue
        if column.key not in values:
            continue
        name, position = values["choices"]
        reader.positions[f"{key}.choices"] = position
        if str(name) not in lists:
            close = difflib.get_close_matches(str(name), list(lists), n=1)
            hint = f" — có phải «{close[0]}»?" if close else ""
            reader.problem(
                "unknown_choice_list",
                f"{key}.choices",
                position,
                f"không có danh sách chọn «{name}» ở trang «{CHOICES}»{hint} Hãy thêm danh sách hoặc sửa tên.",
                name,
            )
            continue
        field["choices"] = [choice for choice, _ in lists[str(name)]]
        for i, (_, choice_position) in enumerate(lists[str(name)]):
            reader.positions[f"{key}.choices[{i}]"] = choice_position
    reader.positions.setdefault(key, _row_of(values))
    return field


def _sections(reader: _Reader, rows: Rows) -> list[dict[str, Any]]:
    top: list[dict[str, Any]] = []
    stack: list[tuple[list[dict[str, Any]], str]] = [(top, "sections")]  # children lists by depth
    for _, values in rows:
        level = values.get("level", (1, None))[0]
        if not isinstance(level, int) or level < 1:
            level = 1
        if level > len(stack):
            position = values["level"][1]
            reader.problem(
                "section_level_gap",
                "",
                position,
                f"mục cấp {level} đứng sau mục cấp {len(stack) - 1}; đã đọc như cấp {len(stack)}. "
                f"Hãy sửa cột «Cấp» (mục con chỉ hơn mục cha một cấp).",
                level,
            )
            level = len(stack)
        del stack[level:]
        siblings, parent_key = stack[-1]
        key = f"{parent_key}[{len(siblings)}]"
        section: dict[str, Any] = {}
        for column in _SECTION_COLUMNS:
            if column.key != "level":
                reader.put(section, key, values, column.key)
        reader.positions.setdefault(key, _row_of(values))
        siblings.append(section)
        children: list[dict[str, Any]] = []
        section["children"] = children
        stack.append((children, f"{key}.children"))
    _drop_empty_children(top)
    return top


def _drop_empty_children(sections: list[dict[str, Any]]) -> None:
    for section in sections:
        if section["children"]:
            _drop_empty_children(section["children"])
        else:
            del section["children"]


def _tables(reader: _Reader, rows: dict[str, Rows], lists: dict[str, list[tuple[Any, Position]]]) -> list[Any]:
    tables: list[dict[str, Any]] = []
    index: dict[str, int] = {}
    for i, (_, values) in enumerate(rows.get(TABLES, [])):
        table: dict[str, Any] = {}
        for name in ("code", "title"):
            reader.put(table, f"tables[{i}]", values, name)
        table["columns"] = []
        reader.put(table, f"tables[{i}]", values, "rows")
        reader.positions.setdefault(f"tables[{i}]", _row_of(values))
        index[str(table.get("code", ""))] = i
        tables.append(table)

    def owner(values: dict[str, tuple[Any, Position]]) -> int | None:
        code, position = values.get("table", ("", None))
        if str(code) in index:
            return index[str(code)]
        close = difflib.get_close_matches(str(code), list(index), n=1)
        hint = f" — có phải «{close[0]}»?" if close else ""
        reader.problem(
            "unknown_table",
            "",
            position or next(iter(values.values()))[1],
            f"không có bảng mã «{code}» ở trang «{TABLES}»{hint} Hãy ghi mã một bảng đã khai báo.",
            code,
        )
        return None

    for _, values in rows.get(TABLE_COLUMNS, []):
        t = owner(values)
        if t is not None:
            columns = tables[t]["columns"]
            columns.append(_field(reader, values, f"tables[{t}].columns[{len(columns)}]", lists))
    for _, values in rows.get(RULES, []):
        if "table" in values and (t := owner(values)) is not None:
            table_rules = tables[t].setdefault("rules", [])
            table_rules.append(_rule(reader, values, f"tables[{t}].rules[{len(table_rules)}]"))
    for table in tables:
        if "rows" in table:
            table["rows"] = table.pop("rows")  # after columns and rules, where the YAML has it
        if not table["columns"]:
            del table["columns"]
    return tables


def _rule(reader: _Reader, values: dict[str, tuple[Any, Position]], key: str) -> dict[str, Any]:
    rule: dict[str, Any] = {}
    for name in ("expression", "message"):
        reader.put(rule, key, values, name)
    reader.positions.setdefault(key, _row_of(values))
    return rule


# --- codes derived from labels ---------------------------------------------------------------------

_CELL_LIKE = re.compile(r"[A-Za-z]{1,3}[0-9]+|[Rr][0-9]*[Cc][0-9]*|[RrCc]")
_CODE_WORDS = 4  # a derived code keeps this many words of the label
_SYSTEM = {"ma_bieu_mau", "phien_ban_bieu_mau", "ma_don_vi", "ten_don_vi", "ky_bao_cao"}


def derive_code(label: str, taken: set[str]) -> str:
    """A code made from a label: ASCII, lowercase, «_» between a few words, unique among ``taken`` (casefolded).

    «Số lượt khách quốc tế đến» → ``so_luot_khach_quoc``; the code is a valid defined name, not cell-like.
    """
    text = unicodedata.normalize("NFD", label.replace("đ", "d").replace("Đ", "D"))
    ascii_text = "".join(ch for ch in text if not unicodedata.combining(ch)).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())[:_CODE_WORDS] or ["ma"]
    base = "_".join(words)[:40].strip("_")
    if base[0].isdigit():
        base = f"m_{base}"
    if (
        _CELL_LIKE.fullmatch(base)
        or keyword.iskeyword(base)
        or base in ("true", "false", "none")
        or (base.startswith("tbl_"))
    ):
        base = f"{base}_ma" if not base.startswith("tbl_") else f"ma_{base}"
    code, n = base, 2
    while code.casefold() in taken or code in _SYSTEM:
        code, n = f"{base}_{n}", n + 1
    taken.add(code.casefold())
    return code


def _derive_codes(reader: _Reader, data: dict[str, Any]) -> None:
    named = [(f"indicators[{i}]", f, "label") for i, f in enumerate(data.get("indicators") or [])]
    named += [(f"metadata[{i}]", f, "label") for i, f in enumerate(data.get("metadata") or [])]
    named += [(key, s, "heading") for key, s in _section_items(data.get("sections") or [], "sections")]
    named += [(f"tables[{i}]", t, "title") for i, t in enumerate(data.get("tables") or [])]
    taken = {str(item["code"]).casefold() for _, item, _ in named if "code" in item}
    for key, item, label in named:
        if "code" not in item and isinstance(item.get(label), str):
            _derive(reader, key, item, label, taken)
    for i, table in enumerate(data.get("tables") or []):
        columns = table.get("columns") or []
        taken = {str(c["code"]).casefold() for c in columns if "code" in c}
        for j, column in enumerate(columns):
            if "code" not in column and isinstance(column.get("label"), str):
                _derive(reader, f"tables[{i}].columns[{j}]", column, "label", taken)


def _derive(reader: _Reader, key: str, item: dict[str, Any], label: str, taken: set[str]) -> None:
    code = derive_code(item[label], taken)
    item_with_code = {"code": code, **item}
    item.clear()
    item.update(item_with_code)
    row = reader.positions.get(key)
    position = None
    if row and row.sheet:
        header, letter = reader.code_columns.get(row.sheet, (None, None))
        position = Position(row.sheet, row.row, header, f"{letter}{row.row}" if letter else None)
        reader.positions[f"{key}.code"] = position
    reader.problem(
        "code_derived",
        f"{key}.code",
        position,
        f"mã tự đặt: «{code}» (từ «{item[label]}»); hãy ghi mã này vào cột «Mã» để giữ nguyên qua các kỳ.",
        code,
    )


def _section_items(sections: list[dict[str, Any]], key: str) -> Iterator[tuple[str, dict[str, Any]]]:
    for i, section in enumerate(sections):
        yield f"{key}[{i}]", section
        yield from _section_items(section.get("children") or [], f"{key}[{i}].children")


# --- one definition from either kind of file ------------------------------------------------------


def convert(source: Path, target: Path) -> list[FormProblem]:
    """Write the definition in ``source`` to ``target``, YAML ↔ workbook by the suffixes; return reading problems.

    Raises:
        FormError: the source cannot be read, has structural errors, or the target's suffix is not known.
    """
    from consolidate.files import write_bytes

    suffix = target.suffix.lower()
    if suffix not in (".xlsx", ".yaml", ".yml"):
        raise FormError(f"Không ghi được «{target.name}»: hãy đặt tên tệp kết quả đuôi .xlsx hoặc .yaml.")
    if source.suffix.lower() in WORKBOOK_SUFFIXES:
        definition = workbook_definition(source)
    else:
        definition = Definition(path=source, data=load_yaml_definition(source))
    if suffix == ".xlsx":
        write_form_workbook(definition.data, target)
    else:
        write_bytes(target, dump_yaml(definition.data).encode("utf-8"))
    return definition.problems


def workbook_definition(path: Path) -> Definition:
    """A form workbook read for loading: its structural errors, if any, raised together.

    Raises:
        FormError: listing every structural error with its sheet, row, column and cell.
    """
    definition = read_form_workbook(path)
    errors = [p for p in definition.problems if p.severity == "error"]
    if errors:
        raise FormError(describe_problems(path, errors))
    return definition


_KEY_IN_MESSAGE = re.compile(r"mục «([^»]+)»: ")


def pinned(error: FormError, definition: Definition) -> FormError:
    """The loader's error with its key path (``indicators[3].kind``) replaced by the sheet, row, column and cell."""
    message = str(error)
    match = _KEY_IN_MESSAGE.search(message)
    position = definition.where(match[1].removeprefix("(gốc).")) if match else None
    if match is None or position is None:
        return error
    return FormError(message[: match.start()] + position.describe() + ": " + message[match.end() :])


def describe_problems(path: Path, problems: list[FormProblem]) -> str:
    """The problems of one definition as a Vietnamese message, one per line with its position."""
    lines = [f"{path}: {len(problems)} lỗi trong định nghĩa biểu mẫu:"]
    for problem in problems:
        where = problem.position.describe() if problem.position else ""
        lines.append(f"  - {where + ': ' if where else ''}{problem.message}")
    return "\n".join(lines)
