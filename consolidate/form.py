"""Form definitions: the YAML model of one report type and its current campaign.

A definition is loaded once, checked completely, and then used read-only by every stage. Every
mistake in the YAML is reported with the file, the key path (``indicators[3].kind``), what is
wrong and how to fix it.
"""

from __future__ import annotations

import datetime as dt
import keyword
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from consolidate import aggregates, formerrors, rules
from consolidate.errors import FormError, os_reason
from consolidate.formerrors import ERROR, WARNING, FormReport, error_text, nearest
from consolidate.formsource import (
    WORKBOOK_SUFFIXES,
    YAML_SUFFIXES,
    Definition,
    FormProblem,
    Position,
    code_from_label,
)
from consolidate.numbers import NumberTextError, parse_number_text
from consolidate.text import clean_text

KINDS = ("integer", "decimal", "percent", "text", "choice", "date")
NUMERIC_KINDS = ("integer", "decimal", "percent")
# Decimals shown in every output (summary workbook and report alike), so they print the same numbers.
DISPLAY_DECIMALS = {"integer": 0, "decimal": 1, "percent": 1}
AGGREGATES = aggregates.NAMES
PERIOD_TYPES = ("month", "quarter", "first_half", "second_half", "year")
KIND_LABELS = {
    "integer": "số nguyên",
    "decimal": "số thập phân",
    "percent": "tỷ lệ phần trăm",
    "text": "chữ",
    "choice": "chọn trong danh sách",
    "date": "ngày (ngày/tháng/năm)",
}

# Defined names the template itself uses: no field may take them.
SYSTEM_NAMES = ("ma_bieu_mau", "phien_ban_bieu_mau", "ma_don_vi", "ten_don_vi", "ky_bao_cao")
TABLE_NAME_PREFIX = "tbl_"

_CODE = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,63}")
_CELL_LIKE = re.compile(r"[A-Za-z]{1,3}[0-9]+|[Rr][0-9]*[Cc][0-9]*|[RrCc]")
_UNIT_CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,31}")
PHONE = re.compile(r"\+?[0-9][0-9 .()-]{5,24}")  # «0205 3812 345», «(0205) 3.812.345», «+84 205 3812 345»
_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")

DEFAULT_METADATA: list[dict[str, Any]] = [
    {"code": "so_van_ban", "label": "Số văn bản báo cáo", "kind": "text", "required": True, "hint": "Ví dụ: 45/BC-SNV"},
    {"code": "ngay_van_ban", "label": "Ngày ký báo cáo", "kind": "date", "required": True},
    {"code": "nguoi_ky", "label": "Người ký", "kind": "text", "required": True},
    {"code": "chuc_vu_nguoi_ky", "label": "Chức vụ người ký", "kind": "text", "required": True},
]


@dataclass(frozen=True)
class Field:
    """One typed input: an indicator, a metadata field or a table column."""

    code: str
    label: str
    kind: str
    role: str = "indicator"
    unit: str = ""
    required: bool = False
    min: float | dt.date | None = None
    max: float | dt.date | None = None
    choices: tuple[str, ...] = ()
    aggregate: str = "none"
    weight: str | None = None  # the indicator a weighted aggregate weighs each unit's value by
    group: str = ""
    # How the report cites it (a section's ``cite``): for a figure, a phrase with ``{value}`` and other
    # indicators' ``{code}`` («đăng tải {value} tin, bài…»); for a choice, the object of the sentence that
    # counts units by answer («Kế hoạch …» in «22/30 đơn vị đã ban hành Kế hoạch …»), without placeholders.
    phrase: str = ""
    hint: str = ""
    previous_code: str | None = None  # the code it had in earlier periods, so the history still lines up

    @property
    def numeric(self) -> bool:
        """Whether the field holds a number."""
        return self.kind in NUMERIC_KINDS

    @property
    def decimals(self) -> int:
        """Decimals shown for this field's figures in the outputs."""
        return DISPLAY_DECIMALS.get(self.kind, 0)


@dataclass(frozen=True)
class Section:
    """A numbered narrative section; leaves (and sections marked ``input``) take text."""

    code: str
    number: str
    heading: str
    level: int
    required: bool = False
    hint: str = ""
    children: tuple[Section, ...] = ()
    takes_input: bool = True
    cite: tuple[str, ...] = ()
    writer: str = "units"  # "coordinator": a part the coordinating agency writes (Đánh giá chung), not the units
    text: str = ""  # the coordinator's text, from the form or the file it names

    @property
    def title(self) -> str:
        """Number and heading as printed: ``I. TÌNH HÌNH…`` or ``1. Thông tin…``."""
        return f"{self.number}. {self.heading}" if self.number else self.heading


WRITERS = ("units", "coordinator")  # who writes a section: the reporting units, or the coordinating agency


def read_part(path: Path) -> str:
    """The text of a coordinator's part: a UTF-8 .txt file, or the paragraphs of a .docx."""
    if not path.is_file():
        raise FileNotFoundError(path)
    if path.suffix.lower() == ".docx":
        from docx import Document  # only forms with such a part pay for the import
        from docx.opc.exceptions import PackageNotFoundError

        try:
            return clean_text("\n".join(p.text for p in Document(str(path)).paragraphs))
        except (KeyError, ValueError, zipfile.BadZipFile, PackageNotFoundError) as exc:
            raise ValueError(str(exc)) from exc
    if path.suffix.lower() != ".txt":
        raise ValueError(path.suffix)
    return clean_text(path.read_bytes().decode("utf-8-sig"))


@dataclass(frozen=True)
class Rule:
    """A cross-field rule and the message shown when it is broken."""

    expression: rules.Expression
    message: str


@dataclass(frozen=True)
class Table:
    """A table of repeating rows with typed columns."""

    code: str
    title: str
    columns: tuple[Field, ...]
    rules: tuple[Rule, ...] = ()
    rows: int = 30

    @property
    def excel_name(self) -> str:
        """The Excel table (ListObject) name; distinct from the defined name ``code``."""
        return TABLE_NAME_PREFIX + self.code


@dataclass(frozen=True)
class Period:
    """The reporting period and its data cut-off (Decree 09/2019, art. 12)."""

    type: str
    year: int
    number: int | None
    label: str
    start: dt.date
    end: dt.date
    deadline: dt.date


@dataclass(frozen=True)
class Signer:
    """Who signs the consolidated report."""

    authority: str
    title: str
    name: str


@dataclass(frozen=True)
class Contact:
    """Who units call about the report: named with a telephone at the foot of the reminder letter."""

    name: str
    phone: str


@dataclass(frozen=True)
class Agency:
    """The coordinating agency that consolidates the reports."""

    parent: str
    name: str
    abbreviation: str
    place: str
    document_code: str
    drafting_unit: str
    signer: Signer
    recipients: tuple[str, ...]
    request: str = ""
    # The coordinator's own letter asking the units to report («Công văn số 1234/SVHTTDL-VP ngày …»),
    # cited by the reminder letter.
    units_request: str = ""
    contact: Contact | None = None


