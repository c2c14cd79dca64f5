"""Finish: read the typeset PDF back with pypdf and make sure it is whole before it is
written. The contents, bookmarks and see-also links all depend on anchors in the
templates; a template edit that loses one must fail the build, not ship a guide with
dead links.

(pypdf is used to read, not to rewrite: rewriting would drop WeasyPrint's compressed
object streams and make the file about four times larger.)
"""

from __future__ import annotations

import io
from pathlib import Path

from pypdf import PdfReader

from .errors import BuildFailed, Problem
from .model import Hack, Part


def check_pdf(pdf: bytes, parts: list[Part], hacks: list[Hack], template: Path) -> int:
    """Return the number of pages; raise BuildFailed if a part or hack that should be in
    the PDF has no link target or bookmark."""
    reader = PdfReader(io.BytesIO(pdf))
    anchors = {name.lstrip("/") for name in reader.named_destinations}
    wanted = [part.anchor for part in parts] + [hack.anchor for hack in hacks]
    missing = [anchor for anchor in wanted if anchor not in anchors]

    bookmarks = set()
    for item in reader.outline:
        for entry in item if isinstance(item, list) else [item]:
            if not isinstance(entry, list):
                bookmarks.add(entry.title)
    missing += [f"bookmark '{part.title}'" for part in parts
                if part.title not in bookmarks]
    missing += [f"bookmark '{hack.number}'" for hack in hacks
                if not any(title.startswith(f"{hack.number} ") for title in bookmarks)]
    if missing:
        raise BuildFailed([Problem(template, None,
                                   "the typeset PDF lacks link targets or bookmarks for: "
                                   + ", ".join(missing[:5])
                                   + (" ..." if len(missing) > 5 else "")
                                   + ". A template must keep the id and heading of every "
                                   "part and hack (see layout/partials/).")])
    return len(reader.pages)
