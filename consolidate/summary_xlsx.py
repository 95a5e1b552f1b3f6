"""The summary workbook for the leadership meeting, written with xlsxwriter.

Sheets, in order: the meeting's — the totals table (units by group, live subtotal and total formulas
whose cached values equal the merged totals), a chart, the comparison with last year, who reported —
then the working ones: the units' texts, the non-numeric indicators, one sheet per table field,
every file received, every problem found. The totals
table follows the appendix tables of Decree 30/2020: STT I, II for groups and 1, 2 for units, a
row of column numbers (1) (2) … under the header. Every text a reader sees is Vietnamese; every
text that comes from a submission is written as a string, never read as a formula or a link.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.utility import xl_rowcol_to_cell

from consolidate import marks
from consolidate.aggregates import AGGREGATIONS, total_label
from consolidate.form import DISPLAY_DECIMALS, NUMERIC_KINDS, Field, Table
from consolidate.layout import table_sheet_name
from consolidate.merge import (
    FILE_STATUS_LABELS,
    RECEIVED_SOURCES,
    TIMELINESS_LABELS,
    UNIT_STATUS_LABELS,
    Consolidation,
    UnitOutcome,
)
from consolidate.summary_names import (
    CHART,
    COMPARISON,
    FILES,
    FIXED_SHEETS,
    NO,
    NOTE,
    OTHER,
    PROBLEMS,
    SUBMISSIONS,
    SUMMARY,
    SUMMARY_FIRST_INDICATOR_COL,
    SUMMARY_UNIT_COL,
    TEXTS,
    UNIT,
    indicator_header,
    indicator_label,
    reported,
)
from consolidate.text import lower_first, roman

FONT = "Times New Roman"

NUMBER_FORMATS = {kind: "#,##0" + ("." + "0" * n if n else "") for kind, n in DISPLAY_DECIMALS.items()}
# «Tổng hợp» shows a zero as «-», as officials write it; the cell keeps the number 0 for formulas and readers.
DASH_FORMATS = {kind: f'{code};-{code};"-"' for kind, code in NUMBER_FORMATS.items()}
MAX_RANGES = 120  # groups listed range by range in the total's formula (Excel: 255 arguments, 8.192 characters)
SEVERITY_LABELS = {"error": "Lỗi", "warning": "Cảnh báo"}
STATUS_LOOKS = {"accepted": "ok", "rejected": "bad", "missing": "none"}
UNREPORTED = ("unreported", "italic")  # the look of a unit's row without a valid report
FILE_STATUS_LOOKS = {"accepted": "ok", "rejected": "bad", "superseded": "none", "skipped": "none"}

# Text measure (see _measure): one Excel width unit holds about 1.05 average lowercase letters of
# 11 pt Times New Roman; estimates use 1.0 so that Excel's wider screen rendering still fits. A
# wrapped line of 11 pt text needs about 13 pt of row height (13.5 leaves room). Excel caps a row at 409 pt.
LETTERS_PER_UNIT = 1.0
SAMPLE = 240  # characters of a long line measured letter by letter
CAPITAL = 1.45  # width of a capital letter, in letters: the widest there is
TEXT_WIDTH = 100  # width of the «Nội dung» column
PADDING = 1.5  # width units a cell keeps around its text
LINE_PT = 13.5
_NARROW = frozenset(" .,;:!'|()[]-/ilIjtfr\"")
_UPPER = re.compile("[" + "".join(re.escape(chr(c)) for c in range(0x10000) if chr(c).isupper()) + "]")
_DIGITS = re.compile("[0-9]")
_NARROW_SMALL = re.compile("[" + "".join(re.escape(ch) for ch in sorted(_NARROW) if not ch.isupper()) + "]")
MAX_ROW_PT = 409.0
MAX_CELL_CHARS = 32767
UNIT_NAME_WIDTH = 34
LANDSCAPE_FROM_WIDTH = 100  # total column width (units) beyond which a sheet prints landscape

# Printing «Tổng hợp»: a fixed scale, never below 80 % nor below what keeps its 11 pt figures at 9 pt
# on paper; pages split between indicator groups. A4 landscape less the margins of _print_setup.
MARGINS = {"left": 0.5, "right": 0.4, "top": 0.6, "bottom": 0.55, "header": 0.3}  # inches; footer as header
PAGE_MARGINS = {side: MARGINS[side] for side in ("left", "right", "top", "bottom")}
SUMMARY_MARGINS = {**PAGE_MARGINS, "top": 0.9}  # room for its two-line page header
PRINT_WIDTH_PT = (297 / 25.4 - MARGINS["left"] - MARGINS["right"]) * 72
PRINT_HEIGHT_PT = (210 / 25.4 - SUMMARY_MARGINS["top"] - MARGINS["bottom"]) * 72
MIN_PRINT_SCALE = max(80, math.ceil(9 / 11 * 100))  # 82 %: 11 pt figures print at 9 pt or more

_PARTS: dict[str, dict[str, Any]] = {
    "cell": {"border": 1, "text_wrap": True},
    "center": {"align": "center"},
    "bold": {"bold": True},
    "italic": {"italic": True},
    "small": {"font_size": 10},
    "head": {"bold": True, "align": "center", "border": 1, "text_wrap": True, "bg_color": "#DDEBF7"},
    "colnum": {"italic": True, "align": "center", "border": 1, "font_size": 10},
    "top": {"valign": "top"},
    "title": {"bold": True, "font_size": 14, "align": "center", "text_wrap": True},
    "subtitle": {"italic": True, "align": "center", "text_wrap": True},
    "line": {"italic": True},
    "group": {"bold": True, "bg_color": "#F2F2F2"},
    "total": {"bold": True, "bg_color": "#FFF2CC"},
    # A unit without a valid report: a light fill that prints as a grey band in black and white too
    # (the light yellow is the total row's), its name in italics, its status in bold italics.
    "unreported": {"bg_color": "#FCE4D6"},
    "status": {"bold": True, "italic": True},
    "ok": {"bg_color": "#E2EFDA"},
    "bad": {"bg_color": "#F8CBAD"},
    "warn": {"bg_color": "#FFF2CC"},
    "none": {"bg_color": "#E7E6E6"},
    "date": {"num_format": "dd/mm/yyyy", "align": "center"},
    "text": {},
    "choice": {},
    **{kind: {"num_format": code} for kind, code in NUMBER_FORMATS.items()},
    **{f"{kind}-": {"num_format": code} for kind, code in DASH_FORMATS.items()},
}


class _Styles:
    """Cell formats built from named parts, created once each; all in Times New Roman."""

    def __init__(self, workbook: Any) -> None:
        self.workbook = workbook
        self.made: dict[tuple[str, ...], Any] = {}

    def __call__(self, *parts: str) -> Any:
        """The format combining ``parts`` (later parts win)."""
        key = tuple(parts)
        if key not in self.made:
            props: dict[str, Any] = {"font_name": FONT, "font_scheme": "none", "font_size": 11, "valign": "vcenter"}
            for part in parts:
                props.update(_PARTS[part])
            self.made[key] = self.workbook.add_format(props)
        return self.made[key]


@dataclass
class _Column:
    """A column of a plain list sheet."""

    label: str
    kind: str = "text"  # a _PARTS name: text | center | integer | decimal | percent | date
    width: tuple[float, float] = (8, 40)  # narrowest and widest, in Excel width units


@dataclass
class _Row:
    """A row of a plain list sheet; ``look`` styles the whole row, ``marks`` single cells."""

    values: list[Any]
    look: tuple[str, ...] = ()
    marks: dict[int, str] = field(default_factory=dict)
    heading: bool = False  # a group heading: the second cell spans to the last column
    lines: dict[int, int] = field(default_factory=dict)  # lines of text already measured, by column


@dataclass
class _SummaryPlace:
    """Where the totals table put things, for the chart sheet's references."""

    columns: dict[str, int] = field(default_factory=dict)
    group_rows: dict[str, int] = field(default_factory=dict)
    total_row: int = 0


