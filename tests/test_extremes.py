"""Extreme and bad inputs: a clear error or a correct, finite result, never a
warning (issue 12). Every call runs with numpy's error state at "raise" and
warnings as errors, so an overflow or underflow that leaks shows up."""

import warnings

import numpy as np
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

import scratchnn as snn
from scratchnn.gradcheck import gradient_check
from scratchnn.regularization import l2_gradient, l2_penalty


def strict(call):
    """Run call() with every floating-point error raised and warnings errors."""
    with warnings.catch_warnings(), np.errstate(all="raise"):
        warnings.simplefilter("error")
        return call()


P = snn.init_params([2, 3, 1], seed=0)
X = np.ones((2, 3))
Y = np.array([[0.0, 1.0, 1.0]])


def _like(params, value, prefix=""):
    return {prefix + k: np.full_like(v, value) for k, v in params.items()}


def _caches(scale, inputs=1.0):
    _, caches = snn.forward_prop(X, P)
    return [((A * inputs, W * 0 + scale, b), Z) for (A, W, b), Z in caches]


# An overflow is caught where it happens, and named with its function and its
# likely cause: never predicted, never a warning.
def FITS(name):  # noqa: N802 (reads as the constant it replaced)
    return f"{name} overflowed"


# The door's message when the body overflows: "<fn> overflowed (<numpy's
# words>); <cause>", or "<fn> overflowed: <where> holds NaN or infinity; <cause>"
# when the result is checked.
OVERFLOWED = r"overflowed[ :].*"


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: snn.linear_forward(np.full((2, 3), 1e308), np.full((1, 2), 10.0),
                                    np.zeros((1, 1))),
         f"{FITS('linear_forward')}.*scale the inputs"),
        (lambda: snn.forward_prop(np.full((2, 3), 1e308), _like(P, 10.0)),
         FITS("forward_prop")),
        (lambda: snn.forward_prop(X, _like(P, 1e200), hidden_activation="relu"),
         FITS("forward_prop")),
        (lambda: snn.predict(np.full((2, 3), 1e300), _like(P, 1e10)),
         FITS("predict")),
        (lambda: snn.backprop(snn.forward_prop(X, P)[0], Y, _caches(1e308, 1e10)),
         FITS("backprop")),
        (lambda: snn.linear_backward(np.full((1, 3), 1e300), ((
            np.full((2, 3), 1e10), np.ones((1, 2)), np.ones((1, 1))))),
         FITS("linear_backward")),
        (lambda: snn.one_layer_backward_with_dropout(
            np.full((3, 3), 1e308),
            snn.forward_prop_with_dropout(X, P, keep_prob=0.5, seed=0)[1][0], "relu"),
         FITS("one_layer_backward_with_dropout")),
        (lambda: l2_penalty(_like(P, 1e200), 0.1, 3),
         f"l2_penalty {OVERFLOWED}; the weights or lambd are too large"),
        (lambda: snn.cost_with_l2(snn.forward_prop(X, P)[0], Y, _like(P, 1e200),
                                  0.1),
         "cost_with_l2 overflowed"),
        (lambda: l2_penalty(_like(P, 10.0), 1e308, 1),
         f"l2_penalty {OVERFLOWED}; .*lower lambd"),
        (lambda: l2_gradient(np.full((2, 2), 1e308), 1e10, 1),
         f"l2_gradient {OVERFLOWED}; .*lower lambd"),
        (lambda: snn.update_parameters(_like(P, 1e300), _like(P, 1e300, "d"), 1e10),
         f"{FITS('update_parameters')}.*lower it"),
        (lambda: snn.update_parameters_with_momentum(
            _like(P, 1e300), _like(P, 1e300, "d"), snn.initialize_velocity(P), 1e10),
         f"update_parameters_with_momentum {OVERFLOWED}; the learning rate is "
         "probably too large"),
        (lambda: snn.update_parameters_with_adam(
            P, _like(P, 1e300, "d"), *snn.initialize_adam(P), 1, 0.01),
         f"update_parameters_with_adam {OVERFLOWED}; the learning rate or the "
         "gradients are probably too large"),
        (lambda: snn.update_parameters_with_adam(
            _like(P, 1.7e308), _like(P, -1.0, "d"), *snn.initialize_adam(P), 1, 1e307),
         f"update_parameters_with_adam {OVERFLOWED}"),
        (lambda: snn.make_moons(10, noise=1e308),
         r"noise is the standard deviation .* must be at most 1e\+06; got 1e\+308"),
        (lambda: snn.make_circles(10, noise=1e7), "must be at most 1e"),
        (lambda: snn.make_spirals(10, noise=1e7), "must be at most 1e"),
        (lambda: snn.make_xor(10, noise=1e7), "must be at most 1e"),
        (lambda: snn.standardize(np.ones((1, 2)) * 1e10, np.zeros((1, 1)),
                                 np.full((1, 1), 1e-300)),
         f"standardize {OVERFLOWED}; .*pass the std that standardize returned"),
        (lambda: gradient_check(_like(P, 10.0), np.full((2, 3), 1e308), Y,
                                epsilon=1.0),
         f"gradient_check {OVERFLOWED}; scale the inputs"),
        (lambda: gradient_check(P, X, Y, epsilon=1e300),
         r"epsilon is the nudge of a finite difference and must be small, at most 1"),
    ],
    ids=["matmul", "forward", "forward_relu", "predict", "backprop",
         "linear_backward", "one_layer_backward_dropout", "l2_squares", "cost_l2",
         "l2_penalty_lambd", "l2_gradient", "update", "momentum", "adam_square",
         "adam_update", "moons_noise", "circles_noise", "spirals_noise",
         "xor_noise", "standardize_given_std", "gradcheck_nudged",
         "gradcheck_epsilon"],
)  # fmt: skip
def test_what_overflows_is_a_clear_error(call, message):
    """Regression: each overflowed with a RuntimeWarning (or
    FloatingPointError under np.errstate(all="raise"))."""
    with pytest.raises(ValueError, match=message):
        strict(call)


