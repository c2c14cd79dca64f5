"""A word too long for a line is a mistake at its line, not a line that runs off the
page: the guide never breaks a word (no automatic hyphens, and a word with a hyphen in
it is kept whole, convert.py), so such a word would print past the margin."""

from __future__ import annotations

import html
import re

from markdown import util
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from .rules import Source

# A word with a hyphen inside it: "BY-NC-SA", "medical-first", "two-person". The guide
# keeps it whole (convert.py). It starts where a word starts: tried inside a word too, it
# read a word of 190,000 letters 190,000 times over.
COMPOUND = re.compile(r"(?<!\w)\w+(?:-\w+)+")

# Characters of the longest word that fits the narrowest line the guide prints: a wall
# card's steps in 14 pt type. The longest word in the guide today has 22.
MAX_WORD = 40
# Elements that start a line of their own; the rest (emphasis, links, code) are inside
# a line, and a word may run across them.
BLOCKS = {"p", "li", "ol", "ul", "blockquote", "pre", "table", "thead", "tbody", "tr",
          "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "div", "hr", "br"}
STASHED = re.compile("\x02wzxhzdk:[0-9]+\x03")  # a piece Python-Markdown keeps aside


class _LongWords(Treeprocessor):
    def __init__(self, md, source: Source):
        super().__init__(md)
        self.source = source

    def run(self, root):
        lines: list[list[str]] = []
        cells: set[int] = set()  # the lines inside a table cell, by id
        _printed(root, lines, cells)
        for pieces in lines:
            # As it prints: an entity is one character (an e-mail address is written as
            # entities), a stashed piece (a smart quote, a passage) counts as one.
            text = html.unescape(STASHED.sub("'", "".join(pieces).replace(
                util.AMP_SUBSTITUTE, "&")))
            if len(text) <= MAX_WORD:
                continue
            for word in text.split():
                if id(pieces) in cells:  # a cell breaks a long word where it must (CSS),
                    word = max(COMPOUND.findall(word), key=len, default="")  # not a compound
                if len(word) > MAX_WORD:
                    self._report(word)

    def _report(self, word: str) -> None:
        shown = word[:30] + "..."
        link = " If it is a web address, write it as a link: [the words](address)." \
            if "://" in word or word.startswith("www.") else ""
        self.source.add_repeated(
            "words too long for a line", lambda: self.source.line_of(word[:20]),
            f"the word '{shown}' is {len(word):,} characters long, and a line of the "
            f"guide holds at most {MAX_WORD} (a wall card's line, in large type): it "
            "would run past the margin, since a word is never broken. Shorten it or "
            f"break it with spaces (a hyphen keeps it whole).{link}")


def _printed(element, lines: list[list[str]], cells: set[int],
             mine: list[str] | None = None, in_cell: bool = False) -> None:
    """The text of each line-starting element, in reading order, as pieces: a word can
    run across emphasis or a link, never past the start of a paragraph or item."""
    in_cell = in_cell or element.tag in ("td", "th")
    if mine is None or element.tag in BLOCKS:
        mine = []
        lines.append(mine)
        if in_cell:
            cells.add(id(mine))
    if element.text:
        mine.append(element.text)
    for child in element:
        _printed(child, lines, cells, mine, in_cell)
        if child.tag in BLOCKS:
            mine = []
            lines.append(mine)
            if in_cell:
                cells.add(id(mine))
        if child.tail:
            mine.append(child.tail)


class LongWords(Extension):
    def __init__(self, source: Source):
        super().__init__()
        self.source = source

    def extendMarkdown(self, md):  # noqa: N802 - Python-Markdown's name
        # After the inline steps and the depth limit (15), on the tree as it prints.
        md.treeprocessors.register(_LongWords(md, self.source), "space_hacks_long_words", 14.5)
