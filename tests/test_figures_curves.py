"""Tests for scratchnn.figures.curves: each curve runs headless and draws it."""

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.collections import PathCollection
from matplotlib.colors import to_hex
from matplotlib.contour import ContourSet

from scratchnn.datasets import make_moons, make_spirals
from scratchnn.figures import (
    PALETTE,
    new_figure,
    plot_activation,
    plot_costs,
    plot_decision_boundary,
)
from scratchnn.preprocessing import one_hot

# No display in CI; switching after pyplot's import is allowed.
matplotlib.use("Agg")


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def legend_texts(ax):
    return [t.get_text() for t in ax.get_legend().get_texts()]


def sigmoid(Z):
    return 1 / (1 + np.exp(-Z)), Z


def sigmoid_backward(dA, Z):
    s = 1 / (1 + np.exp(-Z))
    return dA * s * (1 - s)


# plot_costs.


def test_plot_costs_draws_one_labelled_curve():
    costs = [0.7, 0.5, 0.4, 0.35]
    ax = plot_costs(costs, every=100, title="training")
    assert len(ax.lines) == 1
    x, y = ax.lines[0].get_data()
    np.testing.assert_array_equal(x, [0, 100, 200, 300])
    np.testing.assert_array_equal(y, costs)
    assert ax.get_xlabel() == "iteration" and ax.get_ylabel() == "cost"
    assert ax.get_title() == "training"
    assert ax.get_legend() is None
    assert ax.get_yscale() == "linear"


def test_plot_costs_compares_runs_on_one_axes():
    ax = plot_costs([1.0, 0.5], label="lr 0.1", xlabel="epoch")
    assert plot_costs(np.array([1.0, 0.2]), ax=ax, label="lr 1.0", log=True) is ax
    assert len(ax.lines) == 2
    assert legend_texts(ax) == ["lr 0.1", "lr 1.0"]
    assert [to_hex(line.get_color()) for line in ax.lines] == [
        PALETTE[0].lower(),
        PALETTE[1].lower(),
    ]
    assert ax.get_xlabel() == "epoch" and ax.get_yscale() == "log"


def test_plot_costs_rejects_bad_input():
    with pytest.raises(ValueError, match="costs must be a non-empty list"):
        plot_costs([])
    with pytest.raises(ValueError, match=r"got shape \(2, 2\)"):
        plot_costs([[1.0, 2.0], [3.0, 4.0]])
    with pytest.raises(ValueError, match="every must be an integer >= 1"):
        plot_costs([1.0], every=0)
    with pytest.raises(ValueError, match="logarithmic axis needs costs > 0"):
        plot_costs([1.0, 0.0], log=True)


def test_plot_costs_rejects_text_and_non_finite_costs():
    # Before the fix "1.0" was drawn as the number 1.0, "a" met numpy's
    # "could not convert string to float" and NaN costs gave an empty plot.
    with pytest.raises(TypeError, match="costs must hold numbers.*got dtype <U3"):
        plot_costs(["1.0", "2"])
    with pytest.raises(TypeError, match="costs must hold numbers"):
        plot_costs(["a"])
    with pytest.raises(ValueError, match="costs contains NaN or infinite values"):
        plot_costs([np.nan, np.nan])
    with pytest.raises(ValueError, match="costs contains NaN or infinite values"):
        plot_costs([0.5, np.inf])


def test_plot_costs_takes_integer_costs():
    ax = plot_costs(np.array([3, 2, 1]))
    np.testing.assert_array_equal(ax.lines[0].get_ydata(), [3.0, 2.0, 1.0])


# plot_decision_boundary.


def scatters(ax):
    return [c for c in ax.collections if isinstance(c, PathCollection)]


def contours(ax):
    return [c for c in ax.collections if isinstance(c, ContourSet)]


def test_decision_boundary_on_moons_with_labels():
    X, Y = make_moons(m=100, seed=0)
    seen = []

    def predict(P):
        seen.append(P.shape)
        return (P[1] < 0.25).astype(float).reshape(1, -1)

    ax = plot_decision_boundary(predict, X, Y, resolution=50, title="moons")
    assert seen == [(2, 2500)]
    assert len(contours(ax)) == 1
    np.testing.assert_array_equal(contours(ax)[0].levels, [-0.5, 0.5, 1.5])
    points = scatters(ax)
    assert [len(p.get_offsets()) for p in points] == [50, 50]
    assert [to_hex(p.get_facecolor()[0]) for p in points] == [
        PALETTE[0].lower(),
        PALETTE[1].lower(),
    ]
    assert legend_texts(ax) == ["class 0", "class 1"]
    assert ax.get_xlabel() == "$x_1$" and ax.get_ylabel() == "$x_2$"
    assert ax.get_title() == "moons"
    # The grid reaches beyond the data on every side.
    x_lo, x_hi = ax.get_xlim()
    assert x_lo < X[0].min() and x_hi > X[0].max()


