"""The page numbers an edition prints. They are plain text in the HTML, known from an
earlier layout (or guessed), and checked against where each place really landed: the
edition is laid out again until they agree (edition.py).

A page *number* is what is printed, counted from 1; a page *index* (typeset.py, spans.py)
counts the laid-out pages from 0. The two never share a name.
"""

from __future__ import annotations

UNKNOWN_PAGE = "00"  # before the first layout: about as wide as most page numbers


class PageNumbers:
    """The page numbers an edition prints, as plain text.

    `here` are the places in this edition (None: the whole guide), `numbers` their page
    numbers (known from an earlier layout, or guessed), `guide_numbers` those of the full
    guide (a handout names them for what it leaves out). Every number printed is
    remembered, so the builder can check it against where the place really landed.
    """

    def __init__(self, here: set[str] | None, numbers: dict[str, int],
                 guide_numbers: dict[str, int] | None = None):
        self.here = here
        self.numbers = numbers
        self.guide_numbers = numbers if guide_numbers is None else guide_numbers
        self.asked: set[str] = set()
        self.printed_guide_numbers: dict[str, int | None] = {}  # anchor -> number printed

    def page(self, anchor: str) -> str:
        self.asked.add(anchor)
        return str(self.numbers.get(anchor, UNKNOWN_PAGE))

    def guide_page(self, anchor: str) -> str:
        number = self.guide_numbers.get(anchor)
        self.printed_guide_numbers[anchor] = number
        return str(UNKNOWN_PAGE if number is None else number)

    def is_here(self, anchor: str) -> bool:
        return self.here is None or anchor in self.here

    def settled(self, landed: dict[str, int]) -> bool:
        """Did every number printed match the page number where its place landed?"""
        return all(self.numbers.get(anchor) == landed.get(anchor) for anchor in self.asked)


def agree(printed: dict[str, int | None], guide_numbers: dict[str, int]) -> bool:
    """Did every guide page number printed match the guide's layout?"""
    return all(guide_numbers.get(anchor) == number for anchor, number in printed.items())
