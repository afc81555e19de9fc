"""Tests for scratchnn.figures.animation: frames, labels, stills, no stray figure."""

from __future__ import annotations

import re
import warnings

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.animation import FuncAnimation  # noqa: E402
from matplotlib.text import Text  # noqa: E402

import scratchnn as snn  # noqa: E402
from scratchnn.figures import (  # noqa: E402
    Recorder,
    TrainingAnimation,
    animate_boundary,
    animate_hidden_units,
    animate_race,
)
from scratchnn.figures.panels import grid_of  # noqa: E402

X, Y = snn.make_moons(40, noise=0.1, seed=0)
SMALL = dict(resolution=8, dpi=20)


def recorded(every=3, num_iterations=10, dims=(2, 3, 1), **options):
    rec = Recorder(every=every)
    snn.model(
        X, Y, list(dims), learning_rate=0.5, num_iterations=num_iterations, seed=0,
        callback=rec, **options,
    )  # fmt: skip
    return rec


@pytest.fixture(scope="module")
def rec():
    return recorded()


@pytest.fixture(autouse=True)
def no_figure_left_open():
    before = plt.get_fignums()
    yield
    plt.close("all")  # the stills are pyplot figures, as a notebook wants them
    assert before == []


def test_boundary_animation_has_one_frame_per_snapshot(rec):
    before = plt.get_fignums()
    movie = animate_boundary(rec, X, Y, **SMALL)
    assert isinstance(movie, TrainingAnimation)
    assert len(movie) == 4 and movie.iterations == [0, 3, 6, 9]
    assert isinstance(movie.animation, FuncAnimation)
    html = movie._repr_html_()
    # Four frames in the script, and the first once more as the image's source.
    assert len(re.findall(r"data:image/jpeg;base64", html)) == 5
    assert "anim-state" in html and 'type="range"' in html
    assert "http" not in html  # no stylesheet from a CDN: the book works offline
    assert re.search(r'<img alt="[^"]{20,}"', html)  # the frame says what it shows
    assert movie.to_jshtml() is html  # rendered once
    assert plt.get_fignums() == before  # no still shown beside the player
    assert "4 frames from iteration 0 to 9" in movie.alt


def test_the_player_shows_frame_0_at_its_size_before_any_click(rec):
    """Regression (issue 23): the <img> had no source and no size until the
    script set one, so an untrusted notebook showed a broken image, JupyterLab
    an empty player, and the first click moved the buttons down."""
    movie = animate_boundary(rec, X, Y, **SMALL, figsize=(8.0, 3.4))
    html = movie.to_jshtml()
    img = re.search(r"<img [^>]*>", html).group(0)
    first = re.search(r'frames\[0\] = "(data:image/jpeg;base64,[^"]*)"', html, re.S)
    assert f'src="{first.group(1).replace(chr(92) + chr(10), "")}"' in img
    # JPEG frames of 8 x 3.4 inches at 20 dpi: 160 x 68 pixels, scaled down
    # (never up) to the column with the height that keeps the proportions.
    assert 'width="160" height="68"' in img
    assert "max-width: 100%" in img and "height: auto" in img
    assert img.count("<img") == 1 and html.count("<img") == 1


def test_boundary_still_is_labelled(rec):
    figure = animate_boundary(rec, X, Y, **SMALL).last_frame()
    assert plt.get_fignums() == [figure.number]
    plane, costs = figure.axes
    assert plane.get_title() == "iteration 9"
    assert (plane.get_xlabel(), plane.get_ylabel()) == ("$x_1$", "$x_2$")
    assert (costs.get_xlabel(), costs.get_ylabel()) == ("iteration", "cost")
    drawn = costs.lines[1].get_xdata()  # the curve up to the frame's iteration
    assert list(drawn) == list(range(10))


def test_any_frame_can_be_drawn(rec):
    movie = animate_boundary(rec, X, Y, **SMALL)
    assert movie.frame(1).axes[0].get_title() == "iteration 3"
    assert list(movie.frame(0).axes[1].lines[1].get_xdata()) == [0]
    with pytest.raises(ValueError, match="frame number from 0 to 3"):
        movie.frame(4)


