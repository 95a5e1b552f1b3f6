"""The form workbook: written from a definition, read back with positions, problems pinned, and used end to end."""

from __future__ import annotations

import copy
import datetime as dt
import json
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml
from typer.testing import CliRunner

from consolidate.cli import app
from consolidate.errors import FormError
from consolidate.fill import fill_template
from consolidate.form import FORMS_DIR, load_form
from consolidate.formbook import (
    derive_code,
    dump_yaml,
    load_yaml_definition,
    read_form_workbook,
)
from consolidate.formsource import Position
from consolidate.template import template_filename, write_templates
from tests.conftest import soffice

runner = CliRunner()
SHIPPED = FORMS_DIR / "hoi_nhap_quoc_te.yaml"
SHEETS = [
    "Hướng dẫn",
    "Thông tin chung",
    "Chỉ tiêu",
    "Thông tin văn bản",
    "Mục",
    "Bảng",
    "Cột bảng",
    "Danh sách chọn",
    "Đơn vị",
    "Quy tắc",
]

# A form using every key the model accepts (previous_code is carried through for the history helper).
EVERY_FEATURE: dict[str, Any] = {
    "id": "moi_tinh_nang",
    "version": "3",
    "title": "Báo cáo thử mọi tính năng",
    "period": {
        "type": "quarter",
        "year": 2024,
        "number": 2,
        "label": "quý II năm 2024",
        "from": dt.date(2024, 3, 15),
        "to": dt.date(2024, 6, 14),
        "deadline": dt.date(2024, 6, 20),
    },
    "agency": {
        "parent": "UBND tỉnh Lạng Sơn",
        "name": "Sở Văn hóa, Thể thao và Du lịch",
        "abbreviation": "SVHTTDL",
        "place": "Lạng Sơn",
        "document_code": "BC-SVHTTDL",
        "drafting_unit": "QLDL",
        "signer": {"authority": "KT. GIÁM ĐỐC", "title": "PHÓ GIÁM ĐỐC", "name": "Hoàng Thị Lan"},
        "recipients": ["UBND tỉnh", "Bộ Văn hóa, Thể thao và Du lịch"],
        "request": "Công văn số 744/SVHTTDL-QLDL",
    },
    "units": [
        {"code": "UBND_TPLS", "name": "UBND thành phố Lạng Sơn", "group": "Cấp huyện"},
        {"code": "SCT", "name": "Sở Công Thương", "group": "Sở, ban, ngành"},
    ],
    "report": {
        "actor": "các huyện, thành phố",
        "copies_to": ["Lưu: VT, QLDL"],
        "chart": ["luot_khach", "doanh_thu"],
        "number": 15,
        "issue_date": "2024-06",
        "contributions": "full",
        "unit_detail_limit": 50,
        "body_pages": 6,
        "unit_texts": True,
    },
    "indicators": [
        {
            "code": "luot_khach",
            "previous_code": "tong_luot_khach",
            "label": "Tổng lượt khách",
            "unit": "lượt",
            "kind": "integer",
            "required": True,
            "min": 0,
            "max": 5000000,
            "group": "Khách du lịch",
            "aggregate": "sum",
            "phrase": "đón {value} lượt khách, doanh thu {doanh_thu} triệu đồng",
            "hint": "Cả khách trong nước và quốc tế",
        },
        {"code": "doanh_thu", "label": "Doanh thu", "unit": "triệu đồng", "kind": "decimal", "min": 0.5},
        {"code": "cong_suat", "label": "Công suất phòng", "kind": "percent", "aggregate": "average", "max": 100},
        {
            "code": "xep_hang",
            "label": "Xếp hạng",
            "kind": "choice",
            "choices": ["Tốt", "Khá", "Trung bình"],
            "phrase": "mức xếp hạng cơ sở lưu trú",  # a choice's phrase: the object of the counts sentence
        },
        {"code": "ngay_le_hoi", "label": "Ngày lễ hội", "kind": "date", "min": dt.date(2024, 1, 1), "required": False},
        {"code": "ghi_chu", "label": "Ghi chú", "kind": "text", "aggregate": "none"},
    ],
    "sections": [
        {
            "code": "ket_qua",
            "number": "I",
            "heading": "KẾT QUẢ",
            "children": [
                {
                    "code": "khach",
                    "number": "1",
                    "heading": "Khách du lịch",
                    "required": True,
                    "hint": "Nêu lượt khách",
                    "cite": ["luot_khach", "xep_hang"],
                    "children": [{"code": "khach_qt", "number": "1.1", "heading": "Khách quốc tế", "input": True}],
                },
            ],
            "input": False,
        },
        {
            "code": "danh_gia",
            "number": "II",
            "heading": "ĐÁNH GIÁ CHUNG",
            "writer": "coordinator",
            "text": "Ưu điểm: chủ động.\nHạn chế: kinh phí.",
        },
        {"code": "ke_hoach", "number": "III", "heading": "KẾ HOẠCH", "writer": "coordinator", "file": "ke_hoach.docx"},
        {"code": "kien_nghi", "number": "IV", "heading": "KIẾN NGHỊ", "required": False},
    ],
    "tables": [
        {
            "code": "ds_su_kien",
            "title": "Danh sách sự kiện",
            "columns": [
                {"code": "ten", "label": "Tên sự kiện", "kind": "text", "required": True},
                {"code": "bat_dau", "label": "Bắt đầu", "kind": "date"},
                {"code": "ket_thuc", "label": "Kết thúc", "kind": "date"},
                {"code": "quy_mo", "label": "Quy mô", "kind": "choice", "choices": ["Tỉnh", "Huyện"]},
                {"code": "khach", "label": "Số khách", "kind": "integer", "min": 0, "max": 100000, "unit": "người"},
            ],
            "rules": [{"expression": "ket_thuc >= bat_dau", "message": "Kết thúc sau bắt đầu."}],
            "rows": 12,
        }
    ],
    "rules": [{"expression": "doanh_thu >= 0 or luot_khach == 0", "message": "Doanh thu không âm."}],
    "metadata": [
        {"code": "so_van_ban", "label": "Số văn bản", "kind": "text", "required": True, "hint": "Ví dụ: 45/BC"},
        {"code": "ngay_van_ban", "label": "Ngày ký", "kind": "date", "required": True},
    ],
    "unusual": {"ratio": 4.5, "z": 5, "min_group": 3},
}


