"""The reminder letter (công văn đôn đốc) to units that have not sent a valid report.

A công văn in the official layout (Decree 30/2020/NĐ-CP): the number has no type code, the
``V/v`` line sits under it, ``Kính gửi`` names the units, and the body cites the original request
and deadline and sets a new one a few working days ahead. A unit whose report was not accepted is
told why in a few words (:func:`rejection_reason`), never in the checker's long message.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from docx import Document
from docx.shared import Pt

from consolidate import docformat as fmt
from consolidate.check import LOCKED
from consolidate.errors import UsageError
from consolidate.form import Field, Form, Unit
from consolidate.numbers import count_text, format_number
from consolidate.sniff import PASSWORD
from consolidate.text import lower_first, nfc

SUBJECT_SIZE = 12  # the "V/v" line under the number: 12–13 pt regular
GRACE_WORKING_DAYS = 3  # the new deadline: this many working days (Mon–Fri) after the letter
# Drafting units usually written as an abbreviation in "Lưu: VT, VP." and spelled out in the body.
DRAFTING_UNITS = {
    "VP": "Văn phòng",
    "TCHC": "Phòng Tổ chức - Hành chính",
    "KHTC": "Phòng Kế hoạch - Tài chính",
    "TTR": "Thanh tra",
}
# Why a unit's report was not accepted, in the few words a letter gives it. A mistake in the form's
# identity cells is told by the cell (the problem's field) ...
IDENTITY_REASONS = {
    "ma_bieu_mau": "dùng biểu mẫu khác",
    "phien_ban_bieu_mau": "dùng biểu mẫu không đúng phiên bản hiện hành",
    "ma_don_vi": "chưa chọn đúng đơn vị báo cáo trong biểu mẫu",
}
# ... a file that could not be read, by the opening of its message (the first pattern that matches;
# ``{what}`` is what the file turned out to be, as the message names it) ...
_FILE_REASONS = (
    (re.escape(PASSWORD), "tệp đã gửi có đặt mật khẩu, không mở được"),
    (".+?".join(re.escape(part) for part in LOCKED.split("{name}")), "tệp nhận được chưa mở được"),
    (r"Tệp là (?P<what>[^,]+), chương trình không đọc được", "tệp đã gửi là {what}, không đúng định dạng của biểu mẫu"),
    (r"Tệp là (?P<what>[^,]+), không phải bảng tính", "tệp đã gửi là {what}, không phải biểu mẫu Excel"),
    (r"Tệp thực chất là (?P<what>.+?) được đặt đuôi bảng tính", "tệp đã gửi là {what}, không phải biểu mẫu Excel"),
    (r"Tệp không phải biểu mẫu báo cáo", "không dùng biểu mẫu đã phát hành"),
    (r"Tệp rỗng", "tệp đã gửi rỗng (0 byte)"),
    # «bị hỏng» in the first sentence, whatever part of the file it names (a dot before a letter is «(.xlsx)»)
    (r"(?:[^.]|\.\w)*?bị hỏng", "tệp đã gửi bị hỏng, không mở được"),
)
FILE_REASONS = tuple((re.compile(pattern), phrase) for pattern, phrase in _FILE_REASONS)
UNREADABLE_REASON = "tệp đã gửi không đọc được"  # any other file-level problem
# ... and mistakes in the values by their number: the feedback workbook shows each one in its cell.
VALUE_REASON = "số liệu có {count} lỗi (chi tiết trong tệp phản hồi)"
# With the form at hand, the first mistake is named by its indicator and the value the unit wrote, so the unit
# knows what to correct («chỉ tiêu “Tỷ lệ giải ngân…” ghi 125%»); the others are counted.
VALUE_NAMED = "chỉ tiêu “{label}” ghi {value}"
VALUE_EMPTY = "chỉ tiêu “{label}” chưa nhập"
VALUE_MORE = " và {count} lỗi khác"
VALUE_DETAIL = " (chi tiết trong tệp phản hồi)"


def write_reminder(
    form: Form,
    missing: list[Unit],
    rejected: list[Unit],
    path: Path,
    today: dt.date,
    number: int | None = None,
    reasons: Mapping[str, str] | None = None,
    created: dt.datetime | None = None,
) -> None:
    """Write the reminder letter .docx for the units that are missing or were rejected.

    Args:
        form: The form whose campaign the letter is about.
        missing: Units that have sent nothing.
        rejected: Units whose report could not be accepted; they are asked to fix and resend it.
        path: The .docx to write.
        today: The day the letter is drafted: its month and year, and the start of the new deadline.
        number: The letter's number; None leaves it blank for the clerk, as drafts go for signature.
        reasons: Why each rejected unit's report was not accepted, by unit code (see :func:`rejection_reason`);
            a unit without one is only named.
        created: When the draft is made, for the file's properties (now when not given).

    Raises:
        UsageError: Both lists are empty: there is nobody to remind.
    """
    if not missing and not rejected:
        raise UsageError("Tất cả đơn vị đã gửi báo cáo hợp lệ, không cần công văn đôn đốc.")
    doc = Document()
    fmt.setup_document(doc, nfc(form.agency.name), subject_line(form), created)
    fmt.page_numbers(doc.sections[0], restart=False)
    _Reminder(doc, form, missing, rejected, today, number, reasons or {}).write()
    doc.save(str(path))


def rejection_reason(problems: Iterable[Mapping[str, Any]], form: Form | None = None) -> str:
    """Why a rejected file was not accepted, in a few words that follow a unit's name in the letter.

    Args:
        problems: The file's problems as ``consolidated.json`` and ``check --json`` give them (``field``,
            ``sheet``, ``cell``, ``severity``, ``message``), so a letter drafted from a folder and one drafted
            from the last run's results say the same.
        form: The form, to name the first wrong value by its indicator; without it the errors are only counted.

    Returns:
        ``"tệp đã gửi có đặt mật khẩu, không mở được"``, ``"dùng biểu mẫu khác"``, ``"số liệu có 3 lỗi (…)"``…;
        ``""`` when the file has no error.
    """
    errors = [p for p in problems if isinstance(p, Mapping) and p.get("severity") == "error"]
    if not errors:
        return ""
    first = errors[0]
    if first.get("field") in IDENTITY_REASONS:
        return IDENTITY_REASONS[str(first["field"])]
    message = nfc(str(first.get("message") or ""))
    for pattern, phrase in FILE_REASONS:
        if found := pattern.match(message):
            return phrase.format(what=found.group("what")) if "what" in pattern.groupindex else phrase
    if not (first.get("field") or first.get("sheet") or first.get("cell")):
        return UNREADABLE_REASON
    field = _field(form, first.get("field"))
    if field is None:
        return VALUE_REASON.format(count=count_text(len(errors)))
    value = first.get("value")
    named = (
        VALUE_EMPTY.format(label=nfc(field.label))
        if value in (None, "")
        else VALUE_NAMED.format(label=nfc(field.label), value=_value_text(value, field))
    )
    more = VALUE_MORE.format(count=count_text(len(errors) - 1)) if len(errors) > 1 else ""
    return f"{named}{more}{VALUE_DETAIL}"


def _field(form: Form | None, code: Any) -> Field | None:
    if form is None or not code:
        return None
    try:
        return form.field(str(code))
    except KeyError:
        return None


def _value_text(value: Any, field: Field) -> str:
    """``125%``, ``1.200 người``, ``“mười”``: what the unit wrote, as a letter quotes it."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return fmt.quoted(nfc(str(value)))
    unit = nfc(field.unit)
    number = format_number(value)
    return f"{number}{unit}" if unit == "%" else f"{number} {unit}".strip()


