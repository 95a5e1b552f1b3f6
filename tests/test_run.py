"""`consolidate run`: selection of one submission per unit, totals, outputs written safely."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from consolidate import pdf as pdf_module
from consolidate.cli import app
from consolidate.form import Form
from consolidate.run import JSON_NAME, REPORT_NAME, SUMMARY_NAME, run
from tests.conftest import VALID_TABLES, VALID_VALUES, FillFn, sha256

NOW = dt.datetime(2022, 6, 20, 9, 30)


@pytest.fixture
def inbox(tmp_path: Path, fill: FillFn) -> Path:
    """A folder as a coordinator receives it: a resubmission, a bad file, stray files."""
    folder = tmp_path / "nhan"
    (folder / "lan 2").mkdir(parents=True)
    old = fill(unit="SNV", name="snv_cu.xlsx", ngay_van_ban=dt.datetime(2022, 6, 10), tin_bai=999)
    new = fill(unit="SNV", name="snv_moi.xlsx", ngay_van_ban=dt.datetime(2022, 6, 16))
    bad = fill(unit="SYT", name="syt.xlsx", doan_vao=900)
    other = fill(
        unit="UBND_TPLS", name="Báo cáo TP Lạng Sơn.xlsx", tin_bai=300, von_du_an=1500.25, ty_le_giai_ngan=60.5
    )
    for path, target in (
        (old, folder / old.name),
        (new, folder / "lan 2" / new.name),
        (bad, folder / bad.name),
        (other, folder / other.name),
    ):
        path.rename(target)
    (folder / "~$syt.xlsx").write_bytes(b"lock")
    (folder / "ghi chu.docx").write_bytes(b"not a report")
    (folder / "hong.xlsx").write_bytes(b"PK\x03\x04broken")
    return folder


def _consolidate(inbox: Path, form: Form, out: Path) -> Any:
    return run([inbox], form, out, now=NOW)


def test_one_submission_per_unit_and_every_file_accounted_for(inbox: Path, form: Form, tmp_path: Path) -> None:
    result = _consolidate(inbox, form, tmp_path / "out")
    c = result.consolidation
    status = {u.unit.code: u.status for u in c.units}
    assert status["SNV"] == "accepted" and status["UBND_TPLS"] == "accepted"
    assert status["SYT"] == "rejected"
    assert sum(1 for s in status.values() if s == "missing") == len(form.units) - 3
    files = {Path(f.result.path).name: f for f in c.files}
    assert {name: f.status for name, f in files.items()} == {
        "snv_cu.xlsx": "superseded",
        "snv_moi.xlsx": "accepted",
        "syt.xlsx": "rejected",
        "Báo cáo TP Lạng Sơn.xlsx": "accepted",
        "~$syt.xlsx": "skipped",
        "ghi chu.docx": "skipped",
        "hong.xlsx": "rejected",
    }
    assert "snv_moi.xlsx" in files["snv_cu.xlsx"].reason and "16/06/2022" in files["snv_cu.xlsx"].reason
    chosen = next(u for u in c.units if u.unit.code == "SNV").chosen
    assert chosen is not None and chosen.result.path.name == "snv_moi.xlsx"


def test_totals_equal_an_independent_sum_over_accepted_units(inbox: Path, form: Form, tmp_path: Path) -> None:
    c = _consolidate(inbox, form, tmp_path / "out").consolidation
    snv = dict(VALID_VALUES)
    tp = {**VALID_VALUES, "tin_bai": 300, "von_du_an": 1500.25, "ty_le_giai_ngan": 60.5}
    assert set(c.values) == {"SNV", "UBND_TPLS"}  # the rejected unit is never counted, not even in part
    assert c.totals["tin_bai"] == snv["tin_bai"] + tp["tin_bai"] == 1550
    assert c.totals["doan_vao"] == 2  # SYT's 900 is not there
    assert c.totals["von_du_an"] == pytest.approx(18500.5 + 1500.25)
    assert c.totals["ty_le_giai_ngan"] == pytest.approx((42.5 + 60.5) / 2)  # aggregate: average
    assert c.totals["ke_hoach"] is None  # aggregate: none
    assert c.group_totals["Sở, ban, ngành"]["tin_bai"] == 1250
    assert c.group_totals["UBND cấp huyện"]["tin_bai"] == 300
    assert len(c.tables["ds_doan_ra"]) == 2 * len(VALID_TABLES["ds_doan_ra"])
    assert {row["unit"] for row in c.tables["ds_doan_ra"]} == {"SNV", "UBND_TPLS"}
    assert [e["unit"] for e in c.narratives["hop_tac"]] == ["SNV", "UBND_TPLS"]


def test_outputs_written_and_json_contract(inbox: Path, form: Form, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = _consolidate(inbox, form, out)
    assert sorted(p.name for p in out.iterdir()) == sorted([SUMMARY_NAME, REPORT_NAME, JSON_NAME])
    data = json.loads((out / JSON_NAME).read_text(encoding="utf-8"))
    assert {"form_id", "form_version", "period", "units", "files", "values", "totals", "tables", "narratives"} <= set(
        data
    )
    assert data["period"]["label"] == "6 tháng đầu năm 2022"
    assert (data["period"]["from"], data["period"]["to"]) == ("2021-12-15", "2022-06-14")
    unit = next(u for u in data["units"] if u["code"] == "SNV")
    assert set(unit) >= {"code", "name", "group", "status", "file"} and unit["file"].endswith("snv_moi.xlsx")
    assert {u["status"] for u in data["units"]} == {"accepted", "rejected", "missing"}
    assert {f["status"] for f in data["files"]} == {"accepted", "rejected", "superseded", "skipped"}
    syt = next(f for f in data["files"] if f["path"].endswith("syt.xlsx"))
    assert syt["problems"][0]["cell"] == "E14" and syt["problems"][0]["severity"] == "error"
    assert data["values"]["SNV"]["ngay_van_ban"] == "2022-06-16"
    assert data["totals"]["tin_bai"] == 1550
    assert data["tables"]["ds_doan_ra"][0]["unit"] == "SNV"
    assert data["tables"]["ds_doan_ra"][0]["tu_ngay"] == "2022-03-01"
    assert data["narratives"]["kho_khan"][0] == {"unit": "SNV", "text": "Kinh phí cho hoạt động đối ngoại còn hạn chế."}
    assert result.outputs["json"] == out / JSON_NAME


def test_inputs_untouched_and_rerun_replaces_outputs(inbox: Path, form: Form, tmp_path: Path) -> None:
    before = {p: sha256(p) for p in inbox.rglob("*") if p.is_file()}
    out = tmp_path / "out"
    _consolidate(inbox, form, out)
    first = (out / JSON_NAME).read_text(encoding="utf-8")
    _consolidate(inbox, form, out)
    assert (out / JSON_NAME).read_text(encoding="utf-8") == first
    assert sorted(p.name for p in out.iterdir()) == sorted([SUMMARY_NAME, REPORT_NAME, JSON_NAME])  # no temp files
    assert {p: sha256(p) for p in inbox.rglob("*") if p.is_file()} == before


def test_interrupted_write_keeps_the_previous_outputs(
    inbox: Path, form: Form, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    _consolidate(inbox, form, out)
    previous = {p.name: sha256(p) for p in out.iterdir()}

    def crash(*_: Any) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("consolidate.report_docx.write_report", crash)
    with pytest.raises(KeyboardInterrupt):
        _consolidate(inbox, form, out)
    after = {p.name: sha256(p) for p in out.iterdir()}
    assert set(after) == set(previous)  # no half-written or temporary file left behind
    assert after[REPORT_NAME] == previous[REPORT_NAME]  # the report being written when it stopped is the old one


def test_same_report_date_newest_file_wins(tmp_path: Path, fill: FillFn, form: Form) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    first = fill(unit="SNV", name="a.xlsx", tin_bai=1).rename(folder / "a.xlsx")
    second = fill(unit="SNV", name="b.xlsx", tin_bai=2).rename(folder / "b.xlsx")
    os.utime(first, (1_700_000_000, 1_700_000_000))
    os.utime(second, (1_600_000_000, 1_600_000_000))
    c = run([folder], form, tmp_path / "out", now=NOW).consolidation
    assert c.values["SNV"]["tin_bai"] == 1


def test_cli_run_exit_codes_and_json(inbox: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "out"
    result = runner.invoke(app, ["run", str(inbox), "--form", "hoi_nhap_quoc_te", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "2/32 đơn vị được tổng hợp, 1 báo cáo không hợp lệ, 29 chưa báo cáo" in result.stdout
    assert "Báo cáo không hợp lệ: Sở Y tế" in result.stdout
    assert str(out / SUMMARY_NAME) in result.stdout
    strict = runner.invoke(app, ["run", str(inbox), "--form", "hoi_nhap_quoc_te", "--out", str(out), "--strict"])
    assert strict.exit_code == 1
    as_json = runner.invoke(app, ["run", str(inbox), "--form", "hoi_nhap_quoc_te", "--out", str(out), "--json"])
    assert as_json.exit_code == 0
    assert json.loads(as_json.stdout)["totals"]["tin_bai"] == 1550


def test_pdf_without_libreoffice_says_so(inbox: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf_module, "find_soffice", lambda: None)
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["run", str(inbox), "--form", "hoi_nhap_quoc_te", "--out", str(out), "--pdf"])
    assert result.exit_code == 0
    assert "Cảnh báo: Máy chưa cài LibreOffice nên không tạo được PDF" in result.stderr
    assert (out / REPORT_NAME).exists() and not list(out.glob("*.pdf"))


@pytest.mark.skipif(pdf_module.find_soffice() is None, reason="LibreOffice is not installed")
def test_pdf_of_both_documents(inbox: Path, form: Form, tmp_path: Path) -> None:
    result = run([inbox], form, tmp_path / "out", pdf=True, now=NOW)
    assert result.pdf_problems == []
    for key in ("summary_pdf", "report_pdf"):
        data = result.outputs[key].read_bytes()
        assert data.startswith(b"%PDF") and len(data) > 5000


def test_report_appendix_equals_the_summary_workbook(inbox: Path, form: Form, tmp_path: Path) -> None:
    import docx
    import openpyxl

    from consolidate.numbers import parse_number_text

    out = tmp_path / "out"
    run([inbox], form, out, now=NOW)
    ws = openpyxl.load_workbook(out / SUMMARY_NAME, data_only=True)["Tổng hợp"]
    header = next(r for r in range(1, 12) if ws.cell(row=r, column=1).value == "STT") + 1
    total = next(r for r in range(header, ws.max_row + 1) if ws.cell(row=r, column=2).value == "TỔNG CỘNG")
    in_workbook = {
        form.field(code).label: ws.cell(row=total, column=col).value
        for col in range(3, ws.max_column + 1)
        for code in [f.code for f in form.indicators if f.numeric]
        if str(ws.cell(row=header, column=col).value or "").startswith(form.field(code).label + " (")
        or ws.cell(row=header, column=col).value == form.field(code).label
    }
    document = docx.Document(str(out / REPORT_NAME))
    in_report: dict[str, Any] = {}
    for table in document.tables:
        if len(table.rows) > 3 and table.rows[2].cells[0].text == "(1)":
            labels = [c.text.split("\n")[0] for c in table.rows[1].cells]
            for label, cell in zip(labels[2:], table.rows[-1].cells[2:], strict=True):
                in_report[label] = parse_number_text(cell.text).value if cell.text else None
    assert len(in_workbook) == len([f for f in form.indicators if f.numeric]) == len(in_report)
    for label, value in in_workbook.items():
        shown = in_report[label]
        assert shown == pytest.approx(round(value, 1) if isinstance(value, float) else value), label
