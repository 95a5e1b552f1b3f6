"""Selecting one submission per unit and merging the accepted ones into totals.

Selection: the newest valid file of each unit is accepted (newest by the report date typed in the
workbook, then by the file's modification time); its older valid files are superseded; files with
errors are rejected and never counted, not even in part. A unit whose files were all rejected is
*rejected*; a unit with no file at all is *missing*.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from consolidate import aggregates
from consolidate.check import CheckReport, FileResult
from consolidate.form import Field, Form, Unit
from consolidate.paths import open_path

TIMELINESS_LABELS = {
    "on_time": "Đúng hạn",
    "late": "Chậm hạn",
    "rejected": "Không hợp lệ",
    "missing": "Chưa báo cáo",
    "received": "Đã nhận",  # accepted, but its received time cannot say whether it was on time
}
# Where a received time came from. Only the trusted ones decide on time or late: a file's last save (or the
# first run that saw it, itself bounded by that save) says when it was written, not when it arrived.
# The intake page records the time each upload arrives, with the source "intake".
RECEIVED_SOURCES = {
    "log": "sổ nhận báo cáo",
    "intake": "trang tiếp nhận báo cáo",
    "history": "lần đầu kho lịch sử thấy tệp",
    "file": "thời điểm lưu tệp",
}
TRUSTED_SOURCES = frozenset({"log", "intake"})
UNIT_STATUS_LABELS = {
    "accepted": "Đã báo cáo",
    "rejected": "Báo cáo không hợp lệ",
    "missing": "Chưa báo cáo",
}
FILE_STATUS_LABELS = {
    "accepted": "Được tổng hợp",
    "rejected": "Không hợp lệ",
    "superseded": "Đã có bản mới hơn",
    "skipped": "Bỏ qua",
}


@dataclass(frozen=True)
class Received:
    """When a file arrived, and where that time came from (a key of ``RECEIVED_SOURCES``)."""

    when: dt.datetime
    source: str

    @property
    def trusted(self) -> bool:
        """Whether the time can say a report was on time or late."""
        return self.source in TRUSTED_SOURCES


@dataclass
class FileOutcome:
    """What became of one file found in the inputs."""

    result: FileResult
    status: str  # accepted | rejected | superseded | skipped
    reason: str = ""
    report_date: dt.date | None = None
    modified: dt.datetime | None = None

    def to_dict(self) -> dict[str, Any]:
        """The ``files`` entry of consolidated.json."""
        return {
            "path": str(self.result.path),
            "unit": self.result.unit,
            "status": self.status,
            "reason": self.reason,
            "sha256": self.result.sha256,
            "report_date": self.report_date.isoformat() if self.report_date else None,
            "problems": [p.to_dict() for p in self.result.problems],
            "detail": self.result.detail,
            "relative_path": self.result.relative_path,
        }


@dataclass
class UnitOutcome:
    """A reporting unit and what it sent."""

    unit: Unit
    status: str  # accepted | rejected | missing
    chosen: FileOutcome | None = None  # the accepted file, or the newest rejected one
    files: list[FileOutcome] = field(default_factory=list)

    @property
    def status_label(self) -> str:
        """The status in Vietnamese."""
        return UNIT_STATUS_LABELS[self.status]

    @property
    def reason(self) -> str:
        """Why a rejected unit's report is not counted: the first error of its newest file ("" otherwise)."""
        if self.status != "rejected" or self.chosen is None:
            return ""
        errors = self.chosen.result.errors
        return errors[0].message if errors else self.chosen.reason

    def to_dict(self) -> dict[str, Any]:
        """The ``units`` entry of consolidated.json."""
        return {
            "code": self.unit.code,
            "name": self.unit.name,
            "group": self.unit.group,
            "status": self.status,
            "file": str(self.chosen.result.path) if self.chosen else None,
            "reason": self.reason,
        }


@dataclass
class Comparison:
    """The same period of the previous year, from the history store."""

    label: str
    year: int
    values: dict[str, dict[str, Any]]
    totals: dict[str, Any]


