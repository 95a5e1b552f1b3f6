"""``consolidate run``: check every file, select one submission per unit, merge, write the outputs."""

from __future__ import annotations

import datetime as dt
import gc
import multiprocessing
import time
import traceback
from collections.abc import Callable, Iterable
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from consolidate.check import CheckReport, Progress
from consolidate.errors import ConsolidateError, ConversionError, OutputError
from consolidate.files import Outputs
from consolidate.form import Form, period_bounds
from consolidate.merge import Comparison, Consolidation, compare
from consolidate.outputs import HISTORY_NAME, OUTPUTS, Writer
from consolidate.outputs import JSON_NAME as JSON_NAME  # the output names and JSON text, importable from here too
from consolidate.outputs import REPORT_NAME as REPORT_NAME
from consolidate.outputs import SUMMARY_NAME as SUMMARY_NAME
from consolidate.outputs import json_text as json_text
from consolidate.pdf import to_pdf
from consolidate.processes import start_method
from consolidate.tracking import settle

PARALLEL_WRITE_FROM = 200  # units from which the summary workbook is written by a second process
ASIDE = "summary"  # the output written by a second process for many units (the longest to write)
_WITH_PDF = {key: o.pdf_key for key, o in OUTPUTS.items() if o.pdf_key}  # outputs with a PDF copy, and its key


@dataclass
class RunResult:
    """What a run consolidated and wrote."""

    report: CheckReport
    consolidation: Consolidation
    outputs: dict[str, Path] = field(default_factory=dict)
    pdf_problems: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)  # seconds per stage (see ``STAGES``)


# Stages of a run, in order, with their Vietnamese names (``run --timings``, the benchmark).
STAGES = {
    "discover": "tìm tệp",
    "hash": "băm nội dung, tra kho lịch sử",
    "parse": "đọc và kiểm tra (song song)",
    "read": "đọc tệp (cộng dồn các tiến trình)",
    "check": "kiểm tra giá trị (cộng dồn các tiến trình)",
    "merge": "chọn bản, tổng hợp",
    "write_xlsx": "ghi bảng tổng hợp",
    "write_docx": "ghi báo cáo",
    "write_json": "ghi JSON",
    "wait_aside": "chờ tiến trình ghi bảng tổng hợp, đặt kết quả vào chỗ",
    "history": "ghi kho lịch sử",
}


def run(
    paths: Iterable[Path],
    form: Form,
    out_dir: Path,
    pdf: bool = False,
    now: dt.datetime | None = None,
    history: Path | None = None,
    use_history: bool = True,
    received_log: Path | None = None,
    progress: Progress | None = None,
) -> RunResult:
    """Consolidate the submissions under ``paths`` into ``out_dir``.

    All outputs are first written to temporary files; only when every one is complete are they
    renamed into place, so an interrupted run leaves the previous outputs as they were. PDF copies
    left from an earlier run are removed when this run does not make new ones (they would no
    longer match). Inputs are only read; files under ``out_dir`` are never taken for submissions.
    The history store (``out_dir/lich_su.sqlite`` unless given) supplies the same period of the
    previous year and the time each file was first seen, and records this run.
    """
    from consolidate import report_docx, summary_xlsx  # noqa: F401  loaded once, before a second writer forks
    from consolidate.store import Store

    store = Store.open(history or out_dir / HISTORY_NAME) if use_history else None
    try:
        return _run(paths, form, out_dir, pdf, now, store, received_log, progress)
    finally:
        if store is not None:
            store.close()


def _run(
    paths: Iterable[Path],
    form: Form,
    out_dir: Path,
    pdf: bool,
    now: dt.datetime | None,
    store: Any,
    received_log: Path | None,
    progress: Progress | None = None,
) -> RunResult:
    cache = _StoreCache(store, form) if store is not None else None
    report, consolidation = settle(paths, form, out_dir, store, received_log, now, cache, progress)
    timings = dict(report.timings)
    started = time.perf_counter()
    if store is not None:
        consolidation.previous = _previous_year(store, form)
    timings["merge"] += time.perf_counter() - started
    result = RunResult(report=report, consolidation=consolidation, timings=timings)
    targets = {key: out_dir / output.name for key, output in OUTPUTS.items()}
    writers = {key: _bound(output.writer, consolidation) for key, output in OUTPUTS.items()}
    in_parallel = len(form.units) >= PARALLEL_WRITE_FROM
    made = _write_outputs(targets, writers, timings, in_parallel, store, cache, consolidation, pdf, result.pdf_problems)
    result.outputs.update(targets)
    result.outputs.update(made)
    return result


