"""The training loop that puts the steps together, and prediction.

Explained in the chapter "Putting it together: the model".
"""

from __future__ import annotations

import importlib.util
import math
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from functools import partial
from typing import Any

import numpy as np
from numpy.typing import DTypeLike, NDArray

from ._checks import (
    RAISE,
    all_finite,
    call_checked,
    largest,
    lookup,
    validate_callable,
    validate_dtype,
    validate_finite,
    validate_finite_params,
    validate_inputs,
    validate_keep_prob,
    validate_labels,
    validate_layer_dims,
    validate_non_negative,
    validate_one_hot,
    validate_optimizer_options,
    validate_params,
    validate_positive,
    validate_positive_int,
    validate_same_device,
    validate_seed,
    validated_by,
)
from .backprop import backprop
from .cost import OUTPUT_COSTS, validate_activation_names
from .forward import forward_prop
from .init import INIT_SCALES, init_params
from .network import Network, _recorded_activations
from .optimizers import OPTIMIZERS, batch_indices, decayed_learning_rate
from .regularization import _sum_of_squares


def _validate_model(X, Y, layer_dims, **settings):
    layer_dims = validate_layer_dims(layer_dims)
    X = validate_inputs(X, n_x=layer_dims[0])
    validate_finite(X, "X")
    output_activation = settings["output_activation"]
    validate_activation_names(settings["hidden_activation"], output_activation)
    Y = validate_targets(Y, X.shape[1], layer_dims[-1], output_activation)
    validate_positive(settings["learning_rate"], "learning_rate")
    validate_positive_int(settings["num_iterations"], "num_iterations")
    validate_positive_int(settings["print_every"], "print_every")
    if settings["batch_size"] is not None:
        validate_positive_int(settings["batch_size"], "batch_size")
    keep_prob = validate_keep_prob(settings["keep_prob"])
    lambd = validate_non_negative(settings["lambd"], "lambd")
    validate_non_negative(settings["decay_rate"], "decay_rate")
    lookup(OPTIMIZERS, settings["optimizer"], "optimizer")
    validate_optimizer_options({k: settings[k] for k in OPTIMIZER_OPTIONS})
    lookup(INIT_SCALES, settings["init"], "initialisation method")
    validate_seed(settings["seed"])
    dtype = validate_dtype(settings["dtype"])
    if dtype.itemsize < 4:
        # Its largest value is 65504 and its epsilon 1e-3: Adam's epsilon
        # (1e-8) and the cost's clip are 0 in it, and training soon overflows.
        raise ValueError(
            f"model trains in float32 or float64; dtype={dtype} is too coarse "
            "(Adam's epsilon of 1e-8 is 0 in it, and it overflows above 65504)"
        )
    with np.errstate(under="ignore", over="ignore"):
        if dtype.type(keep_prob) * np.finfo(dtype).max < 1:
            raise ValueError(
                f"keep_prob = {keep_prob:g} is too small for {dtype}: 1 / keep_prob "
                "overflows it; use a larger keep_prob"
            )
    _reporting(settings["callback"], settings["progress"])
    with np.errstate(over="ignore"):  # a value too large for dtype becomes inf
        X_in, X, Y = X, X.astype(dtype, copy=False), Y.astype(dtype, copy=False)
    if X is not X_in:  # converted: X was checked above, its conversion not yet
        validate_finite(X, f"X in {X.dtype}", hint="standardise it, or use float64")
    return {"X": X, "Y": Y, "layer_dims": layer_dims, "dtype": dtype,
            "keep_prob": keep_prob, "lambd": lambd}  # fmt: skip


def _reporting(callback: Any, progress: Any) -> None:
    if callback is not None:
        validate_callable(callback, "callback", "callback(i, cost, params)", 3)
    if not isinstance(progress, bool):
        raise TypeError(f"progress must be True or False; got {progress!r}")
    if progress and importlib.util.find_spec("tqdm") is None:
        raise ImportError(
            "progress=True shows a bar with tqdm, which is not installed: "
            'pip install "scratchnn[progress]" (or pip install tqdm)'
        )


#: The optimisers' hyperparameters, keywords of ``model``.
OPTIMIZER_OPTIONS = ("beta", "beta1", "beta2", "epsilon")


def validate_targets(Y, m: int, n_L: int, output_activation: str) -> NDArray:
    """Return labels Y that suit an output of n_L units, or raise."""
    Y = (validate_labels if output_activation == "sigmoid" else validate_one_hot)(Y, m)
    if Y.shape[0] != n_L:
        raise ValueError(
            f"Y has {Y.shape[0]} rows but the output layer has {n_L} units "
            f"(layer_dims[-1]); a {output_activation} output needs them equal"
        )
    return Y


