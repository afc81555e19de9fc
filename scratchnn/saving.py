"""Save a trained network to a file and load it back.

Explained in the chapter "Many classes: softmax on handwritten digits".
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Iterator, Mapping
from typing import IO

import numpy as np
from numpy.typing import NDArray

from ._validation import validated_by
from ._validation.data import (
    RECORD,
    SAVE_FORMAT,
    validate_load_params,
    validate_save_params,
)
from .network import Network, _recorded_activations


@validated_by(validate_save_params)
def save_params(path: str | os.PathLike, params: Mapping[str, NDArray]) -> None:
    """Save ``params`` to ``path`` in numpy's ``.npz`` format, never half-written.

    The arrays go to a temporary file beside ``path``, which replaces ``path``
    only once it is complete and on disk: an interrupted save, a full disk or
    a failing rename leave the old file as it was.

    Parameters
    ----------
    path : str, bytes or os.PathLike
        The file to write; ``.npz`` is added if the name lacks it.
    params : dict of str to ndarray
        A valid network, ``W1, b1, ..., WL, bL``. A :class:`scratchnn.Network`
        (what :func:`scratchnn.model` returns) also has its activations saved.

    Raises
    ------
    ValueError
        If ``path`` does not name a file (it is empty or ends in a separator,
        ``.`` or ``..``) or ``params`` is not a valid network.
    TypeError
        If ``path`` is not a str, bytes or os.PathLike, or ``params`` is not a
        dict of float arrays.
    OSError
        If the file cannot be written (a missing folder, a full disk); the old
        file, if any, is then left unchanged.
    """
    arrays = {k: np.asarray(v) for k, v in params.items()}
    # Format, layer count and activations as JSON: read back without unpickling.
    arrays[RECORD] = np.array(json.dumps(_record(params)))
    with _replaced_when_complete(path) as file:
        np.savez(file, **arrays)


def _record(params: Mapping[str, NDArray]) -> dict[str, object]:
    """What load_params checks the arrays against; None: a plain dict's defaults."""
    hidden, output = _recorded_activations(params)
    return {"format": SAVE_FORMAT, "layers": len(params) // 2,
            "hidden_activation": hidden, "output_activation": output}  # fmt: skip


@contextlib.contextmanager
def _replaced_when_complete(path: str) -> Iterator[IO[bytes]]:
    """A temporary file in path's folder that replaces path once written."""
    folder, name = os.path.split(os.path.abspath(path))
    mode = _mode_for(path)
    fd, temporary = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as file:
            yield file
            file.flush()
            os.fsync(file.fileno())  # on disk before it takes the old file's place
        os.chmod(temporary, mode)
        os.replace(temporary, path)  # atomic: readers see the old file or the new
    except BaseException:  # KeyboardInterrupt too: never leave the temporary
        with contextlib.suppress(OSError):
            os.remove(temporary)
        raise


def _mode_for(path: str) -> int:
    """The old file's permissions, or those a new file gets (mkstemp's are 0600)."""
    with contextlib.suppress(OSError):
        return os.stat(path).st_mode & 0o7777
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


@validated_by(validate_load_params)
def load_params(path: str | os.PathLike) -> dict[str, NDArray]:
    """Load a network saved by :func:`save_params`.

    Parameters
    ----------
    path : str, bytes or os.PathLike
        The ``.npz`` file; as with :func:`save_params`, ``.npz`` may be left
        off the name.

    Returns
    -------
    Network or dict of str to ndarray
        ``W1, b1, ..., WL, bL``: a :class:`scratchnn.Network` with the saved
        activations if the file records them (a ``Network`` was saved), a
        plain dict otherwise (a plain dict was saved, or the file was written
        by an older scratchnn), for which the functions use their defaults.

    Raises
    ------
    FileNotFoundError
        If neither ``path`` nor ``path + ".npz"`` exists.
    IsADirectoryError
        If ``path`` is a directory and ``path + ".npz"`` is not a file.
    ValueError
        If the file cannot be read as a saved network, with its name and the
        cause: it is not an ``.npz`` archive of numeric arrays (a ``.npy``
        file, a text file), it is damaged or truncated (a member's header
        promises more data than the member holds, a checksum fails), it holds
        pickled objects (they are never loaded, since unpickling a file can
        run arbitrary code), its record is not one scratchnn wrote, or its
        arrays do not form a valid network (wrong keys, layers that do not
        chain).
    TypeError
        If its arrays do not hold floats.
    """
    # The guard has read the file once and checked it: path comes back as
    # what the file holds.
    params, activations = path.params, path.activations
    return Network(params, *activations) if activations else params
