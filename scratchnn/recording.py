"""Deprecated since 0.3.0, removed in 0.4.0: import from :mod:`scratchnn.figures`.

The recorder and the live plot now live in
:mod:`scratchnn.figures.recording`. Each name used from here still works and
warns once with a ``DeprecationWarning``.
"""

from . import figures
from ._moved import moved_names
from .figures import recording

__getattr__, __dir__ = moved_names(
    __name__,
    {
        "LivePlot": recording,
        "Recorder": recording,
        "Snapshot": recording,
        "spaced_iterations": recording,
        "validate_boundary_data": recording,
    },
    figures,
)
