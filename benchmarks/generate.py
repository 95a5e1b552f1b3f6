"""Benchmark data: N filled submissions of the default form, one per commune, cached between runs.

Each submission is what a commune would send: its own template (as ``consolidate template``
writes it) with every indicator, a paragraph in every section and a few delegations filled in,
with values varied per commune. Writing 3,321 templates and filling each with openpyxl would take
minutes, so a handful of *masters* are written that way once — a template for a placeholder unit,
filled with unique placeholder values — and every submission is a master with its placeholders
replaced by the commune's own values, straight in the package XML. The result is byte for byte
the shape of a real filled template: same parts, same names, same styles.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import random
import re
import shutil
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import yaml

import consolidate
from consolidate.demo import unit_submission
from consolidate.fill import fill_template
from consolidate.form import FORMS_DIR, Form, Unit, load_form
from consolidate.template import template_filename, write_templates

DEFAULT_FORM = FORMS_DIR / "hoi_nhap_quoc_te.yaml"
GENERATOR_VERSION = "1"
MAX_ROWS = 3  # delegations per table in a submission (0–3: 16 masters)

# The 34 provinces and centrally-run cities after the 2025 reorganisation (groups of the summary).
PROVINCES = [
    "Hà Nội", "Huế", "Lai Châu", "Điện Biên", "Sơn La", "Lạng Sơn", "Quảng Ninh", "Thanh Hóa", "Nghệ An",
    "Hà Tĩnh", "Cao Bằng", "Tuyên Quang", "Lào Cai", "Thái Nguyên", "Phú Thọ", "Bắc Ninh", "Hưng Yên",
    "Hải Phòng", "Ninh Bình", "Quảng Trị", "Đà Nẵng", "Quảng Ngãi", "Gia Lai", "Khánh Hòa", "Lâm Đồng",
    "Đắk Lắk", "Hồ Chí Minh", "Đồng Nai", "Tây Ninh", "Cần Thơ", "Vĩnh Long", "Đồng Tháp", "Cà Mau", "An Giang",
]  # fmt: skip
COMMUNE_WORDS = [
    "Tân Lập", "Hòa Bình", "Quang Trung", "Hưng Đạo", "Đồng Tâm", "Tân Tiến", "Minh Khai", "Thống Nhất",
    "Hợp Thành", "Trung Sơn", "Phú Lộc", "Vĩnh Hòa", "An Phú", "Bình Minh", "Tiên Phong", "Hồng Phong",
    "Kim Liên", "Nam Sơn", "Thanh Hà", "Đông Hưng", "Xuân Phú", "Yên Bình", "Long Điền", "Mỹ Hòa",
]  # fmt: skip

_PLACEHOLDER_UNIT = Unit(code="ZQZQZ", name="§TEN_DON_VI§", group="§NHOM§")
_TOKEN = re.compile(r"§[A-Za-z0-9_.]+§|<v>(9[0-9]{5})</v>")


@dataclass(frozen=True)
class Dataset:
    """A generated set of submissions and the form (with its N units) they answer."""

    form_path: Path
    submissions: Path
    count: int


def dataset(count: int, root: Path, workers: int = 2) -> Dataset:
    """The submissions of ``count`` communes under ``root``, generated unless an identical set is cached."""
    folder = root / f"n{count}"
    stamp = folder / ".complete"
    key = _cache_key(count)
    data = Dataset(form_path=folder / "form" / DEFAULT_FORM.name, submissions=folder / "bao_cao", count=count)
    if stamp.is_file() and stamp.read_text(encoding="utf-8") == key:
        return data
    if folder.exists():
        shutil.rmtree(folder)
    write_form(count, data.form_path.parent)
    masters = _masters(folder / "masters", write=True)
    form = load_form(data.form_path)
    data.submissions.mkdir(parents=True)
    jobs = [(unit, masters, data.submissions, form, "bench") for unit in form.units]
    if workers > 1:
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(workers) as pool:
            list(pool.map(_write_submission, jobs, chunksize=64))
    else:
        for job in jobs:
            _write_submission(job)
    stamp.write_text(key, encoding="utf-8")
    return data


def _cache_key(count: int) -> str:
    """Changes whenever anything that shapes the files changes: form, template writer, this generator."""
    digest = hashlib.sha256()
    package = Path(consolidate.__file__).parent
    shaping = ("template.py", "layout.py", "fill.py", "demo.py", "demo_content.py")
    for path in (DEFAULT_FORM, *(package / name for name in shaping), Path(__file__)):
        digest.update(path.read_bytes())
    digest.update(f"{count}:{GENERATOR_VERSION}:{consolidate.__version__}".encode())
    return digest.hexdigest()


def communes(count: int) -> list[dict[str, str]]:
    """``count`` communes spread over the 34 provinces, with unique codes and names."""
    units = []
    for index in range(count):
        province = PROVINCES[index * len(PROVINCES) // count]
        word = COMMUNE_WORDS[index % len(COMMUNE_WORDS)]
        units.append({"code": f"XA{index + 1:05d}", "name": f"UBND xã {word} {index + 1}", "group": province})
    return units


def write_form(count: int, folder: Path, units: list[dict[str, str]] | None = None) -> Path:
    """The default form with ``count`` communes (or the given units) as its reporting units."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "units").mkdir(exist_ok=True)
    units = units if units is not None else communes(count)
    units_file = folder / "units" / "xa.yaml"
    units_file.write_text(yaml.safe_dump({"units": units}, allow_unicode=True, sort_keys=False), encoding="utf-8")
    text = DEFAULT_FORM.read_text(encoding="utf-8")
    text, replaced = re.subn(r"(?m)^units_file: .*$", "units_file: units/xa.yaml", text)
    assert replaced == 1, "the default form no longer names its units file"
    text = text.replace("actor: các sở, ban, ngành và UBND các huyện, thành phố", "actor: UBND các xã, phường")
    path = folder / DEFAULT_FORM.name
    path.write_text(text, encoding="utf-8")
    return path


