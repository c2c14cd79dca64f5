"""Render the checked guide to one HTML document per edition, with the Jinja2 templates
in layout/."""

from __future__ import annotations

import functools
import re
from pathlib import Path

import jinja2
from markupsafe import Markup, escape

from .. import templates
from ..editions import addresses
from ..editions.edition import Edition
from .numbers import PageNumbers
from .qr import Drawn
from ..reading.model import Guide

# One pass over a text's HTML finds, in order: a link to a hack (as the markup rules
# write it), the start of a block (where parentheses start again from none), any other
# tag (skipped, so a parenthesis in an attribute is not counted), and each parenthesis.
REFERENCE_SCAN = re.compile(
    r'(?P<link><a class="xref" href="#(?P<anchor>[^"]+)">(?P<words>.*?)</a>)'
    r'|(?P<block><(?:p|li|td|th|h[1-6]|dd|dt|div|blockquote|figcaption)\b[^>]*>)'
    r'|<[^>]*>|(?P<paren>[()])', re.S)
SEE_BEFORE = re.compile(r"\bsee\s*$", re.I)


@functools.lru_cache(maxsize=4)
def _environment(layout_dir: Path) -> jinja2.Environment:
    """One environment per layout folder: Jinja2 compiles each template once, and again
    only when its file changes (watch renders the guide after every save). The filters
    read the guide and its page numbers from what each render is given."""
    environment = templates.environment(layout_dir)
    environment.filters["references"] = jinja2.pass_context(
        lambda context, html: Markup(_references(
            html, context["guide"], context["numbers"],
            environment.get_template("partials/reference.html").module)))
    # A title never ends on a lone word: its last two words are kept together.
    environment.filters["last_words_together"] = lambda html: Markup(_last_words_together(html))
    # A printed address breaks before the page's own name, never at one of its hyphens
    # (which would read as a word broken in two, not as part of the address).
    environment.filters["address"] = lambda url: Markup(_address(url))
    # The licence's name, its first sentence: "Creative Commons ... (CC BY-NC-SA 4.0)."
    environment.filters["licence_name"] = lambda text: text.split(". ", 1)[0].rstrip(".")
    return environment


def _address(url: str) -> str:
    base, slash, name = url.rstrip("/").rpartition("/")
    if not slash or "//" not in base:  # no name after the site's own address
        return str(escape(url))
    tail = name + url[len(base) + 1 + len(name):]
    return f'{escape(base)}/<wbr><span class="address-name">{escape(tail)}</span>'


# WeasyPrint 70 breaks a line at its first space instead of the last one that fits when
# the break falls on the space just before an inline element ("• A" alone on a line, then
# the rest of the call rule). The space goes inside a link or bold words; before a span
# (which may be one that does not wrap, such as a compound word), into a span of its own.
SPACE_BEFORE_INLINE = re.compile(
    r"(?<=\S) (?:(<(?:a|strong|em|b|i|cite|abbr)\b[^>]*>)|(<(?:span|code)\b[^>]*>))")


def _breakable(html: str) -> str:
    return SPACE_BEFORE_INLINE.sub(
        lambda found: f"{found[1]} " if found[1] else f"<span> </span>{found[2]}", html)


def render_html(guide: Guide, edition: Edition, layout_dir: Path,
                numbers: PageNumbers, drawn: Drawn | None = None, *,
                card_fits: dict | None = None) -> str:
    return _breakable(_render(guide, edition, layout_dir, numbers, drawn, card_fits))


def _render(guide: Guide, edition: Edition, layout_dir: Path, numbers: PageNumbers,
            drawn: Drawn | None, card_fits: dict | None) -> str:
    return templates.render(
        _environment(layout_dir), layout_dir, edition.template,
        guide=guide,
        settings=guide.settings,
        edition=edition,
        numbers=numbers,
        page=numbers.page,
        guide_page=numbers.guide_page,
        here=numbers.is_here,
        # The way back from paper: a place's web address (None without `website:`), and
        # the URL of its QR code.
        address=lambda place=addresses.HOME: addresses.address(guide.settings.website, place),
        qr=(drawn or Drawn()).qr,
        card_fits=card_fits or {},  # wall cards: each card's type size and title width
        stylesheets=[(layout_dir / name).resolve().as_uri() for name in edition.stylesheets],
    )


def _references(html: str, guide: Guide, numbers: PageNumbers, templates) -> str:
    """Every link to a hack in a text, printed with the hack's number and page
    (layout/partials/reference.html says how): a link to its page where the hack is in
    this edition, else plain text naming the full guide's page. One pass: linear."""
    hacks = {hack.anchor: hack for hack in guide.hacks}
    out, done, depth, block_start = [], 0, 0, 0
    for match in REFERENCE_SCAN.finditer(html):
        if match.group("block"):
            depth, block_start = 0, match.end()
        elif match.group("paren"):
            depth = depth + 1 if match.group("paren") == "(" else max(0, depth - 1)
        hack = hacks.get(match.group("anchor")) if match.group("link") else None
        if hack is None:
            continue
        before = _plain(html[max(block_start, match.start() - 80):match.start()])
        here = numbers.is_here(hack.anchor)
        out.append(html[done:match.start()])
        out.append(str(templates.reference(
            hack, Markup(match.group("words")), f"#{hack.anchor}",
            numbers.page(hack.anchor) if here else "", numbers.guide_page(hack.anchor),
            depth > 0, bool(SEE_BEFORE.search(before)))))
        done = match.end()
    out.append(html[done:])
    return "".join(out)


def _last_words_together(html: str) -> str:
    """The title's last two words in a span that does not break (a no-break space would
    change the title's text for search, copying and the structure tree)."""
    head, space, last = str(html).rpartition(" ")
    before, space_before, second = head.rpartition(" ")
    if not space or any(mark in second + last for mark in "<>"):
        return str(html)
    return f'{before}{space_before}<span class="keep-together">{second} {last}</span>'


def _plain(html: str) -> str:
    return re.sub(r"<[^>]*>", "", html)
