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
import re
import warnings
from functools import lru_cache
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
from ..errors import ProblemList
from .inline import make_linear
from .lines import LONGEST_NEEDLE, Lines

# Lists, list items, quotes and emphasis inside each other; real text needs a handful.
MAX_NESTING = 20
SHOWN_REPEATS = 10  # problems of one kind shown for a text, before "and 2,000 more"
ALLOWED_LINK_SCHEMES = {"http", "https", "mailto", "tel"}
# Pictures the guide prints: raster formats that WeasyPrint draws and that cannot load
# anything else (an SVG can fetch other files, so it is refused).
IMAGE_FORMATS = {"PNG": ".png", "JPEG": ".jpg", "GIF": ".gif", "WEBP": ".webp"}
MAX_PICTURE_SIDE = 6000  # pixels; a phone photo is about 4000, print needs about 2000
MAX_PICTURE_PATH = 1000  # characters of a picture's path as written
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
        self.lines = Lines(text, first_line)
        self.repeats: dict[str, int] = {}  # a kind of problem -> times found
        self.heading_lines: dict = {}  # heading element -> (its line, its text as written)
        self.table_lines: dict = {}  # table element -> the line of its first row
        self.headings: list[Heading] = []  # in reading order, as written (`##` is 2)
        self.placed: list[tuple[str, int]] = []  # shared passages placed: (name, line)
        self.counts: list[tuple[str, int]] = []  # {{hacks: ...}}: (what is counted, line)
        self.typed_numbers: list[tuple[str, int]] = []  # "R-5" typed as text: (it, line)

    def add(self, line: int | None, message: str) -> None:
        self.problems.add(self.path, self.first_line if self.field else line, message)

    def line_of(self, needle: str) -> int:
        """The line where `needle` first stands."""
        return self.lines.first(needle)

    def line_of_next(self, needle: str, kind: str | None = None) -> int:
        """The line of the first place `needle` stands that no earlier report used;
        `kind` names pieces found in reading order ("blocks", "links", "pictures")."""
        return self.lines.next(needle, kind)

    def add_repeated(self, kind: str, where, message: str) -> None:
        """A problem that can stand thousands of times in one text (raw HTML, say): the
        first few are reported, each at its line (`where` finds it), then one line says
        how many more there are (`close`)."""
        count = self.repeats[kind] = self.repeats.get(kind, 0) + 1
        if count <= SHOWN_REPEATS:
            self.add(where(), message)

    def close(self) -> None:
        """After the conversion: how many repeated problems were not shown."""
        for kind, count in self.repeats.items():
            if count > SHOWN_REPEATS:
                self.add(self.lines.first_line, f"and {count - SHOWN_REPEATS:,} more {kind} "
                         f"in this text, like those above (the first {SHOWN_REPEATS} are "
                         "shown).")


class Heading(NamedTuple):
    level: int  # as written: `##` is 2, whatever HTML level it becomes
    text: str
    line: int


class _Reporting:
    """A Python-Markdown processor (block or tree) that notes what it finds in `source`:
    made with Python-Markdown's own argument (the parser or the Markdown instance), then
    the Source."""

    def __init__(self, owner, source: Source):
        super().__init__(owner)
        self.source = source


class _HashHeadings(_Reporting, HashHeaderProcessor):
    """Python-Markdown's `## Heading` processor, noting the line of each heading."""

    def run(self, parent, blocks):
        found = self.RE.search(blocks[0])
        super().run(parent, blocks)
        if found is not None:
            self.source.heading_lines[parent[-1]] = (
                self.source.line_of_next(found.group(0).strip(), "blocks"),
                found.group("header").strip())


class _SetextHeadings(_Reporting, SetextHeaderProcessor):
    """The same for a heading underlined with === or --- (a line of text followed by a
    line of dashes is one, too)."""

    def run(self, parent, blocks):
        written = blocks[0].split("\n")[0].strip()
        super().run(parent, blocks)
        self.source.heading_lines[parent[-1]] = (self.source.line_of_next(written, "blocks"),
                                                 written)


