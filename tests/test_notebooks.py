"""Hygiene of the book's notebooks, checked without running them.

nbval (``make nbval``) re-runs every notebook and compares its outputs; this file
checks what nbval cannot see: that the stored notebooks are the executed,
clean, portable ones the book and Colab readers get, and that _toc.yml,
_config.yml and book/api.md agree with what is in the repository.
"""

from __future__ import annotations

import base64
import json
import re
import struct
from pathlib import Path

import pytest

from tools import notebooks as nbtools

ROOT = Path(__file__).resolve().parent.parent
BOOK = ROOT / "book"


NOTEBOOKS = sorted(BOOK.glob("*.ipynb"))
IDS = [p.name for p in NOTEBOOKS]

LOCAL_PATH = re.compile(
    r"/work/|/root/|/home/|/tmp/|/Users/|[A-Za-z]:\\\\|ipykernel_\d"
)
TIMING_SOURCE = re.compile(
    r"perf_counter|process_time|time\.time\(|timeit|%%?time\b|datetime\.now|monotonic"
)
OBJECT_REPR = re.compile(r"<matplotlib\.[\w.]+ (object )?at 0x[0-9a-f]+>")


def _load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _source(cell: dict) -> str:
    return nbtools.cell_source(cell)


def _tags(cell: dict) -> list[str]:
    return cell.get("metadata", {}).get("tags", [])


def _output_texts(output: dict) -> list[str]:
    """The human-readable parts of an output (never base64 image data)."""
    texts = []
    if "text" in output:
        texts.append(
            "".join(output["text"])
            if isinstance(output["text"], list)
            else output["text"]
        )
    for mime, value in output.get("data", {}).items():
        if (
            mime.startswith("text/")
            or mime.endswith("+json")
            or mime == "image/svg+xml"
        ):
            texts.append("".join(value) if isinstance(value, list) else str(value))
    texts.extend(output.get("traceback", []))
    return texts


def _code_cells(nb: dict) -> list[tuple[int, dict]]:
    return [(i, c) for i, c in enumerate(nb["cells"]) if c["cell_type"] == "code"]


def test_book_has_notebooks():
    assert NOTEBOOKS, "book/ holds no notebook"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_kernelspec_is_python3(path):
    spec = _load(path)["metadata"].get("kernelspec", {})
    assert spec.get("name") == "python3", (
        f"{path.name}: kernelspec name is {spec.get('name')!r}; it must be 'python3' "
        "(Kernel > Change kernel > Python 3 in JupyterLab), or the build and nbval "
        "fail with NoSuchKernel elsewhere"
    )


