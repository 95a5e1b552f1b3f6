"""What a section's figures say: totals, the top contributor, the few units at zero, counts by answer.

Real workbooks are filled from the shipped form's templates, checked and merged (as in test_aggregates and
test_report_docx); the sentences are asserted exactly, and once in the report .docx written from them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import docx
import pytest
import yaml

from consolidate import highlights
from consolidate.check import check_paths
from consolidate.errors import FormError
from consolidate.form import Form, Section, load_form
from consolidate.highlights import amount, section_sentences
from consolidate.merge import Consolidation, compare, merge
from consolidate.report_docx import write_report
from consolidate.template import write_templates
from tests.conftest import FillFn

FORMS = Path(__file__).parent.parent / "consolidate" / "forms"
NOW = dt.datetime(2022, 6, 20, 9, 30)
OPENING = "Trong 6 tháng đầu năm 2022, các sở, ban, ngành và UBND các huyện, thành phố đã "
KE_HOACH = "Kế hoạch thực hiện công tác hội nhập quốc tế năm 2022"
# Seven units. tin_bai: one clear top, one unit at zero. lop_tap_huan: two units tie at the top.
# thoa_thuan: zero is common (four units), so no unit at zero is named. chuyen_gia: three units at zero
# (named), the others all equal (no «nhiều nhất»). ke_hoach: a majority and two minority answers.
FIGURES: dict[str, dict[str, Any]] = {
    "SNV": {"tin_bai": 100, "lop_tap_huan": 5, "thoa_thuan": 1, "chuyen_gia": 0, "ke_hoach": "Đã ban hành"},
    "STP": {"tin_bai": 40, "lop_tap_huan": 5, "thoa_thuan": 2, "chuyen_gia": 0, "ke_hoach": "Đã ban hành"},
    "SKHDT": {"tin_bai": 40, "lop_tap_huan": 1, "thoa_thuan": 0, "chuyen_gia": 3, "ke_hoach": "Đã ban hành"},
    "SCT": {"tin_bai": 415, "lop_tap_huan": 1, "thoa_thuan": 0, "chuyen_gia": 3, "ke_hoach": "Chưa ban hành"},
    "CAT": {"tin_bai": 50, "lop_tap_huan": 1, "thoa_thuan": 0, "chuyen_gia": 0, "ke_hoach": "Chưa ban hành"},
    "UBND_VQ": {"tin_bai": 0, "lop_tap_huan": 1, "thoa_thuan": 0, "chuyen_gia": 3, "ke_hoach": "Đang xây dựng"},
    "UBND_BG": {"tin_bai": 60, "lop_tap_huan": 1, "thoa_thuan": 3, "chuyen_gia": 3, "ke_hoach": "Đã ban hành"},
}


@pytest.fixture(scope="module")
def templates(tmp_path_factory: pytest.TempPathFactory, form: Form) -> Path:
    folder = tmp_path_factory.mktemp("templates_highlights")
    write_templates(form, folder, list(FIGURES))
    return folder


@pytest.fixture(scope="module")
def seven(tmp_path_factory: pytest.TempPathFactory, form: Form, templates: Path) -> Consolidation:
    from consolidate.fill import fill_template
    from consolidate.template import template_filename
    from tests.conftest import VALID_NARRATIVES, VALID_TABLES, VALID_VALUES

    folder = tmp_path_factory.mktemp("inbox_highlights")
    for unit, figures in FIGURES.items():
        template = templates / template_filename(form, form.unit(unit))
        values = {**VALID_VALUES, **figures}
        fill_template(form, template, folder / f"{unit}.xlsx", values, VALID_NARRATIVES, VALID_TABLES)
    return merge(check_paths([folder], form), form, now=NOW)


def _section(form: Form, code: str) -> Section:
    return next(s for s in form.walk_sections() if s.code == code)


def _with_last_year(c: Consolidation, **totals: int) -> Consolidation:
    """The consolidation with a first half of 2021 whose per-unit figures add up to ``totals``."""
    values = {"SNV": dict(totals)}
    return dataclasses.replace(c, previous=compare(c.form, values, "6 tháng đầu năm 2021", 2021))


def test_top_contributor_tie_and_a_unit_at_zero(seven: Consolidation) -> None:
    assert len(seven.by_status("accepted")) == 7
    sentences = section_sentences(seven, _section(seven.form, "tuyen_truyen"))
    assert sentences[0] == (
        OPENING + "đăng tải 705 tin, bài tuyên truyền về hội nhập quốc tế "
        "(nhiều nhất là Sở Công Thương với 415 tin, bài; chưa phát sinh tại UBND huyện Văn Quan); "
        "tổ chức 15 hội nghị, lớp tập huấn với 1.680 lượt người tham dự "
        "(nhiều nhất là Sở Nội vụ và Sở Tư pháp, mỗi đơn vị 5 lớp)."
    )


def test_zeros_named_when_few_not_when_common_and_no_top_when_all_equal(seven: Consolidation) -> None:
    (sentence,) = section_sentences(seven, _section(seven.form, "hop_tac"))
    # thoa_thuan: four units at zero is common, none named; the top has 3 of 6.
    assert "ký kết 6 thỏa thuận quốc tế (nhiều nhất là UBND huyện Bình Gia với 3 văn bản);" in sentence
    # chuyen_gia: three units at zero are named; the four others gave 3 each, so none is «nhiều nhất».
    assert sentence.endswith(
        "tiếp nhận 12 chuyên gia, tình nguyện viên nước ngoài đến làm việc "
        "(chưa phát sinh tại Sở Nội vụ, Sở Tư pháp và Công an tỉnh)."
    )
    # Every unit gave the same figures: no top contributor, nobody at zero; a rate gets neither.
    assert "cử 14 đoàn ra với 49 lượt người đi công tác nước ngoài; đón 7 đoàn vào" in sentence
    assert "tỷ lệ giải ngân bình quân 42,5% so với kế hoạch vốn năm (bình quân theo tổng giá trị" in sentence
    assert sentence.count("nhiều nhất") == 1


def test_a_small_top_share_is_not_named(seven: Consolidation, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(highlights, "TOP_SHARE", 0.6)  # Sở Công Thương has 415 of 705 tin, bài: 58,9%
    sentence = section_sentences(seven, _section(seven.form, "tuyen_truyen"))[0]
    assert "Sở Công Thương" not in sentence
    assert "(chưa phát sinh tại UBND huyện Văn Quan)" in sentence


def test_choice_counts_with_leading_zeros_and_minority_names(seven: Consolidation) -> None:
    sentences = section_sentences(seven, _section(seven.form, "tuyen_truyen"))
    assert sentences[1] == (
        f"04/07 đơn vị đã ban hành {KE_HOACH}; 01 đơn vị đang xây dựng (UBND huyện Văn Quan); "
        "02 đơn vị chưa ban hành (Sở Công Thương, Công an tỉnh)."
    )


def test_minority_answers_given_by_many_units_are_counted_not_named(
    seven: Consolidation, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(highlights, "CHOICE_NAMES_LIMIT", 1)
    assert section_sentences(seven, _section(seven.form, "tuyen_truyen"))[1] == (
        f"04/07 đơn vị đã ban hành {KE_HOACH}; 01 đơn vị đang xây dựng (UBND huyện Văn Quan); 02 đơn vị chưa ban hành."
    )


def test_last_year_and_top_contributor_share_one_parenthesis(seven: Consolidation) -> None:
    c = _with_last_year(seven, tin_bai=600, lop_tap_huan=15, nguoi_tap_huan=2000)
    sentence = section_sentences(c, _section(c.form, "tuyen_truyen"))[0]
    assert sentence == (
        OPENING + "đăng tải 705 tin, bài tuyên truyền về hội nhập quốc tế (tăng 17,5% so với cùng kỳ năm 2021; "
        "nhiều nhất là Sở Công Thương với 415 tin, bài; chưa phát sinh tại UBND huyện Văn Quan); "
        "tổ chức 15 hội nghị, lớp tập huấn với 1.680 lượt người tham dự "
        "(bằng cùng kỳ năm 2021; nhiều nhất là Sở Nội vụ và Sở Tư pháp, mỗi đơn vị 5 lớp)."
    )


def test_the_report_carries_the_sentences(seven: Consolidation, tmp_path: Path) -> None:
    path = tmp_path / "bao_cao.docx"
    write_report(seven, path)
    texts = [p.text for p in docx.Document(str(path)).paragraphs]
    heading = texts.index("1. Công tác thông tin, tuyên truyền về hội nhập quốc tế")
    assert texts[heading + 1] == section_sentences(seven, _section(seven.form, "tuyen_truyen"))[0]
    assert texts[heading + 2].startswith(f"04/07 đơn vị đã ban hành {KE_HOACH}; 01 đơn vị đang xây dựng")
    assert "(nhiều nhất là Sở Công Thương với 415 tin, bài;" in texts[heading + 1]


def _variant(tmp_path: Path, indicator: str, change: dict[str, Any], cite: list[str] | None = None) -> Path:
    """A copy of the shipped form (and its units) with one indicator changed, and the first section's cite."""
    folder = tmp_path / "form"
    shutil.copytree(FORMS, folder)
    path = folder / "hoi_nhap_quoc_te.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    next(i for i in data["indicators"] if i["code"] == indicator).update(change)
    if cite is not None:
        data["sections"][0]["children"][0]["cite"] = cite
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def test_units_that_left_a_choice_empty_are_counted(tmp_path: Path, form: Form, fill: FillFn) -> None:
    optional = load_form(_variant(tmp_path, "ke_hoach", {"required": False}))
    folder = tmp_path / "bao_cao"
    folder.mkdir()
    for unit, answer in (("SNV", "Đã ban hành"), ("STP", None), ("SKHDT", "Đã ban hành"), ("SCT", None)):
        fill(unit=unit, name=f"bao_cao/{unit}.xlsx", ke_hoach=answer)
    c = merge(check_paths([folder], optional), optional, now=NOW)
    assert len(c.by_status("accepted")) == 4
    assert section_sentences(c, _section(optional, "tuyen_truyen"))[1] == (
        f"02/04 đơn vị đã ban hành {KE_HOACH}; 02 đơn vị không báo cáo nội dung này (Sở Tư pháp, Sở Công Thương)."
    )


