"""What the builder relies on in WeasyPrint and pydyf beyond their documented API.

The versions are pinned (pyproject.toml, constraints.txt), but an upgrade is a line in
each: before it lands, these tests say which private name or internal layout changed
and which part of the builder depends on it. docs/upstream/ holds the changes to
WeasyPrint that would let each of them go.

Every failure message starts with "WeasyPrint contract:" and names the builder's code
that must follow the change.
"""

from __future__ import annotations

import inspect
import io

import pikepdf
import pydyf
import pytest
import weasyprint
from weasyprint.pdf import tags as weasyprint_tags

from spacehacks.pdf import tagging, typeset

# A page with everything the builder's repair meets: a running head in a margin box, a
# list and a section split over pages, a link around two boxes, a table with column
# headings, an absolutely positioned box, and elements WeasyPrint tags as NonStruct.
HTML = """<!DOCTYPE html>
<html lang="en"><head><title>Contract</title><style>
@page { size: 300px 300px; margin: 40px 20px; @top-center { content: "Running head" } }
body { font-size: 12px }
.away { position: absolute; top: 0; left: 0 }
</style></head><body>
<nav><p>Contents</p></nav>
<section id="long"><h1 id="first">First</h1>
<ul>{items}</ul></section>
<p><a href="#first"><span>Two</span> <em>boxes</em></a></p>
<table><tr><th scope="col">Heading</th></tr><tr><td>Cell</td></tr></table>
<div class="away">Placed</div>
<figure><p>In a figure</p></figure>
</body></html>
""".replace("{items}", "".join(f"<li>Item {n}</li>" for n in range(40)))


def contract(condition, what: str, builder: str) -> None:
    """Fail with a message naming what changed and which code of the builder uses it."""
    if not condition:
        pytest.fail(f"WeasyPrint contract: {what}. The builder relies on it in {builder}; "
                    "adapt that code (and docs/upstream/) before upgrading.", pytrace=False)


@pytest.fixture(scope="module")
def document():
    return weasyprint.HTML(string=HTML).render(**typeset.PDF_OPTIONS)


@pytest.fixture(scope="module")
def written(document):
    """The pydyf PDF as the finisher sees it, the HTML element noted for each structure
    element by the wrapped _build_box_tree, and the bytes written."""
    seen = {}

    def finisher(_, pdf):
        seen["pdf"] = pdf
        seen["objects"] = list(pdf.objects)

    with tagging.repairing():
        origins_cell = inspect.getclosurevars(weasyprint_tags._build_box_tree).nonlocals
        data = document.write_pdf(finisher=finisher, **typeset.PDF_OPTIONS)
    return seen["pdf"], origins_cell["origins"], data


# ---- _build_box_tree: wrapped by spacehacks/pdf/tagging.py repairing() ------------------

def test_build_box_tree_is_a_module_level_generator_taking_box_and_parent_first():
    function = getattr(weasyprint_tags, "_build_box_tree", None)
    contract(function is not None and inspect.isgeneratorfunction(function),
             "weasyprint.pdf.tags._build_box_tree is gone or no longer a generator",
             "spacehacks/pdf/tagging.py (repairing)")
    parameters = list(inspect.signature(function).parameters)
    contract(parameters[:2] == ["box", "parent"],
             f"_build_box_tree's parameters are now {parameters}, not (box, parent, ...)",
             "spacehacks/pdf/tagging.py (repairing: traced(box, parent, *args))")


def test_build_box_tree_calls_itself_by_its_module_name(written):
    """The wrapper replaces the module attribute: it sees nested elements only because
    the recursion looks the name up in the module each time."""
    pdf, origins, _ = written
    holders = [element for element in _reachable(pdf) if element.get("S") != "/Document"
               and any(isinstance(kid, bytes) for kid in element["K"])]
    noted = [element for element in holders if id(element) in origins]
    contract(len(noted) == len(holders) and len(holders) > 20,
             f"only {len(noted)} of the {len(holders)} structure elements that hold others "
             "were yielded through the module's _build_box_tree (its recursion no longer "
             "goes through the module attribute)", "spacehacks/pdf/tagging.py (repairing)")


def test_the_origins_are_the_html_elements(written):
    pdf, origins, _ = written
    tags = {tag for _, tag in origins.values()}
    contract({"nav", "section", "ul", "li", "a", "table", "th", "figure"} <= tags,
             f"the boxes behind structure elements name other HTML tags: {sorted(map(str, tags))}",
             "spacehacks/pdf/tagging.py (RETAG, TH scope, merge_fragments)")
    th = [element for element, tag in origins.values() if tag == "th"]
    contract(th and th[0].get("scope") == "col",
             "box.element is no longer the HTML element with its attributes",
             "spacehacks/pdf/tagging.py (TH /Scope /Column from the HTML scope)")
    placed = [element for element, tag in origins.values() if tag == "div"]
    contract(any(element.get("class") == "away" for element in placed),
             "an absolutely positioned box (behind its placeholder) no longer names its "
             "HTML element", "spacehacks/pdf/tagging.py (repairing: getattr(box, '_box'))")


