"""Word reports written for this project in the official layout (Decree 30/2020), built with python-docx.

Each sample is what a unit might send instead of the Excel template: the header table (parent and issuing body,
number, national motto, place and date), ``BÁO CÁO``, the subject, ``Kính gửi``, the body with its headings,
and the ``Nơi nhận`` / signature table. Each one records what an import must find: the unit, the metadata and,
for every form section, the paragraphs that land there. The text is written for these tests (NFC).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.shared import Cm, Pt
from docx.text.paragraph import Paragraph

from tests.test_legacy import from_unicode as encode_legacy

# --- TCVN3 (ABC) encoding: the inverse table of tests/test_legacy.py, written independently of consolidate.legacy


def from_unicode(text: str) -> str:
    """Unicode Vietnamese as a TCVN3 keyboard driver types it for the .VnTime font.

    Raises:
        ValueError: for a capital with a tone, which .VnTime cannot show (those are typed in .VnTimeH).
    """
    return encode_legacy(text, "tcvn3")


# --- what a sample is made of -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Item:
    """One body paragraph and where its text must land.

    ``section`` is the form section the text lands in, or None when it is not copied into any section: a
    heading that stands for the section itself, the opening request (``Thực hiện Công văn…``), the closing
    sentence (``Trên đây là…``). ``after_break`` is the rest of a sentence that a page break pushed into the
    next paragraph (``how`` says how the break is written).
    """

    text: str
    section: str | None
    lands_as: str | None = None
    bold: bool = False
    after_break: str = ""
    how: str = ""  # "br" (in the paragraph), "before" (pageBreakBefore on the next), "rendered", "page" (alone)

    @property
    def paragraphs(self) -> list[str]:
        if self.how == "page":
            return []
        return [self.text, self.after_break] if self.after_break else [self.text]

    @property
    def landed(self) -> str:
        if self.lands_as is not None:
            return self.lands_as
        text = f"{self.text} {self.after_break}" if self.after_break else self.text
        return text.removesuffix("./.") + "." if text.endswith("./.") else text


def heading(number: str, text: str, section: str | None = None) -> Item:
    """A numbered bold heading; it lands (without its number) only when ``section`` is given."""
    return Item(f"{number}. {text}", section, lands_as=text if section else None, bold=True)


def para(text: str, section: str | None) -> Item:
    return Item(text, section)


def split(first: str, rest: str, section: str, how: str) -> Item:
    return Item(first, section, after_break=rest, how=how)


PAGE_BREAK = Item("", None, how="page")


@dataclass(frozen=True)
class Sample:
    """A Word report and what importing it must give."""

    name: str
    unit: str | None
    issuer: list[tuple[str, bool]]  # left header lines above the number: (text, bold)
    number: str
    place_date: str
    subject: str
    recipients: list[str]
    body: list[Item]
    authority: list[str]
    signer: str
    metadata: dict[str, Any]
    legacy: bool = False
    candidates: tuple[str, ...] = ()  # the units an ambiguous header must offer
    joined: list[str] = field(default_factory=list)  # paragraphs expected whole after joining page breaks

    @property
    def paragraphs(self) -> list[str]:
        """The body's non-empty paragraphs as written, in order."""
        return [text for item in self.body for text in item.paragraphs]

    @property
    def sections(self) -> dict[str, list[str]]:
        """Per form section, the paragraphs that must land there, in order."""
        found: dict[str, list[str]] = {}
        for item in self.body:
            if item.section is not None:
                found.setdefault(item.section, []).append(item.landed)
        return found

    def build(self, folder: Path) -> Path:
        """Write the document as ``folder/<name>.docx``."""
        path = folder / f"{self.name}.docx"
        _Writer(self).write(path)
        return path


# --- writing ----------------------------------------------------------------------------------------------------


