"""The guards of the data helpers: data sets, preprocessing, metrics, saving.

Each ``validate_<name>`` takes the arguments of the function ``<name>`` by
name, raises if one is wrong, and returns the ones it converted; the function
wears it as ``@validated_by(validate_<name>)`` (see the package's docstring).
``one_hot``'s guard is :func:`validate_class_indices`: the name
``validate_one_hot`` is the building block that checks one-hot columns.
"""

from __future__ import annotations

import io
import json
import math
import os
import struct
import zipfile
import zlib
from numbers import Integral, Real
from typing import Any, NamedTuple

import numpy as np
from numpy.typing import NDArray

from . import (
    largest,
    validate_finite,
    validate_fits,
    validate_matrix,
    validate_non_negative,
    validate_params,
    validate_positive_int,
    validate_seed,
    validate_size,
)

Arguments = dict[str, Any]


# --- datasets


#: The largest noise of the data generators: a standard deviation a million
#: times the data's scale (about 1) leaves nothing of the data.
MAX_NOISE = 1e6


def _noise(noise: Any) -> float:
    noise = validate_non_negative(noise, "noise")
    if noise > MAX_NOISE:
        raise ValueError(
            f"noise is the standard deviation of the noise added to each "
            f"coordinate, whose scale is about 1, and must be at most "
            f"{MAX_NOISE:g}; got {noise!r}"
        )
    return noise


def _points(m, noise, seed, minimum: int = 2) -> Arguments:
    return {
        "m": _point_count(m, minimum),
        "noise": _noise(noise),
        "seed": validate_seed(seed),
    }


def _point_count(m: Any, minimum: int) -> int:
    m = validate_positive_int(m, "m", minimum)
    validate_size(3 * m, f"{m} points (X and Y)")  # two coordinates and a label
    return m


def validate_make_moons(m, noise, seed) -> Arguments:
    return _points(m, noise, seed)


def validate_make_circles(m, noise, factor, seed) -> Arguments:
    m = _point_count(m, 2)
    noise = _noise(noise)
    if isinstance(factor, bool) or not isinstance(factor, Real):
        raise TypeError(f"factor must be a number in (0, 1); got {factor!r}")
    if not 0 < factor < 1:
        raise ValueError(
            f"factor is the inner radius over the outer one and must be in (0, 1); "
            f"got {factor!r}"
        )
    return {"m": m, "noise": noise, "seed": validate_seed(seed)}


def validate_make_spirals(m, n_classes, noise, seed) -> Arguments:
    n_classes = validate_positive_int(n_classes, "n_classes", 2)
    return {"n_classes": n_classes, **_points(m, noise, seed, minimum=n_classes)}


def validate_make_xor(m, noise, seed) -> Arguments:
    return _points(m, noise, seed)


def _scikit_learn(caller: str) -> None:
    # scikit-learn is imported only here and in the loaders, not at the top,
    # so the rest of scratchnn keeps numpy and matplotlib as its only
    # dependencies.
    try:
        import sklearn.datasets  # noqa: F401
    except ImportError as err:
        raise ImportError(
            f"{caller} reads data bundled with scikit-learn, which is not "
            "installed; install it with `pip install scikit-learn`"
        ) from err


def validate_load_breast_cancer() -> None:
    _scikit_learn("load_breast_cancer")


def validate_load_digits(scale) -> None:
    if not isinstance(scale, bool | np.bool_):
        raise TypeError(f"scale must be True or False; got {scale!r}")
    _scikit_learn("load_digits")


# --- preprocessing


def validate_train_test_split(X, Y, test_size, seed) -> Arguments:
    """Returns ``test_size`` as the number of test examples, an int."""
    X = validate_matrix(X, "X")
    Y = validate_matrix(Y, "Y")
    m = X.shape[1]
    if Y.shape[1] != m:
        raise ValueError(
            f"X has {m} columns (examples) but Y has {Y.shape[1]}; both must have "
            f"one column per example. X has shape {X.shape}, Y has shape {Y.shape}: "
            "did you pass a transposed array?"
        )
    if m < 2:
        raise ValueError(f"splitting needs at least 2 examples; got {m}")
    if isinstance(test_size, bool) or not isinstance(test_size, Real):
        raise TypeError(
            f"test_size must be a float in (0, 1) or an int; got {test_size!r}"
        )
    if isinstance(test_size, Integral):
        m_test = int(test_size)
        if not 1 <= m_test <= m - 1:
            raise ValueError(
                f"test_size as an int must be in [1, {m - 1}] for m = {m}; got {m_test}"
            )
    else:
        if not 0 < test_size < 1:
            raise ValueError(
                f"test_size as a float must be in (0, 1); got {test_size!r}"
            )
        m_test = round(test_size * m)
        if not 1 <= m_test <= m - 1:
            raise ValueError(
                f"test_size={test_size!r} of m = {m} examples gives {m_test} test "
                "examples, leaving one set empty; pass an int number instead"
            )
    return {"X": X, "Y": Y, "test_size": m_test, "seed": validate_seed(seed)}