def write_summary(consolidation: Consolidation, path: Path) -> None:
    """Write the summary workbook.

    Args:
        consolidation: The merged submissions.
        path: The .xlsx file to write (the caller renames it into place).
    """
    workbook = xlsxwriter.Workbook(
        str(path),
        {
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
            "default_format_properties": {"font_name": FONT, "font_size": 11, "font_scheme": "none"},
        },
    )
    st = _Styles(workbook)
    form = consolidation.form
    workbook.set_properties(
        {
            "title": _title(consolidation),
            "author": form.agency.name,
            "company": form.agency.parent,
            "created": consolidation.created.astimezone(dt.UTC),  # the consolidation's, written as UTC
        }
    )
    for name, value in marks.output_mark(marks.SUMMARY).items():  # known again if it is put among the submissions
        workbook.set_custom_property(name, value)
    # The meeting's sheets first, the working sheets (texts, lists, files received, problems) after them.
    # Only «Tổng hợp» is active and selected: Excel's and LibreOffice's print dialogs print the selected
    # sheets by default, so the working sheets print only when the whole workbook is asked for. Selecting
    # the chart too would group the sheets, and a value typed in a grouped sheet is typed in all of them.
    place = _summary_sheet(workbook, st, consolidation)
    _chart_sheet(workbook, st, consolidation, place)
    if consolidation.previous is not None:
        _comparison_sheet(workbook, st, consolidation, place)
    _submissions_sheet(workbook, st, consolidation)
    _texts_sheet(workbook, st, consolidation)
    _other_sheet(workbook, st, consolidation)
    taken = {name.casefold() for name in FIXED_SHEETS}
    for table in form.tables:
        _table_sheet(workbook, st, consolidation, table, table_sheet_name(table, taken))
    _files_sheet(workbook, st, consolidation)
    _problems_sheet(workbook, st, consolidation)
    workbook.close()


def _comparison_sheet(workbook: Any, st: _Styles, c: Consolidation, place: _SummaryPlace) -> None:
    """Write «So sánh cùng kỳ»: this period (from Tổng hợp), the same period last year, and the ratio in %."""
    previous = c.previous
    assert previous is not None
    ws = workbook.add_worksheet(COMPARISON)
    widths = [5.5, 60.0, 12.0, 14.0, 16.0, 17.0]
    for col, width in enumerate(widths):
        ws.set_column(col, col, width)
    title = f"So sánh {lower_first(c.form.subject)} với cùng kỳ năm {previous.year}"
    _frame(ws, st, c, title.upper(), _subtitle(c), len(widths) - 1, widths)
    labels = [NO, "Chỉ tiêu", "Đơn vị tính", "Kỳ này", f"Cùng kỳ năm {previous.year}", "So sánh (%)"]
    for col, label in enumerate(labels):
        ws.write_string(3, col, label, st("head", "small"))
        ws.write_string(4, col, f"({col + 1})" if col < 5 else "(6) = (4)/(5) × 100", st("colnum"))
    ws.set_row(4, 15)
    row = 5
    for number, item in enumerate((f for f in c.form.indicators if f.numeric and f.aggregate != "none"), start=1):
        now, before = c.totals.get(item.code), previous.totals.get(item.code)
        ws.write_number(row, 0, number, st("cell", "center"))
        ws.write_string(row, 1, item.label, st("cell"))
        ws.set_row(row, _height(_lines(item.label, widths[1])))
        ws.write_string(row, 2, item.unit or "", st("cell", "center"))
        source = xl_rowcol_to_cell(place.total_row, place.columns[item.code], row_abs=True, col_abs=True)
        ws.write_formula(
            row,
            3,
            f"=IF('{SUMMARY}'!{source}=\"\",\"\",'{SUMMARY}'!{source})",
            st("cell", item.kind),
            "" if now is None else now,
        )
        if before is None:
            ws.write_blank(row, 4, None, st("cell", item.kind))
        else:
            ws.write_number(row, 4, before, st("cell", item.kind))
        this, last = xl_rowcol_to_cell(row, 3), xl_rowcol_to_cell(row, 4)
        ratio = ratio_percent(now, before)
        ws.write_formula(
            row,
            5,
            f'=IF(OR({this}="",{last}="",{last}=0),"",{this}/{last}*100)',
            st("cell", "percent"),
            "" if ratio is None else ratio,
        )
        row += 1
    ws.freeze_panes(5, 2)
    _print_setup(ws, c, first=3, last=4, landscape=False, footer="&CTrang &P/&N")


def ratio_percent(now: Any, before: Any) -> float | None:
    """This period as a percentage of the same period last year (None when either is missing or zero)."""
    if not isinstance(now, int | float) or not isinstance(before, int | float) or before == 0:
        return None
    return now / before * 100


# --- the totals table ----------------------------------------------------------------------------


