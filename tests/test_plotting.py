"""Tests for scratchnn.plotting: every helper runs headless and draws what it says."""

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.collections import LineCollection, PathCollection
from matplotlib.colors import to_hex
from matplotlib.contour import ContourSet
from matplotlib.patches import Circle

from scratchnn.datasets import make_moons, make_spirals, one_hot
from scratchnn.plotting import (
    FIGSIZE,
    PALETTE,
    draw_network,
    new_figure,
    plot_activation,
    plot_confusion_matrix,
    plot_costs,
    plot_decision_boundary,
    plot_digits,
)

# No display in CI; switching after pyplot's import is allowed.
matplotlib.use("Agg")


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def texts(ax):
    return [t.get_text() for t in ax.texts]


def legend_texts(ax):
    return [t.get_text() for t in ax.get_legend().get_texts()]


def sigmoid(Z):
    return 1 / (1 + np.exp(-Z)), Z


def sigmoid_backward(dA, Z):
    s = 1 / (1 + np.exp(-Z))
    return dA * s * (1 - s)


# The house style.


def test_palette_is_okabe_ito():
    assert len(PALETTE) == 8 and len(set(PALETTE)) == 8
    assert {c.upper() for c in PALETTE} == {
        "#000000",
        "#E69F00",
        "#56B4E9",
        "#009E73",
        "#F0E442",
        "#0072B2",
        "#D55E00",
        "#CC79A7",
    }


def test_new_figure_single_panel_in_house_style():
    fig, ax = new_figure()
    assert tuple(fig.get_size_inches()) == FIGSIZE
    assert not ax.spines["top"].get_visible() and not ax.spines["right"].get_visible()
    assert ax.spines["left"].get_visible()
    assert all(line.get_visible() for line in ax.xaxis.get_gridlines())


def test_new_figure_grids_and_sizes():
    fig, axes = new_figure(ncols=2)
    assert axes.shape == (2,)
    assert tuple(fig.get_size_inches()) == (12.0, 4.0)
    fig, axes = new_figure(ncols=3, nrows=2)
    assert axes.shape == (2, 3)
    assert tuple(fig.get_size_inches()) == (12.0, 8.0)
    assert all(not ax.spines["top"].get_visible() for ax in axes.ravel())
    fig, _ = new_figure(figsize=(3, 2))
    assert tuple(fig.get_size_inches()) == (3.0, 2.0)


def test_new_figure_labels_grow_with_the_figure_width():
    # The page shrinks a wide figure to the column: its labels must be larger.
    _, ax = new_figure()
    ax.set_xlabel("x")
    assert ax.xaxis.label.get_size() == 10.0
    _, axes = new_figure(ncols=3, figsize=(12, 4))
    axes[0].set_xlabel("x")
    axes[0].set_xlim(0, 10)
    size = 10.0 * 2**0.5
    assert axes[0].xaxis.label.get_size() == pytest.approx(size)
    assert axes[0].yaxis.label.get_size() == pytest.approx(size)
    ticks = axes[0].xaxis.get_major_ticks()
    assert ticks and all(t.label1.get_size() == pytest.approx(size) for t in ticks)


@pytest.mark.parametrize("bad", [0, -1, 1.5, True])
def test_new_figure_rejects_bad_panel_counts(bad):
    with pytest.raises(ValueError, match="ncols must be an integer >= 1"):
        new_figure(ncols=bad)
    with pytest.raises(ValueError, match="nrows must be an integer >= 1"):
        new_figure(nrows=bad)


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


# draw_network.


def circles(ax):
    return [p for p in ax.patches if isinstance(p, Circle)]


def lines(ax):
    return [c for c in ax.collections if isinstance(c, LineCollection)]


def test_draw_network_small():
    ax = draw_network([2, 4, 1])
    assert len(circles(ax)) == 7
    assert [len(c.get_segments()) for c in lines(ax)] == [8, 4]
    assert texts(ax) == [
        "input X\n2 units",
        "hidden layer 1\n4 units",
        "output ŷ\n1 unit",
        "W1, b1",
        "W2, b2",
    ]
    assert not ax.axison


def test_draw_network_caps_wide_layers_with_an_ellipsis():
    ax = draw_network([64, 16, 16, 10])
    assert len(circles(ax)) == 4 * 7
    assert [len(c.get_segments()) for c in lines(ax)] == [49, 49, 49]
    assert texts(ax).count("⋮") == 4
    assert "hidden layer 2\n16 units" in texts(ax)
    assert "W3, b3" in texts(ax)


def test_draw_network_without_labels():
    ax = draw_network([3, 8, 9, 1], labels=False)
    assert len(circles(ax)) == 3 + 8 + 7 + 1
    assert texts(ax) == ["⋮"]


