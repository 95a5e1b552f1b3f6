"""Who reported, when, and on time: received times from the history, the files, or a coordinator's log."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from consolidate.errors import UsageError
from consolidate.form import Form
from consolidate.merge import TIMELINESS_LABELS, Consolidation

_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d", "%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%Y")


def read_log(path: Path) -> dict[str, dt.datetime]:
    """A coordinator's log of when each file arrived (CSV: file, received), keyed by lower-case file name.

    Raises:
        UsageError: the log cannot be read or a row has no valid time; the message names the row.
    """
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"Không đọc được sổ nhận báo cáo «{path}» (cần tệp CSV mã UTF-8).") from exc
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


def status_rows(consolidation: Consolidation) -> list[dict[str, str | None]]:
    """One row per unit: status (on time, late, rejected, missing), file and received time."""
    rows = []
    for outcome in consolidation.units:
        code = outcome.unit.code
        status = consolidation.timeliness.get(code, "missing")
        received = consolidation.received.get(code)
        rows.append(
            {
                "code": code,
                "name": outcome.unit.name,
                "group": outcome.unit.group,
                "status": status,
                "status_label": TIMELINESS_LABELS[status],
                "file": str(outcome.chosen.result.path) if outcome.chosen else None,
                "received": received.isoformat(timespec="minutes") if received else None,
            }
        )
    return rows


def track(paths: list[Path], form: Form, history: Path, log: Path | None) -> list[dict[str, str | None]]:
    """Statuses of every unit for the files under ``paths`` (received times from the log or the history)."""
    from consolidate.check import check_paths
    from consolidate.merge import merge
    from consolidate.run import received_times
    from consolidate.store import Store

    now = dt.datetime.now().replace(microsecond=0)
    report = check_paths(paths, form)
    store = Store.open(history) if history.exists() else None
    try:
        consolidation = merge(report, form, now=now, received=received_times(report, store, log, now))
    finally:
        if store is not None:
            store.close()
    return status_rows(consolidation)


def write_reminder_for(form: Form, out_dir: Path, paths: list[Path], history: Path) -> tuple[Path, int]:
    """Draft the reminder letter for units missing or rejected: from the files given, else from the history."""
    from consolidate.files import atomic_path
    from consolidate.remind_docx import write_reminder
    from consolidate.store import Store, period_key

    if paths:
        from consolidate.check import check_paths
        from consolidate.merge import merge

        consolidation = merge(check_paths(paths, form), form)
        missing = [u.unit for u in consolidation.by_status("missing")]
        rejected = [u.unit for u in consolidation.by_status("rejected")]
    else:
        if not history.exists():
            raise UsageError(
                "Chưa có kho lịch sử để biết đơn vị nào còn thiếu. Hãy chạy «consolidate run» trước, hoặc chỉ thư "
                "mục báo cáo đã nhận bằng --from."
            )
        with Store.open(history) as store:
            reported = set(store.current_values(period_key(form)))
        missing = [u for u in form.units if u.code not in reported]
        rejected = []
    if not missing and not rejected:
        raise UsageError("Tất cả đơn vị đã báo cáo hợp lệ; không cần công văn đôn đốc.")
    target = out_dir / "cong_van_don_doc.docx"
    with atomic_path(target) as tmp:
        write_reminder(form, missing, rejected, tmp, dt.date.today())
    return target, len(missing) + len(rejected)
