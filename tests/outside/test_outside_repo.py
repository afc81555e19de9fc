"""Run chapters outside the repository, the way a reader without a clone does.

Builds scratchnn's wheel from a copy of its sources, installs it with its
``book`` extra (and ``torch`` on Python 3.11, for chapter 15; plus ipykernel
and nbclient to execute) into a fresh virtual environment in a temporary
folder, copies chapters into an empty folder and executes them there in that
environment's kernel. Then the chapter must run without an error, its install
cell must print nothing (scratchnn imports), the kernel must import scratchnn
from that environment (not from this repository's editable install), and every
text output must equal the stored one, as strict nbval compares them.

What it catches: a module a chapter imports that the ``book`` extra does not
provide, a file the wheel does not ship, a chapter that reads a file of the
repository. pip may download from PyPI (``--prefer-binary``, with pip's cache);
the pins of requirements.txt are passed as constraints so the outputs match.

Not in the unit run (pyproject's norecursedirs): ``make outside-test``, which
``make test`` runs after the unit tests, or ``pytest tests/outside``.
"""

from __future__ import annotations

import configparser
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import nbformat
import pytest
from packaging.markers import Marker

ROOT = Path(__file__).resolve().parents[2]
BOOK = ROOT / "book"
# 07 loads a data set (the datasets loaders need scikit-learn); 13 another one,
# and it saves and loads parameters through a file; 15 needs the `torch` extra.
CHAPTERS = ["07_model.ipynb", "13_softmax.ipynb", "15_pytorch.ipynb"]
# PyTorch's CPU build installs from the local mirror for Python 3.11 only
# (requirements.txt); elsewhere pip would fetch the multi-gigabyte CUDA build.
WITH_TORCH = sys.version_info < (3, 12)
NEEDS_TORCH = {"15_pytorch.ipynb"}
KERNEL = "scratchnn-outside"
PIN = re.compile(r"^[A-Za-z0-9][\w.-]*==\S+$")
PROBE = "import sys\n\nimport scratchnn\n\nprint(scratchnn.__file__)\nprint(sys.prefix)"
RUNNER = """\
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

source, target, kernel = sys.argv[1:]
nb = nbformat.read(source, as_version=4)
NotebookClient(
    nb, timeout=600, kernel_name=kernel,
    resources={"metadata": {"path": str(Path(source).parent)}},
).execute()
nbformat.write(nb, target)
"""


