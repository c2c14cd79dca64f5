"""Render the checked guide to one HTML document per edition, with the Jinja2 templates
in layout/."""

from __future__ import annotations

import functools
import re
from pathlib import Path

import jinja2
from markupsafe import Markup

from .. import templates
from ..editions.edition import Edition
from .numbers import PageNumbers
from ..reading.model import Guide

# A link to a hack in a body, as the markup rules write it.
HACK_LINK = re.compile(r'<a class="xref" href="#([a-z0-9-]+)">(.*?)</a>', re.S)


@functools.lru_cache(maxsize=4)
def _environment(layout_dir: Path) -> jinja2.Environment:
    """One environment per layout folder: Jinja2 compiles each template once, and again
    only when its file changes (watch renders the guide after every save)."""
    environment = templates.environment(layout_dir)
    environment.filters["local_links"] = jinja2.pass_context(
        lambda context, html: Markup(_local_links(html, context["guide"],
                                                  context["numbers"])))
    return environment


def render_html(guide: Guide, edition: Edition, layout_dir: Path,
                numbers: PageNumbers) -> str:
    return templates.render(
        _environment(layout_dir), layout_dir, edition.template,
        guide=guide,
        settings=guide.settings,
        edition=edition,
        numbers=numbers,
        page=numbers.page,
        guide_page=numbers.guide_page,
        here=numbers.is_here,
        stylesheets=[(layout_dir / name).resolve().as_uri() for name in edition.stylesheets],
    )


def _local_links(html: str, guide: Guide, numbers: PageNumbers) -> str:
    """Links in a text to hacks this edition leaves out become plain text that says where
    the hack is in the full guide: a handout has no link that goes nowhere."""
    if numbers.here is None:  # the whole guide: every hack is here
        return html
    numbers_by_anchor = {hack.anchor: hack.number for hack in guide.hacks}

    def replace(match: re.Match) -> str:
        anchor, text = match.groups()
        if numbers.is_here(anchor):
            return match.group(0)
        return (f'{text} ({numbers_by_anchor.get(anchor, "")}, guide page '
                f"{numbers.guide_page(anchor)})")

    return HACK_LINK.sub(replace, html)
