"""The report's body as the director signs it: merged statements, proposals by addressee, the coordinator's
own parts, the length budget and the appendices it points to — on the demo's 32 units and on small forms."""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
from collections import Counter
from pathlib import Path
from typing import Any

import docx
import pytest
import yaml
from docx.enum.text import WD_COLOR_INDEX

from consolidate import statements
from consolidate.demo import build_demo
from consolidate.form import Form, Section, check_form, load_form
from consolidate.merge import Consolidation
from consolidate.pdf import convert
from consolidate.report_docx import (
    CHARS_PER_LINE,
    FIRST_PAGE_LINES,
    LINES_PER_PAGE,
    SIGNATURE_LINES,
    _ReportWriter,
    estimate_lines,
    write_report,
)
from tests.conftest import soffice

SHARED_PROPOSAL = (
    "- Quan tâm giới thiệu các nhà tài trợ, tổ chức phi chính phủ nước ngoài đến khảo sát, hỗ trợ các dự án trên "
    "địa bàn (UBND thành phố Lạng Sơn, UBND các huyện: Văn Quan, Bình Gia, Bắc Sơn, Hữu Lũng và Chi Lăng)."
)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory, form: Form) -> Consolidation:
    result = build_demo(form, tmp_path_factory.mktemp("demo"))
    assert result.run is not None
    return result.run.consolidation


def write(c: Consolidation, folder: Path, name: str = "bao_cao.docx") -> Any:
    path = folder / name
    write_report(c, path)
    return docx.Document(str(path))


def body(doc: Any) -> list[str]:
    """The paragraphs from the title to the closing sentence."""
    texts = [p.text for p in doc.paragraphs]
    end = next(i for i, t in enumerate(texts) if t.startswith("Trên đây là báo cáo"))
    return texts[: end + 1]


def appendix(doc: Any, number: str) -> list[str]:
    texts = [p.text for p in doc.paragraphs]
    start = texts.index(number)
    end = next((i for i, t in enumerate(texts) if i > start and t.startswith("Phụ lục ")), len(texts))
    return texts[start:end]


def test_demo_body_names_every_unit_once_per_statement_and_repeats_no_sentence(
    demo: Consolidation, tmp_path: Path
) -> None:
    doc = write(demo, tmp_path)
    text = "\n".join(body(doc))
    for outcome in demo.by_status("accepted"):
        name = outcome.unit.name
        place = name.removeprefix("UBND huyện ").removeprefix("Sở ")
        assert name in text or place in text, name
    sentences = [s for line in body(doc) for s in statements.sentences(line) if len(s) > 40]
    repeated = [s for s, n in Counter(sentences).items() if n > 1]
    assert not repeated
    # Six district-level units wrote the same proposal word for word: one statement naming all six.
    assert body(doc).count(SHARED_PROPOSAL) == 1
    assert "Đề nghị UBND tỉnh:" in body(doc) and "Đề nghị Sở Ngoại vụ:" in body(doc)


def test_demo_proposals_all_stay_in_the_body(demo: Consolidation, tmp_path: Path) -> None:
    text = " ".join(body(write(demo, tmp_path)))
    for entry in demo.narratives["kien_nghi"]:
        for sentence in statements.sentences(entry["text"]):
            tail = " ".join(sentence.rstrip(".").split()[-6:])  # a request's last words survive any merge
            assert tail in text, (entry["unit"], sentence)


def test_demo_nothing_lost_nothing_twice_across_body_and_appendix(demo: Consolidation, tmp_path: Path) -> None:
    doc = write(demo, tmp_path)
    texts = [p.text for p in doc.paragraphs]
    writer = _ReportWriter(docx.Document(), demo)
    assert writer.texts is not None
    total = 0
    for section in demo.form.input_sections():
        if section.code == "kien_nghi":
            continue
        found = writer.texts.statements(section.code)
        total += sum(len(s.members) for s in found)
        for statement in found:
            if statement.merged:
                assert texts.count(statement.text()) == 1, statement.text()
            else:
                member = statement.members[0]
                holders = [t for t in texts if t.startswith(f"{member.name}: ") and member.text[-40:] in t]
                assert len(holders) == 1, member.text
    # Every sentence of every accepted unit's texts is in exactly one statement.
    expected = sum(
        len(statements.sentences(e["text"]))
        for code, entries in demo.narratives.items()
        if code != "kien_nghi"
        for e in entries
    )
    assert total == expected


