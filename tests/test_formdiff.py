"""Forms change between periods: ``form diff`` and the ``previous_code`` that keeps the history lined up."""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path
from typing import Any

import docx
import openpyxl
import pytest
import yaml
from typer.testing import CliRunner

from consolidate.cli import app
from consolidate.errors import FormError
from consolidate.fill import fill_template
from consolidate.form import FORMS_DIR, Form, load_form
from consolidate.run import REPORT_NAME, SUMMARY_NAME, run
from consolidate.store import Store, under_current_codes
from consolidate.template import template_filename, write_templates
from tests.conftest import VALID_NARRATIVES, VALID_TABLES, VALID_VALUES

runner = CliRunner()


def shipped() -> dict[str, Any]:
    """The shipped form as YAML data, its units written inline (so a copy can live in any folder)."""
    source = FORMS_DIR / "hoi_nhap_quoc_te.yaml"
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    data["units"] = yaml.safe_load((source.parent / data.pop("units_file")).read_text(encoding="utf-8"))["units"]
    return data


def write(folder: Path, name: str, data: dict[str, Any]) -> Path:
    path = folder / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def indicator(data: dict[str, Any], code: str) -> dict[str, Any]:
    return next(item for item in data["indicators"] if item["code"] == code)


def rename(data: dict[str, Any], old: str, new: str, declare: bool = True) -> None:
    """Give an indicator a new code everywhere the form names it (with ``previous_code`` when ``declare``)."""
    item = indicator(data, old)
    item["code"] = new
    if declare:
        item["previous_code"] = old
    for section in data["sections"]:
        for child in [section, *section.get("children", [])]:
            child["cite"] = [new if c == old else c for c in child.get("cite", [])]


# --- form diff -------------------------------------------------------------------------------------------------


def changed_form() -> dict[str, Any]:
    """The next period's form: every kind of change the diff reports, once."""
    data = copy.deepcopy(shipped())
    data["version"] = "2023.1"
    data["period"] = {"type": "first_half", "year": 2023, "deadline": dt.date(2023, 6, 16)}
    rename(data, "tin_bai", "so_tin_bai")  # declared: a rename
    indicator(data, "so_tin_bai")["max"] = 200000
    data["indicators"] = [i for i in data["indicators"] if i["code"] != "can_bo_phu_trach"]  # dropped
    rename(data, "ngay_ke_hoach", "ngay_ban_hanh", declare=False)  # same label, not declared: a suggestion
    plan = indicator(data, "ke_hoach")  # nearly the same label, not declared: a suggestion
    plan["code"], plan["label"] = "ke_hoach_2023", plan["label"].replace("2022", "2023")
    plan["phrase"] = plan["phrase"].replace("2022", "2023")
    for child in data["sections"][0]["children"]:  # cited by its new code, as rename() does
        child["cite"] = ["ke_hoach_2023" if c == "ke_hoach" else c for c in child.get("cite", [])]
    data["indicators"].append(  # its previous code is nowhere in the old form: said, as most likely a typing slip
        {"code": "hoi_thao", "label": "Số hội thảo chuyên đề", "kind": "integer", "previous_code": "hoi_thao_cd"}
    )
    indicator(data, "von_du_an")["kind"] = "integer"
    indicator(data, "doan_ra").update(max=1000, required=False)
    indicator(data, "nguoi_vao")["unit"] = "người"
    indicator(data, "ty_le_giai_ngan")["aggregate"] = "max"
    del indicator(data, "ty_le_giai_ngan")["weight"]
    indicator(data, "lop_tap_huan")["label"] = "Số lớp tập huấn, bồi dưỡng kiến thức hội nhập quốc tế"
    data["sections"] = [s for s in data["sections"] if s["code"] != "kien_nghi"]
    data["sections"].append({"code": "de_xuat", "number": "IV", "heading": "ĐỀ XUẤT"})
    columns = data["tables"][0]["columns"]  # ds_doan_ra: a column renamed, one dropped, one added, a label
    columns[4].update(code="so_thanh_vien", previous_code="so_nguoi")
    columns[1]["label"] = "Nước, vùng lãnh thổ đến"
    columns.remove(columns[5])
    columns.append({"code": "kinh_phi", "label": "Kinh phí (triệu đồng)", "kind": "decimal"})
    data["tables"] = [t for t in data["tables"] if t["code"] != "ds_doan_vao"]
    data["tables"].append(
        {"code": "ds_hoi_thao", "title": "Danh sách hội thảo", "columns": [{"code": "ten", "label": "Tên"}]}
    )
    units = data["units"]
    data["units"] = [u for u in units if u["code"] != "TTT"]
    data["units"].append({"code": "SDL", "name": "Sở Du lịch", "group": "Sở, ban, ngành"})
    next(u for u in units if u["code"] == "SNV")["name"] = "Sở Nội vụ tỉnh Lạng Sơn"
    next(u for u in units if u["code"] == "CAT")["group"] = "Lực lượng vũ trang"
    return data


