"""Tests for scratchnn.model: the training loop, prediction and their errors."""

import importlib
import math
import sys
import warnings

import numpy as np
import pytest

import scratchnn as snn
from scratchnn.backprop import backprop
from scratchnn.cost import cost_function
from scratchnn.forward import forward_prop
from scratchnn.init import init_params
from scratchnn.model import model, predict, predict_proba
from scratchnn.optimizers import batch_indices
from scratchnn.update import update_parameters

# scratchnn.model is also the name of the function, so get the module itself.
model_module = importlib.import_module("scratchnn.model")
training = importlib.import_module("scratchnn._training")


def separable(m=40, seed=0):
    """Two classes split by the line x0 + x1 = 0."""
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((2, m))
    Y = (X[0] + X[1] > 0).astype(float).reshape(1, m)
    return X, Y


def three_blobs(m=60, seed=0):
    rng = np.random.default_rng(seed)
    labels = np.arange(m) % 3
    centres = np.array([[0.0, 3.0, -3.0], [3.0, -2.0, -2.0]])
    X = centres[:, labels] + 0.5 * rng.standard_normal((2, m))
    return X, np.eye(3)[:, labels], labels


def accuracy(X, Y, params, **kwargs):
    return float(np.mean(predict(X, params, **kwargs) == Y))


# Training.


def test_costs_fall_on_an_easy_problem():
    X, Y = separable()
    params, costs = model(
        X, Y, [2, 4, 1], learning_rate=1.0, num_iterations=300, seed=0
    )
    assert len(costs) == 300
    assert all(type(c) is float for c in costs)
    assert costs[0] == pytest.approx(
        cost_function(predict_proba(X, init_params([2, 4, 1], seed=0)), Y)
    )
    assert costs[-1] < 0.25 * costs[0]
    # full-batch gradient descent with a modest step never goes uphill here
    assert all(b <= a + 1e-12 for a, b in zip(costs, costs[1:], strict=False))
    assert accuracy(X, Y, params) >= 0.95


def test_the_loop_is_forward_cost_backprop_update():
    """Two iterations of model equal two hand-written steps."""
    X, Y = separable(m=12, seed=1)
    params, costs = model(X, Y, [2, 3, 1], learning_rate=0.5, num_iterations=2, seed=4)
    p = init_params([2, 3, 1], seed=np.random.default_rng(4))
    expected_costs = []
    for _ in range(2):
        AL, caches = forward_prop(X, p)
        expected_costs.append(cost_function(AL, Y))
        p = update_parameters(p, backprop(AL, Y, caches), 0.5)
    np.testing.assert_allclose(costs, expected_costs, rtol=1e-13)
    for k in p:
        np.testing.assert_allclose(params[k], p[k], rtol=1e-13)


def test_same_seed_same_result_different_seed_different():
    X, Y = separable()
    kwargs = {
        "num_iterations": 20,
        "batch_size": 16,
        "keep_prob": 0.8,
        "optimizer": "adam",
    }
    a_params, a_costs = model(X, Y, [2, 5, 1], seed=3, **kwargs)
    b_params, b_costs = model(X, Y, [2, 5, 1], seed=3, **kwargs)
    c_params, c_costs = model(X, Y, [2, 5, 1], seed=4, **kwargs)
    assert np.array_equal(a_costs, b_costs)
    assert all(np.array_equal(a_params[k], b_params[k]) for k in a_params)
    assert not np.array_equal(a_costs, c_costs)
    assert not np.array_equal(a_params["W1"], c_params["W1"])


def test_mini_batch_costs_are_per_epoch_weighted_means():
    """With batch_size, one iteration is an epoch; its cost is the mean of the
    batches' costs weighted by their sizes, each measured before its step."""
    X, Y = separable(m=23, seed=2)
    params, costs = model(
        X, Y, [2, 3, 1], learning_rate=0.3, num_iterations=2, seed=5, batch_size=10
    )
    assert len(costs) == 2
    rng = np.random.default_rng(5)
    p = init_params([2, 3, 1], seed=rng)
    expected = []
    for _ in range(2):
        total = 0.0
        for k in batch_indices(23, 10, rng):
            AL, caches = forward_prop(X[:, k], p)
            total += cost_function(AL, Y[:, k]) * len(k)
            p = update_parameters(p, backprop(AL, Y[:, k], caches), 0.3)
        expected.append(total / 23)
    np.testing.assert_allclose(costs, expected, rtol=1e-12)
    for k in p:
        np.testing.assert_allclose(params[k], p[k], rtol=1e-12)


def test_generator_seed_is_accepted():
    X, Y = separable()
    a, _ = model(X, Y, [2, 3, 1], num_iterations=3, seed=np.random.default_rng(8))
    b, _ = model(X, Y, [2, 3, 1], num_iterations=3, seed=8)
    assert np.array_equal(a["W1"], b["W1"])


@pytest.mark.parametrize("optimizer", ["gd", "momentum", "adam"])
@pytest.mark.parametrize("batch_size", [None, 8])
def test_every_optimizer_trains(optimizer, batch_size):
    X, Y = separable(m=48, seed=3)
    lr = 0.05 if optimizer == "adam" else 0.5
    params, costs = model(
        X,
        Y,
        [2, 4, 1],
        learning_rate=lr,
        num_iterations=60,
        seed=0,
        optimizer=optimizer,
        batch_size=batch_size,
    )
    assert costs[-1] < 0.6 * costs[0]
    assert accuracy(X, Y, params) >= 0.9


