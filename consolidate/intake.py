"""The intake: units submit through a private link, the coordinator watches and consolidates.

Everything the intake page does is here, as plain functions over a data folder; the web face
(``consolidate/web/``) and the CLI (``links``, ``serve``) only call them. The data folder holds:

- ``nhan/<UNIT>/`` the received files, under names the server chooses (``20220616-093012_<sha8>.xlsx``);
  the sender's file name is kept in the database as data, never used as a path;
- ``tiep_nhan.sqlite`` the links (hashes only), every upload (the audit log), the «cần bổ sung» reviews and
  whether the period is closed;
- ``tong_hop/`` what a consolidation writes (the same ``run`` as the CLI, with its history store);
- ``khoa_bi_mat`` the secret key the links are derived from (readable by its owner only).

Links. A token is ``HMAC-SHA256(key, form id, unit, generation)`` (256 bits, base64url). Only its SHA-256
is stored, and a token is valid only while its hash is in the database at the unit's current generation.
Deriving the tokens from a key lets ``links`` print the same links again (for the mail merge) without the
database holding anything that opens a page; only the key file is secret. ``--renew UNIT`` bumps the unit's
generation: its old link stops working at once, the new one is derived from the new generation.

Receipt times. The time an upload arrived is recorded with it and is *the* received time of that file
everywhere (``status``, ``run``, ``remind``): :func:`intake_times` gives it to ``tracking.received_times``
for any file lying in an intake's ``nhan/`` tree, so ``consolidate run DATA/nhan`` judges lateness exactly
as the page does.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import os
import secrets
import sqlite3
import sys
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import closing, contextmanager, nullcontext, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from consolidate.check import FileResult, Problem, attribute_units, check_paths
from consolidate.errors import ConsolidateError, UsageError
from consolidate.form import Form
from consolidate.processes import context, cores, start_method
from consolidate.read import MAX_FILE_BYTES, SPREADSHEET_SUFFIXES

RECEIVED_DIR = "nhan"
RETURNED_DIR = "tra_lai"  # files sent through one unit's link that are another unit's report: kept out of nhan/
TEMPORARY_DIR = "tam"  # uploads being written (same disk as nhan/, so the final rename is atomic)
DB_NAME = "tiep_nhan.sqlite"
OUT_DIR = "tong_hop"
KEY_NAME = "khoa_bi_mat"
COORDINATOR = ""  # the coordinator's row in the links table
CHECK_SECONDS = 60.0  # a check taking longer is stopped: one hostile file stalls no one
CHECK_MEMORY = 1 << 30  # bytes a check may allocate beyond what its process starts with (Linux)
CHUNK = 1 << 16
ACCEPTED_SUFFIXES = tuple(sorted({*SPREADSHEET_SUFFIXES, ".xlsx", ".xlsm", ".xlsb", ".xls", ".ods"}))

# The unit's standing on the intake pages, from its status row and its chosen file's verdict.
INTAKE_LABELS = {
    "valid": "Hợp lệ",
    "warning": "Có cảnh báo",
    "error": "Có lỗi",
    "missing": "Chưa gửi",
    "late": "Chậm hạn",
}
VERDICT_LABELS = {
    "ok": "Hợp lệ",
    "warning": "Có cảnh báo",
    "error": "Có lỗi",
    "skipped": "Bỏ qua",
    "pending": "Đang kiểm tra",
}


class IntakeError(ConsolidateError):
    """An upload the intake cannot take (period closed, file too large or of another kind)."""

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        self.reason = reason  # "closed" | "too_large" | "kind"


def demo_form(form: Form, today: dt.date, days: int = 7) -> Form:
    """The demo's form served live: its deadline ``days`` from ``today``, so a newcomer sees the days left and a
    valid upload turn green, not «chậm hạn» against the demo's own 2022 deadline."""
    import dataclasses

    return dataclasses.replace(form, period=dataclasses.replace(form.period, deadline=today + dt.timedelta(days)))


def default_data(form: Form) -> Path:
    """Where an intake keeps its data when ``--data`` is not given."""
    return Path("output") / "tiep_nhan" / form.id


# --- the database --------------------------------------------------------------------------------

