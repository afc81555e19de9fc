"""Tests for the public API: __all__, __version__, docstrings, module homes."""

import importlib
import inspect
import re
from pathlib import Path

import pytest

import scratchnn
from scratchnn import exercises

PUBLIC = sorted(scratchnn.__all__)
FUNCTIONS = [n for n in PUBLIC if inspect.isfunction(getattr(scratchnn, n))]
# The modules this test file answers for; datasets and plotting are other
# helpers' to check, but their names are in __all__ too. The checkers of
# scratchnn.exercises are not in scratchnn.__all__: the last tests check
# their package's __all__ and layout.
CORE = {
    "scratchnn.activations",
    "scratchnn.backprop",
    "scratchnn.cost",
    "scratchnn.forward",
    "scratchnn.gradcheck",
    "scratchnn.init",
    "scratchnn.model",
    "scratchnn.optimizers",
    "scratchnn.regularization",
    "scratchnn.saving",
    "scratchnn.update",
}
SECTION = re.compile(r"^(\w[\w ]*)\n-{3,}$", re.MULTILINE)
CHECKERS = [n for n in exercises.__all__ if n.startswith("check_")]


def test_all_has_no_duplicates_and_every_name_exists():
    assert len(PUBLIC) == len(set(PUBLIC))
    for name in PUBLIC:
        assert hasattr(scratchnn, name), name


def test_star_import_gives_exactly_all():
    namespace = {}
    exec("from scratchnn import *", namespace)
    assert set(namespace) - {"__builtins__"} == set(PUBLIC)


def test_version_is_a_release_string():
    assert isinstance(scratchnn.__version__, str)
    assert re.fullmatch(r"\d+\.\d+\.\d+(\w+\d*)?", scratchnn.__version__)


def test_the_core_steps_are_public():
    core = {
        "init_params", "linear_forward", "forward_prop", "cost_function", "backprop",
        "update_parameters", "model", "predict", "predict_proba", "gradient_check",
        "sigmoid", "sigmoid_backward", "relu", "relu_backward", "softmax",
        "random_mini_batches", "save_params", "load_params", "l2_penalty",
    }  # fmt: skip
    assert core <= set(PUBLIC)


def test_unknown_attribute_is_an_attribute_error():
    with pytest.raises(
        AttributeError, match="module 'scratchnn' has no attribute 'no_such_name'"
    ):
        scratchnn.no_such_name  # noqa: B018


def test_registries_are_the_modules_own():
    assert (
        scratchnn.ACTIVATIONS
        is importlib.import_module("scratchnn.activations").ACTIVATIONS
    )
    assert (
        scratchnn.OPTIMIZERS
        is importlib.import_module("scratchnn.optimizers").OPTIMIZERS
    )


@pytest.mark.parametrize("name", FUNCTIONS)
def test_every_function_is_importable_from_its_module(name):
    obj = getattr(scratchnn, name)
    module = importlib.import_module(obj.__module__)
    assert module.__name__.startswith("scratchnn.")
    assert getattr(module, name) is obj


@pytest.mark.parametrize("name", FUNCTIONS)
def test_every_function_has_a_summary_line(name):
    doc = inspect.getdoc(getattr(scratchnn, name))
    assert doc, f"{name} has no docstring"
    summary = doc.split("\n\n")[0]
    assert summary.strip().endswith("."), (
        f"{name}: summary {summary!r} is not a sentence"
    )


@pytest.mark.parametrize("name", FUNCTIONS)
def test_documented_parameters_are_the_real_ones(name):
    """A numpydoc Parameters section names every argument, and no stale ones."""
    obj = getattr(scratchnn, name)
    doc = inspect.getdoc(obj)
    sections = {m.group(1): m.end() for m in SECTION.finditer(doc)}
    if "Parameters" not in sections:
        return
    body = doc[sections["Parameters"] :]
    body = SECTION.split(body)[0]
    documented = set()
    for line in body.splitlines():
        if line and not line[0].isspace():  # "name : type" or "a, b : type"
            documented |= {part.strip() for part in line.split(" : ")[0].split(",")}
    actual = set(inspect.signature(obj).parameters)
    assert actual <= documented, f"{name}: undocumented {actual - documented}"
    assert documented <= actual, f"{name}: documents missing {documented - actual}"


@pytest.mark.parametrize(
    "name",
    [n for n in FUNCTIONS if getattr(scratchnn, n).__module__ in CORE],
)
def test_core_functions_with_arguments_document_them(name):
    obj = getattr(scratchnn, name)
    doc = inspect.getdoc(obj)
    headers = set(SECTION.findall(doc))
    if len(inspect.signature(obj).parameters) >= 3:
        assert "Parameters" in headers, name
    if "Raises" in headers:
        assert re.search(
            r"^(ValueError|TypeError|FloatingPointError)$", doc, re.MULTILINE
        ), name


