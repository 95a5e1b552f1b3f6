"""Synthetic content for ``consolidate demo``: what each reporting unit would type in.

The module supplies indicator figures, narrative text per section and the rows of the two
delegation tables for one unit of Lạng Sơn province, first half of 2022. All text is written
for this project in Vietnamese administrative style. Functions are pure: no I/O, no printing,
and the output depends only on the arguments and the state of the given ``random.Random``.
"""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

__all__ = [
    "unit_delegations_in",
    "unit_delegations_out",
    "unit_figures",
    "unit_narratives",
]

PLAN_ISSUED = "Đã ban hành"
PLAN_DRAFTING = "Đang xây dựng"
PLAN_NONE = "Chưa ban hành"
PLAN_CHOICES = (PLAN_ISSUED, PLAN_DRAFTING, PLAN_NONE)

FUND_STATE = "Ngân sách nhà nước"
FUND_FOREIGN = "Phía nước ngoài tài trợ"
FUND_OTHER = "Nguồn khác"
FUND_CHOICES = (FUND_STATE, FUND_FOREIGN, FUND_OTHER)

PERIOD_START = date(2021, 12, 15)
PERIOD_END = date(2022, 6, 14)
PLAN_FIRST_DAY = date(2022, 1, 4)
PLAN_LAST_OFFSET = 100  # plans dated 4 January .. 14 April 2022

MIN_WORDS = 80
MAX_WORDS = 250

CHINA = "Trung Quốc (Quảng Tây)"


# --------------------------------------------------------------------------------------------
# Unit registry
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Unit:
    """How a unit names itself and its leaders."""

    name: str
    short: str
    head: str
    deputy: str
    kind: str  # "dept", "security" or "district"
    media: str


_PROVINCE_MEDIA = "Báo Lạng Sơn, Đài Phát thanh và Truyền hình Lạng Sơn"


def _department(name: str) -> _Unit:
    return _Unit(name, "Sở", "Giám đốc Sở", "Phó Giám đốc Sở", "dept", _PROVINCE_MEDIA)


def _district(name: str) -> _Unit:
    place = "thành phố" if "thành phố" in name else "huyện"
    return _Unit(
        name,
        f"UBND {place}",
        f"Chủ tịch UBND {place}",
        f"Phó Chủ tịch UBND {place}",
        "district",
        f"Trung tâm Văn hóa, Thể thao và Truyền thông {place}, hệ thống truyền thanh cơ sở",
    )


_UNITS: dict[str, _Unit] = {
    "SNV": _department("Sở Nội vụ"),
    "STP": _department("Sở Tư pháp"),
    "SKHDT": _department("Sở Kế hoạch và Đầu tư"),
    "STC": _department("Sở Tài chính"),
    "SCT": _department("Sở Công Thương"),
    "SNNPTNT": _department("Sở Nông nghiệp và Phát triển nông thôn"),
    "SGTVT": _department("Sở Giao thông vận tải"),
    "SXD": _department("Sở Xây dựng"),
    "STNMT": _department("Sở Tài nguyên và Môi trường"),
    "STTTT": _department("Sở Thông tin và Truyền thông"),
    "SLDTBXH": _department("Sở Lao động - Thương binh và Xã hội"),
    "SKHCN": _department("Sở Khoa học và Công nghệ"),
    "SGDDT": _department("Sở Giáo dục và Đào tạo"),
    "SYT": _department("Sở Y tế"),
    "SNGV": _department("Sở Ngoại vụ"),
    "SVHTTDL": _department("Sở Văn hóa, Thể thao và Du lịch"),
    "TTT": _Unit(
        "Thanh tra tỉnh",
        "Thanh tra tỉnh",
        "Chánh Thanh tra tỉnh",
        "Phó Chánh Thanh tra tỉnh",
        "dept",
        _PROVINCE_MEDIA,
    ),
    "BDT": _Unit("Ban Dân tộc tỉnh", "Ban", "Trưởng ban", "Phó Trưởng ban", "dept", _PROVINCE_MEDIA),
    "BQLKKT": _Unit(
        "Ban Quản lý Khu kinh tế cửa khẩu Đồng Đăng - Lạng Sơn",
        "Ban Quản lý",
        "Trưởng ban",
        "Phó Trưởng ban",
        "dept",
        _PROVINCE_MEDIA,
    ),
    "CAT": _Unit(
        "Công an tỉnh",
        "Công an tỉnh",
        "Giám đốc Công an tỉnh",
        "Phó Giám đốc Công an tỉnh",
        "security",
        "Báo Công an nhân dân, Báo Lạng Sơn",
    ),
    "BCHQS": _Unit(
        "Bộ Chỉ huy Quân sự tỉnh",
        "Bộ Chỉ huy",
        "Chỉ huy trưởng",
        "Phó Chỉ huy trưởng",
        "security",
        "Báo Quân đội nhân dân, Báo Lạng Sơn",
    ),
    "BCHBDBP": _Unit(
        "Bộ Chỉ huy Bộ đội Biên phòng tỉnh",
        "Bộ Chỉ huy",
        "Chỉ huy trưởng",
        "Phó Chỉ huy trưởng",
        "security",
        "Báo Biên phòng, Báo Lạng Sơn",
    ),
    "UBND_TPLS": _district("UBND thành phố Lạng Sơn"),
    "UBND_TD": _district("UBND huyện Tràng Định"),
    "UBND_VL": _district("UBND huyện Văn Lãng"),
    "UBND_VQ": _district("UBND huyện Văn Quan"),
    "UBND_BG": _district("UBND huyện Bình Gia"),
    "UBND_BS": _district("UBND huyện Bắc Sơn"),
    "UBND_HL": _district("UBND huyện Hữu Lũng"),
    "UBND_CL": _district("UBND huyện Chi Lăng"),
    "UBND_CLOC": _district("UBND huyện Cao Lộc"),
    "UBND_LB": _district("UBND huyện Lộc Bình"),
    "UBND_DL": _district("UBND huyện Đình Lập"),
}


def _is_district(unit_code: str, group: str) -> bool:
    return "huyện" in group.lower() or unit_code.upper().startswith("UBND")


def _unit_info(unit_code: str, unit_name: str | None = None, group: str = "") -> _Unit:
    """Registry entry for a unit, or a sensible stand-in for a unit added to the YAML."""
    known = _UNITS.get(unit_code)
    if known is not None:
        if unit_name and unit_name != known.name:
            return _Unit(unit_name, known.short, known.head, known.deputy, known.kind, known.media)
        return known
    district = _is_district(unit_code, group)
    name = unit_name or ("UBND huyện" if district else "đơn vị")
    if district or name.startswith("UBND"):
        return _district(name)
    if name.startswith("Sở "):
        return _department(name)
    return _Unit(name, "đơn vị", "Thủ trưởng đơn vị", "Phó Thủ trưởng đơn vị", "dept", _PROVINCE_MEDIA)


# --------------------------------------------------------------------------------------------
# Field profiles: what each unit cooperates on. Templates use {s}/{S} for the unit's short
# self-reference (lower/upper case at sentence start) and, for districts, {cp}, {gate}, {gates}.
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Field:
    """Domain-specific sentences and partners of one unit."""

    domain: str
    focus: str
    coop: tuple[str, ...]
    prop: tuple[str, ...]
    hard: tuple[str, ...]
    task: tuple[str, ...]
    propose: tuple[str, ...]
    vao: tuple[tuple[str, str, str], ...]
    ra: tuple[tuple[str, str], ...]
    project: str = ""
    repeat_own: bool = False


