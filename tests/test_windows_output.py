"""The Windows side of writing outputs, simulated on Linux.

- A file open in Excel or Word cannot be renamed, replaced or deleted: ``os.replace`` (and ``unlink``) on it
  raise ``PermissionError``. Every command that writes puts its outputs in place all together or not at all,
  names the file to close, and retries briefly first (the pause is replaced here: no test waits).
- A redirected stdout/stderr uses the ANSI code page (cp1252, cp1258): every command still writes UTF-8.
- New outputs get the ordinary permissions (the umask applies), not a temporary file's 0600.
- LibreOffice lives under Program Files, off PATH; demo file names come from free text.
"""

from __future__ import annotations

import datetime as dt
import errno
import io
import json
import os
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from consolidate import files
from consolidate import pdf as pdf_module
from consolidate.cli import app, main
from consolidate.errors import ConversionError, OutputError, os_reason
from consolidate.files import Outputs, atomic_path, locked_message, safe_filename
from consolidate.form import Form
from consolidate.run import HISTORY_NAME, JSON_NAME, REPORT_NAME, SUMMARY_NAME, run
from consolidate.store import Store, StoreError
from tests.conftest import FillFn
from tests.docx_samples import samples

NOW = dt.datetime(2022, 6, 20, 9, 30)
FORM = ["--form", "hoi_nhap_quoc_te"]
ROOT = Path(__file__).parent.parent

Lock = Callable[..., None]


