"""Tests of scratchnn.exercises: right answers pass, classic mistakes are named."""

import re

import numpy as np
import pytest

import scratchnn as snn
from scratchnn import exercises as ex
from scratchnn.datasets import one_hot
from scratchnn.exercises import CaseResult, CheckResult
from scratchnn.exercises._harness import _watch
from scratchnn.exercises._hints import _HINT_SUM_EXAMPLES, _HINT_Z_NOT_A
from scratchnn.exercises.activations import _HINT_OVERFLOW
from scratchnn.gradcheck import params_to_vector, vector_to_params

REFERENCES = {
    ex.check_init_params: snn.init_params,
    ex.check_sigmoid: snn.sigmoid,
    ex.check_sigmoid_backward: snn.sigmoid_backward,
    ex.check_linear_forward: snn.linear_forward,
    ex.check_forward_prop: snn.forward_prop,
    ex.check_cost_function: snn.cost_function,
    ex.check_one_layer_backward: snn.one_layer_backward,
    ex.check_backprop: snn.backprop,
    ex.check_update_parameters: snn.update_parameters,
    ex.check_model: snn.model,
    ex.check_relu: snn.relu,
    ex.check_relu_backward: snn.relu_backward,
    ex.check_tanh_backward: snn.tanh_backward,
    ex.check_leaky_relu: snn.leaky_relu,
    ex.check_softmax: snn.softmax,
    ex.check_categorical_cross_entropy: snn.categorical_cross_entropy,
    ex.check_gradient_check: snn.gradient_check,
    ex.check_random_mini_batches: snn.random_mini_batches,
    ex.check_update_parameters_with_momentum: snn.update_parameters_with_momentum,
    ex.check_update_parameters_with_adam: snn.update_parameters_with_adam,
    ex.check_l2_penalty: snn.l2_penalty,
    ex.check_dropout_mask: snn.dropout_mask,
    ex.check_forward_prop_with_dropout: lambda X, params, keep_prob, seed: (
        snn.forward_prop(X, params, keep_prob=keep_prob, seed=seed)
    ),
    ex.check_one_layer_backward_with_dropout: snn.one_layer_backward,
    ex.check_one_hot: one_hot,
    ex.check_loop_dW: lambda dZ, A_prev: dZ @ A_prev.T / dZ.shape[1],
}


def test_every_checker_is_tested_and_exported():
    checkers = {name for name in ex.__all__ if name.startswith("check_")}
    assert checkers == {checker.__name__ for checker in REFERENCES}


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


def hints(result: CheckResult) -> str:
    """Every failed case's hint, joined, to search for a mistake's name."""
    return " | ".join(case.hint for case in result.cases if not case.passed)


def fails_with(checker, fn, *words, where=hints):
    """Assert that ``checker`` rejects ``fn`` with hints naming ``words``."""
    result = checker(fn)
    assert not result
    assert not result.passed
    for word in words:
        assert word in where(result), (word, result.cases)
    return result


def messages(result: CheckResult) -> str:
    """Every failed case's message, joined."""
    return " | ".join(case.message for case in result.cases if not case.passed)


def fails_saying(checker, fn, *words):
    """Assert that ``checker`` rejects ``fn`` with messages saying ``words``."""
    return fails_with(checker, fn, *words, where=messages)


@pytest.mark.parametrize("checker", REFERENCES, ids=lambda c: c.__name__)
def test_reference_passes(checker, capsys):
    result = checker(REFERENCES[checker])
    assert result
    assert result.passed and result.n_passed == result.n_cases >= 2
    assert all(isinstance(case, CaseResult) and case.passed for case in result.cases)
    out = capsys.readouterr().out
    assert out.endswith(f"All {result.n_cases} checks passed.\n")
    assert "✗" not in out
    assert repr(result) == (
        f"CheckResult({checker.__name__}: {result.n_cases}/{result.n_cases} passed)"
    )


# Readers' own correct versions, written the simple way.


def my_sigmoid(Z):
    return np.exp(-np.logaddexp(0, -Z)), Z


def my_backprop(AL, Y, caches):
    grads = {}
    L = len(caches)
    dA = -(Y / AL - (1 - Y) / (1 - AL))
    for l in range(L, 0, -1):
        dA_prev, dW, db = snn.one_layer_backward(dA, caches[l - 1])
        grads[f"dA{l - 1}"], grads[f"dW{l}"], grads[f"db{l}"] = dA_prev, dW, db
        dA = dA_prev
    return grads


def my_one_layer_backward(dA, cache):
    (A_prev, W, b), Z = cache
    return snn.one_layer_backward(dA, cache)


def my_cost_as_array(AL, Y):
    return np.array([[snn.cost_function(AL, Y)]])


def my_update_in_place(params, grads, learning_rate):
    for key in params:
        params[key] -= learning_rate * grads[f"d{key}"]
    return params


def my_model_small_init(X, Y, layer_dims, learning_rate, num_iterations, seed):
    return snn.model(X, Y, layer_dims, learning_rate, num_iterations, seed, init="he")


@pytest.mark.parametrize(
    "checker, fn",
    [
        (ex.check_sigmoid, my_sigmoid),
        (ex.check_backprop, my_backprop),
        (ex.check_one_layer_backward, my_one_layer_backward),
        (ex.check_update_parameters, my_update_in_place),
        (ex.check_model, my_model_small_init),
        (ex.check_cost_function, my_cost_as_array),
    ],
)
def test_other_right_answers_pass(checker, fn):
    assert checker(fn)


def test_notes_for_right_answers_done_differently(capsys):
    ex.check_cost_function(my_cost_as_array)
    assert "float(cost)" in capsys.readouterr().out
    ex.check_update_parameters(my_update_in_place)
    assert "also changed the params" in capsys.readouterr().out
    ex.check_model(my_model_small_init)
    assert "need not match" in capsys.readouterr().out


# Initialisation.


def _init(W, b=np.zeros):
    def init(layer_dims, seed=None):
        params = {}
        for l in range(1, len(layer_dims)):
            n, n_prev = layer_dims[l], layer_dims[l - 1]
            params[f"W{l}"] = W(n, n_prev, seed)
            params[f"b{l}"] = b((n, 1))
        return params

    return init


@pytest.mark.parametrize(
    "fn, word",
    [
        (_init(lambda n, k, seed: np.zeros((n, k))), "symmetr"),
        (_init(lambda n, k, seed: np.full((n, k), 0.01)), "symmetr"),
        (
            _init(lambda n, k, seed: np.random.default_rng(seed).random((k, n))),
            "transpose",
        ),
        (
            _init(
                lambda n, k, seed: np.random.default_rng(seed).random((n, k)), np.ones
            ),
            "zero",
        ),
        (_init(lambda n, k, seed: np.random.default_rng().random((n, k))), "seed"),
        (_init(lambda n, k, seed: np.random.default_rng(42).random((n, k))), "seed"),
        (lambda layer_dims, seed: {"W1": np.ones((4, 3))}, "L = len(params) // 2"),
    ],
)
def test_init_mistakes(fn, word):
    fails_with(ex.check_init_params, fn, word)


def test_init_with_another_scale_passes_with_a_note(capsys):
    def init(layer_dims, seed):
        return snn.init_params(layer_dims, seed, method="small")

    assert ex.check_init_params(init)
    assert "fine if you drew or scaled them another way" in capsys.readouterr().out


@pytest.mark.parametrize(
    "checker, fn",
    [
        (ex.check_init_params, lambda layer_dims, seed: None),
        (ex.check_dropout_mask, lambda shape, keep_prob, rng: None),
        (ex.check_random_mini_batches, lambda X, Y, batch_size, seed: None),
    ],
)
def test_a_forgotten_return_is_named(checker, fn):
    result = checker(fn)
    assert result.n_passed == 0
    assert {(case.message, case.hint) for case in result.cases} == {
        ("your function returned None", "did you forget the return statement?")
    }


