"""Tests for scratchnn._moved: the old import locations of 0.2.0 still work
until 0.4.0, warn once per use, and give the very objects of the new homes."""

from __future__ import annotations

import importlib
import warnings

import pytest

import scratchnn
from scratchnn import figures, metrics, preprocessing

#: (old module, name, where the warning says to import it from)
MOVED = [
    *[
        ("scratchnn.plotting", name, "scratchnn.figures")
        for name in (
            "FIGSIZE", "PALETTE", "draw_network", "new_figure", "plot_activation",
            "plot_confusion_matrix", "plot_costs", "plot_decision_boundary",
            "plot_digits",
        )
    ],
    *[
        ("scratchnn.pictures", name, "scratchnn.figures")
        for name in ("draw_network", "plot_confusion_matrix", "plot_digits")
    ],
    *[
        ("scratchnn.style", name, "scratchnn.figures")
        for name in ("FIGSIZE", "PALETTE", "new_figure")
    ],
    ("scratchnn.style", "validate_axes", "scratchnn.figures.style"),
    *[
        ("scratchnn.animation", name, "scratchnn.figures")
        for name in (
            "LivePlot", "Recorder", "Snapshot", "TrainingAnimation",
            "animate_boundary", "animate_hidden_units", "animate_race",
            "spaced_iterations",
        )
    ],
    *[
        ("scratchnn.recording", name, "scratchnn.figures")
        for name in ("LivePlot", "Recorder", "Snapshot", "spaced_iterations")
    ],
    ("scratchnn.recording", "validate_boundary_data", "scratchnn.figures.recording"),
    *[
        ("scratchnn.datasets", name, "scratchnn.metrics")
        for name in ("accuracy", "confusion_matrix")
    ],
    *[
        ("scratchnn.datasets", name, "scratchnn.preprocessing")
        for name in ("from_one_hot", "one_hot", "standardize", "train_test_split")
    ],
]  # fmt: skip


@pytest.mark.parametrize("old, name, new", MOVED, ids=[f"{o}.{n}" for o, n, _ in MOVED])
def test_an_old_location_warns_once_and_gives_the_new_object(old, name, new):
    module = importlib.import_module(old)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        got = getattr(module, name)
    assert [w.category for w in caught] == [DeprecationWarning]
    message = str(caught[0].message)
    assert f"{old}.{name} has moved: write `from {new} import {name}`" in message
    assert "deprecated since 0.3.0 and goes in 0.4.0" in message
    assert got is getattr(importlib.import_module(new), name)


def test_the_warning_points_at_the_line_that_imports_the_old_name():
    with pytest.warns(DeprecationWarning) as caught:
        from scratchnn.plotting import plot_costs
    assert caught[0].filename == __file__
    assert plot_costs is figures.plot_costs


def test_the_datasets_reexports_are_gone_from_its_namespace_and_all():
    datasets = importlib.import_module("scratchnn.datasets")
    for name in ("accuracy", "one_hot", "train_test_split"):
        assert name not in vars(datasets) and name not in datasets.__all__
    with pytest.warns(DeprecationWarning, match="from scratchnn.metrics import"):
        assert datasets.accuracy is metrics.accuracy
    with pytest.warns(DeprecationWarning, match="from scratchnn.preprocessing"):
        assert datasets.one_hot is preprocessing.one_hot


@pytest.mark.parametrize(
    "old", ["plotting", "pictures", "style", "animation", "recording", "datasets"]
)
def test_an_unknown_name_is_still_an_attribute_error(old):
    module = importlib.import_module(f"scratchnn.{old}")
    with pytest.raises(
        AttributeError, match=f"module 'scratchnn.{old}' has no attribute 'nothing'"
    ):
        module.nothing  # noqa: B018


def test_dir_of_an_old_module_lists_the_names_it_still_answers():
    plotting = importlib.import_module("scratchnn.plotting")
    assert dir(plotting) == sorted(scratchnn._FIGURES)


def test_the_old_modules_stay_out_of_the_package_namespace():
    for old in ("plotting", "pictures", "style", "animation", "recording", "figures"):
        importlib.import_module(f"scratchnn.{old}")
        assert old not in dir(scratchnn) and old not in scratchnn.__all__
    assert dir(scratchnn) == sorted(scratchnn.__all__)
