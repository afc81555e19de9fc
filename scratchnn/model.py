"""The training loop that puts the steps together, and prediction.

Explained in the chapter "Putting it together: the model".
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import numpy as np
from numpy.typing import DTypeLike, NDArray

from ._checks import (
    check_finite,
    check_inputs,
    check_labels,
    check_layer_dims,
    check_matrix,
    check_non_negative,
    check_one_hot,
    check_positive,
    check_positive_int,
    check_seed,
    trusted,
)
from .backprop import backprop
from .cost import get_cost
from .forward import forward_prop
from .init import init_params
from .optimizers import (
    batch_indices,
    check_optimizer_options,
    decayed_learning_rate,
    get_optimizer,
)
from .regularization import check_keep_prob

#: How labels are checked, and how probabilities become labels, per output.
_LABEL_CHECKS: dict[str, Callable[..., NDArray]] = {
    "sigmoid": check_labels,
    "softmax": check_one_hot,
}
_DECISIONS: dict[str, Callable[[NDArray], NDArray]] = {
    "sigmoid": lambda AL: (AL > 0.5).astype(np.int64),
    "softmax": lambda AL: np.argmax(AL, axis=0, keepdims=True),
}


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
        Floating type of the parameters and of the computation.
    print_every : int, default 100
        Iterations between printed costs.

    Returns
    -------
    params : dict of str to ndarray
        The trained parameters.
    costs : list of float
        The training cost of every iteration (for mini-batches, the mean
        over the epoch's batches, each measured before its update step).

    Raises
    ------
    ValueError
        Before any training, if X and Y have different numbers of columns,
        X's rows differ from ``layer_dims[0]``, X holds NaN or infinity, the
        labels do not suit the output, or a setting is out of range.
    FloatingPointError
        If the cost becomes NaN during training, which means the learning
        rate is too large.

    Notes
    -----
    Explained in the chapter "Putting it together: the model".
    """
    layer_dims = check_layer_dims(layer_dims)
    X = check_inputs(X, n_x=layer_dims[0])
    check_finite(X, "X")
    m = X.shape[1]
    Y = _check_targets(Y, m, layer_dims[-1], output_activation)
    learning_rate = check_positive(learning_rate, "learning_rate")
    num_iterations = check_positive_int(num_iterations, "num_iterations")
    print_every = check_positive_int(print_every, "print_every")
    if batch_size is not None:
        batch_size = check_positive_int(batch_size, "batch_size")
    keep_prob = check_keep_prob(keep_prob)
    lambd = check_non_negative(lambd, "lambd")
    decay_rate = check_non_negative(decay_rate, "decay_rate")
    compute_cost = get_cost(output_activation)
    opt = get_optimizer(optimizer)
    options = check_optimizer_options(
        {"beta": beta, "beta1": beta1, "beta2": beta2, "epsilon": epsilon}
    )

    activations = (hidden_activation, output_activation)
    rng = np.random.default_rng(check_seed(seed))
    params = init_params(layer_dims, seed=rng, method=init, dtype=dtype)
    with np.errstate(over="ignore"):  # a value too large for dtype becomes inf
        X_in, X, Y = X, X.astype(dtype, copy=False), Y.astype(dtype, copy=False)
    if X is not X_in:  # converted: X was checked above, its conversion not yet
        check_finite(X, f"X in {X.dtype}", hint="standardise it, or use float64")
    state = opt.init(params)
    if batch_size is not None:
        # One example-contiguous copy, made once: gathering a batch's rows
        # from it is a fast block copy, where picking scattered columns of
        # the (n_x, m) array would stride through all of memory every epoch.
        XT, YT = np.ascontiguousarray(X.T), np.ascontiguousarray(Y.T)

    costs = []
    try:
        # Everything was checked above, so the steps skip their own checks.
        # Overflow or NaN anywhere means training diverged: stop at once with
        # a clear message rather than go on with infinite weights.
        # (Underflow to 0 is harmless, whatever np.seterr says elsewhere.)
        with trusted(), np.errstate(over="raise", invalid="raise", under="ignore"):
            for i in range(num_iterations):
                lr = decayed_learning_rate(learning_rate, i, decay_rate)
                if batch_size is None:
                    batches = [(X, Y)]
                else:  # gathered one at a time: never a copy of the whole set
                    order = batch_indices(m, batch_size, rng)
                    batches = ((XT[k].T, YT[k].T) for k in order)
                total = 0.0
                for X_b, Y_b in batches:
                    AL, caches = forward_prop(X_b, params, *activations, keep_prob, rng)
                    total += compute_cost(AL, Y_b, params, lambd) * Y_b.shape[1]
                    grads = backprop(AL, Y_b, caches, *activations, lambd, False)
                    params, state = opt.step(params, grads, state, lr, options)
                costs.append(total / m)
                if print_cost and (i % print_every == 0 or i == num_iterations - 1):
                    print(f"Cost after iteration {i}: {costs[-1]:.6f}")
    except FloatingPointError as error:
        raise _diverged(i, lr) from error
    return params, costs


def _check_targets(Y: NDArray, m: int, n_L: int, output_activation: str) -> NDArray:
    get_cost(output_activation)  # the output must be one that has a cost
    Y = _LABEL_CHECKS[output_activation](Y, m)
    if Y.shape[0] != n_L:
        raise ValueError(
            f"Y has {Y.shape[0]} rows but the output layer has {n_L} units "
            f"(layer_dims[-1]); a {output_activation} output needs them equal"
        )
    return Y


def _diverged(i: int, lr: float) -> FloatingPointError:
    return FloatingPointError(
        f"training diverged at iteration {i}: the weights overflowed and the "
        f"cost became NaN. The learning rate ({lr:g}) is probably too large; "
        f"try a smaller one, such as {lr / 10:g}"
    )


def predict_proba(
    X: NDArray,
    params: Mapping[str, NDArray],
    hidden_activation: str = "sigmoid",
    output_activation: str = "sigmoid",
) -> NDArray:
    """The network's output probabilities ``AL`` for every example.

    Parameters
    ----------
    X : ndarray of shape (n_x, m)
        Inputs, one column per example.
    params : dict of str to ndarray
        A trained network.
    hidden_activation, output_activation : str
        The activations the network was trained with.

    Returns
    -------
    AL : ndarray of shape (n_L, m)
        Probability of class 1 (sigmoid) or of each class (softmax).
    """
    X = check_matrix(X, "X")
    check_finite(X, "X")
    AL, _ = forward_prop(X, params, hidden_activation, output_activation)
    return AL


def predict(
    X: NDArray,
    params: Mapping[str, NDArray],
    hidden_activation: str = "sigmoid",
    output_activation: str = "sigmoid",
) -> NDArray:
    """Predict a label for every example.

    Parameters
    ----------
    X : ndarray of shape (n_x, m)
        Inputs, one column per example.
    params : dict of str to ndarray
        A trained network.
    hidden_activation, output_activation : str
        The activations the network was trained with.

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
    get_cost(output_activation)
    AL = predict_proba(X, params, hidden_activation, output_activation)
    return _DECISIONS[output_activation](AL)
