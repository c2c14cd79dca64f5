"""The editors' commands besides building: check, watch, new, move, changes, random."""

from __future__ import annotations

import argparse
import sys

from .cli import print_problems, project_root
from .editions import PAPERS, Request
from .errors import BuildFailed


def run(command: str, argv: list[str]) -> int:
    return {"check": check, "changes": changes, "new": new, "move": move, "watch": watch,
            "random": random_hack}[command](argv)


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
    print(f"The content has no errors, and {len(notes)} style "
          f"note{'s' if len(notes) > 1 else ''} (see above).")
    if args.strict:
        print("check --strict: the style notes count as problems.", file=sys.stderr)
        return 1
    return 0


def changes(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="build_pdf.py changes",
        description="List the hacks added, removed, edited, renumbered and moved to another "
                    "page, and the change in page count: between the last two builds of the "
                    "guide, or between a git commit and the guide as it is now.")
    parser.add_argument("--project", metavar="DIR")
    parser.add_argument("--since", metavar="GIT-REF",
                        help="compare with the guide at this branch, tag or commit "
                             "(for example main); builds both, so it takes a minute")
    parser.add_argument("--markdown", action="store_true",
                        help="write Markdown (for a CI job summary)")
    args = parser.parse_args(argv)
    root = project_root(args.project)
    from . import changes as compare
    from .manifest import Manifest

    try:
        if args.since:
            before = compare.guide_at(root.resolve(), args.since, _records_of)
            after = _records_of(root.resolve())
        else:
            data = Manifest(root / "output").data
            if "previous guide" not in data:
                print("There is no earlier build to compare with: build the guide twice "
                      "(before and after an edit), or use --since main.", file=sys.stderr)
                return 1
            before, after = data["previous guide"], data["guide"]
    except LookupError as error:
        print(f"build_pdf.py changes: {error}", file=sys.stderr)
        return 2
    except BuildFailed as failed:
        print_problems(failed.problems, root)
        print("\nThe guide could not be read, so there is nothing to compare (see above).",
              file=sys.stderr)
        return 1
    print(compare.describe(compare.compare(before, after), markdown=args.markdown))
    return 0


def _records_of(root) -> dict:
    """Lay out the whole guide in `root` (nothing is written) and describe its hacks."""
    from .editions import guide as guide_edition
    from .pipeline import read_and_check
    from .press import make_edition

    guide, _ = read_and_check(root)
    edition = guide_edition((), guide.settings.title)
    return make_edition(guide, edition, root, {}, None, write=False).records


def _place_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--part", help="the part's folder, e.g. immediate-response")
    parser.add_argument("--section", help="the section's folder inside the part, "
                                          "e.g. medical-emergencies")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--after", metavar="HACK", help="put it right after this hack "
                                                      "(its name, like one-voice-leads, or R-4)")
    where.add_argument("--first", action="store_true", help="put it first in its section")


def _read(root, then: str, *, unwritten_ok: bool = False):
    """The checked guide, or None after printing its problems and what to do then.
    unwritten_ok: a hack still being written from the template is no problem here."""
    from .pipeline import read_and_check

    try:
        return read_and_check(root, unwritten_ok=unwritten_ok)[0]
    except BuildFailed as failed:
        print_problems(failed.problems, root)
        print(f"\nFix these first, then {then}.", file=sys.stderr)
        return None


def _edited(root, name: str, before: str | None) -> int:
    """Read the guide again after an edit, and say what the hack's number is now."""
    from .reader import read_guide

    try:
        guide = read_guide(root)
    except BuildFailed as failed:
        print_problems(failed.problems, root)
        return 1
    hack = guide.hack(name)
    if before and before != hack.number:
        print(f"{before} is now {hack.number}: {hack.title}. The numbers of the hacks in "
              "between moved by one; contents, index and see-also lines follow by themselves.")
    else:
        print(f"It prints as {hack.number}. The numbers after it moved up by one by themselves.")
    print("Check it with: python build_pdf.py check")
    return 0


