"""What is being made. Each edition of the guide describes itself here (pages, template,
stylesheets, type size, file names, title, which parts and hacks, which papers); the one
`pipeline.build()` makes any of them. Adding an edition means adding a description.

One layout serves every paper. Letter (8.5 x 11 in) and A4 (8.27 x 11.69 in) are close,
so an edition is laid out once at the size both can hold (A4's width, Letter's height)
and each paper gets that page unscaled, centred, the difference added to the margins.
A trainer with Letter and a colleague with A4 see the same pages with the same numbers,
and `--all` lays each edition out once instead of twice. The booklet does the same with
half a sheet (half-letter 5.5 x 8.5 in, A5 5.83 x 8.27 in).

This module imports nothing heavy, so `--help` answers at once.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from .errors import UsageError

POINTS = 72  # per inch


@dataclass(frozen=True)
class Paper:
    name: str  # as typed after --paper
    suffix: str  # in file names: "" for Letter, "-a4" for A4
    width: float  # points
    height: float

    @property
    def landscape(self) -> tuple[float, float]:
        return self.height, self.width


PAPERS = {
    "letter": Paper("letter", "", 8.5 * POINTS, 11 * POINTS),
    "a4": Paper("a4", "-a4", 595.28, 841.89),
}
# The page every paper can hold: A4's width, Letter's height; and half of it for the
# booklet (half-letter's width, A5's height).
PAGE = "8.27in 11in"
HALF_PAGE = "5.5in 8.27in"
KINDS = ("guide", "handouts", "cards", "booklet")  # what `--all` makes


@dataclass(frozen=True)
class Output:
    """One file made from an edition's laid-out pages, on one paper."""

    file_name: str  # under output/
    title: str  # the PDF's title
    paper: Paper
    pages: tuple[int, ...] | None = None  # indexes of the edition's pages; None: all
    hack: str = ""  # cards: the hack on this page


@dataclass(frozen=True)
class Edition:
    kind: str  # "guide", "handout", "cards" or "booklet"
    papers: tuple[Paper, ...]  # each gets its own file(s), from the one layout
    page_size: str  # CSS size of the page laid out
    body_size: str  # body type size, as printed
    template: str  # in layout/
    stylesheets: tuple[str, ...]  # in layout/, in order
    file_pattern: str  # under output/; {paper} becomes "" or "-a4"
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
        """Unique among editions, and the same whatever the papers: its layout."""
        return self.file_pattern.format(paper="")

    def file_name(self, paper: Paper) -> str:
        return self.file_pattern.format(paper=paper.suffix)

    @property
    def whole_guide(self) -> bool:
        return not (self.parts or self.hacks)


GUIDE_CSS = ("guide.css",)
PRINT_CSS = GUIDE_CSS + ("print.css",)


def guide(papers, title: str) -> Edition:
    return Edition("guide", tuple(papers), PAGE, "10.5pt", "guide.html", GUIDE_CSS,
                   "space-hacks{paper}.pdf", title)


def booklet(papers, title: str) -> Edition:
    """The guide at half a sheet, imposed two pages a side for folding and stapling."""
    return Edition("booklet", tuple(papers), HALF_PAGE, "9.5pt", "guide.html",
                   PRINT_CSS + ("booklet.css",), "space-hacks{paper}-booklet.pdf",
                   f"{title} (booklet)", print_cover=True, impose=True)


def cards(papers, title: str) -> Edition:
    """A wall card for every hack, one page each, in large type."""
    return Edition("cards", tuple(papers), PAGE, "14pt", "cards.html",
                   PRINT_CSS + ("cards.css",), "space-hacks{paper}-cards.pdf",
                   f"{title}: wall cards", print_cover=True, one_file_per_hack=True,
                   needs_guide_pages=True)


def handout(papers, title: str, *, parts=(), hacks=(), label: str, file_pattern: str
            ) -> Edition:
    """Some parts or hacks, standing alone: own title block, page numbers and links."""
    return Edition("handout", tuple(papers), PAGE, "10.5pt", "handout.html",
                   PRINT_CSS + ("handout.css",), file_pattern, f"{title}: {label}",
                   print_cover=True, parts=tuple(parts), hacks=tuple(hacks), label=label,
                   needs_guide_pages=True)


def part_handouts(guide_model, papers) -> list[Edition]:
    """One handout per part: output/handouts/<part>.pdf."""
    title = guide_model.settings.title
    return [handout(papers, title, parts=(part.id,), label=part.title,
                    file_pattern=f"handouts{{paper}}/{part.id}.pdf")
            for part in guide_model.parts]


def outputs(edition: Edition, guide_model, card_pages: dict[str, range] | None = None
            ) -> list[Output]:
    """The files an edition makes, on each of its papers. Cards: the stack of all cards,
    and each card on its own, cards/<number>-<name>.pdf (only cards that fit)."""
    result = []
    for paper in edition.papers:
        if not edition.one_file_per_hack:
            result.append(Output(edition.file_name(paper), edition.title, paper))
            continue
        fitting = card_pages or {}
        stack = tuple(sorted(page for pages in fitting.values() for page in pages))
        result.append(Output(edition.file_name(paper), edition.title, paper, stack))
        for hack in guide_model.hacks:
            if hack.slug in fitting:
                result.append(Output(
                    f"cards{paper.suffix}/{hack.number.lower()}-{hack.slug}.pdf",
                    f"{guide_model.settings.title}: {hack.number} {hack.title}", paper,
                    tuple(fitting[hack.slug]), hack.slug))
    return result


@dataclass
class Request:
    """What the command line asks for."""

    kinds: tuple[str, ...] = ("guide",)
    papers: tuple[str, ...] = ("letter",)
    handout: tuple[str, ...] = ()  # parts and hacks for one handout, as typed
    output: str | None = None  # another file name for a single edition on one paper

    @property
    def key(self) -> str:
        """Names the request in the manifest, to know when it is already up to date."""
        return " ".join([*self.kinds, *self.papers, *self.handout, self.output or ""]).strip()


def plan(guide_model, request: Request) -> list[Edition]:
    """The editions a request asks for, each fully described."""
    title = guide_model.settings.title
    papers = tuple(PAPERS[name] for name in request.papers)
    if request.handout:
        editions = [selection_handout(guide_model, papers, request.handout)]
    else:
        makers = {"guide": lambda: [guide(papers, title)],
                  "handouts": lambda: part_handouts(guide_model, papers),
                  "cards": lambda: [cards(papers, title)],
                  "booklet": lambda: [booklet(papers, title)]}
        editions = [edition for kind in request.kinds for edition in makers[kind]()]
    if request.output:
        if len(editions) != 1 or len(papers) != 1 or editions[0].one_file_per_hack:
            raise UsageError("-o names one file, so it goes with one edition on one paper "
                             "(not with --all, and not with the wall cards).")
        editions = [replace(editions[0], file_pattern=request.output.replace("{", "{{")
                            .replace("}", "}}"))]
    return editions


def selection_handout(guide_model, papers, items: tuple[str, ...]) -> Edition:
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
    stem = "-".join(item.strip().lower().removesuffix(".md").rsplit("/", 1)[-1]
                    for item in items)[:80]
    return handout(papers, guide_model.settings.title, parts=tuple(part_ids),
                   hacks=tuple(h.slug for h in hacks), label=", ".join(names),
                   file_pattern=f"space-hacks{{paper}}-handout-{stem}.pdf")


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
