"""What community Markdown may hold, enforced inside Python-Markdown itself.

Content arrives in pull requests from strangers, so every text that is Markdown (a body,
a title, a summary, a glossary definition) is converted with the `Rules` extension:
- raw HTML is reported tag by tag, at its line, and printed as the text it is (the
  'html' inline pattern is replaced and the raw-HTML block preprocessor removed, so
  `<span>` written in backticks stays allowed);
- nesting is limited, so deep lists, quotes or emphasis give a message instead of
  exhausting Python's recursion (here or in WeasyPrint);
- links go to the web or to another hack; pictures are files inside content/ that
  decode (convert.py draws the rest of the line).
"""

from __future__ import annotations

import html
import os
import warnings
from pathlib import Path
from typing import NamedTuple
from urllib.parse import unquote, urlparse

from markdown import util
from markdown.blockprocessors import HashHeaderProcessor, SetextHeaderProcessor
from markdown.extensions import Extension
from markdown.inlinepatterns import HTML_RE, InlineProcessor
from markdown.treeprocessors import Treeprocessor
from PIL import Image, ImageFile

from .. import ids, paths
from ..errors import ProblemList, line_number

# Lists, list items, quotes and emphasis inside each other; real text needs a handful.
MAX_NESTING = 20
ALLOWED_LINK_SCHEMES = {"http", "https", "mailto", "tel"}
# Pictures the guide prints: raster formats that WeasyPrint draws and that cannot load
# anything else (an SVG can fetch other files, so it is refused).
IMAGE_FORMATS = {"PNG": ".png", "JPEG": ".jpg", "GIF": ".gif", "WEBP": ".webp"}
MAX_PICTURE_SIDE = 6000  # pixels; a phone photo is about 4000, print needs about 2000
NESTED = (f"Markdown is nested too deeply here: more than {MAX_NESTING} lists, list items, "
          "quotes or * and _ marks inside each other. Flatten the lists or quotes, or remove "
          "extra marks.")


class Source:
    """The text being converted and where its problems go. `field` is None for the body
    of a file, or the name of a one-line setting ('title', 'summary', 'definition'),
    whose problems are all reported at its line."""

    def __init__(self, path: Path, text: str, first_line: int, problems: ProblemList, *,
                 content: Path | None = None, field: str | None = None):
        self.path = path
        self.text = text
        self.first_line = first_line
        self.problems = problems
        self.field = field
        self.content = content  # the content/ folder, as written
        self.hack_links: list[tuple[str, int]] = []
        self.images: dict[str, Path] = {}
        self.pictures: list[tuple[str, int]] = []  # each picture as written, and its line
        self.reported_at: set[int] = set()  # where raw HTML was found, in `text`
        self.heading_lines: dict = {}  # heading element -> (its line, its text as written)
        self.table_lines: dict = {}  # table element -> the line of its first row
        self.headings: list[Heading] = []  # in reading order, as written (`##` is 2)
        self.placed: list[tuple[str, int]] = []  # shared passages placed: (name, line)
        self.counts: list[tuple[str, int]] = []  # {{hacks: ...}}: (what is counted, line)

    def add(self, line: int | None, message: str) -> None:
        self.problems.add(self.path, self.first_line if self.field else line, message)

    def line_of(self, needle: str) -> int:
        return line_number(self.text, needle, self.first_line) or self.first_line

    def line_of_next(self, needle: str) -> int:
        """The line of the first place `needle` stands that no earlier report used."""
        index = self.text.find(needle)
        while index >= 0 and index in self.reported_at:
            index = self.text.find(needle, index + 1)
        if index < 0:
            return self.line_of(needle)
        self.reported_at.add(index)
        return self.first_line + self.text.count("\n", 0, index)


class Heading(NamedTuple):
    level: int  # as written: `##` is 2, whatever HTML level it becomes
    text: str
    line: int


class _HashHeadings(HashHeaderProcessor):
    """Python-Markdown's `## Heading` processor, noting the line of each heading."""

    def __init__(self, parser, source: Source):
        super().__init__(parser)
        self.source = source

    def run(self, parent, blocks):
        found = self.RE.search(blocks[0])
        super().run(parent, blocks)
        if found is not None:
            self.source.heading_lines[parent[-1]] = (
                self.source.line_of_next(found.group(0).strip()), found.group("header").strip())


