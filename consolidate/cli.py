"""Command line: parse arguments, call one core function, render its result.

This is the only module that talks to the terminal. Heavy libraries are imported inside the
commands so that ``consolidate --help`` starts fast.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from consolidate import __version__, cli_text
from consolidate.errors import ConsolidateError, UsageError

if TYPE_CHECKING:
    from consolidate.check import CheckReport
    from consolidate.form import Form
    from consolidate.formerrors import FormReport
    from consolidate.run import RunResult

cli_text.install()
app = typer.Typer(
    name="consolidate",
    help="Tổng hợp báo cáo định kỳ của các đơn vị: tạo biểu mẫu Excel, kiểm tra tệp gửi về, tổng hợp số liệu.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    options_metavar="[TÙY_CHỌN]",
    subcommand_metavar="LỆNH [THAM_SỐ]...",
)
_state = {"debug": False}
LISTED_LIMIT = 50  # files or units listed one by one on the terminal; beyond, counted

FormOption = Annotated[
    str,
    typer.Option(
        "--form",
        "-f",
        metavar="BIỂU_MẪU",
        help="Biểu mẫu: tệp .yaml hoặc .xlsx, hoặc mã biểu mẫu (tìm trong input_templates/, rồi các biểu mẫu có sẵn).",
    ),
]
JsonOption = Annotated[
    bool, typer.Option("--json", help="In kết quả dạng JSON ra màn hình (để chương trình khác đọc).")
]
PathsArgument = Annotated[
    list[Path],
    typer.Argument(metavar="TỆP_HOẶC_THƯ_MỤC...", help="Tệp hoặc thư mục chứa báo cáo của các đơn vị."),
]
HistoryOption = Annotated[
    Path | None,
    typer.Option(
        "--history", metavar="TỆP", help="Kho lịch sử (SQLite); mặc định lich_su.sqlite trong thư mục kết quả."
    ),
]
LogOption = Annotated[
    Path | None,
    typer.Option(
        "--log",
        metavar="TỆP_CSV",
        help="Sổ nhận báo cáo: CSV hai cột (tệp, thời điểm nhận); chỉ theo sổ này mới xét đúng hạn, chậm hạn.",
    ),
]
QuietOption = Annotated[
    bool, typer.Option("--quiet", "-q", help="Không hiện thanh tiến độ (mặc định chỉ hiện khi chạy trong cửa sổ lệnh).")
]
FormArgument = Annotated[
    str,
    typer.Argument(
        metavar="BIỂU_MẪU", help="Biểu mẫu: tệp .yaml hoặc .xlsx, hoặc mã biểu mẫu (input_templates/ trước)."
    ),
]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"consolidate {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    debug: Annotated[bool, typer.Option("--debug", help="Hiện chi tiết kỹ thuật (traceback) khi có lỗi.")] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="In phiên bản rồi thoát.")
    ] = False,
) -> None:
    """Tổng hợp báo cáo định kỳ của các đơn vị.

    Ví dụ: consolidate demo
    """
    _state["debug"] = debug


@contextmanager
def _progress(enabled: bool, finishing: str) -> Iterator[Callable[[int, int], None] | None]:
    """A progress bar on the terminal (files done, files per second, time left); nothing when piped.

    ``finishing`` names what happens once every file is read.
    """
    if not enabled or not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from consolidate.numbers import format_number

    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]}"),
        TextColumn("còn"),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("Đọc và kiểm tra tệp", total=None, rate="")
        known, started = 0, 0.0  # files already done (known from the history) when reading began, and when

        def update(done: int, total: int) -> None:
            nonlocal known, started
            if not started:
                known, started = done, time.perf_counter()
            read, elapsed = done - known, time.perf_counter() - started
            rate = f"{format_number(round(read / elapsed))} tệp/giây" if read and elapsed > 0.5 else ""
            description = finishing if done >= total else "Đọc và kiểm tra tệp"
            bar.update(task, completed=done, total=total, rate=rate, description=description)

        yield update


@contextmanager
def _errors() -> Iterator[None]:
    """Turn the core's errors into a Vietnamese message and an exit code."""
    try:
        yield
    except ConsolidateError as exc:
        if _state["debug"]:
            raise
        typer.echo(f"Lỗi: {exc}", err=True)
        raise typer.Exit(2 if isinstance(exc, UsageError) else 1) from None


def _load(form: str) -> Form:
    from consolidate.form import load_form

    return load_form(form)


def _print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


