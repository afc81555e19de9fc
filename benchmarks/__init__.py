"""Speed benchmarks: scratchnn against scikit-learn and PyTorch.

Run from the repository root with ``python -m benchmarks`` (or ``make bench``);
``python -m benchmarks --help`` lists the options. Every measurement runs in its
own fresh process (:mod:`benchmarks.run_one`); the parent
(:mod:`benchmarks.runner`) interleaves the implementations, pairs their runs and
writes ``benchmarks/results/latest.json`` and ``latest.png``. What is measured
and how is explained in ``benchmarks/README.md``.

This package is not part of the test suite (``make test`` never runs it).
"""
