"""Write outputs atomically: a failed or interrupted build never leaves half a file."""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
from pathlib import Path


def write_atomically(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    # The temporary file sits in the same folder, so the rename cannot cross disks.
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def replace_folder(folder: Path, files: dict[str, bytes],
                   same_as: dict[str, Path] | None = None) -> None:
    """Make `folder` hold exactly `files` (name inside it -> bytes): written beside it
    first, then swapped in, so a page that no longer exists never lingers and a reader
    never sees half of the old folder and half of the new. A file of `same_as` (name ->
    a file elsewhere that should hold the same bytes) becomes a second name of that file
    (a hard link) when it does hold them, to save a second copy on the disk."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    new = Path(tempfile.mkdtemp(dir=folder.parent, prefix=f".{folder.name}.", suffix=".new"))
    old = new.with_suffix(".old")
    try:
        for name, data in files.items():
            path = new / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if not (same_as and name in same_as and _linked(same_as[name], path, data)):
                path.write_bytes(data)
                os.chmod(path, 0o644)
        for place in [new, *(p for p in new.rglob("*") if p.is_dir())]:
            os.chmod(place, 0o755)
        if folder.is_symlink() or folder.is_file():
            folder.unlink()
        if folder.exists():
            os.replace(folder, old)
        os.replace(new, folder)
    except BaseException:
        shutil.rmtree(new, ignore_errors=True)
        raise
    finally:
        shutil.rmtree(old, ignore_errors=True)


def _linked(existing: Path, path: Path, data: bytes) -> bool:
    """Make `path` a hard link to `existing` if that is a plain file holding exactly
    `data`. Safe because the build never writes into a file it made: it writes a new one
    and renames it over the old (write_atomically), which leaves this name on the old
    bytes. Anything else (another disk, a file system without hard links, a symbolic
    link, other bytes) leaves nothing behind and answers False: the caller copies."""
    try:
        if not stat.S_ISREG(existing.lstat().st_mode) or existing.stat().st_size != len(data):
            return False
        os.link(existing, path, follow_symlinks=False)
    except OSError:
        return False
    try:  # what the link holds now, read through the link itself
        if path.read_bytes() == data and os.stat(path).st_mode & 0o777 == 0o644:
            return True
    except OSError:
        pass
    path.unlink(missing_ok=True)
    return False
