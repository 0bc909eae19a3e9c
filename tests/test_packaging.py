"""A wheel carries the package, the py.typed marker and the catalog, and works from anywhere."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out), str(ROOT)],
        check=True,
        timeout=300,
    )
    (built,) = out.glob("sms_diagnose-*.whl")
    return built


def test_wheel_holds_package_marker_catalog_and_schema(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "diagnose/py.typed" in names
    assert "diagnose/_data/catalog.yaml" in names
    assert "diagnose/_data/catalog.schema.json" in names
    assert "diagnose/_data/check-report.schema.json" in names
    assert "diagnose/_data/catalog.compiled.json" in names
    assert not [n for n in names if "/.cache/" in n]
    assert {"diagnose/_data/entries/request.yaml", "diagnose/_data/entries/otp.yaml"} <= names
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "sms-diagnose = diagnose.cli:main" in zipfile.ZipFile(wheel).read(entry_points).decode()


def test_installed_wheel_works_from_another_directory(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
        check=True,
        timeout=300,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    script = (
        "import sys; sys.path.insert(0, sys.argv[1]); import diagnose, pathlib;"
        "assert pathlib.Path(diagnose.__file__).is_relative_to(sys.argv[1]), diagnose.__file__;"
        "print(diagnose.diagnose(b'code: 418'));"
        "import json; from diagnose.catalog_source import data_dir, source_digest;"
        "compiled = json.loads((data_dir() / 'catalog.compiled.json').read_bytes());"
        "assert data_dir().is_relative_to(sys.argv[1]) and compiled['digest'] == source_digest(data_dir());"
        "from diagnose.cli import main; sys.exit(main(['explain', 'OTP_EXPIRED']))"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(target)],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("418 IP_NOT_WHITELISTED: IP not whitelisted \u2014 ")
    assert "OTP_EXPIRED \u2014 OTP expired" in done.stdout