# ---- the tag layout: edited by spacehacks/pdf/tagging.py _Repair -----------------------

def test_the_structure_root_holds_one_document_and_a_parent_tree(written):
    pdf, _, _ = written
    root = pdf.objects[int(pdf.catalog["StructTreeRoot"].split()[0])]
    document = _obj(pdf, root["K"][0])
    contract(document.get("S") == "/Document" and len(root["K"]) == 1,
             "the StructTreeRoot's /K is no longer [the /Document element]",
             "spacehacks/pdf/tagging.py (_Repair.__init__)")
    nums = _obj(pdf, root["ParentTree"])["Nums"]
    pages = len(pdf.page_references)
    contract(pages > 2 and [nums[2 * i] for i in range(pages)] == list(range(pages))
             and all(isinstance(nums[2 * i + 1], pydyf.Array) for i in range(pages)),
             "the parent tree no longer starts with one (page index, array of MCID "
             "parents) pair per page", "spacehacks/pdf/tagging.py (page_parents)")
    keys = nums[2 * pages::2]
    contract(keys == list(range(pages, pages + len(keys))) and keys,
             "the annotations' parent-tree keys no longer follow the pages' in order",
             "spacehacks/pdf/tagging.py (annotation_parents)")
    annotations = [obj for obj in pdf.objects if isinstance(obj, pydyf.Dictionary)
                   and obj.get("Subtype") == "/Link"]
    contract(annotations and all(obj.get("StructParent") in keys for obj in annotations),
             "link annotations no longer carry their parent-tree key in /StructParent",
             "spacehacks/pdf/tagging.py (set_annotation_parent, drop_annotation)")


def test_structure_elements_are_pydyf_dictionaries_with_references(written):
    pdf, _, _ = written
    elements = [e for e in _reachable(pdf) if e.get("S") != "/Document"]
    kinds = {type(kid) for element in elements for kid in element["K"]}
    contract(kinds <= {int, bytes} and int in kinds and bytes in kinds,
             f"/K of structure elements holds {kinds}, not MCIDs (int) and references "
             "(b'N 0 R')", "spacehacks/pdf/tagging.py (_is_reference, adopt)")
    contract(all(isinstance(e.get("Pg"), bytes) and e.get("Pg") in pdf.page_references
                 for e in elements),
             "structure elements no longer name their page in /Pg as a page reference",
             "spacehacks/pdf/tagging.py (adopt, margins_to_artifacts)")
    objrs = [_obj(pdf, kid) for e in elements for kid in e["K"] if isinstance(kid, bytes)
             and _obj(pdf, kid).get("Type") == "/OBJR"]
    contract(objrs and all("Obj" in objr and "Pg" in objr for objr in objrs),
             "link annotations are no longer kids of their Link as /OBJR with /Obj and /Pg",
             "spacehacks/pdf/tagging.py (flatten_link, drop_annotation)")


def test_a_split_element_is_one_fragment_per_page(written):
    """What merge_fragments repairs (WeasyPrint issue 2903). When WeasyPrint makes one
    element of them, this test says so: the repair can go (docs/upstream/)."""
    pdf, origins, _ = written
    document = _obj(pdf, _obj(pdf, pdf.catalog["StructTreeRoot"])["K"][0])
    sections = [kid for kid in document["K"] if origins.get(id(_obj(pdf, kid)), (0, 0))[1]
                == "section"]
    contract(len(sections) >= 2,
             "a section split over pages is now one structure element: WeasyPrint merges "
             "fragments itself", "spacehacks/pdf/tagging.py (merge_fragments can go)")


