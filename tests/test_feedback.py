"""Feedback workbooks: one per problem file, problems listed, linked and marked in a copy of the file."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pytest

import consolidate.pdf
from consolidate.check import CheckReport, FileResult, Problem, check_file, check_paths
from consolidate.feedback import AUTHOR, SHEET, write_feedback
from consolidate.form import Form
from consolidate.template import INPUT_FILL
from tests.conftest import FIXTURES, FillFn, sha256

ERROR_RGB = "00FFC7CE"
WARNING_RGB = "00FFEB9C"


@pytest.fixture
def checked(tmp_path: Path, form: Form, fill: FillFn) -> tuple[CheckReport, Path]:
    """Three submissions (valid SNV, SYT with 2 errors, UBND_TPLS with 1 warning) and a garbage file."""
    fill(unit="SNV", name="bao_cao/SNV.xlsx")
    fill(unit="SYT", name="bao_cao/SYT.xlsx", doan_vao=900)
    fill(unit="UBND_TPLS", name="bao_cao/UBND_TPLS.xlsx", tin_bai="1.250")
    (tmp_path / "bao_cao" / "rac.xlsx").write_bytes(b"not a workbook")
    return check_paths([tmp_path / "bao_cao"], form), tmp_path / "phan_hoi"


def _table(ws: openpyxl.worksheet.worksheet.Worksheet) -> list[tuple[openpyxl.cell.cell.Cell, ...]]:
    """The problem rows of a "Phản hồi" sheet (below its STT header)."""
    header = next(row[0].row for row in ws.iter_rows(max_col=1) if row[0].value == "STT")
    return [row for row in ws.iter_rows(min_row=header + 1, max_col=5) if row[0].value is not None]


def test_one_workbook_per_problem_file_with_a_unit(checked: tuple[CheckReport, Path], form: Form) -> None:
    report, out = checked
    sources = [f.path for f in report.files]
    before = {p: sha256(p) for p in sources}

    written = write_feedback(report, form, out)

    assert [p.name for p in written] == ["SYT_phan_hoi.xlsx", "UBND_TPLS_phan_hoi.xlsx"]
    assert sorted(p.name for p in out.iterdir()) == ["SYT_phan_hoi.xlsx", "UBND_TPLS_phan_hoi.xlsx"]
    assert {p: sha256(p) for p in sources} == before


def test_feedback_lists_links_and_marks_the_problems(checked: tuple[CheckReport, Path], form: Form) -> None:
    report, out = checked
    result = next(f for f in report.files if f.unit == "SYT")
    assert [(p.sheet, p.cell, p.severity) for p in result.problems] == [
        ("Chỉ tiêu", "E14", "error"),
        ("Chỉ tiêu", "E15", "error"),
    ]

    write_feedback(report, form, out)

    wb = openpyxl.load_workbook(out / "SYT_phan_hoi.xlsx")
    original = openpyxl.load_workbook(result.path)
    assert wb.sheetnames == [SHEET, *original.sheetnames]
    assert wb.active.title == SHEET
    ws = wb[SHEET]
    texts = [c.value for row in ws.iter_rows(max_row=12) for c in row if isinstance(c.value, str)]
    assert "PHẢN HỒI KẾT QUẢ KIỂM TRA BÁO CÁO" in texts
    assert "Sở Y tế (mã SYT)" in texts
    assert f"{form.title} {form.period.label}" in texts
    assert "SYT.xlsx" in texts
    assert any(t.startswith("2 lỗi, 0 cảnh báo.") for t in texts)
    assert any(t.startswith("Sửa các ô được tô màu") and form.agency.name in t for t in texts)
    rows = _table(ws)
    assert [(r[0].value, r[1].value, r[2].value, r[3].value, r[4].value) for r in rows] == [
        (n, "Lỗi", p.sheet, p.cell, p.message) for n, p in enumerate(result.problems, start=1)
    ]
    assert [r[3].hyperlink.location for r in rows] == ["'Chỉ tiêu'!E14", "'Chỉ tiêu'!E15"]
    assert all(r[4].alignment.wrap_text and r[4].font.name == "Times New Roman" for r in rows)
    assert ws.page_setup.orientation == "landscape"
    assert int(ws.page_setup.paperSize) == int(ws.PAPERSIZE_A4)

    sheet = wb["Chỉ tiêu"]
    for problem in result.problems:
        cell = sheet[str(problem.cell)]
        assert cell.fill.start_color.rgb == ERROR_RGB
        assert cell.comment.author == AUTHOR
        assert problem.message in cell.comment.text
    # Everything the unit typed is still there, and the sheets are as locked as they were.
    for name in original.sheetnames:
        assert wb[name].protection.sheet == original[name].protection.sheet
        assert wb[name].sheet_state == original[name].sheet_state
        assert [[c.value for c in r] for r in wb[name].iter_rows()] == [
            [c.value for c in r] for r in original[name].iter_rows()
        ]
    assert wb["Chỉ tiêu"].protection.sheet


def test_warning_is_yellow_and_needs_no_resend_if_right(checked: tuple[CheckReport, Path], form: Form) -> None:
    report, out = checked
    write_feedback(report, form, out)

    wb = openpyxl.load_workbook(out / "UBND_TPLS_phan_hoi.xlsx")
    rows = _table(wb[SHEET])
    assert [(r[1].value, r[3].value, r[3].hyperlink.location) for r in rows] == [("Cảnh báo", "E8", "'Chỉ tiêu'!E8")]
    cell = wb["Chỉ tiêu"]["E8"]
    assert cell.value == "1.250"
    assert cell.fill.start_color.rgb == WARNING_RGB
    assert "«1.250»" in cell.comment.text
    texts = [c.value for row in wb[SHEET].iter_rows() for c in row if isinstance(c.value, str)]
    assert any("Nếu số liệu đã đúng thì không cần sửa" in t for t in texts)


def test_several_problems_of_one_cell_share_one_comment(tmp_path: Path, form: Form, fill: FillFn) -> None:
    result = check_file(fill(unit="SYT", doan_vao=900), form)
    first = result.problems[0]
    extra = Problem(first.file, "SYT", first.field, first.sheet, first.cell, 900, "warning", "=900 có vẻ lớn.")
    result.problems.append(extra)

    write_feedback(CheckReport(form.id, [result]), form, tmp_path / "out")

    wb = openpyxl.load_workbook(tmp_path / "out" / "SYT_phan_hoi.xlsx")
    cell = wb["Chỉ tiêu"]["E14"]
    assert cell.fill.start_color.rgb == ERROR_RGB  # the worse of the two
    assert first.message in cell.comment.text and "=900 có vẻ lớn." in cell.comment.text
    last = _table(wb[SHEET])[-1]
    assert last[4].value == "=900 có vẻ lớn." and last[4].data_type == "s"


def test_extra_files_of_a_unit_are_numbered_in_path_order(tmp_path: Path, form: Form, fill: FillFn) -> None:
    fill(unit="SYT", name="in/b.xlsx", doan_vao=900)
    fill(unit="SYT", name="in/a.xlsx", tin_bai="1.250")
    report = check_paths([tmp_path / "in"], form)

    written = write_feedback(report, form, tmp_path / "out")

    assert sorted(p.name for p in written) == ["SYT_phan_hoi.xlsx", "SYT_phan_hoi_2.xlsx"]
    first = openpyxl.load_workbook(tmp_path / "out" / "SYT_phan_hoi.xlsx")[SHEET]
    assert "a.xlsx" in [c.value for row in first.iter_rows() for c in row]


def test_a_returned_feedback_copy_checks_and_is_marked_afresh(
    checked: tuple[CheckReport, Path], form: Form, tmp_path: Path
) -> None:
    report, out = checked
    write_feedback(report, form, out)
    copy = out / "SYT_phan_hoi.xlsx"
    # Untouched, the feedback is the tool's own output lying among the submissions: skipped with a note.
    untouched = check_file(copy, form)
    assert (untouched.status, untouched.problems) == ("skipped", [])
    assert untouched.reason.startswith("Đây là tệp phản hồi do chính chương trình ghi ra (chưa ai sửa)")
    # The unit fixes the limit (E14) but not the rule (E15: 5 visitors < 6 delegations) and sends it back.
    wb = openpyxl.load_workbook(copy)
    wb["Chỉ tiêu"]["E14"] = 6
    returned = tmp_path / "lan_2" / "SYT.xlsx"
    returned.parent.mkdir()
    wb.save(returned)
    again = check_paths([returned.parent], form)
    assert [p.cell for p in again.files[0].problems] == ["E15"]

    write_feedback(again, form, tmp_path / "out2")

    wb = openpyxl.load_workbook(tmp_path / "out2" / "SYT_phan_hoi.xlsx")
    assert wb.sheetnames.count(SHEET) == 1 and wb.sheetnames[0] == SHEET
    assert [r[3].value for r in _table(wb[SHEET])] == ["E15"]
    fixed = wb["Chỉ tiêu"]["E14"]
    assert fixed.comment is None and fixed.fill.start_color.rgb == INPUT_FILL.start_color.rgb
    assert wb["Chỉ tiêu"]["E15"].fill.start_color.rgb == ERROR_RGB


def test_ods_submission_gets_the_list_alone(tmp_path: Path, form: Form) -> None:
    source = tmp_path / "SYT.ods"
    shutil.copyfile(FIXTURES / "filled_SYT.ods", source)
    problems = [
        Problem(str(source), "SYT", "doan_vao", "Chỉ tiêu", "E14", 900, "error", "900 nằm ngoài giới hạn."),
        Problem(str(source), "SYT", None, None, None, None, "warning", "-1 dòng thừa."),
    ]
    result = FileResult(path=source, status="error", unit="SYT", problems=problems)
    before = sha256(source)

    written = write_feedback(CheckReport(form.id, [result]), form, tmp_path / "out")

    assert [p.name for p in written] == ["SYT_phan_hoi.xlsx"]
    assert sha256(source) == before
    wb = openpyxl.load_workbook(written[0])
    assert wb.sheetnames == [SHEET]
    ws = wb[SHEET]
    rows = _table(ws)
    assert [(r[1].value, r[2].value, r[3].value, r[4].value) for r in rows] == [
        ("Lỗi", "Chỉ tiêu", "E14", "900 nằm ngoài giới hạn."),
        ("Cảnh báo", None, None, "-1 dòng thừa."),
    ]
    assert rows[1][4].data_type == "s"
    assert all(r[3].hyperlink is None for r in rows)
    texts = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert any(".ods" in t and "biểu mẫu Excel (.xlsx)" in t for t in texts)


@pytest.mark.skipif(consolidate.pdf.find_soffice() is None, reason="LibreOffice is not installed")
def test_feedback_converts_to_pdf(checked: tuple[CheckReport, Path], form: Form, tmp_path: Path) -> None:
    report, out = checked
    written = write_feedback(report, form, out)

    pdf = consolidate.pdf.convert(written[0], "pdf", tmp_path / "pdf")

    assert pdf.exists() and pdf.read_bytes().startswith(b"%PDF")


def test_xlsm_submission_is_annotated_and_saved_as_xlsx(tmp_path: Path, form: Form, fill: FillFn) -> None:
    source = fill(unit="SYT", doan_vao=900).rename(tmp_path / "SYT.xlsm")
    report = CheckReport(form.id, [check_file(source, form)])

    written = write_feedback(report, form, tmp_path / "out")

    assert [p.name for p in written] == ["SYT_phan_hoi.xlsx"]
    wb = openpyxl.load_workbook(written[0])
    assert wb.sheetnames[0] == SHEET
    assert wb["Chỉ tiêu"]["E14"].fill.start_color.rgb == ERROR_RGB
