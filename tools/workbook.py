"""Write the student edition of the book: every solution replaced by a stub.

Usage::

    python -m tools.workbook                  # into _build/workbook/ (make workbook)
    python -m tools.workbook --out DIR        # into DIR
    python -m tools.workbook --help

Each gated solution of a notebook (the markdown cells ``{solution-start}``
and ``{solution-end}`` and every cell between) becomes one code cell: a
``# your code here`` stub for each function the solution defines, with the
same name and arguments and a body that raises NotImplementedError (once,
even when the solution shows two versions), then the solution's checker
imports and calls, kept as they were, once each. A solution without code,
and any solution of a pen-and-paper exercise, is simply removed. Every
output is cleared.

The markdown is made plain for a JupyterLab without the MyST extension:
an exercise becomes a heading with its label and its statement, an
admonition a quoted block with its title, a ``{solution}`` block is
removed, and roles such as ``{ref}`text <label>``` become their text, so
that no ``:label:`` line or directive fence is shown raw. The math stays
as it is, which JupyterLab renders.
Running a workbook therefore fails each checker until the learner writes
the function, and passes it once they write it right
(tests/test_workbook.py runs both).
"""

from __future__ import annotations

import argparse
import ast
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import nbformat

from tools.notebooks import BOOK, ROOT

OUT = ROOT / "_build" / "workbook"
STUB_BODY = "    # your code here\n    raise NotImplementedError\n"


@dataclass
class Solution:
    """One gated solution: its label, its code, and the stub that replaces it."""

    notebook: str
    label: str
    code: str
    stub: str

    @property
    def checked(self) -> str:
        """The solution's functions and checker calls, without the rest."""
        return _stub(self.code, empty=False)


def _stub(code: str, empty: bool = True) -> str:
    """A stub of ``code``: its functions emptied, its checker statements kept.

    With ``empty`` false, the functions are kept whole: the solution reduced
    to what its checker runs (tests/test_workbook.py runs it). Emptied, a
    function that the solution defines twice (a first try, then a better
    one) and a checker statement it repeats appear once.
    """
    tree = ast.parse(code)
    parts: list[str] = []
    for node in tree.body:
        segment = ast.get_source_segment(code, node) or ""
        if isinstance(node, ast.FunctionDef) and empty:
            stub = f"def {node.name}({ast.unparse(node.args)}):\n{STUB_BODY}"
            if not any(part.startswith(f"def {node.name}(") for part in parts):
                parts.append(stub)
        elif isinstance(node, ast.FunctionDef) or "check_" in segment:
            if not (empty and segment in parts):
                parts.append(segment)
    return "\n\n".join(parts) if parts else "# your code here"


#: A directive's opening fence: ```{name} argument, or :::{name}.
_FENCE = re.compile(r"^(?P<fence>`{3,}|:{3,})\{(?P<name>[\w-]+)\}\s*(?P<arg>.*)$")
#: The MyST roles the book uses or may use; W{l}` inside code is not one.
ROLES = ("ref", "numref", "eq", "doc", "math", "term", "abbr", "cite", "download")
_ROLE = re.compile(rf"(?<![\w$]){{(?P<name>{'|'.join(ROLES)})}}`(?P<text>[^`]*)`")
_ADMONITIONS = {
    "note": "Note",
    "tip": "Tip",
    "hint": "Hint",
    "important": "Important",
    "warning": "Warning",
    "caution": "Caution",
    "attention": "Attention",
    "danger": "Danger",
    "error": "Error",
    "seealso": "See also",
}


def _role(match: re.Match) -> str:
    """A MyST role as plain Markdown: its text, or math between dollars."""
    name, text = match["name"], match["text"]
    if name == "math":
        return f"${text}$"
    shown = re.match(r"^(?P<shown>.*?)\s*<[^>]*>$", text, re.S)
    return shown["shown"] if shown else text