def _summary_sheet(workbook: Any, st: _Styles, c: Consolidation) -> _SummaryPlace:
    """Write «Tổng hợp»: units by group with subtotal and total formulas."""
    ws = workbook.add_worksheet(SUMMARY)
    numeric = [f for f in c.form.indicators if f.kind in NUMERIC_KINDS]
    last_col = len(numeric) + 2
    widths = _summary_widths(c, numeric)
    for col, width in enumerate(widths):
        ws.set_column(col, col, width)
    title, subtitle = _title(c).upper(), _subtitle(c)
    _frame(ws, st, c, title, subtitle, last_col, widths)
    _summary_header(ws, st, c, numeric, widths, top=3)
    place = _summary_body(ws, st, c, numeric, widths, first_row=6)
    ws.autofilter(4, 0, place.total_row - 1, last_col)
    ws.freeze_panes(6, 2)
    # Printed: the title and subtitle in the page header of every page, not from rows 1-2 (the repeated
    # STT and unit columns would carry a clipped piece of the title to the pages on the right).
    # xlsxwriter keeps the heights given to set_row; every row of the table has one.
    heights = [ws.row_sizes[row][0] for row in range(3, place.total_row + 1)]
    blocks = [*_group_columns(c), (last_col, last_col)]  # the notes are a block of their own
    layout = _print_layout(widths, blocks, heights, header_rows=3)
    _print_setup(ws, c, first=3, last=5, landscape=True, footer="&CTrang &P/&N", scale=layout.scale)
    ws.set_margins(**SUMMARY_MARGINS)
    ws.set_header(_two_line_header(title, subtitle), {"margin": MARGINS["header"]})
    ws.print_area(3, 0, place.total_row, last_col)
    ws.repeat_columns(0, SUMMARY_UNIT_COL)
    ws.set_v_pagebreaks(layout.breaks)
    ws.activate()  # the sheet shown on opening, and the one printed by default (see write_summary)
    return place


def _two_line_header(title: str, subtitle: str) -> str:
    """A page header with the title (bold 14) over the subtitle (italic 11), or the title alone when too long."""
    bold = f'&C&"{FONT},Bold"&14{title.replace("&", "&&")}'
    both = f'{bold}\n&"{FONT},Italic"&11{subtitle.replace("&", "&&")}'
    return both if len(both) <= 255 else bold[:255]


@dataclass
class _PrintLayout:
    """How «Tổng hợp» prints: its scale, the columns that start a new page across, the pages it takes."""

    scale: int
    breaks: list[int]
    across: int
    down: int

    @property
    def pages(self) -> int:
        return self.across * self.down


def _group_columns(c: Consolidation) -> list[tuple[int, int]]:
    """The first and last column of each indicator group of «Tổng hợp»."""
    blocks = []
    col = SUMMARY_FIRST_INDICATOR_COL
    for _heading, members in c.form.indicator_groups():
        count = sum(1 for f in members if f.kind in NUMERIC_KINDS)
        if count:
            blocks.append((col, col + count - 1))
            col += count
    return blocks


def _print_layout(
    widths: list[float],
    blocks: list[tuple[int, int]],
    heights: list[float],
    header_rows: int,
) -> _PrintLayout:
    """The print scale and page breaks of a table whose first two columns repeat on every page.

    The candidates are the scales from 100 % down to MIN_PRINT_SCALE at which the widest block (an
    indicator group) fits a page beside the repeated columns, or MIN_PRINT_SCALE alone when none does
    (the widest block is then split by column). Of these, the one printing the fewest pages wins, the
    largest on a tie.

    Args:
        widths: Column widths, in Excel units.
        blocks: First and last column of each run of columns kept on one page when it fits.
        heights: Heights of the printed rows, in points, the ``header_rows`` repeated on every page first.
        header_rows: How many of ``body``'s first rows repeat on every page.
    """
    points = [_points(w) for w in widths]
    repeated = sum(points[: SUMMARY_UNIT_COL + 1])
    widest = max((sum(points[a : b + 1]) for a, b in blocks), default=0.0)
    scales = [s for s in range(100, MIN_PRINT_SCALE - 1, -1) if repeated + widest <= PRINT_WIDTH_PT * 100 / s]
    best: _PrintLayout | None = None
    for scale in scales or [MIN_PRINT_SCALE]:
        breaks = _page_breaks(points, blocks, PRINT_WIDTH_PT * 100 / scale - repeated)
        down = _pages_down(heights, header_rows, scale)
        layout = _PrintLayout(scale, breaks, len(breaks) + 1, down)
        if best is None or layout.pages < best.pages:
            best = layout
    assert best is not None
    return best


def _page_breaks(points: list[float], blocks: list[tuple[int, int]], room: float) -> list[int]:
    """The columns that begin a new page: whole blocks while they fit in ``room`` points, a wider one by column."""
    breaks: list[int] = []
    used = 0.0
    for first, last in blocks:
        size = sum(points[first : last + 1])
        if used and used + size > room:
            breaks.append(first)
            used = 0.0
        if size <= room:
            used += size
            continue
        for col in range(first, last + 1):
            if used and used + points[col] > room:
                breaks.append(col)
                used = 0.0
            used += points[col]
    return breaks


def _pages_down(heights: list[float], header_rows: int, scale: int) -> int:
    """Pages the rows take from top to bottom, the header rows repeated on each."""
    room = PRINT_HEIGHT_PT * 100 / scale
    header = sum(heights[:header_rows])
    pages, used = 1, header
    for height in heights[header_rows:]:
        if used + height > room:
            pages += 1
            used = header
        used += height
    return pages


def _points(width: float) -> float:
    """A column's printed width in points: Excel draws ``width`` digits of 7 pixels and 5 of padding."""
    pixels = int(width * 12 + 0.5) if width < 1 else int(width * 7 + 0.5) + 5
    return pixels * 0.75


def _summary_widths(c: Consolidation, numeric: list[Field]) -> list[float]:
    """Column widths: STT, unit name, one per numeric indicator, notes."""
    widths: list[float] = [5.5, UNIT_NAME_WIDTH]
    for item in numeric:
        figures = [v.get(item.code) for v in c.values.values()] + [c.totals.get(item.code)]
        longest = max((_measure(_shown(v, item.kind), bold=True) for v in figures if v is not None), default=1)
        word = max(_measure(w, size=10, bold=True) for w in _head(c, item).split())
        widths.append(min(16.0, max(10.5, longest + PADDING, word + PADDING)))
    notes = [_unit_note(c, u) for u in c.units] + [_reported(c.units)]
    widths.append(min(30.0, max(_measure(n, size=10, bold=True) + PADDING for n in notes)))
    return widths


