"""The summary workbook, reopened: formulas and cached totals, absent units, texts, print setup, chart."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import python_calamine

from consolidate.check import check_paths
from consolidate.form import Form, Table
from consolidate.layout import table_sheet_name
from consolidate.merge import Consolidation, merge
from consolidate.pdf import convert
from consolidate.summary_xlsx import write_summary
from consolidate.template import write_templates
from tests.conftest import VALID_VALUES, FillFn, soffice
from tests.test_formats import pdf_pages

# The meeting's sheets first, the working sheets after them.
SHEETS = [
    "Tổng hợp",
    "Biểu đồ",
    "Tình hình nộp báo cáo",
    "Nội dung",
    "Chỉ tiêu khác",
    "Danh sách đoàn ra",
    "Danh sách đoàn vào",
    "Tệp đã nhận",
    "Lỗi",
]
# Three valid units (two in the first group, one in the second) with figures of their own.
FIGURES: dict[str, dict[str, Any]] = {
    "SNV": {"tin_bai": 120, "doan_ra": 2, "nguoi_ra": 7, "von_du_an": 1500.5, "ty_le_giai_ngan": 40},
    "STP": {"tin_bai": 35, "doan_ra": 0, "nguoi_ra": 0, "von_du_an": 250.25, "ty_le_giai_ngan": 52.5},
    "UBND_TPLS": {"tin_bai": 64, "doan_ra": 1, "nguoi_ra": 3, "von_du_an": 0, "ty_le_giai_ngan": None},
}
GROUPS = {"Sở, ban, ngành": ["SNV", "STP"], "UBND cấp huyện": ["UBND_TPLS"]}
# A group's row names it with the count of its units whose report is valid (SYT's is not).
GROUP_LABELS = {
    "Sở, ban, ngành": "Sở, ban, ngành (2/21 đơn vị có báo cáo hợp lệ)",
    "UBND cấp huyện": "UBND cấp huyện (1/11 đơn vị có báo cáo hợp lệ)",
}
NOTE = "Gồm 20 tin đăng trên Cổng thông tin điện tử tỉnh"
FORMULA_TEXT = "=SUM(A1)"


@dataclass
class Built:
    consolidation: Consolidation
    path: Path


@pytest.fixture(scope="module")
def templates(tmp_path_factory: pytest.TempPathFactory, form: Form) -> Path:
    """Templates for the four units of these tests (overrides the conftest fixture)."""
    folder = tmp_path_factory.mktemp("templates_summary")
    write_templates(form, folder, ["SNV", "STP", "SYT", "UBND_TPLS"])
    return folder


@pytest.fixture
def built(tmp_path: Path, form: Form, fill: FillFn) -> Built:
    """Three valid units, one rejected (a rate of 125%), the other 28 units missing."""
    folder = tmp_path / "bao_cao"
    folder.mkdir()
    for unit, figures in FIGURES.items():
        extra = {"kien_nghi": FORMULA_TEXT} if unit == "STP" else {}
        fill(unit=unit, name=f"bao_cao/{unit}.xlsx", **figures, **extra)
    fill(unit="SYT", name="bao_cao/SYT.xlsx", ty_le_giai_ngan=125)
    _add_note(folder / "SNV.xlsx", "tin_bai", NOTE)
    consolidation = merge(check_paths([folder], form), form, now=dt.datetime(2022, 6, 20, 9, 30))
    path = tmp_path / "bang_tong_hop.xlsx"
    write_summary(consolidation, path)
    return Built(consolidation, path)


def _add_note(path: Path, code: str, note: str) -> None:
    """Type a note right of an indicator's value, as a unit would."""
    wb = openpyxl.load_workbook(path)
    ((sheet, ref),) = list(wb.defined_names[code].destinations)
    cell = wb[sheet][ref.replace("$", "")]
    wb[sheet].cell(row=cell.row, column=cell.column + 1, value=note)
    wb.save(path)


