"""Checks that need the whole guide: references between files, and the fonts."""

from __future__ import annotations

import html
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

from fontTools.ttLib import TTFont

from .. import characters, paths
from . import limits, yamlfile
from ..errors import Problem, ProblemList, suggestion
from .model import Guide, Hack

HACK_TEMPLATE = "hack-template.md"  # in layout/: what `new` copies; EDITING.md shows it
FONT_SUFFIXES = {".woff", ".woff2", ".ttf", ".otf"}
# Layout characters that never reach the page as glyphs.
INVISIBLE = {"\n", "\r", "\t", "\ufeff"}
# &rarr; or &#8594; in Markdown or YAML become characters too.
ENTITY = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")


def check_guide(guide: Guide, fonts_dir: Path, template: Path | None = None) -> None:
    """Raise BuildFailed listing every problem found. `template` is the hack template
    (layout/hack-template.md): a hack that still holds its example text is reported."""
    problems = ProblemList()
    _check_parts(guide, problems)
    _check_hacks(guide, problems)
    _check_titles(guide, problems)
    _check_website(guide, problems)
    if template is not None:
        _check_template_text(guide, template, problems)
    _check_characters(guide, fonts_dir, problems)
    limits.check_editions(guide, problems)
    problems.raise_if_any()


WEBSITE = re.compile(r"https?://[A-Za-z0-9.-]+\.[A-Za-z]{2,}(?::[0-9]+)?(?:/[^\s<>\"'`]*)?")


def _check_website(guide: Guide, problems: ProblemList) -> None:
    """The guide's home address is printed, with its QR code, on every print edition."""
    website = guide.settings.website
    if website and not WEBSITE.fullmatch(website):
        path = guide.content / "guide.yaml"
        line = next((number for number, text in enumerate(
            guide.sources.get(path, "").splitlines(), 1) if text.startswith("website:")), None)
        problems.add(path, line, f"'website' must be the guide's home address, such as "
                     f"https://spacehacks.example.org/ (it is printed, with a QR code, on "
                     f"every handout, card and booklet), not '{website[:80]}'.")


def _check_parts(guide: Guide, problems: ProblemList) -> None:
    prefixes: dict[str, Path] = {}
    for part in guide.parts:
        if part.opening_quote and part.opening_quote not in guide.quotes:
            problems.add(part.path, part.line_of("opening_quote"),
                         f"there is no quote with the id '{part.opening_quote}' in "
                         f"content/quotes.yaml.{suggestion(part.opening_quote, guide.quotes)}")
        if part.kind == "hacks" and part.prefix:
            if part.prefix in prefixes:
                problems.add(part.path, None,
                             f"the prefix '{part.prefix}' is already used by "
                             f"{prefixes[part.prefix].parent.name}/. Each hack part needs "
                             "its own letter, or hack numbers would repeat.")
            prefixes[part.prefix] = part.path


def _check_hacks(guide: Guide, problems: ProblemList) -> None:
    settings = guide.settings
    slugs: dict[str, Path] = {}
    for hack in guide.hacks:
        if hack.slug in slugs:
            problems.add(hack.path, None,
                         f"another hack has the same name: {slugs[hack.slug]}. See-also "
                         "references use the name, so rename one of the files.")
        slugs.setdefault(hack.slug, hack.path)
    pointing: list[tuple[Path, int, str]] = []  # see-also and links to hacks left out
    numbered = {hack.number: hack for hack in guide.hacks}
    prefixes = {part.prefix for part in guide.parts if part.kind == "hacks" and part.prefix}
    for hack in guide.hacks:
        for key in ("tags", "programs", "see_also"):
            values = getattr(hack, key)
            twice = sorted({value for value in values if values.count(value) > 1})
            if twice:
                problems.add(hack.path, hack.line_of(key),
                             f"'{twice[0]}' is listed twice under '{key}', so it would print "
                             "twice. Keep it once.")
        for typed, line in hack.typed_numbers:
            if typed.split("-")[0] in prefixes:
                problems.add(hack.path, line, _typed_number(typed, numbered.get(typed)))
    for hack in guide.hacks:
        for tag in hack.tags:
            if tag not in settings.tags:
                problems.add(hack.path, hack.line_of("tags"),
                             f"unknown tag '{tag}'.{suggestion(tag, settings.tags)} Use a "
                             "tag listed under 'tags:' in content/guide.yaml, or add it there.")
        if not hack.tags:
            problems.add(hack.path, hack.line_of("tags"),
                         "give the hack at least one tag, so it appears in the index.")
        if not hack.applies_to_all:
            for program in hack.programs:
                if program == "all":
                    problems.add(hack.path, hack.line_of("programs"),
                                 "'all' must stand alone: write 'programs: [all]', or list "
                                 "only the program types the hack applies to.")
                elif program not in settings.program_types:
                    problems.add(hack.path, hack.line_of("programs"),
                                 f"unknown program type '{program}'."
                                 f"{suggestion(program, [*settings.program_types, 'all'])} "
                                 "Use 'all' or names listed under 'program_types:' in "
                                 "content/guide.yaml.")
            if not hack.programs:
                problems.add(hack.path, hack.line_of("programs"),
                             "list the program types this hack applies to, or write "
                             "'programs: [all]' (with nothing else in the brackets).")
        for target in hack.see_also:
            if target == hack.slug:
                problems.add(hack.path, hack.line_of("see_also"),
                             "a hack cannot see-also itself. Remove its own name.")
            elif target in guide.left_out and target not in slugs:
                pointing.append((hack.path, hack.line_of("see_also"), target))
            elif target not in slugs:
                problems.add(hack.path, hack.line_of("see_also"),
                             f"'see_also' names '{target}', but no hack file is called "
                             f"that.{suggestion(target, slugs)} Use a hack's file name "
                             "without .md.")
        if hack.pull_quote and hack.pull_quote not in guide.quotes:
            problems.add(hack.path, hack.line_of("pull_quote"),
                         f"there is no quote with the id '{hack.pull_quote}' in "
                         f"content/quotes.yaml.{suggestion(hack.pull_quote, guide.quotes)}")
    for path, slug, line in guide.hack_links:
        if slug in guide.left_out and slug not in slugs:
            pointing.append((path, line, slug))
        elif slug not in slugs:
            problems.add(path, line,
                         f"the link '#{slug}' does not match any hack.{suggestion(slug, slugs)}"
                         " Link to a hack by its file name without .md.")
    _check_left_out(guide, pointing, problems)


