"""Put newly laid-out pages of one hack in place of its pages in the written guide, with
pikepdf (qpdf), keeping the file whole: its structure tree, links, named destinations
and bookmarks.

This is how `watch` shows an edit in about a second: the hack alone is laid out (as
excerpt.py cuts it from the guide's HTML) and written as a small tagged PDF, and its
pages take the place of the old ones. The old page objects stay (every reference to
them stays good); they get the new contents, resources and link annotations. In the
structure tree, the elements of the old pages give way to those of the new ones, under
the same parent (the hack's section or part). Only what is in the guide's pages changes;
the page count and every other page stay as they were, so this works only when the hack
fills as many pages as before (the caller makes sure of it).
"""

from __future__ import annotations

import io

import pikepdf
from pikepdf import Array, Dictionary, Name, NameTree, NumberTree

from .cut import copy_into


class CannotSplice(Exception):
    """The new pages do not fit the old ones' place (the caller builds the whole guide)."""


class _Flat:
    """A number tree (/Nums) or name tree (/Names) written flat and sorted, as WeasyPrint
    writes them: looked up and changed in place by halving, since reading all of a tree
    of a thousand entries through pikepdf takes longer than the rest of a splice. (A tree
    in any other shape is made flat first.)"""

    def __init__(self, pdf, tree, kind: str):
        self.kind = kind
        if kind not in tree:
            whole = (NumberTree if kind == "/Nums" else NameTree)(tree)
            tree[kind] = Array([item for key, value in whole.items()
                                for item in (key, value)])
            for other in ("/Kids", "/Limits"):
                if other in tree:
                    del tree[other]
        self.array = tree[kind]
        self.count = len(self.array) // 2
        self.key = int if kind == "/Nums" else str

    def _index(self, key) -> int:
        low, high = 0, self.count
        while low < high:
            middle = (low + high) // 2
            if self.key(self.array[2 * middle]) < key:
                low = middle + 1
            else:
                high = middle
        return low

    def get(self, key):
        index = self._index(key)
        if index < self.count and self.key(self.array[2 * index]) == key:
            return self.array[2 * index + 1]
        return None

    def set(self, key, value) -> None:
        index = self._index(key)
        if index < self.count and self.key(self.array[2 * index]) == key:
            self.array[2 * index + 1] = value
            return
        self.array.insert(2 * index, value)
        self.array.insert(2 * index, key if self.kind == "/Nums" else pikepdf.String(key))
        self.count += 1

    def delete(self, key) -> None:
        index = self._index(key)
        if index < self.count and self.key(self.array[2 * index]) == key:
            del self.array[2 * index + 1]
            del self.array[2 * index]
            self.count -= 1

    def last_key(self) -> int:
        return self.key(self.array[-2]) if self.count else -1


def splice(guide_pdf: bytes, hack_pdf: bytes, first_page: int, depth: int,
           not_here: set[str], old_names: set[str]) -> tuple[bytes, list[set[str]]]:
    """The guide with its pages from `first_page` on replaced by the pages of `hack_pdf`,
    and the names (link targets) now on each of those pages. `depth`: how many elements
    hold the hack between the document and it (its part, its section); `not_here`: names
    the hack's PDF defines that belong to other pages (the elements around it, the
    targets of its links); `old_names`: the names on the old pages."""
    guide = pikepdf.open(io.BytesIO(guide_pdf))
    hack = pikepdf.open(io.BytesIO(hack_pdf))
    count = len(hack.pages)
    if first_page + count > len(guide.pages):
        raise CannotSplice("the hack's pages are past the end of the guide")
    olds = [guide.pages[first_page + index].obj for index in range(count)]
    news = [page.obj for page in hack.pages]
    guide_parents = _Flat(guide, guide.Root.StructTreeRoot.ParentTree, "/Nums")
    hack_parents = _Flat(hack, hack.Root.StructTreeRoot.ParentTree, "/Nums")

    parent, old_kids = _place_in_tree(guide_parents, olds, depth)
    hack_parent, new_kids = _place_in_tree(hack_parents, news, depth)
    if _tags(parent, depth) != _tags(hack_parent, depth):
        raise CannotSplice("the hack's pages hold other elements than before")
    kids = list(parent.K)
    where = [i for i, kid in enumerate(kids) if isinstance(kid, Dictionary)
             and kid.objgen in old_kids]
    if not where or where != list(range(where[0], where[0] + len(where))):
        raise CannotSplice("the hack's elements are not side by side in its section")
    if [getattr(kid, "objgen", None) for kid in hack_parent.K] != new_kids:
        raise CannotSplice("the new pages hold more than the hack")

    # Copy across what the new pages hold. Cut each page and top element loose first, so
    # that qpdf copies only them and what they hold, not the whole small file.
    for page in news:
        del page["/Parent"]
    top = list(hack_parent.K)
    for kid in top:
        del kid["/P"]
    copies = [guide.copy_foreign(page) for page in news]
    elements = [guide.copy_foreign(kid) for kid in top]
    to_old = {copy.objgen: old for copy, old in zip(copies, olds)}

    _replace_parent_tree(guide_parents, hack_parents, olds, copies, news, guide)
    for old, copy in zip(olds, copies):
        old.Contents = copy.Contents
        old.Resources = copy.Resources
        if "/Annots" in copy:
            old.Annots = copy.Annots
        elif "/Annots" in old:
            del old["/Annots"]
    _point_at_old_pages(elements, to_old, prefix=f"p{first_page}-")
    for element in elements:
        element.P = parent
    parent.K = Array(kids[:where[0]] + elements + kids[where[-1] + 1:])

    names = _replace_destinations(guide, hack, olds, not_here, old_names)
    _replace_bookmarks(guide, hack, olds)
    out = io.BytesIO()
    # Not byte for byte the full build's file anyway (its fonts are embedded twice), so
    # the file's /ID need not be worked out from its whole content.
    guide.save(out, deterministic_id=False,
               object_stream_mode=pikepdf.ObjectStreamMode.generate,
               compress_streams=True, recompress_flate=False)
    return out.getvalue(), names


