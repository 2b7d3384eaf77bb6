"""What a user gets from the package index: the wheel and the sdist, built as a release is.

CI builds both once from a clean clone (``python -m build``) and points ``ASEV_DIST`` at
them; run alone, this builds the wheel itself with pip (which fetches the build
backend ``pyproject.toml`` names).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

# Builds a wheel, installs it in a fresh venv and runs it: all slow.
pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def dist(tmp_path_factory):
    given = os.environ.get("ASEV_DIST")
    if given:
        return Path(given)
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--disable-pip-version-check", "-w", str(out), str(ROOT)],
        check=True,
    )
    return out


def _wheel(dist):
    (wheel,) = dist.glob("azure_style_events-*.whl")
    return wheel


def test_the_wheel_holds_the_package_its_types_and_the_sample_and_nothing_else(dist):
    names = zipfile.ZipFile(_wheel(dist)).namelist()
    assert "azure_style_events/py.typed" in names
    assert "azure_style_events/data/sample_session.jsonl" in names
    package = Path(__file__).parent.parent / "azure_style_events"
    for init in sorted(package.rglob("__init__.py")):  # every subpackage, and each of its modules
        for module in init.parent.glob("*.py"):
            relative = module.relative_to(package.parent).as_posix()
            assert relative in names, relative
    assert any(name.endswith(".dist-info/licenses/LICENSE") for name in names)
    top = {name.split("/")[0] for name in names}
    assert top == {"azure_style_events", _wheel(dist).name.split("-py3")[0] + ".dist-info"}  # no tests, benchmarks, codegen


def test_the_metadata_says_what_the_index_shows(dist):
    archive = zipfile.ZipFile(_wheel(dist))
    (metadata,) = [name for name in archive.namelist() if name.endswith(".dist-info/METADATA")]
    text = archive.read(metadata).decode("utf-8")
    assert "License-Expression: MIT" in text
    assert "Requires-Python: >=3.9" in text and "Requires-Dist: typing-extensions" in text
    for classifier in ("Typing :: Typed", "Programming Language :: Python :: 3.13", "Development Status :: 4 - Beta"):
        assert f"Classifier: {classifier}" in text
    assert "Description-Content-Type: text/markdown" in text and "python -m azure_style_events check" in text


def test_the_installed_wheel_runs_the_main_job(dist, tmp_path):
    """Installed from the wheel (not the tree) into a fresh environment, outside the repository."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    site = subprocess.run(
        [str(venv / "bin" / "python"), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    # Unpacking the wheel into site-packages is what an installer does with a pure wheel.
    zipfile.ZipFile(_wheel(dist)).extractall(site)
    import typing_extensions  # the one runtime dependency, made visible to the fresh environment

    (Path(site) / "deps.pth").write_text(str(Path(typing_extensions.__file__).parent) + "\n", encoding="utf-8")
    done = subprocess.run(
        [str(venv / "bin" / "python"), "-m", "azure_style_events", "check"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "sample_session.jsonl (bundled sample)" in done.stdout and "protocol problems in" in done.stdout


def test_the_sdist_carries_what_a_packager_needs(dist):
    sdists = list(dist.glob("azure_style_events-*.tar.gz"))
    if not sdists:
        pytest.skip("only CI builds the sdist (python -m build); pip wheel makes the wheel alone")
    names = {name.split("/", 1)[1] for name in tarfile.open(sdists[0]).getnames() if "/" in name}
    for needed in (
        "LICENSE",
        "README.md",
        "CHANGELOG.md",
        "pyproject.toml",
        "docs/design.md",
        "tests/test_conversation.py",
        "examples/voicelive_websocket.py",
        "azure_style_events/_catalog_params/voicelive.py",
        "azure_style_events/data/sample_session.jsonl",
        "codegen/generate_catalogs.py",
    ):
        assert needed in names, needed
