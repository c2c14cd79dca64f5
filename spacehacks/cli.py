"""Command line: `python build_pdf.py` or the installed `space-hacks` command."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import handout
from .errors import BuildFailed, UsageError
from .model import PAPER_SIZES

PROJECT_DEFAULT = Path(__file__).resolve().parent.parent


def _project_root(given: str | None) -> Path:
    if given:
        return Path(given)
    # Run from a checkout: use it. Otherwise the checkout this package was installed from.
    here = Path.cwd()
    return here if (here / "content" / "guide.yaml").is_file() else PROJECT_DEFAULT


def parse_args(argv):
    parser = argparse.ArgumentParser(
        prog="build_pdf.py",
        description="Build the Space Hacks guide from content/ into a PDF.",
        epilog="Editing the guide is explained in EDITING.md.",
    )
    parser.add_argument("--paper", choices=sorted(PAPER_SIZES), default="letter",
                        help="paper size (default: letter)")
    parser.add_argument("-o", "--output", metavar="PATH",
                        help="where to write the PDF (default: output/space-hacks.pdf)")
    parser.add_argument("--html", metavar="PATH",
                        help="also save the HTML that is typeset, to check it or typeset it "
                             "with WeasyPrint alone")
    parser.add_argument("--handout", nargs="+", metavar="PART_OR_HACK",
                        help="print only these parts or hacks, e.g. --handout R-4 R-5 or "
                             "--handout immediate-response (default file: "
                             "output/space-hacks-handout-....pdf)")
    parser.add_argument("--check", action="store_true",
                        help="only check the content and print its numbers (hacks per part, "
                             "words, reading grade); quick, and writes nothing")
    parser.add_argument("--project", metavar="DIR",
                        help="the folder holding content/, layout/ and fonts/ "
                             "(default: this checkout)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    root = _project_root(args.project)
    default_name = handout.file_stem(args.handout) if args.handout else "space-hacks"
    output = Path(args.output) if args.output else root / "output" / f"{default_name}.pdf"

    # Imported here so that --help answers at once, before WeasyPrint loads.
    from .pipeline import Options, build, read_and_check

    options = Options(root=root, output=output, paper=args.paper,
                      html_output=Path(args.html) if args.html else None,
                      handout=args.handout)
    try:
        if args.check:
            guide, style_notes = read_and_check(root)
        else:
            result = build(options)
            style_notes = result.style_notes
    except BuildFailed as failed:
        for problem in failed.problems:
            print(problem.format(root.resolve()), file=sys.stderr)
        count = len(failed.problems)
        plural = "s" if count > 1 else ""
        if args.check:
            print(f"\n{count} problem{plural} to fix (see above).", file=sys.stderr)
        else:
            print(f"\nThe guide was not built: {count} problem{plural} to fix (see above). "
                  "The previous PDF, if any, is unchanged.", file=sys.stderr)
        return 1
    except UsageError as error:
        print(f"build_pdf.py: error: {error}", file=sys.stderr)
        return 2
    except OSError as error:  # a disk or permission problem outside the content
        print(f"{error.filename or root}: {error.strerror}. Check the disk and the "
              "permissions of this file or folder.", file=sys.stderr)
        return 1
    for note in style_notes:
        print(f"style note: {note.format(root.resolve())}", file=sys.stderr)
    if args.check:
        from .style import summary

        print("\n".join(summary(guide)))
        print("The content has no errors." if not style_notes else
              f"The content has no errors, and {len(style_notes)} style notes (see above).")
        return 0
    for warning in result.warnings:
        print(f"layout warning: {warning}", file=sys.stderr)
    noun = "hack" if result.hacks == 1 else "hacks"
    print(f"Wrote {output} ({result.pages} pages, {result.hacks} {noun}, {args.paper} paper).")
    return 0