#: The tag that the book build (myst-nb) and tools.execute (nbclient) skip.
SKIP = "skip-execution"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_executed_in_order(path):
    """Every cell ran, top to bottom; a cell tagged skip-execution (which the
    build and tools.execute do not run) stores nothing, so no stale output."""
    cells = [c for _, c in _code_cells(_load(path))]
    counts = [c.get("execution_count") for c in cells if SKIP not in _tags(c)]
    assert counts == list(range(1, len(counts) + 1)), (
        f"{path.name}: execution counts are {counts}; run `python -m tools.execute "
        f"book/{path.name}` (a fresh kernel, top to bottom) and commit the result"
    )
    stale = [
        i
        for i, c in enumerate(cells)
        if SKIP in _tags(c) and (c.get("outputs") or c.get("execution_count"))
    ]
    assert not stale, (
        f"{path.name}: code cells {stale} are tagged {SKIP!r} but store an "
        "output or execution count; clear them"
    )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_no_errors_or_stderr(path):
    problems = []
    for index, cell in _code_cells(_load(path)):
        for output in cell.get("outputs", []):
            if output["output_type"] == "error":
                problems.append(
                    f"cell {index}: stored error {output.get('ename')}: catch it and "
                    "print the message instead (CONTRIBUTING.md, 'What goes wrong')"
                )
            if output["output_type"] == "stream" and output.get("name") == "stderr":
                text = "".join(output["text"])[:120]
                problems.append(
                    f"cell {index}: output on stderr (a warning?): {text!r}"
                )
    assert not problems, f"{path.name}:\n  " + "\n  ".join(problems)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_outputs_are_portable(path):
    problems = []
    for index, cell in _code_cells(_load(path)):
        for output in cell.get("outputs", []):
            for text in _output_texts(output):
                for match in LOCAL_PATH.finditer(text):
                    line = text[
                        max(0, match.start() - 30) : match.end() + 50
                    ].splitlines()
                    problems.append(
                        f"cell {index}: machine-local path in output: {line}"
                    )
                if OBJECT_REPR.search(text):
                    problems.append(
                        f"cell {index}: shows a matplotlib object repr (its address "
                        "changes every run): end the cell with plt.show() or ';'"
                    )
    assert not problems, f"{path.name}:\n  " + "\n  ".join(problems)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_install_cell_comes_first(path):
    cells = _code_cells(_load(path))
    assert cells, f"{path.name} has no code cell, so no install cell"
    index, first = cells[0]
    expected = nbtools.install_cell_source(
        nbtools.repository_url(), nbtools.install_ref()
    )
    assert _source(first).strip() == expected, (
        f"{path.name}: the first code cell (cell {index}) must be the install cell, "
        f"exactly:\n{expected}\n(with the URL and install_ref of _config.yml; "
        "`make set-repository` rewrites every notebook's install cell)"
    )
    assert nbtools.INSTALL_TAG in _tags(first), (
        f"{path.name}: tag the install cell {nbtools.INSTALL_TAG!r} "
        "so that the book hides it"
    )
    assert not first.get("outputs"), f"{path.name}: the install cell printed something"


#: The only cells whose outputs strict nbval does not compare, by notebook and
#: cell id, each with the reason it cannot be compared. Every other printed
#: number must come out the same on every machine (BLAS kernel, thread count):
#: when one does not, change the experiment (float64, a schedule that is not
#: chaotic, several seeds, honest rounding), never add it here to make it pass.
NBVAL_EXEMPT = {
    ("07_model.ipynb", "cell-anim-04"): "animation: its jshtml holds fresh uuid4 ids",
    ("07_model.ipynb", "cell-anim-08"): "animation: its jshtml holds fresh uuid4 ids",
    (
        "11_optimizers.ipynb",
        "cell-anim-04",
    ): "animation: its jshtml holds fresh uuid4 ids",
    ("12_regularization.ipynb", "cell-anim-04"): (
        "animation: its jshtml holds fresh uuid4 ids"
    ),
    ("14_fast.ipynb", "cell-010"): "live timing: loop against vectorised pass",
    ("14_fast.ipynb", "cell-015"): "live timing: float64 against float32 epochs",
    ("14_fast.ipynb", "cell-022"): "live timing: cProfile's own time per function",
    ("14_fast.ipynb", "cell-026"): "live timing: bare products against the epoch",
    ("14_fast.ipynb", "cell-029"): "live timing: gathering columns against rows",
    ("14_fast.ipynb", "cell-032"): "this machine's BLAS library, kernel and threads",
    ("14_fast.ipynb", "cell-033"): "live timing: one BLAS thread against two",
    ("14_fast.ipynb", "cell-045"): "live timing: five runs of the same product",
    ("14_fast.ipynb", "cell-057"): "live timing: epochs for four batch sizes",
}
_EXEMPT_TAGS = {"nbval-ignore-output", "nbval-skip"}


def _is_exempt(cell: dict) -> bool:
    source = _source(cell)
    return bool(_EXEMPT_TAGS & set(_tags(cell))) or any(
        marker in source
        for marker in ("NBVAL_IGNORE_OUTPUT", "NBVAL_SKIP", "NBVAL_CHECK_OUTPUT")
    )


