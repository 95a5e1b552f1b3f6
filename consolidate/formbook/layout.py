"""The form workbook's layout: its sheets, their named columns with hints and YAML keys, the drop-downs."""

from __future__ import annotations

from dataclasses import dataclass

from consolidate.aggregates import AGGREGATIONS

# --- the layout: sheets, columns, their YAML keys and hints --------------------------------------


@dataclass(frozen=True)
class Column:
    """One named column of a sheet: its header, the YAML key it holds, how its values read, its hint."""

    header: str
    key: str
    hint: str
    kind: str = "text"  # text | code | number | int | yes_no | kind | aggregate | list | date
    width: int = 14


YES, NO = "Có", "Không"
KIND_NAMES = {
    "integer": "số nguyên",
    "decimal": "số thập phân",
    "percent": "tỷ lệ phần trăm",
    "text": "chữ",
    "choice": "chọn trong danh sách",
    "date": "ngày",
}
AGGREGATE_NAMES = {a.name: a.label for a in AGGREGATIONS.values()}
PERIOD_NAMES = {
    "month": "tháng",
    "quarter": "quý",
    "first_half": "6 tháng đầu năm",
    "second_half": "6 tháng cuối năm",
    "year": "năm",
}
CONTRIBUTION_NAMES = {"merged": "gộp ý trùng", "full": "toàn văn"}
WRITER_NAMES = {"units": "các đơn vị", "coordinator": "cơ quan tổng hợp"}
NAMED = {
    "kind": KIND_NAMES,
    "aggregate": AGGREGATE_NAMES,
    "period": PERIOD_NAMES,
    "contributions": CONTRIBUTION_NAMES,
    "writer": WRITER_NAMES,
}

GUIDE, GENERAL, INDICATORS, METADATA, SECTIONS = "Hướng dẫn", "Thông tin chung", "Chỉ tiêu", "Thông tin văn bản", "Mục"
TABLES, TABLE_COLUMNS, CHOICES, UNITS, RULES = "Bảng", "Cột bảng", "Danh sách chọn", "Đơn vị", "Quy tắc"