def test_margin_boxes_are_tagged_but_left_out_of_the_tree(written):
    """What margins_to_artifacts repairs (WeasyPrint issue 1836): the running head's
    marked content has a structure element of its own that no element holds."""
    pdf, _, _ = written
    reachable = {id(element) for element in _reachable(pdf)}
    stray = [obj for obj in pdf.objects if isinstance(obj, pydyf.Dictionary)
             and obj.get("Type") == "/StructElem" and id(obj) not in reachable]
    stray_references = {obj.reference for obj in stray}
    contract(any(isinstance(kid, int) for obj in stray for kid in obj["K"])
             and all(isinstance(kid, int) or kid in stray_references
                     for obj in stray for kid in obj["K"]),
             "page margins no longer have structure elements outside the tree (maybe they "
             "are artifacts now)", "spacehacks/pdf/tagging.py (margins_to_artifacts)")
    page = _obj(pdf, pdf.page_references[0])
    items = _obj(pdf, page["Contents"]).stream
    marks = [index for index, item in enumerate(items) if isinstance(item, pydyf.Dictionary)
             and "MCID" in item]
    contract(marks and all(isinstance(items[i - 1], str) and items[i - 1].startswith("/")
                           and items[i + 1] == b"BDC" for i in marks),
             "a page's content stream no longer lists marked content as the items "
             "'/Tag', <<MCID>>, b'BDC'",
             "spacehacks/pdf/tagging.py (margins_to_artifacts rewrites those items)")


def test_elements_without_meaning_are_nonstruct(written):
    pdf, origins, _ = written
    for element_id, (_, tag) in origins.items():
        if tag in tagging.RETAG:
            element = next(e for e in _reachable(pdf) if id(e) == element_id)
            contract(element.get("S") == "/NonStruct",
                     f"<{tag}> is tagged {element.get('S')} by WeasyPrint now, not "
                     "/NonStruct (the repair retags only /NonStruct)",
                     "spacehacks/pdf/tagging.py (RETAG)")


def test_table_cells_carry_an_attribute_dictionary(written):
    pdf, origins, _ = written
    th = [e for e in _reachable(pdf) if e.get("S") == "/TH"]
    contract(th and all(isinstance(e.get("A"), pydyf.Dictionary) for e in th),
             "TH elements no longer have an /A dictionary to add /Scope to",
             "spacehacks/pdf/tagging.py (/Scope /Column)")


# ---- pydyf ------------------------------------------------------------------------------

def test_page_references_is_a_property_of_pydyf_pdf():
    """typeset.py replaces it while a PDF is written (it is worked out anew on every
    call: once per structure element)."""
    attribute = inspect.getattr_static(pydyf.PDF, "page_references", None)
    contract(isinstance(attribute, property),
             "pydyf.PDF.page_references is no longer a property",
             "spacehacks/pdf/typeset.py (_page_references_remembered)")
    pdf = pydyf.PDF()
    for _ in range(3):
        page = pydyf.Dictionary({"Type": "/Page"})
        pdf.add_page(page)
    contract(len(pdf.pages["Kids"]) == 3 * len(pdf.page_references) == 9,
             "pdf.pages['Kids'] no longer holds three items (number, 0, R) per page",
             "spacehacks/pdf/typeset.py (the remembered references are keyed by its length)")
    contract(all(isinstance(r, bytes) and r.endswith(b" 0 R") for r in pdf.page_references),
             "page references are no longer bytes b'N 0 R'",
             "spacehacks/pdf/tagging.py (_number, _is_reference)")


def test_the_remembered_page_references_give_the_same_bytes(document):
    """The shortcut changes nothing in the output."""
    plain = document.write_pdf(**typeset.PDF_OPTIONS)
    with typeset._page_references_remembered():
        remembered = document.write_pdf(**typeset.PDF_OPTIONS)
    contract(plain == remembered, "the PDF differs when page references are remembered",
             "spacehacks/pdf/typeset.py (_page_references_remembered)")


def test_objects_are_found_by_number_and_links_name_their_destination(written):
    pdf, _, _ = written
    contract(all(obj.number == index for index, obj in enumerate(pdf.objects)
                 if hasattr(obj, "number") and obj.number is not None),
             "pdf.objects[n] is no longer the object numbered n",
             "spacehacks/pdf/tagging.py (_Repair.obj)")
    links = [obj for obj in pdf.objects if isinstance(obj, pydyf.Dictionary)
             and obj.get("Subtype") == "/Link"]
    contract(links and all(getattr(obj.get("Dest"), "string", None) == "first"
                           for obj in links),
             "an internal link's /Dest is no longer a pydyf.String of the target id "
             "(.string)", "spacehacks/pdf/typeset.py (_finisher: link labels)")


# ---- the documented API as the builder reads it ------------------------------------------

def test_the_finisher_runs_after_tagging_and_before_writing(written):
    pdf, _, data = written
    contract("StructTreeRoot" in pdf.catalog,
             "the finisher runs before the structure tree is made",
             "spacehacks/pdf/typeset.py (write_pdf: repair in the finisher)")
    with pikepdf.open(io.BytesIO(data)) as written_pdf:
        contract("/StructTreeRoot" in written_pdf.Root, "the PDF written has no structure "
                 "tree", "spacehacks/pdf/typeset.py")


