"""Markdown to HTML for one content file, with the checks that need the parsed text.

Editors write plain Markdown. Raw HTML is refused (it could load files the guide must
not read, and it breaks the accessible structure); images must be files inside the
content/ folder; `[text](#hack-name)` links point at other hacks and are checked later.
"""

from __future__ import annotations

import copy
import os
import re
import xml.etree.ElementTree as etree
from pathlib import Path
from urllib.parse import unquote, urlparse

import markdown
from PIL import Image
from markdown.extensions import Extension
from markdown.extensions.toc import slugify
from markdown.treeprocessors import Treeprocessor

from . import paths
from .errors import ProblemList, line_number

# A tag such as <img ...>, </div> or <!-- ... -->, but not an autolink <https://...>.
RAW_HTML = re.compile(r"<(?!(?:https?|mailto):)(?:[a-zA-Z][a-zA-Z0-9-]*[\s/>]|/[a-zA-Z]|!--)")
ALLOWED_LINK_SCHEMES = {"http", "https", "mailto", "tel"}
# Pictures the guide prints: raster formats that WeasyPrint draws and that cannot load
# anything else (an SVG can fetch other files, so it is refused).
IMAGE_FORMATS = {"PNG": ".png", "JPEG": ".jpg", "GIF": ".gif", "WEBP": ".webp"}


class Converted:
    """The HTML of one file, and the hack links it makes (checked once all hacks are read)."""

    def __init__(self, html: str, hack_links: list[tuple[str, int]], images: dict[str, Path],
                 sections: dict[str, str]):
        self.html = html
        self.hack_links = hack_links  # (slug, line)
        self.images = images  # file URL -> the content file that uses it
        self.sections = sections  # `## Heading` text -> the HTML under it


class _Source:
    """What the tree processor needs to know about the file it works on."""

    def __init__(self, path: Path, text: str, first_line: int, content: Path,
                 problems: ProblemList):
        self.path = path
        self.text = text
        self.first_line = first_line
        self.content = paths.real(content)
        self.written_content = content  # as written, links not followed
        self.problems = problems
        self.hack_links: list[tuple[str, int]] = []
        self.images: dict[str, Path] = {}
        self.sections: dict[str, list] = {}  # heading text -> the elements under it

    def line_of(self, needle: str) -> int:
        return line_number(self.text, needle, self.first_line) or self.first_line


class _LinksAndImages(Treeprocessor):
    def __init__(self, md, source: _Source):
        super().__init__(md)
        self.source = source

    def run(self, root):
        for element in root.iter("img"):
            self._image(element)
        for element in root.iter("a"):
            self._link(element)

    def _image(self, element) -> None:
        src = element.get("src", "")
        source = self.source
        line = source.line_of(src)
        if not element.get("alt", "").strip():
            source.problems.add(source.path, line,
                                f"the image '{src}' has no description. Write what it shows "
                                "between the square brackets: ![a sign-in table by the door](...)")
        if urlparse(src).scheme:
            source.problems.add(source.path, line,
                                f"the image '{src}' is not a file in the project. Put the image "
                                "in a folder next to this file and use a relative path such as "
                                "images/photo.png.")
            return
        written = Path(os.path.normpath(source.path.parent / unquote(src)))
        target = paths.real(written)
        if not target.is_relative_to(source.content):
            where = ("is a link to a file outside the content/ folder, so it is refused. Put "
                     "the picture itself in content/ and point at it."
                     if written.is_relative_to(source.written_content) else
                     "points outside the content/ folder, so it is refused. Copy the image "
                     "into content/ and point at the copy.")
            source.problems.add(source.path, line, f"the image '{src}' {where}")
            return
        if not target.is_file():
            source.problems.add(source.path, line,
                                f"the image '{src}' does not exist. Check the file name and that "
                                "the path is relative to this Markdown file.")
            return
        if not _is_printable_image(target):
            source.problems.add(source.path, line,
                                f"the image '{src}' is not a picture the guide can print. Save "
                                "it as a PNG or JPEG file (not SVG) and point at that.")
            return
        uri = target.as_uri()
        source.images[uri] = source.path
        element.set("src", uri)

    def _link(self, element) -> None:
        href = element.get("href", "")
        source = self.source
        if href.startswith("#"):
            slug = href[1:]
            source.hack_links.append((slug, source.line_of(href)))
            element.set("href", f"#hack-{slug}")
            element.set("class", "xref")
        elif urlparse(href).scheme not in ALLOWED_LINK_SCHEMES:
            source.problems.add(source.path, source.line_of(href),
                                f"the link '{href}' goes nowhere in a PDF. Link to a web address "
                                "(https://...) or to another hack by its file name without "
                                "number: [text](#daily-huddles).")


