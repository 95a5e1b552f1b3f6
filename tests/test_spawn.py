"""Worker processes started the Windows way (spawn) give what they give the Linux way (fork).

Spawned workers are new interpreters: they see nothing patched in the test process. What must
happen inside them (a crash, a failing writer) reaches them by name, from tests/crash.py.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from consolidate import check
from consolidate import run as run_module
from consolidate.check import check_paths
from consolidate.cli import app
from consolidate.errors import OutputError, UsageError
from consolidate.form import Form, load_form
from consolidate.processes import START_METHOD_VARIABLE, start_method
from consolidate.store import Store
from tests.crash import SPARED, VICTIMS, DeadlyCache, UnsendableCache, dying_summary, full_disk_summary
from tests.test_scale import _essence

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

from generate import Dataset, dataset  # noqa: E402

NOW = dt.datetime(2022, 6, 20, 9, 30)
COUNT = run_module.PARALLEL_WRITE_FROM  # units enough for the second writer; the pool is made to start below


@pytest.fixture(scope="module")
def communes(tmp_path_factory: pytest.TempPathFactory) -> Dataset:
    return dataset(COUNT, tmp_path_factory.mktemp("spawn"))


@pytest.fixture(scope="module")
def commune_form(communes: Dataset) -> Form:
    return load_form(communes.form_path)


@pytest.fixture(scope="module")
def alone(communes: Dataset, commune_form: Form) -> check.CheckReport:
    return check_paths([communes.submissions], commune_form, workers=1)


@pytest.fixture
def pooled(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Every run of the test uses the pool (the count is compared in this process); the pools started."""
    monkeypatch.setattr(check, "PARALLEL_FROM", dict.fromkeys(check.PARALLEL_FROM, 2))
    started: list[int] = []
    original = check._parse_in_pool

    def counting(paths: list[Path], positions: list[int], *rest: Any) -> Any:
        started.append(len(positions))
        return original(paths, positions, *rest)

    monkeypatch.setattr(check, "_parse_in_pool", counting)
    return started


# --- tests ------------------------------------------------------------------------------------------


