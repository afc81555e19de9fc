"""scratchnn on another array type, through numpy's dispatch protocols.

A reader on a GPU hands ``model`` CuPy arrays; scratchnn's formulas
(``np.exp(Z)``, ``W @ A``, ``np.sum(dZ, axis=1)``) then run on the GPU through
NEP 13 and NEP 18, and the parameters are made there through NEP 35's
``like=``. CI has no GPU: :class:`stand_in.StandIn` plays CuPy's part, as
strictly (it refuses every implicit copy to numpy). Every public function of
the training path is run on it and on numpy, and the results must be equal to
the last bit in float64: the same numpy code computed them.
"""

from __future__ import annotations

import numpy as np
import pytest
from stand_in import StandIn, to_device, to_host

import scratchnn as snn
from scratchnn import activations

RNG = np.random.default_rng(0)


def same(device_result, host_result) -> None:
    """Equal to the last bit, and every array of the device result on the device."""
    if isinstance(host_result, dict):
        assert device_result.keys() == host_result.keys()
        for k in host_result:
            same(device_result[k], host_result[k])
    elif isinstance(host_result, tuple | list):
        assert len(device_result) == len(host_result)
        for d, h in zip(device_result, host_result, strict=True):
            same(d, h)
    elif isinstance(host_result, np.ndarray):
        assert isinstance(device_result, StandIn)
        assert np.array_equal(device_result.get(), host_result)
        assert device_result.dtype == host_result.dtype
    else:
        assert type(device_result) is type(host_result)
        assert device_result == host_result


def network(dims=(3, 5, 4, 1), seed=1, dtype=np.float64):
    return snn.convert_params(snn.init_params(list(dims), seed=seed), dtype)


# --- the stand-in itself


def test_the_stand_in_refuses_implicit_conversion():
    A = to_device(np.ones((2, 3)))
    for convert in (np.asarray, np.array, np.ascontiguousarray, memoryview):
        with pytest.raises(TypeError):
            convert(A)
    with pytest.raises(TypeError):
        A * np.ones((2, 3))  # a numpy array may not meet it
    with pytest.raises(TypeError):
        np.where(A > 0, np.ones((2, 3)), A)
    with pytest.raises(TypeError):
        float(A)  # more than one element
    with pytest.raises(TypeError):
        f"{A.max():.3g}"  # a 0-d array has no format spec
    with pytest.raises(TypeError):
        A[0] = np.zeros(3)
    with pytest.raises(AttributeError):
        A.tofile  # noqa: B018 - not a method CuPy's arrays share
    with pytest.raises(TypeError):
        StandIn([1.0])


def test_the_stand_in_keeps_its_type_through_numpy():
    A = to_device(np.arange(6.0).reshape(2, 3))
    assert isinstance(np.exp(A), StandIn)
    assert isinstance(np.sum(A, axis=1, keepdims=True), StandIn)
    assert isinstance(A @ A.T, StandIn)
    assert isinstance(A.max(), StandIn) and A.max().ndim == 0  # not a numpy scalar
    assert isinstance(np.asarray(np.ones(2), like=A), StandIn)
    assert float(A.max()) == 5.0 and int(A.min()) == 0 and bool(A.any())
    assert A[1, 2].item() == 5.0 and A.tolist() == [[0, 1, 2], [3, 4, 5]]
    assert len(A) == 2 and A.nbytes == 48 and "StandIn" in repr(A)
    B = to_device(np.zeros((2, 3)))
    B[0] = 1.0
    assert np.subtract(B, A, out=B) is B  # in place: the same object back
    assert np.array_equal(to_host(B), [[1, 0, -1], [-3, -4, -5]])


# --- the steps


def test_convert_params_like_puts_the_same_weights_on_the_device():
    X = to_device(np.zeros((3, 2)))
    params = snn.init_params([3, 5, 1], seed=2)
    for dtype in (np.float64, np.float32):
        same(snn.convert_params(params, dtype, like=X), network(
            (3, 5, 1), seed=2, dtype=dtype))  # fmt: skip
    with pytest.raises(TypeError, match="like must be an array"):
        snn.convert_params(params, like=[1.0])


@pytest.mark.parametrize("name", sorted(activations.ACTIVATIONS))
def test_activations_and_their_backward_steps(name):
    forward, backward = activations.ACTIVATIONS[name]
    Z, dA = RNG.standard_normal((4, 6)) * 3, RNG.standard_normal((4, 6))
    same(forward(to_device(Z)), forward(Z))
    same(backward(to_device(dA), to_device(Z)), backward(dA, Z))