@validated_by(_validate_model)
def model(
    X: NDArray,
    Y: NDArray,
    layer_dims: Sequence[int],
    learning_rate: float = 0.1,
    num_iterations: int = 2500,
    seed: int | np.random.Generator | None = None,
    print_cost: bool = False,
    *,
    init: str = "xavier",
    hidden_activation: str = "sigmoid",
    output_activation: str = "sigmoid",
    optimizer: str = "gd",
    batch_size: int | None = None,
    lambd: float = 0.0,
    keep_prob: float = 1.0,
    beta: float = 0.9,
    beta1: float = 0.9,
    beta2: float = 0.999,
    epsilon: float = 1e-8,
    decay_rate: float = 0.0,
    dtype: DTypeLike = np.float64,
    print_every: int = 100,
    callback: Callable[[int, float, dict[str, NDArray]], bool | None] | None = None,
    progress: bool = False,
) -> tuple[dict[str, NDArray], list[float]]:
    """Train a fully connected network with gradient descent.

    Each iteration runs forward propagation, records the cost, runs
    backpropagation and updates the parameters; with ``batch_size`` set,
    one iteration is an epoch, one pass over shuffled mini-batches.

    Parameters
    ----------
    X : ndarray of shape (n_x, m)
        Training inputs, one column per example.
    Y : ndarray of shape (1, m) or (n_classes, m)
        Labels: 0/1 for a sigmoid output, one-hot for a softmax output.
    layer_dims : list of int
        ``[n_x, n_1, ..., n_L]``; ``n_L`` is 1 for a sigmoid output and the
        number of classes for softmax.
    learning_rate : float, default 0.1
        Step size of gradient descent.
    num_iterations : int, default 2500
        Passes over the training set (epochs).
    seed : int, numpy.random.Generator or None
        Seeds the initial weights, the shuffling and dropout: the same seed
        gives the same result, bit for bit.
    print_cost : bool, default False
        Print the cost every ``print_every`` iterations and at the end.
    init : {"xavier", "he", "small", "zeros"}
        The initialisation method, see :func:`scratchnn.init_params`.
    hidden_activation : str, default "sigmoid"
        Activation of layers 1 to L-1, e.g. "relu".
    output_activation : {"sigmoid", "softmax"}
        Activation of layer L, paired with its cross-entropy cost.
    optimizer : {"gd", "momentum", "adam"}
        How each step uses the gradients.
    batch_size : int or None
        Examples per mini-batch; None (default) uses all m at once.
    lambd : float, default 0.0
        L2 regularisation strength.
    keep_prob : float, default 1.0
        Dropout keep probability of the hidden units while training.
    beta, beta1, beta2, epsilon : float
        Momentum's and Adam's hyperparameters.
    decay_rate : float, default 0.0
        Inverse-time learning-rate decay per iteration (0: constant).
    dtype : numpy dtype, default float64
        Floating type of the parameters and of the computation: float64 or
        float32 (float16 is refused: too coarse to train in).
    print_every : int, default 100
        Iterations between printed costs.
    callback : function, optional
        Called as ``callback(i, cost, params)`` after every iteration (every
        epoch with mini-batches), once its cost is recorded: ``i`` counts
        from 0, ``cost`` is ``costs[i]``, and ``params`` are the live
        parameters, which later iterations change in place, so a callback
        that keeps them must copy them, and must not change them (a change of
        their keys or shapes, or a NaN written into them, is an error naming
        the callback). Returning ``True`` (Python's or numpy's) stops training
        there (early stopping): the returned costs end with that iteration's;
        ``None`` or ``False`` goes on, and any other answer (the cost returned
        by mistake, say) is a ``TypeError``. It must take three positional
        arguments and be a plain function, not a generator or ``async``
        function (checked at the door). The callback runs as the user's code
        always does, with scratchnn's checks on and numpy's error state as
        the caller set it; an exception it raises stops training and
        propagates unchanged, with a note naming the iteration.
    progress : bool, default False
        Show a progress bar with the current cost: tqdm's notebook bar in
        Jupyter (with ipywidgets), its text bar elsewhere. Needs the
        ``progress`` extra (``pip install "scratchnn[progress]"``).

    Returns
    -------
    params : Network
        The trained parameters: a dict with keys ``W1, b1, ..., WL, bL``
        that also records ``hidden_activation`` and ``output_activation``
        (:class:`scratchnn.Network`), so that ``predict(X, params)`` and
        ``save_params`` use them.
    costs : list of float
        The training cost of every iteration (for mini-batches, the mean
        over the epoch's batches, each measured before its update step).

    Raises
    ------
    ValueError
        Before any training, if X and Y have different numbers of columns,
        X's rows differ from ``layer_dims[0]``, X holds NaN or infinity, the
        labels do not suit the output, a setting is out of range or ``dtype``
        is float16; during training, if the callback changes the parameters.
    TypeError
        Before any training, if ``callback`` cannot be called as
        ``callback(i, cost, params)`` or ``progress`` is not a bool; during
        training, if the callback answers other than True, False or None.
    ImportError
        Before any training, if ``progress=True`` and tqdm is not installed.
    FloatingPointError
        If the cost becomes NaN during training, which means the learning
        rate is too large.

    Notes
    -----
    Explained in the chapter "Putting it together: the model".
    """
    m = X.shape[1]
    rng = np.random.default_rng(seed)
    params = init_params(layer_dims, seed=rng, method=init, dtype=dtype, like=X)

    # --- steps
    # With the defaults these are exactly the functions of chapters 3 to 6.
    activations = dict(
        hidden_activation=hidden_activation, output_activation=output_activation
    )
    forward = partial(forward_prop, **activations, keep_prob=keep_prob, seed=rng)
    compute_cost = partial(OUTPUT_COSTS[output_activation], lambd=lambd)
    backward = partial(backprop, **activations, lambd=lambd, compute_dA0=False)
    update = _optimizer_step(
        OPTIMIZERS[optimizer], params, learning_rate, decay_rate,
        dict(beta=beta, beta1=beta1, beta2=beta2, epsilon=epsilon),
    )  # fmt: skip
    batches = _batches(X, Y, batch_size, rng)
    report = _reporter(num_iterations, print_cost, print_every, callback, progress)
    stop_if_diverged = _DivergenceGuard(learning_rate, decay_rate, lambd, dtype, params)
    # --- end

    costs = []
    with report:
        # --- training loop
        for i in range(num_iterations):
            with stop_if_diverged(i):
                cost = 0.0
                for X_batch, Y_batch in batches():
                    AL, caches = forward(X_batch, params)
                    cost += compute_cost(AL, Y_batch, params) * Y_batch.shape[1] / m
                    grads = backward(AL, Y_batch, caches)
                    params = update(params, grads, i)
                stop_if_diverged.check(i, cost, params)
            costs.append(cost)
            if report(i, cost, params):  # printing, progress bar, callback
                break
        # --- end
    return Network(params, hidden_activation, output_activation), costs


