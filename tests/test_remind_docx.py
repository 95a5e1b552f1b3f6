"""The reminder letter (công văn đôn đốc) reopened with python-docx: layout, fonts, wording, and why each
rejected unit's report was not accepted, the same whether drafted from a folder or from the last run."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import json
import re
import unicodedata
import zipfile
from pathlib import Path
from typing import Any

import docx
import openpyxl
import pytest
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from openpyxl.utils.cell import range_boundaries

from consolidate.check import LOCKED
from consolidate.errors import UsageError
from consolidate.form import Form, Unit
from consolidate.pdf import convert, find_soffice
from consolidate.read import FORBIDDEN_XML
from consolidate.remind_docx import new_deadline, rejection_reason, write_reminder
from consolidate.run import JSON_NAME
from consolidate.run import run as consolidate
from consolidate.tracking import write_reminder_for
from tests.conftest import FIXTURES, FillFn
from tests.corpus import ole, xor_obfuscated

TODAY = dt.date(2022, 6, 20)  # a Monday: three working days later is Thursday 23/06/2022
NOW = dt.datetime(2022, 6, 20, 9, 30)
PASSWORD = "tệp đã gửi có đặt mật khẩu, không mở được"


def _units(form: Form, *codes: str) -> list[Unit]:
    found = [form.unit(code) for code in codes]
    assert all(found)
    return [u for u in found if u is not None]


@pytest.fixture(scope="module")
def letter_path(form: Form, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("remind") / "cong_van_don_doc.docx"
    write_reminder(form, _units(form, "STP", "STC"), _units(form, "SYT"), path, TODAY, reasons={"SYT": PASSWORD})
    return path


@pytest.fixture(scope="module")
def letter(letter_path: Path) -> Any:
    return docx.Document(str(letter_path))


def _texts(doc: Any) -> list[str]:
    return [p.text for p in doc.paragraphs]


def test_page_is_a4_with_the_decree_margins(letter: Any) -> None:
    section = letter.sections[0]
    assert len(letter.sections) == 1
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert section.orientation == WD_ORIENT.PORTRAIT
    margins = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    assert [round(m.mm) for m in margins] == [20, 20, 30, 15]


def test_every_run_is_times_new_roman_in_all_slots(letter: Any) -> None:
    runs = [run for p in letter.paragraphs for run in p.runs]
    runs += [
        run for t in letter.tables for row in t.rows for cell in row.cells for p in cell.paragraphs for run in p.runs
    ]
    runs += [run for p in letter.sections[0].header.paragraphs for run in p.runs]
    assert len(runs) > 20
    for run in runs:
        fonts = run._element.rPr.find(qn("w:rFonts"))
        assert {fonts.get(qn(slot)) for slot in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia")} == {"Times New Roman"}
        assert unicodedata.is_normalized("NFC", run.text)
    normal = letter.styles["Normal"]
    assert normal.font.name == "Times New Roman" and normal.font.size.pt == 14


def test_page_numbers_from_page_two(letter: Any) -> None:
    section = letter.sections[0]
    assert section.different_first_page_header_footer
    assert "PAGE" in section.header._element.xml


def test_header_has_a_number_without_type_code_and_the_subject_line(letter: Any) -> None:
    header = letter.tables[0]
    left, right = (cell.text for cell in header.rows[0].cells)
    assert left.startswith("UBND TỈNH LẠNG SƠN\nSỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH")
    assert right.startswith("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc")
    number_cell, date_cell = header.rows[1].cells
    number, about = (p.text for p in number_cell.paragraphs)
    assert number == "Số:      /SVHTTDL-VP"
    assert about == "V/v đôn đốc báo cáo kết quả công tác hội nhập quốc tế 6 tháng đầu năm 2022"
    about_run = number_cell.paragraphs[1].runs[0]
    assert about_run.font.size.pt in (12, 13) and not about_run.bold and not about_run.italic
    assert number_cell.paragraphs[1].alignment == 1  # centred
    assert re.fullmatch(r"Lạng Sơn, ngày {5,} tháng 6 năm 2022", date_cell.text)
    assert date_cell.paragraphs[0].runs[0].italic


def test_given_number_and_early_month_take_a_leading_zero(form: Form, tmp_path: Path) -> None:
    path = tmp_path / "cv.docx"
    write_reminder(form, _units(form, "STP"), [], path, dt.date(2023, 2, 3), number=7)
    number_cell, date_cell = docx.Document(str(path)).tables[0].rows[1].cells
    assert number_cell.paragraphs[0].text == "Số: 07/SVHTTDL-VP"
    assert re.fullmatch(r"Lạng Sơn, ngày {5,} tháng 02 năm 2023", date_cell.text)


def test_kinh_gui_lists_exactly_the_given_units(letter: Any) -> None:
    kinh_gui = next(t for t in _texts(letter) if t.startswith("Kính gửi:"))
    assert kinh_gui == "Kính gửi:\t- Sở Tư pháp;\n- Sở Tài chính;\n- Sở Y tế."


def test_body_cites_request_deadline_units_and_new_date(letter: Any) -> None:
    texts = _texts(letter)
    start = next(i for i, t in enumerate(texts) if t.startswith("Kính gửi:")) + 1
    body = texts[start:]
    assert body[0].startswith("Thực hiện Công văn số 1856/UBND-KGVX ngày 20 tháng 5 năm 2022 của UBND tỉnh Lạng Sơn")
    assert "trước ngày 17/06/2022" in body[0]
    # The coordinator's own request is cited by its number and date.
    assert "Sở Văn hóa, Thể thao và Du lịch đã có Công văn số 1034/SVHTTDL-VP ngày 25/5/2022 đề nghị" in body[0]
    # Some rejected units are addressed too: the missing ones are named, their count with a leading zero.
    assert body[1] == "Đến ngày 20/06/2022, Sở chưa nhận được báo cáo của 02 đơn vị: Sở Tư pháp, Sở Tài chính."
    assert body[2] == (
        "Sở Y tế đã gửi báo cáo nhưng chưa hợp lệ nên chưa tổng hợp được: tệp đã gửi có đặt mật khẩu, không mở được. "
        "Đề nghị đơn vị kiểm tra, chỉnh sửa và gửi lại báo cáo."
    )
    assert body[3].startswith("Để kịp thời tổng hợp, báo cáo UBND tỉnh Lạng Sơn theo quy định")
    assert "trước ngày 23/06/2022" in body[3]
    assert body[4] == (
        "Trong quá trình thực hiện, nếu có vướng mắc, đề nghị các đơn vị liên hệ Sở Văn hóa, Thể thao và Du lịch "
        "(qua Văn phòng, đồng chí Hoàng Thị Lan, chuyên viên Văn phòng Sở, điện thoại: 0205 3812 345) "
        "để được hướng dẫn./."
    )
    assert body[-1].endswith("./.")
    for par in letter.paragraphs[start:]:
        assert par.alignment == 3  # justified
        assert round(par.paragraph_format.first_line_indent.mm) == 13
        assert par.runs[0].font.size.pt in (13, 14)


def test_signature_and_recipients(letter: Any) -> None:
    signature = letter.tables[-1]
    left, right = signature.rows[0].cells
    assert left.text.split("\n") == ["Nơi nhận:", "- Như trên;", "- Lãnh đạo Sở (b/c);", "- Lưu: VT, VP."]
    title_run = left.paragraphs[0].runs[0]
    assert title_run.bold and title_run.italic and title_run.font.size.pt == 12
    assert all(p.runs[0].font.size.pt == 11 for p in left.paragraphs[1:])
    lines = right.text.split("\n")
    assert lines[:2] == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"]
    assert lines[-1] == "Nguyễn Văn Minh"
    assert all(p.runs[0].bold for p in right.paragraphs if p.runs)


def test_a_single_unit_is_on_the_kinh_gui_line(form: Form, tmp_path: Path) -> None:
    path = tmp_path / "cv.docx"
    write_reminder(form, [], _units(form, "SYT"), path, dt.date(2022, 6, 24))
    texts = _texts(docx.Document(str(path)))
    assert "Kính gửi: Sở Y tế." in texts
    assert (  # no reason known: the unit is asked to check its report
        "Sở Y tế đã gửi báo cáo nhưng chưa hợp lệ nên chưa tổng hợp được; đề nghị đơn vị kiểm tra, chỉnh sửa và "
        "gửi lại báo cáo." in texts
    )
    body = " ".join(texts)
    assert "chưa gửi báo cáo" not in body
    assert "trước ngày 29/06/2022" in body  # Friday + 3 working days: the next Wednesday


def _body(doc: Any) -> list[str]:
    """The paragraphs between «Kính gửi» and the signature."""
    texts = _texts(doc)
    return texts[next(i for i, t in enumerate(texts) if t.startswith("Kính gửi")) + 1 :]


def test_several_rejected_units_are_listed_each_with_its_reason(form: Form, tmp_path: Path) -> None:
    path = tmp_path / "cv.docx"
    reasons = {"SNV": "số liệu có 3 lỗi (chi tiết trong tệp phản hồi)", "SYT": PASSWORD, "STC": ""}
    write_reminder(form, _units(form, "STP"), _units(form, "SNV", "SYT", "STC"), path, TODAY, reasons=reasons)
    letter = docx.Document(str(path))
    assert _body(letter)[1:6] == [
        "Đến ngày 20/06/2022, Sở chưa nhận được báo cáo của Sở Tư pháp.",
        "Có 03 đơn vị đã gửi báo cáo nhưng chưa hợp lệ nên chưa tổng hợp được; đề nghị các đơn vị này kiểm tra, "
        "chỉnh sửa và gửi lại báo cáo:",
        "- Sở Nội vụ: số liệu có 3 lỗi (chi tiết trong tệp phản hồi);",
        "- Sở Y tế: tệp đã gửi có đặt mật khẩu, không mở được;",
        "- Sở Tài chính.",  # no reason known: named only
    ]
    listed = [p for p in letter.paragraphs if p.text.startswith("- Sở")]
    assert len(listed) == 3
    for par in listed:  # body paragraphs like the others: justified, indented, 13–14 pt
        assert par.alignment == 3 and round(par.paragraph_format.first_line_indent.mm) == 13
        assert par.runs[0].font.size.pt in (13, 14)


def test_nobody_to_remind_is_an_error(form: Form, tmp_path: Path) -> None:
    with pytest.raises(UsageError):
        write_reminder(form, [], [], tmp_path / "cv.docx", TODAY)
    assert not (tmp_path / "cv.docx").exists()


def test_new_deadline_skips_weekends() -> None:
    assert new_deadline(dt.date(2022, 6, 20)) == dt.date(2022, 6, 23)
    assert new_deadline(dt.date(2022, 6, 23)) == dt.date(2022, 6, 28)
    assert new_deadline(dt.date(2022, 6, 25)) == dt.date(2022, 6, 29)  # a Saturday


@pytest.mark.skipif(find_soffice() is None, reason="LibreOffice is not installed")
def test_letter_converts_to_pdf(letter_path: Path, tmp_path: Path) -> None:
    pdf = convert(letter_path, "pdf", tmp_path)
    assert pdf.read_bytes().startswith(b"%PDF")


# --- why each rejected unit was refused: from its files, the same with --from and from the last run -------


def _set_cell(path: Path, code: str, value: Any) -> Path:
    """Type ``value`` into the input cell named ``code``, as a unit would in Excel."""
    wb = openpyxl.load_workbook(path)
    ((sheet, ref),) = list(wb.defined_names[code].destinations)
    column, row, _, _ = range_boundaries(ref.replace("$", ""))
    wb[sheet].cell(row=row, column=column).value = value
    wb.save(path)
    return path


def _numbers_package() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("Index/Document.iwa", b"\0" * 64)
        package.writestr("Metadata/Properties.plist", b"bplist00")
    return buffer.getvalue()


def _both_letters(form: Form, inbox: Path, tmp_path: Path) -> tuple[list[str], list[str]]:
    """The letter's body drafted from the folder (``--from``), and from the last run's consolidated.json."""
    out = tmp_path / "tong_hop"
    consolidate([inbox], form, out, now=NOW)
    from_files, _ = write_reminder_for(form, tmp_path / "cong_van", [inbox], out / "lich_su.sqlite")
    from_run, _ = write_reminder_for(form, out, [], out / "lich_su.sqlite")
    return _body(docx.Document(str(from_files))), _body(docx.Document(str(from_run)))


def test_each_kind_of_rejected_file_gives_its_unit_a_short_reason_on_both_paths(
    form: Form, fill: FillFn, tmp_path: Path
) -> None:
    inbox = tmp_path / "nhan"
    inbox.mkdir()
    fill("SNV", name="SNV.xlsx", tin_bai=-5, lop_tap_huan="nhiều", nguoi_tap_huan=None).rename(inbox / "SNV.xlsx")
    other_form = _set_cell(fill("UBND_TPLS", name="tp.xlsx"), "ma_bieu_mau", "bao_cao_khac")
    other_form.rename(inbox / "tp.xlsx")  # the unit cell still says UBND_TPLS
    old_version = _set_cell(fill("SNV", name="SNGV.xlsx"), "phien_ban_bieu_mau", "2021.2")
    _set_cell(old_version, "ma_don_vi", "SNGV").rename(inbox / "SNGV.xlsx")
    _set_cell(fill("SNV", name="SLDTBXH.xlsx"), "ma_don_vi", "XYZ").rename(inbox / "SLDTBXH.xlsx")
    own = openpyxl.Workbook()
    own.active["A1"] = "Số tin, bài"
    own.save(inbox / "SKHCN.xlsx")  # the unit's own table, not the form
    (inbox / "Báo cáo Sở Y tế.xls").write_bytes(xor_obfuscated((FIXTURES / "filled_SYT.xls").read_bytes()))
    (inbox / "bao_cao_STP.xls").write_bytes(ole({"WordDocument": b"\xec\xa5" + b"\0" * 100, "1Table": b"\0" * 100}))
    (inbox / "STC.numbers").write_bytes(_numbers_package())
    (inbox / "SKHDT.xlsx").write_bytes(b"")
    (inbox / "SCT.xlsx").write_bytes(b"PK\x03\x04broken")
    (inbox / "SXD.xls").write_bytes(b"<html><body><table><tr><td>1</td></tr></table></body></html>")
    (inbox / "SGTVT.xlsx").write_bytes(b"%PDF-1.4\n")

    from_files, from_run = _both_letters(form, inbox, tmp_path)
    assert from_files == from_run
    start = from_files.index(
        "Có 12 đơn vị đã gửi báo cáo nhưng chưa hợp lệ nên chưa tổng hợp được; đề nghị các đơn vị này kiểm tra, "
        "chỉnh sửa và gửi lại báo cáo:"
    )
    assert from_files[start + 1 : start + 13] == [  # in the form's order
        "- Sở Nội vụ: chỉ tiêu “Số tin, bài tuyên truyền về hội nhập quốc tế đã đăng tải” ghi -5 tin, bài và 02 lỗi "
        "khác (chi tiết trong tệp phản hồi);",
        "- Sở Tư pháp: tệp đã gửi là văn bản Word (.doc), không phải biểu mẫu Excel;",
        "- Sở Kế hoạch và Đầu tư: tệp đã gửi rỗng (0 byte);",
        "- Sở Tài chính: tệp đã gửi là bảng tính Apple Numbers, không đúng định dạng của biểu mẫu;",
        "- Sở Công Thương: tệp đã gửi bị hỏng, không mở được;",
        "- Sở Giao thông vận tải: tệp đã gửi là PDF, không phải biểu mẫu Excel;",
        "- Sở Xây dựng: tệp đã gửi là trang web (HTML), không phải biểu mẫu Excel;",
        "- Sở Lao động - Thương binh và Xã hội: chưa chọn đúng đơn vị báo cáo trong biểu mẫu;",
        "- Sở Khoa học và Công nghệ: không dùng biểu mẫu đã phát hành;",
        "- Sở Y tế: tệp đã gửi có đặt mật khẩu, không mở được;",
        "- Sở Ngoại vụ: dùng biểu mẫu không đúng phiên bản hiện hành;",
        "- UBND thành phố Lạng Sơn: dùng biểu mẫu khác.",
    ]
    assert from_files[start + 13].startswith("Để kịp thời tổng hợp")
    # The run keeps the checker's full message; the letter never pastes it.
    data = json.loads((tmp_path / "tong_hop" / JSON_NAME).read_text(encoding="utf-8"))
    reasons = {u["code"]: u["reason"] for u in data["units"] if u["status"] == "rejected"}
    assert reasons["SYT"].startswith("Tệp được đặt mật khẩu, không đọc được. Hãy gỡ mật khẩu")
    assert not any("Hãy" in line for line in from_files)


def test_one_rejected_unit_has_its_reason_in_the_sentence_on_both_paths(
    form: Form, fill: FillFn, tmp_path: Path
) -> None:
    inbox = tmp_path / "nhan"
    inbox.mkdir()
    fill("SNV", name="SNV.xlsx").rename(inbox / "SNV.xlsx")
    fill("UBND_TPLS", name="tp.xlsx", tin_bai="nhiều").rename(inbox / "tp.xlsx")
    from_files, from_run = _both_letters(form, inbox, tmp_path)
    assert from_files == from_run
    assert from_files[2] == (
        "UBND thành phố Lạng Sơn đã gửi báo cáo nhưng chưa hợp lệ nên chưa tổng hợp được: chỉ tiêu “Số tin, bài "
        "tuyên truyền về hội nhập quốc tế đã đăng tải” ghi “nhiều” (chi tiết trong tệp phản hồi). "
        "Đề nghị đơn vị kiểm tra, chỉnh sửa và gửi lại báo cáo."
    )
    assert not any(line.startswith("- ") for line in from_files)


def test_the_reason_of_a_locked_file_a_technical_failure_and_a_valid_file() -> None:
    def problem(message: str, severity: str = "error") -> dict[str, Any]:
        return {"field": None, "sheet": None, "cell": None, "severity": severity, "message": message}

    assert rejection_reason([problem(LOCKED.format(name="SYT.xlsx"))]) == "tệp nhận được chưa mở được"
    assert rejection_reason([problem("Không đọc được tệp do lỗi kỹ thuật. Hãy mở tệp…")]) == "tệp đã gửi không đọc được"
    assert rejection_reason([problem(FORBIDDEN_XML)]) == "tệp đã gửi không đọc được"
    damaged = "Trang «Chỉ tiêu» của tệp bị hỏng, không đọc được. Hãy mở lại tệp bằng Excel hoặc LibreOffice…"
    assert rejection_reason([problem(damaged)]) == "tệp đã gửi bị hỏng, không mở được"
    damaged = "Tệp bảng tính Excel (.xlsx) bị hỏng, không đọc được nội dung. Hãy mở lại bằng Excel…"
    assert rejection_reason([problem(damaged)]) == "tệp đã gửi bị hỏng, không mở được"
    assert rejection_reason([problem("Tên tệp gợi ý đơn vị khác", "warning")]) == ""
    assert rejection_reason([]) == ""


# --- the letter's own request, the «Đến ngày…» sentence, the contact line, the spacing, counts -------------


def test_the_number_and_subject_lines_are_6pt_apart(letter: Any) -> None:
    number_cell = letter.tables[0].rows[1].cells[0]
    assert number_cell.paragraphs[1].paragraph_format.space_before.pt == 6


def test_a_letter_only_to_units_that_sent_nothing_does_not_list_them_again(form: Form, tmp_path: Path) -> None:
    path = tmp_path / "cv.docx"
    write_reminder(form, _units(form, "STP", "STC"), [], path, TODAY)
    body = _body(docx.Document(str(path)))
    assert body[1] == "Đến ngày 20/06/2022, Sở chưa nhận được báo cáo của quý cơ quan, đơn vị."
    assert sum("Sở Tư pháp" in text for text in body) == 0  # named once, on the Kính gửi line


def test_without_an_own_request_or_a_contact_the_letter_says_less(form: Form, tmp_path: Path) -> None:
    agency = dataclasses.replace(form.agency, units_request="", contact=None)
    path = tmp_path / "cv.docx"
    write_reminder(dataclasses.replace(form, agency=agency), _units(form, "STP"), [], path, TODAY)
    body = _body(docx.Document(str(path)))
    assert "Sở Văn hóa, Thể thao và Du lịch đã có văn bản đề nghị các cơ quan, đơn vị thực hiện báo cáo" in body[0]
    assert body[-1] == (
        "Trong quá trình thực hiện, nếu có vướng mắc, đề nghị đơn vị liên hệ Sở Văn hóa, Thể thao và Du lịch "
        "(qua Văn phòng) để được hướng dẫn./."
    )


def test_a_wrong_value_is_named_by_its_indicator_and_what_the_unit_wrote(form: Form) -> None:
    def error(field: str, value: Any) -> dict[str, Any]:
        return {"field": field, "sheet": "Chỉ tiêu", "cell": "D9", "severity": "error", "message": "…", "value": value}

    rate = "chỉ tiêu “Tỷ lệ giải ngân vốn chương trình, dự án so với kế hoạch năm”"
    assert rejection_reason([error("ty_le_giai_ngan", 125)], form) == f"{rate} ghi 125% (chi tiết trong tệp phản hồi)"
    assert rejection_reason([error("ty_le_giai_ngan", 125.5), error("tin_bai", -1)], form) == (
        f"{rate} ghi 125,5% và 01 lỗi khác (chi tiết trong tệp phản hồi)"
    )
    assert rejection_reason([error("tin_bai", None)], form) == (
        "chỉ tiêu “Số tin, bài tuyên truyền về hội nhập quốc tế đã đăng tải” chưa nhập (chi tiết trong tệp phản hồi)"
    )
    # Without the form (or for a field it does not know) the errors are counted, with a leading zero.
    three = [error("ty_le_giai_ngan", 125)] * 3
    assert rejection_reason(three) == "số liệu có 03 lỗi (chi tiết trong tệp phản hồi)"
    assert rejection_reason([error("khong_co", 1)], form) == "số liệu có 01 lỗi (chi tiết trong tệp phản hồi)"
