"""What ``model`` does around its loop: catch divergence, report progress.

The training loop itself, the steps in their order, is in :mod:`.model`;
this module holds what keeps it safe and visible: the divergence guard, the
printing, the progress bar and the callback, and the test for Jupyter.
"""

from __future__ import annotations

import importlib.util
import math
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ._checks import RAISE, all_finite, call_checked, largest
from .optimizers import batch_indices, decayed_learning_rate
from .regularization import _sum_of_squares


class Batches:
    """An epoch's (X_batch, Y_batch) pairs, each time it is iterated.

    The whole set as one batch (``batch_size=None``), or the examples
    shuffled by ``rng`` and cut into mini-batches (:func:`batch_indices`).
    """

    def __init__(self, X, Y, batch_size, rng):
        self.X, self.Y = X, Y
        self.batch_size, self.rng = batch_size, rng
        if batch_size is not None:
            # One example-contiguous copy, made once: gathering a
            # batch's rows from it is a block copy, where picking
            # scattered columns would stride through all of memory.
            # A method: a CuPy X's copy stays on its GPU.
            self.XT, self.YT = X.T.copy(order="C"), Y.T.copy(order="C")

    def __iter__(self) -> Iterator[tuple[NDArray, NDArray]]:
        if self.batch_size is None:
            yield self.X, self.Y
            return
        m = self.X.shape[1]
        # Gathered one at a time: never a copy of the whole set.
        for k in batch_indices(m, self.batch_size, self.rng):
            yield self.XT[k].T, self.YT[k].T


class DivergedError(FloatingPointError):
    pass


class DivergenceGuard:
    """Stop training with a clear message as soon as it diverges.

    Two nets catch it. ``with guard(i):`` runs iteration i under numpy's
    error state, so that an overflow or a NaN on the CPU stops at once.
    ``guard.check(i, cost, params)`` looks at the cost and the weights after
    the iteration, which also works where error states do nothing (a GPU).
    Training has diverged when the cost or a weight is no longer finite,
    when a weight is too large to square, when the weights have grown a
    millionfold since initialisation, or when the cost sits near its
    ceiling, where many predictions are wrong to the limit of the float
    type, for ``PINNED`` iterations in a row.
    """

    GROWTH = 1e6
    PINNED = 10

    def __init__(self, learning_rate, decay_rate, lambd, dtype, params):
        self.learning_rate, self.decay_rate, self.lambd = (
            learning_rate,
            decay_rate,
            lambd,
        )
        self.params = params  # the live arrays: the optimisers update them in place
        finfo = np.finfo(dtype)
        self.dtype = finfo.dtype
        self.too_large = math.sqrt(float(finfo.max))
        self.ceiling = -math.log(float(finfo.eps))  # one example's largest loss
        self.start = max(_largest(params), 1.0)
        self.first_cost, self.high = None, 0

    @contextmanager
    def __call__(self, i: int) -> Iterator[None]:
        try:
            # Underflow to 0 is harmless, whatever np.seterr says elsewhere.
            with np.errstate(**RAISE):
                yield
        except DivergedError:
            raise
        except FloatingPointError as error:
            what = "the weights overflowed and the cost became NaN"
            raise self._diverged(i, what) from error

    def check(self, i: int, cost: float, params: Mapping[str, NDArray]) -> None:
        largest = _largest(params)
        if not (math.isfinite(cost) and math.isfinite(largest)):
            raise self._diverged(i, f"the cost became {cost} and the weights {largest}")
        if largest > self.too_large:
            raise self._diverged(
                i, f"a weight reached {largest:.3g}, too large to square"
            )
        if largest > self.GROWTH * self.start:
            raise self._diverged(
                i,
                f"the weights grew a millionfold, to {largest:.3g}, "
                "and saturate every unit",
            )
        self.first_cost = cost if self.first_cost is None else self.first_cost
        high = cost > max(self.ceiling / 4, 2 * self.first_cost)
        self.high = self.high + 1 if high else 0
        if self.high >= self.PINNED:
            raise self._diverged(
                i,
                f"the cost has stayed above {self.ceiling / 4:.3g} for {self.PINNED} "
                f"iterations (now {cost:.4g}): many predictions are wrong to the limit "
                f"of {self.dtype}",
            )

    def _diverged(self, i: int, what: str) -> DivergedError:
        if self.lambd > 0 and self._penalty_dominates():
            setting, value = "lambd", self.lambd
        else:
            setting = "learning rate"
            value = decayed_learning_rate(self.learning_rate, i, self.decay_rate)
        return DivergedError(
            f"training diverged at iteration {i}: {what}. The {setting} ({value:g}) "
            f"is probably too large; try a smaller one, such as {_smaller(value):g}"
        )

    def _penalty_dominates(self) -> bool:
        # Too large a lambd makes the weight decay overshoot: each step
        # multiplies W by (1 - learning_rate * lambd / m), below -1, and
        # the penalty lambd * sum(W**2), not the data, then fills the cost.
        penalty = self.lambd * _sum_of_squares(self.params)
        return not math.isfinite(penalty) or penalty > 1e6


