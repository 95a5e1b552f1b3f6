"""Paths as users have them: long paths, folders that cannot be listed, hidden and system files (Windows simulated)."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from consolidate import check, paths
from consolidate.check import HIDDEN_FILE, HIDDEN_FOLDER, check_paths, discover
from consolidate.cli import app
from consolidate.form import Form
from consolidate.paths import extended, open_path
from consolidate.run import JSON_NAME, run
from tests.conftest import FillFn

NOW = dt.datetime(2022, 6, 20, 9, 30)
runner = CliRunner()


def _deep(root: Path, length: int) -> Path:
    """A folder under ``root`` whose path is at least ``length`` characters (folder names of 60 letters)."""
    folder = root
    index = 0
    while len(str(folder)) < length:
        index += 1
        folder = folder / f"Tệp đính kèm thư điện tử của các đơn vị gửi về đợt {index:02d} năm 2022"
    folder.mkdir(parents=True)
    return folder


# --- long paths ----------------------------------------------------------------------------------


def test_long_windows_paths_take_the_extended_form(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(paths.sys, "platform", "win32")
    deep = "C:\\Users\\Nguyễn Văn Hùng\\" + "\\".join(["Tài liệu báo cáo hội nhập quốc tế 2022"] * 7)
    assert len(deep) >= 260
    assert str(open_path(Path(deep + "\\SNV.xlsx"))) == "\\\\?\\" + deep + "\\SNV.xlsx"
    share = "\\\\may-chu\\chia-se\\" + "\\".join(["Báo cáo của các đơn vị gửi về"] * 9)
    assert extended(share) == "\\\\?\\UNC\\may-chu\\chia-se\\" + share[len("\\\\may-chu\\chia-se\\") :]
    # The prefix turns off Windows' own normalising: «..» and «.» are resolved first.
    assert extended(deep + "\\..\\x\\.\\SNV.xlsx") == "\\\\?\\" + deep.rsplit("\\", 1)[0] + "\\x\\SNV.xlsx"
    assert extended("C:\\Users\\SNV.xlsx") == "C:\\Users\\SNV.xlsx"  # short paths are opened as they are
    assert extended("\\\\?\\C:\\x.xlsx") == "\\\\?\\C:\\x.xlsx"


def test_paths_elsewhere_are_opened_as_they_are(tmp_path: Path) -> None:
    long = tmp_path / ("a" * 200) / ("b" * 200)
    assert open_path(long) is long


def test_a_workbook_in_a_300_character_path_is_read_and_consolidated(tmp_path: Path, fill: FillFn, form: Form) -> None:
    folder = _deep(tmp_path / "nhan", 300)
    path = fill(unit="SNV").rename(folder / "Báo cáo kết quả công tác hội nhập quốc tế 6 tháng đầu năm 2022 SNV.xlsx")
    assert len(str(path)) >= 300 and len(str(path.parent)) >= 260
    [result] = check_paths([tmp_path / "nhan"], form).files
    assert result.path == path and result.status == "ok" and result.unit == "SNV" and result.sha256
    outcome = run([tmp_path / "nhan"], form, tmp_path / "out", now=NOW, use_history=False)
    status = {u.unit.code: u.status for u in outcome.consolidation.units}
    assert status["SNV"] == "accepted"
    assert outcome.consolidation.received["SNV"] <= NOW


def test_every_input_is_opened_through_the_path_helper(
    tmp_path: Path, fill: FillFn, form: Form, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Simulated Windows: the folder is listed, the file hashed, read and dated by the path the helper gives."""
    folder = _deep(tmp_path / "nhan", 280)
    path = fill(unit="SNV").rename(folder / "SNV.xlsx")
    asked: list[str] = []

    def extended_seen(text: str) -> str:
        asked.append(text)
        return text  # Linux opens the long path itself

    monkeypatch.setattr(paths.sys, "platform", "win32")
    monkeypatch.setattr(paths, "extended", extended_seen)
    monkeypatch.setattr(check, "_attributes", lambda entry: 0)  # no st_file_attributes on Linux
    outcome = run([tmp_path / "nhan"], form, tmp_path / "out", now=NOW, use_history=False)
    assert {u.unit.code: u.status for u in outcome.consolidation.units}["SNV"] == "accepted"
    assert str(folder) in asked  # listed
    assert asked.count(str(path)) == 4  # hashed, read, its time taken for selection and for its arrival


# --- folders that cannot be listed ---------------------------------------------------------------


def _deny(monkeypatch: pytest.MonkeyPatch, denied: Path) -> None:
    """Listing ``denied`` fails as it does without permission (tests run as root here, so chmod would not)."""
    real = os.scandir

    def scandir(path: Any) -> Any:
        if Path(path) == denied:
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(check.os, "scandir", scandir)


