"""What the build would refuse once laid out, found by `check` before any build: a hack
past its page budget, a wall card too long for its page.

Only layout can tell, so `check` lays out what it cannot know otherwise. A hack (or card)
whose HTML has not changed, laid out with the same layout, fonts, builder and libraries,
fills the same pages: every build and every check remembers, for each hack and card, the
pages it filled under a key made from its own HTML (as excerpt.py cuts it from the
edition, with what shares its pages). The others are laid out, each alone (a fraction of
a second each) or, when many changed (nothing remembered yet, a new stylesheet), the
whole guide or all the cards at once.

Adding or moving a hack (`new`, `move`) changes the numbers nearly every hack and card
prints: its own, those of the hacks it points at, the pages they are on. Only the width
of those few numbers changes, and a wider number can only add a page where the text
already nearly fills its last page. So each count is also remembered under a second key,
of the HTML with the hack and page numbers taken out, with the room left on its last
page; that count is trusted only with at least ROOM of a page to spare, either way (the
last page neither nearly full nor nearly empty). The rest are laid out again.

What is remembered is kept outside the project, in the user's cache folder
(~/.cache/space-hacks, or SPACEHACKS_CACHE): `check` writes nothing in the project, and
nothing a pull request commits can claim a page count.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
from pathlib import Path

from .. import ids
from ..editions.edition import PAPERS, cards as cards_edition, guide as guide_edition
from ..editions.plan import places
from ..errors import Problem
from ..pdf.excerpt import Elements
from ..pdf.numbers import PageNumbers
from ..pdf.qr import Drawn
from ..pdf.render import render_html
from ..pdf.spans import card_over, card_too_long, over_budget
from ..progress import QUIET, Progress
from ..reading.model import Guide
from ..reading.style import card_words
from .inputs import layout_fingerprint
from .manifest import Manifest
from .output import write_atomically

ALONE_AT_MOST = 20  # more changed than this: lay out the whole edition once instead
# Room to spare on the last page for a count measured under other numbers to hold. With
# the numbers at their most different (every hack and page number printed as 1, then as
# 000), the end of the shipped hacks and wall cards moved by at most 0.048 of a page
# (two cards with less room than that ran over): ROOM is about 1.7 times that.
ROOM = 0.08
PAGE_NUMBER = re.compile(r"\bpage \d+")


def _key(html: str) -> str:
    return hashlib.sha256(html.encode("utf-8")).hexdigest()[:24]


class _Keys:
    """The two keys of each excerpt of one rendering: its HTML, and its HTML without the
    hack numbers and page numbers it prints."""

    def __init__(self, guide: Guide):
        numbers = sorted((hack.number for hack in guide.hacks if hack.number),
                         key=len, reverse=True)
        self.hack_number = re.compile(
            r"\b(?:" + "|".join(map(re.escape, numbers)) + r")(?!\d)") if numbers else None

    def __call__(self, html: str) -> tuple[str, str]:
        plain = PAGE_NUMBER.sub("page #", html)
        if self.hack_number is not None:
            plain = self.hack_number.sub("#-#", plain)
        return _key(html), "numbers out " + _key(plain)


def _starts(guide: Guide) -> dict[str, int]:
    """Where each hack, section and part starts, as the stylesheet places them: every hack
    on a page of its own, a section's title on the page of its first hack, a part's
    opening on pages before its hacks. (Keys only; the pages are counted by layout.)"""
    starts = {}
    for index, hack in enumerate(guide.hacks):
        starts[hack.anchor] = index + 1
    for part in guide.parts:
        starts[part.anchor] = -1
        for section in part.titled_sections:
            if section.hacks:
                starts[section.anchor] = starts[section.hacks[0].anchor]
    return starts


def hack_keys(guide: Guide, html: str) -> dict[str, tuple[str, str]]:
    """Each hack's name -> the keys of its HTML as it lies in the guide (_Keys)."""
    starts = _starts(guide)
    elements = Elements(html, [hack.anchor for hack in guide.hacks])
    key = _Keys(guide)
    keys = {}
    for hack in guide.hacks:
        cut = elements.excerpt(hack.anchor, starts[hack.anchor], starts)
        if cut is not None:
            keys[hack.slug] = key(cut.html)
    return keys


