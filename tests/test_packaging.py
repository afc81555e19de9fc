"""Tests for the package's metadata: one version, one repository URL, the
Python versions CI tests, the citation file and what ``dir(scratchnn)`` shows.

The built wheel and sdist are checked by tests/archives (``make dist``), which
needs the network to build them.
"""

import re
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


def test_dir_lists_the_lazily_imported_plotting_helpers():
    names = dir(scratchnn)
    for name in scratchnn._PLOTTING:
        assert name in names, name
    assert set(scratchnn.__all__) <= set(names)
    assert names == sorted(names)


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
