"""Watch's quick rebuild: a save that changes only what a hack prints on its own pages
gives the updated guide in about a second, without laying out the whole guide again.

Watch keeps the guide as it was last laid out (`Kept`: WeasyPrint's pages, the HTML they
came from, where every place landed). After a save the guide's HTML is rendered again
(a fifth of a second) and compared with the kept one. When only hacks differ, each of
them is laid out alone (pdf/excerpt.py cuts it from the HTML with its section and part
around it) and, if it fills the same pages as before, written as a small tagged PDF whose
pages take the place of its old ones in the written guide (pdf/splice.py). Its running
heads and footers are those of the kept pages, so the text, page numbers, links and
bookmarks are those a full build gives; the bytes are not (fonts are embedded once more),
which is why watch starts the full build right after and says which file is which.

Anything else (a title the contents print, a hack that now fills another number of
pages, a new hack, a stylesheet) raises `FullBuildNeeded`, saying why.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from ..editions.edition import Edition
from ..errors import BuildFailed
from ..pdf import excerpt
from ..pdf.edition import Made, lay_out_alone
from ..pdf.numbers import PageNumbers
from ..pdf.qr import Drawn
from ..pdf.render import render_html
from ..pdf.spans import hack_spans, over_budget
from ..pdf.splice import CannotSplice, splice
from ..reading.model import Guide, Hack
from .output import write_atomically


class FullBuildNeeded(Exception):
    """The save changes more than one hack's own pages: the reason, in an editor's words."""


@dataclass
class Kept:
    """The guide as last laid out, and the files written from that layout."""

    made: Made  # with its pages (made.laid) and the HTML they came from
    guide: Guide  # the content it shows
    files: dict[Path, str] = field(default_factory=dict)  # each PDF and its sha256
    html: str = ""  # the HTML the files now show (the layout's, then each quick update's)
    layout: tuple = ()  # what else the pages depend on (stylesheets, fonts), as watch saw it

    def __post_init__(self):
        self.html = self.html or self.made.html
        self.elements = excerpt.Elements(self.html, [h.anchor for h in self.guide.hacks])
        self.places = self.made.laid.positions()  # id -> (page index, height on the page)
        self.starts = {anchor: index for anchor, (index, _) in self.places.items()}
        self.spans = hack_spans(self.guide, self.places, self.made.page_count)
        self.names_on: list[set[str]] = [set() for _ in range(self.made.page_count)]  # per page
        for anchor, index in self.starts.items():
            self.names_on[index].add(anchor)

    @property
    def edition(self) -> Edition:
        return self.made.edition

    def note_files(self, paths: list[Path]) -> None:
        """The files on disk show the kept HTML (after a build, full or quick)."""
        self.files = {path: _digest(path.read_bytes()) for path in paths}


@dataclass
class Updated:
    hacks: list[tuple[Hack, int]]  # each hack laid out again, and its first page number
    files: list[Path]


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def update(kept: Kept, guide: Guide, root: Path) -> Updated:
    """Lay out again only the hacks whose pages changed, and put their pages in place in
    the written files. Raises FullBuildNeeded when that cannot give what a full build
    gives, BuildFailed when the build would refuse the content (a hack past its budget)."""
    drawn = Drawn()  # the QR codes the HTML points at, for its layout
    html = render_html(guide, kept.edition, root / "layout",
                       PageNumbers(None, kept.made.page_numbers, None), drawn)
    if html == kept.html:
        return Updated([], [])
    elements = excerpt.Elements(html, [hack.anchor for hack in guide.hacks])
    changed = excerpt.changed(kept.elements, elements)
    if changed is None:
        raise FullBuildNeeded(why_outside(kept.guide, guide))
    pdfs = {}
    for path, digest in kept.files.items():
        try:
            data = path.read_bytes()
        except OSError:
            raise FullBuildNeeded(f"{path.name} is gone from output/") from None
        if _digest(data) != digest:
            raise FullBuildNeeded(f"{path.name} was written by another build meanwhile")
        pdfs[path] = data
    by_anchor = {hack.anchor: hack for hack in guide.hacks}
    laid_again = []
    for anchor in changed:
        hack = by_anchor[anchor]
        pages = kept.spans.get(hack.slug)
        if pages is None:
            raise FullBuildNeeded(f"{hack.number} was not in the guide laid out before")
        small, depth, not_here = _lay_out_hack(kept, guide, root, elements, hack, pages,
                                               drawn)
        old_names = set().union(*(kept.names_on[index] for index in pages))
        for path in pdfs:
            try:
                pdfs[path], names = splice(pdfs[path], small, pages.start, depth, not_here,
                                           old_names)
            except CannotSplice as cannot:
                raise FullBuildNeeded(f"{hack.number}'s new pages could not be put in place "
                                      f"({cannot})") from None
        for index, page_names in zip(pages, names):
            kept.names_on[index] = page_names
        laid_again.append((hack, pages.start + 1))
    for path, data in pdfs.items():
        write_atomically(path, data)
    kept.html, kept.elements = html, elements
    kept.files = {path: _digest(data) for path, data in pdfs.items()}
    return Updated(laid_again, list(pdfs))


def _lay_out_hack(kept: Kept, guide: Guide, root: Path, elements: excerpt.Elements,
                  hack: Hack, pages: range, drawn: Drawn) -> tuple[bytes, int, set[str]]:
    """The hack laid out alone, as on its pages in the guide: its PDF, how deep it sits
    (part, section) and the names that belong to other pages."""
    cut = elements.excerpt(hack.anchor, pages.start, kept.starts)
    if cut is None:
        raise FullBuildNeeded(f"{hack.number} could not be cut out of the guide")
    laid = lay_out_alone(guide, kept.edition, root, cut.html, drawn)
    if laid.page_count != len(pages):
        if laid.page_count > hack.pages:
            raise BuildFailed(over_budget(guide, {hack.slug: range(laid.page_count)}))
        raise FullBuildNeeded(f"{hack.number} now fills {laid.page_count} page"
                              f"{'s' if laid.page_count > 1 else ''} instead of {len(pages)}, so "
                              "the pages after it move")
    index, height = laid.positions().get(hack.anchor, (None, None))
    if index != 0 or abs(height - kept.places[hack.anchor][1]) > 1e-6:
        raise FullBuildNeeded(f"{hack.number} no longer starts where it did on its page")
    laid.take_page_furniture(kept.made.laid, pages.start)
    not_here = laid.keep_links_out() | set(cut.around)
    small = laid.write_pdf(None, title=kept.edition.title, link_labels=guide.link_labels())
    return small, cut.depth, not_here


def why_outside(before: Guide, after: Guide) -> str:
    """Why a change shows outside the hacks' own pages, in an editor's words."""
    old = {hack.slug: hack for hack in before.hacks}
    new = {hack.slug: hack for hack in after.hacks}
    if [h.slug for h in before.hacks] != [h.slug for h in after.hacks]:
        return "a hack was added, removed or moved, so numbers and pages change"
    for slug, hack in new.items():
        was = old[slug]
        if hack.title != was.title:
            return (f"the title of {hack.number} changed, and the contents, the index and "
                    "other hacks print it")
        if hack.tags != was.tags:
            return f"the tags of {hack.number} changed, and the index lists them"
        if hack.featured != was.featured or (hack.featured and hack.summary != was.summary):
            return f"the featured hacks page shows what changed in {hack.number}"
    return ("what changed prints outside the hacks' own pages (the contents, the index, a "
            "part's opening pages, the quotes or the glossary)")
