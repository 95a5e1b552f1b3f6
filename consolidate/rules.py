"""Cross-field rules: a small expression language over field codes, evaluated without ``eval``.

A rule is a Python-like boolean expression such as ``nguoi_ra >= doan_ra`` or
``du_an > 0 or von_du_an == 0``. It is parsed once with :mod:`ast` into a tree of the few node
types allowed below and evaluated by walking that tree; nothing is ever executed.

Allowed: numbers, quoted text, field codes, ``+ - * /``, comparisons (chained too),
``and or not``, and the functions ``abs``, ``min``, ``max`` and ``filled(code)``.
A rule that uses a value the unit left empty is not evaluated: the required-value check
reports the empty cell instead, so one mistake gives one message.
"""

from __future__ import annotations

import ast
import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

_COMPARE: dict[type, Callable[[Any, Any], bool]] = {
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
}
_ARITHMETIC: dict[type, Callable[[Any, Any], Any]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
}
_FUNCTIONS: dict[str, Callable[..., Any]] = {"abs": abs, "min": min, "max": max}


MAX_LENGTH = 500


class RuleSyntaxError(ValueError):
    """The expression is not in the rule language; the message is Vietnamese."""


class _Missing(Exception):
    """A value the rule needs is empty."""


@dataclass(frozen=True)
class Expression:
    """A parsed rule expression and the codes it reads."""

    text: str
    tree: ast.expr
    names: frozenset[str]


def parse(text: str) -> Expression:
    """Parse and vet an expression.

    Raises:
        RuleSyntaxError: when the text is not a valid rule.
    """
    if len(text) > MAX_LENGTH:
        raise RuleSyntaxError(f"biểu thức dài quá {MAX_LENGTH} ký tự; hãy tách thành nhiều quy tắc")
    try:
        tree = ast.parse(text.strip(), mode="eval").body
        names: set[str] = set()
        _vet(tree, names, text)
    except SyntaxError as exc:
        raise RuleSyntaxError(f"biểu thức «{text}» sai cú pháp (vị trí {exc.offset})") from exc
    except (RecursionError, MemoryError) as exc:
        raise RuleSyntaxError("biểu thức lồng nhau quá sâu; hãy tách thành nhiều quy tắc") from exc
    return Expression(text=text.strip(), tree=tree, names=frozenset(names))


def _vet(node: ast.AST, names: set[str], text: str) -> None:
    if isinstance(node, ast.Name):
        names.add(node.id)
        return
    if isinstance(node, ast.Constant):
        if isinstance(node.value, bool) or not isinstance(node.value, int | float | str):
            raise RuleSyntaxError(f"biểu thức «{text}» chỉ được dùng số hoặc chữ trong ngoặc kép")
        return
    if isinstance(node, ast.Call):
        func = node.func.id if isinstance(node.func, ast.Name) else None
        if node.keywords or func not in (*_FUNCTIONS, "filled"):
            allowed = ", ".join([*_FUNCTIONS, "filled"])
            raise RuleSyntaxError(f"biểu thức «{text}» chỉ được gọi các hàm: {allowed}")
        if func == "filled" and (len(node.args) != 1 or not isinstance(node.args[0], ast.Name)):
            raise RuleSyntaxError(f"biểu thức «{text}»: filled() nhận đúng một mã chỉ tiêu")
        for arg in node.args:
            _vet(arg, names, text)
        return
    if isinstance(node, ast.BoolOp) or (
        isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not | ast.USub | ast.UAdd)
    ):
        for child in ast.iter_child_nodes(node):
            if not isinstance(child, ast.boolop | ast.unaryop):
                _vet(child, names, text)
        return
    if isinstance(node, ast.BinOp) and type(node.op) in _ARITHMETIC:
        _vet(node.left, names, text)
        _vet(node.right, names, text)
        return
    if isinstance(node, ast.Compare) and all(type(op) in _COMPARE for op in node.ops):
        for child in (node.left, *node.comparators):
            _vet(child, names, text)
        return
    raise RuleSyntaxError(
        f"biểu thức «{text}» có thành phần không được phép ({type(node).__name__}); "
        "chỉ dùng mã chỉ tiêu, số, + - * /, so sánh, and, or, not"
    )


def evaluate(expression: Expression, values: Mapping[str, Any]) -> bool | None:
    """Evaluate a rule; ``None`` when a value it needs is empty or the arithmetic fails."""
    try:
        return bool(_eval(expression.tree, values))
    except (_Missing, ZeroDivisionError, TypeError, OverflowError, RecursionError):
        return None


def _eval(node: ast.expr, values: Mapping[str, Any]) -> Any:
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.Name):
        value = values.get(node.id)
        if value is None or value == "":
            raise _Missing(node.id)
        return value
    if isinstance(node, ast.BoolOp):
        if isinstance(node.op, ast.And):
            return all(_eval(v, values) for v in node.values)
        return any(_eval(v, values) for v in node.values)
    if isinstance(node, ast.UnaryOp):
        operand = _eval(node.operand, values)
        if isinstance(node.op, ast.Not):
            return not operand
        return -operand if isinstance(node.op, ast.USub) else +operand
    if isinstance(node, ast.BinOp):
        return _ARITHMETIC[type(node.op)](_eval(node.left, values), _eval(node.right, values))
    if isinstance(node, ast.Compare):
        left = _eval(node.left, values)
        for op, right_node in zip(node.ops, node.comparators, strict=True):
            right = _eval(right_node, values)
            if not _COMPARE[type(op)](left, right):
                return False
            left = right
        return True
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
        if node.func.id == "filled":
            arg = node.args[0]
            assert isinstance(arg, ast.Name)
            return values.get(arg.id) not in (None, "")
        return _FUNCTIONS[node.func.id](*(_eval(a, values) for a in node.args))
    raise _Missing(type(node).__name__)
