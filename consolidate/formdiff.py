"""What changed between two form definitions: the form of last period and the one of this period.

A form changes between periods: indicators are added, dropped, renamed, their bounds move; so do a table's
columns, the sections, the tables, the units. ``diff_forms`` compares two loaded forms and lists every change
as a record with a stable English ``kind``; a renamed indicator or column is recognised by its
``previous_code``, and a dropped and an added indicator with the same (or nearly the same) label are only
suggested as a rename, never taken for one.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from consolidate.aggregates import AGGREGATIONS
from consolidate.form import KIND_LABELS, Field, Form
from consolidate.numbers import format_number
from consolidate.text import fold

# How close two labels must be (difflib's ratio of their folded text) for an added and a dropped indicator
# to be suggested as one renamed: «Số tin, bài đã đăng» and «Số tin, bài đã đăng tải» are, two
# indicators of one group sharing their first words («Số đoàn ra» / «Số đoàn vào») are not.
NEAR_LABEL = 0.9

# The kinds of change, in the order the text groups them, with each group's heading.
HEADINGS = {
    "form_changed": "Thông tin chung của biểu mẫu",
    "indicator_renamed": "Chỉ tiêu đổi mã (theo mã cũ khai báo)",
    "indicator_added": "Chỉ tiêu thêm mới",
    "indicator_removed": "Chỉ tiêu bỏ đi",
    "indicator_rename_suggested": "Có thể là đổi mã (cần người lập biểu mẫu xác nhận)",
    "indicator_changed": "Chỉ tiêu thay đổi",
    "section_added": "Mục thêm mới",
    "section_removed": "Mục bỏ đi",
    "table_added": "Bảng thêm mới",
    "table_removed": "Bảng bỏ đi",
    "column_renamed": "Cột của bảng đổi mã (theo mã cũ khai báo)",
    "column_added": "Cột của bảng thêm mới",
    "column_removed": "Cột của bảng bỏ đi",
    "column_changed": "Cột của bảng thay đổi",
    "unit_added": "Đơn vị thêm mới",
    "unit_removed": "Đơn vị bỏ đi",
    "unit_renamed": "Đơn vị đổi tên",
    "unit_regrouped": "Đơn vị chuyển nhóm",
}
FORM_ATTRIBUTES = {
    "id": "Mã biểu mẫu",
    "version": "Phiên bản",
    "title": "Tên báo cáo",
    "period": "Kỳ báo cáo",
    "deadline": "Hạn gửi",
}
FIELD_ATTRIBUTES = {
    "label": "tên",
    "unit": "đơn vị tính",
    "kind": "kiểu",
    "required": "bắt buộc",
    "min": "giá trị nhỏ nhất",
    "max": "giá trị lớn nhất",
    "aggregate": "cách tổng hợp",
    "weight": "trọng số",
}
AGGREGATE_LABELS = {a.name: a.label for a in AGGREGATIONS.values()}


@dataclass(frozen=True)
class Change:
    """One difference between two forms.

    ``code`` is the indicator's (its new code when renamed), the column's (``table.column``), the section's,
    table's or unit's; empty for the form itself. ``attribute`` names what changed for ``*_changed`` kinds
    (``code`` for a rename). ``old`` and ``new`` are the values before and after (a label, a name, a bound;
    the two codes of a rename).
    """

    kind: str
    code: str
    message: str  # the change in Vietnamese, as one line of the text output
    attribute: str = ""
    old: Any = None
    new: Any = None

    def to_dict(self) -> dict[str, Any]:
        """The change in ``form diff --json``."""
        return {
            "kind": self.kind,
            "code": self.code,
            "attribute": self.attribute,
            "old": _plain(self.old),
            "new": _plain(self.new),
            "message": self.message,
        }


@dataclass(frozen=True)
class FormDiff:
    """The changes from ``old`` to ``new``, in the order of :data:`HEADINGS` then of the forms."""

    old: Form
    new: Form
    changes: tuple[Change, ...]

    def counts(self) -> dict[str, int]:
        """How many changes of each kind (kinds with none left out)."""
        counts = {kind: sum(c.kind == kind for c in self.changes) for kind in HEADINGS}
        return {kind: n for kind, n in counts.items() if n}

    def to_dict(self) -> dict[str, Any]:
        """``form diff --json``."""
        return {
            "old": _form_summary(self.old),
            "new": _form_summary(self.new),
            "counts": self.counts(),
            "changes": [c.to_dict() for c in self.changes],
        }

    def lines(self) -> list[str]:
        """The text output: a heading line, then the changes grouped by kind."""
        old, new = self.old, self.new
        lines = [
            f"So sánh biểu mẫu «{old.source}» (phiên bản {old.version}, {old.period.label}) "
            f"với «{new.source}» (phiên bản {new.version}, {new.period.label}):"
        ]
        if not self.changes:
            return [*lines, "Không có thay đổi nào."]
        for kind, count in self.counts().items():
            lines.append(f"{HEADINGS[kind]} ({count}):")
            lines.extend(f"  - {c.message}" for c in self.changes if c.kind == kind)
        return lines


def diff_forms(old: Form, new: Form) -> FormDiff:
    """Compare two forms: what a coordinator changed from one period's definition to the next.

    Args:
        old: The earlier form (last period's definition).
        new: The later one.

    Returns:
        Every change, grouped by kind in the order of :data:`HEADINGS`.
    """
    changes = [*_form_changes(old, new), *_indicator_changes(old, new), *_part_changes(old, new)]
    order = {kind: i for i, kind in enumerate(HEADINGS)}
    changes += _unit_changes(old, new)
    return FormDiff(old, new, tuple(sorted(changes, key=lambda c: order[c.kind])))  # sorted() is stable


def _form_changes(old: Form, new: Form) -> Iterator[Change]:
    pairs = {
        "id": (old.id, new.id),
        "version": (old.version, new.version),
        "title": (old.title, new.title),
        "period": (old.period.label, new.period.label),
        "deadline": (old.period.deadline, new.period.deadline),
    }
    for attribute, (before, after) in pairs.items():
        if before != after:
            message = f"{FORM_ATTRIBUTES[attribute]}: {_shown(before)} → {_shown(after)}"
            yield Change("form_changed", "", message, attribute, before, after)


def _indicator_changes(old: Form, new: Form) -> Iterator[Change]:
    yield from _fields_changes("indicator", old.indicators, new.indicators)
    tables = {t.code: t for t in old.tables}
    for table in new.tables:
        if table.code in tables:
            yield from _fields_changes("column", tables[table.code].columns, table.columns, f"{table.code}.")


def _fields_changes(part: str, old: tuple[Field, ...], new: tuple[Field, ...], prefix: str = "") -> Iterator[Change]:
    """Indicators (or one table's columns, their codes shown after ``prefix``) added, removed, renamed, changed."""
    before = {f.code: f for f in old}
    after = {f.code: f for f in new}
    # Named by the new form; not when the new code was already there (the old code is then an older one's).
    renamed = {f.code: f.previous_code for f in new if f.previous_code in before and f.code not in before}
    for code, previous in renamed.items():
        message = f"{prefix}{previous} → {prefix}{code}: «{after[code].label}»"
        yield Change(f"{part}_renamed", prefix + code, message, "code", previous, code)
    matched = set(renamed.values())
    added = [f for f in new if f.code not in before and f.code not in renamed]
    removed = [f for f in old if f.code not in after and f.code not in matched]
    for item in added:
        # A previous code the old form does not have is most often mistyped: the history would not line up.
        stray = f" (mã cũ «{item.previous_code}» không có trong biểu mẫu cũ)" if item.previous_code else ""
        message = f"{prefix}{item.code}: «{item.label}»{stray}"
        yield Change(f"{part}_added", prefix + item.code, message, new=item.label)
    for item in removed:
        yield Change(f"{part}_removed", prefix + item.code, f"{prefix}{item.code}: «{item.label}»", old=item.label)
    if part == "indicator":  # the history compares indicators only: a rename matters there
        yield from _suggested_renames(removed, added)
    for item in new:
        earlier = before.get(renamed.get(item.code, item.code))
        if earlier is not None:
            yield from _field_changes(f"{part}_changed", prefix, earlier, item)


def _suggested_renames(removed: list[Field], added: list[Field]) -> Iterator[Change]:
    """Pairs of a dropped and an added indicator whose labels match or nearly: the closest pairs first."""
    scored = []
    for i, gone in enumerate(removed):
        for j, came in enumerate(added):
            ratio = difflib.SequenceMatcher(None, fold(gone.label), fold(came.label)).ratio()
            if ratio >= NEAR_LABEL:
                scored.append((-ratio, i, j, gone, came))
    used: set[str] = set()
    for _, _, _, gone, came in sorted(scored, key=lambda s: s[:3]):
        if gone.code in used or came.code in used:
            continue
        used.update((gone.code, came.code))
        same = fold(gone.label) == fold(came.label)
        labels = f"cùng tên «{came.label}»" if same else f"tên gần giống «{gone.label}» / «{came.label}»"
        message = (
            f"{gone.code} → {came.code}: {labels}; có thể là đổi mã. Nếu đúng là một chỉ tiêu, ghi «{gone.code}» vào "
            f"cột «Mã cũ» (previous_code) của chỉ tiêu «{came.code}» để số liệu cùng kỳ năm trước vẫn khớp."
        )
        yield Change("indicator_rename_suggested", came.code, message, "code", gone.code, came.code)


def _field_changes(kind: str, prefix: str, old: Field, new: Field) -> Iterator[Change]:
    for attribute, name in FIELD_ATTRIBUTES.items():
        before, after = getattr(old, attribute), getattr(new, attribute)
        if before == after:
            continue
        if attribute == "required":
            text = f"{_required(before)} → {_required(after)}"
        elif attribute == "kind":
            text = f"{name} «{KIND_LABELS[before]}» → «{KIND_LABELS[after]}»"
        elif attribute == "aggregate":
            text = f"{name} «{AGGREGATE_LABELS[before]}» → «{AGGREGATE_LABELS[after]}»"
        else:
            text = f"{name} {_shown(before)} → {_shown(after)}"
        yield Change(kind, prefix + new.code, f"{prefix}{new.code}: {text}", attribute, before, after)


def _part_changes(old: Form, new: Form) -> Iterator[Change]:
    """Sections and tables added or dropped (by code)."""
    for part, before, after in zip(("section", "table"), _titles(old), _titles(new), strict=True):
        for code, title in after.items():
            if code not in before:
                yield Change(f"{part}_added", code, f"{code}: «{title}»", new=title)
        for code, title in before.items():
            if code not in after:
                yield Change(f"{part}_removed", code, f"{code}: «{title}»", old=title)


def _titles(form: Form) -> tuple[dict[str, str], dict[str, str]]:
    """The form's sections (all levels) and tables, code → title."""
    return {s.code: s.title for s in form.walk_sections()}, {t.code: t.title for t in form.tables}


def _unit_changes(old: Form, new: Form) -> Iterator[Change]:
    """Units added, dropped (codes compared as a workbook's unit cell is: ignoring case), renamed or regrouped."""
    before = {u.code.casefold(): u for u in old.units}
    after = {u.code.casefold(): u for u in new.units}
    for key, unit in after.items():
        if key not in before:
            yield Change("unit_added", unit.code, f"{unit.code}: {unit.name} (nhóm «{unit.group}»)", new=unit.name)
    for key, unit in before.items():
        if key not in after:
            yield Change("unit_removed", unit.code, f"{unit.code}: {unit.name}", old=unit.name)
    for key, unit in after.items():
        earlier = before.get(key)
        if earlier is None:
            continue
        if earlier.name != unit.name:
            message = f"{unit.code}: «{earlier.name}» → «{unit.name}»"
            yield Change("unit_renamed", unit.code, message, "name", earlier.name, unit.name)
        if earlier.group != unit.group:
            message = f"{unit.code} ({unit.name}): nhóm «{earlier.group}» → «{unit.group}»"
            yield Change("unit_regrouped", unit.code, message, "group", earlier.group, unit.group)


def _required(value: bool) -> str:
    return "bắt buộc" if value else "không bắt buộc"


def _shown(value: Any) -> str:
    """A value as the text output writes it: numbers the Vietnamese way, dates dd/mm/yyyy, text in «»."""
    if value is None or value == "":
        return "(trống)"
    if isinstance(value, bool):
        return "có" if value else "không"
    if isinstance(value, int | float):
        return format_number(value)
    if isinstance(value, dt.date):
        return f"{value:%d/%m/%Y}"
    return f"«{value}»"


def _plain(value: Any) -> Any:
    """A value as JSON holds it: dates as ISO text."""
    return value.isoformat() if isinstance(value, dt.date) else value


def _form_summary(form: Form) -> dict[str, Any]:
    return {
        "path": str(form.source) if form.source else None,
        "id": form.id,
        "version": form.version,
        "period": form.period.label,
        "indicators": len(form.indicators),
        "units": len(form.units),
    }
