"""Tests for scratchnn.early_stopping: learning curves and early stopping."""

import math

import numpy as np
import pytest

import scratchnn as snn
from scratchnn import EarlyStopping


def one_unit(b: float) -> dict:
    """A 1-1 network whose output is sigmoid(b) for every input."""
    return {"W1": np.zeros((1, 1)), "b1": np.full((1, 1), float(b))}


def scripted_run(es: EarlyStopping, biases) -> list[int]:
    """Drive ``es`` as model does, with a bias per iteration: against labels
    all 1, the validation cost is log(1 + exp(-b)), lower for a larger b."""
    params = one_unit(0.0)
    es.on_train_begin(params)
    asked = []
    for i, b in enumerate(biases):
        params["b1"][...] = b
        if es(i, 0.5, params):
            asked.append(i)
            break
    es.on_train_end()
    return asked


X_ONES, Y_ONES = np.ones((1, 4)), np.ones((1, 4))


def test_the_validation_cost_and_accuracy_are_the_hand_computed_ones():
    es = EarlyStopping(X_ONES, np.array([[1, 0, 1, 1]]), patience=3)
    scripted_run(es, [0.0, 2.0])
    # sigmoid(0) = 0.5: cost log 2 and every prediction 0 (0.5 is not
    # above 0.5), right for one example in four.
    assert es.history["val_cost"][0] == pytest.approx(math.log(2), rel=1e-15)
    assert es.history["val_accuracy"] == [0.25, 0.75]
    # sigmoid(2): three labels 1 cost log(1 + e^-2), the 0 costs log(1 + e^2).
    expected = (3 * math.log1p(math.exp(-2)) + math.log1p(math.exp(2))) / 4
    assert es.history["val_cost"][1] == pytest.approx(expected, rel=1e-14)
    assert es.history["cost"] == [0.5, 0.5]


def test_patience_is_honoured_exactly():
    es = EarlyStopping(X_ONES, Y_ONES, patience=3)
    # Best at iteration 2 (b = 2); 3, 4 and 5 do not beat it: stop at 5.
    asked = scripted_run(es, [0.0, 1.0, 2.0, 1.5, 1.8, 1.9, 3.0, 4.0])
    assert asked == [5]
    assert es.stopped_at == 5 and es.best_iteration == 2
    assert len(es.history["val_cost"]) == 6
    assert es.best_cost == pytest.approx(math.log1p(math.exp(-2)), rel=1e-14)


def test_an_improvement_resets_the_count():
    es = EarlyStopping(X_ONES, Y_ONES, patience=2)
    asked = scripted_run(es, [1.0, 0.0, 2.0, 0.0, 3.0, 0.0, 0.0, 5.0])
    assert asked == [6] and es.best_iteration == 4


def test_an_improvement_smaller_than_min_delta_does_not_count():
    # log(1 + e^-1) - log(1 + e^-1.01) is about 0.0027, below 0.01.
    es = EarlyStopping(X_ONES, Y_ONES, patience=2, min_delta=0.01)
    asked = scripted_run(es, [1.0, 1.01, 1.02, 5.0])
    assert asked == [2] and es.best_iteration == 0


def test_a_run_that_never_stalls_is_not_stopped():
    es = EarlyStopping(X_ONES, Y_ONES, patience=1)
    assert scripted_run(es, [0.0, 1.0, 2.0]) == []
    assert es.stopped_at is None and es.best_iteration == 2


def test_the_best_parameters_are_written_back_at_the_end():
    es = EarlyStopping(X_ONES, Y_ONES, patience=2)
    params = one_unit(0.0)
    es.on_train_begin(params)
    for i, b in enumerate([1.0, 2.0, 0.5, 0.25]):
        params["b1"][...] = b
        es(i, 0.0, params)
    assert params["b1"][0, 0] == 0.25  # not yet
    es.on_train_end()
    assert params["b1"][0, 0] == 2.0
    assert es.best_params["b1"][0, 0] == 2.0


def test_restore_best_false_keeps_the_last_parameters():
    es = EarlyStopping(X_ONES, Y_ONES, patience=1, restore_best=False)
    scripted_run(es, [2.0, 1.0])
    assert es.best_params["b1"][0, 0] == 2.0 and es.stopped_at == 1


def moons():
    X, Y = snn.make_moons(240, noise=0.3, seed=1)
    return X[:, :40], Y[:, :40], X[:, 40:], Y[:, 40:]