_SCHEMA = """
CREATE TABLE IF NOT EXISTS links (unit TEXT PRIMARY KEY, generation INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS tokens (hash TEXT PRIMARY KEY, unit TEXT NOT NULL, generation INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS uploads (
    id INTEGER PRIMARY KEY,
    received TEXT NOT NULL,
    unit TEXT NOT NULL,
    original_name TEXT NOT NULL,
    stored TEXT,
    size INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    client TEXT NOT NULL,
    late INTEGER NOT NULL,
    status TEXT NOT NULL,
    record TEXT,
    result TEXT
);
CREATE INDEX IF NOT EXISTS uploads_unit ON uploads (unit, id);
CREATE INDEX IF NOT EXISTS uploads_stored ON uploads (stored);
CREATE TABLE IF NOT EXISTS reviews (
    id INTEGER PRIMARY KEY, unit TEXT NOT NULL, upload INTEGER, comment TEXT NOT NULL, created TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


# Data folders whose database this process has set up, each with one connection kept open while the process
# lives: the others then never close the last connection, which would checkpoint the WAL every time.
_READY: dict[Path, sqlite3.Connection] = {}
_SETUP = threading.Lock()


@contextmanager
def _db(data: Path, write: bool = False) -> Iterator[sqlite3.Connection]:
    """A connection to the intake's database, in one transaction (committed on success). One per call: the
    server's threads each open their own; in WAL mode pages read while an upload writes, and ``write``
    transactions take the write lock at once (no deadlock between two that read first)."""
    with _SETUP:
        if data not in _READY or not (data / DB_NAME).exists():  # new, or removed since (a fresh start)
            if data in _READY:
                _READY.pop(data).close()
            data.mkdir(parents=True, exist_ok=True)
            anchor = sqlite3.connect(data / DB_NAME, timeout=30, isolation_level=None, check_same_thread=False)
            anchor.execute("PRAGMA journal_mode=WAL")
            anchor.executescript(_SCHEMA)
            _READY[data] = anchor
    with closing(sqlite3.connect(data / DB_NAME, timeout=30, isolation_level=None)) as db:
        db.row_factory = sqlite3.Row
        # In WAL mode NORMAL loses nothing when the server process stops, however abruptly (only a power cut
        # can lose the last commits, never the database); the uploaded files themselves are synced to disk.
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute("BEGIN IMMEDIATE" if write else "BEGIN")
        try:
            yield db
            if write:  # every change counted: the status pages know when what they computed is still true
                db.execute(
                    "INSERT INTO settings (key, value) VALUES ('revision', '1') "
                    "ON CONFLICT (key) DO UPDATE SET value = CAST(value AS INTEGER) + 1"
                )
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")


def _stamp(when: dt.datetime) -> str:
    return when.isoformat(timespec="seconds")


# --- links ---------------------------------------------------------------------------------------


KEY_BYTES = 32


def _key(data: Path) -> bytes:
    """The secret the tokens are derived from, made on first use (readable by its owner only). Written whole
    under another name and then linked into place, so a second process never reads half a key."""
    path = data / KEY_NAME
    data.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        temporary = data / f".{KEY_NAME}.{secrets.token_hex(4)}"
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as out:
            out.write(secrets.token_bytes(KEY_BYTES))
        try:
            os.link(temporary, path)  # fails when another process made the key first: theirs is kept
        except FileExistsError:
            pass
        except OSError:  # a file system without hard links (FAT, some network shares)
            if not path.exists():
                os.replace(temporary, path)
        finally:
            temporary.unlink(missing_ok=True)
    key = path.read_bytes()
    if len(key) != KEY_BYTES:
        raise UsageError(
            f"Tệp khóa bí mật «{path}» bị hỏng (không đủ {KEY_BYTES} byte). Hãy chép lại tệp từ bản sao lưu; "
            "nếu xóa tệp này, mọi đường dẫn đã cấp sẽ không dùng được nữa và phải cấp lại bằng «consolidate links»."
        )
    return key


def _token(key: bytes, form: Form, unit: str, generation: int) -> str:
    digest = hmac.new(key, f"{form.id}\0{unit}\0{generation}".encode(), hashlib.sha256).digest()
    import base64

    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


def links(form: Form, data: Path, base_url: str, renew: Iterable[str] = ()) -> dict[str, Any]:
    """Every unit's private link and the coordinator's, made valid now (``renew``: these units' links replaced).

    Returns:
        ``{"coordinator": URL, "units": [{"code", "name", "url"}]}``.

    Raises:
        UsageError: a unit to renew is not one of the form's.
    """
    renew = list(renew)
    for code in renew:
        if form.unit(code) is None:
            raise UsageError(
                f"Không có đơn vị mã «{code}» trong biểu mẫu «{form.id}»; xem danh sách mã bằng: "
                f"consolidate schema {form.id} --json"
            )
    key = _key(data)
    base = base_url.rstrip("/")
    tokens: dict[str, str] = {}
    with _db(data, write=True) as db:
        generations = {row["unit"]: row["generation"] for row in db.execute("SELECT unit, generation FROM links")}
        for code in [COORDINATOR, *(u.code for u in form.units)]:
            generation = generations.get(code, 0) + (1 if code in renew else 0)
            if generations.get(code) != generation:
                db.execute("INSERT OR REPLACE INTO links (unit, generation) VALUES (?, ?)", (code, generation))
            tokens[code] = _token(key, form, code, generation)
            db.execute(
                "INSERT OR IGNORE INTO tokens (hash, unit, generation) VALUES (?, ?, ?)",
                (_hash(tokens[code]), code, generation),
            )
    return {
        "coordinator": f"{base}/c/{tokens[COORDINATOR]}",
        "units": [{"code": u.code, "name": u.name, "url": f"{base}/u/{tokens[u.code]}"} for u in form.units],
    }


def resolve(data: Path, token: str) -> tuple[str, str] | None:
    """Whose a token is: ``("coordinator", "")`` or ``("unit", code)``; None when unknown or revoked."""
    if not (data / DB_NAME).exists():
        return None
    with _db(data) as db:
        row = db.execute(
            "SELECT t.unit FROM tokens t JOIN links l ON l.unit = t.unit AND l.generation = t.generation "
            "WHERE t.hash = ?",
            (_hash(token),),
        ).fetchone()
    if row is None:
        return None
    return ("coordinator", "") if row["unit"] == COORDINATOR else ("unit", row["unit"])


def links_rows(listing: dict[str, Any]) -> list[list[str]]:
    """The links as a table for the mail merge (header first): code, name, link; the coordinator's last."""
    rows = [["Mã đơn vị", "Tên đơn vị", "Đường dẫn nộp báo cáo"]]
    rows += [[u["code"], u["name"], u["url"]] for u in listing["units"]]
    rows.append(["", "Đơn vị tổng hợp (không gửi cho đơn vị báo cáo)", listing["coordinator"]])
    return rows


def write_links(listing: dict[str, Any], target: Path) -> None:
    """The links file for the mail merge: .csv (UTF-8 with BOM, «;») or .xlsx.

    Raises:
        UsageError: the target is neither .csv nor .xlsx.
    """
    from consolidate.files import atomic_path, csv_bytes, write_bytes

    rows = links_rows(listing)
    suffix = target.suffix.lower()
    if suffix == ".csv":
        write_bytes(target, csv_bytes(rows))
        return
    if suffix != ".xlsx":
        raise UsageError(f"Chỉ ghi được danh sách đường dẫn ra tệp .csv hoặc .xlsx, không phải «{target.name}».")
    import xlsxwriter

    with atomic_path(target) as tmp:
        workbook = xlsxwriter.Workbook(str(tmp), {"strings_to_formulas": False, "strings_to_urls": False})
        ws = workbook.add_worksheet("Đường dẫn")
        bold = workbook.add_format({"bold": True, "font_name": "Times New Roman"})
        plain = workbook.add_format({"font_name": "Times New Roman"})
        for row, values in enumerate(rows):
            for col, value in enumerate(values):
                ws.write_string(row, col, value, bold if row == 0 else plain)
        ws.set_column(0, 0, 14)
        ws.set_column(1, 1, 48)
        ws.set_column(2, 2, 90)
        ws.freeze_panes(1, 0)
        workbook.close()


# --- receiving -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Upload:
    """One upload as the audit log keeps it."""

    id: int
    received: dt.datetime
    unit: str
    original_name: str
    stored: str | None  # relative to the data folder; None when nothing was kept
    size: int
    sha256: str
    client: str
    late: bool
    status: str  # ok | warning | error | skipped | pending
    record: dict[str, Any] | None

    @property
    def status_label(self) -> str:
        """The verdict in Vietnamese."""
        return VERDICT_LABELS.get(self.status, self.status)

    def to_dict(self) -> dict[str, Any]:
        """The upload as the JSON twins give it."""
        return {
            "id": self.id,
            "received": _stamp(self.received),
            "unit": self.unit,
            "original_name": self.original_name,
            "stored": self.stored,
            "size": self.size,
            "sha256": self.sha256,
            "client": self.client,
            "late": self.late,
            "status": self.status,
            "status_label": self.status_label,
        }


def _upload(row: sqlite3.Row) -> Upload:
    return Upload(
        id=row["id"],
        received=dt.datetime.fromisoformat(row["received"]),
        unit=row["unit"],
        original_name=row["original_name"],
        stored=row["stored"],
        size=row["size"],
        sha256=row["sha256"],
        client=row["client"],
        late=bool(row["late"]),
        status=row["status"],
        record=json.loads(row["record"]) if row["record"] else None,
    )


def is_closed(data: Path) -> bool:
    """Whether the coordinator has closed the period (uploads refused)."""
    if not (data / DB_NAME).exists():
        return False
    with _db(data) as db:
        row = db.execute("SELECT value FROM settings WHERE key = 'closed'").fetchone()
    return bool(row and row["value"] == "1")


def set_closed(data: Path, closed: bool) -> None:
    """Close the period (uploads refused) or reopen it."""
    with _db(data, write=True) as db:
        db.execute("INSERT OR REPLACE INTO settings (key, value) VALUES ('closed', ?)", ("1" if closed else "0",))


def receive(
    form: Form,
    data: Path,
    unit: str,
    stream: IO[bytes],
    original_name: str,
    client: str,
    now: dt.datetime | None = None,
    limit: int = MAX_FILE_BYTES,
    seconds: float = CHECK_SECONDS,
) -> dict[str, Any]:
    """Take one unit's upload: store it under a name of our own, record it, check it as ``check`` does.

    The bytes go to a temporary file (nothing is left of an interrupted or oversized upload), then one rename
    puts them in ``nhan/<unit>/``; the upload is recorded with its receipt time before it is checked, and the
    check runs in a worker process bounded in time and memory. A file that is another unit's report is moved
    out of ``nhan/`` (to ``tra_lai/``), so it never counts for either unit.

    Returns:
        The file's record as in ``check --json``, plus ``upload`` (receipt time, late, size, SHA-256) and
        ``unit_status`` (the unit's row as in :func:`status`).

    Raises:
        IntakeError: the period is closed, the file is larger than ``limit`` or not a spreadsheet.
    """
    now = now or dt.datetime.now().replace(microsecond=0)
    suffix = Path(original_name.replace("\\", "/")).suffix.lower()
    if is_closed(data):
        raise IntakeError(
            "Kỳ báo cáo đã khóa sổ: đơn vị tổng hợp không nhận thêm báo cáo. Nếu cần gửi bổ sung, hãy liên hệ "
            "đơn vị tổng hợp để mở lại.",
            "closed",
        )
    if suffix not in ACCEPTED_SUFFIXES:
        raise IntakeError(
            f"Tệp «{original_name}» không phải bảng tính; chỉ nhận tệp {', '.join(ACCEPTED_SUFFIXES)}. Hãy gửi "
            "biểu mẫu Excel đã điền.",
            "kind",
        )
    temporary = _store_temporarily(data, stream, limit)
    try:
        digest, size = _digest(temporary)
        folder = data / RECEIVED_DIR / unit
        folder.mkdir(parents=True, exist_ok=True)
        target = _free_name(folder, f"{now:%Y%m%d-%H%M%S}_{digest[:8]}", suffix)
        os.utime(temporary, (now.timestamp(), now.timestamp()))  # the file's time is its receipt time too
        os.replace(temporary, target)
    finally:
        with suppress(OSError):
            temporary.unlink(missing_ok=True)
    late = now.date() > form.period.deadline
    stored = target.relative_to(data).as_posix()
    with _db(data, write=True) as db:
        upload_id = db.execute(
            "INSERT INTO uploads (received, unit, original_name, stored, size, sha256, client, late, status) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending')",
            (_stamp(now), unit, original_name, stored, size, digest, client, int(late)),
        ).lastrowid
    record = _check_and_record(form, data, int(upload_id or 0), unit, target, digest, seconds)
    [row] = status(form, data, unit=unit)
    upload = _upload_by_id(data, int(upload_id or 0))
    return record | {"upload": upload.to_dict() if upload else None, "unit_status": row}


def _check_and_record(
    form: Form, data: Path, upload_id: int, unit: str, target: Path, digest: str, seconds: float
) -> dict[str, Any]:
    """Check a received file (bounded), return another unit's report out of ``nhan/``, record the verdict."""
    from consolidate.store import encode_result
    from consolidate.unusual import flag_with_history

    stored = target.relative_to(data).as_posix()
    result = check_bounded(target, form, data / RECEIVED_DIR, seconds)
    result.sha256 = digest
    if result.unit and result.unit != unit:
        target, stored = _return(form, data, unit, result, target)
    encoded = encode_result(result)  # as check_paths gave it: the status pages take it instead of checking again
    flag_with_history(_single(form, result), form, None)
    record = result.to_dict()
    with _db(data, write=True) as db:
        db.execute(
            "UPDATE uploads SET status = ?, record = ?, result = ?, stored = ? WHERE id = ?",
            (result.status, json.dumps(record, ensure_ascii=False), encoded, stored, upload_id),
        )
    return record


def prepare(form: Form, data: Path, seconds: float = CHECK_SECONDS) -> None:
    """Make the data folder ready to serve after a stop, however abrupt: uploads cut off while being written
    (``tam/``) are removed, and uploads received but not yet checked are checked now."""
    received_folder(data)
    for leftover in (data / TEMPORARY_DIR).glob("*.part"):
        with suppress(OSError):
            leftover.unlink()
    for upload in uploads(data):
        if upload.status == "pending" and upload.stored and (data / upload.stored).is_file():
            _check_and_record(form, data, upload.id, upload.unit, data / upload.stored, upload.sha256, seconds)


def _single(form: Form, result: FileResult) -> Any:
    from consolidate.check import CheckReport

    return CheckReport(form_id=form.id, files=[result])


def _store_temporarily(data: Path, stream: IO[bytes], limit: int) -> Path:
    """The upload's bytes in a new temporary file; an upload larger than ``limit`` leaves nothing."""
    folder = data / TEMPORARY_DIR
    folder.mkdir(parents=True, exist_ok=True)
    temporary = folder / f"{secrets.token_hex(8)}.part"
    written = 0
    try:
        with open(temporary, "xb") as out:
            while chunk := stream.read(CHUNK):
                written += len(chunk)
                if written > limit:
                    raise IntakeError(
                        f"Tệp lớn quá {limit // 1_000_000} MB, không nhận. Một báo cáo đã điền chỉ dưới 1 MB: hãy "
                        "gửi đúng biểu mẫu Excel (xóa ảnh, trang tính thừa nếu có).",
                        "too_large",
                    )
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
    except BaseException:
        with suppress(OSError):
            temporary.unlink(missing_ok=True)
        raise
    return temporary


def _digest(path: Path) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    with open(path, "rb") as source:
        while chunk := source.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def _free_name(folder: Path, stem: str, suffix: str) -> Path:
    target = folder / f"{stem}{suffix}"
    number = 2
    while target.exists():
        target = folder / f"{stem}_{number}{suffix}"
        number += 1
    return target


def _return(form: Form, data: Path, unit: str, result: FileResult, target: Path) -> tuple[Path, str]:
    """Another unit's report sent through this unit's link: moved out of ``nhan/`` and made an error."""
    owner = form.unit(result.unit or "")
    mine = form.unit(unit)
    folder = data / RETURNED_DIR / unit
    folder.mkdir(parents=True, exist_ok=True)
    moved = _free_name(folder, target.stem, target.suffix)
    os.replace(target, moved)
    result.path = moved
    for problem in result.problems:
        problem.file = str(moved)
    result.problems.insert(
        0,
        Problem(
            file=str(moved),
            unit=result.unit,
            field="ma_don_vi",
            sheet=None,
            cell=None,
            value=result.unit,
            severity="error",
            message=(
                f"Tệp này là biểu mẫu của {owner.name if owner else result.unit} ({result.unit}), không phải của "
                f"{mine.name if mine else unit} ({unit}); tệp không được nhận. Hãy tải biểu mẫu của đơn vị mình "
                "ngay trên trang này, điền rồi gửi lại."
            ),
        ),
    )
    result.status = "error"
    return moved, moved.relative_to(data).as_posix()


def check_bounded(path: Path, form: Form, root: Path, seconds: float = CHECK_SECONDS) -> FileResult:
    """``check_paths`` on one file, in a worker process stopped after ``seconds`` (and bounded in memory on
    Linux): a file that takes too long, or kills its worker, is an error naming the file, and nothing else
    waits for it. ``root``: the folder it was received in (the record's relative path, units from folders).
    """
    worker = _WORKERS.take()
    try:
        worker.send(path, root, form)
        if worker.results.poll(seconds):
            try:
                outcome: FileResult = worker.results.recv()
                _WORKERS.give_back(worker)
                return outcome
            except (EOFError, OSError):
                pass  # the worker died (out of memory, a crash in a reader): said below
            message = (
                f"Không kiểm tra được tệp «{path.name}»: việc đọc tệp dừng bất thường (tệp có thể hỏng hoặc "
                "quá lớn khi giải nén). Hãy mở tệp bằng Excel, lưu lại rồi gửi lại."
            )
        else:
            message = (
                f"Không kiểm tra được tệp «{path.name}» trong {seconds:g} giây; tệp bị dừng kiểm tra. Hãy mở tệp "
                "bằng Excel, xóa những trang tính, hình ảnh không thuộc biểu mẫu, lưu lại rồi gửi lại."
            )
    except BaseException:
        worker.end(kill=True)
        raise
    worker.end(kill=True)  # stopped: whatever it was doing ends with it
    result = FileResult(path=path, status="error", relative_path=path.relative_to(root).as_posix())
    result.problems.append(Problem(str(path), None, None, None, None, None, "error", message))
    return result


RECYCLE_AFTER = 200  # checks a worker makes before it is replaced (memory it may have kept is given back)


@dataclass
class _Worker:
    """A process that checks the files it is sent, one at a time, on ``jobs``; answers on ``results``."""

    process: Any
    jobs: Any
    results: Any
    method: str
    form: tuple[str, str, int] | None = None  # the form it holds (sent once, not with every file)
    done: int = 0

    def send(self, path: Path, root: Path, form: Form) -> None:
        key = (form.id, form.version, id(form))
        self.jobs.send((path, root, None if key == self.form else form))
        self.form = key
        self.done += 1

    def end(self, kill: bool = False) -> None:
        """Let it finish (told to stop), or stop it at once (``kill``: it hangs, or what it does is no longer
        wanted)."""
        if not kill:
            with suppress(OSError):
                self.jobs.send(None)
        for pipe in (self.jobs, self.results):
            pipe.close()
        self.process.join(0 if kill else 1)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()


class _Workers:
    """Check workers kept between uploads: an upload takes an idle one (or starts one), gives it back after.

    A spawned worker (Windows has only spawn) spends most of a second starting a new interpreter and importing
    the package; kept, it checks the next upload at once. A worker checks one file at a time, so a file that
    hangs or crashes its worker is stopped with it, touching no other check; the next upload gets another.
    """

    def __init__(self) -> None:
        self.idle: list[_Worker] = []
        self.lock = threading.Lock()

    def take(self) -> _Worker:
        method = start_method()
        with self.lock:
            idle, self.idle = self.idle, []
        worker = None
        for candidate in idle:
            if worker is None and candidate.method == method and candidate.process.is_alive():
                worker = candidate
            elif candidate.method == method and candidate.process.is_alive():
                self.give_back(candidate)
            else:
                candidate.end()
        return worker or self._start(method)

    def give_back(self, worker: _Worker) -> None:
        with self.lock:
            if worker.done < RECYCLE_AFTER and len(self.idle) < max(2, cores()):
                self.idle.append(worker)
                return
        worker.end()

    @staticmethod
    def _start(method: str) -> _Worker:
        starter: Any = context()
        job_reader, job_sender = starter.Pipe(duplex=False)
        result_reader, result_sender = starter.Pipe(duplex=False)
        process = starter.Process(target=_check_in_worker, args=(job_reader, result_sender), daemon=True)
        process.start()
        job_reader.close()
        result_sender.close()
        return _Worker(process, job_sender, result_reader, method)


_WORKERS = _Workers()


def _check_in_worker(jobs: Any, results: Any) -> None:
    """A worker's life: the files it is sent, checked one by one, until it is told to stop (``None``)."""
    _bound_memory()
    form: Form | None = None
    try:
        while (job := _next_job(jobs)) is not None:
            path, root, sent = job
            form = sent or form
            assert form is not None
            [result] = check_paths([path], form).files
            result.relative_path = path.relative_to(root).as_posix()
            attribute_units([result], form, [root])  # an unreadable file is its folder's unit's, as ``check`` says
            results.send(result)
    except (EOFError, OSError):
        pass  # the server stopped
    finally:
        results.close()


def _next_job(jobs: Any) -> Any:
    """The next job, or None when told to stop or when the server is gone (stopped however abruptly: a forked
    worker holds copies of the server's pipe ends, so it would never see the server close its own)."""
    import multiprocessing

    parent = multiprocessing.parent_process()
    while not jobs.poll(1.0):
        if parent is not None and not parent.is_alive():
            return None
    return jobs.recv()


def _bound_memory() -> None:
    """At most ``CHECK_MEMORY`` bytes more than the worker holds when it starts (Linux; elsewhere the file
    guards' limits on sizes bound what a check reads)."""
    if not sys.platform.startswith("linux"):
        return
    import resource

    try:
        pages = int(Path("/proc/self/statm").read_text().split()[0])
        limit = pages * os.sysconf("SC_PAGE_SIZE") + CHECK_MEMORY
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (OSError, ValueError):
        pass


# --- what was received ---------------------------------------------------------------------------


def uploads(data: Path, unit: str | None = None) -> list[Upload]:
    """Every upload, newest first (``unit``: that unit's only)."""
    if not (data / DB_NAME).exists():
        return []
    with _db(data) as db:
        if unit is None:
            rows = db.execute("SELECT * FROM uploads ORDER BY id DESC").fetchall()
        else:
            rows = db.execute("SELECT * FROM uploads WHERE unit = ? ORDER BY id DESC", (unit,)).fetchall()
    return [_upload(row) for row in rows]


def stored_files(data: Path) -> dict[str, int]:
    """Every kept file (relative to ``data``) with the id of its upload."""
    if not (data / DB_NAME).exists():
        return {}
    with _db(data) as db:
        rows = db.execute("SELECT id, stored FROM uploads WHERE stored IS NOT NULL").fetchall()
    return {row["stored"]: row["id"] for row in rows}


def _upload_by_id(data: Path, upload_id: int) -> Upload | None:
    with _db(data) as db:
        row = db.execute("SELECT * FROM uploads WHERE id = ?", (upload_id,)).fetchone()
    return _upload(row) if row else None


def upload_file(data: Path, upload_id: int, unit: str | None = None) -> tuple[Upload, Path] | None:
    """An upload and where its file lies, when it is kept (``unit``: only if it is that unit's)."""
    upload = _upload_by_id(data, upload_id)
    if upload is None or upload.stored is None or (unit is not None and upload.unit != unit):
        return None
    path = data / upload.stored
    return (upload, path) if path.is_file() else None


def feedback_bytes(form: Form, data: Path, upload_id: int, unit: str | None = None) -> bytes | None:
    """The feedback workbook of an upload with problems (as ``check --feedback`` writes it), or None."""
    found = upload_file(data, upload_id, unit)
    if found is None or found[0].record is None or not found[0].record.get("problems"):
        return None
    import io

    from consolidate.feedback import feedback_workbook
    from consolidate.marks import seal
    from consolidate.store import file_result_from_json

    upload, path = found
    with _db(data) as db:
        row = db.execute("SELECT result FROM uploads WHERE id = ?", (upload.id,)).fetchone()
    result = file_result_from_json(json.loads(row["result"]))
    result.path = path
    record_problems = upload.record["problems"] if upload.record else []
    result.problems = [Problem(**p) for p in record_problems]
    buffer = io.BytesIO()
    feedback_workbook(result, form, dt.date.today()).save(buffer)
    return seal(buffer.getvalue())


def template_bytes(form: Form, unit: str) -> bytes:
    """The unit's own template, as ``consolidate template --unit`` writes it."""
    import io

    from consolidate.template import build_template

    buffer = io.BytesIO()
    build_template(form, form.unit(unit)).save(buffer)
    return buffer.getvalue()


def audit_rows(data: Path) -> list[list[Any]]:
    """The audit log as a table (header first), oldest upload first."""
    rows: list[list[Any]] = [
        ["Thời điểm nhận", "Mã đơn vị", "Tên tệp gửi", "Tệp lưu", "Kích thước (byte)", "SHA-256", "Địa chỉ gửi",
         "Chậm hạn", "Kết quả kiểm tra"]
    ]  # fmt: skip
    for up in reversed(uploads(data)):
        rows.append(
            [f"{up.received:%d/%m/%Y %H:%M:%S}", up.unit, up.original_name, up.stored or "", up.size, up.sha256,
             up.client, "Có" if up.late else "", up.status_label]
        )  # fmt: skip
    return rows


# --- reviews -------------------------------------------------------------------------------------


def add_review(form: Form, data: Path, unit: str, comment: str, now: dt.datetime | None = None) -> dict[str, Any]:
    """Mark a unit's submission «cần bổ sung» with the coordinator's comment (the unit sees it on its page).

    Raises:
        UsageError: an unknown unit, or an empty comment.
    """
    from consolidate.text import clean_text

    comment = clean_text(comment or "")
    if form.unit(unit) is None:
        raise UsageError(f"Không có đơn vị mã «{unit}» trong biểu mẫu «{form.id}».")
    if not comment:
        raise UsageError("Hãy ghi nội dung cần bổ sung để đơn vị biết phải sửa gì.")
    now = now or dt.datetime.now().replace(microsecond=0)
    latest = uploads(data, unit)
    with _db(data, write=True) as db:
        review_id = db.execute(
            "INSERT INTO reviews (unit, upload, comment, created) VALUES (?, ?, ?, ?)",
            (unit, latest[0].id if latest else None, comment, _stamp(now)),
        ).lastrowid
    return {"id": review_id, "unit": unit, "comment": comment, "created": _stamp(now)}


def reviews(data: Path, unit: str | None = None) -> list[dict[str, Any]]:
    """The «cần bổ sung» marks, newest first (``unit``: that unit's only). ``open``: the unit has sent nothing
    since (a review answered by a new upload is kept, closed)."""
    if not (data / DB_NAME).exists():
        return []
    with _db(data) as db:
        query = (
            "SELECT r.*, (SELECT MAX(u.id) FROM uploads u WHERE u.unit = r.unit) IS r.upload AS open "
            "FROM reviews r" + (" WHERE r.unit = ?" if unit else "") + " ORDER BY r.id DESC"
        )
        rows = db.execute(query, (unit,) if unit else ()).fetchall()
    return [dict(row) | {"open": bool(row["open"])} for row in rows]


# --- status and consolidation --------------------------------------------------------------------


class _UploadCache:
    """The intake's own check results, by content: status pages do not parse every file again."""

    def __init__(self, data: Path, unit: str | None = None) -> None:
        self.results: dict[str, str] = {}
        if (data / DB_NAME).exists():
            # Files in nhan/ only: a file returned to its sender carries a verdict about the link it came by.
            query = "SELECT sha256, result FROM uploads WHERE result IS NOT NULL AND stored LIKE ?"
            query += " AND unit = ?" if unit else ""
            with _db(data) as db:
                for row in db.execute(query, (f"{RECEIVED_DIR}/%", unit) if unit else (f"{RECEIVED_DIR}/%",)):
                    self.results[row["sha256"]] = row["result"]

    def get(self, sha256: str, path: Path) -> FileResult | None:
        from consolidate.store import file_result_from_json

        encoded = self.results.get(sha256)
        if encoded is None:
            return None
        result = file_result_from_json(json.loads(encoded))
        result.path, result.sha256 = path, sha256
        for problem in result.problems:
            problem.file = str(path)
        return result

    @property
    def encode(self) -> Any:
        from consolidate.store import encode_result

        return encode_result

    def put_all(self, items: list[tuple[str, str]]) -> None:
        pass


def received_folder(data: Path) -> Path:
    """Where the received files lie (made when missing): what ``run`` and ``status`` are given."""
    folder = data / RECEIVED_DIR
    folder.mkdir(parents=True, exist_ok=True)
    return folder


_STATUS: dict[Path, tuple[tuple[Any, ...], list[dict[str, Any]]]] = {}  # data folder → (state, rows)
_STATUS_LOCK = threading.Lock()


def _state(form: Form, data: Path) -> tuple[Any, ...]:
    """What the status rows depend on, cheaply: the form, the database's revision, the received folders'
    times (a file put in or taken out by hand shows too) and the history store's."""
    with _db(data) as db:
        row = db.execute("SELECT value FROM settings WHERE key = 'revision'").fetchone()
    folder = received_folder(data)
    with os.scandir(folder) as entries:
        folders = sorted((e.name, e.stat().st_mtime_ns) for e in entries if e.is_dir())
    history = data / OUT_DIR / "lich_su.sqlite"
    stamp = history.stat().st_mtime_ns if history.exists() else 0
    return (id(form), form.period.deadline, row["value"] if row else "0", folder.stat().st_mtime_ns, stamp, folders)


def status(form: Form, data: Path, now: dt.datetime | None = None, unit: str | None = None) -> list[dict[str, Any]]:
    """Every unit's row as ``consolidate status DATA/nhan --out DATA/tong_hop --json`` gives it, plus the
    intake's own keys: ``intake_status`` (a key of ``INTAKE_LABELS``) and its label, ``verdict`` (the check's
    status of the file that decides the unit's, ``ok``/``warning``/``error``) and its label, ``uploads`` (how many),
    ``needs_more`` (the newest «cần bổ sung» comment the unit has not answered by a new upload, if any).

    ``unit``: only that unit's row, from its own files (what an upload answers with: the same row, without
    reading every other unit's files).
    """
    if unit is not None or now is not None:
        return _status(form, data, now, unit)
    state = _state(form, data)
    with _STATUS_LOCK:
        known = _STATUS.get(data)
    if known is None or known[0] != state:
        known = (state, _status(form, data, None, None))
        with _STATUS_LOCK:
            _STATUS[data] = known
    return [dict(row) for row in known[1]]


def _status(form: Form, data: Path, now: dt.datetime | None, unit: str | None) -> list[dict[str, Any]]:
    from consolidate.store import Store
    from consolidate.tracking import settle, status_rows

    out = data / OUT_DIR
    history = out / "lich_su.sqlite"
    folder = received_folder(data) / unit if unit else received_folder(data)
    if unit:
        folder.mkdir(exist_ok=True)
    with Store.open(history, create=False) if history.exists() else nullcontext() as store:
        report, consolidation = settle([folder], form, out, store, None, now, _UploadCache(data, unit))
    verdicts = {str(f.path): f.status for f in report.files}
    with _db(data) as db:
        query = "SELECT unit, COUNT(*) AS n FROM uploads" + (" WHERE unit = ?" if unit else "") + " GROUP BY unit"
        counted = {row["unit"]: row["n"] for row in db.execute(query, (unit,) if unit else ())}
    newest_review: dict[str, str] = {}
    for review in reviews(data, unit):
        if review["open"]:
            newest_review.setdefault(review["unit"], review["comment"])
    rows = [row for row in status_rows(consolidation) if unit is None or row["code"] == unit]
    for row in rows:
        if row["status"] == "missing":
            key = "missing"
        elif row["status"] == "rejected":
            key = "error"
        elif row["status"] == "late":
            key = "late"
        else:
            key = "warning" if verdicts.get(str(row["file"])) == "warning" else "valid"
        row["intake_status"] = key
        verdict = verdicts.get(str(row["file"])) if row["file"] else None
        row["verdict"] = verdict
        row["verdict_label"] = VERDICT_LABELS.get(verdict or "")
        row["intake_status_label"] = INTAKE_LABELS[key]
        row["uploads"] = counted.get(row["code"], 0)
        row["needs_more"] = newest_review.get(row["code"])
    return rows


_RUNS = threading.Lock()  # one consolidation at a time in a server (a second click waits for the first)


def consolidate_now(form: Form, data: Path, now: dt.datetime | None = None) -> dict[str, Any]:
    """The same ``run`` as ``consolidate run DATA/nhan --form F --out DATA/tong_hop``, then the reminder letter
    for the units missing or rejected. Returns the outputs written, by key, and the counts."""
    from consolidate.run import run
    from consolidate.tracking import write_reminder_for

    out = data / OUT_DIR
    with _RUNS:
        started = time.perf_counter()
        result = run([received_folder(data)], form, out, now=now)
        made = dict(result.outputs)
        consolidation = result.consolidation
        if consolidation.by_status("missing") or consolidation.by_status("rejected"):
            made["reminder"] = write_reminder_for(form, out, [], out / "lich_su.sqlite", now)[0]
        else:
            with suppress(OSError):
                (out / REMINDER_NAME).unlink(missing_ok=True)  # an earlier letter no longer applies
    return {
        "outputs": {key: path.name for key, path in made.items()},
        "counts": {s: len(consolidation.by_status(s)) for s in ("accepted", "rejected", "missing")},
        "seconds": round(time.perf_counter() - started, 3),
    }


REMINDER_NAME = "cong_van_don_doc.docx"


def outputs(data: Path) -> dict[str, Path]:
    """The outputs of the last consolidation that exist, by key (``reminder`` for the letter)."""
    from consolidate.outputs import OUTPUTS

    out = data / OUT_DIR
    found = {key: out / o.name for key, o in OUTPUTS.items()} | {"reminder": out / REMINDER_NAME}
    return {key: path for key, path in found.items() if path.is_file()}


# --- receipt times for the other commands ----------------------------------------------------------


def intake_times(paths: Iterable[Path]) -> dict[Path, dt.datetime]:
    """The recorded receipt time of every file among ``paths`` that lies in an intake's ``nhan/<UNIT>/``."""
    wanted: dict[Path, dict[str, Path]] = {}  # data folder → stored name → the path as given
    for path in paths:
        unit_folder = path.parent
        if unit_folder.parent.name == RECEIVED_DIR:
            stored = f"{RECEIVED_DIR}/{unit_folder.name}/{path.name}"
            wanted.setdefault(unit_folder.parent.parent, {})[stored] = path
    found: dict[Path, dt.datetime] = {}
    for data, names in wanted.items():
        if (data / DB_NAME).is_file():
            for stored, when in _receipts(data, list(names)).items():
                found[names[stored]] = when
    return found


def _receipts(data: Path, stored: list[str]) -> dict[str, dt.datetime]:
    """When each of these files (as stored, relative to ``data``) was received; read only."""
    found: dict[str, dt.datetime] = {}
    try:
        uri = (data / DB_NAME).resolve().as_uri() + "?mode=ro"
        with closing(sqlite3.connect(uri, uri=True, timeout=30)) as db:
            for start in range(0, len(stored), 500):  # SQLite binds at most 999 values at once (older builds)
                chunk = stored[start : start + 500]
                query = f"SELECT stored, received FROM uploads WHERE stored IN ({', '.join('?' * len(chunk))})"
                found.update((name, dt.datetime.fromisoformat(when)) for name, when in db.execute(query, chunk))
    except sqlite3.Error:
        return {}
    return found
