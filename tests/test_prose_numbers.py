"""Every number in a chapter's prose comes from its section, or is a reviewed fact.

The notebooks are committed executed and strict nbval proves that their stored
outputs come out again. The prose around them is not checked by nbval: when an
experiment changes, a sentence that quotes its old result ("L2 misclassifies
8") silently contradicts the page. This test reads the stored notebooks (it
executes nothing) and accepts a number in a markdown cell only if

(a) a stored text output of the same section prints it (the output rounded
    to the prose's decimals equals it, and the output shows at least as many
    decimals; "82%" also matches an output 0.820 or 82.0%); the output of a
    cell tagged ``nbval-ignore-output`` (a timing, not compared) counts not,
(b) a code cell of the same section sets it (``num_iterations=2000``), or
(c) ``tests/prose_numbers_allowed.toml`` allows it, with a reason: a fact
    true on every machine (a hand-computed example, a size, a year).

A section is a ``##`` section: the cells from a ``#`` or ``##`` heading to the
next one, with all its ``###`` (and deeper) subsections; the text before a
chapter's first ``##`` heading is a section too. Whole notebooks are no good
scope: almost every chapter prints or sets the small integers somewhere (an
exercise checker's "m 8" once "accounted for" a count of 8 misclassified
points quoted three sections away). A subsection alone is too narrow: a
``###`` often discusses what its sibling printed.

An allow-list entry that no longer allows anything fails too, so the list
cannot rot. Math, code, links' targets, file names, exercise labels,
directive options, heading and list numbers and the numbers of references
("chapter 4", "exercise 11-4") are not prose and are removed first.

``python tests/test_prose_numbers.py [NOTEBOOK ...]`` lists the numbers that
are not accounted for, also in the notebooks still marked pending.
"""

from __future__ import annotations

import json
import re
import sys
import tomllib
from dataclasses import dataclass, replace
from decimal import (
    ROUND_HALF_EVEN,
    ROUND_HALF_UP,
    Decimal,
    InvalidOperation,
    localcontext,
)
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BOOK = ROOT / "book"
ALLOWED_FILE = Path(__file__).resolve().parent / "prose_numbers_allowed.toml"

# Chapters whose experiments and prose are being rewritten: not checked until
# they are done. Remove a name here, then account for its numbers.
PENDING: frozenset[str] = frozenset()

NOTEBOOKS = sorted(BOOK.glob("*.ipynb"))
CHECKED = [p for p in NOTEBOOKS if p.name not in PENDING]

# Output formats a reader sees as text (never images).
TEXT_MIMES = ("text/plain", "text/markdown", "text/html")
#: Integers up to this are too common in outputs to vouch for a recap.
SMALL = 20

# -- Removing what is not prose ------------------------------------------------

MATH = "⟨math⟩"
CODE = "⟨code⟩"

_FENCE_OPEN = re.compile(r"^[ \t]*(?P<fence>`{3,}|~{3,}|:{3,})[ \t]*(?P<info>.*)$")
_DIRECTIVE = re.compile(r"^\{(?P<name>[\w:.-]+)\}[ \t]*(?P<argument>.*)$")
# Directives whose body is code or math, not prose.
_NOT_PROSE_DIRECTIVES = {
    "code",
    "code-block",
    "code-cell",
    "sourcecode",
    "literalinclude",
    "math",
    "raw",
    "eval-rst",
}
_OPTION_LINE = re.compile(r"^[ \t]*:[\w-]+:(?:[ \t].*)?$")

# A role and its content, or inline code; one scan, so that `dW{l}` (code)
# is never read as a role `{l}` followed by code.
_BACKTICKS = re.compile(
    r"(?:(?<![\w`])\{(?P<role>[A-Za-z][\w:.-]*)\})?"
    r"(?P<ticks>`+)(?P<body>.+?)(?<!`)(?P=ticks)(?!`)",
    re.S,
)
# Roles that show their own text when written `text <target>`.
_TITLED_ROLES = {"ref", "doc", "numref", "term", "download"}

_DISPLAY_MATH = re.compile(r"\$\$.+?\$\$", re.S)
_ENVIRONMENT = re.compile(r"\\begin\{(?P<env>[\w*]+)\}.*?\\end\{(?P=env)\}", re.S)
_INLINE_MATH = re.compile(r"(?<!\\)\$(?:\\.|[^$\\])+?\$", re.S)
_PAREN_MATH = re.compile(r"\\\((?:.+?)\\\)|\\\[(?:.+?)\\\]", re.S)

