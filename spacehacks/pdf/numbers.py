"""The page numbers an edition prints. They are plain text in the HTML, known from an
earlier layout (or guessed), and checked against where each place really landed: the
edition is laid out again until they agree (edition.py)."""

from __future__ import annotations

UNKNOWN_PAGE = "00"  # before the first layout: about as wide as most page numbers


class PageNumbers:
    """The page numbers an edition prints, as plain text.

    `here` are the places in this edition (None: the whole guide), `pages` their page numbers (known from an
    earlier layout, or guessed), `guide_pages` those of the full guide of the same
    paper (a handout names them for what it leaves out). Every number asked for is
    remembered, so the builder can check it against where the place really landed.
    """

    def __init__(self, here: set[str] | None, pages: dict[str, int],
                 guide_pages: dict[str, int] | None = None):
        self.here = here
        self.pages = pages
        self.guide_pages = pages if guide_pages is None else guide_pages
        self.asked: set[str] = set()
        self.asked_of_guide: dict[str, int | None] = {}  # anchor -> the number printed

    def page(self, anchor: str) -> str:
        self.asked.add(anchor)
        return str(self.pages.get(anchor, UNKNOWN_PAGE))

    def guide_page(self, anchor: str) -> str:
        number = self.guide_pages.get(anchor)
        self.asked_of_guide[anchor] = number
        return str(UNKNOWN_PAGE if number is None else number)

    def is_here(self, anchor: str) -> bool:
        return self.here is None or anchor in self.here

    def settled(self, landed: dict[str, int]) -> bool:
        """Did every number printed match where its place landed?"""
        return all(self.pages.get(anchor) == landed.get(anchor) for anchor in self.asked)


def agree(printed: dict[str, int | None], guide_pages: dict[str, int]) -> bool:
    """Did every guide page number printed match the guide's layout?"""
    return all(guide_pages.get(anchor) == number for anchor, number in printed.items())
