"""One place for each concept: the registry of a run's outputs and the summary workbook's names."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from consolidate import outputs, summary_names, summary_xlsx, tracking
from consolidate import run as run_module
from consolidate.cli import app
from consolidate.form import Form
from consolidate.outputs import LABELS, OUTPUTS
from consolidate.run import JSON_NAME, SUMMARY_NAME, run
from consolidate.store import Store
from tests.conftest import FillFn

NOW = dt.datetime(2022, 6, 20, 9, 30)
runner = CliRunner()
SUBMITTED = {  # two units with a weighted rate (by project value) and a sum
    "SNV": {"von_du_an": 1000, "ty_le_giai_ngan": 40},
    "UBND_TPLS": {"tin_bai": 250, "von_du_an": 3000, "ty_le_giai_ngan": 80},
}


@pytest.fixture
def inbox(tmp_path: Path, fill: FillFn) -> Path:
    (tmp_path / "nhan").mkdir()
    for unit, values in SUBMITTED.items():
        fill(unit=unit, name=f"{unit}.xlsx", **values).rename(tmp_path / "nhan" / f"{unit}.xlsx")
    return tmp_path / "nhan"


# --- the registry of outputs ---------------------------------------------------------------------------------------


def test_every_output_has_a_key_a_file_name_a_label_a_writer_and_a_timing_stage() -> None:
    assert list(OUTPUTS) == ["summary", "report", "json"]
    for key, output in OUTPUTS.items():
        assert output.key == key and output.name and output.label and callable(output.writer)
        assert output.stage in run_module.STAGES
        assert LABELS[key] == output.label
        if output.pdf_key:
            assert LABELS[output.pdf_key] == output.pdf_label and output.pdf_label.endswith("(PDF)")
    assert set(LABELS) == {"summary", "report", "json", "summary_pdf", "report_pdf"}
    names = [o.name for o in OUTPUTS.values()]
    assert len(set(names)) == len(names)
    # The names tests and other modules import are the registry's.
    assert (run_module.SUMMARY_NAME, run_module.REPORT_NAME, run_module.JSON_NAME) == tuple(names)
    assert run_module.HISTORY_NAME == outputs.HISTORY_NAME == "lich_su.sqlite"


def test_the_files_a_run_writes_are_its_own_outputs_never_submissions(tmp_path: Path) -> None:
    own = {p.name for p in tracking.own_outputs(tmp_path)}
    assert own == {
        "bang_tong_hop.xlsx",
        "bao_cao_tong_hop.docx",
        "consolidated.json",
        "lich_su.sqlite",
        "bang_tong_hop.pdf",
        "bao_cao_tong_hop.pdf",
    }


def test_run_writes_every_output_of_the_registry_under_its_name(inbox: Path, tmp_path: Path, form: Form) -> None:
    out = tmp_path / "out"
    result = run([inbox], form, out, now=NOW)
    assert result.outputs == {key: out / o.name for key, o in OUTPUTS.items()}
    assert all(path.is_file() for path in result.outputs.values())
    assert {OUTPUTS[key].stage for key in OUTPUTS} <= set(result.timings)
    assert json.loads((out / JSON_NAME).read_text(encoding="utf-8"))["units"]


def test_the_cli_lists_every_output_with_its_label(
    inbox: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    result = runner.invoke(app, ["run", str(inbox), "--form", "hoi_nhap_quoc_te", "--out", str(out)])
    assert result.exit_code == 0, result.output
    for output in OUTPUTS.values():
        assert f"{output.label + ':':<28}{out / output.name}\n" in result.stdout
    # An output added to the registry is written and listed without touching run or the CLI.
    extra = outputs.Output("note", "ghi_chu.txt", "Ghi chú tổng hợp", lambda c, p: p.write_text("x"), "write_json")
    monkeypatch.setitem(OUTPUTS, "note", extra)
    monkeypatch.setitem(LABELS, "note", extra.label)
    again = runner.invoke(app, ["run", str(inbox), "--form", "hoi_nhap_quoc_te", "--out", str(out)])
    assert again.exit_code == 0, again.output
    assert f"{'Ghi chú tổng hợp:':<28}{out / 'ghi_chu.txt'}\n" in again.stdout
    assert (out / "ghi_chu.txt").read_text() == "x"


# --- the summary workbook's names ----------------------------------------------------------------------------------


def test_the_writer_uses_the_names_module(inbox: Path, tmp_path: Path, form: Form) -> None:
    assert summary_xlsx.FIXED_SHEETS == summary_names.FIXED_SHEETS
    out = tmp_path / "out"
    run([inbox], form, out, now=NOW)
    workbook = openpyxl.load_workbook(out / SUMMARY_NAME)
    assert set(workbook.sheetnames) >= {summary_names.SUMMARY, summary_names.SUBMISSIONS, summary_names.FILES}
    ws = workbook[summary_names.SUMMARY]
    header = next(r for r in ws.iter_rows(values_only=True) if r[0] == summary_names.NO)
    assert header[summary_names.SUMMARY_UNIT_COL] == summary_names.UNIT
    cells = [v for r in ws.iter_rows(values_only=True) for v in r if isinstance(v, str)]
    rate = next(v for v in cells if v.startswith("Tỷ lệ giải ngân"))
    expected = "Tỷ lệ giải ngân vốn chương trình, dự án so với kế hoạch năm (%)"
    assert rate == f"{expected}\n(bình quân theo tổng giá trị các chương trình, dự án đang thực hiện)"
    assert summary_names.header_label(rate) == expected


def test_header_label_reads_this_and_earlier_headers() -> None:
    current = summary_names.indicator_header("Tỷ lệ giải ngân", "%", "bình quân theo vốn dự án")
    assert current == "Tỷ lệ giải ngân (%)\n(bình quân theo vốn dự án)"
    assert summary_names.header_label(current) == "Tỷ lệ giải ngân (%)"
    assert summary_names.header_label("Tỷ lệ giải ngân (%)") == "Tỷ lệ giải ngân (%)"  # before the aggregations
    assert summary_names.indicator_header("Số đoàn ra", "đoàn") == "Số đoàn ra (đoàn)"
    assert summary_names.SUMMARY_READ[0] == summary_names.SUMMARY


def _import(source: Path, store: Path) -> dict[str, dict[str, object]]:
    args = ["history", "import", str(source), "--form", "hoi_nhap_quoc_te", "--period", "first_half/2021"]
    result = runner.invoke(app, [*args, "--history", str(store)])
    assert result.exit_code == 0, result.output
    with Store.open(store) as opened:
        return opened.current_values(("hoi_nhap_quoc_te", "first_half", 2021, 0))


def test_history_import_reads_the_current_writers_workbook_averaged_columns_included(
    inbox: Path, tmp_path: Path, form: Form
) -> None:
    out = tmp_path / "out"
    run([inbox], form, out, now=NOW, use_history=False)
    values = _import(out / SUMMARY_NAME, tmp_path / "kho.sqlite")
    assert values["UBND_TPLS"]["tin_bai"] == 250 and values["SNV"]["von_du_an"] == 1000
    # The rate's header has its aggregation on a second line: read all the same.
    assert values["SNV"]["ty_le_giai_ngan"] == 40 and values["UBND_TPLS"]["ty_le_giai_ngan"] == 80


def test_history_import_reads_a_workbook_with_an_earlier_header(inbox: Path, tmp_path: Path, form: Form) -> None:
    out = tmp_path / "out"
    run([inbox], form, out, now=NOW, use_history=False)
    workbook = openpyxl.load_workbook(out / SUMMARY_NAME)
    ws = workbook[summary_names.SUMMARY]
    renamed = 0
    for row in ws.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and "\n(" in cell.value:  # as written before the table of aggregations
                cell.value = cell.value.split("\n")[0]
                renamed += 1
    assert renamed >= 1
    older = tmp_path / "bang_tong_hop_cu.xlsx"
    workbook.save(older)
    values = _import(older, tmp_path / "kho.sqlite")
    assert values["SNV"]["ty_le_giai_ngan"] == 40 and values["UBND_TPLS"]["tin_bai"] == 250


def test_history_import_names_the_summary_sheet_it_looks_for(tmp_path: Path) -> None:
    other = tmp_path / "khac.xlsx"
    workbook = openpyxl.Workbook()
    workbook.active.title = "Trang 1"
    workbook.save(other)
    args = ["history", "import", str(other), "--form", "hoi_nhap_quoc_te", "--period", "first_half/2021"]
    result = runner.invoke(app, [*args, "--history", str(tmp_path / "kho.sqlite")])
    assert result.exit_code != 0
    assert "không có trang «Tổng hợp»" in result.output