@pytest.mark.parametrize("hidden", ["sigmoid", "relu", "leaky_relu", "tanh"])
def test_every_hidden_activation_trains(hidden):
    X, Y = separable(m=48, seed=4)
    params, costs = model(
        X,
        Y,
        [2, 5, 1],
        learning_rate=0.3,
        num_iterations=150,
        seed=1,
        hidden_activation=hidden,
    )
    assert costs[-1] < 0.6 * costs[0]
    assert accuracy(X, Y, params, hidden_activation=hidden) >= 0.9


def test_softmax_trains_and_predicts_class_indices():
    X, Y, labels = three_blobs()
    params, costs = model(
        X,
        Y,
        [2, 6, 3],
        learning_rate=0.5,
        num_iterations=100,
        seed=0,
        hidden_activation="tanh",
        output_activation="softmax",
    )
    assert costs[0] == pytest.approx(math.log(3), rel=0.3)
    assert costs[-1] < 0.2
    AL = predict_proba(X, params, "tanh", "softmax")
    assert AL.shape == (3, 60)
    np.testing.assert_allclose(AL.sum(axis=0), 1.0)
    labels_hat = predict(X, params, "tanh", "softmax")
    assert labels_hat.shape == (1, 60)
    assert np.issubdtype(labels_hat.dtype, np.integer)
    assert np.array_equal(labels_hat[0], AL.argmax(axis=0))
    assert np.mean(labels_hat[0] == labels) >= 0.95


def test_decay_rate_lowers_later_steps():
    X, Y = separable()
    one_plain, _ = model(X, Y, [2, 3, 1], num_iterations=1, seed=0)
    one_decay, _ = model(X, Y, [2, 3, 1], num_iterations=1, seed=0, decay_rate=1.0)
    assert all(
        np.array_equal(one_plain[k], one_decay[k]) for k in one_plain
    )  # lr at epoch 0
    _, plain = model(X, Y, [2, 3, 1], learning_rate=1.0, num_iterations=30, seed=0)
    _, decayed = model(
        X, Y, [2, 3, 1], learning_rate=1.0, num_iterations=30, seed=0, decay_rate=1.0
    )
    assert decayed[1] == plain[1]  # the first step is the same
    assert decayed[-1] > plain[-1]  # then the steps shrink: less progress


@pytest.mark.parametrize("optimizer", ["gd", "momentum", "adam"])
@pytest.mark.parametrize(
    "hidden",
    [
        "sigmoid",
        "relu",
        "tanh",
        "leaky_relu",
    ],
)
def test_float32_end_to_end(optimizer, hidden):
    X, Y = separable()
    params, costs = model(
        X, Y, [2, 4, 3, 1], learning_rate=0.05, num_iterations=20, seed=0,
        dtype=np.float32, optimizer=optimizer, hidden_activation=hidden,
    )  # fmt: skip
    assert all(math.isfinite(c) for c in costs)
    assert costs[-1] < costs[0]
    assert {P.dtype for P in params.values()} == {np.dtype(np.float32)}
    assert predict_proba(X.astype(np.float32), params, hidden).dtype == np.float32


def test_float32_with_dropout_stays_float32():
    """Regression: a float64 dropout mask once turned float32 training float64."""
    X, Y = separable()
    params, _ = model(
        X, Y, [2, 4, 1], num_iterations=3, seed=0, dtype=np.float32, keep_prob=0.8
    )
    assert {P.dtype for P in params.values()} == {np.dtype(np.float32)}


def test_print_cost_prints_every_print_every_and_the_last(capsys):
    X, Y = separable()
    _, costs = model(
        X, Y, [2, 3, 1], num_iterations=7, seed=0, print_cost=True, print_every=3
    )
    lines = capsys.readouterr().out.splitlines()
    assert lines == [f"Cost after iteration {i}: {costs[i]:.6f}" for i in (0, 3, 6)]
    _, costs = model(
        X, Y, [2, 3, 1], num_iterations=5, seed=0, print_cost=True, print_every=2
    )
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(":")[0] for line in lines] == [
        f"Cost after iteration {i}" for i in (0, 2, 4)
    ]


def test_print_cost_default_every_100_and_silence_by_default(capsys):
    X, Y = separable()
    model(X, Y, [2, 3, 1], num_iterations=150, seed=0)
    assert capsys.readouterr().out == ""
    model(X, Y, [2, 3, 1], num_iterations=150, seed=0, print_cost=True)
    out = capsys.readouterr().out
    assert [line.split(":")[0] for line in out.splitlines()] == [
        "Cost after iteration 0",
        "Cost after iteration 100",
        "Cost after iteration 149",
    ]


def test_dropout_trains_and_prediction_uses_no_dropout():
    X, Y = separable(m=60, seed=5)
    params, costs = model(
        X, Y, [2, 20, 1], learning_rate=0.5, num_iterations=150, seed=0, keep_prob=0.7
    )
    assert costs[-1] < 0.6 * costs[0]
    a = predict_proba(X, params)
    b = predict_proba(X, params)
    assert np.array_equal(a, b)
    assert np.array_equal(a, forward_prop(X, params)[0])
    assert accuracy(X, Y, params) >= 0.9


def test_l2_shrinks_the_weights():
    X, Y = separable(m=40, seed=6)
    kwargs = {"learning_rate": 0.5, "num_iterations": 200, "seed": 0}
    plain, _ = model(X, Y, [2, 8, 1], **kwargs)
    reg, _ = model(X, Y, [2, 8, 1], lambd=2.0, **kwargs)

    def norm(params):
        return sum(float(np.sum(params[k] ** 2)) for k in params if k.startswith("W"))

    assert norm(reg) < 0.7 * norm(plain)


