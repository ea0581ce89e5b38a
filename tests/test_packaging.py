"""The package as a user installs it: a wheel, in a virtualenv outside the checkout.

The wheel is built from the checkout and installed without its dependencies, which the
fresh virtualenv borrows from the suite's own (a `.pth` line: no download, and the
checkout's editable install is not among them, since nested `.pth` files are not read).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import sysconfig
import urllib.request
import zipfile
from pathlib import Path

import pytest
from conftest import DEMO, ROOT


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """The bin/ folder of a fresh virtualenv with the wheel of this checkout installed."""
    where = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "--wheel-dir",
         str(where / "dist"), str(ROOT)],
        check=True, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    (wheel,) = (where / "dist").glob("aliexit-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "automation/mocksite/fixtures/accounts.json" in names
    assert "automation/audit/templates/report.html.j2" in names
    venv = where / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "--no-deps", "--quiet", str(wheel)],
        check=True, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True, capture_output=True, text=True,
    ).stdout.strip()  # fmt: skip
    (Path(site) / "suite-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return venv / "bin"


def _env(cwd: Path) -> dict[str, str]:
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("ALIEXPRESS_", "ALIEXIT_"))}
    return {**keep, **DEMO, "ALIEXIT_AUDIT_DIR": str(cwd / "audit")}


def test_the_installed_package_is_not_the_checkout(installed: Path, tmp_path: Path):
    where = subprocess.run(
        [str(installed / "python"), "-c", "import automation; print(automation.__file__)"],
        cwd=tmp_path, check=True, capture_output=True, text=True,
    ).stdout.strip()  # fmt: skip
    assert Path(where).is_relative_to(installed.parent) and not Path(where).is_relative_to(ROOT)


def test_a_dry_run_of_the_installed_aliexit_on_its_embedded_mock(installed: Path, tmp_path):
    run = subprocess.run(
        [str(installed / "aliexit"), "deactivate", "--dry-run", "--reason", "Privacy concerns"],
        cwd=tmp_path, env=_env(tmp_path), capture_output=True, text=True, timeout=180,
        stdin=subprocess.DEVNULL,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("Dry run complete for d***@example.com")
    (bundle,) = (tmp_path / "audit").iterdir()
    assert (bundle / "report.html").is_file() and (bundle / "screenshots").is_dir()


def test_the_installed_mock_site_serves_its_pages(installed: Path, tmp_path: Path):
    server = subprocess.Popen(
        [str(installed / "aliexit"), "mock-site", "--port", "0"],
        cwd=tmp_path, env=_env(tmp_path), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    try:
        assert server.stdout is not None
        first = server.stdout.readline()
        found = re.search(r"Mock AliExpress at (http://\S+) ", first)
        assert found, first + (server.stderr.read() if server.poll() is not None else "")
        with urllib.request.urlopen(found.group(1) + "/", timeout=10) as answer:
            page = answer.read().decode("utf-8")
        assert answer.status == 200 and "AliExpress" in page
        with urllib.request.urlopen(found.group(1) + "/static/variants.js", timeout=10) as js:
            assert js.status == 200
    finally:
        server.terminate()
        server.wait(timeout=10)
