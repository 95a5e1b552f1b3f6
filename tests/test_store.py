"""The history store: schema, idempotent recording, versions, imports, transactions, parse cache."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from consolidate import store as store_module
from consolidate.check import check_file, check_paths
from consolidate.form import Form
from consolidate.layout import plan
from consolidate.merge import Consolidation, merge
from consolidate.store import (
    SCHEMA_VERSION,
    Store,
    StoreError,
    encode_result,
    file_result_from_json,
    period_key,
    previous_year_key,
)
from tests.conftest import FillFn, sha256

FIRST = dt.datetime(2022, 6, 20, 9, 30)
SECOND = dt.datetime(2022, 6, 21, 8, 0)
THIRD = dt.datetime(2022, 6, 22, 8, 0)


def _consolidate(folder: Path, form: Form, now: dt.datetime) -> Consolidation:
    return merge(check_paths([folder], form), form, now=now)


@pytest.fixture
def inbox(tmp_path: Path, fill: FillFn) -> Path:
    """Two valid submissions and a rejected one, in the folder ``fill`` writes to."""
    fill(unit="SNV")
    fill(unit="UBND_TPLS", tin_bai=300)
    fill(unit="SYT", doan_vao=900)
    return tmp_path


@pytest.fixture
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Outside the inbox, so that runs do not find the store itself among the files."""
    return tmp_path_factory.mktemp("kho") / "lich_su.sqlite"


def _counts(store: Store) -> dict[str, int]:
    return {t: store.count(t) for t in ("runs", "files", "submissions", "run_submissions", "parse_cache")}


def test_schema_created_with_version(tmp_path: Path) -> None:
    path = tmp_path / "kho" / "lich_su.sqlite"
    with Store.open(path) as store:
        assert store.version == SCHEMA_VERSION
    db = sqlite3.connect(path)
    tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    db.close()
    assert {"runs", "files", "submissions", "run_submissions", "parse_cache"} <= tables
    with Store.open(path) as store:  # reopening an up-to-date store changes nothing
        assert store.version == SCHEMA_VERSION


def test_newer_store_refused(tmp_path: Path) -> None:
    path = tmp_path / "moi.sqlite"
    db = sqlite3.connect(path)
    db.execute("PRAGMA user_version = 99")
    db.close()
    with pytest.raises(StoreError, match="phiên bản mới hơn.*hãy cập nhật consolidate"):
        Store.open(path)


def test_not_a_store_refused(tmp_path: Path) -> None:
    path = tmp_path / "khac.sqlite"
    path.write_bytes(b"day khong phai SQLite" * 100)
    with pytest.raises(StoreError, match="không phải kho lịch sử"):
        Store.open(path)


def test_record_is_idempotent_and_keeps_first_seen(inbox: Path, form: Form, store_path: Path) -> None:
    consolidation = _consolidate(inbox, form, FIRST)
    snv = sha256(inbox / "SNV.xlsx")
    with Store.open(store_path) as store:
        store.record_run(consolidation, FIRST)
        once = _counts(store)
        assert once["submissions"] == 2  # SYT was rejected: seen, not accepted
        assert once["files"] == 3
        store.record_run(_consolidate(inbox, form, SECOND), SECOND)
        twice = _counts(store)
        assert {k: v for k, v in twice.items() if k not in ("runs", "run_submissions")} == {
            k: v for k, v in once.items() if k not in ("runs", "run_submissions")
        }
        assert twice["runs"] == 2
        assert store.first_seen(snv) == FIRST
        assert store.first_seen("0" * 64) is None
        values = store.current_values(period_key(form))
    assert set(values) == {"SNV", "UBND_TPLS"}
    assert values["UBND_TPLS"]["tin_bai"] == 300
    assert isinstance(values["SNV"]["von_du_an"], float) and values["SNV"]["von_du_an"] == 18500.5
    assert values["SNV"]["ngay_van_ban"] == "2022-06-16"  # dates come back as ISO text


def test_changed_file_adds_a_version_and_the_newest_counts(
    inbox: Path, form: Form, fill: FillFn, store_path: Path
) -> None:
    with Store.open(store_path) as store:
        store.record_run(_consolidate(inbox, form, FIRST), FIRST)
        old_hash = sha256(inbox / "SNV.xlsx")
        fill(unit="SNV", tin_bai=1300)  # the unit sends a corrected file under the same name
        new_hash = sha256(inbox / "SNV.xlsx")
        assert new_hash != old_hash
        store.record_run(_consolidate(inbox, form, SECOND), SECOND)
        assert store.count("submissions") == 3
        current = store.current_submissions(period_key(form))
        assert current["SNV"]["sha256"] == new_hash
        assert store.current_values(period_key(form))["SNV"]["tin_bai"] == 1300
        assert store.first_seen(new_hash) == SECOND and store.first_seen(old_hash) == FIRST
        [period] = store.periods(form.id)
        assert period["runs"] == 2 and period["units"] == 2 and period["last_run"] == SECOND.isoformat()
        assert period["label"] == form.period.label
        assert [r["accepted"] for r in store.runs(form.id)] == [2, 2]


