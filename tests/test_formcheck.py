"""``form check``: every mistake in a form definition at once, each pinned to its line and column (or cell).

The broken definitions come from tests/broken_forms.py: the shipped form with one edit each (and one with
many), every expected problem given by catalogue code, key path, line, column and exact message.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from consolidate.cli import app
from consolidate.errors import FormError
from consolidate.form import _Loader, check_form, load_form, yaml_definition
from consolidate.formerrors import CATALOGUE, describe, message, problem_record
from consolidate.formsource import Definition, FormProblem, Position, code_from_label
from tests.broken_forms import CASES, SHIPPED, Case, write_case
from tests.conftest import FillFn

runner = CliRunner()
BY_NAME = {case.name: case for case in CASES}
MANY = BY_NAME["many_at_once"]


def _found(path: Path) -> list[tuple[str, str, int, int, str, str, str | None]]:
    return [
        (
            p.code,
            p.key,
            p.position.line if p.position and p.position.line else 0,
            p.position.col if p.position and p.position.col else 0,
            p.severity,
            p.message,
            p.position.file if p.position else None,
        )
        for p in check_form(path).problems
    ]


def test_the_folder_holds_about_25_single_mistakes_and_one_with_many() -> None:
    singles = [c for c in CASES if len(c.expected) == 1]
    assert len(singles) >= 25
    assert len(MANY.expected) >= 9
    assert {e.code for c in CASES for e in c.expected} <= set(CATALOGUE)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_each_broken_definition_is_pinned(case: Case, tmp_path: Path) -> None:
    path = write_case(case, tmp_path)
    found = _found(path)
    assert [f[:5] for f in found] == [(e.code, e.key, e.line, e.col, e.severity) for e in case.expected]
    for (*_, text, file), expected in zip(found, case.expected, strict=True):
        assert text.endswith(expected.words) if expected.code == "units_file_missing" else text == expected.words
        assert (Path(file).name if file else None) == expected.file


@pytest.mark.parametrize("case", [c for c in CASES if not c.valid], ids=[c.name for c in CASES if not c.valid])
def test_load_form_refuses_with_every_message_pinned(case: Case, tmp_path: Path) -> None:
    path = write_case(case, tmp_path)
    with pytest.raises(FormError) as info:
        load_form(path)
    text = str(info.value)
    assert text.startswith(str(path))
    for problem in check_form(path).errors:
        assert describe(problem) in text


def test_many_mistakes_are_listed_together_in_line_order(tmp_path: Path) -> None:
    path = write_case(MANY, tmp_path)
    with pytest.raises(FormError) as info:
        load_form(path)
    lines = str(info.value).splitlines()
    assert lines[0] == f"{path}: định nghĩa biểu mẫu có 9 lỗi, hãy sửa tất cả:"
    assert lines[1] == (
        "  1. dòng 12, cột 9: mục «period.type»: loại kỳ «first_haf» không có (có phải «first_half»?). "
        "Chọn một trong: month, quarter, first_half, second_half, year."
    )
    assert lines[8] == (
        "  8. dòng 265, cột 30: mục «rules[1].expression»: biểu thức «nguoi_vao >= = doan_vao» sai cú pháp "
        "(vị trí 14). Ví dụ đúng: nguoi_ra >= doan_ra."
    )
    assert lines[9] == (
        "  9. tệp «lang_son_2022.yaml», dòng 6, cột 12: mục «lang_son_2022.yaml: units[1].code»: mã đơn vị «SNV» "
        "bị trùng với «lang_son_2022.yaml: units[0]» (tệp «lang_son_2022.yaml», dòng 5, cột 5). "
        "Mỗi đơn vị một mã riêng."
    )


def test_warnings_leave_a_usable_form_with_the_value_read(tmp_path: Path) -> None:
    form = load_form(write_case(BY_NAME["bound_thousands_text"], tmp_path / "a"))
    assert form.field("tin_bai").max == 100000
    form = load_form(write_case(BY_NAME["invisible_in_code"], tmp_path / "b"))
    assert form.field("doan_vao").label == "Số đoàn vào (đoàn nước ngoài đến làm việc)"
    form = load_form(write_case(BY_NAME["duplicate_unit_name_other_group"], tmp_path / "c"))
    assert [u.name for u in form.units[:2]] == ["Sở Nội vụ", "Sở Nội vụ"]


def test_the_shipped_form_has_no_problem() -> None:
    report = check_form("hoi_nhap_quoc_te")
    assert report.valid and report.problems == [] and report.form is not None
    assert report.form.id == "hoi_nhap_quoc_te"


def test_yaml_positions_follow_the_loader_key_paths() -> None:
    definition = yaml_definition(SHIPPED)
    assert definition.positions["period.deadline"] == Position(line=15, col=13)
    assert definition.positions["indicators[0].code"] == Position(line=52, col=11)
    assert definition.positions["sections[0].children[0].cite[1]"] == Position(line=205, col=25)
    # inside the quotes of a quoted value
    assert definition.positions["indicators[0].phrase"] == Position(line=60, col=14)
    assert definition.where("indicators[0].choices") == Position(line=52, col=5)


def test_problems_found_by_the_reader_come_with_the_loader_s(tmp_path: Path) -> None:
    """A workbook reader pins its own problems (a code derived from a label) by sheet, row, column and cell."""
    definition = yaml_definition(SHIPPED)
    where = Position(sheet="Chỉ tiêu", row=5, column="Mã chỉ tiêu", cell="A5")
    derived = FormProblem("derived_code", "warning", "indicators[3].code", where, "mã tự đặt: doan_ra.", "doan_ra")
    definition.problems.append(derived)
    form, problems = _Loader(definition).load()
    assert form is not None and problems == [derived]
    assert (
        describe(derived)
        == "trang «Chỉ tiêu», dòng 5, cột «Mã chỉ tiêu» (ô A5): mục «indicators[3].code»: mã tự đặt: doan_ra."
    )
    record = problem_record(SHIPPED, derived)
    assert (record["sheet"], record["cell"], record["row"], record["column"], record["line"]) == (
        "Chỉ tiêu",
        "A5",
        5,
        "Mã chỉ tiêu",
        None,
    )


def test_a_workbook_mistake_is_pinned_to_its_cell() -> None:
    data = yaml_definition(SHIPPED).data
    data["indicators"][3]["min"] = 600
    where = Position(sheet="Chỉ tiêu", row=8, column="Giới hạn dưới", cell="F8")
    form, problems = _Loader(Definition(SHIPPED, data, {"indicators[3].min": where})).load()
    assert form is None
    assert describe(problems[0]) == (
        "trang «Chỉ tiêu», dòng 8, cột «Giới hạn dưới» (ô F8): mục «indicators[3].min»: "
        "giá trị nhỏ nhất (600) lớn hơn giá trị lớn nhất (500). Đổi lại min và max."
    )


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Số đoàn ra (đoàn đi công tác nước ngoài)", "so_doan_ra_doan_di_cong_tac"),
        ("Đường giao thông", "duong_giao_thong"),
        ("CT01", "ma_ct01"),
        ("2022", "ma_2022"),
        ("None", "ma_none"),
        ("!!!", "ma"),
    ],
)
def test_code_from_label(text: str, code: str) -> None:
    assert code_from_label(text) == code


def test_code_from_label_is_unique_ignoring_case() -> None:
    assert code_from_label("Đoàn ra", ["DOAN_RA", "doan_ra_2"]) == "doan_ra_3"


# --- the command ---------------------------------------------------------------------------------


def test_form_check_on_a_valid_form_exits_0() -> None:
    result = runner.invoke(app, ["form", "check", "hoi_nhap_quoc_te"])
    assert result.exit_code == 0, result.output
    assert result.output.endswith(
        "hoi_nhap_quoc_te.yaml: biểu mẫu «hoi_nhap_quoc_te» dùng được (16 chỉ tiêu, 2 bảng, 32 đơn vị); 0 cảnh báo.\n"
    )


def test_form_check_lists_every_mistake_and_exits_1(tmp_path: Path) -> None:
    path = write_case(MANY, tmp_path)
    result = runner.invoke(app, ["form", "check", str(path)])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0] == (
        "Lỗi: dòng 12, cột 9: mục «period.type»: loại kỳ «first_haf» không có (có phải «first_half»?). "
        "Chọn một trong: month, quarter, first_half, second_half, year."
    )
    assert len(lines) == 10
    assert lines[-1] == f"{path}: 9 lỗi, 0 cảnh báo. Hãy sửa các lỗi trên rồi chạy lại lệnh này."


def test_form_check_shows_warnings_and_exits_0(tmp_path: Path) -> None:
    path = write_case(BY_NAME["bound_thousands_text"], tmp_path)
    result = runner.invoke(app, ["form", "check", str(path)])
    assert result.exit_code == 0
    assert result.output.startswith(
        "Cảnh báo: dòng 58, cột 11: mục «indicators[0].max»: «100.000» được viết dạng chữ; đã đọc là 100000"
    )
    assert "1 cảnh báo." in result.output


def test_form_check_json_has_the_keys_of_check_json(tmp_path: Path) -> None:
    path = write_case(MANY, tmp_path)
    result = runner.invoke(app, ["form", "check", str(path), "--json"])
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert (data["valid"], data["errors"], data["warnings"]) == (False, 9, 0)
    first = data["problems"][0]
    assert list(first) == [
        *("file", "unit", "field", "sheet", "cell", "value", "severity", "message"),
        *("code", "key", "line", "column", "row"),
    ]
    assert (first["code"], first["key"], first["line"], first["column"], first["value"]) == (
        "unknown_period_type",
        "period.type",
        12,
        9,
        "first_haf",
    )
    assert data["problems"][-1]["file"] == str(path.parent / "units" / "lang_son_2022.yaml")


@pytest.mark.parametrize("name", ["khong_co.yaml", "khong_co_bieu_mau"])
def test_form_check_on_a_missing_file_exits_2(name: str, tmp_path: Path) -> None:
    result = runner.invoke(app, ["form", "check", str(tmp_path / name)])
    assert result.exit_code == 2
    assert "Không tìm thấy" in result.stderr


def test_form_check_has_help_with_an_example() -> None:
    result = runner.invoke(app, ["form", "check", "--help"])
    assert result.exit_code == 0
    assert "Ví dụ: consolidate form check" in result.output


def test_template_check_and_run_refuse_an_invalid_form_with_the_same_messages(tmp_path: Path, fill: FillFn) -> None:
    path = write_case(BY_NAME["unknown_kind"], tmp_path / "forms")
    expected = "Lỗi: " + str(path) + ": " + describe(check_form(path).problems[0]) + "\n"
    assert expected.endswith("Chọn một trong: integer, decimal, percent, text, choice, date.\n")
    submissions = str(fill("SNV"))
    for args in (
        ["template", str(path), "--out", str(tmp_path / "mau")],
        ["check", submissions, "--form", str(path)],
        ["run", submissions, "--form", str(path), "--out", str(tmp_path / "kq")],
    ):
        result = runner.invoke(app, args)
        assert result.exit_code == 1, args
        assert result.stderr == expected, args
    assert not (tmp_path / "mau").exists() and not (tmp_path / "kq").exists()


def test_every_catalogue_entry_formats() -> None:
    params = {
        "value": "x",
        "name": "x",
        "problem": "x",
        "known": "a, b",
        "suggestion": "ma_x",
        "prefix": "tbl_",
        "earlier": "«a»",
        "other": "b",
        "raw": "x ",
        "options": "a, b",
        "kind": "text",
        "low": 1,
        "high": 0,
        "number": 1,
        "how": "x",
        "reason": "x",
        "limit": 4,
        "example": 1,
        "deadline": "01/06/2022",
        "end": "14/06/2022",
        "label": "quý I năm 2022",
    }
    for code in CATALOGUE:
        text = message(code, **params)
        assert text.endswith(".") and "{" not in text.replace("{x}", "").replace("{value}", ""), code


def test_a_mistake_in_a_text_over_several_lines_names_its_first_line(tmp_path: Path) -> None:
    case = Case(
        "folded_phrase",
        (
            (
                '    phrase: "tổ chức {value} hội nghị, lớp tập huấn với {nguoi_tap_huan}',
                "    phrase: >\n      tổ chức {value} hội nghị, lớp tập huấn\n      với {nguoi_tap_hun}",
            ),
        ),
        (),
    )
    problems = check_form(write_case(case, tmp_path)).problems
    assert [(p.code, p.position) for p in problems] == [("phrase_unknown_code", Position(line=69, col=None))]
    assert describe(problems[0]).startswith("dòng 69: mục «indicators[1].phrase»: câu trích dẫn dùng «{nguoi_tap_hun}»")
