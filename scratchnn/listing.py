"""Show the package's own code the way the book wants it read.

The chapters print the functions they explain from the package itself, so
that the page can never drift from the code that is tested. A listing shows
the signature, the docstring's summary line and the body: the rest of the
docstring belongs to the API reference. A longer function is shown in named
sections, marked in its source by comment lines such as::

    # --- training loop
    for i in range(num_iterations):
        ...
    # --- end

A section runs from its marker to the next marker line (any ``# ---``);
marker lines themselves are never shown.

Explained in the chapter "Initialise the parameters", where the first
listing appears.
"""

from __future__ import annotations

import ast
import inspect
import re
import textwrap
from typing import Any

from ._checks import validated_by

_MARKER = re.compile(r"^\s*# --- ?(.*?)\s*$")


class Listing:
    """Source code that displays highlighted in Jupyter and as text elsewhere."""

    def __init__(self, code: str) -> None:
        self.code = code

    def __str__(self) -> str:
        return self.code

    def __repr__(self) -> str:
        return self.code

    def _repr_markdown_(self) -> str:
        # A fenced block: JupyterLab and the book both highlight it, and it
        # carries no HTML that changes with the Pygments version.
        return f"```python\n{self.code}\n```"


def _validate_show(objects: tuple[Any, ...], section: str | None) -> None:
    if not objects:
        raise TypeError("show() needs at least one function, class or module")
    for obj in objects:
        try:
            source = _raw_source(obj)
        except (TypeError, OSError) as error:
            raise TypeError(
                "show() needs a function, class or module written in Python; got "
                f"{obj!r} ({error})"
            ) from None
        if section is None:
            continue
        lines = source.splitlines()
        if _section_start(lines, section) is None:
            where = getattr(obj, "__qualname__", getattr(obj, "__name__", repr(obj)))
            known = ", ".join(repr(n) for n in _sections(lines)) or "none"
            raise ValueError(
                f"{where} has no section {section!r} (a comment line "
                f"'# --- {section}' in its source); its sections: {known}"
            )


@validated_by(_validate_show)
def show(*objects: Any, section: str | None = None) -> Listing:
    """The source of scratchnn functions, classes or modules, to read.

    Parameters
    ----------
    objects : function, class or module
        One or more, shown in order with a blank line between them.
    section : str, optional
        Show only the section of that name, marked in the source by a
        comment line ``# --- <section>`` (see the module docstring).

    Returns
    -------
    Listing
        Displays as highlighted Python in a notebook, as plain text in a
        terminal (``print(show(f))``).

    Raises
    ------
    ValueError
        If ``section`` is given and an object has no such section; the
        message lists the sections it has.
    TypeError
        If an object has no Python source (a built-in function, a number).

    Notes
    -----
    Used by every chapter that shows code.

    Examples
    --------
    >>> from scratchnn import show, linear_forward
    >>> print(show(linear_forward))  # doctest: +ELLIPSIS
    def linear_forward(...
    """
    parts = [_source(obj, section) for obj in objects]
    return Listing("\n\n".join(parts))


def _source(obj: Any, section: str | None) -> str:
    lines = _without_docstring_body(_raw_source(obj), obj).splitlines()
    if section is not None:
        start = _section_start(lines, section)
        assert start is not None  # _validate_show checked the section exists
        end = next(
            (i for i in range(start, len(lines)) if _MARKER.match(lines[i])),
            len(lines),
        )
        lines = lines[start:end]
    shown = [line for line in lines if not _MARKER.match(line)]
    return textwrap.dedent("\n".join(shown)).strip("\n")


def _raw_source(obj: Any) -> str:
    obj = inspect.unwrap(obj) if callable(obj) else obj
    return textwrap.dedent(inspect.getsource(obj))


def _section_start(lines: list[str], name: str) -> int | None:
    """The index after the marker ``# --- name``, or None if there is none
    (``end`` ends a section and is none)."""
    if name == "end":
        return None
    starts = [i for i, line in enumerate(lines) if _marker_name(line) == name]
    return starts[0] + 1 if starts else None


def _sections(lines: list[str]) -> list[str]:
    names = [m.group(1) for line in lines if (m := _MARKER.match(line))]
    return [n for n in names if n != "end"]


def _without_docstring_body(source: str, obj: Any) -> str:
    """Keep a function's or class's docstring summary line, drop the rest,
    and drop its decorators: what it accepts is declared in the source and the
    API reference, and a listing is the algorithm."""
    if inspect.ismodule(obj):
        return source
    try:
        node = ast.parse(source).body[0]
    except SyntaxError:  # a lambda's lines, cut from a longer expression
        return source
    if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
        return source  # a lambda: the line that holds it, as written
    lines = source.splitlines()
    start = node.lineno - 1  # the def or class line, after any decorator
    docstring = ast.get_docstring(node, clean=False) if node.body else None
    first = node.body[0] if node.body else None
    if docstring is None or not isinstance(first, ast.Expr):
        return "\n".join(lines[start:])
    summary = inspect.cleandoc(docstring).split("\n\n")[0].strip()
    summary = " ".join(summary.split())  # a summary wrapped over two lines
    line = lines[first.lineno - 1]
    indent = line[: len(line) - len(line.lstrip())]
    quote = '"""'
    kept = [f"{indent}{quote}{summary}{quote}"]
    return "\n".join(lines[start : first.lineno - 1] + kept + lines[first.end_lineno :])


def _marker_name(line: str) -> str | None:
    match = _MARKER.match(line)
    return match.group(1) if match else None
