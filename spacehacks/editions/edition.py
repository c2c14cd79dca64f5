"""What is being made. Each edition of the guide describes itself here (pages, template,
stylesheets, type size, file names, title, which parts and hacks, which papers); the one
`pipeline.build()` makes any of them. Adding an edition means adding a description.

One layout serves every paper. Letter (8.5 x 11 in) and A4 (8.27 x 11.69 in) are close,
so an edition is laid out once at the size both can hold (A4's width, Letter's height)
and each paper gets that page unscaled, centred, the difference added to the margins.
A trainer with Letter and a colleague with A4 see the same pages with the same numbers,
and `--all` lays each edition out once instead of twice. The booklet does the same with
half a sheet (half-letter 5.5 x 8.5 in, A5 5.83 x 8.27 in).

The web edition (`Site`) is described here too: made from the same checked guide, it
offers every PDF edition for download, on both papers.

This module imports nothing heavy, so `--help` answers at once.
"""

from __future__ import annotations

from dataclasses import dataclass

POINTS = 72  # per inch


@dataclass(frozen=True)
class Paper:
    name: str  # as typed after --paper
    suffix: str  # in file names: "" for Letter, "-a4" for A4
    width: float  # points
    height: float

    @property
    def landscape(self) -> tuple[float, float]:
        return self.height, self.width


PAPERS = {
    "letter": Paper("letter", "", 8.5 * POINTS, 11 * POINTS),
    "a4": Paper("a4", "-a4", 595.28, 841.89),
}
# The page every paper can hold: A4's width, Letter's height; and half of it for the
# booklet (half-letter's width, A5's height).
PAGE = "8.27in 11in"
HALF_PAGE = "5.5in 8.27in"
# What `--all` makes: "booklet" is the whole guide imposed (for a print shop), "booklets"
# one small booklet per section of the hack parts (for an office stapler).
PDF_KINDS = ("guide", "handouts", "cards", "booklet", "booklets", "large-print")
KINDS = PDF_KINDS + ("site",)  # what `--all` makes
MAX_BOOKLET_SHEETS = 12  # a saddle-stitched booklet an office stapler can take


@dataclass(frozen=True)
class Output:
    """One file made from an edition's laid-out pages, on one paper."""

    file_name: str  # under output/
    title: str  # the PDF's title
    paper: Paper
    page_indexes: tuple[int, ...] | None = None  # of the edition's pages; None: all
    hack: str = ""  # cards: the hack on this page


@dataclass(frozen=True)
class Edition:
    kind: str  # "guide", "handout", "cards", "booklet" or "large-print"
    papers: tuple[Paper, ...]  # each gets its own file(s), from the one layout
    page_size: str  # CSS size of the page laid out
    body_size: str  # body type size, as printed
    template: str  # in layout/
    stylesheets: tuple[str, ...]  # in layout/, in order
    file_pattern: str  # under output/; {paper} becomes "" or "-a4"
    title: str  # the PDF's title
    print_cover: bool = False  # ink on white, for home printers
    parts: tuple[str, ...] = ()  # a handout: whole parts it holds
    hacks: tuple[str, ...] = ()  # a handout: single hacks it holds (by name)
    label: str = ""  # a handout: what it holds, in words ("Immediate response")
    impose: bool = False  # the booklet: two pages a side, in saddle-stitch order
    one_file_per_hack: bool = False  # cards: each card as a file too
    needs_guide_pages: bool = False  # prints "guide page N", so needs the guide's layout
    section: tuple[str, str] | None = None  # a section booklet: (part, section) folders
    # A print file (a booklet, its pages imposed out of reading order) says so in its
    # description, and where to read instead; it is tagged all the same, but claims no
    # PDF/UA. Every other edition is made to be read on screen and claims PDF/UA-1.
    print_file_note: str = ""

    @property
    def key(self) -> str:
        """Unique among editions, and the same whatever the papers: its layout."""
        return self.file_pattern.format(paper="")

    def file_name(self, paper: Paper) -> str:
        return self.file_pattern.format(paper=paper.suffix)

    @property
    def claims_pdfua(self) -> bool:
        return not self.print_file_note

    @property
    def whole_guide(self) -> bool:
        return not (self.parts or self.hacks)


GUIDE_CSS = ("guide.css",)
GUIDE_FILE = "space-hacks{paper}.pdf"
PRINT_CSS = GUIDE_CSS + ("print.css",)
# What a booklet (the whole guide's, or a section's) says of itself in its description.
BOOKLET_NOTE = ("A print file, its pages imposed for folding: to read on screen or with a "
                f"screen reader, use the guide, {GUIDE_FILE.format(paper='')} "
                f"({GUIDE_FILE.format(paper='-a4')} on A4), which is tagged for "
                "accessibility (PDF/UA-1)")