def test_demo_body_fits_the_budget_by_estimate_and_points_to_the_appendix(demo: Consolidation, tmp_path: Path) -> None:
    writer = _ReportWriter(docx.Document(), demo)
    room = 8 * LINES_PER_PAGE - FIRST_PAGE_LINES - SIGNATURE_LINES
    assert estimate_lines(writer.body()) <= room
    assert CHARS_PER_LINE <= 80  # conservative: LibreOffice fits ~80 characters on a line
    doc = write(demo, tmp_path)
    pointer = (
        "Nội dung cụ thể khác của các cơ quan, đơn vị về khó khăn, vướng mắc và nguyên nhân tại Phụ lục IV kèm theo."
    )
    assert pointer in body(doc)
    details = appendix(doc, "Phụ lục IV")
    assert details[1] == "NỘI DUNG CỤ THỂ CỦA CÁC CƠ QUAN, ĐƠN VỊ"
    assert "1. Công tác thông tin, tuyên truyền về hội nhập quốc tế" in details
    assert [t for t in (p.text for p in doc.paragraphs) if t.startswith("Phụ lục ")] == [
        "Phụ lục I",
        "Phụ lục II",
        "Phụ lục III",
        "Phụ lục IV",
    ]  # the units' full texts are not an appendix by default


@pytest.mark.skipif(soffice() is None, reason="LibreOffice is not installed")
def test_demo_body_renders_within_eight_pages(demo: Consolidation, tmp_path: Path) -> None:
    write(demo, tmp_path)
    convert(tmp_path / "bao_cao.docx", "pdf", tmp_path)
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        pytest.skip("poppler-utils is not installed")
    pages = subprocess.run(
        [pdftotext, "-layout", str(tmp_path / "bao_cao.pdf"), "-"], check=True, capture_output=True, text=True
    ).stdout.split("\f")
    signature = next(i for i, page in enumerate(pages, start=1) if "Nơi nhận:" in page)
    assert signature <= 8
    assert "Trên đây là báo cáo" in pages[signature - 1]  # the closing stays with the signature


def test_a_smaller_budget_moves_more_to_the_appendix_and_keeps_proposals(demo: Consolidation, tmp_path: Path) -> None:
    settings = dataclasses.replace(demo.form.report, body_pages=4)
    short = dataclasses.replace(demo, form=dataclasses.replace(demo.form, report=settings))
    doc = write(short, tmp_path)
    assert len(" ".join(body(doc))) < len(" ".join(body(write(demo, tmp_path, "full.docx"))))
    assert SHARED_PROPOSAL in body(doc)  # proposals never leave the body


def test_unit_texts_setting_brings_the_full_texts_back_as_an_appendix(demo: Consolidation, tmp_path: Path) -> None:
    settings = dataclasses.replace(demo.form.report, unit_texts=True)
    with_texts = dataclasses.replace(demo, form=dataclasses.replace(demo.form, report=settings))
    doc = write(with_texts, tmp_path)
    assert "Toàn văn báo cáo của các cơ quan, đơn vị tại Phụ lục V kèm theo." in body(doc)
    full = appendix(doc, "Phụ lục V")
    assert full[1] == "TOÀN VĂN BÁO CÁO CỦA CÁC CƠ QUAN, ĐƠN VỊ"
    assert "Sở Nội vụ:" in full


