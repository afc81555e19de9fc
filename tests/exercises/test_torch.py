"""Tests of the checkers of chapter 15's exercises, which take a framework's
tensors: a stand-in with ``.detach().numpy()`` plays PyTorch's tensor, so
these tests need no PyTorch (the checkers never import it)."""

import numpy as np
import pytest

import scratchnn as snn
from scratchnn import exercises as ex

from ._helpers import hints


class Tensor:
    """What the checkers read of a torch.Tensor: detach() and numpy()."""

    def __init__(self, array):
        self.array = np.array(array)
        self.detached = False

    def detach(self):
        out = Tensor(self.array)
        out.detached = True
        return out

    def numpy(self):
        assert self.detached, "a tensor that requires grad must be detached first"
        return self.array


def forward(X, params, hidden):
    return snn.forward_prop(X, params, hidden)[0]


def gradients(X, Y, params, hidden, scale=1.0, flat_db=False):
    AL, caches = snn.forward_prop(X, params, hidden)
    grads = snn.backprop(AL, Y, caches, hidden)
    out = {}
    for key, G in grads.items():
        if key[1] in "Wb":
            G = scale * G
            out[key] = Tensor(G[:, 0] if flat_db and key[1] == "b" else G)
    return out


def test_tensors_in_the_books_layout_pass():
    assert ex.check_torch_forward(lambda X, p, h: Tensor(forward(X, p, h)))
    assert ex.check_torch_gradients(gradients)


@pytest.mark.parametrize(
    "fn, word",
    [
        (lambda X, p, h: Tensor(forward(X, p, h).T), "out.T"),
        (lambda X, p, h: forward(X, p, "relu" if h == "sigmoid" else "sigmoid"),
         "AL"),
    ],
)  # fmt: skip
def test_forward_mistakes(fn, word):
    result = ex.check_torch_forward(fn)
    assert not result
    assert word in hints(result) + str(result.cases), result.cases


@pytest.mark.parametrize(
    "options, word",
    [
        ({"flat_db": True}, "framework's shape"),
        ({"scale": 6.0}, "m times too large"),
        ({"scale": -1.0}, "sign is flipped"),
    ],
)
def test_gradient_mistakes(options, word):
    result = ex.check_torch_gradients(
        lambda X, Y, p, h: gradients(X, Y, p, h, **options)
    )
    assert not result
    assert word in hints(result), result.cases


def test_a_gradient_left_out_is_named_and_backprops_extra_entries_pass():
    def partial(X, Y, p, h):
        grads = gradients(X, Y, p, h)
        del grads["db1"]
        return grads

    assert "db1" in str(ex.check_torch_gradients(partial).cases)

    def package(X, Y, p, h):  # scratchnn's own backprop, dA1 and all
        AL, caches = snn.forward_prop(X, p, h)
        return snn.backprop(AL, Y, caches, h)

    assert ex.check_torch_gradients(package)


def test_a_wrong_tanh_is_caught():
    # right for sigmoid and relu, the two cases the checkers began with
    def no_tanh(X, p, h):
        return forward(X, p, "sigmoid" if h == "tanh" else h)

    assert not ex.check_torch_forward(no_tanh)
    assert not ex.check_torch_gradients(
        lambda X, Y, p, h: gradients(X, Y, p, "sigmoid" if h == "tanh" else h)
    )
