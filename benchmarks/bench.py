"""Speed at national scale: consolidate against what a user would do instead, on the same files.

    python benchmarks/bench.py                      # N = 40, 1000 and 3321
    python benchmarks/bench.py --n 40 --n 1000      # chosen sizes
    python benchmarks/bench.py --record             # also write benchmarks/RESULTS.md
    python benchmarks/bench.py --start-method spawn --start-method fork --crash   # as on Windows, and a crash

For each N the submissions are generated once (benchmarks/generate.py, cached under
output/benchmark/) and then, in this order:

1. ``consolidate run`` end to end on a fresh output folder (no history: nothing cached);
2. the same run again with nothing changed, then after one file changed (the history store
   knows the other files by their hashes);
3. ``consolidate check`` alone;
4. with ``--crash``: the first run again, while the reader of the middle file dies (benchmarks/crash/);
5. the naive baseline (benchmarks/baseline.py: pandas + openpyxl, then to_excel).

With ``--start-method``, steps 1–4 are repeated with worker processes started that way (spawn is how
Windows starts them; CONSOLIDATE_START_METHOD is set for the command).

Every command runs as its own process, as a user would start it; wall time is measured around
it and memory is sampled from /proc every 100 ms (the sum of PSS over the process and its
workers; RSS where PSS is unavailable). ``consolidate --help`` is timed as the best of 5.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import json
import os
import platform
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import dataset, rewrite_submission  # noqa: E402

from consolidate.numbers import format_number  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "output" / "benchmark"
RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
CRASH = Path(__file__).resolve().parent / "crash"  # its sitecustomize kills the reader of one file
SIZES = (40, 1000, 3321)
TARGETS = (
    "3.321 tệp ≤ 10 s, nhanh hơn cách làm thông thường ≥ 10 lần, bộ nhớ ≤ 1,5 GB; "
    "chạy lại sau khi đổi một tệp ≤ 2 s; --help ≤ 0,3 s"
)


@dataclass
class Measure:
    """One command: wall seconds, peak memory (bytes) and exit code."""

    seconds: float
    peak: int
    code: int
    timings: dict[str, float] = field(default_factory=dict)


@dataclass
class Row:
    """Everything measured for one N."""

    n: int
    run: Measure
    rerun_same: Measure
    rerun_changed: Measure
    check: Measure
    baseline: Measure | None
    method: str = ""  # how worker processes were started ("" = the platform's way)
    crash: Measure | None = None  # the first run again, with the reader of one file dying


def consolidate(*args: str) -> list[str]:
    """The installed command, started as a user starts it."""
    exe = shutil.which("consolidate")
    return [exe, *args] if exe else [sys.executable, "-m", "consolidate.cli", *args]


def measure(command: list[str], stdout: int | None = subprocess.DEVNULL, env: dict[str, str] | None = None) -> Measure:
    """Run ``command`` (with ``env`` added to the environment); wall time and peak memory of its process tree."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=stdout, stderr=subprocess.PIPE, env={**os.environ, **(env or {})})
    peak = [0]
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], _tree_memory(process.pid))
            done.wait(0.1)  # reading smaps costs the kernel time: sample no more often

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = process.communicate()
    seconds = time.perf_counter() - started
    done.set()
    sampler.join()
    if process.returncode not in (0, 1):
        sys.stderr.write(err.decode("utf-8", "replace"))
    return Measure(seconds=seconds, peak=peak[0], code=process.returncode)


