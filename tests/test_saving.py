"""Tests for scratchnn.saving: the .npz round trip and what load refuses."""

import tempfile
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scratchnn.init import init_params
from scratchnn.saving import load_params, save_params


@settings(max_examples=25, deadline=None)
@given(
    layer_dims=st.lists(st.integers(1, 6), min_size=2, max_size=5),
    dtype=st.sampled_from([np.float64, np.float32]),
    seed=st.integers(0, 1000),
)
def test_round_trip_is_exact(layer_dims, dtype, seed):
    params = init_params(layer_dims, seed=seed, dtype=dtype)
    params = {
        k: v + np.random.default_rng(seed).standard_normal(v.shape).astype(dtype)
        for k, v in params.items()
    }
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "net.npz"
        save_params(path, params)
        loaded = load_params(path)
    assert set(loaded) == set(params)
    for k in params:
        assert loaded[k].dtype == params[k].dtype
        assert np.array_equal(loaded[k], params[k])


def test_string_path_and_npz_suffix_added(tmp_path):
    params = init_params([2, 3, 1], seed=0)
    save_params(str(tmp_path / "net"), params)
    assert (tmp_path / "net.npz").exists()
    loaded = load_params(str(tmp_path / "net.npz"))
    assert np.array_equal(loaded["W2"], params["W2"])


def test_loaded_arrays_outlive_the_file(tmp_path):
    params = init_params([2, 1], seed=0)
    save_params(tmp_path / "net.npz", params)
    loaded = load_params(tmp_path / "net.npz")
    (tmp_path / "net.npz").unlink()
    assert isinstance(loaded["W1"], np.ndarray)
    assert np.array_equal(loaded["W1"] * 2, params["W1"] * 2)


def test_save_refuses_an_invalid_network(tmp_path):
    with pytest.raises(
        ValueError, match=r"params must have keys W1, b1, ..., WL, bL; got \['W1'\]"
    ):
        save_params(tmp_path / "net.npz", {"W1": np.ones((1, 2))})
    assert not (tmp_path / "net.npz").exists()


@pytest.mark.parametrize(
    "arrays",
    [
        {"weights": np.ones((1, 2)), "biases": np.ones((1, 1))},
        {"W1": np.ones((1, 2)), "b1": np.ones((1, 1)), "W3": np.ones((1, 1))},
        {"W1": np.ones((1, 2))},
    ],
    ids=["other_names", "extra_key", "missing_key"],
)
def test_load_refuses_wrong_keys(tmp_path, arrays):
    np.savez(tmp_path / "bad.npz", **arrays)
    with pytest.raises(ValueError, match="params must have keys W1, b1, ..., WL, bL"):
        load_params(tmp_path / "bad.npz")


def test_load_refuses_wrong_shapes(tmp_path):
    np.savez(tmp_path / "bad.npz", W1=np.ones((3, 2)), b1=np.ones((2, 1)))
    with pytest.raises(ValueError, match=r"b1 must have shape \(3, 1\)"):
        load_params(tmp_path / "bad.npz")


def test_load_never_unpickles_objects(tmp_path):
    W1 = np.empty((1, 1), dtype=object)
    W1[0, 0] = {"payload": "not a number"}
    np.savez(tmp_path / "evil.npz", W1=W1, b1=np.zeros((1, 1)))
    with pytest.raises(ValueError, match="evil.npz is not a network written by"):
        load_params(tmp_path / "evil.npz")


NOT_NPZ = "is not a network written by save_params: load_params reads .npz archives"


def test_load_refuses_a_npy_file(tmp_path):
    """Regression: a .npy file gave "TypeError: 'numpy.ndarray' object does not
    support the context manager protocol"."""
    np.save(tmp_path / "W1.npy", np.ones((2, 3)))
    with pytest.raises(ValueError, match=f"W1.npy {NOT_NPZ}"):
        load_params(tmp_path / "W1.npy")