# The sigmoid and its backward step.


def test_sigmoid_overflow_is_named_and_no_warning_leaks():
    result = fails_with(
        ex.check_sigmoid, lambda Z: (1 / (1 + np.exp(-Z)), Z), "overflows"
    )
    assert result.n_passed == result.n_cases - 1


def test_sigmoid_mistakes():
    fails_with(ex.check_sigmoid, lambda Z: (snn.sigmoid(Z)[0],) * 2, "not A")
    fails_with(ex.check_sigmoid, lambda Z: (snn.sigmoid(-Z)[0], Z), "sign")
    fails_with(ex.check_sigmoid, lambda Z: snn.sigmoid(Z)[0], "return A, cache")
    fails_with(ex.check_sigmoid, lambda Z: None, "return statement")


def test_sigmoid_overflow_is_caught_under_a_strict_errstate():
    with np.errstate(over="raise", divide="raise", invalid="raise"):
        fails_with(ex.check_sigmoid, lambda Z: (1 / (1 + np.exp(-Z)), Z), "overflows")


@pytest.mark.parametrize(
    "fn, word",
    [
        (lambda dA, Z: dA * Z * (1 - Z), "Z, not A"),
        (
            lambda dA, Z: (
                dA
                * snn.sigmoid(snn.sigmoid(Z)[0])[0]
                * (1 - snn.sigmoid(snn.sigmoid(Z)[0])[0])
            ),
            "Z, not A",
        ),
        (lambda dA, Z: snn.sigmoid(Z)[0] * (1 - snn.sigmoid(Z)[0]), "multiply by dA"),
        (lambda dA, Z: dA / (1 + np.exp(-Z)) * (1 - 1 / (1 + np.exp(-Z))), "overflow"),
    ],
)
def test_sigmoid_backward_mistakes(fn, word):
    fails_with(ex.check_sigmoid_backward, fn, word)


# Forward propagation.


@pytest.mark.parametrize(
    "fn, word",
    [
        (lambda A, W, b: (A @ W + b, (A, W, b)), "order"),
        (lambda A, W, b: (W.T @ A + b, (A, W, b)), "no transpose"),
        (lambda A, W, b: (W @ A, (A, W, b)), "add the bias"),
        (lambda A, W, b: (W @ A + b, (W, A, b)), ""),
    ],
)
def test_linear_forward_mistakes(fn, word):
    fails_with(ex.check_linear_forward, fn, word)


def _forward(last=True, stop_early=False, keep_A=False):
    def forward_prop(X, params):
        L = len(params) // 2
        A, caches = X, []
        for l in range(1, L + 1 - stop_early):
            Z, linear_cache = snn.linear_forward(A, params[f"W{l}"], params[f"b{l}"])
            A_new = snn.sigmoid(Z)[0] if (l < L or last) else Z
            caches.append((linear_cache, A_new if keep_A else Z))
            A = A_new
        return A, caches

    return forward_prop


@pytest.mark.parametrize(
    "fn, word",
    [
        (_forward(last=False), "did you return Z"),
        (_forward(stop_early=True), "one layer early"),
        (_forward(keep_A=True), "Z, not A"),
        (lambda X, params: (snn.forward_prop(X, params)[0], []), "one cache"),
    ],
)
def test_forward_prop_mistakes(fn, word):
    fails_with(ex.check_forward_prop, fn, word)


def test_forward_prop_with_a_key_error_is_reported():
    def forward_prop(X, params):
        return snn.forward_prop(X, {**params, "W9": params["W1"]})

    def forward_prop_L(X, params):
        A = X
        for l in range(1, len(params) + 1):
            A = snn.sigmoid(params[f"W{l}"] @ A + params[f"b{l}"])[0]
        return A, []

    fails_with(ex.check_forward_prop, forward_prop_L, "L = len(params) // 2")


# The cost.


def _cost(scale=1.0, clip=True):
    def cost_function(AL, Y):
        m = Y.shape[1]
        P = np.clip(AL, 1e-15, 1 - 1e-15) if clip else AL
        return scale * float(-np.sum(Y * np.log(P) + (1 - Y) * np.log(1 - P)) / m)

    return cost_function


@pytest.mark.parametrize(
    "fn, word",
    [
        (lambda AL, Y: Y.shape[1] * snn.cost_function(AL, Y), "1/m"),
        (lambda AL, Y: -snn.cost_function(AL, Y), "minus sign"),
        (_cost(clip=False), "clip"),
        (
            lambda AL, Y: float(np.mean(-Y * np.log(np.clip(AL, 1e-3, 1)))),
            "eps looks larger",
        ),
        (lambda AL, Y: AL * 0 + 1, "single number"),
        (
            lambda AL, Y: snn.cost_function(AL, Y) * Y.shape[1] / Y.shape[0],
            "m = Y.shape[1]",
        ),
    ],
)
def test_cost_mistakes(fn, word):
    fails_with(ex.check_cost_function, fn, word)


def test_wrong_length_tuples_are_counted():
    result = fails_saying(
        ex.check_linear_forward,
        lambda A, W, b: (W @ A + b, A, W, b),
        "your function should return a tuple (Z, cache), got 4 values",
    )
    assert "end with: return Z, cache" in hints(result)
    result = ex.check_sigmoid(lambda Z: (snn.sigmoid(Z)[0],))
    assert result.cases[0].message == (
        "your function should return a tuple (A, cache), got 1 value"
    )