_FIELDS: dict[str, _Field] = {
    "SNV": _Field(
        domain="nội vụ",
        focus="cải cách hành chính, đào tạo, bồi dưỡng cán bộ, công chức",
        coop=(
            "{S} đã tham mưu UBND tỉnh quản lý thống nhất việc cử cán bộ, công chức, viên chức "
            "đi học tập, bồi dưỡng ở nước ngoài, bảo đảm đúng đối tượng, đúng quy trình.",
            "{S} phối hợp với các cơ quan chức năng nắm tình hình hoạt động tôn giáo có yếu tố "
            "nước ngoài tại khu vực biên giới, hướng dẫn các tổ chức tôn giáo hoạt động theo "
            "đúng quy định của pháp luật.",
            "Công tác bồi dưỡng kiến thức hội nhập quốc tế và ngoại ngữ cho đội ngũ cán bộ, "
            "công chức tiếp tục được lồng ghép trong kế hoạch đào tạo, bồi dưỡng năm 2022 của "
            "tỉnh.",
        ),
        prop=(
            "kỹ năng đối ngoại, lễ tân ngoại giao cho cán bộ, công chức",
            "quy định về quản lý cán bộ, công chức đi công tác, học tập ở nước ngoài",
        ),
        hard=(
            "Việc cử cán bộ, công chức tham gia các khóa đào tạo, bồi dưỡng ở nước ngoài gần "
            "như bị gián đoạn do ảnh hưởng của dịch COVID-19, nguồn học bổng từ các đối tác "
            "nước ngoài giảm mạnh.",
            "Công tác quản lý nhà nước về tôn giáo có yếu tố nước ngoài ở khu vực biên giới "
            "còn tiềm ẩn yếu tố phức tạp, đòi hỏi sự phối hợp chặt chẽ giữa các lực lượng.",
        ),
        task=(
            "Tham mưu UBND tỉnh xây dựng kế hoạch bồi dưỡng kiến thức hội nhập quốc tế, ngoại "
            "ngữ cho cán bộ, công chức, viên chức, ưu tiên đội ngũ làm công tác đối ngoại ở "
            "các địa phương biên giới.",
            "Tiếp tục theo dõi, hướng dẫn hoạt động tôn giáo có yếu tố nước ngoài trên địa bàn "
            "tỉnh, kịp thời phát hiện, xử lý các vấn đề phát sinh.",
        ),
        propose=(
            "quan tâm bố trí kinh phí để tổ chức các lớp bồi dưỡng kiến thức hội nhập quốc tế, "
            "ngoại ngữ cho cán bộ, công chức cấp huyện, cấp xã khu vực biên giới",
        ),
        vao=(
            (
                "Tổ chức KOICA (Hàn Quốc)",
                "Đoàn công tác Cơ quan Hợp tác quốc tế Hàn Quốc (KOICA) tại Việt Nam do Phó "
                "Giám đốc quốc gia làm trưởng đoàn",
                "Trao đổi về khả năng hỗ trợ đào tạo, nâng cao năng lực quản trị hành chính "
                "công cho cán bộ, công chức của tỉnh",
            ),
            (
                "Lào",
                "Đoàn cán bộ Bộ Nội vụ nước CHDCND Lào do Vụ trưởng làm trưởng đoàn",
                "Trao đổi kinh nghiệm về cải cách hành chính, quản lý đội ngũ cán bộ, công chức cấp cơ sở",
            ),
        ),
        ra=(
            (
                "Lào",
                "Trao đổi kinh nghiệm về tổ chức bộ máy, cải cách hành chính với các cơ quan nội vụ của nước bạn",
            ),
            (
                "Singapore",
                "Tham dự khóa bồi dưỡng ngắn hạn về quản trị công và xây dựng chính quyền số",
            ),
        ),
    ),
    "STP": _Field(
        domain="tư pháp",
        focus=("hỗ trợ pháp lý cho doanh nghiệp và giải quyết các việc hộ tịch có yếu tố nước ngoài"),
        coop=(
            "{S} đã tập trung rà soát các văn bản quy phạm pháp luật của tỉnh có liên quan đến "
            "các cam kết quốc tế mà Việt Nam là thành viên, kịp thời kiến nghị sửa đổi, bổ "
            "sung những nội dung chưa phù hợp.",
            "Công tác đăng ký hộ tịch có yếu tố nước ngoài, nhất là các trường hợp kết hôn "
            "giữa công dân Việt Nam với công dân Trung Quốc ở khu vực biên giới, được giải "
            "quyết đúng quy định, góp phần ổn định đời sống cư dân biên giới.",
            "{S} tiếp tục triển khai chương trình hỗ trợ pháp lý cho doanh nghiệp, chú trọng "
            "cung cấp thông tin pháp luật về thương mại quốc tế, giải quyết tranh chấp thương "
            "mại cho doanh nghiệp xuất nhập khẩu.",
            "Hoạt động tương trợ tư pháp về dân sự được thực hiện kịp thời, đúng trình tự, thủ tục.",
        ),
        prop=(
            "pháp luật về điều ước quốc tế, thỏa thuận quốc tế",
            "kiến thức pháp lý về thương mại quốc tế cho doanh nghiệp",
        ),
        hard=(
            "Việc xác minh giấy tờ hộ tịch do cơ quan có thẩm quyền của Trung Quốc cấp còn mất "
            "nhiều thời gian, gây khó khăn cho người dân khu vực biên giới.",
            "Nguồn lực cho hoạt động hỗ trợ pháp lý cho doanh nghiệp còn hạn chế, đội ngũ luật "
            "sư am hiểu pháp luật thương mại quốc tế tại địa phương còn ít.",
        ),
        task=(
            "Tiếp tục rà soát văn bản quy phạm pháp luật của tỉnh bảo đảm phù hợp với các cam "
            "kết quốc tế; tăng cường hỗ trợ pháp lý cho doanh nghiệp trong bối cảnh Hiệp định "
            "RCEP đã có hiệu lực.",
            "Nâng cao chất lượng giải quyết các việc hộ tịch, quốc tịch có yếu tố nước ngoài; "
            "phối hợp chặt chẽ trong hoạt động tương trợ tư pháp.",
        ),
        propose=(
            "chỉ đạo các sở, ngành và địa phương tăng cường phối hợp trong việc xác minh, giải "
            "quyết các việc hộ tịch có yếu tố nước ngoài tại khu vực biên giới",
        ),
        vao=(
            (
                "Cơ quan Phát triển quốc tế Hoa Kỳ (USAID)",
                "Đoàn chuyên gia dự án hỗ trợ cải thiện môi trường kinh doanh do USAID tài "
                "trợ, do Trưởng nhóm chuyên gia làm trưởng đoàn",
                "Trao đổi về hỗ trợ pháp lý cho doanh nghiệp nhỏ và vừa, cải cách thủ tục hành "
                "chính liên quan đến đầu tư, kinh doanh",
            ),
        ),
        ra=(
            (
                "Lào",
                "Trao đổi kinh nghiệm về công tác hộ tịch, tương trợ tư pháp với các cơ quan tư pháp của nước bạn",
            ),
        ),
    ),
    "SKHDT": _Field(
        domain="kế hoạch và đầu tư",
        focus="xúc tiến đầu tư, vận động và quản lý nguồn vốn ODA, vốn vay ưu đãi",
        coop=(
            "{S} đã tham mưu UBND tỉnh tiếp, làm việc với các nhà đầu tư, doanh nghiệp nước "
            "ngoài có nhu cầu tìm hiểu cơ hội đầu tư vào các khu công nghiệp, khu kinh tế cửa "
            "khẩu của tỉnh.",
            "Công tác vận động, thu hút và quản lý nguồn vốn ODA, vốn vay ưu đãi của các nhà "
            "tài trợ nước ngoài được thực hiện chặt chẽ, đúng quy định; {s} thường xuyên đôn "
            "đốc các chủ dự án đẩy nhanh tiến độ thực hiện.",
            "{S} tích cực phối hợp với các cơ quan đại diện của Việt Nam ở nước ngoài và các "
            "tổ chức xúc tiến đầu tư như JETRO, KOTRA để giới thiệu tiềm năng, cơ hội đầu tư "
            "của tỉnh.",
            "Công tác quản lý các dự án có vốn đầu tư trực tiếp nước ngoài trên địa bàn tiếp "
            "tục được tăng cường; {s} đã hướng dẫn nhà đầu tư thực hiện đầy đủ các thủ tục về "
            "đầu tư theo quy định.",
        ),
        prop=(
            "chính sách thu hút đầu tư trực tiếp nước ngoài",
            "Luật Đầu tư và các văn bản hướng dẫn thi hành",
        ),
        project="chủ yếu thuộc các lĩnh vực hạ tầng giao thông, nông nghiệp, y tế và giáo dục",
        hard=(
            "Dòng vốn đầu tư trực tiếp nước ngoài vào tỉnh còn khiêm tốn; hạ tầng các khu công "
            "nghiệp chưa hoàn thiện nên khó thu hút các nhà đầu tư lớn.",
            "Một số chương trình, dự án ODA giải ngân chậm do vướng mắc trong công tác giải "
            "phóng mặt bằng, thủ tục điều chỉnh dự án và bố trí vốn đối ứng.",
        ),
        task=(
            "Tham mưu tổ chức các hoạt động xúc tiến đầu tư theo hình thức phù hợp, tập trung "
            "thu hút các dự án vào khu kinh tế cửa khẩu, khu công nghiệp và lĩnh vực logistics.",
            "Đôn đốc các chủ dự án đẩy nhanh tiến độ thực hiện, giải ngân vốn ODA, vốn vay ưu "
            "đãi; kịp thời tháo gỡ khó khăn, vướng mắc phát sinh.",
        ),
        propose=(
            "chỉ đạo các địa phương, chủ đầu tư tập trung tháo gỡ vướng mắc về giải phóng mặt "
            "bằng, bố trí đủ vốn đối ứng cho các chương trình, dự án sử dụng vốn nước ngoài",
        ),
        vao=(
            (
                "Tổ chức JICA (Nhật Bản)",
                "Đoàn công tác Văn phòng JICA Việt Nam do Phó Trưởng đại diện làm trưởng đoàn",
                "Làm việc về tình hình thực hiện các dự án sử dụng vốn vay ưu đãi của Chính "
                "phủ Nhật Bản trên địa bàn tỉnh",
            ),
            (
                "Ngân hàng Thế giới (WB)",
                "Đoàn giám sát của Ngân hàng Thế giới tại Việt Nam do Chuyên gia trưởng làm trưởng đoàn",
                "Giám sát tiến độ thực hiện, giải ngân dự án vay vốn Ngân hàng Thế giới",
            ),
            (
                "Hàn Quốc",
                "Đoàn doanh nghiệp Hàn Quốc do Phó Chủ tịch Phòng Thương mại và Công nghiệp "
                "Hàn Quốc tại Việt Nam làm trưởng đoàn",
                "Tìm hiểu môi trường đầu tư, cơ hội đầu tư vào khu công nghiệp và lĩnh vực logistics của tỉnh",
            ),
            (
                "Ngân hàng Phát triển châu Á (ADB)",
                "Đoàn công tác Ngân hàng Phát triển châu Á do Trưởng nhóm dự án làm trưởng đoàn",
                "Khảo sát, trao đổi về đề xuất dự án phát triển hạ tầng kết nối khu vực biên giới",
            ),
        ),
        ra=(
            (
                "Hàn Quốc",
                "Tham gia chương trình xúc tiến đầu tư, giới thiệu tiềm năng, cơ hội đầu tư "
                "của tỉnh Lạng Sơn tới các doanh nghiệp Hàn Quốc",
            ),
            (
                "Nhật Bản",
                "Tham dự hội nghị xúc tiến đầu tư và làm việc với một số tập đoàn, doanh nghiệp Nhật Bản",
            ),
            (
                "Singapore",
                "Làm việc với các quỹ đầu tư, doanh nghiệp logistics của Singapore về cơ hội "
                "đầu tư vào khu kinh tế cửa khẩu",
            ),
        ),
    ),
    "STC": _Field(
        domain="tài chính",
        focus="quản lý tài chính đối với các chương trình, dự án sử dụng vốn nước ngoài",
        coop=(
            "{S} đã hướng dẫn các chủ dự án thực hiện đúng quy định về quản lý tài chính đối "
            "với nguồn vốn ODA, vốn vay ưu đãi và viện trợ không hoàn lại; thẩm định quyết "
            "toán kịp thời.",
            "{S} phối hợp với Sở Kế hoạch và Đầu tư tham mưu bố trí vốn đối ứng cho các chương "
            "trình, dự án sử dụng vốn nước ngoài theo khả năng cân đối của ngân sách tỉnh.",
            "Công tác theo dõi, quản lý các khoản vay lại của tỉnh từ nguồn vốn vay ưu đãi "
            "nước ngoài được thực hiện chặt chẽ, bảo đảm trả nợ đúng hạn.",
        ),
        prop=(
            "quy định về quản lý tài chính đối với nguồn vốn viện trợ nước ngoài",
            "các cam kết về thuế quan trong các hiệp định thương mại tự do",
        ),
        project=("chủ yếu là các khoản viện trợ không hoàn lại hỗ trợ nâng cao năng lực quản lý tài chính công"),
        hard=(
            "Khả năng bố trí vốn đối ứng từ ngân sách địa phương còn hạn chế, trong khi nhu "
            "cầu của các dự án sử dụng vốn nước ngoài lớn.",
            "Các quy định về quản lý tài chính đối với nguồn vốn nước ngoài có nhiều thay đổi, "
            "gây lúng túng cho các chủ dự án trong quá trình thực hiện.",
        ),
        task=(
            "Tiếp tục hướng dẫn, kiểm tra việc quản lý, sử dụng nguồn vốn ODA, vốn vay ưu đãi "
            "và viện trợ nước ngoài; bảo đảm bố trí vốn đối ứng đúng cam kết.",
            "Theo dõi chặt chẽ tình hình vay và trả nợ của chính quyền địa phương đối với các "
            "khoản vay lại từ nguồn vốn nước ngoài.",
        ),
        propose=(
            "ưu tiên cân đối nguồn vốn đối ứng cho các chương trình, dự án sử dụng vốn nước "
            "ngoài có tiến độ giải ngân tốt",
        ),
        vao=(
            (
                "Ngân hàng Thế giới (WB)",
                "Đoàn chuyên gia của Ngân hàng Thế giới tại Việt Nam do Chuyên gia quản lý tài chính làm trưởng đoàn",
                "Trao đổi về công tác quản lý tài chính, kiểm toán các dự án do Ngân hàng Thế giới tài trợ",
            ),
        ),
        ra=(
            (
                "Thái Lan",
                "Tham dự hội thảo khu vực về quản lý tài chính công và nợ công địa phương",
            ),
        ),
    ),
    "SCT": _Field(
        domain="công thương",
        focus=("thúc đẩy thương mại biên giới, xúc tiến xuất khẩu nông sản và tháo gỡ khó khăn tại các cửa khẩu"),
        coop=(
            "{S} thường xuyên trao đổi thông tin với Sở Thương vụ Khu tự trị dân tộc Choang "
            "Quảng Tây về chính sách quản lý xuất nhập khẩu của phía Trung Quốc, kịp thời "
            "thông báo tới các doanh nghiệp, hộ kinh doanh.",
            "Trước tình trạng ùn ứ phương tiện chở hàng tại các cửa khẩu cuối năm 2021, đầu "
            "năm 2022, {s} đã phối hợp với các lực lượng chức năng và phía Trung Quốc thống "
            "nhất nhiều giải pháp tạo thuận lợi thông quan, ưu tiên các mặt hàng nông sản, "
            "trái cây tươi.",
            "{S} đã hướng dẫn doanh nghiệp nắm bắt các quy định mới của phía Trung Quốc về "
            "đăng ký doanh nghiệp sản xuất, kinh doanh thực phẩm nhập khẩu, đáp ứng yêu cầu "
            "xuất khẩu chính ngạch.",
            "Hoạt động xúc tiến thương mại được đổi mới theo hướng kết hợp trực tiếp và trực "
            "tuyến; {s} đã hỗ trợ doanh nghiệp tham gia các hội chợ, diễn đàn giao thương trực "
            "tuyến với đối tác Trung Quốc và các nước ASEAN.",
        ),
        prop=(
            "các cam kết của Hiệp định RCEP và Hiệp định Thương mại hàng hóa ASEAN - Trung Quốc",
            "quy định về xuất xứ hàng hóa và các biện pháp phòng vệ thương mại",
        ),
        hard=(
            "Phía Trung Quốc thường xuyên điều chỉnh biện pháp kiểm soát dịch bệnh tại cửa "
            "khẩu, thời gian thông quan kéo dài, làm tăng chi phí cho doanh nghiệp và ảnh "
            "hưởng đến chất lượng hàng nông sản.",
            "Nhiều doanh nghiệp, hộ kinh doanh vẫn quen với phương thức xuất khẩu tiểu ngạch, "
            "chưa chủ động đáp ứng các yêu cầu ngày càng chặt chẽ về truy xuất nguồn gốc, mã "
            "số vùng trồng của thị trường Trung Quốc.",
        ),
        task=(
            "Tiếp tục phối hợp với phía Quảng Tây duy trì thông quan ổn định tại các cửa khẩu "
            "Hữu Nghị, Tân Thanh, Chi Ma và ga đường sắt liên vận quốc tế Đồng Đăng; chủ động "
            "thông tin về tình hình xuất nhập khẩu tới doanh nghiệp.",
            "Hỗ trợ doanh nghiệp chuyển dịch từ xuất khẩu tiểu ngạch sang chính ngạch; chuẩn "
            "bị tốt các điều kiện tham gia Hội chợ Trung Quốc - ASEAN năm 2022.",
        ),
        propose=(
            "tiếp tục chỉ đạo các sở, ngành tăng cường trao đổi với chính quyền Quảng Tây để "
            "sớm khôi phục hoạt động thông quan tại các cửa khẩu phụ, lối mở",
        ),
        vao=(
            (
                CHINA,
                "Đoàn công tác Sở Thương vụ Khu tự trị dân tộc Choang Quảng Tây do Phó Giám đốc Sở làm trưởng đoàn",
                "Hội đàm tại cửa khẩu quốc tế Hữu Nghị về giải pháp tạo thuận lợi thông quan "
                "hàng hóa, giảm ùn ứ phương tiện",
            ),
            (
                CHINA,
                "Đoàn doanh nghiệp thành phố Bằng Tường do Phó Thị trưởng làm trưởng đoàn",
                "Giao thương, kết nối tiêu thụ hàng nông sản và trái cây tươi qua cửa khẩu",
            ),
            (
                "Thái Lan",
                "Đoàn công tác Đại sứ quán Thái Lan tại Việt Nam do Tham tán Thương mại làm trưởng đoàn",
                "Tìm hiểu hoạt động vận chuyển, quá cảnh trái cây Thái Lan qua các cửa khẩu của tỉnh sang Trung Quốc",
            ),
        ),
        ra=(
            (
                CHINA,
                "Hội đàm với Sở Thương vụ Khu tự trị dân tộc Choang Quảng Tây về tạo thuận lợi "
                "thông quan hàng hóa tại các cặp cửa khẩu",
            ),
            (
                "Thái Lan",
                "Tham dự chương trình xúc tiến thương mại, kết nối giao thương với các nhà phân phối Thái Lan",
            ),
        ),
    ),
    "SNNPTNT": _Field(
        domain="nông nghiệp và phát triển nông thôn",
        focus=(
            "kiểm dịch động, thực vật, đáp ứng yêu cầu xuất khẩu nông sản và triển khai các dự án hỗ trợ nông nghiệp"
        ),
        coop=(
            "{S} đã hướng dẫn các hợp tác xã, doanh nghiệp đăng ký mã số vùng trồng, mã số cơ "
            "sở đóng gói phục vụ xuất khẩu nông sản chính ngạch sang thị trường Trung Quốc.",
            "Công tác phối hợp với cơ quan chức năng phía Quảng Tây trong kiểm dịch động vật, "
            "thực vật và phòng, chống dịch bệnh gia súc qua biên giới, nhất là bệnh dịch tả "
            "lợn châu Phi, được duy trì thường xuyên.",
            "Các chương trình, dự án hợp tác quốc tế trong lĩnh vực nông nghiệp tiếp tục phát "
            "huy hiệu quả, tập trung hỗ trợ người dân vùng sâu, vùng xa phát triển sinh kế bền "
            "vững, thích ứng với biến đổi khí hậu.",
            "{S} chủ động nắm bắt thông tin thị trường, khuyến cáo người dân, doanh nghiệp "
            "điều tiết thời vụ thu hoạch, tránh dồn ứ hàng nông sản lên các cửa khẩu.",
        ),
        prop=(
            "quy định của thị trường Trung Quốc về truy xuất nguồn gốc, an toàn thực phẩm đối với nông sản nhập khẩu",
            "kỹ thuật sản xuất nông nghiệp theo tiêu chuẩn VietGAP, GlobalGAP",
        ),
        project=(
            "tập trung vào phát triển sinh kế, thủy lợi, lâm nghiệp bền vững và nông nghiệp "
            "thích ứng với biến đổi khí hậu"
        ),
        hard=(
            "Quy mô sản xuất nông nghiệp của tỉnh còn nhỏ lẻ, nhiều vùng trồng chưa đáp ứng "
            "tiêu chí cấp mã số; việc truy xuất nguồn gốc nông sản xuất khẩu còn hạn chế.",
            "Vốn đối ứng cho các dự án hợp tác quốc tế trong lĩnh vực nông nghiệp chưa được bố "
            "trí kịp thời, ảnh hưởng đến tiến độ giải ngân.",
        ),
        task=(
            "Đẩy mạnh hướng dẫn cấp và quản lý mã số vùng trồng, mã số cơ sở đóng gói; phối "
            "hợp với phía Quảng Tây trong công tác kiểm dịch, bảo đảm thông quan thuận lợi cho "
            "nông sản.",
            "Tiếp tục triển khai hiệu quả các dự án hợp tác quốc tế trong lĩnh vực nông "
            "nghiệp; chủ động vận động các tổ chức quốc tế hỗ trợ phát triển nông nghiệp bền "
            "vững.",
        ),
        propose=(
            "sớm bố trí đủ vốn đối ứng cho các dự án hợp tác quốc tế trong lĩnh vực nông nghiệp, phát triển nông thôn",
        ),
        vao=(
            (
                "Tổ chức Lương thực và Nông nghiệp Liên hợp quốc (FAO)",
                "Đoàn chuyên gia FAO tại Việt Nam do Điều phối viên dự án làm trưởng đoàn",
                "Khảo sát, trao đổi về phòng, chống dịch bệnh động vật xuyên biên giới",
            ),
            (
                "Tổ chức JICA (Nhật Bản)",
                "Đoàn chuyên gia JICA do Trưởng nhóm tư vấn làm trưởng đoàn",
                "Làm việc về hỗ trợ kỹ thuật phát triển chuỗi giá trị nông sản",
            ),
            (
                CHINA,
                "Đoàn công tác Sở Nông nghiệp và Nông thôn Khu tự trị dân tộc Choang Quảng Tây "
                "do Phó Giám đốc Sở làm trưởng đoàn",
                "Hội đàm tại cửa khẩu về phối hợp kiểm dịch động, thực vật và phòng, chống dịch bệnh qua biên giới",
            ),
            (
                "Ô-xtrây-li-a",
                "Đoàn công tác Trung tâm Nghiên cứu Nông nghiệp quốc tế Ô-xtrây-li-a (ACIAR) "
                "do Điều phối viên chương trình làm trưởng đoàn",
                "Trao đổi về hợp tác nghiên cứu, chuyển giao kỹ thuật canh tác cây ăn quả",
            ),
        ),
        ra=(
            (
                CHINA,
                "Hội đàm về phối hợp kiểm dịch động, thực vật và tạo thuận lợi thông quan nông sản tại các cửa khẩu",
            ),
            ("Thái Lan", "Tham quan, học tập mô hình sản xuất, chế biến và xuất khẩu trái cây"),
        ),
    ),
    "SGTVT": _Field(
        domain="giao thông vận tải",
        focus="vận tải hàng hóa qua biên giới và kết nối hạ tầng giao thông với Quảng Tây",
        coop=(
            "{S} đã trao đổi với Sở Giao thông vận tải Khu tự trị dân tộc Choang Quảng Tây về "
            "tổ chức vận tải hàng hóa qua biên giới, thống nhất phương án trung chuyển hàng "
            "hóa, hạn chế tiếp xúc trực tiếp giữa lái xe hai bên trong thời gian dịch bệnh.",
            "Việc cấp giấy phép vận tải đường bộ quốc tế Việt Nam - Trung Quốc cho phương "
            "tiện, doanh nghiệp được thực hiện nhanh chóng, đúng quy định.",
            "{S} tích cực trao đổi với phía Trung Quốc về kết nối hạ tầng giao thông tại khu "
            "vực cửa khẩu, trong đó có tuyến cao tốc Hữu Nghị - Chi Lăng và hạ tầng tại cửa "
            "khẩu Hữu Nghị, Tân Thanh.",
        ),
        prop=(
            "Hiệp định vận tải đường bộ giữa Việt Nam và Trung Quốc",
            "quy định về vận tải hàng hóa qua biên giới trong điều kiện phòng, chống dịch",
        ),
        project=(
            "trong đó chủ yếu là dự án cải tạo, nâng cấp đường giao thông địa phương sử dụng vốn vay Ngân hàng Thế giới"
        ),
        hard=(
            "Hạ tầng giao thông kết nối các cửa khẩu còn hạn chế, chưa đáp ứng được lưu lượng "
            "phương tiện chở hàng tăng cao vào thời điểm cao điểm.",
            "Việc điều chỉnh phương thức giao nhận hàng hóa của phía Trung Quốc diễn ra thường "
            "xuyên, gây khó khăn cho doanh nghiệp vận tải.",
        ),
        task=(
            "Tiếp tục phối hợp với phía Quảng Tây tổ chức vận tải hàng hóa qua biên giới an "
            "toàn, thông suốt; đẩy nhanh các thủ tục cấp phép vận tải quốc tế.",
            "Đôn đốc tiến độ các dự án giao thông sử dụng vốn nước ngoài; phối hợp chuẩn bị "
            "các điều kiện triển khai tuyến cao tốc Hữu Nghị - Chi Lăng.",
        ),
        propose=("quan tâm đầu tư nâng cấp hạ tầng giao thông kết nối các cửa khẩu, bãi đỗ xe chờ xuất khẩu",),
        vao=(
            (
                "Ngân hàng Thế giới (WB)",
                "Đoàn giám sát dự án giao thông của Ngân hàng Thế giới do Chuyên gia giao thông làm trưởng đoàn",
                "Kiểm tra tiến độ thực hiện dự án cải tạo, nâng cấp đường giao thông địa phương",
            ),
            (
                CHINA,
                "Đoàn công tác Sở Giao thông vận tải Khu tự trị dân tộc Choang Quảng Tây do "
                "Phó Giám đốc Sở làm trưởng đoàn",
                "Hội đàm tại cửa khẩu về tổ chức vận tải hàng hóa qua biên giới trong điều kiện phòng, chống dịch",
            ),
        ),
        ra=(
            (
                CHINA,
                "Làm việc với Sở Giao thông vận tải Khu tự trị dân tộc Choang Quảng Tây về kết "
                "nối hạ tầng giao thông và tổ chức vận tải qua biên giới",
            ),
        ),
    ),
    "SXD": _Field(
        domain="xây dựng, quy hoạch và phát triển đô thị",
        focus="quy hoạch, phát triển đô thị và hạ tầng kỹ thuật khu vực cửa khẩu",
        coop=(
            "{S} đã tham khảo kinh nghiệm quốc tế trong công tác lập quy hoạch, phát triển đô "
            "thị gắn với kinh tế cửa khẩu, nhất là mô hình đô thị biên giới của các địa phương "
            "thuộc Quảng Tây (Trung Quốc).",
            "{S} phối hợp chặt chẽ với các đơn vị tư vấn nước ngoài trong quá trình lập, thẩm "
            "định các đồ án quy hoạch, dự án hạ tầng kỹ thuật có yếu tố nước ngoài.",
            "Công tác quản lý nhà thầu nước ngoài hoạt động xây dựng trên địa bàn được thực "
            "hiện chặt chẽ, đúng quy định về cấp giấy phép hoạt động xây dựng.",
        ),
        prop=(
            "quy định về quản lý nhà thầu nước ngoài hoạt động xây dựng tại Việt Nam",
            "kinh nghiệm quốc tế về phát triển đô thị xanh, đô thị thông minh",
        ),
        project="chủ yếu trong lĩnh vực cấp nước và xử lý nước thải đô thị",
        hard=(
            "Nguồn lực đầu tư cho hạ tầng đô thị khu vực cửa khẩu còn hạn chế, chưa thu hút "
            "được nhiều nhà đầu tư nước ngoài.",
            "Năng lực của đội ngũ cán bộ trong việc tiếp cận các tiêu chuẩn, quy chuẩn xây dựng quốc tế còn hạn chế.",
        ),
        task=(
            "Tiếp tục nghiên cứu, tiếp thu kinh nghiệm quốc tế trong lập quy hoạch, phát triển "
            "đô thị cửa khẩu; tăng cường quản lý nhà thầu nước ngoài.",
            "Phối hợp với các nhà tài trợ triển khai hiệu quả các dự án cấp nước, thoát nước đô thị.",
        ),
        propose=("quan tâm kêu gọi các nhà tài trợ quốc tế hỗ trợ đầu tư hạ tầng kỹ thuật đô thị khu vực cửa khẩu",),
        vao=(
            (
                "Tổ chức KOICA (Hàn Quốc)",
                "Đoàn chuyên gia Cơ quan Hợp tác quốc tế Hàn Quốc (KOICA) do Trưởng nhóm dự án làm trưởng đoàn",
                "Khảo sát, trao đổi về khả năng hỗ trợ quy hoạch phát triển đô thị thông minh",
            ),
        ),
        ra=(("Hàn Quốc", "Tham quan, học tập kinh nghiệm phát triển đô thị thông minh"),),
    ),
    "STNMT": _Field(
        domain="tài nguyên và môi trường",
        focus=(
            "bảo vệ môi trường khu vực biên giới, quản lý tài nguyên nước xuyên biên giới và "
            "ứng phó với biến đổi khí hậu"
        ),
        coop=(
            "{S} đã duy trì trao đổi thông tin với cơ quan chức năng phía Quảng Tây về chất "
            "lượng nước sông Kỳ Cùng và các dòng chảy xuyên biên giới, phối hợp xử lý kịp thời "
            "các vấn đề môi trường phát sinh.",
            "Công tác quản lý chất thải, vệ sinh môi trường tại các khu vực cửa khẩu, bãi đỗ "
            "xe hàng được tăng cường, nhất là trong thời gian phương tiện ùn ứ.",
            "{S} tiếp tục phối hợp với các tổ chức quốc tế triển khai các hoạt động nâng cao "
            "năng lực ứng phó với biến đổi khí hậu, quản lý rủi ro thiên tai cho cộng đồng.",
        ),
        prop=(
            "các cam kết quốc tế của Việt Nam về biến đổi khí hậu",
            "quy định về bảo vệ môi trường trong hoạt động xuất nhập khẩu",
        ),
        project=("tập trung vào quản lý tài nguyên, bảo vệ môi trường và ứng phó với biến đổi khí hậu"),
        hard=(
            "Việc trao đổi thông tin về tài nguyên nước, môi trường xuyên biên giới với phía "
            "Trung Quốc chưa có cơ chế chính thức, chủ yếu thực hiện qua các kênh không thường "
            "xuyên.",
            "Nguồn lực cho công tác quan trắc môi trường tại khu vực biên giới còn thiếu.",
        ),
        task=(
            "Tiếp tục theo dõi chất lượng môi trường nước các dòng chảy xuyên biên giới; tăng "
            "cường quản lý chất thải tại khu vực cửa khẩu.",
            "Chủ động vận động các tổ chức quốc tế hỗ trợ kỹ thuật về ứng phó với biến đổi khí hậu.",
        ),
        propose=(
            "chỉ đạo nghiên cứu, đề xuất cơ chế trao đổi thông tin định kỳ với phía Quảng Tây "
            "về tài nguyên nước, môi trường xuyên biên giới",
        ),
        vao=(
            (
                "Chương trình Phát triển Liên hợp quốc (UNDP)",
                "Đoàn chuyên gia Chương trình Phát triển Liên hợp quốc tại Việt Nam do Cán bộ "
                "chương trình làm trưởng đoàn",
                "Trao đổi về hỗ trợ nâng cao năng lực ứng phó với biến đổi khí hậu cho cộng đồng miền núi",
            ),
            (
                "Đức",
                "Đoàn chuyên gia Tổ chức Hợp tác quốc tế Đức (GIZ) do Trưởng nhóm dự án làm trưởng đoàn",
                "Khảo sát, trao đổi về quản lý chất thải rắn và bảo vệ môi trường",
            ),
        ),
        ra=(("Nhật Bản", "Tham dự khóa đào tạo ngắn hạn về quản lý chất thải và tài nguyên nước"),),
    ),
    "STTTT": _Field(
        domain="thông tin và truyền thông",
        focus=("thông tin đối ngoại, quản lý báo chí và phối hợp quản lý tần số vô tuyến điện khu vực biên giới"),
        coop=(
            "{S} đã hướng dẫn các cơ quan báo chí, hệ thống thông tin cơ sở đẩy mạnh thông tin "
            "đối ngoại, quảng bá hình ảnh, tiềm năng, cơ hội hợp tác của tỉnh tới bạn bè quốc "
            "tế.",
            "Công tác quản lý hoạt động của phóng viên nước ngoài đến tác nghiệp trên địa bàn "
            "tỉnh được thực hiện chặt chẽ, đúng quy định.",
            "{S} phối hợp với các cơ quan chức năng trao đổi với phía Trung Quốc về xử lý can "
            "nhiễu tần số vô tuyến điện, hạn chế tình trạng sóng di động tràn qua biên giới.",
            "{S} chủ động phát hiện, định hướng xử lý các thông tin sai lệch về tình hình biên "
            "giới, xuất nhập khẩu trên mạng xã hội.",
        ),
        prop=(
            "thông tin đối ngoại, quảng bá hình ảnh tỉnh Lạng Sơn",
            "kỹ năng nhận diện, phản bác thông tin sai lệch trên không gian mạng",
        ),
        hard=(
            "Nội dung thông tin đối ngoại bằng tiếng nước ngoài còn ít, hình thức chưa thật sự "
            "hấp dẫn; nguồn nhân lực biên tập, dịch thuật còn thiếu.",
            "Tình trạng sóng di động từ phía Trung Quốc tràn sang khu vực biên giới vẫn còn xảy ra tại một số điểm.",
        ),
        task=(
            "Đẩy mạnh công tác thông tin đối ngoại, tăng cường đăng tải tin, bài bằng tiếng "
            "Trung, tiếng Anh trên Cổng thông tin điện tử của tỉnh.",
            "Tiếp tục phối hợp xử lý can nhiễu tần số vô tuyến điện khu vực biên giới; tăng "
            "cường quản lý thông tin trên không gian mạng.",
        ),
        propose=(
            "quan tâm bố trí kinh phí cho hoạt động thông tin đối ngoại, xây dựng các ấn phẩm "
            "quảng bá bằng tiếng nước ngoài",
        ),
        vao=(
            (
                CHINA,
                "Đoàn công tác Đài Phát thanh Truyền hình Quảng Tây do Phó Giám đốc làm trưởng đoàn",
                "Trao đổi về hợp tác sản xuất chương trình, trao đổi tin, bài giữa các cơ quan báo chí hai bên",
            ),
            (
                "Hàn Quốc",
                "Đoàn chuyên gia Cơ quan Xúc tiến công nghiệp công nghệ thông tin Hàn Quốc "
                "(NIPA) do Trưởng nhóm chuyên gia làm trưởng đoàn",
                "Trao đổi kinh nghiệm về chuyển đổi số, xây dựng chính quyền số",
            ),
        ),
        ra=(
            (
                "Hàn Quốc",
                "Tham quan, học tập kinh nghiệm chuyển đổi số và phát triển đô thị thông minh",
            ),
        ),
    ),
    "SLDTBXH": _Field(
        domain="lao động, thương binh và xã hội",
        focus=("đưa người lao động đi làm việc ở nước ngoài, giáo dục nghề nghiệp và phòng, chống mua bán người"),
        coop=(
            "{S} đã phối hợp với các doanh nghiệp dịch vụ có uy tín tư vấn, tuyển chọn người "
            "lao động đi làm việc có thời hạn ở nước ngoài, nhất là các thị trường Nhật Bản, "
            "Hàn Quốc khi các thị trường này mở cửa trở lại sau dịch.",
            "Công tác tiếp nhận, hỗ trợ nạn nhân bị mua bán trở về được thực hiện kịp thời; "
            "{s} phối hợp với các tổ chức quốc tế hỗ trợ tái hòa nhập cộng đồng cho nạn nhân.",
            "{S} tiếp tục tranh thủ sự hỗ trợ của các tổ chức quốc tế trong lĩnh vực bảo vệ, "
            "chăm sóc trẻ em, bình đẳng giới và giáo dục nghề nghiệp.",
        ),
        prop=(
            "chính sách đưa người lao động đi làm việc ở nước ngoài theo hợp đồng",
            "phòng, chống mua bán người và di cư trái phép qua biên giới",
        ),
        project="tập trung vào bảo vệ trẻ em, bình đẳng giới và hỗ trợ người yếu thế",
        hard=(
            "Tình trạng người dân xuất cảnh trái phép sang Trung Quốc lao động tự do vẫn tiềm "
            "ẩn nguy cơ, gây khó khăn cho công tác quản lý.",
            "Người lao động còn e ngại tham gia các chương trình đi làm việc ở nước ngoài do "
            "lo ngại về tình hình dịch bệnh và chi phí ban đầu.",
        ),
        task=(
            "Đẩy mạnh tư vấn, tuyển chọn người lao động đi làm việc ở nước ngoài theo hợp "
            "đồng; tăng cường tuyên truyền phòng, chống mua bán người, xuất cảnh trái phép.",
            "Tiếp tục phối hợp với các tổ chức quốc tế triển khai các dự án hỗ trợ trẻ em, phụ nữ và người yếu thế.",
        ),
        propose=(
            "chỉ đạo các địa phương biên giới tăng cường quản lý, ngăn chặn tình trạng xuất "
            "cảnh trái phép đi lao động tự do",
        ),
        vao=(
            (
                "Tổ chức Di cư Quốc tế (IOM)",
                "Đoàn công tác Tổ chức Di cư Quốc tế tại Việt Nam do Cán bộ chương trình làm trưởng đoàn",
                "Trao đổi về hỗ trợ nạn nhân bị mua bán trở về và phòng ngừa di cư không an toàn",
            ),
            (
                "Quỹ Nhi đồng Liên hợp quốc (UNICEF)",
                "Đoàn công tác UNICEF tại Việt Nam do Trưởng bộ phận Bảo vệ trẻ em làm trưởng đoàn",
                "Làm việc về kết quả triển khai chương trình bảo vệ trẻ em trên địa bàn tỉnh",
            ),
            (
                "Hàn Quốc",
                "Đoàn công tác Cơ quan Phát triển nguồn nhân lực Hàn Quốc tại Việt Nam do Giám "
                "đốc văn phòng làm trưởng đoàn",
                "Trao đổi về tuyển chọn lao động đi làm việc tại Hàn Quốc theo Chương trình EPS",
            ),
        ),
        ra=(
            (
                "Hàn Quốc",
                "Làm việc với các cơ quan, doanh nghiệp tiếp nhận lao động Việt Nam, tìm hiểu "
                "tình hình người lao động của tỉnh đang làm việc tại Hàn Quốc",
            ),
            (
                "Nhật Bản",
                "Khảo sát thị trường lao động và làm việc với các nghiệp đoàn tiếp nhận thực tập sinh kỹ năng",
            ),
        ),
    ),
    "SKHCN": _Field(
        domain="khoa học và công nghệ",
        focus="chuyển giao công nghệ, hợp tác nghiên cứu và bảo hộ sở hữu trí tuệ",
        coop=(
            "{S} đã duy trì trao đổi với Sở Khoa học và Công nghệ Khu tự trị dân tộc Choang "
            "Quảng Tây về khả năng hợp tác nghiên cứu, chuyển giao công nghệ trong sản xuất "
            "nông nghiệp, chế biến nông sản.",
            "{S} tích cực kết nối với Trung tâm Chuyển giao công nghệ Trung Quốc - ASEAN để "
            "giới thiệu các công nghệ phù hợp với nhu cầu của doanh nghiệp trên địa bàn.",
            "Công tác bảo hộ, phát triển tài sản trí tuệ cho các sản phẩm đặc sản của tỉnh như "
            "hồi Lạng Sơn, na Chi Lăng, quýt Bắc Sơn tiếp tục được quan tâm, hướng tới bảo hộ "
            "tại thị trường nước ngoài.",
            "Hoạt động tiêu chuẩn, đo lường, chất lượng được tăng cường, hỗ trợ doanh nghiệp "
            "đáp ứng các hàng rào kỹ thuật trong thương mại.",
        ),
        prop=(
            "quy định về hàng rào kỹ thuật trong thương mại",
            "bảo hộ quyền sở hữu trí tuệ trong bối cảnh hội nhập",
        ),
        project="chủ yếu hỗ trợ chuyển giao công nghệ và nâng cao năng lực đổi mới sáng tạo",
        hard=(
            "Nguồn lực tài chính cho hợp tác quốc tế về khoa học và công nghệ còn hạn chế; "
            "doanh nghiệp trên địa bàn chủ yếu có quy mô nhỏ, khả năng tiếp nhận công nghệ mới "
            "chưa cao.",
            "Việc đăng ký bảo hộ sở hữu trí tuệ tại thị trường nước ngoài đòi hỏi chi phí lớn và thủ tục phức tạp.",
        ),
        task=(
            "Tiếp tục kết nối, tìm kiếm đối tác chuyển giao công nghệ phù hợp; hỗ trợ doanh "
            "nghiệp đăng ký bảo hộ nhãn hiệu, chỉ dẫn địa lý tại thị trường nước ngoài.",
            "Tăng cường thông báo, hỏi đáp về hàng rào kỹ thuật trong thương mại, hỗ trợ doanh nghiệp xuất khẩu.",
        ),
        propose=(
            "quan tâm hỗ trợ kinh phí đăng ký bảo hộ chỉ dẫn địa lý, nhãn hiệu cho các sản "
            "phẩm đặc sản của tỉnh tại thị trường nước ngoài",
        ),
        vao=(
            (
                CHINA,
                "Đoàn công tác Trung tâm Chuyển giao công nghệ Trung Quốc - ASEAN do Phó Giám "
                "đốc Trung tâm làm trưởng đoàn",
                "Trao đổi về kết nối cung - cầu công nghệ trong lĩnh vực nông nghiệp",
            ),
            (
                "Nhật Bản",
                "Đoàn chuyên gia Tổ chức Xúc tiến Thương mại Nhật Bản (JETRO) do Trưởng đại diện làm trưởng đoàn",
                "Trao đổi về tiêu chuẩn chất lượng, an toàn thực phẩm đối với nông sản xuất khẩu sang Nhật Bản",
            ),
        ),
        ra=((CHINA, "Tham dự Diễn đàn hợp tác chuyển giao công nghệ Trung Quốc - ASEAN"),),
    ),
    "SGDDT": _Field(
        domain="giáo dục và đào tạo",
        focus="hợp tác đào tạo, trao đổi học sinh, sinh viên và nâng cao năng lực ngoại ngữ",
        coop=(
            "{S} đã phối hợp với các tổ chức quốc tế triển khai các chương trình hỗ trợ giáo "
            "dục cho học sinh vùng dân tộc thiểu số, vùng biên giới.",
            "Việc cử học sinh, sinh viên đi học tập tại các trường đại học của Quảng Tây "
            "(Trung Quốc) theo diện học bổng được thực hiện đúng quy định; {s} thường xuyên "
            "nắm tình hình học tập của lưu học sinh trong thời gian học trực tuyến do dịch "
            "bệnh.",
            "Công tác dạy và học ngoại ngữ trong nhà trường tiếp tục được quan tâm; {s} tiếp "
            "nhận giáo viên, tình nguyện viên nước ngoài hỗ trợ giảng dạy tiếng Anh tại một số "
            "trường trên địa bàn.",
            "{S} duy trì mối quan hệ với Sở Giáo dục Khu tự trị dân tộc Choang Quảng Tây, trao "
            "đổi về kế hoạch giao lưu giữa các trường học khu vực biên giới khi tình hình dịch "
            "bệnh cho phép.",
        ),
        prop=(
            "chủ trương đổi mới căn bản, toàn diện giáo dục gắn với hội nhập quốc tế",
            "các chương trình học bổng của các nước và tổ chức quốc tế",
        ),
        project=("tập trung hỗ trợ cơ sở vật chất trường học và nâng cao chất lượng giáo dục vùng khó khăn"),
        hard=(
            "Việc đón giáo viên, tình nguyện viên nước ngoài gặp khó khăn do các quy định về "
            "nhập cảnh trong thời gian dịch bệnh.",
            "Đội ngũ giáo viên ngoại ngữ ở vùng sâu, vùng xa còn thiếu, chất lượng dạy và học ngoại ngữ chưa đồng đều.",
        ),
        task=(
            "Tiếp tục phối hợp với các tổ chức quốc tế triển khai các chương trình, dự án hỗ "
            "trợ giáo dục; tăng cường quản lý giáo viên, tình nguyện viên nước ngoài.",
            "Nghiên cứu khôi phục các hoạt động giao lưu, trao đổi học sinh, sinh viên với các "
            "trường học của Quảng Tây (Trung Quốc) khi điều kiện cho phép.",
        ),
        propose=(
            "quan tâm tạo điều kiện thuận lợi cho việc tiếp nhận giáo viên, tình nguyện viên "
            "nước ngoài đến giảng dạy tại tỉnh",
        ),
        vao=(
            (
                "Tổ chức Cứu trợ trẻ em (Save the Children)",
                "Đoàn công tác Tổ chức Cứu trợ trẻ em tại Việt Nam do Giám đốc chương trình làm trưởng đoàn",
                "Làm việc về hỗ trợ giáo dục mầm non và tiểu học cho trẻ em dân tộc thiểu số",
            ),
            (
                "Nhật Bản",
                "Đoàn công tác Đại sứ quán Nhật Bản tại Việt Nam do Bí thư thứ nhất làm trưởng đoàn",
                "Khảo sát, bàn giao công trình trường học xây dựng bằng nguồn viện trợ không "
                "hoàn lại của Chính phủ Nhật Bản",
            ),
            (
                CHINA,
                "Đoàn công tác Trường Đại học Dân tộc Quảng Tây do Phó Hiệu trưởng làm trưởng đoàn",
                "Trao đổi về chương trình học bổng và hợp tác đào tạo tiếng Trung cho học sinh, sinh viên của tỉnh",
            ),
        ),
        ra=(
            (
                CHINA,
                "Làm việc với một số trường đại học của Quảng Tây về chương trình học bổng và "
                "tình hình học tập của lưu học sinh tỉnh Lạng Sơn",
            ),
            ("Hàn Quốc", "Tham dự hội thảo về giáo dục ngoại ngữ và chuyển đổi số trong giáo dục"),
        ),
    ),
    "SYT": _Field(
        domain="y tế",
        focus="phòng, chống dịch bệnh qua biên giới và nâng cao năng lực y tế cơ sở",
        coop=(
            "{S} đã duy trì trao đổi thông tin với Ủy ban Y tế Khu tự trị dân tộc Choang Quảng "
            "Tây về tình hình dịch COVID-19 và các dịch bệnh truyền nhiễm khác, thống nhất các "
            "biện pháp kiểm dịch y tế tại cửa khẩu.",
            "Công tác kiểm dịch y tế biên giới tại các cửa khẩu Hữu Nghị, Tân Thanh, Chi Ma và "
            "ga đường sắt liên vận quốc tế Đồng Đăng được duy trì chặt chẽ, góp phần bảo đảm "
            "hoạt động xuất nhập khẩu an toàn.",
            "{S} tiếp tục tranh thủ sự hỗ trợ của Tổ chức Y tế Thế giới, Quỹ Nhi đồng Liên hợp "
            "quốc và các tổ chức phi chính phủ nước ngoài về trang thiết bị, vật tư phòng, "
            "chống dịch và đào tạo nhân lực y tế.",
            "Các chương trình hợp tác về phòng, chống HIV/AIDS, bệnh lao ở khu vực biên giới "
            "tiếp tục được triển khai có hiệu quả.",
        ),
        prop=(
            "quy định về kiểm dịch y tế biên giới trong điều kiện bình thường mới",
            "chính sách phòng, chống dịch bệnh truyền nhiễm qua biên giới",
        ),
        project="tập trung vào phòng, chống HIV/AIDS, bệnh lao và nâng cao năng lực y tế cơ sở",
        hard=(
            "Dịch COVID-19 diễn biến phức tạp trong những tháng đầu năm, lực lượng y tế phải "
            "tập trung cao cho công tác phòng, chống dịch nên một số hoạt động hợp tác quốc tế "
            "phải tạm hoãn.",
            "Các dự án viện trợ trong lĩnh vực y tế có xu hướng giảm, nguồn vốn không ổn định.",
        ),
        task=(
            "Tiếp tục phối hợp với phía Quảng Tây trong trao đổi thông tin, kiểm soát dịch "
            "bệnh tại cửa khẩu; duy trì kiểm dịch y tế biên giới phù hợp với tình hình mới.",
            "Tích cực vận động các tổ chức quốc tế hỗ trợ trang thiết bị, đào tạo nhân lực y "
            "tế, nhất là y tế tuyến cơ sở.",
        ),
        propose=(
            "quan tâm chỉ đạo duy trì cơ chế trao đổi thông tin dịch bệnh với chính quyền Quảng Tây (Trung Quốc)",
        ),
        vao=(
            (
                "Tổ chức Y tế Thế giới (WHO)",
                "Đoàn công tác Văn phòng Tổ chức Y tế Thế giới tại Việt Nam do Cán bộ chuyên môn làm trưởng đoàn",
                "Làm việc về công tác phòng, chống dịch COVID-19 và giám sát dịch bệnh tại khu vực cửa khẩu",
            ),
            (
                "Quỹ Nhi đồng Liên hợp quốc (UNICEF)",
                "Đoàn công tác UNICEF tại Việt Nam do Chuyên gia y tế làm trưởng đoàn",
                "Trao đổi về hỗ trợ tiêm chủng và dinh dưỡng cho trẻ em vùng dân tộc thiểu số",
            ),
            (
                "Hoa Kỳ",
                "Đoàn công tác Trung tâm Kiểm soát và Phòng ngừa dịch bệnh Hoa Kỳ (CDC) tại "
                "Việt Nam do Cán bộ chương trình làm trưởng đoàn",
                "Làm việc về chương trình phòng, chống HIV/AIDS tại khu vực biên giới",
            ),
            (
                CHINA,
                "Đoàn công tác Ủy ban Y tế Khu tự trị dân tộc Choang Quảng Tây do Phó Chủ nhiệm làm trưởng đoàn",
                "Hội đàm tại cửa khẩu về trao đổi thông tin dịch bệnh và phối hợp kiểm dịch y tế biên giới",
            ),
        ),
        ra=(
            (
                CHINA,
                "Hội đàm với Ủy ban Y tế Khu tự trị dân tộc Choang Quảng Tây về phối hợp "
                "phòng, chống dịch bệnh qua biên giới",
            ),
            (
                "Thái Lan",
                "Tham dự hội thảo khu vực về kiểm soát bệnh truyền nhiễm xuyên biên giới",
            ),
        ),
    ),
    "SNGV": _Field(
        domain="đối ngoại",
        focus=("quan hệ hữu nghị, hợp tác với Khu tự trị dân tộc Choang Quảng Tây và các đối tác nước ngoài"),
        coop=(
            "{S} đã tham mưu Tỉnh ủy, UBND tỉnh duy trì quan hệ hữu nghị, hợp tác với Khu tự "
            "trị dân tộc Choang Quảng Tây (Trung Quốc) theo hình thức phù hợp; tổ chức các "
            "cuộc hội đàm, điện đàm, trao đổi thư chúc mừng nhân dịp Tết Nguyên đán và các "
            "ngày lễ lớn.",
            "Công tác quản lý đoàn ra, đoàn vào trên địa bàn tỉnh được thực hiện chặt chẽ, "
            "đúng quy định; {s} đã hướng dẫn các sở, ngành, địa phương thực hiện quy trình, "
            "thủ tục đón tiếp khách nước ngoài trong điều kiện mở cửa trở lại sau dịch.",
            "{S} tích cực tham mưu công tác ngoại giao kinh tế, phối hợp với các cơ quan đại "
            "diện Việt Nam ở nước ngoài giới thiệu tiềm năng, cơ hội hợp tác của tỉnh; đồng "
            "thời theo dõi sát tình hình biên giới, kịp thời xử lý các vấn đề phát sinh.",
            "Công tác bảo hộ công dân, giải quyết các vụ việc liên quan đến công dân Việt Nam "
            "xuất cảnh trái phép sang Trung Quốc được phối hợp thực hiện kịp thời, đúng quy "
            "định.",
        ),
        prop=(
            "tình hình biên giới, quan hệ hữu nghị Việt Nam - Trung Quốc",
            "quy định về quản lý thống nhất các hoạt động đối ngoại trên địa bàn tỉnh",
        ),
        project="chủ yếu là các khoản viện trợ phi chính phủ nước ngoài hỗ trợ an sinh xã hội",
        hard=(
            "Việc tổ chức các hoạt động đối ngoại trong điều kiện dịch bệnh đòi hỏi nhiều "
            "phương án dự phòng; một số hoạt động đã chuẩn bị phải điều chỉnh hoặc tạm hoãn "
            "theo đề nghị của phía đối tác.",
            "Công tác vận động viện trợ phi chính phủ nước ngoài gặp nhiều khó khăn do nguồn "
            "viện trợ có xu hướng giảm khi Việt Nam đã trở thành nước có thu nhập trung bình.",
        ),
        task=(
            "Tham mưu tổ chức các hoạt động đối ngoại với Khu tự trị dân tộc Choang Quảng Tây; "
            "chuẩn bị tốt các điều kiện để khôi phục giao lưu trực tiếp khi tình hình cho phép.",
            "Tăng cường quản lý đoàn ra, đoàn vào, hội nghị, hội thảo quốc tế; đẩy mạnh vận "
            "động viện trợ phi chính phủ nước ngoài.",
        ),
        propose=(
            "quan tâm bổ sung biên chế cán bộ có trình độ ngoại ngữ, chuyên môn sâu về công tác đối ngoại, biên giới",
        ),
        vao=(
            (
                CHINA,
                "Đoàn công tác Văn phòng Ngoại vụ Khu tự trị dân tộc Choang Quảng Tây do Phó Chủ nhiệm làm trưởng đoàn",
                "Hội đàm tại cửa khẩu quốc tế Hữu Nghị về kết quả hợp tác và phương hướng phối hợp giữa hai địa phương",
            ),
            (
                "Nhật Bản",
                "Đoàn công tác Đại sứ quán Nhật Bản tại Việt Nam do Công sứ làm trưởng đoàn",
                "Chào xã giao lãnh đạo tỉnh, trao đổi về hợp tác kinh tế và viện trợ không "
                "hoàn lại cho các dự án cấp cơ sở",
            ),
            (
                "Hàn Quốc",
                "Đoàn công tác Đại sứ quán Hàn Quốc tại Việt Nam do Tham tán Công sứ làm trưởng đoàn",
                "Trao đổi về hợp tác lao động, đầu tư và giao lưu nhân dân",
            ),
            (
                "Liên minh châu Âu (EU)",
                "Đoàn công tác Phái đoàn Liên minh châu Âu tại Việt Nam do Tham tán làm trưởng đoàn",
                "Tìm hiểu tình hình thực thi Hiệp định EVFTA tại địa phương và nhu cầu hỗ trợ kỹ thuật",
            ),
            (
                "Lào",
                "Đoàn công tác Đại sứ quán Lào tại Việt Nam do Tham tán làm trưởng đoàn",
                "Trao đổi về khả năng kết nối, hợp tác giữa tỉnh Lạng Sơn với các địa phương của Lào",
            ),
            (
                "Ô-xtrây-li-a",
                "Đoàn công tác Đại sứ quán Ô-xtrây-li-a tại Việt Nam do Bí thư thứ nhất làm trưởng đoàn",
                "Trao đổi về các chương trình học bổng và hỗ trợ phát triển cộng đồng",
            ),
        ),
        ra=(
            (
                CHINA,
                "Tháp tùng lãnh đạo tỉnh hội đàm với lãnh đạo Khu tự trị dân tộc Choang Quảng "
                "Tây về thúc đẩy hợp tác, tạo thuận lợi thông quan hàng hóa",
            ),
            (
                CHINA,
                "Làm việc với Văn phòng Ngoại vụ Khu tự trị dân tộc Choang Quảng Tây về chương trình hợp tác năm 2022",
            ),
            (
                "Lào",
                "Làm việc với cơ quan ngoại vụ một số tỉnh của Lào về khả năng thiết lập quan hệ hợp tác",
            ),
            (
                "Hàn Quốc",
                "Tham gia đoàn xúc tiến đầu tư của tỉnh và tìm hiểu khả năng thiết lập quan hệ "
                "hợp tác với địa phương của Hàn Quốc",
            ),
        ),
    ),
    "SVHTTDL": _Field(
        domain="văn hóa, thể thao và du lịch",
        focus=("quảng bá du lịch, giao lưu văn hóa, thể thao và khôi phục hoạt động du lịch quốc tế"),
        coop=(
            "Sau khi hoạt động du lịch quốc tế được mở cửa trở lại, {s} đã chủ động quảng bá "
            "các sản phẩm du lịch của tỉnh tới thị trường khách quốc tế, nhất là khách Trung "
            "Quốc và các nước ASEAN.",
            "{S} duy trì trao đổi với Sở Văn hóa và Du lịch Khu tự trị dân tộc Choang Quảng "
            "Tây về khả năng khôi phục tuyến du lịch qua biên giới, giao lưu văn hóa, thể thao "
            "giữa hai địa phương.",
            "Công tác quản lý hoạt động văn hóa, thể thao có yếu tố nước ngoài trên địa bàn "
            "được thực hiện đúng quy định.",
        ),
        prop=(
            "giá trị văn hóa, hình ảnh con người xứ Lạng tới bạn bè quốc tế",
            "quy định về tổ chức hoạt động văn hóa, thể thao có yếu tố nước ngoài",
        ),
        project="",
        hard=(
            "Lượng khách du lịch quốc tế đến tỉnh giảm mạnh do tuyến du lịch qua biên giới với "
            "Trung Quốc chưa được khôi phục.",
            "Sản phẩm du lịch còn đơn điệu, nguồn nhân lực du lịch có trình độ ngoại ngữ còn thiếu.",
        ),
        task=(
            "Đẩy mạnh quảng bá du lịch Lạng Sơn tới thị trường khách quốc tế; chuẩn bị các "
            "điều kiện khôi phục tuyến du lịch qua biên giới khi phía Trung Quốc mở cửa.",
            "Tăng cường giao lưu văn hóa, thể thao với các địa phương của Quảng Tây theo hình thức phù hợp.",
        ),
        propose=(
            "đề xuất các cơ quan có thẩm quyền trao đổi với phía Trung Quốc sớm khôi phục tuyến du lịch qua biên giới",
        ),
        vao=(
            (
                CHINA,
                "Đoàn công tác Sở Văn hóa và Du lịch Khu tự trị dân tộc Choang Quảng Tây do "
                "Phó Giám đốc Sở làm trưởng đoàn",
                "Trao đổi về khôi phục tuyến du lịch qua biên giới và kế hoạch giao lưu văn hóa, thể thao",
            ),
        ),
        ra=(
            (
                CHINA,
                "Tham dự hoạt động xúc tiến du lịch, giới thiệu điểm đến Lạng Sơn tại Nam Ninh",
            ),
        ),
    ),
    "TTT": _Field(
        domain="thanh tra, phòng, chống tham nhũng",
        focus="trao đổi kinh nghiệm về phòng, chống tham nhũng",
        coop=(
            "{S} đã quán triệt Công ước của Liên hợp quốc về chống tham nhũng và các cam kết "
            "quốc tế liên quan đến công tác thanh tra, phòng, chống tham nhũng tới cán bộ, "
            "công chức trong cơ quan.",
            "{S} thực hiện thanh tra, kiểm tra các dự án có yếu tố nước ngoài khi được giao, "
            "bảo đảm khách quan, đúng quy định và không gây cản trở hoạt động bình thường của "
            "doanh nghiệp.",
            "Việc tiếp nhận, giải quyết đơn thư có yếu tố nước ngoài được thực hiện đúng quy định của pháp luật.",
        ),
        prop=(
            "Công ước của Liên hợp quốc về chống tham nhũng",
            "quy định về phòng, chống tham nhũng trong doanh nghiệp, tổ chức khu vực ngoài nhà nước",
        ),
        hard=(
            "Cơ hội tham gia các hoạt động hợp tác quốc tế về thanh tra, phòng, chống tham "
            "nhũng ở cấp địa phương còn ít.",
            "Đội ngũ thanh tra viên có trình độ ngoại ngữ, am hiểu pháp luật quốc tế còn hạn chế.",
        ),
        task=(
            "Tiếp tục quán triệt, thực hiện các cam kết quốc tế về phòng, chống tham nhũng; "
            "thực hiện tốt công tác thanh tra các dự án có yếu tố nước ngoài khi được giao.",
            "Tạo điều kiện cho thanh tra viên tham gia các lớp bồi dưỡng ngoại ngữ, kiến thức pháp luật quốc tế.",
        ),
        propose=(
            "tạo điều kiện cho cán bộ, thanh tra viên tham gia các chương trình bồi dưỡng về "
            "phòng, chống tham nhũng do các tổ chức quốc tế tài trợ",
        ),
        vao=(
            (
                "Chương trình Phát triển Liên hợp quốc (UNDP)",
                "Đoàn chuyên gia UNDP tại Việt Nam do Cán bộ chương trình quản trị công làm trưởng đoàn",
                "Trao đổi về thực thi Công ước của Liên hợp quốc về chống tham nhũng tại địa phương",
            ),
        ),
        ra=(("Lào", "Trao đổi kinh nghiệm về công tác thanh tra, giải quyết khiếu nại, tố cáo"),),
    ),
    "BDT": _Field(
        domain="công tác dân tộc",
        focus=("hỗ trợ phát triển kinh tế - xã hội vùng đồng bào dân tộc thiểu số khu vực biên giới"),
        coop=(
            "{S} đã phối hợp với các tổ chức phi chính phủ nước ngoài triển khai các hoạt động "
            "hỗ trợ sinh kế, nâng cao năng lực cho đồng bào dân tộc thiểu số ở các xã biên "
            "giới.",
            "{S} chú trọng vận động người có uy tín trong đồng bào dân tộc thiểu số tham gia "
            "giữ gìn an ninh trật tự, bảo vệ chủ quyền lãnh thổ, biên giới quốc gia.",
            "Việc nắm tình hình giao lưu, qua lại của cư dân biên giới hai bên được thực hiện "
            "thường xuyên, kịp thời phản ánh với cấp có thẩm quyền các vấn đề phát sinh.",
        ),
        prop=(
            "chính sách dân tộc, quy chế khu vực biên giới",
            "phòng, chống xuất cảnh trái phép, mua bán người trong vùng đồng bào dân tộc thiểu số",
        ),
        project=("tập trung hỗ trợ sinh kế, nước sạch và vệ sinh môi trường cho đồng bào dân tộc thiểu số"),
        hard=(
            "Nguồn viện trợ cho vùng đồng bào dân tộc thiểu số còn nhỏ lẻ, phân tán; một số "
            "địa bàn khó khăn chưa được các nhà tài trợ quan tâm.",
            "Nhận thức của một bộ phận đồng bào vùng biên giới về các quy định khi qua lại biên giới còn hạn chế.",
        ),
        task=(
            "Tiếp tục phối hợp với các tổ chức quốc tế triển khai các hoạt động hỗ trợ vùng "
            "đồng bào dân tộc thiểu số, lồng ghép với Chương trình mục tiêu quốc gia phát "
            "triển kinh tế - xã hội vùng đồng bào dân tộc thiểu số và miền núi.",
            "Tăng cường tuyên truyền, phát huy vai trò của người có uy tín trong giữ gìn an "
            "ninh, trật tự khu vực biên giới.",
        ),
        propose=("quan tâm định hướng các nhà tài trợ ưu tiên hỗ trợ các xã đặc biệt khó khăn, xã biên giới",),
        vao=(
            (
                "Tổ chức Tầm nhìn Thế giới (World Vision)",
                "Đoàn công tác Tổ chức Tầm nhìn Thế giới tại Việt Nam do Giám đốc vùng làm trưởng đoàn",
                "Trao đổi về chương trình hỗ trợ phát triển vùng cho đồng bào dân tộc thiểu số",
            ),
            (
                "Tổ chức Plan International",
                "Đoàn công tác Tổ chức Plan International tại Việt Nam do Quản lý chương trình làm trưởng đoàn",
                "Khảo sát nhu cầu hỗ trợ trẻ em gái dân tộc thiểu số tại các xã biên giới",
            ),
        ),
        ra=(
            (
                "Lào",
                "Trao đổi kinh nghiệm thực hiện chính sách đối với đồng bào dân tộc thiểu số vùng biên giới",
            ),
        ),
    ),
    "BQLKKT": _Field(
        domain="phát triển khu kinh tế cửa khẩu",
        focus=("tạo thuận lợi thông quan, phát triển hạ tầng cửa khẩu và xúc tiến đầu tư vào Khu kinh tế"),
        coop=(
            "{S} đã chủ trì, phối hợp với các lực lượng chức năng tại cửa khẩu tổ chức hội "
            "đàm, trao đổi với phía Quảng Tây nhằm tháo gỡ tình trạng ùn ứ phương tiện chở "
            "hàng cuối năm 2021, đầu năm 2022; hai bên thống nhất kéo dài thời gian thông "
            "quan, áp dụng phương thức giao nhận hàng hóa phù hợp với yêu cầu phòng dịch.",
            "Hoạt động xuất nhập khẩu qua các cửa khẩu từng bước được khôi phục; {s} phối hợp "
            "với phía Trung Quốc thúc đẩy thí điểm xây dựng cửa khẩu thông minh tại cặp cửa "
            "khẩu Hữu Nghị - Hữu Nghị Quan.",
            "{S} tiếp tục trao đổi với chính quyền thành phố Bằng Tường về việc nghiên cứu xây "
            "dựng Khu hợp tác kinh tế qua biên giới Đồng Đăng - Lạng Sơn (Việt Nam) và Bằng "
            "Tường - Quảng Tây (Trung Quốc).",
            "Công tác xúc tiến đầu tư vào Khu kinh tế được đẩy mạnh, tập trung thu hút các dự "
            "án logistics, kho bãi, trung tâm phân phối hàng hóa.",
        ),
        prop=(
            "chính sách ưu đãi đầu tư vào khu kinh tế cửa khẩu",
            "quy định về thủ tục xuất nhập khẩu, thông quan hàng hóa qua biên giới",
        ),
        hard=(
            "Phía Trung Quốc duy trì chính sách phòng dịch nghiêm ngặt, nhiều thời điểm tạm "
            "dừng hoặc hạn chế thông quan tại một số cửa khẩu, gây ảnh hưởng lớn đến hoạt động "
            "xuất nhập khẩu.",
            "Hạ tầng tại các cửa khẩu, bãi kiểm hóa, bãi đỗ xe chưa đáp ứng được nhu cầu vào "
            "thời điểm lượng hàng hóa tăng đột biến.",
        ),
        task=(
            "Tiếp tục phối hợp chặt chẽ với phía Quảng Tây bảo đảm thông quan thông suốt; đẩy "
            "mạnh xây dựng cửa khẩu thông minh, số hóa thủ tục tại cửa khẩu.",
            "Đẩy mạnh xúc tiến đầu tư, thu hút các dự án hạ tầng logistics vào Khu kinh tế cửa "
            "khẩu Đồng Đăng - Lạng Sơn.",
        ),
        propose=(
            "tiếp tục đề xuất Chính phủ, các bộ, ngành trung ương trao đổi với phía Trung Quốc "
            "về việc khôi phục hoạt động của các cửa khẩu phụ, lối mở và nâng cấp các cặp cửa "
            "khẩu",
        ),
        vao=(
            (
                CHINA,
                "Đoàn công tác Văn phòng Cửa khẩu Khu tự trị dân tộc Choang Quảng Tây do Phó Chủ nhiệm làm trưởng đoàn",
                "Hội đàm tại cửa khẩu quốc tế Hữu Nghị về giải pháp nâng cao năng lực thông "
                "quan, giảm ùn ứ phương tiện",
            ),
            (
                CHINA,
                "Đoàn công tác Chính quyền thành phố Bằng Tường do Phó Thị trưởng làm trưởng đoàn",
                "Trao đổi về xây dựng cửa khẩu thông minh và Khu hợp tác kinh tế qua biên giới",
            ),
            (
                "Nhật Bản",
                "Đoàn công tác Tổ chức Xúc tiến Thương mại Nhật Bản (JETRO) tại Hà Nội do Phó "
                "Trưởng đại diện làm trưởng đoàn",
                "Tìm hiểu môi trường đầu tư, hạ tầng logistics tại Khu kinh tế cửa khẩu",
            ),
            (
                "Thái Lan",
                "Đoàn doanh nghiệp logistics Thái Lan do Tham tán Thương mại Đại sứ quán Thái "
                "Lan tại Việt Nam làm trưởng đoàn",
                "Khảo sát tuyến vận tải hàng hóa quá cảnh từ Thái Lan qua các cửa khẩu của tỉnh sang Trung Quốc",
            ),
            (
                "Hàn Quốc",
                "Đoàn doanh nghiệp Hàn Quốc do Giám đốc Văn phòng KOTRA Hà Nội làm trưởng đoàn",
                "Tìm hiểu cơ hội đầu tư kho bãi, trung tâm logistics tại Khu kinh tế",
            ),
        ),
        ra=(
            (
                CHINA,
                "Hội đàm với Văn phòng Cửa khẩu Khu tự trị dân tộc Choang Quảng Tây về nâng "
                "cao năng lực thông quan tại các cặp cửa khẩu",
            ),
            (
                CHINA,
                "Làm việc với chính quyền thành phố Bằng Tường về xây dựng cửa khẩu thông minh",
            ),
            (
                "Singapore",
                "Học tập kinh nghiệm quản lý cảng cạn, trung tâm logistics và xúc tiến đầu tư",
            ),
        ),
    ),
    "CAT": _Field(
        domain="bảo đảm an ninh, trật tự",
        focus="phòng, chống tội phạm xuyên biên giới và quản lý xuất nhập cảnh",
        coop=(
            "{S} đã duy trì cơ chế trao đổi thông tin, phối hợp với Sở Công an Khu tự trị dân "
            "tộc Choang Quảng Tây và Cục Công an thành phố Sùng Tả trong đấu tranh phòng, "
            "chống tội phạm ma túy, mua bán người, xuất nhập cảnh trái phép.",
            "Công tác tiếp nhận công dân xuất cảnh trái phép do phía Trung Quốc trao trả được "
            "thực hiện chặt chẽ, đúng quy trình và bảo đảm an toàn phòng, chống dịch.",
            "{S} phối hợp với phía Trung Quốc truy bắt, trao trả đối tượng truy nã, xác minh "
            "nhân thân nạn nhân bị mua bán, góp phần giữ vững an ninh, trật tự khu vực biên "
            "giới.",
            "Công tác quản lý người nước ngoài nhập cảnh, cư trú, hoạt động trên địa bàn tỉnh "
            "được tăng cường, kịp thời phát hiện, xử lý các trường hợp vi phạm.",
        ),
        prop=(
            "pháp luật về xuất cảnh, nhập cảnh, cư trú của người nước ngoài tại Việt Nam",
            "phòng, chống tội phạm mua bán người, ma túy xuyên biên giới",
        ),
        hard=(
            "Tội phạm xuyên quốc gia, nhất là tội phạm ma túy, mua bán người, tổ chức xuất "
            "nhập cảnh trái phép hoạt động ngày càng tinh vi, lợi dụng địa hình biên giới phức "
            "tạp.",
            "Do ảnh hưởng của dịch bệnh, các cuộc hội đàm, gặp gỡ trực tiếp với lực lượng công "
            "an phía Trung Quốc bị hạn chế, chủ yếu trao đổi qua văn bản và điện thoại.",
        ),
        task=(
            "Duy trì cơ chế trao đổi thông tin, phối hợp đấu tranh phòng, chống tội phạm xuyên "
            "biên giới với lực lượng công an phía Quảng Tây.",
            "Tăng cường quản lý xuất nhập cảnh, quản lý người nước ngoài; kiên quyết ngăn chặn "
            "tình trạng xuất nhập cảnh trái phép.",
        ),
        propose=(
            "chỉ đạo các cấp, các ngành tăng cường phối hợp với lực lượng công an trong quản "
            "lý cư trú, xuất nhập cảnh tại khu vực biên giới",
        ),
        vao=(
            (
                CHINA,
                "Đoàn công tác Cục Công an thành phố Sùng Tả do Phó Cục trưởng làm trưởng đoàn",
                "Hội đàm tại cửa khẩu quốc tế Hữu Nghị về phối hợp đấu tranh phòng, chống tội phạm xuyên biên giới",
            ),
            (
                CHINA,
                "Đoàn công tác Sở Công an Khu tự trị dân tộc Choang Quảng Tây do Phó Giám đốc Sở làm trưởng đoàn",
                "Trao đổi về phối hợp phòng, chống tội phạm ma túy, mua bán người và trao trả đối tượng",
            ),
            (
                "Tổ chức Di cư Quốc tế (IOM)",
                "Đoàn công tác Tổ chức Di cư Quốc tế tại Việt Nam do Cán bộ chương trình làm trưởng đoàn",
                "Trao đổi về hỗ trợ nâng cao năng lực nhận diện, bảo vệ nạn nhân bị mua bán",
            ),
            (
                "Văn phòng Liên hợp quốc về Ma túy và Tội phạm (UNODC)",
                "Đoàn chuyên gia UNODC tại Việt Nam do Cán bộ chương trình làm trưởng đoàn",
                "Khảo sát, trao đổi về hỗ trợ trang thiết bị và đào tạo kỹ năng kiểm soát ma túy qua biên giới",
            ),
        ),
        ra=(
            (
                CHINA,
                "Hội đàm với Cục Công an thành phố Sùng Tả về phối hợp phòng, chống tội phạm "
                "xuyên biên giới và trao trả đối tượng",
            ),
            (
                CHINA,
                "Hội đàm với Sở Công an Khu tự trị dân tộc Choang Quảng Tây, đánh giá kết quả "
                "phối hợp và thống nhất kế hoạch năm 2022",
            ),
            (
                "Lào",
                "Trao đổi kinh nghiệm đấu tranh phòng, chống tội phạm ma túy với lực lượng công an nước bạn",
            ),
        ),
        repeat_own=True,
    ),
    "BCHQS": _Field(
        domain="quốc phòng, quân sự địa phương",
        focus=(
            "đối ngoại quốc phòng, giao lưu hữu nghị với lực lượng vũ trang phía Trung Quốc và "
            "hợp tác tìm kiếm người mất tích"
        ),
        coop=(
            "{S} đã tham mưu Tỉnh ủy, UBND tỉnh triển khai công tác đối ngoại quốc phòng đúng "
            "định hướng, duy trì quan hệ hữu nghị với Quân phân khu Sùng Tả (Trung Quốc) theo "
            "hình thức phù hợp với tình hình dịch bệnh.",
            "{S} phối hợp với các cơ quan chức năng triển khai hoạt động hợp tác tìm kiếm "
            "người Mỹ mất tích trong chiến tranh trên địa bàn tỉnh theo kế hoạch của Bộ Quốc "
            "phòng, bảo đảm an toàn, đúng quy định.",
            "Công tác tìm kiếm, quy tập hài cốt liệt sĩ, trao đổi thông tin về mộ liệt sĩ với "
            "các cơ quan liên quan tiếp tục được duy trì.",
            "{S} chỉ đạo lực lượng vũ trang tỉnh phối hợp chặt chẽ với Bộ đội Biên phòng trong "
            "quản lý, bảo vệ biên giới, góp phần xây dựng đường biên giới hòa bình, hữu nghị, "
            "ổn định.",
        ),
        prop=(
            "quan điểm, chính sách đối ngoại quốc phòng của Đảng, Nhà nước",
            "chủ trương xây dựng biên giới hòa bình, hữu nghị, hợp tác và phát triển",
        ),
        hard=(
            "Tình hình dịch bệnh khiến các hoạt động giao lưu hữu nghị quốc phòng biên giới "
            "với phía Trung Quốc phải tạm dừng hoặc chuyển sang hình thức trực tuyến.",
            "Địa hình khu vực tìm kiếm hài cốt quân nhân mất tích phức tạp, thông tin ban đầu "
            "ít, thời gian xảy ra đã lâu.",
        ),
        task=(
            "Tiếp tục tham mưu thực hiện công tác đối ngoại quốc phòng; duy trì quan hệ hữu "
            "nghị với lực lượng vũ trang phía Trung Quốc.",
            "Phối hợp triển khai hoạt động hợp tác tìm kiếm người mất tích trong chiến tranh "
            "bảo đảm an toàn, hiệu quả.",
        ),
        propose=(
            "quan tâm bảo đảm kinh phí cho các hoạt động đối ngoại quốc phòng và hợp tác tìm "
            "kiếm người mất tích trong chiến tranh",
        ),
        vao=(
            (
                "Hoa Kỳ",
                "Đoàn công tác Cơ quan Tìm kiếm tù binh và người mất tích Hoa Kỳ (DPAA) do "
                "Trưởng nhóm khảo sát làm trưởng đoàn",
                "Phối hợp khảo sát, tìm kiếm người Mỹ mất tích trong chiến tranh tại một số địa điểm trên địa bàn tỉnh",
            ),
            (
                CHINA,
                "Đoàn đại biểu Quân phân khu Sùng Tả do Phó Tư lệnh làm trưởng đoàn",
                "Giao lưu hữu nghị, trao đổi về phối hợp giữ gìn ổn định khu vực biên giới",
            ),
        ),
        ra=(
            (
                CHINA,
                "Giao lưu hữu nghị với Quân phân khu Sùng Tả, trao đổi về phối hợp giữ gìn ổn định khu vực biên giới",
            ),
            (
                "Lào",
                "Trao đổi kinh nghiệm về xây dựng lực lượng dân quân tự vệ và công tác quốc phòng địa phương",
            ),
        ),
        repeat_own=True,
    ),
    "BCHBDBP": _Field(
        domain="quản lý, bảo vệ biên giới",
        focus=("quản lý, bảo vệ biên giới và phối hợp với lực lượng quản lý biên giới phía Trung Quốc"),
        coop=(
            "{S} đã duy trì cơ chế hội đàm, gặp gỡ định kỳ với Chi đội Quản lý biên giới Bằng "
            "Tường, Chi đội Quản lý biên giới Ninh Minh và các đơn vị đối diện; phối hợp tuần "
            "tra song phương, xử lý kịp thời các vụ việc xảy ra trên biên giới.",
            "Các đồn biên phòng tiếp tục phối hợp với lực lượng quản lý biên giới phía Trung "
            "Quốc tuyên truyền cho cư dân biên giới hai bên chấp hành Hiệp định về quy chế "
            "quản lý biên giới đất liền Việt Nam - Trung Quốc.",
            "{S} chỉ đạo các đơn vị kiểm soát chặt chẽ người, phương tiện xuất nhập cảnh qua "
            "các cửa khẩu; phối hợp với phía bạn đấu tranh ngăn chặn xuất nhập cảnh trái phép, "
            "buôn lậu qua biên giới.",
            "Hoạt động kết nghĩa giữa các cụm dân cư hai bên biên giới được duy trì theo hình "
            "thức phù hợp, góp phần xây dựng đường biên giới hòa bình, hữu nghị, ổn định.",
        ),
        prop=(
            "Luật Biên phòng Việt Nam, Luật Biên giới quốc gia",
            "các văn kiện pháp lý về biên giới đất liền Việt Nam - Trung Quốc",
        ),
        hard=(
            "Tình trạng xuất nhập cảnh trái phép, buôn lậu qua đường mòn, lối mở vẫn diễn biến "
            "phức tạp; địa hình biên giới hiểm trở, nhiều đường mòn, lối tắt.",
            "Lực lượng biên phòng phải đồng thời thực hiện nhiệm vụ phòng, chống dịch tại các "
            "chốt, tổ công tác trên tuyến biên giới trong thời gian dài.",
        ),
        task=(
            "Duy trì hội đàm, gặp gỡ định kỳ và tuần tra song phương với lực lượng quản lý "
            "biên giới phía Trung Quốc; xử lý kịp thời các vụ việc phát sinh trên biên giới.",
            "Tăng cường kiểm soát xuất nhập cảnh tại các cửa khẩu, đấu tranh hiệu quả với các "
            "loại tội phạm, vi phạm pháp luật trên tuyến biên giới.",
        ),
        propose=(
            "tiếp tục quan tâm đầu tư hạ tầng, trang thiết bị phục vụ công tác quản lý, bảo vệ "
            "biên giới và kiểm soát xuất nhập cảnh",
        ),
        vao=(
            (
                CHINA,
                "Đoàn công tác Chi đội Quản lý biên giới Bằng Tường do Chi đội trưởng làm trưởng đoàn",
                "Hội đàm định kỳ về tình hình quản lý, bảo vệ biên giới và phối hợp xử lý các vụ việc phát sinh",
            ),
            (
                CHINA,
                "Đoàn công tác Chi đội Quản lý biên giới Ninh Minh do Phó Chi đội trưởng làm trưởng đoàn",
                "Trao đổi về phối hợp tuần tra song phương, phòng, chống xuất nhập cảnh trái phép",
            ),
            (
                CHINA,
                "Đoàn công tác Trạm Kiểm tra biên phòng cửa khẩu Hữu Nghị Quan do Trạm trưởng làm trưởng đoàn",
                "Trao đổi về phối hợp kiểm soát xuất nhập cảnh, bảo đảm thông quan thông suốt",
            ),
        ),
        ra=(
            (
                CHINA,
                "Hội đàm với Chi đội Quản lý biên giới Bằng Tường về tình hình quản lý, bảo vệ biên giới",
            ),
            (
                CHINA,
                "Hội đàm với Chi đội Quản lý biên giới Ninh Minh về phối hợp tuần tra song "
                "phương và xử lý vụ việc trên biên giới",
            ),
            (
                CHINA,
                "Hội đàm với Tổng trạm Kiểm tra biên phòng Quảng Tây về phối hợp kiểm soát xuất nhập cảnh",
            ),
        ),
        repeat_own=True,
    ),
}

