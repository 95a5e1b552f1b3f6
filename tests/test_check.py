"""Checking filled workbooks: round trips for every kind, edits a unit makes, injected mistakes."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.utils.cell import range_boundaries
from typer.testing import CliRunner

from consolidate.check import FileResult, check_file, check_paths, discover
from consolidate.cli import app
from consolidate.form import Form
from consolidate.layout import SHEET_INDICATORS, SHEET_INFO
from tests.conftest import VALID_NARRATIVES, VALID_TABLES, VALID_VALUES, FillFn, sha256


def _problems(result: FileResult) -> list[tuple[str, str | None, str | None, str | None]]:
    return [(p.severity, p.field, p.sheet, p.cell) for p in result.problems]


def _expected_values() -> dict[str, Any]:
    return {k: v.date() if isinstance(v, dt.datetime) else v for k, v in VALID_VALUES.items()}


def _expected_tables() -> dict[str, list[dict[str, Any]]]:
    return {
        code: [{k: v.date() if isinstance(v, dt.datetime) else v for k, v in row.items()} for row in rows]
        for code, rows in VALID_TABLES.items()
    }


def _edit(path: Path, change: Any) -> Path:
    wb = openpyxl.load_workbook(path)
    change(wb)
    wb.save(path)
    return path


def _name_cell(wb: openpyxl.Workbook, code: str) -> Any:
    ((sheet, ref),) = list(wb.defined_names[code].destinations)
    min_col, min_row, _, _ = range_boundaries(ref.replace("$", ""))
    return wb[sheet].cell(row=min_row, column=min_col)


def insert_rows_like_excel(wb: openpyxl.Workbook, sheet: str, idx: int, amount: int) -> None:
    """Insert rows (or delete them, with a negative amount) and move the names below, as Excel does."""
    if amount > 0:
        wb[sheet].insert_rows(idx, amount)
    else:
        wb[sheet].delete_rows(idx, -amount)
    for name, defined in list(wb.defined_names.items()):
        text = defined.attr_text
        if not text.startswith(f"'{sheet}'!"):
            continue

        def shift(match: re.Match[str]) -> str:
            row = int(match[2])
            return f"${match[1]}${row + amount if row >= idx - min(amount, 0) else row}"

        defined.attr_text = re.sub(r"\$([A-Z]+)\$(\d+)", shift, text)
        wb.defined_names[name] = defined


def rename_sheet_like_excel(wb: openpyxl.Workbook, old: str, new: str) -> None:
    """Rename a sheet and the references of the defined names, as Excel does."""
    wb[old].title = new
    for name, defined in list(wb.defined_names.items()):
        if defined.attr_text.startswith(f"'{old}'!"):
            defined.attr_text = f"'{new}'!" + defined.attr_text.split("!", 1)[1]
            wb.defined_names[name] = defined


# --- round trips ---------------------------------------------------------------------------------


def test_valid_submission_round_trips_every_kind(fill: FillFn, form: Form) -> None:
    result = check_file(fill(), form)
    assert result.problems == []
    assert result.status == "ok"
    assert result.unit == "SNV"
    assert result.values == _expected_values()
    assert isinstance(result.values["tin_bai"], int)  # integer
    assert result.values["von_du_an"] == 18500.5  # decimal
    assert result.values["ty_le_giai_ngan"] == 42.5  # percent
    assert result.values["ke_hoach"] == "Đã ban hành"  # choice
    assert result.values["ngay_ke_hoach"] == dt.date(2022, 2, 15)  # date
    assert result.values["nguoi_ky"] == "Nguyễn Văn Hùng"  # text
    assert result.narratives == VALID_NARRATIVES
    assert result.tables == _expected_tables()


def test_inserted_rows_and_renamed_sheet_still_check(fill: FillFn, form: Form) -> None:
    path = fill(doan_vao=900)

    def excel_edits(wb: openpyxl.Workbook) -> None:
        insert_rows_like_excel(wb, SHEET_INDICATORS, 8, 3)
        insert_rows_like_excel(wb, "Danh sách đoàn ra", 3, 2)
        rename_sheet_like_excel(wb, SHEET_INDICATORS, "Số liệu")
        rename_sheet_like_excel(wb, SHEET_INFO, "TT chung")

    _edit(path, excel_edits)
    result = check_file(path, form)
    assert result.values == {**_expected_values(), "doan_vao": 900}
    assert result.tables == _expected_tables()
    # The problem points at the cell where the value now is, on the renamed sheet.
    assert ("error", "doan_vao", "Số liệu", "E17") in _problems(result)


def test_moved_cell_is_followed_through_its_name(fill: FillFn, form: Form) -> None:
    path = fill()

    def move(wb: openpyxl.Workbook) -> None:
        ws = wb[SHEET_INDICATORS]
        ws.move_range("E12", rows=0, cols=5)  # doan_ra cut and pasted to J12
        wb.defined_names["doan_ra"].attr_text = f"'{SHEET_INDICATORS}'!$J$12"

    _edit(path, move)
    result = check_file(path, form)
    assert result.status == "ok"
    assert result.values["doan_ra"] == 2


def test_value_found_by_its_code_when_the_name_was_deleted(fill: FillFn, form: Form) -> None:
    path = _edit(fill(), lambda wb: wb.defined_names.pop("tin_bai"))
    result = check_file(path, form)
    assert result.status == "ok"
    assert result.values["tin_bai"] == 1250


def test_deleted_row_is_reported_not_guessed(fill: FillFn, form: Form) -> None:
    def delete(wb: openpyxl.Workbook) -> None:
        wb.defined_names.pop("tin_bai")  # Excel turns it into #REF!, which names nothing
        insert_rows_like_excel(wb, SHEET_INDICATORS, 8, -1)

    result = check_file(_edit(fill(), delete), form)
    assert result.status == "error"
    [problem] = result.problems
    assert problem.field == "tin_bai"
    assert "Không tìm thấy ô nhập" in problem.message and "tin_bai" in problem.message


def test_rows_typed_under_the_table_belong_to_it(fill: FillFn, form: Form) -> None:
    extra = {
        "ten_doan": "Đoàn thêm",
        "quoc_gia": "Hàn Quốc",
        "tu_ngay": dt.datetime(2022, 6, 1),
        "den_ngay": dt.datetime(2022, 6, 3),
        "so_nguoi": 2,
    }

    def type_below(wb: openpyxl.Workbook) -> None:
        ws = wb["Danh sách đoàn ra"]
        for col, key in enumerate(["ten_doan", "quoc_gia", "tu_ngay", "den_ngay", "so_nguoi"], start=2):
            ws.cell(row=36, column=col, value=extra[key])  # right under the 30 prepared rows (6–35)

    result = check_file(_edit(fill(), type_below), form)
    assert result.status == "ok"
    rows = result.tables["ds_doan_ra"]
    assert len(rows) == 3
    assert rows[2]["quoc_gia"] == "Hàn Quốc" and rows[2]["tu_ngay"] == dt.date(2022, 6, 1)


def test_a_note_further_below_the_table_is_not_a_row(fill: FillFn, form: Form) -> None:
    def signature(wb: openpyxl.Workbook) -> None:
        wb["Danh sách đoàn ra"]["B38"] = "Người lập biểu: Đặng Thu Trang"

    result = check_file(_edit(fill(), signature), form)
    assert result.status == "warning"
    assert len(result.tables["ds_doan_ra"]) == 2
    [problem] = result.problems
    assert "dòng 38" in problem.message and "không được tính vào bảng" in problem.message


def test_text_is_normalised_to_nfc_and_trimmed(fill: FillFn, form: Form) -> None:
    nfd = unicodedata.normalize("NFD", "  Kinh phí  còn\u00a0hạn chế.\u200b  \n\n Cần bổ sung. ")
    result = check_file(fill(kho_khan=nfd, nguoi_ky=unicodedata.normalize("NFD", " Hoàng Thị Lan ")), form)
    assert result.narratives["kho_khan"] == "Kinh phí còn hạn chế.\nCần bổ sung."
    assert result.values["nguoi_ky"] == "Hoàng Thị Lan"
    assert unicodedata.is_normalized("NFC", result.narratives["kho_khan"])


# --- injected mistakes ---------------------------------------------------------------------------

CASES = [
    # overrides, severity, field, cell, words in the message
    ({"doan_vao": 900}, "error", "doan_vao", "E14", "từ 0 đến 500"),
    ({"tin_bai": "khoảng 15"}, "error", "tin_bai", "E8", "số nguyên"),
    ({"lop_tap_huan": 2.5}, "error", "lop_tap_huan", "E9", "phải là số nguyên"),
    ({"ke_hoach": "Đã xong"}, "error", "ke_hoach", "E24", "Đã ban hành; Đang xây dựng; Chưa ban hành"),
    ({"ngay_ke_hoach": "32/13/2022"}, "error", "ngay_ke_hoach", "E25", "không phải ngày hợp lệ"),
    ({"ngay_ke_hoach": dt.datetime(2020, 5, 1)}, "error", "ngay_ke_hoach", "E25", "từ 01/01/2021 đến 31/12/2022"),
    ({"so_van_ban": None}, "error", "so_van_ban", "D11", "Chưa nhập «Số văn bản báo cáo»"),
    ({"ngay_van_ban": None}, "error", "ngay_van_ban", "D12", "ví dụ 20/06/2022"),
    ({"doan_ra": None}, "error", "doan_ra", "E12", "Không phát sinh thì nhập 0"),
    ({"tuyen_truyen": None}, "error", "tuyen_truyen", "C7", "Chưa nhập nội dung mục «1. Công tác thông tin"),
    ({"nguoi_ra": 1}, "error", "nguoi_ra", "E13", "không được nhỏ hơn số đoàn ra"),
    ({"du_an": 0}, "error", "du_an", "E19", "tổng giá trị dự án phải bằng 0"),
    ({"tin_bai": "1.250"}, "warning", "tin_bai", "E8", "đã đọc là 1.250"),
    ({"tin_bai": "15 tin, bài"}, "warning", "tin_bai", "E8", "đã bỏ phần chữ «tin, bài»"),
    ({"von_du_an": "18.500,5"}, "warning", "von_du_an", "E20", "đã đọc là 18.500,5"),
    ({"ty_le_giai_ngan": "42,5%"}, "warning", "ty_le_giai_ngan", "E21", "đã đọc là 42,5"),
    ({"tin_bai": "15%"}, "error", "tin_bai", "E8", "có dấu %"),
    ({"ngay_ke_hoach": "15/02/2022"}, "warning", "ngay_ke_hoach", "E25", "đã đọc là ngày 15/02/2022"),
    ({"ty_le_giai_ngan": 0.425}, "warning", "ty_le_giai_ngan", "E21", "hãy nhập 42,5"),
    ({"chuyen_gia": "#DIV/0!"}, "error", "chuyen_gia", "E22", "giá trị lỗi #DIV/0!"),
    ({"ngay_van_ban": dt.datetime(2202, 6, 16)}, "warning", "ngay_van_ban", "D12", "ở tương lai"),
]


@pytest.mark.parametrize(("overrides", "severity", "code", "cell", "words"), CASES)
def test_injected_mistake_is_pinned_to_unit_field_and_cell(
    fill: FillFn, form: Form, overrides: dict[str, Any], severity: str, code: str, cell: str, words: str
) -> None:
    path = fill(unit="SYT", **overrides)
    result = check_file(path, form)
    assert result.unit == "SYT"
    assert result.status == severity
    [problem] = [p for p in result.problems if p.field == code]
    assert (problem.severity, problem.sheet is not None, problem.cell, problem.unit) == (severity, True, cell, "SYT")
    assert words in problem.message
    assert problem.file == str(path)
    assert unicodedata.is_normalized("NFC", problem.message)


def test_number_read_from_text_keeps_its_value(fill: FillFn, form: Form) -> None:
    result = check_file(fill(tin_bai="1.250", von_du_an="18.500,5", ty_le_giai_ngan="42,5%"), form)
    assert (result.values["tin_bai"], result.values["von_du_an"], result.values["ty_le_giai_ngan"]) == (
        1250,
        18500.5,
        42.5,
    )


def test_optional_values_may_stay_empty(fill: FillFn, form: Form) -> None:
    result = check_file(fill(kien_nghi=None, ty_le_giai_ngan=None, nguoi_lien_he=None), form)
    assert result.status == "ok"
    assert "kien_nghi" not in result.narratives and "ty_le_giai_ngan" not in result.values


def test_table_cells_are_checked_per_row(fill: FillFn, form: Form) -> None:
    rows = [dict(VALID_TABLES["ds_doan_ra"][0]), dict(VALID_TABLES["ds_doan_ra"][1])]
    rows[0]["so_nguoi"] = 0
    rows[1]["den_ngay"] = dt.datetime(2022, 5, 1)
    del rows[1]["quoc_gia"]
    result = check_file(fill(tables={"ds_doan_ra": rows, "ds_doan_vao": []}), form)
    assert sorted(_problems(result)) == [
        ("error", "den_ngay", "Danh sách đoàn ra", "E7"),
        ("error", "quoc_gia", "Danh sách đoàn ra", "C7"),
        ("error", "so_nguoi", "Danh sách đoàn ra", "F6"),
    ]


def test_formula_errors_and_formulas_without_results(fill: FillFn, form: Form) -> None:
    def formulas(wb: openpyxl.Workbook) -> None:
        _name_cell(wb, "tin_bai").value = "=1/0"  # openpyxl stores no cached result
        broken = _name_cell(wb, "chuyen_gia")
        broken.value, broken.data_type = "#REF!", "e"

    result = check_file(_edit(fill(), formulas), form)
    by_field = {p.field: p for p in result.problems}
    assert "không lưu kết quả tính" in by_field["tin_bai"].message
    assert "#REF!" in by_field["chuyen_gia"].message
    assert by_field["chuyen_gia"].cell == "E22"


# --- identity ------------------------------------------------------------------------------------


def _set_info(name: str, value: Any) -> Any:
    return lambda wb: setattr(_name_cell(wb, name), "value", value)


def test_wrong_form_stops_the_check(fill: FillFn, form: Form) -> None:
    result = check_file(_edit(fill(), _set_info("ma_bieu_mau", "bao_cao_khac")), form)
    [problem] = result.problems
    assert problem.severity == "error" and "không phải biểu mẫu «hoi_nhap_quoc_te»" in problem.message


def test_outdated_version_asks_for_the_current_template(fill: FillFn, form: Form) -> None:
    result = check_file(_edit(fill(), _set_info("phien_ban_bieu_mau", "2021.2")), form)
    [problem] = result.problems
    assert problem.unit == "SNV"
    assert "phiên bản 2021.2 đã cũ; phiên bản hiện hành là 2022.1" in problem.message


def test_unknown_unit_is_an_error(fill: FillFn, form: Form) -> None:
    result = check_file(_edit(fill(), _set_info("ma_don_vi", "XYZ - Sở gì đó")), form)
    [problem] = result.problems
    assert (problem.field, problem.cell) == ("ma_don_vi", "D9")
    assert "Mã đơn vị «XYZ» không có" in problem.message


def test_blank_template_takes_the_chosen_unit(tmp_path: Path, form: Form, templates: Path) -> None:
    from consolidate.fill import fill_template

    out = tmp_path / "blank.xlsx"
    fill_template(
        form,
        templates / "hoi_nhap_quoc_te_mau_trong.xlsx",
        out,
        {**VALID_VALUES, "ma_don_vi": "SYT - Sở Y tế"},
        VALID_NARRATIVES,
        VALID_TABLES,
    )
    result = check_file(out, form)
    assert (result.status, result.unit) == ("ok", "SYT")


def test_a_foreign_workbook_is_not_taken_for_a_report(tmp_path: Path, form: Form) -> None:
    path = tmp_path / "so_lieu.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["Chỉ tiêu", "Giá trị"])
    wb.save(path)
    [problem] = check_file(path, form).problems
    assert "không phải biểu mẫu báo cáo" in problem.message


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"", "Tệp rỗng"),
        (b"PK\x03\x04 truncated", "bị hỏng"),
        (b"<html><body><table><tr><td>1</td></tr></table></body></html>", "trang web (HTML)"),
        (b"\xef\xbb\xbfSTT;Don vi;So doan\r\n1;So Noi vu;2\r\n", "văn bản thuần (CSV/TXT)"),
        (b"%PDF-1.7 binary", "Tệp là PDF"),
        (
            b'<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet">',
            "XML Spreadsheet 2003",
        ),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64 + "EncryptedPackage".encode("utf-16-le"), "đặt mật khẩu"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "bị hỏng"),
    ],
)
def test_unreadable_files_get_a_message_not_a_traceback(tmp_path: Path, form: Form, content: bytes, words: str) -> None:
    path = tmp_path / "bao_cao.xlsx"
    path.write_bytes(content)
    result = check_file(path, form)
    assert result.status == "error"
    assert words in result.problems[0].message


# --- discovery and safety ------------------------------------------------------------------------


def test_folders_are_searched_and_other_files_skipped(tmp_path: Path, fill: FillFn, form: Form) -> None:
    nested = tmp_path / "đợt 1" / "Sở Y tế"
    nested.mkdir(parents=True)
    good = fill(unit="SYT", name="Báo cáo Sở Y tế.xlsx").rename(nested / "Báo cáo Sở Y tế.xlsx")
    (nested / "~$Báo cáo Sở Y tế.xlsx").write_bytes(b"lock")
    (nested / "ghi chú.txt").write_text("x", encoding="utf-8")
    (tmp_path / ".an.xlsx").write_bytes(b"")
    report = check_paths([tmp_path / "đợt 1", tmp_path / ".an.xlsx"], form)
    statuses = {Path(f.path).name: f.status for f in report.files}
    assert statuses == {
        "Báo cáo Sở Y tế.xlsx": "ok",
        "~$Báo cáo Sở Y tế.xlsx": "skipped",
        "ghi chú.txt": "skipped",
        ".an.xlsx": "skipped",
    }
    reasons = {Path(f.path).name: f.reason for f in report.files}
    assert "Tệp khóa tạm của Office" in reasons["~$Báo cáo Sở Y tế.xlsx"]
    assert good.exists()


def test_same_file_given_twice_is_checked_once(fill: FillFn) -> None:
    path = fill()
    assert len(discover([path, path.parent])) == 1


def test_inputs_are_never_written(fill: FillFn, form: Form) -> None:
    paths = [fill(unit="SNV"), fill(unit="SYT", doan_vao=900)]
    before = {p: (sha256(p), p.stat().st_mtime_ns) for p in paths}
    check_paths([paths[0].parent], form)
    assert {p: (sha256(p), p.stat().st_mtime_ns) for p in paths} == before


def test_notes_typed_next_to_a_value_are_kept(fill: FillFn, form: Form) -> None:
    def note(wb: openpyxl.Workbook) -> None:
        cell = _name_cell(wb, "doan_ra")
        cell.parent.cell(row=cell.row, column=cell.column + 1, value=" Một đoàn  do Giám đốc dẫn đầu ")

    result = check_file(_edit(fill(), note), form)
    assert result.status == "ok"
    assert result.notes == {"doan_ra": "Một đoàn do Giám đốc dẫn đầu"}


def test_an_unexpected_failure_stays_inside_its_file(fill: FillFn, form: Form, monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from consolidate import check as check_module
    from consolidate.cli import app

    good = fill(unit="SYT")
    odd = fill(unit="SNV")
    real = check_module.read_submission

    def flaky(path: Path, *args: Any) -> Any:
        if path.name == odd.name:
            raise ZeroDivisionError("division by zero")
        return real(path, *args)

    monkeypatch.setattr(check_module, "read_submission", flaky)
    report = check_paths([good.parent], form)
    by_name = {Path(f.path).name: f for f in report.files}
    assert by_name[good.name].status == "ok"
    failed = by_name[odd.name]
    assert failed.status == "error" and failed.values == {}
    assert failed.problems[0].message.startswith("Không đọc được tệp do lỗi kỹ thuật. Hãy mở tệp")
    assert "ZeroDivisionError" not in failed.problems[0].message  # English stays in the detail
    assert failed.detail == "ZeroDivisionError: division by zero"
    result = CliRunner().invoke(app, ["--debug", "check", str(good.parent), "--form", "hoi_nhap_quoc_te"])
    assert result.exit_code == 1
    assert "Traceback" in result.stderr and "ZeroDivisionError" in result.stderr


def test_percent_typed_with_a_percent_sign_in_excel_is_read_as_percent(fill: FillFn, form: Form) -> None:
    def percent(wb: openpyxl.Workbook) -> None:
        cell = _name_cell(wb, "ty_le_giai_ngan")
        cell.value, cell.number_format = 0.425, "0.0%"  # what Excel stores when a unit types 42,5%

    result = check_file(_edit(fill(), percent), form)
    assert result.values["ty_le_giai_ngan"] == 42.5
    [problem] = result.problems
    assert problem.severity == "warning" and "đã đọc là 42,5%" in problem.message


def test_zip_bomb_and_xml_entities_are_refused_before_reading(tmp_path: Path, fill: FillFn, form: Form) -> None:
    import zipfile

    bomb = tmp_path / "bom.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * 30_000_000)
    [problem] = check_file(bomb, form).problems
    assert "giải nén lớn bất thường" in problem.message

    laughs = tmp_path / "laughs.xlsx"
    with zipfile.ZipFile(fill(), "r") as source, zipfile.ZipFile(laughs, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/workbook.xml":
                body = data.split(b"?>", 1)[-1]
                data = b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">]>' + body
            target.writestr(item, data)
    [problem] = check_file(laughs, form).problems
    assert "khai báo XML không được phép" in problem.message

    in_a_sheet = tmp_path / "laughs_sheet.xlsx"  # a part read as bytes, not through defusedxml
    with zipfile.ZipFile(fill(), "r") as source, zipfile.ZipFile(in_a_sheet, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/worksheets/sheet3.xml":
                data = b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">]>' + data.split(b"?>", 1)[-1]
            target.writestr(item, data)
    [problem] = check_file(in_a_sheet, form).problems
    assert "khai báo XML không được phép" in problem.message


def test_identical_copies_are_reported_once(tmp_path: Path, fill: FillFn, form: Form) -> None:
    import shutil

    original = fill(unit="SYT", name="syt.xlsx")
    copy = shutil.copyfile(original, tmp_path / "Bản sao của syt.xlsx")
    report = check_paths([tmp_path], form)
    [checked] = [f for f in report.files if f.status == "ok"]
    [duplicate] = [f for f in report.files if f.status == "skipped"]
    assert {Path(checked.path).name, Path(duplicate.path).name} == {"syt.xlsx", copy.name}
    assert duplicate.unit == "SYT" and duplicate.sha256 == checked.sha256
    assert checked.relative_path == Path(checked.path).name  # shown relative to the folder given
    assert duplicate.reason == f"Bản sao giống hệt tệp «{checked.relative_path}»; chỉ tính một lần."


def test_check_names_skipped_files_as_it_names_checked_ones(tmp_path: Path, fill: FillFn) -> None:
    """Relative to the folder given, on the terminal as in the copy's reason and the «Lỗi» sheet."""
    (tmp_path / "nhan" / "lan 2").mkdir(parents=True)
    fill(unit="SYT", name="syt.xlsx").rename(tmp_path / "nhan" / "syt.xlsx")
    (tmp_path / "nhan" / "lan 2" / "syt.xlsx").write_bytes((tmp_path / "nhan" / "syt.xlsx").read_bytes())
    result = CliRunner().invoke(app, ["check", str(tmp_path / "nhan"), "--form", "hoi_nhap_quoc_te"])
    assert result.exit_code == 0, result.output
    assert "Sở Y tế (SYT) — lan 2/syt.xlsx: hợp lệ" in result.stdout  # found first, in path order
    assert "Bỏ qua syt.xlsx: Bản sao giống hệt tệp «lan 2/syt.xlsx»; chỉ tính một lần." in result.stdout


