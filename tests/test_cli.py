"""The command line: help, exit codes, messages and JSON, through typer's CliRunner."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from consolidate.cli import app
from tests.conftest import FillFn, sha256

runner = CliRunner()
COMMANDS = ["template", "schema", "check", "run", "import-docx", "demo", "links", "serve"]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(command: str) -> None:
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    callback = next(c.callback for c in app.registered_commands if (c.name or c.callback.__name__) == command)
    assert callback.__doc__ and "Ví dụ: consolidate" in callback.__doc__
    assert "Ví dụ: consolidate" in result.output


@pytest.mark.parametrize("args", [["--help"], *([c, "--help"] for c in COMMANDS), ["check"], ["chek"]])
def test_the_library_own_words_are_vietnamese_too(args: list[str]) -> None:
    result = runner.invoke(app, args)
    shown = result.output + (result.stderr if result.stderr_bytes else "")
    for english in (
        "Usage",
        "Options",
        "Arguments",
        "Commands",
        "required",
        "Show this message",
        "Error",
        "Missing",
        "OPTIONS",
        "COMMAND",
        "<list",
        "<str>",
        "<path>",
    ):
        assert english not in shown, (args, english)


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.output.startswith("consolidate ")


def test_template_writes_the_requested_units(tmp_path: Path) -> None:
    result = runner.invoke(app, ["template", "hoi_nhap_quoc_te", "--out", str(tmp_path), "--unit", "SYT"])
    assert result.exit_code == 0, result.output
    assert "Đã tạo 2 biểu mẫu" in result.output
    wb = openpyxl.load_workbook(tmp_path / "hoi_nhap_quoc_te_SYT.xlsx")
    assert {p.name: p.value for p in wb.custom_doc_props.props}["unit_code"] == "SYT"


def test_template_unknown_unit_is_an_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["template", "hoi_nhap_quoc_te", "--out", str(tmp_path), "--unit", "XYZ"])
    assert result.exit_code == 1
    assert result.stderr.startswith("Lỗi: Không có đơn vị mã «XYZ»")


def test_schema_json_has_the_contract_keys() -> None:
    result = runner.invoke(app, ["schema", "hoi_nhap_quoc_te", "--json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert {"form_id", "version", "title", "period", "units", "fields", "sections", "tables", "rules"} <= set(data)
    assert set(data["period"]) >= {"label", "from", "to", "deadline"}
    assert data["period"] == {
        **data["period"],
        "label": "6 tháng đầu năm 2022",
        "from": "2021-12-15",
        "to": "2022-06-14",
        "deadline": "2022-06-17",
    }
    doan_ra = next(f for f in data["fields"] if f["code"] == "doan_ra")
    assert {k: doan_ra[k] for k in ("kind", "required", "min", "max", "aggregate", "sheet", "cell")} == {
        "kind": "integer",
        "required": True,
        "min": 0,
        "max": 500,
        "aggregate": "sum",
        "sheet": "Chỉ tiêu",
        "cell": "E12",
    }
    assert {f["code"] for f in data["fields"]} >= {"so_van_ban", "ngay_van_ban", "nguoi_ky", "chuc_vu_nguoi_ky"}
    table = data["tables"][0]
    assert (table["code"], table["sheet"], table["cell"]) == ("ds_doan_ra", "Danh sách đoàn ra", "B6")
    assert {"code", "label", "kind"} <= set(table["columns"][0])
    assert data["rules"][0] == {
        "expression": "nguoi_ra >= doan_ra",
        "message": "Số lượt người đi công tác nước ngoài không được nhỏ hơn số đoàn ra.",
    }


def test_check_exit_zero_when_valid(fill: FillFn) -> None:
    path = fill()
    result = runner.invoke(app, ["check", str(path), "--form", "hoi_nhap_quoc_te"])
    assert result.exit_code == 0, result.output
    assert "Sở Nội vụ (SNV)" in result.stdout and "hợp lệ" in result.stdout
    assert "Đã kiểm tra 1 tệp: 1 hợp lệ" in result.stdout


def test_check_exit_one_with_errors_and_json_contract(fill: FillFn) -> None:
    good = fill(unit="SNV")
    bad = fill(unit="SYT", doan_vao=900, tin_bai="1.250")
    (good.parent / "~$SNV.xlsx").write_bytes(b"x")
    before = {p: sha256(p) for p in (good, bad)}
    result = runner.invoke(app, ["check", str(good.parent), "--form", "hoi_nhap_quoc_te", "--json"])
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    files = {Path(f["path"]).name: f for f in data["files"]}
    assert files["SNV.xlsx"]["status"] == "ok" and files["SNV.xlsx"]["problems"] == []
    assert files["~$SNV.xlsx"]["status"] == "skipped"
    entry = files["SYT.xlsx"]
    assert (entry["status"], entry["unit"]) == ("error", "SYT")
    problems = {p["field"]: p for p in entry["problems"]}
    assert set(problems["doan_vao"]) >= {"severity", "field", "sheet", "cell", "value", "message"}
    assert (problems["doan_vao"]["severity"], problems["doan_vao"]["cell"], problems["doan_vao"]["value"]) == (
        "error",
        "E14",
        900,
    )
    assert problems["tin_bai"]["severity"] == "warning"
    assert {p: sha256(p) for p in (good, bad)} == before


def test_check_table_output_is_grouped_by_unit(fill: FillFn) -> None:
    fill(unit="SYT", doan_vao=900)
    path = fill(unit="SNV")
    result = runner.invoke(app, ["check", str(path.parent), "--form", "hoi_nhap_quoc_te"], env={"COLUMNS": "200"})
    assert result.exit_code == 1
    out = result.stdout
    assert out.index("Sở Nội vụ (SNV)") < out.index("Sở Y tế (SYT)")
    assert "Sở Y tế (SYT) — SYT.xlsx: 2 lỗi, 0 cảnh báo" in out  # the range and the rule nguoi_vao >= doan_vao
    assert "Chỉ tiêu!E14" in out


def test_check_missing_path_is_a_usage_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["check", str(tmp_path / "khong_co"), "--form", "hoi_nhap_quoc_te"])
    assert result.exit_code == 2
    assert "Lỗi: Không tìm thấy" in result.stderr


def test_check_unknown_form_is_an_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["check", str(tmp_path), "--form", "khong_co"])
    assert result.exit_code == 1
    assert "Lỗi: Không tìm thấy biểu mẫu «khong_co»" in result.stderr


def test_broken_form_definition_gives_the_key_path(tmp_path: Path) -> None:
    broken = tmp_path / "hong.yaml"
    broken.write_text("id: x\nversion: '1'\ntitle: T\nindicators:\n  - {code: CT01, label: A}\n", encoding="utf-8")
    result = runner.invoke(app, ["schema", str(broken)])
    assert result.exit_code == 1
    assert "indicators[0].code" in result.stderr and "CT01" in result.stderr
    assert "Traceback" not in result.output + result.stderr


def test_check_writes_feedback_for_units_with_problems(fill: FillFn, tmp_path: Path) -> None:
    good = fill(unit="SNV")
    bad = fill(unit="SYT", doan_vao=900)
    out = tmp_path / "phan_hoi"
    result = runner.invoke(app, ["check", str(good.parent), "--form", "hoi_nhap_quoc_te", "--feedback", str(out)])
    assert result.exit_code == 1
    assert f"Đã ghi 1 tệp phản hồi cho các đơn vị vào thư mục {out}." in result.stdout
    wb = openpyxl.load_workbook(out / "SYT_phan_hoi.xlsx")
    assert wb.active.title == "Phản hồi"
    marked = wb["Chỉ tiêu"]["E14"]
    assert marked.comment is not None and "900 nằm ngoài giới hạn" in marked.comment.text
    assert bad.exists() and not (out / "SNV_phan_hoi.xlsx").exists()


def test_import_docx_command_lists_every_paragraph(tmp_path: Path) -> None:
    from tests.docx_samples import ambiguous, science

    (tmp_path / "in").mkdir()
    (tmp_path / "in2").mkdir()
    source = science().build(tmp_path / "in")
    out = tmp_path / "out"
    result = runner.invoke(app, ["import-docx", str(source), "--form", "hoi_nhap_quoc_te", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "đơn vị SKHCN →" in result.stdout and "đoạn   1 →" in result.stdout
    assert (out / "hoi_nhap_quoc_te_SKHCN.xlsx").exists()
    unknown = ambiguous().build(tmp_path / "in2")
    asked = runner.invoke(app, ["import-docx", str(unknown), "--form", "hoi_nhap_quoc_te", "--out", str(out)])
    assert asked.exit_code == 1
    assert "--unit" in asked.stdout
    forced = runner.invoke(
        app, ["import-docx", str(unknown), "--form", "hoi_nhap_quoc_te", "--out", str(out), "--unit", "SKHDT", "--json"]
    )
    assert forced.exit_code == 0 and json.loads(forced.stdout)[0]["unit"] == "SKHDT"
