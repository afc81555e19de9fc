"""Record training as it runs: snapshots to play back, or a live figure.

Training calls ``callback(i, cost, params)`` after every iteration (see
:func:`scratchnn.model`). A :class:`Recorder` passed as that callback keeps a
copy of the parameters every few iterations, for the animations of
:mod:`scratchnn.figures.animation`; :class:`LivePlot` redraws one figure in place in a
running notebook while ``model`` trains.
"""

from __future__ import annotations

import io
import itertools
from collections.abc import Callable, Mapping, Sequence
from numbers import Integral
from typing import Any, NamedTuple

import numpy as np
from numpy.typing import NDArray

from .._checks import (
    Arguments,
    call_checked,
    limits,
    lookup,
    validate_callable,
    validate_canvas,
    validate_count,
    validate_dpi,
    validate_finite,
    validate_matrix,
    validate_positive_int,
    validated_by,
)
from .._training import in_jupyter
from ..activations import ACTIVATIONS
from ..metrics import validate_class_labels
from ..network import Network, recorded_activations, resolve_activations
from .panels import BoundaryPanel, styled
from .style import PALETTE, readable_text

__all__ = ["LivePlot", "Recorder", "Snapshot", "spaced_iterations"]


class Snapshot(NamedTuple):
    """What a :class:`Recorder` keeps of iteration ``i``: its cost and the
    parameters it started from, the ones that cost was measured on (for
    ``i = 0``, the initial parameters). With mini-batches an iteration is an
    epoch, whose cost is the mean over its examples: each batch's cost,
    weighted by its size and measured before its update.
    When the recorder knows the network's activations, ``params`` is a
    :class:`scratchnn.Network` that records them, so that
    ``predict(X, snapshot.params)`` computes as the network does."""

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
        # At most one more than the cap: at may be endless (itertools.count()).
        most = limits().snapshots
        at = list(itertools.islice(at, most + 1))
        if len(at) > most:
            raise ValueError(
                f"at lists more than {most} iterations, scratchnn's limit of at "
                "most snapshots; choose fewer, such as spaced_iterations("
                "num_iterations, 30), or raise the limit: "
                "scratchnn.set_limits(snapshots=...)"
            )
        bad = [k for k in at if isinstance(k, bool) or not isinstance(k, Integral)
               or k < 0]  # fmt: skip
        if bad or not at:
            raise ValueError(
                f"at must list iterations, integers >= 0 (the first is 0); got {at!r}"
            )
        at = frozenset(int(k) for k in at)
    if stop_when is not None:
        validate_callable(stop_when, "stop_when", "stop_when(i, cost)", 2)
    return {"every": every, "at": at}


