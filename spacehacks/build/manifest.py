"""output/manifest.json: what the last builds made, and from what.

It serves three things:
- a build whose inputs have not changed does nothing (checked without reading the
  content or importing WeasyPrint, from the fingerprint of inputs.py);
- every edition's page numbers, a first guess so that the next build lays each edition
  out only once (every number printed is checked against a layout of the same run);
- the what-changed report (`build_pdf.py changes`): each hack's number, title, content
  hash and pages.

It is only ever a shortcut: deleting it makes the next build slower, never different.
"""

from __future__ import annotations

import hashlib
import json
import os
from contextlib import contextmanager
from pathlib import Path

from .output import write_atomically

NAME = "manifest.json"
MAX_BYTES = 50_000_000  # the guide's is a few hundred KB


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class Manifest:
    def __init__(self, output_dir: Path):
        self.path = output_dir / NAME
        self.output_dir = output_dir
        self.data = self._read()

    def _read(self) -> dict:
        try:
            # Only a file of its own, of a sane size: never a link (to /dev/zero, say).
            if self.path.is_symlink() or not self.path.is_file() or \
                    self.path.stat().st_size > MAX_BYTES:
                raise ValueError
            data = json.loads(self.path.read_text(encoding="utf-8"))
            if not isinstance(data, dict):
                raise ValueError
        except (OSError, ValueError):
            data = {}
        data.setdefault("editions", {})
        data.setdefault("builds", {})
        return data

    def up_to_date(self, request_key: str, inputs: str) -> list[str] | None:
        """The files of the last build of this request when nothing has changed since
        (same inputs, every file still there as written); otherwise None."""
        build = self.data["builds"].get(request_key)
        if not build or build.get("inputs") != inputs:
            return None
        for name, digest in build.get("files", {}).items():
            path = self.output_dir / name
            try:
                if ".." in Path(name).parts or path.is_symlink() or not path.is_file() or \
                        sha256_of(path.read_bytes()) != digest:
                    return None
            except OSError:
                return None
        return list(build.get("files", {}))

    def page_numbers(self, edition_key: str) -> dict[str, int]:
        """The page number where each place landed in the last build of this edition (a
        first guess, checked against this build's layout)."""
        numbers = self.data["editions"].get(edition_key, {}).get("page numbers", {})
        return dict(numbers) if isinstance(numbers, dict) else {}

    def fits(self, edition_key: str) -> dict | None:
        """The wall cards' type sizes and title widths in the last build (a start to
        check)."""
        return self.data["editions"].get(edition_key, {}).get("fit")

    def trusted_files(self, edition_key: str, inputs: str) -> dict[str, str] | None:
        """The files an edition built from exactly these inputs wrote (name -> hash), or
        None. Whoever reads them checks each against its hash."""
        entry = self.data["editions"].get(edition_key, {})
        files = entry.get("files")
        if entry.get("inputs") != inputs or not isinstance(files, dict) or not files:
            return None
        return dict(files)

    def record(self, request_key: str, inputs: str, editions: dict[str, dict],
               files: dict[str, str], guide: dict | None) -> None:
        """Save a build that worked: its files, each edition's pages, and (when it made
        the whole guide) each hack; the guide's record before it is kept for `changes`.
        Another build may have saved its own meanwhile: the manifest is read again and
        written under a lock, so that neither loses its entries."""
        with _locked(self.output_dir):
            self.data = self._read()
            self.data["builds"][request_key] = {"inputs": inputs, "files": files}
            for key, entry in editions.items():
                self.data["editions"][key] = {**entry, "inputs": inputs}
            if guide is not None and guide != self.data.get("guide"):
                if "guide" in self.data:
                    self.data["previous guide"] = self.data["guide"]
                self.data["guide"] = guide
            write_atomically(self.path, self.to_bytes())

    def to_bytes(self) -> bytes:
        return (json.dumps(self.data, indent=1, sort_keys=True) + "\n").encode("utf-8")


@contextmanager
def _locked(folder: Path):
    """Hold an exclusive lock on the folder itself (no lock file is left in output/);
    where the system has no such locks, go on without one."""
    try:
        import fcntl
    except ImportError:  # Windows
        yield
        return
    folder.mkdir(parents=True, exist_ok=True)
    handle = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        os.close(handle)  # closing releases the lock
