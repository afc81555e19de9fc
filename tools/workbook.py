"""Write the student edition of the book: every solution replaced by a stub.

Usage::

    python -m tools.workbook            # into _build/workbook/ (make workbook)
    python -m tools.workbook OUT_DIR

Each gated solution of a notebook (the markdown cells ``{solution-start}``
and ``{solution-end}`` and every cell between) becomes one code cell: a
``# your code here`` stub for each function the solution defines, with the
same name and arguments and a body that raises NotImplementedError, then
the solution's checker imports and calls, kept as they were. A solution
without code (pen and paper) is simply removed. Every output is cleared.
Running a workbook therefore fails each checker until the learner writes
the function, and passes it once they write it right
(tests/test_workbook.py runs both).
"""

from __future__ import annotations

import ast
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
    to what its checker runs (tests/test_workbook.py runs it).
    """
    tree = ast.parse(code)
    parts = []
    for node in tree.body:
        segment = ast.get_source_segment(code, node) or ""
        if isinstance(node, ast.FunctionDef) and empty:
            parts.append(f"def {node.name}({ast.unparse(node.args)}):\n{STUB_BODY}")
        elif isinstance(node, ast.FunctionDef) or "check_" in segment:
            parts.append(segment)
    return "\n\n".join(parts) if parts else "# your code here"


def workbook(
    nb: nbformat.NotebookNode, name: str
) -> tuple[nbformat.NotebookNode, list]:
    """The student edition of ``nb``, and the solutions it replaced."""
    cells, solutions, inside, label, code = [], [], False, "", []
    for cell in nb.cells:
        source = cell.source
        if cell.cell_type == "markdown" and "{solution-start}" in source:
            inside, code = True, []
            label = source.split("{solution-start}")[1].split()[0]
            continue
        if inside and cell.cell_type == "markdown" and "{solution-end}" in source:
            inside = False
            if code:
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
    args = sys.argv[1:] if argv is None else argv
    out = Path(args[0]) if args else OUT
    solutions = write_workbook(out)
    stubs = sum("NotImplementedError" in s.stub for s in solutions)
    print(
        f"{len(solutions)} solutions replaced ({stubs} with a function stub) in {out}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
