"""Tests for scratchnn.datasets: the seeded generators and the two loaders."""

import sys

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scratchnn.datasets import (
    load_breast_cancer,
    load_digits,
    make_circles,
    make_moons,
    make_spirals,
    make_xor,
)

BINARY = [make_moons, make_circles, make_xor]
GENERATORS = [*BINARY, make_spirals]


# Generators: shapes, balance, determinism.


@pytest.mark.parametrize("make", GENERATORS)
@settings(max_examples=30, deadline=None)
@given(m=st.integers(2, 300))
def test_generator_shapes_dtypes_and_balance(make, m):
    X, Y = make(m=m, seed=0)
    assert X.shape == (2, m) and X.dtype == np.float64
    assert Y.shape == (1, m) and Y.dtype == np.float64
    counts = np.bincount(Y[0].astype(int))
    assert counts.size == 2
    assert counts.max() - counts.min() <= 1


@pytest.mark.parametrize("make", GENERATORS)
def test_generator_is_deterministic_under_a_seed(make):
    X1, Y1 = make(seed=7)
    X2, Y2 = make(seed=7)
    np.testing.assert_array_equal(X1, X2)
    np.testing.assert_array_equal(Y1, Y2)
    X3, _ = make(seed=8)
    assert not np.array_equal(X1, X3)


@pytest.mark.parametrize("make", GENERATORS)
def test_generator_accepts_a_generator_and_advances_it(make):
    rng = np.random.default_rng(0)
    X1, _ = make(seed=rng)
    X2, _ = make(seed=rng)
    assert not np.array_equal(X1, X2)
    X3, _ = make(seed=np.random.default_rng(0))
    np.testing.assert_array_equal(X1, X3)


@pytest.mark.parametrize("make", GENERATORS)
def test_generator_shuffles_the_classes(make):
    _, Y = make(m=400, seed=0)
    # Unshuffled, the first half would be all class 0.
    assert 0 < Y[0, :200].mean() < 1


def test_moons_without_noise_lie_on_their_arcs():
    X, Y = make_moons(m=101, noise=0, seed=0)
    upper, lower = X[:, Y[0] == 0], X[:, Y[0] == 1]
    assert upper.shape[1] == 50 and lower.shape[1] == 51
    np.testing.assert_allclose(np.hypot(upper[0], upper[1]), 1.0)
    assert np.all(upper[1] >= -1e-12)
    np.testing.assert_allclose(np.hypot(lower[0] - 1, lower[1] - 0.5), 1.0)
    assert np.all(lower[1] <= 0.5 + 1e-12)


def test_circles_without_noise_have_radii_one_and_factor():
    X, Y = make_circles(m=200, noise=0, factor=0.3, seed=0)
    r = np.hypot(X[0], X[1])
    np.testing.assert_allclose(r[Y[0] == 0], 1.0)
    np.testing.assert_allclose(r[Y[0] == 1], 0.3)


def test_circles_noise_has_the_requested_spread():
    X, Y = make_circles(m=20_000, noise=0.05, factor=0.5, seed=0)
    r = np.hypot(X[0], X[1])
    deviation = r - np.where(Y[0] == 0, 1.0, 0.5)
    assert 0.045 < deviation.std() < 0.055


def test_xor_without_noise_is_labelled_by_sign():
    X, Y = make_xor(m=400, noise=0, seed=0)
    assert np.all(np.abs(X) <= 1)
    np.testing.assert_array_equal(Y[0], (X[0] * X[1] < 0).astype(float))
    quadrant_counts = np.unique(np.sign(X), axis=1, return_counts=True)[1]
    np.testing.assert_array_equal(quadrant_counts, [100, 100, 100, 100])


@pytest.mark.parametrize("n_classes", [2, 3, 5])
def test_spirals_without_noise_follow_their_arms(n_classes):
    m = 10 * n_classes + 1
    X, Y = make_spirals(m=m, n_classes=n_classes, noise=0, seed=0)
    for k in range(n_classes):
        arm = X[:, Y[0] == k]
        n_k = m // n_classes + (k < m % n_classes)
        assert arm.shape[1] == n_k
        r = np.hypot(arm[0], arm[1])
        order = np.argsort(r)
        np.testing.assert_allclose(r[order], np.linspace(0, 1, n_k), atol=1e-12)
        # Away from the origin, the angle is the arm's start plus 4 r.
        far = r > 0
        start = np.arctan2(arm[1, far], arm[0, far]) - 4 * r[far]
        offset = np.angle(np.exp(1j * (start - 2 * np.pi * k / n_classes)))
        np.testing.assert_allclose(offset, 0, atol=1e-9)


