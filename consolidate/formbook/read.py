"""The form workbook read back into the raw structure, with every value's position and what is wrong."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from consolidate.errors import FormError, os_reason
from consolidate.form import SYSTEM_NAMES
from consolidate.formbook.layout import (
    CHOICES,
    FIELD_COLUMNS,
    GENERAL,
    GUIDE,
    INDICATORS,
    METADATA,
    NAMED,
    NO,
    REQUIRED_SHEETS,
    RULES,
    SECTION_COLUMNS,
    SECTIONS,
    SETTINGS,
    SHEETS,
    TABLE_COLUMNS,
    TABLES,
    UNITS,
    YES,
    Column,
)
from consolidate.formsource import Definition, FormProblem, Position, code_from_label
from consolidate.text import clean_text, strip_diacritics

# --- reading -----------------------------------------------------------------------------------------

# The catalogue of what reading a workbook can find: stable code → severity.
STRUCTURE_PROBLEMS = {
    "sheet_name_differs": "warning",  # read, but the sheet's name is spelled differently
    "unknown_sheet": "error",  # close to a sheet's name but not it: not read
    "extra_sheet": "warning",  # a sheet the definition has no use for: ignored
    "missing_sheet": "error",
    "column_name_differs": "warning",
    "unknown_column": "error",
    "header_moved": "warning",
    "blank_row": "warning",
    "invisible_characters": "warning",
    "unknown_setting": "error",
    "unknown_option": "error",  # not one of a drop-down's values
    "option_read_as": "warning",  # a drop-down's value typed without its diacritics: read, and said so
    "unknown_choice_list": "error",
    "unknown_table": "error",
    "section_level_gap": "error",
    "code_derived": "warning",
}
_HEADER_SEARCH = 10  # rows looked at for a header row that moved down


def _plain(text: str) -> str:
    """A comparison key without diacritics, case, spaces or punctuation: «Chỉ tiêu» → «chitieu»."""
    ascii_text = "".join(ch for ch in strip_diacritics(text) if ch.isascii())
    return "".join(ch for ch in ascii_text.casefold() if ch.isalnum())


def _tidy(text: str) -> str:
    """The text without invisible characters, odd spaces or blanks around it, in NFC."""
    return clean_text(text).replace("\n", " ")  # clean_text drops the invisible characters too


def _closest(name: str, choices: list[str]) -> str | None:
    plain = {_plain(choice): choice for choice in choices}
    found = difflib.get_close_matches(_plain(name), list(plain), n=1, cutoff=0.75)
    return plain[found[0]] if found else None


class _Reader:
    """Reads one form workbook into the raw structure, noting positions and problems."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.positions: dict[str, Position] = {}
        self.problems: list[FormProblem] = []
        self.code_columns: dict[str, tuple[str, str]] = {}  # sheet → header and letter of its «Mã» column

    def problem(self, code: str, key: str, position: Position | None, message: str, value: Any = None) -> None:
        self.problems.append(FormProblem(code, STRUCTURE_PROBLEMS[code], key, position, message, value))

    # -- sheets and rows --

    def sheets(self, names: list[str]) -> dict[str, str]:
        """Expected sheet → the workbook's sheet that holds it."""
        expected = [GUIDE, *SHEETS]
        found: dict[str, str] = {}
        for name in names:
            if name in expected:
                found[name] = name
                continue
            same = [e for e in expected if _plain(e) == _plain(name)]
            if same and same[0] not in found:
                found[same[0]] = name
                self.problem(
                    "sheet_name_differs",
                    "",
                    Position(sheet=name),
                    f"trang «{name}» — có phải «{same[0]}»? Đã đọc như trang «{same[0]}»; "
                    f"hãy đổi tên trang thành «{same[0]}».",
                    name,
                )
                continue
            close = _closest(name, [e for e in expected if e not in names])
            if close:
                self.problem(
                    "unknown_sheet",
                    "",
                    Position(sheet=name),
                    f"trang «{name}» — có phải «{close}»? Trang này chưa được đọc; hãy đổi tên trang thành «{close}».",
                    name,
                )
            else:
                self.problem(
                    "extra_sheet",
                    "",
                    Position(sheet=name),
                    f"trang «{name}» không thuộc định nghĩa biểu mẫu nên được bỏ qua.",
                    name,
                )
        misspelled = {p.value for p in self.problems if p.code == "unknown_sheet"}
        for sheet in REQUIRED_SHEETS:
            if sheet not in found and not any(_closest(m, [sheet]) for m in misspelled):
                self.problem(
                    "missing_sheet",
                    "",
                    None,
                    f"thiếu trang «{sheet}». Hãy thêm trang này (tạo tệp mẫu: consolidate form new).",
                )
        return found

    def rows(
        self, expected: str, sheet: str, cells: list[list[Any]]
    ) -> Iterator[tuple[int, dict[str, tuple[Any, Position]]]]:
        """Each data row of the ``expected`` sheet, named ``sheet`` in the workbook, as column key → (value, position).

        Positions name the sheet as the workbook does, so the coordinator finds it.
        """
        columns = SHEETS[expected]
        by_plain = {_plain(c.header): c for c in columns}
        header_row = max(
            range(min(_HEADER_SEARCH, len(cells))),
            default=0,
            key=lambda r: (sum(_plain(str(v)) in by_plain for v in cells[r] if isinstance(v, str)), -r),
        )
        if not cells:
            return
        if header_row:
            self.problem(
                "header_moved",
                "",
                Position(sheet=sheet, row=header_row + 1),
                f"dòng tên cột nằm ở dòng {header_row + 1}, không phải dòng 1; đã đọc từ dòng đó. "
                f"Hãy xóa các dòng phía trên cho gọn.",
            )
        mapping: dict[int, tuple[Column, str]] = {}
        for index, raw in enumerate(cells[header_row]):
            if not isinstance(raw, str) or not raw.strip():
                continue
            cell = f"{_letter(index)}{header_row + 1}"
            header = _tidy(raw)
            if header != raw:
                self.problem(
                    "invisible_characters",
                    "",
                    Position(sheet, header_row + 1, header, cell),
                    f"tên cột «{header}» có ký tự ẩn hoặc khoảng trắng thừa; đã bỏ đi.",
                    raw,
                )
            exact = next((c for c in columns if c.header == header), None)
            same = by_plain.get(_plain(header))
            if exact or same:
                column = exact or same
                assert column is not None
                if not exact:
                    self.problem(
                        "column_name_differs",
                        "",
                        Position(sheet, header_row + 1, header, cell),
                        f"cột «{header}» — có phải «{column.header}»? Đã đọc như cột «{column.header}».",
                        header,
                    )
                mapping[index] = (column, header)
                if column.key == "code":
                    self.code_columns[sheet] = (header, _letter(index))
                continue
            close = _closest(header, [c.header for c in columns])
            if close:
                self.problem(
                    "unknown_column",
                    "",
                    Position(sheet, header_row + 1, header, cell),
                    f"cột «{header}» — có phải «{close}»? Cột này chưa được đọc; hãy sửa tên cột thành «{close}».",
                    header,
                )
        blank_from = None
        for r in range(header_row + 1, len(cells)):
            values = {}
            for index, (column, header) in mapping.items():
                value = cells[r][index] if index < len(cells[r]) else ""
                if value is None or (isinstance(value, str) and not value.strip()):
                    continue
                position = Position(sheet, r + 1, header, f"{_letter(index)}{r + 1}")
                values[column.key] = (self.value(column, value, position), position)
            if not values:
                blank_from = r if blank_from is None else blank_from
                continue
            if blank_from is not None:
                rows = f"dòng {blank_from + 1}" if blank_from == r - 1 else f"các dòng {blank_from + 1}–{r}"
                self.problem(
                    "blank_row",
                    "",
                    Position(sheet=sheet, row=blank_from + 1),
                    f"{rows} để trống giữa các dòng có nội dung; các dòng sau vẫn được đọc. Hãy xóa dòng trống.",
                )
                blank_from = None
            yield r + 1, values

    def value(self, column: Column, value: Any, position: Position) -> Any:
        kind = column.kind
        if kind == "raw":  # read again with the kind of its row («Thông tin chung»)
            return value
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, dt.datetime):
            value = value.date() if value.time() == dt.time() else value
        if kind in ("text", "code") and isinstance(value, int | float) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            return value
        if kind == "code":
            tidy = _tidy(value).replace(" ", "")
            if tidy != value:
                self.problem(
                    "invisible_characters", "", position, f"mã «{tidy}» có ký tự ẩn hoặc khoảng trắng; đã bỏ đi.", value
                )
            return tidy
        if kind == "yes_no" or kind in NAMED:
            return self.option(kind, value, position)
        if kind == "list":
            return [part.strip() for part in re.split(r"[,;\n]", value) if part.strip()]
        if kind == "lines":
            return [line.strip() for line in value.split("\n") if line.strip()]
        return value

    def option(self, kind: str, value: str, position: Position) -> Any:
        """A drop-down value as its code, from the Vietnamese name or the code (case and diacritics aside)."""
        names: dict[Any, str] = {True: YES, False: NO} if kind == "yes_no" else NAMED[kind]
        known = {_plain(str(code)): code for code in names}  # «integer», «true»: as a YAML file has them
        known.update({_plain(name): code for code, name in names.items()})
        if kind == "yes_no":
            known.update({"x": True, "yes": True, "1": True, "no": False, "0": False})
        if _plain(value) in known:
            code = known[_plain(value)]
            exact = {str(name).casefold() for name in (*names, *names.values())} | {"x", "yes", "1", "no", "0"}
            if value.strip().casefold() not in exact:
                self.problem(
                    "option_read_as",
                    "",
                    position,
                    f"«{value}» được đọc là «{names[code]}». Nếu đúng, hãy chọn «{names[code]}» trong danh sách "
                    "thả xuống để hết cảnh báo.",
                    value,
                )
            return code
        close = _closest(value, list(names.values()))
        self.problem(
            "unknown_option",
            "",
            position,
            f"«{value}» không có trong danh sách{f' — có phải «{close}»?' if close else '.'} "
            f"Hãy chọn một trong: {', '.join(names.values())}.",
            value,
        )
        return value.strip()

    def put(
        self,
        target: dict[str, Any],
        key: str,
        values: dict[str, tuple[Any, Position]],
        name: str,
        to: str | None = None,
    ) -> None:
        if name in values:
            value, position = values[name]
            target[to or name] = value
            self.positions[f"{key}.{to or name}"] = position
            if isinstance(value, list):
                for i in range(len(value)):
                    self.positions[f"{key}.{to or name}[{i}]"] = position