def test_zero_init_cannot_break_symmetry():
    """With every weight 0, every hidden unit computes the same thing and gets
    the same gradient, so the rows of W1 stay equal however long it trains."""
    X, Y = separable()
    params, _ = model(
        X, Y, [2, 5, 1], learning_rate=1.0, num_iterations=50, seed=0, init="zeros"
    )
    W1, W2 = params["W1"], params["W2"]
    assert np.abs(W1).max() > 1e-3  # it did move
    np.testing.assert_allclose(W1, np.broadcast_to(W1[0], W1.shape), rtol=1e-12, atol=0)
    np.testing.assert_allclose(W2, np.full_like(W2, W2[0, 0]), rtol=1e-12, atol=0)
    np.testing.assert_allclose(params["b1"], params["b1"][0, 0], rtol=1e-12, atol=0)


# Prediction.


def test_predict_by_hand():
    params = {"W1": np.array([[1.0]]), "b1": np.array([[0.0]])}
    X = np.array([[-1.0, 0.0, 2.0]])
    np.testing.assert_allclose(
        predict_proba(X, params), [[1 / (1 + math.e), 0.5, 1 / (1 + math.exp(-2))]]
    )
    labels = predict(X, params)
    assert labels.shape == (1, 3)
    assert labels.dtype == np.int64
    assert labels.tolist() == [[0, 0, 1]]  # 0.5 is not above 0.5


def test_predict_softmax_by_hand():
    params = {"W1": np.array([[1.0], [0.0], [-1.0]]), "b1": np.zeros((3, 1))}
    labels = predict(np.array([[2.0, -2.0, 0.1]]), params, output_activation="softmax")
    assert labels.tolist() == [[0, 2, 0]]


def test_predict_errors():
    params = init_params([2, 1], seed=0)
    with pytest.raises(
        ValueError, match="X has 3 rows but the network expects 2 inputs"
    ):
        predict(np.ones((3, 4)), params)
    with pytest.raises(ValueError, match="X contains NaN or infinite values"):
        predict(np.array([[np.nan], [0.0]]), params)
    with pytest.raises(ValueError, match="unknown output activation 'relu'"):
        predict(np.ones((2, 4)), params, output_activation="relu")
    with pytest.raises(ValueError, match="X must be a 2-D array"):
        predict_proba(np.ones(2), params)


# Errors: every documented one, raised before any training step.


@pytest.fixture
def no_training(monkeypatch):
    """Make backprop fail loudly: an error must come before the first step."""

    def backprop_called(*args, **kwargs):
        raise AssertionError("training started before the error was raised")

    monkeypatch.setattr(model_module, "backprop", backprop_called)


BAD_SETTINGS = [
    ({"learning_rate": 0}, ValueError, "learning_rate must be finite and positive"),
    ({"learning_rate": -0.1}, ValueError, "learning_rate must be finite and positive"),
    (
        {"learning_rate": float("nan")},
        ValueError,
        "learning_rate must be finite and positive",
    ),
    ({"learning_rate": "0.1"}, TypeError, "learning_rate must be a number"),
    ({"num_iterations": 0}, ValueError, "num_iterations must be an integer >= 1"),
    ({"num_iterations": 10.5}, ValueError, "num_iterations must be an integer >= 1"),
    ({"print_every": 0}, ValueError, "print_every must be an integer >= 1"),
    ({"batch_size": 0}, ValueError, "batch_size must be an integer >= 1"),
    ({"keep_prob": 0}, ValueError, r"keep_prob must be in \(0, 1\]"),
    ({"keep_prob": 1.5}, ValueError, r"keep_prob must be in \(0, 1\]"),
    ({"lambd": -0.1}, ValueError, "lambd must be finite and >= 0"),
    ({"beta": 1.0}, ValueError, r"beta must be in \[0, 1\)"),
    ({"beta1": 1.0}, ValueError, r"beta1 must be in \[0, 1\)"),
    ({"beta2": -0.5}, ValueError, "beta2 must be finite and >= 0"),
    ({"epsilon": -1e-8}, ValueError, "epsilon must be finite and positive"),
    ({"epsilon": 0.0}, ValueError, "epsilon must be finite and positive"),
    ({"decay_rate": -1.0}, ValueError, "decay_rate must be finite and >= 0"),
    ({"decay_rate": float("nan")}, ValueError, "decay_rate must be finite and >= 0"),
    ({"decay_rate": "0.1"}, TypeError, "decay_rate must be a number"),
    ({"lambd": "0.1"}, TypeError, "lambd must be a number"),
    (
        {"optimizer": "sgd"},
        ValueError,
        "unknown optimizer 'sgd'; known: 'gd', 'momentum', 'adam'",
    ),
    ({"init": "random"}, ValueError, "unknown initialisation method 'random'"),
    ({"hidden_activation": "gelu"}, ValueError, "unknown activation 'gelu'"),
    ({"output_activation": "tanh"}, ValueError, "unknown output activation 'tanh'"),
    ({"layer_dims": [2]}, ValueError, "layer_dims needs at least two entries"),
    ({"layer_dims": [2, 0, 1]}, ValueError, "must be a positive integer"),
    ({"dtype": int}, TypeError, "dtype must be a floating type"),
    ({"dtype": np.complex128}, TypeError, "dtype must be a floating type"),
    ({"seed": -1}, ValueError, "seed must be a non-negative int; got -1"),
    ({"seed": 1.5}, TypeError, "seed must be an int, a numpy.random.Generator"),
    ({"seed": True}, TypeError, "seed must be an int, a numpy.random.Generator"),
]


@pytest.mark.parametrize(
    ("settings", "error", "message"), BAD_SETTINGS, ids=lambda x: str(x)[:40]
)
def test_bad_settings_fail_before_training(no_training, settings, error, message):
    X, Y = separable(m=10)
    kwargs = {"layer_dims": [2, 3, 1], "num_iterations": 10**9, **settings}
    with pytest.raises(error, match=message):
        model(X, Y, **kwargs)


