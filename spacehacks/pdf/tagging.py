"""Repair the structure tree WeasyPrint writes, so that a screen reader can walk it.

WeasyPrint tags each page on its own (its issues #1836, #2902, #2482): every page
starts new elements under the document, so a part split over twelve pages becomes
twelve sections; running heads and footers are tagged but left out of the tree; and
every box inside a link gets a link annotation of its own. What the HTML and CSS could
fix is fixed there (one heading per hack title, no lists of definitions, leaders drawn
as a background). The rest is repaired here, on WeasyPrint's PDF objects after it has
tagged them and before it writes them, so nothing is parsed or written twice:

- the marked content of page margins (running heads, footers) becomes /Artifact
  (Pagination) and leaves the parent tree;
- the per-page fragments of one HTML element become one element again, so each part,
  hack, list or glossary is one element and parts contain their hacks; the header row a
  table repeats on each page it runs onto is read once (the copies become artifacts);
- a footnote (a wall card's foot is one) leaves the page's footnote area, a NonStruct
  at the root, for the place it is called from, inside its card;
- each link is one Link element with one annotation per piece of text it covers, its
  words read as one (no Link or Span with annotations of their own inside it);
- a list item is its label and its body (Lbl, LBody), as PDF/UA asks: what
  WeasyPrint puts beside the label goes into one LBody;
- a few HTML elements WeasyPrint leaves without meaning get a standard tag;
- a table's heading cells say they head their column (/Scope /Column), as the HTML does;
- an element that draws nothing (no text shown, nothing painted: the float that keeps a
  featured badge's room, the cover's circles drawn as backgrounds, a space between
  words) leaves the tree, so a reader never meets an empty element; its empty marked
  content becomes an artifact.

Which fragments belong together comes from the HTML itself: while WeasyPrint builds the
tree, `repairing()` notes the HTML element behind each structure element.
"""

from __future__ import annotations

from contextlib import contextmanager

import pydyf
from weasyprint.pdf import tags as weasyprint_tags

# HTML elements WeasyPrint tags as NonStruct that have a standard meaning.
RETAG = {"nav": "/Sect", "header": "/Div", "figure": "/Div", "aside": "/Div",
         "footer": "/Div"}
# The operators that draw: text shown, a path painted, a picture or form placed.
DRAWING = {b"Tj", b"TJ", b"'", b'"', b"S", b"s", b"f", b"F", b"f*", b"B", b"B*", b"b", b"b*",
           b"sh", b"Do", b"EI"}
# A table keeps every cell, empty or not: its rows and columns must still agree.
TABLE_PARTS = {"/Table", "/THead", "/TBody", "/TFoot", "/TR", "/TH", "/TD"}


@contextmanager
def repairing():
    """While WeasyPrint writes a PDF: note the HTML element behind each structure
    element, and give the repair to run in the finisher."""
    original = weasyprint_tags._build_box_tree
    origins: dict[int, tuple] = {}  # id(structure element) -> (HTML element, its tag)

    def traced(box, parent, *args):
        box = getattr(box, "_box", box)  # an absolute box's placeholder
        for element in original(box, parent, *args):
            origins.setdefault(id(element), (box.element, box.element_tag))
            yield element

    weasyprint_tags._build_box_tree = traced  # its recursion calls this name too
    try:
        yield lambda pdf: _Repair(pdf, origins).run()
    finally:
        weasyprint_tags._build_box_tree = original


def _number(reference) -> int:
    return int(reference.split()[0])


def _is_reference(value) -> bool:
    return isinstance(value, bytes) and value.endswith(b" R")


