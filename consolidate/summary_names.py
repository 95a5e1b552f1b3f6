"""The summary workbook's names: sheet names, column headers, how an indicator's column is headed.

The writer (summary_xlsx) writes these names and ``history import`` reads them back, from workbooks
of this version and of earlier ones: a header renamed here is renamed for both, and the names an
earlier version wrote stay listed below so that its workbooks still import.
"""

from __future__ import annotations

# Sheets
SUMMARY = "Tổng hợp"
SUBMISSIONS = "Tình hình nộp báo cáo"
FILES = "Tệp đã nhận"
TEXTS = "Nội dung"
OTHER = "Chỉ tiêu khác"
PROBLEMS = "Lỗi"
CHART = "Biểu đồ"
COMPARISON = "So sánh cùng kỳ"
FIXED_SHEETS = (SUMMARY, SUBMISSIONS, FILES, TEXTS, OTHER, PROBLEMS, CHART, COMPARISON)

# Column headers shared by several sheets
NO = "STT"
UNIT = "Đơn vị"
NOTE = "Ghi chú"

# «Tổng hợp»: the unit's name is in this column (0-based), the indicators' columns follow it.
SUMMARY_UNIT_COL = 1
SUMMARY_FIRST_INDICATOR_COL = 2


def reported(accepted: int, total: int) -> str:
    """How many units sent a valid (accepted) report: ``18/20 đơn vị có báo cáo hợp lệ``."""
    return f"{accepted}/{total} đơn vị có báo cáo hợp lệ"


def indicator_label(label: str, unit: str = "") -> str:
    """An indicator's label with its unit of measure: ``Số đoàn ra (đoàn)``."""
    return f"{label} ({unit})" if unit else label


def indicator_header(label: str, unit: str = "", how: str = "") -> str:
    """A «Tổng hợp» column's header: the label, and on a second line how its total is made when not a sum."""
    return f"{indicator_label(label, unit)}\n({how})" if how else indicator_label(label, unit)


def header_label(header: str) -> str:
    """The indicator label a «Tổng hợp» column's header stands for.

    This version writes ``label (unit)`` then, for a total that is not a sum, ``(how)`` on a second
    line (since the table of aggregations); earlier versions wrote ``label (unit)`` alone. Both read
    as ``label (unit)``.
    """
    return next((line.strip() for line in header.splitlines() if line.strip()), "")


# Names of the «Tổng hợp» sheet that ``history import`` accepts: this version's first, then earlier
# ones (none was renamed yet: a rename adds the old name here).
SUMMARY_READ = (SUMMARY,)
