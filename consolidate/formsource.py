"""A form definition as read from its file, before it is checked: the data and where each value sits.

A definition comes as YAML or as a form workbook (.xlsx/.ods). Both read into the same structure —
the one the YAML shows (``id``, ``period``, ``indicators: [...]`` …) — plus the position of every
value, keyed by the path the loader names it by (``indicators[3].kind``, ``period.year``,
``units[2].code``), so a mistake is pinned to a sheet, row, column and cell, or to a line and column.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
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
    file: str | None = None  # the path, when the value sits in another file than the definition (a units file)

    def describe(self) -> str:
        """The position in Vietnamese, as a message names it."""
        if self.file is not None:
            return f"tệp «{Path(self.file).name}», " + replace(self, file=None).describe()
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


_NOT_CODE = re.compile(r"[^a-z0-9]+")
_CELL_LIKE = re.compile(r"[A-Za-z]{1,3}[0-9]+|[Rr][0-9]*[Cc][0-9]*|[RrCc]")
_RESERVED = ("true", "false", "none", "and", "or", "not", "if", "in", "is")


def code_from_label(text: str, taken: Iterable[str] = (), limit: int = 30) -> str:
    """A valid code made from a Vietnamese label or a broken code: ``Số đoàn ra`` → ``so_doan_ra``.

    ``đ`` becomes ``d``, diacritics are dropped, other characters become ``_``; the code is cut at a word
    boundary near ``limit``, never looks like a cell address or a reserved word, and differs (ignoring case)
    from every code in ``taken`` (``_2``, ``_3``… added).
    """
    ascii_text = unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D"))
    ascii_text = "".join(ch for ch in ascii_text if not unicodedata.combining(ch)).lower()
    words = [w for w in _NOT_CODE.split(ascii_text) if w]
    code = ""
    for word in words:
        if code and len(code) + 1 + len(word) > limit:
            break
        code = f"{code}_{word}" if code else word[:limit]
    if not code:
        code = "ma"
    if not code[0].isalpha() or _CELL_LIKE.fullmatch(code) or code in _RESERVED or code.startswith("tbl_"):
        code = f"ma_{code}"
    used = {t.casefold() for t in taken}
    candidate, n = code, 2
    while candidate in used:
        candidate, n = f"{code}_{n}", n + 1
    return candidate
