"""Tests for scratchnn.devices: parameters in another dtype or on another
device (the GPU stand-in's tests are in tests/test_dispatch.py)."""

import numpy as np
import pytest

from scratchnn.devices import convert_params, to_device
from scratchnn.init import init_params


def test_float32_is_the_float64_network_rounded():
    p64 = init_params([3, 4, 2], seed=3)
    p32 = convert_params(p64, np.float32)
    for k in p64:
        assert p32[k].dtype == np.float32
        assert np.array_equal(p32[k], p64[k].astype(np.float32))
    assert p64["W1"].dtype == np.float64  # the network given is not changed


def test_the_default_is_a_float64_copy():
    params = init_params([3, 2], seed=0)
    copy = convert_params(params)
    assert all(copy[k] is not params[k] for k in params)
    assert all(np.array_equal(copy[k], params[k]) for k in params)
    assert all(copy[k].dtype == np.float64 for k in copy)


@pytest.mark.parametrize("dtype", [int, np.int32, bool, np.complex128, "U3", "floaty"])
def test_dtype_must_be_floating(dtype):
    """An integer dtype used to round every weight to 0 (and bool to 1)."""
    with pytest.raises(TypeError, match="dtype must be a floating type"):
        convert_params(init_params([2, 3, 1], seed=0), dtype)


def test_like_must_be_an_array_and_params_a_network():
    with pytest.raises(TypeError, match="like must be an array"):
        convert_params(init_params([2, 1], seed=0), like=[1.0])
    with pytest.raises(ValueError, match="params must have keys"):
        convert_params({"W1": np.ones((1, 2))})


def test_to_device_of_a_numpy_like_is_the_array_itself():
    A = np.ones((2, 3))
    assert to_device(A, None) is A
    assert to_device(A, np.zeros(1)) is A
    with pytest.raises(TypeError, match="like must be an array"):
        to_device(A, "gpu")