def test_mismatched_number_of_examples(no_training):
    X, Y = separable(m=10)
    with pytest.raises(ValueError, match=r"X has 10 examples \(columns\) but Y has 9"):
        model(X, Y[:, :9], [2, 3, 1])


def test_X_rows_must_match_layer_dims(no_training):
    X, Y = separable(m=10)
    with pytest.raises(
        ValueError, match="X has 2 rows but the network expects 3 inputs"
    ):
        model(X, Y, [3, 3, 1])


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_X_must_be_finite(no_training, bad):
    X, Y = separable(m=10)
    X[1, 4] = bad
    with pytest.raises(ValueError, match="X contains NaN or infinite values"):
        model(X, Y, [2, 3, 1])


def test_X_must_be_2d_and_numeric(no_training):
    X, Y = separable(m=10)
    with pytest.raises(ValueError, match="X must be a 2-D array"):
        model(X[0], Y, [2, 3, 1])
    with pytest.raises(TypeError, match="X must hold numbers"):
        model(X.astype(str), Y, [2, 3, 1])


def test_Y_rows_must_match_output_units(no_training):
    X, Y, _ = three_blobs(m=12)
    with pytest.raises(
        ValueError, match="Y has 3 rows but the output layer has 2 units"
    ):
        model(X, Y, [2, 3, 2], output_activation="softmax")
    with pytest.raises(ValueError, match=r"Y must have shape \(1, m\)"):
        model(X, Y, [2, 3, 3])


def test_labels_must_suit_the_output(no_training):
    X, Y = separable(m=10)
    with pytest.raises(
        ValueError, match=r"Y must hold labels 0 and 1 only; found \[2.0"
    ):
        model(X, np.where(Y == 1, 2.0, 0.0), [2, 3, 1])
    with pytest.raises(ValueError, match="Y must be one-hot"):
        model(X, np.vstack([Y, Y]), [2, 3, 2], output_activation="softmax")


def test_negative_decay_rate_never_reaches_the_loop():
    """Regression: decay_rate was not checked, so -1.0 divided by zero at
    iteration 1 (ZeroDivisionError) and smaller negatives made the learning
    rate negative mid-training, silently, since the loop skips its checks."""
    X, Y = separable(m=10)
    with pytest.raises(ValueError, match="decay_rate must be finite and >= 0"):
        model(X, Y, [2, 3, 1], num_iterations=5, decay_rate=-0.3)


def test_adam_epsilon_zero_is_refused():
    """Regression: epsilon = 0 was accepted, and a zero gradient then gave 0 / 0
    and a misleading 'learning rate too large' divergence message."""
    X, Y = separable(m=10)
    with pytest.raises(ValueError, match="epsilon must be finite and positive"):
        model(X, Y, [2, 3, 1], optimizer="adam", epsilon=0.0, init="zeros")


def test_negative_lambd_never_reaches_the_loop():
    """The loop skips the per-step checks, so lambd must be checked before it:
    a negative one would otherwise train silently with weight growth."""
    X, Y = separable(m=10)
    with pytest.raises(ValueError, match="lambd must be finite and >= 0"):
        model(X, Y, [2, 3, 1], num_iterations=5, lambd=-0.1)


@pytest.mark.parametrize("value, advice", [(1e308, 1.0), (50.0, 1.0), (0.5, 0.05)])
def test_the_advice_after_divergence_is_a_sensible_value(value, advice):
    """Regression: lr = 1e308 was advised 'such as 1e+307'."""
    assert training._smaller(value) == advice


def test_diverging_learning_rate_raises_with_advice():
    X, Y = separable(m=20)
    with pytest.raises(
        FloatingPointError,
        match=r"diverged at iteration \d+.*try a smaller one, such as 1\b",
    ):
        model(
            X,
            Y,
            [2, 8, 8, 1],
            learning_rate=1e5,
            num_iterations=100,
            seed=0,
            hidden_activation="leaky_relu",
        )


def test_public_checks_still_work_after_model_returns_or_diverges():
    """Training may relax the per-step checks inside its loop; they must be back
    on for the caller afterwards, whether model returned or raised."""
    X, Y = separable(m=20)
    params, _ = model(X, Y, [2, 3, 1], num_iterations=2, seed=0)
    grads = {f"d{k}": np.zeros_like(v) for k, v in params.items()}
    with pytest.raises(ValueError, match="learning_rate must be finite and positive"):
        update_parameters(params, grads, -1.0)
    with pytest.raises(FloatingPointError):
        model(
            X,
            Y,
            [2, 8, 8, 1],
            learning_rate=1e5,
            num_iterations=100,
            seed=0,
            hidden_activation="leaky_relu",
        )
    with pytest.raises(ValueError, match="lambd must be finite and >= 0"):
        snn.cost_with_l2(np.array([[0.5]]), np.array([[1]]), params, lambd=-1.0)
    with pytest.raises(ValueError, match="AL and Y must have the same shape"):
        cost_function(np.array([[0.5]]), np.array([[1, 0]]))
    with pytest.raises(ValueError, match="X has 3 rows"):
        forward_prop(np.ones((3, 1)), params)


def test_X_too_large_for_float32_is_refused_without_a_warning(no_training):
    """1e39 is finite in float64 but overflows float32: a clear error, not a
    RuntimeWarning from the cast and then a misleading 'diverged' message."""
    X, Y = separable(m=10)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(ValueError, match="X in float32 contains NaN or infin"):
            model(X * 1e39, Y, [2, 3, 1], dtype=np.float32)


