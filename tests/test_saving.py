"""Tests for scratchnn.saving: the .npz round trip and what load refuses."""

import builtins
import errno
import io
import json
import os
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import scratchnn
from scratchnn import saving
from scratchnn.devices import convert_params
from scratchnn.init import init_params
from scratchnn.network import Network, recorded_activations
from scratchnn.saving import load_params, save_params


@settings(max_examples=25, deadline=None)
@given(
    layer_dims=st.lists(st.integers(1, 6), min_size=2, max_size=5),
    dtype=st.sampled_from([np.float64, np.float32]),
    seed=st.integers(0, 1000),
)
def test_round_trip_is_exact(layer_dims, dtype, seed):
    params = convert_params(init_params(layer_dims, seed=seed), dtype)
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


# --- the record: activations, format version, layer count


def test_a_network_comes_back_with_its_activations(tmp_path):
    network = Network(init_params([2, 3, 1], seed=0), "relu", "sigmoid")
    save_params(tmp_path / "net.npz", network)
    loaded = load_params(tmp_path / "net.npz")
    assert isinstance(loaded, Network)
    assert (loaded.hidden_activation, loaded.output_activation) == ("relu", "sigmoid")
    assert sorted(loaded) == ["W1", "W2", "b1", "b2"]


def test_a_plain_dict_and_an_old_file_come_back_as_plain_dicts(tmp_path):
    params = init_params([2, 3, 1], seed=0)
    save_params(tmp_path / "new.npz", params)
    np.savez(tmp_path / "old.npz", **params)  # what scratchnn 0.1 wrote
    for name in ("new.npz", "old.npz"):
        loaded = load_params(tmp_path / name)
        assert type(loaded) is dict and sorted(loaded) == sorted(params)


def test_save_accepts_a_bytes_path(tmp_path):
    save_params(os.fsencode(tmp_path / "net"), init_params([2, 1], seed=0))
    assert sorted(load_params(os.fsencode(tmp_path / "net"))) == ["W1", "b1"]


def test_a_network_with_an_unknown_activation_cannot_be_made_so_not_saved():
    with pytest.raises(ValueError, match="unknown activation 'swish'"):
        Network(init_params([2, 1], seed=0), "swish", "sigmoid")


def _with_record(path, params, **record):
    entry = {"format": 1, "layers": len(params) // 2, "hidden_activation": None,
             "output_activation": None, **record}  # fmt: skip
    np.savez(path, **params, __scratchnn__=np.array(json.dumps(entry)))


@pytest.mark.parametrize(
    ("record", "message"),
    [
        ({"format": 2}, "written in save format 2; this scratchnn reads format 1"),
        ({"layers": 3}, "records 3 layers but holds 1: the file is damaged"),
        ({"hidden_activation": "swish", "output_activation": "sigmoid"},
         "cannot use: hidden_activation: unknown activation 'swish'"),
        ({"output_activation": 7, "hidden_activation": "relu"},
         "records activations it cannot use: output_activation: activation must be a"),
    ],
    ids=["newer_format", "layer_count", "unknown_activation", "not_a_name"],
)  # fmt: skip
def test_load_refuses_a_record_that_does_not_match(tmp_path, record, message):
    _with_record(tmp_path / "net.npz", init_params([2, 1], seed=0), **record)
    with pytest.raises(ValueError, match=message):
        load_params(tmp_path / "net.npz")


@pytest.mark.parametrize(
    "record", [np.array("{not json"), np.array(3.0), np.zeros(2)],
    ids=["not_json", "a_number", "an_array"],
)  # fmt: skip
def test_load_refuses_a_damaged_record(tmp_path, record):
    np.savez(tmp_path / "net.npz", **init_params([2, 1], seed=0), __scratchnn__=record)
    with pytest.raises(ValueError, match="net.npz has a damaged record"):
        load_params(tmp_path / "net.npz")


def test_load_refuses_layers_that_do_not_chain(tmp_path):
    params = {"W1": np.ones((3, 2)), "b1": np.ones((3, 1)),
              "W2": np.ones((1, 4)), "b2": np.ones((1, 1))}  # fmt: skip
    np.savez(tmp_path / "net.npz", **params)
    with pytest.raises(ValueError, match="W2 has 4 columns but W1 has 3 rows"):
        load_params(tmp_path / "net.npz")