def _expected(code: str, units: list[str]) -> Any:
    """Independent total: sum (or, for the rate, mean weighted by project value) of the figures typed by ``units``."""
    numbers = [FIGURES[u].get(code, VALID_VALUES[code]) for u in units]
    weights = [FIGURES[u]["von_du_an"] for u in units]
    pairs = [(n, w) for n, w in zip(numbers, weights, strict=True) if n is not None]
    if not pairs:
        return None
    if code == "ty_le_giai_ngan":
        return sum(n * w for n, w in pairs) / sum(w for _, w in pairs)
    return sum(n for n, _ in pairs)


def _row(ws: Any, text: str, column: int = 2) -> int:
    """The row whose cell in ``column`` holds ``text``."""
    for row in range(1, ws.max_row + 1):
        if ws.cell(row=row, column=column).value == text:
            return row
    raise AssertionError(f"{text!r} not found")


def _column(ws: Any, label: str, row: int = 5) -> int:
    for col in range(1, ws.max_column + 1):
        if str(ws.cell(row=row, column=col).value).split("\n")[0] == label:
            return col
    raise AssertionError(f"{label!r} not found")


CHECKED = {
    "tin_bai": "Số tin, bài tuyên truyền về hội nhập quốc tế đã đăng tải (tin, bài)",
    "doan_ra": "Số đoàn ra (đoàn đi công tác nước ngoài) (đoàn)",
    "nguoi_ra": "Số lượt người đi công tác nước ngoài (lượt người)",
    "von_du_an": "Tổng giá trị các chương trình, dự án đang thực hiện (triệu đồng)",
    "ty_le_giai_ngan": "Tỷ lệ giải ngân vốn chương trình, dự án so với kế hoạch năm (%)",
}


def test_sheets_titles_and_header(built: Built) -> None:
    wb = openpyxl.load_workbook(built.path)
    assert wb.sheetnames == SHEETS
    ws = wb["Tổng hợp"]
    assert ws["A1"].value == "TỔNG HỢP KẾT QUẢ CÔNG TÁC HỘI NHẬP QUỐC TẾ 6 THÁNG ĐẦU NĂM 2022"
    assert ws["A1"].font.b and ws["A1"].font.sz == 14
    assert ws["A2"].value == (
        "Số liệu từ 15/12/2021 đến 14/06/2022 — tổng hợp ngày 20/06/2022 — 3/32 đơn vị có báo cáo hợp lệ"
    )
    assert [ws["A4"].value, ws["B4"].value, ws["C4"].value] == [
        "STT",
        "Đơn vị",
        "Thông tin, tuyên truyền về hội nhập quốc tế",
    ]
    assert "C4:E4" in {str(r) for r in ws.merged_cells.ranges}
    assert ws["C5"].value == CHECKED["tin_bai"]
    assert ws.cell(row=4, column=ws.max_column).value == "Ghi chú"
    numbers = [ws.cell(row=6, column=col).value for col in range(1, ws.max_column + 1)]
    assert numbers == [f"({n})" for n in range(1, ws.max_column + 1)]
    # Only numeric indicators get columns: 14 of them, plus STT, unit and notes.
    assert ws.max_column == 17
    labels = [ws.cell(row=5, column=col).value for col in range(3, 17)]
    assert "Tình trạng ban hành kế hoạch thực hiện công tác hội nhập quốc tế năm 2022" not in labels
    assert all(cell.font.name == "Times New Roman" for row in ws.iter_rows() for cell in row if cell.value is not None)