def test_underflow_is_not_taken_for_divergence():
    """Under np.seterr(all="raise"), an exp that underflows to 0 must not stop
    training with the 'learning rate too large' message."""
    X, Y = separable(m=40)
    X[:, :3] *= 1e4  # exp(-|Z|) underflows for these examples
    with np.errstate(all="raise"):
        params, costs = model(X, Y, [2, 4, 1], num_iterations=5, seed=0)
    assert all(math.isfinite(c) for c in costs)


# callback and progress: what model does after each iteration


def _moons_like():
    X = np.array([[0.0, 1.0, 2.0, 3.0, 0.5, 2.5], [1.0, 0.0, 1.0, 0.0, 0.5, 0.5]])
    Y = np.array([[0, 0, 1, 1, 0, 1]])
    return X, Y


def test_the_callback_sees_every_iteration_its_cost_and_the_live_params():
    X, Y = _moons_like()
    seen = []

    def record(i, cost, params):
        seen.append((i, cost, params, params["W1"].copy()))

    params, costs = snn.model(
        X, Y, [2, 3, 1], num_iterations=5, seed=0, callback=record
    )
    assert [i for i, *_ in seen] == list(range(5))
    assert [cost for _, cost, *_ in seen] == costs
    # Live, not copies: the very arrays model trains and returns.
    assert all(p["W1"] is params["W1"] for _, _, p, _ in seen)
    # Each call saw the weights after that iteration's update: distinct values.
    snapshots = [w for *_, w in seen]
    assert not np.array_equal(snapshots[0], snapshots[-1])
    assert np.array_equal(snapshots[-1], params["W1"])


def test_returning_true_stops_training_and_the_costs_end_there():
    X, Y = _moons_like()
    params, costs = snn.model(
        X, Y, [2, 3, 1], num_iterations=50, seed=0, callback=lambda i, c, p: i == 3
    )
    assert len(costs) == 4
    full, full_costs = snn.model(X, Y, [2, 3, 1], num_iterations=4, seed=0)
    assert costs == full_costs and np.array_equal(params["W1"], full["W1"])


@pytest.mark.parametrize("answer", [np.True_, True])
def test_true_of_python_or_numpy_stops(answer):
    """Regression: np.True_ (what np.float64(cost) < 10 gives) did not stop."""
    X, Y = _moons_like()
    _, costs = snn.model(
        X, Y, [2, 3, 1], num_iterations=6, seed=0,
        callback=lambda i, c, p: answer if i == 2 else None,
    )  # fmt: skip
    assert len(costs) == 3


@pytest.mark.parametrize("answer", [None, False, np.False_])
def test_none_or_false_goes_on(answer):
    X, Y = _moons_like()
    _, costs = snn.model(
        X, Y, [2, 3, 1], num_iterations=6, seed=0, callback=lambda *a: answer
    )
    assert len(costs) == 6


@pytest.mark.parametrize("answer", [1, 0.69, "stop", np.float64(0.5), [True]])
def test_any_other_answer_is_an_error_naming_the_callback(answer):
    """A callback that returns the cost by mistake neither stops nor goes on
    silently."""
    X, Y = _moons_like()
    with pytest.raises(TypeError, match="model's callback returned .* at iteration 0"):
        snn.model(X, Y, [2, 3, 1], num_iterations=6, seed=0, callback=lambda *a: answer)


def _generator(i, cost, params):
    yield i


async def _coroutine(i, cost, params):
    return None


@pytest.mark.parametrize(
    "callback, message",
    [
        (_generator, "generator or async function"),
        (_coroutine, "generator or async function"),
        (lambda i: None, r"with 3 arguments, but '<lambda>' takes \(i\)"),
        (lambda i, c, p, extra: None, "with 3 arguments"),
    ],
)
def test_a_callback_that_cannot_be_called_so_is_refused_at_the_door(callback, message):
    X, Y = _moons_like()
    with pytest.raises(TypeError, match=message):
        snn.model(X, Y, [2, 3, 1], num_iterations=3, seed=0, callback=callback)


def test_a_callback_with_extra_defaults_or_star_args_is_accepted():
    X, Y = _moons_like()
    for callback in (lambda i, c, p, extra=1: None, lambda *args: None):
        _, costs = snn.model(X, Y, [2, 3, 1], num_iterations=2, callback=callback)
        assert len(costs) == 2


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda p: p.pop("W1"), "changed the parameters at iteration 1"),
        (lambda p: p.update(W9=np.ones(1)), "changed the parameters at iteration 1"),
        (lambda p: p.clear(), "changed the parameters at iteration 1"),
        (lambda p: p.update(W1=np.ones((1, 1))), "changed the parameters"),
        (lambda p: p["W2"].fill(np.nan), "left NaN or infinity in W2 at iteration 1"),
    ],
)
def test_a_callback_that_changes_the_parameters_gets_an_error_naming_it(
    change, message
):
    """Regression: KeyError or IndexError from inside the loop, and NaN blamed on
    the learning rate."""
    X, Y = _moons_like()

    def callback(i, cost, params):
        if i == 1:
            change(params)

    with pytest.raises(ValueError, match=f"model's callback {message}"):
        snn.model(X, Y, [2, 3, 1], num_iterations=4, seed=0, callback=callback)


def test_a_callback_error_propagates_unchanged_with_the_iteration_named():
    X, Y = _moons_like()
    failure = RuntimeError("my plot failed")

    def broken(i, cost, params):
        if i == 2:
            raise failure

    with pytest.raises(RuntimeError) as error:
        snn.model(X, Y, [2, 3, 1], num_iterations=5, seed=0, callback=broken)
    assert error.value is failure
    assert "callback at iteration 2" in " ".join(error.value.__notes__)


