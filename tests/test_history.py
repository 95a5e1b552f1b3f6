"""History across periods: comparisons with the same period last year, timeliness, reminders, export/import."""

from __future__ import annotations

import csv
import datetime as dt
import json
import subprocess
from pathlib import Path, PurePath, PurePosixPath, PureWindowsPath
from typing import Any

import docx
import openpyxl
import pytest
from typer.testing import CliRunner

from consolidate.cli import app
from consolidate.form import Form
from consolidate.pdf import find_soffice
from consolidate.run import HISTORY_NAME, REPORT_NAME, SUMMARY_NAME, run
from consolidate.store import Store, StoreError, read_only_uri
from tests.conftest import FillFn

NOW = dt.datetime(2022, 6, 20, 9, 30)
runner = CliRunner()


@pytest.fixture
def inbox(tmp_path: Path, fill: FillFn) -> Path:
    folder = tmp_path / "nhan"
    folder.mkdir()
    fill(unit="SNV", name="snv.xlsx", doan_ra=3, nguoi_ra=9).rename(folder / "snv.xlsx")
    fill(unit="SYT", name="syt.xlsx", doan_vao=900).rename(folder / "syt.xlsx")  # rejected
    fill(unit="UBND_TPLS", name="tp.xlsx", tin_bai=250).rename(folder / "tp.xlsx")
    return folder


def _last_year_csv(tmp_path: Path) -> Path:
    path = tmp_path / "2021.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["ma_don_vi", "ma_chi_tieu", "gia_tri"])
        writer.writerows(
            [
                ["SNV", "tin_bai", "1000"],
                ["UBND_TPLS", "tin_bai", "1.000"],
                ["SNV", "doan_ra", "4"],
                ["UBND_TPLS", "doan_ra", "1"],
                ["SNV", "thoa_thuan", "2"],
                ["UBND_TPLS", "thoa_thuan", "0"],
            ]
        )
    return path