def _summary_header(
    ws: Any, st: _Styles, c: Consolidation, numeric: list[Field], widths: list[float], top: int
) -> None:
    """Group headings, indicator labels with units of measure, column numbers (1) (2) …."""
    last_col = len(numeric) + 2
    head = st("head", "small")
    ws.merge_range(top, 0, top + 1, 0, NO, head)
    ws.merge_range(top, SUMMARY_UNIT_COL, top + 1, SUMMARY_UNIT_COL, UNIT, head)
    ws.merge_range(top, last_col, top + 1, last_col, NOTE, head)
    col = SUMMARY_FIRST_INDICATOR_COL
    group_lines = 1
    for heading, members in c.form.indicator_groups():
        count = sum(1 for f in members if f.kind in NUMERIC_KINDS)
        if count == 0:
            continue
        _span(ws, top, col, col + count - 1, heading, head)
        group_lines = max(group_lines, _lines(heading, sum(widths[col : col + count]), size=10, bold=True))
        col += count
    label_lines = 1
    for col, item in enumerate(numeric, start=SUMMARY_FIRST_INDICATOR_COL):
        ws.write_string(top + 1, col, _head(c, item), head)
        label_lines = max(label_lines, _lines(_head(c, item), widths[col], size=10, bold=True))
    for col in range(last_col + 1):
        ws.write_string(top + 2, col, f"({col + 1})", st("colnum"))
    ws.set_row(top, _height(group_lines, size=10))
    ws.set_row(top + 1, _height(label_lines, size=10))
    ws.set_row(top + 2, 15)


def _summary_body(
    ws: Any, st: _Styles, c: Consolidation, numeric: list[Field], widths: list[float], first_row: int
) -> _SummaryPlace:
    """Group rows with subtotals, unit rows, and the province total row."""
    place = _SummaryPlace(columns={f.code: col for col, f in enumerate(numeric, start=SUMMARY_FIRST_INDICATOR_COL)})
    ranges: list[tuple[int, int]] = []
    row = first_row
    # Excel takes at most 255 arguments: with many groups, SUBTOTAL over one span, which skips the
    # groups' own SUBTOTAL rows, replaces a list of every group's range.
    subtotals = len(c.groups()) > MAX_RANGES
    for number, (group, outcomes) in enumerate(c.groups(), start=1):
        first, last = row + 1, row + len(outcomes)
        for index, outcome in enumerate(outcomes):
            _summary_unit_row(ws, st, c, outcome, numeric, widths, first + index, index + 1)
        totals = c.group_totals.get(group, {})
        # The count goes with the group's name, which is printed on every page, not in the notes.
        label = f"{group} ({_reported(outcomes)})"
        head = (row, roman(number), label, "")
        _summary_total_row(ws, st, head, place, numeric, [(first, last)], totals, "group", subtotals)
        ws.set_row(row, _height(_lines(label, widths[1], bold=True)))
        place.group_rows[group] = row
        ranges.append((first, last))
        row = last + 1
    note = _reported(c.units)
    head = (row, "", _total_label(c), note)
    _summary_total_row(ws, st, head, place, numeric, ranges, c.totals, "total", subtotals)
    ws.set_row(row, _height(_lines(note, widths[-1], 10, True)))
    place.total_row = row
    return place


def _summary_unit_row(
    ws: Any,
    st: _Styles,
    c: Consolidation,
    outcome: UnitOutcome,
    numeric: list[Field],
    widths: list[float],
    row: int,
    number: int,
) -> None:
    """One unit: its figures when accepted; otherwise empty cells on a light fill, its status in the notes."""
    accepted = outcome.status == "accepted"
    look = () if accepted else UNREPORTED
    values = c.values.get(outcome.unit.code, {}) if accepted else {}
    ws.write_number(row, 0, number, st("cell", "center", *look))
    ws.write_string(row, SUMMARY_UNIT_COL, outcome.unit.name, st("cell", *look))
    for col, item in enumerate(numeric, start=SUMMARY_FIRST_INDICATOR_COL):
        _put(ws, row, col, values.get(item.code), st("cell", f"{item.kind}-", *look))
    note = _unit_note(c, outcome)
    _put(ws, row, len(numeric) + 2, note, st("cell", "small", *look, *(() if accepted else ("status",))))
    ws.set_row(row, _height(max(_lines(outcome.unit.name, widths[1]), _lines(note, widths[-1], size=10))))


def _summary_total_row(
    ws: Any,
    st: _Styles,
    head: tuple[int, str, str, str],
    place: _SummaryPlace,
    numeric: list[Field],
    ranges: list[tuple[int, int]],
    totals: dict[str, Any],
    look: str,
    subtotals: bool = False,
) -> None:
    """A subtotal or total row: formulas over the unit rows, cached with the merged totals."""
    row, number, name, note = head
    ws.write_string(row, 0, number, st("cell", "center", look))
    ws.write_string(row, 1, name, st("cell", look))
    for col, item in enumerate(numeric, start=2):
        style = st("cell", f"{item.kind}-", look)
        formula = _aggregate_formula(item, place.columns, ranges, subtotals)
        if formula is None:
            ws.write_blank(row, col, None, style)
            continue
        value = totals.get(item.code)
        ws.write_formula(row, col, formula, style, "" if value is None else value)
    ws.write_string(row, len(numeric) + 2, note, st("cell", "small", look))


def _aggregate_formula(
    item: Field, columns: dict[str, int], ranges: list[tuple[int, int]], subtotals: bool = False
) -> str | None:
    """``=IF(COUNT(C8:C28)=0,"",SUM(C8:C28))``: empty text when the ranges hold no number.

    With ``subtotals``: ``=IF(SUBTOTAL(2,C8:C3361)=0,"",SUBTOTAL(9,C8:C3361))`` over the span of the ranges.
    A weighted average: Σ(value × weight) / Σ(weight of the units that have a value), over unit rows only
    (those whose STT in column A is a number), so that a unit without a value does not count its weight.
    """
    aggregation = AGGREGATIONS[item.aggregate]
    col = columns[item.code]
    if not ranges or aggregation.compute is None:
        return None
    span = f"{xl_rowcol_to_cell(ranges[0][0], col)}:{xl_rowcol_to_cell(ranges[-1][1], col)}"
    if aggregation.weighted:
        if item.weight not in columns:
            return None
        rows = f"{ranges[0][0] + 1}:$A${ranges[-1][1] + 1}"
        weights = f"{xl_rowcol_to_cell(ranges[0][0], columns[item.weight])}:"
        weights += xl_rowcol_to_cell(ranges[-1][1], columns[item.weight])
        base = f'SUMIFS({weights},{span},"<>",$A${rows},">0")'
        return f'=IF({base}=0,"",SUMPRODUCT(--ISNUMBER($A${rows}),{span},{weights})/{base})'
    if subtotals:
        return f'=IF(SUBTOTAL(2,{span})=0,"",SUBTOTAL({aggregation.subtotal},{span}))'
    refs = ",".join(f"{xl_rowcol_to_cell(first, col)}:{xl_rowcol_to_cell(last, col)}" for first, last in ranges)
    return f'=IF(COUNT({refs})=0,"",{aggregation.excel}({refs}))'