_GENERIC_FIELD = _Field(
    domain="phụ trách",
    focus="trao đổi kinh nghiệm chuyên môn và tìm kiếm cơ hội hợp tác",
    coop=(
        "{S} đã chủ động tìm hiểu, trao đổi kinh nghiệm với các đối tác nước ngoài trong lĩnh "
        "vực chuyên môn, từng bước mở rộng quan hệ hợp tác phù hợp với chức năng, nhiệm vụ.",
        "Các hoạt động hợp tác quốc tế của {s} được thực hiện đúng quy định về quản lý thống "
        "nhất hoạt động đối ngoại trên địa bàn tỉnh.",
    ),
    prop=("chức năng, nhiệm vụ của đơn vị trong tiến trình hội nhập quốc tế",),
    hard=(
        "Nguồn lực dành cho hoạt động hợp tác quốc tế còn hạn chế, quan hệ với các đối tác "
        "nước ngoài chưa thường xuyên.",
    ),
    task=("Chủ động tìm kiếm, mở rộng quan hệ hợp tác với các đối tác nước ngoài phù hợp với lĩnh vực chuyên môn.",),
    propose=("quan tâm bố trí kinh phí cho các hoạt động hợp tác quốc tế của đơn vị",),
    vao=(),
    ra=(),
)

