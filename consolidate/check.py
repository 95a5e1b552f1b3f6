"""Checking returned workbooks: every problem becomes a record pinned to its file and cell.

A bad file never stops the run: what cannot be read becomes that file's problem. Values are
interpreted by each field's kind; any interpretation (text read as a number or a date) is a
warning that names the cell and the value taken.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import sys
import time
import traceback
from collections.abc import Callable, Generator, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from contextlib import ExitStack
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Protocol

from consolidate.errors import UsageError, os_reason
from consolidate.form import KIND_LABELS, Field, Form, Rule
from consolidate.layout import Layout, plan
from consolidate.legacy import convert_if_legacy, legacy_fonts
from consolidate.marks import own_output
from consolidate.numbers import NumberTextError, format_number, parse_number_text
from consolidate.paths import open_path
from consolidate.processes import context, cores, start_method
from consolidate.read import (
    EXCEL_ERRORS,
    SPREADSHEET_SUFFIXES,
    RawCell,
    RawSubmission,
    ReadError,
    read_submission,
    submission_identity,
)
from consolidate.rules import evaluate
from consolidate.sniff import UNREADABLE_SUFFIXES
from consolidate.text import clean_text, fold, strip_diacritics

HIDDEN_FOLDER = "Tệp nằm trong thư mục ẩn; chép ra thư mục thường nếu đây là báo cáo cần tổng hợp."
OWN_OUTPUT = "Kết quả tổng hợp do chính chương trình ghi ra (thư mục --out), không phải báo cáo."
_DATE_TEXT = re.compile(r"(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})")
_DATE_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DATE_WORDS = re.compile(r"ngày\s*(\d{1,2})\s*tháng\s*(\d{1,2})\s*năm\s*(\d{4})", re.IGNORECASE)


@dataclass
class Problem:
    """One problem found in a submission."""

    file: str
    unit: str | None
    field: str | None
    sheet: str | None
    cell: str | None
    value: Any
    severity: str  # "error" | "warning"
    message: str

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (values as text where JSON has no type for them)."""
        data = asdict(self)
        data["value"] = _jsonable(self.value)
        return data


@dataclass
class FileResult:
    """The result of checking one file."""

    path: Path
    status: str  # "ok" | "warning" | "error" | "skipped"
    unit: str | None = None
    problems: list[Problem] = field(default_factory=list)
    values: dict[str, Any] = field(default_factory=dict)
    narratives: dict[str, str] = field(default_factory=dict)
    tables: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)
    cells: dict[str, tuple[str, str]] = field(default_factory=dict)  # field code → (sheet, A1) where it was read
    reason: str = ""
    traceback: str | None = None  # technical detail of an unexpected failure, shown with --debug
    sha256: str = ""
    detail: str = ""  # the technical cause of an unreadable file (English, from a library), for --debug and JSON
    relative_path: str = ""  # the path as shown to people: relative to the input folder it was found in
    transient: bool = False  # unread for the moment (locked, unreachable), not for its content: never cached

    @property
    def errors(self) -> list[Problem]:
        """Problems that make the submission invalid."""
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        """Problems that only need a look."""
        return [p for p in self.problems if p.severity == "warning"]

    def to_dict(self) -> dict[str, Any]:
        """The ``check --json`` record of this file."""
        return {
            "path": str(self.path),
            "unit": self.unit,
            "status": self.status,
            "reason": self.reason,
            "sha256": self.sha256,
            "problems": [p.to_dict() for p in self.problems],
            "detail": self.detail,
            "relative_path": self.relative_path,
        }


@dataclass
class CheckReport:
    """Results for every file found."""

    form_id: str
    files: list[FileResult]
    # Seconds spent: "discover", "hash", "parse" (wall, in the pool), "read"/"check" (summed over files).
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def has_errors(self) -> bool:
        """Whether any file has an error."""
        return any(f.status == "error" for f in self.files)

    def to_dict(self) -> dict[str, Any]:
        """The ``check --json`` document."""
        return {"form_id": self.form_id, "files": [f.to_dict() for f in self.files]}


# --- finding files -------------------------------------------------------------------------------


def discover(paths: Iterable[Path], exclude: Iterable[Path] = ()) -> list[tuple[Path, str]]:
    """Every file under the given paths, with a skip reason or ``""`` for spreadsheets to read.

    A folder that cannot be listed is in the list too, with an :class:`Unlisted` reason (an error,
    not a skip): what it holds is unknown, and that must show in the results.

    Args:
        paths: Files and folders (searched recursively).
        exclude: Folders whose files are this tool's own outputs (listed as skipped, never read).

    Raises:
        UsageError: a path that does not exist.
    """
    paths = list(paths)
    excluded = [e.resolve() for e in exclude]
    inputs = [p.resolve() for p in paths]
    # An output folder that holds the inputs (or is one of them) excludes only the tool's own files.
    excluded = [e for e in excluded if not any(p == e or p.is_relative_to(e) for p in inputs)]
    found: list[tuple[Path, str]] = []
    seen: set[Path] = set()
    for path in paths:
        opened = open_path(path)
        if not opened.exists():
            raise UsageError(f"Không tìm thấy «{path}». Hãy kiểm tra lại đường dẫn tệp hoặc thư mục.")
        if opened.is_dir():
            candidates = sorted(_walk(path))
        else:
            candidates = [(path, "")]
        base = path.resolve()
        for candidate, walk_reason in candidates:
            # Below ``base`` only a file that is itself a link needs resolving (folder links are not
            # followed; a system call per folder level, for each of thousands of files otherwise).
            if candidate == path:
                key = base
            elif candidate.is_symlink():
                key = candidate.resolve()
            else:
                key = base / candidate.relative_to(path)
            if key not in seen:
                seen.add(key)
                own = any(key.is_relative_to(folder) for folder in excluded)
                if isinstance(walk_reason, Unlisted):
                    reason: str = walk_reason
                else:
                    reason = OWN_OUTPUT if own else walk_reason or skip_reason(candidate)
                found.append((candidate, reason))
    return found


class Unlisted(str):
    """The reason a folder could not be listed: an error record in the results, never a silent skip."""