def test_only_reviewed_cells_escape_nbval():
    """Strict nbval compares every cell but those listed, with a reason, above."""
    found = {
        (path.name, cell.get("id")): index
        for path in NOTEBOOKS
        for index, cell in _code_cells(_load(path))
        if _is_exempt(cell)
    }
    unlisted = [
        f"{name} cell {index} (id {cell_id})"
        for (name, cell_id), index in found.items()
        if (name, cell_id) not in NBVAL_EXEMPT
    ]
    assert not unlisted, (
        "these cells are hidden from strict nbval but not on the reviewed list "
        f"NBVAL_EXEMPT in tests/test_notebooks.py: {unlisted}. Make their output "
        "the same on every machine instead; only a timing, an animation (fresh "
        "random ids) or a report of the reader's own hardware may be listed, with "
        "its reason"
    )
    stale = sorted(set(NBVAL_EXEMPT) - set(found))
    assert not stale, (
        f"NBVAL_EXEMPT lists cells that are no longer exempt or no longer exist: "
        f"{stale}; remove them from the list"
    )
    assert all(reason.strip() for reason in NBVAL_EXEMPT.values())


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_timing_cells_are_not_compared(path):
    problems = []
    for index, cell in _code_cells(_load(path)):
        source = _source(cell)
        if nbtools.is_install_cell(cell) or not cell.get("outputs"):
            continue
        if TIMING_SOURCE.search(source) and not (
            "nbval-ignore-output" in _tags(cell) or "NBVAL_IGNORE_OUTPUT" in source
        ):
            problems.append(
                f"cell {index} measures time: tag it nbval-ignore-output, since "
                f"its output differs on every run:\n    {source.splitlines()[0]}"
            )
    assert not problems, f"{path.name}:\n  " + "\n  ".join(problems)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_exercises_have_collapsed_solutions(path):
    """Each exercise is labelled and has a solution rendered as a dropdown."""
    markdown = "\n".join(
        _source(c) for c in _load(path)["cells"] if c["cell_type"] == "markdown"
    )
    problems = []
    labels = re.findall(
        r"[`:]{3,}\{exercise(?:-start)?\}[^\n]*\n((?::[\w-]+:.*\n)*)", markdown
    )
    for options in labels:
        if ":label:" not in options:
            problems.append("an {exercise} without :label: (its solution needs it)")
    for name, target, options in re.findall(
        r"[`:]{3,}\{(solution(?:-start)?)\}[ \t]*(\S*)[^\n]*\n((?::[\w-]+:.*\n)*)",
        markdown,
    ):
        if ":class: dropdown" not in options:
            problems.append(
                f"{{{name}}} {target}: add ':class: dropdown' so it starts collapsed"
            )
        if ":hidden:" in options:
            problems.append(f"{{{name}}} {target}: ':hidden:' crashes the build")
    assert not problems, f"{path.name}:\n  " + "\n  ".join(problems)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_every_figure_says_what_it_shows(path):
    """A cell that draws a figure carries a caption or alt text (mystnb metadata)."""
    silent = []
    for index, cell in _code_cells(_load(path)):
        draws = any("image/png" in o.get("data", {}) for o in cell.get("outputs", []))
        mystnb = cell["metadata"].get("mystnb", {})
        described = mystnb.get("figure", {}).get("caption") or mystnb.get(
            "image", {}
        ).get("alt")
        if draws and not described:
            silent.append(index)
    assert not silent, (
        f"cells {silent} draw a figure without a caption or alt text: add "
        '"mystnb": {"figure": {"caption": ...}, "image": {"alt": ...}} to the '
        "cell's metadata"
    )


# Figures a phone can read (issue 23). Every text of a figure the package
# draws is large enough to show at 8 CSS px once a phone shrinks its picture
# to the column (tests/test_figures_style.py); chapters keep that promise when
# they draw through the package, and stay narrow enough for it: past this
# width the text a phone needs crowds the panels of a row (a 12-inch row of
# three takes 21.5-point text); stack the panels instead.
MAX_FIGURE_PX = 1000
OWN_FIGURE = re.compile(r"\b(plt\.(subplots?|figure|subplot_mosaic)|Figure)\(")


