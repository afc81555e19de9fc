"""Every number in a figure's caption or alt text comes from its section.

A caption is read next to its figure, and alt text is what a screen reader
says instead of it: when an experiment changes, "from 1.000 at λ = 0" in a
caption contradicts the plot as surely as a sentence in the prose does. The
prose test (``tests/test_prose_numbers.py``) does not see captions: they live
in a code cell's metadata (myst-nb's ``mystnb: figure: caption`` and ``image:
alt``) or in markup it removes (``:alt:`` options, ``![alt](...)``, ``<img
alt="...">``). This test reads them and judges their numbers with the prose
test's own rules, imported from it: a number counts if an output of the same
``##`` section prints it, a code cell of that section sets it, or
``tests/prose_numbers_allowed.toml`` allows it for the notebook. A caption
often describes what the plot shows rather than what a cell prints; such a
number goes on its own reviewed list, ``tests/caption_numbers_allowed.toml``,
with the same rules and the same check that no entry outlives its use.

Out of scope: text that code draws into a figure (``fig.text``, ``suptitle``,
axis labels), which the plot itself shows.
"""

from __future__ import annotations

import html
import json
import re
import tomllib
from dataclasses import replace
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path

import pytest
from test_prose_numbers import (
    BOOK,
    CHECKED,
    Chapter,
    ProseNumber,
    account,
    listed,
    prose_numbers,
    prose_text,
    read_cells,
    sections_of_markdown,
)

# Alt text and captions written in markdown, which the prose test removes.
_ALT_OPTION = re.compile(r"^[ \t]*:alt:[ \t]*(?P<text>.*)$", re.M)
_MARKDOWN_IMAGE = re.compile(r"!\[(?P<text>[^\]]*)\]\([^)]*\)")
_IMG_ALT = re.compile(
    r"<img\b[^>]*?\balt=(?P<quote>[\"'])(?P<text>.*?)(?P=quote)", re.S
)


def _source(cell: dict) -> str:
    source = cell["source"]
    return "".join(source) if isinstance(source, list) else source


def captions_of_cell(cell: dict) -> list[str]:
    """The captions and alt texts of one cell, as written."""
    texts = []
    if cell["cell_type"] == "code":
        mystnb = cell.get("metadata", {}).get("mystnb", {})
        texts.append(mystnb.get("figure", {}).get("caption", ""))
        texts.append(mystnb.get("image", {}).get("alt", ""))
    elif cell["cell_type"] == "markdown":
        source = _source(cell)
        texts += [m["text"] for m in _ALT_OPTION.finditer(source)]
        texts += [m["text"] for m in _MARKDOWN_IMAGE.finditer(source)]
        texts += [html.unescape(m["text"]) for m in _IMG_ALT.finditer(source)]
    return [text for text in texts if text.strip()]


def caption_numbers(cells: list[dict]) -> list[ProseNumber]:
    """The numbers of every caption and alt text, with cell and section.

    The sections are counted as the prose test counts them: a new one at each
    ``#`` or ``##`` heading of a markdown cell. A caption in a markdown cell
    belongs to the section where that cell ends.
    """
    numbers, section = [], 0
    for index, cell in enumerate(cells):
        if cell["cell_type"] == "markdown":
            section += sum(new for new, _ in sections_of_markdown(_source(cell)))
        for text in captions_of_cell(cell):
            numbers += [
                replace(number, cell=index, section=section)
                for number in prose_numbers(prose_text(text))
            ]
    return numbers


def caption_chapter(cells: list[dict], name: str) -> Chapter:
    """The chapter as the prose test reads it, with the captions' numbers."""
    return replace(read_cells(cells, name), numbers=caption_numbers(cells))