_HTML_COMMENT = re.compile(r"<!--.*?-->", re.S)
_MYST_COMMENT = re.compile(r"^%.*$", re.M)
_MYST_TARGET = re.compile(r"^\([\w:.-]+\)=[ \t]*$", re.M)
_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_LINK = re.compile(r"\[(?P<text>[^\]]*)\]\([^)]*\)")
_LINK_DEFINITION = re.compile(r"^[ \t]*\[[^\]]+\]:[ \t]*\S+.*$", re.M)
_AUTOLINK = re.compile(r"<(?:https?|mailto|ftp):[^>]*>")
_URL = re.compile(r"\b(?:https?|ftp)://\S+")
_HTML_TAG = re.compile(r"</?[A-Za-z][^>\n]*>")
_FILE_NAME = re.compile(
    r"[\w./-]*\w\.(?:ipynb|py|md|toml|ya?ml|txt|json|cfg|bib|csv|npz|npy|png|svg|html)\b"
)
_EXERCISE_LABEL = re.compile(r"\bex-[\w-]+")
_VERSION = re.compile(r"(?<![\w.])v?\d+(?:\.\d+){2,}\w*")
_HEADING_NUMBER = re.compile(r"^(#{1,6}[ \t]+)\d+(?:\.\d+)*\.?(?=[ \t])", re.M)
# A list item's number, also in bold ("**3. An index off by one.**") or opening
# a table cell ("| 1. Initialise |").
_LIST_NUMBER = re.compile(r"^([ \t]*(?:\*\*|__)?)\d+[.)](?=[ \t]|$)", re.M)
_TABLE_ROW_NUMBER = re.compile(r"(\|[ \t]*)\d+\.(?=[ \t])")
# "chapter 4", "chapters 2 and 3", "Chapters 1 to 6", "part 1", "exercise
# 11-4", "exercises 2 and 3": the number names a place in the book.
_REFERENCE_NUMBERS = re.compile(
    r"\b(?P<word>(?:chapter|part|exercise)s?)\s+\d+(?:-\d+)?"
    r"(?:(?:\s+(?:and|or|to)\s+|\s*–\s*)\d+(?:-\d+)?)*"
    r"(?!\d|[.,]\d)",
    re.I,
)


def _strip_fences(text: str) -> str:
    """Drop code fences; of a MyST directive keep its argument and body."""
    lines = text.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        opening = _FENCE_OPEN.match(lines[i])
        if not opening:
            out.append(lines[i])
            i += 1
            continue
        fence = opening["fence"]
        closing = re.compile(rf"^[ \t]*{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$")
        end = i + 1
        while end < len(lines) and not closing.match(lines[end]):
            end += 1
        body = lines[i + 1 : end]
        directive = _DIRECTIVE.match(opening["info"].strip())
        if directive and directive["name"] not in _NOT_PROSE_DIRECTIVES:
            out.append(directive["argument"])
            prose = [line for line in body if not _OPTION_LINE.match(line)]
            out.append(_strip_fences("\n".join(prose)))
        else:
            out.append("")  # code, or an empty paragraph break
        i = end + 1
    return "\n".join(out)


def _backtick_span(match: re.Match) -> str:
    role = match["role"]
    if role is None:
        return CODE
    body = match["body"]
    if role in _TITLED_ROLES and "<" in body:
        return body.split("<", 1)[0].strip()
    return ""


def prose_text(markdown: str) -> str:
    """The visible prose of a markdown cell, without math, code or markup.

    What is removed is replaced by ``⟨math⟩`` or ``⟨code⟩`` where a reader
    needs a placeholder to read the sentence in a failure message.
    """
    text = _HTML_COMMENT.sub("", markdown)
    text = _strip_fences(text)
    text = _BACKTICKS.sub(_backtick_span, text)
    text = _DISPLAY_MATH.sub(MATH, text)
    text = _ENVIRONMENT.sub(MATH, text)
    text = _INLINE_MATH.sub(MATH, text)
    text = _PAREN_MATH.sub(MATH, text)
    text = _MYST_COMMENT.sub("", text)
    text = _MYST_TARGET.sub("", text)
    text = _IMAGE.sub("", text)
    text = _LINK.sub(lambda m: m["text"], text)
    text = _LINK_DEFINITION.sub("", text)
    text = _AUTOLINK.sub("", text)
    text = _URL.sub("", text)
    text = _HTML_TAG.sub("", text)
    text = _FILE_NAME.sub("", text)
    text = _EXERCISE_LABEL.sub("", text)
    text = _VERSION.sub("", text)
    text = _HEADING_NUMBER.sub(r"\1", text)
    text = _LIST_NUMBER.sub(r"\1", text)
    text = _TABLE_ROW_NUMBER.sub(r"\1", text)
    text = _REFERENCE_NUMBERS.sub(lambda m: m["word"], text)
    return text


