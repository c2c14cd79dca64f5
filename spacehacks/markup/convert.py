"""Markdown to HTML for one content file, with the checks that need the parsed text.

Editors write plain Markdown. What it may hold is enforced by the `rules.Rules`
extension, the same for a file's body and for every one-line setting that is Markdown:
raw HTML is refused (it could load files the guide must not read, and it breaks the
accessible structure); images must be files inside the content/ folder;
`[text](#hack-name)` links point at other hacks and are checked later.
"""

from __future__ import annotations

import copy
import re
from functools import lru_cache
import xml.etree.ElementTree as etree
from pathlib import Path

import markdown
from markdown.extensions import Extension
from markdown.extensions.toc import slugify
from markdown.treeprocessors import Treeprocessor

from ..errors import ProblemList
from .counts import Counts
from .long_words import COMPOUND, LongWords
from .passages import SharedPassages
from .prescan import too_costly
from .lines import LONGEST_NEEDLE
from .rules import MAX_NESTING, NESTED, Heading, Rules, Source, TooDeep
from .tables import Tables


class Converted:
    """The HTML of one file, and the hack links it makes (checked once all hacks are read)."""

    def __init__(self, html: str, hack_links: list[tuple[str, int]], images: dict[str, Path],
                 sections: dict[str, str], headings: list[Heading] | None = None,
                 pictures: list[tuple[str, int]] | None = None,
                 placed: list[tuple[str, int]] | None = None,
                 counts: list[tuple[str, int]] | None = None,
                 typed_numbers: list[tuple[str, int]] | None = None):
        self.html = html
        self.hack_links = hack_links  # (slug, line)
        self.images = images  # file URL -> the content file that uses it
        self.sections = sections  # `## Heading` text -> the HTML under it
        self.headings = headings or []  # every heading, as written, with its line
        self.pictures = pictures or []  # (picture as written, its line)
        self.placed = placed or []  # shared passages: (name, line of {{shared: name}})
        self.counts = counts or []  # {{hacks: what}}: (what, line), filled in by the reader
        self.typed_numbers = typed_numbers or []  # hack numbers typed as text: (it, line)


class _Sections(Treeprocessor):
    """Notes the elements under each top-level heading, so a wall card can print just the
    'Try this' steps of a hack."""

    def __init__(self, md, sections: dict[str, list]):
        super().__init__(md)
        self.sections = sections

    def run(self, root):
        top = min((child.tag for child in root if re.fullmatch(r"h[1-6]", child.tag)),
                  default=None)
        current = None
        for child in root:
            if child.tag == top:
                current = self.sections.setdefault("".join(child.itertext()).strip(), [])
            elif current is not None:
                current.append(child)


class _SectionsExtension(Extension):
    def __init__(self, sections: dict[str, list]):
        super().__init__()
        self.sections = sections

    def extendMarkdown(self, md):  # noqa: N802 - Python-Markdown's name
        md.treeprocessors.register(_Sections(md, self.sections), "space_hacks_sections", 0)




class _CompoundsWhole(Treeprocessor):
    """Keeps hyphenated words on one line. A line that ends in a hyphen makes text
    extraction and screen readers join the halves ("medicalfirst", "BY-NCSA"), so such
    words are wrapped in <span class="compound">, which the stylesheet never breaks."""

    def run(self, root):
        for element in list(root.iter()):
            if element.tag in ("code", "pre", "span"):
                continue
            children = list(element)
            element.text, kept = self._split(element.text)
            for child in children:
                child.tail, spans = self._split(child.tail)
                kept += [child, *spans]
            if len(kept) != len(children):
                element[:] = kept

    @staticmethod
    def _split(text: str | None) -> tuple[str | None, list]:
        """The text before the first compound, and a span for each compound (its tail the
        text up to the next one)."""
        if not text or "-" not in text:
            return text, []
        pieces = COMPOUND.split(text)
        spans = []
        for word, after in zip(COMPOUND.findall(text), pieces[1:]):
            span = etree.Element("span", {"class": "compound"})
            span.text, span.tail = word, after
            spans.append(span)
        return pieces[0], spans