def test_subtotals_and_total_are_formulas_with_cached_values(built: Built) -> None:
    formulas = openpyxl.load_workbook(built.path)["Tổng hợp"]
    cached = openpyxl.load_workbook(built.path, data_only=True)["Tổng hợp"]
    total_row = _row(formulas, "TỔNG CỘNG")
    group_rows = {group: _row(formulas, GROUP_LABELS[group]) for group in GROUPS}
    assert [formulas.cell(row=r, column=1).value for r in group_rows.values()] == ["I", "II"]
    for code, label in CHECKED.items():
        col = _column(formulas, label)
        start, function = ("=IF(SUMIFS(", "SUMPRODUCT(") if code == "ty_le_giai_ngan" else ("=IF(COUNT(", "SUM(")
        for group, row in group_rows.items():
            assert formulas.cell(row=row, column=col).value.startswith(start)
            assert f'"",{function}' in formulas.cell(row=row, column=col).value
            assert cached.cell(row=row, column=col).value == pytest.approx(_expected(code, GROUPS[group]))
        formula = formulas.cell(row=total_row, column=col).value
        assert formula.startswith(start) and function in formula
        assert cached.cell(row=total_row, column=col).value == pytest.approx(_expected(code, list(FIGURES)))
        if code == "ty_le_giai_ngan":
            continue  # over the whole span, unit rows picked by their STT (see test_aggregates)
        for first, last in re.findall(r"[A-Z]+(\d+):[A-Z]+(\d+)", formula):
            assert not any(int(first) <= r <= int(last) for r in group_rows.values())
    # No unit of the second group gave a rate: its subtotal is empty text, not zero.
    rate = _column(formulas, CHECKED["ty_le_giai_ngan"])
    assert cached.cell(row=group_rows["UBND cấp huyện"], column=rate).value is None
    assert formulas.cell(row=group_rows["UBND cấp huyện"], column=rate).value.startswith("=IF(SUMIFS(")


def test_cached_values_equal_the_merged_totals(built: Built) -> None:
    cached = openpyxl.load_workbook(built.path, data_only=True)["Tổng hợp"]
    total_row = _row(cached, "TỔNG CỘNG")
    for col in range(3, 17):
        label = cached.cell(row=5, column=col).value
        item = next(f for f in built.consolidation.form.indicators if label.startswith(f.label))
        assert cached.cell(row=total_row, column=col).value == built.consolidation.totals[item.code]


def test_missing_and_rejected_units_are_empty_filled_and_labelled(built: Built) -> None:
    ws = openpyxl.load_workbook(built.path)["Tổng hợp"]
    for name, label in (("Sở Y tế", "Báo cáo không hợp lệ"), ("Sở Tài chính", "Chưa báo cáo")):
        row = _row(ws, name)
        assert [ws.cell(row=row, column=col).value for col in range(3, 17)] == [None] * 14
        assert ws.cell(row=row, column=17).value == label
        # A fill across the row (a grey band in black and white), the status in bold italics; no grey text.
        for col in range(1, 18):
            cell = ws.cell(row=row, column=col)
            assert (cell.fill.fill_type, cell.fill.fgColor.rgb[-6:]) == ("solid", "FCE4D6"), (name, col)
            rgb = getattr(cell.font.color, "rgb", None)
            assert not (isinstance(rgb, str) and rgb.endswith("7F7F7F")), (name, col)
        assert ws.cell(row=row, column=2).font.i and not ws.cell(row=row, column=2).font.b
        assert ws.cell(row=row, column=17).font.b and ws.cell(row=row, column=17).font.i
    snv = _row(ws, "Sở Nội vụ")
    for col in range(1, 18):  # a valid report's row stays plain
        cell = ws.cell(row=snv, column=col)
        assert cell.fill.fill_type is None and not cell.font.i and not cell.font.b, col
    assert ws.cell(row=snv, column=3).value == 120
    assert ws.cell(row=snv, column=17).value == f"Số tin, bài tuyên truyền về hội nhập quốc tế đã đăng tải: {NOTE}"