def new_deadline(today: dt.date, working_days: int = GRACE_WORKING_DAYS) -> dt.date:
    """The day ``working_days`` working days (Monday to Friday) after ``today``."""
    day = today
    while working_days > 0:
        day += dt.timedelta(days=1)
        if day.weekday() < 5:
            working_days -= 1
    return day


def letter_number(form: Form, number: int | None) -> str:
    """``Số: 05/SVHTTDL-VP``: a công văn has no type code, only the issuer and the drafting unit."""
    agency = form.agency
    code = f"{agency.abbreviation}-{agency.drafting_unit}" if agency.drafting_unit else agency.abbreviation
    return fmt.document_number(number, code)


def _names(units: list[Unit]) -> str:
    return ", ".join(unit.name for unit in units)


def subject_line(form: Form) -> str:
    """The letter's «V/v» line, also its title in the file's properties."""
    return f"V/v đôn đốc báo cáo {lower_first(nfc(form.subject))}"


def _short(date: dt.date) -> str:
    return f"{date:%d/%m/%Y}"


class _Reminder:
    def __init__(
        self,
        doc: Any,
        form: Form,
        missing: list[Unit],
        rejected: list[Unit],
        today: dt.date,
        number: int | None,
        reasons: Mapping[str, str],
    ) -> None:
        self.doc, self.form, self.today, self.number = doc, form, today, number
        self.missing, self.rejected = list(missing), list(rejected)
        self.reasons = {code: nfc(reason) for code, reason in reasons.items() if reason}
        self.units = [*self.missing, *self.rejected]

    def write(self) -> None:
        self.header_block()
        self.recipients()
        self.body()
        self.signature_block()

    def header_block(self) -> None:
        agency = self.form.agency
        date = fmt.date_line(nfc(agency.place), None, self.today.month, self.today.year)
        number_cell = fmt.first_page_header(self.doc, agency, letter_number(self.form, self.number), date)
        about = fmt.centred_line(number_cell)
        about.paragraph_format.space_before = Pt(6)
        fmt.add_run(about, subject_line(self.form), size=SUBJECT_SIZE)

    def recipients(self) -> None:
        fmt.kinh_gui(self.doc, [nfc(unit.name) for unit in self.units], before=Pt(18))

    def body(self) -> None:
        form, agency = self.form, self.form.agency
        name = nfc(agency.name)
        subject = lower_first(nfc(form.subject))
        deadline = _short(form.period.deadline)
        request = nfc(agency.request)
        # The request usually names the report already: say it once.
        what = "thực hiện báo cáo" if subject.casefold() in request.casefold() else f"báo cáo {subject}"
        lead = f"Thực hiện {request}, {name}" if request else name
        # The coordinator's own letter to the units, by its number and date, when the form gives it.
        own = nfc(agency.units_request) or "văn bản"
        fmt.paragraph(
            self.doc,
            f"{lead} đã có {own} đề nghị các cơ quan, đơn vị {what}, gửi về {self.short_name()} trước ngày {deadline}.",
            indent=True,
        )
        if self.missing:
            fmt.paragraph(self.doc, nfc(self.missing_status()), indent=True)
        self.rejected_status()
        who = "đơn vị" if len(self.units) == 1 else "các đơn vị"
        fmt.paragraph(
            self.doc,
            f"Để kịp thời tổng hợp, báo cáo {nfc(agency.parent)} theo quy định, {name} đề nghị {who} "
            f"khẩn trương hoàn thành và gửi báo cáo về {self.short_name()}{self.via()} trước ngày "
            f"{_short(new_deadline(self.today))}.",
            indent=True,
        )
        fmt.paragraph(
            self.doc,
            f"Trong quá trình thực hiện, nếu có vướng mắc, đề nghị {who} liên hệ {name}{self.via(self.contact())} "
            "để được hướng dẫn./.",
            indent=True,
        )

    def missing_status(self) -> str:
        """Who has sent nothing. When the letter goes only to them, the Kính gửi line has named them already:
        the letter addresses them as «quý cơ quan, đơn vị» instead of listing them again."""
        received = f"Đến ngày {_short(self.today)}, {self.short_name()} chưa nhận được báo cáo của"
        if not self.rejected:
            return f"{received} quý cơ quan, đơn vị."
        if len(self.missing) == 1:
            return f"{received} {self.missing[0].name}."
        return f"{received} {count_text(len(self.missing))} đơn vị: {_names(self.missing)}."

    def rejected_status(self) -> None:
        """The units whose report was not accepted, each with why: in the sentence for one, one line each
        (``- Sở Y tế: …;``) under it for several."""
        if len(self.rejected) == 1:
            unit = self.rejected[0]
            # The reason after a colon, not in parentheses: reasons carry their own («tệp đã gửi rỗng (0 byte)»).
            why = f": {self.reasons[unit.code]}. Đề nghị" if unit.code in self.reasons else "; đề nghị"
            fmt.paragraph(
                self.doc,
                nfc(
                    f"{unit.name} đã gửi báo cáo nhưng chưa hợp lệ nên chưa tổng hợp được{why} "
                    "đơn vị kiểm tra, chỉnh sửa và gửi lại báo cáo."
                ),
                indent=True,
            )
        elif self.rejected:
            fmt.paragraph(
                self.doc,
                f"Có {count_text(len(self.rejected))} đơn vị đã gửi báo cáo nhưng chưa hợp lệ nên chưa tổng hợp được; "
                "đề nghị các đơn vị này kiểm tra, chỉnh sửa và gửi lại báo cáo:",
                indent=True,
            )
            for index, unit in enumerate(self.rejected):
                why = f": {self.reasons[unit.code]}" if unit.code in self.reasons else ""
                end = "." if index == len(self.rejected) - 1 else ";"
                fmt.paragraph(self.doc, nfc(f"- {unit.name}{why}{end}"), indent=True)

    def short_name(self) -> str:
        """How the issuer names itself in its own letter: "Sở", "Ban", "Cục"."""
        return nfc(self.form.agency.name).split(" ", 1)[0]

    def contact(self) -> str:
        """``đồng chí Hoàng Thị Lan, điện thoại: 0205 3812 345``: whom to call, from ``agency.contact``."""
        contact = self.form.agency.contact
        return f"đồng chí {nfc(contact.name)}, điện thoại: {contact.phone}" if contact else ""

    def via(self, contact: str = "") -> str:
        """`` (qua Văn phòng)``: the drafting unit, spelled out when it is a usual abbreviation, and after it
        the contact person when given, in the same parentheses."""
        code = self.form.agency.drafting_unit
        parts = [f"qua {DRAFTING_UNITS.get(code.upper(), code)}" if code else "", contact]
        inside = ", ".join(part for part in parts if part)
        return f" ({inside})" if inside else ""

    def signature_block(self) -> None:
        fmt.signature_table(self.doc, self.form.agency, [f"Lãnh đạo {self.short_name()} (b/c)"])
