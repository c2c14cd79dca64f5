"""The structure-tree repair (spacehacks/pdf/tagging.py) on small trees made by hand, the
way WeasyPrint leaves them (pydyf objects, nothing typeset): each repair in turn."""

from __future__ import annotations

import pydyf

from spacehacks.pdf.tagging import _Repair


class Html:
    """An HTML element as the repair sees it: its identity and its attributes."""

    def __init__(self, **attributes):
        self.attributes = attributes

    def get(self, name, default=None):
        return self.attributes.get(name, default)


class Made:
    """A PDF of a few pages with a structure tree, written as WeasyPrint writes one: each
    page has a content stream of marked content, each element knows its page, the parent
    tree maps each page's MCIDs and each annotation to its element."""

    def __init__(self, pages: int = 2):
        self.pdf = pydyf.PDF()
        self.streams, self.page_objects = [], []
        for _ in range(pages):
            stream = pydyf.Stream()
            self.pdf.add_object(stream)
            page = pydyf.Dictionary({"Type": "/Page", "Contents": stream.reference,
                                     "Annots": pydyf.Array()})
            self.pdf.add_page(page)
            self.streams.append(stream)
            self.page_objects.append(page)
        self.origins: dict[int, tuple] = {}
        self.page_parents = [pydyf.Array() for _ in range(pages)]
        self.annotation_parents: list = []
        self.root = pydyf.Dictionary({"Type": "/StructTreeRoot", "K": pydyf.Array()})
        self.pdf.add_object(self.root)
        self.pdf.catalog["StructTreeRoot"] = self.root.reference
        self.document = self.element("/Document", parent=None)
        self.root["K"].append(self.document.reference)

    def page(self, index):
        return self.pdf.page_references[index]

    def element(self, tag, parent, *, page=0, origin=None, html_tag=None, attached=True):
        element = pydyf.Dictionary({"Type": "/StructElem", "S": tag, "K": pydyf.Array(),
                                    "Pg": self.page(page)})
        self.pdf.add_object(element)
        if parent is not None:
            element["P"] = parent.reference
            if attached:
                parent["K"].append(element.reference)
        if origin is not None or html_tag is not None:
            self.origins[id(element)] = (origin, html_tag)
        return element

    def text(self, element, page=0):
        """A piece of marked content drawn on `page`, read as part of `element`."""
        mcid = len(self.page_parents[page])
        self.page_parents[page].append(element.reference)
        self.streams[page].stream.extend([f"{element['S']}", pydyf.Dictionary({"MCID": mcid}),
                                          "BDC", "(words) Tj", "EMC"])
        element["K"].append(mcid)
        return mcid

    def nothing(self, element, page=0, inside=()):
        """A piece of marked content inside which nothing is drawn (`inside`: the
        operators it holds, none of them drawing)."""
        mcid = len(self.page_parents[page])
        self.page_parents[page].append(element.reference)
        self.streams[page].stream.extend([f"{element['S']}", pydyf.Dictionary({"MCID": mcid}),
                                          "BDC", *inside, "EMC"])
        element["K"].append(mcid)
        return mcid

    def text_elsewhere(self, element, page):
        """A piece of marked content on another page than the element's: a reference."""
        mcid = len(self.page_parents[page])
        self.page_parents[page].append(element.reference)
        self.streams[page].stream.extend(["/P", pydyf.Dictionary({"MCID": mcid}), "BDC",
                                          "(words) Tj", "EMC"])
        mcr = pydyf.Dictionary({"Type": "/MCR", "Pg": self.page(page), "MCID": mcid})
        self.pdf.add_object(mcr)
        element["K"].append(mcr.reference)
        return mcid

    def annotation(self, element, page=0):
        key = 1000 + len(self.annotation_parents)
        annotation = pydyf.Dictionary({"Type": "/Annot", "Subtype": "/Link",
                                       "StructParent": key})
        self.pdf.add_object(annotation)
        self.page_objects[page]["Annots"].append(annotation.reference)
        objr = pydyf.Dictionary({"Type": "/OBJR", "Obj": annotation.reference,
                                 "Pg": self.page(page)})
        self.pdf.add_object(objr)
        element["K"].append(objr.reference)
        self.annotation_parents.append((key, element.reference))
        return annotation

    def repair(self):
        nums = pydyf.Array()
        for index, parents in enumerate(self.page_parents):
            nums.extend([index, parents])
        for key, reference in self.annotation_parents:
            nums.extend([key, reference])
        parent_tree = pydyf.Dictionary({"Nums": nums})
        self.pdf.add_object(parent_tree)
        self.root["ParentTree"] = parent_tree.reference
        _Repair(self.pdf, self.origins).run()
        return self

    # ---- reading the result -------------------------------------------------------

    def obj(self, reference):
        return self.pdf.objects[int(reference.split()[0])]

    def kids(self, element):
        """The element's kids: tags of elements, MCIDs, ('MCR', page, MCID), 'OBJR'."""
        found = []
        for kid in element["K"]:
            if isinstance(kid, int):
                found.append(kid)
                continue
            child = self.obj(kid)
            if child.get("Type") == "/MCR":
                found.append(("MCR", self.pdf.page_references.index(child["Pg"]),
                              child["MCID"]))
            elif child.get("Type") == "/OBJR":
                found.append("OBJR")
            else:
                found.append(child["S"])
        return found

    def parents(self):
        """The parent tree as written: page -> the S of the element of each MCID
        (None for an artifact), and annotation key -> S of its element."""
        nums = self.obj(self.root["ParentTree"])["Nums"]
        pages = len(self.page_parents)
        by_page = {nums[2 * i]: [None if ref == "null" else self.obj(ref)["S"]
                                 for ref in nums[2 * i + 1]] for i in range(pages)}
        annotations = {key: self.obj(ref)["S"] for key, ref in
                       zip(nums[2 * pages::2], nums[2 * pages + 1::2])}
        return by_page, annotations

    def marked(self, page):
        """The page's content in order: the MCID of each piece still read, or 'artifact'
        for a piece that became page furniture."""
        items = self.streams[page].stream
        return ["artifact" if items[index - 1] == "/Artifact"
                and item.get("Type") == "/Pagination" else item.get("MCID")
                for index, item in enumerate(items) if isinstance(item, pydyf.Dictionary)]


