"""Tests of the checkers in scratchnn.exercises.backprop."""

import re

import numpy as np
import pytest

import scratchnn as snn
from scratchnn import exercises as ex
from scratchnn.exercises._hints import _HINT_SUM_EXAMPLES

from ._helpers import fails_saying, fails_with, hints


def _loop_dW(order="dz first", skip=0, mean=True):
    def loop_dW(dZ, A_prev):
        m = dZ.shape[1]
        dW = np.zeros((dZ.shape[0], A_prev.shape[0]))
        for i in range(m - skip):
            dW += np.outer(dZ[:, i], A_prev[:, i])
        if order != "dz first":
            dW = dW.T
        return dW / m if mean else dW

    return loop_dW


@pytest.mark.parametrize(
    "fn, word",
    [
        (_loop_dW(mean=False), "m times too large"),
        (_loop_dW(order="a first"), "transpose"),
        (_loop_dW(skip=1), "skips an example"),
        (lambda dZ, A_prev: np.dot(dZ[:, 0], A_prev[:, 0]), "np.outer"),
    ],
)
def test_loop_dW_mistakes(fn, word):
    fails_with(ex.check_loop_dW, fn, word)


def test_a_loop_dW_in_loops_passes():
    assert ex.check_loop_dW(_loop_dW())


def _layer_backward(dW=None, dA_prev=None, slope_of_cache=False):
    def one_layer_backward(dA, cache):
        (A_prev, W, b), Z = cache
        m = A_prev.shape[1]
        s = Z if slope_of_cache else snn.sigmoid(Z)[0]
        dZ = dA * s * (1 - s)
        grad_W = dW(dZ, A_prev, m) if dW else dZ @ A_prev.T / m
        grad_A = dA_prev(W, dZ) if dA_prev else W.T @ dZ
        return grad_A, grad_W, np.sum(dZ, axis=1, keepdims=True) / m

    return one_layer_backward


@pytest.mark.parametrize(
    "fn, word",
    [
        (_layer_backward(dW=lambda dZ, A_prev, m: dZ @ A_prev.T), "1/m"),
        (
            _layer_backward(dW=lambda dZ, A_prev, m: dZ @ A_prev / m),
            "transpose of A_prev",
        ),
        (_layer_backward(dA_prev=lambda W, dZ: W @ dZ), "transpose of W"),
        (_layer_backward(dW=lambda dZ, A_prev, m: A_prev @ dZ.T / m), "order"),
        (_layer_backward(slope_of_cache=True), "Z, not A"),
        (
            lambda dA, cache: snn.one_layer_backward(dA, cache)[:2],
            "return dA_prev, dW, db",
        ),
    ],
)
def test_one_layer_backward_mistakes(fn, word):
    fails_with(ex.check_one_layer_backward, fn, word)


def test_db_as_a_row_is_named():
    def one_layer_backward(dA, cache):
        dA_prev, dW, db = snn.one_layer_backward(dA, cache)
        return dA_prev, dW, db.ravel()

    fails_with(ex.check_one_layer_backward, one_layer_backward, "keepdims=True")


def test_db_summed_over_the_examples_axis_is_named():
    def one_layer_backward(dA, cache):
        dA_prev, dW, _ = snn.one_layer_backward(dA, cache)
        (A_prev, W, b), Z = cache
        dZ = snn.sigmoid_backward(dA, Z)
        return dA_prev, dW, np.sum(dZ, axis=0, keepdims=True) / A_prev.shape[1]

    result = fails_with(
        ex.check_one_layer_backward, one_layer_backward, "axis=1, keepdims=True"
    )
    assert all(case.hint == _HINT_SUM_EXAMPLES for case in result.cases)


def _learners_backprop(AL, Y, caches):
    """Chapter 5's solution: scratchnn's gradients and dA0, which scratchnn's
    backprop leaves out (layer 1 has no layer below) and a learner's gives."""
    grads = snn.backprop(AL, Y, caches)
    if len(caches) == 1:
        grads["dA0"] = snn.linear_backward(AL - Y, caches[0][0])[0]
    else:
        grads["dA0"] = snn.one_layer_backward(grads["dA1"], caches[0])[0]
    return grads


def test_a_backprop_with_or_without_dA0_passes():
    assert ex.check_backprop(_learners_backprop)
    without = ex.check_backprop(snn.backprop)  # scratchnn's own, with a note
    assert without and "scratchnn.backprop itself" in without.note


@pytest.mark.parametrize("with_dA0", [True, False])
def test_a_missing_gradient_is_named_and_dA0_is_not_blamed(with_dA0):
    def backprop(AL, Y, caches):
        grads = (
            _learners_backprop(AL, Y, caches)
            if with_dA0
            else snn.backprop(AL, Y, caches)
        )
        del grads["db2"]
        return grads

    result = ex.check_backprop(backprop)
    assert not result
    assert "grads lacks ['db2']" in result.cases[0].message
    assert result.cases[0].hint.startswith("a dictionary key is missing")
    assert "dA0" not in result.cases[0].hint


