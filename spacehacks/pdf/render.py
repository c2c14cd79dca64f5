"""Render the checked guide to one HTML document per edition, with the Jinja2 templates
in layout/."""

from __future__ import annotations

import re
from pathlib import Path

from markupsafe import Markup

from .. import templates
from ..editions.edition import Edition
from .numbers import PageNumbers
from ..reading.model import Guide

# A link to a hack in a body, as the markup rules write it.
HACK_LINK = re.compile(r'<a class="xref" href="#([a-z0-9-]+)">(.*?)</a>', re.S)


def render_html(guide: Guide, edition: Edition, layout_dir: Path,
                numbers: PageNumbers) -> str:
    environment = templates.environment(layout_dir)
    environment.filters["local_links"] = lambda html: Markup(_local_links(html, guide, numbers))
    return templates.render(
        environment, layout_dir, edition.template,
        guide=guide,
        settings=guide.settings,
        edition=edition,
        page=numbers.page,
        guide_page=numbers.guide_page,
        here=numbers.is_here,
        stylesheets=[(layout_dir / name).resolve().as_uri() for name in edition.stylesheets],
    )


def _local_links(html: str, guide: Guide, numbers: PageNumbers) -> str:
    """Links in a text to hacks this edition leaves out become plain text that says where
    the hack is in the full guide: a handout has no link that goes nowhere."""
    numbers_by_anchor = {hack.anchor: hack.number for hack in guide.hacks}

    def replace(match: re.Match) -> str:
        anchor, text = match.groups()
        if numbers.is_here(anchor):
            return match.group(0)
        return (f'{text} ({numbers_by_anchor.get(anchor, "")}, guide page '
                f"{numbers.guide_page(anchor)})")

    return HACK_LINK.sub(replace, html)