def test_decision_boundary_cuts_probabilities_at_a_half():
    X, Y = make_moons(m=60, seed=1)
    ax = plot_decision_boundary(
        lambda P: 1 / (1 + np.exp(-P[1:2])), X, Y, resolution=20
    )
    assert len(contours(ax)) == 1 and len(scatters(ax)) == 2


def test_decision_boundary_with_softmax_output_and_one_hot_labels():
    X, Y = make_spirals(m=90, n_classes=3, seed=0)
    fig, ax = new_figure()

    def predict(P):
        return one_hot((np.arctan2(P[1], P[0]) > 0).astype(int) + (P[0] > 0.5), 3)

    assert plot_decision_boundary(predict, X, one_hot(Y), ax=ax, resolution=30) is ax
    assert legend_texts(ax) == ["class 0", "class 1", "class 2"]
    np.testing.assert_array_equal(contours(ax)[0].levels, [-0.5, 0.5, 1.5, 2.5])


def test_decision_boundary_with_a_constant_prediction_warns_nothing():
    X, Y = make_moons(m=40, seed=2)
    ax = plot_decision_boundary(
        lambda P: np.zeros((1, P.shape[1])), X, Y, resolution=10
    )
    assert len(scatters(ax)) == 2


def test_decision_boundary_shows_a_predicted_class_absent_from_the_data():
    X, Y = make_moons(m=40, seed=3)
    ax = plot_decision_boundary(
        lambda P: np.full((1, P.shape[1]), 2.0), X, Y, resolution=10
    )
    np.testing.assert_array_equal(contours(ax)[0].levels, [-0.5, 0.5, 1.5, 2.5])
    assert legend_texts(ax) == ["class 0", "class 1"]


def test_decision_boundary_rejects_bad_input():
    X, Y = make_moons(m=20, seed=0)

    def ok(P):
        return np.zeros((1, P.shape[1]))

    with pytest.raises(ValueError, match=r"X must have shape \(2, m\).*\(3, 20\)"):
        plot_decision_boundary(ok, np.zeros((3, 20)), Y)
    with pytest.raises(ValueError, match="X has 20 examples .* but Y has 19"):
        plot_decision_boundary(ok, X, Y[:, :19])
    with pytest.raises(ValueError, match="resolution must be an integer >= 2"):
        plot_decision_boundary(ok, X, Y, resolution=1)
    with pytest.raises(ValueError, match="resolution must be an integer >= 2"):
        plot_decision_boundary(ok, X, Y, resolution=20.0)
    with pytest.raises(ValueError, match=r"must return shape \(1, 100\).*\(100,\)"):
        plot_decision_boundary(lambda P: np.zeros(P.shape[1]), X, Y, resolution=10)
    with pytest.raises(ValueError, match=r"Y must hold whole-number .*\[0\.3"):
        plot_decision_boundary(ok, X, np.full((1, 20), 0.3))
    with pytest.raises(ValueError, match=r"Y must hold class labels of shape"):
        plot_decision_boundary(ok, X, np.zeros((1, 1, 20)))


def test_decision_boundary_rejects_non_finite_or_empty_x():
    X, Y = make_moons(m=20, seed=0)

    def ok(P):
        return np.zeros((1, P.shape[1]))

    # Before the fix: a RuntimeWarning for inf, a blank background for NaN.
    for bad in (np.inf, np.nan):
        X_bad = X.copy()
        X_bad[1, 3] = bad
        with pytest.raises(ValueError, match="X contains NaN or infinite values"):
            plot_decision_boundary(ok, X_bad, Y)
    # Before the fix: numpy's "zero-size array to reduction operation minimum".
    with pytest.raises(ValueError, match="X has no columns"):
        plot_decision_boundary(ok, np.zeros((2, 0)), np.zeros((1, 0)))
    with pytest.raises(ValueError, match="X must be a 2-D array"):
        plot_decision_boundary(ok, np.zeros(20), Y)
    with pytest.raises(TypeError, match="X must hold numbers"):
        plot_decision_boundary(ok, X.astype(str), Y)