@pytest.mark.parametrize(
    "layer_dims", [[2, 4, 1], [64, 16, 16, 10], [2, 5, 5, 5, 5, 1]]
)
def test_draw_network_labels_do_not_overlap_or_leave_the_figure(layer_dims):
    ax = draw_network(layer_dims)
    fig = ax.figure
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    boxes = [t.get_window_extent(renderer) for t in ax.texts if t.get_text() != "⋮"]
    figure_box = fig.bbox
    for i, a in enumerate(boxes):
        assert figure_box.x0 <= a.x0 and a.x1 <= figure_box.x1
        assert figure_box.y0 <= a.y0 and a.y1 <= figure_box.y1
        assert not any(a.overlaps(b) for b in boxes[i + 1 :])


def test_draw_network_on_a_given_axes():
    fig, ax = plt.subplots()
    assert draw_network([1, 1], ax=ax) is ax
    assert texts(ax)[:2] == ["input X\n1 unit", "output ŷ\n1 unit"]


def test_draw_network_rejects_bad_layer_dims():
    with pytest.raises(ValueError, match="at least two entries"):
        draw_network([3])
    with pytest.raises(ValueError, match=r"layer_dims\[1\] is 0"):
        draw_network([2, 0, 1])
    with pytest.raises(TypeError, match="layer_dims must be a list"):
        draw_network("241")
    with pytest.raises(TypeError, match="layer_dims must be a list"):
        draw_network(3)


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


# plot_confusion_matrix.


def test_confusion_matrix_annotates_the_counts():
    y_true = np.array([[0, 0, 1, 1, 1, 2]])
    y_pred = np.array([[0, 1, 1, 1, 2, 2]])
    ax = plot_confusion_matrix(y_true, y_pred)
    assert texts(ax) == ["1", "1", "0", "0", "2", "1", "0", "0", "1"]
    np.testing.assert_array_equal(
        ax.images[0].get_array(), [[1, 1, 0], [0, 2, 1], [0, 0, 1]]
    )
    assert ax.get_xlabel() == "predicted class" and ax.get_ylabel() == "true class"
    # The darkest cell gets white text, the others black.
    colours = [t.get_color() for t in ax.texts]
    assert colours[4] == "white" and colours.count("white") == 1


def test_confusion_matrix_normalised_by_row_and_wider():
    ax = plot_confusion_matrix(
        [0, 0, 1, 1], one_hot([0, 1, 1, 1]), n_classes=3, normalize=True
    )
    assert texts(ax) == [
        "0.50",
        "0.50",
        "0.00",
        "0.00",
        "1.00",
        "0.00",
        "0.00",
        "0.00",
        "0.00",
    ]
    assert list(ax.get_xticks()) == [0, 1, 2]


def test_confusion_matrix_on_a_given_axes():
    fig, ax = new_figure()
    assert plot_confusion_matrix([0, 1], [1, 0], ax=ax) is ax
    assert texts(ax) == ["0", "1", "1", "0"]


def test_confusion_matrix_rejects_mismatched_inputs():
    with pytest.raises(ValueError, match="y_true holds 2 examples but y_pred holds 3"):
        plot_confusion_matrix([0, 1], [0, 1, 1])


# plot_digits.


def test_plot_digits_titles_true_and_predicted():
    X = np.random.default_rng(0).random((64, 10))
    labels = np.array([[7, 1, 2, 3, 4, 5, 6, 7, 8, 9]])
    predictions = one_hot([1, 1, 2, 3, 4, 5, 6, 7, 8, 0], 10)
    fig = plot_digits(X, labels, predictions, ncols=4)
    axes = fig.axes
    assert len(axes) == 12  # 3 rows of 4, the last two left empty
    assert [ax.get_title() for ax in axes[:3]] == ["7 → 1", "1 → 1", "2 → 2"]
    assert to_hex(axes[0].title.get_color()) == PALETTE[3].lower()
    assert to_hex(axes[1].title.get_color()) == "#000000"
    assert [len(ax.images) for ax in axes] == [1] * 10 + [0, 0]
    np.testing.assert_array_equal(axes[5].images[0].get_array(), X[:, 5].reshape(8, 8))
    assert not any(ax.axison for ax in axes)


def test_plot_digits_with_labels_only_or_nothing():
    X = np.zeros((16, 3))  # all blank: the colour scale must not break
    fig = plot_digits(X, labels=[0, 1, 2], image_shape=(4, 4))
    assert [ax.get_title() for ax in fig.axes] == ["0", "1", "2"]
    assert fig.axes[0].images[0].get_array().shape == (4, 4)
    fig = plot_digits(np.ones((64, 2)))
    assert [ax.get_title() for ax in fig.axes] == ["", ""]


