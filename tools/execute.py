"""Execute the book's notebooks in place, each in a fresh python3 kernel.

Usage::

    python -m tools.execute                  # every notebook, in _toc.yml order
    python -m tools.execute book/03_forward.ipynb [...]

The kernel starts in book/, as in the book build and in nbval, so a notebook's
relative paths mean the same everywhere. Outputs are stored with execution
counts 1..n; the per-cell timing metadata is left out, and the metadata
JupyterLab would write on opening the notebook (the kernel's whole
``language_info``, version included) is stored, so that opening a chapter does
not mark it modified; solution cells are stored collapsed
(``tools.notebooks.normalise``). A cell
that raises stops the run (unless it is tagged ``raises-exception``) and the
notebook is left unchanged on disk.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from tools.notebooks import (
    BOOK,
    KERNELSPEC,
    ROOT,
    normalise,
    resolve_toc_file,
    toc_files,
)

TIMEOUT = 600  # seconds per cell; training loops in the later chapters take a while


def book_notebooks() -> list[Path]:
    """Every notebook of book/, in the order of _toc.yml, then any others."""
    in_toc = [resolve_toc_file(entry) for entry in toc_files()]
    ordered = [p for p in in_toc if p is not None and p.suffix == ".ipynb"]
    rest = sorted(set(BOOK.glob("*.ipynb")) - set(ordered))
    return ordered + rest


def _show(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def coalesce_streams(outputs: list) -> list:
    """Join consecutive prints to the same stream into one output.

    The kernel sends a cell's prints in pieces that depend on timing, so the
    same cell can store one output or two; nbval joins them before comparing,
    and joining them here keeps a re-run from changing the file for nothing.
    """
    joined: list = []
    for output in outputs:
        previous = joined[-1] if joined else None
        if (
            output.output_type == "stream"
            and previous is not None
            and previous.output_type == "stream"
            and previous.name == output.name
        ):
            previous.text += output.text
        else:
            joined.append(output)
    return joined


def execute(path: Path, timeout: int = TIMEOUT) -> None:
    nb = nbformat.read(path, as_version=4)
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        record_timing=False,
        resources={"metadata": {"path": str(BOOK)}},
    )
    client.execute()
    # What the kernel reported (nbclient stores its kernel_info reply): the
    # same JupyterLab writes on opening the notebook, so opening it changes
    # nothing. Solutions are stored collapsed for JupyterLab.
    normalise(nb, nb.metadata["language_info"])
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        if cell.cell_type == "code":
            cell.outputs = coalesce_streams(cell.outputs)
    nbformat.validate(nb)
    nbformat.write(nb, path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path)
    parser.add_argument("--timeout", type=int, default=TIMEOUT, help="seconds per cell")
    args = parser.parse_args(argv)
    paths = [p.resolve() for p in args.notebooks] or book_notebooks()
    # A cold matplotlib font cache prints a message into the first figure's
    # output: build it here, before any kernel starts.
    import matplotlib.pyplot  # noqa: F401

    failed = []
    for path in paths:
        start = time.perf_counter()
        try:
            execute(path, args.timeout)
        except CellExecutionError as err:
            print(f"FAILED {_show(path)}\n{err}", file=sys.stderr)
            failed.append(path)
            continue
        print(f"executed {_show(path)} in {time.perf_counter() - start:.1f} s")
    if failed:
        print(f"{len(failed)} notebook(s) failed, left unchanged", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