def _cells(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


CAPTIONS_ALLOWED_FILE = Path(__file__).resolve().parent / "caption_numbers_allowed.toml"


@cache
def caption_allow_list() -> dict[str, dict[str, str]]:
    with CAPTIONS_ALLOWED_FILE.open("rb") as f:
        return tomllib.load(f)


def _caption_allowed(name: str) -> dict[Decimal, str]:
    return {abs(Decimal(key)): key for key in caption_allow_list().get(name, {})}


def unaccounted(cells: list[dict], name: str) -> tuple[Chapter, list, set[str]]:
    """The chapter, its captions' unaccounted numbers and the entries used.

    First the prose test's own rules (:func:`account`, with its allow-list),
    then this test's list for what a caption reads off its figure.
    """
    chapter = caption_chapter(cells, name)
    missing, _, _ = account(chapter)
    allowed = _caption_allowed(name)
    used = {allowed[n.value] for n in missing if n.value in allowed}
    return chapter, [n for n in missing if n.value not in allowed], used


@pytest.mark.parametrize("path", CHECKED, ids=[p.name for p in CHECKED])
def test_caption_numbers_are_accounted_for(path):
    chapter, missing, _ = unaccounted(_cells(path), path.name)
    assert not missing, "\n".join(
        [
            f"book/{path.name}: {len(missing)} number(s) in figure captions or alt "
            "text are neither printed by an output of their ## section, nor set "
            "in its code, nor on the allow-list:",
            *listed(chapter, missing),
            "Make the caption say what the output prints (rounded as it prints "
            "it), or print the number in a cell of that section.",
        ]
    )


def test_caption_allow_list_entries_are_needed():
    names = {p.name for p in CHECKED}
    problems = []
    for table, entries in caption_allow_list().items():
        if table not in names:
            problems.append(f"[{table!r}] is no checked notebook in book/")
            continue
        for key, reason in entries.items():
            try:
                Decimal(key)
            except InvalidOperation:
                problems.append(f"[{table}] {key!r} is not a plain number")
            if not isinstance(reason, str) or len(reason.split()) < 3:
                problems.append(f"[{table}] {key!r} needs a reason of a few words")
        path = BOOK / table
        stale = sorted(set(entries) - unaccounted(_cells(path), table)[2])
        if stale:
            problems.append(f"[{table}] allows {stale}, but no caption needs them")
    assert not problems, f"tests/{CAPTIONS_ALLOWED_FILE.name}:\n  " + "\n  ".join(
        problems
    )


# -- Tests of the test ---------------------------------------------------------

# Fig 12.4's caption and alt text before they were corrected: the sweep prints
# training accuracies 0.990, 0.990, 0.920 for λ = 0, 0.03, 0.1.
OLD_LAMBDA_SWEEP = {
    "caption": "Training and validation accuracy of the big network for seven "
    "values of λ. Training accuracy falls overall as λ grows (from 1.000 at λ = "
    "0 to 0.860 at λ = 10, with a small rise from 0.980 to 0.990 between λ = "
    "0.03 and 0.1); validation accuracy rises to a plateau at λ = 0.3 to 1 (the "
    "dotted line marks the chosen λ = 1) and then falls as the network underfits.",
    "alt": "Two lines over λ from 0 to 10: the training line starts at 1.0 and "
    "falls to 0.86, with a small rise at λ = 0.1; the validation line starts at "
    "0.83, rises to 0.86 at λ = 0.3 and 1 and drops to 0.79 at λ = 10.",
}


def test_the_old_lambda_sweep_caption_fails():
    path = BOOK / "12_regularization.ipynb"
    cells = _cells(path)
    (where,) = [
        i
        for i, cell in enumerate(cells)
        if cell.get("metadata", {}).get("mystnb", {}).get("figure", {}).get("name")
        == "fig-12-lambda-sweep"
    ]
    assert unaccounted(cells, path.name)[1] == []
    metadata = cells[where]["metadata"]["mystnb"]
    metadata["figure"]["caption"] = OLD_LAMBDA_SWEEP["caption"]
    metadata["image"]["alt"] = OLD_LAMBDA_SWEEP["alt"]
    _, missing, _ = unaccounted(cells, path.name)
    # No output prints 0.980. The rest slip through the prose test's rules:
    # 0.83 is the printed 0.828 rounded, and 1.000 and 1.0 match the literal
    # lambd = 1.0 of the sweep's code (a literal matches at any decimals).
    assert {(n.cell, n.text) for n in missing} == {(where, "0.980")}


def test_captions_in_markdown_and_metadata_are_read():
    figure = {
        "cell_type": "code",
        "source": "plot()",
        "metadata": {"mystnb": {"figure": {"caption": "Cost 0.25"}, "image": {}}},
        "outputs": [],
    }
    markdown = {
        "cell_type": "markdown",
        "source": (
            "## Next\n\n```{figure} a.png\n:alt: 7 dots\n\nText.\n```\n\n"
            '![3 cats](b.png) <img src="c.png" alt="9 &amp; 11 dogs">'
        ),
    }
    numbers = caption_numbers([figure, markdown])
    assert [(n.text, n.cell, n.section) for n in numbers] == [
        ("0.25", 0, 0),
        ("7", 1, 1),
        ("3", 1, 1),
        ("9", 1, 1),
        ("11", 1, 1),
    ]