def _largest(params: Mapping[str, NDArray]) -> float:
    """The largest |entry| of all the parameters; NaN if one holds NaN."""
    arrays = list(params.values())
    if sum(P.size for P in arrays) <= 4096:  # a small network: a call costs
        arrays = [np.concatenate([P.ravel() for P in arrays])]  # more than a copy
    values = [largest(P) for P in arrays]
    # Python's max would drop a NaN that is not first: it compares False.
    return math.nan if any(map(math.isnan, values)) else max(values)


class Reporter:
    """What ``model`` does after each iteration: print, show progress, call back.

    ``report.begin(params)`` shows the initial parameters to a callback that
    asks for them (``on_train_begin``, as a Recorder does, whose snapshot of
    iteration 0 they are); ``report(i, cost, params)`` returns True when the
    callback asks to stop. Used as a context manager, it closes the progress
    bar however training ends.
    """

    def __init__(self, num_iterations, print_cost, print_every, callback, progress):
        self.last = num_iterations - 1
        self.print_cost, self.print_every = print_cost, print_every
        self.callback = callback
        self.bar = progress_bar(num_iterations) if progress else None

    def begin(self, params: dict[str, NDArray]) -> None:
        start = getattr(self.callback, "on_train_begin", None)
        if callable(start):
            call_checked(start, params)

    def __call__(self, i: int, cost: float, params: dict[str, NDArray]) -> bool:
        if self.print_cost and (i % self.print_every == 0 or i == self.last):
            print(f"Cost after iteration {i}: {cost:.6f}")
        if self.bar is not None:
            self.bar.set_postfix(cost=f"{cost:.4f}", refresh=False)
            self.bar.update(1)
        if self.callback is None:
            return False
        shapes = {key: P.shape for key, P in params.items()}
        try:
            answer = call_checked(self.callback, i, cost, params)
        except BaseException as error:
            error.add_note(f"(raised by model's callback at iteration {i})")
            raise
        _kept_by_callback(params, shapes, i)
        return _stop_asked(answer, i)

    def __enter__(self) -> Reporter:
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self.bar is not None:
            self.bar.close()
        # A callback that draws every few iterations (LivePlot) draws the
        # last one too, once training ended without an error.
        finish = getattr(self.callback, "on_train_end", None)
        if exc_info[0] is None and callable(finish):
            call_checked(finish)


def _stop_asked(answer: object, i: int) -> bool:
    """A callback's answer: True (Python's or numpy's) stops training, None
    or False goes on; anything else, such as the cost returned by mistake,
    is an error rather than a silent stop or a silent go-on."""
    if answer is None:
        return False
    if isinstance(answer, bool | np.bool_):
        return bool(answer)
    raise TypeError(
        f"model's callback returned {answer!r} at iteration {i}; it must return "
        "True to stop training, or None or False to go on"
    )


def _kept_by_callback(params: Mapping[str, NDArray], shapes: dict, i: int) -> None:
    """Raise if the callback changed the parameters' keys or shapes, or wrote
    NaN or infinity into them: the next step would fail far from the cause."""
    now = {key: getattr(P, "shape", None) for key, P in params.items()}
    if now != shapes:
        raise ValueError(
            f"model's callback changed the parameters at iteration {i} (keys and "
            f"shapes were {shapes}, now {now}); a callback must not change params: "
            "copy them (params.copy()) to keep or edit them"
        )
    for key, P in params.items():
        if not all_finite(P):
            raise ValueError(
                f"model's callback left NaN or infinity in {key} at iteration {i}; "
                "a callback must not change params"
            )


def progress_bar(total: int):
    from tqdm.std import tqdm as text_bar

    bar: Any = text_bar
    if in_jupyter() and importlib.util.find_spec("ipywidgets") is not None:
        from tqdm.notebook import tqdm as notebook_bar  # without ipywidgets it warns

        bar = notebook_bar
    return bar(total=total, desc="training", unit="it")


def in_jupyter() -> bool:
    shell = sys.modules.get("IPython")
    ipython = shell.get_ipython() if shell is not None else None
    return type(ipython).__name__ == "ZMQInteractiveShell"


def _smaller(value: float) -> float:
    """A setting to try after one that diverged: a tenth of it, and never
    more than 1 (a tenth of 1e308 is no advice)."""
    return min(value / 10, 1.0)