class _Writer:
    def __init__(self, sample: Sample) -> None:
        self.sample = sample
        self.doc = docx.Document()
        normal = self.doc.styles["Normal"]
        normal.font.name = ".VnTime" if sample.legacy else "Times New Roman"  # legacy: the style carries the font
        normal.font.size = Pt(14)
        section = self.doc.sections[0]
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        section.left_margin, section.right_margin = Cm(3), Cm(2)
        section.top_margin = section.bottom_margin = Cm(2)

    def write(self, path: Path) -> None:
        sample = self.sample
        self.header()
        self.line(self.doc, "BÁO CÁO", bold=True, center=True)
        self.line(self.doc, sample.subject, bold=True, center=True)
        self.recipients()
        previous: Paragraph | None = None
        for item in sample.body:
            previous = self.item(item, previous)
        self.signature()
        self.doc.save(str(path))

    def header(self) -> None:
        s = self.sample
        table = self.doc.add_table(rows=2, cols=2)
        self.cell(table.cell(0, 0), s.issuer)
        self.cell(
            table.cell(0, 1), [("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", True), ("Độc lập - Tự do - Hạnh phúc", True)]
        )
        self.cell(table.cell(1, 0), [(s.number, False)])
        self.cell(table.cell(1, 1), [(s.place_date, False)], italic=True)

    def recipients(self) -> None:
        names = self.sample.recipients
        if len(names) == 1:
            self.line(self.doc, f"Kính gửi: {names[0]}.", center=True)
            return
        self.line(self.doc, "Kính gửi:", center=True)
        for i, name in enumerate(names):
            self.line(self.doc, f"- {name}{'.' if i == len(names) - 1 else ';'}", center=True)

    def item(self, item: Item, previous: Paragraph | None) -> Paragraph | None:
        if item.how == "page":
            self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
            return previous
        paragraph = self.body_line(item.text, bold=item.bold)
        if not item.after_break:
            return paragraph
        if item.how == "br":
            paragraph.runs[-1].add_break(WD_BREAK.PAGE)
        rest = self.body_line(item.after_break)
        if item.how == "before":
            rest.paragraph_format.page_break_before = True
        elif item.how == "rendered":
            run = rest.runs[0]._r
            run.insert(1 if run.rPr is not None else 0, OxmlElement("w:lastRenderedPageBreak"))
        return rest

    def signature(self) -> None:
        s = self.sample
        table = self.doc.add_table(rows=1, cols=2)
        left = [("Nơi nhận:", True)] + [(line, False) for line in ("- Như trên;", "- Lãnh đạo đơn vị;", "- Lưu: VT.")]
        self.cell(table.cell(0, 0), left, size=11)
        lines = [(line, True) for line in s.authority] + [("(Đã ký)", False), ("", False), ("", False)]
        self.cell(table.cell(0, 1), [*lines, (s.signer, True)], center=True)
        self.doc.add_paragraph()  # Word always ends a document with a paragraph, never with a table

    # -- paragraphs and runs --

    def cell(
        self, cell: Any, lines: list[tuple[str, bool]], italic: bool = False, size: int = 13, center: bool = True
    ) -> None:
        for i, (text, bold) in enumerate(lines):
            paragraph = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER if center else None
            if text:
                self.run(paragraph, text, bold=bold, italic=italic, size=size)

    def line(self, container: Any, text: str, bold: bool = False, center: bool = False) -> Paragraph:
        paragraph = container.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER if center else WD_ALIGN_PARAGRAPH.JUSTIFY
        self.run(paragraph, text, bold=bold)
        return paragraph

    def body_line(self, text: str, bold: bool = False) -> Paragraph:
        paragraph = self.line(self.doc, text, bold=bold)
        paragraph.paragraph_format.first_line_indent = Cm(1.27)
        paragraph.paragraph_format.space_after = Pt(6)
        return paragraph

    def run(self, paragraph: Paragraph, text: str, bold: bool = False, italic: bool = False, size: int = 0) -> None:
        capitals = any(c.isalpha() for c in text) and text == text.upper()
        if self.sample.legacy:
            text = from_unicode(text.lower() if capitals else text)
        run = paragraph.add_run(text)
        run.bold = bold or None
        run.italic = italic or None
        if size:
            run.font.size = Pt(size)
        if self.sample.legacy and capitals:
            run.font.name = ".VnTimeH"  # capitals with tones exist only in the capital font


# --- the samples ------------------------------------------------------------------------------------------------

REQUEST = "Công văn số 1856/UBND-KGVX ngày 20/5/2022 của UBND tỉnh Lạng Sơn"
SUBJECT = "Kết quả công tác hội nhập quốc tế 6 tháng đầu năm 2022"
PROVINCE = ("UBND TỈNH LẠNG SƠN", False)
SVHTTDL = "Sở Văn hóa, Thể thao và Du lịch tỉnh Lạng Sơn"


