"""Typeset HTML into pages, then write a tagged PDF (PDF/UA-1) of some or all of them,
with WeasyPrint."""

from __future__ import annotations

import datetime
import functools
import logging
import os
from contextlib import contextmanager
from pathlib import Path

import pydyf
import weasyprint

from weasyprint.formatting_structure.boxes import MarginBox
from weasyprint.text.fonts import FontConfiguration

from ..progress import QUIET, Progress
from ..reading import limits
from . import tagging as structure
from .collector import collector_paused
from .fetcher import ProjectFetcher

PDF_OPTIONS = {"pdf_variant": "pdf/ua-1"}
# A print file: tagged the same way, but without the PDF/UA-1 identification.
PRINT_FILE_OPTIONS = {"pdf_version": "1.7", "pdf_tags": True}


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


@contextmanager
def _page_references_remembered():
    """pydyf works out the list of page references anew each time it is asked, and
    WeasyPrint asks once per structure element: for the guide, two million steps that
    give the same answer. Remember it while a PDF is written (it changes only when a
    page is added)."""
    computed = pydyf.PDF.page_references

    def remembered(pdf):
        count = len(pdf.pages["Kids"])
        if getattr(pdf, "_space_hacks_pages", (None,))[0] != count:
            pdf._space_hacks_pages = (count, computed.fget(pdf))
        return pdf._space_hacks_pages[1]

    pydyf.PDF.page_references = property(remembered)
    try:
        yield
    finally:
        pydyf.PDF.page_references = computed