def _typed_number(typed: str, hack: Hack | None) -> str:
    """What to write instead of a hack's number typed by hand."""
    if hack is None:
        return (f"'{typed}' looks like a hack's number, but no hack has it now: numbers "
                "change when hacks are added or moved. Link to the hack you mean by its file "
                "name, [words](#its-file-name): the link follows it wherever it moves.")
    return (f"'{typed}' is a hack's number typed by hand, and numbers change when hacks are "
            f"added or moved. Link to the hack by its file name instead: "
            f"[{hack.title}](#{hack.slug}) (the link follows it wherever it moves).")


def _check_left_out(guide: Guide, pointing: list[tuple[Path, int, str]],
                    problems: ProblemList) -> None:
    """See-also names and links to hacks left out on purpose (a part taken out of
    'parts:' and its folder renamed _..., or a hack file renamed _...): one message for
    each file or folder left out, listing every place that still points into it."""
    places: dict[Path, list[str]] = {}
    for path, line, slug in sorted(pointing, key=lambda place: (str(place[0]), place[1])):
        shown = path.relative_to(guide.content.parent) if path.is_relative_to(
            guide.content.parent) else path
        places.setdefault(guide.left_out[slug], []).append(f"{shown}:{line} ('{slug}')")
    for left_out, where in places.items():
        what = ("this hack is left out of the guide (its file name starts with _)"
                if left_out.is_file() else
                "this folder is left out of the guide (its name starts with _)")
        count = (f"{len(where)} see-also names and links still point"
                 if len(where) > 1 else "a see-also name or link still points")
        problems.items.append(Problem(
            left_out, None,
            f"{what}, but {count} at {'it' if left_out.is_file() else 'its hacks'}. Put it "
            "back (without the _, and listed where it was), or remove these names and links:",
            tuple(where)))


def same_words(title: str) -> str:
    """A title as a reader compares it: case, spacing, marks and a final stop aside."""
    return " ".join(re.sub(r"[*_`]", "", title).casefold().rstrip(".!?").split())


def _check_titles(guide: Guide, problems: ProblemList) -> None:
    """Readers find a hack by its title (contents, bookmarks, see-also lines): two hacks
    with one title is a copy that was never retitled."""
    seen: dict[str, Hack] = {}
    for hack in guide.hacks:
        first = seen.setdefault(same_words(hack.title), hack)
        if first is not hack:
            problems.add(hack.path, hack.line_of("title"),
                         f"this is also the title of {first.number} ({first.path.name}). "
                         "Readers find a hack by its title in the contents and the bookmarks: "
                         "give each hack a title of its own.")


def _template_text(template: Path) -> tuple[str, set[str]] | None:
    """The template's title, and its example lines (summary and body, not headings)."""
    if paths.refused_link(template.parent, template) or not template.is_file():
        return None  # the template is the builder's file, not content
    try:
        _, settings, body = template.read_text(encoding="utf-8").split("---", 2)
        data = yamlfile.parse(settings)
        title, summary = str(data["title"]), str(data["summary"])
    except (ValueError, KeyError, TypeError, yamlfile.YAMLSyntaxError):
        return None  # a broken template: `new` cannot use it either
    lines = {line.strip() for line in body.split("\n")
             if line.strip() and not line.lstrip().startswith("#")}
    return title, lines | {summary}