@pytest.mark.parametrize(
    ("indicator", "change", "cite", "message"),
    [
        (
            "ke_hoach",
            {"phrase": "{value} kế hoạch"},
            None,
            "mục «indicators[13].phrase»: câu trích dẫn của chỉ tiêu lựa chọn không có số liệu để điền vào chỗ trống.",
        ),
        (
            "ngay_ke_hoach",
            {"phrase": "ngày ban hành kế hoạch"},
            ["tin_bai", "ngay_ke_hoach"],
            "mục «sections[0].children[0].cite[1]»: chỉ tiêu «ngay_ke_hoach» kiểu ngày (ngày/tháng/năm): "
            "báo cáo chỉ trích dẫn số liệu hoặc lựa chọn.",
        ),
    ],
)
def test_a_cite_the_report_cannot_say_is_a_catalogue_error(
    tmp_path: Path, indicator: str, change: dict[str, Any], cite: list[str] | None, message: str
) -> None:
    with pytest.raises(FormError) as info:
        load_form(_variant(tmp_path, indicator, change, cite))
    assert message in str(info.value)


def test_a_unit_figure_reads_with_the_indicator_unit(form: Form) -> None:
    assert amount(form.field("von_du_an"), 18500.5) == "khoảng 18,5 tỷ đồng"
    assert amount(form.field("tin_bai"), 415) == "415 tin, bài"
    assert amount(form.field("ty_le_giai_ngan"), 42.5) == "42,5%"