def validate_standardize(X, mean, std) -> Arguments:
    X = validate_matrix(X, "X").astype(np.float64)  # also: no columns, no examples
    validate_finite(X, "X")
    n_x = X.shape[0]
    if mean is not None:
        mean = _statistic(mean, "mean", n_x)
    if std is not None:
        std = _statistic(std, "std", n_x)
        if np.any(std < 0):
            raise ValueError(f"std must be >= 0; got {std.ravel().tolist()}")
    if mean is None:  # |X - mean| <= max - min, as the mean lies between
        spread = 2 * float(np.max(X.max(axis=1) / 2 - X.min(axis=1) / 2))
    else:
        spread = largest(X) + largest(mean)
    validate_fits(spread, X.dtype, "X - mean", "divide X by a power of 10 first")
    if std is not None and np.any(std > 0):
        validate_fits(
            spread / float(std[std > 0].min()), X.dtype, "(X - mean) / std",
            "pass the std that standardize returned on the training set",
        )  # fmt: skip
    return {"X": X, "mean": mean, "std": std}


def _statistic(value: Any, name: str, n_x: int) -> NDArray[np.float64]:
    value = np.asarray(value, dtype=np.float64)
    if value.shape != (n_x, 1):
        raise ValueError(
            f"{name} must have shape ({n_x}, 1), one value per feature (row of X); "
            f"got shape {value.shape}. Use the {name} returned by standardize on "
            "the training set, or reshape with .reshape(-1, 1)"
        )
    validate_finite(value, name, hint=f"pass the {name} that standardize returned")
    return value


def validate_class_indices(labels, n_classes) -> Arguments:
    """The guard of ``one_hot``: returns the labels as a vector of shape (m,)
    and ``n_classes`` as an int, inferred from the labels when None."""
    labels = np.asarray(labels)
    if labels.ndim == 2 and labels.shape[0] == 1:
        labels = labels[0]
    if labels.ndim != 1:
        raise ValueError(
            f"labels must have shape (m,) or (1, m); got {labels.shape}. One-hot "
            "labels are already one-hot; class indices come as one row"
        )
    if labels.size == 0:
        raise ValueError("labels is empty; there is nothing to encode")
    if labels.dtype.kind not in "biuf":
        raise TypeError(
            "labels must hold numbers (bools, ints or floats); got dtype "
            f"{labels.dtype}"
        )
    _whole(labels, "labels")
    # As exact Python numbers: a cast to int64 first would wrap large labels.
    low, high = labels.min().item(), labels.max().item()
    if low < 0:
        raise ValueError(
            f"labels must be class indices >= 0; found {low:g}. Map your "
            "classes to 0, 1, ..., n_classes - 1 first"
        )
    if n_classes is None:
        n_classes = int(high) + 1
    n_classes = validate_positive_int(n_classes, "n_classes", 1)
    if high >= n_classes:
        raise ValueError(
            f"labels must be < n_classes = {n_classes}; found {high}. "
            "Increase n_classes or leave it out to infer it"
        )
    validate_size(n_classes * labels.size, f"one-hot labels for {n_classes} classes")
    return {"labels": labels, "n_classes": n_classes}


def validate_from_one_hot(Y) -> Arguments:
    Y = validate_matrix(Y, "Y")
    if Y.shape[0] == 0:
        raise ValueError(f"Y has shape {Y.shape}: no rows, so no classes to pick")
    if Y.shape[0] == 1:
        raise ValueError(
            f"Y has shape {Y.shape}, a single row, so its argmax is always 0. "
            "A one-unit (sigmoid) output gives labels with (AL > 0.5).astype(float)"
        )
    validate_finite(
        Y,
        "Y",
        hint="NaN in softmax outputs usually means training diverged: try a "
        "smaller learning rate",
    )
    return {"Y": Y}


def _whole(A: NDArray, name: str) -> None:
    """Raise unless every entry of ``A`` is a whole number (a class label)."""
    if not np.all(np.isfinite(A)) or not np.all(A == np.round(A)):
        bad = A[~np.isfinite(A) | (A != np.round(A))].ravel()[:3]
        raise ValueError(
            f"{name} must hold whole-number class labels; found {bad.tolist()}. "
            "Turn probabilities into labels first, for example (AL > 0.5) for "
            "one output unit or from_one_hot(AL) for softmax outputs"
        )


