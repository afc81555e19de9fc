"""Summaries, the printed table, the verdict on each target, and the plot."""

from __future__ import annotations

import statistics
from collections import defaultdict
from pathlib import Path

from .workloads import GEMM_TARGETS, MEMORY_TARGET, RATIO_TARGETS, WORKLOADS

#: The implementations compared, in the order of every table.
IMPL_ORDER = ("scratchnn", "sklearn", "torch")
#: Plain-numpy yardsticks (benchmarks/references.py), run only when named.
REFERENCE_ORDER = ("numpy-rows", "numpy-tuned")
LABELS = {
    "scratchnn": "scratchnn",
    "sklearn": "scikit-learn",
    "torch": "PyTorch",
    "numpy-rows": "numpy, rows",
    "numpy-tuned": "numpy, tuned",
}


def _spread(values: list[float]) -> dict[str, float]:
    return {
        "median": statistics.median(values),
        "min": min(values),
        "max": max(values),
    }


def summarise(
    runs: list[dict],
    traces: list[dict],
    main_threads: int,
    predict: list[dict] | None = None,
) -> dict:
    """Per (workload, threads, impl): medians, spreads and paired ratios.

    The paired ratio of repeat r is scratchnn's seconds per epoch in repeat r
    over the peer's in the same repeat: the two ran back to back. ``predict``
    holds :mod:`benchmarks.predict`'s figures, if it ran.
    """
    groups: dict[tuple, dict[str, dict[int, dict]]] = defaultdict(
        lambda: defaultdict(dict)
    )
    for run in runs:
        groups[(run["workload"], run["threads"])][run["impl"]][run["repeat"]] = run
    rows = []
    for (workload, threads), by_impl in groups.items():
        ours = by_impl.get("scratchnn", {})
        for impl in IMPL_ORDER + REFERENCE_ORDER:
            if impl not in by_impl:
                continue
            mine = by_impl[impl]
            rs = sorted(mine)
            runs_ = [mine[r] for r in rs]

            def median(key, runs_=runs_):
                return statistics.median(run[key] for run in runs_)

            row = {
                "workload": workload,
                "threads": threads,
                "impl": impl,
                "repeats": len(rs),
                "epoch_s": _spread([run["epoch_s"] for run in runs_]),
                "warmup_s": median("warmup_s"),
                "cpu_share": statistics.median(
                    sum(run["epoch_cpu"]) / sum(run["epoch_wall"]) for run in runs_
                ),
                "accuracy": median("accuracy"),
                "final_cost": median("final_cost"),
                "baseline_mb": median("baseline_mb"),
                "peak_mb": max(run["peak_mb"] for run in runs_),
                "peak_ratio": max(run["peak_mb"] / run["baseline_mb"] for run in runs_),
                "gemm_fraction": median("gemm_fraction"),
                "gemm_gflops": median("gemm_rate") / 1e9,
                "achieved_gflops": median("achieved_rate") / 1e9,
            }
            paired = [ours[r]["epoch_s"] / mine[r]["epoch_s"] for r in rs if r in ours]
            row["ratio"] = _spread(paired) if impl != "scratchnn" and paired else None
            rows.append(row)
    traced = []
    for t in traces:
        # Before training the process holds X and Y (Y's bytes are in copy_mb
        # less X's); training may add the copy and the parameters.
        data = t["copy_mb"] if t["copy_mb"] else t["data_mb"]
        allowed = data + t["copy_mb"] + t["params_mb"]
        traced.append(
            {
                "workload": t["workload"],
                "held_mb": allowed,
                "peak_mb": data + t["traced_peak_mb"],
                "peak_ratio": (data + t["traced_peak_mb"]) / allowed,
            }
        )
    return {
        "rows": rows,
        "traced": traced,
        "verdicts": verdicts(rows, traced, main_threads, predict),
    }


