"""The intake's pages over HTTP, in-process with Flask's test client: every safety rule, the JSON twins."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from consolidate import intake
from consolidate.form import Form
from consolidate.text import fold
from consolidate.web import app as web_app
from consolidate.web.app import MULTIPART_ROOM, SECURITY_HEADERS, create_app

JSON = {"Accept": "application/json"}


def path_of(url: str) -> str:
    return "/" + url.split("/", 3)[3]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, form: Form) -> dict[str, Any]:
    data = tmp_path_factory.mktemp("site")
    listing = intake.links(form, data, "http://localhost")
    units = {u["code"]: path_of(u["url"]) for u in listing["units"]}
    return {"data": data, "app": create_app(form, data), "coordinator": path_of(listing["coordinator"]), "units": units}


@pytest.fixture
def client(site: dict[str, Any]) -> FlaskClient:
    app: Flask = site["app"]
    return app.test_client()


def upload(client: FlaskClient, url: str, path: Path, name: str | None = None, **headers: str) -> Any:
    with path.open("rb") as stream:
        return client.post(url, data={"file": (stream, name or path.name)}, headers=headers)


def test_a_unit_uploads_sees_its_mistake_by_cell_then_the_fixed_file_accepted(
    client: FlaskClient, site: dict[str, Any], workbooks: dict[str, Path]
) -> None:
    page = site["units"]["SNV"]
    shown = client.get(page, headers=JSON).json
    assert shown["unit"] == {"code": "SNV", "name": "Sở Nội vụ"} and shown["uploads"] == []
    sent = upload(client, page, workbooks["mistake"], **JSON)
    assert sent.status_code == 200
    record = sent.json
    assert set(record) >= {"path", "unit", "status", "reason", "sha256", "problems", "detail", "relative_path"}
    [problem] = record["problems"]
    assert record["status"] == "error" and record["unit_status"]["intake_status"] == "error"
    html = client.get(page).get_data(as_text=True)
    assert f'<td class="cell">{problem["cell"]}</td>' in html and problem["message"] in html
    assert "Tải tệp phản hồi" in html
    feedback = client.get(f"{page}/phan-hoi/{record['upload']['id']}")
    assert feedback.status_code == 200 and feedback.data[:2] == b"PK"
    fixed = upload(client, page, workbooks["valid"])  # the plain form, as without JavaScript
    assert fixed.status_code == 303 and fixed.headers["Location"].endswith(page + "#ket-qua")
    shown = client.get(page, headers=JSON).json
    assert [u["status"] for u in shown["uploads"]] == ["ok", "error"] and shown["latest"]["problems"] == []
    rows = {row["code"]: row for row in client.get(site["coordinator"], headers=JSON).json["units"]}
    assert rows["SNV"]["intake_status"] in ("valid", "late") and rows["SNV"]["received_source"] == "intake"
    template = client.get(page + "/bieu-mau")
    assert template.status_code == 200 and "hoi_nhap_quoc_te_SNV.xlsx" in template.headers["Content-Disposition"]


def test_a_token_reaches_its_own_pages_only_with_one_404_for_all(
    client: FlaskClient, site: dict[str, Any], form: Form
) -> None:
    unknown = client.get("/u/khong-co-duong-dan-nay")
    snv, syt, coordinator = site["units"]["SNV"], site["units"]["SYT"], site["coordinator"]
    uploads = intake.uploads(site["data"], "SNV")
    others = [
        client.get("/c/" + snv.rsplit("/", 1)[1]),  # a unit's token on the coordinator's page
        client.get("/u/" + coordinator.rsplit("/", 1)[1]),  # the coordinator's on a unit's
        client.get(f"{syt}/phan-hoi/{uploads[-1].id}"),  # another unit's feedback
        client.get("/nothing/here"),
    ]
    renewed = intake.links(form, site["data"], "http://localhost", renew=["STP"])
    old = site["units"]["STP"]
    others.append(client.get(old))
    assert client.get(path_of(renewed["units"][1]["url"])).status_code == 200
    for response in others:
        assert (response.status_code, response.data) == (404, unknown.data)
    assert unknown.status_code == 404 and "Không có trang này" in unknown.get_data(as_text=True)


def test_every_response_carries_the_security_headers(client: FlaskClient, site: dict[str, Any]) -> None:
    responses = [
        client.get(site["units"]["SNV"]),
        client.get(site["coordinator"]),
        client.get(site["coordinator"], headers=JSON),
        client.get("/u/x"),
        client.get("/static/style.css"),
        client.post(site["units"]["SNV"], data={}),
    ]
    for response in responses:
        response.close()
        for name, value in SECURITY_HEADERS.items():
            assert response.headers[name] == value
    assert "'unsafe-inline'" not in SECURITY_HEADERS["Content-Security-Policy"]
    assert "<script>" not in responses[0].get_data(as_text=True)  # our script is a file, never inline


def test_oversized_uploads_get_413_and_leave_nothing(tmp_path: Path, form: Form, workbooks: dict[str, Path]) -> None:
    listing = intake.links(form, tmp_path, "http://localhost")
    size = workbooks["valid"].stat().st_size
    page = path_of(listing["units"][0]["url"])
    for limit in (size - 1, size - MULTIPART_ROOM - 1):  # caught by the intake's count, then by Werkzeug's
        client = create_app(form, tmp_path, limit=max(limit, 1)).test_client()
        response = upload(client, page, workbooks["valid"], **JSON)
        assert response.status_code == 413 and "lớn quá" in response.json["error"]
    assert [p for p in tmp_path.rglob("*") if p.suffix in (".xlsx", ".part")] == []
    assert intake.uploads(tmp_path) == []


def test_a_path_in_the_file_name_is_kept_as_data(client: FlaskClient, site: dict[str, Any], workbooks: Any) -> None:
    record = upload(client, site["units"]["SYT"], workbooks["other"], "../../x.xlsx", **JSON).json
    assert record["upload"]["original_name"] == "../../x.xlsx"
    assert Path(record["path"]).parent == site["data"] / "nhan" / "SYT"
    assert not (site["data"].parent / "x.xlsx").exists()


def test_a_zip_bomb_is_an_error_verdict(client: FlaskClient, site: dict[str, Any], workbooks: Any) -> None:
    record = upload(client, site["units"]["UBND_TPLS"], workbooks["bomb"], **JSON).json
    assert record["status"] == "error" and "giải nén lớn bất thường" in record["problems"][0]["message"]


def test_two_units_uploading_at_once_both_land(site: dict[str, Any], workbooks: dict[str, Path]) -> None:
    app: Flask = site["app"]
    codes = {"SNV": workbooks["valid"], "SYT": workbooks["other"]}
    before = {code: len(intake.uploads(site["data"], code)) for code in codes}
    results: dict[str, int] = {}

    def send(code: str) -> None:
        results[code] = upload(app.test_client(), site["units"][code], codes[code], **JSON).status_code

    threads = [threading.Thread(target=send, args=(code,)) for code in codes]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == {"SNV": 200, "SYT": 200}
    assert {code: len(intake.uploads(site["data"], code)) for code in codes} == {c: n + 1 for c, n in before.items()}


def test_a_restart_loses_nothing_and_finishes_what_a_stop_cut_off(
    client: FlaskClient, site: dict[str, Any], form: Form, workbooks: dict[str, Path]
) -> None:
    upload(client, site["units"]["SYT"], workbooks["other"])
    first = client.get(site["coordinator"], headers=JSON).json
    data = site["data"]
    cut_off = data / intake.TEMPORARY_DIR / "0123456789abcdef.part"  # the server stopped while a file came in
    cut_off.parent.mkdir(exist_ok=True)
    cut_off.write_bytes(b"PK\x03\x04 half a workbook")
    checked = intake.uploads(data, "SYT")[0]
    with sqlite3.connect(data / intake.DB_NAME) as db:  # and before another was checked
        db.execute("UPDATE uploads SET status = 'pending', record = NULL, result = NULL WHERE id = ?", (checked.id,))
    again = create_app(form, data).test_client()
    assert not cut_off.exists()
    assert {u.id: u for u in intake.uploads(data)}[checked.id] == checked  # checked again, as before
    assert again.get(site["coordinator"], headers=JSON).json == first
    assert again.get(site["units"]["SYT"], headers=JSON).json["uploads"][0]["status"] == "ok"


def test_cross_site_posts_are_refused(client: FlaskClient, site: dict[str, Any]) -> None:
    url = site["coordinator"] + "/khoa-so"
    assert client.post(url, headers={"Origin": "http://evil.example"}).status_code == 403
    assert client.post(url, headers={"Sec-Fetch-Site": "cross-site"}).status_code == 403
    assert not intake.is_closed(site["data"])
    reopen = {"mo": "1"}
    assert client.post(url, data=reopen, headers={"Origin": "null", "Sec-Fetch-Site": "same-origin"}).status_code == 303
    assert client.post(url, data=reopen, headers={"Origin": "http://localhost"}).status_code == 303


def test_the_coordinator_filters_sorts_reviews_closes_and_consolidates(
    client: FlaskClient, site: dict[str, Any], form: Form, workbooks: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    coordinator = site["coordinator"]
    page = client.get(coordinator, headers=JSON).json
    assert page["total"] == len(form.units) and sum(page["counts"].values()) == len(form.units)
    missing = client.get(coordinator + "?trang_thai=missing", headers=JSON).json["units"]
    assert len(missing) == page["counts"]["missing"] and {r["intake_status"] for r in missing} == {"missing"}
    found = client.get(coordinator + "?tim=so%20noi%20VU", headers=JSON).json["units"]
    assert [r["code"] for r in found] == ["SNV"]  # case and Vietnamese marks aside
    by_name = client.get(coordinator + "?sap_xep=ten&tim=ubnd", headers=JSON).json["units"]
    assert len(by_name) > 2 and [r["name"] for r in by_name] == sorted((r["name"] for r in by_name), key=fold)
    html = client.get(coordinator + "?trang_thai=error").get_data(as_text=True)
    assert "Tổng hợp ngay" in html and "Khóa sổ" in html
    monkeypatch.setattr(web_app, "PAGE_ROWS", 10)  # pages of 10 of the 32 units: the fourth is the last, with 2
    last = client.get(coordinator + "?sap_xep=ma&trang=9").get_data(as_text=True)
    codes = sorted(u.code for u in form.units)
    assert last.count("<tr>\n<td>") == len(codes) - 30 and f"<td>{codes[-1]}</td>" in last
    assert 'href="?sap_xep=ma&amp;trang=1"' in last and "<strong>4</strong>" in last
    assert len(client.get(coordinator + "?trang=4", headers=JSON).json["units"]) == len(codes)  # JSON: every unit

    review = {"unit": "SYT", "comment": "Bổ sung danh sách đoàn vào."}
    assert client.post(coordinator + "/bo-sung", data=review, headers=JSON).json["comment"] == review["comment"]
    assert client.get(site["units"]["SYT"], headers=JSON).json["reviews"][0]["comment"] == review["comment"]
    assert "Bổ sung danh sách đoàn vào." in client.get(site["units"]["SYT"]).get_data(as_text=True)
    upload(client, site["units"]["SYT"], workbooks["other"])  # the unit answers: the mark is closed, kept
    assert [r["open"] for r in client.get(site["units"]["SYT"], headers=JSON).json["reviews"]][:1] == [False]
    assert "Bổ sung danh sách đoàn vào." not in client.get(site["units"]["SYT"]).get_data(as_text=True)
    rows = {r["code"]: r for r in client.get(coordinator, headers=JSON).json["units"]}
    assert rows["SYT"]["needs_more"] is None

    made = client.post(coordinator + "/tong-hop", headers=JSON).json
    assert made["counts"]["accepted"] >= 2
    summary = client.get(coordinator + "/ket-qua/summary")
    assert summary.status_code == 200 and summary.data[:2] == b"PK"
    summary.close()
    assert client.get(coordinator + "/ket-qua/khong-co").status_code == 404

    audit = client.get(coordinator + "/nhat-ky", headers=JSON).json["uploads"]
    assert audit and {"received", "unit", "size", "sha256", "client", "status"} <= set(audit[0])
    csv = client.get(coordinator + "/nhat-ky.csv")
    assert csv.data.startswith(b"\xef\xbb\xbf") and "Thời điểm nhận;Mã đơn vị" in csv.get_data(as_text=True)
    received = client.get(f"{coordinator}/tep/{audit[-1]['id']}")
    assert received.status_code == 200 and received.data[:2] == b"PK"
    received.close()

    assert client.post(coordinator + "/khoa-so", headers=JSON).json == {"closed": True}
    refused = upload(client, site["units"]["SNV"], workbooks["valid"], **JSON)
    assert refused.status_code == 409 and "khóa sổ" in refused.json["error"]
    assert "đã khóa sổ" in client.get(site["units"]["SNV"]).get_data(as_text=True)
    assert client.post(coordinator + "/khoa-so", data={"mo": "1"}, headers=JSON).json == {"closed": False}