HIDDEN_FILE = "Tệp ẩn hoặc tệp hệ thống của Windows, không phải báo cáo."
_SYSTEM_NAMES = frozenset({"thumbs.db", "desktop.ini", "ehthumbs.db", "ehthumbs_vista.db"})
_HIDDEN_OR_SYSTEM = 0x2 | 0x4  # FILE_ATTRIBUTE_HIDDEN | FILE_ATTRIBUTE_SYSTEM


def _walk(folder: Path) -> Iterator[tuple[Path, str]]:
    """Every file below ``folder`` with the reason the walk already gives: hidden (by name or by attribute),
    in a hidden folder, or a folder that cannot be listed. Folder links are not followed.

    Paths are opened in the form the system needs (long paths on Windows) and given back as the user wrote them.
    """
    pending = [(folder, "")]
    while pending:
        current, inherited = pending.pop()
        try:
            with os.scandir(open_path(current)) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError as exc:
            yield (
                current,
                Unlisted(
                    f"Không mở được thư mục «{current}» để tìm báo cáo ({os_reason(exc)}); các tệp trong đó chưa "
                    "được kiểm tra. Hãy cấp quyền đọc thư mục (hoặc chép các tệp ra thư mục khác) rồi chạy lại."
                ),
            )
            continue
        folders = []
        for entry in entries:
            hidden = bool(_attributes(entry) & _HIDDEN_OR_SYSTEM)
            if entry.is_dir(follow_symlinks=False):
                hidden = hidden or entry.name.startswith(".")
                folders.append((current / entry.name, inherited or (HIDDEN_FOLDER if hidden else "")))
            elif not entry.is_dir():  # a link to a folder is not followed, as os.walk does not
                # Dot files and Office lock files (hidden too) keep the reason skip_reason gives them.
                named = entry.name.startswith((".", "~$"))
                hidden = not named and (hidden or entry.name.casefold() in _SYSTEM_NAMES)
                yield current / entry.name, inherited or (HIDDEN_FILE if hidden else "")
        pending.extend(reversed(folders))


def _attributes(entry: os.DirEntry[str]) -> int:
    """The entry's Windows file attributes (hidden, system…), 0 elsewhere. The Windows listing holds them already."""
    if sys.platform != "win32":
        return 0
    try:
        return int(getattr(entry.stat(follow_symlinks=False), "st_file_attributes", 0))
    except OSError:
        return 0


def relative_path(path: Path, roots: list[Path]) -> str:
    """``path`` as shown to people: relative to the input folder it was found in, else its name (the folder's own
    name for an input folder itself, one that cannot be listed)."""
    for root in roots:
        if path != root and path.is_relative_to(root):
            return path.relative_to(root).as_posix()
    return path.name


def copy_reason(first: FileResult) -> str:
    """Why a file with the very bytes of ``first`` is not checked again: what ``first`` was, and so what it is."""
    shown = first.relative_path or str(first.path)
    if first.status == "error":
        cause = first.errors[0].message if first.errors else ""
        return f"Bản sao giống hệt tệp «{shown}», tệp đó không hợp lệ nên bản sao cũng vậy. Lý do: {cause}"
    if first.status == "skipped":
        return f"Bản sao giống hệt tệp «{shown}», tệp đó cũng được bỏ qua: {first.reason}"
    return f"Bản sao giống hệt tệp «{shown}»; chỉ tính một lần."


def skip_reason(path: Path) -> str:
    """Why a file is not read, or ``""`` when it is a spreadsheet to check."""
    if path.name.startswith("~$"):
        return "Tệp khóa tạm của Office (tạo ra khi tệp đang mở), không phải báo cáo."
    if path.name.startswith("."):
        return "Tệp ẩn, không phải báo cáo."
    if path.suffix.lower() not in SPREADSHEET_SUFFIXES + UNREADABLE_SUFFIXES:
        return (
            f"Không phải bảng tính ({path.suffix or 'không có đuôi tệp'}); chỉ đọc tệp "
            f"{', '.join(SPREADSHEET_SUFFIXES)}."
        )
    return ""


# --- checking -----------------------------------------------------------------------------------


class ResultCache(Protocol):
    """Where results of files already checked are kept, by content hash (the history store is one)."""

    def get(self, sha256: str, path: Path) -> FileResult | None:
        """The result of a file with these bytes, as if checked at ``path``; None when unknown."""

    @property
    def encode(self) -> Callable[[FileResult], str]:
        """How a result is stored: a module-level function, so the worker processes can run it."""

    def put_all(self, items: list[tuple[str, str]]) -> None:
        """Keep fresh results, as (sha256, encoded result), all at once."""


Progress = Callable[[int, int], None]  # (files done, files in all)
EMPTY_SHA256 = hashlib.sha256(b"").hexdigest()  # empty files are not copies of each other: each keeps its reason
# By start method (consolidate/processes.py): fewer files than this are checked in this process. A forked pool
# starts in milliseconds; two spawned workers take ~0.17 s to start (a new interpreter importing the package
# each), then save ~0.9 ms a file on 2 cores: 100 files took 0.40 s pooled against 0.20 s alone, 300 files
# 0.51 s against 0.62 s (benchmarks/RESULTS.md). A fork server starts like a spawned worker.
PARALLEL_FROM = {"fork": 24, "forkserver": 200, "spawn": 200}


