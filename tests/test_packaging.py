"""Tests for the package's metadata: one version, one repository URL, the
Python versions CI tests, the citation file and what ``dir(scratchnn)`` shows.

The built wheel and sdist are checked by tests/archives (``make dist``), which
needs the network to build them.
"""

import ast
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

import scratchnn

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
PROJECT = PYPROJECT["project"]
CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
CITATION = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
# The Python versions that the package claims and CI tests.
TESTED = ["3.11", "3.12", "3.13"]


def repository_url():
    return CONFIG["repository"]["url"].rstrip("/")


def pages_url():
    """The GitHub Pages address of the book's repository."""
    owner, name = re.fullmatch(
        r"https://github\.com/([^/]+)/([^/]+)", repository_url()
    ).groups()
    return f"https://{owner.lower()}.github.io/{name}/"


def test_dir_is_the_public_names_with_the_lazily_imported_figure_helpers():
    names = dir(scratchnn)
    assert names == sorted(scratchnn.__all__)
    for name in scratchnn._FIGURES:
        assert name in names, name
    # Submodules would look like functions in tab completion.
    assert "forward" not in names and "update" not in names


def test_importing_the_package_leaves_matplotlib_unloaded():
    # The figure helpers load on first use (declared for type checkers only).
    code = (
        "import sys, scratchnn; loaded = 'matplotlib' in sys.modules; "
        "scratchnn.plot_costs; print(loaded, 'matplotlib.pyplot' in sys.modules)"
    )
    run = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert run.stdout.split() == ["False", "True"]


def test_the_version_has_one_source():
    assert "version" not in PROJECT
    assert PROJECT["dynamic"] == ["version"]
    attr = PYPROJECT["tool"]["setuptools"]["dynamic"]["version"]["attr"]
    assert attr == "scratchnn.__version__"
    assert "version" not in CITATION


def test_urls_follow_the_repository_of_config_yml():
    # `make set-repository` changes _config.yml; these must follow it.
    urls = PROJECT["urls"]
    assert urls["Homepage"] == pages_url()
    assert urls["Documentation"] == pages_url()
    assert urls["Source"] == repository_url()
    assert urls["Issues"] == f"{repository_url()}/issues"
    assert urls["Changelog"] == f"{repository_url()}/blob/main/CHANGELOG.md"
    assert CITATION["repository-code"] == repository_url()
    assert CITATION["url"] == pages_url()


def test_classifiers_name_exactly_the_tested_pythons():
    claimed = [
        c.rsplit(" :: ", 1)[1]
        for c in PROJECT["classifiers"]
        if re.fullmatch(r"Programming Language :: Python :: 3\.\d+", c)
    ]
    assert claimed == TESTED
    assert PROJECT["requires-python"] == f">={TESTED[0]}"


def test_the_ci_matrix_tests_the_claimed_pythons():
    workflow = yaml.safe_load(
        (ROOT / ".github/workflows/test.yml").read_text(encoding="utf-8")
    )
    matrix = workflow["jobs"]["unit"]["strategy"]["matrix"]["python-version"]
    assert matrix == TESTED
    ci_run = (ROOT / ".ci/run").read_text(encoding="utf-8")
    for version in TESTED[1:]:
        assert f"python{version}" in ci_run, version


def test_license_metadata_is_pep_639():
    assert PROJECT["license"] == "MIT"
    for path in PROJECT["license-files"]:
        assert (ROOT / path).is_file(), path
    # PEP 639 forbids a licence classifier next to a licence expression.
    assert not [c for c in PROJECT["classifiers"] if c.startswith("License ::")]
    assert PYPROJECT["build-system"]["requires"] == ["setuptools>=77"]


def test_py_typed_is_shipped():
    assert (ROOT / "scratchnn" / "py.typed").is_file()
    assert PYPROJECT["tool"]["setuptools"]["package-data"]["scratchnn"] == ["py.typed"]


@pytest.mark.parametrize(
    "key", ["cff-version", "message", "title", "authors", "type", "license"]
)
def test_citation_has_the_keys_github_reads(key):
    assert key in CITATION


def test_citation_is_cff_1_2_0_with_an_entity_author():
    assert CITATION["cff-version"] == "1.2.0"
    assert CITATION["type"] == "software"
    assert CITATION["title"] == CONFIG["title"]
    assert CITATION["authors"] == [{"name": CONFIG["author"]}]
    assert set(CITATION["license"]) == {"MIT", "CC-BY-4.0"}