def _total_label(c: Consolidation) -> str:
    """The province total row's label: «TỔNG CỘNG» only when some column adds up."""
    return total_label(f.aggregate for f in c.form.indicators if f.numeric)


def _head(c: Consolidation, item: Field) -> str:
    """A totals column's header: its label, and how its total is made when that is not a sum."""
    aggregation = AGGREGATIONS[item.aggregate]
    how = aggregation.header
    if how and aggregation.weighted and item.weight:
        how += " " + lower_first(_field_label(c, item.weight))
    return indicator_header(item.label, item.unit, how)


def _unit_note(c: Consolidation, outcome: UnitOutcome) -> str:
    """The Ghi chú of a unit: why it has no figures, or the notes it typed next to them."""
    if outcome.status != "accepted":
        return outcome.status_label
    notes = c.notes.get(outcome.unit.code, {})
    return "\n".join(f"{_field_label(c, code)}: {text}" for code, text in notes.items())


def _field_label(c: Consolidation, code: str) -> str:
    try:
        return c.form.field(code).label
    except KeyError:
        return code


def _reported(outcomes: Sequence[UnitOutcome]) -> str:
    return reported(sum(1 for u in outcomes if u.status == "accepted"), len(outcomes))


# --- plain list sheets ---------------------------------------------------------------------------


def _submissions_sheet(workbook: Any, st: _Styles, c: Consolidation) -> None:
    """Write «Tình hình nộp báo cáo»: every unit of the form, grouped, with its status.

    «Thời hạn» (on time, late) is there only when some received time is trusted (a receipt log, the intake
    page), and says nothing for a unit whose time is not: a file's save time would call every report
    consolidated after the deadline late. «Nhận lúc» always shows the time, and «Nguồn» where it came from.
    """
    judged = c.timeliness_known()
    columns = [
        _Column(NO, "center", (5.5, 5.5)),
        _Column("Mã", "text", (8, 14)),
        _Column(UNIT, "text", (UNIT_NAME_WIDTH, UNIT_NAME_WIDTH)),
        _Column("Trạng thái", "center", (14, 22)),
        *([_Column("Thời hạn", "center", (11, 14))] if judged else []),
        _Column("Nhận lúc", "text", (16, 16)),
        _Column("Nguồn thời điểm nhận", "text", (14, 22)),
        _Column("Tệp", "text", (20, 44)),
        _Column("Số văn bản", "center", (12, 18)),
        _Column("Ngày báo cáo", "date", (12, 12)),
        _Column("Số cảnh báo", "integer", (9, 9)),
        _Column("Số lỗi", "integer", (8, 8)),
    ]
    rows: list[_Row] = []
    for number, (group, outcomes) in enumerate(c.groups(), start=1):
        rows.append(_Row([roman(number), group], look=("group",), heading=True))
        rows.extend(_submission_row(c, index, u, judged) for index, u in enumerate(outcomes, start=1))
    counts = "; ".join(f"{label}: {len(c.by_status(code))}" for code, label in UNIT_STATUS_LABELS.items())
    footer = f"Tổng số {len(c.units)} đơn vị — {counts}."
    if any(c.timeliness.get(code) == "received" for code in c.received):
        footer += (
            " Thời điểm nhận lấy theo thời điểm lưu tệp hoặc kho lịch sử không đủ căn cứ xét đúng hạn, chậm hạn; "
            "hãy dùng sổ nhận báo cáo (--log) để xét."
        )
    heading = f"TÌNH HÌNH NỘP BÁO CÁO CỦA CÁC ĐƠN VỊ — {c.form.period.label.upper()}"
    _list_sheet(workbook, st, c, SUBMISSIONS, heading, columns, rows, footer=footer)


def _submission_row(c: Consolidation, number: int, outcome: UnitOutcome, judged: bool) -> _Row:
    chosen = outcome.chosen
    code = outcome.unit.code
    timeliness = c.timeliness.get(code, "missing")
    source = c.received_source.get(code)
    values = c.values.get(outcome.unit.code) or (chosen.result.values if chosen else {})
    date = chosen.report_date if chosen and chosen.report_date else values.get("ngay_van_ban")
    problems = chosen.result.problems if chosen else []
    return _Row(
        [
            number,
            outcome.unit.code,
            outcome.unit.name,
            outcome.status_label,
            *([None if timeliness == "received" else TIMELINESS_LABELS[timeliness]] if judged else []),
            f"{c.received[code]:%d/%m/%Y %H:%M}" if code in c.received else None,
            RECEIVED_SOURCES[source].capitalize() if source else None,
            chosen.result.path.name if chosen else None,
            values.get("so_van_ban"),
            date if isinstance(date, dt.date) else None,
            sum(1 for p in problems if p.severity == "warning") if chosen else None,
            sum(1 for p in problems if p.severity == "error") if chosen else None,
        ],
        look=() if outcome.status == "accepted" else UNREPORTED,
        marks={3: STATUS_LOOKS[outcome.status]},
    )


def _files_sheet(workbook: Any, st: _Styles, c: Consolidation) -> None:
    """Write «Tệp đã nhận»: every file found, what became of it and why."""
    columns = [
        _Column(NO, "center", (5.5, 5.5)),
        _Column("Tệp", "text", (30, 72)),
        _Column(UNIT, "text", (20, 30)),
        _Column("Trạng thái", "center", (14, 20)),
        _Column("Lý do", "text", (16, 40)),
        _Column("Số lỗi", "integer", (8, 8)),
        _Column("Số cảnh báo", "integer", (9, 9)),
    ]
    rows = [
        _Row(
            [
                number,
                str(outcome.result.path),
                _unit_name(c, outcome.result.unit),
                FILE_STATUS_LABELS.get(outcome.status, outcome.status),
                outcome.reason or None,
                len(outcome.result.errors),
                len(outcome.result.warnings),
            ],
            marks={3: FILE_STATUS_LOOKS.get(outcome.status, "none")},
        )
        for number, outcome in enumerate(c.files, start=1)
    ]
    if not rows:
        rows = [_Row([None, "Không tìm thấy tệp nào."])]
    counts = "; ".join(
        f"{label}: {sum(1 for f in c.files if f.status == code)}" for code, label in FILE_STATUS_LABELS.items()
    )
    heading = "DANH SÁCH TỆP ĐÃ NHẬN"
    _list_sheet(workbook, st, c, FILES, heading, columns, rows, footer=f"Tổng số {len(c.files)} tệp — {counts}.")


