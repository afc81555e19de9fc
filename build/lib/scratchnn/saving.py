"""Save a trained network to a file and load it back.

Explained in the chapter "Many classes: softmax on handwritten digits".
"""

from __future__ import annotations

import os
import zipfile
import zlib
from collections.abc import Mapping

import numpy as np
from numpy.typing import NDArray

from ._validation import validate_params


def save_params(path: str | os.PathLike, params: Mapping[str, NDArray]) -> None:
    """Save ``params`` to ``path`` in numpy's ``.npz`` format.

    Parameters
    ----------
    path : str or os.PathLike
        The file to write; numpy adds ``.npz`` if the name lacks it.
    params : dict of str to ndarray
        A valid network, ``W1, b1, ..., WL, bL``.

    Raises
    ------
    ValueError
        If ``path`` does not name a file (it is empty or ends in a separator,
        ``.`` or ``..``) or ``params`` is not a valid network.
    TypeError
        If ``path`` is not a str or os.PathLike, or ``params`` is not a dict
        of float arrays.
    """
    # numpy would write a hidden file ".npz" (or "..npz") for these.
    if os.path.basename(os.fsdecode(path)) in ("", ".", ".."):
        raise ValueError(f"path must name a file, such as 'net.npz'; got {path!r}")
    validate_params(params)
    np.savez(path, **{k: np.asarray(v) for k, v in params.items()})


def load_params(path: str | os.PathLike) -> dict[str, NDArray]:
    """Load a network saved by :func:`save_params`.

    Parameters
    ----------
    path : str or os.PathLike
        The ``.npz`` file; as with :func:`save_params`, ``.npz`` may be left
        off the name.

    Returns
    -------
    dict of str to ndarray
        ``W1, b1, ..., WL, bL``.

    Raises
    ------
    FileNotFoundError
        If neither ``path`` nor ``path + ".npz"`` exists.
    IsADirectoryError
        If ``path`` is a directory and ``path + ".npz"`` is not a file.
    ValueError
        If the file is not an ``.npz`` archive of numeric arrays (a ``.npy``
        file, a text file, a damaged archive), it holds pickled objects (they
        are never loaded, since unpickling a file can run arbitrary code), or
        its arrays do not form a valid network (wrong keys or shapes).
    TypeError
        If its arrays do not hold floats.
    """
    path = os.fspath(path)
    if not os.path.isfile(path) and os.path.isfile(path + ".npz"):
        path += ".npz"  # save_params("net") wrote net.npz
    try:
        # Opened here, not by np.load, which leaves a broken archive open.
        with open(path, "rb") as file:
            data = np.load(file, allow_pickle=False)
            if not isinstance(data, np.lib.npyio.NpzFile):  # a .npy's one array
                raise ValueError("not an .npz archive")
            params = {k: data[k] for k in data.files}
    # numpy's message for a pickle suggests allow_pickle=True: never do that.
    except (ValueError, EOFError, zipfile.BadZipFile, zlib.error):
        raise ValueError(
            f"{path} is not a network written by save_params: load_params reads "
            ".npz archives of numeric arrays only, and never loads pickled "
            "objects, since unpickling a file can run arbitrary code"
        ) from None
    validate_params(params)
    return params
