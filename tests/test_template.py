"""The generated template: names, properties, validation, protection, print setup."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils.cell import range_boundaries

from consolidate.errors import OutputError
from consolidate.form import SYSTEM_NAMES, Form
from consolidate.layout import SHEET_INDICATORS, SHEET_INFO, SHEET_LISTS
from consolidate.schema import describe
from consolidate.template import write_templates


@pytest.fixture(scope="module")
def workbook(templates: Path) -> openpyxl.Workbook:
    return openpyxl.load_workbook(templates / "hoi_nhap_quoc_te_SNV.xlsx")


def _cell(wb: openpyxl.Workbook, name: str) -> tuple[str, str]:
    ((sheet, ref),) = list(wb.defined_names[name].destinations)
    return sheet, ref.replace("$", "")


def test_one_file_per_unit_and_a_blank_one(templates: Path) -> None:
    names = sorted(p.name for p in templates.glob("*.xlsx"))
    assert names == [
        "hoi_nhap_quoc_te_SNV.xlsx",
        "hoi_nhap_quoc_te_SYT.xlsx",
        "hoi_nhap_quoc_te_UBND_TPLS.xlsx",
        "hoi_nhap_quoc_te_mau_trong.xlsx",
    ]


def test_every_input_has_a_workbook_scope_name_matching_the_schema(workbook: openpyxl.Workbook, form: Form) -> None:
    schema = describe(form)
    for item in schema["fields"] + [s for s in schema["sections"] if s["cell"]]:
        assert item["code"] in workbook.defined_names, item["code"]
        assert _cell(workbook, item["code"]) == (item["sheet"], item["cell"])
    for table in schema["tables"]:
        sheet, ref = _cell(workbook, table["code"])
        min_col, min_row, max_col, max_row = range_boundaries(ref)
        assert sheet == table["sheet"]
        assert ref.split(":")[0] == table["cell"]
        assert max_col - min_col + 1 == len(table["columns"])
        assert max_row - min_row + 1 == 30
    for name in SYSTEM_NAMES:
        assert name in workbook.defined_names
    for sheet in workbook.worksheets:
        assert not sheet.defined_names, "names must be workbook-scope"


def test_identity_is_embedded_and_visible(workbook: openpyxl.Workbook) -> None:
    props = {p.name: p.value for p in workbook.custom_doc_props.props}
    assert props["form_id"] == "hoi_nhap_quoc_te"
    assert props["form_version"] == "2022.1"
    assert props["unit_code"] == "SNV"
    info = workbook[SHEET_INFO]
    assert info[_cell(workbook, "ma_bieu_mau")[1]].value == "hoi_nhap_quoc_te"
    assert info[_cell(workbook, "phien_ban_bieu_mau")[1]].value == "2022.1"
    assert info[_cell(workbook, "ma_don_vi")[1]].value == "SNV - Sở Nội vụ"
    assert workbook.sheetnames[:4] == ["Hướng dẫn", "Thông tin", "Chỉ tiêu", "Nội dung"]
    assert workbook[SHEET_LISTS].sheet_state == "hidden"


def test_indicator_sheet_layout(workbook: openpyxl.Workbook) -> None:
    ws = workbook[SHEET_INDICATORS]
    assert [ws.cell(row=5, column=c).value for c in range(1, 7)] == [
        "STT",
        "Mã",
        "Chỉ tiêu",
        "Đơn vị tính",
        "Giá trị",
        "Ghi chú",
    ]
    assert ws["A7"].value == "I"
    assert ws["C7"].value == "Thông tin, tuyên truyền về hội nhập quốc tế"
    assert ws["B8"].value == "tin_bai"
    assert ws["D8"].value == "tin, bài"
    assert ws["C8"].value.endswith("(*)")
    assert ws.freeze_panes == "A7"
    assert ws.print_title_rows == "$5:$5"


def test_validation_has_type_bounds_and_vietnamese_messages(workbook: openpyxl.Workbook) -> None:
    ws = workbook[SHEET_INDICATORS]
    by_cell = {str(dv.sqref): dv for dv in ws.data_validations.dataValidation}
    doan_ra = by_cell[_cell(workbook, "doan_ra")[1]]
    assert (doan_ra.type, doan_ra.operator, doan_ra.formula1, doan_ra.formula2) == ("whole", "between", "0", "500")
    assert doan_ra.showErrorMessage and doan_ra.showInputMessage
    assert "số nguyên" in doan_ra.prompt and "từ 0 đến 500" in doan_ra.prompt
    assert doan_ra.errorTitle == "Giá trị không hợp lệ"
    assert by_cell[_cell(workbook, "von_du_an")[1]].type == "decimal"
    assert by_cell[_cell(workbook, "ngay_ke_hoach")[1]].type == "date"
    choice = by_cell[_cell(workbook, "ke_hoach")[1]]
    assert choice.type == "list" and choice.formula1.startswith("'Danh mục'!")
    for dv in ws.data_validations.dataValidation:
        assert len(dv.prompt or "") <= 255 and len(dv.promptTitle or "") <= 32


def test_labels_locked_inputs_unlocked_without_password(workbook: openpyxl.Workbook) -> None:
    ws = workbook[SHEET_INDICATORS]
    assert ws.protection.sheet is True
    assert not ws.protection.password
    assert ws.protection.formatRows is False  # units may resize rows
    value_cell = ws[_cell(workbook, "doan_ra")[1]]
    assert value_cell.protection.locked is False
    assert value_cell.fill.start_color.rgb.endswith("FFF2CC")
    label_cell = ws.cell(row=value_cell.row, column=3)
    assert label_cell.protection.locked is True


def test_print_setup_is_a4_fit_to_width(workbook: openpyxl.Workbook) -> None:
    for ws in workbook.worksheets:
        if ws.sheet_state != "visible":
            continue
        assert int(ws.page_setup.paperSize) == 9, ws.title  # A4
        assert ws.page_setup.fitToWidth == 1, ws.title
    assert workbook["Danh sách đoàn ra"].page_setup.orientation == "landscape"


def test_table_sheet_is_a_real_excel_table(workbook: openpyxl.Workbook) -> None:
    ws = workbook["Danh sách đoàn ra"]
    table = ws.tables["tbl_ds_doan_ra"]
    assert table.ref == "A5:H35"
    assert [ws.cell(row=5, column=c).value for c in range(1, 4)] == [
        "STT",
        "Tên đoàn (trưởng đoàn) (*)",
        "Nước đến (*)",
    ]
    # Rows typed under the table are allowed: the columns themselves are unlocked, dates as dates.
    assert ws.column_dimensions["B"].protection.locked is False
    assert ws.column_dimensions["D"].number_format == "dd/mm/yyyy"
    date_dv = next(dv for dv in ws.data_validations.dataValidation if dv.type == "date")
    assert "D6:D235" in str(date_dv.sqref)


def test_blank_template_offers_the_unit_list(templates: Path, form: Form) -> None:
    wb = openpyxl.load_workbook(templates / "hoi_nhap_quoc_te_mau_trong.xlsx")
    sheet, ref = _cell(wb, "ma_don_vi")
    ws = wb[sheet]
    assert ws[ref].value is None
    assert ws[ref].protection.locked is False
    dv = next(dv for dv in ws.data_validations.dataValidation if str(dv.sqref) == ref)
    assert dv.type == "list"
    lists = wb[SHEET_LISTS]
    assert lists["A2"].value == "SNV - Sở Nội vụ"
    assert lists.cell(row=len(form.units) + 1, column=1).value == "UBND_DL - UBND huyện Đình Lập"
    assert {p.name: p.value for p in wb.custom_doc_props.props}.get("unit_code") in ("", None)


def test_unknown_unit_is_refused(tmp_path: Path, form: Form) -> None:
    with pytest.raises(OutputError, match="Không có đơn vị mã «XYZ»"):
        write_templates(form, tmp_path, ["XYZ"])
    assert not list(tmp_path.glob("*.xlsx"))