def _texts_sheet(workbook: Any, st: _Styles, c: Consolidation) -> None:
    """Write «Nội dung»: each section's text from each accepted unit, split to printable rows."""
    columns = [
        _Column("Mục", "text", (26, 26)),
        _Column(UNIT, "text", (22, 22)),
        _Column("Nội dung", "text", (TEXT_WIDTH, TEXT_WIDTH)),
    ]
    rows: list[_Row] = []
    for section in c.form.input_sections():
        for entry in c.narratives.get(section.code, []):
            name = _unit_name(c, entry["unit"])
            for index, (piece, lines) in enumerate(_pieces(entry["text"], TEXT_WIDTH)):
                suffix = "" if index == 0 else " (tiếp theo)"
                rows.append(_Row([section.title + suffix, name + suffix, piece], look=("top",), lines={2: lines}))
    if not rows:
        rows = [_Row([None, None, "Chưa có đơn vị nào gửi nội dung hợp lệ."])]
    heading = f"NỘI DUNG BÁO CÁO CỦA CÁC ĐƠN VỊ — {c.form.period.label.upper()}"
    _list_sheet(workbook, st, c, TEXTS, heading, columns, rows)


def _other_sheet(workbook: Any, st: _Styles, c: Consolidation) -> None:
    """Write «Chỉ tiêu khác»: the choice, date and text indicators of each unit."""
    others = [f for f in c.form.indicators if f.kind not in NUMERIC_KINDS]
    columns = [_Column(NO, "center", (5.5, 5.5)), _Column(UNIT, "text", (UNIT_NAME_WIDTH, UNIT_NAME_WIDTH))]
    columns += [_Column(_label(f), f.kind if f.kind == "date" else "text", (14, 40)) for f in others]
    rows: list[_Row] = []
    for number, (group, outcomes) in enumerate(c.groups(), start=1):
        rows.append(_Row([roman(number), group], look=("group",), heading=True))
        for index, outcome in enumerate(outcomes, start=1):
            values = c.values.get(outcome.unit.code, {})
            cells = [values.get(f.code) for f in others] if outcome.status == "accepted" else [None] * len(others)
            look = () if outcome.status == "accepted" else UNREPORTED
            rows.append(_Row([index, outcome.unit.name, *cells], look=look))
    counts = [_choice_counts(c, f) if f.kind == "choice" else None for f in others]
    if any(counts):
        rows.append(_Row([None, "Số đơn vị theo từng lựa chọn", *counts], look=("total",)))
    if not others:
        columns.append(_Column(NOTE, "text", (40, 40)))
        rows = [_Row([None, None, "Biểu mẫu không có chỉ tiêu dạng chữ, ngày hay lựa chọn."])]
    heading = f"CÁC CHỈ TIÊU KHÁC (KHÔNG PHẢI SỐ LIỆU) — {c.form.period.label.upper()}"
    _list_sheet(workbook, st, c, OTHER, heading, columns, rows)


def _choice_counts(c: Consolidation, item: Field) -> str:
    chosen = [v.get(item.code) for v in c.values.values()]
    return "\n".join(f"{choice}: {chosen.count(choice)}" for choice in item.choices)


def _table_sheet(workbook: Any, st: _Styles, c: Consolidation, table: Table, name: str) -> None:
    """Write one table field: every accepted unit's rows, with the unit's name."""
    columns = [_Column(NO, "center", (5.5, 5.5)), _Column(UNIT, "text", (18, 30))]
    columns += [_Column(col.label, _kind_part(col.kind), (10, 32)) for col in table.columns]
    rows = [
        _Row([number, _unit_name(c, entry.get("unit")), *(entry.get(col.code) for col in table.columns)])
        for number, entry in enumerate(c.tables.get(table.code, []), start=1)
    ]
    if not rows:
        rows = [_Row([None, "Không có dòng nào."])]
    heading = f"{table.title.upper()} — {c.form.period.label.upper()}"
    _list_sheet(
        workbook, st, c, name, heading, columns, rows, footer=f"Tổng số {len(c.tables.get(table.code, []))} dòng."
    )


def _problems_sheet(workbook: Any, st: _Styles, c: Consolidation) -> None:
    """Write «Lỗi»: every error and warning of every file, accepted files' warnings too."""
    columns = [
        _Column(NO, "center", (5.5, 5.5)),
        _Column("Tệp", "text", (18, 40)),
        _Column(UNIT, "text", (16, 26)),
        _Column("Mức", "center", (10, 10)),
        _Column("Trang", "text", (9, 14)),
        _Column("Ô", "center", (6, 8)),
        _Column("Giá trị", "text", (10, 18)),
        _Column("Nội dung", "text", (60, 60)),
    ]
    rows: list[_Row] = []
    for outcome in c.files:
        for problem in outcome.result.problems:
            rows.append(
                _Row(
                    [
                        len(rows) + 1,
                        outcome.result.relative_path or outcome.result.path.name,
                        _unit_name(c, problem.unit or outcome.result.unit),
                        SEVERITY_LABELS.get(problem.severity, problem.severity),
                        problem.sheet,
                        problem.cell,
                        _as_text(problem.value),
                        problem.message,
                    ],
                    marks={3: "bad" if problem.severity == "error" else "warn"},
                )
            )
    if not rows:
        rows = [_Row([None, "Không có lỗi hay cảnh báo nào."])]
    heading = "DANH SÁCH LỖI VÀ CẢNH BÁO TRONG CÁC TỆP ĐÃ NHẬN"
    _list_sheet(workbook, st, c, PROBLEMS, heading, columns, rows)


def _list_sheet(
    workbook: Any,
    st: _Styles,
    c: Consolidation,
    name: str,
    heading: str,
    columns: list[_Column],
    rows: list[_Row],
    footer: str = "",
) -> None:
    """A titled list: header row, rows, optional closing line; filter, frozen header, print setup."""
    ws = workbook.add_worksheet(name)
    widths = [
        _fit_width(col, [r.values[i] if i < len(r.values) else None for r in rows if not r.heading])
        for i, col in enumerate(columns)
    ]
    for col, width in enumerate(widths):
        ws.set_column(col, col, width)
    last_col = len(columns) - 1
    _frame(ws, st, c, heading, _subtitle(c), last_col, widths)
    top = 3
    for col, column in enumerate(columns):
        ws.write_string(top, col, column.label, st("head"))
    ws.set_row(top, _height(max(_lines(col.label, w, bold=True) for col, w in zip(columns, widths, strict=True))))
    for offset, row in enumerate(rows, start=1):
        _list_row(ws, st, top + offset, columns, widths, row)
    end = top + len(rows)
    if footer:
        ws.write_string(end + 2, 0, footer, st("line"))
    ws.autofilter(top, 0, end, last_col)
    ws.freeze_panes(top + 1, 0)
    _print_setup(ws, c, first=top, last=top, landscape=sum(widths) > LANDSCAPE_FROM_WIDTH)


