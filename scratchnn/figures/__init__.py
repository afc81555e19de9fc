"""The book's figures: one house style, curves, diagrams, and training watched.

- :mod:`scratchnn.figures.style`: the house style (``new_figure``,
  ``PALETTE``, ``FIGSIZE``);
- :mod:`scratchnn.figures.curves`: cost curves, activations and decision
  boundaries;
- :mod:`scratchnn.figures.diagrams`: the network diagram, digit images and
  the confusion matrix;
- :mod:`scratchnn.figures.recording`: training recorded as it runs
  (``Recorder``) or drawn live (``LivePlot``);
- :mod:`scratchnn.figures.animation`: recorded training played back;
- ``scratchnn.figures.panels``: the panels those two draw.

Import every public name from here (``from scratchnn.figures import
plot_costs, Recorder``); the curves, the diagrams and the style are also
importable from :mod:`scratchnn` itself. Importing this subpackage imports
matplotlib, which :mod:`scratchnn` alone does not.
"""

from .animation import (
    TrainingAnimation,
    animate_boundary,
    animate_hidden_units,
    animate_race,
)
from .curves import plot_activation, plot_costs, plot_decision_boundary
from .diagrams import draw_network, plot_confusion_matrix, plot_digits
from .recording import LivePlot, Recorder, Snapshot, spaced_iterations
from .style import FIGSIZE, PALETTE, new_figure

__all__ = [
    "FIGSIZE",
    "LivePlot",
    "PALETTE",
    "Recorder",
    "Snapshot",
    "TrainingAnimation",
    "animate_boundary",
    "animate_hidden_units",
    "animate_race",
    "draw_network",
    "new_figure",
    "plot_activation",
    "plot_confusion_matrix",
    "plot_costs",
    "plot_decision_boundary",
    "plot_digits",
    "spaced_iterations",
]
