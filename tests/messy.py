"""A folder of what really comes back from 30 offices: one small file per case, reproducible.

Run ``python tests/messy.py DIR`` to look at the files; the tests build the same folder in a
temporary directory. Each case records the file's expected status in ``consolidated.json`` and a
few words its message must contain.
"""

from __future__ import annotations

import datetime as dt
import shutil
import sys
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl
import openpyxl.styles

from consolidate.fill import fill_template
from consolidate.form import Form, load_form
from consolidate.template import template_filename, write_templates

FIXTURES = Path(__file__).parent / "fixtures"

BASE: dict[str, Any] = {
    "so_van_ban": "12/BC",
    "ngay_van_ban": dt.datetime(2022, 6, 15),
    "nguoi_ky": "Nguyễn Văn A",
    "chuc_vu_nguoi_ky": "Giám đốc",
    "tin_bai": 10,
    "lop_tap_huan": 1,
    "nguoi_tap_huan": 50,
    "doan_ra": 1,
    "nguoi_ra": 3,
    "doan_vao": 1,
    "nguoi_vao": 4,
    "thoa_thuan": 0,
    "hoi_nghi_qt": 0,
    "du_an": 0,
    "von_du_an": 0,
    "chuyen_gia": 0,
    "ke_hoach": "Đang xây dựng",
    "can_bo_phu_trach": 1,
}
LEGACY_TCVN3 = "B¸o c¸o kÕt qu¶ c«ng t¸c héi nhËp quèc tÕ"  # "Báo cáo kết quả công tác hội nhập quốc tế"
TEXTS = {
    "tuyen_truyen": "Đã tuyên truyền.",
    "hop_tac": "Đã hợp tác.",
    "kho_khan": "Không có.",
    "nhiem_vu": "Tiếp tục thực hiện.",
}


@dataclass(frozen=True)
class Case:
    """One file of the messy folder and what the run must say about it."""

    path: str  # relative to the folder
    status: str  # accepted | rejected | superseded | skipped
    words: str  # found in the file's reason or one of its problem messages ("" for none)
    unit: str | None = None


class _Builder:
    def __init__(self, folder: Path, form: Form, work: Path) -> None:
        self.folder, self.form, self.work = folder, form, work
        write_templates(form, work, [u.code for u in form.units])
        self.cases: list[Case] = []

    def filled(
        self,
        unit: str,
        name: str,
        values: dict[str, Any] | None = None,
        texts: dict[str, str] | None = None,
        tables: dict[str, Any] | None = None,
    ) -> Path:
        target = self.folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        template = self.work / template_filename(self.form, self.form.unit(unit))
        fill_template(self.form, template, target, {**BASE, **(values or {})}, {**TEXTS, **(texts or {})}, tables or {})
        return target

    def edit(self, path: Path, change: Any) -> None:
        wb = openpyxl.load_workbook(path)
        change(wb)
        wb.save(path)

    def case(self, path: Path, status: str, words: str, unit: str | None = None) -> None:
        self.cases.append(Case(str(path.relative_to(self.folder)), status, words, unit))


def _cell(wb: Any, code: str) -> Any:
    ((sheet, ref),) = list(wb.defined_names[code].destinations)
    return wb[sheet][ref.replace("$", "")]


