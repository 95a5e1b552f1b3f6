"""Forms change between periods: the ``previous_code`` that keeps the history lined up."""

from __future__ import annotations

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
from consolidate.store import Store
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
    assert str(caught.value).startswith(f"{path}: {message}")


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
