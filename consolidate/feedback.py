"""Feedback for the units: each problem file sent back with its problems marked in place.

For an .xlsx/.xlsm submission the feedback is a copy of the unit's own workbook: a first sheet
"Phản hồi" lists the problems, each with a link to its cell, and every problem cell is coloured
and carries a comment with the message. The unit fixes the cells in that copy and sends it back;
the extra sheet, colours and comments do not disturb the next check. An .xls/.ods submission
cannot be annotated, so its feedback is the list alone. The original file is only ever read.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import warnings
from copy import copy
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.cell.cell import Cell
from openpyxl.comments import Comment
from openpyxl.packaging.custom import StringProperty
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils.cell import coordinate_from_string, get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.worksheet import Worksheet

from consolidate.check import CheckReport, FileResult, Problem
from consolidate.files import Outputs
from consolidate.form import Form
from consolidate.marks import FEEDBACK, output_mark, seal
from consolidate.paths import open_path
from consolidate.template import INPUT_FILL

SHEET = "Phản hồi"
AUTHOR = "consolidate"
TITLE = "PHẢN HỒI KẾT QUẢ KIỂM TRA BÁO CÁO"
ANNOTATABLE = frozenset({".xlsx", ".xlsm"})
LABELS = {"error": "Lỗi", "warning": "Cảnh báo"}
FILLS = {
    "error": PatternFill("solid", start_color="FFC7CE"),
    "warning": PatternFill("solid", start_color="FFEB9C"),
}
FONT_NAME = "Times New Roman"
SIZE = 12
# STT | Mức | Trang | Ô | Nội dung: widths in Excel units (about one letter of 12 pt text each).
COLUMNS = (("STT", 6.0), ("Mức", 11.0), ("Trang", 22.0), ("Ô", 9.0), ("Nội dung", 92.0))
LINE_PT = 15.0  # a wrapped line of 12 pt text
_FORMULA_START = ("=", "+", "-", "@")
_NARROW = frozenset(" .,;:!'|()[]-/ilIjtfr\"«»")
_THIN = Side(style="thin", color="808080")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP = Alignment(wrap_text=True, vertical="top")
_WRAP_MIDDLE = Alignment(wrap_text=True, vertical="center")
_WRAP_CENTER = Alignment(wrap_text=True, vertical="center", horizontal="center")


def write_feedback(report: CheckReport, form: Form, out_dir: Path) -> list[Path]:
    """For each unit whose chosen files have problems, write out_dir/<unit>_phan_hoi.xlsx; return paths written.

    A unit with several problem files gets ``<unit>_phan_hoi.xlsx``, ``<unit>_phan_hoi_2.xlsx``, …
    in path order. Files with no known unit (unreadable, not the form's template) get no feedback.

    Args:
        report: The check of the submissions.
        form: The form they were checked against (unit names, period, agency, deadline).
        out_dir: Where the feedback workbooks go (created if needed).

    Returns:
        The workbooks written, in the report's order.

    Raises:
        OutputError: a feedback workbook cannot be written.
    """
    results = [r for r in report.files if r.unit and r.status in ("error", "warning")]
    names: dict[Path, str] = {}
    by_unit: dict[str, list[Path]] = {}
    for result in results:
        by_unit.setdefault(str(result.unit), []).append(result.path)
    for unit, paths in by_unit.items():
        for number, path in enumerate(sorted(paths), start=1):
            names[path] = f"{unit}_phan_hoi.xlsx" if number == 1 else f"{unit}_phan_hoi_{number}.xlsx"
    today = dt.date.today()
    written = []
    with Outputs() as outputs:  # every feedback workbook, or none
        for result in results:
            target = out_dir / names[result.path]
            buffer = io.BytesIO()  # sealed with a digest of its content (see consolidate.marks)
            feedback_workbook(result, form, today).save(buffer)
            outputs.add(target).write_bytes(seal(buffer.getvalue()))
            written.append(target)
    return written


def feedback_workbook(result: FileResult, form: Form, today: dt.date) -> Workbook:
    """The feedback for one checked file: its annotated copy, or the problem list alone.

    Args:
        result: The file's check result (with a known unit).
        form: The form it was checked against.
        today: The date of the check, shown in the feedback.
    """
    problems = [*result.errors, *result.warnings]
    workbook, note = _load_copy(result.path)
    if workbook is None:
        workbook = Workbook()
        workbook.properties.creator = form.agency.name  # not «openpyxl»: the feedback is the agency's
        sheet = workbook.active
        sheet.title = SHEET
        linkable: set[str] = set()
    else:
        if SHEET in workbook.sheetnames:  # a returned feedback copy: our old list goes
            del workbook[SHEET]
        _clear_old_marks(workbook)
        _mark(workbook, problems)
        linkable = set(workbook.sheetnames)
        sheet = workbook.create_sheet(SHEET, 0)
        for other in workbook.worksheets:
            other.sheet_view.tabSelected = False
        workbook.active = 0
        workbook.views[0].firstSheet = 0
    sheet.sheet_view.tabSelected = True
    workbook.properties.lastModifiedBy = form.agency.name  # a unit's copy keeps its author; the agency marked it
    _FeedbackSheet(sheet, result, form, today).write(problems, note, linkable)
    _mark_as_output(workbook)
    return workbook


def _mark_as_output(workbook: Workbook) -> None:
    """Mark the feedback as the tool's (sealed when saved), replacing the mark of an earlier feedback it copies."""
    props = workbook.custom_doc_props
    for name, value in output_mark(FEEDBACK).items():
        if name in props.names:
            del props[name]
        props.append(StringProperty(name=name, value=value))


def _load_copy(path: Path) -> tuple[Workbook | None, str]:
    """An in-memory copy of an .xlsx/.xlsm to annotate, or None and why the list stands alone."""
    suffix = path.suffix.lower()
    if suffix not in ANNOTATABLE:
        return None, (
            f"Tệp gửi lên ở định dạng {suffix or '(không rõ)'} nên chương trình không tô màu, ghi chú được vào "
            "tệp. Hãy chép số liệu sang biểu mẫu Excel (.xlsx) đã gửi kèm công văn, sửa theo nội dung dưới đây, "
            "rồi gửi lại tệp .xlsx."
        )
    try:
        data = open_path(path).read_bytes()  # long paths on Windows
        with warnings.catch_warnings():
            # Features openpyxl does not keep (extension lists, some drawings) are not ours to report.
            warnings.simplefilter("ignore", UserWarning)
            return openpyxl.load_workbook(io.BytesIO(data)), ""
    except Exception:  # whatever stops openpyxl, the list alone still reaches the unit
        return None, (
            "Chương trình không mở được tệp để tô màu, ghi chú vào các ô. Hãy sửa theo nội dung dưới đây "
            "ngay trong tệp của đơn vị rồi gửi lại."
        )


def _clear_old_marks(workbook: Workbook) -> None:
    """Remove the colours and comments of an earlier feedback, so a fixed cell no longer looks wrong."""
    # Compare colours by their RGB digits: Excel and LibreOffice rewrite the alpha byte (00… → FF…), and
    # LibreOffice drops the comment's author, so our comments are known by how their text starts.
    old_colours = {str(f.start_color.rgb)[-6:] for f in FILLS.values()}
    for ws in workbook.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.comment is not None and _ours(cell.comment):
                    cell.comment = None
                    if str(cell.fill.start_color.rgb)[-6:] in old_colours:
                        cell.fill = copy(INPUT_FILL)


def _ours(comment: Comment) -> bool:
    """Whether a comment was written by an earlier feedback."""
    return comment.author == AUTHOR or comment.text.lstrip().startswith(
        tuple(f"{label}: " for label in LABELS.values())
    )


def _mark(workbook: Workbook, problems: list[Problem]) -> None:
    """Colour each problem cell and give it one comment with all its messages."""
    by_cell: dict[tuple[str, str], list[Problem]] = {}
    for problem in problems:
        if _target(problem, set(workbook.sheetnames)):
            by_cell.setdefault((str(problem.sheet), str(problem.cell)), []).append(problem)
    for (sheet, ref), items in by_cell.items():
        cell = _anchor(workbook[sheet], ref)
        worst = "error" if any(p.severity == "error" for p in items) else "warning"
        cell.fill = copy(FILLS[worst])
        text = "\n\n".join(f"{LABELS[p.severity]}: {p.message}" for p in items)
        if cell.comment is not None and not _ours(cell.comment):
            text += f"\n\n{cell.comment.text}"  # someone else's note stays, below ours
        comment = Comment(text, AUTHOR)
        comment.width = 360
        comment.height = min(600, 24 + 17 * sum(math.ceil(len(p) / 48) or 1 for p in text.split("\n")))
        cell.comment = comment


def _target(problem: Problem, sheets: set[str]) -> bool:
    """Whether the problem names a single cell of a sheet that is in the workbook."""
    if not problem.sheet or not problem.cell or problem.sheet not in sheets:
        return False
    try:
        coordinate_from_string(problem.cell)
    except ValueError:
        return False
    return True


def _anchor(ws: Worksheet, ref: str) -> Cell:
    """The cell that holds what Excel shows at ``ref``: the top-left one of a merged range."""
    for merged in ws.merged_cells.ranges:
        if ref in merged:
            return ws.cell(row=merged.min_row, column=merged.min_col)
    return ws[ref]


@dataclass
class _FeedbackSheet:
    """Writes the "Phản hồi" sheet: who, what, what to do, then the problem table."""

    ws: Worksheet
    result: FileResult
    form: Form
    today: dt.date
    row: int = 1

    def write(self, problems: list[Problem], note: str, linkable: set[str]) -> None:
        ws, form, result = self.ws, self.form, self.result
        for col, (_, width) in enumerate(COLUMNS, start=1):
            ws.column_dimensions[get_column_letter(col)].width = width
        self.line(TITLE, Font(name=FONT_NAME, size=14, bold=True), Alignment(horizontal="center", vertical="center"))
        self.row += 1
        unit = form.unit(str(result.unit))
        errors, warnings_ = len(result.errors), len(result.warnings)
        self.info("Đơn vị:", f"{unit.name} (mã {unit.code})" if unit else str(result.unit))
        self.info("Báo cáo:", f"{form.title} {form.period.label}")
        self.info("Tệp đã kiểm tra:", result.path.name)
        self.info("Ngày kiểm tra:", f"{self.today:%d/%m/%Y}")
        self.info("Kết quả:", self.outcome(errors, warnings_))
        self.row += 1
        first, *rest = self.instructions(errors, note, bool(linkable))
        self.line(first, Font(name=FONT_NAME, size=SIZE, bold=True), _WRAP)  # what to do, in one look
        for text in rest:
            self.line(text, Font(name=FONT_NAME, size=SIZE), _WRAP)
        self.row += 1
        self.table(problems, linkable)
        self.print_setup()

    def outcome(self, errors: int, warnings_: int) -> str:
        counts = f"{errors} lỗi, {warnings_} cảnh báo."
        if errors:
            return f"{counts} Báo cáo chưa được tổng hợp cho đến khi đơn vị sửa lỗi và gửi lại."
        return f"{counts} Không có lỗi; chỉ cần xem lại các cảnh báo."

    def instructions(self, errors: int, note: str, annotated: bool) -> list[str]:
        agency = self.form.agency.name
        deadline = self.form.period.deadline
        if deadline >= self.today:
            when = f"trước ngày {deadline:%d/%m/%Y}"
        else:
            when = f"càng sớm càng tốt (hạn nộp báo cáo là ngày {deadline:%d/%m/%Y}, đã qua)"
        if note:
            lines = [note, f"Gửi lại cho {agency} {when}."]
        elif errors:
            lines = [f"Sửa các ô được tô màu theo nội dung dưới đây, lưu tệp và gửi lại cho {agency} {when}."]
        else:
            lines = [
                "Xem lại các ô được tô màu theo nội dung dưới đây. Nếu số liệu đã đúng thì không cần sửa. "
                f"Nếu có sửa, lưu tệp và gửi lại cho {agency} {when}."
            ]
        if annotated:
            lines.append(
                "Ô tô đỏ: lỗi, phải sửa. Ô tô vàng: cảnh báo, cần xem lại. Bấm vào địa chỉ ở cột «Ô» để đến "
                "thẳng ô đó; đưa chuột lên ô tô màu để đọc ghi chú. Sửa ngay trong tệp này; khi gửi lại không cần "
                "xóa trang «Phản hồi», màu tô hay ghi chú."
            )
        return lines

    def table(self, problems: list[Problem], linkable: set[str]) -> None:
        ws = self.ws
        bold = Font(name=FONT_NAME, size=SIZE, bold=True)
        plain = Font(name=FONT_NAME, size=SIZE)
        link_font = Font(name=FONT_NAME, size=SIZE, color="0563C1", underline="single")
        header_fill = PatternFill("solid", start_color="D9E1F2")
        header = self.row
        for col, (label, _) in enumerate(COLUMNS, start=1):
            self.put(header, col, label, bold, _WRAP_CENTER, fill=header_fill)
        for number, problem in enumerate(problems, start=1):
            self.row += 1
            row = self.row
            self.put(row, 1, number, plain, _WRAP_CENTER)
            self.put(row, 2, LABELS[problem.severity], plain, _WRAP_CENTER, fill=FILLS[problem.severity])
            self.put(row, 3, problem.sheet or "", plain, _WRAP_MIDDLE)
            cell = self.put(row, 4, problem.cell or "", plain, _WRAP_CENTER)
            if problem.sheet in linkable and _target(problem, linkable):
                quoted = str(problem.sheet).replace("'", "''")
                cell.hyperlink = Hyperlink(ref=cell.coordinate, location=f"'{quoted}'!{problem.cell}")
                cell.font = link_font
            self.put(row, 5, problem.message, plain, _WRAP_MIDDLE)
            lines = max(_lines(problem.message, COLUMNS[4][1]), _lines(problem.sheet or "", COLUMNS[2][1]))
            ws.row_dimensions[row].height = lines * LINE_PT + 3
        for row_cells in ws.iter_rows(min_row=header, max_row=self.row, max_col=len(COLUMNS)):
            for cell in row_cells:
                cell.border = _BORDER
        ws.print_title_rows = f"{header}:{header}"

    def info(self, label: str, value: str) -> None:
        font = Font(name=FONT_NAME, size=SIZE)
        self.put(self.row, 1, label, Font(name=FONT_NAME, size=SIZE, bold=True), Alignment(vertical="top"))
        self.ws.merge_cells(start_row=self.row, start_column=1, end_row=self.row, end_column=2)
        self.put(self.row, 3, value, font, _WRAP)
        self.ws.merge_cells(start_row=self.row, start_column=3, end_row=self.row, end_column=len(COLUMNS))
        lines = _lines(value, sum(w for _, w in COLUMNS[2:]))
        self.ws.row_dimensions[self.row].height = lines * LINE_PT + 3
        self.row += 1

    def line(self, text: str, font: Font, align: Alignment) -> None:
        """One text across the whole width (a merged row, sized for its wrapped lines)."""
        self.put(self.row, 1, text, font, align)
        self.ws.merge_cells(start_row=self.row, start_column=1, end_row=self.row, end_column=len(COLUMNS))
        size = font.sz or SIZE
        lines = _lines(text, sum(w for _, w in COLUMNS), size)
        self.ws.row_dimensions[self.row].height = lines * LINE_PT * size / SIZE + 4
        self.row += 1

    def put(
        self, row: int, col: int, value: Any, font: Font, align: Alignment, fill: PatternFill | None = None
    ) -> Cell:
        cell = self.ws.cell(row=row, column=col, value=value)
        if isinstance(value, str) and value.startswith(_FORMULA_START):
            cell.data_type = "s"  # a message quoting "=SUM(…)" is text, never a formula
        cell.font = font
        cell.alignment = align
        if fill is not None:
            cell.fill = copy(fill)
        return cell

    def print_setup(self) -> None:
        ws = self.ws
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.orientation = "landscape"
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.sheet_properties.tabColor = "C00000"
        ws.page_margins.left = ws.page_margins.right = 0.5
        ws.page_margins.top = ws.page_margins.bottom = 0.6
        ws.oddFooter.center.text = "Trang &P / &N"
        ws.oddFooter.center.font = FONT_NAME
        ws.print_options.horizontalCentered = True


def _lines(text: str, width: float, size: float = SIZE) -> int:
    """About how many lines ``text`` wraps to in a column ``width`` Excel units wide (Times New Roman)."""
    room = max(1.0, width - 2.0)
    total = 0
    for part in text.split("\n"):
        letters = sum(1.4 if ch.isupper() else 0.6 if ch in _NARROW else 1.0 for ch in part) * size / 11
        total += max(1, math.ceil(letters / (room * 0.92)))
    return total