def _stored_png_widths(cell: dict) -> list[int]:
    widths = []
    for output in cell.get("outputs", []):
        png = output.get("data", {}).get("image/png")
        if png:
            head = base64.b64decode("".join(png)[:64])  # the IHDR chunk
            widths.append(struct.unpack(">I", head[16:20])[0])
    return widths


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_figures_are_drawn_by_the_package(path):
    """plt.subplots or plt.figure in a chapter would bypass the text sizes
    new_figure gives every figure."""
    own = [i for i, c in _code_cells(_load(path)) if OWN_FIGURE.search(_source(c))]
    assert not own, (
        f"cells {own} make a figure themselves: use "
        "scratchnn.figures.new_figure (or a plotting function without ax=)"
    )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_stored_figures_are_narrow_enough_for_a_phone(path):
    """Regression (issue 23): rows of three or four panels 1,211 to 1,328 px
    wide showed their text at 3.6 to 3.9 CSS px on a phone."""
    wide = {
        i: w
        for i, c in _code_cells(_load(path))
        for w in _stored_png_widths(c)
        if w > MAX_FIGURE_PX
    }
    assert not wide, (
        f"cells {wide} store figures wider than {MAX_FIGURE_PX} px (cell: px):"
        " stack the panels (nrows= rather than ncols=) or narrow the figsize"
    )


# An exercise's solution sits in an indented box: on a 390 px phone its
# output is 260 CSS px wide (measured by tests/site), not 327. A picture no
# wider than this keeps 10-point text at 8 px there (10 pt at 100 dpi is
# 13.9 px; 260 / 451 of it is 8.0 px): draw solution figures narrow.
MAX_SOLUTION_FIGURE_PX = 451


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_solution_figures_are_narrow_enough_for_a_phone(path):
    cells = _load(path)["cells"]
    index = {id(c): i for i, c in enumerate(cells)}
    wide = {
        index[id(c)]: w
        for c in nbtools.solution_code_cells(cells)
        for w in _stored_png_widths(c)
        if w > MAX_SOLUTION_FIGURE_PX
    }
    assert not wide, (
        f"solution cells {wide} store figures wider than "
        f"{MAX_SOLUTION_FIGURE_PX} px (cell: px): a solution's output is "
        "260 px on a phone; give new_figure a figsize about 4.3 inches wide"
    )


def test_the_book_has_at_least_one_figure_per_chapter():
    chapters = [p for p in NOTEBOOKS if p.name[:2].isdigit()]
    for path in chapters:
        figures = sum(
            any("image/png" in o.get("data", {}) for o in cell.get("outputs", []))
            for _, cell in _code_cells(_load(path))
        )
        assert figures >= 1, f"{path.name} has no figure"


def test_every_notebook_is_in_the_toc():
    listed = set(nbtools.toc_files())
    missing = [p.name for p in NOTEBOOKS if f"book/{p.stem}" not in listed]
    assert not missing, f"add these notebooks to _toc.yml: {missing}"


def test_every_toc_entry_exists():
    absent = [
        entry
        for entry in nbtools.toc_files()
        if nbtools.resolve_toc_file(entry) is None
    ]
    assert not absent, f"_toc.yml lists files that do not exist: {absent}"


def test_api_page_covers_every_module():
    api = (BOOK / "api.md").read_text(encoding="utf-8")
    # Modules and packages (scratchnn.exercises): each is one section.
    modules = sorted(
        p.stem
        for p in (ROOT / "scratchnn").iterdir()
        if (p.suffix == ".py" or (p / "__init__.py").exists())
        and not p.stem.startswith("_")
    )
    missing = [m for m in modules if f".. automodule:: scratchnn.{m}\n" not in api]
    assert not missing, (
        f"book/api.md has no '.. automodule:: scratchnn.<name>' section for {missing}; "
        "copy one of the existing sections"
    )


def test_repository_url_is_the_same_everywhere():
    url = nbtools.repository_url()
    assert url.startswith("https://"), f"_config.yml repository.url is {url!r}"
    for doc in ("README.md", "CONTRIBUTING.md"):
        path = ROOT / doc
        if path.exists():
            text = path.read_text(encoding="utf-8")
            others = {m.group(1) for m in nbtools.INSTALL_URL.finditer(text)}
            assert others <= {url}, f"{doc} installs from {others}, _config.yml: {url}"