def _row_of(values: dict[str, tuple[Any, Position]]) -> Position:
    """The sheet and row of a row's values (for a key missing from the row)."""
    first = next(iter(values.values()))[1]
    return Position(sheet=first.sheet, row=first.row)


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def read_form_workbook(path: Path) -> Definition:
    """Read a form workbook (.xlsx or .ods) into the raw structure a YAML definition gives.

    Every value's sheet, row, column and cell is kept under the loader's key path
    (``indicators[3].min``); mistakes in the workbook's structure are all returned as problems.

    Raises:
        FormError: when the file cannot be opened as a workbook at all.
    """
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_path(str(path))
        names = list(book.sheet_names)
        cells = {name: book.get_sheet_by_name(name).to_python(skip_empty_area=False) for name in names}
    except OSError as exc:
        raise FormError(f"Không đọc được tệp «{path}» ({os_reason(exc)}).") from exc
    except Exception as exc:  # calamine's own errors: a damaged or non-spreadsheet file
        raise FormError(
            f"«{path}» không phải bảng tính đọc được ({type(exc).__name__}). Hãy mở bằng Excel hoặc LibreOffice "
            f"và lưu lại dạng .xlsx."
        ) from exc
    reader = _Reader(path)
    sheets = reader.sheets(names)
    rows = {name: list(reader.rows(name, actual, cells[actual])) for name, actual in sheets.items() if name != GUIDE}
    data = _assemble(reader, rows, sheets)
    _derive_codes(reader, data)
    return Definition(path=path, data=data, positions=reader.positions, problems=reader.problems)