def _optimizer_step(optimizer, params, learning_rate, decay_rate, options) -> Callable:
    """``update(params, grads, i)``: one step of the optimiser at iteration i."""
    state = optimizer.init(params)

    def update(params, grads, i):
        nonlocal state
        lr = decayed_learning_rate(learning_rate, i, decay_rate)
        params, state = optimizer.step(params, grads, state, lr, options)
        return params

    return update


def _batches(X, Y, batch_size, rng) -> Callable[[], Iterator[tuple[NDArray, NDArray]]]:
    """``batches()``: the (X, Y) pairs of one epoch, the whole set or shuffled."""
    if batch_size is None:
        return lambda: iter([(X, Y)])
    # One example-contiguous copy, made once: gathering a batch's rows from it
    # is a fast block copy, where picking scattered columns of the (n_x, m)
    # array would stride through all of memory every epoch.
    # like=X: a CuPy X stays on its GPU (ascontiguousarray alone would not
    # dispatch to it).
    XT, YT = np.ascontiguousarray(X.T, like=X), np.ascontiguousarray(Y.T, like=X)
    m = X.shape[1]
    # Gathered one at a time: never a copy of the whole set.
    return lambda: ((XT[k].T, YT[k].T) for k in batch_indices(m, batch_size, rng))


class _DivergedError(FloatingPointError):
    pass


class _DivergenceGuard:
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
        except _DivergedError:
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

    def _diverged(self, i: int, what: str) -> _DivergedError:
        if self.lambd > 0 and self._penalty_dominates():
            setting, value = "lambd", self.lambd
        else:
            setting = "learning rate"
            value = decayed_learning_rate(self.learning_rate, i, self.decay_rate)
        return _DivergedError(
            f"training diverged at iteration {i}: {what}. The {setting} ({value:g}) "
            f"is probably too large; try a smaller one, such as {value / 10:g}"
        )

    def _penalty_dominates(self) -> bool:
        # Too large a lambd makes the weight decay overshoot: each step
        # multiplies W by (1 - learning_rate * lambd / m), below -1, and
        # the penalty lambd * sum(W**2), not the data, then fills the cost.
        penalty = self.lambd * _sum_of_squares(self.params)
        return not math.isfinite(penalty) or penalty > 1e6


def _largest(params: Mapping[str, NDArray]) -> float:
    """The largest |entry| of all the parameters; NaN if one holds NaN."""
    values = [largest(P) for P in params.values()]
    # Python's max would drop a NaN that is not first: it compares False.
    return math.nan if any(map(math.isnan, values)) else max(values)