def _edit(path: Path, change: Callable[[openpyxl.Workbook], None]) -> Path:
    wb = openpyxl.load_workbook(path)
    change(wb)
    wb.save(path)
    return path


@pytest.fixture
def shipped_book(tmp_path: Path) -> Path:
    target = tmp_path / "bieu_mau.xlsx"
    result = runner.invoke(app, ["form", "new", "--out", str(target)])
    assert result.exit_code == 0, result.output
    assert result.output == f"Đã ghi {target}.\n"
    return target


# --- round trips --------------------------------------------------------------------------------------


def test_shipped_form_round_trips_yaml_workbook_yaml(tmp_path: Path, shipped_book: Path) -> None:
    original = load_yaml_definition(SHIPPED)
    assert len(original["units"]) == 32  # the units file, inlined
    definition = read_form_workbook(shipped_book)
    assert definition.problems == []
    assert definition.data == original
    back = tmp_path / "back.yaml"
    assert runner.invoke(app, ["form", "convert", str(shipped_book), str(back)]).exit_code == 0
    text = back.read_text(encoding="utf-8")
    assert yaml.safe_load(text) == original
    assert "- {code: SNV, name: Sở Nội vụ, group: 'Sở, ban, ngành'}\n" in text  # units inline, diacritics kept


def test_every_feature_round_trips(tmp_path: Path) -> None:
    source = tmp_path / "moi.yaml"
    source.write_text(dump_yaml(EVERY_FEATURE), encoding="utf-8")
    book, back = tmp_path / "moi.xlsx", tmp_path / "lai.yaml"
    assert runner.invoke(app, ["form", "convert", str(source), str(book)]).exit_code == 0
    result = runner.invoke(app, ["form", "convert", str(book), str(back)])
    assert result.exit_code == 0, result.output
    assert yaml.safe_load(back.read_text(encoding="utf-8")) == EVERY_FEATURE
    definition = read_form_workbook(book)
    assert definition.positions["indicators[0].previous_code"] == Position("Chỉ tiêu", 2, "Mã cũ", "B2")
    assert definition.positions["indicators[4].min"] == Position("Chỉ tiêu", 6, "Giới hạn dưới", "G6")
    assert definition.positions["period.number"].cell == "B7"
    assert definition.positions["sections[0].children[0].children[0].heading"] == Position("Mục", 4, "Tiêu đề", "C4")
    assert definition.positions["tables[0].columns[3].choices[1]"] == Position("Danh sách chọn", 6, "Lựa chọn", "B6")
    assert definition.positions["tables[0].rules[0].expression"] == Position("Quy tắc", 3, "Biểu thức", "B3")
    assert definition.positions["agency.recipients[1]"].cell == definition.positions["agency.recipients"].cell