def test_a_file_name_naming_another_unit_is_a_warning(fill: FillFn, form: Form) -> None:
    result = check_file(fill(unit="SNV", name="hoi_nhap_quoc_te_SYT.xlsx"), form)
    assert (result.unit, result.status) == ("SNV", "warning")
    [problem] = result.problems
    assert "gợi ý đơn vị SYT" in problem.message and "dùng SNV" in problem.message


@pytest.mark.parametrize(
    "typed", ["SYT\u00a0-\u00a0Sở Y tế", "SYT – Sở Y tế", "SYT-Sở Y tế", "Sở Y tế", " syt ", "SYT — Sở Y tế"]
)
def test_unit_cell_variants_are_understood(tmp_path: Path, form: Form, templates: Path, typed: str) -> None:
    from consolidate.fill import fill_template
    from tests.conftest import VALID_NARRATIVES

    out = tmp_path / "blank.xlsx"
    fill_template(
        form,
        templates / "hoi_nhap_quoc_te_mau_trong.xlsx",
        out,
        {**VALID_VALUES, "ma_don_vi": typed},
        VALID_NARRATIVES,
        VALID_TABLES,
    )
    result = check_file(out, form)
    assert (result.status, result.unit) == ("ok", "SYT")


def test_files_in_hidden_folders_are_listed_not_read(tmp_path: Path, fill: FillFn, form: Form) -> None:
    hidden = tmp_path / "in" / ".cu"
    hidden.mkdir(parents=True)
    fill(unit="SNV").rename(hidden / "snv.xlsx")
    [result] = check_paths([tmp_path / "in"], form).files
    assert result.status == "skipped" and "thư mục ẩn" in result.reason


def test_a_panic_in_the_reader_is_that_files_error(fill: FillFn, form: Form, monkeypatch: pytest.MonkeyPatch) -> None:
    from consolidate import check

    class Panic(BaseException):  # how pyo3 (calamine) raises a Rust panic: not an Exception
        pass

    def panicking(*_: object, **__: object) -> None:
        raise Panic("called `Option::unwrap()` on a `None` value")

    path = fill(unit="SNV")
    monkeypatch.setattr(check, "read_submission", panicking)
    result = check.check_file(path, form)
    assert result.status == "error" and "Không đọc được tệp do lỗi kỹ thuật." in result.problems[0].message
    assert result.detail.startswith("Panic: called `Option::unwrap()`")
    assert result.traceback and "Panic" in result.traceback
