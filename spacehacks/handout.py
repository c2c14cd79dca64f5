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


def pages_of(guide: Guide, parts: list[Part], hacks: list[Hack],
             page_of: dict[str, int], page_count: int) -> list[int]:
    """Indexes of the pages that hold the chosen parts and hacks, in guide order."""
    # Every place where something new starts on a page of its own.
    starts = sorted({page_of[part.anchor] for part in guide.parts}
                    | {page_of[hack.anchor] for hack in guide.hacks}
                    | {page_of.get("tag-index", page_count), page_count})
    index_start = page_of.get("tag-index", page_count)
    pages: set[int] = set()
    for part in parts:
        # A whole part runs to where the next part (or the index) starts.
        first = page_of[part.anchor]
        end = min([page_of[p.anchor] for p in guide.parts if page_of[p.anchor] > first]
                  + [index_start])
        pages.update(range(first, end))
    for hack in hacks:
        first = page_of[hack.anchor]
        pages.update(range(first, next(start for start in starts if start > first)))
    return sorted(pages)


def file_stem(items: list[str]) -> str:
    return "space-hacks-handout-" + "-".join(item.strip().lower() for item in items)[:80]