def verdicts(
    rows: list[dict],
    traced: list[dict],
    main_threads: int,
    predict: list[dict] | None = None,
) -> list[dict]:
    """Every target of the issue with its measured value, where measured."""
    out = []
    for p in predict or []:
        out.append(
            {
                "target": f"predict / plain forward pass, {_network(p)}",
                "limit": f"<= {p['target']:g}",
                "value": f"{p['ratio']:.2f}",
                "ok": p["ratio"] <= p["target"],
            }
        )
    one = {(r["workload"], r["impl"]): r for r in rows if r["threads"] == 1}
    if main_threads == 1:
        for peer, targets in RATIO_TARGETS.items():
            for workload, limit in targets.items():
                row = one.get((workload, peer))
                if row and row["ratio"]:
                    value = row["ratio"]["median"]
                    out.append(
                        {
                            "target": f"scratchnn / {LABELS[peer]} time, {workload}",
                            "limit": f"<= {limit:g}",
                            "value": f"{value:.2f}",
                            "ok": value <= limit,
                        }
                    )
        for workload, margin in GEMM_TARGETS.items():
            row, rows_ref = (
                one.get((workload, "scratchnn")),
                gemm_reference(one, workload),
            )
            if row:
                value = row["gemm_fraction"]
                out.append(
                    {
                        "target": f"share of numpy's GEMM rate, {workload}, 1 thread",
                        "limit": f">= {rows_ref - margin:.0%}"
                        if rows_ref is not None
                        else "needs numpy-rows",
                        "value": f"{value:.0%}",
                        # Compared in whole points, as printed.
                        "ok": round(value * 100) >= round((rows_ref - margin) * 100)
                        if rows_ref is not None
                        else None,
                    }
                )
    for row in rows:
        if row["impl"] == "scratchnn" and row["threads"] == main_threads:
            out.append(
                {
                    "target": f"peak RSS / baseline, {row['workload']}",
                    "limit": f"<= {MEMORY_TARGET:.2f}",
                    "value": f"{row['peak_ratio']:.2f} "
                    f"({row['peak_mb']:.0f} / {row['baseline_mb']:.0f} MB)",
                    "ok": row["peak_ratio"] <= MEMORY_TARGET,
                }
            )
    for t in traced:
        # Not a target: on the small workloads one batch's temporaries are a
        # large fraction of the data, and tracemalloc leaves out the
        # interpreter; it shows what numpy allocates, to the byte.
        out.append(
            {
                "target": f"traced numpy peak / held, {t['workload']}",
                "limit": "info",
                "value": f"{t['peak_ratio']:.2f} "
                f"({t['peak_mb']:.1f} / {t['held_mb']:.1f} MB)",
                "ok": None,
            }
        )
    return out


def _network(p: dict) -> str:
    """``784-256-128-10, m=2000``: a predict case, as the tables name it."""
    return f"{'-'.join(map(str, p['layer_dims']))}, m={p['m']}"


def predict_lines(results: dict) -> list[str]:
    """The predict cases as fixed-width text lines, if they ran."""
    cases = results.get("predict") or []
    if not cases:
        return []
    head = (
        f"{'predict, network':28} {'scratchnn ms':>12} {'plain ms':>9} "
        f"{'ratio [q1-q3]':>18} {'cpu':>4}"
    )
    lines = [head, "-" * len(head)]
    for p in cases:
        q1, q3 = p["ratio_quartiles"]
        ratio = f"{p['ratio']:.2f} [{q1:.2f}-{q3:.2f}]"
        lines.append(
            f"{_network(p):28} {p['scratchnn_ms']:>12.3g} {p['plain_ms']:>9.3g} "
            f"{ratio:>18} {p['cpu_share']:>4.0%}"
        )
    return lines


def gemm_reference(one: dict, workload: str) -> float | None:
    """numpy-rows' GEMM share in the same run, the GEMM target's reference."""
    row = one.get((workload, "numpy-rows"))
    return None if row is None else row["gemm_fraction"]


def _ms(seconds: float) -> str:
    return f"{seconds * 1e3:.3g}" if seconds < 1 else f"{seconds * 1e3:.0f}"


