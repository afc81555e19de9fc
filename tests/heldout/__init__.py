"""Held-out robustness set for scratchnn, written without reading its code.

Run it with ``python -m tests.heldout.run_fuzz``; see README.md here.
"""
