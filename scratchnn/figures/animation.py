"""Watch a network learn: recorded training played back as an animation.

A :class:`~scratchnn.figures.recording.Recorder` passed to
:func:`scratchnn.model` as ``callback`` keeps snapshots of the parameters;
the ``animate_*`` helpers turn them into an animation that plays in the
notebook and on the book's static pages (matplotlib's JavaScript player:
play, pause and step buttons and a slider, JPEG frames, no video codec,
nothing loaded from the network). Every animation also draws any of its
frames as an ordinary figure, ``.last_frame()``, for print and for readers
who cannot play it.

Only binary classifiers on two features (``layer_dims = [2, ..., 1]``, one
sigmoid output) are drawn: the plane of the inputs is what the pictures show.
Each network is drawn with the hidden activation its recorder kept from
``model`` (``Recorder.activations``), so none needs to be repeated here.
A recording of more snapshots than the ``frames`` limit (120 by default, see
:func:`scratchnn.set_limits`) is animated from that many, evenly spread, the
first and the last included, so that a long training still plays in seconds;
``dpi``, ``figsize``, ``resolution`` and ``ncols`` are capped by their limits
too. The recorder, :func:`~scratchnn.figures.recording.spaced_iterations`
and the live figure :class:`~scratchnn.figures.recording.LivePlot` live in
:mod:`scratchnn.figures.recording`; import any of them from
:mod:`scratchnn.figures`.
"""

from __future__ import annotations

import base64
import io
import re
from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractContextManager
from html import escape as html_escape
from numbers import Integral
from typing import Any

import numpy as np
from matplotlib.figure import Figure
from numpy.typing import NDArray
from PIL import Image

from .._checks import (
    Arguments,
    limits,
    lookup,
    validate_bool,
    validate_canvas,
    validate_count,
    validate_dpi,
    validate_figsize,
    validate_finite_params,
    validate_params,
    validate_positive,
    validated_by,
)
from ..activations import ACTIVATIONS
from ..cost import cost_function
from ..model import predict_proba
from ..network import resolve_activations
from .panels import BoundaryPanel, CostPanel, curve, grid_of, styled
from .recording import Recorder, Snapshot, validate_boundary_data
from .style import readable_text, readable_text_size

__all__ = [
    "TrainingAnimation",
    "animate_boundary",
    "animate_hidden_units",
    "animate_race",
]

_CDN_STYLESHEET = re.compile(r'<link rel="stylesheet"\s+href="https?://[^"]*">\s*')
# The script's first frame: base64 text whose line breaks are escaped.
_FIRST_FRAME = re.compile(r'frames\[0\] = "(data:image/\w+;base64,)((?:[^"\\]|\\\n)*)"')


def _validate_frame(self, k) -> Arguments:
    n = len(self)
    if isinstance(k, bool) or not isinstance(k, Integral) or not -n <= int(k) < n:
        raise ValueError(
            f"k must be a frame number from 0 to {n - 1} (or -{n} to -1 from the "
            f"end); got {k!r}"
        )
    return {"k": int(k)}


