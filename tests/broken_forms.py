# ruff: noqa: E501 (expected messages are kept whole, exactly as a user reads them)
"""A folder of broken form definitions, each made from the shipped form by one small edit (one by many).

Each case names the edits (text replaced in the form or its units file, each found exactly once) and the
problems ``form check`` must report: catalogue code, key path, line and column (1-based) and a piece of
the message. Run ``python -m tests.broken_forms FOLDER`` to write them out for a look in an editor.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

from consolidate.form import FORMS_DIR

SHIPPED = FORMS_DIR / "hoi_nhap_quoc_te.yaml"
SHIPPED_UNITS = FORMS_DIR / "units" / "lang_son_2022.yaml"
UNITS_FILE = "lang_son_2022.yaml"


@dataclass(frozen=True)
class Expected:
    """One problem the check must report."""

    code: str
    key: str
    line: int
    col: int
    words: str  # a piece of the message
    severity: str = "error"
    file: str | None = None  # the units file, when the problem sits there


@dataclass(frozen=True)
class Case:
    """A broken definition: edits to the shipped form (and its units file) and what must be reported."""

    name: str
    edits: tuple[tuple[str, str], ...]
    expected: tuple[Expected, ...]
    unit_edits: tuple[tuple[str, str], ...] = field(default=())

    @property
    def valid(self) -> bool:
        """Whether the definition still loads (only warnings expected)."""
        return all(e.severity == "warning" for e in self.expected)


def _edit(text: str, edits: tuple[tuple[str, str], ...], name: str) -> str:
    for old, new in edits:
        count = text.count(old)
        if count != 1:
            raise ValueError(f"{name}: «{old}» occurs {count} times in the shipped file")
        text = text.replace(old, new)
    return text


def write_case(case: Case, folder: Path) -> Path:
    """Write one case as ``folder/<name>/form.yaml`` with its ``units/`` file; return the form's path."""
    home = folder / case.name
    (home / "units").mkdir(parents=True, exist_ok=True)
    units = _edit(SHIPPED_UNITS.read_text(encoding="utf-8"), case.unit_edits, case.name)
    (home / "units" / UNITS_FILE).write_text(units, encoding="utf-8")
    path = home / "form.yaml"
    path.write_text(_edit(SHIPPED.read_text(encoding="utf-8"), case.edits, case.name), encoding="utf-8")
    return path


def write_all(folder: Path) -> dict[str, Path]:
    """Write every case; name → path of its form."""
    return {case.name: write_case(case, folder) for case in CASES}


