"""Wall cards made for a wall: each card at the largest type size at which it still fits
its page (14 pt at least, 20 at most), with its title's lines balanced.

Both are found on the laid-out pages, not guessed from word counts. The first layout
(at the sizes of the last build, else 14 pt) says how full each card is: its text grows
with the square of the type size (its foot does not), so that gives the size to try. A
card that then runs over steps down a size; the largest size known to run over is its
ceiling, so a card never tries it again. Titles: a title of several lines gets the width
that shares its words evenly between them (the lines' total width over their count), and
its last two words stay together, so no title ends on a lone word. What was found is
kept in the manifest: the next build starts there.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

SIZES = (20, 19, 18, 17, 16, 15, 14)  # pt, largest first
SMALLEST = SIZES[-1]
# How full a card may plan to be when it chooses a larger size: room for what the
# square law does not see (a line that wraps one word sooner).
SLACK = 0.97
FOOT = 0.14  # about the share of the page the foot takes, at every size


@dataclass
class CardFit:
    size: int = SMALLEST  # body type, pt
    ceiling: int = SIZES[0] + 1  # the smallest size known to run over
    title_width: float = 0.0  # pt; 0: the title takes the full width
    fitted: tuple[int, float] | None = None  # the largest (size, title width) seen to fit
    balance: bool = True  # False once a balanced title made the card run over
    too_long: float = 0.0  # how far past its page it runs at the smallest size

    def to_list(self) -> list:
        """For the manifest: a title width of -1 says a balanced title did not fit."""
        return [self.size, self.ceiling, round(self.title_width, 1) if self.balance else -1]

    @classmethod
    def from_list(cls, values) -> CardFit:
        """A fit kept by the last build: a start, to be checked."""
        try:
            size, ceiling, width = values
            if size in SIZES and isinstance(ceiling, int) and isinstance(width, (int, float)):
                return cls(size, ceiling, max(0.0, float(width)), balance=width >= 0)
        except (TypeError, ValueError):
            pass
        return cls()


def known(fits: dict | None, slugs) -> dict[str, CardFit]:
    """The fits of the last build (anything odd in the manifest starts afresh)."""
    fits = fits if isinstance(fits, dict) else {}
    return {slug: CardFit.from_list(fits.get(slug)) for slug in slugs}


def refit(fits: dict[str, CardFit], measured: dict[str, tuple[float, list[float]]], *,
          last: bool = False) -> bool:
    """Adjust each card from what one layout measured: slug -> (how full its page is, 1
    when just full and more when it runs over; its title's line widths in pt). Returns
    whether anything changed, so the cards must be laid out again. With `last`, the next
    layout is the one written: each card takes the largest size seen to fit."""
    changed = False
    for slug, (fill, title_lines) in measured.items():
        fit = fits[slug]
        now = (fit.size, fit.title_width)
        if fill <= 1 and (fit.fitted is None or fit.size >= fit.fitted[0]):
            fit.fitted = now
        if fit.too_long:
            continue
        if fill > 1 and fit.size == SMALLEST and not fit.title_width:
            fit.too_long, changed = fill - 1, True
            continue
        if fill > 1:
            if fit.title_width:
                fit.balance = False  # the balanced title took a line too many
            else:
                fit.ceiling = min(fit.ceiling, fit.size)
        if last or fill > 1:
            below = (next((s for s in SIZES if s < fit.size), SMALLEST), 0.0)
            wanted = fit.fitted or (now if fill <= 1 else below)
        else:
            room = fit.size * math.sqrt((SLACK - FOOT) / max(fill - FOOT, 0.05))
            larger = next((s for s in SIZES if fit.size < s <= room and s < fit.ceiling), None)
            if larger:
                wanted = (larger, 0.0)
            elif fit.balance:
                wanted = (fit.size, balanced_width(title_lines, fit.title_width))
            else:
                wanted = now
        if wanted != now:
            fit.size, fit.title_width = wanted
            changed = True
    return changed


def rooms(fits: dict[str, CardFit], measured: dict[str, tuple[float, list[float]]],
          ) -> dict[str, float]:
    """The room each card leaves on its last page at the smallest type (share of a page),
    from how full one layout found it: at a larger size than the smallest, its room at
    the smallest is at least what it leaves at its own size."""
    found = {}
    for slug, (fill, _) in measured.items():
        if slug in fits and (fill <= 1 or fits[slug].size == SMALLEST):
            found[slug] = 1 - (fill - math.floor(fill) if fill > 1 else fill)
    return found


def balanced_width(lines: list[float], current: float) -> float:
    """The title width that shares its words evenly over its lines: the lines' total over
    their count, with room for a word to land on either side of a break. A title of one
    line keeps its width; one still uneven at its width (a long word took a line of its
    own) gets a tenth more."""
    if len(lines) < 2:
        return current
    if current:
        return current if min(lines) >= 0.6 * max(lines) else round(current * 1.1, 1)
    return round(sum(lines) / len(lines) * 1.08 + 6, 1)
