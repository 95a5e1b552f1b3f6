"""The consolidated narrative report, in the official layout, ready for signature.

The wording comes from the form: headings from its sections, figures through its indicators'
phrases, recipients and signer from its agency. Nothing here is specific to one report type.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sized
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.text import WD_COLOR_INDEX
from docx.shared import Mm, Pt

from consolidate import docformat as fmt
from consolidate import statements
from consolidate.aggregates import total_label
from consolidate.form import Field, Section, Table
from consolidate.highlights import section_sentences
from consolidate.merge import Consolidation, UnitOutcome
from consolidate.numbers import count_text, format_number
from consolidate.statements import Statement
from consolidate.summary_xlsx import SUBMISSIONS as SUBMISSIONS_SHEET
from consolidate.summary_xlsx import TEXTS as TEXTS_SHEET
from consolidate.text import fold, lower_first, nfc, roman

APPENDIX_COLUMNS = 7  # indicator columns per appendix table, so labels stay readable
NAMES_LIMIT = 20  # units named in a sentence; more are counted and found in the workbook
GROUPS_LABEL = "Nhóm đơn vị"
# Words that carry a unit's name on («Sở Nội vụ tỉnh Lạng Sơn»): a text opening so does not repeat the label.
# How a unit's text opens before its own name: a time or a basis («Trong 6 tháng đầu năm 2022, Sở Nội vụ…»).
OPENERS = ("trong ", "từ ", "đến ", "năm ", "thời gian ", "thực hiện ", "qua ", "sau ", "tính đến ", "nhìn chung")
PLACE_WORDS = ("tỉnh", "thành phố", "huyện", "thị xã", "quận", "xã", "phường", "thị trấn")
# The length budget, estimated conservatively for 14 pt Times New Roman at 1.15 lines on A4 with the
# decree's margins (LibreOffice fits ~80 characters a line and ~39 lines a page; paragraphs are 6 pt apart).
CHARS_PER_LINE = 76
LINES_PER_PAGE = 37
PARAGRAPH_LINES = 0.35  # the space after a paragraph
FIRST_PAGE_LINES = 16  # header, title, Kính gửi
SIGNATURE_LINES = 12  # Nơi nhận and the signature block
ZERO = "-"  # a nil figure in the appendix tables
PROPOSAL_WORDS = ("kiến nghị", "đề xuất", "đề nghị")  # a section with one of these in its heading holds proposals


def write_report(consolidation: Consolidation, path: Path) -> None:
    """Write the report .docx for a consolidation."""
    doc = Document()
    form = consolidation.form
    fmt.setup_document(doc, form.agency.name, f"Báo cáo {lower_first(form.subject)}", consolidation.created)
    fmt.page_numbers(doc.sections[0], restart=False)
    writer = _ReportWriter(doc, consolidation)
    writer.write()
    doc.save(str(path))


def figure(item: Field, value: Any) -> str:
    """A number as printed in the report: Vietnamese separators, the field's decimals (as in the workbook)."""
    return format_number(value, item.decimals)


def issue_date(consolidation: Consolidation) -> tuple[dt.date | None, int, int]:
    """Day (None for a draft), month and year of the report."""
    settings = consolidation.form.report
    year = settings.issue_year or consolidation.created.year
    month = settings.issue_month or consolidation.created.month
    day = dt.date(year, month, settings.issue_day) if settings.issue_day else None
    return day, month, year


