"""Deprecated since 0.3.0, removed in 0.4.0: import from :mod:`scratchnn.figures`.

The house style now lives in :mod:`scratchnn.figures.style`. Each name used
from here still works and warns once with a ``DeprecationWarning``.
"""

from . import figures
from ._moved import moved_names
from .figures import style

__getattr__, __dir__ = moved_names(
    __name__,
    {
        "FIGSIZE": style,
        "PALETTE": style,
        "new_figure": style,
        "validate_axes": style,
    },
    figures,
)