# --- metrics


def validate_label_row(A: NDArray, name: str) -> NDArray:
    """Class indices of shape (1, m) from a label row or from one-hot columns."""
    if A.shape[0] == 1:
        labels = A
    elif A.shape[1] == 1:
        raise ValueError(
            f"{name} has shape {A.shape}: a column of {A.shape[0]} labels, or one "
            f"one-hot example of {A.shape[0]} classes? Pass labels as a row, "
            f"{name}.reshape(1, -1), or one-hot labels for two or more examples"
        )
    elif np.all((A == 0) | (A == 1)) and np.all(A.sum(axis=0) == 1):
        labels = np.argmax(A, axis=0).reshape(1, -1)  # from_one_hot's labels
    else:
        raise ValueError(
            f"{name} has shape {A.shape}, several rows, so it must be one-hot "
            "(0s and a single 1 in each column), and it is not. Turn a column "
            f"of m labels into a row with {name}.reshape(1, -1), and softmax "
            "probabilities into labels with from_one_hot"
        )
    _whole(labels, name)
    return labels


def validate_accuracy(Y_pred, Y) -> Arguments:
    """Returns both as rows of class indices, shape (1, m)."""
    Y_pred = validate_matrix(Y_pred, "Y_pred")
    Y = validate_matrix(Y, "Y")
    rows_differ = Y_pred.shape[0] != Y.shape[0] and 1 not in (
        Y.shape[0],
        Y_pred.shape[0],
    )
    if Y_pred.shape[1] != Y.shape[1] or rows_differ:
        raise ValueError(
            f"Y_pred has shape {Y_pred.shape} but Y has shape {Y.shape}; both need "
            "one column per example, as a (1, m) row of labels or (n_classes, m) "
            "one-hot columns"
        )
    Y_pred, Y = validate_label_row(Y_pred, "Y_pred"), validate_label_row(Y, "Y")
    return {"Y_pred": Y_pred, "Y": Y}


def validate_confusion_matrix(y_true, y_pred, n_classes) -> Arguments:
    """Returns both as vectors of class indices, and ``n_classes`` as an int."""
    true, pred = (
        validate_label_row(validate_matrix(np.atleast_2d(A), name), name)
        for A, name in ((y_true, "y_true"), (y_pred, "y_pred"))
    )
    if true.shape != pred.shape:
        raise ValueError(
            f"y_true holds {true.shape[1]} examples but y_pred holds "
            f"{pred.shape[1]}; they must match"
        )
    if n_classes is None:
        n_classes = int(max(true.max(initial=0), pred.max(initial=0))) + 1
    true = validate_class_indices(true, n_classes)
    pred = validate_class_indices(pred, true["n_classes"])
    return {"y_true": true["labels"], "y_pred": pred["labels"],
            "n_classes": true["n_classes"]}  # fmt: skip


# --- saving

#: The version of the record save_params writes into every file; a file
#: records it with the layer count and the activations, under the name RECORD.
SAVE_FORMAT = 1
RECORD = "__scratchnn__"

# A deflated member holds at most about 1032 times its compressed size: a
# larger declared size is a damaged or crafted file, refused before reading.
_DEFLATE_RATIO = 1100


class SavedFile(NamedTuple):
    """What load_params's guard read and checked: the file's network."""

    path: str
    params: dict[str, NDArray]
    activations: tuple[str, str] | None


def _file_name(path: Any) -> str:
    """The name save_params writes and load_params tries: bytes decoded."""
    return os.fsdecode(os.fspath(path))


def validate_save_params(path, params) -> Arguments:
    from ..network import _recorded_activations
    from .steps import _activation_names

    path = _file_name(path)
    # numpy would write a hidden file ".npz" (or "..npz") for these.
    if os.path.basename(path) in ("", ".", ".."):
        raise ValueError(f"path must name a file, such as 'net.npz'; got {path!r}")
    validate_params(params)
    hidden, output = _recorded_activations(params)
    if hidden is not None:
        _activation_names(hidden, output)
    return {"path": path if path.endswith(".npz") else path + ".npz"}


def validate_load_params(path) -> Arguments:
    """Reads the file once and checks it holds a network; returns, as
    ``path``, a SavedFile with what it holds."""
    path = _file_name(path)
    if not os.path.isfile(path) and os.path.isfile(path + ".npz"):
        path += ".npz"  # save_params("net") wrote net.npz
    with open(path, "rb") as file:  # FileNotFoundError, IsADirectoryError
        content = file.read()
    try:
        arrays, record = _read_npz(content)
    except _UNREADABLE as err:
        raise ValueError(
            f"{path} is not a network written by save_params: load_params reads "
            ".npz archives of numeric arrays only, and never loads pickled "
            f"objects, since unpickling a file can run arbitrary code ({err})"
        ) from None
    L = validate_params(arrays)
    activations = _check_record(record, L, path)
    return {"path": SavedFile(path, arrays, activations)}


