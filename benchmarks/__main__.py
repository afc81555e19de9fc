"""``python -m benchmarks``: run the benchmark suite (see benchmarks/README.md)."""

from .runner import main

raise SystemExit(main())
