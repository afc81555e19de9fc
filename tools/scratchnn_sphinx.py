"""Sphinx extension: let ``scratchnn.NAME`` cross-references find their function.

The API page (book/api.md) documents each module on its own
(``scratchnn.init.init_params``), one section per step of the book, while
docstrings and chapters refer to the names as readers import them,
``:func:`scratchnn.init_params```. When such a reference finds no target, look for
the one object ``scratchnn.<module>.NAME`` documented under it and link there.
Loaded from _config.yml (``sphinx: local_extensions``).
"""

from __future__ import annotations

PACKAGE = "scratchnn"


def _resolve_reexport(app, env, node, contnode):
    if node.get("refdomain") != "py":
        return None
    target = node.get("reftarget", "")
    package, _, name = target.partition(".")
    if package != PACKAGE or not name or "." in name:
        return None
    domain = env.get_domain("py")
    matches = [
        full
        for full in domain.objects
        if full.startswith(f"{PACKAGE}.")
        and full.count(".") == 2
        and full.endswith(f".{name}")
    ]
    if len(matches) != 1:
        return None
    return domain.resolve_xref(
        env,
        node.get("refdoc"),
        app.builder,
        node.get("reftype"),
        matches[0],
        node,
        contnode,
    )


def setup(app):
    app.connect("missing-reference", _resolve_reexport)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