def _tree_memory(pid: int) -> int:
    """PSS (else RSS) in bytes of ``pid`` and all its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", "rb") as handle:
                    parent = int(handle.read().rsplit(b")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry))
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        stack.extend(children.get(current, []))
        total += _memory_of(current)
    return total


def _memory_of(pid: int) -> int:
    for path, key in ((f"/proc/{pid}/smaps_rollup", b"Pss:"), (f"/proc/{pid}/status", b"VmRSS:")):
        try:
            with open(path, "rb") as handle:
                for line in handle:
                    if line.startswith(key):
                        return int(line.split()[1]) * 1024
        except OSError:
            continue
    return 0


def bench(n: int, with_baseline: bool, method: str = "", crash: bool = False) -> Row:
    """All measurements for N files, worker processes started by ``method`` ("" = the platform's way)."""
    generated = time.perf_counter()
    data = dataset(n, CACHE)
    how = f", tiến trình {method}" if method else ""
    print(f"\n== N = {n}{how}: {data.submissions} (sẵn sàng sau {time.perf_counter() - generated:.1f} s)", flush=True)
    env = {"CONSOLIDATE_START_METHOD": method} if method else {}
    out = data.submissions.parent / "ket_qua"
    shutil.rmtree(out, ignore_errors=True)
    timings = out.parent / "thoi_gian.json"
    run_args = ("run", str(data.submissions), "--form", str(data.form_path), "--out", str(out), "--quiet")
    first = measure(consolidate(*run_args, "--timings", str(timings)), env=env)
    first.timings = json.loads(timings.read_text(encoding="utf-8"))["seconds"]
    _show("consolidate run (lần đầu)", n, first)
    same = measure(consolidate(*run_args), env=env)
    _show("chạy lại, không tệp nào đổi", n, same)
    rewrite_submission(data, 0, changed=True)
    try:
        changed = measure(consolidate(*run_args), env=env)
    finally:
        rewrite_submission(data, 0, changed=False)
    _show("chạy lại sau khi đổi 1 tệp", n, changed)
    check = measure(consolidate("check", str(data.submissions), "--form", str(data.form_path), "--json"), env=env)
    _show("consolidate check", n, check)
    crashed = None
    if crash:
        shutil.rmtree(out, ignore_errors=True)
        victim = sorted(p.name for p in data.submissions.iterdir())[n // 2]
        path = os.pathsep.join(filter(None, [str(CRASH), os.environ.get("PYTHONPATH", "")]))
        crashed = measure(consolidate(*run_args), env={**env, "CONSOLIDATE_BENCH_CRASH": victim, "PYTHONPATH": path})
        _show("lần đầu, một tiến trình đọc chết giữa chừng", n, crashed)
        print(f"   tỷ lệ (có tiến trình chết / bình thường): {crashed.seconds / first.seconds:.2f} lần", flush=True)
    baseline = None
    if with_baseline:
        script = Path(__file__).resolve().parent / "baseline.py"
        baseline = measure([sys.executable, str(script), str(data.submissions), str(out.parent / "baseline.xlsx")])
        _show("pandas + openpyxl (cách làm thông thường)", n, baseline)
        print(f"   tỷ lệ (thông thường / consolidate): {baseline.seconds / first.seconds:.1f} lần", flush=True)
    return Row(
        n=n,
        run=first,
        rerun_same=same,
        rerun_changed=changed,
        check=check,
        baseline=baseline,
        method=method,
        crash=crashed,
    )


def _show(what: str, n: int, m: Measure) -> None:
    print(
        f"   {what:45s} {m.seconds:8.2f} s  {n / m.seconds:8.0f} tệp/s  {m.peak / 2**20:7.0f} MB  (mã thoát {m.code})",
        flush=True,
    )


def help_time() -> float:
    """Best of 5 starts of ``consolidate --help``."""
    return min(measure(consolidate("--help")).seconds for _ in range(5))


def machine() -> dict[str, str]:
    """What the numbers were measured on."""
    model = ""
    memory = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = f"{int(line.split()[1]) / 2**20:.0f} GiB"
    except OSError:
        pass
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:
        cores = os.cpu_count() or 0
    return {
        "cpu": model or platform.processor() or "?",
        "cores": str(cores),
        "memory": memory or "?",
        "python": platform.python_version(),
        "system": f"{platform.system()} {platform.release()}",
    }


def _v(value: float, decimals: int = 0) -> str:
    """A number in Vietnamese notation (1.234,5)."""
    return format_number(round(value, decimals), decimals)


def report(rows: list[Row], startup: float) -> str:
    """The RESULTS.md section for this run."""
    info = machine()
    mb = 2**20
    lines = [
        f"## {dt.date.today():%d/%m/%Y} — {info['cores']} lõi, {info['cpu']}, {info['memory']} RAM, "
        f"Python {info['python']}, {info['system']}",
        "",
        f"Mục tiêu: {TARGETS}.",
        "",
        "| Số tệp | consolidate run | tệp/giây | bộ nhớ đỉnh | pandas + openpyxl | tệp/giây | bộ nhớ đỉnh "
        "| nhanh hơn |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        run, base = row.run, row.baseline
        ours = f"| {_label(row)} | {_v(run.seconds, 2)} s | {_v(row.n / run.seconds)} | {_v(run.peak / mb)} MB |"
        theirs = (
            f" {_v(base.seconds, 1)} s | {_v(row.n / base.seconds)} | {_v(base.peak / mb)} MB "
            f"| {_v(base.seconds / run.seconds, 1)} lần |"
            if base
            else " — | — | — | — |"
        )
        lines.append(ours + theirs)
    lines += [
        "",
        "| Số tệp | chạy lại, không đổi | chạy lại sau khi đổi 1 tệp | check riêng |",
        "|---:|---:|---:|---:|",
    ]
    for row in rows:
        again = (row.rerun_same.seconds, row.rerun_changed.seconds, row.check.seconds)
        lines.append(f"| {_label(row)} | " + " | ".join(f"{_v(x, 2)} s" for x in again) + " |")
    stages = list(rows[0].run.timings) if rows else []
    lines += ["", "Các bước của `consolidate run` lần đầu, giây (read, check: cộng dồn trên các tiến trình con):", ""]
    lines.append("| Số tệp | " + " | ".join(stages) + " |")
    lines.append("|---:|" + "---:|" * len(stages))
    for row in rows:
        lines.append(f"| {_label(row)} | " + " | ".join(_v(row.run.timings.get(s, 0), 2) for s in stages) + " |")
    crashed = [row for row in rows if row.crash is not None]
    if crashed:
        lines += [
            "",
            "Một tiến trình đọc chết giữa chừng (tệp ở giữa danh sách), `consolidate run` lần đầu:",
            "",
            "| Số tệp | bình thường | có tiến trình chết | tỷ lệ |",
            "|---:|---:|---:|---:|",
        ]
        for row in crashed:
            assert row.crash is not None
            lines.append(
                f"| {_label(row)} | {_v(row.run.seconds, 2)} s | {_v(row.crash.seconds, 2)} s "
                f"| {_v(row.crash.seconds / row.run.seconds, 2)} lần |"
            )
    lines += ["", f"`consolidate --help`: {_v(startup, 2)} s (nhanh nhất trong 5 lần).", ""]
    return "\n".join(lines) + "\n"


def _label(row: Row) -> str:
    """The first cell of a row: N, and how worker processes were started when chosen."""
    return f"{_v(row.n)} ({row.method})" if row.method else _v(row.n)


def record(section: str) -> None:
    """Put this run's section at the top of RESULTS.md, earlier runs below it."""
    head = "# Kết quả đo hiệu năng\n\nChạy lại: `python benchmarks/bench.py --record` (xem benchmarks/README.md).\n\n"
    previous = RESULTS.read_text(encoding="utf-8").split("\n## ", 1) if RESULTS.exists() else []
    older = "## " + previous[1] if len(previous) > 1 else ""
    RESULTS.write_text(head + section + ("\n" + older if older else ""), encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description="Đo tốc độ consolidate so với pandas + openpyxl.")
    parser.add_argument("--n", type=int, action="append", help="Số tệp (lặp lại được); mặc định 40, 1000, 3321.")
    parser.add_argument("--no-baseline", action="store_true", help="Bỏ phần đo pandas + openpyxl (chậm).")
    parser.add_argument("--record", action="store_true", help="Ghi kết quả vào benchmarks/RESULTS.md.")
    parser.add_argument(
        "--start-method",
        action="append",
        choices=("fork", "spawn", "forkserver"),
        help="Cách khởi động tiến trình con (lặp lại được; spawn là cách của Windows); mặc định theo hệ điều hành.",
    )
    parser.add_argument("--crash", action="store_true", help="Đo thêm lần chạy có một tiến trình đọc chết giữa chừng.")
    args = parser.parse_args()
    if not args.no_baseline and importlib.util.find_spec("pandas") is None:
        parser.error('cách làm thông thường cần pandas: pip install -e ".[bench]", hoặc thêm --no-baseline.')
    methods = args.start_method or [""]
    rows = [  # the baseline starts no workers: measured once per N
        bench(n, not args.no_baseline and method == methods[0], method, args.crash)
        for n in (args.n or SIZES)
        for method in methods
    ]
    startup = help_time()
    print(f"\nconsolidate --help: {startup:.2f} s")
    section = report(rows, startup)
    print("\n" + section)
    if args.record:
        record(section)
        print(f"Đã ghi {RESULTS}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