# -- Extracting numbers --------------------------------------------------------

_SEPARATORS = ",\u2009\u202f\u00a0"
# Not after a letter, digit, underscore or point: W1, L2, float32 and the
# parts of a version are names, not quantities.
_PROSE_NUMBER = re.compile(
    r"(?<![\w.])"
    r"(?:"
    r"10\^\{?(?P<power>[-−]?\d+)\}?"
    r"|"
    rf"(?P<mantissa>(?:\d{{1,3}}(?:[{_SEPARATORS}]\d{{3}})+(?!\d)|\d+)(?:\.\d+)?"
    r"|\.\d+)"
    r"(?P<exponent>[eE][-+−]?\d+)?"
    r")"
    r"(?P<percent>[ \u00a0]?%|[ \u00a0]+per[ -]?cent\b"
    r"|[ \u00a0]+percentage[ \u00a0]+points?\b)?"
)
# "97 to 98%": the first number is a percentage too; "98 of every 100" is one.
_PERCENT_AFTER = re.compile(
    r"\s*(?:to|and|or|–|-)\s*\d[\d.]*[ \u00a0]?%"
    r"|[ \u00a0]+(?:out[ \u00a0]+)?(?:of|in)[ \u00a0]+(?:every[ \u00a0]+)?100\b(?!\.\d)"
)
_OUTPUT_NUMBER = re.compile(
    r"(?<![\w.])"
    rf"(?P<mantissa>(?:\d{{1,3}}(?:[{_SEPARATORS}]\d{{3}})+(?!\d)|\d+)(?:\.\d*)?"
    r"|\.\d+)"
    r"(?P<exponent>[eE][-+]?\d+)?"
    r"(?P<percent>[ \u00a0]?%)?"
)
# The same without thousands separators: "(2,100)" is also 2 and 100.
_OUTPUT_PLAIN_NUMBER = re.compile(
    r"(?<![\w.])(?P<mantissa>\d+(?:\.\d*)?|\.\d+)(?P<exponent>[eE][-+]?\d+)?"
    r"(?P<percent>[ \u00a0]?%)?"
)
# Not a format spec: the 4 of f"{cost:.4f}" is no setting.
_CODE_NUMBER = re.compile(
    r"(?<![\w.])(?P<mantissa>\d[\d_]*(?:\.\d*)?|(?<!:)\.\d+)"
    r"(?P<exponent>[eE][-+]?\d+)?(?!\w)"
)
_FIGURE_REPR = re.compile(r"<Figure size [^>]*>")


@dataclass(frozen=True)
class ProseNumber:
    """A number as the prose writes it, with its place in the notebook."""

    text: str
    value: Decimal
    decimals: int
    percent: bool
    cell: int = -1
    sentence: str = ""
    section: int = 0


def _decimal(mantissa: str, exponent: str | None = None) -> Decimal:
    digits = re.sub(rf"[{_SEPARATORS}_]", "", mantissa)
    if digits.endswith("."):
        digits = digits[:-1]
    if exponent:
        digits += exponent.replace("−", "-")
    return Decimal(digits)


def _decimals(value: Decimal) -> int:
    return max(0, -value.as_tuple().exponent)


def _sentence(text: str, start: int, end: int) -> str:
    """The sentence of ``text`` around the span, on one line."""
    boundary = re.compile(r"[.!?:](?=\s)|\n\s*\n")
    before = [m.end() for m in boundary.finditer(text, 0, start)]
    after = boundary.search(text, end)
    sentence = text[before[-1] if before else 0 : after.end() if after else len(text)]
    return " ".join(sentence.split())


