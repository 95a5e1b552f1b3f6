"""The reminder letter (công văn đôn đốc) reopened with python-docx: layout, fonts, wording."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn

from consolidate.errors import UsageError
from consolidate.form import Form, Unit
from consolidate.pdf import convert, find_soffice
from consolidate.remind_docx import new_deadline, write_reminder

TODAY = dt.date(2022, 6, 20)  # a Monday: three working days later is Thursday 23/06/2022


def _units(form: Form, *codes: str) -> list[Unit]:
    found = [form.unit(code) for code in codes]
    assert all(found)
    return [u for u in found if u is not None]


@pytest.fixture(scope="module")
def letter_path(form: Form, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("remind") / "cong_van_don_doc.docx"
    write_reminder(form, _units(form, "STP", "STC"), _units(form, "SYT"), path, TODAY)
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
    assert "còn 2 đơn vị chưa gửi báo cáo: Sở Tư pháp, Sở Tài chính." in body[1]
    assert "Sở Y tế đã gửi báo cáo nhưng chưa hợp lệ nên chưa tổng hợp được" in body[1]
    assert "chỉnh sửa và gửi lại" in body[1]
    assert body[2].startswith("Để kịp thời tổng hợp, báo cáo UBND tỉnh Lạng Sơn theo quy định")
    assert "trước ngày 23/06/2022" in body[2]
    assert "liên hệ Sở Văn hóa, Thể thao và Du lịch (qua Văn phòng)" in body[3]
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
    body = " ".join(texts)
    assert "chưa gửi báo cáo" not in body
    assert "trước ngày 29/06/2022" in body  # Friday + 3 working days: the next Wednesday


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
