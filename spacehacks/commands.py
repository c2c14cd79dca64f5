"""The editors' commands besides building: check, watch, new, move, changes, random."""

from __future__ import annotations

import argparse
import sys

from .cli import print_problems, project_root
from .errors import BuildFailed


def run(command: str, argv: list[str]) -> int:
    return {"check": check}[command](argv)


def check(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="build_pdf.py check",
        description="Check the content in a second or two, without making the PDF, and "
                    "print its numbers (hacks per part, words, reading grade).")
    parser.add_argument("--project", metavar="DIR")
    parser.add_argument("--strict", action="store_true",
                        help="treat style notes as problems too (the maintainers' check of "
                             "the shipped guide)")
    args = parser.parse_args(argv)
    root = project_root(args.project)
    from .pipeline import read_and_check
    from .style import summary

    try:
        guide, notes = read_and_check(root)
    except BuildFailed as failed:
        print_problems(failed.problems, root)
        count = len(failed.problems)
        print(f"\n{count} problem{'s' if count > 1 else ''} to fix (see above).",
              file=sys.stderr)
        return 1
    print_problems(notes, root, prefix="style note: ")
    print("\n".join(summary(guide)))
    if not notes:
        print("The content has no errors.")
        return 0
    print(f"The content has no errors, and {len(notes)} style notes (see above).")
    if args.strict:
        print("check --strict: the style notes count as problems.", file=sys.stderr)
        return 1
    return 0