def test_hidden_units_show_one_panel_per_unit_and_the_output():
    rec = recorded(dims=(2, 4, 1))
    movie = animate_hidden_units(rec, X, Y, ncols=3, **SMALL)
    assert len(movie) == 4
    figure = movie.last_frame()
    titles = [ax.get_title() for ax in figure.axes]
    assert titles[:5] == [f"unit {j}" for j in range(1, 5)] + ["output"]
    assert figure.texts[0].get_text() == "iteration 9"  # the suptitle
    image = figure.axes[0].images[0].get_array()
    W1, b1 = rec.snapshots[-1].params["W1"], rec.snapshots[-1].params["b1"]
    corner = np.array(
        [[X[0].min() - 0.1 * np.ptp(X[0])], [X[1].min() - 0.1 * np.ptp(X[1])]]
    )
    expected = snn.sigmoid(W1 @ corner + b1)[0][0, 0]
    assert image[0, 0] == pytest.approx(expected)


def test_race_puts_runs_side_by_side_with_their_costs():
    recs = {"gd": recorded(), "momentum": recorded(optimizer="momentum")}
    movie = animate_race(recs, X, Y, X_val=X, Y_val=Y, xlabel="epoch", **SMALL)
    assert len(movie) == 4
    figure = movie.last_frame()
    titles = [ax.get_title() for ax in figure.axes[:2]]
    assert titles == ["gd", "momentum"]
    assert figure.texts[0].get_text() == "epoch 9"  # the suptitle
    train, held_out = figure.axes[2:]
    assert train.get_ylabel() == "training cost" and train.get_xlabel() == "epoch"
    assert held_out.get_ylabel() == "validation cost"
    # One legend for both cost panels, below them (in the lower row's subfigure).
    (legend,) = figure.subfigs[1].legends
    assert [t.get_text() for t in legend.get_texts()] == ["gd", "momentum"]
    assert train.get_legend() is None and held_out.get_legend() is None


def test_race_keeps_its_layout_at_a_phones_text_size():
    """Regression (issue 23): at 16.5-point text the cost panels' labels, laid
    out on the planes' grid, collapsed chapter 12's race (a UserWarning)."""
    # Costs from 0.7 down to about 0.3: log ticks labelled "6 x 10^-1".
    recs = {
        name: recorded(every=100, num_iterations=400, dims=(2, 8, 1))
        for name in ("none", "L2, λ = 1", "dropout, p = 0.5")
    }
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        figure = animate_race(
            recs, X, Y, X_val=X, Y_val=Y, log=True, **SMALL
        ).last_frame()
    planes, costs = figure.axes[:3], figure.axes[3:]
    assert all(ax.get_position().width > 0.15 for ax in planes + costs)


def test_race_needs_the_same_iterations():
    recs = {"a": recorded(every=3), "b": recorded(every=2)}
    with pytest.raises(ValueError, match="other iterations"):
        animate_race(recs, X, Y)
    with pytest.raises(ValueError, match="2 to 4 runs"):
        animate_race({"a": recs["a"]}, X, Y)
    with pytest.raises(TypeError, match="dict from a run's name"):
        animate_race([recs["a"], recs["b"]], X, Y)


@pytest.mark.parametrize(
    ("make", "match", "error"),
    [
        (lambda r: animate_boundary(Recorder(), X, Y), "holds no snapshot", ValueError),
        (lambda r: animate_boundary(r.costs, X, Y), "must be a scratchnn", TypeError),
        (lambda r: animate_boundary(r, X.T, Y), r"shape \(2, m\)", ValueError),
        (lambda r: animate_boundary(r, X, Y[:, :3]), "must match", ValueError),
        (lambda r: animate_boundary(r, X, 2 * Y), "labels 0 and 1", ValueError),
        (lambda r: animate_boundary(r, X, Y, "relux"), "unknown", ValueError),
        (lambda r: animate_boundary(r, X, Y, dpi=0), "dpi", ValueError),
        (lambda r: animate_race({"a": r, "b": r}, X, Y, X_val=X), "X_val", ValueError),
    ],
)
def test_animations_refuse_bad_input(rec, make, match, error):
    with pytest.raises(error, match=match):
        make(rec)


