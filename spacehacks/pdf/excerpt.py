"""One element of an edition's HTML (a hack), cut out with what shares its pages, so that
it can be laid out alone exactly as it lies in the whole edition.

The HTML is the templates' own output: content never brings tags of its own (raw HTML is
refused), so its tags can be read with one expression. An excerpt keeps the element, the
elements around it (its part, its section: the same nesting, so the same styles and the
same structure tree), and whatever of those comes before it on its first page (a section
that starts on the hack's page prints its title above the hack). Everything else goes:
pages before and after, other hacks, the contents.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)\b[^>]*>")
ID = re.compile(r'\sid="([^"]*)"')
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
        "source", "track", "wbr"}


@dataclass(frozen=True)
class Span:
    """Where one element stands in the HTML: from its opening tag to after its end."""

    start: int
    end: int


@dataclass(frozen=True)
class Excerpt:
    html: str  # a whole document: the head, the element and its ancestors
    depth: int  # how many elements hold it between <body> and it
    around: tuple[str, ...]  # ids of the elements around it that start on earlier pages


class Elements:
    """The elements with these ids in an HTML document, found in one pass over its tags:
    where each stands, and the elements around it."""

    def __init__(self, html: str, ids):
        self.html = html
        wanted = set(ids)
        self.spans: dict[str, Span] = {}
        self.around: dict[str, tuple[re.Match, ...]] = {}
        open_: list[tuple[str, re.Match, str | None]] = []
        for tag in TAG.finditer(html):
            name = tag.group(2).lower()
            if name in VOID or tag.group(0).endswith("/>"):
                continue
            if not tag.group(1):
                found = ID.search(tag.group(0))
                element_id = found.group(1) if found and found.group(1) in wanted else None
                if element_id is not None and element_id not in self.around:
                    self.around[element_id] = tuple(entry[1] for entry in open_)
                open_.append((name, tag, element_id))
                continue
            while open_:  # close up to the matching tag (HTML lets a <p> or <li> end itself)
                closed, opened, element_id = open_.pop()
                if element_id is not None and element_id not in self.spans:
                    self.spans[element_id] = Span(opened.start(), tag.end())
                if closed == name:
                    break

    def excerpt(self, element_id: str, first_page: int,
                starts: dict[str, int]) -> Excerpt | None:
        """The document with only this element and what prints on its pages. `starts`
        gives the page (index) where each id starts in the laid-out edition; an element
        around it keeps what comes before it only when it starts on the same page."""
        span, opened = self.spans.get(element_id), self.around.get(element_id)
        if span is None or opened is None:
            return None
        html = self.html
        body = next((i for i, tag in enumerate(opened) if tag.group(2).lower() == "body"),
                    None)
        if body is None:
            return None
        around = opened[body + 1:]
        pieces = [html[:opened[body].end()]]
        earlier = []
        for index, tag in enumerate(around):
            pieces.append(tag.group(0))
            found = ID.search(tag.group(0))
            if found is None:
                return None  # without an id, no way to know where it starts
            if starts.get(found.group(1)) == first_page:
                following = around[index + 1].start() if index + 1 < len(around) \
                    else span.start
                pieces.append(html[tag.end():following])
            else:
                earlier.append(found.group(1))
        pieces.append(html[span.start:span.end])
        pieces.extend(f"</{tag.group(2)}>" for tag in reversed(around))
        pieces.append("</body></html>")
        return Excerpt("".join(pieces), len(around), tuple(earlier))


def excerpt(html: str, element_id: str, first_page: int,
            starts: dict[str, int]) -> Excerpt | None:
    """One element's excerpt (see Elements.excerpt)."""
    return Elements(html, [element_id]).excerpt(element_id, first_page, starts)


def changed(before: Elements, after: Elements) -> list[str] | None:
    """Which elements differ between two renderings of an edition, when nothing else does;
    None when anything outside them changed too (a title in the contents, a page number,
    another part)."""
    old, new = before.spans, after.spans
    if old.keys() != new.keys():
        return None
    ordered = sorted(old, key=lambda element_id: old[element_id].start)
    if ordered != sorted(new, key=lambda element_id: new[element_id].start):
        return None
    old_at = new_at = 0
    differing = []
    for element_id in ordered:
        if (before.html[old_at:old[element_id].start]
                != after.html[new_at:new[element_id].start]):
            return None
        if (before.html[old[element_id].start:old[element_id].end]
                != after.html[new[element_id].start:new[element_id].end]):
            differing.append(element_id)
        old_at, new_at = old[element_id].end, new[element_id].end
    if before.html[old_at:] != after.html[new_at:]:
        return None
    return differing
