"""A held-out set of learners' mistakes for the checkers of scratchnn.exercises.

Written without reading the diagnosis code (the hints, the harness, the
runner, the result or the checkers' bodies): only the checkers' docstrings,
the exercises of the book and, to avoid repeating them, the mistakes already
in tests/test_exercises.py and in the maintainers' issue. See README.md.

Each :class:`Mistake` is a wrong function as a learner writes it, the checker
it is passed to, the real cause in a short phrase, and ``names``: regular
expressions, any one of which in the first cause the hint gives means that the
hint named the real mistake. Each :class:`Correct` is a right function written
in an unusual but valid style, which must pass.

Run them with ``python -m tests.heldout.run_mistakes``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

import scratchnn as snn
from scratchnn import (
    backprop,
    cost_function,
    forward_prop,
    init_params,
    one_layer_backward,
    params_to_vector,
    relu,
    sigmoid,
    update_parameters,
    vector_to_params,
)


@dataclass(frozen=True)
class Mistake:
    id: str
    checker: str
    fn: Callable
    cause: str
    names: tuple[str, ...]
    kwargs: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Correct:
    id: str
    checker: str
    fn: Callable
    kwargs: dict = field(default_factory=dict)


MISTAKES: list[Mistake] = []
CORRECT: list[Correct] = []


def mistake(id, checker, cause, names, **kwargs):
    """Register the decorated function as a learner's mistake."""

    def register(fn):
        MISTAKES.append(Mistake(id, checker, fn, cause, tuple(names), kwargs))
        return fn

    return register


def correct(id, checker, **kwargs):
    """Register the decorated function as a right answer in an unusual style."""

    def register(fn):
        CORRECT.append(Correct(id, checker, fn, kwargs))
        return fn

    return register


# Words a hint uses for an array changed in place (shared by several mistakes).
IN_PLACE = (r"in place", r"new array", r"\bcopy\b", r"X = X")


# ---------------------------------------------------------------------------
# Chapter 1: initialisation (check_init_params)
# ---------------------------------------------------------------------------


@mistake(
    "init-scaled-by-n_l",
    "check_init_params",
    "weights scaled by the layer's own size n[l] instead of n[l-1]",
    [r"n\[?l ?- ?1\]?", r"n_prev", r"layer_dims\[l ?- ?1\]", r"fan.in", r"inputs"],
)
def init_scaled_by_n_l(layer_dims, seed=None):
    rng = np.random.default_rng(seed)
    params = {}
    for l in range(1, len(layer_dims)):
        n, n_prev = layer_dims[l], layer_dims[l - 1]
        params[f"W{l}"] = rng.standard_normal((n, n_prev)) / np.sqrt(n)
        params[f"b{l}"] = np.zeros((n, 1))
    return params


@mistake(
    "init-random-biases",
    "check_init_params",
    "biases drawn at random instead of zeros",
    [r"\bb\b.*zero", r"bias(es)?.*zero", r"np\.zeros"],
)
def init_random_biases(layer_dims, seed=None):
    rng = np.random.default_rng(seed)
    params = {}
    for l in range(1, len(layer_dims)):
        n, n_prev = layer_dims[l], layer_dims[l - 1]
        params[f"W{l}"] = rng.standard_normal((n, n_prev)) / np.sqrt(n_prev)
        params[f"b{l}"] = rng.standard_normal((n, 1))
    return params


@mistake(
    "init-bias-1d",
    "check_init_params",
    "biases of shape (n,) instead of (n, 1)",
    [
        r"\(n, ?1\)",
        r"\(n\[l\], ?1\)",
        r"b\{l\} \(layer_dims\[l\], ?1\)",
        r"1-?D",
        r"\(n,\)",
        r"bias.*column",
    ],
)
def init_bias_1d(layer_dims, seed=None):
    rng = np.random.default_rng(seed)
    params = {}
    for l in range(1, len(layer_dims)):
        params[f"W{l}"] = rng.standard_normal(
            (layer_dims[l], layer_dims[l - 1])
        ) / np.sqrt(layer_dims[l - 1])
        params[f"b{l}"] = np.zeros(layer_dims[l])
    return params


@mistake(
    "init-loop-one-short",
    "check_init_params",
    "loop stops one layer early: range(1, len(layer_dims) - 1)",
    [
        r"range\(1, ?len\(layer_dims\)\)",
        r"last layer",
        r"one layer (early|short)",
        r"off by one",
        r"every layer",
    ],
)
def init_loop_one_short(layer_dims, seed=None):
    rng = np.random.default_rng(seed)
    params = {}
    for l in range(1, len(layer_dims) - 1):
        n, n_prev = layer_dims[l], layer_dims[l - 1]
        params[f"W{l}"] = rng.standard_normal((n, n_prev)) / np.sqrt(n_prev)
        params[f"b{l}"] = np.zeros((n, 1))
    return params


@mistake(
    "init-keys-from-zero",
    "check_init_params",
    "layers numbered from 0 (W0, b0, ...) instead of from 1",
    [r"has W1, b1", r"from 1", r"W0", r"off by one", r"numbered"],
)
def init_keys_from_zero(layer_dims, seed=None):
    rng = np.random.default_rng(seed)
    params = {}
    for i, (n_prev, n) in enumerate(zip(layer_dims[:-1], layer_dims[1:], strict=True)):
        params["W" + str(i)] = rng.standard_normal((n, n_prev)) / np.sqrt(n_prev)
        params["b" + str(i)] = np.zeros((n, 1))
    return params


@mistake(
    "init-floor-division",
    "check_init_params",
    "floor division // by sqrt(n_prev) rounds the weights to whole numbers",
    [r"//", r"floor", r"integer", r"whole numbers", r"rounded"],
)
def init_floor_division(layer_dims, seed=None):
    rng = np.random.default_rng(seed)
    params = {}
    for l in range(1, len(layer_dims)):
        n, n_prev = layer_dims[l], layer_dims[l - 1]
        params[f"W{l}"] = rng.standard_normal((n, n_prev)) // np.sqrt(n_prev)
        params[f"b{l}"] = np.zeros((n, 1))
    return params


@mistake(
    "init-times-sqrt",
    "check_init_params",
    "weights multiplied by sqrt(n_prev) instead of divided",
    [r"divid", r"/ ?np\.sqrt", r"too large", r"scale"],
)
def init_times_sqrt(layer_dims, seed=None):
    rng = np.random.default_rng(seed)
    params = {}
    for l in range(1, len(layer_dims)):
        n, n_prev = layer_dims[l], layer_dims[l - 1]
        params[f"W{l}"] = rng.standard_normal((n, n_prev)) * np.sqrt(n_prev)
        params[f"b{l}"] = np.zeros((n, 1))
    return params


@correct("init-rng-normal-with-scale", "check_init_params")
def init_rng_normal(layer_dims, seed=None):
    rng = np.random.default_rng(seed)
    shapes = zip(layer_dims[1:], layer_dims[:-1], strict=True)
    params = {}
    for l, (n, n_prev) in enumerate(shapes, start=1):
        params[f"W{l}"] = rng.normal(0.0, 1.0 / np.sqrt(n_prev), size=(n, n_prev))
        params[f"b{l}"] = np.zeros((n, 1))
    return params


# ---------------------------------------------------------------------------
# Chapter 2: the sigmoid (check_sigmoid, check_sigmoid_backward)
# ---------------------------------------------------------------------------


@mistake(
    "sigmoid-precedence",
    "check_sigmoid",
    "operator precedence: 1 / 1 + np.exp(-Z)",
    [r"precedence", r"parenthes", r"brackets", r"1 / \(1 \+"],
)
def sigmoid_precedence(Z):
    A = 1 / 1 + np.exp(-Z)
    return A, Z


@mistake(
    "sigmoid-exp-over-one-plus-exp",
    "check_sigmoid",
    "exp(Z) / (1 + exp(Z)) overflows (inf / inf) for large positive Z",
    [r"overflow", r"inf", r"large", r"nan"],
)
def sigmoid_exp_ratio(Z):
    E = np.exp(Z)
    return E / (1 + E), Z


@mistake(
    "sigmoid-math-exp",
    "check_sigmoid",
    "math.exp works on one number, not on an array",
    [r"math\.exp", r"np\.exp", r"array", r"scalar", r"size-1"],
)
def sigmoid_math_exp(Z):
    import math

    A = 1 / (1 + math.exp(-Z))
    return A, Z


@mistake(
    "sigmoid-floor-division",
    "check_sigmoid",
    "floor division 1 // (1 + exp(-Z)) gives whole numbers",
    [r"//", r"floor", r"integer", r"whole"],
)
def sigmoid_floor_division(Z):
    A = 1 // (1 + np.exp(-Z))
    return A, Z


@mistake(
    "sigmoid-where-both-branches",
    "check_sigmoid",
    "np.where evaluates both branches, so the unused exp still overflows",
    [r"both branches", r"np\.where", r"overflow"],
)
def sigmoid_where_both_branches(Z):
    A = np.where(Z >= 0, 1 / (1 + np.exp(-Z)), np.exp(Z) / (1 + np.exp(Z)))
    return A, Z


@mistake(
    "sigmoid-clips-Z-in-place",
    "check_sigmoid",
    "clips Z in place (Z[Z < -500] = -500), changing the caller's array",
    IN_PLACE,
)
def sigmoid_clips_in_place(Z):
    Z[Z < -500] = -500
    Z[Z > 500] = 500
    return 1 / (1 + np.exp(-Z)), Z


@correct("sigmoid-clipped-logit", "check_sigmoid")
def sigmoid_clipped(Z):
    Zc = np.clip(Z, -500.0, 500.0)  # a new array: exp(500) is finite
    return 1.0 / (1.0 + np.exp(-Zc)), Z


@correct("sigmoid-float32-safe-split", "check_sigmoid")
def sigmoid_split(Z):
    Z = np.asarray(Z)
    A = np.empty_like(Z, dtype=np.result_type(Z.dtype, np.float32))
    pos = Z >= 0
    A[pos] = 1 / (1 + np.exp(-Z[pos]))
    E = np.exp(Z[~pos])
    A[~pos] = E / (1 + E)
    return A, Z


