"""The form workbook written from a definition's raw structure; YAML read and written alongside."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from consolidate.errors import FormError, os_reason
from consolidate.formbook.layout import (
    CHOICES,
    FIELD_COLUMNS,
    GENERAL,
    GUIDE,
    GUIDE_TEXT,
    INDICATORS,
    METADATA,
    NAMED,
    NO,
    RULES,
    SECTION_COLUMNS,
    SECTIONS,
    SETTINGS,
    SHEETS,
    TABLE_COLUMNS,
    TABLES,
    UNITS,
    YES,
    Column,
)

# --- the raw structure from a YAML file ------------------------------------------------------------


def load_yaml_definition(path: Path) -> dict[str, Any]:
    """The raw structure of a YAML definition, with ``units_file`` resolved into the ``units`` list."""
    data = _read_yaml(path)
    if not isinstance(data, dict):
        raise FormError(f"{path}: tệp không phải một định nghĩa biểu mẫu (cần các khóa id, title, indicators…).")
    if "units_file" in data and "units" not in data:
        units_path = path.parent / str(data["units_file"])
        loaded = _read_yaml(units_path)
        units = loaded.get("units") if isinstance(loaded, dict) else loaded
        data = {
            ("units" if key == "units_file" else key): (units if key == "units_file" else value)
            for key, value in data.items()
        }
    return data


def _read_yaml(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise FormError(f"Không đọc được tệp «{path}» ({os_reason(exc)}).") from exc
    except (yaml.YAMLError, ValueError, UnicodeDecodeError) as exc:
        raise FormError(f"{path}: không đọc được YAML ({exc}). Chạy «consolidate form check» để xem chi tiết.") from exc


def dump_yaml(data: dict[str, Any]) -> str:
    """YAML text of a definition, keys in their order, each unit on one line."""
    parts = []
    for key, value in data.items():
        flow = None if key == "units" else False
        parts.append(
            yaml.safe_dump({key: value}, allow_unicode=True, sort_keys=False, default_flow_style=flow, width=1000)
        )
    return "".join(parts)


# --- writing -----------------------------------------------------------------------------------------


def write_form_workbook(data: dict[str, Any], target: Path) -> None:
    """Write the form-definition workbook of the raw structure ``data`` (units inline) to ``target`` (.xlsx)."""
    import openpyxl

    from consolidate.files import atomic_path

    wb = openpyxl.Workbook()
    guide = wb.active
    guide.title = GUIDE
    _write_guide(guide)
    choice_rows: list[list[Any]] = []
    _write_sheet(wb, GENERAL, _general_rows(data))
    _write_sheet(wb, INDICATORS, [_field_row(f, f.get("code"), choice_rows) for f in data.get("indicators") or []])
    if "metadata" in data:
        _write_sheet(wb, METADATA, [_field_row(f, f.get("code"), choice_rows) for f in data.get("metadata") or []])
    _write_sheet(wb, SECTIONS, [_section_row(s, level) for s, level in _walk_sections(data.get("sections") or [], 1)])
    tables = data.get("tables") or []
    _write_sheet(wb, TABLES, [[t.get("code"), t.get("title"), t.get("rows")] for t in tables])
    _write_sheet(
        wb,
        TABLE_COLUMNS,
        [
            [t.get("code"), *_field_row(c, f"{t.get('code')}.{c.get('code')}", choice_rows)]
            for t in tables
            for c in t.get("columns") or []
        ],
    )
    _write_sheet(wb, CHOICES, choice_rows)
    _write_sheet(wb, UNITS, [[u.get("code"), u.get("name"), u.get("group")] for u in data.get("units") or []])
    rule_rows = [[None, r.get("expression"), r.get("message")] for r in data.get("rules") or []]
    rule_rows += [[t.get("code"), r.get("expression"), r.get("message")] for t in tables for r in t.get("rules") or []]
    _write_sheet(wb, RULES, rule_rows)
    with atomic_path(target) as tmp:
        wb.save(tmp)


def _walk_sections(sections: list[Any], level: int) -> Iterator[tuple[dict[str, Any], int]]:
    for section in sections:
        yield section, level
        yield from _walk_sections(section.get("children") or [], level + 1)


def _general_rows(data: dict[str, Any]) -> list[list[Any]]:
    rows = []
    for key, label, hint, kind in SETTINGS:
        value: Any = data
        for part in key.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        if kind == "lines" and isinstance(value, list):
            value = "\n".join(str(v) for v in value)
        elif kind == "list" and isinstance(value, list):
            value = ", ".join(str(v) for v in value)
        elif kind in NAMED:
            value = NAMED[kind].get(value, value)
        rows.append([label, value, hint])
    return rows


def _field_row(field: dict[str, Any], list_name: Any, choice_rows: list[list[Any]]) -> list[Any]:
    row = []
    for column in FIELD_COLUMNS:
        value = field.get(column.key)
        if column.key == "choices" and isinstance(value, list):
            choice_rows.extend([list_name, choice] for choice in value)
            value = list_name
        row.append(_shown(column, value))
    return row


def _section_row(section: dict[str, Any], level: int) -> list[Any]:
    values = {**section, "level": level}
    return [_shown(column, values.get(column.key)) for column in SECTION_COLUMNS]


def _shown(column: Column, value: Any) -> Any:
    if value is None:
        return None
    if column.kind == "yes_no" and isinstance(value, bool):
        return YES if value else NO
    if column.kind in NAMED:
        return NAMED[column.kind].get(value, value)
    if column.kind == "list" and isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return value


def _write_guide(ws: Any) -> None:
    from openpyxl.styles import Alignment, Font

    ws["A1"] = "HƯỚNG DẪN SỬA ĐỊNH NGHĨA BIỂU MẪU"
    ws["A1"].font = Font(bold=True, size=13)
    row = 3
    for line in GUIDE_TEXT:
        ws.cell(row=row, column=1, value=line).alignment = Alignment(wrap_text=True, vertical="top")
        row += 1
    for sheet, columns in SHEETS.items():
        row += 1
        ws.cell(row=row, column=1, value=f"Trang «{sheet}»").font = Font(bold=True)
        for column in columns:
            row += 1
            ws.cell(row=row, column=1, value=f"  {column.header}: {column.hint}").alignment = Alignment(wrap_text=True)
    ws.column_dimensions["A"].width = 110
    _printable(ws, landscape=False)


def _write_sheet(wb: Any, name: str, rows: list[list[Any]]) -> None:
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    ws = wb.create_sheet(name)
    columns = SHEETS[name]
    fill = PatternFill("solid", fgColor="DDEBF7")
    for index, column in enumerate(columns, start=1):
        cell = ws.cell(row=1, column=index, value=column.header)
        cell.font = Font(bold=True)
        cell.fill = fill
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        cell.comment = Comment(column.hint, "consolidate", width=260, height=90)
        ws.column_dimensions[get_column_letter(index)].width = column.width
    for r, values in enumerate(rows, start=2):
        lines = 1
        for c, value in enumerate(values, start=1):
            cell = ws.cell(row=r, column=c, value=value)
            cell.alignment = Alignment(wrap_text=True, vertical="top", horizontal="left")
            if isinstance(value, dt.date):
                cell.number_format = "DD/MM/YYYY"
            elif isinstance(value, str):
                cell.number_format = "@"  # «1», «2022.1» stay text
                lines = max(lines, _lines(value, columns[c - 1].width))
        if lines > 1:  # neither openpyxl nor a PDF export sizes wrapped rows: give them their height
            ws.row_dimensions[r].height = 15 * lines
    last = max(len(rows) + 1, 200)
    lists = {"yes_no": [YES, NO], **{kind: list(names.values()) for kind, names in NAMED.items()}}
    for index, column in enumerate(columns, start=1):
        if column.kind in lists:
            _drop_down(ws, lists[column.kind], f"{get_column_letter(index)}2:{get_column_letter(index)}{last}")
    if name == GENERAL:
        for r, (_, _, _, kind) in enumerate(SETTINGS, start=2):
            if kind in lists:
                _drop_down(ws, lists[kind], f"B{r}")
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(len(rows) + 1, 2)}" if name != GENERAL else None
    _printable(ws, landscape=len(columns) > 4)


def _lines(text: str, width: int) -> int:
    """Lines a wrapped text takes in a column ``width`` characters wide."""
    return sum(max(1, -(-len(line) // max(width - 2, 1))) for line in text.split("\n"))


def _drop_down(ws: Any, options: list[str], ref: str) -> None:
    from openpyxl.worksheet.datavalidation import DataValidation

    validation = DataValidation(type="list", formula1='"' + ",".join(options) + '"', allow_blank=True)
    validation.error = "Hãy chọn một giá trị trong danh sách."
    validation.errorTitle = "Giá trị không có trong danh sách"
    validation.showErrorMessage = True
    ws.add_data_validation(validation)
    validation.add(ref)


def _printable(ws: Any, landscape: bool) -> None:
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:1" if ws.title != GUIDE else None
