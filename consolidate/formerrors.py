"""The catalogue of mistakes in a form definition: one stable code per kind of mistake, its message and its fix.

Every message the form loader gives comes from here (STYLE.md §14), so ``form check``, ``template``, ``check``
and ``run`` word the same mistake the same way, and a test or a script can rely on the code.
Templates use ``str.format`` fields; ``{near}`` is a ready-made « Có phải «…»?» suggestion or empty.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from consolidate.formsource import FormProblem, Position

if TYPE_CHECKING:
    from consolidate.form import Form

ERROR = "error"
WARNING = "warning"

_CODE_FIX = (
    "Mã chỉ gồm chữ cái không dấu, chữ số và dấu gạch dưới, bắt đầu bằng chữ cái (tối đa 64 ký tự), ví dụ {suggestion}."
)

# code → (what is wrong, how to fix it)
CATALOGUE: dict[str, tuple[str, str]] = {
    # reading the file
    "not_utf8": ("tệp không ở mã UTF-8", "Hãy lưu lại tệp với mã UTF-8."),
    "yaml_syntax": ("lỗi cú pháp YAML: {problem}", "Kiểm tra thụt lề và dấu hai chấm."),
    "impossible_date": ("ngày «{value}» không tồn tại", "Kiểm tra lại ngày và tháng, ví dụ 2022-06-30."),
    # shapes
    "not_mapping": ("phải là một nhóm khóa: giá trị", "Viết dạng «khóa: giá trị», mỗi khóa một dòng."),
    "not_list": ("phải là một danh sách không rỗng", "Viết mỗi phần tử trên một dòng bắt đầu bằng «- »."),
    "missing": ("còn thiếu", "Thêm khóa «{name}:» với nội dung phù hợp."),
    "missing_list": ("còn thiếu", "Thêm khóa «{name}:» rồi viết mỗi phần tử trên một dòng bắt đầu bằng «- »."),
    "not_text": ("phải là một dòng chữ", "Viết giá trị trên cùng dòng với khóa."),
    "phone_as_number": (
        "số điện thoại «{value}» được đọc là một con số nên mất số 0 ở đầu",
        'Đặt số điện thoại trong dấu nháy, ví dụ phone: "0205 3812 345".',
    ),
    "phone_not_number": (
        "số điện thoại «{value}» có chữ hoặc ký hiệu lạ",
        "Chỉ viết chữ số, dấu cách, dấu chấm hoặc dấu gạch ngang, ví dụ 0205 3812 345.",
    ),
    "not_flag": ("phải là true hoặc false, không phải «{value}»", "Viết true (có) hoặc false (không)."),
    "bad_date": ("«{value}» không phải ngày", "Viết ngày dạng 2022-06-17 hoặc 17/06/2022."),
    "unknown_root_key": (
        "khóa «{value}» không được dùng nên bị bỏ qua{near}",
        "Sửa tên khóa hoặc xóa nó nếu không cần.",
    ),
    "unknown_key": ("khóa «{value}» không được hỗ trợ{near}", "Các khóa dùng được: {known}."),
    # codes
    "invalid_form_id": (
        "mã biểu mẫu «{value}» không hợp lệ",
        "Dùng chữ không dấu, chữ số và dấu gạch dưới, ví dụ {suggestion}.",
    ),
    "invalid_code": ("mã «{value}» không hợp lệ", _CODE_FIX),
    "cell_like_code": (
        "mã «{value}» trông giống địa chỉ ô Excel nên không dùng làm tên được",
        "Hãy đặt mã có chữ mô tả, ví dụ {suggestion}.",
    ),
    "reserved_code": ("mã «{value}» là từ khóa dành riêng", "Hãy đặt mã khác, ví dụ {suggestion}."),
    "reserved_prefix": (
        "mã «{value}» bắt đầu bằng «{prefix}» là tiền tố dành riêng",
        "Hãy đặt mã khác, ví dụ {suggestion}.",
    ),
    "previous_code_invalid": (
        "mã cũ «{value}» không hợp lệ",
        "Ghi đúng mã mà chỉ tiêu này có ở kỳ trước (chữ không dấu, chữ số, dấu gạch dưới), ví dụ tin_bai.",
    ),
    "previous_code_same": ("mã cũ «{value}» trùng với mã hiện tại", "Chỉ ghi mã cũ khi chỉ tiêu đã đổi mã."),
    "previous_code_taken": (
        "mã cũ «{value}» đang là mã của một chỉ tiêu khác (mục «{other}»)",
        "Số liệu các kỳ trước của mã đó thuộc chỉ tiêu kia; hãy đặt cho chỉ tiêu này một mã mới khác.",
    ),
    "previous_code_twice": ("mã cũ «{value}» đã ghi cho chỉ tiêu «{other}»", "Mỗi mã cũ chỉ thuộc một chỉ tiêu."),
    "duplicate_code": (
        "mã «{value}» trùng với {earlier}; Excel không phân biệt chữ hoa, chữ thường",
        "Mỗi chỉ tiêu, mục, bảng phải có một mã riêng, ví dụ {suggestion}.",
    ),
    "invisible_in_code": (
        "mã «{raw}» có ký tự ẩn hoặc khoảng trắng thừa",
        "Đã đọc thành «{value}»; hãy xóa các ký tự đó để mã giữ nguyên giữa các kỳ.",
    ),
    # fields
    "unknown_kind": ("kiểu «{value}» không có{near}", "Chọn một trong: {options}."),
    "unknown_aggregate": ("cách tổng hợp «{value}» không có{near}", "Chọn một trong: {options}."),
    "aggregate_not_numeric": (
        "chỉ tiêu kiểu «{kind}» không cộng, tính trung bình được",
        "Dùng aggregate: none cho chỉ tiêu không phải số.",
    ),
    "weight_missing": (
        "cách tổng hợp weighted (bình quân có trọng số) cần chỉ tiêu làm trọng số",
        "Thêm «weight: mã_chỉ_tiêu», ví dụ weight: von_du_an.",
    ),
    "weight_not_weighted": (
        "trọng số «{value}» chỉ dùng với cách tổng hợp weighted",
        "Ghi «aggregate: weighted» hoặc xóa khóa weight.",
    ),
    "weight_unknown_code": ("trọng số «{value}» không phải chỉ tiêu nào{near}", "Kiểm tra lại chính tả mã."),
    "weight_not_numeric": (
        "trọng số «{value}» phải là một chỉ tiêu dạng số khác{near}",
        "Chọn chỉ tiêu số làm trọng số, ví dụ tổng giá trị dự án.",
    ),
    "min_above_max": (
        "giá trị nhỏ nhất ({low}) lớn hơn giá trị lớn nhất ({high})",
        "Đổi lại min và max.",
    ),
    "bound_not_number": ("«{value}» không phải số", "Viết số bằng chữ số, ví dụ 12.5 hoặc 1000."),
    "bound_as_text": (
        "«{value}» được viết dạng chữ; đã đọc là {number} ({how})",
        "Hãy viết số không có dấu ngăn hàng nghìn, ví dụ {number}.",
    ),
    "bound_on_text_kind": ("kiểu «{kind}» không có giới hạn số", "Xóa min/max hoặc đổi kiểu."),
    "missing_choices": (
        "kiểu choice cần danh sách lựa chọn (choices) không rỗng",
        "Thêm «choices: [Lựa chọn 1, Lựa chọn 2]».",
    ),
    "duplicate_choice": ("lựa chọn «{value}» bị trùng", "Mỗi lựa chọn chỉ ghi một lần."),
    "choices_too_long": ("danh sách lựa chọn quá dài", "Rút gọn các lựa chọn."),
    "choices_not_choice": ("chỉ dùng cho kiểu choice", "Xóa khóa choices hoặc đổi kind thành choice."),
    # tables
    "duplicate_column": ("mã cột «{value}» bị trùng", "Mỗi cột một mã riêng."),
    "duplicate_column_label": ("tên cột «{value}» bị trùng", "Excel cần tên cột khác nhau."),
    "bad_rows": ("số dòng kẻ sẵn phải từ 1 đến 1000", "Ví dụ rows: 30."),
    # references
    "rule_syntax": ("{reason}", "Ví dụ đúng: nguoi_ra >= doan_ra."),
    "rule_unknown_code": ("mã «{value}» không phải chỉ tiêu nào{near}", "Kiểm tra lại chính tả mã."),
    "phrase_unknown_code": (
        "câu trích dẫn dùng «{{{value}}}» nhưng không có chỉ tiêu mã «{value}»{near}",
        "Dùng {{value}} hoặc mã của một chỉ tiêu khác.",
    ),
    "cite_unknown_code": ("không có chỉ tiêu mã «{value}»{near}", "Kiểm tra lại chính tả mã."),
    "cite_without_phrase": (
        "chỉ tiêu «{value}» chưa có câu trích dẫn (phrase)",
        "Thêm phrase cho chỉ tiêu đó.",
    ),
    "cite_not_figure": (
        "chỉ tiêu «{value}» kiểu {kind}: báo cáo chỉ trích dẫn số liệu hoặc lựa chọn",
        "Bỏ mã đó khỏi cite, hoặc đổi chỉ tiêu sang kiểu số hay chọn trong danh sách (choice).",
    ),
    "choice_phrase_placeholder": (
        "câu trích dẫn của chỉ tiêu lựa chọn không có số liệu để điền vào chỗ trống",
        "Chỉ ghi đối tượng của câu, ví dụ «Kế hoạch thực hiện công tác hội nhập quốc tế năm 2022»"
        " (báo cáo viết «22/30 đơn vị đã ban hành Kế hoạch …»).",
    ),
    "chart_not_numeric": ("«{value}» không phải chỉ tiêu dạng số{near}", "Chỉ đưa mã chỉ tiêu số vào biểu đồ."),
    # report settings
    "bad_report_number": ("số văn bản «{value}» không hợp lệ", "Viết một số nguyên dương, ví dụ 15."),
    "bad_issue_month": ("tháng «{value}» không hợp lệ", "Viết dạng 2022-06."),
    "bad_contributions": (
        "«{value}» không có",
        "Chọn merged (gộp các ý trùng nhau, kèm tên đơn vị) hoặc full (toàn văn từng đơn vị).",
    ),
    "bad_writer": (
        "«{value}» không có",
        "Chọn units (các đơn vị viết mục này) hoặc coordinator (cơ quan tổng hợp tự viết, như «Đánh giá chung»).",
    ),
    "text_not_coordinator": (
        "mục do các đơn vị viết nên nội dung ghi ở đây không được dùng",
        "Thêm «writer: coordinator» nếu mục này do cơ quan tổng hợp viết, hoặc xóa khóa này.",
    ),
    "part_file_missing": (
        "không thấy tệp «{value}» (đường dẫn tính từ thư mục chứa biểu mẫu)",
        "Tạo tệp .txt hoặc .docx chứa nội dung; đến lúc đó báo cáo để trống chỗ này và đánh dấu để viết sau.",
    ),
    "part_file_unreadable": (
        "không đọc được tệp «{value}»",
        "Dùng tệp văn bản .txt (mã UTF-8) hoặc tệp Word .docx còn nguyên vẹn.",
    ),
    "bad_positive": ("«{value}» không hợp lệ", "Viết một số nguyên dương, ví dụ {example}."),
    "bad_threshold": ("«{value}» không hợp lệ", "Viết một số lớn hơn {low}."),
    # period
    "unknown_period_type": ("loại kỳ «{value}» không có{near}", "Chọn một trong: {options}."),
    "bad_year": ("năm «{value}» không hợp lệ", "Viết năm bằng bốn chữ số, ví dụ 2022."),
    "bad_period_number": ("kỳ «{kind}» cần số thứ tự từ 1 đến {limit}", "Thêm «number:» (1–{limit})."),
    "deadline_before_end": (
        "hạn nộp {deadline} trước ngày chốt số liệu {end} của kỳ {label}",
        "Kiểm tra lại «deadline» (hạn nộp thường sau ngày chốt số liệu).",
    ),
    "period_reversed": ("ngày bắt đầu sau ngày kết thúc", "Sửa lại «from» và «to»."),
    # units
    "units_file_missing": (
        "không tìm thấy tệp «{value}»",
        "Sửa đường dẫn (tính từ thư mục chứa tệp biểu mẫu).",
    ),
    "invalid_unit_code": (
        "mã đơn vị «{value}» không hợp lệ",
        "Dùng chữ không dấu, chữ số, «_» hoặc «-», tối đa 32 ký tự, ví dụ {suggestion}.",
    ),
    "duplicate_unit_code": ("mã đơn vị «{value}» bị trùng với {earlier}", "Mỗi đơn vị một mã riêng."),
    "duplicate_unit_name": (
        "tên đơn vị «{value}» bị trùng với {earlier}",
        "Hai đơn vị cùng nhóm cần tên khác nhau; nếu là một đơn vị, xóa dòng thừa.",
    ),
    "duplicate_unit_name_other_group": (
        "tên đơn vị «{value}» cũng có ở {earlier}, thuộc nhóm khác",
        "Nếu là hai đơn vị khác nhau, không cần sửa; nếu là một, xóa dòng thừa.",
    ),
}


def message(code: str, **params: Any) -> str:
    """The Vietnamese message of a catalogue entry: what is wrong, then the fix."""
    what, fix = CATALOGUE[code]
    params.setdefault("near", "")
    return f"{what.format(**params)}. {fix.format(**params)}"


def nearest(value: str, options: Iterable[str]) -> str:
    """« (có phải «x»?)» for the option closest to ``value``, or "" when none is close."""
    choices = list(options)
    folded = {option.casefold(): option for option in choices}
    close = difflib.get_close_matches(str(value).casefold(), list(folded), n=1, cutoff=0.6)
    return f" (có phải «{folded[close[0]]}»?)" if close else ""


@dataclass
class FormReport:
    """What checking a form definition found: every problem, and the Form when there is no error."""

    path: Path
    problems: list[FormProblem]
    form: Form | None = None  # when valid

    @property
    def errors(self) -> list[FormProblem]:
        """The problems that make the definition unusable."""
        return [p for p in self.problems if p.severity == ERROR]

    @property
    def valid(self) -> bool:
        """Whether the form can be used (warnings allowed)."""
        return not self.errors

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: the same keys as a submission problem of ``check --json``, plus where in the definition."""
        return {
            "file": str(self.path),
            "valid": self.valid,
            "errors": len(self.errors),
            "warnings": len(self.problems) - len(self.errors),
            "problems": [problem_record(self.path, p) for p in self.problems],
        }


