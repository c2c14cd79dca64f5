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
  hack, list or glossary is one element and parts contain their hacks;
- each link is one Link element with one annotation per piece of text it covers, its
  words read as one (no Link or Span with annotations of their own inside it);
- a few HTML elements WeasyPrint leaves without meaning get a standard tag;
- a table's heading cells say they head their column (/Scope /Column), as the HTML does.

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


class _Repair:
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

    def run(self) -> None:
        self.margins_to_artifacts()
        self.merge_fragments(self.document)
        for element in list(self.walk(self.document)):
            if element.get("S") == "/Link":
                self.flatten_link(element)
            origin, html_tag = self.origins.get(id(element), (None, None))
            tag = RETAG.get(html_tag)
            if tag and element.get("S") == "/NonStruct":
                element["S"] = tag
            if element.get("S") == "/TH" and origin is not None and origin.get(
                    "scope") == "col" and isinstance(element.get("A"), pydyf.Dictionary):
                element["A"]["Scope"] = "/Column"  # as the HTML says (markup/tables.py)
        nums = pydyf.Array()
        for key, value in sorted(self.page_parents.items()):
            nums.extend([key, value])
        for key, value in sorted(self.annotation_parents.items()):
            nums.extend([key, value])
        self.parent_tree["Nums"] = nums

    def walk(self, element):
        yield element
        for kid in element["K"]:
            if _is_reference(kid) and self.obj(kid).get("Type") == "/StructElem":
                yield from self.walk(self.obj(kid))

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
                    self.page_parents[page][kid] = "null"
            element.clear()  # no longer a structure element
        for page, mcids in furniture.items():
            stream = self.obj(self.obj(self.pdf.page_references[page])["Contents"])
            items = stream.stream
            for index, item in enumerate(items):
                if isinstance(item, pydyf.Dictionary) and item.get("MCID") in mcids:
                    items[index - 1] = "/Artifact"
                    items[index] = pydyf.Dictionary({"Type": "/Pagination"})

    # ---- fragments of one element ------------------------------------------------------

    def merge_fragments(self, element) -> None:
        """Join consecutive children that are pieces of the same HTML element (one per
        page), then do the same inside each child."""
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

    def drop_annotation(self, objr) -> None:
        annotation = self.obj(objr["Obj"])
        page = self.obj(objr["Pg"])
        page["Annots"] = pydyf.Array(a for a in page["Annots"] if a != annotation.reference)
        self.annotation_parents.pop(annotation.get("StructParent"), None)
        annotation.clear()
        objr.clear()
