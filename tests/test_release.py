"""tools/release.py: the release notes, the stamped citation, the tag check."""

from __future__ import annotations

import pytest
import yaml

from tools import release

CHANGELOG = """# Changelog

## [Unreleased]

### Added

- Something new.

## [0.3.0] - 2027-01-15

### Added

- show_versions.

### Changed

- Floors.

## [0.2.0] - 2026-12-06

The first release.
"""


@pytest.fixture
def changelog(tmp_path):
    path = tmp_path / "CHANGELOG.md"
    path.write_text(CHANGELOG, encoding="utf-8")
    return path


def test_notes_are_the_versions_section_only(changelog):
    assert release.notes("0.3.0", changelog) == (
        "### Added\n\n- show_versions.\n\n### Changed\n\n- Floors.\n"
    )
    assert release.notes("0.2.0", changelog) == "The first release.\n"


def test_a_version_without_a_dated_section_stops_the_release(changelog):
    with pytest.raises(SystemExit, match=r"no section '## \[0.4.0\]"):
        release.notes("0.4.0", changelog)


def test_the_real_changelog_has_the_released_version():
    assert release.notes("0.2.0").startswith("The first release")


def test_stamp_citation_adds_version_and_date_and_keeps_the_rest(tmp_path, changelog):
    citation = tmp_path / "CITATION.cff"
    citation.write_bytes(release.CITATION.read_bytes())
    before = yaml.safe_load(citation.read_text(encoding="utf-8"))
    release.stamp_citation("0.3.0", citation, changelog)
    after = yaml.safe_load(citation.read_text(encoding="utf-8"))
    assert after.pop("version") == "0.3.0"
    assert after.pop("date-released") == "2027-01-15"
    assert after == before
    with pytest.raises(SystemExit, match="already has"):
        release.stamp_citation("0.3.0", citation, changelog)


def test_the_version_is_read_without_importing_the_package():
    import scratchnn

    assert release.package_version() == scratchnn.__version__


def test_check_tag_wants_the_version_and_the_install_ref(tmp_path):
    import scratchnn

    tag = f"v{scratchnn.__version__}"
    config = tmp_path / "_config.yml"
    config.write_text(
        f"repository:\n  url: https://github.com/o/n\n  install_ref: {tag}\n",
        encoding="utf-8",
    )
    release.check_tag(tag, config)
    with pytest.raises(SystemExit, match="does not match"):
        release.check_tag("v9.9.9", config)
    config.write_text(
        "repository:\n  url: https://github.com/o/n\n  install_ref: main\n",
        encoding="utf-8",
    )
    with pytest.raises(SystemExit, match=f"make set-repository REF={tag}"):
        release.check_tag(tag, config)