@mistake(
    "sigmoid_backward-tuple-from-sigmoid",
    "check_sigmoid_backward",
    "uses the (A, cache) tuple that sigmoid returns as if it were A",
    [r"tuple", r"\(A, cache\)", r"\[0\]", r"returns two", r"unpack"],
)
def sigmoid_backward_tuple(dA, cache):
    s = sigmoid(cache)
    return dA * s * (1 - s)


@mistake(
    "sigmoid_backward-sign",
    "check_sigmoid_backward",
    "s * (s - 1) instead of s * (1 - s): the slope's sign flipped",
    [r"sign", r"1 - s", r"\(1 - σ", r"negative", r"minus"],
)
def sigmoid_backward_sign(dA, cache):
    s, _ = sigmoid(cache)
    return dA * s * (s - 1)


@mistake(
    "sigmoid_backward-exp-overflow",
    "check_sigmoid_backward",
    "exp(-Z) / (1 + exp(-Z))**2 overflows (inf / inf) for large negative Z",
    [r"overflow", r"inf", r"nan", r"large"],
)
def sigmoid_backward_exp(dA, cache):
    E = np.exp(-cache)
    return dA * E / (1 + E) ** 2


@mistake(
    "sigmoid_backward-tanh-slope",
    "check_sigmoid_backward",
    "tanh's slope 1 - s**2 used for the sigmoid",
    [r"s ?\* ?\(1 ?- ?s\)", r"σ\(Z\) ?\(1 ?- ?σ", r"tanh", r"1 - s\*\*2"],
)
def sigmoid_backward_tanh_slope(dA, cache):
    s, _ = sigmoid(cache)
    return dA * (1 - s**2)


@correct("sigmoid_backward-symmetric-exp", "check_sigmoid_backward")
def sigmoid_backward_symmetric(dA, cache):
    E = np.exp(-np.abs(cache))  # sigma'(z) = e^-|z| / (1 + e^-|z|)^2
    return dA * E / (1 + E) ** 2


@correct("sigmoid_backward-s-minus-s-squared", "check_sigmoid_backward")
def sigmoid_backward_expanded(dA, cache):
    s = sigmoid(cache)[0]
    return dA * (s - s * s)


# ---------------------------------------------------------------------------
# Chapter 3: forward propagation (check_linear_forward, check_forward_prop)
# ---------------------------------------------------------------------------


@mistake(
    "linear_forward-elementwise",
    "check_linear_forward",
    "W * A_prev, an entrywise product, instead of the matrix product W @ A_prev",
    [r"entrywise", r"element-?wise", r"W \* A", r"not \*", r"matmul", r"np\.dot\(W"],
)
def linear_forward_elementwise(A_prev, W, b):
    Z = W * A_prev + b
    return Z, (A_prev, W, b)


@mistake(
    "linear_forward-bias-transposed",
    "check_linear_forward",
    "b.T, a row (1, n), added instead of the column b (n, 1)",
    [r"b\.T", r"\(n, ?1\)", r"column", r"broadcast", r"bias.*shape", r"transpose.*b"],
)
def linear_forward_bias_row(A_prev, W, b):
    Z = np.dot(W, A_prev) + b.T
    return Z, (A_prev, W, b)


@mistake(
    "linear_forward-caches-Z",
    "check_linear_forward",
    "the cache holds Z in place of A_prev",
    [r"A_prev", r"\(A_prev, W, b\)", r"cache"],
)
def linear_forward_caches_Z(A_prev, W, b):
    Z = W @ A_prev + b
    return Z, (Z, W, b)


@correct("linear_forward-einsum", "check_linear_forward")
def linear_forward_einsum(A_prev, W, b):
    Z = np.einsum("ik,kj->ij", W, A_prev) + b
    return Z, (A_prev, W, b)


@mistake(
    "forward_prop-range-from-0",
    "check_forward_prop",
    "layers looped from 0: params['W0'] does not exist",
    [r"range\(1, ?L ?\+ ?1\)", r"W0", r"from 1", r"off by one", r"has W1, b1"],
)
def forward_prop_range_from_0(X, params):
    L = len(params) // 2
    A, caches = X, []
    for l in range(L):
        W, b = params["W" + str(l)], params["b" + str(l)]
        Z = W @ A + b
        caches.append(((A, W, b), Z))
        A = sigmoid(Z)[0]
    return A, caches


@mistake(
    "forward_prop-caches-overwritten",
    "check_forward_prop",
    "caches = [...] inside the loop keeps only the last layer's cache",
    [
        r"append",
        r"one cache",
        r"every layer",
        r"per layer",
        r"each layer",
        r"only the last",
    ],
)
def forward_prop_caches_overwritten(X, params):
    L = len(params) // 2
    A = X
    for l in range(1, L + 1):
        Z, linear_cache = snn.linear_forward(A, params[f"W{l}"], params[f"b{l}"])
        A, Z_cache = sigmoid(Z)
        caches = [(linear_cache, Z_cache)]
    return A, caches


@mistake(
    "forward_prop-caches-reversed",
    "check_forward_prop",
    "caches.insert(0, ...) stores the caches last layer first",
    [r"order", r"revers", r"insert", r"caches\[l ?- ?1\]", r"layer 1 first"],
)
def forward_prop_caches_reversed(X, params):
    L = len(params) // 2
    A, caches = X, []
    for l in range(1, L + 1):
        Z, linear_cache = snn.linear_forward(A, params[f"W{l}"], params[f"b{l}"])
        caches.insert(0, (linear_cache, Z))
        A = sigmoid(Z)[0]
    return A, caches


@mistake(
    "forward_prop-A-is-tuple",
    "check_forward_prop",
    "A = sigmoid(Z) keeps the whole (A, cache) tuple as A",
    [r"tuple", r"\(A, cache\)", r"\[0\]", r"returns two", r"unpack"],
)
def forward_prop_A_is_tuple(X, params):
    L = len(params) // 2
    A, caches = X, []
    for l in range(1, L + 1):
        Z, linear_cache = snn.linear_forward(A, params[f"W{l}"], params[f"b{l}"])
        caches.append((linear_cache, Z))
        A = sigmoid(Z)
    return A, caches


@mistake(
    "forward_prop-sigmoid-twice-at-output",
    "check_forward_prop",
    "the output goes through the sigmoid a second time after the loop",
    [r"twice", r"again", r"already", r"second"],
)
def forward_prop_sigmoid_twice(X, params):
    L = len(params) // 2
    A, caches = X, []
    for l in range(1, L + 1):
        Z, linear_cache = snn.linear_forward(A, params[f"W{l}"], params[f"b{l}"])
        A, cache = sigmoid(Z)
        caches.append((linear_cache, cache))
    AL = sigmoid(A)[0]
    return AL, caches


@correct("forward_prop-while-keys", "check_forward_prop")
def forward_prop_while(X, params):
    A, caches, l = X, [], 1
    while f"W{l}" in params:
        W, b = params[f"W{l}"], params[f"b{l}"]
        Z = np.matmul(W, A) + b
        caches.append(((A, W, b), Z))
        A = 0.5 * (1 + np.tanh(Z / 2))  # the sigmoid, without overflow
        l += 1
    return A, caches


# ---------------------------------------------------------------------------
# Chapter 4: the cost (check_cost_function)
# ---------------------------------------------------------------------------