def test_template_from_the_workbook_equals_the_template_from_the_yaml(tmp_path: Path, shipped_book: Path) -> None:
    schemas = [runner.invoke(app, ["schema", str(p), "--json"]) for p in (SHIPPED, shipped_book)]
    assert all(r.exit_code == 0 for r in schemas)
    assert json.loads(schemas[0].output) == json.loads(schemas[1].output)
    cells = []
    for name, path in (("yaml", SHIPPED), ("xlsx", shipped_book)):
        form = load_form(path)
        write_templates(form, tmp_path / name, ["SNV"])
        wb = openpyxl.load_workbook(tmp_path / name / template_filename(form, form.unit("SNV")))
        names = {n: str(d.attr_text) for n, d in wb.defined_names.items()}
        values = {(ws.title, c.coordinate): c.value for ws in wb for row in ws.iter_rows() for c in row}
        cells.append((names, values))
    assert cells[0] == cells[1]
    assert "doan_ra" in cells[0][0]


# --- the workbook a coordinator edits ------------------------------------------------------------------


def test_form_new_writes_named_sheets_hinted_headers_and_drop_downs(shipped_book: Path) -> None:
    wb = openpyxl.load_workbook(shipped_book)
    assert wb.sheetnames == SHEETS
    ws = wb["Chỉ tiêu"]
    headers = [c.value for c in ws[1]]
    assert headers[:8] == ["Mã", "Mã cũ", "Tên", "Đơn vị tính", "Kiểu", "Bắt buộc", "Giới hạn dưới", "Giới hạn trên"]
    assert ws["E1"].comment.text.startswith("Chọn trong danh sách")
    assert ws.freeze_panes == "A2"
    assert [ws["A2"].value, ws["E2"].value, ws["F2"].value, ws["G2"].value] == ["tin_bai", "số nguyên", "Có", 0]
    lists = {str(v.sqref).split(":")[0]: v.formula1 for v in ws.data_validations.dataValidation}
    assert lists["E2"] == '"số nguyên,số thập phân,tỷ lệ phần trăm,chữ,chọn trong danh sách,ngày"'
    assert lists["F2"] == '"Có,Không"'
    assert lists["J2"] == '"cộng,trung bình,bình quân có trọng số,nhỏ nhất,lớn nhất,không tổng hợp"'
    general = wb["Thông tin chung"]
    rows = {r[0].value: r[1].value for r in general.iter_rows(min_row=2)}
    assert rows["Mã biểu mẫu"] == "hoi_nhap_quoc_te"
    assert rows["Loại kỳ báo cáo"] == "6 tháng đầu năm"
    assert rows["Hạn gửi báo cáo"] == dt.datetime(2022, 6, 17)
    assert rows["Nơi nhận"] == "UBND tỉnh Lạng Sơn\nSở Ngoại vụ tỉnh Lạng Sơn"
    period_type = next(v for v in general.data_validations.dataValidation if str(v.sqref) == "B5")
    assert period_type.formula1 == '"tháng,quý,6 tháng đầu năm,6 tháng cuối năm,năm"'
    assert wb["Đơn vị"]["B2"].value == "Sở Nội vụ"
    assert wb["Mục"]["D3"].value == 2  # a child section's level
    assert ws.page_setup.orientation == "landscape" and ws.print_title_rows == "$1:$1"


@pytest.mark.skipif(soffice() is None, reason="LibreOffice is not installed")
@pytest.mark.parametrize("saved_as", ["ods", "xlsx:Calc MS Excel 2007 XML"])
def test_a_workbook_saved_by_libreoffice_reads_the_same(tmp_path: Path, shipped_book: Path, saved_as: str) -> None:
    folder = tmp_path / "libreoffice"
    subprocess.run(
        [str(soffice()), "--headless", "--convert-to", saved_as, "--outdir", str(folder), str(shipped_book)],
        check=True,
        capture_output=True,
        timeout=180,
    )
    saved = next(folder.iterdir())
    assert read_form_workbook(saved).problems == []
    assert read_form_workbook(saved).data == load_yaml_definition(SHIPPED)
    assert load_form(saved).indicators == load_form(SHIPPED).indicators


def test_a_form_id_finds_a_workbook_in_input_templates(
    tmp_path: Path, shipped_book: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "input_templates").mkdir()
    shutil.copy(shipped_book, tmp_path / "input_templates" / "du_lich.xlsx")
    monkeypatch.chdir(tmp_path)
    assert load_form("du_lich").source == tmp_path / "input_templates" / "du_lich.xlsx"


