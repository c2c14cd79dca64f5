"""The checked HTML of a text (a hack's body, a part's introduction), fitted to one page
of the site. The Markdown rules wrote it (markup/rules.py): no raw HTML got through, so
every tag here is one Python-Markdown made, and `<` in the text is always `&lt;`. Three
things change, in tags only:

- a link to a hack (`#hack-name`) becomes a link to its page;
- a picture (a file: address inside content/) becomes its copy under pictures/;
- headings move to the page's outline: the text's first level (`##`) becomes `top`.
"""

from __future__ import annotations

import re
from pathlib import Path
from html import unescape as html_unescape
from urllib.parse import quote, urlparse
from urllib.request import url2pathname

from .. import paths
from ..editions.addresses import folder
from ..reading.model import Guide

HACK_HREF = re.compile(r'(<a\b[^<>]*?\shref=")#hack-([a-z0-9-]+)(")')
PICTURE_SRC = re.compile(r'(<img\b[^<>]*?\ssrc=")(file:[^"]*)(")')
HEADING = re.compile(r"<(/?)h([1-6])\b")
PICTURES = "pictures/"  # in the site


class Texts:
    """Fits the guide's texts to pages."""

    def __init__(self, guide: Guide):
        self.hacks = {hack.slug: hack for hack in guide.hacks}
        self.content = paths.real(guide.content)

    def picture_path(self, uri: str) -> str:
        """Where a picture of content/ is copied in the site: pictures/<its path there>."""
        file = Path(url2pathname(urlparse(uri).path))
        return PICTURES + file.relative_to(self.content).as_posix()

    def fit(self, html: str, root: str, top: int) -> str:
        """The text for a page whose way back to the site's root is `root` ('../../')."""
        html = HACK_HREF.sub(lambda m: m.group(1) + root + folder(self.hacks[m.group(2)])
                             + "index.html" + m.group(3), html)
        html = PICTURE_SRC.sub(lambda m: m.group(1) + root + quote(self.picture_path(
            html_unescape(m.group(2)))) + m.group(3), html)
        levels = [int(level) for level in re.findall(r"<h([1-6])\b", html)]
        if levels:
            shift = top - min(levels)
            html = HEADING.sub(lambda m: f"<{m.group(1)}h{min(6, int(m.group(2)) + shift)}",
                               html)
        return html
