"""Render the checked guide to one HTML document with the Jinja2 templates in layout/."""

from __future__ import annotations

from pathlib import Path

import jinja2
from markupsafe import Markup

from . import markup
from .errors import BuildFailed, Problem
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
    try:
        return environment.get_template(TEMPLATE).render(
            guide=guide,
            settings=guide.settings,
            paper=paper,
            page_size=PAPER_SIZES[paper],
            stylesheet=(layout_dir / "guide.css").resolve().as_uri(),
        )
    except jinja2.TemplateSyntaxError as error:
        where = Path(error.filename) if error.filename else layout_dir / TEMPLATE
        raise BuildFailed([Problem(where, error.lineno,
                                   f"the template cannot be read: {error.message}. Undo the "
                                   "last change to it.")]) from None
    except jinja2.TemplateNotFound as error:
        raise BuildFailed([Problem(layout_dir / str(error.name), None,
                                   "this template is missing. Restore it from the project's "
                                   "history.")]) from None
    except jinja2.UndefinedError as error:
        raise BuildFailed([Problem(layout_dir / TEMPLATE, None,
                                   f"a template names something that does not exist "
                                   f"({error.message}). Undo the last change to the "
                                   "templates.")]) from None