def test_a_floating_point_error_in_the_callback_is_not_reported_as_divergence():
    X, Y = _moons_like()

    def overflow(i, cost, params):
        with np.errstate(over="raise"):
            np.float64(1e308) * 10

    with pytest.raises(FloatingPointError, match="overflow") as error:
        snn.model(X, Y, [2, 3, 1], num_iterations=3, seed=0, callback=overflow)
    assert "diverged" not in str(error.value)


def test_the_callback_runs_with_the_callers_error_state_and_checks_on():
    X, Y = _moons_like()
    states, errors = [], []

    def probe(i, cost, params):
        states.append(np.geterr()["over"])
        try:  # the user's own call of a package function is checked
            snn.linear_forward(np.ones((2, 4)), np.ones((5, 3)), np.zeros((5, 1)))
        except ValueError as error:
            errors.append(str(error))

    with np.errstate(over="warn"):
        snn.model(X, Y, [2, 3, 1], num_iterations=2, seed=0, callback=probe)
    assert states == ["warn", "warn"]
    assert len(errors) == 2 and "W has 3 columns" in errors[0]


def test_print_comes_before_the_callback(capsys):
    X, Y = _moons_like()
    snn.model(
        X, Y, [2, 3, 1], num_iterations=1, seed=0, print_cost=True,
        callback=lambda *a: print("callback"),
    )  # fmt: skip
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("Cost after iteration 0") and out[1] == "callback"


@pytest.mark.parametrize(
    ("options", "error", "message"),
    [
        ({"callback": 3}, TypeError, "callback must be a function"),
        ({"progress": "yes"}, TypeError, "progress must be True or False"),
    ],
)
def test_callback_and_progress_are_checked_at_the_door(options, error, message):
    X, Y = _moons_like()
    with pytest.raises(error, match=message):
        snn.model(X, Y, [2, 3, 1], num_iterations=1, **options)


def test_progress_without_tqdm_names_the_extra(monkeypatch):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util,
        "find_spec",
        lambda name, *a: None if name == "tqdm" else real(name, *a),
    )
    X, Y = _moons_like()
    with pytest.raises(ImportError, match=r"scratchnn\[progress\]"):
        snn.model(X, Y, [2, 3, 1], num_iterations=1, progress=True)


def test_progress_shows_a_text_bar_in_a_terminal(capsys):
    X, Y = _moons_like()
    _, costs = snn.model(X, Y, [2, 3, 1], num_iterations=7, seed=0, progress=True)
    err = capsys.readouterr().err
    assert "training" in err and "7/7" in err and f"cost={costs[-1]:.4f}" in err


def test_the_bar_closes_when_training_stops_early(capsys):
    X, Y = _moons_like()
    snn.model(
        X, Y, [2, 3, 1], num_iterations=9, seed=0, progress=True,
        callback=lambda i, c, p: i == 1,
    )  # fmt: skip
    assert "2/9" in capsys.readouterr().err


def test_the_notebook_bar_only_where_ipywidgets_can_draw_it(monkeypatch):
    import importlib.util

    from tqdm.std import tqdm as text_bar

    monkeypatch.setattr(training, "in_jupyter", lambda: True)
    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util,
        "find_spec",
        lambda name, *a: None if name == "ipywidgets" else real(name, *a),
    )
    bar = training.progress_bar(3)
    try:
        assert type(bar) is text_bar  # no ipywidgets: the text bar, no warning
    finally:
        bar.close()


def test_in_jupyter_is_false_outside_a_kernel():

    assert training.in_jupyter() is False


def test_the_notebook_bar_where_ipywidgets_is_there(monkeypatch):
    import importlib.util
    import types

    class FakeNotebookBar:
        def __init__(self, **options):
            self.options = options

    monkeypatch.setattr(training, "in_jupyter", lambda: True)
    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util,
        "find_spec",
        lambda name, *a: object() if name == "ipywidgets" else real(name, *a),
    )
    fake = types.ModuleType("tqdm.notebook")
    fake.tqdm = FakeNotebookBar
    monkeypatch.setitem(sys.modules, "tqdm.notebook", fake)
    bar = training.progress_bar(3)
    assert isinstance(bar, FakeNotebookBar) and bar.options["total"] == 3


# Divergence: caught by the cost and the weights, not only by numpy's error state


def _moons():
    from scratchnn.datasets import make_moons

    return make_moons(200, noise=0.2, seed=0)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"learning_rate": 1e10}, r"grew a millionfold.*learning rate \(1e\+10\)"),
        ({"learning_rate": 1e300}, r"too large to square.*learning rate \(1e\+300\)"),
        (
            {"learning_rate": 1e300, "optimizer": "adam"},
            r"too large to square.*learning rate \(1e\+300\)",
        ),
        ({"learning_rate": 1e3}, r"stayed above 9.01 for 10 iterations.*such as 1\b"),
        ({"lambd": 1e300}, r"The lambd \(1e\+300\) is probably too large"),
        ({"lambd": 1e6}, r"The lambd \(1e\+06\) is probably too large"),
    ],
)
def test_divergence_is_caught_and_blames_the_right_setting(options, message):
    X, Y = _moons()
    with pytest.raises(FloatingPointError, match=message):
        model(X, Y, [2, 8, 1], num_iterations=300, seed=0, **options)


# Not 50: at that rate training is chaotic, and whether it recovers within 300
# iterations depends on the last bits of the BLAS kernel (it failed on this
# machine's native kernel, also before the redesign).
@pytest.mark.parametrize("learning_rate", [20.0])
def test_a_large_step_that_recovers_is_not_called_divergence(learning_rate):
    """The cost spikes above 9 for an iteration or two, then training goes on.

    Where training lands after a step of 50 is chaotic: with numpy 1.24's BLAS
    the cost ends near 3.9, with numpy 2.4's below 0.5. Only the step of 20
    must come back down; both must run to the end without a false alarm.
    """
    X, Y = _moons()
    _, costs = model(
        X, Y, [2, 8, 1], learning_rate=learning_rate, num_iterations=300, seed=0
    )
    assert max(costs) > 8 and np.isfinite(costs).all()
    if learning_rate == 20.0:
        assert costs[-1] < 0.5