# --- masters -----------------------------------------------------------------------------------


def rewrite_submission(data: Dataset, index: int, changed: bool) -> Path:
    """Write the ``index``-th commune's file again: with other values (``changed``) or as generated."""
    form = load_form(data.form_path)
    masters = _masters(data.submissions.parent / "masters", write=False)
    unit = form.units[index]
    return _write_submission((unit, masters, data.submissions, form, "changed" if changed else "bench"))


def _masters(folder: Path, write: bool) -> dict[tuple[int, int], tuple[dict[str, bytes], dict[str, Any]]]:
    """One filled master per number of delegations out × in: its parts and where each placeholder stands."""
    if write:
        form = load_form(write_form(1, folder / "form", [vars(_PLACEHOLDER_UNIT)]))
        write_templates(form, folder)
    form = load_form(folder / "form" / DEFAULT_FORM.name)
    template = folder / template_filename(form, _PLACEHOLDER_UNIT)
    masters = {}
    for rows_out in range(MAX_ROWS + 1):
        for rows_in in range(MAX_ROWS + 1):
            values, narratives, tables, slots = _placeholders(form, {"ds_doan_ra": rows_out, "ds_doan_vao": rows_in})
            path = folder / f"master_{rows_out}_{rows_in}.xlsx"
            if write:
                fill_template(form, template, path, values, narratives, tables)
            with zipfile.ZipFile(path) as archive:
                # openpyxl writes non-ASCII text as character references: make the markers plain again.
                parts = {
                    info.filename: archive.read(info).replace(b"&#167;", "§".encode()) for info in archive.infolist()
                }
            found = [m[0] for part in parts.values() for m in _TOKEN.finditer(part.decode("utf-8"))]
            unplaced = {key for key in slots if found.count(key) != 1} - {"§TEN_DON_VI§", "§NHOM§"}
            assert not unplaced, f"placeholders not found exactly once in the master: {sorted(unplaced)[:5]}"
            masters[(rows_out, rows_in)] = (parts, slots)
    return masters


def _placeholders(
    form: Form, rows: dict[str, int]
) -> tuple[dict[str, Any], dict[str, str], dict[str, list[dict[str, Any]]], dict[str, Any]]:
    """Unique placeholder values for every input; ``slots`` maps each placeholder to (code, row, column)."""
    serial = iter(range(900_001, 999_999))
    slots: dict[str, Any] = {}

    def place(kind: str, key: tuple[str, int, str]) -> Any:
        if kind in ("integer", "decimal", "percent"):
            number = next(serial)
            slots[f"<v>{number}</v>"] = key
            return number
        if kind == "date":
            day = dt.datetime(1899, 12, 30) + dt.timedelta(days=next(serial))  # the serial number Excel stores
            slots[f"<v>{(day - dt.datetime(1899, 12, 30)).days}</v>"] = key
            return day
        token = f"§{key[0]}.{key[1] + 1}.{key[2]}§"  # row 0: not a table row
        slots[token] = key
        return token

    values = {item.code: place(item.kind, (item.code, -1, "")) for item in [*form.metadata, *form.indicators]}
    narratives = {section.code: place("text", (section.code, -1, "")) for section in form.input_sections()}
    tables = {
        table.code: [{c.code: place(c.kind, (table.code, r, c.code)) for c in table.columns} for r in range(count)]
        for table in form.tables
        for count in [rows[table.code]]
    }
    return values, narratives, tables, slots


# --- one submission ----------------------------------------------------------------------------


def _write_submission(job: tuple[Unit, dict[Any, Any], Path, Form, str]) -> Path:
    unit, masters, out, form, seed = job
    rng = random.Random(zlib.crc32(f"{seed}:{unit.code}".encode()))
    values, narratives, tables = unit_submission(form, unit, rng)
    for item in form.indicators:
        if item.kind in ("integer", "decimal", "percent"):
            values.setdefault(item.code, 0)  # every figure filled in, zero when there was nothing
    tables = {code: rows[:MAX_ROWS] for code, rows in tables.items()}
    parts, slots = masters[(len(tables["ds_doan_ra"]), len(tables["ds_doan_vao"]))]
    text_of = {"§TEN_DON_VI§": escape(unit.name), "§NHOM§": escape(unit.group)}
    for token, (code, row, column) in slots.items():
        if row >= 0:
            value = tables[code][row].get(column)
        else:
            value = narratives[code] if code in narratives else values.get(code)
        text_of[token] = _xml_value(token, value)

    def replace(match: re.Match[str]) -> str:
        return text_of[match[0]]

    path = out / f"{form.id}_{unit.code}.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            text = data.decode("utf-8").replace("ZQZQZ", unit.code)
            archive.writestr(name, _TOKEN.sub(replace, text).encode("utf-8"))
    # Received a few days before the deadline, a few after it.
    sent = dt.datetime.combine(form.period.deadline, dt.time(9)) - dt.timedelta(days=rng.randint(-2, 12))
    os.utime(path, (sent.timestamp(), sent.timestamp()))
    return path


def _xml_value(token: str, value: Any) -> str:
    if token.startswith("<v>"):
        if value is None:
            return ""  # the cell keeps its style, without a value: left blank
        if isinstance(value, dt.date):
            start = dt.datetime(1899, 12, 30)
            moment = value if isinstance(value, dt.datetime) else dt.datetime.combine(value, dt.time())
            return f"<v>{(moment - start).days}</v>"
        return f"<v>{value}</v>"
    return escape("" if value is None else str(value))
