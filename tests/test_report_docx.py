"""The narrative report reopened with python-docx: layout, fonts, wording, appendix figures."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn

from consolidate.check import check_paths
from consolidate.form import Form
from consolidate.merge import Consolidation, merge
from consolidate.pdf import convert
from consolidate.report_docx import write_report
from tests.conftest import soffice

NOW = dt.datetime(2022, 6, 20, 9, 30)


@pytest.fixture(scope="module")
def consolidation(tmp_path_factory: pytest.TempPathFactory, form: Form, templates: Path) -> Consolidation:
    from consolidate.fill import fill_template
    from tests.conftest import VALID_NARRATIVES, VALID_TABLES, VALID_VALUES

    folder = tmp_path_factory.mktemp("inbox")
    for unit, extra in (
        ("SNV", {}),
        ("SYT", {"doan_vao": 900}),
        ("UBND_TPLS", {"tin_bai": 1250, "doan_ra": 3, "nguoi_ra": 12}),
    ):
        values = {**VALID_VALUES, **extra}
        narratives = dict(VALID_NARRATIVES)
        if unit == "UBND_TPLS":
            narratives["kho_khan"] = "=SUM(A1) không phải công thức.\nĐoạn thứ hai của thành phố."
            narratives.pop("kien_nghi")
        fill_template(
            form, templates / f"hoi_nhap_quoc_te_{unit}.xlsx", folder / f"{unit}.xlsx", values, narratives, VALID_TABLES
        )
    return merge(check_paths([folder], form), form, now=NOW)


@pytest.fixture(scope="module")
def document(consolidation: Consolidation, tmp_path_factory: pytest.TempPathFactory) -> Any:
    path = tmp_path_factory.mktemp("report") / "bao_cao.docx"
    write_report(consolidation, path)
    return docx.Document(str(path))


def _texts(doc: Any) -> list[str]:
    return [p.text for p in doc.paragraphs]


def test_page_is_a4_with_the_decree_margins(document: Any) -> None:
    first = document.sections[0]

    def mm(length: Any) -> int:
        return round(length.mm)

    assert (mm(first.page_width), mm(first.page_height)) == (210, 297)
    assert first.orientation == WD_ORIENT.PORTRAIT
    assert [mm(m) for m in (first.top_margin, first.bottom_margin, first.left_margin, first.right_margin)] == [
        20,
        20,
        30,
        15,
    ]
    appendix = document.sections[1]
    assert appendix.orientation == WD_ORIENT.LANDSCAPE and mm(appendix.page_width) == 297


def test_every_run_is_times_new_roman_in_all_slots(document: Any) -> None:
    runs = [run for p in document.paragraphs for run in p.runs]
    runs += [
        run for t in document.tables for row in t.rows for cell in row.cells for p in cell.paragraphs for run in p.runs
    ]
    runs += [run for s in document.sections for p in s.header.paragraphs for run in p.runs]
    assert len(runs) > 200
    for run in runs:
        fonts = run._element.rPr.find(qn("w:rFonts"))
        assert {fonts.get(qn(slot)) for slot in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia")} == {"Times New Roman"}
    normal = document.styles["Normal"]
    assert normal.font.name == "Times New Roman" and normal.font.size.pt == 14


def test_first_page_header_table(document: Any) -> None:
    header = document.tables[0]
    left, right = (cell.text for cell in header.rows[0].cells)
    assert left.startswith("UBND TỈNH LẠNG SƠN\nSỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH")
    assert right.startswith("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc")
    number, date = (cell.text for cell in header.rows[1].cells)
    assert number == "Số:      /BC-SVHTTDL"
    assert re.fullmatch(r"Lạng Sơn, ngày {5,} tháng 6 năm 2022", date)  # a draft: the day is left blank
    agency_run = header.rows[0].cells[0].paragraphs[1].runs[0]
    assert agency_run.bold and agency_run.font.size.pt == 13
    date_run = header.rows[1].cells[1].paragraphs[0].runs[0]
    assert date_run.italic


def test_title_recipients_and_opening(document: Any, consolidation: Consolidation) -> None:
    texts = _texts(document)
    assert texts[0] == "BÁO CÁO"
    assert texts[1] == "Kết quả công tác hội nhập quốc tế 6 tháng đầu năm 2022"
    kinh_gui = next(t for t in texts if t.startswith("Kính gửi:"))
    assert kinh_gui == "Kính gửi:\t- UBND tỉnh Lạng Sơn;\n- Sở Ngoại vụ tỉnh Lạng Sơn."
    opening = next(t for t in texts if t.startswith("Thực hiện Công văn số 1856/UBND-KGVX"))
    # The title is not restated: the opening says on what basis, with the data's cut-off, and «tổng hợp».
    assert opening.endswith(
        ", trên cơ sở báo cáo của 02/32 cơ quan, đơn vị (số liệu tính từ ngày 15/12/2021 đến ngày 14/06/2022), "
        "Sở Văn hóa, Thể thao và Du lịch tổng hợp, báo cáo như sau:"
    )
    status = next(t for t in texts if t.startswith("Đến thời điểm tổng hợp"))
    assert "29 đơn vị chưa gửi báo cáo" in status and "01 đơn vị gửi báo cáo chưa hợp lệ" in status
    assert "(Sở Y tế)" in status


def test_sections_follow_the_form_with_synthesis_and_contributions(document: Any) -> None:
    texts = _texts(document)
    headings = [
        "I. TÌNH HÌNH VÀ KẾT QUẢ THỰC HIỆN",
        "1. Công tác thông tin, tuyên truyền về hội nhập quốc tế",
        "2. Hợp tác quốc tế trong lĩnh vực của đơn vị",
        "II. KHÓ KHĂN, VƯỚNG MẮC VÀ NGUYÊN NHÂN",
        "III. PHƯƠNG HƯỚNG, NHIỆM VỤ TRỌNG TÂM 6 THÁNG CUỐI NĂM 2022",
        "IV. ĐỀ XUẤT, KIẾN NGHỊ",
    ]
    positions = [texts.index(h) for h in headings]
    assert positions == sorted(positions)
    synthesis = texts[positions[1] + 1]
    # SNV 1.250 + UBND_TPLS 1.250 tin, bài; 3 + 3 classes with 240 + 240 persons (Vietnamese number format).
    assert synthesis == (
        "Trong 6 tháng đầu năm 2022, các sở, ban, ngành và UBND các huyện, thành phố đã "
        "đăng tải 2.500 tin, bài tuyên truyền về hội nhập quốc tế; tổ chức 6 hội nghị, lớp tập huấn "
        "với 480 lượt người tham dự."
    )
    cooperation = texts[positions[2] + 1]
    assert "cử 5 đoàn ra với 19 lượt người đi công tác nước ngoài" in cooperation
    assert "tổng giá trị khoảng 37 tỷ đồng" in cooperation  # the workbook keeps 37.001 triệu đồng
    assert "đạt tỷ lệ giải ngân bình quân 42,5%" in cooperation
    assert "hội nghị, hội thảo quốc tế" not in cooperation  # zero: left out
    # The plan's status, counted from the choice field cited after the totals.
    assert texts[positions[1] + 2] == "02/02 đơn vị đã ban hành Kế hoạch thực hiện công tác hội nhập quốc tế năm 2022."
    # What both units wrote is said once, naming both; what one unit wrote stays under its name.
    section_1 = texts[positions[1] : positions[2]]
    assert "Tổ chức 3 lớp tập huấn (Sở Nội vụ, UBND thành phố Lạng Sơn)." in section_1
    # «Sở» is the department naming itself, not the city's: the two sentences stay apart, each under its unit.
    assert "Sở Nội vụ: Trong 6 tháng đầu năm 2022, Sở đã đăng tải 1.250 tin, bài." in section_1
    assert "Tiếp tục tuyên truyền về hội nhập quốc tế (Sở Nội vụ, UBND thành phố Lạng Sơn)." in texts
    own = next(p for p in document.paragraphs if p.text.startswith("Sở Nội vụ: Kinh phí"))
    assert own.runs[0].bold and own.runs[0].text == "Sở Nội vụ: " and not own.runs[1].bold
    # A unit with nothing for a section is left out of it; text that looks like a formula stays text.
    assert texts[positions[5] + 1 : positions[5] + 3] == ["Đề nghị UBND tỉnh:", "- Bố trí kinh phí (Sở Nội vụ)."]
    assert "UBND thành phố Lạng Sơn: =SUM(A1) không phải công thức. Đoạn thứ hai của thành phố." in texts
    assert "Sở Y tế" not in " ".join(texts[positions[0] : positions[5]])  # rejected: never half-counted


def test_closing_and_signature(document: Any) -> None:
    texts = _texts(document)
    closing = next(t for t in texts if t.startswith("Trên đây là báo cáo"))
    assert closing.endswith("của Sở Văn hóa, Thể thao và Du lịch./.")
    signature = next(t for t in document.tables if t.rows[0].cells[0].text.startswith("Nơi nhận:"))
    left, right = (cell.text for cell in signature.rows[0].cells)
    assert left.split("\n") == ["Nơi nhận:", "- Như trên;", "- Giám đốc, các Phó Giám đốc Sở;", "- Lưu: VT, VP."]
    assert right.split("\n")[0:2] == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"]
    assert right.rstrip().endswith("Nguyễn Văn Minh")
    title_run = signature.rows[0].cells[0].paragraphs[0].runs[0]
    assert title_run.bold and title_run.italic and title_run.font.size.pt == 12


def test_page_numbers_from_page_two_and_each_appendix_restarts(document: Any) -> None:
    first = document.sections[0]
    assert first.different_first_page_header_footer
    xml = first.header._element.xml
    assert "PAGE" in xml and "fldChar" in xml
    assert first.header.paragraphs[0].alignment == 1  # centred
    for section in document.sections[1:]:
        assert section._sectPr.find(qn("w:pgNumType")).get(qn("w:start")) == "1"
    assert "TOC" not in document.element.xml  # nothing that needs a manual update


def test_appendix_figures_equal_the_totals(document: Any, consolidation: Consolidation) -> None:
    texts = _texts(document)
    # Three appendices, numbered I, II, III, each referred to from the body.
    assert [t for t in texts if t.startswith("Phụ lục ")] == ["Phụ lục I", "Phụ lục II", "Phụ lục III"]
    assert "Số liệu chi tiết của từng cơ quan, đơn vị tại Phụ lục I kèm theo." in texts
    assert "Danh sách đoàn ra chi tiết tại Phụ lục II kèm theo." in texts
    assert "Danh sách đoàn vào chi tiết tại Phụ lục III kèm theo." in texts
    pattern = r"\(Kèm theo Báo cáo số +/BC-SVHTTDL ngày +tháng 6 năm 2022 của Sở Văn hóa, Thể thao và Du lịch\)"
    assert any(re.fullmatch(pattern, t) for t in texts)
    tables = [t for t in document.tables if t.rows[0].cells[0].text == "STT" and t.rows[0].cells[1].text == "Đơn vị"]
    summary_tables = [t for t in tables if t.rows[2].cells[0].text == "(1)"]
    assert len(summary_tables) == 2
    shown: dict[str, str] = {}
    for table in summary_tables:
        labels = [c.text.split("\n")[0] for c in table.rows[1].cells]
        total_row = table.rows[-1]
        assert total_row.cells[1].text == "TỔNG CỘNG"
        for label, cell in zip(labels[2:], total_row.cells[2:], strict=True):
            shown[label] = cell.text
    form = consolidation.form
    assert shown[form.field("tin_bai").label] == "2.500", shown
    assert shown[form.field("von_du_an").label] == "37.001,0"  # the workbook shows one decimal too
    assert shown[form.field("ty_le_giai_ngan").label] == "42,5"
    assert shown[form.field("doan_vao").label] == "2"
    assert shown[form.field("hoi_nghi_qt").label] == "-"  # nil, written as officials write it
    rows = {row.cells[1].text: row for table in summary_tables for row in table.rows}
    assert rows["Sở Y tế"].cells[2].text == "Báo cáo không hợp lệ"
    assert rows["Sở Tư pháp"].cells[2].text == "Chưa báo cáo"


def test_delegation_lists_in_appendix(document: Any) -> None:
    texts = _texts(document)
    assert "DANH SÁCH ĐOÀN RA 6 THÁNG ĐẦU NĂM 2022" in texts
    table = next(
        t
        for t in document.tables
        if len(t.rows[0].cells) > 3
        and t.rows[0].cells[2].text.startswith("Tên đoàn")
        and "Nước đến" in t.rows[0].cells[3].text
    )
    assert len(table.rows) == 1 + 4  # two units, two delegations each
    first = [c.text for c in table.rows[1].cells]
    assert first[:6] == ["1", "Sở Nội vụ", "Đoàn Sở Nội vụ", "Trung Quốc", "01/03/2022", "04/03/2022"]


@pytest.mark.skipif(soffice() is None, reason="LibreOffice is not installed")
def test_report_converts_to_pdf(consolidation: Consolidation, tmp_path: Path) -> None:
    path = tmp_path / "bao_cao.docx"
    write_report(consolidation, path)
    convert(path, "pdf", tmp_path)
    pdf = (tmp_path / "bao_cao.pdf").read_bytes()
    assert pdf.startswith(b"%PDF") and len(pdf) > 10000
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", str(tmp_path / "bao_cao.pdf")], capture_output=True, text=True).stdout
        assert int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:"))) >= 4


def test_above_the_unit_limit_the_report_speaks_by_group(consolidation: Consolidation, tmp_path: Path) -> None:
    import dataclasses

    form = consolidation.form
    small = dataclasses.replace(form, report=dataclasses.replace(form.report, unit_detail_limit=2))
    path = tmp_path / "theo_nhom.docx"
    write_report(dataclasses.replace(consolidation, form=small), path)
    document = docx.Document(str(path))
    texts = _texts(document)
    # No unit is quoted in the body; each section says where the units' texts are.
    assert not any(t.startswith("Sở Nội vụ:") for t in texts)
    pointers = [t for t in texts if t.endswith("được tập hợp đầy đủ tại bảng tổng hợp kèm theo (trang “Nội dung”).")]
    assert [p.split(" đơn vị")[0].rsplit(" ", 1)[1] for p in pointers] == ["02/32", "02/32", "02/32", "02/32", "01/32"]
    assert "TỔNG HỢP SỐ LIỆU KẾT QUẢ CÔNG TÁC HỘI NHẬP QUỐC TẾ 6 THÁNG ĐẦU NĂM 2022 THEO NHÓM ĐƠN VỊ" in texts
    assert not any(t.startswith("DANH SÁCH ĐOÀN RA") for t in texts)
    assert any(t.startswith("Số liệu của từng đơn vị (32 đơn vị), “Danh sách đoàn ra”") for t in texts)
    # The appendix has one row per group and the total, and the same total as the unit-level report.
    table = next(t for t in document.tables if t.rows[0].cells[1].text == "Nhóm đơn vị")
    body = [row.cells[1].text for row in table.rows[3:]]
    assert body == ["Sở, ban, ngành (1/21 đơn vị)", "UBND cấp huyện (1/11 đơn vị)", "TỔNG CỘNG"]
    labels = [c.text.split("\n")[0] for c in table.rows[1].cells]
    total = dict(zip(labels[2:], (c.text for c in table.rows[-1].cells[2:]), strict=True))
    assert total[form.field("tin_bai").label] == "2.500"
    # Many units unnamed: counted, with a pointer to the submissions sheet.
    status = next(t for t in texts if t.startswith("Đến thời điểm tổng hợp"))
    assert "29 đơn vị chưa gửi báo cáo;" in status and "trang “Tình hình nộp báo cáo”" in status


def test_a_unit_text_does_not_repeat_the_name_of_its_bold_label() -> None:
    from consolidate.report_docx import after_own_name

    name = "UBND huyện Tràng Định"
    assert after_own_name(name, "UBND huyện Tràng Định đang tổ chức lấy ý kiến.") == "đang tổ chức lấy ý kiến."
    assert after_own_name(name, "UBND huyện Tràng Định: đã ban hành kế hoạch.") == "đã ban hành kế hoạch."
    assert after_own_name("Sở Nội vụ", "Trong 6 tháng đầu năm 2022, Sở Nội vụ đang hoàn thiện dự thảo.") == (
        "Trong 6 tháng đầu năm 2022, đang hoàn thiện dự thảo."
    )
    kept = (
        "Sở Ngoại vụ, Sở Nội vụ phối hợp tổ chức.",  # another unit before it, not a time
        "Sở Nội vụ tỉnh Lạng Sơn đã cử 02 đoàn.",
        "Sở Nội vụ, Sở Tư pháp phối hợp tổ chức.",  # names another unit with it: kept whole
        "Sở Nội vụ",
        "Sở đã cử 02 đoàn.",
        "Sở Nội vụ2 đã cử đoàn.",
    )
    assert [after_own_name("Sở Nội vụ", text) for text in kept] == list(kept)


def test_documents_quote_with_vietnamese_marks_and_count_with_a_leading_zero(document: Any) -> None:
    body = " ".join(_texts(document))
    assert "«" not in body and "»" not in body
    assert re.search(r"\b[1-9] đơn vị", body) is None  # «01 đơn vị», never «1 đơn vị»
