"""`build_pdf.py check`: check the content without making a PDF, and find what the build
would refuse once laid out (a hack past its page budget, a wall card too long), and what
it refuses in output/ (a link, files committed to git): a green check means the build
passes. Hacks and cards measured before (by a build or a check) are
known; the others are laid out (build/measure.py)."""

from __future__ import annotations

import sys

from ..errors import BuildFailed
from . import github
from .common import print_problems, project_root
from .progress import Heartbeat


def add_parser(commands, common) -> None:
    parser = commands.add_parser(
        "check", parents=[common], help="check the content, without making the PDF",
        description="Check the content without making the PDF, lay out the hacks and wall "
                    "cards changed since the last build to find one past its page budget "
                    "or too long for its card, and print the guide's numbers (hacks per "
                    "part, words, reading grade).")
    parser.add_argument("--strict", action="store_true",
                        help="treat style notes as problems too (the maintainers' check of "
                             "the shipped guide)")
    parser.add_argument("--quick", action="store_true",
                        help="only the checks of the text, in a second: lay nothing out, so "
                             "a hack past its page budget or a card too long is not found")
    parser.set_defaults(run=run)


def run(args) -> int:
    root = project_root(args.project)
    from ..build.pipeline import read_and_check
    from ..build.trust import refuse_untrusted
    from ..reading.style import summary

    try:
        # What the build refuses in output/ (a link, files committed to git), check
        # refuses too: a pull request that forges outputs is red before anything is built.
        refuse_untrusted(root.resolve(), root.resolve() / "output")
        guide, notes = read_and_check(root)
        problems = [] if args.quick else _laid_out(guide, root)
    except BuildFailed as failed:
        problems = failed.problems
    if problems:
        print_problems(problems, root)
        count = len(problems)
        print(f"\n{count} problem{'s' if count > 1 else ''} to fix (see above).",
              file=sys.stderr)
        github.summarize(problems, root, f"The content has {count} problem"
                         f"{'s' if count > 1 else ''} to fix")
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


def _laid_out(guide, root) -> list:
    """What only layout finds: hacks past their budget, cards too long."""
    from ..build.measure import Measures

    progress = Heartbeat()
    try:
        return Measures(guide, root, progress).problems()
    finally:
        progress.stop()