# ---- fragments of one element --------------------------------------------------------

def test_the_pages_of_one_html_element_become_one_element():
    made = Made(pages=3)
    hack = Html()
    first = made.element("/Sect", made.document, page=0, origin=hack)
    made.text(first, page=0)
    second = made.element("/Sect", made.document, page=1, origin=hack)
    made.text(second, page=1)
    third = made.element("/Sect", made.document, page=2, origin=hack)
    inner = made.element("/P", third, page=2, origin=Html())
    made.text(inner, page=2)
    made.repair()
    assert made.kids(made.document) == ["/Sect"]
    assert made.kids(first) == [0, ("MCR", 1, 0), "/P"]
    assert made.obj(inner["P"]) is first
    by_page, _ = made.parents()
    assert by_page == {0: ["/Sect"], 1: ["/Sect"], 2: ["/P"]}
    nums = made.obj(made.root["ParentTree"])["Nums"]
    assert [made.obj(reference) for reference in nums[3]] == [first]  # page 1's piece
    assert second == {} and third == {}


def test_pieces_of_different_elements_stay_apart():
    made = Made(pages=2)
    one, other = Html(), Html()
    made.text(made.element("/Sect", made.document, page=0, origin=one), page=0)
    made.text(made.element("/Sect", made.document, page=1, origin=other), page=1)
    made.text(made.element("/Div", made.document, page=1, origin=other), page=1)
    made.text(made.element("/Sect", made.document, page=1), page=1)  # no HTML behind it
    made.text(made.element("/Sect", made.document, page=1), page=1)
    made.repair()
    assert made.kids(made.document) == ["/Sect", "/Sect", "/Div", "/Sect", "/Sect"]