def _closing(unit_name: str) -> Item:
    return para(f"Trên đây là báo cáo kết quả công tác hội nhập quốc tế 6 tháng đầu năm 2022 của {unit_name}./.", None)


def _metadata(
    number: str | None, day: dt.date | None, title: str, name: str, recipient: str, request: str
) -> dict[str, Any]:
    return {
        "so_van_ban": number,
        "ngay_van_ban": day,
        "chuc_vu_nguoi_ky": title,
        "nguoi_ky": name,
        "kinh_gui": recipient,
        "can_cu": request,
    }


def science() -> Sample:
    """(a) Sở Khoa học và Công nghệ, written «SỞ KH&CN LẠNG SƠN», number /BC-SKHCN, the form's own headings."""
    request = f"Thực hiện {REQUEST} về việc báo cáo {SUBJECT.lower()}, Sở Khoa học và Công nghệ báo cáo như sau:"
    return Sample(
        name="skhcn",
        unit="SKHCN",
        issuer=[PROVINCE, ("SỞ KH&CN LẠNG SƠN", True)],
        number="Số: 45/BC-SKHCN",
        place_date="Lạng Sơn, ngày 16 tháng 6 năm 2022",
        subject=SUBJECT,
        recipients=[SVHTTDL],
        body=[
            para(request, None),
            heading("I", "TÌNH HÌNH VÀ KẾT QUẢ THỰC HIỆN"),
            heading("1", "Công tác thông tin, tuyên truyền về hội nhập quốc tế"),
            para(
                "Sở đã quán triệt Kế hoạch số 52/KH-UBND ngày 10/3/2022 của UBND tỉnh về thực hiện công tác hội nhập "
                "quốc tế năm 2022 đến toàn thể công chức, viên chức và người lao động trong cơ quan.",
                "tuyen_truyen",
            ),
            para(
                "Trong 6 tháng, Sở đăng tải 35 tin, bài về khoa học, công nghệ và đổi mới sáng tạo gắn với hội nhập "
                "quốc tế trên Trang thông tin điện tử của Sở; phối hợp với Báo Lạng Sơn thực hiện 02 chuyên mục về "
                "tiêu chuẩn, đo lường, chất lượng hàng hóa xuất khẩu.",
                "tuyen_truyen",
            ),
            para(
                "Tổ chức 01 hội nghị tập huấn về hàng rào kỹ thuật trong thương mại (TBT) cho 120 lượt đại biểu là "
                "cán bộ quản lý và doanh nghiệp trên địa bàn tỉnh.",
                "tuyen_truyen",
            ),
            heading("2", "Hợp tác quốc tế trong lĩnh vực khoa học và công nghệ"),
            para(
                "a) Đoàn ra, đoàn vào: Sở cử 01 đoàn gồm 03 người sang Khu tự trị dân tộc Choang Quảng Tây (Trung "
                "Quốc) trao đổi kinh nghiệm quản lý hoạt động chuyển giao công nghệ; đón 01 đoàn gồm 05 chuyên gia "
                "của Viện Khoa học Nông nghiệp Quảng Tây đến làm việc tại tỉnh.",
                "hop_tac",
            ),
            para(
                "b) Chương trình, dự án: phối hợp với đối tác Trung Quốc nghiệm thu giai đoạn 1 của dự án nghiên cứu "
                "chọn tạo giống hồi cho năng suất cao.",
                "hop_tac",
            ),
            heading("II", "KHÓ KHĂN, VƯỚNG MẮC VÀ NGUYÊN NHÂN"),
            para(
                "Nguồn kinh phí dành cho hoạt động hợp tác quốc tế về khoa học và công nghệ còn hạn hẹp; việc đi "
                "lại, trao đổi trực tiếp với đối tác nước ngoài vẫn chịu ảnh hưởng của các biện pháp phòng, chống "
                "dịch COVID-19.",
                "kho_khan",
            ),
            para(
                "Đội ngũ công chức làm công tác hợp tác quốc tế chủ yếu kiêm nhiệm, khả năng sử dụng ngoại ngữ còn "
                "hạn chế.",
                "kho_khan",
            ),
            heading("III", "PHƯƠNG HƯỚNG, NHIỆM VỤ 6 THÁNG CUỐI NĂM 2022"),
            para(
                "Tiếp tục tuyên truyền, phổ biến thông tin về tiêu chuẩn, quy chuẩn kỹ thuật của các thị trường xuất "
                "khẩu cho doanh nghiệp trên địa bàn tỉnh.",
                "nhiem_vu",
            ),
            para(
                "Chủ động kết nối với các viện nghiên cứu, trường đại học của Trung Quốc để xây dựng ít nhất 01 "
                "nhiệm vụ hợp tác nghiên cứu mới.",
                "nhiem_vu",
            ),
            heading("IV", "ĐỀ XUẤT, KIẾN NGHỊ"),
            para(
                "Đề nghị UBND tỉnh quan tâm bố trí kinh phí cho các đoàn công tác trao đổi kinh nghiệm về chuyển "
                "giao công nghệ với các địa phương giáp biên của Trung Quốc.",
                "kien_nghi",
            ),
            _closing("Sở Khoa học và Công nghệ"),
        ],
        authority=["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"],
        signer="Lê Thị Thu Hà",
        metadata=_metadata("45/BC-SKHCN", dt.date(2022, 6, 16), "Phó Giám đốc", "Lê Thị Thu Hà", SVHTTDL, request),
    )


