"""The book build prints no "Kernel is running over TCP without encryption".

ipykernel logs that warning once per notebook that nbclient executes; `make
book` gives its kernels tools/ipython_kernel_config.py (through IPYTHONDIR),
which drops exactly that record and nothing else.
"""

from __future__ import annotations

import logging
import os
import re
import runpy
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "tools" / "ipython_kernel_config.py"
WARNING = "Kernel is running over TCP without encryption"


@pytest.fixture
def kernel_logger():
    logger = logging.getLogger("IPKernelApp")
    before = list(logger.filters)
    yield logger
    logger.filters[:] = before


def test_the_config_drops_only_the_tcp_warning(kernel_logger, caplog):
    runpy.run_path(str(CONFIG))
    with caplog.at_level(logging.INFO, logger="IPKernelApp"):
        kernel_logger.warning(WARNING + ". All communication ... is sent in plain text")
        kernel_logger.warning("Some other warning")
        kernel_logger.info("Starting the kernel at pid: %i", 1)
    assert [r.getMessage() for r in caplog.records] == [
        "Some other warning",
        "Starting the kernel at pid: 1",
    ]


@pytest.mark.parametrize("target", ["book", "execute"])
def test_make_points_the_kernels_at_the_config(target):
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    quiet = re.search(r"^QUIET_KERNELS := .*?(?=^\S)", makefile, re.M | re.S)[0]
    copy = "cp tools/ipython_kernel_config.py $(KERNEL_IPYTHONDIR)/profile_default/"
    assert copy in quiet
    assert "export IPYTHONDIR=$(CURDIR)/$(KERNEL_IPYTHONDIR)" in quiet
    recipe = re.search(rf"^{target}: .*?(?=^\S)", makefile, re.M | re.S)[0]
    assert "$(QUIET_KERNELS);" in recipe


EXECUTE = textwrap.dedent(
    """
    import nbformat
    from jupyter_cache.executors.utils import single_nb_execution

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("print(1 + 1)")])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    result = single_nb_execution(nb, cwd=".", allow_errors=False, timeout=120,
                                 meta_override=True)
    assert result.err is None, result.err
    print("output:", nb.cells[0].outputs[0]["text"].strip())
    """
)


@pytest.mark.parametrize("configured", [False, True])
def test_a_kernel_started_as_the_build_does(tmp_path, configured):
    """myst-nb executes a chapter with jupyter-cache's single_nb_execution."""
    env = {k: v for k, v in os.environ.items() if k != "IPYTHONDIR"}
    env["IPYTHONDIR"] = str(tmp_path / "ipython")
    if configured:
        profile = tmp_path / "ipython" / "profile_default"
        profile.mkdir(parents=True)
        (profile / CONFIG.name).write_bytes(CONFIG.read_bytes())
    run = subprocess.run(
        [sys.executable, "-c", EXECUTE],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert run.returncode == 0, run.stderr
    assert "output: 2" in run.stdout
    # Without the config the warning is there: the test sees what it removes.
    assert (WARNING in run.stderr) is not configured, run.stderr
