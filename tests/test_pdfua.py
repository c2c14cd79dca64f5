"""The machine-checkable rules of PDF/UA-1 (tests/pdfua_rules.py) on every kind of
edition, and what a screen-reader user meets there: list items, headings that follow each
edition's own outline, the clinician's caution, a table's repeated header, a card's foot.
The editions are built once for the session (conftest.Editions)."""

from __future__ import annotations

import copy
import io
import re

import pikepdf
import pytest
from fontTools.ttLib import TTFont

import pdfua_rules
import structure_tree
from pdfua_rules import RULES

CLAIMED = ["guide", "large print", "part handout", "hacks handout", "one card", "all cards"]
PRINT_FILES = ["booklet", "section booklet"]  # imposed for folding: no PDF/UA claim
CAUTION = "CAUTION: Draft for review by a clinician: check these steps against your local " \
          "protocols."
CLAY = (0.611765, 0.239216, 0.109804)  # --clay in guide.css, the caution's frame


def _report(failures) -> str:
    return "; ".join(f"{rule} ({RULES[rule]}): {count}, e.g. {failures.examples[rule]}"
                     for rule, count in sorted(failures.items()))


@pytest.mark.parametrize("name", CLAIMED)
def test_every_edition_passes_the_pdfua_rules(editions, name):
    assert pdfua_rules.claims_pdfua(editions[name])
    failures = pdfua_rules.check(editions[name])
    assert not failures, _report(failures)


@pytest.mark.parametrize("name", PRINT_FILES)
def test_a_booklet_is_a_print_file_that_points_to_the_guide(editions, name):
    """Its pages are imposed out of reading order for folding: it claims no PDF/UA and
    says where to read instead; its tags are still whole and pass the other rules."""
    path = editions[name]
    assert not pdfua_rules.claims_pdfua(path)
    with pikepdf.open(path) as pdf:
        subject = str(pdf.docinfo["/Subject"])
    assert "A print file" in subject and "screen reader, use the guide, space-hacks.pdf" \
        in subject, subject
    failures = pdfua_rules.check(path)
    assert set(failures) == {"5-1"}, _report(failures)


# ---- the rules can fail ---------------------------------------------------------------

def _broken(path, tmp_path, change) -> pdfua_rules.Failures:
    with pikepdf.open(path) as pdf:
        change(pdf)
        pdf.save(tmp_path / "broken.pdf")
    return pdfua_rules.check(tmp_path / "broken.pdf")


def _elements(pdf, kind):
    stack = list(pdf.Root.StructTreeRoot.K)
    while stack:
        element = stack.pop(0)
        if isinstance(element, pikepdf.Dictionary) and "/S" in element:
            if element.S == kind:
                yield element
            kids = element.get("/K", [])
            stack[:0] = list(kids) if isinstance(kids, pikepdf.Array) else [kids]


def _first_link_annotation(pdf):
    return next(a for page in pdf.pages for a in page.get("/Annots", [])
                if a.Subtype == "/Link")


def _drop_marked_content(pdf):
    span = next(_elements(pdf, "/Span"))
    span.K = pikepdf.Array([])


def _drop_pdfua_identification(pdf):
    with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
        del meta["pdfuaid:part"]


def _first_font(pdf):
    return next(iter(pdf.pages[0].Resources.Font.values()))


def _widths_off(pdf):
    widths = _first_font(pdf).DescendantFonts[0].W
    widths[1] = pikepdf.Array([float(width) + 50 for width in widths[1]])


def _glyphs_missing(pdf):
    cid_font = _first_font(pdf).DescendantFonts[0]
    cid_font.CIDToGIDMap = pdf.make_stream(b"\xff\xff" * 65536)


def _a_row_short(pdf):
    row = next(_elements(pdf, "/TR"))
    row.K = pikepdf.Array(list(row.K)[:-1])


def _a_cell_over_the_next_row(pdf):
    """The second cell of a row spans two rows; the first cell of the next row spans two
    columns, over it."""
    rows = list(_elements(pdf, "/TR"))
    first, second = (pdf.get_object(kid.objgen) for kid in rows[2].K[:2])
    second.A.RowSpan = 2
    pdf.get_object(rows[3].K[0].objgen).A.ColSpan = 2
    assert first.S == second.S == "/TD"


def _headers_unknown(pdf):
    for cell in _elements(pdf, "/TD"):
        cell.A.Headers = pikepdf.Array([pikepdf.String("nowhere")])


def _pdfuaid_under_another_prefix(pdf):
    xmp = pdf.Root.Metadata.read_bytes().replace(b"xmlns:pdfuaid=", b"xmlns:ua=")
    pdf.Root.Metadata.write(xmp.replace(b'pdfuaid:part="1"',
                                        b'ua:part="2" ua:amd="2005" ua:corr="1"'))