# --- codes derived from labels ---------------------------------------------------------------------------


def test_derive_code_is_ascii_short_unique_and_not_cell_like() -> None:
    taken: set[str] = set()
    assert derive_code("Số lượt khách quốc tế đến tỉnh", taken) == "so_luot_khach_quoc"
    assert derive_code("Số lượt khách quốc tế đến huyện", taken) == "so_luot_khach_quoc_2"
    assert derive_code("Đường điện", taken) == "duong_dien"
    assert derive_code("CT1", taken) == "ma_ct1"  # «ct1» is a cell address
    assert derive_code("2024 tổng", taken) == "ma_2024_tong"
    assert derive_code("Ký báo cáo", {"ky_bao_cao"}) == "ky_bao_cao_2"


def test_empty_codes_are_derived_and_reported(shipped_book: Path) -> None:
    def clear(wb: openpyxl.Workbook) -> None:
        wb["Chỉ tiêu"]["A3"] = None  # lop_tap_huan
        wb["Mục"]["A2"] = None  # ket_qua

    definition = read_form_workbook(_edit(shipped_book, clear))
    assert definition.data["indicators"][1]["code"] == "so_hoi_nghi_lop"
    assert definition.data["sections"][0]["code"] == "tinh_hinh_va_ket"
    derived = [(p.code, p.severity, p.key, p.position) for p in definition.problems]
    assert derived == [
        ("code_derived", "warning", "indicators[1].code", Position("Chỉ tiêu", 3, "Mã", "A3")),
        ("code_derived", "warning", "sections[0].code", Position("Mục", 2, "Mã", "A2")),
    ]
    assert definition.problems[0].message == (
        "mã tự đặt: «so_hoi_nghi_lop» (từ «Số hội nghị, lớp tập huấn, bồi dưỡng kiến thức hội nhập quốc tế»); "
        "hãy ghi mã này vào cột «Mã» để giữ nguyên qua các kỳ."
    )


# --- structural problems, each pinned --------------------------------------------------------------------


def _problems(path: Path) -> list[tuple[str, str, Position | None]]:
    return [(p.code, p.severity, p.position) for p in read_form_workbook(path).problems]


def test_a_sheet_name_without_diacritics_is_read_and_named_back(shipped_book: Path) -> None:
    path = _edit(shipped_book, lambda wb: setattr(wb["Chỉ tiêu"], "title", "Chi tieu"))
    definition = read_form_workbook(path)
    assert len(definition.data["indicators"]) == 16
    (problem,) = definition.problems
    assert (problem.code, problem.severity, problem.position) == ("sheet_name_differs", "warning", Position("Chi tieu"))
    assert problem.message == (
        "trang «Chi tieu» — có phải «Chỉ tiêu»? Đã đọc như trang «Chỉ tiêu»; hãy đổi tên trang thành «Chỉ tiêu»."
    )
    assert definition.positions["indicators[0].code"] == Position("Chi tieu", 2, "Mã", "A2")  # as the sheet shows


def test_values_are_read_by_header_not_by_column_position(shipped_book: Path) -> None:
    def move_code_last(wb: openpyxl.Workbook) -> None:
        ws = wb["Chỉ tiêu"]
        codes = [ws.cell(row=r, column=1).value for r in range(1, ws.max_row + 1)]
        ws.delete_cols(1)
        for r, code in enumerate(codes, start=1):
            ws.cell(row=r, column=14, value=code)
        ws["N3"] = None

    definition = read_form_workbook(_edit(shipped_book, move_code_last))
    original = load_yaml_definition(SHIPPED)["indicators"]
    assert [f for i, f in enumerate(definition.data["indicators"]) if i != 1] == original[:1] + original[2:]
    assert definition.positions["indicators[1].code"] == Position("Chỉ tiêu", 3, "Mã", "N3")
    assert definition.positions["indicators[0].min"] == Position("Chỉ tiêu", 2, "Giới hạn dưới", "F2")


def test_a_mistake_the_loader_finds_is_pinned_to_its_cell(shipped_book: Path) -> None:
    _edit(shipped_book, lambda wb: wb["Chỉ tiêu"].cell(row=5, column=7, value="một nghìn"))  # not a number
    result = runner.invoke(app, ["template", str(shipped_book)])
    assert result.exit_code == 1
    assert result.output.startswith(
        f"Lỗi: {shipped_book}: trang «Chỉ tiêu», dòng 5, cột «Giới hạn dưới» (ô G5): "
        "mục «indicators[3].min»: «một nghìn» không phải số."
    )