def table_lines(results: dict) -> list[str]:
    """The summary as fixed-width text lines (also used by the README)."""
    head = (
        f"{'workload':10} {'thr':>3} {'impl':12} {'ms/epoch [min-max]':>24} "
        f"{'scratchnn/impl [min-max]':>25} {'train acc':>9} "
        f"{'peak/base MB':>14} {'GEMM':>5} {'cpu':>4}"
    )
    lines = [head, "-" * len(head)]
    for row in results["summary"]["rows"]:
        e = row["epoch_s"]
        ratio = row["ratio"]
        ratio_text = (
            f"{ratio['median']:.2f} [{ratio['min']:.2f}-{ratio['max']:.2f}]"
            if ratio
            else ""
        )
        epoch = f"{_ms(e['median'])} [{_ms(e['min'])}-{_ms(e['max'])}]"
        lines.append(
            f"{row['workload']:10} {row['threads']:>3} {LABELS[row['impl']]:12} "
            f"{epoch:>24} "
            f"{ratio_text:>25} {row['accuracy']:>9.3f} "
            f"{row['peak_mb']:>6.0f}/{row['baseline_mb']:<7.0f} "
            f"{row['gemm_fraction']:>5.0%} {row['cpu_share']:>4.0%}"
        )  # fmt: skip
    return lines


def print_report(results: dict) -> None:
    meta = results["meta"]
    print()
    print(f"{meta['command']}   ({meta['started']}, {meta['seconds']:.0f} s)")
    blas = ", ".join(
        f"{b['internal_api']} {b['version']} {b['architecture']}" for b in meta["blas"]
    )
    versions = meta["machine"]["versions"]
    print(
        f"{meta['machine']['cpu']}, {meta['machine']['cores']} cores; "
        f"numpy {versions['numpy']} ({blas}); scikit-learn {versions['sklearn']}; "
        f"torch {versions['torch'] or 'not installed'}"
    )
    print(
        f"load average (1 min) {meta['load_before'][0]:.2f} before, "
        f"{meta['load_after'][0]:.2f} after"
    )
    print()
    for line in table_lines(results):
        print(line)
    print(
        "\nms/epoch: median over runs of each run's median epoch (warm-up epoch "
        "excluded);\nscratchnn/impl: median of the ratios paired run by run; "
        "GEMM: share of numpy's\nmeasured matmul rate on the same shapes; cpu: "
        "process CPU time / wall time."
    )
    lines = predict_lines(results)
    if lines:
        print()
        for line in lines:
            print(line)
        print(
            "\npredict: median ms per call; ratio: median [quartiles] of the "
            "ratios of calls\npaired one by one with a plain numpy forward "
            "pass (benchmarks/predict.py)."
        )
    print("\nTargets:")
    for v in results["summary"]["verdicts"]:
        mark = {True: "ok  ", False: "MISS", None: "info"}[v["ok"]]
        print(f"  [{mark}] {v['target']:52} {v['limit']:>7}  measured {v['value']}")


