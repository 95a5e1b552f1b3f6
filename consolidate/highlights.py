"""What a section's figures say: the sentences that open a section of the report.

A section cites indicators (``cite`` in the form). Numeric ones are said through their phrases with
the province's totals, in one sentence; each total is followed, in one parenthesis, by how it compares
with the same period last year, the unit that contributed most, and the few units at zero. A choice
indicator gets its own sentence counting the units by answer («22/30 đơn vị đã ban hành …»).
"""

from __future__ import annotations

import re
from typing import Any

from consolidate import aggregates
from consolidate.aggregates import AGGREGATIONS
from consolidate.form import Field, Section
from consolidate.merge import Consolidation
from consolidate.numbers import count_text, format_number, round_half_up, spoken_amount
from consolidate.statements import unit_list
from consolidate.text import fold, lower_first

# The top contributor is named when at least this many units gave a figure above zero, and its figure
# is at least this share of the total: below it, among 30 units of similar size, «nhiều nhất là…» says
# little and lengthens the sentence (in the demo: 415 of 1.889 tin, bài is 22%; 4 of 54 lớp is 7%).
TOP_MIN_UNITS = 3
TOP_SHARE = 0.15
TOP_TIES = 3  # tied top units named together; more are no «nhiều nhất»
ZEROS_LIMIT = 3  # units at zero named when this few, and fewer than the units above zero
CHOICE_NAMES_LIMIT = 8  # units named after a minority answer


def section_sentences(c: Consolidation, section: Section) -> list[str]:
    """The figure sentences that open ``section``: cited totals in one sentence, then one per choice indicator."""
    fields = {f.code: f for f in c.form.fields}
    cited = [fields[code] for code in section.cite if code in fields]
    phrases = [p for p in (figure_phrase(c, item, fields) for item in cited if item.kind != "choice") if p]
    sentences = []
    if phrases:
        sentences.append(f"Trong {c.form.period.label}, {c.form.report.actor} đã {'; '.join(phrases)}.")
    sentences += [s for s in (choice_sentence(c, item) for item in cited if item.kind == "choice") if s]
    return sentences


def figure_phrase(c: Consolidation, item: Field, fields: dict[str, Field]) -> str | None:
    """An indicator's phrase with its total, then «(tăng …; nhiều nhất là …; chưa phát sinh tại …)»."""
    text = cite(item, c.totals.get(item.code), c.totals, fields, counted(c, item))
    if text is None:
        return None
    notes = [n for n in (_change(item, c), top_contributor(c, item), zeros(c, item)) if n]
    return f"{text} ({'; '.join(notes)})" if notes else text


def cite(
    item: Field, value: Any, totals: dict[str, Any], fields: dict[str, Field], counted: int | None = None
) -> str | None:
    """An indicator's phrase with its figures; None when a figure is missing or zero.

    Amounts of money read as officials write them (``khoảng 834,5 tỷ đồng``); an average says how it
    was taken: by which weight, or plainly over ``counted`` units.
    """
    if value in (None, 0) or not item.phrase:
        return None
    text = _amounts(item.phrase, "value", item, value)
    text = text.replace("{value}", prose_figure(item, value))
    for code in re.findall(r"\{(\w+)\}", text):
        other = totals.get(code)
        if other is None:
            return None
        if code in fields:
            text = _amounts(text, code, fields[code], other)
        text = text.replace(
            f"{{{code}}}", prose_figure(fields[code], other) if code in fields else format_number(other)
        )
    return text + _basis(item, fields, counted)


def counted(c: Consolidation, item: Field) -> int:
    """How many accepted units an indicator's total rests on."""
    return aggregates.counted(item.aggregate, c.values.values(), item.code, item.weight)


def _amounts(text: str, code: str, item: Field, value: Any) -> str:
    """``{code} triệu đồng`` said in tỷ when large; other placeholders are left as they are."""
    if not item.unit or f"{{{code}}} {item.unit}" not in text:
        return text
    return text.replace(f"{{{code}}} {item.unit}", spoken_amount(round_half_up(value, item.decimals), item.unit))


def _basis(item: Field, fields: dict[str, Field], counted: int | None) -> str:
    """« (bình quân theo …)» for a weighted average, « (bình quân giản đơn của 13 đơn vị)» for a plain one."""
    aggregation = AGGREGATIONS[item.aggregate]
    if aggregation.weighted and item.weight in fields:
        return f" ({aggregation.header} {lower_first(fields[item.weight].label)})"
    if item.aggregate == "average" and counted:
        return f" ({aggregation.header} của {count_text(counted)} đơn vị)"
    return ""


def prose_figure(item: Field, value: Any) -> str:
    """A figure in a sentence: rounded as in the tables, without a trailing ``,0``."""
    return format_number(round_half_up(value, item.decimals))


def change_phrase(now: Any, before: Any, year: int) -> str | None:
    """«tăng 15,2% so với cùng kỳ năm 2021», «giảm …», «bằng cùng kỳ năm 2021»; None without both figures."""
    if not isinstance(now, int | float) or not isinstance(before, int | float) or before == 0:
        return None
    change = (now - before) / before * 100
    if round(change, 1) == 0:
        return f"bằng cùng kỳ năm {year}"
    return f"{'tăng' if change > 0 else 'giảm'} {format_number(abs(change), 1)}% so với cùng kỳ năm {year}"