class _Headings(_Reporting, Treeprocessor):
    """Every heading in reading order, at the level it was written, with its line."""

    def run(self, root):
        for element in root.iter():
            if element.tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
                line, text = self.source.heading_lines.get(
                    element, (self.source.first_line, "".join(element.itertext()).strip()))
                self.source.headings.append(Heading(int(element.tag[1]), text, line))


class _UnclosedBold(_Reporting, Treeprocessor):
    """`**` left in the text once Python-Markdown has made the bold it could: bold that
    never ends, whose asterisks would print. (Code keeps its asterisks; `\\*\\*` is
    escaped, so it is not seen here.)"""

    def run(self, root):
        for element in root.iter():
            texts = [element.tail] if element.tag in ("code", "pre") else [element.text,
                                                                           element.tail]
            for text in texts:
                if text and "**" in text:
                    self.source.add_repeated(
                        "bold marks that never end", lambda text=text: self.source.line_of_next(
                            _rest_of_line(text, text.index("**"))),
                        "'**' starts bold text that never ends, so the asterisks would print. "
                        "Put ** after the last bold word, in the same paragraph, or write "
                        "\\*\\* to print them.")


# What a hack's number looks like (P-7, R-12): the part's prefix, a dash, a number.
TYPED_NUMBER = re.compile(r"(?<![\w-])[A-Z]{1,3}-\d{1,3}(?![\w-])")


class _TypedNumbers(_Reporting, Treeprocessor):
    """Hack numbers typed by hand in the printed text (not in code, not in link
    addresses), which go stale when hacks move: the reader reports those that are numbers
    of this guide. (A word too long for a line is long_words.py's.)"""

    def run(self, root):
        source = self.source
        for element in root.iter():
            texts = [element.tail] if element.tag in ("code", "pre") else [element.text,
                                                                           element.tail]
            for text in texts:
                for number in TYPED_NUMBER.findall(text or ""):
                    source.typed_numbers.append((number, source.line_of_next(number)))


class TooDeep(Exception):
    """Nesting past MAX_NESTING: the conversion stops (the build fails anyway). Its
    argument is the text parsed last, which finds the line."""

    @property
    def text(self) -> str:
        return self.args[0]


class _RawHtml(InlineProcessor):
    """Takes the place of Python-Markdown's 'html' pattern: each tag is reported at its
    line and kept as plain text. Code spans are matched earlier, so they stay allowed."""

    def __init__(self, source: Source):
        super().__init__(HTML_RE)
        self.source = source

    def handleMatch(self, m, data):  # noqa: N802 - Python-Markdown's name
        tag = m.group()
        # The rest of the line, up to anything already converted, finds the tag's line.
        self.source.add_repeated(
            "raw HTML tags", lambda: self.source.line_of_next(
                _rest_of_line(data, m.start()) or tag),
            f"raw HTML ('{tag[:80]}') is not allowed. Use Markdown instead, as shown in "
            "EDITING.md.")
        return tag, m.start(), m.end()


def _rest_of_line(text: str, start: int) -> str:
    """The text from `start` to the end of its line or to anything already converted
    (a stash mark), at most LONGEST_NEEDLE characters: enough to find where it stands."""
    return text[start:start + LONGEST_NEEDLE].partition("\n")[0].partition(util.STX)[0]


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


