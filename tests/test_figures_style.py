"""Tests for scratchnn.figures.style: the house style every figure draws in."""

import matplotlib
import matplotlib.pyplot as plt
import pytest

from scratchnn.figures import FIGSIZE, PALETTE, new_figure
from scratchnn.figures.style import readable_text, readable_text_size

# No display in CI; switching after pyplot's import is allowed.
matplotlib.use("Agg")


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


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


# No figure stays open when a helper raises.


@pytest.mark.parametrize(
    "call",
    [
        lambda: new_figure(figsize=(-1, 2)),
    ],
    ids=[
        "new_figure size",
    ],
)
def test_helpers_leave_no_figure_open_when_they_raise(call):
    before = plt.get_fignums()
    with pytest.raises((ValueError, TypeError)):
        call()
    assert plt.get_fignums() == before


def test_readable_text_size_shows_8_css_pixels_in_a_phones_output():
    # 8 px * 72 / 330 px per inch of width, rounded up to half a point, and
    # never below the house's 10 points.
    assert readable_text_size(8.0) == 14.0  # 13.96 points
    assert readable_text_size(9.0) == 16.0  # 15.71
    assert readable_text_size(6.0) == 10.5  # 10.47
    assert readable_text_size(2.0) == 10.0  # 3.49: the house's size
    with readable_text(8.0):
        _, ax = new_figure()
        ax.set_title("t")
        ax.plot([0, 1], label="a")
        ax.legend()
    assert ax.title.get_fontsize() == 14.0
    assert ax.get_legend().get_texts()[0].get_fontsize() == 14.0