def test_forward_prop_with_and_without_dropout():
    params, X = network(), RNG.standard_normal((3, 7))
    device = {k: to_device(P) for k, P in params.items()}
    for hidden in ("relu", "tanh"):
        same(
            snn.forward_prop(to_device(X), device, hidden),
            snn.forward_prop(X, params, hidden),
        )
    same(
        snn.forward_prop_with_dropout(to_device(X), device, keep_prob=0.7, seed=4),
        snn.forward_prop_with_dropout(X, params, keep_prob=0.7, seed=4),
    )
    same(
        snn.linear_forward(to_device(X), device["W1"], device["b1"]),
        snn.linear_forward(X, params["W1"], params["b1"]),
    )


def test_dropout_mask_like():
    A = to_device(np.zeros((3, 4)))
    same(snn.dropout_mask((3, 4), 0.5, 3, like=A), snn.dropout_mask((3, 4), 0.5, 3))


def test_costs_are_python_floats():
    AL, Y = RNG.uniform(0.01, 0.99, (1, 9)), (RNG.random((1, 9)) > 0.5) * 1.0
    params = network((3, 5, 1))
    device = {k: to_device(P) for k, P in params.items()}
    same(snn.cost_function(to_device(AL), to_device(Y)), snn.cost_function(AL, Y))
    same(
        snn.cost_with_l2(to_device(AL), to_device(Y), device, lambd=0.3),
        snn.cost_with_l2(AL, Y, params, lambd=0.3),
    )
    AL3, _ = snn.softmax(RNG.standard_normal((3, 9)))
    Y3 = snn.one_hot(RNG.integers(0, 3, (1, 9)), 3)
    same(
        snn.categorical_cross_entropy(to_device(AL3), to_device(Y3)),
        snn.categorical_cross_entropy(AL3, Y3),
    )


@pytest.mark.parametrize("output", ["sigmoid", "softmax"])
def test_backprop_and_the_layer_steps(output):
    n_L = 1 if output == "sigmoid" else 3
    params, X = network((3, 5, 4, n_L)), RNG.standard_normal((3, 8))
    Y = (
        (RNG.random((1, 8)) > 0.5) * 1.0
        if output == "sigmoid"
        else snn.one_hot(RNG.integers(0, 3, (1, 8)), 3)
    )
    device = {k: to_device(P) for k, P in params.items()}
    AL, caches = snn.forward_prop(X, params, "relu", output)
    AL_d, caches_d = snn.forward_prop(to_device(X), device, "relu", output)
    same(
        snn.backprop(AL_d, to_device(Y), caches_d, "relu", output),
        snn.backprop(AL, Y, caches, "relu", output),
    )
    same(
        snn.backprop_with_l2(AL_d, to_device(Y), caches_d, device, 0.5, "relu", output),
        snn.backprop_with_l2(AL, Y, caches, params, 0.5, "relu", output),
    )
    dropout = {"keep_prob": 0.8, "seed": 1}
    AL, caches = snn.forward_prop_with_dropout(X, params, "relu", output, **dropout)
    AL_d, caches_d = snn.forward_prop_with_dropout(
        to_device(X), device, "relu", output, **dropout
    )
    same(
        snn.backprop_with_dropout(AL_d, to_device(Y), caches_d, "relu", output),
        snn.backprop_with_dropout(AL, Y, caches, "relu", output),
    )
    dA1 = RNG.standard_normal(caches[0][1].shape)
    same(
        snn.one_layer_backward_with_dropout(to_device(dA1), caches_d[0], "relu"),
        snn.one_layer_backward_with_dropout(dA1, caches[0], "relu"),
    )
    dA = RNG.standard_normal(AL.shape)
    same(
        snn.one_layer_backward(to_device(dA), caches_d[-1], output),
        snn.one_layer_backward(dA, caches[-1], output),
    )
    same(
        snn.linear_backward(to_device(dA), caches_d[-1][0]),
        snn.linear_backward(dA, caches[-1][0]),
    )


def test_the_updates_and_the_optimisers():
    params = network()
    grads = {f"d{k}": RNG.standard_normal(P.shape) for k, P in params.items()}
    dev = {k: to_device(P) for k, P in params.items()}
    dgrads = {k: to_device(G) for k, G in grads.items()}
    same(
        snn.update_parameters(dev, dgrads, 0.1),
        snn.update_parameters(params, grads, 0.1),
    )
    v, dv = snn.initialize_velocity(params), snn.initialize_velocity(dev)
    same(dv, v)
    same(
        snn.update_parameters_with_momentum(dev, dgrads, dv, 0.1, 0.9),
        snn.update_parameters_with_momentum(params, grads, v, 0.1, 0.9),
    )
    (v, s), (dv, ds) = snn.initialize_adam(params), snn.initialize_adam(dev)
    same((dv, ds), (v, s))
    same(
        snn.update_parameters_with_adam(dev, dgrads, dv, ds, 3, 0.01),
        snn.update_parameters_with_adam(params, grads, v, s, 3, 0.01),
    )
    # In place, as model's optimisers do: the same device arrays, changed.
    W1 = dev["W1"]
    new = snn.write_into(dev, snn.update_parameters(dev, dgrads, 0.1))
    assert new["W1"] is W1
    same(new, snn.update_parameters(params, grads, 0.1))
    for name, optimizer in snn.OPTIMIZERS.items():
        dev = {k: to_device(P) for k, P in params.items()}
        options = {"beta": 0.9, "beta1": 0.9, "beta2": 0.999, "epsilon": 1e-8}
        host = {k: P.copy() for k, P in params.items()}
        new_d, _ = optimizer.step(dev, dgrads, optimizer.init(dev), 0.1, options)
        new_h, _ = optimizer.step(host, grads, optimizer.init(host), 0.1, options)
        assert new_d["W1"] is dev["W1"], name
        same(new_d, new_h)


