"""What the build takes from output/: only what an earlier build on this machine wrote.

output/ holds the manifest, which lets a build skip work ("Nothing changed") and gives
page numbers a first guess, and the PDFs the manifest vouches for. A pull request could
commit both: a forged PDF and a manifest whose hashes match it and the inputs. So:
- a file under output/ that git tracks stops the build, however .gitignore reads (it
  is the guard people see, not the only one);
- output/, and every folder below it, must be a folder of its own: a link would send
  the PDFs elsewhere on the machine, in silence.
`check` runs the same refusal, so that such a pull request is red before anything is built.
CI also starts from an empty output/ and builds with --force (.github/workflows).
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from ..errors import BuildFailed, Problem


def refuse_untrusted(root: Path, output_dir: Path) -> None:
    """Raise BuildFailed when output/, or a folder in it, is a link, or when it holds files
    committed to git. (check calls this too, so that it refuses what the build would.)"""
    link = _link_on_the_way(output_dir.parent, output_dir) or _folder_link_in(output_dir)
    if link is not None:
        raise BuildFailed([_linked(link)])
    tracked = committed(root, output_dir)
    if tracked:
        raise BuildFailed([Problem(
            path, None, "this file is committed to git, and nothing committed under output/ "
            "is ever trusted: a pull request could commit a forged PDF with a manifest to "
            "match. Take it out of git and build again: git rm -r --cached output")
            for path in tracked])


def check_writable(output_dir: Path, path: Path) -> None:
    """Before writing `path` under output/: no folder on the way is a link."""
    if not path.is_relative_to(output_dir):
        return  # a file named on the command line (-o, --html): written where it says
    link = _link_on_the_way(output_dir, path.parent)
    if link is not None:
        raise BuildFailed([_linked(link)])


def committed(root: Path, output_dir: Path) -> list[Path]:
    """The files under output_dir that git tracks (none outside a git checkout, or
    without git)."""
    try:
        listed = subprocess.run(["git", "-C", str(root), "ls-files", "-z", "--",
                                 str(output_dir)], capture_output=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return []
    if listed.returncode != 0:  # not a git checkout
        return []
    return [root / name for name in listed.stdout.decode("utf-8", "surrogateescape")
            .split("\0") if name]


def _folder_link_in(output_dir: Path) -> Path | None:
    """The first link to a folder anywhere under output/ (links are not followed): the
    build would write into it, and so out of the project. The build writes no links; a
    link to a file is harmless, as each file is replaced, never written through."""
    folders = [output_dir]
    while folders:
        try:
            entries = list(os.scandir(folders.pop()))
        except OSError:  # no output/ yet, or not a folder: the build says so when writing
            continue
        for entry in entries:
            if entry.is_symlink():
                if not entry.is_file():  # to a folder, or to nothing yet
                    return Path(entry.path)
            elif entry.is_dir(follow_symlinks=False):
                folders.append(Path(entry.path))
    return None


def _link_on_the_way(base: Path, folder: Path) -> Path | None:
    """The first folder from `base` down to `folder` (both included) that is a link."""
    step = base
    for name in (folder.relative_to(base).parts if folder != base else ()):
        step = step / name
        if step.is_symlink():
            return step
    return folder if folder.is_symlink() else None


def _linked(link: Path) -> Problem:
    return Problem(link, None, "this folder is a link to a folder elsewhere, and the build "
                   "writes only inside the project. Remove the link: the build makes the "
                   "folder itself.")
