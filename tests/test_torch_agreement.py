"""The package against PyTorch: the same network computes the same numbers.

Forward outputs, costs, backprop's gradients for every layer (sigmoid and
softmax outputs; relu, tanh and sigmoid hidden layers; with and without L2),
gradient descent's update against ``torch.optim.SGD`` and Adam against
``torch.optim.Adam`` for several steps, all in float64 and equal to rounding
(1e-12 relative). The chapter "The same network in PyTorch" shows the same.

PyTorch is not a dependency of the package: it is installed only in the 3.11
environment (requirements.txt; the ``torch`` extra). Elsewhere, in the
3.12/3.13 package tests and at the minimum versions, this file is skipped.
"""

import importlib.util
import math

import numpy as np
import pytest

import scratchnn as snn

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("torch") is None,
    reason="PyTorch is installed only in the Python 3.11 environment (the CPU "
    "build from the local mirror; requirements.txt); the package never needs it",
)
#: Imported when the first test here runs, not when pytest collects this
#: file: a process that has loaded PyTorch maps over a gigabyte of address
#: space, which the forked children of tests/test_heldout_fuzz.py (capped at
#: 2 GB) would inherit, and the largest of their cases would then fail.
torch = None


@pytest.fixture(autouse=True, scope="module")
def _import_torch():
    global torch
    torch = pytest.importorskip("torch")


RTOL = 1e-12
TORCH_ACTIVATIONS = {"relu": "ReLU", "tanh": "Tanh", "sigmoid": "Sigmoid"}


def relative(a, b) -> float:
    """The largest difference relative to the largest entry: a bound that
    holds for every entry, also those near 0."""
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    return float(np.max(np.abs(a - b)) / np.max(np.abs(b)))


def torch_net(params: dict, hidden: str, output: str):
    """The book's network as nn.Sequential in float64, weights copied. A
    softmax output is left to the loss (CrossEntropyLoss takes the Zs)."""
    L = len(params) // 2
    layers = []
    for l in range(1, L + 1):
        W, b = params[f"W{l}"], params[f"b{l}"]
        linear = torch.nn.Linear(W.shape[1], W.shape[0], dtype=torch.float64)
        with torch.no_grad():
            linear.weight.copy_(torch.from_numpy(W))
            linear.bias.copy_(torch.from_numpy(b[:, 0]))
        layers.append(linear)
        if l < L:
            layers.append(getattr(torch.nn, TORCH_ACTIVATIONS[hidden])())
    if output == "sigmoid":
        layers.append(torch.nn.Sigmoid())
    return torch.nn.Sequential(*layers)


def torch_cost(net, X, Y, output, lambd=0.0):
    """PyTorch's cost of the book's network on (X, Y), plus L2 of the weights."""
    out = net(torch.from_numpy(X.T))
    target = torch.from_numpy(Y.T)
    if output == "sigmoid":
        loss = torch.nn.functional.binary_cross_entropy(out, target)
    else:
        loss = torch.nn.functional.cross_entropy(out, target)
    weights = [p for name, p in net.named_parameters() if name.endswith("weight")]
    m = X.shape[1]
    return loss + lambd / (2 * m) * sum((W**2).sum() for W in weights), out


def torch_grads(net) -> dict:
    """The gradients of net's Linear layers under the book's names."""
    linears = [layer for layer in net if isinstance(layer, torch.nn.Linear)]
    grads = {}
    for l, layer in enumerate(linears, start=1):
        grads[f"dW{l}"] = layer.weight.grad.numpy()
        grads[f"db{l}"] = layer.bias.grad.numpy()[:, None]
    return grads


def data(output: str, n_x=3, n_L=1, m=7, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n_x, m))
    if output == "sigmoid":
        Y = (rng.random((1, m)) < 0.5).astype(np.float64)
    else:
        Y = snn.one_hot(rng.integers(0, n_L, size=(1, m)), n_L)
    return X, Y


CASES = [
    (hidden, output, lambd)
    for hidden in ("relu", "tanh", "sigmoid")
    for output in ("sigmoid", "softmax")
    for lambd in (0.0, 0.7)
]