@app.command()
def template(
    form: FormArgument,
    out: Annotated[Path, typer.Option("--out", "-o", metavar="THƯ_MỤC", help="Thư mục ghi biểu mẫu.")] = Path(
        "output/bieu_mau"
    ),
    unit: Annotated[
        list[str] | None,
        typer.Option("--unit", "-u", metavar="MÃ_ĐƠN_VỊ", help="Chỉ tạo cho đơn vị có mã này (lặp lại được)."),
    ] = None,
) -> None:
    """Tạo biểu mẫu Excel cho từng đơn vị (và một mẫu trống) để gửi kèm công văn.

    Ví dụ: consolidate template hoi_nhap_quoc_te --out output/bieu_mau --unit SNV --unit SYT
    """
    from consolidate.template import write_templates

    with _errors():
        paths = write_templates(_load(form), out, unit)
    typer.echo(f"Đã tạo {len(paths)} biểu mẫu trong thư mục {out}:")
    for path in paths:
        typer.echo(f"  {path.name}")


@app.command()
def schema(
    form: FormArgument,
    as_json: JsonOption = False,
) -> None:
    """Mô tả biểu mẫu: chỉ tiêu, mục, bảng, quy tắc và vị trí ô nhập trong tệp Excel.

    Ví dụ: consolidate schema hoi_nhap_quoc_te --json
    """
    from consolidate.schema import describe

    with _errors():
        data = describe(_load(form))
    if as_json:
        _print_json(data)
        return
    typer.echo(f"{data['title']} — {data['period']['label']} (mã {data['form_id']}, phiên bản {data['version']})")
    typer.echo(f"Hạn gửi: {data['period']['deadline']}; {len(data['units'])} đơn vị báo cáo.")
    for item in data["fields"]:
        typer.echo(f"  {item['sheet']}!{item['cell']:<5} {item['code']:<20} {item['label']}")
    for section in data["sections"]:
        if section["cell"]:
            typer.echo(f"  {section['sheet']}!{section['cell']:<5} {section['code']:<20} {section['heading']}")
    for table in data["tables"]:
        typer.echo(f"  {table['sheet']}!{table['cell']:<5} {table['code']:<20} {table['title']} (bảng)")


@app.command()
def check(
    paths: PathsArgument,
    form: FormOption,
    as_json: JsonOption = False,
    history: HistoryOption = None,
    quiet: QuietOption = False,
    feedback: Annotated[
        Path | None,
        typer.Option(
            "--feedback",
            metavar="THƯ_MỤC",
            help="Ghi cho mỗi đơn vị có lỗi một tệp <mã>_phan_hoi.xlsx: bản sao có tô màu, ghi chú từng ô cần sửa.",
        ),
    ] = None,
) -> None:
    """Kiểm tra các tệp báo cáo đơn vị gửi về; chỉ ra từng lỗi theo trang và ô.

    Thoát với mã 0 khi không tệp nào có lỗi, 1 khi có tệp lỗi, 2 khi gọi lệnh sai.

    Ví dụ: consolidate check bao_cao_don_vi/ --form hoi_nhap_quoc_te --feedback phan_hoi/
    """
    from consolidate.check import check_paths
    from consolidate.feedback import write_feedback

    with _errors(), _progress(not (quiet or as_json), "Đang hoàn tất") as progress:
        loaded = _load(form)
        report = check_paths(paths, loaded, exclude=[feedback] if feedback else [], progress=progress)
        _flag_unusual(report, loaded, history)
    if as_json:
        _print_json(report.to_dict())
    else:
        _render_check(report, loaded)
    _debug_details(report)
    if feedback:  # after the results: a feedback file open in Excel must not hide what the check found
        with _errors():
            written = write_feedback(report, loaded, feedback)
        if not as_json:
            typer.echo(f"Đã ghi {len(written)} tệp phản hồi cho các đơn vị vào thư mục {feedback}.")
    raise typer.Exit(1 if report.has_errors else 0)


@app.command("run")
def run_command(
    paths: PathsArgument,
    form: FormOption,
    out: Annotated[Path, typer.Option("--out", "-o", metavar="THƯ_MỤC", help="Thư mục ghi kết quả tổng hợp.")] = Path(
        "output/tong_hop"
    ),
    as_json: JsonOption = False,
    pdf: Annotated[bool, typer.Option("--pdf", help="Tạo thêm bản PDF (cần LibreOffice).")] = False,
    strict: Annotated[
        bool, typer.Option("--strict", help="Thoát với mã 1 khi còn đơn vị chưa báo cáo hoặc báo cáo không hợp lệ.")
    ] = False,
    history: HistoryOption = None,
    no_history: Annotated[bool, typer.Option("--no-history", help="Không dùng và không ghi kho lịch sử.")] = False,
    log: LogOption = None,
    quiet: QuietOption = False,
    timings: Annotated[
        Path | None,
        typer.Option("--timings", metavar="TỆP", help="Ghi thời gian của từng bước ra tệp JSON (để đo hiệu năng)."),
    ] = None,
) -> None:
    """Tổng hợp: kiểm tra, chọn bản mới nhất của mỗi đơn vị, ghi bảng tổng hợp, báo cáo và dữ liệu JSON.

    Ví dụ: consolidate run bao_cao_don_vi/ --form hoi_nhap_quoc_te --out output/tong_hop --pdf
    """
    from consolidate.run import json_text, run

    with _errors(), _progress(not (quiet or as_json), "Đang tổng hợp, ghi kết quả") as progress:
        loaded = _load(form)
        result = run(
            paths,
            loaded,
            out,
            pdf=pdf,
            history=history,
            use_history=not no_history,
            received_log=log,
            progress=progress,
        )
        if timings is not None:
            _write_timings(timings, result)
    if as_json:
        sys.stdout.write(json_text(result.consolidation))
    else:
        _render_run(result)
    for problem in result.pdf_problems:
        typer.echo(f"Cảnh báo: {problem}", err=True)
    _debug_details(result.report)
    incomplete = result.consolidation.by_status("missing") or result.consolidation.by_status("rejected")
    raise typer.Exit(1 if strict and incomplete else 0)


