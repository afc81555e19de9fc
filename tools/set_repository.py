"""Point the book at its public repository and write every notebook's install cell.

Usage::

    python -m tools.set_repository                      # rewrite the install cells
    python -m tools.set_repository https://github.com/OWNER/NAME
    python -m tools.set_repository --ref v0.2.0         # install from a release tag
    make set-repository URL=https://github.com/OWNER/NAME REF=v0.2.0

``_config.yml`` holds the two settings: ``repository.url`` (the book's
repository, edit, issue and launch buttons read it too) and
``repository.install_ref`` (the branch or tag the install cell installs from).
A URL or ``--ref`` given here is written there first. Then the first code cell
of every notebook in book/, the hidden install cell, is rewritten from the
template in ``tools/notebooks.py`` with those two values (cells in an older form
are replaced too), and a new URL replaces the old one in README.md,
CONTRIBUTING.md, SECURITY.md and .github/ISSUE_TEMPLATE/config.yml. Without
arguments only the install cells are rewritten, so run it after changing the
template or merging notebooks. ``tests/test_notebooks.py``
checks that all of them agree.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import nbformat

from tools.notebooks import (
    BOOK,
    INSTALL_TAG,
    ROOT,
    cell_source,
    install_cell_source,
    install_ref,
    is_install_cell,
    repository_url,
    set_install_ref,
    set_repository_url,
)

_URL = re.compile(r"^https://[\w.-]+(/[\w.-]+)+$")
# What git accepts as a branch or tag name, restricted to what a pip URL keeps.
_REF = re.compile(r"^[\w][\w./-]*$")


def write_install_cells(
    url: str, ref: str, book: Path = BOOK
) -> tuple[list[Path], list[Path]]:
    """Rewrite the install cell of every notebook in `book` for `url` at `ref`.

    Returns the notebooks that changed and those that have no install cell.
    """
    source = install_cell_source(url, ref)
    changed, missing = [], []
    for path in sorted(book.glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        cells = [c for c in nb.cells if is_install_cell(c)]
        if not cells:
            missing.append(path)
            continue
        touched = False
        for cell in cells:
            tags = cell.metadata.setdefault("tags", [])
            if cell_source(cell) != source or INSTALL_TAG not in tags:
                cell.source = source
                if INSTALL_TAG not in tags:
                    tags.append(INSTALL_TAG)
                touched = True
        if touched:
            nbformat.write(nb, path)
            changed.append(path)
    return changed, missing


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "url", nargs="?", help="for example https://github.com/OWNER/NAME"
    )
    parser.add_argument(
        "--ref", help="branch or tag to install from, for example main or v0.2.0"
    )
    args = parser.parse_args(argv)

    changed = []
    old_url = repository_url()
    url = old_url
    if args.url:
        url = args.url.rstrip("/").removesuffix(".git")
        if not _URL.match(url):
            parser.error(
                f"expected a URL like https://github.com/OWNER/NAME, got {args.url!r}"
            )
        set_repository_url(url)
        changed.append("_config.yml")
    ref = install_ref()
    if args.ref:
        if not _REF.match(args.ref):
            parser.error(f"expected a branch or tag such as v0.2.0, got {args.ref!r}")
        ref = args.ref
        set_install_ref(ref)
        changed.append("_config.yml")

    notebooks, missing = write_install_cells(url, ref)
    changed += [str(p.relative_to(ROOT)) for p in notebooks]
    for doc in (
        "README.md",
        "CONTRIBUTING.md",
        "SECURITY.md",
        ".github/ISSUE_TEMPLATE/config.yml",
    ):
        path = ROOT / doc
        text = path.read_text(encoding="utf-8") if path.exists() else ""
        if old_url != url and old_url in text:
            path.write_text(text.replace(old_url, url), encoding="utf-8")
            changed.append(doc)

    print(f"install cell: scratchnn[book] @ git+{url}@{ref}")
    for name in dict.fromkeys(changed):
        print(f"  updated {name}")
    for path in missing:
        print(
            f"  {path.relative_to(ROOT)} has no install cell: copy one from another "
            "notebook (CONTRIBUTING.md, 'Notebook rules')",
            file=sys.stderr,
        )
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
