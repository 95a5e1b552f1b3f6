"""`check` and `run` over files as they really come: each file named as what it is, in Vietnamese only.

The folder is built by tests/corpus.py: misnamed reports read by their content, .xlsb read, formats
that cannot be read named with the Save As that fits, documents that are no spreadsheet, copies,
empty files, and the tool's own outputs lying among the submissions.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from typer.testing import CliRunner

from consolidate.check import CheckReport, check_file, check_paths
from consolidate.cli import app
from consolidate.form import Form
from consolidate.read import read_submission
from consolidate.run import JSON_NAME, SUMMARY_NAME, run
from tests.conftest import sha256
from tests.corpus import FIXTURE_UNIT, Case, build

# English a library would say; none of it may reach a message people read.
ENGLISH = re.compile(
    r"\b(?:[Ee]rror|Exception|Calamine|Traceback|[Cc]annot|[Ii]nvalid|not found|detect|[Zz]ip error)\b"
)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Case], Path]:
    root = tmp_path_factory.mktemp("corpus")
    cases = build(root / "in", root / "work")
    return root / "in", cases, root / "work"


@pytest.fixture(scope="module")
def checked(corpus: tuple[Path, list[Case], Path], form: Form) -> CheckReport:
    folder, _, _ = corpus
    return check_paths([folder], form)


def _said(entry: Any) -> str:
    if isinstance(entry, dict):
        return " ".join([entry["reason"], *(p["message"] for p in entry["problems"])])
    return " ".join([entry.reason, *(p.message for p in entry.problems)])


def test_check_names_every_file_as_what_it_is(corpus: tuple[Path, list[Case], Path], checked: CheckReport) -> None:
    folder, cases, _ = corpus
    by_path = {f.relative_path: f for f in checked.files}
    assert set(by_path) == {c.path for c in cases}
    for case in cases:
        result = by_path[case.path]
        said = _said(result)
        assert result.status == case.status, (case.path, said)
        assert case.words in said, (case.path, said)
        assert result.unit == case.unit, case.path
        assert not ENGLISH.search(said), (case.path, said)
        # None of these files is damaged: none may be called so.
        assert "hỏng" not in said, (case.path, said)


def test_a_wrong_extension_is_one_warning_and_the_content_is_read(
    corpus: tuple[Path, list[Case], Path], checked: CheckReport, form: Form
) -> None:
    folder, _, _ = corpus
    by_path = {f.relative_path: f for f in checked.files}
    for name, real in (("xls_mang_duoi_xlsx.xlsx", ".xls"), ("ods_mang_duoi_xlsx.xlsx", ".ods")):
        result = by_path[name]
        [warning] = result.problems
        assert warning.severity == "warning"
        assert f"Hãy đổi tên tệp thành «{Path(name).stem}{real}»" in warning.message
        assert result.unit == FIXTURE_UNIT
    # The fixture's own values come back through the misnamed copy exactly as through the original.
    original = check_file(Path(__file__).parent / "fixtures" / "filled_SYT.xls", form)
    misnamed = by_path["xls_mang_duoi_xlsx.xlsx"]
    assert (misnamed.values, misnamed.narratives, misnamed.tables) == (
        original.values,
        original.narratives,
        original.tables,
    )


@pytest.mark.parametrize(("name", "found_by"), [("nhi_phan.xlsb", "name"), ("nhi_phan_khong_ten.xlsb", "label")])
def test_xlsb_is_read_by_defined_name_or_by_the_code_shown(
    corpus: tuple[Path, list[Case], Path], form: Form, name: str, found_by: str
) -> None:
    folder, _, work = corpus
    raw = read_submission(folder / name, form)
    assert raw.format == "xlsb" and raw.missing == [] and raw.warnings == []
    assert {cell.found_by for cell in raw.cells.values()} == {found_by}
    assert {table.found_by for table in raw.tables.values()} == {found_by}
    unit = {"nhi_phan.xlsb": "SKHDT", "nhi_phan_khong_ten.xlsb": "STC"}[name]
    source = check_file(work / f"filled_{unit}.xlsx", form)
    result = check_file(folder / name, form)
    assert (result.status, result.unit) == ("ok", unit)
    assert (result.values, result.narratives, result.tables) == (source.values, source.narratives, source.tables)
    assert type(result.values["ngay_van_ban"]) is dt.date  # the date format of styles.bin is honoured


def test_unusual_packages_are_read_with_their_names(corpus: tuple[Path, list[Case], Path], form: Form) -> None:
    folder, _, work = corpus
    for name, unit in (("goi_toi_gian.xlsx", "SCT"), ("co_macro.xlsm", "SNNPTNT")):
        raw = read_submission(folder / name, form)
        assert raw.missing == [] and {cell.found_by for cell in raw.cells.values()} == {"name"}, name
        assert check_file(folder / name, form).values == check_file(work / f"filled_{unit}.xlsx", form).values
    with zipfile.ZipFile(folder / "goi_toi_gian.xlsx") as package:
        assert "xl/workbook.xml" not in package.namelist() and "bang/workbook.xml" in package.namelist()


def test_check_json_carries_detail_and_the_relative_path(corpus: tuple[Path, list[Case], Path]) -> None:
    folder, cases, _ = corpus
    result = CliRunner().invoke(app, ["check", str(folder), "--form", "hoi_nhap_quoc_te", "--json"])
    assert result.exit_code == 1, result.output
    files = {f["relative_path"]: f for f in json.loads(result.stdout)["files"]}
    assert set(files) == {c.path for c in cases}
    for case in cases:
        entry = files[case.path]
        assert entry["status"] == case.status and case.words in _said(entry), case.path
        assert entry["detail"] == "", case.path  # every file here is named by its content, no library error
    shown = CliRunner().invoke(app, ["check", str(folder), "--form", "hoi_nhap_quoc_te"]).stdout
    assert "Không xác định được đơn vị — dot_1/bao_cao.xlsx: 1 lỗi, 0 cảnh báo" in shown
    assert "Không xác định được đơn vị — dot_2/bao_cao.xlsx: 1 lỗi, 0 cảnh báo" in shown


def test_a_damaged_workbook_keeps_the_library_text_out_of_the_message(tmp_path: Path, fill: Any, form: Form) -> None:
    source = fill(unit="SNV")
    with zipfile.ZipFile(source) as package:
        parts = {name: package.read(name) for name in package.namelist()}
    del parts["xl/worksheets/sheet2.xml"]  # a sheet the workbook lists is missing from the package
    damaged = tmp_path / "hong.xlsx"
    with zipfile.ZipFile(damaged, "w") as package:
        for name, data in parts.items():
            package.writestr(name, data)
    result = check_file(damaged, form)
    [problem] = result.problems
    assert result.status == "error" and not ENGLISH.search(problem.message)
    assert problem.message.startswith("Trang «Thông tin» của tệp bị hỏng, không đọc được.")
    assert result.detail == "WorksheetNotFound: Thông tin"  # the library's own words, for --debug and the JSON
    assert result.to_dict()["detail"] == result.detail
    # --debug shows the detail; without it, only the Vietnamese message.
    args = ["check", str(damaged), "--form", "hoi_nhap_quoc_te"]
    assert "WorksheetNotFound" not in CliRunner().invoke(app, args).output
    debug = CliRunner().invoke(app, ["--debug", *args])
    assert debug.exit_code == 1 and "WorksheetNotFound: Thông tin" in debug.stderr


def test_run_accounts_for_every_file_and_shows_relative_paths(
    corpus: tuple[Path, list[Case], Path], form: Form, tmp_path: Path
) -> None:
    folder, cases, _ = corpus
    before = {p: sha256(p) for p in folder.rglob("*") if p.is_file()}
    outcome = run([folder], form, tmp_path / "out", now=dt.datetime(2022, 6, 20), use_history=False)
    assert {p: sha256(p) for p in folder.rglob("*") if p.is_file()} == before  # inputs only ever read
    data = json.loads((tmp_path / "out" / JSON_NAME).read_text(encoding="utf-8"))
    files = {f["relative_path"]: f for f in data["files"]}
    assert set(files) == {c.path for c in cases}
    for case in cases:
        if case.run_status is not None:
            assert files[case.path]["status"] == case.run_status, (case.path, files[case.path])
    depends = [files[c.path]["status"] for c in cases if c.run_status is None]
    assert sorted(depends) == ["accepted", "superseded"]  # two readable files of one unit: the newer wins
    assert {u.unit.code for u in outcome.consolidation.by_status("accepted")} == {
        "SNV",
        "STP",
        "SKHDT",
        "STC",
        "SCT",
        "SNNPTNT",
        FIXTURE_UNIT,
    }
    sheet = openpyxl.load_workbook(tmp_path / "out" / SUMMARY_NAME)["Lỗi"]
    shown = {row[1] for row in sheet.iter_rows(values_only=True)}
    assert {"dot_1/bao_cao.xlsx", "dot_2/bao_cao.xlsx", "excel4.xls"} <= shown
