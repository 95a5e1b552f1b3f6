"""`consolidate demo`: every template written, units' files filled and checked with the planned trouble."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import docx
import openpyxl
from typer.testing import CliRunner

from consolidate.cli import app


def test_demo_writes_checks_and_explains(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["demo", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    templates = sorted(p.name for p in (tmp_path / "bieu_mau").glob("*.xlsx"))
    assert len(templates) == 33 and "hoi_nhap_quoc_te_mau_trong.xlsx" in templates
    submissions = list((tmp_path / "bao_cao_don_vi").glob("*.xlsx"))
    assert len(submissions) == 31
    assert any(" " in p.name and "Sở" in p.name for p in submissions)  # units rename their files

    report = json.loads((tmp_path / "tong_hop" / "consolidated.json").read_text(encoding="utf-8"))
    by_unit = {f["unit"]: f for f in report["files"]}
    assert {u["code"]: u["status"] for u in report["units"] if u["status"] != "accepted"} == {
        "UBND_DL": "missing",
        "SNNPTNT": "rejected",
    }
    assert (tmp_path / "tong_hop" / "bang_tong_hop.xlsx").exists()
    assert (tmp_path / "tong_hop" / "bao_cao_tong_hop.docx").exists()
    assert "UBND_DL" not in by_unit  # the unit that never answered
    assert by_unit["SNNPTNT"]["status"] == "rejected"
    [problem] = by_unit["SNNPTNT"]["problems"]
    assert (problem["field"], problem["cell"], problem["value"]) == ("ty_le_giai_ngan", "E21", 125)
    assert by_unit["SKHDT"]["status"] == "accepted"  # warnings do not reject
    assert {p["field"] for p in by_unit["SKHDT"]["problems"]} == {"tin_bai", "nguoi_tap_huan", "von_du_an"}
    unusual = by_unit["STTTT"]  # 415 articles where the other departments wrote about 40
    assert unusual["status"] == "accepted" and "giá trị bất thường: 415" in unusual["problems"][0]["message"]
    others = [f for unit, f in by_unit.items() if unit not in ("SNNPTNT", "SKHDT", "STTTT")]
    assert len(others) == 28 and all(f["status"] == "accepted" and not f["problems"] for f in others)

    # The history holds the first half of 2021, a little lower: the report compares with it.
    assert report["previous"]["label"] == "6 tháng đầu năm 2021"
    assert 0.7 * report["totals"]["tin_bai"] <= report["previous"]["totals"]["tin_bai"] < report["totals"]["tin_bai"]
    body = [p.text for p in docx.Document(str(tmp_path / "tong_hop" / "bao_cao_tong_hop.docx")).paragraphs]
    assert any("đăng tải 1.889 tin, bài tuyên truyền về hội nhập quốc tế (tăng " in t for t in body)
    assert "So sánh cùng kỳ" in openpyxl.load_workbook(tmp_path / "tong_hop" / "bang_tong_hop.xlsx").sheetnames

    assert "UBND huyện Đình Lập chưa gửi báo cáo." in result.stdout
    assert "Đã kiểm tra 31 tệp: 28 hợp lệ, 2 có cảnh báo, 1 có lỗi" in result.stdout
    assert "30/32 đơn vị được tổng hợp, 1 báo cáo không hợp lệ, 1 chưa báo cáo" in result.stdout

    # The narrative a unit wrote is real Vietnamese text, in NFC, in its section cell.
    wb = openpyxl.load_workbook(tmp_path / "bao_cao_don_vi" / "hoi_nhap_quoc_te_SYT.xlsx")
    ((sheet, ref),) = list(wb.defined_names["hop_tac"].destinations)
    text = wb[sheet][ref.replace("$", "")].value
    assert text.startswith("Hoạt động hợp tác quốc tế") and unicodedata.is_normalized("NFC", text)