def test_only_binary_networks_on_two_features_are_drawn():
    rec = Recorder()
    X3 = np.vstack([X, X[:1]])
    snn.model(X3, Y, [3, 2, 1], num_iterations=1, callback=rec)
    with pytest.raises(ValueError, match=r"layer_dims \[2, ..., 1\]"):
        animate_boundary(rec, X, Y)
    wide = recorded(dims=(2, 16, 1), num_iterations=1)
    with pytest.raises(ValueError, match="at most 15"):
        animate_hidden_units(wide, X, Y)


def test_relu_units_are_scaled_to_their_own_range_and_costs_can_be_on_a_log_axis():
    rec = recorded(dims=(2, 3, 1), hidden_activation="relu")
    movie = animate_hidden_units(rec, X, Y, hidden_activation="relu", **SMALL)
    image = movie.last_frame().axes[0].images[0]
    assert image.get_clim()[0] == 0 and image.get_clim()[1] > 0
    plain = animate_boundary(rec, X, Y, "relu", log=True, **SMALL)
    cost_axis = plain.last_frame().axes[-1]
    assert cost_axis.get_yscale() == "log"


@pytest.mark.parametrize("figsize", [(4,), "wide", [4, 3, 2]])
def test_a_figsize_must_be_a_width_and_a_height(rec, figsize):
    with pytest.raises(TypeError, match=r"figsize must be a pair \(width, height\)"):
        animate_boundary(rec, X, Y, figsize=figsize)


# Caps (issue 20): long trainings animate a sample; sizes fail fast.


def test_a_long_recording_animates_a_sample_of_frames():
    """Regression: 2,500 frames (the defaults) took minutes in to_jshtml."""
    long = recorded(every=1, num_iterations=150)
    movie = animate_boundary(long, X, Y, **SMALL)
    assert len(movie) == 120 and movie.iterations[0] == 0
    assert movie.iterations[-1] == 149
    with snn.set_limits(frames=5):
        race = animate_race({"a": long, "b": long}, X, Y, X_val=X, Y_val=Y, **SMALL)
        units = animate_hidden_units(long, X, Y, **SMALL)
    assert race.iterations == units.iterations == [0, 37, 74, 112, 149]
    assert "<img" in race.to_jshtml()


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        (dict(dpi=1e4), r"dpi is 10000, above scratchnn's limit of at most 1000"),
        (dict(figsize=(1e4, 1e4)), r"figsize's width is 10000, above .* 100"),
        (dict(resolution=20000), r"resolution is 20000, above .* 1000; "),
        (dict(dpi=999, figsize=(90, 90)), r"90 x 90 inches at dpi=999 .* would need"),
    ],
    ids=["dpi", "figsize", "resolution", "canvas"],
)
def test_sizes_beyond_the_limits_are_refused_at_once(rec, kwargs, match):
    """Regression: dpi=1e4 drew 23.7 GB; figsize and resolution never ended."""
    with pytest.raises(ValueError, match=match):
        animate_boundary(rec, X, Y, **kwargs)


def test_ncols_is_capped(rec):
    """Regression: ncols=10**9 hung."""
    with pytest.raises(ValueError, match=r"ncols is 1000000000, above .* 50"):
        animate_hidden_units(rec, X, Y, ncols=10**9)


def test_a_snapshot_holding_nan_is_refused(rec):
    """Regression: a NaN snapshot drew a blank frame."""
    bad = Recorder()
    params = {k: v.copy() for k, v in rec.snapshots[0].params.items()}
    params["W1"][0, 0] = np.nan
    bad(0, 1.0, params)
    with pytest.raises(ValueError, match="snapshot of iteration 0: entry W1 contains"):
        animate_boundary(bad, X, Y, **SMALL)


