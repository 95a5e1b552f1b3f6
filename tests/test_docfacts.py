"""Facts the data supports: lateness only from trustworthy receipt times; documents tagged Vietnamese with the
agency as author; a demo whose dates agree with its 2022 period."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import docx
import openpyxl
import pytest
from typer.testing import CliRunner

from consolidate.cli import app
from consolidate.run import JSON_NAME, REPORT_NAME, SUMMARY_NAME
from tests.conftest import FillFn

runner = CliRunner()
AFTER_DEADLINE = dt.datetime(2022, 6, 24, 15, 0)  # the deadline is 17/06/2022


@pytest.fixture
def inbox(tmp_path: Path, fill: FillFn) -> Path:
    """Three units' files, every one saved a week after the deadline (as if copied in late, or written today)."""
    folder = tmp_path / "nhan"
    folder.mkdir()
    fill(unit="SNV", name="snv.xlsx").rename(folder / "snv.xlsx")
    fill(unit="SYT", name="syt.xlsx").rename(folder / "syt.xlsx")
    fill(unit="UBND_TPLS", name="tp.xlsx").rename(folder / "tp.xlsx")
    for path in folder.iterdir():
        os.utime(path, (AFTER_DEADLINE.timestamp(), AFTER_DEADLINE.timestamp()))
    return folder


def _run(inbox: Path, out: Path, *extra: str) -> None:
    result = runner.invoke(app, ["run", str(inbox), "--form", "hoi_nhap_quoc_te", "--out", str(out), *extra])
    assert result.exit_code == 0, result.output


def _report_text(out: Path) -> str:
    return "\n".join(p.text for p in docx.Document(str(out / REPORT_NAME)).paragraphs)