class CompoundsWhole(Extension):
    def extendMarkdown(self, md):  # noqa: N802 - Python-Markdown's name
        md.treeprocessors.register(_CompoundsWhole(md), "space_hacks_compounds", 2)


class _ListStarts(Treeprocessor):
    """A numbered list that goes on after a shared passage starts at its own number
    (`<ol start="3">`, from sane_lists). WeasyPrint reads `start` only as a presentational
    hint, which the guide does not turn on, so the count is set in the element's style."""

    def run(self, root):
        for ol in root.iter("ol"):
            start = ol.get("start", "")
            if start.isdigit():
                ol.set("style", f"counter-reset: list-item {int(start) - 1}")


class ListStarts(Extension):
    def extendMarkdown(self, md):  # noqa: N802 - Python-Markdown's name
        md.treeprocessors.register(_ListStarts(md), "space_hacks_list_starts", 1)


HEADING_TAG = re.compile(r"<(/?)h([1-6])\b")


def headings_under(html: str, level: int) -> str:
    """A text converted with its `##` as <h2>, its headings moved to sit under a heading
    of `level`: each edition places a hack at its own depth (the guide's h3 inside a
    section, a handout's h2, a card's h1), and its outline never skips a level. Every tag
    here is one Python-Markdown wrote (raw HTML is refused), so only tags change."""
    shift = level - 1
    if not shift:
        return html
    return HEADING_TAG.sub(lambda m: f"<{m.group(1)}h{min(6, int(m.group(2)) + shift)}", html)


def keep_compounds_whole(text: str) -> str:
    """The same for plain text put into a template (the licence, a subtitle): HTML."""
    from markupsafe import escape

    return COMPOUND.sub(lambda m: f'<span class="compound">{m.group(0)}</span>', str(escape(text)))


def _serialize(md: markdown.Markdown, elements: list) -> str:
    """HTML of some elements of a converted text, as Markdown.convert would write them."""
    holder = etree.Element("div")
    holder.extend(copy.deepcopy(elements))
    html = md.serializer(holder)
    for processor in md.postprocessors:
        html = processor.run(html)
    return html.removeprefix("<div>").removesuffix("</div>").strip()


def _convert(md: markdown.Markdown, source: Source) -> str | None:
    """The HTML, or None when the text is nested past the limit or would cost
    Python-Markdown more than linear time (reported)."""
    refused = too_costly(source.text)
    if refused is not None:
        start, message = refused
        source.add(source.lines.line_at(start), message)
        return None
    try:
        return md.convert(source.text)
    except TooDeep as deep:
        source.add(_nesting_line(source, deep.text.strip().split("\n", 1)[0]), NESTED)
        return None
    finally:
        source.close()


def _nesting_line(source: Source, deepest: str) -> int:
    """The line of the text parsed deepest. Python-Markdown gives it without the marks
    in front ('a' of '> > > a'), and a word like that may stand anywhere before: so it is
    looked for first on a line that starts with a run of list and quote marks and
    indents, as a line nested that deep must (a level takes a character at least)."""
    if not deepest:
        return source.first_line
    nested = re.compile(rf"^[ \t>*+\-0-9.)]{{{MAX_NESTING // 2},}}"
                        rf"{re.escape(deepest[:LONGEST_NEEDLE])}", re.M)
    found = nested.search(source.text)
    return source.lines.line_at(found.start()) if found else source.line_of(deepest)


# Watch reads the whole guide after every save. A text that has not changed converts to
# the same HTML with the same problems, so each conversion is remembered by what it was
# given; a text with a picture is converted each time (the picture's file may change).
_REMEMBERED: dict[tuple, tuple] = {}
_REMEMBER_AT_MOST = 4096


def _remembered(key: tuple, convert_now, problems: ProblemList):
    found = _REMEMBERED.get(key)
    if found is None:
        fresh = ProblemList()
        result = convert_now(fresh)
        if len(_REMEMBERED) >= _REMEMBER_AT_MOST:
            _REMEMBERED.clear()
        _REMEMBERED[key] = found = (result, tuple(fresh.items))
    problems.items.extend(found[1])
    return found[0]