def _drawn_on_the_first_page(pdf, content: bytes, **resources):
    page = pdf.pages[0]
    for kind, entries in resources.items():
        if f"/{kind}" not in page.obj.Resources:
            page.obj.Resources[f"/{kind}"] = pikepdf.Dictionary()
        held = page.obj.Resources[f"/{kind}"]
        for name, value in entries.items():
            held[name] = value
    page.contents_add(pdf.make_stream(content))


def _nested_artifacts(pdf):
    _drawn_on_the_first_page(pdf, b"/P <</MCID 990>> BDC /Artifact BMC EMC EMC\n"
                                  b"/Artifact BMC /P <</MCID 991>> BDC EMC EMC\n")


def _a_form_drawn_twice_that_refers_elsewhere(pdf):
    form = pdf.make_stream(b"", Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Form,
                           BBox=pikepdf.Array([0, 0, 1, 1]), StructParents=9999,
                           Ref=pikepdf.Dictionary(F=pikepdf.String("other.pdf"),
                                                  Page=0))
    _drawn_on_the_first_page(pdf, b"/Artifact BMC /Shared Do /Shared Do EMC\n",
                             XObject={"/Shared": form})


def _simple_true_type_fonts(pdf):
    """Two simple TrueType fonts made from a bundled program: a non-symbolic one with no
    encoding and no Unicode cmap, a symbolic one with an encoding and two cmaps."""
    descriptor = _first_font(pdf).DescendantFonts[0].FontDescriptor
    program = TTFont(io.BytesIO(descriptor.FontFile2.read_bytes()))
    cmap = program["cmap"]
    unicode_table = next(table for table in cmap.tables if table.platformID == 3)
    fonts = {}
    for name, flags, tables, encoding in (
            ("/Plain", 32, [], None),
            ("/Symbols", 4, [(3, 1), (1, 0)], pikepdf.Name.WinAnsiEncoding)):
        cmap.tables = []
        for platform, specific in tables:
            table = copy.copy(unicode_table)
            table.platformID, table.platEncID = platform, specific
            cmap.tables.append(table)
        data = io.BytesIO()
        program.save(data)
        font_descriptor = pikepdf.Dictionary(descriptor)
        font_descriptor.Flags = flags
        font_descriptor.FontFile2 = pdf.make_stream(data.getvalue())
        font = pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.TrueType,
                                  BaseFont=pikepdf.Name("/Made"), FirstChar=0, LastChar=0,
                                  Widths=pikepdf.Array([0]),
                                  FontDescriptor=pdf.make_indirect(font_descriptor))
        if encoding is not None:
            font.Encoding = encoding
        fonts[name] = pdf.make_indirect(font)
    _drawn_on_the_first_page(pdf, b"/Artifact BMC BT /Plain 9 Tf (a) Tj /Symbols 9 Tf (a) Tj"
                                  b" ET EMC\n", Font=fonts)


def _annotation(pdf, subtype, **entries):
    annotation = pdf.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.Annot, Subtype=pikepdf.Name(subtype),
        Rect=pikepdf.Array([10, 10, 20, 20]), **entries))
    page = pdf.pages[0]
    page.obj.Annots = pikepdf.Array([*page.obj.get("/Annots", []), annotation])
    page.obj.Tabs = pikepdf.Name.S
    return annotation


def _printer_mark_in_the_tree(pdf):
    annotation = _annotation(pdf, "/PrinterMark", Contents=pikepdf.String("marks"))
    link = next(_elements(pdf, "/Link"))
    link.K = pikepdf.Array([*link.K, pikepdf.Dictionary(Type=pikepdf.Name.OBJR,
                                                        Obj=annotation)])


def _marked_span_without_language(pdf):
    pdf.Root.__delitem__("/Lang")
    page = pdf.pages[0]
    page.contents_add(pdf.make_stream(
        b"/Span <</ActualText (x) /Alt (y) /E (z)>> BDC EMC\n"), prepend=True)


def _embedded_cmap(pdf):
    cmap = pdf.make_stream(b"/WMode 1 def", WMode=0, UseCMap=pdf.make_stream(b""),
                           CIDSystemInfo=pikepdf.Dictionary(Registry=pikepdf.String("X"),
                                                            Ordering=pikepdf.String("Y")))
    _first_font(pdf).Encoding = cmap


def _attached_without_unicode_name(pdf):
    pdf.attachments["notes.txt"] = pikepdf.AttachedFileSpec(pdf, b"notes",
                                                            filename="notes.txt")
    specification = pikepdf.NameTree(pdf.Root.Names.EmbeddedFiles)["notes.txt"]
    del specification["/UF"]