def test_the_check_works_without_numpys_error_state():
    """On a GPU np.errstate does nothing: the cost and weights are checked too."""
    guard = training.DivergenceGuard(0.1, 0.0, 0.0, np.float64, {"W1": np.ones((2, 2))})
    with pytest.raises(FloatingPointError, match="the cost became nan"):
        guard.check(3, float("nan"), {"W1": np.ones((2, 2))})
    with pytest.raises(FloatingPointError, match="the weights inf"):
        guard.check(3, 0.5, {"W1": np.array([[np.inf]])})


def test_float32_divergence_uses_float32s_limits():
    guard = training.DivergenceGuard(0.1, 0.0, 0.0, np.float32, {"W1": np.ones((1, 1))})
    with pytest.raises(FloatingPointError, match="too large to square"):
        guard.check(0, 0.5, {"W1": np.array([[2e19]], dtype=np.float32)})


def test_an_overflow_within_an_iteration_stops_it_at_once():
    """With mini-batches the weights can overflow before the iteration ends."""
    X, Y = _moons()
    with pytest.raises(FloatingPointError, match="overflowed.*learning rate") as error:
        model(
            X, Y, [2, 8, 8, 1], learning_rate=1e200, batch_size=10, seed=0,
            hidden_activation="relu",
        )  # fmt: skip
    assert "iteration 0" in str(error.value)


# A trained network remembers its activations (scratchnn.Network)


def test_model_returns_a_network_that_predicts_with_its_own_activations():
    X, Y = _moons()
    params, _ = model(
        X, Y, [2, 8, 1], learning_rate=1.0, num_iterations=500, seed=0,
        hidden_activation="tanh",
    )  # fmt: skip
    assert isinstance(params, snn.Network) and isinstance(params, dict)
    assert sorted(params) == ["W1", "W2", "b1", "b2"]  # no extra keys
    assert (params.hidden_activation, params.output_activation) == ("tanh", "sigmoid")
    right = snn.accuracy(predict(X, params), Y)
    assert right == snn.accuracy(predict(X, params, "tanh"), Y) > 0.9
    # A plain copy records nothing: the documented default, sigmoid.
    plain = dict(params)
    assert type(plain) is dict
    assert np.array_equal(predict_proba(X, plain), predict_proba(X, plain, "sigmoid"))
    assert not np.array_equal(predict_proba(X, plain), predict_proba(X, params))


def test_a_contradicting_activation_is_refused():
    params = snn.Network(init_params([2, 3, 1], seed=0), "relu", "sigmoid")
    with pytest.raises(
        ValueError,
        match="^predict was given hidden_activation='tanh' but the network "
        "records hidden_activation='relu'; leave it out to use the network's$",
    ):
        predict(np.ones((2, 3)), params, "tanh")
    with pytest.raises(
        ValueError,
        match="^predict_proba was given output_activation='softmax' but the "
        "network records output_activation='sigmoid'",
    ):
        predict_proba(np.ones((2, 3)), params, output_activation="softmax")


def test_an_empty_activation_name_is_refused_not_taken_for_the_default():
    """Regression: "" counted as left out (``"" or "sigmoid"``)."""
    with pytest.raises(ValueError, match="hidden_activation: unknown activation ''"):
        predict(np.ones((2, 3)), init_params([2, 3, 1], seed=0), "")


@pytest.mark.parametrize("optimizer", ["gd", "adam"])
def test_float16_training_is_refused_at_the_door_with_the_reason(optimizer):
    """Regression: with Adam, epsilon = 1e-8 rounded to 0 in float16 and the
    error blamed the learning rate."""
    with pytest.raises(ValueError, match=r"dtype=float16 is too coarse \(Adam's"):
        model(np.ones((2, 4)), np.array([[0, 1, 0, 1]]), [2, 3, 1],
              dtype=np.float16, optimizer=optimizer)  # fmt: skip


def test_a_network_survives_copying_and_pickling():
    import copy
    import pickle

    params = snn.Network(init_params([2, 3, 1], seed=0), "tanh", "sigmoid")
    for clone in (
        copy.deepcopy(params),
        pickle.loads(pickle.dumps(params)),
        copy.copy(params),
        params.copy(),  # regression: a plain dict, the activations lost
    ):
        assert isinstance(clone, snn.Network) and clone.hidden_activation == "tanh"
        assert clone.output_activation == "sigmoid"
        assert np.array_equal(clone["W1"], params["W1"])
    assert params.copy()["W1"] is params["W1"]  # shallow, as dict.copy


@pytest.mark.parametrize(
    "attribute, value, error, message",
    [
        ("hidden_activation", None, TypeError, "hidden_activation: activation must"),
        ("hidden_activation", "", ValueError, "hidden_activation: unknown activation"),
        ("output_activation", "tanh", ValueError, "unknown output activation 'tanh'"),
        ("output_activation", 3, TypeError, "output_activation: activation must"),
    ],
)
def test_a_network_checks_the_activations_it_is_given(attribute, value, error, message):
    """Regression: hidden_activation = None or "" made predict use sigmoid, and
    Network(P, None, "sigmoid") saved a file that load_params then refused."""
    params = snn.Network(init_params([2, 3, 1], seed=0), "relu", "sigmoid")
    with pytest.raises(error, match=message):
        setattr(params, attribute, value)
    assert (params.hidden_activation, params.output_activation) == ("relu", "sigmoid")
    settings = {"hidden_activation": "relu", "output_activation": "sigmoid"}
    with pytest.raises(error, match=message):
        snn.Network(init_params([2, 3, 1], seed=0), **{**settings, attribute: value})


