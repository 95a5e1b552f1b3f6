"""Values worth a second look: far from the unit's previous period, or from the other units of its group.

These are warnings only (a real figure can be unusual); thresholds come from the form (``unusual:``).
"""

from __future__ import annotations

import statistics
from typing import Any

from consolidate.check import CheckReport, FileResult, Problem
from consolidate.form import Field, Form
from consolidate.layout import plan
from consolidate.numbers import format_number

CHECK_IT = "Hãy kiểm tra lại số liệu; nếu đúng, ghi rõ lý do ở cột Ghi chú."


def flag_unusual(
    report: CheckReport, form: Form, previous: dict[str, dict[str, Any]] | None = None, previous_label: str = ""
) -> int:
    """Add a warning to each valid file with an unusual value; return how many were added.

    Args:
        report: The checked files (only files without errors are looked at).
        form: The form, for its indicators and thresholds.
        previous: The units' values of an earlier period (from the history), if any.
        previous_label: That period's label, for the message.
    """
    valid = [f for f in report.files if f.status in ("ok", "warning") and f.unit]
    group_of = {u.code: u.group for u in form.units}
    added = 0
    for item in (f for f in form.indicators if f.numeric):
        by_group: dict[str, list[tuple[FileResult, float]]] = {}
        for result in valid:
            value = result.values.get(item.code)
            if isinstance(value, int | float):
                by_group.setdefault(group_of.get(result.unit or "", ""), []).append((result, value))
                before = (previous or {}).get(result.unit or "", {}).get(item.code)
                message = _against_previous(item, value, before, previous_label, form.unusual.ratio)
                if message:
                    added += _warn(result, item, form, message)
        for group, members in by_group.items():
            for result, message in _against_group(item, group, members, form):
                added += _warn(result, item, form, message)
    for result in valid:
        if any(p.severity == "warning" for p in result.problems) and result.status == "ok":
            result.status = "warning"
    return added


def _against_previous(item: Field, value: float, before: Any, label: str, ratio: float) -> str | None:
    if not isinstance(before, int | float) or before <= 0 or value <= 0:
        return None
    if value > before * ratio or value < before / ratio:
        return f"giá trị bất thường: {format_number(value)}, kỳ trước ({label}) là {format_number(before)}. {CHECK_IT}"
    return None


def _against_group(
    item: Field, group: str, members: list[tuple[FileResult, float]], form: Form
) -> list[tuple[FileResult, str]]:
    if len(members) < form.unusual.min_group:
        return []
    values = [v for _, v in members]
    median = statistics.median(values)
    mad = statistics.median(abs(v - median) for v in values)
    if mad == 0:
        return []
    flagged = []
    for result, value in members:
        z = 0.6745 * (value - median) / mad
        if abs(z) > form.unusual.z:
            flagged.append(
                (
                    result,
                    (
                        f"giá trị bất thường: {format_number(value)}, cách xa các đơn vị cùng nhóm «{group}» "
                        f"(trung vị {format_number(median)}). {CHECK_IT}"
                    ),
                )
            )
    return flagged


def _warn(result: FileResult, item: Field, form: Form, message: str) -> int:
    if item.code in result.cells:
        sheet, cell = result.cells[item.code]
    else:  # a result cached before cells were recorded: the template's own position
        planned = plan(form).cells[item.code]
        sheet, cell = planned.sheet, planned.a1
    result.problems.append(
        Problem(
            file=str(result.path),
            unit=result.unit,
            field=item.code,
            sheet=sheet,
            cell=cell,
            value=result.values.get(item.code),
            severity="warning",
            message=f"«{item.label}» (trang «{sheet}», ô {cell}): {message}",
        )
    )
    return 1


def flag_with_history(report: CheckReport, form: Form, store: Any | None) -> int:
    """Flag unusual values against the group, and against the previous period when a history store is given."""
    from consolidate.history import previous_period

    earlier = previous_period(store, form) if store is not None else None
    return flag_unusual(report, form, *(earlier or ({}, "")))
