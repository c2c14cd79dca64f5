"""What the build would refuse once laid out, found by `check` before any build: a hack
past its page budget, a wall card too long for its page.

Only layout can tell, so `check` lays out what it cannot know otherwise. A hack (or card)
whose HTML has not changed, laid out with the same layout, fonts, builder and libraries,
fills the same pages: every build and every check remembers, for each hack and card, the
pages it filled under a key made from its own HTML (as excerpt.py cuts it from the
edition, with what shares its pages). The others are laid out, each alone (a fraction of
a second each) or, when many changed (nothing remembered yet, a new stylesheet), the
whole guide or all the cards at once.

What is remembered is kept outside the project, in the user's cache folder
(~/.cache/space-hacks, or SPACEHACKS_CACHE): `check` writes nothing in the project, and
nothing a pull request commits can claim a page count.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
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


def _key(html: str) -> str:
    return hashlib.sha256(html.encode("utf-8")).hexdigest()[:24]


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


def hack_keys(guide: Guide, html: str) -> dict[str, str]:
    """Each hack's name -> the key of its HTML as it lies in the guide."""
    starts = _starts(guide)
    elements = Elements(html, [hack.anchor for hack in guide.hacks])
    keys = {}
    for hack in guide.hacks:
        cut = elements.excerpt(hack.anchor, starts[hack.anchor], starts)
        if cut is not None:
            keys[hack.slug] = _key(cut.html)
    return keys


def card_keys(guide: Guide, html: str) -> dict[str, str]:
    elements = Elements(html, [ids.card(hack.slug) for hack in guide.hacks])
    keys = {}
    for hack in guide.hacks:
        cut = elements.excerpt(ids.card(hack.slug), 0, {})
        if cut is not None:
            keys[hack.slug] = _key(cut.html)
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

    def get(self, key: str):
        return self.values.get(key)

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
        values = {keys[slug]: len(pages) for slug, pages in made.spans.items()
                  if slug in keys}
    elif made.edition.kind == "cards" and made.card_overruns is not None:
        keys = card_keys(guide, made.html)
        values = {keys[slug]: round(over, 4) for slug, over in made.card_overruns.items()
                  if slug in keys}
    else:
        return
    remembered = _Remembered(root)
    for key, value in values.items():
        remembered.put(key, value)
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

    def _known(self, keys: dict[str, str]) -> dict[str, float]:
        return {slug: self.remembered.get(key) for slug, key in keys.items()
                if self.remembered.get(key) is not None}

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
                    self.remembered.put(keys[hack.slug], pages[hack.slug])
        elif missing:
            from ..pdf.edition import lay_out_alone

            starts = _starts(guide)
            elements = Elements(html, [hack.anchor for hack in missing])
            self.progress.step("laying out the hacks changed since they were last measured",
                               len(missing), unit="hack")
            for done, hack in enumerate(missing, start=1):
                cut = elements.excerpt(hack.anchor, starts[hack.anchor], starts)
                pages[hack.slug] = lay_out_alone(guide, edition, self.root, cut.html,
                                                 drawn).page_count
                self.remembered.put(keys[hack.slug], pages[hack.slug])
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
            from ..pdf.edition import make_edition

            self.progress.step(f"laying out the wall cards to check that {len(missing)} "
                               "fit their page")
            made = make_edition(guide, edition, self.root, known, guide_pages, write=False,
                                progress=_Quiet(self.progress),
                                known_fits=self.manifest.fits(edition.key))
            over.update(made.card_overruns)
            for hack in missing:
                if hack.slug in keys and hack.slug in over:
                    self.remembered.put(keys[hack.slug], round(over[hack.slug], 4))
        elif missing:
            from ..pdf.edition import lay_out_alone

            elements = Elements(html, [ids.card(hack.slug) for hack in missing])
            self.progress.step("laying out the wall cards changed since they were last "
                               "measured", len(missing), unit="card")
            for done, hack in enumerate(missing, start=1):
                cut = elements.excerpt(ids.card(hack.slug), 0, {})
                laid = lay_out_alone(guide, edition, self.root, cut.html, drawn)
                over[hack.slug] = card_over(laid.positions(), hack.slug)
                self.remembered.put(keys[hack.slug], round(over[hack.slug], 4))
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
