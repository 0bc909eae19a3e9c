"""A wheel, built as docs/quickstart.md says, carries the package, the catalog and the licence, and installs
into a fresh venv whose command works from anywhere."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import venv
import zipfile
from importlib.metadata import version
from pathlib import Path

import pytest

from diagnose.catalog.model import load_catalog

ROOT = Path(__file__).resolve().parent.parent

pytestmark = [pytest.mark.slow, pytest.mark.process]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`python -m pip wheel --no-deps -w dist .`, as the quick start says; offline, so with the
    build backend of this environment rather than an isolated one."""
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out), "."],
        cwd=ROOT,
        check=True,
        timeout=300,
    )
    (built,) = out.glob("sms_diagnose-*.whl")
    return built


VENDORED_INSTALL = "pip install vendor/sms_diagnose-*.whl"


def test_the_docs_install_from_what_works_today() -> None:
    """Not on PyPI yet and no public repository: the pages show the checkout and wheel commands
    tested here, CI snippets install the wheel kept in the user's repository, and no page shows a
    git URL or a tag that does not exist."""
    quickstart = (ROOT / "docs" / "quickstart.md").read_text(encoding="utf-8")
    for command in ("pip install .", "python -m pip wheel --no-deps -w dist .", "pip install dist/sms_diagnose-*.whl"):
        assert f"\n{command}\n" in quickstart, command
    ci = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
    assert ci.count(VENDORED_INSTALL) == 2
    pages = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert "git+https://" not in text and "rev: v" not in text, page
        assert not [line for line in text.splitlines() if line.strip(" -`") == "pip install sms-diagnose"], page


