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

from . import markup
from .errors import line_number, suggestion
from .model import GlossaryEntry, Guide, Hack, Part, Quote, Section, Settings, TextPage
from .sources import SourceFiles

PART_KINDS = ("text", "hacks", "quotes", "glossary")
NAME = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*\Z")  # hack, section and quote names, tags
PREFIX = re.compile(r"^[A-Z]{1,3}\Z")
LIST_FILES = ("part.md", "section.md")
LOOKS_LIKE_TEXT = re.compile(r"\.(md|markdown|txt|text)$", re.IGNORECASE)
WHATS_NEW = "whats-new.md"  # optional, in content/


def _left_out_on_purpose(name: str) -> bool:
    """Drafts (_draft.md) and hidden files (.DS_Store) are skipped without a word."""
    return name[:1] in ("_", ".")


class GuideReader:
    def __init__(self, root: Path):
        self.files = SourceFiles(root)
        self.content = self.files.content
        self.problems = self.files.problems

    def read(self) -> Guide:
        if not self.files.content_is_inside():
            self.problems.raise_if_any()
        settings_path = self.content / "guide.yaml"
        settings = self.read_settings(settings_path)
        quotes = self.read_quotes(self.content / "quotes.yaml")
        parts: list[Part] = []
        glossary: list[GlossaryEntry] = []
        if settings is not None:
            for index, part_id in enumerate(settings.parts):
                part = self.read_part(part_id, settings_path, settings.parts.line_of(index))
                if part is not None:
                    parts.append(part)
            self.check_unlisted_parts(settings, settings_path)
            if any(part.kind == "glossary" for part in parts):
                glossary = self.read_glossary(self.content / "glossary.yaml")
        whats_new = self.read_whats_new(self.content / WHATS_NEW)
        self.problems.raise_if_any()
        files = self.files
        return Guide(settings=settings, parts=parts, quotes=quotes, glossary=glossary,
                     sources=files.sources, images=files.images, hack_links=files.hack_links,
                     notes=files.notes.items, whats_new=whats_new)

    def read_whats_new(self, path: Path) -> TextPage | None:
        """The optional "What's new in this edition" page, printed after the inside cover."""
        if not path.exists():
            return None
        page = self.files.read_markdown(path, TextPage, "the what's-new page", heading_base=2,
                                        id_prefix="whats-new-")
        if page is None or "title" not in page.good:
            return None
        return TextPage(title=page.good["title"], html=page.html, path=path,
                        setting_lines=page.data.key_lines)

    # ---- guide.yaml, quotes.yaml, glossary.yaml -------------------------------------

    def read_settings(self, path: Path) -> Settings | None:
        text = self.files.read_text(path)
        data = self.files.read_yaml(path, text, dict, "the guide's 'name: value' settings"
                                    ) if text is not None else None
        if data is None:
            return None
        good = self.files.settings(path, data, Settings, "guide.yaml")
        if not {"parts", "program_types", "tags", "title", "date"} <= good.keys():
            return None
        seen = set()
        for index, part_id in enumerate(good["parts"]):
            if part_id in seen:
                self.problems.add(path, good["parts"].line_of(index),
                                  f"the part '{part_id}' is listed twice. Remove one line.")
            seen.add(part_id)
        good["program_types"] = self.labels(path, good["program_types"], "program_types")
        good["tags"] = self.labels(path, good["tags"], "tags")
        try:
            return Settings(**good)
        except TypeError:  # a needed setting is missing: already reported
            return None

    def labels(self, path: Path, block, key: str) -> dict[str, str]:
        """A `short-name: Printed name` list from guide.yaml."""
        result = {}
        for name, label in block.items():
            if not isinstance(label, str) or not NAME.match(str(name)):
                self.problems.add(path, block.line_of(name),
                                  f"each line under '{key}:' must be 'short-name: Printed "
                                  "name', with a short name in lowercase letters, digits and "
                                  "dashes.")
                continue
            result[str(name)] = label.strip()
        if "all" in result:
            self.problems.add(path, block.line_of("all"),
                              f"'all' is kept for hacks that apply to every program type; "
                              f"use another short name under '{key}:'.")
        return result

    def read_quotes(self, path: Path) -> dict[str, Quote]:
        quotes: dict[str, Quote] = {}
        texts: dict[str, str] = {}
        for entry, good in self.files.read_yaml_list(path, Quote, "a quote"):
            if "id" not in good or "text" not in good:
                continue
            quote_id, quote_text = good["id"], " ".join(good["text"].split())
            if not NAME.match(quote_id):
                self.problems.add(path, entry.line_of("id"),
                                  f"the quote id '{quote_id}' may hold only lowercase letters, "
                                  "digits and dashes, such as 'boundaries-help-me'.")
            elif quote_id in quotes:
                self.problems.add(path, entry.line_of("id"),
                                  f"two quotes have the id '{quote_id}'. Give one a new id.")
            elif quote_text in texts:
                self.problems.add(path, entry.line_of("text"),
                                  f"this quote is already in the collection as "
                                  f"'{texts[quote_text]}'. Keep each quote once.")
            else:
                quotes[quote_id] = Quote(id=quote_id, text=quote_text, by=good.get("by"),
                                         line=entry.line)
                texts[quote_text] = quote_id
        return quotes

    def read_glossary(self, path: Path) -> list[GlossaryEntry]:
        entries = {}
        for entry, good in self.files.read_yaml_list(path, GlossaryEntry, "a glossary entry"):
            if len(good) < 2:
                continue
            key = good["term"].lower()
            if key in entries:
                self.problems.add(path, entry.line_of("term"),
                                  f"'{good['term']}' is defined twice. Keep one definition.")
                continue
            definition_html = markup.check_line(good["definition"], field="definition",
                                                path=path, line=entry.line_of("definition"),
                                                problems=self.problems)
            anchor = "term-" + re.sub(r"[^a-z0-9]+", "-", key).strip("-")
            entries[key] = GlossaryEntry(term=good["term"], definition=good["definition"],
                                         definition_html=definition_html, anchor=anchor)
        # Printed in alphabetical order, whatever order the file has.
        return [entries[key] for key in sorted(entries)]

    # ---- parts and sections ---------------------------------------------------------

    def read_part(self, part_id: str, settings_path: Path, line: int) -> Part | None:
        if not self.is_folder_name(part_id, settings_path, line, "part", "immediate-response"):
            return None
        folder = self.content / part_id
        path = folder / "part.md"
        if not path.is_file():
            self.problems.add(settings_path, line,
                              f"the part '{part_id}' needs a folder content/{part_id}/ with a "
                              "file part.md in it. Create them, or remove this line.")
            return None
        page = self.files.read_markdown(path, Part, "a part", heading_base=1,
                                        id_prefix=f"{part_id}-")
        if page is None:
            return None
        data, good = page.data, page.good
        kind = good.get("kind")
        if kind is not None and kind not in PART_KINDS:
            self.problems.add(path, data.line_of("kind"),
                              f"'kind' must be one of: {', '.join(PART_KINDS)}."
                              f"{suggestion(kind, PART_KINDS)}")
            return None
        prefix = good.get("prefix")
        if kind == "hacks" and prefix is None:
            self.problems.add(path, data.line, "a part with 'kind: hacks' needs 'prefix:', "
                              "the letter hack numbers start with (P gives P-1, P-2, ...).")
        if prefix is not None and not PREFIX.match(prefix):
            self.problems.add(path, data.line_of("prefix"),
                              "'prefix' must be one to three capital letters, such as P.")
        if kind != "hacks":
            for key in ("sections", "hacks"):
                if key in data:
                    self.problems.add(path, data.line_of(key),
                                      f"only a part with 'kind: hacks' has '{key}:'. Remove "
                                      "this setting, or change the kind.")
        elif "sections" in data and "hacks" in data:
            self.problems.add(path, data.line_of("hacks"),
                              "a part lists either its sections or its hacks, not both. When "
                              "it has sections, list each section's hacks in its section.md.")
        if "title" not in good or kind is None:
            return None
        part = Part(**good, id=part_id, intro_html=page.html, path=path,
                    setting_lines=data.key_lines)
        if kind == "hacks":
            part.sections = self.read_sections(part, folder)
            for position, hack in enumerate(part.hacks, start=1):
                hack.number = f"{part.prefix}-{position}"
        else:
            self.check_no_hacks(part, folder)
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
            if not self.is_folder_name(section_id, part.path, line, "section",
                                       "steady-the-room"):
                continue
            section = self.read_section(part, folder / section_id, line)
            if section is not None:
                sections.append(section)
        self.check_unlisted_files(folder, part, sections_listed=set(listed))
        return sections

    def read_section(self, part: Part, folder: Path, line: int) -> Section | None:
        path = folder / "section.md"
        if not path.is_file():
            self.problems.add(part.path, line,
                              f"the section '{folder.name}' needs a folder "
                              f"content/{part.id}/{folder.name}/ with a file section.md in it. "
                              "Create them, or remove this line.")
            return None
        page = self.files.read_markdown(path, Section, "a section", heading_base=3,
                                        id_prefix=f"{part.id}-{folder.name}-")
        if page is None or "title" not in page.good:
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
        files = self.hack_files(folder, self._stray_folder_message(part, section))
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
                self.problems.add(listing, line,
                                  f"'hacks:' lists '{name}', but there is no file {name}.md in "
                                  f"{self._shown(folder)}/.{suggestion(name, names)} List a "
                                  "hack by its file name without .md.")
            else:
                chosen.append(files.pop(name))
        for name, path in sorted(files.items()):
            self.files.notes.add(path, None,
                                 f"this hack is not listed under 'hacks:' in "
                                 f"{self._shown(listing)}, so it is printed at the end of "
                                 f"{'its section' if section.title else 'its part'}. Add a "
                                 f"line '  - {name}' there, where it belongs.")
            chosen.append(path)
        hacks = []
        for path in chosen:
            hack = self.read_hack(path, part, section)
            if hack is not None:
                hacks.append(hack)
        return hacks

    def hack_files(self, folder: Path, stray_folder: str,
                   sections: frozenset[str] = frozenset()) -> dict[str, Path]:
        """name -> path of every hack file in `folder`. Odd files get a message, and so
        does a folder with text files in it that is not one of `sections`."""
        files = {}
        for path in sorted(folder.iterdir()):
            if _left_out_on_purpose(path.name) or path.name in LIST_FILES:
                continue
            if path.is_dir():
                if path.suffix == ".md":
                    self.problems.add(path, None, "this is a folder, but its name ends in .md "
                                      "like a hack's file. Rename or move the folder.")
                elif path.name not in sections and self._holds_text(path):
                    self.problems.add(path, None, stray_folder.format(name=path.name))
                continue
            if path.suffix != ".md":
                if LOOKS_LIKE_TEXT.search(path.name):
                    self.problems.add(path, None,
                                      "this looks like a hack, but only files whose names end "
                                      "in .md (lowercase) are read. Rename it, or start its "
                                      "name with _ to leave it out on purpose.")
                continue
            if not NAME.match(path.stem):
                self.problems.add(path, None,
                                  "a hack's file name must be lowercase words joined by dashes, "
                                  "such as daily-huddles.md. Rename the file (or start its name "
                                  "with _ to leave it out).")
                continue
            files[path.stem] = path
        return files

    def check_unlisted_files(self, folder: Path, part: Part, sections_listed: set[str]) -> None:
        """In a part with sections, hacks live in the section folders, not beside part.md."""
        stray = (f"this folder is not one of the part's sections, so its files would not be "
                 f"printed. Add '  - {{name}}' under 'sections:' in {self._shown(part.path)}, "
                 "or move its files into a section folder.")
        for name, path in self.hack_files(folder, stray, frozenset(sections_listed)).items():
            self.problems.add(path, None,
                              f"this part is divided into sections, so its hacks live in the "
                              f"section folders ({', '.join(sorted(sections_listed))}). Move "
                              f"the file into one of them and list '{name}' in that "
                              "section.md.")

    def check_no_hacks(self, part: Part, folder: Path) -> None:
        for path in sorted(folder.iterdir()):
            if path.suffix == ".md" and path.name != "part.md" and not _left_out_on_purpose(
                    path.name):
                self.problems.add(path, None,
                                  f"this part has 'kind: {part.kind}', so it cannot hold hacks. "
                                  "Move the file into a part with 'kind: hacks'.")

    def check_unlisted_parts(self, settings: Settings, settings_path: Path) -> None:
        """A folder with a part.md that guide.yaml does not list would vanish from the PDF."""
        for folder in sorted(self.content.iterdir()):
            if (folder.is_dir() and not _left_out_on_purpose(folder.name)
                    and folder.name not in settings.parts and self._holds_text(folder)):
                count = sum(1 for path in folder.rglob("*.md") if path.name not in LIST_FILES)
                self.problems.add(folder, None,
                                  f"this folder holds {count} hack file(s) but is not listed "
                                  "under 'parts:' in content/guide.yaml, so none of it would be "
                                  f"printed. Add the line '  - {folder.name}' there, or rename "
                                  f"the folder to _{folder.name} to keep it out on purpose.")

    def read_hack(self, path: Path, part: Part, section: Section) -> Hack | None:
        level = 4 if section.title else 3  # `## Why it matters` under the hack's title
        page = self.files.read_markdown(path, Hack, "a hack", heading_base=level - 1,
                                        id_prefix=f"{path.stem}-")
        if page is None:
            return None
        if not page.body.strip():
            self.problems.add(path, page.body_line, "this hack has no text after the settings. "
                              "Write its sections (see the template in EDITING.md).")
        try:
            return Hack(**page.good, slug=path.stem, body_html=page.html,
                        sections_html=page.sections, path=path,
                        part_id=part.id, section_id=section.id, body_markdown=page.body,
                        body_line=page.body_line, setting_lines=page.data.key_lines)
        except TypeError:  # a needed setting is missing: already reported
            return None

    # ---- helpers --------------------------------------------------------------------

    def is_folder_name(self, name: str, listing: Path, line: int, what: str,
                       example: str) -> bool:
        """A part or section named in a list is a folder right there: no path (which
        could lead anywhere, '../..' or '/etc'), no odd characters."""
        if NAME.match(name):
            return True
        self.problems.add(listing, line, f"'{name}' is not a folder name: a {what}'s folder "
                          f"is named in lowercase words joined by dashes, such as {example}.")
        return False

    def _shown(self, path: Path) -> str:
        return str(path.relative_to(self.content.parent)) if path.is_relative_to(
            self.content.parent) else str(path)

    @staticmethod
    def _holds_text(folder: Path) -> bool:
        return any(LOOKS_LIKE_TEXT.search(path.name) for path in folder.rglob("*")
                   if not any(_left_out_on_purpose(p) for p in path.relative_to(folder).parts))

    def _stray_folder_message(self, part: Part, section: Section) -> str:
        """What to say of a folder with text files inside a hack folder."""
        if section.title:
            return ("files in a folder inside a section are not read. Move them up into the "
                    "section's folder, beside section.md.")
        return (f"hack files in a folder inside a part are read only when the folder is a "
                f"section. List it under 'sections:' in {self._shown(part.path)} (see "
                "EDITING.md), or move its files up beside part.md.")


def read_guide(root: Path) -> Guide:
    return GuideReader(root).read()