E = Expected
CASES: tuple[Case, ...] = (
    Case(
        "duplicate_code",
        (("  - code: can_bo_phu_trach\n", "  - code: TIN_BAI\n"),),
        (
            E(
                "duplicate_code",
                "indicators[15].code",
                185,
                11,
                "mã «TIN_BAI» trùng với chỉ tiêu ở «indicators[0]» (dòng 52, cột 5); Excel không phân biệt chữ hoa, chữ thường. Mỗi chỉ tiêu, mục, bảng phải có một mã riêng, ví dụ tin_bai_2.",
            ),
        ),
    ),
    Case(
        "duplicate_unit_name_other_group",
        (),
        (
            E(
                "duplicate_unit_name_other_group",
                "lang_son_2022.yaml: units[1].name",
                6,
                23,
                "tên đơn vị «Sở Nội vụ» cũng có ở «lang_son_2022.yaml: units[0]» (tệp «lang_son_2022.yaml», dòng 5, cột 5), thuộc nhóm khác. Nếu là hai đơn vị khác nhau, không cần sửa; nếu là một, xóa dòng thừa.",
                "warning",
                "lang_son_2022.yaml",
            ),
        ),
        unit_edits=(
            ('{code: STP, name: Sở Tư pháp, group: "Sở, ban, ngành"}', "{code: STP, name: Sở Nội vụ, group: Khác}"),
        ),
    ),
    Case(
        "quarter_without_number",
        (("  type: first_half ", "  type: quarter "),),
        (
            E(
                "bad_period_number",
                "period.number",
                11,
                1,
                "kỳ «quarter» cần số thứ tự từ 1 đến 4. Thêm «number:» (1–4).",
            ),
        ),
    ),
    Case(
        "invalid_code",
        (("  - code: can_bo_phu_trach\n", "  - code: cán bộ\n"),),
        (
            E(
                "invalid_code",
                "indicators[15].code",
                185,
                11,
                "mã «cán bộ» không hợp lệ. Mã chỉ gồm chữ cái không dấu, chữ số và dấu gạch dưới, bắt đầu bằng chữ cái (tối đa 64 ký tự), ví dụ can_bo.",
            ),
        ),
    ),
    Case(
        "cell_like_code",
        (("  - code: ke_hoach\n", "  - code: KH1\n"), ("lop_tap_huan, ke_hoach]", "lop_tap_huan, KH1]")),
        (
            E(
                "cell_like_code",
                "indicators[13].code",
                170,
                11,
                "mã «KH1» trông giống địa chỉ ô Excel nên không dùng làm tên được. Hãy đặt mã có chữ mô tả, ví dụ tinh_trang_ban_hanh_ke_hoach.",
            ),
        ),
    ),
    Case(
        "reserved_code",
        (("  - code: can_bo_phu_trach\n", "  - code: None\n"),),
        (
            E(
                "reserved_code",
                "indicators[15].code",
                185,
                11,
                "mã «None» là từ khóa dành riêng. Hãy đặt mã khác, ví dụ so_can_bo_phu_trach_cong_tac.",
            ),
        ),
    ),
    Case(
        "unknown_kind",
        (("    unit: tin, bài\n    kind: integer\n", "    unit: tin, bài\n    kind: interger\n"),),
        (
            E(
                "unknown_kind",
                "indicators[0].kind",
                55,
                11,
                "kiểu «interger» không có (có phải «integer»?). Chọn một trong: integer, decimal, percent, text, choice, date.",
            ),
        ),
    ),
    Case(
        "min_above_max",
        (
            (
                '    unit: đoàn\n    kind: integer\n    required: true\n    min: 0\n    max: 500\n    group: Đoàn ra, đoàn vào\n    phrase: "cử',
                '    unit: đoàn\n    kind: integer\n    required: true\n    min: 600\n    max: 500\n    group: Đoàn ra, đoàn vào\n    phrase: "cử',
            ),
        ),
        (
            E(
                "min_above_max",
                "indicators[3].min",
                84,
                10,
                "giá trị nhỏ nhất (600) lớn hơn giá trị lớn nhất (500). Đổi lại min và max.",
            ),
        ),
    ),
    Case(
        "bound_thousands_text",
        (("    max: 100000\n", '    max: "100.000"\n'),),
        (
            E(
                "bound_as_text",
                "indicators[0].max",
                58,
                11,
                "«100.000» được viết dạng chữ; đã đọc là 100000 (theo quy ước Việt Nam, dấu chấm ngăn hàng nghìn). Hãy viết số không có dấu ngăn hàng nghìn, ví dụ 100000.",
                "warning",
            ),
        ),
    ),
    Case(
        "bound_not_number",
        (("    max: 1000000\n", "    max: một triệu\n"),),
        (
            E(
                "bound_not_number",
                "indicators[2].max",
                76,
                10,
                "«một triệu» không phải số. Viết số bằng chữ số, ví dụ 12.5 hoặc 1000.",
            ),
        ),
    ),
    Case(
        "choices_missing",
        (("    choices: [Đã ban hành, Đang xây dựng, Chưa ban hành]\n", ""),),
        (
            E(
                "missing_choices",
                "indicators[13].choices",
                170,
                5,
                "kiểu choice cần danh sách lựa chọn (choices) không rỗng. Thêm «choices: [Lựa chọn 1, Lựa chọn 2]».",
            ),
        ),
    ),
    Case(
        "choices_empty",
        (("    choices: [Đã ban hành, Đang xây dựng, Chưa ban hành]\n", "    choices: []\n"),),
        (
            E(
                "missing_choices",
                "indicators[13].choices",
                174,
                5,
                "kiểu choice cần danh sách lựa chọn (choices) không rỗng. Thêm «choices: [Lựa chọn 1, Lựa chọn 2]».",
            ),
        ),
    ),
    Case(
        "phrase_unknown_code",
        (("{nguoi_tap_huan} lượt", "{nguoi_tap_hun} lượt"),),
        (
            E(
                "phrase_unknown_code",
                "indicators[1].phrase",
                69,
                57,
                "câu trích dẫn dùng «{nguoi_tap_hun}» nhưng không có chỉ tiêu mã «nguoi_tap_hun» (có phải «nguoi_tap_huan»?). Dùng {value} hoặc mã của một chỉ tiêu khác.",
            ),
        ),
    ),
    Case(
        "cite_unknown_code",
        (("cite: [tin_bai, lop_tap_huan, ke_hoach]", "cite: [tin_bai, lop_tap_hoan, ke_hoach]"),),
        (
            E(
                "cite_unknown_code",
                "sections[0].children[0].cite[1]",
                205,
                25,
                "không có chỉ tiêu mã «lop_tap_hoan» (có phải «lop_tap_huan»?). Kiểm tra lại chính tả mã.",
            ),
        ),
    ),
    Case(
        "rule_unknown_code",
        (("expression: nguoi_ra >= doan_ra\n", "expression: nguoi_ra >= doan_raa\n"),),
        (
            E(
                "rule_unknown_code",
                "rules[0].expression",
                263,
                29,
                "mã «doan_raa» không phải chỉ tiêu nào (có phải «doan_ra»?). Kiểm tra lại chính tả mã.",
            ),
        ),
    ),
    Case(
        "rule_syntax",
        (("expression: nguoi_vao >= doan_vao\n", "expression: nguoi_vao >= = doan_vao\n"),),
        (
            E(
                "rule_syntax",
                "rules[1].expression",
                265,
                30,
                "biểu thức «nguoi_vao >= = doan_vao» sai cú pháp (vị trí 14). Ví dụ đúng: nguoi_ra >= doan_ra.",
            ),
        ),
    ),
    Case(
        "duplicate_unit_code",
        (),
        (
            E(
                "duplicate_unit_code",
                "lang_son_2022.yaml: units[1].code",
                6,
                12,
                "mã đơn vị «SNV» bị trùng với «lang_son_2022.yaml: units[0]» (tệp «lang_son_2022.yaml», dòng 5, cột 5). Mỗi đơn vị một mã riêng.",
                "error",
                "lang_son_2022.yaml",
            ),
        ),
        unit_edits=(("{code: STP, name: Sở Tư pháp", "{code: SNV, name: Sở Tư pháp"),),
    ),
    Case(
        "duplicate_unit_name",
        (),
        (
            E(
                "duplicate_unit_name",
                "lang_son_2022.yaml: units[1].name",
                6,
                23,
                "tên đơn vị «Sở Nội vụ» bị trùng với «lang_son_2022.yaml: units[0]» (tệp «lang_son_2022.yaml», dòng 5, cột 5). Hai đơn vị cùng nhóm cần tên khác nhau; nếu là một đơn vị, xóa dòng thừa.",
                "error",
                "lang_son_2022.yaml",
            ),
        ),
        unit_edits=(("{code: STP, name: Sở Tư pháp", "{code: STP, name: Sở Nội vụ"),),
    ),
    Case(
        "invalid_unit_code",
        (),
        (
            E(
                "invalid_unit_code",
                "lang_son_2022.yaml: units[1].code",
                6,
                12,
                "mã đơn vị «Sở TP» không hợp lệ. Dùng chữ không dấu, chữ số, «_» hoặc «-», tối đa 32 ký tự, ví dụ SOTP.",
                "error",
                "lang_son_2022.yaml",
            ),
        ),
        unit_edits=(("{code: STP, name: Sở Tư pháp", "{code: Sở TP, name: Sở Tư pháp"),),
    ),
    Case(
        "impossible_deadline",
        (("  deadline: 2022-06-17\n", "  deadline: 2022-06-31\n"),),
        (
            E(
                "impossible_date",
                "period.deadline",
                15,
                13,
                "ngày «2022-06-31» không tồn tại. Kiểm tra lại ngày và tháng, ví dụ 2022-06-30.",
            ),
        ),
    ),
    Case(
        "bad_deadline",
        (("  deadline: 2022-06-17\n", "  deadline: 17.06.2022\n"),),
        (
            E(
                "bad_date",
                "period.deadline",
                15,
                13,
                "«17.06.2022» không phải ngày. Viết ngày dạng 2022-06-17 hoặc 17/06/2022.",
            ),
        ),
    ),
    Case(
        "missing_agency_name",
        (("  name: Sở Văn hóa, Thể thao và Du lịch\n", ""),),
        (E("missing", "agency.name", 17, 1, "còn thiếu. Thêm khóa «name:» với nội dung phù hợp."),),
    ),
    Case(
        "missing_title",
        (("title: Báo cáo kết quả công tác hội nhập quốc tế\n", ""),),
        (E("missing", "title", 0, 0, "còn thiếu. Thêm khóa «title:» với nội dung phù hợp."),),
    ),
    Case(
        "unknown_period_type",
        (("  type: first_half ", "  type: first_haf "),),
        (
            E(
                "unknown_period_type",
                "period.type",
                12,
                9,
                "loại kỳ «first_haf» không có (có phải «first_half»?). Chọn một trong: month, quarter, first_half, second_half, year.",
            ),
        ),
    ),
    Case(
        "bad_year",
        (("  year: 2022\n", "  year: 22\n"),),
        (E("bad_year", "period.year", 13, 9, "năm «22» không hợp lệ. Viết năm bằng bốn chữ số, ví dụ 2022."),),
    ),
    Case(
        "invisible_in_code",
        (("  - code: doan_vao\n", "  - code: doan_vao\xa0\u200b\n"),),
        (
            E(
                "invisible_in_code",
                "indicators[5].code",
                96,
                11,
                "mã «doan_vao\xa0\u200b» có ký tự ẩn hoặc khoảng trắng thừa. Đã đọc thành «doan_vao»; hãy xóa các ký tự đó để mã giữ nguyên giữa các kỳ.",
                "warning",
            ),
        ),
    ),
    Case(
        "unknown_key",
        (("    unit: tin, bài\n", "    units: tin, bài\n"),),
        (
            E(
                "unknown_key",
                "indicators[0].units",
                54,
                12,
                "khóa «units» không được hỗ trợ (có phải «unit»?). Các khóa dùng được: aggregate, choices, code, group, hint, kind, label, max, min, phrase, previous_code, required, unit, weight.",
            ),
        ),
    ),
    Case(
        "unknown_aggregate",
        (("    aggregate: weighted\n", "    aggregate: weightd\n"),),
        (
            E(
                "unknown_aggregate",
                "indicators[11].aggregate",
                156,
                16,
                "cách tổng hợp «weightd» không có (có phải «weighted»?). "
                "Chọn một trong: sum, average, weighted, min, max, none.",
            ),
        ),
    ),
    Case(
        "units_file_missing",
        (("units_file: units/lang_son_2022.yaml", "units_file: units/lang_son_2023.yaml"),),
        (
            E(
                "units_file_missing",
                "units_file",
                39,
                13,
                "units/lang_son_2023.yaml». Sửa đường dẫn (tính từ thư mục chứa tệp biểu mẫu).",
            ),
        ),
    ),
    Case(
        "yaml_syntax",
        (("  year: 2022\n", "   year: 2022\n"),),
        (
            E(
                "yaml_syntax",
                "",
                13,
                4,
                "lỗi cú pháp YAML: thụt lề không đều hoặc thiếu khóa. Kiểm tra thụt lề và dấu hai chấm.",
            ),
        ),
    ),
    Case(
        "many_at_once",
        (
            ("    unit: tin, bài\n    kind: integer\n", "    unit: tin, bài\n    kind: interger\n"),
            ("  - code: nguoi_ra\n", "  - code: doan_ra\n"),
            ("cite: [tin_bai, lop_tap_huan, ke_hoach]", "cite: [tin_bai, lop_tap_hoan, ke_hoach]"),
            ("expression: nguoi_vao >= doan_vao\n", "expression: nguoi_vao >= = doan_vao\n"),
            ("  type: first_half ", "  type: first_haf "),
            ("    max: 1000000\n", "    max: một triệu\n"),
        ),
        (
            E(
                "unknown_period_type",
                "period.type",
                12,
                9,
                "loại kỳ «first_haf» không có (có phải «first_half»?). Chọn một trong: month, quarter, first_half, second_half, year.",
            ),
            E(
                "unknown_kind",
                "indicators[0].kind",
                55,
                11,
                "kiểu «interger» không có (có phải «integer»?). Chọn một trong: integer, decimal, percent, text, choice, date.",
            ),
            E(
                "bound_not_number",
                "indicators[2].max",
                76,
                10,
                "«một triệu» không phải số. Viết số bằng chữ số, ví dụ 12.5 hoặc 1000.",
            ),
            E(
                "phrase_unknown_code",
                "indicators[3].phrase",
                87,
                37,
                "câu trích dẫn dùng «{nguoi_ra}» nhưng không có chỉ tiêu mã «nguoi_ra» (có phải «nguoi_vao»?). Dùng {value} hoặc mã của một chỉ tiêu khác.",
            ),
            E(
                "duplicate_code",
                "indicators[4].code",
                88,
                11,
                "mã «doan_ra» trùng với chỉ tiêu ở «indicators[3]» (dòng 79, cột 5); Excel không phân biệt chữ hoa, chữ thường. Mỗi chỉ tiêu, mục, bảng phải có một mã riêng, ví dụ doan_ra_2.",
            ),
            E(
                "cite_unknown_code",
                "sections[0].children[0].cite[1]",
                205,
                25,
                "không có chỉ tiêu mã «lop_tap_hoan» (có phải «lop_tap_huan»?). Kiểm tra lại chính tả mã.",
            ),
            E(
                "rule_unknown_code",
                "rules[0].expression",
                263,
                17,
                "mã «nguoi_ra» không phải chỉ tiêu nào (có phải «nguoi_vao»?). Kiểm tra lại chính tả mã.",
            ),
            E(
                "rule_syntax",
                "rules[1].expression",
                265,
                30,
                "biểu thức «nguoi_vao >= = doan_vao» sai cú pháp (vị trí 14). Ví dụ đúng: nguoi_ra >= doan_ra.",
            ),
            E(
                "duplicate_unit_code",
                "lang_son_2022.yaml: units[1].code",
                6,
                12,
                "mã đơn vị «SNV» bị trùng với «lang_son_2022.yaml: units[0]» (tệp «lang_son_2022.yaml», dòng 5, cột 5). Mỗi đơn vị một mã riêng.",
                "error",
                "lang_son_2022.yaml",
            ),
        ),
        unit_edits=(("{code: STP, name: Sở Tư pháp", "{code: SNV, name: Sở Tư pháp"),),
    ),
    Case(
        "misspelled_indicators",
        (("\nindicators:\n", "\nindicator:\n"),),
        (
            E(
                "missing_list",
                "indicators",
                0,
                0,
                "còn thiếu. Thêm khóa «indicators:» rồi viết mỗi phần tử trên một dòng bắt đầu bằng «- ».",
            ),
            E(
                "unknown_root_key",
                "indicator",
                50,
                1,
                "khóa «indicator» không được dùng nên bị bỏ qua (có phải «indicators»?). Sửa tên khóa hoặc xóa nó nếu không cần.",
                "warning",
            ),
        ),
    ),
    Case(
        "unknown_root_key",
        (("\nunits_file:", "\nghi_chu: biểu mẫu năm 2022\nunits_file:"),),
        (
            E(
                "unknown_root_key",
                "ghi_chu",
                39,
                10,
                "khóa «ghi_chu» không được dùng nên bị bỏ qua. Sửa tên khóa hoặc xóa nó nếu không cần.",
                "warning",
            ),
        ),
    ),
    Case(
        "invisible_in_unit_code",
        (),
        (
            E(
                "invisible_in_code",
                "lang_son_2022.yaml: units[1].code",
                6,
                13,
                "mã «STP » có ký tự ẩn hoặc khoảng trắng thừa. Đã đọc thành «STP»; hãy xóa các ký tự đó để mã giữ nguyên giữa các kỳ.",
                "warning",
                "lang_son_2022.yaml",
            ),
        ),
        unit_edits=(("{code: STP, name", '{code: "STP ", name'),),
    ),
    Case(
        "deadline_before_end",
        (("  deadline: 2022-06-17\n", "  deadline: 2022-06-01\n"),),
        (
            E(
                "deadline_before_end",
                "period.deadline",
                15,
                13,
                "hạn nộp 01/06/2022 trước ngày chốt số liệu 14/06/2022 của kỳ 6 tháng đầu năm 2022. Kiểm tra lại «deadline» (hạn nộp thường sau ngày chốt số liệu).",
                "warning",
            ),
        ),
    ),
)


if __name__ == "__main__":
    for name, path in write_all(Path(sys.argv[1])).items():
        print(name, path)