def _list_row(ws: Any, st: _Styles, row: int, columns: list[_Column], widths: list[float], line: _Row) -> None:
    """One row of a list sheet, with its height fitted to the longest wrapped text."""
    values = line.values + [None] * (len(columns) - len(line.values))
    if line.heading:
        ws.write_string(row, 0, str(values[0]), st("cell", "center", *line.look))
        _span(ws, row, 1, len(columns) - 1, str(values[1]), st("cell", *line.look))
        ws.set_row(row, _height(1))
        return
    lines = 1
    for col, (column, value) in enumerate(zip(columns, values, strict=True)):
        mark = (line.marks[col],) if col in line.marks else ()
        _put(ws, row, col, value, st("cell", column.kind, *line.look, *mark))
        if col in line.lines:
            lines = max(lines, line.lines[col])
        elif isinstance(value, str):  # figures and dates fit: the column is as wide as the widest of them
            lines = max(lines, _lines(value, widths[col]))
    ws.set_row(row, _height(lines))


# --- the chart -----------------------------------------------------------------------------------


def _chart_sheet(workbook: Any, st: _Styles, c: Consolidation, place: _SummaryPlace) -> None:
    """Write «Biểu đồ»: group totals of the chart indicators, and a column chart of them."""
    ws = workbook.add_worksheet(CHART)
    items = [c.form.field(code) for code in c.form.report.chart if code in place.columns]
    widths = [26.0] + [min(18.0, max(12.0, _measure(_label(f), size=10, bold=True) / 5)) for f in items]
    for col, width in enumerate(widths):
        ws.set_column(col, col, width)
    _frame(ws, st, c, _chart_title(c).upper(), _subtitle(c), max(len(items), 1), widths)
    top = 3
    _chart_table(ws, st, c, place, items, widths, top)
    groups = len(c.groups())
    if items and groups:
        ws.insert_chart(top + groups + 3, 0, _column_chart(workbook, c, items, top, groups))
    ws.freeze_panes(top + 1, 1)
    _print_setup(ws, c, first=top, last=top, landscape=True, pages_high=1)


def _chart_table(
    ws: Any, st: _Styles, c: Consolidation, place: _SummaryPlace, items: list[Field], widths: list[float], top: int
) -> None:
    """The chart's data: one row per unit group and a total row, each cell a reference to «Tổng hợp»."""
    ws.write_string(top, 0, "Nhóm đơn vị", st("head", "small"))
    lines = 1
    for col, item in enumerate(items, start=1):
        ws.write_string(top, col, _label(item), st("head", "small"))
        lines = max(lines, _lines(_label(item), widths[col], size=10, bold=True))
    ws.set_row(top, _height(lines, size=10))
    rows: list[tuple[str, int, dict[str, Any], tuple[str, ...]]] = [
        (group, place.group_rows[group], c.group_totals.get(group, {}), ()) for group, _ in c.groups()
    ]
    rows.append((_total_label(c), place.total_row, c.totals, ("total",)))
    for row, (name, source_row, totals, look) in enumerate(rows, start=top + 1):
        ws.write_string(row, 0, name, st("cell", *look))
        for col, item in enumerate(items, start=1):
            style = st("cell", item.kind, *look)
            if item.aggregate == "none":  # no total to refer to (a reference to a blank would read 0)
                ws.write_blank(row, col, None, style)
                continue
            formula = f"='{SUMMARY}'!{xl_rowcol_to_cell(source_row, place.columns[item.code])}"
            value = totals.get(item.code)
            ws.write_formula(row, col, formula, style, "" if value is None else value)


def _column_chart(workbook: Any, c: Consolidation, items: list[Field], top: int, groups: int) -> Any:
    """A clustered column chart: one series per indicator, unit groups along the axis."""
    chart = workbook.add_chart({"type": "column"})
    font = {"name": FONT, "size": 11}
    for col, _item in enumerate(items, start=1):
        chart.add_series(
            {
                "name": [CHART, top, col],
                "categories": [CHART, top + 1, 0, top + groups, 0],
                "values": [CHART, top + 1, col, top + groups, col],
                "data_labels": {"value": True, "font": {"name": FONT, "size": 9}},
                "gap": 80,
            }
        )
    chart.set_title({"name": _chart_title(c), "name_font": {"name": FONT, "size": 14, "bold": True}})
    chart.set_x_axis({"name": "Nhóm đơn vị", "name_font": font, "num_font": font})
    chart.set_y_axis({"name": "Số lượng", "name_font": font, "num_font": font, "major_gridlines": {"visible": True}})
    chart.set_legend({"position": "bottom", "font": {"name": FONT, "size": 10}})
    chart.set_chartarea({"border": {"none": True}})
    chart.set_size({"width": 1000, "height": 520})
    return chart


def _chart_title(c: Consolidation) -> str:
    return f"Một số chỉ tiêu chính theo nhóm đơn vị — {c.form.period.label}"


# --- shared pieces -------------------------------------------------------------------------------


def _frame(
    ws: Any, st: _Styles, c: Consolidation, title: str, subtitle: str, last_col: int, widths: list[float]
) -> None:
    """Title (bold 14) and subtitle rows across the sheet, and a thin spacer row."""
    total = sum(widths[: last_col + 1])
    _span(ws, 0, 0, last_col, title, st("title"))
    _span(ws, 1, 0, last_col, subtitle, st("subtitle"))
    ws.set_row(0, _height(_lines(title, total, size=14, bold=True), 14))
    ws.set_row(1, _height(_lines(subtitle, total)))
    ws.set_row(2, 6)


def _print_setup(
    ws: Any,
    c: Consolidation,
    first: int,
    last: int,
    landscape: bool,
    footer: str = "",
    pages_high: int = 0,
    scale: int = 0,
) -> None:
    """A4, at ``scale`` % or else fitted to one page wide, header rows repeated, Vietnamese header and page numbers."""
    ws.set_paper(9)
    if landscape:
        ws.set_landscape()
    else:
        ws.set_portrait()
    if scale:
        ws.set_print_scale(scale)
    else:
        ws.fit_to_pages(1, pages_high)
    ws.repeat_rows(first, last)
    ws.set_margins(**PAGE_MARGINS)
    ws.center_horizontally()
    title = _title(c).replace("&", "&&")
    header = f'&C&"{FONT},Bold"{title}'
    ws.set_header(header[:255], {"margin": MARGINS["header"]})
    name = ws.get_name().replace("&", "&&")
    ws.set_footer(footer or f'&L&"{FONT},Italic"{name}&C&"{FONT},Regular"Trang &P/&N', {"margin": MARGINS["header"]})


