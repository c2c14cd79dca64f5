"""output/manifest.json: what the last builds made, and from what.

It serves three things:
- a build whose inputs have not changed does nothing (checked without reading the
  content or importing WeasyPrint, from a fingerprint of the files and library versions);
- every edition's page numbers, so the next build can print them at once and lay each
  edition out only once (they are checked against where everything really lands);
- the what-changed report (`build_pdf.py changes`): each hack's number, title, content
  hash and pages.

It is only ever a shortcut: deleting it makes the next build slower, never different.
"""

from __future__ import annotations

import hashlib
import json
import os
from importlib import metadata
from pathlib import Path

NAME = "manifest.json"
# Libraries whose versions decide the bytes of the PDF (and of the site's search index).
LIBRARIES = ("weasyprint", "pydyf", "fonttools", "pillow", "markdown", "jinja2", "pyyaml",
             "pypdf", "tinycss2", "cssselect2", "tinyhtml5", "pyphen", "brotli", "zopfli",
             "pikepdf", "pagefind-bin")
FOLDERS = ("content", "layout", "fonts", "spacehacks")


def fingerprint(root: Path) -> str:
    """A hash of everything a build reads: the project's files (content, layout, fonts
    and the builder itself) and the library versions."""
    digest = hashlib.sha256()
    for name in LIBRARIES:
        try:
            digest.update(f"{name}={metadata.version(name)}\n".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name}=none\n".encode())
    for folder in FOLDERS:
        base = root / folder
        if base.is_symlink():
            digest.update(_link(base, root))
            continue
        for path in sorted(base.rglob("*")) if base.is_dir() else ():
            if path.is_symlink():
                digest.update(_link(path, root))
            elif path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(root)).encode() + b"\0")
                digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def _link(path: Path, root: Path) -> bytes:
    """A link (symlink) may lead anywhere on the machine: what counts is where it points,
    and its target is never read (one inside the project is hashed as itself)."""
    return f"{path.relative_to(root)} -> {os.readlink(path)}\0".encode()


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class Manifest:
    def __init__(self, output_dir: Path):
        self.path = output_dir / NAME
        self.output_dir = output_dir
        try:
            self.data = json.loads(self.path.read_text(encoding="utf-8"))
            if not isinstance(self.data, dict):
                raise ValueError
        except (OSError, ValueError):
            self.data = {}
        self.data.setdefault("editions", {})
        self.data.setdefault("builds", {})

    def up_to_date(self, request_key: str, inputs: str) -> list[str] | None:
        """The files of the last build of this request when nothing has changed since
        (same inputs, every file still there as written); otherwise None."""
        build = self.data["builds"].get(request_key)
        if not build or build.get("inputs") != inputs:
            return None
        for name, digest in build.get("files", {}).items():
            path = self.output_dir / name
            try:
                if sha256_of(path.read_bytes()) != digest:
                    return None
            except OSError:
                return None
        return list(build.get("files", {}))

    def pages(self, edition_key: str) -> dict[str, int]:
        """Where each place landed in the last build of this edition (a guess to check)."""
        return dict(self.data["editions"].get(edition_key, {}).get("anchors", {}))

    def trusted_pages(self, edition_key: str, inputs: str) -> dict[str, int] | None:
        """The page numbers of an edition built from exactly these inputs, or None."""
        entry = self.data["editions"].get(edition_key, {})
        return dict(entry["anchors"]) if entry.get("inputs") == inputs else None

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
        """A build that worked: its files, each edition's pages, and (when it made the
        whole guide) each hack; the guide's record before it is kept for `changes`."""
        self.data["builds"][request_key] = {"inputs": inputs, "files": files}
        for key, entry in editions.items():
            self.data["editions"][key] = {**entry, "inputs": inputs}
        if guide is not None and guide != self.data.get("guide"):
            if "guide" in self.data:
                self.data["previous guide"] = self.data["guide"]
            self.data["guide"] = guide

    def to_bytes(self) -> bytes:
        return (json.dumps(self.data, indent=1, sort_keys=True) + "\n").encode("utf-8")
