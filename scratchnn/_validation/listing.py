"""The guard of :func:`scratchnn.show`."""

from __future__ import annotations

from typing import Any


def validate_show(objects: tuple[Any, ...], section: str | None) -> None:
    from ..listing import _raw_source, _section_start, _sections

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