def _placing(argv: list[str], prog: str, description: str, epilog: str, what: str,
             what_help: str):
    """The options of `new` and `move` (what, --part, --section, --after or --first)."""
    parser = argparse.ArgumentParser(prog=f"build_pdf.py {prog}", description=description,
                                     epilog=epilog)
    parser.add_argument(what, help=what_help)
    parser.add_argument("--project", metavar="DIR")
    _place_options(parser)
    return parser, parser.parse_args(argv)


def new(argv: list[str]) -> int:
    _, args = _placing(
        argv, "new", "Create a new hack from the template, in the right folder, listed where "
                     "it should be printed. No other file is renamed.",
        'Example: build_pdf.py new "Check the back door" --part prevention --section '
        "space-and-supplies --after walk-the-space-like-a-newcomer",
        "title", "the hack's title, starting with a verb")
    root = project_root(args.project)
    from .editing import find_place, new_hack

    guide = _read(root, "add the hack", unwritten_ok=True)
    if guide is None:
        return 1
    place = find_place(guide, part=args.part, section=args.section, after=args.after,
                       first=args.first)
    path = new_hack(root, guide, args.title, place)
    shown = path.relative_to(root.resolve()) if path.is_relative_to(root.resolve()) else path
    print(f"Created {shown} from the template: write its summary, tags and three sections "
          "(until then, check lists the lines that still hold the template's example text).")
    return _edited(root, path.stem, None)


def move(argv: list[str]) -> int:
    parser, args = _placing(
        argv, "move", "Move a hack to another place in the guide (another position, section "
                      "or part). Its number changes; its name, and every reference to it, stay.",
        "Example: build_pdf.py move check-on-someone-who-does-not-answer --after "
        "respond-to-an-opioid-overdose",
        "hack", "the hack to move: its name (one-voice-leads) or number")
    if not (args.after or args.part or args.section):
        parser.error("say where to: --after HACK, or --part (and --section) with --first "
                     "or without it for the end")
    root = project_root(args.project)
    from .editing import _hack, find_place, move_hack

    guide = _read(root, "move the hack", unwritten_ok=True)
    if guide is None:
        return 1
    hack = _hack(guide, args.hack)
    part = args.part or (hack.part_id if args.section else None)
    place = find_place(guide, part=part, section=args.section, after=args.after,
                       first=args.first)
    move_hack(guide, hack.slug, place)
    return _edited(root, hack.slug, hack.number)


def watch(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="build_pdf.py watch",
        description="Check the content on every save and show problems at once; when it "
                    "passes, rebuild the PDF and say what was rebuilt. Ctrl-C stops.")
    parser.add_argument("--project", metavar="DIR")
    parser.add_argument("--paper", choices=sorted(PAPERS), default="letter")
    args = parser.parse_args(argv)
    root = project_root(args.project)
    from .pipeline import Options
    from .watch import watch as watch_files

    options = Options(root=root, request=Request(papers=(args.paper,)))
    try:
        watch_files(options, lambda line: print(line, flush=True))
    except KeyboardInterrupt:
        print("\nStopped watching. The PDF in output/ is the last good build.")
    return 0


def random_hack(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="build_pdf.py random",
        description="Print a hack picked at random, for a team huddle: its number, title, "
                    "summary and steps, and where its wall card is.")
    parser.add_argument("--project", metavar="DIR")
    parser.add_argument("--featured", action="store_true", help="only featured hacks")
    parser.add_argument("--part", help="only hacks of this part (its folder name)")
    parser.add_argument("--seed", type=int, help="the same number picks the same hack")
    args = parser.parse_args(argv)
    root = project_root(args.project)
    from .huddle import pick, show

    guide = _read(root, "pick a hack")
    if guide is None:
        return 1
    hack = pick(guide, featured=args.featured, part=args.part, seed=args.seed)
    print(show(hack, root))
    return 0
