"""Old import locations that still work for one release, with a warning.

A module whose names moved keeps a module-level ``__getattr__`` (PEP 562)
made by :func:`moved_names`: ``from scratchnn.plotting import plot_costs``
still returns the very function that ``scratchnn.figures`` holds, and warns
once, with a ``DeprecationWarning`` that names the new home. Nothing here
imports the package: each old module imports the new homes itself.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Mapping
from types import ModuleType
from typing import Any

#: The release that removes the old locations.
REMOVED_IN = "0.4.0"


def moved_names(
    old: str, homes: Mapping[str, ModuleType], public: ModuleType | None = None
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """A ``__getattr__`` and a ``__dir__`` for the old module ``old``.

    ``homes`` maps each moved name to the module that now holds it. The
    warning tells to import a name from ``public`` (a package such as
    :mod:`scratchnn.figures`) when its ``__all__`` lists it, otherwise from
    its home.
    """

    def getattr_(name: str) -> Any:
        if name not in homes:
            raise AttributeError(f"module {old!r} has no attribute {name!r}")
        home = homes[name]
        if public is not None and name in public.__all__:
            home = public
        warnings.warn(
            f"{old}.{name} has moved: write `from {home.__name__} import {name}`; "
            f"{old} is deprecated since 0.3.0 and goes in {REMOVED_IN}",
            DeprecationWarning,
            stacklevel=2,
        )
        return getattr(homes[name], name)

    def dir_() -> list[str]:
        return sorted(homes)

    return getattr_, dir_
