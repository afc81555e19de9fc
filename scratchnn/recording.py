"""Record training as it runs: snapshots to play back, or a live figure.

Training calls ``callback(i, cost, params)`` after every iteration (see
:func:`scratchnn.model`). A :class:`Recorder` passed as that callback keeps a
copy of the parameters every few iterations, for the animations of
:mod:`scratchnn.animation`; :class:`LivePlot` redraws one figure in place in a
running notebook while ``model`` trains.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping, Sequence
from numbers import Integral
from typing import Any, NamedTuple

import numpy as np
from numpy.typing import NDArray

from ._checks import (
    call_checked,
    lookup,
    validate_finite,
    validate_matrix,
    validate_positive,
    validate_positive_int,
    validated_by,
)
from ._panels import BoundaryPanel, styled
from ._training import in_jupyter as _in_jupyter
from .activations import ACTIVATIONS
from .metrics import validate_class_labels
from .style import PALETTE

Arguments = dict[str, Any]

__all__ = ["LivePlot", "Recorder", "Snapshot", "spaced_iterations"]


class Snapshot(NamedTuple):
    """What a :class:`Recorder` keeps of one iteration."""

    i: int
    cost: float
    params: dict[str, NDArray]


def _validate_recorder(self, every, at, stop_when) -> Arguments:
    every = validate_positive_int(every, "every")
    if at is not None:
        if isinstance(at, str | bytes) or not hasattr(at, "__iter__"):
            raise TypeError(
                f"at must be a list of iterations such as [0, 10, 100]; got {at!r}"
            )
        at = list(at)
        bad = [k for k in at if isinstance(k, bool) or not isinstance(k, Integral)
               or k < 0]  # fmt: skip
        if bad or not at:
            raise ValueError(
                f"at must list iterations, integers >= 0 (the first is 0); got {at!r}"
            )
        at = frozenset(int(k) for k in at)
    if stop_when is not None and not callable(stop_when):
        raise TypeError(
            "stop_when must be a function stop_when(i, cost) returning True to "
            f"stop; got {type(stop_when).__name__}"
        )
    return {"every": every, "at": at}


class Recorder:
    """A ``callback`` for :func:`scratchnn.model` that keeps snapshots.

    Every call records the cost; every ``every``-th iteration (and each one
    listed in ``at``) it also keeps a :class:`Snapshot` with a copy of the
    parameters, since ``model`` changes the live ones in place.

    Parameters
    ----------
    every : int, default 1
        Keep iterations 0, every, 2 * every, ...
    at : sequence of int, optional
        Keep exactly these iterations instead, such as the ones
        :func:`spaced_iterations` chooses.
    stop_when : callable, optional
        ``stop_when(i, cost)`` returning True stops training after iteration
        i, which is then kept too (early stopping).

    Attributes
    ----------
    snapshots : list of Snapshot
        ``(i, cost, params)`` of each kept iteration, in order.
    costs : list of float
        The cost of every iteration, kept or not.
    stopped_at : int or None
        The iteration at which ``stop_when`` stopped training.

    Raises
    ------
    ValueError
        If ``every`` is not a positive integer or ``at`` holds anything but
        integers >= 0.
    TypeError
        If ``stop_when`` is not callable.

    Notes
    -----
    Used in the chapters "Putting it together: the model", "Take better
    steps" and "Regularise: L2 and dropout".
    """

    @validated_by(_validate_recorder)
    def __init__(
        self,
        every: int = 1,
        *,
        at: Sequence[int] | None = None,
        stop_when: Callable[[int, float], bool] | None = None,
    ) -> None:
        self.every, self.at, self.stop_when = every, at, stop_when
        self.snapshots: list[Snapshot] = []
        self.costs: list[float] = []
        self.stopped_at: int | None = None

    def __call__(self, i: int, cost: float, params: Mapping[str, NDArray]) -> bool:
        self.costs.append(float(cost))
        stop = self.stop_when is not None and call_checked(self.stop_when, i, cost)
        keep = i in self.at if self.at is not None else i % self.every == 0
        if keep or stop:
            copy = {k: np.array(v, copy=True) for k, v in params.items()}
            self.snapshots.append(Snapshot(i, float(cost), copy))
        if stop:
            self.stopped_at = i
        return bool(stop)

    def __len__(self) -> int:
        return len(self.snapshots)

    # --- end


def _validate_spaced_iterations(num_iterations, n) -> Arguments:
    return {
        "num_iterations": validate_positive_int(num_iterations, "num_iterations"),
        "n": validate_positive_int(n, "n", minimum=2),
    }


@validated_by(_validate_spaced_iterations)
def spaced_iterations(num_iterations: int, n: int) -> list[int]:
    """About ``n`` iterations from 0 to ``num_iterations - 1``, dense early.

    A network changes fastest in its first iterations, so frames spaced
    evenly on a logarithmic scale show more of what happens.

    Parameters
    ----------
    num_iterations : int
        The ``num_iterations`` given to ``model``.
    n : int
        How many iterations to choose, at least 2. Fewer come back when
        ``num_iterations`` is smaller than ``n``, and also when rounding makes
        early ones coincide: ``(2000, 30)`` gives 28, ``(100, 30)`` gives 24.

    Returns
    -------
    list of int
        Increasing, starting at 0 and ending at ``num_iterations - 1``.

    Raises
    ------
    ValueError
        If ``num_iterations`` is not a positive integer or ``n`` is not an
        integer >= 2.
    """
    spaced = np.geomspace(1, num_iterations, n) - 1
    return sorted({int(round(k)) for k in spaced} | {num_iterations - 1})


def validate_boundary_data(
    X: Any, Y: Any, x_name: str = "X", y_name: str = "Y"
) -> Arguments:
    """Check points and 0/1 labels for a boundary panel: return X as floats
    of shape (2, m) and Y as a vector of m class indices."""
    X = np.asarray(validate_matrix(X, x_name), dtype=np.float64)
    if X.shape[0] != 2 or X.shape[1] == 0:
        raise ValueError(
            f"{x_name} must have shape (2, m), one 2-D point per column; got {X.shape}"
        )
    validate_finite(X, x_name)
    y = validate_class_labels(Y, y_name)
    if y.size != X.shape[1]:
        raise ValueError(
            f"{x_name} has {X.shape[1]} examples (columns) but {y_name} has "
            f"{y.size}; they must match"
        )
    if y.max() > 1:
        raise ValueError(f"{y_name} must hold labels 0 and 1; found {y.max()}")
    return {x_name: X, y_name: y}


def _validate_live_plot(self, every, X, Y, hidden_activation, display, dpi):
    out = {"every": validate_positive_int(every, "every"),
           "dpi": validate_positive(dpi, "dpi")}  # fmt: skip
    lookup(ACTIVATIONS, hidden_activation, "hidden_activation")
    if (X is None) != (Y is None):
        raise ValueError("give both X and Y to draw the boundary, or neither")
    if X is not None:
        out.update(validate_boundary_data(X, Y))
    if display is not None and not callable(display):
        raise TypeError(
            "display must be a function like IPython's display(obj, "
            f"display_id=True); got {type(display).__name__}"
        )
    return out


class LivePlot:
    """A ``callback`` that redraws one figure in a running notebook.

    Every ``every`` iterations (and at iteration 0) it draws the cost so far
    and, when ``X`` and ``Y`` are given, the current decision boundary, and
    replaces the previous picture through IPython's display handle. Outside
    Jupyter it draws nothing and only keeps the costs.

    Parameters
    ----------
    every : int, default 50
        Iterations between two redraws.
    X : ndarray of shape (2, m), optional
    Y : ndarray of shape (1, m) or (m,), optional
        Data and 0/1 labels for the boundary panel; give both or neither.
    hidden_activation : str, default "sigmoid"
        The one given to ``model``.
    display : callable, optional
        ``display(obj, display_id=True)`` returning a handle with
        ``update(obj)``; IPython's ``display`` in Jupyter by default.
    dpi : float, default 72

    Attributes
    ----------
    costs : list of float
        Every cost seen.
    redraws : int
        How many pictures were drawn.

    Raises
    ------
    ValueError
        If ``every`` is not a positive integer, only one of X and Y is
        given, or they are not a (2, m) array and m labels 0 or 1.
    TypeError
        If ``display`` is not callable.

    Notes
    -----
    The "try it yourself" blocks of the chapters "Putting it together: the
    model", "Take better steps" and "Regularise: L2 and dropout" use it.
    """

    @validated_by(_validate_live_plot)
    def __init__(
        self,
        every: int = 50,
        X: NDArray | None = None,
        Y: NDArray | None = None,
        hidden_activation: str = "sigmoid",
        *,
        display: Callable[..., Any] | None = None,
        dpi: float = 72,
    ) -> None:
        self.every, self.X, self.Y = every, X, Y
        self.hidden_activation, self.dpi = hidden_activation, dpi
        if display is None and _in_jupyter():
            from IPython.display import display
        self.display = display
        self.costs: list[float] = []
        self.redraws = 0
        self._handle = None

    def __call__(self, i: int, cost: float, params: Mapping[str, NDArray]) -> None:
        self.costs.append(float(cost))
        if self.display is None or i % self.every:
            return
        from IPython.display import Image

        picture = Image(data=self._png(Snapshot(i, float(cost), dict(params))))
        if self._handle is None:
            self._handle = call_checked(self.display, picture, display_id=True)
        else:
            self._handle.update(picture)
        self.redraws += 1

    def _png(self, snapshot: Snapshot) -> bytes:
        from matplotlib.figure import Figure

        panels = 1 if self.X is None else 2
        figure = Figure(figsize=(4.2 * panels, 3.4), layout="constrained")
        if self.X is not None:
            plane = BoundaryPanel(
                styled(figure, 1, 2, 1), self.X, self.Y, 60, self.hidden_activation
            )
            plane.draw(snapshot)
        ax = styled(figure, 1, panels, panels)
        ax.plot(np.arange(len(self.costs)), self.costs, color=PALETTE[0])
        ax.set_xlabel("iteration")
        ax.set_ylabel("cost")
        ax.set_title(f"iteration {snapshot.i}: cost {snapshot.cost:.4f}",
                     fontsize="medium")  # fmt: skip
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", dpi=self.dpi)
        return buffer.getvalue()
