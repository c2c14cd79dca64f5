"""What changed between two builds of the guide (changes_report.py says it in words).

Each build of the whole guide records every hack, quote and section in
output/manifest.json (build/records.py). `build_pdf.py changes` compares the last two
builds, and says so when the content has changed since; `--since GIT-REF` lays out the
guide as it was at that commit (in a temporary folder, with this builder) and as it is
now, and compares the two.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from io import BytesIO
from pathlib import Path

from ..errors import BuildFailed
from ..progress import Progress
from .changes_report import compare, describe
from .common import print_problems, project_root
from .progress import Heartbeat


def add_parser(commands, common) -> None:
    parser = commands.add_parser(
        "changes", parents=[common], help="what changed in the guide between two builds",
        description="List the hacks added, removed, edited, renumbered and moved to another "
                    "page, and the change in page count: between the last two builds of the "
                    "guide, or between a git commit and the guide as it is now.")
    parser.add_argument("--since", metavar="GIT-REF",
                        help="compare with the guide at this branch, tag or commit "
                             "(for example main); builds both, so it takes a minute")
    parser.add_argument("--markdown", action="store_true",
                        help="write Markdown (for a CI job summary)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    root = project_root(args.project)
    from ..build.manifest import Manifest
    from ..build.pipeline import guide_records
    from ..build.trust import refuse_untrusted

    progress = Heartbeat(quiet=args.markdown)  # Markdown goes to a CI job summary
    try:
        if args.since:
            before = guide_at(root.resolve(), args.since,
                              lambda folder: guide_records(folder, _Named(progress, args.since)))
            after = guide_records(root.resolve(), _Named(progress, "now"))
        else:
            refuse_untrusted(root.resolve(), root.resolve() / "output")
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
        progress.stop()
        print_problems(failed.problems, root)
        print("\nThe guide could not be read, so there is nothing to compare (see above).",
              file=sys.stderr)
        return 1
    finally:
        progress.stop()
    print(describe(compare(before, after), markdown=args.markdown,
                   stale="" if args.since else _stale(root)))
    return 0


def _stale(root: Path) -> str:
    """A line saying so when the content changed after the last build: plain `changes`
    compares builds, not the files as they are now."""
    from ..build.inputs import fingerprint
    from ..build.manifest import Manifest

    entry = Manifest(root / "output").data["editions"].get("space-hacks.pdf", {})
    if entry.get("inputs") in (None, fingerprint(root)):
        return ""
    return ("Note: the content (or the layout) has changed since the last build, and those "
            "changes are not in this report. Build again (make pdf) to see them, or compare "
            "with a branch: build_pdf.py changes --since main.")


class _Named(Progress):
    """Progress of one of the two layouts of `changes --since`, saying which one."""

    def __init__(self, progress: Progress, which: str):
        self.progress, self.which = progress, which

    def step(self, name: str, total: int | None = None, unit: str = "page") -> None:
        where = "as it is now" if self.which == "now" else f"at {self.which}"
        self.progress.step(f"{name} {where}", total, unit)

    def advance(self, done: int) -> None:
        self.progress.advance(done)

    def end_step(self) -> None:
        self.progress.end_step()


def guide_at(root: Path, ref: str, build) -> dict:
    """The records of the guide as it was at a git commit: its content/, laid out with
    this checkout's layout and fonts (so only the content's changes show), in a
    temporary folder."""
    commit = _commit(root, ref)
    try:
        archive = subprocess.run(["git", "-C", str(root), "archive", "--format=tar", commit,
                                  "--", "content"], capture_output=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError) as error:
        stderr = getattr(error, "stderr", b"") or b""
        raise LookupError(f"git cannot give the guide at '{ref}' "
                          f"({stderr.decode(errors='replace').strip() or error}). Name a "
                          "branch, tag or commit, such as main or origin/main.") from None
    with tempfile.TemporaryDirectory() as folder:
        with tarfile.open(fileobj=BytesIO(archive)) as tar:
            # The "data" filter refuses links and paths out of the folder; Pythons before
            # 3.10.12 lack it, and there git's own archive is what we unpack.
            if hasattr(tarfile, "data_filter"):
                tar.extractall(folder, filter="data")
            else:
                tar.extractall(folder)
        for name in ("layout", "fonts"):
            # A link is copied as a link, never followed (one to /dev/zero wrote gigabytes);
            # the build refuses it there as here. Pipes and devices are left out.
            shutil.copytree(root / name, Path(folder) / name, symlinks=True,
                            ignore=_not_files)
        return build(Path(folder))


def _commit(root: Path, ref: str) -> str:
    """The commit `ref` names, as git's full hash: a ref is never read as an option
    ('--output=FILE' would make git write FILE), nor as a tree or a file."""
    wrong = LookupError(f"'{ref}' is not a commit. Name a branch, tag or commit, such as "
                        "main or origin/main.")
    if not ref or ref.startswith("-"):
        raise wrong
    try:
        found = subprocess.run(["git", "-C", str(root), "rev-parse", "--verify", "--quiet",
                                "--end-of-options", f"{ref}^{{commit}}"],
                               capture_output=True, text=True)
    except OSError as error:
        raise LookupError(f"git cannot be run ({error.strerror}).") from None
    commit = found.stdout.strip()
    if found.returncode != 0 or not re.fullmatch(r"[0-9a-f]{40,64}", commit):
        raise wrong
    return commit


def _not_files(folder: str, names: list[str]) -> list[str]:
    """What copytree leaves out: anything but folders, files and links."""
    return [name for name in names if not (os.path.islink(os.path.join(folder, name))
                                           or os.path.isfile(os.path.join(folder, name))
                                           or os.path.isdir(os.path.join(folder, name)))]