def _media_clip(pdf):
    pdf.Root.Media = pdf.make_indirect(pikepdf.Dictionary(S=pikepdf.Name.MCD))


def _a_form(pdf, **entries):
    pdf.Root.AcroForm = pikepdf.Dictionary(Fields=pikepdf.Array(
        [pikepdf.Dictionary(FT=pikepdf.Name.Tx, T=pikepdf.String("name"), **entries)]))


def _a_widget(pdf):
    widget = _annotation(pdf, "/Widget", FT=pikepdf.Name.Tx, T=pikepdf.String("name"))
    pdf.Root.AcroForm = pikepdf.Dictionary(Fields=pikepdf.Array([widget]))


def _retag(pdf, kind, new, count=1):
    for element in list(_elements(pdf, kind))[:count]:
        element.S = pikepdf.Name(new)


def _circular_roles(pdf):
    pdf.Root.StructTreeRoot.RoleMap = pikepdf.Dictionary(Aside=pikepdf.Name.Box,
                                                         Box=pikepdf.Name.Aside)
    _retag(pdf, "/P", "/Aside")


def _notes_sharing_an_id(pdf):
    for element in list(_elements(pdf, "/P"))[:2]:
        element.S, element.ID = pikepdf.Name.Note, pikepdf.String("same")


def _to_unicode_of_nothing(pdf):
    pairs = b"".join(b"<%04X> <0000>\n" % code for code in range(1000))
    _first_font(pdf).ToUnicode = pdf.make_stream(
        b"begincmap\n1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
        b"1000 beginbfchar\n" + pairs + b"endbfchar\nendcmap\n")


def _captions_out_of_place(pdf):
    """Two captions in the middle of a table, one at the end of a list, one after a
    TOC's item."""
    def element(kind, parent, kids=()):
        return pdf.make_indirect(pikepdf.Dictionary(
            Type=pikepdf.Name.StructElem, S=pikepdf.Name(kind), P=parent,
            K=pikepdf.Array(list(kids))))

    table = next(_elements(pdf, "/Table"))
    table.K = pikepdf.Array([table.K[0], element("/Caption", table),
                             element("/Caption", table), *list(table.K)[1:]])
    a_list = next(_elements(pdf, "/L"))
    a_list.K = pikepdf.Array([*a_list.K, element("/Caption", a_list)])
    document = pdf.Root.StructTreeRoot.K[0] if isinstance(
        pdf.Root.StructTreeRoot.K, pikepdf.Array) else pdf.Root.StructTreeRoot.K
    toc = element("/TOC", document)
    toc.K = pikepdf.Array([element("/TOCI", toc), element("/Caption", toc)])
    document.K = pikepdf.Array([*document.K, toc])


def _alternatives_in_no_language(pdf):
    pdf.Root.__delitem__("/Lang")
    element = next(_elements(pdf, "/P"))
    element.Alt, element.ActualText, element.E = (pikepdf.String(text) for text in "abc")