def test_a_wrong_dA0_is_caught_when_given():
    def backprop(AL, Y, caches):
        grads = _learners_backprop(AL, Y, caches)
        grads["dA0"] = grads["dA0"] * 2
        return grads

    assert not ex.check_backprop(backprop)


def _shifted(AL, Y, caches):
    grads = _learners_backprop(AL, Y, caches)
    L = len(caches)
    for l in range(L, 0, -1):
        grads[f"dA{l}"] = grads.pop(f"dA{l - 1}")
    return grads


def _no_mean(AL, Y, caches):
    m = Y.shape[1]
    return {
        k: (v * m if k[:2] != "dA" else v)
        for k, v in _learners_backprop(AL, Y, caches).items()
    }


def _dA_over_m(AL, Y, caches):
    m = Y.shape[1]
    return {
        k: (v / m if k[:2] == "dA" else v)
        for k, v in _learners_backprop(AL, Y, caches).items()
    }


@pytest.mark.parametrize(
    "fn, word",
    [
        (_shifted, "off by one"),
        (_no_mean, "1/m"),
        (_dA_over_m, "the 1/m belongs in dW and db only"),
        (lambda AL, Y, caches: {"dW1": 0}, "a dictionary key is missing"),
        (lambda AL, Y, caches: None, "return statement"),
    ],
)
def test_backprop_mistakes(fn, word):
    fails_with(ex.check_backprop, fn, word)


def test_backprop_that_finite_differences_reject():
    def rounded(AL, Y, caches):
        return {k: v * (1 + 3e-7) for k, v in _learners_backprop(AL, Y, caches).items()}

    def with_nan(AL, Y, caches):
        return {**_learners_backprop(AL, Y, caches), "dW1": np.full((4, 3), np.nan)}

    for fn, difference in [(rounded, r"1\.\d+e-07"), (with_nan, "nan")]:
        case = ex.check_backprop(fn).cases[3]
        assert case.name.endswith("agree with finite differences (gradient_check)")
        assert not case.passed
        assert re.fullmatch(
            f"relative difference {difference} from finite differences, "
            "where it should be below 1e-7",
            case.message,
        )


def test_backprop_returning_a_list():
    fails_saying(ex.check_backprop, lambda AL, Y, caches: [], "should be a dict")


def test_backprop_off_by_one_values_under_the_right_keys():
    def backprop(AL, Y, caches):
        grads = _learners_backprop(AL, Y, caches)
        L = len(caches)
        for l in range(L, 0, -1):
            grads[f"dA{l}"] = grads[f"dA{l - 1}"]
        grads["dA0"] = grads["dA0"] * 0
        return grads

    fails_with(ex.check_backprop, backprop, "off by one")


def test_backprop_with_transposed_gradients():
    def backprop(AL, Y, caches):
        return {k: v.T for k, v in _learners_backprop(AL, Y, caches).items()}

    fails_with(ex.check_backprop, backprop, "order")


def _backprop_with(slope=None, sign=1, lambd_in_db=False, l2_factor=None):
    def backprop(AL, Y, caches, *lambd):
        lam = lambd[0] if lambd else 0.0
        L, m, grads = len(caches), AL.shape[1], {}
        dZ = sign * (AL - Y)
        for l in range(L, 0, -1):
            (A_prev, W, b), Z = caches[l - 1]
            if l < L:
                dZ = (slope or snn.sigmoid_backward)(grads[f"dA{l}"], Z)
            factor = lam / m if l2_factor is None else l2_factor * lam
            grads[f"dW{l}"] = dZ @ A_prev.T / m + (0 if lambd_in_db else factor * W)
            grads[f"db{l}"] = dZ.sum(axis=1, keepdims=True) / m
            if lambd_in_db:
                grads[f"dW{l}"] = grads[f"dW{l}"] + factor * W
                grads[f"db{l}"] = grads[f"db{l}"] + factor * b
            grads[f"dA{l - 1}"] = W.T @ dZ
        return grads

    return backprop


def _slope_of_cache_as_A(dA, Z):
    return dA * Z * (1 - Z)


def _layer_backward_dA_for_dZ(dA, cache):
    (A_prev, W, b), Z = cache
    dA_prev, dW, db = snn.one_layer_backward(dA, cache)
    return W.T @ dA, dW, db


def _layer_backward_dropout(mask="cached"):
    """A learner's one_layer_backward with a dropout mask, right or wrong."""

    def one_layer_backward_with_dropout(dA, cache):
        linear_cache, Z, D = cache
        if mask == "cached":
            dA = dA * D
        elif mask == "0/1":
            dA = dA * (D > 0)
        elif mask == "swapped":
            dA = dA * (D == 0)
        elif mask == "new":
            keep = np.random.default_rng().random(dA.shape) < 0.8
            dA = dA * keep / 0.8
        dA_prev, dW, db = snn.one_layer_backward(dA, (linear_cache, Z))
        if mask == "dA_prev":
            dA_prev = dA_prev * D
        return dA_prev, dW, db

    return one_layer_backward_with_dropout


