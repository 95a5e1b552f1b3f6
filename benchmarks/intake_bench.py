"""The intake page at national scale: N units each upload their workbook from concurrent clients, on loopback.

    python benchmarks/intake_bench.py                  # 3,321 units, 8 clients
    python benchmarks/intake_bench.py --n 200          # a smaller run
    python benchmarks/intake_bench.py --record         # also write benchmarks/RESULTS.md

The submissions are benchmarks/generate.py's (cached under output/benchmark/). ``consolidate serve`` runs as
its own process on a free loopback port, with a fresh data folder; ``consolidate links`` gives the links.
Each client thread posts one unit's workbook at a time (multipart, ``Accept: application/json``) and waits
for the verdict: upload→verdict is measured around each request. The server's memory (PSS of the process
and its workers, from /proc every 100 ms) is sampled throughout. Then the coordinator's page is fetched
(HTML three times — the first computes the rows, the others find nothing changed — and JSON). Loopback
only; bounded by N.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench import CACHE, RESULTS, _tree_memory, _v, machine  # noqa: E402
from generate import dataset  # noqa: E402

TARGETS = "p95 ≤ 300 ms, 0 lỗi, bộ nhớ đỉnh ≤ 1 GB; trang tổng hợp ≤ 0,5 s"
CONSOLIDATE = [sys.executable, "-m", "consolidate.cli"]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _post(port: int, path: str, file: Path) -> tuple[int, float, str]:
    boundary = uuid.uuid4().hex
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{file.name}"\r\n'
            "Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n"
        ).encode()
        + file.read_bytes()
        + f"\r\n--{boundary}--\r\n".encode()
    )
    headers = {"Content-Type": f"multipart/form-data; boundary={boundary}", "Accept": "application/json"}
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    started = time.perf_counter()
    try:
        connection.request("POST", path, body, headers)
        response = connection.getresponse()
        answer = response.read()
        seconds = time.perf_counter() - started
    finally:
        connection.close()
    verdict = json.loads(answer).get("status", "") if response.status == 200 else ""
    return response.status, seconds, verdict


def _get(port: int, path: str, accept: str) -> list[float]:
    """Seconds for the page, three times: the first computes it, the others find it unchanged."""
    times = []
    for _ in range(3):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
        started = time.perf_counter()
        connection.request("GET", path, headers={"Accept": accept})
        response = connection.getresponse()
        response.read()
        times.append(time.perf_counter() - started)
        connection.close()
        assert response.status == 200, response.status
    return times


def measure(n: int, clients: int) -> dict[str, float | int | str]:
    data = dataset(n, CACHE)
    folder = Path(tempfile.mkdtemp(prefix="intake_bench_"))
    port = _free_port()
    form = str(data.form_path)
    listed = subprocess.run(
        [*CONSOLIDATE, "links", "--form", form, "--data", str(folder), "--base-url", "", "--json"],
        capture_output=True,
        check=True,
    )
    links = json.loads(listed.stdout)
    server = subprocess.Popen(
        [*CONSOLIDATE, "serve", "--form", form, "--data", str(folder), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    peak = [0]
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], _tree_memory(server.pid))
            done.wait(0.1)

    try:
        for _ in range(300):  # the server is up when it answers
            try:
                http.client.HTTPConnection("127.0.0.1", port, timeout=1).request("GET", "/")
                break
            except OSError:
                time.sleep(0.1)
        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        jobs = [(u["url"], data.submissions / f"{Path(form).stem}_{u['code']}.xlsx") for u in links["units"]]
        started = time.perf_counter()
        with ThreadPoolExecutor(clients) as pool:
            results = list(pool.map(lambda job: _post(port, job[0], job[1]), jobs))
        wall = time.perf_counter() - started
        page_html = _get(port, links["coordinator"], "text/html")
        page_json = _get(port, links["coordinator"], "application/json")
    finally:
        done.set()
        server.terminate()
        server.wait(30)
        shutil.rmtree(folder, ignore_errors=True)
    latencies = sorted(seconds for _, seconds, _ in results)
    errors = sum(1 for code, _, _ in results if code != 200)
    valid = sum(1 for _, _, verdict in results if verdict in ("ok", "warning"))
    return {
        "n": n,
        "clients": clients,
        "wall": wall,
        "rate": n / wall,
        "p50": statistics.median(latencies),
        "p95": latencies[max(0, int(0.95 * len(latencies)) - 1)],
        "max": latencies[-1],
        "errors": errors,
        "valid": valid,
        "peak": peak[0],
        "page_first": page_html[0],
        "page_html": min(page_html[1:]),
        "page_json": min(page_json),
    }


def report(row: dict[str, float | int | str]) -> str:
    box = machine()
    head = f"## {dt.date.today():%d/%m/%Y} — trang tiếp nhận — {box['cores']} lõi, {box['cpu']}, {box['memory']} RAM, "
    head += f"Python {box['python']}, {box['system']}\n\n"
    lines = [
        head + f"Mục tiêu: {TARGETS}. Chạy lại: `python benchmarks/intake_bench.py --record`.\n",
        "| Đơn vị | Máy khách | Thời gian | Lượt gửi/giây | p50 | p95 | Lâu nhất | Lỗi | Hợp lệ | Bộ nhớ đỉnh | "
        "Trang tổng hợp: lần đầu / xem lại (HTML / JSON) |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
        f"| {_v(float(row['n']))} | {row['clients']} | {_v(float(row['wall']), 1)} s | {_v(float(row['rate']), 1)} | "
        f"{_v(1000 * float(row['p50']))} ms | {_v(1000 * float(row['p95']))} ms | {_v(1000 * float(row['max']))} ms | "
        f"{row['errors']} | {_v(float(row['valid']))} | {_v(float(row['peak']) / 2**20)} MB | "
        f"{_v(float(row['page_first']), 2)} s / {_v(float(row['page_html']), 2)} s / "
        f"{_v(float(row['page_json']), 2)} s |",
    ]
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description="Đo trang tiếp nhận: N đơn vị cùng gửi báo cáo.")
    parser.add_argument("--n", type=int, default=3321, help="Số đơn vị (mặc định 3.321).")
    parser.add_argument("--clients", type=int, default=8, help="Số máy khách gửi cùng lúc (mặc định 8).")
    parser.add_argument("--record", action="store_true", help="Ghi kết quả vào benchmarks/RESULTS.md.")
    args = parser.parse_args()
    section = report(measure(args.n, args.clients))
    print(section)
    if args.record:
        head, _, rest = RESULTS.read_text(encoding="utf-8").partition("\n## ")
        RESULTS.write_text(head + "\n" + section + "\n## " + rest, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
