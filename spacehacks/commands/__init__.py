"""Command line: `python build_pdf.py` or the installed `space-hacks` command.

`build_pdf.py [build] [options]` builds; `build_pdf.py COMMAND ...` runs one of the
editors' commands (check, watch, new, move, changes, random). Every command is an
argparse sub-command with the shared `--project`. This is the only layer that prints or
exits, and exit codes are decided here: 0 done, 1 a problem in the content (or a file
that could not be made), 2 a command-line mistake, 3 a fault in the builder itself (one
line, never a traceback), 130 stopped with Ctrl-C.
"""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from pathlib import Path

from ..errors import NOT_SET_UP, UsageError
from . import build, changes, check, edit, random_hack, watch
from .common import project_options
from .terminal import safe_output

COMMANDS = ("build", "check", "watch", "new", "move", "changes", "random")


def parser() -> argparse.ArgumentParser:
    common = project_options()
    top = argparse.ArgumentParser(prog="build_pdf.py",
                                  description="Build and edit the Space Hacks guide.")
    commands = top.add_subparsers(metavar="COMMAND", required=True)
    build.add_parser(commands, common, list(COMMANDS[1:]))
    check.add_parser(commands, common)
    watch.add_parser(commands, common)
    edit.add_parsers(commands, common)
    changes.add_parser(commands, common)
    random_hack.add_parser(commands, common)
    return top


def main(argv: list[str] | None = None) -> int:
    with safe_output():  # whatever a command prints is safe for a terminal
        return _run(argv)


def _run(argv: list[str] | None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] not in COMMANDS:
        argv.insert(0, "build")  # the default command; `--help` shows its options
    try:
        args = parser().parse_args(argv)
        return args.run(args)
    except UsageError as error:
        print(f"build_pdf.py: error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("\nStopped. Files already written are whole; nothing was left half-written.",
              file=sys.stderr)
        return 130
    except ModuleNotFoundError as missing:  # a library imported late (WeasyPrint...)
        if (missing.name or "").split(".")[0] == "spacehacks":
            raise
        print(NOT_SET_UP.format(name=missing.name), file=sys.stderr)
        return 2
    except Exception as error:  # the last resort: never a traceback
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
    base = Path(__file__).resolve().parents[2]
    ours = [frame for frame in traceback.extract_tb(error.__traceback__)
            if Path(frame.filename).resolve().is_relative_to(base)
            and "site-packages" not in frame.filename]
    if not ours:
        return what
    return f"{what}, in {Path(ours[-1].filename).resolve().relative_to(base)}:{ours[-1].lineno}"