def test_load_reads_the_file_once(tmp_path, monkeypatch):
    save_params(tmp_path / "net.npz", init_params([2, 1], seed=0))
    opened = []
    real_open = builtins.open
    monkeypatch.setattr(
        builtins, "open", lambda *a, **k: opened.append(a[0]) or real_open(*a, **k)
    )
    monkeypatch.setattr(np, "load", None)  # never through np.load
    load_params(tmp_path / "net.npz")
    assert opened == [str(tmp_path / "net.npz")]


# --- crafted and damaged files


def _npy(shape, dtype="<f8", data=b""):
    header = {"descr": dtype, "fortran_order": False, "shape": shape}
    out = io.BytesIO()
    np.lib.format.write_array_header_1_0(out, header)
    return out.getvalue() + data


def _zip(path, members):
    with zipfile.ZipFile(path, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)


def test_load_refuses_a_header_that_promises_more_than_the_file_holds(tmp_path):
    """Regression: a header claiming shape (10**12, 2) raised MemoryError."""
    _zip(tmp_path / "net.npz", {"W1.npy": _npy((10**12, 2), data=bytes(16)),
                                "b1.npy": _npy((10**12, 1))})  # fmt: skip
    with pytest.raises(
        ValueError, match=r"net.npz is not a network .* 'W1.npy' promises "
        r"16000000000000 bytes of data but holds 16"
    ):  # fmt: skip
        load_params(tmp_path / "net.npz")


def test_load_refuses_a_member_that_declares_a_huge_size(tmp_path):
    _zip(tmp_path / "net.npz", {"W1.npy": _npy((1, 1), data=bytes(8))})
    raw = bytearray((tmp_path / "net.npz").read_bytes())
    central = raw.rindex(b"PK\x01\x02")
    raw[central + 24 : central + 28] = (2**32 - 1).to_bytes(4, "little")
    (tmp_path / "net.npz").write_bytes(bytes(raw))
    with pytest.raises(ValueError, match="declares 4294967295 bytes, more than"):
        load_params(tmp_path / "net.npz")


@pytest.mark.parametrize(
    ("members", "message"),
    [
        ({"W1.txt": b"1"}, "member 'W1.txt' is not one array"),
        ({"W1.npy": b"\x93NUMPY\x09\x00" + bytes(8)}, "'W1.npy' is not a .npy"),
        ({"W1.npy": _npy((1,), "|O", bytes(8))}, "'W1.npy' holds pickled objects"),
    ],
    ids=["not_npy", "unknown_npy_version", "object_header"],
)
def test_load_refuses_members_that_are_not_arrays(tmp_path, members, message):
    _zip(tmp_path / "net.npz", members)
    with pytest.raises(ValueError, match=message):
        load_params(tmp_path / "net.npz")


def test_load_reads_fortran_ordered_arrays(tmp_path):
    params = {"W1": np.asfortranarray(np.arange(6.0).reshape(2, 3)),
              "b1": np.zeros((2, 1))}  # fmt: skip
    np.savez(tmp_path / "net.npz", **params)
    assert np.array_equal(load_params(tmp_path / "net.npz")["W1"], params["W1"])


def _same(a, b):
    return (
        type(a) is type(b)
        and sorted(a) == sorted(b)
        and all(np.array_equal(a[k], b[k]) and a[k].dtype == b[k].dtype for k in a)
        and recorded_activations(a) == recorded_activations(b)
    )


def test_load_of_a_truncated_file_always_gives_the_documented_error(tmp_path):
    save_params(tmp_path / "net.npz", Network(init_params([2, 1], seed=0), "relu"))
    raw = (tmp_path / "net.npz").read_bytes()
    for length in range(len(raw)):
        (tmp_path / "cut.npz").write_bytes(raw[:length])
        with pytest.raises(ValueError, match="cut.npz is not a network written"):
            load_params(tmp_path / "cut.npz")