PART_1 = [p for p in NOTEBOOKS if p.name[:2] in {f"0{n}" for n in range(1, 8)}]
#: What the listings of chapters 1-7 may print in all: a learner came for the
#: algorithm, and the docstrings live on the API page.
LISTING_BUDGET = 300


def _listing_code(output: dict) -> str | None:
    """The code of a listing that scratchnn.show displayed (a fenced
    ``text/markdown`` block), or None for any other output."""
    text = "".join(output.get("data", {}).get("text/markdown", ""))
    if not text.startswith("```python"):
        return None
    return text.removeprefix("```python\n")[:-4]


def _listings(path: Path) -> list[str]:
    """The code of every listing a notebook displays with scratchnn.show."""
    return [
        code
        for _, cell in _code_cells(_load(path))
        for output in cell.get("outputs", [])
        if (code := _listing_code(output)) is not None
    ]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_listings_come_from_show_never_from_string_positions(path):
    problems = [
        f"cell {index}: {line.strip()!r}"
        for index, cell in _code_cells(_load(path))
        for line in _source(cell).splitlines()
        if "getsource(" in line or re.search(r"source\[.*index\(", line)
    ]
    assert not problems, (
        f"{path.name} prints source by hand; use scratchnn.show(fn) or "
        f"show(fn, section=...) with a '# --- name' marker instead: {problems}"
    )


def test_part_1_listings_show_the_algorithm_within_the_budget():
    listings = [code for path in PART_1 for code in _listings(path)]
    assert listings, "chapters 1-7 show no listing"
    lines = sum(len(code.splitlines()) for code in listings)
    assert lines <= LISTING_BUDGET, (
        f"the listings of chapters 1-7 print {lines} lines, over the budget of "
        f"{LISTING_BUDGET}: show a section instead of the whole function"
    )
    for code in listings:
        docstrings = re.findall(r'"""(.*?)"""', code, re.S)
        assert all("\n" not in d for d in docstrings), (
            f"a listing shows a docstring body:\n{code[:300]}"
        )


#: What a listing of chapters 1-7 never shows: it is the algorithm alone.
#: Each pattern with what it stands for, for the message.
NOT_THE_ALGORITHM = {
    r"^\s*@": "a decorator line",
    r"\bdtype\b|\blike\s*=|\bdevice\b|\bto_device\b|\bconvert_params\b": (
        "dtype or device plumbing"
    ),
    r"#\s*fmt\s*:": "a formatter pragma",
    r"keep_prob|\blambd\b|dropout|\bl2\b|_l2\b|\bl2_|compute_dA0|inplace": (
        "a part-2 option (dropout, L2, dA0, in place)"
    ),
}


def listing_problems(code: str) -> list[str]:
    """What in a listing is not the algorithm, or wider than COLUMNS."""
    problems = []
    for line in code.splitlines():
        for pattern, what in NOT_THE_ALGORITHM.items():
            if re.search(pattern, line):
                problems.append(f"{what}: {line.strip()!r}")
        if len(line) > COLUMNS:
            problems.append(f"{len(line)} columns: {line.strip()!r}")
    return problems


def test_part_1_listings_are_the_algorithm_alone():
    """The stored outputs of show() in chapters 1-7: no decorator, no dtype or
    device line, no formatter pragma, no part-2 option, nothing over 72
    columns."""
    problems = [
        f"{path.name}: {problem}"
        for path in PART_1
        for code in _listings(path)
        for problem in listing_problems(code)
    ]
    assert not problems, "listings of chapters 1-7:\n  " + "\n  ".join(problems)


@pytest.mark.parametrize(
    "line, what",
    [
        ("@validated_by(_validate_update_parameters)", "a decorator line"),
        ("    W = W.astype(dtype) + 0.0", "dtype or device plumbing"),
        ('    params[f"b{l}"] = np.zeros((n, 1), like=like)', "dtype or device"),
        ("    )  # fmt: skip", "a formatter pragma"),
        ("    keep_prob: float = 1.0,", "a part-2 option"),
        ("    return cost + l2_penalty(params, lambd, m)", "a part-2 option"),
        ("    D = dropout_mask(A.shape, 0.5, rng)", "a part-2 option"),
        ("    out=P if inplace else None", "a part-2 option"),
        ("    grads = backward(AL, Y, caches, compute_dA0=False)", "a part-2 option"),
        ("    x = 1  " + "#" * 70, "columns"),
    ],
)
def test_a_planted_bad_listing_fails(line, what):
    code = f'def f(X, params):\n    """One line."""\n{line}\n    return X'
    problems = listing_problems(code)
    assert any(what in p for p in problems), problems
    assert not listing_problems("def f(X, params):\n    return W - learning_rate * dW")