class _Tree:
    """The structure tree WeasyPrint made, as pydyf objects, and the moves every repair
    is made of: an element, marked content or an annotation goes under another element;
    an element leaves the tree and its marked content becomes an artifact."""

    def __init__(self, pdf: pydyf.PDF, origins: dict[int, object]):
        self.pdf = pdf
        self.origins = origins
        self.objects = pdf.objects
        root = self.obj(pdf.catalog["StructTreeRoot"])
        self.document = self.obj(root["K"][0])
        self.parent_tree = self.obj(root["ParentTree"])
        nums = self.parent_tree["Nums"]
        self.pages = {reference: index for index, reference in enumerate(pdf.page_references)}
        # The parent tree: for page i, an array from MCID to element; then one entry per
        # annotation, from its StructParent key to its element.
        count = len(pdf.page_references)
        self.page_parents = {nums[2 * i]: nums[2 * i + 1] for i in range(count)}
        self.annotation_parents = dict(zip(nums[2 * count::2], nums[2 * count + 1::2]))

    def obj(self, reference):
        return self.objects[_number(reference)]

    def walk(self, element):
        yield element
        for kid in element["K"]:
            if _is_reference(kid) and self.obj(kid).get("Type") == "/StructElem":
                yield from self.walk(self.obj(kid))

    def adopt(self, parent, kid, old_parent) -> None:
        """Move one kid (element, marked content or annotation) under `parent`."""
        if isinstance(kid, int):  # marked content on the old parent's page
            page = old_parent.get("Pg")
            self.page_parents[self.pages[page]][kid] = parent.reference
            if page != parent.get("Pg"):
                kid = self.marked_content_reference(page, kid)
        elif _is_reference(kid):
            child = self.obj(kid)
            if child.get("Type") == "/StructElem":
                child["P"] = parent.reference
            elif child.get("Type") == "/OBJR":
                self.set_annotation_parent(child, parent)
            elif child.get("Type") == "/MCR":
                self.page_parents[self.pages[child["Pg"]]][child["MCID"]] = parent.reference
        parent["K"].append(kid)

    def marked_content_reference(self, page, mcid: int):
        mcr = pydyf.Dictionary({"Type": "/MCR", "Pg": page, "MCID": mcid})
        self.pdf.add_object(mcr)
        return mcr.reference

    def set_annotation_parent(self, objr, element) -> None:
        self.annotation_parents[self.obj(objr["Obj"])["StructParent"]] = element.reference

    def mark_artifacts(self, furniture: dict[int, set[int]], kind="/Pagination") -> None:
        """Marked content (page index -> MCIDs) becomes /Artifact (of this kind), drawn
        but never read, and leaves the parent tree."""
        for page, mcids in furniture.items():
            for mcid in mcids:
                self.page_parents[page][mcid] = "null"
            stream = self.obj(self.obj(self.pdf.page_references[page])["Contents"])
            items = stream.stream
            for index, item in enumerate(items):
                if isinstance(item, pydyf.Dictionary) and item.get("MCID") in mcids:
                    items[index - 1] = "/Artifact"
                    items[index] = pydyf.Dictionary({"Type": kind})

    def forget(self, element, furniture: dict[int, set[int]]) -> None:
        """An element and everything in it leave the tree; its marked content is noted."""
        for kid in element["K"]:
            if isinstance(kid, int):
                furniture.setdefault(self.pages[element["Pg"]], set()).add(kid)
            elif _is_reference(kid):
                child = self.obj(kid)
                if child.get("Type") == "/MCR":
                    furniture.setdefault(self.pages[child["Pg"]], set()).add(child["MCID"])
                elif child.get("Type") == "/OBJR":
                    self.drop_annotation(child)
                elif child.get("Type") == "/StructElem":
                    self.forget(child, furniture)
        element.clear()

    def drop_annotation(self, objr) -> None:
        annotation = self.obj(objr["Obj"])
        page = self.obj(objr["Pg"])
        page["Annots"] = pydyf.Array(a for a in page["Annots"] if a != annotation.reference)
        self.annotation_parents.pop(annotation.get("StructParent"), None)
        annotation.clear()
        objr.clear()

    def write_parent_tree(self) -> None:
        nums = pydyf.Array()
        for key, value in sorted(self.page_parents.items()):
            nums.extend([key, value])
        for key, value in sorted(self.annotation_parents.items()):
            nums.extend([key, value])
        self.parent_tree["Nums"] = nums


