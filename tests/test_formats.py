"""Workbooks saved by LibreOffice (.ods, .xls, re-saved .xlsx) read back exactly as they were filled.

The committed fixtures come from tests/fixtures/make_fixtures.py; the tests at the bottom run
LibreOffice itself and are skipped where it is not installed.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from consolidate.check import FileResult, check_file
from consolidate.form import Form
from consolidate.layout import plan
from consolidate.pdf import convert
from consolidate.read import read_submission
from tests.conftest import FIXTURES, VALID_NARRATIVES, VALID_TABLES, VALID_VALUES, FillFn, sha256, soffice


def _load_make_fixtures() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_fixtures", FIXTURES / "make_fixtures.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


made = _load_make_fixtures()
FIXTURE_FILES = [FIXTURES / name for name in made.TARGETS]
NO_SOFFICE = pytest.mark.skipif(soffice() is None, reason="LibreOffice (soffice) is not installed")


def _expected(value: Any) -> Any:
    """What check returns for a value written by openpyxl: dates without their time."""
    return value.date() if isinstance(value, dt.datetime) else value


def _typed(mapping: dict[str, Any]) -> dict[str, tuple[type, Any]]:
    # Compare types too: 86 == 86.0 and True == 1 would otherwise hide a wrong reading.
    return {code: (type(value), value) for code, value in mapping.items()}


def assert_same_content(
    result: FileResult,
    values: dict[str, Any],
    narratives: dict[str, str],
    tables: dict[str, list[dict[str, Any]]],
) -> None:
    assert _typed(result.values) == _typed({code: _expected(v) for code, v in values.items()})
    assert result.narratives == narratives
    assert {code: [_typed(row) for row in rows] for code, rows in result.tables.items()} == {
        code: [_typed({c: _expected(v) for c, v in row.items()}) for row in rows] for code, rows in tables.items()
    }


@pytest.mark.parametrize("path", FIXTURE_FILES, ids=lambda p: p.name)
def test_fixture_checks_ok_with_the_values_written(path: Path, form: Form) -> None:
    before = sha256(path)
    result = check_file(path, form)
    assert sha256(path) == before
    # A valid submission: no warnings either (no text read as a number, no serial read as a date).
    assert result.status == "ok", [p.message for p in result.problems]
    assert result.problems == []
    assert result.unit == made.UNIT
    assert_same_content(result, made.VALUES, made.NARRATIVES, made.TABLES)
    # The types the merge stage relies on, spelled out.
    assert type(result.values["ngay_van_ban"]) is dt.date
    assert type(result.values["tin_bai"]) is int
    assert type(result.values["von_du_an"]) is float
    assert "\n" in result.narratives["tuyen_truyen"]


def test_ods_and_resaved_xlsx_are_read_through_their_defined_names(form: Form) -> None:
    for path in (FIXTURES / "filled_SYT.ods", FIXTURES / "filled_SYT_libreoffice.xlsx"):
        raw = read_submission(path, form)
        assert raw.missing == []
        assert {cell.found_by for cell in raw.cells.values()} == {"name"}, path.name
        assert {table.found_by for table in raw.tables.values()} == {"name"}, path.name
        assert raw.properties["unit_code"] == made.UNIT


def test_xls_is_read_through_the_code_labels(form: Form) -> None:
    path = FIXTURES / "filled_SYT.xls"
    before = sha256(path)
    raw = read_submission(path, form)
    assert sha256(path) == before
    assert raw.format == "xls"
    assert raw.names == {}  # no defined names are read from .xls
    assert raw.missing == []
    assert {cell.found_by for cell in raw.cells.values()} == {"label"}
    assert {table.found_by for table in raw.tables.values()} == {"label"}
    # The labels lead to the very cells the names would have pointed at.
    layout = plan(form)
    for code, cell in raw.cells.items():
        place = layout.cells[code]
        assert (cell.sheet, cell.row, cell.col) == (place.sheet, place.row, place.col), code
    for code, table in raw.tables.items():
        spot = layout.tables[code]
        assert (table.sheet, table.header_row) == (spot.sheet, spot.header_row), code
        assert [table.columns[c] for c in spot.columns] == list(
            range(spot.first_col, spot.first_col + len(spot.columns))
        ), code


# --- with LibreOffice at test time -----------------------------------------------------------------


def run_soffice(tmp_path: Path, target: str, out_dir: Path, *sources: Path) -> None:
    for source in sources:
        convert(source, target, out_dir)


def pdf_pages(path: Path) -> int:
    pdfinfo = shutil.which("pdfinfo")
    if pdfinfo:
        out = subprocess.run([pdfinfo, str(path)], check=True, capture_output=True, text=True, timeout=60).stdout
        match = re.search(r"^Pages:\s*(\d+)", out, re.MULTILINE)
        assert match, out
        return int(match[1])
    # LibreOffice writes "/Type/Page" without a space; "/Type/Pages" is the page tree, not a page.
    return len(re.findall(rb"/Type\s*/Page(?!s)", path.read_bytes()))


@NO_SOFFICE
def test_every_template_opens_in_libreoffice(tmp_path: Path, templates: Path) -> None:
    sources = sorted(templates.glob("*.xlsx"))
    assert len(sources) == 4  # blank + SNV, SYT, UBND_TPLS
    out = tmp_path / "pdf"
    run_soffice(tmp_path, "pdf", out, *sources)
    for source in sources:
        pdf = out / f"{source.stem}.pdf"
        assert pdf.is_file(), source.name
        assert pdf.read_bytes().startswith(b"%PDF")
        assert pdf_pages(pdf) >= 5, source.name


@NO_SOFFICE
@pytest.mark.parametrize(
    ("target", "suffix"), [("ods", ".ods"), ("xlsx:Calc MS Excel 2007 XML", ".xlsx")], ids=["ods", "xlsx"]
)
def test_filled_xlsx_converted_by_libreoffice_still_checks_ok(
    tmp_path: Path, form: Form, fill: FillFn, target: str, suffix: str
) -> None:
    original = fill(unit="SYT")
    reference = check_file(original, form)
    assert reference.status == "ok", [p.message for p in reference.problems]
    out = tmp_path / "converted"
    run_soffice(tmp_path, target, out, original)
    converted = out / f"{original.stem}{suffix}"
    before = sha256(converted)
    result = check_file(converted, form)
    assert sha256(converted) == before
    assert result.status == "ok", [p.message for p in result.problems]
    assert result.unit == "SYT"
    assert _typed(result.values) == _typed(reference.values)
    assert result.narratives == reference.narratives
    assert result.tables == reference.tables
    assert_same_content(result, VALID_VALUES, VALID_NARRATIVES, VALID_TABLES)


# --- what a file really is, and the advice that fits it ----------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("a.xls", b"\x09\x00\x04\x00\x02\x00\x10\x00", "Tệp là bảng tính Excel 2.x (định dạng Excel đời cũ)"),
        ("a.xls", b"\x09\x02\x06\x00\x00\x00\x10\x00\x00\x00", "Tệp là bảng tính Excel 3.0 (định dạng Excel đời cũ)"),
        # The advice follows the program the file came from: an .xls user may have Excel 2003.
        ("a.xls", b"<html><body><table><tr><td>1</td></tr></table></body></html>", "«Microsoft Excel 97-2003 Workbook"),
        ("a.xlsm", b"<html><body><table></table></body></html>", "«Excel Macro-Enabled Workbook (.xlsm)»"),
        ("a.ods", b"STT;Don vi\r\n1;So Noi vu\r\n", "Hãy mở tệp bằng LibreOffice Calc"),
        ("a.xlsx", b'<?xml version="1.0"?><w:wordDocument xmlns:w="x">', "Tệp là văn bản Word dạng XML (Word 2003)"),
    ],
)
def test_what_a_file_is_and_the_save_as_that_fits(
    tmp_path: Path, form: Form, name: str, content: bytes, words: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    result = check_file(path, form)
    assert result.status == "error" and result.unit is None
    [problem] = result.problems
    assert words in problem.message
    assert "hỏng" not in problem.message


def test_an_rc4_password_xls_is_named_as_such(tmp_path: Path, form: Form) -> None:
    from tests.corpus import xor_obfuscated

    data = bytearray(xor_obfuscated((FIXTURES / "filled_SYT.xls").read_bytes()))
    at = data.find(b"\x2f\x00\x06\x00\x00\x00")  # FILEPASS, type 0 (XOR) → type 1 (RC4)
    data[at + 4] = 1
    path = tmp_path / "rc4.xls"
    path.write_bytes(bytes(data))
    [problem] = check_file(path, form).problems
    assert problem.message.startswith("Tệp được đặt mật khẩu, không đọc được.")


def test_a_csv_whose_first_column_is_id_is_text_not_sylk(tmp_path: Path, form: Form) -> None:
    path = tmp_path / "danh_sach.xls"
    path.write_bytes("ID;Đơn vị;Số đoàn\r\n1;Sở Nội vụ;2\r\n".encode())
    [problem] = check_file(path, form).problems
    assert problem.message.startswith("Tệp thực chất là văn bản thuần (CSV/TXT) được đặt đuôi bảng tính")


@pytest.mark.parametrize("shift", [0, 1, 7, 16, 0xFFFF])
def test_an_ole_header_with_a_wrong_sector_size_is_named_not_a_crash(tmp_path: Path, form: Form, shift: int) -> None:
    path = tmp_path / "hong.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 22 + shift.to_bytes(2, "little") + b"\0" * 2000)
    result = check_file(path, form)
    assert result.status == "error" and result.traceback is None
    assert result.problems[0].message.startswith("Tệp là tài liệu Office dạng cũ nhưng không phải bảng tính Excel")


def test_a_damaged_package_is_called_damaged_with_the_cause_in_the_detail(tmp_path: Path, form: Form) -> None:
    source = FIXTURES / "filled_SYT_libreoffice.xlsx"
    data = bytearray(source.read_bytes())
    with zipfile.ZipFile(source) as package:
        info = package.getinfo("xl/workbook.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    data[start + 20 : start + 40] = b"\xff" * 20  # the compressed bytes of one part, altered
    path = tmp_path / "hong.xlsx"
    path.write_bytes(bytes(data))
    result = check_file(path, form)
    [problem] = result.problems
    assert problem.message.startswith("Tệp bị hỏng hoặc bị cắt cụt (không giải nén được).")
    assert result.traceback is None and result.detail  # e.g. "error: Error -3 while decompressing data: …"