class _reporter:  # noqa: N801 (used like a function: report(i, cost, params))
    """What ``model`` does after each iteration: print, show progress, call back.

    ``report(i, cost, params)`` returns True when the callback asks to stop.
    Used as a context manager, it closes the progress bar however training
    ends.
    """

    def __init__(self, num_iterations, print_cost, print_every, callback, progress):
        self.last = num_iterations - 1
        self.print_cost, self.print_every = print_cost, print_every
        self.callback = callback
        self.bar = _progress_bar(num_iterations) if progress else None

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

    def __enter__(self) -> _reporter:
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self.bar is not None:
            self.bar.close()


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


def _progress_bar(total: int):
    from tqdm.std import tqdm as text_bar

    bar = text_bar
    if _in_jupyter() and importlib.util.find_spec("ipywidgets") is not None:
        from tqdm.notebook import tqdm as bar  # without ipywidgets it warns
    return bar(total=total, desc="training", unit="it")


def _in_jupyter() -> bool:
    shell = sys.modules.get("IPython")
    ipython = shell.get_ipython() if shell is not None else None
    return type(ipython).__name__ == "ZMQInteractiveShell"


def _validate_predict(X, params, hidden_activation, output_activation):
    validate_params(params)
    X = validate_inputs(X, n_x=params["W1"].shape[1])
    validate_same_device(X, params)
    validate_finite(X, "X")
    validate_finite_params(params)
    recorded = _recorded_activations(params)
    for name, given, kept in zip(
        ("hidden_activation", "output_activation"),
        (hidden_activation, output_activation),
        recorded,
        strict=True,
    ):
        if given is not None and kept is not None and given != kept:
            raise ValueError(
                f"params were trained with {name}={kept!r} but {name}="
                f"{given!r} was given; leave it out to use what the network records"
            )
    hidden, output = _activations(params, hidden_activation, output_activation)
    validate_activation_names(hidden, output)
    return {"X": X}


def _activations(params, hidden_activation, output_activation) -> tuple[str, str]:
    """The activations to predict with: those given, else those the network
    records, else sigmoid."""
    hidden, output = _recorded_activations(params)
    return (
        hidden_activation or hidden or "sigmoid",
        output_activation or output or "sigmoid",
    )


@validated_by(_validate_predict)
def predict_proba(
    X: NDArray,
    params: Mapping[str, NDArray],
    hidden_activation: str | None = None,
    output_activation: str | None = None,
) -> NDArray:
    """The network's output probabilities ``AL`` for every example.

    Parameters
    ----------
    X : ndarray of shape (n_x, m)
        Inputs, one column per example.
    params : dict of str to ndarray
        A trained network.
    hidden_activation, output_activation : str, optional
        The activations the network was trained with. Leave them out for a
        :class:`scratchnn.Network` from :func:`scratchnn.model`, which
        records them; for a plain dict they default to "sigmoid".

    Returns
    -------
    AL : ndarray of shape (n_L, m)
        Probability of class 1 (sigmoid) or of each class (softmax).

    Raises
    ------
    ValueError
        If X is not a 2-D array of finite numbers with W1's column count as
        rows, params is not a valid network or holds NaN or infinity, an
        activation is unknown, or one contradicts what ``params`` records.
    TypeError
        If X does not hold numbers or params is not a dict of float arrays.
    """
    hidden, output = _activations(params, hidden_activation, output_activation)
    AL, _ = forward_prop(X, params, hidden, output)
    return AL


@validated_by(_validate_predict)
def predict(
    X: NDArray,
    params: Mapping[str, NDArray],
    hidden_activation: str | None = None,
    output_activation: str | None = None,
) -> NDArray:
    """Predict a label for every example.

    Parameters
    ----------
    X : ndarray of shape (n_x, m)
        Inputs, one column per example.
    params : dict of str to ndarray
        A trained network.
    hidden_activation, output_activation : str, optional
        As for :func:`predict_proba`: recorded by a network that
        :func:`scratchnn.model` returns, "sigmoid" for a plain dict.

    Returns
    -------
    ndarray of int, shape (1, m)
        For a sigmoid output, 1 where the probability exceeds 0.5, else 0
        (one row per output unit, ``(n_L, m)``, if there are several); for
        softmax, the index of the most probable class.

    Notes
    -----
    Explained in the chapter "Putting it together: the model".
    """
    hidden, output = _activations(params, hidden_activation, output_activation)
    AL, _ = forward_prop(X, params, hidden, output)
    if output == "softmax":
        return np.argmax(AL, axis=0, keepdims=True)  # the most probable class
    return (AL > 0.5).astype(np.int64)  # class 1 where its probability is > 0.5