def test_a_folder_that_cannot_be_listed_is_reported_never_skipped(
    tmp_path: Path, fill: FillFn, form: Form, monkeypatch: pytest.MonkeyPatch
) -> None:
    inbox = tmp_path / "nhan"
    (inbox / "Sở Y tế").mkdir(parents=True)
    fill(unit="SYT").rename(inbox / "Sở Y tế" / "SYT.xlsx")
    fill(unit="SNV").rename(inbox / "SNV.xlsx")
    _deny(monkeypatch, inbox / "Sở Y tế")
    report = check_paths([inbox], form)
    by_name = {r.path.name: r for r in report.files}
    denied = by_name["Sở Y tế"]
    assert denied.status == "error" and denied.unit is None
    [problem] = denied.problems
    assert problem.message == (
        f"Không mở được thư mục «{inbox / 'Sở Y tế'}» để tìm báo cáo (không có quyền truy cập); các tệp trong đó chưa "
        "được kiểm tra. Hãy cấp quyền đọc thư mục (hoặc chép các tệp ra thư mục khác) rồi chạy lại."
    )
    assert by_name["SNV.xlsx"].status == "ok" and report.has_errors

    outcome = run([inbox], form, tmp_path / "out", now=NOW, use_history=False)
    data = json.loads((tmp_path / "out" / JSON_NAME).read_text(encoding="utf-8"))
    [entry] = [f for f in data["files"] if f["path"] == str(inbox / "Sở Y tế")]
    assert entry["status"] == "rejected" and entry["reason"] == problem.message
    assert {u.unit.code: u.status for u in outcome.consolidation.units}["SYT"] == "missing"
    ran = runner.invoke(app, ["run", str(inbox), "--form", "hoi_nhap_quoc_te", "--out", str(tmp_path / "out2"), "-q"])
    assert ran.exit_code == 0, ran.output
    assert f"  - Không hợp lệ, chưa rõ của đơn vị nào: «Sở Y tế» — {problem.message}" in ran.stdout.splitlines()

    result = runner.invoke(app, ["check", str(inbox), "--form", "hoi_nhap_quoc_te", "--json"])
    assert result.exit_code == 1
    listed = {f["path"]: f for f in json.loads(result.stdout)["files"]}
    assert listed[str(inbox / "Sở Y tế")]["status"] == "error"


def test_an_input_folder_that_cannot_be_listed_is_reported(
    tmp_path: Path, form: Form, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "nhan").mkdir()
    _deny(monkeypatch, tmp_path / "nhan")
    [(path, reason)] = discover([tmp_path / "nhan"])
    assert path == tmp_path / "nhan" and reason.startswith("Không mở được thư mục «")
    [result] = check_paths([tmp_path / "nhan"], form).files
    assert (result.status, result.relative_path) == ("error", "nhan")  # named, not «.»


# --- hidden and system files ---------------------------------------------------------------------


def test_hidden_and_system_files_are_skipped_with_the_reason(
    tmp_path: Path, fill: FillFn, form: Form, monkeypatch: pytest.MonkeyPatch
) -> None:
    inbox = tmp_path / "nhan"
    (inbox / "He thong").mkdir(parents=True)
    fill(unit="SNV").rename(inbox / "SNV.xlsx")
    fill(unit="SYT").rename(inbox / "an.xlsx")  # hidden by attribute: a copy Windows keeps out of sight
    fill(unit="UBND_TPLS").rename(inbox / "He thong" / "TP.xlsx")  # in a folder hidden by attribute
    # Excel's lock file is hidden too: it keeps its own reason.
    fill(unit="SNV", name="khoa.xlsx").rename(inbox / "~$SNV.xlsx")
    (inbox / "Thumbs.db").write_bytes(b"\xd0\xcf\x11\xe0thumbnails")
    (inbox / "desktop.ini").write_text("[.ShellClassInfo]\n", encoding="utf-8")
    attributes = {"an.xlsx": 0x2, "He thong": 0x2 | 0x4, "~$SNV.xlsx": 0x2}
    monkeypatch.setattr(check, "_attributes", lambda entry: attributes.get(entry.name, 0))
    found = {path.relative_to(inbox).as_posix(): reason for path, reason in discover([inbox])}
    assert found == {
        "SNV.xlsx": "",
        "an.xlsx": HIDDEN_FILE,
        "He thong/TP.xlsx": HIDDEN_FOLDER,
        "~$SNV.xlsx": "Tệp khóa tạm của Office (tạo ra khi tệp đang mở), không phải báo cáo.",
        "Thumbs.db": HIDDEN_FILE,
        "desktop.ini": HIDDEN_FILE,
    }
    report = check_paths([inbox], form)
    assert {r.path.name: r.status for r in report.files} == {
        "SNV.xlsx": "ok",
        "an.xlsx": "skipped",
        "TP.xlsx": "skipped",
        "~$SNV.xlsx": "skipped",
        "Thumbs.db": "skipped",
        "desktop.ini": "skipped",
    }


def test_attributes_come_from_the_listing_on_windows(monkeypatch: pytest.MonkeyPatch) -> None:
    class Entry:
        name = "an.xlsx"

        def stat(self, follow_symlinks: bool = True) -> Any:
            assert not follow_symlinks
            return type("Stat", (), {"st_file_attributes": 0x22})()

    assert check._attributes(Entry()) == 0  # type: ignore[arg-type]  # not on Windows: no attributes
    monkeypatch.setattr(check.sys, "platform", "win32")
    assert check._attributes(Entry()) == 0x22  # type: ignore[arg-type]
