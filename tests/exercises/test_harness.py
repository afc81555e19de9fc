"""Tests of the harness every checker runs on: cases, calls, time limits."""

import numpy as np
import pytest

import scratchnn as snn
from scratchnn import exercises as ex
from scratchnn.exercises import CaseResult
from scratchnn.exercises._harness import _diagnose, _expect, _watch
from scratchnn.exercises._runner import _MismatchError
from scratchnn.exercises.activations import _HINT_OVERFLOW

from . import (
    test_activations,
    test_backprop,
    test_cost,
    test_forward,
    test_init,
    test_model,
    test_optimizers,
    test_preprocessing,
    test_regularization,
    test_update,
)
from ._helpers import REFERENCES, fails_saying, fails_with, hints, messages


def test_every_checker_is_tested_and_exported():
    checkers = {name for name in ex.__all__ if name.startswith("check_")}
    assert checkers == {checker.__name__ for checker in REFERENCES}


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


#: Every module's table of mistakes.
_TABLES = (
    test_activations,
    test_backprop,
    test_cost,
    test_forward,
    test_init,
    test_model,
    test_optimizers,
    test_preprocessing,
    test_regularization,
    test_update,
)


def test_the_table_is_large_and_every_hint_names_the_mistake():
    # Together with the mistakes pinned above in this file.
    tables = [module.MISTAKES for module in _TABLES]
    assert sum(map(len, tables)) >= 30
    assert all(word for table in tables for *_, word in table)


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


# The checker stops its worker with an asynchronous exception, which Python
# may deliver inside a garbage-collection callback of that thread, where it
# can only be reported as "unraisable"; the verdict below is what counts.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
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


# The harness cannot be switched off (issue 14, item 3).


class _Custom(BaseException):
    """A BaseException that is neither an interrupt nor an exit."""


def test_a_base_exception_is_reported_as_itself_and_the_next_cases_run():
    def raises(Z):
        raise _Custom("boom")

    result = ex.check_sigmoid(raises)
    assert [case.message for case in result.cases] == [
        "your function raised _Custom: boom"
    ] * result.n_cases
    assert "BaseException" in result.cases[0].hint


def test_what_the_function_writes_to_stderr_is_captured_and_cut(capsys):
    import sys

    def noisy(Z):
        for i in range(50):
            print(f"debug {i}", file=sys.stderr)
        return snn.sigmoid(Z)

    result = ex.check_sigmoid(noisy)
    assert result
    captured = capsys.readouterr()
    assert captured.err == ""
    assert "stderr: debug 0" in result.cases[0].output
    assert "more lines printed" in result.cases[0].output


def test_a_patched_numpy_function_switches_no_check_off():
    original = np.allclose

    def cheat(Z):
        np.allclose = lambda *args, **kwargs: True
        snn.sigmoid = lambda Z: (np.zeros_like(Z), Z)
        return np.zeros_like(Z), Z

    result = ex.check_sigmoid(cheat)
    assert not result and result.n_passed == 1  # only the cache
    assert np.allclose is original
    assert snn.sigmoid(np.zeros((1, 1)))[0][0, 0] == 0.5


@pytest.mark.parametrize(
    "silence",
    [
        lambda: np.seterr(all="ignore"),
        lambda: __import__("warnings").simplefilter("ignore"),
        lambda: __import__("warnings").filterwarnings("ignore"),
    ],
    ids=["seterr", "simplefilter", "filterwarnings"],
)
def test_silencing_warnings_does_not_hide_an_overflow(silence):
    import warnings

    errors, filters = np.geterr(), list(warnings.filters)

    def naive(Z):
        silence()
        return 1 / (1 + np.exp(-Z)), Z

    result = ex.check_sigmoid(naive)
    overflow = result.cases[3]
    assert not overflow.passed and "overflow" in overflow.message
    assert "which the checker ignored" in overflow.message
    assert overflow.hint == _HINT_OVERFLOW
    assert np.geterr() == errors and warnings.filters == filters