def test_load_of_a_damaged_file_gives_the_documented_error_or_the_network(tmp_path):
    """Regression: of 2,000 random byte flips, 3 loaded a wrong network and 25
    raised NotImplementedError, RuntimeError or OSError."""
    network = Network(init_params([2, 3, 1], seed=0), "tanh", "sigmoid")
    save_params(tmp_path / "net.npz", network)
    raw = (tmp_path / "net.npz").read_bytes()
    rng = np.random.default_rng(12)
    outcomes = {"error": 0, "same": 0}
    for _ in range(3000):
        damaged = bytearray(raw)
        for _ in range(rng.integers(1, 4)):  # one to three flipped bits
            damaged[rng.integers(len(raw))] ^= 1 << int(rng.integers(8))
        (tmp_path / "bad.npz").write_bytes(bytes(damaged))
        try:
            loaded = load_params(tmp_path / "bad.npz")
        except (ValueError, TypeError) as err:
            assert "bad.npz" in str(err) or isinstance(err, TypeError)
            outcomes["error"] += 1
        else:
            assert _same(loaded, network)  # a flip in a field nothing reads
            outcomes["same"] += 1
    assert outcomes["error"] > 2500, outcomes


# --- faults during a save: the old file intact or the new one complete


class _Faults:
    """Counts the save's steps (writes, flush, fsync, chmod, rename) and raises
    ``error`` at step ``at``."""

    def __init__(self, monkeypatch, at, error):
        self.count, self.at, self.error = 0, at, error
        for name in ("fsync", "chmod", "replace"):
            monkeypatch.setattr(saving.os, name, self._step(getattr(os, name)))
        real_fdopen = os.fdopen
        monkeypatch.setattr(
            saving.os, "fdopen", lambda *a, **k: self._wrap(real_fdopen(*a, **k))
        )

    def _step(self, fn):
        def step(*args, **kwargs):
            self.count += 1
            if self.count == self.at:
                raise self.error
            return fn(*args, **kwargs)

        return step

    def _wrap(self, file):
        return _Proxy(file, self)


