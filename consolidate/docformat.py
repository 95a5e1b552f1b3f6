"""The official document layout (Decree 30/2020/NĐ-CP, appendix I) as python-docx building blocks.

Every figure of the layout lives here once: page, margins, font, sizes, column widths. The
report writer only says what goes where.
"""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

from docx.document import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.section import Section
from docx.shared import Mm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from consolidate.form import Agency

FONT = "Times New Roman"
LANGUAGE = "vi-VN"
NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = Mm(20), Mm(20), Mm(30), Mm(15)
HEADER_DISTANCE = Mm(10)
BODY_SIZE = 14
AGENCY_SIZE = 13
MOTTO_SIZE = 14
PAGE_NUMBER_SIZE = 13
RECIPIENTS_TITLE_SIZE = 12
RECIPIENTS_SIZE = 11
TABLE_SIZE = 11
APPENDIX_TABLE_SIZE = 10
FIRST_LINE_INDENT = Mm(12.7)
PARAGRAPH_SPACING = Pt(6)
LINE_SPACING = 1.15
LEFT_COLUMN, RIGHT_COLUMN = Mm(65), Mm(100)
CENTER = WD_ALIGN_PARAGRAPH.CENTER
JUSTIFY = WD_ALIGN_PARAGRAPH.JUSTIFY
LEFT = WD_ALIGN_PARAGRAPH.LEFT
RIGHT = WD_ALIGN_PARAGRAPH.RIGHT

# WordprocessingML fixes the order of child elements; Word refuses files that break it, so new
# elements go in before the first of the elements the schema puts after them.
_AFTER_P_BDR = (
    "w:shd",
    "w:tabs",
    "w:suppressAutoHyphens",
    "w:kinsoku",
    "w:wordWrap",
    "w:overflowPunct",
    "w:topLinePunct",
    "w:autoSpaceDE",
    "w:autoSpaceDN",
    "w:bidi",
    "w:adjustRightInd",
    "w:snapToGrid",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
)
_AFTER_TBL_BORDERS = (
    "w:shd",
    "w:tblLayout",
    "w:tblCellMar",
    "w:tblLook",
    "w:tblCaption",
    "w:tblDescription",
    "w:tblPrChange",
)
_AFTER_PG_NUM_TYPE = (
    "w:cols",
    "w:formProt",
    "w:vAlign",
    "w:noEndnote",
    "w:titlePg",
    "w:textDirection",
    "w:bidi",
    "w:rtlGutter",
    "w:docGrid",
    "w:printerSettings",
    "w:sectPrChange",
)


def set_run_font(run: Run, size: float | None = None, bold: bool | None = None, italic: bool | None = None) -> Run:
    """Times New Roman in all four font slots of a run, with size and emphasis."""
    run.font.name = FONT
    _set_rfonts(run._element.get_or_add_rPr())
    if size is not None:
        run.font.size = Pt(size)
    if bold is not None:
        run.font.bold = bold
    if italic is not None:
        run.font.italic = italic
    return run


def _set_rfonts(rpr: Any) -> None:
    fonts = rpr.get_or_add_rFonts()
    for slot in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(slot), FONT)


