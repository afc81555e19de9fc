"""``python -m benchmarks.predict``: ``scratchnn.predict`` beside a plain forward pass.

``predict`` checks what enters once (X and the network), runs one forward
pass and checks what comes out. The yardstick is the same forward pass
written in plain numpy with nothing around it: ``W @ A + b``, ``np.maximum``
for the hidden ReLU units, a stable sigmoid and the threshold. Both run on
the same data and network, one BLAS thread, alternately (paired repeats),
and the verdict is the median of the paired ratios against the targets:

- [784, 256, 128, 10] (ReLU, sigmoid outputs) with 2,000 examples: at most
  1.2 times the plain pass; the products dominate, what the checks add shows;
- [2, 8, 1] with 400 examples: at most 3 times; the products are tiny, and
  a call's fixed costs (binding the arguments, the checks) dominate.

``--repeats N`` (default 30 and 300) and ``--json FILE`` (the figures, to
record). ``python -m benchmarks`` runs it too, in a fresh process with one
BLAS thread, after the training runs, and records its figures and verdicts
with theirs. Run it on a quiet machine: a busy one adds noise to every ratio.
"""

from __future__ import annotations

import argparse
import json
import platform
import time
from typing import NamedTuple

import numpy as np
from threadpoolctl import threadpool_limits

import scratchnn


class Case(NamedTuple):
    layer_dims: tuple[int, ...]
    m: int
    target: float
    repeats: int


CASES = (
    Case((784, 256, 128, 10), 2000, 1.2, 30),
    Case((2, 8, 1), 400, 3.0, 300),
)


def plain_predict(X, params, L):
    """The forward pass and the threshold, in plain numpy: the yardstick."""
    A = X
    for l in range(1, L):
        A = np.maximum(params[f"W{l}"] @ A + params[f"b{l}"], 0.0)
    Z = params[f"W{L}"] @ A + params[f"b{L}"]
    E = np.exp(-np.abs(Z))
    AL = np.where(Z >= 0, 1.0, E) / (1.0 + E)
    return (AL > 0.5).astype(np.int64)


def measure(case: Case, repeats: int | None = None) -> dict:
    """Median paired ratio of ``scratchnn.predict`` to :func:`plain_predict`."""
    rng = np.random.default_rng(0)
    X = rng.standard_normal((case.layer_dims[0], case.m))
    params = scratchnn.init_params(case.layer_dims, seed=0, method="he")
    network = scratchnn.Network(params, "relu", "sigmoid")
    L = len(case.layer_dims) - 1
    if not np.array_equal(scratchnn.predict(X, network), plain_predict(X, params, L)):
        raise AssertionError("predict and the plain pass disagree")
    ours, plain = [], []
    cpu, wall = time.process_time(), time.perf_counter()
    for _ in range(repeats or case.repeats):
        start = time.perf_counter()
        scratchnn.predict(X, network)
        ours.append(time.perf_counter() - start)
        start = time.perf_counter()
        plain_predict(X, params, L)
        plain.append(time.perf_counter() - start)
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    ratios = np.array(ours) / np.array(plain)
    ratio = float(np.median(ratios))
    return {
        "layer_dims": list(case.layer_dims),
        "m": case.m,
        "repeats": len(ours),
        "scratchnn_ms": float(np.median(ours)) * 1e3,
        "plain_ms": float(np.median(plain)) * 1e3,
        "ratio": ratio,
        "ratio_quartiles": [float(q) for q in np.percentile(ratios, [25, 75])],
        # Well under 100 %: other jobs took the core some of the time.
        "cpu_share": cpu / wall,
        "target": case.target,
        "met": ratio <= case.target,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.predict", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--repeats", type=int, default=None)
    parser.add_argument("--json", default=None, help="write the figures here")
    parser.add_argument(
        "--json-line", action="store_true",
        help="print the figures as one JSON line (python -m benchmarks reads it)",
    )  # fmt: skip
    args = parser.parse_args(argv)
    with threadpool_limits(1):
        results = [measure(case, args.repeats) for case in CASES]
    for r in results:
        verdict = "met" if r["met"] else "MISSED"
        print(
            f"{r['layer_dims']} m={r['m']}: {r['scratchnn_ms']:.3f} ms against "
            f"{r['plain_ms']:.3f} ms, ratio {r['ratio']:.2f} "
            f"(target <= {r['target']:g}: {verdict})"
        )
    record = {
        "scratchnn": scratchnn.__version__,
        "numpy": np.__version__,
        "machine": platform.platform(),
        "results": results,
    }
    if args.json:
        with open(args.json, "w", encoding="utf-8") as file:
            json.dump(record, file, indent=1)
    if args.json_line:
        print(json.dumps(record))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
