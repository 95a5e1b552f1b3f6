"""History in and out: the long table (period, unit, field, value) as CSV or Excel, and earlier periods loaded
from such a long table or a previous summary workbook, so this year can be compared with the last. What
``export_long`` writes, ``import_file`` reads back to the same values."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from consolidate.errors import UsageError
from consolidate.files import atomic_path, csv_bytes, write_bytes
from consolidate.form import PERIOD_TYPES, Field, Form, period_bounds
from consolidate.numbers import NumberTextError, parse_number_text
from consolidate.paths import read_csv_text
from consolidate.store import PeriodKey, Store, StoreError, period_key, under_current_codes
from consolidate.summary_names import SUMMARY, SUMMARY_READ, SUMMARY_UNIT_COL, header_label, indicator_label
from consolidate.text import clean_text, fold

HEADER = ["ky_bao_cao", "ma_ky", "ma_don_vi", "ma_chi_tieu", "gia_tri"]
LONG_COLUMNS = HEADER[2:]  # what an import needs; the period comes from --period
LONG_SHEET = "Lịch sử"
FORMULA_STARTS = ("=", "+", "-", "@")  # a CSV cell starting so is a formula to Excel


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
    """Write the long table to ``target`` (.csv or .xlsx); return the number of rows.

    The CSV is the one Excel opens as it is on a Vietnamese Windows: UTF-8 with a byte order mark
    (so Excel reads the diacritics), «;» between columns (the list separator of Vietnamese regional
    settings, where «,» is the decimal mark), numbers with a decimal comma and no thousands grouping,
    dates in ISO form, CRLF line ends written as bytes (never translated again on Windows). The
    .xlsx holds numbers as numbers and text as text whatever the reader's settings.

    Raises:
        StoreError: the store holds no value of this form (an empty file is never written).
        UsageError: the target is neither .csv nor .xlsx.
    """
    suffix = target.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise UsageError(f"Chỉ xuất được ra tệp .csv hoặc .xlsx, không phải «{target.name}».")
    rows = store.long_table(form.id, form)
    if not rows:
        raise StoreError(
            f"Kho lịch sử «{store.path}» chưa có số liệu nào của biểu mẫu «{form.id}»; không ghi tệp. "
            "Hãy chỉ đúng kho bằng --history."
        )
    if suffix == ".csv":
        write_bytes(target, csv_bytes([HEADER, *([*row[:-1], _csv_value(row[-1])] for row in rows)]))
        return len(rows)
    import xlsxwriter

    with atomic_path(target) as tmp:
        workbook = xlsxwriter.Workbook(str(tmp), {"strings_to_formulas": False, "strings_to_numbers": False})
        workbook.set_properties({"title": f"Lịch sử số liệu — {form.title}", "author": form.agency.name})
        ws = workbook.add_worksheet(LONG_SHEET)
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


def _csv_value(value: Any) -> str:
    """A stored value as the CSV writes it: numbers with a decimal comma, in full, never in exponent form.

    A text that Excel would take for a formula (``=…``, ``+…``, ``-…``, ``@…``) is written after an apostrophe,
    so opening the file runs nothing; the import takes the apostrophe off again.
    """
    if isinstance(value, int | float) and not isinstance(value, bool):
        return format(Decimal(repr(value)), "f").replace(".", ",")
    text = "" if value is None else str(value)
    return f"'{text}" if text[:1] in FORMULA_STARTS and text else text


@dataclass(frozen=True)
class Imported:
    """What ``import_file`` loaded: the number of values, and how each number not written plainly was read."""

    count: int
    notes: list[str]


def import_file(store: Store, form: Form, source: Path, period: str) -> Imported:
    """Load one period from a long table (.csv or .xlsx, as ``history export`` writes) or a previous summary.

    The period columns of a long table are not trusted: the values go under ``period``, so a table exported
    from one store can be loaded under another label. A table holding several periods is refused.

    Returns:
        The number of values loaded, and a note for every number read by interpretation (``1.000`` as a
        thousand, ``12.5`` with a decimal point): never a silent guess.

    Raises:
        UsageError: the period or the file cannot be used; the message names the row, the code and the fix.
    """
    key, label = parse_period(period, form)
    suffix = source.suffix.lower()
    notes: list[str] = []
    if suffix == ".csv":
        rows = _long_rows(_csv_grid(source), form, source, notes)
    elif suffix in (".xlsx", ".xlsm", ".xls", ".ods"):
        workbook = _workbook(source)
        if LONG_SHEET in workbook.sheet_names:
            grid = workbook.get_sheet_by_name(LONG_SHEET).to_python(skip_empty_area=False)
            rows = _long_rows(grid, form, source, notes)
        else:
            rows = _from_summary(workbook, source, form)
    else:
        raise UsageError(f"Chỉ nạp được bảng dài (.csv, .xlsx) hoặc bảng tổng hợp (.xlsx), không phải «{source.name}».")
    if not rows:
        raise UsageError(f"Không tìm thấy số liệu nào của biểu mẫu «{form.id}» trong «{source}».")
    store.import_long(form.id, key, label, rows, source.name)
    return Imported(len(rows), notes)


def _csv_grid(source: Path) -> list[list[Any]]:
    """The rows of a CSV in UTF-8 (with or without BOM), separated by «;» or «,» as its header line shows."""
    text = read_csv_text(source, "bảng dài")
    header = text.split("\n", 1)[0]
    delimiter = ";" if header.count(";") > header.count(",") else ","
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def _workbook(source: Path) -> Any:
    import python_calamine

    try:
        return python_calamine.CalamineWorkbook.from_path(str(source))
    except Exception as exc:  # any reader failure: not a workbook we can read (the detail is kept for --debug)
        raise UsageError(
            f"Không đọc được «{source}» như một bảng tính. Hãy mở tệp bằng Excel và lưu lại dạng .xlsx."
        ) from exc


def _long_rows(grid: list[list[Any]], form: Form, source: Path, notes: list[str]) -> list[tuple[str, str, Any]]:
    """(unit, field, value) from a long table whose first row names the columns; every value typed by its field.

    How each number not in the export's own form was read is added to ``notes``.
    """
    if not grid:
        return []
    header = [clean_text(str(v)) for v in grid[0]]
    missing = [name for name in LONG_COLUMNS if name not in header]
    if missing:
        raise UsageError(
            f"«{source.name}», dòng 1: thiếu cột {', '.join(missing)}. Bảng dài cần các cột "
            f"{', '.join(LONG_COLUMNS)} (như tệp do «consolidate history export» ghi)."
        )
    at = {name: header.index(name) for name in header}
    fields = {f.code: f for f in form.fields}
    fields.update({f.previous_code: f for f in form.fields if f.previous_code})  # a table from before a rename
    periods: dict[str, int] = {}
    seen: dict[tuple[str, str], int] = {}
    rows = []
    for number, line in enumerate(grid[1:], start=2):
        cells = {name: (line[i] if i < len(line) else None) for name, i in at.items()}
        if all(v is None or str(v).strip() == "" for v in cells.values()):
            continue
        unit_text, code = (clean_text(str(cells[k] or "")) for k in ("ma_don_vi", "ma_chi_tieu"))
        where = f"«{source.name}», dòng {number}"
        unit = form.unit(unit_text)
        if unit is None:
            raise UsageError(f"{where}: mã đơn vị «{unit_text}» không có trong biểu mẫu «{form.id}». Sửa mã đơn vị.")
        if code not in fields:
            raise UsageError(
                f"{where}: mã chỉ tiêu «{code}» không có trong biểu mẫu «{form.id}». Sửa mã hoặc bỏ dòng này."
            )
        field = fields[code]
        if (unit.code, field.code) in seen:
            raise UsageError(
                f"{where}: đơn vị «{unit.code}», chỉ tiêu «{field.code}» đã có ở dòng {seen[unit.code, field.code]}. "
                "Mỗi đơn vị, mỗi chỉ tiêu chỉ một dòng: bỏ dòng thừa."
            )
        seen[unit.code, field.code] = number
        if "ma_ky" in cells and str(cells["ma_ky"] or "").strip():
            periods.setdefault(clean_text(str(cells["ma_ky"])), number)
        rows.append((unit.code, field.code, _typed(field, cells["gia_tri"], f"{where}, chỉ tiêu «{code}»", notes)))
    if len(periods) > 1:
        raise UsageError(
            f"«{source.name}» có số liệu của {len(periods)} kỳ ({', '.join(periods)}); mỗi lần chỉ nạp một kỳ. "
            "Giữ lại các dòng của một kỳ (cột ma_ky) rồi nạp lại."
        )
    return rows


_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_EXPORTED_NUMBER = re.compile(r"-?\d+(?:,\d+)?", re.ASCII)  # how export_long writes a number: 18500,5


def _typed(field: Field, value: Any, where: str, notes: list[str]) -> Any:
    """A long-table cell as its field's value: numbers read the Vietnamese way, dates as ISO or dd/mm/yyyy."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if field.numeric:
        if isinstance(value, str):
            text = clean_text(value)
            try:
                reading = parse_number_text(text)
            except NumberTextError as exc:
                raise UsageError(f"{where}: {exc}. Ghi một số, ví dụ 1250 hoặc 18500,5.") from exc
            value = reading.value
            if not _EXPORTED_NUMBER.fullmatch(text):
                notes.append(f"{where}: «{text}» được đọc là {_csv_value(value)}: {reading.note}.")
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise UsageError(f"{where}: «{value}» không phải là số. Ghi một số, ví dụ 1250 hoặc 18500,5.")
        return int(value) if float(value).is_integer() else value  # as a submission's whole number is kept
    if field.kind == "date":
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        text = clean_text(str(value))
        match = _DAY_MONTH_YEAR.fullmatch(text)
        try:
            if match:
                return dt.date(int(match[3]), int(match[2]), int(match[1]))
            return dt.datetime.fromisoformat(text).date()
        except ValueError as exc:
            raise UsageError(
                f"{where}: «{text}» không phải là ngày. Ghi ngày dạng 2022-06-16 hoặc 16/06/2022."
            ) from exc
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a code or a number typed in a text field, read back from a workbook
    text = str(value)
    return text[1:] if text[:1] == "'" and text[1:2] in FORMULA_STARTS and text[1:] else text


