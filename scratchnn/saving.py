"""Save a trained network to a file and load it back.

Explained in the chapter "Many classes: softmax on handwritten digits".
"""

from __future__ import annotations

import os
from collections.abc import Mapping

import numpy as np
from numpy.typing import NDArray

from ._validation import validated_by
from ._validation.data import validate_load_params, validate_save_params


@validated_by(validate_save_params)
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
    np.savez(path, **{k: np.asarray(v) for k, v in params.items()})


@validated_by(validate_load_params)
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
    # The guard has read the file and checked that it holds a network, under
    # the name given or the one save_params gave it.
    with np.load(path, allow_pickle=False) as data:
        return {k: data[k] for k in data.files}