@pytest.fixture
def pauses(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The retry pauses asked for (none is waited)."""
    asked: list[float] = []
    monkeypatch.setattr(files, "sleep", asked.append)
    return asked


@pytest.fixture
def lock(monkeypatch: pytest.MonkeyPatch, pauses: list[float]) -> Iterator[Lock]:
    """``lock(path, times=None)``: ``path`` behaves as a file open in Excel (for ``times`` attempts, or for good).

    Renaming it, replacing it or deleting it raises PermissionError, as on Windows.
    """
    locked: dict[Path, float] = {}
    real_replace, real_unlink = os.replace, Path.unlink

    def refuse(*paths: object) -> None:
        for path in map(Path, map(str, paths)):
            if locked.get(path, 0) > 0:
                locked[path] -= 1
                raise PermissionError(13, "The process cannot access the file: it is used by another process", path)

    def replace(source: object, target: object, **kwargs: object) -> None:
        refuse(source, target)
        real_replace(source, target, **kwargs)  # type: ignore[arg-type]

    def unlink(self: Path, missing_ok: bool = False) -> None:
        refuse(self)
        real_unlink(self, missing_ok=missing_ok)

    monkeypatch.setattr(os, "replace", replace)
    monkeypatch.setattr(Path, "unlink", unlink)

    def add(path: Path, times: int | None = None) -> None:
        locked[path] = float("inf") if times is None else times

    yield add
    locked.clear()


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (stray temporaries included) with its bytes."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def history_rows(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """The history's recorded runs, files and submissions (the parse cache aside)."""
    with sqlite3.connect(path) as db:
        return {t: db.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall() for t in ("runs", "files", "submissions")}


@pytest.fixture
def inbox(tmp_path: Path, fill: FillFn) -> Path:
    folder = tmp_path / "nhan"
    folder.mkdir()
    fill(unit="SNV").rename(folder / "snv.xlsx")
    fill(unit="SYT", doan_vao=900).rename(folder / "syt.xlsx")
    return folder


@pytest.fixture
def ran(inbox: Path, form: Form, tmp_path: Path, fill: FillFn) -> Path:
    """An output folder from an earlier run (with a stale PDF), and a new submission since."""
    out = tmp_path / "out"
    run([inbox], form, out, now=NOW)
    (out / "bao_cao_tong_hop.pdf").write_bytes(b"%PDF-1.4 earlier run")
    fill(unit="UBND_TPLS", tin_bai=300).rename(inbox / "tpls.xlsx")
    return out


def invoke(*args: str) -> object:
    return CliRunner().invoke(app, list(args))


# --- 2. outputs open in Excel/Word during a re-run --------------------------------------------------------------


@pytest.mark.parametrize("name", [SUMMARY_NAME, REPORT_NAME, JSON_NAME, "bao_cao_tong_hop.pdf"])
def test_run_with_one_output_open_changes_nothing_and_names_it(
    ran: Path, inbox: Path, lock: Lock, pauses: list[float], name: str
) -> None:
    before = snapshot(ran)
    lock(ran / name)
    result = invoke("run", str(inbox), *FORM, "--out", str(ran))
    assert result.exit_code == 1  # type: ignore[attr-defined]
    assert result.stderr == f"Lỗi: {locked_message(ran / name)}\n"  # type: ignore[attr-defined]
    assert snapshot(ran) == before  # outputs and the history store byte for byte, no temporary left
    assert pauses == list(files.RETRY_DELAYS)


def test_lock_message_says_which_program_to_close(tmp_path: Path) -> None:
    assert locked_message(tmp_path / "bang_tong_hop.xlsx") == (
        f"Tệp «{tmp_path / 'bang_tong_hop.xlsx'}» đang mở trong Excel (hoặc một chương trình khác đang giữ tệp) nên "
        "không thay được. Hãy đóng tệp trong Excel rồi chạy lại lệnh; các kết quả cũ được giữ nguyên."
    )
    assert "đang mở trong Word" in locked_message(tmp_path / "bao_cao.docx")
    assert "đang mở trong trình đọc PDF" in locked_message(tmp_path / "bao_cao.pdf")
    assert "đang mở trong Excel" in locked_message(tmp_path / "lich_su.csv")
    assert locked_message(tmp_path / "consolidated.json") == (
        f"Tệp «{tmp_path / 'consolidated.json'}» đang bị một chương trình khác mở hoặc giữ nên không thay được. "
        "Hãy đóng chương trình đang mở tệp rồi chạy lại lệnh; các kết quả cũ được giữ nguyên."
    )


def test_run_after_closing_the_file_writes_everything(ran: Path, inbox: Path, form: Form, lock: Lock) -> None:
    lock(ran / SUMMARY_NAME, times=1)  # an antivirus reading the workbook for a moment
    result = run([inbox], form, ran, now=NOW)
    assert result.consolidation.by_status("accepted")[-1].unit.code == "UBND_TPLS"
    assert json.loads((ran / JSON_NAME).read_text(encoding="utf-8"))["units"]
    assert "UBND_TPLS" in (ran / JSON_NAME).read_text(encoding="utf-8")
    assert not (ran / "bao_cao_tong_hop.pdf").exists()  # the stale copy went with the set
    assert sorted(p.name for p in ran.iterdir()) == sorted([SUMMARY_NAME, REPORT_NAME, JSON_NAME, HISTORY_NAME])


def test_a_transient_lock_is_waited_for_briefly(tmp_path: Path, lock: Lock, pauses: list[float]) -> None:
    target = tmp_path / "a.json"
    target.write_text("old", encoding="utf-8")
    lock(target, times=2)
    with atomic_path(target) as tmp:
        tmp.write_text("new", encoding="utf-8")
    assert target.read_text(encoding="utf-8") == "new"
    assert pauses == list(files.RETRY_DELAYS[:2])
    assert [p.name for p in tmp_path.iterdir()] == ["a.json"]


@pytest.mark.parametrize("name", [SUMMARY_NAME, REPORT_NAME, JSON_NAME])
def test_a_failure_while_putting_in_place_puts_every_output_back(
    ran: Path, inbox: Path, form: Form, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    """The lock comes between the check and the renames (or the disk fails there): all outputs go back."""
    before, rows = snapshot(ran), history_rows(ran / HISTORY_NAME)
    real = os.replace

    def replace(source: object, target: object) -> None:
        if Path(str(target)) == ran / name and Path(str(source)).name.startswith(".tmp-"):
            raise OSError(28, "No space left on device")
        real(source, target)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(OutputError, match=f"Không ghi được tệp «{ran / name}»: ổ đĩa đã đầy"):
        run([inbox], form, ran, now=NOW)
    after = snapshot(ran)
    assert {k: v for k, v in after.items() if k != HISTORY_NAME} == {
        k: v for k, v in before.items() if k != HISTORY_NAME
    }
    assert history_rows(ran / HISTORY_NAME) == rows  # no run recorded (parse results may be kept)


def test_a_failed_history_commit_puts_the_outputs_back(
    ran: Path, inbox: Path, form: Form, monkeypatch: pytest.MonkeyPatch
) -> None:
    before, rows = snapshot(ran), history_rows(ran / HISTORY_NAME)
    real = Store.record_run

    def record_run(self: Store, consolidation: object, when: object, before_commit: Callable[[], object]) -> int:
        def then_fail() -> None:
            before_commit()
            raise StoreError("Kho lịch sử hỏng khi ghi.")

        return real(self, consolidation, when, before_commit=then_fail)  # type: ignore[arg-type]

    monkeypatch.setattr(Store, "record_run", record_run)
    with pytest.raises(StoreError):
        run([inbox], form, ran, now=NOW)
    after = snapshot(ran)
    assert {k: v for k, v in after.items() if k != HISTORY_NAME} == {
        k: v for k, v in before.items() if k != HISTORY_NAME
    }
    assert history_rows(ran / HISTORY_NAME) == rows


def test_a_failed_write_that_names_no_file_names_the_folder(tmp_path: Path) -> None:
    """A full disk fails ``write``, whose error names no file: the folder is named, never «None»."""
    (tmp_path / "a.json").write_text("old", encoding="utf-8")
    with pytest.raises(OutputError) as caught, Outputs() as outputs:
        outputs.add(tmp_path / "a.json").write_text("new", encoding="utf-8")
        raise OSError(errno.ENOSPC, "No space left on device")
    assert str(caught.value) == f"Không ghi được kết quả vào thư mục «{tmp_path}»: ổ đĩa đã đầy."
    assert [(p.name, p.read_text(encoding="utf-8")) for p in tmp_path.iterdir()] == [("a.json", "old")]


def test_outputs_put_in_place_together_or_not_at_all(tmp_path: Path, lock: Lock) -> None:
    targets = [tmp_path / name for name in ("a.xlsx", "b.docx", "c.json")]
    for target in targets:
        target.write_text(f"old {target.name}", encoding="utf-8")
    gone = tmp_path / "d.pdf"
    gone.write_text("stale", encoding="utf-8")
    lock(targets[2])
    with pytest.raises(OutputError, match="c.json"), Outputs() as outputs:
        for target in targets:
            outputs.add(target).write_text("new", encoding="utf-8")
        outputs.remove(gone)
    assert {p.name: p.read_text(encoding="utf-8") for p in tmp_path.iterdir()} == {
        "a.xlsx": "old a.xlsx",
        "b.docx": "old b.docx",
        "c.json": "old c.json",
        "d.pdf": "stale",
    }


def test_write_bytes_writes_exactly_and_names_a_locked_file(tmp_path: Path, lock: Lock) -> None:
    target = tmp_path / "lich_su.csv"
    files.write_bytes(target, b"ky,don_vi\r\nfirst_half/2022,SNV\r\n")
    assert target.read_bytes() == b"ky,don_vi\r\nfirst_half/2022,SNV\r\n"
    lock(target)
    with pytest.raises(OutputError) as raised:
        files.write_bytes(target, b"new")
    assert str(raised.value) == locked_message(target) and "chương trình khác" in str(raised.value)
    assert target.read_bytes().startswith(b"ky,don_vi") and [p.name for p in tmp_path.iterdir()] == [target.name]


def test_a_failed_write_is_named_by_its_output(tmp_path: Path) -> None:
    target = tmp_path / "bang_tong_hop.xlsx"
    target.write_bytes(b"old")
    with (
        pytest.raises(OutputError, match=f"^Không ghi được tệp «{target}»: ổ đĩa đã đầy.$"),
        atomic_path(target) as tmp,
    ):
        raise OSError(28, "No space left on device", str(tmp))
    assert [p.name for p in tmp_path.iterdir()] == ["bang_tong_hop.xlsx"] and target.read_bytes() == b"old"


def test_template_with_one_template_open(tmp_path: Path, lock: Lock) -> None:
    out = tmp_path / "bieu_mau"
    assert invoke("template", "hoi_nhap_quoc_te", "--out", str(out)).exit_code == 0  # type: ignore[attr-defined]
    before = snapshot(out)
    lock(out / "hoi_nhap_quoc_te_SYT.xlsx")
    result = invoke("template", "hoi_nhap_quoc_te", "--out", str(out))
    assert result.exit_code == 1  # type: ignore[attr-defined]
    assert result.stderr == f"Lỗi: {locked_message(out / 'hoi_nhap_quoc_te_SYT.xlsx')}\n"  # type: ignore[attr-defined]
    assert snapshot(out) == before


def test_check_prints_its_results_then_the_feedback_error(inbox: Path, tmp_path: Path, lock: Lock) -> None:
    feedback = tmp_path / "phan_hoi"
    first = invoke("check", str(inbox), *FORM, "--feedback", str(feedback))
    assert first.exit_code == 1 and (feedback / "SYT_phan_hoi.xlsx").exists()  # type: ignore[attr-defined]
    before = snapshot(feedback)
    lock(feedback / "SYT_phan_hoi.xlsx")
    result = invoke("check", str(inbox), *FORM, "--feedback", str(feedback))
    assert result.exit_code == 1  # type: ignore[attr-defined]
    assert "Sở Y tế (SYT) — syt.xlsx: 2 lỗi" in result.stdout  # type: ignore[attr-defined]
    assert "Đã kiểm tra 2 tệp: 1 hợp lệ, 0 có cảnh báo, 1 có lỗi" in result.stdout  # type: ignore[attr-defined]
    assert "tệp phản hồi" not in result.stdout  # type: ignore[attr-defined]
    assert result.stderr == f"Lỗi: {locked_message(feedback / 'SYT_phan_hoi.xlsx')}\n"  # type: ignore[attr-defined]
    assert snapshot(feedback) == before


def test_check_json_then_the_feedback_error(inbox: Path, tmp_path: Path, lock: Lock) -> None:
    feedback = tmp_path / "phan_hoi"
    lock(feedback / "SYT_phan_hoi.xlsx")
    (feedback).mkdir()
    (feedback / "SYT_phan_hoi.xlsx").write_bytes(b"open in Excel")
    result = invoke("check", str(inbox), *FORM, "--json", "--feedback", str(feedback))
    assert result.exit_code == 1  # type: ignore[attr-defined]
    assert {f["status"] for f in json.loads(result.stdout)["files"]} == {"ok", "error"}  # type: ignore[attr-defined]
    assert "đang mở trong Excel" in result.stderr  # type: ignore[attr-defined]


def test_remind_with_the_letter_open(inbox: Path, tmp_path: Path, lock: Lock) -> None:
    out = tmp_path / "out"
    assert invoke("remind", *FORM, "--from", str(inbox), "--out", str(out)).exit_code == 0  # type: ignore[attr-defined]
    before = snapshot(out)
    lock(out / "cong_van_don_doc.docx")
    result = invoke("remind", *FORM, "--from", str(inbox), "--out", str(out))
    assert result.exit_code == 1  # type: ignore[attr-defined]
    assert result.stderr == f"Lỗi: {locked_message(out / 'cong_van_don_doc.docx')}\n"  # type: ignore[attr-defined]
    assert snapshot(out) == before


@pytest.mark.parametrize("name", ["lich_su.csv", "lich_su.xlsx"])
def test_history_export_with_the_file_open(ran: Path, tmp_path: Path, lock: Lock, name: str) -> None:
    target = tmp_path / name
    args = ("history", "export", *FORM, "--out", str(target), "--history", str(ran / HISTORY_NAME))
    assert invoke(*args).exit_code == 0  # type: ignore[attr-defined]
    before = target.read_bytes()
    lock(target)
    result = invoke(*args)
    assert result.exit_code == 1  # type: ignore[attr-defined]
    assert result.stderr == f"Lỗi: {locked_message(target)}\n"  # type: ignore[attr-defined]
    assert target.read_bytes() == before and sorted(p.name for p in tmp_path.iterdir()) == sorted(["nhan", "out", name])


def test_import_docx_with_a_workbook_open_writes_none(tmp_path: Path, lock: Lock) -> None:
    documents = tmp_path / "word"
    documents.mkdir()
    built = [sample.build(documents) for sample in samples() if sample.unit][:2]
    out = tmp_path / "tu_word"
    first = invoke("import-docx", *map(str, built), *FORM, "--out", str(out), "--json")
    written = [Path(r["output"]) for r in json.loads(first.stdout)]  # type: ignore[attr-defined]
    assert len(written) == 2
    before = snapshot(out)
    lock(written[1])
    result = invoke("import-docx", *map(str, built), *FORM, "--out", str(out))
    assert result.exit_code == 1  # type: ignore[attr-defined]
    assert result.stderr == f"Lỗi: {locked_message(written[1])}\n"  # type: ignore[attr-defined]
    assert snapshot(out) == before


def test_demo_with_a_submission_open_leaves_the_folder_whole(tmp_path: Path, lock: Lock) -> None:
    out = tmp_path / "demo"
    assert invoke("demo", "--out", str(out)).exit_code == 0  # type: ignore[attr-defined]
    submissions = out / "bao_cao_don_vi"
    before = snapshot(out)
    opened = sorted(submissions.iterdir())[5]
    lock(opened)
    result = invoke("demo", "--out", str(out))
    assert result.exit_code == 1  # type: ignore[attr-defined]
    assert result.stderr == f"Lỗi: {locked_message(opened)}\n"  # type: ignore[attr-defined]
    after = snapshot(out)
    assert {k: v for k, v in after.items() if k.startswith("bao_cao_don_vi")} == {
        k: v for k, v in before.items() if k.startswith("bao_cao_don_vi")
    }
    assert after.keys() == before.keys()


# --- 13. permissions -----------------------------------------------------------------------------------------------


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
@pytest.mark.parametrize("umask", [0o022, 0o027])
def test_outputs_get_the_ordinary_permissions(inbox: Path, form: Form, tmp_path: Path, umask: int) -> None:
    previous = os.umask(umask)
    try:
        run([inbox], form, tmp_path / "out", now=NOW)
        invoke("template", "hoi_nhap_quoc_te", "--out", str(tmp_path / "bieu_mau"), "--unit", "SNV")
    finally:
        os.umask(previous)
    written = [*(tmp_path / "out").iterdir(), *(tmp_path / "bieu_mau").iterdir()]
    modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in written if p.name != HISTORY_NAME}
    assert len(modes) == 5
    assert set(modes.values()) == {0o666 & ~umask}


# --- 1. UTF-8 on every stream --------------------------------------------------------------------------------------


def run_main(monkeypatch: pytest.MonkeyPatch, *args: str, encoding: str = "cp1258") -> tuple[int, str, str]:
    """Call the real entry point with stdout and stderr in a Windows code page, as when redirected to a file."""
    out, err = io.BytesIO(), io.BytesIO()
    streams = io.TextIOWrapper(out, encoding=encoding), io.TextIOWrapper(err, encoding=encoding)
    monkeypatch.setattr(sys, "stdout", streams[0])
    monkeypatch.setattr(sys, "stderr", streams[1])
    monkeypatch.setattr(sys, "argv", ["consolidate", *args])
    with pytest.raises(SystemExit) as exited:
        main()
    for stream in streams:
        stream.flush()
    code = exited.value.code
    return code if isinstance(code, int) else 0, out.getvalue().decode("utf-8"), err.getvalue().decode("utf-8")


def test_every_command_writes_utf8_under_a_windows_code_page(
    monkeypatch: pytest.MonkeyPatch, inbox: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    code, text, _ = run_main(monkeypatch, "--help")
    assert code == 0 and "Tổng hợp báo cáo định kỳ" in text and "Cách dùng: " in text
    code, text, _ = run_main(monkeypatch, "run", "--help")
    assert code == 0 and "Tổng hợp: kiểm tra, chọn bản mới nhất" in text
    code, text, _ = run_main(monkeypatch, "--version")
    assert code == 0 and text.startswith("consolidate ")
    code, text, _ = run_main(monkeypatch, "schema", "hoi_nhap_quoc_te")
    assert code == 0 and "Hạn gửi" in text
    code, text, _ = run_main(monkeypatch, "schema", "hoi_nhap_quoc_te", "--json")
    assert code == 0 and json.loads(text)["form_id"] == "hoi_nhap_quoc_te"
    code, text, _ = run_main(monkeypatch, "template", "hoi_nhap_quoc_te", "--out", str(tmp_path / "bm"), "-u", "SNV")
    assert code == 0 and text.startswith("Đã tạo 2 biểu mẫu")
    code, text, _ = run_main(monkeypatch, "check", str(inbox), *FORM)
    assert code == 1 and "Sở Y tế (SYT) — syt.xlsx: 2 lỗi" in text
    code, text, _ = run_main(monkeypatch, "check", str(inbox), *FORM, "--json")
    assert code == 1 and {f["unit"] for f in json.loads(text)["files"]} == {"SNV", "SYT"}
    code, text, _ = run_main(monkeypatch, "run", str(inbox), *FORM, "--out", str(out))
    assert code == 0 and "1 báo cáo không hợp lệ" in text
    code, text, _ = run_main(monkeypatch, "run", str(inbox), *FORM, "--out", str(out), "--json")
    assert code == 0 and json.loads(text)["totals"]["tin_bai"] == 1250
    code, text, _ = run_main(monkeypatch, "status", str(inbox), *FORM, "--out", str(out))
    assert code == 0 and "Chưa báo cáo   Sở Tư pháp" in text and "Tổng: " in text
    code, text, _ = run_main(monkeypatch, "remind", *FORM, "--from", str(inbox), "--out", str(out))
    assert code == 0 and text.startswith("Đã soạn công văn đôn đốc")
    code, text, _ = run_main(monkeypatch, "history", *FORM, "--out", str(out))
    assert code == 0 and "6 tháng đầu năm 2022" in text
    export = tmp_path / "lich_su.csv"
    code, text, _ = run_main(
        monkeypatch, "history", "export", *FORM, "-o", str(export), "--history", str(out / HISTORY_NAME)
    )
    assert code == 0 and text.startswith("Đã ghi")
    summary = str(out / SUMMARY_NAME)
    code, text, _ = run_main(
        monkeypatch, "history", "import", summary, *FORM, "--period", "first_half/2021", "-o", str(out)
    )
    assert code == 0 and text.startswith("Đã nạp")
    document = next(sample for sample in samples() if sample.unit).build(tmp_path)
    code, text, _ = run_main(monkeypatch, "import-docx", str(document), *FORM, "--out", str(tmp_path / "tu_word"))
    assert code == 0 and "đoạn" in text


def test_errors_on_stderr_stay_readable_under_a_windows_code_page(monkeypatch: pytest.MonkeyPatch) -> None:
    code, text, err = run_main(monkeypatch, "schema", "khong_co_bieu_mau")
    assert code == 1 and text == ""
    assert err.startswith("Lỗi: Không tìm thấy biểu mẫu") and "\\u" not in err
    code, _, err = run_main(monkeypatch, "check", "--form")
    assert code == 2 and "Lỗi: Tùy chọn '--form' cần một giá trị." in err


def test_demo_under_a_windows_code_page(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    code, text, _ = run_main(monkeypatch, "demo", "--out", str(tmp_path / "demo"), encoding="cp1252")
    assert code == 0 and "Tình huống minh họa:" in text


def _redirected(*args: str, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    """The real program in a new process, its output redirected, Python told to use a Windows code page."""
    env = {**os.environ, "PYTHONIOENCODING": "cp1252", "PYTHONUTF8": "0", "LANG": "C", "LC_ALL": "C"}
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")])
    command = [sys.executable, "-m", "consolidate.cli", *args]
    return subprocess.run(command, capture_output=True, cwd=cwd, env=env, timeout=300, check=False)


def test_redirected_output_of_the_real_program_is_utf8(inbox: Path, tmp_path: Path) -> None:
    checked = _redirected("check", str(inbox), *FORM, "--json", cwd=tmp_path)
    assert checked.returncode == 1, checked.stderr
    assert json.loads(checked.stdout.decode("utf-8"))["files"][1]["problems"][0]["message"].startswith("«Số đoàn vào")
    ran = _redirected("run", str(inbox), *FORM, "--out", str(tmp_path / "out"), cwd=tmp_path)
    assert ran.returncode == 0 and "1 báo cáo không hợp lệ" in ran.stdout.decode("utf-8")
    helped = _redirected("--help", cwd=tmp_path)
    assert helped.returncode == 0 and "Tạo biểu mẫu Excel" in helped.stdout.decode("utf-8")
    failed = _redirected("run", str(inbox), "--form", "khong_co", cwd=tmp_path)
    assert failed.returncode == 1 and failed.stderr.decode("utf-8").startswith("Lỗi: Không tìm thấy biểu mẫu")


# --- 5. LibreOffice off PATH -----------------------------------------------------------------------------------


def _fake_soffice(folder: Path, name: str = "soffice") -> Path:
    program = folder / "LibreOffice" / "program" / name
    program.parent.mkdir(parents=True)
    program.write_text("#!/bin/sh\nexit 0\n", encoding="utf-8")
    program.chmod(0o755)
    return program


@pytest.fixture
def off_path(monkeypatch: pytest.MonkeyPatch) -> None:
    """No LibreOffice on PATH, no variable set."""
    monkeypatch.setattr(pdf_module.shutil, "which", lambda *args, **kwargs: None)
    monkeypatch.delenv(pdf_module.SOFFICE_VARIABLE, raising=False)


def test_soffice_found_under_program_files_on_windows(
    off_path: None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    program = _fake_soffice(tmp_path / "x86", "soffice.exe")
    monkeypatch.setenv("ProgramFiles", str(tmp_path / "Program Files"))
    monkeypatch.setenv("ProgramFiles(x86)", str(tmp_path / "x86"))
    monkeypatch.setattr(sys, "platform", "win32")
    assert pdf_module.find_soffice() == str(program)


def test_soffice_pointed_at_by_the_variable(off_path: None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    program = _fake_soffice(tmp_path / "opt")
    monkeypatch.setenv(pdf_module.SOFFICE_VARIABLE, str(program))
    assert pdf_module.find_soffice() == str(program)
    monkeypatch.setenv(pdf_module.SOFFICE_VARIABLE, f'"{tmp_path / "opt" / "LibreOffice"}"')  # the folder, quoted
    assert pdf_module.find_soffice() == str(program)
    monkeypatch.setenv(pdf_module.SOFFICE_VARIABLE, str(tmp_path / "khong_co"))
    assert pdf_module.find_soffice() is None
    assert pdf_module.not_found_message().startswith(
        f"Không tìm thấy chương trình LibreOffice tại «{tmp_path / 'khong_co'}» (biến môi trường CONSOLIDATE_SOFFICE)"
    )


def test_a_failed_conversion_says_what_to_do(off_path: None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    program = _fake_soffice(tmp_path / "opt")  # exits without writing anything
    monkeypatch.setenv(pdf_module.SOFFICE_VARIABLE, str(program))
    document = tmp_path / "bao_cao.docx"
    document.write_bytes(b"PK")
    advice = "pdf. Hãy chạy lại; nếu vẫn lỗi, mở tệp bằng Excel, Word hoặc LibreOffice và tự lưu thành pdf."
    with pytest.raises(ConversionError) as silent:
        pdf_module.to_pdf(document)
    assert str(silent.value) == f"LibreOffice không tạo ra được từ «bao_cao.docx» tệp {advice}"
    program.write_text("#!/bin/sh\nexit 1\n", encoding="utf-8")
    with pytest.raises(ConversionError) as failed:
        pdf_module.to_pdf(document)
    assert str(failed.value) == f"LibreOffice không chuyển được «bao_cao.docx» sang {advice}"
    assert not document.with_suffix(".pdf").exists()


def test_soffice_not_found_says_where_it_looked(
    off_path: None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("ProgramFiles", str(tmp_path / "Program Files"))
    monkeypatch.setenv("ProgramFiles(x86)", str(tmp_path / "x86"))
    monkeypatch.setattr(sys, "platform", "win32")
    assert pdf_module.find_soffice() is None
    message = pdf_module.not_found_message()
    monkeypatch.undo()
    assert message.startswith("Máy chưa cài LibreOffice nên không tạo được PDF.")
    assert f"Đã tìm trong PATH và trong: {tmp_path / 'Program Files' / 'LibreOffice' / 'program'}; " in message
    assert "đặt biến môi trường CONSOLIDATE_SOFFICE" in message


def test_run_pdf_without_libreoffice_keeps_the_outputs_and_says_where_it_looked(
    off_path: None, monkeypatch: pytest.MonkeyPatch, inbox: Path, tmp_path: Path
) -> None:
    monkeypatch.setattr(pdf_module, "install_folders", lambda: [tmp_path / "nowhere"])
    out = tmp_path / "out"
    result = invoke("run", str(inbox), *FORM, "--out", str(out), "--pdf")
    assert result.exit_code == 0  # type: ignore[attr-defined]
    assert f"Đã tìm trong PATH và trong: {tmp_path / 'nowhere'}." in result.stderr  # type: ignore[attr-defined]
    assert result.stderr.count("Cảnh báo:") == 1  # type: ignore[attr-defined]
    assert sorted(p.name for p in out.iterdir()) == sorted([SUMMARY_NAME, REPORT_NAME, JSON_NAME, HISTORY_NAME])


# --- 4. demo file names from free text ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Báo cáo - Sở Nội vụ", "Báo cáo - Sở Nội vụ.xlsx"),
        ('UBND "TP" Lạng Sơn: 6/2022 <a|b>?*', "UBND _TP_ Lạng Sơn_ 6_2022 _a_b_.xlsx"),
        ("CON", "CON_.xlsx"),
        ("nul", "nul_.xlsx"),
        ("com1.bao cao", "com1.bao cao_.xlsx"),
        ("Sở Y tế. ", "Sở Y tế.xlsx"),
        ("a\tb\x00c", "a_b_c.xlsx"),
        ("", "_.xlsx"),
        ("Sở " * 100, ("Sở " * 100)[: files.NAME_LIMIT - 5].rstrip() + ".xlsx"),
    ],
)
def test_safe_filename(text: str, name: str) -> None:
    assert safe_filename(text, ".xlsx") == name
    assert len(safe_filename(text, ".xlsx")) <= files.NAME_LIMIT


def test_demo_names_files_safely_from_unit_names(form: Form, tmp_path: Path) -> None:
    import dataclasses

    from consolidate.demo import build_demo

    units = [
        dataclasses.replace(u, name=f'{u.name} / "Phòng" CON:') if i % 3 == 0 else u for i, u in enumerate(form.units)
    ]
    odd = dataclasses.replace(form, units=units)
    result = build_demo(odd, tmp_path / "demo", now=NOW)
    names = [p.name for p in result.submissions]
    assert all(not set('<>:"/\\|?*') & set(n) for n in names)
    assert f"Báo cáo hội nhập quốc tế 6 tháng - {form.units[0].name} _ _Phòng_ CON_.xlsx" in names
    assert len(result.report.files) == len(result.submissions)  # type: ignore[union-attr]


@pytest.mark.parametrize("code", [errno.EBUSY, errno.EIO, errno.EINVAL, errno.ENOSPC, errno.EACCES])
def test_common_system_failures_are_said_in_vietnamese(code: int) -> None:
    reason = os_reason(OSError(code, os.strerror(code)))
    assert reason != os.strerror(code) and reason.isascii() is False


def test_a_system_failure_without_a_vietnamese_name_is_said_by_its_code() -> None:
    assert os_reason(OSError(errno.ELOOP, os.strerror(errno.ELOOP))) == f"lỗi của hệ điều hành, mã {errno.ELOOP}"
    assert os_reason(OSError("no code")) == "lỗi của hệ điều hành"
