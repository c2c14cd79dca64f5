"""Counts that stay true: `{{hacks: all}}`, `{{hacks: prevention}}` or
`{{hacks: prevention/space-and-supplies}}` in a text prints how many hacks the guide, a
part or a section holds. A number typed by hand goes stale the day a hack is added; this
one is counted on every build.

While a text is converted, the count is not known yet (the parts are read one after
another), so it becomes a placeholder; the reader fills every placeholder in once the
whole guide is read (reading/reader.py), and reports a count of a part or section that
does not exist at its line.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor

from .rules import Source

# What stands after ':' is stripped in handleMatch: spaces matched on both sides of it in
# the pattern itself took cubic time on a line of spaces.
WRITTEN = r"\{\{\s*hacks\s*(?::(?P<what>[^{}\n]*))?\}\}"
# The placeholder in the HTML: builder-made markup (content cannot write raw HTML).
PLACEHOLDER = re.compile(r'<span data-hack-count="([^"]*)"></span>')


class _Count(InlineProcessor):
    def __init__(self, source: Source):
        super().__init__(WRITTEN)
        self.source = source

    def handleMatch(self, m, data):  # noqa: N802 - Python-Markdown's name
        what = (m.group("what") or "").strip()
        self.source.counts.append((what, self.source.line_of_next(m.group(0))))
        return etree.Element("span", {"data-hack-count": what}), m.start(0), m.end(0)


class Counts(Extension):
    def __init__(self, source: Source):
        super().__init__()
        self.source = source

    def extendMarkdown(self, md):  # noqa: N802 - Python-Markdown's name
        md.inlinePatterns.register(_Count(self.source), "space_hacks_counts", 96)


def fill(html: str, counts: dict[str, int]) -> str:
    """The HTML with each placeholder replaced by its count (an unknown name was
    reported while reading; it prints nothing)."""
    return PLACEHOLDER.sub(lambda m: str(counts.get(m.group(1), "")), html)
