"""What a checker returns: a :class:`CheckResult` of :class:`CaseResult`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, NamedTuple

#: At most this many lines of what your function printed are shown per case.
OUTPUT_LINES = 3


class CaseResult(NamedTuple):
    """The outcome of one case of a checker.

    Attributes
    ----------
    name : str
        What the case checks, e.g. ``"sigmoid(0) is 0.5"``.
    passed : bool
        Whether your function got it right.
    message : str
        For a failure, what was expected and what came; for a pass, an
        optional note (empty when there is nothing to add).
    hint : str
        For a failure whose symptom is recognised, the likely mistake.
    output : str
        What your function printed during the case (the first lines of it).
    """

    name: str
    passed: bool
    message: str = ""
    hint: str = ""
    output: str = ""

    def lines(self) -> list[str]:
        """The printed form: a ✓ or ✗ line, a hint or note, your printed lines."""
        if self.passed:
            first, label, detail = f"✓ {self.name}", "note", self.message
        else:
            first, label, detail = f"✗ {self.name}: {self.message}", "hint", self.hint
        lines = [first, f"  {label}: {detail}"] if detail else [first]
        return lines + [f"  | {line}" for line in self.output.splitlines()]

    def to_dict(self) -> dict[str, Any]:
        """The case as a plain dict: name, passed, message, hint, output."""
        return self._asdict()


@dataclass(frozen=True, repr=False)
class CheckResult:
    """What a checker found: every case, and whether all of them passed.

    Every checker takes your function, runs its cases, prints each case's
    line as it finishes and a summary line, and returns this result, which
    is true in an ``if`` (or ``assert``) exactly when every case passed.
    For grading, :attr:`score` is the share of cases passed,
    :meth:`to_dict` a record for a gradebook and
    :meth:`raise_for_failure` makes a test (pytest, nbgrader, otter-grader)
    fail with the failed cases.

    Attributes
    ----------
    check : str
        The checker's name, e.g. ``"check_sigmoid"``.
    cases : list of CaseResult
        One result per case, in the order they ran.
    note : str
        A line printed before the cases, e.g. when you passed scratchnn's own
        function; "" otherwise.

    In a notebook, a cell that ends with a checker call shows the report
    once: the checker prints it as it runs, and the result displays nothing
    more (``print(result)`` or ``result.report()`` shows it again).
    """

    check: str
    cases: list[CaseResult]
    note: str = ""

    @property
    def n_cases(self) -> int:
        """The number of cases run."""
        return len(self.cases)

    @property
    def n_passed(self) -> int:
        """The number of cases passed."""
        return sum(case.passed for case in self.cases)

    @property
    def passed(self) -> bool:
        """Whether every case passed."""
        return self.n_passed == self.n_cases

    @property
    def score(self) -> float:
        """The share of cases passed, from 0.0 to 1.0."""
        return self.n_passed / self.n_cases if self.cases else 0.0

    def __bool__(self) -> bool:
        return self.passed

    def __repr__(self) -> str:
        return f"CheckResult({self.check}: {self.n_passed}/{self.n_cases} passed)"

    def __str__(self) -> str:
        return self.report()

    def _ipython_display_(self) -> None:
        """Show nothing: the checker printed the report as it ran."""

    def summary(self) -> str:
        """The last printed line: how many cases passed."""
        if self.passed:
            return f"All {self.n_cases} checks passed."
        return f"{self.n_passed} of {self.n_cases} checks passed."

    def report(self) -> str:
        """The printed report: the cases' lines, then the summary line."""
        lines = [line for case in self.cases for line in case.lines()]
        return "\n".join([*([self.note] if self.note else []), *lines, self.summary()])

    def to_dict(self) -> dict[str, Any]:
        """A machine-readable record, e.g. for ``json.dumps``.

        Keys: ``check``, ``passed``, ``score``, ``n_passed``, ``n_cases``,
        ``note`` and ``cases``, a list of dicts with ``name``, ``passed``,
        ``message``, ``hint`` and ``output``.
        """
        return {
            "check": self.check,
            "note": self.note,
            "passed": self.passed,
            "score": self.score,
            "n_passed": self.n_passed,
            "n_cases": self.n_cases,
            "cases": [case.to_dict() for case in self.cases],
        }

    def raise_for_failure(self) -> CheckResult:
        """Raise :class:`AssertionError` listing the failed cases, if any.

        Returns the result itself when every case passed, so that a grading
        cell can read ``check_sigmoid(my_sigmoid).raise_for_failure()``.
        """
        failed = [case for case in self.cases if not case.passed]
        if failed:
            lines = [line for case in failed for line in case.lines()]
            raise AssertionError("\n".join([f"{self.check}: {self.summary()}", *lines]))
        return self
