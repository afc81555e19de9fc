"""Tests for scratchnn.figures.recording: the recorder and the live plot."""

from __future__ import annotations

import itertools
import sys

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

import scratchnn as snn  # noqa: E402
from scratchnn.figures import LivePlot, Recorder, spaced_iterations  # noqa: E402

X, Y = snn.make_moons(40, noise=0.1, seed=0)
SETTINGS = dict(learning_rate=0.5, seed=0)


def test_recorder_keeps_every_kth_iteration_and_every_cost():
    rec = Recorder(every=5)
    _, costs = snn.model(X, Y, [2, 3, 1], num_iterations=23, callback=rec, **SETTINGS)
    assert [s.i for s in rec.snapshots] == [0, 5, 10, 15, 20]
    assert rec.costs == costs
    assert [s.cost for s in rec.snapshots] == [costs[i] for i in range(0, 23, 5)]
    assert len(rec) == 5 and rec.stopped_at is None


def test_recorder_keeps_copies_not_the_live_parameters():
    rec = Recorder(every=1)
    params, _ = snn.model(X, Y, [2, 3, 1], num_iterations=4, callback=rec, **SETTINGS)
    first, last = rec.snapshots[0].params, rec.snapshots[-1].params
    assert not np.array_equal(first["W1"], last["W1"])
    for snapshot in rec.snapshots:
        assert not any(np.shares_memory(snapshot.params[k], params[k]) for k in params)
    assert len({id(s.params["W1"]) for s in rec.snapshots}) == 4


def test_iteration_0_is_the_initial_network_and_each_cost_its_own():
    """Regression (issues 22, 23): a frame labelled "iteration i" showed the
    parameters after iteration i's update, beside the cost measured before
    it, and no frame showed the untrained network."""
    rec = Recorder(every=1)
    params, costs = snn.model(
        X, Y, [2, 3, 1], num_iterations=5, callback=rec, **SETTINGS
    )
    initial = snn.init_params([2, 3, 1], seed=0, method="xavier")
    assert all(np.array_equal(rec.snapshots[0].params[k], initial[k]) for k in initial)
    for snapshot in rec.snapshots:
        # The cost recorded with a snapshot is the cost of its parameters.
        AL = snn.predict_proba(X, snapshot.params)
        assert snn.cost_function(AL, Y) == pytest.approx(snapshot.cost, rel=1e-12)
        assert snapshot.cost == costs[snapshot.i]
    # The returned network is one update beyond the last iteration's start.
    assert not np.array_equal(rec.snapshots[-1].params["W1"], params["W1"])


def test_a_loop_of_ones_own_keeps_the_parameters_each_call_gives():
    rec = Recorder(every=2)
    P = {"W1": np.ones((1, 2)), "b1": np.zeros((1, 1))}
    for i in range(3):
        P["W1"] += 1.0
        rec(i, 1.0 / (i + 1), P)
    assert [s.i for s in rec.snapshots] == [0, 2]
    assert [s.params["W1"][0, 0] for s in rec.snapshots] == [2.0, 4.0]


def test_recorder_does_not_change_training():
    plain, costs = snn.model(X, Y, [2, 3, 1], num_iterations=30, **SETTINGS)
    rec = Recorder(every=7)
    recorded, costs_rec = snn.model(
        X, Y, [2, 3, 1], num_iterations=30, callback=rec, **SETTINGS
    )
    assert costs == costs_rec
    assert all(np.array_equal(plain[k], recorded[k]) for k in plain)


def test_recorder_at_chosen_iterations():
    rec = Recorder(at=[0, 1, 3, 9])
    snn.model(X, Y, [2, 3, 1], num_iterations=10, callback=rec, **SETTINGS)
    assert [s.i for s in rec.snapshots] == [0, 1, 3, 9]


def test_recorder_stops_training_and_keeps_that_iteration():
    rec = Recorder(every=10, stop_when=lambda i, cost: i == 13)
    _, costs = snn.model(X, Y, [2, 3, 1], num_iterations=50, callback=rec, **SETTINGS)
    assert len(costs) == 14 and rec.stopped_at == 13
    assert [s.i for s in rec.snapshots] == [0, 10, 13]


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        (dict(every=0), ValueError, "every"),
        (dict(at=[0, -1]), ValueError, "at must list iterations"),
        (dict(at=[]), ValueError, "at must list iterations"),
        (dict(at="0, 1"), TypeError, "at must be a list"),
        (dict(stop_when=3), TypeError, "stop_when must be a function"),
    ],
)
def test_recorder_refuses_bad_settings(kwargs, error, match):
    with pytest.raises(error, match=match):
        Recorder(**kwargs)


