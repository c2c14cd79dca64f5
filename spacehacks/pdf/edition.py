"""Make one edition: render its HTML, lay it out until every printed page number is where
its place really landed, then write its files and check each one is whole."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse
from urllib.request import url2pathname

from .. import ids, paths
from ..editions.edition import MAX_BOOKLET_SHEETS, Edition
from ..editions.plan import contents, outputs, places
from ..errors import BuildFailed, Problem
from ..progress import QUIET, Progress
from ..reading.checks import font_files
from ..reading.limits import edition_pages
from ..reading.model import Guide
from ..reading.style import card_words
from . import paper
from . import spans as landed_pages
from . import cards as card_fitting
from .fetcher import ProjectFetcher, RefusedURL, project_folders
from .numbers import PageNumbers
from .cut import CannotCut, cut_pages
from .qr import Drawn
from .render import render_html
from .typeset import Pages, TooManyPages, shared_fonts
from .verify import check_output

# With page numbers known from the last build, an edition is laid out once; with none,
# twice. A third layout happens only when a new page number moves a page break. Wall
# cards may take a few more on a first build, to find each card's type size.
MAX_LAYOUTS = 3
MAX_CARD_LAYOUTS = 6


@dataclass
class Made:
    """One edition, made but not yet written."""

    edition: Edition
    files: dict[str, bytes]  # file name under output/ -> PDF
    page_numbers: dict[str, int]  # id -> the page number printed for it
    page_count: int
    layouts: int  # how many times it was laid out
    html: str
    warnings: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # e.g. a card too long: not fatal
    spans: dict[str, range] | None = None  # the whole guide: each hack's page indexes
    # The guide's page numbers it printed ("guide page 32"), to check against the guide's
    # layout in the same run.
    printed_guide_numbers: dict[str, int | None] = field(default_factory=dict)
    laid: Pages | None = None  # the laid-out pages, when asked to keep them (watch)
    # Cards: how far each runs past its page at the smallest type size (0: it fits).
    card_overruns: dict[str, float] | None = None
    fits: dict[str, list] | None = None  # cards: each card's type size and title width
    # The guide: the room left on each hack's last page; cards: on each card's page at
    # the smallest type, at least (share of a page; build/measure.py).
    rooms: dict[str, float] | None = None


def make_edition(guide: Guide, edition: Edition, root: Path, known_numbers: dict[str, int],
                 guide_numbers: dict[str, int] | None, *, write: bool = True,
                 keep: bool = False, progress: Progress = QUIET,
                 expected_pages: int | None = None, known_fits: dict | None = None) -> Made:
    layout_dir = root / "layout"
    template = layout_dir / edition.template
    here = places(edition, guide)
    numbers = PageNumbers(here, known_numbers, guide_numbers)
    drawn = Drawn()
    fetcher = ProjectFetcher(allowed_roots=project_folders(root), used_by=guide.images,
                             fallback=template, drawn=drawn)
    fits = (card_fitting.known(known_fits, [hack.slug for hack in guide.hacks])
            if edition.kind == "cards" else None)
    most = MAX_CARD_LAYOUTS if fits else MAX_LAYOUTS
    expected = expected_pages or max(known_numbers.values(), default=0) or None
    for layouts in range(1, most + 1):
        html = render_html(guide, edition, layout_dir, numbers, drawn, card_fits=fits)
        progress.step(f"laying out {_named(edition)}"
                      + (" (again: page numbers moved)" if layouts > 1 else ""), expected)
        try:
            laid = Pages(html, base_dir=root / "content", fetcher=fetcher,
                         day=guide.settings.date, progress=progress,
                         font_config=shared_fonts(font_files(root / "fonts")),
                         most_pages=edition_pages(edition.kind))
        except RefusedURL as refused:
            raise BuildFailed([refused.problem]) from None
        except TooManyPages as stopped:
            raise BuildFailed([_too_many_pages(guide, edition, stopped)]) from None
        positions = laid.positions()
        landed = {anchor: index + 1 for anchor, (index, _) in positions.items()}
        used = {slug: fit.to_list() for slug, fit in fits.items()} if fits else None
        refitted = fits is not None and card_fitting.refit(
            fits, _card_measures(guide, laid, positions), last=layouts >= most - 1)
        if numbers.settled(landed) and not refitted:
            break
        numbers = PageNumbers(here, landed, guide_numbers)
    else:
        if fits is None:
            raise BuildFailed([Problem(template, None,
                                       f"the page numbers of {edition.file_name} did not "
                                       f"settle after {MAX_LAYOUTS} layouts. Undo the last "
                                       "change to the templates or stylesheets.")])
        # Cards still looking for a larger size keep the last layout: each card in it
        # has a size it was seen to fit at (refit's `last`).
    _fail_on_lost_files(laid.warnings.messages, guide.images, template, paths.real(root))

    files, problems, spans, overruns, rooms = {}, [], None, None, None
    if edition.kind == "cards":
        overruns = {slug: fit.too_long for slug, fit in fits.items()
                    if ids.card(slug) in positions}
        rooms = card_fitting.rooms(fits, _card_measures(guide, laid, positions))
    if edition.kind == "guide" and edition.whole_guide:
        spans = landed_pages.hack_spans(guide, positions, laid.page_count)
        rooms = {slug: laid.room(span[-1]) for slug, span in spans.items() if span}
        over = landed_pages.over_budget(guide, spans)
        if over:
            raise BuildFailed(over)
    if write:
        progress.step(f"writing {_named(edition)}")
        files, problems = _write(guide, edition, laid, positions, template, fits)
    progress.end_step()
    return Made(edition=edition, files=files, page_numbers=landed, page_count=laid.page_count,
                layouts=layouts, html=html,
                warnings=laid.warnings.messages + _too_thick(edition, laid.page_count),
                problems=problems, spans=spans,
                printed_guide_numbers=numbers.printed_guide_numbers,
                laid=laid if keep else None, card_overruns=overruns, fits=used, rooms=rooms)


def lay_out_alone(guide: Guide, edition: Edition, root: Path, html: str,
                 drawn: Drawn | None = None, progress: Progress = QUIET) -> Pages:
    """Part of an edition's HTML (pdf/excerpt.py), or all of it, laid out as the edition
    is: the same files allowed, the same checks of its pictures. `drawn`: the QR codes its
    HTML was rendered with."""
    template = root / "layout" / edition.template
    fetcher = ProjectFetcher(allowed_roots=project_folders(root), used_by=guide.images,
                             fallback=template, drawn=drawn)
    try:
        laid = Pages(html, base_dir=root / "content", fetcher=fetcher, day=guide.settings.date,
                     font_config=shared_fonts(font_files(root / "fonts")),
                     most_pages=edition_pages(edition.kind), progress=progress)
    except RefusedURL as refused:
        raise BuildFailed([refused.problem]) from None
    except TooManyPages as stopped:
        raise BuildFailed([_too_many_pages(guide, edition, stopped)]) from None
    _fail_on_lost_files(laid.warnings.messages, guide.images, template, paths.real(root))
    return laid


def _too_many_pages(guide: Guide, edition: Edition, stopped: TooManyPages) -> Problem:
    """Layout stopped past the edition's page budget: something in the content makes far
    more pages than its text suggests (each file's estimate passed, reading/limits.py)."""
    return Problem(guide.content, None,
                   f"laying out {_named(edition)} was stopped at page {stopped.most + 1:,}: "
                   f"it may take at most {stopped.most:,} pages. Something in the content "
                   "makes pages far beyond its words (a long table, many pictures, a list "
                   "or quote nested deep): undo the last change to content/, or look at the "
                   "files it touched.")


def _too_thick(edition: Edition, page_count: int) -> list[str]:
    """A small booklet past what an office stapler takes is still made, and says so: a
    trainer's selection, or a section that has grown."""
    sheets = -(-page_count // 4)  # four pages a sheet, folded
    if not edition.impose or edition.whole_guide or sheets <= MAX_BOOKLET_SHEETS:
        return []
    what = (f"the booklet '{edition.label}' comes to {sheets} sheets, more than an office "
            f"stapler takes (about {MAX_BOOKLET_SHEETS}): ")
    if edition.section:
        return [what + "move some of the section's hacks to another section, or split it "
                "in two (EDITING.md, 'The order of things')."]
    return [what + "name fewer hacks, or print it as a handout (the same command without "
            "--edition booklet)."]


def _named(edition: Edition) -> str:
    """The edition in a few words, for progress lines."""
    if edition.kind == "handout":
        return f"the handout '{edition.label}'"
    return {"guide": "the guide", "cards": "the wall cards", "booklet": "the booklet",
            "large-print": "the large-print edition"}.get(edition.kind, edition.kind)


def _write(guide: Guide, edition: Edition, laid: Pages, positions, template: Path, fits=None):
    """The edition's files on each paper, and problems that stop one of them (a card
    that does not fit). Each set of pages is written once; each paper then gets it
    placed on its sheets."""
    problems, card_indexes = [], None
    if edition.kind == "cards":
        words = {hack.slug: card_words(hack) for hack in guide.hacks}
        too_long = {slug: fit.too_long for slug, fit in (fits or {}).items() if fit.too_long}
        card_indexes, problems = landed_pages.card_fit(guide, positions, words, too_long)
    written: dict[tuple, bytes | None] = {}  # each set of pages, checked and written once
    files = {}
    stacks = {}  # cards: the stack of all cards on each paper, to cut each card from
    planned = outputs(edition, guide, card_indexes)
    for output in planned:
        key = (output.page_indexes, output.title)
        if key not in written:
            indexes = (list(output.page_indexes) if output.page_indexes is not None
                       else list(range(laid.page_count)))
            anchors_there = {anchor for anchor, (index, _) in positions.items()
                             if index in indexes}
            expected_anchors, expected_bookmarks = _expected(guide, edition, anchors_there)
            check_output(anchors_there, laid.bookmarks(indexes), anchors=expected_anchors,
                         bookmark_starts=expected_bookmarks, template=template)
            written[key] = None if output.hack else laid.write_pdf(
                None if output.page_indexes is None else indexes, title=output.title,
                link_labels=guide.link_labels(), claims_pdfua=edition.claims_pdfua)
        if output.hack:  # one card: cut from the stack on its paper below
            continue
        files[output.file_name] = (paper.impose(written[key], output.paper, back_cover=True)
                                   if edition.impose else paper.fit(written[key], output.paper))
        stacks[output.paper.name] = output
    # Each card's own file is its page of the stack on the same paper, not drawn again.
    for name, stack in stacks.items():
        mine = [output for output in planned if output.hack and output.paper.name == name]
        if mine:
            place = {index: number for number, index in enumerate(stack.page_indexes)}
            try:
                cuts = cut_pages(files[stack.file_name],
                                 {place[output.page_indexes[0]]: output.title
                                  for output in mine})
            except CannotCut as cannot:
                raise BuildFailed([Problem(template, None, (
                    f"each wall card's own file is cut from the stack of all cards, but "
                    f"{cannot}: something in this template holds more than one card. Keep "
                    "each card in its own <article class=\"card\">, with nothing around "
                    "the cards but <body>."))]) from None
            for output in mine:
                files[output.file_name] = cuts[place[output.page_indexes[0]]]
    return files, problems


def _expected(guide: Guide, edition: Edition, anchors_there: set[str],
              ) -> tuple[list[str], list[str]]:
    """The anchors and bookmarks an output must hold to be whole."""
    if edition.kind == "cards":  # each card on these pages has its bookmark
        return [], [hack.number for hack in guide.hacks if ids.card(hack.slug) in anchors_there]
    parts, hacks = contents(edition, guide)
    return ([part.anchor for part in parts] + [hack.anchor for hack in hacks],
            [part.title for part in parts] + [hack.number for hack in hacks])


def _card_measures(guide: Guide, laid: Pages, positions) -> dict[str, tuple[float, list]]:
    """How full each card's page is (from its top to the end mark after its foot, over
    the room down to the foot of the page; past 1 when it runs over), and its title's
    line widths."""
    titles = laid.line_widths(ids.card_title(""))
    bottom = laid.content_bottom()
    measured = {}
    for hack in guide.hacks:
        start = positions.get(ids.card(hack.slug))
        end = positions.get(ids.card_end(hack.slug))
        if start is None or end is None:
            continue
        fill = (end[0] - start[0] + (end[1] - start[1]) / (bottom - start[1])
                if end[0] == start[0] else end[0] - start[0] + end[1])
        measured[hack.slug] = (fill, titles.get(ids.card_title(hack.slug), []))
    return measured


def _fail_on_lost_files(warnings: list[str], images: dict[str, Path], fallback: Path,
                        root: Path):
    """Images and fonts are checked while reading; this catches what slips past
    (WeasyPrint only warns: a missing picture looks like success, and a font that does
    not load is replaced by one of the system's)."""
    lost = []
    for warning in warnings:
        if warning.startswith("Font-face") and "cannot be loaded" in warning:
            lost.append(Problem(root / "fonts", None, f"a bundled font could not be loaded "
                                f"({warning}), so the guide would print in another font. "
                                "Restore the fonts/ folder from the project's history."))
            continue
        if not warning.startswith(("Failed to load", "Failed to render")):
            continue
        url = next((url for url in images if url in warning), None)
        if url is None:
            lost.append(Problem(fallback, None, f"a picture could not be drawn ({warning}). "
                                "Save it again as PNG or JPEG."))
            continue
        picture = Path(url2pathname(urlparse(url).path))
        shown = picture.relative_to(root) if picture.is_relative_to(root) else picture
        lost.append(Problem(images[url], None, f"the picture '{shown}' could not be drawn. "
                            "Save it again as PNG or JPEG and point at that."))
    if lost:
        raise BuildFailed(lost)
