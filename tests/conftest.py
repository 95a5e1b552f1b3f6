"""Shared fixtures: the default form, its templates, and filled submissions built from them."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from consolidate.fill import fill_template
from consolidate.form import Form, load_form
from consolidate.pdf import find_soffice
from consolidate.processes import START_METHOD_VARIABLE
from consolidate.template import template_filename, write_templates

FIXTURES = Path(__file__).parent / "fixtures"

VALID_VALUES: dict[str, Any] = {
    "so_van_ban": "45/BC-SNV",
    "ngay_van_ban": dt.datetime(2022, 6, 16),
    "nguoi_ky": "Nguyễn Văn Hùng",
    "chuc_vu_nguoi_ky": "Giám đốc",
    "nguoi_lien_he": "Đặng Thu Trang, 0205.3812345",
    "tin_bai": 1250,
    "lop_tap_huan": 3,
    "nguoi_tap_huan": 240,
    "doan_ra": 2,
    "nguoi_ra": 7,
    "doan_vao": 1,
    "nguoi_vao": 5,
    "thoa_thuan": 1,
    "hoi_nghi_qt": 0,
    "du_an": 2,
    "von_du_an": 18500.5,
    "ty_le_giai_ngan": 42.5,
    "chuyen_gia": 3,
    "ke_hoach": "Đã ban hành",
    "ngay_ke_hoach": dt.datetime(2022, 2, 15),
    "can_bo_phu_trach": 4,
}
VALID_NARRATIVES = {
    "tuyen_truyen": "Trong 6 tháng đầu năm 2022, Sở đã đăng tải 1.250 tin, bài.\nTổ chức 3 lớp tập huấn.",
    "hop_tac": "Sở đã cử 2 đoàn công tác sang Trung Quốc.",
    "kho_khan": "Kinh phí cho hoạt động đối ngoại còn hạn chế.",
    "nhiem_vu": "Tiếp tục tuyên truyền về hội nhập quốc tế.",
    "kien_nghi": "Đề nghị UBND tỉnh bố trí kinh phí.",
}
VALID_TABLES = {
    "ds_doan_ra": [
        {
            "ten_doan": "Đoàn Sở Nội vụ",
            "quoc_gia": "Trung Quốc",
            "tu_ngay": dt.datetime(2022, 3, 1),
            "den_ngay": dt.datetime(2022, 3, 4),
            "so_nguoi": 4,
            "muc_dich": "Trao đổi kinh nghiệm",
            "nguon_kinh_phi": "Ngân sách nhà nước",
        },
        {
            "ten_doan": "Đoàn thứ hai",
            "quoc_gia": "Lào",
            "tu_ngay": dt.datetime(2022, 5, 10),
            "den_ngay": dt.datetime(2022, 5, 12),
            "so_nguoi": 3,
            "nguon_kinh_phi": "Nguồn khác",
        },
    ],
    "ds_doan_vao": [
        {
            "ten_doan": "Đoàn tỉnh Quảng Tây",
            "quoc_gia": "Trung Quốc",
            "tu_ngay": dt.datetime(2022, 4, 5),
            "den_ngay": dt.datetime(2022, 4, 6),
            "so_nguoi": 5,
            "noi_dung": "Hội đàm",
        },
    ],
}

FillFn = Callable[..., Path]


@pytest.fixture(scope="session")
def form() -> Form:
    return load_form("hoi_nhap_quoc_te")


@pytest.fixture(params=["fork", "spawn"])
def start_method(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Worker processes started as on Linux (fork), then as on Windows (spawn)."""
    monkeypatch.setenv(START_METHOD_VARIABLE, request.param)
    return str(request.param)


@pytest.fixture(scope="session")
def templates(tmp_path_factory: pytest.TempPathFactory, form: Form) -> Path:
    folder = tmp_path_factory.mktemp("templates")
    write_templates(form, folder, ["SNV", "SYT", "UBND_TPLS"])
    return folder


@pytest.fixture
def fill(tmp_path: Path, form: Form, templates: Path) -> FillFn:
    """Build a filled workbook for a unit: valid by default, with overrides (None empties a cell)."""

    def make(
        unit: str = "SNV", name: str | None = None, tables: dict[str, Any] | None = None, **overrides: Any
    ) -> Path:
        values = {**VALID_VALUES, **{k: v for k, v in overrides.items() if k in VALID_VALUES}}
        narratives = {**VALID_NARRATIVES, **{k: v for k, v in overrides.items() if k in VALID_NARRATIVES}}
        unknown = set(overrides) - set(VALID_VALUES) - set(VALID_NARRATIVES)
        assert not unknown, unknown
        out = tmp_path / (name or f"{unit}.xlsx")
        unit_obj = form.unit(unit)
        fill_template(
            form,
            templates / template_filename(form, unit_obj),
            out,
            values,
            narratives,
            VALID_TABLES if tables is None else tables,
        )
        return out

    return make


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def soffice() -> str | None:
    return find_soffice()


@pytest.fixture(scope="session")
def workbooks(tmp_path_factory: pytest.TempPathFactory, form: Form, templates: Path) -> dict[str, Path]:
    """A few submissions to upload: SNV's valid one and one with a mistake (125%), SYT's valid one, a zip bomb."""
    import zipfile

    folder = tmp_path_factory.mktemp("uploads")
    made: dict[str, Path] = {}
    for key, unit, changes in (
        ("valid", "SNV", {}),
        ("mistake", "SNV", {"ty_le_giai_ngan": 125}),
        ("other", "SYT", {}),
    ):
        made[key] = folder / f"{key}.xlsx"
        template = templates / template_filename(form, form.unit(unit))
        fill_template(form, template, made[key], {**VALID_VALUES, **changes}, VALID_NARRATIVES, VALID_TABLES)
    made["bomb"] = folder / "bom.xlsx"
    with zipfile.ZipFile(made["bomb"], "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * 30_000_000)
    return made