def _submissions(out: Path) -> tuple[list[object], dict[str, dict[object, object]], list[str]]:
    """The sheet's header, its unit rows by code (header → value) and every text in it."""
    ws = openpyxl.load_workbook(out / SUMMARY_NAME)["Tình hình nộp báo cáo"]
    header = [c.value for c in ws[4]]
    rows = {str(r[1]): dict(zip(header, r, strict=False)) for r in ws.iter_rows(min_row=5, values_only=True) if r[2]}
    texts = [str(c.value) for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    return header, rows, texts


def test_file_times_after_the_deadline_state_no_lateness(inbox: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    _run(inbox, out, "--no-history")
    text = _report_text(out)
    assert "sau hạn" not in text and "chậm" not in text.casefold()
    header, rows, texts = _submissions(out)
    assert "Thời hạn" not in header  # nothing trustworthy to judge by: no on time / late column
    assert rows["SNV"]["Nhận lúc"] == "24/06/2022 15:00"  # the time is still shown, with where it came from
    assert rows["SNV"]["Nguồn thời điểm nhận"] == "Thời điểm lưu tệp"
    assert not any("Chậm hạn" in t or "Đúng hạn" in t for t in texts)
    assert any(
        "Thời điểm nhận lấy theo thời điểm lưu tệp hoặc kho lịch sử không đủ căn cứ xét đúng hạn, chậm hạn; "
        "hãy dùng sổ nhận báo cáo (--log) để xét." in t
        for t in texts
    )
    data = json.loads((out / JSON_NAME).read_text(encoding="utf-8"))
    assert data["timeliness"]["SNV"] == {
        "status": "received",
        "received": "2022-06-24T15:00:00",
        "received_source": "file",
    }
    assert data["timeliness"]["SNV"]["status"] != "late"
    assert data["timeliness"]["STC"] == {"status": "missing", "received": None, "received_source": None}


def test_history_first_seen_judges_nothing(inbox: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    _run(inbox, out)
    first = json.loads((out / JSON_NAME).read_text(encoding="utf-8"))["timeliness"]
    _run(inbox, out)  # the history recorded the files' own times: a rerun says the same
    assert json.loads((out / JSON_NAME).read_text(encoding="utf-8"))["timeliness"] == first
    assert first["SNV"]["received_source"] == "file"
    later = AFTER_DEADLINE + dt.timedelta(days=3)
    for path in inbox.iterdir():  # the same contents saved again later: the history saw them first
        os.utime(path, (later.timestamp(), later.timestamp()))
    _run(inbox, out)
    data = json.loads((out / JSON_NAME).read_text(encoding="utf-8"))
    assert data["timeliness"]["SNV"]["received"] == "2022-06-24T15:00:00"
    assert {t["received_source"] for code, t in data["timeliness"].items() if t["received"]} == {"history"}
    assert all(t["status"] in ("received", "missing") for t in data["timeliness"].values())
    assert "sau hạn" not in _report_text(out)
    assert _submissions(out)[1]["SNV"]["Nguồn thời điểm nhận"] == "Lần đầu kho lịch sử thấy tệp"


def test_a_receipt_log_states_the_late_units(inbox: Path, tmp_path: Path) -> None:
    log = tmp_path / "so_nhan.csv"
    log.write_text("tep;nhan_luc\nsnv.xlsx;16/06/2022 09:15\ntp.xlsx;20/06/2022 14:00\n", encoding="utf-8")
    out = tmp_path / "out"
    _run(inbox, out, "--log", str(log))
    assert "Có 01 đơn vị gửi báo cáo sau hạn ngày 17/06/2022 (UBND thành phố Lạng Sơn)." in _report_text(out)
    header, rows, _ = _submissions(out)
    assert header[3:7] == ["Trạng thái", "Thời hạn", "Nhận lúc", "Nguồn thời điểm nhận"]
    assert (rows["UBND_TPLS"]["Thời hạn"], rows["UBND_TPLS"]["Nguồn thời điểm nhận"]) == ("Chậm hạn", "Sổ nhận báo cáo")
    assert rows["SNV"]["Thời hạn"] == "Đúng hạn"
    # Not in the log: its time is shown, its timeliness left blank, never guessed from the file.
    assert rows["SYT"]["Thời hạn"] is None and rows["SYT"]["Nguồn thời điểm nhận"] == "Thời điểm lưu tệp"
    assert rows["STC"]["Thời hạn"] == "Chưa báo cáo"
    data = json.loads((out / JSON_NAME).read_text(encoding="utf-8"))
    assert data["timeliness"]["UBND_TPLS"]["received_source"] == "log"
    assert data["timeliness"]["SYT"]["status"] == "received"


def test_status_labels_untrusted_times(inbox: Path, tmp_path: Path) -> None:
    args = ["status", str(inbox), "--form", "hoi_nhap_quoc_te", "--out", str(tmp_path / "out")]
    plain = runner.invoke(app, args)
    assert plain.exit_code == 0, plain.output
    assert (
        "Đã nhận        Sở Nội vụ, nhận lúc 15:00 24/06/2022 (theo thời điểm lưu tệp, không dùng để xét hạn)"
        in plain.stdout
    )
    assert "Chậm hạn" not in plain.stdout
    units = {u["code"]: u for u in json.loads(runner.invoke(app, [*args, "--json"]).stdout)["units"]}
    assert units["SNV"]["status"] == "received" and units["SNV"]["received"] == "2022-06-24T15:00"
    assert units["SNV"]["received_source"] == "file" and units["SNV"]["received_trusted"] is False
    log = tmp_path / "so_nhan.csv"
    log.write_text("tep,nhan_luc\ntp.xlsx,20/06/2022 14:00\n", encoding="utf-8")
    logged = runner.invoke(app, [*args, "--log", str(log)])
    assert "Chậm hạn       UBND thành phố Lạng Sơn, nhận lúc 14:00 20/06/2022\n" in logged.stdout


def _langs(path: Path) -> list[dict[str, str]]:
    """Every ``w:lang`` of the document's styles (docDefaults and the styles used), as attribute dicts."""
    from docx.oxml.ns import qn

    styles = docx.Document(str(path)).styles.element
    return [{k.split("}")[1]: v for k, v in lang.attrib.items()} for lang in styles.iter(qn("w:lang"))]


def test_report_and_workbook_are_the_agencys_and_vietnamese(inbox: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    _run(inbox, out, "--no-history")
    langs = _langs(out / REPORT_NAME)
    assert langs and all(lang == {"val": "vi-VN", "eastAsia": "vi-VN", "bidi": "vi-VN"} for lang in langs)
    document = docx.Document(str(out / REPORT_NAME))
    props = document.core_properties
    agency = "Sở Văn hóa, Thể thao và Du lịch"
    assert (props.author, props.last_modified_by, props.language) == (agency, agency, "vi-VN")
    assert props.title == "Báo cáo kết quả công tác hội nhập quốc tế 6 tháng đầu năm 2022"
    assert "python-docx" not in (props.author + props.last_modified_by + props.comments)
    settings = document.settings.element.xml
    assert 'w:themeFontLang w:val="vi-VN"' in settings and 'w:decimalSymbol w:val=","' in settings
    workbook = openpyxl.load_workbook(out / SUMMARY_NAME)
    assert (workbook.properties.creator, workbook.properties.lastModifiedBy) == (agency, agency)


def test_reminder_is_the_agencys_and_vietnamese(inbox: Path, tmp_path: Path) -> None:
    from consolidate.form import load_form
    from consolidate.tracking import write_reminder_for

    drafted = dt.datetime(2022, 6, 20, 8, 30)
    form = load_form("hoi_nhap_quoc_te")
    letter, _ = write_reminder_for(form, tmp_path / "cv", [inbox], tmp_path / "cv" / "lich_su.sqlite", drafted)
    langs = _langs(letter)
    assert langs and all(lang["val"] == "vi-VN" and lang["eastAsia"] == "vi-VN" for lang in langs)
    document = docx.Document(str(letter))
    props = document.core_properties
    assert props.author == props.last_modified_by == "Sở Văn hóa, Thể thao và Du lịch"
    assert props.title == "V/v đôn đốc báo cáo kết quả công tác hội nhập quốc tế 6 tháng đầu năm 2022"
    assert props.created == drafted.astimezone(dt.UTC)
    text = "\n".join(p.text for p in document.paragraphs)
    assert "trước ngày 23/06/2022" in text  # three working days from Monday 20/06/2022


def test_the_demo_lives_in_june_2022(tmp_path: Path) -> None:
    result = runner.invoke(app, ["demo", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert f"{'Sổ nhận báo cáo:':<28}{tmp_path / 'so_nhan_bao_cao.csv'}" in result.stdout
    assert "Sở Xây dựng gửi báo cáo sau hạn (nhận lúc 08:11 20/06/2022, ghi trong sổ nhận báo cáo)." in result.stdout
    out = tmp_path / "tong_hop"
    data = json.loads((out / JSON_NAME).read_text(encoding="utf-8"))
    assert data["created"] == "2022-06-20T14:00:00"  # the first working day after the deadline, 17/06/2022
    received = {code: t for code, t in data["timeliness"].items() if t["received"]}
    assert len(received) == 31 and {t["received_source"] for t in received.values()} == {"log"}
    assert all(t["received"].startswith("2022-06-") for t in received.values())
    late = {code for code, t in data["timeliness"].items() if t["status"] == "late"}
    assert late == {"SXD", "UBND_TD"}  # late on purpose; the rest on time
    assert sum(1 for t in data["timeliness"].values() if t["status"] == "on_time") == 28
    for path in (tmp_path / "bao_cao_don_vi").iterdir():  # the files were saved when they arrived
        assert dt.datetime.fromtimestamp(path.stat().st_mtime).strftime("%m/%Y") == "06/2022"

    report = docx.Document(str(out / REPORT_NAME))
    assert report.tables[0].cell(1, 1).text == "Lạng Sơn, ngày       tháng 6 năm 2022"
    assert report.core_properties.created.year == 2022
    text = "\n".join(p.text for p in report.paragraphs)
    assert "Có 02 đơn vị gửi báo cáo sau hạn ngày 17/06/2022 (Sở Xây dựng, UBND huyện Tràng Định)." in text

    reminder = docx.Document(str(out / "cong_van_don_doc.docx"))
    assert reminder.tables[0].cell(1, 1).text == "Lạng Sơn, ngày       tháng 6 năm 2022"
    letter = "\n".join(p.text for p in reminder.paragraphs)
    assert "UBND huyện Đình Lập" in letter and "Sở Nông nghiệp và Phát triển nông thôn" in letter
    assert "trước ngày 23/06/2022" in letter  # three working days after Monday 20/06/2022

    workbook = openpyxl.load_workbook(out / SUMMARY_NAME)
    assert "tổng hợp ngày 20/06/2022" in workbook["Tổng hợp"]["A2"].value
    assert workbook.properties.created == dt.datetime(2022, 6, 20, 14, 0).astimezone(dt.UTC).replace(tzinfo=None)
    _, rows, _ = _submissions(out)
    assert (rows["UBND_TD"]["Thời hạn"], rows["UBND_TD"]["Nhận lúc"]) == ("Chậm hạn", "20/06/2022 08:40")


def test_templates_and_feedback_carry_the_agency(tmp_path: Path, fill: FillFn) -> None:
    from consolidate.check import check_paths
    from consolidate.feedback import write_feedback
    from consolidate.form import load_form
    from consolidate.template import write_templates

    form = load_form("hoi_nhap_quoc_te")
    agency = "Sở Văn hóa, Thể thao và Du lịch"
    [template, *_] = write_templates(form, tmp_path / "mau", ["SNV"])
    props = openpyxl.load_workbook(template).properties
    assert (props.creator, props.lastModifiedBy, props.language) == (agency, agency, "vi-VN")
    fill(unit="SYT", name="nhan/SYT.xlsx", doan_vao=900)
    [feedback] = write_feedback(check_paths([tmp_path / "nhan"], form), form, tmp_path / "phan_hoi")
    props = openpyxl.load_workbook(feedback).properties
    assert props.lastModifiedBy == agency and props.creator != "openpyxl"
