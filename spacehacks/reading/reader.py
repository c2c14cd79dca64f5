"""Read the whole guide: how the content files fit together.

Each folder's list file says what is in it and in which order: `guide.yaml` lists the
parts, a part's `part.md` lists its sections (or its hacks), a section's `section.md`
lists its hacks. Hack numbers follow that order, so moving a hack means moving one line
and no file is ever renamed. Nothing in content/ is left out in silence: a file or
folder that is not listed gets a message.

Checks that need the whole guide (see-also targets, quote ids, fonts) live in checks.py.
"""

from __future__ import annotations

import re
from pathlib import Path

from .. import ids
from . import schema
from .yaml_lists import EntryFiles
from ..errors import suggestion
from .model import MAX_BUDGET, NAME, GlossaryEntry, Guide, Hack, Part, Section, TextPage
from .counts import check_counts, counts_of, fill_counts
from .passages import read_passages, unused_notes, with_passages
from ..markup.passages import FOLDER as SHARED
from .content_file import SourceFiles
from .unlisted import UnlistedFiles

PART_KINDS = ("text", "hacks", "quotes", "glossary")
PREFIX = re.compile(r"^[A-Z]{1,3}\Z")
WHATS_NEW = "whats-new.md"  # optional, in content/
WORDS_TO_AVOID = "words-to-avoid.yaml"  # in content/: the house-style check's words


