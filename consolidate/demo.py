"""A complete demonstration: templates for every unit, filled in as the units would, checked.

The filled workbooks carry realistic trouble so the checker has something to say: one unit
never answers, one typed a value out of range, one typed numbers as text, two report late.
The demo lives in its own period: its "now" is the first working day after the period's deadline,
and a receipt log says when each file arrived, so the report, the workbook, the reminder and the
files' own times tell the same 2022 story, whatever the computer's clock says. Its history store holds
the same period of the year before (each unit's figures 10–30 % lower), as a coordinator would have
imported last year's summary, so the report and the «So sánh» sheet compare with it.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from consolidate import demo_content
from consolidate.check import CheckReport
from consolidate.files import Outputs, csv_bytes, safe_filename
from consolidate.fill import fill_template
from consolidate.form import Form, Unit, period_bounds
from consolidate.numbers import format_number
from consolidate.remind_docx import new_deadline
from consolidate.run import HISTORY_NAME, RunResult, run
from consolidate.template import template_filename, write_templates
from consolidate.tracking import write_reminder_for

MISSING_UNIT = "UBND_DL"
OUT_OF_RANGE_UNIT = "SNNPTNT"
TEXT_NUMBERS_UNIT = "SKHDT"
LATE_UNITS = ("SXD", "UBND_TD")  # their reports arrive the morning after the deadline
RECEIPT_LOG = "so_nhan_bao_cao.csv"
LAST_YEAR_SOURCE = "so_lieu_cung_ky_nam_truoc"  # the import's source: importing again replaces its values
LAST_YEAR_FACTOR = (0.7, 0.9)  # a unit's figures of the year before, against this year's


@dataclass
class DemoResult:
    """What the demo wrote and what the check found."""

    out_dir: Path
    templates_dir: Path
    submissions_dir: Path
    submissions: list[Path]
    missing: list[Unit]
    troubles: list[str] = field(default_factory=list)
    report: CheckReport | None = None
    run: RunResult | None = None
    received_log: Path | None = None
    reminder: Path | None = None


def demo_time(form: Form) -> dt.datetime:
    """The demo's "now": 14:00 on the first working day after the period's deadline (Monday 20/06/2022)."""
    return dt.datetime.combine(new_deadline(form.period.deadline, 1), dt.time(14, 0))


def receipt_time(form: Form, signed: dt.date, late: bool, now: dt.datetime, rng: random.Random) -> dt.datetime:
    """When a unit's report arrived: office hours of a working day from its signing to the deadline, or, late,
    the morning of ``now``'s day (never after ``now``)."""
    deadline = form.period.deadline
    if late:
        return min(now, dt.datetime.combine(now.date(), dt.time(8)) + dt.timedelta(minutes=rng.randint(0, 180)))
    first = min(signed, deadline)
    days = [first + dt.timedelta(days=n) for n in range((deadline - first).days + 1)]
    day = rng.choice([d for d in days if d.weekday() < 5] or days)
    return min(now, dt.datetime.combine(day, dt.time(7, 30)) + dt.timedelta(minutes=rng.randint(0, 540)))


def build_demo(form: Form, out_dir: Path, seed: int = 2022, now: dt.datetime | None = None) -> DemoResult:
    """Write templates and filled submissions for ``form`` under ``out_dir``, with a receipt log, then consolidate
    them and draft the reminder letter, all as of ``now`` (by default :func:`demo_time`)."""
    now = now or demo_time(form)
    receipts: list[tuple[str, dt.datetime]] = []
    templates_dir = out_dir / "bieu_mau"
    submissions_dir = out_dir / "bao_cao_don_vi"
    write_templates(form, templates_dir)
    outputs = Outputs()
    for old in submissions_dir.glob("*.xlsx"):  # an earlier demo's, removed with the new ones put in place
        outputs.remove(old)
    result = DemoResult(
        out_dir=out_dir, templates_dir=templates_dir, submissions_dir=submissions_dir, submissions=[], missing=[]
    )
    last_year: list[tuple[str, str, Any]] = []
    with outputs:  # every submission, or none (and the earlier ones stay)
        for index, unit in enumerate(form.units):
            if unit.code == MISSING_UNIT:
                result.missing.append(unit)
                result.troubles.append(f"{unit.name} chưa gửi báo cáo.")
                continue
            rng = random.Random(zlib.crc32(f"{seed}:{unit.code}".encode()))
            values, narratives, tables = unit_submission(form, unit, rng)
            last_year += last_year_rows(
                form, unit, values, random.Random(zlib.crc32(f"{seed}:{unit.code}:2021".encode()))
            )
            if unit.code == OUT_OF_RANGE_UNIT:
                # A typo a checker must catch: 12,5% typed without its comma.
                values["ty_le_giai_ngan"] = 125
                result.troubles.append(f"{unit.name} nhập tỷ lệ giải ngân 125% (vượt quá 100%).")
            if unit.code == TEXT_NUMBERS_UNIT:
                # Numbers typed into cells formatted as text, with separators and a unit of measure.
                values["tin_bai"] = f"{values['tin_bai']} tin, bài"
                values["nguoi_tap_huan"] = str(values["nguoi_tap_huan"])
                values["von_du_an"] = format_number(values["von_du_an"], 1)
                result.troubles.append(f"{unit.name} gõ số liệu dạng chữ (có dấu ngăn cách, kèm đơn vị tính).")
            free_text = f"Báo cáo hội nhập quốc tế 6 tháng - {unit.name}"
            name = f"{form.id}_{unit.code}.xlsx" if index % 3 else safe_filename(free_text, ".xlsx")
            path = submissions_dir / name
            written = outputs.add(path)
            fill_template(form, templates_dir / template_filename(form, unit), written, values, narratives, tables)
            late = unit.code in LATE_UNITS
            when = receipt_time(
                form,
                values["ngay_van_ban"].date(),
                late,
                now,
                random.Random(zlib.crc32(f"{seed}:{unit.code}:received".encode())),
            )
            os.utime(written, (when.timestamp(), when.timestamp()))  # saved when received: kept by the rename
            receipts.append((name, when))
            if late:
                result.troubles.append(
                    f"{unit.name} gửi báo cáo sau hạn (nhận lúc {when:%H:%M %d/%m/%Y}, ghi trong sổ nhận báo cáo)."
                )
            result.submissions.append(path)
        result.received_log = out_dir / RECEIPT_LOG
        outputs.add(result.received_log).write_bytes(_receipt_log(receipts))
    tong_hop = out_dir / "tong_hop"
    seed_last_year(form, tong_hop / HISTORY_NAME, last_year, now)
    result.run = run([submissions_dir], form, tong_hop, now=now, received_log=result.received_log)
    result.report = result.run.report
    if result.run.consolidation.by_status("missing") or result.run.consolidation.by_status("rejected"):
        result.reminder = write_reminder_for(form, tong_hop, [], tong_hop / HISTORY_NAME, now)[0]
    return result


