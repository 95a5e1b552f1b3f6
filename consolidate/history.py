"""History in and out: the long table (period, unit, field, value) as CSV or Excel, and earlier periods loaded
from a previous summary workbook or a CSV, so this year can be compared with the last."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any

from consolidate.errors import UsageError
from consolidate.files import atomic_path
from consolidate.form import PERIOD_TYPES, Form, period_bounds
from consolidate.numbers import NumberTextError, parse_number_text
from consolidate.store import PeriodKey, Store, period_key
from consolidate.text import clean_text, fold

HEADER = ["ky_bao_cao", "ma_ky", "ma_don_vi", "ma_chi_tieu", "gia_tri"]


def parse_period(text: str, form: Form) -> tuple[PeriodKey, str]:
    """``first_half/2021``, ``quarter/2021/2``, ``month/2021/3``, ``year/2021`` → (key, Vietnamese label).

    Raises:
        UsageError: the text is not a period; the message shows the accepted forms.
    """
    match = re.fullmatch(r"\s*(\w+)/(\d{4})(?:/(\d{1,2}))?\s*", text)
    kind = match[1] if match else ""
    number = int(match[3]) if match and match[3] else None
    limit = {"month": 12, "quarter": 4}.get(kind)
    if match is None or kind not in PERIOD_TYPES or (limit and not (number and 1 <= number <= limit)):
        raise UsageError(
            f"Kỳ «{text}» không hợp lệ. Viết dạng first_half/2021 (6 tháng đầu năm), second_half/2021, "
            "year/2021, quarter/2021/2 hoặc month/2021/3."
        )
    year = int(match[2])
    _, _, label = period_bounds(kind, year, number if limit else None)
    return (form.id, kind, year, (number or 0) if limit else 0), label


def export_long(store: Store, form: Form, target: Path) -> int:
    """Write the long table to ``target`` (.csv or .xlsx); return the number of rows."""
    rows = store.long_table(form.id)
    if target.suffix.lower() == ".csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(HEADER)
        writer.writerows(rows)
        with atomic_path(target) as tmp:
            tmp.write_text(buffer.getvalue(), encoding="utf-8-sig")
        return len(rows)
    if target.suffix.lower() != ".xlsx":
        raise UsageError(f"Chỉ xuất được ra tệp .csv hoặc .xlsx, không phải «{target.name}».")
    import xlsxwriter

    with atomic_path(target) as tmp:
        workbook = xlsxwriter.Workbook(str(tmp), {"strings_to_formulas": False, "strings_to_numbers": False})
        ws = workbook.add_worksheet("Lịch sử")
        bold = workbook.add_format({"bold": True, "font_name": "Times New Roman"})
        for col, label in enumerate(HEADER):
            ws.write_string(0, col, label, bold)
        for row, values in enumerate(rows, start=1):
            for col, value in enumerate(values):
                if isinstance(value, int | float) and not isinstance(value, bool):
                    ws.write_number(row, col, value)
                else:
                    ws.write_string(row, col, "" if value is None else str(value))
        ws.autofilter(0, 0, len(rows), len(HEADER) - 1)
        ws.set_column(0, 0, 24)
        ws.set_column(1, 4, 16)
        workbook.close()
    return len(rows)


def import_file(store: Store, form: Form, source: Path, period: str) -> int:
    """Load an earlier period from a previous summary workbook or a CSV long table; return the values loaded."""
    key, label = parse_period(period, form)
    if source.suffix.lower() == ".csv":
        rows = _from_csv(source, form)
    elif source.suffix.lower() in (".xlsx", ".xlsm", ".xls", ".ods"):
        rows = _from_summary(source, form)
    else:
        raise UsageError(f"Chỉ nạp được tệp .csv hoặc bảng tổng hợp .xlsx, không phải «{source.name}».")
    if not rows:
        raise UsageError(f"Không tìm thấy số liệu nào của biểu mẫu «{form.id}» trong «{source}».")
    store.import_long(form.id, key, label, rows, source.name)
    return len(rows)


def _from_csv(source: Path, form: Form) -> list[tuple[str, str, Any]]:
    try:
        text = source.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"Không đọc được «{source}» (cần tệp CSV mã UTF-8).") from exc
    reader = csv.DictReader(text.splitlines())
    fields = {f.code for f in form.indicators}
    rows = []
    for number, row in enumerate(reader, start=2):
        unit, code, value = (row.get(k, "") or "" for k in ("ma_don_vi", "ma_chi_tieu", "gia_tri"))
        if not unit or code not in fields or form.unit(unit) is None:
            raise UsageError(
                f"«{source.name}», dòng {number}: cần các cột ma_don_vi, ma_chi_tieu, gia_tri với mã đơn vị và mã "
                "chỉ tiêu có trong biểu mẫu."
            )
        rows.append((unit, code, _number(value, source, number)))
    return rows


def _number(text: str, source: Path, number: int) -> Any:
    if not text.strip():
        return None
    try:
        return parse_number_text(text).value
    except NumberTextError as exc:
        raise UsageError(f"«{source.name}», dòng {number}: {exc}.") from exc


def _from_summary(source: Path, form: Form) -> list[tuple[str, str, Any]]:
    """Values of a «Tổng hợp» sheet written by this tool: indicator columns by label, unit rows by name."""
    import python_calamine

    try:
        sheet = python_calamine.CalamineWorkbook.from_path(str(source)).get_sheet_by_name("Tổng hợp")
    except Exception as exc:  # any reader failure means: not one of our summaries
        raise UsageError(
            f"«{source.name}» không phải bảng tổng hợp do consolidate tạo (không có trang «Tổng hợp»)."
        ) from exc
    grid = sheet.to_python(skip_empty_area=False, nrows=2000)
    labels = {fold(f"{f.label} ({f.unit})" if f.unit else f.label): f.code for f in form.indicators if f.numeric}
    header = next((r for r in grid if sum(fold(clean_text(str(v))) in labels for v in r) >= 2), None)
    if header is None:
        raise UsageError(f"«{source.name}»: không nhận ra hàng tên chỉ tiêu trong trang «Tổng hợp».")
    columns = {
        col: labels[fold(clean_text(str(v)))] for col, v in enumerate(header) if fold(clean_text(str(v))) in labels
    }
    names = {fold(u.name): u.code for u in form.units}
    rows = []
    for row in grid:
        unit = names.get(fold(clean_text(str(row[1])))) if len(row) > 1 else None
        if unit is None:
            continue
        for col, code in columns.items():
            value = row[col] if col < len(row) else None
            if isinstance(value, int | float) and not isinstance(value, bool):
                rows.append((unit, code, value))
    return rows


def previous_period(store: Any, form: Form) -> tuple[dict[str, dict[str, Any]], str] | None:
    """The units' values of the latest earlier period of the same kind held in the history, with its label."""
    current = period_key(form)
    earlier = [p for p in store.periods(form.id) if p["key"][1] == current[1] and p["key"][2:] < current[2:]]
    if not earlier:
        return None
    latest = earlier[-1]
    return store.current_values(latest["key"]), latest["label"]