class _Sections(Treeprocessor):
    """Notes the elements under each top-level heading, so a wall card can print just the
    'Try this' steps of a hack."""

    def __init__(self, md, source: _Source):
        super().__init__(md)
        self.source = source

    def run(self, root):
        top = min((child.tag for child in root if re.fullmatch(r"h[1-6]", child.tag)),
                  default=None)
        current = None
        for child in root:
            if child.tag == top:
                current = self.source.sections.setdefault("".join(child.itertext()).strip(), [])
            elif current is not None:
                current.append(child)


class _Checks(Extension):
    def __init__(self, source: _Source):
        super().__init__()
        self.source = source

    def extendMarkdown(self, md):  # noqa: N802 - Python-Markdown's name
        md.treeprocessors.register(_LinksAndImages(md, self.source), "space_hacks_checks", 1)
        md.treeprocessors.register(_Sections(md, self.source), "space_hacks_sections", 0)


def _serialize(md: markdown.Markdown, elements: list) -> str:
    """HTML of some elements of a converted text, as Markdown.convert would write them."""
    holder = etree.Element("div")
    holder.extend(copy.deepcopy(elements))
    html = md.serializer(holder)
    for processor in md.postprocessors:
        html = processor.run(html)
    return html.removeprefix("<div>").removesuffix("</div>").strip()


def _is_printable_image(path: Path) -> bool:
    try:
        with Image.open(path) as image:
            image.verify()
            return image.format in IMAGE_FORMATS
    except Exception:  # noqa: BLE001 - Pillow raises many kinds for a broken file
        return False


def convert(text: str, *, path: Path, first_line: int, content: Path,
            problems: ProblemList, heading_base: int = 1, id_prefix: str = "") -> Converted:
    """Turn one file's Markdown into HTML.

    heading_base: the HTML level of a `#` heading (2 inside hacks, where the hack
    title is the h2 and the `##` sections become h3).
    id_prefix: makes heading ids unique across the whole guide.
    """
    source = _Source(path, text, first_line, content, problems)
    raw_html = RAW_HTML.search(text)
    if raw_html:
        problems.add(path, source.line_of(raw_html.group(0)),
                     f"raw HTML ('{raw_html.group(0).strip()}...') is not allowed. Use Markdown "
                     "instead, as shown in EDITING.md.")
    md = markdown.Markdown(
        extensions=["sane_lists", "smarty", "toc", _Checks(source)],
        extension_configs={"toc": {
            "baselevel": heading_base,
            "slugify": lambda value, separator: id_prefix + slugify(value, separator),
        }},
    )
    html = md.convert(text)
    sections = {title: _serialize(md, elements) for title, elements in source.sections.items()}
    return Converted(html, source.hack_links, source.images, sections)


def inline(text: str) -> str:
    """Markdown for one line (a title, summary or definition): no paragraph around it,
    and no pictures (they belong in the body)."""
    escaped = text.replace("<", "&lt;").replace(">", "&gt;")
    md = markdown.Markdown(extensions=["smarty"])
    for pattern in ("image_link", "image_reference", "short_image_ref"):
        md.inlinePatterns.deregister(pattern, strict=False)
    html = md.convert(escaped)
    return re.sub(r"^<p>(.*)</p>$", r"\1", html.strip(), flags=re.S)


def check_line(text: str, *, path: Path, line: int, problems: ProblemList) -> None:
    """A one-line setting (title, summary, definition) holds no raw HTML either."""
    raw_html = RAW_HTML.search(text)
    if raw_html:
        problems.add(path, line, f"raw HTML ('{raw_html.group(0).strip()}...') is not allowed. "
                     "Use Markdown instead, as shown in EDITING.md.")