# Delegations any department might plausibly receive or send.
_GENERIC_VAO: tuple[tuple[str, str, str], ...] = (
    (
        CHINA,
        "Đoàn công tác Văn phòng Ngoại vụ Khu tự trị dân tộc Choang Quảng Tây do Phó Chủ nhiệm làm trưởng đoàn",
        "Trao đổi về tình hình hợp tác giữa hai địa phương, phối hợp phòng, chống dịch và tạo "
        "thuận lợi cho hoạt động thông quan hàng hóa",
    ),
    (
        "Nhật Bản",
        "Đoàn công tác Đại sứ quán Nhật Bản tại Việt Nam do Tham tán làm trưởng đoàn",
        "Tìm hiểu nhu cầu hợp tác và khả năng triển khai các dự án viện trợ không hoàn lại cấp cơ sở",
    ),
    (
        "Tổ chức JICA (Nhật Bản)",
        "Đoàn chuyên gia Cơ quan Hợp tác quốc tế Nhật Bản (JICA) do Trưởng nhóm dự án làm trưởng đoàn",
        "Khảo sát, trao đổi về nhu cầu hỗ trợ kỹ thuật và đào tạo nguồn nhân lực",
    ),
    (
        "Tổ chức KOICA (Hàn Quốc)",
        "Đoàn công tác Cơ quan Hợp tác quốc tế Hàn Quốc (KOICA) do Điều phối viên chương trình làm trưởng đoàn",
        "Trao đổi về các chương trình hỗ trợ phát triển và đào tạo cán bộ",
    ),
    (
        "Liên minh châu Âu (EU)",
        "Đoàn công tác Phái đoàn Liên minh châu Âu tại Việt Nam do Bí thư thứ nhất làm trưởng đoàn",
        "Tìm hiểu tình hình thực thi Hiệp định EVFTA và nhu cầu hỗ trợ kỹ thuật của địa phương",
    ),
    (
        "Ô-xtrây-li-a",
        "Đoàn công tác Đại sứ quán Ô-xtrây-li-a tại Việt Nam do Bí thư thứ nhất làm trưởng đoàn",
        "Trao đổi về các chương trình học bổng và hỗ trợ phát triển nguồn nhân lực",
    ),
)