def unknown_calls(prose: str, code: str, model_source: str) -> list[str]:
    """The calls `name(...)` in ``prose`` that name no function: not one of
    scratchnn, not a name bound in model's source (the loop's steps), not
    numpy's, not one the chapter's code defines (an exercise's my_model), not
    the user's callback fn."""
    import scratchnn

    missing = []
    for name in sorted(set(re.findall(r"`([A-Za-z_][\w.]*)\(", prose))):
        first = name.split(".")[0]
        known = (
            hasattr(scratchnn, first)
            or re.search(rf"^\s*[\w, ]*\b{first}\b[\w, ]* = ", model_source, re.M)
            or first in ("np", "fn", "callback")
            or re.search(rf"^def {first}\(", code, re.M)
        )
        if not known:
            missing.append(name)
    return missing


def test_chapter_7_names_only_functions_that_exist():
    import inspect

    import scratchnn

    nb = _load(BOOK / "07_model.ipynb")
    prose = "\n".join(_source(c) for c in nb["cells"] if c["cell_type"] == "markdown")
    code = "\n".join(_source(c) for c in nb["cells"] if c["cell_type"] == "code")
    model_source = inspect.getsource(inspect.unwrap(scratchnn.model))
    missing = unknown_calls(prose, code, model_source)
    assert not missing, f"chapter 7 names functions that do not exist: {missing}"
    # The sentence of 0.2.0's chapter 7, with a function that never existed:
    planted = "runs inside `_stop_if_diverged(i)`, then `report(i, cost, params)`"
    assert unknown_calls(planted, code, model_source) == ["_stop_if_diverged"]


def test_install_ref_names_this_release():
    """A release tag as install_ref must be this version's tag; a branch is free."""
    import scratchnn

    ref = nbtools.install_ref()
    if nbtools.VERSION_TAG.match(ref):
        assert ref == f"v{scratchnn.__version__}", (
            f"_config.yml repository.install_ref is {ref!r} but scratchnn is "
            f"{scratchnn.__version__}: run `make set-repository "
            f"REF=v{scratchnn.__version__}` (or REF=main between releases)"
        )


def test_set_repository_rewrites_old_install_cells(tmp_path, monkeypatch):
    """The tool replaces an install cell of an older form and is idempotent."""
    import nbformat

    from tools.set_repository import write_install_cells

    old = nbformat.v4.new_code_cell(
        "import sys\n\nif 'google.colab' in sys.modules:\n"
        '    %pip install --quiet "scratchnn @ git+https://example.org/a/b"'
    )
    old.metadata["tags"] = [nbtools.INSTALL_TAG]
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Title"), old])
    nbformat.write(nb, tmp_path / "01_a.ipynb")
    nbformat.write(nbformat.v4.new_notebook(), tmp_path / "02_b.ipynb")

    url, ref = "https://example.org/owner/name", "v9.9.9"
    changed, missing = write_install_cells(url, ref, book=tmp_path)
    assert [p.name for p in changed] == ["01_a.ipynb"]
    assert [p.name for p in missing] == ["02_b.ipynb"]
    cell = nbformat.read(tmp_path / "01_a.ipynb", as_version=4).cells[1]
    assert _source(cell) == nbtools.install_cell_source(url, ref)
    assert f'"scratchnn[book] @ git+{url}@{ref}"' in _source(cell)
    assert write_install_cells(url, ref, book=tmp_path)[0] == []


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_each_cells_prints_are_one_output(path):
    """tools/execute.py joins a cell's prints, so a re-run changes no file."""
    split = [
        index
        for index, cell in _code_cells(_load(path))
        for first, second in zip(
            cell.get("outputs", []), cell.get("outputs", [])[1:], strict=False
        )
        if first["output_type"] == second["output_type"] == "stream"
        and first["name"] == second["name"]
    ]
    assert not split, (
        f"{path.name}: cells {split} store their prints in pieces; re-run them with "
        "python -m tools.execute"
    )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_solutions_start_collapsed_in_jupyterlab(path):
    """A gated solution's code cells are stored collapsed (source and outputs).

    The book hides them in sphinx-exercise's dropdown; JupyterLab knows nothing
    of it and would show the answer right under the exercise.
    """
    nb = _load(path)
    open_cells = [
        cell.get("id")
        for cell in nbtools.solution_code_cells(nb["cells"])
        if any(
            cell["metadata"].get("jupyter", {}).get(k) is not True
            for k in nbtools.COLLAPSED
        )
    ]
    assert not open_cells, (
        f"{path.name}: the solution cells {open_cells} are not collapsed for "
        "JupyterLab: run `python -m tools.notebooks` (or tools.execute), which "
        'sets "jupyter": {"source_hidden": true, "outputs_hidden": true}'
    )