def van_lang() -> Sample:
    """(b) UBND huyện Văn Lãng: two bold header lines, headings worded differently, several recipients."""
    request = f"Căn cứ {REQUEST} về việc báo cáo {SUBJECT.lower()}; UBND huyện Văn Lãng báo cáo kết quả như sau:"
    recipients = ["UBND tỉnh Lạng Sơn", SVHTTDL]
    return Sample(
        name="ubnd_van_lang",
        unit="UBND_VL",
        issuer=[("ỦY BAN NHÂN DÂN", True), ("HUYỆN VĂN LÃNG", True)],
        number="Số: 112/BC-UBND",
        place_date="Văn Lãng, ngày 15 tháng 6 năm 2022",
        subject=SUBJECT,
        recipients=recipients,
        body=[
            para(request, None),
            heading("I", "Kết quả đạt được"),
            para(
                "Ngay từ đầu năm, UBND huyện đã quán triệt, phổ biến các văn bản của Trung ương và của tỉnh về hội "
                "nhập quốc tế tới các cơ quan, đơn vị và UBND các xã, thị trấn.",
                "tuyen_truyen",
            ),
            heading("1", "Thông tin, tuyên truyền, phổ biến về hội nhập quốc tế"),
            para(
                "Đài Truyền thanh - Truyền hình huyện phát 48 tin, bài về hội nhập quốc tế, về chính sách đối với cư "
                "dân biên giới và hoạt động xuất nhập khẩu qua cửa khẩu Tân Thanh.",
                "tuyen_truyen",
            ),
            para(
                "Phối hợp với Đồn Biên phòng cửa khẩu Cốc Nam tổ chức 03 buổi tuyên truyền pháp luật về biên giới "
                "cho 260 lượt người dân các xã biên giới.",
                "tuyen_truyen",
            ),
            heading("2", "Giao lưu, hợp tác với các địa phương của Trung Quốc"),
            para(
                "UBND huyện tổ chức 01 cuộc hội đàm trực tuyến với Chính quyền nhân dân huyện Ninh Minh (Quảng Tây, "
                "Trung Quốc) về quản lý biên giới và tạo thuận lợi thông quan hàng nông sản.",
                "hop_tac",
            ),
            para(
                "Duy trì giao lưu định kỳ giữa các xã biên giới của huyện với các thôn, bản phía bên kia biên giới; "
                "trong kỳ không có đoàn ra, đoàn vào.",
                "hop_tac",
            ),
            heading("II", "Tồn tại, hạn chế và nguyên nhân"),
            para(
                "Nội dung tuyên truyền về hội nhập quốc tế ở một số xã chưa phong phú, hình thức chưa đa dạng, chủ "
                "yếu lồng ghép trong các cuộc họp thôn.",
                "kho_khan",
            ),
            para(
                "Nguyên nhân chủ yếu là đội ngũ cán bộ cấp xã còn thiếu kiến thức, kỹ năng về hội nhập quốc tế và "
                "ngoại ngữ.",
                "kho_khan",
            ),
            heading("III", "Phương hướng nhiệm vụ 6 tháng cuối năm"),
            para(
                "Đẩy mạnh tuyên truyền trên hệ thống loa truyền thanh cơ sở về các hiệp định thương mại tự do và cơ "
                "hội xuất khẩu nông sản.",
                "nhiem_vu",
            ),
            para(
                "Phối hợp với Sở Ngoại vụ tổ chức lớp bồi dưỡng kiến thức đối ngoại cho cán bộ các xã biên giới.",
                "nhiem_vu",
            ),
            heading("IV", "Kiến nghị, đề xuất"),
            para(
                "Đề nghị Sở Ngoại vụ hướng dẫn quy trình tổ chức hội đàm, gặp gỡ trực tuyến với chính quyền địa "
                "phương phía Trung Quốc.",
                "kien_nghi",
            ),
            _closing("UBND huyện Văn Lãng"),
        ],
        authority=["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"],
        signer="Hoàng Văn Dũng",
        metadata=_metadata(
            "112/BC-UBND", dt.date(2022, 6, 15), "Phó Chủ tịch", "Hoàng Văn Dũng", "; ".join(recipients), request
        ),
    )