def test_zero_shows_as_a_dash_and_stays_zero(built: Built) -> None:
    ws = openpyxl.load_workbook(built.path)["Tổng hợp"]
    integer, decimal = '#,##0;-#,##0;"-"', '#,##0.0;-#,##0.0;"-"'
    rate = _column(ws, CHECKED["ty_le_giai_ngan"])
    money = _column(ws, CHECKED["von_du_an"])
    trips = _column(ws, CHECKED["doan_ra"])
    rows = [_row(ws, "Sở Nội vụ"), *(_row(ws, label) for label in GROUP_LABELS.values()), _row(ws, "TỔNG CỘNG")]
    for row in rows:  # unit, group and total rows alike
        assert ws.cell(row=row, column=3).number_format == integer
        assert ws.cell(row=row, column=trips).number_format == integer
        assert (ws.cell(row=row, column=rate).number_format, ws.cell(row=row, column=money).number_format) == (
            decimal,
            decimal,
        )
    # Sở Tư pháp sent no trip abroad: the cell holds the number 0, which a reader of values gets back.
    stp = _row(ws, "Sở Tư pháp")
    assert ws.cell(row=stp, column=trips).value == 0 and ws.cell(row=stp, column=trips).data_type == "n"
    sheet = python_calamine.CalamineWorkbook.from_path(str(built.path)).get_sheet_by_name("Tổng hợp")
    [values] = [r for r in sheet.to_python(skip_empty_area=False) if r[1] == "Sở Tư pháp"]
    assert values[trips - 1] == 0 and not isinstance(values[trips - 1], str)


def test_submission_text_starting_with_equals_stays_text(built: Built) -> None:
    ws = openpyxl.load_workbook(built.path)["Nội dung"]
    assert [c.value for c in ws[4]] == ["Mục", "Đơn vị", "Nội dung"]
    row = _row(ws, FORMULA_TEXT, column=3)
    assert ws.cell(row=row, column=3).data_type == "s"
    assert ws.cell(row=row, column=1).value == "IV. ĐỀ XUẤT, KIẾN NGHỊ"
    assert ws.cell(row=row, column=2).value == "Sở Tư pháp"
    units = {ws.cell(row=r, column=2).value for r in range(5, ws.max_row + 1)}
    assert units == {"Sở Nội vụ", "Sở Tư pháp", "UBND thành phố Lạng Sơn"}
    assert ws.cell(row=row, column=3).alignment.wrap_text


def test_submissions_and_files(built: Built) -> None:
    wb = openpyxl.load_workbook(built.path)
    ws = wb["Tình hình nộp báo cáo"]
    assert [c.value for c in ws[4]] == [
        "STT",
        "Mã",
        "Đơn vị",
        "Trạng thái",
        "Nhận lúc",
        "Nguồn thời điểm nhận",
        "Tệp",
        "Số văn bản",
        "Ngày báo cáo",
        "Số cảnh báo",
        "Số lỗi",
    ]
    statuses = {ws.cell(row=r, column=2).value: ws.cell(row=r, column=4).value for r in range(5, ws.max_row + 1)}
    assert statuses["SNV"] == "Đã báo cáo" and statuses["SYT"] == "Báo cáo không hợp lệ"
    assert statuses["STC"] == "Chưa báo cáo"
    assert sum(1 for unit in built.consolidation.form.units if unit.code in statuses) == 32
    snv = _row(ws, "SNV")
    # No receipt log: the time is shown with its source, never judged on time or late.
    assert ws.cell(row=snv, column=6).value == "Thời điểm lưu tệp"
    assert ws.cell(row=snv, column=7).value == "SNV.xlsx"
    assert ws.cell(row=snv, column=8).value == "45/BC-SNV"
    assert ws.cell(row=snv, column=9).value == dt.datetime(2022, 6, 16)
    assert ws.cell(row=snv, column=9).number_format == "dd/mm/yyyy"
    assert ws.cell(row=_row(ws, "SYT"), column=11).value == 1
    assert ws.cell(row=_row(ws, "STC"), column=5).value is None
    texts = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert any("Đã báo cáo: 3; Báo cáo không hợp lệ: 1; Chưa báo cáo: 28" in t for t in texts)
    files = wb["Tệp đã nhận"]
    assert [c.value for c in files[4]] == ["STT", "Tệp", "Đơn vị", "Trạng thái", "Lý do", "Số lỗi", "Số cảnh báo"]
    rows = {Path(files.cell(row=r, column=2).value).name: r for r in range(5, 9)}
    assert set(rows) == {"SNV.xlsx", "STP.xlsx", "SYT.xlsx", "UBND_TPLS.xlsx"}
    rejected = rows["SYT.xlsx"]
    assert files.cell(row=rejected, column=4).value == "Không hợp lệ"
    assert files.cell(row=rejected, column=5).value.startswith("Có 1 lỗi")
    assert files.cell(row=rows["SNV.xlsx"], column=4).value == "Được tổng hợp"


