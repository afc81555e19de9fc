"""The GitHub workflows' gating: what runs only after what, on which commit.

A release must be published only after the whole test workflow passed on the
tagged commit, and Pages must publish the book that the tests built and
checked, not a rebuild. These read the workflows with PyYAML (which parses the
key `on` as True).
"""

from __future__ import annotations

from pathlib import Path

import yaml

WORKFLOWS = Path(__file__).resolve().parent.parent / ".github" / "workflows"


def load(name):
    return yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))


def triggers(workflow):
    return workflow[True]


def upstream(jobs, name):
    """Every job that `name` needs, directly or through another job."""
    needs = jobs[name].get("needs", [])
    needs = [needs] if isinstance(needs, str) else needs
    found = set(needs)
    for need in needs:
        found |= upstream(jobs, need)
    return found


def steps(job):
    return job.get("steps", [])


def test_release_runs_on_tags_only_under_a_concurrency_group():
    release = load("release.yml")
    assert triggers(release) == {"push": {"tags": ["v*"]}}
    assert release["concurrency"]["group"]
    assert release["concurrency"]["cancel-in-progress"] is False


def test_every_release_job_needs_the_test_workflow_on_the_same_commit():
    release = load("release.yml")
    jobs = release["jobs"]
    callers = [
        n for n, j in jobs.items() if j.get("uses") == "./.github/workflows/test.yml"
    ]
    assert callers == ["test"]
    # A reusable workflow called by path runs at the caller's commit: the tag's.
    assert "with" not in jobs["test"]
    assert "workflow_call" in triggers(load("test.yml"))
    for name in jobs:
        if name != "test":
            assert "test" in upstream(jobs, name), f"{name} does not wait for the tests"
    for name, job in jobs.items():
        for step in steps(job):
            if step.get("uses", "").startswith("actions/checkout@"):
                assert "ref" not in step.get("with", {}), (
                    f"{name} checks out another ref"
                )


def test_publishing_and_the_github_release_come_after_the_build():
    jobs = load("release.yml")["jobs"]
    assert {"test", "build"} <= upstream(jobs, "publish")
    assert {"test", "build", "publish"} <= upstream(jobs, "github-release")
    assert jobs["github-release"]["permissions"] == {"contents": "write"}
    run = "\n".join(s.get("run", "") for s in steps(jobs["github-release"]))
    assert "tools.release notes" in run and "gh release create" in run
    build = "\n".join(s.get("run", "") for s in steps(jobs["build"]))
    assert build.index("tools.release check-tag") < build.index("python -m build")
    assert build.index("tools.release stamp-citation") < build.index("python -m build")


def test_the_release_attaches_the_book_the_tests_built():
    jobs = load("release.yml")["jobs"]
    downloads = [
        s["with"]["name"]
        for s in steps(jobs["github-release"])
        if s.get("uses", "").startswith("actions/download-artifact@")
    ]
    assert "github-pages" in downloads


def test_deploy_publishes_the_artifact_the_tested_full_job_built():
    test = load("test.yml")
    jobs = test["jobs"]
    full = steps(jobs["full"])
    ci = next(i for i, s in enumerate(full) if s.get("run") == "bash .ci/run")
    uploads = [
        i
        for i, s in enumerate(full)
        if s.get("uses", "").startswith("actions/upload-pages-artifact@")
    ]
    assert len(uploads) == 1 and uploads[0] > ci, "upload the book after .ci/run"
    assert full[uploads[0]]["with"]["path"] == "_build/html"
    assert jobs["deploy"]["uses"] == "./.github/workflows/deploy.yml"
    assert set(jobs["deploy"]["needs"]) == set(jobs) - {"deploy"}
    assert "refs/heads/main" in jobs["deploy"]["if"]

    deploy = load("deploy.yml")
    assert list(triggers(deploy)) == ["workflow_call"]
    assert list(deploy["jobs"]) == ["deploy"], "deploy.yml builds nothing"
    (step,) = steps(deploy["jobs"]["deploy"])
    assert step["uses"].startswith("actions/deploy-pages@")
    assert step["with"]["artifact_name"] == "github-pages"


def test_the_min_versions_job_runs_the_make_target():
    jobs = load("test.yml")["jobs"]
    run = "\n".join(s.get("run", "") for s in steps(jobs["min-versions"]))
    assert "python -m build --sdist" in run
    assert "make min-versions" in run
    full = next(s for s in steps(jobs["full"]) if s.get("run") == "bash .ci/run")
    # .ci/run skips it there: the job above runs it in parallel.
    assert full["env"]["SCRATCHNN_MIN_VERSIONS"] == "0"
    ci_run = (WORKFLOWS.parent.parent / ".ci" / "run").read_text(encoding="utf-8")
    assert "make min-versions" in ci_run