def test_the_collapse_finds_solution_cells():
    """The check above is not vacuous: the book has gated solutions with code."""
    found = sum(
        len(nbtools.solution_code_cells(_load(path)["cells"])) for path in NOTEBOOKS
    )
    assert found >= 14, f"only {found} solution code cells in the whole book"


def test_every_notebook_stores_the_kernels_language_info():
    """JupyterLab writes the kernel's language_info into a notebook it opens.

    A notebook stored without any of those fields (the version above all) is
    marked modified as soon as it is opened, and autosave rewrites the tracked
    file. Every notebook stores the whole reply, the same for all.
    """
    infos = {}
    for path in NOTEBOOKS:
        info = _load(path)["metadata"].get("language_info", {})
        missing = nbtools.LANGUAGE_INFO_KEYS - info.keys()
        assert not missing, (
            f"{path.name}: language_info lacks {sorted(missing)}; run "
            "`python -m tools.notebooks` (or tools.execute), which stores what the "
            "kernel reports"
        )
        infos[path.name] = json.dumps(info, sort_keys=True)
    assert len(set(infos.values())) == 1, (
        f"the notebooks store different language_info: {infos}; run "
        "`python -m tools.notebooks` to write the same kernel's into all"
    )
    runtime = (ROOT / "binder" / "runtime.txt").read_text().strip()
    version = json.loads(next(iter(infos.values())))["version"]
    assert f"python-{version}".startswith(runtime + "."), (
        f"the notebooks were executed with Python {version}, Binder runs {runtime}"
    )


#: The widest code or printed line a chapter may hold: a phone's column (390 px)
#: shows about 40 characters, a laptop's JupyterLab with the file browser open
#: about 80. Ruff formats the notebooks to this width (book/ruff.toml).
COLUMNS = 72


#: Cells whose printed lines come from the exercise checkers
#: (scratchnn.exercises), not from the chapter's code: the checkers' messages
#: are theirs to wrap. Reviewed; each with its reason.
WIDE_OUTPUT_EXEMPT = {
    ("02_sigmoid.ipynb", "cell-031"): "check_sigmoid's hint for an overflow",
    ("08_activations.ipynb", "cell-046"): "check_relu_backward's case line",
    ("09_initialisation.ipynb", "cell-034"): "check_init_params's note",
    ("12_regularization.ipynb", "8b9ffe14"): "the dropout checker's case line",
    ("12_regularization.ipynb", "4069cb0b"): "the dropout checker's case line",
    ("course.ipynb", "c6491550"): "check_sigmoid's hint for an overflow",
    ("course.ipynb", "022612d4"): "a checker's record as JSON, with its hint",
    ("course.ipynb", "155e1371"): "check_sigmoid's report and its AssertionError",
}