def _forward_caching(cache_of):
    def forward_prop(X, params):
        A, caches = X, []
        for l in range(1, len(params) // 2 + 1):
            W, b = params[f"W{l}"], params[f"b{l}"]
            Z = W @ A + b
            caches.append(cache_of(A, W, b, Z))
            A = snn.sigmoid(Z)[0]
        return A, caches

    return forward_prop


@pytest.mark.parametrize(
    "checker, fn, message",
    [
        (
            ex.check_forward_prop,
            _forward_caching(lambda A, W, b, Z: (A, W, b, Z)),
            "the cache of layer 1 should be a tuple (linear_cache, Z), got 4 values",
        ),
        (
            ex.check_forward_prop,
            _forward_caching(lambda A, W, b, Z: ((A, W), Z)),
            "the linear cache of layer 1 should be a tuple (A_prev, W, b), "
            "got 2 values",
        ),
        (
            ex.check_random_mini_batches,
            lambda X, Y, b, seed: [
                (Xb, Yb, 0) for Xb, Yb in snn.random_mini_batches(X, Y, b, seed)
            ],
            "each batch should be a tuple (X_batch, Y_batch), got 3 values",
        ),
    ],
)
def test_wrong_values_inside_the_result_are_described(checker, fn, message):
    result = fails_saying(checker, fn, message)
    assert "end with" not in hints(result)


def test_cost_that_is_not_a_number():
    fails_saying(ex.check_cost_function, lambda AL, Y: "half", "should be a number")


def test_cost_with_a_python_float_passes():
    assert ex.check_cost_function(_cost())


# Backpropagation.


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


def _shifted(AL, Y, caches):
    grads = snn.backprop(AL, Y, caches)
    L = len(caches)
    for l in range(L, 0, -1):
        grads[f"dA{l}"] = grads.pop(f"dA{l - 1}")
    return grads


def _no_mean(AL, Y, caches):
    m = Y.shape[1]
    return {
        k: (v * m if k[:2] != "dA" else v)
        for k, v in snn.backprop(AL, Y, caches).items()
    }


def _dA_over_m(AL, Y, caches):
    m = Y.shape[1]
    return {
        k: (v / m if k[:2] == "dA" else v)
        for k, v in snn.backprop(AL, Y, caches).items()
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
        return {k: v * (1 + 3e-7) for k, v in snn.backprop(AL, Y, caches).items()}

    def with_nan(AL, Y, caches):
        return {**snn.backprop(AL, Y, caches), "dW1": np.full((4, 3), np.nan)}

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
        grads = snn.backprop(AL, Y, caches)
        L = len(caches)
        for l in range(L, 0, -1):
            grads[f"dA{l}"] = grads[f"dA{l - 1}"]
        grads["dA0"] = grads["dA0"] * 0
        return grads

    fails_with(ex.check_backprop, backprop, "off by one")


def test_backprop_with_transposed_gradients():
    def backprop(AL, Y, caches):
        return {k: v.T for k, v in snn.backprop(AL, Y, caches).items()}

    fails_with(ex.check_backprop, backprop, "order")


# Gradient descent.


@pytest.mark.parametrize(
    "fn, word",
    [
        (lambda p, g, lr: {k: v + lr * g[f"d{k}"] for k, v in p.items()}, "subtract"),
        (lambda p, g, lr: {k: v - g[f"d{k}"] for k, v in p.items()}, "learning_rate"),
        (
            lambda p, g, lr: {
                k: v - lr * g[f"d{k}"] * (k[0] == "W") for k, v in p.items()
            },
            "did not change",
        ),
    ],
)
def test_update_mistakes(fn, word):
    fails_with(ex.check_update_parameters, fn, word)


# The model.


def _model_adding(X, Y, layer_dims, learning_rate, num_iterations, seed):
    params, costs = snn.init_params(layer_dims, seed), []
    for _ in range(num_iterations):
        AL, caches = snn.forward_prop(X, params)
        costs.append(snn.cost_function(AL, Y))
        grads = snn.backprop(AL, Y, caches)
        params = {k: v + learning_rate * grads[f"d{k}"] for k, v in params.items()}
    return params, costs


@pytest.mark.parametrize(
    "fn, word",
    [
        (_model_adding, "subtract"),
        (lambda *args: snn.model(*args)[0], "return params, costs"),
        (lambda *args: (snn.model(*args)[0], [1.0]), "append the cost"),
        (lambda *args: (snn.model(*args)[0], [1.0, np.nan]), "clip"),
        (
            lambda *args: (
                {k: v.T for k, v in snn.model(*args)[0].items()},
                [1.0, 0.5],
            ),
            "transpose",
        ),
    ],
)
def test_model_mistakes(fn, word):
    fails_with(ex.check_model, fn, word)


def test_model_that_does_not_learn():
    def model(X, Y, layer_dims, learning_rate, num_iterations, seed):
        return snn.model(X, Y, layer_dims, 0.01, 2, seed)

    result = fails_with(ex.check_model, model, "")
    assert "expected above 90%" in result.cases[2].message


def test_model_trains_once_however_many_cases_fail():
    calls = []

    def model(*args):
        calls.append(args)
        params, costs = snn.model(*args)
        return {k: v.T for k, v in params.items()}, costs

    result = fails_with(ex.check_model, model, "not transposed")
    assert result.n_passed == 0
    assert len(calls) == 2  # the XOR run, once, and the first small run


def _model_fixing(**fixed):
    def model(X, Y, layer_dims, learning_rate, num_iterations, seed):
        options = {"learning_rate": learning_rate, "num_iterations": num_iterations}
        options = {**options, "seed": seed, **fixed}
        return snn.model(X, Y, layer_dims, **options)

    return model


@pytest.mark.parametrize(
    "fixed, message, word",
    [
        ({"num_iterations": 600}, "num_iterations = 2 gave 600 costs", "ignores num"),
        (
            {"learning_rate": 5.0},
            "learning rates 0.5 and 1 gave the same params",
            "ignores learning_rate",
        ),
        ({"seed": 0}, "seeds 1 and 2 gave the same params", "ignores the seed"),
        (
            {"seed": None},
            "two runs with seed 1 gave different params",
            "initialise from the seed",
        ),
    ],
)
def test_model_that_ignores_an_argument(fixed, message, word):
    case = ex.check_model(_model_fixing(**fixed)).cases[3]
    assert not case.passed
    assert (case.message, word in case.hint) == (message, True)


def test_model_with_few_costs_passes_with_a_note(capsys):
    def model(*args):
        params, costs = snn.model(*args)
        return params, costs[::100]

    assert ex.check_model(model)
    assert "you recorded 5 costs" in capsys.readouterr().out


# What every checker shares.


def test_an_exception_is_reported_not_raised(capsys):
    def sigmoid(Z):
        raise ZeroDivisionError("boom")

    result = ex.check_sigmoid(sigmoid)
    assert not result and result.n_passed == 0
    assert all(
        case.message == "your function raised ZeroDivisionError: boom"
        for case in result.cases
    )
    assert "raised ZeroDivisionError: boom\n" in capsys.readouterr().out


def test_a_shape_error_gets_the_checker_hint():
    result = fails_with(
        ex.check_linear_forward,
        lambda A, W, b: (A @ W + b, (A, W, b)),
        "order of the product",
    )
    assert "raised ValueError: matmul" in result.cases[0].message


def test_long_and_empty_error_messages_are_shortened():
    def sigmoid(Z):
        raise RuntimeError("x" * 200)

    result = ex.check_sigmoid(sigmoid)
    assert result.cases[0].message.endswith("x…") and len(result.cases[0].message) < 160

    def sigmoid_silent(Z):
        raise RuntimeError

    assert (
        ex.check_sigmoid(sigmoid_silent).cases[0].message
        == "your function raised RuntimeError"
    )


def test_a_result_that_breaks_the_comparison_is_reported():
    class Weird:
        def __array__(self, *args, **kwargs):
            raise RuntimeError("no array")

    result = ex.check_sigmoid(lambda Z: (Weird(), Z))
    assert result.cases[0].message == (
        "could not check what your function returned (RuntimeError: no array)"
    )


def test_printed_output_is_short_and_stable(capsys):
    ex.check_sigmoid(lambda Z: (1 / (1 + np.exp(-Z)), Z))
    first = capsys.readouterr().out
    ex.check_sigmoid(lambda Z: (1 / (1 + np.exp(-Z)), Z))
    assert capsys.readouterr().out == first
    assert first == (
        "✓ sigmoid(0) is 0.5\n"
        "✓ sigmoid of [[-2, -1, 0, 1, 2]]\n"
        "✓ a seeded random Z of shape (3, 4)\n"
        "✗ no overflow for Z = -1000, 0, 1000: "
        'numpy warned "overflow encountered in exp"\n'
        f"  hint: {_HINT_OVERFLOW}\n"
        "✓ the cache is Z itself\n"
        "4 of 5 checks passed.\n"
    )


def test_failing_result_repr_and_summary(capsys):
    result = ex.check_sigmoid_backward(lambda dA, Z: dA * Z * (1 - Z))
    assert repr(result) == "CheckResult(check_sigmoid_backward: 0/3 passed)"
    hint = f"  hint: {_HINT_Z_NOT_A}\n"
    assert capsys.readouterr().out == (
        "✗ dZ is dA / 4 at Z = 0: expected dZ = [[ 0.25, 0.5 , -0.25]], "
        "got [[ 0., 0., -0.]]\n" + hint + "✗ a seeded random dA and Z of shape (3, 4): "
        "dZ differs from the expected values by up to 37.44\n" + hint + "✗ dZ is 0 "
        "without overflow for Z = -1000, 1000: expected dZ = [[0., 0.]], "
        "got [[-1001000., -999000.]]\n" + hint + "0 of 3 checks passed.\n"
    )


@pytest.mark.parametrize(
    "checker, fn, word",
    [
        (ex.check_sigmoid, lambda Z: ("x", Z), "A should be an array"),
        (
            ex.check_sigmoid,
            lambda Z: (np.full_like(Z, np.nan), Z),
            "A holds inf or nan",
        ),
        (ex.check_cost_function, lambda AL, Y: None, "cost is None"),
        (ex.check_init_params, lambda layer_dims, seed: [], "params should be a dict"),
        (
            ex.check_random_mini_batches,
            lambda X, Y, batch_size, seed: 0,
            "expected a list of batches, got a value of type int",
        ),
        (
            ex.check_backprop,
            lambda AL, Y, caches: {k: "x" for k in snn.backprop(AL, Y, caches)},
            "should be an array",
        ),
    ],
)
def test_odd_results_are_reported(checker, fn, word):
    fails_saying(checker, fn, word)


def test_small_mismatches_show_more_digits_and_the_relative_difference():
    result = ex.check_sigmoid(lambda Z: (snn.sigmoid(Z)[0] * (1 + 5e-6), Z))
    assert result.cases[0].message == (
        "expected A = [[0.5]], got [[0.5000025]]: a relative difference of 5e-06, "
        "above the tolerance 1e-06"
    )
    result = ex.check_l2_penalty(lambda *args: (1 + 1e-5) * snn.l2_penalty(*args))
    assert result.cases[0].message == (
        "expected penalty = 0.14, got 0.1400014: a relative difference of 1e-05, "
        "above the tolerance 1e-06"
    )


# Arguments changed in place.


def test_arguments_never_share_memory():
    shared = {"dW1": np.zeros((1, 1))}
    same, _ = _watch(lambda v, s: v["dW1"] is s["dW1"], shared, shared)
    assert same is False


def _relu_backward_in_place(dA, cache):
    dZ = dA  # not a copy
    dZ[cache <= 0] = 0
    return dZ


def _sigmoid_backward_in_place(dA, cache):
    s = snn.sigmoid(cache)[0]
    dA *= s * (1 - s)
    return dA


def _momentum_in_place(params, grads, v, learning_rate, beta=0.9):
    for k in v:
        v[k] *= beta
        v[k] += (1 - beta) * grads[k]
    return {P: W - learning_rate * v[f"d{P}"] for P, W in params.items()}, v


def _adam_in_place(params, grads, v, s, *args):
    new_params, v, s = snn.update_parameters_with_adam(params, grads, v, s, *args)
    for P in params:
        params[P][...] = new_params[P]
    return params, v, s


class _Unsigned:
    """A callable whose signature cannot be read."""

    __signature__ = "unreadable"

    def __call__(self, dA, cache):
        return _relu_backward_in_place(dA, cache)


@pytest.mark.parametrize(
    "checker, fn, name",
    [
        (ex.check_relu_backward, _relu_backward_in_place, "dA"),
        (ex.check_sigmoid_backward, _sigmoid_backward_in_place, "dA"),
        (ex.check_update_parameters_with_momentum, _momentum_in_place, "v"),
        (ex.check_update_parameters_with_adam, _adam_in_place, "params"),
        (
            ex.check_relu_backward,
            lambda *args: _relu_backward_in_place(*args),
            "number 1",
        ),
        (ex.check_relu_backward, _Unsigned(), "number 1"),
    ],
)
def test_a_function_that_changes_its_arguments_in_place_fails(checker, fn, name):
    result = checker(fn)
    assert result.n_passed == 0
    assert {case.message for case in result.cases} == {
        f"your function changed its argument {name} in place; compute into a new array"
    }
    assert hints(result).startswith("X = X * a and X = X - step make new arrays")


# Going further: activations.


@pytest.mark.parametrize(
    "checker, fn, word",
    [
        (ex.check_relu, lambda Z: (np.abs(Z), Z), "not |Z|"),
        (ex.check_relu, lambda Z: (np.minimum(Z, 0), Z), "np.minimum"),
        (ex.check_relu, lambda Z: (np.maximum(Z, 0),) * 2, "not A"),
        (ex.check_leaky_relu, lambda Z: (np.maximum(Z, 0), Z), "small slope"),
        (ex.check_relu_backward, lambda dA, Z: (Z > 0) * 1.0, "multiply by dA"),
        (ex.check_relu_backward, lambda dA, Z: dA * np.maximum(Z, 0), "dA * (Z > 0)"),
        (ex.check_relu_backward, lambda dA, Z: dA * (Z < 0), "dA * (Z > 0)"),
        (ex.check_relu_backward, lambda dA, Z: dA * (Z >= 0), "not Z >= 0"),
        (ex.check_tanh_backward, lambda dA, Z: dA * (1 - Z**2), "Z, not A"),
        (
            ex.check_tanh_backward,
            lambda dA, Z: dA * (1 - np.tanh(np.tanh(Z)) ** 2),
            "Z, not A",
        ),
        (ex.check_tanh_backward, lambda dA, Z: 1 - np.tanh(Z) ** 2, "multiply by dA"),
        (ex.check_tanh_backward, lambda dA, Z: dA * (1 - np.tanh(Z)), "square it"),
    ],
)
def test_activation_mistakes(checker, fn, word):
    fails_with(checker, fn, word)


def _softmax(axis=0, shift=True):
    def softmax(Z):
        E = np.exp(Z - Z.max(axis=axis, keepdims=True) if shift else Z)
        return E / E.sum(axis=axis, keepdims=True), Z

    return softmax


@pytest.mark.parametrize(
    "fn, word",
    [
        (_softmax(axis=1), "axis=0"),
        (_softmax(axis=None), "axis=0"),
        (_softmax(shift=False), "subtract each column's max"),
    ],
)
def test_softmax_mistakes(fn, word):
    fails_with(ex.check_softmax, fn, word)


def _cce(scale=1.0, clip=True, per_entry=False, eps=1e-15):
    def categorical_cross_entropy(AL, Y):
        P = np.clip(AL, eps, 1) if clip else AL
        total = -np.sum(Y * np.log(P))
        return scale * float(total / (Y.size if per_entry else Y.shape[1]))

    return categorical_cross_entropy


@pytest.mark.parametrize(
    "fn, word",
    [
        (_cce(), None),
        (_cce(eps=1e-7), None),
        (_cce(eps=1e-8), None),
        (lambda AL, Y: float(-np.sum(Y * np.log(AL + 1e-8)) / Y.shape[1]), None),
        (
            lambda AL, Y: float(
                -np.sum(Y * np.log(np.clip(AL, 1e-7, 1 - 1e-7))) / Y.shape[1]
            ),
            None,
        ),
        (_cce(eps=1e-4), "eps looks larger"),
        (lambda AL, Y: Y.shape[1] * _cce()(AL, Y), "1/m"),
        (_cce(scale=-1), "minus sign"),
        (_cce(clip=False), "clip"),
        (_cce(per_entry=True), "number of classes"),
    ],
)
def test_categorical_cross_entropy(fn, word):
    if word is None:
        assert ex.check_categorical_cross_entropy(fn)
    else:
        fails_with(ex.check_categorical_cross_entropy, fn, word)


def test_a_slightly_negative_cost_is_not_blamed_on_the_sign():
    result = fails_saying(
        ex.check_categorical_cross_entropy,
        lambda AL, Y: _cce()(AL, Y) - 1e-3,
        "expected cost = 0, got -0.001",
    )
    assert "minus sign" not in hints(result)


# Going further: gradient checking.


def _gradient_check(one_sided=False, halve=False, denominator="both", by_name=False):
    def gradient_check(params, X, Y, epsilon=1e-6, grads=None):
        if grads is None:
            AL, caches = snn.forward_prop(X, params)
            grads = snn.backprop(AL, Y, caches)
        theta = params_to_vector(params)

        def J(theta):
            AL, _ = snn.forward_prop(X, vector_to_params(theta, params))
            return snn.cost_function(AL, Y)

        n = np.empty_like(theta)
        for i in range(theta.size):
            plus, minus = theta.copy(), theta.copy()
            plus[i] += epsilon
            minus[i] -= 0 if one_sided else epsilon
            n[i] = (J(plus) - J(minus)) / ((1 if one_sided or halve else 2) * epsilon)
        keys = sorted(params) if by_name else list(params)  # W1, W2, b1, b2?
        g = np.concatenate([np.ravel(grads[f"d{k}"]) for k in keys])
        scale = {"both": np.linalg.norm(g) + np.linalg.norm(n), "g": np.linalg.norm(g)}
        return float(np.linalg.norm(g - n) / scale.get(denominator, 1.0))

    return gradient_check


@pytest.mark.parametrize(
    "fn, word",
    [
        (_gradient_check(one_sided=True), "centred difference"),
        (_gradient_check(halve=True), "divide by 2 eps"),
        (_gradient_check(denominator="g"), "||g - n|| / (||g|| + ||n||)"),
        (_gradient_check(denominator="none"), "||g - n|| / (||g|| + ||n||)"),
    ],
)
def test_gradient_check_mistakes(fn, word):
    fails_with(ex.check_gradient_check, fn, word)


def test_gradient_check_with_another_bug_gets_the_likely_causes():
    result = fails_with(
        ex.check_gradient_check, _gradient_check(by_name=True), "different orders"
    )
    assert result.n_passed == 0
    assert "centred" not in hints(result)


def test_a_readers_right_gradient_check_passes():
    assert ex.check_gradient_check(_gradient_check())


# Going further: mini-batches and optimisers.


def _batches(shuffle=True, same_order=True, keep_last=True, empty_last=False):
    def random_mini_batches(X, Y, batch_size=64, seed=None):
        rng = np.random.default_rng(seed)
        m = X.shape[1]
        order = rng.permutation(m) if shuffle else np.arange(m)
        other = order if same_order else rng.permutation(m)
        stop = m if keep_last else m - m % batch_size
        stop += batch_size * (empty_last and m % batch_size == 0)
        return [
            (X[:, order[k : k + batch_size]], Y[:, other[k : k + batch_size]])
            for k in range(0, stop, batch_size)
        ]

    return random_mini_batches


@pytest.mark.parametrize(
    "fn, word",
    [
        (_batches(same_order=False), "same permutation"),
        (_batches(keep_last=False), "last, smaller batch"),
        (_batches(empty_last=True), "empty last batch"),
        (_batches(shuffle=False), "shuffle first"),
        (lambda X, Y, b, seed: _batches()(X, Y, b, None), "ignores the seed"),
        (
            lambda X, Y, b, seed: _batches()(X, X[:1], b, seed)[:1] * 3,
            "one permutation",
        ),
        (lambda X, Y, b, seed: None, ""),
    ],
)
def test_mini_batch_mistakes(fn, word):
    fails_with(ex.check_random_mini_batches, fn, word)


def test_a_one_dimensional_Y_batch_is_named():
    def random_mini_batches(X, Y, batch_size, seed):
        return [(Xb, Yb[0]) for Xb, Yb in _batches()(X, Y, batch_size, seed)]

    result = fails_saying(
        ex.check_random_mini_batches,
        random_mini_batches,
        "expected a Y_batch of shape (1, 4), got (4,)",
    )
    assert "not Y[0, permutation]" in hints(result)
    assert "same permutation" not in hints(result)


def test_another_shuffle_passes_with_a_note(capsys):
    def random_mini_batches(X, Y, batch_size, seed):
        return _batches()(X[:, ::-1], Y[:, ::-1], batch_size, seed)

    assert ex.check_random_mini_batches(random_mini_batches)
    assert "differs from scratchnn's, which is fine" in capsys.readouterr().out


def _momentum(one_minus_beta=True, swapped=False, sign=-1):
    def update_parameters_with_momentum(params, grads, v, learning_rate, beta=0.9):
        a, c = (
            (1 - beta, beta) if swapped else (beta, 1 - beta if one_minus_beta else 1)
        )
        v = {k: a * v[k] + c * grads[k] for k in v}
        new = {k: P + sign * learning_rate * v[f"d{k}"] for k, P in params.items()}
        return new, v

    return update_parameters_with_momentum


@pytest.mark.parametrize(
    "fn, word",
    [
        (_momentum(one_minus_beta=False), "(1 - beta)"),
        (_momentum(swapped=True), "(1 - beta)"),
        (_momentum(sign=1), "subtract"),
    ],
)
def test_momentum_mistakes(fn, word):
    fails_with(ex.check_update_parameters_with_momentum, fn, word)


def test_optimizer_entries_are_named_by_their_dict():
    fails_saying(
        ex.check_update_parameters_with_momentum,
        _momentum(one_minus_beta=False),
        "expected v['dW2'] =",
    )
    fails_saying(
        ex.check_update_parameters_with_momentum, _momentum(sign=1), "params['W1']"
    )
    fails_saying(ex.check_update_parameters_with_adam, _adam(square=False), "s['dW2']")
    result = fails_saying(
        ex.check_update_parameters_with_adam, _adam(v_beta2=True), "v['dW2']"
    )
    assert hints(result) == " | ".join(
        ["v = beta1 * v + (1 - beta1) * dW: beta1 for v, beta2 for s"] * 2
    )


def _adam(correct=True, square=True, one_minus_beta1=True, sign=-1, v_beta2=False):
    def update_parameters_with_adam(
        params, grads, v, s, t, learning_rate, beta1=0.9, beta2=0.999, epsilon=1e-8
    ):
        b = beta2 if v_beta2 else beta1
        c1 = 1 - b if one_minus_beta1 else 1
        v = {k: b * v[k] + c1 * grads[k] for k in v}
        s = {
            k: beta2 * s[k] + (1 - beta2) * grads[k] ** (2 if square else 1) for k in s
        }
        new = {}
        for k, P in params.items():
            v_hat = v[f"d{k}"] / ((1 - beta1**t) if correct else 1)
            s_hat = s[f"d{k}"] / ((1 - beta2**t) if correct else 1)
            new[k] = P + sign * learning_rate * v_hat / (np.sqrt(s_hat) + epsilon)
        return new, v, s

    return update_parameters_with_adam


def _adam_writing_into_the_moments(
    params, grads, v, s, t, learning_rate, beta1=0.9, beta2=0.999, epsilon=1e-8
):
    new_params = {}
    for P in params:
        k = f"d{P}"
        v[k] = beta1 * v[k] + (1 - beta1) * grads[k]
        s[k] = beta2 * s[k] + (1 - beta2) * grads[k] ** 2
        v_hat, s_hat = v[k] / (1 - beta1**t), s[k] / (1 - beta2**t)
        new_params[P] = params[P] - learning_rate * v_hat / (np.sqrt(s_hat) + epsilon)
    return new_params, v, s


@pytest.mark.parametrize(
    "fn, word",
    [
        (_adam(), None),
        (_adam_writing_into_the_moments, None),
        (_adam(correct=False), "bias correction"),
        (_adam(square=False), "squared gradients"),
        (_adam(one_minus_beta1=False), "(1 - beta1)"),
        (_adam(sign=1), "subtract"),
    ],
)
def test_adam(fn, word):
    if word is None:
        assert ex.check_update_parameters_with_adam(fn)
    else:
        fails_with(ex.check_update_parameters_with_adam, fn, word)


# Going further: regularisation and labels.


def _l2(with_b=False, half=True, per_m=True):
    def l2_penalty(params, lambd, m):
        total = sum(np.sum(P**2) for k, P in params.items() if with_b or k[0] == "W")
        return lambd * total / ((2 if half else 1) * (m if per_m else 1))

    return l2_penalty


@pytest.mark.parametrize(
    "fn, word",
    [
        (_l2(with_b=True), "biases are not penalised"),
        (_l2(half=False), "the 1/2 is missing"),
        (_l2(per_m=False), "1/m"),
    ],
)
def test_l2_mistakes(fn, word):
    fails_with(ex.check_l2_penalty, fn, word)


@pytest.mark.parametrize(
    "fn, word",
    [
        (lambda shape, keep_prob, rng: rng.random(shape) < keep_prob, "keep_prob"),
        (
            lambda shape, keep_prob, rng: (rng.random(shape) > keep_prob) / keep_prob,
            "not >",
        ),
        (
            lambda shape, keep_prob, rng: (
                (np.random.default_rng().random(shape) < keep_prob) / keep_prob
            ),
            "draw from the rng argument",
        ),
        (lambda shape, keep_prob, rng: np.ones(shape[::-1]), ""),
    ],
)
def test_dropout_mistakes(fn, word):
    fails_with(ex.check_dropout_mask, fn, word)


def test_another_dropout_draw_passes_with_a_note(capsys):
    def dropout_mask(shape, keep_prob, rng):
        return (rng.random(shape[::-1]).T < keep_prob) / keep_prob

    assert ex.check_dropout_mask(dropout_mask)
    assert "differ from scratchnn's, which is fine" in capsys.readouterr().out


def _one_hot(transpose=False, use_n=True):
    def one_hot(labels, n_classes=None):
        labels = np.asarray(labels).astype(int).ravel()
        n = n_classes if (n_classes and use_n) else labels.max() + 1
        Y = np.eye(n)[:, labels]
        return Y.T if transpose else Y

    return one_hot


@pytest.mark.parametrize(
    "fn, word",
    [
        (_one_hot(), None),
        (_one_hot(transpose=True), "not (m, n_classes)"),
        (_one_hot(use_n=False), "n_classes rows"),
    ],
)
def test_one_hot(fn, word):
    if word is None:
        assert ex.check_one_hot(fn)
    else:
        fails_with(ex.check_one_hot, fn, word)


@pytest.mark.parametrize(
    "checker, answer",
    [
        (
            ex.check_one_layer_backward,
            (np.zeros((1, 2)), np.array([[1.5]]), np.array([[1.0]])),
        ),
        (ex.check_linear_forward, (np.array([[5.5, 2.5, -0.5]]), None)),
        (ex.check_sigmoid_backward, np.array([[0.25, 0.5, -0.25]])),
        (ex.check_relu_backward, np.array([[0.0, 0.0, 0.0, 4.0, 5.0]])),
        (ex.check_tanh_backward, np.array([[1.0, -2.0]])),
        (ex.check_l2_penalty, 0.14),
        (
            ex.check_one_layer_backward_with_dropout,
            (np.zeros((1, 2)), np.array([[1.0]]), np.array([[1.0]])),
        ),
    ],
)
def test_the_values_named_by_hand_are_right(checker, answer):
    """A hard-coded answer passes the first case: the values its name gives."""
    result = checker(lambda *args: answer)
    assert result.cases[0].passed, result.cases[0]


def test_the_forward_and_update_values_named_by_hand_are_right():
    AL = np.array([[0.5, 0.5, 1 / (1 + np.exp(-2))]])
    assert ex.check_forward_prop(lambda X, params: (AL, [])).cases[0].passed
    update = {"W1": np.array([[0.95, 2.1]]), "b1": np.array([[0.0]])}
    assert ex.check_update_parameters(lambda *args: update).cases[0].passed


# The table of mistakes (issue 13): a wrong implementation as learners write
# it, the checker, and words its hint must contain ("" when no hint is
# expected, only the failure). Grow it with every classic you meet.


def _fwd(hidden=snn.sigmoid, output=snn.sigmoid, dtype=None):
    def forward_prop(X, params):
        L = len(params) // 2
        A, caches = X if dtype is None else X.astype(dtype), []
        for l in range(1, L + 1):
            W, b = params[f"W{l}"], params[f"b{l}"]
            if dtype is not None:
                W, b = W.astype(dtype), b.astype(dtype)
            Z = W @ A + b
            caches.append(((A, W, b), Z))
            A = (hidden if l < L else output)(Z)[0]
        return A, caches

    return forward_prop


def _init_per_layer_rng(layer_dims, seed):
    params = {}
    for l in range(1, len(layer_dims)):
        rng = np.random.default_rng(seed)
        params[f"W{l}"] = 0.01 * rng.standard_normal((layer_dims[l], layer_dims[l - 1]))
        params[f"b{l}"] = np.zeros((layer_dims[l], 1))
    return params


def _init_zeros(layer_dims, seed):
    return {
        k: np.zeros_like(P) for k, P in snn.init_params(layer_dims, seed=seed).items()
    }


def _adam_variant(store_corrected=False, t_shift=0):
    def adam(params, grads, v, s, t, learning_rate, beta1, beta2, epsilon):
        params, v, s = dict(params), dict(v), dict(s)
        for key in grads:
            p = key[1:]
            v[key] = beta1 * v[key] + (1 - beta1) * grads[key]
            s[key] = beta2 * s[key] + (1 - beta2) * grads[key] ** 2
            v_hat = v[key] / (1 - beta1 ** (t + t_shift))
            s_hat = s[key] / (1 - beta2 ** (t + t_shift))
            params[p] = params[p] - learning_rate * v_hat / (np.sqrt(s_hat) + epsilon)
            if store_corrected:
                v[key], s[key] = v_hat, s_hat
        return params, v, s

    return adam


def _momentum_with_gradient(params, grads, v, learning_rate, beta):
    params, v = dict(params), dict(v)
    for key in grads:
        v[key] = beta * v[key] + (1 - beta) * grads[key]
        params[key[1:]] = params[key[1:]] - learning_rate * grads[key]
    return params, v


def _cost_swapped(AL, Y):
    AL = np.clip(AL, 1e-15, 1 - 1e-15)
    return float(-np.mean(Y * np.log(1 - AL) + (1 - Y) * np.log(AL)))


def _cost_eps(eps, inside=False):
    def cost(AL, Y):
        if inside:
            return float(
                -np.mean(Y * np.log(AL + eps) + (1 - Y) * np.log(1 - AL + eps))
            )
        AL = np.clip(AL, eps, 1 - eps)
        return float(-np.mean(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)))

    return cost


def _model_with(init=None, extra_cost=False):
    def model(X, Y, layer_dims, learning_rate, num_iterations, seed):
        params = snn.init_params(layer_dims, seed=seed)
        if init == "zeros":
            params = {k: np.zeros_like(P) for k, P in params.items()}
        costs = []
        if extra_cost:
            costs.append(snn.cost_function(snn.forward_prop(X, params)[0], Y))
        for _ in range(num_iterations):
            AL, caches = snn.forward_prop(X, params)
            costs.append(snn.cost_function(AL, Y))
            grads = snn.backprop(AL, Y, caches)
            params = snn.update_parameters(params, grads, learning_rate)
        return params, costs

    return model


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


def _update(learning_rate_power=1):
    def update(params, grads, learning_rate):
        step = learning_rate**learning_rate_power
        return {k: P - step * grads[f"d{k}"] for k, P in params.items()}

    return update


def _layer_backward_dA_for_dZ(dA, cache):
    (A_prev, W, b), Z = cache
    dA_prev, dW, db = snn.one_layer_backward(dA, cache)
    return W.T @ dA, dW, db


def _tanh_by_exp(dA, Z):
    T = (np.exp(Z) - np.exp(-Z)) / (np.exp(Z) + np.exp(-Z))
    return dA * (1 - T**2)


def _sigmoid_backward_of_A(dA, Z):
    return dA * Z * (1 - Z)


def _fwd_dropout(
    scale=True,
    output=False,
    output_cache_D=True,
    swap=False,
    cache_D=True,
    apply=True,
    before=False,
    rng_per_layer=False,
    global_rng=False,
    cache_unscaled=False,
    transposed_draw=False,
):
    """A learner's forward pass with dropout, right or with one mistake."""

    def forward_prop_with_dropout(X, params, keep_prob, seed):
        rng = np.random.default_rng(seed)
        L = len(params) // 2
        A, caches = X, []
        for l in range(1, L + 1):
            A_prev, W, b = A, params[f"W{l}"], params[f"b{l}"]
            Z = W @ A_prev + b
            A = snn.sigmoid(Z)[0]
            if l == L and not output:
                caches.append(((A_prev, W, b), Z))
                continue
            if rng_per_layer:
                rng = np.random.default_rng(seed)
            if global_rng:
                r = np.random.random(Z.shape)  # noqa: NPY002 - the mistake
            elif transposed_draw:
                r = rng.random(Z.shape[::-1]).T
            else:
                r = rng.random(Z.shape)
            keep = (r > keep_prob) if swap else (r < keep_prob)
            D = keep / keep_prob if scale else keep * 1.0
            if before:
                A = snn.sigmoid(Z * D)[0]
            elif apply:
                A = A * D
            if cache_unscaled:
                D = keep * 1.0
            if cache_D and (l < L or output_cache_D):
                caches.append(((A_prev, W, b), Z, D))
            else:
                caches.append(((A_prev, W, b), Z))
        return A, caches

    return forward_prop_with_dropout


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


MISTAKES = [
    (
        "float32 hidden linear",
        ex.check_forward_prop,
        _fwd(hidden=lambda Z: (Z, Z)),
        "left linear",
    ),
    ("init per-layer rng", ex.check_init_params, _init_per_layer_rng, "one rng"),
    ("init zeros", ex.check_init_params, _init_zeros, "not random"),
    (
        "adam corrected moments",
        ex.check_update_parameters_with_adam,
        _adam_variant(store_corrected=True),
        "bias-corrected",
    ),
    (
        "adam t + 1",
        ex.check_update_parameters_with_adam,
        _adam_variant(t_shift=1),
        "off by one",
    ),
    (
        "adam t - 1",
        ex.check_update_parameters_with_adam,
        _adam_variant(t_shift=-1),
        "t - 1",
    ),
    (
        "momentum steps with dW",
        ex.check_update_parameters_with_momentum,
        _momentum_with_gradient,
        "velocity, not the gradient",
    ),
    ("cost swapped logs", ex.check_cost_function, _cost_swapped, "swapped"),
    ("cost clip 1e-3", ex.check_cost_function, _cost_eps(1e-3), "eps looks larger"),
    (
        "cost eps 1e-4 inside",
        ex.check_cost_function,
        _cost_eps(1e-4, inside=True),
        "eps looks larger",
    ),
    ("model zeros init", ex.check_model, _model_with(init="zeros"), "never with zeros"),
    (
        "model one cost too many",
        ex.check_model,
        _model_with(extra_cost=True),
        "one cost per iteration",
    ),
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
        "relu_backward returns dA",
        ex.check_relu_backward,
        lambda dA, Z: dA,
        "dA unchanged",
    ),
    ("relu with np.max", ex.check_relu, lambda Z: (np.max(Z, 0), Z), "np.maximum"),
    ("tanh_backward by exp", ex.check_tanh_backward, _tanh_by_exp, "overflows"),
    (
        "sigmoid_backward of A",
        ex.check_sigmoid_backward,
        _sigmoid_backward_of_A,
        "the cache holds Z",
    ),
    (
        "one_layer dA for dZ",
        ex.check_one_layer_backward,
        _layer_backward_dA_for_dZ,
        "not by dA",
    ),
    ("update lr twice", ex.check_update_parameters, _update(2), "applied twice"),
    ("update no lr", ex.check_update_parameters, _update(0), "learning rate"),
    (
        "softmax wrong axis",
        ex.check_softmax,
        lambda Z: (np.exp(Z) / np.exp(Z).sum(axis=1, keepdims=True), Z),
        "axis=0",
    ),
    (
        "one_hot transposed",
        ex.check_one_hot,
        lambda labels, n=None: snn.one_hot(labels, n).T,
        "one column per example",
    ),
    (
        "dropout not rescaled",
        ex.check_dropout_mask,
        lambda shape, p, rng: (rng.random(shape) < p).astype(float),
        "divides the mask",
    ),
    (
        "dropout reversed",
        ex.check_dropout_mask,
        lambda shape, p, rng: (rng.random(shape) > p) / p,
        "not >",
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
        "cce binary term",
        ex.check_categorical_cross_entropy,
        lambda AL, Y: _cost_eps(1e-15)(AL, Y) * AL.shape[0],
        "does not belong",
    ),
    (
        "l2 penalty with b",
        ex.check_l2_penalty,
        lambda params, lambd, m: (
            snn.l2_penalty(params, lambd, m)
            + lambd
            / (2 * m)
            * sum(float(np.sum(P**2)) for k, P in params.items() if k[0] == "b")
        ),
        "biases",
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
    # Dropout in the forward pass and the backward step (issue 13, item 3).
    (
        "dropout mask not rescaled",
        ex.check_forward_prop_with_dropout,
        _fwd_dropout(scale=False),
        "divides the mask by keep_prob",
    ),
    (
        "dropout on the output layer",
        ex.check_forward_prop_with_dropout,
        _fwd_dropout(output=True),
        "hidden layers only",
    ),
    (
        "dropout on the output layer, not cached",
        ex.check_forward_prop_with_dropout,
        _fwd_dropout(output=True, output_cache_D=False),
        "hidden layers only",
    ),
    (
        "dropout keep and drop swapped",
        ex.check_forward_prop_with_dropout,
        _fwd_dropout(swap=True),
        "< keep_prob, not >",
    ),
    (
        "dropout mask not cached",
        ex.check_forward_prop_with_dropout,
        _fwd_dropout(cache_D=False),
        "append the mask",
    ),
    (
        "dropout mask drawn, not applied",
        ex.check_forward_prop_with_dropout,
        _fwd_dropout(apply=False),
        "not applied",
    ),
    (
        "dropout mask before the activation",
        ex.check_forward_prop_with_dropout,
        _fwd_dropout(before=True),
        "after it",
    ),
    (
        "dropout rng per layer",
        ex.check_forward_prop_with_dropout,
        _fwd_dropout(rng_per_layer=True),
        "one generator",
    ),
    (
        "dropout from np.random",
        ex.check_forward_prop_with_dropout,
        _fwd_dropout(global_rng=True),
        "default_rng(seed)",
    ),
    (
        "dropout 0/1 mask cached",
        ex.check_forward_prop_with_dropout,
        _fwd_dropout(cache_unscaled=True),
        "the cache holds the 0/1 mask",
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


def _slope_twice(AL, Y, caches):
    grads = _backprop_with()(AL, Y, caches)
    m = AL.shape[1]
    (A_prev, W, b), Z = caches[-1]
    L = len(caches)
    dZ = (AL - Y) * AL * (1 - AL)
    grads[f"dW{L}"], grads[f"db{L}"] = dZ @ A_prev.T / m, dZ.sum(1, keepdims=True) / m
    return grads


@pytest.mark.parametrize(
    "checker, fn, word", [m[1:] for m in MISTAKES], ids=[m[0] for m in MISTAKES]
)
def test_the_table_of_mistakes(checker, fn, word):
    result = checker(fn)
    assert not result
    assert word in hints(result), (word, result.cases)


def test_the_table_is_large_and_every_hint_names_the_mistake():
    # Together with the mistakes pinned above in this file.
    assert len(MISTAKES) >= 30
    assert all(word for *_, word in MISTAKES)


RIGHT = [
    ("forward_prop in float32", ex.check_forward_prop, _fwd(dtype=np.float32)),
    ("cost clipped at 1e-6", ex.check_cost_function, _cost_eps(1e-6)),
    (
        "cost with 1e-8 inside the log",
        ex.check_cost_function,
        _cost_eps(1e-8, inside=True),
    ),
    ("cost clipped at 1e-15", ex.check_cost_function, _cost_eps(1e-15)),
    ("backprop by hand", ex.check_backprop, _backprop_with()),
    ("backprop with L2", lambda fn: ex.check_backprop(fn, lambd=0.7), _backprop_with()),
    (
        "relu_backward by copy",
        ex.check_relu_backward,
        lambda dA, Z: np.where(Z > 0, dA, 0.0),
    ),
    ("update by loop", ex.check_update_parameters, _update(1)),
    (
        "dropout masks drawn in another order",
        ex.check_forward_prop_with_dropout,
        _fwd_dropout(transposed_draw=True),
    ),
    ("dropout by hand", ex.check_forward_prop_with_dropout, _fwd_dropout()),
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


# The harness (issue 13, item 2).


def test_a_result_instead_of_the_function_is_named(capsys):
    result = ex.check_sigmoid(snn.sigmoid(np.zeros((1, 1))))
    assert not result and result.n_cases == 1
    assert "pass the function, not its result" in result.cases[0].hint
    assert "got a value of type tuple" in result.cases[0].message
    assert capsys.readouterr().out.count("✗") == 1


def test_what_the_function_prints_is_captured_and_cut(capsys):
    def chatty(Z):
        for i in range(20_000):
            print("line", i)
        return snn.sigmoid(Z)

    result = ex.check_sigmoid(chatty)
    assert result
    out = capsys.readouterr().out
    assert out.count("| line 0") == result.n_cases
    assert "| line 3" not in out
    assert "… and 19,997 more lines printed" in out
    assert result.cases[0].output.startswith("line 0\nline 1\nline 2\n")


def test_each_case_is_printed_as_it_runs(capsys):
    seen = []

    def watching(Z):
        seen.append(capsys.readouterr().out)
        return snn.sigmoid(Z)

    ex.check_sigmoid(watching)
    assert seen[0] == "" and seen[1].startswith("✓ sigmoid(0) is 0.5\n")


def test_an_endless_loop_times_out_and_the_rest_is_skipped(capsys):
    def endless(Z):
        while True:
            pass

    result = ex.check_sigmoid(endless, timeout=0.3)
    assert "did not finish within 0.3 s" in result.cases[0].message
    assert "timeout=600" in result.cases[0].hint
    assert all("not run" in case.message for case in result.cases[1:])
    assert "restart the kernel" not in result.cases[0].hint  # it was stopped


def test_a_slow_function_shows_a_sign_of_life(capsys, monkeypatch):
    import time

    from scratchnn.exercises import _runner

    monkeypatch.setattr(_runner, "PROGRESS", 0.05)

    def slow(Z):
        time.sleep(0.2)
        return snn.sigmoid(Z)

    assert ex.check_sigmoid(slow, timeout=None)
    assert "… sigmoid(0) is 0.5: still running after 0 s" in capsys.readouterr().out


def test_sys_exit_fails_the_case_and_the_others_run():
    import sys

    calls = []

    def exits(Z):
        calls.append(Z)
        sys.exit(3)

    result = ex.check_sigmoid(exits)
    assert result.cases[0].message == "your function called sys.exit(3)"
    assert "return, not exit()" in result.cases[0].hint
    assert len(calls) == result.n_cases


def test_an_interrupt_stops_the_checker_cleanly():
    def interrupted(Z):
        raise KeyboardInterrupt

    result = ex.check_sigmoid(interrupted)
    assert result.cases[0].message == "interrupted (KeyboardInterrupt)"
    assert all("interrupted" in case.message for case in result.cases[1:])


def test_an_interrupt_while_waiting_stops_the_checker(monkeypatch):
    from scratchnn.exercises import _runner

    def interrupt(*args):
        raise KeyboardInterrupt

    monkeypatch.setattr(_runner, "_wait", interrupt)
    result = ex.check_sigmoid(snn.sigmoid)
    assert result.cases[0].message == "interrupted (KeyboardInterrupt)"


def test_a_function_cannot_change_numpy_state():
    state = np.random.get_state  # noqa: NPY002
    before = np.geterr(), np.get_printoptions(), state()[1][:3].copy()

    def meddling(Z):
        np.seterr(all="raise")
        np.set_printoptions(precision=1)
        np.random.seed(5)  # noqa: NPY002
        return snn.sigmoid(Z)

    assert ex.check_sigmoid(meddling)
    assert np.geterr() == before[0] and np.get_printoptions() == before[1]
    assert np.array_equal(state()[1][:3], before[2])


def test_nested_lists_are_refused():
    result = ex.check_sigmoid(lambda Z: (snn.sigmoid(Z)[0].tolist(), Z))
    assert "should be a numpy array, got a list" in messages(result)
    lists = ex.check_init_params(
        lambda dims, seed: {
            k: P.tolist() for k, P in snn.init_params(dims, seed=seed).items()
        }
    )
    assert "should be a numpy array, got a list" in messages(lists)


def test_extra_keys_in_params_are_refused():
    def update(params, grads, learning_rate):
        return {**snn.update_parameters(params, grads, learning_rate), "dW1": 0}

    assert "keys that scratchnn's has not: ['dW1']" in messages(
        ex.check_update_parameters(update)
    )


def test_the_timeout_keyword_is_in_every_signature():
    import inspect

    for name in ex.__all__:
        if name.startswith("check_"):
            parameters = inspect.signature(getattr(ex, name)).parameters
            assert parameters["timeout"].default == 60.0, name


# For teachers (issue 13, item 4).


def test_score_record_and_raise_for_failure():
    import json

    good = ex.check_sigmoid(snn.sigmoid)
    assert good.score == 1.0 and good.raise_for_failure() is good
    bad = ex.check_sigmoid(lambda Z: (1 / (1 + np.exp(Z)), Z))
    assert 0 < bad.score < 1
    record = json.loads(json.dumps(bad.to_dict()))
    assert record["check"] == "check_sigmoid" and record["score"] == bad.score
    assert set(record["cases"][0]) == {"name", "passed", "message", "hint", "output"}
    with pytest.raises(AssertionError, match=r"check_sigmoid: \d of 5 checks passed"):
        bad.raise_for_failure()
    assert CheckResult("check_none", []).score == 0.0


def test_the_capture_is_a_writable_stream():
    from scratchnn.exercises._runner import _Capture

    capture = _Capture()
    assert capture.writable() and capture.write("a\nb") == 3
    assert capture.shown() == "a\nb"


def _fwd_dropout_returning(change):
    def forward_prop_with_dropout(X, params, keep_prob, seed):
        return change(*snn.forward_prop(X, params, keep_prob=keep_prob, seed=seed))

    return forward_prop_with_dropout


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda AL, caches: (AL, caches[:-1]), "expected a list of 3 caches"),
        (lambda AL, caches: (AL, None), "expected a list of 3 caches, one per"),
        (lambda AL, caches: (AL.T, caches), "expected AL of shape (1, 5)"),
    ],
)
def test_dropout_forward_results_of_the_wrong_form(change, message):
    fails_saying(
        ex.check_forward_prop_with_dropout, _fwd_dropout_returning(change), message
    )