def card_keys(guide: Guide, html: str) -> dict[str, tuple[str, str]]:
    elements = Elements(html, [ids.card(hack.slug) for hack in guide.hacks])
    key = _Keys(guide)
    keys = {}
    for hack in guide.hacks:
        cut = elements.excerpt(ids.card(hack.slug), 0, {})
        if cut is not None:
            keys[hack.slug] = key(cut.html)
    return keys


class _Remembered:
    """Page counts and card overruns by the key of their HTML, for one layout (its
    fingerprint names the file)."""

    AT_MOST = 20_000  # entries; more, and the file starts afresh

    def __init__(self, root: Path):
        folder = os.environ.get("SPACEHACKS_CACHE") or Path(
            os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "space-hacks"
        self.path = Path(folder) / f"measured-{layout_fingerprint(root)[:24]}.json"
        try:
            self.values = json.loads(self.path.read_text(encoding="utf-8"))
            if not isinstance(self.values, dict):
                raise ValueError
        except (OSError, ValueError):
            self.values = {}
        self.changed = False

    def get(self, keys: tuple[str, str]):
        """What was measured of this HTML, or of the same HTML with other numbers where
        that left room to spare (ROOM)."""
        exact, numbers_out = keys
        value = self.values.get(exact)
        if value is not None:
            return value
        value = self.values.get(numbers_out)
        if isinstance(value, list) and len(value) == 2 and ROOM <= value[1] <= 1 - ROOM:
            return value[0]
        return None

    def measured(self, keys: tuple[str, str], value, room: float | None) -> None:
        exact, numbers_out = keys
        self.put(exact, value)
        if room is not None:
            self.put(numbers_out, [value, round(room, 4)])

    def put(self, key: str, value) -> None:
        if self.values.get(key) != value:
            if len(self.values) >= self.AT_MOST:
                self.values = {}
            self.values[key] = value
            self.changed = True

    def save(self) -> None:
        if not self.changed:
            return
        with contextlib.suppress(OSError):  # a cache: without it, check lays out more
            write_atomically(self.path, json.dumps(self.values, sort_keys=True).encode())


def remember(made, guide: Guide, root: Path) -> None:
    """What a build laid out of the guide or the cards, for the next check."""
    if made.edition.kind == "guide" and made.spans is not None:
        keys = hack_keys(guide, made.html)
        values = {slug: len(pages) for slug, pages in made.spans.items()}
    elif made.edition.kind == "cards" and made.card_overruns is not None:
        keys = card_keys(guide, made.html)
        values = {slug: round(over, 4) for slug, over in made.card_overruns.items()}
    else:
        return
    remembered = _Remembered(root)
    for slug, value in values.items():
        if slug in keys:
            remembered.measured(keys[slug], value, (made.rooms or {}).get(slug))
    remembered.save()


class Measures:
    """Lays out what is not remembered, and says what the build would refuse."""

    def __init__(self, guide: Guide, root: Path, progress: Progress = QUIET):
        self.guide = guide
        self.root = root
        self.progress = progress
        self.manifest = Manifest(root / "output")  # the page numbers the guide prints
        self.remembered = _Remembered(root)

    def problems(self) -> list[Problem]:
        try:
            return self.over_budget() + self.long_cards()
        finally:
            self.remembered.save()

    def _known(self, keys: dict[str, tuple[str, str]]) -> dict[str, float]:
        known = {slug: self.remembered.get(key) for slug, key in keys.items()}
        return {slug: value for slug, value in known.items() if value is not None}

    def over_budget(self) -> list[Problem]:
        guide = self.guide
        edition = guide_edition((PAPERS["letter"],), guide.settings.title)
        known = self.manifest.page_numbers(edition.key)
        drawn = Drawn()
        html = render_html(guide, edition, self.root / "layout", PageNumbers(None, known), drawn)
        keys = hack_keys(guide, html)
        pages = {slug: int(count) for slug, count in self._known(keys).items()}
        missing = [hack for hack in guide.hacks if hack.slug not in pages]
        if len(missing) > ALONE_AT_MOST:
            from ..pdf.edition import make_edition

            self.progress.step(f"laying out the guide to check the page budgets of "
                               f"{len(missing)} hacks")
            made = make_edition(guide, edition, self.root, known, None, write=False,
                                progress=_Quiet(self.progress))
            pages.update({slug: len(span) for slug, span in made.spans.items()})
            for hack in missing:  # under this HTML's keys (its page numbers may differ)
                if hack.slug in keys and hack.slug in pages:
                    self.remembered.measured(keys[hack.slug], pages[hack.slug],
                                             (made.rooms or {}).get(hack.slug))
        elif missing:
            from ..pdf.edition import lay_out_alone

            starts = _starts(guide)
            elements = Elements(html, [hack.anchor for hack in missing])
            self.progress.step("laying out the hacks changed since they were last measured",
                               len(missing), unit="hack")
            for done, hack in enumerate(missing, start=1):
                cut = elements.excerpt(hack.anchor, starts[hack.anchor], starts)
                laid = lay_out_alone(guide, edition, self.root, cut.html, drawn)
                pages[hack.slug] = laid.page_count
                self.remembered.measured(keys[hack.slug], laid.page_count,
                                         laid.room(laid.page_count - 1))
                self.progress.advance(done)
        self.progress.end_step()
        return over_budget(guide, {slug: range(count) for slug, count in pages.items()})

    def long_cards(self) -> list[Problem]:
        guide = self.guide
        edition = cards_edition((PAPERS["letter"],), guide.settings.title)
        guide_pages = self.manifest.page_numbers(guide_edition((), guide.settings.title).key)
        known = self.manifest.page_numbers(edition.key)
        drawn = Drawn()  # each card at the smallest type: its fit is what the build checks
        html = render_html(guide, edition, self.root / "layout",
                           PageNumbers(places(edition, guide), known, guide_pages), drawn)
        keys = card_keys(guide, html)
        over = self._known(keys)
        missing = [hack for hack in guide.hacks if hack.slug not in over]
        if len(missing) > ALONE_AT_MOST:
            from ..pdf.edition import lay_out_alone

            # Every card once, at the smallest type (as rendered above): what the build
            # refuses is a card too long at that size, whatever size it then chooses.
            self.progress.step(f"laying out the wall cards to check that {len(missing)} "
                               "fit their page", len(guide.hacks))
            laid = lay_out_alone(guide, edition, self.root, html, drawn,
                                 progress=_Quiet(self.progress))
            positions = laid.positions()
            for hack in missing:
                if ids.card(hack.slug) not in positions:
                    continue
                over[hack.slug] = card_over(positions, hack.slug)
                end = positions.get(ids.card_end(hack.slug), positions[ids.card(hack.slug)])
                self.remembered.measured(keys[hack.slug], round(over[hack.slug], 4),
                                         laid.room(end[0]))
        elif missing:
            from ..pdf.edition import lay_out_alone

            elements = Elements(html, [ids.card(hack.slug) for hack in missing])
            self.progress.step("laying out the wall cards changed since they were last "
                               "measured", len(missing), unit="card")
            for done, hack in enumerate(missing, start=1):
                cut = elements.excerpt(ids.card(hack.slug), 0, {})
                laid = lay_out_alone(guide, edition, self.root, cut.html, drawn)
                over[hack.slug] = card_over(laid.positions(), hack.slug)
                self.remembered.measured(keys[hack.slug], round(over[hack.slug], 4),
                                         laid.room(laid.page_count - 1))
                self.progress.advance(done)
        self.progress.end_step()
        return [card_too_long(hack, over[hack.slug], card_words(hack), built=False)
                for hack in guide.hacks if over.get(hack.slug, 0) > 0]


class _Quiet(Progress):
    """Pages of a whole layout counted under the step `check` named (not its own)."""

    def __init__(self, progress: Progress):
        self.progress = progress

    def advance(self, done: int) -> None:
        self.progress.advance(done)
