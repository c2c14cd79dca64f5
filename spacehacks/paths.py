"""Where a path really leads. A pull request can hold links (symlinks) to anywhere on the
machine that builds it, so every file the guide reads is followed to its real place and
must stay inside its folder."""

from __future__ import annotations

import os
from pathlib import Path


def real(path: Path) -> Path:
    """The path with every link followed. Unlike Path.resolve(), a link that leads back
    to itself raises nothing here: reading it fails later, with ELOOP."""
    return Path(os.path.realpath(path))


def is_inside(path: Path, folder: Path) -> bool:
    """Whether `path`, with every link followed, stays inside `folder`."""
    return real(path).is_relative_to(real(folder))


def link_out_of(folder: Path, path: Path) -> Path | None:
    """The first link on the way from `folder` down to `path` that leads outside
    `folder`: `path` itself or one of the folders above it (None if there is none)."""
    inside = real(folder)
    step = folder
    for name in path.relative_to(folder).parts:
        step = step / name
        if step.is_symlink() and not real(step).is_relative_to(inside):
            return step
    return None


def refused_link(folder: Path, path: Path, what: str = "file") -> tuple[Path, str] | None:
    """When `path` leads out of `folder` through a link: the link to name (the file, or a
    folder above it) and what to tell the editor. None when it stays inside."""
    if is_inside(path, folder):
        return None
    link = link_out_of(folder, path) or path
    if link == path:
        return link, (f"this {what} is a link to a file outside the {folder.name}/ folder, "
                      "so it is not read. Replace the link with the file itself.")
    return link, (f"this folder is a link to a folder outside the {folder.name}/ folder, so "
                  "nothing in it is read. Replace the link with the folder itself.")


def stamps(folder: Path) -> tuple:
    """Each file in a folder and the folders inside it, with its size and time: what was
    worked out from these files is worked out again when one of them changes."""
    found = []
    for path in sorted(folder.rglob("*")) if folder.is_dir() else ():
        try:
            stat = path.lstat()
        except OSError:
            continue  # gone while listed
        found.append((str(path), stat.st_size, stat.st_mtime_ns))
    return tuple(found)
