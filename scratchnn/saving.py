"""Save a trained network to a file and load it back.

Explained in the chapter "Many classes: softmax on handwritten digits".
"""

from __future__ import annotations

import contextlib
import errno
import io
import json
import math
import os
import stat
import struct
import tempfile
import zipfile
import zlib
from collections.abc import Iterator, Mapping
from typing import IO, Any, Literal, NamedTuple, cast

import numpy as np
from numpy.typing import NDArray

from ._checks import (
    Arguments,
    LimitError,
    validate_bytes,
    validate_params,
    validated_by,
)
from .cost import validate_activation_names
from .network import Network, recorded_activations

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
    path = os.fsdecode(os.fspath(path))
    if "\0" in path:
        raise ValueError(
            f"path {path!r} contains a NUL byte ('\\0'), which no file name may "
            "hold; build the name from ordinary characters"
        )
    return path


def _validate_save_params(path, params) -> Arguments:
    path = _file_name(path)
    # numpy would write a hidden file ".npz" (or "..npz") for these.
    if os.path.basename(path) in ("", ".", ".."):
        raise ValueError(f"path must name a file, such as 'net.npz'; got {path!r}")
    validate_params(params)
    for key, P in params.items():
        if isinstance(P, np.ma.MaskedArray):  # the file would lose the mask
            raise TypeError(
                f"params entry {key} is a masked array, and save_params would "
                f"lose its mask; save {key}.filled(value), or the mask separately"
            )
    hidden, output = recorded_activations(params)
    if hidden is not None:
        validate_activation_names(hidden, output)
    # What load_params would refuse to read back is refused here.
    validate_bytes(
        sum(P.nbytes for P in params.values()),
        f"params of {len(params) // 2} layers, saved,",
        "file_bytes",
    )
    path = path if path.endswith(".npz") else path + ".npz"
    real = os.path.realpath(path)  # a symbolic link is written through
    folder = os.path.dirname(real)
    if not os.path.isdir(folder):
        missing = not os.path.exists(folder)
        error = FileNotFoundError if missing else NotADirectoryError
        reason = "No such folder" if missing else "Not a directory"
        raise error(errno.ENOENT if missing else errno.ENOTDIR, reason, path)
    if os.path.isdir(real):
        raise IsADirectoryError(errno.EISDIR, "Is a directory", path)
    # Checked on the mode bits, not with os.access: root may write anything.
    with contextlib.suppress(FileNotFoundError):
        if not os.stat(real).st_mode & 0o222:
            raise PermissionError(
                errno.EACCES,
                "Read-only file (no write permission); make it writable "
                "(chmod u+w) or save under another name",
                path,
            )
    return {"path": real}


@validated_by(_validate_save_params)
def save_params(
    path: str | os.PathLike,
    params: Mapping[str, NDArray],
) -> None:
    """Save ``params`` to an ``.npz`` file, never half-written.

    The arrays go, in numpy's ``.npz`` format, to a temporary file beside
    ``path``, which replaces ``path`` only once it is complete and on disk:
    an interrupted save, a full disk or a failing rename leave the old file
    as it was. A symbolic link is written through (its target gets the
    network), and a read-only file is refused, not replaced.

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
        ``.`` or ``..``) or holds a NUL byte, ``params`` is not a valid
        network, or it is larger than the ``file_bytes`` limit (1 GiB,
        :func:`scratchnn.set_limits`), which load_params would refuse.
    TypeError
        If ``path`` is not a str, bytes or os.PathLike, or ``params`` is not a
        dict of float arrays, or holds a masked array (its mask would be lost).
    OSError
        If the file cannot be written, with ``path`` in the message: a missing
        folder (FileNotFoundError), a file where a folder should be
        (NotADirectoryError), a folder at ``path`` (IsADirectoryError), a
        read-only file (PermissionError, judged by its mode bits), a full
        disk; the old file, if any, is then left unchanged.
    """
    arrays: dict[str, Any] = {k: np.asarray(params[k]) for k in params}
    # Format, layer count and activations as JSON text: load_params
    # reads it back without unpickling anything.
    arrays[RECORD] = np.array(json.dumps(_record(params)))
    with _replaced_when_complete(path) as file:
        np.savez(file, **arrays)


def _record(params: Mapping[str, NDArray]) -> dict[str, object]:
    """What load_params checks the arrays against; None: a plain dict's defaults."""
    hidden, output = recorded_activations(params)
    return {"format": SAVE_FORMAT, "layers": len(params) // 2,
            "hidden_activation": hidden, "output_activation": output}  # fmt: skip


@contextlib.contextmanager
def _replaced_when_complete(path: str | os.PathLike) -> Iterator[IO[bytes]]:
    """A temporary file in path's folder that replaces path once written."""
    folder = os.path.dirname(os.path.abspath(path))
    mode = _mode_for(path)
    # A short name: path's own name may be as long as the system allows.
    fd, temporary = tempfile.mkstemp(prefix=".scratchnn-", suffix=".tmp", dir=folder)
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


def _mode_for(path: str | os.PathLike) -> int:
    """The old file's permissions, or those a new file gets (mkstemp's are 0600)."""
    with contextlib.suppress(OSError):
        return os.stat(path).st_mode & 0o7777
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


