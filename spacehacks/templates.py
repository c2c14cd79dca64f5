"""The Jinja2 templates in layout/, for every edition (PDF and web): one environment with
the same escaping, the same filters and the ids (ids.py), and one way of turning a
template's mistake into a message."""

from __future__ import annotations

from pathlib import Path

import jinja2
from jinja2.loaders import split_template_path
from markupsafe import Markup

from . import ids, paths
from .errors import BuildFailed, Problem
from .markup import convert as markup


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


def environment(layout_dir: Path) -> jinja2.Environment:
    """Every value is escaped unless a filter made it HTML from checked Markdown."""
    result = jinja2.Environment(
        loader=_LayoutLoader(layout_dir),
        autoescape=True,
        undefined=jinja2.StrictUndefined,  # a typo in a template fails loudly
        trim_blocks=True,
        lstrip_blocks=True,
    )
    result.filters["inline"] = lambda text: Markup(markup.inline(text))
    result.filters["long_date"] = _long_date
    result.filters["compounds"] = lambda text: Markup(markup.keep_compounds_whole(text))
    # A hack's text (its `##` as h2) placed under a heading of the given level.
    result.filters["headings_under"] = lambda html, level: Markup(
        markup.headings_under(str(html), level))
    # "Syringe services programs" -> "syringe services programs", mid-sentence; keeps "MOUD".
    result.filters["lower_first"] = lambda text: text[:1].lower() + text[1:]
    result.globals["ids"] = ids  # every id an edition's HTML gives (ids.py)
    return result


def render(env: jinja2.Environment, layout_dir: Path, template: str, **context) -> str:
    """One template, rendered; its mistakes become a message naming the template."""
    try:
        return env.get_template(template).render(**context)
    except jinja2.TemplateSyntaxError as error:
        where = Path(error.filename) if error.filename else layout_dir / template
        raise BuildFailed([Problem(where, error.lineno,
                                   f"the template cannot be read: {error.message}. Undo the "
                                   "last change to it.")]) from None
    except jinja2.TemplateNotFound as error:
        raise BuildFailed([Problem(layout_dir / str(error.name), None,
                                   "this template is missing. Restore it from the project's "
                                   "history.")]) from None
    except jinja2.UndefinedError as error:
        raise BuildFailed([Problem(layout_dir / template, None,
                                   f"a template names something that does not exist "
                                   f"({error.message}). Undo the last change to the "
                                   "templates.")]) from None