def test_spirals_label_many_classes():
    _, Y = make_spirals(m=10, n_classes=3, seed=0)
    np.testing.assert_array_equal(np.bincount(Y[0].astype(int)), [4, 3, 3])


@pytest.mark.parametrize("make", GENERATORS)
@pytest.mark.parametrize("m", [1, 0, -5, 2.5, True, "400"])
def test_generator_rejects_bad_m(make, m):
    with pytest.raises(ValueError, match="m must be an integer >= 2"):
        make(m=m)


@pytest.mark.parametrize("make", GENERATORS)
@pytest.mark.parametrize("noise", [-0.1, float("nan"), float("inf")])
def test_generator_rejects_bad_noise(make, noise):
    with pytest.raises(ValueError, match="noise must be finite and >= 0"):
        make(noise=noise)


@pytest.mark.parametrize("make", GENERATORS)
def test_generator_rejects_noise_that_is_not_a_number(make):
    with pytest.raises(TypeError, match="noise must be a number"):
        make(noise="0.1")


@pytest.mark.parametrize("make", GENERATORS)
def test_generator_rejects_bad_seed(make):
    with pytest.raises(TypeError, match="seed must be an int"):
        make(seed="0")
    with pytest.raises(TypeError, match="seed must be an int"):
        make(seed=1.5)
    with pytest.raises(ValueError, match="seed must be a non-negative int"):
        make(seed=-1)


@pytest.mark.parametrize("factor", [0, 1, 1.5, -0.5])
def test_circles_rejects_factor_outside_unit_interval(factor):
    with pytest.raises(ValueError, match=r"factor .* must be in \(0, 1\)"):
        make_circles(factor=factor)


def test_circles_rejects_factor_that_is_not_a_number():
    with pytest.raises(TypeError, match="factor must be a number"):
        make_circles(factor="half")


def test_spirals_rejects_bad_class_counts():
    with pytest.raises(ValueError, match="n_classes must be an integer >= 2"):
        make_spirals(n_classes=1)
    with pytest.raises(ValueError, match="m must be an integer >= 3"):
        make_spirals(m=2, n_classes=3)


# Loaders of scikit-learn's bundled data.


def test_load_breast_cancer():
    X, Y = load_breast_cancer()
    assert X.shape == (30, 569) and X.dtype == np.float64
    assert Y.shape == (1, 569) and Y.dtype == np.float64
    assert set(np.unique(Y)) == {0.0, 1.0}
    assert Y.sum() == 357  # benign tumours are class 1


def test_load_digits_scaled_and_raw():
    X, y = load_digits()
    assert X.shape == (64, 1797) and X.dtype == np.float64
    assert y.shape == (1, 1797) and np.issubdtype(y.dtype, np.integer)
    assert set(np.unique(y)) == set(range(10))
    assert X.min() == 0.0 and X.max() == 1.0
    X_raw, y_raw = load_digits(scale=False)
    assert X_raw.max() == 16.0
    np.testing.assert_array_equal(X_raw / 16, X)
    np.testing.assert_array_equal(y_raw, y)


@pytest.mark.parametrize("scale", [None, "no", 1, 0.0])
def test_load_digits_rejects_a_scale_that_is_not_a_bool(scale):
    """Regression: scale=None gave raw pixels and scale="no" scaled them."""
    with pytest.raises(TypeError, match=f"scale must be True or False; got {scale!r}"):
        load_digits(scale=scale)


def test_load_digits_accepts_a_numpy_bool():
    X, _ = load_digits(scale=np.False_)
    assert X.max() == 16.0


@pytest.mark.parametrize("loader", [load_breast_cancer, load_digits])
def test_loaders_explain_a_missing_scikit_learn(loader, monkeypatch):
    monkeypatch.setitem(sys.modules, "sklearn", None)
    monkeypatch.setitem(sys.modules, "sklearn.datasets", None)
    with pytest.raises(ImportError, match="pip install scikit-learn"):
        loader()
