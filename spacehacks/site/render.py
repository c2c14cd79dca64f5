"""Render each page of the web edition with the Jinja2 templates in layout/site/ (and
the partials it shares with the PDF editions). Every value is escaped; only HTML the
Markdown rules made from checked content, and the site's own templates, reach a page."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlparse

from markupsafe import Markup

from .. import templates
from ..editions.addresses import address, folder
from ..editions.edition import Site
from ..markup import convert as markup
from ..reading.model import Guide
from .downloads import Shelf
from .pages import Page
from .text import Texts


class Renderer:
    def __init__(self, guide: Guide, site: Site, layout_dir: Path, shelf: Shelf):
        self.guide = guide
        self.site = site
        self.layout_dir = layout_dir
        self.shelf = shelf
        self.texts = Texts(guide)
        self.environment = templates.environment(layout_dir)
        self.environment.filters["plain"] = lambda text: Markup(markup.inline(text)).striptags()
        # The random-hack button's list: hack names only ([a-z0-9-], checked when read),
        # in a script element that is data, never run.
        self.hack_list = Markup(json.dumps([hack.slug for hack in guide.hacks])
                                .replace("<", "\\u003c").replace(">", "\\u003e")
                                .replace("&", "\\u0026"))

    def render(self, page: Page) -> str:
        website = self.guide.settings.website
        # A page served at any address reaches the site by its path on the server: that
        # of `website:` (a site at https://example.github.io/guide/ has /guide/), or /.
        root = (urlparse(website).path.rstrip("/") + "/" if website else "/") \
            if page.anywhere else page.root
        return templates.render(
            self.environment, self.layout_dir, f"{self.site.layout}/{page.template}",
            guide=self.guide, settings=self.guide.settings, site=self.site, page=page,
            root=root, shelf=self.shelf, hack_list=self.hack_list,
            url=lambda place="": root + folder(place) + "index.html",
            canonical=None if page.anywhere else address(website, page.folder),
            text=lambda html, top=2: Markup(self.texts.fit(html, root, top)),
            **page.context)
