"""Test settings that depend on the installed numpy (shipped in the sdist)."""

from __future__ import annotations

import inspect
import warnings

import numpy as np
import pytest


def _savez_leaks_its_zipfile() -> bool:
    """True where np.savez leaves its ZipFile open when a write fails.

    numpy 1.24 to 2.0 at least write the archive without try/finally; after
    a failed write (the full disk of tests/test_saving.py) the ZipFile is
    closed only by the garbage collector, on a file that save_params already
    closed, and Python prints "Exception ignored in ZipFile.__del__". The save
    itself is unharmed (the old file stays); later numpy closes it in finally.
    """
    impl = getattr(np.lib, "_npyio_impl", None) or np.lib.npyio
    return "finally" not in inspect.getsource(impl._savez)


MESSAGE = "Exception ignored in. <function ZipFile.__del__"


def pytest_configure(config):
    if not _savez_leaks_its_zipfile():
        return
    # For each test (pytest reads filterwarnings again around every test) ...
    config.addinivalue_line(
        "filterwarnings", f"ignore:{MESSAGE}:pytest.PytestUnraisableExceptionWarning"
    )
    # ... and for the session, whose filters pytest set before this hook: what
    # the garbage collector finds after the last test is reported there.
    warnings.filterwarnings(
        "ignore", MESSAGE, category=pytest.PytestUnraisableExceptionWarning
    )
