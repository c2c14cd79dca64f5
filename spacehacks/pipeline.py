"""The build, top to bottom: read and check all content, render, typeset, finish, write."""

from __future__ import annotations

import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from . import handout
from .checks import check_guide
from .errors import BuildFailed, Problem
from .fetcher import ProjectFetcher, RefusedURL, project_folders
from .finish import check_pdf
from .model import Guide
from .output import write_atomically
from .reader import read_guide
from .render import TEMPLATE, render_html
from .style import check_style, page_notes
from .typeset import Typesetter


@dataclass
class Options:
    root: Path  # the project: content/, layout/, fonts/
    output: Path
    paper: str = "letter"  # or "a4"
    html_output: Path | None = None  # also save the HTML that is typeset
    handout: list[str] | None = None  # only these parts and hacks (see handout.py)


@dataclass
class Result:
    pages: int
    warnings: list[str]  # from WeasyPrint's layout
    style_notes: list[Problem]  # house style: reported, never fatal
    hacks: int
    seconds: dict[str, float] = field(default_factory=dict)  # per step, for `make bench`


@contextmanager
def _timed(seconds: dict[str, float], step: str):
    start = time.perf_counter()
    yield
    seconds[step] = time.perf_counter() - start


def _fail_on_lost_images(warnings: list[str], images: dict[str, Path], fallback: Path):
    lost = [Problem(next((source for url, source in images.items() if url in warning),
                         fallback), None,
                    f"a picture could not be drawn ({warning}). Save it again as PNG or JPEG.")
            for warning in warnings if warning.startswith(("Failed to load", "Failed to render"))]
    if lost:
        raise BuildFailed(lost)


def read_and_check(root: Path) -> tuple[Guide, list[Problem]]:
    """All content, checked (raises BuildFailed), and the house-style notes."""
    guide = read_guide(root)
    check_guide(guide, root / "fonts")
    return guide, check_style(guide)


def build(options: Options) -> Result:
    root = options.root.resolve()
    layout_dir = root / "layout"
    seconds: dict[str, float] = {}

    # 1. Read and check everything first: TOC, index and see-also need the whole guide.
    with _timed(seconds, "read and check"):
        guide, style_notes = read_and_check(root)
        parts, hacks = guide.parts, guide.hacks
        if options.handout:
            parts, hacks = handout.select(guide, options.handout)

    # 2. Render one HTML document.
    with _timed(seconds, "render"):
        html = render_html(guide, layout_dir, options.paper)

    # 3. Typeset: lay out the whole guide (page numbers come from the whole), then write
    #    all of it or, for a handout, only the chosen pages. The fetcher names the
    #    content file behind any refused URL.
    fetcher = ProjectFetcher(
        allowed_roots=project_folders(root),
        used_by=guide.images,
        fallback=layout_dir / TEMPLATE,
    )
    with _timed(seconds, "typeset"):
        try:
            typesetter = Typesetter(html, base_dir=root / "content", fetcher=fetcher,
                                    day=guide.settings.date, link_labels=guide.link_labels())
            page_of, laid_out = typesetter.page_of(), len(typesetter.document.pages)
            style_notes += page_notes(guide, handout.hack_pages(guide, page_of, laid_out))
            pages = None
            if options.handout:
                pages = handout.pages_of(guide, parts, hacks, page_of, laid_out)
            pdf = typesetter.write_pdf(pages)
        except RefusedURL as refused:
            raise BuildFailed([refused.problem]) from None
        # Images are checked while reading; this catches what slips past (WeasyPrint only
        # warns, and a missing picture looks like success).
        _fail_on_lost_images(typesetter.warnings.messages, guide.images, layout_dir / TEMPLATE)

    # 4. Finish: read the PDF back with pypdf and check its links and bookmarks.
    with _timed(seconds, "finish"):
        page_count = check_pdf(pdf, parts, hacks, layout_dir / TEMPLATE)

    # 5. Write, only now that everything worked: a failed build keeps the old files.
    with _timed(seconds, "write"):
        for path, data in [(options.output, pdf)] + (
                [(options.html_output, html.encode("utf-8"))] if options.html_output else []):
            try:
                write_atomically(path, data)
            except OSError as error:
                raise BuildFailed([Problem(path, None,
                                           f"could not write this file: {error.strerror}. "
                                           "Check that its folder can be created and that "
                                           "you may write there.")]) from None
    return Result(pages=page_count, warnings=typesetter.warnings.messages,
                  style_notes=style_notes, hacks=len(hacks), seconds=seconds)