def test_plot_digits_rejects_bad_input():
    with pytest.raises(ValueError, match=r"X must have shape \(64, n\).*\(63, 5\)"):
        plot_digits(np.zeros((63, 5)))
    with pytest.raises(ValueError, match="shows 1 to 100 images; got 101"):
        plot_digits(np.zeros((64, 101)))
    with pytest.raises(ValueError, match="ncols must be an integer >= 1"):
        plot_digits(np.zeros((64, 2)), ncols=0)
    with pytest.raises(ValueError, match="X holds 2 images but predictions has 3"):
        plot_digits(np.zeros((64, 2)), predictions=[0, 1, 2])
    with pytest.raises(ValueError, match="labels must hold class indices"):
        plot_digits(np.zeros((64, 2)), labels=[-1, 1])


@pytest.mark.parametrize(
    "image_shape, match",
    [
        # Before the fix: "'float' object cannot be interpreted as an integer".
        (
            (8.0, 8.0),
            r"image_shape\[0\], the height, must be an integer >= 1; got 8\.0",
        ),
        # Before the fix: numpy's "can only specify one unknown dimension".
        ((-8, -8), r"image_shape\[0\], the height, must be an integer >= 1; got -8"),
        ((8, 0), r"image_shape\[1\], the width, must be an integer >= 1; got 0"),
        (64, r"image_shape must be a pair \(height, width\); got 64"),
        ((4, 4, 4), r"image_shape must be a pair \(height, width\); got \(4, 4, 4\)"),
    ],
)
def test_plot_digits_rejects_bad_image_shapes(image_shape, match):
    with pytest.raises(ValueError, match=match):
        plot_digits(np.zeros((64, 2)), image_shape=image_shape)


def test_plot_digits_takes_a_list_as_image_shape():
    fig = plot_digits(np.zeros((6, 1)), image_shape=[2, 3])
    assert fig.axes[0].images[0].get_array().shape == (2, 3)


def test_plot_digits_rejects_bad_pixels_and_labels():
    X = np.zeros((64, 2))
    with pytest.raises(ValueError, match="X contains NaN or infinite values"):
        plot_digits(np.full((64, 2), np.inf))
    with pytest.raises(ValueError, match="X has no columns"):
        plot_digits(np.zeros((64, 0)))
    with pytest.raises(TypeError, match="X must hold numbers"):
        plot_digits(X.astype(str))
    # Before the fix: numpy's "ufunc 'rint' not supported".
    with pytest.raises(TypeError, match="labels must hold numbers; got dtype <U1"):
        plot_digits(X, labels=["a", "b"])
    # Before the fix softmax columns were silently turned into labels.
    softmax = np.array([[0.9, 0.3], [0.1, 0.7]])
    with pytest.raises(ValueError, match=r"predictions has shape \(2, 2\).*one-hot"):
        plot_digits(X, labels=[0, 1], predictions=softmax)
    with pytest.raises(ValueError, match=r"predictions must hold whole-number"):
        plot_digits(X, predictions=[0.5, 1])


# No figure stays open when a helper raises.


def _moons_call(**kwargs):
    X, Y = make_moons(m=20, seed=0)
    args = dict(predict_fn=lambda P: np.zeros((1, P.shape[1])), X=X, Y=Y, resolution=5)
    return lambda: plot_decision_boundary(**{**args, **kwargs})


@pytest.mark.parametrize(
    "call",
    [
        lambda: new_figure(figsize=(-1, 2)),
        lambda: plot_costs(["a"]),
        lambda: plot_costs([np.nan]),
        _moons_call(predict_fn=lambda P: np.full((1, P.shape[1]), np.nan)),
        _moons_call(predict_fn=lambda P: np.full((1, P.shape[1]), -1.0)),
        _moons_call(X=np.full((2, 20), np.nan)),
        _moons_call(Y=np.full((2, 20), 0.5)),
        lambda: plot_activation(sigmoid, lambda dA, cache: np.ones(3)),
        lambda: plot_activation(lambda Z: (np.ones(3), Z), sigmoid_backward),
        lambda: plot_confusion_matrix([0, 1], [0, 1, 1]),
        lambda: draw_network([3]),
        lambda: plot_digits(np.zeros((64, 2)), image_shape=(8.0, 8.0)),
        lambda: plot_digits(np.zeros((64, 2)), image_shape=(-8, -8)),
        lambda: plot_digits(np.zeros((64, 2)), labels=["a", "b"]),
    ],
    ids=[
        "new_figure size",
        "costs text",
        "costs NaN",
        "prediction NaN",
        "prediction -1",
        "X NaN",
        "Y softmax",
        "dZ shape",
        "A shape",
        "confusion sizes",
        "network depth",
        "image_shape float",
        "image_shape negative",
        "digit labels text",
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