def test_problems_other_indicators_and_tables(built: Built) -> None:
    wb = openpyxl.load_workbook(built.path)
    problems = wb["Lỗi"]
    assert [c.value for c in problems[4]] == ["STT", "Tệp", "Đơn vị", "Mức", "Trang", "Ô", "Giá trị", "Nội dung"]
    error = _row(problems, "Lỗi", column=4)
    assert problems.cell(row=error, column=3).value == "Sở Y tế"
    assert problems.cell(row=error, column=7).value == "125"
    assert "125" in problems.cell(row=error, column=8).value
    other = wb["Chỉ tiêu khác"]
    snv = _row(other, "Sở Nội vụ")
    assert other.cell(row=snv, column=3).value == "Đã ban hành"
    assert other.cell(row=snv, column=4).value == dt.datetime(2022, 2, 15)
    assert other.cell(row=snv, column=4).number_format == "dd/mm/yyyy"
    assert other.cell(row=_row(other, "Sở Y tế"), column=3).value is None
    trips = wb["Danh sách đoàn ra"]
    assert [c.value for c in trips[4]][:4] == ["STT", "Đơn vị", "Tên đoàn (trưởng đoàn)", "Nước đến"]
    units = [trips.cell(row=r, column=2).value for r in range(5, 11)]
    assert units == ["Sở Nội vụ"] * 2 + ["Sở Tư pháp"] * 2 + ["UBND thành phố Lạng Sơn"] * 2
    assert trips.cell(row=5, column=5).value == dt.datetime(2022, 3, 1)
    assert trips.cell(row=5, column=5).number_format == "dd/mm/yyyy"
    assert trips.auto_filter.ref == "A4:I10"


def test_print_setup(built: Built) -> None:
    wb = openpyxl.load_workbook(built.path)
    ws = wb["Tổng hợp"]
    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.paperSize == 9
    assert ws.freeze_panes == "C7"
    assert ws.auto_filter.ref == f"A5:Q{_row(ws, 'TỔNG CỘNG') - 1}"
    assert ws.oddFooter.center.text == "Trang &P/&N"
    assert ws.column_dimensions["B"].width == pytest.approx(34, abs=1)
    for sheet in wb.worksheets:
        assert sheet.page_setup.paperSize == 9, sheet.title
        assert sheet.print_title_rows, sheet.title
        assert sheet.freeze_panes, sheet.title
        assert "Trang &P/&N" in sheet.oddFooter.center.text, sheet.title


# A4 landscape less the margins, in points; one Excel width unit of a column prints 7 pixels (5.25 pt).
PAGE_WIDTH_PT = (297 / 25.4) * 72
PAGE_HEIGHT_PT = (210 / 25.4) * 72


def _column_points(ws: Any, col: int) -> float:
    """A column's printed width in points, from the width stored in the file (which includes the padding)."""
    return ws.column_dimensions[openpyxl.utils.get_column_letter(col)].width * 7 * 0.75


def _bands(ws: Any) -> list[list[int]]:
    """The columns (1-based) printed on each page across, right of the repeated STT and unit columns."""
    starts = [3, *(brk.id + 1 for brk in ws.col_breaks.brk), ws.max_column + 1]
    return [list(range(a, b)) for a, b in zip(starts, starts[1:], strict=False)]


