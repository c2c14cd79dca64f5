"""Pages of a written, tagged PDF as PDFs of their own, with pikepdf (qpdf): how each wall
card gets its own file from the stack of all cards, without being drawn again.

Each new file gets the page with what is its own (contents, fonts, links), its part of
the structure tree with its parent-tree entry, its bookmarks and named destinations,
and the stack's document settings (language, metadata with a title of its own). Only a
page whose structure elements lie wholly on it can be cut so (a card's article does).
"""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

import pikepdf
from pikepdf import Array, Dictionary, Name, String

# What every file keeps of the stack's catalog: how it opens and reads.
CATALOG = ("/Lang", "/MarkInfo", "/ViewerPreferences", "/PageMode", "/PageLabels")


class CannotCut(ValueError):
    """A page shares a structure element with another page."""


def cut_pages(pdf_bytes: bytes, titles: dict[int, str]) -> dict[int, bytes]:
    """Page index -> the PDF of that page alone, titled as `titles` says."""
    source = pikepdf.open(io.BytesIO(pdf_bytes))
    pages = [page.obj for page in source.pages]
    where = {page.objgen: index for index, page in enumerate(pages)}
    tree = source.Root.StructTreeRoot
    document = tree.K if isinstance(tree.K, Dictionary) else tree.K[0]
    articles: dict[int, list] = {}
    for element in _kids(document):
        on = _pages_of(element)
        if len(on) != 1:
            raise CannotCut(f"one element in it runs across {len(on)} pages")
        articles.setdefault(where[on.pop()], []).append(element)
    parents = pikepdf.NumberTree(tree.ParentTree)
    destinations = pikepdf.NameTree(source.Root.Names.Dests) \
        if "/Dests" in source.Root.get("/Names", {}) else {}
    named: dict[int, list] = {}
    for name, destination in destinations.items():
        named.setdefault(where.get(_page_of(destination)), []).append((name, destination))
    bookmarks: dict[int, list] = {}
    for item in _outline(source):
        bookmarks.setdefault(where.get(_page_of(item.get("/Dest"))), []).append(item)
    old_title = str(source.docinfo.get("/Title", ""))
    metadata = source.Root.Metadata.read_bytes() if "/Metadata" in source.Root else None

    result = {}
    for index, title in titles.items():
        pdf = pikepdf.new()
        pdf.pages.append(source.pages[index])
        page = pdf.pages[0].obj
        for key in CATALOG:
            if key in source.Root:
                pdf.Root[key] = copy_into(pdf, source.Root[key])
        kids = [_copy_alone(pdf, element) for element in articles.get(index, [])]
        new_document = Dictionary(Type=Name.StructElem, S=document.S, K=Array(kids))
        new_document = pdf.make_indirect(new_document)
        for kid in kids:
            kid.P = new_document
        keys = [int(page.StructParents)] if "/StructParents" in page else []
        keys += [int(annotation.StructParent) for annotation in page.get("/Annots", [])
                 if "/StructParent" in annotation]
        pdf.Root.StructTreeRoot = pdf.make_indirect(Dictionary(
            Type=Name.StructTreeRoot, K=Array([new_document]),
            ParentTree=Dictionary(Nums=Array([item for key in sorted(keys) if key in parents
                                              for item in (key, copy_into(pdf, parents[key]))])),
            ParentTreeNextKey=max(keys, default=-1) + 1))
        new_document.P = pdf.Root.StructTreeRoot
        pdf.Root.Names = Dictionary(Dests=Dictionary(Names=Array(
            [item for name, destination in sorted(named.get(index, []))
             for item in (String(name), copy_into(pdf, destination))])))
        _bookmarks(pdf, bookmarks.get(index, []))
        pdf.docinfo = copy_into(pdf, source.docinfo)
        pdf.docinfo.Title = String(title)
        if metadata is not None:
            pdf.Root.Metadata = pdf.make_stream(
                _retitled(metadata, old_title, title), Type=Name.Metadata, Subtype=Name.XML)
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True,
                 object_stream_mode=pikepdf.ObjectStreamMode.generate,
                 compress_streams=True, recompress_flate=False)
        result[index] = out.getvalue()
    return result


def copy_into(pdf, value):
    """An object of another PDF, copied into `pdf`: an indirect one with all it refers to
    (copied once per source file: what two copies share stays shared), a direct array or
    dictionary item by item."""
    if isinstance(value, (Array, Dictionary)) and value.is_indirect:
        return pdf.copy_foreign(value)
    if isinstance(value, Array):
        return Array([copy_into(pdf, item) for item in value])
    if isinstance(value, Dictionary):
        return Dictionary({key: copy_into(pdf, item) for key, item in value.items()})
    return value


def _kids(element) -> list:
    kids = element.get("/K")
    return list(kids) if isinstance(kids, Array) else [kids] if kids is not None else []


def _pages_of(element) -> set:
    """The pages an element and everything beneath it are on (by object id)."""
    found = {element.Pg.objgen} if "/Pg" in element else set()
    for kid in _kids(element):
        if isinstance(kid, Dictionary):
            if kid.get("/Type") in (Name.MCR, Name.OBJR):
                found.add(kid.Pg.objgen)
            else:
                found |= _pages_of(kid)
    return found


def _page_of(destination):
    if isinstance(destination, Array) and len(destination) and \
            isinstance(destination[0], Dictionary):
        return destination[0].objgen
    return None


def _copy_alone(pdf, element):
    """A copy of a structure element and all beneath it, without its parent (which would
    bring the whole tree, and every page, with it)."""
    parent = element.P
    del element["/P"]
    try:
        return pdf.copy_foreign(element)
    finally:
        element.P = parent


def _outline(source) -> list:
    """Every bookmark of the outline, in order."""
    if "/Outlines" not in source.Root:
        return []
    items, stack = [], [source.Root.Outlines.get("/First")]
    while stack:
        item = stack.pop()
        if item is not None:
            items.append(item)
            stack += [item.get("/Next"), item.get("/First")]
    return items


def _bookmarks(pdf, items: list) -> None:
    """The bookmarks that open this page, one level (a card's bookmark has no children)."""
    if not items:
        return
    outlines = pdf.make_indirect(Dictionary(Type=Name.Outlines))
    copies = [pdf.make_indirect(Dictionary(Title=item.Title, Parent=outlines, Count=0,
                                           Dest=copy_into(pdf, item.Dest)))
              for item in items]
    for before, after in zip(copies, copies[1:]):
        before.Next, after.Prev = after, before
    outlines.First, outlines.Last, outlines.Count = copies[0], copies[-1], len(copies)
    pdf.Root.Outlines = outlines


def _retitled(metadata: bytes, old: str, new: str) -> bytes:
    """The XMP metadata with the new title in place of the old one (dc:title)."""
    before = f">{escape(old)}</rdf:li>".encode()
    if metadata.count(before) != 1:
        raise CannotCut("the metadata does not hold the title once")
    return metadata.replace(before, f">{escape(new)}</rdf:li>".encode())
