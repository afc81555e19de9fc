"""Tests for scratchnn.preprocessing: splitting, scaling and one-hot labels."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scratchnn.datasets import (
    make_moons,
    make_spirals,
)
from scratchnn.preprocessing import from_one_hot, one_hot, standardize, train_test_split

# train_test_split.


@settings(max_examples=50, deadline=None)
@given(data=st.data(), m=st.integers(2, 60), n_x=st.integers(2, 4))
def test_split_partitions_the_columns(data, m, n_x):
    m_test = data.draw(st.integers(1, m - 1))
    X = np.vstack([np.arange(m)] * n_x).astype(float)
    X[-1] *= 10
    Y = one_hot(np.arange(m) % 3, 3)
    X_train, X_test, Y_train, Y_test = train_test_split(X, Y, m_test, seed=1)
    assert X_train.shape == (n_x, m - m_test) and X_test.shape == (n_x, m_test)
    assert Y_train.shape == (3, m - m_test) and Y_test.shape == (3, m_test)
    ids = np.concatenate([X_train[0], X_test[0]])
    np.testing.assert_array_equal(np.sort(ids), np.arange(m))
    # Each column moved as a whole: its rows and its label came with it.
    np.testing.assert_array_equal(X_train[-1], 10 * X_train[0])
    np.testing.assert_array_equal(from_one_hot(Y_test)[0], X_test[0] % 3)


@pytest.mark.parametrize(
    ("m", "test_size", "m_test"),
    [(400, 0.25, 100), (10, 0.3, 3), (10, 0.25, 2), (6, 0.25, 2), (10, 0.35, 4)],
)
def test_split_rounds_a_fraction(m, test_size, m_test):
    # Python's round: a half goes to the even number, as the docstring says.
    X, Y = np.zeros((2, m)), np.zeros((1, m))
    _, X_test, _, Y_test = train_test_split(X, Y, test_size)
    assert X_test.shape == (2, m_test) and Y_test.shape == (1, m_test)


def test_split_is_deterministic_under_a_seed():
    X, Y = make_moons(seed=0)
    a = train_test_split(X, Y, seed=3)
    b = train_test_split(X, Y, seed=3)
    c = train_test_split(X, Y, seed=4)
    for u, v in zip(a, b, strict=True):
        np.testing.assert_array_equal(u, v)
    assert not np.array_equal(a[0], c[0])


def test_split_rejects_mismatched_columns():
    with pytest.raises(ValueError, match="X has 10 columns .* but Y has 9"):
        train_test_split(np.zeros((2, 10)), np.zeros((1, 9)))


def test_split_rejects_arrays_that_are_not_2d():
    with pytest.raises(ValueError, match=r"Y must be a 2-D array .* shape \(10,\)"):
        train_test_split(np.zeros((2, 10)), np.zeros(10))


def test_split_rejects_arrays_of_strings():
    with pytest.raises(TypeError, match="X must hold numbers"):
        train_test_split(np.full((2, 3), "a"), np.zeros((1, 3)))


def test_split_needs_two_examples():
    with pytest.raises(ValueError, match="at least 2 examples"):
        train_test_split(np.zeros((2, 1)), np.zeros((1, 1)))


@pytest.mark.parametrize("test_size", [0.0, 1.0, -0.2, 1.5])
def test_split_rejects_fractions_outside_unit_interval(test_size):
    with pytest.raises(ValueError, match=r"as a float must be in \(0, 1\)"):
        train_test_split(np.zeros((2, 10)), np.zeros((1, 10)), test_size)


@pytest.mark.parametrize("test_size", [0, 10, -1])
def test_split_rejects_counts_that_empty_a_set(test_size):
    with pytest.raises(ValueError, match=r"as an int must be in \[1, 9\]"):
        train_test_split(np.zeros((2, 10)), np.zeros((1, 10)), test_size)


@pytest.mark.parametrize("test_size", [0.01, 0.99])
def test_split_rejects_fractions_that_round_to_an_empty_set(test_size):
    with pytest.raises(ValueError, match="leaving one set empty"):
        train_test_split(np.zeros((2, 10)), np.zeros((1, 10)), test_size)


@pytest.mark.parametrize("test_size", ["0.2", True, None])
def test_split_rejects_test_size_of_the_wrong_type(test_size):
    with pytest.raises(TypeError, match="test_size must be a float"):
        train_test_split(np.zeros((2, 10)), np.zeros((1, 10)), test_size)


# standardize.


def test_standardize_gives_zero_mean_unit_std_per_row():
    rng = np.random.default_rng(0)
    X = rng.normal(
        loc=[[5.0], [-3.0], [1000.0]], scale=[[2.0], [0.1], [300.0]], size=(3, 50)
    )
    X_std, mean, std = standardize(X)
    assert X_std.shape == X.shape and mean.shape == (3, 1) and std.shape == (3, 1)
    np.testing.assert_allclose(X_std.mean(axis=1), 0, atol=1e-12)
    np.testing.assert_allclose(X_std.std(axis=1), 1)
    np.testing.assert_allclose(mean, X.mean(axis=1, keepdims=True))
    np.testing.assert_allclose(std, X.std(axis=1, keepdims=True))


def test_standardize_only_centres_a_constant_row():
    # The mean of three 0.1s is not exactly 0.1 in floating point.
    X = np.array([[1.0, 2.0, 3.0], [0.1, 0.1, 0.1]])
    X_std, mean, std = standardize(X)
    np.testing.assert_array_equal(X_std[1], [0.0, 0.0, 0.0])
    assert mean[1, 0] == 0.1 and std[1, 0] == 0.0
    assert np.all(np.isfinite(X_std))


def test_standardize_only_centres_a_row_that_differs_in_the_last_digit():
    """Regression: a spread of 1 ulp, rounding noise, was blown up to +-1.7."""
    X = np.array([[1.0, 1.0 + 2**-52, 1.0], [1e6, 1e6 + 2**-32, 1e6 - 2**-32]])
    X_std, mean, std = standardize(X)
    np.testing.assert_array_equal(std, [[0.0], [0.0]])
    np.testing.assert_allclose(mean, [[1.0], [1e6]])
    assert np.abs(X_std).max() < 1e-9
    # A spread well above rounding noise is still scaled.
    X_std, _, std = standardize(np.array([[1.0, 1.0 + 1e-12, 1.0]]))
    assert std[0, 0] > 0
    np.testing.assert_allclose(X_std, [[-(0.5**0.5), 2**0.5, -(0.5**0.5)]], rtol=1e-3)


@pytest.mark.parametrize("size", [1e155, 1e300, 1e-160, 1e-300])
def test_standardize_is_exact_for_huge_and_tiny_values(size):
    """Regression: beyond 1e154 the squares inside std overflowed (and the
    error blamed a std argument never given); below 1e-154 they underflowed
    and the std came out wrong in the fourth digit."""
    X = size * np.array([[1.0, 2.0, 3.0], [-3.0, 1.0, 2.0]])
    X_std, mean, std = standardize(X)
    expected = [
        [-(1.5**0.5), 0.0, 1.5**0.5],
        np.array([-3.0, 1.0, 2.0]) / (14 / 3) ** 0.5,
    ]
    np.testing.assert_allclose(X_std, expected, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(mean, [[2 * size], [0.0]], atol=1e-15 * size)
    np.testing.assert_allclose(
        std, size * np.array([[(2 / 3) ** 0.5], [(14 / 3) ** 0.5]]), rtol=1e-12
    )


def test_standardize_uses_given_statistics():
    rng = np.random.default_rng(1)
    X_train, X_test = rng.normal(size=(2, 40)), rng.normal(size=(2, 10))
    _, mean, std = standardize(X_train)
    X_test_std, mean2, std2 = standardize(X_test, mean, std)
    np.testing.assert_allclose(X_test_std, (X_test - mean) / std)
    np.testing.assert_array_equal(mean2, mean)
    np.testing.assert_array_equal(std2, std)


def test_standardize_only_centres_where_a_given_std_is_zero():
    X = np.array([[1.0, 3.0], [4.0, 6.0]])
    X_std, _, _ = standardize(X, mean=[[2.0], [5.0]], std=[[1.0], [0.0]])
    np.testing.assert_array_equal(X_std, [[-1.0, 1.0], [-1.0, 1.0]])


def test_standardize_turns_ints_into_floats():
    X_std, _, _ = standardize(np.array([[0, 2], [1, 1]]))
    assert X_std.dtype == np.float64
    np.testing.assert_array_equal(X_std, [[-1.0, 1.0], [0.0, 0.0]])


def test_standardize_rejects_nan():
    with pytest.raises(ValueError, match="X contains NaN or infinite values"):
        standardize(np.array([[1.0, np.nan]]))


def test_standardize_rejects_strings():
    with pytest.raises(TypeError, match="X must hold numbers; got dtype <U1"):
        standardize(np.full((2, 3), "a"))


def test_standardize_rejects_empty_input():
    with pytest.raises(ValueError, match="X has no columns"):
        standardize(np.zeros((3, 0)))


def test_standardize_rejects_statistics_of_the_wrong_shape():
    X = np.zeros((3, 5))
    with pytest.raises(ValueError, match=r"mean must have shape \(3, 1\).*\(3,\)"):
        standardize(X, mean=np.zeros(3))
    with pytest.raises(ValueError, match=r"std must have shape \(3, 1\).*\(2, 1\)"):
        standardize(X, std=np.ones((2, 1)))


def test_standardize_rejects_bad_statistics():
    X = np.zeros((2, 5))
    with pytest.raises(ValueError, match="std must be >= 0"):
        standardize(X, std=[[1.0], [-1.0]])
    with pytest.raises(ValueError, match="mean contains NaN"):
        standardize(X, mean=[[0.0], [np.nan]])


# one_hot and from_one_hot.


@settings(max_examples=60, deadline=None)
@given(
    labels=st.lists(st.integers(0, 9), min_size=1, max_size=40), extra=st.integers(0, 3)
)
def test_one_hot_round_trip(labels, extra):
    labels = np.array(labels)
    # At least two rows: from_one_hot refuses a single row by design.
    n_classes = max(labels.max() + 1 + extra, 2)
    Y = one_hot(labels, n_classes)
    assert Y.shape == (n_classes, labels.size) and Y.dtype == np.float64
    np.testing.assert_array_equal(Y.sum(axis=0), 1.0)
    np.testing.assert_array_equal(Y[labels, np.arange(labels.size)], 1.0)
    back = from_one_hot(Y)
    assert back.shape == (1, labels.size)
    np.testing.assert_array_equal(back[0], labels)


def test_one_hot_by_hand():
    expected = [[1, 0, 0, 0], [0, 0, 1, 0], [0, 1, 0, 1]]
    np.testing.assert_array_equal(one_hot([0, 2, 1, 2]), expected)


def test_one_hot_accepts_a_row_of_whole_floats_and_bools():
    _, Y = make_spirals(m=9, n_classes=3, seed=0)
    np.testing.assert_array_equal(from_one_hot(one_hot(Y)), Y)
    np.testing.assert_array_equal(one_hot(np.array([True, False])), [[0, 1], [1, 0]])


def test_one_hot_rejects_non_whole_labels():
    with pytest.raises(ValueError, match=r"whole-number class labels; found \[1.5\]"):
        one_hot([0, 1.5, 2])


def test_one_hot_rejects_negative_labels():
    with pytest.raises(ValueError, match="class indices >= 0; found -1"):
        one_hot([0, -1])


def test_one_hot_rejects_labels_beyond_n_classes():
    with pytest.raises(ValueError, match="labels must be < n_classes = 3; found 3"):
        one_hot([0, 3], n_classes=3)


def test_one_hot_compares_large_labels_exactly():
    """Regression: labels were cast to int64 before the range check, so
    2**64 - 1 wrapped to class 1 and 1e20 warned and hit numpy's IndexError."""
    big = np.array([1, 2**64 - 1], dtype=np.uint64)
    with pytest.raises(ValueError, match="< n_classes = 3; found 18446744073709551615"):
        one_hot(big, 3)
    with pytest.raises(ValueError, match=r"< n_classes = 2; found 1e\+20"):
        one_hot(np.array([0.0, 1e20]), 2)
    Y = one_hot(np.array([2, 0], dtype=np.uint64))
    np.testing.assert_array_equal(Y, [[0, 1], [0, 0], [1, 0]])