def _place_in_tree(parents: _Flat, pages, depth: int):
    """The element `depth` steps below the document that holds everything marked on these
    pages, and the objgens of its children that hold it."""
    parent, kids = None, set()
    for page in pages:
        for element in parents.get(int(page.StructParents)) or ():
            if not isinstance(element, Dictionary):
                continue  # page furniture (running heads, footers)
            chain = []
            while element.get("/Type") == Name.StructElem:
                chain.append(element)
                element = element.P
            chain.reverse()  # the document first
            if len(chain) < depth + 2:
                raise CannotSplice("the hack's pages hold text outside the hack")
            if parent is None:
                parent = chain[depth]
            elif chain[depth].objgen != parent.objgen:
                raise CannotSplice("the hack's pages hold text of another part or section")
            kids.add(chain[depth + 1].objgen)
    if parent is None:
        raise CannotSplice("the hack's pages hold no tagged text")
    ordered = [kid.objgen for kid in parent.K if isinstance(kid, Dictionary)
               and kid.objgen in kids]
    return parent, ordered


def _tags(element, depth: int) -> list[str]:
    names = []
    for _ in range(depth + 1):
        names.append(str(element.S))
        element = element.P
    return names


def _replace_parent_tree(guide_parents: _Flat, hack_parents: _Flat, olds, copies, news,
                         guide) -> None:
    """Each page's marked content, and each link annotation, to its new element."""
    for old in olds:
        for annotation in old.get("/Annots", ()):
            if "/StructParent" in annotation:
                guide_parents.delete(int(annotation.StructParent))
    next_key = guide_parents.last_key() + 1
    for old, copy, new in zip(olds, copies, news):
        guide_parents.set(int(old.StructParents),
                          copy_into(guide, hack_parents.get(int(new.StructParents))))
        for annotation in copy.get("/Annots", ()):
            if "/StructParent" in annotation:
                guide_parents.set(next_key, copy_into(guide, hack_parents.get(
                    int(annotation.StructParent))))
                annotation.StructParent = next_key
                next_key += 1


def _point_at_old_pages(elements, to_old: dict, prefix: str) -> None:
    """The copied elements name the copied pages: name the old ones, which stay. Table
    heading ids are made unique in the guide (WeasyPrint numbers them per file)."""
    stack = list(elements)
    while stack:
        element = stack.pop()
        page = element.get("/Pg")
        if page is not None and page.objgen in to_old:
            element.Pg = to_old[page.objgen]
        if element.get("/Type") in (Name.OBJR, Name.MCR):
            continue
        if "/ID" in element:
            element.ID = pikepdf.String(prefix + str(element.ID))
        attributes = element.get("/A")
        if isinstance(attributes, Dictionary) and "/Headers" in attributes:
            attributes.Headers = Array(pikepdf.String(prefix + str(header))
                                       for header in attributes.Headers)
        kids = element.get("/K")
        if isinstance(kids, Array):
            stack.extend(kid for kid in kids if isinstance(kid, Dictionary))
        elif isinstance(kids, Dictionary):
            stack.append(kids)


def _page_index(pages, page) -> int:
    return next(index for index, candidate in enumerate(pages)
                if candidate.objgen == page.objgen)


def _replace_destinations(guide, hack, olds, not_here: set[str],
                          old_names: set[str]) -> list[set[str]]:
    """Named destinations (link targets) on the old pages give way to the new ones; the
    names now on each page."""
    names = _Flat(guide, guide.Root.Names.Dests, "/Names")
    for name in old_names:
        names.delete(name)
    news = [page.obj for page in hack.pages]
    placed: list[set[str]] = [set() for _ in olds]
    if "/Names" in hack.Root and "/Dests" in hack.Root.Names:
        for name, destination in NameTree(hack.Root.Names.Dests).items():
            if name not in not_here:
                index = _page_index(news, destination[0])
                names.set(name, Array([olds[index], *list(destination)[1:]]))
                placed[index].add(name)
    return placed


def _outline(pdf) -> list:
    items = []
    outlines = pdf.Root.get("/Outlines")
    stack = [outlines.First] if outlines is not None and "/First" in outlines else []
    while stack:
        item = stack.pop()
        items.append(item)
        if "/Next" in item:
            stack.append(item.Next)
        if "/First" in item:
            stack.append(item.First)
    return items


def _replace_bookmarks(guide, hack, olds) -> None:
    """Bookmarks into the old pages open the same headings on the new ones."""
    old = {page.objgen for page in olds}
    guide_items = [item for item in _outline(guide) if item.Dest[0].objgen in old]
    hack_items = _outline(hack)
    if [str(item.Title) for item in guide_items] != [str(item.Title) for item in hack_items]:
        raise CannotSplice("the hack's bookmarks changed")
    news = [page.obj for page in hack.pages]
    for item, new in zip(guide_items, hack_items):
        page = olds[_page_index(news, new.Dest[0])]
        item.Dest = Array([page, *list(new.Dest)[1:]])