def test_the_lazy_figure_names_are_the_figures_own():
    """__init__ lists the figure names by hand so as not to import pyplot:
    the curves, the diagrams and the style, each the object scratchnn.figures
    exports."""
    from scratchnn import figures
    from scratchnn.figures import curves, diagrams, style

    homes = {*curves.__all__, *diagrams.__all__, *style.__all__}
    assert set(scratchnn._FIGURES) == homes
    assert homes <= set(figures.__all__)
    for name in scratchnn._FIGURES:
        assert getattr(scratchnn, name) is getattr(figures, name), name


def test_each_exported_figure_name_has_one_home_in_the_subpackage():
    from scratchnn import figures

    modules = [
        importlib.import_module(f"scratchnn.figures.{name}")
        for name in ("animation", "curves", "diagrams", "panels", "recording", "style")
    ]
    for name in figures.__all__:
        homes = [m for m in modules if name in getattr(m, "__all__", ())]
        assert len(homes) == 1, f"{name} is exported by {homes}"
        assert getattr(homes[0], name) is getattr(figures, name), name


def test_star_import_of_the_checkers_gives_exactly_all():
    namespace = {}
    exec("from scratchnn.exercises import *", namespace)
    assert set(namespace) - {"__builtins__"} == set(exercises.__all__)


@pytest.mark.parametrize("name", CHECKERS)
def test_a_checker_lives_in_the_module_named_after_the_one_it_checks(name):
    """check_sigmoid is in scratchnn.exercises.activations, as sigmoid is in
    scratchnn.activations: CONTRIBUTING.md tells where a new checker goes."""
    home = getattr(exercises, name).__module__
    assert home.startswith("scratchnn.exercises."), name
    checked = importlib.import_module(home.replace(".exercises", "", 1))
    # A checker of an exercise-only function (loop_dW) names the one it
    # compares with.
    compared = getattr(getattr(exercises, name), "checks", name.removeprefix("check_"))
    function = getattr(checked, compared, None)
    assert function is not None and function.__module__ == checked.__name__, (
        f"{name} is in {home}, but {checked.__name__} does not define {compared}"
    )


@pytest.mark.parametrize("name", CHECKERS)
def test_a_checker_docstring_is_its_cases_and_its_chapter(name):
    """The shared contract (fn, CheckResult) is said once, in the package."""
    doc = inspect.getdoc(getattr(exercises, name))
    assert doc.split("\n\n")[0].strip().endswith("."), name
    assert SECTION.findall(doc) == ["Notes"], name
    assert re.search(r'^Used in the chapter ".+"\.$', doc, re.MULTILINE), name


def _public_functions():
    import ast

    root = Path(__file__).resolve().parent.parent / "scratchnn"
    paths = [*root.glob("[!_]*.py"), *(root / "figures").glob("[!_]*.py")]
    for path in sorted(paths):
        module = ".".join(path.relative_to(root.parent).with_suffix("").parts)
        # A module with __all__ exports those names; a helper it shares with
        # the package's other modules (padded_axis, recorded_activations)
        # is not a door.
        exported = getattr(importlib.import_module(module), "__all__", None)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:
            # A validate_<what> is a check that its module shares with the
            # validators of the modules above it: a building block, not a step.
            if (
                isinstance(node, ast.FunctionDef)
                and not node.name.startswith(("_", "validate_"))
                and (exported is None or node.name in exported)
            ):
                # A function without parameters (show_versions) has no door.
                if node.args.args or node.args.kwonlyargs or node.args.vararg:
                    yield path.name, node


@pytest.mark.parametrize(
    "where, node",
    list(_public_functions()),
    ids=[f"{p}:{n.name}" for p, n in _public_functions()],
)
def test_every_public_function_has_one_guard_and_no_inline_raise(where, node):
    """Validation happens once, at the door, through one guard per function."""
    import ast

    guards = [
        d
        for d in node.decorator_list
        if isinstance(d, ast.Call) and getattr(d.func, "id", "") == "validated_by"
    ]
    assert len(guards) == 1, (
        f"{where}: {node.name} needs exactly one @validated_by(_validate_...) "
        f"guard; it has {len(guards)}"
    )
    raises = [n.lineno for n in ast.walk(node) if isinstance(n, ast.Raise)]
    assert not raises, (
        f"{where}: {node.name} raises in its body (lines {raises}); move the check "
        f"into its validator, _validate_{node.name}, just above it"
    )