def test_fragments_are_joined_inside_elements_too():
    made = Made(pages=2)
    part, hack = Html(), Html()
    outer = made.element("/Part", made.document, page=0, origin=part)
    made.text(made.element("/Sect", outer, page=0, origin=hack), page=0)
    made.text(made.element("/Sect", outer, page=1, origin=hack), page=1)
    made.repair()
    assert made.kids(outer) == ["/Sect"]
    assert made.kids(made.obj(outer["K"][0])) == [0, ("MCR", 1, 0)]


# ---- running heads ---------------------------------------------------------------------

def test_running_heads_outside_the_tree_become_artifacts():
    made = Made(pages=2)
    text = made.element("/P", made.document, page=1, origin=Html())
    made.text(text, page=1)
    head = made.element("/P", made.document, page=1, origin=Html(), attached=False)
    made.text(head, page=1)
    made.text(head, page=1)
    made.repair()
    assert made.marked(1) == [0, "artifact", "artifact"]
    by_page, _ = made.parents()
    assert by_page[1] == ["/P", None, None]
    assert head == {}
    assert made.kids(made.document) == ["/P"]


# ---- links -----------------------------------------------------------------------------

def test_a_link_is_one_element_with_its_own_annotations_and_its_words():
    made = Made(pages=1)
    paragraph = made.element("/P", made.document, origin=Html())
    link = made.element("/Link", paragraph, origin=Html())
    made.annotation(link)
    span = made.element("/Span", link, origin=Html())
    made.text(span)
    inner = made.element("/Link", span, origin=Html())
    inner_annotation = made.annotation(inner)
    made.text(inner)
    made.text(link)
    made.repair()
    assert made.kids(link) == ["OBJR", 0, 1, 2]
    assert made.page_objects[0]["Annots"] == [made.obj(made.obj(link["K"][0])["Obj"])
                                              .reference]
    assert inner_annotation == {} and span == {} and inner == {}
    by_page, annotations = made.parents()
    assert by_page[0] == ["/Link", "/Link", "/Link"]
    assert annotations == {1000: "/Link"}


# ---- list items ----------------------------------------------------------------------

def test_a_list_item_is_its_label_and_one_body():
    made = Made(pages=1)
    item = made.element("/LI", made.element("/L", made.document, origin=Html()),
                        origin=Html())
    made.text(made.element("/Lbl", item, origin=Html()))
    made.text(item)
    made.text(made.element("/P", item, origin=Html()))
    body = made.element("/LBody", item, origin=Html())
    made.text(body)
    made.repair()
    assert made.kids(item) == ["/Lbl", "/LBody"]
    merged = made.obj(item["K"][1])
    assert made.kids(merged) == [1, "/P", 3]
    assert merged["P"] == item.reference and body == {}
    by_page, _ = made.parents()
    assert by_page[0] == ["/Lbl", "/LBody", "/P", "/LBody"]


def test_text_of_a_list_item_on_the_next_page_moves_into_its_body():
    made = Made(pages=2)
    item = made.element("/LI", made.element("/L", made.document, origin=Html()),
                        origin=Html())
    made.text(made.element("/Lbl", item, origin=Html()))
    made.text_elsewhere(item, page=1)
    made.repair()
    assert made.kids(item) == ["/Lbl", "/LBody"]
    assert made.kids(made.obj(item["K"][1])) == [("MCR", 1, 0)]
    by_page, _ = made.parents()
    assert by_page[1] == ["/LBody"]


def test_a_list_item_already_in_shape_is_left_alone():
    made = Made(pages=1)
    item = made.element("/LI", made.element("/L", made.document, origin=Html()),
                        origin=Html())
    made.text(made.element("/Lbl", item, origin=Html()))
    body = made.element("/LBody", item, origin=Html())
    made.text(body)
    made.repair()
    assert item["K"] == [made.obj(item["K"][0]).reference, body.reference]
    assert made.kids(body) == [1]