def check_paths(
    paths: Iterable[Path],
    form: Form,
    exclude: Iterable[Path] = (),
    cache: ResultCache | None = None,
    progress: Progress | None = None,
    workers: int | None = None,
) -> CheckReport:
    """Check every workbook found under ``paths`` against ``form`` (files under ``exclude`` are skipped).

    With a ``cache``, a file whose exact bytes were checked before is not parsed again. Files to
    parse are spread over a pool of processes (``workers``, one per core by default) when there
    are enough of them; results come back in the order the files were found, whatever the pool.
    """
    started = time.perf_counter()
    paths = list(paths)
    found = discover(paths, exclude)
    timings = {"discover": time.perf_counter() - started}
    started = time.perf_counter()
    results: list[FileResult | None] = [None] * len(found)
    first_of: dict[str, int] = {}  # hash → index of the first file with those bytes
    copies: list[tuple[int, str]] = []
    to_parse: list[tuple[int, str]] = []  # (index, hash) of the files no cache knows
    waits = _LockWaits(LOCK_BUDGET)
    for index, (path, reason) in enumerate(found):
        if isinstance(reason, Unlisted):
            results[index] = _rejected(path, form, str(reason), reason=reason)
            continue
        if reason:
            results[index] = FileResult(path=path, status="skipped", reason=reason)
            continue
        digest, failure = _hash(path, waits)
        if isinstance(failure, PermissionError):
            results[index] = _rejected(path, form, LOCKED.format(name=path.name))
            continue
        if digest and digest != EMPTY_SHA256 and digest in first_of:
            copies.append((index, digest))  # an identical copy: reported once, counted once
            continue
        if digest:
            first_of[digest] = index
        cached = cache.get(digest, path) if cache is not None and digest else None
        if cached is not None:
            results[index] = cached
        else:
            to_parse.append((index, digest))
    timings["hash"] = time.perf_counter() - started
    started = time.perf_counter()
    done = len(found) - len(to_parse)
    if progress is not None:
        progress(done, len(found))
    fresh: list[tuple[str, str]] = []
    timings["read"] = timings["check"] = 0.0
    encode = cache.encode if cache is not None else None
    for position, (result, read_seconds, check_seconds, encoded) in _parse_all(
        [found[i][0] for i, _ in to_parse], form, workers, encode
    ):
        timings["read"] += read_seconds
        timings["check"] += check_seconds
        index, result.sha256 = to_parse[position]
        results[index] = result
        if encoded is not None and result.sha256:
            fresh.append((result.sha256, encoded))
        done += 1
        if progress is not None:
            progress(done, len(found))
    copies = _read_in_place_of_unread(copies, results, first_of, [path for path, _ in found], form)
    roots = [p for p in paths if open_path(p).is_dir()]
    for checked in results:
        if checked is not None:
            checked.relative_path = relative_path(checked.path, roots)
    attribute_units([r for r in results if r is not None], form, paths)
    for index, digest in copies:
        first = results[first_of[digest]]
        assert first is not None
        results[index] = FileResult(
            path=found[index][0],
            status="skipped",
            unit=first.unit,
            sha256=digest,
            reason=copy_reason(first),
            relative_path=relative_path(found[index][0], roots),
        )
    timings["parse"] = time.perf_counter() - started
    if cache is not None:
        cache.put_all(fresh)
    return CheckReport(form_id=form.id, files=[r for r in results if r is not None], timings=timings)


def _read_in_place_of_unread(
    copies: list[tuple[int, str]],
    results: list[FileResult | None],
    first_of: dict[str, int],
    paths: list[Path],
    form: Form,
) -> list[tuple[int, str]]:
    """The copies left to report as copies: one whose first file was unread for the moment (locked while it
    was read) is read in its place, so the unit's report is not lost to a lock on one of two identical files."""
    left = []
    for index, digest in copies:
        first = results[first_of[digest]]
        if first is None or not first.transient:
            left.append((index, digest))
            continue
        results[index] = result = _check_timed(paths[index], form, plan(form))[0]
        result.sha256 = digest
        if not result.transient:
            first_of[digest] = index  # later copies are copies of this one
    return left


def _rejected(path: Path, form: Form, message: str, reason: str = "") -> FileResult:
    """A file (or a folder) rejected before it could be read, with ``message`` as its one error."""
    result = FileResult(path=path, status="error", reason=reason)
    _Checker(form, result).add("error", message)
    return result


# --- attributing rejected files to units ---------------------------------------------------------


def attribute_units(results: list[FileResult], form: Form, roots: Iterable[Path]) -> None:
    """Give a unit to each file rejected before its unit could be read (locked, encrypted, another form…).

    The unit is inferred from the file's name, else from the names of its folders below the input folder
    given (nearest first): a unit code as a whole word, or a unit's full name (with or without diacritics).
    A warning says the unit was inferred and from what, so the unit shows as «báo cáo không hợp lệ» with the
    reason instead of «chưa báo cáo». A name that fits two units attributes nothing, and says so.
    """
    roots = list(roots)
    names: _UnitNames | None = None
    for result in results:
        if result.status != "error" or result.unit or isinstance(result.reason, Unlisted):
            continue
        names = names or _UnitNames(form)
        root = next((r for r in roots if result.path == r or result.path.is_relative_to(r)), None)
        folders = result.path.relative_to(root).parts[:-1] if root is not None and root != result.path else ()
        sources = [("tên tệp", result.path.name, result.path.stem)]
        sources += [("tên thư mục", folder, folder) for folder in reversed(folders)]
        checker = _Checker(form, result)
        for what, shown, text in sources:
            codes = names.in_text(text)
            if len(codes) > 1:
                checker.add(
                    "warning",
                    f"Không đọc được đơn vị trong tệp, và {what} «{shown}» ứng với nhiều đơn vị "
                    f"({', '.join(codes)}) nên tệp chưa được tính cho đơn vị nào. Hãy đặt tên tệp theo mã của "
                    "đúng một đơn vị rồi chạy lại.",
                    code="ma_don_vi",
                )
                break
            if codes:
                unit = form.unit(codes[0])
                assert unit is not None
                result.unit = unit.code
                for problem in result.problems:
                    problem.unit = unit.code
                checker.add(
                    "warning",
                    f"Không đọc được đơn vị trong tệp; tệp được tính là báo cáo của {unit.code} ({unit.name}), "
                    f"suy ra từ {what} «{shown}». Nếu không đúng, hãy đổi {what} cho đúng đơn vị rồi chạy lại.",
                    code="ma_don_vi",
                )
                break


class _UnitNames:
    """Units named in a text: by code as a whole word, or by full name, diacritics and case aside."""

    def __init__(self, form: Form) -> None:
        self.form = form
        self.names = [(f" {_plain(u.name)} ", u.code) for u in form.units if _plain(u.name)]

    def in_text(self, text: str) -> list[str]:
        """Codes of the units named in ``text``, in form order; a name inside a longer one found counts once."""
        plain = f" {_plain(text)} "
        named = [(name, code) for name, code in self.names if name in plain]
        by_name = {code for name, code in named if not any(name != other and name in other for other, _ in named)}
        found = set(self.form.units_named_in(text)) | by_name
        return [u.code for u in self.form.units if u.code in found]


def _plain(text: str) -> str:
    """Lower-case words without diacritics: «Sở Nội vụ», «so_noi_vu» and «SO NOI VU» are all «so noi vu»."""
    return " ".join(re.findall(r"[a-z0-9]+", strip_diacritics(fold(text))))


