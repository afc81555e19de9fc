"""Deprecated since 0.3.0, removed in 0.4.0: import from :mod:`scratchnn.figures`.

The plotting helpers now live in :mod:`scratchnn.figures` (the curves in
:mod:`scratchnn.figures.curves`, the pictures in
:mod:`scratchnn.figures.diagrams`, the style in :mod:`scratchnn.figures.style`).
Each name used from here still works and warns once with a
``DeprecationWarning``.
"""

from . import figures
from ._moved import moved_names
from .figures import curves, diagrams, style

__getattr__, __dir__ = moved_names(
    __name__,
    {
        "FIGSIZE": style,
        "PALETTE": style,
        "draw_network": diagrams,
        "new_figure": style,
        "plot_activation": curves,
        "plot_confusion_matrix": diagrams,
        "plot_costs": curves,
        "plot_decision_boundary": curves,
        "plot_digits": diagrams,
    },
    figures,
)