class GuideReader:
    """Reads the list files in order (guide.yaml, then each part and section), each
    content file once, and keeps every problem it finds for one report."""

    def __init__(self, root: Path):
        self.files = SourceFiles(root)
        self.content = self.files.content
        self.problems = self.files.problems
        self.unlisted = UnlistedFiles(self.content, self.problems)
        self.entries = EntryFiles(self.files)

    def read(self) -> Guide:
        if not self.files.content_is_inside():
            self.problems.raise_if_any()
        settings_path = self.content / "guide.yaml"
        settings = self.entries.read_settings(settings_path)
        self.passages = read_passages(self.files)  # first: the texts below place them
        quotes = self.entries.read_quotes(self.content / "quotes.yaml")
        parts: list[Part] = []
        glossary: list[GlossaryEntry] = []
        if settings is not None:
            for index, part_id in enumerate(settings.parts):
                part = self.read_part(part_id, settings_path, settings.parts.line_of(index))
                if part is not None:
                    parts.append(part)
            self.unlisted.unlisted_parts(settings.parts)
            if any(part.kind == "glossary" for part in parts):
                glossary = self.entries.read_glossary(self.content / "glossary.yaml")
        whats_new = _whats_new(self.files, self.content / WHATS_NEW)
        words_to_avoid = self.entries.read_words_to_avoid(self.content / WORDS_TO_AVOID)
        unused_notes(self.files, self.passages)
        counts = counts_of(parts)
        check_counts(self.files.counts, counts, self.problems)
        self.problems.raise_if_any()
        files = self.files
        guide = Guide(settings=settings, parts=parts, quotes=quotes, glossary=glossary,
                     sources=files.sources, decoded=files.decoded, images=files.images,
                     hack_links=files.hack_links,
                     notes=files.notes.items, whats_new=whats_new, content=self.content,
                     words_to_avoid=words_to_avoid,
                     left_out=self.unlisted.left_out_hacks(), passages=self.passages,
                     estimates=files.estimates)
        fill_counts(guide, counts)
        return guide

    # ---- parts and sections ---------------------------------------------------------

    def read_part(self, part_id: str, settings_path: Path, line: int) -> Part | None:
        if not _is_folder_name(part_id, settings_path, line, "part", "immediate-response",
                               self.problems):
            return None
        if part_id == SHARED:
            self.problems.add(settings_path, line, f"content/{SHARED}/ holds the shared "
                              "passages, so it cannot be a part. Name the part's folder "
                              "otherwise.")
            return None
        folder = self.content / part_id
        path = folder / "part.md"
        if not path.is_file():
            self.problems.add(settings_path, line,
                              f"the part '{part_id}' needs a folder content/{part_id}/ with a "
                              "file part.md in it. Create them, or remove this line.")
            return None
        page = self.files.read_markdown(path, Part, "a part", heading_base=1,
                                        id_prefix=ids.content_prefix(ids.part(part_id)))
        if page is None:
            return None
        if not _part_settings_agree(page, path, self.problems) or \
                not schema.complete(Part, page.good):
            return None
        part = Part(**page.good, id=part_id, intro_html=page.html, path=path,
                    setting_lines=page.data.key_lines)
        if part.kind == "hacks":
            part.sections = self.read_sections(part, folder)
            for position, hack in enumerate(part.hacks, start=1):
                hack.number = f"{part.prefix}-{position}"
        else:
            self.unlisted.in_part_without_hacks(folder, part.kind)
        return part

    def read_sections(self, part: Part, folder: Path) -> list[Section]:
        if not part.sections_order:
            # A part without sections holds its hacks itself, as one untitled section.
            section = Section(title="", hacks_order=part.hacks_order, id="", part_id=part.id,
                              path=part.path)
            section.hacks = self.read_hacks(folder, section, part)
            return [section]
        sections = []
        listed = part.sections_order
        for index, section_id in enumerate(listed):
            line = listed.line_of(index)
            if section_id in listed[:index]:
                self.problems.add(part.path, line, f"the section '{section_id}' is listed "
                                  "twice. Remove one line.")
                continue
            if not _is_folder_name(section_id, part.path, line, "section", "steady-the-room",
                                   self.problems):
                continue
            section = self.read_section(part, folder / section_id, line)
            if section is not None:
                sections.append(section)
        self.unlisted.beside_sections(folder, part.path, set(listed))
        return sections

    def read_section(self, part: Part, folder: Path, line: int) -> Section | None:
        path = folder / "section.md"
        if not path.is_file():
            misnamed = self.unlisted.misnamed_list_file(folder, "section.md")
            if misnamed is not None:
                self.problems.add(part.path, line,
                                  f"the section '{folder.name}' needs a file section.md in "
                                  f"{self.unlisted.shown(folder)}/, and it has "
                                  f"{misnamed.name}: rename that file section.md.")
                return None
            self.problems.add(part.path, line,
                              f"the section '{folder.name}' needs a folder "
                              f"content/{part.id}/{folder.name}/ with a file section.md in it. "
                              "Create them, or remove this line.")
            return None
        page = self.files.read_markdown(path, Section, "a section", heading_base=2,
                                        id_prefix=ids.content_prefix(
                                            ids.section(part.id, folder.name)))
        if page is None or not schema.complete(Section, page.good):
            return None
        section = Section(**page.good, id=folder.name, part_id=part.id, intro_html=page.html,
                          path=path, setting_lines=page.data.key_lines)
        section.hacks = self.read_hacks(folder, section, part)
        return section

    # ---- hacks ------------------------------------------------------------------------

    def read_hacks(self, folder: Path, section: Section, part: Part) -> list[Hack]:
        """The hacks in `folder`, in the order its list file gives; files it does not list
        come last, in alphabetical order, with a note saying where to list them."""
        listing = section.path
        listed = frozenset(str(name).removesuffix(".md") for name in section.hacks_order)
        files = self.unlisted.hack_files(folder, self.unlisted.stray_folder(part.path,
                                                                          bool(section.title)),
                                       listed=listed)
        names = list(files)
        order = section.hacks_order
        chosen: list[Path] = []
        for index, name in enumerate(order):
            line = order.line_of(index)
            if name.endswith(".md"):
                name = name[:-3]
            if name in order[:index]:
                self.problems.add(listing, line, f"'{name}' is listed twice. Remove one line.")
            elif name not in files:
                near = self.unlisted.listed_elsewhere(name, folder)
                if near is not None:
                    self.problems.add(listing, line, f"'hacks:' lists '{name}', but {near[1]}")
                    files.pop(near[0].stem, None)  # not also "not listed" below
                    continue
                self.problems.add(listing, line,
                                  f"'hacks:' lists '{name}', but there is no file {name}.md in "
                                  f"{self.unlisted.shown(folder)}/.{suggestion(name, names)} "
                                  "List a hack by its file name without .md.")
            else:
                chosen.append(files.pop(name))
        for name, path in sorted(files.items()):
            self.files.notes.add(path, None,
                                 f"this hack is not listed under 'hacks:' in "
                                 f"{self.unlisted.shown(listing)}, so it is printed at the end of "
                                 f"{'its section' if section.title else 'its part'}. Add a "
                                 f"line '  - {name}' there, where it belongs.")
            chosen.append(path)
        hacks = []
        for path in chosen:
            hack = self.read_hack(path, part, section)
            if hack is not None:
                hacks.append(hack)
        return hacks

    def read_hack(self, path: Path, part: Part, section: Section) -> Hack | None:
        # `## Why it matters` is an h2 here; each edition places it under the hack's
        # heading at its own depth (markup.convert.headings_under).
        page = self.files.read_markdown(path, Hack, "a hack", heading_base=1,
                                        id_prefix=ids.content_prefix(ids.hack(path.stem)))
        if page is None:
            return None
        if not page.body.strip():
            self.problems.add(path, page.body_line, "this hack has no text after the settings. "
                              "Write its sections (see the template in EDITING.md).")
        if not 1 <= page.good.get("pages", 1) <= MAX_BUDGET:
            self.problems.add(path, page.data.line_of("pages"), "'pages' is the hack's page "
                              f"budget: 1 (the default), or up to {MAX_BUDGET} for an emergency "
                              "hack that needs the room.")
        if not schema.complete(Hack, page.good):
            return None
        return Hack(**page.good, slug=path.stem, body_html=page.html,
                    sections_html=page.sections, path=path,
                    part_id=part.id, section_id=section.id, body_markdown=page.body,
                    text_markdown=with_passages(page.body, page.body_line, page.placed,
                                                self.passages),
                    placed=[name for name, _ in page.placed],
                    body_line=page.body_line, setting_lines=page.data.key_lines,
                    headings=page.headings, pictures=page.pictures,
                    typed_numbers=page.typed_numbers)



