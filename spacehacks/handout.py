"""Handouts: a few hacks or whole parts, printed from the guide's own laid-out pages.

The pages are the guide's pages (same layout, same page numbers in the footer), so a
handout and the full guide always agree, and nothing is laid out twice.
"""

from __future__ import annotations

from .errors import UsageError
from .model import Guide, Hack, Part


def select(guide: Guide, items: list[str]) -> tuple[list[Part], list[Hack]]:
    """Parts and hacks named by part folder (prevention), number (R-4) or name."""
    parts: list[Part] = []
    hacks: list[Hack] = []
    for item in items:
        wanted = item.strip().lower()
        part = next((p for p in guide.parts if p.id == wanted), None)
        hack = next((h for h in guide.hacks if wanted in (h.number.lower(), h.slug)), None)
        if part is not None:
            parts.append(part)
            hacks.extend(part.hacks)
        elif hack is not None:
            hacks.append(hack)
        else:
            raise UsageError(
                f"--handout: there is no part or hack called '{item}'. Name a part by its "
                f"folder ({', '.join(p.id for p in guide.parts)}), or a hack by its number "
                "(R-4) or its file name without number (one-voice-leads).")
    order = {hack.anchor: index for index, hack in enumerate(guide.hacks)}
    unique_hacks = sorted({hack.anchor: hack for hack in hacks}.values(),
                          key=lambda hack: order[hack.anchor])
    unique_parts = list({part.id: part for part in parts}.values())
    return unique_parts, unique_hacks


def hack_pages(guide: Guide, page_of: dict[str, int], page_count: int) -> dict[str, range]:
    """Each hack's name -> the indexes of the pages it fills.

    A hack starts on a page of its own and runs to where the next hack, part or the
    index starts.
    """
    # (An anchor lost by a template edit is skipped here and reported by finish.py.)
    anchors = [item.anchor for item in (*guide.parts, *guide.hacks) if item.anchor in page_of]
    starts = sorted({page_of[anchor] for anchor in anchors}
                    | {page_of.get("tag-index", page_count), page_count})
    spans = {}
    for hack in guide.hacks:
        if hack.anchor not in page_of:
            continue
        first = page_of[hack.anchor]
        spans[hack.slug] = range(first, next(start for start in starts if start > first))
    return spans


def pages_of(guide: Guide, parts: list[Part], hacks: list[Hack],
             page_of: dict[str, int], page_count: int) -> list[int]:
    """Indexes of the pages that hold the chosen parts and hacks, in guide order."""
    index_start = page_of.get("tag-index", page_count)
    pages: set[int] = set()
    part_starts = [page_of[p.anchor] for p in guide.parts if p.anchor in page_of]
    for part in parts:
        # A whole part runs to where the next part (or the index) starts.
        first = page_of.get(part.anchor, page_count)
        end = min([start for start in part_starts if start > first] + [index_start])
        pages.update(range(first, end))
    spans = hack_pages(guide, page_of, page_count)
    for hack in hacks:
        pages.update(spans.get(hack.slug, ()))
    return sorted(pages)


def file_stem(items: list[str]) -> str:
    return "space-hacks-handout-" + "-".join(item.strip().lower() for item in items)[:80]