def setup_document(doc: Document, author: str, title: str = "", created: dt.datetime | None = None) -> None:
    """Styles in Times New Roman (all slots), 14 pt body, A4 portrait with the decree's margins; the text
    tagged Vietnamese and the agency as author (see :func:`document_properties`)."""
    _set_lang(doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr")))
    for name in ("Normal", "Table Grid", "Header", "Footer"):
        try:
            style = doc.styles[name]
        except KeyError:
            continue
        style.font.name = FONT  # type: ignore[union-attr]
        _set_rfonts(style.element.get_or_add_rPr())
        _set_lang(style.element.get_or_add_rPr())
    document_properties(doc, author, title, created)
    normal = doc.styles["Normal"]
    normal.font.size = Pt(BODY_SIZE)  # type: ignore[union-attr]
    fmt = normal.paragraph_format  # type: ignore[union-attr]
    fmt.space_before = Pt(0)
    fmt.space_after = PARAGRAPH_SPACING
    fmt.line_spacing_rule = WD_LINE_SPACING.MULTIPLE
    fmt.line_spacing = LINE_SPACING
    setup_section(doc.sections[0], landscape=False)


def _set_lang(rpr: Any) -> None:
    """Vietnamese for every script slot of ``rpr``: Word checks the spelling in the language a run is tagged
    with, and the template's English marked every word misspelt."""
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.insert_element_before(lang, "w:eastAsianLayout", "w:specVanish", "w:oMath")
    for slot in ("w:val", "w:eastAsia", "w:bidi"):
        lang.set(qn(slot), LANGUAGE)


def document_properties(doc: Document, author: str, title: str = "", created: dt.datetime | None = None) -> None:
    """File properties as the agency's own document: author, title, Vietnamese, dated when it was drafted
    (python-docx's template says «python-docx», 2013); Vietnamese number notation for fields too."""
    when = created or dt.datetime.now().replace(microsecond=0)
    props = doc.core_properties
    props.author = props.last_modified_by = author
    props.title, props.language, props.comments = title, LANGUAGE, ""
    props.created = props.modified = when.astimezone(dt.UTC)  # written as UTC («Z»): local times converted
    props.revision = 1
    settings = doc.settings.element
    theme = settings.find(qn("w:themeFontLang"))
    if theme is not None:
        theme.set(qn("w:val"), LANGUAGE)
    for tag, value in (("w:decimalSymbol", ","), ("w:listSeparator", ";")):
        element = settings.find(qn(tag))
        if element is not None:
            element.set(qn("w:val"), value)


def setup_section(section: Section, landscape: bool) -> None:
    """Page size, orientation and margins of one section."""
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (PAGE_HEIGHT, PAGE_WIDTH) if landscape else (PAGE_WIDTH, PAGE_HEIGHT)
    section.top_margin, section.bottom_margin = MARGIN_TOP, MARGIN_BOTTOM
    section.left_margin, section.right_margin = MARGIN_LEFT, MARGIN_RIGHT
    section.header_distance = HEADER_DISTANCE
    section.footer_distance = HEADER_DISTANCE


def text_width(section: Section) -> Any:
    """Width between the margins."""
    return section.page_width - section.left_margin - section.right_margin  # type: ignore[operator]


def page_numbers(section: Section, restart: bool) -> None:
    """Centred page number in the top margin, none on the section's first page (Decree 30)."""
    section.different_first_page_header_footer = True
    if restart:
        number_type = section._sectPr.find(qn("w:pgNumType"))
        if number_type is None:
            number_type = OxmlElement("w:pgNumType")
            section._sectPr.insert_element_before(number_type, *_AFTER_PG_NUM_TYPE)
        number_type.set(qn("w:start"), "1")
    header = section.header
    header.is_linked_to_previous = False
    paragraph = header.paragraphs[0]
    paragraph.alignment = CENTER
    for run in list(paragraph.runs):
        run._element.getparent().remove(run._element)
    _field(paragraph, "PAGE", "1", PAGE_NUMBER_SIZE)


def _field(paragraph: Paragraph, instruction: str, placeholder: str, size: float) -> None:
    """A complex field (begin, instruction, separate, result, end) Word and LibreOffice update."""
    for kind, text in (
        ("begin", None),
        ("instr", f" {instruction} "),
        ("separate", None),
        ("result", placeholder),
        ("end", None),
    ):
        run = set_run_font(paragraph.add_run(), size)
        if kind in ("begin", "separate", "end"):
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._element.append(char)
        elif kind == "instr":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._element.append(instr)
        else:
            run.text = text or ""


def new_section(doc: Document, landscape: bool) -> Section:
    """A new section on a new page, numbered from 1 (an appendix numbers its own pages)."""
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    setup_section(section, landscape)
    page_numbers(section, restart=True)
    return section


# Formatting elements made once through python-docx, then copied: its property setters search and
# insert child elements one by one, which made a report of a few hundred paragraphs take seconds.
_RUN_PROPERTIES: dict[tuple[float, bool, bool], Any] = {}
_PARAGRAPH_PROPERTIES: dict[tuple[Any, ...], Any] = {}


def _run(text: str, size: float, bold: bool, italic: bool) -> Any:
    """A ``w:r`` element: Times New Roman in all slots, size and emphasis, then the text."""
    key = (size, bold, italic)
    if key not in _RUN_PROPERTIES:
        model = OxmlElement("w:r")
        set_run_font(Run(model, None), size, bold, italic)  # type: ignore[arg-type]
        _RUN_PROPERTIES[key] = model.rPr
    run = OxmlElement("w:r")
    run.append(copy.deepcopy(_RUN_PROPERTIES[key]))
    if "\t" in text or "\n" in text or "\r" in text:
        run.text = text  # python-docx turns tabs and breaks into their elements
    else:
        piece = OxmlElement("w:t")
        piece.text = text
        piece.set(qn("xml:space"), "preserve")
        run.append(piece)
    return run


def _paragraph_properties(**settings: Any) -> Any:
    """A ``w:pPr`` element with the given paragraph_format settings (a copy of one made once)."""
    key = tuple(sorted(settings.items(), key=lambda item: item[0]))
    if key not in _PARAGRAPH_PROPERTIES:
        model = Paragraph(OxmlElement("w:p"), None)  # type: ignore[arg-type]
        for name, value in settings.items():
            setattr(model.paragraph_format, name, value)
        _PARAGRAPH_PROPERTIES[key] = model._p.pPr
    return copy.deepcopy(_PARAGRAPH_PROPERTIES[key])


def _append_block(container: Any, element: Any) -> None:
    """Add a block (paragraph) at the end of a document body, cell or header, before a closing sectPr."""
    parent = container._body._element if hasattr(container, "_body") else container._element
    if len(parent) and parent[-1].tag == qn("w:sectPr"):
        parent.insert(len(parent) - 1, element)
    else:
        parent.append(element)


def paragraph(
    container: Any,
    text: str = "",
    *,
    size: float = BODY_SIZE,
    bold: bool = False,
    italic: bool = False,
    align: Any = JUSTIFY,
    indent: bool = False,
    after: Any = PARAGRAPH_SPACING,
    before: Any = None,
    keep_with_next: bool = False,
) -> Paragraph:
    """A paragraph with one run of text in the given style."""
    element = OxmlElement("w:p")
    element.append(
        _paragraph_properties(
            alignment=align,
            space_after=after,
            space_before=Pt(0) if before is None else before,
            first_line_indent=FIRST_LINE_INDENT if indent else Mm(0),
            keep_with_next=keep_with_next,
        )
    )
    if text:
        element.append(_run(text, size, bold, italic))
    _append_block(container, element)
    return Paragraph(element, container)


def add_run(par: Paragraph, text: str, size: float = BODY_SIZE, bold: bool = False, italic: bool = False) -> Run:
    """Append a run of text to a paragraph."""
    element = _run(text, size, bold, italic)
    par._p.append(element)
    return Run(element, par)


def rule_below(container: Any, box_width: Any, width_share: float) -> Paragraph:
    """A solid line, centred, ``width_share`` of ``box_width`` wide, as a new paragraph.

    Drawn as the bottom border of an empty paragraph indented from both sides, which prints the
    same in Word and LibreOffice and needs no drawing objects.
    """
    line = container.add_paragraph()
    side = int(int(box_width) * (1 - width_share) / 2)
    fmt = line.paragraph_format
    fmt.left_indent = side
    fmt.right_indent = side
    fmt.first_line_indent = Mm(0)
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(4)
    fmt.line_spacing = Pt(3)
    p_pr = line._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    p_pr.insert_element_before(borders, *_AFTER_P_BDR)
    return line


def borderless_table(doc: Any, rows: int, widths: list[Any]) -> Table:
    """A table without borders and with fixed column widths (header and signature blocks)."""
    table = doc.add_table(rows=rows, cols=len(widths))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _borders(table, "nil")
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width
    for col, width in zip(table.columns, widths, strict=True):
        col.width = width
    return table


def grid_table(doc: Any, rows: int, widths: list[Any]) -> Table:
    """A table with thin borders and fixed column widths (appendix tables)."""
    table = borderless_table(doc, rows, widths)
    _borders(table, "single")
    return table


def _borders(table: Table, value: str) -> None:
    tbl_pr = table._tbl.tblPr
    existing = tbl_pr.find(qn("w:tblBorders"))
    if existing is not None:
        tbl_pr.remove(existing)
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), value)
        if value != "nil":
            element.set(qn("w:sz"), "4")
            element.set(qn("w:space"), "0")
            element.set(qn("w:color"), "000000")
        borders.append(element)
    tbl_pr.insert_element_before(borders, *_AFTER_TBL_BORDERS)


