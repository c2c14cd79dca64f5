"""The PDFs the web edition offers: every file of every PDF edition, on both papers, with
its size. Only PDFs this build made, or that output/ holds from the very same inputs
(checked against their hashes), are ever offered; the site serves copies of them under
downloads/."""

from __future__ import annotations

from dataclasses import dataclass

from ..editions.edition import Edition
from ..editions.plan import outputs
from ..reading.model import Guide

FOLDER = "downloads/"  # in the site; each PDF keeps its name under output/


@dataclass(frozen=True)
class Download:
    file_name: str  # under output/, and under the site's downloads/
    title: str  # the PDF's own title
    paper: str  # "Letter" or "A4"
    edition: Edition
    hack: str  # a single wall card: its hack's name
    size: int  # bytes
    data: bytes

    @property
    def path(self) -> str:
        """Inside the site."""
        return FOLDER + self.file_name

    @property
    def size_text(self) -> str:
        if self.size >= 1_000_000:
            return f"{self.size / 1_000_000:.1f}\u00a0MB"
        return f"{max(1, round(self.size / 1000))}\u00a0kB"


def offered(guide: Guide, made: list[tuple[Edition, dict[str, bytes]]]) -> list[Download]:
    """Each file of each edition, named as the plan names it (cards: only those made)."""
    everyone = {hack.slug: range(0) for hack in guide.hacks}
    result = []
    for edition, files in made:
        for output in outputs(edition, guide, everyone):
            data = files.get(output.file_name)
            if data is not None:
                result.append(Download(output.file_name, output.title,
                                       "Letter" if output.paper.name == "letter" else "A4",
                                       edition, output.hack, len(data), data))
    return result


@dataclass
class Shelf:
    """The downloads, sorted for the pages that show them."""

    downloads: list[Download]

    def editions(self) -> list[tuple[Edition, dict[str, Download]]]:
        """Each edition's whole file, by paper, in the order they were planned (single
        wall cards are listed with their hacks)."""
        rows: dict[str, tuple[Edition, dict[str, Download]]] = {}
        for download in self.downloads:
            if not download.hack:
                rows.setdefault(download.edition.key, (download.edition, {}))[1][
                    download.paper] = download
        return list(rows.values())

    def card(self, slug: str) -> dict[str, Download]:
        return {d.paper: d for d in self.downloads if d.hack == slug}

    def for_part(self, part_id: str) -> list[tuple[Edition, dict[str, Download]]]:
        """What a reader of this part can print beside the cards: the part's handout,
        then the booklet of each of its sections."""
        return [(edition, papers) for edition, papers in self.editions()
                if (edition.kind == "handout" and part_id in edition.parts)
                or (edition.section and edition.section[0] == part_id)]

    def for_hack(self, part_id: str, slug: str) -> list[tuple[Edition, dict[str, Download]]]:
        """Its part's handout, and the booklet of its section (the one that holds it)."""
        return [(edition, papers) for edition, papers in self.for_part(part_id)
                if edition.kind == "handout" or slug in edition.hacks]

    def for_section(self, part_id: str, section_id: str
                    ) -> list[tuple[Edition, dict[str, Download]]]:
        return [(edition, papers) for edition, papers in self.editions()
                if edition.section == (part_id, section_id)]

    def whole(self, kind: str) -> dict[str, Download]:
        return next((papers for edition, papers in self.editions()
                     if edition.kind == kind and edition.whole_guide), {})
