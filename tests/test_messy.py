"""`run` over everything that really comes back: every file accounted for, nothing lost or double counted."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import docx
import openpyxl
import pytest

from consolidate.form import Form
from consolidate.run import JSON_NAME, REPORT_NAME, SUMMARY_NAME, run
from tests.conftest import sha256
from tests.messy import VALID_TIN_BAI, Case, build


@pytest.fixture(scope="module")
def messy(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Case]]:
    root = tmp_path_factory.mktemp("messy")
    cases = build(root / "in", root / "templates")
    return root / "in", cases


@pytest.fixture(scope="module")
def outcome(messy: tuple[Path, list[Case]], form: Form, tmp_path_factory: pytest.TempPathFactory) -> Any:
    folder, _ = messy
    before = {p: sha256(p) for p in folder.rglob("*") if p.is_file()}
    out = tmp_path_factory.mktemp("out")
    result = run([folder], form, out, now=dt.datetime(2022, 6, 20))
    after = {p: sha256(p) for p in folder.rglob("*") if p.is_file()}
    return result, out, before, after


def test_every_file_is_accounted_for_with_a_message(messy: tuple[Path, list[Case]], outcome: Any) -> None:
    folder, cases = messy
    _, out, _, _ = outcome
    data = json.loads((out / JSON_NAME).read_text(encoding="utf-8"))
    files = {str(Path(f["path"]).relative_to(folder)): f for f in data["files"]}
    assert set(files) == {c.path for c in cases}
    for case in cases:
        entry = files[case.path]
        assert entry["status"] == case.status, (case.path, entry)
        said = " ".join([entry["reason"], *(p["message"] for p in entry["problems"])])
        assert case.words in said, (case.path, said)
        if case.unit:
            assert entry["unit"] == case.unit, case.path
        if case.status == "rejected":
            assert any(p["severity"] == "error" for p in entry["problems"]), case.path


def test_totals_are_those_of_the_valid_files_alone(outcome: Any, form: Form) -> None:
    result, _, _, _ = outcome
    c = result.consolidation
    accepted = {u.unit.code for u in c.by_status("accepted")}
    assert accepted == set(VALID_TIN_BAI)
    syt = c.values["SYT"]["tin_bai"]  # from the .ods fixture
    expected = sum(v for v in VALID_TIN_BAI.values() if v is not None) + syt
    assert c.totals["tin_bai"] == expected
    assert c.values["SGTVT"]["ty_le_giai_ngan"] == 42.5
    assert {u.unit.code for u in c.by_status("rejected")} == {"STP", "STC", "SXD", "STNMT", "TTT", "SKHCN"}


def test_inputs_are_byte_identical(outcome: Any) -> None:
    _, _, before, after = outcome
    assert before == after and len(before) > 25


def test_user_text_never_becomes_a_formula(outcome: Any) -> None:
    result, out, _, _ = outcome
    texts = {
        section: {e["unit"]: e["text"] for e in entries} for section, entries in result.consolidation.narratives.items()
    }
    assert texts["kien_nghi"]["UBND_VL"] == '=HYPERLINK("http://x")'
    assert texts["kho_khan"]["UBND_VL"] == "Kinh phí còn hạn chế."  # NFD, no-break space, zero-width: normalised
    assert texts["kho_khan"]["UBND_TD"] == "Báo cáo kết quả công tác hội nhập quốc tế"  # TCVN3 converted
    wb = openpyxl.load_workbook(out / SUMMARY_NAME)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    # Only the totals the tool writes itself: aggregate functions over cell ranges.
                    assert ws.title in ("Tổng hợp", "Biểu đồ"), (ws.title, cell.coordinate)
                    assert "HYPERLINK" not in str(cell.value), cell.coordinate
    texts = [c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.data_type == "s"]
    assert '=HYPERLINK("http://x")' in texts
    document = docx.Document(str(out / REPORT_NAME))
    assert any('=HYPERLINK("http://x")' in p.text for p in document.paragraphs)