def _change(item: Field, c: Consolidation) -> str | None:
    """The comparison with the same period last year; none for a rate (its change in % would mislead)."""
    if c.previous is None or item.kind == "percent":
        return None
    return change_phrase(c.totals.get(item.code), c.previous.totals.get(item.code), c.previous.year)


def top_contributor(c: Consolidation, item: Field) -> str | None:
    """«nhiều nhất là Sở A với 415 tin, bài», or for a tie «nhiều nhất là Sở A và Sở B, mỗi đơn vị 40 tin, bài».

    Only for a summed indicator with at least ``TOP_MIN_UNITS`` units above zero, when the top figure is at
    least ``TOP_SHARE`` of the total and not every such unit shares it.
    """
    total = c.totals.get(item.code)
    if item.aggregate != "sum" or not isinstance(total, int | float) or total <= 0:
        return None
    positive = [(name, value) for name, value in unit_figures(c, item) if value > 0]
    if len(positive) < TOP_MIN_UNITS:
        return None
    best = max(value for _, value in positive)
    top = [name for name, value in positive if value == best]
    if best < TOP_SHARE * total or len(top) > TOP_TIES or len(top) == len(positive):
        return None
    if len(top) == 1:
        return f"nhiều nhất là {top[0]} với {amount(item, best)}"
    return f"nhiều nhất là {unit_list(top)}, mỗi đơn vị {amount(item, best)}"


def zeros(c: Consolidation, item: Field) -> str | None:
    """«chưa phát sinh tại A và B» for a summed indicator when 1 to ``ZEROS_LIMIT`` units gave zero, and zero is
    the exception (fewer such units than units above zero); nothing when zero is common."""
    if item.aggregate != "sum":
        return None
    figures = unit_figures(c, item)
    at_zero = [name for name, value in figures if value == 0]
    if not 1 <= len(at_zero) <= ZEROS_LIMIT or len(at_zero) >= len(figures) - len(at_zero):
        return None
    return f"chưa phát sinh tại {unit_list(at_zero)}"


def unit_figures(c: Consolidation, item: Field) -> list[tuple[str, int | float]]:
    """Each accepted unit's figure for an indicator, rounded as printed, in the form's order of units."""
    figures = []
    for outcome in c.by_status("accepted"):
        value = c.values.get(outcome.unit.code, {}).get(item.code)
        if isinstance(value, int | float) and not isinstance(value, bool):
            figures.append((outcome.unit.name, round_half_up(value, item.decimals)))
    return figures


def amount(item: Field, value: int | float) -> str:
    """A unit's figure with the indicator's unit: «415 tin, bài», «khoảng 12,5 tỷ đồng», «7%»."""
    if item.unit == "%":
        return f"{format_number(value)}%"
    return spoken_amount(value, item.unit)


def choice_sentence(c: Consolidation, item: Field) -> str | None:
    """Units counted by answer: «22/30 đơn vị đã ban hành Kế hoạch …; 03 đơn vị đang xây dựng; 05 đơn vị chưa
    ban hành (Sở A, Sở B, …); 02 đơn vị không báo cáo nội dung này (…)».

    Answers in the form's order of choices, the field's phrase (the object) after the first; units are named
    after every answer but the most frequent one, when they are at most ``CHOICE_NAMES_LIMIT``.
    """
    accepted = c.by_status("accepted")
    if not accepted or not item.phrase:
        return None
    canonical = {fold(choice): choice for choice in item.choices}
    answers: dict[str, list[str]] = {choice: [] for choice in item.choices}
    empty: list[str] = []
    for outcome in accepted:
        value = c.values.get(outcome.unit.code, {}).get(item.code)
        if value is None or not str(value).strip():
            empty.append(outcome.unit.name)
            continue
        answer = canonical.get(fold(str(value)), str(value).strip())
        answers.setdefault(answer, []).append(outcome.unit.name)
    given = [(answer, names) for answer, names in answers.items() if names]
    if not given:
        return None
    most = max(given, key=lambda g: len(g[1]))[0]  # the first in the form's order among equals
    clauses = []
    for index, (answer, names) in enumerate(given):
        count = f"{count_text(len(names))}/{count_text(len(accepted))}" if index == 0 else count_text(len(names))
        what = f" {item.phrase}" if index == 0 else ""
        clauses.append(f"{count} đơn vị {lower_first(answer)}{what}{_listed(names) if answer != most else ''}")
    if empty:
        clauses.append(f"{count_text(len(empty))} đơn vị không báo cáo nội dung này{_listed(empty)}")
    return "; ".join(clauses) + "."


def _listed(names: list[str]) -> str:
    """« (A, B, C)» for a few units; nothing for more than ``CHOICE_NAMES_LIMIT``."""
    return f" ({unit_list(names, final=', ')})" if len(names) <= CHOICE_NAMES_LIMIT else ""
