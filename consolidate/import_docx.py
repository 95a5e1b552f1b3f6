"""Word reports in the official layout brought into the unit's template.

Some units still answer with a Word document laid out as Decree 30/2020 asks: header table, ``BÁO CÁO``,
subject, ``Kính gửi``, numbered sections, ``Nơi nhận`` and the signature. This module reads such a document,
finds the unit and the document's metadata, splits the body at its headings, places each part in the form's
narrative section it means, and writes the unit's template filled with that text. Figures written in the text
are never typed into indicators: they are listed as hints. Every body paragraph is accounted for. Nothing here
prints; problems are Vietnamese messages in the result.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import tempfile
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import docx
from docx.oxml.ns import qn
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from consolidate.errors import ConversionError, os_reason
from consolidate.files import Outputs
from consolidate.fill import fill_template
from consolidate.form import Form, Unit
from consolidate.legacy import TCVN3, VNI, convert_if_legacy, legacy_fonts, to_unicode
from consolidate.pdf import convert
from consolidate.template import template_filename, write_templates
from consolidate.text import clean_text, fold, strip_diacritics

WORD_SUFFIXES = (".docx", ".docm")
CONVERTED_SUFFIXES = (".doc", ".rtf", ".odt")  # opened through LibreOffice
MAX_FILE_BYTES = 50_000_000
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # Word 97-2003 (.doc), whatever the file is called

# Words that say the same thing in report headings; the first of each group names the idea. This is the one
# place to extend: a form's headings and hints are read through it, so a new form needs no new code.
SYNONYMS: tuple[tuple[str, ...], ...] = (
    ("kết quả", "tình hình", "đạt được", "kết quả đạt được"),
    ("thông tin", "tuyên truyền", "phổ biến", "truyền thông", "quán triệt", "tập huấn", "bồi dưỡng", "báo chí",
     "thông tin đối ngoại"),
    ("hợp tác", "đối ngoại", "đoàn ra", "đoàn vào", "giao lưu", "ngoại giao", "kết nghĩa", "thỏa thuận", "ký kết",
     "viện trợ", "dự án"),
    ("khó khăn", "vướng mắc", "hạn chế", "tồn tại", "bất cập", "yếu kém", "thiếu sót", "khuyết điểm"),
    ("nhiệm vụ", "phương hướng", "kế hoạch", "định hướng", "giải pháp", "trọng tâm", "thời gian tới", "cuối năm",
     "sắp tới", "năm tới", "tiếp theo"),
    ("kiến nghị", "đề xuất", "đề nghị"),
    ("tổ chức thực hiện", "chỉ đạo điều hành", "phân công"),
    ("phụ lục", "kèm theo"),
)  # fmt: skip
_STOP_WORDS = frozenset(
    "và của các những trong về với cho tại đã được là có đến từ theo này đó trên một số năm tháng đầu để như sau "
    "việc công tác đơn vị lĩnh vực ngày nêu nội dung mục hoạt động".split()
)
SURE_SCORE = 0.4  # a heading this close to a section's heading and hint is placed without doubt
FLOOR_SCORE = 0.08  # below this, text that matches nothing follows the section before it
TITLE_WORD_WEIGHT = 0.2  # words of the form's title ("hội nhập quốc tế") say little about the section
HINT_WEIGHT = 0.5
UNKNOWN_WORD_IDF = 1.0

# Abbreviations of unit names, on folded text (the longer spellings first).
_ABBREVIATIONS: tuple[tuple[str, str], ...] = (
    (r"vh\s*,?\s*tt\s*(?:&|và)\s*dl|vhttdl", "văn hóa thể thao và du lịch"),
    (r"lđ\s*[-–,]?\s*tb\s*(?:&|và)\s*xh|lđtbxh", "lao động thương binh và xã hội"),
    (r"nn\s*(?:&|và)\s*ptnt|nnptnt", "nông nghiệp và phát triển nông thôn"),
    (r"kh\s*(?:&|và)\s*cn|khcn", "khoa học và công nghệ"),
    (r"kh\s*(?:&|và)\s*đt|khđt", "kế hoạch và đầu tư"),
    (r"tn\s*(?:&|và)\s*mt|tnmt", "tài nguyên và môi trường"),
    (r"gd\s*(?:&|và)\s*đt|gdđt", "giáo dục và đào tạo"),
    (r"tt\s*(?:&|và)\s*tt|tttt", "thông tin và truyền thông"),
    (r"gt\s*(?:&|và)\s*vt|gtvt", "giao thông vận tải"),
    (r"ubnd", "ủy ban nhân dân"),
    (r"hđnd", "hội đồng nhân dân"),
    (r"bchqs", "bộ chỉ huy quân sự"),
    (r"bđbp", "bộ đội biên phòng"),
    (r"bql", "ban quản lý"),
    (r"kkt", "khu kinh tế"),
    (r"tp\.?", "thành phố"),
)
_ABBREVIATION_PATTERNS = tuple((re.compile(rf"(?<!\w)(?:{p})(?!\w)"), full) for p, full in _ABBREVIATIONS)
UNIT_SURE_SCORE = 0.75
UNIT_MARGIN = 0.15

_ROMAN = re.compile(r"^(?P<number>[IVX]{1,4})\s*[.):-]\s*(?P<label>\S.*)$")
_ARABIC = re.compile(r"^(?P<number>\d{1,2}(?:\.\d{1,2})*)\s*[.)]\s*(?P<label>[^\d\s].*)$")
_LETTER = re.compile(r"^(?P<number>[a-zđ])\s*\)\s*(?P<label>\S.*)$")
MAX_HEADING_CHARS = 200
_NUMBER_LINE = re.compile(r"\bSố\s*[:.]?\s*(?P<number>\d*)\s*/\s*(?P<code>[^\s,;]+)", re.IGNORECASE)
_DATE_LINE = re.compile(
    r"(?:(?P<place>[^,]+),\s*)?ngày\s*(?P<day>\d{1,2})?[\s._…]*tháng\s*(?P<month>\d{1,2})?[\s._…]*"
    r"năm\s*(?P<year>\d{4})",
    re.IGNORECASE,
)
_AUTHORITY = re.compile(r"^(?P<prefix>KT|TM|TL|TUQ|Q)\s*\.\s*(?P<rest>.*)$")
_TITLE_PREFIXES = frozenset(("phó", "quyền", "chánh"))
_REQUEST_OPENINGS = ("căn cứ", "thực hiện", "theo ", "phúc đáp", "triển khai")
_CLOSING_OPENINGS = ("trên đây",)
_NUMBER = re.compile(r"(?<![\w/.,-])\d+(?:[.,]\d+)*(?:\s?%)?(?![\w/])")
_NOT_A_FIGURE_BEFORE = frozenset(("ngày", "tháng", "năm", "quý", "số", "điều", "khoản", "khóa", "giai", "đoạn"))
_NOT_A_FIGURE_AFTER = frozenset(("tháng", "năm"))
_FIGURE_CONTEXT_STOP = frozenset("và của các những trong về với cho tại là có đến từ theo gồm sang trên".split())
_RUNS = "./w:r | ./w:hyperlink/w:r | ./w:ins/w:r | ./w:smartTag/w:r | ./w:fldSimple/w:r | ./w:sdt/w:sdtContent/w:r"
_ENCODING_NAMES = {TCVN3: "TCVN3 (ABC, phông .VnTime)", VNI: "VNI (phông VNI-Times)"}


@dataclass
class Placement:
    """Where one body paragraph of the document went.

    ``paragraph`` counts the non-empty paragraphs of the body from 1; ``section`` is the form section's code
    (a heading that only repeats a section's title names that section too), or None for the opening request
    and the closing sentence, which go to the metadata.
    """

    paragraph: int
    text: str
    section: str | None
    reason: str


@dataclass
class ImportResult:
    """What one Word document gave: unit, metadata, where each paragraph went, and what needs a look."""

    source: Path
    unit: str | None = None
    output: Path | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    placements: list[Placement] = field(default_factory=list)
    numbers: dict[str, list[str]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


class _Unreadable(Exception):
    """The file cannot be read as a Word document; the message is Vietnamese."""


# --- public API ----------------------------------------------------------------------------------------------


def import_documents(paths: list[Path], form: Form, out_dir: Path, unit: str | None = None) -> list[ImportResult]:
    """Import several Word reports; a second document of the same unit never overwrites the first.

    Args:
        paths: The documents (.docx, or .doc/.rtf/.odt through LibreOffice).
        form: The form whose templates are filled.
        out_dir: Where the filled workbooks go.
        unit: A unit code for every document, instead of reading it from the header.

    Returns:
        One result per path, in order.

    Raises:
        OutputError: the output folder cannot be written.
    """
    written: set[Path] = set()
    with Outputs() as outputs:  # every workbook of the batch, or none (one left open in Excel stops them all)
        return [_import(path, form, out_dir, unit, written, outputs) for path in paths]


def import_document(path: Path, form: Form, out_dir: Path, unit: str | None = None) -> ImportResult:
    """Read one Word report and write the unit's template filled with what it says.

    Args:
        path: The document; only read.
        form: The form whose template is filled.
        out_dir: Where ``<form_id>_<unit>.xlsx`` is written.
        unit: The unit's code, when the header does not say it clearly.

    Returns:
        The result; ``output`` is None when nothing was written (unit not sure, unreadable file).

    Raises:
        OutputError: the output folder cannot be written.
    """
    with Outputs() as outputs:
        return _import(path, form, out_dir, unit, set(), outputs)


def _import(
    path: Path, form: Form, out_dir: Path, unit: str | None, written: set[Path], outputs: Outputs
) -> ImportResult:
    result = ImportResult(source=path)
    with tempfile.TemporaryDirectory(prefix="consolidate-docx-") as work:
        try:
            document = _open(path, Path(work))
        except _Unreadable as exc:
            result.problems.append(str(exc))
            return result
        try:
            parsed = _Parsed.read(document, form, result)
        except Exception as exc:  # the file boundary: one odd document never stops a batch
            result.problems.append(
                f"Không đọc được nội dung văn bản «{path.name}» do lỗi kỹ thuật ({type(exc).__name__}: "
                f"{str(exc)[:200]}). Hãy nhập báo cáo này bằng biểu mẫu Excel."
            )
            return result
    chosen = _choose_unit(form, parsed, unit, result)
    if chosen is None:
        return result
    result.unit = chosen.code
    _require_sections(form, parsed.narratives, result)
    result.problems.append(
        "Số liệu ghi trong văn bản không được nhập tự động vào các chỉ tiêu: hãy nhập ở trang «Chỉ tiêu» "
        "(các con số tìm thấy ở từng mục được liệt kê để tiện đối chiếu)."
    )
    result.output = _write(form, chosen, result, parsed.narratives, out_dir, written, outputs)
    written.add(result.output)
    return result


# --- opening ----------------------------------------------------------------------------------------------------


def _open(path: Path, work: Path) -> Any:
    """The python-docx document, old formats converted through LibreOffice first."""
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError as exc:
        raise _Unreadable(f"Không đọc được tệp «{path.name}» ({os_reason(exc)}).") from exc
    if size > MAX_FILE_BYTES:
        raise _Unreadable(f"Tệp «{path.name}» quá lớn ({size // 1_000_000} MB) để là một văn bản báo cáo.")
    suffix = path.suffix.lower()
    if suffix in CONVERTED_SUFFIXES or head.startswith(_OLE_MAGIC):
        path = _convert_old(path, work)
    elif suffix not in WORD_SUFFIXES:
        raise _Unreadable(
            f"Tệp «{path.name}» không phải văn bản Word (.docx hoặc .doc) nên không nhập được. "
            "Hãy chọn đúng tệp báo cáo bằng Word."
        )
    try:
        return docx.Document(str(path))
    except Exception as exc:  # the file boundary: a damaged or mislabelled file is a problem, not a crash
        raise _Unreadable(
            f"Tệp «{path.name}» không mở được như văn bản Word (hỏng, hoặc không phải .docx). Hãy mở tệp bằng Word "
            "hoặc LibreOffice, lưu lại dạng .docx rồi chạy lại."
        ) from exc


def _convert_old(path: Path, work: Path) -> Path:
    """A .docx copy of an old-format document, made by LibreOffice in ``work``."""
    try:
        return convert(path, "docx", work)
    except ConversionError as exc:
        if exc.tool_missing:
            raise _Unreadable(
                f"«{path.name}» là văn bản Word kiểu cũ; cần LibreOffice để chuyển sang .docx nhưng máy chưa cài. "
                "Hãy cài LibreOffice (https://www.libreoffice.org), hoặc mở tệp bằng Word, chọn «Lưu thành» "
                "→ «Tài liệu Word (.docx)», rồi chạy lại với tệp .docx."
            ) from exc
        raise _Unreadable(str(exc)) from exc  # the conversion's message says what to do


# --- reading text -------------------------------------------------------------------------------------------------


@dataclass
class _Para:
    """One paragraph as displayed: Unicode text, whether it is bold, page breaks around its text."""

    text: str
    bold: bool = False
    break_before: bool = False
    break_after: bool = False


_Columns = tuple[list[_Para], list[_Para]]  # lines of a layout table's left and right columns


class _Reader:
    """Paragraph text with legacy-font runs converted to Unicode; remembers the encodings it met."""

    def __init__(self, document: Any) -> None:
        self.encodings: set[str] = set()
        self.default_font = _default_font(document)

    def paragraph(self, paragraph: Paragraph) -> _Para:
        texts: list[str] = []
        bolds: list[bool] = []
        by_font = False
        for element in paragraph._p.xpath(_RUNS):
            run = Run(element, paragraph)
            text, converted = self.run_text(run, paragraph)
            texts.append(text)
            by_font = by_font or converted
            if text.strip():
                bolds.append(_resolve(run.bold, run.style, paragraph.style, "bold") or False)
        text = "".join(texts)
        if not by_font:
            text, encoding = convert_if_legacy(text)  # legacy bytes whose font was replaced by a Unicode one
            if encoding:
                self.encodings.add(encoding)
        before, after = _page_breaks(paragraph)
        return _Para(clean_text(text), bool(bolds) and all(bolds), before, after)

    def run_text(self, run: Run, paragraph: Paragraph) -> tuple[str, bool]:
        """The run's text as displayed, and whether it was in a legacy font (then converted)."""
        text = run.text
        if run.font.all_caps:
            text = text.upper()
        font = _resolve(run.font.name, run.style, paragraph.style, "name") or self.default_font
        encoding = _font_encoding(font)
        if encoding is None or not text.strip():
            return text, False
        capitals = encoding == TCVN3 and font.strip().lower().endswith("h")
        converted = to_unicode(text, encoding, capitals=capitals)
        if not text.isascii():
            self.encodings.add(encoding)
        return (converted.upper() if capitals else converted), True

    def cell_lines(self, cell: Any) -> list[_Para]:
        return [p for p in (self.paragraph(par) for par in cell.paragraphs) if p.text]


def _resolve(direct: Any, run_style: Any, paragraph_style: Any, attribute: str) -> Any:
    """A run's font property: set on the run, else on its character style, else on the paragraph's style."""
    if direct is not None:
        return direct
    for style in (*_chain(run_style), *_chain(paragraph_style)):
        value = getattr(style.font, attribute, None)
        if value is not None:
            return value
    return None


def _chain(style: Any) -> Iterator[Any]:
    while style is not None:
        yield style
        style = style.base_style


def _default_font(document: Any) -> str:
    fonts = document.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:rFonts')}")
    return fonts.get(qn("w:ascii"), "") if fonts is not None else ""


def _font_encoding(font: str | None) -> str | None:
    if not font or not legacy_fonts([font]):
        return None
    return TCVN3 if font.strip().lower().startswith(".vn") else VNI


def _page_breaks(paragraph: Paragraph) -> tuple[bool, bool]:
    """Whether a page break comes before the paragraph's first text, and after its last."""
    events = []
    for element in paragraph._p.iter(qn("w:t"), qn("w:br"), qn("w:lastRenderedPageBreak")):
        if element.tag == qn("w:t"):
            if (element.text or "").strip():
                events.append("text")
        elif element.tag == qn("w:lastRenderedPageBreak") or element.get(qn("w:type")) == "page":
            events.append("break")
    before = paragraph.paragraph_format.page_break_before is True
    if "text" not in events:
        return before or "break" in events, "break" in events
    first, last = events.index("text"), len(events) - 1 - events[::-1].index("text")
    return before or "break" in events[:first], "break" in events[last:]


# --- the document's parts -----------------------------------------------------------------------------------------


@dataclass
class _Chunk:
    """A body paragraph, or two joined because a page break split a sentence."""

    indices: list[int]
    texts: list[str]
    bold: bool

    @property
    def text(self) -> str:
        return " ".join(self.texts)


@dataclass
class _Parsed:
    """The document read: metadata into the result, body placed, narratives per section."""

    issuer_lines: list[str] = field(default_factory=list)
    issuer_code: str = ""
    narratives: dict[str, str] = field(default_factory=dict)

    @classmethod
    def read(cls, document: Any, form: Form, result: ImportResult) -> _Parsed:
        parsed = cls()
        reader = _Reader(document)
        blocks = list(document.iter_inner_content())
        start, end, header, signature = _frame(blocks, reader)
        parsed.header(header, result)
        paragraphs = [p for p in (_para_of(block, reader) for block in blocks[start:end]) if p is not None]
        paragraphs = paragraphs[_front_matter(paragraphs, result) :]
        if signature is not None:
            _signature(signature, result)
        else:
            result.problems.append(
                "Không thấy bảng «Nơi nhận» và chữ ký ở cuối văn bản; hãy điền người ký và chức vụ ở trang «Thông tin»."
            )
        chunks = _join_page_breaks(paragraphs, result)
        parsed.narratives = _Placer(form, result).place(chunks)
        result.numbers = {code: found for code, text in parsed.narratives.items() if (found := _figures(text))}
        for encoding in sorted(reader.encodings):
            result.problems.append(
                f"Văn bản có chữ gõ bằng bảng mã cũ {_ENCODING_NAMES[encoding]}; đã chuyển sang Unicode. "
                "Hãy đọc lại nội dung đã nhập; lần sau hãy gõ bằng Unicode với phông Times New Roman."
            )
        return parsed

    def header(self, lines: _Columns, result: ImportResult) -> None:
        left, right = lines
        numbered = next((i for i, p in enumerate(left) if _NUMBER_LINE.search(p.text)), len(left))
        self.issuer_lines = _issuer(left[:numbered])
        result.metadata["co_quan_ban_hanh"] = " ".join(self.issuer_lines)
        for para in [*left, *right]:
            if (match := _NUMBER_LINE.search(para.text)) and "so_van_ban" not in result.metadata:
                self.number(match, result)
            if (match := _DATE_LINE.search(para.text)) and "ngay_van_ban" not in result.metadata:
                _date(match, result)

    def number(self, match: re.Match[str], result: ImportResult) -> None:
        code = match["code"].rstrip(".")
        self.issuer_code = code.split("-", 1)[1] if "-" in code else code
        result.metadata["ky_hieu"] = code
        if match["number"]:
            result.metadata["so_van_ban"] = f"{match['number']}/{code}"
        else:
            result.metadata["so_van_ban"] = None
            result.problems.append(
                f"Văn bản chưa có số («Số: …/{code}»), có thể là bản dự thảo; hãy điền số văn bản ở trang «Thông tin»."
            )


def _frame(blocks: list[Any], reader: _Reader) -> tuple[int, int, _Columns, _Columns | None]:
    """Where the content starts and ends, and the lines of the header and of the signature block."""
    texts = [_block_text(block, reader) for block in blocks]
    first = next((i for i, text in enumerate(texts) if text), 0)
    start = first
    if first < len(blocks) and isinstance(blocks[first], DocxTable):
        header = _columns(blocks[first], reader)
        start = first + 1
    else:  # a header typed as paragraphs: everything above «BÁO CÁO»
        start = next((i for i, text in enumerate(texts) if _is_title(text)), first)
        lines = [reader.paragraph(b) for b in blocks[first:start] if isinstance(b, Paragraph)]
        header = ([p for p in lines if p.text], [p for p in lines if p.text])
    after = range(start, len(blocks))
    signed = [i for i in after if isinstance(blocks[i], DocxTable) and "nơi nhận" in fold(texts[i])]
    if signed:
        return start, signed[-1], header, _columns(blocks[signed[-1]], reader)
    end = next((i for i in after if fold(texts[i]).startswith("nơi nhận")), len(blocks))
    if end == len(blocks):
        return start, end, header, None
    left: list[_Para] = []
    right: list[_Para] = []
    for i in after[end - start :]:  # «Nơi nhận» typed as paragraphs: its list, then the signature lines
        para = reader.paragraph(blocks[i]) if isinstance(blocks[i], Paragraph) else _Para("")
        if para.text:
            (left if i == end or para.text[:1] in "-–+" else right).append(para)
    return start, end, header, (left, right)


def _block_text(block: Any, reader: _Reader) -> str:
    if isinstance(block, DocxTable):
        left, right = _columns(block, reader)
        return " ".join(p.text for p in [*left, *right])
    return reader.paragraph(block).text


def _columns(table: DocxTable, reader: _Reader) -> _Columns:
    """Lines of a layout table's first and last columns (merged cells counted once)."""
    left: list[_Para] = []
    right: list[_Para] = []
    seen: set[int] = set()
    for row in table.rows:
        cells = row.cells
        for side, cell in ((left, cells[0]), (right, cells[-1])):
            if id(cell._tc) not in seen:
                seen.add(id(cell._tc))
                side.extend(reader.cell_lines(cell))
    return left, right


def _para_of(block: Any, reader: _Reader) -> _Para | None:
    """A body paragraph; a table inside the body becomes one line per row, so nothing is lost."""
    if isinstance(block, Paragraph):
        para = reader.paragraph(block)
        return para if para.text or para.break_before or para.break_after else None
    rows = [" | ".join(reader.paragraph(p).text for cell in row.cells for p in cell.paragraphs) for row in block.rows]
    text = "\n".join(row for row in rows if row.strip(" |"))
    return _Para(text) if text else None


def _is_title(text: str) -> bool:
    return re.sub(r"\s+", "", fold(text)) == "báocáo"


def _issuer(lines: list[_Para]) -> list[str]:
    """The issuing body's lines: the bold ones under a regular parent line (``UBND TỈNH …``)."""
    lines = [p for p in lines if not _key(p.text).startswith(("cộng hòa", "độc lập"))]
    bold = [p.text for p in lines if p.bold]
    if bold and len(bold) < len(lines):
        return bold
    texts = [p.text for p in lines]
    if len(texts) > 1 and re.match(r"(ủy ban nhân dân|ubnd) tỉnh|bộ |tỉnh ủy", _key(texts[0])):
        return texts[1:]
    return texts


def _date(match: re.Match[str], result: ImportResult) -> None:
    result.metadata["dia_danh"] = (match["place"] or "").strip() or None
    if not (match["day"] and match["month"]):
        result.metadata["ngay_van_ban"] = None
        result.problems.append(
            f"Ngày ký văn bản để trống («{match.group().strip()}»), có thể là bản dự thảo; "
            "hãy điền ngày ký ở trang «Thông tin»."
        )
        return
    try:
        result.metadata["ngay_van_ban"] = dt.date(int(match["year"]), int(match["month"]), int(match["day"]))
    except ValueError:
        result.metadata["ngay_van_ban"] = None
        result.problems.append(f"Ngày ký «{match.group().strip()}» không có thật; hãy điền đúng ngày ký.")


def _front_matter(paragraphs: list[_Para], result: ImportResult) -> int:
    """Read ``BÁO CÁO``, the subject and ``Kính gửi``; return where the body starts in ``paragraphs``."""
    shown = [i for i, p in enumerate(paragraphs) if p.text]  # empty paragraphs only carry page breaks
    texts = [paragraphs[i].text for i in shown]
    title = next((i for i, t in enumerate(texts) if _is_title(t)), None)
    if title is None:
        result.problems.append("Không thấy dòng «BÁO CÁO» ở đầu văn bản; phần nội dung được tính từ sau phần đầu.")
        position = 0
    else:
        position = title + 1
        subject: list[str] = []
        while position < len(texts) and len(subject) < 3 and not _is_recipient(texts[position]):
            if subject and (not paragraphs[shown[position]].bold or _ROMAN.match(texts[position])):
                break
            subject.append(texts[position])
            position += 1
        result.metadata["trich_yeu"] = " ".join(subject) or None
    if position < len(texts) and _is_recipient(texts[position]):
        position = _recipients(texts, position, result)
    return shown[position] if position < len(shown) else len(paragraphs)


def _is_recipient(text: str) -> bool:
    return fold(text).startswith("kính gửi")


def _recipients(texts: list[str], position: int, result: ImportResult) -> int:
    first = texts[position].split(":", 1)[1].strip() if ":" in texts[position] else ""
    names = [first] if first else []
    position += 1
    while position < len(texts) and (not names or names[-1].endswith(";")) and texts[position][:1] in "-–+":
        names.append(texts[position].lstrip("-–+ ").strip())
        position += 1
    result.metadata["kinh_gui"] = "; ".join(n.rstrip(";.").strip() for n in names if n) or None
    return position


def _signature(columns: _Columns, result: ImportResult) -> None:
    """The signer's title (normal case) and name, and the authority line (``KT. GIÁM ĐỐC``)."""
    left, right = columns
    result.metadata["noi_nhan"] = [p.text.lstrip("-–+ ").rstrip(";.") for p in left[1:]]
    lines = [p.text for p in right if not p.text.startswith("(")]
    caps = []
    for line in lines:
        if not _is_caps(line):
            break
        caps.append(line)
    names = [line for line in lines[len(caps) :] if line.strip()]
    result.metadata["tham_quyen"] = " / ".join(line for line in caps if _AUTHORITY.match(line)) or None
    result.metadata["chuc_vu_nguoi_ky"] = _title(caps)
    result.metadata["nguoi_ky"] = _name(names[-1]) if names else None
    for code, label in (("chuc_vu_nguoi_ky", "chức vụ người ký"), ("nguoi_ky", "họ tên người ký")):
        if not result.metadata[code]:
            result.problems.append(f"Không đọc được {label} ở khối chữ ký; hãy điền ở trang «Thông tin».")


def _title(lines: list[str]) -> str | None:
    """``KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC`` → ``Phó Giám đốc``; ``Q. GIÁM ĐỐC`` → ``Quyền Giám đốc``."""
    own = [line for line in lines if not _AUTHORITY.match(line)]
    if own:
        return _normal_case(own[-1])
    if not lines:
        return None
    match = _AUTHORITY.match(lines[-1])
    assert match is not None
    prefix = "Quyền " if match["prefix"] == "Q" else ""
    return prefix + _normal_case(match["rest"]) if prefix else _normal_case(match["rest"])


def _normal_case(title: str) -> str:
    words = title.lower().split()
    return " ".join(w.capitalize() if i == 0 or words[i - 1] in _TITLE_PREFIXES else w for i, w in enumerate(words))


def _name(line: str) -> str:
    return " ".join(w.capitalize() for w in line.split()) if _is_caps(line) else line


def _is_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _join_page_breaks(paragraphs: list[_Para], result: ImportResult) -> list[_Chunk]:
    """Number the body's paragraphs and join the ones a page break cut in the middle of a sentence."""
    chunks: list[_Chunk] = []
    pending = False  # a page break since the last paragraph with text
    index = 0
    for para in paragraphs:
        if not para.text:
            pending = pending or para.break_before or para.break_after
            continue
        index += 1
        previous = chunks[-1] if chunks else None
        cut = pending or para.break_before
        if previous is not None and cut and _continues(previous.texts[-1], para.text):
            previous.indices.append(index)
            previous.texts.append(para.text)
            result.problems.append(
                f"Đoạn {index - 1} và {index} bị ngắt trang giữa câu («…{previous.texts[-2][-40:]}» / "
                f"«{para.text[:40]}…»); đã nối lại thành một đoạn."
            )
        else:
            chunks.append(_Chunk([index], [para.text], para.bold))
        pending = para.break_after
    return chunks


def _continues(before: str, after: str) -> bool:
    return (
        not before.rstrip().endswith((".", ":", ";", "!", "?"))
        and after[:1].islower()
        and not _heading_of(_Chunk([], [before], False))
    )


# --- headings and sections ----------------------------------------------------------------------------------------


@dataclass
class _Heading:
    kind: str  # roman | arabic | letter | caps | bold
    level: int
    label: str  # the heading without its number


def _heading_of(chunk: _Chunk) -> _Heading | None:
    """The chunk as a heading, when it is one: numbered, lettered, in capitals, or a short bold line."""
    text = chunk.text
    if len(text) > MAX_HEADING_CHARS or "\n" in text:
        return None
    if match := _ROMAN.match(text):
        return _Heading("roman", 1, match["label"])
    if match := _ARABIC.match(text):
        plain = len(text) <= 120 and not text.endswith((".", ";", ","))
        if chunk.bold or _is_caps(match["label"]) or plain:
            return _Heading("arabic", 2 + match["number"].count("."), match["label"])
    if match := _LETTER.match(text):
        return _Heading("letter", 4, text)
    if _is_caps(text) and len(text.split()) >= 2:
        return _Heading("caps", 1, text)
    if chunk.bold and len(text) <= 150 and not text.endswith((".", ";", ",")):
        return _Heading("bold", 4, text)
    return None


@dataclass
class _Part:
    """A heading and the paragraphs under it (the first part may have no heading)."""

    heading: _Chunk | None
    info: _Heading | None
    body: list[_Chunk]
    parent: _Part | None
    target: str | None = None  # the form section the heading stands for (may have children)
    sure: bool = False
    inherited: bool = False
    reason: str = ""

    @property
    def label(self) -> str:
        return self.info.label if self.info else ""

    @property
    def content(self) -> str:
        return " ".join(chunk.text for chunk in self.body if not _is_closing(chunk))


def _parts(chunks: list[_Chunk]) -> list[_Part]:
    parts: list[_Part] = []
    for chunk in chunks:
        info = _heading_of(chunk)
        if info is None:
            if not parts:
                parts.append(_Part(None, None, [], None))
            parts[-1].body.append(chunk)
            continue
        parent = next((p for p in reversed(parts) if p.info and p.info.level < info.level), None)
        parts.append(_Part(chunk, info, [], parent))
    return parts


def _is_closing(chunk: _Chunk) -> bool:
    return fold(chunk.text).startswith(_CLOSING_OPENINGS)


def _key(text: str) -> str:
    """A comparison key: folded, with the old tone placement (``hoá``, ``uỷ``) moved as in ``hóa``, ``ủy``."""
    decomposed = unicodedata.normalize("NFD", fold(text))
    moved = re.sub(r"(?<!q)([ou])([aey])([\u0300\u0301\u0303\u0309\u0323])(?!\w)", r"\1\3\2", decomposed)
    return unicodedata.normalize("NFC", moved)


class _Terms:
    """Words of a text as ideas: synonym phrases become one idea (``#khó khăn``), stop words go."""

    def __init__(self, synonyms: Iterable[tuple[str, ...]]) -> None:
        self.phrases = {tuple(_key(p).split()): "#" + group[0] for group in synonyms for p in group}
        self.longest = max(len(p) for p in self.phrases)

    def __call__(self, text: str) -> Counter[str]:
        words = re.findall(r"[^\W\d_]+", _key(text))
        found: Counter[str] = Counter()
        i = 0
        while i < len(words):
            for size in range(min(self.longest, len(words) - i), 0, -1):
                idea = self.phrases.get(tuple(words[i : i + size]))
                if idea:
                    found[idea] += 1
                    i += size
                    break
            else:
                if words[i] not in _STOP_WORDS:
                    found[words[i]] += 1
                i += 1
        return found


class _SectionMatcher:
    """How close a text's words are to each form section's heading and hint (idf-weighted cosine)."""

    def __init__(self, form: Form) -> None:
        self.terms = _Terms(SYNONYMS)
        self.topic = {t for t in self.terms(form.title) if not t.startswith("#")}
        sections = list(form.walk_sections())
        self.profiles = {s.code: self.vector(s.heading) + self.vector(s.hint, HINT_WEIGHT) for s in sections}
        counts = Counter(t for profile in self.profiles.values() for t in profile)
        self.idf = {t: math.log(1 + len(sections) / n) for t, n in counts.items()}
        self.norms = {code: self.norm(profile) for code, profile in self.profiles.items()}

    def vector(self, text: str, weight: float = 1.0) -> Counter[str]:
        found = self.terms(text)
        return Counter({t: n * weight * (TITLE_WORD_WEIGHT if t in self.topic else 1.0) for t, n in found.items()})

    def norm(self, vector: Counter[str]) -> float:
        return math.sqrt(sum((n * self.idf.get(t, UNKNOWN_WORD_IDF)) ** 2 for t, n in vector.items()))

    def scores(self, text: str, codes: Iterable[str]) -> dict[str, float]:
        vector = self.vector(text)
        norm = self.norm(vector)
        out = {}
        for code in codes:
            profile, size = self.profiles[code], self.norms[code]
            dot = sum(n * profile[t] * self.idf[t] ** 2 for t, n in vector.items() if t in profile)
            out[code] = dot / (norm * size) if norm and size else 0.0
        return out


def _best(scores: dict[str, float]) -> tuple[str | None, float]:
    if not scores:
        return None, 0.0
    code = max(scores, key=lambda c: scores[c])  # ties: the first in document order
    return code, scores[code]


class _Placer:
    """Decides the section of every part and records a placement for every paragraph."""

    def __init__(self, form: Form, result: ImportResult) -> None:
        self.form, self.result = form, result
        self.matcher = _SectionMatcher(form)
        self.sections = {s.code: s for s in form.walk_sections()}
        self.inputs = [s.code for s in form.input_sections()]
        self.texts: dict[str, list[str]] = {}
        self.current: str | None = None  # the input section the last text went to
        self.opened: str | None = None  # the form section the last dropped heading stood for

    def place(self, chunks: list[_Chunk]) -> dict[str, str]:
        for part in _parts(chunks):
            if part.info is None:
                self.intro(part)
            else:
                self.decide(part)
                self.record(part)
        return {code: "\n".join(self.texts[code]) for code in self.inputs if self.texts.get(code)}

    # -- decisions --

    def decide(self, part: _Part) -> None:
        parent = part.parent
        if parent is not None and parent.sure and parent.target in self.inputs:
            part.target, part.sure, part.inherited = parent.target, True, True
            part.reason = f"nằm dưới tiêu đề «{parent.label}» của mục «{self.title(parent.target)}»"
            return
        scoped = parent is not None and parent.sure and parent.target not in self.inputs
        scope = self.descendants(parent.target) if scoped and parent and parent.target else list(self.sections)
        code, score = _best(self.matcher.scores(part.label, scope))
        if score < SURE_SCORE and scoped:
            code, score = _best(self.matcher.scores(part.label, self.sections))
        if code is not None and score >= SURE_SCORE:
            part.target, part.sure = code, True
            part.reason = f"tiêu đề «{part.label}» khớp mục «{self.title(code)}» (độ khớp {score:.2f})"
            return
        self.catch_all(part, scope)

    def catch_all(self, part: _Part, scope: list[str]) -> None:
        text = f"{part.label} {part.label} {part.content}"  # the heading counts twice the body
        code, score = _best(self.matcher.scores(text, scope))
        if code is None or score < FLOOR_SCORE:
            code = self.current or next(c for c in scope if c in self.inputs)
            why = "mục liền trước"
        else:
            why = f"mục gần nghĩa nhất, độ khớp thấp {score:.2f}"
        part.target = code
        part.reason = f"tiêu đề «{part.label}» không khớp rõ mục nào của biểu mẫu; xếp vào {why}"
        self.result.problems.append(
            f"Phần «{part.label}» (đoạn {part.heading.indices[0] if part.heading else '?'}) không khớp rõ mục nào "
            f"của biểu mẫu; đã xếp vào mục «{self.title(self.leaf(code, part))}» ({why}). Hãy kiểm tra lại."
        )

    def leaf(self, code: str, part: _Part) -> str:
        """The input section for a part's text: a section with children passes it to its best child."""
        if code in self.inputs:
            return code
        children = [c for c in self.descendants(code) if c in self.inputs]
        best, score = _best(self.matcher.scores(part.content, children))
        return best if best is not None and score > 0 else children[0]

    def descendants(self, code: str) -> list[str]:
        found: list[str] = []
        stack = list(reversed(self.sections[code].children))
        while stack:
            section = stack.pop()
            found.append(section.code)
            stack.extend(reversed(section.children))
        return found

    def title(self, code: str) -> str:
        return self.sections[code].title

    # -- records --

    def intro(self, part: _Part) -> None:
        body = list(part.body)
        if body and fold(body[0].text).startswith(_REQUEST_OPENINGS):
            request = body.pop(0)
            self.result.metadata["can_cu"] = request.text
            self.note(request, None, "căn cứ, yêu cầu mà báo cáo trả lời (ghi vào thông tin văn bản)")
        for chunk in body:  # no heading to go by: each paragraph by its own words, else with the one before
            code, score = _best(self.matcher.scores(chunk.text, self.inputs))
            target = code if code is not None and score >= FLOOR_SCORE else self.current or self.inputs[0]
            self.result.problems.append(
                f"Đoạn {chunk.indices[0]} không nằm dưới tiêu đề nào; đã xếp vào mục «{self.title(target)}». "
                "Hãy kiểm tra lại."
            )
            self.text(chunk, target, "đoạn không có tiêu đề, xếp vào mục gần nghĩa nhất")

    def record(self, part: _Part) -> None:
        assert part.heading is not None and part.info is not None and part.target is not None
        leaf = self.leaf(part.target, part)
        opens = part.sure and not part.inherited and part.info.kind != "letter" and part.target != self.opened
        if opens:
            self.opened = part.target
            self.note(part.heading, part.target, f"tiêu đề, ứng với mục «{self.title(part.target)}» của biểu mẫu")
        else:
            keep = part.info.label if part.info.kind in ("roman", "arabic") else part.heading.text
            self.text(part.heading, leaf, f"dòng tiêu đề giữ trong nội dung; {part.reason}", shown=keep)
        reason = part.reason if part.target == leaf else f"nội dung chung dưới «{part.label}», xếp vào mục con"
        for chunk in part.body:
            if _is_closing(chunk):
                self.result.metadata["ket_luan"] = chunk.text
                self.note(chunk, None, "câu kết của văn bản («Trên đây là…»), không chép vào mục nào")
            else:
                self.text(chunk, leaf, reason)

    def text(self, chunk: _Chunk, code: str, reason: str, shown: str | None = None) -> None:
        text = _strip_end_mark(shown if shown is not None else chunk.text)
        self.texts.setdefault(code, []).append(text)
        self.current = code
        self.note(chunk, code, reason)

    def note(self, chunk: _Chunk, code: str | None, reason: str) -> None:
        for i, (index, text) in enumerate(zip(chunk.indices, chunk.texts, strict=True)):
            why = reason
            if len(chunk.indices) > 1:
                why += f"; nối với đoạn {chunk.indices[1]} (bị ngắt trang)" if i == 0 else ""
                why = f"nối vào đoạn {chunk.indices[0]} (câu bị ngắt trang)" if i else why
            self.result.placements.append(Placement(index, text, code, why))


def _strip_end_mark(text: str) -> str:
    """The body's closing mark ``./.`` is not part of the section's text."""
    return re.sub(r"\s*\./\.\s*$", ".", text)


def _require_sections(form: Form, narratives: dict[str, str], result: ImportResult) -> None:
    for section in form.input_sections():
        if section.required and section.code not in narratives:
            result.problems.append(
                f"Văn bản không có nội dung cho mục bắt buộc «{section.title}»; đơn vị cần bổ sung vào trang "
                "«Nội dung» (nếu không có gì để báo cáo, ghi «Không có»)."
            )


def _figures(text: str) -> list[str]:
    """Figures written in a section's text with the words after them (``35 tin``), dates and years left out."""
    found = []
    for match in _NUMBER.finditer(text):
        before = text[: match.start()].split()[-1:] or [""]
        words = re.split(r"[,.;:()\n]", text[match.end() :], maxsplit=1)[0].split()[:3]
        if fold(before[0]) in _NOT_A_FIGURE_BEFORE or (words and fold(words[0]) in _NOT_A_FIGURE_AFTER):
            continue
        stop = next((i for i, w in enumerate(words) if fold(w) in _FIGURE_CONTEXT_STOP), len(words))
        found.append(" ".join([match.group(), *words[:stop]]))
    return found


# --- the unit -------------------------------------------------------------------------------------------------------


def _unit_words(text: str) -> list[str]:
    key = _key(text)
    for pattern, full in _ABBREVIATION_PATTERNS:
        key = pattern.sub(full, key)
    return [w for w in re.findall(r"\w+", key) if w != "và"]


def _ascii(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]", "", strip_diacritics(text)).upper()


class _UnitMatcher:
    """Scores the form's units against the issuing body as written (idf-weighted F1 over name words)."""

    def __init__(self, form: Form) -> None:
        self.units = form.units
        self.words = {u.code: set(_unit_words(u.name)) for u in self.units}
        counts = Counter(w for words in self.words.values() for w in words)
        self.weight = {w: math.log(1 + len(self.units) / n) for w, n in counts.items()}
        self.unknown = math.log(1 + len(self.units))
        self.ignorable = set(_unit_words(form.agency.place)) | {"tỉnh"}  # "SỞ KH&CN TỈNH LẠNG SƠN"

    def score(self, text: str, code: str) -> float:
        written, name = set(_unit_words(text)), self.words[code]
        common = sum(self.weight[w] for w in written & name)
        extra = sum(self.weight.get(w, self.unknown) for w in written - name - self.ignorable)
        total = sum(self.weight[w] for w in name)
        if not common or not total:
            return 0.0
        recall, precision = common / total, common / (common + extra)
        return 2 * recall * precision / (recall + precision)

    def ranked(self, lines: list[str]) -> list[tuple[float, Unit]]:
        candidates = [" ".join(lines), *lines] if lines else []
        scored = [(max((self.score(t, u.code) for t in candidates), default=0.0), u) for u in self.units]
        return sorted(scored, key=lambda item: -item[0])

    def by_code(self, code: str) -> set[str]:
        """Units whose code, or the initials of whose name, equal the document code's issuer part."""
        wanted = _ascii(code)
        if not wanted:
            return set()
        return {
            u.code for u in self.units if wanted in (_ascii(u.code), _ascii("".join(w[0] for w in _unit_words(u.name))))
        }


def _choose_unit(form: Form, parsed: _Parsed, override: str | None, result: ImportResult) -> Unit | None:
    """The unit: as given, or read from the header when one unit is clearly meant; else a problem."""
    if override:
        unit = form.unit(override)
        if unit is None:
            result.problems.append(
                f"Không có đơn vị mã «{override}» trong biểu mẫu «{form.id}»; không ghi tệp. "
                f"Xem danh sách mã đơn vị bằng lệnh: consolidate schema {form.id} --json"
            )
        return unit
    matcher = _UnitMatcher(form)
    ranked = matcher.ranked(parsed.issuer_lines)
    coded = matcher.by_code(parsed.issuer_code)
    (best_score, best), second = ranked[0], (ranked[1][0] if len(ranked) > 1 else 0.0)
    if best_score >= UNIT_SURE_SCORE and best_score - second >= UNIT_MARGIN and (not coded or best.code in coded):
        return best
    if len(coded) == 1 and best_score < UNIT_SURE_SCORE:
        unit = next(u for u in form.units if u.code in coded)
        result.problems.append(
            f"Tên cơ quan ban hành «{' '.join(parsed.issuer_lines)}» không khớp rõ đơn vị nào; đã xác định đơn vị "
            f"{unit.code} ({unit.name}) theo ký hiệu văn bản «{parsed.issuer_code}». Hãy kiểm tra lại."
        )
        return unit
    _ask_for_unit(parsed, ranked, coded, result)
    return None


def _ask_for_unit(parsed: _Parsed, ranked: list[tuple[float, Unit]], coded: set[str], result: ImportResult) -> None:
    close = [u for score, u in ranked[:3] if score >= 0.3]
    close += [u for _, u in ranked if u.code in coded and u not in close]
    written = " ".join(parsed.issuer_lines) or "(không đọc được)"
    listed = "; ".join(f"{u.code} ({u.name})" for u in close)
    example = f", ví dụ --unit {close[0].code}" if close else " (mã đơn vị trong danh sách của biểu mẫu)"
    result.problems.append(
        f"Không xác định chắc chắn được đơn vị báo cáo: cơ quan ban hành ghi «{written}»"
        + (f", ký hiệu «{parsed.issuer_code}»" if parsed.issuer_code else "")
        + (f"; các đơn vị gần nhất: {listed}" if listed else "; không đơn vị nào trong danh sách khớp")
        + f". Chưa ghi tệp nào. Hãy chạy lại với --unit MÃ{example}."
    )


# --- writing ---------------------------------------------------------------------------------------------------------


def _write(
    form: Form,
    unit: Unit,
    result: ImportResult,
    narratives: dict[str, str],
    out_dir: Path,
    written: set[Path],
    outputs: Outputs,
) -> Path:
    """Fill the unit's template with the metadata and narratives; indicators stay empty for the unit to type."""
    values: dict[str, Any] = {}
    for item in form.metadata:
        value = result.metadata.get(item.code)
        if isinstance(value, dt.date):
            value = dt.datetime(value.year, value.month, value.day)
        if value:
            values[item.code] = value
    target = out_dir / template_filename(form, unit)
    copy = 2
    while target in written:  # two documents of one unit in one run: keep both, «run» picks the newer
        target = out_dir / f"{form.id}_{unit.code}_{copy}.xlsx"
        copy += 1
    if copy > 2:
        result.problems.append(
            f"Đơn vị {unit.code} đã có một văn bản khác trong lần nhập này; tệp này ghi thành «{target.name}» "
            "để không ghi đè. Khi tổng hợp, bản có ngày ký mới hơn được dùng."
        )
    with tempfile.TemporaryDirectory(prefix="consolidate-docx-") as work:
        write_templates(form, Path(work), [unit.code])
        fill_template(form, Path(work) / template_filename(form, unit), outputs.add(target), values, narratives)
    return target
