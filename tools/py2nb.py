"""Turn a chapter drafted as a py:percent file into a notebook for the book.

Usage::

    python -m tools.py2nb SRC.py book/NN_name.ipynb

The source format is the "percent" format that Jupytext, VS Code and Spyder
understand::

    # %% [markdown]
    # # Initialise the parameters
    #
    # Some text with math $W^{[1]}$.

    # %% tags=["hide-input"]
    print(inspect.getsource(init_params))

    # %%
    params = init_params([2, 3, 1], seed=0)

A cell starts at a line ``# %%``; ``[markdown]`` makes it a markdown cell whose
lines lose their leading ``# ``; ``tags=[...]`` (a JSON list) sets the cell's
tags. The notebook gets the python3 kernelspec and the hidden install cell
(before the first code cell, unless the source has one), written from the
template in ``tools/notebooks.py`` with the URL and ref of ``_config.yml``. It
is written *not* executed: run ``python -m tools.execute book/NN_name.ipynb``
(or ``make execute``) next, and commit the executed notebook. The .py draft is
scaffolding: keep it outside the repository; the notebook is the one source of
the chapter.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from tools.notebooks import (
    INSTALL_TAG,
    KERNELSPEC,
    collapse_solutions,
    install_cell_source,
    install_ref,
    is_install_cell,
    repository_url,
)

_MARKER = re.compile(r"^# %%(?P<rest>.*)$")
_KIND = re.compile(r"\[(?P<kind>markdown|md|code)\]")
_TAGS = re.compile(r"tags\s*=\s*(?P<tags>\[.*?\])")


def _parse_marker(rest: str, lineno: int) -> tuple[str, list[str]]:
    kind_match = _KIND.search(rest)
    kind = (
        "markdown"
        if kind_match and kind_match["kind"] in ("markdown", "md")
        else "code"
    )
    tags: list[str] = []
    tags_match = _TAGS.search(rest)
    if tags_match:
        try:
            tags = json.loads(tags_match["tags"])
        except json.JSONDecodeError as err:
            raise ValueError(
                f"line {lineno}: tags must be a JSON list such as "
                f'tags=["hide-input"], got {tags_match["tags"]!r}'
            ) from err
    return kind, tags


def _uncomment(lines: list[str], lineno: int) -> list[str]:
    out = []
    for offset, line in enumerate(lines):
        if line.startswith("# "):
            out.append(line[2:])
        elif line.rstrip() == "#" or line.strip() == "":
            out.append("")
        else:
            raise ValueError(
                f"line {lineno + offset}: a markdown line must start with '# ', "
                f"got {line!r}"
            )
    return out


def _trim(lines: list[str]) -> list[str]:
    while lines and not lines[0].strip():
        lines = lines[1:]
    while lines and not lines[-1].strip():
        lines = lines[:-1]
    return lines


def parse_percent(text: str) -> list[nbformat.NotebookNode]:
    """Return the cells of a py:percent source text."""
    cells = []
    kind, tags, start, body = "code", [], 1, []

    def flush() -> None:
        lines = _trim(body)
        if kind == "markdown":
            lines = _trim(_uncomment(lines, start + 1))
        if not lines and kind == "code" and not tags:
            return
        source = "\n".join(lines)
        cell = (
            new_markdown_cell(source) if kind == "markdown" else new_code_cell(source)
        )
        if tags:
            cell.metadata["tags"] = tags
        cells.append(cell)

    for lineno, line in enumerate(text.splitlines(), start=1):
        match = _MARKER.match(line)
        if match:
            flush()
            kind, tags = _parse_marker(match["rest"], lineno)
            start, body = lineno, []
        else:
            body.append(line)
    flush()
    return cells


def build_notebook(text: str, url: str, ref: str) -> nbformat.NotebookNode:
    """Return an unexecuted notebook with kernelspec python3 and the install cell.

    The install cell installs ``scratchnn[book] @ git+{url}@{ref}``.
    """
    cells = parse_percent(text)
    if not any(is_install_cell(c) for c in cells):
        install = new_code_cell(install_cell_source(url, ref))
        install.metadata["tags"] = [INSTALL_TAG]
        first_code = next(
            (i for i, c in enumerate(cells) if c.cell_type == "code"), len(cells)
        )
        cells.insert(first_code, install)
    nb = new_notebook(cells=cells)
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    # language_info comes from the kernel when the chapter is executed
    # (python -m tools.execute), as every chapter must be before it is committed.
    nb.metadata["language_info"] = {"name": "python"}
    collapse_solutions(nb)
    # Stable cell ids keep the diff small when a draft is converted again.
    for index, cell in enumerate(nb.cells):
        cell["id"] = f"cell-{index:03d}"
    nbformat.validate(nb)
    return nb


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="py:percent file")
    parser.add_argument("notebook", type=Path, help="notebook to write (.ipynb)")
    args = parser.parse_args(argv)
    if args.notebook.suffix != ".ipynb":
        parser.error(f"the output must end in .ipynb, got {args.notebook}")
    try:
        nb = build_notebook(
            args.source.read_text(encoding="utf-8"), repository_url(), install_ref()
        )
    except ValueError as err:
        print(f"{args.source}: {err}", file=sys.stderr)
        return 1
    nbformat.write(nb, args.notebook)
    print(f"wrote {args.notebook} ({len(nb.cells)} cells, not executed)")
    print(f"next: python -m tools.execute {args.notebook}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
