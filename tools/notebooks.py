"""Helpers shared by the notebook tools and the notebook hygiene test.

The book's notebooks all start with the same hidden *install cell*: where
``scratchnn`` does not import (Colab, a plain Jupyter anywhere) it installs the
package with the book's extras from the book's repository; where it imports
(``make lab``, Binder, the book build, nbval) it does nothing and prints
nothing. The cell installs ``scratchnn[book] @ git+URL@REF`` with the URL and the
ref of ``_config.yml`` (``repository.url`` and ``repository.install_ref``), the
single place that names them; ``python -m tools.set_repository`` writes the cells.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BOOK = ROOT / "book"
CONFIG = ROOT / "_config.yml"
TOC = ROOT / "_toc.yml"

INSTALL_TAG = "remove-cell"
# Keep it short: a learner on Colab sees this cell, and ruff formats the
# notebooks at 72 columns (book/ruff.toml): every line but the %pip one must
# fit, or `make format` rewrites the cell and it no longer matches. `%pip`
# prints its own "Note: you may need to restart the kernel" line after
# installing; nothing has imported scratchnn yet, so no restart is needed.
INSTALL_CELL = """\
# Without scratchnn (Colab, a plain Jupyter), install it with extras.
import importlib.util

if importlib.util.find_spec("scratchnn") is None:
    print("Installing scratchnn[book] from the repository ({ref})...")
    %pip install --quiet "scratchnn[book] @ git+{url}@{ref}"
