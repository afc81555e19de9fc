"""A learner's strictly typed script type-checks against the package.

``mypy --strict`` runs once on three scripts: tests/typing/example.py as
written, which must pass, and two copies with a planted mistake each (a typo
in a lazily loaded figure name, an argument of the wrong type), which must be
reported at the planted line, so that this test can fail. The package is read
as a user's mypy reads an installed package: its types are used, its own
errors are not reported here (``mypy scratchnn`` in ``make lint`` is for them).

Not shipped in the sdist: what mypy says depends on the numpy and matplotlib
stubs, and the sdist's tests run at the minimum versions too.
"""

import os
import re
from pathlib import Path

import pytest
from mypy import api

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "tests" / "typing" / "example.py"
CONFIG = """\
[mypy]
strict = True
python_version = 3.11
[mypy-scratchnn,scratchnn.*]
follow_imports = silent
[mypy-sklearn,sklearn.*,threadpoolctl]
ignore_missing_imports = True
"""
# Each planted mistake: the text replaced in the example, and what mypy says.
PLANTED = {
    "typo": (
        "scratchnn.plot_costs(costs + history)",
        "scratchnn.plot_cots(costs + history)",
        'Module has no attribute "plot_cots"',
    ),
    "wrong_type": (
        "scratchnn.init_params([2, 4, 1], seed=0)",
        'scratchnn.init_params([2, 4, 1], seed="0")',
        'Argument "seed" to "init_params" has incompatible type "str"',
    ),
}


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> str:
    tmp = tmp_path_factory.mktemp("typing")
    source = EXAMPLE.read_text(encoding="utf-8")
    (tmp / "example.py").write_text(source, encoding="utf-8")
    for name, (old, new, _) in PLANTED.items():
        assert source.count(old) == 1, old
        (tmp / f"{name}.py").write_text(source.replace(old, new), encoding="utf-8")
    (tmp / "mypy.ini").write_text(CONFIG, encoding="utf-8")
    # From the repository's root, where mypy finds this checkout's scratchnn;
    # the cache under _build/ makes a second run quick.
    files = ["example.py", *(f"{name}.py" for name in PLANTED)]
    here = Path.cwd()
    os.chdir(ROOT)
    try:
        stdout, stderr, status = api.run(
            ["--config-file", str(tmp / "mypy.ini"),
             "--cache-dir", str(ROOT / "_build" / "mypy_cache_typing"),
             *(str(tmp / f) for f in files)]
        )  # fmt: skip
    finally:
        os.chdir(here)
    assert status in (0, 1), stdout + stderr  # 1: the planted errors
    return stdout


def errors_in(report: str, name: str) -> list[str]:
    return re.findall(rf"^.*[/\\]{name}\.py:(\d+): error: (.*)$", report, re.M)


def test_the_typed_example_passes_mypy_strict(report):
    assert errors_in(report, "example") == [], report


@pytest.mark.parametrize("name", PLANTED)
def test_a_planted_mistake_is_reported_at_its_line(report, name):
    old, new, message = PLANTED[name]
    line = EXAMPLE.read_text(encoding="utf-8").split(old)[0].count("\n") + 1
    found = errors_in(report, name)
    assert len(found) == 1, report
    assert int(found[0][0]) == line and message in found[0][1], report