BREAKS = {  # what is broken -> the rules that must fail, and how often at least
    "no language": (lambda pdf: pdf.Root.__delitem__("/Lang"),
                    {"7.2-2": 1, "7.2-34": 50, "7.2-33": 2, "7.2-24": 1}),
    "alternatives in no known language": (_alternatives_in_no_language,
                                          {"7.2-21": 1, "7.2-22": 1, "7.2-23": 1}),
    "no metadata": (lambda pdf: pdf.Root.__delitem__("/Metadata"),
                    {"7.1-8": 1, "7.1-9": 1, "5-1": 1}),
    "suspects": (lambda pdf: setattr(pdf.Root.MarkInfo, "Suspects", True), {"7.1-4": 1}),
    "no structure tree": (lambda pdf: pdf.Root.__delitem__("/StructTreeRoot"),
                          {"7.1-11": 1, "7.1-3": 50}),
    "an element without its parent": (lambda pdf: next(_elements(pdf, "/P")).__delitem__(
        "/P"), {"7.1-12": 1}),
    "roles mapped in a circle": (_circular_roles, {"7.1-6": 1}),
    "a list item outside a list": (lambda pdf: _retag(pdf, "/L", "/Div"), {"7.2-17": 1}),
    "a list body outside its item": (lambda pdf: _retag(pdf, "/LI", "/Div"),
                                     {"7.2-18": 1, "7.2-19": 1}),
    "a TOC item outside a TOC, a TOC of paragraphs": (
        lambda pdf: (_retag(pdf, "/P", "/TOCI"), _retag(pdf, "/Div", "/TOC")),
        {"7.2-26": 1, "7.2-27": 1}),
    "captions out of place": (_captions_out_of_place,
                              {"7.2-16": 1, "7.2-39": 1, "7.2-40": 1, "7.2-28": 1}),
    "a table head of captions": (lambda pdf: _retag(pdf, "/TR", "/Caption"), {"7.2-36": 1}),
    "header cells and rows outside a table": (
        lambda pdf: (_retag(pdf, "/Table", "/Div"), _retag(pdf, "/TR", "/Div", 2)),
        {"7.2-5": 1, "7.2-6": 1, "7.2-8": 1, "7.2-9": 1}),
    "two heads and a foot without a body": (
        lambda pdf: (_retag(pdf, "/TBody", "/THead")),
        {"7.2-11": 1, "7.2-14": 1}),
    "a foot without a body, outside a table": (
        lambda pdf: (_retag(pdf, "/TBody", "/TFoot"), _retag(pdf, "/THead", "/TFoot")),
        {"7.2-12": 1, "7.2-13": 1}),
    "a foot outside a table, rows of text": (
        lambda pdf: (_retag(pdf, "/TBody", "/TFoot"), _retag(pdf, "/Table", "/Div"),
                     _retag(pdf, "/TD", "/P")),
        {"7.2-7": 1, "7.2-10": 1}),
    "a table body of paragraphs": (lambda pdf: _retag(pdf, "/TR", "/P", 50),
                                   {"7.2-37": 1}),
    "two headings in one element": (lambda pdf: _retag(pdf, "/Span", "/H", 200),
                                    {"7.4.4-1": 1}),
    "a formula without alt": (lambda pdf: _retag(pdf, "/P", "/Formula"), {"7.7-1": 1}),
    "notes sharing an ID": (_notes_sharing_an_id, {"7.9-2": 1}),
    "a font not embedded": (lambda pdf: _first_font(pdf).DescendantFonts[0]
                            .FontDescriptor.__delitem__("/FontFile2"), {"7.21.4.1-1": 1}),
    "no CIDToGIDMap": (lambda pdf: _first_font(pdf).DescendantFonts[0].__delitem__(
        "/CIDToGIDMap"), {"7.21.3.2-1": 1}),
    "every code drawn as .notdef": (lambda pdf: setattr(
        _first_font(pdf).DescendantFonts[0], "CIDToGIDMap",
        pdf.make_stream(b"\0\0" * 65536)), {"7.21.8-1": 5}),
    "text mapped to U+0000": (_to_unicode_of_nothing, {"7.21.7-2": 5}),
    "a CMap neither embedded nor predefined": (lambda pdf: setattr(
        _first_font(pdf), "Encoding", pikepdf.Name("/Custom-H")), {"7.21.3.3-1": 1}),
    "a width unlike the program's": (_widths_off, {"7.21.5-1": 1}),
    "a glyph the program lacks": (_glyphs_missing, {"7.21.4.1-2": 5}),
    "a CIDSet that lists too little": (lambda pdf: setattr(
        _first_font(pdf).DescendantFonts[0].FontDescriptor, "CIDSet",
        pdf.make_stream(b"\xff")), {"7.21.4.2-2": 1}),
    "a font this checker cannot read": (lambda pdf: setattr(
        _first_font(pdf).DescendantFonts[0], "Subtype", pikepdf.Name.CIDFontType0),
        {"unread": 1}),
    "an embedded CMap that says another WMode, uses another and has its own system": (
        _embedded_cmap, {"7.21.3.3-2": 1, "7.21.3.3-3": 1, "7.21.3.1-1": 1}),
    "a row one cell short": (_a_row_short, {"7.2-42": 1, "7.2-41": 1}),
    "a cell over the next row": (_a_cell_over_the_next_row, {"7.2-15": 1}),
    "headers that name no header cell": (_headers_unknown, {"7.5-2": 45}),
    "PDF/UA identified under another prefix, as another part": (
        _pdfuaid_under_another_prefix, {"5-2": 1, "5-3": 1, "5-4": 1, "5-5": 1}),
    "artifacts inside tagged content and the other way round": (
        _nested_artifacts, {"7.1-1": 1, "7.1-2": 1}),
    "no parent tree": (lambda pdf: pdf.Root.StructTreeRoot.__delitem__("/ParentTree"),
                       {"tree": 50}),
    "a form drawn twice that refers to another file": (
        _a_form_drawn_twice_that_refers_elsewhere, {"7.20-1": 1, "7.20-2": 1}),
    "simple TrueType fonts with the wrong encodings and cmaps": (
        _simple_true_type_fonts, {"7.21.6-1": 1, "7.21.6-2": 1, "7.21.6-3": 1,
                                  "7.21.6-4": 1}),
    "a table foot of paragraphs": (lambda pdf: (_retag(pdf, "/TBody", "/TFoot"),
                                                _retag(pdf, "/TR", "/P", 50)),
                                   {"7.2-38": 1}),
    "H beside H1-H6": (lambda pdf: setattr(next(_elements(pdf, "/P")), "S",
                                           pikepdf.Name("/H")), {"7.4.4-2": 1, "7.4.4-3": 5}),
    "a note annotation outside an Annot element": (
        lambda pdf: _annotation(pdf, "/Text", Contents=pikepdf.String("a note")),
        {"7.18.1-1": 1}),
    "a TrapNet annotation": (lambda pdf: _annotation(pdf, "/TrapNet"), {"7.18.2-1": 1}),
    "a PrinterMark in the tree": (_printer_mark_in_the_tree, {"7.18.8-1": 1}),
    "a widget outside a Form, its field unnamed": (_a_widget, {"7.18.4-1": 1,
                                                               "7.18.1-3": 1}),
    "a Form element holding text": (lambda pdf: setattr(next(_elements(pdf, "/P")), "S",
                                                        pikepdf.Name("/Form")),
                                    {"7.18.4-2": 1}),
    "a field's tooltip in no known language": (
        lambda pdf: (_a_form(pdf, TU=pikepdf.String("Your name")),
                     pdf.Root.__delitem__("/Lang")), {"7.2-25": 1}),
    "a dynamic XFA form": (lambda pdf: _a_form(pdf) or setattr(
        pdf.Root.AcroForm, "NeedsRendering", True) or setattr(
        pdf.Root.AcroForm, "XFA", pdf.make_stream(b"<xdp/>")), {"7.15-1": 1}),
    "marked content with alternatives in no known language": (
        _marked_span_without_language, {"7.2-30": 1, "7.2-31": 1, "7.2-32": 1}),
    "optional content without a name": (lambda pdf: setattr(
        pdf.Root, "OCProperties", pikepdf.Dictionary(
            OCGs=pikepdf.Array(), D=pikepdf.Dictionary(AS=pikepdf.Array()))),
        {"7.10-1": 1, "7.10-2": 1}),
    "an attached file without its Unicode name": (_attached_without_unicode_name,
                                                  {"7.11-1": 1}),
    "a media clip without type or description": (_media_clip, {"7.18.6.2-1": 1,
                                                               "7.18.6.2-2": 1}),
    "an empty language": (lambda pdf: setattr(pdf.Root, "Lang", pikepdf.String("")),
                          {"7.2-29": 1}),
    "the title not shown": (lambda pdf: setattr(pdf.Root.ViewerPreferences,
                                                "DisplayDocTitle", False), {"7.1-10": 1}),
    "not marked": (lambda pdf: setattr(pdf.Root.MarkInfo, "Marked", False), {"6.2-1": 1}),
    "no PDF/UA identification": (_drop_pdfua_identification, {"5-1": 1}),
    "a skipped heading": (lambda pdf: setattr(next(_elements(pdf, "/H2")), "S",
                                              pikepdf.Name("/H4")), {"7.4.2-1": 1}),
    "a list item without its body": (lambda pdf: setattr(next(_elements(pdf, "/LBody")), "S",
                                                         pikepdf.Name("/P")), {"7.2-20": 1}),
    "a table row outside a table": (lambda pdf: setattr(next(_elements(pdf, "/TBody")), "S",
                                                        pikepdf.Name("/Div")),
                                    {"7.2-4": 45, "7.2-3": 1}),
    "a header cell without scope": (lambda pdf: [cell.A.__delitem__("/Scope") or
                                                 cell.__delitem__("/ID")
                                                 for cell in _elements(pdf, "/TH")],
                                    {"7.5-2": 90}),
    "a table with no header named or scoped": (
        lambda pdf: [cell.A.__delitem__("/Scope") for cell in _elements(pdf, "/TH")] +
        [cell.A.__delitem__("/Headers") for cell in _elements(pdf, "/TD")], {"7.5-1": 90}),
    "a figure without alt": (lambda pdf: setattr(next(_elements(pdf, "/P")), "S",
                                                 pikepdf.Name("/Figure")), {"7.3-1": 1}),
    "a type no one maps": (lambda pdf: setattr(next(_elements(pdf, "/P")), "S",
                                               pikepdf.Name("/Callout")), {"7.1-5": 1}),
    "a standard type mapped": (lambda pdf: setattr(pdf.Root.StructTreeRoot, "RoleMap",
                                                   pikepdf.Dictionary(P=pikepdf.Name.Span)),
                               {"7.1-7": 50}),
    "a note without ID": (lambda pdf: setattr(next(_elements(pdf, "/P")), "S",
                                              pikepdf.Name("/Note")), {"7.9-1": 1}),
    "a link without words": (lambda pdf: _first_link_annotation(pdf).__delitem__("/Contents"),
                             {"7.18.5-2": 1, "7.18.1-2": 1}),
    "a link outside a Link": (lambda pdf: setattr(next(_elements(pdf, "/Link")), "S",
                                                  pikepdf.Name("/Span")), {"7.18.5-1": 1}),
    "no tab order": (lambda pdf: [page.obj.__delitem__("/Tabs") for page in pdf.pages
                                  if "/Tabs" in page.obj], {"7.18.3-1": 5}),
    "text no element holds": (_drop_marked_content, {"7.1-3": 1}),
    "a font without ToUnicode": (lambda pdf: [page.Resources.Font[name].__delitem__(
        "/ToUnicode") for page in pdf.pages[:1] for name in page.Resources.Font],
        {"7.21.7-1": 20}),
}


