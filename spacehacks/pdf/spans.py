"""Where things landed once an edition is laid out: which pages each hack or card fills,
and what to tell an editor when one runs too long."""

from __future__ import annotations

from .. import ids
from ..errors import Problem
from ..reading.model import MAX_BUDGET, Guide, Hack
from ..reading.style import hack_words

WORDS_PER_PAGE = 340  # about, in a hack without a picture or pull quote


def spans(starts: dict[str, int], page_count: int, wanted: list[str]) -> dict[str, range]:
    """Each wanted anchor -> the page indexes it fills: from its own page up to (not
    including) the next page where any of `starts` (anchor -> page index) begins."""
    boundaries = sorted(set(starts.values()) | {page_count})
    result = {}
    for anchor in wanted:
        if anchor in starts:  # a template that lost an anchor is reported by verify.py
            first = starts[anchor]
            result[anchor] = range(first, next(b for b in boundaries if b > first))
    return result


def hack_spans(guide: Guide, positions: dict[str, tuple[int, float]], page_count: int,
               ) -> dict[str, range]:
    """Each hack's name -> the indexes of the pages it fills in a whole-guide layout. A
    hack starts on a page of its own and runs to where the next hack, section, part or the
    index starts."""
    starts = {anchor: index for anchor, (index, _) in positions.items()
              if ids.kind(anchor) in ("hack", "part", "section") or anchor == ids.TAG_INDEX}
    hack_anchors = [hack.anchor for hack in guide.hacks]
    return {ids.slug_of_hack(anchor): indexes
            for anchor, indexes in spans(starts, page_count, hack_anchors).items()}


def over_budget(guide: Guide, filled: dict[str, range]) -> list[Problem]:
    """Hacks that fill more pages than their budget (`pages:`, 1 unless it says 2): each
    hack is a handout of its own, so it must end where its budget does."""
    return [_over_budget(hack, len(filled[hack.slug]))
            for hack in guide.hacks if len(filled.get(hack.slug, ())) > hack.pages]


def _over_budget(hack: Hack, pages: int) -> Problem:
    words = hack_words(hack)
    # About this many words too many: by the page's usual load, or by the share of pages
    # over (for a hack whose picture or pull quote takes the room), whichever is more.
    cut = max(10, -(-(words - WORDS_PER_PAGE * hack.pages) // 10) * 10,
              round(words * (pages - hack.pages) / pages / 10) * 10)
    budget = ("its budget is one page" if hack.pages == 1 else
              f"its budget is {hack.pages} pages ('pages: {hack.pages}')")
    more = (" An emergency hack that needs the room may say 'pages: 2' in its settings."
            if hack.pages < MAX_BUDGET else "")
    if not hack.pictures:
        return Problem(hack.path, hack.body_line,
                       f"this hack fills {pages} pages, and {budget}. Cut about {cut} words "
                       f"(it has {words}; about {WORDS_PER_PAGE} fit on a page).{more}")
    src, line = hack.pictures[0]
    others = len(hack.pictures) - 1
    return Problem(hack.path, line,
                   f"this hack fills {pages} pages, with the picture '{src}'"
                   f"{f' and {others} more' if others else ''} in it, and {budget}. Use a "
                   "wider, less tall picture (a picture prints at most a third of a page "
                   f"tall), or cut about {cut} words (it has {words}).{more}")


def card_fit(guide: Guide, positions: dict[str, tuple[int, float]], card_words: dict[str, int],
             too_long: dict[str, float]) -> tuple[dict[str, range], list[Problem]]:
    """The page index of each card that fits on one page, and a problem for each card
    that does not even at the smallest type (`too_long`: how far past its page it runs;
    a card not measured runs over when its end mark, after its foot, is on a later page;
    `card_words`: the words on each hack's card)."""
    fitting, problems = {}, []
    for hack in guide.hacks:
        anchor = ids.card(hack.slug)
        if anchor not in positions:
            continue
        first = positions[anchor][0]
        over = too_long.get(hack.slug, 0.0) or card_over(positions, hack.slug)
        if not over:
            fitting[hack.slug] = range(first, first + 1)
            continue
        problems.append(card_too_long(hack, over, card_words[hack.slug]))
    return fitting, problems


def card_over(positions: dict[str, tuple[int, float]], slug: str) -> float:
    """How far one card runs past its page, as a share of a page (0: it fits)."""
    first, _ = positions[ids.card(slug)]
    end_index, end_height = positions.get(ids.card_end(slug), (first, 0.0))
    return 0.0 if end_index == first else end_index - first - 1 + end_height


def card_too_long(hack: Hack, over: float, words: int, *, built: bool = True) -> Problem:
    """`built`: said by the build, which made the other cards; else by `check`."""
    cut = max(10, round(words * over / (1 + over) / 5) * 5)
    then = ("The other cards and editions were still made." if built else
            "The build of the wall cards (make editions) would stop at it.")
    return Problem(
        hack.path, hack.line_of("summary"),
        f"the wall card of {hack.number} does not fit on one page at 14 pt: it runs "
        f"{over:.0%} of a page too long. Shorten the summary or the steps under 'Try "
        f"this' by about {cut} words (the card has {words}). {then}")
