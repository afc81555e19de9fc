"""Check the wheel and sdist that ``python -m build`` made in dist/.

Run by ``make dist`` after the build (``pytest tests/archives``); ``pytest tests``
does not collect this directory (``norecursedirs`` in pyproject.toml), because
building needs setuptools from the package index.

The sdist ships the package, its metadata and the tests that need only the
package, as MANIFEST.in lists them (the others need the notebooks, tools and
configuration of the whole repository, which a package archive does not
carry). ``make min-versions`` runs the shipped tests from the
unpacked sdist.
"""

from __future__ import annotations

import email
import os
import subprocess
import tarfile
import zipfile
from pathlib import Path

import pytest

import scratchnn

ROOT = Path(__file__).resolve().parents[2]
DIST = Path(os.environ.get("SCRATCHNN_DIST", ROOT / "dist"))
VERSION = scratchnn.__version__


def only(pattern):
    found = sorted(DIST.glob(pattern))
    if not found:
        pytest.fail(f"no {pattern} in {DIST}: run `make dist` (python -m build)")
    assert len(found) == 1, f"more than one {pattern} in {DIST}: {found}"
    return found[0]


def package_modules():
    """The package's files under version control (ignored ones excluded)."""
    out = subprocess.run(
        ["git", "ls-files", "scratchnn"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    return {p for p in out if p.endswith(".py")} | {"scratchnn/py.typed"}


def shipped_tests():
    """The test files MANIFEST.in includes (tests/test_packaging.py checks them)."""
    manifest = (ROOT / "MANIFEST.in").read_text(encoding="utf-8").splitlines()
    return {line.split()[1] for line in manifest if line.startswith("include tests/")}


@pytest.fixture(scope="module")
def sdist_files():
    with tarfile.open(only(f"scratchnn-{VERSION}.tar.gz")) as tar:
        prefix = f"scratchnn-{VERSION}/"
        names = [m.name for m in tar.getmembers() if m.isfile()]
    assert all(n.startswith(prefix) for n in names), names
    return {n.removeprefix(prefix) for n in names}


@pytest.fixture(scope="module")
def wheel():
    with zipfile.ZipFile(only(f"scratchnn-{VERSION}-py3-none-any.whl")) as whl:
        names = set(whl.namelist())
        metadata = whl.read(f"scratchnn-{VERSION}.dist-info/METADATA").decode()
    return names, email.message_from_string(metadata)


def test_sdist_lists_exactly_the_package_and_its_metadata(sdist_files):
    print("sdist:", *sorted(sdist_files), sep="\n  ")
    egg_info = {f for f in sdist_files if f.startswith("scratchnn.egg-info/")}
    expected = (
        package_modules()
        | shipped_tests()
        | {
            "CITATION.cff",
            "LICENSE",
            "LICENSE-TEXT",
            "MANIFEST.in",
            "PKG-INFO",
            "README.md",
            "pyproject.toml",
            "setup.cfg",
        }
    )
    assert sdist_files - egg_info == expected


def test_sdist_ships_the_package_only_tests_and_no_repository_test(sdist_files):
    tests = {f for f in sdist_files if f.startswith("tests/")}
    assert "tests/test_model.py" in tests
    assert "tests/stand_in.py" in tests
    assert "tests/test_notebooks.py" not in tests
    assert "tests/exercises/test_harness.py" in tests
    assert "tests/exercises/test_heldout.py" not in tests
    assert tests == shipped_tests(), "exactly the tests MANIFEST.in lists"
    repository_only = ("tests/site/", "tests/outside/", "tests/heldout/", "tests/lab/")
    assert not [f for f in tests if f.startswith(repository_only)]


def test_wheel_ships_the_package_typed_with_its_licences(wheel):
    names, _ = wheel
    info = f"scratchnn-{VERSION}.dist-info/"
    assert package_modules() <= names
    assert {f"{info}licenses/LICENSE", f"{info}licenses/LICENSE-TEXT"} <= names
    assert not [n for n in names if not n.startswith(("scratchnn/", info))]


def test_wheel_metadata_is_pep_639(wheel):
    _, meta = wheel
    assert meta["Metadata-Version"] == "2.4"
    assert meta["Version"] == VERSION
    assert meta["License-Expression"] == "MIT"
    assert meta.get_all("License-File") == ["LICENSE", "LICENSE-TEXT"]
    assert meta["Requires-Python"] == ">=3.11"
    assert not [c for c in meta.get_all("Classifier") if c.startswith("License")]
    urls = dict(u.split(", ", 1) for u in meta.get_all("Project-URL"))
    assert set(urls) == {"Homepage", "Documentation", "Source", "Issues", "Changelog"}