# ---- tags ------------------------------------------------------------------------------

def test_html_elements_without_meaning_get_a_standard_tag():
    made = Made(pages=1)
    nav = made.element("/NonStruct", made.document, origin=Html(), html_tag="nav")
    made.text(nav)
    aside = made.element("/NonStruct", made.document, origin=Html(), html_tag="aside")
    made.text(aside)
    span = made.element("/NonStruct", made.document, origin=Html(), html_tag="span")
    made.text(span)
    paragraph = made.element("/P", made.document, origin=Html(), html_tag="nav")
    made.text(paragraph)
    made.repair()
    assert [nav["S"], aside["S"], span["S"], paragraph["S"]] == [
        "/Sect", "/Div", "/NonStruct", "/P"]


def test_a_column_heading_cell_says_so():
    made = Made(pages=1)
    row = made.element("/TR", made.element("/Table", made.document, origin=Html()),
                       origin=Html())
    column = made.element("/TH", row, origin=Html(scope="col"))
    column["A"] = pydyf.Dictionary({"O": "/Table"})
    plain = made.element("/TH", row, origin=Html())
    plain["A"] = pydyf.Dictionary({"O": "/Table"})
    cell = made.element("/TD", row, origin=Html(scope="col"))
    cell["A"] = pydyf.Dictionary({"O": "/Table"})
    made.repair()
    assert column["A"].get("Scope") == "/Column"
    assert "Scope" not in plain["A"] and "Scope" not in cell["A"]


def test_an_element_that_draws_nothing_leaves_the_tree():
    """The featured badge's invisible room (a float with hidden text), the cover's
    circles (backgrounds, drawn as artifacts, so their elements hold nothing) and a
    space between words: nothing a reader could meet. A table cell stays, empty or not."""
    made = Made(pages=1)
    header = made.element("/Div", made.document, origin=Html())
    room = made.element("/NonStruct", header, origin=Html())
    made.nothing(made.element("/Span", room))
    made.element("/NonStruct", header, origin=Html())
    heading = made.element("/H2", header, origin=Html())
    made.text(heading)
    made.nothing(made.element("/Span", heading), inside=["BT", "/F1 12 Tf", "0 g", "ET"])
    table = made.element("/Table", made.document, origin=Html())
    cell = made.element("/TD", made.element("/TR", table, origin=Html()), origin=Html())
    made.nothing(cell)
    made.repair()
    assert made.kids(made.document) == ["/Div", "/Table"]
    assert made.kids(header) == ["/H2"]
    assert made.kids(heading) == [1]
    assert made.kids(cell) == []
    by_page, _ = made.parents()
    assert by_page[0] == [None, "/H2", None, None]
    items = made.streams[0].stream
    assert [items[index - 1] for index, item in enumerate(items)
            if isinstance(item, pydyf.Dictionary) and item.get("Type") == "/Layout"] \
        == ["/Artifact"] * 3


def test_what_draws_inside_nested_marked_content_keeps_the_outer_element():
    made = Made(pages=1)
    paragraph = made.element("/P", made.document, origin=Html())
    mcid = made.nothing(paragraph, inside=["/Span", pydyf.Dictionary({"MCID": 9}), "BDC",
                                           "0 0 5 5 re", "f", "EMC"])
    made.repair()
    assert made.kids(paragraph) == [mcid]


# ---- a table's repeated header ---------------------------------------------------------

def header(made, table, origin, page, cell_id):
    head = made.element("/THead", table, page=page, origin=origin)
    row = made.element("/TR", head, page=page, origin=Html())
    cell = made.element("/TH", row, page=page, origin=Html())
    cell["ID"] = pydyf.String(cell_id)
    made.text(cell, page=page)
    return head