"""
# Recognises the install cell in its current form and in earlier ones (which
# installed on Colab only), so that the tool can rewrite old cells too.
_INSTALL_LINE = re.compile(r"^\s*%pip install\b.*\bscratchnn\b", re.M)
# A pip requirement that installs scratchnn from a git URL, in a notebook or in
# the docs: group 1 is the URL, group 2 the ref (if any).
INSTALL_URL = re.compile(
    r'"scratchnn(?:\[[\w,]+\])? @ git\+(https://[^"@\s]+?)(?:@([^"@\s]+))?"'
)
# A ref that names a release: it must be "v" + scratchnn.__version__.
VERSION_TAG = re.compile(r"^v\d+(\.\d+)+\S*$")

# Only `repository: url:` and `repository: install_ref:` are read or written
# here, without a YAML library, so that the comments in _config.yml survive a
# rewrite.


def _repository_key(key: str) -> re.Pattern[str]:
    return re.compile(
        rf"^(repository:[ \t]*\n(?:[ \t]+.*\n|[ \t]*\n)*?[ \t]+{key}:[ \t]*)(\S+)",
        re.M,
    )


_REPO_URL = _repository_key("url")
_INSTALL_REF = _repository_key("install_ref")

KERNELSPEC = {
    "display_name": "Python 3 (ipykernel)",
    "language": "python",
    "name": "python3",
}
#: The fields of ``language_info`` that ipykernel reports in its kernel_info
#: reply. JupyterLab writes the kernel's reply into a notebook it opens: a
#: stored copy that lacks any of them (``version`` above all) is marked
#: modified at once and autosave rewrites the tracked file. So every notebook
#: stores the whole reply of the kernel that executed it (tools/execute.py).
LANGUAGE_INFO_KEYS = frozenset(
    {
        "codemirror_mode",
        "file_extension",
        "mimetype",
        "name",
        "nbconvert_exporter",
        "pygments_lexer",
        "version",
    }
)

#: Cell metadata that makes JupyterLab show a cell collapsed: the code of a
#: solution stays out of sight until the learner clicks its bar. The book
#: ignores it (sphinx-exercise's dropdown hides the solution there).
COLLAPSED = {"source_hidden": True, "outputs_hidden": True}


def _read(pattern: re.Pattern[str], name: str, config: Path) -> str:
    match = pattern.search(config.read_text(encoding="utf-8"))
    if match is None:
        raise ValueError(f"{config} has no 'repository: {name}:' setting")
    return match.group(2).strip("\"'")


def _write(pattern: re.Pattern[str], name: str, value: str, config: Path) -> None:
    text = config.read_text(encoding="utf-8")
    new, count = pattern.subn(lambda m: m.group(1) + value, text, count=1)
    if count != 1:
        raise ValueError(f"{config} has no 'repository: {name}:' setting")
    config.write_text(new, encoding="utf-8")


def repository_url(config: Path = CONFIG) -> str:
    """Return ``repository.url`` from ``_config.yml``."""
    return _read(_REPO_URL, "url", config)


def set_repository_url(url: str, config: Path = CONFIG) -> None:
    """Write ``repository.url`` into ``_config.yml``, keeping everything else."""
    _write(_REPO_URL, "url", url, config)


def install_ref(config: Path = CONFIG) -> str:
    """Return ``repository.install_ref``: the branch or tag the install cell uses."""
    return _read(_INSTALL_REF, "install_ref", config)


def set_install_ref(ref: str, config: Path = CONFIG) -> None:
    """Write ``repository.install_ref`` into ``_config.yml``, keeping the rest."""
    _write(_INSTALL_REF, "install_ref", ref, config)


def install_cell_source(url: str, ref: str) -> str:
    """Return the source of the install cell for repository `url` at `ref`."""
    return INSTALL_CELL.format(url=url, ref=ref).rstrip("\n")


def cell_source(cell: dict) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def is_install_cell(cell: dict) -> bool:
    """Whether `cell` is an install cell, in the current form or an older one."""
    return cell.get("cell_type") == "code" and bool(
        _INSTALL_LINE.search(cell_source(cell))
    )


def toc_files(toc: Path = TOC) -> list[str]:
    """Return the ``file:`` entries of ``_toc.yml`` in reading order, root first."""
    import yaml

    data = yaml.safe_load(toc.read_text(encoding="utf-8"))
    files = [data["root"]]

    def walk(entries: list[dict]) -> None:
        for entry in entries or []:
            if "file" in entry:
                files.append(entry["file"])
            for key in ("chapters", "sections"):
                walk(entry.get(key))

    walk(data.get("parts", []))
    walk(data.get("chapters", []))
    return [str(Path(f).with_suffix("")) for f in files]


def resolve_toc_file(entry: str, root: Path = ROOT) -> Path | None:
    """Return the file of a toc entry (``book/intro`` -> ``book/intro.ipynb``)."""
    for suffix in (".ipynb", ".md"):
        path = root / f"{entry}{suffix}"
        if path.exists():
            return path
    return None


def kernel_language_info(kernel_name: str = "python3") -> dict:
    """Return ``language_info`` as a fresh `kernel_name` kernel reports it."""
    from jupyter_client.manager import start_new_kernel

    manager, client = start_new_kernel(kernel_name=kernel_name)
    try:
        reply = client.kernel_info(reply=True, timeout=60)
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)
    return reply["content"]["language_info"]


def solution_code_cells(cells: list) -> list:
    """The code cells of gated solutions (between solution-start and -end)."""
    found, inside = [], False
    for cell in cells:
        source = cell_source(cell)
        if cell["cell_type"] == "markdown" and "{solution-start}" in source:
            inside = True
        elif cell["cell_type"] == "markdown" and "{solution-end}" in source:
            inside = False
        elif inside and cell["cell_type"] == "code":
            found.append(cell)
    return found


def collapse_solutions(nb: dict) -> None:
    """Store every solution's code cells collapsed for JupyterLab, in place."""
    for cell in solution_code_cells(nb["cells"]):
        cell["metadata"].setdefault("jupyter", {}).update(COLLAPSED)


def normalise(nb: dict, language_info: dict) -> None:
    """Metadata every stored notebook carries, whoever executed it, in place.

    The kernelspec, the kernel's whole ``language_info`` and collapsed
    solutions; nothing here touches a cell's source or outputs.
    """
    nb["metadata"]["kernelspec"] = dict(KERNELSPEC)
    nb["metadata"]["language_info"] = dict(language_info)
    collapse_solutions(nb)


def main(argv: list[str] | None = None) -> int:
    """Normalise the metadata of notebooks in place without executing them."""
    import argparse

    import nbformat

    parser = argparse.ArgumentParser(
        description="Write the kernel's language_info and collapsed solutions "
        "into notebooks (every notebook of book/ by default), without running them."
    )
    parser.add_argument("notebooks", nargs="*", type=Path)
    args = parser.parse_args(argv)
    paths = args.notebooks or sorted(BOOK.glob("*.ipynb"))
    info = kernel_language_info()
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        before = nbformat.writes(nb)
        normalise(nb, info)
        if nbformat.writes(nb) != before:
            nbformat.write(nb, path)
            print(f"normalised {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
