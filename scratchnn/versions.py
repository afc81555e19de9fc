"""What a bug report needs to know about the machine: ``show_versions()``."""

from __future__ import annotations

import importlib.metadata
import platform
import sys

# Installed only for some chapters or features; reported when present.
_OPTIONAL = ("scikit-learn", "IPython", "tqdm", "threadpoolctl")


def _version(distribution: str) -> str | None:
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return None


def _blas() -> list[dict[str, str]]:
    """numpy's BLAS libraries as threadpoolctl sees them, or [] without it."""
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        return []
    import numpy  # noqa: F401  (its BLAS is loaded, and seen, from here on)

    return [
        {
            "library": str(info.get("internal_api", "?")),
            "version": str(info.get("version") or "?"),
            "kernel": str(info.get("architecture") or "?"),
            "threads": str(info.get("num_threads", "?")),
            "path": str(info.get("filepath", "?")),
        }
        for info in threadpool_info()
        if info.get("user_api") == "blas"
    ]


def _versions() -> dict[str, str]:
    """The versions that ``show_versions`` prints, as a dict of text lines."""
    # The package itself is loaded before any of its modules, this one
    # included: its version is read there, not imported (an import of the
    # package from inside it would be a cycle).
    found = {
        "scratchnn": sys.modules[__package__].__version__,
        "python": sys.version.replace("\n", " "),
        "platform": platform.platform(),
        "machine": platform.machine(),
        "numpy": _version("numpy") or "not installed",
        "matplotlib": _version("matplotlib") or "not installed",
    }
    for name in _OPTIONAL:
        found[name] = _version(name) or "not installed"
    blas = _blas()
    if not blas:
        found["BLAS"] = (
            "unknown (install threadpoolctl to see it)"
            if found["threadpoolctl"] == "not installed"
            else "none found"
        )
    for i, info in enumerate(blas):
        key = "BLAS" if i == 0 else f"BLAS {i + 1}"
        found[key] = (
            f"{info['library']} {info['version']}, kernel {info['kernel']}, "
            f"{info['threads']} threads ({info['path']})"
        )
    return found


def show_versions() -> None:
    """Print the versions of scratchnn, Python, numpy, matplotlib and the BLAS.

    Paste its output into a bug report: it names the Python, the platform,
    numpy and matplotlib, the BLAS library numpy uses with its kernel and
    thread count (through threadpoolctl, where installed), and scikit-learn,
    IPython and tqdm where installed. A chapter's printed numbers can differ
    in their last digits with another BLAS kernel.

    Examples
    --------
    >>> import scratchnn
    >>> scratchnn.show_versions()  # doctest: +SKIP
    scratchnn     : 0.3.0
    python        : 3.11.7 (main, ...) [GCC 12.2.0]
    ...
    """
    found = _versions()
    width = max(map(len, found))
    for name, value in found.items():
        print(f"{name:<{width}} : {value}")