_CODE_HINT = "Mã không dấu (chữ, số, «_»), bắt đầu bằng chữ. Để trống: chương trình tự đặt từ tên."
FIELD_COLUMNS = (
    Column("Mã", "code", _CODE_HINT, "code", 16),
    Column("Mã cũ", "previous_code", "Mã kỳ trước nếu đã đổi mã (để so sánh cùng kỳ năm trước).", "code", 12),
    Column("Tên", "label", "Tên đầy đủ như in trên biểu mẫu.", "text", 40),
    Column("Đơn vị tính", "unit", "Ví dụ: đoàn, lượt người, triệu đồng.", "text", 14),
    Column("Kiểu", "kind", "Chọn trong danh sách: số nguyên, số thập phân, tỷ lệ, chữ, chọn, ngày.", "kind", 18),
    Column("Bắt buộc", "required", "Có / Không. Để trống: theo mặc định.", "yes_no", 10),
    Column("Giới hạn dưới", "min", "Giá trị nhỏ nhất được nhập (số, hoặc ngày với kiểu ngày).", "number", 12),
    Column("Giới hạn trên", "max", "Giá trị lớn nhất được nhập.", "number", 12),
    Column("Nhóm", "group", "Tiêu đề nhóm chỉ tiêu trong biểu mẫu và bảng tổng hợp.", "text", 24),
    Column(
        "Cách tổng hợp",
        "aggregate",
        "Cộng, trung bình, bình quân có trọng số, nhỏ nhất, lớn nhất hoặc không tổng hợp.",
        "aggregate",
        14,
    ),
    Column("Danh sách chọn", "choices", "Với kiểu «chọn»: tên danh sách ở trang «Danh sách chọn».", "text", 18),
    Column(
        "Câu trích dẫn",
        "phrase",
        "Câu báo cáo dùng, {value} là số liệu, {ma} là số liệu chỉ tiêu khác. Với kiểu «chọn»: đối tượng của câu, "
        "ví dụ Kế hoạch năm 2022 (báo cáo viết «22/30 đơn vị đã ban hành Kế hoạch năm 2022»).",
        "text",
        40,
    ),
    Column("Gợi ý", "hint", "Lời nhắc cho người điền.", "text", 24),
    Column("Trọng số", "weight", "Với bình quân có trọng số: mã chỉ tiêu làm trọng số, ví dụ von_du_an.", "code", 14),
)
_TABLE_COLUMN_COLUMNS = (Column("Bảng", "table", "Mã bảng (trang «Bảng») có cột này.", "code", 14), *FIELD_COLUMNS)
SECTION_COLUMNS = (
    Column("Mã", "code", _CODE_HINT, "code", 16),
    Column("Số thứ tự", "number", "Số mục như in: I, II, 1, 2…", "text", 10),
    Column("Tiêu đề", "heading", "Tiêu đề mục.", "text", 50),
    Column("Cấp", "level", "1 là mục lớn; 2 là mục con của mục cấp 1 ngay trên nó; 3…", "int", 6),
    Column("Bắt buộc", "required", "Có / Không.", "yes_no", 10),
    Column("Nhận nội dung", "input", "Có / Không. Để trống: mục không có mục con thì nhận nội dung.", "yes_no", 12),
    Column("Gợi ý", "hint", "Lời nhắc cho người viết mục này.", "text", 40),
    Column("Chỉ tiêu trích dẫn", "cite", "Mã các chỉ tiêu có câu trích dẫn, cách nhau bằng dấu phẩy.", "list", 30),
    Column(
        "Người viết",
        "writer",
        "Các đơn vị (để trống) hoặc cơ quan tổng hợp (mục như «Đánh giá chung» do cơ quan tổng hợp tự viết).",
        "writer",
        16,
    ),
    Column("Nội dung", "text", "Mục do cơ quan tổng hợp viết: nội dung in vào báo cáo.", "text", 40),
    Column("Tệp nội dung", "file", "Hoặc tên tệp .txt/.docx chứa nội dung, đặt cạnh tệp biểu mẫu.", "text", 20),
)
_TABLE_SHEET_COLUMNS = (
    Column("Mã", "code", _CODE_HINT, "code", 16),
    Column("Tên bảng", "title", "Tên bảng như in trên biểu mẫu.", "text", 40),
    Column("Số dòng kẻ sẵn", "rows", "Số dòng trống kẻ sẵn trong biểu mẫu (1–1000). Để trống: 30.", "int", 14),
)
_CHOICE_COLUMNS = (
    Column("Danh sách", "list", "Tên danh sách, ghi ở cột «Danh sách chọn» của chỉ tiêu.", "code", 24),
    Column("Lựa chọn", "choice", "Mỗi lựa chọn một dòng.", "text", 40),
)
_UNIT_COLUMNS = (
    Column("Mã đơn vị", "code", "Chữ không dấu, chữ số, «_» hoặc «-»; dùng trong tên tệp gửi về.", "code", 14),
    Column("Tên đơn vị", "name", "Tên đầy đủ của đơn vị.", "text", 44),
    Column("Nhóm", "group", "Nhóm đơn vị trong bảng tổng hợp.", "text", 24),
)
_RULE_COLUMNS = (
    Column(
        "Bảng", "table", "Để trống: quy tắc giữa các chỉ tiêu; ghi mã bảng: quy tắc cho từng dòng bảng.", "code", 14
    ),
    Column("Biểu thức", "expression", "Ví dụ: nguoi_ra >= doan_ra", "text", 40),
    Column("Thông báo", "message", "Câu báo cho đơn vị khi quy tắc bị vi phạm.", "text", 60),
)
_GENERAL_COLUMNS = (
    Column("Thông tin", "label", "Tên thông tin (không sửa).", "text", 36),
    Column("Giá trị", "value", "Giá trị của thông tin.", "raw", 70),
    Column("Ghi chú", "note", "Giải thích.", "text", 50),
)