def _slope_twice(AL, Y, caches):
    grads = _backprop_with()(AL, Y, caches)
    m = AL.shape[1]
    (A_prev, W, b), Z = caches[-1]
    L = len(caches)
    dZ = (AL - Y) * AL * (1 - AL)
    grads[f"dW{L}"], grads[f"db{L}"] = dZ @ A_prev.T / m, dZ.sum(1, keepdims=True) / m
    return grads


MISTAKES = [
    (
        "backprop slope of Z as A",
        ex.check_backprop,
        _backprop_with(slope=_slope_of_cache_as_A),
        "the cache holds Z",
    ),
    ("backprop sign", ex.check_backprop, _backprop_with(sign=-1), "wrong sign"),
    (
        "backprop slope twice",
        ex.check_backprop,
        lambda *a: _slope_twice(*a),
        "already dZ",
    ),
    (
        "one_layer dA for dZ",
        ex.check_one_layer_backward,
        _layer_backward_dA_for_dZ,
        "not by dA",
    ),
    (
        "l2 grad in db",
        lambda fn: ex.check_backprop(fn, lambd=0.7),
        _backprop_with(lambd_in_db=True),
        "weights only",
    ),
    (
        "l2 grad missing 1/m",
        lambda fn: ex.check_backprop(fn, lambd=0.7),
        _backprop_with(l2_factor=1.0),
        "divide by m",
    ),
    (
        "l2 grad missing",
        lambda fn: ex.check_backprop(fn, lambd=0.7),
        _backprop_with(l2_factor=0.0),
        "add the L2 gradient",
    ),
    (
        "db without keepdims",
        ex.check_one_layer_backward,
        lambda dA, cache: (lambda r: (r[0], r[1], r[2].ravel()))(
            snn.one_layer_backward(dA, cache)
        ),
        "keepdims",
    ),
    (
        "db summed over all",
        ex.check_one_layer_backward,
        lambda dA, cache: (lambda r: (r[0], r[1], np.sum(r[2]) * 1.0))(
            snn.one_layer_backward(dA, cache)
        ),
        "axis=1",
    ),
    (
        "dW transposed",
        ex.check_one_layer_backward,
        lambda dA, cache: (lambda r: (r[0], r[1].T, r[2]))(
            snn.one_layer_backward(dA, cache)
        ),
        "transpose",
    ),
    (
        "dropout mask not applied backward",
        ex.check_one_layer_backward_with_dropout,
        _layer_backward_dropout("none"),
        "multiply dA by the cached mask",
    ),
    (
        "dropout mask turned to 0/1 backward",
        ex.check_one_layer_backward_with_dropout,
        _layer_backward_dropout("0/1"),
        "already holds 0 and 1 / keep_prob",
    ),
    (
        "dropout keep and drop swapped backward",
        ex.check_one_layer_backward_with_dropout,
        _layer_backward_dropout("swapped"),
        "not the other way round",
    ),
    (
        "dropout new mask backward",
        ex.check_one_layer_backward_with_dropout,
        _layer_backward_dropout("new"),
        "a new mask drawn",
    ),
    (
        "dropout mask on dA_prev",
        ex.check_one_layer_backward_with_dropout,
        _layer_backward_dropout("dA_prev"),
        "not dA_prev",
    ),
]


@pytest.mark.parametrize(
    "checker, fn, word", [m[1:] for m in MISTAKES], ids=[m[0] for m in MISTAKES]
)
def test_the_table_of_mistakes(checker, fn, word):
    result = checker(fn)
    assert not result
    assert word in hints(result), (word, result.cases)


RIGHT = [
    ("backprop by hand", ex.check_backprop, _backprop_with()),
    ("backprop with L2", lambda fn: ex.check_backprop(fn, lambd=0.7), _backprop_with()),
    (
        "dropout backward by hand",
        ex.check_one_layer_backward_with_dropout,
        _layer_backward_dropout(),
    ),
]


@pytest.mark.parametrize(
    "checker, fn", [r[1:] for r in RIGHT], ids=[r[0] for r in RIGHT]
)
def test_right_answers_in_other_styles_pass(checker, fn):
    assert checker(fn)


def test_a_mask_applied_twice_is_named_not_called_missing():
    def twice(dA, cache):
        linear_cache, Z, D = cache
        return snn.one_layer_backward(dA * D * D, (linear_cache, Z))

    result = fails_with(ex.check_one_layer_backward_with_dropout, twice, "twice")
    assert "multiply dA by the cached mask first" not in hints(result)


def test_db_never_summed_keeps_one_column_per_example_and_is_named():
    # db = dZ / m: the sum over the examples is forgotten, db is (n, m).
    def one_layer_backward(dA, cache):
        dA_prev, dW, _ = snn.one_layer_backward(dA, cache)
        (A_prev, W, b), Z = cache
        return dA_prev, dW, snn.sigmoid_backward(dA, Z) / A_prev.shape[1]

    result = fails_with(
        ex.check_one_layer_backward,
        one_layer_backward,
        "db has one column per example where it needs one column",
    )
    assert "np.sum(..., axis=1, keepdims=True)" in hints(result)
