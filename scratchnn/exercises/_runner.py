"""How a checker runs your function: one case at a time, watched.

Each case runs in a thread of its own, so that the checker can keep its
promises whatever your function does:

- **a time limit** (``timeout=``, in seconds, 60 by default, ``None`` for
  none): a case that has not finished by then fails with a message, the
  checker stops your function if it can and skips the cases left. A line
  ``… still running`` is printed every 10 seconds meanwhile, so that a slow
  function shows a sign of life. A thread is used because a signal (the
  ``SIGALRM`` of ``signal.alarm``) does not exist on Windows;
  :func:`threading.Thread.join` with a timeout works everywhere.
- **what you print** during a case, on stdout or stderr, is captured and
  shown under the case's line, at most a few lines of it, so that a print in
  a loop cannot flood the notebook before the report.
- **sys.exit()** (``SystemExit``) or any other exception in your function,
  of whatever class (``BaseException`` subclasses included), fails the case
  as what it is, and the next cases run. Only **interrupting** (the
  notebook's stop button, Ctrl+C) stops the checker: the case is reported as
  interrupted, the cases left are skipped, and the result is returned as
  usual rather than raised, so that the report is not lost.
- **the state** your function could change (numpy's error state and print
  options, the warning filters, Python's and numpy's global random states,
  any attribute of numpy, scratchnn or the checkers) is put back after each
  call (:mod:`._guard`), so that your function can neither switch a check
  off nor change how your notebook computes and prints.
"""

from __future__ import annotations

import contextlib
import contextvars
import ctypes
import functools
import inspect
import io
import math
import sys
import threading
import time
import warnings
from collections.abc import Callable, Sequence
from numbers import Real
from typing import Any

import numpy as np

from ._guard import _guarded
from ._hints import _HINT_KEY, _HINT_SHAPES
from ._result import OUTPUT_LINES, CaseResult, CheckResult

#: The default time limit of one case, in seconds: ample for loop-style code.
TIMEOUT = 60.0
#: Seconds between two "still running" lines of a slow case.
PROGRESS = 10.0

_TIMEOUT: contextvars.ContextVar[float | None] = contextvars.ContextVar(
    "timeout", default=TIMEOUT
)
#: The checker's own hints for exceptions: (class, words in the message): hint.
_ERRORS: contextvars.ContextVar[dict | None] = contextvars.ContextVar(
    "errors", default=None
)
#: A line printed before the cases (you passed scratchnn's own function).
_NOTE: contextvars.ContextVar[str] = contextvars.ContextVar("note", default="")

Case = tuple[str, Callable[[], "str | None"]]


class _MismatchError(Exception):
    """Raised by a case when the reader's result is wrong."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message, self.hint = message, hint


class _ReaderError(Exception):
    """Raised from the exception that the reader's own function raised."""


class _Stopped(BaseException):
    """Raised inside a case's thread to stop a function past its time limit."""


def checker(func: Callable[..., CheckResult]) -> Callable[..., CheckResult]:
    """Make ``func(fn, ...)`` a public checker.

    The checker refuses a ``fn`` that is not callable (a learner who passed
    ``my_sigmoid(Z)``, the function's result) with one clear failed case,
    and takes the keyword ``timeout``, the time limit of each case in
    seconds (``None``: no limit).
    """
    name = func.__name__

    @functools.wraps(func)
    def wrapper(
        fn: Callable, *args: Any, timeout: float | None = TIMEOUT, **kwargs: Any
    ) -> CheckResult:
        if not callable(fn):
            case = CaseResult(
                "your function is callable",
                False,
                f"{name} needs your function itself, got {_kind(fn)}",
                f"pass the function, not its result: {name}(my_function), "
                f"without parentheses after my_function",
            )
            result = CheckResult(name, [case])
            print(result.report(), flush=True)
            return result
        _check_timeout(name, timeout)
        token = _TIMEOUT.set(None if timeout is None else float(timeout))
        note = _NOTE.set(_own_function_note(wrapper, fn))
        try:
            return func(fn, *args, **kwargs)
        finally:
            _TIMEOUT.reset(token)
            _NOTE.reset(note)

    signature = inspect.signature(func)
    keyword = inspect.Parameter(
        "timeout", inspect.Parameter.KEYWORD_ONLY, default=TIMEOUT
    )
    wrapper.__signature__ = signature.replace(  # type: ignore[attr-defined]
        parameters=[*signature.parameters.values(), keyword]
    )
    return wrapper


