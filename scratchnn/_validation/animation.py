"""The guards of :mod:`scratchnn.animation`.

Each ``validate_<name>`` takes the arguments of ``<name>`` by name (``self``
included, for a method), raises if one is wrong, and returns the ones it
converted.
"""

from __future__ import annotations

from collections.abc import Mapping
from numbers import Integral
from typing import Any

import numpy as np

from . import (
    lookup,
    validate_finite,
    validate_matrix,
    validate_params,
    validate_positive,
    validate_positive_int,
)
from .figures import _labels

Arguments = dict[str, Any]


def validate_recorder(self, every, at, stop_when) -> Arguments:
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


def validate_spaced_iterations(num_iterations, n) -> Arguments:
    return {
        "num_iterations": validate_positive_int(num_iterations, "num_iterations"),
        "n": validate_positive_int(n, "n", minimum=2),
    }


def _recorder(recorder: Any, name: str = "recorder") -> None:
    from ..animation import Recorder

    if not isinstance(recorder, Recorder):
        raise TypeError(
            f"{name} must be a scratchnn.animation.Recorder passed to model as "
            f"callback=; got {type(recorder).__name__}"
        )
    if not recorder.snapshots:
        raise ValueError(
            f"{name} holds no snapshot: pass it to model as callback= and train "
            "first (it keeps iterations 0, every, 2 * every, ...)"
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


def _data(X: Any, Y: Any, x_name: str = "X", y_name: str = "Y") -> Arguments:
    X = np.asarray(validate_matrix(X, x_name), dtype=np.float64)
    if X.shape[0] != 2 or X.shape[1] == 0:
        raise ValueError(
            f"{x_name} must have shape (2, m), one 2-D point per column; got {X.shape}"
        )
    validate_finite(X, x_name)
    y = _labels(Y, y_name)
    if y.size != X.shape[1]:
        raise ValueError(
            f"{x_name} has {X.shape[1]} examples (columns) but {y_name} has "
            f"{y.size}; they must match"
        )
    if y.max() > 1:
        raise ValueError(f"{y_name} must hold labels 0 and 1; found {y.max()}")
    return {x_name: X, y_name: y}


def _drawing(hidden_activation, resolution, dpi, fps, figsize=None) -> Arguments:
    from ..activations import ACTIVATIONS

    lookup(ACTIVATIONS, hidden_activation, "hidden_activation")
    out = {
        "resolution": validate_positive_int(resolution, "resolution", minimum=2),
        "dpi": validate_positive(dpi, "dpi"),
        "fps": validate_positive(fps, "fps"),
    }
    if figsize is not None:
        if not isinstance(figsize, tuple | list) or len(figsize) != 2:
            raise ValueError(f"figsize must be (width, height); got {figsize!r}")
        out["figsize"] = tuple(validate_positive(v, "figsize") for v in figsize)
    return out


def validate_animate_boundary(
    recorder, X, Y, hidden_activation, log, resolution, figsize, dpi, fps
) -> Arguments:
    _recorder(recorder)
    return {**_data(X, Y), **_drawing(hidden_activation, resolution, dpi, fps,
                                      figsize)}  # fmt: skip


def validate_animate_hidden_units(
    recorder, X, Y, hidden_activation, ncols, resolution, dpi, fps
) -> Arguments:
    _recorder(recorder)
    units = recorder.snapshots[0].params["W1"].shape[0]
    if units > 15:
        raise ValueError(
            f"the first hidden layer has {units} units; animate_hidden_units draws "
            "at most 15, one small panel each"
        )
    return {
        **_data(X, Y),
        **_drawing(hidden_activation, resolution, dpi, fps),
        "ncols": validate_positive_int(ncols, "ncols"),
    }


def validate_animate_race(
    recorders, X, Y, hidden_activation, X_val, Y_val, log, xlabel, resolution,
    figsize, dpi, fps,
) -> Arguments:  # fmt: skip
    if not isinstance(recorders, Mapping):
        raise TypeError(
            "recorders must be a dict from a run's name to its Recorder, such as "
            f"{{'gd': rec_gd, 'adam': rec_adam}}; got {type(recorders).__name__}"
        )
    if not 2 <= len(recorders) <= 4:
        raise ValueError(f"animate_race shows 2 to 4 runs; got {len(recorders)}")
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
    out = {**_data(X, Y), **_drawing(hidden_activation, resolution, dpi, fps,
                                     figsize)}  # fmt: skip
    if (X_val is None) != (Y_val is None):
        raise ValueError("give both X_val and Y_val, or neither")
    if X_val is not None:
        held_out = _data(X_val, Y_val, "X_val", "Y_val")
        out.update(X_val=held_out["X_val"], Y_val=held_out["Y_val"].reshape(1, -1))
    return out


def validate_frame(self, k) -> Arguments:
    n = len(self)
    if isinstance(k, bool) or not isinstance(k, Integral) or not -n <= k < n:
        raise ValueError(
            f"k must be a frame number from 0 to {n - 1} (or -{n} to -1 from the "
            f"end); got {k!r}"
        )
    return {"k": int(k)}


def validate_live_plot(self, every, X, Y, hidden_activation, display, dpi):
    from ..activations import ACTIVATIONS

    out = {"every": validate_positive_int(every, "every"),
           "dpi": validate_positive(dpi, "dpi")}  # fmt: skip
    lookup(ACTIVATIONS, hidden_activation, "hidden_activation")
    if (X is None) != (Y is None):
        raise ValueError("give both X and Y to draw the boundary, or neither")
    if X is not None:
        out.update(_data(X, Y))
    if display is not None and not callable(display):
        raise TypeError(
            "display must be a function like IPython's display(obj, "
            f"display_id=True); got {type(display).__name__}"
        )
    return out