class TrainingAnimation:
    """A recorded training run, played as a matplotlib animation.

    In Jupyter it displays itself as matplotlib's JavaScript player
    (``_repr_html_`` returns ``to_jshtml()``); no still image is shown with
    it. Made by :func:`animate_boundary`, :func:`animate_hidden_units` and
    :func:`animate_race`.

    Attributes
    ----------
    iterations : list of int
        The training iteration each frame shows.
    alt : str
        A one-sentence text alternative of the whole animation.
    figsize : (float, float)
    dpi : float
    fps : float
        Frames per second when it plays.
    """

    def __init__(
        self,
        draw: Callable[[Figure], Callable[[int], None]],
        iterations: Sequence[int],
        alt: str,
        figsize: tuple[float, float],
        dpi: float,
        fps: float,
    ) -> None:
        self._draw = draw
        self.iterations = list(iterations)
        self.alt = alt
        self.figsize, self.dpi, self.fps = figsize, dpi, fps
        self._animation = None
        self._html: str | None = None

    def __len__(self) -> int:
        return len(self.iterations)

    def _text(self) -> AbstractContextManager:
        """Text sizes a phone can read once it scales a frame to its column."""
        return readable_text(self.figsize[0])

    def _figure(self, figure: Figure) -> Callable[[int], None]:
        """Draw the last frame on ``figure``, inside ``self._text()``."""
        update = self._draw(figure)
        update(len(self) - 1)
        # Lay the figure out once, then freeze it, so frames do not jitter.
        figure.draw_without_rendering()
        figure.set_layout_engine(None)  # "none" would still lay out at savefig
        # Ticks made later (a still drawn by the notebook) keep the size.
        size = readable_text_size(self.figsize[0])
        for ax in figure.axes:
            ax.tick_params(labelsize=size)
        return update

    @property
    def animation(self):
        """matplotlib's ``FuncAnimation`` of it, made on first use.

        Its figure is not one of pyplot's, so nothing else displays it; use
        it to save the animation (``.animation.save("run.gif")``).
        """
        if self._animation is None:
            from matplotlib.animation import FuncAnimation

            figure = Figure(figsize=self.figsize, dpi=self.dpi, layout="constrained")
            with self._text():
                update = self._figure(figure)
                self._animation = FuncAnimation(
                    figure,
                    update,
                    frames=len(self),
                    interval=1000 / self.fps,
                    repeat=False,
                )
        return self._animation

    def to_jshtml(self) -> str:
        """The self-contained HTML of the player, JPEG frames included (cached)."""
        if self._html is None:
            import matplotlib

            # JPEG frames: a third of the size of PNG ones for these smooth
            # pictures, which keeps a page with an animation light.
            jpeg = matplotlib.rc_context({"animation.frame_format": "jpeg"})
            with jpeg, self._text():
                html = self.animation.to_jshtml(default_mode="once")
            # The player links Font Awesome from a CDN for its button icons; a
            # page of the book loads nothing from the network (the book's
            # theme brings its own icons, and each button has a title).
            html = _CDN_STYLESHEET.sub("", html)
            self._html = html.replace("<img ", _image_tag(html, self.alt), 1)
        return self._html

    def _repr_html_(self) -> str:
        return self.to_jshtml()

    @validated_by(_validate_frame)
    def frame(self, k: int = -1) -> Figure:
        """Draw frame ``k`` as an ordinary pyplot figure (a still).

        Parameters
        ----------
        k : int, default -1
            The frame, counted from 0; negative counts from the end.

        Returns
        -------
        matplotlib.figure.Figure
            Open in pyplot, so a notebook shows it at the end of the cell.

        Raises
        ------
        ValueError
            If ``k`` is not a frame of the animation.
        """
        import matplotlib.pyplot as plt

        with self._text():
            figure = plt.figure(figsize=self.figsize, layout="constrained")
            self._figure(figure)(k % len(self))
        return figure

    def last_frame(self) -> Figure:
        """Draw the last frame as an ordinary figure: the trained network."""
        return self.frame(-1)


def _image_tag(html: str, alt: str) -> str:
    """The start of the player's ``<img>``: what it shows in words, frame 0 as
    its source, and its size.

    matplotlib's player gives the image no source until its script runs, so
    an untrusted notebook showed a broken image and JupyterLab (whose
    notebook windowing defers the script) an empty player, whose first click
    then moved the buttons down. With frame 0 and its pixel size, the player
    shows the start before any click, keeps its size while it plays, and is
    scaled down (never up) to a narrow column. The alt text is for a reader
    who cannot see the picture (and for the book's check that every image
    has one).
    """
    match = _FIRST_FRAME.search(html)
    assert match is not None, "matplotlib's jshtml player holds no frames[0]"
    head, data = match.group(1), match.group(2).replace("\\\n", "")
    width, height = Image.open(io.BytesIO(base64.b64decode(data))).size
    return (
        f'<img alt="{html_escape(alt, quote=True)}" src="{head}{data}" '
        f'width="{width}" height="{height}" style="max-width: 100%; height: auto" '
    )


def _recorder(recorder: Any, name: str = "recorder") -> None:
    if not isinstance(recorder, Recorder):
        raise TypeError(
            f"{name} must be a scratchnn.figures.Recorder passed to model as "
            f"callback=; got {type(recorder).__name__}"
        )
    if not recorder.snapshots:
        raise ValueError(
            f"{name} holds no snapshot: pass it to model as callback= and train "
            "first (it keeps iterations 0, every, 2 * every, ...)"
        )
    for snapshot in recorder.snapshots:  # a NaN would draw a blank frame
        validate_finite_params(
            snapshot.params, f"{name}'s snapshot of iteration {snapshot.i}:"
        )
    params = recorder.snapshots[-1].params
    L = validate_params(params)
    n_x, n_out = params["W1"].shape[1], params[f"W{L}"].shape[0]
    if n_x != 2 or n_out != 1:
        raise ValueError(
            "the animations draw binary classifiers of two features, "
            f"layer_dims [2, ..., 1]; {name} holds a network with {n_x} inputs "
            f"and {n_out} outputs"
        )
    output = recorder.activations[1]
    if output not in (None, "sigmoid"):
        raise ValueError(
            "the animations draw binary classifiers with a sigmoid output; "
            f"{name} recorded a network with output_activation={output!r}"
        )


