"""Which line of a text a heading, a link or a mistake stands on, found in time linear in
the text.

Python-Markdown does not say where in the source a piece it parsed came from, so the
rules look for the piece as it is written. A search from the start for each of many
pieces would read the text once per piece: quadratic in a text of thousands of
headings or tags. So:
- pieces found in reading order (headings, tables, passages, links, pictures) are each
  looked for from where the last one of their kind was found;
- a piece met again is looked for after its last place, so each place is given once;
- every search together reads at most READS_PER_CHARACTER times the text. Past that
  (only a text written to exhaust it gets there) a piece is given the line of the last
  place found, which is still in the right file, near the right place.
"""

from __future__ import annotations

import re
from bisect import bisect_left

READS_PER_CHARACTER = 40
LONGEST_NEEDLE = 120  # characters of a piece looked for: enough to tell places apart


class Lines:
    def __init__(self, text: str, first_line: int):
        self.text = text
        self.first_line = first_line
        self.breaks: list[int] | None = None  # where each line ends, made when first asked
        self.budget = READS_PER_CHARACTER * len(text) + 10_000
        self.last = 0  # the last place found, for a piece the budget cannot pay for
        self.cursors: dict[str, int] = {}  # kind of piece -> where to look for the next
        self.after: dict[str, int] = {}  # piece -> just past its last place given
        self.given: set[int] = set()  # places given to a piece already

    def line_at(self, index: int) -> int:
        if self.breaks is None:
            self.breaks = [found.start() for found in re.finditer("\n", self.text)]
        return self.first_line + bisect_left(self.breaks, index)

    def first(self, needle: str) -> int:
        """The line where `needle` first stands (the first line if it is nowhere)."""
        index = self._find(needle[:LONGEST_NEEDLE], 0)
        if index < 0:
            return self.line_at(self.last) if self.budget <= 0 else self.first_line
        return self.line_at(index)

    def next(self, needle: str, kind: str | None = None) -> int:
        """The line of the first place of `needle` not given before. `kind` names
        pieces that come in reading order (such as "blocks" or "links"): each is looked
        for from where the last of its kind was found, then from the start."""
        index = self.place(needle, kind)
        return self.line_at(index) if index >= 0 else self.first_line

    def place(self, needle: str, kind: str | None = None) -> int:
        """Where in the text that place is (as `next` finds it), or -1 where none is found
        (past the budget: the last place found)."""
        needle = needle[:LONGEST_NEEDLE]
        start = self.after.get(needle, 0)
        index = -1
        if kind is not None and self.cursors.get(kind, 0) > start:
            index = self._unused(needle, self.cursors[kind])
        if index < 0:
            index = self._unused(needle, start)
        if index < 0:  # every place is given already, or it is written otherwise
            return self.last if self.budget <= 0 else self._find(needle, 0)
        self.given.add(index)
        self.after[needle] = index + 1
        if kind is not None:
            self.cursors[kind] = index + 1
        self.last = index
        return index

    def _unused(self, needle: str, start: int) -> int:
        index = self._find(needle, start)
        while index >= 0 and index in self.given:
            index = self._find(needle, index + 1)
        return index

    def _find(self, needle: str, start: int) -> int:
        """str.find, reading no more of the text than the budget has left."""
        if self.budget <= 0:
            return -1
        end = min(len(self.text), start + self.budget + len(needle))
        index = self.text.find(needle, start, end)
        self.budget -= (end if index < 0 else index) - start + len(needle)
        return index
