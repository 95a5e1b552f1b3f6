"""A form definition as read from its file, before it is checked: the data and where each value sits.

A definition comes as YAML or as a form workbook (.xlsx/.ods). Both read into the same structure —
the one the YAML shows (``id``, ``period``, ``indicators: [...]`` …) — plus the position of every
value, keyed by the path the loader names it by (``indicators[3].kind``, ``period.year``,
``units[2].code``), so a mistake is pinned to a sheet, row, column and cell, or to a line and column.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

WORKBOOK_SUFFIXES = (".xlsx", ".ods")
YAML_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class Position:
    """Where a value sits: in a workbook (sheet, row, column header, cell) or in a YAML file (line, column)."""

    sheet: str | None = None
    row: int | None = None
    column: str | None = None  # the column's header as the sheet shows it
    cell: str | None = None  # A1
    line: int | None = None  # 1-based
    col: int | None = None  # 1-based

    def describe(self) -> str:
        """The position in Vietnamese, as a message names it."""
        if self.sheet is not None:
            parts = [f"trang «{self.sheet}»"]
            if self.row is not None:
                parts.append(f"dòng {self.row}")
            if self.column:
                parts.append(f"cột «{self.column}»")
            where = ", ".join(parts)
            return f"{where} (ô {self.cell})" if self.cell else where
        if self.line is not None:
            return f"dòng {self.line}" + (f", cột {self.col}" if self.col is not None else "")
        return ""


@dataclass(frozen=True)
class FormProblem:
    """One mistake in a form definition: a stable code from the catalogue, the key path, where, and the message."""

    code: str  # catalogue code, e.g. "duplicate_code"
    severity: str  # "error" | "warning"
    key: str  # the key path, e.g. "indicators[3].min" ("" for the whole file)
    position: Position | None
    message: str  # Vietnamese: what is wrong and how to fix it
    value: Any = None


@dataclass
class Definition:
    """The raw structure of a definition, where each value sits, and what reading it already found."""

    path: Path
    data: Any
    positions: dict[str, Position] = field(default_factory=dict)
    problems: list[FormProblem] = field(default_factory=list)

    def where(self, key: str) -> Position | None:
        """The position of ``key``, else of the nearest enclosing key that has one (``indicators[3]``, …)."""
        while key:
            if key in self.positions:
                return self.positions[key]
            cut = max(key.rfind("."), key.rfind("["))
            key = key[:cut] if cut > 0 else ""
        return None