# Values, not only shapes, are checked where data enter


@pytest.mark.parametrize("where", ["X", "W1", "b2"])
@pytest.mark.parametrize("bad", [np.nan, np.inf])
def test_forward_prop_and_predict_refuse_non_finite_inputs_and_weights(where, bad):
    params = init_params([2, 3, 1], seed=0)
    X = np.ones((2, 4))
    (X if where == "X" else params[where])[0, 0] = bad
    for call in (
        lambda: forward_prop(X, params),
        lambda: predict(X, params),
        lambda: predict_proba(X, params),
    ):
        with pytest.raises(ValueError, match=f"{where}.* contains NaN or infinite"):
            call()


def test_update_parameters_refuses_non_finite_gradients():
    params = init_params([2, 3, 1], seed=0)
    grads = {f"d{k}": np.zeros_like(v) for k, v in params.items()}
    grads["dW2"][0, 0] = np.nan
    with pytest.raises(ValueError, match="grads entry dW2 contains NaN"):
        update_parameters(params, grads, 0.1)


@pytest.mark.parametrize(
    ("AL", "Y", "message"),
    [
        ([[0.5, 0.5]], [[2, 0]], "labels 0 and 1 only"),
        ([[0.5, 0.5]], [[-1, 0]], "labels 0 and 1 only"),
        ([[0.5, 0.5]], [[0.5, 0]], "labels 0 and 1 only"),
        ([[0.5, 0.5]], [[np.nan, 0]], "labels 0 and 1 only"),
        ([[1.5, 0.5]], [[1, 0]], r"probabilities in \[0, 1\]"),
        ([[np.nan, 0.5]], [[1, 0]], "AL contains NaN"),
    ],
)
def test_backprop_checks_labels_and_probabilities_like_the_cost(AL, Y, message):
    params = init_params([2, 1], seed=0)
    _, caches = forward_prop(np.ones((2, 2)), params)
    with pytest.raises(ValueError, match=message):
        backprop(np.array(AL, dtype=float), np.array(Y, dtype=float), caches)


def test_backprop_checks_that_softmax_targets_are_one_hot():
    params = init_params([2, 3], seed=0)
    AL, caches = forward_prop(np.ones((2, 2)), params, output_activation="softmax")
    with pytest.raises(ValueError, match="one-hot"):
        backprop(AL, np.full((3, 2), 1 / 3), caches, output_activation="softmax")


def test_a_keep_prob_too_small_for_the_dtype_is_refused_before_training():
    with pytest.raises(ValueError, match="keep_prob = 1e-40 is too small for float32"):
        model(
            np.ones((2, 4)), np.array([[0, 1, 0, 1]]), [2, 3, 1], keep_prob=1e-40,
            dtype=np.float32,
        )  # fmt: skip


def test_the_cost_refuses_nan_weights_when_it_adds_their_penalty():
    params = init_params([2, 3, 1], seed=0)
    params["W1"][0, 0] = np.nan
    with pytest.raises(ValueError, match="params entry W1 contains NaN or infinite"):
        snn.cost_with_l2(np.array([[0.5]]), np.array([[1]]), params, lambd=0.1)


def test_gradient_check_refuses_nan_parameters():
    params = init_params([2, 3, 1], seed=0)
    params["W2"][0, 0] = np.inf
    with pytest.raises(ValueError, match="params entry W2 contains NaN or infinite"):
        snn.gradient_check(params, np.ones((2, 3)), np.array([[0, 1, 0]]))


def test_a_nan_weight_in_a_later_layer_is_not_hidden_by_max():
    """Python's max drops a NaN that is not first; the guard must not."""
    params = {"W1": np.ones((2, 2)), "b1": np.zeros((2, 1))}
    guard = training.DivergenceGuard(0.1, 0.0, 0.0, np.float64, params)
    with pytest.raises(FloatingPointError, match="the weights nan"):
        guard.check(0, 0.5, {"W1": np.ones((2, 2)), "b1": np.array([[np.nan], [0.0]])})


def test_print_cost_must_be_a_bool():
    """Regression: print_cost="no" printed."""
    with pytest.raises(TypeError, match="print_cost must be True or False; got 'no'"):
        model(np.ones((2, 4)), np.ones((1, 4)), [2, 1], print_cost="no")


def test_model_refuses_activations_beyond_the_memory_limit():
    """Regression: MemoryError for 11.2 GiB after the first layer."""
    X = np.zeros((2, 10**7), np.float32)
    with pytest.raises(
        ValueError,
        match=r"X of 10000000 examples, 10000000 at a time "
        r"\(batch_size\), through a layer of 300 units",
    ):
        model(X, np.zeros((1, 10**7)), [2, 300, 1], num_iterations=1, dtype=np.float32)
    with pytest.raises(
        ValueError, match=r"layer_dims \[2, 46000, 46000, 1\] would need"
    ):
        model(X[:, :4], np.zeros((1, 4)), [2, 46000, 46000, 1])


@pytest.mark.parametrize(
    ("params", "error", "match"),
    [(None, TypeError, "params must be a dict"),
     ("W1", TypeError, "params must be a dict .* got str"),
     ({"weights": np.ones((1, 2))}, ValueError, r"unexpected weights")],
)  # fmt: skip
def test_network_checks_its_params(params, error, match):
    """Regression: Network(None) failed in dict(); bad keys were kept."""
    with pytest.raises(error, match=match):
        snn.Network(params)
