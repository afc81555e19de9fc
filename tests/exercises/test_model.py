"""Tests of the checkers in scratchnn.exercises.model."""

import numpy as np
import pytest

import scratchnn as snn
from scratchnn import exercises as ex

from ._helpers import fails_with, hints, messages


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
    # the XOR run, once, the first small run, the first run of the steps case
    assert len(calls) == 3


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


def test_model_with_few_costs_fails():
    def model(*args):
        params, costs = snn.model(*args)
        return params, costs[::100]

    result = fails_with(ex.check_model, model, "every iteration")
    assert "expected 500 costs, one per iteration, got 5" in messages(result)


def test_a_loop_one_iteration_short_fails():
    def model(X, Y, layer_dims, learning_rate, num_iterations, seed):
        params, costs = snn.init_params(layer_dims, seed=seed), []
        for _ in range(1, num_iterations):
            AL, caches = snn.forward_prop(X, params)
            costs.append(snn.cost_function(AL, Y))
            grads = snn.backprop(AL, Y, caches)
            params = snn.update_parameters(params, grads, learning_rate)
        return params, costs

    result = fails_with(ex.check_model, model, "range(1, num_iterations)")
    assert "num_iterations = 1 took 0 steps" in messages(result)


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


MISTAKES = [
    ("model zeros init", ex.check_model, _model_with(init="zeros"), "never with zeros"),
    (
        "model one cost too many",
        ex.check_model,
        _model_with(extra_cost=True),
        "one cost per iteration",
    ),
]


@pytest.mark.parametrize(
    "checker, fn, word", [m[1:] for m in MISTAKES], ids=[m[0] for m in MISTAKES]
)
def test_the_table_of_mistakes(checker, fn, word):
    result = checker(fn)
    assert not result
    assert word in hints(result), (word, result.cases)


def test_costs_and_params_swapped_get_a_short_report():
    result = fails_with(
        ex.check_model, lambda *args: snn.model(*args)[::-1], "return params, costs"
    )
    assert len(result.report()) < 1500
