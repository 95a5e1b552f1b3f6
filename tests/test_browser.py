"""A real browser on the intake: Debian's Chromium driven through Selenium, against waitress on a loopback port.

A unit opens its link, uploads a workbook with a mistake, sees the cell named, uploads the fixed one, sees it
accepted; the coordinator's page shows the unit received. Skipped when Chromium, its driver or Selenium is
missing (``apt-get install chromium chromium-driver``; ``pip install -e .[browser]``). Screenshots of the
pages are saved in the test's folder, or in docs/ for the README with ``CONSOLIDATE_SCREENSHOTS=docs``.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from consolidate import intake
from consolidate.form import Form

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
webdriver = pytest.importorskip("selenium.webdriver", reason="Selenium is not installed (pip install -e .[browser])")
pytestmark = pytest.mark.skipif(not (CHROMIUM and DRIVER), reason="Chromium and chromium-driver are not installed")
DOCS = Path(__file__).parent.parent / "docs"
WAIT = 30  # seconds at most for a page to show what is expected


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, form: Form) -> Iterator[dict[str, Any]]:
    import waitress

    from consolidate.web.app import create_app

    live = intake.demo_form(form, dt.date.today())
    data = tmp_path_factory.mktemp("browser")
    server = waitress.create_server(create_app(live, data), host="127.0.0.1", port=0, threads=4)
    base = f"http://127.0.0.1:{server.effective_port}"  # type: ignore[union-attr]
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        yield {"links": intake.links(live, data, base), "data": data}
    finally:
        server.close()
        thread.join(5)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    options.binary_location = str(CHROMIUM)
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1100,1300", "--lang=vi"):
        options.add_argument(argument)
    driver = webdriver.Chrome(options=options, service=Service(executable_path=str(DRIVER)))
    try:
        yield driver
    finally:
        driver.quit()


def shown(browser: Any, text: str) -> None:
    """Wait until the page shows ``text`` (the page may be reloading meanwhile: the upload script reloads it)."""
    from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
    from selenium.webdriver.support.ui import WebDriverWait

    waiting = WebDriverWait(browser, WAIT, ignored_exceptions=(StaleElementReferenceException, NoSuchElementException))
    waiting.until(lambda driver: text in driver.find_element("tag name", "body").text)


def send(browser: Any, path: Path) -> None:
    browser.find_element("id", "file").send_keys(str(path))
    browser.find_element("css selector", "#upload button[type=submit]").click()


def test_a_unit_fixes_its_mistake_and_the_coordinator_sees_it(
    server: dict[str, Any], browser: Any, workbooks: dict[str, Path], tmp_path: Path
) -> None:
    shots = DOCS if os.environ.get("CONSOLIDATE_SCREENSHOTS") == "docs" else tmp_path
    snv = server["links"]["units"][0]
    browser.get(snv["url"])
    shown(browser, "Sở Nội vụ")
    assert "còn 7 ngày" in browser.find_element("tag name", "body").text
    send(browser, workbooks["mistake"])
    shown(browser, "Hãy sửa 1 mục")
    [problem] = intake.uploads(server["data"], "SNV")[0].record["problems"]  # type: ignore[index]
    cell = browser.find_element("css selector", "table.problems td.cell").text
    assert cell == problem["cell"] and problem["message"] in browser.find_element("tag name", "body").text
    browser.save_screenshot(str(shots / "trang_don_vi_loi.png"))

    send(browser, workbooks["valid"])
    shown(browser, "Báo cáo đã được nhận")
    assert browser.find_element("css selector", "#ket-qua .verdict").text.startswith("Hợp lệ")
    browser.save_screenshot(str(shots / "trang_don_vi_hop_le.png"))

    browser.get(server["links"]["coordinator"])
    shown(browser, "Theo dõi tiếp nhận báo cáo")
    row = browser.find_element("xpath", "//tr[td[1][normalize-space()='SNV']]")
    assert row.find_element("css selector", ".status").text == "Hợp lệ"
    assert "1 hợp lệ" in browser.find_element("css selector", ".counts").text
    browser.save_screenshot(str(shots / "trang_tong_hop.png"))
