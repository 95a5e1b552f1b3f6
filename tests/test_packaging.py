"""Installed as users install it: the shipped form travels inside the package, and only what runs is required."""

from __future__ import annotations

import ast
import importlib.metadata
import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import openpyxl
import pytest
import yaml
from typer.testing import CliRunner

import consolidate
from consolidate.cli import app
from consolidate.errors import FormError
from consolidate.form import FORMS_DIR, load_form

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = Path(consolidate.__file__).resolve().parent
# Every form and unit list under consolidate/forms/ ships, the default ones among them.
SHIPPED = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "consolidate" / "forms").rglob("*.y*ml"))


def test_the_shipped_form_lives_in_the_package() -> None:
    assert FORMS_DIR == PACKAGE / "forms"
    assert {"consolidate/forms/hoi_nhap_quoc_te.yaml", "consolidate/forms/units/lang_son_2022.yaml"} <= set(SHIPPED)
    # One copy in the repository: input_templates/ is the user's folder, with no form of its own.
    assert not list((ROOT / "input_templates").rglob("*.y*ml"))


def test_the_shipped_form_is_found_from_another_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    form = load_form("hoi_nhap_quoc_te")
    assert form.source == FORMS_DIR / "hoi_nhap_quoc_te.yaml"
    assert len(form.units) == 32  # units_file resolved inside the package
    unit = form.unit("SNV")
    assert unit is not None and unit.name == "Sở Nội vụ"


def test_the_template_command_works_from_another_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["template", "hoi_nhap_quoc_te", "--out", "bieu_mau", "--unit", "SNV"])
    assert result.exit_code == 0, result.output
    workbook = openpyxl.load_workbook(tmp_path / "bieu_mau" / "hoi_nhap_quoc_te_SNV.xlsx")
    assert "doan_ra" in workbook.defined_names


def test_a_form_in_input_templates_overrides_the_shipped_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    user = tmp_path / "input_templates"
    shutil.copytree(FORMS_DIR, user)
    path = user / "hoi_nhap_quoc_te.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["period"]["year"] = 2023
    data["period"]["deadline"] = "2023-06-16"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    form = load_form("hoi_nhap_quoc_te")
    assert form.source is not None and form.source.resolve() == path.resolve()
    assert form.period.label == "6 tháng đầu năm 2023"


def test_an_unknown_form_says_where_it_looked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(FormError) as caught:
        load_form("khong_co")
    assert str(caught.value) == (
        f"Không tìm thấy biểu mẫu «khong_co» (đã tìm trong «{tmp_path / 'input_templates'}» và «{FORMS_DIR}»). "
        "Hãy chỉ đường dẫn tới tệp .yaml hoặc .xlsx, hoặc dùng một mã biểu mẫu có sẵn: hoi_nhap_quoc_te."
    )


def _normalised(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _imported_modules() -> set[str]:
    """Top-level modules imported anywhere in the package (inside functions too)."""
    found: set[str] = set()
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.add(node.module.split(".")[0])
    return found


def test_every_dependency_is_used_at_run_time_and_every_import_is_a_dependency() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = {_normalised(re.split(r"[<>=!~;\[ ]", spec)[0]) for spec in project["dependencies"]}
    distributions = importlib.metadata.packages_distributions()
    used = {
        _normalised(dist)
        for module in _imported_modules()
        if module != "consolidate" and module not in sys.stdlib_module_names
        for dist in distributions.get(module, [module])
    }
    assert used == declared
    assert "pandas" not in declared
    assert project["optional-dependencies"]["bench"] == ["pandas>=2.2"]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project's wheel, built from a copy of the source tree (the work tree gets no build/ folder)."""
    source = tmp_path_factory.mktemp("source")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    shutil.copytree(PACKAGE, source / "consolidate", ignore=shutil.ignore_patterns("__pycache__"))
    target = tmp_path_factory.mktemp("wheel")
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(target), str(source)],
        capture_output=True,
        text=True,
    )
    wheels = list(target.glob("consolidate-*.whl"))
    if built.returncode != 0 or not wheels:
        pytest.skip(f"pip could not build the wheel here (offline, no setuptools?): {built.stderr[-300:]}")
    return wheels[0]


def test_the_wheel_carries_the_shipped_form_and_no_pandas(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        metadata = next(archive.read(n).decode("utf-8") for n in names if n.endswith(".dist-info/METADATA"))
        shipped = {name: archive.read(name) for name in SHIPPED if name in names}
    assert shipped == {name: (ROOT / name).read_bytes() for name in SHIPPED}
    requires = [line for line in metadata.splitlines() if line.startswith("Requires-Dist: pandas")]
    assert requires == ['Requires-Dist: pandas>=2.2; extra == "bench"']


def test_the_wheel_carries_the_intake_pages(wheel: Path) -> None:
    found = (PACKAGE / "web").glob("*/*")
    pages = {p.relative_to(ROOT).as_posix() for p in found if p.suffix in (".html", ".css", ".js")}
    assert {"consolidate/web/templates/unit.html", "consolidate/web/static/upload.js"} <= pages
    with zipfile.ZipFile(wheel) as archive:
        assert pages <= set(archive.namelist())


def test_the_unpacked_wheel_writes_templates_from_another_folder(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site)
    work = tmp_path / "work"
    work.mkdir()
    script = (
        "import sys, consolidate; from consolidate.cli import main; "
        "print(consolidate.__file__, file=sys.stderr); sys.argv = ['consolidate'] + sys.argv[1:]; main()"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, "template", "hoi_nhap_quoc_te", "--out", "bieu_mau", "--unit", "SYT"],
        cwd=work,
        env={"PYTHONPATH": str(site), "PYTHONIOENCODING": "utf-8", "PATH": ""},
        capture_output=True,
        text=True,
        encoding="utf-8",
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr.splitlines()[0] == str(site / "consolidate" / "__init__.py")
    assert (work / "bieu_mau" / "hoi_nhap_quoc_te_SYT.xlsx").is_file()
