"""Learning curves on held-out data, and early stopping.

Training calls ``callback(i, cost, params)`` after every iteration (see
:func:`scratchnn.model`). An :class:`EarlyStopping` passed as that callback
measures the network on a held-out (validation) set after each iteration,
keeps those numbers as the learning curves, and stops training once the
validation cost has not improved for ``patience`` iterations; when training
ends it writes the best parameters it saw back into the network, so that
``model`` returns them.

Explained in the chapter "Regularise: L2 and dropout".
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ._checks import (
    Arguments,
    validate_bool,
    validate_finite,
    validate_matrix,
    validate_non_negative,
    validate_positive_int,
    validate_size,
    validated_by,
)
from .cost import OUTPUT_COSTS, validate_activation_names
from .metrics import accuracy
from .model import predict_proba
from .network import recorded_activations, resolve_activations

__all__ = ["EarlyStopping"]


def _validate_held_out(X: Any, Y: Any, names: tuple[str, str]):
    """``X`` and ``Y`` as 2-D arrays of finite numbers, one example per
    column; the labels and the shapes against the network are checked when
    the output activation is known."""
    x_name, y_name = names
    X, Y = validate_matrix(X, x_name), validate_matrix(Y, y_name)
    if Y.shape[1] != X.shape[1]:
        raise ValueError(
            f"{x_name} has {X.shape[1]} examples (columns) but {y_name} has "
            f"{Y.shape[1]}; they must match, one column per example"
        )
    # Before reading every entry: the forward pass will hold at least the
    # network's output for every example, Y's own size.
    validate_size(Y.size, f"EarlyStopping's forward pass of {Y.shape[1]} examples")
    validate_finite(X, x_name)
    return X, Y


def _validate_labels(Y: NDArray, y_name: str, output: str) -> None:
    """Raise unless ``Y`` holds the labels a ``output`` network learns: 0/1
    in one row for sigmoid, one-hot columns of at least two classes for
    softmax."""
    zeros_and_ones = bool(np.all((Y == 0) | (Y == 1)))
    if output == "sigmoid" and (Y.shape[0] != 1 or not zeros_and_ones):
        raise ValueError(
            f"{y_name} must hold 0/1 labels of shape (1, m) for a sigmoid "
            f"output; got shape {Y.shape}"
            + ("" if zeros_and_ones else " with values other than 0 and 1")
        )
    one_hot = zeros_and_ones and bool(np.all(Y.sum(axis=0) == 1))
    if output == "softmax" and (Y.shape[0] < 2 or not one_hot):
        raise ValueError(
            f"{y_name} must be one-hot, shape (n_classes, m) with at least two "
            f"classes and a single 1 in each column, for a softmax output; got "
            f"shape {Y.shape}. Build it with scratchnn.one_hot"
        )


def _validate_early_stopping(
    self, X_val, Y_val, patience, min_delta, hidden_activation,
    output_activation, X_train, Y_train, restore_best,
) -> Arguments:  # fmt: skip
    # None: the network's own, known when training begins
    validate_activation_names(
        "sigmoid" if hidden_activation is None else hidden_activation,
        "sigmoid" if output_activation is None else output_activation,
    )
    X_val, Y_val = _validate_held_out(X_val, Y_val, ("X_val", "Y_val"))
    arguments = {"X_val": X_val, "Y_val": Y_val}
    if (X_train is None) != (Y_train is None):
        raise TypeError(
            "X_train and Y_train go together: give both to record the training "
            "set's cost and accuracy too, or neither"
        )
    if X_train is not None:
        X_train, Y_train = _validate_held_out(X_train, Y_train, ("X_train", "Y_train"))
        if X_train.shape[0] != X_val.shape[0] or Y_train.shape[0] != Y_val.shape[0]:
            raise ValueError(
                f"X_train and Y_train have shapes {X_train.shape} and "
                f"{Y_train.shape}, X_val and Y_val {X_val.shape} and "
                f"{Y_val.shape}; their rows (features, classes) must match"
            )
        arguments.update(X_train=X_train, Y_train=Y_train)
    for Y, y_name in ((Y_val, "Y_val"), (Y_train, "Y_train")):
        if Y is not None:  # labels of the output given, else of one that fits
            guess = "sigmoid" if Y.shape[0] == 1 else "softmax"
            _validate_labels(Y, y_name, output_activation or guess)
    validate_positive_int(patience, "patience")
    validate_non_negative(min_delta, "min_delta")
    validate_bool(restore_best, "restore_best")
    return arguments


class EarlyStopping:
    """A ``callback`` for :func:`scratchnn.model` that stops training when
    the cost on held-out data stops falling, and keeps the best parameters.

    After every iteration (every epoch with mini-batches) it runs the
    network on the validation set, without dropout, and records its cost
    (the plain cross-entropy, without L2's penalty) and accuracy: the
    learning curves. An iteration whose validation cost is lower than the
    best so far by more than ``min_delta`` is the new best, and a copy of
    its parameters is kept. Training stops at the iteration that is
    ``patience`` iterations after the best one, if none improved on it
    since. When training ends, stopped or not, the best parameters are
    written back into the network's own arrays (``restore_best``), so that
    the network ``model`` returns is the best one seen; the costs ``model``
    returns still list every iteration that ran.

    Parameters
    ----------
    X_val : ndarray of shape (n_x, m_val)
        Held-out inputs, one column per example, never trained on.
    Y_val : ndarray of shape (1, m_val) or (n_classes, m_val)
        Their labels: 0/1 for a sigmoid output, one-hot for softmax.
    patience : int, default 10
        Iterations without improvement after which training stops.
    min_delta : float, default 0.0
        How much lower than the best validation cost a new one must be to
        count as an improvement.
    hidden_activation, output_activation : str, optional
        The activations the network is trained with. Leave them out: when
        training begins ``model`` shows the network with its activations,
        and a name given here that differs from the network's is an error.
        Without one either way, "sigmoid".
    X_train, Y_train : ndarray, optional
        The training set, to record its cost and accuracy with the same
        parameters as the validation set's (``model``'s own cost of an
        iteration is measured before its update step, and includes L2's
        penalty and dropout).
    restore_best : bool, default True
        Write the best parameters back when training ends. With False the
        network keeps the last ones; ``best_params`` holds the best either
        way.

    Attributes
    ----------
    history : dict of str to list of float
        One entry per iteration that ran: ``"cost"`` (as ``model`` recorded
        it), ``"val_cost"``, ``"val_accuracy"`` and, with the training set
        given, ``"train_cost"`` and ``"train_accuracy"``.
    best_iteration : int or None
        The iteration with the lowest validation cost.
    best_cost : float
        Its validation cost (infinity before training).
    best_params : dict of str to ndarray or None
        A copy of its parameters.
    stopped_at : int or None
        The iteration at which training was stopped, or None if it ran to
        the end.
    activations : (str, str)
        The hidden and output activations it measures with: those given
        (else "sigmoid") until training begins, then the network's.

    Raises
    ------
    ValueError
        If an array is not 2-D, holds NaN or infinity, X and Y hold
        different numbers of examples, the labels do not suit the output
        (0/1 in one row for sigmoid, one-hot for softmax), ``patience`` is
        not a positive integer or ``min_delta`` is negative; when training
        begins, if X_val's rows differ from the network's inputs, Y_val's
        from its outputs, an activation given here is not the one the
        network records, or the validation forward pass would exceed the
        ``memory`` limit (:func:`scratchnn.set_limits`).
    TypeError
        If an activation is not a name, ``restore_best`` is not a bool, or
        only one of X_train and Y_train is given.

    Notes
    -----
    Explained in the chapter "Regularise: L2 and dropout".
    """

    @validated_by(_validate_early_stopping)
    def __init__(
        self,
        X_val: NDArray,
        Y_val: NDArray,
        *,
        patience: int = 10,
        min_delta: float = 0.0,
        hidden_activation: str | None = None,
        output_activation: str | None = None,
        X_train: NDArray | None = None,
        Y_train: NDArray | None = None,
        restore_best: bool = True,
    ) -> None:
        self.X_val, self.Y_val = X_val, Y_val
        self.patience, self.min_delta = int(patience), float(min_delta)
        self.given = (hidden_activation, output_activation)
        self.activations = resolve_activations(
            (None, None), hidden_activation, output_activation, who="EarlyStopping"
        )
        self.train: tuple[NDArray, NDArray] | None = None
        if X_train is not None and Y_train is not None:
            self.train = (X_train, Y_train)
        self.restore_best = bool(restore_best)
        self._reset()

    def _reset(self) -> None:
        keys = ["cost", "val_cost", "val_accuracy"]
        keys += ["train_cost", "train_accuracy"] if self.train else []
        self.history: dict[str, list[float]] = {key: [] for key in keys}
        self.best_iteration: int | None = None
        self.best_cost = math.inf
        self.best_params: dict[str, NDArray] | None = None
        self.stopped_at: int | None = None
        self._live: Mapping[str, NDArray] | None = None

    def on_train_begin(self, params: Mapping[str, NDArray]) -> None:
        """Start afresh, and check the held-out set against the network:
        ``model`` calls it before the first iteration."""
        self._reset()
        self.activations = self._activations_of(params)
        _, output = self.activations
        for Y, y_name in (
            (self.Y_val, "Y_val"),
            (self.train and self.train[1], "Y_train"),
        ):
            if Y is not None:
                _validate_labels(Y, y_name, output)
        n_x, n_L = params["W1"].shape[1], params[f"W{len(params) // 2}"].shape[0]
        if self.X_val.shape[0] != n_x or self.Y_val.shape[0] != n_L:
            raise ValueError(
                f"X_val has shape {self.X_val.shape} and Y_val {self.Y_val.shape}, "
                f"but the network takes {n_x} inputs and has {n_L} outputs; "
                "the held-out set must have the training set's rows"
            )
        widest = max(params[f"W{l}"].shape[0] for l in range(1, len(params) // 2 + 1))
        m = max(self.X_val.shape[1], self.train[0].shape[1] if self.train else 0)
        validate_size(widest * m, f"EarlyStopping's forward pass of {m} examples")

    def _activations_of(self, params: Mapping[str, NDArray]) -> tuple[str, str]:
        """The activations to measure with: those given, else the network's
        (``model`` shows a :class:`scratchnn.Network`), else sigmoid."""
        return resolve_activations(params, *self.given, who="EarlyStopping")

    def _measure(self, X: NDArray, Y: NDArray, params) -> tuple[float, float]:
        """The cost and accuracy of ``params`` on (X, Y)."""
        hidden, output = self.activations
        AL = predict_proba(X, params, hidden, output)
        if output == "softmax":  # the most probable class, as predict does
            labels = np.argmax(AL, axis=0, keepdims=True)
        else:  # class 1 where its probability is above 0.5
            labels = (AL > 0.5).astype(np.int64)
        return OUTPUT_COSTS[output](AL, Y), accuracy(labels, Y)

    def __call__(self, i: int, cost: float, params: Mapping[str, NDArray]) -> bool:
        self._live = params  # the arrays model returns: restored at the end
        if recorded_activations(params) != (None, None):  # a loop of one's own
            self.activations = self._activations_of(params)  # showing Networks
        self.history["cost"].append(float(cost))
        if self.train:
            train_cost, train_accuracy = self._measure(*self.train, params)
            self.history["train_cost"].append(train_cost)
            self.history["train_accuracy"].append(train_accuracy)
        val_cost, val_accuracy = self._measure(self.X_val, self.Y_val, params)
        self.history["val_cost"].append(val_cost)
        self.history["val_accuracy"].append(val_accuracy)
        # --- early stopping
        if val_cost < self.best_cost - self.min_delta:
            self.best_iteration, self.best_cost = i, val_cost
            self.best_params = {key: P.copy() for key, P in params.items()}
        elif i - (self.best_iteration or 0) >= self.patience:
            self.stopped_at = i
            return True
        return False

    def on_train_end(self) -> None:
        """Write the best parameters into the network's arrays, in place:
        ``model`` calls it when training ends, and returns those arrays."""
        if self.restore_best and self.best_params and self._live is not None:
            for key, P in self._live.items():
                P[...] = self.best_params[key]

    # --- end
