"""Tests of the checkers in scratchnn.exercises.optimizers."""

import numpy as np
import pytest

from scratchnn import exercises as ex

from ._helpers import fails_saying, fails_with, hints


def _batches(shuffle=True, same_order=True, keep_last=True, empty_last=False):
    def random_mini_batches(X, Y, batch_size=64, seed=None):
        rng = np.random.default_rng(seed)
        m = X.shape[1]
        order = rng.permutation(m) if shuffle else np.arange(m)
        other = order if same_order else rng.permutation(m)
        stop = m if keep_last else m - m % batch_size
        stop += batch_size * (empty_last and m % batch_size == 0)
        return [
            (X[:, order[k : k + batch_size]], Y[:, other[k : k + batch_size]])
            for k in range(0, stop, batch_size)
        ]

    return random_mini_batches


@pytest.mark.parametrize(
    "fn, word",
    [
        (_batches(same_order=False), "same permutation"),
        (_batches(keep_last=False), "last, smaller batch"),
        (_batches(empty_last=True), "empty last batch"),
        (_batches(shuffle=False), "shuffle first"),
        (lambda X, Y, b, seed: _batches()(X, Y, b, None), "ignores the seed"),
        (
            lambda X, Y, b, seed: _batches()(X, X[:1], b, seed)[:1] * 3,
            "one permutation",
        ),
        (lambda X, Y, b, seed: None, ""),
    ],
)
def test_mini_batch_mistakes(fn, word):
    fails_with(ex.check_random_mini_batches, fn, word)


def test_a_one_dimensional_Y_batch_is_named():
    def random_mini_batches(X, Y, batch_size, seed):
        return [(Xb, Yb[0]) for Xb, Yb in _batches()(X, Y, batch_size, seed)]

    result = fails_saying(
        ex.check_random_mini_batches,
        random_mini_batches,
        "expected a Y_batch of shape (1, 4), got (4,)",
    )
    assert "not Y[0, permutation]" in hints(result)
    assert "same permutation" not in hints(result)


def test_another_shuffle_passes_with_a_note(capsys):
    def random_mini_batches(X, Y, batch_size, seed):
        return _batches()(X[:, ::-1], Y[:, ::-1], batch_size, seed)

    assert ex.check_random_mini_batches(random_mini_batches)
    assert "differs from scratchnn's, which is fine" in capsys.readouterr().out


def _momentum(one_minus_beta=True, swapped=False, sign=-1):
    def update_parameters_with_momentum(params, grads, v, learning_rate, beta=0.9):
        a, c = (
            (1 - beta, beta) if swapped else (beta, 1 - beta if one_minus_beta else 1)
        )
        v = {k: a * v[k] + c * grads[k] for k in v}
        new = {k: P + sign * learning_rate * v[f"d{k}"] for k, P in params.items()}
        return new, v

    return update_parameters_with_momentum


@pytest.mark.parametrize(
    "fn, word",
    [
        (_momentum(one_minus_beta=False), "(1 - beta)"),
        (_momentum(swapped=True), "(1 - beta)"),
        (_momentum(sign=1), "subtract"),
    ],
)
def test_momentum_mistakes(fn, word):
    fails_with(ex.check_update_parameters_with_momentum, fn, word)


def test_optimizer_entries_are_named_by_their_dict():
    fails_saying(
        ex.check_update_parameters_with_momentum,
        _momentum(one_minus_beta=False),
        "expected v['dW2'] =",
    )
    fails_saying(
        ex.check_update_parameters_with_momentum, _momentum(sign=1), "params['W1']"
    )
    fails_saying(ex.check_update_parameters_with_adam, _adam(square=False), "s['dW2']")
    result = fails_saying(
        ex.check_update_parameters_with_adam, _adam(v_beta2=True), "v['dW2']"
    )
    assert hints(result) == " | ".join(
        ["v = beta1 * v + (1 - beta1) * dW: beta1 for v, beta2 for s"] * 2
    )


