"""What every command shares: the project folder, and printing problems."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..errors import BuildFailed, Problem, UsageError
from . import github


def project_options() -> argparse.ArgumentParser:
    """The option every command has (argparse's `parents=`)."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--project", metavar="DIR",
                        help="the folder holding content/, layout/ and fonts/ "
                             "(default: the current folder)")
    return common


def project_root(given: str | None) -> Path:
    """The folder holding content/guide.yaml: as given, else the current folder. (An
    installed command has no checkout to fall back on.)"""
    root = Path(given) if given else Path.cwd()
    if not (root / "content" / "guide.yaml").is_file():
        where = f"{root.resolve()}{'' if given else ' (the current folder)'}"
        raise UsageError(f"there is no content/guide.yaml in {where}. Run the command in the "
                         "guide's folder, or name that folder with --project.")
    return root


def print_problems(problems: list[Problem], root: Path, *, prefix: str = "") -> None:
    for problem in problems:
        print(f"{prefix}{problem.format(root.resolve())}", file=sys.stderr)
    github.annotate(problems, root, "warning" if prefix else "error")


def read_checked(root: Path, then: str, *, unwritten_ok: bool = False):
    """The checked guide, or None after printing its problems and what to do then.
    unwritten_ok: a hack still being written from the template is no problem here."""
    from ..build.pipeline import read_and_check

    try:
        return read_and_check(root, unwritten_ok=unwritten_ok)[0]
    except BuildFailed as failed:
        print_problems(failed.problems, root)
        print(f"\nFix these first, then {then}.", file=sys.stderr)
        return None