def _check_timeout(name: str, timeout: Any) -> None:
    """Refuse a time limit that is not a positive finite number of seconds."""
    # numbers.Real: numpy's scalars too (np.float32(5) is a fine limit).
    number = isinstance(timeout, Real) and not isinstance(timeout, bool | np.bool_)
    if timeout is None or (number and math.isfinite(timeout) and timeout > 0):
        return
    raise ValueError(
        f"{name}: timeout must be a positive number of seconds, or None for no "
        f"limit; got {timeout!r}"
    )


def _own_function_note(wrapper: Callable, fn: Callable) -> str:
    """A note when ``fn`` is scratchnn's own function that the checker compares with."""
    # The package is loaded before any of its modules: read, not imported.
    scratchnn = sys.modules["scratchnn"]
    name = getattr(wrapper, "checks", wrapper.__name__.removeprefix("check_"))
    if getattr(scratchnn, name, None) is fn:
        return (
            f"note: this is scratchnn.{name} itself, which passes of course; the "
            "exercise is to write your own and check that"
        )
    return ""


def _run_check(
    check: str,
    cases: Sequence[Case],
    shape_hint: str = _HINT_SHAPES,
    error_hints: dict[tuple[type, str], str | Callable[[BaseException], str]]
    | None = None,
) -> CheckResult:
    """Run ``cases`` one by one, printing each line as it comes; the result."""
    timeout = _TIMEOUT.get()
    note = _NOTE.get()
    token = _ERRORS.set(error_hints or {})
    if note:
        print(note, flush=True)
    results: list[CaseResult] = []
    stopped = ""  # why the cases left are skipped
    for name, body in cases:
        if stopped:
            result = CaseResult(name, False, f"not run: {stopped}")
        else:
            result, stopped = _run_case(name, body, shape_hint, timeout)
        results.append(result)
        print("\n".join(result.lines()), flush=True)
    _ERRORS.reset(token)
    outcome = CheckResult(check, results, note)
    print(outcome.summary(), flush=True)
    return outcome


def _run_case(
    name: str, body: Callable[[], str | None], shape_hint: str, timeout: float | None
) -> tuple[CaseResult, str]:
    """One case in a thread: its result, and why to stop the checker (or "")."""
    outcome: dict[str, Any] = {}

    def target() -> None:
        # Warnings from the reader's code are recorded, never shown nor
        # raised, and numpy's floating-point errors warn whatever the
        # caller's errstate (the thread starts from numpy's defaults).
        with (
            warnings.catch_warnings(record=True),
            np.errstate(over="warn", divide="warn", invalid="warn", under="ignore"),
        ):
            warnings.simplefilter("always")
            try:
                outcome["result"] = _judge(name, body, shape_hint)
            except BaseException as error:  # noqa: BLE001 - reported below
                outcome["error"] = error

    screen, capture, errors = sys.stdout, _Capture(), _Capture()
    context = contextvars.copy_context()  # the checker's settings, in the thread
    thread = threading.Thread(
        target=context.run, args=(target,), name=f"check: {name}", daemon=True
    )
    stop, interrupted = "", False
    with _guarded(lock=False):
        try:
            with (
                contextlib.redirect_stdout(capture),
                contextlib.redirect_stderr(errors),
            ):
                thread.start()
                finished = _wait(thread, name, timeout, screen)
        except KeyboardInterrupt:
            _stop(thread)
            interrupted = finished = True
    if not finished:
        gone = _stop(thread)
        result = CaseResult(
            name,
            False,
            f"your function did not finish within {timeout:g} s",
            "an endless loop? a while loop whose condition never changes, or a "
            "loop over far more items than the data has. A correct but slow "
            "function can be given more time, e.g. timeout=600"
            + ("" if gone else "; it may still run: restart the kernel to stop it"),
        )
        stop = "an earlier case did not finish in time"
    elif interrupted or isinstance(outcome.get("error"), KeyboardInterrupt):
        result = CaseResult(
            name,
            False,
            "interrupted (KeyboardInterrupt)",
            "the checker stopped at your request; run it again when ready",
        )
        stop = "the checker was interrupted"
    elif "error" in outcome:  # a BaseException that is not an Exception
        error = outcome["error"]
        result = CaseResult(
            name,
            False,
            f"your function raised {_describe(error)}",
            f"{type(error).__name__} is a BaseException that stops programs, not "
            "an error: raise an Exception such as ValueError to report a problem, "
            "and return a value otherwise",
        )
    else:
        result = outcome["result"]
    output = capture.shown()
    if errors.shown():
        printed = "\n".join(f"stderr: {line}" for line in errors.shown().splitlines())
        output = f"{output}\n{printed}" if output else printed
    return result._replace(output=output), stop