class _ReportWriter:
    def __init__(self, doc: Any, consolidation: Consolidation) -> None:
        self.doc, self.c, self.form = doc, consolidation, consolidation.form
        settings = consolidation.form.report
        # Too many units to name one by one: the report speaks by group, the workbook keeps each unit.
        self.by_group = len(consolidation.units) > settings.unit_detail_limit
        self.merging = not self.by_group and settings.contributions == "merged"
        self.sentences: dict[str, list[str]] = {}  # each section's figure sentences, by code
        self.texts = _UnitTexts(consolidation) if self.merging else None
        # The statements the body keeps (ids); the others go to the appendix.
        self.kept: set[int] = {id(s) for s in self.texts.by_importance()} if self.texts else set()
        self.numbers: dict[str, str] = {}  # appendix key → «Phụ lục II» as the body refers to it
        self.number_appendices()
        if self.texts is not None:
            self.kept = self.fit(settings.body_pages)
            self.number_appendices()

    def write(self) -> None:
        self.header_block()
        self.title_block()
        self.write_paras(self.body())
        self.signature_block()
        self.appendices()

    # -- the plan: what the body holds, and which appendices there are --

    def body(self) -> list[_Para]:
        """The body's paragraphs after the title, up to the signature."""
        paras = self.opening()
        for section in self.form.sections:
            paras += self.section(section)
        paras.append(self.closing())
        return paras

    def fit(self, pages: int) -> set[int]:
        """The statements the body keeps within ``pages`` A4 pages (ids), the rest going to the appendix.

        Sections take turns, each giving its most widely shared statement first: every section keeps its
        synthesis and its main statements, merged ones before any single unit's (proposals always stay).
        """
        assert self.texts is not None
        room = pages * LINES_PER_PAGE - FIRST_PAGE_LINES - SIGNATURE_LINES
        queue = self.texts.by_importance()
        low, high = 0, len(queue)  # the longest prefix of the queue that fits
        while low < high:
            middle = (low + high + 1) // 2
            self.kept = {id(s) for s in queue[:middle]}
            self.number_appendices()
            if estimate_lines(self.body()) <= room:
                low = middle
            else:
                high = middle - 1
        return {id(s) for s in queue[:low]}

    def number_appendices(self) -> None:
        """Number the appendices this report will have: «Phụ lục I», «Phụ lục II»… (one alone: «Phụ lục»)."""
        keys: list[str] = []
        if any(f.numeric for f in self.form.indicators):
            keys.append("figures")
        if not self.by_group:
            keys += [f"table:{t.code}" for t in self.form.tables]
            if self.texts is not None and self.texts.moved(self.kept):
                keys.append("details")
            if self.form.report.unit_texts and any(self.c.narratives.values()):
                keys.append("full_texts")
        self.numbers = {key: f"Phụ lục {roman(i)}" if len(keys) > 1 else "Phụ lục" for i, key in enumerate(keys, 1)}

    def refer(self, key: str, what: str) -> _Para:
        """«{what} tại Phụ lục II kèm theo.»"""
        return _Para.of(f"{what} tại {self.numbers[key]} kèm theo.")

    def write_paras(self, paras: list[_Para]) -> None:
        for para in paras:
            par = fmt.paragraph(self.doc, indent=para.indent, keep_with_next=para.keep_with_next)
            for text, bold, italic in para.runs:
                run = fmt.add_run(par, text, bold=bold, italic=italic)
                if para.highlight:
                    run.font.highlight_color = WD_COLOR_INDEX.YELLOW

    # -- first page --

    def header_block(self) -> None:
        agency = self.form.agency
        day, month, year = issue_date(self.c)
        number = fmt.document_number(self.form.report.number, agency.document_code)
        fmt.first_page_header(self.doc, agency, number, fmt.date_line(agency.place, day, month, year))

    def title_block(self) -> None:
        fmt.paragraph(self.doc, "BÁO CÁO", bold=True, align=fmt.CENTER, before=Pt(18), after=Pt(0))
        fmt.paragraph(self.doc, self.subject(), bold=True, align=fmt.CENTER, after=Pt(0))
        fmt.rule_below(self.doc, fmt.PAGE_WIDTH - fmt.MARGIN_LEFT - fmt.MARGIN_RIGHT, 0.25)
        fmt.kinh_gui(self.doc, list(self.form.agency.recipients), before=Pt(6))

    def subject(self) -> str:
        return self.form.subject

    def opening(self) -> list[_Para]:
        form, c = self.form, self.c
        accepted = c.by_status("accepted")
        request = f"Thực hiện {form.agency.request}, " if form.agency.request else ""
        period = form.period
        # The title already says what is reported: the opening says on what basis, and the data's cut-off.
        paras = [
            _Para.of(
                f"{request}trên cơ sở báo cáo của {_count(accepted)}/{_count(c.units)} cơ quan, đơn vị "
                f"(số liệu tính từ ngày {period.start:%d/%m/%Y} đến ngày {period.end:%d/%m/%Y}), "
                f"{form.agency.name} tổng hợp, báo cáo như sau:"
            ),
            self.reporting_status(),
        ]
        if "full_texts" in self.numbers:
            paras.append(self.refer("full_texts", "Toàn văn báo cáo của các cơ quan, đơn vị"))
        return paras

    def reporting_status(self) -> _Para:
        missing = self.c.by_status("missing")
        rejected = self.c.by_status("rejected")
        if not missing and not rejected:
            text = f"Tất cả {_count(self.c.units)} cơ quan, đơn vị đã gửi báo cáo hợp lệ."
        else:
            parts = []
            if missing:
                parts.append(f"{_count(missing)} đơn vị chưa gửi báo cáo{_names(missing)}")
            if rejected:
                parts.append(f"{_count(rejected)} đơn vị gửi báo cáo chưa hợp lệ, chưa được tổng hợp{_names(rejected)}")
            text = f"Đến thời điểm tổng hợp, còn {'; '.join(parts)}."
        late = [u for u in self.c.by_status("accepted") if self.c.timeliness.get(u.unit.code) == "late"]
        if late:
            deadline = f"{self.form.period.deadline:%d/%m/%Y}"
            text += f" Có {_count(late)} đơn vị gửi báo cáo sau hạn ngày {deadline}{_names(late)}."
        if any(len(group) > NAMES_LIMIT for group in (missing, rejected, late)):
            text += f" Danh sách từng đơn vị tại bảng tổng hợp kèm theo (trang {fmt.quoted(SUBMISSIONS_SHEET)})."
        return _Para.of(text)

    # -- body --

    def section(self, section: Section) -> list[_Para]:
        paras = [_Para.of(section.title, bold=section.level <= 2, keep_with_next=True)]
        if section.writer == "coordinator":
            return paras + self.coordinator_part(section)
        if section.takes_input:
            paras += self.synthesis(section)
            paras += self.references(section)
            paras += self.contributions(section)
        for child in section.children:
            paras += self.section(child)
        return paras

    def coordinator_part(self, section: Section) -> list[_Para]:
        """A part only the coordinator writes: its text, or a marked place for it in the draft."""
        if section.text:
            return [_Para.of(line) for line in section.text.split("\n") if line.strip()]
        hint = f": {lower_first(section.hint).rstrip('.')}" if section.hint else ""
        return [
            _Para.of(
                f"[Phần do {self.form.agency.name} viết{hint}. Viết trực tiếp vào đây, hoặc ghi vào biểu mẫu "
                f"(mục {fmt.quoted(section.code)}) để lần tổng hợp sau tự điền.]",
                italic=True,
                highlight=True,
            )
        ]

    def synthesis(self, section: Section) -> list[_Para]:
        # The figures do not change while the length budget tries one body after another: said once.
        if section.code not in self.sentences:
            self.sentences[section.code] = section_sentences(self.c, section)
        return [_Para.of(sentence) for sentence in self.sentences[section.code]]

    def references(self, section: Section) -> list[_Para]:
        """Where the body points to the appendices: the figures after the first synthesis, each list
        after the section it belongs to."""
        paras = []
        if "figures" in self.numbers and section.code == self.figures_section():
            what = "Số liệu chi tiết theo nhóm đơn vị" if self.by_group else "Số liệu chi tiết của từng cơ quan, đơn vị"
            paras.append(self.refer("figures", what))
        for table in self.form.tables:
            if f"table:{table.code}" in self.numbers and table_section(self.form, table) == section.code:
                paras.append(self.refer(f"table:{table.code}", f"{table.title} chi tiết"))
        return paras

    def figures_section(self) -> str | None:
        return next((s.code for s in self.form.input_sections() if self.synthesis(s)), None)

    def contributions(self, section: Section) -> list[_Para]:
        entries = self.c.narratives.get(section.code, [])
        if self.by_group:
            return [
                _Para.of(
                    f"Nội dung báo cáo của {_count(entries)}/{_count(self.c.units)} đơn vị về mục "
                    f"này được tập hợp đầy đủ tại bảng tổng hợp kèm theo (trang {fmt.quoted(TEXTS_SHEET)}).",
                    italic=True,
                )
            ]
        if not entries:
            return [_Para.of("Chưa có đơn vị nào báo cáo nội dung này.", italic=True)]
        if self.texts is None:
            return self.full_contributions(section)
        if is_proposals(section):
            return self.proposals(section)
        kept = [s for s in self.texts.statements(section.code) if id(s) in self.kept]
        paras = [_Para.of(s.text()) for s in kept if s.merged]
        paras += [_Para.labelled(name, text) for name, text in _by_unit(s for s in kept if not s.merged)]
        if self.texts.moved(self.kept, section.code):
            topic = section.heading.lower() if section.heading.isupper() else lower_first(section.heading)
            paras.append(self.refer("details", f"Nội dung cụ thể khác của các cơ quan, đơn vị về {topic}"))
        return paras

    def proposals(self, section: Section) -> list[_Para]:
        """Proposals by whom they address, each followed by the units that made it; none left out."""
        assert self.texts is not None
        groups = self.texts.proposals(section.code)
        paras = []
        for addressee, found in groups:
            if addressee is not None:
                paras.append(_Para.of(f"Đề nghị {addressee}:", italic=True, keep_with_next=True))
            elif len(groups) > 1:
                paras.append(_Para.of("Đề xuất, kiến nghị khác:", italic=True, keep_with_next=True))
            paras += [_Para.of(f"- {named(s)}") for s in found]
        return paras

    def full_contributions(self, section: Section) -> list[_Para]:
        """Each unit's whole text, unit by unit (``contributions: full``)."""
        texts = {entry["unit"]: entry["text"] for entry in self.c.narratives.get(section.code, [])}
        groups = [(g, [u for u in units if u.unit.code in texts]) for g, units in self.c.groups()]
        groups = [(g, units) for g, units in groups if units]
        paras = []
        for group, units in groups:
            if len(groups) > 1:
                paras.append(_Para.of(f"{group}:", bold=True, italic=True, keep_with_next=True))
            for outcome in units:
                first, *rest = texts[outcome.unit.code].split("\n")
                paras.append(_Para.labelled(outcome.unit.name, first))
                paras += [_Para.of(text) for text in rest]
        return paras

    def closing(self) -> _Para:
        agency = self.form.agency
        # Kept with the signature: a signature alone on its page is not signed.
        return _Para.of(f"Trên đây là báo cáo {lower_first(self.subject())} của {agency.name}./.", keep_with_next=True)

    def signature_block(self) -> None:
        fmt.signature_table(self.doc, self.form.agency, list(self.form.report.copies_to))

    # -- appendices --

    def appendices(self) -> None:
        numeric = "figures" in self.numbers
        if numeric:
            by = f" THEO {GROUPS_LABEL.upper()}" if self.by_group else ""
            self.appendix_heading("figures", f"TỔNG HỢP SỐ LIỆU {self.subject().upper()}{by}")
            for chunk in _chunks(self.form.indicator_groups(), APPENDIX_COLUMNS):
                self.summary_table(chunk)
        if self.by_group:
            # Under the appendix table (or, without figures, closing the body): where each unit's detail is.
            lists = "".join(f", {fmt.quoted(t.title)}" for t in self.form.tables)
            fmt.paragraph(
                self.doc,
                f"Số liệu của từng đơn vị ({_count(self.c.units)} đơn vị){lists} và toàn văn báo cáo "
                "của các đơn vị: xem bảng tổng hợp kèm theo.",
                size=fmt.BODY_SIZE - 1 if numeric else fmt.BODY_SIZE,
                italic=True,
                indent=not numeric,
            )
            return
        for table in self.form.tables:
            self.appendix_heading(f"table:{table.code}", f"{table.title.upper()} {self.form.period.label.upper()}")
            self.list_table(table)
        if "details" in self.numbers:
            self.appendix_heading("details", "NỘI DUNG CỤ THỂ CỦA CÁC CƠ QUAN, ĐƠN VỊ", landscape=False)
            self.details()
        if "full_texts" in self.numbers:
            self.appendix_heading("full_texts", "TOÀN VĂN BÁO CÁO CỦA CÁC CƠ QUAN, ĐƠN VỊ", landscape=False)
            self.full_texts()

    def details(self) -> None:
        """What the body left out for length, section by section: statements of fewer units, then each
        unit's own sentences under its name."""
        assert self.texts is not None
        paras = []
        for section in self.form.input_sections():
            moved = [s for s in self.texts.statements(section.code) if id(s) not in self.kept]
            if not moved or is_proposals(section):
                continue
            paras.append(_Para.of(section.title, bold=True, keep_with_next=True))
            paras += [_Para.of(s.text()) for s in moved if s.merged]
            paras += [_Para.labelled(name, text) for name, text in _by_unit(s for s in moved if not s.merged)]
        self.write_paras(paras)

    def full_texts(self) -> None:
        for section in self.form.input_sections():
            entries = {e["unit"]: e["text"] for e in self.c.narratives.get(section.code, [])}
            if not entries:
                continue
            fmt.paragraph(self.doc, section.title, bold=True, indent=True, keep_with_next=True)
            for outcome in self.c.units:
                text = entries.get(outcome.unit.code)
                if text is None:
                    continue
                fmt.paragraph(
                    self.doc, f"{outcome.unit.name}:", bold=True, italic=True, indent=True, keep_with_next=True
                )
                lines = text.split("\n")
                lines[0] = after_own_name(outcome.unit.name, lines[0])
                for line in lines:
                    fmt.paragraph(self.doc, line, indent=True)

    def appendix_heading(self, key: str, title: str, landscape: bool = True) -> None:
        fmt.new_section(self.doc, landscape=landscape)
        fmt.paragraph(self.doc, self.numbers[key], bold=True, align=fmt.CENTER, after=Pt(0))
        fmt.paragraph(self.doc, title, size=fmt.BODY_SIZE, bold=True, align=fmt.CENTER, after=Pt(0))
        day, month, year = issue_date(self.c)
        agency = self.form.agency
        number_text = fmt.document_number(self.form.report.number, agency.document_code).removeprefix("Số: ")
        date_text = fmt.date_line(agency.place, day, month, year).split(", ", 1)[1]
        fmt.paragraph(
            self.doc,
            f"(Kèm theo Báo cáo số {number_text} {date_text} của {agency.name})",
            size=fmt.BODY_SIZE - 1,
            italic=True,
            align=fmt.CENTER,
            after=Pt(10),
        )

    def summary_table(self, groups: list[tuple[str, list[Field]]]) -> None:
        fields = [f for _, items in groups for f in items]
        width = fmt.PAGE_HEIGHT - fmt.MARGIN_LEFT - fmt.MARGIN_RIGHT
        first = [Mm(12), Mm(62)]
        rest = int((int(width) - sum(int(w) for w in first)) / max(len(fields), 1))
        widths = [*first, *([rest] * len(fields))]
        size = fmt.APPENDIX_TABLE_SIZE
        units = [] if self.by_group else self.c.units
        table = fmt.grid_table(self.doc, 3 + len(units) + len(self.c.groups()) + 1, widths)
        head, labels, numbers = table.rows[0], table.rows[1], table.rows[2]
        for row in (head, labels, numbers):
            fmt.repeat_header_row(row)
        fmt.cell_text(head.cells[0].merge(labels.cells[0]), "STT", size=size, bold=True, align=fmt.CENTER)
        first_label = GROUPS_LABEL if self.by_group else "Đơn vị"
        fmt.cell_text(head.cells[1].merge(labels.cells[1]), first_label, size=size, bold=True, align=fmt.CENTER)
        col = 2
        for group, items in groups:
            numeric = [f for f in items if f.numeric]
            if not numeric:
                continue
            cell = head.cells[col].merge(head.cells[col + len(numeric) - 1]) if len(numeric) > 1 else head.cells[col]
            fmt.cell_text(cell, group, size=size, bold=True, align=fmt.CENTER)
            for item in numeric:
                label = f"{item.label}\n({item.unit})" if item.unit else item.label
                fmt.cell_text(labels.cells[col], label, size=size - 1, align=fmt.CENTER)
                col += 1
        for index, cell in enumerate(numbers.cells, start=1):
            fmt.cell_text(cell, f"({index})", size=size - 1, italic=True, align=fmt.CENTER)
        row_index = 3
        for number, (group, outcomes) in enumerate(self.c.groups(), start=1):
            row = table.rows[row_index]
            fmt.cell_text(
                row.cells[0], str(number) if self.by_group else roman(number), size=size, bold=True, align=fmt.CENTER
            )
            reported = [o for o in outcomes if o.status == "accepted"]
            shares = f"{format_number(len(reported))}/{format_number(len(outcomes))}"  # a table's figures
            name = f"{group} ({shares} đơn vị)" if self.by_group else group
            fmt.cell_text(row.cells[1], name, size=size, bold=not self.by_group)
            self.figures(row, fields, self.c.group_totals.get(group, {}), bold=True)
            row_index += 1
            for stt, outcome in enumerate([] if self.by_group else outcomes, start=1):
                row = table.rows[row_index]
                fmt.keep_row_together(row)
                fmt.cell_text(row.cells[0], str(stt), size=size, align=fmt.CENTER)
                fmt.cell_text(row.cells[1], outcome.unit.name, size=size)
                if outcome.status == "accepted":
                    self.figures(row, fields, self.c.values.get(outcome.unit.code, {}))
                else:
                    merged = row.cells[2].merge(row.cells[len(widths) - 1])
                    fmt.cell_text(merged, outcome.status_label, size=size, italic=True, align=fmt.CENTER)
                row_index += 1
        total = table.rows[row_index]
        fmt.cell_text(total.cells[1], total_label(f.aggregate for f in fields), size=size, bold=True)
        self.figures(total, fields, self.c.totals, bold=True)
        fmt.paragraph(self.doc, "", after=Pt(6))

    def figures(self, row: Any, fields: list[Field], values: dict[str, Any], bold: bool = False) -> None:
        cells = row.cells  # python-docx builds this list anew on every access
        for offset, item in enumerate(fields):
            value = values.get(item.code)
            if value is None or item.aggregate == "none" and bold:
                text = ""
            else:
                text = ZERO if value == 0 else figure(item, value)  # «-» where the figure is nil, as officials write
            fmt.cell_text(cells[2 + offset], text, size=fmt.APPENDIX_TABLE_SIZE, bold=bold, align=fmt.RIGHT)

    def list_table(self, table_def: Table) -> None:
        rows = self.c.tables.get(table_def.code, [])
        columns = list(table_def.columns)
        width = int(fmt.PAGE_HEIGHT - fmt.MARGIN_LEFT - fmt.MARGIN_RIGHT)
        fixed = {"date": Mm(22), "integer": Mm(16), "decimal": Mm(20), "percent": Mm(16)}
        first = [Mm(12), Mm(38)]
        used = sum(int(w) for w in first) + sum(int(fixed[c.kind]) for c in columns if c.kind in fixed)
        # Text columns share the rest by the length of their labels: a long label usually means
        # a column of long answers ("Mục đích, kết quả chuyến công tác").
        weights = {c.code: max(10, len(c.label)) for c in columns if c.kind not in fixed}
        room = width - used
        widths = [*first, *(fixed.get(c.kind) or int(room * weights[c.code] / sum(weights.values())) for c in columns)]
        grid = fmt.grid_table(self.doc, 1 + max(len(rows), 1), widths)
        header = grid.rows[0]
        fmt.repeat_header_row(header)
        for cell, label in zip(header.cells, ["STT", "Đơn vị", *(c.label for c in columns)], strict=True):
            fmt.cell_text(cell, label, size=fmt.APPENDIX_TABLE_SIZE, bold=True, align=fmt.CENTER)
        if not rows:
            merged = grid.rows[1].cells[0].merge(grid.rows[1].cells[len(widths) - 1])
            fmt.cell_text(merged, "Không có.", size=fmt.APPENDIX_TABLE_SIZE, italic=True, align=fmt.CENTER)
            return
        names = {u.unit.code: u.unit.name for u in self.c.units}
        for index, (row, data) in enumerate(zip(grid.rows[1:], rows, strict=True), start=1):
            fmt.keep_row_together(row)
            cells = row.cells
            fmt.cell_text(cells[0], str(index), size=fmt.APPENDIX_TABLE_SIZE, align=fmt.CENTER)
            fmt.cell_text(cells[1], names.get(data["unit"], data["unit"]), size=fmt.APPENDIX_TABLE_SIZE)
            for cell, column in zip(cells[2:], columns, strict=True):
                value = data.get(column.code)
                align = fmt.RIGHT if column.numeric else fmt.CENTER if column.kind == "date" else fmt.LEFT
                fmt.cell_text(cell, _show(column, value), size=fmt.APPENDIX_TABLE_SIZE, align=align)