def _finite(result):
    parts = result if isinstance(result, tuple) else (result,)
    for part in parts:
        if isinstance(part, dict):
            _finite(tuple(part.values()))
        elif isinstance(part, np.ndarray | float):
            assert np.all(np.isfinite(part))


@pytest.mark.parametrize(
    "call",
    [
        lambda: snn.sigmoid_backward(np.full((1, 2), 1e-300), np.array([[800.0, -8]])),
        lambda: snn.tanh_backward(np.full((1, 2), 1e-300), np.array([[800.0, 0.5]])),
        lambda: snn.softmax_backward(np.full((2, 2), 1e-300),
                                     np.array([[800.0, 0.0], [0.0, 1.0]])),
        lambda: snn.update_parameters(P, _like(P, 1e-300, "d"), 1e-10),
        lambda: snn.update_parameters_with_momentum(
            P, _like(P, 1e-300, "d"), _like(P, 1e-300, "d"), 0.1),
        lambda: snn.update_parameters_with_adam(
            P, _like(P, 1e-200, "d"), *snn.initialize_adam(P), 1, 0.01),
        lambda: snn.update_parameters_with_adam(
            P, _like(P, 0.1, "d"), *snn.initialize_adam(P), 10**6, 0.01),
        lambda: l2_penalty(_like(P, 1e-200), 0.1, 3),
        lambda: snn.standardize(np.array([[1e307, -1e308, 1.0]])),
        lambda: snn.standardize(np.array([[1e-320, 0.0, 1e-320]])),
        lambda: gradient_check(P, X, Y, epsilon=1.0),
        lambda: gradient_check({"W1": np.array([[700.0]]), "b1": np.zeros((1, 1))},
                               np.array([[1.0, -1.0]]), np.array([[1.0, 0.0]])),
        lambda: gradient_check({"W1": np.array([[700.0], [0.0]]),
                                "b1": np.zeros((2, 1))}, np.array([[1.0, -1.0]]),
                               np.array([[1.0, 0.0], [0.0, 1.0]]),
                               output_activation="softmax"),
        lambda: snn.forward_prop(X, _like(P, 1e100)),
        # Found by the property test: the norms of gradients near 1e300
        # overflowed in their squares.
        lambda: gradient_check({"W1": np.zeros((1, 1)), "b1": np.zeros((1, 1))},
                               np.array([[0.0, 0.0, 1e300]]), Y, epsilon=1.0),
        # Once refused by a predicted bound that the real computation stays
        # within: the door now checks results, so these give their answers.
        lambda: snn.update_parameters_with_adam(
            _like(P, 1.7e308), _like(P, 1.0, "d"), *snn.initialize_adam(P), 1, 1e307),
        lambda: snn.standardize(np.array([[1e308, -1e308, 1.0]])),
        lambda: gradient_check(P, np.full((2, 3), 1e308), Y, epsilon=1.0),
    ],
    ids=["sigmoid_backward", "tanh_backward", "softmax_backward", "update_tiny",
         "momentum_tiny", "adam_tiny", "adam_large_t", "l2_tiny",
         "standardize_huge", "standardize_subnormal", "gradcheck_epsilon_1",
         "gradcheck_saturated", "gradcheck_saturated_softmax", "forward_saturated",
         "gradcheck_huge_gradients", "adam_update_within_range",
         "standardize_far_apart", "gradcheck_huge_X"],
)  # fmt: skip
def test_harmless_underflow_and_saturation_give_finite_results(call):
    """Regression: underflow in these raised under np.errstate(all="raise")."""
    _finite(strict(call))