@pytest.mark.parametrize("what", BREAKS)
def test_each_rule_fails_when_its_requirement_is_broken(editions, tmp_path, what):
    change, expected = BREAKS[what]
    failures = _broken(editions["guide"], tmp_path, change)
    assert all(failures[rule] >= count for rule, count in expected.items()), _report(failures)


def test_an_encrypted_file_must_let_assistive_technology_read_it(editions, tmp_path):
    with pikepdf.open(editions["guide"]) as pdf:
        for accessibility, name in ((False, "closed.pdf"), (True, "open.pdf")):
            pdf.save(tmp_path / name, encryption=pikepdf.Encryption(
                owner="owner", user="", R=3, aes=False, metadata=False,
                allow=pikepdf.Permissions(accessibility=accessibility, extract=False)))
    assert pdfua_rules.check(tmp_path / "closed.pdf")["7.16-1"] == 1
    assert "7.16-1" not in pdfua_rules.check(tmp_path / "open.pdf")


def test_a_file_past_pdf_1_7_fails(editions, tmp_path):
    with pikepdf.open(editions["guide"]) as pdf:
        pdf.save(tmp_path / "two.pdf", force_version="2.0")
    assert pdfua_rules.check(tmp_path / "two.pdf")["6.1-1"] == 1


def test_every_rule_the_checker_counts_is_shown_to_fail():
    """Each rule of RULES has a broken file above that makes it fail, or a test of its
    own: no rule is counted that could never fail."""
    shown = {rule for _, expected in BREAKS.values() for rule, count in expected.items()
             if count > 0}
    assert set(RULES) - shown == {"7.16-1", "6.1-1"}  # their own tests, above