# «Thông tin chung»: one row per setting (key path, label, hint, kind).
SETTINGS: tuple[tuple[str, str, str, str], ...] = (
    ("id", "Mã biểu mẫu", "Chữ không dấu, «_», ví dụ du_lich_quy.", "code"),
    ("version", "Phiên bản", "Ví dụ 2024.1; đổi khi sửa biểu mẫu.", "text"),
    ("title", "Tên báo cáo", "Ví dụ: Báo cáo tình hình du lịch quý.", "text"),
    ("period.type", "Loại kỳ báo cáo", "tháng, quý, 6 tháng đầu năm, 6 tháng cuối năm, năm.", "period"),
    ("period.year", "Năm báo cáo", "Bốn chữ số.", "int"),
    ("period.number", "Số thứ tự kỳ", "Tháng (1–12) hoặc quý (1–4); để trống với kỳ khác.", "int"),
    ("period.label", "Tên kỳ", "Để trống: tự ghi theo Nghị định 09/2019.", "text"),
    ("period.from", "Từ ngày", "Để trống: theo Nghị định 09/2019.", "date"),
    ("period.to", "Đến ngày", "Để trống: theo Nghị định 09/2019.", "date"),
    ("period.deadline", "Hạn gửi báo cáo", "Ngày/tháng/năm; để trống: ngày làm việc sau ngày chốt số liệu.", "date"),
    ("agency.parent", "Cơ quan chủ quản", "Ví dụ: UBND tỉnh Lạng Sơn.", "text"),
    ("agency.name", "Cơ quan tổng hợp", "Ví dụ: Sở Văn hóa, Thể thao và Du lịch.", "text"),
    ("agency.abbreviation", "Tên viết tắt", "Ví dụ: SVHTTDL.", "text"),
    ("agency.place", "Địa danh", "Nơi ban hành văn bản.", "text"),
    ("agency.document_code", "Ký hiệu văn bản", "Ví dụ: BC-SVHTTDL.", "text"),
    ("agency.drafting_unit", "Đơn vị soạn thảo", "Ví dụ: VP.", "text"),
    ("agency.signer.authority", "Thẩm quyền ký", "Ví dụ: KT. GIÁM ĐỐC.", "text"),
    ("agency.signer.title", "Chức vụ người ký", "Ví dụ: PHÓ GIÁM ĐỐC.", "text"),
    ("agency.signer.name", "Họ tên người ký", "", "text"),
    ("agency.recipients", "Nơi nhận", "Mỗi nơi nhận một dòng (Alt+Enter trong ô).", "lines"),
    ("agency.request", "Văn bản yêu cầu báo cáo", "Công văn mà báo cáo này trả lời.", "text"),
    (
        "agency.units_request",
        "Văn bản đề nghị các đơn vị báo cáo",
        "Văn bản của cơ quan tổng hợp gửi các đơn vị; công văn đôn đốc trích dẫn văn bản này.",
        "text",
    ),
    ("agency.contact.name", "Người liên hệ", "Ghi ở cuối công văn đôn đốc.", "text"),
    ("agency.contact.phone", "Điện thoại liên hệ", "Ví dụ: 0205 3812 345.", "text"),
    ("report.actor", "Chủ thể trong báo cáo", "Ví dụ: các sở, ban, ngành.", "text"),
    ("report.copies_to", "Nơi nhận thêm (lưu)", "Mỗi nơi một dòng.", "lines"),
    ("report.chart", "Chỉ tiêu vẽ biểu đồ", "Mã chỉ tiêu số, cách nhau bằng dấu phẩy.", "list"),
    ("report.number", "Số văn bản tổng hợp", "Để trống cho văn thư ghi.", "int"),
    ("report.issue_date", "Ngày ban hành", "Tháng (2022-06) hoặc ngày đầy đủ.", "text"),
    (
        "report.contributions",
        "Ý kiến đơn vị trong báo cáo",
        "gộp ý trùng (mỗi ý một lần, kèm tên các đơn vị) hoặc toàn văn.",
        "contributions",
    ),
    ("report.body_pages", "Số trang tối đa phần chính báo cáo", "Mặc định 8; phần vượt chuyển sang phụ lục.", "int"),
    ("report.unit_texts", "Kèm toàn văn báo cáo các đơn vị", "Có / Không. Mặc định: Không.", "yes_no"),
    ("report.unit_detail_limit", "Số đơn vị tối đa nêu từng đơn vị", "Mặc định 100.", "int"),
    ("unusual.ratio", "Ngưỡng tăng, giảm bất thường (lần)", "Mặc định 5.", "number"),
    ("unusual.z", "Ngưỡng lệch so với nhóm", "Mặc định 6.", "number"),
    ("unusual.min_group", "Số đơn vị tối thiểu để so nhóm", "Mặc định 5.", "int"),
)

SHEETS: dict[str, tuple[Column, ...]] = {
    GENERAL: _GENERAL_COLUMNS,
    INDICATORS: FIELD_COLUMNS,
    METADATA: FIELD_COLUMNS,
    SECTIONS: SECTION_COLUMNS,
    TABLES: _TABLE_SHEET_COLUMNS,
    TABLE_COLUMNS: _TABLE_COLUMN_COLUMNS,
    CHOICES: _CHOICE_COLUMNS,
    UNITS: _UNIT_COLUMNS,
    RULES: _RULE_COLUMNS,
}
REQUIRED_SHEETS = (GENERAL, INDICATORS, SECTIONS, UNITS)
GUIDE_TEXT = (
    "Tệp này định nghĩa một biểu mẫu báo cáo. Mỗi trang một loại nội dung, mỗi dòng một mục.",
    "Sửa trực tiếp các dòng; thêm dòng ngay dưới dòng cuối (không để dòng trống ở giữa).",
    "Không đổi tên trang và tên cột (dòng đầu mỗi trang); di chuột lên tên cột để xem hướng dẫn.",
    "Cột «Mã» có thể để trống: chương trình tự đặt mã từ tên; «form check» báo mã đã đặt để ghi lại.",
    "Kiểm tra: consolidate form check bieu_mau.xlsx — báo mọi lỗi cùng lúc, kèm trang, dòng, cột.",
    "Tạo biểu mẫu cho đơn vị: consolidate template bieu_mau.xlsx --out output/bieu_mau",
)
