"""The intake's pages: the unit's (``/u/<token>``) and the coordinator's (``/c/<token>``).

Each view resolves the token, makes one call into ``consolidate.intake`` and renders the result: HTML by
default, JSON when the request asks for ``application/json`` (the JSON twin is what the tests assert on).

Cross-site request forgery: the pages use no cookies, so a browser attaches nothing a forged request
could ride on. What authorises a request is the capability token in its path, which a page on another
site cannot know (it is never sent as a referrer: ``Referrer-Policy: no-referrer``, and never cached:
``Cache-Control: no-store``). As a second line, a state-changing request is refused when the browser says
it comes from another site (``Sec-Fetch-Site: cross-site``, or an ``Origin`` that is neither ours nor
``null`` — browsers send ``null`` for our own forms because of the no-referrer policy). Programs sending
neither header (``curl``, scripts) are served: they hold the token.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

from flask import Flask, Response, abort, jsonify, redirect, render_template, request, send_file, url_for
from werkzeug.exceptions import HTTPException

from consolidate import intake
from consolidate.errors import UsageError
from consolidate.form import Form
from consolidate.read import MAX_FILE_BYTES
from consolidate.text import fold, strip_diacritics

MULTIPART_ROOM = 64 * 1024  # the multipart envelope around the file: the request may exceed the file limit by this
SECURITY_HEADERS = {
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
        "frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
    ),
}
SORTS = {
    "ma": ("Mã đơn vị", lambda row: row["code"]),
    "ten": ("Tên đơn vị", lambda row: fold(row["name"])),
    "trang_thai": ("Trạng thái", lambda row: (list(intake.INTAKE_LABELS).index(row["intake_status"]), row["code"])),
    "thoi_diem": ("Thời điểm nhận", lambda row: (row["received"] is None, row["received"] or "", row["code"])),
}
PAGE_ROWS = 500  # units on one page of the coordinator's table (3,321 make 7 pages)
_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_STATUS_CODES = {"closed": 409, "too_large": 413, "kind": 415}


def create_app(form: Form, data: Path, limit: int = MAX_FILE_BYTES) -> Flask:
    """The intake app for one form and period, over the data folder ``data``.

    Args:
        limit: The largest file taken (bytes); the request body is bounded a little above it.
    """
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = limit + MULTIPART_ROOM
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    app.jinja_env.filters["when"] = _when
    app.jinja_env.filters["size"] = _size
    app.jinja_env.filters["day"] = _day
    app.jinja_env.filters["pairs"] = _pairs
    intake.prepare(form, data)

    def unit_of(token: str) -> str:
        found = intake.resolve(data, token)
        if found is None or found[0] != "unit":
            abort(404)
        return found[1]

    def coordinator(token: str) -> None:
        found = intake.resolve(data, token)
        if found is None or found[0] != "coordinator":
            abort(404)

    @app.before_request
    def refuse_cross_site() -> None:
        if request.method in ("GET", "HEAD"):
            return
        origin = request.headers.get("Origin")
        same = request.host_url.rstrip("/")
        if request.headers.get("Sec-Fetch-Site") == "cross-site" or (origin not in (None, "null", same)):
            abort(403)

    @app.after_request
    def secure(response: Response) -> Response:
        response.headers.update(SECURITY_HEADERS)
        return response

    @app.errorhandler(HTTPException)
    def error(exc: HTTPException) -> Any:
        code = exc.code or 500
        message = {
            404: "Không có trang này. Hãy kiểm tra lại đường dẫn trong công văn (chép đủ cả dòng).",
            403: "Yêu cầu đến từ một trang web khác nên bị từ chối.",
            413: f"Tệp lớn quá {limit // 1_000_000} MB, không nhận. Một báo cáo đã điền chỉ dưới 1 MB.",
        }.get(code, exc.description or "Yêu cầu không thực hiện được.")
        if wants_json():
            return jsonify({"error": message, "status": code}), code
        return render_template("message.html", title=f"Lỗi {code}", message=message), code

    @app.get("/u/<token>")
    def unit_page(token: str) -> Any:
        unit = unit_of(token)
        return render_unit(token, unit)

    @app.post("/u/<token>")
    def unit_upload(token: str) -> Any:
        unit = unit_of(token)
        sent = request.files.get("file")
        if sent is None or not sent.filename:
            return render_unit(token, unit, error="Hãy chọn tệp báo cáo để gửi.", code=400)
        try:
            result = intake.receive(
                form, data, unit, sent.stream, sent.filename, request.remote_addr or "", limit=limit
            )
        except intake.IntakeError as exc:
            return render_unit(token, unit, error=str(exc), code=_STATUS_CODES.get(exc.reason, 400))
        if wants_json():
            return jsonify(result)
        return redirect(url_for("unit_page", token=token) + "#ket-qua", code=303)

    @app.get("/u/<token>/bieu-mau")
    def unit_template(token: str) -> Any:
        unit = unit_of(token)
        from consolidate.template import template_filename

        content = intake.template_bytes(form, unit)
        name = template_filename(form, form.unit(unit))
        return send_file(io.BytesIO(content), mimetype=_XLSX, as_attachment=True, download_name=name)

    @app.get("/u/<token>/phan-hoi/<int:upload_id>")
    def unit_feedback(token: str, upload_id: int) -> Any:
        unit = unit_of(token)
        content = intake.feedback_bytes(form, data, upload_id, unit)
        if content is None:
            abort(404)
        return send_file(io.BytesIO(content), mimetype=_XLSX, as_attachment=True, download_name=f"{unit}_phan_hoi.xlsx")

    def render_unit(token: str, unit: str, error: str = "", code: int = 200) -> Any:
        known = form.unit(unit)
        assert known is not None
        sent = intake.uploads(data, unit)
        today = dt.date.today()
        page = {
            "unit": {"code": known.code, "name": known.name},
            "form": {"id": form.id, "title": form.title},
            "period": {
                "label": form.period.label,
                "deadline": form.period.deadline.isoformat(),
                "days_left": (form.period.deadline - today).days,
            },
            "closed": intake.is_closed(data),
            "uploads": [u.to_dict() for u in sent],
            "latest": sent[0].record if sent else None,
            "reviews": intake.reviews(data, unit),
            "error": error,
        }
        if wants_json():
            return jsonify(page), code
        return render_template("unit.html", page=page, token=token, deadline=form.period.deadline), code

    @app.get("/c/<token>")
    def coordinator_page(token: str) -> Any:
        coordinator(token)
        rows = intake.status(form, data)
        counts = dict.fromkeys(intake.INTAKE_LABELS, 0)
        for row in rows:
            counts[row["intake_status"]] += 1
        shown = filtered(rows)
        pages = max(1, -(-len(shown) // PAGE_ROWS))
        number = min(max(1, request.args.get("trang", 1, type=int) or 1), pages)
        if not wants_json():  # the HTML shows one page of rows; the JSON twin all of them
            shown = shown[(number - 1) * PAGE_ROWS : number * PAGE_ROWS]
        files = intake.stored_files(data)
        for row in shown:
            row["upload_id"] = files.get(_relative(row["file"], data) or "") if row["file"] else None
        page = {
            "page": number,
            "pages": pages,
            "form": {"id": form.id, "title": form.title},
            "period": {"label": form.period.label, "deadline": form.period.deadline.isoformat()},
            "closed": intake.is_closed(data),
            "counts": counts,
            "total": len(rows),
            "units": shown,
            "outputs": sorted(intake.outputs(data)),
        }
        if wants_json():
            return jsonify(page)
        return render_template(
            "coordinator.html", page=page, token=token, labels=intake.INTAKE_LABELS, sorts=SORTS, args=request.args
        )

    def filtered(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        wanted = request.args.get("trang_thai", "")
        text = _plain(request.args.get("tim", ""))
        if wanted in intake.INTAKE_LABELS:
            rows = [r for r in rows if r["intake_status"] == wanted]
        if text:
            rows = [r for r in rows if text in _plain(r["name"]) or text in _plain(r["code"])]
        sort = request.args.get("sap_xep", "")
        if sort in SORTS:
            rows = sorted(rows, key=SORTS[sort][1], reverse=request.args.get("giam") == "1")
        return rows

    @app.post("/c/<token>/tong-hop")
    def consolidate_now(token: str) -> Any:
        coordinator(token)
        result = intake.consolidate_now(form, data)
        if wants_json():
            return jsonify(result)
        return redirect(url_for("coordinator_page", token=token) + "#ket-qua", code=303)

    @app.get("/c/<token>/ket-qua/<key>")
    def output(token: str, key: str) -> Any:
        coordinator(token)
        found = intake.outputs(data).get(key)
        if found is None:
            abort(404)
        return send_file(found, as_attachment=True, download_name=found.name)

    @app.get("/c/<token>/tep/<int:upload_id>")
    def received_file(token: str, upload_id: int) -> Any:
        coordinator(token)
        found = intake.upload_file(data, upload_id)
        if found is None:
            abort(404)
        upload, path = found
        name = Path(upload.original_name.replace("\\", "/")).name or path.name
        return send_file(path, as_attachment=True, download_name=name)

    @app.post("/c/<token>/bo-sung")
    def review(token: str) -> Any:
        coordinator(token)
        try:
            made = intake.add_review(form, data, request.form.get("unit", ""), request.form.get("comment", ""))
        except UsageError as exc:
            abort(400, str(exc))
        if wants_json():
            return jsonify(made)
        return redirect(url_for("coordinator_page", token=token), code=303)

    @app.post("/c/<token>/khoa-so")
    def close(token: str) -> Any:
        coordinator(token)
        intake.set_closed(data, request.form.get("mo") != "1")
        if wants_json():
            return jsonify({"closed": intake.is_closed(data)})
        return redirect(url_for("coordinator_page", token=token), code=303)

    @app.get("/c/<token>/nhat-ky")
    def audit(token: str) -> Any:
        coordinator(token)
        sent = intake.uploads(data)
        if wants_json():
            return jsonify({"uploads": [u.to_dict() for u in sent]})
        return render_template("audit.html", uploads=sent, token=token, form=form)

    @app.get("/c/<token>/nhat-ky.csv")
    def audit_csv(token: str) -> Any:
        coordinator(token)
        from consolidate.files import csv_bytes

        content = csv_bytes(intake.audit_rows(data))
        return send_file(
            io.BytesIO(content), mimetype="text/csv", as_attachment=True, download_name=f"nhat_ky_{form.id}.csv"
        )

    return app


def wants_json() -> bool:
    """Whether the request asks for the JSON twin (``Accept: application/json`` preferred to HTML)."""
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json"


def _plain(text: str) -> str:
    """A search key: case and Vietnamese marks aside («so» finds «Sở»)."""
    return strip_diacritics(fold(text))


def _relative(path: str, data: Path) -> str | None:
    """A received file's path relative to the data folder (its files are found under it, as given)."""
    try:
        return Path(path).relative_to(data).as_posix()
    except ValueError:
        return None


def _when(value: Any) -> str:
    """A time as people here write it: 16/06/2022 09:30."""
    if not value:
        return ""
    when = value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(str(value))
    return f"{when:%d/%m/%Y %H:%M}"


def _pairs(args: Any, **changes: Any) -> str:
    """The query string of ``args`` with ``changes`` made (the same filter and sort, another page)."""
    from urllib.parse import urlencode

    return urlencode({**args.to_dict(), **changes})


def _day(value: Any) -> str:
    """A date as people here write it: 17/06/2022."""
    day = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
    return f"{day:%d/%m/%Y}"


def _size(value: int) -> str:
    from consolidate.numbers import format_number

    return f"{format_number(round(value / 1024))} KB" if value >= 1024 else f"{value} byte"