_GENERIC_RA: tuple[tuple[str, str], ...] = (
    (
        CHINA,
        "Hội đàm, trao đổi với cơ quan đối tác cùng lĩnh vực của Khu tự trị dân tộc Choang "
        "Quảng Tây về kết quả hợp tác và phương hướng phối hợp thời gian tới",
    ),
    (
        "Lào",
        "Thăm, làm việc và trao đổi kinh nghiệm quản lý với các cơ quan chuyên môn của nước bạn",
    ),
    ("Hàn Quốc", "Tham quan, học tập kinh nghiệm và xúc tiến hợp tác trong lĩnh vực phụ trách"),
    ("Nhật Bản", "Tham dự chương trình đào tạo ngắn hạn do phía Nhật Bản tài trợ"),
    ("Thái Lan", "Tham dự hội thảo khu vực và trao đổi kinh nghiệm với các đối tác Thái Lan"),
)

_RESULTS = (
    "Hai bên thống nhất duy trì cơ chế trao đổi thông tin định kỳ",
    "Đoàn đã hoàn thành chương trình công tác theo kế hoạch",
    "Kết quả chuyến công tác đã được báo cáo UBND tỉnh theo quy định",
    "Đoàn tiếp thu được nhiều kinh nghiệm có thể vận dụng tại địa phương",
    "Hai bên đạt được nhận thức chung về các nội dung hợp tác trọng tâm",
)


# --------------------------------------------------------------------------------------------
# District profiles
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _District:
    """Border situation and local specialities of one district-level unit."""

    gate: str = ""
    gates: str = ""
    counterpart: str = ""
    counterpart_deputy: str = ""
    local: tuple[str, ...] = ()
    hard_local: tuple[str, ...] = ()

    @property
    def border(self) -> bool:
        return bool(self.counterpart)


_DISTRICTS: dict[str, _District] = {
    "UBND_TPLS": _District(
        local=(
            "{S} đã đẩy mạnh quảng bá tiềm năng du lịch của các di tích, danh thắng như khu di "
            "tích Nhị Thanh - Tam Thanh, Thành nhà Mạc, chợ Đông Kinh, chuẩn bị các điều kiện "
            "đón khách quốc tế trở lại.",
            "{S} tạo điều kiện thuận lợi cho các doanh nghiệp có vốn đầu tư nước ngoài hoạt "
            "động trên địa bàn, kịp thời tháo gỡ khó khăn liên quan đến thủ tục hành chính.",
        ),
        hard_local=(
            "Hạ tầng du lịch, dịch vụ của thành phố chưa đồng bộ; lượng khách du lịch quốc tế "
            "giảm mạnh do ảnh hưởng của dịch bệnh.",
        ),
    ),
    "UBND_TD": _District(
        gate="cửa khẩu Bình Nghi",
        gates="cửa khẩu Bình Nghi",
        counterpart="huyện Long Châu",
        counterpart_deputy="Phó Huyện trưởng",
    ),
    "UBND_VL": _District(
        gate="cửa khẩu Tân Thanh",
        gates="các cửa khẩu Tân Thanh, Cốc Nam",
        counterpart="thành phố Bằng Tường",
        counterpart_deputy="Phó Thị trưởng",
        local=(
            "{S} phối hợp với các lực lượng chức năng bảo đảm hoạt động xuất khẩu trái cây, "
            "nông sản qua cửa khẩu Tân Thanh, nhất là vào thời điểm chính vụ thu hoạch thanh "
            "long, dưa hấu của các tỉnh phía Nam.",
        ),
    ),
    "UBND_CLOC": _District(
        gate="cửa khẩu quốc tế Hữu Nghị",
        gates="cửa khẩu quốc tế Hữu Nghị và ga đường sắt liên vận quốc tế Đồng Đăng",
        counterpart="thành phố Bằng Tường",
        counterpart_deputy="Phó Thị trưởng",
        local=(
            "{S} phối hợp với Ban Quản lý Khu kinh tế cửa khẩu Đồng Đăng - Lạng Sơn bảo đảm an "
            "ninh, trật tự, vệ sinh môi trường tại khu vực cửa khẩu, nhất là thời điểm phương "
            "tiện chở hàng ùn ứ đầu năm 2022.",
        ),
    ),
    "UBND_LB": _District(
        gate="cửa khẩu Chi Ma",
        gates="cửa khẩu Chi Ma",
        counterpart="huyện Ninh Minh",
        counterpart_deputy="Phó Huyện trưởng",
        local=(
            "{S} quan tâm quảng bá khu du lịch Mẫu Sơn, chuẩn bị các điều kiện đón khách du "
            "lịch quốc tế khi hoạt động du lịch được khôi phục hoàn toàn.",
        ),
    ),
    "UBND_DL": _District(
        gate="cửa khẩu Bắc Xa",
        gates="cửa khẩu Bắc Xa",
        counterpart="huyện Ninh Minh",
        counterpart_deputy="Phó Huyện trưởng",
    ),
    "UBND_VQ": _District(
        local=(
            "{S} tích cực quảng bá sản phẩm hồi của địa phương, kết nối doanh nghiệp thu mua, "
            "chế biến tinh dầu hồi phục vụ xuất khẩu.",
        ),
    ),
    "UBND_BG": _District(
        local=(
            "{S} quan tâm giới thiệu các sản phẩm nông, lâm sản đặc trưng như hồi, quế tới các "
            "doanh nghiệp xuất khẩu và đối tác nước ngoài.",
        ),
    ),
    "UBND_BS": _District(
        local=(
            "{S} đẩy mạnh quảng bá sản phẩm quýt, hồng Bắc Sơn và mô hình du lịch cộng đồng "
            "tại làng Quỳnh Sơn, chuẩn bị các điều kiện đón khách du lịch quốc tế trở lại.",
        ),
    ),
    "UBND_HL": _District(
        local=(
            "{S} tạo điều kiện thuận lợi cho các nhà đầu tư tìm hiểu cơ hội đầu tư vào các "
            "khu, cụm công nghiệp trên địa bàn; đồng thời hỗ trợ người dân tiêu thụ sản phẩm "
            "cây ăn quả.",
        ),
    ),
    "UBND_CL": _District(
        local=(
            "{S} tích cực quảng bá thương hiệu na Chi Lăng, hỗ trợ hợp tác xã đăng ký mã số "
            "vùng trồng, hướng tới xuất khẩu chính ngạch.",
        ),
    ),
}

