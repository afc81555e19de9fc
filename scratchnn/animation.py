"""Deprecated since 0.3.0, removed in 0.4.0: import from :mod:`scratchnn.figures`.

The animations now live in :mod:`scratchnn.figures.animation`, the recorder
and the live plot in :mod:`scratchnn.figures.recording`. Each name used from
here still works and warns once with a ``DeprecationWarning``.
"""

from . import figures
from ._moved import moved_names
from .figures import animation, recording

__getattr__, __dir__ = moved_names(
    __name__,
    {
        "LivePlot": recording,
        "Recorder": recording,
        "Snapshot": recording,
        "TrainingAnimation": animation,
        "animate_boundary": animation,
        "animate_hidden_units": animation,
        "animate_race": animation,
        "spaced_iterations": recording,
    },
    figures,
)