def test_the_ci_snippet_s_install_line_installs_the_wheel_kept_under_vendor(wheel: Path, tmp_path: Path) -> None:
    (tmp_path / "vendor").mkdir()
    (tmp_path / "vendor" / wheel.name).write_bytes(wheel.read_bytes())
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True, system_site_packages=False)
    clean = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    clean |= {"PATH": f"{env_dir / 'bin'}:{clean['PATH']}", "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    line = VENDORED_INSTALL + " --no-index --no-deps -q"  # offline here: its dependencies come from this venv
    done = subprocess.run(
        ["bash", "-c", line], cwd=tmp_path, env=clean, capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    shown = subprocess.run(
        [str(env_dir / "bin" / "python"), "-m", "pip", "show", "sms-diagnose"],
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout
    assert "Name: sms-diagnose" in shown and f"Version: {version('sms-diagnose')}" in shown


def test_the_wheel_s_metadata_says_what_a_registry_shows(wheel: Path) -> None:
    archive = zipfile.ZipFile(wheel)
    metadata = archive.read(next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))).decode()
    lines = metadata.splitlines()
    from diagnose import __version__

    assert f"Version: {__version__}" in lines, "one source for the version: diagnose/__init__.py"
    assert "Requires-Python: >=3.11" in lines
    assert "Classifier: Development Status :: 3 - Alpha" in lines
    assert "Classifier: Programming Language :: Python :: 3.11" in lines
    urls = dict(line.removeprefix("Project-URL: ").split(", ", 1) for line in lines if line.startswith("Project-URL: "))
    assert urls["Documentation"] == load_catalog().docs_url
    assert urls["Changelog"].endswith("/changelog/")
    assert "Provides-Extra: test" not in lines, "the test tools are a development group, not a public extra"


def test_wheel_holds_package_marker_catalog_and_schema(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "diagnose/py.typed" in names
    data = {n for n in names if n.startswith("diagnose/_data/")}
    assert data == {
        "diagnose/_data/catalog.schema.json",
        "diagnose/_data/check-report.schema.json",
        "diagnose/_data/registry.txt",
    }, "the catalog's schemas and registry; no YAML to parse at run time"
    compiled = zipfile.ZipFile(wheel).read("diagnose/catalog/_compiled.py").decode()
    assert compiled.startswith("# Made by hatch_build.py from data/ when this wheel was built; do not edit.\n")
    assert compiled.splitlines()[1].startswith("COMPILED = {"), "bytecode to load, not JSON to parse"
    assert {"diagnose/responses/pipeline.py", "diagnose/gate/__init__.py", "diagnose/cli/main.py"} <= names
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "sms-diagnose = diagnose.cli.main:main" in zipfile.ZipFile(wheel).read(entry_points).decode()


def test_wheel_carries_the_mit_licence(wheel: Path) -> None:
    archive = zipfile.ZipFile(wheel)
    names = archive.namelist()
    licences = [n for n in names if n.endswith(("dist-info/licenses/LICENSE", "dist-info/LICENSE"))]
    assert licences, names
    assert archive.read(licences[0]) == (ROOT / "LICENSE").read_bytes()
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License\n\nCopyright (c) 2026 the sms-diagnose authors\n"), text[:80]
    metadata = archive.read(next(n for n in names if n.endswith(".dist-info/METADATA"))).decode()
    assert "License-Expression: MIT" in metadata.splitlines()


# Installed into a plain venv (no system site-packages) with `pip install dist/sms_diagnose-*.whl`.
# Offline, its dependencies cannot be downloaded: they come from this environment, through
# PYTHONPATH, from a folder that links to them alone (not to this checkout's own install, nor pip).


def _dependencies_only(folder: Path, only: tuple[str, ...] = ()) -> Path:
    """A folder linking to this environment's packages (to ``only`` those, if given)."""
    folder.mkdir()
    own = ("diagnose", "sms_diagnose", "_editable_impl_sms_diagnose", "__editable__", "pip", "__pycache__")
    for site in dict.fromkeys(Path(sysconfig.get_paths()[key]) for key in ("purelib", "platlib")):
        for item in site.iterdir():
            stem = item.name.split("-")[0].split(".")[0]
            if stem in own or item.suffix == ".pth" or (folder / item.name).exists():
                continue
            if only and stem.lower() not in only:
                continue
            (folder / item.name).symlink_to(item)
    return folder


def test_wheel_installs_into_a_fresh_venv_and_works_from_another_directory(wheel: Path, tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True, system_site_packages=False)
    python, command = env_dir / "bin" / "python", env_dir / "bin" / "sms-diagnose"
    clean = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    clean["PYTHONNOUSERSITE"] = "1"
    subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "--no-index", "--no-deps", str(wheel)],
        env={**clean, "PIP_DISABLE_PIP_VERSION_CHECK": "1"},
        check=True,
        timeout=120,
    )
    env = {**clean, "PYTHONPATH": str(_dependencies_only(tmp_path / "deps"))}
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(args, cwd=elsewhere, env=env, capture_output=True, text=True, timeout=60, check=False)

    checked = run(str(python), "-m", "pip", "check")
    assert checked.returncode == 0, checked.stdout + checked.stderr

    explained = run(str(command), "explain", "207")
    assert explained.returncode == 0, explained.stderr
    assert explained.stdout.startswith("207 INVALID_AUTHKEY \u2014 Invalid authentication key\n"), explained.stdout

    script = (
        "import sys, json, pathlib, diagnose;"
        "assert pathlib.Path(diagnose.__file__).is_relative_to(sys.prefix), diagnose.__file__;"
        "print(diagnose.diagnose(b'code: 418'));"
        "from diagnose.catalog.source import data_dir;"
        "assert data_dir().is_relative_to(sys.prefix), data_dir();"
        "from diagnose.cli.main import main; sys.exit(main(['explain', 'OTP_EXPIRED']))"
    )
    done = run(str(python), "-c", script)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("418 IP_NOT_WHITELISTED: IP not whitelisted \u2014 ")
    assert "OTP_EXPIRED \u2014 OTP expired" in done.stdout

    script = (
        "import sys; from diagnose.cli.main import main; main(['explain', '207']);"
        "heavy = {'argparse', 'typing', 'pathlib', 'shutil', 'difflib', 'json', 'yaml', 'jsonschema', 'lxml',"
        " 'diagnose.redaction', 'diagnose.responses', 'diagnose.delivery', 'diagnose.check',"
        " 'diagnose.catalog.model', 'diagnose.vocabulary'};"
        "print(sorted(heavy & set(sys.modules)), file=sys.stderr)"
    )
    lean_start = run(str(python), "-c", script)
    assert lean_start.returncode == 0 and lean_start.stderr == "[]\n", "explain imports only what it needs: " + (
        lean_start.stderr
    )

    validated = run(str(command), "validate")
    assert validated.returncode == 0, validated.stdout + validated.stderr
    entries = len(load_catalog().entries)
    assert validated.stdout.startswith(f"catalog valid: {entries} entries (stages: source, schema"), validated.stdout

    lean = {**env, "PYTHONPATH": str(_dependencies_only(tmp_path / "lxml-only", only=("lxml",)))}
    script = (
        "import sys, diagnose;"
        "print(diagnose.diagnose(b'<RESPONSE><TYPE>error</TYPE><CODE>418</CODE></RESPONSE>'));"
        'report = \'data=[{"requestId":"r","report":[{"number":"1","status":"1"}]}]\';'
        "print(diagnose.diagnose_report(report)[0].outcome);"
        "assert 'yaml' not in sys.modules and 'jsonschema' not in sys.modules, 'only lxml'"
    )
    done = subprocess.run(
        [str(python), "-c", script], cwd=elsewhere, env=lean, capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("418 IP_NOT_WHITELISTED: "), done.stdout
    assert done.stdout.endswith("success\n"), done.stdout
    explained = subprocess.run(
        [str(command), "explain", "207"], cwd=elsewhere, env=lean, capture_output=True, text=True, check=False
    )
    assert explained.returncode == 0 and explained.stdout.startswith("207 INVALID_AUTHKEY"), explained.stderr
    gate = subprocess.run(
        [str(command), "validate"], cwd=elsewhere, env=lean, capture_output=True, text=True, check=False
    )
    assert gate.returncode == 2, gate.stdout + gate.stderr
    assert (
        gate.stderr
        == "sms-diagnose: error: checking the catalog needs jsonschema: pip install 'sms-diagnose[catalog]'\n"
    )
