"""No paragraph of the book's prose runs past about 130 words.

A reader on a phone or in a narrow notebook column loses the thread in a wall
of text; the house style asks for short paragraphs (about 120 words at most).
This test reads every markdown cell of ``book/*.ipynb`` as the prose test
does (``tests/test_prose_numbers.py``: math and code count as one word each,
directive options and code fences are not prose, a directive's body is) and
cuts it into paragraphs at blank lines, and a list into its items; tables and
headings are not paragraphs.

A paragraph that must stay long goes on the reviewed list ``LONG`` below,
keyed by notebook and its first words, with the reason.
"""

from __future__ import annotations

import json
import re

import pytest
from test_prose_numbers import NOTEBOOKS, prose_text

MAX_WORDS = 130

#: (notebook, the paragraph's first words) -> why it may stay longer.
LONG: dict[tuple[str, str], str] = {}

_LIST_ITEM = re.compile(r"^[ \t]*(?:[-*+]|\d+[.)])[ \t]+")
_HEADING = re.compile(r"^ {0,3}#{1,6}(?:[ \t]|$)")
_TABLE_ROW = re.compile(r"^[ \t]*\|")


def paragraphs(markdown: str) -> list[str]:
    """The paragraphs (and list items) of a markdown cell's prose."""
    found = []
    for block in re.split(r"\n[ \t]*\n", prose_text(markdown)):
        lines = [
            line
            for line in block.split("\n")
            if line.strip() and not _HEADING.match(line) and not _TABLE_ROW.match(line)
        ]
        current: list[str] = []
        for line in lines:
            if _LIST_ITEM.match(line) and current:
                found.append(" ".join(current))
                current = []
            current.append(line.strip())
        if current:
            found.append(" ".join(current))
    return found


def words(paragraph: str) -> int:
    """Words of a paragraph: tokens holding a letter, a digit or a placeholder."""
    return sum(bool(re.search(r"[\w⟨]", token)) for token in paragraph.split())


def _first_words(paragraph: str, n: int = 8) -> str:
    return " ".join(paragraph.split()[:n])


def long_paragraphs(path) -> list[tuple[int, int, str]]:
    """(cell, words, first words) of every paragraph over the limit."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    found = []
    for index, cell in enumerate(cells):
        if cell["cell_type"] != "markdown":
            continue
        source = "".join(cell["source"])
        for paragraph in paragraphs(source):
            count = words(paragraph)
            if count > MAX_WORDS:
                found.append((index, count, _first_words(paragraph)))
    return found


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_paragraphs_are_short(path):
    too_long = [
        (cell, count, start)
        for cell, count, start in long_paragraphs(path)
        if (path.name, start) not in LONG
    ]
    assert not too_long, (
        f"book/{path.name}: paragraphs over {MAX_WORDS} words (split them where "
        "the thought turns, or tighten them):\n"
        + "\n".join(f"  cell {c}: {n} words: {s} ..." for c, n, s in too_long)
    )


def test_long_list_entries_are_needed():
    found = {
        (path.name, start)
        for path in NOTEBOOKS
        for _, _, start in long_paragraphs(path)
    }
    stale = sorted(set(LONG) - found)
    assert not stale, f"LONG lists paragraphs that are no longer long: {stale}"


def test_paragraphs_and_words():
    text = (
        "# Title\n\nFirst paragraph with $x^2 + y$ math\nand a second line.\n\n"
        "- one item\n- two items,\n  continued\n\n| a | b |\n| - | - |\n\n"
        "```python\nx = 1\n```\n\nLast, with `code` — 3 words?"
    )
    assert paragraphs(text) == [
        "First paragraph with ⟨math⟩ math and a second line.",
        "- one item",
        "- two items, continued",
        "Last, with ⟨code⟩ — 3 words?",
    ]
    assert [words(p) for p in paragraphs(text)] == [9, 2, 3, 5]
