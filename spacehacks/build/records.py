"""What a build of the whole guide records, for the what-changed report (`build_pdf.py
changes`): each hack's number, name, title, part, section, whether it is featured, its
pictures, a hash of what it prints (its file and the shared passages it places) and its
pages; each quote; each section's title."""

from __future__ import annotations

import hashlib

from ..reading.model import Guide


def records(guide: Guide, page_numbers: dict[str, int], spans: dict[str, range]) -> dict:
    """What a build says about the guide: each hack with the numbers of its pages (from
    `page_numbers`, where each place landed, and `spans`, the indexes of the pages each
    hack fills), each quote, each section's title, and the page count."""
    sections = {}
    for part in guide.parts:
        for section in part.sections:
            sections[f"{part.id}/{section.id}"] = section.title or part.title
    hacks = []
    for hack in guide.hacks:
        first = page_numbers.get(hack.anchor)
        count = len(spans.get(hack.slug, ())) or 1
        hacks.append({
            "number": hack.number, "name": hack.slug, "title": hack.title,
            "part": hack.part_id, "section": hack.section_id,
            "section_title": sections.get(f"{hack.part_id}/{hack.section_id}", ""),
            "featured": hack.featured,
            "pictures": {src: _file_hash(hack.path.parent / src) for src, _ in hack.pictures},
            "hash": printed_hash(guide, hack),
            "pages": list(range(first, first + count)) if first else [],
        })
    quotes = {quote.id: hashlib.sha256(f"{quote.text}\0{quote.by or ''}".encode())
              .hexdigest()[:16] for quote in guide.quotes.values()}
    return {"hacks": hacks, "quotes": quotes, "sections": sections,
            "page_count": max(page_numbers.values(), default=0)}


def _file_hash(path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()[:16]
    except OSError:
        return ""


def printed_hash(guide: Guide, hack) -> str:
    """Changes when what the hack prints changes: its file, or a passage it places."""
    digest = hashlib.sha256(guide.sources[hack.path].encode("utf-8"))
    for name in hack.placed:
        digest.update(b"\0" + guide.passages[name].markdown.encode("utf-8"))
    return digest.hexdigest()[:16]
