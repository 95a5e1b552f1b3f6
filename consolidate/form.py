"""Form definitions: the YAML model of one report type and its current campaign.

A definition is loaded once, checked completely, and then used read-only by every stage. Every
mistake in the YAML is reported with the file, the key path (``indicators[3].kind``), what is
wrong and how to fix it.
"""

from __future__ import annotations

import datetime as dt
import keyword
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from consolidate import rules
from consolidate.errors import FormError, os_reason
from consolidate.formsource import WORKBOOK_SUFFIXES, YAML_SUFFIXES
from consolidate.text import clean_text

KINDS = ("integer", "decimal", "percent", "text", "choice", "date")
NUMERIC_KINDS = ("integer", "decimal", "percent")
# Decimals shown in every output (summary workbook and report alike), so they print the same numbers.
DISPLAY_DECIMALS = {"integer": 0, "decimal": 1, "percent": 1}
AGGREGATES = ("sum", "average", "min", "max", "none")
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
    group: str = ""
    phrase: str = ""
    hint: str = ""

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

    @property
    def title(self) -> str:
        """Number and heading as printed: ``I. TÌNH HÌNH…`` or ``1. Thông tin…``."""
        return f"{self.number}. {self.heading}" if self.number else self.heading


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
    contributions: str = "lead"  # "lead": each unit's first paragraph in the body, full texts appended
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
        FormError: with file, key path, the mistake and how to fix it.
    """
    path = resolve_form_path(name)
    if path.suffix.lower() in WORKBOOK_SUFFIXES:
        from consolidate.formbook import pinned, workbook_definition

        definition = workbook_definition(path)
        try:
            return _Loader(path).form(definition.data)
        except FormError as exc:
            raise pinned(exc, definition) from exc
    data = _load_yaml(path)
    return _Loader(path).form(data)


def _load_yaml(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise FormError(f"{path}: tệp không ở mã UTF-8. Hãy lưu lại tệp với mã UTF-8.") from exc
    except OSError as exc:
        raise FormError(f"{path}: không đọc được tệp ({os_reason(exc)}).") from exc
    try:
        # libyaml when PyYAML has it: a list of 3,321 communes loads in a tenth of the time.
        return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except ValueError as exc:  # PyYAML builds dates itself: 2022-06-31 fails here
        raise FormError(
            f"{path}: có một ngày không tồn tại ({exc}). Kiểm tra các ngày trong tệp, ví dụ 2022-06-30."
        ) from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (dòng {mark.line + 1}, cột {mark.column + 1})" if mark else ""
        problem = getattr(exc, "problem", None) or "không đúng cú pháp YAML"
        raise FormError(f"{path}{where}: lỗi cú pháp YAML: {problem}. Kiểm tra thụt lề và dấu hai chấm.") from exc


class _Loader:
    """Reads the YAML tree while keeping the key path for messages."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.names: dict[str, str] = {name.casefold(): "(tên hệ thống)" for name in SYSTEM_NAMES}

    def fail(self, key: str, what: str, fix: str) -> FormError:
        return FormError(f"{self.path}: mục «{key}»: {what}. {fix}")

    # -- typed accessors --

    def mapping(self, data: Any, key: str) -> dict[str, Any]:
        if not isinstance(data, dict):
            raise self.fail(key, "phải là một nhóm khóa: giá trị", "Viết dạng «khóa: giá trị», mỗi khóa một dòng.")
        return data

    def seq(self, data: Any, key: str) -> list[Any]:
        if not isinstance(data, list) or not data:
            raise self.fail(
                key, "phải là một danh sách không rỗng", "Viết mỗi phần tử trên một dòng bắt đầu bằng «- »."
            )
        return data

    def text(self, data: dict[str, Any], name: str, key: str, default: str | None = None) -> str:
        value = data.get(name, default)
        if value is None:
            raise self.fail(f"{key}.{name}", "còn thiếu", f"Thêm khóa «{name}:» với nội dung phù hợp.")
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise self.fail(f"{key}.{name}", "phải là một dòng chữ", "Viết giá trị trên cùng dòng với khóa.")
        return clean_text(str(value))

    def flag(self, data: dict[str, Any], name: str, key: str, default: bool) -> bool:
        value = data.get(name, default)
        if not isinstance(value, bool):
            raise self.fail(
                f"{key}.{name}", f"phải là true hoặc false, không phải «{value}»", "Viết true (có) hoặc false (không)."
            )
        return value

    def date(self, value: Any, key: str) -> dt.date:
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str):
            for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
                try:
                    return dt.datetime.strptime(value.strip(), fmt).date()
                except ValueError:
                    pass
        raise self.fail(key, f"«{value}» không phải ngày", "Viết ngày dạng 2022-06-17 hoặc 17/06/2022.")

    def code(self, data: dict[str, Any], key: str, what: str, unique: bool = True) -> str:
        code = self.text(data, "code", key)
        if not _CODE.fullmatch(code):
            raise self.fail(
                f"{key}.code",
                f"mã «{code}» không hợp lệ",
                "Mã chỉ gồm chữ cái không dấu, chữ số và dấu gạch dưới, bắt đầu bằng chữ cái "
                "(tối đa 64 ký tự), ví dụ doan_ra.",
            )
        if _CELL_LIKE.fullmatch(code):
            raise self.fail(
                f"{key}.code",
                f"mã «{code}» trông giống địa chỉ ô Excel nên không dùng làm tên được",
                "Hãy đặt mã có chữ mô tả, ví dụ chi_tieu_01 thay cho CT01.",
            )
        if keyword.iskeyword(code) or code.lower() in ("true", "false", "none"):
            raise self.fail(f"{key}.code", f"mã «{code}» là từ khóa dành riêng", "Hãy đặt mã khác.")
        if code.lower().startswith(TABLE_NAME_PREFIX):
            raise self.fail(
                f"{key}.code",
                f"mã «{code}» bắt đầu bằng «{TABLE_NAME_PREFIX}» là tiền tố dành riêng",
                "Hãy đặt mã khác.",
            )
        if unique:
            earlier = self.names.get(code.casefold())
            if earlier is not None:
                raise self.fail(
                    f"{key}.code",
                    f"mã «{code}» trùng với {earlier} (Excel không phân biệt chữ hoa, chữ thường)",
                    "Mỗi chỉ tiêu, mục, bảng phải có một mã riêng.",
                )
            self.names[code.casefold()] = f"{what} ở «{key}»"
        return code

    # -- the parts of a form --

    def form(self, data: Any) -> Form:
        data = self.mapping(data, "(gốc tệp)")
        form_id = self.text(data, "id", "(gốc)")
        if not _CODE.fullmatch(form_id):
            raise self.fail(
                "id",
                f"mã biểu mẫu «{form_id}» không hợp lệ",
                "Dùng chữ không dấu, chữ số và dấu gạch dưới, ví dụ hoi_nhap_quoc_te.",
            )
        metadata = tuple(
            self.field(item, f"metadata[{i}]", role="metadata")
            for i, item in enumerate(self.seq(data.get("metadata", DEFAULT_METADATA), "metadata"))
        )
        indicators = tuple(
            self.field(item, f"indicators[{i}]", role="indicator")
            for i, item in enumerate(self.seq(data.get("indicators"), "indicators"))
        )
        sections = tuple(
            self.section(item, f"sections[{i}]", level=1)
            for i, item in enumerate(self.seq(data.get("sections"), "sections"))
        )
        tables = tuple(self.table(item, f"tables[{i}]") for i, item in enumerate(data.get("tables") or []))
        fields = {f.code: f for f in (*metadata, *indicators)}
        form_rules = tuple(self.rule(item, f"rules[{i}]", fields) for i, item in enumerate(data.get("rules") or []))
        for i, indicator in enumerate(indicators):
            self.phrase(indicator, f"indicators[{i}].phrase", fields)
        self.citations(sections, fields)
        return Form(
            id=form_id,
            version=self.text(data, "version", "(gốc)"),
            title=self.text(data, "title", "(gốc)"),
            period=self.period(self.mapping(data.get("period"), "period")),
            agency=self.agency(self.mapping(data.get("agency"), "agency")),
            units=self.units(data),
            indicators=indicators,
            sections=sections,
            tables=tables,
            rules=form_rules,
            metadata=metadata,
            report=self.report(data.get("report") or {}, fields),
            unusual=self.unusual(data.get("unusual") or {}),
            source=self.path,
        )

    def unusual(self, data: Any) -> Unusual:
        data = self.mapping(data, "unusual")
        values: dict[str, Any] = {}
        for name, low in (("ratio", 1.0), ("z", 0.0), ("min_group", 2)):
            if name in data:
                value = data[name]
                if isinstance(value, bool) or not isinstance(value, int | float) or value <= low:
                    raise self.fail(f"unusual.{name}", f"«{value}» không hợp lệ", f"Viết một số lớn hơn {low}.")
                values[name] = value
        unknown = sorted(set(data) - {"ratio", "z", "min_group"})
        if unknown:
            raise self.fail(f"unusual.{unknown[0]}", "khóa này không được hỗ trợ", "Dùng ratio, z, min_group.")
        return Unusual(**values)

    def report(self, data: Any, fields: dict[str, Field]) -> ReportSettings:
        data = self.mapping(data, "report")
        known = {"actor", "copies_to", "chart", "number", "issue_date", "contributions", "unit_detail_limit"}
        unknown = sorted(set(data) - known)
        if unknown:
            raise self.fail(
                f"report.{unknown[0]}", "khóa này không được hỗ trợ", f"Các khóa dùng được: {', '.join(sorted(known))}."
            )
        chart = tuple(str(code) for code in (self.seq(data["chart"], "report.chart") if "chart" in data else ()))
        for i, code in enumerate(chart):
            if code not in fields or not fields[code].numeric or fields[code].role != "indicator":
                raise self.fail(
                    f"report.chart[{i}]", f"«{code}» không phải chỉ tiêu dạng số", "Chỉ đưa mã chỉ tiêu số vào biểu đồ."
                )
        if not chart:
            chart = tuple(f.code for f in fields.values() if f.role == "indicator" and f.aggregate == "sum")[:6]
        number = data.get("number")
        if number is not None and (not isinstance(number, int) or number < 1):
            raise self.fail(
                "report.number", f"số văn bản «{number}» không hợp lệ", "Viết một số nguyên dương, ví dụ 15."
            )
        year = month = day = None
        issued = data.get("issue_date")
        if isinstance(issued, str) and re.fullmatch(r"\d{4}-\d{1,2}", issued.strip()):
            year, month = (int(part) for part in issued.strip().split("-"))
            if not 1 <= month <= 12:
                raise self.fail("report.issue_date", f"tháng «{month}» không hợp lệ", "Viết dạng 2022-06.")
        elif issued is not None:
            date = self.date(issued, "report.issue_date")
            year, month, day = date.year, date.month, date.day
        contributions = self.text(data, "contributions", "report", default="lead")
        if contributions not in ("lead", "full"):
            raise self.fail("report.contributions", f"«{contributions}» không có", "Chọn lead hoặc full.")
        limit = data.get("unit_detail_limit", ReportSettings.unit_detail_limit)
        if not isinstance(limit, int) or isinstance(limit, bool) or limit < 1:
            raise self.fail(
                "report.unit_detail_limit", f"«{limit}» không hợp lệ", "Viết một số nguyên dương, ví dụ 100."
            )
        return ReportSettings(
            contributions=contributions,
            unit_detail_limit=limit,
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

    def citations(self, sections: tuple[Section, ...], fields: dict[str, Field]) -> None:
        stack = [(s, f"sections[{i}]") for i, s in enumerate(sections)]
        while stack:
            section, key = stack.pop()
            for i, code in enumerate(section.cite):
                if code not in fields:
                    raise self.fail(f"{key}.cite[{i}]", f"không có chỉ tiêu mã «{code}»", "Kiểm tra lại chính tả mã.")
                if not fields[code].phrase:
                    raise self.fail(
                        f"{key}.cite[{i}]",
                        f"chỉ tiêu «{code}» chưa có câu trích dẫn (phrase)",
                        "Thêm phrase cho chỉ tiêu đó.",
                    )
            stack.extend((child, f"{key}.children[{i}]") for i, child in enumerate(section.children))

    def period(self, data: dict[str, Any]) -> Period:
        kind = self.text(data, "type", "period")
        if kind not in PERIOD_TYPES:
            raise self.fail("period.type", f"loại kỳ «{kind}» không có", f"Chọn một trong: {', '.join(PERIOD_TYPES)}.")
        year = data.get("year")
        if not isinstance(year, int) or not 2000 <= year <= 2100:
            raise self.fail("period.year", f"năm «{year}» không hợp lệ", "Viết năm bằng bốn chữ số, ví dụ 2022.")
        number = data.get("number")
        limit = {"month": 12, "quarter": 4}.get(kind)
        if limit is not None and (not isinstance(number, int) or not 1 <= number <= limit):
            raise self.fail(
                "period.number", f"kỳ «{kind}» cần số thứ tự từ 1 đến {limit}", f"Thêm «number:» (1–{limit})."
            )
        start, end, label = period_bounds(kind, year, number if limit else None)
        if "from" in data:
            start = self.date(data["from"], "period.from")
        if "to" in data:
            end = self.date(data["to"], "period.to")
        if start > end:
            raise self.fail("period", "ngày bắt đầu sau ngày kết thúc", "Sửa lại «from» và «to».")
        deadline = self.date(data["deadline"], "period.deadline") if "deadline" in data else next_working_day(end)
        return Period(
            type=kind,
            year=year,
            number=number if limit else None,
            label=self.text(data, "label", "period", default=label),
            start=start,
            end=end,
            deadline=deadline,
        )

    def agency(self, data: dict[str, Any]) -> Agency:
        signer = self.mapping(data.get("signer"), "agency.signer")
        recipients = [clean_text(str(r)) for r in self.seq(data.get("recipients"), "agency.recipients")]
        return Agency(
            parent=self.text(data, "parent", "agency"),
            name=self.text(data, "name", "agency"),
            abbreviation=self.text(data, "abbreviation", "agency"),
            place=self.text(data, "place", "agency"),
            document_code=self.text(data, "document_code", "agency"),
            drafting_unit=self.text(data, "drafting_unit", "agency", default=""),
            signer=Signer(
                authority=self.text(signer, "authority", "agency.signer", default=""),
                title=self.text(signer, "title", "agency.signer"),
                name=self.text(signer, "name", "agency.signer"),
            ),
            recipients=tuple(recipients),
            request=self.text(data, "request", "agency", default=""),
        )

    def units(self, data: dict[str, Any]) -> tuple[Unit, ...]:
        key = "units"
        items = data.get("units")
        if items is None and "units_file" in data:
            units_path = (self.path.parent / self.text(data, "units_file", "(gốc)")).resolve()
            if not units_path.is_file():
                raise self.fail(
                    "units_file",
                    f"không tìm thấy tệp «{units_path}»",
                    "Sửa đường dẫn (tính từ thư mục chứa tệp biểu mẫu).",
                )
            loaded = _load_yaml(units_path)
            items = loaded.get("units") if isinstance(loaded, dict) else loaded
            key = f"{units_path.name}: units"
        seen: set[str] = set()
        units = []
        for i, item in enumerate(self.seq(items, key)):
            item = self.mapping(item, f"{key}[{i}]")
            code = self.text(item, "code", f"{key}[{i}]")
            if not _UNIT_CODE.fullmatch(code):
                raise self.fail(
                    f"{key}[{i}].code",
                    f"mã đơn vị «{code}» không hợp lệ",
                    "Dùng chữ không dấu, chữ số, «_» hoặc «-», tối đa 32 ký tự.",
                )
            if code.casefold() in seen:
                raise self.fail(f"{key}[{i}].code", f"mã đơn vị «{code}» bị trùng", "Mỗi đơn vị một mã riêng.")
            seen.add(code.casefold())
            units.append(
                Unit(
                    code=code,
                    name=self.text(item, "name", f"{key}[{i}]"),
                    group=self.text(item, "group", f"{key}[{i}]"),
                )
            )
        return tuple(units)

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
            "group",
            "phrase",
            "hint",
        }
        unknown = sorted(set(data) - known)
        if unknown:
            raise self.fail(
                f"{key}.{unknown[0]}", "khóa này không được hỗ trợ", f"Các khóa dùng được: {', '.join(sorted(known))}."
            )
        code = self.code(data, key, "chỉ tiêu" if role != "column" else "cột", unique=unique)
        kind = self.text(data, "kind", key, default="text")
        if kind not in KINDS:
            raise self.fail(f"{key}.kind", f"kiểu «{kind}» không có", f"Chọn một trong: {', '.join(KINDS)}.")
        default_aggregate = (
            ("average" if kind == "percent" else "sum") if kind in NUMERIC_KINDS and role == "indicator" else "none"
        )
        aggregate = self.text(data, "aggregate", key, default=default_aggregate)
        if aggregate not in AGGREGATES:
            raise self.fail(
                f"{key}.aggregate", f"cách tổng hợp «{aggregate}» không có", f"Chọn một trong: {', '.join(AGGREGATES)}."
            )
        if aggregate != "none" and kind not in NUMERIC_KINDS:
            raise self.fail(
                f"{key}.aggregate",
                f"chỉ tiêu kiểu «{kind}» không cộng, tính trung bình được",
                "Dùng aggregate: none cho chỉ tiêu không phải số.",
            )
        bounds = [self.bound(data.get(name), f"{key}.{name}", kind) for name in ("min", "max")]
        if bounds[0] is not None and bounds[1] is not None and bounds[0] > bounds[1]:  # type: ignore[operator]
            raise self.fail(f"{key}.min", "giá trị nhỏ nhất lớn hơn giá trị lớn nhất", "Đổi lại min và max.")
        choices: tuple[str, ...] = ()
        if kind == "choice":
            raw = self.seq(data.get("choices"), f"{key}.choices")
            choices = tuple(clean_text(str(c)) for c in raw)
            if len({c.casefold() for c in choices}) != len(choices):
                raise self.fail(f"{key}.choices", "có lựa chọn bị trùng", "Mỗi lựa chọn chỉ ghi một lần.")
            if any("," in c for c in choices) and sum(len(c) + 1 for c in choices) > 250:
                raise self.fail(f"{key}.choices", "danh sách lựa chọn quá dài", "Rút gọn các lựa chọn.")
        elif "choices" in data:
            raise self.fail(
                f"{key}.choices", "chỉ dùng cho kiểu choice", "Xóa khóa choices hoặc đổi kind thành choice."
            )
        return Field(
            code=code,
            label=self.text(data, "label", key),
            kind=kind,
            role=role,
            unit=self.text(data, "unit", key, default="%" if kind == "percent" else ""),
            required=self.flag(data, "required", key, default=role != "column"),
            min=bounds[0],
            max=bounds[1],
            choices=choices,
            aggregate=aggregate,
            group=self.text(data, "group", key, default="Chỉ tiêu chung" if role == "indicator" else ""),
            phrase=self.text(data, "phrase", key, default=""),
            hint=self.text(data, "hint", key, default=""),
        )

    def bound(self, value: Any, key: str, kind: str) -> float | dt.date | None:
        if value is None:
            return None
        if kind == "date":
            return self.date(value, key)
        if kind not in NUMERIC_KINDS:
            raise self.fail(key, f"kiểu «{kind}» không có giới hạn số", "Xóa min/max hoặc đổi kiểu.")
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.fail(key, f"«{value}» không phải số", "Viết số bằng chữ số, dấu chấm thập phân, ví dụ 12.5.")
        return value

    def section(self, data: Any, key: str, level: int) -> Section:
        data = self.mapping(data, key)
        known = {"code", "number", "heading", "required", "hint", "children", "input", "cite"}
        unknown = sorted(set(data) - known)
        if unknown:
            raise self.fail(
                f"{key}.{unknown[0]}", "khóa này không được hỗ trợ", f"Các khóa dùng được: {', '.join(sorted(known))}."
            )
        code = self.code(data, key, "mục")
        children = tuple(
            self.section(item, f"{key}.children[{i}]", level + 1) for i, item in enumerate(data.get("children") or [])
        )
        takes_input = self.flag(data, "input", key, default=not children)
        return Section(
            code=code,
            number=self.text(data, "number", key, default=""),
            heading=self.text(data, "heading", key),
            level=level,
            required=self.flag(data, "required", key, default=False) and takes_input,
            hint=self.text(data, "hint", key, default=""),
            children=children,
            takes_input=takes_input,
            cite=tuple(str(code) for code in data.get("cite") or ()),
        )

    def table(self, data: Any, key: str) -> Table:
        data = self.mapping(data, key)
        code = self.code(data, key, "bảng")
        columns: list[Field] = []
        seen: set[str] = set()
        for i, item in enumerate(self.seq(data.get("columns"), f"{key}.columns")):
            column = self.field(item, f"{key}.columns[{i}]", role="column", unique=False)
            if column.code.casefold() in seen:
                raise self.fail(f"{key}.columns[{i}].code", f"mã cột «{column.code}» bị trùng", "Mỗi cột một mã riêng.")
            if column.label.casefold() in {c.label.casefold() for c in columns}:
                raise self.fail(
                    f"{key}.columns[{i}].label", f"tên cột «{column.label}» bị trùng", "Excel cần tên cột khác nhau."
                )
            seen.add(column.code.casefold())
            columns.append(column)
        by_code = {c.code: c for c in columns}
        table_rules = tuple(
            self.rule(item, f"{key}.rules[{i}]", by_code) for i, item in enumerate(data.get("rules") or [])
        )
        rows = data.get("rows", 30)
        if not isinstance(rows, int) or not 1 <= rows <= 1000:
            raise self.fail(f"{key}.rows", "số dòng kẻ sẵn phải từ 1 đến 1000", "Ví dụ rows: 30.")
        return Table(
            code=code, title=self.text(data, "title", key), columns=tuple(columns), rules=table_rules, rows=rows
        )

    def rule(self, data: Any, key: str, fields: dict[str, Field]) -> Rule:
        data = self.mapping(data, key)
        text = self.text(data, "expression", key)
        try:
            expression = rules.parse(text)
        except rules.RuleSyntaxError as exc:
            raise self.fail(f"{key}.expression", str(exc), "Ví dụ đúng: nguoi_ra >= doan_ra.") from exc
        unknown = sorted(expression.names - set(fields))
        if unknown:
            raise self.fail(
                f"{key}.expression", f"mã «{unknown[0]}» không phải chỉ tiêu nào", "Kiểm tra lại chính tả mã."
            )
        return Rule(expression=expression, message=self.text(data, "message", key))

    def phrase(self, indicator: Field, key: str, fields: dict[str, Field]) -> None:
        for name in re.findall(r"\{(\w+)\}", indicator.phrase):
            if name != "value" and name not in fields:
                raise self.fail(
                    key,
                    f"câu trích dẫn dùng «{{{name}}}» nhưng không có chỉ tiêu mã «{name}»",
                    "Dùng {value} hoặc mã của một chỉ tiêu khác.",
                )