class _LinksAndImages(_Reporting, Treeprocessor):
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
        typed, line = self._as_typed(element.get("alt", ""), src)
        shown = typed if len(typed) <= 80 else typed[:77] + "..."
        if "\\" in typed:  # Windows shows paths with \; Markdown reads \ as an escape
            fixed = typed.replace("\\", "/")
            source.add(line, f"the picture path '{shown}' has \\ between its folders (as "
                       f"Windows shows paths); write / instead: "
                       f"![{element.get('alt', '')}]({fixed})")
            return
        if not element.get("alt", "").strip():
            source.add(line, f"the image '{shown}' has no description. Write what it shows "
                       "between the square brackets: ![a sign-in table by the door](...)")
        if urlparse(src).scheme:
            source.add(line, f"the image '{shown}' is not a file in the project. Put the "
                       "image in a folder next to this file and use a relative path such as "
                       "images/photo.png.")
            return
        name = unquote(src)
        if "\0" in name or len(name) > MAX_PICTURE_PATH or any(
                len(part.encode("utf-8", "surrogateescape")) > 255 for part in name.split("/")):
            source.add(line, f"the image '{shown}' cannot be the name of a file: it is too "
                       "long, or holds a %00. Give the picture a short name, such as "
                       "images/sign-in-table.png, and point at that.")
            return
        try:
            problem, target = self._picture_file(name)
        except (OSError, ValueError) as error:  # a name the file system will not take
            problem = (f"cannot be opened ({getattr(error, 'strerror', None) or error}). "
                       "Give the picture a short, plain name and point at that.")
        if problem:
            source.add(line, f"the image '{shown}' {problem}")
            return
        uri = target.as_uri()
        source.images[uri] = source.path
        source.pictures.append((typed, line))
        element.set("src", uri)

    def _picture_file(self, name: str) -> tuple[str | None, Path]:
        """Why the picture cannot be printed (or None), and its file."""
        content = self.source.content
        written = Path(os.path.normpath(self.source.path.parent / name))
        target = paths.real(written)
        if not target.is_relative_to(paths.real(content)):
            return ("is a link to a file outside the content/ folder, so it is refused. Put "
                    "the picture itself in content/ and point at it."
                    if written.is_relative_to(content) else
                    "points outside the content/ folder, so it is refused. Copy the image "
                    "into content/ and point at the copy."), target
        if not target.is_file():
            return ("does not exist. Check the file name and that the path is relative to "
                    "this Markdown file."), target
        stat = target.stat()  # a picture placed many times is decoded once
        return _picture_problem(target, stat.st_mtime_ns, stat.st_size), target

    def _as_typed(self, alt: str, src: str) -> tuple[str, int]:
        """The picture's path as the editor typed it, and its line: found by its `![alt](`
        in the text (Python-Markdown has read \\ in the path as escapes by now)."""
        lines = self.source.lines
        text = self.source.text
        if alt:
            at = lines.place(f"![{alt}](", "pictures")
            if at >= 0 and text.startswith(f"![{alt}](", at):  # (not past the budget of reads)
                start = at + len(alt) + 4
                # The longest path a picture may have, and a space on either side.
                written = text[start:start + MAX_PICTURE_PATH + 2]
                return written.partition("\n")[0].partition(")")[0].strip(), lines.line_at(at)
        return src, self.source.line_of_next(src, "pictures")

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
            source.hack_links.append((slug, source.line_of_next(href, "links")))
            element.set("href", "#" + ids.hack(slug))
            element.set("class", "xref")
        elif urlparse(href).scheme not in ALLOWED_LINK_SCHEMES:
            source.add(source.line_of_next(href, "links"),
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
        make_linear(md)  # after smarty (listed before Rules), which adds an inline step
        md.parser.parseBlocks = _ParseDepth(md.parser.parseBlocks)
        md.parser.blockprocessors.register(_HashHeadings(md.parser, self.source), "hashheader",
                                           70)
        md.parser.blockprocessors.register(_SetextHeadings(md.parser, self.source),
                                           "setextheader", 60)
        md.treeprocessors.register(_TreeDepth(md), "space_hacks_depth", 15)
        md.treeprocessors.register(_Headings(md, self.source), "space_hacks_headings", 14)
        md.treeprocessors.register(_UnclosedBold(md, self.source), "space_hacks_bold", 13)
        md.treeprocessors.register(_TypedNumbers(md, self.source), "space_hacks_numbers", 12)
        md.treeprocessors.register(_LinksAndImages(md, self.source), "space_hacks_links", 1)


@lru_cache(maxsize=256)
def _picture_problem(path: Path, mtime: int, size: int) -> str | None:
    return picture_problem(path)


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