def environment() -> Sample:
    """(c) Sở Tài nguyên và Môi trường: sentences cut by page breaks, written three ways, and one clean break."""
    request = f"Thực hiện {REQUEST}, Sở Tài nguyên và Môi trường báo cáo {SUBJECT.lower()} như sau:"
    cut_1 = (
        "Nhân Ngày Môi trường thế giới, Sở phối hợp với Tỉnh đoàn tổ chức lễ mít tinh và ra quân thu gom rác thải tại",
        "khu vực cửa khẩu Hữu Nghị với sự tham gia của khoảng 300 đoàn viên, thanh niên và người dân.",
    )
    cut_2 = (
        "Trong kỳ, Sở phối hợp với Cơ quan Hợp tác quốc tế Nhật Bản (JICA) tiếp tục triển khai",
        "dự án nâng cao năng lực quan trắc chất lượng nước lưu vực sông Kỳ Cùng; đã lắp đặt 02 trạm quan trắc tự động.",
    )
    cut_3 = (
        "Việc vận hành các trạm quan trắc tự động sau khi dự án kết thúc chưa được bố trí",
        "nguồn kinh phí ổn định.",
    )
    return Sample(
        name="stnmt_ngat_trang",
        unit="STNMT",
        issuer=[PROVINCE, ("SỞ TÀI NGUYÊN VÀ MÔI TRƯỜNG", True)],
        number="Số: 231/BC-STNMT",
        place_date="Lạng Sơn, ngày 09 tháng 6 năm 2022",
        subject=SUBJECT,
        recipients=["Sở Văn hóa, Thể thao và Du lịch"],
        body=[
            para(request, None),
            heading("I", "TÌNH HÌNH VÀ KẾT QUẢ THỰC HIỆN"),
            heading("1", "Công tác thông tin, tuyên truyền"),
            para(
                "Sở đăng tải 18 tin, bài trên Trang thông tin điện tử về các cam kết quốc tế trong lĩnh vực tài "
                "nguyên và môi trường, trọng tâm là cam kết về ứng phó với biến đổi khí hậu.",
                "tuyen_truyen",
            ),
            split(*cut_1, "tuyen_truyen", how="br"),
            heading("2", "Hợp tác quốc tế"),
            split(*cut_2, "hop_tac", how="before"),
            para(
                "Sở trao đổi thông tin với Cục Sinh thái và Môi trường Quảng Tây về kết quả quan trắc nước các sông "
                "xuyên biên giới theo định kỳ hằng quý.",
                "hop_tac",
            ),
            PAGE_BREAK,
            heading("II", "KHÓ KHĂN, VƯỚNG MẮC VÀ NGUYÊN NHÂN"),
            para("Số liệu quan trắc do phía bạn cung cấp chưa đầy đủ, còn chậm so với thỏa thuận.", "kho_khan"),
            split(*cut_3, "kho_khan", how="rendered"),
            heading("III", "PHƯƠNG HƯỚNG, NHIỆM VỤ TRỌNG TÂM 6 THÁNG CUỐI NĂM 2022"),
            para(
                "Hoàn thành việc tiếp nhận các trạm quan trắc của dự án; xây dựng quy chế chia sẻ số liệu quan trắc "
                "với phía Trung Quốc.",
                "nhiem_vu",
            ),
            heading("IV", "ĐỀ XUẤT, KIẾN NGHỊ"),
            para("Đề nghị UBND tỉnh bố trí kinh phí vận hành các trạm quan trắc tự động từ năm 2023.", "kien_nghi"),
            para("Trên đây là báo cáo của Sở Tài nguyên và Môi trường./.", None),
        ],
        authority=["GIÁM ĐỐC"],
        signer="Vi Văn Thắng",
        metadata=_metadata(
            "231/BC-STNMT", dt.date(2022, 6, 9), "Giám đốc", "Vi Văn Thắng", "Sở Văn hóa, Thể thao và Du lịch", request
        ),
        joined=[" ".join(cut_1), " ".join(cut_2), " ".join(cut_3)],
    )