# A result, seconds reading the file, seconds checking its values, the result encoded for the cache (or None).
Timed = tuple[FileResult, float, float, str | None]
Encoder = Callable[[FileResult], str] | None


def _parse_all(paths: list[Path], form: Form, workers: int | None, encode: Encoder) -> Iterator[tuple[int, Timed]]:
    """(position, timed result) for every path, as they complete: in a process pool when it pays off.

    Results are also encoded for the cache where they are made, so that work is spread over the pool too.
    """
    method = start_method()
    workers = workers if workers is not None else min(cores(), 8)
    remaining = list(range(len(paths)))
    if workers > 1 and len(paths) >= PARALLEL_FROM.get(method, PARALLEL_FROM["spawn"]):
        remaining = yield from _parse_in_pools(paths, form, workers, encode)
    layout = plan(form)
    for index in remaining:
        yield index, _check_encoded(paths[index], form, layout, encode)


def _parse_in_pools(
    paths: list[Path], form: Form, workers: int, encode: Encoder
) -> Generator[tuple[int, Timed], None, list[int]]:
    """Read every file in a pool, again in a new pool for the files left when a worker dies.

    A worker dies with the file it was reading (a crash in native code, killed for memory), and the
    pool with it. The file each worker was reading is then read in a process of its own, where a
    death is that file's error; the files not yet done go to a new pool. Each death costs one pool
    start and a process per worker, whatever the number of files. Returns the positions left to read
    in this process, when processes cannot be had here.
    """
    remaining = list(range(len(paths)))
    while remaining:
        reading = _Reading(workers)
        done: set[int] = set()
        try:
            for index, timed in _parse_in_pool(paths, remaining, form, workers, encode, reading):
                done.add(index)
                yield index, timed
            return []
        except BrokenProcessPool:
            suspects = set(reading.positions()) - done
            if not suspects and not done:
                return remaining  # the workers die before reading anything: processes are no use here
            yield from _check_alone([(index, paths[index]) for index in sorted(suspects)], form, encode)
            remaining = [index for index in remaining if index not in done and index not in suspects]
        except OSError:
            return [index for index in remaining if index not in done]  # no processes to be had here
    return []


def _check_alone(items: list[tuple[int, Path]], form: Form, encode: Encoder) -> Iterator[tuple[int, Timed]]:
    """Each file in a process of its own, all at once; a process that dies becomes that file's error.

    A file for which no process can be started (memory short after a worker was killed for it) is
    read in this process, as every file is where processes cannot be had.
    """
    started = time.perf_counter()
    with ExitStack() as stack:
        futures: list[tuple[int, Path, Future[list[Timed]] | None]] = []
        for index, path in items:
            pool = stack.enter_context(
                ProcessPoolExecutor(1, mp_context=context(), initializer=_init_worker, initargs=(form, encode, None))
            )
            try:
                futures.append((index, path, pool.submit(_check_batch, [(index, path)])))
            except OSError:
                futures.append((index, path, None))
        for index, path, future in futures:
            if future is None:
                yield index, _check_encoded(path, form, plan(form), encode)
                continue
            try:
                yield index, future.result()[0]
            except BrokenProcessPool:
                result = _rejected(
                    path,
                    form,
                    "Tệp làm chương trình đọc bị dừng đột ngột (tệp có thể bị hỏng hoặc quá lớn). Hãy mở tệp bằng "
                    "Excel hoặc LibreOffice, lưu lại rồi gửi lại; nếu vẫn lỗi, gửi tệp cho người quản trị hệ thống.",
                )
                yield index, (result, time.perf_counter() - started, 0.0, None)