def test_spaced_iterations_start_at_0_end_at_the_last_and_are_dense_early():
    its = spaced_iterations(2000, 30)
    assert its[0] == 0 and its[-1] == 1999 and its == sorted(set(its))
    assert 20 <= len(its) <= 30
    assert its[5] < 20  # most frames where the network changes fastest
    assert spaced_iterations(3, 10) == [0, 1, 2]
    with pytest.raises(ValueError, match="n must be"):
        spaced_iterations(100, 1)


class FakeHandle:
    def __init__(self, shown):
        self.shown = shown

    def update(self, obj):
        self.shown.append(("update", obj))


def fake_display():
    shown = []

    def display(obj, display_id=False):
        assert display_id is True
        shown.append(("display", obj))
        return FakeHandle(shown)

    return display, shown


@pytest.mark.parametrize("with_data", [False, True])
def test_live_plot_displays_once_then_updates_every_k(with_data):
    display, shown = fake_display()
    data = dict(X=X, Y=Y) if with_data else {}
    live = LivePlot(every=4, display=display, **data)
    before = plt.get_fignums()
    _, costs = snn.model(X, Y, [2, 3, 1], num_iterations=10, callback=live, **SETTINGS)
    # 0, 4, 8 and the last one, 9
    assert [kind for kind, _ in shown] == ["display", "update", "update", "update"]
    assert all(obj.data.startswith(b"\x89PNG") for _, obj in shown)
    assert live.redraws == 4 and live.costs == costs
    assert plt.get_fignums() == before


def test_live_plot_outside_jupyter_draws_nothing_and_never_stops_training():
    live = LivePlot(every=1)
    assert live.display is None
    _, costs = snn.model(X, Y, [2, 3, 1], num_iterations=5, callback=live, **SETTINGS)
    assert len(costs) == 5 and live.redraws == 0 and live.costs == costs


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        (dict(every=0), ValueError, "every"),
        (dict(X=X), ValueError, "both X and Y"),
        (dict(X=X[:, :5], Y=Y), ValueError, "must match"),
        (dict(X=np.vstack([X, X]), Y=Y), ValueError, r"shape \(2, m\)"),
        (dict(display="ipython"), TypeError, "display must be a function"),
        (dict(hidden_activation="relux"), ValueError, "unknown hidden_activation"),
    ],
)
def test_live_plot_refuses_bad_settings(kwargs, error, match):
    with pytest.raises(error, match=match):
        LivePlot(**kwargs)


def test_live_plot_finds_ipythons_display_in_jupyter(monkeypatch):
    import sys

    import IPython.display

    recording = sys.modules["scratchnn.figures.recording"]
    monkeypatch.setattr(recording, "in_jupyter", lambda: True)
    assert LivePlot().display is IPython.display.display


# Caps (issue 20): every size a user sets fails fast, with the number and the
# limit, before anything is allocated.


@pytest.mark.parametrize(
    "at", [range(10**9), itertools.count()], ids=["range", "endless"]
)
def test_recorder_refuses_more_iterations_than_the_snapshot_limit(at):
    """Regression: list(range(10**9)) ran out of memory, count() never ended."""
    with pytest.raises(ValueError, match=r"more than 10000 iterations.*snapshots="):
        Recorder(at=at)


def test_recorder_stops_before_its_snapshots_outgrow_the_byte_limit():
    """Regression: Recorder() on [2, 800, 800, 1] held 3.4 GB by iteration 700."""
    rec = Recorder()
    params = snn.init_params([2, 100, 1], seed=0)  # 2.8 KiB a snapshot
    with snn.set_limits(snapshot_bytes=10_000):
        rec(0, 1.0, params), rec(1, 1.0, params), rec(2, 1.0, params)
        with pytest.raises(ValueError, match=r"iteration 3 .* 4 snapshots .*limit"):
            rec(3, 1.0, params)
    assert len(rec) == 3
    with snn.set_limits(snapshots=3), pytest.raises(ValueError, match="3 snapshots"):
        rec(4, 1.0, params)