def prose_numbers(text: str) -> list[ProseNumber]:
    """The numbers of a text already cleaned by :func:`prose_text`."""
    numbers = []
    for match in _PROSE_NUMBER.finditer(text):
        if match["power"] is not None:
            value = Decimal(1).scaleb(int(match["power"].replace("−", "-")))
        else:
            value = _decimal(match["mantissa"], match["exponent"])
        numbers.append(
            ProseNumber(
                text=match.group(0).strip(),
                value=abs(value),
                decimals=_decimals(value),
                percent=match["percent"] is not None
                or _PERCENT_AFTER.match(text, match.end()) is not None,
                sentence=_sentence(text, match.start(), match.end()),
            )
        )
    return numbers


def output_numbers(text: str) -> set[tuple[Decimal, int]]:
    """(value, decimals shown) of every number an output prints.

    A percentage also counts as a fraction (82.0% as 0.820), so that prose may
    quote it either way.
    """
    text = _FIGURE_REPR.sub("", text)
    found = set()
    for pattern in (_OUTPUT_NUMBER, _OUTPUT_PLAIN_NUMBER):
        for match in pattern.finditer(text):
            try:
                value = abs(_decimal(match["mantissa"], match["exponent"]))
            except InvalidOperation:
                continue
            found.add((value, _decimals(value)))
            if match["percent"]:
                found.add((value.scaleb(-2), _decimals(value) + 2))
    return found


def code_numbers(source: str) -> set[Decimal]:
    """The numeric literals of a code cell's source."""
    found = set()
    for match in _CODE_NUMBER.finditer(source):
        try:
            found.add(abs(_decimal(match["mantissa"], match["exponent"])))
        except InvalidOperation:
            continue
    return found


def _rounded(value: Decimal, decimals: int) -> set[Decimal]:
    quantum = Decimal(1).scaleb(-decimals)
    with localcontext() as context:
        context.prec = 1000  # quantize needs every digit of a long output
        return {
            value.quantize(quantum, rounding=mode)
            for mode in (ROUND_HALF_UP, ROUND_HALF_EVEN)
        }


def shown_as(
    outputs: set[tuple[Decimal, int]], decimals: int, percent: bool
) -> set[Decimal]:
    """Every value the outputs show, rounded to ``decimals`` where they show that many.

    With ``percent``, the outputs count also as fractions of 100 (0.820 as 82).
    """
    candidates = set(outputs)
    if percent:
        candidates |= {(v.scaleb(2), max(0, d - 2)) for v, d in outputs}
    values: set[Decimal] = set()
    for value, shown in candidates:
        if shown >= decimals:
            values |= _rounded(value, decimals)
    return values


def printed(number: ProseNumber, outputs: set[tuple[Decimal, int]]) -> bool:
    """Whether an output shows ``number``, rounded to the prose's decimals."""
    return number.value in shown_as(outputs, number.decimals, number.percent)


def set_in_code(number: ProseNumber, literals: set[Decimal]) -> bool:
    """Whether a code cell sets ``number`` (as a percentage: its fraction)."""
    if number.value in literals:
        return True
    return number.percent and number.value.scaleb(-2) in literals


# -- Reading the notebooks -----------------------------------------------------


def _joined(value: str | list[str]) -> str:
    return "".join(value) if isinstance(value, list) else value


@dataclass
class Chapter:
    """What the test needs of one notebook, by section (see the module's doc)."""

    name: str
    numbers: list[ProseNumber]
    outputs: dict[int, set[tuple[Decimal, int]]]
    literals: dict[int, set[Decimal]]
    headings: dict[int, str]


# A heading that opens a section: ``#`` or ``##``, not ``###`` and deeper.
_SECTION_HEADING = re.compile(r"^ {0,3}#{1,2}(?:[ \t]|$)")


def sections_of_markdown(markdown: str) -> list[tuple[bool, str]]:
    """The cell's text cut before each ``#``/``##`` heading outside fences.

    Each part comes with whether it starts a new section; the first part
    (possibly empty) continues the section of the cell before.
    """
    parts: list[tuple[bool, list[str]]] = [(False, [])]
    closing = None
    for line in markdown.split("\n"):
        if closing is not None:
            if closing.match(line):
                closing = None
        elif opening := _FENCE_OPEN.match(line):
            fence = opening["fence"]
            closing = re.compile(
                rf"^[ \t]*{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$"
            )
        elif _SECTION_HEADING.match(line):
            parts.append((True, []))
        parts[-1][1].append(line)
    return [(new, "\n".join(lines)) for new, lines in parts]


