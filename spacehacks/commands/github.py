"""Problems as GitHub shows them, when CI runs in GitHub Actions: each as an annotation on
its file and line (`::error file=...,line=...::...`, shown on the changed line of a pull
request), and the whole list on the run's summary page when the content cannot be built.

The workflow turns this on with SPACEHACKS_GITHUB=1 on the steps that check and build
(.github/workflows/build.yml), so that nothing else changes what a command prints.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from ..errors import Problem


def enabled() -> bool:
    return os.environ.get("SPACEHACKS_GITHUB") == "1"


def _data(text: str) -> str:
    """A workflow command's message: % and line breaks are written as GitHub reads them."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def _where(problem: Problem, root: Path) -> str:
    try:
        return str(problem.path.resolve().relative_to(root.resolve()))
    except ValueError:
        return str(problem.path)


def annotation(problem: Problem, root: Path, kind: str = "error") -> str:
    """One problem as a workflow command: an error, or a warning for a style note."""
    message = problem.message + "".join(f"\n    {detail}" for detail in problem.details)
    place = f"file={_property(_where(problem, root))}"
    if problem.line:
        place += f",line={problem.line}"
    return f"::{kind} {place}::{_data(message)}"


def annotate(problems: list[Problem], root: Path, kind: str = "error") -> None:
    if enabled():
        for problem in problems:
            print(annotation(problem, root, kind), flush=True)


def summarize(problems: list[Problem], root: Path, title: str) -> None:
    """The problems, listed on the run's summary page (GITHUB_STEP_SUMMARY)."""
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if not (enabled() and summary):
        return
    lines = [f"## {title}", ""]
    for problem in problems:
        where = _where(problem, root) + (f":{problem.line}" if problem.line else "")
        lines.append(f"- `{where}`: {problem.message}")
        lines += [f"  - {detail}" for detail in problem.details]
    lines += ["", "Each line names the file, the line and what to do; fix them in the same "
                  "branch and CI runs again.", ""]
    try:
        with open(summary, "a", encoding="utf-8") as stream:
            stream.write("\n".join(lines))
    except OSError as error:
        print(f"The problems could not be added to the summary page ({error.strerror}).",
              file=sys.stderr)