def test_summary_prints_by_group_at_a_readable_scale(built: Built) -> None:
    ws = openpyxl.load_workbook(built.path)["Tổng hợp"]
    setup = ws.page_setup
    assert not (ws.sheet_properties.pageSetUpPr and ws.sheet_properties.pageSetUpPr.fitToPage)
    scale = setup.scale
    assert 80 <= scale <= 100 and 11 * scale / 100 >= 9  # 11 pt figures print at 9 pt or more
    assert (setup.orientation, setup.paperSize) == ("landscape", 9)
    assert ws.print_title_rows == "$4:$6" and ws.print_title_cols == "$A:$B"
    total = _row(ws, "TỔNG CỘNG")
    assert ws.print_area == f"'Tổng hợp'!$A$4:$Q${total}"  # the title and date are in the page header instead
    header = ws.oddHeader.center.text
    assert "TỔNG HỢP KẾT QUẢ CÔNG TÁC HỘI NHẬP QUỐC TẾ 6 THÁNG ĐẦU NĂM 2022" in header
    assert "3/32 đơn vị có báo cáo hợp lệ" in header
    # Pages across begin at an indicator group's first column (its merged heading in row 4) or at the notes.
    groups = {r.min_col for r in ws.merged_cells.ranges if r.min_row == r.max_row == 4}
    assert groups == {3, 6, 10}  # the form's groups with numeric indicators start at C, F and J here
    bands = _bands(ws)
    assert all(band[0] in groups | {17} for band in bands)
    assert [col for band in bands for col in band] == list(range(3, 18))
    # Each page, with the repeated columns, fits the printable width at this scale.
    room = (PAGE_WIDTH_PT - (ws.page_margins.left + ws.page_margins.right) * 72) * 100 / scale
    repeated = _column_points(ws, 1) + _column_points(ws, 2)
    for band in bands:
        assert repeated + sum(_column_points(ws, col) for col in band) <= room, band


def test_only_the_summary_is_selected_for_printing(built: Built) -> None:
    wb = openpyxl.load_workbook(built.path)
    assert wb.active.title == "Tổng hợp"
    selected = [ws.title for ws in wb.worksheets if ws.sheet_view.tabSelected]
    assert selected == ["Tổng hợp"]
    # The working sheets come after the meeting's.
    names = wb.sheetnames
    assert max(names.index(n) for n in ("Tổng hợp", "Biểu đồ", "Tình hình nộp báo cáo")) < min(
        names.index(n) for n in ("Nội dung", "Chỉ tiêu khác", "Tệp đã nhận", "Lỗi")
    )


def _pages_down(ws: Any) -> int:
    """Pages the printed rows take downward at the sheet's scale, the repeated header rows on each."""
    margins = ws.page_margins
    room = (PAGE_HEIGHT_PT - (margins.top + margins.bottom) * 72) * 100 / ws.page_setup.scale
    first, last = (int(n) for n in re.findall(r"\$(\d+)", ws.print_area.split("!")[1]))
    heights = [ws.row_dimensions[r].height or 15 for r in range(first, last + 1)]  # 15: the default, not written
    header = sum(heights[:3])
    pages, used = 1, header
    for height in heights[3:]:
        if used + height > room:
            pages, used = pages + 1, header
        used += height
    return pages


@pytest.mark.skipif(soffice() is None, reason="LibreOffice is not installed")
def test_summary_prints_the_pages_its_layout_promises(built: Built, tmp_path: Path) -> None:
    # The demo's form and units (32 units, 14 numeric indicators in 4 groups), «Tổng hợp» alone.
    wb = openpyxl.load_workbook(built.path)
    for name in wb.sheetnames[1:]:
        del wb[name]
    alone = tmp_path / "tong_hop.xlsx"
    wb.save(alone)
    ws = wb["Tổng hợp"]
    across, down = len(_bands(ws)), _pages_down(ws)
    assert (across, down) == (2, 2)
    assert pdf_pages(convert(alone, "pdf", tmp_path / "pdf")) == across * down