def test_pages_give_anchors_as_four_numbers_and_bookmarks_as_four_items(document):
    """Documented as an (x, y) point; the builder unpacks the four numbers WeasyPrint
    gives (x1, y1, x2, y2)."""
    anchors = [value for page in document.pages for value in page.anchors.values()]
    contract(anchors and all(len(value) == 4 for value in anchors),
             "page.anchors values are no longer (x1, y1, x2, y2)",
             "spacehacks/pdf/typeset.py (Pages.positions)")
    bookmarks = [value for page in document.pages for value in page.bookmarks]
    contract(bookmarks and all(len(value) == 4 and isinstance(value[1], str)
                               for value in bookmarks),
             "page.bookmarks items are no longer (level, label, target, state)",
             "spacehacks/pdf/typeset.py (Pages.bookmarks)")
    contract(hasattr(document, "copy") and document.metadata.title == "Contract",
             "Document.copy or metadata.title changed", "spacehacks/pdf/typeset.py")


def test_the_room_left_on_a_page_is_read_from_its_boxes():
    """Pages.room walks the page box (`_page_box`, not public) down to what is printed:
    a page half full leaves about half its height, the last line ending where pdftotext
    would find it."""
    pages = typeset.Pages.__new__(typeset.Pages)
    style = "@page { size: 200px 400px; margin: 0 } body { margin: 0; font-size: 10px }"
    rooms = []
    for height in (100, 200, 390):
        pages.document = weasyprint.HTML(string=(
            f'<html lang="en"><style>{style}</style><section><article>'
            f'<div style="height: {height}px"></div><p style="margin: 0; height: 4px"></p>'
            "</article></section>")).render()
        rooms.append(round(pages.room(0), 3))
    contract(rooms == [0.74, 0.49, 0.015], f"the room left below 104, 204 and 394 px of a "
             f"400 px page is read as {rooms}", "spacehacks/pdf/typeset.py (Pages.room)")


def test_lost_pictures_are_logged_with_the_words_the_builder_looks_for(caplog):
    html = ('<html lang="en"><img src="missing.png" alt="x">'
            '<img src="data:image/png;base64,AA" alt="y"></html>')
    with caplog.at_level("WARNING", logger="weasyprint"):
        weasyprint.HTML(string=html, base_url="/nowhere/").render()
    messages = [record.getMessage() for record in caplog.records
                if record.name == "weasyprint"]
    contract(messages and all(message.startswith(("Failed to load", "Failed to render"))
                              for message in messages),
             f"a picture that cannot be drawn is logged as {messages}",
             "spacehacks/pdf/edition.py (_fail_on_lost_files)")


def test_the_written_pdf_reads_back(written):
    _, _, data = written
    with pikepdf.open(io.BytesIO(data)) as pdf:
        contract("/StructTreeRoot" in pdf.Root and all("/StructParents" in page.obj
                                                       for page in pdf.pages),
                 "pages no longer carry /StructParents",
                 "spacehacks/pdf/paper.py (impose: form.StructParents)")


def test_the_contract_can_fail(document, monkeypatch):
    """Two upgrades as they would look: the recursion bound to a name the wrapper does
    not replace, and page_references turned into a method."""
    import types

    original = weasyprint_tags._build_box_tree
    bound = types.FunctionType(original.__code__, {**original.__globals__,
                                                   "_build_box_tree": original})
    monkeypatch.setattr(weasyprint_tags, "_build_box_tree", bound)
    seen = {}
    with tagging.repairing():
        origins = inspect.getclosurevars(weasyprint_tags._build_box_tree).nonlocals["origins"]
        document.write_pdf(finisher=lambda _, pdf: seen.setdefault("pdf", pdf),
                           **typeset.PDF_OPTIONS)
    with pytest.raises(pytest.fail.Exception, match="WeasyPrint contract: only"):
        test_build_box_tree_calls_itself_by_its_module_name((seen["pdf"], origins, b""))
    monkeypatch.setattr(pydyf.PDF, "page_references", lambda pdf: ())
    with pytest.raises(pytest.fail.Exception, match="no longer a property"):
        test_page_references_is_a_property_of_pydyf_pdf()


# ---- helpers --------------------------------------------------------------------------------

def _obj(pdf, reference):
    return pdf.objects[int(reference.split()[0])]


def _reachable(pdf) -> list:
    root = _obj(pdf, pdf.catalog["StructTreeRoot"])
    found, stack = [], [_obj(pdf, root["K"][0])]
    while stack:
        element = stack.pop()
        found.append(element)
        stack.extend(_obj(pdf, kid) for kid in element["K"] if isinstance(kid, bytes)
                     and _obj(pdf, kid).get("Type") == "/StructElem")
    return found
