"""What a build of the whole guide records of each hack, for the what-changed report
(`build_pdf.py changes`): its number, name, title, part, section, a hash of what it
prints (its file and the shared passages it places) and its pages."""

from __future__ import annotations

import hashlib

from ..reading.model import Guide


def records(guide: Guide, page_numbers: dict[str, int], spans: dict[str, range]) -> dict:
    """What a build says about the guide: each hack with the numbers of its pages (from
    `page_numbers`, where each place landed, and `spans`, the indexes of the pages each
    hack fills), and the page count."""
    hacks = []
    for hack in guide.hacks:
        first = page_numbers.get(hack.anchor)
        count = len(spans.get(hack.slug, ())) or 1
        hacks.append({
            "number": hack.number, "name": hack.slug, "title": hack.title,
            "part": hack.part_id, "section": hack.section_id,
            "hash": _printed_hash(guide, hack),
            "pages": list(range(first, first + count)) if first else [],
        })
    return {"hacks": hacks, "page_count": max(page_numbers.values(), default=0)}


def _printed_hash(guide: Guide, hack) -> str:
    """Changes when what the hack prints changes: its file, or a passage it places."""
    digest = hashlib.sha256(guide.sources[hack.path].encode("utf-8"))
    for name in hack.placed:
        digest.update(b"\0" + guide.passages[name].markdown.encode("utf-8"))
    return digest.hexdigest()[:16]