_BORDER_COOP = (
    "{S} đã duy trì quan hệ hữu nghị với chính quyền {cp} (Quảng Tây, Trung Quốc); trao đổi "
    "thư chúc mừng nhân dịp Tết Nguyên đán, trao đổi thông tin về tình hình dịch bệnh và hoạt "
    "động thông quan hàng hóa.",
    "Hoạt động xuất nhập khẩu qua {gates} được duy trì; {s} phối hợp với các lực lượng chức "
    "năng sắp xếp phương tiện, hạn chế tình trạng ùn ứ, bảo đảm an ninh, trật tự, vệ sinh môi "
    "trường khu vực cửa khẩu.",
    "Các xã biên giới tiếp tục duy trì quan hệ kết nghĩa, giao lưu với các thôn, bản phía "
    "Trung Quốc; cư dân biên giới hai bên chấp hành tốt các quy định về quản lý biên giới.",
    "{S} chỉ đạo các xã biên giới phối hợp chặt chẽ với các đồn biên phòng tuyên truyền người "
    "dân không xuất cảnh trái phép, không tiếp tay cho hoạt động buôn lậu qua biên giới.",
)
_INLAND_COOP = (
    "{S} tích cực phối hợp với các sở, ngành của tỉnh vận động các tổ chức phi chính phủ nước "
    "ngoài hỗ trợ các dự án an sinh xã hội, nước sạch, trường học cho các xã đặc biệt khó khăn.",
    "Công tác quản lý người nước ngoài đến tham quan, làm việc, đầu tư trên địa bàn được thực "
    "hiện chặt chẽ, đúng quy định.",
)
_DISTRICT_VAO = (
    (
        "Nhật Bản",
        "Đoàn công tác Đại sứ quán Nhật Bản tại Việt Nam do Bí thư thứ nhất làm trưởng đoàn",
        "Khảo sát đề xuất dự án viện trợ không hoàn lại cấp cơ sở về xây dựng trường học, công trình nước sạch",
    ),
    (
        "Tổ chức Tầm nhìn Thế giới (World Vision)",
        "Đoàn công tác Tổ chức Tầm nhìn Thế giới tại Việt Nam do Quản lý chương trình làm trưởng đoàn",
        "Làm việc về kết quả chương trình phát triển vùng và kế hoạch hỗ trợ năm 2022",
    ),
    (
        "Tổ chức Plan International",
        "Đoàn công tác Tổ chức Plan International tại Việt Nam do Cán bộ dự án làm trưởng đoàn",
        "Khảo sát nhu cầu hỗ trợ trẻ em, phụ nữ dân tộc thiểu số tại các xã khó khăn",
    ),
    (
        "Tổ chức KOICA (Hàn Quốc)",
        "Đoàn chuyên gia Cơ quan Hợp tác quốc tế Hàn Quốc (KOICA) do Điều phối viên dự án làm trưởng đoàn",
        "Khảo sát nhu cầu hỗ trợ phát triển nông thôn, nâng cao thu nhập cho người dân",
    ),
)
_DISTRICT_RA = (
    (
        CHINA,
        "Tham dự hoạt động xúc tiến thương mại, giới thiệu nông sản đặc trưng của địa phương tại Nam Ninh",
    ),
    (
        "Thái Lan",
        "Tham quan, học tập mô hình du lịch cộng đồng và sản xuất nông nghiệp công nghệ cao",
    ),
    (
        "Hàn Quốc",
        "Học tập kinh nghiệm xây dựng nông thôn mới và phát triển hợp tác xã nông nghiệp",
    ),
)


def _district_field(unit_code: str) -> tuple[_Field, _District]:
    """Build the field profile of a district-level unit from its border situation."""
    info = _DISTRICTS.get(unit_code, _District())
    if info.border:
        cp, dep = info.counterpart, info.counterpart_deputy
        vao = (
            (
                CHINA,
                f"Đoàn đại biểu chính quyền {cp} do {dep} làm trưởng đoàn",
                "Hội đàm về quản lý biên giới, phòng, chống dịch bệnh và tạo thuận lợi thông "
                f"quan hàng hóa qua {info.gate}",
            ),
            (
                CHINA,
                f"Đoàn công tác Cục Thương vụ {cp} do Phó Cục trưởng làm trưởng đoàn",
                "Trao đổi về tình hình thương mại biên giới, hoạt động của chợ biên giới và các lối mở",
            ),
            (
                CHINA,
                f"Đoàn công tác Cục Văn hóa, Thể thao và Du lịch {cp} do Phó Cục trưởng làm trưởng đoàn",
                "Trao đổi về giao lưu văn hóa, thể thao giữa nhân dân hai bên biên giới và khả "
                "năng khôi phục hoạt động du lịch",
            ),
            (
                CHINA,
                f"Đoàn cán bộ một số trấn biên giới thuộc {cp} do Trấn trưởng làm trưởng đoàn",
                "Giao lưu hữu nghị, trao đổi về quản lý cư dân biên giới và hoạt động kết nghĩa các cụm dân cư",
            ),
        )
        ra = (
            (
                CHINA,
                f"Hội đàm với chính quyền {cp} về quản lý biên giới và thúc đẩy thông quan hàng hóa qua {info.gate}",
            ),
            (
                CHINA,
                f"Tham dự hoạt động giao lưu văn hóa, thể thao đầu xuân do chính quyền {cp} tổ chức",
            ),
        )
        profile = _Field(
            domain="đối ngoại địa phương",
            focus=(
                "quản lý biên giới, thúc đẩy giao thương qua cửa khẩu và giao lưu hữu nghị với "
                "chính quyền địa phương phía Trung Quốc"
            ),
            coop=info.local + _BORDER_COOP,
            prop=(
                "quy chế quản lý biên giới, cửa khẩu và các văn kiện pháp lý về biên giới Việt Nam - Trung Quốc",
                "phòng, chống xuất cảnh trái phép, buôn lậu và gian lận thương mại qua biên giới",
            ),
            project=("chủ yếu hỗ trợ xây dựng trường học, công trình nước sạch và phát triển sinh kế cho người dân"),
            hard=(
                "Hoạt động thông quan tại {gates} nhiều thời điểm bị gián đoạn do phía Trung "
                "Quốc áp dụng các biện pháp phòng dịch chặt chẽ, ảnh hưởng đến thu nhập của "
                "người dân và doanh nghiệp trên địa bàn.",
                "Tình trạng xuất nhập cảnh trái phép, buôn lậu qua đường mòn, lối mở vẫn tiềm ẩn diễn biến phức tạp.",
            ),
            task=(
                "Tiếp tục duy trì quan hệ hữu nghị với chính quyền {cp}; phối hợp bảo đảm "
                "thông quan hàng hóa thông suốt qua {gates}.",
                "Chỉ đạo các xã biên giới phối hợp với đồn biên phòng quản lý chặt chẽ đường "
                "biên, mốc giới, ngăn chặn xuất nhập cảnh trái phép.",
            ),
            propose=(
                "quan tâm đầu tư nâng cấp hạ tầng {gate} và kiến nghị các cơ quan có thẩm "
                "quyền trao đổi với phía Trung Quốc sớm khôi phục hoạt động xuất nhập khẩu "
                "bình thường",
            ),
            vao=vao + _DISTRICT_VAO,
            ra=ra + _DISTRICT_RA,
        )
    else:
        profile = _Field(
            domain="đối ngoại địa phương",
            focus=("quảng bá tiềm năng du lịch, xúc tiến tiêu thụ nông sản và vận động nguồn viện trợ"),
            coop=info.local + _INLAND_COOP,
            prop=(
                "chính sách thu hút đầu tư, phát triển du lịch của địa phương",
                "phòng, chống mua bán người, xuất cảnh trái phép",
            ),
            project=("chủ yếu hỗ trợ xây dựng trường học, công trình nước sạch và phát triển sinh kế cho người dân"),
            hard=info.hard_local
            + (
                "Điều kiện tiếp cận các đối tác nước ngoài của địa phương còn ít; nguồn viện "
                "trợ phi chính phủ nước ngoài có xu hướng giảm.",
                "Hạ tầng du lịch, dịch vụ còn hạn chế, chưa đủ sức thu hút khách du lịch quốc tế.",
            ),
            task=(
                "Đẩy mạnh quảng bá, xúc tiến tiêu thụ nông sản đặc trưng của địa phương, từng "
                "bước mở rộng thị trường xuất khẩu.",
                "Tích cực phối hợp vận động các tổ chức phi chính phủ nước ngoài hỗ trợ các dự "
                "án an sinh xã hội trên địa bàn.",
            ),
            propose=(
                "quan tâm giới thiệu các nhà tài trợ, tổ chức phi chính phủ nước ngoài đến "
                "khảo sát, hỗ trợ các dự án trên địa bàn",
            ),
            vao=_DISTRICT_VAO,
            ra=_DISTRICT_RA,
        )
    return profile, info


# --------------------------------------------------------------------------------------------
# Figures
# --------------------------------------------------------------------------------------------

_DEPT_SCALE: dict[str, Any] = {
    "tin": (8, 40),
    "lop": (0, 0, 1, 1, 2),
    "per": (25, 90),
    "dra": (0, 0, 0, 0, 1),
    "ra_size": (2, 6),
    "dvao": (0, 0, 1, 1, 2),
    "vao_size": (2, 8),
    "tt": (0,),
    "hn": (0, 0, 0, 1),
    "da": (0,),
    "von": (1000.0, 10000.0),
    "cg": (0,),
    "cb": (1, 3),
    "kh": (75, 17, 8),
}

_DISTRICT_SCALE: dict[str, Any] = {
    "tin": (20, 90),
    "lop": (1, 1, 2, 3),
    "per": (40, 180),
    "dra": (0, 0, 0, 1),
    "ra_size": (2, 6),
    "dvao": (0, 0, 1, 2),
    "vao_size": (2, 8),
    "tt": (0,),
    "hn": (0,),
    "da": (0, 0, 1, 1, 2),
    "von": (1500.0, 25000.0),
    "cg": (0,),
    "cb": (1, 3),
    "kh": (70, 20, 10),
}

_BORDER_DISTRICT_SCALE: dict[str, Any] = {
    "dra": (0, 1, 1, 2),
    "ra_size": (3, 8),
    "dvao": (1, 2, 3, 4),
    "vao_size": (3, 10),
    "tt": (0, 0, 1),
    "hn": (0, 0, 1),
    "cb": (2, 4),
}

_SCALE_OVERRIDES: dict[str, dict[str, Any]] = {
    "SNV": {"tin": (15, 40), "lop": (0, 1, 1, 2), "dra": (0, 0, 0, 1), "dvao": (0, 0, 1)},
    "STP": {"tin": (10, 35), "lop": (1, 1, 2, 3), "dra": (0,), "dvao": (0, 0, 1), "hn": (0,)},
    "SKHDT": {
        "tin": (20, 60),
        "lop": (1, 2, 3),
        "dra": (0, 1, 1, 2),
        "dvao": (1, 2, 3, 4),
        "tt": (0, 0, 1),
        "hn": (0, 1, 1),
        "da": (3, 4, 5, 6, 7),
        "von": (8000.0, 120000.0),
        "cg": (0, 0, 1),
        "cb": (2, 4),
    },
    "STC": {
        "tin": (8, 25),
        "lop": (0, 0, 1),
        "dra": (0,),
        "dvao": (0, 0, 1),
        "da": (0, 0, 1),
        "von": (3000.0, 20000.0),
        "cb": (1, 2),
    },
    "SCT": {
        "tin": (30, 90),
        "lop": (2, 3, 4),
        "dra": (0, 1, 1, 2),
        "dvao": (1, 2, 3, 4),
        "tt": (0, 0, 1),
        "hn": (0, 1, 1, 2),
        "cb": (2, 4),
    },
    "SNNPTNT": {
        "tin": (20, 60),
        "lop": (1, 2, 3),
        "dra": (0, 0, 1, 1),
        "dvao": (1, 2, 3),
        "tt": (0, 0, 1),
        "hn": (0, 0, 1),
        "da": (1, 2, 3, 4),
        "von": (15000.0, 180000.0),
        "cg": (0, 1, 2, 3),
        "cb": (2, 4),
    },
    "SGTVT": {
        "tin": (10, 35),
        "lop": (0, 1, 1),
        "dra": (0, 0, 1),
        "dvao": (0, 1, 2),
        "hn": (0, 0, 1),
        "da": (1, 1, 2),
        "von": (50000.0, 400000.0),
        "cg": (0, 0, 1, 2),
        "cb": (1, 3),
    },
    "SXD": {
        "tin": (8, 30),
        "lop": (0, 1),
        "dra": (0,),
        "dvao": (0, 0, 1),
        "da": (0, 0, 1),
        "von": (20000.0, 90000.0),
        "cb": (1, 2),
    },
    "STNMT": {
        "tin": (10, 35),
        "lop": (0, 1, 1, 2),
        "dra": (0, 0, 1),
        "dvao": (0, 1, 1, 2),
        "hn": (0, 0, 1),
        "da": (0, 1, 1),
        "von": (3000.0, 25000.0),
        "cg": (0, 0, 1),
    },
    "STTTT": {
        "tin": (180, 420),
        "lop": (1, 2, 3, 4),
        "per": (40, 150),
        "dra": (0, 0, 1),
        "dvao": (0, 1, 2),
        "tt": (0, 0, 1),
        "hn": (0, 0, 1),
        "cb": (2, 4),
    },
    "SLDTBXH": {
        "tin": (20, 55),
        "lop": (1, 2, 3),
        "dra": (0, 0, 1, 1),
        "dvao": (1, 1, 2, 3),
        "tt": (0, 0, 1),
        "da": (0, 1, 1, 2),
        "von": (1500.0, 12000.0),
        "cg": (0, 0, 1),
    },
    "SKHCN": {
        "tin": (10, 40),
        "lop": (0, 1, 1, 2),
        "dra": (0, 0, 1),
        "dvao": (0, 1, 1, 2),
        "tt": (0, 0, 1),
        "hn": (0, 0, 1),
        "da": (0, 0, 1),
        "von": (800.0, 5000.0),
        "cb": (1, 2),
    },
    "SGDDT": {
        "tin": (25, 70),
        "lop": (1, 2, 3),
        "per": (50, 200),
        "dra": (0, 0, 1, 1),
        "dvao": (1, 2, 3),
        "tt": (0, 1, 1),
        "hn": (0, 0, 1),
        "da": (0, 1, 1, 2),
        "von": (2000.0, 15000.0),
        "cg": (2, 3, 4, 5, 6, 8),
        "cb": (2, 3),
    },
    "SYT": {
        "tin": (30, 80),
        "lop": (1, 2, 3, 4),
        "dra": (0, 0, 1),
        "dvao": (1, 2, 3, 4),
        "tt": (0, 0, 1),
        "hn": (0, 1, 1),
        "da": (1, 2, 3),
        "von": (3000.0, 30000.0),
        "cg": (0, 1, 2, 3),
    },
    "SNGV": {
        "tin": (90, 200),
        "lop": (3, 4, 5, 6, 8),
        "per": (40, 130),
        "dra": (1, 2, 3, 4),
        "ra_size": (3, 8),
        "dvao": (4, 5, 6),
        "vao_size": (4, 14),
        "tt": (1, 2, 3),
        "hn": (1, 2, 3, 4),
        "da": (0, 0, 1),
        "von": (800.0, 6000.0),
        "cg": (0, 0, 1, 2),
        "cb": (8, 14),
        "kh": (1, 0, 0),
    },
    "SVHTTDL": {
        "tin": (60, 160),
        "lop": (1, 2, 3),
        "dra": (0, 1, 1, 2),
        "dvao": (1, 2, 3, 4),
        "tt": (0, 0, 1),
        "hn": (0, 1, 1),
        "cb": (2, 4),
    },
    "TTT": {"tin": (5, 20), "lop": (0, 0, 1), "dra": (0,), "dvao": (0, 0, 0, 1), "hn": (0,), "cb": (1, 2)},
    "BDT": {
        "tin": (10, 40),
        "lop": (0, 1, 1, 2),
        "dra": (0,),
        "dvao": (0, 1, 1),
        "da": (0, 0, 1),
        "von": (1000.0, 6000.0),
        "cb": (1, 2),
    },
    "BQLKKT": {
        "tin": (40, 110),
        "lop": (1, 2, 3),
        "dra": (1, 2, 3),
        "ra_size": (3, 8),
        "dvao": (3, 4, 5, 6),
        "vao_size": (4, 12),
        "tt": (0, 1, 1, 2),
        "hn": (1, 2, 3),
        "cb": (3, 6),
        "kh": (90, 10, 0),
    },
    "CAT": {
        "tin": (40, 120),
        "lop": (1, 2, 3, 4),
        "per": (40, 160),
        "dra": (1, 2, 3, 4),
        "ra_size": (3, 10),
        "dvao": (2, 3, 4, 5, 6),
        "vao_size": (3, 10),
        "tt": (0, 1, 1),
        "hn": (0, 1, 2),
        "cb": (3, 8),
    },
    "BCHQS": {
        "tin": (25, 70),
        "lop": (1, 2, 3),
        "dra": (1, 1, 2, 3),
        "ra_size": (3, 8),
        "dvao": (1, 2, 3, 4),
        "vao_size": (3, 9),
        "tt": (0, 0, 1),
        "hn": (0, 0, 1),
        "cb": (2, 5),
    },
    "BCHBDBP": {
        "tin": (50, 140),
        "lop": (2, 3, 4, 5),
        "per": (40, 160),
        "dra": (2, 3, 4),
        "ra_size": (4, 12),
        "dvao": (3, 4, 5, 6),
        "vao_size": (4, 12),
        "tt": (0, 1, 1, 2),
        "hn": (1, 2, 3),
        "cb": (4, 9),
    },
    "UBND_TPLS": {"tin": (40, 120), "dra": (0, 0, 1), "dvao": (1, 1, 2, 3), "da": (0, 1, 1, 2), "cb": (2, 4)},
}


def _scale(unit_code: str, group: str) -> dict[str, Any]:
    if _is_district(unit_code, group):
        scale = dict(_DISTRICT_SCALE)
        if _DISTRICTS.get(unit_code, _District()).border:
            scale.update(_BORDER_DISTRICT_SCALE)
    else:
        scale = dict(_DEPT_SCALE)
    scale.update(_SCALE_OVERRIDES.get(unit_code, {}))
    return scale


def unit_figures(unit_code: str, group: str, rng: random.Random) -> dict[str, Any]:
    """Indicator values for one unit, keyed by indicator code from the YAML.

    Args:
        unit_code: The unit's code from the units file.
        group: The unit's group ("Sở, ban, ngành" or "UBND cấp huyện").
        rng: Source of randomness; the result is deterministic given its state.

    Returns:
        Values satisfying the form's bounds and rules: integers as ``int``, ``von_du_an`` a
        float with one decimal, ``ty_le_giai_ngan`` a float or None, ``ngay_ke_hoach`` a
        ``datetime.date`` or None.
    """
    sc = _scale(unit_code, group)
    tin_bai = rng.randint(*sc["tin"])
    lop = rng.choice(sc["lop"])
    nguoi_tap_huan = sum(rng.randint(*sc["per"]) for _ in range(lop))
    doan_ra = rng.choice(sc["dra"])
    nguoi_ra = sum(rng.randint(*sc["ra_size"]) for _ in range(doan_ra))
    doan_vao = rng.choice(sc["dvao"])
    nguoi_vao = sum(rng.randint(*sc["vao_size"]) for _ in range(doan_vao))
    thoa_thuan = rng.choice(sc["tt"])
    hoi_nghi_qt = rng.choice(sc["hn"])
    du_an = rng.choice(sc["da"])
    von_du_an = round(sum(rng.uniform(*sc["von"]) for _ in range(du_an)), 1)
    ty_le = round(rng.uniform(18.0, 78.0), 1) if du_an else None
    chuyen_gia = rng.choice(sc["cg"])
    can_bo = rng.randint(*sc["cb"])
    ke_hoach = rng.choices(PLAN_CHOICES, weights=sc["kh"])[0]
    ngay = None
    if ke_hoach == PLAN_ISSUED:
        ngay = PLAN_FIRST_DAY + timedelta(days=rng.randint(0, PLAN_LAST_OFFSET))
    return {
        "tin_bai": tin_bai,
        "lop_tap_huan": lop,
        "nguoi_tap_huan": nguoi_tap_huan,
        "doan_ra": doan_ra,
        "nguoi_ra": nguoi_ra,
        "doan_vao": doan_vao,
        "nguoi_vao": nguoi_vao,
        "thoa_thuan": thoa_thuan,
        "hoi_nghi_qt": hoi_nghi_qt,
        "du_an": du_an,
        "von_du_an": float(von_du_an) if du_an else 0.0,
        "ty_le_giai_ngan": ty_le,
        "chuyen_gia": chuyen_gia,
        "ke_hoach": ke_hoach,
        "ngay_ke_hoach": ngay,
        "can_bo_phu_trach": can_bo,
    }