def _parse_in_pool(
    paths: list[Path], positions: list[int], form: Form, workers: int, encode: Encoder, reading: _Reading
) -> Iterator[tuple[int, Timed]]:
    chunk = max(1, min(32, len(positions) // (workers * 8)))
    batches = [[(i, paths[i]) for i in positions[start : start + chunk]] for start in range(0, len(positions), chunk)]
    pool = ProcessPoolExecutor(
        workers, mp_context=context(), initializer=_init_worker, initargs=(form, encode, reading.shared)
    )
    try:
        pending = {pool.submit(_check_batch, batch): batch for batch in batches}
        for future in as_completed(pending):
            yield from zip([i for i, _ in pending[future]], future.result(), strict=True)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)  # interrupted (Ctrl+C): queued files are not read


class _Reading:
    """Which file each worker of a pool is reading, in memory shared with the workers.

    Slot 0 counts the workers that took a slot; each worker then writes the position of every file
    before it reads it, so the file a dead worker was reading is known after the pool breaks.
    """

    def __init__(self, workers: int) -> None:
        self.shared = context().Array("q", [0] + [-1] * workers)

    def positions(self) -> list[int]:
        return [index for index in self.shared[1:] if index >= 0]


_WORKER: dict[str, Any] = {}


def _init_worker(form: Form, encode: Encoder, reading: Any) -> None:
    slot = 0  # slot 0 is the counter: a worker without a slot of its own marks nothing
    if reading is not None:
        with reading.get_lock():
            reading[0] += 1
            slot = reading[0] if reading[0] < len(reading) else 0
    marks = reading.get_obj() if reading is not None else None  # written without taking the lock
    _WORKER.update(form=form, layout=plan(form), encode=encode, reading=marks, slot=slot)


def _check_batch(items: list[tuple[int, Path]]) -> list[Timed]:
    reading, slot = _WORKER["reading"], _WORKER["slot"]
    timed = []
    for index, path in items:
        if slot:
            reading[slot] = index  # one writer per slot, read once the pool is gone: no lock needed
        timed.append(_check_encoded(path, _WORKER["form"], _WORKER["layout"], _WORKER["encode"]))
    return timed


def _check_encoded(path: Path, form: Form, layout: Layout, encode: Encoder) -> Timed:
    """``_check_timed``, the result encoded for the cache unless it says nothing lasting about the content."""
    result, read_seconds, check_seconds = _check_timed(path, form, layout)
    lasting = result.traceback is None and not result.transient
    return result, read_seconds, check_seconds, encode(result) if encode is not None and lasting else None


LOCKED = (
    "Tệp «{name}» đang bị chương trình khác mở hoặc khóa (ví dụ OneDrive, Google Drive đang đồng bộ, phần mềm "
    "diệt virus đang quét), hoặc không có quyền đọc, nên chưa đọc được. Hãy đợi đồng bộ xong hoặc đóng chương "
    "trình đang giữ tệp (hoặc cấp quyền đọc) rồi chạy lại."
)
LOCK_WAITS = (0.2, 0.5, 1.0)  # seconds between tries: a sync client or a virus scan holds a file only for a moment
LOCK_BUDGET = 5.0  # seconds a run waits for locked inputs in all: many unreadable files cost seconds, not minutes


class _LockWaits:
    """The pauses before trying a locked input again, drawn from one budget for the whole run."""

    def __init__(self, budget: float) -> None:
        self.left = budget

    def pause(self, seconds: float) -> bool:
        """Wait ``seconds`` when the budget allows it; False when it is spent (the file is reported as locked)."""
        if seconds > self.left:
            return False
        self.left -= seconds
        time.sleep(seconds)
        return True


def _hash(path: Path, waits: _LockWaits) -> tuple[str, OSError | None]:
    """The SHA-256 of a file's bytes (``""`` and the error when it cannot be read); a locked file is tried again."""
    pauses = iter(LOCK_WAITS)
    while True:
        digest = hashlib.sha256()
        try:
            with open(open_path(path), "rb") as handle:
                for block in iter(lambda: handle.read(1 << 20), b""):
                    digest.update(block)
            return digest.hexdigest(), None
        except PermissionError as exc:
            pause = next(pauses, None)
            if pause is None or not waits.pause(pause):
                return "", exc
        except OSError as exc:
            return "", exc


def check_file(path: Path, form: Form, layout: Layout | None = None) -> FileResult:
    """Read and check one workbook. Never raises for a bad file: problems are recorded."""
    return _check_timed(path, form, layout or plan(form))[0]


def _check_timed(path: Path, form: Form, layout: Layout) -> tuple[FileResult, float, float]:
    result = FileResult(path=path, status="ok")
    checker = _Checker(form, result)
    started = time.perf_counter()
    read_seconds = 0.0
    try:
        raw = read_submission(path, form, layout)
        read_seconds = time.perf_counter() - started
        result.reason = own_output(raw.properties, raw.content_digest)
        if not result.reason:
            checker.run(raw)
    except ReadError as exc:
        # Locked after it was hashed (a virus scan starting, a sync client taking it): said as a lock.
        locked = isinstance(exc.__cause__, PermissionError)
        checker.add("error", LOCKED.format(name=path.name) if locked else str(exc))
        result.detail = exc.detail
        result.transient = isinstance(exc.__cause__, OSError)  # the file's state now, not its content
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:  # the file boundary: one odd file never stops the run
        # BaseException, not Exception: a panic inside calamine (Rust) arrives as pyo3's PanicException,
        # which derives from BaseException.
        result.values, result.narratives, result.tables = {}, {}, {}
        result.traceback = traceback.format_exc()
        result.detail = f"{type(exc).__name__}: {str(exc)[:200]}"
        checker.add(
            "error",
            "Không đọc được tệp do lỗi kỹ thuật. Hãy mở tệp bằng Excel hoặc LibreOffice, lưu lại rồi gửi lại; nếu "
            "vẫn lỗi, gửi tệp cho người quản trị hệ thống (chạy lại với --debug để xem chi tiết).",
        )
    result.status = "skipped" if result.reason else "error" if result.errors else "warning" if result.warnings else "ok"
    elapsed = time.perf_counter() - started
    read_seconds = read_seconds or elapsed
    return result, read_seconds, elapsed - read_seconds


class _Checker:
    def __init__(self, form: Form, result: FileResult) -> None:
        self.form, self.result = form, result
        self.fonts: frozenset[str] = frozenset()

    def add(
        self,
        severity: str,
        message: str,
        item: Field | None = None,
        cell: RawCell | None = None,
        value: Any = None,
        code: str | None = None,
    ) -> None:
        self.result.problems.append(
            Problem(
                file=str(self.result.path),
                unit=self.result.unit,
                field=item.code if item else code,
                sheet=cell.sheet if cell else None,
                cell=cell.a1 if cell else None,
                value=value if value is not None else (cell.value if cell else None),
                severity=severity,
                message=message,
            )
        )

    def run(self, raw: RawSubmission) -> None:
        self.fonts = raw.fonts
        for warning in raw.warnings:
            self.add("warning", warning)
        if not self.identify(raw):
            return
        for code in raw.missing:
            self.missing_input(code)
        for item in self.form.fields:
            cell = raw.cells.get(item.code)
            if cell is not None:
                self.result.cells[item.code] = (cell.sheet, cell.a1)
                value = self.interpret(item, cell)
                if value is not None:
                    self.result.values[item.code] = value
        self.result.notes = {
            code: clean_text(convert_if_legacy(text, legacy_fonts(self.fonts))[0]) for code, text in raw.notes.items()
        }
        for section in self.form.input_sections():
            cell = raw.cells.get(section.code)
            if cell is None:
                continue
            text = self.plain(cell, section.heading, section.code)
            if text:
                self.result.narratives[section.code] = text
            elif section.required:
                self.add(
                    "error",
                    f"Chưa nhập nội dung mục «{section.title}» ({_where(cell)}). "
                    "Hãy nhập nội dung; nếu không có gì để báo cáo, ghi «Không có».",
                    cell=cell,
                    code=section.code,
                )
        for rule in self.form.rules:
            self.rule(rule, self.result.values, raw.cells)
        for table in self.form.tables:
            raw_table = raw.tables.get(table.code)
            if raw_table is None:
                continue
            rows = []
            for raw_row in raw_table.rows:
                row: dict[str, Any] = {}
                for column in table.columns:
                    cell = raw_row.get(column.code)
                    if cell is None:
                        continue
                    value = self.interpret(column, cell, context=table.title)
                    if value is not None:
                        row[column.code] = value
                for rule in table.rules:
                    self.rule(rule, row, raw_row, {c.code: c.label for c in table.columns})
                rows.append(row)
            self.result.tables[table.code] = rows
            if raw_table.ignored_rows:
                listed = ", ".join(str(r) for r in raw_table.ignored_rows[:10])
                self.add(
                    "warning",
                    f"Trang «{raw_table.sheet}»: có nội dung ở dòng {listed}, cách bảng «{table.title}» một dòng "
                    "trống, nên không được tính vào bảng. Nếu đó là dòng của bảng, hãy xóa dòng trống để chúng "
                    "nằm liền dưới bảng.",
                    code=table.code,
                )
        for sheet, limit in raw.truncated.items():
            self.add(
                "warning",
                f"Trang «{sheet}» có dữ liệu ở quá xa (hơn {format_number(limit)} dòng); chỉ đọc "
                f"{format_number(limit)} dòng đầu. Hãy xóa các ô thừa ở cuối trang.",
            )
        self.report_date(raw)

    def report_date(self, raw: RawSubmission) -> None:
        """A report date outside the period or in the future decides which file wins: say so."""
        item = next((f for f in self.form.metadata if f.kind == "date"), None)
        value = self.result.values.get(item.code) if item else None
        if item is None or not isinstance(value, dt.date):
            return
        period = self.form.period
        if period.start <= value <= dt.date.today() + dt.timedelta(days=1):
            return
        where = "ở tương lai" if value > dt.date.today() else f"trước kỳ báo cáo (bắt đầu {period.start:%d/%m/%Y})"
        cell = raw.cells.get(item.code)
        self.add(
            "warning",
            f"«{item.label}» ({_where(cell)}) là {value:%d/%m/%Y}, {where}. "
            "Ngày này quyết định bản nào của đơn vị được tổng hợp; hãy kiểm tra lại.",
            item=item,
            cell=cell,
            value=value,
        )

    def identify(self, raw: RawSubmission) -> bool:
        """Form, version and unit; False when the file cannot be checked further."""
        ident = submission_identity(raw)
        form = self.form
        if not ident["form_id"]:
            self.add(
                "error",
                "Tệp không phải biểu mẫu báo cáo do đơn vị tổng hợp phát hành (không thấy mã biểu "
                f"mẫu). Hãy điền vào biểu mẫu «{form.title}» đã gửi kèm công văn rồi gửi lại.",
            )
            return False
        if ident["form_id"] != form.id:
            self.add(
                "error",
                f"Tệp là biểu mẫu «{ident['form_id']}», không phải biểu mẫu «{form.id}» "
                f"({form.title}). Hãy gửi đúng biểu mẫu của kỳ báo cáo này.",
                cell=raw.cells.get("ma_bieu_mau"),
                code="ma_bieu_mau",
            )
            self.unit_of_another_form(ident)
            return False
        unit = self.unit(raw, ident)
        if ident["form_version"] != form.version:
            older = _version_key(ident["form_version"]) < _version_key(form.version)
            self.add(
                "error",
                f"Tệp dùng biểu mẫu phiên bản {ident['form_version'] or '(không rõ)'}"
                f"{' đã cũ' if older else ''}; phiên bản hiện hành là {form.version}. "
                "Hãy tải biểu mẫu mới và chép số liệu sang.",
                cell=raw.cells.get("phien_ban_bieu_mau"),
                code="phien_ban_bieu_mau",
            )
            return False
        return unit

    def stated_unit(self, ident: dict[str, str]) -> tuple[str, str]:
        """The unit cell as typed, and the unit code it gives (the document property when the cell is empty)."""
        stated = clean_text(ident["unit_cell"])
        return stated, self.unit_code_in(stated) if stated else ident["unit_property"]

    def unit_of_another_form(self, ident: dict[str, str]) -> None:
        """A workbook of another form that names one of this form's units is that unit's (rejected) report."""
        unit = self.form.unit(self.stated_unit(ident)[1] or "")
        if unit is not None:
            self.result.unit = unit.code
            for problem in self.result.problems:
                problem.unit = unit.code

    def unit(self, raw: RawSubmission, ident: dict[str, str]) -> bool:
        cell = raw.cells.get("ma_don_vi")
        stated, code = self.stated_unit(ident)
        if not code:
            self.add(
                "error",
                "Chưa chọn đơn vị báo cáo"
                + (f" ({_where(cell)})" if cell else "")
                + ". Hãy chọn tên đơn vị trong danh sách thả xuống ở trang «Thông tin».",
                cell=cell,
                code="ma_don_vi",
            )
            return False
        unit = self.form.unit(code)
        if unit is None:
            self.add(
                "error",
                f"Mã đơn vị «{code}» không có trong danh sách đơn vị của biểu mẫu. "
                "Hãy dùng biểu mẫu đã gửi riêng cho đơn vị mình, hoặc chọn lại đơn vị ở trang «Thông tin».",
                cell=cell,
                code="ma_don_vi",
                value=stated or code,
            )
            return False
        self.result.unit = unit.code
        self.file_name_hint(unit.code)
        prop = ident["unit_property"]
        if prop and stated and fold(prop) != fold(unit.code):
            self.add(
                "warning",
                f"Tệp được phát hành cho đơn vị «{prop}» nhưng ô đơn vị ghi «{unit.code}»; "
                f"dùng «{unit.code}». Hãy kiểm tra lại đơn vị báo cáo.",
                cell=cell,
                code="ma_don_vi",
                value=stated,
            )
        return True

    def unit_code_in(self, stated: str) -> str:
        """The unit code in the unit cell: «CODE - Name» as the list gives it, or a code, or a unit's name alone."""
        heads = [stated] + [
            re.split(pattern, stated, maxsplit=1)[0].strip() for pattern in (r"\s*[-–—]\s+|\s+[-–—]\s*", r"[-–—]")
        ]
        for head in heads:
            if self.form.unit(head):
                return head
        by_name = [u.code for u in self.form.units if fold(u.name) == fold(stated)]
        return by_name[0] if len(by_name) == 1 else heads[1]

    def file_name_hint(self, code: str) -> None:
        """The file name is only a hint; a name that points at another unit is worth a look."""
        name = self.result.path.stem
        named = self.form.units_named_in(name)
        if named and code not in named:
            self.add(
                "warning",
                f"Tên tệp «{self.result.path.name}» gợi ý đơn vị {', '.join(named)}, nhưng nội dung trong tệp là của "
                f"đơn vị {code}; dùng {code}. Nếu gửi nhầm tệp, hãy gửi lại đúng tệp.",
                code="ma_don_vi",
            )

    def missing_input(self, code: str) -> None:
        if code in ("ma_bieu_mau", "phien_ban_bieu_mau", "ma_don_vi", "ten_don_vi", "ky_bao_cao"):
            return
        table = next((t for t in self.form.tables if t.code == code), None)
        if table is not None:
            label = f"bảng «{table.title}»"
        else:
            section = next((s for s in self.form.input_sections() if s.code == code), None)
            label = f"mục «{section.title}»" if section else f"chỉ tiêu «{self.form.field(code).label}»"
        self.add(
            "error",
            f"Không tìm thấy ô nhập của {label} (mã {code}) trong tệp: có thể trang hoặc dòng "
            "chứa ô đó đã bị xóa. Hãy điền vào biểu mẫu gốc rồi gửi lại.",
            code=code,
        )

    # -- values --

    def plain(self, cell: RawCell, label: str, code: str | None = None) -> str:
        if self.formula_trouble(cell, label, None):
            return ""
        return self.text_of(cell, cell.value, label, code)

    def text_of(self, cell: RawCell, value: Any, label: str, code: str | None = None) -> str:
        """A cell's value as clean Unicode text; legacy-encoded Vietnamese is converted, with a warning."""
        if value is None:
            return ""
        if isinstance(value, dt.datetime | dt.date):
            return value.strftime("%d/%m/%Y")
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        text = str(value)
        # Before clean_text: TCVN3 writes "ư" with the byte that Unicode calls a soft hyphen.
        hint = legacy_fonts({cell.font} if cell.font else self.fonts)
        converted, encoding = convert_if_legacy(text, hint)
        if encoding is not None:
            converted = clean_text(converted)
            name = {"tcvn3": "TCVN3 (ABC, phông .VnTime)", "vni": "VNI (phông VNI-Times)"}.get(encoding, encoding)
            self.add(
                "warning",
                f"«{label}» ({_where(cell)}): chữ được gõ bằng bảng mã cũ {name}, đã chuyển sang Unicode: "
                f"«{converted[:80]}{'…' if len(converted) > 80 else ''}». Hãy kiểm tra lại; lần sau hãy gõ bằng "
                "bảng mã Unicode với phông Times New Roman.",
                cell=cell,
                code=code,
                value=text[:200],
            )
            return converted
        return clean_text(text)

    def formula_trouble(self, cell: RawCell, label: str, item: Field | None) -> bool:
        if cell.error:
            self.add(
                "error",
                f"«{label}» ({_where(cell)}): ô có giá trị lỗi {cell.error} do công thức. "
                "Hãy sửa công thức hoặc nhập trực tiếp giá trị.",
                item=item,
                cell=cell,
                value=cell.error,
            )
            return True
        if cell.formula_without_value:
            self.add(
                "error",
                f"«{label}» ({_where(cell)}): ô có công thức nhưng tệp không lưu kết quả tính. "
                "Hãy mở tệp bằng Excel hoặc LibreOffice, lưu lại rồi gửi lại.",
                item=item,
                cell=cell,
            )
            return True
        return False

    def interpret(self, item: Field, cell: RawCell, context: str = "") -> Any:
        label = f"{context}, cột {item.label}" if context else item.label
        if self.formula_trouble(cell, label, item):
            return None
        value = cell.value
        if isinstance(value, str):
            value = self.text_of(cell, value, label) if item.kind in ("text", "choice") else clean_text(value)
            if not value:
                value = None
            elif value in EXCEL_ERRORS and item.kind != "text":
                cell.error = value
                self.formula_trouble(cell, label, item)
                return None
        if value is None:
            if item.required:
                fix = {
                    "date": "Hãy nhập ngày dạng ngày/tháng/năm, ví dụ 20/06/2022.",
                    "choice": "Hãy chọn một giá trị trong danh sách thả xuống.",
                    "text": "Hãy nhập nội dung vào ô này.",
                }.get(item.kind, "Không phát sinh thì nhập 0.")
                self.add("error", f"Chưa nhập «{label}» ({_where(cell)}). {fix}", item=item, cell=cell)
            return None
        if item.numeric:
            return self.number(item, cell, value, label)
        if item.kind == "date":
            return self.date(item, cell, value, label)
        text = value if isinstance(value, str) else self.text_of(cell, value, label)
        if item.kind == "choice":
            match = next((c for c in item.choices if fold(c) == fold(text)), None)
            if match is None:
                self.add(
                    "error",
                    f"«{label}» ({_where(cell)}): «{text}» không có trong danh sách. "
                    f"Hãy chọn một trong: {'; '.join(item.choices)}.",
                    item=item,
                    cell=cell,
                )
            return match
        return text

    def number(self, item: Field, cell: RawCell, value: Any, label: str) -> int | float | None:
        example = "15" if item.kind == "integer" else "12,5"
        if isinstance(value, bool) or isinstance(value, dt.date | dt.time | dt.timedelta):
            self.add(
                "error",
                f"«{label}» ({_where(cell)}): ô chứa «{_show(value)}», không phải số. "
                f"Hãy nhập {KIND_LABELS[item.kind]}, ví dụ {example}.",
                item=item,
                cell=cell,
            )
            return None
        number: int | float
        if isinstance(value, str):
            try:
                reading = parse_number_text(value)
            except NumberTextError as exc:
                self.add(
                    "error",
                    f"«{label}» ({_where(cell)}): {exc}. Hãy nhập {KIND_LABELS[item.kind]}, "
                    f"chỉ gồm chữ số, ví dụ {example}.",
                    item=item,
                    cell=cell,
                )
                return None
            if reading.percent_sign and item.kind != "percent":
                self.add(
                    "error",
                    f"«{label}» ({_where(cell)}): «{value}» có dấu %, nhưng chỉ tiêu này không phải "
                    "tỷ lệ. Hãy nhập số, không có dấu %.",
                    item=item,
                    cell=cell,
                )
                return None
            number = reading.value
            how = f" ({reading.note})" if reading.note else ""
            self.add(
                "warning",
                f"«{label}» ({_where(cell)}): ô chứa chữ «{value}», đã đọc là "
                f"{format_number(number)}{how}. Nếu đúng, hãy nhập lại thành số để hết cảnh báo; "
                "nếu sai, hãy sửa lại.",
                item=item,
                cell=cell,
            )
        elif cell.percent_format:
            percent = self.from_percent_format(item, cell, value, label)
            if percent is None:
                return None
            number = percent
        else:
            number = value
            if item.kind == "percent" and 0 < value < 1:
                self.add(
                    "warning",
                    f"«{label}» ({_where(cell)}): tỷ lệ {format_number(value)}% rất nhỏ. Nếu ý là "
                    f"{format_number(value * 100)}%, hãy nhập {format_number(value * 100)} (số phần trăm, không "
                    "phải số thập phân).",
                    item=item,
                    cell=cell,
                )
        if item.kind == "integer":
            if not float(number).is_integer():
                self.add(
                    "error",
                    f"«{label}» ({_where(cell)}): phải là số nguyên, đang là {format_number(number)}. "
                    "Hãy nhập số nguyên.",
                    item=item,
                    cell=cell,
                )
                return None
            number = int(number)
        elif isinstance(number, float) and number.is_integer():
            number = int(number)
        self.bounds(item, cell, number, label, format_number)
        return number

    def from_percent_format(self, item: Field, cell: RawCell, value: Any, label: str) -> float | None:
        """A number typed with % in Excel is stored as a fraction (42,5% → 0,425): read it as percent."""
        if item.kind != "percent":
            self.add(
                "error",
                f"«{label}» ({_where(cell)}): ô đang để định dạng phần trăm ({format_number(value * 100)}%), "
                "nhưng chỉ tiêu này không phải tỷ lệ. Hãy bỏ định dạng % và nhập con số.",
                item=item,
                cell=cell,
            )
            return None
        percent = round(value * 100, 9)
        self.add(
            "warning",
            f"«{label}» ({_where(cell)}): ô định dạng phần trăm, Excel lưu {format_number(value)}; đã đọc là "
            f"{format_number(percent)}%. Nếu đúng, không cần sửa; lần sau hãy nhập {format_number(percent)} "
            "(không gõ dấu %).",
            item=item,
            cell=cell,
        )
        return percent

    def date(self, item: Field, cell: RawCell, value: Any, label: str) -> dt.date | None:
        parsed: dt.date | None = None
        if isinstance(value, dt.datetime):
            parsed = value.date()
        elif isinstance(value, dt.date):
            parsed = value
        elif isinstance(value, int | float) and not isinstance(value, bool) and 1 <= value < 2958466:
            parsed = dt.date(1899, 12, 30) + dt.timedelta(days=int(value))
            self.add(
                "warning",
                f"«{label}» ({_where(cell)}): ô chứa số {_show(value)}, đã hiểu là ngày "
                f"{parsed:%d/%m/%Y} (cách Excel đếm ngày). Hãy định dạng ô là ngày và kiểm tra lại.",
                item=item,
                cell=cell,
            )
        elif isinstance(value, str):
            parsed = _parse_date_text(value)
            if parsed is None:
                self.add(
                    "error",
                    f"«{label}» ({_where(cell)}): «{value}» không phải ngày hợp lệ. "
                    "Hãy nhập ngày dạng ngày/tháng/năm, ví dụ 20/06/2022.",
                    item=item,
                    cell=cell,
                )
                return None
            self.add(
                "warning",
                f"«{label}» ({_where(cell)}): ô chứa chữ «{value}», đã đọc là ngày "
                f"{parsed:%d/%m/%Y}. Nếu đúng, hãy nhập lại dạng ngày để hết cảnh báo.",
                item=item,
                cell=cell,
            )
        if parsed is None:
            self.add(
                "error",
                f"«{label}» ({_where(cell)}): «{_show(value)}» không phải ngày. "
                "Hãy nhập ngày dạng ngày/tháng/năm, ví dụ 20/06/2022.",
                item=item,
                cell=cell,
            )
            return None
        self.bounds(item, cell, parsed, label, lambda d: f"{d:%d/%m/%Y}")
        return parsed

    def bounds(self, item: Field, cell: RawCell, value: Any, label: str, show: Any) -> None:
        low, high = item.min, item.max
        if (low is not None and value < low) or (high is not None and value > high):
            if low is not None and high is not None:
                limit = f"từ {show(low)} đến {show(high)}"
            elif low is not None:
                limit = f"không nhỏ hơn {show(low)}"
            else:
                limit = f"không lớn hơn {show(high)}"
            self.add(
                "error",
                f"«{label}» ({_where(cell)}): {show(value)} nằm ngoài giới hạn cho phép ({limit}). "
                "Hãy kiểm tra và sửa lại số liệu.",
                item=item,
                cell=cell,
                value=value,
            )

    def rule(
        self, rule: Rule, values: dict[str, Any], cells: dict[str, RawCell], labels: dict[str, str] | None = None
    ) -> None:
        if evaluate(rule.expression, values) is not False:
            return
        codes = sorted(rule.expression.names, key=rule.expression.text.find)
        labels = labels or {code: self.form.field(code).label for code in codes}
        shown = "; ".join(f"{labels.get(code, code)} = {_show(values.get(code))}" for code in codes)
        cell = cells.get(codes[0]) if codes else None
        where = f"{_where(cell)}: " if cell else ""
        where = where[:1].upper() + where[1:]
        self.add(
            "error",
            f"{where}{rule.message} Giá trị đang nhập: {shown}.",
            cell=cell,
            code=codes[0] if codes else None,
            value=values.get(codes[0]) if codes else None,
        )


def _parse_date_text(text: str) -> dt.date | None:
    text = clean_text(text)
    for pattern, order in ((_DATE_WORDS, (0, 1, 2)), (_DATE_TEXT, (0, 1, 2)), (_DATE_ISO, (2, 1, 0))):
        match = pattern.fullmatch(text) if pattern is not _DATE_WORDS else pattern.search(text)
        if match:
            parts = [int(g) for g in match.groups()]
            day, month, year = (parts[i] for i in order)
            try:
                return dt.date(year, month, day)
            except ValueError:
                return None
    return None


def _where(cell: RawCell | None) -> str:
    return f"trang «{cell.sheet}», ô {cell.a1}" if cell else "không rõ ô"


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        return format_number(value)
    if isinstance(value, dt.datetime | dt.date):
        return f"{value:%d/%m/%Y}"
    if value is None:
        return "(trống)"
    return str(value)


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", version)) or (0,)


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return str(value)
    return value
