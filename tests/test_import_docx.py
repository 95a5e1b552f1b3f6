"""Importing Word reports: unit, metadata, every paragraph placed, and a workbook that passes «check»."""

from __future__ import annotations

import dataclasses
import hashlib
import re
import unicodedata
from pathlib import Path

import docx
import pytest

from consolidate import import_docx
from consolidate.check import check_file
from consolidate.errors import ConversionError
from consolidate.form import Form
from consolidate.import_docx import ImportResult, import_document, import_documents
from consolidate.pdf import NOT_INSTALLED, convert, find_soffice
from tests.docx_samples import PROVINCE, Sample, ambiguous, samples, science

SAMPLES = {sample.name: sample for sample in samples()}
WRITTEN = [name for name, sample in SAMPLES.items() if sample.unit]


@dataclasses.dataclass
class Imported:
    sample: Sample
    path: Path
    digest: str
    result: ImportResult


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory, form: Form) -> dict[str, Imported]:
    """Every sample built once and imported in one batch."""
    inbox = tmp_path_factory.mktemp("docx_in")
    paths = [sample.build(inbox) for sample in SAMPLES.values()]
    digests = [_sha256(path) for path in paths]
    results = import_documents(paths, form, tmp_path_factory.mktemp("docx_out"))
    return {
        sample.name: Imported(sample, path, digest, result)
        for sample, path, digest, result in zip(SAMPLES.values(), paths, digests, results, strict=True)
    }


def _indicator_gaps_only(path: Path, form: Form) -> list[str]:
    """Problems «check» finds other than the indicators left empty for the unit to type."""
    indicators = {item.code for item in form.indicators}
    result = check_file(path, form)
    return [p.message for p in result.problems if not (p.message.startswith("Chưa nhập") and p.field in indicators)]


@pytest.mark.parametrize("name", WRITTEN)
def test_unit_and_metadata(imported: dict[str, Imported], name: str) -> None:
    case = imported[name]
    assert case.result.unit == case.sample.unit
    for key, expected in case.sample.metadata.items():
        assert case.result.metadata[key] == expected, key


@pytest.mark.parametrize("name", list(SAMPLES))
def test_every_paragraph_accounted_for(imported: dict[str, Imported], name: str) -> None:
    case = imported[name]
    placements = sorted(case.result.placements, key=lambda p: p.paragraph)
    assert [p.paragraph for p in placements] == list(range(1, len(case.sample.paragraphs) + 1))
    assert [p.text for p in placements] == case.sample.paragraphs
    assert all(p.reason for p in placements)


@pytest.mark.parametrize("name", list(SAMPLES))
def test_each_paragraph_lands_where_expected(imported: dict[str, Imported], name: str) -> None:
    case = imported[name]
    placed = iter(sorted(case.result.placements, key=lambda p: p.paragraph))
    for item in case.sample.body:
        for _ in item.paragraphs:
            placement = next(placed)
            if item.section is not None:
                assert placement.section == item.section, placement
            elif not item.bold:  # the request it answers and the closing sentence go to the metadata only
                assert placement.section is None, placement


@pytest.mark.parametrize("name", WRITTEN)
def test_written_workbook_passes_check_with_the_expected_sections(
    imported: dict[str, Imported], form: Form, name: str
) -> None:
    case = imported[name]
    output = case.result.output
    assert output is not None and output.name == f"{form.id}_{case.sample.unit}.xlsx"
    assert _indicator_gaps_only(output, form) == []
    checked = check_file(output, form)
    assert checked.unit == case.sample.unit
    assert checked.narratives == {code: "\n".join(texts) for code, texts in case.sample.sections.items()}
    assert not any(item.code in checked.values for item in form.indicators)  # figures are hints, never typed


@pytest.mark.parametrize("name", list(SAMPLES))
def test_inputs_are_only_read(imported: dict[str, Imported], name: str) -> None:
    assert _sha256(imported[name].path) == imported[name].digest


def test_headings_worded_differently_land_by_meaning(imported: dict[str, Imported]) -> None:
    placements = {p.text: p.section for p in imported["ubnd_van_lang"].result.placements}
    assert placements["I. Kết quả đạt được"] == "ket_qua"
    assert placements["II. Tồn tại, hạn chế và nguyên nhân"] == "kho_khan"
    assert placements["III. Phương hướng nhiệm vụ 6 tháng cuối năm"] == "nhiem_vu"
    assert placements["IV. Kiến nghị, đề xuất"] == "kien_nghi"
    # Text under «I.» before its first sub-heading goes to the child it speaks of.
    assert placements[SAMPLES["ubnd_van_lang"].body[2].text] == "tuyen_truyen"


