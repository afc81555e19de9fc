"""Pytest hooks for the whole repository.

This file sits at the root, not in tests/, because pytest applies a conftest's
collection hooks only below its own folder, and the notebooks live in book/
(``pytest --nbval ... book/``).
"""


def pytest_collectstart(collector):
    """Stop nbval comparing what a notebook printed to stderr.

    Warnings go to stderr with a temporary ``ipykernel_<pid>/...`` path that changes
    on every run. Chapters keep warnings out (tests/test_notebooks.py fails on a
    stored stderr output), so only the comparison is skipped here, as nbval's
    documentation shows.
    """
    if collector.path.suffix == ".ipynb" and hasattr(collector, "skip_compare"):
        collector.skip_compare = (*collector.skip_compare, "stderr")
