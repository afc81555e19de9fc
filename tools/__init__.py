"""The book's authoring tools and the notebook library they share with the tests.

- :mod:`tools.notebooks`: the install cell, the table of contents and the
  settings of ``_config.yml``, read and written without running anything;
  the notebook tests import it too.
- Scripts, each run from the repository root as ``python -m tools.<name>``:
  ``execute`` (run notebooks in place), ``py2nb`` (a py:percent draft to a
  notebook), ``set_repository`` (point the book and its install cells at a
  repository and ref), ``nbval_kernels`` (strict nbval under every OpenBLAS
  kernel), ``grade`` (grade a folder of learner notebooks into a CSV; also
  a pytest plugin), ``workbook`` (the student edition).

The book's Sphinx extension lives beside the book, in ``book/_ext``. None of
this is part of the ``scratchnn`` package.
"""