def _environ() -> dict[str, str]:
    """This environment without what would lead Python back to the repository."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "JUPYTER_PATH")
    }
    env["PYTHONNOUSERSITE"] = "1"
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    return env


def _run(args: list, cwd: Path, timeout: int = 600) -> None:
    result = subprocess.run(
        [str(a) for a in args],
        cwd=cwd,
        env=_environ(),
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert result.returncode == 0, (
        f"{' '.join(map(str, args))} failed ({result.returncode}):\n"
        f"{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    )


def _constraints(path: Path) -> Path:
    lines = (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines()
    pins = []
    for line in lines:
        pin, _, marker = line.partition(";")  # torch==2.13.0; python_version...
        if PIN.match(pin.strip()) and (not marker or Marker(marker).evaluate()):
            pins.append(pin.strip())
    path.write_text("\n".join(pins) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def outside() -> Path:
    """A temporary folder holding `venv/` with scratchnn[book] from its wheel."""
    with tempfile.TemporaryDirectory(prefix="scratchnn-outside-") as name:
        tmp = Path(name)
        # Build from a copy, so that the build leaves nothing in the repository
        # and the wheel holds only what pyproject.toml ships.
        src = tmp / "src"
        src.mkdir()
        for path in [ROOT / "pyproject.toml", ROOT / "README.md"]:
            shutil.copy2(path, src)
        for path in ROOT.glob("LICENSE*"):
            shutil.copy2(path, src)
        shutil.copytree(
            ROOT / "scratchnn",
            src / "scratchnn",
            ignore=shutil.ignore_patterns("__pycache__"),
        )
        dist = tmp / "dist"
        _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", dist, src], tmp)
        (wheel,) = dist.glob("scratchnn-*.whl")

        venv = tmp / "venv"
        _run([sys.executable, "-m", "venv", venv], tmp)
        python = venv / "bin" / "python"
        # No byte-compiling at install: the chapters import a small part of
        # what the extras bring (PyTorch alone is 2,300 modules).
        _run(
            [
                python, "-m", "pip", "install", "--no-compile", "--prefer-binary",
                "--progress-bar", "off",
                "-c", _constraints(tmp / "constraints.txt"),
                f"{wheel}[book,torch]" if WITH_TORCH else f"{wheel}[book]",
                "ipykernel", "nbclient",
            ],
            tmp,
        )  # fmt: skip
        # A kernel of its own name, so that no other "python3" kernelspec (a
        # user's, the system's) can stand in for it.
        _run(
            [python, "-m", "ipykernel", "install", "--prefix", venv, "--name", KERNEL],
            tmp,
        )
        # Matplotlib's first import builds its font cache and says so.
        _run([python, "-c", "import matplotlib.pyplot"], tmp)
        yield tmp


def _sanitizers() -> list[tuple[re.Pattern[str], str]]:
    config = configparser.ConfigParser()
    config.read(ROOT / "tests" / "nbval_sanitize.cfg", encoding="utf-8")
    return [
        (re.compile(s["regex"]), s["replace"]) for s in config.values() if "regex" in s
    ]


def _texts(cell: dict, sanitizers) -> list[str]:
    """The outputs strict nbval compares: text on stdout, and text/* data."""
    texts = []
    stdout = "".join(
        o["text"] for o in cell.get("outputs", []) if o.get("name") == "stdout"
    )
    if stdout:
        texts.append(stdout)
    for output in cell.get("outputs", []):
        for mime, value in sorted(output.get("data", {}).items()):
            if mime.startswith("text/"):
                texts.append(f"{mime}: {value}")
    for pattern, replace in sanitizers:
        texts = [pattern.sub(replace, t) for t in texts]
    return texts


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_chapter_runs_outside_the_repository(outside, chapter, tmp_path):
    if chapter in NEEDS_TORCH and not WITH_TORCH:
        pytest.skip(
            "PyTorch's CPU build installs from the local mirror on Python 3.11 "
            "only; on this Python pip would fetch the CUDA build"
        )
    folder = tmp_path / "reader"
    folder.mkdir()
    stored = nbformat.read(BOOK / chapter, as_version=4)
    nb = nbformat.read(BOOK / chapter, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(PROBE))
    nbformat.write(nb, folder / chapter)

    executed = folder / f"executed-{chapter}"
    python = outside / "venv" / "bin" / "python"
    _run([python, "-c", RUNNER, folder / chapter, executed, KERNEL], folder, 900)
    result = nbformat.read(executed, as_version=4)

    *cells, probe = result.cells
    location, prefix = "".join(o.get("text", "") for o in probe.outputs).split()
    venv = (outside / "venv").resolve()
    assert Path(prefix).resolve() == venv, f"the kernel ran in {prefix}, not {venv}"
    assert Path(location).resolve().is_relative_to(venv), (
        f"the kernel imported scratchnn from {location}, not from the wheel"
    )

    code = [(i, c) for i, c in enumerate(cells) if c.cell_type == "code"]
    assert not code[0][1].outputs, "the install cell printed something"
    errors = [
        f"cell {i}: {o.ename}: {o.evalue}"
        for i, c in code
        for o in c.outputs
        if o.output_type == "error"
    ]
    assert not errors, f"{chapter} raised outside the repository: {errors}"

    sanitizers = _sanitizers()
    differ = []
    for (index, new), old in zip(
        code, [c for c in stored.cells if c.cell_type == "code"], strict=True
    ):
        if "nbval-ignore-output" in new.metadata.get("tags", []):
            continue
        if _texts(new, sanitizers) != _texts(old, sanitizers):
            differ.append(
                f"cell {index}:\n  stored: {_texts(old, sanitizers)}\n"
                f"  now:    {_texts(new, sanitizers)}"
            )
    assert not differ, f"{chapter} printed other outputs:\n" + "\n".join(differ)