class _Warnings(logging.Handler):
    """Collects WeasyPrint's warnings (for example an unsupported CSS property)."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage())

    @contextmanager
    def collecting(self):
        logger = logging.getLogger("weasyprint")
        logger.addHandler(self)
        try:
            yield
        finally:
            logger.removeHandler(self)


class TooManyPages(Exception):
    """Layout was stopped: the edition went past its page budget (reading/limits.py)."""

    def __init__(self, most: int):
        super().__init__(f"more than {most} pages")
        self.most = most


class _PageCount(logging.Handler):
    """WeasyPrint logs each page it lays out ('Step 5 - Creating layout - Page 12') just
    before it makes it, from inside its layout loop: passed on as progress, so a long
    layout shows how far it has come, and stopped at the first page past `most`."""

    def __init__(self, progress: Progress, most: int):
        super().__init__(logging.INFO)
        self.progress = progress
        self.most = most

    def emit(self, record):  # an exception raised here (a newer save) stops the layout
        if record.msg.startswith("Step 5 - Creating layout - Page") and record.args:
            page = int(record.args[0])
            if page > self.most:
                raise TooManyPages(self.most)
            self.progress.advance(page)

    @contextmanager
    def counting(self):
        logger = logging.getLogger("weasyprint.progress")
        level, propagate = logger.level, logger.propagate
        logger.setLevel(logging.INFO)
        logger.propagate = False  # these are ours to show, not every logging handler's
        logger.addHandler(self)
        try:
            yield
        finally:
            logger.removeHandler(self)
            logger.setLevel(level)
            logger.propagate = propagate


@functools.lru_cache(maxsize=1)
def shared_fonts(files: tuple) -> FontConfiguration:
    """One font configuration for every layout in a process (the editions of `--all`,
    watch's and check's small layouts): WeasyPrint loads each @font-face once into it,
    not once a document, and the PDFs are the same bytes. `files`, the font files with
    their sizes and times, keys it: a font replaced gets a new one."""
    return FontConfiguration()


class Pages:
    """One edition laid out into pages, ready to be written as PDF files."""

    def __init__(self, html: str, *, base_dir: Path, fetcher: ProjectFetcher,
                 day: datetime.date, progress: Progress = QUIET, font_config=None,
                 most_pages: int | None = None):
        """Raises TooManyPages as soon as layout reaches the page past `most_pages` (by
        default, the largest budget of any edition, reading/limits.py)."""
        self.day = day
        self.warnings = _Warnings()
        # Fonts are loaded (and stamped) during layout, so the fixed time covers it too.
        with self.warnings.collecting(), _fixed_timestamps(day), collector_paused(), \
                _PageCount(progress, most_pages or limits.edition_pages("")).counting():
            self.document = weasyprint.HTML(
                string=html, base_url=str(base_dir) + "/", url_fetcher=fetcher,
            ).render(font_config=font_config, **PDF_OPTIONS)

    @property
    def page_count(self) -> int:
        return len(self.document.pages)

    def positions(self) -> dict[str, tuple[int, float]]:
        """Each HTML id -> (the index of the page where it starts, counted from 0; its
        height on that page as a share of the page, 0 at the top)."""
        first: dict[str, tuple[int, float]] = {}
        for index, page in enumerate(self.document.pages):
            for anchor, (_, y, _, _) in page.anchors.items():
                first.setdefault(anchor, (index, y / page.height))
        return first

    def content_bottom(self) -> float:
        """Where the first page's text area ends, as a share of its height from the top."""
        box = self.document.pages[0]._page_box
        return (box.content_box_y() + box.height) / box.margin_height()

    def room(self, index: int) -> float:
        """The empty part of a page's text area below what is printed on it, as a share of
        the page's height (check trusts a page count measured with other hack and page
        numbers only where this leaves room, build/measure.py)."""
        box = self.document.pages[index]._page_box
        top = box.content_box_y()
        lowest, stack = top, [child for child in box.children
                              if not isinstance(child, MarginBox)]
        while stack:  # the lowest border box, but not of what holds the next page's text
            child = stack.pop()
            stack.extend(getattr(child, "children", ()))
            if getattr(child, "element_tag", None) not in ("html", "body", "section",
                                                            "article"):
                lowest = max(lowest, child.position_y + child.margin_top
                             + child.border_height())
        return max(0.0, (top + box.height - lowest) / box.margin_height())

    def line_widths(self, prefix: str) -> dict[str, list[float]]:
        """For each element whose id starts with `prefix`: the width its text takes on
        each of its lines, in points (the wall cards balance their titles with it)."""
        found: dict[str, list[float]] = {}
        for page in self.document.pages:
            stack = [(page._page_box, None)]
            while stack:
                box, owner = stack.pop()
                element_id = box.element.get("id") if box.element is not None else None
                if element_id and element_id.startswith(prefix) and \
                        type(box).__name__ != "LineBox":
                    owner = element_id
                if owner and type(box).__name__ == "LineBox" and box.children:
                    right = max(child.position_x + child.margin_width() for child in box.children)
                    found.setdefault(owner, []).append((right - box.position_x) * 0.75)
                    continue
                stack.extend((child, owner) for child in getattr(box, "children", ()))
        return found

    def bookmarks(self, indexes: list[int]) -> list[str]:
        """The bookmark labels on the pages of these indexes."""
        return [label for index in indexes
                for _, label, _, _ in self.document.pages[index].bookmarks]

    def take_page_furniture(self, other: Pages, first: int) -> None:
        """Give these pages the running heads and footers of `other`'s pages from `first`
        on: a hack laid out alone (watch) prints what it prints in the whole guide, its
        page number, the page count, its part. (WeasyPrint keeps them as margin boxes of
        each page box; `_page_box` is not public, and tests/test_watch.py holds the
        result to a full build.)"""
        for index, page in enumerate(self.document.pages):
            box = page._page_box
            furniture = tuple(child for child in other.document.pages[first + index]
                              ._page_box.children if isinstance(child, MarginBox))
            box.children = tuple(child for child in box.children
                                 if not isinstance(child, MarginBox)) + furniture

    def keep_links_out(self) -> set[str]:
        """Links to places outside these pages stay links (WeasyPrint drops a link whose
        target it cannot see): each target is given a stand-in on the first page. The
        names returned are those stand-ins, to leave out of the written file's own."""
        here = {anchor for page in self.document.pages for anchor in page.anchors}
        elsewhere = {target for page in self.document.pages
                     for kind, target, _, _ in page.links
                     if kind == "internal" and target not in here}
        for target in elsewhere:
            self.document.pages[0].anchors[target] = (0, 0, 0, 0)
        return elsewhere

    def write_pdf(self, indexes: list[int] | None, *, title: str, link_labels: dict[str, str],
                  page_labels: bool = True, claims_pdfua: bool = True) -> bytes:
        """The PDF of every page, or only of the pages of these indexes. `claims_pdfua`:
        False for a print file, tagged but identified as nothing more."""
        document = self.document
        if indexes is not None:
            document = document.copy([document.pages[index] for index in indexes])
        document.metadata.title = title  # shared with the copy's source: set each time
        finish = _finisher(link_labels, page_labels, claims_pdfua)
        with self.warnings.collecting(), _fixed_timestamps(self.day), collector_paused(), \
                _page_references_remembered(), structure.repairing() as repair:
            return document.write_pdf(
                finisher=lambda document, pdf: (finish(document, pdf), repair(pdf)),
                **(PDF_OPTIONS if claims_pdfua else PRINT_FILE_OPTIONS))


def _finisher(link_labels: dict[str, str], page_labels: bool, claims_pdfua: bool):
    """Last touches to the PDF objects, before WeasyPrint writes them."""

    def finish(document, pdf) -> None:
        # A print file keeps its XMP metadata (title, description), identified as nothing.
        if not claims_pdfua:
            document.metadata.include_in_pdf(pdf, "ua", None, None, compress=True)
        # Viewers open with the bookmarks panel: the outline is how readers find a hack.
        pdf.catalog["PageMode"] = "/UseOutlines"
        # Page labels match the printed page numbers (each file counts from 1).
        if page_labels:
            pdf.catalog["PageLabels"] = pydyf.Dictionary({
                "Nums": pydyf.Array([0, pydyf.Dictionary({"S": "/D"})])})
        # Screen readers announce a link by its /Contents, which WeasyPrint fills with
        # the target's id ("hack-one-voice-leads"); say where it goes in words instead.
        for obj in pdf.objects:
            if isinstance(obj, pydyf.Dictionary) and obj.get("Subtype") == "/Link":
                destination = obj.get("Dest")
                label = link_labels.get(getattr(destination, "string", None))
                if label:
                    obj["Contents"] = pydyf.String(label)

    return finish