@dataclass
class Consolidation:
    """Everything the outputs are written from."""

    form: Form
    units: list[UnitOutcome]
    files: list[FileOutcome]
    values: dict[str, dict[str, Any]]
    totals: dict[str, Any]
    group_totals: dict[str, dict[str, Any]]
    tables: dict[str, list[dict[str, Any]]]
    narratives: dict[str, list[dict[str, str]]]
    notes: dict[str, dict[str, str]]
    created: dt.datetime
    received: dict[str, dt.datetime] = field(default_factory=dict)  # unit → when its chosen file arrived
    received_source: dict[str, str] = field(default_factory=dict)  # unit → where that time came from
    timeliness: dict[str, str] = field(default_factory=dict)  # unit → on_time | late | received | rejected | missing
    previous: Comparison | None = None

    def by_status(self, status: str) -> list[UnitOutcome]:
        """Units with this status, in the form's order."""
        return [u for u in self.units if u.status == status]

    def timeliness_known(self) -> bool:
        """Whether any unit's received time is trusted enough to say on time or late."""
        return any(self.received_source.get(code) in TRUSTED_SOURCES for code in self.received)

    def groups(self) -> list[tuple[str, list[UnitOutcome]]]:
        """Units by group, groups in order of first appearance in the form."""
        grouped: dict[str, list[UnitOutcome]] = {}
        for outcome in self.units:
            grouped.setdefault(outcome.unit.group, []).append(outcome)
        return list(grouped.items())

    def to_dict(self) -> dict[str, Any]:
        """consolidated.json."""
        period = self.form.period
        return {
            "form_id": self.form.id,
            "form_version": self.form.version,
            "title": self.form.title,
            "created": self.created.isoformat(timespec="seconds"),
            "period": {
                "label": period.label,
                "from": period.start.isoformat(),
                "to": period.end.isoformat(),
                "deadline": period.deadline.isoformat(),
            },
            "counts": {status: len(self.by_status(status)) for status in UNIT_STATUS_LABELS},
            "units": [u.to_dict() for u in self.units],
            "files": [f.to_dict() for f in self.files],
            "values": _jsonable(self.values),
            "totals": _jsonable(self.totals),
            "group_totals": _jsonable(self.group_totals),
            "tables": _jsonable(self.tables),
            "narratives": self.narratives,
            "notes": self.notes,
            "timeliness": {
                code: {
                    "status": status,
                    "received": self.received[code].isoformat(timespec="seconds") if code in self.received else None,
                    "received_source": self.received_source.get(code),
                }
                for code, status in self.timeliness.items()
            },
            "previous": None
            if self.previous is None
            else {"label": self.previous.label, "totals": _jsonable(self.previous.totals)},
        }


def report_date_field(form: Form) -> Field | None:
    """The metadata date a unit types as its report's date."""
    return next((f for f in form.metadata if f.kind == "date"), None)


def select(report: CheckReport, form: Form) -> tuple[list[UnitOutcome], list[FileOutcome]]:
    """Pick one submission per unit; account for every file."""
    date_field = report_date_field(form)
    outcomes: list[FileOutcome] = []
    by_unit: dict[str, list[FileOutcome]] = {}
    for result in report.files:
        outcome = FileOutcome(result=result, status="skipped", reason=result.reason)
        if result.status != "skipped":
            outcome.modified = _modified(result.path)
            value = result.values.get(date_field.code) if date_field else None
            outcome.report_date = value if isinstance(value, dt.date) else None
            if result.status == "error":
                outcome.status = "rejected"
                count = f"Có {len(result.errors)} lỗi"
                outcome.reason = result.reason or f"{count}; chưa được tổng hợp cho đến khi đơn vị sửa và gửi lại."
            else:
                outcome.status = "accepted"
            if result.unit:
                by_unit.setdefault(result.unit, []).append(outcome)
        outcomes.append(outcome)
    units = []
    for unit in form.units:
        files = by_unit.get(unit.code, [])
        units.append(_settle_unit(unit, files))
    return units, outcomes


def _settle_unit(unit: Unit, files: list[FileOutcome]) -> UnitOutcome:
    newest_first = sorted(files, key=_recency, reverse=True)
    valid = [f for f in newest_first if f.status == "accepted"]
    if valid:
        chosen = valid[0]
        for older in valid[1:]:
            older.status = "superseded"
            if older.report_date and older.report_date == chosen.report_date:
                older.reason = (
                    f"Cùng ngày báo cáo {chosen.report_date:%d/%m/%Y} với tệp {chosen.result.path.name}; dùng tệp "
                    "được lưu sau cùng. Hãy kiểm tra với đơn vị bản nào là bản chính thức."
                )
                chosen.reason = f"Cùng ngày báo cáo với {older.result.path.name}; được chọn vì lưu sau cùng."
            else:
                when = f" ngày báo cáo {chosen.report_date:%d/%m/%Y}" if chosen.report_date else ""
                older.reason = f"Đơn vị đã gửi bản mới hơn: {chosen.result.path.name}{when}."
        newer_rejected = [f for f in newest_first[: newest_first.index(chosen)] if f.status == "rejected"]
        if newer_rejected:
            chosen.reason = (
                f"Bản mới hơn {newer_rejected[0].result.path.name} có lỗi nên tạm dùng bản này; "
                "khi đơn vị sửa và gửi lại, bản mới sẽ được dùng."
            )
        return UnitOutcome(unit=unit, status="accepted", chosen=chosen, files=newest_first)
    if newest_first:
        return UnitOutcome(unit=unit, status="rejected", chosen=newest_first[0], files=newest_first)
    return UnitOutcome(unit=unit, status="missing")


