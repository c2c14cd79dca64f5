"""Finish the PDF with pypdf: what WeasyPrint does not set itself."""

from __future__ import annotations

import io

from pypdf import PdfWriter
from pypdf.generic import NameObject


def finish_pdf(pdf: bytes) -> tuple[bytes, int]:
    """Return the finished PDF and its number of pages."""
    writer = PdfWriter(clone_from=io.BytesIO(pdf))
    # Open with the bookmarks panel showing: the outline is how readers find a hack.
    writer._root_object[NameObject("/PageMode")] = NameObject("/UseOutlines")
    # Fonts and images repeat across pages; sharing them keeps the download small.
    writer.compress_identical_objects()
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue(), len(writer.pages)