class _SetextHeadings(SetextHeaderProcessor):
    """The same for a heading underlined with === or --- (a line of text followed by a
    line of dashes is one, too)."""

    def __init__(self, parser, source: Source):
        super().__init__(parser)
        self.source = source

    def run(self, parent, blocks):
        written = blocks[0].split("\n")[0].strip()
        super().run(parent, blocks)
        self.source.heading_lines[parent[-1]] = (self.source.line_of_next(written), written)


class _Headings(Treeprocessor):
    """Every heading in reading order, at the level it was written, with its line."""

    def __init__(self, md, source: Source):
        super().__init__(md)
        self.source = source

    def run(self, root):
        for element in root.iter():
            if element.tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
                line, text = self.source.heading_lines.get(
                    element, (self.source.first_line, "".join(element.itertext()).strip()))
                self.source.headings.append(Heading(int(element.tag[1]), text, line))


class _UnclosedBold(Treeprocessor):
    """`**` left in the text once Python-Markdown has made the bold it could: bold that
    never ends, whose asterisks would print. (Code keeps its asterisks; `\\*\\*` is
    escaped, so it is not seen here.)"""

    def __init__(self, md, source: Source):
        super().__init__(md)
        self.source = source

    def run(self, root):
        for element in root.iter():
            texts = [element.tail] if element.tag in ("code", "pre") else [element.text,
                                                                           element.tail]
            for text in texts:
                if text and "**" in text:
                    rest = text[text.index("**"):].split("\n", 1)[0].split(util.STX, 1)[0]
                    self.source.add(self.source.line_of_next(rest),
                                    "'**' starts bold text that never ends, so the asterisks "
                                    "would print. Put ** after the last bold word, in the "
                                    "same paragraph, or write \\*\\* to print them.")


class TooDeep(Exception):
    """Nesting past MAX_NESTING: the conversion stops (the build fails anyway)."""

    def __init__(self, text: str):
        super().__init__(text)
        self.text = text


class _RawHtml(InlineProcessor):
    """Takes the place of Python-Markdown's 'html' pattern: each tag is reported at its
    line and kept as plain text. Code spans are matched earlier, so they stay allowed."""

    def __init__(self, source: Source):
        super().__init__(HTML_RE)
        self.source = source

    def handleMatch(self, m, data):  # noqa: N802 - Python-Markdown's name
        tag = m.group(0)
        # The rest of the line, up to anything already converted, finds the tag's line.
        rest = data[m.start():].split("\n", 1)[0].split(util.STX, 1)[0]
        self.source.add(self.source.line_of_next(rest or tag),
                        f"raw HTML ('{tag}') is not allowed. Use Markdown instead, as shown "
                        "in EDITING.md.")
        return tag, m.start(0), m.end(0)


class _ParseDepth:
    """Stands in for the block parser's parseBlocks, which Python-Markdown calls once more
    for each list, item or quote inside another: past MAX_NESTING it stops."""

    def __init__(self, parse_blocks):
        self.parse_blocks = parse_blocks
        self.depth = 0
        self.text = ""  # the last text parsed, to find the line

    def __call__(self, parent, blocks):
        self.depth += 1
        try:
            if blocks and blocks[0].strip():
                self.text = blocks[0]
            if self.depth > MAX_NESTING:
                raise TooDeep(self.text)
            self.parse_blocks(parent, blocks)
        finally:
            self.depth -= 1


class _TreeDepth(Treeprocessor):
    """After the inline patterns (emphasis nests too), before anything that walks the
    tree by recursion (table of contents, serializer, WeasyPrint)."""

    def run(self, root):
        stack = [(root, 0)]
        while stack:
            element, depth = stack.pop()
            if depth > MAX_NESTING:
                raise TooDeep(next((text for text in element.itertext() if text.strip()), ""))
            stack.extend((child, depth + 1) for child in element)


