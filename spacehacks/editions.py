"""What is being made. Each edition of the guide describes itself here (paper, page size,
template, stylesheets, type size, file name, title, which parts and hacks); the one
`pipeline.build()` makes any of them. Adding an edition means adding a description.

This module imports nothing heavy, so `--help` answers at once.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from .errors import UsageError


@dataclass(frozen=True)
class Paper:
    name: str  # as typed after --paper
    css_size: str  # for @page { size: ... }
    suffix: str  # in file names: "" for Letter, "-a4" for A4
    half: str  # the page size of the booklet made on this paper (half a sheet)


PAPERS = {
    "letter": Paper("letter", "letter", "", "5.5in 8.5in"),
    "a4": Paper("a4", "A4", "-a4", "A5"),
}
KINDS = ("guide", "handouts", "cards", "booklet")  # what `--all` makes, per paper


@dataclass(frozen=True)
class Output:
    """One file made from an edition's laid-out pages."""

    file_name: str  # under output/
    title: str  # the PDF's title
    pages: tuple[int, ...] | None = None  # indexes of the edition's pages; None: all
    hack: str = ""  # cards: the hack on this page


@dataclass(frozen=True)
class Edition:
    kind: str  # "guide", "handout", "cards" or "booklet"
    paper: Paper
    page_size: str  # CSS size of the page laid out
    body_size: str  # body type size, as printed
    template: str  # in layout/
    stylesheets: tuple[str, ...]  # in layout/, in order
    file_name: str  # under output/
    title: str  # the PDF's title
    print_cover: bool = False  # ink on white, for home printers
    parts: tuple[str, ...] = ()  # a handout: whole parts it holds
    hacks: tuple[str, ...] = ()  # a handout: single hacks it holds (by name)
    label: str = ""  # a handout: what it holds, in words ("Immediate response")
    impose: bool = False  # the booklet: two pages a side, in saddle-stitch order
    one_file_per_hack: bool = False  # cards: each card as a file too
    needs_guide_pages: bool = False  # prints "guide page N", so needs the guide's layout

    @property
    def key(self) -> str:
        """Unique among editions: the file it writes."""
        return self.file_name

    @property
    def whole_guide(self) -> bool:
        return not (self.parts or self.hacks)


GUIDE_CSS = ("guide.css",)


def guide(paper: Paper, title: str) -> Edition:
    return Edition("guide", paper, paper.css_size, "10.5pt", "guide.html", GUIDE_CSS,
                   f"space-hacks{paper.suffix}.pdf", title)


def booklet(paper: Paper, title: str) -> Edition:
    """The guide at half the sheet's size, imposed two pages a side for folding."""
    return Edition("booklet", paper, paper.half, "9.5pt", "guide.html",
                   GUIDE_CSS + ("print.css", "booklet.css"),
                   f"space-hacks{paper.suffix}-booklet.pdf", f"{title} (booklet)",
                   print_cover=True, impose=True)


def cards(paper: Paper, title: str) -> Edition:
    """A wall card for every hack, one page each, in large type."""
    return Edition("cards", paper, paper.css_size, "14pt", "cards.html",
                   GUIDE_CSS + ("print.css", "cards.css"),
                   f"space-hacks{paper.suffix}-cards.pdf", f"{title}: wall cards",
                   print_cover=True, one_file_per_hack=True, needs_guide_pages=True)


def handout(paper: Paper, title: str, *, parts=(), hacks=(), label: str,
            file_name: str) -> Edition:
    """Some parts or hacks, standing alone: own title block, page numbers and links."""
    return Edition("handout", paper, paper.css_size, "10.5pt", "handout.html",
                   GUIDE_CSS + ("print.css", "handout.css"), file_name, f"{title}: {label}",
                   print_cover=True, parts=tuple(parts), hacks=tuple(hacks), label=label,
                   needs_guide_pages=True)


def part_handouts(guide_model, paper: Paper) -> list[Edition]:
    """One handout per part: output/handouts/<part>.pdf."""
    title = guide_model.settings.title
    folder = f"handouts{paper.suffix}"
    return [handout(paper, title, parts=(part.id,), label=part.title,
                    file_name=f"{folder}/{part.id}.pdf") for part in guide_model.parts]


