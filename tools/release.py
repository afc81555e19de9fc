"""What the release workflow needs from the repository, one subcommand each.

Usage::

    python -m tools.release notes 0.3.0           # CHANGELOG.md's section of 0.3.0
    python -m tools.release stamp-citation 0.3.0  # version and date in CITATION.cff
    python -m tools.release check-tag v0.3.0      # tag = version = install_ref

``notes`` prints the body of ``## [0.3.0] - <date>`` in CHANGELOG.md (the
GitHub Release's text). ``stamp-citation`` writes ``version`` and
``date-released`` (the CHANGELOG's date of that version) into CITATION.cff in
the checkout the release builds from; the repository's copy carries neither,
since the version lives in scratchnn/__init__.py only. ``check-tag`` fails
unless the tag is ``v`` + ``scratchnn.__version__`` and ``repository.install_ref``
in _config.yml is that tag, so that a released book's install cells install
the release (``make set-repository REF=v0.3.0`` before tagging).
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHANGELOG = ROOT / "CHANGELOG.md"
CITATION = ROOT / "CITATION.cff"


def _heading(version: str) -> re.Pattern[str]:
    return re.compile(
        rf"^## \[{re.escape(version)}\] - (\d{{4}}-\d{{2}}-\d{{2}})\s*$", re.MULTILINE
    )


def release_date(version: str, changelog: Path = CHANGELOG) -> str:
    match = _heading(version).search(changelog.read_text(encoding="utf-8"))
    if not match:
        raise SystemExit(
            f"CHANGELOG.md has no section '## [{version}] - YYYY-MM-DD': "
            "date the Unreleased section as this version before tagging"
        )
    return match[1]


def notes(version: str, changelog: Path = CHANGELOG) -> str:
    """The text under the version's heading, up to the next ``## `` heading."""
    text = changelog.read_text(encoding="utf-8")
    release_date(version, changelog)
    start = _heading(version).search(text).end()
    following = re.compile(r"^## ", re.MULTILINE).search(text, start)
    body = text[start : following.start() if following else len(text)].strip()
    if not body:
        raise SystemExit(f"CHANGELOG.md's section for {version} is empty")
    return body + "\n"


def stamp_citation(
    version: str, citation: Path = CITATION, changelog: Path = CHANGELOG
) -> None:
    """Add ``version`` and ``date-released`` to CITATION.cff, keeping the rest."""
    text = citation.read_text(encoding="utf-8")
    if re.search(r"^(version|date-released):", text, re.MULTILINE):
        raise SystemExit("CITATION.cff already has a version or date-released")
    date = release_date(version, changelog)
    stamp = f'version: "{version}"\ndate-released: "{date}"\n'
    # After the title, where the Citation File Format's examples put them.
    text, count = re.subn(
        r"^(title: .*\n)", rf"\g<1>{stamp}", text, count=1, flags=re.MULTILINE
    )
    if count != 1:
        raise SystemExit("CITATION.cff has no top-level title line")
    citation.write_text(text, encoding="utf-8")


def package_version(init: Path = ROOT / "scratchnn" / "__init__.py") -> str:
    """``scratchnn.__version__``, read without importing numpy (the release
    job installs only build and twine)."""
    match = re.search(
        r'^__version__ = "([^"]+)"$', init.read_text(encoding="utf-8"), re.M
    )
    if not match:
        raise SystemExit(f'no __version__ = "..." line in {init}')
    return match[1]


def check_tag(tag: str, config: Path = ROOT / "_config.yml") -> None:
    from tools.notebooks import install_ref

    expected = f"v{package_version()}"
    if tag != expected:
        raise SystemExit(f"tag {tag} does not match scratchnn.__version__ ({expected})")
    ref = install_ref(config)
    if ref != tag:
        raise SystemExit(
            f"_config.yml's install_ref is {ref!r}, so the released book's install "
            f"cells would not install {tag}: run `make set-repository REF={tag}`, "
            "commit, and tag that commit"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("notes").add_argument("version")
    commands.add_parser("stamp-citation").add_argument("version")
    commands.add_parser("check-tag").add_argument("tag")
    args = parser.parse_args(argv)
    if args.command == "notes":
        sys.stdout.write(notes(args.version))
    elif args.command == "stamp-citation":
        stamp_citation(args.version)
    else:
        check_tag(args.tag)
    return 0


if __name__ == "__main__":
    sys.exit(main())