# --- the model and prediction

SETTINGS = [
    {},
    {"hidden_activation": "relu", "batch_size": 16, "optimizer": "momentum"},
    {"hidden_activation": "tanh", "batch_size": 32, "optimizer": "adam",
     "keep_prob": 0.8, "lambd": 0.2, "decay_rate": 0.1},
]  # fmt: skip


@pytest.mark.parametrize("settings", SETTINGS)
def test_model_predict_and_predict_proba(settings):
    X, Y = snn.make_moons(100, noise=0.2, seed=0)
    args = dict(layer_dims=[2, 6, 4, 1], num_iterations=15, seed=3, **settings)
    params, costs = snn.model(X, Y, **args)
    params_d, costs_d = snn.model(to_device(X), to_device(Y), **args)
    assert isinstance(params_d, snn.Network)
    same(dict(params_d), dict(params))
    assert all(type(c) is float for c in costs_d) and costs_d == costs
    same(snn.predict_proba(to_device(X), params_d), snn.predict_proba(X, params))
    same(snn.predict(to_device(X), params_d), snn.predict(X, params))


def test_model_softmax_float32():
    X, labels = snn.make_spirals(90, n_classes=3, noise=0.1, seed=0)
    Y = snn.one_hot(labels, 3)
    args = dict(layer_dims=[2, 8, 3], num_iterations=5, seed=0, batch_size=30,
                hidden_activation="relu", output_activation="softmax",
                dtype=np.float32)  # fmt: skip
    params, costs = snn.model(X, Y, **args)
    params_d, costs_d = snn.model(to_device(X), to_device(Y), **args)
    same(dict(params_d), dict(params))
    assert costs_d == costs
    same(snn.predict(to_device(X), params_d), snn.predict(X, params))


def test_divergence_is_caught_on_the_device():
    X, Y = snn.make_moons(100, noise=0.2, seed=0)
    with pytest.raises(FloatingPointError, match="training diverged"):
        snn.model(to_device(X * 1e3), to_device(Y), [2, 8, 1], learning_rate=1e3,
                  num_iterations=50, seed=0, hidden_activation="relu")  # fmt: skip


# --- validation works through the same protocols


def test_validation_on_the_device():
    params = network((3, 5, 1))
    device = {k: to_device(P) for k, P in params.items()}
    X = RNG.standard_normal((3, 4))
    bad = X.copy()
    bad[1, 2] = np.nan
    with pytest.raises(ValueError, match="X contains NaN"):
        snn.forward_prop(to_device(bad), device)
    with pytest.raises(TypeError, match="X is a stand_in.StandIn array but params"):
        snn.forward_prop(to_device(X), params)
    with pytest.raises(TypeError, match="X is a numpy array but params entry W1"):
        snn.predict(X, device)
    with pytest.raises(ValueError, match="Y must hold labels 0 and 1 only; found"):
        snn.cost_function(
            to_device(np.full((1, 2), 0.5)), to_device(np.array([[0, 2]]))
        )
    with pytest.raises(ValueError, match=r"probabilities in \[0, 1\]; got values in"):
        snn.cost_function(to_device(np.array([[0.5, 1.5]])), to_device(np.ones((1, 2))))
    with pytest.raises(ValueError, match="AL contains NaN"):
        snn.cost_function(
            to_device(np.array([[0.5, np.nan]])), to_device(np.ones((1, 2)))
        )
    with pytest.raises(ValueError, match="each column of AL must sum to 1"):
        snn.categorical_cross_entropy(
            to_device(np.full((2, 2), 0.3)), to_device(np.eye(2))
        )
    with pytest.raises(ValueError, match="largest logit inf"):
        snn.softmax(to_device(np.array([[np.inf], [0.0]])))
    with pytest.raises(ValueError, match="dA has shape"):
        snn.relu_backward(to_device(np.ones((2, 2))), to_device(np.ones((2, 3))))
    grads = {f"d{k}": to_device(np.ones(P.shape, dtype=int)) for k, P in params.items()}
    grads["dW1"] = to_device(np.ones(params["W1"].shape, dtype=bool))
    with pytest.raises(TypeError, match="dW1 must be an array of numbers; got dtype"):
        snn.update_parameters(device, grads, 0.1)