Rows = list[tuple[int, dict[str, tuple[Any, Position]]]]


def _assemble(reader: _Reader, rows: dict[str, Rows], sheets: dict[str, str]) -> dict[str, Any]:
    general: dict[str, Any] = {}
    _general(reader, rows.get(GENERAL, []), general)
    lists = _choice_lists(reader, rows.get(CHOICES, []))
    indicators = [
        _field(reader, values, f"indicators[{i}]", lists) for i, (_, values) in enumerate(rows.get(INDICATORS, []))
    ]
    units = []
    for i, (_, values) in enumerate(rows.get(UNITS, [])):
        unit: dict[str, Any] = {}
        for name in ("code", "name", "group"):
            if name in values and name != "code" and isinstance(values[name][0], str):
                values[name] = (_tidy(values[name][0]), values[name][1])  # pasted from an address book
            reader.put(unit, f"units[{i}]", values, name)
        units.append(unit)
    # Keys in the order the YAML shows them.
    data: dict[str, Any] = {
        key: general[key] for key in ("id", "version", "title", "period", "agency") if key in general
    }
    data["units"] = units
    if "report" in general:
        data["report"] = general["report"]
    data["indicators"] = indicators
    data["sections"] = _sections(reader, rows.get(SECTIONS, []))
    tables = _tables(reader, rows, lists)
    if tables:
        data["tables"] = tables
    form_rules = [
        _rule(reader, values, f"rules[{i}]")
        for i, values in enumerate(v for _, v in rows.get(RULES, []) if "table" not in v)
    ]
    if form_rules:
        data["rules"] = form_rules
    if rows.get(METADATA):
        data["metadata"] = [
            _field(reader, values, f"metadata[{i}]", lists) for i, (_, values) in enumerate(rows[METADATA])
        ]
    if "unusual" in general:
        data["unusual"] = general["unusual"]
    for key, sheet in (("indicators", INDICATORS), ("sections", SECTIONS), ("units", UNITS)):
        reader.positions.setdefault(key, Position(sheet=sheets.get(sheet, sheet)))
    return data