# --- the property: random bad and extreme inputs across the public functions

EXTREMES = [0.0, -0.0, 1.0, -1.0, 0.5, 1e-300, -1e-300, 5e-324, 1e300, -1e300,
            1.7e308, -1.7e308, np.nan, np.inf, -np.inf]  # fmt: skip


@st.composite
def arrays(draw, shape=None):
    """An array, a list, a scalar or something else: mixed dtypes and values."""
    kinds = ["float"] * 8 + ["int", "list", "bool", "complex", "str", "object",
                             "none", "scalar"]  # fmt: skip
    kind = draw(st.sampled_from(kinds))
    if shape is None:
        shape = draw(st.sampled_from([(1, 3), (2, 3), (3, 1), (1, 1), (2, 0), (0, 2),
                                      (3,), (), (2, 2, 2)]))  # fmt: skip
    values = st.sampled_from(EXTREMES) | st.floats(-10, 10)
    size = int(np.prod(shape))
    data = np.array(draw(st.lists(values, min_size=size, max_size=size)) or [0.0])
    data = data[:size].reshape(shape) if size else np.zeros(shape)
    if kind == "float":
        dtype = draw(st.sampled_from([np.float64, np.float32, np.float16]))
        with np.errstate(all="ignore"):
            return data.astype(dtype)
    if kind == "int":
        return np.nan_to_num(np.clip(data, -9, 9)).astype(np.int64)
    if kind == "bool":
        return data > 0
    if kind == "complex":
        return data + 1j
    if kind == "str":
        return data.astype(str)
    if kind == "object":
        return data.astype(object)
    if kind == "list":
        return np.nan_to_num(data).tolist()
    if kind == "none":
        return None
    return draw(st.sampled_from(EXTREMES + [3, "x", b"x", [1, 2]]))


@st.composite
def networks(draw):
    dims = draw(st.lists(st.integers(1, 3), min_size=2, max_size=3))
    params = snn.init_params(dims, seed=0)
    if draw(st.booleans()):
        key = draw(st.sampled_from(sorted(params)))
        with np.errstate(all="ignore"):
            params[key] = params[key] * draw(st.sampled_from(EXTREMES))
    if draw(st.integers(0, 9)) == 0:
        params[draw(st.sampled_from(sorted(params)))] = draw(arrays())
    return params


def _calls(draw):
    """One random call of a public function, as (name, thunk)."""
    A, B = draw(arrays()), draw(arrays())
    params = draw(networks())
    n_x = np.shape(params["W1"])[1] if np.ndim(params["W1"]) == 2 else 2
    X = draw(arrays((n_x, 3))) if draw(st.integers(0, 4)) else A
    labels = st.sampled_from([np.array([[0.0, 1.0, 1.0]]), np.array([[1.0, 0, 0]])])
    Yb = draw(labels if draw(st.integers(0, 2)) else arrays((1, 3)))
    number = draw(st.sampled_from(EXTREMES + [1e-3, 0.1, 3, -2, "x", None]))
    with np.errstate(all="ignore"):
        grads = {f"d{k}": v * draw(st.sampled_from(EXTREMES))
             for k, v in params.items()
             if isinstance(v, np.ndarray) and v.dtype.kind == "f"}  # fmt: skip
    act = draw(st.sampled_from(["sigmoid", "relu", "tanh", "leaky_relu"]))
    table = {
        "sigmoid": lambda: snn.sigmoid(A),
        "relu": lambda: snn.relu(A),
        "tanh": lambda: snn.tanh(A),
        "softmax": lambda: snn.softmax(A),
        "sigmoid_backward": lambda: snn.sigmoid_backward(A, B),
        "tanh_backward": lambda: snn.tanh_backward(A, B),
        "softmax_backward": lambda: snn.softmax_backward(A, B),
        "linear_forward": lambda: snn.linear_forward(A, B, draw(arrays())),
        "forward_prop": lambda: snn.forward_prop(X, params, act),
        "predict": lambda: snn.predict(X, params, act),
        "predict_proba": lambda: snn.predict_proba(X, params),
        "cost_function": lambda: snn.cost_function(A, Yb),
        "categorical_cross_entropy": lambda: snn.categorical_cross_entropy(A, B),
        "backprop": lambda: snn.backprop(
            *snn.forward_prop(X, params, act)[:1], Yb,
            snn.forward_prop(X, params, act)[1], act),
        "update_parameters": lambda: snn.update_parameters(params, grads, number),
        "momentum": lambda: snn.update_parameters_with_momentum(
            params, grads, snn.initialize_velocity(params), number),
        "adam": lambda: snn.update_parameters_with_adam(
            params, grads, *snn.initialize_adam(params),
            draw(st.sampled_from([1, 10**6])), number),
        "l2_penalty": lambda: l2_penalty(params, number, 3),
        "l2_gradient": lambda: l2_gradient(A, number, 3),
        "init_params": lambda: snn.init_params(draw(st.sampled_from(
            [[2, 3, 1], [2, 10**12, 1], {2, 1}, [2, -1], "ab", [2.5, 1]]))),
        "make_moons": lambda: snn.make_moons(draw(st.sampled_from([10, 10**13, 1])),
                                             noise=number),
        "make_xor": lambda: snn.make_xor(10, noise=number),
        "standardize": lambda: snn.standardize(A),
        "one_hot": lambda: snn.one_hot(A),
        "from_one_hot": lambda: snn.from_one_hot(A),
        "accuracy": lambda: snn.accuracy(A, B),
        "gradient_check": lambda: gradient_check(params, X, Yb, epsilon=number),
        "vector_to_params": lambda: snn.vector_to_params(A, params),
        "params_to_vector": lambda: snn.params_to_vector(params),
        "model": lambda: snn.model(X, Yb, [n_x, 2, 1], num_iterations=2,
                                   learning_rate=number),
    }  # fmt: skip
    name = draw(st.sampled_from(sorted(table)))
    finite = _all_finite(A, B, X, Yb, number, *params.values(), *grads.values())
    return name, table[name], finite