def _output_varies(cell: dict, source: str) -> bool:
    """Whether nbval skips the cell's outputs (a timing on this machine)."""
    tags = cell.get("metadata", {}).get("tags", [])
    return "nbval-ignore-output" in tags or "# NBVAL_IGNORE_OUTPUT" in source


def read_cells(cells: list[dict], name: str = "notebook") -> Chapter:
    """Sort the prose numbers, outputs and code literals of cells by section."""
    numbers: list[ProseNumber] = []
    outputs: dict[int, set[tuple[Decimal, int]]] = {0: set()}
    literals: dict[int, set[Decimal]] = {0: set()}
    headings = {0: "(before the first heading)"}
    section = 0
    for index, cell in enumerate(cells):
        source = _joined(cell["source"])
        if cell["cell_type"] == "markdown":
            for new, part in sections_of_markdown(source):
                if new:
                    section += 1
                    outputs[section], literals[section] = set(), set()
                    headings[section] = part.split("\n", 1)[0].strip()
                numbers += [
                    replace(number, cell=index, section=section)
                    for number in prose_numbers(prose_text(part))
                ]
        elif cell["cell_type"] == "code":
            literals[section] |= code_numbers(source)
            if _output_varies(cell, source):
                continue  # a live timing: nbval skips it, so prose may not quote it
            for output in cell.get("outputs", []):
                if "text" in output:
                    outputs[section] |= output_numbers(_joined(output["text"]))
                for mime in TEXT_MIMES:
                    if mime in output.get("data", {}):
                        outputs[section] |= output_numbers(
                            _joined(output["data"][mime])
                        )
    return Chapter(name, numbers, outputs, literals, headings)


@cache
def read_chapter(path: Path) -> Chapter:
    nb = json.loads(path.read_text(encoding="utf-8"))
    return read_cells(nb["cells"], path.name)


# -- The allow-list ------------------------------------------------------------


@cache
def allow_list() -> dict[str, dict[str, str]]:
    with ALLOWED_FILE.open("rb") as f:
        return tomllib.load(f)


def _allowed_values(table: str) -> dict[Decimal, str]:
    """The numbers a table allows, keyed by value, to their written keys.

    A key that is no number allows nothing; the well-formedness test names it.
    """
    entries = allow_list().get(table, {})
    values = {}
    for key in entries if isinstance(entries, dict) else ():
        try:
            values[abs(Decimal(key))] = key
        except InvalidOperation:
            continue
    return values


def _is_recap(heading: str) -> bool:
    """The chapter's opening (its title section) and its summary recap results."""
    return heading.startswith("# ") or heading.lower().startswith("## summary")


def _recapped(chapter: Chapter, number: ProseNumber) -> bool:
    """A recap may quote a result printed in any section of the chapter.

    Only numbers that cannot be there by chance: not the small integers that
    the chapter prints or sets somewhere anyway.
    """
    if not _is_recap(chapter.headings[number.section]):
        return False
    if number.decimals == 0 and not number.percent and number.value <= SMALL:
        return False
    everywhere = set().union(*chapter.outputs.values())
    return number.value in shown_as(everywhere, number.decimals, number.percent)


def account(chapter: Chapter) -> tuple[list[ProseNumber], set[str], set[str]]:
    """The unaccounted numbers, and the notebook and global keys that were used."""
    own = _allowed_values(chapter.name)
    shared = _allowed_values("global")
    missing, used_own, used_global = [], set(), set()
    shown: dict[tuple[int, int, bool], set[Decimal]] = {}
    for number in chapter.numbers:
        key = (number.section, number.decimals, number.percent)
        if key not in shown:
            shown[key] = shown_as(chapter.outputs[number.section], *key[1:])
        if (
            number.value in shown[key]
            or set_in_code(number, chapter.literals[number.section])
            or _recapped(chapter, number)
        ):
            continue
        if number.value in own:
            used_own.add(own[number.value])
        elif number.value in shared:
            used_global.add(shared[number.value])
        else:
            missing.append(number)
    return missing, used_own, used_global


def listed(chapter: Chapter, missing: list[ProseNumber]) -> list[str]:
    """One line per unaccounted number, under the heading of its section."""
    lines, section = [], None
    for number in missing:
        if number.section != section:
            section = number.section
            lines.append(f"  in {chapter.headings[section]}")
        lines.append(f"    cell {number.cell}: {number.text!r} in: {number.sentence}")
    return lines


