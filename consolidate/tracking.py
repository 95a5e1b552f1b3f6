"""From files to statuses: who reported, when, and on time.

``settle`` is the one path from the files found to every unit's status; ``run``, ``status`` and
``remind`` all take it, so a unit has the same status in the workbook, the status list and the
reminder. Received times come from a coordinator's log, the intake page, the history, or the files.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import time
from collections.abc import Iterable
from contextlib import nullcontext
from pathlib import Path
from typing import Any

from consolidate.check import CheckReport, Progress, ResultCache, check_paths
from consolidate.errors import UsageError
from consolidate.form import Form
from consolidate.merge import RECEIVED_SOURCES, TIMELINESS_LABELS, TRUSTED_SOURCES, Consolidation, Received, merge
from consolidate.outputs import JSON_NAME, own_outputs
from consolidate.paths import open_path, read_csv_text
from consolidate.unusual import flag_with_history


def settle(
    paths: Iterable[Path],
    form: Form,
    out_dir: Path,
    store: Any = None,
    log: Path | None = None,
    now: dt.datetime | None = None,
    cache: ResultCache | None = None,
    progress: Progress | None = None,
) -> tuple[CheckReport, Consolidation]:
    """Check every file under ``paths`` (the outputs in ``out_dir`` aside), flag unusual values, select, merge.

    Args:
        store: The history store, when there is one: previous values for unusual ones, first-seen times.
        log: A coordinator's log of received times (see :func:`read_log`).
        now: The time of the consolidation (received times are never later).
        cache: Results of files checked before, by content.

    The seconds spent selecting and merging are added to the report's timings as ``merge``.
    """
    now = now or dt.datetime.now().replace(microsecond=0)
    report = check_paths(paths, form, exclude=own_outputs(out_dir), cache=cache, progress=progress)
    started = time.perf_counter()
    flag_with_history(report, form, store)
    consolidation = merge(report, form, now=now, received=received_times(report, store, log, now))
    report.timings["merge"] = time.perf_counter() - started
    return report, consolidation


def received_times(report: CheckReport, store: Any, log: Path | None, now: dt.datetime) -> dict[Path, Received]:
    """When each file arrived and where that time came from: the coordinator's log (``log``), else the time the
    intake page recorded for a file in its ``nhan/`` tree (``intake``), else the first time the history saw its
    content (``history``), else its last save, never later than now (``file``) — the same time the history
    records for a file it has not seen. Only the log's and the intake's times judge lateness."""
    from consolidate.intake import intake_times

    logged = read_log(log) if log else {}
    uploaded = intake_times(r.path for r in report.files)
    received: dict[Path, Received] = {}
    for result in report.files:
        when = logged.get(result.path.name.casefold())
        if when is not None:
            received[result.path] = Received(when, "log")
            continue
        if result.path in uploaded:
            received[result.path] = Received(uploaded[result.path], "intake")
            continue
        saved = _saved(result.path, now) if result.status != "skipped" else None
        seen = store.first_seen(result.sha256) if store is not None and result.sha256 else None
        if seen is not None:  # the file's own time when that is what the history recorded: a rerun says the same
            received[result.path] = Received(seen, "file" if seen == saved else "history")
        elif saved is not None:
            received[result.path] = Received(saved, "file")
    return received


def _saved(path: Path, now: dt.datetime) -> dt.datetime | None:
    """A file's last save, never later than now (to the second, as the history keeps it)."""
    try:
        return min(now, dt.datetime.fromtimestamp(int(open_path(path).stat().st_mtime)))
    except OSError:
        return None


_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d", "%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%Y")


def read_log(path: Path) -> dict[str, dt.datetime]:
    """A coordinator's log of when each file arrived (CSV: file, received), keyed by lower-case file name.

    Raises:
        UsageError: the log cannot be read or a row has no valid time; the message names the row.
    """
    text = read_csv_text(path, "sổ nhận báo cáo")
    dialect = csv.Sniffer().sniff(text.splitlines()[0] if text else ",", delimiters=",;\t")
    received: dict[str, dt.datetime] = {}
    for number, row in enumerate(csv.reader(text.splitlines(), dialect), start=1):
        if len(row) < 2 or not row[0].strip() or (number == 1 and not _time(row[1])):
            continue  # blank rows and the header row
        when = _time(row[1])
        if when is None:
            raise UsageError(
                f"Sổ nhận báo cáo «{path}», dòng {number}: «{row[1]}» không phải thời điểm. "
                "Hãy ghi dạng 16/06/2022 09:30 hoặc 2022-06-16 09:30."
            )
        received[Path(row[0].strip()).name.casefold()] = when
    return received


def _time(text: str) -> dt.datetime | None:
    for fmt in _FORMATS:
        try:
            return dt.datetime.strptime(text.strip(), fmt)
        except ValueError:
            pass
    return None