def _put(ws: Any, row: int, col: int, value: Any, style: Any) -> None:
    """Write one value by its type; text always as a string, never as a formula or link."""
    if value is None or value == "":
        ws.write_blank(row, col, None, style)
    elif isinstance(value, bool):
        ws.write_string(row, col, "Có" if value else "Không", style)
    elif isinstance(value, int | float) and math.isfinite(value):
        ws.write_number(row, col, value, style)
    elif isinstance(value, dt.datetime | dt.date):
        ws.write_datetime(row, col, value, style)
    else:
        ws.write_string(row, col, str(value)[:MAX_CELL_CHARS], style)


def _span(ws: Any, row: int, first_col: int, last_col: int, text: str, style: Any) -> None:
    """Text across columns (merged when there is more than one)."""
    if last_col > first_col:
        ws.merge_range(row, first_col, row, last_col, "", style)
    ws.write_string(row, first_col, text, style)


def _fit_width(column: _Column, values: Iterable[Any]) -> float:
    """A column width from its longest value and the longest word of its label."""
    lo, hi = column.width
    longest = 0.0
    # Longest texts first; a text cannot be wider than its length in capitals, so the search stops early.
    for text in sorted({_shown(v, column.kind) for v in values if v is not None}, key=len, reverse=True):
        if len(text) * CAPITAL / LETTERS_PER_UNIT <= longest:
            break
        longest = max(longest, _measure(text))
    word = max((_measure(w, bold=True) for w in column.label.split()), default=0)
    return max(lo, min(hi, longest + PADDING), word + PADDING)


def _measure(text: str, size: float = 11, bold: bool = False) -> float:
    """Width of the longest line of ``text`` in Excel width units (an estimate for Times New Roman)."""
    return max(_line_units(line, size, bold) for line in text.split("\n"))


def _line_units(line: str, size: float = 11, bold: bool = False) -> float:
    # A long paragraph is measured by its first part: the mix of capitals and narrow letters is the
    # same further on, and the row height it decides is an estimate anyway.
    letters = _letters(line) if len(line) <= SAMPLE else _letters(line[:SAMPLE]) * len(line) / SAMPLE
    return letters / LETTERS_PER_UNIT * size / 11 * (1.1 if bold else 1.0)


@functools.lru_cache(maxsize=1 << 16)
def _letters(line: str) -> float:
    """Capitals count 1.45 letters, digits 1.1, narrow signs 0.6, the rest 1.

    Counted by regex, not character by character in Python: a national run measures millions of
    characters, and names measured again on every sheet come from the cache.
    """
    upper = len(_UPPER.findall(line))
    return len(line) + (CAPITAL - 1) * upper + 0.1 * len(_DIGITS.findall(line)) - 0.4 * len(_NARROW_SMALL.findall(line))


def _lines(text: str, width: float, size: float = 11, bold: bool = False) -> int:
    """How many lines ``text`` takes when wrapped at word boundaries in a column ``width`` units wide."""
    room = max(1.0, width - PADDING)
    # A wrapped line ends before the word that does not fit: count a few letters lost per line.
    wrapped_room = max(1.0, room - min(4.0, room / 4))
    total = 0
    widest = CAPITAL / LETTERS_PER_UNIT * size / 11 * (1.1 if bold else 1.0)  # units of the widest letter
    for part in (text or "").split("\n"):
        if len(part) * widest <= room:
            total += 1  # fits even if every letter were a capital: no need to measure
            continue
        units = _line_units(part, size, bold)
        total += 1 if units <= room else math.ceil(units / wrapped_room)
    return total


def _height(lines: int, size: float = 11) -> float:
    """Row height in points for ``lines`` lines of text, within Excel's limit."""
    return min(MAX_ROW_PT, lines * LINE_PT * size / 11 + 1.5)


def _pieces(text: str, width: float) -> list[tuple[str, int]]:
    """Split a long text at paragraph (then word) boundaries into pieces that fit one row, with their lines."""
    budget = int((MAX_ROW_PT - 1.5) // LINE_PT) - 1
    pieces: list[tuple[str, int]] = []
    current: list[str] = []
    used = 0  # lines of the current piece: _lines of joined paragraphs is the sum of theirs
    for paragraph in _short_paragraphs(text, width, budget):
        lines = _lines(paragraph, width)
        if current and used + lines > budget:
            pieces.append(("\n".join(current), used))
            current, used = [], 0
        current.append(paragraph)
        used += lines
    pieces.append(("\n".join(current), max(used, 1)))
    return pieces


def _short_paragraphs(text: str, width: float, budget: int) -> list[str]:
    """The text's paragraphs, any too long for one row cut at word boundaries."""
    per_piece = int((width - PADDING) * LETTERS_PER_UNIT * budget * 0.85)
    result: list[str] = []
    for paragraph in text.split("\n"):
        while len(paragraph) > per_piece:
            cut = paragraph.rfind(" ", 0, per_piece)
            cut = cut if cut > 0 else per_piece
            result.append(paragraph[:cut])
            paragraph = paragraph[cut:].lstrip()
        result.append(paragraph)
    return result


def _shown(value: Any, kind: str) -> str:
    """Roughly how a value looks in its cell, for measuring."""
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return "00/00/0000"
    if isinstance(value, int | float) and not isinstance(value, bool):
        if kind == "integer":
            return f"{value:,.0f}"
        if kind in ("decimal", "percent"):
            return f"{value:,.1f}"
        return f"{value:,}"
    return str(value)


def _as_text(value: Any) -> str | None:
    """A problem's value as it reads in a message."""
    if value is None:
        return None
    if isinstance(value, dt.datetime | dt.date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _kind_part(kind: str) -> str:
    return kind if kind in _PARTS else "text"


def _label(item: Field) -> str:
    """An indicator's label with its unit of measure: ``Số đoàn ra (đoàn)``."""
    return indicator_label(item.label, item.unit)


def _title(c: Consolidation) -> str:
    return f"Tổng hợp {lower_first(c.form.subject)}"


def _subtitle(c: Consolidation) -> str:
    period = c.form.period
    return (
        f"Số liệu từ {period.start:%d/%m/%Y} đến {period.end:%d/%m/%Y} — tổng hợp ngày {c.created:%d/%m/%Y} — "
        f"{_reported(c.units)}"
    )


def _unit_name(c: Consolidation, code: str | None) -> str:
    if not code:
        return ""
    unit = c.form.unit(code)
    return unit.name if unit else code