def _check_template_text(guide: Guide, template: Path, problems: ProblemList) -> None:
    """A hack copied from the template (or made by `build_pdf.py new`) and not yet
    written: its title, and the lines still holding the template's example text."""
    found = _template_text(template)
    if found is None:
        return
    title, examples = found
    for hack in guide.hacks:
        if hack.title == title:
            problems.add(hack.path, hack.line_of("title"),
                         "this is still the template's title. Write the hack's own title, "
                         "starting with a verb.")
        lines = [hack.line_of("summary")] if hack.summary in examples else []
        lines += [hack.body_line + offset for offset, line
                  in enumerate(hack.body_markdown.split("\n")) if line.strip() in examples]
        if lines:
            shown = ", ".join(map(str, lines[:-1])) + (" and " if len(lines) > 1 else "") \
                + str(lines[-1])
            problems.add(hack.path, lines[0],
                         f"this hack still holds the template's example text, on line"
                         f"{'s' if len(lines) > 1 else ''} {shown}. Write the hack's own "
                         "words there.")


def font_files(fonts_dir: Path) -> tuple:
    """Each file in fonts/ with its size and time: a font replaced while watch runs is read
    again (answers that depend on the fonts are remembered by this)."""
    return paths.stamps(fonts_dir)


@lru_cache(maxsize=4)
def _printable_characters(fonts_dir: Path, files: tuple
                          ) -> tuple[frozenset[str], tuple[Problem, ...]]:
    """Characters that every bundled font can draw (so nothing falls back to system fonts),
    and the font files that cannot be read. `files`: see font_files."""
    common: set[int] | None = None
    unreadable = []
    for path in sorted(fonts_dir.rglob("*")):
        if path.suffix.lower() not in FONT_SUFFIXES:
            continue
        refused = paths.refused_link(fonts_dir, path, "font file")
        if refused:
            unreadable.append(Problem(refused[0], None, refused[1]))
            continue
        try:
            with TTFont(path, lazy=True) as font:  # closes the file (watch opens them often)
                codepoints = set(font.getBestCmap())
        except Exception:  # noqa: BLE001 - fontTools raises many kinds for a damaged file
            unreadable.append(Problem(path, None, "this font file cannot be read. Restore it "
                                      "from the project's history."))
            continue
        common = codepoints if common is None else common & codepoints
    return frozenset(chr(c) for c in common or ()), tuple(unreadable)


def _entity(written: str) -> str:
    """The character an entity stands for, as the HTML parser reads it: a number is
    taken as it is (html.unescape drops some, such as &#27;, which WeasyPrint prints)."""
    if written.startswith("&#"):
        digits = written[3:-1] if written[2] in "xX" else written[2:-1]
        code = int(digits, 16 if written[2] in "xX" else 10) if len(digits) < 9 else -1
        return chr(code) if 0 <= code <= 0x10FFFF else "\ufffd"
    return html.unescape(written)


def _check_characters(guide: Guide, fonts_dir: Path, problems: ProblemList) -> None:
    fonts_dir = paths.real(fonts_dir)
    printable, unreadable = _printable_characters(fonts_dir, font_files(fonts_dir))
    if unreadable:
        problems.items.extend(unreadable)
        return
    if not printable:
        problems.add(fonts_dir, None, "no font files were found here, so nothing could be "
                     "printed in the guide's own fonts. Restore the fonts/ folder.")
        return
    for path, text in guide.sources.items():
        if not (set(text) - printable - INVISIBLE) and "&" not in text \
                and not guide.decoded.get(path):
            continue  # the usual case, found at once
        reported = set()
        # The file as written, then each value in double quotes as its escapes decode.
        lines = [*enumerate(text.split("\n"), start=1), *guide.decoded.get(path, [])]
        for line_number, line in lines:
            entities = [(char, entity) for entity in ENTITY.findall(line)
                        if len(char := _entity(entity)) == 1]
            for char, written in [(char, char) for char in line] + entities:
                if char in printable or char in INVISIBLE or char in reported:
                    continue
                reported.add(char)
                if characters.first_hidden(char):
                    shown = written if written != char else characters.for_terminal(char)
                    problems.add(path, line_number, f"this line holds "
                                 f"{characters.describe(char)}. Delete it (it may be written "
                                 f"as '{shown}', or typed where it does not show).")
                    continue
                name = unicodedata.name(char, "an unnamed character").lower()
                problems.add(path, line_number,
                             f"the character '{written}' ({name}, U+{ord(char):04X}) is not in "
                             "the guide's fonts, so it "
                             "would print in a different font or as a box. Replace it with "
                             "ordinary letters or punctuation.")
