"""The history store: an embedded SQLite database of runs, files seen and accepted submissions.

The store remembers what every ``run`` saw, so that later runs can compare a period with the same
period of the previous year, tell when a file's content was first received, and skip parsing files
already checked. Every write is one transaction: an exception (or an interrupted process) leaves the
store exactly as it was.

Values kept for submissions go through JSON: numbers stay ``int``/``float``, text stays text, and
dates and datetimes come back as ISO strings (``"2022-06-16"``). The parse cache is the exception: it
tags dates so that :func:`file_result_from_json` gives back the very ``FileResult`` that was stored.

Typical use::

    with Store.open(out / "lich_su.sqlite") as store:
        store.record_run(consolidation, when=consolidation.created)
        previous = store.current_values(previous_year_key(period_key(form)))
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import urllib.parse
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path, PurePath
from types import TracebackType
from typing import Any

from consolidate.check import FileResult, Problem
from consolidate.errors import ConsolidateError, os_reason
from consolidate.form import Form
from consolidate.merge import Consolidation
from consolidate.paths import open_path

SCHEMA_VERSION = 1
IMPORT_PREFIX = "import:"

PeriodKey = tuple[str, str, int, int]  # (form id, period type, year, number or 0)


class StoreError(ConsolidateError):
    """The history store cannot be opened, migrated or written."""


# --- period keys ---------------------------------------------------------------------------------


def period_key(form: Form) -> PeriodKey:
    """The key under which a form's current period is stored: ``(form id, type, year, number or 0)``."""
    period = form.period
    return (form.id, period.type, period.year, period.number or 0)


def previous_year_key(key: PeriodKey) -> PeriodKey:
    """The same period of the previous year (for "so với cùng kỳ năm trước")."""
    form_id, kind, year, number = key
    return (form_id, kind, year - 1, number)