def test_drop_down_values_are_read_by_name_or_code_and_a_wrong_one_is_named(shipped_book: Path) -> None:
    def type_values(wb: openpyxl.Workbook) -> None:
        ws = wb["Chỉ tiêu"]
        ws["E2"], ws["F2"], ws["J2"] = "integer", "khong", "Trung Binh"  # a code, no diacritics, capitals
        ws["E5"], ws["F5"] = "số nguyênn", "Có thể"

    definition = read_form_workbook(_edit(shipped_book, type_values))
    first = definition.data["indicators"][0]
    assert (first["kind"], first["required"], first["aggregate"]) == ("integer", False, "average")
    assert [(p.code, p.position, p.message) for p in definition.problems] == [
        (
            "option_read_as",
            Position("Chỉ tiêu", 2, "Bắt buộc", "F2"),
            "«khong» được đọc là «Không». Nếu đúng, hãy chọn «Không» trong danh sách thả xuống để hết cảnh báo.",
        ),
        (
            "option_read_as",
            Position("Chỉ tiêu", 2, "Cách tổng hợp", "J2"),
            "«Trung Binh» được đọc là «trung bình». Nếu đúng, hãy chọn «trung bình» trong danh sách thả xuống để hết "
            "cảnh báo.",
        ),
        (
            "unknown_option",
            Position("Chỉ tiêu", 5, "Kiểu", "E5"),
            "«số nguyênn» không có trong danh sách — có phải «số nguyên»? Hãy chọn một trong: số nguyên, "
            "số thập phân, tỷ lệ phần trăm, chữ, chọn trong danh sách, ngày.",
        ),
        (
            "unknown_option",
            Position("Chỉ tiêu", 5, "Bắt buộc", "F5"),
            "«Có thể» không có trong danh sách. Hãy chọn một trong: Có, Không.",
        ),
    ]


def test_a_misspelled_sheet_is_an_error_with_the_closest_name(shipped_book: Path) -> None:
    path = _edit(shipped_book, lambda wb: setattr(wb["Đơn vị"], "title", "Đơn vịt"))
    definition = read_form_workbook(path)
    assert [(p.code, p.severity, p.position) for p in definition.problems] == [
        ("unknown_sheet", "error", Position("Đơn vịt"))
    ]
    assert definition.problems[0].message.startswith("trang «Đơn vịt» — có phải «Đơn vị»?")
    with pytest.raises(FormError) as raised:
        load_form(path)
    assert str(raised.value) == (
        f"{path}: trang «Đơn vịt»: trang «Đơn vịt» — có phải «Đơn vị»? "
        "Trang này chưa được đọc; hãy đổi tên trang thành «Đơn vị»."
    )


def test_every_structural_mistake_is_reported_at_once(shipped_book: Path) -> None:
    def break_it(wb: openpyxl.Workbook) -> None:
        ws = wb["Chỉ tiêu"]
        ws["G1"] = "Gioi han duoi"  # same without diacritics: read, warned
        ws["H1"] = "Giới hạn trênn"  # misspelled: not read
        ws["A1"] = "Mã\u00a0"  # a non-breaking space in a header
        ws["A4"] = "nguoi_tap_huan\u200b"  # a zero-width space in a code
        ws.insert_rows(6, 2)  # two blank rows in the middle
        wb.remove(wb["Quy tắc"])  # optional: no problem
        del wb["Bảng"]
        wb.create_sheet("Ghi chép")  # an extra sheet

    definition = read_form_workbook(_edit(shipped_book, break_it))
    assert [(p.code, p.severity, p.position) for p in definition.problems] == [
        ("extra_sheet", "warning", Position("Ghi chép")),
        ("invisible_characters", "warning", Position("Chỉ tiêu", 1, "Mã", "A1")),
        ("column_name_differs", "warning", Position("Chỉ tiêu", 1, "Gioi han duoi", "G1")),
        ("unknown_column", "error", Position("Chỉ tiêu", 1, "Giới hạn trênn", "H1")),
        ("invisible_characters", "warning", Position("Chỉ tiêu", 4, "Mã", "A4")),
        ("blank_row", "warning", Position("Chỉ tiêu", 6)),
        ("unknown_table", "error", Position("Cột bảng", 2, "Bảng", "A2")),
        *[("unknown_table", "error", Position("Cột bảng", r, "Bảng", f"A{r}")) for r in range(3, 15)],
    ]
    messages = [p.message for p in definition.problems]
    assert "cột «Giới hạn trênn» — có phải «Giới hạn trên»? Cột này chưa được đọc" in messages[3]
    assert messages[5] == (
        "các dòng 6–7 để trống giữa các dòng có nội dung; các dòng sau vẫn được đọc. Hãy xóa dòng trống."
    )
    indicators = definition.data["indicators"]
    assert len(indicators) == 16 and indicators[2]["code"] == "nguoi_tap_huan"
    assert "max" not in indicators[0] and indicators[0]["min"] == 0
    assert definition.positions["indicators[4].code"] == Position("Chỉ tiêu", 8, "Mã", "A8")