def _adam(correct=True, square=True, one_minus_beta1=True, sign=-1, v_beta2=False):
    def update_parameters_with_adam(
        params, grads, v, s, t, learning_rate, beta1=0.9, beta2=0.999, epsilon=1e-8
    ):
        b = beta2 if v_beta2 else beta1
        c1 = 1 - b if one_minus_beta1 else 1
        v = {k: b * v[k] + c1 * grads[k] for k in v}
        s = {
            k: beta2 * s[k] + (1 - beta2) * grads[k] ** (2 if square else 1) for k in s
        }
        new = {}
        for k, P in params.items():
            v_hat = v[f"d{k}"] / ((1 - beta1**t) if correct else 1)
            s_hat = s[f"d{k}"] / ((1 - beta2**t) if correct else 1)
            new[k] = P + sign * learning_rate * v_hat / (np.sqrt(s_hat) + epsilon)
        return new, v, s

    return update_parameters_with_adam


def _adam_writing_into_the_moments(
    params, grads, v, s, t, learning_rate, beta1=0.9, beta2=0.999, epsilon=1e-8
):
    new_params = {}
    for P in params:
        k = f"d{P}"
        v[k] = beta1 * v[k] + (1 - beta1) * grads[k]
        s[k] = beta2 * s[k] + (1 - beta2) * grads[k] ** 2
        v_hat, s_hat = v[k] / (1 - beta1**t), s[k] / (1 - beta2**t)
        new_params[P] = params[P] - learning_rate * v_hat / (np.sqrt(s_hat) + epsilon)
    return new_params, v, s


@pytest.mark.parametrize(
    "fn, word",
    [
        (_adam(), None),
        (_adam_writing_into_the_moments, None),
        (_adam(correct=False), "bias correction"),
        (_adam(square=False), "squared gradients"),
        (_adam(one_minus_beta1=False), "(1 - beta1)"),
        (_adam(sign=1), "subtract"),
    ],
)
def test_adam(fn, word):
    if word is None:
        assert ex.check_update_parameters_with_adam(fn)
    else:
        fails_with(ex.check_update_parameters_with_adam, fn, word)


def _adam_variant(store_corrected=False, t_shift=0):
    def adam(params, grads, v, s, t, learning_rate, beta1, beta2, epsilon):
        params, v, s = dict(params), dict(v), dict(s)
        for key in grads:
            p = key[1:]
            v[key] = beta1 * v[key] + (1 - beta1) * grads[key]
            s[key] = beta2 * s[key] + (1 - beta2) * grads[key] ** 2
            v_hat = v[key] / (1 - beta1 ** (t + t_shift))
            s_hat = s[key] / (1 - beta2 ** (t + t_shift))
            params[p] = params[p] - learning_rate * v_hat / (np.sqrt(s_hat) + epsilon)
            if store_corrected:
                v[key], s[key] = v_hat, s_hat
        return params, v, s

    return adam


def _momentum_with_gradient(params, grads, v, learning_rate, beta):
    params, v = dict(params), dict(v)
    for key in grads:
        v[key] = beta * v[key] + (1 - beta) * grads[key]
        params[key[1:]] = params[key[1:]] - learning_rate * grads[key]
    return params, v


MISTAKES = [
    (
        "adam corrected moments",
        ex.check_update_parameters_with_adam,
        _adam_variant(store_corrected=True),
        "bias-corrected",
    ),
    (
        "adam t + 1",
        ex.check_update_parameters_with_adam,
        _adam_variant(t_shift=1),
        "off by one",
    ),
    (
        "adam t - 1",
        ex.check_update_parameters_with_adam,
        _adam_variant(t_shift=-1),
        "t - 1",
    ),
    (
        "momentum steps with dW",
        ex.check_update_parameters_with_momentum,
        _momentum_with_gradient,
        "velocity, not the gradient",
    ),
]


@pytest.mark.parametrize(
    "checker, fn, word", [m[1:] for m in MISTAKES], ids=[m[0] for m in MISTAKES]
)
def test_the_table_of_mistakes(checker, fn, word):
    result = checker(fn)
    assert not result
    assert word in hints(result), (word, result.cases)


def test_batches_cut_first_and_shuffled_inside_fail():
    def random_mini_batches(X, Y, batch_size=64, seed=None):
        rng = np.random.default_rng(seed)
        batches = []
        for k in range(0, X.shape[1], batch_size):
            Xb, Yb = X[:, k : k + batch_size], Y[:, k : k + batch_size]
            permutation = rng.permutation(Xb.shape[1])
            batches.append((Xb[:, permutation], Yb[:, permutation]))
        return batches

    result = fails_with(
        ex.check_random_mini_batches,
        random_mini_batches,
        "cut the batches first and shuffled inside each",
    )
    assert "each batch holds examples 0-3" in str(result)
