"""The recorder and the live plot of scratchnn.recording."""

from __future__ import annotations

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

import scratchnn as snn  # noqa: E402
from scratchnn.recording import LivePlot, Recorder, spaced_iterations  # noqa: E402

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
    for key in params:
        assert np.array_equal(last[key], params[key])
        assert last[key] is not params[key]
    assert not np.shares_memory(last["W1"], params["W1"])


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
    assert [kind for kind, _ in shown] == ["display", "update", "update"]  # 0, 4, 8
    assert all(obj.data.startswith(b"\x89PNG") for _, obj in shown)
    assert live.redraws == 3 and live.costs == costs
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

    recording = sys.modules["scratchnn.recording"]
    monkeypatch.setattr(recording, "_in_jupyter", lambda: True)
    assert LivePlot().display is IPython.display.display
