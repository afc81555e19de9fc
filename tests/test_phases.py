"""tools/phases.py: make targets side by side, each one's output in one piece."""

from __future__ import annotations

import sys
import textwrap

import pytest

from tools import phases

# Stands in for make: each argument is an action.
FAKE_MAKE = textwrap.dedent(
    """
    import pathlib, sys, time
    for action in sys.argv[1:]:
        verb, _, arg = action.partition(":")
        if verb == "say":
            print(arg, flush=True)
        elif verb == "touch":
            pathlib.Path(arg).touch()
        elif verb == "wait":  # for a file another phase makes, 5 s at most
            for _ in range(50):
                if pathlib.Path(arg).exists():
                    break
                time.sleep(0.1)
            else:
                sys.exit(f"{arg} never came")
        elif verb == "fail":
            sys.exit(3)
    """
)


@pytest.fixture
def fake_make(tmp_path, monkeypatch):
    script = tmp_path / "fake_make.py"
    script.write_text(FAKE_MAKE, encoding="utf-8")
    monkeypatch.setattr(phases, "MAKE", [sys.executable, str(script)])
    return tmp_path


def test_a_phase_is_make_commands_joined_by_plus(monkeypatch):
    monkeypatch.setattr(phases, "MAKE", ["make"])
    assert phases.steps("book + site-test") == [["make", "book"], ["make", "site-test"]]
    assert phases.steps("package-tests PYTHON=python3.12") == [
        ["make", "package-tests", "PYTHON=python3.12"]
    ]
    with pytest.raises(ValueError, match="empty step"):
        phases.steps("book + ")


def test_each_phase_output_is_printed_whole(fake_make, capsys):
    assert phases.main(["--jobs", "2", "say:a1 say:a2", "say:b1 + say:b2"]) == 0
    out = capsys.readouterr().out
    for first, second in [("a1", "a2"), ("b1", "b2")]:
        assert out.index(first) < out.index(second)
    # Each phase's lines come together, not interleaved with the other's.
    assert "a1\na2" in out and "b1\n$" in out
    assert "wall time" in out and out.count("passed") >= 4


def test_phases_really_run_at_the_same_time(fake_make, capsys):
    flag = fake_make / "flag"
    # The first phase waits for a file that only the second makes.
    both = [f"wait:{flag} say:saw-it", f"touch:{flag}"]
    assert phases.main(["--jobs", "2", *both]) == 0
    flag.unlink()
    assert phases.main(["--jobs", "1", *both]) == 1  # one at a time: never comes
    assert "never came" in capsys.readouterr().out


def test_a_failure_stops_its_lane_and_new_phases(fake_make, capsys):
    code = phases.main(["--jobs", "1", "fail + say:after", "say:later"])
    out = capsys.readouterr().out
    assert code == 1
    assert "\nafter\n" not in out  # the step after the failure never ran
    assert "\nlater\n" not in out and "not run" in out
    assert "FAILED" in out
