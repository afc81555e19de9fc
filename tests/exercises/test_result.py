"""Tests of CheckResult and CaseResult, what a checker returns."""

import numpy as np
import pytest

import scratchnn as snn
from scratchnn import exercises as ex
from scratchnn.exercises import CheckResult
from scratchnn.exercises._hints import _HINT_Z_NOT_A
from scratchnn.exercises.activations import _HINT_OVERFLOW


def test_printed_output_is_short_and_stable(capsys):
    ex.check_sigmoid(lambda Z: (1 / (1 + np.exp(-Z)), Z))
    first = capsys.readouterr().out
    ex.check_sigmoid(lambda Z: (1 / (1 + np.exp(-Z)), Z))
    assert capsys.readouterr().out == first
    assert first == (
        "✓ sigmoid(0) is 0.5\n"
        "✓ sigmoid of [[-2, -1, 0, 1, 2]]\n"
        "✓ a seeded random Z of shape (3, 4)\n"
        "✗ no overflow for Z = -1000, 0, 1000: "
        'numpy warned "overflow encountered in exp"\n'
        f"  hint: {_HINT_OVERFLOW}\n"
        "✓ the cache is Z itself\n"
        "4 of 5 checks passed.\n"
    )


def test_failing_result_repr_and_summary(capsys):
    result = ex.check_sigmoid_backward(lambda dA, Z: dA * Z * (1 - Z))
    assert repr(result) == "CheckResult(check_sigmoid_backward: 0/3 passed)"
    hint = f"  hint: {_HINT_Z_NOT_A}\n"
    assert capsys.readouterr().out == (
        "✗ dZ is dA / 4 at Z = 0: expected dZ = [[ 0.25, 0.5 , -0.25]], "
        "got [[ 0., 0., -0.]]\n" + hint + "✗ a seeded random dA and Z of shape (3, 4): "
        "every entry of dZ differs, by up to 37.44\n" + hint + "✗ dZ is 0 "
        "without overflow for Z = -1000, 1000: expected dZ = [[0., 0.]], "
        "got [[-1001000., -999000.]]\n" + hint + "0 of 3 checks passed.\n"
    )


def test_score_record_and_raise_for_failure():
    import json

    good = ex.check_sigmoid(snn.sigmoid)
    assert good.score == 1.0 and good.raise_for_failure() is good
    bad = ex.check_sigmoid(lambda Z: (1 / (1 + np.exp(Z)), Z))
    assert 0 < bad.score < 1
    record = json.loads(json.dumps(bad.to_dict()))
    assert record["check"] == "check_sigmoid" and record["score"] == bad.score
    assert set(record["cases"][0]) == {"name", "passed", "message", "hint", "output"}
    with pytest.raises(AssertionError, match=r"check_sigmoid: \d of 5 checks passed"):
        bad.raise_for_failure()
    assert CheckResult("check_none", []).score == 0.0
