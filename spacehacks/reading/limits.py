"""Limits before layout: no content file, and no edition, may take an absurd number of
pages.

Laying out pages is the slow, memory-hungry step, and a pull request from a stranger
should never be able to make it run for minutes. So each file's pages are estimated from
its text as it is read, long before anything is laid out, and a file past its kind's
limit is refused at the line where it crosses it. The estimate is coarse on purpose
(every line of text a printed line at least, long lines wrapped, a heading a few lines,
a picture a third of a page) and the limits are far above what the real content takes,
so no real edit comes near them. The files' estimates also add up to each whole
edition's pages (edition_estimates), and a guide past an edition's page budget is
refused, before layout, at the file that takes most of it: so `check` refuses what the
build would stop at. What the estimate cannot see (a stylesheet, a table that breaks
every row) the same budget catches while it is laid out: layout stops at the first page
past it (pdf/typeset.py).

The table below is the one place the limits live; EDITING.md says them in words.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

from ..errors import ProblemList
from .model import GlossaryEntry, Hack, Part, Quote, Section, TextPage


@dataclass(frozen=True)
class Measure:
    """How text is reckoned in pages, before layout (on the guide's page, 10.5 pt)."""

    chars_per_line: int = 75  # the guide's text column (README: about 75 characters)
    lines_per_page: int = 46
    blank_line: float = 0.5  # the space between paragraphs
    heading_lines: int = 3  # a heading and the space around it
    picture: float = 1 / 3  # a picture prints at most a third of a page tall

    def lines_of(self, text: str) -> float:
        """Printed lines a source line takes at least."""
        return math.ceil(len(text) / self.chars_per_line) if text.strip() else self.blank_line


MEASURE = Measure()


@dataclass(frozen=True)
class Limit:
    what: str  # the kind of file, in messages: "a hack"
    pages: int  # estimated pages it may take at most
    split: str  # what to do instead, in messages


# Each kind of content file, by the model it is read into, and the most pages it may take
# by the estimate. The real content's largest file of each kind, estimated the same way
# (tests/test_limits.py keeps each under a fifth of its limit): the resources part.md 8.9
# pages, a section.md 0.1, a hack 1.4 (its budget after layout is 1 or 2 pages,
# model.py), quotes.yaml 3.3, glossary.yaml 9.7, whats-new.md 1.6.
LIMITS: dict[type, Limit] = {
    Part: Limit("a part's part.md", 60, "split the part into two parts, each with its own "
                "folder and part.md"),
    Section: Limit("a section's section.md", 10, "move the text into a hack or the part's "
                   "part.md; a section's own text is a short introduction"),
    # Far above the budget: a hack a few pages long is laid out, so that its message says
    # how many words to cut (pdf/spans.py).
    Hack: Limit("a hack", 20, "cut it to its page budget (1 page, or 2 with 'pages: 2'), or "
                "make it two hacks"),
    TextPage: Limit("the what's-new page", 10, "keep to what changed in this edition"),
    Quote: Limit("the quotes", 30, "keep the quotes the guide prints"),
    GlossaryEntry: Limit("the glossary", 60, "keep the definitions to a line or two each"),
}

@dataclass(frozen=True)
class Budget:
    """The most pages an edition of one kind may take, and how its pages follow from the
    estimate (the guide's page, 10.5 pt)."""

    pages: int  # layout stops at the first page past it
    scale: float  # its pages for one estimated page of the guide (type and page size)
    one_page_per_hack: bool = False  # the wall cards: one card a hack, nothing else


# The real content's editions (Letter) take: the guide 144 pages, the large-print edition
# 362, the whole-guide booklet 263, the wall cards 98, a part's handout 44; the estimate
# below (edition_estimates) gives 151, 377, 271, 98 and the whole guide's 151 for a
# handout (a handout may hold the whole guide). Each budget is about four times the real
# edition: room to grow, and a runaway stopped before layout, or within minutes of it.
EDITION_BUDGETS: dict[str, Budget] = {
    "guide": Budget(600, 1.0),
    "handout": Budget(600, 1.0),
    "large-print": Budget(1_500, 2.5),  # 18 pt on the same page
    "booklet": Budget(1_000, 1.8),  # 9.5 pt on half a page
    "cards": Budget(400, 1.0, one_page_per_hack=True),
}
# The editions, as messages name them.
EDITION_NAMES = {"guide": "the guide", "handout": "a handout of every part",
                 "large-print": "the large print", "booklet": "the booklet",
                 "cards": "the wall cards"}


def edition_pages(kind: str) -> int:
    budget = EDITION_BUDGETS.get(kind)
    return budget.pages if budget else max(b.pages for b in EDITION_BUDGETS.values())


@dataclass
class Estimate:
    """A file's pages as they add up, line by line."""

    limit: Limit
    first_line: int = 1  # of the text estimated (after the settings)
    pages: float = 0.0
    words: int = 0
    pictures: int = 0
    crossed_at: int | None = None  # the file line where the limit was passed

    def add(self, line: int, pages: float) -> None:
        self.pages += pages
        if self.crossed_at is None and self.pages > self.limit.pages:
            self.crossed_at = line


def check_size(path: Path, text: str, model: type, problems: ProblemList, *,
               first_line: int = 1, headings=(), pictures=(), placed=(),
               passage_pages: dict[str, float] | None = None) -> Estimate | None:
    """Estimate the pages of `text` (the body of a file, from `first_line`) and note a
    problem at the line where it passes its kind's limit. `headings` and `pictures` are
    what Python-Markdown found in it (with their lines), `placed` the shared passages it
    places (name, line), whose pages `passage_pages` holds."""
    limit = LIMITS.get(model)
    if limit is None:
        return None
    extra: dict[int, float] = {}
    for _, line in pictures:
        extra[line] = extra.get(line, 0.0) + MEASURE.picture
    for heading in headings:
        extra[heading.line] = extra.get(heading.line, 0.0) + \
            MEASURE.heading_lines / MEASURE.lines_per_page
    for name, line in placed:
        extra[line] = extra.get(line, 0.0) + (passage_pages or {}).get(name, 0.0)
    estimate = Estimate(limit, first_line, pictures=len(pictures))
    for number, source in enumerate(text.split("\n"), start=first_line):
        estimate.words += len(source.split())
        estimate.add(number, MEASURE.lines_of(source) / MEASURE.lines_per_page
                     + extra.get(number, 0.0))
    if estimate.crossed_at is not None:
        pictures_said = (f" and {estimate.pictures:,} picture"
                         f"{'s' if estimate.pictures != 1 else ''}" if estimate.pictures else "")
        problems.add(path, estimate.crossed_at,
                     f"by this line {limit.what} already fills about {limit.pages} pages, "
                     f"the most it may take; the whole file ({estimate.words:,} words"
                     f"{pictures_said}) would print on about {math.ceil(estimate.pages):,}. "
                     f"To shorten it, {limit.split}.")
    return estimate


def pages_of(text: str) -> float:
    """A shared passage's pages, added wherever it is placed."""
    return sum(MEASURE.lines_of(line) for line in text.split("\n")) / MEASURE.lines_per_page


# What an edition prints besides its files, in estimated pages: the cover, the edition's
# page, the contents and the featured hacks, and at the end the tag index; the contents
# and the index also take a line for each part, section, hack and tag of a hack.
FIXED_PAGES = 5


def _shares(guide) -> dict:
    """Each content file's estimated pages in a whole edition. A part and the what's-new
    page start on a page of their own, and a hack on as many as its page budget: each
    takes at least that, and as many as its text needs."""
    at_least = {hack.path: hack.pages for hack in guide.hacks}
    at_least.update({part.path: 1 for part in guide.parts})
    if guide.whats_new is not None:
        at_least[guide.whats_new.path] = 1
    return {path: max(estimate.pages, at_least.get(path, 0))
            for path, estimate in guide.estimates.items()}


def edition_estimates(guide) -> dict[str, float]:
    """Each kind of edition's pages, estimated before layout for the whole guide."""
    sections = sum(len(part.sections) for part in guide.parts)
    lines = len(guide.parts) + sections + sum(1 + len(hack.tags) for hack in guide.hacks)
    guide_pages = FIXED_PAGES + lines / MEASURE.lines_per_page + sum(_shares(guide).values())
    return {kind: len(guide.hacks) if budget.one_page_per_hack else guide_pages * budget.scale
            for kind, budget in EDITION_BUDGETS.items()}


def check_editions(guide, problems: ProblemList) -> None:
    """A guide whose editions, estimated whole, would print past a budget is refused
    before layout, at the file that takes most of it: every file may be within its own
    limit and the guide not. (Layout stops at the budget all the same, for what the
    estimate cannot see.)"""
    estimated = edition_estimates(guide)
    past = [kind for kind, budget in EDITION_BUDGETS.items()
            if estimated[kind] > budget.pages]
    if not past:
        return
    if "guide" in past and "handout" in past:  # the same pages: say it once
        past.remove("handout")
    shares = _shares(guide)
    if all(EDITION_BUDGETS[kind].one_page_per_hack for kind in past):
        shares = {hack.path: 1.0 for hack in guide.hacks}  # the cards: a page a hack
    largest = sorted(shares, key=lambda path: -shares[path])[:4]
    if not largest:
        return
    said = ", ".join(f"{EDITION_NAMES[kind]} on about {math.ceil(estimated[kind]):,} "
                     f"pages (its budget: {EDITION_BUDGETS[kind].pages:,})" for kind in past)
    if any(not EDITION_BUDGETS[kind].one_page_per_hack for kind in past):
        others = ", ".join(f"{_relative(path, guide)} (about {math.ceil(shares[path]):,} "
                           f"page{'s' if math.ceil(shares[path]) != 1 else ''})"
                           for path in largest[1:])
        action = (f"This file takes the most of it, about {math.ceil(shares[largest[0]]):,} "
                  f"pages of the guide; "
                  + (f"the next are {others}. " if others else "")
                  + "Shorten the longest files, or make a second guide of some parts.")
    else:
        action = (f"The guide holds {len(guide.hacks):,} hacks, a card each: make a "
                  "second guide of some parts.")
    problems.add(largest[0], guide.estimates[largest[0]].first_line,
                 f"the guide would print past the pages an edition may take: {said}, "
                 "estimated from the text before layout. " + action)


def _relative(path: Path, guide) -> str:
    return str(path.relative_to(guide.content.parent)) if path.is_relative_to(
        guide.content.parent) else str(path)