def convert(text: str, *, path: Path, first_line: int, content: Path,
            problems: ProblemList, heading_base: int = 1, id_prefix: str = "",
            passages: dict[str, str] | None = None) -> Converted:
    """Turn one file's Markdown into HTML (see _convert_body)."""
    def now(into: ProblemList) -> Converted:
        return _convert_body(text, path=path, first_line=first_line, content=content,
                             problems=into, heading_base=heading_base, id_prefix=id_prefix,
                             passages=passages)

    if "![" in text:
        return now(problems)
    key = ("body", text, path, first_line, content, heading_base, id_prefix,
           None if passages is None else tuple(sorted(passages.items())))
    return _remembered(key, now, problems)


def _convert_body(text: str, *, path: Path, first_line: int, content: Path,
                  problems: ProblemList, heading_base: int, id_prefix: str,
                  passages: dict[str, str] | None) -> Converted:
    """Turn one file's Markdown into HTML.

    heading_base: the HTML level of the file's title, which a `#` heading would share
    (1 for a hack, whose `##` sections become h2 and move to each edition's depth with
    headings_under; 2 for a section's introduction, printed under an h2).
    id_prefix: makes heading ids unique across the whole guide.
    passages: the HTML of each shared passage, by name (passages.py); None while
    converting a passage itself.
    """
    source = Source(path, text, first_line, problems, content=content)
    sections: dict[str, list] = {}
    md = markdown.Markdown(
        extensions=["sane_lists", "smarty", "toc", Rules(source), Tables(source),
                    SharedPassages(source, passages), _SectionsExtension(sections),
                    CompoundsWhole(), ListStarts(), Counts(source), LongWords(source)],
        extension_configs={"toc": {
            "baselevel": heading_base,
            "slugify": lambda value, separator: id_prefix + slugify(value, separator),
        }},
    )
    html = _convert(md, source)
    if html is None:
        return Converted("", [], {}, {})
    sections_html = {title: _serialize(md, elements) for title, elements in sections.items()}
    _check_heading_levels(source)
    return Converted(html, source.hack_links, source.images, sections_html, source.headings,
                     source.pictures, source.placed, source.counts, source.typed_numbers)


def _check_heading_levels(source: Source) -> None:
    """The title (a setting) is the file's `#`; the text's headings start at `##` and go
    down one level at a time. A skipped level breaks the outline a screen reader walks
    (and PDF/UA), and a `#` would stand beside the title instead of under it."""
    above = 1
    for heading in source.headings:
        written = "#" * heading.level + " " + heading.text
        if heading.level == 1:
            source.add(heading.line, f"'{written}' is a heading at the level of the title "
                       f"(the 'title:' setting at the top). Write it as '## {heading.text}': "
                       "the headings of the text start at ##.")
        elif heading.level > above + 1:
            after = "the title" if above == 1 else f"a '{'#' * above}' heading"
            source.add(heading.line, f"'{written}' skips a heading level: after {after} "
                       f"comes '{'#' * (above + 1)}'. Write it as "
                       f"'{'#' * (above + 1)} {heading.text}', or add the missing heading "
                       "above it.")
        above = heading.level


def check_line(text: str, *, field: str, path: Path, line: int,
               problems: ProblemList) -> str:
    """A one-line setting that is Markdown (a title, summary or definition), checked by
    the same rules as a body, and no links in a title: its HTML, with no paragraph
    around it."""
    return _remembered(("line", text, field, path, line),
                       lambda into: _check_line(text, field, path, line, into), problems)


def _check_line(text: str, field: str, path: Path, line: int, problems: ProblemList) -> str:
    source = Source(path, text, line, problems, field=field)
    html = _convert(markdown.Markdown(extensions=["smarty", Rules(source),
                                                  SharedPassages(source, {}),
                                                  CompoundsWhole(), LongWords(source)]),
                    source) or ""
    return re.sub(r"^<p>(.*)</p>$", r"\1", html.strip(), flags=re.S)


@lru_cache(maxsize=4096)  # titles and summaries are printed many times in every edition
def inline(text: str) -> str:
    """The HTML of a one-line setting the reader has checked (for the templates)."""
    return check_line(text, field="line", path=Path(), line=1, problems=ProblemList())