class Recorder:
    """A ``callback`` for :func:`scratchnn.model` that keeps snapshots.

    Every call records the cost; of every ``every``-th iteration (or each one
    listed in ``at``) it also keeps a :class:`Snapshot` with a copy of the
    parameters that iteration started from, the ones its cost was measured
    on: iteration 0 shows the initial parameters, before any update.
    ``model`` hands them over before training (``on_train_begin``) and
    after each iteration, and changes the live ones in place, hence the
    copies. Before training it shows them as a :class:`scratchnn.Network`,
    whose activations the recorder keeps (``activations``), so that the
    animations draw the network as it computes. Called by a training loop
    of your own without ``on_train_begin``, or one that makes new arrays
    at each step instead of updating them in place, it keeps the parameters
    each call gives (and the activations of a Network it is shown).

    Parameters
    ----------
    every : int, default 1
        Keep iterations 0, every, 2 * every, ...
    at : sequence of int, optional
        Keep exactly these iterations instead, such as the ones
        :func:`spaced_iterations` chooses.
    stop_when : callable, optional
        ``stop_when(i, cost)`` returning True stops training after iteration
        i, which is then kept too (early stopping). The parameters of every
        iteration are then copied, one at a time, as any may be the last.

    Attributes
    ----------
    snapshots : list of Snapshot
        ``(i, cost, params)`` of each kept iteration, in order.
    costs : list of float
        The cost of every iteration, kept or not.
    stopped_at : int or None
        The iteration at which ``stop_when`` stopped training.
    activations : (str or None, str or None)
        The hidden and output activations of the network it recorded, as
        ``model`` showed them at ``on_train_begin``; the animations draw
        with them. ``(None, None)`` for a plain dict or a loop of one's own
        (the animations then draw with "sigmoid" unless told otherwise).

    Raises
    ------
    ValueError
        If ``every`` is not a positive integer, ``at`` holds anything but
        integers >= 0 or more iterations than the ``snapshots`` limit (10,000
        by default, see :func:`scratchnn.set_limits`); during training, before
        a snapshot that would go beyond the ``snapshots`` limit or the
        ``snapshot_bytes`` limit (1 GiB of parameters in all).
    TypeError
        If ``stop_when`` cannot be called as ``stop_when(i, cost)``.

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
        self.activations: tuple[str | None, str | None] = (None, None)
        self._bytes = 0
        # A copy of the parameters iteration i starts from: (i, params).
        self._start: tuple[int, dict[str, NDArray]] | None = None
        self._begun = False
        self._shown: dict[str, NDArray] = {}

    def on_train_begin(self, params: Mapping[str, NDArray]) -> None:
        """Hold the initial parameters, which iteration 0 starts from, and
        the activations the network records: ``model`` calls it before the
        first iteration."""
        self._begun = True
        self._shown = dict(params)  # the arrays model will update in place
        self.activations = recorded_activations(params)
        self._hold(0, params)

    def __call__(self, i: int, cost: float, params: Mapping[str, NDArray]) -> bool:
        self.costs.append(float(cost))
        stop = self.stop_when is not None and call_checked(self.stop_when, i, cost)
        # model updates the arrays it showed at on_train_begin in place; a
        # loop of one's own may make new ones: then keep what each call gives.
        in_place = self._begun and all(
            params.get(key) is P for key, P in self._shown.items()
        )
        if not in_place:
            if recorded_activations(params) != (None, None):  # a Network
                self.activations = recorded_activations(params)
            self._hold(i, params)
        if (self._keeps(i) or stop) and self._start and self._start[0] == i:
            self._make_room(i, sum(P.nbytes for P in self._start[1].values()))
            self.snapshots.append(Snapshot(i, float(cost), self._start[1]))
        self._start = None
        if stop:
            self.stopped_at = i
        elif in_place:  # params now hold what iteration i + 1 starts from
            self._hold(i + 1, params)
        return bool(stop)

    def _keeps(self, i: int) -> bool:
        return i in self.at if self.at is not None else i % self.every == 0

    def _hold(self, i: int, params: Mapping[str, NDArray]) -> None:
        """Copy the parameters iteration i starts from, if it may be kept."""
        if self._keeps(i) or self.stop_when is not None:
            copy = {k: np.array(v, copy=True) for k, v in params.items()}
            hidden, output = self.activations
            if hidden is not None and output is not None:  # predict reads them
                copy = Network(copy, hidden, output)
            self._start = (i, copy)

    def _make_room(self, i: int, size: int) -> None:
        """Raise, before keeping it, if one more snapshot of ``size`` bytes
        goes beyond the ``snapshots`` or ``snapshot_bytes`` limit."""
        caps = limits()
        count, total = len(self.snapshots) + 1, self._bytes + size
        if count > caps.snapshots or total > caps.snapshot_bytes:
            raise ValueError(
                f"Recorder: keeping iteration {i} would make {count} snapshots "
                f"of {size / 2**20:.3g} MiB, {total / 2**20:.4g} MiB in all, "
                f"beyond scratchnn's limit of {caps.snapshots} snapshots and "
                f"{caps.snapshot_bytes / 2**20:.4g} MiB (snapshot_bytes); keep "
                "fewer with Recorder(every=...) or Recorder(at=spaced_iterations("
                "num_iterations, 30)), or raise the limit: "
                "scratchnn.set_limits(snapshot_bytes=...)"
            )
        self._bytes = total

    def __len__(self) -> int:
        return len(self.snapshots)

    # --- end


def _validate_spaced_iterations(num_iterations, n) -> Arguments:
    num_iterations = validate_positive_int(num_iterations, "num_iterations")
    if num_iterations > 2**53:  # beyond it, floats skip integers
        raise ValueError(
            f"num_iterations has {len(str(num_iterations))} digits, above 2**53, "
            "the largest count spaced_iterations can space exactly"
        )
    return {"num_iterations": num_iterations,
            "n": validate_count(n, "n", "snapshots", minimum=2)}  # fmt: skip


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
        If ``num_iterations`` is not a positive integer up to 2**53 or ``n``
        is not an integer from 2 to the ``snapshots`` limit (10,000 by
        default, see :func:`scratchnn.set_limits`).
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
    out = {"every": validate_positive_int(every, "every"), "dpi": validate_dpi(dpi)}
    validate_canvas((8.4, 3.4), out["dpi"])  # the widest picture it draws
    if hidden_activation is not None:  # None: the network's, when training begins
        lookup(ACTIVATIONS, hidden_activation, "hidden_activation")
    if (X is None) != (Y is None):
        raise ValueError("give both X and Y to draw the boundary, or neither")
    if X is not None:
        out.update(validate_boundary_data(X, Y))
    if display is not None:
        validate_callable(display, "display", "display(picture, display_id=True)", 1)
    return out


class LivePlot:
    """A ``callback`` that redraws one figure in a running notebook.

    Every ``every`` iterations (at iteration 0, and at the last one when
    training ends) it draws the cost so far and, when ``X`` and ``Y`` are
    given, the current decision boundary, and replaces the previous picture
    through the display handle. Outside Jupyter, without ``display``, it
    says so once and only keeps the costs. A picture has ``_repr_png_`` and
    its PNG bytes in ``.data``: no IPython is needed with ``display=``.

    Parameters
    ----------
    every : int, default 50
        Iterations between two redraws.
    X : ndarray of shape (2, m), optional
    Y : ndarray of shape (1, m) or (m,), optional
        Data and 0/1 labels for the boundary panel; give both or neither.
    hidden_activation : str, optional
        The activation of the hidden layers, for the boundary. Leave it out:
        when training begins ``model`` shows the network with its
        activations, and a name given here that differs from the network's
        is an error. Without one either way (a loop of one's own, a plain
        dict), "sigmoid".
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
    activations : (str, str)
        The hidden and output activations it draws with: the one given
        (else "sigmoid") until training begins, then the network's.

    Raises
    ------
    ValueError
        If ``every`` is not a positive integer, ``hidden_activation`` is not
        a known activation, only one of X and Y is given, they are not a
        (2, m) array and m labels 0 or 1, or ``dpi`` is above the ``dpi``
        limit (1,000) or makes a picture beyond ``memory``; when training
        begins (``on_train_begin``), if ``hidden_activation`` is not the
        one the network records.
    TypeError
        If ``hidden_activation`` is not a string, or ``display`` cannot be
        called as ``display(picture, display_id=True)``.

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
        hidden_activation: str | None = None,
        *,
        display: Callable[..., Any] | None = None,
        dpi: float = 72,
    ) -> None:
        self.every, self.X, self.Y = every, X, Y
        self.hidden_activation, self.dpi = hidden_activation, dpi
        self.activations = resolve_activations(
            (None, None), hidden_activation, None, who="LivePlot"
        )
        if display is None and in_jupyter():
            from IPython.display import display as ipython_display

            display = ipython_display
        self.display = display
        self.costs: list[float] = []
        self.redraws = 0
        self._handle = None
        self._last: Snapshot | None = None  # the latest iteration not drawn

    def on_train_begin(self, params: Mapping[str, NDArray]) -> None:
        """Take the activations the network records (``model`` shows a
        :class:`scratchnn.Network`), or refuse a contradicting one before
        training starts: ``model`` calls it before the first iteration."""
        self.activations = resolve_activations(
            params, self.hidden_activation, None, who="LivePlot"
        )

    def __call__(self, i: int, cost: float, params: Mapping[str, NDArray]) -> None:
        self.costs.append(float(cost))
        if recorded_activations(params) != (None, None):  # a loop of one's own
            self.on_train_begin(params)  # that shows Networks, as model does
        if self.display is None:
            if len(self.costs) == 1:  # once, not at every iteration
                print(
                    "LivePlot: no display to draw on (this is not a running "
                    "Jupyter notebook), so it only keeps the costs; pass "
                    "display= to draw elsewhere"
                )
            return
        snapshot = Snapshot(i, float(cost), dict(params))
        if i % self.every:
            # No copy: if training ends here, these arrays hold iteration i.
            self._last = snapshot
            return
        self._draw(snapshot)

    def on_train_end(self) -> None:
        """Draw the last iteration, if it was not drawn: ``model`` calls it
        when training ends, whether it ran to the end or was stopped."""
        if self._last is not None and self.display is not None:
            self._draw(self._last)

    def _draw(self, snapshot: Snapshot) -> None:
        self._last = None
        picture = _Picture(self._png(snapshot))
        assert self.display is not None  # the callers draw only with a display
        if self._handle is None:
            self._handle = call_checked(self.display, picture, display_id=True)
        else:
            self._handle.update(picture)
        self.redraws += 1

    def _png(self, snapshot: Snapshot) -> bytes:
        from matplotlib.figure import Figure

        panels = 1 if self.X is None else 2
        figure = Figure(figsize=(4.2 * panels, 3.4), layout="constrained")
        with readable_text(4.2 * panels):  # text a phone can read
            if self.X is not None:
                ax = styled(figure, 1, 2, 1)
                plane = BoundaryPanel(ax, self.X, self.Y, 60, self.activations[0])
                plane.draw(snapshot)
            ax = styled(figure, 1, panels, panels)
            ax.plot(np.arange(len(self.costs)), self.costs, color=PALETTE[0])
            ax.set_xlabel("iteration")
            ax.set_ylabel("cost")
            ax.set_title(f"iteration {snapshot.i}: cost {snapshot.cost:.4f}")
            figure.draw_without_rendering()
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", dpi=self.dpi)
        return buffer.getvalue()


class _Picture:
    """A PNG that IPython's display shows (``_repr_png_``), with no need of
    IPython to make it: a ``display=`` function receives it outside Jupyter
    too, and finds the bytes in ``.data``."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def _repr_png_(self) -> bytes:
        return self.data
