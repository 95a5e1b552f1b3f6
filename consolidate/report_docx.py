"""The consolidated narrative report, in the official layout, ready for signature.

The wording comes from the form: headings from its sections, figures through its indicators'
phrases, recipients and signer from its agency. Nothing here is specific to one report type.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sized
from pathlib import Path
from typing import Any

from docx import Document
from docx.shared import Mm, Pt

from consolidate import docformat as fmt
from consolidate.aggregates import total_label
from consolidate.form import Field, Section, Table
from consolidate.highlights import section_sentences
from consolidate.merge import Consolidation, UnitOutcome
from consolidate.numbers import count_text, format_number
from consolidate.summary_xlsx import SUBMISSIONS as SUBMISSIONS_SHEET
from consolidate.summary_xlsx import TEXTS as TEXTS_SHEET
from consolidate.text import lower_first, nfc, roman

APPENDIX_COLUMNS = 7  # indicator columns per appendix table, so labels stay readable
NAMES_LIMIT = 20  # units named in a sentence; more are counted and found in the workbook
GROUPS_LABEL = "Nhóm đơn vị"
# Words that carry a unit's name on («Sở Nội vụ tỉnh Lạng Sơn»): a text opening so does not repeat the label.
# How a unit's text opens before its own name: a time or a basis («Trong 6 tháng đầu năm 2022, Sở Nội vụ…»).
OPENERS = ("trong ", "từ ", "đến ", "năm ", "thời gian ", "thực hiện ", "qua ", "sau ", "tính đến ", "nhìn chung")
PLACE_WORDS = ("tỉnh", "thành phố", "huyện", "thị xã", "quận", "xã", "phường", "thị trấn")


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
        self.condensed = False  # some unit text was shortened in the body: append the full texts
        # Too many units to name one by one: the report speaks by group, the workbook keeps each unit.
        self.by_group = len(consolidation.units) > consolidation.form.report.unit_detail_limit

    def write(self) -> None:
        self.header_block()
        self.title_block()
        self.opening()
        for section in self.form.sections:
            self.section(section)
        self.closing()
        self.signature_block()
        self.appendices()

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

    def opening(self) -> None:
        form, c = self.form, self.c
        accepted = c.by_status("accepted")
        request = f"Thực hiện {form.agency.request}, " if form.agency.request else ""
        period = form.period
        # The title already says what is reported: the opening says on what basis, and the data's cut-off.
        fmt.paragraph(
            self.doc,
            f"{request}trên cơ sở báo cáo của {_count(accepted)}/{_count(c.units)} cơ quan, đơn vị "
            f"(số liệu tính từ ngày {period.start:%d/%m/%Y} đến ngày {period.end:%d/%m/%Y}), "
            f"{form.agency.name} tổng hợp, báo cáo như sau:",
            indent=True,
        )
        self.reporting_status()

    def reporting_status(self) -> None:
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
        fmt.paragraph(self.doc, text, indent=True)

    # -- body --

    def section(self, section: Section) -> None:
        heading = section.title
        fmt.paragraph(self.doc, heading, bold=section.level <= 2, indent=True, keep_with_next=True)
        if section.takes_input:
            self.synthesis(section)
            self.contributions(section)
        for child in section.children:
            self.section(child)

    def synthesis(self, section: Section) -> None:
        for sentence in section_sentences(self.c, section):
            fmt.paragraph(self.doc, sentence, indent=True)

    def contributions(self, section: Section) -> None:
        texts = {entry["unit"]: entry["text"] for entry in self.c.narratives.get(section.code, [])}
        if self.by_group:
            fmt.paragraph(
                self.doc,
                f"Nội dung báo cáo của {_count(texts)}/{_count(self.c.units)} đơn vị về mục "
                f"này được tập hợp đầy đủ tại bảng tổng hợp kèm theo (trang {fmt.quoted(TEXTS_SHEET)}).",
                italic=True,
                indent=True,
            )
            return
        groups = [(g, [u for u in units if u.unit.code in texts]) for g, units in self.c.groups()]
        groups = [(g, units) for g, units in groups if units]
        if not groups:
            fmt.paragraph(self.doc, "Chưa có đơn vị nào báo cáo nội dung này.", italic=True, indent=True)
            return
        for group, units in groups:
            if len(groups) > 1:
                fmt.paragraph(self.doc, f"{group}:", italic=True, bold=True, indent=True, keep_with_next=True)
            for outcome in units:
                paragraphs = texts[outcome.unit.code].split("\n")
                shown = paragraphs if self.form.report.contributions == "full" else paragraphs[:1]
                par = fmt.paragraph(self.doc, indent=True)
                fmt.add_run(par, f"{outcome.unit.name}: ", bold=True)
                fmt.add_run(par, after_own_name(outcome.unit.name, shown[0]))
                for text in shown[1:]:
                    fmt.paragraph(self.doc, text, indent=True)
                if len(shown) < len(paragraphs):
                    self.condensed = True

    def closing(self) -> None:
        agency = self.form.agency
        fmt.paragraph(self.doc, f"Trên đây là báo cáo {lower_first(self.subject())} của {agency.name}./.", indent=True)

    def signature_block(self) -> None:
        fmt.signature_table(self.doc, self.form.agency, list(self.form.report.copies_to))

    # -- appendices --

    def appendices(self) -> None:
        number = 1
        numeric = [f for f in self.form.indicators if f.numeric]
        if numeric:
            by = f" THEO {GROUPS_LABEL.upper()}" if self.by_group else ""
            self.appendix_heading(number, f"TỔNG HỢP SỐ LIỆU {self.subject().upper()}{by}")
            for chunk in _chunks(self.form.indicator_groups(), APPENDIX_COLUMNS):
                self.summary_table(chunk)
            number += 1
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
            self.appendix_heading(number, f"{table.title.upper()} {self.form.period.label.upper()}")
            self.list_table(table)
            number += 1
        if self.condensed:
            self.appendix_heading(number, "NỘI DUNG BÁO CÁO CỦA CÁC CƠ QUAN, ĐƠN VỊ", landscape=False)
            self.full_texts()

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

    def appendix_heading(self, number: int, title: str, landscape: bool = True) -> None:
        fmt.new_section(self.doc, landscape=landscape)
        fmt.paragraph(self.doc, f"Phụ lục {number:02d}", bold=True, align=fmt.CENTER, after=Pt(0))
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
            text = (
                ""
                if value is None or item.aggregate == "none" and bold
                else figure(item, value)
                if value is not None
                else ""
            )
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