# --------------------------------------------------------------------------------------------
# Narratives
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Ctx:
    """Everything the sentence builders need to know about the unit."""

    name: str
    s: str
    S: str
    kind: str
    scope: str
    audience: str
    subunits: str
    site: str
    media: str
    prof: _Field
    district: _District | None
    is_sngv: bool

    def fill(self, template: str) -> str:
        """Fill a profile template with this unit's names."""
        d = self.district or _District()
        return template.format_map({"s": self.s, "S": self.S, "cp": d.counterpart, "gate": d.gate, "gates": d.gates})

    @property
    def border(self) -> bool:
        return self.kind == "security" or (self.district is not None and self.district.border)


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _context(unit_code: str, unit_name: str, group: str) -> _Ctx:
    unit = _unit_info(unit_code, unit_name, group)
    district: _District | None = None
    if unit.kind == "district":
        prof, district = _district_field(unit_code)
        place = "thành phố" if "thành phố" in unit.name else "huyện"
        wards = "UBND các phường, xã" if place == "thành phố" else "UBND các xã, thị trấn"
        scope = "địa phương"
        audience = "cán bộ, công chức và Nhân dân trên địa bàn"
        subunits = f"các cơ quan chuyên môn và {wards}"
        site = f"Trang thông tin điện tử của {place}"
    else:
        prof = _FIELDS.get(unit_code, _GENERIC_FIELD)
        scope = "đơn vị" if unit.kind == "security" else "ngành"
        audience = "cán bộ, chiến sĩ" if unit.kind == "security" else "cán bộ, công chức, viên chức và người lao động"
        subunits = "các phòng, đơn vị trực thuộc"
        site = f"Trang thông tin điện tử của {unit.short}"
    return _Ctx(
        name=unit.name,
        s=unit.short,
        S=_cap(unit.short),
        kind=unit.kind,
        scope=scope,
        audience=audience,
        subunits=subunits,
        site=site,
        media=unit.media,
        prof=prof,
        district=district,
        is_sngv=unit_code == "SNGV",
    )


def _n(value: Any) -> str:
    """Integer the Vietnamese way: 1.234."""
    return f"{int(value):,}".replace(",", ".")


def _dec(value: Any) -> str:
    """Decimal the Vietnamese way: 1.234,5 (no decimals when whole)."""
    text = f"{float(value):,.1f}".replace(",", " ").replace(".", ",").replace(" ", ".")
    return text[:-2] if text.endswith(",0") else text


def _day(value: date) -> str:
    return f"{value.day:02d}/{value.month:02d}/{value.year}"


def _int(figures: dict[str, Any], code: str) -> int:
    value = figures.get(code)
    return int(value) if isinstance(value, int | float) else 0


def _words(paragraphs: Sequence[Sequence[str]]) -> int:
    return sum(len(sentence.split()) for para in paragraphs for sentence in para)


def _assemble(
    paragraphs: list[list[str]],
    shorter: Sequence[tuple[str, str]] = (),
    extra: Sequence[str] = (),
) -> str:
    """Join paragraphs (one per line), keeping the text within the target word range.

    While the text is too long, each ``(sentence, replacement)`` pair of ``shorter`` is applied
    in order: the sentence is replaced by a shorter one, or dropped when the replacement is
    empty (never emptying a paragraph). While it is too short, sentences of ``extra`` are
    appended to the last paragraph.
    """
    paras = [list(p) for p in paragraphs if p]
    for sentence, replacement in shorter:
        if _words(paras) <= MAX_WORDS:
            break
        for para in paras:
            if sentence not in para:
                continue
            if replacement:
                para[para.index(sentence)] = replacement
            elif len(para) > 1:
                para.remove(sentence)
            break
    while _words(paras) > MAX_WORDS:
        # Last resort: drop the longest sentence that cites no figure.
        spare = [
            (len(sentence.split()), i, j)
            for i, para in enumerate(paras)
            if len(para) > 1
            for j, sentence in enumerate(para)
            if not _cites_figure(sentence)
        ]
        if not spare:
            break
        _, i, j = max(spare)
        del paras[i][j]
    for sentence in extra:
        if _words(paras) >= MIN_WORDS:
            break
        paras[-1].append(sentence)
    return "\n".join(" ".join(p) for p in paras)


def _cites_figure(sentence: str) -> bool:
    """Whether a sentence holds a number other than the fixed ones of every report."""
    for fixed in ("COVID-19", "2021", "2022", "6 tháng"):
        sentence = sentence.replace(fixed, "")
    return any(ch.isdigit() for ch in sentence)


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


_GENERIC_TOPICS = (
    "chủ trương của Đảng, chính sách, pháp luật của Nhà nước về hội nhập quốc tế",
    "các cam kết trong các hiệp định thương mại tự do thế hệ mới như CPTPP, EVFTA và Hiệp định "
    "RCEP vừa có hiệu lực từ đầu năm 2022",
    "quy định về quản lý thống nhất hoạt động đối ngoại trên địa bàn tỉnh",
    "quan hệ hữu nghị, hợp tác giữa tỉnh Lạng Sơn và Khu tự trị dân tộc Choang Quảng Tây (Trung Quốc)",
    "các biện pháp phòng, chống dịch COVID-19 trong tình hình mới",
)


def _tuyen_truyen(ctx: _Ctx, fig: dict[str, Any], rng: random.Random) -> str:
    s, S, name, prof = ctx.s, ctx.S, ctx.name, ctx.prof
    tin = _int(fig, "tin_bai")
    lop = _int(fig, "lop_tap_huan")
    nguoi = _int(fig, "nguoi_tap_huan")
    plan = fig.get("ke_hoach")
    plan_day = fig.get("ngay_ke_hoach")

    p1: list[str] = []
    if plan == PLAN_ISSUED and isinstance(plan_day, date):
        d = _day(plan_day)
        opening = "Ngay từ đầu năm" if plan_day.month <= 2 else "Trong kỳ"
        p1.append(
            rng.choice(
                [
                    f"Thực hiện chỉ đạo của UBND tỉnh, ngày {d}, {name} đã ban hành Kế hoạch thực hiện "
                    "công tác hội nhập quốc tế năm 2022, trong đó xác định thông tin, tuyên truyền là "
                    "nhiệm vụ trọng tâm, thường xuyên.",
                    f"{opening}, {s} đã ban hành Kế hoạch thực hiện công tác hội nhập quốc tế năm 2022 "
                    f"(ngày {d}), phân công nhiệm vụ cụ thể cho {ctx.subunits} và gắn với chương trình "
                    "công tác năm.",
                    f"Trong 6 tháng đầu năm 2022, {name} đã quán triệt các chủ trương của Đảng, chính "
                    "sách, pháp luật của Nhà nước về hội nhập quốc tế; ban hành Kế hoạch thực hiện "
                    f"công tác hội nhập quốc tế năm 2022 ngày {d} và chỉ đạo {ctx.subunits} tổ chức "
                    "thực hiện nghiêm túc.",
                ]
            )
        )
    elif plan == PLAN_DRAFTING:
        p1.append(
            rng.choice(
                [
                    f"Trong 6 tháng đầu năm 2022, {name} đang hoàn thiện dự thảo Kế hoạch thực hiện "
                    "công tác hội nhập quốc tế năm 2022; trong thời gian chờ ban hành, các nhiệm vụ "
                    "thông tin, tuyên truyền vẫn được lồng ghép trong chương trình công tác chung của "
                    f"{s}.",
                    f"{name} đang tổ chức lấy ý kiến {ctx.subunits} để hoàn thiện, ban hành Kế hoạch "
                    "thực hiện công tác hội nhập quốc tế năm 2022; tuy vậy, công tác thông tin, tuyên "
                    "truyền vẫn được duy trì thường xuyên.",
                ]
            )
        )
    else:
        p1.append(
            rng.choice(
                [
                    f"Trong 6 tháng đầu năm 2022, {name} chưa ban hành kế hoạch riêng về công tác hội "
                    "nhập quốc tế năm 2022; các nhiệm vụ thông tin, tuyên truyền được lồng ghép trong "
                    f"chương trình công tác năm của {s}.",
                    "Do tập trung cho công tác phòng, chống dịch COVID-19 và các nhiệm vụ chuyên môn, "
                    f"{name} chưa ban hành Kế hoạch thực hiện công tác hội nhập quốc tế năm 2022; tuy "
                    "nhiên, công tác thông tin, tuyên truyền vẫn được quan tâm thực hiện.",
                ]
            )
        )
    props = rng.sample(prof.prop, len(prof.prop))
    topics = [*rng.sample(_GENERIC_TOPICS, 2), props[0]]
    topic_sentence = rng.choice(
        [
            "Nội dung tuyên truyền tập trung vào: " + "; ".join(topics) + ".",
            "Các nội dung được chú trọng tuyên truyền gồm: " + "; ".join(topics) + ".",
        ]
    )
    p1.append(topic_sentence)

    p2: list[str] = []
    if tin > 0:
        p2.append(
            rng.choice(
                [
                    f"{S} đã đăng tải {_n(tin)} tin, bài về hội nhập quốc tế trên {ctx.site}; đồng thời "
                    f"chia sẻ qua hệ thống thư điện tử công vụ và các nhóm Zalo để {ctx.audience} kịp "
                    "thời nắm bắt.",
                    "Hình thức tuyên truyền tiếp tục được đổi mới, gắn với ứng dụng công nghệ thông "
                    f"tin; trong kỳ, {s} đã biên tập, đăng tải {_n(tin)} tin, bài trên {ctx.site} và "
                    f"phối hợp với {ctx.media} đưa tin về các hoạt động hợp tác quốc tế của {ctx.scope}.",
                    f"Thông qua {ctx.site} và {ctx.media}, {s} đã đăng tải {_n(tin)} tin, bài tuyên "
                    f"truyền về hội nhập quốc tế, thu hút sự quan tâm của đông đảo {ctx.audience}.",
                ]
            )
        )
    else:
        p2.append(
            f"Trong kỳ, {s} chưa đăng tải tin, bài riêng về hội nhập quốc tế; việc tuyên truyền "
            "chủ yếu thực hiện qua hội nghị, văn bản chỉ đạo và hệ thống thư điện tử công vụ."
        )
    train = props[-1]
    if lop > 0:
        p2.append(
            rng.choice(
                [
                    f"{S} đã tổ chức {_n(lop)} hội nghị, lớp tập huấn với {_n(nguoi)} lượt người tham "
                    f"dự, tập trung phổ biến {train}.",
                    f"Trong kỳ, {s} chủ trì tổ chức {_n(lop)} hội nghị, lớp tập huấn, bồi dưỡng kiến "
                    f"thức hội nhập quốc tế với {_n(nguoi)} lượt người tham dự; hình thức tổ chức kết "
                    "hợp trực tiếp và trực tuyến, phù hợp với yêu cầu phòng, chống dịch.",
                    f"Công tác bồi dưỡng kiến thức được chú trọng với {_n(lop)} hội nghị, lớp tập huấn "
                    f"được tổ chức, thu hút {_n(nguoi)} lượt người tham dự; nội dung tập trung vào "
                    f"{train}.",
                ]
            )
        )
    else:
        p2.append(
            rng.choice(
                [
                    f"Do ảnh hưởng của dịch COVID-19, {s} chưa tổ chức hội nghị, lớp tập huấn riêng về "
                    "hội nhập quốc tế; nội dung này được lồng ghép trong các cuộc họp giao ban, sinh "
                    f"hoạt chuyên đề, đồng thời {s} cử cán bộ tham dự các lớp bồi dưỡng do Sở Ngoại vụ "
                    "tổ chức.",
                    f"Trong kỳ, {s} không tổ chức hội nghị, lớp tập huấn chuyên đề về hội nhập quốc tế "
                    f"mà lồng ghép nội dung tuyên truyền vào các hội nghị chuyên môn của {ctx.scope}.",
                ]
            )
        )

    p3 = [
        rng.choice(
            [
                "Nhìn chung, công tác thông tin, tuyên truyền về hội nhập quốc tế được triển khai kịp "
                f"thời, nội dung phong phú, góp phần nâng cao nhận thức của {ctx.audience} về cơ hội và "
                "thách thức của quá trình hội nhập.",
                f"Qua đó, nhận thức của {ctx.audience} về vai trò, ý nghĩa của hội nhập quốc tế từng "
                "bước được nâng lên, tạo sự đồng thuận trong triển khai các nhiệm vụ chính trị của "
                f"{ctx.scope}.",
                f"Công tác tuyên truyền đã bám sát nhiệm vụ chính trị của {ctx.scope}, góp phần tạo sự "
                "thống nhất trong nhận thức và hành động, nhất là trong bối cảnh các hiệp định thương "
                "mại tự do thế hệ mới được thực thi sâu rộng.",
            ]
        )
    ]
    border_sentence = (
        "Người dân khu vực biên giới hiểu rõ hơn các quy định về quản lý biên giới, xuất nhập "
        "cảnh, qua đó tích cực tham gia bảo vệ chủ quyền lãnh thổ, an ninh biên giới."
    )
    if ctx.border and rng.random() < 0.6:
        p3.append(border_sentence)
    extra = (
        "Việc tuyên truyền được thực hiện thường xuyên, liên tục, bảo đảm đúng định hướng và "
        "phù hợp với từng nhóm đối tượng.",
    )
    return _assemble([p1, p2, p3], [(border_sentence, ""), (topic_sentence, "")], extra)


def _hop_tac(ctx: _Ctx, fig: dict[str, Any], rng: random.Random) -> str:
    s, S, name, prof = ctx.s, ctx.S, ctx.name, ctx.prof
    dra, nra = _int(fig, "doan_ra"), _int(fig, "nguoi_ra")
    dvao, nvao = _int(fig, "doan_vao"), _int(fig, "nguoi_vao")
    tt, hn = _int(fig, "thoa_thuan"), _int(fig, "hoi_nghi_qt")
    da, cg = _int(fig, "du_an"), _int(fig, "chuyen_gia")

    p1 = [
        rng.choice(
            [
                "Trong 6 tháng đầu năm 2022, trong bối cảnh dịch COVID-19 cơ bản được kiểm soát nhưng "
                f"phía Trung Quốc vẫn duy trì chính sách phòng dịch chặt chẽ, {name} đã chủ động duy "
                f"trì các kênh hợp tác trong lĩnh vực {prof.domain} theo hình thức phù hợp.",
                f"Hoạt động hợp tác quốc tế trong lĩnh vực {prof.domain} của {s} tiếp tục được duy trì, "
                f"bám sát chủ trương đối ngoại của tỉnh và gắn với nhiệm vụ chính trị của {ctx.scope}.",
                f"Thực hiện chủ trương của tỉnh về chủ động, tích cực hội nhập quốc tế, {name} đã triển "
                f"khai các hoạt động hợp tác quốc tế trong lĩnh vực {prof.domain} một cách thận trọng, "
                "hiệu quả, phù hợp với tình hình thực tế.",
            ]
        )
    ]
    coop = [ctx.fill(t) for t in rng.sample(prof.coop, min(rng.choice((1, 2)), len(prof.coop)))]
    p1 += coop

    focus = prof.focus
    p2_short: dict[str, str] = {}
    if dra and dvao:
        p2 = [
            rng.choice(
                [
                    f"Về đoàn ra, đoàn vào: {s} đã cử {_n(dra)} đoàn ra với {_n(nra)} lượt người đi "
                    f"công tác nước ngoài và đón {_n(dvao)} đoàn vào với {_n(nvao)} lượt khách quốc tế "
                    "đến làm việc; các đoàn đều được thực hiện đúng quy định về quản lý hoạt động đối "
                    "ngoại, bảo đảm an toàn phòng, chống dịch.",
                    f"Trong kỳ, {s} đã tổ chức {_n(dra)} đoàn ra với {_n(nra)} lượt người; tiếp và làm "
                    f"việc với {_n(dvao)} đoàn vào với {_n(nvao)} lượt khách quốc tế. Nội dung làm việc "
                    f"tập trung vào {focus}; sau mỗi chuyến công tác đều có báo cáo kết quả theo quy "
                    "định.",
                    f"Công tác đoàn ra, đoàn vào được quản lý chặt chẽ: {s} đã cử {_n(dra)} đoàn ra với "
                    f"{_n(nra)} lượt người đi công tác nước ngoài và đón {_n(dvao)} đoàn vào với "
                    f"{_n(nvao)} lượt khách quốc tế, chủ yếu trao đổi về {focus}.",
                ]
            )
        ]
    elif dvao:
        p2 = [
            rng.choice(
                [
                    f"Do tình hình dịch bệnh và các quy định về xuất nhập cảnh, {s} không cử đoàn ra; "
                    f"trong kỳ đã đón {_n(dvao)} đoàn vào với {_n(nvao)} lượt khách quốc tế đến làm "
                    f"việc, tập trung trao đổi về {focus}.",
                    f"Trong kỳ, {s} không có đoàn đi công tác nước ngoài; đã tiếp và làm việc với "
                    f"{_n(dvao)} đoàn vào với {_n(nvao)} lượt khách quốc tế, bảo đảm đúng quy định về "
                    "quản lý hoạt động đối ngoại và an toàn phòng, chống dịch.",
                ]
            )
        ]
    elif dra:
        p2 = [
            rng.choice(
                [
                    f"Về đoàn ra, {s} đã cử {_n(dra)} đoàn ra với {_n(nra)} lượt người đi công tác nước "
                    f"ngoài, nội dung tập trung vào {focus}; trong kỳ không có đoàn nước ngoài đến làm "
                    f"việc với {s}.",
                    f"Trong kỳ, {s} đã tổ chức {_n(dra)} đoàn ra với {_n(nra)} lượt người, đúng kế "
                    f"hoạch và quy định về quản lý đoàn ra; {s} không đón đoàn vào do các đối tác chưa "
                    "bố trí được lịch làm việc trực tiếp.",
                ]
            )
        ]
    else:
        p2 = [
            rng.choice(
                [
                    "Do ảnh hưởng của dịch COVID-19 và các quy định về kiểm soát xuất nhập cảnh, trong "
                    f"kỳ {s} không cử đoàn ra và không đón đoàn vào; việc trao đổi với các đối tác nước "
                    "ngoài chủ yếu được thực hiện qua hình thức trực tuyến, thư điện tử.",
                    f"Trong kỳ, {s} không có đoàn ra, đoàn vào; các hoạt động trao đổi về {focus} được "
                    "duy trì qua các kênh thông tin chính thức và hình thức trực tuyến.",
                ]
            )
        ]
    if dra or dvao:
        bits = []
        if dra:
            bits.append(f"cử {_n(dra)} đoàn ra với {_n(nra)} lượt người")
        if dvao:
            bits.append(f"đón {_n(dvao)} đoàn vào với {_n(nvao)} lượt khách quốc tế")
        p2_short[p2[0]] = f"Trong kỳ, {s} đã " + " và ".join(bits) + "."

    parts = []
    if tt:
        parts.append(f"ký kết {_n(tt)} thỏa thuận quốc tế")
    if hn:
        parts.append(f"tổ chức {_n(hn)} hội nghị, hội thảo quốc tế")
    p3_short = f"Trong kỳ, {s} đã " + " và ".join(parts) + "."
    if tt and hn:
        p3 = [
            rng.choice(
                [
                    f"{S} đã ký kết {_n(tt)} thỏa thuận quốc tế và tổ chức {_n(hn)} hội nghị, hội thảo "
                    "quốc tế, bảo đảm đúng trình tự, thủ tục theo quy định của Luật Thỏa thuận quốc tế "
                    "và quy định về quản lý hội nghị, hội thảo quốc tế.",
                    f"Trong kỳ, {s} đã ký kết {_n(tt)} thỏa thuận quốc tế với các đối tác nước ngoài "
                    "sau khi có ý kiến thống nhất của các cơ quan liên quan; đồng thời tổ chức "
                    f"{_n(hn)} hội nghị, hội thảo quốc tế theo hình thức trực tiếp kết hợp trực tuyến.",
                ]
            )
        ]
    elif tt:
        p3 = [
            f"{S} đã ký kết {_n(tt)} thỏa thuận quốc tế, bảo đảm đúng trình tự, thủ tục theo quy "
            "định của Luật Thỏa thuận quốc tế; trong kỳ chưa tổ chức hội nghị, hội thảo quốc tế."
        ]
    elif hn:
        p3 = [
            rng.choice(
                [
                    f"{S} đã tổ chức {_n(hn)} hội nghị, hội thảo quốc tế theo đúng quy định; trong kỳ "
                    "không phát sinh việc ký kết thỏa thuận quốc tế mới.",
                    f"Trong kỳ, {s} tổ chức {_n(hn)} hội nghị, hội thảo quốc tế theo hình thức trực "
                    "tiếp kết hợp trực tuyến, bảo đảm đúng nội dung đã được phê duyệt; không ký kết "
                    "thỏa thuận quốc tế mới.",
                ]
            )
        ]
    else:
        p3 = [
            rng.choice(
                [
                    f"Trong kỳ, {s} không ký kết thỏa thuận quốc tế và không tổ chức hội nghị, hội thảo quốc tế.",
                    f"{S} chưa phát sinh việc ký kết thỏa thuận quốc tế hay tổ chức hội nghị, hội thảo "
                    "quốc tế trong kỳ báo cáo.",
                ]
            )
        ]

    shorter: list[tuple[str, str]] = [(coop[-1], "")] if len(coop) > 1 else []
    p4: list[str] = []
    if da:
        von = _dec(fig.get("von_du_an") or 0)
        rate = fig.get("ty_le_giai_ngan")
        short = (
            f"{S} đang thực hiện {_n(da)} chương trình, dự án sử dụng vốn nước ngoài với tổng giá trị {von} triệu đồng."
        )
        desc = f", {prof.project}" if prof.project else ""
        sentence = rng.choice(
            [
                f"Hiện nay, {s} đang quản lý, thực hiện {_n(da)} chương trình, dự án sử dụng vốn "
                f"ODA, vốn vay ưu đãi và viện trợ phi chính phủ nước ngoài với tổng giá trị {von} "
                f"triệu đồng{desc}.",
                f"Về các chương trình, dự án sử dụng vốn nước ngoài: {s} đang triển khai {_n(da)} "
                f"chương trình, dự án với tổng giá trị {von} triệu đồng{desc}.",
            ]
        )
        p4.append(sentence)
        shorter.append((sentence, short))
        if isinstance(rate, int | float):
            p4.append(
                rng.choice(
                    [
                        f"Tỷ lệ giải ngân bình quân đạt {_dec(rate)}% so với kế hoạch vốn năm 2022.",
                        f"Đến thời điểm báo cáo, tỷ lệ giải ngân bình quân đạt {_dec(rate)}% kế hoạch vốn năm 2022.",
                    ]
                )
            )
    else:
        p4.append(
            f"{S} hiện không có chương trình, dự án sử dụng vốn ODA, vốn vay ưu đãi hoặc viện "
            "trợ phi chính phủ nước ngoài đang thực hiện."
        )
    if not da and not cg:
        p3 += p4
        p4 = []
    if cg:
        sentence = rng.choice(
            [
                f"Hiện có {_n(cg)} chuyên gia, tình nguyện viên nước ngoài đang làm việc tại {s} và "
                "các đơn vị trực thuộc; việc quản lý chuyên gia, tình nguyện viên được thực hiện "
                "chặt chẽ, đúng quy định.",
                f"{S} đang tiếp nhận {_n(cg)} chuyên gia, tình nguyện viên nước ngoài làm việc theo "
                "các chương trình hợp tác, phối hợp với các cơ quan chức năng quản lý theo quy "
                "định.",
            ]
        )
        p4.append(sentence)
        short = f"Hiện có {_n(cg)} chuyên gia, tình nguyện viên nước ngoài đang làm việc tại {s}."
        shorter.append((sentence, short))
    if p2[0] in p2_short:
        shorter.append((p2[0], p2_short[p2[0]]))
    if tt or hn:
        shorter.append((p3[0], p3_short))
    shorter += [(t, "") for t in coop[:1]]
    extra = (
        f"Các hoạt động hợp tác quốc tế của {s} đều được thực hiện đúng quy định, góp phần nâng "
        "cao vị thế, hình ảnh của tỉnh Lạng Sơn.",
    )
    return _assemble([p1, p2, p3, p4], shorter, extra)