@dataclass(frozen=True)
class ReportSettings:
    """How the consolidated report speaks: who acted, who else gets it, what the chart shows."""

    actor: str = "các cơ quan, đơn vị"
    copies_to: tuple[str, ...] = ()
    chart: tuple[str, ...] = ()
    number: int | None = None  # the report's number; None leaves it blank for the clerk
    issue_year: int | None = None  # year and month of issue; None: those of the run
    issue_month: int | None = None
    issue_day: int | None = None  # None leaves the day blank, as drafts go for signature
    # "merged": the units' sentences merged into statements naming their units, within the length budget
    # (the rest in an appendix); "full": each unit's whole text in the body, unit by unit.
    contributions: str = "merged"
    body_pages: int = 8  # A4 pages the body (up to the signature) may take
    unit_texts: bool = False  # append the units' full texts to the report (they are in the workbook and JSON)
    # With more units than this the report speaks by group: unit texts, per-unit rows and lists stay in the
    # summary workbook (a report quoting 3,321 communes would run to thousands of pages nobody signs).
    unit_detail_limit: int = 100


@dataclass(frozen=True)
class Unusual:
    """When a value is unusual enough to ask about (warnings, never errors)."""

    ratio: float = 5.0  # more than this many times, or less than 1/ratio of, the unit's previous period
    z: float = 6.0  # robust z-score (median and MAD) against the other units of its group
    min_group: int = 5  # fewest units with a value before a group comparison is made


@dataclass(frozen=True)
class Unit:
    """A reporting unit."""

    code: str
    name: str
    group: str


_CODE_RUN = re.compile(r"[A-Za-z0-9_-]+")  # the characters unit codes are made of


