"""`build_pdf.py [build]`: make the PDF editions (the default command)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..editions.edition import KINDS, PAPERS
from ..editions.plan import Request
from ..errors import BuildFailed
from . import github
from .common import print_problems, project_root
from .progress import Heartbeat


def add_parser(commands, common: argparse.ArgumentParser, others: list[str]) -> None:
    parser = commands.add_parser(
        "build", parents=[common], prog="build_pdf.py",
        help="make the PDF editions (the default: `build_pdf.py` alone builds the guide)",
        description="Build the Space Hacks guide from content/ into PDF files. Other "
                    f"commands: {', '.join(others)} (build_pdf.py COMMAND --help).",
        epilog="Editing the guide is explained in EDITING.md.")
    parser.add_argument("--paper", choices=sorted(PAPERS), default="letter",
                        help="paper size (default: letter); A4 files end in -a4")
    parser.add_argument("--edition", choices=KINDS, action="append", dest="kinds",
                        help="what to make: the guide (default), handouts of every part, "
                             "wall cards, the fold-and-staple booklet, or the web edition "
                             "(output/site/, with every PDF to download); give it again for "
                             "more than one")
    parser.add_argument("--all", action="store_true",
                        help="every edition, on both paper sizes, and the web edition")
    parser.add_argument("--handout", nargs="+", metavar="PART_OR_HACK",
                        help="a handout of these parts or hacks, e.g. --handout R-4 R-5 or "
                             "--handout immediate-response; with --edition booklet, a "
                             "small booklet of them to fold and staple")
    parser.add_argument("-o", "--output", metavar="PATH",
                        help="where to write the PDF of a single edition "
                             "(default: output/space-hacks.pdf)")
    parser.add_argument("--html", metavar="PATH",
                        help="also save the HTML that is typeset, to check it or typeset it "
                             "with WeasyPrint alone")
    parser.add_argument("--force", action="store_true",
                        help="build even when nothing has changed since the last build")
    parser.add_argument("--jobs", type=int, default=None, metavar="N",
                        help="processes to use (default: 2 when the machine has two cores)")
    parser.add_argument("-q", "--quiet", action="store_true",
                        help="print only problems and the final line (for CI)")
    parser.add_argument("--check", action="store_true",
                        help="only check the content (the same as `build_pdf.py check`)")
    parser.set_defaults(run=run)


def run(args) -> int:
    root = project_root(args.project)
    if args.check:
        from . import check

        return check.run(argparse.Namespace(project=str(root), strict=False, quick=False))
    papers = tuple(PAPERS) if args.all else (args.paper,)
    kinds = KINDS if args.all else tuple(dict.fromkeys(args.kinds or ["guide"]))
    request = Request(kinds=kinds, papers=papers, handout=tuple(args.handout or ()),
                      output=str(Path(args.output).resolve()) if args.output else None)

    # Imported here so that --help answers at once.
    from ..build.pipeline import Options, build
    from ..build.workers import default_jobs

    options = Options(root=root, request=request, html_output=Path(args.html) if args.html
                      else None, jobs=args.jobs or default_jobs(), force=args.force)
    options.progress = progress = Heartbeat(quiet=args.quiet)  # stopped in the `finally`
    try:
        result = build(options)
    except BuildFailed as failed:
        progress.stop()
        print_problems(failed.problems, root)
        count = len(failed.problems)
        print(f"\nThe guide was not built: {count} problem{'s' if count > 1 else ''} to fix "
              "(see above). The previous PDF files, if any, are unchanged.", file=sys.stderr)
        github.summarize(failed.problems, root, f"The guide was not built: {count} problem"
                         f"{'s' if count > 1 else ''} to fix")
        return 1
    except OSError as error:  # a disk or permission problem outside the content
        progress.stop()
        print(f"{error.filename or root}: {error.strerror}. Check the disk and the "
              "permissions of this file or folder.", file=sys.stderr)
        return 1
    finally:
        progress.stop()  # whatever happened (Ctrl-C too), the status line goes
    return report(result, root, args)


def report(result, root: Path, args) -> int:
    """What a build prints: notes, warnings, problems, then one line of what it wrote."""
    def shown(path: Path) -> Path:
        return path.relative_to(root.resolve()) if path.is_relative_to(root.resolve()) else path

    if result.nothing_changed:
        print(f"Nothing changed since the last build: {len(result.written)} file(s) in "
              f"output/ are up to date (--force builds anyway).")
        return 0
    print_problems(result.style_notes, root, prefix="style note: ")
    for warning in result.warnings:
        print(f"layout warning: {warning}", file=sys.stderr)
    print_problems(result.problems, root)
    pdfs = [path for path in result.written if path.suffix == ".pdf"
            and not (result.site and path.is_relative_to(result.site))]
    if len(pdfs) == 1:
        noun = "hack" if result.hacks == 1 else "hacks"
        print(f"Wrote {shown(pdfs[0])} ({result.page_count} pages, {result.hacks} {noun}).")
    elif pdfs:
        folders = sorted({str(shown(path.parent)) for path in pdfs})
        print(f"Wrote {len(pdfs)} PDF files in {', '.join(folders)} "
              f"({result.layouts} layouts, in {sum(result.seconds.values()):.0f} s).")
    if result.site:
        size = sum(path.stat().st_size for path in result.written
                   if path.is_relative_to(result.site))
        print(f"Wrote the web edition in {shown(result.site)}/ ({result.site_pages} pages, "
              f"{size / 1_000_000:.1f} MB with the PDFs it offers).")
    if result.problems:
        print(f"\n{len(result.problems)} file(s) could not be made (see above); everything "
              "else was written.", file=sys.stderr)
        github.summarize(result.problems, root, f"{len(result.problems)} file(s) could not "
                         "be made; everything else was written")
        return 1
    return 0