def _bound(writer: Writer, consolidation: Consolidation) -> Callable[[Path], object]:
    return lambda path: writer(consolidation, path)


def _write_outputs(
    targets: dict[str, Path],
    writers: dict[str, Callable[[Path], object]],
    timings: dict[str, float],
    in_parallel: bool,
    store: Any,
    cache: _StoreCache | None,
    consolidation: Consolidation,
    pdf: bool = False,
    pdf_problems: list[str] | None = None,
) -> dict[str, Path]:
    """Write every output to a temporary file, record the run, put the outputs in place, commit.

    ``in_parallel``: the summary workbook (seconds for a national run) is written by a second process
    while this one writes the report, the JSON and the history. ``pdf``: PDF copies of the workbook and
    the report are made from their temporaries and join the set; without them, PDFs of an earlier run
    are removed with the set (they would no longer match). Every output is put in place, or none (a
    file open in Excel or Word stops the set before anything is replaced), and the history commits
    only after that; if the commit fails, the outputs go back to what they were.

    Returns:
        The PDF copies made, by key (``summary_pdf``, ``report_pdf``); problems go to ``pdf_problems``.
    """
    writers = dict(writers)
    made: dict[str, Path] = {}
    with ExitStack() as stack:
        outputs = stack.enter_context(Outputs())
        temporaries = {key: outputs.add(target) for key, target in targets.items()}
        for key in _WITH_PDF:  # PDFs of an earlier run no longer match: removed with the set, unless made again
            outputs.remove(targets[key].with_suffix(".pdf"))
        outputs.check()  # an output open in Excel stops the run here, with the history untouched
        aside = None
        if in_parallel:
            aside = _Aside(writers.pop(ASIDE), temporaries[ASIDE])
            stack.callback(aside.stop)  # unwound first: the second writer ends before its file is removed
        if cache is not None:
            cache.flush()  # results of the files parsed, whatever becomes of the outputs
        for key, write in writers.items():
            timings[OUTPUTS[key].stage] = _timed(write, temporaries[key])
        waited = 0.0

        def put_in_place() -> None:
            nonlocal waited
            begun = time.perf_counter()
            if aside is not None:
                timings[OUTPUTS[ASIDE].stage] = aside.wait()
            if pdf:
                made.update(_pdf_copies(outputs, targets, temporaries, [] if pdf_problems is None else pdf_problems))
            outputs.put_in_place()  # every output renamed into place, or none
            waited = timings["wait_aside"] = time.perf_counter() - begun

        begun = time.perf_counter()
        if store is not None:
            store.record_run(consolidation, consolidation.created, before_commit=put_in_place)
        else:
            put_in_place()
        timings["history"] = time.perf_counter() - begun - waited
    return made


def _pdf_copies(
    outputs: Outputs, targets: dict[str, Path], temporaries: dict[str, Path], problems: list[str]
) -> dict[str, Path]:
    """PDF copies of the finished workbook and report, added to ``outputs``; a failed one is a problem."""
    made: dict[str, Path] = {}
    for key, name in _WITH_PDF.items():
        target = targets[key].with_suffix(".pdf")
        try:
            to_pdf(temporaries[key], outputs.add(target), targets[key].name)
            made[name] = target
        except ConversionError as exc:
            outputs.remove(target)
            problems.append(str(exc))
            if exc.tool_missing:  # no LibreOffice: said once
                break
    return made


