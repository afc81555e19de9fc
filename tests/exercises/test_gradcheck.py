"""Tests of the checkers in scratchnn.exercises.gradcheck."""

import numpy as np
import pytest

import scratchnn as snn
from scratchnn import exercises as ex
from scratchnn.gradcheck import params_to_vector, vector_to_params

from ._helpers import fails_with, hints


def _gradient_check(one_sided=False, halve=False, denominator="both", by_name=False):
    def gradient_check(params, X, Y, epsilon=1e-6, grads=None):
        if grads is None:
            AL, caches = snn.forward_prop(X, params)
            grads = snn.backprop(AL, Y, caches)
        theta = params_to_vector(params)

        def J(theta):
            AL, _ = snn.forward_prop(X, vector_to_params(theta, params))
            return snn.cost_function(AL, Y)

        n = np.empty_like(theta)
        for i in range(theta.size):
            plus, minus = theta.copy(), theta.copy()
            plus[i] += epsilon
            minus[i] -= 0 if one_sided else epsilon
            n[i] = (J(plus) - J(minus)) / ((1 if one_sided or halve else 2) * epsilon)
        keys = sorted(params) if by_name else list(params)  # W1, W2, b1, b2?
        g = np.concatenate([np.ravel(grads[f"d{k}"]) for k in keys])
        scale = {"both": np.linalg.norm(g) + np.linalg.norm(n), "g": np.linalg.norm(g)}
        return float(np.linalg.norm(g - n) / scale.get(denominator, 1.0))

    return gradient_check


@pytest.mark.parametrize(
    "fn, word",
    [
        (_gradient_check(one_sided=True), "centred difference"),
        (_gradient_check(halve=True), "divide by 2 eps"),
        (_gradient_check(denominator="g"), "||g - n|| / (||g|| + ||n||)"),
        (_gradient_check(denominator="none"), "||g - n|| / (||g|| + ||n||)"),
    ],
)
def test_gradient_check_mistakes(fn, word):
    fails_with(ex.check_gradient_check, fn, word)


def test_gradient_check_with_another_bug_gets_the_likely_causes():
    result = fails_with(
        ex.check_gradient_check, _gradient_check(by_name=True), "different orders"
    )
    assert result.n_passed == 0
    assert "centred" not in hints(result)


def test_a_readers_right_gradient_check_passes():
    assert ex.check_gradient_check(_gradient_check())