# ---- what a screen-reader user meets --------------------------------------------------

def _hack_article(tree, number):
    """A hack's Art, known by how it reads: its heading first."""
    articles = [e for e in tree.walk() if e.tag == "/Art"]
    found = [e for e in articles if re.match(rf"{number} ", tree.text_of(e))]
    assert found, [tree.text_of(e)[:40] for e in articles]
    return found[0]


def _heading_levels(tree, element):
    return [int(e.tag[2]) for e in tree.walk(element) if e.tag in structure_tree.HEADINGS]


@pytest.mark.parametrize("name, title_level", [("guide", 2), ("large print", 2),
                                               ("part handout", 2), ("hacks handout", 2),
                                               ("section booklet", 2), ("one card", 1),
                                               ("all cards", 1)])
def test_the_caution_comes_right_after_the_hack_heading(editions, name, title_level):
    """A reader who jumps to the heading hears the caution next, inside the hack, in
    the text (not a Note, not an artifact): on every edition, the cards included."""
    tree = structure_tree.read(editions[name])
    caution = [e for e in tree.walk() if tree.text_of(e) == CAUTION and e.tag == "/Div"]
    assert len(caution) == 1, [tree.text_of(e)[:60] for e in caution]
    siblings = [kid for kid in caution[0].parent.children
                if isinstance(kid, structure_tree.Element)]
    before = siblings[siblings.index(caution[0]) - 1]
    assert before.tag == f"/H{title_level}" and tree.text_of(before).endswith(
        "P-2 Hold a daily huddle"), tree.text_of(before)
    assert "/Art" in [a.tag for a in caution[0].ancestors()]
    assert not any(e.tag == "/Note" for e in tree.walk())
    assert sum(text.count("Draft for review") for text in tree.artifact_text.values()) == 0
    # Only the hack marked for review has it.
    assert sum(tree.text_of(e).count("Draft for review") for e in tree.root.children) == 1