def _is_ascii_alnum(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


@dataclass(frozen=True)
class Form:
    """A complete, checked form definition."""

    id: str
    version: str
    title: str
    period: Period
    agency: Agency
    units: tuple[Unit, ...]
    indicators: tuple[Field, ...]
    sections: tuple[Section, ...]
    tables: tuple[Table, ...]
    rules: tuple[Rule, ...]
    metadata: tuple[Field, ...]
    report: ReportSettings = ReportSettings()
    unusual: Unusual = Unusual()
    source: Path | None = None
    # Lookups built from the fields and units of this very form: not init fields, so a copy made by
    # ``dataclasses.replace`` builds its own instead of sharing (and filling) the original's.
    _by_code: dict[str, Field] = field(init=False, repr=False, compare=False)
    _units_by_code: dict[str, Unit] = field(init=False, repr=False, compare=False)
    _units_exact: dict[str, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        lookups = {
            "_by_code": {f.code: f for f in (*self.metadata, *self.indicators)},
            "_units_by_code": {u.code.casefold(): u for u in self.units},
            "_units_exact": {u.code: i for i, u in enumerate(self.units)},  # code → position
        }
        for name, table in lookups.items():
            object.__setattr__(self, name, table)  # the form is frozen

    @property
    def subject(self) -> str:
        """The report's subject line (trích yếu): ``Kết quả công tác … 6 tháng đầu năm 2022``."""
        title = self.title
        subject = title[len("Báo cáo ") :] if title.casefold().startswith("báo cáo ") else title
        return f"{subject[:1].upper()}{subject[1:]} {self.period.label}"

    @property
    def fields(self) -> tuple[Field, ...]:
        """Metadata fields then indicators."""
        return (*self.metadata, *self.indicators)

    def field(self, code: str) -> Field:
        """The metadata field or indicator with this code."""
        return self._by_code[code]

    def unit(self, code: str) -> Unit | None:
        """The unit with this code (case-insensitive), if any."""
        return self._units_by_code.get(code.strip().casefold())

    def units_named_in(self, text: str) -> list[str]:
        """Codes of the units named in ``text`` as whole words (``hoi_nhap_SNV.xlsx`` names SNV), in form order.

        Looked up by the words of the text rather than by a search per unit: a national form has thousands.
        """
        found: set[str] = set()
        for match in _CODE_RUN.finditer(text):
            run = match[0]
            # A code stands between two characters that are not ASCII letters or digits (or the ends).
            starts = [i for i in range(len(run)) if i == 0 or not _is_ascii_alnum(run[i - 1])]
            ends = [j for j in range(1, len(run) + 1) if j == len(run) or not _is_ascii_alnum(run[j])]
            found.update(run[i:j] for i in starts for j in ends if j > i and run[i:j] in self._units_exact)
        return sorted(found, key=self._units_exact.__getitem__)

    def input_sections(self) -> list[Section]:
        """Sections that take text, in document order."""
        return [s for s in self.walk_sections() if s.takes_input]

    def walk_sections(self) -> Iterator[Section]:
        """Every section, depth first, in document order."""
        stack = list(reversed(self.sections))
        while stack:
            section = stack.pop()
            yield section
            stack.extend(reversed(section.children))

    def unit_sections(self) -> Iterator[Section]:
        """The sections as the units' template lists them: all but the parts the coordinator writes."""
        return (s for s in self.walk_sections() if s.writer == "units")

    def indicator_groups(self) -> list[tuple[str, list[Field]]]:
        """Indicators grouped under their headings, in order of first appearance."""
        groups: dict[str, list[Field]] = {}
        for indicator in self.indicators:
            groups.setdefault(indicator.group, []).append(indicator)
        return list(groups.items())


# --- periods ---------------------------------------------------------------------------------


def period_bounds(kind: str, year: int, number: int | None) -> tuple[dt.date, dt.date, str]:
    """Data cut-off dates and the Vietnamese label of a period (Decree 09/2019, art. 12)."""
    if kind == "month":
        assert number is not None
        start = dt.date(year - 1, 12, 15) if number == 1 else dt.date(year, number - 1, 15)
        return start, dt.date(year, number, 14), f"tháng {number} năm {year}"
    if kind == "quarter":
        assert number is not None
        first_month = 3 * (number - 1) + 1
        start = dt.date(year - 1, 12, 15) if number == 1 else dt.date(year, first_month - 1, 15)
        return start, dt.date(year, first_month + 2, 14), f"quý {_ROMAN[number - 1]} năm {year}"
    if kind == "first_half":
        return dt.date(year - 1, 12, 15), dt.date(year, 6, 14), f"6 tháng đầu năm {year}"
    if kind == "second_half":
        return dt.date(year, 6, 15), dt.date(year, 12, 14), f"6 tháng cuối năm {year}"
    return dt.date(year - 1, 12, 15), dt.date(year, 12, 14), f"năm {year}"


def next_working_day(day: dt.date) -> dt.date:
    """The first Monday–Friday after ``day``."""
    day += dt.timedelta(days=1)
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


# --- loading ---------------------------------------------------------------------------------

# The forms shipped inside the package (package data, so a wheel or pipx install has them too).
FORMS_DIR = Path(__file__).resolve().parent / "forms"
# The user's own forms and overrides, looked up first, relative to the working folder.
USER_FORMS_DIR = Path("input_templates")
DEFAULT_FORM = "hoi_nhap_quoc_te"


def form_folders() -> tuple[Path, ...]:
    """Where a form id is looked up, in order: ``./input_templates`` (the user's), then the shipped forms."""
    return (Path.cwd() / USER_FORMS_DIR, FORMS_DIR)


def resolve_form_path(name: str | Path) -> Path:
    """Find a form definition by path, or by id in ``./input_templates`` or the shipped forms."""
    path = Path(name)
    if path.suffix.lower() in (*YAML_SUFFIXES, *WORKBOOK_SUFFIXES) or path.exists():
        if not path.is_file():
            raise FormError(f"Không tìm thấy tệp định nghĩa biểu mẫu «{path}».")
        return path
    folders = form_folders()
    for folder in folders:
        for suffix in (*YAML_SUFFIXES, *WORKBOOK_SUFFIXES):
            candidate = folder / f"{name}{suffix}"
            if candidate.is_file():
                return candidate
    suffixes = (*YAML_SUFFIXES, *WORKBOOK_SUFFIXES)
    known = sorted({p.stem for f in folders if f.is_dir() for p in f.iterdir() if p.suffix.lower() in suffixes})
    raise FormError(
        f"Không tìm thấy biểu mẫu «{name}» (đã tìm trong {' và '.join(f'«{f}»' for f in folders)}). "
        f"Hãy chỉ đường dẫn tới tệp .yaml hoặc .xlsx, hoặc dùng một mã biểu mẫu có sẵn: "
        f"{', '.join(known) or '(chưa có)'}."
    )


def load_form(name: str | Path) -> Form:
    """Load and check a form definition.

    Args:
        name: A path to a YAML file, or a form id (``input_templates/`` first, then the shipped forms).

    Raises:
        FormError: listing every mistake, each with its position, key path and how to fix it.
    """
    report = check_form(name)
    if report.form is None:
        raise FormError(error_text(report.path, report.problems))
    return report.form


def check_form(name: str | Path) -> FormReport:
    """Check a form definition completely: every problem (errors and warnings), and the Form when valid.

    Raises:
        FormError: only when the file cannot be found or opened at all.
    """
    path = resolve_form_path(name)
    definition = read_definition(path)
    structural = [p for p in definition.problems if p.severity == ERROR]
    if structural:  # a workbook missing a sheet or a column: the loader would only repeat it item by item
        return FormReport(path=path, problems=list(definition.problems), form=None)
    form, problems = _Loader(definition).load()
    problems.sort(key=_reading_order)  # stable: a workbook's problems keep the reader's order
    return FormReport(path=path, problems=problems, form=form)


def _reading_order(problem: FormProblem) -> tuple[str, int, int]:
    """Problems of a YAML file in the order of its lines (those of a units file after the form's)."""
    where = problem.position
    if where is None or where.line is None:
        return ("", 0, 0)
    return (where.file or "", where.line, where.col or 0)


def read_definition(path: Path) -> Definition:
    """The raw structure of a definition file (YAML, or a form workbook .xlsx/.ods) and where each value sits."""
    if path.suffix.lower() in WORKBOOK_SUFFIXES:
        from consolidate.formbook import read_form_workbook

        return read_form_workbook(path)
    return yaml_definition(path)


def _timestamp(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    # A date that does not exist (2022-06-31) stays text, so the loader pins it instead of stopping here.
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)  # type: ignore[arg-type]
    except ValueError:
        return _ImpossibleDate(loader.construct_scalar(node))  # type: ignore[arg-type]


class _ImpossibleDate(str):
    """A date-shaped YAML value that names no real day."""


# libyaml when PyYAML has it: a list of 3,321 communes loads in a tenth of the time.
class _YamlLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    pass


_YamlLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)


def yaml_definition(path: Path, prefix: str = "") -> Definition:
    """Read a YAML definition: its data and the line and column of every key path (``indicators[3].min``).

    With a ``prefix`` (a units file read for a form: ``lang_son_2022.yaml: ``) every key path starts with it
    and every position names the file.

    Raises:
        FormError: when the file cannot be opened.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return Definition(path, None, problems=[_file_problem("not_utf8", prefix)])
    except OSError as exc:
        raise FormError(f"{path}: không đọc được tệp ({os_reason(exc)}).") from exc
    loader = _YamlLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = Position(line=mark.line + 1, col=mark.column + 1, file=str(path) if prefix else None) if mark else None
        problem = getattr(exc, "problem", None) or ""
        problem = next((v for k, v in _YAML_PROBLEMS.items() if problem.startswith(k)), f"«{problem}»")
        return Definition(path, None, problems=[_file_problem("yaml_syntax", prefix, where, problem=problem)])
    finally:
        loader.dispose()
    positions: dict[str, Position] = {}
    if node is not None:
        _node_positions(node, prefix, positions, str(path) if prefix else None)
    return Definition(path, data, positions)


# PyYAML's words for the common slips, in Vietnamese.
_YAML_PROBLEMS = {
    "did not find expected key": "thụt lề không đều hoặc thiếu khóa",
    "mapping values are not allowed here": "có dấu hai chấm ở chỗ không được (giá trị có «:» cần đặt trong ngoặc kép)",
    "could not find expected ':'": "thiếu dấu hai chấm sau khóa",
    "found character '\\t'": "có ký tự Tab (chỉ dùng dấu cách để thụt lề)",
    "found a tab character": "có ký tự Tab (chỉ dùng dấu cách để thụt lề)",
    "did not find expected '-' indicator": "thụt lề của danh sách không đều",
    "found unexpected end of stream": "thiếu dấu ngoặc kép hoặc ngoặc vuông đóng",
    "did not find expected ',' or ']'": "thiếu dấu phẩy hoặc ngoặc vuông đóng «]»",
    "did not find expected ',' or '}'": "thiếu dấu phẩy hoặc ngoặc nhọn đóng «}»",
}


def _file_problem(code: str, key: str, where: Position | None = None, **params: Any) -> FormProblem:
    return FormProblem(code, ERROR, key, where, formerrors.message(code, **params))


def _node_positions(node: yaml.Node, key: str, out: dict[str, Position], file: str | None) -> None:
    """Record where each value starts (inside the quotes of a quoted text); a list or group of keys is
    placed at its key, the line a reader looks for."""
    stack: list[tuple[yaml.Node, str, Any]] = [(node, key, node.start_mark)]
    while stack:
        item, path, mark = stack.pop()
        quoted = several = False
        if isinstance(item, yaml.ScalarNode):
            quoted = item.style in ("'", '"')
            # A text over several lines gets no column: an offset inside it (a rule's token) could not be placed.
            several = item.style in ("|", ">") or item.end_mark.line > item.start_mark.line
        if path:
            col = None if several else mark.column + 1 + quoted
            out[path] = Position(line=mark.line + 1, col=col, file=file)
        if isinstance(item, yaml.MappingNode):
            for name, value in item.value:
                if isinstance(name, yaml.ScalarNode):
                    child = f"{path}.{name.value}" if path and path != key else f"{path}{name.value}"
                    at = value.start_mark if isinstance(value, yaml.ScalarNode) else name.start_mark
                    stack.append((value, child, at))
        elif isinstance(item, yaml.SequenceNode):
            stack.extend((value, f"{path}[{i}]", value.start_mark) for i, value in enumerate(item.value))


# The keys a definition may have at its top.
ROOT_KEYS = frozenset(
    {
        *("id", "version", "title", "period", "agency", "units", "units_file", "report", "unusual"),
        *("metadata", "indicators", "sections", "tables", "rules"),
    }
)


class _Skip(Exception):
    """The current item cannot be read further; its problem is already recorded."""


class _Loader:
    """Reads the definition's structure, recording every mistake with its key path and position."""

    def __init__(self, definition: Definition) -> None:
        self.definition = definition
        self.path = definition.path
        self.problems: list[FormProblem] = list(definition.problems)
        self.names: dict[str, str] = {name.casefold(): "tên hệ thống của biểu mẫu" for name in SYSTEM_NAMES}
        # Codes refused as invalid: a cite, phrase or rule naming one is not reported a second time.
        self.broken: set[str] = set()
        self.untyped: set[str] = set()  # codes whose kind is unknown: not said again to be of the wrong kind
        self.no_indicators = False  # the whole list is missing: a code it should hold is not "unknown"

    def load(self) -> tuple[Form | None, list[FormProblem]]:
        """The Form (None when there is an error) and every problem found."""
        form = None
        if self.definition.data is not None or not self.problems:
            try:
                form = self.form(self.definition.data)
            except _Skip:
                form = None
        if any(p.severity == ERROR for p in self.problems):
            form = None
        return form, self.problems

    def note(
        self, key: str, code: str, severity: str = ERROR, value: Any = None, at: int | None = None, **params: Any
    ) -> None:
        """Record a problem and carry on; ``at`` points inside the value (a token of a rule or phrase)."""
        if value is not None:
            params.setdefault("value", value)
        where = self.definition.where(key)
        if at and where is not None and where.line is not None and where.col is not None:
            where = replace(where, col=where.col + at)  # a YAML value on one line: its column plus the offset
        self.problems.append(FormProblem(code, severity, key, where, formerrors.message(code, **params), value))

    def fail(self, key: str, code: str, value: Any = None, **params: Any) -> _Skip:
        """Record an error; the caller raises the result to give up on the current item."""
        self.note(key, code, ERROR, value, **params)
        return _Skip()

    def named(self, key: str) -> str:
        """A key path as another message names it: «indicators[3].code» (dòng 74, cột 11)."""
        where = self.definition.where(key)
        return f"«{key}» ({where.describe()})" if where else f"«{key}»"

    def each(self, items: list[Any], key: str, read: Callable[[Any, str], Any]) -> list[Any]:
        """``read(item, key[i])`` for every item, skipping (not stopping at) the ones with a mistake."""
        out = []
        for i, item in enumerate(items):
            try:
                out.append(read(item, f"{key}[{i}]"))
            except _Skip:
                pass
        return out

    def guard(self, read: Callable[..., Any], *args: Any) -> Any:
        """``read(*args)``, or None when it met a mistake (already recorded)."""
        try:
            return read(*args)
        except _Skip:
            return None

    # -- typed accessors --

    def mapping(self, data: Any, key: str) -> dict[str, Any]:
        if not isinstance(data, dict):
            raise self.fail(key, "not_mapping")
        return data

    def seq(self, data: Any, key: str, code: str = "not_list") -> list[Any]:
        if data is None and code == "not_list":
            raise self.fail(key, "missing_list", name=key.rsplit(".", 1)[-1])
        if not isinstance(data, list) or not data:
            raise self.fail(key, code)
        return data

    def text(self, data: dict[str, Any], name: str, key: str, default: str | None = None) -> str:
        value = data.get(name, default)
        where = f"{key}.{name}" if key else name
        if value is None:
            raise self.fail(where, "missing", name=name)
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise self.fail(where, "not_text")
        return clean_text(str(value))

    def flag(self, data: dict[str, Any], name: str, key: str, default: bool) -> bool:
        value = data.get(name, default)
        if not isinstance(value, bool):
            raise self.fail(f"{key}.{name}", "not_flag", value)
        return value

    def date(self, value: Any, key: str) -> dt.date:
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, _ImpossibleDate):
            raise self.fail(key, "impossible_date", str(value))
        if isinstance(value, str):
            for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
                try:
                    return dt.datetime.strptime(value.strip(), fmt).date()
                except ValueError:
                    pass
            if re.fullmatch(r"\s*(\d{4}-\d{1,2}-\d{1,2}|\d{1,2}/\d{1,2}/\d{4})\s*", value):
                raise self.fail(key, "impossible_date", value.strip())
        raise self.fail(key, "bad_date", value)

    def unknown_keys(self, data: dict[str, Any], key: str, known: set[str]) -> None:
        for name in sorted(set(data) - known, key=str):
            self.note(
                f"{key}.{name}",
                "unknown_key",
                value=str(name),
                near=nearest(str(name), known),
                known=", ".join(sorted(known)),
            )

    def refuse_code(self, key: str, code: str, problem: str, **params: Any) -> _Skip:
        """Refuse a code, remembering it so a cite, phrase or rule naming it is not reported as well."""
        self.broken.add(code)
        return self.fail(key, problem, code, **params)

    def code_text(self, data: dict[str, Any], key: str) -> str:
        """The code as written, cleaned of invisible characters and stray blanks (with a warning when it had any)."""
        raw = data.get("code")
        code = self.text(data, "code", key)
        if isinstance(raw, str) and raw != code:
            self.note(f"{key}.code", "invisible_in_code", WARNING, code, raw=raw)
        return code

    def code(self, data: dict[str, Any], key: str, what: str, unique: bool = True) -> str:
        code = self.code_text(data, key)
        label = data.get("label") or data.get("heading") or data.get("title") or code
        taken = self.names.keys() if unique else ()
        suggestion = code_from_label(code if _CODE.fullmatch(code) else str(label), taken)
        if not _CODE.fullmatch(code):
            suggestion = code_from_label(code or str(label), taken)
            raise self.refuse_code(f"{key}.code", code, "invalid_code", suggestion=suggestion)
        if _CELL_LIKE.fullmatch(code):
            raise self.refuse_code(f"{key}.code", code, "cell_like_code", suggestion=code_from_label(str(label), taken))
        if keyword.iskeyword(code) or code.lower() in ("true", "false", "none"):
            raise self.refuse_code(f"{key}.code", code, "reserved_code", suggestion=code_from_label(str(label), taken))
        if code.lower().startswith(TABLE_NAME_PREFIX):
            raise self.refuse_code(
                f"{key}.code", code, "reserved_prefix", prefix=TABLE_NAME_PREFIX, suggestion=suggestion[4:] or "ma"
            )
        if unique:
            earlier = self.names.get(code.casefold())
            if earlier is not None:
                # Reported, then read on: the duplicate's other mistakes are worth showing too.
                self.note(f"{key}.code", "duplicate_code", value=code, earlier=earlier, suggestion=suggestion)
            else:
                self.names[code.casefold()] = f"{what} ở {self.named(key)}"
        return code

    # -- the parts of a form --

    def form(self, data: Any) -> Form:
        data = self.mapping(data, "")
        for name in sorted(set(data) - ROOT_KEYS, key=str):
            self.note(str(name), "unknown_root_key", WARNING, str(name), near=nearest(str(name), ROOT_KEYS))
        form_id = self.guard(self.text, data, "id", "")
        if form_id is not None and not _CODE.fullmatch(form_id):
            self.note("id", "invalid_form_id", value=form_id, suggestion=code_from_label(form_id))
        metadata = tuple(
            self.each(
                self.guard(self.seq, data.get("metadata", DEFAULT_METADATA), "metadata") or [],
                "metadata",
                lambda item, key: self.field(item, key, role="metadata"),
            )
        )
        indicators = tuple(
            self.each(
                self.indicator_list(data),
                "indicators",
                lambda item, key: self.field(item, key, role="indicator"),
            )
        )
        sections = tuple(
            self.each(
                self.guard(self.seq, data.get("sections"), "sections") or [],
                "sections",
                lambda item, key: self.section(item, key, level=1),
            )
        )
        tables = tuple(self.each(self.listed(data, "tables", ""), "tables", self.table))
        fields: dict[str, Field] = {}
        for item in (*metadata, *indicators):
            fields.setdefault(item.code, item)  # a duplicate code is reported; the first one stands
        form_rules = tuple(
            self.each(self.listed(data, "rules", ""), "rules", lambda item, key: self.rule(item, key, fields))
        )
        for i, indicator in enumerate(self.definition_items(data, "indicators")):
            self.phrase(indicator, f"indicators[{i}].phrase", fields)
            self.weight(indicator, f"indicators[{i}].weight", fields)
        self.citations(data, fields)
        self.previous_codes(data, metadata, indicators, tables)
        parts = {
            "version": self.guard(self.text, data, "version", ""),
            "title": self.guard(self.text, data, "title", ""),
            "period": self.guard(lambda: self.period(self.mapping(data.get("period"), "period"))),
            "agency": self.guard(lambda: self.agency(self.mapping(data.get("agency"), "agency"))),
            "units": self.guard(self.units, data),
            "report": self.guard(self.report, data.get("report") or {}, fields),
            "unusual": self.guard(self.unusual, data.get("unusual") or {}),
        }
        if any(p.severity == ERROR for p in self.problems) or None in parts.values() or form_id is None:
            raise _Skip()
        return Form(
            id=form_id,
            indicators=indicators,
            sections=sections,
            tables=tables,
            rules=form_rules,
            metadata=metadata,
            source=self.path,
            **parts,
        )

    def indicator_list(self, data: dict[str, Any]) -> list[Any]:
        items = self.guard(self.seq, data.get("indicators"), "indicators")
        self.no_indicators = items is None
        return items or []

    def unknown(self, code: str, fields: dict[str, Field]) -> bool:
        """Whether a cite, phrase or rule names a code no field has (a refused code is reported once, as such)."""
        return code not in fields and code not in self.broken and not self.no_indicators

    def listed(self, data: dict[str, Any], name: str, key: str) -> list[Any]:
        """An optional list (``tables``, ``rules``): empty when absent."""
        value = data.get(name)
        if value is None:
            return []
        if not isinstance(value, list):
            raise self.fail(f"{key}.{name}" if key else name, "not_list")
        return value

    def definition_items(self, data: dict[str, Any], name: str) -> list[Any]:
        items = data.get(name)
        return items if isinstance(items, list) else []

    def unusual(self, data: Any) -> Unusual:
        data = self.mapping(data, "unusual")
        values: dict[str, Any] = {}
        for name, low in (("ratio", 1.0), ("z", 0.0), ("min_group", 2)):
            if name in data:
                value = data[name]
                if isinstance(value, bool) or not isinstance(value, int | float) or value <= low:
                    self.note(f"unusual.{name}", "bad_threshold", value=value, low=low)
                values[name] = value
        self.unknown_keys(data, "unusual", {"ratio", "z", "min_group"})
        return Unusual(**values)

    def report(self, data: Any, fields: dict[str, Field]) -> ReportSettings:
        data = self.mapping(data, "report")
        known = {
            "actor",
            "copies_to",
            "chart",
            "number",
            "issue_date",
            "contributions",
            "unit_detail_limit",
            "body_pages",
            "unit_texts",
        }
        self.unknown_keys(data, "report", known)
        chart = tuple(str(code) for code in (self.seq(data["chart"], "report.chart") if "chart" in data else ()))
        numeric = [f.code for f in fields.values() if f.numeric and f.role == "indicator"]
        for i, code in enumerate(chart):
            if code not in numeric and code not in self.untyped and not self.no_indicators:
                self.note(f"report.chart[{i}]", "chart_not_numeric", value=code, near=nearest(code, numeric))
        if not chart:
            chart = tuple(f.code for f in fields.values() if f.role == "indicator" and f.aggregate == "sum")[:6]
        number = data.get("number")
        if number is not None and (not isinstance(number, int) or number < 1):
            self.note("report.number", "bad_report_number", value=number)
        year = month = day = None
        issued = data.get("issue_date")
        if isinstance(issued, str) and re.fullmatch(r"\d{4}-\d{1,2}", issued.strip()):
            year, month = (int(part) for part in issued.strip().split("-"))
            if not 1 <= month <= 12:
                self.note("report.issue_date", "bad_issue_month", value=month)
        elif issued is not None:
            date = self.guard(self.date, issued, "report.issue_date")
            if date is not None:
                year, month, day = date.year, date.month, date.day
        contributions = self.text(data, "contributions", "report", default="merged")
        contributions = "merged" if contributions == "lead" else contributions  # forms before 2022.2 said «lead»
        if contributions not in ("merged", "full"):
            self.note("report.contributions", "bad_contributions", value=contributions)
        limit = self.positive(data, "unit_detail_limit", ReportSettings.unit_detail_limit)
        return ReportSettings(
            contributions=contributions,
            unit_detail_limit=limit,
            body_pages=self.positive(data, "body_pages", ReportSettings.body_pages),
            unit_texts=self.guard(self.flag, data, "unit_texts", "report", False) or False,
            actor=self.text(data, "actor", "report", default=ReportSettings.actor),
            copies_to=tuple(
                clean_text(str(c))
                for c in (self.seq(data["copies_to"], "report.copies_to") if "copies_to" in data else ())
            ),
            chart=chart,
            number=number,
            issue_year=year,
            issue_month=month,
            issue_day=day,
        )

    def positive(self, data: dict[str, Any], name: str, default: int) -> int:
        """A whole number of at least 1 under ``report``."""
        value = data.get(name, default)
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            self.note(f"report.{name}", "bad_positive", value=value, example=default)
            return default
        return value

    def citations(self, data: dict[str, Any], fields: dict[str, Field]) -> None:
        """Every ``cite`` names an indicator with a phrase (read from the raw sections, so none is missed)."""
        stack = [(s, f"sections[{i}]") for i, s in enumerate(self.definition_items(data, "sections"))]
        while stack:
            section, key = stack.pop()
            if not isinstance(section, dict):
                continue
            cite = section.get("cite") or []
            for i, code in enumerate(cite if isinstance(cite, list) else []):
                code = str(code)
                if self.unknown(code, fields):
                    self.note(f"{key}.cite[{i}]", "cite_unknown_code", value=code, near=nearest(code, fields))
                elif code in fields and not fields[code].phrase:
                    self.note(f"{key}.cite[{i}]", "cite_without_phrase", value=code)
                elif code in fields and not (fields[code].numeric or fields[code].kind == "choice"):
                    if code not in self.untyped:
                        self.note(
                            f"{key}.cite[{i}]", "cite_not_figure", value=code, kind=KIND_LABELS[fields[code].kind]
                        )
            children = section.get("children") or []
            stack.extend(
                (child, f"{key}.children[{i}]")
                for i, child in enumerate(children if isinstance(children, list) else [])
            )

    def period(self, data: dict[str, Any]) -> Period:
        kind = self.text(data, "type", "period")
        if kind not in PERIOD_TYPES:
            raise self.fail(
                "period.type",
                "unknown_period_type",
                kind,
                near=nearest(kind, PERIOD_TYPES),
                options=", ".join(PERIOD_TYPES),
            )
        year = data.get("year")
        if isinstance(year, bool) or not isinstance(year, int) or not 2000 <= year <= 2100:
            raise self.fail("period.year", "bad_year", year)
        number = data.get("number")
        limit = {"month": 12, "quarter": 4}.get(kind)
        if limit is not None and (not isinstance(number, int) or not 1 <= number <= limit):
            raise self.fail("period.number", "bad_period_number", number, kind=kind, limit=limit)
        start, end, label = period_bounds(kind, year, number if limit else None)
        dates = {
            name: self.guard(self.date, data[name], f"period.{name}")
            for name in ("from", "to", "deadline")
            if name in data
        }
        if None in dates.values():
            raise _Skip()
        start, end = dates.get("from", start), dates.get("to", end)
        if start > end:
            raise self.fail("period", "period_reversed")
        if "deadline" in dates and dates["deadline"] < end:
            self.note(
                "period.deadline",
                "deadline_before_end",
                WARNING,
                dates["deadline"],
                deadline=f"{dates['deadline']:%d/%m/%Y}",
                end=f"{end:%d/%m/%Y}",
                label=label,
            )
        return Period(
            type=kind,
            year=year,
            number=number if limit else None,
            label=self.text(data, "label", "period", default=label),
            start=start,
            end=end,
            deadline=dates.get("deadline") or next_working_day(end),
        )

    def agency(self, data: dict[str, Any]) -> Agency:
        signer = self.guard(self.mapping, data.get("signer"), "agency.signer") or {}
        recipients = [
            clean_text(str(r)) for r in self.guard(self.seq, data.get("recipients"), "agency.recipients") or []
        ]
        texts = {
            name: self.guard(self.text, data, name, "agency", None if required else "")
            for name, required in (
                ("parent", True),
                ("name", True),
                ("abbreviation", True),
                ("place", True),
                ("document_code", True),
                ("drafting_unit", False),
                ("request", False),
                ("units_request", False),
            )
        }
        signs = {
            name: self.guard(self.text, signer, name, "agency.signer", "" if name == "authority" else None)
            for name in ("authority", "title", "name")
        }
        if None in texts.values() or None in signs.values() or not signer or not recipients:
            raise _Skip()
        contact = self.guard(self.contact, data.get("contact"))
        return Agency(signer=Signer(**signs), recipients=tuple(recipients), contact=contact, **texts)

    def contact(self, data: Any) -> Contact | None:
        """``agency.contact: {name, phone}``, optional; a phone YAML read as a number has lost its leading 0."""
        if data is None:
            return None
        key = "agency.contact"
        self.mapping(data, key)
        phone = data.get("phone")
        if isinstance(phone, int) and not isinstance(phone, bool):
            raise self.fail(f"{key}.phone", "phone_as_number", phone)
        name, phone = self.text(data, "name", key), self.text(data, "phone", key)
        if not PHONE.fullmatch(phone):
            raise self.fail(f"{key}.phone", "phone_not_number", phone)
        return Contact(name=name, phone=phone)

    def units(self, data: dict[str, Any]) -> tuple[Unit, ...]:
        key = "units"
        items = data.get("units")
        if items is None and "units_file" in data:
            units_path = (self.path.parent / self.text(data, "units_file", "")).resolve()
            if not units_path.is_file():
                raise self.fail("units_file", "units_file_missing", str(units_path))
            prefix = f"{units_path.name}: "
            units_definition = yaml_definition(units_path, prefix=prefix)
            self.problems.extend(units_definition.problems)
            loaded = units_definition.data
            if units_definition.problems:
                raise _Skip()
            key = prefix + "units"
            if isinstance(loaded, dict):
                items = loaded.get("units")
                self.definition.positions.update(units_definition.positions)
            else:  # a bare list: its items sit at the top of the file
                items = loaded
                for name, where in units_definition.positions.items():
                    self.definition.positions[key + name[len(prefix) :]] = where
        codes: dict[str, str] = {}
        names: dict[str, tuple[str, str]] = {}
        units = []
        for i, item in enumerate(self.seq(items, key)):
            unit = self.guard(self.unit, item, f"{key}[{i}]")
            if unit is None:
                continue
            here = self.named(f"{key}[{i}]")
            if unit.code.casefold() in codes:
                self.note(
                    f"{key}[{i}].code", "duplicate_unit_code", value=unit.code, earlier=codes[unit.code.casefold()]
                )
                continue
            codes[unit.code.casefold()] = here
            earlier_name = names.get(unit.name.casefold())
            if earlier_name is not None:
                same_group = earlier_name[1] == unit.group.casefold()
                self.note(
                    f"{key}[{i}].name",
                    "duplicate_unit_name" if same_group else "duplicate_unit_name_other_group",
                    ERROR if same_group else WARNING,
                    value=unit.name,
                    earlier=earlier_name[0],
                )
            else:
                names[unit.name.casefold()] = (here, unit.group.casefold())
            units.append(unit)
        return tuple(units)

    def unit(self, item: Any, key: str) -> Unit:
        item = self.mapping(item, key)
        code = self.code_text(item, key)
        if not _UNIT_CODE.fullmatch(code):
            suggestion = code_from_label(code).upper().replace("_", "")[:32] or "DV01"
            raise self.fail(f"{key}.code", "invalid_unit_code", code, suggestion=suggestion)
        return Unit(code=code, name=self.text(item, "name", key), group=self.text(item, "group", key))

    def field(self, data: Any, key: str, role: str, unique: bool = True) -> Field:
        data = self.mapping(data, key)
        known = {
            "code",
            "label",
            "kind",
            "unit",
            "required",
            "min",
            "max",
            "choices",
            "aggregate",
            "weight",
            "group",
            "phrase",
            "hint",
            "previous_code",
        }
        self.unknown_keys(data, key, known)
        code = self.guard(self.code, data, key, "chỉ tiêu" if role != "column" else "cột", unique)
        kind = self.text(data, "kind", key, default="text")
        if kind not in KINDS:
            self.note(f"{key}.kind", "unknown_kind", value=kind, near=nearest(kind, KINDS), options=", ".join(KINDS))
            kind = "text"  # read on as text: the other keys still get checked
            if code:
                self.untyped.add(code)
            bounds: list[Any] = [None, None]
        else:
            bounds = [self.guard(self.bound, data.get(name), f"{key}.{name}", kind) for name in ("min", "max")]
        default_aggregate = (
            ("average" if kind == "percent" else "sum") if kind in NUMERIC_KINDS and role == "indicator" else "none"
        )
        aggregate = self.text(data, "aggregate", key, default=default_aggregate)
        if aggregate not in AGGREGATES:
            self.note(
                f"{key}.aggregate",
                "unknown_aggregate",
                value=aggregate,
                near=nearest(aggregate, AGGREGATES),
                options=", ".join(AGGREGATES),
            )
        elif aggregate != "none" and kind not in NUMERIC_KINDS and data.get("kind") in KINDS:
            self.note(f"{key}.aggregate", "aggregate_not_numeric", kind=kind)
        weight = self.text(data, "weight", key, default="") or None
        if aggregate == "weighted" and weight is None:
            self.note(f"{key}.aggregate", "weight_missing")
        elif weight is not None and aggregate != "weighted" and aggregate in AGGREGATES:
            self.note(f"{key}.weight", "weight_not_weighted", value=weight)
        if bounds[0] is not None and bounds[1] is not None and bounds[0] > bounds[1]:
            self.note(f"{key}.min", "min_above_max", low=data.get("min"), high=data.get("max"))
        try:
            choices = self.choices(data, key, kind)
        except _Skip:
            if code:
                self.broken.add(code)  # refused for its choices: a cite naming it is not reported as well
            raise
        label = self.text(data, "label", key)
        if code is None:
            raise _Skip()
        return Field(
            code=code,
            label=label,
            kind=kind,
            role=role,
            unit=self.text(data, "unit", key, default="%" if kind == "percent" else ""),
            required=self.flag(data, "required", key, default=role != "column"),
            min=bounds[0],
            max=bounds[1],
            choices=choices,
            aggregate=aggregate,
            weight=weight if aggregate == "weighted" else None,
            group=self.text(data, "group", key, default="Chỉ tiêu chung" if role == "indicator" else ""),
            phrase=self.text(data, "phrase", key, default=""),
            hint=self.text(data, "hint", key, default=""),
            previous_code=self.text(data, "previous_code", key, default="") or None,
        )

    def choices(self, data: dict[str, Any], key: str, kind: str) -> tuple[str, ...]:
        if kind != "choice":
            if "choices" in data:
                self.note(f"{key}.choices", "choices_not_choice")
            return ()
        raw = self.seq(data.get("choices"), f"{key}.choices", code="missing_choices")
        choices = tuple(clean_text(str(c)) for c in raw)
        seen: set[str] = set()
        for i, choice in enumerate(choices):
            if choice.casefold() in seen:
                self.note(f"{key}.choices[{i}]", "duplicate_choice", value=choice)
            seen.add(choice.casefold())
        if any("," in c for c in choices) and sum(len(c) + 1 for c in choices) > 250:
            self.note(f"{key}.choices", "choices_too_long")
        return choices

    def bound(self, value: Any, key: str, kind: str) -> float | dt.date | None:
        if value is None:
            return None
        if kind == "date":
            return self.date(value, key)
        if kind not in NUMERIC_KINDS:
            raise self.fail(key, "bound_on_text_kind", kind=kind)
        if isinstance(value, str):
            try:
                reading = parse_number_text(value)
            except NumberTextError:
                raise self.fail(key, "bound_not_number", value) from None
            if reading.percent_sign or (reading.note and "bỏ phần chữ" in reading.note):
                raise self.fail(key, "bound_not_number", value)
            number = reading.value
            self.note(key, "bound_as_text", WARNING, value, number=number, how=reading.note or "một số")
            return number
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.fail(key, "bound_not_number", value)
        return value

    def section(self, data: Any, key: str, level: int) -> Section:
        data = self.mapping(data, key)
        known = {"code", "number", "heading", "required", "hint", "children", "input", "cite", "writer", "text", "file"}
        self.unknown_keys(data, key, known)
        code = self.guard(self.code, data, key, "mục")
        writer = self.text(data, "writer", key, default="units")
        if writer not in WRITERS:
            self.note(f"{key}.writer", "bad_writer", value=writer)
            writer = "units"
        children = tuple(
            self.each(
                self.listed(data, "children", key),
                f"{key}.children",
                lambda item, child_key: self.section(item, child_key, level + 1),
            )
        )
        takes_input = self.flag(data, "input", key, default=not data.get("children")) and writer == "units"
        heading = self.text(data, "heading", key)
        text = self.coordinator_text(data, key) if writer == "coordinator" else ""
        if writer == "units" and ("text" in data or "file" in data):
            self.note(f"{key}.text" if "text" in data else f"{key}.file", "text_not_coordinator", WARNING)
        if code is None:
            raise _Skip()
        return Section(
            code=code,
            number=self.text(data, "number", key, default=""),
            heading=heading,
            level=level,
            required=self.flag(data, "required", key, default=False) and takes_input,
            hint=self.text(data, "hint", key, default=""),
            children=children,
            takes_input=takes_input,
            cite=tuple(str(code) for code in data.get("cite") or ()),
            writer=writer,
            text=text,
        )

    def coordinator_text(self, data: dict[str, Any], key: str) -> str:
        """A coordinator's part: its ``text``, or the text of the ``file`` it names (.txt or .docx, beside the
        form). A file not there yet is a warning: the report marks the place for the text."""
        if "text" in data:
            return clean_text(self.text(data, "text", key, default=""))
        if "file" not in data:
            return ""
        name = self.text(data, "file", key, default="")
        path = (self.path.parent if self.path else Path.cwd()) / name
        try:
            return read_part(path)
        except FileNotFoundError:
            self.note(f"{key}.file", "part_file_missing", WARNING, name)
        except (OSError, ValueError):
            self.note(f"{key}.file", "part_file_unreadable", WARNING, name)
        return ""

    def table(self, data: Any, key: str) -> Table:
        data = self.mapping(data, key)
        code = self.guard(self.code, data, key, "bảng")
        columns: list[Field] = []
        codes: set[str] = set()
        labels: set[str] = set()
        items = self.guard(self.seq, data.get("columns"), f"{key}.columns") or []
        for i, column in enumerate(
            self.each(items, f"{key}.columns", lambda item, k: self.field(item, k, "column", False))
        ):
            if column.code.casefold() in codes:
                self.note(f"{key}.columns[{i}].code", "duplicate_column", value=column.code)
            if column.label.casefold() in labels:
                self.note(f"{key}.columns[{i}].label", "duplicate_column_label", value=column.label)
            codes.add(column.code.casefold())
            labels.add(column.label.casefold())
            columns.append(column)
        by_code = {c.code: c for c in columns}
        table_rules = tuple(
            self.each(self.listed(data, "rules", key), f"{key}.rules", lambda item, k: self.rule(item, k, by_code))
        )
        rows = data.get("rows", 30)
        if isinstance(rows, bool) or not isinstance(rows, int) or not 1 <= rows <= 1000:
            self.note(f"{key}.rows", "bad_rows", value=rows)
        title = self.text(data, "title", key)
        if code is None or not items:
            raise _Skip()
        return Table(code=code, title=title, columns=tuple(columns), rules=table_rules, rows=rows)

    def rule(self, data: Any, key: str, fields: dict[str, Field]) -> Rule:
        data = self.mapping(data, key)
        text = self.text(data, "expression", key)
        message = self.guard(self.text, data, "message", key)
        try:
            expression = rules.parse(text)
        except rules.RuleSyntaxError as exc:
            offset = getattr(exc.__cause__, "offset", None)  # 1-based, in the stripped text
            at = offset - 1 + len(text) - len(text.lstrip()) if offset else None
            self.note(f"{key}.expression", "rule_syntax", value=text, at=at, reason=str(exc))
            raise _Skip() from None
        for name in sorted(n for n in expression.names if self.unknown(n, fields)):
            found = re.search(rf"(?<![\w.]){re.escape(name)}(?!\w)", text)
            at = found.start() if found else None
            self.note(f"{key}.expression", "rule_unknown_code", value=name, at=at, near=nearest(name, fields))
        if message is None:
            raise _Skip()
        return Rule(expression=expression, message=message)

    def weight(self, indicator: Any, key: str, fields: dict[str, Field]) -> None:
        """A weighted aggregate's weight names a numeric indicator other than itself."""
        weight = indicator.get("weight") if isinstance(indicator, dict) else None
        if not isinstance(weight, str) or indicator.get("aggregate") != "weighted":
            return
        numeric = [f.code for f in fields.values() if f.numeric and f.role == "indicator"]
        if self.unknown(weight, fields):
            self.note(key, "weight_unknown_code", value=weight, near=nearest(weight, numeric))
        elif weight in fields and (weight not in numeric or weight == indicator.get("code")):
            if weight not in self.untyped:
                self.note(key, "weight_not_numeric", value=weight, near=nearest(weight, numeric))

    def phrase(self, indicator: Any, key: str, fields: dict[str, Field]) -> None:
        phrase = indicator.get("phrase") if isinstance(indicator, dict) else None
        if not isinstance(phrase, str):
            return
        if indicator.get("kind") == "choice" and "{" in phrase:
            # A choice's phrase is the object of «22/30 đơn vị đã ban hành …»: it has no figure to put in.
            self.note(key, "choice_phrase_placeholder", at=phrase.find("{"))
            return
        for name in re.findall(r"\{(\w+)\}", phrase):
            if name != "value" and self.unknown(name, fields):
                at = phrase.find(f"{{{name}}}")
                self.note(key, "phrase_unknown_code", value=name, at=at, near=nearest(name, fields))

    def previous_codes(
        self,
        data: dict[str, Any],
        metadata: tuple[Field, ...],
        indicators: tuple[Field, ...],
        tables: tuple[Table, ...],
    ) -> None:
        """Each ``previous_code`` is a valid code, not the field's own, not another field's current or previous code.

        Fields are checked within their scope: metadata and indicators together (one set of values per unit),
        each table's columns on their own.
        """
        raw_tables = [t for t in self.definition_items(data, "tables") if isinstance(t, dict)]
        scopes = [
            [
                *_keyed(self.definition_items(data, "metadata"), "metadata", metadata),
                *_keyed(self.definition_items(data, "indicators"), "indicators", indicators),
            ]
        ]
        for t, table in enumerate(tables):
            raw = next((r for r in raw_tables if r.get("code") == table.code), {})
            columns: list[Any] = raw["columns"] if isinstance(raw.get("columns"), list) else []
            scopes.append(list(_keyed(columns, f"tables[{t}].columns", table.columns)))
        for scope in scopes:
            current = {f.code.casefold(): key for key, f in scope}
            named: dict[str, Field] = {}
            for key, item in scope:
                old = item.previous_code
                if old is None:
                    continue
                where = f"{key}.previous_code"
                if not _CODE.fullmatch(old) or _CELL_LIKE.fullmatch(old):
                    self.note(where, "previous_code_invalid", value=old)
                elif old == item.code:
                    self.note(where, "previous_code_same", value=old)
                elif old.casefold() in current:
                    self.note(where, "previous_code_taken", value=old, other=current[old.casefold()])
                elif old.casefold() in named:
                    self.note(where, "previous_code_twice", value=old, other=named[old.casefold()].code)
                else:
                    named[old.casefold()] = item


def _keyed(raw: list[Any], key: str, fields: tuple[Field, ...]) -> Iterator[tuple[str, Field]]:
    """(key path, field) for each item that was read, by its code: items skipped for a mistake leave no gap."""
    by_code = {f.code: f for f in fields}
    for i, item in enumerate(raw):
        code = item.get("code") if isinstance(item, dict) else None
        if isinstance(code, str) and code.strip() in by_code:
            yield f"{key}[{i}]", by_code.pop(code.strip())
