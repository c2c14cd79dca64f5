"""`build_pdf.py check`: check the content in a second or two, without making a PDF."""

from __future__ import annotations

import sys

from ..errors import BuildFailed
from .common import print_problems, project_root


def add_parser(commands, common) -> None:
    parser = commands.add_parser(
        "check", parents=[common], help="check the content, without making the PDF",
        description="Check the content in a second or two, without making the PDF, and "
                    "print its numbers (hacks per part, words, reading grade).")
    parser.add_argument("--strict", action="store_true",
                        help="treat style notes as problems too (the maintainers' check of "
                             "the shipped guide)")
    parser.set_defaults(run=run)


def run(args) -> int:
    root = project_root(args.project)
    from ..build.pipeline import read_and_check
    from ..reading.style import summary

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
    print(f"The content has no errors, and {len(notes)} style "
          f"note{'s' if len(notes) > 1 else ''} (see above).")
    if args.strict:
        print("check --strict: the style notes count as problems.", file=sys.stderr)
        return 1
    return 0
