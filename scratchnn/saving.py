"""Save a trained network to a file and load it back.

Explained in the chapter "Many classes: softmax on handwritten digits".
"""

from __future__ import annotations

import os
from collections.abc import Mapping

import numpy as np
from numpy.typing import NDArray

from ._checks import check_params


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
        If ``params`` is not a valid network.
    """
    check_params(params)
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
    ValueError
        If the file's arrays do not form a valid network (wrong keys or
        shapes), or it holds pickled objects: they are never loaded, since
        unpickling a file can run arbitrary code.
    """
    path = os.fspath(path)
    if not os.path.exists(path) and os.path.exists(path + ".npz"):
        path += ".npz"  # save_params("net") wrote net.npz
    with np.load(path, allow_pickle=False) as data:
        params = {k: data[k] for k in data.files}
    check_params(params)
    return params