def test_the_limits_can_be_raised(rec):
    with snn.set_limits(resolution=3000, dpi=2000):
        movie = animate_boundary(rec, X, Y, resolution=8, dpi=1500)
    assert movie.dpi == 1500


@pytest.mark.parametrize(
    ("recorders", "error", "match"),
    [(1, ValueError, "recorders must hold 2 to 4 runs.* got 1"),
     (5, ValueError, "recorders must hold 2 to 4 runs.* got 5"),
     ("int", TypeError, "recorders' keys must be the runs' names, .* got 0")],
)  # fmt: skip
def test_animate_race_names_recorders(rec, recorders, error, match):
    runs = (
        {0: rec, 1: rec}
        if recorders == "int"
        else {str(k): rec for k in range(recorders)}
    )
    with pytest.raises(error, match=match):
        animate_race(runs, X, Y)


def test_log_with_a_cost_of_0_is_refused(rec):
    """Regression: matplotlib's UserWarning about a non-positive ylim leaked."""
    zero = Recorder()
    zero(0, 0.0, rec.snapshots[0].params)
    with pytest.raises(ValueError, match="log=True .* recorder's costs reach 0"):
        animate_boundary(zero, X, Y, log=True, **SMALL)


# Text a phone can read (issue 23): a frame is scaled down to the width of a
# cell output on a 390 px phone, and its text with it.

#: The width of a cell output at 390 px, in CSS pixels, as the browser test
#: (tests/site) measures it.
PHONE_OUTPUT_PX = 327


def smallest_text_on_a_phone(figure):
    """The smallest text of ``figure``, in CSS pixels, once a frame of it is
    shown no wider than a phone's cell output."""
    figure.draw_without_rendering()
    width = figure.get_figwidth() * figure.dpi
    sizes = [
        t.get_fontsize()
        for t in figure.findobj(Text)
        if t.get_visible() and t.get_text().strip()
    ]
    return min(sizes) * figure.dpi / 72 * min(1.0, PHONE_OUTPUT_PX / width)


@pytest.mark.parametrize(
    "make",
    [
        lambda rec: animate_boundary(rec, X, Y, resolution=8),
        lambda rec: animate_hidden_units(rec, X, Y, resolution=8),
        lambda rec: animate_race({"gd": rec, "adam": rec}, X, Y, resolution=8),
        lambda rec: animate_race(
            {"a": rec, "b": rec, "c": rec}, X, Y, X_val=X, Y_val=Y, resolution=8
        ),
    ],
    ids=["boundary", "hidden units", "race", "race with validation"],
)
def test_every_text_of_a_frame_is_at_least_8_css_pixels_on_a_phone(rec, make):
    """Regression (issue 23): frames 480 to 540 px wide, scaled to a phone's
    column, showed their titles and ticks at 5 to 7 px."""
    movie = make(rec)
    movie.to_jshtml()  # draws every frame, the last one stays
    assert smallest_text_on_a_phone(movie.animation._fig) >= 8
    still = movie.frame(0)
    assert smallest_text_on_a_phone(still) >= 8


# The activations the network was trained with, kept by the recorder: a ReLU
# network drawn as a sigmoid one showed a silently wrong boundary.


def _plane(figure, k=0):
    """What a boundary panel draws: its grid of probabilities of class 1."""
    return np.asarray(figure.axes[k].images[0].get_array())


def _probabilities(params, hidden, resolution=8):
    grid, _ = grid_of(X, resolution)
    AL = snn.predict_proba(grid, dict(params), hidden, "sigmoid")
    return AL.reshape(resolution, resolution)


@pytest.fixture(scope="module")
def relu_rec():
    return recorded(dims=(2, 3, 1), hidden_activation="relu")


def test_the_recorder_keeps_the_activations_the_network_was_trained_with(relu_rec):
    assert relu_rec.activations == ("relu", "sigmoid")
    assert Recorder().activations == (None, None)  # nothing recorded yet