def _all_finite(*values):
    """False if a value holds NaN or infinity (then so may a correct result)."""
    for value in values:
        try:
            with warnings.catch_warnings(), np.errstate(all="ignore"):
                warnings.simplefilter("ignore")
                numbers = np.asarray(value, dtype=np.float64)
        except (TypeError, ValueError):
            continue  # not numbers: the call must refuse it anyway
        if not np.all(np.isfinite(numbers)):
            return False
    return True


@settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.data())
def test_bad_and_extreme_inputs_give_a_clear_error_or_a_finite_answer(data):
    name, call, finite_inputs = _calls(data.draw)
    try:
        result = strict(call)
    except (ValueError, TypeError):
        event(f"{name}: clear error")
        return  # a clear error; its wording is tested elsewhere
    except FloatingPointError:
        assert name == "model", name  # model's documented divergence error
        return
    event(f"{name}: result")
    if finite_inputs:  # relu(inf) is inf, and rightly so
        _finite(result)


def test_adam_refuses_an_epsilon_that_is_0_in_the_parameters_dtype():
    """Found by the property test: float16 parameters with zero gradients gave
    0 / (0 + 0) = NaN, since 1e-8 is 0 in float16."""
    params = snn.convert_params(snn.init_params([2, 1], seed=0), np.float16)
    grads = {f"d{k}": np.zeros_like(v) for k, v in params.items()}
    with pytest.raises(ValueError, match="epsilon = 1e-08 is 0 in float16, the dtype"):
        strict(lambda: snn.update_parameters_with_adam(
            params, grads, *snn.initialize_adam(params), 1, 0.01))  # fmt: skip


def test_a_lambd_beyond_the_weights_dtype_is_refused():
    """Found by the property test: lambd / m overflowed in the cast to float16."""
    with pytest.raises(ValueError, match=r"lambd / m = 3.33333e\+299 is beyond W's f"):
        strict(lambda: l2_gradient(np.zeros((2, 2), np.float16), 1e300, 3))


@pytest.mark.skipif(
    np.lib.NumpyVersion(np.__version__) < "2.0.0",
    reason="numpy 1 promotes a float32 array times 1e300 to float64 (value-based "
    "casting), so nothing overflows; numpy 2 keeps float32 (NEP 50)",
)
def test_a_learning_rate_beyond_the_parameters_dtype_is_refused():
    """Found by the property test: 1e300 overflowed in the cast to float32."""
    params = snn.convert_params(snn.init_params([2, 1], seed=0), np.float32)
    grads = {f"d{k}": np.zeros_like(v) for k, v in params.items()}
    with pytest.raises(ValueError, match="update_parameters overflowed.*lower it"):
        strict(lambda: snn.update_parameters(params, grads, 1e300))
