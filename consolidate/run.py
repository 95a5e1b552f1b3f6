"""``consolidate run``: check every file, select one submission per unit, merge, write the outputs."""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Callable, Iterable
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from consolidate.check import CheckReport, Progress, check_paths
from consolidate.errors import ConversionError, OutputError
from consolidate.files import atomic_path
from consolidate.form import Form, period_bounds
from consolidate.merge import Comparison, Consolidation, compare, merge
from consolidate.pdf import to_pdf
from consolidate.tracking import read_log
from consolidate.unusual import flag_with_history

SUMMARY_NAME = "bang_tong_hop.xlsx"
REPORT_NAME = "bao_cao_tong_hop.docx"
JSON_NAME = "consolidated.json"
HISTORY_NAME = "lich_su.sqlite"
PARALLEL_WRITE_FROM = 200  # units from which the summary workbook is written in a second process


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
    from consolidate.report_docx import write_report
    from consolidate.store import Store
    from consolidate.summary_xlsx import write_summary

    store = Store.open(history or out_dir / HISTORY_NAME) if use_history else None
    try:
        return _run(paths, form, out_dir, pdf, now, store, received_log, write_summary, write_report, progress)
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
    write_summary: Callable[[Consolidation, Path], None],
    write_report: Callable[[Consolidation, Path], None],
    progress: Progress | None = None,
) -> RunResult:
    own = [out_dir / name for name in (SUMMARY_NAME, REPORT_NAME, JSON_NAME, HISTORY_NAME)]
    own += [path.with_suffix(".pdf") for path in own[:2]]
    now = now or dt.datetime.now().replace(microsecond=0)
    cache = _StoreCache(store, form) if store is not None else None
    report = check_paths(paths, form, exclude=own, cache=cache, progress=progress)
    timings = dict(report.timings)
    started = time.perf_counter()
    flag_with_history(report, form, store)
    consolidation = merge(report, form, now=now, received=received_times(report, store, received_log, now))
    if store is not None:
        consolidation.previous = _previous_year(store, form)
    timings["merge"] = time.perf_counter() - started
    result = RunResult(report=report, consolidation=consolidation, timings=timings)
    targets = {"xlsx": out_dir / SUMMARY_NAME, "docx": out_dir / REPORT_NAME, "json": out_dir / JSON_NAME}
    writers: dict[str, Callable[[Path], object]] = {
        "xlsx": lambda tmp: write_summary(consolidation, tmp),
        "docx": lambda tmp: write_report(consolidation, tmp),
        "json": lambda tmp: tmp.write_text(json_text(consolidation), encoding="utf-8"),
    }
    with ExitStack() as stack:
        temporaries = {key: stack.enter_context(atomic_path(target)) for key, target in targets.items()}
        started = time.perf_counter()
        # A national run's workbook takes seconds: it is written by a second process meanwhile.
        wait = _in_child(writers.pop("xlsx"), temporaries["xlsx"]) if len(form.units) >= PARALLEL_WRITE_FROM else None
        for key, write in writers.items():
            begun = time.perf_counter()
            write(temporaries[key])
            timings[f"write_{key}"] = time.perf_counter() - begun

        waited = [0.0]

        def put_in_place() -> None:
            begun = time.perf_counter()
            if wait is not None:
                wait()
                timings["write_xlsx"] = time.perf_counter() - started
            stack.close()  # every output renamed into place, or none
            waited[0] = time.perf_counter() - begun

        begun = time.perf_counter()
        if store is not None:
            cache.flush()  # type: ignore[union-attr]
            # Recorded while the workbook is still being written; committed only once the outputs are in place.
            store.record_run(consolidation, consolidation.created, before_commit=put_in_place)
        else:
            put_in_place()
        timings["history"] = time.perf_counter() - begun - waited[0]
    result.outputs.update({"summary": targets["xlsx"], "report": targets["docx"], "json": targets["json"]})
    for key in ("summary", "report"):
        stale = result.outputs[key].with_suffix(".pdf")
        if not pdf:
            stale.unlink(missing_ok=True)
            continue
        try:
            result.outputs[f"{key}_pdf"] = to_pdf(result.outputs[key])
        except ConversionError as exc:
            stale.unlink(missing_ok=True)
            result.pdf_problems.append(str(exc))
            if exc.tool_missing:
                result.outputs["report"].with_suffix(".pdf").unlink(missing_ok=True)
                break
    return result


def _in_child(write: Callable[[Path], object], path: Path) -> Callable[[], None]:
    """Start ``write(path)`` in a forked process; the returned function waits and raises its error.

    Where processes cannot be forked (Windows), the write happens here and now.
    """
    import multiprocessing

    if "fork" not in multiprocessing.get_all_start_methods():
        write(path)
        return lambda: None
    context = multiprocessing.get_context("fork")
    reader, writer = context.Pipe(duplex=False)
    process = context.Process(target=_write_in_child, args=(writer, write, path), daemon=True)
    process.start()
    writer.close()

    def wait() -> None:
        try:
            failure = reader.recv()
        except EOFError:
            failure = ("", f"tiến trình ghi «{path.name}» dừng bất thường")
        finally:
            process.join()
            reader.close()
        if failure is not None:
            kind, message = failure
            raise (OutputError(message) if kind == "ConsolidateError" else RuntimeError(message))

    return wait


def _write_in_child(pipe: Any, write: Callable[[Path], object], path: Path) -> None:
    from consolidate.errors import ConsolidateError

    try:
        write(path)
        pipe.send(None)
    except ConsolidateError as exc:
        pipe.send(("ConsolidateError", str(exc)))
    except Exception as exc:  # reported in the parent, with its type
        pipe.send(("", f"{type(exc).__name__}: {exc}"))
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


def received_times(report: CheckReport, store: Any, log: Path | None, now: dt.datetime) -> dict[Path, dt.datetime]:
    """When each file arrived: the coordinator's log, else the first time the history saw its content, else
    its last save (never later than now) — the same time the history records for a file it has not seen."""
    logged = read_log(log) if log else {}
    received: dict[Path, dt.datetime] = {}
    for result in report.files:
        when = logged.get(result.path.name.casefold())
        if when is None and store is not None and result.sha256:
            when = store.first_seen(result.sha256)
        if when is None and result.status != "skipped":
            try:
                when = min(now, dt.datetime.fromtimestamp(result.path.stat().st_mtime))
            except OSError:
                when = None
        if when is not None:
            received[result.path] = when
    return received


def _previous_year(store: Any, form: Form) -> Comparison | None:
    """The same period of the previous year, when the history holds it."""
    from consolidate.store import period_key, previous_year_key

    values = store.current_values(previous_year_key(period_key(form)))
    if not values:
        return None
    period = form.period
    _, _, label = period_bounds(period.type, period.year - 1, period.number)
    return compare(form, values, label, period.year - 1)


def json_text(consolidation: Consolidation) -> str:
    """consolidated.json as text (UTF-8, Vietnamese kept readable)."""
    return json.dumps(consolidation.to_dict(), ensure_ascii=False, indent=2, default=str) + "\n"