def plot(results: dict, path: Path) -> None:
    """Bar charts of the paired ratios (with the targets) and GEMM shares."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    colours = {
        "sklearn": "#E69F00",
        "torch": "#009E73",
        "scratchnn": "#0072B2",
        "numpy-rows": "#CC79A7",
        "numpy-tuned": "#999999",
    }
    rows = [r for r in results["summary"]["rows"] if r["threads"] == 1]
    workloads = [w for w in WORKLOADS if any(r["workload"] == w for r in rows)]
    fig, (left, right) = plt.subplots(1, 2, figsize=(12, 4.5), layout="constrained")
    for ax in (left, right):
        ax.grid(True, axis="y", color="0.9")
        ax.set_axisbelow(True)
        ax.spines[["top", "right"]].set_visible(False)
    width = 0.38
    for i, peer in enumerate(("sklearn", "torch")):
        for j, workload in enumerate(workloads):
            row = next(
                (r for r in rows if r["workload"] == workload and r["impl"] == peer),
                None,
            )
            if row is None or not row["ratio"]:
                continue
            x = j + (i - 0.5) * width
            r = row["ratio"]
            left.bar(
                x, r["median"], width, color=colours[peer],
                label=_new_label(left, LABELS[peer]),
                yerr=[[r["median"] - r["min"]], [r["max"] - r["median"]]], capsize=3,
            )  # fmt: skip
            limit = RATIO_TARGETS[peer].get(workload)
            if limit is not None:
                left.plot(
                    [x - width / 2, x + width / 2], [limit, limit], color="black",
                    linewidth=2, label=_new_label(left, "target"),
                )  # fmt: skip
    left.axhline(1.0, color="0.4", linestyle=":", linewidth=1)
    left.set_xticks(range(len(workloads)), workloads)
    left.set_ylabel("scratchnn time / peer time")
    left.set_title("Paired time ratio, 1 thread (lower is better for scratchnn)")
    if left.get_legend_handles_labels()[1]:  # a run without peers has no bars
        left.legend(frameon=False)
    present = [
        i for i in IMPL_ORDER + REFERENCE_ORDER if any(r["impl"] == i for r in rows)
    ]
    width = 0.8 / len(present)
    for i, impl in enumerate(present):
        for j, workload in enumerate(workloads):
            row = next(
                (r for r in rows if r["workload"] == workload and r["impl"] == impl),
                None,
            )
            if row is None:
                continue
            right.bar(
                j + (i - (len(present) - 1) / 2) * width, row["gemm_fraction"],
                width, color=colours[impl],
                label=_new_label(right, LABELS[impl]),
            )  # fmt: skip
    one = {(r["workload"], r["impl"]): r for r in rows}
    for workload, margin in GEMM_TARGETS.items():
        reference = gemm_reference(one, workload)
        if workload in workloads and reference is not None:
            j, limit = workloads.index(workload), reference - margin
            right.plot([j - 0.45, j + 0.45], [limit, limit], color="black", linewidth=2)
    right.set_xticks(range(len(workloads)), workloads)
    right.yaxis.set_major_formatter(lambda y, _: f"{y:.0%}")
    right.set_ylabel("share of numpy's GEMM rate")
    right.set_title("Matrix-product throughput reached, 1 thread")
    right.legend(frameon=False, loc="upper left", bbox_to_anchor=(1, 1))
    fig.savefig(path, dpi=110)
    plt.close(fig)


def _new_label(ax, label: str) -> str | None:
    """The label the first time it is used on ``ax``, else None (one legend entry)."""
    return None if label in ax.get_legend_handles_labels()[1] else label


def markdown(results: dict) -> str:
    """The summary and verdicts as Markdown tables, for benchmarks/README.md."""
    out = [
        "| workload | threads | implementation | ms per epoch, median [min-max] "
        "| scratchnn / it, paired [min-max] | train accuracy | peak / baseline MB "
        "| GEMM share |",
        "|---|---:|---|---:|---:|---:|---:|---:|",
    ]
    for row in results["summary"]["rows"]:
        e, r = row["epoch_s"], row["ratio"]
        ratio = f"{r['median']:.2f} [{r['min']:.2f}-{r['max']:.2f}]" if r else ""
        out.append(
            f"| {row['workload']} | {row['threads']} | {LABELS[row['impl']]} "
            f"| {_ms(e['median'])} [{_ms(e['min'])}-{_ms(e['max'])}] | {ratio} "
            f"| {row['accuracy']:.3f} "
            f"| {row['peak_mb']:.0f} / {row['baseline_mb']:.0f} "
            f"| {row['gemm_fraction']:.0%} |"
        )
    if results.get("predict"):
        out += [
            "",
            "| predict, network | scratchnn ms per call | plain numpy ms "
            "| scratchnn / plain, paired [quartiles] |",
            "|---|---:|---:|---:|",
        ]
        for p in results["predict"]:
            q1, q3 = p["ratio_quartiles"]
            out.append(
                f"| {_network(p)} | {p['scratchnn_ms']:.3g} | {p['plain_ms']:.3g} "
                f"| {p['ratio']:.2f} [{q1:.2f}-{q3:.2f}] |"
            )
    out += ["", "| target | limit | measured | verdict |", "|---|---:|---:|---|"]
    for v in results["summary"]["verdicts"]:
        verdict = {True: "met", False: "**missed**", None: "(information)"}[v["ok"]]
        out.append(f"| {v['target']} | {v['limit']} | {v['value']} | {verdict} |")
    return "\n".join(out)


if __name__ == "__main__":  # python -m benchmarks.report [results.json]
    import argparse
    import json

    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.report",
        description="Print stored benchmark results as Markdown tables.",
    )
    parser.add_argument(
        "results", nargs="?", type=Path,
        default=Path(__file__).parent / "results" / "latest.json",
        help="a results file (default benchmarks/results/latest.json)",
    )  # fmt: skip
    print(markdown(json.loads(parser.parse_args().results.read_text())))