def test_chart_sheet(built: Built) -> None:
    formulas = openpyxl.load_workbook(built.path)["Biểu đồ"]
    cached = openpyxl.load_workbook(built.path, data_only=True)["Biểu đồ"]
    assert len(formulas._charts) == 1
    assert formulas["A4"].value == "Nhóm đơn vị"
    assert formulas["B4"].value == "Số đoàn ra (đoàn đi công tác nước ngoài) (đoàn)"
    assert formulas["B5"].value.startswith("='Tổng hợp'!")
    assert [cached[f"B{r}"].value for r in (5, 6, 7)] == [
        _expected("doan_ra", GROUPS["Sở, ban, ngành"]),
        _expected("doan_ra", GROUPS["UBND cấp huyện"]),
        _expected("doan_ra", list(FIGURES)),
    ]
    chart = formulas._charts[0]
    assert "Một số chỉ tiêu chính theo nhóm đơn vị — 6 tháng đầu năm 2022" in _chart_text(chart.title)
    assert chart.legend.position == "b"


def _chart_text(title: Any) -> str:
    return "".join(run.t for p in title.tx.rich.p for run in (p.r or []))


def test_a_reader_that_computes_no_formula_sees_the_totals(built: Built) -> None:
    # calamine, like pandas' read_excel(engine="calamine"), takes each formula's cached value.
    sheet = python_calamine.CalamineWorkbook.from_path(str(built.path)).get_sheet_by_name("Tổng hợp")
    total = next(row for row in sheet.to_python(skip_empty_area=False) if row[1] == "TỔNG CỘNG")
    assert total[2] == _expected("tin_bai", list(FIGURES))
    assert total[12] == pytest.approx(_expected("von_du_an", list(FIGURES)))
    assert total[13] == pytest.approx(_expected("ty_le_giai_ngan", list(FIGURES)))  # weighted, not 46,25


def test_no_problems_and_nothing_printed(tmp_path: Path, form: Form, fill: FillFn, capsys: Any) -> None:
    folder = tmp_path / "bao_cao"
    folder.mkdir()
    fill(unit="SNV", name="bao_cao/SNV.xlsx")
    path = tmp_path / "out.xlsx"
    write_summary(merge(check_paths([folder], form), form), path)
    assert capsys.readouterr() == ("", "")
    ws = openpyxl.load_workbook(path)["Lỗi"]
    assert ws.cell(row=5, column=2).value == "Không có lỗi hay cảnh báo nào."


def test_long_text_is_split_into_printable_rows(tmp_path: Path, form: Form, fill: FillFn) -> None:
    folder = tmp_path / "bao_cao"
    folder.mkdir()
    paragraph = "Đơn vị tiếp tục tăng cường phối hợp trong công tác đối ngoại và hội nhập quốc tế. " * 40
    long_text = "\n".join([paragraph.strip()] * 5)
    fill(unit="SNV", name="bao_cao/SNV.xlsx", kien_nghi=long_text)
    path = tmp_path / "out.xlsx"
    write_summary(merge(check_paths([folder], form), form), path)
    ws = openpyxl.load_workbook(path)["Nội dung"]
    rows = [r for r in range(5, ws.max_row + 1) if str(ws.cell(row=r, column=1).value).startswith("IV.")]
    assert len(rows) > 1
    assert ws.cell(row=rows[1], column=2).value == "Sở Nội vụ (tiếp theo)"
    assert all(ws.row_dimensions[r].height <= 409 for r in rows)
    pieces = " ".join(ws.cell(row=r, column=3).value for r in rows)
    assert pieces.split() == long_text.split()