def status_rows(consolidation: Consolidation) -> list[dict[str, Any]]:
    """One row per unit: status (on time, late, received, rejected, missing), file, received time and its source.

    ``received_trusted`` says whether the time can judge lateness (a log's, the intake page's); an untrusted
    one is shown with where it came from (``received_source_label``) and judges nothing.
    """
    rows: list[dict[str, Any]] = []
    for outcome in consolidation.units:
        code = outcome.unit.code
        status = consolidation.timeliness.get(code, "missing")
        received = consolidation.received.get(code)
        source = consolidation.received_source.get(code)
        rows.append(
            {
                "code": code,
                "name": outcome.unit.name,
                "group": outcome.unit.group,
                "status": status,
                "status_label": TIMELINESS_LABELS[status],
                "file": str(outcome.chosen.result.path) if outcome.chosen else None,
                "received": received.isoformat(timespec="minutes") if received else None,
                "received_source": source,
                "received_source_label": RECEIVED_SOURCES.get(source or ""),
                "received_trusted": source in TRUSTED_SOURCES,
                "reason": outcome.reason,
            }
        )
    return rows


def track(paths: list[Path], form: Form, history: Path, log: Path | None, out_dir: Path) -> list[dict[str, Any]]:
    """Statuses of every unit for the files under ``paths`` (received times from the log or the history)."""
    return status_rows(_settle_reading(paths, form, out_dir, history, log))


def _settle_reading(
    paths: list[Path], form: Form, out_dir: Path, history: Path, log: Path | None, now: dt.datetime | None = None
) -> Consolidation:
    """``settle`` with the history store when there is one, only read (status and remind record nothing)."""
    from consolidate.store import Store

    with Store.open(history, create=False) if history.exists() else nullcontext() as store:
        return settle(paths, form, out_dir, store, log, now)[1]


def _last_run(out_dir: Path, form: Form) -> tuple[list[dict[str, Any]], list[dict[str, Any]]] | None:
    """The units and files as the last run of this form and period wrote them (``consolidated.json``), if any.

    The history keeps accepted submissions only: a unit whose files were all rejected would look as if it
    had sent nothing.
    """
    try:
        data = json.loads((out_dir / JSON_NAME).read_text(encoding="utf-8"))
        if data["form_id"] != form.id or data["period"]["label"] != form.period.label:
            return None
        units, files = list(data["units"]), list(data.get("files") or [])
        return [u for u in units if isinstance(u, dict)], [f for f in files if isinstance(f, dict)]
    except (OSError, ValueError, KeyError, TypeError):
        return None


def rejection_reasons(
    units: Iterable[dict[str, Any]], files: Iterable[dict[str, Any]], form: Form | None = None
) -> dict[str, str]:
    """Why each rejected unit's report was not accepted, in a few words for the letter, by unit code.

    ``units`` and ``files`` are ``consolidated.json``'s entries: the reason comes from the problems of the file
    the unit's status was decided by (its newest rejected file), whether the consolidation was just made or read
    back from the last run.
    """
    from consolidate.remind_docx import rejection_reason

    problems = {str(f.get("path")): f.get("problems") or [] for f in files}
    return {
        str(u.get("code")): rejection_reason(problems.get(str(u.get("file")), []), form)
        for u in units
        if u.get("status") == "rejected"
    }


def write_reminder_for(
    form: Form, out_dir: Path, paths: list[Path], history: Path, now: dt.datetime | None = None
) -> tuple[Path, int]:
    """Draft the reminder letter for units missing or rejected (each with why): from the files given, else from
    the last run's results in ``out_dir``, else from the history. ``now``: when it is drafted (the letter's
    date and new deadline); the clock's time when not given."""
    now = now or dt.datetime.now().replace(microsecond=0)
    from consolidate.files import atomic_path
    from consolidate.remind_docx import write_reminder
    from consolidate.store import Store, period_key

    reasons: dict[str, str] = {}
    if paths:
        consolidation = _settle_reading(paths, form, out_dir, history, None, now)
        missing = [u.unit for u in consolidation.by_status("missing")]
        outcomes = consolidation.by_status("rejected")
        rejected = [u.unit for u in outcomes]
        reasons = rejection_reasons(
            [u.to_dict() for u in outcomes], [u.chosen.to_dict() for u in outcomes if u.chosen], form
        )
    elif (last := _last_run(out_dir, form)) is not None:
        statuses = {str(u.get("code")): str(u.get("status")) for u in last[0]}
        missing = [u for u in form.units if statuses.get(u.code, "missing") == "missing"]
        rejected = [u for u in form.units if statuses.get(u.code) == "rejected"]
        reasons = rejection_reasons(*last, form)
    else:
        if not history.exists():
            raise UsageError(
                "Chưa có kho lịch sử để biết đơn vị nào còn thiếu. Hãy chạy «consolidate run» trước, hoặc chỉ thư "
                "mục báo cáo đã nhận bằng --from."
            )
        with Store.open(history, create=False) as store:
            reported = set(store.current_values(period_key(form)))
        missing = [u for u in form.units if u.code not in reported]
        rejected = []
    if not missing and not rejected:
        raise UsageError("Tất cả đơn vị đã báo cáo hợp lệ; không cần công văn đôn đốc.")
    target = out_dir / "cong_van_don_doc.docx"
    with atomic_path(target) as tmp:
        write_reminder(form, missing, rejected, tmp, now.date(), reasons=reasons, created=now)
    return target, len(missing) + len(rejected)
