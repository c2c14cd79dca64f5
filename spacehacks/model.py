"""The guide as the templates see it, after all content is read and checked."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path

# --paper choice -> CSS page size
PAPER_SIZES = {"letter": "letter", "a4": "A4"}


@dataclass
class Quote:
    id: str
    text: str
    by: str | None  # None: the source gives no name; printed as "From the field"

    @property
    def attribution(self) -> str:
        return self.by or "From the field"


@dataclass
class GlossaryEntry:
    term: str
    definition_html: str
    anchor: str


class _FromFileWithSettings:
    """A hack or part: its settings' lines in its file, for messages."""

    setting_lines: dict[str, int]

    def line_of(self, setting: str) -> int:
        return self.setting_lines.get(setting, 2)  # line 2: the first setting


@dataclass
class Hack(_FromFileWithSettings):
    slug: str  # from the file name, e.g. "daily-huddles"; see-also uses it
    number: str  # from the file order, e.g. "P-3"
    title: str
    summary: str
    tags: list[str]  # keys of Settings.tags
    programs: list[str]  # keys of Settings.program_types, or ["all"]
    featured: bool
    see_also: list[str]  # slugs
    pull_quote: str | None  # quote id
    body_html: str
    path: Path
    part_id: str = ""
    body_markdown: str = ""  # the text as written, for the house-style checks
    body_line: int = 1  # the file line where the body starts
    setting_lines: dict[str, int] = field(default_factory=dict)  # for messages

    @property
    def anchor(self) -> str:
        return f"hack-{self.slug}"

    @property
    def applies_to_all(self) -> bool:
        return self.programs == ["all"]


@dataclass
class Part(_FromFileWithSettings):
    id: str  # the folder name
    title: str
    kind: str  # text | hacks | quotes | glossary
    prefix: str | None  # hack numbers, e.g. "P"
    opening_quote: str | None
    intro_html: str
    path: Path
    hacks: list[Hack] = field(default_factory=list)
    setting_lines: dict[str, int] = field(default_factory=dict)  # for messages

    @property
    def anchor(self) -> str:
        return f"part-{self.id}"


@dataclass
class Settings:
    title: str
    subtitle: str
    publisher: str
    edition: str
    date: datetime.date
    language: str
    licence: str
    keywords: list[str]
    citation: str | None
    parts: list[str]
    program_types: dict[str, str]
    tags: dict[str, str]


@dataclass
class Guide:
    settings: Settings
    parts: list[Part]
    quotes: dict[str, Quote]  # in file order
    glossary: list[GlossaryEntry]  # sorted by term
    sources: dict[Path, str] = field(default_factory=dict)  # every file read, as text
    images: dict[str, Path] = field(default_factory=dict)  # image URL -> file using it
    hack_links: list[tuple[Path, str, int]] = field(default_factory=list)  # [..](#slug)

    @property
    def hacks(self) -> list[Hack]:
        return [hack for part in self.parts for hack in part.hacks]

    def hack(self, slug: str) -> Hack:
        return next(h for h in self.hacks if h.slug == slug)

    @property
    def featured(self) -> list[Hack]:
        return [hack for hack in self.hacks if hack.featured]

    def link_labels(self) -> dict[str, str]:
        """What a link to each place in the guide says, for screen readers."""
        labels = {"contents": "Contents", "featured": "Featured hacks",
                  "tag-index": "Index of hacks by tag"}
        labels.update({part.anchor: part.title for part in self.parts})
        labels.update({hack.anchor: f"{hack.number}: {hack.title}" for hack in self.hacks})
        labels.update({f"tag-{key}": f"Index: {label}" for key, label in self.settings.tags.items()})
        return labels

    def hacks_by_tag(self) -> list[tuple[str, str, list[Hack]]]:
        """(tag key, tag label, hacks) for every tag in use, sorted by label."""
        rows = []
        for key, label in self.settings.tags.items():
            tagged = [hack for hack in self.hacks if key in hack.tags]
            if tagged:
                rows.append((key, label, tagged))
        return sorted(rows, key=lambda row: row[1].lower())
