"""Run the held-out learners' mistakes through scratchnn's checkers.

    .venv/bin/python -m tests.heldout.run_mistakes [--json out.json] [--show]

For each mistake of learner_mistakes.py the checker is called on the wrong
function; the mistake is *caught* when the check fails. The first cause the
checker gives is the first sentence of the first hint among the failed cases
(``CheckResult.cases[i].hint``, as the public docstrings describe it). It is
classified as

- named: it matches one of the mistake's ``names`` patterns (case-insensitive);
- misnamed: a hint is given but its first cause matches none of them;
- unnamed: the check failed without any hint.

Each right answer in an unusual style must pass; otherwise it is *rejected*.
The checkers' printed output is captured, not shown. Not collected by pytest
(no test_ prefix): it measures, it does not assert.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import re
import sys
import time
import warnings

from scratchnn import exercises as ex

from .learner_mistakes import CORRECT, MISTAKES

# A sentence ends at . ! or ? followed by a space and a capital or an opening
# bracket; "e.g." and "i.e." do not end one.
_SENTENCE_END = re.compile(r"(?<!e\.g)(?<!i\.e)(?<=[.!?])\s+(?=[A-Z(`'\"])")


def run_checker(name: str, fn, kwargs: dict):
    """The checker's result for ``fn``, with its printing captured."""
    checker = getattr(ex, name)
    printed = io.StringIO()
    with (
        contextlib.redirect_stdout(printed),
        contextlib.redirect_stderr(printed),
        warnings.catch_warnings(),
    ):
        warnings.simplefilter("ignore")
        result = checker(fn, **kwargs)
    return result, printed.getvalue()


def first_hint(result) -> str:
    """The hint of the first failed case that has one, or ''."""
    for case in result.cases:
        if not case.passed and (case.hint or "").strip():
            return case.hint.strip()
    return ""


# A hint that lists several causes: "likely causes: A; B; C" or "... likely
# causes are A, B, or C". Its first cause is A.
_LIST_OF_CAUSES = re.compile(r"likely causes?(?: are|:)\s*", re.IGNORECASE)


def _top_level_parts(text: str) -> list[str]:
    """``text`` cut at the ; or , outside brackets (at ; if it has any)."""
    for separators in (";", ";,"):
        parts, depth, start = [], 0, 0
        for i, ch in enumerate(text):
            depth += ch in "([{"
            depth -= ch in ")]}"
            if depth == 0 and ch in separators:
                parts.append(text[start:i])
                start = i + 1
        parts.append(text[start:])
        if len(parts) > 1:
            break
    return [p.strip() for p in parts if p.strip()]


def first_cause(hint: str) -> str:
    """The first cause a hint gives: the first sentence of its first line,
    or, when that sentence lists likely causes, the first of them."""
    if not hint:
        return ""
    line = hint.strip().splitlines()[0].strip()
    sentence = _SENTENCE_END.split(line, maxsplit=1)[0]
    listed = _LIST_OF_CAUSES.search(sentence)
    if listed:
        causes = _top_level_parts(sentence[listed.end() :])
        if causes:
            return re.sub(r"^(or|and)\s+", "", causes[0])
    return sentence


def classify(mistake, result) -> tuple[str, str, str]:
    """(status, first cause, full hint) of a mistake's check."""
    if result.passed:
        return "missed", "", ""
    hint = first_hint(result)
    cause = first_cause(hint)
    if not cause:
        return "unnamed", "", hint
    if any(re.search(p, cause, re.IGNORECASE) for p in mistake.names):
        return "named", cause, hint
    return "misnamed", cause, hint


def failed_cases(result) -> list[dict]:
    return [
        {"name": c.name, "message": c.message, "hint": c.hint}
        for c in result.cases
        if not c.passed
    ]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", metavar="OUT", help="write every record here")
    parser.add_argument("--show", action="store_true", help="print the hints")
    parser.add_argument("--only", metavar="REGEX", help="run the ids matching this")
    args = parser.parse_args(argv)
    keep = re.compile(args.only) if args.only else None

    records = []
    start = time.perf_counter()
    for m in MISTAKES:
        if keep and not keep.search(m.id):
            continue
        t0 = time.perf_counter()
        result, _ = run_checker(m.checker, m.fn, m.kwargs)
        status, cause, hint = classify(m, result)
        record = {
            "kind": "mistake",
            "id": m.id,
            "checker": m.checker,
            "cause": m.cause,
            "names": list(m.names),
            "status": status,
            "first_cause": cause,
            "hint": hint,
            "passed_cases": f"{result.n_passed}/{result.n_cases}",
            "failed": failed_cases(result),
            "seconds": round(time.perf_counter() - t0, 2),
        }
        records.append(record)
        print(f"{status:8} {m.id:45} {cause[:90]}")
        if args.show and status != "missed":
            print(f"         real cause: {m.cause}")
            for case in record["failed"]:
                print(f"         ✗ {case['name']}: {case['message'][:200]}")
                if case["hint"]:
                    print(f"           hint: {case['hint']}")
        elif args.show:
            print(f"         real cause: {m.cause} (every case passed)")

    for c in CORRECT:
        if keep and not keep.search(c.id):
            continue
        t0 = time.perf_counter()
        result, _ = run_checker(c.checker, c.fn, c.kwargs)
        status = "passed" if result.passed else "rejected"
        record = {
            "kind": "correct",
            "id": c.id,
            "checker": c.checker,
            "status": status,
            "passed_cases": f"{result.n_passed}/{result.n_cases}",
            "failed": failed_cases(result),
            "seconds": round(time.perf_counter() - t0, 2),
        }
        records.append(record)
        print(f"{status:8} {c.id:45} {result.n_passed}/{result.n_cases}")
        if status == "rejected":
            for case in record["failed"]:
                print(f"         ✗ {case['name']}: {case['message'][:200]}")
                if args.show and case["hint"]:
                    print(f"           hint: {case['hint']}")

    mistakes = [r for r in records if r["kind"] == "mistake"]
    rights = [r for r in records if r["kind"] == "correct"]
    count = {
        s: sum(r["status"] == s for r in records)
        for s in ("named", "misnamed", "unnamed", "missed", "passed", "rejected")
    }
    caught = len(mistakes) - count["missed"]
    checkers = {r["checker"] for r in mistakes}
    print()
    print(
        f"{len(mistakes)} mistakes over {len(checkers)} checkers: "
        f"{caught} caught, {count['missed']} missed; of the caught, "
        f"{count['named']} named, {count['misnamed']} misnamed, "
        f"{count['unnamed']} unnamed"
    )
    print(
        f"{len(rights)} right answers: {count['passed']} passed, "
        f"{count['rejected']} rejected"
    )
    print()
    print(f"{'checker':40} mistakes caught named misnamed unnamed | right passed")
    for name in sorted({r["checker"] for r in records}):
        mine = [r for r in mistakes if r["checker"] == name]
        ok = [r for r in rights if r["checker"] == name]
        n = {s: sum(r["status"] == s for r in mine) for s in count}
        print(
            f"{name:40} {len(mine):8} {len(mine) - n['missed']:6} {n['named']:5} "
            f"{n['misnamed']:8} {n['unnamed']:7} | {len(ok):5} "
            f"{sum(r['status'] == 'passed' for r in ok):6}"
        )
    print(f"{time.perf_counter() - start:.0f} s")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump({"counts": count, "records": records}, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
