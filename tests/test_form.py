"""Form definitions (consolidate.form) and the rule language (consolidate.rules).

Every broken definition is a variant of the default YAML written to ``tmp_path``.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from consolidate import rules
from consolidate.errors import FormError
from consolidate.form import FORMS_DIR, Form, load_form

DEFAULT_YAML = FORMS_DIR / "hoi_nhap_quoc_te.yaml"
UNITS_YAML = FORMS_DIR / "units" / "lang_son_2022.yaml"

_DEFAULT: dict[str, Any] = yaml.safe_load(DEFAULT_YAML.read_text(encoding="utf-8"))
_UNITS: list[dict[str, Any]] = yaml.safe_load(UNITS_YAML.read_text(encoding="utf-8"))["units"]

Data = dict[str, Any]


@pytest.fixture
def data() -> Data:
    """The default definition as a dict, with the unit list inline instead of ``units_file``."""
    result = copy.deepcopy(_DEFAULT)
    del result["units_file"]
    result["units"] = copy.deepcopy(_UNITS)
    return result


@pytest.fixture
def write(tmp_path: Path) -> Callable[[Data], Path]:
    def make(content: Data) -> Path:
        path = tmp_path / "bieu_mau.yaml"
        path.write_text(yaml.safe_dump(content, allow_unicode=True, sort_keys=False), encoding="utf-8")
        return path

    return make


@pytest.fixture
def load(write: Callable[[Data], Path]) -> Callable[[Data], Form]:
    return lambda content: load_form(write(content))


@pytest.fixture
def refused(write: Callable[[Data], Path]) -> Callable[..., str]:
    """Load a broken variant; check the message names the file, the key path and a fix."""

    def check(content: Data, key: str, fix: str) -> str:
        path = write(content)
        with pytest.raises(FormError) as info:
            load_form(path)
        message = str(info.value)
        assert str(path) in message
        assert f"«{key}»" in message, message
        assert fix in message, message
        return message

    return check


# --- the default form ------------------------------------------------------------------------


def test_default_form_loads() -> None:
    form = load_form("hoi_nhap_quoc_te")
    assert len(form.units) == 32
    assert len(form.indicators) == 16
    assert len(form.input_sections()) == 5
    assert len(form.tables) == 2
    assert len(form.rules) == 4
    assert form.period.deadline == dt.date(2022, 6, 17)
    assert form.period.label == "6 tháng đầu năm 2022"


def test_written_copy_loads_like_the_default(load: Callable[[Data], Form], data: Data) -> None:
    default = load_form(DEFAULT_YAML)
    form = load(data)
    assert form.units == default.units
    assert form.indicators == default.indicators
    assert form.sections == default.sections
    assert [t.code for t in form.tables] == ["ds_doan_ra", "ds_doan_vao"]
    assert [r.expression.text for r in form.rules] == [r.expression.text for r in default.rules]


def test_units_file_is_read_relative_to_the_form(tmp_path: Path, load: Callable[[Data], Form], data: Data) -> None:
    shutil.copytree(FORMS_DIR / "units", tmp_path / "units")
    del data["units"]
    data["units_file"] = "units/lang_son_2022.yaml"
    assert len(load(data).units) == 32


# --- periods ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("period", "start", "end", "label"),
    [
        ({"type": "month", "number": 1}, dt.date(2021, 12, 15), dt.date(2022, 1, 14), "tháng 1 năm 2022"),
        ({"type": "month", "number": 7}, dt.date(2022, 6, 15), dt.date(2022, 7, 14), "tháng 7 năm 2022"),
        ({"type": "quarter", "number": 1}, dt.date(2021, 12, 15), dt.date(2022, 3, 14), "quý I năm 2022"),
        ({"type": "quarter", "number": 3}, dt.date(2022, 6, 15), dt.date(2022, 9, 14), "quý III năm 2022"),
        ({"type": "first_half"}, dt.date(2021, 12, 15), dt.date(2022, 6, 14), "6 tháng đầu năm 2022"),
        ({"type": "second_half"}, dt.date(2022, 6, 15), dt.date(2022, 12, 14), "6 tháng cuối năm 2022"),
        ({"type": "year"}, dt.date(2021, 12, 15), dt.date(2022, 12, 14), "năm 2022"),
    ],
)
def test_period_is_derived_from_its_type(
    load: Callable[[Data], Form], data: Data, period: Data, start: dt.date, end: dt.date, label: str
) -> None:
    data["period"] = {**period, "year": 2022}
    form = load(data)
    assert (form.period.start, form.period.end, form.period.label) == (start, end, label)
    assert form.period.type == period["type"]
    assert form.period.number == period.get("number")


def test_explicit_from_to_label_override_the_derived_period(load: Callable[[Data], Form], data: Data) -> None:
    data["period"] = {
        "type": "first_half",
        "year": 2022,
        "from": "01/01/2022",
        "to": dt.date(2022, 6, 30),
        "label": "6 tháng đầu năm 2022 (số liệu đến 30/6)",
    }
    period = load(data).period
    assert period.start == dt.date(2022, 1, 1)
    assert period.end == dt.date(2022, 6, 30)
    assert period.label == "6 tháng đầu năm 2022 (số liệu đến 30/6)"
    assert period.deadline == dt.date(2022, 7, 1)


@pytest.mark.parametrize(
    ("period", "deadline"),
    [
        ({"type": "first_half"}, dt.date(2022, 6, 15)),  # cut-off Tuesday 14/6/2022
        ({"type": "month", "number": 1}, dt.date(2022, 1, 17)),  # cut-off Friday 14/1/2022
        ({"type": "first_half", "to": "2022-06-17"}, dt.date(2022, 6, 20)),  # Friday
        ({"type": "first_half", "to": "2022-06-18"}, dt.date(2022, 6, 20)),  # Saturday
    ],
)
def test_deadline_defaults_to_next_working_day(
    load: Callable[[Data], Form], data: Data, period: Data, deadline: dt.date
) -> None:
    data["period"] = {**period, "year": 2022}
    assert load(data).period.deadline == deadline


def test_explicit_deadline_is_kept(load: Callable[[Data], Form], data: Data) -> None:
    data["period"] = {"type": "first_half", "year": 2022, "deadline": "20/06/2022"}
    assert load(data).period.deadline == dt.date(2022, 6, 20)


def test_period_type_invalid(refused: Callable[..., str], data: Data) -> None:
    data["period"]["type"] = "week"
    refused(data, "period.type", "Chọn một trong: month, quarter")


def test_month_without_number(refused: Callable[..., str], data: Data) -> None:
    data["period"] = {"type": "month", "year": 2022}
    refused(data, "period.number", "Thêm «number:» (1–12)")


def test_period_from_after_to(refused: Callable[..., str], data: Data) -> None:
    data["period"].update({"from": "2022-07-01", "to": "2022-06-30"})
    refused(data, "period", "Sửa lại «from» và «to»")


# --- codes -----------------------------------------------------------------------------------


@pytest.mark.parametrize("code", ["CT01", "A1", "R1C1", "ab12", "XFD1", "r", "RC"])
def test_code_like_a_cell_reference_is_refused(refused: Callable[..., str], data: Data, code: str) -> None:
    data["indicators"][0]["code"] = code
    message = refused(data, "indicators[0].code", "Hãy đặt mã có chữ mô tả, ví dụ so_tin_bai")
    assert f"«{code}»" in message
    assert "địa chỉ ô" in message


def test_cell_like_column_code_is_refused(refused: Callable[..., str], data: Data) -> None:
    data["tables"][0]["columns"][1]["code"] = "A1"
    refused(data, "tables[0].columns[1].code", "Hãy đặt mã có chữ mô tả, ví dụ nuoc_den")


def test_cell_like_section_code_is_refused(refused: Callable[..., str], data: Data) -> None:
    data["sections"][1]["code"] = "KK1"
    refused(data, "sections[1].code", "Hãy đặt mã có chữ mô tả, ví dụ kho_khan")


@pytest.mark.parametrize("code", ["doàn_ra", "1abc", "a b", "doan-ra", "x" * 65])
def test_invalid_code_characters(refused: Callable[..., str], data: Data, code: str) -> None:
    data["indicators"][3]["code"] = code
    message = refused(data, "indicators[3].code", "chữ cái không dấu, chữ số và dấu gạch dưới")
    assert "không hợp lệ" in message


def test_duplicate_indicator_code_case_insensitive(refused: Callable[..., str], data: Data) -> None:
    data["indicators"][1]["code"] = "TIN_BAI"
    message = refused(data, "indicators[1].code", "Mỗi chỉ tiêu, mục, bảng phải có một mã riêng")
    assert "«indicators[0]»" in message


def test_section_code_duplicating_an_indicator(refused: Callable[..., str], data: Data) -> None:
    data["sections"][1]["code"] = "Doan_Ra"
    message = refused(data, "sections[1].code", "Mỗi chỉ tiêu, mục, bảng phải có một mã riêng")
    assert "«indicators[3]»" in message


def test_nested_section_code_duplicating_a_section(refused: Callable[..., str], data: Data) -> None:
    data["sections"][0]["children"][1]["code"] = "KET_QUA"
    refused(data, "sections[0].children[1].code", "Mỗi chỉ tiêu, mục, bảng phải có một mã riêng")


def test_table_code_duplicating_a_section(refused: Callable[..., str], data: Data) -> None:
    data["tables"][1]["code"] = "Kho_Khan"
    message = refused(data, "tables[1].code", "Mỗi chỉ tiêu, mục, bảng phải có một mã riêng")
    assert "«sections[1]»" in message


def test_indicator_code_duplicating_metadata(refused: Callable[..., str], data: Data) -> None:
    data["indicators"][0]["code"] = "so_van_ban"
    refused(data, "indicators[0].code", "Mỗi chỉ tiêu, mục, bảng phải có một mã riêng")


def test_duplicate_column_code_in_a_table(refused: Callable[..., str], data: Data) -> None:
    data["tables"][0]["columns"][1]["code"] = "Ten_Doan"
    refused(data, "tables[0].columns[1].code", "Mỗi cột một mã riêng")


@pytest.mark.parametrize("code", ["ma_don_vi", "MA_DON_VI", "ky_bao_cao"])
def test_code_equal_to_a_system_name(refused: Callable[..., str], data: Data, code: str) -> None:
    data["indicators"][0]["code"] = code
    message = refused(data, "indicators[0].code", "Mỗi chỉ tiêu, mục, bảng phải có một mã riêng")
    assert "tên hệ thống" in message


# --- fields ----------------------------------------------------------------------------------


def test_unknown_kind(refused: Callable[..., str], data: Data) -> None:
    data["indicators"][2]["kind"] = "number"
    message = refused(data, "indicators[2].kind", "Chọn một trong: integer, decimal")
    assert "«number»" in message


def test_sum_on_a_text_field(refused: Callable[..., str], data: Data) -> None:
    data["indicators"][0].update(kind="text", aggregate="sum")
    refused(data, "indicators[0].aggregate", "Dùng aggregate: none")


@pytest.mark.parametrize(
    ("index", "low", "high"),
    [(3, 10, 5), (14, dt.date(2023, 1, 1), dt.date(2022, 12, 31))],
)
def test_min_greater_than_max(refused: Callable[..., str], data: Data, index: int, low: Any, high: Any) -> None:
    data["indicators"][index].update(min=low, max=high)
    refused(data, f"indicators[{index}].min", "Đổi lại min và max")


def test_choices_missing_on_a_choice_indicator(refused: Callable[..., str], data: Data) -> None:
    del data["indicators"][13]["choices"]
    refused(data, "indicators[13].choices", "Thêm «choices: [Lựa chọn 1, Lựa chọn 2]»")


def test_choices_missing_on_a_choice_column(refused: Callable[..., str], data: Data) -> None:
    del data["tables"][0]["columns"][6]["choices"]
    refused(data, "tables[0].columns[6].choices", "Thêm «choices: [Lựa chọn 1, Lựa chọn 2]»")


def test_unknown_field_key(refused: Callable[..., str], data: Data) -> None:
    data["indicators"][0]["units"] = "tin, bài"
    refused(data, "indicators[0].units", "Các khóa dùng được: aggregate, choices")


def test_phrase_with_unknown_code(refused: Callable[..., str], data: Data) -> None:
    data["indicators"][3]["phrase"] = "{value} đoàn ra với {nguoi_di} lượt người"
    message = refused(data, "indicators[3].phrase", "Dùng {value} hoặc mã của một chỉ tiêu khác")
    assert "{nguoi_di}" in message


# --- rules -----------------------------------------------------------------------------------


def test_rule_with_unknown_code(refused: Callable[..., str], data: Data) -> None:
    data["rules"][0]["expression"] = "nguoi_ra >= doan_raa"
    message = refused(data, "rules[0].expression", "Kiểm tra lại chính tả mã")
    assert "«doan_raa»" in message


def test_table_rule_may_only_use_its_columns(refused: Callable[..., str], data: Data) -> None:
    data["tables"][0]["rules"][0]["expression"] = "so_nguoi <= nguoi_ra"
    refused(data, "tables[0].rules[0].expression", "Kiểm tra lại chính tả mã")


@pytest.mark.parametrize("expression", ["__import__('os')", "doan_ra.real", "[1][0]", "lambda: 1", "nguoi_ra >="])
def test_rule_with_forbidden_syntax(refused: Callable[..., str], data: Data, expression: str) -> None:
    data["rules"][0]["expression"] = expression
    message = refused(data, "rules[0].expression", "Ví dụ đúng: nguoi_ra >= doan_ra")
    assert expression in message


@pytest.mark.parametrize(
    "template",
    [
        "__import__('pathlib').Path({marker!r}).touch()",
        "open({marker!r}, 'w') is None",
        "[open({marker!r}, 'w') for x in [1]]",
        "doan_ra > 0 and __import__('os').system('touch ' + {marker!r}) == 0",
    ],
)
def test_rule_is_never_executed(
    tmp_path: Path, refused: Callable[..., str], data: Data, template: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    marker = tmp_path / "executed"
    calls: list[Any] = []
    monkeypatch.setattr("builtins.eval", lambda *args, **kwargs: calls.append(args))
    monkeypatch.setattr("builtins.exec", lambda *args, **kwargs: calls.append(args))
    data["rules"][0]["expression"] = template.format(marker=str(marker))
    refused(data, "rules[0].expression", "Ví dụ đúng: nguoi_ra >= doan_ra")
    with pytest.raises(rules.RuleSyntaxError):
        rules.parse(template.format(marker=str(marker)))
    assert not marker.exists()
    assert calls == []


def test_deeply_nested_rule_is_a_form_error(write: Callable[[Data], Path], data: Data) -> None:
    data["rules"][0]["expression"] = "doan_ra" + " + 1" * 5000 + " > 0"
    with pytest.raises(FormError):
        load_form(write(data))


# --- files -----------------------------------------------------------------------------------


def test_yaml_syntax_error_gives_the_line(tmp_path: Path) -> None:
    path = tmp_path / "hong.yaml"
    path.write_text("id: hoi_nhap_quoc_te\nversion: '1'\nperiod:\n  type: month\n   year: 2022\n", encoding="utf-8")
    with pytest.raises(FormError) as info:
        load_form(path)
    message = str(info.value)
    assert str(path) in message
    assert "dòng 5" in message
    assert "Kiểm tra thụt lề và dấu hai chấm" in message


def test_file_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "ansi.yaml"
    path.write_bytes(DEFAULT_YAML.read_text(encoding="utf-8").encode("utf-16"))
    with pytest.raises(FormError) as info:
        load_form(path)
    assert str(path) in str(info.value)
    assert "Hãy lưu lại tệp với mã UTF-8" in str(info.value)


def test_legacy_vietnamese_encoding_is_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "cp1252.yaml"
    path.write_bytes("id: hoi_nhap_quoc_te\ntitle: Báo cáo\n".encode("cp1252"))
    with pytest.raises(FormError, match="UTF-8"):
        load_form(path)


def test_missing_form_file(tmp_path: Path) -> None:
    path = tmp_path / "khong_co.yaml"
    with pytest.raises(FormError) as info:
        load_form(path)
    assert str(path) in str(info.value)


def test_missing_units_file(refused: Callable[..., str], data: Data) -> None:
    del data["units"]
    data["units_file"] = "units/khong_co.yaml"
    message = refused(data, "units_file", "Sửa đường dẫn")
    assert "khong_co.yaml" in message


def test_duplicate_unit_codes_inline(refused: Callable[..., str], data: Data) -> None:
    data["units"][1]["code"] = "snv"
    message = refused(data, "units[1].code", "Mỗi đơn vị một mã riêng")
    assert "«snv»" in message


def test_duplicate_unit_codes_in_units_file(tmp_path: Path, refused: Callable[..., str], data: Data) -> None:
    units = copy.deepcopy(_UNITS)
    units[5]["code"] = units[2]["code"]
    (tmp_path / "don_vi.yaml").write_text(yaml.safe_dump({"units": units}, allow_unicode=True), encoding="utf-8")
    del data["units"]
    data["units_file"] = "don_vi.yaml"
    refused(data, "don_vi.yaml: units[5].code", "Mỗi đơn vị một mã riêng")


# --- the rule language -----------------------------------------------------------------------


def check(text: str, **values: Any) -> bool | None:
    return rules.evaluate(rules.parse(text), values)


def test_parse_collects_codes_but_not_function_names() -> None:
    expression = rules.parse("  max(doan_ra, 1) <= nguoi_ra or not filled(ghi_chu)  ")
    assert expression.names == {"doan_ra", "nguoi_ra", "ghi_chu"}
    assert expression.text == "max(doan_ra, 1) <= nguoi_ra or not filled(ghi_chu)"


@pytest.mark.parametrize(("x", "expected"), [(0, True), (5, True), (10, True), (-1, False), (11, False)])
def test_chained_comparison(x: int, expected: bool) -> None:
    assert check("0 <= x <= 10", x=x) is expected


def test_chained_comparison_with_several_fields() -> None:
    assert check("a < b < c", a=1, b=2, c=3) is True
    assert check("a < b < c", a=1, b=3, c=2) is False
    assert check("a == b != c", a=2, b=2, c=3) is True


@pytest.mark.parametrize(
    ("text", "values", "expected"),
    [
        ("x > 0 and y > 0", {"x": 1, "y": 1}, True),
        ("x > 0 and y > 0", {"x": 1, "y": 0}, False),
        ("x > 0 or y == 0", {"x": 0, "y": 0}, True),
        ("x > 0 or y == 0", {"x": 0, "y": 2}, False),
        ("not x > 0", {"x": 0}, True),
        ("not (x > 0 and y > 0)", {"x": 1, "y": 1}, False),
        ("du_an > 0 or von_du_an == 0", {"du_an": 0, "von_du_an": 0}, True),
        ("du_an > 0 or von_du_an == 0", {"du_an": 0, "von_du_an": 18500.5}, False),
    ],
)
def test_and_or_not(text: str, values: dict[str, Any], expected: bool) -> None:
    assert rules.evaluate(rules.parse(text), values) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a + b * 2 == 8", True),
        ("(a + b) * 2 == 10", True),
        ("a - b == -1", True),
        ("b / a == 1.5", True),
        ("-a < 0", True),
        ("+a == 2", True),
        ("a * 1.5 == 3", True),
    ],
)
def test_arithmetic(text: str, expected: bool) -> None:
    assert check(text, a=2, b=3) is expected


@pytest.mark.parametrize(
    "text",
    ["max(a, b) == 3", "min(a, b) == 2", "abs(a - b) == 1", "abs(-a) == a", "max(a, b, 10) == 10"],
)
def test_functions(text: str) -> None:
    assert check(text, a=2, b=3) is True


def test_max_of_an_empty_value_is_none() -> None:
    assert check("max(a, b) > 0", a=2) is None


@pytest.mark.parametrize(("value", "filled"), [(0, True), ("x", True), (None, False), ("", False)])
def test_filled(value: Any, filled: bool) -> None:
    assert check("filled(x)", x=value) is filled
    assert check("not filled(x) or x == x", x=value) is True
    assert check("filled(x)") is False


def test_text_comparison() -> None:
    assert check('ke_hoach == "Đã ban hành" or not filled(ngay_ke_hoach)', ke_hoach="Đang xây dựng") is True
    assert check('ke_hoach != "Đã ban hành"', ke_hoach="Đã ban hành") is False


def test_dates_compare() -> None:
    assert check("den_ngay >= tu_ngay", tu_ngay=dt.datetime(2022, 3, 1), den_ngay=dt.datetime(2022, 3, 4)) is True
    assert check("den_ngay >= tu_ngay", tu_ngay=dt.datetime(2022, 3, 4), den_ngay=dt.datetime(2022, 3, 1)) is False


@pytest.mark.parametrize("values", [{"nguoi_ra": 5}, {"nguoi_ra": 5, "doan_ra": None}, {"nguoi_ra": 5, "doan_ra": ""}])
def test_missing_value_gives_none(values: dict[str, Any]) -> None:
    assert rules.evaluate(rules.parse("nguoi_ra >= doan_ra"), values) is None


def test_missing_value_in_arithmetic_gives_none() -> None:
    assert check("a + b > 0", a=1) is None
    assert check("0 <= a <= b", a=1) is None


@pytest.mark.parametrize("text", ["a / b > 1", "a / (b - b) == 0", "1 / 0 > 0"])
def test_division_by_zero_gives_none(text: str) -> None:
    assert check(text, a=4, b=0) is None


def test_incomparable_values_give_none() -> None:
    assert check("a > b", a="chữ", b=1) is None


@pytest.mark.parametrize(
    "text",
    [
        "__import__('os')",
        "doan_ra.real",
        "[1][0]",
        "lambda: 1",
        "x ** 2 > 0",
        "x // 2 == 1",
        "x % 2 == 0",
        "x if y else z",
        "x in y",
        "x is None",
        "True",
        "print(x)",
        "max(x, key=abs)",
        "filled(x, y)",
        "filled(1)",
        "x := 1",
        "f'{x}'",
        "~x",
        "x >",
    ],
)
def test_parse_refuses_everything_else(text: str) -> None:
    with pytest.raises(rules.RuleSyntaxError) as info:
        rules.parse(text)
    assert text in str(info.value)


@pytest.mark.parametrize(
    ("block", "key", "words"),
    [
        ({"copies_to": "Giám đốc Sở"}, "report.copies_to", "danh sách"),
        ({"chart": "doan_ra"}, "report.chart", "danh sách"),
        ({"numbr": 15}, "report.numbr", "không được hỗ trợ"),
        ({"chart": ["ke_hoach"]}, "report.chart[0]", "không phải chỉ tiêu dạng số"),
        ({"contributions": "some"}, "report.contributions", "merged (gộp các ý trùng nhau, kèm tên đơn vị) hoặc full"),
        ({"body_pages": 0}, "report.body_pages", "số nguyên dương"),
        ({"unit_texts": "có"}, "report.unit_texts", "true hoặc false"),
        ({"unit_detail_limit": 0}, "report.unit_detail_limit", "số nguyên dương"),
        ({"unit_detail_limit": "nhiều"}, "report.unit_detail_limit", "số nguyên dương"),
    ],
)
def test_report_block_mistakes(write: Callable[[Data], Path], data: Data, block: dict, key: str, words: str) -> None:
    data["report"] = block
    with pytest.raises(FormError, match=re.escape(f"«{key}»")) as caught:
        load_form(write(data))
    assert words in str(caught.value)


def test_impossible_date_in_yaml_is_a_form_error(tmp_path: Path) -> None:
    source = Path(load_form("hoi_nhap_quoc_te").source or "")
    text = source.read_text(encoding="utf-8").replace("deadline: 2022-06-17", "deadline: 2022-06-31")
    (tmp_path / "units").mkdir()
    (tmp_path / "units" / "lang_son_2022.yaml").write_text(
        (source.parent / "units" / "lang_son_2022.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    broken = tmp_path / "form.yaml"
    broken.write_text(text, encoding="utf-8")
    with pytest.raises(FormError, match="ngày «2022-06-31» không tồn tại"):
        load_form(broken)


def test_unusual_thresholds(write: Callable[[Data], Path], data: Data) -> None:
    data["unusual"] = {"ratio": 3, "z": 4.5}
    form = load_form(write(data))
    assert (form.unusual.ratio, form.unusual.z, form.unusual.min_group) == (3, 4.5, 5)
    data["unusual"] = {"ratio": 0.5}
    with pytest.raises(FormError, match="«unusual.ratio»"):
        load_form(write(data))


# --- the reminder letter's settings: the agency's own request and its contact person ----------------------


def test_the_agency_contact_and_own_request_are_read(load: Callable[[Data], Form], data: Data) -> None:
    agency = load(data).agency
    assert agency.units_request == "Công văn số 1034/SVHTTDL-VP ngày 25/5/2022"
    assert agency.contact is not None
    assert (agency.contact.name, agency.contact.phone) == ("Hoàng Thị Lan, chuyên viên Văn phòng Sở", "0205 3812 345")
    del data["agency"]["contact"], data["agency"]["units_request"]
    bare = load(data).agency
    assert (bare.contact, bare.units_request) == (None, "")


def test_a_contact_phone_written_as_a_number_or_with_letters_is_refused(
    refused: Callable[..., str], data: Data
) -> None:
    data["agency"]["contact"]["phone"] = 2053812345
    message = refused(data, "agency.contact.phone", 'Đặt số điện thoại trong dấu nháy, ví dụ phone: "0205 3812 345".')
    assert "số điện thoại «2053812345» được đọc là một con số nên mất số 0 ở đầu" in message
    data["agency"]["contact"]["phone"] = "gọi chị Lan"
    message = refused(data, "agency.contact.phone", "Chỉ viết chữ số, dấu cách, dấu chấm hoặc dấu gạch ngang")
    assert "số điện thoại «gọi chị Lan» có chữ hoặc ký hiệu lạ" in message
    data["agency"]["contact"] = "Hoàng Thị Lan"
    refused(data, "agency.contact", "Viết dạng «khóa: giá trị», mỗi khóa một dòng.")