class _Footnotes(_Tree):
    """Footnotes put back where they are called from."""

    # ---- footnotes ---------------------------------------------------------------------

    def footnotes_in_place(self) -> None:
        """WeasyPrint tags a footnote where it is drawn, in the page's footnote area: an
        element of its own at the root. Its call (an empty ::footnote-call of the same
        HTML element) marks where it belongs; the footnote takes the call's place."""
        calls = {}  # id(HTML element) -> (element holding the call, the call)
        for element in self.walk(self.document):
            for kid in element["K"]:
                child = self.obj(kid) if _is_reference(kid) else None
                origin, tag = self.origins.get(id(child), (None, None))
                if origin is not None and str(tag).endswith("::footnote-call"):
                    calls[id(origin)] = (element, child)
        kept = pydyf.Array()
        for kid in self.document["K"]:
            area = self.obj(kid)
            if self.origins.get(id(area), (None,))[0] is None and area.get("S") == "/NonStruct":
                area["K"] = pydyf.Array(note for note in area["K"] if not self.placed(note, calls))
                if not area["K"]:
                    area.clear()
                    continue
            kept.append(kid)
        self.document["K"] = kept

    def placed(self, note_reference, calls) -> bool:
        """Put one footnote where it is called from, if it is called; say whether."""
        note = self.obj(note_reference) if _is_reference(note_reference) else None
        origin, tag = self.origins.get(id(note), (None, None))
        if origin is None or id(origin) not in calls:
            return False
        holder, call = calls[id(origin)]
        holder["K"] = pydyf.Array(note_reference if kid == call.reference else kid
                                  for kid in holder["K"])
        note["P"] = holder.reference
        note["K"] = pydyf.Array(kid for kid in note["K"] if not self.empty_pseudo(kid))
        call.clear()
        # The call sat in an anonymous box of the element that calls it: one element.
        outer = self.obj(holder["P"])
        if outer.get("S") == holder.get("S") and self.origins.get(id(outer), (None,))[0] \
                is self.origins.get(id(holder), (None,))[0]:
            index = outer["K"].index(holder.reference)
            moved = []
            for inner in holder["K"]:
                self.adopt(outer, inner, holder)
                moved.append(outer["K"].pop())
            outer["K"][index:index + 1] = moved
            holder.clear()
        return True

    def empty_pseudo(self, kid) -> bool:
        """An element for a pseudo-element that draws nothing (a footnote's marker)."""
        if not _is_reference(kid):
            return False
        element = self.obj(kid)
        tag = self.origins.get(id(element), (None, None))[1]
        if element.get("Type") == "/StructElem" and "::" in str(tag) and not element["K"]:
            element.clear()
            return True
        return False


