"""Which pages the web edition has, where each one lives, and what its template gets.
Every address comes from editions/addresses.py, the one place print editions ask too."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..editions.addresses import DOWNLOADS, HACKS, HOME, SEARCH, TAGS, folder
from ..reading.model import Guide, Hack

WHATS_NEW = "whats-new/"
NOT_FOUND = "404.html"  # GitHub Pages answers any address it does not have with this


@dataclass
class Page:
    folder: str  # inside the site: '' (home) or ending in '/'
    template: str  # in layout/site/
    context: dict = field(default_factory=dict)  # what the template needs beyond the guide
    searchable: bool = False  # indexed for search
    name: str = "index.html"
    # Served at any address (404.html): its links start from the site's own path on its
    # server, not from where the page happens to be.
    anywhere: bool = False

    @property
    def file(self) -> str:
        return self.folder + self.name

    @property
    def root(self) -> str:
        """The way back to the site's root from here: relative, so the folder works
        wherever it is served from (or opened from the disk)."""
        return "../" * self.folder.count("/")


def pages(guide: Guide) -> list[Page]:
    result = [Page(HOME, "home.html"), Page(HACKS, "hacks.html"), Page(TAGS, "tags.html"),
              Page(DOWNLOADS, "downloads.html"), Page(SEARCH, "search.html"),
              Page(HOME, "not-found.html", name=NOT_FOUND, anywhere=True)]
    if guide.whats_new:
        result.append(Page(WHATS_NEW, "text.html", {"page_text": guide.whats_new}))
    hacks = guide.hacks
    for part in guide.parts:
        result.append(Page(folder(part), "part.html", {"part": part},
                           searchable=part.kind in ("text", "glossary")))
        for section in part.titled_sections:
            result.append(Page(folder(section), "section.html",
                               {"part": part, "section": section}))
    for index, hack in enumerate(hacks):
        result.append(Page(folder(hack), "hack.html", {
            "hack": hack, "part": guide.part(hack.part_id),
            "section": _section(guide, hack),
            "previous": hacks[index - 1] if index else None,
            "next": hacks[index + 1] if index + 1 < len(hacks) else None,
        }, searchable=True))
    return result


def _section(guide: Guide, hack: Hack):
    part = guide.part(hack.part_id)
    return next((s for s in part.titled_sections if s.id == hack.section_id), None)
