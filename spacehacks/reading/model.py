"""The guide as the templates see it, after all content is read and checked.

Each class is also the schema of its file: the fields made with `setting()` are the
lines an editor writes (their names, types and whether they are needed), and the reader
checks a file against them. Nothing lists the settings a second time.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import re
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path

from .. import ids

MAX_BUDGET = 2  # pages a hack may take (`pages: 2`): each hack is a handout of its own
NAME = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*\Z")  # hack, section and quote names, tags


def setting(default=dataclasses.MISSING, *, default_factory=dataclasses.MISSING,
            example: str | None = None):
    """A field an editor writes in the file (a setting); without a default it is needed.
    A list or a 'name: Printed name' block has an example of its own, shown when it is
    written wrong: `[all] or [ssp, opc]` for the program types, hack names for see-also."""
    return field(default=default, default_factory=default_factory,
                 metadata={"setting": True, "example": example})


@dataclass(frozen=True)
class Setting:
    name: str
    kind: type  # str, list, dict, bool or datetime.date
    needed: bool
    example: str | None = None  # what to write, for lists and blocks


@functools.cache  # reading each file asks; the answer never changes
def settings_of(cls) -> dict[str, Setting]:
    """The settings of a model class, in the order the class declares them."""
    hints = typing.get_type_hints(cls)
    result = {}
    for item in dataclasses.fields(cls):
        if not item.metadata.get("setting"):
            continue
        kind = hints[item.name]
        if isinstance(kind, types.UnionType):  # `str | None`: an optional text
            kind = next(arg for arg in typing.get_args(kind) if arg is not type(None))
        kind = typing.get_origin(kind) or kind  # list[str] -> list
        needed = (item.default is dataclasses.MISSING
                  and item.default_factory is dataclasses.MISSING)
        result[item.name] = Setting(item.name, kind, needed, item.metadata.get("example"))
    return result


class _FromFile:
    """Something read from a file with settings: their lines, for messages."""

    setting_lines: dict[str, int]

    def line_of(self, name: str) -> int:
        return self.setting_lines.get(name, 2)  # line 2: the first setting


HACKS_EXAMPLE = ("one line '  - walk-the-space-like-a-newcomer' under it for each hack's file "
                 "name (without .md), in the order they are printed")


@dataclass(kw_only=True)
class Quote:
    id: str = setting()
    text: str = setting()
    by: str | None = setting(None)  # None: the source gives no name
    line: int = 0

    @property
    def attribution(self) -> str:
        return self.by or "From the field"


@dataclass(kw_only=True)
class WordsToAvoid:
    """An entry of content/words-to-avoid.yaml: words or phrases the guide does not use
    (matched as whole words, in any capitals), and what it says instead."""

    avoid: list[str] = setting(example="[addict, addicts]")
    say: str = setting()
    line: int = 0


@dataclass(kw_only=True)
class Passage:
    """A shared passage, content/shared/NAME.md: words said in several places, written
    once and placed with a line `{{shared: NAME}}` (passages.py)."""

    name: str
    markdown: str
    html: str
    path: Path


@dataclass(kw_only=True)
class GlossaryEntry:
    term: str = setting()
    definition: str = setting()  # Markdown, one line
    definition_html: str = ""
    anchor: str = ""


@dataclass(kw_only=True)
class Hack(_FromFile):
    # The settings at the top of a hack file.
    title: str = setting()
    summary: str = setting()
    tags: list[str] = setting(example="[teamwork, staffing]")  # keys of Settings.tags
    # keys of Settings.program_types, or ["all"]
    programs: list[str] = setting(example="[all] or [ssp, opc]")
    featured: bool = setting(False)
    see_also: list[str] = setting(  # hack names
        default_factory=list, example="[one-voice-leads, offer-debriefs-never-require-them]")
    pull_quote: str | None = setting(None)  # quote id
    clinical_review: bool = setting(False)  # medical steps a clinician should check
    pages: int = setting(1)  # its page budget: 1, or 2 for an emergency that needs it
    # Worked out by the reader.
    slug: str  # the file name without .md, e.g. "one-voice-leads"; see-also uses it
    number: str = ""  # from the order in the part, e.g. "R-4"
    body_html: str = ""
    sections_html: dict[str, str] = field(default_factory=dict)  # "Try this" -> its HTML
    body_markdown: str = ""  # the text as written, for the house-style checks
    text_markdown: str = ""  # the same with each shared passage in its place (word counts)
    placed: list[str] = field(default_factory=list)  # names of the shared passages in it
    body_line: int = 1  # the file line where the body starts
    headings: list = field(default_factory=list)  # rules.Heading: level as written, text, line
    pictures: list[tuple[str, int]] = field(default_factory=list)  # as written, and line
    typed_numbers: list[tuple[str, int]] = field(default_factory=list)  # "R-5" in its text
    path: Path
    part_id: str = ""
    section_id: str = ""
    setting_lines: dict[str, int] = field(default_factory=dict)

    @property
    def anchor(self) -> str:
        return ids.hack(self.slug)

    @property
    def applies_to_all(self) -> bool:
        return self.programs == ["all"]


@dataclass(kw_only=True)
class Section(_FromFile):
    """A group of hacks inside a part, such as "Space and supplies"."""

    title: str = setting()  # "" for the one untitled section of a part without sections
    hacks_order: list[str] = setting(default_factory=list,  # written `hacks:`
                                     example=HACKS_EXAMPLE)
    id: str = ""  # the folder name
    part_id: str = ""
    intro_html: str = ""
    path: Path | None = None  # section.md
    hacks: list[Hack] = field(default_factory=list)
    setting_lines: dict[str, int] = field(default_factory=dict)

    @property
    def anchor(self) -> str:
        return ids.section(self.part_id, self.id)


@dataclass(kw_only=True)
class Part(_FromFile):
    title: str = setting()
    kind: str = setting()  # text | hacks | quotes | glossary
    prefix: str | None = setting(None)  # hack numbers, e.g. "P"
    opening_quote: str | None = setting(None)
    sections_order: list[str] = setting(  # written `sections:`
        default_factory=list, example="one line '  - space-and-supplies' under it for each "
                                      "section's folder, in the order they are printed")
    hacks_order: list[str] = setting(default_factory=list,  # written `hacks:`
                                     example=HACKS_EXAMPLE)
    id: str = ""  # the folder name
    intro_html: str = ""
    path: Path
    sections: list[Section] = field(default_factory=list)
    setting_lines: dict[str, int] = field(default_factory=dict)

    @property
    def anchor(self) -> str:
        return ids.part(self.id)

    @property
    def hacks(self) -> list[Hack]:
        return [hack for section in self.sections for hack in section.hacks]

    @property
    def titled_sections(self) -> list[Section]:
        return [section for section in self.sections if section.title]


@dataclass(kw_only=True)
class TextPage(_FromFile):
    """A page of text in the front matter, such as content/whats-new.md."""

    title: str = setting()
    html: str = ""
    path: Path
    setting_lines: dict[str, int] = field(default_factory=dict)


# Settings written under another name in the file (`hacks:` is a Python-friendly
# `hacks_order` in the model, so that `hacks` can be the hacks themselves).
WRITTEN_AS = {"hacks_order": "hacks", "sections_order": "sections"}


@dataclass(kw_only=True)
class Settings:
    """content/guide.yaml."""

    title: str = setting()
    subtitle: str = setting()
    publisher: str = setting()
    edition: str = setting()
    date: datetime.date = setting()
    language: str = setting()
    licence: str = setting()
    keywords: list[str] = setting(default_factory=list,
                                  example="[harm reduction, de-escalation]")
    citation: str | None = setting(None)
    website: str | None = setting(None)  # where to get the full guide (printed on handouts)
    parts: list[str] = setting(example="one line '  - prevention' under it for each part's "
                                       "folder, in the order they are printed")
    program_types: dict[str, str] = setting(example="ssp: Syringe services programs")
    tags: dict[str, str] = setting(example="teamwork: Teamwork")


@dataclass
class Guide:
    settings: Settings
    parts: list[Part]
    quotes: dict[str, Quote]  # in file order
    glossary: list[GlossaryEntry]  # sorted by term
    sources: dict[Path, str] = field(default_factory=dict)  # every file read, as text
    # YAML values in double quotes as their escapes decode, with their lines
    decoded: dict[Path, list[tuple[int, str]]] = field(default_factory=dict)
    images: dict[str, Path] = field(default_factory=dict)  # image URL -> file using it
    hack_links: list[tuple[Path, str, int]] = field(default_factory=list)  # [..](#slug)
    notes: list = field(default_factory=list)  # reading notes (Problem), never fatal
    whats_new: TextPage | None = None  # content/whats-new.md, when there is one
    content: Path = Path("content")  # the folder, for messages that name other files
    words_to_avoid: list[WordsToAvoid] = field(default_factory=list)
    left_out: dict[str, Path] = field(default_factory=dict)  # hack name -> the _ file or folder
    passages: dict[str, Passage] = field(default_factory=dict)  # content/shared/, by name
    estimates: dict = field(default_factory=dict)  # file -> limits.Estimate, before layout

    @property
    def hacks(self) -> list[Hack]:
        return [hack for part in self.parts for hack in part.hacks]

    def hack(self, slug: str) -> Hack:
        """The hack of this name. KeyError when there is none: never StopIteration, which
        a generator (or a template's loop) around the call would take for its own end."""
        for hack in self.hacks:
            if hack.slug == slug:
                return hack
        raise KeyError(f"the guide has no hack named '{slug}'")

    def part(self, part_id: str) -> Part:
        for part in self.parts:
            if part.id == part_id:
                return part
        raise KeyError(f"the guide has no part '{part_id}'")

    @property
    def featured(self) -> list[Hack]:
        return [hack for hack in self.hacks if hack.featured]

    def link_labels(self) -> dict[str, str]:
        """What a link to each place in the guide says, for screen readers."""
        labels = {ids.CONTENTS: "Contents", ids.FEATURED: "Featured hacks",
                  ids.TAG_INDEX: "Index of hacks by tag", ids.WHATS_NEW: "What's new"}
        labels.update({part.anchor: part.title for part in self.parts})
        labels.update({section.anchor: section.title for part in self.parts
                       for section in part.titled_sections})
        labels.update({hack.anchor: f"{hack.number}: {hack.title}" for hack in self.hacks})
        labels.update({ids.tag(key): f"Index: {label}"
                       for key, label in self.settings.tags.items()})
        return labels

    def hacks_by_tag(self) -> list[tuple[str, str, list[Hack]]]:
        """(tag key, tag label, hacks) for every tag in use, sorted by label."""
        rows = []
        for key, label in self.settings.tags.items():
            tagged = [hack for hack in self.hacks if key in hack.tags]
            if tagged:
                rows.append((key, label, tagged))
        return sorted(rows, key=lambda row: row[1].lower())
