"""Tests for scratchnn.figures.diagrams: network diagram, digits, confusions."""

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.collections import LineCollection
from matplotlib.colors import to_hex
from matplotlib.patches import Circle

from scratchnn.figures import (
    PALETTE,
    draw_network,
    new_figure,
    plot_confusion_matrix,
    plot_digits,
)
from scratchnn.preprocessing import one_hot

# No display in CI; switching after pyplot's import is allowed.
matplotlib.use("Agg")


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def texts(ax):
    return [t.get_text() for t in ax.texts]


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
        "hidden\nlayer 1\n4 units",
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
    assert "hidden\nlayer 2\n16 units" in texts(ax)
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


@pytest.mark.parametrize(
    "call",
    [
        lambda: plot_confusion_matrix([0, 1], [0, 1, 1]),
        lambda: draw_network([3]),
        lambda: plot_digits(np.zeros((64, 2)), image_shape=(8.0, 8.0)),
        lambda: plot_digits(np.zeros((64, 2)), image_shape=(-8, -8)),
        lambda: plot_digits(np.zeros((64, 2)), labels=["a", "b"]),
    ],
    ids=[
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
