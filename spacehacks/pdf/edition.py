"""Make one edition: render its HTML, lay it out until every printed page number is where
its place really landed, then write its files and check each one is whole."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse
from urllib.request import url2pathname

from .. import ids, paths
from ..editions.edition import Edition
from ..editions.plan import contents, outputs, places
from ..errors import BuildFailed, Problem
from ..progress import QUIET, Progress
from ..reading.checks import font_files
from ..reading.model import Guide
from ..reading.style import card_words
from . import paper
from . import spans as landed_pages
from .fetcher import ProjectFetcher, RefusedURL, project_folders
from .numbers import PageNumbers
from .render import render_html
from .typeset import Pages, shared_fonts
from .verify import check_output

# With page numbers known from the last build, an edition is laid out once; with none,
# twice. A third layout happens only when a new page number moves a page break.
MAX_LAYOUTS = 3


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
    card_overruns: dict[str, float] | None = None  # cards: how far each runs past its page


def make_edition(guide: Guide, edition: Edition, root: Path, known_numbers: dict[str, int],
                 guide_numbers: dict[str, int] | None, *, write: bool = True,
                 keep: bool = False, progress: Progress = QUIET,
                 expected_pages: int | None = None) -> Made:
    layout_dir = root / "layout"
    template = layout_dir / edition.template
    here = places(edition, guide)
    numbers = PageNumbers(here, known_numbers, guide_numbers)
    fetcher = ProjectFetcher(allowed_roots=project_folders(root), used_by=guide.images,
                             fallback=template)
    expected = expected_pages or max(known_numbers.values(), default=0) or None
    for layouts in range(1, MAX_LAYOUTS + 1):
        html = render_html(guide, edition, layout_dir, numbers)
        progress.step(f"laying out {_named(edition)}"
                      + (" (again: page numbers moved)" if layouts > 1 else ""), expected)
        try:
            laid = Pages(html, base_dir=root / "content", fetcher=fetcher,
                         day=guide.settings.date, progress=progress)
        except RefusedURL as refused:
            raise BuildFailed([refused.problem]) from None
        positions = laid.positions()
        landed = {anchor: index + 1 for anchor, (index, _) in positions.items()}
        if numbers.settled(landed):
            break
        numbers = PageNumbers(here, landed, guide_numbers)
    else:
        raise BuildFailed([Problem(template, None,
                                   f"the page numbers of {edition.file_name} did not settle "
                                   f"after {MAX_LAYOUTS} layouts. Undo the last change to the "
                                   "templates or stylesheets.")])
    _fail_on_lost_files(laid.warnings.messages, guide.images, template, paths.real(root))

    files, problems, spans, overruns = {}, [], None, None
    if edition.kind == "cards":
        overruns = {hack.slug: landed_pages.card_over(positions, hack.slug)
                    for hack in guide.hacks if ids.card(hack.slug) in positions}
    if edition.kind == "guide" and edition.whole_guide:
        spans = landed_pages.hack_spans(guide, positions, laid.page_count)
        over = landed_pages.over_budget(guide, spans)
        if over:
            raise BuildFailed(over)
    if write:
        progress.step(f"writing {_named(edition)}")
        files, problems = _write(guide, edition, laid, positions, template)
    progress.end_step()
    return Made(edition=edition, files=files, page_numbers=landed, page_count=laid.page_count,
                layouts=layouts, html=html, warnings=laid.warnings.messages,
                problems=problems, spans=spans,
                printed_guide_numbers=numbers.printed_guide_numbers,
                laid=laid if keep else None, card_overruns=overruns)


def lay_out_alone(guide: Guide, edition: Edition, root: Path, html: str) -> Pages:
    """Part of an edition's HTML (pdf/excerpt.py) laid out as the edition is: the same
    files allowed, the same checks of its pictures."""
    template = root / "layout" / edition.template
    fetcher = ProjectFetcher(allowed_roots=project_folders(root), used_by=guide.images,
                             fallback=template)
    try:
        laid = Pages(html, base_dir=root / "content", fetcher=fetcher, day=guide.settings.date,
                     font_config=shared_fonts(font_files(root / "fonts")))
    except RefusedURL as refused:
        raise BuildFailed([refused.problem]) from None
    _fail_on_lost_files(laid.warnings.messages, guide.images, template, paths.real(root))
    return laid


def _named(edition: Edition) -> str:
    """The edition in a few words, for progress lines."""
    if edition.kind == "handout":
        return f"the handout '{edition.label}'"
    return {"guide": "the guide", "cards": "the wall cards",
            "booklet": "the booklet"}.get(edition.kind, edition.kind)


def _write(guide: Guide, edition: Edition, laid: Pages, positions, template: Path):
    """The edition's files on each paper, and problems that stop one of them (a card
    that does not fit). Each set of pages is written once; each paper then gets it
    placed on its sheets."""
    problems, card_indexes = [], None
    if edition.kind == "cards":
        words = {hack.slug: card_words(hack) for hack in guide.hacks}
        card_indexes, problems = landed_pages.card_fit(guide, positions, laid.page_count,
                                                       words)
    written: dict[tuple, bytes] = {}
    files = {}
    for output in outputs(edition, guide, card_indexes):
        key = (output.page_indexes, output.title)
        if key not in written:
            indexes = (list(output.page_indexes) if output.page_indexes is not None
                       else list(range(laid.page_count)))
            anchors_there = {anchor for anchor, (index, _) in positions.items()
                             if index in indexes}
            expected_anchors, expected_bookmarks = _expected(guide, edition, anchors_there)
            check_output(anchors_there, laid.bookmarks(indexes), anchors=expected_anchors,
                         bookmark_starts=expected_bookmarks, template=template)
            written[key] = laid.write_pdf(None if output.page_indexes is None else indexes,
                                          title=output.title, link_labels=guide.link_labels(),
                                          claims_pdfua=edition.claims_pdfua)
        place = paper.impose if edition.impose else paper.fit
        files[output.file_name] = place(written[key], output.paper)
    return files, problems


def _expected(guide: Guide, edition: Edition, anchors_there: set[str],
              ) -> tuple[list[str], list[str]]:
    """The anchors and bookmarks an output must hold to be whole."""
    if edition.kind == "cards":  # each card on these pages has its bookmark
        return [], [hack.number for hack in guide.hacks if ids.card(hack.slug) in anchors_there]
    parts, hacks = contents(edition, guide)
    return ([part.anchor for part in parts] + [hack.anchor for hack in hacks],
            [part.title for part in parts] + [hack.number for hack in hacks])


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