def _recency(outcome: FileOutcome) -> tuple[dt.date, dt.datetime, str]:
    return (
        outcome.report_date or dt.date.min,
        outcome.modified or dt.datetime.min,
        str(outcome.result.path),
    )


def _modified(path: Path) -> dt.datetime | None:
    try:
        return dt.datetime.fromtimestamp(os.stat(open_path(path)).st_mtime)
    except OSError:
        return None


def aggregate(item: Field, rows: Iterable[dict[str, Any]]) -> Any:
    """Aggregate one field over units' value rows, by the field's ``aggregate``; None when nothing to add."""
    return aggregates.combine(item.aggregate, list(rows), item.code, item.weight)


def compare(form: Form, values: dict[str, dict[str, Any]], label: str, year: int) -> Comparison:
    """Totals of an earlier period from its per-unit values, by each indicator's aggregate."""
    totals = {f.code: aggregate(f, values.values()) for f in form.indicators}
    return Comparison(label=label, year=year, values=values, totals=totals)


def timeliness(consolidation: Consolidation, received: dict[Path, Received] | None = None) -> None:
    """When each unit's chosen file arrived, and whether that was by the deadline.

    On time or late only from a trusted time (a receipt log, the intake page); a unit known only by its
    file's time is ``received``: the time is kept and shown, never judged.
    """
    deadline = consolidation.form.period.deadline
    for outcome in consolidation.units:
        code = outcome.unit.code
        if outcome.status == "missing" or outcome.chosen is None:
            consolidation.timeliness[code] = "missing"
            continue
        chosen = outcome.chosen
        arrival = (received or {}).get(chosen.result.path)
        if arrival is None and chosen.modified is not None:
            arrival = Received(chosen.modified, "file")
        if arrival is not None:
            consolidation.received[code] = arrival.when
            consolidation.received_source[code] = arrival.source
        if outcome.status == "rejected":
            consolidation.timeliness[code] = "rejected"
        elif arrival is None or not arrival.trusted:
            consolidation.timeliness[code] = "received"
        else:
            consolidation.timeliness[code] = "late" if arrival.when.date() > deadline else "on_time"


def merge(
    report: CheckReport, form: Form, now: dt.datetime | None = None, received: dict[Path, Received] | None = None
) -> Consolidation:
    """Select the submissions and merge the accepted ones."""
    units, files = select(report, form)
    accepted = [u for u in units if u.status == "accepted" and u.chosen is not None]
    values = {u.unit.code: dict(u.chosen.result.values) for u in accepted if u.chosen}
    totals = {f.code: aggregate(f, values.values()) for f in form.indicators}
    group_totals: dict[str, dict[str, Any]] = {}
    for outcome in units:
        group_totals.setdefault(outcome.unit.group, {})
    for group in group_totals:  # every group, with None totals where no unit of it was accepted
        members = [values[u.unit.code] for u in accepted if u.unit.group == group]
        group_totals[group] = {f.code: aggregate(f, members) for f in form.indicators}
    tables: dict[str, list[dict[str, Any]]] = {t.code: [] for t in form.tables}
    narratives: dict[str, list[dict[str, str]]] = {s.code: [] for s in form.input_sections()}
    notes: dict[str, dict[str, str]] = {}
    for outcome in accepted:
        assert outcome.chosen is not None
        result = outcome.chosen.result
        for code, rows in result.tables.items():
            tables.setdefault(code, []).extend({"unit": outcome.unit.code, **row} for row in rows)
        for code, text in result.narratives.items():
            narratives.setdefault(code, []).append({"unit": outcome.unit.code, "text": text})
        if result.notes:
            notes[outcome.unit.code] = dict(result.notes)
    consolidation = Consolidation(
        form=form,
        units=units,
        files=files,
        values=values,
        totals=totals,
        group_totals=group_totals,
        tables=tables,
        narratives=narratives,
        notes=notes,
        created=now or dt.datetime.now().replace(microsecond=0),
    )
    timeliness(consolidation, received)
    return consolidation


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value