def _write_timings(path: Path, result: RunResult) -> None:
    from consolidate.files import write_bytes
    from consolidate.run import STAGES

    data = {
        "files": len(result.report.files),
        "seconds": {key: round(result.timings.get(key, 0.0), 4) for key in STAGES},
        "stages": STAGES,
    }
    write_bytes(path, (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))


@app.command("import-docx")
def import_docx_command(
    documents: Annotated[
        list[Path], typer.Argument(metavar="TỆP_WORD...", help="Báo cáo dạng Word (.docx; .doc cần LibreOffice).")
    ],
    form: FormOption,
    out: Annotated[Path, typer.Option("--out", "-o", metavar="THƯ_MỤC", help="Thư mục ghi biểu mẫu đã điền.")] = Path(
        "output/tu_word"
    ),
    unit: Annotated[
        str | None, typer.Option("--unit", "-u", metavar="MÃ_ĐƠN_VỊ", help="Mã đơn vị, khi không nhận ra được.")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Chuyển báo cáo Word đơn vị gửi theo lối cũ vào biểu mẫu Excel, sẵn sàng để kiểm tra và tổng hợp.

    Mỗi đoạn văn được đặt vào mục tương ứng của biểu mẫu; số liệu trong văn bản chỉ được liệt kê để
    đơn vị tự nhập vào chỉ tiêu. Thoát với mã 1 khi có văn bản chưa chuyển được.

    Ví dụ: consolidate import-docx bao_cao_SKHCN.docx --form hoi_nhap_quoc_te --out output/tu_word
    """
    from consolidate.import_docx import import_documents

    with _errors():
        results = import_documents(documents, _load(form), out, unit)
    if as_json:
        _print_json([dataclasses.asdict(r) for r in results])
    else:
        for result in results:
            _render_import(result)
    raise typer.Exit(0 if all(r.output for r in results) else 1)


def _render_import(result: Any) -> None:
    head = f"{result.source.name}: đơn vị {result.unit or '(chưa xác định)'}"
    typer.echo(head + (f" → {result.output}" if result.output else " — chưa ghi biểu mẫu"))
    meta = result.metadata
    for key, label in (("so_van_ban", "Số"), ("ngay_van_ban", "Ngày"), ("nguoi_ky", "Người ký")):
        if meta.get(key):
            typer.echo(f"  {label}: {meta[key]}")
    for placement in result.placements:
        typer.echo(
            f"  đoạn {placement.paragraph:>3} → {placement.section or '(thông tin văn bản)'}: "
            f"{placement.text[:60]}{'…' if len(placement.text) > 60 else ''}"
        )
    for section, numbers in result.numbers.items():
        if numbers:
            typer.echo(f"  Số liệu trong mục {section} (đơn vị tự nhập vào chỉ tiêu): {', '.join(numbers)}")
    for problem in result.problems:
        typer.echo(f"  Lưu ý: {problem}")


history_app = typer.Typer(
    help="Kho lịch sử: các kỳ đã tổng hợp, xuất và nạp số liệu.",
    no_args_is_help=False,
    invoke_without_command=True,
    options_metavar="[TÙY_CHỌN]",
    subcommand_metavar="[LỆNH] [THAM_SỐ]...",
)
app.add_typer(history_app, name="history")
form_app = typer.Typer(
    help="Định nghĩa biểu mẫu: tạo, kiểm tra, chuyển đổi, so sánh.",
    no_args_is_help=True,
    options_metavar="[TÙY_CHỌN]",
    subcommand_metavar="LỆNH [THAM_SỐ]...",
)
app.add_typer(form_app, name="form")


@form_app.command("check")
def form_check(form: FormArgument, as_json: JsonOption = False) -> None:
    """Kiểm tra một định nghĩa biểu mẫu: mọi lỗi cùng lúc, mỗi lỗi ở dòng, cột (hoặc trang, ô) nào và cách sửa.

    Thoát với mã 0 khi biểu mẫu dùng được (có thể kèm cảnh báo), 1 khi có lỗi, 2 khi gọi lệnh sai
    hoặc không tìm thấy tệp. Các lệnh template, check, run từ chối biểu mẫu lỗi với cùng các thông báo.

    Ví dụ: consolidate form check input_templates/du_lich_quy.yaml
    """
    from consolidate.form import check_form

    try:
        report = check_form(form)
    except ConsolidateError as exc:
        if _state["debug"]:
            raise
        typer.echo(f"Lỗi: {exc}", err=True)
        raise typer.Exit(2) from None
    if as_json:
        _print_json(report.to_dict())
    else:
        _render_form_check(report)
    raise typer.Exit(0 if report.valid else 1)


def _render_form_check(report: FormReport) -> None:
    from consolidate.formerrors import describe

    errors, warnings = len(report.errors), len(report.problems) - len(report.errors)
    for problem in report.problems:
        level = "Lỗi" if problem.severity == "error" else "Cảnh báo"
        typer.echo(f"{level}: {describe(problem)}")
    form = report.form
    if form is not None:
        counts = f"{len(form.indicators)} chỉ tiêu, {len(form.tables)} bảng, {len(form.units)} đơn vị"
        typer.echo(f"{report.path}: biểu mẫu «{form.id}» dùng được ({counts}); {warnings} cảnh báo.")
    else:
        typer.echo(f"{report.path}: {errors} lỗi, {warnings} cảnh báo. Hãy sửa các lỗi trên rồi chạy lại lệnh này.")


@form_app.command("diff")
def form_diff(
    old: Annotated[str, typer.Argument(metavar="BIỂU_MẪU_CŨ", help="Định nghĩa biểu mẫu kỳ trước.")],
    new: Annotated[str, typer.Argument(metavar="BIỂU_MẪU_MỚI", help="Định nghĩa biểu mẫu kỳ này.")],
    as_json: JsonOption = False,
) -> None:
    """So sánh hai định nghĩa biểu mẫu: chỉ tiêu thêm, bỏ, đổi mã, đổi tên, đổi kiểu, giới hạn; đơn vị thêm, bỏ.

    Chỉ tiêu đổi mã được nhận ra qua «Mã cũ» (previous_code); chỉ tiêu bỏ đi và chỉ tiêu thêm mới cùng tên
    được nêu là «có thể là đổi mã», để người lập biểu mẫu xác nhận. Đây là báo cáo: thoát với mã 0 khi đọc được
    cả hai biểu mẫu, 1 khi một biểu mẫu có lỗi, 2 khi gọi lệnh sai.

    Ví dụ: consolidate form diff input_templates/bieu_mau_2022.yaml input_templates/bieu_mau_2023.yaml
    """
    from consolidate.formdiff import diff_forms

    with _errors():
        diff = diff_forms(_load(old), _load(new))
    if as_json:
        _print_json(diff.to_dict())
        return
    for line in diff.lines():
        typer.echo(line)


@form_app.command("new")
def form_new(
    out: Annotated[Path, typer.Option("--out", "-o", metavar="TỆP", help="Tệp định nghĩa biểu mẫu .xlsx để ghi.")],
    source: Annotated[
        str,
        typer.Option("--from", metavar="BIỂU_MẪU", help="Biểu mẫu lấy làm gốc (mặc định: biểu mẫu kèm chương trình)."),
    ] = "hoi_nhap_quoc_te",
) -> None:
    """Tạo tệp Excel định nghĩa biểu mẫu (chỉ tiêu, mục, bảng, đơn vị…) từ một biểu mẫu có sẵn, để sửa.

    Sửa tệp bằng Excel hoặc LibreOffice, kiểm tra bằng «consolidate form check», rồi tạo biểu mẫu cho
    các đơn vị bằng «consolidate template».

    Ví dụ: consolidate form new --out bieu_mau.xlsx --from hoi_nhap_quoc_te
    """
    _form_convert(source, out, resolve=True)


@form_app.command("convert")
def form_convert(
    source: Annotated[Path, typer.Argument(metavar="VÀO", help="Định nghĩa biểu mẫu: .yaml, .xlsx hoặc .ods.")],
    target: Annotated[Path, typer.Argument(metavar="RA", help="Tệp để ghi: .xlsx hoặc .yaml.")],
) -> None:
    """Chuyển định nghĩa biểu mẫu giữa YAML và Excel, theo đuôi tên tệp (không mất thông tin nào).

    Ví dụ: consolidate form convert bieu_mau.xlsx input_templates/du_lich_quy.yaml
    """
    _form_convert(str(source), target, resolve=False)


def _form_convert(source: str, target: Path, resolve: bool) -> None:
    from consolidate.form import resolve_form_path
    from consolidate.formbook import convert

    with _errors():
        problems = convert(resolve_form_path(source) if resolve else Path(source), target)
    for problem in problems:
        where = problem.position.describe() if problem.position else ""
        typer.echo(f"  Lưu ý: {where + ': ' if where else ''}{problem.message}")
    typer.echo(f"Đã ghi {target}.")


OutDirOption = Annotated[Path, typer.Option("--out", "-o", metavar="THƯ_MỤC", help="Thư mục kết quả tổng hợp.")]


@history_app.callback()
def history_list(
    ctx: typer.Context,
    form: Annotated[str | None, typer.Option("--form", "-f", metavar="BIỂU_MẪU", help="Biểu mẫu.")] = None,
    out: OutDirOption = Path("output/tong_hop"),
    history: HistoryOption = None,
    as_json: JsonOption = False,
) -> None:
    """Liệt kê các kỳ và các lần tổng hợp đã lưu trong kho lịch sử.

    Ví dụ: consolidate history --form hoi_nhap_quoc_te
    """
    if ctx.invoked_subcommand is not None:
        return
    from consolidate.store import Store

    with _errors():
        if form is None:
            raise UsageError("Hãy cho biết biểu mẫu bằng --form, ví dụ: consolidate history --form hoi_nhap_quoc_te")
        loaded = _load(form)
        with Store.open(history or out / "lich_su.sqlite", create=False) as store:
            periods, runs = store.periods(loaded.id), store.runs(loaded.id)
    if as_json:
        _print_json({"periods": periods, "runs": runs})
        return
    if not periods:
        typer.echo("Kho lịch sử chưa có kỳ nào của biểu mẫu này.")
    for period in periods:
        typer.echo(
            f"{period['label']}: {period['units']} đơn vị, {period['runs']} lần tổng hợp, lần cuối {period['last_run']}"
        )


@history_app.command("export")
def history_export(
    ctx: typer.Context,
    form: FormOption,
    target: Annotated[Path, typer.Option("--out", "-o", metavar="TỆP", help="Tệp .csv hoặc .xlsx để ghi.")],
    history: HistoryOption = None,
) -> None:
    """Xuất bảng dài (kỳ, đơn vị, chỉ tiêu, giá trị) ra Excel (.xlsx) hoặc CSV (dấu «;», dấu phẩy thập phân).

    Tệp xuất ra nạp lại được bằng «consolidate history import» (kể cả dưới một kỳ khác).

    Ví dụ: consolidate history export --form hoi_nhap_quoc_te --out lich_su.xlsx
    """
    from consolidate.history import export_long
    from consolidate.store import Store

    with _errors():
        loaded = _load(form)
        folder = ctx.parent.params["out"] if ctx.parent else Path("output/tong_hop")  # «history --out» is honoured
        with Store.open(history or folder / "lich_su.sqlite", create=False) as store:
            count = export_long(store, loaded, target)
    typer.echo(f"Đã ghi {count} dòng vào {target}.")


@history_app.command("import")
def history_import(
    source: Annotated[
        Path,
        typer.Argument(
            metavar="TỆP", help="Bảng dài do «history export» ghi (.csv, .xlsx) hoặc bảng tổng hợp kỳ trước (.xlsx)."
        ),
    ],
    form: FormOption,
    period: Annotated[str, typer.Option("--period", metavar="KỲ", help="Kỳ của số liệu, ví dụ first_half/2021.")],
    out: OutDirOption = Path("output/tong_hop"),
    history: HistoryOption = None,
) -> None:
    """Nạp số liệu một kỳ trước (chưa tổng hợp bằng công cụ này) để so sánh cùng kỳ.

    Ví dụ: consolidate history import bang_tong_hop_2021.xlsx --form hoi_nhap_quoc_te --period first_half/2021
    """
    from consolidate.history import import_file
    from consolidate.store import Store

    with _errors():
        loaded = _load(form)
        with Store.open(history or out / "lich_su.sqlite") as store:
            imported = import_file(store, loaded, source, period)
    typer.echo(f"Đã nạp {imported.count} giá trị của kỳ {period} vào kho lịch sử.")
    for note in imported.notes:
        typer.echo(f"  Lưu ý: {note}")


@app.command()
def status(
    paths: PathsArgument,
    form: FormOption,
    out: OutDirOption = Path("output/tong_hop"),
    history: HistoryOption = None,
    log: LogOption = None,
    as_json: JsonOption = False,
) -> None:
    """Theo dõi nộp báo cáo: đơn vị nào đúng hạn, chậm hạn, chưa báo cáo, báo cáo không hợp lệ.

    Đúng hạn, chậm hạn chỉ được xét theo sổ nhận báo cáo (--log); không có sổ thì thời điểm nhận lấy theo
    kho lịch sử hoặc thời điểm lưu tệp, được ghi rõ nguồn và không dùng để xét hạn.

    Ví dụ: consolidate status bao_cao_don_vi/ --form hoi_nhap_quoc_te --log so_nhan.csv
    """
    from consolidate.tracking import track

    with _errors():
        rows = track(paths, _load(form), history or out / "lich_su.sqlite", log, out)
    if as_json:
        _print_json({"units": rows})
        return
    for row in rows:
        when = f", nhận lúc {dt.datetime.fromisoformat(row['received']):%H:%M %d/%m/%Y}" if row["received"] else ""
        if row["received"] and not row["received_trusted"]:
            when += f" (theo {row['received_source_label']}, không dùng để xét hạn)"
        typer.echo(f"{row['status_label']:<14} {row['name']}{when}" + (f" — {row['reason']}" if row["reason"] else ""))
    counts: dict[str, int] = {}
    for row in rows:
        counts[str(row["status_label"])] = counts.get(str(row["status_label"]), 0) + 1
    typer.echo("Tổng: " + "; ".join(f"{n} {label.lower()}" for label, n in counts.items()) + ".")


@app.command()
def remind(
    form: FormOption,
    out: Annotated[Path, typer.Option("--out", "-o", metavar="THƯ_MỤC", help="Thư mục ghi công văn.")] = Path(
        "output/tong_hop"
    ),
    paths: Annotated[
        list[Path] | None,
        typer.Option(
            "--from",
            metavar="TỆP_HOẶC_THƯ_MỤC",
            help="Báo cáo đã nhận; mặc định theo lần tổng hợp gần nhất trong thư mục --out, rồi theo kho lịch sử.",
        ),
    ] = None,
    history: HistoryOption = None,
) -> None:
    """Soạn công văn đôn đốc các đơn vị chưa báo cáo hoặc báo cáo chưa hợp lệ (dự thảo để trình ký).

    Ví dụ: consolidate remind --form hoi_nhap_quoc_te --from bao_cao_don_vi/ --out output/tong_hop
    """
    from consolidate.tracking import write_reminder_for

    with _errors():
        path, count = write_reminder_for(_load(form), out, paths or [], history or out / "lich_su.sqlite")
    typer.echo(f"Đã soạn công văn đôn đốc {count} đơn vị: {path}")


DataOption = Annotated[
    Path | None,
    typer.Option(
        "--data", metavar="THƯ_MỤC", help="Thư mục dữ liệu tiếp nhận; mặc định output/tiep_nhan/<mã biểu mẫu>."
    ),
]


@app.command()
def links(
    form: FormOption,
    base_url: Annotated[
        str, typer.Option("--base-url", metavar="ĐỊA_CHỈ", help="Địa chỉ trang tiếp nhận, ví dụ http://10.0.0.5:8000.")
    ],
    data: DataOption = None,
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", metavar="TỆP", help="Ghi danh sách ra tệp .xlsx hoặc .csv để trộn thư."),
    ] = None,
    renew: Annotated[
        list[str] | None,
        typer.Option(
            "--renew", metavar="MÃ_ĐƠN_VỊ", help="Cấp đường dẫn mới cho đơn vị này; đường dẫn cũ hết hiệu lực."
        ),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Cấp cho mỗi đơn vị đường dẫn riêng để nộp báo cáo, và đường dẫn theo dõi cho đơn vị tổng hợp.

    Chạy lại lệnh in lại đúng các đường dẫn đã cấp; --renew thay đường dẫn của một đơn vị (đường dẫn cũ
    không dùng được nữa). Giữ kín tệp khoa_bi_mat trong thư mục dữ liệu.

    Ví dụ: consolidate links --form hoi_nhap_quoc_te --base-url http://10.0.0.5:8000 --out duong_dan.xlsx
    """
    from consolidate.intake import default_data, write_links
    from consolidate.intake import links as make_links

    with _errors():
        loaded = _load(form)
        listing = make_links(loaded, data or default_data(loaded), base_url, renew or [])
        if out is not None:
            write_links(listing, out)
    if as_json:
        _print_json(listing)
        return
    typer.echo(f"Đơn vị tổng hợp (giữ kín): {listing['coordinator']}")
    for unit in listing["units"]:
        typer.echo(f"  {unit['code']:<12} {unit['url']}  {unit['name']}")
    if out is not None:
        typer.echo(f"Đã ghi danh sách đường dẫn vào {out}.")


@app.command()
def serve(
    form: Annotated[
        str | None,
        typer.Option("--form", "-f", metavar="BIỂU_MẪU", help="Biểu mẫu của kỳ báo cáo (không cần khi dùng --demo)."),
    ] = None,
    data: DataOption = None,
    host: Annotated[
        str, typer.Option("--host", metavar="ĐỊA_CHỈ", help="Địa chỉ lắng nghe; 0.0.0.0 để mở cho mạng nội bộ.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", metavar="CỔNG", help="Cổng lắng nghe.")] = 8000,
    demo_data: Annotated[
        bool, typer.Option("--demo", help="Dùng biểu mẫu và số liệu minh họa; in đường dẫn của các đơn vị.")
    ] = False,
) -> None:
    """Mở trang tiếp nhận báo cáo: đơn vị gửi tệp qua đường dẫn riêng và biết ngay kết quả kiểm tra.

    Ví dụ: consolidate serve --form hoi_nhap_quoc_te --host 0.0.0.0 --port 8000
    """
    import socket

    from consolidate.form import DEFAULT_FORM
    from consolidate.intake import default_data, demo_form
    from consolidate.intake import links as make_links

    with _errors():
        if form is None and not demo_data:
            raise UsageError("Hãy cho biết biểu mẫu bằng --form, hoặc chạy thử với --demo.")
        original = _load(form or DEFAULT_FORM)
        loaded = demo_form(original, dt.date.today()) if demo_data else original
        folder = data or default_data(loaded)
        shown = socket.gethostname() if host in ("0.0.0.0", "::") else host
        listing = make_links(loaded, folder, f"http://{shown}:{port}")
        if demo_data:
            from consolidate.demo import build_demo

            built = build_demo(original, folder / "minh_hoa")  # the units' filled files, in the demo's own period
            typer.echo(f"Tệp minh họa để thử gửi (đã điền như các đơn vị): {built.submissions_dir}")
            for unit in listing["units"]:
                typer.echo(f"  {unit['name']}: {unit['url']}")
        typer.echo(f"Trang theo dõi của đơn vị tổng hợp (giữ kín): {listing['coordinator']}")
        typer.echo(f"Dữ liệu tiếp nhận: {folder}. Nhấn Ctrl+C để dừng.")
        from consolidate.web.server import serve as run_server

        run_server(loaded, folder, host, port)


@app.command()
def demo(
    out: Annotated[Path, typer.Option("--out", "-o", metavar="THƯ_MỤC", help="Thư mục ghi kết quả minh họa.")] = Path(
        "output/demo"
    ),
) -> None:
    """Chạy thử trọn vẹn: tạo biểu mẫu, điền như các đơn vị, kiểm tra, tổng hợp rồi soạn công văn đôn đốc.

    Mọi ngày tháng theo kỳ báo cáo mẫu (tổng hợp vào ngày làm việc đầu tiên sau hạn nộp), thời điểm nhận
    từng báo cáo ghi trong sổ nhận báo cáo kèm theo, nên đúng hạn, chậm hạn được xét đúng như thật.

    Ví dụ: consolidate demo --out output/demo
    """
    from consolidate.demo import build_demo
    from consolidate.form import DEFAULT_FORM

    with _errors():
        loaded = _load(DEFAULT_FORM)
        result = build_demo(loaded, out)
    assert result.report is not None and result.run is not None
    _render_check(result.report, loaded)
    typer.echo("")
    _render_run(result.run)
    typer.echo("")
    typer.echo(f"{'Biểu mẫu gửi các đơn vị:':<28}{result.templates_dir}")
    typer.echo(f"{'Báo cáo các đơn vị gửi về:':<28}{result.submissions_dir} ({len(result.submissions)} tệp)")
    typer.echo(f"{'Sổ nhận báo cáo:':<28}{result.received_log}")
    if result.reminder is not None:
        typer.echo(f"{'Công văn đôn đốc:':<28}{result.reminder}")
    typer.echo("Tình huống minh họa:")
    for trouble in result.troubles:
        typer.echo(f"  - {trouble}")


def _flag_unusual(report: CheckReport, form: Form, history: Path | None) -> None:
    """Warnings for unusual values: against the group always, against the previous period with a history."""
    from consolidate.store import Store
    from consolidate.unusual import flag_with_history

    if history is None or not history.exists():
        flag_with_history(report, form, None)
        return
    with Store.open(history, create=False) as store:
        flag_with_history(report, form, store)


def _debug_details(report: CheckReport) -> None:
    """With --debug, the technical trace of every file that failed unexpectedly, or the cause of an unreadable one."""
    if not _state["debug"]:
        return
    for result in report.files:
        if result.traceback or result.detail:
            typer.echo(f"--- {result.path}\n{result.traceback or result.detail}", err=True)


def _render_run(result: RunResult) -> None:
    from consolidate.numbers import format_number as n
    from consolidate.outputs import LABELS
    from consolidate.summary_names import PROBLEMS, SUBMISSIONS

    c = result.consolidation
    counts = {status: len(c.by_status(status)) for status in ("accepted", "rejected", "missing")}
    typer.echo(
        f"Tổng hợp {c.form.period.label}: {n(counts['accepted'])}/{n(len(c.units))} đơn vị được tổng hợp, "
        f"{n(counts['rejected'])} báo cáo không hợp lệ, {n(counts['missing'])} chưa báo cáo."
    )
    for status in ("rejected", "missing"):
        outcomes = c.by_status(status)
        for outcome in outcomes[:LISTED_LIMIT]:
            typer.echo(f"  - {outcome.status_label}: {outcome.unit.name}")
        if len(outcomes) > LISTED_LIMIT:
            typer.echo(
                f"  … và {n(len(outcomes) - LISTED_LIMIT)} đơn vị khác «{outcomes[0].status_label.lower()}» "
                f"(danh sách đầy đủ: trang «{SUBMISSIONS}» của bảng tổng hợp)."
            )
    # Rejected with no unit to show them under (a folder that cannot be listed, an empty file): named here too.
    unplaced = [f for f in c.files if f.status == "rejected" and f.result.unit is None]
    for rejected in unplaced[:LISTED_LIMIT]:
        shown = rejected.result.relative_path or rejected.result.path.name
        cause = rejected.result.errors[0].message if rejected.result.errors else rejected.reason
        typer.echo(f"  - Không hợp lệ, chưa rõ của đơn vị nào: «{shown}» — {cause}")
    if len(unplaced) > LISTED_LIMIT:
        typer.echo(
            f"  … và {n(len(unplaced) - LISTED_LIMIT)} tệp khác như vậy (xem trang «{PROBLEMS}» của bảng tổng hợp)."
        )
    superseded = [f for f in c.files if f.status == "superseded"]
    if superseded:
        typer.echo(f"  {len(superseded)} tệp cũ đã được thay bằng bản mới hơn của cùng đơn vị.")
    for key, path in result.outputs.items():
        typer.echo(f"{LABELS[key] + ':':<28}{path}")


def _render_check(report: CheckReport, form: Form) -> None:
    from rich.console import Console
    from rich.table import Table

    from consolidate.numbers import format_number

    console = Console(highlight=False, soft_wrap=False)
    checked = [f for f in report.files if f.status != "skipped"]
    # Thousands of files: list those that need a look, count the valid ones.
    shown = checked if len(checked) <= LISTED_LIMIT else [f for f in checked if f.problems]
    for result in sorted(shown, key=lambda f: (f.unit is None, f.unit or "", str(f.path))):
        unit = form.unit(result.unit) if result.unit else None
        title = f"{unit.name} ({unit.code})" if unit else "Không xác định được đơn vị"
        counts = f"{len(result.errors)} lỗi, {len(result.warnings)} cảnh báo" if result.problems else "hợp lệ"
        style = {"error": "bold red", "warning": "yellow", "ok": "green"}[result.status]
        console.print(f"[{style}]{title}[/] — {result.relative_path or result.path.name}: {counts}")
        if result.problems:
            table = Table(show_header=True, header_style="bold", box=None, padding=(0, 1), expand=False)
            table.add_column("Mức", no_wrap=True)
            table.add_column("Trang!Ô", no_wrap=True)
            table.add_column("Nội dung", overflow="fold")
            for problem in result.problems:
                where = f"{problem.sheet}!{problem.cell}" if problem.cell else "—"
                level = "[red]Lỗi[/]" if problem.severity == "error" else "[yellow]Cảnh báo[/]"
                table.add_row(level, where, problem.message)
            console.print(table)
    skipped = [f for f in report.files if f.status == "skipped"]
    for result in skipped:
        console.print(f"[dim]Bỏ qua {result.relative_path or result.path}: {result.reason}[/]")
    totals = {s: sum(1 for f in report.files if f.status == s) for s in ("ok", "warning", "error", "skipped")}
    n = format_number
    console.print(
        f"\nĐã kiểm tra {n(len(checked))} tệp: {n(totals['ok'])} hợp lệ, {n(totals['warning'])} có cảnh báo, "
        f"{n(totals['error'])} có lỗi; bỏ qua {n(totals['skipped'])} tệp."
    )


def utf8_streams() -> None:
    """Make stdout and stderr write UTF-8, whatever the platform's default.

    Redirected to a file or a pipe on Windows, Python's streams use the ANSI code page (cp1252, cp1258),
    which cannot hold Vietnamese: the first «ộ» would end the command with a traceback. Click, Typer's
    help and rich all write through ``sys.stdout``/``sys.stderr``, so reconfiguring these two objects
    covers every line the tool prints. A character no encoding can hold (a file name's undecodable
    byte) is written as a backslash escape rather than stopping the command.
    """
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:  # None when there is no console at all (pythonw), or a stream of a test
            reconfigure(encoding="utf-8", errors="backslashreplace")


def main() -> None:
    """Console entry point."""
    utf8_streams()
    app()


if __name__ == "__main__":
    main()