def card_outputs(edition: Edition, guide_model, card_pages: dict[str, range]) -> list[Output]:
    """The stack of all cards, and each card on its own: cards/<number>-<name>.pdf."""
    folder = f"cards{edition.paper.suffix}"
    outputs = [Output(edition.file_name, edition.title)]
    for hack in guide_model.hacks:
        pages = card_pages.get(hack.slug)
        if pages:
            outputs.append(Output(f"{folder}/{hack.number.lower()}-{hack.slug}.pdf",
                                  f"{guide_model.settings.title}: {hack.number} {hack.title}",
                                  tuple(pages), hack.slug))
    return outputs


@dataclass
class Request:
    """What the command line asks for."""

    kinds: tuple[str, ...] = ("guide",)
    papers: tuple[str, ...] = ("letter",)
    handout: tuple[str, ...] = ()  # parts and hacks for one handout, as typed
    output: str | None = None  # another file name for a single edition

    @property
    def key(self) -> str:
        """Names the request in the manifest, to know when it is already up to date."""
        return " ".join([*self.kinds, *self.papers, *self.handout, self.output or ""]).strip()


def plan(guide_model, request: Request) -> list[Edition]:
    """The editions a request asks for, each fully described."""
    title = guide_model.settings.title
    editions = []
    for paper in (PAPERS[name] for name in request.papers):
        if request.handout:
            editions.append(selection_handout(guide_model, paper, request.handout))
            continue
        for kind in request.kinds:
            if kind == "guide":
                editions.append(guide(paper, title))
            elif kind == "handouts":
                editions.extend(part_handouts(guide_model, paper))
            elif kind == "cards":
                editions.append(cards(paper, title))
            elif kind == "booklet":
                editions.append(booklet(paper, title))
    if request.output and len(editions) == 1:
        editions = [replace(editions[0], file_name=request.output)]
    return editions


def selection_handout(guide_model, paper: Paper, items: tuple[str, ...]) -> Edition:
    """`--handout R-4 R-5` or `--handout immediate-response`: parts by folder, hacks by
    number (R-4), by name (one-voice-leads) or by file name (one-voice-leads.md)."""
    parts, hacks = [], []
    for item in items:
        wanted = item.strip().lower().removesuffix(".md").rsplit("/", 1)[-1]
        part = next((p for p in guide_model.parts if p.id == wanted), None)
        hack = next((h for h in guide_model.hacks if wanted in (h.number.lower(), h.slug)),
                    None)
        if part is not None:
            parts.append(part)
        elif hack is not None:
            hacks.append(hack)
        else:
            raise UsageError(
                f"--handout: there is no part or hack called '{item}'. Name a part by its "
                f"folder ({', '.join(p.id for p in guide_model.parts)}), or a hack by its "
                "number (R-4) or its file name (one-voice-leads).")
    in_parts = {hack.slug for part in parts for hack in part.hacks}
    hacks = [hack for hack in guide_model.hacks
             if hack in hacks and hack.slug not in in_parts]  # guide order, each once
    part_ids = list(dict.fromkeys(part.id for part in parts))
    names = [guide_model.part(part_id).title for part_id in part_ids] + [h.number for h in hacks]
    label = ", ".join(names)
    stem = "-".join(item.strip().lower().removesuffix(".md").rsplit("/", 1)[-1]
                    for item in items)[:80]
    return handout(paper, guide_model.settings.title,
                   parts=tuple(part_ids),
                   hacks=tuple(h.slug for h in hacks), label=label,
                   file_name=f"space-hacks{paper.suffix}-handout-{stem}.pdf")


def contents(edition: Edition, guide_model) -> tuple[list, list]:
    """The parts and the hacks an edition prints (a handout's single hacks are listed
    with the hacks, not the parts)."""
    if edition.whole_guide:
        return list(guide_model.parts), list(guide_model.hacks)
    parts = [part for part in guide_model.parts if part.id in edition.parts]
    hacks = [hack for hack in guide_model.hacks
             if hack.part_id in edition.parts or hack.slug in edition.hacks]
    return parts, hacks


def places(edition: Edition, guide_model) -> set[str] | None:
    """The ids an edition can link to, or None when it holds the whole guide."""
    if edition.kind == "cards":
        return {f"card-{hack.slug}" for hack in guide_model.hacks}
    if edition.whole_guide:
        return None
    parts, hacks = contents(edition, guide_model)
    return ({part.anchor for part in parts} | {hack.anchor for hack in hacks}
            | {section.anchor for part in parts for section in part.titled_sections}
            | {"handout-title"})