def _painted_frames(page, color):
    """Rectangles filled in `color` as a frame (an outer and an inner rectangle, even-odd)
    on a page: (outer, inner), each (left, top, right, bottom), y down the page."""
    frames, ctm, saved, rects, fill = [], (1, 0, 0, 1, 0, 0), [], [], None
    for operands, operator in pikepdf.parse_content_stream(page):
        op = str(operator)
        if op == "q":
            saved.append(ctm)
        elif op == "Q":
            ctm = saved.pop()
        elif op == "cm":
            ctm = structure_tree._multiply(tuple(float(v) for v in operands), ctm)
        elif op == "rg":
            fill = tuple(round(float(v), 6) for v in operands)
        elif op == "re":
            x, y, w, h = (float(v) for v in operands)
            corners = [(a * px + c * py + e, -(b * px + d * py + f))
                       for px, py in ((x, y), (x + w, y + h))
                       for a, b, c, d, e, f in [ctm]]
            (x1, y1), (x2, y2) = corners
            rects.append((min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2)))
        elif op in ("f", "f*", "n", "S", "B", "B*"):
            if op == "f*" and fill == color and len(rects) == 2:
                frames.append(tuple(sorted(rects, key=lambda r: r[0])))
            rects = []
    return frames


@pytest.mark.parametrize("name", ["guide", "hacks handout", "one card"])
def test_the_caution_is_drawn_as_a_box_around_its_words(editions, name):
    tree = structure_tree.read(editions[name])
    caution = next(e for e in tree.walk() if tree.text_of(e) == CAUTION and e.tag == "/Div")
    runs = [(page, mcid) for page, mcid, text in tree.reading_text(caution) if text.strip()]
    page = runs[0][0]
    frames = _painted_frames(tree.pdf.pages[page], CLAY)
    starts = [tree.positions[run] for run in runs]
    around = [(outer, inner) for outer, inner in frames
              if all(inner[0] < x < inner[2] and inner[1] < y < inner[3] for x, y in starts)]
    assert len(around) == 1, (frames, starts)
    outer, inner = around[0]
    left, top, right, bottom = (inner[0] - outer[0], inner[1] - outer[1],
                                outer[2] - inner[2], outer[3] - inner[3])
    assert left >= 4 and min(top, right, bottom) >= 0.75, (left, top, right, bottom)


def test_a_cards_caution_is_as_large_as_its_foot_and_on_one_line(editions):
    """A wall card is read from across a room: its caution is set at a fixed size no
    smaller than the card's foot (10.5 pt), whatever size the card's text takes, on a
    line of its own right under the title."""
    from pypdf import PdfReader

    drawn = []
    PdfReader(editions["one card"]).pages[0].extract_text(visitor_text=lambda text, cm, tm, _,
                                                           size: drawn.append(
        (text.strip(), round(size * abs(tm[3]) * abs(cm[3]), 1), round(tm[5] * cm[3] + cm[5]))))
    caution = [(size, y) for text, size, y in drawn if text and text in CAUTION]
    assert caution and "".join(t for t, _, _ in drawn if t in CAUTION).startswith("CAUTION:")
    assert min(size for size, _ in caution) >= 10.5, caution
    assert len({y for _, y in caution}) == 1, caution  # one line


def _starts(tree, element):
    """Where the text of an element starts to be drawn, run by run (y down the page, or
    down the booklet page's form)."""
    return [tree.positions[kid[1:]] for kid in element.children
            if isinstance(kid, tuple) and kid[0] == "mcid" and kid[1:] in tree.positions]


@pytest.mark.parametrize("name", ["guide", "large print", "part handout", "section booklet"])
def test_a_featured_hack_is_read_title_first_with_its_badge_drawn_beside_it(editions, name):
    """A reader who jumps to a featured hack's heading hears its title first, then
    "Featured hack"; the badge is still drawn at the top right, beside or above the
    title's first line, and the title's words never say it (bookmarks, running heads)."""
    tree = structure_tree.read(editions[name])
    header = _hack_article(tree, "P-1").children[0]
    said = [(e.tag, tree.text_of(e)) for e in header.children
            if isinstance(e, structure_tree.Element) and tree.text_of(e)]
    assert said[:2] == [("/H2", "P-1 Walk the space"), ("/P", "FEATURED HACK")], said
    title, badge = [e for e in header.children
                    if isinstance(e, structure_tree.Element) and tree.text_of(e)][:2]
    title_runs = [run for e in tree.walk(title) for run in _starts(tree, e)]
    badge_runs = [run for e in tree.walk(badge) for run in _starts(tree, e)]
    assert badge_runs and title_runs
    assert min(y for _, y in badge_runs) < min(y for _, y in title_runs)  # not below it
    assert min(x for x, _ in badge_runs) > max(x for x, _ in title_runs)  # at its right