class _Silent(_Tree):
    """Elements that draw nothing leave the tree."""

    def drop_silent(self) -> None:
        furniture: dict[int, set[int]] = {}
        self.prune(self.document, self.silent_content(), furniture)
        self.mark_artifacts(furniture, "/Layout")

    def silent_content(self) -> dict[int, set[int]]:
        """Page index -> MCIDs of the marked content inside which nothing is drawn."""
        silent: dict[int, set[int]] = {}
        for page, reference in enumerate(self.pdf.page_references):
            items = self.obj(self.obj(reference)["Contents"]).stream
            open_sequences = []  # [MCID or None, whether something was drawn inside]
            for index, item in enumerate(items):
                words = (item.encode() if isinstance(item, str) else item).split() \
                    if isinstance(item, (bytes, str)) else []
                operator = words[-1] if words else None
                if operator in (b"BDC", b"BMC"):
                    properties = items[index - 1] if operator == b"BDC" else None
                    mcid = properties.get("MCID") \
                        if isinstance(properties, pydyf.Dictionary) else None
                    open_sequences.append([mcid, False])
                elif operator == b"EMC" and open_sequences:
                    mcid, drawn = open_sequences.pop()
                    if mcid is not None and not drawn:
                        silent.setdefault(page, set()).add(mcid)
                elif operator in DRAWING:
                    for sequence in open_sequences:
                        sequence[1] = True
        return silent

    def prune(self, element, silent, furniture) -> bool:
        """Take out of an element the marked content that draws nothing and the elements
        left with nothing in them; say whether anything is left."""
        kept = pydyf.Array()
        for kid in element["K"]:
            page, mcid, child = self.pages.get(element.get("Pg")), kid, None
            if _is_reference(kid):
                child = self.obj(kid)
                if child.get("Type") == "/MCR":
                    page, mcid = self.pages[child["Pg"]], child["MCID"]
            if isinstance(mcid, int) and mcid in silent.get(page, ()):
                furniture.setdefault(page, set()).add(mcid)
                continue
            if child is not None and child.get("Type") == "/StructElem" \
                    and not self.prune(child, silent, furniture):
                child.clear()
                continue
            kept.append(kid)
        element["K"] = kept
        return bool(kept) or element.get("S") in TABLE_PARTS


