"""Helpers shared by the notebook tools and the notebook hygiene test.

The book's notebooks all start with the same hidden *install cell*, so that a
reader who opens a chapter on Colab gets the package; locally, ``make lab`` has
installed it already. The URL in that cell must be the one in ``_config.yml``
(``repository.url``), the single place that names the public repository.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BOOK = ROOT / "book"
CONFIG = ROOT / "_config.yml"
TOC = ROOT / "_toc.yml"

INSTALL_TAG = "remove-cell"
INSTALL_MARKER = '"google.colab" in sys.modules'
INSTALL_CELL = """\
# On Colab, install scratchnn first; locally `make lab` has already installed it.
import sys

if "google.colab" in sys.modules:
    %pip install --quiet "scratchnn @ git+{url}"
"""

# Only `repository: url:` is read or written here, without a YAML library, so
# that the comments in _config.yml survive a rewrite.
_REPO_URL = re.compile(
    r"^(repository:\s*\n(?:[ \t]+.*\n|\s*\n)*?[ \t]+url:[ \t]*)(\S+)", re.M
)
INSTALL_URL = re.compile(r'"scratchnn @ git\+([^"]+)"')

KERNELSPEC = {
    "display_name": "Python 3 (ipykernel)",
    "language": "python",
    "name": "python3",
}
# Without the version the kernel reports, so that re-running a notebook on
# another machine does not change its metadata.
LANGUAGE_INFO = {
    "codemirror_mode": {"name": "ipython", "version": 3},
    "file_extension": ".py",
    "mimetype": "text/x-python",
    "name": "python",
    "nbconvert_exporter": "python",
    "pygments_lexer": "ipython3",
}


def repository_url(config: Path = CONFIG) -> str:
    """Return ``repository.url`` from ``_config.yml``."""
    match = _REPO_URL.search(config.read_text(encoding="utf-8"))
    if match is None:
        raise ValueError(f"{config} has no 'repository: url:' setting")
    return match.group(2).strip("\"'")


def set_repository_url(url: str, config: Path = CONFIG) -> None:
    """Write ``repository.url`` into ``_config.yml``, keeping everything else."""
    text = config.read_text(encoding="utf-8")
    new, count = _REPO_URL.subn(lambda m: m.group(1) + url, text, count=1)
    if count != 1:
        raise ValueError(f"{config} has no 'repository: url:' setting")
    config.write_text(new, encoding="utf-8")


def install_cell_source(url: str) -> str:
    """Return the source of the guarded install cell for repository `url`."""
    return INSTALL_CELL.format(url=url).rstrip("\n")


def cell_source(cell: dict) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def is_install_cell(cell: dict) -> bool:
    return cell.get("cell_type") == "code" and INSTALL_MARKER in cell_source(cell)


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