def _judge(name: str, body: Callable[[], str | None], shape_hint: str) -> CaseResult:
    try:
        note = body()
    except _MismatchError as failure:
        return CaseResult(name, False, failure.message, failure.hint)
    except _ReaderError as error:
        cause = error.__cause__ or error  # raised from the reader's error
        message = f"your function raised {_describe(cause)}"
        return CaseResult(name, False, message, _error_hint(cause, shape_hint))
    except SystemExit as error:
        return CaseResult(
            name,
            False,
            f"your function called sys.exit({_code(error)})",
            "a function ends with return, not exit() or sys.exit(), which would "
            "stop the whole program (or restart the notebook's kernel)",
        )
    except Exception as error:  # what came back broke the comparison
        message = f"could not check what your function returned ({_describe(error)})"
        return CaseResult(name, False, message, "")
    return CaseResult(name, True, note or "", "")


def _wait(
    thread: threading.Thread, name: str, timeout: float | None, screen: Any
) -> bool:
    """Wait for ``thread``, with a line every PROGRESS s; whether it finished."""
    start = time.monotonic()
    while True:
        elapsed = time.monotonic() - start
        left = None if timeout is None else timeout - elapsed
        if left is not None and left <= 0:
            return not thread.is_alive()
        thread.join(PROGRESS if left is None else min(PROGRESS, left))
        if not thread.is_alive():
            return True
        elapsed = time.monotonic() - start
        if timeout is None or elapsed < timeout:
            print(f"… {name}: still running after {elapsed:.0f} s", file=screen)
            screen.flush()


def _stop(thread: threading.Thread) -> bool:
    """Raise :class:`_Stopped` in ``thread``; whether it ended within a second.

    CPython delivers it at the thread's next Python instruction: a loop of
    Python code stops, a long numpy call first finishes.
    """
    if thread.ident is not None and thread.is_alive():
        ctypes.pythonapi.PyThreadState_SetAsyncExc(
            ctypes.c_ulong(thread.ident), ctypes.py_object(_Stopped)
        )
        thread.join(1.0)
    return not thread.is_alive()


class _Capture(io.TextIOBase):
    """A stdout that keeps the first lines written to it and counts the rest."""

    KEEP = 4000  # characters kept, enough for the lines shown

    def __init__(self) -> None:
        super().__init__()
        self.kept, self.n_newlines, self.last = "", 0, "\n"

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        if text:
            if len(self.kept) < self.KEEP:
                self.kept += text[: self.KEEP - len(self.kept)]
            self.n_newlines += text.count("\n")
            self.last = text[-1]
        return len(text)

    def shown(self) -> str:
        """The first OUTPUT_LINES lines, and how many more there were."""
        total = self.n_newlines + (self.last != "\n")
        lines = [
            line if len(line) <= 120 else line[:119] + "…"
            for line in self.kept.splitlines()[:OUTPUT_LINES]
        ]
        if total > len(lines):
            rest = total - len(lines)
            lines.append(f"… and {rest:,} more line{'' if rest == 1 else 's'} printed")
        return "\n".join(lines)