def wide_lines(name: str, nb: dict) -> list[str]:
    """The lines of notebook ``name`` wider than COLUMNS: code, printed
    output, and the package's own code that show() lists, in every chapter
    (no exemption covers a listing: the package's source is ours to wrap)."""
    problems = []
    for index, cell in _code_cells(nb):
        if nbtools.is_install_cell(cell):
            continue  # hidden in the book; its template is tools/notebooks.py's
        for line in _source(cell).splitlines():
            if len(line) > COLUMNS:
                problems.append(f"cell {index}: code, {len(line)} columns: {line!r}")
        exempt = (
            "nbval-ignore-output" in _tags(cell)
            or (name, cell.get("id")) in WIDE_OUTPUT_EXEMPT
        )
        for output in cell.get("outputs", []):
            code = _listing_code(output)
            if code is not None:  # its text/plain is the same code
                kind, texts = "listing", [code]
            elif exempt:
                continue
            else:
                kind = "output"
                texts = [output.get("text", "")]
                texts.append(output.get("data", {}).get("text/plain", ""))
            for text in texts:
                text = "".join(text) if isinstance(text, list) else text
                for line in text.splitlines():
                    if len(line) > COLUMNS:
                        problems.append(
                            f"cell {index}: {kind}, {len(line)} columns: {line!r}"
                        )
    return problems


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_code_and_printed_lines_fit_72_columns(path):
    problems = wide_lines(path.name, _load(path))
    assert not problems, (
        f"{path.name}: lines wider than {COLUMNS} columns (ruff format the "
        "notebook; wrap long prints with textwrap.fill or shorter f-strings; "
        "a listing's lines are the package's source: wrap them there, in a "
        "form ruff format keeps; stored outputs change when the notebook is "
        "re-executed):\n  " + "\n  ".join(p[:160] for p in problems)
    )


def _listing_cell(code: str, cell_id: str, tags: list[str]) -> dict:
    """A code cell as a notebook stores show()'s output."""
    return {
        "cell_type": "code",
        "id": cell_id,
        "metadata": {"tags": tags},
        "source": "snn.show(snn.save_params)",
        "outputs": [
            {
                "output_type": "execute_result",
                "execution_count": 1,
                "metadata": {},
                "data": {
                    "text/markdown": f"```python\n{code}\n```",
                    "text/plain": code,
                },
            }
        ],
    }


@pytest.mark.parametrize(
    "name, cell_id, tags",
    [
        ("08_activations.ipynb", "planted", []),
        ("13_softmax.ipynb", "planted", []),
        # The exemptions for printed lines never cover a listing.
        ("13_softmax.ipynb", "planted", ["nbval-ignore-output"]),
        ("08_activations.ipynb", "cell-046", []),  # in WIDE_OUTPUT_EXEMPT
    ],
)
def test_a_planted_wide_listing_fails_in_any_chapter(name, cell_id, tags):
    assert (name, cell_id) in WIDE_OUTPUT_EXEMPT or cell_id == "planted"
    wide = (
        "def save_params(path: str | os.PathLike, params: Mapping[str, Any]) -> None:"
    )
    at_limit = (
        "def save_params(path: str | os.PathLike, params: Mapping[str, NDArray]):"
    )
    assert len(wide) == COLUMNS + 4 and len(at_limit) == COLUMNS
    nb = {"cells": [_listing_cell(f"{wide}\n    return None", cell_id, tags)]}
    assert wide_lines(name, nb) == [
        f"cell 0: listing, {COLUMNS + 4} columns: {wide!r}"
    ]  # once: its text/plain, the same code, is not reported again
    assert wide_lines(name, {"cells": [_listing_cell(at_limit, cell_id, tags)]}) == []
    # The algorithm-alone rules stay with chapters 1-7: a part-2 option
    # within the width is no problem of the width check.
    part_2 = "def f(X, keep_prob):\n    return dropout(X, keep_prob)"
    assert wide_lines(name, {"cells": [_listing_cell(part_2, cell_id, tags)]}) == []


def test_wide_output_exemptions_exist():
    cells = {
        (path.name, cell.get("id"))
        for path in NOTEBOOKS
        for cell in _load(path)["cells"]
    }
    stale = sorted(set(WIDE_OUTPUT_EXEMPT) - cells)
    assert not stale, f"WIDE_OUTPUT_EXEMPT names cells that no longer exist: {stale}"