def last_year_rows(form: Form, unit: Unit, values: dict[str, Any], rng: random.Random) -> list[tuple[str, str, Any]]:
    """A unit's figures of the same period the year before, as ``(unit, code, value)``: each this year's figure
    times one factor per unit (so rules such as «nguoi_ra >= doan_ra» still hold), rounded as typed."""
    factor = rng.uniform(*LAST_YEAR_FACTOR)
    rows: list[tuple[str, str, Any]] = []
    for item in form.indicators:
        value = values.get(item.code)
        if item.numeric and isinstance(value, int | float):
            rows.append(
                (unit.code, item.code, round(value * factor) if item.kind == "integer" else round(value * factor, 1))
            )
    return rows


def seed_last_year(form: Form, history: Path, rows: list[tuple[str, str, Any]], now: dt.datetime) -> None:
    """Put the year before's figures into the demo's history store, as «consolidate history import» would."""
    from consolidate.store import Store, period_key, previous_year_key

    period = form.period
    _, _, label = period_bounds(period.type, period.year - 1, period.number)
    history.parent.mkdir(parents=True, exist_ok=True)
    with Store.open(history) as store:
        store.import_long(form.id, previous_year_key(period_key(form)), label, rows, LAST_YEAR_SOURCE, when=now)


def _receipt_log(receipts: list[tuple[str, dt.datetime]]) -> bytes:
    """The receipt log as a clerk keeps it (file; time received), UTF-8 with a BOM for Excel."""
    rows = [(name, f"{when:%d/%m/%Y %H:%M}") for name, when in sorted(receipts, key=lambda r: r[1])]
    return csv_bytes([("Tệp", "Thời điểm nhận"), *rows])


def unit_submission(
    form: Form, unit: Unit, rng: random.Random
) -> tuple[dict[str, Any], dict[str, str], dict[str, list[dict[str, Any]]]]:
    """Values, narratives and table rows one unit would type into its template."""
    figures = demo_content.unit_figures(unit.code, unit.group, rng)
    narratives = demo_content.unit_narratives(unit.code, unit.name, unit.group, figures, rng)
    tables = {
        "ds_doan_ra": demo_content.unit_delegations_out(unit.code, figures, rng),
        "ds_doan_vao": demo_content.unit_delegations_in(unit.code, figures, rng),
    }
    head = unit.name.split()[0]
    title = "Chủ tịch" if head == "UBND" else rng.choice(["Giám đốc", "Phó Giám đốc"])
    signed = form.period.end + dt.timedelta(days=rng.randint(0, 3))
    values: dict[str, Any] = {
        "so_van_ban": f"{rng.randint(12, 180)}/BC-{_doc_code(unit)}",
        "ngay_van_ban": dt.datetime.combine(signed, dt.time()),
        "nguoi_ky": rng.choice(
            [
                "Nguyễn Văn Hùng",
                "Hoàng Thị Lan",
                "Lương Văn Quý",
                "Vi Thị Hằng",
                "Nông Đức Thắng",
                "Hà Minh Tuấn",
                "Lăng Văn Bình",
                "Triệu Thị Mai",
            ]
        ),
        "chuc_vu_nguoi_ky": ("Phó " + title.lower() if rng.random() < 0.4 and title == "Chủ tịch" else title),
        "nguoi_lien_he": f"{rng.choice(['Đặng Thu Trang', 'Phạm Quốc Khánh', 'Lộc Văn Sơn'])}, "
        f"0205.38{rng.randint(10000, 99999)}",
    }
    for code, value in figures.items():
        if value is not None and code in {f.code for f in form.indicators}:
            values[code] = dt.datetime.combine(value, dt.time()) if isinstance(value, dt.date) else value
    narratives = {code: text for code, text in narratives.items() if text}
    for rows in tables.values():
        for row in rows:
            for key, value in row.items():
                if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
                    row[key] = dt.datetime.combine(value, dt.time())
    return values, narratives, tables


def _doc_code(unit: Unit) -> str:
    return "UBND" if unit.code.startswith("UBND") else unit.code