def labour() -> Sample:
    """(d) Sở Lao động - Thương binh và Xã hội: issuing body on two lines, no section IV, signed «Q. GIÁM ĐỐC»."""
    request = f"Căn cứ {REQUEST}, Sở Lao động - Thương binh và Xã hội báo cáo {SUBJECT.lower()} như sau:"
    return Sample(
        name="sldtbxh_thieu_muc",
        unit="SLDTBXH",
        issuer=[PROVINCE, ("SỞ LAO ĐỘNG - THƯƠNG BINH", True), ("VÀ XÃ HỘI", True)],
        number="Số: 98/BC-SLĐTBXH",
        place_date="Lạng Sơn, ngày 14 tháng 6 năm 2022",
        subject=SUBJECT,
        recipients=[SVHTTDL],
        body=[
            para(request, None),
            heading("I", "KẾT QUẢ THỰC HIỆN"),
            heading("1", "Công tác tuyên truyền"),
            para(
                "Sở phối hợp với Đài Phát thanh và Truyền hình tỉnh xây dựng 04 phóng sự về chính sách đưa người lao "
                "động đi làm việc ở nước ngoài theo hợp đồng, cảnh báo tình trạng xuất cảnh trái phép.",
                "tuyen_truyen",
            ),
            heading("2", "Hợp tác quốc tế về lao động và an sinh xã hội"),
            para(
                "Tiếp nhận 01 đoàn gồm 04 cán bộ của Tổ chức Lao động quốc tế (ILO) khảo sát mô hình hỗ trợ sinh kế "
                "cho lao động trở về từ nước ngoài.",
                "hop_tac",
            ),
            para(
                "Triển khai dự án phòng, chống mua bán người do Tổ chức Tầm nhìn Thế giới tài trợ tại hai huyện Cao "
                "Lộc và Lộc Bình.",
                "hop_tac",
            ),
            heading("II", "KHÓ KHĂN, VƯỚNG MẮC"),
            para(
                "Tình trạng lao động tự do qua biên giới làm việc không có hợp đồng vẫn diễn biến phức tạp, khó kiểm "
                "soát về số lượng.",
                "kho_khan",
            ),
            heading("III", "NHIỆM VỤ 6 THÁNG CUỐI NĂM"),
            para(
                "Phối hợp với các doanh nghiệp dịch vụ tư vấn, tuyển chọn lao động đi làm việc tại Nhật Bản, Hàn "
                "Quốc và Đài Loan (Trung Quốc).",
                "nhiem_vu",
            ),
            _closing("Sở Lao động - Thương binh và Xã hội"),
        ],
        authority=["Q. GIÁM ĐỐC"],
        signer="Nông Thị Hạnh",
        metadata=_metadata("98/BC-SLĐTBXH", dt.date(2022, 6, 14), "Quyền Giám đốc", "Nông Thị Hạnh", SVHTTDL, request),
    )