def _hidden(recorder: Recorder, hidden_activation: str | None, who: str,
            whose: str = "the recorder's network") -> str:  # fmt: skip
    """The hidden activation to draw ``recorder``'s network with: the one
    given, else the one it recorded, else sigmoid; a contradiction raises."""
    hidden, _ = resolve_activations(
        recorder.activations, hidden_activation, None, who=who, whose=whose
    )
    return hidden


def _drawing(hidden_activation, resolution, dpi, fps, figsize=None) -> Arguments:
    if hidden_activation is not None:  # None: each recorder's own
        lookup(ACTIVATIONS, hidden_activation, "hidden_activation")
    out: Arguments = {
        "resolution": validate_count(resolution, "resolution", "resolution", 2),
        "dpi": validate_dpi(dpi),
        "fps": validate_positive(fps, "fps"),
    }
    if figsize is not None:
        out["figsize"] = validate_figsize(figsize)
        validate_canvas(out["figsize"], out["dpi"])
    return out


def _sampled(snapshots: Sequence[Snapshot]) -> list[Snapshot]:
    """At most the ``frames`` limit of snapshots (120 by default), evenly
    spread, the first and the last included: a long training still animates
    in seconds."""
    n, most = len(snapshots), limits().frames
    if n <= most:
        return list(snapshots)
    picks = np.linspace(0, n - 1, most).round().astype(int)
    return [snapshots[k] for k in sorted(set(picks.tolist()))]


def _log_scale(log: Any, recorders: Mapping[str, Recorder]) -> None:
    """Raise if ``log`` is set and a cost is 0 or less: no log axis shows it."""
    validate_bool(log, "log")
    for name, recorder in recorders.items():
        if log and min(recorder.costs, default=1.0) <= 0:
            raise ValueError(
                f"log=True draws the cost on a log axis, but {name}'s costs "
                f"reach {min(recorder.costs):g}; leave log=False"
            )


def _validate_animate_boundary(
    recorder, X, Y, hidden_activation, log, resolution, figsize, dpi, fps
) -> Arguments:
    _recorder(recorder)
    _log_scale(log, {"recorder": recorder})
    out = {**validate_boundary_data(X, Y),
           **_drawing(hidden_activation, resolution, dpi, fps, figsize)}  # fmt: skip
    _hidden(recorder, hidden_activation, "animate_boundary")
    return out