class Spy(EarlyStopping):
    """Keeps a copy of every iteration's parameters, to compare with."""

    def __call__(self, i, cost, params):
        self.seen = getattr(self, "seen", [])
        self.seen.append({k: P.copy() for k, P in params.items()})
        return super().__call__(i, cost, params)


@pytest.mark.parametrize(
    "options",
    [
        {"optimizer": "adam", "learning_rate": 0.01},
        {"optimizer": "adam", "learning_rate": 0.01, "batch_size": 16},
        {"learning_rate": 1.0},
    ],
    ids=["adam", "mini-batches", "gd"],
)
def test_model_returns_the_best_iterations_parameters_bit_for_bit(options):
    X, Y, X_val, Y_val = moons()
    es = Spy(X_val, Y_val, patience=20, hidden_activation="relu")
    params, costs = snn.model(
        X, Y, [2, 32, 32, 1], num_iterations=1500, seed=0,
        hidden_activation="relu", callback=es, **options,
    )  # fmt: skip
    # It overfits 40 examples, so the validation cost rose and training stopped.
    assert es.stopped_at is not None
    assert len(costs) == es.stopped_at + 1 == es.best_iteration + 20 + 1
    assert es.history["cost"] == costs  # what model recorded, one per iteration
    assert all(len(v) == len(costs) for v in es.history.values())
    best = es.seen[es.best_iteration]
    for key in params:
        assert np.array_equal(params[key], best[key])  # bitwise
    assert not np.array_equal(params["W1"], es.seen[-1]["W1"])
    assert es.best_cost == min(es.history["val_cost"])
    again = snn.cost_function(snn.predict_proba(X_val, params), Y_val)
    assert again == es.best_cost


def test_the_training_curves_use_the_same_parameters_as_the_validation_ones():
    X, Y, X_val, Y_val = moons()
    es = EarlyStopping(X_val, Y_val, patience=5, X_train=X, Y_train=Y)
    params, costs = snn.model(X, Y, [2, 4, 1], num_iterations=30, seed=0,
                              callback=es)  # fmt: skip
    assert es.stopped_at is None and len(es.history["train_cost"]) == 30
    # The last iteration's parameters are the best (the cost still falls),
    # and model's cost is measured before each step: one step behind.
    assert es.best_iteration == 29
    AL = snn.predict_proba(X, params)
    assert es.history["train_cost"][-1] == snn.cost_function(AL, Y)
    assert es.history["train_accuracy"][-1] == snn.accuracy(snn.predict(X, params), Y)
    assert es.history["train_cost"][-2] == pytest.approx(costs[-1], rel=1e-12)


def test_softmax_outputs_and_reuse_start_afresh():
    X, labels = snn.make_spirals(60, n_classes=3, seed=0)
    Y = snn.one_hot(labels, 3)
    es = EarlyStopping(X, Y, patience=3, output_activation="softmax")
    for _ in range(2):
        params, costs = snn.model(X, Y, [2, 8, 3], num_iterations=12, seed=0,
                                  output_activation="softmax", callback=es)  # fmt: skip
        assert len(es.history["val_cost"]) == 12
    assert es.history["val_cost"][-1] == pytest.approx(
        snn.categorical_cross_entropy(snn.predict_proba(X, params), Y), rel=1e-15
    )
    assert es.history["val_accuracy"][-1] == snn.accuracy(snn.predict(X, params), Y)


X1, Y1 = X_ONES, Y_ONES
REFUSED = [
    ((np.ones(4), Y1), {}, ValueError, "X_val must be a 2-D array"),
    ((X1, np.ones((1, 3))), {}, ValueError, "X_val has 4 examples .* Y_val has 3"),
    ((X1, 2 * Y1), {}, ValueError, "Y_val must hold 0/1 labels"),
    ((X1, np.ones((2, 4))), {"output_activation": "sigmoid"}, ValueError,
     r"shape \(1, m\)"),
    ((X1, np.ones((2, 4))), {}, ValueError, "one-hot"),  # two rows: softmax's
    ((X1, np.ones((1, 4))), {"output_activation": "softmax"}, ValueError,
     "at least two classes"),
    ((X1, np.array([[1, 0, 1, 1]])), {"output_activation": "softmax"},
     ValueError, "Y_val must be one-hot"),
    ((np.full((1, 4), np.nan), Y1), {}, ValueError, "X_val contains NaN"),
    ((X1, Y1), {"patience": 0}, ValueError, "patience must be an integer >= 1"),
    ((X1, Y1), {"patience": 2.5}, ValueError, "patience must be an integer"),
    ((X1, Y1), {"min_delta": -1}, ValueError, "min_delta must be finite"),
    ((X1, Y1), {"restore_best": "yes"}, TypeError, "restore_best must be True"),
    ((X1, Y1), {"hidden_activation": "swish"}, ValueError, "unknown activation"),
    ((X1, Y1), {"X_train": X1}, TypeError, "X_train and Y_train go together"),
    ((X1, Y1), {"X_train": np.ones((2, 4)), "Y_train": Y1}, ValueError, "their rows"),
    ((X1, Y1), {"X_train": X1, "Y_train": 3 * Y1}, ValueError, "Y_train must hold"),
]  # fmt: skip