def test_paragraphs_split_by_a_page_break_are_joined(imported: dict[str, Imported]) -> None:
    case = imported["stnmt_ngat_trang"]
    lines = [line for texts in case.sample.sections.values() for line in texts]
    for joined in case.sample.joined:
        assert joined in lines
    assert sum("ngắt trang" in p for p in case.result.problems) == 3
    assert sum(p.reason.startswith("nối vào đoạn") for p in case.result.placements) == 3
    # A page break after a finished sentence joins nothing: «II.» stays a heading of its own.
    assert any(p.text.startswith("II. ") and p.section == "kho_khan" for p in case.result.placements)


def test_missing_optional_section_stays_empty(imported: dict[str, Imported]) -> None:
    result = imported["sldtbxh_thieu_muc"].result
    assert not any(p.section == "kien_nghi" for p in result.placements)
    assert not any("bắt buộc" in p for p in result.problems)


def test_extra_section_goes_to_the_closest_section_and_is_reported(imported: dict[str, Imported]) -> None:
    result = imported["ubnd_tp_muc_thua"].result
    extra = next(p for p in result.placements if p.text == "V. TỔ CHỨC THỰC HIỆN")
    assert extra.section == "kien_nghi" and "không khớp" in extra.reason
    assert any("TỔ CHỨC THỰC HIỆN" in p and "Hãy kiểm tra" in p for p in result.problems)


def test_legacy_text_is_converted(imported: dict[str, Imported]) -> None:
    case = imported["ubnd_bac_son_tcvn3"]
    raw = [p.text for p in docx.Document(str(case.path)).paragraphs]
    assert "b¸o c¸o" in raw and "BÁO CÁO" not in raw  # the file really holds TCVN3 bytes
    assert case.result.metadata["co_quan_ban_hanh"] == "ỦY BAN NHÂN DÂN HUYỆN BẮC SƠN"
    assert any("TCVN3" in p for p in case.result.problems)


def test_figures_are_listed_as_hints(imported: dict[str, Imported]) -> None:
    numbers = imported["skhcn"].result.numbers
    assert "35 tin" in numbers["tuyen_truyen"] and "120 lượt đại biểu" in numbers["tuyen_truyen"]
    assert "05 chuyên gia" in numbers["hop_tac"]
    assert not any(hint.startswith(("2022", "19", "6 ")) for hints in numbers.values() for hint in hints)
    assert any("không được nhập tự động" in p for p in imported["skhcn"].result.problems)


def test_unclear_unit_writes_nothing_and_asks_for_unit(imported: dict[str, Imported], form: Form) -> None:
    result = imported["so_khong_ro"].result
    assert result.unit is None and result.output is None
    (ask,) = [p for p in result.problems if "--unit" in p]
    assert all(code in ask for code in SAMPLES["so_khong_ro"].candidates)
    out = imported["skhcn"].result.output
    assert out is not None
    assert sorted(p.name for p in out.parent.iterdir()) == sorted(f"{form.id}_{SAMPLES[n].unit}.xlsx" for n in WRITTEN)


def test_unknown_unit_asks_for_unit(tmp_path: Path, form: Form) -> None:
    unknown = dataclasses.replace(
        ambiguous(),
        name="trung_tam",
        issuer=[PROVINCE, ("TRUNG TÂM XÚC TIẾN ĐẦU TƯ, THƯƠNG MẠI VÀ DU LỊCH", True)],
        number="Số: 12/BC-TTXT",
    )
    out = tmp_path / "out"
    result = import_document(unknown.build(tmp_path), form, out)
    assert result.output is None and not list(out.glob("*"))
    assert any("--unit" in p and "không đơn vị nào" in p for p in result.problems)


@pytest.mark.parametrize(
    "issuer, number, unit",
    [
        ([PROVINCE, (unicodedata.normalize("NFD", "Sở Khoa học và Công nghệ"), True)], "Số: 45/BC-SKHCN", "SKHCN"),
        ([PROVINCE, ("SỞ  GD&ĐT", True)], "Số: 07/BC-SGDĐT", "SGDDT"),
        ([PROVINCE, ("SỞ LĐ-TB&XH", True)], "Số: 98/BC-SLĐTBXH", "SLDTBXH"),
        ([("UỶ BAN NHÂN DÂN", True), ("THÀNH PHỐ LẠNG SƠN", True)], "Số: 305/BC-UBND", "UBND_TPLS"),
        ([("UBND HUYỆN VĂN LÃNG", True)], "Số: 112/BC-UBND", "UBND_VL"),
        ([PROVINCE, ("SỞ KH&CN", True)], "Số: 45/BC-SKHĐT", None),  # name and number disagree: ask
    ],
)
def test_unit_written_many_ways(
    tmp_path: Path, form: Form, issuer: list[tuple[str, bool]], number: str, unit: str | None
) -> None:
    sample = dataclasses.replace(science(), issuer=issuer, number=number)
    result = import_document(sample.build(tmp_path), form, tmp_path / "out")
    assert result.unit == unit
    assert (result.output is None) == (unit is None)
    assert (unit is not None) or any("--unit" in p for p in result.problems)