@pytest.mark.parametrize("name, levels", [
    ("guide", {"P-2": [2, 3, 3, 3], "R-1": [3, 4, 4, 4]}),
    ("hacks handout", {"P-2": [2, 3, 3, 3], "R-1": [2, 3, 3, 3]}),
])
def test_hack_headings_follow_the_editions_own_outline(editions, name, levels):
    """A hack inside a section sits one level deeper in the guide; alone in a handout of
    chosen hacks it sits under the handout's title, and its sections under it."""
    tree = structure_tree.read(editions[name])
    for number, expected in levels.items():
        assert _heading_levels(tree, _hack_article(tree, number)) == expected


def test_a_list_item_is_its_label_and_its_body(editions):
    tree = structure_tree.read(editions["guide"])
    steps = [e for e in tree.walk(_hack_article(tree, "P-1")) if e.tag == "/LI"]
    assert steps
    for step in steps:
        kids = [kid.tag for kid in step.children if isinstance(kid, structure_tree.Element)]
        assert kids in (["/Lbl", "/LBody"], ["/LBody"]), kids
    said = [(tree.text_of(step.children[0]), tree.text_of(step.children[1]))
            for step in steps[:3]]
    assert said == [("1.", "One step."), ("2.", "Another step."), ("3.", "A third step.")]


def test_a_table_header_repeated_on_the_next_page_is_read_once(editions):
    tree = structure_tree.read(editions["guide"])
    table = next(e for e in tree.walk() if e.tag == "/Table")
    pages = {page for page, _, _ in tree.reading_text(table)}
    assert len(pages) == 2  # the table runs onto a second page...
    assert tree.text_of(table).count("What to check") == 1  # ...its header is read once
    assert [kid.tag for kid in table.children] == ["/THead", "/TBody"]
    repeated = max(pages)
    assert "What to checkWho" in tree.artifact_text[repeated]  # drawn there, as furniture
    assert "Check 45" in tree.text_of(table)


def test_each_card_foot_is_inside_its_card(editions):
    tree = structure_tree.read(editions["all cards"])
    cards = tree.root.children[0].children
    assert [card.tag for card in cards] == ["/Art"] * 4
    for card, number in zip(cards, ("P-1", "P-2", "P-3", "R-1")):
        assert re.search(rf"Full hack: {number}, guide page \d+\b", tree.text_of(card)), \
            tree.text_of(card)
        assert tree.text_of(card).endswith("January 15, 2026 · CC BY-NC-SA 4.0")


def _drawn_nothing(tree, element) -> bool:
    """An element a reader would meet with nothing in it: it holds no annotation and no
    marked content, or only marked-content sequences that draw nothing at all."""
    held = [kid for e in tree.walk(element) for kid in e.children if isinstance(kid, tuple)]
    return all(kid[0] == "mcid" and kid[1:] in tree.empty_sequences for kid in held)


@pytest.mark.parametrize("name", CLAIMED + PRINT_FILES)
def test_nothing_empty_comes_before_a_hack_heading(editions, name):
    """A reader who moves into a hack meets nothing silent before its heading: in each
    hack's Art, every element before the heading (in reading order) holds the heading or
    says something (a card's part name). The featured badge's room beside the title is
    kept by a float that draws nothing: it is no element of the tree (it was an empty
    NonStruct before the heading)."""
    tree = structure_tree.read(editions[name])
    articles = [e for e in tree.walk() if e.tag == "/Art"
                and any(h.tag in structure_tree.HEADINGS for h in tree.walk(e))]
    assert articles
    for article in articles:
        order = list(tree.walk(article))
        heading = next(e for e in order if e.tag in structure_tree.HEADINGS)
        holders = {id(e) for e in heading.ancestors()}
        silent = [e.tag for e in order[:order.index(heading)]
                  if id(e) not in holders and not tree.text_of(e)]
        assert not silent, (tree.text_of(heading), silent)


@pytest.mark.parametrize("name", CLAIMED + PRINT_FILES)
def test_no_element_of_the_tree_is_empty(editions, name):
    """Every element holds something drawn (text, a picture, a link): an element that
    holds nothing, or only marked content that draws nothing, is noise for a screen
    reader (the cover's drawn circles and the featured badge's invisible room were)."""
    tree = structure_tree.read(editions[name])
    empty = [(e.tag, e.parent.tag) for e in tree.walk() if e is not tree.root
             and _drawn_nothing(tree, e)]
    assert not empty, empty