@pytest.mark.parametrize("args, options, error, message", REFUSED)
def test_wrong_arguments_are_refused_at_the_door(args, options, error, message):
    with pytest.raises(error, match=message):
        EarlyStopping(*args, **options)


def test_a_held_out_set_that_does_not_fit_the_network_is_refused_when_training_begins():
    X, Y, X_val, Y_val = moons()
    es = EarlyStopping(np.vstack([X_val, X_val]), Y_val)
    with pytest.raises(ValueError, match=r"X_val has shape \(4, 200\).*takes 2 inputs"):
        snn.model(X, Y, [2, 3, 1], num_iterations=2, callback=es)


def test_the_validation_forward_pass_is_capped():
    X, Y, X_val, Y_val = moons()
    es = EarlyStopping(X_val, Y_val)
    with snn.set_limits(memory=1000), pytest.raises(ValueError, match="limit"):
        es.on_train_begin(snn.init_params([2, 10, 1], seed=0))


def test_the_networks_activations_are_used_and_a_different_one_is_refused():
    X, Y, X_val, Y_val = moons()
    settings = dict(num_iterations=5, seed=1, hidden_activation="relu")
    es = EarlyStopping(X_val, Y_val)  # no activations: the network's
    params, _ = snn.model(X, Y, [2, 4, 1], callback=es, **settings)
    assert es.activations == ("relu", "sigmoid")
    AL = snn.predict_proba(X_val, params)  # the best iteration's, restored
    assert es.best_cost == snn.cost_function(AL, Y_val)
    wrong = EarlyStopping(X_val, Y_val, hidden_activation="sigmoid")
    with pytest.raises(
        ValueError,
        match="^EarlyStopping was given hidden_activation='sigmoid' but the "
        "network records hidden_activation='relu'; leave it out to use the "
        "network's$",
    ):
        snn.model(X, Y, [2, 4, 1], callback=wrong, **settings)


def test_an_empty_activation_name_is_refused_not_taken_for_the_default():
    """Regression: "" counted as left out (``"" or "sigmoid"``)."""
    X, Y, X_val, Y_val = moons()
    with pytest.raises(ValueError, match="hidden_activation: unknown activation ''"):
        EarlyStopping(X_val, Y_val, hidden_activation="")


def test_labels_are_checked_against_the_networks_output_when_training_begins():
    X, Y, X_val, Y_val = moons()
    es = EarlyStopping(X_val, snn.one_hot(Y_val[0], 2))  # softmax's labels
    with pytest.raises(
        ValueError, match=r"Y_val must hold 0/1 labels of shape \(1, m\)"
    ):
        snn.model(X, Y, [2, 3, 1], num_iterations=2, callback=es)


def test_a_held_out_set_beyond_the_memory_cap_fails_before_it_is_read():
    # NaN everywhere: had it been read first, the error would name the NaN.
    X = np.broadcast_to(np.array([[np.nan]]), (2, 10**6))
    Y = np.broadcast_to(np.array([[0.0]]), (1, 10**6))
    with snn.set_limits(memory=10**6), pytest.raises(ValueError, match="limit"):
        EarlyStopping(X, Y)


def test_a_loop_of_ones_own_showing_networks_is_measured_with_their_activations():
    params = snn.init_params([2, 3, 1], seed=0)
    X_val, Y_val = snn.make_moons(30, noise=0.1, seed=1)
    shown = EarlyStopping(X_val, Y_val)  # no on_train_begin: a loop of one's own
    shown(0, 0.7, snn.Network(params, "tanh"))
    told = EarlyStopping(X_val, Y_val, hidden_activation="tanh")
    told(0, 0.7, params)
    assert shown.activations == told.activations == ("tanh", "sigmoid")
    assert shown.history == told.history
    AL = snn.predict_proba(X_val, params, "tanh", "sigmoid")
    assert shown.best_cost == snn.cost_function(AL, Y_val)
