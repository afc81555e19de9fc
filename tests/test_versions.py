"""Tests for scratchnn.show_versions, the block a bug report asks for."""

from __future__ import annotations

import importlib.metadata
import platform
import sys

import matplotlib
import numpy as np
import pytest

import scratchnn
from scratchnn import versions


def shown(capsys) -> dict[str, str]:
    scratchnn.show_versions()
    out = capsys.readouterr().out
    lines = out.splitlines()
    # One "name : value" per line, the colons aligned.
    assert len({line.index(" : ") for line in lines}) == 1, out
    return dict(line.split(" : ", 1) for line in lines)


def test_names_scratchnn_python_platform_numpy_and_matplotlib(capsys):
    found = {k.strip(): v for k, v in shown(capsys).items()}
    assert found["scratchnn"] == scratchnn.__version__
    assert found["python"].split()[0] == platform.python_version()
    assert found["platform"] == platform.platform()
    assert found["numpy"] == np.__version__
    assert found["matplotlib"] == matplotlib.__version__
    assert {"scikit-learn", "IPython", "tqdm", "threadpoolctl", "BLAS"} <= set(found)


def test_a_missing_optional_package_says_so(capsys, monkeypatch):
    real = importlib.metadata.version

    def version(name):
        if name == "tqdm":
            raise importlib.metadata.PackageNotFoundError(name)
        return real(name)

    monkeypatch.setattr(importlib.metadata, "version", version)
    found = {k.strip(): v for k, v in shown(capsys).items()}
    assert found["tqdm"] == "not installed"
    assert found["numpy"] == np.__version__


def test_the_blas_kernel_and_threads_come_from_threadpoolctl(capsys):
    threadpoolctl = pytest.importorskip("threadpoolctl")
    found = {k.strip(): v for k, v in shown(capsys).items()}
    blas = [i for i in threadpoolctl.threadpool_info() if i.get("user_api") == "blas"]
    assert blas, "numpy links a BLAS; threadpoolctl should see it"
    first = blas[0]
    assert found["BLAS"].startswith(first["internal_api"])
    assert f"{first['num_threads']} threads" in found["BLAS"]
    if first.get("architecture"):
        assert f"kernel {first['architecture']}" in found["BLAS"]


def test_without_threadpoolctl_it_says_how_to_see_the_blas(monkeypatch):
    monkeypatch.setitem(sys.modules, "threadpoolctl", None)  # import fails
    monkeypatch.setattr(
        versions,
        "_version",
        lambda name: None if name == "threadpoolctl" else "1.0",
    )
    assert versions._versions()["BLAS"] == "unknown (install threadpoolctl to see it)"