def test_previous_year_from_an_import(inbox: Path, form: Form, store_path: Path) -> None:
    key = period_key(form)
    previous = previous_year_key(key)
    assert previous[2] == key[2] - 1 and previous[:2] == key[:2] and previous[3] == key[3]
    rows = [("SNV", "tin_bai", 1000), ("SNV", "von_du_an", 12000.5), ("UBND_TPLS", "tin_bai", 250)]
    label = "6 tháng đầu năm 2021"
    with Store.open(store_path) as store:
        store.import_long(form.id, previous, label, rows, source="tong_hop_2021.xlsx", when=FIRST)
        store.import_long(form.id, previous, label, rows, source="tong_hop_2021.xlsx", when=FIRST)
        assert store.count("submissions") == 2  # importing the same source again adds nothing
        store.record_run(_consolidate(inbox, form, SECOND), SECOND)
        assert store.current_values(previous) == {
            "SNV": {"tin_bai": 1000, "von_du_an": 12000.5},
            "UBND_TPLS": {"tin_bai": 250},
        }
        assert store.current_submissions(previous)["SNV"]["sha256"] == "import:tong_hop_2021.xlsx"
        assert [p["label"] for p in store.periods(form.id)] == [label, form.period.label]
        table = store.long_table(form.id)
        with pytest.raises(StoreError):
            store.import_long("bieu_khac", previous, label, rows, source="x.csv")
    assert table[:3] == [
        (label, f"{key[1]}/{key[2] - 1}/{key[3]}", "SNV", "tin_bai", 1000),
        (label, f"{key[1]}/{key[2] - 1}/{key[3]}", "SNV", "von_du_an", 12000.5),
        (label, f"{key[1]}/{key[2] - 1}/{key[3]}", "UBND_TPLS", "tin_bai", 250),
    ]
    assert (form.period.label, f"{key[1]}/{key[2]}/{key[3]}", "UBND_TPLS", "tin_bai", 300) in table


def test_failure_mid_record_leaves_the_store_as_it_was(
    inbox: Path, form: Form, fill: FillFn, store_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = store_path
    with Store.open(path) as store:
        store.record_run(_consolidate(inbox, form, FIRST), FIRST)
        before = _counts(store)
        values_before = store.current_values(period_key(form))
    fill(unit="SNV", tin_bai=1300)
    changed = _consolidate(inbox, form, SECOND)
    real_dumps = store_module._dumps
    calls = 0

    def failing(value: object) -> str:
        nonlocal calls
        calls += 1
        if calls > 3:  # after the first submission's values, tables and narratives
            raise RuntimeError("mất điện")
        return real_dumps(value)

    monkeypatch.setattr(store_module, "_dumps", failing)
    with Store.open(path) as store, pytest.raises(RuntimeError, match="mất điện"):
        store.record_run(changed, SECOND)
    monkeypatch.undo()
    with Store.open(path) as store:
        assert _counts(store) == before
        assert store.current_values(period_key(form)) == values_before
        store.record_run(changed, SECOND)  # and the store still works afterwards
        assert store.current_values(period_key(form))["SNV"]["tin_bai"] == 1300


def test_parse_cache_round_trip(fill: FillFn, form: Form, store_path: Path) -> None:
    path = fill(unit="SNV", tin_bai="1.250")  # text read as a number: a warning with a value
    result = check_file(path, form, plan(form))
    result.sha256 = sha256(path)
    assert result.problems and result.status == "warning"
    with Store.open(store_path) as store:
        assert store.cached_result(result.sha256, form.id, form.version) is None
        store.cache_results(form.id, form.version, [(result.sha256, encode_result(result))])
        data = store.cached_result(result.sha256, form.id, form.version)
        assert store.cached_result(result.sha256, form.id, form.version + "-khac") is None
    assert data is not None
    restored = file_result_from_json(data)
    assert restored.values == result.values
    assert isinstance(restored.values["ngay_van_ban"], dt.date)
    assert restored.problems == result.problems
    assert restored == result
