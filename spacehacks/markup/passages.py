"""Shared passages: words the guide says in several places, written once.

The call rule, the 911 script and the 988 caveat drifted apart while each hack retold
them. Now each is a file, `content/shared/NAME.md` (plain Markdown: paragraphs and lists,
no settings, no headings), and a text places it with a line of its own:

    {{shared: call-911}}

The passage is read and checked once, as a file of its own (its problems are reported at
its own lines); each place gets its finished HTML through Python-Markdown's stash, the
way raw HTML blocks are kept, so nothing in it is converted twice.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown.blockprocessors import BlockProcessor
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor

from ..errors import suggestion
from .rules import Source

FOLDER = "shared"  # in content/: one file per passage
# The line that places a passage. Spaces inside are forgiven; nothing else may stand on it.
# The name is taken as it stands between ':' and '}}', then stripped: spaces matched on
# both sides of a name in the pattern itself took cubic time on a line of spaces.
PLACE = re.compile(r"\{\{\s*shared\s*:(?P<name>[^{}\n]*)\}\}")
HOW = ("A shared passage stands on a line of its own, with a blank line above and below: "
       "{{shared: call-911}}.")


class _Place(BlockProcessor):
    """A block whose first line is `{{shared: NAME}}` becomes the passage."""

    def __init__(self, parser, source: Source, passages: dict[str, str] | None):
        super().__init__(parser)
        self.source = source
        self.passages = passages  # name -> HTML; None inside a passage itself

    def test(self, parent, block):
        return PLACE.fullmatch(block.split("\n", 1)[0].strip()) is not None

    def run(self, parent, blocks):
        first, _, rest = blocks.pop(0).partition("\n")
        if rest.strip():
            blocks.insert(0, rest)
        written = first.strip()
        name = PLACE.fullmatch(written).group("name").strip()
        line = self.source.line_of_next(written, "blocks")
        if self.source.field:
            self.source.add(line, f"a shared passage cannot stand in the {self.source.field}. "
                            "Place it in the text below the settings.")
            return
        if self.passages is None:
            self.source.add(line, "a shared passage cannot place another one. Write the "
                            "words here, or place both passages where they are used.")
            return
        if parent is not self.parser.root:
            self.source.add(line, f"'{written}' is inside a list or quote, where a passage "
                            f"cannot stand. {HOW}")
            return
        if name not in self.passages:
            known = ", ".join(sorted(self.passages)) or "none yet"
            self.source.add(line, f"there is no shared passage '{name}' (a file "
                            f"content/{FOLDER}/{name}.md).{suggestion(name, self.passages)} "
                            f"The passages are: {known}.")
            return
        self.source.placed.append((name, line))
        # Kept whole until the HTML is written, like a raw HTML block (see module doc).
        holder = etree.SubElement(parent, "p")
        holder.text = self.parser.md.htmlStash.store(self.passages[name])


class _Misplaced(InlineProcessor):
    """`{{shared: ...}}` anywhere but a line of its own would print as it is."""

    def __init__(self, source: Source):
        super().__init__(PLACE.pattern)
        self.source = source

    def handleMatch(self, m, data):  # noqa: N802 - Python-Markdown's name
        self.source.add_repeated(
            "misplaced passages", lambda: self.source.line_of_next(m.group(0)),
            f"'{m.group(0)}' shares a line with other words, so it would print as it is. {HOW}")
        return m.group(0), m.start(0), m.end(0)


class SharedPassages(Extension):
    """`passages`: name -> HTML of every passage; None when converting a passage."""

    def __init__(self, source: Source, passages: dict[str, str] | None):
        super().__init__()
        self.source = source
        self.passages = passages

    def extendMarkdown(self, md):  # noqa: N802 - Python-Markdown's name
        # Before paragraphs (10) and lists (40, 50): a line of its own.
        md.parser.blockprocessors.register(_Place(md.parser, self.source, self.passages),
                                           "space_hacks_shared", 75)
        md.inlinePatterns.register(_Misplaced(self.source), "space_hacks_shared_inline", 95)