def cell_text(
    cell: _Cell, text: str, *, size: float = TABLE_SIZE, bold: bool = False, italic: bool = False, align: Any = LEFT
) -> Paragraph:
    """Put text in a table cell's first paragraph (one line per ``\\n``)."""
    element = cell._tc.p_lst[0]
    if element.pPr is not None:
        element.remove(element.pPr)
    element.insert(
        0,
        _paragraph_properties(
            alignment=align, space_after=Pt(0), space_before=Pt(0), line_spacing=1.0, first_line_indent=Mm(0)
        ),
    )
    lines = text.split("\n")
    for index, line in enumerate(lines):
        run = _run(line, size, bold, italic)
        if index < len(lines) - 1:
            run.append(OxmlElement("w:br"))
        element.append(run)
    return Paragraph(element, cell)


def repeat_header_row(row: Any) -> None:
    """Repeat a table row at the top of every page the table spans."""
    tr_pr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)


def keep_row_together(row: Any) -> None:
    """Do not split a row across pages."""
    tr_pr = row._tr.get_or_add_trPr()
    cant = OxmlElement("w:cantSplit")
    cant.set(qn("w:val"), "true")
    tr_pr.append(cant)


def date_line(place: str, date: dt.date | None, month: int, year: int) -> str:
    """``Lạng Sơn, ngày 05 tháng 01 năm 2026``; a draft leaves the day blank.

    Days below 10 and months 1 and 2 take a leading zero (Decree 30).
    """
    month_text = f"{month:02d}" if month <= 2 else str(month)
    day_text = f"{date.day:02d}" if date else "     "
    return f"{place}, ngày {day_text} tháng {month_text} năm {year}"


