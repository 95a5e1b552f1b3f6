"""`consolidate run`: selection of one submission per unit, totals, outputs written safely."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from consolidate import pdf as pdf_module
from consolidate.cli import app
from consolidate.form import Form
from consolidate.run import HISTORY_NAME, JSON_NAME, REPORT_NAME, SUMMARY_NAME, run
from tests.conftest import VALID_TABLES, VALID_VALUES, FillFn, sha256
from tests.crash import broken_summary, crashing_summary

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
    weighted = (42.5 * 18500.5 + 60.5 * 1500.25) / (18500.5 + 1500.25)  # aggregate: weighted by von_du_an
    assert c.totals["ty_le_giai_ngan"] == pytest.approx(weighted)
    assert c.totals["ke_hoach"] is None  # aggregate: none
    assert c.group_totals["Sở, ban, ngành"]["tin_bai"] == 1250
    assert c.group_totals["UBND cấp huyện"]["tin_bai"] == 300
    assert len(c.tables["ds_doan_ra"]) == 2 * len(VALID_TABLES["ds_doan_ra"])
    assert {row["unit"] for row in c.tables["ds_doan_ra"]} == {"SNV", "UBND_TPLS"}
    assert [e["unit"] for e in c.narratives["hop_tac"]] == ["SNV", "UBND_TPLS"]


def test_outputs_written_and_json_contract(inbox: Path, form: Form, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = _consolidate(inbox, form, out)
    assert sorted(p.name for p in out.iterdir()) == sorted([SUMMARY_NAME, REPORT_NAME, JSON_NAME, HISTORY_NAME])
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
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [SUMMARY_NAME, REPORT_NAME, JSON_NAME, HISTORY_NAME]
    )  # no temp files
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
    # Every output is renamed into place only once all are complete: the folder is exactly as before.
    assert {p.name: sha256(p) for p in out.iterdir()} == previous


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


def test_outputs_inside_the_input_folder_are_not_taken_for_reports(inbox: Path, form: Form) -> None:
    out = inbox / "ket_qua"
    run([inbox], form, out, now=NOW)
    second = run([inbox], form, out, now=NOW).consolidation
    own = [f for f in second.files if out in f.result.path.parents]
    assert {f.result.path.name for f in own} == {SUMMARY_NAME, REPORT_NAME, JSON_NAME, HISTORY_NAME}
    assert all(f.status == "skipped" and "do chính chương trình ghi ra" in f.reason for f in own)
    assert second.by_status("accepted") and len(second.by_status("rejected")) == 1


def test_stale_pdfs_are_removed_when_not_made_again(inbox: Path, form: Form, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "bao_cao_tong_hop.pdf").write_bytes(b"%PDF old")
    run([inbox], form, out, now=NOW)
    assert not (out / "bao_cao_tong_hop.pdf").exists()


@pytest.mark.skipif(pdf_module.find_soffice() is None, reason="LibreOffice is not installed")
def test_pdf_of_both_documents(inbox: Path, form: Form, tmp_path: Path) -> None:
    result = run([inbox], form, tmp_path / "out", pdf=True, now=NOW)
    assert result.pdf_problems == []
    for key in ("summary_pdf", "report_pdf"):
        data = result.outputs[key].read_bytes()
        assert data.startswith(b"%PDF") and len(data) > 5000


def test_report_appendix_equals_the_summary_workbook(inbox: Path, form: Form, tmp_path: Path) -> None:
    """Every figure of the report's appendix (units, groups, total) equals the workbook's cached value."""
    import docx
    import openpyxl

    from consolidate.numbers import parse_number_text

    out = tmp_path / "out"
    run([inbox], form, out, now=NOW)
    numeric = [f for f in form.indicators if f.numeric]
    ws = openpyxl.load_workbook(out / SUMMARY_NAME, data_only=True)["Tổng hợp"]
    header = next(r for r in range(1, 12) if ws.cell(row=r, column=1).value == "STT") + 1
    columns = {
        f.code: next(
            c for c in range(3, ws.max_column + 1) if str(ws.cell(row=header, column=c).value).startswith(f.label)
        )
        for f in numeric
    }
    # A group's row in the workbook adds its count: «Sở, ban, ngành (1/21 đơn vị có báo cáo hợp lệ)».
    in_workbook = {
        re.sub(r" \(\d+/\d+ đơn vị có báo cáo hợp lệ\)$", "", ws.cell(row=r, column=2).value): {
            code: ws.cell(row=r, column=c).value for code, c in columns.items()
        }
        for r in range(header + 2, ws.max_row + 1)
        if ws.cell(row=r, column=2).value
    }
    in_report: dict[str, dict[str, Any]] = {}
    by_label = {f.label: f.code for f in numeric}
    for table in docx.Document(str(out / REPORT_NAME)).tables:
        if len(table.rows) < 4 or table.rows[2].cells[0].text != "(1)":
            continue
        codes = [by_label[c.text.split("\n")[0]] for c in table.rows[1].cells[2:]]
        for row in table.rows[3:]:
            cells = row.cells[2:]
            values = in_report.setdefault(row.cells[1].text, {})
            for code, cell in zip(codes, cells, strict=True):
                text = cell.text
                # «-» is how the report writes a nil figure, as officials do; the workbook holds 0.
                values[code] = (
                    0 if text == "-" else parse_number_text(text).value if text and text[0].isdigit() else None
                )
    assert set(in_report) == set(in_workbook)
    compared = 0
    for name, values in in_workbook.items():
        for code, value in values.items():
            if isinstance(value, int | float):
                decimals = form.field(code).decimals
                assert in_report[name][code] == pytest.approx(round(value, decimals)), (name, code)
                compared += 1
            else:
                assert in_report[name][code] is None, (name, code)
    assert compared >= 3 * len(numeric)


def test_a_failed_write_keeps_previous_outputs_and_exits_non_zero(
    inbox: Path, form: Form, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    from consolidate import files

    out = tmp_path / "out"
    run([inbox], form, out, now=NOW)
    previous = {p.name: sha256(p) for p in out.iterdir()}

    def disk_full(*_: Any) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(files.os, "replace", disk_full)
    result = CliRunner().invoke(app, ["run", str(inbox), "--form", "hoi_nhap_quoc_te", "--out", str(out)])
    assert result.exit_code == 1
    assert "Lỗi: Không ghi được tệp" in result.stderr and "ổ đĩa đã đầy" in result.stderr
    assert "Traceback" not in result.stderr
    assert {p.name: sha256(p) for p in out.iterdir()} == previous


def test_out_folder_equal_to_the_input_folder_skips_only_the_outputs(tmp_path: Path, fill: FillFn, form: Form) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    fill(unit="SNV").rename(folder / "snv.xlsx")
    run([folder], form, folder, now=NOW)
    c = run([folder], form, folder, now=NOW).consolidation
    assert [u.unit.code for u in c.by_status("accepted")] == ["SNV"]
    skipped = {f.result.path.name for f in c.files if f.status == "skipped"}
    assert skipped == {SUMMARY_NAME, REPORT_NAME, JSON_NAME, HISTORY_NAME}


def test_ties_and_rejected_newer_files_are_explained(tmp_path: Path, fill: FillFn, form: Form) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    a = fill(unit="SNV", name="a.xlsx", tin_bai=100).rename(folder / "a.xlsx")
    b = fill(unit="SNV", name="b.xlsx", tin_bai=200).rename(folder / "b.xlsx")
    os.utime(a, (1_600_000_000, 1_600_000_000))
    os.utime(b, (1_700_000_000, 1_700_000_000))
    fill(unit="SYT", name="x1.xlsx", ngay_van_ban=dt.datetime(2022, 6, 10)).rename(folder / "x1.xlsx")
    fill(unit="SYT", name="x2.xlsx", ngay_van_ban=dt.datetime(2022, 6, 16), doan_vao=900).rename(folder / "x2.xlsx")
    c = run([folder], form, tmp_path / "out", now=NOW).consolidation
    files = {f.result.path.name: f for f in c.files}
    assert c.values["SNV"]["tin_bai"] == 200
    assert "Cùng ngày báo cáo 16/06/2022 với tệp b.xlsx" in files["a.xlsx"].reason
    assert "được chọn vì lưu sau cùng" in files["b.xlsx"].reason
    assert files["x1.xlsx"].status == "accepted"
    assert "Bản mới hơn x2.xlsx có lỗi nên tạm dùng bản này" in files["x1.xlsx"].reason


def test_outputs_written_by_a_second_process_are_the_same(
    inbox: Path, form: Form, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import docx
    import openpyxl

    from consolidate import run as run_module

    here = _consolidate(inbox, form, tmp_path / "here")
    monkeypatch.setattr(run_module, "PARALLEL_WRITE_FROM", 1)  # as for a national run
    there = _consolidate(inbox, form, tmp_path / "there")
    assert set(run_module.STAGES) <= set(there.timings) and there.timings["write_xlsx"] > 0

    def cells(path: Path) -> dict[str, list[tuple[Any, ...]]]:
        workbook = openpyxl.load_workbook(path)
        return {ws.title: list(ws.iter_rows(values_only=True)) for ws in workbook.worksheets}

    def paragraphs(path: Path) -> list[str]:
        return [p.text for p in docx.Document(str(path)).paragraphs]

    assert cells(there.outputs["summary"]) == cells(here.outputs["summary"])
    assert paragraphs(there.outputs["report"]) == paragraphs(here.outputs["report"])
    assert there.outputs["json"].read_text(encoding="utf-8") == here.outputs["json"].read_text(encoding="utf-8")


def test_a_failure_in_the_second_process_keeps_previous_outputs(
    inbox: Path, form: Form, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, start_method: str
) -> None:
    from consolidate import run as run_module
    from consolidate import summary_xlsx
    from consolidate.errors import OutputError

    out = tmp_path / "out"
    _consolidate(inbox, form, out)
    previous = {p.name: sha256(p) for p in out.iterdir()}
    monkeypatch.setattr(run_module, "PARALLEL_WRITE_FROM", 1)
    monkeypatch.setattr(summary_xlsx, "write_summary", broken_summary)
    with pytest.raises(OutputError, match="thử nghiệm"):
        _consolidate(inbox, form, out)
    assert {p.name: sha256(p) for p in out.iterdir()} == previous


def test_a_crash_in_the_second_process_is_a_vietnamese_error_with_the_trace_kept(
    inbox: Path, form: Form, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, start_method: str
) -> None:
    from consolidate import run as run_module
    from consolidate import summary_xlsx
    from consolidate.errors import OutputError

    monkeypatch.setattr(run_module, "PARALLEL_WRITE_FROM", 1)
    monkeypatch.setattr(summary_xlsx, "write_summary", crashing_summary)
    with pytest.raises(OutputError, match="Không ghi được bảng tổng hợp do lỗi kỹ thuật") as caught:
        _consolidate(inbox, form, tmp_path / "out")
    assert "ZeroDivisionError" in str(caught.value) and "Traceback" in str(caught.value.__cause__)
    assert not (tmp_path / "out" / SUMMARY_NAME).exists()