@mistake(
    "cost-integer-one-over-m",
    "check_cost_function",
    "1 // m is integer division: 0 for m > 1",
    [r"//", r"integer", r"floor"],
)
def cost_integer_division(AL, Y):
    m = Y.shape[1]
    P = np.clip(AL, 1e-12, 1 - 1e-12)
    return float(-(1 // m) * np.sum(Y * np.log(P) + (1 - Y) * np.log(1 - P)))


@mistake(
    "cost-dot-without-transpose",
    "check_cost_function",
    "np.dot(Y, log(AL)) of two (1, m) rows needs the second transposed",
    [r"\.T\b", r"transpose", r"np\.dot\(Y, ?np\.log\(AL\)\.T\)"],
)
def cost_dot_without_transpose(AL, Y):
    m = Y.shape[1]
    P = np.clip(AL, 1e-12, 1 - 1e-12)
    return float(-(np.dot(Y, np.log(P)) + np.dot(1 - Y, np.log(1 - P))) / m)


@mistake(
    "cost-outer-product",
    "check_cost_function",
    "Y.T @ log(AL) makes an (m, m) outer product, whose sum is wrong",
    [r"outer", r"\(m, ?m\)", r"transpose", r"\.T\b", r"Y @ np\.log"],
)
def cost_outer_product(AL, Y):
    m = Y.shape[1]
    P = np.clip(AL, 1e-12, 1 - 1e-12)
    J = -(np.dot(Y.T, np.log(P)) + np.dot((1 - Y).T, np.log(1 - P))) / m
    return float(np.sum(J))


@mistake(
    "cost-one-log-unclipped",
    "check_cost_function",
    "only log(AL) is protected; log(1 - AL) still gives log(0)",
    [r"clip", r"log\(0\)", r"1 - AL", r"inf", r"both"],
)
def cost_one_log_unclipped(AL, Y):
    m = Y.shape[1]
    return float(-np.sum(Y * np.log(AL + 1e-8) + (1 - Y) * np.log(1 - AL)) / m)


@mistake(
    "cost-sum-axis-0",
    "check_cost_function",
    "np.sum(..., axis=0) leaves one value per example instead of one number",
    [r"axis", r"single number", r"one number", r"scalar", r"float\(", r"a number"],
)
def cost_sum_axis_0(AL, Y):
    m = Y.shape[1]
    P = np.clip(AL, 1e-12, 1 - 1e-12)
    return -np.sum(Y * np.log(P) + (1 - Y) * np.log(1 - P), axis=0) / m


@mistake(
    "cost-arguments-swapped",
    "check_cost_function",
    "defined as cost_function(Y, AL): the arguments in the wrong order",
    [r"swap", r"order of the arguments", r"\(AL, Y\)", r"arguments"],
)
def cost_arguments_swapped(Y, AL):
    m = Y.shape[1]
    P = np.clip(AL, 1e-12, 1 - 1e-12)
    return float(-np.sum(Y * np.log(P) + (1 - Y) * np.log(1 - P)) / m)


@mistake(
    "cost-log2",
    "check_cost_function",
    "np.log2 instead of the natural log",
    [r"np\.log\b", r"natural", r"log2", r"base"],
)
def cost_log2(AL, Y):
    P = np.clip(AL, 1e-12, 1 - 1e-12)
    return float(-np.mean(Y * np.log2(P) + (1 - Y) * np.log2(1 - P)))


@correct("cost-log1p-dtype-eps", "check_cost_function")
def cost_log1p(AL, Y):
    eps = np.finfo(np.result_type(AL, np.float32)).eps
    P = np.clip(AL, eps, 1 - eps)
    per_example = Y * np.log(P) + (1 - Y) * np.log1p(-P)
    return -float(np.mean(per_example))


@correct("cost-squeezed-dot", "check_cost_function")
def cost_squeezed_dot(AL, Y):
    m = Y.shape[1]
    P = np.clip(AL, 1e-10, 1 - 1e-10)
    J = -(Y @ np.log(P).T + (1 - Y) @ np.log(1 - P).T) / m
    return np.squeeze(J)  # a 0-d array, as in many courses


# ---------------------------------------------------------------------------
# Chapter 5: backpropagation (check_one_layer_backward, check_backprop)
# ---------------------------------------------------------------------------


@mistake(
    "one_layer-db-without-1/m",
    "check_one_layer_backward",
    "db = sum(dZ) without the 1/m (dW has it)",
    [r"1/m", r"/ ?m\b", r"divide.* by m", r"m times"],
)
def one_layer_db_without_mean(dA, cache):
    (A_prev, W, b), Z = cache
    m = A_prev.shape[1]
    s = sigmoid(Z)[0]
    dZ = dA * s * (1 - s)
    dW = dZ @ A_prev.T / m
    db = np.sum(dZ, axis=1, keepdims=True)
    return W.T @ dZ, dW, db


@mistake(
    "one_layer-cache-unpacked-flat",
    "check_one_layer_backward",
    "unpacks the cache as (A_prev, W, b), not ((A_prev, W, b), Z)",
    [r"unpack", r"\(\(A_prev, W, b\), Z\)", r"linear.cache", r"\(linear_cache, Z\)"],
)
def one_layer_cache_flat(dA, cache):
    linear_cache, Z = cache
    A_prev, W, b = cache
    m = A_prev.shape[1]
    dZ = snn.sigmoid_backward(dA, Z)
    return W.T @ dZ, dZ @ A_prev.T / m, dZ.sum(axis=1, keepdims=True) / m


@mistake(
    "one_layer-tanh-slope",
    "check_one_layer_backward",
    "tanh's slope 1 - s**2 in a sigmoid layer",
    [r"s ?\* ?\(1 ?- ?s\)", r"σ\(Z\) ?\(1 ?- ?σ", r"tanh", r"sigmoid.s slope"],
)
def one_layer_tanh_slope(dA, cache):
    (A_prev, W, b), Z = cache
    m = A_prev.shape[1]
    s = sigmoid(Z)[0]
    dZ = dA * (1 - s**2)
    return W.T @ dZ, dZ @ A_prev.T / m, np.sum(dZ, axis=1, keepdims=True) / m


@mistake(
    "one_layer-dA-scaled-in-place",
    "check_one_layer_backward",
    "dZ = dA; dZ *= slope changes the caller's dA in place",
    IN_PLACE,
)
def one_layer_in_place(dA, cache):
    (A_prev, W, b), Z = cache
    m = A_prev.shape[1]
    s = sigmoid(Z)[0]
    dZ = dA
    dZ *= s * (1 - s)
    return W.T @ dZ, dZ @ A_prev.T / m, np.sum(dZ, axis=1, keepdims=True) / m


@mistake(
    "one_layer-db-mean-all",
    "check_one_layer_backward",
    "db = np.mean(dZ): the mean over units and examples, one number",
    [r"axis=1", r"keepdims", r"each unit", r"per unit", r"over the examples"],
)
def one_layer_db_mean_all(dA, cache):
    (A_prev, W, b), Z = cache
    m = A_prev.shape[1]
    dZ = snn.sigmoid_backward(dA, Z)
    return W.T @ dZ, dZ @ A_prev.T / m, np.mean(dZ) * np.ones_like(b)


@correct("one_layer-einsum-mean", "check_one_layer_backward")
def one_layer_einsum(dA, cache):
    (A_prev, W, b), Z = cache
    E = np.exp(-np.abs(Z))
    dZ = dA * E / (1 + E) ** 2
    dW = np.einsum("ij,kj->ik", dZ, A_prev) / A_prev.shape[1]
    db = dZ.mean(axis=1, keepdims=True)
    return np.einsum("ki,kj->ij", W, dZ), dW, db


def _output_layer(AL, Y, cache):
    """The output layer's step, which these learners got right."""
    (A_prev, W, b), Z = cache
    m = AL.shape[1]
    dZ = AL - Y
    return W.T @ dZ, dZ @ A_prev.T / m, np.sum(dZ, axis=1, keepdims=True) / m


@mistake(
    "backprop-dAL-sign",
    "check_backprop",
    "dAL = -(Y/AL + (1-Y)/(1-AL)): a + where the formula has a -",
    [r"dAL", r"sign", r"\(1 ?- ?Y\) ?/ ?\(1 ?- ?AL\)", r"minus"],
)
def backprop_dAL_sign(AL, Y, caches):
    grads = {}
    L = len(caches)
    dA = -(Y / AL + (1 - Y) / (1 - AL))
    for l in reversed(range(1, L + 1)):
        dA_prev, dW, db = one_layer_backward(dA, caches[l - 1])
        grads[f"dA{l - 1}"], grads[f"dW{l}"], grads[f"db{l}"] = dA_prev, dW, db
        dA = dA_prev
    return grads


@mistake(
    "backprop-caches-index-l",
    "check_backprop",
    "caches[l] for layer l: the caches are shifted by one layer",
    [r"caches\[l ?- ?1\]", r"off by one", r"index", r"shifted"],
)
def backprop_caches_index_l(AL, Y, caches):
    grads = {}
    L = len(caches)
    dA, grads[f"dW{L}"], grads[f"db{L}"] = _output_layer(AL, Y, caches[L - 1])
    grads[f"dA{L - 1}"] = dA
    for l in range(L - 1, 0, -1):
        dA_prev, dW, db = one_layer_backward(grads[f"dA{l}"], caches[l])
        grads[f"dA{l - 1}"], grads[f"dW{l}"], grads[f"db{l}"] = dA_prev, dW, db
    return grads


@mistake(
    "backprop-loop-stops-at-2",
    "check_backprop",
    "range(L - 1, 1, -1) stops before layer 1",
    [
        r"range\(L ?- ?1, ?0, ?-1\)",
        r"layer 1\b",
        r"stops",
        r"every layer",
        r"down to 1",
    ],
)
def backprop_loop_stops_at_2(AL, Y, caches):
    grads = {}
    L = len(caches)
    dA, grads[f"dW{L}"], grads[f"db{L}"] = _output_layer(AL, Y, caches[L - 1])
    grads[f"dA{L - 1}"] = dA
    for l in range(L - 1, 1, -1):
        dA_prev, dW, db = one_layer_backward(grads[f"dA{l}"], caches[l - 1])
        grads[f"dA{l - 1}"], grads[f"dW{l}"], grads[f"db{l}"] = dA_prev, dW, db
    return grads


@mistake(
    "backprop-loop-forwards",
    "check_backprop",
    "loops from layer 1 upwards, before dA of the layer above exists",
    [r"backward", r"revers", r"down", r"range\(L ?- ?1, ?0, ?-1\)", r"from L"],
)
def backprop_loop_forwards(AL, Y, caches):
    grads = {}
    L = len(caches)
    dA, grads[f"dW{L}"], grads[f"db{L}"] = _output_layer(AL, Y, caches[L - 1])
    grads[f"dA{L - 1}"] = dA
    for l in range(1, L):
        dA_prev, dW, db = one_layer_backward(grads[f"dA{l}"], caches[l - 1])
        grads[f"dA{l - 1}"], grads[f"dW{l}"], grads[f"db{l}"] = dA_prev, dW, db
    return grads


@mistake(
    "backprop-stale-dA",
    "check_backprop",
    "every hidden layer is fed dA{L-1} instead of the dA{l} from the layer above",
    [r"dA\{?l\}?\b", r"layer above", r"stale", r"same dA", r"update dA", r"pass.*back"],
)
def backprop_stale_dA(AL, Y, caches):
    grads = {}
    L = len(caches)
    dA, grads[f"dW{L}"], grads[f"db{L}"] = _output_layer(AL, Y, caches[L - 1])
    grads[f"dA{L - 1}"] = dA
    for l in range(L - 1, 0, -1):
        dA_prev, dW, db = one_layer_backward(dA, caches[l - 1])
        grads[f"dA{l - 1}"], grads[f"dW{l}"], grads[f"db{l}"] = dA_prev, dW, db
    return grads


@mistake(
    "backprop-output-layer-without-1/m",
    "check_backprop",
    "the output layer's dW and db lack the 1/m (the hidden layers have it)",
    [r"1/m", r"/ ?m\b", r"divide.* by m", r"m times"],
)
def backprop_output_without_mean(AL, Y, caches):
    grads = {}
    L = len(caches)
    (A_prev, W, b), Z = caches[L - 1]
    dZ = AL - Y
    grads[f"dW{L}"] = dZ @ A_prev.T
    grads[f"db{L}"] = np.sum(dZ, axis=1, keepdims=True)
    grads[f"dA{L - 1}"] = W.T @ dZ
    for l in range(L - 1, 0, -1):
        dA_prev, dW, db = one_layer_backward(grads[f"dA{l}"], caches[l - 1])
        grads[f"dA{l - 1}"], grads[f"dW{l}"], grads[f"db{l}"] = dA_prev, dW, db
    return grads


@mistake(
    "backprop-output-db-scalar",
    "check_backprop",
    "db{L} = np.sum(dZ) / m: a plain number, not an (n, 1) column",
    [r"keepdims", r"axis=1", r"\(n, ?1\)", r"column", r"shape"],
)
def backprop_output_db_scalar(AL, Y, caches):
    grads = {}
    L = len(caches)
    m = AL.shape[1]
    (A_prev, W, b), Z = caches[L - 1]
    dZ = AL - Y
    grads[f"dW{L}"] = dZ @ A_prev.T / m
    grads[f"db{L}"] = np.sum(dZ) / m
    grads[f"dA{L - 1}"] = W.T @ dZ
    for l in range(L - 1, 0, -1):
        dA_prev, dW, db = one_layer_backward(grads[f"dA{l}"], caches[l - 1])
        grads[f"dA{l - 1}"], grads[f"dW{l}"], grads[f"db{l}"] = dA_prev, dW, db
    return grads


def _backprop_l2(factor):
    """A learner's backprop with L2 whose term is ``factor(lambd, m) * W``."""

    def backprop_with_l2(AL, Y, caches, lambd):
        grads = backprop(AL, Y, caches)
        m = AL.shape[1]
        for l in range(1, len(caches) + 1):
            (A_prev, W, b), Z = caches[l - 1]
            grads[f"dW{l}"] = grads[f"dW{l}"] + factor(lambd, m) * W
        return grads

    return backprop_with_l2


MISTAKES.append(
    Mistake(
        "backprop-l2-sign",
        "check_backprop",
        _backprop_l2(lambda lambd, m: -lambd / m),
        "the L2 term subtracted from dW instead of added",
        (r"sign", r"\badd", r"minus", r"\+ ?lambd"),
        {"lambd": 0.7},
    )
)
MISTAKES.append(
    Mistake(
        "backprop-l2-half",
        "check_backprop",
        _backprop_l2(lambda lambd, m: lambd / (2 * m)),
        "the 1/2 of the penalty kept in its gradient: lambd / (2 m) * W",
        (r"1/2", r"half", r"lambd ?/ ?m\b", r"2 ?m", r"factor"),
        {"lambd": 0.7},
    )
)
MISTAKES.append(
    Mistake(
        "backprop-l2-lambd-squared",
        "check_backprop",
        _backprop_l2(lambda lambd, m: lambd**2 / m),
        "lambd squared in the L2 gradient",
        (r"lambd ?/ ?m\b", r"lambd\*\*2", r"squared", r"lambda"),
        {"lambd": 0.7},
    )
)


@correct("backprop-zip-reversed", "check_backprop")
def backprop_zip_reversed(AL, Y, caches):
    grads, m, L = {}, AL.shape[1], len(caches)
    dZ = AL - Y
    for l, ((A_prev, W, _b), _Z) in zip(range(L, 0, -1), reversed(caches), strict=True):
        grads[f"dW{l}"] = np.dot(dZ, A_prev.T) / m
        grads[f"db{l}"] = dZ.mean(axis=1, keepdims=True)
        grads[f"dA{l - 1}"] = np.dot(W.T, dZ)
        if l > 1:
            s = snn.sigmoid(caches[l - 2][1])[0]
            dZ = grads[f"dA{l - 1}"] * s * (1 - s)
    return grads


# ---------------------------------------------------------------------------
# Chapter 6: gradient descent (check_update_parameters)
# ---------------------------------------------------------------------------


@mistake(
    "update-last-layer-skipped",
    "check_update_parameters",
    "range(1, L) leaves the last layer out",
    [
        r"range\(1, ?L ?\+ ?1\)",
        r"last layer",
        r"every layer",
        r"did not change",
        r"off by one",
        r"left out",
    ],
)
def update_last_layer_skipped(params, grads, learning_rate):
    L = len(params) // 2
    new = dict(params)
    for l in range(1, L):
        new[f"W{l}"] = params[f"W{l}"] - learning_rate * grads[f"dW{l}"]
        new[f"b{l}"] = params[f"b{l}"] - learning_rate * grads[f"db{l}"]
    return new


@mistake(
    "update-L-is-len-params",
    "check_update_parameters",
    "L = len(params) counts W and b: twice the number of layers",
    [r"len\(params\) ?// ?2", r"twice", r"W and b", r"number of layers"],
)
def update_L_len_params(params, grads, learning_rate):
    L = len(params)
    new = {}
    for l in range(1, L + 1):
        new[f"W{l}"] = params[f"W{l}"] - learning_rate * grads[f"dW{l}"]
        new[f"b{l}"] = params[f"b{l}"] - learning_rate * grads[f"db{l}"]
    return new


@mistake(
    "update-grads-key-without-d",
    "check_update_parameters",
    "grads[key] looked up without the 'd': grads['W1'] does not exist",
    [r"grads has dW1", r"\"d\" ?\+", r"'d' ?\+", r"d\{key\}", r"d\{P\}"],
)
def update_key_without_d(params, grads, learning_rate):
    return {key: P - learning_rate * grads[key] for key, P in params.items()}


@mistake(
    "update-b-with-dW",
    "check_update_parameters",
    "copy-paste: b updated with dW",
    [r"\bdb\b", r"copy", r"dW.*\bb\b", r"\bb\b.*dW"],
)
def update_b_with_dW(params, grads, learning_rate):
    L = len(params) // 2
    new = {}
    for l in range(1, L + 1):
        new[f"W{l}"] = params[f"W{l}"] - learning_rate * grads[f"dW{l}"]
        new[f"b{l}"] = params[f"b{l}"] - learning_rate * grads[f"dW{l}"]
    return new


@mistake(
    "update-divides-by-rate",
    "check_update_parameters",
    "divides the gradient by the learning rate instead of multiplying",
    [r"multipl", r"learning_rate \*", r"times the learning rate", r"learning.rate"],
)
def update_divides(params, grads, learning_rate):
    return {k: v - grads["d" + k] / learning_rate for k, v in params.items()}


@correct("update-np-subtract-sorted", "check_update_parameters")
def update_subtract(params, grads, learning_rate):
    out = {}
    for key in sorted(params):
        out[key] = np.subtract(
            params[key], np.multiply(learning_rate, grads["d" + key])
        )
    return out


# ---------------------------------------------------------------------------
# Chapter 7: the model (check_model)
# ---------------------------------------------------------------------------


@mistake(
    "model-init-inside-loop",
    "check_model",
    "init_params inside the loop: training restarts every iteration",
    [
        r"initiali[sz]e.*(once|before)",
        r"before the loop",
        r"inside the loop",
        r"re-?initiali",
        r"updated params",
    ],
)
def model_init_inside_loop(X, Y, layer_dims, learning_rate, num_iterations, seed):
    costs = []
    for _ in range(num_iterations):
        params = init_params(layer_dims, seed=seed)
        AL, caches = forward_prop(X, params)
        costs.append(cost_function(AL, Y))
        grads = backprop(AL, Y, caches)
        params = update_parameters(params, grads, learning_rate)
    return params, costs


@mistake(
    "model-update-result-discarded",
    "check_model",
    "update_parameters(...) called without assigning its result to params",
    [r"params = update", r"assign", r"return value", r"discard", r"updated params"],
)
def model_update_discarded(X, Y, layer_dims, learning_rate, num_iterations, seed):
    params = init_params(layer_dims, seed=seed)
    costs = []
    for _ in range(num_iterations):
        AL, caches = forward_prop(X, params)
        costs.append(cost_function(AL, Y))
        grads = backprop(AL, Y, caches)
        update_parameters(params, grads, learning_rate)
    return params, costs


@mistake(
    "model-forward-once",
    "check_model",
    "the forward pass runs once, before the loop; later steps use stale caches",
    [
        r"forward.*(inside|every|each) (the loop|iteration)",
        r"stale",
        r"outside the loop",
        r"updated params",
    ],
)
def model_forward_once(X, Y, layer_dims, learning_rate, num_iterations, seed):
    params = init_params(layer_dims, seed=seed)
    AL, caches = forward_prop(X, params)
    costs = []
    for _ in range(num_iterations):
        costs.append(cost_function(AL, Y))
        grads = backprop(AL, Y, caches)
        params = update_parameters(params, grads, learning_rate)
    return params, costs


@mistake(
    "model-backprop-arguments-swapped",
    "check_model",
    "backprop(Y, AL, caches): AL and Y swapped",
    [r"swap", r"backprop\(AL, ?Y", r"order of the arguments", r"arguments"],
)
def model_backprop_swapped(X, Y, layer_dims, learning_rate, num_iterations, seed):
    params = init_params(layer_dims, seed=seed)
    costs = []
    for _ in range(num_iterations):
        AL, caches = forward_prop(X, params)
        costs.append(cost_function(AL, Y))
        grads = backprop(Y, AL, caches)
        params = update_parameters(params, grads, learning_rate)
    return params, costs


@correct("model-own-steps-inline", "check_model")
def model_inline(X, Y, layer_dims, learning_rate, num_iterations, seed):
    params = init_params(layer_dims, seed=seed)
    costs = []
    for _ in range(num_iterations):
        AL, caches = forward_prop(X, params)
        costs.append(float(cost_function(AL, Y)))
        grads = backprop(AL, Y, caches)
        params = {k: P - learning_rate * grads["d" + k] for k, P in params.items()}
    return params, costs


# ---------------------------------------------------------------------------
# Chapter 8: activations (check_relu, check_relu_backward, check_leaky_relu,
# check_tanh_backward)
# ---------------------------------------------------------------------------


@mistake(
    "relu-builtin-max",
    "check_relu",
    "Python's built-in max(0, Z) does not work entry by entry",
    [r"np\.maximum", r"built-?in", r"truth value", r"entry by entry"],
)
def relu_builtin_max(Z):
    A = max(0, Z)
    return A, Z


@mistake(
    "relu-zeroes-Z-in-place",
    "check_relu",
    "Z[Z < 0] = 0 changes the caller's Z (and the cache) in place",
    IN_PLACE,
)
def relu_in_place(Z):
    A = Z
    A[A < 0] = 0
    return A, Z


@mistake(
    "relu-returns-step",
    "check_relu",
    "returns the step (Z > 0), relu's slope, instead of max(0, Z)",
    [r"slope", r"derivative", r"step", r"max\(0, ?Z\)", r"np\.maximum"],
)
def relu_step(Z):
    return np.heaviside(Z, 0.0), Z


@correct("relu-abs-average", "check_relu")
def relu_abs(Z):
    return (Z + np.abs(Z)) / 2, Z


@correct("relu-clip", "check_relu")
def relu_clip(Z):
    return np.clip(Z, 0, None), Z


@mistake(
    "relu_backward-compares-tuple",
    "check_relu_backward",
    "compares relu's (A, cache) tuple with 0",
    [r"tuple", r"\(A, cache\)", r"\[0\]", r"Z > 0"],
)
def relu_backward_tuple(dA, cache):
    return dA * (relu(cache) > 0)


@mistake(
    "relu_backward-cache-indexed",
    "check_relu_backward",
    "cache[0] taken as Z, as if the cache were a tuple: only Z's first row",
    [r"cache is Z", r"cache itself", r"cache\[0\]", r"the cache holds Z", r"first row"],
)
def relu_backward_cache_indexed(dA, cache):
    Z = cache[0]
    return dA * (Z > 0)


@mistake(
    "relu_backward-matmul",
    "check_relu_backward",
    "dA @ (Z > 0), a matrix product, instead of the entrywise product",
    [
        r"entrywise",
        r"element-?wise",
        r"dA \* \(Z",
        r"not np\.dot",
        r"not @",
        r"not a matrix product",
    ],
)
def relu_backward_matmul(dA, cache):
    return np.dot(dA, cache > 0)


@correct("relu_backward-heaviside", "check_relu_backward")
def relu_backward_heaviside(dA, cache):
    return dA * np.heaviside(cache, 0.0)  # the step, 0 at Z = 0


@mistake(
    "leaky_relu-slope-on-wrong-side",
    "check_leaky_relu",
    "the 0.01 slope applied to positive Z, the identity to negative Z",
    [r"negative", r"wrong side", r"Z < 0", r"Z > 0", r"positive", r"other way"],
)
def leaky_relu_wrong_side(Z):
    return np.where(Z > 0, 0.01 * Z, Z), Z


@mistake(
    "leaky_relu-slope-0.2",
    "check_leaky_relu",
    "slope 0.2 (another library's default) instead of 0.01",
    [r"0\.01", r"slope"],
)
def leaky_relu_slope_02(Z):
    return np.maximum(0.2 * Z, Z), Z


@mistake(
    "leaky_relu-python-if",
    "check_leaky_relu",
    "a Python if on the whole array: 'truth value of an array is ambiguous'",
    [r"np\.where", r"truth value", r"\bif\b", r"entry by entry", r"element"],
)
def leaky_relu_python_if(Z):
    A = Z if Z > 0 else 0.01 * Z
    return A, Z


@correct("leaky_relu-maximum", "check_leaky_relu")
def leaky_relu_maximum(Z):
    return np.maximum(0.01 * Z, Z), Z


@mistake(
    "tanh_backward-square-of-difference",
    "check_tanh_backward",
    "(1 - tanh(Z))**2 instead of 1 - tanh(Z)**2",
    [
        r"1 - tanh\(Z\) ?\*\* ?2",
        r"1 - np\.tanh\(Z\) ?\*\* ?2",
        r"square.*tanh",
        r"tanh.*square",
        r"parenthes",
        r"tanh\^?2",
    ],
)
def tanh_backward_square_difference(dA, cache):
    return dA * (1 - np.tanh(cache)) ** 2


@mistake(
    "tanh_backward-plus",
    "check_tanh_backward",
    "1 + tanh(Z)**2: a plus where the slope has a minus",
    [r"sign", r"minus", r"1 - ", r"\bplus\b"],
)
def tanh_backward_plus(dA, cache):
    return dA * (1 + np.tanh(cache) ** 2)


@mistake(
    "tanh_backward-sigmoid-form",
    "check_tanh_backward",
    "the sigmoid's form t * (1 - t) used for tanh",
    [r"sigmoid", r"1 - tanh", r"tanh\(Z\) ?\*\* ?2", r"square"],
)
def tanh_backward_sigmoid_form(dA, cache):
    t = np.tanh(cache)
    return dA * t * (1 - t)


@mistake(
    "tanh_backward-cosh-overflow",
    "check_tanh_backward",
    "1 / cosh(Z)**2 overflows for large |Z|",
    [r"overflow", r"cosh", r"large"],
)
def tanh_backward_cosh(dA, cache):
    return dA / np.cosh(cache) ** 2


@correct("tanh_backward-factored", "check_tanh_backward")
def tanh_backward_factored(dA, cache):
    t = np.tanh(cache)
    return dA * (1 - t) * (1 + t)


@correct("tanh_backward-via-sigmoid", "check_tanh_backward")
def tanh_backward_via_sigmoid(dA, cache):
    s = sigmoid(2 * cache)[0]  # tanh(z) = 2 sigmoid(2z) - 1
    return 4 * dA * s * (1 - s)


# ---------------------------------------------------------------------------
# Chapter 10: gradient checking (check_gradient_check)
# ---------------------------------------------------------------------------


def _grads_of(params, X, Y, grads):
    if grads is None:
        AL, caches = forward_prop(X, params)
        grads = backprop(AL, Y, caches)
    return grads


def _J(X, Y, params):
    return lambda theta: cost_function(
        forward_prop(X, vector_to_params(theta, params))[0], Y
    )


def _g_vector(params, grads):
    return np.concatenate([np.ravel(grads["d" + k]) for k in params])


@mistake(
    "gradient_check-no-copy",
    "check_gradient_check",
    "theta_plus = theta without a copy: the nudges land on theta itself",
    [r"copy", r"alias", r"in place", r"restore", r"same array"],
)
def gradient_check_no_copy(params, X, Y, epsilon=1e-6, grads=None):
    grads = _grads_of(params, X, Y, grads)
    J = _J(X, Y, params)
    theta = params_to_vector(params)
    n = np.zeros_like(theta)
    for i in range(theta.size):
        theta_plus = theta
        theta_plus[i] = theta_plus[i] + epsilon
        J_plus = J(theta_plus)
        theta_minus = theta
        theta_minus[i] = theta_minus[i] - epsilon
        J_minus = J(theta_minus)
        n[i] = (J_plus - J_minus) / (2 * epsilon)
    g = _g_vector(params, grads)
    return float(np.linalg.norm(g - n) / (np.linalg.norm(g) + np.linalg.norm(n)))


@mistake(
    "gradient_check-difference-of-norms",
    "check_gradient_check",
    "| ||g|| - ||n|| | instead of ||g - n|| in the numerator",
    [r"\|\|g ?- ?n\|\|", r"norm of the difference", r"numerator"],
)
def gradient_check_difference_of_norms(params, X, Y, epsilon=1e-6, grads=None):
    grads = _grads_of(params, X, Y, grads)
    J = _J(X, Y, params)
    theta = params_to_vector(params)
    n = np.zeros_like(theta)
    for i in range(theta.size):
        e = np.zeros_like(theta)
        e[i] = epsilon
        n[i] = (J(theta + e) - J(theta - e)) / (2 * epsilon)
    g = _g_vector(params, grads)
    gn, nn = np.linalg.norm(g), np.linalg.norm(n)
    return float(abs(gn - nn) / (gn + nn))


@mistake(
    "gradient_check-all-at-once",
    "check_gradient_check",
    "nudges every parameter at once (theta + epsilon) instead of one at a time",
    [
        r"one (entry|parameter|at a time)",
        r"each entry",
        r"every entry",
        r"all at once",
        r"single entry",
    ],
)
def gradient_check_all_at_once(params, X, Y, epsilon=1e-6, grads=None):
    grads = _grads_of(params, X, Y, grads)
    J = _J(X, Y, params)
    theta = params_to_vector(params)
    n = np.zeros_like(theta)
    for i in range(theta.size):
        n[i] = (J(theta + epsilon) - J(theta - epsilon)) / (2 * epsilon)
    g = _g_vector(params, grads)
    return float(np.linalg.norm(g - n) / (np.linalg.norm(g) + np.linalg.norm(n)))


@mistake(
    "gradient_check-entrywise-ratio",
    "check_gradient_check",
    "returns |g - n| / (|g| + |n|) entry by entry, an array, not one number",
    [r"float", r"single number", r"one number", r"norm", r"scalar", r"array"],
)
def gradient_check_entrywise(params, X, Y, epsilon=1e-6, grads=None):
    grads = _grads_of(params, X, Y, grads)
    J = _J(X, Y, params)
    theta = params_to_vector(params)
    n = np.zeros_like(theta)
    for i in range(theta.size):
        plus, minus = theta.copy(), theta.copy()
        plus[i] += epsilon
        minus[i] -= epsilon
        n[i] = (J(plus) - J(minus)) / (2 * epsilon)
    g = _g_vector(params, grads)
    return np.abs(g - n) / (np.abs(g) + np.abs(n) + 1e-30)


@mistake(
    "gradient_check-ignores-grads",
    "check_gradient_check",
    "always recomputes backprop's gradients, ignoring the grads argument",
    [r"grads", r"argument", r"ignor"],
)
def gradient_check_ignores_grads(params, X, Y, epsilon=1e-6, grads=None):
    AL, caches = forward_prop(X, params)
    grads = backprop(AL, Y, caches)
    J = _J(X, Y, params)
    theta = params_to_vector(params)
    n = np.zeros_like(theta)
    for i in range(theta.size):
        plus, minus = theta.copy(), theta.copy()
        plus[i] += epsilon
        minus[i] -= epsilon
        n[i] = (J(plus) - J(minus)) / (2 * epsilon)
    g = _g_vector(params, grads)
    return float(np.linalg.norm(g - n) / (np.linalg.norm(g) + np.linalg.norm(n)))


@mistake(
    "gradient_check-hard-coded-epsilon",
    "check_gradient_check",
    "a hard-coded eps = 1e-7 ignores the epsilon argument",
    [r"epsilon", r"\beps\b", r"argument", r"ignor"],
)
def gradient_check_hard_coded_epsilon(params, X, Y, epsilon=1e-6, grads=None):
    grads = _grads_of(params, X, Y, grads)
    eps = 1e-7
    J = _J(X, Y, params)
    theta = params_to_vector(params)
    n = np.zeros_like(theta)
    for i in range(theta.size):
        plus, minus = theta.copy(), theta.copy()
        plus[i] += eps
        minus[i] -= eps
        n[i] = (J(plus) - J(minus)) / (2 * eps)
    g = _g_vector(params, grads)
    return float(np.linalg.norm(g - n) / (np.linalg.norm(g) + np.linalg.norm(n)))


@mistake(
    "gradient_check-dA-in-g",
    "check_gradient_check",
    "g gathers every entry of grads, the dA ones too, not only dW and db",
    [r"dA", r"dW and db", r"only the parameters", r"length", r"sizes"],
)
def gradient_check_dA_in_g(params, X, Y, epsilon=1e-6, grads=None):
    grads = _grads_of(params, X, Y, grads)
    J = _J(X, Y, params)
    theta = params_to_vector(params)
    n = np.zeros_like(theta)
    for i in range(theta.size):
        plus, minus = theta.copy(), theta.copy()
        plus[i] += epsilon
        minus[i] -= epsilon
        n[i] = (J(plus) - J(minus)) / (2 * epsilon)
    g = np.concatenate([np.ravel(v) for v in grads.values()])
    return float(np.linalg.norm(g - n) / (np.linalg.norm(g) + np.linalg.norm(n)))


@correct("gradient_check-per-array-copies", "check_gradient_check")
def gradient_check_per_array(params, X, Y, epsilon=1e-6, grads=None):
    if grads is None:
        AL, caches = forward_prop(X, params)
        grads = backprop(AL, Y, caches)
    g, n = [], []
    for key in params:
        it = np.nditer(params[key], flags=["multi_index"])
        for _ in it:
            idx = it.multi_index
            plus = {k: np.array(v, dtype=np.float64) for k, v in params.items()}
            minus = {k: np.array(v, dtype=np.float64) for k, v in params.items()}
            plus[key][idx] += epsilon
            minus[key][idx] -= epsilon
            J_plus = cost_function(forward_prop(X, plus)[0], Y)
            J_minus = cost_function(forward_prop(X, minus)[0], Y)
            n.append((J_plus - J_minus) / (2 * epsilon))
            g.append(grads["d" + key][idx])
    g, n = np.asarray(g), np.asarray(n)
    return float(np.linalg.norm(g - n) / (np.linalg.norm(g) + np.linalg.norm(n)))


# ---------------------------------------------------------------------------
# Chapter 11: mini-batches and optimisers
# ---------------------------------------------------------------------------


@mistake(
    "mini_batches-rows-shuffled",
    "check_random_mini_batches",
    "X[order] permutes the rows (features), not the columns (examples)",
    [r"columns", r"X\[:, ?", r"rows", r"examples", r"axis"],
)
def mini_batches_rows(X, Y, batch_size=64, seed=None):
    m = X.shape[1]
    order = np.random.default_rng(seed).permutation(m)
    Xs, Ys = X[order], Y[order]
    return [
        (Xs[:, k : k + batch_size], Ys[:, k : k + batch_size])
        for k in range(0, m, batch_size)
    ]


@mistake(
    "mini_batches-shuffle-in-place",
    "check_random_mini_batches",
    "rng.shuffle(X, axis=1) shuffles the caller's X and Y in place",
    IN_PLACE + (r"shuffle",),
)
def mini_batches_in_place(X, Y, batch_size=64, seed=None):
    m = X.shape[1]
    np.random.default_rng(seed).shuffle(X, axis=1)
    np.random.default_rng(seed).shuffle(Y, axis=1)  # same seed, same order
    return [
        (X[:, k : k + batch_size], Y[:, k : k + batch_size])
        for k in range(0, m, batch_size)
    ]


@mistake(
    "mini_batches-step-1",
    "check_random_mini_batches",
    "range(0, m) without the step batch_size: overlapping batches",
    [
        r"step",
        r"range\(0, ?m, ?batch_size\)",
        r"overlap",
        r"exactly one",
        r"consecutive",
    ],
)
def mini_batches_step_1(X, Y, batch_size=64, seed=None):
    m = X.shape[1]
    order = np.random.default_rng(seed).permutation(m)
    Xs, Ys = X[:, order], Y[:, order]
    batches = []
    for k in range(0, m):
        batches.append((Xs[:, k : k + batch_size], Ys[:, k : k + batch_size]))
    return batches


@mistake(
    "mini_batches-two-lists",
    "check_random_mini_batches",
    "returns (list of X batches, list of Y batches), not a list of pairs",
    [r"pairs", r"list of (batches|tuples|pairs)", r"\(X_batch, ?Y_batch\)", r"zip"],
)
def mini_batches_two_lists(X, Y, batch_size=64, seed=None):
    m = X.shape[1]
    order = np.random.default_rng(seed).permutation(m)
    Xs, Ys = X[:, order], Y[:, order]
    X_batches = [Xs[:, k : k + batch_size] for k in range(0, m, batch_size)]
    Y_batches = [Ys[:, k : k + batch_size] for k in range(0, m, batch_size)]
    return X_batches, Y_batches


@correct("mini_batches-np-split", "check_random_mini_batches")
def mini_batches_split(X, Y, batch_size=64, seed=None):
    m = X.shape[1]
    order = np.random.default_rng(seed).permutation(m)
    cuts = list(range(batch_size, m, batch_size))
    return list(
        zip(
            np.split(X[:, order], cuts, axis=1),
            np.split(Y[:, order], cuts, axis=1),
            strict=True,
        )
    )


@mistake(
    "momentum-velocity-key-without-d",
    "check_update_parameters_with_momentum",
    "v[P] looked up with the parameter's key: v's keys are dW1, db1, ...",
    [r"v has dW1", r"v\[\"d", r"v\['d", r"v\[f\"d", r"keys of v", r"v.s keys"],
)
def momentum_key_without_d(params, grads, v, learning_rate, beta=0.9):
    new_v = {k: beta * v[k] + (1 - beta) * grads[k] for k in v}
    new_params = {P: W - learning_rate * new_v[P] for P, W in params.items()}
    return new_params, new_v


@mistake(
    "momentum-steps-with-old-velocity",
    "check_update_parameters_with_momentum",
    "steps with the old velocity, updating v only after the step",
    [r"first", r"before", r"old", r"order", r"new v", r"updated v"],
)
def momentum_old_velocity(params, grads, v, learning_rate, beta=0.9):
    new_params = {P: W - learning_rate * v["d" + P] for P, W in params.items()}
    new_v = {k: beta * v[k] + (1 - beta) * grads[k] for k in v}
    return new_params, new_v


@mistake(
    "momentum-learning-rate-in-v",
    "check_update_parameters_with_momentum",
    "the other convention: v = beta v - learning_rate dW, params + v",
    [r"\(1 - beta\)", r"learning_rate", r"convention", r"v = beta"],
)
def momentum_rate_in_v(params, grads, v, learning_rate, beta=0.9):
    new_v = {k: beta * v[k] - learning_rate * grads[k] for k in v}
    return {P: W + new_v["d" + P] for P, W in params.items()}, new_v


@correct("momentum-moving-average-form", "check_update_parameters_with_momentum")
def momentum_moving_average(params, grads, v, learning_rate, beta=0.9):
    # beta v + (1 - beta) g, written as v + (1 - beta) (g - v)
    new_v = {k: v[k] + (1 - beta) * (grads[k] - v[k]) for k in grads}
    return {P: params[P] - learning_rate * new_v["d" + P] for P in params}, new_v


def _adam_learner(
    *, v_first=True, power=True, sqrt=True, eps_inside=False, s_beta=None, hat_s=None
):
    """A learner's Adam step; the keywords introduce one mistake each."""

    def update_parameters_with_adam(
        params, grads, v, s, t, learning_rate, beta1=0.9, beta2=0.999, epsilon=1e-8
    ):
        b2 = beta2 if s_beta is None else beta1
        new_v = {k: beta1 * v[k] + (1 - beta1) * grads[k] for k in grads}
        new_s = {k: b2 * s[k] + (1 - b2) * grads[k] ** 2 for k in grads}
        new_params = {}
        for P in params:
            k = "d" + P
            vk = new_v[k] if v_first else v[k]
            c1 = 1 - (beta1**t if power else beta1 * t)
            c2 = 1 - (beta2**t if power else beta2 * t)
            if hat_s == "beta1":
                c2 = 1 - beta1**t
            v_hat, s_hat = vk / c1, new_s[k] / c2
            if eps_inside:
                denominator = np.sqrt(s_hat + epsilon)
            elif sqrt:
                denominator = np.sqrt(s_hat) + epsilon
            else:
                denominator = s_hat + epsilon
            new_params[P] = params[P] - learning_rate * v_hat / denominator
        return new_params, new_v, new_s

    return update_parameters_with_adam


for _id, _kw, _cause, _names in [
    (
        "adam-epsilon-inside-sqrt",
        {"eps_inside": True},
        "epsilon added inside the square root",
        (r"epsilon", r"\beps\b", r"sqrt"),
    ),
    (
        "adam-bias-correction-times-t",
        {"power": False},
        "1 - beta1 * t instead of 1 - beta1 ** t in the bias correction",
        (r"\*\* ?t\b", r"power", r"beta1 ?\*\* ?t", r"not beta1 ?\* ?t"),
    ),
    (
        "adam-no-sqrt",
        {"sqrt": False},
        "divides by s_hat, not by its square root",
        (r"sqrt", r"square root"),
    ),
    (
        "adam-s-with-beta1",
        {"s_beta": "beta1"},
        "s averaged with beta1 instead of beta2",
        (r"beta2", r"beta1 for v", r"for s"),
    ),
    (
        "adam-s_hat-corrected-with-beta1",
        {"hat_s": "beta1"},
        "s_hat bias-corrected with beta1 ** t instead of beta2 ** t",
        (r"beta2 ?\*\* ?t", r"beta2", r"s_hat"),
    ),
    (
        "adam-old-v-in-step",
        {"v_first": False},
        "steps with the old v, before this step's update",
        (r"new v", r"updated", r"before", r"old", r"order", r"first"),
    ),
]:
    MISTAKES.append(
        Mistake(
            _id,
            "check_update_parameters_with_adam",
            _adam_learner(**_kw),
            _cause,
            _names,
        )
    )


@correct("adam-np-functions", "check_update_parameters_with_adam")
def adam_np_functions(
    params, grads, v, s, t, learning_rate, beta1=0.9, beta2=0.999, epsilon=1e-8
):
    v = {k: np.add(np.multiply(beta1, v[k]), (1 - beta1) * grads[k]) for k in v}
    s = {k: beta2 * s[k] + (1 - beta2) * np.square(grads[k]) for k in s}
    out = {}
    for P in params:
        v_hat = np.divide(v["d" + P], 1 - np.power(beta1, t))
        s_hat = np.divide(s["d" + P], 1 - np.power(beta2, t))
        out[P] = params[P] - learning_rate * v_hat / np.add(np.sqrt(s_hat), epsilon)
    return out, v, s


# ---------------------------------------------------------------------------
# Chapter 12: regularisation (check_l2_penalty, check_dropout_mask,
# check_forward_prop_with_dropout, check_one_layer_backward_with_dropout)
# ---------------------------------------------------------------------------


@mistake(
    "l2-norm-not-squared",
    "check_l2_penalty",
    "np.linalg.norm(W), the Frobenius norm, not squared",
    [r"square", r"\*\* ?2", r"norm"],
)
def l2_norm_not_squared(params, lambd, m):
    L = len(params) // 2
    total = sum(np.linalg.norm(params[f"W{l}"]) for l in range(1, L + 1))
    return float(lambd / (2 * m) * total)


@mistake(
    "l2-square-of-sum",
    "check_l2_penalty",
    "np.sum(W) ** 2, the square of the sum, not the sum of squares",
    [
        r"sum of (the )?squares",
        r"square (each|every|the entries)",
        r"np\.sum\(W ?\*\* ?2\)",
        r"square",
    ],
)
def l2_square_of_sum(params, lambd, m):
    L = len(params) // 2
    total = sum(np.sum(params[f"W{l}"]) ** 2 for l in range(1, L + 1))
    return float(lambd / (2 * m) * total)


@mistake(
    "l2-precedence-2-times-m",
    "check_l2_penalty",
    "lambd / 2 * m multiplies by m: the parentheses around 2 * m are missing",
    [r"precedence", r"parenthes", r"\(2 ?\* ?m\)", r"2 ?m\b", r"1/m", r"m times"],
)
def l2_precedence(params, lambd, m):
    total = sum(np.sum(P**2) for k, P in params.items() if k.startswith("W"))
    return float(lambd / 2 * m * total)


@mistake(
    "l2-last-layer-missing",
    "check_l2_penalty",
    "range(1, L) leaves the last layer's weights out",
    [
        r"range\(1, ?L ?\+ ?1\)",
        r"every layer",
        r"last layer",
        r"off by one",
        r"all (the )?layers",
        r"each layer",
    ],
)
def l2_last_layer_missing(params, lambd, m):
    L = len(params) // 2
    total = sum(np.sum(np.square(params[f"W{l}"])) for l in range(1, L))
    return float(lambd / (2 * m) * total)


@correct("l2-vdot-float64", "check_l2_penalty")
def l2_vdot(params, lambd, m):
    total = 0.0
    for key, P in params.items():
        if key[0] == "W":
            flat = np.asarray(P, dtype=np.float64).ravel()
            total += float(np.vdot(flat, flat))
    return lambd * total / (2.0 * m)


@mistake(
    "dropout_mask-unpacked-shape",
    "check_dropout_mask",
    "rng.random(*shape), np.random.rand's habit: the shape must be one tuple",
    [r"shape", r"rng\.random\(shape\)", r"tuple", r"\*shape"],
)
def dropout_mask_unpacked(shape, keep_prob, rng):
    return (rng.random(*shape) < keep_prob) / keep_prob


@mistake(
    "dropout_mask-multiplied",
    "check_dropout_mask",
    "kept units multiplied by keep_prob instead of divided by it",
    [r"divid", r"1 ?/ ?keep_prob", r"multipl"],
)
def dropout_mask_multiplied(shape, keep_prob, rng):
    return (rng.random(shape) < keep_prob) * keep_prob


@mistake(
    "dropout_mask-drop-probability",
    "check_dropout_mask",
    "compares with 1 - keep_prob, the drop probability",
    [r"1 - keep_prob", r"drop prob", r"< ?keep_prob", r"share.*kept"],
)
def dropout_mask_drop_probability(shape, keep_prob, rng):
    return (rng.random(shape) < 1 - keep_prob) / keep_prob


@correct("dropout_mask-binomial", "check_dropout_mask")
def dropout_mask_binomial(shape, keep_prob, rng):
    return rng.binomial(1, keep_prob, size=shape) / keep_prob


@mistake(
    "dropout_forward-mask-on-inputs",
    "check_forward_prop_with_dropout",
    "a mask on the inputs X too, not only on the hidden layers",
    [r"input", r"\bX\b", r"hidden layers only", r"A0", r"layer 0"],
)
def dropout_forward_on_inputs(X, params, keep_prob, seed):
    rng = np.random.default_rng(seed)
    L = len(params) // 2
    A = X * snn.dropout_mask(X.shape, keep_prob, rng)
    caches = []
    for l in range(1, L + 1):
        A_prev, W, b = A, params[f"W{l}"], params[f"b{l}"]
        Z = W @ A_prev + b
        A = sigmoid(Z)[0]
        if l < L:
            D = snn.dropout_mask(A.shape, keep_prob, rng)
            A = A * D
            caches.append(((A_prev, W, b), Z, D))
        else:
            caches.append(((A_prev, W, b), Z))
    return A, caches


@mistake(
    "dropout_forward-seed-for-rng",
    "check_forward_prop_with_dropout",
    "passes the seed to dropout_mask where a generator is expected",
    [r"rng", r"generator", r"default_rng"],
)
def dropout_forward_seed_for_rng(X, params, keep_prob, seed):
    L = len(params) // 2
    A, caches = X, []
    for l in range(1, L + 1):
        A_prev, W, b = A, params[f"W{l}"], params[f"b{l}"]
        Z = W @ A_prev + b
        A = sigmoid(Z)[0]
        if l < L:
            D = snn.dropout_mask(A.shape, keep_prob, seed)
            A = A * D
            caches.append(((A_prev, W, b), Z, D))
        else:
            caches.append(((A_prev, W, b), Z))
    return A, caches


@mistake(
    "dropout_forward-output-cache-with-None",
    "check_forward_prop_with_dropout",
    "the output layer's cache gets a third part, D = None",
    [
        r"output layer",
        r"\(\(A_prev, W, b\), Z\)",
        r"two parts",
        r"no mask",
        r"2 values",
    ],
)
def dropout_forward_output_none(X, params, keep_prob, seed):
    rng = np.random.default_rng(seed)
    L = len(params) // 2
    A, caches = X, []
    for l in range(1, L + 1):
        A_prev, W, b = A, params[f"W{l}"], params[f"b{l}"]
        Z = W @ A_prev + b
        A = sigmoid(Z)[0]
        D = snn.dropout_mask(A.shape, keep_prob, rng) if l < L else None
        if D is not None:
            A = A * D
        caches.append(((A_prev, W, b), Z, D))
    return A, caches


@mistake(
    "dropout_forward-one-mask-reused",
    "check_forward_prop_with_dropout",
    "one mask drawn for the first hidden layer and reused in the others",
    [
        r"each layer",
        r"new mask",
        r"every layer",
        r"per layer",
        r"its own mask",
        r"each hidden layer",
    ],
)
def dropout_forward_one_mask(X, params, keep_prob, seed):
    rng = np.random.default_rng(seed)
    L = len(params) // 2
    A, caches, D = X, [], None
    for l in range(1, L + 1):
        A_prev, W, b = A, params[f"W{l}"], params[f"b{l}"]
        Z = W @ A_prev + b
        A = sigmoid(Z)[0]
        if l < L:
            if D is None:
                D = snn.dropout_mask(A.shape, keep_prob, rng)
            A = A * D
            caches.append(((A_prev, W, b), Z, D))
        else:
            caches.append(((A_prev, W, b), Z))
    return A, caches


@correct("dropout_forward-masks-list", "check_forward_prop_with_dropout")
def dropout_forward_lists(X, params, keep_prob, seed):
    rng = np.random.default_rng(seed)
    L = len(params) // 2
    A, caches = X, []
    for l in range(1, L + 1):
        W, b = params[f"W{l}"], params[f"b{l}"]
        Z = np.dot(W, A) + b
        A_new = 0.5 * (1 + np.tanh(Z / 2))
        if l == L:
            caches.append(((A, W, b), Z))
        else:
            D = np.where(rng.random(A_new.shape) < keep_prob, 1 / keep_prob, 0.0)
            caches.append(((A, W, b), Z, D))
            A_new = D * A_new
        A = A_new
    return A, caches


@mistake(
    "dropout_backward-dA_prev-unmasked",
    "check_one_layer_backward_with_dropout",
    "dW and db from the masked dA, but dA_prev from the unmasked one",
    [r"dA ?\* ?D", r"dA_prev", r"all three", r"every gradient", r"masked dZ"],
)
def dropout_backward_dA_prev_unmasked(dA, cache):
    (A_prev, W, b), Z, D = cache
    m = A_prev.shape[1]
    dZ_masked = snn.sigmoid_backward(dA * D, Z)
    dW = dZ_masked @ A_prev.T / m
    db = np.sum(dZ_masked, axis=1, keepdims=True) / m
    dA_prev = W.T @ snn.sigmoid_backward(dA, Z)
    return dA_prev, dW, db


@mistake(
    "dropout_backward-mask-after-dW",
    "check_one_layer_backward_with_dropout",
    "the mask applied to dZ after dW and db were computed from the unmasked dZ",
    [r"dA ?\* ?D", r"multiply dA", r"before", r"first", r"dW and db"],
)
def dropout_backward_mask_late(dA, cache):
    (A_prev, W, b), Z, D = cache
    m = A_prev.shape[1]
    dZ = snn.sigmoid_backward(dA, Z)
    dW = dZ @ A_prev.T / m
    db = np.sum(dZ, axis=1, keepdims=True) / m
    dZ = dZ * D
    return W.T @ dZ, dW, db


@correct("dropout_backward-mask-on-dZ", "check_one_layer_backward_with_dropout")
def dropout_backward_mask_on_dZ(dA, cache):
    (A_prev, W, b), Z, D = cache
    m = A_prev.shape[1]
    dZ = snn.sigmoid_backward(dA, Z) * D  # the same as masking dA first
    return W.T @ dZ, dZ @ A_prev.T / m, dZ.sum(axis=1, keepdims=True) / m


# ---------------------------------------------------------------------------
# Chapter 13: softmax (check_softmax, check_categorical_cross_entropy,
# check_one_hot)
# ---------------------------------------------------------------------------


@mistake(
    "softmax-global-max",
    "check_softmax",
    "subtracts the max of the whole Z, not each column's max",
    [r"each column", r"axis=0", r"column.s max", r"per column"],
)
def softmax_global_max(Z):
    E = np.exp(Z - np.max(Z))
    return E / E.sum(axis=0, keepdims=True), Z


@mistake(
    "softmax-log-probabilities",
    "check_softmax",
    "returns the log-probabilities Z - logsumexp(Z), without the exp",
    [r"\bexp\b", r"log", r"sum to 1"],
)
def softmax_log(Z):
    shifted = Z - Z.max(axis=0, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=0, keepdims=True)), Z


@mistake(
    "softmax-sigmoid-per-entry",
    "check_softmax",
    "a sigmoid of each entry, not normalised over the column",
    [r"sum to 1", r"normali[sz]", r"divide", r"sigmoid"],
)
def softmax_sigmoid(Z):
    return sigmoid(Z)[0], Z


@mistake(
    "softmax-divides-by-sum-of-Z",
    "check_softmax",
    "divides exp(Z) by the sum of Z instead of the sum of the exponentials",
    [r"sum of (the )?exp", r"E\.sum", r"exponentials", r"normali[sz]", r"sum to 1"],
)
def softmax_sum_of_Z(Z):
    E = np.exp(Z - Z.max(axis=0, keepdims=True))
    return E / Z.sum(axis=0, keepdims=True), Z


@mistake(
    "softmax-shift-in-place",
    "check_softmax",
    "Z -= Z.max(...) changes the caller's Z (and the cache) in place",
    IN_PLACE,
)
def softmax_in_place(Z):
    Z -= Z.max(axis=0, keepdims=True)
    E = np.exp(Z)
    return E / E.sum(axis=0, keepdims=True), Z


@correct("softmax-broadcast-without-keepdims", "check_softmax")
def softmax_no_keepdims(Z):
    E = np.exp(Z - Z.max(axis=0))  # (n, m) - (m,) broadcasts over the columns
    return E / E.sum(axis=0), Z


@mistake(
    "cce-sum-axis-0",
    "check_categorical_cross_entropy",
    "np.sum(..., axis=0) leaves one cost per example instead of one number",
    [r"axis", r"single number", r"one number", r"scalar", r"float\(", r"a number"],
)
def cce_sum_axis_0(AL, Y):
    m = Y.shape[1]
    return -np.sum(Y * np.log(np.clip(AL, 1e-12, 1)), axis=0) / m


@mistake(
    "cce-predicted-class",
    "check_categorical_cross_entropy",
    "takes the probability of the predicted class (argmax of AL), not the true one",
    [r"true class", r"argmax\(Y", r"label", r"Y \* np\.log", r"where Y ?= ?1"],
)
def cce_predicted_class(AL, Y):
    m = Y.shape[1]
    picked = AL[np.argmax(AL, axis=0), np.arange(m)]
    return float(-np.mean(np.log(np.clip(picked, 1e-12, 1))))


@mistake(
    "cce-arguments-swapped",
    "check_categorical_cross_entropy",
    "AL * log(Y): the labels and the predictions swapped",
    [r"swap", r"Y \* (np\.)?log\(AL\)", r"log of AL", r"log\(AL\)"],
)
def cce_swapped(AL, Y):
    m = Y.shape[1]
    return float(-np.sum(AL * np.log(np.clip(Y, 1e-12, 1))) / m)


@correct("cce-pick-true-class", "check_categorical_cross_entropy")
def cce_pick(AL, Y):
    m = Y.shape[1]
    p = AL[np.argmax(Y, axis=0), np.arange(m)]
    return float(-np.mean(np.log(np.maximum(p, 1e-12))))


@mistake(
    "one_hot-row-labels-not-flattened",
    "check_one_hot",
    "labels of shape (1, m) used without flattening: the result is (n, 1, m)",
    [r"ravel", r"flatten", r"reshape", r"\(1, ?m\)", r"\(m,\)", r"row"],
)
def one_hot_not_flattened(labels, n_classes=None):
    labels = np.asarray(labels).astype(int)
    if n_classes is None:
        n_classes = labels.max() + 1
    return np.eye(n_classes)[:, labels]


@mistake(
    "one_hot-max-without-plus-one",
    "check_one_hot",
    "n_classes = labels.max(), one too few",
    [r"\+ ?1", r"one more", r"max\(\) ?\+ ?1", r"largest label"],
)
def one_hot_max(labels, n_classes=None):
    labels = np.asarray(labels).reshape(-1).astype(int)
    if n_classes is None:
        n_classes = labels.max()
    Y = np.zeros((n_classes, labels.size))
    Y[labels, np.arange(labels.size)] = 1
    return Y


@mistake(
    "one_hot-unique-count",
    "check_one_hot",
    "n_classes = number of distinct labels, too few when a class is absent",
    [
        r"largest label",
        r"max\(\) ?\+ ?1",
        r"unique",
        r"absent",
        r"missing",
        r"one more than",
    ],
)
def one_hot_unique(labels, n_classes=None):
    labels = np.asarray(labels).reshape(-1).astype(int)
    n = len(np.unique(labels)) if n_classes is None else n_classes
    Y = np.zeros((n, labels.size))
    for j, c in enumerate(labels):
        if c < n:
            Y[c, j] = 1.0
    return Y


@mistake(
    "one_hot-float-labels",
    "check_one_hot",
    "float labels used as indices without astype(int)",
    [r"\bint\b", r"astype", r"float", r"integer"],
)
def one_hot_float_labels(labels, n_classes=None):
    labels = np.ravel(labels)
    if n_classes is None:
        n_classes = int(labels.max()) + 1
    Y = np.zeros((n_classes, labels.size))
    Y[labels, np.arange(labels.size)] = 1
    return Y


@mistake(
    "one_hot-indices-swapped",
    "check_one_hot",
    "Y[j, c] = 1 in a loop: example and class indices swapped",
    [
        r"Y\[labels, ",
        r"\[class, example\]",
        r"rows?.*class",
        r"transpos",
        r"swap",
        r"\(n_classes, ?m\)",
    ],
)
def one_hot_indices_swapped(labels, n_classes=None):
    labels = np.asarray(labels).reshape(-1).astype(int)
    n = labels.max() + 1 if n_classes is None else n_classes
    Y = np.zeros((n, labels.size))
    for j, c in enumerate(labels):
        Y[j, c] = 1.0
    return Y


@correct("one_hot-broadcast-compare", "check_one_hot")
def one_hot_compare(labels, n_classes=None):
    labels = np.asarray(labels, dtype=float).ravel().astype(np.int64)
    n = int(labels.max()) + 1 if n_classes is None else int(n_classes)
    return (np.arange(n)[:, None] == labels[None, :]).astype(np.float64)


# ---------------------------------------------------------------------------
# Chapter 14: make it fast (check_loop_dW)
# ---------------------------------------------------------------------------


@mistake(
    "loop_dW-integer-zeros",
    "check_loop_dW",
    "dW = np.zeros(..., dtype=int) cannot accumulate floats",
    [r"dtype", r"\bint", r"float"],
)
def loop_dW_int(dZ, A_prev):
    m = A_prev.shape[1]
    dW = np.zeros((dZ.shape[0], A_prev.shape[0]), dtype=int)
    for i in range(m):
        dW += np.outer(dZ[:, i], A_prev[:, i])
    return dW / m


@mistake(
    "loop_dW-loops-over-rows",
    "check_loop_dW",
    "loops over dZ's rows (units) instead of its columns (examples)",
    [r"columns?", r"examples?", r"shape\[1\]", r"range\(m\)", r"rows"],
)
def loop_dW_rows(dZ, A_prev):
    m = A_prev.shape[1]
    dW = np.zeros((dZ.shape[0], A_prev.shape[0]))
    for i in range(dZ.shape[0]):
        dW += np.outer(dZ[:, i], A_prev[:, i])
    return dW / m


@mistake(
    "loop_dW-1d-transpose",
    "check_loop_dW",
    "dZ[:, i] @ A_prev[:, i].T: .T does nothing to a 1-D slice, a dot product",
    [r"np\.outer", r"1-?D", r"outer product", r"\.T", r"column times a row"],
)
def loop_dW_1d_transpose(dZ, A_prev):
    m = A_prev.shape[1]
    dW = np.zeros((dZ.shape[0], A_prev.shape[0]))
    for i in range(m):
        dW = dW + dZ[:, i] @ A_prev[:, i].T
    return dW / m


@correct("loop_dW-column-times-row", "check_loop_dW")
def loop_dW_column_row(dZ, A_prev):
    m = dZ.shape[1]
    return sum(dZ[:, [i]] * A_prev[:, [i]].T for i in range(m)) / m


@correct("loop_dW-float64-accumulator", "check_loop_dW")
def loop_dW_float64_acc(dZ, A_prev):
    dW = np.zeros((dZ.shape[0], A_prev.shape[0]), dtype=np.float64)
    for dz, a in zip(dZ.T, A_prev.T, strict=True):
        dW += np.multiply.outer(dz, a)
    return (dW / dZ.shape[1]).astype(np.result_type(dZ, A_prev))