def _from_summary(workbook: Any, source: Path, form: Form) -> list[tuple[str, str, Any]]:
    """Values of a «Tổng hợp» sheet written by this tool: indicator columns by label, unit rows by name."""
    sheet = next((name for name in SUMMARY_READ if name in workbook.sheet_names), None)
    if sheet is None:
        raise UsageError(
            f"«{source.name}» không phải bảng tổng hợp do consolidate tạo (không có trang «{SUMMARY}») "
            f"cũng không phải bảng dài do «consolidate history export» ghi (không có trang «{LONG_SHEET}»)."
        )
    grid = workbook.get_sheet_by_name(sheet).to_python(skip_empty_area=False, nrows=2000)
    labels = {fold(indicator_label(f.label, f.unit)): f.code for f in form.indicators if f.numeric}

    def label(value: Any) -> str:
        return fold(header_label(clean_text(str(value))))

    header = next((r for r in grid if sum(label(v) in labels for v in r) >= 2), None)
    if header is None:
        raise UsageError(f"«{source.name}»: không nhận ra hàng tên chỉ tiêu trong trang «{sheet}».")
    columns = {col: labels[label(v)] for col, v in enumerate(header) if label(v) in labels}
    names = {fold(u.name): u.code for u in form.units}
    rows = []
    for row in grid:
        unit = names.get(fold(clean_text(str(row[SUMMARY_UNIT_COL])))) if len(row) > SUMMARY_UNIT_COL else None
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
    return under_current_codes(form, store.current_values(latest["key"])), latest["label"]