def describe(chapter: Chapter, missing: list[ProseNumber]) -> str:
    name = chapter.name
    return "\n".join(
        [
            f"book/{name}: {len(missing)} number(s) in the prose are neither "
            "printed by an output of their ## section, nor set in its code, nor "
            "on the allow-list:",
            *listed(chapter, missing),
            "Fix each: print the number in a cell of the same section (rounded as "
            "the prose quotes it); rewrite the sentence without it; or, if it is a "
            "fact true on every machine (a hand-computed example, a size, a "
            f'year), add it to tests/{ALLOWED_FILE.name} under ["{name}"] with a '
            "reason.",
        ]
    )


# -- Tests of the chapters -----------------------------------------------------


def test_pending_names_are_notebooks():
    names = {p.name for p in NOTEBOOKS}
    assert PENDING <= names, f"PENDING names no notebook: {sorted(PENDING - names)}"


@pytest.mark.parametrize("path", CHECKED, ids=[p.name for p in CHECKED])
def test_prose_numbers_are_accounted_for(path):
    chapter = read_chapter(path)
    missing, _, _ = account(chapter)
    assert not missing, describe(chapter, missing)


@pytest.mark.parametrize("path", CHECKED, ids=[p.name for p in CHECKED])
def test_allow_list_entries_are_needed(path):
    _, used, _ = account(read_chapter(path))
    stale = sorted(set(allow_list().get(path.name, {})) - used)
    assert not stale, (
        f'tests/{ALLOWED_FILE.name} ["{path.name}"] allows {stale}, but the prose '
        "no longer needs them (no such number, or an output or code cell now "
        "accounts for it): remove them"
    )


def test_global_allow_list_entries_are_needed():
    used: set[str] = set()
    for path in CHECKED:
        used |= account(read_chapter(path))[2]
    stale = sorted(set(allow_list().get("global", {})) - used)
    assert not stale, (
        f"tests/{ALLOWED_FILE.name} [global] allows {stale}, but no checked "
        "chapter needs them: remove them"
    )


def test_allow_list_is_well_formed():
    names = {p.name for p in NOTEBOOKS}
    problems = []
    for table, entries in allow_list().items():
        if table != "global" and table not in names:
            problems.append(f"[{table!r}] is no notebook in book/ (nor 'global')")
            continue
        if not isinstance(entries, dict):
            problems.append(f"{table!r} must be a table of number = reason")
            continue
        values: dict[Decimal, str] = {}
        for key, reason in entries.items():
            try:
                value = abs(Decimal(key))
            except InvalidOperation:
                problems.append(f"[{table}] {key!r} is not a plain number")
                continue
            if not value.is_finite() or re.search(rf"[{_SEPARATORS}_ ]", key):
                problems.append(f"[{table}] {key!r}: write it without separators")
            if value in values:
                problems.append(f"[{table}] {key!r} repeats {values[value]!r}")
            values[value] = key
            if not isinstance(reason, str) or len(reason.split()) < 3:
                problems.append(
                    f"[{table}] {key!r} needs a reason of a few words, not {reason!r}"
                )
            if table != "global" and key in allow_list().get("global", {}):
                problems.append(f"[{table}] {key!r} is already in [global]")
    assert not problems, f"tests/{ALLOWED_FILE.name}:\n  " + "\n  ".join(problems)


# -- Tests of the extractor ----------------------------------------------------


def _numbers(markdown: str) -> list[str]:
    return [str(n.value) for n in prose_numbers(prose_text(markdown))]


def test_plain_numbers_separators_and_percentages():
    text = (
        "It misclassifies 8 of 2,000 points (4\u202f417 weights), scores 82% "
        "and 0.820, and the gap shrinks by 18 percentage points; .5 is half."
    )
    assert _numbers(text) == ["8", "2000", "4417", "82", "0.820", "18", "0.5"]
    percents = [n.percent for n in prose_numbers(prose_text(text))]
    assert percents == [False, False, False, True, False, True, False]


def test_ranges_and_shares_of_100_are_percentages():
    numbers = prose_numbers(
        "97 to 98% of them, 90-95 % of those, 98 of every 100 digits, 3 of 10."
    )
    assert [(n.text, n.percent) for n in numbers] == [
        ("97", True),
        ("98%", True),
        ("90", True),
        ("95 %", True),
        ("98", True),
        ("100", False),
        ("3", False),
        ("10", False),
    ]