def _show(item: Field, value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return f"{value:%d/%m/%Y}"
    if item.numeric:
        return figure(item, value)
    return str(value)


def _chunks(groups: list[tuple[str, list[Field]]], limit: int) -> list[list[tuple[str, list[Field]]]]:
    """Indicator groups packed into tables of at most ``limit`` numeric columns, groups kept whole."""
    chunks: list[list[tuple[str, list[Field]]]] = [[]]
    count = 0
    for group, items in groups:
        numeric = [f for f in items if f.numeric]
        if not numeric:
            continue
        if count and count + len(numeric) > limit:
            chunks.append([])
            count = 0
        chunks[-1].append((group, numeric))
        count += len(numeric)
    return [c for c in chunks if c]


def _count(items: Sized) -> str:
    """How many, in a sentence: «05», «32», «3.321»."""
    return count_text(len(items))


def after_own_name(name: str, text: str) -> str:
    """A unit's text after its bold label, without the name the unit opened it with: «Sở Nội vụ: Sở Nội vụ đã
    tổ chức…» reads «Sở Nội vụ: đã tổ chức…», and «Sở Nội vụ: Trong 6 tháng đầu năm 2022, Sở Nội vụ đã…» reads
    «Sở Nội vụ: Trong 6 tháng đầu năm 2022, đã…»; any other text is kept as written."""
    head = nfc(text).lstrip()
    found = re.match(rf"(?P<lead>[^,.;:]{{1,60}}, )?{re.escape(nfc(name))}[ :]+", head, re.IGNORECASE)
    if found is None:
        return text  # «Sở Nội vụ2…» is not the name; «Sở Nội vụ, Sở Tư pháp…» names more than the unit
    lead, rest = found["lead"] or "", head[found.end() :]
    if not rest or rest.startswith(PLACE_WORDS):
        return text  # «Sở Nội vụ tỉnh Lạng Sơn đã…»: the name goes on, it is not repeated
    if lead and not lead.casefold().startswith(OPENERS):
        return text  # «Sở Ngoại vụ, Sở Nội vụ phối hợp…»: the clause before is not a time or a basis
    return lead + rest


def _names(outcomes: list[UnitOutcome]) -> str:
    """« (A, B, C)» for a few units; nothing for many (the workbook lists them)."""
    return f" ({', '.join(o.unit.name for o in outcomes)})" if len(outcomes) <= NAMES_LIMIT else ""


@dataclass(frozen=True)
class _Para:
    """A body paragraph before it is written: measured for the length budget, then written."""

    runs: tuple[tuple[str, bool, bool], ...]  # (text, bold, italic)
    indent: bool = True
    keep_with_next: bool = False
    highlight: bool = False

    @classmethod
    def of(cls, text: str, bold: bool = False, italic: bool = False, **style: Any) -> _Para:
        return cls(((text, bold, italic),), **style)

    @classmethod
    def labelled(cls, name: str, text: str) -> _Para:
        """«Sở Nội vụ: …» with the name in bold, not repeated when the text opens with it."""
        return cls(((f"{name}: ", True, False), (after_own_name(name, text), False, False)))

    @property
    def text(self) -> str:
        return "".join(text for text, _, _ in self.runs)


def estimate_lines(paras: list[_Para]) -> float:
    """How many lines the paragraphs take, rounded up per paragraph (the first line is indented)."""
    return sum(-(-(len(p.text) + (8 if p.indent else 0)) // CHARS_PER_LINE) + PARAGRAPH_LINES for p in paras)


class _UnitTexts:
    """The accepted units' texts, cut into sentences and merged into statements, section by section."""

    def __init__(self, c: Consolidation) -> None:
        self.units = {u.unit.code: u.unit for u in c.units}
        self.known = self.addressees(c)
        self.by_section: dict[str, list[Statement]] = {}
        self.proposal_groups: dict[str, list[tuple[str | None, list[Statement]]]] = {}
        for section in c.form.input_sections():
            entries = [e for e in c.narratives.get(section.code, []) if e["unit"] in self.units]
            if is_proposals(section):
                self.proposal_groups[section.code] = self.group_proposals(entries)
            else:
                found = statements.merge(self.sentences(entries))
                self.by_section[section.code] = sorted(found, key=lambda s: s.order)

    def sentences(self, entries: list[dict[str, str]]) -> list[statements.Sentence]:
        out = []
        for entry in entries:
            unit = self.units[entry["unit"]]
            found = statements.sentences(entry["text"])
            for i, text in enumerate(found):
                out.append(statements.sentence(unit.code, unit.name, text, i / max(len(found) - 1, 1)))
        return out

    @staticmethod
    def addressees(c: Consolidation) -> list[str]:
        """Names a proposal may address: the form's agencies and units, also without their place («tỉnh Lạng Sơn»)."""
        agency = c.form.agency
        names = [agency.parent, agency.name, *agency.recipients, *(u.unit.name for u in c.units)]
        short = [re.sub(r" (tỉnh|thành phố) [A-ZĐÀ-Ỹ][^,;]*$", "", n) for n in names]
        return [n for n in {*names, *short} if n]

    def group_proposals(self, entries: list[dict[str, str]]) -> list[tuple[str | None, list[Statement]]]:
        """Proposals by addressee (in the order first met), each group's sentences merged."""
        groups: dict[str | None, list[statements.Sentence]] = {}
        shown: dict[str | None, str | None] = {}
        for entry in entries:
            unit = self.units[entry["unit"]]
            for paragraph in entry["text"].split("\n"):
                previous = None
                for text in statements.sentences(paragraph):
                    found = statements.proposal(text, self.known, previous)
                    previous = found.addressee
                    key = fold(found.addressee) if found.addressee else None
                    shown.setdefault(key, found.addressee)
                    groups.setdefault(key, []).append(statements.sentence(unit.code, unit.name, found.request))
        ordered = sorted(groups, key=lambda k: k is None)  # proposals to no one named last
        return [
            (shown[key], sorted(statements.merge(groups[key]), key=lambda s: (-len(s.members), s.order)))
            for key in ordered
        ]

    def statements(self, code: str) -> list[Statement]:
        return self.by_section.get(code, [])

    def proposals(self, code: str) -> list[tuple[str | None, list[Statement]]]:
        return self.proposal_groups.get(code, [])

    def moved(self, kept: set[int], code: str | None = None) -> bool:
        """Whether some statement is not ``kept`` (in one section, or in any)."""
        sections = [code] if code is not None else list(self.by_section)
        return any(id(s) not in kept for c in sections for s in self.by_section.get(c, []))

    def by_importance(self) -> list[Statement]:
        """Statements in the order the body keeps them: sections taking turns, each giving its most widely
        shared statement first; every merged statement before any single unit's."""
        queue: list[Statement] = []
        for merged in (True, False):
            lists = [
                sorted((s for s in found if s.merged == merged), key=lambda s: (-len(s.members), s.order))
                for found in self.by_section.values()
            ]
            for turn in range(max((len(found) for found in lists), default=0)):
                queue += [found[turn] for found in lists if turn < len(found)]
        return queue


def is_proposals(section: Section) -> bool:
    """Whether a section collects proposals («ĐỀ XUẤT, KIẾN NGHỊ»): they are grouped by addressee."""
    return any(word in section.heading.casefold() for word in PROPOSAL_WORDS)


def named(statement: Statement) -> str:
    """A statement that always names its units, one unit's too: «Quan tâm … (Sở Tư pháp).»"""
    text = statement.text()
    return text if statement.merged else statements.with_units(text, [statement.members[0].name])


def _by_unit(found: Iterable[Statement]) -> list[tuple[str, str]]:
    """Single units' statements joined per unit, units in the order first met."""
    texts: dict[str, list[str]] = {}
    for statement in sorted(found, key=lambda s: s.order):
        member = statement.members[0]
        texts.setdefault(member.name, []).append(member.text)
    return [(name, " ".join(parts)) for name, parts in texts.items()]


def table_section(form: Any, table: Table) -> str | None:
    """The section a list belongs to: the one citing the indicators whose labels share most words with the
    list's title («Danh sách đoàn ra» with «Số đoàn ra …»), else the last section citing anything."""
    title = set(fold(table.title).replace(",", " ").split()) - {"danh", "sách", "số", "các"}
    fields = {f.code: f for f in form.fields}
    best: tuple[int, str] | None = None
    for section in form.input_sections():
        if not section.cite:
            continue
        words = {w for code in section.cite if code in fields for w in fold(fields[code].label).split()}
        score = len(title & words)
        if best is None or score > best[0] or score == best[0] and score == 0:
            best = (score, section.code)
    return best[1] if best else None