@pytest.fixture
def pair(tmp_path: Path) -> tuple[Path, Path]:
    return write(tmp_path, "bieu_mau_2022.yaml", shipped()), write(tmp_path, "bieu_mau_2023.yaml", changed_form())


def test_every_kind_of_change_in_vietnamese_grouped_by_kind(pair: tuple[Path, Path]) -> None:
    old, new = pair
    result = runner.invoke(app, ["form", "diff", str(old), str(new)])
    assert result.exit_code == 0, result.output
    plan_2022 = "Tình trạng ban hành kế hoạch thực hiện công tác hội nhập quốc tế năm 2022"
    plan_2023 = "Tình trạng ban hành kế hoạch thực hiện công tác hội nhập quốc tế năm 2023"
    confirm = "để số liệu cùng kỳ năm trước vẫn khớp."
    assert result.stdout.splitlines() == [
        f"So sánh biểu mẫu «{old}» (phiên bản 2022.1, 6 tháng đầu năm 2022) "
        f"với «{new}» (phiên bản 2023.1, 6 tháng đầu năm 2023):",
        "Thông tin chung của biểu mẫu (3):",
        "  - Phiên bản: «2022.1» → «2023.1»",
        "  - Kỳ báo cáo: «6 tháng đầu năm 2022» → «6 tháng đầu năm 2023»",
        "  - Hạn gửi: 17/06/2022 → 16/06/2023",
        "Chỉ tiêu đổi mã (theo mã cũ khai báo) (1):",
        "  - tin_bai → so_tin_bai: «Số tin, bài tuyên truyền về hội nhập quốc tế đã đăng tải»",
        "Chỉ tiêu thêm mới (3):",
        f"  - ke_hoach_2023: «{plan_2023}»",
        "  - ngay_ban_hanh: «Ngày ban hành kế hoạch (nếu đã ban hành)»",
        "  - hoi_thao: «Số hội thảo chuyên đề» (mã cũ «hoi_thao_cd» không có trong biểu mẫu cũ)",
        "Chỉ tiêu bỏ đi (3):",
        f"  - ke_hoach: «{plan_2022}»",
        "  - ngay_ke_hoach: «Ngày ban hành kế hoạch (nếu đã ban hành)»",
        "  - can_bo_phu_trach: «Số cán bộ phụ trách công tác hội nhập quốc tế (chuyên trách và kiêm nhiệm)»",
        "Có thể là đổi mã (cần người lập biểu mẫu xác nhận) (2):",
        "  - ngay_ke_hoach → ngay_ban_hanh: cùng tên «Ngày ban hành kế hoạch (nếu đã ban hành)»; có thể là đổi mã. "
        "Nếu đúng là một chỉ tiêu, ghi «ngay_ke_hoach» vào cột «Mã cũ» (previous_code) "
        f"của chỉ tiêu «ngay_ban_hanh» {confirm}",
        f"  - ke_hoach → ke_hoach_2023: tên gần giống «{plan_2022}» / «{plan_2023}»; có thể là đổi mã. "
        "Nếu đúng là một chỉ tiêu, ghi «ke_hoach» vào cột «Mã cũ» (previous_code) "
        f"của chỉ tiêu «ke_hoach_2023» {confirm}",
        "Chỉ tiêu thay đổi (8):",
        "  - so_tin_bai: giá trị lớn nhất 100.000 → 200.000",
        "  - lop_tap_huan: tên «Số hội nghị, lớp tập huấn, bồi dưỡng kiến thức hội nhập quốc tế» "
        "→ «Số lớp tập huấn, bồi dưỡng kiến thức hội nhập quốc tế»",
        "  - doan_ra: bắt buộc → không bắt buộc",
        "  - doan_ra: giá trị lớn nhất 500 → 1.000",
        "  - nguoi_vao: đơn vị tính «lượt người» → «người»",
        "  - von_du_an: kiểu «số thập phân» → «số nguyên»",
        "  - ty_le_giai_ngan: cách tổng hợp «bình quân có trọng số» → «lớn nhất»",
        "  - ty_le_giai_ngan: trọng số «von_du_an» → (trống)",
        "Mục thêm mới (1):",
        "  - de_xuat: «IV. ĐỀ XUẤT»",
        "Mục bỏ đi (1):",
        "  - kien_nghi: «IV. ĐỀ XUẤT, KIẾN NGHỊ»",
        "Bảng thêm mới (1):",
        "  - ds_hoi_thao: «Danh sách hội thảo»",
        "Bảng bỏ đi (1):",
        "  - ds_doan_vao: «Danh sách đoàn vào»",
        "Cột của bảng đổi mã (theo mã cũ khai báo) (1):",
        "  - ds_doan_ra.so_nguoi → ds_doan_ra.so_thanh_vien: «Số người»",
        "Cột của bảng thêm mới (1):",
        "  - ds_doan_ra.kinh_phi: «Kinh phí (triệu đồng)»",
        "Cột của bảng bỏ đi (1):",
        "  - ds_doan_ra.muc_dich: «Mục đích, kết quả chuyến công tác»",
        "Cột của bảng thay đổi (1):",
        "  - ds_doan_ra.quoc_gia: tên «Nước đến» → «Nước, vùng lãnh thổ đến»",
        "Đơn vị thêm mới (1):",
        "  - SDL: Sở Du lịch (nhóm «Sở, ban, ngành»)",
        "Đơn vị bỏ đi (1):",
        "  - TTT: Thanh tra tỉnh",
        "Đơn vị đổi tên (1):",
        "  - SNV: «Sở Nội vụ» → «Sở Nội vụ tỉnh Lạng Sơn»",
        "Đơn vị chuyển nhóm (1):",
        "  - CAT (Công an tỉnh): nhóm «Sở, ban, ngành» → «Lực lượng vũ trang»",
    ]