def test_the_start_method_is_chosen_in_one_place(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(START_METHOD_VARIABLE, raising=False)
    assert start_method() == "fork"  # these tests run on Linux
    for platform in ("win32", "darwin"):
        monkeypatch.setattr(sys, "platform", platform)
        assert start_method() == "spawn"
    monkeypatch.setenv(START_METHOD_VARIABLE, " Spawn ")
    assert start_method() == "spawn"
    monkeypatch.setenv(START_METHOD_VARIABLE, "thread")
    with pytest.raises(UsageError) as caught:
        start_method()
    assert str(caught.value).startswith(
        "Biến môi trường CONSOLIDATE_START_METHOD = «thread» không dùng được trên máy này; hãy đặt một trong "
    )


def test_a_wrong_start_method_is_a_usage_error_on_the_command_line(
    communes: Dataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(START_METHOD_VARIABLE, "thread")
    result = CliRunner().invoke(app, ["check", str(communes.submissions), "--form", str(communes.form_path)])
    assert result.exit_code == 2
    assert "Lỗi: Biến môi trường CONSOLIDATE_START_METHOD = «thread» không dùng được" in result.output


def test_the_pool_gives_what_one_process_gives(
    communes: Dataset, commune_form: Form, alone: check.CheckReport, pooled: list[int], start_method: str
) -> None:
    report = check_paths([communes.submissions], commune_form, workers=2)
    assert pooled == [COUNT]
    assert [_essence(r) for r in report.files] == [_essence(r) for r in alone.files]


def test_readers_killed_by_their_files_cost_one_pool_each_not_a_process_per_file(
    communes: Dataset,
    commune_form: Form,
    alone: check.CheckReport,
    pooled: list[int],
    start_method: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    alone_started: list[int] = []
    original = check._check_alone

    def counting(items: list[tuple[int, Path]], *rest: Any) -> Any:
        alone_started.append(len(items))
        return original(items, *rest)

    monkeypatch.setattr(check, "_check_alone", counting)
    cache = DeadlyCache()
    report = check_paths([communes.submissions], commune_form, cache=cache, workers=2)
    assert [f.path for f in report.files] == [f.path for f in alone.files]
    dead = [f for f in report.files if f.path.name in VICTIMS]
    assert [(f.status, f.problems[0].message) for f in dead] == [
        (
            "error",
            "Tệp làm chương trình đọc bị dừng đột ngột (tệp có thể bị hỏng hoặc quá lớn). Hãy mở tệp bằng Excel "
            "hoặc LibreOffice, lưu lại rồi gửi lại; nếu vẫn lỗi, gửi tệp cho người quản trị hệ thống.",
        )
    ] * len(VICTIMS)
    others = [_essence(f) for f in report.files if f.path.name not in VICTIMS]
    assert others == [_essence(f) for f in alone.files if f.path.name not in VICTIMS]
    hashes = [digest for digest, _ in cache.kept]
    assert len(hashes) == len(set(hashes)) == COUNT - len(VICTIMS)  # every other file read, none twice
    # Each death: one new pool, and a process of its own for the file each worker was reading.
    assert len(pooled) <= 1 + len(VICTIMS) and sum(alone_started) <= 2 * len(VICTIMS)
    assert pooled[0] == COUNT and all(later < COUNT for later in pooled[1:])


def test_a_file_whose_reader_cannot_be_restarted_is_read_here(
    communes: Dataset,
    commune_form: Form,
    alone: check.CheckReport,
    pooled: list[int],
    start_method: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    original = check.ProcessPoolExecutor

    class Starved(original):  # type: ignore[misc,valid-type]
        """A pool of one (a file read alone) cannot start its process, as when memory is short."""

        def submit(self, *args: Any, **kwargs: Any) -> Any:
            if self._max_workers == 1:
                raise OSError(12, "Cannot allocate memory")
            return super().submit(*args, **kwargs)

    monkeypatch.setattr(check, "ProcessPoolExecutor", Starved)
    monkeypatch.setenv(SPARED, str(os.getpid()))  # read here, the victims do not kill the test
    cache = DeadlyCache()
    report = check_paths([communes.submissions], commune_form, cache=cache, workers=2)
    assert [_essence(r) for r in report.files] == [_essence(r) for r in alone.files]
    hashes = [digest for digest, _ in cache.kept]
    assert len(hashes) == len(set(hashes)) == COUNT and len(pooled) > 1


def test_workers_that_cannot_start_leave_the_files_to_this_process(
    communes: Dataset, commune_form: Form, alone: check.CheckReport, pooled: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(START_METHOD_VARIABLE, "spawn")  # what a spawned worker receives is pickled
    cache = UnsendableCache()
    report = check_paths([communes.submissions], commune_form, cache=cache, workers=2)
    assert pooled == [COUNT]
    assert [_essence(r) for r in report.files] == [_essence(r) for r in alone.files]
    assert len(cache.kept) == COUNT


def test_run_gives_the_same_outputs_under_fork_and_spawn(
    communes: Dataset, commune_form: Form, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pooled: list[int]
) -> None:
    import openpyxl

    asides: list[str] = []

    class Counted(run_module._Aside):
        def __init__(self, *args: Any) -> None:
            asides.append(start_method())
            super().__init__(*args)

    monkeypatch.setattr(run_module, "_Aside", Counted)  # a second process when forked, this one when spawned
    outputs = {}
    for method in ("fork", "spawn"):
        monkeypatch.setenv(START_METHOD_VARIABLE, method)
        outputs[method] = run_module.run([communes.submissions], commune_form, tmp_path / method, now=NOW).outputs
    assert asides == ["fork", "spawn"] and pooled == [COUNT, COUNT]

    def essence(path: Path) -> dict[str, Any]:
        data = json.loads(path.read_text(encoding="utf-8"))
        data.pop("created")
        return data

    def cells(path: Path) -> dict[str, list[tuple[Any, ...]]]:
        workbook = openpyxl.load_workbook(path, read_only=True)
        try:
            return {ws.title: list(ws.iter_rows(values_only=True)) for ws in workbook.worksheets}
        finally:
            workbook.close()

    fork, spawn = outputs["fork"], outputs["spawn"]
    assert essence(spawn["json"]) == essence(fork["json"])
    assert cells(spawn["summary"]) == cells(fork["summary"])


def test_a_second_writer_that_dies_is_a_vietnamese_output_error(
    inbox_of_three: Path, form: Form, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from consolidate import summary_xlsx

    monkeypatch.setenv(START_METHOD_VARIABLE, "fork")  # spawned, the summary is written in this process
    monkeypatch.setattr(run_module, "PARALLEL_WRITE_FROM", 1)
    monkeypatch.setattr(summary_xlsx, "write_summary", dying_summary)
    with pytest.raises(OutputError) as caught:
        run_module.run([inbox_of_three], form, tmp_path / "out", now=NOW)
    assert str(caught.value).startswith(
        "Không ghi được bảng tổng hợp do lỗi kỹ thuật (tiến trình ghi bảng tổng hợp dừng giữa chừng). "
        "Kết quả cũ được giữ nguyên;"
    )
    assert not (tmp_path / "out" / run_module.SUMMARY_NAME).exists()


@pytest.fixture
def inbox_of_three(tmp_path: Path, fill: Any) -> Path:
    folder = tmp_path / "nhan"
    folder.mkdir()
    for unit in ("SNV", "SYT", "UBND_TPLS"):
        fill(unit=unit).rename(folder / f"{unit}.xlsx")
    return folder


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_a_full_disk_while_the_summary_is_written_aside_names_the_summary(
    inbox_of_three: Path, form: Form, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, method: str
) -> None:
    from consolidate import summary_xlsx

    monkeypatch.setenv(START_METHOD_VARIABLE, method)
    monkeypatch.setattr(run_module, "PARALLEL_WRITE_FROM", 1)
    monkeypatch.setattr(summary_xlsx, "write_summary", full_disk_summary)
    with pytest.raises(OutputError) as caught:
        run_module.run([inbox_of_three], form, tmp_path / "out", now=NOW)
    assert str(caught.value) == f"Không ghi được tệp «{tmp_path / 'out' / run_module.SUMMARY_NAME}»: ổ đĩa đã đầy."
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [run_module.HISTORY_NAME]  # nothing else
    with Store.open(tmp_path / "out" / run_module.HISTORY_NAME, create=False) as store:
        assert store.runs(form.id) == []  # the run is not recorded