def _general(reader: _Reader, rows: Rows, data: dict[str, Any]) -> None:
    by_label = {_plain(label): (key, kind) for key, label, _, kind in SETTINGS}
    by_label.update({_plain(key): (key, kind) for key, _, _, kind in SETTINGS})
    for _, values in rows:
        if "label" not in values or "value" not in values:
            continue
        label, label_position = values["label"]
        found = by_label.get(_plain(str(label)))
        if found is None:
            close = _closest(str(label), [s[1] for s in SETTINGS])
            hint = f" — có phải «{close}»?" if close else ""
            reader.problem(
                "unknown_setting",
                "",
                label_position,
                f"thông tin «{label}» không có{hint} Hãy sửa tên cho đúng như tệp mẫu.",
                label,
            )
            continue
        key, kind = found
        value, position = values["value"]
        value = reader.value(Column("Giá trị", key, "", kind), value, position)
        target = data
        parts = key.split(".")
        for part in parts[:-1]:
            target = target.setdefault(part, {})
        target[parts[-1]] = value
        reader.positions[key] = position
        if isinstance(value, list):
            for i in range(len(value)):
                reader.positions[f"{key}[{i}]"] = position


def _choice_lists(reader: _Reader, rows: Rows) -> dict[str, list[tuple[Any, Position]]]:
    lists: dict[str, list[tuple[Any, Position]]] = {}
    for _, values in rows:
        if "list" in values and "choice" in values:
            lists.setdefault(str(values["list"][0]), []).append(values["choice"])
    return lists