def test_same_period_last_year_in_workbook_and_report(inbox: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    loaded = runner.invoke(
        app,
        [
            "history",
            "import",
            str(_last_year_csv(tmp_path)),
            "--form",
            "hoi_nhap_quoc_te",
            "--period",
            "first_half/2021",
            "--out",
            str(out),
        ],
    )
    assert loaded.exit_code == 0, loaded.output
    assert "Đã nạp 6 giá trị" in loaded.stdout
    result = runner.invoke(app, ["run", str(inbox), "--form", "hoi_nhap_quoc_te", "--out", str(out)])
    assert result.exit_code == 0, result.output
    data = json.loads((out / "consolidated.json").read_text(encoding="utf-8"))
    assert data["previous"]["label"] == "6 tháng đầu năm 2021"
    assert data["previous"]["totals"]["tin_bai"] == 2000
    # Workbook: this period from «Tổng hợp», last year's figure, the ratio — formulas with cached values.
    formulas = openpyxl.load_workbook(out / SUMMARY_NAME)["So sánh cùng kỳ"]
    values = openpyxl.load_workbook(out / SUMMARY_NAME, data_only=True)["So sánh cùng kỳ"]
    row = next(
        r
        for r in range(1, 40)
        if values.cell(row=r, column=2).value == "Số tin, bài tuyên truyền về hội nhập quốc tế đã đăng tải"
    )
    assert formulas.cell(row=row, column=4).value.startswith("=IF('Tổng hợp'!")
    assert formulas.cell(row=row, column=6).value.startswith("=IF(OR(")
    assert values.cell(row=row, column=4).value == 1500  # 1.250 + 250
    assert values.cell(row=row, column=5).value == 2000
    assert values.cell(row=row, column=6).value == pytest.approx(75.0)
    # Report: the synthesis sentences compare with the same period last year.
    text = "\n".join(p.text for p in docx.Document(str(out / REPORT_NAME)).paragraphs)
    assert "đăng tải 1.500 tin, bài tuyên truyền về hội nhập quốc tế (giảm 25,0% so với cùng kỳ năm 2021)" in text
    assert "cử 5 đoàn ra với 16 lượt người đi công tác nước ngoài (bằng cùng kỳ năm 2021)" in text


def test_rerun_is_idempotent_and_a_changed_file_adds_a_version(
    inbox: Path, form: Form, tmp_path: Path, fill: FillFn
) -> None:
    out = tmp_path / "out"
    run([inbox], form, out, now=NOW)
    run([inbox], form, out, now=NOW)
    with Store.open(out / HISTORY_NAME) as store:
        assert store.count("submissions") == 2
        assert store.count("runs") == 2
    fill(unit="SNV", name="snv2.xlsx", doan_ra=3, nguoi_ra=9, tin_bai=7).replace(inbox / "snv.xlsx")
    run([inbox], form, out, now=NOW + dt.timedelta(hours=1))
    with Store.open(out / HISTORY_NAME) as store:
        assert store.count("submissions") == 3
        from consolidate.store import period_key

        assert store.current_values(period_key(form))["SNV"]["tin_bai"] == 7


def test_status_from_a_received_log(inbox: Path, tmp_path: Path) -> None:
    log = tmp_path / "so_nhan.csv"
    log.write_text(
        "tep,nhan_luc\nsnv.xlsx,16/06/2022 09:15\ntp.xlsx,20/06/2022 14:00\nsyt.xlsx,15/06/2022 08:00\n",
        encoding="utf-8",
    )
    result = runner.invoke(
        app,
        [
            "status",
            str(inbox),
            "--form",
            "hoi_nhap_quoc_te",
            "--log",
            str(log),
            "--json",
            "--out",
            str(tmp_path / "out"),
        ],
    )
    assert result.exit_code == 0, result.output
    units = {u["code"]: u for u in json.loads(result.stdout)["units"]}
    assert units["SNV"]["status"] == "on_time" and units["SNV"]["received"] == "2022-06-16T09:15"
    assert units["UBND_TPLS"]["status"] == "late"  # deadline 17/06/2022
    assert units["SYT"]["status"] == "rejected"
    assert units["STP"]["status"] == "missing"
    plain = runner.invoke(
        app, ["status", str(inbox), "--form", "hoi_nhap_quoc_te", "--log", str(log), "--out", str(tmp_path / "out")]
    )
    assert "Chậm hạn" in plain.stdout and "UBND thành phố Lạng Sơn, nhận lúc 14:00 20/06/2022" in plain.stdout


def test_reminder_names_missing_and_rejected_units(inbox: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = runner.invoke(app, ["remind", "--form", "hoi_nhap_quoc_te", "--from", str(inbox), "--out", str(out)])
    assert result.exit_code == 0, result.output
    document = docx.Document(str(out / "cong_van_don_doc.docx"))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Sở Y tế" in text and "Sở Tư pháp" in text and "Sở Nội vụ;" not in text
    assert "17/06/2022" in text


def test_history_list_and_export(inbox: Path, form: Form, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run([inbox], form, out, now=NOW)
    listed = runner.invoke(app, ["history", "--form", "hoi_nhap_quoc_te", "--out", str(out), "--json"])
    assert listed.exit_code == 0, listed.output
    assert json.loads(listed.stdout)["periods"][0]["label"] == "6 tháng đầu năm 2022"
    target = tmp_path / "lich_su.csv"
    exported = runner.invoke(
        app,
        ["history", "export", "--form", "hoi_nhap_quoc_te", "--out", str(target), "--history", str(out / HISTORY_NAME)],
    )
    assert exported.exit_code == 0, exported.output
    rows = list(csv.reader(target.read_text(encoding="utf-8-sig").splitlines(), delimiter=";"))
    assert rows[0] == ["ky_bao_cao", "ma_ky", "ma_don_vi", "ma_chi_tieu", "gia_tri"]
    assert ["6 tháng đầu năm 2022", "first_half/2022/0", "SNV", "doan_ra", "3"] in rows


def test_bad_period_is_a_clear_usage_error(tmp_path: Path) -> None:
    result = runner.invoke(
        app,
        [
            "history",
            "import",
            str(_last_year_csv(tmp_path)),
            "--form",
            "hoi_nhap_quoc_te",
            "--period",
            "2021",
            "--out",
            str(tmp_path / "out"),
        ],
    )
    assert result.exit_code == 2
    assert "Kỳ «2021» không hợp lệ" in result.stderr


def test_files_seen_before_are_not_parsed_again(
    inbox: Path, form: Form, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from consolidate import check as check_module

    out = tmp_path / "out"
    first = run([inbox], form, out, now=NOW).consolidation

    def no_parsing(*_: object) -> None:
        raise AssertionError("parsed again")

    monkeypatch.setattr(check_module, "check_file", no_parsing)
    second = run([inbox], form, out, now=NOW).consolidation
    assert second.values == first.values and second.totals == first.totals
    assert [f.status for f in second.files] == [f.status for f in first.files]
    syt = next(f for f in second.files if f.result.path.name == "syt.xlsx")
    assert syt.result.problems[0].file == str(inbox / "syt.xlsx")


def test_lateness_reaches_the_workbook_and_the_report(inbox: Path, tmp_path: Path) -> None:
    log = tmp_path / "so_nhan.csv"
    log.write_text("tep;nhan_luc\nsnv.xlsx;16/06/2022 09:15\ntp.xlsx;20/06/2022 14:00\n", encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(app, ["run", str(inbox), "--form", "hoi_nhap_quoc_te", "--out", str(out), "--log", str(log)])
    assert result.exit_code == 0, result.output
    ws = openpyxl.load_workbook(out / SUMMARY_NAME)["Tình hình nộp báo cáo"]
    rows = {r[2]: r for r in ws.iter_rows(values_only=True) if r[2]}
    assert rows["UBND thành phố Lạng Sơn"][4:6] == ("Chậm hạn", "20/06/2022 14:00")
    assert rows["Sở Nội vụ"][4] == "Đúng hạn"
    text = "\n".join(p.text for p in docx.Document(str(out / REPORT_NAME)).paragraphs)
    assert "Có 01 đơn vị gửi báo cáo sau hạn ngày 17/06/2022 (UBND thành phố Lạng Sơn)." in text


def test_unusual_values_against_the_previous_period(inbox: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    csv_path = tmp_path / "2021.csv"
    csv_path.write_text("ma_don_vi,ma_chi_tieu,gia_tri\nSNV,tin_bai,100\nUBND_TPLS,tin_bai,200\n", encoding="utf-8")
    runner.invoke(
        app,
        [
            "history",
            "import",
            str(csv_path),
            "--form",
            "hoi_nhap_quoc_te",
            "--period",
            "first_half/2021",
            "--out",
            str(out),
        ],
    )
    result = runner.invoke(app, ["run", str(inbox), "--form", "hoi_nhap_quoc_te", "--out", str(out)])
    assert result.exit_code == 0, result.output
    files = {Path(f["path"]).name: f for f in json.loads((out / "consolidated.json").read_text("utf-8"))["files"]}
    [warning] = files["snv.xlsx"]["problems"]  # 1.250 against 100: more than five times
    assert warning["severity"] == "warning" and warning["cell"] == "E8"
    assert "giá trị bất thường: 1.250, kỳ trước (6 tháng đầu năm 2021) là 100" in warning["message"]
    assert files["tp.xlsx"]["problems"] == []  # 250 against 200: usual
    assert files["snv.xlsx"]["status"] == "accepted"  # a warning never rejects
    checked = runner.invoke(
        app, ["check", str(inbox), "--form", "hoi_nhap_quoc_te", "--history", str(out / HISTORY_NAME), "--json"]
    )
    assert "kỳ trước (6 tháng đầu năm 2021) là 100" in checked.stdout


def test_two_periods_consolidated_in_sequence(tmp_path: Path, form: Form, fill: FillFn) -> None:
    import yaml

    from consolidate.fill import fill_template
    from consolidate.form import load_form
    from consolidate.template import template_filename, write_templates
    from tests.conftest import VALID_NARRATIVES, VALID_TABLES, VALID_VALUES

    source = Path(form.source or "")
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    data["period"] = {"type": "first_half", "year": 2021, "deadline": dt.date(2021, 6, 17)}
    data["units"] = yaml.safe_load((source.parent / data.pop("units_file")).read_text(encoding="utf-8"))["units"]
    (tmp_path / "f2021.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    form2021 = load_form(tmp_path / "f2021.yaml")
    write_templates(form2021, tmp_path / "t2021", ["SNV", "UBND_TPLS"])
    inbox2021 = tmp_path / "in2021"
    inbox2021.mkdir()
    for unit, tin_bai in (("SNV", 1000), ("UBND_TPLS", 1000)):
        fill_template(
            form2021,
            tmp_path / "t2021" / template_filename(form2021, form2021.unit(unit)),
            inbox2021 / f"{unit}.xlsx",
            {**VALID_VALUES, "tin_bai": tin_bai, "ngay_van_ban": dt.datetime(2021, 6, 16)},
            VALID_NARRATIVES,
            VALID_TABLES,
        )
    history = tmp_path / "lich_su.sqlite"
    run([inbox2021], form2021, tmp_path / "out2021", now=dt.datetime(2021, 6, 20), history=history)
    inbox2022 = tmp_path / "in2022"
    inbox2022.mkdir()
    fill(unit="SNV", name="a.xlsx", tin_bai=1500).rename(inbox2022 / "a.xlsx")
    fill(unit="UBND_TPLS", name="b.xlsx", tin_bai=800).rename(inbox2022 / "b.xlsx")
    result = run([inbox2022], form, tmp_path / "out2022", now=NOW, history=history)
    previous = result.consolidation.previous
    assert previous is not None and previous.label == "6 tháng đầu năm 2021" and previous.totals["tin_bai"] == 2000
    values = openpyxl.load_workbook(tmp_path / "out2022" / SUMMARY_NAME, data_only=True)["So sánh cùng kỳ"]
    row = next(r for r in range(1, 40) if str(values.cell(row=r, column=2).value).startswith("Số tin, bài"))
    assert (values.cell(row=row, column=4).value, values.cell(row=row, column=5).value) == (2300, 2000)
    assert values.cell(row=row, column=6).value == pytest.approx(115.0)
    text = "\n".join(p.text for p in docx.Document(str(tmp_path / "out2022" / REPORT_NAME)).paragraphs)
    assert "(tăng 15,0% so với cùng kỳ năm 2021)" in text


def test_earlier_period_from_a_previous_summary_workbook(inbox: Path, form: Form, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run([inbox], form, out, now=NOW, use_history=False)
    history = tmp_path / "h.sqlite"
    result = runner.invoke(
        app,
        [
            "history",
            "import",
            str(out / SUMMARY_NAME),
            "--form",
            "hoi_nhap_quoc_te",
            "--period",
            "first_half/2021",
            "--history",
            str(history),
        ],
    )
    assert result.exit_code == 0, result.output
    with Store.open(history) as store:
        values = store.current_values((form.id, "first_half", 2021, 0))
    assert values["SNV"]["tin_bai"] == 1250 and values["UBND_TPLS"]["tin_bai"] == 250
    assert values["SNV"]["hoi_nghi_qt"] == 0  # shown as «-» in the workbook, read back as the number 0
    assert "SYT" not in values  # its row in the summary is empty: rejected that period


# --- the long table: what export writes, import reads back; read commands create nothing --------------------------

CONTACT = 'Đặng Thu Trang; "Phòng Hợp tác", 0205.3812345'  # «;», quotes and a dotted number in a text field
FORMULA_LIKE = "-Lê Văn Lan, +84 205 3812345"  # a formula to Excel if written as it is


@pytest.fixture
def exported_store(tmp_path: Path, form: Form, fill: FillFn) -> Path:
    """A store holding one period: two units with every kind of value (text, date, choice, decimals)."""
    folder = tmp_path / "ky_nay"
    folder.mkdir()
    fill(unit="SNV", name="snv.xlsx", nguoi_lien_he=CONTACT, von_du_an=1.125, ty_le_giai_ngan=40).rename(
        folder / "snv.xlsx"
    )
    fill(
        unit="UBND_TPLS",
        name="tp.xlsx",
        nguoi_lien_he=FORMULA_LIKE,
        ty_le_giai_ngan=None,
        ngay_ke_hoach=None,
        von_du_an=18500.5,
    ).rename(folder / "tp.xlsx")
    run([folder], form, tmp_path / "out", now=NOW)
    return tmp_path / "out" / HISTORY_NAME


def _export(store: Path, target: Path) -> None:
    result = runner.invoke(
        app, ["history", "export", "--form", "hoi_nhap_quoc_te", "--out", str(target), "--history", str(store)]
    )
    assert result.exit_code == 0, result.output


def _import(source: Path, store: Path, period: str = "first_half/2021") -> Any:
    return runner.invoke(
        app,
        ["history", "import", str(source), "--form", "hoi_nhap_quoc_te", "--period", period, "--history", str(store)],
    )


def test_csv_export_is_the_csv_excel_opens_on_a_vietnamese_windows(exported_store: Path, tmp_path: Path) -> None:
    target = tmp_path / "lich_su.csv"
    _export(exported_store, target)
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfky_bao_cao;ma_ky;ma_don_vi;ma_chi_tieu;gia_tri\r\n")  # BOM, «;»
    assert b"\r\r\n" not in data and data.count(b"\n") == data.count(b"\r\n") == 1 + 21 + 19  # header, SNV, TP
    lines = data.decode("utf-8-sig").split("\r\n")
    assert "6 tháng đầu năm 2022;first_half/2022/0;SNV;von_du_an;1,125" in lines  # decimal comma, never 1.125
    assert "6 tháng đầu năm 2022;first_half/2022/0;UBND_TPLS;von_du_an;18500,5" in lines  # no thousands grouping
    assert "6 tháng đầu năm 2022;first_half/2022/0;SNV;ngay_van_ban;2022-06-16" in lines
    assert "6 tháng đầu năm 2022;first_half/2022/0;SNV;chuc_vu_nguoi_ky;Giám đốc" in lines
    contact = '"Đặng Thu Trang; ""Phòng Hợp tác"", 0205.3812345"'  # quoted: it holds «;» and quotes
    assert f"6 tháng đầu năm 2022;first_half/2022/0;SNV;nguoi_lien_he;{contact}" in lines
    assert "6 tháng đầu năm 2022;first_half/2022/0;UBND_TPLS;nguoi_lien_he;'-Lê Văn Lan, +84 205 3812345" in lines


def test_a_spreadsheet_set_to_vietnamese_reads_the_csv_columns_numbers_and_diacritics(
    exported_store: Path, tmp_path: Path
) -> None:
    """LibreOffice opening the CSV as Excel does on a Vietnamese Windows: «;» lists, «,» decimals (vi-VN, 1066)."""
    soffice = find_soffice()
    if soffice is None:
        pytest.skip("LibreOffice is not installed")
    target = tmp_path / "lich_su.csv"
    _export(exported_store, target)
    command = [soffice, f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}", "--headless", "--norestore"]
    command += ["--infilter=CSV:59,34,76,1,,1066", "--convert-to", "xlsx", "--outdir", str(tmp_path / "xlsx")]
    subprocess.run([*command, str(target)], check=True, capture_output=True, timeout=300)
    rows = list(openpyxl.load_workbook(tmp_path / "xlsx" / "lich_su.xlsx").active.iter_rows(values_only=True))
    assert rows[0] == ("ky_bao_cao", "ma_ky", "ma_don_vi", "ma_chi_tieu", "gia_tri")
    assert ("6 tháng đầu năm 2022", "first_half/2022/0", "SNV", "von_du_an", 1.125) in rows
    assert ("6 tháng đầu năm 2022", "first_half/2022/0", "UBND_TPLS", "von_du_an", 18500.5) in rows
    assert ("6 tháng đầu năm 2022", "first_half/2022/0", "SNV", "nguoi_lien_he", CONTACT) in rows


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_export_then_import_under_another_period_gives_back_the_same_values(
    exported_store: Path, tmp_path: Path, form: Form, suffix: str
) -> None:
    target = tmp_path / f"lich_su{suffix}"
    _export(exported_store, target)
    other = tmp_path / "kho_khac.sqlite"
    loaded = _import(target, other)
    assert loaded.exit_code == 0, loaded.output
    assert loaded.stdout == "Đã nạp 40 giá trị của kỳ first_half/2021 vào kho lịch sử.\n"
    with Store.open(exported_store) as store:
        original = store.current_values(("hoi_nhap_quoc_te", "first_half", 2022, 0))
    with Store.open(other) as store:
        again = store.current_values(("hoi_nhap_quoc_te", "first_half", 2021, 0))
        assert store.periods("hoi_nhap_quoc_te")[0]["label"] == "6 tháng đầu năm 2021"
    assert again == original
    types = {unit: {code: type(value) for code, value in values.items()} for unit, values in original.items()}
    assert {unit: {code: type(value) for code, value in values.items()} for unit, values in again.items()} == types
    assert again["SNV"]["von_du_an"] == 1.125 and again["SNV"]["nguoi_lien_he"] == CONTACT
    assert again["UBND_TPLS"]["nguoi_lien_he"] == FORMULA_LIKE
    assert again["SNV"]["chuc_vu_nguoi_ky"] == "Giám đốc" and again["SNV"]["ke_hoach"] == "Đã ban hành"
    assert again["SNV"]["ngay_ke_hoach"] == "2022-02-15" and "ngay_ke_hoach" not in again["UBND_TPLS"]


def test_a_long_table_saved_again_by_excel_loads_the_same_values(exported_store: Path, tmp_path: Path) -> None:
    """Excel on a Vietnamese Windows saves dates the way it shows them (16/06/2022); they read back as the same days."""
    target = tmp_path / "lich_su.csv"
    _export(exported_store, target)
    text = (
        target.read_bytes().decode("utf-8-sig").replace("2022-06-16", "16/06/2022").replace("2022-02-15", "15/2/2022")
    )
    target.write_bytes(text.encode("utf-8-sig"))
    other = tmp_path / "kho_khac.sqlite"
    assert _import(target, other).exit_code == 0
    with Store.open(exported_store) as store, Store.open(other) as again:
        assert again.current_values(("hoi_nhap_quoc_te", "first_half", 2021, 0)) == store.current_values(
            ("hoi_nhap_quoc_te", "first_half", 2022, 0)
        )


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (
            "SNV;chuc_vu;Giám đốc",
            "«sai.csv», dòng 3: mã chỉ tiêu «chuc_vu» không có trong biểu mẫu «hoi_nhap_quoc_te». "
            "Sửa mã hoặc bỏ dòng này.",
        ),
        (
            "SXX;tin_bai;12",
            "«sai.csv», dòng 3: mã đơn vị «SXX» không có trong biểu mẫu «hoi_nhap_quoc_te». Sửa mã đơn vị.",
        ),
        (
            "SNV;tin_bai;nhiều",
            "«sai.csv», dòng 3, chỉ tiêu «tin_bai»: «nhiều» không phải là số. Ghi một số, ví dụ 1250 hoặc 18500,5.",
        ),
        (
            "SNV;ngay_van_ban;31/06/2022",
            "«sai.csv», dòng 3, chỉ tiêu «ngay_van_ban»: «31/06/2022» không phải là ngày. "
            "Ghi ngày dạng 2022-06-16 hoặc 16/06/2022.",
        ),
        (
            "SNV;doan_ra;5",
            "«sai.csv», dòng 3: đơn vị «SNV», chỉ tiêu «doan_ra» đã có ở dòng 2. "
            "Mỗi đơn vị, mỗi chỉ tiêu chỉ một dòng: bỏ dòng thừa.",
        ),
    ],
)
def test_a_wrong_row_is_named_with_its_code(tmp_path: Path, row: str, message: str) -> None:
    source = tmp_path / "sai.csv"
    source.write_text(f"ma_don_vi;ma_chi_tieu;gia_tri\nSNV;doan_ra;4\n{row}\n", encoding="utf-8")
    store = tmp_path / "kho.sqlite"
    result = _import(source, store)
    assert result.exit_code == 2
    assert result.stderr == f"Lỗi: {message}\n"
    with Store.open(store) as opened:
        assert opened.count("runs") == 0  # nothing loaded from a file with a wrong row


def test_a_long_table_of_several_periods_is_refused(tmp_path: Path) -> None:
    source = tmp_path / "hai_ky.csv"
    source.write_text(
        "ky_bao_cao;ma_ky;ma_don_vi;ma_chi_tieu;gia_tri\n"
        "6 tháng đầu năm 2021;first_half/2021/0;SNV;tin_bai;10\n"
        "6 tháng đầu năm 2022;first_half/2022/0;SNV;doan_ra;2\n",
        encoding="utf-8-sig",
    )
    result = _import(source, tmp_path / "kho.sqlite")
    assert result.exit_code == 2
    assert result.stderr == (
        "Lỗi: «hai_ky.csv» có số liệu của 2 kỳ (first_half/2021/0, first_half/2022/0); mỗi lần chỉ nạp một kỳ. "
        "Giữ lại các dòng của một kỳ (cột ma_ky) rồi nạp lại.\n"
    )


@pytest.mark.parametrize(
    "command",
    [
        ["history", "--form", "hoi_nhap_quoc_te"],
        ["history", "--form", "hoi_nhap_quoc_te", "--json"],
        ["history", "export", "--form", "hoi_nhap_quoc_te", "--out", "lich_su.csv"],
        ["history", "export", "--form", "hoi_nhap_quoc_te", "--out", "lich_su.xlsx"],
    ],
)
def test_read_commands_create_no_store_and_no_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, command)
    assert result.exit_code == 1
    expected = Path("output/tong_hop/lich_su.sqlite")
    assert result.stderr == (
        f"Lỗi: Không tìm thấy kho lịch sử «{expected}»: chưa có lần tổng hợp nào ghi kho ở đó. Hãy chỉ đúng kho "
        "bằng --history TỆP (tệp lich_su.sqlite trong thư mục kết quả của lần tổng hợp).\n"
    )
    assert result.stdout == ""
    assert list(tmp_path.rglob("*")) == []


def test_export_of_a_store_without_this_form_writes_nothing(tmp_path: Path) -> None:
    store = tmp_path / "kho.sqlite"
    Store.open(store).close()
    target = tmp_path / "lich_su.csv"
    result = runner.invoke(
        app, ["history", "export", "--form", "hoi_nhap_quoc_te", "--out", str(target), "--history", str(store)]
    )
    assert result.exit_code == 1
    assert result.stderr == (
        f"Lỗi: Kho lịch sử «{store}» chưa có số liệu nào của biểu mẫu «hoi_nhap_quoc_te»; không ghi tệp. "
        "Hãy chỉ đúng kho bằng --history.\n"
    )
    assert not target.exists()


def test_reading_a_store_leaves_it_byte_identical(exported_store: Path, tmp_path: Path) -> None:
    before = exported_store.read_bytes()
    listed = runner.invoke(app, ["history", "--form", "hoi_nhap_quoc_te", "--history", str(exported_store)])
    assert listed.exit_code == 0, listed.output
    assert listed.stdout.startswith("6 tháng đầu năm 2022: 2 đơn vị, 1 lần tổng hợp")
    _export(exported_store, tmp_path / "lich_su.xlsx")
    assert exported_store.read_bytes() == before
    assert sorted(p.name for p in exported_store.parent.iterdir() if p.name.startswith(HISTORY_NAME)) == [HISTORY_NAME]
    with Store.open(exported_store, create=False) as store:
        assert store.read_only
        with pytest.raises(StoreError):
            store.import_long("hoi_nhap_quoc_te", ("hoi_nhap_quoc_te", "year", 2020, 0), "năm 2020", [], "x")


def test_export_reads_the_store_of_the_results_folder_given_to_history(exported_store: Path, tmp_path: Path) -> None:
    target = tmp_path / "lich_su.csv"
    args = [
        "history",
        "--out",
        str(exported_store.parent),
        "export",
        "--form",
        "hoi_nhap_quoc_te",
        "--out",
        str(target),
    ]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert result.stdout == f"Đã ghi 40 dòng vào {target}.\n"


def test_a_file_that_is_not_a_store_is_named_in_vietnamese_only(tmp_path: Path) -> None:
    other = tmp_path / "bang.sqlite"
    other.write_bytes(b"PK\x03\x04 not a database at all, rather a workbook" * 40)
    result = runner.invoke(app, ["history", "--form", "hoi_nhap_quoc_te", "--history", str(other)])
    assert result.exit_code == 1
    assert result.stderr == (
        f"Lỗi: Tệp «{other}» không phải kho lịch sử của consolidate hoặc đã hỏng. Hãy chỉ một tệp khác, hoặc xóa "
        "tệp này để tạo kho mới.\n"
    )


def test_a_csv_saved_in_the_windows_code_page_says_how_to_save_it(tmp_path: Path) -> None:
    source = tmp_path / "lich_su.csv"
    title = "Giám đ\u00f4\u0301c"  # as Vietnamese Windows' code page 1258 writes «Giám đốc»: ô and an accent
    source.write_bytes(f"ma_don_vi;ma_chi_tieu;gia_tri\r\nSNV;chuc_vu_nguoi_ky;{title}\r\n".encode("cp1258"))
    result = _import(source, tmp_path / "kho.sqlite")
    assert result.exit_code == 2  # the file given cannot be used: a usage error
    assert result.stderr == (
        "Lỗi: Bảng dài «lich_su.csv» không phải CSV mã UTF-8 (có lẽ đã được Excel lưu lại kiểu «CSV (Comma "
        "delimited)»). Hãy mở tệp bằng Excel, chọn Lưu thành (Save As) kiểu «CSV UTF-8 (Comma delimited)» rồi chạy "
        "lại.\n"
    )
    log = ["status", str(tmp_path), "--form", "hoi_nhap_quoc_te", "--out", str(tmp_path / "kq"), "--log"]
    missing = runner.invoke(app, [*log, str(tmp_path / "khong_co.csv")])
    assert missing.exit_code == 2
    assert missing.stderr == f"Lỗi: Không đọc được sổ nhận báo cáo «{tmp_path / 'khong_co.csv'}»: không tồn tại.\n"
    ansi = runner.invoke(app, [*log, str(source)])
    assert ansi.exit_code == 2 and ansi.stderr.startswith("Lỗi: Sổ nhận báo cáo «lich_su.csv» không phải CSV mã UTF-8")


@pytest.mark.parametrize("command", ["check", "status", "remind"])
def test_commands_that_read_the_history_never_write_it(inbox: Path, tmp_path: Path, command: str) -> None:
    """A --history that names some other file (here an empty one) is refused, never made into a store."""
    other = tmp_path / "khac.sqlite"
    other.write_bytes(b"")
    sources = {"check": [str(inbox)], "status": [str(inbox)], "remind": ["--from", str(inbox), "--out", str(tmp_path)]}
    result = runner.invoke(app, [command, *sources[command], "--form", "hoi_nhap_quoc_te", "--history", str(other)])
    assert result.exit_code == 1
    assert result.stderr == (
        f"Lỗi: Tệp «{other}» chưa phải kho lịch sử của consolidate (lược đồ 0). "
        "Hãy chỉ đúng tệp lich_su.sqlite trong thư mục kết quả.\n"
    )
    assert other.read_bytes() == b""


@pytest.mark.parametrize(
    ("path", "uri"),
    [
        (PureWindowsPath(r"C:\Users\Văn thư\kho #1.sqlite"), "file:///C:/Users/V%C4%83n%20th%C6%B0/kho%20%231.sqlite"),
        (PureWindowsPath(r"\\may-chu\chung\lich_su.sqlite"), "file:////may-chu/chung/lich_su.sqlite"),
        (PurePosixPath("/srv/kho?.sqlite"), "file:///srv/kho%3F.sqlite"),
    ],
)
def test_the_read_only_uri_of_windows_and_shared_folder_paths(path: PurePath, uri: str) -> None:
    assert read_only_uri(path) == f"{uri}?mode=ro"


def test_a_store_under_an_unusual_name_opens_read_only(exported_store: Path, tmp_path: Path) -> None:
    unusual = tmp_path / "Kho lịch sử #1 ?" / "lich_su 2022%.sqlite"
    unusual.parent.mkdir()
    unusual.write_bytes(exported_store.read_bytes())
    with Store.open(unusual, create=False) as store:
        assert store.periods("hoi_nhap_quoc_te")[0]["units"] == 2


def test_numbers_read_by_interpretation_are_noted_never_guessed_silently(tmp_path: Path) -> None:
    source = tmp_path / "go_tay.csv"
    source.write_text(
        "ma_don_vi,ma_chi_tieu,gia_tri\nSNV,tin_bai,1.000\nSNV,von_du_an,12.5\nSNV,doan_ra,3 đoàn\nSNV,du_an,2\n"
        'SNV,ty_le_giai_ngan,"42,5"\n',
        encoding="utf-8",
    )
    store = tmp_path / "kho.sqlite"
    result = _import(source, store)
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "Đã nạp 5 giá trị của kỳ first_half/2021 vào kho lịch sử.\n"
        "  Lưu ý: «go_tay.csv», dòng 2, chỉ tiêu «tin_bai»: «1.000» được đọc là 1000: "
        "theo quy ước Việt Nam, dấu chấm ngăn hàng nghìn.\n"
        "  Lưu ý: «go_tay.csv», dòng 3, chỉ tiêu «von_du_an»: «12.5» được đọc là 12,5: "
        "dấu chấm được hiểu là dấu thập phân (kiểu tiếng Anh).\n"
        "  Lưu ý: «go_tay.csv», dòng 4, chỉ tiêu «doan_ra»: «3 đoàn» được đọc là 3: đã bỏ phần chữ «đoàn» sau số.\n"
    )
    with Store.open(store) as opened:
        values = opened.current_values(("hoi_nhap_quoc_te", "first_half", 2021, 0))["SNV"]
    assert values == {"tin_bai": 1000, "von_du_an": 12.5, "doan_ra": 3, "du_an": 2, "ty_le_giai_ngan": 42.5}
