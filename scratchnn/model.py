"""The training loop that puts the steps together, and prediction.

Explained in the chapter "Putting it together: the model".
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np
from numpy.typing import DTypeLike, NDArray

from ._checks import (
    lookup,
    validate_bool,
    validate_callable,
    validate_dtype,
    validate_finite,
    validate_finite_inputs,
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
    validate_size,
    validated_by,
)
from ._training import Batches, DivergenceGuard, Reporter
from .backprop import backprop
from .cost import OUTPUT_COSTS, validate_activation_names
from .devices import convert_params
from .forward import forward_prop, validate_activations_fit
from .init import INIT_SCALES, init_params, validate_network_size
from .network import Network, resolve_activations
from .optimizers import OPTIMIZERS, decayed_learning_rate
from .regularization import (
    backprop_with_dropout,
    backprop_with_l2,
    cost_with_l2,
    forward_prop_with_dropout,
    validate_keep_prob_fits,
)


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
    validate_bool(settings["print_cost"], "print_cost")
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
    validate_keep_prob_fits(keep_prob, dtype)
    validate_network_size(layer_dims, dtype)
    batch = min(settings["batch_size"] or X.shape[1], X.shape[1])
    validate_size(
        max(layer_dims[1:]) * batch,
        f"X of {X.shape[1]} examples, {batch} at a time (batch_size), through a "
        f"layer of {max(layer_dims[1:])} units (layer_dims {layer_dims}): the "
        "activations",
        dtype.itemsize,
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
        function (checked at the door). A callback with an
        ``on_train_begin(params)`` method is first shown the initial
        parameters, as a :class:`scratchnn.Network` that records the
        activations (a Recorder keeps them as iteration 0's), and one with
        ``on_train_end()`` is called when training ends. The callback runs
        as the user's code
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
        over the epoch's examples: each batch's cost weighted by its size,
        measured before its update step).

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
    params = init_params(layer_dims, seed=rng, method=init)
    params = convert_params(params, dtype, like=X)  # float32, a GPU

    # --- steps
    # With the defaults, the steps of chapters 3 to 6 (gradient descent
    # writing into model's own arrays). Part 2's options choose others,
    # here, once, by name, and what else each of them is given.
    activations: dict[str, Any] = {
        "hidden_activation": hidden_activation,
        "output_activation": output_activation,
    }
    forward: Callable[..., tuple[NDArray, list]] = forward_prop
    compute_cost: Callable[..., float] = OUTPUT_COSTS[output_activation]
    backward: Callable[..., dict[str, NDArray]] = backprop
    forward_args, cost_args, backward_args = activations, {}, activations
    # --- regularisation
    if keep_prob < 1:  # dropout
        forward = forward_prop_with_dropout
        forward_args = {**activations, "keep_prob": keep_prob, "seed": rng}
        backward = backprop_with_dropout
    if lambd > 0:  # L2 of params, the arrays that update writes into
        l2 = {"params": params, "lambd": lambd}
        cost_args = {**l2, "output_activation": output_activation}
        backward_args = {**activations, **l2, "backward": backward}
        compute_cost, backward = cost_with_l2, backprop_with_l2
    # --- optimiser
    chosen = OPTIMIZERS[optimizer]  # gd, momentum or adam
    update, state = chosen.step, chosen.init(params)
    options = dict(beta=beta, beta1=beta1, beta2=beta2, epsilon=epsilon)
    batches = Batches(X, Y, batch_size, rng)
    # --- end
    report = Reporter(num_iterations, print_cost, print_every, callback, progress)
    stop_if_diverged = DivergenceGuard(learning_rate, decay_rate, lambd, dtype, params)

    costs = []
    # A Recorder keeps the initial parameters; EarlyStopping reads the
    # activations the network records (the arrays are shared, not copied).
    report.begin(Network(params, hidden_activation, output_activation))
    with report:
        # --- training loop
        for i in range(num_iterations):
            rate = decayed_learning_rate(learning_rate, i, decay_rate)
            with stop_if_diverged(i):
                cost = 0.0
                for X_batch, Y_batch in batches:
                    AL, caches = forward(X_batch, params, **forward_args)
                    J = compute_cost(AL, Y_batch, **cost_args)
                    grads = backward(AL, Y_batch, caches, **backward_args)
                    params, state = update(params, grads, state, rate, options)
                    cost += J * Y_batch.shape[1] / m
                stop_if_diverged.check(i, cost, params)
            costs.append(cost)
            if report(i, cost, params):  # printing, progress bar, callback
                break
        # --- end
    return Network(params, hidden_activation, output_activation), costs


def _validate_prediction(X, params, hidden_activation, output_activation, who):
    validate_params(params)
    X = validate_inputs(X, n_x=params["W1"].shape[1])
    validate_activations_fit(X, params)
    validate_same_device(X, params)
    validate_finite_inputs(X, params)
    given = hidden_activation, output_activation
    validate_activation_names(*resolve_activations(params, *given, who=who))
    return {"X": X}


def _validate_predict_proba(X, params, hidden_activation, output_activation):
    given = hidden_activation, output_activation
    return _validate_prediction(X, params, *given, "predict_proba")


@validated_by(_validate_predict_proba)
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
    hidden, output = resolve_activations(
        params, hidden_activation, output_activation, who="predict_proba"
    )
    AL, _ = forward_prop(X, params, hidden, output)
    return AL


def _validate_predict(X, params, hidden_activation, output_activation):
    given = hidden_activation, output_activation
    return _validate_prediction(X, params, *given, "predict")


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
    # Those given, else those the network records, else sigmoid:
    hidden, output = resolve_activations(
        params, hidden_activation, output_activation, who="predict"
    )
    AL, _ = forward_prop(X, params, hidden, output)
    if output == "softmax":
        # The most probable class:
        return np.argmax(AL, axis=0, keepdims=True)
    # Class 1 where its probability is above 0.5:
    return (AL > 0.5).astype(np.int64)