def test_a_header_row_moved_down_is_found(shipped_book: Path) -> None:
    def move(wb: openpyxl.Workbook) -> None:
        wb["Đơn vị"].insert_rows(1, 2)
        wb["Đơn vị"]["A1"] = "DANH SÁCH ĐƠN VỊ"

    definition = read_form_workbook(_edit(shipped_book, move))
    assert [(p.code, p.position) for p in definition.problems] == [("header_moved", Position("Đơn vị", 3))]
    assert definition.data["units"][0] == {"code": "SNV", "name": "Sở Nội vụ", "group": "Sở, ban, ngành"}
    assert definition.positions["units[0].code"] == Position("Đơn vị", 4, "Mã đơn vị", "A4")


def test_units_pasted_from_an_address_book(shipped_book: Path) -> None:
    def paste(wb: openpyxl.Workbook) -> None:
        wb.remove(wb["Đơn vị"])
        ws = wb.create_sheet("Đơn vị")
        ws.append(["STT", "Tên đơn vị", "Mã đơn vị", "Địa chỉ", "Điện thoại", "Nhóm"])
        ws.append([1, "  Sở  Nội vụ ", "SNV", "Số 2 Hùng Vương", "0205.3812345", "Sở, ban, ngành"])
        ws.append([2, "UBND huyện\u00a0Cao Lộc", "UBND_CL ", "Cao Lộc", None, "UBND cấp huyện"])

    definition = read_form_workbook(_edit(shipped_book, paste))
    assert definition.data["units"] == [
        {"code": "SNV", "name": "Sở Nội vụ", "group": "Sở, ban, ngành"},
        {"code": "UBND_CL", "name": "UBND huyện Cao Lộc", "group": "UBND cấp huyện"},
    ]
    assert [(p.code, p.position) for p in definition.problems] == [
        ("invisible_characters", Position("Đơn vị", 3, "Mã đơn vị", "C3"))
    ]


def test_missing_sheets_and_unknown_lists_and_settings(shipped_book: Path) -> None:
    def break_it(wb: openpyxl.Workbook) -> None:
        del wb["Mục"]
        wb["Chỉ tiêu"]["K15"] = "ke_hoachh"
        wb["Thông tin chung"]["A4"] = "Tên bao cáoo"

    problems = _problems(_edit(shipped_book, break_it))
    assert problems == [
        ("missing_sheet", "error", None),
        ("unknown_setting", "error", Position("Thông tin chung", 4, "Thông tin", "A4")),
        ("unknown_choice_list", "error", Position("Chỉ tiêu", 15, "Danh sách chọn", "K15")),
    ]


def test_a_section_level_that_skips_is_pinned(shipped_book: Path) -> None:
    definition = read_form_workbook(_edit(shipped_book, lambda wb: wb["Mục"].cell(row=3, column=4, value=3)))
    assert [(p.code, p.position) for p in definition.problems] == [
        ("section_level_gap", Position("Mục", 3, "Cấp", "D3"))
    ]
    assert definition.data["sections"][0]["children"][0]["code"] == "tuyen_truyen"


def test_an_unreadable_workbook_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "hong.xlsx"
    bad.write_text("không phải bảng tính", encoding="utf-8")
    result = runner.invoke(app, ["schema", str(bad)])
    assert result.exit_code == 1
    assert result.output.startswith(f"Lỗi: «{bad}» không phải bảng tính đọc được")