def test_the_global_random_states_are_put_back():
    import random

    python, legacy = random.getstate(), np.random.get_state()[1].copy()  # noqa: NPY002

    def reseeding(Z):
        random.seed(3)
        np.random.seed(3)  # noqa: NPY002
        random.random()
        return snn.sigmoid(Z)

    assert ex.check_sigmoid(reseeding)
    assert random.getstate() == python
    assert np.array_equal(np.random.get_state()[1], legacy)  # noqa: NPY002


def test_the_learners_own_warning_is_theirs_not_numpys():
    import warnings

    def warning(Z):
        warnings.warn("check my shapes", UserWarning, stacklevel=1)
        return snn.sigmoid(Z)

    result = ex.check_sigmoid(warning)
    assert result
    notes = " | ".join(case.message for case in result.cases)
    assert "your function warned (UserWarning: check my shapes)" in notes
    assert "numpy warned" not in notes


def test_a_deleted_key_of_an_argument_is_caught():
    def deleting(params, grads, v, learning_rate, beta):
        out = snn.update_parameters_with_momentum(params, grads, v, learning_rate, beta)
        del grads["dW1"]
        return out

    result = ex.check_update_parameters_with_momentum(deleting)
    assert not result
    assert "changed its argument grads in place: deleted ['dW1']" in messages(result)


def test_an_added_key_in_a_returned_dict_is_caught():
    def adding(AL, Y, caches):
        grads = snn.backprop(AL, Y, caches)
        grads["dZ1"] = np.zeros((4, 6))
        return grads

    result = ex.check_backprop(adding)
    assert not result
    assert "grads has keys that scratchnn's has not: ['dZ1']" in messages(result)


@pytest.mark.parametrize("timeout", [-1, 0, float("nan"), float("inf"), "10", True])
def test_a_timeout_must_be_positive_and_finite(timeout):
    with pytest.raises(ValueError, match="timeout must be a positive number"):
        ex.check_sigmoid(snn.sigmoid, timeout=timeout)


def test_scratchnns_own_function_passes_with_a_note(capsys):
    result = ex.check_sigmoid(snn.sigmoid)
    assert result
    assert "this is scratchnn.sigmoid itself" in result.note
    assert capsys.readouterr().out.startswith("note: this is scratchnn.sigmoid")
    own = ex.check_sigmoid(lambda Z: snn.sigmoid(Z))
    assert own and own.note == ""


def test_a_result_displays_once_in_a_notebook(capsys):
    # A Jupyter kernel displays a cell's last value through IPython's display
    # formatter and sends nothing when the format data is empty: the report
    # the checker printed is then the only output, with no repr line after it.
    from IPython.core.interactiveshell import InteractiveShell

    result = ex.check_sigmoid(lambda Z: (1 / (1 + np.exp(-Z)), Z))
    capsys.readouterr()
    formatter = InteractiveShell.instance().display_formatter
    assert formatter.format(result) == ({}, {})
    assert capsys.readouterr().out == ""
    assert str(result) == result.report()


# The comparison engine (issue 14, item 1).


def test_the_engine_reports_the_first_relation_that_fits():
    from scratchnn.exercises._compare import Factor, Term, Where, _relate

    rng = np.random.default_rng(0)
    E, b = rng.standard_normal((3, 5)), rng.standard_normal((3, 1))
    Z = rng.standard_normal((3, 5))
    table = [
        Factor(5.0, "m", "m times"),
        Term(b, "the bias", "add the bias", "the bias twice"),
        Where(Z < 0, "Z < 0", "only where Z < 0"),
    ]
    assert _relate(5 * E, E, "dW", table)[1] == "m times"
    assert _relate(E - b, E, "Z", table)[1] == "add the bias"
    assert _relate(E + b, E, "Z", table)[1] == "the bias twice"
    assert _relate(np.where(Z < 0, 0, E), E, "dZ", table)[1] == "only where Z < 0"
    assert "sign" in _relate(-E, E, "dW")[1]
    assert "3 times" in _relate(3 * E, E, "dW")[1]
    square = rng.standard_normal((4, 4))
    assert "transpose" in _relate(square.T, square, "W")[1]
    message, hint = _relate(E[::-1], E, "dA1", siblings={"dA0": E[::-1]})
    assert "equals the expected dA0" in message and "dA0" in hint
    rows = E.copy()
    rows[1] += 1
    assert "row 1 only" in _relate(rows, E, "dW")[0]


