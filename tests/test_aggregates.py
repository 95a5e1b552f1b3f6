"""One table of aggregations, rates weighted honestly, and amounts in tỷ.

Real workbooks are filled from the shipped form's templates, checked and merged; the JSON, the summary
workbook (reopened, and recalculated by LibreOffice when present) and the report are read back.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import docx
import openpyxl
import pytest
import yaml

from consolidate import aggregates
from consolidate.check import check_paths
from consolidate.errors import FormError
from consolidate.form import Form, load_form
from consolidate.merge import Consolidation, merge
from consolidate.numbers import round_half_up, spoken_amount
from consolidate.report_docx import write_report
from consolidate.summary_xlsx import write_summary
from consolidate.template import write_templates
from tests.conftest import FillFn, soffice

FORMS = Path(__file__).parent.parent / "consolidate" / "forms"
# Rates with very different project values; UBND_TPLS gives a value but no rate, SYT a rate but no value.
FIGURES: dict[str, dict[str, Any]] = {
    "SNV": {"von_du_an": 9000.0, "ty_le_giai_ngan": 80.0},
    "STP": {"von_du_an": 1000.0, "ty_le_giai_ngan": 20.0},
    "SYT": {"von_du_an": 0, "du_an": 0, "ty_le_giai_ngan": 50.0},
    "UBND_TPLS": {"von_du_an": 5000.0, "ty_le_giai_ngan": None},
    "UBND_VQ": {"von_du_an": 2000.0, "ty_le_giai_ngan": 35.0},
}
WEIGHTED = (80 * 9000 + 20 * 1000 + 50 * 0 + 35 * 2000) / (9000 + 1000 + 0 + 2000)  # 67,5
PLAIN = (80 + 20 + 50 + 35) / 4  # 46,25


@pytest.fixture(scope="module")
def templates(tmp_path_factory: pytest.TempPathFactory, form: Form) -> Path:
    folder = tmp_path_factory.mktemp("templates_aggregates")
    write_templates(form, folder, list(FIGURES))
    return folder


def _variant(tmp_path: Path, change: dict[str, Any]) -> Path:
    """A copy of the shipped form (and its units) with the rate's indicator changed."""
    folder = tmp_path / "form"
    shutil.copytree(FORMS, folder)
    path = folder / "hoi_nhap_quoc_te.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    rate = next(i for i in data["indicators"] if i["code"] == "ty_le_giai_ngan")
    rate.update(change)
    for key in [k for k, v in rate.items() if v is None]:
        del rate[key]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _consolidate(tmp_path: Path, form: Form, fill: FillFn) -> Consolidation:
    folder = tmp_path / "bao_cao"
    folder.mkdir(exist_ok=True)
    for unit, figures in FIGURES.items():
        fill(unit=unit, name=f"bao_cao/{unit}.xlsx", **figures)
    return merge(check_paths([folder], form), form, now=dt.datetime(2022, 6, 20, 9, 30))


def _sentence(path: Path, needle: str) -> str:
    return next(p.text for p in docx.Document(str(path)).paragraphs if needle in p.text)


def test_the_table_ties_names_to_functions_and_labels() -> None:
    assert aggregates.NAMES == ("sum", "average", "weighted", "min", "max", "none")
    rows = [{"x": 2, "w": 3}, {"x": 4, "w": 1}, {"x": None, "w": 100}, {"x": 6}]
    assert aggregates.combine("sum", rows, "x") == 12
    assert aggregates.combine("average", rows, "x") == 4
    assert aggregates.combine("weighted", rows, "x", "w") == pytest.approx((2 * 3 + 4 * 1) / 4)
    assert aggregates.counted("weighted", rows, "x", "w") == 2
    assert aggregates.combine("max", rows, "x") == 6
    assert aggregates.combine("none", rows, "x") is None
    assert aggregates.combine("weighted", [{"x": 5, "w": 0}], "x", "w") is None  # no weight at all: no total
    assert aggregates.total_label(["sum", "average", "none"]) == "TỔNG CỘNG"
    assert aggregates.total_label(["max", "none"]) == "LỚN NHẤT"
    assert aggregates.total_label(["max", "min"]) == "TỔNG HỢP"