def test_convert_refuses_an_unknown_suffix_and_a_broken_workbook(tmp_path: Path, shipped_book: Path) -> None:
    result = runner.invoke(app, ["form", "convert", str(shipped_book), str(tmp_path / "x.txt")])
    assert result.exit_code == 1
    assert result.output == "Lỗi: Không ghi được «x.txt»: hãy đặt tên tệp kết quả đuôi .xlsx hoặc .yaml.\n"
    _edit(shipped_book, lambda wb: wb["Chỉ tiêu"].cell(row=1, column=3, value="Tênn"))
    result = runner.invoke(app, ["form", "convert", str(shipped_book), str(tmp_path / "x.yaml")])
    assert result.exit_code == 1
    assert "trang «Chỉ tiêu», dòng 1, cột «Tênn» (ô C1)" in result.output
    assert not (tmp_path / "x.yaml").exists()


# --- end to end: a new form built only as a workbook ------------------------------------------------------

TOURISM_INDICATORS = [
    # code (empty: derived), label, unit, kind, required, min, max, group, aggregate, choice list, phrase
    [
        "khach_qt",
        "Lượt khách quốc tế",
        "lượt",
        "số nguyên",
        "Có",
        0,
        1000000,
        "Khách du lịch",
        None,
        None,
        "đón {value} lượt khách quốc tế",
    ],
    [None, "Lượt khách nội địa", "lượt", "số nguyên", "Có", 0, 5000000, "Khách du lịch", None, None, None],
    [
        "doanh_thu",
        "Tổng thu từ khách du lịch",
        "triệu đồng",
        "số thập phân",
        "Có",
        0,
        None,
        "Doanh thu",
        None,
        None,
        "tổng thu đạt {value} triệu đồng",
    ],
    [
        "cong_suat",
        "Công suất sử dụng phòng",
        "%",
        "tỷ lệ phần trăm",
        "Không",
        0,
        100,
        "Cơ sở lưu trú",
        "trung bình",
        None,
        None,
    ],
    [
        "xep_loai",
        "Đánh giá mùa du lịch",
        None,
        "chọn trong danh sách",
        "Có",
        None,
        None,
        "Đánh giá",
        None,
        "danh_gia",
        None,
    ],
]


def _tourism_workbook(path: Path) -> None:
    """Start from «form new» and replace everything, as a coordinator would in LibreOffice."""

    def rewrite(wb: openpyxl.Workbook) -> None:
        general = wb["Thông tin chung"]
        values = {
            "Mã biểu mẫu": "du_lich_quy",
            "Phiên bản": "2024.1",
            "Tên báo cáo": "Báo cáo tình hình du lịch quý",
            "Loại kỳ báo cáo": "quý",
            "Năm báo cáo": 2024,
            "Số thứ tự kỳ": 2,
            "Hạn gửi báo cáo": dt.datetime(2024, 6, 18),
            "Văn bản yêu cầu báo cáo": "Công văn số 744/SVHTTDL-QLDL",
            "Chỉ tiêu vẽ biểu đồ": "khach_qt, doanh_thu",
            "Ngày ban hành": None,
            "Chủ thể trong báo cáo": "các huyện, thành phố",
        }
        for row in general.iter_rows(min_row=2):
            if row[0].value in values:
                row[1].value = values[row[0].value]
        for name in ("Chỉ tiêu", "Mục", "Bảng", "Cột bảng", "Danh sách chọn", "Đơn vị", "Quy tắc"):
            wb[name].delete_rows(2, wb[name].max_row)
        del wb["Thông tin văn bản"]  # the default document fields
        for row in TOURISM_INDICATORS:
            wb["Chỉ tiêu"].append([row[0], None, *row[1:]])
        for choice in ("Tốt", "Bình thường", "Kém"):
            wb["Danh sách chọn"].append(["danh_gia", choice])
        for row in (
            ["ket_qua", "I", "KẾT QUẢ HOẠT ĐỘNG DU LỊCH", 1, None, None, None, "khach_qt, doanh_thu"],
            ["khach", "1", "Thu hút khách du lịch", 2, "Có", None, "Nêu các sự kiện thu hút khách", None],
            [None, "II", "KIẾN NGHỊ", 1, "Không"],
        ):
            wb["Mục"].append(row)
        wb["Bảng"].append(["su_kien", "Các sự kiện du lịch trong quý", 10])
        for row in (
            ["su_kien", "ten_su_kien", None, "Tên sự kiện", None, "chữ", "Có"],
            ["su_kien", "tu_ngay", None, "Từ ngày", None, "ngày", "Có"],
            ["su_kien", "den_ngay", None, "Đến ngày", None, "ngày", "Có"],
            ["su_kien", "luot_khach", None, "Lượt khách", "lượt", "số nguyên", "Không", 0],
        ):
            wb["Cột bảng"].append(row)
        for row in (
            ["UBND_TPLS", "UBND thành phố Lạng Sơn", "Cấp huyện"],
            ["UBND_CL", "UBND huyện Cao Lộc", "Cấp huyện"],
            ["SCT", "Sở Công Thương", "Sở, ban, ngành"],
        ):
            wb["Đơn vị"].append(row)
        wb["Quy tắc"].append([None, "khach_qt <= 1000000", "Lượt khách quốc tế quá lớn."])
        wb["Quy tắc"].append(["su_kien", "den_ngay >= tu_ngay", "Ngày kết thúc phải sau ngày bắt đầu."])

    assert runner.invoke(app, ["form", "new", "--out", str(path)]).exit_code == 0
    _edit(path, rewrite)