def test_math_is_not_prose():
    text = (
        "With $\\lambda = 0.5$ and\n$$\nJ = \\frac{1}{2m}\n$$\nthe cost is 1.1875; "
        "$W = \\begin{pmatrix} 1 & -2 \\\\ 0 & 3\n\\end{pmatrix}$ and "
        "\\begin{align} x &= 7 \\end{align} and {math}`e^{9}` too."
    )
    assert _numbers(text) == ["1.1875"]


def test_code_and_roles_are_not_prose():
    text = (
        "Set `num_iterations=2000` and ``a `3` b``; see {cite:p}`krogh1992simple`, "
        "{func}`scratchnn.init_params` and {ref}`the 4th <ch4>`; `dW{l}` has 6."
    )
    assert _numbers(text) == ["4", "6"]


def test_fences_and_directives():
    text = (
        "```python\nx = 5\n```\n\n"
        "````{exercise}\n:label: ex-12-3\n:class: dropdown\n\n"
        "Train for 300 steps.\n```\ny = 7\n```\n````\n\n"
        "```{solution-start} ex-12-1\n:class: dropdown\n```\n"
        "```{admonition} Why 0.01?\nBecause 9.\n```\n"
        "```{math}\n:label: eq-1\nz = 11\n```\n"
    )
    assert _numbers(text) == ["300", "0.01", "9"]


def test_links_files_labels_and_headings():
    text = (
        "## 3. Train\n\n"
        "1. See [chapter 10](10_gradient_checking.ipynb) and "
        "[the docs](https://numpy.org/doc/2.1/) or <https://x.org/42>;\n"
        "2. in book/11_optimizers.ipynb, exercise ex-11-5, numpy 2.1.3 runs 25 "
        "epochs.\n\n(notation)=\n![figure 7](fig7.png)"
    )
    assert _numbers(text) == ["25"]


def test_references_and_list_numbers_are_not_prose():
    text = (
        "See chapter 4, chapters 2 and 3, Chapters 1 to 6, chapters 8–14 and\n"
        "chapter\n13; part 1 and exercise 11-4 ask for 7 units.\n\n"
        "**3. An index off by one** costs 9.\n\n| 1. Initialise | 5 |\n"
        "But chapter 3, 12 units, and 2.5 chapters."
    )
    assert _numbers(text) == ["7", "9", "5", "12", "2.5"]


def _cell(kind: str, source: str, printed: str = "") -> dict:
    cell = {"cell_type": kind, "source": source}
    if kind == "code":
        cell["outputs"] = [{"output_type": "stream", "text": printed}]
    return cell


def _missing(cells: list[dict], name: str = "notebook") -> list[tuple[int, str]]:
    missing, _, _ = account(read_cells(cells, name))
    return [(n.cell, n.text) for n in missing]


def test_a_number_is_matched_within_its_section_only():
    cells = [
        _cell("markdown", "# Title\n\nIt misclassifies 8 points."),
        _cell("markdown", "## Train\n\nTrain 300 steps, cost 0.25."),
        _cell("code", "model(X, num_iterations=300)", "cost 0.2500\nm 8\n"),
        _cell("markdown", "## Exercises\n\nThe cost was 0.25."),
    ]
    # 8 and 0.25 are printed, but in the section "## Train" only.
    assert _missing(cells) == [(0, "8"), (3, "0.25")]


def test_an_output_nbval_ignores_accounts_for_nothing():
    timing = _cell("code", "t = fastest(step)", "this machine: 42 ms\n")
    timing["metadata"] = {"tags": ["nbval-ignore-output"]}
    cells = [_cell("markdown", "## Time\n\nA step takes 42 ms."), timing]
    assert _missing(cells) == [(0, "42")]


def test_a_subsection_belongs_to_its_section():
    cells = [
        _cell("markdown", "## Train\n\n### First\n\nIt reaches 0.97."),
        _cell("markdown", "### Second\n\nAfter 300 steps, 0.97 as above."),
        _cell("code", "model(X, num_iterations=300)", "accuracy 0.970\n"),
        _cell("markdown", "Text\n\n## Next\n\n0.97 again, and ## not a heading."),
        _cell("markdown", "```python\n## a comment, no heading\n```\n\n0.97 too."),
    ]
    assert _missing(cells) == [(3, "0.97"), (4, "0.97")]


