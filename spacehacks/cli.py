"""Command line: `python build_pdf.py` or the installed `space-hacks` command.

`build_pdf.py [options]` builds; `build_pdf.py COMMAND ...` runs one of the editors'
commands (check, watch, new, move, changes, random). Exit codes are decided here only:
0 done, 1 a problem in the content (or a file that could not be made), 2 a command-line
mistake, 3 a fault in the builder itself (one line, never a traceback), 130 stopped with
Ctrl-C.
"""

from __future__ import annotations

import argparse
import os
import sys
import threading
import time
import traceback
from pathlib import Path

from .editions import KINDS, PAPERS, Request
from .errors import BuildFailed, Problem, UsageError

COMMANDS = ("build", "check", "watch", "new", "move", "changes", "random")


def project_root(given: str | None) -> Path:
    """The folder holding content/guide.yaml: as given, else the current folder. (An
    installed command has no checkout to fall back on.)"""
    root = Path(given) if given else Path.cwd()
    if not (root / "content" / "guide.yaml").is_file():
        where = f"{root.resolve()}{'' if given else ' (the current folder)'}"
        raise UsageError(f"there is no content/guide.yaml in {where}. Run the command in the "
                         "guide's folder, or name that folder with --project.")
    return root


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--project", metavar="DIR",
                        help="the folder holding content/, layout/ and fonts/ "
                             "(default: the current folder)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="build_pdf.py",
        description="Build the Space Hacks guide from content/ into PDF files. Other "
                    f"commands: {', '.join(COMMANDS[1:])} (build_pdf.py COMMAND --help).",
        epilog="Editing the guide is explained in EDITING.md.",
    )
    _common(parser)
    parser.add_argument("--paper", choices=sorted(PAPERS), default="letter",
                        help="paper size (default: letter); A4 files end in -a4")
    parser.add_argument("--edition", choices=KINDS, action="append", dest="kinds",
                        help="what to make: the guide (default), handouts of every part, "
                             "wall cards, or the fold-and-staple booklet; give it again for "
                             "more than one")
    parser.add_argument("--all", action="store_true",
                        help="every edition, on both paper sizes")
    parser.add_argument("--handout", nargs="+", metavar="PART_OR_HACK",
                        help="a handout of these parts or hacks, e.g. --handout R-4 R-5 or "
                             "--handout immediate-response")
    parser.add_argument("-o", "--output", metavar="PATH",
                        help="where to write the PDF of a single edition "
                             "(default: output/space-hacks.pdf)")
    parser.add_argument("--html", metavar="PATH",
                        help="also save the HTML that is typeset, to check it or typeset it "
                             "with WeasyPrint alone")
    parser.add_argument("--check", action="store_true",
                        help="only check the content (the same as `build_pdf.py check`)")
    parser.add_argument("--force", action="store_true",
                        help="build even when nothing has changed since the last build")
    parser.add_argument("--jobs", type=int, default=None, metavar="N",
                        help="processes to use (default: 2 when the machine has two cores)")
    parser.add_argument("-q", "--quiet", action="store_true",
                        help="print only problems and the final line (for CI)")
    return parser


class Progress:
    """Shows the step a build is on, once it has taken more than a second."""

    def __init__(self, quiet: bool):
        self.quiet = quiet
        self.step = ""
        self.shown = False
        self.started = time.monotonic()
        self.timer = threading.Timer(1.0, self._show)
        self.timer.daemon = True
        if not quiet:
            self.timer.start()

    def __call__(self, step: str) -> None:
        self.step = step
        if self.shown:
            self._print()

    def _show(self) -> None:
        self.shown = True
        self._print()

    def _print(self) -> None:
        print(f"... {self.step} ({time.monotonic() - self.started:.0f} s)", file=sys.stderr,
              flush=True)

    def stop(self) -> None:
        self.timer.cancel()