def _field(
    reader: _Reader, values: dict[str, tuple[Any, Position]], key: str, lists: dict[str, list[tuple[Any, Position]]]
) -> dict[str, Any]:
    field: dict[str, Any] = {}
    for column in FIELD_COLUMNS:
        if column.key != "choices":
            reader.put(field, key, values, column.key)
            continue
        if column.key not in values:
            continue
        name, position = values["choices"]
        reader.positions[f"{key}.choices"] = position
        if str(name) not in lists:
            close = difflib.get_close_matches(str(name), list(lists), n=1)
            hint = f" — có phải «{close[0]}»?" if close else ""
            reader.problem(
                "unknown_choice_list",
                f"{key}.choices",
                position,
                f"không có danh sách chọn «{name}» ở trang «{CHOICES}»{hint} Hãy thêm danh sách hoặc sửa tên.",
                name,
            )
            continue
        field["choices"] = [choice for choice, _ in lists[str(name)]]
        for i, (_, choice_position) in enumerate(lists[str(name)]):
            reader.positions[f"{key}.choices[{i}]"] = choice_position
    reader.positions.setdefault(key, _row_of(values))
    return field


def _sections(reader: _Reader, rows: Rows) -> list[dict[str, Any]]:
    top: list[dict[str, Any]] = []
    stack: list[tuple[list[dict[str, Any]], str]] = [(top, "sections")]  # children lists by depth
    for _, values in rows:
        level = values.get("level", (1, None))[0]
        if not isinstance(level, int) or level < 1:
            level = 1
        if level > len(stack):
            position = values["level"][1]
            reader.problem(
                "section_level_gap",
                "",
                position,
                f"mục cấp {level} đứng sau mục cấp {len(stack) - 1}; đã đọc như cấp {len(stack)}. "
                f"Hãy sửa cột «Cấp» (mục con chỉ hơn mục cha một cấp).",
                level,
            )
            level = len(stack)
        del stack[level:]
        siblings, parent_key = stack[-1]
        key = f"{parent_key}[{len(siblings)}]"
        section: dict[str, Any] = {}
        for column in SECTION_COLUMNS:
            if column.key != "level":
                reader.put(section, key, values, column.key)
        reader.positions.setdefault(key, _row_of(values))
        siblings.append(section)
        children: list[dict[str, Any]] = []
        section["children"] = children
        stack.append((children, f"{key}.children"))
    _drop_empty_children(top)
    return top


def _drop_empty_children(sections: list[dict[str, Any]]) -> None:
    for section in sections:
        if section["children"]:
            _drop_empty_children(section["children"])
        else:
            del section["children"]


def _tables(reader: _Reader, rows: dict[str, Rows], lists: dict[str, list[tuple[Any, Position]]]) -> list[Any]:
    tables: list[dict[str, Any]] = []
    index: dict[str, int] = {}
    for i, (_, values) in enumerate(rows.get(TABLES, [])):
        table: dict[str, Any] = {}
        for name in ("code", "title"):
            reader.put(table, f"tables[{i}]", values, name)
        table["columns"] = []
        reader.put(table, f"tables[{i}]", values, "rows")
        reader.positions.setdefault(f"tables[{i}]", _row_of(values))
        index[str(table.get("code", ""))] = i
        tables.append(table)

    def owner(values: dict[str, tuple[Any, Position]]) -> int | None:
        code, position = values.get("table", ("", None))
        if str(code) in index:
            return index[str(code)]
        close = difflib.get_close_matches(str(code), list(index), n=1)
        hint = f" — có phải «{close[0]}»?" if close else ""
        reader.problem(
            "unknown_table",
            "",
            position or next(iter(values.values()))[1],
            f"không có bảng mã «{code}» ở trang «{TABLES}»{hint} Hãy ghi mã một bảng đã khai báo.",
            code,
        )
        return None

    for _, values in rows.get(TABLE_COLUMNS, []):
        t = owner(values)
        if t is not None:
            columns = tables[t]["columns"]
            columns.append(_field(reader, values, f"tables[{t}].columns[{len(columns)}]", lists))
    for _, values in rows.get(RULES, []):
        if "table" in values and (t := owner(values)) is not None:
            table_rules = tables[t].setdefault("rules", [])
            table_rules.append(_rule(reader, values, f"tables[{t}].rules[{len(table_rules)}]"))
    for table in tables:
        if "rows" in table:
            table["rows"] = table.pop("rows")  # after columns and rules, where the YAML has it
        if not table["columns"]:
            del table["columns"]
    return tables


