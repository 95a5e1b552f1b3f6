"""The intake's core (consolidate/intake.py): links, receiving, receipt times, status, consolidation."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import sqlite3
import sys
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from typer.testing import CliRunner

from consolidate import intake
from consolidate.check import check_paths
from consolidate.cli import app
from consolidate.errors import UsageError
from consolidate.form import Form

runner = CliRunner()


def on_time(form: Form, minutes: int = 0) -> dt.datetime:
    return dt.datetime.combine(form.period.deadline, dt.time(9, 30)) + dt.timedelta(minutes=minutes)


def late(form: Form) -> dt.datetime:
    return dt.datetime.combine(form.period.deadline + dt.timedelta(days=1), dt.time(8, 15))


def send(form: Form, data: Path, unit: str, path: Path, name: str = "", **options: Any) -> dict[str, Any]:
    with path.open("rb") as stream:
        return intake.receive(form, data, unit, stream, name or path.name, "192.0.2.7", **options)


@pytest.fixture(scope="module")
def received(tmp_path_factory: pytest.TempPathFactory, form: Form, workbooks: dict[str, Path]) -> dict[str, Any]:
    """One data folder: SNV sends a file with a mistake on time, then the fixed one; SYT sends late."""
    data = tmp_path_factory.mktemp("intake")
    listing = intake.links(form, data, "http://127.0.0.1:8000/")
    first = send(form, data, "SNV", workbooks["mistake"], "../../bao cao SNV.xlsx", now=on_time(form))
    second = send(form, data, "SNV", workbooks["valid"], "bao_cao_SNV_da_sua.xlsx", now=on_time(form, 30))
    third = send(form, data, "SYT", workbooks["other"], now=late(form))
    return {"data": data, "links": listing, "first": first, "second": second, "third": third}


def test_links_are_long_random_stored_as_hashes_and_printed_again(form: Form, received: dict[str, Any]) -> None:
    data, listing = received["data"], received["links"]
    tokens = [u["url"].rsplit("/", 1)[1] for u in listing["units"]] + [listing["coordinator"].rsplit("/", 1)[1]]
    assert len(set(tokens)) == len(form.units) + 1
    assert all(len(token) >= 43 for token in tokens)  # 256 bits in base64url; at least 128 required
    assert listing["coordinator"].startswith("http://127.0.0.1:8000/c/")
    assert listing["units"][0] == {"code": "SNV", "name": "Sở Nội vụ", "url": listing["units"][0]["url"]}
    stored = b"".join(p.read_bytes() for p in data.glob(intake.DB_NAME + "*"))
    assert not any(token.encode() in stored for token in tokens)
    assert intake.links(form, data, "http://127.0.0.1:8000") == listing  # the same links, printed again
    assert intake.resolve(data, tokens[0]) == ("unit", "SNV")
    assert intake.resolve(data, tokens[-1]) == ("coordinator", "")
    assert intake.resolve(data, tokens[0][:-1] + ("B" if tokens[0].endswith("A") else "A")) is None
    if sys.platform != "win32":
        assert (data / intake.KEY_NAME).stat().st_mode & 0o077 == 0


def test_renewing_a_link_revokes_the_old_one_only(tmp_path: Path, form: Form) -> None:
    before = intake.links(form, tmp_path, "http://x")
    after = intake.links(form, tmp_path, "http://x", renew=["SYT"])
    old = {u["code"]: u["url"].rsplit("/", 1)[1] for u in before["units"]}
    new = {u["code"]: u["url"].rsplit("/", 1)[1] for u in after["units"]}
    assert old["SYT"] != new["SYT"] and old["SNV"] == new["SNV"]
    assert intake.resolve(tmp_path, old["SYT"]) is None
    assert intake.resolve(tmp_path, new["SYT"]) == ("unit", "SYT")
    assert intake.links(form, tmp_path, "http://x") == after  # renewed once, not at every listing
    with pytest.raises(UsageError, match="«KHONG_CO»"):
        intake.links(form, tmp_path, "http://x", renew=["KHONG_CO"])


def test_the_verdict_is_checks_record_for_the_stored_file(form: Form, received: dict[str, Any]) -> None:
    data, first = received["data"], received["first"]
    folder = data / intake.RECEIVED_DIR
    [stored] = [f for f in check_paths([folder], form).files if f.path.name == Path(first["path"]).name]
    expected = stored.to_dict()
    assert {k: first[k] for k in expected} == expected
    assert first["status"] == "error"
    [problem] = first["problems"]
    assert problem["field"] == "ty_le_giai_ngan" and problem["cell"] and problem["sheet"]
    assert first["unit_status"]["status"] == "rejected"  # the fixed file came after
    assert received["second"]["status"] == "ok" and received["second"]["unit_status"]["status"] == "on_time"


def test_the_senders_name_is_data_never_a_path(form: Form, received: dict[str, Any]) -> None:
    data, first = received["data"], received["first"]
    stored = Path(first["path"])
    assert stored.parent == data / intake.RECEIVED_DIR / "SNV"
    assert stored.name.startswith(on_time(form).strftime("%Y%m%d-%H%M%S_")) and stored.suffix == ".xlsx"
    assert first["upload"]["original_name"] == "../../bao cao SNV.xlsx"
    assert not (data.parent / "x.xlsx").exists()
    assert sorted(p.name for p in (data / intake.TEMPORARY_DIR).iterdir()) == []
    assert first["upload"]["sha256"] == first["sha256"] and first["upload"]["client"] == "192.0.2.7"


def test_intake_times_are_the_received_times_of_status_and_run(
    form: Form, received: dict[str, Any], tmp_path: Path
) -> None:
    data = received["data"]
    folder = data / intake.RECEIVED_DIR
    result = runner.invoke(app, ["status", str(folder), "--form", form.id, "--out", str(tmp_path), "--json"])
    rows = {row["code"]: row for row in json.loads(result.stdout)["units"]}
    assert rows["SNV"]["received_source"] == "intake" and rows["SNV"]["received_trusted"]
    assert rows["SNV"]["received"] == on_time(form, 30).isoformat(timespec="minutes")
    assert rows["SNV"]["status"] == "on_time" and rows["SYT"]["status"] == "late"
    assert rows["SYT"]["received"] == late(form).isoformat(timespec="minutes")
    page = {row["code"]: row for row in intake.status(form, data)}
    assert {k: page["SYT"][k] for k in rows["SYT"]} == rows["SYT"]
    assert page["SYT"]["intake_status"] == "late" and page["UBND_TPLS"]["intake_status"] == "missing"
    assert received["third"]["unit_status"] == page["SYT"]  # an upload's answer: the unit's row, from its files
    assert received["third"]["upload"]["late"] is True and received["first"]["upload"]["late"] is False


def test_run_on_the_received_files_is_the_pages_consolidation(
    form: Form, received: dict[str, Any], tmp_path: Path
) -> None:
    data = received["data"]
    made = intake.consolidate_now(form, data)
    assert made["counts"] == {"accepted": 2, "rejected": 0, "missing": len(form.units) - 2}
    assert set(made["outputs"]) == {"summary", "report", "json", "reminder"}
    result = runner.invoke(app, ["run", str(data / intake.RECEIVED_DIR), "--form", form.id, "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    page = json.loads((data / intake.OUT_DIR / "consolidated.json").read_text(encoding="utf-8"))
    cli = json.loads((tmp_path / "consolidated.json").read_text(encoding="utf-8"))
    page.pop("created"), cli.pop("created")
    assert page == cli
    assert page["timeliness"]["SYT"] == {
        "status": "late",
        "received": late(form).isoformat(timespec="seconds"),
        "received_source": "intake",
    }
    assert set(intake.outputs(data)) == {"summary", "report", "json", "reminder"}


def test_oversized_upload_leaves_nothing(tmp_path: Path, form: Form, workbooks: dict[str, Path]) -> None:
    with pytest.raises(intake.IntakeError, match="lớn quá") as caught:
        send(form, tmp_path, "SNV", workbooks["valid"], limit=1000)
    assert caught.value.reason == "too_large"
    assert [p for p in tmp_path.rglob("*") if p.is_file() and p.suffix in (".xlsx", ".part")] == []
    assert intake.uploads(tmp_path) == []


def test_a_file_of_another_kind_is_refused(tmp_path: Path, form: Form) -> None:
    with pytest.raises(intake.IntakeError, match="không phải bảng tính") as caught:
        intake.receive(form, tmp_path, "SNV", io.BytesIO(b"%PDF-1.4"), "bao_cao.pdf", "192.0.2.7")
    assert caught.value.reason == "kind"


def test_hostile_and_slow_files_are_error_verdicts(tmp_path: Path, form: Form, workbooks: dict[str, Path]) -> None:
    bomb = send(form, tmp_path, "SNV", workbooks["bomb"])
    assert bomb["status"] == "error" and "giải nén lớn bất thường" in bomb["problems"][0]["message"]
    assert bomb["unit"] == "SNV"  # from its folder, as check says of a file in nhan/SNV/
    slow = send(form, tmp_path, "SNV", workbooks["valid"], seconds=0.001)
    assert slow["status"] == "error"
    assert slow["problems"][0]["message"].startswith(f"Không kiểm tra được tệp «{Path(slow['path']).name}»")
    assert [u.status for u in intake.uploads(tmp_path)] == ["error", "error"]


def test_another_units_report_is_returned_not_counted(tmp_path: Path, form: Form, workbooks: dict[str, Path]) -> None:
    wrong = send(form, tmp_path, "SNV", workbooks["other"])
    assert wrong["status"] == "error" and "(SYT), không phải của Sở Nội vụ (SNV)" in wrong["problems"][0]["message"]
    assert Path(wrong["path"]).parent == tmp_path / intake.RETURNED_DIR / "SNV"
    assert list((tmp_path / intake.RECEIVED_DIR).rglob("*.xlsx")) == []
    rows = {row["code"]: row["status"] for row in intake.status(form, tmp_path)}
    assert rows["SNV"] == rows["SYT"] == "missing"
    right = send(form, tmp_path, "SYT", workbooks["other"])  # the same bytes through the right link
    assert right["status"] == "ok" and right["sha256"] == wrong["sha256"]
    send(form, tmp_path, "SNV", workbooks["other"])  # and through the wrong one again: its verdict stays there
    rows = {row["code"]: row["status"] for row in intake.status(form, tmp_path)}
    assert rows["SYT"] == "late" and rows["SNV"] == "missing"


def test_a_closed_period_refuses_and_reopens(tmp_path: Path, form: Form, workbooks: dict[str, Path]) -> None:
    intake.set_closed(tmp_path, True)
    with pytest.raises(intake.IntakeError, match="khóa sổ") as caught:
        send(form, tmp_path, "SNV", workbooks["valid"])
    assert caught.value.reason == "closed" and intake.uploads(tmp_path) == []
    intake.set_closed(tmp_path, False)
    assert send(form, tmp_path, "SNV", workbooks["valid"])["status"] == "ok"


def test_reviews_and_audit(form: Form, received: dict[str, Any]) -> None:
    data = received["data"]
    made = intake.add_review(form, data, "SNV", "  Bổ sung   số liệu đoàn ra. ", now=late(form))
    assert made["comment"] == "Bổ sung số liệu đoàn ra."
    assert intake.reviews(data, "SNV")[0]["comment"] == made["comment"]
    assert {r["code"]: r["needs_more"] for r in intake.status(form, data)}["SNV"] == made["comment"]
    with pytest.raises(UsageError):
        intake.add_review(form, data, "SNV", "   ")
    header, *rows = intake.audit_rows(data)
    assert header[0] == "Thời điểm nhận" and len(rows) == 3
    assert rows[0][:3] == [f"{on_time(form):%d/%m/%Y %H:%M:%S}", "SNV", "../../bao cao SNV.xlsx"]
    assert rows[0][-1] == "Có lỗi" and rows[2][-2] == "Có"


def test_links_command_prints_and_writes_the_mail_merge_file(tmp_path: Path, form: Form) -> None:
    data = tmp_path / "data"
    args = ["links", "--form", form.id, "--data", str(data), "--base-url", "http://10.0.0.5:8000"]
    listing = json.loads(runner.invoke(app, [*args, "--json"]).stdout)
    assert listing["units"][1]["code"] == "STP" and listing["units"][1]["url"].startswith("http://10.0.0.5:8000/u/")
    result = runner.invoke(app, [*args, "--out", str(tmp_path / "duong_dan.csv")])
    assert result.exit_code == 0 and "Đơn vị tổng hợp (giữ kín)" in result.stdout
    raw = (tmp_path / "duong_dan.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    lines = raw.decode("utf-8-sig").splitlines()
    assert lines[0] == "Mã đơn vị;Tên đơn vị;Đường dẫn nộp báo cáo"
    assert lines[1] == f"SNV;Sở Nội vụ;{listing['units'][0]['url']}"
    runner.invoke(app, [*args, "--out", str(tmp_path / "duong_dan.xlsx")])
    sheet = openpyxl.load_workbook(tmp_path / "duong_dan.xlsx").active
    assert sheet is not None and sheet["C2"].value == listing["units"][0]["url"]
    renewed = json.loads(runner.invoke(app, [*args, "--renew", "SNV", "--json"]).stdout)
    assert renewed["units"][0]["url"] != listing["units"][0]["url"]
    assert renewed["units"][1]["url"] == listing["units"][1]["url"]
    wrong = runner.invoke(app, [*args, "--renew", "KHONG_CO"])
    assert wrong.exit_code == 2 and "«KHONG_CO»" in wrong.output


def test_uploads_are_not_lost_between_connections(form: Form, received: dict[str, Any]) -> None:
    data = received["data"]
    with sqlite3.connect(data / intake.DB_NAME) as db:
        (count,) = db.execute("SELECT COUNT(*) FROM uploads").fetchone()
    assert count == 3 and len(intake.uploads(data, "SNV")) == 2
    assert all(os.path.exists(data / u.stored) for u in intake.uploads(data) if u.stored)


def test_serve_binds_loopback_and_prints_the_coordinators_link(
    tmp_path: Path, form: Form, monkeypatch: pytest.MonkeyPatch
) -> None:
    from consolidate.web import server

    served: list[tuple[Any, ...]] = []
    monkeypatch.setattr(server, "serve", lambda *args: served.append(args))
    result = runner.invoke(app, ["serve", "--form", form.id, "--data", str(tmp_path), "--port", "8123"])
    assert result.exit_code == 0, result.output
    [(served_form, data, host, port)] = served
    assert (served_form.id, data, host, port) == (form.id, tmp_path, "127.0.0.1", 8123)
    listing = intake.links(form, tmp_path, "http://127.0.0.1:8123")
    assert f"Trang theo dõi của đơn vị tổng hợp (giữ kín): {listing['coordinator']}" in result.output
    missing = runner.invoke(app, ["serve"])
    assert missing.exit_code == 2 and "--form" in missing.output