def guide(papers, title: str) -> Edition:
    return Edition("guide", tuple(papers), PAGE, "10.5pt", "guide.html", GUIDE_CSS,
                   GUIDE_FILE, title)


def booklet(papers, title: str) -> Edition:
    """The guide at half a sheet, imposed two pages a side for folding and stapling."""
    return Edition("booklet", tuple(papers), HALF_PAGE, "9.5pt", "guide.html",
                   PRINT_CSS + ("booklet.css",), "space-hacks{paper}-booklet.pdf",
                   f"{title} (booklet)", print_cover=True, impose=True,
                   print_file_note=BOOKLET_NOTE)


def large_print(papers, title: str) -> Edition:
    """The whole guide for readers with low vision: 18 pt body, generous leading, the
    same content and order, each hack on as many pages as it needs."""
    return Edition("large-print", tuple(papers), PAGE, "18pt", "guide.html",
                   PRINT_CSS + ("large-print.css",), "space-hacks{paper}-large-print.pdf",
                   f"{title} (large print)")


def section_booklets(guide_model, papers) -> list[Edition]:
    """A small booklet for each section of the hack parts (each part's hacks when it has
    no sections): output/booklets/<part>-<section>.pdf, half a sheet a page, with its own
    cover, page numbers and back cover, to fold and staple in an office."""
    title = guide_model.settings.title
    editions = []
    for part in guide_model.parts:
        if part.kind != "hacks":
            continue
        for section in [s for s in part.sections if s.hacks]:
            name = f"{part.id}-{section.id}" if section.title else part.id
            label = f"{part.title}: {section.title}" if section.title else part.title
            editions.append(small_booklet(
                papers, title, hacks=tuple(hack.slug for hack in section.hacks),
                label=label, file_pattern=f"booklets{{paper}}/{name}.pdf",
                section=(part.id, section.id)))
    return editions


def small_booklet(papers, title: str, *, hacks, label: str, file_pattern: str,
                  section: tuple[str, str] | None = None) -> Edition:
    """Some hacks as a booklet with its own cover, page numbers and back cover: a
    section's (`section` names it), or the hacks a `--handout` selection names."""
    return Edition("booklet", tuple(papers), HALF_PAGE, "9.5pt", "section-booklet.html",
                   PRINT_CSS + ("booklet.css",), file_pattern, f"{title}: {label} (booklet)",
                   print_cover=True, hacks=tuple(hacks), label=label, impose=True,
                   needs_guide_pages=True, section=section, print_file_note=BOOKLET_NOTE)


def cards(papers, title: str) -> Edition:
    """A wall card for every hack, one page each, in large type."""
    return Edition("cards", tuple(papers), PAGE, "14pt", "cards.html",
                   PRINT_CSS + ("cards.css",), "space-hacks{paper}-cards.pdf",
                   f"{title}: wall cards", print_cover=True, one_file_per_hack=True,
                   needs_guide_pages=True)


def handout(papers, title: str, *, parts=(), hacks=(), label: str, file_pattern: str
            ) -> Edition:
    """Some parts or hacks, standing alone: own title block, page numbers and links."""
    return Edition("handout", tuple(papers), PAGE, "10.5pt", "handout.html",
                   PRINT_CSS + ("handout.css",), file_pattern, f"{title}: {label}",
                   print_cover=True, parts=tuple(parts), hacks=tuple(hacks), label=label,
                   needs_guide_pages=True)


def part_handouts(guide_model, papers) -> list[Edition]:
    """One handout per part: output/handouts/<part>.pdf."""
    title = guide_model.settings.title
    return [handout(papers, title, parts=(part.id,), label=part.title,
                    file_pattern=f"handouts{{paper}}/{part.id}.pdf")
            for part in guide_model.parts]


@dataclass(frozen=True)
class Site:
    """The web edition, output/site/: a page per hack, part and section, the quotes,
    glossary, resources and tag index, search, and a downloads page offering every PDF
    edition of `downloads` (each on both papers; the site holds copies of them)."""

    title: str
    downloads: tuple[Edition, ...]
    folder: str = "site"  # under output/
    layout: str = "site"  # its templates, stylesheet and script, in layout/
    kind: str = "site"

    @property
    def key(self) -> str:
        return self.folder + "/"


def site(title: str, downloads) -> Site:
    return Site(title, tuple(downloads))