_GENERIC_HARD = (
    "Dịch COVID-19 tuy đã cơ bản được kiểm soát trong nước nhưng phía Trung Quốc vẫn duy trì "
    "chính sách phòng dịch nghiêm ngặt, khiến các hoạt động giao lưu, gặp gỡ trực tiếp với các "
    "đối tác Quảng Tây bị hạn chế, nhiều hoạt động phải chuyển sang hình thức trực tuyến hoặc "
    "tạm hoãn.",
    "Các hoạt động hợp tác qua hình thức trực tuyến có lúc chưa đạt hiệu quả như mong muốn do "
    "hạn chế về đường truyền, thiết bị và rào cản ngôn ngữ.",
    "Các đối tác nước ngoài điều chỉnh kế hoạch, thu hẹp quy mô hoạt động do tác động của dịch "
    "bệnh, ảnh hưởng đến tiến độ triển khai một số nội dung hợp tác.",
)


def _kho_khan(ctx: _Ctx, fig: dict[str, Any], rng: random.Random) -> str:
    s, S, prof = ctx.s, ctx.S, ctx.prof
    cb = _int(fig, "can_bo_phu_trach")
    p1 = [
        rng.choice(
            [
                f"Bên cạnh những kết quả đạt được, công tác hội nhập quốc tế của {s} vẫn còn một số khó "
                "khăn, vướng mắc.",
                "Bên cạnh những kết quả đạt được, quá trình triển khai công tác hội nhập quốc tế trong "
                "6 tháng đầu năm 2022 còn gặp một số khó khăn, hạn chế.",
                f"Mặc dù đã có nhiều cố gắng, công tác hội nhập quốc tế của {s} trong kỳ vẫn còn những "
                "khó khăn, vướng mắc nhất định.",
            ]
        )
    ]
    generic_hard = rng.choice(_GENERIC_HARD)
    p1.append(generic_hard)
    p2 = [ctx.fill(t) for t in rng.sample(prof.hard, min(rng.choice((1, 2)), len(prof.hard)))]
    p3: list[str] = []
    if cb == 0:
        p3.append(f"{S} chưa bố trí cán bộ theo dõi riêng công tác hội nhập quốc tế.")
    elif cb <= 4:
        p3.append(
            rng.choice(
                [
                    f"Đội ngũ cán bộ làm công tác hội nhập quốc tế còn mỏng, hiện {s} có {_n(cb)} cán "
                    "bộ phụ trách nhưng chủ yếu kiêm nhiệm; trình độ ngoại ngữ, kỹ năng đàm phán và xử "
                    "lý các vấn đề quốc tế còn hạn chế.",
                    f"Công tác hội nhập quốc tế do {_n(cb)} cán bộ kiêm nhiệm phụ trách, phải đồng thời "
                    "thực hiện nhiều nhiệm vụ chuyên môn khác nên việc tham mưu có lúc chưa kịp thời, "
                    "chưa chuyên sâu.",
                ]
            )
        )
    else:
        p3.append(
            rng.choice(
                [
                    f"Số lượng cán bộ phụ trách công tác hội nhập quốc tế ({_n(cb)} người) chưa đáp ứng "
                    "được khối lượng công việc ngày càng lớn; cán bộ có trình độ ngoại ngữ chuyên sâu, "
                    "nhất là tiếng Trung, còn thiếu.",
                    f"Mặc dù {s} đã bố trí {_n(cb)} cán bộ phụ trách công tác hội nhập quốc tế, song "
                    "khối lượng công việc lớn, yêu cầu ngày càng cao nên vẫn còn áp lực.",
                ]
            )
        )
    if fig.get("ke_hoach") != PLAN_ISSUED:
        p3.append(
            "Việc xây dựng, ban hành Kế hoạch thực hiện công tác hội nhập quốc tế năm 2022 của "
            f"{s} còn chậm so với yêu cầu."
        )
    p3.append(
        rng.choice(
            [
                "Nguyên nhân chủ yếu là do tác động kéo dài của dịch COVID-19 và chính sách kiểm soát "
                "chặt chẽ của phía Trung Quốc; bên cạnh đó, kinh phí bố trí cho hoạt động đối ngoại "
                "còn hạn chế, một số cán bộ chưa nhận thức đầy đủ về vai trò của công tác hội nhập "
                "quốc tế.",
                "Về nguyên nhân, ngoài yếu tố khách quan do dịch bệnh, còn có nguyên nhân chủ quan là "
                "công tác phối hợp giữa các cơ quan, đơn vị có lúc chưa chặt chẽ, việc tham mưu một số "
                "nhiệm vụ còn bị động.",
                "Những hạn chế nêu trên có nguyên nhân khách quan từ tình hình dịch bệnh, điều kiện "
                "kinh tế - xã hội còn khó khăn; đồng thời có nguyên nhân chủ quan từ việc chưa chủ "
                "động tìm kiếm, mở rộng quan hệ với các đối tác mới.",
            ]
        )
    )
    extra = tuple(t for t in _GENERIC_HARD if t != generic_hard)
    return _assemble([p1, p2, p3], [(t, "") for t in p2[1:]], extra)


def _nhiem_vu(ctx: _Ctx, fig: dict[str, Any], rng: random.Random) -> str:
    s, prof = ctx.s, ctx.prof
    p1 = [
        rng.choice(
            [
                f"Trong 6 tháng cuối năm 2022, {s} tiếp tục quán triệt, triển khai có hiệu quả các chủ "
                "trương của Đảng, chính sách, pháp luật của Nhà nước về hội nhập quốc tế; đẩy mạnh "
                "thông tin, tuyên truyền với nội dung, hình thức phù hợp với từng đối tượng.",
                f"Trên cơ sở kết quả đạt được, trong 6 tháng cuối năm 2022, {s} tập trung đổi mới nội "
                "dung, hình thức tuyên truyền về hội nhập quốc tế; tổ chức bồi dưỡng kiến thức, kỹ "
                f"năng hội nhập cho {ctx.audience}.",
                f"Bám sát chỉ đạo của UBND tỉnh, {s} xác định nhiệm vụ trọng tâm 6 tháng cuối năm 2022 "
                "là chủ động, tích cực hội nhập quốc tế gắn với thực hiện nhiệm vụ chính trị của "
                f"{ctx.scope}; tăng cường thông tin, tuyên truyền để tạo sự đồng thuận trong triển khai "
                "thực hiện.",
            ]
        )
    ]
    if fig.get("ke_hoach") != PLAN_ISSUED:
        p1.append(
            "Khẩn trương hoàn thiện, ban hành Kế hoạch thực hiện công tác hội nhập quốc tế năm "
            f"2022 của {s} làm cơ sở triển khai các nhiệm vụ trong thời gian còn lại của năm."
        )
    p2 = [ctx.fill(t) for t in prof.task[:2]]
    p3 = [
        rng.choice(
            [
                "Chủ động xây dựng kế hoạch đoàn ra, đoàn vào phù hợp với tình hình dịch bệnh và chính "
                "sách mở cửa của các nước; tăng cường trao đổi với các đối tác để khôi phục các hoạt "
                "động hợp tác bị gián đoạn.",
                "Tiếp tục duy trì, củng cố quan hệ với các đối tác truyền thống, đồng thời tìm kiếm, "
                "mở rộng quan hệ với các đối tác mới; thực hiện nghiêm các quy định về quản lý đoàn "
                "ra, đoàn vào và hội nghị, hội thảo quốc tế.",
            ]
        )
    ]
    if _int(fig, "du_an"):
        p3.append(
            "Đẩy nhanh tiến độ thực hiện, giải ngân các chương trình, dự án sử dụng vốn nước "
            "ngoài, phấn đấu hoàn thành kế hoạch vốn năm 2022."
        )
    if ctx.is_sngv:
        p4 = [
            "Làm tốt vai trò cơ quan tham mưu, tổng hợp kết quả công tác hội nhập quốc tế của "
            "tỉnh, kịp thời báo cáo UBND tỉnh, Bộ Ngoại giao theo quy định."
        ]
    else:
        p4 = [
            rng.choice(
                [
                    "Thực hiện nghiêm chế độ thông tin, báo cáo định kỳ, đột xuất về công tác hội nhập "
                    "quốc tế theo quy định.",
                    "Tăng cường phối hợp với các sở, ngành, địa phương trong triển khai nhiệm vụ hội "
                    "nhập quốc tế; thực hiện đầy đủ, đúng hạn chế độ báo cáo theo quy định.",
                ]
            )
        ]
    training = (
        "Quan tâm đào tạo, bồi dưỡng ngoại ngữ, nghiệp vụ đối ngoại cho đội ngũ cán bộ phụ "
        "trách công tác hội nhập quốc tế."
    )
    if rng.random() < 0.5:
        p4.append(training)
    return _assemble([p1, p2, p3, p4], [(t, "") for t in (training, *p2[1:])])


def _kien_nghi(ctx: _Ctx, fig: dict[str, Any], rng: random.Random) -> str:
    if not ctx.is_sngv and rng.random() < 0.25:
        return ""
    addressee = "UBND tỉnh, các sở, ngành liên quan" if ctx.kind == "district" else "UBND tỉnh"
    p1 = [f"Đề nghị {addressee} {ctx.fill(rng.choice(ctx.prof.propose))}."]
    if rng.random() < 0.5:
        p1.append(
            "Bên cạnh đó, đề nghị quan tâm bố trí kinh phí cho các hoạt động đối ngoại, tạo "
            "điều kiện cho cán bộ tham gia các lớp bồi dưỡng kiến thức hội nhập quốc tế, ngoại "
            "ngữ."
        )
    paras = [p1]
    if ctx.is_sngv:
        paras.append(
            [
                "Đề nghị Bộ Ngoại giao tiếp tục quan tâm hướng dẫn, hỗ trợ tỉnh trong công tác đối "
                "ngoại địa phương, nhất là trao đổi với phía Trung Quốc về việc khôi phục hoạt động "
                "thông quan bình thường tại các cửa khẩu."
            ]
        )
    elif rng.random() < 0.5:
        paras.append(
            [
                rng.choice(
                    [
                        "Đề nghị Sở Ngoại vụ tiếp tục cung cấp tài liệu tuyên truyền, tổ chức các lớp tập "
                        "huấn nghiệp vụ đối ngoại, lễ tân ngoại giao cho cán bộ phụ trách công tác hội "
                        "nhập quốc tế của các đơn vị.",
                        "Đề nghị Sở Ngoại vụ sớm hướng dẫn quy trình, thủ tục đón tiếp đoàn vào trong điều "
                        "kiện mở cửa trở lại sau dịch COVID-19.",
                    ]
                )
            ]
        )
    return "\n".join(" ".join(p) for p in paras)


def unit_narratives(
    unit_code: str, unit_name: str, group: str, figures: dict[str, Any], rng: random.Random
) -> dict[str, str]:
    """Narrative text keyed by section code: tuyen_truyen, hop_tac, kho_khan, nhiem_vu, kien_nghi.

    Args:
        unit_code: The unit's code from the units file.
        unit_name: The unit's full name, used in the text.
        group: The unit's group ("Sở, ban, ngành" or "UBND cấp huyện").
        figures: The unit's figures from :func:`unit_figures`; the text cites them.
        rng: Source of randomness for choosing among alternative sentences.

    Returns:
        One text per section, paragraphs separated by "\\n"; ``kien_nghi`` may be empty.
    """
    ctx = _context(unit_code, unit_name, group)
    texts = {
        "tuyen_truyen": _tuyen_truyen(ctx, figures, rng),
        "hop_tac": _hop_tac(ctx, figures, rng),
        "kho_khan": _kho_khan(ctx, figures, rng),
        "nhiem_vu": _nhiem_vu(ctx, figures, rng),
        "kien_nghi": _kien_nghi(ctx, figures, rng),
    }
    return {code: _nfc(text) for code, text in texts.items()}


# --------------------------------------------------------------------------------------------
# Delegation tables
# --------------------------------------------------------------------------------------------


def _split(total: int, parts: int, rng: random.Random) -> list[int]:
    """Split ``total`` persons into ``parts`` positive sizes (as even as the rng allows)."""
    if parts <= 0:
        return []
    if total < parts:
        total = parts  # figures break the form's rules; keep rows valid regardless
    cuts = sorted(rng.sample(range(1, total), parts - 1)) if parts > 1 else []
    bounds = [0, *cuts, total]
    return [b - a for a, b in zip(bounds, bounds[1:], strict=False)]


def _trips(count: int, rng: random.Random) -> list[tuple[date, date]]:
    """Sorted (start, end) pairs inside the reporting period, 2 to 7 days each."""
    span = (PERIOD_END - PERIOD_START).days
    trips = []
    for _ in range(count):
        length = rng.randint(1, 6)
        start = PERIOD_START + timedelta(days=rng.randint(0, span - length))
        trips.append((start, start + timedelta(days=length)))
    return sorted(trips)


def _pick_rows(
    own: Sequence[Any], generic: Sequence[Any], count: int, repeat_own: bool, rng: random.Random
) -> list[Any]:
    """Choose ``count`` partner entries, the unit's own first, reusing entries if needed."""
    first = list(own)
    rng.shuffle(first)
    second = list(own if repeat_own and own else generic)
    rng.shuffle(second)
    pool = first + second
    if not pool:
        return []
    return [pool[i % len(pool)] for i in range(count)]


def _funding(country: str, rng: random.Random) -> str:
    if country.startswith(("Trung Quốc", "Lào")):
        weights = (9, 0, 1)
    else:
        weights = (5, 4, 1)
    return rng.choices(FUND_CHOICES, weights=weights)[0]


def _profile_for(unit_code: str) -> tuple[_Unit, _Field]:
    unit = _unit_info(unit_code)
    if unit.kind == "district" or unit_code.upper().startswith("UBND"):
        return unit, _district_field(unit_code)[0]
    return unit, _FIELDS.get(unit_code, _GENERIC_FIELD)


def unit_delegations_out(unit_code: str, figures: dict[str, Any], rng: random.Random) -> list[dict[str, Any]]:
    """Rows of table ds_doan_ra (keys = its column codes).

    Args:
        unit_code: The unit's code from the units file.
        figures: The unit's figures; ``doan_ra`` rows are made, persons summing to ``nguoi_ra``.
        rng: Source of randomness.

    Returns:
        One dict per delegation with ten_doan, quoc_gia, tu_ngay, den_ngay, so_nguoi,
        muc_dich and nguon_kinh_phi.
    """
    count = _int(figures, "doan_ra")
    if count <= 0:
        return []
    unit, prof = _profile_for(unit_code)
    sizes = _split(_int(figures, "nguoi_ra"), count, rng)
    entries = _pick_rows(prof.ra, _GENERIC_RA, count, prof.repeat_own, rng)
    rows: list[dict[str, Any]] = []
    for (start, end), size, (country, purpose) in zip(_trips(count, rng), sizes, entries, strict=True):
        leader = unit.deputy if rng.random() < 0.7 else unit.head
        template = rng.choice(
            [
                "Đoàn công tác của {name} do đồng chí {leader} làm trưởng đoàn",
                "Đoàn đại biểu {name} do đồng chí {leader} dẫn đầu",
                "Đoàn cán bộ {name} do đồng chí {leader} làm trưởng đoàn",
            ]
        )
        rows.append(
            {
                "ten_doan": _nfc(template.format(name=unit.name, leader=leader)),
                "quoc_gia": _nfc(country),
                "tu_ngay": start,
                "den_ngay": end,
                "so_nguoi": size,
                "muc_dich": _nfc(f"{purpose}. {rng.choice(_RESULTS)}."),
                "nguon_kinh_phi": _funding(country, rng),
            }
        )
    return rows


def unit_delegations_in(unit_code: str, figures: dict[str, Any], rng: random.Random) -> list[dict[str, Any]]:
    """Rows of table ds_doan_vao (keys = its column codes).

    Args:
        unit_code: The unit's code from the units file.
        figures: The unit's figures; ``doan_vao`` rows are made, persons summing to
            ``nguoi_vao``.
        rng: Source of randomness.

    Returns:
        One dict per delegation with ten_doan, quoc_gia, tu_ngay, den_ngay, so_nguoi and
        noi_dung.
    """
    count = _int(figures, "doan_vao")
    if count <= 0:
        return []
    _, prof = _profile_for(unit_code)
    sizes = _split(_int(figures, "nguoi_vao"), count, rng)
    entries = _pick_rows(prof.vao, _GENERIC_VAO, count, prof.repeat_own, rng)
    rows: list[dict[str, Any]] = []
    for (start, end), size, (partner, delegation, content) in zip(_trips(count, rng), sizes, entries, strict=True):
        rows.append(
            {
                "ten_doan": _nfc(delegation),
                "quoc_gia": _nfc(partner),
                "tu_ngay": start,
                "den_ngay": end,
                "so_nguoi": size,
                "noi_dung": _nfc(f"{content}."),
            }
        )
    return rows
