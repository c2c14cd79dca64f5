"""`build_pdf.py watch`: check on every save, then rebuild what changed.

Each save is checked first (about a second: the build reads and checks everything
before it typesets) so mistakes show at once, with their file and line; only content
that passes is built. A failed check or build keeps the last good
PDF, and the next good save recovers by itself.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Callable

from ..build.inputs import PROJECT_FOLDERS
from ..editions.edition import PAPERS
from ..editions.plan import Request
from ..errors import BuildFailed
from .common import project_root


def add_parser(commands, common) -> None:
    parser = commands.add_parser(
        "watch", parents=[common], help="check on every save, then rebuild",
        description="Check the content on every save and show problems at once; when it "
                    "passes, rebuild the PDF and say what was rebuilt. Ctrl-C stops.")
    parser.add_argument("--paper", choices=sorted(PAPERS), default="letter")
    parser.set_defaults(run=run)


def run(args) -> int:
    root = project_root(args.project)
    from ..build.pipeline import Options

    options = Options(root=root, request=Request(papers=(args.paper,)))
    try:
        watch(options, lambda line: print(line, flush=True))
    except KeyboardInterrupt:
        print("\nStopped watching. The PDF in output/ is the last good build.")
    return 0


def rebuild(options, say: Callable[[str], None]) -> bool:
    """One round: check, then build. Says what happened as it goes; True when the files
    in output/ are up to date with the content."""
    from dataclasses import replace

    from ..build.pipeline import build

    root = options.root.resolve()
    started = time.perf_counter()

    def progress(step: str) -> None:  # the content is read and checked before typesetting
        if step == "typeset":
            say(f"Checked in {time.perf_counter() - started:.1f} s: no errors. Building...")

    try:
        result = build(replace(options, progress=progress))
    except BuildFailed as failed:
        for problem in failed.problems:
            say(problem.format(root))
        say(f"{len(failed.problems)} problem(s) to fix; the last good PDF is unchanged. "
            "Watching for the next save...")
        return False
    seconds = time.perf_counter() - started
    if result.nothing_changed:
        say("Nothing to rebuild: the PDF already matches the content.")
        return True
    for note in result.style_notes:
        say(f"style note: {note.format(root)}")
    for problem in result.problems:
        say(problem.format(root))
    names = ", ".join(str(path.relative_to(root)) if path.is_relative_to(root) else str(path)
                      for path in result.written if path.suffix == ".pdf")
    say(f"Rebuilt {names} ({result.page_count} pages) in {seconds:.1f} s. Watching...")
    return not result.problems


def watch(options, say: Callable[[str], None] = print) -> None:
    """Rebuild now, then after every save in content/, layout/ or fonts/, until Ctrl-C."""
    import watchfiles

    root = options.root.resolve()
    folders = [root / name for name in PROJECT_FOLDERS if (root / name).is_dir()]
    say(f"Watching {', '.join(str(Path(f).relative_to(root)) + '/' for f in folders)} "
        "(Ctrl-C to stop).")
    rebuild(options, say)
    for changes in watchfiles.watch(*folders, debounce=300, step=50,
                                    watch_filter=_interesting):
        changed = sorted({Path(path).name for _, path in changes})
        say(f"\nSaved: {', '.join(changed[:5])}{' ...' if len(changed) > 5 else ''}")
        rebuild(options, say)


def _interesting(change, path: str) -> bool:
    """Editors' swap and backup files (.file.swp, file~, 4913) are not edits."""
    name = Path(path).name
    return not (name.startswith(".") or name.endswith(("~", ".swp", ".tmp"))
                or name == "4913" or "__pycache__" in path)
