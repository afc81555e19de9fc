"""Tests for scratchnn.listing: what show() keeps, drops and refuses."""

import textwrap

import pytest

import scratchnn as snn
from scratchnn import model, show
from scratchnn.figures import Recorder
from scratchnn.listing import Listing


def example(x, y=1):
    """Add two numbers.

    A long description that belongs to the API page,
    over two lines.

    Parameters
    ----------
    x : float
    """
    # --- first part
    z = x + y
    # --- second part
    w = z * 2
    # --- end
    return w


def test_a_listing_keeps_signature_summary_and_body_and_drops_the_rest():
    code = str(show(example))
    assert code.splitlines()[:2] == [
        "def example(x, y=1):",
        '    """Add two numbers."""',
    ]
    assert "long description" not in code and "Parameters" not in code
    assert "z = x + y" in code and "return w" in code
    assert "# ---" not in code  # the markers are for the source, not the page


def test_a_section_is_the_lines_between_its_marker_and_the_next_dedented():
    assert str(show(example, section="first part")) == "z = x + y"
    assert str(show(example, section="second part")) == "w = z * 2"


def test_a_missing_section_fails_loudly_and_lists_the_known_ones():
    with pytest.raises(
        ValueError, match="no section 'loop'.*'first part', 'second part'"
    ):
        show(example, section="loop")


def test_several_objects_are_shown_in_order_with_a_blank_line_between():
    code = str(show(snn.sigmoid, snn.sigmoid_backward))
    first, second = code.split("\n\n\n")[0], code.split("\n\n")[-1]
    assert "def sigmoid(" in first and "def sigmoid_backward(" in second


def test_a_decorated_function_shows_its_signature_and_formula_not_its_guard():
    """What a function accepts is declared in the source and the API
    reference; a listing is the algorithm."""
    lines = str(show(snn.linear_forward)).splitlines()
    assert lines[0].startswith("def linear_forward(")
    assert "    Z = W @ A_prev + b" in lines[:8]
    assert not any(line.lstrip().startswith("@") for line in lines)


def test_a_decorator_with_arguments_over_several_lines_is_left_out_too():
    code = str(show(snn.update_parameters))
    assert code.startswith("def update_parameters(") and "cause=" not in code


def test_a_summary_wrapped_over_two_lines_becomes_one():
    def wrapped():
        """A summary that was
        wrapped.

        More.
        """

    assert '"""A summary that was wrapped."""' in str(show(wrapped))


def test_a_function_without_docstring_is_shown_whole():
    def bare(a):
        return a

    assert str(show(bare)) == "def bare(a):\n    return a"


def test_model_training_loop_reads_like_the_pseudo_code():
    loop = str(show(model, section="training loop"))
    for step in ("forward(", "compute_cost(", "backward(", "update("):
        assert step in loop
    assert loop.startswith("for i in range(num_iterations):")


def test_a_module_section():
    """model picks its steps by name, with plain ifs: no closure, no partial."""
    code = str(show(snn.model, section="steps"))
    assert "= forward_prop\n" in code and "forward_args" in code
    assert "keep_prob" not in code  # part 2 chooses in its own sections
    assert "forward = forward_prop_with_dropout" in str(
        show(snn.model, section="regularisation")
    )
    assert "chosen = OPTIMIZERS[optimizer]" in str(show(snn.model, section="optimiser"))
    whole = str(show(snn.model))
    assert "partial(" not in whole and "lambda" not in whole
    assert whole.count("def ") == 1  # model alone: no closure inside


def test_it_displays_as_a_python_fence_in_jupyter_and_as_text_elsewhere():
    listing = show(example, section="first part")
    assert isinstance(listing, Listing)
    assert listing._repr_markdown_() == "```python\nz = x + y\n```"
    assert repr(listing) == str(listing) == "z = x + y"


@pytest.mark.parametrize("obj", [len, 3])
def test_objects_without_python_source_are_refused(obj):
    with pytest.raises(TypeError, match="written in Python"):
        show(obj)


def test_nothing_to_show_is_refused():
    with pytest.raises(TypeError, match="at least one"):
        show()


def test_class_sources_keep_their_summary():
    code = str(show(Listing))
    assert code.splitlines()[1] == textwrap.indent(
        '"""Source code that displays highlighted in Jupyter and as text elsewhere."""',
        "    ",
    )


def test_a_module_is_shown_with_its_docstring():
    import scratchnn.listing as module

    code = str(show(module))
    assert (
        code.startswith('"""Show the package\'s own code') and "class Listing" in code
    )


@pytest.mark.parametrize("obj", [model, Recorder], ids=["model", "Recorder"])
def test_end_is_not_a_section(obj):
    """Regression: show(model, section="end") gave two lines of code and
    show(Recorder, section="end") an empty string."""
    with pytest.raises(ValueError, match="has no section 'end'"):
        show(obj, section="end")


square = lambda x: x**2  # noqa: E731 (a learner's lambda, as written in a file)


def test_a_lambda_defined_in_a_file_is_shown_as_written():
    """Regression: AttributeError: 'Assign' object has no attribute 'body'."""
    assert str(show(square)).startswith("square = lambda x: x**2  # noqa: E731")


pair = dict(b=2,
            a=lambda x: x + 1)  # fmt: skip


def test_a_lambda_inside_a_longer_expression_shows_its_lines():
    """Its lines do not parse alone: they are shown as written."""
    assert str(show(pair["a"])) == "a=lambda x: x + 1)  # fmt: skip"