# What reading a damaged archive can raise, besides the ValueErrors below:
# zipfile raises NotImplementedError for an unknown compression method,
# RuntimeError for an encrypted member, OSError for a bad seek.
_UNREADABLE = (
    ValueError, EOFError, OSError, KeyError, NotImplementedError, RuntimeError,
    OverflowError, struct.error, zipfile.BadZipFile, zlib.error,
)  # fmt: skip


def _read_npz(content: bytes) -> tuple[dict[str, NDArray], Any]:
    """The arrays of an .npz archive held in memory, and its record or None
    (its zip signature was checked before reading)."""
    arrays, record = {}, None
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        _check_members_follow_one_another(archive, content)
        for info in archive.infolist():
            _check_declared_size(info, len(content))
        # Before inflating anything: a small file can expand a thousandfold.
        validate_bytes(
            sum(info.file_size for info in archive.infolist()),
            "its arrays, decompressed,",
        )
        for info in archive.infolist():
            key = info.filename.removesuffix(".npy")
            if key == info.filename or key in arrays:
                raise ValueError(f"member {info.filename!r} is not one array")
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
    order: Literal["F", "C"] = "F" if fortran else "C"
    return data.reshape(shape, order=order).copy(order=order)


def _check_record(record: Any, L: int, path: str) -> tuple[str, str] | None:
    """The activations the record holds, or None if it holds none."""
    if record is None:  # written before save_params kept a record
        return None
    try:
        record = json.loads(str(record[()]))
        version, layers = record["format"], record["layers"]
        hidden, output = record["hidden_activation"], record["output_activation"]
    except (ValueError, TypeError, KeyError, IndexError, RecursionError):
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
    try:
        validate_activation_names(hidden, output)
    except (ValueError, TypeError) as err:
        raise ValueError(f"{path} records activations it cannot use: {err}") from None
    return hidden, output


def _not_a_network(path: str, cause: object) -> ValueError:
    return ValueError(
        f"{path} is not a network written by save_params: load_params reads "
        ".npz archives of numeric arrays only, and never loads pickled "
        f"objects, since unpickling a file can run arbitrary code ({cause}); "
        "if save_params wrote it, it is damaged or truncated"
    )


def _read_regular_file(path: str) -> bytes:
    """The bytes of the regular file ``path``, after checking its kind, its
    size and its first bytes, so that nothing blocks or floods memory."""
    info = os.stat(path)  # FileNotFoundError; follows a symbolic link
    if stat.S_ISDIR(info.st_mode):
        raise IsADirectoryError(errno.EISDIR, "Is a directory", path)
    if not stat.S_ISREG(info.st_mode):  # a FIFO would block, /dev/zero flood
        raise ValueError(
            f"{path} is not a regular file (it is a pipe, a device or a socket); "
            "load_params reads .npz files written by save_params"
        )
    validate_bytes(info.st_size, f"{path}, of {info.st_size} bytes,", "file_bytes")
    with open(path, "rb") as file:
        if not file.read(4).startswith(b"PK"):
            raise _not_a_network(path, "it is not a zip archive")
        file.seek(0)
        return file.read(info.st_size + 1)  # never more than was checked


def _validate_load_params(path) -> Arguments:
    """Reads the file once and checks it holds a network; returns, as
    ``path``, a SavedFile with what it holds."""
    path = _file_name(path)
    if not path.endswith(".npz") and os.path.exists(path + ".npz"):
        path += ".npz"  # save_params("net") wrote net.npz, whatever "net" is
    content = _read_regular_file(path)
    try:
        arrays, record = _read_npz(content)
    except LimitError as err:
        raise LimitError(f"{path}: {err}") from None
    except _UNREADABLE as err:
        raise _not_a_network(path, err) from None
    L = validate_params(arrays, f"{path}: params")
    activations = _check_record(record, L, path)
    return {"path": SavedFile(path, arrays, activations)}


@validated_by(_validate_load_params)
def load_params(path: str | os.PathLike) -> dict[str, NDArray]:
    """Load a network saved by :func:`save_params`.

    Parameters
    ----------
    path : str, bytes or os.PathLike
        The ``.npz`` file; as with :func:`save_params`, ``.npz`` may be left
        off the name: ``load_params("net")`` reads ``net.npz`` when it exists,
        as ``save_params("net")`` wrote it.

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
        If the file is not a regular file (a pipe, a device), is larger than
        the ``file_bytes`` limit or its arrays decompress to more than the
        ``memory`` limit (1 GiB each, :func:`scratchnn.set_limits`), checked
        before reading; or it cannot be read as a saved network, with its
        name and the cause: it is not an ``.npz`` archive of ``.npy``
        arrays (a ``.npy`` file, a text file), it is damaged or truncated (a
        member's header promises more data than the member holds, a checksum
        fails), it holds pickled objects (they are never loaded, since
        unpickling a file can run arbitrary code), its record is not one
        scratchnn wrote, or its arrays do not form a valid network (wrong
        keys, layers that do not chain).
    TypeError
        If its arrays do not hold floats.
    """
    # The door read the file once and checked it: path arrives as a SavedFile.
    saved = cast(SavedFile, path)
    # --- build the network
    # A file that records activations held a Network; one without, a
    # plain dict, for which the functions use their defaults.
    params, activations = saved.params, saved.activations
    return Network(params, *activations) if activations else params