def build(folder: Path, work: Path) -> list[Case]:
    """Write every case into ``folder`` (templates go to ``work``); return the expectations."""
    form = load_form("hoi_nhap_quoc_te")
    b = _Builder(folder, form, work)
    # Valid submissions, in the shapes they arrive in.
    b.case(b.filled("SNV", "Sở Nội vụ/Báo cáo HNQT 6 tháng.xlsx"), "accepted", "", "SNV")
    ods = folder / "Sở Y tế.ods"
    shutil.copyfile(FIXTURES / "filled_SYT.ods", ods)
    b.case(ods, "accepted", "", "SYT")
    b.case(
        b.filled("UBND_TPLS", "UBND TP/tp lang son.xlsx", {"tin_bai": "1.250 tin, bài", "nguoi_tap_huan": "320"}),
        "accepted",
        "đã đọc là 1.250",
        "UBND_TPLS",
    )
    nfd = unicodedata.normalize("NFD", "Kinh phí\u00a0còn hạn chế.\u200b")
    b.case(
        b.filled("UBND_VL", "van lang.xlsx", texts={"kho_khan": nfd, "kien_nghi": '=HYPERLINK("http://x")'}),
        "accepted",
        "",
        "UBND_VL",
    )
    # A resubmission: the newer report date wins.
    old = b.filled("SCT", "SCT/lan 1.xlsx", {"ngay_van_ban": dt.datetime(2022, 6, 10), "tin_bai": 999})
    b.case(old, "superseded", "bản mới hơn", "SCT")
    b.case(
        b.filled("SCT", "SCT/lan 2.xlsx", {"ngay_van_ban": dt.datetime(2022, 6, 16), "tin_bai": 20}),
        "accepted",
        "",
        "SCT",
    )
    # The same file sent twice.
    first = b.filled("SKHDT", "skhdt.xlsx", {"tin_bai": 7})
    copy = folder / "skhdt (1).xlsx"
    shutil.copyfile(first, copy)
    b.case(first, "skipped", "Bản sao giống hệt", "SKHDT")  # sorted first: "skhdt (1)" is read first
    b.case(copy, "accepted", "", "SKHDT")
    # A template of one unit sent under another unit's name.
    b.case(b.filled("SGDDT", "bao cao SNGV.xlsx"), "accepted", "gợi ý đơn vị SNGV", "SGDDT")
    # Errors: the whole file is rejected, nothing of it counted.
    b.case(b.filled("STP", "stp.xlsx", {"doan_vao": 900}), "rejected", "nằm ngoài giới hạn", "STP")
    b.case(b.filled("STC", "stc.xlsx", {"doan_ra": -1}), "rejected", "nằm ngoài giới hạn", "STC")
    formula = b.filled("SXD", "sxd.xlsx")
    b.edit(formula, lambda wb: setattr(_cell(wb, "tin_bai"), "value", "=SUM(A1:A3)"))
    b.case(formula, "rejected", "không lưu kết quả tính", "SXD")
    percent = b.filled("SGTVT", "sgtvt.xlsx", {"du_an": 1, "von_du_an": 500})

    def as_percent(wb: Any) -> None:
        cell = _cell(wb, "ty_le_giai_ngan")
        cell.value, cell.number_format = 0.425, "0.0%"

    b.edit(percent, as_percent)
    b.case(percent, "accepted", "đã đọc là 42,5%", "SGTVT")
    below = b.filled("SLDTBXH", "sldtbxh.xlsx")
    b.edit(below, lambda wb: wb["Danh sách đoàn ra"].cell(row=40, column=2, value="Người lập: Lê B"))
    b.case(below, "accepted", "không được tính vào bảng", "SLDTBXH")
    # Typed with a legacy font and encoding (TCVN3, .VnTime): converted, with a warning.
    legacy = b.filled("UBND_TD", "trang dinh.xlsx", texts={"kho_khan": LEGACY_TCVN3})

    def vntime(wb: Any) -> None:
        _cell(wb, "kho_khan").font = openpyxl.styles.Font(name=".VnTime", size=13)

    b.edit(legacy, vntime)
    b.case(legacy, "accepted", "bảng mã cũ TCVN3", "UBND_TD")
    # Workbooks reshaped in Excel: extra and hidden sheets, merged cells are fine; a deleted sheet is not.
    reshaped = b.filled("SNGV", "sngv.xlsx")

    def reshape(wb: Any) -> None:
        wb.create_sheet("Ghi chú riêng")["A1"] = "Bản nháp"
        wb["Hướng dẫn"].sheet_state = "hidden"
        value = _cell(wb, "doan_ra")
        value.parent.merge_cells(
            start_row=value.row, start_column=value.column, end_row=value.row, end_column=value.column + 1
        )

    b.edit(reshaped, reshape)
    b.case(reshaped, "accepted", "", "SNGV")
    deleted = b.filled("TTT", "ttt.xlsx")
    b.edit(deleted, lambda wb: wb.remove(wb["Nội dung"]))
    b.case(deleted, "rejected", "Không tìm thấy ô nhập của mục «1. Công tác thông tin", "TTT")
    other_form = b.filled("SKHCN", "skhcn.xlsx")
    b.edit(other_form, lambda wb: setattr(_cell(wb, "ma_bieu_mau"), "value", "bao_cao_khac"))
    b.case(other_form, "rejected", "không phải biểu mẫu «hoi_nhap_quoc_te»", "SKHCN")
    outdated = b.filled("STNMT", "stnmt.xlsx")
    b.edit(outdated, lambda wb: setattr(_cell(wb, "phien_ban_bieu_mau"), "value", "2021.1"))
    b.case(outdated, "rejected", "phiên bản 2021.1 đã cũ", "STNMT")
    # Files that are not what they claim.
    (folder / "trong.xlsx").write_bytes(b"")
    b.case(folder / "trong.xlsx", "rejected", "Tệp rỗng")
    truncated = folder / "cat cut.xlsx"
    truncated.write_bytes(b.filled("BDT", "_tmp.xlsx").read_bytes()[:3000])
    (folder / "_tmp.xlsx").unlink()
    b.case(truncated, "rejected", "bị hỏng hoặc bị cắt cụt")
    (folder / "xuat tu phan mem.xls").write_text(
        "<html><body><table><tr><td>1</td></tr></table></body></html>", encoding="utf-8"
    )
    b.case(folder / "xuat tu phan mem.xls", "rejected", "trang web (HTML)")
    (folder / "so lieu.xlsx").write_text("STT;Chỉ tiêu;Giá trị\n1;Số đoàn ra;2\n", encoding="utf-8")
    b.case(folder / "so lieu.xlsx", "rejected", "văn bản thuần (CSV/TXT)")
    (folder / "mat khau.xlsx").write_bytes(
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + "EncryptedPackage".encode("utf-16-le")
    )
    b.case(folder / "mat khau.xlsx", "rejected", "đặt mật khẩu")
    word = folder / "bao cao.xlsx"
    with zipfile.ZipFile(word, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
        archive.writestr("[Content_Types].xml", "<Types/>")
    b.case(word, "rejected", "văn bản Word")
    foreign = folder / "bang tinh khac.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["Chỉ tiêu", "Giá trị"])
    wb.save(foreign)
    b.case(foreign, "rejected", "không phải biểu mẫu báo cáo")
    bomb = folder / "bom.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * 30_000_000)
    b.case(bomb, "rejected", "giải nén lớn bất thường")
    # Not reports at all.
    (folder / "~$Báo cáo HNQT 6 tháng.xlsx").write_bytes(b"lock")
    b.case(folder / "~$Báo cáo HNQT 6 tháng.xlsx", "skipped", "Tệp khóa tạm của Office")
    (folder / ".DS_Store").write_bytes(b"\x00")
    b.case(folder / ".DS_Store", "skipped", "Tệp ẩn")
    (folder / "Công văn đôn đốc.pdf").write_bytes(b"%PDF-1.4")
    b.case(folder / "Công văn đôn đốc.pdf", "skipped", "Không phải bảng tính")
    return b.cases


VALID_TIN_BAI = {
    "SNV": 10,
    "SYT": None,
    "UBND_TPLS": 1250,
    "UBND_VL": 10,
    "SCT": 20,
    "SKHDT": 7,
    "SGDDT": 10,
    "SGTVT": 10,
    "SLDTBXH": 10,
    "SNGV": 10,
    "UBND_TD": 10,
}


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "output/messy")
    target.mkdir(parents=True, exist_ok=True)
    for case in build(target / "bao_cao_don_vi", target / "bieu_mau"):
        print(f"{case.status:<11} {case.path}  — {case.words}")