def _injected(path: Path, heading: str, sentence: str) -> tuple[list[dict], int]:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    where = max(
        i
        for i, cell in enumerate(cells)
        if cell["cell_type"] == "markdown"
        and _joined(cell["source"]).startswith(heading)
    )
    injected = [dict(cell) for cell in cells]
    injected[where] = _cell("markdown", _joined(cells[where]["source"]) + sentence)
    return injected, where


def test_a_computed_number_injected_into_a_chapter_is_reported():
    path = BOOK / "13_softmax.ipynb"
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    assert _missing(cells, path.name) == []  # as committed, with the allow-list
    # A test accuracy printed in "## Handwritten digits", quoted elsewhere.
    injected, where = _injected(path, "## Save the network", "\n\nIt scores 0.982.")
    missing, _, _ = account(read_cells(injected, path.name))
    assert [(n.cell, n.text) for n in missing] == [(where, "0.982")]
    assert "0.982" in describe(read_cells(injected, path.name), missing)


def test_a_summary_may_recap_a_result_but_not_a_small_count():
    path = BOOK / "13_softmax.ipynb"
    recap, _ = _injected(path, "## Summary", "\n\nIt scores 0.982.")
    assert account(read_cells(recap, path.name))[0] == []
    count, where = _injected(path, "## Summary", "\n\nIt misclassifies 9.")
    missing, _, _ = account(read_cells(count, path.name))
    assert [(n.cell, n.text) for n in missing] == [(where, "9")]


def test_names_and_scientific_forms():
    text = (
        "W1, L2, float32 and ReLU6 are names; 1e-7, 10^-7 and 10^{-8} are not; 28×28."
    )
    assert _numbers(text) == ["1E-7", "1E-7", "1E-8", "28", "28"]


def test_sentence_in_message():
    (number,) = prose_numbers(
        prose_text("First sentence. Then $x$ is 0.25: done.\n\nNext.")
    )
    assert number.sentence == "Then ⟨math⟩ is 0.25:"


def test_matching_rounds_outputs_and_needs_their_decimals():
    def quoted(prose: str, output: str) -> bool:
        (number,) = prose_numbers(prose_text(prose))
        return printed(number, output_numbers(output))

    assert quoted("about 0.82", "test accuracy 0.8249")
    assert quoted("about 0.83", "test accuracy 0.825")
    assert not quoted("about 0.82", "test accuracy 0.8251")
    assert not quoted("0.80", "accuracy 0.8")  # the output shows fewer decimals
    assert quoted("82%", "test accuracy 0.820")
    assert quoted("82%", "test accuracy 82.0%")
    assert quoted("0.82", "test accuracy 82.0%")
    assert quoted("18 percentage points", "gap 0.180")
    assert quoted("2,000", "iteration 2000")
    assert quoted("4,417", "4,417 parameters")
    assert quoted("1e-7", "d = 1e-07")
    assert not quoted("82", "[<Figure size 82x60 with 1 Axes>]")
    assert not quoted("64", "dtype float64")


def test_code_literals():
    assert code_numbers("model(X, Y, [2, 64, 1], num_iterations=2_000, lr=.5)") == {
        Decimal(2),
        Decimal(64),
        Decimal(1),
        Decimal(2000),
        Decimal("0.5"),
    }
    assert code_numbers('params["W1"]; print(f"{cost:.4f} {acc:.1%}")') == set()
    twenty, zero = prose_numbers("about 20% are 0")
    assert set_in_code(twenty, code_numbers("keep_prob = 0.2"))
    assert not set_in_code(zero, code_numbers("keep_prob = 0.2"))


# -- Listing what is missing, for a chapter still being written ----------------


def main(names: list[str]) -> int:
    paths = [BOOK / name for name in names] if names else NOTEBOOKS
    total = 0
    for path in paths:
        chapter = read_chapter(path)
        missing, _, _ = account(chapter)
        total += len(missing)
        status = " (pending)" if path.name in PENDING else ""
        print(
            f"{path.name}{status}: {len(chapter.numbers)} numbers, "
            f"{len(missing)} unaccounted"
        )
        print(*listed(chapter, missing), sep="\n")
    return 1 if total else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
