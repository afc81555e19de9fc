"""Pytest hooks for the whole repository.

This file sits at the root, not in tests/, because pytest applies a conftest's
collection hooks only below its own folder, and the notebooks live in book/
(``pytest --nbval ... book/``).
"""

import importlib.util

import pytest


def pytest_collectstart(collector):
    """Stop nbval comparing what a notebook printed to stderr.

    Warnings go to stderr with a temporary ``ipykernel_<pid>/...`` path that changes
    on every run. Chapters keep warnings out (tests/test_notebooks.py fails on a
    stored stderr output), so only the comparison is skipped here, as nbval's
    documentation shows.
    """
    if collector.path.suffix == ".ipynb" and hasattr(collector, "skip_compare"):
        collector.skip_compare = (*collector.skip_compare, "stderr")


#: Chapters that import a package only some environments have, and why.
NEEDS = {
    "15_pytorch.ipynb": (
        "torch",
        "chapter 15 needs PyTorch, installed only in the Python 3.11 "
        "environment (requirements.txt: the CPU build from the local mirror); "
        "on 3.12 and 3.13 pip would fetch the multi-gigabyte CUDA build",
    ),
}


def pytest_collection_modifyitems(config, items):
    """Skip, with the reason, the cells of a chapter whose package is missing."""
    for item in items:
        need = NEEDS.get(item.path.name)
        if need and importlib.util.find_spec(need[0]) is None:
            item.add_marker(pytest.mark.skip(reason=need[1]))