@pytest.mark.parametrize("hidden, output, lambd", CASES)
def test_outputs_costs_and_every_layers_gradients_agree(hidden, output, lambd):
    n_L = 1 if output == "sigmoid" else 4
    X, Y = data(output, n_L=n_L)
    params = snn.init_params([3, 5, 4, n_L], seed=1, method="he")
    AL, caches = snn.forward_prop(X, params, hidden, output)
    if lambd:
        cost = snn.cost_with_l2(AL, Y, params, lambd, output)
        grads = snn.backprop_with_l2(AL, Y, caches, params, lambd, hidden, output)
    else:
        cost = (snn.cost_function if output == "sigmoid" else
                snn.categorical_cross_entropy)(AL, Y)  # fmt: skip
        grads = snn.backprop(AL, Y, caches, hidden, output)

    net = torch_net(params, hidden, output)
    loss, out = torch_cost(net, X, Y, output, lambd)
    loss.backward()
    if output == "softmax":
        out = torch.softmax(out, dim=1)
    assert relative(out.detach().numpy().T, AL) < RTOL
    assert abs(loss.item() - cost) / abs(cost) < RTOL
    theirs = torch_grads(net)
    # backprop also returns dA1, dA2 (for the chapters); autograd keeps only
    # the leaves' gradients, those of the parameters.
    assert theirs.keys() == {f"d{k}" for k in params} <= grads.keys()
    for key in theirs:
        assert relative(theirs[key], grads[key]) < RTOL, key


def test_a_hand_computed_case():
    # One unit, w = 1, b = 0, x = 0, y = 1: the output is sigmoid(0) = 1/2,
    # the cost log 2, dZ = a - y = -1/2, so dW = dZ * x = 0 and db = -1/2.
    params = {"W1": np.ones((1, 1)), "b1": np.zeros((1, 1))}
    X, Y = np.zeros((1, 1)), np.ones((1, 1))
    net = torch_net(params, "relu", "sigmoid")
    loss, out = torch_cost(net, X, Y, "sigmoid")
    loss.backward()
    assert out.item() == 0.5 and loss.item() == pytest.approx(math.log(2), rel=1e-15)
    theirs = torch_grads(net)
    assert theirs["dW1"].tolist() == [[0.0]] and theirs["db1"].tolist() == [[-0.5]]
    AL, caches = snn.forward_prop(X, params)
    ours = snn.backprop(AL, Y, caches)
    assert ours["dW1"].tolist() == [[0.0]] and ours["db1"].tolist() == [[-0.5]]


def step_both(optimizer: str, steps: int = 5, lr: float = 0.05):
    """Train both for ``steps`` steps on the same batch; return both params."""
    X, Y = data("sigmoid", m=11, seed=3)
    params = snn.init_params([3, 6, 1], seed=2, method="he")
    net = torch_net(params, "tanh", "sigmoid")
    chosen = {"gd": torch.optim.SGD, "adam": torch.optim.Adam}[optimizer]
    opt = chosen(net.parameters(), lr=lr)  # Adam: betas (0.9, 0.999), eps 1e-8
    v, s = snn.initialize_adam(params)
    for t in range(1, steps + 1):
        AL, caches = snn.forward_prop(X, params, "tanh")
        grads = snn.backprop(AL, Y, caches, "tanh")
        if optimizer == "gd":
            params = snn.update_parameters(params, grads, lr)
        else:
            params, v, s = snn.update_parameters_with_adam(params, grads, v, s, t, lr)
        opt.zero_grad()
        loss, _ = torch_cost(net, X, Y, "sigmoid")
        loss.backward()
        opt.step()
    linears = [layer for layer in net if isinstance(layer, torch.nn.Linear)]
    theirs = {}
    for l, layer in enumerate(linears, start=1):
        theirs[f"W{l}"] = layer.weight.detach().numpy()
        theirs[f"b{l}"] = layer.bias.detach().numpy()[:, None]
    return params, theirs


@pytest.mark.parametrize("optimizer", ["gd", "adam"])
def test_optimiser_steps_agree(optimizer):
    # Adam: both add epsilon to the square root of the bias-corrected
    # average, sqrt(s_hat) + epsilon, as Kingma and Ba's algorithm 1 does;
    # their "efficient" form (TensorFlow's) adds it before the correction.
    ours, theirs = step_both(optimizer)
    start = snn.init_params([3, 6, 1], seed=2, method="he")
    for key in ours:
        assert relative(theirs[key], ours[key]) < RTOL, key
        # The steps moved every array: the agreement is not of the start.
        assert not np.array_equal(ours[key], start[key]), key


def test_one_sgd_step_is_w_minus_the_rate_times_the_gradient():
    W = torch.tensor([[1.0, -2.0]], dtype=torch.float64, requires_grad=True)
    W.grad = torch.tensor([[0.5, 4.0]], dtype=torch.float64)
    torch.optim.SGD([W], lr=0.25).step()
    assert W.detach().numpy().tolist() == [[0.875, -3.0]]
    params = {"W1": np.array([[1.0, -2.0]]), "b1": np.zeros((1, 1))}
    grads = {"dW1": np.array([[0.5, 4.0]]), "db1": np.zeros((1, 1))}
    assert snn.update_parameters(params, grads, 0.25)["W1"].tolist() == [[0.875, -3.0]]