def test_sheet_names_are_valid_and_unique() -> None:
    def name(title: str) -> str:
        return table_sheet_name(Table(code="ds", title=title, columns=()), taken)

    taken = {"tổng hợp"}
    first = name("Danh sách: đoàn ra/vào [năm 2022] của các đơn vị")
    second = name("Danh sách: đoàn ra/vào [năm 2022] của các đơn vị")
    assert len(first) <= 31 and len(second) <= 31
    assert not set(first + second) & set("[]:*?/\\")
    assert first != second and second.endswith("(2)")
    assert name("TỔNG HỢP") == "TỔNG HỢP (2)"


@pytest.mark.skipif(soffice() is None, reason="LibreOffice is not installed")
def test_libreoffice_converts_to_pdf(built: Built, tmp_path: Path) -> None:
    pdf = convert(built.path, "pdf", tmp_path)
    assert pdf.stat().st_size > 10_000
    assert pdf.read_bytes().startswith(b"%PDF")


def test_many_groups_use_subtotal_over_one_span(built: Built, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from consolidate import summary_xlsx

    monkeypatch.setattr(summary_xlsx, "MAX_RANGES", 1)  # as for hundreds of groups (Excel: 255 arguments)
    path = tmp_path / "nhieu_nhom.xlsx"
    write_summary(built.consolidation, path)
    formulas = openpyxl.load_workbook(path)["Tổng hợp"]
    cached = openpyxl.load_workbook(path, data_only=True)["Tổng hợp"]
    total_row = _row(formulas, "TỔNG CỘNG")
    group_rows = [_row(formulas, GROUP_LABELS[group]) for group in GROUPS]
    for code, label in CHECKED.items():
        col = _column(formulas, label)
        letter = openpyxl.utils.get_column_letter(col)
        span = f"{letter}{group_rows[0] + 1}:{letter}{total_row - 1}"
        expected = f'=IF(SUBTOTAL(2,{span})=0,"",SUBTOTAL(9,{span}))'
        if code == "ty_le_giai_ngan":  # weighted: SUMPRODUCT over unit rows whatever the number of groups
            assert "SUMPRODUCT(" in formulas.cell(row=total_row, column=col).value
            continue
        assert formulas.cell(row=total_row, column=col).value == expected
        for row in group_rows:
            assert formulas.cell(row=row, column=col).value.startswith("=IF(SUBTOTAL(2,")
        assert cached.cell(row=total_row, column=col).value == pytest.approx(_expected(code, list(FIGURES)))


def test_a_group_wider_than_a_page_is_split_at_the_lowest_readable_scale() -> None:
    from consolidate.summary_xlsx import MIN_PRINT_SCALE, _points, _print_layout

    # STT, unit, then one group of 20 indicators (far wider than a landscape page) and a narrow one.
    widths = [5.5, 34.0, *[12.0] * 20, *[12.0] * 2, 20.0]
    blocks = [(2, 21), (22, 23), (24, 24)]
    layout = _print_layout(widths, blocks, [40.0, 120.0, 15.0] + [15.0] * 30, header_rows=3)
    assert layout.scale == MIN_PRINT_SCALE == 82
    room = (297 / 25.4 - 0.9) * 72 * 100 / layout.scale - _points(5.5) - _points(34.0)
    starts = [2, *layout.breaks, len(widths)]
    assert all(sum(_points(w) for w in widths[a:b]) <= room for a, b in zip(starts, starts[1:], strict=False))
    assert 22 in layout.breaks  # the narrow group starts a page of its own rather than being cut
    # Groups that fit: the scale is the largest with the fewest pages, and pages break only between groups.
    narrow = [5.5, 34.0, *[12.0] * 3, *[12.0] * 2, 20.0]
    layout = _print_layout(narrow, [(2, 4), (5, 6), (7, 7)], [40.0, 120.0, 15.0] + [15.0] * 10, header_rows=3)
    assert (layout.scale, layout.breaks, layout.pages) == (100, [], 1)