@pytest.mark.parametrize(
    "value, match",
    [
        # Before the fix NaN coloured the whole plane as class 0 and -1 drew
        # no regions at all.
        (np.nan, "the output of predict_fn contains NaN or infinite values"),
        (np.inf, "the output of predict_fn contains NaN or infinite values"),
        (-1.0, r"class labels 0, 1, \.\.\. or of probabilities .* from -1 to -1"),
        (1.5, r"probabilities in \[0, 1\]; it returned values from 1\.5 to 1\.5"),
    ],
)
def test_decision_boundary_rejects_predictions_that_are_not_classes(value, match):
    X, Y = make_moons(m=20, seed=0)
    with pytest.raises(ValueError, match=match):
        plot_decision_boundary(lambda P: np.full((1, P.shape[1]), value), X, Y)


def test_decision_boundary_rejects_text_from_predict_fn():
    X, Y = make_moons(m=20, seed=0)
    with pytest.raises(TypeError, match="predict_fn must return numbers.*<U1"):
        plot_decision_boundary(lambda P: np.full((1, P.shape[1]), "1"), X, Y)


def test_the_figures_refuse_a_user_function_that_is_not_callable():
    """Checked at the door, before any drawing: the body calls it later."""
    X, Y = make_moons(m=20, seed=0)
    with pytest.raises(TypeError, match="predict_fn must be a function.*got ndarray"):
        plot_decision_boundary(X, X, Y)
    with pytest.raises(TypeError, match="fn_forward must be a function.*got 'sigmoid'"):
        plot_activation("sigmoid", sigmoid_backward)
    with pytest.raises(TypeError, match="fn_backward must be a function.*got None"):
        plot_activation(sigmoid, None)


def test_decision_boundary_takes_boolean_predictions_and_labels():
    X = np.array([[0.0, 1.0, 0.0, 1.0], [0.0, 0.0, 1.0, 1.0]])
    ax = plot_decision_boundary(
        lambda P: P[:1] > 0.5, X, np.array([False, True, False, True]), resolution=5
    )
    assert [len(p.get_offsets()) for p in scatters(ax)] == [2, 2]
    np.testing.assert_array_equal(contours(ax)[0].levels, [-0.5, 0.5, 1.5])


def test_decision_boundary_labels_must_be_numbers_and_one_hot():
    X, Y = make_moons(m=20, seed=0)

    def ok(P):
        return np.zeros((1, P.shape[1]))

    # Before the fix: numpy's "ufunc 'rint' not supported".
    with pytest.raises(TypeError, match="Y must hold numbers; got dtype <U1"):
        plot_decision_boundary(ok, X, np.full((1, 20), "a"))
    # Before the fix softmax probabilities were silently turned into labels.
    probabilities = np.vstack([0.2 + 0.3 * Y, 0.8 - 0.3 * Y])
    with pytest.raises(ValueError, match=r"Y has shape \(2, 20\).* must be one-hot"):
        plot_decision_boundary(ok, X, probabilities)
    with pytest.raises(ValueError, match="Y must hold class indices .* found -1"):
        plot_decision_boundary(ok, X, Y - 1)


# plot_activation.


def test_plot_activation_draws_g_and_its_slope():
    ax = plot_activation(sigmoid, sigmoid_backward, name="sigmoid")
    assert len(ax.lines) == 2
    assert legend_texts(ax) == ["g(z)", "g'(z)"]
    z, g = ax.lines[0].get_data()
    _, slope = ax.lines[1].get_data()
    assert z.shape == (401,) and z[0] == -6 and z[-1] == 6
    np.testing.assert_allclose(g, 1 / (1 + np.exp(-z)))
    assert slope.max() == pytest.approx(0.25)
    assert z[np.argmax(slope)] == 0
    assert ax.get_title() == "sigmoid" and ax.get_xlabel() == "z"


def test_plot_activation_on_given_points():
    def relu(Z):
        return np.maximum(Z, 0), Z

    def relu_backward(dA, Z):
        return dA * (Z > 0)

    ax = plot_activation(relu, relu_backward, z=[-1.0, 2.0])
    np.testing.assert_array_equal(ax.lines[0].get_ydata(), [0.0, 2.0])
    np.testing.assert_array_equal(ax.lines[1].get_ydata(), [0.0, 1.0])
    assert ax.get_title() == ""


