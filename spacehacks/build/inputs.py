"""Everything that decides the bytes of a build, as one hash (the manifest's fingerprint):
a build with the same fingerprint as the last one has nothing to do.

It covers the project's files (content, layout, fonts), the builder's own code wherever
it is installed (a checkout, or site-packages after `pip install .`), the Python that
runs it, every installed Python package, and the system libraries WeasyPrint lays text
out with (Pango, HarfBuzz, Fontconfig). All of it is read without importing WeasyPrint,
so a build with nothing to do answers at once.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import hashlib
import os
import sys
from importlib import metadata
from pathlib import Path

PROJECT_FOLDERS = ("content", "layout", "fonts")
BUILDER = Path(__file__).resolve().parents[1]  # the spacehacks package, where it runs from

# The system libraries that lay text out, as WeasyPrint loads them (weasyprint/text/ffi.py):
# the file names to try, the name to look for otherwise, the function that says the
# version and what it returns.
SYSTEM_LIBRARIES = {
    "pango": (("libpango-1.0.so.0", "libpango-1.0.dylib", "libpango-1.0-0.dll"), "pango-1.0",
              "pango_version_string", ctypes.c_char_p),
    "harfbuzz": (("libharfbuzz.so.0", "libharfbuzz.0.dylib", "libharfbuzz-0.dll"), "harfbuzz",
                 "hb_version_string", ctypes.c_char_p),
    "fontconfig": (("libfontconfig.so.1", "libfontconfig.1.dylib", "libfontconfig-1.dll"),
                   "fontconfig", "FcGetVersion", ctypes.c_int),
}


def fingerprint(root: Path) -> str:
    """A hash of everything a build of the project in `root` reads or runs."""
    digest = hashlib.sha256()
    for line in environment():
        digest.update(line.encode() + b"\n")
    for folder in PROJECT_FOLDERS:
        _hash_folder(digest, root / folder, folder)
    _hash_folder(digest, BUILDER, "builder")
    return digest.hexdigest()


def layout_fingerprint(root: Path) -> str:
    """The same without the content: what decides how a given text is laid out (the
    layout, the fonts, the builder, the libraries). Page counts measured under one stay
    true for the same text (build/measure.py)."""
    digest = hashlib.sha256()
    for line in environment():
        digest.update(line.encode() + b"\n")
    for folder in ("layout", "fonts"):
        _hash_folder(digest, root / folder, folder)
    _hash_folder(digest, BUILDER, "builder")
    return digest.hexdigest()


def environment() -> list[str]:
    """The Python, every installed package, and the text-layout libraries, one per line."""
    lines = [f"python={sys.implementation.name} {sys.version}"]
    packages = {(dist.metadata["Name"] or "").lower(): dist.version
                for dist in metadata.distributions()}
    lines += [f"package {name}={version}" for name, version in sorted(packages.items())]
    lines += [f"library {name}={library_version(name)}" for name in SYSTEM_LIBRARIES]
    return lines


def library_version(name: str) -> str:
    """The version of one text-layout library, or 'none' when it cannot be loaded."""
    files, short_name, function, returns = SYSTEM_LIBRARIES[name]
    for path in (*files, lambda: ctypes.util.find_library(short_name)):
        path = path() if callable(path) else path  # the search runs only when needed
        try:
            library = ctypes.CDLL(path) if path else None
        except OSError:
            continue
        if library is None:
            continue
        version = getattr(library, function)
        version.restype, version.argtypes = returns, []
        value = version()
        return value.decode() if isinstance(value, bytes) else str(value)
    return "none"


def _hash_folder(digest, base: Path, label: str) -> None:
    """Each file's path (under `label`) and bytes, in order; a link by where it points."""
    if base.is_symlink():
        digest.update(_link(base, label))
        return
    for path in sorted(base.rglob("*")) if base.is_dir() else ():
        shown = f"{label}/{path.relative_to(base)}"
        if path.is_symlink():
            digest.update(_link(path, shown))
        elif path.is_file() and "__pycache__" not in path.parts:
            digest.update(shown.encode() + b"\0")
            try:
                digest.update(hashlib.sha256(path.read_bytes()).digest())
            except OSError:  # gone (or unreadable) since it was listed: a save race
                digest.update(b"unreadable\0")


def _link(path: Path, shown: str) -> bytes:
    """A link (symlink) may lead anywhere on the machine: what counts is where it points,
    and its target is never read (one inside the project is hashed as itself)."""
    return f"{shown} -> {os.readlink(path)}\0".encode()