def test_pre_commit_runs_the_pinned_ruff_from_pypi():
    config = yaml.safe_load(
        (ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8")
    )
    pin = re.search(
        r"^ruff==\S+$", (ROOT / "requirements.txt").read_text(encoding="utf-8"), re.M
    )[0]
    hooks = [hook for repo in config["repos"] for hook in repo["hooks"]]
    assert [repo["repo"] for repo in config["repos"]] == ["local"]
    assert {hook["id"] for hook in hooks} == {"ruff-check", "ruff-format"}
    for hook in hooks:
        assert hook["language"] == "python", hook["id"]
        assert hook["additional_dependencies"] == [pin], hook["id"]


@pytest.mark.parametrize("path", ["SECURITY.md", ".github/ISSUE_TEMPLATE/config.yml"])
def test_security_links_follow_the_repository_of_config_yml(path):
    # `make set-repository URL=...` rewrites them (tools/set_repository.py).
    text = (ROOT / path).read_text(encoding="utf-8")
    links = re.findall(r"https://github\.com/[\w.-]+/[\w.-]+", text)
    assert links, path
    assert set(links) == {repository_url()}, path


def test_issue_forms_ask_for_show_versions():
    forms = ROOT / ".github" / "ISSUE_TEMPLATE"
    bug = yaml.safe_load((forms / "bug_report.yml").read_text(encoding="utf-8"))
    labels = [item["attributes"].get("label", "") for item in bug["body"]]
    assert any("scratchnn.show_versions()" in label for label in labels)
    erratum = yaml.safe_load((forms / "book_erratum.yml").read_text(encoding="utf-8"))
    assert erratum["name"] == "Erratum in the book"
    config = yaml.safe_load((forms / "config.yml").read_text(encoding="utf-8"))
    assert config["blank_issues_enabled"] is False


# The sdist's tests (MANIFEST.in lists the test files that stay out).

#: What a test shipped in the sdist may import besides the standard library:
#: the package, its dependencies and the `test` extra's tools and optional
#: packages, and the test folder's own helper (stand_in.py).
SDIST_TEST_IMPORTS = {"scratchnn", "numpy", "matplotlib", "pytest", "hypothesis",
                      "sklearn", "tqdm", "IPython", "stand_in"}  # fmt: skip
#: What the sdist ships at its root (tests/archives checks the archive).
SDIST_ROOT = {"scratchnn", "tests", "CITATION.cff", "LICENSE", "LICENSE-TEXT",
              "MANIFEST.in", "README.md", "pyproject.toml", "PKG-INFO",
              "setup.cfg"}  # fmt: skip


def _imports(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            found.add(node.module.split(".")[0])
    return found - set(sys.stdlib_module_names)


def _repository_only_paths():
    """Top-level names of the repository that the sdist does not ship."""
    tracked = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    return {path.split("/")[0] for path in tracked} - SDIST_ROOT


def _needs_the_repository(path):
    """Why the test file cannot run from the sdist, or None."""
    outside = _imports(path) - SDIST_TEST_IMPORTS
    if outside:
        return f"imports {sorted(outside)}"
    text = path.read_text(encoding="utf-8")
    named = [
        name
        for name in sorted(_repository_only_paths())
        if re.search(rf"""["'/]{re.escape(name)}\b""", text)
    ]
    return f"reads {named}" if named else None


def _shipped_by_manifest():
    lines = (ROOT / "MANIFEST.in").read_text(encoding="utf-8").splitlines()
    return {
        line.split()[1].removeprefix("tests/")
        for line in lines
        if line.startswith("include tests/")
    }


def _test_files():
    """The tests' files by their path under tests/: the top level and the
    exercise checkers' folder (the other folders test the repository: the
    site, the archives, a reader outside it; heldout/ holds measurement sets,
    not tests)."""
    tests = ROOT / "tests"
    paths = [*tests.glob("*.py"), *(tests / "exercises").glob("*.py")]
    return {p.relative_to(tests).as_posix(): p for p in sorted(paths)}


def test_manifest_ships_exactly_the_tests_that_need_only_the_package():
    needs = {}
    for name, path in _test_files().items():
        why = _needs_the_repository(path)
        if why:
            needs[name] = why
    shipped = _shipped_by_manifest()
    shipped_but_need_it = {n: why for n, why in needs.items() if n in shipped}
    assert not shipped_but_need_it, (
        f"MANIFEST.in ships tests that need the repository: {shipped_but_need_it}; "
        "remove their include line"
    )
    left_out = set(_test_files()) - shipped - set(needs)
    assert not left_out, (
        f"{sorted(left_out)} need only the package: add an `include tests/<name>` "
        "line to MANIFEST.in, so that they ship in the sdist"
    )
    assert shipped <= set(_test_files())


def test_the_test_extra_covers_what_the_tests_import():
    provided = {
        re.split(r"[\s\[<>=!~;]", r, maxsplit=1)[0].lower()
        for r in PROJECT["dependencies"] + PROJECT["optional-dependencies"]["test"]
    }
    # Import names whose distribution is named otherwise.
    distribution = {"sklearn": "scikit-learn", "yaml": "pyyaml", "IPython": "ipython"}
    # The repository's own packages, and the tests' modules that others import.
    local = {"scratchnn", "tools", "benchmarks", "tests"}
    local |= {p.stem for p in (ROOT / "tests").glob("*.py")}
    missing = {}
    for name, path in _test_files().items():
        for module in _imports(path) - local:
            if distribution.get(module, module).lower() not in provided:
                missing.setdefault(module, []).append(name)
    assert not missing, f"the `test` extra lacks {missing} (pyproject.toml)"


# The README is also the project's page on PyPI, where a relative link is dead.

README = (ROOT / "README.md").read_text(encoding="utf-8")
LINK = re.compile(r"\]\(([^)\s]+)\)")


def _repository_file(url):
    """The repository file a README link points at, or None for another site."""
    repo, pages = repository_url(), pages_url()
    owner_name = repo.removeprefix("https://github.com/")
    repo, pages = re.escape(repo), re.escape(pages)
    binder = rf"https://mybinder\.org/v2/gh/{owner_name}/main\?urlpath=lab/tree/"
    colab = rf"https://colab\.research\.google\.com/github/{owner_name}/blob/main/"
    patterns = [
        (rf"{repo}/(?:blob|tree)/main/([^?#]+)", "{}"),
        (rf"{repo}/actions/workflows/([\w.-]+\.ya?ml)(?:/badge\.svg.*)?",
         ".github/workflows/{}"),
        (rf"{repo}/issues/new/choose", ".github/ISSUE_TEMPLATE/config.yml"),
        (rf"{pages}([^?#]+)\.html", "{}.*"),
        (rf"{pages}", "book/intro.ipynb"),
        (rf"{binder}(.+)", "{}"),
        (rf"{colab}(.+)", "{}"),
    ]  # fmt: skip
    for pattern, path in patterns:
        match = re.fullmatch(pattern, url)
        if match:
            return path.format(*match.groups())
    assert owner_name not in url, f"{url} names the repository in an unknown form"
    return None


def test_readme_links_are_absolute_and_reach_existing_files():
    links = LINK.findall(README)
    assert len(links) >= 10, links
    relative = [link for link in links if not link.startswith("https://")]
    assert not relative, f"relative links are dead on PyPI: {relative}"
    into_repository = {link: _repository_file(link) for link in links}
    into_repository = {k: v for k, v in into_repository.items() if v}
    for link, path in into_repository.items():
        assert list(ROOT.glob(path)), f"{link} points at {path}, which does not exist"
    # The badges and the licence links are all there.
    targets = set(into_repository.values())
    assert {".github/workflows/test.yml", "book/intro.ipynb", "LICENSE",
            "LICENSE-TEXT", "CONTRIBUTING.md", "book/api.*"} <= targets  # fmt: skip
    for badge in ("mybinder.org/badge_logo.svg", "colab-badge.svg", "badge.svg"):
        assert badge in README, badge


def test_readme_installs_from_pypi():
    assert "\npip install scratchnn " in README or "\npip install scratchnn\n" in README


def test_readme_renders_as_twine_check_renders_it():
    # `make dist` runs `twine check --strict` on the built archives; this is the
    # same renderer (readme_renderer, twine's dependency) on README.md alone.
    markdown = pytest.importorskip("readme_renderer.markdown")
    html = markdown.render(README, variant="GFM")
    assert html is not None
    assert f'href="{repository_url()}/blob/main/CONTRIBUTING.md"' in html
    assert 'src="https://mybinder.org/badge_logo.svg"' in html