def test_spaced_iterations_caps_n_and_num_iterations():
    """Regression: n=10**9 allocated 7.45 GiB; 10**400 raised OverflowError."""
    with pytest.raises(ValueError, match=r"n is 1000000000, above .* 10000"):
        spaced_iterations(100, 10**9)
    with pytest.raises(ValueError, match=r"num_iterations has 401 digits, above 2"):
        spaced_iterations(10**400, 3)
    assert spaced_iterations(2**53, 2) == [0, 2**53 - 1]


def test_recorder_checks_stop_when_at_the_door():
    """Regression: a generator function or one of the wrong arity was taken."""

    def gen(i, cost):
        yield True

    with pytest.raises(TypeError, match="stop_when must be a plain function"):
        Recorder(stop_when=gen)
    with pytest.raises(TypeError, match=r"stop_when is called as stop_when\(i, cost\)"):
        Recorder(stop_when=lambda i: True)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [(dict(dpi=1e4), r"dpi is 10000, above scratchnn's limit of at most 1000"),
     (dict(display=lambda: None), r"display is called as display\(picture"),
     (dict(dpi=900), r"8.4 x 3.4 inches at dpi=900 .* would need")],
)  # fmt: skip
def test_live_plot_caps_dpi_and_checks_display(kwargs, match):
    """Regression: dpi=1e4 drew a 23.7 GB picture; display was not checked."""
    with snn.set_limits(memory=2**26):  # 64 MiB: dpi 900 needs 88 MiB
        with pytest.raises((ValueError, TypeError), match=match):
            LivePlot(**kwargs)


def test_live_plot_draws_the_last_iteration():
    """Regression: with every=50 and 2,000 iterations it ended at 1,950."""
    display, shown = fake_display()
    live = LivePlot(every=4, display=display)
    snn.model(X, Y, [2, 3, 1], num_iterations=6, callback=live, **SETTINGS)
    assert live.redraws == 3  # 0, 4 and 5
    live = LivePlot(every=5, display=fake_display()[0])
    snn.model(X, Y, [2, 3, 1], num_iterations=6, callback=live, **SETTINGS)
    assert live.redraws == 2  # 0 and 5: the last one is not drawn twice


def test_live_plot_says_once_that_it_has_no_display(capsys):
    """Regression: in a script it silently did nothing."""
    live = LivePlot(every=1)
    snn.model(X, Y, [2, 3, 1], num_iterations=5, callback=live, **SETTINGS)
    assert capsys.readouterr().out.count("LivePlot: no display to draw on") == 1


def test_live_plot_needs_no_ipython_with_a_display(monkeypatch):
    """Regression: LivePlot(display=fn) imported IPython at iteration 0."""
    monkeypatch.setitem(sys.modules, "IPython", None)  # import IPython fails
    monkeypatch.setitem(sys.modules, "IPython.display", None)
    display, shown = fake_display()
    live = LivePlot(every=2, display=display)
    snn.model(X, Y, [2, 3, 1], num_iterations=3, callback=live, **SETTINGS)
    assert live.redraws == 2 and shown[0][1]._repr_png_().startswith(b"\x89PNG")


# The activations the network was trained with: LivePlot reads them when
# training begins (a ReLU network drawn as a sigmoid one was silently wrong).


def test_live_plot_draws_a_relu_network_with_relu_without_being_told():
    relu = dict(hidden_activation="relu", num_iterations=1, **SETTINGS)
    pictures = {}
    for told in (None, "relu"):
        display, shown = fake_display()
        live = LivePlot(every=1, X=X, Y=Y, hidden_activation=told, display=display)
        assert live.activations == (told or "sigmoid", "sigmoid")
        _, costs = snn.model(X, Y, [2, 3, 1], callback=live, **relu)
        assert live.activations == ("relu", "sigmoid")
        pictures[told] = shown[0][1].data  # iteration 0: the initial network
    assert pictures[None] == pictures["relu"]
    # The same network and cost drawn by a loop of one's own (no
    # on_train_begin): sigmoid, the default, another picture.
    display, shown = fake_display()
    own = LivePlot(every=1, X=X, Y=Y, display=display)
    own(0, costs[0], snn.init_params([2, 3, 1], seed=0, method="xavier"))
    assert own.activations == ("sigmoid", "sigmoid")
    assert shown[0][1].data != pictures[None]


