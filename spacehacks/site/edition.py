"""Make the web edition: every page rendered, the search index, and the files the pages
use (stylesheet, script, fonts, pictures, the PDFs offered), all in memory; the build
writes them into output/site/ only once everything worked."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse
from urllib.request import url2pathname

from .. import paths
from ..editions.edition import Edition, Site
from ..errors import BuildFailed, Problem
from ..reading.model import Guide
from . import search
from .downloads import Shelf, offered
from .pages import pages
from .render import Renderer
from .text import Texts

ASSETS = "assets/"
# Copied from layout/site/ as they are.
LAYOUT_FILES = ("site.css", "site.js", "icon.svg")
FONT_SUFFIXES = (".woff", ".woff2")


@dataclass
class SiteMade:
    """The web edition, made but not yet written: files inside the site folder."""

    edition: Site
    files: dict[str, bytes]  # under output/, e.g. "site/hacks/one-voice-leads/index.html"
    html: str  # the home page
    page_count: int = 0  # pages of the site
    page_numbers: dict[str, int] = field(default_factory=dict)  # none: a site has none
    layouts: int = 0
    warnings: list[str] = field(default_factory=list)
    problems: list = field(default_factory=list)
    spans: None = None


def make_site(guide: Guide, site: Site, root: Path,
              pdfs: list[tuple[Edition, dict[str, bytes]]]) -> SiteMade:
    layout_dir = root / "layout"
    shelf = Shelf(offered(guide, pdfs))
    renderer = Renderer(guide, site, layout_dir, shelf)
    every = pages(guide)
    html = {page.file: renderer.render(page) for page in every}
    files: dict[str, bytes] = {name: text.encode("utf-8") for name, text in html.items()}
    files.update(search.index({page.file: html[page.file] for page in every if page.searchable},
                              guide.settings.language, layout_dir))
    files[search.OFFLINE_TEXTS] = search.offline_texts(guide)
    for name in LAYOUT_FILES:
        files[ASSETS + name] = _read(layout_dir, layout_dir / site.layout / name, "file")
    fonts = root / "fonts"
    for path in sorted(fonts.rglob("*")):
        if path.suffix in FONT_SUFFIXES or path.name == "LICENSE":
            files[ASSETS + "fonts/" + path.relative_to(fonts).as_posix()] = _read(
                fonts, path, "font")
    texts = Texts(guide)
    for uri, used_by in guide.images.items():
        picture = Path(url2pathname(urlparse(uri).path))
        files[texts.picture_path(uri)] = _read(paths.real(guide.content), picture, "picture",
                                               used_by)
    for download in shelf.downloads:
        files[download.path] = download.data
    return SiteMade(site, {f"{site.folder}/{name}": data for name, data in files.items()},
                    html[every[0].file], page_count=len(every))


def _read(folder: Path, path: Path, what: str, used_by: Path | None = None) -> bytes:
    """A file the site serves, which must stay inside its folder (no link leads out)."""
    refused = paths.refused_link(folder, path, what)
    if refused:
        raise BuildFailed([Problem(refused[0], None, refused[1])])
    try:
        return path.read_bytes()
    except OSError as error:
        raise BuildFailed([Problem(used_by or path, None, f"this {what} could not be read "
                                   f"({error.strerror}). Restore it from the project's "
                                   "history.")]) from None
