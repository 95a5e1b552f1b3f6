"""Rejected files counted for their unit, locked inputs, one path from files to statuses, copied forms."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path
from typing import Any

import docx
import openpyxl
import pytest
from typer.testing import CliRunner

from consolidate import check
from consolidate.check import LOCKED, check_paths
from consolidate.cli import app
from consolidate.form import Form, Unit
from consolidate.run import JSON_NAME, SUMMARY_NAME, run
from consolidate.tracking import track, write_reminder_for
from tests.conftest import FillFn

NOW = dt.datetime(2022, 6, 20, 9, 30)
runner = CliRunner()
BROKEN = b"PK\x03\x04broken"


def _warnings(result: Any) -> list[str]:
    return [p.message for p in result.warnings]


# --- attribution from the file or folder name ----------------------------------------------------


def test_a_rejected_file_is_attributed_by_its_file_name_with_a_warning(tmp_path: Path, form: Form) -> None:
    inbox = tmp_path / "nhan"
    inbox.mkdir()
    (inbox / "hoi_nhap_SNV.xlsx").write_bytes(BROKEN + b"1")  # a unit code as a whole word
    (inbox / "Báo cáo Sở Y tế 6 tháng.xlsx").write_bytes(BROKEN + b"2")  # a unit's full name
    (inbox / "bao_cao_so_tai_chinh.xlsx").write_bytes(BROKEN + b"3")  # the name without diacritics
    (inbox / "hong.xlsx").write_bytes(BROKEN + b"4")  # nothing to go by
    results = {r.path.name: r for r in check_paths([inbox], form).files}
    assert {name: (r.status, r.unit) for name, r in results.items()} == {
        "hoi_nhap_SNV.xlsx": ("error", "SNV"),
        "Báo cáo Sở Y tế 6 tháng.xlsx": ("error", "SYT"),
        "bao_cao_so_tai_chinh.xlsx": ("error", "STC"),
        "hong.xlsx": ("error", None),
    }
    assert _warnings(results["hoi_nhap_SNV.xlsx"]) == [
        "Không đọc được đơn vị trong tệp; tệp được tính là báo cáo của SNV (Sở Nội vụ), suy ra từ tên tệp "
        "«hoi_nhap_SNV.xlsx». Nếu không đúng, hãy đổi tên tệp cho đúng đơn vị rồi chạy lại."
    ]
    assert all(p.unit == "SNV" for p in results["hoi_nhap_SNV.xlsx"].problems)
    assert _warnings(results["hong.xlsx"]) == []


def test_a_folder_name_attributes_when_the_file_name_does_not(tmp_path: Path, form: Form) -> None:
    inbox = tmp_path / "nhan"
    (inbox / "UBND huyện Tràng Định" / "thư 16-6").mkdir(parents=True)
    (inbox / "UBND huyện Tràng Định" / "thư 16-6" / "bao_cao.xlsx").write_bytes(BROKEN)
    (inbox / "SNV").mkdir()
    (inbox / "SNV" / "Báo cáo Sở Y tế.xlsx").write_bytes(BROKEN + b"2")  # the file's own name comes first
    results = {r.path.name: r for r in check_paths([inbox], form).files}
    assert results["bao_cao.xlsx"].unit == "UBND_TD"
    assert _warnings(results["bao_cao.xlsx"]) == [
        "Không đọc được đơn vị trong tệp; tệp được tính là báo cáo của UBND_TD (UBND huyện Tràng Định), suy ra từ "
        "tên thư mục «UBND huyện Tràng Định». Nếu không đúng, hãy đổi tên thư mục cho đúng đơn vị rồi chạy lại."
    ]
    assert results["Báo cáo Sở Y tế.xlsx"].unit == "SYT"
    # The input folder itself is the coordinator's choice, not a unit's: it attributes nothing.
    [alone] = check_paths([inbox / "SNV" / "Báo cáo Sở Y tế.xlsx"], form).files
    assert alone.unit == "SYT"


def test_a_name_that_fits_two_units_attributes_nothing_and_says_so(tmp_path: Path, form: Form) -> None:
    inbox = tmp_path / "nhan"
    (inbox / "SYT").mkdir(parents=True)
    (inbox / "SYT" / "SNV va STC.xlsx").write_bytes(BROKEN)
    [result] = check_paths([inbox], form).files
    assert result.unit is None
    assert _warnings(result) == [
        "Không đọc được đơn vị trong tệp, và tên tệp «SNV va STC.xlsx» ứng với nhiều đơn vị (SNV, STC) nên tệp chưa "
        "được tính cho đơn vị nào. Hãy đặt tên tệp theo mã của đúng một đơn vị rồi chạy lại."
    ]


def test_a_name_within_a_longer_name_counts_once(form: Form) -> None:
    units = (*form.units, Unit("SVH", "Sở Văn hóa", "Sở, ban, ngành"), Unit("SVHTT", "Sở Văn hóa, Thể thao", "Sở"))
    names = check._UnitNames(dataclasses.replace(form, units=units))
    assert names.in_text("Báo cáo Sở Văn hóa - Thể thao") == ["SVHTT"]
    assert names.in_text("bao cao so van hoa") == ["SVH"]


def test_a_workbook_of_another_form_is_its_units_by_the_unit_cell(tmp_path: Path, fill: FillFn, form: Form) -> None:
    path = fill(unit="SYT", name="bao_cao.xlsx")
    wb = openpyxl.load_workbook(path)
    ((sheet, ref),) = list(wb.defined_names["ma_bieu_mau"].destinations)
    wb[sheet][ref.replace("$", "")] = "bao_cao_khac"
    wb.save(path)
    [result] = check_paths([path], form).files
    assert result.status == "error" and result.unit == "SYT"
    [problem] = result.problems
    assert problem.unit == "SYT" and "không phải biểu mẫu «hoi_nhap_quoc_te»" in problem.message


def test_a_valid_file_is_never_reattributed_by_its_name(tmp_path: Path, fill: FillFn, form: Form) -> None:
    [result] = check_paths([fill(unit="SNV", name="SYT.xlsx")], form).files
    assert result.unit == "SNV" and result.status == "warning"  # the name's hint is only a warning


# --- locked inputs -------------------------------------------------------------------------------


def _lock(monkeypatch: pytest.MonkeyPatch, locked: Path, times: int) -> list[Path]:
    """``locked`` refuses to open ``times`` times, as a sync client or a virus scanner makes it do."""
    tries: list[Path] = []

    def fake_open(path: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if Path(path) == locked:
            tries.append(Path(path))
            if len(tries) <= times:
                raise PermissionError(13, "Permission denied", str(path))
        return open(path, mode, *args, **kwargs)

    monkeypatch.setattr(check, "open", fake_open, raising=False)
    monkeypatch.setattr(check, "LOCK_WAITS", (0.0, 0.0, 0.0))
    return tries


def test_a_locked_input_is_tried_again_then_reported_and_counted_for_its_unit(
    tmp_path: Path, fill: FillFn, form: Form, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = fill(unit="SNV", name="hoi_nhap_SNV.xlsx")
    tries = _lock(monkeypatch, path, times=99)
    [result] = check_paths([path], form).files
    assert len(tries) == 4  # the first try and three more
    assert result.status == "error" and result.unit == "SNV"
    assert [p.message for p in result.errors] == [LOCKED.format(name="hoi_nhap_SNV.xlsx")]
    assert "«hoi_nhap_SNV.xlsx» đang bị chương trình khác mở hoặc khóa" in result.errors[0].message
    assert "suy ra từ tên tệp «hoi_nhap_SNV.xlsx»" in _warnings(result)[0]


def test_a_lock_that_lifts_while_trying_again_reads_the_file(
    tmp_path: Path, fill: FillFn, form: Form, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = fill(unit="SNV")
    tries = _lock(monkeypatch, path, times=2)
    [result] = check_paths([path], form).files
    assert len(tries) == 3 and result.status == "ok" and result.sha256


def test_a_file_locked_after_it_was_hashed_is_said_to_be_locked(
    tmp_path: Path, fill: FillFn, form: Form, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = fill(unit="SYT", name="Sở Y tế.xlsx")
    real = Path.open

    def locked_open(self: Path, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if self == path:
            raise PermissionError(13, "Permission denied", str(self))
        return real(self, mode, *args, **kwargs)

    monkeypatch.setattr(Path, "open", locked_open)  # the reader opens by Path.open; the hash went before
    [result] = check_paths([path], form).files
    assert result.sha256 and result.unit == "SYT"
    assert [p.message for p in result.errors] == [LOCKED.format(name="Sở Y tế.xlsx")]


def test_an_identical_copy_of_a_file_locked_while_read_is_read_instead(
    tmp_path: Path, fill: FillFn, form: Form, monkeypatch: pytest.MonkeyPatch
) -> None:
    inbox = tmp_path / "nhan"
    (inbox / "lan 2").mkdir(parents=True)
    path = fill(unit="SYT", name="syt.xlsx").rename(inbox / "lan 2" / "syt.xlsx")  # found first
    (inbox / "syt.xlsx").write_bytes(path.read_bytes())
    real = Path.open

    def locked_open(self: Path, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if self == path:
            raise PermissionError(13, "Permission denied", str(self))
        return real(self, mode, *args, **kwargs)

    monkeypatch.setattr(Path, "open", locked_open)  # the first is locked after it was hashed
    results = {r.relative_path: r for r in check_paths([inbox], form).files}
    assert [p.message for p in results["lan 2/syt.xlsx"].errors] == [LOCKED.format(name="syt.xlsx")]
    assert (results["syt.xlsx"].status, results["syt.xlsx"].unit) == ("ok", "SYT")
    outcome = run([inbox], form, tmp_path / "tong_hop", now=NOW, use_history=False)
    assert {u.unit.code: u.status for u in outcome.consolidation.units}["SYT"] == "accepted"


def test_a_lock_is_not_remembered_once_it_is_gone(
    tmp_path: Path, fill: FillFn, form: Form, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The history caches results by content: a lock is not the content's, the next run reads the file."""
    inbox = tmp_path / "nhan"
    inbox.mkdir()
    path = fill(unit="SYT", name="Sở Y tế.xlsx").rename(inbox / "Sở Y tế.xlsx")
    real = Path.open

    def locked_open(self: Path, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if self == path:
            raise PermissionError(13, "Permission denied", str(self))
        return real(self, mode, *args, **kwargs)

    with monkeypatch.context() as patch:
        patch.setattr(Path, "open", locked_open)  # locked after it was hashed, while it is read
        locked = run([inbox], form, tmp_path / "tong_hop", now=NOW)
    assert [u.status for u in locked.consolidation.units if u.unit.code == "SYT"] == ["rejected"]
    again = run([inbox], form, tmp_path / "tong_hop", now=NOW)
    [syt] = [u for u in again.consolidation.units if u.unit.code == "SYT"]
    assert syt.status == "accepted" and again.report.files[0].errors == []


# --- one path from files to statuses -------------------------------------------------------------


@pytest.fixture
def inbox(tmp_path: Path, fill: FillFn, form: Form) -> Path:
    """Valid, superseded, rejected but attributed, the tool's own outputs, a hidden file; the rest missing."""
    folder = tmp_path / "nhan"
    (folder / "lan 2").mkdir(parents=True)
    fill(unit="SNV", name="snv_cu.xlsx", ngay_van_ban=dt.datetime(2022, 6, 10)).rename(folder / "snv_cu.xlsx")
    fill(unit="SNV", name="snv.xlsx", ngay_van_ban=dt.datetime(2022, 6, 16)).rename(folder / "lan 2" / "snv.xlsx")
    fill(unit="UBND_TPLS", name="tp.xlsx", tin_bai=300).rename(folder / "tp.xlsx")
    (folder / "Báo cáo Sở Y tế.xlsx").write_bytes(BROKEN)  # SYT's only file, unreadable
    (folder / ".~lock.tp.xlsx#").write_bytes(b"lock")
    run([folder], form, folder / "tong_hop", now=NOW)  # its outputs now lie among the submissions
    return folder


def test_run_status_and_remind_agree_on_every_unit(inbox: Path, form: Form, tmp_path: Path) -> None:
    out = inbox / "tong_hop"
    result = run([inbox], form, out, now=NOW)
    files = {f.result.path.name: f.status for f in result.consolidation.files}
    assert files["snv_cu.xlsx"] == "superseded" and files["snv.xlsx"] == "accepted"
    assert files["Báo cáo Sở Y tế.xlsx"] == "rejected" and files[SUMMARY_NAME] == "skipped"
    data = json.loads((out / JSON_NAME).read_text(encoding="utf-8"))
    by_run = {u["code"]: u["status"] for u in data["units"]}
    timeliness = {code: t["status"] for code, t in data["timeliness"].items()}
    assert by_run["SNV"] == by_run["UBND_TPLS"] == "accepted" and by_run["SYT"] == "rejected"
    missing = {u.code for u in form.units} - {"SNV", "UBND_TPLS", "SYT"}
    assert {u for u, s in by_run.items() if s == "missing"} == missing
    [syt] = [u for u in data["units"] if u["code"] == "SYT"]
    [syt_file] = [f for f in data["files"] if f["unit"] == "SYT"]
    assert syt["reason"] == syt_file["problems"][0]["message"] and syt_file["problems"][0]["severity"] == "error"
    assert "suy ra từ tên tệp «Báo cáo Sở Y tế.xlsx»" in syt_file["problems"][1]["message"]

    rows = track([inbox], form, out / "lich_su.sqlite", None, out)
    assert {row["code"]: row["status"] for row in rows} == timeliness
    assert {row["code"]: row["file"] for row in rows} == {u["code"]: u["file"] for u in data["units"]}
    [syt_row] = [row for row in rows if row["code"] == "SYT"]
    assert syt_row["status_label"] == "Không hợp lệ" and syt_row["reason"] == syt["reason"]

    letter, count = write_reminder_for(form, tmp_path / "cong_van", [inbox], out / "lich_su.sqlite")
    assert count == sum(1 for s in by_run.values() if s != "accepted")
    text = "\n".join(p.text for p in docx.Document(str(letter)).paragraphs)
    assert "Sở Y tế đã gửi báo cáo nhưng chưa hợp lệ" in text
    assert f"Sở chưa nhận được báo cáo của {count - 1} đơn vị: Sở Tư pháp, " in text
    # Without --from: the last run's statuses, not the history's accepted units alone (SYT is not «chưa gửi»).
    again, _ = write_reminder_for(form, out, [], out / "lich_su.sqlite")
    assert "\n".join(p.text for p in docx.Document(str(again)).paragraphs) == text

    sheet = openpyxl.load_workbook(out / SUMMARY_NAME)["Tình hình nộp báo cáo"]
    statuses = {row[1]: row[3] for row in sheet.iter_rows(values_only=True) if row[1] in ("SYT", "SNV", "STP")}
    assert statuses == {"SYT": "Báo cáo không hợp lệ", "SNV": "Đã báo cáo", "STP": "Chưa báo cáo"}


def test_status_command_shows_the_reason_of_a_rejected_unit(inbox: Path, tmp_path: Path) -> None:
    out = inbox / "tong_hop"
    args = ["status", str(inbox), "--form", "hoi_nhap_quoc_te", "--out", str(out)]
    plain = runner.invoke(app, args)
    assert plain.exit_code == 0, plain.output
    [line] = [line for line in plain.stdout.splitlines() if "Sở Y tế" in line]
    assert line.startswith("Không hợp lệ   Sở Y tế, nhận lúc ") and " — " in line
    units = {u["code"]: u for u in json.loads(runner.invoke(app, [*args, "--json"]).stdout)["units"]}
    assert units["SYT"]["status"] == "rejected" and units["SYT"]["reason"] in line
    assert units["SNV"]["reason"] == "" and units["STP"]["status"] == "missing"


# --- copied forms --------------------------------------------------------------------------------


def test_a_copied_form_has_its_own_lookups(form: Form) -> None:
    extra = dataclasses.replace(form.indicators[0], code="chi_tieu_moi", label="Chỉ tiêu mới")
    copy = dataclasses.replace(form, indicators=(*form.indicators, extra), units=form.units[:2])
    assert copy.field("chi_tieu_moi") is extra
    with pytest.raises(KeyError):
        form.field("chi_tieu_moi")
    assert form.unit("SYT") is not None and copy.unit("SYT") is None
    assert form.units_named_in("SYT") == ["SYT"] and copy.units_named_in("SYT") == []
    assert copy.unit("snv") == form.unit("SNV")


def test_remind_help_says_where_its_statuses_come_from_without_from() -> None:
    shown = runner.invoke(app, ["remind", "--help"])
    assert shown.exit_code == 0
    assert "mặc định theo lần tổng hợp gần nhất trong thư mục --out, rồi theo kho lịch sử" in " ".join(
        shown.stdout.split()
    )


def test_many_locked_inputs_share_one_short_wait(
    tmp_path: Path, fill: FillFn, form: Form, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = [fill(unit=code, name=f"hoi_nhap_{code}.xlsx") for code in ("SNV", "SYT", "UBND_TPLS")]
    real_open = open

    def locked_open(path: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if Path(path) in paths:
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, mode, *args, **kwargs)

    slept: list[float] = []
    monkeypatch.setattr(check, "open", locked_open, raising=False)
    monkeypatch.setattr(check, "LOCK_WAITS", (1.0, 1.0, 1.0))
    monkeypatch.setattr(check, "LOCK_BUDGET", 2.5)
    monkeypatch.setattr(check.time, "sleep", slept.append)
    results = check_paths([tmp_path], form).files
    # The first file waits twice (the third pause would pass the budget); the others are not waited for.
    assert slept == [1.0, 1.0]
    assert sorted((r.unit, r.errors[0].message) for r in results) == sorted(
        (code, LOCKED.format(name=f"hoi_nhap_{code}.xlsx")) for code in ("SNV", "SYT", "UBND_TPLS")
    )