def test_live_plot_refuses_a_contradicting_activation_before_training():
    display, shown = fake_display()
    live = LivePlot(every=1, X=X, Y=Y, hidden_activation="sigmoid", display=display)
    with pytest.raises(
        ValueError,
        match="^LivePlot was given hidden_activation='sigmoid' but the network "
        "records hidden_activation='relu'; leave it out to use the network's$",
    ):
        snn.model(
            X, Y, [2, 3, 1], hidden_activation="relu", num_iterations=3,
            callback=live, **SETTINGS,
        )  # fmt: skip
    assert live.costs == [] and shown == []  # not one iteration ran


def test_a_recorder_keeps_the_activations_of_the_network_model_shows_it():
    rec = Recorder()
    snn.model(X, Y, [2, 3, 1], num_iterations=2, callback=rec,
              hidden_activation="tanh", **SETTINGS)  # fmt: skip
    assert rec.activations == ("tanh", "sigmoid")
    assert [s.i for s in rec.snapshots] == [0, 1]  # its snapshots as before


def _own_loop(callback, wrap=lambda p: p, n=3, hidden="relu"):
    """A loop of one's own that makes new parameters at every step (no
    update in place), showing callback what wrap makes of them."""
    params, shown = snn.init_params([2, 3, 1], seed=0), []
    for i in range(n):
        AL, caches = snn.forward_prop(X, params, hidden, "sigmoid")
        shown.append(params)
        callback(i, float(snn.cost_function(AL, Y)), wrap(params))
        grads = snn.backprop(AL, Y, caches, hidden, "sigmoid")
        params = snn.update_parameters(params, grads, 0.5)
    return shown


def test_snapshots_record_the_networks_activations_for_predict():
    rec = Recorder()
    snn.model(X, Y, [2, 3, 1], num_iterations=3, callback=rec,
              hidden_activation="relu", **SETTINGS)  # fmt: skip
    last = rec.snapshots[-1].params
    assert isinstance(last, snn.Network) and last.hidden_activation == "relu"
    by_hand = snn.predict_proba(X, dict(last), "relu", "sigmoid")
    assert np.array_equal(snn.predict_proba(X, last), by_hand)
    # A plain dict's snapshots stay plain dicts: nothing to record.
    plain = Recorder()
    _own_loop(plain)
    assert type(plain.snapshots[-1].params) is dict


def test_a_loop_of_ones_own_showing_networks_is_recorded_as_those_networks():
    rec = Recorder()
    shown = _own_loop(rec, wrap=lambda p: snn.Network(p, "relu"))
    assert rec.activations == ("relu", "sigmoid")
    for snapshot, params in zip(rec.snapshots, shown, strict=True):
        assert snapshot.params.hidden_activation == "relu"
        assert all(np.array_equal(snapshot.params[k], params[k]) for k in params)


def test_a_loop_that_begins_then_makes_new_arrays_is_not_shifted():
    """on_train_begin, then new arrays at every step (not model's update in
    place): snapshot i holds the parameters shown at call i, not those of
    call i - 1."""
    rec = Recorder()
    first = snn.Network(snn.init_params([2, 3, 1], seed=0), "relu")
    rec.on_train_begin(first)
    shown = _own_loop(rec)
    assert [s.i for s in rec.snapshots] == [0, 1, 2]
    for snapshot, params in zip(rec.snapshots, shown, strict=True):
        assert all(np.array_equal(snapshot.params[k], params[k]) for k in params)
    assert not np.array_equal(rec.snapshots[1].params["W1"], shown[0]["W1"])


def test_live_plot_in_a_loop_showing_networks_draws_with_their_activations():
    pictures = []
    for wrap, told in ((lambda p: snn.Network(p, "relu"), None), (dict, "relu")):
        display, shown = fake_display()
        live = LivePlot(every=1, X=X, Y=Y, hidden_activation=told, display=display)
        _own_loop(live, wrap=wrap, n=1)
        pictures.append(shown[0][1].data)
    assert pictures[0] == pictures[1]
    live = LivePlot(every=1, X=X, Y=Y, hidden_activation="tanh", display=display)
    with pytest.raises(ValueError, match="hidden_activation='tanh' but the net"):
        _own_loop(live, wrap=lambda p: snn.Network(p, "relu"), n=1)