def test_weighted_rate_in_json_group_totals_workbook_and_report(tmp_path: Path, form: Form, fill: FillFn) -> None:
    c = _consolidate(tmp_path, form, fill)
    data = json.loads(json.dumps(c.to_dict()))
    assert data["totals"]["ty_le_giai_ngan"] == pytest.approx(WEIGHTED)
    groups = data["group_totals"]
    assert groups["Sở, ban, ngành"]["ty_le_giai_ngan"] == pytest.approx((80 * 9000 + 20 * 1000) / 10000)
    assert groups["UBND cấp huyện"]["ty_le_giai_ngan"] == pytest.approx(35.0)  # UBND_TPLS' 5.000 not counted

    book = tmp_path / "bang_tong_hop.xlsx"
    write_summary(c, book)
    formulas = openpyxl.load_workbook(book)["Tổng hợp"]
    cached = openpyxl.load_workbook(book, data_only=True)["Tổng hợp"]
    total = next(r for r in range(1, formulas.max_row + 1) if formulas.cell(r, 2).value == "TỔNG CỘNG")
    rate = next(
        col for col in range(1, formulas.max_column + 1) if str(formulas.cell(5, col).value).startswith("Tỷ lệ giải")
    )
    assert formulas.cell(5, rate).value.endswith(
        "(%)\n(bình quân theo tổng giá trị các chương trình, dự án đang thực hiện)"
    )
    formula = formulas.cell(total, rate).value
    assert formula.startswith("=IF(SUMIFS(") and "SUMPRODUCT(--ISNUMBER($A$" in formula
    assert cached.cell(total, rate).value == pytest.approx(WEIGHTED)
    # The formula computed from the sheet's own cells: unit rows (a number in STT), both values present.
    weight = rate - 1
    pairs = [
        (formulas.cell(r, rate).value, formulas.cell(r, weight).value)
        for r in range(1, total)
        if isinstance(formulas.cell(r, 1).value, int)
    ]
    pairs = [(v, w) for v, w in pairs if isinstance(v, int | float) and isinstance(w, int | float)]
    assert sum(v * w for v, w in pairs) / sum(w for _, w in pairs) == pytest.approx(WEIGHTED)

    report = tmp_path / "bao_cao.docx"
    write_report(c, report)
    sentence = _sentence(report, "tỷ lệ giải ngân")
    assert (
        "đạt tỷ lệ giải ngân bình quân 67,5% so với kế hoạch vốn năm "
        "(bình quân theo tổng giá trị các chương trình, dự án đang thực hiện)"
    ) in sentence
    assert "với tổng giá trị 17 tỷ đồng" in sentence  # 17.000 triệu đồng, exactly: no «khoảng»