@pytest.mark.parametrize(
    "labels",
    [np.array([0, 1 + 1j]), np.array([0, 1], dtype=object), ["cat", "dog"]],
    ids=["complex", "object", "strings"],
)
def test_one_hot_rejects_labels_that_are_not_real_numbers(labels):
    """Regression: complex labels lost their imaginary part with a warning."""
    with pytest.raises(TypeError, match="labels must hold numbers .*got dtype"):
        one_hot(labels)


def test_one_hot_rejects_bad_n_classes():
    with pytest.raises(ValueError, match="n_classes must be an integer >= 1"):
        one_hot([0, 0], n_classes=0)


def test_one_hot_rejects_bad_shapes_and_types():
    with pytest.raises(ValueError, match=r"shape \(m,\) or \(1, m\); got \(2, 3\)"):
        one_hot(np.zeros((2, 3)))
    with pytest.raises(ValueError, match="labels is empty"):
        one_hot([])
    with pytest.raises(TypeError, match="labels must hold numbers"):
        one_hot(["cat", "dog"])


def test_from_one_hot_takes_the_argmax_of_probabilities():
    AL = np.array([[0.7, 0.1, 0.2], [0.2, 0.3, 0.7], [0.1, 0.6, 0.1]])
    labels = from_one_hot(AL)
    np.testing.assert_array_equal(labels, [[0, 2, 1]])
    assert np.issubdtype(labels.dtype, np.integer)


def test_from_one_hot_rejects_a_single_row():
    with pytest.raises(ValueError, match=r"a single row.*AL > 0.5"):
        from_one_hot(np.array([[0.2, 0.9]]))
    with pytest.raises(ValueError, match="must be a 2-D array"):
        from_one_hot(np.array([0.2, 0.9]))


def test_from_one_hot_rejects_no_rows():
    """Regression: shape (0, 3) was called "a single row"."""
    with pytest.raises(ValueError, match=r"shape \(0, 3\): no rows, so no classes"):
        from_one_hot(np.zeros((0, 3)))


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_from_one_hot_rejects_nan_from_a_diverged_softmax(bad):
    """Regression: argmax took NaN as the largest entry, so a softmax that
    overflowed gave confident class-0 predictions."""
    with pytest.raises(
        ValueError, match="Y contains NaN or infinite values; .*training diverged"
    ):
        from_one_hot(np.array([[bad, 0.2], [0.9, 0.8]]))


def test_from_one_hot_gives_a_tie_to_the_lowest_row():
    AL = np.array([[0.2, 0.4, 0.5], [0.4, 0.2, 0.5], [0.4, 0.4, 0.0]])
    np.testing.assert_array_equal(from_one_hot(AL), [[1, 0, 0]])