def test_a_relu_network_is_drawn_with_relu_without_being_told(relu_rec):
    last = relu_rec.snapshots[-1].params
    told = _plane(animate_boundary(relu_rec, X, Y, "relu", **SMALL).last_frame())
    plane = _plane(animate_boundary(relu_rec, X, Y, **SMALL).last_frame())
    assert np.array_equal(plane, told)
    assert np.allclose(plane, _probabilities(last, "relu"), rtol=0, atol=1e-12)
    # The picture the old default drew is another one.
    assert np.abs(plane - _probabilities(last, "sigmoid")).max() > 0.01


def test_the_hidden_units_of_a_relu_network_are_drawn_with_relu(relu_rec):
    figure = animate_hidden_units(relu_rec, X, Y, **SMALL).last_frame()
    last = relu_rec.snapshots[-1].params
    grid, _ = grid_of(X, 8)
    A1 = np.maximum(0, last["W1"] @ grid + last["b1"])
    units = [np.asarray(ax.images[0].get_array()) for ax in figure.axes[:3]]
    assert np.allclose(units, A1.reshape(3, 8, 8), rtol=0, atol=1e-12)
    assert np.allclose(_plane(figure, 3), _probabilities(last, "relu"), atol=1e-12)
    assert figure.axes[-1].get_ylabel() == "relu(z)"  # the colour bar


@pytest.mark.parametrize("make", [animate_boundary, animate_hidden_units])
def test_a_contradicting_activation_is_refused_naming_both(relu_rec, make):
    with pytest.raises(
        ValueError,
        match=rf"^{make.__name__} was given hidden_activation='sigmoid' but the "
        "recorder's network records hidden_activation='relu'; leave it out to "
        "use the network's$",
    ):
        make(relu_rec, X, Y, "sigmoid", **SMALL)


def test_a_race_draws_each_run_with_its_own_activation(relu_rec):
    sigmoid_rec = recorded(dims=(2, 3, 1))
    recs = {"relu": relu_rec, "sigmoid": sigmoid_rec}
    figure = animate_race(recs, X, Y, X_val=X, Y_val=Y, **SMALL).last_frame()
    for k, (name, rec) in enumerate(recs.items()):
        expected = _probabilities(rec.snapshots[-1].params, name)
        assert np.allclose(_plane(figure, k), expected, rtol=0, atol=1e-12)
        # The validation costs too: each run measured as it was trained.
        val_costs = [
            snn.cost_function(snn.predict_proba(X, s.params, name), Y)
            for s in rec.snapshots
        ]
        faint = figure.axes[3].lines[3 * k]  # the whole curve, drawn faintly
        assert np.allclose(faint.get_ydata(), val_costs, rtol=1e-12)
    with pytest.raises(
        ValueError,
        match=r"^animate_race was given hidden_activation='relu' but the network "
        r"of recorders\['sigmoid'\] records hidden_activation='sigmoid'",
    ):
        animate_race(recs, X, Y, "relu", **SMALL)


def test_a_recorder_of_ones_own_loop_draws_sigmoid_or_the_one_given():
    rec = Recorder(every=1)
    params = snn.init_params([2, 3, 1], seed=0)
    rec(0, 0.7, params)  # no on_train_begin: nothing recorded
    assert rec.activations == (None, None)
    plane = _plane(animate_boundary(rec, X, Y, **SMALL).last_frame())
    assert np.allclose(plane, _probabilities(params, "sigmoid"), atol=1e-12)
    tanh = _plane(animate_boundary(rec, X, Y, "tanh", **SMALL).last_frame())
    assert np.allclose(tanh, _probabilities(params, "tanh"), atol=1e-12)
    # A plain dict shown at on_train_begin records nothing either.
    rec = Recorder()
    rec.on_train_begin(params)
    assert rec.activations == (None, None)


def test_a_network_with_another_output_than_sigmoid_is_not_drawn():
    params = snn.init_params([2, 3, 1], seed=0)
    rec = Recorder()
    rec.on_train_begin(snn.Network(params, "relu", "softmax"))
    rec(0, 0.7, params)
    with pytest.raises(ValueError, match="output_activation='softmax'"):
        animate_boundary(rec, X, Y, **SMALL)