# What reading a damaged archive can raise, besides the ValueErrors below:
# zipfile raises NotImplementedError for an unknown compression method,
# RuntimeError for an encrypted member, OSError for a bad seek.
_UNREADABLE = (
    ValueError, EOFError, OSError, KeyError, NotImplementedError, RuntimeError,
    OverflowError, struct.error, zipfile.BadZipFile, zlib.error,
)  # fmt: skip


def _read_npz(content: bytes) -> tuple[dict[str, NDArray], Any]:
    """The arrays of an .npz archive held in memory, and its record or None."""
    if not content.startswith(b"PK"):
        raise ValueError("it is not a zip archive")
    arrays, record = {}, None
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        _check_members_follow_one_another(archive, content)
        for info in archive.infolist():
            key = info.filename.removesuffix(".npy")
            if key == info.filename or key in arrays:
                raise ValueError(f"member {info.filename!r} is not one array")
            _check_declared_size(info, len(content))
            member = io.BytesIO(archive.read(info))  # checks the CRC
            array = _read_member(member, info)
            if key == RECORD:
                record = array
            else:
                arrays[key] = array
    return arrays, record


def _check_members_follow_one_another(archive: zipfile.ZipFile, content: bytes):
    """Refuse an archive whose directory skips a member, as a damaged count or
    size in it can make it do: then a network would load with layers missing."""
    end = 0
    for info in sorted(archive.infolist(), key=lambda info: info.header_offset):
        if info.header_offset != end:
            break
        # A local header is 30 bytes, then the name and the extra field.
        name_length, extra_length = struct.unpack("<HH", content[end + 26 : end + 30])
        end += 30 + name_length + extra_length + info.compress_size
    if end != archive.start_dir:
        raise ValueError("its directory does not list the members it holds")


def _check_declared_size(info: zipfile.ZipInfo, file_size: int) -> None:
    stored = info.compress_type == zipfile.ZIP_STORED
    limit = info.compress_size * (1 if stored else _DEFLATE_RATIO) + 1024
    if info.compress_size > file_size or info.file_size > limit:
        raise ValueError(
            f"member {info.filename!r} declares {info.file_size} bytes, more "
            "than the file holds"
        )


_HEADER_READERS = {
    (1, 0): np.lib.format.read_array_header_1_0,
    (2, 0): np.lib.format.read_array_header_2_0,
}


def _read_member(member: io.BytesIO, info: zipfile.ZipInfo) -> NDArray:
    """One .npy member, after checking that its header matches its size."""
    read_header = _HEADER_READERS.get(np.lib.format.read_magic(member))
    if read_header is None:
        raise ValueError(f"member {info.filename!r} is not a .npy array of numbers")
    shape, fortran, dtype = read_header(member)
    if dtype.hasobject:
        raise ValueError(f"member {info.filename!r} holds pickled objects")
    # In Python ints: a crafted shape such as (10**12, 2) must not overflow.
    promised = math.prod(shape) * dtype.itemsize
    if member.tell() + promised != info.file_size:
        raise ValueError(
            f"member {info.filename!r} promises {promised} bytes of data but "
            f"holds {info.file_size - member.tell()}"
        )
    data = np.frombuffer(member.getbuffer()[member.tell() :], dtype=dtype)
    order = "F" if fortran else "C"
    return data.reshape(shape, order=order).copy(order=order)


def _check_record(record: Any, L: int, path: str) -> tuple[str, str] | None:
    """The activations the record holds, or None if it holds none."""
    if record is None:  # written before save_params kept a record
        return None
    try:
        record = json.loads(str(record[()]))
        version, layers = record["format"], record["layers"]
        hidden, output = record["hidden_activation"], record["output_activation"]
    except (ValueError, TypeError, KeyError, IndexError):
        raise ValueError(
            f"{path} has a damaged record {RECORD!r}; save the network again"
        ) from None
    if version != SAVE_FORMAT:
        raise ValueError(
            f"{path} was written in save format {version!r}; this scratchnn "
            f"reads format {SAVE_FORMAT}: update scratchnn"
        )
    if layers != L:
        raise ValueError(
            f"{path} records {layers!r} layers but holds {L}: the file is damaged"
        )
    if hidden is None and output is None:
        return None
    from .steps import _activation_names

    try:
        _activation_names(hidden, output)
    except (ValueError, TypeError) as err:
        raise ValueError(f"{path} records activations it cannot use: {err}") from None
    return hidden, output