@pytest.mark.parametrize(
    "fn, word",
    [
        (lambda Z: (1 / (1 + __import__("math").exp(-Z)), Z), "math.exp"),
        (lambda Z: (Z if Z > 0 else 0 * Z, Z), "Python if"),
        (lambda Z: (snn.sigmoid(Z) * 2.0, Z), "tuple was used as an array"),
        (lambda Z: (snn.sigmoid(Z).T, Z), "tuple was used as an array"),
        (lambda Z: (Z[:, Z.shape[1]], Z), "past the end"),
        (lambda Z: (undefined_name, Z), "not defined"),  # noqa: F821
    ],
    ids=["math.exp", "if", "tuple *", "tuple .T", "index", "name"],
)
def test_each_kind_of_exception_gets_a_hint_for_the_exercise(fn, word):
    fails_with(ex.check_sigmoid, fn, word)


def test_any_other_exception_gets_a_hint_too():
    class OddError(Exception):
        pass

    def odd(Z):
        raise OddError("something")

    fails_with(ex.check_sigmoid, odd, "stopped with a OddError")


def test_a_numpy_scalar_is_a_fine_time_limit():
    """Found by the held-out fuzz set: np.float32(5) failed inside threading."""
    import numpy as np

    result = ex.check_sigmoid(snn.sigmoid, timeout=np.float32(5))
    assert result.passed


def test_a_key_that_is_neither_a_parameter_nor_a_gradient_gets_the_key_hint():
    # grads['w1'] for grads['dW1']: a lowercase key names no known mistake.
    def update_parameters(params, grads, learning_rate):
        return {k: params[k] - learning_rate * grads[k.lower()] for k in params}

    result = ex.check_update_parameters(update_parameters)
    assert not result
    failed = [case for case in result.cases if not case.passed]
    assert "KeyError: 'w1'" in failed[0].message
    assert "a dictionary key is missing" in failed[0].hint


@pytest.mark.parametrize(
    "A",
    [
        lambda Z: [float(z) for z in Z.ravel()],  # a flat list of wrong values
        lambda Z: [np.ones(1), "a"],  # a list numpy cannot read as numbers
    ],
    ids=["flat list", "unreadable list"],
)
def test_a_list_where_an_array_is_expected_is_named_a_list(A):
    result = fails_with(ex.check_sigmoid, lambda Z: (A(Z), Z), "A is a list")
    assert "A should be a numpy array, got a list of" in str(result)


def test_a_tuple_of_wrong_values_where_an_array_is_expected_is_named_a_tuple():
    def sigmoid(Z):
        return tuple(float(z) for z in Z.ravel()), Z

    result = fails_with(ex.check_sigmoid, sigmoid, "A is a tuple, not an array")
    assert "A should be a numpy array, got a tuple of" in str(result)


def test_a_list_argument_shortened_in_place_is_named():
    # caches.pop(): the caller's list of caches loses its last item.
    def backprop(AL, Y, caches, *args, **kwargs):
        grads = snn.backprop(AL, Y, list(caches), *args, **kwargs)
        caches.pop()
        return grads

    result = ex.check_backprop(backprop)
    assert not result
    failed = [case for case in result.cases if not case.passed]
    assert failed and all(
        "changed its argument caches in place: its length went from" in case.message
        and case.hint.startswith("build a new list (new = list(caches)")
        for case in failed
    )