def _code(error: SystemExit) -> str:
    return "" if error.code is None else repr(error.code)


def _describe(error: BaseException) -> str:
    text = str(error).strip().splitlines()[0] if str(error).strip() else ""
    if len(text) > 120:
        text = text[:119] + "…"
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


def _error_hint(error: BaseException, shape_hint: str) -> str:
    """What an exception from your function means for the exercise."""
    text = str(error)
    for (kind, words), hint in (_ERRORS.get() or {}).items():
        if isinstance(error, kind) and words in text:
            found = hint(error) if callable(hint) else hint
            if found:
                return found
    for kind, words, hint in _ERROR_HINTS:
        if isinstance(error, kind) and all(word in text for word in words):
            return hint(error) if callable(hint) else hint
    if isinstance(error, ValueError) and any(
        word in text for word in ("matmul", "shapes", "aligned")
    ):
        return shape_hint
    if isinstance(error, ValueError) and _raised_by_scratchnn(error):
        return (
            "the arguments you passed to a scratchnn function do not fit (its "
            "message says which): a layer's cache is caches[l - 1], and the "
            "arguments go in the order of its signature, e.g. cost_function(AL, "
            "Y), backprop(AL, Y, caches)"
        )
    return (
        f"your function stopped with a {type(error).__name__} on this case's "
        "inputs: call it yourself on them in a cell of its own to see the full "
        "traceback and the line that fails"
    )


def _raised_by_scratchnn(error: BaseException) -> bool:
    """Whether ``error`` was raised inside scratchnn (not its checkers)."""
    tb = error.__traceback__
    last = ""
    while tb is not None:
        last = tb.tb_frame.f_code.co_filename
        tb = tb.tb_next
    return "scratchnn" in last and "exercises" not in last


def _key_error_hint(error: BaseException) -> str:
    key = str(error.args[0]) if error.args else ""
    if key.endswith("0") and key[:1] in "Wb":
        return (
            f"there is no {key}: layers are numbered from 1, so the loop is "
            "for l in range(1, L + 1) (A0 is X, and W1, b1 the first layer)"
        )
    if key[:1] in "Wb":
        return (
            f"the keys of grads, v and s start with a d: grads['d{key}'], "
            f"v['d{key}'], not ['{key}'] (only params has {key}); or a loop goes "
            "one layer too far (L = len(params) // 2)"
        )
    if key.startswith(("dW", "db", "dA")):
        return (
            f"there is no {key} in that dict: a loop goes one layer too far, or "
            "it runs upwards where backprop goes from layer L down to 1 "
            "(reversed(range(1, L + 1))), so a gradient is read before it is "
            "stored"
        )
    return _HINT_KEY


