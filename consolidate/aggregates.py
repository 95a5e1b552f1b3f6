"""The one table of aggregations: how an indicator's figures over units become a total.

Form validation, the merge's totals and the summary workbook's formulas all read this table, so a
name, its Python function, its Excel function and its total row's label cannot drift apart.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

Pairs = Sequence[tuple[Any, Any]]  # (value, weight); weight is 1 for unweighted aggregations


def _sum(pairs: Pairs) -> float:
    numbers = [v for v, _ in pairs]
    if all(isinstance(n, int) for n in numbers):
        return sum(numbers)
    return round(math.fsum(numbers), 9)  # exact sum, then drop binary noise far below any figure shown


def _average(pairs: Pairs) -> float:
    return round(math.fsum(v for v, _ in pairs) / len(pairs), 9)


def _weighted(pairs: Pairs) -> float | None:
    total = math.fsum(w for _, w in pairs)
    if total == 0:
        return None
    return round(math.fsum(v * w for v, w in pairs) / total, 9)


@dataclass(frozen=True)
class Aggregation:
    """One way to total an indicator over units."""

    name: str  # the YAML value
    label: str  # Vietnamese, as the form workbook's drop-down shows it
    compute: Callable[[Pairs], Any] | None  # over (value, weight) pairs; None for «none»
    excel: str | None  # the worksheet function over the unit rows
    subtotal: int | None  # SUBTOTAL's function number
    total_label: str  # the label of a total row whose columns all aggregate this way
    header: str = ""  # said under a column's header when its total is not a plain sum
    weighted: bool = False


AGGREGATIONS: dict[str, Aggregation] = {
    a.name: a
    for a in (
        Aggregation("sum", "cộng", _sum, "SUM", 9, "TỔNG CỘNG"),
        Aggregation("average", "trung bình", _average, "AVERAGE", 1, "BÌNH QUÂN", "bình quân giản đơn"),
        Aggregation("weighted", "bình quân có trọng số", _weighted, None, None, "BÌNH QUÂN", "bình quân theo", True),
        Aggregation("min", "nhỏ nhất", lambda p: min(v for v, _ in p), "MIN", 5, "NHỎ NHẤT", "nhỏ nhất"),
        Aggregation("max", "lớn nhất", lambda p: max(v for v, _ in p), "MAX", 4, "LỚN NHẤT", "lớn nhất"),
        Aggregation("none", "không tổng hợp", None, None, None, ""),
    )
}
NAMES = tuple(AGGREGATIONS)
MIXED_LABEL = "TỔNG HỢP"


def is_number(value: Any) -> bool:
    """Whether a value counts as a figure (bools are not)."""
    return isinstance(value, int | float) and not isinstance(value, bool)


def combine(name: str, rows: Iterable[dict[str, Any]], code: str, weight: str | None = None) -> Any:
    """Aggregate ``code`` over units' value rows; None when there is nothing to total.

    A weighted aggregation counts only units that have both the value and its weight.
    """
    aggregation = AGGREGATIONS[name]
    if aggregation.compute is None:
        return None
    pairs: list[tuple[Any, Any]]
    if aggregation.weighted:
        both = [(r.get(code), r.get(weight or "")) for r in rows]
        pairs = [(v, w) for v, w in both if is_number(v) and is_number(w)]
    else:
        pairs = [(v, 1) for v in (r.get(code) for r in rows) if is_number(v)]
    return aggregation.compute(pairs) if pairs else None


def counted(name: str, rows: Iterable[dict[str, Any]], code: str, weight: str | None = None) -> int:
    """How many units a total rests on."""
    if AGGREGATIONS[name].weighted:
        return sum(1 for r in rows if is_number(r.get(code)) and is_number(r.get(weight or "")))
    return sum(1 for r in rows if is_number(r.get(code)))


def total_label(names: Iterable[str]) -> str:
    """The label of a total row over columns aggregated by ``names``: «TỔNG CỘNG» only when something is added."""
    used = {n for n in names if n != "none"}
    if not used or "sum" in used:
        return AGGREGATIONS["sum"].total_label
    labels = {AGGREGATIONS[n].total_label for n in used}
    return labels.pop() if len(labels) == 1 else MIXED_LABEL