def _whats_new(files: SourceFiles, path: Path) -> TextPage | None:
    """The optional "What's new in this edition" page, printed after the inside cover."""
    if not path.exists():
        return None
    page = files.read_markdown(path, TextPage, "the what's-new page", heading_base=1,
                               id_prefix=ids.content_prefix(ids.WHATS_NEW))
    if page is None or not schema.complete(TextPage, page.good):
        return None
    return TextPage(title=page.good["title"], html=page.html, path=path,
                    setting_lines=page.data.key_lines)


def _is_folder_name(name: str, listing: Path, line: int, what: str, example: str,
                    problems) -> bool:
    """A part or section named in a list is a folder right there: no path (which could
    lead anywhere, '../..' or '/etc'), no odd characters."""
    if NAME.match(name):
        return True
    problems.add(listing, line, f"'{name}' is not a folder name: a {what}'s folder is named "
                 f"in lowercase words joined by dashes, such as {example}.")
    return False


def _part_settings_agree(page, path: Path, problems) -> bool:
    """A part's kind, prefix and lists agree with each other; False when its kind is not
    one there is (nothing more of it can be read)."""
    data, good = page.data, page.good
    kind = good.get("kind")
    if kind is not None and kind not in PART_KINDS:
        problems.add(path, data.line_of("kind"), f"'kind' must be one of: "
                     f"{', '.join(PART_KINDS)}.{suggestion(kind, PART_KINDS)}")
        return False
    prefix = good.get("prefix")
    if kind == "hacks" and prefix is None:
        problems.add(path, data.line, "a part with 'kind: hacks' needs 'prefix:', the letter "
                     "hack numbers start with (P gives P-1, P-2, ...).")
    if prefix is not None and not PREFIX.match(prefix):
        problems.add(path, data.line_of("prefix"),
                     "'prefix' must be one to three capital letters, such as P.")
    if kind != "hacks":
        for key in ("sections", "hacks"):
            if key in data:
                problems.add(path, data.line_of(key), f"only a part with 'kind: hacks' has "
                             f"'{key}:'. Remove this setting, or change the kind.")
    elif "sections" in data and "hacks" in data:
        problems.add(path, data.line_of("hacks"), "a part lists either its sections or its "
                     "hacks, not both. When it has sections, list each section's hacks in its "
                     "section.md.")
    return True


def read_guide(root: Path) -> Guide:
    return GuideReader(root).read()
