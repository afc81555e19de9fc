"""Point the book at its public repository.

Usage::

    python tools/set_repository.py https://github.com/OWNER/NAME
    make set-repository URL=https://github.com/OWNER/NAME

Writes ``repository.url`` in ``_config.yml`` (the one setting that names the
repository: the book's repository, edit, issue and launch buttons read it) and
rewrites the URL in the hidden install cell of every notebook in book/ (so that
a reader on Colab installs the package from there) and in README.md and
CONTRIBUTING.md. The test ``tests/test_notebooks.py`` checks that they agree.
"""

from __future__ import annotations

import argparse
import re
import sys

import nbformat
from nbtools import (
    BOOK,
    INSTALL_URL,
    ROOT,
    cell_source,
    is_install_cell,
    repository_url,
)
from nbtools import set_repository_url as write_config_url

_URL = re.compile(r"^https://[\w.-]+(/[\w.-]+)+$")


def update_notebooks(url: str) -> list[str]:
    changed = []
    for path in sorted(BOOK.glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        touched = False
        for cell in nb.cells:
            if is_install_cell(cell):
                new = INSTALL_URL.sub(f'"scratchnn @ git+{url}"', cell_source(cell))
                if new != cell_source(cell):
                    cell.source = new
                    touched = True
        if touched:
            nbformat.write(nb, path)
            changed.append(str(path.relative_to(ROOT)))
    return changed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url", help="for example https://github.com/OWNER/NAME")
    args = parser.parse_args(argv)
    url = args.url.rstrip("/").removesuffix(".git")
    if not _URL.match(url):
        parser.error(
            f"expected a URL like https://github.com/OWNER/NAME, got {args.url!r}"
        )
    old = repository_url()
    write_config_url(url)
    changed = ["_config.yml", *update_notebooks(url)]
    for doc in ("README.md", "CONTRIBUTING.md"):
        path = ROOT / doc
        text = path.read_text(encoding="utf-8") if path.exists() else ""
        if old != url and old in text:
            path.write_text(text.replace(old, url), encoding="utf-8")
            changed.append(doc)
    print(f"repository: {old} -> {url}")
    for name in changed:
        print(f"  updated {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