def _rule(reader: _Reader, values: dict[str, tuple[Any, Position]], key: str) -> dict[str, Any]:
    rule: dict[str, Any] = {}
    for name in ("expression", "message"):
        reader.put(rule, key, values, name)
    reader.positions.setdefault(key, _row_of(values))
    return rule


# --- codes derived from labels ---------------------------------------------------------------------

_CODE_CHARS = 18  # a derived code keeps the label's first words up to this length: «so_luot_khach_quoc»


def derive_code(label: str, taken: set[str]) -> str:
    """A code made from a label, as ``form check`` suggests codes, and added to ``taken`` (casefolded).

    «Số lượt khách quốc tế đến» → ``so_luot_khach_quoc``; the code is a valid defined name, not cell-like,
    and takes no name the template itself uses.
    """
    code = code_from_label(label, taken | set(SYSTEM_NAMES), limit=_CODE_CHARS)
    taken.add(code.casefold())
    return code


def _derive_codes(reader: _Reader, data: dict[str, Any]) -> None:
    named = [(f"indicators[{i}]", f, "label") for i, f in enumerate(data.get("indicators") or [])]
    named += [(f"metadata[{i}]", f, "label") for i, f in enumerate(data.get("metadata") or [])]
    named += [(key, s, "heading") for key, s in _section_items(data.get("sections") or [], "sections")]
    named += [(f"tables[{i}]", t, "title") for i, t in enumerate(data.get("tables") or [])]
    taken = {str(item["code"]).casefold() for _, item, _ in named if "code" in item}
    for key, item, label in named:
        if "code" not in item and isinstance(item.get(label), str):
            _derive(reader, key, item, label, taken)
    for i, table in enumerate(data.get("tables") or []):
        columns = table.get("columns") or []
        taken = {str(c["code"]).casefold() for c in columns if "code" in c}
        for j, column in enumerate(columns):
            if "code" not in column and isinstance(column.get("label"), str):
                _derive(reader, f"tables[{i}].columns[{j}]", column, "label", taken)


def _derive(reader: _Reader, key: str, item: dict[str, Any], label: str, taken: set[str]) -> None:
    code = derive_code(item[label], taken)
    item_with_code = {"code": code, **item}
    item.clear()
    item.update(item_with_code)
    row = reader.positions.get(key)
    position = None
    if row and row.sheet:
        header, letter = reader.code_columns.get(row.sheet, (None, None))
        position = Position(row.sheet, row.row, header, f"{letter}{row.row}" if letter else None)
        reader.positions[f"{key}.code"] = position
    reader.problem(
        "code_derived",
        f"{key}.code",
        position,
        f"mã tự đặt: «{code}» (từ «{item[label]}»); hãy ghi mã này vào cột «Mã» để giữ nguyên qua các kỳ.",
        code,
    )


def _section_items(sections: list[dict[str, Any]], key: str) -> Iterator[tuple[str, dict[str, Any]]]:
    for i, section in enumerate(sections):
        yield f"{key}[{i}]", section
        yield from _section_items(section.get("children") or [], f"{key}[{i}].children")
