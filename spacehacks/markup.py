"""Markdown to HTML for one content file, with the checks that need the parsed text.

Editors write plain Markdown. What it may hold is enforced by the `rules.Rules`
extension, the same for a file's body and for every one-line setting that is Markdown:
raw HTML is refused (it could load files the guide must not read, and it breaks the
accessible structure); images must be files inside the content/ folder;
`[text](#hack-name)` links point at other hacks and are checked later.
"""

from __future__ import annotations

import copy
import re
import xml.etree.ElementTree as etree
from pathlib import Path

import markdown
from markdown.extensions import Extension
from markdown.extensions.toc import slugify
from markdown.treeprocessors import Treeprocessor

from .errors import ProblemList
from .rules import NESTED, Rules, Source, TooDeep


class Converted:
    """The HTML of one file, and the hack links it makes (checked once all hacks are read)."""

    def __init__(self, html: str, hack_links: list[tuple[str, int]], images: dict[str, Path],
                 sections: dict[str, str]):
        self.html = html
        self.hack_links = hack_links  # (slug, line)
        self.images = images  # file URL -> the content file that uses it
        self.sections = sections  # `## Heading` text -> the HTML under it


class _Sections(Treeprocessor):
    """Notes the elements under each top-level heading, so a wall card can print just the
    'Try this' steps of a hack."""

    def __init__(self, md, sections: dict[str, list]):
        super().__init__(md)
        self.sections = sections

    def run(self, root):
        top = min((child.tag for child in root if re.fullmatch(r"h[1-6]", child.tag)),
                  default=None)
        current = None
        for child in root:
            if child.tag == top:
                current = self.sections.setdefault("".join(child.itertext()).strip(), [])
            elif current is not None:
                current.append(child)


class _SectionsExtension(Extension):
    def __init__(self, sections: dict[str, list]):
        super().__init__()
        self.sections = sections

    def extendMarkdown(self, md):  # noqa: N802 - Python-Markdown's name
        md.treeprocessors.register(_Sections(md, self.sections), "space_hacks_sections", 0)


def _serialize(md: markdown.Markdown, elements: list) -> str:
    """HTML of some elements of a converted text, as Markdown.convert would write them."""
    holder = etree.Element("div")
    holder.extend(copy.deepcopy(elements))
    html = md.serializer(holder)
    for processor in md.postprocessors:
        html = processor.run(html)
    return html.removeprefix("<div>").removesuffix("</div>").strip()


def _convert(md: markdown.Markdown, source: Source) -> str | None:
    """The HTML, or None when the text is nested past the limit (reported)."""
    try:
        return md.convert(source.text)
    except TooDeep as deep:
        line = source.line_of(deep.text.strip().split("\n", 1)[0]) if deep.text.strip() \
            else source.first_line
        source.add(line, NESTED)
        return None


def convert(text: str, *, path: Path, first_line: int, content: Path,
            problems: ProblemList, heading_base: int = 1, id_prefix: str = "") -> Converted:
    """Turn one file's Markdown into HTML.

    heading_base: the HTML level of a `#` heading (2 inside hacks, where the hack
    title is the h2 and the `##` sections become h3).
    id_prefix: makes heading ids unique across the whole guide.
    """
    source = Source(path, text, first_line, problems, content=content)
    sections: dict[str, list] = {}
    md = markdown.Markdown(
        extensions=["sane_lists", "smarty", "toc", Rules(source), _SectionsExtension(sections)],
        extension_configs={"toc": {
            "baselevel": heading_base,
            "slugify": lambda value, separator: id_prefix + slugify(value, separator),
        }},
    )
    html = _convert(md, source)
    if html is None:
        return Converted("", [], {}, {})
    sections_html = {title: _serialize(md, elements) for title, elements in sections.items()}
    return Converted(html, source.hack_links, source.images, sections_html)


def check_line(text: str, *, field: str, path: Path, line: int,
               problems: ProblemList) -> str:
    """A one-line setting that is Markdown (a title, summary or definition), checked by
    the same rules as a body, and no links in a title: its HTML, with no paragraph
    around it."""
    source = Source(path, text, line, problems, field=field)
    html = _convert(markdown.Markdown(extensions=["smarty", Rules(source)]), source) or ""
    return re.sub(r"^<p>(.*)</p>$", r"\1", html.strip(), flags=re.S)


def inline(text: str) -> str:
    """The HTML of a one-line setting the reader has checked (for the templates)."""
    return check_line(text, field="line", path=Path(), line=1, problems=ProblemList())