@pytest.mark.skipif(soffice() is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_recalculates_the_weighted_total(tmp_path: Path, form: Form, fill: FillFn) -> None:
    c = _consolidate(tmp_path, form, fill)
    book = tmp_path / "bang_tong_hop.xlsx"
    write_summary(c, book)
    bare = tmp_path / "khong_gia_tri.xlsx"
    openpyxl.load_workbook(book).save(bare)  # openpyxl keeps formulas, drops cached values: LibreOffice computes
    out = tmp_path / "csv"
    subprocess.run(
        [str(soffice()), "--headless", "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76", "--outdir", str(out)]
        + [str(bare)],
        capture_output=True,
        timeout=180,
        check=True,
    )
    rows = list(csv.reader((out / "khong_gia_tri.csv").read_text(encoding="utf-8").splitlines()))
    header = next(r for r in rows if any(cell.startswith("Tỷ lệ giải") for cell in r))
    rate = next(i for i, cell in enumerate(header) if cell.startswith("Tỷ lệ giải"))
    total = next(r for r in rows if len(r) > 1 and r[1] == "TỔNG CỘNG")
    groups = {r[1].split(" (")[0]: r for r in rows if r and r[0] in ("I", "II")}  # «Sở, ban, ngành (2/21 …)»
    assert float(total[rate]) == pytest.approx(WEIGHTED, abs=0.05)
    assert float(groups["Sở, ban, ngành"][rate]) == pytest.approx(74.0, abs=0.05)
    assert float(groups["UBND cấp huyện"][rate]) == pytest.approx(35.0, abs=0.05)


def test_a_plain_mean_says_so(tmp_path: Path, fill: FillFn) -> None:
    form = load_form(_variant(tmp_path, {"aggregate": "average", "weight": None}))
    c = _consolidate(tmp_path, form, fill)
    assert c.totals["ty_le_giai_ngan"] == pytest.approx(PLAIN)
    report = tmp_path / "bao_cao.docx"
    write_report(c, report)
    sentence = _sentence(report, "tỷ lệ giải ngân")
    assert "đạt tỷ lệ giải ngân bình quân 46,3% so với kế hoạch vốn năm (bình quân giản đơn của 04 đơn vị)" in sentence


def test_a_max_only_total_row_is_not_tong_cong(tmp_path: Path, fill: FillFn) -> None:
    path = _variant(tmp_path, {"aggregate": "max", "weight": None})
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for item in data["indicators"]:
        if item["code"] != "ty_le_giai_ngan":
            item["aggregate"] = "none"
    data["report"].pop("chart", None)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    form = load_form(path)
    c = _consolidate(tmp_path, form, fill)
    assert c.totals["ty_le_giai_ngan"] == 80.0
    book = tmp_path / "bang_tong_hop.xlsx"
    write_summary(c, book)
    ws = openpyxl.load_workbook(book)["Tổng hợp"]
    labels = [ws.cell(r, 2).value for r in range(1, ws.max_row + 1)]
    assert "LỚN NHẤT" in labels and "TỔNG CỘNG" not in labels
    row = labels.index("LỚN NHẤT") + 1
    assert any(
        str(ws.cell(row, col).value).startswith("=IF(COUNT(") and "MAX(" in str(ws.cell(row, col).value)
        for col in range(3, ws.max_column + 1)
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {"aggregate": "weighted", "weight": None},
            "mục «indicators[11].aggregate»: cách tổng hợp weighted (bình quân có trọng số) cần chỉ tiêu làm trọng số. "
            "Thêm «weight: mã_chỉ_tiêu», ví dụ weight: von_du_an.",
        ),
        (
            {"weight": "von_du_a"},
            "mục «indicators[11].weight»: trọng số «von_du_a» không phải chỉ tiêu nào (có phải «von_du_an»?). "
            "Kiểm tra lại chính tả mã.",
        ),
        (
            {"weight": "ke_hoach"},
            "mục «indicators[11].weight»: trọng số «ke_hoach» phải là một chỉ tiêu dạng số khác. "
            "Chọn chỉ tiêu số làm trọng số, ví dụ tổng giá trị dự án.",
        ),
        (
            {"aggregate": "average"},
            "mục «indicators[11].weight»: trọng số «von_du_an» chỉ dùng với cách tổng hợp weighted. "
            "Ghi «aggregate: weighted» hoặc xóa khóa weight.",
        ),
    ],
)
def test_a_bad_weight_is_a_catalogue_error(tmp_path: Path, change: dict[str, Any], message: str) -> None:
    with pytest.raises(FormError) as info:
        load_form(_variant(tmp_path, change))
    assert message in str(info.value)


def test_amounts_read_as_officials_write_them() -> None:
    assert spoken_amount(834493, "triệu đồng") == "khoảng 834,5 tỷ đồng"
    assert spoken_amount(17000.0, "triệu đồng") == "17 tỷ đồng"
    assert spoken_amount(999, "triệu đồng") == "999 triệu đồng"
    assert spoken_amount(1234.5, "tỷ đồng") == "1.234,5 tỷ đồng"
    assert spoken_amount(2_540_000_000, "đồng") == "khoảng 2,5 tỷ đồng"
    assert spoken_amount(12, "người") == "12 người"
    assert round_half_up(46.25, 1) == 46.3 and round(46.25, 1) == 46.2  # as Excel shows it, not to even