def document_number(number: int | None, code: str) -> str:
    """``Số: 05/BC-SVHTTDL``; a draft leaves the number blank."""
    return f"Số: {number:02d}/{code}" if number else f"Số:      /{code}"


# --- the blocks every official document shares ------------------------------------------------------


def centred_line(cell: _Cell) -> Paragraph:
    """A new single-spaced, centred paragraph in a table cell."""
    par = cell.add_paragraph()
    par.paragraph_format.alignment = CENTER
    par.paragraph_format.space_after = Pt(0)
    par.paragraph_format.line_spacing = 1.0
    return par


def first_page_header(doc: Document, agency: Agency, number: str, date_text: str) -> _Cell:
    """The borderless header table: bodies and number left, national motto and place/date right.

    Returns:
        The number's cell, for a line under it (a letter's «V/v …»).
    """
    table = borderless_table(doc, 2, [LEFT_COLUMN, RIGHT_COLUMN])
    left, right = table.rows[0].cells
    cell_text(left, agency.parent.upper(), size=AGENCY_SIZE, align=CENTER)
    add_run(centred_line(left), agency.name.upper(), size=AGENCY_SIZE, bold=True)
    rule_below(left, LEFT_COLUMN, 0.4)
    cell_text(right, NATION, size=AGENCY_SIZE, bold=True, align=CENTER)
    add_run(centred_line(right), MOTTO, size=MOTTO_SIZE, bold=True)
    rule_below(right, RIGHT_COLUMN, 0.62)
    number_cell, date_cell = table.rows[1].cells
    cell_text(number_cell, number, size=AGENCY_SIZE, align=CENTER)
    cell_text(date_cell, date_text, size=MOTTO_SIZE, italic=True, align=CENTER)
    return number_cell


def kinh_gui(doc: Document, names: list[str], before: Any) -> None:
    """«Kính gửi:» centred for one recipient; for several, the first on its line and the others under it."""
    if len(names) == 1:
        add_run(paragraph(doc, align=CENTER, before=before, after=Pt(12)), f"Kính gửi: {names[0]}.")
        return
    par = paragraph(doc, align=LEFT, before=before, after=Pt(12))
    par.paragraph_format.left_indent = Mm(58)
    par.paragraph_format.first_line_indent = -Mm(24)
    par.paragraph_format.tab_stops.add_tab_stop(Mm(58))
    for index, name in enumerate(names):
        last = index == len(names) - 1
        lead = "Kính gửi:\t" if index == 0 else ""
        run = add_run(par, f"{lead}- {name}{'.' if last else ';'}")
        if not last:
            run.add_break()


def signature_table(doc: Document, agency: Agency, copies_to: list[str]) -> None:
    """«Nơi nhận» (Như trên, the copies, Lưu) left; authority, title, room to sign and the name right."""
    table = borderless_table(doc, 1, [Mm(80), Mm(85)])
    keep_row_together(table.rows[0])
    left, right = table.rows[0].cells
    par = cell_text(left, "Nơi nhận:", size=RECIPIENTS_TITLE_SIZE, bold=True, italic=True)
    par.paragraph_format.space_before = Pt(12)
    drafting = f", {agency.drafting_unit}" if agency.drafting_unit else ""
    for line in ["- Như trên;", *(f"- {name};" for name in copies_to), f"- Lưu: VT{drafting}."]:
        par = left.add_paragraph()
        par.paragraph_format.space_after = Pt(0)
        par.paragraph_format.line_spacing = 1.0
        add_run(par, line, size=RECIPIENTS_SIZE)
    signer = agency.signer
    top = cell_text(right, (signer.authority or signer.title).upper(), size=BODY_SIZE, bold=True, align=CENTER)
    top.paragraph_format.space_before = Pt(12)
    if signer.authority:
        add_run(centred_line(right), signer.title.upper(), bold=True)
    space = right.add_paragraph()
    space.paragraph_format.space_after = Pt(0)
    space.paragraph_format.space_before = Mm(28)
    add_run(centred_line(right), signer.name, bold=True)


def quoted(text: str) -> str:
    """A name quoted in a document: Vietnamese “…” (the CLI and workbooks keep «…»)."""
    return f"“{text}”"
