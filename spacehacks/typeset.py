"""Typeset the HTML into a tagged PDF (PDF/UA-1) with WeasyPrint."""

from __future__ import annotations

import datetime
import logging
import os
from contextlib import contextmanager
from pathlib import Path

import weasyprint

from .fetcher import ProjectFetcher

@contextmanager
def _fixed_timestamps(day: datetime.date):
    """fontTools stamps each embedded font with the current time unless
    SOURCE_DATE_EPOCH is set; pin it to the edition date so builds are identical."""
    epoch = datetime.datetime(day.year, day.month, day.day, tzinfo=datetime.timezone.utc)
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(int(epoch.timestamp()))
    try:
        yield
    finally:
        if previous is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous


def _open_with_bookmarks(document, pdf) -> None:
    """Viewers open with the bookmarks panel: the outline is how readers find a hack."""
    pdf.catalog["PageMode"] = "/UseOutlines"


class _Warnings(logging.Handler):
    """Collects WeasyPrint's warnings (for example an unsupported CSS property)."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage())


def typeset(html: str, *, base_dir: Path, fetcher: ProjectFetcher,
            day: datetime.date) -> tuple[bytes, list[str]]:
    """Return the PDF bytes and any layout warnings.

    Everything the layout needs (stylesheet, paper size) is in the HTML itself, so the
    saved HTML typesets the same with `weasyprint --pdf-variant pdf/ua-1` alone.
    """
    collector = _Warnings()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(collector)
    try:
        with _fixed_timestamps(day):
            document = weasyprint.HTML(string=html, base_url=str(base_dir) + "/",
                                       url_fetcher=fetcher)
            pdf = document.write_pdf(pdf_variant="pdf/ua-1", finisher=_open_with_bookmarks)
    finally:
        logger.removeHandler(collector)
    return pdf, collector.messages