@pytest.mark.parametrize(
    "content",
    [b"W1 = [[1, 2]]\n", b"", b"PK\x03\x04 not really a zip"],
    ids=["text", "empty", "broken_zip"],
)
def test_load_refuses_a_file_that_is_not_npz(tmp_path, content):
    """Regression: a text file gave numpy's advice to load it with
    allow_pickle, which the docstring promises never to do."""
    (tmp_path / "net.npz").write_bytes(content)
    with pytest.raises(ValueError, match=f"net.npz {NOT_NPZ}") as info:
        load_params(tmp_path / "net.npz")
    assert "allow_pickle" not in str(info.value)


def test_load_refuses_a_damaged_compressed_archive(tmp_path):
    np.savez_compressed(tmp_path / "net.npz", **init_params([20, 30, 1], seed=0))
    raw = bytearray((tmp_path / "net.npz").read_bytes())
    raw[100:400] = bytes(b ^ 0x55 for b in raw[100:400])
    (tmp_path / "net.npz").write_bytes(bytes(raw))
    with pytest.raises(ValueError, match=NOT_NPZ):
        load_params(tmp_path / "net.npz")


def test_load_keeps_file_not_found(tmp_path):
    with pytest.raises(FileNotFoundError):
        load_params(tmp_path / "missing.npz")


def test_load_finds_the_file_save_wrote_without_the_suffix(tmp_path):
    params = init_params([3, 2, 1], seed=0)
    save_params(tmp_path / "net", params)  # numpy writes net.npz
    loaded = load_params(tmp_path / "net")
    assert all(np.array_equal(loaded[k], params[k]) for k in params)


@pytest.mark.parametrize(
    "dtype", [object, str, np.int64], ids=["object", "string", "int"]
)
def test_save_refuses_arrays_that_do_not_hold_floats(tmp_path, dtype):
    params = {"W1": np.ones((1, 2)).astype(dtype), "b1": np.zeros((1, 1))}
    with pytest.raises(TypeError, match="W1 and b1 must hold floats"):
        save_params(tmp_path / "net.npz", params)
    assert not (tmp_path / "net.npz").exists()


def test_load_refuses_arrays_that_do_not_hold_floats(tmp_path):
    np.savez(tmp_path / "net.npz", W1=np.ones((1, 2), int), b1=np.zeros((1, 1), int))
    with pytest.raises(TypeError, match="W1 and b1 must hold floats"):
        load_params(tmp_path / "net.npz")


@pytest.mark.parametrize(
    "path",
    ["", ".", "..", "sub/", Path(""), b""],
    ids=["empty", "dot", "dotdot", "separator", "empty_Path", "empty_bytes"],
)
def test_save_refuses_a_path_that_names_no_file(tmp_path, monkeypatch, path):
    """Regression: "" silently wrote a hidden .npz in the current directory."""
    (tmp_path / "sub").mkdir()
    monkeypatch.chdir(tmp_path / "sub")
    with pytest.raises(ValueError, match="path must name a file, such as 'net.npz'"):
        save_params(path, init_params([2, 1], seed=0))
    assert [p.name for p in tmp_path.rglob("*")] == ["sub"]


def test_load_finds_the_npz_next_to_a_directory_of_the_same_name(tmp_path):
    """Regression: with a directory model/ beside model.npz, load_params("model")
    raised IsADirectoryError."""
    (tmp_path / "model").mkdir()
    params = init_params([3, 2, 1], seed=0)
    save_params(tmp_path / "model", params)
    assert (tmp_path / "model.npz").is_file()
    loaded = load_params(tmp_path / "model")
    assert all(np.array_equal(loaded[k], params[k]) for k in params)


def test_save_refuses_a_path_that_is_not_a_path():
    with pytest.raises(TypeError, match="expected str, bytes or os.PathLike"):
        save_params(None, init_params([2, 1], seed=0))