def city() -> Sample:
    """(e) UBND thành phố Lạng Sơn, written «UBND TP. LẠNG SƠN», with an extra «V. TỔ CHỨC THỰC HIỆN»."""
    request = f"Thực hiện {REQUEST}, UBND thành phố Lạng Sơn báo cáo {SUBJECT.lower()} như sau:"
    return Sample(
        name="ubnd_tp_muc_thua",
        unit="UBND_TPLS",
        issuer=[("UBND TP. LẠNG SƠN", True)],
        number="Số: 305/BC-UBND",
        place_date="Lạng Sơn, ngày 17 tháng 6 năm 2022",
        subject=SUBJECT,
        recipients=[SVHTTDL],
        body=[
            para(request, None),
            heading("I", "TÌNH HÌNH VÀ KẾT QUẢ THỰC HIỆN"),
            heading("1", "Công tác thông tin, tuyên truyền về hội nhập quốc tế"),
            para(
                "Thành phố tuyên truyền về hội nhập quốc tế qua 12 cụm pa nô, 150 băng rôn và trên Cổng thông tin "
                "điện tử thành phố; tổ chức 02 lớp tập huấn về xúc tiến thương mại cho 95 hộ kinh doanh.",
                "tuyen_truyen",
            ),
            heading("2", "Hợp tác quốc tế"),
            para(
                "Thành phố đón 02 đoàn của thành phố Bằng Tường (Quảng Tây, Trung Quốc) sang trao đổi về hợp tác phát "
                "triển du lịch và quản lý đô thị.",
                "hop_tac",
            ),
            heading("II", "KHÓ KHĂN, VƯỚNG MẮC VÀ NGUYÊN NHÂN"),
            para(
                "Hoạt động xúc tiến du lịch với đối tác nước ngoài mới được nối lại, lượng khách quốc tế chưa phục "
                "hồi.",
                "kho_khan",
            ),
            heading("III", "PHƯƠNG HƯỚNG, NHIỆM VỤ 6 THÁNG CUỐI NĂM 2022"),
            para(
                "Phối hợp tổ chức Hội chợ thương mại quốc tế Việt - Trung tại thành phố vào tháng 10/2022.", "nhiem_vu"
            ),
            heading("IV", "ĐỀ XUẤT, KIẾN NGHỊ"),
            para(
                "Đề nghị UBND tỉnh hỗ trợ thành phố kết nối với các địa phương của Hàn Quốc để thiết lập quan hệ hữu "
                "nghị.",
                "kien_nghi",
            ),
            heading("V", "TỔ CHỨC THỰC HIỆN", "kien_nghi"),  # matches nothing: kept, after the section before it
            para(
                "Giao Văn phòng HĐND và UBND thành phố theo dõi, đôn đốc các cơ quan, đơn vị; tổng hợp, báo cáo UBND "
                "thành phố trước ngày 05/12/2022.",
                "kien_nghi",
            ),
            _closing("UBND thành phố Lạng Sơn"),
        ],
        authority=["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"],
        signer="Đoàn Thanh Sơn",
        metadata=_metadata("305/BC-UBND", dt.date(2022, 6, 17), "Chủ tịch", "Đoàn Thanh Sơn", SVHTTDL, request),
    )


