"""Print the pip constraints of the minimum-versions test (`make min-versions`).

Each dependency of pyproject.toml is declared as ``name>=floor``; the test
installs exactly ``name==floor``, so the floors that the README states are the
versions CI tests. pytest and hypothesis come at requirements.txt's pins.

A floor's own dependencies are not floors: pip would install their newest
releases, which an old release may never have met. ``CONTEMPORARY`` pins the
few whose newest release breaks the floors' own code, each at a version
current when the floor came out, with the reason.
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FLOOR = re.compile(r"^([A-Za-z0-9][\w.-]*)\s*>=\s*([\w.]+)$")
TEST_TOOLS = ("pytest", "hypothesis")
CONTEMPORARY = {
    # pyparsing 3.3 (2025) deprecates the camelCase names that matplotlib
    # before 3.10.x calls; the DeprecationWarning at import is an error under
    # the tests' filterwarnings = error. 3.1.1 was current when 3.8.0 came out.
    "pyparsing": "3.1.1",
    # IPython 9.16 drops pylabtools.backend2gui (deprecated since 8.24), which
    # matplotlib before 3.9.0 imports when pyplot starts inside IPython (the
    # test extra's IPython, as in a notebook). 8.15.0 was current when 3.8.0
    # came out. The README says so to readers on matplotlib 3.8.
    "ipython": "8.15.0",
}


def floors(pyproject: Path = ROOT / "pyproject.toml") -> dict[str, str]:
    """``{name: floor}`` of the package's dependencies; each must have one."""
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    found = {}
    for requirement in project["dependencies"]:
        match = FLOOR.match(requirement)
        if not match:
            raise SystemExit(
                f"pyproject.toml: dependency {requirement!r} is not 'name>=floor'; "
                "the minimum-versions test needs a floor for each dependency"
            )
        found[match[1]] = match[2]
    return found


def constraints() -> list[str]:
    requirements = (ROOT / "requirements.txt").read_text(encoding="utf-8")
    lines = [f"{name}=={version}" for name, version in floors().items()]
    for tool in TEST_TOOLS:
        lines.append(re.search(rf"^{tool}==\S+$", requirements, re.MULTILINE)[0])
    lines += [f"{name}=={version}" for name, version in CONTEMPORARY.items()]
    return lines


if __name__ == "__main__":
    sys.stdout.write("\n".join(constraints()) + "\n")