def test_the_json_has_stable_english_keys_and_the_same_changes(pair: tuple[Path, Path]) -> None:
    old, new = pair
    result = runner.invoke(app, ["form", "diff", str(old), str(new), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["old"] == {
        "path": str(old),
        "id": "hoi_nhap_quoc_te",
        "version": "2022.1",
        "period": "6 tháng đầu năm 2022",
        "indicators": 16,
        "units": 32,
    }
    assert data["new"]["version"] == "2023.1" and data["new"]["indicators"] == 16
    assert data["counts"] == {
        "form_changed": 3,
        "indicator_renamed": 1,
        "indicator_added": 3,
        "indicator_removed": 3,
        "indicator_rename_suggested": 2,
        "indicator_changed": 8,
        "section_added": 1,
        "section_removed": 1,
        "table_added": 1,
        "table_removed": 1,
        "column_renamed": 1,
        "column_added": 1,
        "column_removed": 1,
        "column_changed": 1,
        "unit_added": 1,
        "unit_removed": 1,
        "unit_renamed": 1,
        "unit_regrouped": 1,
    }
    changes = data["changes"]
    assert len(changes) == sum(data["counts"].values())
    assert set(changes[0]) == {"kind", "code", "attribute", "old", "new", "message"}
    by_kind = {kind: [c for c in changes if c["kind"] == kind] for kind in data["counts"]}
    assert by_kind["form_changed"][2] == {
        "kind": "form_changed",
        "code": "",
        "attribute": "deadline",
        "old": "2022-06-17",
        "new": "2023-06-16",
        "message": "Hạn gửi: 17/06/2022 → 16/06/2023",
    }
    [renamed] = by_kind["indicator_renamed"]
    assert (renamed["code"], renamed["attribute"], renamed["old"], renamed["new"]) == (
        "so_tin_bai",
        "code",
        "tin_bai",
        "so_tin_bai",
    )
    assert [(c["old"], c["new"]) for c in by_kind["indicator_rename_suggested"]] == [
        ("ngay_ke_hoach", "ngay_ban_hanh"),
        ("ke_hoach", "ke_hoach_2023"),
    ]
    assert [(c["code"], c["attribute"], c["old"], c["new"]) for c in by_kind["indicator_changed"]] == [
        ("so_tin_bai", "max", 100000, 200000),
        (
            "lop_tap_huan",
            "label",
            "Số hội nghị, lớp tập huấn, bồi dưỡng kiến thức hội nhập quốc tế",
            "Số lớp tập huấn, bồi dưỡng kiến thức hội nhập quốc tế",
        ),
        ("doan_ra", "required", True, False),
        ("doan_ra", "max", 500, 1000),
        ("nguoi_vao", "unit", "lượt người", "người"),
        ("von_du_an", "kind", "decimal", "integer"),
        ("ty_le_giai_ngan", "aggregate", "weighted", "max"),
        ("ty_le_giai_ngan", "weight", "von_du_an", None),
    ]
    [column] = by_kind["column_renamed"]
    assert (column["code"], column["old"], column["new"]) == ("ds_doan_ra.so_thanh_vien", "so_nguoi", "so_thanh_vien")
    assert by_kind["unit_added"][0] | {"message": ""} == {
        "kind": "unit_added",
        "code": "SDL",
        "attribute": "",
        "old": None,
        "new": "Sở Du lịch",
        "message": "",
    }


def test_the_same_form_twice_has_no_change(tmp_path: Path) -> None:
    path = write(tmp_path, "a.yaml", shipped())
    result = runner.invoke(app, ["form", "diff", str(path), "hoi_nhap_quoc_te"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[1:] == ["Không có thay đổi nào."]
    data = json.loads(runner.invoke(app, ["form", "diff", str(path), "hoi_nhap_quoc_te", "--json"]).stdout)
    assert (data["counts"], data["changes"]) == ({}, [])


def test_labels_that_only_share_words_are_never_suggested_as_a_rename(tmp_path: Path) -> None:
    """A dropped indicator and an added one on the same subject are two indicators unless the form says otherwise."""
    old = shipped()
    new = copy.deepcopy(old)
    rename(new, "can_bo_phu_trach", "can_bo_chuyen_trach", declare=False)
    indicator(new, "can_bo_chuyen_trach")["label"] = "Số cán bộ chuyên trách công tác hội nhập quốc tế"
    result = runner.invoke(
        app, ["form", "diff", str(write(tmp_path, "a.yaml", old)), str(write(tmp_path, "b.yaml", new))]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[1:] == [
        "Chỉ tiêu thêm mới (1):",
        "  - can_bo_chuyen_trach: «Số cán bộ chuyên trách công tác hội nhập quốc tế»",
        "Chỉ tiêu bỏ đi (1):",
        "  - can_bo_phu_trach: «Số cán bộ phụ trách công tác hội nhập quốc tế (chuyên trách và kiêm nhiệm)»",
    ]


def test_a_bad_call_exits_2_and_a_broken_form_exits_1_naming_its_mistake(tmp_path: Path) -> None:
    missing = runner.invoke(app, ["form", "diff", "hoi_nhap_quoc_te"])
    assert missing.exit_code == 2
    data = shipped()
    indicator(data, "doan_ra")["kind"] = "so"
    broken = write(tmp_path, "hong.yaml", data)
    result = runner.invoke(app, ["form", "diff", "hoi_nhap_quoc_te", str(broken)])
    assert result.exit_code == 1
    assert result.stderr == (
        f"Lỗi: {broken}: dòng 71, cột 9: mục «indicators[3].kind»: kiểu «so» không có. "
        "Chọn một trong: integer, decimal, percent, text, choice, date.\n"
    )


# --- previous_code: what the loader accepts ----------------------------------------------------------------------


def test_a_field_names_its_previous_code(tmp_path: Path) -> None:
    data = shipped()
    rename(data, "tin_bai", "so_tin_bai")
    data["tables"][0]["columns"][4]["previous_code"] = "so_nguoi_di"
    form = load_form(write(tmp_path, "f.yaml", data))
    assert form.field("so_tin_bai").previous_code == "tin_bai"
    assert form.field("doan_ra").previous_code is None
    assert form.tables[0].columns[4].previous_code == "so_nguoi_di"


@pytest.mark.parametrize(
    ("where", "previous", "message"),
    [
        ("indicators[0]", "1tin_bai", "mục «indicators[0].previous_code»: mã cũ «1tin_bai» không hợp lệ. Ghi đúng mã"),
        ("indicators[0]", "CT01", "mục «indicators[0].previous_code»: mã cũ «CT01» không hợp lệ."),
        (
            "indicators[0]",
            "tin_bai",
            "mục «indicators[0].previous_code»: mã cũ «tin_bai» trùng với mã hiện tại. "
            "Chỉ ghi mã cũ khi chỉ tiêu đã đổi mã.",
        ),
        (
            "indicators[0]",
            "doan_ra",
            "mục «indicators[0].previous_code»: mã cũ «doan_ra» đang là mã của một chỉ tiêu khác "
            "(mục «indicators[3]»). Số liệu các kỳ trước của mã đó thuộc chỉ tiêu kia",
        ),
        (
            "indicators[0]",
            "nguoi_ky",
            "mục «indicators[0].previous_code»: mã cũ «nguoi_ky» đang là mã của một chỉ tiêu khác (mục «metadata[2]»)",
        ),
        (
            "indicators[1]",
            "so_bai",
            "mục «indicators[1].previous_code»: mã cũ «so_bai» đã ghi cho chỉ tiêu «tin_bai». "
            "Mỗi mã cũ chỉ thuộc một chỉ tiêu.",
        ),
        (
            "tables[0].columns[1]",
            "so_nguoi",
            "mục «tables[0].columns[1].previous_code»: mã cũ «so_nguoi» đang là mã của một chỉ tiêu khác "
            "(mục «tables[0].columns[4]»)",
        ),
    ],
)
def test_a_wrong_previous_code_is_named_with_its_key(tmp_path: Path, where: str, previous: str, message: str) -> None:
    data = shipped()
    indicator(data, "tin_bai")["previous_code"] = "so_bai"  # a valid one, for the «already named» case
    if where.startswith("tables"):
        data["tables"][0]["columns"][1]["previous_code"] = previous
    else:
        data["indicators"][int(where[-2])]["previous_code"] = previous
    path = write(tmp_path, "f.yaml", data)
    with pytest.raises(FormError) as caught:
        load_form(path)
    text = str(caught.value)
    assert text.startswith(f"{path}: dòng ") and f": {message}" in text  # pinned to the line of the old code


# --- previous_code: the history lines up after a rename ----------------------------------------------------------


def period_form(folder: Path, year: int, renamed: bool, declare: bool = True) -> Form:
    data = shipped()
    data["period"] = {"type": "first_half", "year": year, "deadline": dt.date(year, 6, 17)}
    if renamed:
        rename(data, "tin_bai", "so_tin_bai", declare)
    return load_form(write(folder, f"bieu_mau_{year}.yaml", data))


def inbox(folder: Path, form: Form, figures: dict[str, int]) -> Path:
    """One filled submission per unit, its count of articles (``tin_bai`` or ``so_tin_bai``) as given."""
    code = "so_tin_bai" if "so_tin_bai" in {f.code for f in form.indicators} else "tin_bai"
    templates, received = folder / f"mau_{form.period.year}", folder / f"nhan_{form.period.year}"
    write_templates(form, templates, list(figures))
    received.mkdir()
    for unit, figure in figures.items():
        values = {k: v for k, v in VALID_VALUES.items() if k != "tin_bai"}
        values |= {code: figure, "ngay_van_ban": dt.datetime(form.period.year, 6, 16)}
        template = templates / template_filename(form, form.unit(unit))
        fill_template(form, template, received / f"{unit}.xlsx", values, VALID_NARRATIVES, VALID_TABLES)
    return received


def last_year(folder: Path, figures: dict[str, int]) -> tuple[Path, Form]:
    """A history holding the first half of 2021, consolidated with the form of then (``tin_bai``)."""
    history = folder / "lich_su.sqlite"
    form = period_form(folder, 2021, renamed=False)
    run([inbox(folder, form, figures)], form, folder / "kq2021", now=dt.datetime(2021, 6, 20), history=history)
    return history, form


def test_a_renamed_indicator_is_compared_with_last_years_figure_under_its_old_code(tmp_path: Path) -> None:
    history, _ = last_year(tmp_path, {"SNV": 1000, "UBND_TPLS": 1000})
    form2022 = period_form(tmp_path, 2022, renamed=True)
    received = inbox(tmp_path, form2022, {"SNV": 1500, "UBND_TPLS": 800})
    out = tmp_path / "kq2022"
    result = run([received], form2022, out, now=dt.datetime(2022, 6, 20), history=history)
    previous = result.consolidation.previous
    assert previous is not None and previous.totals["so_tin_bai"] == 2000
    sheet = openpyxl.load_workbook(out / SUMMARY_NAME, data_only=True)["So sánh cùng kỳ"]
    row = next(r for r in range(1, 40) if str(sheet.cell(row=r, column=2).value).startswith("Số tin, bài"))
    assert [sheet.cell(row=row, column=c).value for c in (4, 5)] == [2300, 2000]
    assert sheet.cell(row=row, column=6).value == pytest.approx(115.0)
    text = "\n".join(p.text for p in docx.Document(str(out / REPORT_NAME)).paragraphs)
    assert "đăng tải 2.300 tin, bài tuyên truyền về hội nhập quốc tế (tăng 15,0% so với cùng kỳ năm 2021)" in text
    # The store keeps what was received: 2021 under its own code.
    with Store.open(history) as store:
        assert store.current_values((form2022.id, "first_half", 2021, 0))["SNV"]["tin_bai"] == 1000


def test_without_previous_code_last_year_has_no_figure_for_the_new_code(tmp_path: Path) -> None:
    history, _ = last_year(tmp_path, {"SNV": 1000})
    form2022 = period_form(tmp_path, 2022, renamed=True, declare=False)
    result = run([inbox(tmp_path, form2022, {"SNV": 1500})], form2022, tmp_path / "b", history=history)
    previous = result.consolidation.previous
    assert previous is not None and previous.totals["so_tin_bai"] is None


def test_export_lists_last_year_under_the_new_code_and_an_old_table_imports_under_it(tmp_path: Path) -> None:
    history, form2021 = last_year(tmp_path, {"SNV": 1000})
    form2022 = period_form(tmp_path, 2022, renamed=True)
    old_table, new_table = tmp_path / "bang_2021.csv", tmp_path / "bang_moi.csv"
    for form, table in ((form2021, old_table), (form2022, new_table)):
        exported = runner.invoke(
            app, ["history", "export", "-f", str(form.source), "-o", str(table), "--history", str(history)]
        )
        assert exported.exit_code == 0, exported.output
    rows = new_table.read_text(encoding="utf-8-sig").splitlines()
    assert "6 tháng đầu năm 2021;first_half/2021/0;SNV;so_tin_bai;1000" in rows
    assert not any(";tin_bai;" in row for row in rows)
    # A table written before the rename loads under the new code.
    other = tmp_path / "khac.sqlite"
    loaded = runner.invoke(
        app,
        [
            "history",
            "import",
            str(old_table),
            "-f",
            str(form2022.source),
            "--period",
            "first_half/2020",
            "--history",
            str(other),
        ],
    )
    assert loaded.exit_code == 0, loaded.output
    with Store.open(other) as store:
        assert store.current_values((form2022.id, "first_half", 2020, 0))["SNV"]["so_tin_bai"] == 1000


def test_unusual_values_are_flagged_against_last_period_under_the_old_code(tmp_path: Path) -> None:
    history, _ = last_year(tmp_path, {"SNV": 100})
    form2022 = period_form(tmp_path, 2022, renamed=True)
    received = inbox(tmp_path, form2022, {"SNV": 1250})
    result = runner.invoke(
        app, ["check", str(received), "-f", str(form2022.source), "--history", str(history), "--json"]
    )
    assert result.exit_code == 0, result.output
    [checked] = json.loads(result.stdout)["files"]
    [warning] = checked["problems"]
    assert warning["field"] == "so_tin_bai"
    assert "giá trị bất thường: 1.250, kỳ trước (6 tháng đầu năm 2021) là 100" in warning["message"]


def test_a_value_already_under_the_new_code_is_kept(tmp_path: Path) -> None:
    form2022 = period_form(tmp_path, 2022, renamed=True)
    earlier = {"SNV": {"tin_bai": 1000, "doan_ra": 2}, "SYT": {"tin_bai": 5, "so_tin_bai": 7}}
    assert under_current_codes(form2022, earlier) == {
        "SNV": {"so_tin_bai": 1000, "doan_ra": 2},
        "SYT": {"tin_bai": 5, "so_tin_bai": 7},
    }
    assert under_current_codes(period_form(tmp_path, 2021, renamed=False), earlier) is earlier
