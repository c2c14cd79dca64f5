"""What a command line asks for, turned into editions (`plan`); and what each edition
holds: its parts and hacks, the places it can link to, and the files it makes."""

from __future__ import annotations

from dataclasses import dataclass, replace

from .. import ids
from ..errors import UsageError
from .edition import (PAPERS, PDF_KINDS, Edition, Output, Site, booklet, cards, guide, handout,
                      large_print, part_handouts, section_booklets, site, small_booklet)


def outputs(edition: Edition, guide_model, card_indexes: dict[str, range] | None = None
            ) -> list[Output]:
    """The files an edition makes, on each of its papers. Cards: the stack of all cards,
    and each card on its own, cards/<number>-<name>.pdf (only cards that fit)."""
    result = []
    for paper in edition.papers:
        if not edition.one_file_per_hack:
            result.append(Output(edition.file_name(paper), edition.title, paper))
            continue
        fitting = card_indexes or {}
        stack = tuple(sorted(index for indexes in fitting.values() for index in indexes))
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


def plan(guide_model, request: Request) -> list[Edition | Site]:
    """The editions a request asks for, each fully described. The web edition offers
    every PDF edition on both papers: a PDF edition asked for beside it is made on both,
    so that the one layout serves the site too."""
    papers = tuple(PAPERS[name] for name in request.papers)
    if request.handout and "site" in request.kinds:
        raise UsageError("--handout makes one PDF handout, and the web edition (--edition "
                         "site, or --all) is made on its own: run the two as separate "
                         "commands, `build_pdf.py --handout ...` and `build_pdf.py "
                         "--edition site` (or `make site`). The site offers every part's "
                         "handout already.")
    if request.handout:
        editions = selection(guide_model, papers, request)
    else:
        editions = [edition for kind in request.kinds if kind in PDF_KINDS
                    for edition in pdf_editions(guide_model, kind, papers)]
    if "site" in request.kinds:
        if request.output:
            raise UsageError("-o names one PDF file; the web edition is always written to "
                             "output/site/.")
        downloads = [edition for kind in PDF_KINDS
                     for edition in pdf_editions(guide_model, kind, tuple(PAPERS.values()))]
        on_both = {edition.key: edition for edition in downloads}
        editions = [on_both.get(edition.key, edition) for edition in editions]
        editions.append(site(guide_model.settings.title, downloads))
    if request.output:
        if len(editions) != 1 or len(papers) != 1 or editions[0].one_file_per_hack:
            raise UsageError("-o names one file, so it goes with one edition on one paper "
                             "(not with --all, and not with the wall cards).")
        editions = [replace(editions[0], file_pattern=request.output.replace("{", "{{")
                            .replace("}", "}}"))]
    return editions


def pdf_editions(guide_model, kind: str, papers) -> list[Edition]:
    """The PDF editions of one kind ('handouts' is one per part)."""
    title = guide_model.settings.title
    makers = {"guide": lambda: [guide(papers, title)],
              "handouts": lambda: part_handouts(guide_model, papers),
              "cards": lambda: [cards(papers, title)],
              "booklet": lambda: [booklet(papers, title)],
              "booklets": lambda: section_booklets(guide_model, papers),
              "large-print": lambda: [large_print(papers, title)]}
    return makers[kind]()


def selection(guide_model, papers, request: Request) -> list[Edition]:
    """`--handout ...` makes a handout of the parts and hacks named; with `--edition
    booklet` (or `booklets`) a small booklet of the same hacks, or both when both are
    asked for."""
    as_booklet = {"booklet", "booklets"} & set(request.kinds)
    as_handout = {"guide", "handouts"} & set(request.kinds)
    others = set(request.kinds) - as_booklet - as_handout - {"site"}
    if others:
        raise UsageError(
            f"--handout goes with --edition handouts (the default) or --edition booklet, "
            f"not with --edition {sorted(others)[0]}: "
            + ("every hack's wall card is made on its own already, in output/cards/."
               if "cards" in others else "it is always the whole guide."))
    editions = []
    if as_handout:
        editions.append(selection_handout(guide_model, papers, request.handout))
    if as_booklet:
        editions.append(selection_booklet(guide_model, papers, request.handout))
    return editions


def _selected(guide_model, items: tuple[str, ...]) -> tuple[list, list, str, str]:
    """The parts and the hacks named (parts by folder, hacks by number, R-4, by name,
    one-voice-leads, or by file name, one-voice-leads.md), with a label in words and a
    stem for the file name."""
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
    return part_ids, hacks, ", ".join(names), stem


def selection_handout(guide_model, papers, items: tuple[str, ...]) -> Edition:
    """`--handout R-4 R-5` or `--handout immediate-response`."""
    part_ids, hacks, label, stem = _selected(guide_model, items)
    return handout(papers, guide_model.settings.title, parts=tuple(part_ids),
                   hacks=tuple(h.slug for h in hacks), label=label,
                   file_pattern=f"space-hacks{{paper}}-handout-{stem}.pdf")


def selection_booklet(guide_model, papers, items: tuple[str, ...]) -> Edition:
    """`--handout R-4 R-5 --edition booklet`: the same hacks as a small booklet to fold
    and staple, in guide order (a part named brings all its hacks)."""
    part_ids, hacks, label, stem = _selected(guide_model, items)
    chosen = {hack.slug for hack in hacks}
    slugs = tuple(hack.slug for hack in guide_model.hacks
                  if hack.part_id in part_ids or hack.slug in chosen)
    if not slugs:
        raise UsageError(f"--edition booklet folds hacks into a booklet, and {label} has "
                         "none: leave out --edition booklet to make a handout of it.")
    return small_booklet(papers, guide_model.settings.title, hacks=slugs, label=label,
                         file_pattern=f"space-hacks{{paper}}-booklet-{stem}.pdf")


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
        return {ids.card(hack.slug) for hack in guide_model.hacks}
    if edition.whole_guide:
        return None
    parts, hacks = contents(edition, guide_model)
    return ({part.anchor for part in parts} | {hack.anchor for hack in hacks}
            | {section.anchor for part in parts for section in part.titled_sections}
            | {ids.HANDOUT_TITLE})