class _Repair(_Footnotes, _Silent):
    """The repairs, in order (see the module's docstring)."""

    def run(self) -> None:
        self.margins_to_artifacts()
        self.merge_fragments(self.document)
        self.footnotes_in_place()
        for element in list(self.walk(self.document)):
            if element.get("S") == "/Link":
                self.flatten_link(element)
            elif element.get("S") == "/LI":
                self.label_and_body(element)
            origin, html_tag = self.origins.get(id(element), (None, None))
            tag = RETAG.get(html_tag)
            if tag and element.get("S") == "/NonStruct":
                element["S"] = tag
            if element.get("S") == "/TH" and origin is not None and origin.get(
                    "scope") == "col" and isinstance(element.get("A"), pydyf.Dictionary):
                element["A"]["Scope"] = "/Column"  # as the HTML says (markup/tables.py)
        self.drop_silent()
        self.write_parent_tree()

    # ---- running heads and footers ---------------------------------------------------

    def margins_to_artifacts(self) -> None:
        """Elements that WeasyPrint made for page margins but never put in the tree: their
        text is page furniture. Mark it /Artifact and forget the elements."""
        reachable = {id(element) for element in self.walk(self.document)}
        stray = [obj for obj in self.objects if isinstance(obj, pydyf.Dictionary)
                 and obj.get("Type") == "/StructElem" and id(obj) not in reachable]
        furniture: dict[int, set[int]] = {}  # page index -> MCIDs
        for element in stray:
            page = self.pages.get(element.get("Pg"))
            for kid in element["K"]:
                if isinstance(kid, int):
                    furniture.setdefault(page, set()).add(kid)
            element.clear()  # no longer a structure element
        self.mark_artifacts(furniture)

    # ---- a table's repeated header -------------------------------------------------------

    def drop_repeated_headers(self, table) -> None:
        """A table split over pages repeats its header row (and footer row) on each page:
        read once, where it stands first (the footer where it stands last); the copies
        are page furniture, and the cells that named a copy's headers name the kept ones."""
        renamed = {}  # a copy's heading cell ID -> the kept cell's ID
        for kind, order in (("/THead", 1), ("/TFoot", -1)):
            kept_ids, kept = {}, []
            for kid in list(table["K"])[::order]:
                child = self.obj(kid) if _is_reference(kid) else None
                origin = self.origins.get(id(child), (None,))[0]
                if child is not None and child.get("S") == kind and origin is not None:
                    if id(origin) in kept_ids:
                        renamed.update((getattr(copy, "string", copy), first) for copy, first
                                       in zip(self.cell_ids(child), kept_ids[id(origin)]))
                        furniture: dict[int, set[int]] = {}
                        self.forget(child, furniture)
                        self.mark_artifacts(furniture)
                        continue
                    kept_ids[id(origin)] = self.cell_ids(child)
                kept.append(kid)
            table["K"] = pydyf.Array(kept[::order])
        for element in self.walk(table) if renamed else ():
            headers = element.get("A", {}).get("Headers") if element.get("S") == "/TD" else None
            if headers:
                element["A"]["Headers"] = pydyf.Array(
                    renamed.get(getattr(h, "string", h), h) for h in headers)

    def cell_ids(self, element) -> list:
        return [cell["ID"] for cell in self.walk(element) if "ID" in cell]

    # ---- fragments of one element ------------------------------------------------------

    def merge_fragments(self, element) -> None:
        """Join consecutive children that are pieces of the same HTML element (one per
        page), then do the same inside each child."""
        if element.get("S") == "/Table":
            self.drop_repeated_headers(element)
        kept = pydyf.Array()
        for kid in element["K"]:
            if _is_reference(kid) and kept and _is_reference(kept[-1]):
                previous, current = self.obj(kept[-1]), self.obj(kid)
                if self.same_element(previous, current):
                    for grandchild in current["K"]:
                        self.adopt(previous, grandchild, current)
                    current.clear()
                    continue
            kept.append(kid)
        element["K"] = kept
        for kid in kept:
            if _is_reference(kid) and self.obj(kid).get("Type") == "/StructElem":
                self.merge_fragments(self.obj(kid))

    def same_element(self, first, second) -> bool:
        if first.get("Type") != "/StructElem" or second.get("Type") != "/StructElem":
            return False
        origin = self.origins.get(id(first), (None,))[0]
        return (origin is not None and origin is self.origins.get(id(second), (None,))[0]
                and first.get("S") == second.get("S"))

    # ---- list items ------------------------------------------------------------------

    def label_and_body(self, item) -> None:
        """An LI holds its Lbl, then one LBody with everything else, in order (PDF/UA-1,
        7.2: an LI holds only Lbl and LBody)."""
        kids = [self.obj(kid) if _is_reference(kid) else None for kid in item["K"]]
        if all(kid is not None and kid.get("S") in ("/Lbl", "/LBody") for kid in kids):
            return
        body = pydyf.Dictionary({"Type": "/StructElem", "S": "/LBody", "K": pydyf.Array(),
                                 "P": item.reference, "Pg": item["Pg"]})
        self.pdf.add_object(body)
        labels = pydyf.Array()
        for kid, element in zip(list(item["K"]), kids):
            if element is not None and element.get("S") == "/Lbl":
                labels.append(kid)
            elif element is not None and element.get("S") == "/LBody":
                for grandchild in element["K"]:
                    self.adopt(body, grandchild, element)
                element.clear()
            else:
                self.adopt(body, kid, item)
        item["K"] = pydyf.Array([*labels, body.reference])

    # ---- links -------------------------------------------------------------------------

    def flatten_link(self, link) -> None:
        """A link is one element: its own annotations and all the text inside it, in
        order. Boxes inside it had annotations of their own; they go."""
        kids = pydyf.Array()
        for kid in link["K"]:
            if _is_reference(kid) and self.obj(kid).get("Type") == "/StructElem":
                self.absorb(link, self.obj(kid), kids)
            else:
                kids.append(kid)
        link["K"] = kids

    def absorb(self, link, element, kids) -> None:
        for kid in element["K"]:
            if _is_reference(kid) and self.obj(kid).get("Type") == "/StructElem":
                self.absorb(link, self.obj(kid), kids)
            elif _is_reference(kid) and self.obj(kid).get("Type") == "/OBJR":
                self.drop_annotation(self.obj(kid))
            else:
                before = len(link["K"])
                self.adopt(link, kid, element)
                kids.append(link["K"].pop(before))
        element.clear()