def test_full_contributions_quote_each_unit_whole(demo: Consolidation, tmp_path: Path) -> None:
    settings = dataclasses.replace(demo.form.report, contributions="full")
    full = dataclasses.replace(demo, form=dataclasses.replace(demo.form, report=settings))
    doc = write(full, tmp_path)
    snv = next(e["text"] for e in demo.narratives["kho_khan"] if e["unit"] == "SNV")
    assert any(t.startswith("Sở Nội vụ: ") and snv.split("\n")[0][-40:] in t for t in body(doc))
    assert "Phụ lục IV" not in [p.text for p in doc.paragraphs]  # nothing moved out of the body


def _with_part(form: Form, **part: str) -> Form:
    def swap(section: Section) -> Section:
        if section.code == "danh_gia":
            return dataclasses.replace(section, **part)
        return dataclasses.replace(section, children=tuple(swap(c) for c in section.children))

    return dataclasses.replace(form, sections=tuple(swap(s) for s in form.sections))


def test_the_coordinators_part_is_placed_or_marked(demo: Consolidation, tmp_path: Path) -> None:
    doc = write(demo, tmp_path)
    texts = body(doc)
    heading = texts.index("3. Đánh giá chung")
    assert texts[heading - 1].startswith("Nội dung cụ thể khác") or texts[heading - 1]
    marker = doc.paragraphs[heading + 1]
    assert marker.text.startswith("[Phần do Sở Văn hóa, Thể thao và Du lịch viết: ưu điểm; tồn tại, hạn chế; nguyên")
    assert all(run.font.highlight_color == WD_COLOR_INDEX.YELLOW for run in marker.runs)

    written = "Ưu điểm: các đơn vị đã chủ động.\nTồn tại, hạn chế: kinh phí còn ít."
    filled = dataclasses.replace(demo, form=_with_part(demo.form, text=written))
    texts = body(write(filled, tmp_path, "filled.docx"))
    heading = texts.index("3. Đánh giá chung")
    assert texts[heading + 1 : heading + 3] == written.split("\n")
    assert not any(t.startswith("[Phần do") for t in texts)


def test_the_units_template_has_no_place_for_the_coordinators_part(form: Form) -> None:
    assert "danh_gia" in [s.code for s in form.walk_sections()]
    assert "danh_gia" not in [s.code for s in form.unit_sections()]
    assert "danh_gia" not in [s.code for s in form.input_sections()]


@pytest.fixture
def form_copy(tmp_path: Path) -> Path:
    source = Path(load_form("hoi_nhap_quoc_te").source or "")
    shutil.copytree(source.parent, tmp_path / "forms")
    return tmp_path / "forms" / source.name


def _set_part(path: Path, **keys: str) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    part = next(c for s in data["sections"] for c in s.get("children", []) if c["code"] == "danh_gia")
    part.update(keys)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_the_coordinators_part_from_a_text_or_word_file_beside_the_form(form_copy: Path) -> None:
    (form_copy.parent / "danh_gia.txt").write_bytes("\ufeffƯu điểm: chủ động.\r\nNguyên nhân: dịch bệnh.".encode())
    _set_part(form_copy, file="danh_gia.txt")
    part = next(s for s in load_form(form_copy).walk_sections() if s.code == "danh_gia")
    assert part.text == "Ưu điểm: chủ động.\nNguyên nhân: dịch bệnh."

    document = docx.Document()
    document.add_paragraph("Ưu điểm: từ Word.")
    document.add_paragraph("Hạn chế: còn ít.")
    document.save(str(form_copy.parent / "danh_gia.docx"))
    _set_part(form_copy, file="danh_gia.docx")
    part = next(s for s in load_form(form_copy).walk_sections() if s.code == "danh_gia")
    assert part.text == "Ưu điểm: từ Word.\nHạn chế: còn ít."


def test_a_missing_part_file_is_a_warning_naming_it(form_copy: Path) -> None:
    _set_part(form_copy, file="chua_viet.docx")
    report = check_form(form_copy)
    assert report.valid
    [problem] = [p for p in report.problems if p.code == "part_file_missing"]
    assert problem.severity == "warning" and "«chua_viet.docx»" in problem.message
    _set_part(form_copy, writer="sở")
    assert "bad_writer" in {p.code for p in check_form(form_copy).problems}