class _Aside:
    """``write(path)`` in a forked process; ``wait`` gives its seconds or raises its error here, as ``OutputError``.

    Only forked: the process starts with the run's data already in it. Spawned (Windows has only
    spawn), it would be a new interpreter, sent the whole consolidation pickled: for 3,321 units
    (23 MB, 0.2 s to pickle here, 0.3 s to unpickle there) the outputs took 3.1 s that way against
    2.8 s in this process (2.0 s forked; benchmarks/RESULTS.md). So elsewhere, and where no process
    can be started, the write happens at once, in this process, and fails the same way.
    """

    def __init__(self, write: Callable[[Path], object], path: Path) -> None:
        self.process: Any = None
        if start_method() != "fork":
            self.outcome = _outcome(write, path)
            return
        starter = multiprocessing.get_context("fork")
        self.reader, sender = starter.Pipe(duplex=False)
        self.process = starter.Process(target=_write_in_child, args=(sender, write, path), daemon=True)
        # Frozen, the collector of the second process leaves the objects alone: walking them would copy
        # every page of the run's data into it (the workbook took 4.4 s instead of 3.2 s that way).
        gc.freeze()
        try:
            self.process.start()
        except OSError:  # no process to be had
            self.process = None
            self.reader.close()
            self.outcome = _outcome(write, path)
        finally:
            gc.unfreeze()
            sender.close()

    def wait(self) -> float:
        outcome = self.outcome if self.process is None else self._received()
        kind, detail, *trace = outcome
        if kind == "ok":
            return detail
        if kind == "ConsolidateError":
            raise OutputError(detail)
        if kind == "OSError":  # a write that failed (disk full…): told as any output's failed write is
            raise OSError(detail, *trace)
        raise OutputError(
            f"Không ghi được bảng tổng hợp do lỗi kỹ thuật ({detail}). Kết quả cũ được giữ nguyên; hãy chạy "
            "lại, nếu vẫn lỗi hãy chạy lại với --debug và gửi thông báo cho người quản trị hệ thống."
        ) from RuntimeError("".join(trace))  # the trace of the write, shown with --debug

    def _received(self) -> tuple[Any, ...]:
        try:
            outcome: tuple[Any, ...] = self.reader.recv()
        except EOFError:
            outcome = ("", "tiến trình ghi bảng tổng hợp dừng giữa chừng", "")
        finally:
            self.process.join()
            self.reader.close()
            self.process = None
        self.outcome = outcome
        return outcome

    def stop(self) -> None:
        """Stop a write still going (something else failed): its temporary file is removed anyway."""
        if self.process is not None:
            self.process.terminate()
            self.process.join()
            self.reader.close()
            self.process = None


def _timed(write: Callable[[Path], object], path: Path) -> float:
    begun = time.perf_counter()
    write(path)
    return time.perf_counter() - begun


def _outcome(write: Callable[[Path], object], path: Path) -> tuple[Any, ...]:
    """What a write came to: ("ok", seconds), ("ConsolidateError", message), ("OSError", errno, reason, file)
    or ("", error, trace)."""
    try:
        return ("ok", _timed(write, path))
    except ConsolidateError as exc:
        return ("ConsolidateError", str(exc))
    except OSError as exc:  # the file it failed on is the one being written, when the error does not say
        return ("OSError", exc.errno, exc.strerror, exc.filename or str(path))
    except Exception as exc:  # reported where the run is, with its type and trace
        return ("", f"{type(exc).__name__}: {exc}", traceback.format_exc())


def _write_in_child(pipe: Any, write: Callable[[Path], object], path: Path) -> None:
    try:
        pipe.send(_outcome(write, path))
    finally:
        pipe.close()


class _StoreCache:
    """Results of files already checked, kept in the history store by content hash, form and version."""

    def __init__(self, store: Any, form: Form) -> None:
        self.store, self.form = store, form
        self.pending: list[tuple[str, str]] = []

    def get(self, sha256: str, path: Path) -> Any:
        from consolidate.store import file_result_from_json

        data = self.store.cached_result(sha256, self.form.id, self.form.version)
        if data is None:
            return None
        result = file_result_from_json(data)
        result.path, result.sha256 = path, sha256  # encoded where it was parsed, before its hash was known
        for problem in result.problems:
            problem.file = str(path)
        return result

    @property
    def encode(self) -> Callable[[Any], str]:
        from consolidate.store import encode_result

        return encode_result

    def put_all(self, items: list[tuple[str, str]]) -> None:
        self.pending.extend(items)  # written by flush(), while the outputs are being written

    def flush(self) -> None:
        if self.pending:
            self.store.cache_results(self.form.id, self.form.version, self.pending)
            self.pending = []


def _previous_year(store: Any, form: Form) -> Comparison | None:
    """The same period of the previous year, when the history holds it."""
    from consolidate.store import period_key, previous_year_key, under_current_codes

    values = under_current_codes(form, store.current_values(previous_year_key(period_key(form))))
    if not values:
        return None
    period = form.period
    _, _, label = period_bounds(period.type, period.year - 1, period.number)
    return compare(form, values, label, period.year - 1)