def plain_markdown(source: str) -> str:
    """``source`` with its MyST directives and roles as plain Markdown."""
    lines = source.splitlines()
    out: list[str] = []
    i = 0
    while i < len(lines):
        opening = _FENCE.match(lines[i].strip())
        if not opening:
            if not re.match(r"^\(\S+\)=\s*$", lines[i]):  # a (target)= line
                out.append(_ROLE.sub(_role, lines[i]))
            i += 1
            continue
        fence, name, arg = opening["fence"], opening["name"], opening["arg"].strip()
        end = i + 1
        while end < len(lines) and lines[end].strip() != fence:
            end += 1
        body = lines[i + 1 : end]
        options = {}
        while body and re.match(r"^:[\w-]+:", body[0].strip()):
            key, _, value = body.pop(0).strip()[1:].partition(":")
            options[key] = value.strip()
        text = plain_markdown("\n".join(body)).strip("\n")
        i = end + 1
        if name in ("solution", "solution-start", "solution-end"):
            continue
        if name == "exercise":
            label = options.get("label", arg)
            heading = f"**Exercise** ({label})" if label else "**Exercise**"
            out += [heading, "", text]
        elif name in ("admonition", *_ADMONITIONS):
            title = arg if name == "admonition" else _ADMONITIONS[name]
            quoted = [f"> {line}" if line else ">" for line in text.splitlines()]
            out += [f"> **{title}**" if title else ">", ">", *quoted]
        elif name == "math":
            out += ["$$", text, "$$"]
        elif name in ("figure", "image"):
            out += [f"![{text or arg}]({arg})"]
        else:  # a table, a dropdown, ...: its caption, then its content
            out += ([f"**{arg}**", ""] if arg else []) + [text]
    return "\n".join(out)


def _pen_and_paper(statement: str) -> bool:
    """Whether an exercise's statement asks for pen and paper, not code."""
    return bool(re.search(r"pen[- ]and[- ]paper", statement, re.IGNORECASE))


def workbook(
    nb: nbformat.NotebookNode, name: str
) -> tuple[nbformat.NotebookNode, list]:
    """The student edition of ``nb``, and the solutions it replaced."""
    cells, solutions, inside, label, code = [], [], False, "", []
    statements: dict[str, str] = {}  # label: the exercise's statement
    for cell in nb.cells:
        source = cell.source
        if cell.cell_type == "markdown":
            for match in re.finditer(
                r"\{exercise\}[^\n]*\n:label:\s*(\S+)(.*?)(?=\n(`{3,}|:{3,})\s*$)",
                source,
                re.S | re.M,
            ):
                statements[match[1]] = match[2]
        if cell.cell_type == "markdown" and "{solution-start}" in source:
            inside, code = True, []
            label = source.split("{solution-start}")[1].split()[0]
            continue
        if inside and cell.cell_type == "markdown" and "{solution-end}" in source:
            inside = False
            if code and not _pen_and_paper(statements.get(label, "")):
                joined = "\n\n".join(code)
                stub = _stub(joined)
                solutions.append(Solution(name, label, joined, stub))
                cells.append(nbformat.v4.new_code_cell(stub))
            continue
        if inside:
            if cell.cell_type == "code":
                code.append(source)
            continue
        if cell.cell_type == "code":
            cell = nbformat.v4.new_code_cell(
                source, metadata=cell.metadata, id=cell.get("id")
            )
        else:
            cell = nbformat.v4.new_markdown_cell(
                plain_markdown(source), metadata=cell.metadata, id=cell.get("id")
            )
            if not cell.source.strip():
                continue
        cells.append(cell)
    out = nbformat.v4.new_notebook(metadata=nb.metadata, cells=cells)
    return out, solutions


def write_workbook(out: Path = OUT) -> list[Solution]:
    """Write every notebook of book/ into ``out``; return the solutions."""
    out.mkdir(parents=True, exist_ok=True)
    solutions = []
    for path in sorted(BOOK.glob("*.ipynb")):
        student, found = workbook(nbformat.read(path, as_version=4), path.name)
        nbformat.write(student, out / path.name)
        solutions += found
    return solutions


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tools.workbook",
        description="Write the student edition of the book: every solution "
        "replaced by a stub that fails its checker, the markdown made plain "
        "for JupyterLab.",
    )
    parser.add_argument(
        "--out",
        metavar="DIR",
        type=Path,
        default=OUT,
        help=f"the folder to write the notebooks into (default: {OUT})",
    )
    out = parser.parse_args(argv).out
    solutions = write_workbook(out)
    stubs = sum("NotImplementedError" in s.stub for s in solutions)
    print(
        f"{len(solutions)} solutions replaced ({stubs} with a function stub) in {out}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
