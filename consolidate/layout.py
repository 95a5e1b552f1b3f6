"""Where every input of a form's template sits: the plan shared by the writer and the readers.

Kept apart from the template writer so that reading and checking thousands of returned
workbooks needs no openpyxl (its import alone takes a quarter of a second).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from consolidate.form import Form, Table

SHEET_GUIDE = "Hướng dẫn"
SHEET_INFO = "Thông tin"
SHEET_INDICATORS = "Chỉ tiêu"
SHEET_NARRATIVE = "Nội dung"
SHEET_LISTS = "Danh mục"
STT_LABEL = "STT"

# Property names embedded in every template (custom document properties).
PROP_FORM_ID = "form_id"
PROP_FORM_VERSION = "form_version"
PROP_UNIT_CODE = "unit_code"


@dataclass(frozen=True)
class CellRef:
    """A cell of the generated template, 1-based."""

    sheet: str
    row: int
    col: int

    @property
    def a1(self) -> str:
        """The cell in A1 form, e.g. ``E8``."""
        return f"{column_letter(self.col)}{self.row}"

    @property
    def absolute(self) -> str:
        """``'Sheet'!$E$8``, the target of a defined name."""
        from openpyxl.utils import quote_sheetname

        return f"{quote_sheetname(self.sheet)}!${column_letter(self.col)}${self.row}"


@dataclass(frozen=True)
class TablePlace:
    """Where a table sits: header row, first data row, and its columns left to right."""

    sheet: str
    header_row: int
    first_row: int
    last_row: int
    first_col: int  # first column of the form's columns (the STT column is just before it)
    columns: tuple[str, ...]

    @property
    def first_cell(self) -> CellRef:
        """The first data cell under the header row."""
        return CellRef(self.sheet, self.first_row, self.first_col)

    @property
    def data_range(self) -> str:
        """The absolute data range, target of the table's defined name."""
        from openpyxl.utils import quote_sheetname

        last_col = column_letter(self.first_col + len(self.columns) - 1)
        first_col = column_letter(self.first_col)
        return f"{quote_sheetname(self.sheet)}!${first_col}${self.first_row}:${last_col}${self.last_row}"


@dataclass
class Layout:
    """Positions of every named input, by code."""

    cells: dict[str, CellRef] = field(default_factory=dict)
    tables: dict[str, TablePlace] = field(default_factory=dict)
    table_sheets: dict[str, str] = field(default_factory=dict)


# Row plans shared by the layout and the writer.
INFO_HEADER_ROW = 5
INDICATOR_HEADER_ROW = 5
NARRATIVE_HEADER_ROW = 5
TABLE_HEADER_ROW = 5
CODE_COL = 2  # column B holds the code on the info, indicator and narrative sheets
INFO_VALUE_COL = 4
INDICATOR_VALUE_COL = 5
NARRATIVE_VALUE_COL = 3
CODE_COL_NARRATIVE = 1


def table_sheet_name(table: Table, taken: set[str]) -> str:
    """A valid, unique sheet name (≤ 31 characters, none of ``[]:*?/\\``) for a table."""
    base = "".join(ch for ch in table.title if ch not in "[]:*?/\\")[:31].strip() or table.code[:31]
    name, n = base, 2
    while name.casefold() in taken:
        suffix = f" ({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(name.casefold())
    return name


def plan(form: Form) -> Layout:
    """Compute where every input of the form's template goes."""
    layout = Layout()
    row = INFO_HEADER_ROW + 1
    for code in ("ma_bieu_mau", "phien_ban_bieu_mau", "ky_bao_cao", "ma_don_vi", "ten_don_vi"):
        layout.cells[code] = CellRef(SHEET_INFO, row, INFO_VALUE_COL)
        row += 1
    for meta in form.metadata:
        layout.cells[meta.code] = CellRef(SHEET_INFO, row, INFO_VALUE_COL)
        row += 1
    row = INDICATOR_HEADER_ROW + 2  # header row, then the row of column numbers
    for _group, indicators in form.indicator_groups():
        row += 1  # the group heading row
        for indicator in indicators:
            layout.cells[indicator.code] = CellRef(SHEET_INDICATORS, row, INDICATOR_VALUE_COL)
            row += 1
    row = NARRATIVE_HEADER_ROW + 1
    for section in form.unit_sections():
        if section.takes_input:
            layout.cells[section.code] = CellRef(SHEET_NARRATIVE, row, NARRATIVE_VALUE_COL)
        row += 1
    taken = {s.casefold() for s in (SHEET_GUIDE, SHEET_INFO, SHEET_INDICATORS, SHEET_NARRATIVE, SHEET_LISTS)}
    for table in form.tables:
        sheet = table_sheet_name(table, taken)
        layout.table_sheets[table.code] = sheet
        layout.tables[table.code] = TablePlace(
            sheet=sheet,
            header_row=TABLE_HEADER_ROW,
            first_row=TABLE_HEADER_ROW + 1,
            last_row=TABLE_HEADER_ROW + table.rows,
            first_col=2,
            columns=tuple(c.code for c in table.columns),
        )
    return layout


@functools.lru_cache(maxsize=1024)
def column_letter(index: int) -> str:
    """Excel's column name for a 1-based index: 1 → A, 27 → AA."""
    letters = ""
    while index > 0:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def column_index(letters: str) -> int:
    """The 1-based index of an Excel column name: A → 1, AA → 27."""
    index = 0
    for letter in letters.upper():
        index = index * 26 + ord(letter) - ord("A") + 1
    return index
