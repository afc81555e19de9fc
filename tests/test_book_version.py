"""The published book says which scratchnn it documents (book/_ext)."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import SimpleNamespace

import scratchnn

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location(
    "scratchnn_sphinx", ROOT / "book" / "_ext" / "scratchnn_sphinx.py"
)
ext = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(ext)


def test_a_released_book_names_its_release():
    assert ext.version_note("0.3.0", "v0.3.0") == "This book documents scratchnn 0.3.0."


def test_a_book_from_the_branch_says_it_is_past_the_release():
    note = ext.version_note("0.3.0", "main")
    assert note == (
        "This book documents scratchnn as on its main branch, after release 0.3.0."
    )


def test_the_footer_of_every_page_carries_the_note(tmp_path):
    (tmp_path / "_config.yml").write_text(
        "repository:\n  url: https://github.com/o/n\n"
        f"  install_ref: v{scratchnn.__version__}\n",
        encoding="utf-8",
    )
    config = SimpleNamespace(html_theme_options={"extra_footer": "<p>CC BY</p>"})
    ext._say_the_version(SimpleNamespace(confdir=str(tmp_path)), config)
    assert config.release == config.version == scratchnn.__version__
    assert config.html_theme_options["extra_footer"] == (
        '<p>CC BY</p><p class="scratchnn-version">This book documents scratchnn '
        f"{scratchnn.__version__}.</p>"
    )
