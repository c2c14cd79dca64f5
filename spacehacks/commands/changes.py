"""What changed between two builds of the guide: hacks added, removed, edited,
renumbered or moved to another page, and the change in page count.

Each build of the whole guide records every hack (number, name, title, a hash of its
file, its pages) in output/manifest.json. `build_pdf.py changes` compares the last two
builds; `--since GIT-REF` builds the guide as it was at that commit (in a temporary
folder, with this builder) and compares it with the guide as it is now.
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
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path

from ..errors import BuildFailed
from .common import print_problems, project_root


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

    try:
        if args.since:
            before = guide_at(root.resolve(), args.since, guide_records)
            after = guide_records(root.resolve())
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
        print_problems(failed.problems, root)
        print("\nThe guide could not be read, so there is nothing to compare (see above).",
              file=sys.stderr)
        return 1
    print(describe(compare(before, after), markdown=args.markdown))
    return 0


@dataclass
class Report:
    added: list[dict] = field(default_factory=list)
    removed: list[dict] = field(default_factory=list)
    edited: list[dict] = field(default_factory=list)
    renumbered: list[tuple[dict, dict]] = field(default_factory=list)  # (before, after)
    moved: list[tuple[dict, dict]] = field(default_factory=list)  # to another page
    pages_before: int = 0
    pages_after: int = 0

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.edited or self.renumbered
                    or self.moved or self.pages_before != self.pages_after)


def compare(before: dict, after: dict) -> Report:
    old = {hack["name"]: hack for hack in before.get("hacks", [])}
    new = {hack["name"]: hack for hack in after.get("hacks", [])}
    report = Report(pages_before=before.get("page_count", 0),
                    pages_after=after.get("page_count", 0))
    report.added = [hack for name, hack in new.items() if name not in old]
    report.removed = [hack for name, hack in old.items() if name not in new]
    for name in new.keys() & old.keys():
        was, now = old[name], new[name]
        if was["hash"] != now["hash"]:
            report.edited.append(now)
        if was["number"] != now["number"]:
            report.renumbered.append((was, now))
        elif was["pages"][:1] != now["pages"][:1]:
            report.moved.append((was, now))
    order = {name: index for index, name in enumerate(new)}
    for items in (report.edited, report.renumbered, report.moved):
        items.sort(key=lambda item: order.get((item[1] if isinstance(item, tuple)
                                               else item)["name"], 0))
    return report


def _page(hack: dict) -> str:
    return f"page {hack['pages'][0]}" if hack.get("pages") else "no page"


def describe(report: Report, *, markdown: bool = False) -> str:
    """The report in plain lines (or Markdown, for a CI job summary)."""
    bullet = "- " if markdown else "  "
    heading = (lambda text: f"### {text}") if markdown else (lambda text: f"{text}:")
    lines = []
    if markdown:
        lines.append("## What changed in the guide")
    if report.empty:
        lines.append("No hack was added, removed, edited, renumbered or moved, and the "
                     "page count is the same.")
        return "\n".join(lines)
    sections = [
        ("Added", [f"{h['number']} {h['title']} ({_page(h)})" for h in report.added]),
        ("Removed", [f"{h['number']} {h['title']}" for h in report.removed]),
        ("Edited", [f"{h['number']} {h['title']}" for h in report.edited]),
        ("Renumbered", [f"{a['number']} is now {b['number']}: {b['title']}"
                        for a, b in report.renumbered]),
        ("Moved to another page", [f"{b['number']} {b['title']}: {_page(a)} is now "
                                   f"{_page(b)}" for a, b in report.moved]),
    ]
    for title, items in sections:
        if items:
            lines.append(heading(f"{title} ({len(items)})"))
            lines.extend(bullet + item for item in items)
    change = report.pages_after - report.pages_before
    lines.append(f"Pages: {report.pages_before} before, {report.pages_after} now "
                 f"({change:+d})." if change else
                 f"Pages: {report.pages_after}, as before.")
    return "\n".join(lines)


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
