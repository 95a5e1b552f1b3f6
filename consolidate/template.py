"""The Excel template a unit fills in: its layout (shared with ``schema``) and its writer.

The layout is computed from the form alone, so ``schema`` can say where every input sits
without writing a file. Every input cell gets a workbook-scope defined name equal to its code;
readers find values through those names, never through these positions.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.packaging.custom import StringProperty
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.utils.datetime import to_excel
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.table import Table as ExcelTable
from openpyxl.worksheet.table import TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from consolidate import __version__
from consolidate.errors import OutputError, os_reason
from consolidate.files import Outputs, atomic_path
from consolidate.form import KIND_LABELS, Field, Form, Section, Table, Unit
from consolidate.layout import (
    CODE_COL,
    CODE_COL_NARRATIVE,
    INDICATOR_HEADER_ROW,
    INDICATOR_VALUE_COL,
    INFO_HEADER_ROW,
    NARRATIVE_HEADER_ROW,
    NARRATIVE_VALUE_COL,
    PROP_FORM_ID,
    PROP_FORM_VERSION,
    PROP_UNIT_CODE,
    SHEET_GUIDE,
    SHEET_INDICATORS,
    SHEET_INFO,
    SHEET_LISTS,
    SHEET_NARRATIVE,
    STT_LABEL,
    Layout,
    plan,
)
from consolidate.numbers import format_number
from consolidate.text import lower_first, roman

EXTRA_TABLE_ROWS = 200  # rows under each table whose input is validated as in the table

FONT_NAME = "Times New Roman"
INPUT_FILL = PatternFill("solid", start_color="FFF2CC")
HEADER_FILL = PatternFill("solid", start_color="D9E1F2")
GROUP_FILL = PatternFill("solid", start_color="EDEDED")
THIN = Side(style="thin", color="808080")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP_TOP = Alignment(wrap_text=True, vertical="top")
WRAP_MIDDLE = Alignment(wrap_text=True, vertical="center")
LEFT_MIDDLE = Alignment(wrap_text=True, vertical="center", horizontal="left")
WRAP_CENTER = Alignment(wrap_text=True, vertical="center", horizontal="center")
DATE_FORMAT = "dd/mm/yyyy"
NUMBER_FORMATS = {"integer": "#,##0", "decimal": "#,##0.0##", "percent": "0.0"}

# --- writing ---------------------------------------------------------------------------------


def template_filename(form: Form, unit: Unit | None) -> str:
    """``<form_id>_<unit>.xlsx``, or ``<form_id>_mau_trong.xlsx`` for the blank template."""
    return f"{form.id}_{unit.code if unit else 'mau_trong'}.xlsx"


def write_templates(form: Form, out_dir: Path, unit_codes: list[str] | None = None) -> list[Path]:
    """Write one prefilled template per unit (all units by default) and a blank one.

    Args:
        form: The form definition.
        out_dir: Folder to write into; created when missing.
        unit_codes: Only these units (the blank template is written too).

    Returns:
        The paths written, blank template first.

    Raises:
        OutputError: an unknown unit code, or the folder cannot be written.
    """
    units: list[Unit] = list(form.units)
    if unit_codes:
        units = []
        for code in unit_codes:
            unit = form.unit(code)
            if unit is None:
                raise OutputError(
                    f"Không có đơn vị mã «{code}» trong biểu mẫu «{form.id}». "
                    "Xem danh sách mã đơn vị bằng lệnh: consolidate schema " + form.id + " --json"
                )
            units.append(unit)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"Không tạo được thư mục «{out_dir}»: {os_reason(exc)}.") from exc
    layout = plan(form)
    written = []
    with Outputs() as outputs:  # every template, or none (one left open in Excel stops them all)
        for unit in [None, *units]:
            path = out_dir / template_filename(form, unit)
            build_template(form, unit, layout).save(outputs.add(path))
            written.append(path)
    return written


def save_workbook(workbook: Workbook, path: Path) -> None:
    """Save through a temporary file in the same folder, then rename over the target."""
    with atomic_path(path) as tmp:
        workbook.save(tmp)


def build_template(form: Form, unit: Unit | None, layout: Layout | None = None) -> Workbook:
    """Build the workbook for one unit (or the blank template when ``unit`` is None)."""
    layout = layout or plan(form)
    wb = Workbook()
    writer = _TemplateWriter(form, unit, layout, wb)
    writer.write()
    return wb


class _TemplateWriter:
    def __init__(self, form: Form, unit: Unit | None, layout: Layout, wb: Workbook) -> None:
        self.form, self.unit, self.layout, self.wb = form, unit, layout, wb
        self.font = Font(name=FONT_NAME, size=12)
        self.bold = Font(name=FONT_NAME, size=12, bold=True)
        self.code_font = Font(name=FONT_NAME, size=9, color="808080")
        self.list_refs: dict[str, str] = {}

    # -- helpers --

    def put(
        self,
        ws: Worksheet,
        row: int,
        col: int,
        value: Any,
        font: Font | None = None,
        align: Alignment | None = WRAP_MIDDLE,
        border: bool = True,
        fill: PatternFill | None = None,
    ) -> Any:
        cell = ws.cell(row=row, column=col, value=value)
        cell.font = font or self.font
        if align is not None:
            cell.alignment = align
        if border:
            cell.border = BOX
        if fill is not None:
            cell.fill = fill
        return cell

    def input_cell(
        self,
        ws: Worksheet,
        row: int,
        col: int,
        item: Field | None = None,
        value: Any = None,
        align: Alignment = WRAP_MIDDLE,
    ) -> Any:
        cell = self.put(ws, row, col, value, align=align, fill=INPUT_FILL)
        cell.protection = Protection(locked=False)
        if item is not None:
            if item.kind == "date":
                cell.number_format = DATE_FORMAT
            elif item.kind in NUMBER_FORMATS:
                cell.number_format = NUMBER_FORMATS[item.kind]
            else:
                cell.number_format = "@"
        return cell

    def title_rows(self, ws: Worksheet, title: str, last_col: int) -> None:
        unit_text = self.unit.name if self.unit else "(chọn đơn vị ở trang «Thông tin»)"
        self.merge_text(ws, 1, last_col, title.upper(), Font(name=FONT_NAME, size=14, bold=True))
        self.merge_text(
            ws,
            2,
            last_col,
            f"Đơn vị báo cáo: {unit_text} — Kỳ báo cáo: {self.form.period.label}",
            Font(name=FONT_NAME, size=12, italic=True),
        )

    def merge_text(
        self, ws: Worksheet, row: int, last_col: int, text: str, font: Font, height: float | None = None
    ) -> None:
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=last_col)
        self.put(ws, row, 1, text, font=font, align=WRAP_CENTER, border=False)
        if height:
            ws.row_dimensions[row].height = height

    def header(self, ws: Worksheet, row: int, labels: list[str], widths: list[float]) -> None:
        for col, (label, width) in enumerate(zip(labels, widths, strict=True), start=1):
            self.put(ws, row, col, label, font=self.bold, align=WRAP_CENTER, fill=HEADER_FILL)
            ws.column_dimensions[get_column_letter(col)].width = width

    def protect(self, ws: Worksheet, *, allow_table_edits: bool = False) -> None:
        # No password: the lock only keeps labels and structure from accidental edits.
        ws.protection.sheet = True
        ws.protection.formatRows = False
        ws.protection.formatColumns = False
        ws.protection.formatCells = False
        ws.protection.insertRows = False
        if allow_table_edits:
            ws.protection.sort = False
            ws.protection.autoFilter = False
            ws.protection.deleteRows = False

    def print_setup(self, ws: Worksheet, header_row: int, landscape: bool = False) -> None:
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.orientation = "landscape" if landscape else "portrait"
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.print_title_rows = f"{header_row}:{header_row}"
        ws.page_margins.left = ws.page_margins.right = 0.5
        ws.page_margins.top = ws.page_margins.bottom = 0.6
        ws.oddFooter.center.text = "Trang &P / &N"
        ws.oddFooter.center.font = FONT_NAME
        ws.print_options.horizontalCentered = True

    def name(self, code: str, target: str) -> None:
        self.wb.defined_names[code] = DefinedName(code, attr_text=target)

    def validate(self, ws: Worksheet, item: Field, sqref: str) -> None:
        dv = validation_for(item, self.list_refs.get(item.code))
        if dv is not None:
            dv.add(sqref)
            ws.add_data_validation(dv)

    # -- sheets --

    def write(self) -> None:
        form = self.form
        guide = self.wb.active
        assert guide is not None
        guide.title = SHEET_GUIDE
        info = self.wb.create_sheet(SHEET_INFO)
        indicators = self.wb.create_sheet(SHEET_INDICATORS)
        narrative = self.wb.create_sheet(SHEET_NARRATIVE)
        table_sheets = [self.wb.create_sheet(self.layout.table_sheets[t.code]) for t in form.tables]
        lists = self.wb.create_sheet(SHEET_LISTS)
        self.write_lists(lists)
        self.write_guide(guide)
        self.write_info(info)
        self.write_indicators(indicators)
        self.write_narrative(narrative)
        for table, ws in zip(form.tables, table_sheets, strict=True):
            self.write_table(table, ws)
        self.write_properties()
        self.wb.active = 1 if self.unit is None else 0

    def write_properties(self) -> None:
        form, unit = self.form, self.unit
        props = self.wb.properties
        props.title = f"{form.title} — {form.period.label}"
        props.subject = unit.name if unit else "Mẫu trống"
        props.creator = props.lastModifiedBy = form.agency.name
        props.language = "vi-VN"
        props.keywords = f"{form.id} {form.version}"
        props.description = f"Tạo bởi consolidate {__version__}"
        fixed = dt.datetime(form.period.year, 1, 1)
        props.created = props.modified = fixed
        for name, value in (
            (PROP_FORM_ID, form.id),
            (PROP_FORM_VERSION, form.version),
            (PROP_UNIT_CODE, unit.code if unit else ""),
            ("period_label", form.period.label),
            ("generator", f"consolidate {__version__}"),
        ):
            self.wb.custom_doc_props.append(StringProperty(name=name, value=value))

    def write_lists(self, ws: Worksheet) -> None:
        ws.sheet_state = "hidden"
        col = 1
        # Only the blank template offers the unit list; a unit's own template names just that unit, so a
        # template for one of 3,321 communes does not carry the other 3,320.
        units = [self.unit] if self.unit is not None else self.form.units
        lists: list[tuple[str, str, list[str]]] = [("ma_don_vi", "Đơn vị", [f"{u.code} - {u.name}" for u in units])]
        for item in self.form.fields:
            if item.kind == "choice":
                lists.append((item.code, item.label, list(item.choices)))
        for table in self.form.tables:
            for column in table.columns:
                if column.kind == "choice":
                    lists.append((f"{table.code}.{column.code}", column.label, list(column.choices)))
        for key, label, values in lists:
            ws.cell(row=1, column=col, value=label).font = self.bold
            for row, value in enumerate(values, start=2):
                ws.cell(row=row, column=col, value=value)
            letter = get_column_letter(col)
            self.list_refs[key] = f"{quote_sheetname(SHEET_LISTS)}!${letter}$2:${letter}${len(values) + 1}"
            ws.column_dimensions[letter].width = 40
            col += 1
        self.protect(ws)

    def write_guide(self, ws: Worksheet) -> None:
        form, period = self.form, self.form.period
        ws.column_dimensions["A"].width = 4
        ws.column_dimensions["B"].width = 100
        ws.sheet_view.showGridLines = False
        unit_line = (
            f"Đơn vị báo cáo: {self.unit.name} (mã {self.unit.code})"
            if self.unit
            else "Mẫu trống: chọn tên đơn vị ở trang «Thông tin» trước khi điền."
        )
        lines: list[tuple[str, str]] = [
            ("title", "HƯỚNG DẪN ĐIỀN BIỂU MẪU BÁO CÁO"),
            ("bold", f"{form.title} {period.label}"),
            ("text", unit_line),
            ("text", f"Đơn vị tổng hợp: {form.agency.name}"),
            ("text", f"Số liệu tính từ ngày {_date(period.start)} đến ngày {_date(period.end)}."),
            ("bold", f"Hạn gửi báo cáo: ngày {_date(period.deadline)}."),
            ("gap", ""),
            ("bold", "Các bước thực hiện"),
            ("text", "1. Trang «Thông tin»: điền số, ngày ký văn bản báo cáo, người ký và chức vụ."),
            (
                "text",
                "2. Trang «Chỉ tiêu»: nhập số liệu vào cột «Giá trị». Chỉ nhập con số, không ghi kèm "
                "đơn vị tính (ví dụ nhập 15, không nhập «15 đoàn»). Không có thì nhập 0.",
            ),
            (
                "text",
                "3. Trang «Nội dung»: nhập nội dung từng mục vào ô tương ứng. Xuống dòng trong ô bằng "
                "Alt+Enter (Excel) hoặc Ctrl+Enter (LibreOffice). Có thể dán văn bản từ Word.",
            ),
        ]
        step = 4
        for table in form.tables:
            lines.append(
                (
                    "text",
                    f"{step}. Trang «{self.layout.table_sheets[table.code]}»: mỗi dòng một mục; "
                    f"bảng kẻ sẵn {table.rows} dòng, cần thêm thì nhập tiếp ngay dưới dòng cuối.",
                )
            )
            step += 1
        lines += [
            (
                "text",
                f"{step}. Lưu tệp ở định dạng Excel (.xlsx) và gửi lại đơn vị tổng hợp trước hạn. "
                "Có thể đổi tên tệp; không đổi cấu trúc các trang.",
            ),
            ("gap", ""),
            ("input", "Ô nền vàng là ô cần nhập. Các ô khác đã được khóa để tránh sửa nhầm (khóa không có mật khẩu)."),
            (
                "text",
                "Khi nhập sai kiểu (chữ vào ô số, số ngoài giới hạn, ngày không hợp lệ), Excel sẽ báo "
                "ngay; hãy sửa theo hướng dẫn hiện ra khi chọn ô.",
            ),
            ("text", "Không xóa, không đổi tên các trang; không xóa dòng, cột có sẵn; không gộp ô."),
            ("gap", ""),
            (
                "small",
                f"Mã biểu mẫu: {form.id} — phiên bản {form.version}"
                + (f" — mã đơn vị: {self.unit.code}" if self.unit else ""),
            ),
        ]
        styles = {
            "title": Font(name=FONT_NAME, size=14, bold=True),
            "bold": self.bold,
            "text": self.font,
            "input": self.font,
            "small": Font(name=FONT_NAME, size=10, italic=True, color="606060"),
            "gap": self.font,
        }
        for row, (style, text) in enumerate(lines, start=1):
            cell = self.put(
                ws,
                row,
                2,
                text or None,
                font=styles[style],
                border=False,
                align=Alignment(wrap_text=True, vertical="top", horizontal="center" if style == "title" else "left"),
            )
            if style == "input":
                ws.cell(row=row, column=1).fill = INPUT_FILL
                ws.cell(row=row, column=1).border = BOX
            if len(text) > 95:
                ws.row_dimensions[row].height = 32
            del cell
        self.print_setup(ws, 1)
        ws.print_title_rows = None
        self.protect(ws)

    def write_info(self, ws: Worksheet) -> None:
        form, unit = self.form, self.unit
        self.title_rows(ws, "Thông tin báo cáo", 4)
        self.merge_text(ws, 3, 4, f"{form.title} {form.period.label}", self.font)
        self.header(ws, INFO_HEADER_ROW, [STT_LABEL, "Mã", "Nội dung", "Thông tin"], [6, 20, 40, 50])
        period = form.period
        system_rows: list[tuple[str, str, str | None]] = [
            ("ma_bieu_mau", "Mã biểu mẫu", form.id),
            ("phien_ban_bieu_mau", "Phiên bản biểu mẫu", form.version),
            ("ky_bao_cao", "Kỳ báo cáo", f"{period.label} (từ {_date(period.start)} đến {_date(period.end)})"),
            ("ma_don_vi", "Đơn vị báo cáo", f"{unit.code} - {unit.name}" if unit else None),
            ("ten_don_vi", "Tên đơn vị", unit.name if unit else "(theo đơn vị đã chọn ở dòng trên)"),
        ]
        stt = 0
        for code, label, value in system_rows:
            cell = self.layout.cells[code]
            stt += 1
            self.put(ws, cell.row, 1, stt, align=WRAP_CENTER)
            self.put(ws, cell.row, CODE_COL, code, font=self.code_font)
            self.put(ws, cell.row, 3, label)
            if code == "ma_don_vi" and unit is None:
                target = self.input_cell(ws, cell.row, cell.col)
                dv = DataValidation(
                    type="list",
                    formula1=self.list_refs["ma_don_vi"],
                    allow_blank=False,
                    showInputMessage=True,
                    showErrorMessage=True,
                    promptTitle="Chọn đơn vị",
                    prompt="Bấm mũi tên để chọn tên đơn vị của mình.",
                    errorTitle="Đơn vị không có trong danh sách",
                    error="Hãy chọn đơn vị trong danh sách thả xuống.",
                )
                dv.add(target.coordinate)
                ws.add_data_validation(dv)
            else:
                self.put(ws, cell.row, cell.col, value, font=self.bold if code == "ma_don_vi" else self.font)
            self.name(code, cell.absolute)
        for meta in form.metadata:
            cell = self.layout.cells[meta.code]
            stt += 1
            self.put(ws, cell.row, 1, stt, align=WRAP_CENTER)
            self.put(ws, cell.row, CODE_COL, meta.code, font=self.code_font)
            self.put(ws, cell.row, 3, meta.label + (" (*)" if meta.required else ""))
            self.input_cell(ws, cell.row, cell.col, meta, align=LEFT_MIDDLE)
            self.validate(ws, meta, cell.a1)
            self.name(meta.code, cell.absolute)
        last = max(c.row for c in self.layout.cells.values() if c.sheet == SHEET_INFO)
        self.put(ws, last + 2, 3, "(*) Bắt buộc nhập.", font=Font(name=FONT_NAME, size=10, italic=True), border=False)
        ws.freeze_panes = ws.cell(row=INFO_HEADER_ROW + 1, column=1)
        self.print_setup(ws, INFO_HEADER_ROW)
        self.protect(ws)

    def write_indicators(self, ws: Worksheet) -> None:
        form = self.form
        self.title_rows(ws, f"Biểu số liệu {lower_first(form.title)}", 6)
        self.merge_text(
            ws,
            3,
            6,
            "Nhập số liệu vào các ô nền vàng ở cột «Giá trị»; chỉ nhập con số, không ghi kèm đơn vị tính.",
            Font(name=FONT_NAME, size=11, italic=True),
        )
        self.header(
            ws,
            INDICATOR_HEADER_ROW,
            [STT_LABEL, "Mã", "Chỉ tiêu", "Đơn vị tính", "Giá trị", "Ghi chú"],
            [6, 16, 58, 13, 16, 28],
        )
        for col in range(1, 7):
            self.put(
                ws,
                INDICATOR_HEADER_ROW + 1,
                col,
                f"({col})",
                font=Font(name=FONT_NAME, size=10, italic=True),
                align=WRAP_CENTER,
            )
        row = INDICATOR_HEADER_ROW + 2
        for number, (group, items) in enumerate(form.indicator_groups(), start=1):
            self.put(ws, row, 1, roman(number), font=self.bold, align=WRAP_CENTER, fill=GROUP_FILL)
            self.put(ws, row, 2, None, fill=GROUP_FILL)
            self.put(ws, row, 3, group, font=self.bold, fill=GROUP_FILL)
            for col in (4, 5, 6):
                self.put(ws, row, col, None, fill=GROUP_FILL)
            row += 1
            for index, item in enumerate(items, start=1):
                cell = self.layout.cells[item.code]
                assert cell.row == row
                self.put(ws, row, 1, index, align=WRAP_CENTER)
                self.put(ws, row, CODE_COL, item.code, font=self.code_font)
                self.put(ws, row, 3, item.label + (" (*)" if item.required else ""))
                self.put(
                    ws, row, 4, item.unit or ("—" if item.kind in ("text", "choice", "date") else ""), align=WRAP_CENTER
                )
                self.input_cell(
                    ws,
                    row,
                    INDICATOR_VALUE_COL,
                    item,
                    align=Alignment(vertical="center", wrap_text=True, horizontal="right" if item.numeric else "left"),
                )
                note = self.input_cell(ws, row, INDICATOR_VALUE_COL + 1)
                note.number_format = "@"
                self.validate(ws, item, cell.a1)
                self.name(item.code, cell.absolute)
                lines = _lines(item.label + " (*)", 82)
                if lines > 1:
                    ws.row_dimensions[row].height = 16 * lines
                row += 1
        self.put(
            ws,
            row + 1,
            3,
            "(*) Bắt buộc nhập. Chỉ tiêu không phát sinh thì nhập 0.",
            font=Font(name=FONT_NAME, size=10, italic=True),
            border=False,
        )
        ws.freeze_panes = ws.cell(row=INDICATOR_HEADER_ROW + 2, column=1)
        self.print_setup(ws, INDICATOR_HEADER_ROW)
        self.protect(ws)

    def write_narrative(self, ws: Worksheet) -> None:
        self.title_rows(ws, "Nội dung báo cáo", 3)
        self.merge_text(
            ws,
            3,
            3,
            "Mỗi ô nền vàng nhập nội dung của một mục. Xuống dòng trong ô: "
            "Alt+Enter (Excel), Ctrl+Enter (LibreOffice).",
            Font(name=FONT_NAME, size=11, italic=True),
        )
        self.header(ws, NARRATIVE_HEADER_ROW, ["Mã", "Mục", "Nội dung"], [14, 34, 90])
        row = NARRATIVE_HEADER_ROW + 1
        for section in self.form.unit_sections():
            self.write_section(ws, row, section)
            row += 1
        ws.freeze_panes = ws.cell(row=NARRATIVE_HEADER_ROW + 1, column=1)
        self.print_setup(ws, NARRATIVE_HEADER_ROW)
        self.protect(ws)

    def write_section(self, ws: Worksheet, row: int, section: Section) -> None:
        font = self.bold if section.level == 1 or section.takes_input else self.font
        title = section.title + (" (*)" if section.required else "")
        self.put(ws, row, CODE_COL_NARRATIVE, section.code, font=self.code_font, align=WRAP_TOP)
        self.put(ws, row, 2, title, font=font, align=WRAP_TOP)
        if not section.takes_input:
            self.put(ws, row, 3, None, fill=GROUP_FILL)
            for col in (1, 2):
                ws.cell(row=row, column=col).fill = GROUP_FILL
            ws.row_dimensions[row].height = 16 * _lines(title, 30)
            return
        cell = self.input_cell(ws, row, NARRATIVE_VALUE_COL, align=WRAP_TOP)
        cell.number_format = "@"
        ws.row_dimensions[row].height = 150
        hint = section.hint or "Nhập nội dung của mục này."
        dv = DataValidation(
            type="textLength",
            operator="lessThanOrEqual",
            formula1="32000",
            showInputMessage=True,
            showErrorMessage=True,
            promptTitle=_clip(section.heading, 32),
            prompt=_clip(hint, 255),
            errorTitle="Nội dung quá dài",
            error="Mỗi ô chứa tối đa 32.000 ký tự; hãy chia bớt.",
        )
        dv.add(cell.coordinate)
        ws.add_data_validation(dv)
        self.name(section.code, self.layout.cells[section.code].absolute)

    def write_table(self, table: Table, ws: Worksheet) -> None:
        place = self.layout.tables[table.code]
        last_col = place.first_col + len(table.columns) - 1
        self.title_rows(ws, table.title, last_col)
        self.merge_text(
            ws,
            3,
            last_col,
            f"Mỗi dòng một mục. Bảng kẻ sẵn {table.rows} dòng; cần thêm thì nhập tiếp ngay dưới dòng cuối.",
            Font(name=FONT_NAME, size=11, italic=True),
        )
        labels = [STT_LABEL] + [c.label + (" (*)" if c.required else "") for c in table.columns]
        widths = [6.0] + [_column_width(c) for c in table.columns]
        self.header(ws, place.header_row, labels, widths)
        for offset in range(table.rows):
            row = place.first_row + offset
            self.put(ws, row, 1, offset + 1, align=WRAP_CENTER)
            for col, column in enumerate(table.columns, start=place.first_col):
                self.input_cell(ws, row, col, column)
        for col, column in enumerate(table.columns, start=place.first_col):
            # Rows typed under the table: the column's own style leaves them unlocked (and dates as dates)
            # however many there are, without writing hundreds of empty cells every reader must parse.
            dimension = ws.column_dimensions[get_column_letter(col)]
            dimension.protection = Protection(locked=False)
            if column.kind == "date":
                dimension.number_format = DATE_FORMAT
        for col, column in enumerate(table.columns, start=place.first_col):
            letter = get_column_letter(col)
            key = f"{table.code}.{column.code}"
            dv = validation_for(column, self.list_refs.get(key))
            if dv is not None:
                dv.add(f"{letter}{place.first_row}:{letter}{place.last_row + EXTRA_TABLE_ROWS}")
                ws.add_data_validation(dv)
        excel_table = ExcelTable(
            displayName=table.excel_name, ref=f"A{place.header_row}:{get_column_letter(last_col)}{place.last_row}"
        )
        excel_table.tableStyleInfo = TableStyleInfo(name="TableStyleLight1", showRowStripes=False)
        ws.add_table(excel_table)
        self.name(table.code, place.data_range)
        ws.freeze_panes = ws.cell(row=place.first_row, column=1)
        self.print_setup(ws, place.header_row, landscape=True)
        self.protect(ws, allow_table_edits=True)


def validation_for(item: Field, list_ref: str | None) -> DataValidation | None:
    """The Excel data validation for a typed input, with Vietnamese input and error messages."""
    title = _clip(item.label, 32)
    bounds = _bounds_text(item)
    common: dict[str, Any] = {
        "showInputMessage": True,
        "showErrorMessage": True,
        "allow_blank": True,
        "promptTitle": title,
        "errorTitle": "Giá trị không hợp lệ",
        "errorStyle": "stop",
    }
    if item.kind in ("integer", "decimal", "percent"):
        kind_text = {
            "integer": "một số nguyên",
            "decimal": "một số (dùng dấu thập phân của máy)",
            "percent": "tỷ lệ phần trăm, ví dụ 85,5 (không gõ dấu %)",
        }[item.kind]
        unit = f" ({item.unit})" if item.unit and item.kind != "percent" else ""
        prompt = f"Nhập {kind_text}{unit}{bounds}." + (" Không có thì nhập 0." if item.required else "")
        lo = item.min if item.min is not None else -1e15
        hi = item.max if item.max is not None else 1e15
        return DataValidation(
            type="whole" if item.kind == "integer" else "decimal",
            operator="between",
            formula1=_num(lo),
            formula2=_num(hi),
            prompt=_clip(prompt, 255),
            error=_clip(f"Chỉ nhập {kind_text}{bounds}.", 255),
            **common,
        )
    if item.kind == "date":
        lo_date = item.min if isinstance(item.min, dt.date) else dt.date(1990, 1, 1)
        hi_date = item.max if isinstance(item.max, dt.date) else dt.date(2100, 12, 31)
        prompt = f"Nhập ngày dạng ngày/tháng/năm, ví dụ 20/06/{lo_date.year if item.min else 2022}{bounds}."
        return DataValidation(
            type="date",
            operator="between",
            formula1=str(int(to_excel(lo_date))),
            formula2=str(int(to_excel(hi_date))),
            prompt=_clip(prompt, 255),
            error=_clip(f"Chỉ nhập ngày hợp lệ dạng ngày/tháng/năm{bounds}.", 255),
            **common,
        )
    if item.kind == "choice" and list_ref:
        return DataValidation(
            type="list",
            formula1=list_ref,
            prompt="Bấm mũi tên để chọn một giá trị.",
            error="Hãy chọn một giá trị trong danh sách thả xuống.",
            **common,
        )
    prompt = item.hint or f"Nhập {KIND_LABELS[item.kind]}."
    return DataValidation(
        type="textLength",
        operator="lessThanOrEqual",
        formula1="32000",
        prompt=_clip(prompt, 255),
        error="Nội dung quá dài (tối đa 32.000 ký tự).",
        **common,
    )


def _bounds_text(item: Field) -> str:
    def show(value: object) -> str:
        if isinstance(value, dt.date):
            return _date(value)
        assert isinstance(value, int | float)
        return format_number(value)

    if item.min is not None and item.max is not None:
        return f", từ {show(item.min)} đến {show(item.max)}"
    if item.min is not None:
        return f", không nhỏ hơn {show(item.min)}"
    if item.max is not None:
        return f", không lớn hơn {show(item.max)}"
    return ""


def _num(value: float | dt.date) -> str:
    assert isinstance(value, int | float)
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _column_width(column: Field) -> float:
    if column.kind == "date":
        return 13
    if column.kind in ("integer", "decimal", "percent"):
        return 11
    return max(16.0, min(40.0, len(column.label) * 1.1))


def _lines(text: str, per_line: int) -> int:
    """Rough number of wrapped lines of a label in a column holding ``per_line`` characters."""
    return max(1, -(-len(text) // per_line))


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _date(value: dt.date) -> str:
    return value.strftime("%d/%m/%Y")