def under_current_codes(form: Form, values: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Per unit, an earlier period's values with each renamed field's value under its code of today.

    A field that names its ``previous_code`` takes the value stored under that code (no field of today has
    it: the form forbids it), unless the period already holds a value under the current code.
    """
    back = {f.previous_code: f.code for f in form.fields if f.previous_code}
    if not back:
        return values
    return {
        unit: {back[k] if k in back and back[k] not in held else k: v for k, v in held.items()}
        for unit, held in values.items()
    }


def key_text(key: PeriodKey) -> str:
    """A period key as text, without the form id: ``first_half/2022/0``."""
    _, kind, year, number = key
    return f"{kind}/{year}/{number}"


# --- JSON forms ----------------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    """JSON ``default`` for stored values: dates as ISO text, anything else unknown as text."""
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=_plain, sort_keys=True)


def _tagged(value: Any) -> Any:
    """A value as JSON that remembers its type (the parse cache must give back what it was given)."""
    if isinstance(value, dt.datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, dt.date):
        return {"$date": value.isoformat()}
    if isinstance(value, dt.time):
        return {"$time": value.isoformat()}
    if isinstance(value, dt.timedelta):
        return {"$timedelta": value.total_seconds()}
    if isinstance(value, dict):
        return {str(k): _tagged(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_tagged(v) for v in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def _untagged(value: Any) -> Any:
    if isinstance(value, dict):
        if len(value) == 1:
            tag, text = next(iter(value.items()))
            if tag == "$datetime":
                return dt.datetime.fromisoformat(text)
            if tag == "$date":
                return dt.date.fromisoformat(text)
            if tag == "$time":
                return dt.time.fromisoformat(text)
            if tag == "$timedelta":
                return dt.timedelta(seconds=text)
        return {k: _untagged(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_untagged(v) for v in value]
    return value


def encode_result(result: FileResult) -> str:
    """A checked file's result as the parse cache stores it (JSON text)."""
    return json.dumps(file_result_to_json(result), ensure_ascii=False)


def file_result_to_json(result: FileResult) -> dict[str, Any]:
    """A ``FileResult`` as a JSON-ready dict (dates tagged, so the round trip is exact).

    Args:
        result: The checked file.

    Returns:
        A dict that ``json.dumps`` accepts and :func:`file_result_from_json` turns back.
    """
    return {
        "path": str(result.path),
        "status": result.status,
        "unit": result.unit,
        "problems": [
            {
                "file": p.file,
                "unit": p.unit,
                "field": p.field,
                "sheet": p.sheet,
                "cell": p.cell,
                "value": _tagged(p.value),
                "severity": p.severity,
                "message": p.message,
            }
            for p in result.problems
        ],
        "values": _tagged(result.values),
        "narratives": dict(result.narratives),
        "tables": _tagged(result.tables),
        "notes": dict(result.notes),
        "cells": {code: list(place) for code, place in result.cells.items()},
        "reason": result.reason,
        "traceback": result.traceback,
        "sha256": result.sha256,
        "detail": result.detail,
    }


def file_result_from_json(data: dict[str, Any]) -> FileResult:
    """The ``FileResult`` that :func:`file_result_to_json` described.

    The path is the one the file had when it was cached; callers reusing a cached result for a copy
    elsewhere set ``path`` (and each problem's ``file``) themselves.
    """
    problems = [
        Problem(
            file=p["file"],
            unit=p["unit"],
            field=p["field"],
            sheet=p["sheet"],
            cell=p["cell"],
            value=_untagged(p["value"]),
            severity=p["severity"],
            message=p["message"],
        )
        for p in data.get("problems", [])
    ]
    return FileResult(
        path=Path(data["path"]),
        status=data["status"],
        unit=data.get("unit"),
        problems=problems,
        values=_untagged(data.get("values", {})),
        narratives=dict(data.get("narratives", {})),
        tables=_untagged(data.get("tables", {})),
        notes=dict(data.get("notes", {})),
        cells={code: (place[0], place[1]) for code, place in data.get("cells", {}).items()},
        reason=data.get("reason", ""),
        traceback=data.get("traceback"),
        sha256=data.get("sha256", ""),
        detail=data.get("detail", ""),
    )


# --- schema and migrations -----------------------------------------------------------------------


def _create_v1(db: sqlite3.Connection) -> None:
    statements = [
        """CREATE TABLE runs (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL,               -- 'run' | 'import'
            source TEXT NOT NULL DEFAULT '',
            form_id TEXT NOT NULL,
            form_version TEXT NOT NULL,
            period_type TEXT NOT NULL,
            year INTEGER NOT NULL,
            number INTEGER NOT NULL,
            label TEXT NOT NULL,
            run_at TEXT NOT NULL,
            accepted INTEGER NOT NULL DEFAULT 0,
            rejected INTEGER NOT NULL DEFAULT 0,
            missing INTEGER NOT NULL DEFAULT 0,
            files INTEGER NOT NULL DEFAULT 0
        )""",
        "CREATE INDEX runs_period ON runs (form_id, period_type, year, number)",
        """CREATE TABLE files (
            path TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            size INTEGER,
            first_seen TEXT NOT NULL,
            status TEXT NOT NULL,
            PRIMARY KEY (path, sha256)
        )""",
        "CREATE INDEX files_sha256 ON files (sha256)",
        """CREATE TABLE submissions (
            id INTEGER PRIMARY KEY,
            form_id TEXT NOT NULL,
            form_version TEXT NOT NULL,
            period_type TEXT NOT NULL,
            year INTEGER NOT NULL,
            number INTEGER NOT NULL,
            unit TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            path TEXT NOT NULL DEFAULT '',
            values_json TEXT NOT NULL,
            tables_json TEXT NOT NULL,
            narratives_json TEXT NOT NULL,
            UNIQUE (form_id, period_type, year, number, unit, sha256)
        )""",
        """CREATE TABLE run_submissions (
            run_id INTEGER NOT NULL REFERENCES runs (id),
            submission_id INTEGER NOT NULL REFERENCES submissions (id),
            PRIMARY KEY (run_id, submission_id)
        )""",
        "CREATE INDEX run_submissions_submission ON run_submissions (submission_id)",
        """CREATE TABLE parse_cache (
            sha256 TEXT NOT NULL,
            form_id TEXT NOT NULL,
            form_version TEXT NOT NULL,
            data TEXT NOT NULL,
            PRIMARY KEY (sha256, form_id, form_version)
        )""",
    ]
    for statement in statements:
        db.execute(statement)


# MIGRATIONS[i] takes a store from schema version i to i + 1; append, never edit a released one.
MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [_create_v1]
assert len(MIGRATIONS) == SCHEMA_VERSION


# --- the store -----------------------------------------------------------------------------------


class Store:
    """An open history store. Use :meth:`Store.open`, preferably as a context manager."""

    def __init__(self, db: sqlite3.Connection, path: Path, read_only: bool = False) -> None:
        self.db = db
        self.path = path
        self.read_only = read_only

    # -- opening and closing --

    @classmethod
    def open(cls, path: Path, create: bool = True) -> Store:
        """Open (creating or migrating as needed) the store at ``path``.

        Args:
            path: The SQLite file.
            create: False for commands that only read: the store must exist and is opened read-only, so
                nothing is created, migrated or written (no empty store where the user mistyped a path).

        Raises:
            StoreError: the file is missing (``create=False``), is not a history store, was written by a
                newer version, or cannot be opened.
        """
        path = Path(path)
        if not create and not path.is_file():
            raise StoreError(
                f"Không tìm thấy kho lịch sử «{path}»: chưa có lần tổng hợp nào ghi kho ở đó. Hãy chỉ đúng kho "
                "bằng --history TỆP (tệp lich_su.sqlite trong thư mục kết quả của lần tổng hợp)."
            )
        try:
            if create:
                path.parent.mkdir(parents=True, exist_ok=True)
                db = sqlite3.connect(path, isolation_level=None)
            else:
                db = sqlite3.connect(read_only_uri(path.resolve()), isolation_level=None, uri=True)
        except OSError as exc:
            raise StoreError(f"Không mở được kho lịch sử «{path}»: {os_reason(exc)}.") from exc
        except sqlite3.Error as exc:  # SQLite's own words stay in the cause, shown with --debug
            raise StoreError(
                f"Không mở được kho lịch sử «{path}». Hãy kiểm tra quyền đọc, ghi tệp và thư mục chứa nó rồi chạy lại "
                "(chạy với --debug để xem chi tiết)."
            ) from exc
        store = cls(db, path, read_only=not create)
        try:
            db.execute("PRAGMA foreign_keys = ON")
            store._migrate()
        except sqlite3.DatabaseError as exc:
            db.close()
            raise StoreError(
                f"Tệp «{path}» không phải kho lịch sử của consolidate hoặc đã hỏng. "
                "Hãy chỉ một tệp khác, hoặc xóa tệp này để tạo kho mới."
            ) from exc
        except BaseException:
            db.close()
            raise
        return store

    def close(self) -> None:
        """Close the connection (every write is already committed)."""
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    @property
    def version(self) -> int:
        """The schema version written in the file (``PRAGMA user_version``)."""
        return int(self.db.execute("PRAGMA user_version").fetchone()[0])

    def _migrate(self) -> None:
        version = self.version
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"Kho lịch sử «{self.path}» được tạo bởi phiên bản mới hơn của chương trình (lược đồ {version}, "
                f"phiên bản này chỉ đọc được đến {SCHEMA_VERSION}); hãy cập nhật consolidate."
            )
        if version == 0:
            tables = self.db.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0]
            if tables:
                raise StoreError(
                    f"Tệp «{self.path}» là cơ sở dữ liệu SQLite khác, không phải kho lịch sử của consolidate. "
                    "Hãy chỉ đường dẫn tới một tệp khác."
                )
        if version < SCHEMA_VERSION and self.read_only:
            raise StoreError(
                f"Tệp «{self.path}» chưa phải kho lịch sử của consolidate (lược đồ {version}). "
                "Hãy chỉ đúng tệp lich_su.sqlite trong thư mục kết quả."
            )
        for step in range(version, SCHEMA_VERSION):
            with self._transaction():
                MIGRATIONS[step](self.db)
                self.db.execute(f"PRAGMA user_version = {step + 1}")

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: committed on success, rolled back on any exception."""
        if self.read_only:
            raise StoreError(f"Kho lịch sử «{self.path}» đang được mở chỉ để đọc; không ghi được vào kho.")
        try:
            self.db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise StoreError(
                f"Kho lịch sử «{self.path}» đang được một lần chạy khác sử dụng. Hãy chờ lần chạy đó xong rồi chạy lại."
            ) from exc
        try:
            yield self.db
        except BaseException:
            if self.db.in_transaction:  # some SQLite errors have already rolled back
                self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    # -- writing --

    def record_run(
        self, consolidation: Consolidation, when: dt.datetime, before_commit: Callable[[], object] | None = None
    ) -> int:
        """Record one consolidation: the run, every file seen and every accepted submission.

        Idempotent apart from the run itself: recording the same consolidation again adds a run row
        (and its links) but no file or submission. A submission is unique on (period key, unit,
        file hash), so a changed file adds a new version of that unit's submission.

        Args:
            consolidation: What ``merge`` returned.
            when: The run's time; also the first-seen time of hashes never seen before.

            before_commit: Called inside the transaction, last: if it raises, nothing is recorded (the
                run's outputs are put in place there, so a run whose outputs failed leaves no trace).

        Returns:
            The new run's id.
        """
        form = consolidation.form
        key = period_key(form)
        stamp = _stamp(when)
        counts = {s: len(consolidation.by_status(s)) for s in ("accepted", "rejected", "missing")}
        with self._transaction() as db:
            run_id = self._insert_run(
                "run", "", form.version, key, form.period.label, stamp, counts, len(consolidation.files)
            )
            for outcome in consolidation.files:
                result = outcome.result
                db.execute(
                    """INSERT INTO files (path, sha256, size, first_seen, status)
                       VALUES (?, ?, ?, COALESCE((SELECT min(first_seen) FROM files WHERE sha256 = ? AND sha256 <> ''
                                                  AND first_seen <= ?), ?), ?)
                       ON CONFLICT (path, sha256) DO UPDATE SET
                           status = excluded.status,
                           size = COALESCE(excluded.size, files.size),
                           first_seen = min(files.first_seen, excluded.first_seen)""",
                    (
                        str(result.path),
                        result.sha256,
                        _size(result.path),
                        result.sha256,
                        stamp,
                        # A file never seen before arrived at the latest when it was last saved.
                        _stamp(min(when, outcome.modified)) if outcome.modified else stamp,
                        outcome.status,
                    ),
                )
            for unit in consolidation.by_status("accepted"):
                if unit.chosen is None:
                    continue
                result = unit.chosen.result
                submission_id = self._upsert_submission(
                    key,
                    form.version,
                    unit.unit.code,
                    result.sha256,
                    str(result.path),
                    result.values,
                    result.tables,
                    result.narratives,
                    replace=False,
                )
                db.execute("INSERT OR IGNORE INTO run_submissions VALUES (?, ?)", (run_id, submission_id))
            if before_commit is not None:
                before_commit()
        return run_id

    def import_long(
        self,
        form_id: str,
        key: PeriodKey,
        label: str,
        rows: list[tuple[str, str, Any]],
        source: str,
        when: dt.datetime | None = None,
    ) -> int:
        """Load earlier data (a previous summary, a CSV of the long table) as submissions.

        Each unit's rows become one submission with ``sha256 = "import:<source>"``; importing the
        same source again replaces its values rather than adding a version.

        Args:
            form_id: The form the data belongs to (must match ``key``).
            key: The period, e.g. ``previous_year_key(period_key(form))``.
            label: The period's Vietnamese label, e.g. ``6 tháng đầu năm 2021``.
            rows: ``(unit, field, value)`` triples.
            source: Where the data came from (a file name), kept in the hash column.
            when: The import's time (now by default).

        Returns:
            The id of the run row recording the import.
        """
        if key[0] != form_id:
            raise StoreError(f"Kỳ báo cáo {key_text(key)} thuộc biểu mẫu «{key[0]}», không phải «{form_id}».")
        by_unit: dict[str, dict[str, Any]] = {}
        for unit, field, value in rows:
            by_unit.setdefault(unit, {})[field] = value
        stamp = _stamp(when or dt.datetime.now().replace(microsecond=0))
        counts = {"accepted": len(by_unit), "rejected": 0, "missing": 0}
        with self._transaction() as db:
            run_id = self._insert_run("import", source, "", key, label, stamp, counts, 0)
            for unit, values in by_unit.items():
                submission_id = self._upsert_submission(
                    key, "", unit, IMPORT_PREFIX + source, source, values, {}, {}, replace=True
                )
                db.execute("INSERT OR IGNORE INTO run_submissions VALUES (?, ?)", (run_id, submission_id))
        return run_id

    def cache_results(self, form_id: str, form_version: str, items: list[tuple[str, str]]) -> None:
        """Keep checked files' results (hash, :func:`encode_result`) so they are not parsed again.

        One transaction for all: a commit per file would cost a disk flush each.
        """
        with self._transaction() as db:
            db.executemany(
                "INSERT OR REPLACE INTO parse_cache VALUES (?, ?, ?, ?)",
                [(sha256, form_id, form_version, encoded) for sha256, encoded in items],
            )

    def _insert_run(
        self,
        kind: str,
        source: str,
        form_version: str,
        key: PeriodKey,
        label: str,
        stamp: str,
        counts: dict[str, int],
        files: int,
    ) -> int:
        form_id, period_type, year, number = key
        cursor = self.db.execute(
            """INSERT INTO runs (kind, source, form_id, form_version, period_type, year, number, label, run_at,
                                 accepted, rejected, missing, files)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            (
                kind,
                source,
                form_id,
                form_version,
                period_type,
                year,
                number,
                label,
                stamp,
                counts["accepted"],
                counts["rejected"],
                counts["missing"],
                files,
            ),
        )
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def _upsert_submission(
        self,
        key: PeriodKey,
        form_version: str,
        unit: str,
        sha256: str,
        path: str,
        values: dict[str, Any],
        tables: dict[str, Any],
        narratives: dict[str, Any],
        replace: bool,
    ) -> int:
        conflict = (
            "DO UPDATE SET values_json = excluded.values_json, tables_json = excluded.tables_json, "
            "narratives_json = excluded.narratives_json"
            if replace
            else "DO NOTHING"
        )
        self.db.execute(
            f"""INSERT INTO submissions (form_id, form_version, period_type, year, number, unit, sha256, path,
                                         values_json, tables_json, narratives_json)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (form_id, period_type, year, number, unit, sha256) {conflict}""",
            (*key[:1], form_version, *key[1:], unit, sha256, path, _dumps(values), _dumps(tables), _dumps(narratives)),
        )
        row = self.db.execute(
            """SELECT id FROM submissions
               WHERE form_id = ? AND period_type = ? AND year = ? AND number = ? AND unit = ? AND sha256 = ?""",
            (*key, unit, sha256),
        ).fetchone()
        return int(row[0])

    # -- reading --

    def cached_result(self, sha256: str, form_id: str, form_version: str) -> dict[str, Any] | None:
        """The cached JSON form of a file already checked against this form version, if any."""
        row = self.db.execute(
            "SELECT data FROM parse_cache WHERE sha256 = ? AND form_id = ? AND form_version = ?",
            (sha256, form_id, form_version),
        ).fetchone()
        return json.loads(row[0]) if row else None

    def first_seen(self, sha256: str) -> dt.datetime | None:
        """When a file with this content was first seen by a run, if ever."""
        row = self.db.execute("SELECT min(first_seen) FROM files WHERE sha256 = ?", (sha256,)).fetchone()
        return dt.datetime.fromisoformat(row[0]) if row and row[0] else None

    def current_values(self, key: PeriodKey) -> dict[str, dict[str, Any]]:
        """Per unit, the values of its newest accepted version for this period.

        "Newest" is by the latest run (or import) that accepted the version. Dates come back as ISO
        strings; numbers as ``int``/``float``.
        """
        return {unit: json.loads(row["values_json"]) for unit, row in self._current(key).items()}

    def current_submissions(self, key: PeriodKey) -> dict[str, dict[str, Any]]:
        """Per unit, its newest accepted version: ``sha256``, ``path``, ``values``, ``tables``, ``narratives``."""
        return {
            unit: {
                "sha256": row["sha256"],
                "path": row["path"],
                "form_version": row["form_version"],
                "accepted_at": row["accepted_at"],
                "values": json.loads(row["values_json"]),
                "tables": json.loads(row["tables_json"]),
                "narratives": json.loads(row["narratives_json"]),
            }
            for unit, row in self._current(key).items()
        }

    def _current(self, key: PeriodKey) -> dict[str, sqlite3.Row]:
        cursor = self.db.execute(
            """SELECT s.*, max(r.run_at) AS accepted_at
               FROM submissions s JOIN run_submissions rs ON rs.submission_id = s.id JOIN runs r ON r.id = rs.run_id
               WHERE s.form_id = ? AND s.period_type = ? AND s.year = ? AND s.number = ?
               GROUP BY s.id
               ORDER BY s.unit, accepted_at, max(r.id)""",
            key,
        )
        cursor.row_factory = sqlite3.Row
        newest: dict[str, sqlite3.Row] = {}
        for row in cursor:
            newest[row["unit"]] = row  # ascending order: the last row of a unit is its newest
        return newest

    def periods(self, form_id: str) -> list[dict[str, Any]]:
        """The periods held for a form, oldest first.

        Returns:
            Dicts with ``key`` (tuple), ``key_text``, ``label`` (of the latest run), ``runs``,
            ``last_run`` (ISO text) and ``units`` (units with an accepted submission).
        """
        rows = self.db.execute(
            """SELECT period_type, year, number, count(*), max(run_at),
                      (SELECT label FROM runs l WHERE l.form_id = r.form_id AND l.period_type = r.period_type
                          AND l.year = r.year AND l.number = r.number ORDER BY l.run_at DESC, l.id DESC LIMIT 1),
                      (SELECT count(DISTINCT unit) FROM submissions s WHERE s.form_id = r.form_id
                          AND s.period_type = r.period_type AND s.year = r.year AND s.number = r.number)
               FROM runs r WHERE form_id = ?
               GROUP BY period_type, year, number
               ORDER BY year, number, period_type""",
            (form_id,),
        ).fetchall()
        result = []
        for period_type, year, number, runs, last_run, label, units in rows:
            key = (form_id, period_type, year, number)
            result.append(
                {
                    "key": key,
                    "key_text": key_text(key),
                    "label": label,
                    "runs": runs,
                    "last_run": last_run,
                    "units": units,
                }
            )
        return result

    def runs(self, form_id: str) -> list[dict[str, Any]]:
        """Every run and import recorded for a form, oldest first."""
        cursor = self.db.execute("SELECT * FROM runs WHERE form_id = ? ORDER BY run_at, id", (form_id,))
        cursor.row_factory = sqlite3.Row
        result = []
        for row in cursor:
            item = dict(row)
            item["key"] = (row["form_id"], row["period_type"], row["year"], row["number"])
            item["key_text"] = key_text(item["key"])
            result.append(item)
        return result

    def long_table(self, form_id: str, form: Form | None = None) -> list[tuple[str, str, str, str, Any]]:
        """The current values of every period as ``(period label, key text, unit, field, value)`` rows.

        Periods oldest first, then units and fields in alphabetical order; dates as ISO strings. Given the
        ``form`` of today, a field renamed since a period is listed under its current code there too.
        """
        rows: list[tuple[str, str, str, str, Any]] = []
        for period in self.periods(form_id):
            values = self.current_values(period["key"])
            if form is not None:
                values = under_current_codes(form, values)
            for unit in sorted(values):
                for field in sorted(values[unit]):
                    rows.append((period["label"], period["key_text"], unit, field, values[unit][field]))
        return rows

    def count(self, table: str) -> int:
        """Rows in one of the store's tables (for tests and diagnostics)."""
        if table not in ("runs", "files", "submissions", "run_submissions", "parse_cache"):
            raise ValueError(table)
        return int(self.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def read_only_uri(path: PurePath) -> str:
    """The SQLite URI that opens an absolute ``path`` read-only.

    The authority is always empty (``file:///C:/…``, ``file:////server/share/…``): SQLite refuses a host
    name there, which ``Path.as_uri`` would give a Windows shared-folder (UNC) path.
    """
    posix = path.as_posix()
    if not posix.startswith("/"):
        posix = "/" + posix  # a drive letter: file:///C:/…
    return "file://" + urllib.parse.quote(posix, safe="/:") + "?mode=ro"


def _stamp(when: dt.datetime) -> str:
    return when.isoformat(timespec="seconds")


def _size(path: Path) -> int | None:
    try:
        return open_path(Path(path)).stat().st_size
    except OSError:
        return None