_TUPLE = (
    "a tuple was used as an array: functions such as sigmoid, relu and "
    "linear_forward return a pair (value, cache); unpack it, A, cache = "
    "sigmoid(Z), before computing with A"
)
#: (exception class, words its message holds, hint), the first match wins.
_ERROR_HINTS: list[tuple[type, tuple[str, ...], Any]] = [
    (
        NotImplementedError,
        (),
        "the function is still the stub: replace "
        "raise NotImplementedError with your code",
    ),
    (KeyError, (), _key_error_hint),
    (
        TypeError,
        ("only", "arrays can be converted"),
        "math.exp, math.log, "
        "math.sqrt and float() take one number, not an array: use np.exp, np.log, "
        "np.sqrt, which work entry by entry",
    ),
    (
        ValueError,
        ("truth value of an array",),
        "a Python if, and, or, max or "
        "min met a whole array: use the entry-by-entry forms, np.maximum(Z, 0), "
        "np.where(Z > 0, ...), (Z > 0) & ..., np.max(...) for the largest entry",
    ),
    (
        TypeError,
        ("Cannot cast ufunc",),
        "your array is of integer type, so "
        "adding floats into it in place fails: create it as floats, "
        "np.zeros(shape), not np.zeros(shape, dtype=int) or from integer data",
    ),
    (TypeError, ("'tuple'",), _TUPLE),
    (TypeError, ("multiply sequence",), _TUPLE),
    (AttributeError, ("'tuple' object",), _TUPLE),
    (
        AttributeError,
        ("'list' object",),
        "a list was used as an array: "
        "np.array(...) turns it into one, or compute with numpy throughout",
    ),
    (
        AttributeError,
        ("'float' object",),
        "a Python float was used as an array "
        "(.T, .shape, .sum): a sum without axis or float(...) made one number "
        "where an array was expected",
    ),
    (
        TypeError,
        ("cannot unpack non-iterable",),
        "a single value was unpacked "
        "into several names: check what the function returns (sigmoid returns "
        "(A, cache); a cache is ((A_prev, W, b), Z))",
    ),
    (
        ValueError,
        ("values to unpack",),
        "a value was unpacked into the wrong "
        "number of names: check what the function returns (sigmoid returns "
        "(A, cache); a layer's cache is ((A_prev, W, b), Z))",
    ),
    (
        IndexError,
        ("too many indices",),
        "an array was indexed with more "
        "indices than it has axes: a 1-D array (from a sum without keepdims, or "
        "Y[0]) where a 2-D one was meant",
    ),
    (
        IndexError,
        ("out of range",),
        "an index runs past the end of a list: a "
        "loop over range(L + 1) or caches[l] where caches[l - 1] is meant (lists "
        "count from 0, layers from 1)",
    ),
    (
        IndexError,
        ("out of bounds",),
        "an index runs past the end of an axis: "
        "a loop over the rows where the columns (the examples) are meant, or one "
        "step too far (range(m + 1))",
    ),
    (
        ValueError,
        ("could not be broadcast",),
        "an element-wise operation "
        "between arrays whose shapes do not fit: a transpose missing or extra, or "
        "* used where the matrix product @ is meant (or the reverse)",
    ),
    (
        ZeroDivisionError,
        (),
        "a division by zero: m = 0 (m = Y.shape[1], the "
        "columns), or a bias correction 1 - beta**t with t = 0",
    ),
    (
        UnboundLocalError,
        (),
        "a variable is used before it gets a value: "
        "assigned only inside a loop or an if that did not run",
    ),
    (
        NameError,
        (),
        "a name is not defined inside your function: import it "
        "(import numpy as np; from scratchnn import sigmoid) or spell it as "
        "you defined it",
    ),
    (
        RecursionError,
        (),
        "your function calls itself without end: did you name "
        "it like the scratchnn function it calls (def sigmoid(...) calling "
        "sigmoid)? call scratchnn's by its full name, or rename yours",
    ),
    (
        OverflowError,
        (),
        "math.exp overflows for large numbers: use np.exp on "
        "arrays, and keep its argument small (np.exp(-np.abs(Z)))",
    ),
    (
        FloatingPointError,
        (),
        "numpy raised on an overflow or a division by "
        "zero: keep exp's argument small and log's away from 0",
    ),
    (
        MemoryError,
        (),
        "your function asked for a huge array: an outer "
        "product or a broadcast of a column against a row of many examples",
    ),
    (
        AssertionError,
        (),
        "an assert in your function failed: its condition "
        "does not hold for these inputs; read the shapes it expects",
    ),
]


def _kind(value: Any) -> str:
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape}"
    kind = type(value)
    module = "" if kind.__module__ == "builtins" else kind.__module__.split(".")[0]
    return f"a value of type {module + '.' if module else ''}{kind.__name__}"