def test_a_new_quarterly_tourism_form_built_only_as_a_workbook(tmp_path: Path) -> None:
    book = tmp_path / "du_lich_quy.xlsx"
    _tourism_workbook(book)
    assert not list(tmp_path.rglob("*.y*ml"))
    codes = [(p.code, p.key) for p in read_form_workbook(book).problems]
    assert codes == [("code_derived", "indicators[1].code"), ("code_derived", "sections[1].code")]

    out = tmp_path / "bieu_mau"
    result = runner.invoke(app, ["template", str(book), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"Đã tạo 4 biểu mẫu trong thư mục {out}:")
    form = load_form(book)
    assert form.title == "Báo cáo tình hình du lịch quý" and form.period.label == "quý II năm 2024"
    assert [f.code for f in form.indicators] == ["khach_qt", "luot_khach_noi_dia", "doanh_thu", "cong_suat", "xep_loai"]
    assert form.field("xep_loai").choices == ("Tốt", "Bình thường", "Kém")

    inbox = tmp_path / "nhan"
    inbox.mkdir()
    values = {
        "so_van_ban": "12/BC-UBND",
        "ngay_van_ban": dt.datetime(2024, 6, 15),
        "nguoi_ky": "Lý Văn Toàn",
        "chuc_vu_nguoi_ky": "Chủ tịch",
        "khach_qt": 1200,
        "luot_khach_noi_dia": 45000,
        "doanh_thu": 350.5,
        "cong_suat": 61.5,
        "xep_loai": "Tốt",
    }
    narratives = {"khach": "Tổ chức Lễ hội Kỳ Lừa.", "kien_nghi": "Không."}
    events = {
        "su_kien": [
            {
                "ten_su_kien": "Lễ hội Kỳ Lừa",
                "tu_ngay": dt.datetime(2024, 4, 1),
                "den_ngay": dt.datetime(2024, 4, 3),
                "luot_khach": 20000,
            }
        ]
    }
    for code, international in (("UBND_TPLS", 1200), ("UBND_CL", 800)):
        unit = form.unit(code)
        fill_template(
            form,
            out / template_filename(form, unit),
            inbox / f"du_lich_{code}.xlsx",
            {**values, "khach_qt": international},
            narratives,
            events,
        )
    checked = runner.invoke(app, ["check", str(inbox), "--form", str(book), "--json"])
    assert checked.exit_code == 0, checked.output
    files = json.loads(checked.output)["files"]
    assert sorted((f["unit"], f["status"], f["problems"]) for f in files) == [
        ("UBND_CL", "ok", []),
        ("UBND_TPLS", "ok", []),
    ]

    result = runner.invoke(
        app, ["run", str(inbox), "--form", str(book), "--out", str(tmp_path / "tong_hop"), "--json", "--no-history"]
    )
    assert result.exit_code == 0, result.output
    consolidated = json.loads(result.output)
    assert consolidated["title"] == "Báo cáo tình hình du lịch quý"
    assert consolidated["counts"]["accepted"] == 2 and consolidated["counts"]["missing"] == 1
    assert consolidated["totals"]["khach_qt"] == 2000 and consolidated["totals"]["luot_khach_noi_dia"] == 90000
    assert len(consolidated["tables"]["su_kien"]) == 2
    summary = openpyxl.load_workbook(tmp_path / "tong_hop" / "bang_tong_hop.xlsx")
    texts = [str(c.value) for ws in summary for row in ws.iter_rows() for c in row if c.value]
    assert any(text.startswith("Lượt khách nội địa") for text in texts)


def test_dump_yaml_keeps_order_and_loads_back() -> None:
    data = copy.deepcopy(EVERY_FEATURE)
    text = dump_yaml(data)
    assert text.startswith("id: moi_tinh_nang\nversion: '3'\n")
    assert yaml.safe_load(text) == data