def test_unit_override(tmp_path: Path, form: Form) -> None:
    draft = ambiguous()
    result = import_document(draft.build(tmp_path), form, tmp_path / "out", unit="stc")
    assert result.unit == "STC" and result.output == tmp_path / "out" / f"{form.id}_STC.xlsx"
    assert any("Ngày ký văn bản để trống" in p for p in result.problems)
    assert any("chưa có số" in p for p in result.problems)
    gaps = _indicator_gaps_only(result.output, form)
    assert len(gaps) == 2 and all(g.startswith(("Chưa nhập «Số văn bản", "Chưa nhập «Ngày ký")) for g in gaps)
    assert check_file(result.output, form).narratives == {k: "\n".join(v) for k, v in draft.sections.items()}


def test_override_with_an_unknown_code(tmp_path: Path, form: Form) -> None:
    result = import_document(science().build(tmp_path), form, tmp_path / "out", unit="KHONG_CO")
    assert result.output is None and any("KHONG_CO" in p for p in result.problems)


def test_second_document_of_a_unit_does_not_overwrite(tmp_path: Path, form: Form) -> None:
    first = science().build(tmp_path)
    second = dataclasses.replace(science(), name="skhcn_ban_sua").build(tmp_path)
    results = import_documents([first, second], form, tmp_path / "out")
    assert [r.output.name for r in results if r.output] == [f"{form.id}_SKHCN.xlsx", f"{form.id}_SKHCN_2.xlsx"]
    assert any("không ghi đè" in p for p in results[1].problems)


@pytest.mark.parametrize("name, content", [("bao_cao.docx", b"not a zip at all"), ("bao_cao.pdf", b"%PDF-1.4")])
def test_not_a_word_document(tmp_path: Path, form: Form, name: str, content: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    result = import_document(path, form, tmp_path / "out")
    assert result.output is None and result.unit is None
    assert any(name in p and "Word" in p for p in result.problems)
    assert not any(re.search(r"[A-Z][a-z]+(Error|File)\b", p) for p in result.problems)  # no library's class name


def test_an_old_doc_libreoffice_fails_on_says_what_to_do_once(
    tmp_path: Path, form: Form, monkeypatch: pytest.MonkeyPatch
) -> None:
    program = tmp_path / "soffice"
    program.write_text("#!/bin/sh\nexit 1\n", encoding="utf-8")
    program.chmod(0o755)
    monkeypatch.setenv("CONSOLIDATE_SOFFICE", str(program))
    path = tmp_path / "bao_cao_cu.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    result = import_document(path, form, tmp_path / "out")
    assert result.output is None
    assert result.problems == [
        "LibreOffice không chuyển được «bao_cao_cu.doc» sang docx. Hãy chạy lại; nếu vẫn lỗi, mở tệp bằng Excel, "
        "Word hoặc LibreOffice và tự lưu thành docx."
    ]


def test_doc_without_libreoffice(tmp_path: Path, form: Form, monkeypatch: pytest.MonkeyPatch) -> None:
    def missing(*_: object) -> Path:
        raise ConversionError(NOT_INSTALLED, tool_missing=True)

    monkeypatch.setattr(import_docx, "convert", missing)
    path = tmp_path / "bao_cao_cu.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    result = import_document(path, form, tmp_path / "out")
    assert result.output is None
    assert any("LibreOffice" in p and ".docx" in p for p in result.problems)


@pytest.mark.skipif(find_soffice() is None, reason="LibreOffice is not installed")
def test_old_doc_is_converted_through_libreoffice(tmp_path: Path, form: Form) -> None:
    sample = science()
    old = convert(sample.build(tmp_path), "doc", tmp_path / "doc")
    digest = _sha256(old)
    result = import_document(old, form, tmp_path / "out")
    assert result.unit == "SKHCN" and result.output is not None
    assert {k: result.metadata[k] for k in sample.metadata} == sample.metadata
    assert check_file(result.output, form).narratives == {k: "\n".join(v) for k, v in sample.sections.items()}
    assert _sha256(old) == digest