@pytest.mark.parametrize(
    ("change", "message", "hint"),
    [
        # grads["dA0"] = ...: a key added to the caller's dict.
        (lambda d: d.update(dA0=1.0), "in place: added ['dA0']", "build a new dict"),
        # A list inside a dict, grown: the entry that changed is named.
        (lambda d: d["costs"].append(0.5),
         "in place: the length of ['costs'] went from 1 to 2", "build a new list"),
    ],
)  # fmt: skip
def test_a_key_added_or_a_nested_list_grown_in_place_is_named(change, message, hint):
    given = {"W1": np.zeros((1, 1)), "costs": [0.7]}
    with pytest.raises(_MismatchError) as caught:
        _watch(change, given)
    assert message in caught.value.message
    assert caught.value.hint.startswith(hint)
    assert given == {"W1": given["W1"], "costs": [0.7]}  # the caller's, intact


def test_a_candidate_that_raises_or_does_not_apply_is_skipped():
    from scratchnn.exercises._compare import Likely

    def raises(got):
        raise ZeroDivisionError

    candidates = [
        Likely(("weighed elsewhere, not here",)),
        (raises, "a test that cannot run on this value"),
        (np.array([1.0, 2.0]), "the doubled value"),
    ]
    assert _diagnose(np.array([1.0, 2.0]), candidates) == "the doubled value"
    assert _diagnose(np.array([5.0, 5.0]), candidates) == ""


def test_an_array_where_a_tuple_is_due_is_named_by_the_value_it_equals():
    dW, db = np.ones((2, 2)), np.zeros((2, 1))
    with pytest.raises(_MismatchError, match=r"^grads should be a tuple of 2 values, "
                       "got an array equal to dW$"):  # fmt: skip
        _expect(dW, (dW, db), "grads", siblings={"dW": dW, "db": db})


def test_the_engine_skips_candidates_that_do_not_apply_and_falls_back_on_likely():
    from scratchnn.exercises._compare import Likely, Term, Where, _relate

    rng = np.random.default_rng(1)
    E, Z = rng.standard_normal((3, 5)), rng.standard_normal((3, 5))
    noisy = E + rng.standard_normal((3, 5))  # no relation fits
    table = [
        Where(Z < 0, "Z < 0", "only where Z < 0"),
        Term(np.ones((2, 2)), "a term", "add it"),  # cannot broadcast with E
        (lambda A: 1 / 0, "a predicate that raises"),
        Likely(("cause one", "cause two")),
    ]
    assert _relate(noisy, E, "dW", table)[1] == "likely causes: cause one; cause two"
    # A shape that differs: the region does not apply, the shape is named.
    # (Small on purpose: with more than 6 entries _relate itself raises on a
    # shape that differs, as its callers compare shapes first.)
    small = [Where(Z[:2, :3] < 0, "Z < 0", "only where Z < 0")]
    message, hint = _relate(E[:2, :2], E[:2, :3], "dW", small)
    assert message.startswith("expected dW = [[") and "got [[" in message
    assert "only where" not in hint


def test_the_engine_counts_the_entries_that_differ_in_a_1d_array():
    from scratchnn.exercises._compare import _relate

    expected = np.arange(8.0)
    got = expected.copy()
    got[[2, 5]] += 1
    assert _relate(got, expected, "x")[0].startswith("2 of the 8 entries of x differ")


def test_restoring_a_module_keeps_a_submodule_imported_meanwhile():
    import types

    from scratchnn.exercises._guard import _restore

    module = types.ModuleType("guarded")
    module.kept = 1
    before = dict(vars(module))
    module.added = 2  # the reader's: removed
    module.sub = types.ModuleType("guarded.sub")  # the import system's: kept
    _restore(module, before)
    assert not hasattr(module, "added")
    assert module.kept == 1 and isinstance(module.sub, types.ModuleType)