def bac_son_tcvn3() -> Sample:
    """(f) UBND huyện Bắc Sơn typed in TCVN3: .VnTime through the style, .VnTimeH on the runs in capitals."""
    request = f"Thực hiện {REQUEST}, UBND huyện Bắc Sơn báo cáo {SUBJECT.lower()} như sau:"
    return Sample(
        name="ubnd_bac_son_tcvn3",
        unit="UBND_BS",
        issuer=[("ỦY BAN NHÂN DÂN", True), ("HUYỆN BẮC SƠN", True)],
        number="Số: 76/BC-UBND",
        place_date="Bắc Sơn, ngày 13 tháng 6 năm 2022",
        subject=SUBJECT,
        recipients=["UBND tỉnh Lạng Sơn"],
        body=[
            para(request, None),
            heading("I", "TÌNH HÌNH VÀ KẾT QUẢ THỰC HIỆN"),
            heading("1", "Công tác thông tin, tuyên truyền"),
            para(
                "Huyện tuyên truyền về hội nhập quốc tế gắn với quảng bá du lịch cộng đồng tại thung lũng Bắc Sơn "
                "trên trang thông tin điện tử của huyện với 22 tin, bài và 06 video clip.",
                "tuyen_truyen",
            ),
            heading("2", "Hợp tác quốc tế"),
            para(
                "Huyện phối hợp với Tổ chức Hợp tác quốc tế Đức (GIZ) khảo sát xây dựng mô hình sinh kế bền vững cho "
                "đồng bào dân tộc thiểu số tại hai xã Vũ Lăng và Tân Lập.",
                "hop_tac",
            ),
            heading("II", "KHÓ KHĂN, VƯỚNG MẮC VÀ NGUYÊN NHÂN"),
            para(
                "Huyện chưa có cán bộ chuyên trách theo dõi công tác hội nhập quốc tế; trình độ ngoại ngữ của cán bộ "
                "còn yếu.",
                "kho_khan",
            ),
            heading("III", "PHƯƠNG HƯỚNG, NHIỆM VỤ 6 THÁNG CUỐI NĂM 2022"),
            para(
                "Tiếp tục phối hợp với GIZ hoàn thiện mô hình sinh kế, trình UBND tỉnh phê duyệt trong quý IV năm "
                "2022.",
                "nhiem_vu",
            ),
            heading("IV", "ĐỀ XUẤT, KIẾN NGHỊ"),
            para("Đề nghị Sở Ngoại vụ mở lớp bồi dưỡng ngoại ngữ giao tiếp cho cán bộ cấp huyện.", "kien_nghi"),
            _closing("UBND huyện Bắc Sơn"),
        ],
        authority=["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"],
        signer="Hà Văn Kiên",
        metadata=_metadata(
            "76/BC-UBND", dt.date(2022, 6, 13), "Phó Chủ tịch", "Hà Văn Kiên", "UBND tỉnh Lạng Sơn", request
        ),
        legacy=True,
    )


def ambiguous() -> Sample:
    """(g) A draft from a body that is not one unit of the list («Sở Kế hoạch và Tài chính»): ask for --unit."""
    request = f"Thực hiện {REQUEST}, Sở báo cáo {SUBJECT.lower()} như sau:"
    return Sample(
        name="so_khong_ro",
        unit=None,
        issuer=[PROVINCE, ("SỞ KẾ HOẠCH VÀ TÀI CHÍNH", True)],
        number="Số:      /BC-SKHTC",
        place_date="Lạng Sơn, ngày      tháng 6 năm 2022",
        subject=SUBJECT,
        recipients=[SVHTTDL],
        body=[
            para(request, None),
            heading("I", "TÌNH HÌNH VÀ KẾT QUẢ THỰC HIỆN"),
            heading("1", "Công tác thông tin, tuyên truyền về hội nhập quốc tế"),
            para(
                "Sở cập nhật thường xuyên thông tin về các chương trình sử dụng vốn ODA và vốn vay ưu đãi trên Trang "
                "thông tin điện tử của Sở.",
                "tuyen_truyen",
            ),
            heading("2", "Hợp tác quốc tế trong lĩnh vực của đơn vị"),
            para(
                "Tham mưu UBND tỉnh tiếp nhận 03 khoản viện trợ phi chính phủ nước ngoài với tổng giá trị 4,2 tỷ "
                "đồng cho lĩnh vực y tế và giáo dục.",
                "hop_tac",
            ),
            heading("II", "KHÓ KHĂN, VƯỚNG MẮC VÀ NGUYÊN NHÂN"),
            para("Tiến độ giải ngân vốn các dự án ODA còn chậm do vướng mắc trong giải phóng mặt bằng.", "kho_khan"),
            heading("III", "PHƯƠNG HƯỚNG, NHIỆM VỤ 6 THÁNG CUỐI NĂM 2022"),
            para(
                "Đôn đốc các chủ đầu tư đẩy nhanh tiến độ giải ngân, phấn đấu đạt trên 90% kế hoạch vốn năm 2022.",
                "nhiem_vu",
            ),
            _closing("Sở"),
        ],
        authority=["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"],
        signer="Trần Quốc Bảo",
        metadata=_metadata(None, None, "Phó Giám đốc", "Trần Quốc Bảo", SVHTTDL, request),
        candidates=("STC", "SKHDT"),
    )


def samples() -> Iterator[Sample]:
    """Every sample, in the order of the issue's list."""
    yield from (science(), van_lang(), environment(), labour(), city(), bac_son_tcvn3(), ambiguous())
