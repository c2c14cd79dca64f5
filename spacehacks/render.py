"""Render the checked guide to one HTML document with the Jinja2 templates in layout/."""

from __future__ import annotations

from pathlib import Path

import jinja2
from markupsafe import Markup

from . import markup
from .model import PAPER_SIZES, Guide

TEMPLATE = "guide.html"


def _long_date(value) -> str:
    return f"{value:%B} {value.day}, {value.year}"


def render_html(guide: Guide, layout_dir: Path, paper: str) -> str:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(layout_dir),
        autoescape=True,
        undefined=jinja2.StrictUndefined,  # a typo in a template fails loudly
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["inline"] = lambda text: Markup(markup.inline(text))
    environment.filters["long_date"] = _long_date
    # "Syringe services programs" -> "syringe services programs", mid-sentence; keeps "MOUD".
    environment.filters["lower_first"] = lambda text: text[:1].lower() + text[1:]
    template = environment.get_template(TEMPLATE)
    return template.render(
        guide=guide,
        settings=guide.settings,
        paper=paper,
        page_size=PAPER_SIZES[paper],
        stylesheet=(layout_dir / "guide.css").resolve().as_uri(),
    )