def print_problems(problems: list[Problem], root: Path, *, prefix: str = "") -> None:
    for problem in problems:
        print(f"{prefix}{problem.format(root.resolve())}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    command = argv.pop(0) if argv and argv[0] in COMMANDS else "build"
    try:
        if command == "build":
            return _build(build_parser().parse_args(argv))
        from . import commands

        return commands.run(command, argv)
    except UsageError as error:
        print(f"build_pdf.py: error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("\nStopped. Files already written are whole; nothing was left half-written.",
              file=sys.stderr)
        return 130
    except Exception as error:  # noqa: BLE001 - the last resort: never a traceback
        if os.environ.get("SPACEHACKS_TRACEBACK"):
            raise
        print(f"build_pdf.py: the build stopped on an unexpected error ({_fault(error)}). "
              "This is a fault in the builder, not in your edit: please report this line to "
              "the maintainers (SPACEHACKS_TRACEBACK=1 shows the details). The previous PDF "
              "files are unchanged.", file=sys.stderr)
        return 3


def _fault(error: Exception) -> str:
    """What failed, and where in the builder: 'ValueError: ..., in spacehacks/x.py:12'."""
    words = " ".join(str(error).split())
    what = type(error).__name__ + (f": {words[:200]}" if words else "")
    base = Path(__file__).resolve().parent.parent
    ours = [frame for frame in traceback.extract_tb(error.__traceback__)
            if Path(frame.filename).resolve().is_relative_to(base)
            and "site-packages" not in frame.filename]
    if not ours:
        return what
    return f"{what}, in {Path(ours[-1].filename).resolve().relative_to(base)}:{ours[-1].lineno}"


def _build(args) -> int:
    root = project_root(args.project)
    if args.check:
        from . import commands

        return commands.run("check", ["--project", str(root)])
    papers = tuple(PAPERS) if args.all else (args.paper,)
    kinds = KINDS if args.all else tuple(dict.fromkeys(args.kinds or ["guide"]))
    request = Request(kinds=kinds, papers=papers, handout=tuple(args.handout or ()),
                      output=str(Path(args.output).resolve()) if args.output else None)

    # Imported here so that --help answers at once.
    from .pipeline import Options, build, default_jobs

    progress = Progress(args.quiet)
    options = Options(root=root, request=request, html_output=Path(args.html) if args.html
                      else None, jobs=args.jobs or default_jobs(), force=args.force,
                      progress=progress)
    try:
        result = build(options)
    except BuildFailed as failed:
        progress.stop()
        print_problems(failed.problems, root)
        count = len(failed.problems)
        print(f"\nThe guide was not built: {count} problem{'s' if count > 1 else ''} to fix "
              "(see above). The previous PDF files, if any, are unchanged.", file=sys.stderr)
        return 1
    except OSError as error:  # a disk or permission problem outside the content
        progress.stop()
        print(f"{error.filename or root}: {error.strerror}. Check the disk and the "
              "permissions of this file or folder.", file=sys.stderr)
        return 1
    progress.stop()
    return report(result, root, args)


def report(result, root: Path, args) -> int:
    """What a build prints: notes, warnings, problems, then one line of what it wrote."""
    shown = lambda path: path.relative_to(root.resolve()) if path.is_relative_to(
        root.resolve()) else path  # noqa: E731
    if result.nothing_changed:
        print(f"Nothing changed since the last build: {len(result.written)} file(s) in "
              f"output/ are up to date (--force builds anyway).")
        return 0
    print_problems(result.style_notes, root, prefix="style note: ")
    for warning in result.warnings:
        print(f"layout warning: {warning}", file=sys.stderr)
    print_problems(result.problems, root)
    pdfs = [path for path in result.written if path.suffix == ".pdf"]
    if len(pdfs) == 1:
        noun = "hack" if result.hacks == 1 else "hacks"
        print(f"Wrote {shown(pdfs[0])} ({result.pages} pages, {result.hacks} {noun}).")
    else:
        folders = sorted({str(shown(path.parent)) for path in pdfs})
        print(f"Wrote {len(pdfs)} PDF files in {', '.join(folders)} "
              f"({result.layouts} layouts, {sum(result.seconds.values()):.0f} s).")
    if result.problems:
        print(f"\n{len(result.problems)} file(s) could not be made (see above); everything "
              "else was written.", file=sys.stderr)
        return 1
    return 0
