"""National scale: the benchmark's generated submissions, the process pool, progress and timings."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from consolidate.check import check_paths
from consolidate.cli import app
from consolidate.form import Form, load_form

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

from generate import Dataset, dataset, rewrite_submission  # noqa: E402

COUNT = 30  # above PARALLEL_FROM["fork"], so the pool is used where the tests run


@pytest.fixture(scope="module")
def communes(tmp_path_factory: pytest.TempPathFactory) -> Dataset:
    return dataset(COUNT, tmp_path_factory.mktemp("benchmark"))


@pytest.fixture(scope="module")
def commune_form(communes: Dataset) -> Form:
    return load_form(communes.form_path)


def _essence(result: Any) -> tuple[Any, ...]:
    return (result.path.name, result.status, result.unit, result.values, result.narratives, result.tables,
            [p.to_dict() for p in result.problems])  # fmt: skip


def test_generated_submissions_are_valid_full_and_varied(communes: Dataset, commune_form: Form) -> None:
    report = check_paths([communes.submissions], commune_form, workers=1)
    assert len(report.files) == COUNT
    assert {f.status for f in report.files} <= {"ok", "warning"}
    assert not [p for f in report.files for p in f.problems if p.severity == "error"]
    first = report.files[0]
    assert first.unit == "XA00001" and set(first.values) >= {f.code for f in commune_form.indicators if f.numeric}
    assert set(first.narratives) >= {"tuyen_truyen", "hop_tac", "kho_khan", "nhiem_vu"}
    assert len({f.values["tin_bai"] for f in report.files}) > COUNT // 3
    assert sum(len(f.tables.get("ds_doan_vao", [])) for f in report.files) > 0
    groups = {u.group for u in commune_form.units}
    assert len(groups) == COUNT  # 30 communes over 34 provinces: one each


def test_the_pool_gives_what_one_process_gives_in_the_same_order(communes: Dataset, commune_form: Form) -> None:
    alone = check_paths([communes.submissions], commune_form, workers=1)
    seen: list[tuple[int, int]] = []
    pooled = check_paths([communes.submissions], commune_form, workers=2, progress=lambda d, t: seen.append((d, t)))
    assert [_essence(r) for r in pooled.files] == [_essence(r) for r in alone.files]
    assert seen[0] == (0, COUNT) and seen[-1] == (COUNT, COUNT)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
    assert pooled.timings["read"] > 0 and pooled.timings["parse"] > 0


def test_a_changed_file_is_parsed_again_the_others_come_from_the_store(
    communes: Dataset, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from consolidate import check

    runner = CliRunner()
    out = tmp_path / "out"
    args = ["run", str(communes.submissions), "--form", str(communes.form_path), "--out", str(out), "--quiet"]
    assert runner.invoke(app, args).exit_code == 0
    parsed: list[str] = []
    original = check._check_timed

    def counting(path: Path, *rest: Any) -> Any:
        parsed.append(path.name)
        return original(path, *rest)

    monkeypatch.setattr(check, "_check_timed", counting)
    monkeypatch.setattr(check, "PARALLEL_FROM", dict.fromkeys(check.PARALLEL_FROM, 10**6))  # in this process
    rewrite_submission(communes, 0, changed=True)
    try:
        timings = tmp_path / "thoi_gian.json"
        result = runner.invoke(app, [*args, "--timings", str(timings)])
    finally:
        rewrite_submission(communes, 0, changed=False)
    assert result.exit_code == 0, result.output
    assert parsed == ["hoi_nhap_quoc_te_XA00001.xlsx"]
    data = json.loads(timings.read_text(encoding="utf-8"))
    assert data["files"] == COUNT and data["stages"]["write_xlsx"] == "ghi bảng tổng hợp"
    assert set(data["seconds"]) == set(data["stages"]) and data["seconds"]["parse"] > 0


def test_no_progress_bar_when_the_output_is_not_a_terminal(communes: Dataset, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["check", str(communes.submissions), "--form", str(communes.form_path)], catch_exceptions=False
    )
    assert "tệp/giây" not in result.output and "Đọc và kiểm tra tệp" not in result.output
    assert f"Đã kiểm tra {COUNT} tệp" in result.output


def test_unit_codes_in_file_names(commune_form: Form, form: Form) -> None:
    assert commune_form.units_named_in("hoi_nhap_quoc_te_XA00007.xlsx") == ["XA00007"]
    assert commune_form.units_named_in("XA00007_XA00003 ban sao") == ["XA00003", "XA00007"]
    assert commune_form.units_named_in("XA000071.xlsx") == []
    assert form.units_named_in("bao cao UBND_TD-2022.xlsx") == ["UBND_TD"]
    assert form.units_named_in("SNVX.xlsx") == [] and form.units_named_in("snv.xlsx") == []


def test_many_files_on_the_terminal_only_those_with_problems_are_listed(
    communes: Dataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    from consolidate import cli

    monkeypatch.setattr(cli, "LISTED_LIMIT", 5)
    result = CliRunner().invoke(app, ["check", str(communes.submissions), "--form", str(communes.form_path)])
    listed = [line for line in result.output.splitlines() if ".xlsx: " in line]
    assert all("hợp lệ" not in line for line in listed)
    assert f"Đã kiểm tra {COUNT} tệp: " in result.output


def test_a_file_that_kills_its_reader_is_that_files_error(
    communes: Dataset, commune_form: Form, monkeypatch: pytest.MonkeyPatch, start_method: str
) -> None:
    from consolidate import check
    from tests.crash import VICTIMS, DeadlyCache

    healthy = check_paths([communes.submissions], commune_form, workers=1)
    monkeypatch.setattr(check, "PARALLEL_FROM", dict.fromkeys(check.PARALLEL_FROM, 2))  # decided in this process
    cache = DeadlyCache()
    report = check_paths([communes.submissions], commune_form, cache=cache, workers=2)
    assert [f.path for f in report.files] == [f.path for f in healthy.files]
    dead = [f for f in report.files if f.path.name in VICTIMS]
    assert len(dead) == 2 and all(f.status == "error" and "dừng đột ngột" in f.problems[0].message for f in dead)
    others = [_essence(f) for f in report.files if f.path.name not in VICTIMS]
    assert others == [_essence(f) for f in healthy.files if f.path.name not in VICTIMS]
    assert len(cache.kept) == COUNT - 2  # every other file read once, none twice
