"""Sphinx extension for the API page of the book (book/api.md).

Loaded from _config.yml (``sphinx: local_extensions``). It does four things:

* ``scratchnn.NAME`` cross-references find their object. The API page documents
  each module on its own (``scratchnn.init.init_params``), one section per step
  of the book, while docstrings and chapters name functions as readers import
  them, ``:func:`scratchnn.init_params```. When such a reference finds no
  target, it is linked to the one ``scratchnn.<module>.NAME`` documented.
* A registry (a dict of functions, such as ``ACTIVATIONS``) is shown by its
  names, not by the repr of its function objects, which says nothing.
* A constant's ``#:`` docstring is shown as written. napoleon reads a first line
  such as "Every activation by name: one table instead of if/elif chains." as
  Google style "type: description" and reports "Every activation by name" as a
  missing class; numpydoc has no such form, so the split is undone.
* Every page's footer says which scratchnn the book documents: the release
  when ``repository.install_ref`` in _config.yml is its tag (a released book),
  else the branch and the release it follows.
"""

from __future__ import annotations

import re
from pathlib import Path

from sphinx.ext.autodoc import DataDocumenter

PACKAGE = "scratchnn"
_ORIGINAL = "_scratchnn_original_docstrings"


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


def _remember_docstring(app, what, name, obj, options, lines):
    if what in ("data", "attribute"):
        getattr(app, _ORIGINAL)[name] = list(lines)


def _restore_docstring(app, what, name, obj, options, lines):
    original = getattr(app, _ORIGINAL).pop(name, None)
    if original is None or not original:
        return
    napoleon_split = any(line.startswith(":type: ") for line in lines) and not any(
        line.startswith(":type: ") for line in original
    )
    if napoleon_split:
        lines[:] = original


def _is_registry(obj) -> bool:
    return isinstance(obj, dict) and all(
        callable(v) or (isinstance(v, tuple) and all(map(callable, v)))
        for v in obj.values()
    )


class RegistryDocumenter(DataDocumenter):
    """Module data: a registry's value line is left out (see the module notes)."""

    priority = DataDocumenter.priority + 1

    def should_suppress_value_header(self) -> bool:
        return _is_registry(self.object) or super().should_suppress_value_header()


def _list_registry_names(app, what, name, obj, options, lines):
    if what == "data" and _is_registry(obj):
        names = ", ".join(f"``{key!r}``" for key in obj)
        lines.extend(["", f"Names: {names}."])


def version_note(version: str, install_ref: str) -> str:
    """The footer line that names what the book documents."""
    if install_ref == f"v{version}":
        return f"This book documents scratchnn {version}."
    return (
        f"This book documents scratchnn as on its {install_ref} branch, "
        f"after release {version}."
    )


def _say_the_version(app, config):
    import scratchnn

    config_yml = Path(app.confdir, "_config.yml").read_text(encoding="utf-8")
    ref = re.search(r"^\s+install_ref:\s*(\S+)", config_yml, re.MULTILINE)
    note = version_note(scratchnn.__version__, ref[1] if ref else "main")
    config.version = config.release = scratchnn.__version__
    options = config.html_theme_options
    footer = options.get("extra_footer") or ""
    options["extra_footer"] = f'{footer}<p class="scratchnn-version">{note}</p>'


def setup(app):
    app.connect("config-inited", _say_the_version)
    app.setup_extension("sphinx.ext.autodoc")
    app.add_autodocumenter(RegistryDocumenter, override=True)
    app.connect("autodoc-process-docstring", _list_registry_names, priority=700)
    setattr(app, _ORIGINAL, {})
    app.connect("missing-reference", _resolve_reexport)
    # napoleon rewrites docstrings at the default priority, 500.
    app.connect("autodoc-process-docstring", _remember_docstring, priority=400)
    app.connect("autodoc-process-docstring", _restore_docstring, priority=600)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
