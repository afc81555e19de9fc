"""What your function may not change for the checker: the state it runs in.

:func:`_guarded` wraps every call of your function (and every case): it
puts back numpy's error state and print options, the warning filters,
Python's and numpy's global random states, and every attribute of numpy,
scratchnn and the checkers that your function replaced or added
(``np.allclose = lambda *a: True`` switches nothing off). While your
function runs, ``np.seterr`` and the ``warnings`` filter functions do
nothing but record that they were called, so that a function that silences
numpy's overflow warnings is still seen overflowing.
"""

from __future__ import annotations

import contextlib
import random
import sys
import types
import warnings
from collections.abc import Iterator
from typing import Any

import numpy as np

#: The modules whose attributes are put back: numpy's, warnings and scratchnn's.
_NUMPY = ("numpy", "numpy.random", "numpy.linalg", "numpy.testing")


def _modules() -> list[types.ModuleType]:
    names = [*_NUMPY, "warnings", "math", "random"]
    names += [name for name in sys.modules if name.split(".")[0] == "scratchnn"]
    found = [sys.modules.get(name) for name in names]
    return [module for module in found if isinstance(module, types.ModuleType)]


class _Attempts(list):
    """The state-changing calls your function made, e.g. "np.seterr(all='ignore')"."""

    def said(self) -> str:
        """A sentence for a message, or ""."""
        if not self:
            return ""
        calls = ", ".join(dict.fromkeys(self))
        return f"your function called {calls}, which the checker ignored"


def _recorder(attempts: _Attempts, name: str, result: Any = None) -> Any:
    def record(*args: Any, **kwargs: Any) -> Any:
        shown = [repr(a) for a in args] + [f"{k}={v!r}" for k, v in kwargs.items()]
        attempts.append(f"{name}({', '.join(shown)})")
        return result() if callable(result) else result

    return record


@contextlib.contextmanager
def _guarded(lock: bool = True) -> Iterator[_Attempts]:
    """Run a block, then put back every state it changed.

    With ``lock``, np.seterr and the warnings filter functions record their
    calls (in the yielded list) instead of acting, inside the block.
    """
    modules = _modules()
    saved = [(module, dict(vars(module))) for module in modules]
    errors, options = np.geterr(), np.get_printoptions()
    filters = list(warnings.filters)
    python_random, numpy_random = random.getstate(), np.random.get_state()  # noqa: NPY002
    attempts = _Attempts()
    if lock:
        geterr = np.geterr
        np.seterr = _recorder(attempts, "np.seterr", geterr)
        warnings.simplefilter = _recorder(attempts, "warnings.simplefilter")
        warnings.filterwarnings = _recorder(attempts, "warnings.filterwarnings")
        warnings.resetwarnings = _recorder(attempts, "warnings.resetwarnings")
    try:
        yield attempts
    finally:
        for module, attributes in saved:
            _restore(module, attributes)
        np.seterr(**errors)
        np.set_printoptions(**options)
        warnings.filters[:] = filters  # type: ignore[index]
        warnings._filters_mutated()  # type: ignore[attr-defined]
        random.setstate(python_random)
        np.random.set_state(numpy_random)  # noqa: NPY002


def _restore(module: types.ModuleType, attributes: dict[str, Any]) -> None:
    """Put ``module``'s attributes back as they were."""
    now = vars(module)
    for name in [name for name in now if name not in attributes]:
        if isinstance(now[name], types.ModuleType):
            continue  # a submodule imported meanwhile: the import system's
        with contextlib.suppress(AttributeError, TypeError):
            delattr(module, name)
    for name, value in attributes.items():
        if now.get(name, _MISSING) is not value:
            with contextlib.suppress(AttributeError, TypeError):
                setattr(module, name, value)


_MISSING = object()


def _is_numpys(warning: warnings.WarningMessage) -> bool:
    """Whether a warning is numpy's (an overflow...), not your own."""
    text = str(warning.message)
    return issubclass(warning.category, RuntimeWarning) and (
        "encountered in" in text or "numpy" in str(warning.filename)
    )