@validated_by(_validate_animate_boundary)
def animate_boundary(
    recorder: Recorder,
    X: NDArray,
    Y: NDArray,
    hidden_activation: str | None = None,
    *,
    log: bool = False,
    resolution: int = 80,
    figsize: tuple[float, float] = (8.0, 3.4),
    dpi: float = 60,
    fps: float = 6,
) -> TrainingAnimation:
    """The decision boundary taking shape, beside the falling cost.

    Left, the plane coloured by the probability of class 1 (blue 0, white
    0.5, orange 1) with the boundary, where it is 0.5, as a black line and
    the data on top; right, the cost curve up to the frame's iteration.

    Parameters
    ----------
    recorder : Recorder
        Passed as ``callback`` to :func:`scratchnn.model`, with at least one
        snapshot of a network ``[2, ..., 1]``.
    X : ndarray of shape (2, m)
        The points to draw, usually the training set.
    Y : ndarray of shape (1, m) or (m,)
        Their labels, 0 or 1.
    hidden_activation : str, optional
        The activation of the hidden layers. Leave it out: the recorder keeps
        the one the network was trained with (``recorder.activations``), and
        a name given here that differs from it is an error. Without one
        either way (a loop of one's own), "sigmoid".
    log : bool, default False
        A logarithmic cost axis.
    resolution : int, default 80
        Grid points along each axis of the plane.
    figsize : (float, float), default (8.0, 3.4)
    dpi : float, default 60
        Pixels per inch of each frame: the page carries every frame, so
        keep it small.
    fps : float, default 6
        Frames per second.

    Returns
    -------
    TrainingAnimation
        One frame per snapshot.

    Raises
    ------
    ValueError
        If the recorder holds no snapshot or a network that is not
        ``[2, ..., 1]`` with a sigmoid output, ``hidden_activation`` is
        unknown or not the one the recorder's network records, X is not of
        shape (2, m) with finite values, Y does not hold one 0/1 label per
        column of X, or a setting is out of range.
    TypeError
        If ``recorder`` is not a :class:`~scratchnn.figures.recording.Recorder`
        or ``hidden_activation`` is not a string.

    Notes
    -----
    Used in the chapter "Putting it together: the model".
    """
    snapshots = _sampled(recorder.snapshots)
    iterations, costs = curve(recorder)
    hidden = _hidden(recorder, hidden_activation, "animate_boundary")

    def draw(figure: Figure) -> Callable[[int], None]:
        grid = figure.add_gridspec(1, 2, width_ratios=[1, 1.15])
        plane = BoundaryPanel(styled(figure, grid[0]), X, Y, resolution, hidden)
        curve = CostPanel(styled(figure, grid[1]), [("", costs, iterations)], log)

        def update(k: int) -> None:
            plane.draw(snapshots[k])
            curve.draw(snapshots[k].i)

        return update

    alt = (
        f"Animation of {len(snapshots)} frames from iteration {snapshots[0].i} to "
        f"{snapshots[-1].i}: the decision boundary over the data, beside the "
        "cost curve drawn up to the same iteration."
    )
    return TrainingAnimation(
        draw, [s.i for s in snapshots], alt, (figsize[0], figsize[1]), dpi, fps
    )


def _validate_animate_hidden_units(
    recorder, X, Y, hidden_activation, ncols, resolution, dpi, fps
) -> Arguments:
    _recorder(recorder)
    units = recorder.snapshots[0].params["W1"].shape[0]
    if units > 15:
        raise ValueError(
            f"the first hidden layer has {units} units; animate_hidden_units draws "
            "at most 15, one small panel each"
        )
    out = {
        **validate_boundary_data(X, Y),
        **_drawing(hidden_activation, resolution, dpi, fps),
        "ncols": validate_count(ncols, "ncols", "ncols"),
    }
    _hidden(recorder, hidden_activation, "animate_hidden_units")
    return out


