"""Filling a generated template through its defined names, as a unit would by hand.

Used by the demo and by the tests; it writes a new file and never touches the template.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.utils.cell import range_boundaries

from consolidate.form import Form
from consolidate.template import save_workbook


def fill_template(
    form: Form,
    template: Path,
    out: Path,
    values: dict[str, Any],
    narratives: dict[str, str] | None = None,
    tables: dict[str, list[dict[str, Any]]] | None = None,
) -> None:
    """Fill a generated template through its defined names, as a unit would by hand.

    Args:
        form: The form the template was generated from (for the order of table columns).
        template: The template to start from (never modified).
        out: Where to save the filled copy.
        values: Metadata and indicator values by code.
        narratives: Section texts by code.
        tables: Table rows by table code; rows past the prepared ones go right below them.
    """
    wb = openpyxl.load_workbook(template)
    for code, value in {**values, **(narratives or {})}.items():
        sheet, row, col, _, _ = _destination(wb, code)
        cell = wb[sheet].cell(row=row, column=col, value=value)
        if isinstance(value, str) and cell.number_format == "@":
            cell.data_type = "s"  # typed into a text cell: "=…" stays text, as in Excel
    for code, rows in (tables or {}).items():
        sheet, first_row, first_col, _, _ = _destination(wb, code)
        columns = [c.code for c in next(t for t in form.tables if t.code == code).columns]
        ws = wb[sheet]
        for offset, row_values in enumerate(rows):
            for index, column in enumerate(columns):
                if column in row_values:
                    ws.cell(row=first_row + offset, column=first_col + index, value=row_values[column])
    save_workbook(wb, out)


def _destination(wb: Any, code: str) -> tuple[str, int, int, int, int]:
    ((sheet, ref),) = list(wb.defined_names[code].destinations)
    min_col, min_row, max_col, max_row = range_boundaries(ref.replace("$", ""))
    return sheet, min_row, min_col, max_row, max_col