def problem_record(path: Path, problem: FormProblem) -> dict[str, Any]:
    """One problem as a JSON record (keys of ``check --json`` plus code, key, line, column, row)."""
    where = problem.position or Position()
    value = problem.value
    if value is not None and not isinstance(value, str | int | float | bool):
        value = str(value)
    return {
        "file": where.file or str(path),
        "unit": None,
        "field": problem.key or None,
        "sheet": where.sheet,
        "cell": where.cell,
        "value": value,
        "severity": problem.severity,
        "message": problem.message,
        "code": problem.code,
        "key": problem.key,
        "line": where.line,
        "column": where.column if where.sheet is not None else where.col,
        "row": where.row,
    }


def describe(problem: FormProblem) -> str:
    """One problem as a line of text: where, which key, what is wrong and how to fix it."""
    where = problem.position.describe() if problem.position else ""
    key = f"mục «{problem.key}»: " if problem.key else ""
    return f"{where}: {key}{problem.message}" if where else f"{key}{problem.message}"


def error_text(path: Path, problems: list[FormProblem]) -> str:
    """The text of the FormError that refuses a definition: every error, each pinned."""
    errors = [p for p in problems if p.severity == ERROR]
    if len(errors) == 1:
        return f"{path}: {describe(errors[0])}"
    lines = [f"{path}: định nghĩa biểu mẫu có {len(errors)} lỗi, hãy sửa tất cả:"]
    lines.extend(f"  {i}. {describe(p)}" for i, p in enumerate(errors, 1))
    return "\n".join(lines)