@validated_by(_validate_animate_hidden_units)
def animate_hidden_units(
    recorder: Recorder,
    X: NDArray,
    Y: NDArray,
    hidden_activation: str | None = None,
    *,
    ncols: int = 5,
    resolution: int = 50,
    dpi: float = 60,
    fps: float = 6,
) -> TrainingAnimation:
    """Each unit of the first hidden layer over the plane, and the output.

    One small panel per unit of layer 1 shows its activation
    ``g(W1[j] @ x + b1[j])`` at every point x of the plane: a ramp that
    rises across one straight line. The last panel shows the network's
    output, the probability of class 1, with the data.

    Parameters
    ----------
    recorder : Recorder
        With snapshots of a network ``[2, n_1, ..., 1]``, n_1 at most 15.
    X : ndarray of shape (2, m)
    Y : ndarray of shape (1, m) or (m,)
        Labels 0 or 1.
    hidden_activation : str, optional
        As for :func:`animate_boundary`: the recorder's, else "sigmoid".
    ncols : int, default 5
        Panels per row.
    resolution : int, default 50
    dpi : float, default 60
    fps : float, default 6

    Returns
    -------
    TrainingAnimation

    Raises
    ------
    ValueError
        As :func:`animate_boundary`, or if the first hidden layer has more
        than 15 units.
    TypeError
        As :func:`animate_boundary`.

    Notes
    -----
    Used in the chapter "Putting it together: the model".
    """
    snapshots = _sampled(recorder.snapshots)
    units = snapshots[0].params["W1"].shape[0]
    nrows = -(-(units + 1) // ncols)
    figsize = (1.8 * ncols, 1.8 * nrows + 0.3)
    hidden = _hidden(recorder, hidden_activation, "animate_hidden_units")
    g = ACTIVATIONS[hidden].forward
    low = {"tanh": -1.0}.get(hidden, 0.0)

    def draw(figure: Figure) -> Callable[[int], None]:
        grid, extent = grid_of(X, resolution)
        images = []
        for j in range(units):
            ax = figure.add_subplot(nrows, ncols, j + 1)
            ax.set_xticks([])
            ax.set_yticks([])
            ax.set_title(f"unit {j + 1}")
            blank = np.zeros((resolution, resolution))
            images.append(
                ax.imshow(
                    blank,
                    extent=extent,
                    origin="lower",
                    cmap="cividis",
                    aspect="auto",
                    vmin=low,
                    vmax=1,
                )  # fmt: skip
            )
        out = figure.add_subplot(nrows, ncols, units + 1)
        out.set_xticks([])
        out.set_yticks([])
        plane = BoundaryPanel(out, X, Y, resolution, hidden, points=4)
        out.set_xlabel("")
        out.set_ylabel("")
        figure.colorbar(images[0], ax=figure.axes[:units], shrink=0.8,
                        label=f"{hidden}(z)")  # fmt: skip
        title = figure.suptitle("")

        def update(k: int) -> None:
            params = snapshots[k].params
            A1 = g(params["W1"] @ grid + params["b1"])[0]
            for j, image in enumerate(images):
                A = A1[j].reshape(resolution, resolution)
                if hidden not in ("sigmoid", "tanh"):
                    image.set_clim(0, max(float(A.max()), 1e-6))
                image.set_data(A)
            plane.draw(snapshots[k])
            out.set_title("output", fontsize=plane.title_size)
            title.set_text(f"iteration {snapshots[k].i}")

        return update

    alt = (
        f"Animation of {len(snapshots)} frames: the activation of each of the "
        f"{units} units of the first hidden layer over the input plane, and the "
        "output probability with the data, from iteration "
        f"{snapshots[0].i} to {snapshots[-1].i}."
    )
    return TrainingAnimation(draw, [s.i for s in snapshots], alt, figsize, dpi, fps)


def _validate_animate_race(
    recorders, X, Y, hidden_activation, X_val, Y_val, log, xlabel, resolution,
    figsize, dpi, fps,
) -> Arguments:  # fmt: skip
    if not isinstance(recorders, Mapping):
        raise TypeError(
            "recorders must be a dict from a run's name to its Recorder, such as "
            f"{{'gd': rec_gd, 'adam': rec_adam}}; got {type(recorders).__name__}"
        )
    if not 2 <= len(recorders) <= 4:
        raise ValueError(
            f"recorders must hold 2 to 4 runs, as animate_race shows them; got "
            f"{len(recorders)}"
        )
    for name in recorders:
        if not isinstance(name, str):
            raise TypeError(
                "recorders' keys must be the runs' names, strings such as 'adam'; "
                f"got {name!r} of type {type(name).__name__}"
            )
    first = None
    for name, recorder in recorders.items():
        _recorder(recorder, f"recorders[{name!r}]")
        iterations = [s.i for s in recorder.snapshots]
        first = first or (name, iterations)
        if iterations != first[1]:
            raise ValueError(
                f"recorders[{name!r}] kept other iterations than "
                f"recorders[{first[0]!r}]; record every run with the same every= "
                "or at= and the same num_iterations"
            )
    _log_scale(log, {f"recorders[{name!r}]": r for name, r in recorders.items()})
    out = {**validate_boundary_data(X, Y),
           **_drawing(hidden_activation, resolution, dpi, fps, figsize)}  # fmt: skip
    for name, recorder in recorders.items():
        whose = f"the network of recorders[{name!r}]"
        _hidden(recorder, hidden_activation, "animate_race", whose)
    if (X_val is None) != (Y_val is None):
        raise ValueError("give both X_val and Y_val, or neither")
    if X_val is not None:
        held_out = validate_boundary_data(X_val, Y_val, "X_val", "Y_val")
        out.update(X_val=held_out["X_val"], Y_val=held_out["Y_val"].reshape(1, -1))
    return out


@validated_by(_validate_animate_race)
def animate_race(
    recorders: Mapping[str, Recorder],
    X: NDArray,
    Y: NDArray,
    hidden_activation: str | None = None,
    *,
    X_val: NDArray | None = None,
    Y_val: NDArray | None = None,
    log: bool = False,
    xlabel: str = "iteration",
    resolution: int = 60,
    figsize: tuple[float, float] | None = None,
    dpi: float = 60,
    fps: float = 6,
) -> TrainingAnimation:
    """Several training runs side by side: boundaries above, costs below.

    Parameters
    ----------
    recorders : dict of str to Recorder
        Two to four runs by name (a panel title and a legend entry), each
        with snapshots at the same iterations of networks ``[2, ..., 1]``.
    X : ndarray of shape (2, m)
    Y : ndarray of shape (1, m) or (m,)
        Labels 0 or 1.
    hidden_activation : str, optional
        Leave it out: each run is drawn with the activation its recorder
        kept, so a race of a ReLU and a sigmoid network draws each one right.
        A name given here is used for runs whose recorder kept none, and is
        an error if it differs from one that a recorder kept.
    X_val, Y_val : ndarray, optional
        Held-out data; when given, a second lower panel shows each run's
        cross-entropy on them (without any L2 term) at every snapshot.
    log : bool, default False
        Logarithmic cost axes.
    xlabel : str, default "iteration"
        "epoch" for runs with mini-batches.
    resolution : int, default 60
    figsize : (float, float), optional
        By default 3 inches per run across and 5.6 down.
    dpi : float, default 60
    fps : float, default 6

    Returns
    -------
    TrainingAnimation

    Raises
    ------
    ValueError
        If there are fewer than two or more than four runs, their snapshots
        are at different iterations, ``hidden_activation`` differs from
        one a recorder kept, or as :func:`animate_boundary`.
    TypeError
        If ``recorders`` is not a dict of
        :class:`~scratchnn.figures.recording.Recorder`, or
        ``hidden_activation`` is not a string.

    Notes
    -----
    Used in the chapters "Take better steps" and "Regularise: L2 and dropout".
    """
    names = list(recorders)
    n = len(names)
    runs = {name: _sampled(recorders[name].snapshots) for name in names}
    hidden = {
        name: _hidden(recorders[name], hidden_activation, "animate_race",
                      f"the network of recorders[{name!r}]")
        for name in names
    }  # fmt: skip
    iterations = [s.i for s in runs[names[0]]]
    figsize = figsize or (3.0 * n, 5.6)
    train = [(name, *curve(recorders[name])[::-1]) for name in names]
    lower = [("training cost", [(name, c, i) for name, c, i in train])]
    if X_val is not None:
        assert Y_val is not None  # the validator takes both or neither
        held_out = []
        for name in names:
            costs = [
                cost_function(
                    predict_proba(X_val, s.params, hidden[name], "sigmoid"), Y_val
                )
                for s in runs[name]
            ]
            held_out.append((name, np.asarray(costs), np.asarray(iterations)))
        lower.append(("validation cost", held_out))

    def draw(figure: Figure) -> Callable[[int], None]:
        # The two rows are laid out apart: sharing one grid's columns, the
        # cost panels' axis labels squeezed the planes above them until the
        # layout collapsed at the text size a phone needs.
        rows = figure.add_gridspec(2, 1, height_ratios=[1.1, 1])
        top, bottom = figure.add_subfigure(rows[0]), figure.add_subfigure(rows[1])
        planes = [
            BoundaryPanel(
                styled(top, 1, n, k + 1),
                X,
                Y,
                resolution,
                hidden[name],
                title=name,
                points=8,
            )  # fmt: skip
            for k, name in enumerate(names)
        ]
        for plane in planes[1:]:  # the same plane: its x2 axis is told once
            plane.ax.set_ylabel("")
            plane.ax.tick_params(labelleft=False)
        panels = []
        for k, (ylabel, curves) in enumerate(lower):
            ax = styled(bottom, 1, len(lower), k + 1)
            panels.append(CostPanel(ax, curves, log, ylabel, xlabel))
        # One legend for the cost panels, below them, where it hides no curve.
        bottom.legend(handles=panels[0].lines, loc="outside lower center",
                      ncols=n, frameon=False)  # fmt: skip
        title = figure.suptitle("")

        def update(k: int) -> None:
            for plane, name in zip(planes, names, strict=True):
                plane.draw(runs[name][k])
            for panel in panels:
                panel.draw(iterations[k])
            title.set_text(f"{xlabel} {iterations[k]}")

        return update

    alt = (
        f"Animation of {len(iterations)} frames comparing {', '.join(names)}: "
        "each run's decision boundary over the same data, and below, their cost "
        f"curves drawn up to the same iteration, from {iterations[0]} to "
        f"{iterations[-1]}."
    )
    width, height = figsize
    return TrainingAnimation(draw, iterations, alt, (width, height), dpi, fps)