class _Proxy:
    def __init__(self, file, faults):
        self._file, self._faults = file, faults

    def write(self, data):
        return self._faults._step(self._file.write)(data)

    def flush(self):
        return self._faults._step(self._file.flush)()

    def __getattr__(self, name):
        return getattr(self._file, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self._file.close()


def _run_with_faults(tmp_path, error, trials, seed, points=30):
    """Save over an existing file with ``error`` at ``points`` random steps of
    each of ``trials`` saves (at every step of a short save), and check."""
    rng = np.random.default_rng(seed)
    path = tmp_path / "net.npz"
    outcomes = {"old": 0, "new": 0}
    for trial in range(trials):
        dims = [int(n) for n in rng.integers(1, 6, size=rng.integers(2, 7))]
        old = Network(init_params(dims, seed=trial), "relu")
        new = init_params(dims[::-1] + [2], seed=trial + 1)
        save_params(path, old)
        with pytest.MonkeyPatch.context() as patch:
            faults = _Faults(patch, at=0, error=error)
            save_params(path, new)
            steps = faults.count
        chosen = rng.choice(steps, size=min(points, steps), replace=False) + 1
        for at in sorted(chosen.tolist()) + [steps]:
            save_params(path, old)
            with pytest.MonkeyPatch.context() as patch:
                _Faults(patch, at=at, error=error)
                with pytest.raises(type(error)):
                    save_params(path, new)
            loaded = load_params(path)
            outcomes["new" if _same(loaded, new) else "old"] += 1
            assert _same(loaded, old) or _same(loaded, new)
            assert sorted(p.name for p in tmp_path.iterdir()) == ["net.npz"]
    return outcomes


def test_an_interrupted_save_keeps_the_old_file(tmp_path):
    """Regression: of 300 saves interrupted with Ctrl-C, 184 lost the old
    network and 59 left a wrong one."""
    outcomes = _run_with_faults(tmp_path, KeyboardInterrupt(), trials=15, seed=1)
    assert outcomes["old"] > 400 and outcomes["new"] == 0, outcomes


def test_a_full_disk_keeps_the_old_file(tmp_path):
    error = OSError(errno.ENOSPC, "No space left on device")
    outcomes = _run_with_faults(tmp_path, error, trials=10, seed=2)
    assert outcomes["new"] == 0, outcomes


def test_a_failing_open_keeps_the_old_file(tmp_path, monkeypatch):
    params = init_params([2, 1], seed=0)
    save_params(tmp_path / "net.npz", params)

    def refuse(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(saving.tempfile, "mkstemp", refuse)
    with pytest.raises(PermissionError):
        save_params(tmp_path / "net.npz", init_params([3, 1], seed=0))
    assert _same(load_params(tmp_path / "net.npz"), params)


def test_a_file_size_limit_keeps_the_old_file(tmp_path):
    """A real full disk: the child process may write 4 kB per file."""
    save_params(tmp_path / "net.npz", init_params([2, 1], seed=0))
    child = (
        "import resource, signal, sys, scratchnn\n"
        "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
        "resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))\n"
        "try:\n"
        "    scratchnn.save_params(sys.argv[1], scratchnn.init_params([40, 40, 1]))\n"
        "except OSError as err:\n"
        "    print(err.errno)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", child, str(tmp_path / "net.npz")],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert out.stdout.strip() == str(errno.EFBIG)
    assert _same(load_params(tmp_path / "net.npz"), init_params([2, 1], seed=0))
    assert [p.name for p in tmp_path.iterdir()] == ["net.npz"]


def test_a_killed_save_keeps_the_old_or_the_new_file(tmp_path):
    """Regression: SIGKILL during a save lost the old network 18 times in 20."""
    old, new = init_params([2, 1], seed=0), init_params([300, 300, 1], seed=1)
    child = (
        "import sys, scratchnn\n"
        "new = scratchnn.init_params([300, 300, 1], seed=1)\n"
        "print('ready', flush=True)\n"
        "while True:\n"
        "    scratchnn.save_params(sys.argv[1], new)\n"
    )
    rng = np.random.default_rng(3)
    for _ in range(8):
        save_params(tmp_path / "net.npz", old)
        process = subprocess.Popen(
            [sys.executable, "-c", child, str(tmp_path / "net.npz")],
            stdout=subprocess.PIPE, text=True,
        )  # fmt: skip
        process.stdout.readline()
        time.sleep(rng.uniform(0, 0.2))
        process.kill()
        process.wait()
        process.stdout.close()
        loaded = load_params(tmp_path / "net.npz")
        assert _same(loaded, old) or _same(loaded, new)


def test_load_keeps_is_a_directory_error(tmp_path):
    (tmp_path / "net").mkdir()
    with pytest.raises(IsADirectoryError):
        load_params(tmp_path / "net")


# Files read and written carefully (issue 20).


@st.composite
def savable(draw):
    """Anything save_params accepts: a network of float arrays of any float
    dtype, byte order and memory layout, any values (NaN and infinity too), a
    plain dict or a Network with its activations, under any legal name."""
    dims = draw(st.lists(st.integers(1, 4), min_size=2, max_size=4))
    dtype = np.dtype(draw(st.sampled_from(["<f2", "<f4", "<f8", ">f8", ">f4"])))
    values = st.one_of(
        st.floats(allow_nan=True, allow_infinity=True, width=16),
        st.sampled_from([0.0, -0.0, 1e-300, -1e300]),
    )
    params = {}
    for l, (n_prev, n) in enumerate(zip(dims[:-1], dims[1:], strict=True), 1):
        for key, shape in ((f"W{l}", (n, n_prev)), (f"b{l}", (n, 1))):
            flat = draw(st.lists(values, min_size=n * shape[1], max_size=n * shape[1]))
            with np.errstate(over="ignore"):
                A = np.array(flat, dtype=dtype).reshape(shape)
            params[key] = np.asfortranarray(A) if draw(st.booleans()) else A
    if draw(st.booleans()):
        hidden = draw(st.sampled_from(["sigmoid", "relu", "tanh", "leaky_relu"]))
        params = Network(params, hidden, draw(st.sampled_from(["sigmoid", "softmax"])))
    name = draw(
        st.text(
            st.characters(
                blacklist_categories=["Cs", "Cc"], blacklist_characters="/\\"
            ),
            min_size=1,
            max_size=40,
        ).filter(lambda s: s not in (".", "..") and len(os.fsencode(s + ".npz")) < 250)
    )
    return params, name


@settings(max_examples=40, deadline=None)
@given(case=savable())
def test_whatever_save_accepts_load_gives_back_identical(case):
    params, name = case
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, name)
        save_params(path, params)
        loaded = load_params(path)
        assert os.listdir(folder) == [
            os.path.basename(path) + ("" if path.endswith(".npz") else ".npz")
        ]
    assert recorded_activations(loaded) == recorded_activations(params)
    assert list(loaded) == list(params)
    for k, P in params.items():
        assert loaded[k].dtype == P.dtype and loaded[k].shape == P.shape
        assert np.array_equal(loaded[k], P, equal_nan=True)
        assert np.array_equal(np.signbit(loaded[k]), np.signbit(P))


def test_load_refuses_a_fifo_without_blocking(tmp_path):
    """Regression: open() blocked until a writer came."""
    os.mkfifo(tmp_path / "net.npz")
    with pytest.raises(
        ValueError, match=r"net.npz is not a regular file \(it is a pipe"
    ):
        load_params(tmp_path / "net.npz")


def test_load_refuses_a_link_to_a_device(tmp_path):
    """Regression: a symlink to /dev/zero was read until memory ran out."""
    os.symlink("/dev/zero", tmp_path / "zero.npz")
    with pytest.raises(ValueError, match="zero.npz is not a regular file"):
        load_params(tmp_path / "zero.npz")


def test_load_checks_the_size_and_the_format_before_reading(tmp_path, monkeypatch):
    """Regression: a 2.2 GB sparse file was read whole."""
    with open(tmp_path / "big.npz", "wb") as file:
        file.truncate(2_200_000_000)  # sparse: no disk space used
    reads = []
    real_open = builtins.open
    monkeypatch.setattr(
        builtins, "open", lambda *a, **k: reads.append(a) or real_open(*a, **k)
    )
    with pytest.raises(
        ValueError,
        match=r"big.npz, of 2200000000 bytes, would need 2.05 GiB, .*file_bytes=",
    ):
        load_params(tmp_path / "big.npz")
    assert reads == []
    (tmp_path / "text.npz").write_bytes(b"hello" * 10)
    with pytest.raises(
        ValueError, match="text.npz is not a network .*not a zip archive"
    ):
        load_params(tmp_path / "text.npz")


def test_load_caps_the_decompressed_size(tmp_path):
    """Regression: a 1.17 MB file expanded to a 1.2 GB W1 (peak 2.4 GB)."""
    path = tmp_path / "bomb.npz"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for key, shape in (("W1", (3, 2)), ("b1", (3, 1))):
            buffer = io.BytesIO()
            np.save(buffer, np.zeros(shape))
            archive.writestr(f"{key}.npy", buffer.getvalue())
    with scratchnn.set_limits(memory=100):
        with pytest.raises(
            ValueError,
            match=r"bomb.npz: its arrays, decompressed, would need .*memory=",
        ):
            load_params(path)
    assert set(load_params(path)) == {"W1", "b1"}


def test_load_refuses_a_deeply_nested_record(tmp_path):
    """Regression: RecursionError from json."""
    params = init_params([2, 1], seed=0)
    arrays = {k: v for k, v in params.items()}
    arrays[saving.RECORD] = np.array("[" * 100_000 + "]" * 100_000)
    np.savez(tmp_path / "deep.npz", **arrays)
    with pytest.raises(ValueError, match="deep.npz has a damaged record"):
        load_params(tmp_path / "deep.npz")


@pytest.mark.parametrize("shape", [(0, 2), (3, 0)])
def test_load_refuses_a_layer_without_units(tmp_path, shape):
    """Regression: W1 of shape (0, 2) or (3, 0) loaded, as init_params refuses."""
    np.savez(tmp_path / "empty.npz", W1=np.zeros(shape), b1=np.zeros((shape[0], 1)))
    with pytest.raises(
        ValueError, match=r"empty.npz: params: W1 has shape .* at least one unit"
    ):
        load_params(tmp_path / "empty.npz")


def test_load_names_the_file_in_shape_errors(tmp_path):
    np.savez(tmp_path / "ch.npz", W1=np.zeros((3, 2)), b1=np.zeros((3, 1)),
             W2=np.zeros((1, 4)), b2=np.zeros((1, 1)))  # fmt: skip
    with pytest.raises(ValueError, match=r"ch.npz: params: W2 has 4 columns"):
        load_params(tmp_path / "ch.npz")


def test_save_names_the_users_path_not_the_temporary_file(tmp_path):
    """Regression: NotADirectoryError named '.net.npz.x8f2.tmp'."""
    (tmp_path / "f").write_text("x")
    with pytest.raises(NotADirectoryError, match=r"f/net.npz'$"):
        save_params(tmp_path / "f" / "net", init_params([2, 1]))
    with pytest.raises(FileNotFoundError, match=r"missing/net.npz'$"):
        save_params(tmp_path / "missing" / "net", init_params([2, 1]))
    (tmp_path / "d.npz").mkdir()
    with pytest.raises(IsADirectoryError, match=r"d.npz'$"):
        save_params(tmp_path / "d.npz", init_params([2, 1]))


@pytest.mark.parametrize("name", ["n" * 246, "網" * 80])
def test_save_handles_the_longest_legal_names(tmp_path, name):
    """Regression: ENAMETOOLONG on the temporary file's longer name."""
    params = init_params([2, 1], seed=0)
    save_params(tmp_path / name, params)
    assert np.array_equal(load_params(tmp_path / name)["W1"], params["W1"])


def test_save_writes_through_a_symlink(tmp_path):
    """Regression: the link was replaced by a file."""
    (tmp_path / "real").mkdir()
    save_params(tmp_path / "real" / "net.npz", init_params([2, 1], seed=0))
    os.symlink(tmp_path / "real" / "net.npz", tmp_path / "link.npz")
    params = init_params([2, 1], seed=1)
    save_params(tmp_path / "link.npz", params)
    assert os.path.islink(tmp_path / "link.npz")
    assert np.array_equal(
        load_params(tmp_path / "real" / "net.npz")["W1"], params["W1"]
    )


def test_save_refuses_a_read_only_file(tmp_path):
    """Regression: a 0444 file was replaced. Judged on the mode bits: CI runs
    as root, which os.access would let write anything."""
    path = tmp_path / "net.npz"
    save_params(path, init_params([2, 1], seed=0))
    before = path.read_bytes()
    os.chmod(path, 0o444)
    with pytest.raises(PermissionError, match=r"Read-only file.*net.npz'$"):
        save_params(path, init_params([2, 1], seed=1))
    assert path.read_bytes() == before and (os.stat(path).st_mode & 0o777) == 0o444


def test_save_refuses_a_masked_array(tmp_path):
    """Regression: the mask was dropped silently."""
    params = init_params([2, 1], seed=0)
    params["W1"] = np.ma.masked_array(params["W1"], mask=[[True, False]])
    with pytest.raises(TypeError, match="params entry W1 is a masked array"):
        save_params(tmp_path / "net", params)
    assert os.listdir(tmp_path) == []


def test_a_nul_byte_in_a_path_is_refused_clearly(tmp_path):
    with pytest.raises(ValueError, match="contains a NUL byte"):
        save_params(str(tmp_path / "a\0b"), init_params([2, 1]))
    with pytest.raises(ValueError, match="contains a NUL byte"):
        load_params(str(tmp_path / "a\0b"))


def test_save_and_load_agree_on_the_suffix(tmp_path):
    """Regression: save_params("both") wrote both.npz but load_params("both")
    read an unrelated file named both."""
    (tmp_path / "both").write_text("an unrelated file")
    params = init_params([2, 1], seed=0)
    save_params(tmp_path / "both", params)
    assert np.array_equal(load_params(tmp_path / "both")["W1"], params["W1"])


def test_save_refuses_what_load_would_refuse_to_read(tmp_path):
    with (
        scratchnn.set_limits(file_bytes=100),
        pytest.raises(
            ValueError, match=r"params of 1 layers, saved, would need .*file_bytes="
        ),
    ):
        save_params(tmp_path / "net", init_params([2, 10]))
