"""Deprecated since 0.3.0, removed in 0.4.0: import from :mod:`scratchnn.figures`.

The network diagram, digit images and the confusion matrix now live in
:mod:`scratchnn.figures.diagrams`. Each name used from here still works and
warns once with a ``DeprecationWarning``.
"""

from . import figures
from ._moved import moved_names
from .figures import diagrams

__getattr__, __dir__ = moved_names(
    __name__,
    {
        "draw_network": diagrams,
        "plot_confusion_matrix": diagrams,
        "plot_digits": diagrams,
    },
    figures,
)