class _LinksAndImages(Treeprocessor):
    def __init__(self, md, source: Source):
        super().__init__(md)
        self.source = source

    def run(self, root):
        source = self.source
        if source.field and (len(root) > 1 or (len(root) == 1 and root[0].tag != "p")):
            source.add(None, f"the {source.field} is one line of text, but it starts like a "
                       "list, heading, quote or code block. Reword its start, or put a \\ "
                       "before its first mark.")
        for element in root.iter("img"):
            if source.field:
                source.add(None, f"a picture cannot stand in the {source.field}. Put it in "
                           "the text below the settings.")
            else:
                self._image(element)
        for element in root.iter("a"):
            self._link(element)

    def _image(self, element) -> None:
        src = element.get("src", "")
        source = self.source
        line = source.line_of(src)
        if not element.get("alt", "").strip():
            source.add(line, f"the image '{src}' has no description. Write what it shows "
                       "between the square brackets: ![a sign-in table by the door](...)")
        if urlparse(src).scheme:
            source.add(line, f"the image '{src}' is not a file in the project. Put the image "
                       "in a folder next to this file and use a relative path such as "
                       "images/photo.png.")
            return
        written = Path(os.path.normpath(source.path.parent / unquote(src)))
        target = paths.real(written)
        if not target.is_relative_to(paths.real(source.content)):
            where = ("is a link to a file outside the content/ folder, so it is refused. Put "
                     "the picture itself in content/ and point at it."
                     if written.is_relative_to(source.content) else
                     "points outside the content/ folder, so it is refused. Copy the image "
                     "into content/ and point at the copy.")
            source.add(line, f"the image '{src}' {where}")
            return
        if not target.is_file():
            source.add(line, f"the image '{src}' does not exist. Check the file name and that "
                       "the path is relative to this Markdown file.")
            return
        problem = picture_problem(target)
        if problem:
            source.add(line, f"the image '{src}' {problem}")
            return
        uri = target.as_uri()
        source.images[uri] = source.path
        source.pictures.append((src, line))
        element.set("src", uri)

    def _link(self, element) -> None:
        # An e-mail address in <...> has its href written as entities (against spam).
        href = html.unescape(element.get("href", "").replace(util.AMP_SUBSTITUTE, "&"))
        source = self.source
        if source.field == "title":
            source.add(None, "a title cannot hold a link: the contents, the bookmarks and the "
                       "see-also lines already link to the hack by its title. Write the title "
                       "as plain words, and put the link in the text.")
        elif href.startswith("#") and source.field:
            source.add(None, f"the {source.field} cannot link to another hack: it is also "
                       "printed where that hack is not (wall cards, handouts). Link to it "
                       "from the text instead.")
        elif href.startswith("#"):
            slug = href[1:]
            source.hack_links.append((slug, source.line_of(href)))
            element.set("href", "#" + ids.hack(slug))
            element.set("class", "xref")
        elif urlparse(href).scheme not in ALLOWED_LINK_SCHEMES:
            source.add(source.line_of(href),
                       f"the link '{href}' goes nowhere in a PDF. Link to a web address "
                       "(https://...) or to another hack by its file name without .md: "
                       "[text](#daily-huddles).")


class Rules(Extension):
    def __init__(self, source: Source):
        super().__init__()
        self.source = source

    def extendMarkdown(self, md):  # noqa: N802 - Python-Markdown's name
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.register(_RawHtml(self.source), "html", 90)
        md.parser.parseBlocks = _ParseDepth(md.parser.parseBlocks)
        md.parser.blockprocessors.register(_HashHeadings(md.parser, self.source), "hashheader",
                                           70)
        md.parser.blockprocessors.register(_SetextHeadings(md.parser, self.source),
                                           "setextheader", 60)
        md.treeprocessors.register(_TreeDepth(md), "space_hacks_depth", 15)
        md.treeprocessors.register(_Headings(md, self.source), "space_hacks_headings", 14)
        md.treeprocessors.register(_UnclosedBold(md, self.source), "space_hacks_bold", 13)
        md.treeprocessors.register(_LinksAndImages(md, self.source), "space_hacks_links", 1)


def picture_problem(path: Path) -> str | None:
    """Why a picture cannot be printed, or None. Every pixel is decoded: Pillow's
    verify() checks only the file's structure, and a picture whose pixels are broken
    would print as a black box."""
    unprintable = ("is not a picture the guide can print. Save it as a PNG or JPEG file "
                   "(not SVG) and point at that.")
    too_large = (f"a picture may be at most {MAX_PICTURE_SIDE} pixels wide and high. Save a "
                 "smaller copy (2000 pixels across is plenty for print) and point at that.")
    # WeasyPrint, once imported, tells Pillow to load broken pictures as best it can.
    lenient, ImageFile.LOAD_TRUNCATED_IMAGES = ImageFile.LOAD_TRUNCATED_IMAGES, False
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(path) as image:
                if image.format not in IMAGE_FORMATS:
                    return unprintable
                width, height = image.size
                if max(width, height) > MAX_PICTURE_SIDE:
                    return f"is {width} × {height} pixels; {too_large}"
                image.load()
        except (Image.DecompressionBombWarning, Image.DecompressionBombError):
            return f"has far too many pixels; {too_large}"
        except Exception:  # noqa: BLE001 - Pillow raises many kinds for a broken file
            return unprintable
        finally:
            ImageFile.LOAD_TRUNCATED_IMAGES = lenient
    return None
