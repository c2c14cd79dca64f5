"""Typeset the HTML into a tagged PDF (PDF/UA-1) with WeasyPrint."""

from __future__ import annotations

import datetime
import logging
import os
from contextlib import contextmanager
from pathlib import Path

import pydyf
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


def _finisher(link_labels: dict[str, str]):
    """Last touches to the PDF objects, before WeasyPrint writes them."""

    def finish(document, pdf) -> None:
        # Viewers open with the bookmarks panel: the outline is how readers find a hack.
        pdf.catalog["PageMode"] = "/UseOutlines"
        # Screen readers announce a link by its /Contents, which WeasyPrint fills with
        # the target's id ("hack-one-voice-leads"); say where it goes in words instead.
        for obj in pdf.objects:
            if isinstance(obj, pydyf.Dictionary) and obj.get("Subtype") == "/Link":
                destination = obj.get("Dest")
                label = link_labels.get(getattr(destination, "string", None))
                if label:
                    obj["Contents"] = pydyf.String(label)

    return finish


class _Warnings(logging.Handler):
    """Collects WeasyPrint's warnings (for example an unsupported CSS property)."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage())


PDF_OPTIONS = {"pdf_variant": "pdf/ua-1"}


class Typesetter:
    """Lays the HTML out once; then writes the whole guide or a selection of its pages.

    Everything the layout needs (stylesheet, paper size) is in the HTML itself, so the
    saved HTML typesets to the same pages with `weasyprint --pdf-variant pdf/ua-1` alone
    (only the finishing touches of _finisher are ours).
    """

    def __init__(self, html: str, *, base_dir: Path, fetcher: ProjectFetcher,
                 day: datetime.date, link_labels: dict[str, str]):
        self.day = day
        self.link_labels = link_labels  # HTML id -> what a link to it says, in words
        self.warnings = _Warnings()  # WeasyPrint's, e.g. an unsupported CSS property
        # Fonts are loaded (and stamped) during layout, so the fixed time covers it too.
        with self._collecting_warnings(), _fixed_timestamps(day):
            self.document = weasyprint.HTML(
                string=html, base_url=str(base_dir) + "/", url_fetcher=fetcher,
            ).render(**PDF_OPTIONS)

    def page_of(self) -> dict[str, int]:
        """Each HTML id -> the index of the page where it starts."""
        first: dict[str, int] = {}
        for index, page in enumerate(self.document.pages):
            for anchor in page.anchors:
                first.setdefault(anchor, index)
        return first

    def write_pdf(self, pages: list[int] | None = None) -> bytes:
        """The PDF of every page, or only of the pages given (by index)."""
        document = self.document if pages is None else self.document.copy(
            [self.document.pages[index] for index in pages])
        before = len(self.warnings.messages)
        with self._collecting_warnings(), _fixed_timestamps(self.day):
            pdf = document.write_pdf(finisher=_finisher(self.link_labels), **PDF_OPTIONS)
        if pages is not None:
            # A handout leaves out most pages, so links to them have nowhere to go; the
            # printed "see R-2, page 32" still points into the full guide.
            self.warnings.messages[before:] = [
                message for message in self.warnings.messages[before:]
                if not message.startswith("No anchor #")]
        return pdf

    @contextmanager
    def _collecting_warnings(self):
        logger = logging.getLogger("weasyprint")
        logger.addHandler(self.warnings)
        try:
            yield
        finally:
            logger.removeHandler(self.warnings)