def test_plot_activation_rejects_bad_input():
    with pytest.raises(ValueError, match="z must be 1-D"):
        plot_activation(sigmoid, sigmoid_backward, z=np.zeros((2, 2)))
    with pytest.raises(TypeError, match=r"must return a pair \(A, cache\)"):
        plot_activation(lambda Z: np.tanh(Z), sigmoid_backward)


def test_plot_activation_checks_z_and_the_shapes_of_a_and_dz():
    with pytest.raises(ValueError, match=r"z must be 1-D and non-empty.*\(0,\)"):
        plot_activation(sigmoid, sigmoid_backward, z=[])
    with pytest.raises(ValueError, match="z contains NaN or infinite values"):
        plot_activation(sigmoid, sigmoid_backward, z=[0.0, np.nan])
    with pytest.raises(TypeError, match="z must hold numbers"):
        plot_activation(sigmoid, sigmoid_backward, z=["0", "1"])
    with pytest.raises(ValueError, match=r"must return A of the same shape.*\(3,\)"):
        plot_activation(lambda Z: (np.ones(3), Z), sigmoid_backward)
    # Before the fix: matplotlib's "x and y must have same first dimension".
    with pytest.raises(ValueError, match=r"dZ of the shape of A, \(1, 401\).*\(3,\)"):
        plot_activation(sigmoid, lambda dA, cache: np.ones(3))


# No figure stays open when a helper raises.


def _moons_call(**kwargs):
    X, Y = make_moons(m=20, seed=0)
    args = dict(predict_fn=lambda P: np.zeros((1, P.shape[1])), X=X, Y=Y, resolution=5)
    return lambda: plot_decision_boundary(**{**args, **kwargs})


@pytest.mark.parametrize(
    "call",
    [
        lambda: plot_costs(["a"]),
        lambda: plot_costs([np.nan]),
        _moons_call(predict_fn=lambda P: np.full((1, P.shape[1]), np.nan)),
        _moons_call(predict_fn=lambda P: np.full((1, P.shape[1]), -1.0)),
        _moons_call(X=np.full((2, 20), np.nan)),
        _moons_call(Y=np.full((2, 20), 0.5)),
        lambda: plot_activation(sigmoid, lambda dA, cache: np.ones(3)),
        lambda: plot_activation(lambda Z: (np.ones(3), Z), sigmoid_backward),
    ],
    ids=[
        "costs text",
        "costs NaN",
        "prediction NaN",
        "prediction -1",
        "X NaN",
        "Y softmax",
        "dZ shape",
        "A shape",
    ],
)
def test_helpers_leave_no_figure_open_when_they_raise(call):
    before = plt.get_fignums()
    with pytest.raises((ValueError, TypeError)):
        call()
    assert plt.get_fignums() == before


# The user's own functions run checked, even inside a validated figure.


def _mismatched_layer(P):
    """A predict_fn (or activation) with a bug: W has 3 columns, P has 2 rows."""
    import scratchnn as snn

    Z, _ = snn.linear_forward(P, np.ones((1, 3)), np.zeros((1, 1)))
    return Z


def test_decision_boundary_runs_predict_fn_with_the_package_checks_on():
    X, Y = make_moons(20, seed=0)
    # The package's message, not numpy's matmul error: predict_fn's call to
    # linear_forward was checked although plot_decision_boundary's body runs
    # with validation skipped.
    with pytest.raises(ValueError, match="W has 3 columns but A_prev has 2 rows"):
        plot_decision_boundary(_mismatched_layer, X, Y)


def test_plot_activation_runs_both_functions_with_the_package_checks_on():
    import scratchnn as snn

    def forward(Z):
        return snn.linear_forward(Z, np.ones((1, 3)), np.zeros((1, 1)))

    with pytest.raises(ValueError, match="W has 3 columns but A_prev has 1 rows"):
        plot_activation(forward, snn.sigmoid_backward)

    def backward(dA, cache):
        return snn.sigmoid_backward(dA, cache[:, :-1])  # a cache one column short

    with pytest.raises(ValueError, match=r"dA has shape \(1, 401\) but the cache Z"):
        plot_activation(snn.sigmoid, backward)