def test_a_header_row_repeated_on_each_page_is_read_once():
    made = Made(pages=2)
    table_html, head_html, foot_html = Html(), Html(), Html()
    table = made.element("/Table", made.document, page=0, origin=table_html)
    header(made, table, head_html, 0, "first")
    body = made.element("/TBody", table, page=0, origin=Html())
    made.text(body, page=0)
    later = made.element("/Table", made.document, page=1, origin=table_html)
    header(made, later, head_html, 1, "copy")
    cell = made.element("/TD", made.element("/TR", later, page=1, origin=Html()), page=1,
                        origin=Html())
    cell["A"] = pydyf.Dictionary({"Headers": pydyf.Array([pydyf.String("copy"),
                                                           pydyf.String("other")])})
    made.text(cell, page=1)
    footer(made, later, foot_html, 1, "foot-copy")
    footer(made, later, foot_html, 1, "foot")
    made.repair()
    assert made.kids(made.document) == ["/Table"]
    assert made.kids(table) == ["/THead", "/TBody", "/TR", "/TFoot"]
    assert [getattr(h, "string", h) for h in cell["A"]["Headers"]] == ["first", "other"]
    assert made.marked(1) == ["artifact", 1, "artifact", 3]
    by_page, _ = made.parents()
    assert by_page[1] == [None, "/TD", None, "/TH"]


def footer(made, table, origin, page, cell_id):
    foot = made.element("/TFoot", table, page=page, origin=origin)
    cell = made.element("/TH", made.element("/TR", foot, page=page, origin=Html()),
                        page=page, origin=Html())
    cell["ID"] = pydyf.String(cell_id)
    made.text(cell, page=page)
    return foot


# ---- footnotes -------------------------------------------------------------------------

def test_a_footnote_leaves_the_footnote_area_for_its_call():
    made = Made(pages=1)
    card, note_html = Html(), Html()
    holder = made.element("/Div", made.document, origin=card)
    made.text(holder)
    call = made.element("/Span", holder, origin=note_html, html_tag="span::footnote-call")
    made.text(holder)
    area = made.element("/NonStruct", made.document)
    note = made.element("/P", area, origin=note_html, html_tag="p")
    marker = made.element("/Span", note, origin=Html(), html_tag="p::footnote-marker")
    made.text(note)
    made.repair()
    assert made.kids(made.document) == ["/Div"]
    assert made.kids(holder) == [0, "/P", 1]
    assert note["P"] == holder.reference and made.kids(note) == [2]
    assert call == {} and marker == {} and area == {}


def test_a_footnote_called_from_an_anonymous_box_joins_its_element():
    made = Made(pages=1)
    card, note_html = Html(), Html()
    outer = made.element("/Div", made.document, origin=card)
    made.text(outer)
    holder = made.element("/Div", outer, origin=card)
    made.text(holder)
    made.element("/Span", holder, origin=note_html, html_tag="span::footnote-call")
    made.text(outer)
    area = made.element("/NonStruct", made.document)
    note = made.element("/P", area, origin=note_html, html_tag="p")
    made.text(note)
    uncalled = made.element("/P", area, origin=Html(), html_tag="p")
    made.text(uncalled)
    made.repair()
    assert made.kids(made.document) == ["/Div", "/NonStruct"]
    assert made.kids(outer) == [0, 1, "/P", 2]
    assert note["P"] == outer.reference and holder == {}
    assert made.kids(area) == ["/P"]
    by_page, _ = made.parents()
    assert by_page[0] == ["/Div", "/Div", "/Div", "/P", "/P"]


def test_a_footnote_called_from_another_element_of_the_same_kind_stays_in_it():
    made = Made(pages=1)
    note_html = Html()
    outer = made.element("/Div", made.document, origin=Html())
    made.text(outer)
    holder = made.element("/Div", outer, origin=Html())
    made.text(holder)
    made.element("/Span", holder, origin=note_html, html_tag="span::footnote-call")
    area = made.element("/NonStruct", made.document)
    note = made.element("/P", area, origin=note_html, html_tag="p")
    made.text(note)
    made.repair()
    assert made.kids(outer) == [0, "/Div"]
    assert made.kids(holder) == [1, "/P"] and note["P"] == holder.reference
