"""Render the checked guide to one HTML document per edition, with the Jinja2 templates
in layout/."""

from __future__ import annotations

import re
from pathlib import Path

import jinja2
from jinja2.loaders import split_template_path
from markupsafe import Markup

from ..markup import convert as markup
from .. import paths
from ..editions.edition import Edition
from ..errors import BuildFailed, Problem
from .numbers import PageNumbers
from ..reading.model import Guide

# A link to a hack in a body, as the markup rules write it.
HACK_LINK = re.compile(r'<a class="xref" href="#(hack-[a-z0-9-]+)">(.*?)</a>', re.S)
def _long_date(value) -> str:
    return f"{value:%B} {value.day}, {value.year}"


class _LayoutLoader(jinja2.FileSystemLoader):
    """Templates are files inside layout/: a link (symlink) to a file elsewhere is not
    read, or a pull request could print any file of the machine into the PDF."""

    def __init__(self, layout_dir: Path):
        super().__init__(layout_dir)
        self.layout_dir = layout_dir

    def get_source(self, environment, template):
        path = self.layout_dir.joinpath(*split_template_path(template))
        refused = paths.refused_link(self.layout_dir, path, "template")
        if refused:
            raise BuildFailed([Problem(refused[0], None, refused[1])])
        return super().get_source(environment, template)


def render_html(guide: Guide, edition: Edition, layout_dir: Path,
                numbers: PageNumbers) -> str:
    environment = jinja2.Environment(
        loader=_LayoutLoader(layout_dir),
        autoescape=True,
        undefined=jinja2.StrictUndefined,  # a typo in a template fails loudly
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["inline"] = lambda text: Markup(markup.inline(text))
    environment.filters["long_date"] = _long_date
    environment.filters["compounds"] = lambda text: Markup(markup.keep_compounds_whole(text))
    # "Syringe services programs" -> "syringe services programs", mid-sentence; keeps "MOUD".
    environment.filters["lower_first"] = lambda text: text[:1].lower() + text[1:]
    environment.filters["local_links"] = lambda html: Markup(_local_links(html, guide, numbers))
    try:
        return environment.get_template(edition.template).render(
            guide=guide,
            settings=guide.settings,
            edition=edition,
            page=numbers.page,
            guide_page=numbers.guide_page,
            here=numbers.is_here,
            stylesheets=[(layout_dir / name).resolve().as_uri() for name in edition.stylesheets],
        )
    except jinja2.TemplateSyntaxError as error:
        where = Path(error.filename) if error.filename else layout_dir / edition.template
        raise BuildFailed([Problem(where, error.lineno,
                                   f"the template cannot be read: {error.message}. Undo the "
                                   "last change to it.")]) from None
    except jinja2.TemplateNotFound as error:
        raise BuildFailed([Problem(layout_dir / str(error.name), None,
                                   "this template is missing. Restore it from the project's "
                                   "history.")]) from None
    except jinja2.UndefinedError as error:
        raise BuildFailed([Problem(layout_dir / edition.template, None,
                                   f"a template names something that does not exist "
                                   f"({error.message}). Undo the last change to the "
                                   "templates.")]) from None


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
