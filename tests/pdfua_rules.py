"""The machine-checkable rules of PDF/UA-1 (ISO 14289-1), applied to a PDF with pikepdf.

The rules and their numbers are those of veraPDF's PDF/UA-1 validation profile
(veraPDF-validation-profiles, PDF_UA/PDFUA-1.xml), which words the Matterhorn Protocol's
machine checks as tests; veraPDF itself, a Java program, is not installed here. This
reader shares nothing with the code that writes the tree (spacehacks/pdf/tagging.py), so
a mistake there cannot hide itself here.

`python tests/pdfua_rules.py FILE.pdf...` prints the failures of each rule, per file.

Of the profile's 106 rules, 104 are applied here, each under its own number (RULES). Not
applied: 7.2-43, which veraPDF splits off 7.2-42 (rows of different widths) for when it
can name the spans that differ: the same failure is counted once, as 7.2-42; and
7.21.4.2-1 (a Type 1 font's CharSet), which needs a Type 1 program read: such a font, like
any font but a TrueType CIDFont with Identity-H, is counted under "unread", so that it is
looked at rather than passed. Two checks are ours: "tree" (the parent tree agrees with
the tree) and "unread". The glyph rules (7.21.4.1-2, 7.21.5-1, 7.21.8-1, 7.21.4.2-2,
7.21.6) read the embedded TrueType program with fontTools. Where veraPDF leaves out an
annotation whose rectangle is outside the crop box, this checker counts it all the same.
"""

from __future__ import annotations

import io
import re
import sys
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import pikepdf
from fontTools.ttLib import TTFont

# ISO 32000-1, 14.8.4: the standard structure types.
STANDARD = set("""Document Part Art Sect Div BlockQuote Caption TOC TOCI Index NonStruct
Private P H H1 H2 H3 H4 H5 H6 L LI Lbl LBody Table TR TH TD THead TBody TFoot Span Quote
Note Reference BibEntry Code Link Annot Ruby RB RT RP Warichu WT WP Figure Formula
Form""".split())
NUMBERED_HEADINGS = {f"H{n}" for n in range(1, 7)}
PDFUAID = "http://www.aiim.org/pdfua/ns/id/"
DC = "http://purl.org/dc/elements/1.1/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
LANGUAGE_TAG = re.compile(r"^[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*$")
TEXT_SHOWING = {"Tj", "TJ", "'", '"'}
PAINTING = {"S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "sh", "INLINE IMAGE"}

# veraPDF's rule number -> what it asks, in short.
RULES = {
    "5-1": "the XMP metadata identifies the file as PDF/UA (pdfuaid:part)",
    "5-2": "pdfuaid:part is 1",
    "5-3": "pdfuaid:part is written with the prefix pdfuaid",
    "5-4": "pdfuaid:amd is written with the prefix pdfuaid",
    "5-5": "pdfuaid:corr is written with the prefix pdfuaid",
    "6.1-1": "the header is %PDF-1.0 to %PDF-1.7",
    "6.2-1": "MarkInfo has Marked true",
    "7.1-1": "no Artifact inside tagged content",
    "7.1-2": "no tagged content inside an Artifact",
    "7.1-3": "every content item is an Artifact or held by an element of the tree",
    "7.1-4": "MarkInfo Suspects is not true",
    "7.1-5": "every non-standard structure type is role-mapped to a standard one",
    "7.1-6": "no circular role mapping",
    "7.1-7": "standard structure types are not role-mapped",
    "7.1-8": "the catalog has an XMP Metadata stream",
    "7.1-9": "the XMP metadata has dc:title",
    "7.1-10": "ViewerPreferences DisplayDocTitle is true",
    "7.1-11": "the catalog has a StructTreeRoot",
    "7.1-12": "each structure element has its parent (P)",
    "tree": "the ParentTree maps each marked-content sequence and annotation to the element "
            "of the tree that holds it (ISO 32000-1, 14.7.4.4)",
    "7.2-2": "the outline's language is known (catalog Lang)",
    "7.2-3": "Table holds only TR, THead, TBody, TFoot, Caption",
    "7.2-4": "TR is inside Table, THead, TBody or TFoot",
    "7.2-5": "THead is inside Table",
    "7.2-6": "TBody is inside Table",
    "7.2-7": "TFoot is inside Table",
    "7.2-8": "TH is inside TR",
    "7.2-9": "TD is inside TR",
    "7.2-10": "TR holds only TH and TD",
    "7.2-11": "Table has at most one THead",
    "7.2-12": "Table has at most one TFoot",
    "7.2-13": "a Table with TFoot has TBody",
    "7.2-14": "a Table with THead has TBody",
    "7.2-15": "no table cell overlaps another (row and column spans counted)",
    "7.2-16": "a Table's Caption is its first or last kid",
    "7.2-17": "LI is inside L",
    "7.2-18": "LBody is inside LI",
    "7.2-19": "L holds only L, LI, Caption",
    "7.2-20": "LI holds only Lbl and LBody",
    "7.2-21": "the language of ActualText is known",
    "7.2-22": "the language of Alt is known",
    "7.2-23": "the language of E is known",
    "7.2-24": "the language of an annotation's Contents is known",
    "7.2-25": "the language of a form field's TU is known",
    "7.2-26": "TOCI is inside TOC",
    "7.2-27": "TOC holds only TOC, TOCI, Caption",
    "7.2-28": "a TOC's Caption is its first kid",
    "7.2-29": "each Lang is a language tag",
    "7.2-30": "the language of ActualText in a Span's marked content is known",
    "7.2-31": "the language of Alt in a Span's marked content is known",
    "7.2-32": "the language of E in a Span's marked content is known",
    "7.2-33": "the language of the metadata (an x-default entry of the XMP) is known",
    "7.2-34": "the language of page text is known",
    "7.2-36": "THead holds only TR",
    "7.2-37": "TBody holds only TR",
    "7.2-38": "TFoot holds only TR",
    "7.2-39": "Table has at most one Caption",
    "7.2-40": "an L's Caption is its first kid",
    "7.2-41": "a table's columns have the same number of rows (row spans counted)",
    "7.2-42": "a table's rows have the same number of columns (column spans counted)",
    "7.3-1": "Figure has Alt or ActualText",
    "7.4.2-1": "numbered headings start at H1 and never skip a level, in reading order",
    "7.4.4-1": "a node has at most one H child",
    "7.4.4-2": "H and H1-H6 are not both used (counted at each H)",
    "7.4.4-3": "H and H1-H6 are not both used (counted at each H1-H6)",
    "7.5-1": "each TD has a header (Headers, or a TH with Scope above or beside it)",
    "7.5-2": "a TD's Headers name TH IDs of its table",
    "7.7-1": "Formula has Alt or ActualText",
    "7.9-1": "Note has an ID",
    "7.9-2": "Note IDs are unique",
    "7.10-1": "each optional content configuration has a Name",
    "7.10-2": "no optional content configuration has AS",
    "7.11-1": "an embedded file's specification has F and UF",
    "7.15-1": "no dynamic XFA form",
    "7.16-1": "an encrypted file lets assistive technology extract its text (P bit 10)",
    "7.18.1-1": "an annotation other than Link, Widget or PrinterMark is inside an Annot",
    "7.18.1-2": "an annotation has Contents or its element has Alt",
    "7.18.3-1": "a page with annotations has Tabs /S",
    "7.18.5-1": "a Link annotation belongs to a Link element of the tree, through OBJR",
    "7.18.1-3": "a form field has TU, or each of its widgets' elements has Alt",
    "7.18.2-1": "no TrapNet annotation",
    "7.18.4-1": "a Widget annotation is inside a Form element",
    "7.18.4-2": "a Form element without Role holds only its widget's OBJR",
    "7.18.5-2": "a Link annotation has Contents",
    "7.18.6.2-1": "a media clip data dictionary has CT",
    "7.18.6.2-2": "a media clip data dictionary has Alt",
    "7.18.8-1": "a PrinterMark annotation is not in the structure tree",
    "7.20-1": "no reference XObjects",
    "7.20-2": "a form XObject with StructParents is drawn once",
    "7.21.3.1-1": "a Type0 font's CIDSystemInfo agrees with its CMap",
    "7.21.3.2-1": "a CIDFontType2 has CIDToGIDMap",
    "7.21.3.3-1": "CMaps are embedded (or predefined)",
    "7.21.3.3-2": "an embedded CMap's WMode agrees with its dictionary's",
    "7.21.3.3-3": "an embedded CMap uses no CMap but the predefined ones",
    "7.21.4.1-1": "every font used is embedded",
    "7.21.4.1-2": "every glyph shown is in the embedded font program",
    "7.21.4.2-2": "a subset CID font's CIDSet lists the CIDs of its program",
    "7.21.5-1": "each glyph's width in the font dictionary is its program's (within 1)",
    "7.21.6-1": "a non-symbolic TrueType program has a (3,1) or (1,0) cmap",
    "7.21.6-2": "a non-symbolic TrueType font has MacRoman or WinAnsi encoding",
    "7.21.6-3": "a symbolic TrueType font has no Encoding",
    "7.21.6-4": "a symbolic TrueType program's cmap has one subtable, or a (3,0) one",
    "7.21.7-1": "every character code shown maps to Unicode (ToUnicode)",
    "7.21.7-2": "ToUnicode never maps to U+0000, U+FEFF or U+FFFE",
    "7.21.8-1": "no .notdef glyph is shown",
    "unread": "a font program of a kind this checker cannot read (its glyphs, widths "
              "and CharSet go unchecked): counted, so that it is looked at",
}


# ---- the structure tree ---------------------------------------------------------------

@dataclass
class Node:
    """A structure element: its type as written and as standard, and its kids in order:
    Node, ("mcid", content owner, mcid) or ("objr", annotation)."""

    obj: pikepdf.Dictionary
    written: str
    standard: str | None
    parent: Node | None
    kids: list = field(default_factory=list)

    @property
    def elements(self) -> list[Node]:
        return [kid for kid in self.kids if isinstance(kid, Node)]

    @property
    def kid_types(self) -> list[str]:
        return [kid.standard or kid.written for kid in self.elements]

    def lang(self) -> str | None:
        node = self
        while node is not None:
            if "/Lang" in node.obj:
                return str(node.obj.Lang)
            node = node.parent
        return None


def _kids(obj) -> list:
    kids = obj.get("/K")
    if kids is None:
        return []
    return list(kids) if isinstance(kids, pikepdf.Array) else [kids]


class Failures(Counter):
    """Rule number -> how many times it fails, with the first few places noted."""

    def __init__(self):
        super().__init__()
        self.examples: dict[str, list[str]] = defaultdict(list)

    def fail(self, rule: str, where: str = "") -> None:
        assert rule in RULES, rule
        self[rule] += 1
        if len(self.examples[rule]) < 3 and where:
            self.examples[rule].append(where)


class Checker:
    """Reads one PDF and counts the failures of each rule."""

    def __init__(self, pdf: pikepdf.Pdf):
        self.pdf = pdf
        self.failures = Failures()
        self.catalog_lang = str(pdf.Root.get("/Lang", "")) or None
        root = pdf.Root.get("/StructTreeRoot")
        self.role_map = {str(k).lstrip("/"): str(v).lstrip("/")
                         for k, v in root.get("/RoleMap", {}).items()} \
            if root is not None else {}
        self.nodes: list[Node] = []
        self.holder: dict[tuple, Node] = {}  # (content owner objgen, mcid) -> its element
        self.annotation_holder: dict[tuple, Node] = {}  # annotation objgen -> Link etc.
        self.roots = [self.read(kid, None, None) for kid in _kids(root)] if root else []
        self.parent_tree = dict(_number_tree(root.get("/ParentTree"))) if root else {}

    # -- reading -----------------------------------------------------------------------

    def standard_type(self, written: str) -> str | None:
        """Through the role map to a standard type (None: it never gets there)."""
        if written in STANDARD:
            if written in self.role_map:
                self.failures.fail("7.1-7", f"/{written} is role-mapped")
            return written
        seen, kind = set(), written
        while kind not in STANDARD:
            if kind in seen:
                self.failures.fail("7.1-6", f"/{written} maps in a circle")
                return None
            seen.add(kind)
            if kind not in self.role_map:
                self.failures.fail("7.1-5", f"/{written} is not mapped to a standard type")
                return None
            kind = self.role_map[kind]
        return kind

    def read(self, obj, parent: Node | None, page) -> Node:
        written = str(obj.get("/S", "")).lstrip("/")
        node = Node(obj, written, self.standard_type(written), parent)
        self.nodes.append(node)
        if "/P" not in obj:
            self.failures.fail("7.1-12", f"/{written} has no P")
        page = obj.get("/Pg", page)
        for kid in _kids(obj):
            if isinstance(kid, int):
                key = (page.objgen if page is not None else None, int(kid))
                node.kids.append(("mcid", *key))
                self.holder[key] = node
            elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
                owner = kid.get("/Stm", kid.get("/Pg", page))
                key = (owner.objgen if owner is not None else None, int(kid.MCID))
                node.kids.append(("mcid", *key))
                self.holder[key] = node
            elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/OBJR":
                node.kids.append(("objr", kid.Obj))
                self.annotation_holder[kid.Obj.objgen] = node
            elif isinstance(kid, pikepdf.Dictionary):
                node.kids.append(self.read(kid, node, page))
        return node

    def walk(self, nodes=None):
        for node in self.roots if nodes is None else nodes:
            yield node
            yield from self.walk(node.elements)

    # -- the rules ---------------------------------------------------------------------

    def run(self) -> Failures:
        self.document_rules()
        self.structure_rules()
        self.heading_rules()
        content = _Content(self)
        content.read_pages()
        self.annotation_rules(content.owners)
        content.font_rules()
        return self.failures

    def document_rules(self) -> None:
        pdf, fail = self.pdf, self.failures.fail
        if not re.fullmatch(r"1\.[0-7]", pdf.pdf_version):
            fail("6.1-1", pdf.pdf_version)
        mark_info = pdf.Root.get("/MarkInfo", {})
        if mark_info.get("/Marked") is not True:
            fail("6.2-1")
        if mark_info.get("/Suspects") is True:
            fail("7.1-4")
        if pdf.Root.get("/ViewerPreferences", {}).get("/DisplayDocTitle") is not True:
            fail("7.1-10")
        if "/StructTreeRoot" not in pdf.Root:
            fail("7.1-11")
        metadata = pdf.Root.get("/Metadata")
        if metadata is None or metadata.get("/Type") != "/Metadata" \
                or metadata.get("/Subtype") != "/XML":
            fail("7.1-8")
        xmp = _xmp(metadata)
        if not [e for e in xmp.iter(f"{{{DC}}}title") if "".join(e.itertext()).strip()]:
            fail("7.1-9")
        parts = _pdfuaid(xmp)
        if not parts:
            fail("5-1")
        elif parts[0] != "1":
            fail("5-2", parts[0])
        for rule, prefix in _pdfuaid_prefixes(metadata):
            fail(rule, prefix)
        if not self.catalog_lang:
            for alternative in xmp.iter(f"{{{RDF}}}Alt"):
                for item in alternative.iter(f"{{{RDF}}}li"):
                    if item.get(XML_LANG) == "x-default":
                        fail("7.2-33")
        self.feature_rules()
        for value in [self.catalog_lang or ""] if "/Lang" in pdf.Root else []:
            if not LANGUAGE_TAG.match(value):
                fail("7.2-29", f"catalog Lang '{value}'")
        if "/Outlines" in pdf.Root and "/First" in pdf.Root.Outlines and not self.catalog_lang:
            fail("7.2-2")

    def feature_rules(self) -> None:
        """Optional content, embedded files, forms and encryption: the builder writes
        none of them, but a file that has them must have them right."""
        pdf, fail = self.pdf, self.failures.fail
        properties = pdf.Root.get("/OCProperties", {})
        configurations = [properties["/D"]] if "/D" in properties else []
        configurations += list(properties.get("/Configs", []))
        for configuration in configurations:
            if not str(configuration.get("/Name", "")):
                fail("7.10-1")
            if "/AS" in configuration:
                fail("7.10-2")
        files = list(pikepdf.NameTree(pdf.Root.Names.EmbeddedFiles).values()) \
            if "/EmbeddedFiles" in pdf.Root.get("/Names", {}) else []
        files += [annotation.FS for page in pdf.pages for annotation in
                  page.obj.get("/Annots", []) if "/FS" in annotation]
        for specification in files:
            if isinstance(specification, pikepdf.Dictionary) and "/EF" in specification \
                    and not (str(specification.get("/F", "")) and
                             str(specification.get("/UF", ""))):
                fail("7.11-1")
        form = pdf.Root.get("/AcroForm", {})
        if "/XFA" in form and form.get("/NeedsRendering") is True:
            fail("7.15-1")
        for field_ in _fields(form.get("/Fields", [])):
            if "/TU" in field_ and not self.catalog_lang and "/Lang" not in field_:
                fail("7.2-25")
        if pdf.is_encrypted and not pdf.encryption.P & 512:  # bit 10 (qpdf's own
            fail("7.16-1")  # allow.accessibility is always true from revision 3 on)
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Dictionary) and obj.get("/S") == "/MCD":
                if "/CT" not in obj:
                    fail("7.18.6.2-1")
                if "/Alt" not in obj:
                    fail("7.18.6.2-2")

    def structure_rules(self) -> None:
        fail = self.failures.fail
        note_ids = Counter()
        for node in self.walk():
            kind, kids, parent = node.standard, node.kid_types, node.parent
            above = parent.standard if parent is not None else None
            where = f"/{node.written}"
            if "/Lang" in node.obj and not LANGUAGE_TAG.match(str(node.obj.Lang)):
                fail("7.2-29", f"{where} Lang '{node.obj.Lang}'")
            for key, rule in (("/ActualText", "7.2-21"), ("/Alt", "7.2-22"), ("/E", "7.2-23")):
                if key in node.obj and not (node.lang() or self.catalog_lang):
                    fail(rule, where)
            checks = {
                "Table": [("7.2-3", not set(kids) <= {"TR", "THead", "TBody", "TFoot",
                                                       "Caption"}),
                          ("7.2-11", kids.count("THead") > 1),
                          ("7.2-12", kids.count("TFoot") > 1),
                          ("7.2-13", "TFoot" in kids and "TBody" not in kids),
                          ("7.2-14", "THead" in kids and "TBody" not in kids),
                          ("7.2-16", "Caption" in kids[1:-1]),
                          ("7.2-39", kids.count("Caption") > 1)],
                "TR": [("7.2-4", above not in ("Table", "THead", "TBody", "TFoot")),
                       ("7.2-10", not set(kids) <= {"TH", "TD"})],
                "THead": [("7.2-5", above != "Table"), ("7.2-36", set(kids) - {"TR"})],
                "TBody": [("7.2-6", above != "Table"), ("7.2-37", set(kids) - {"TR"})],
                "TFoot": [("7.2-7", above != "Table"), ("7.2-38", set(kids) - {"TR"})],
                "TH": [("7.2-8", above != "TR")],
                "TD": [("7.2-9", above != "TR")],
                "LI": [("7.2-17", above != "L"), ("7.2-20", not set(kids) <= {"Lbl", "LBody"})],
                "LBody": [("7.2-18", above != "LI")],
                "L": [("7.2-19", not set(kids) <= {"L", "LI", "Caption"}),
                      ("7.2-40", "Caption" in kids[1:])],
                "TOCI": [("7.2-26", above != "TOC")],
                "TOC": [("7.2-27", not set(kids) <= {"TOC", "TOCI", "Caption"}),
                        ("7.2-28", "Caption" in kids[1:])],
                "Figure": [("7.3-1", not (str(node.obj.get("/Alt", "")) or
                                          "/ActualText" in node.obj))],
                "Formula": [("7.7-1", not (str(node.obj.get("/Alt", "")) or
                                           "/ActualText" in node.obj))],
                "Note": [("7.9-1", not str(node.obj.get("/ID", "")))],
            }
            for rule, failed in checks.get(kind, []):
                if failed:
                    fail(rule, f"{where} holding {kids}" if kids else where)
            if kind == "Note" and str(node.obj.get("/ID", "")):
                note_ids[str(node.obj.ID)] += 1
            if kids.count("H") > 1:
                fail("7.4.4-1", where)
            if kind == "Form" and not _has_role(node) and \
                    [kid[0] for kid in node.kids if not isinstance(kid, Node)] + kids != ["objr"]:
                fail("7.18.4-2", where)
            if kind == "Table":
                _Table(node, fail).check()
        for note_id, count in note_ids.items():
            for _ in range(count - 1):
                fail("7.9-2", note_id)

    def heading_rules(self) -> None:
        """veraPDF keeps the level of the last numbered heading met, in the tree's order
        (its reading order), starting from 0: a heading more than one deeper fails."""
        last, kinds = 0, Counter()
        for node in self.walk():
            kinds[node.standard] += 1
            if node.standard in NUMBERED_HEADINGS:
                level = int(node.standard[1])
                if level > last + 1:
                    self.failures.fail("7.4.2-1", f"H{level} after H{last}")
                last = level
        numbered = sum(kinds[kind] for kind in NUMBERED_HEADINGS)
        if kinds["H"] and numbered:
            for _ in range(kinds["H"]):
                self.failures.fail("7.4.4-2")
            for _ in range(numbered):
                self.failures.fail("7.4.4-3")

    def annotation_rules(self, drawn_pages: set) -> None:
        fail = self.failures.fail
        for page in self.pdf.pages:
            annotations = list(page.obj.get("/Annots", []))
            if annotations and page.obj.get("/Tabs") != "/S":
                fail("7.18.3-1", f"page {page.index + 1}")
            for annotation in annotations:
                subtype = str(annotation.get("/Subtype"))
                holder = self.annotation_holder.get(annotation.objgen)
                where = f"{subtype} on page {page.index + 1}"
                if subtype == "/TrapNet":
                    fail("7.18.2-1", where)
                if int(annotation.get("/F", 0)) & 2:
                    continue  # hidden
                if not str(annotation.get("/Contents", "")) and subtype != "/Widget" \
                        and (holder is None or not str(holder.obj.get("/Alt", ""))):
                    fail("7.18.1-2", where)
                if "/Contents" in annotation and not self.catalog_lang \
                        and "/Lang" not in annotation:
                    fail("7.2-24")
                if subtype not in ("/Widget", "/PrinterMark", "/Link") and \
                        (holder is None or holder.standard != "Annot"):
                    fail("7.18.1-1", where)
                if subtype == "/PrinterMark" and holder is not None:
                    fail("7.18.8-1", where)
                if subtype == "/Widget":
                    self.widget_rules(annotation, holder, where)
                if subtype != "/Link":
                    continue
                if not str(annotation.get("/Contents", "")):
                    fail("7.18.5-2", f"page {page.index + 1}")
                holder = self.annotation_holder.get(annotation.objgen)
                key = annotation.get("/StructParent")
                listed = self.parent_tree.get(int(key)) if key is not None else None
                if holder is None or holder.standard != "Link" or listed is None \
                        or listed.objgen != holder.obj.objgen:
                    fail("7.18.5-1", f"page {page.index + 1}: "
                         f"{holder.written if holder else 'no element'}")


    def widget_rules(self, widget, holder, where) -> None:
        fail = self.failures.fail
        if holder is None or holder.standard != "Form":
            fail("7.18.4-1", where)
        field_, depth = widget, 0
        while "/TU" not in field_ and "/Parent" in field_ and depth < 32:
            field_, depth = field_.Parent, depth + 1
        if not str(field_.get("/TU", "")) and \
                (holder is None or not str(holder.obj.get("/Alt", ""))):
            fail("7.18.1-3", where)


class _Table:
    """The grid of one table (rows through THead, TBody, TFoot), its spans and headers
    (7.2-15, 7.2-41, 7.2-42 (veraPDF splits it in two, 7.2-42 and 7.2-43, by whether
    it can name the spans that differ), 7.5-1, 7.5-2)."""

    def __init__(self, node: Node, fail):
        self.node, self.fail = node, fail

    def rows(self):
        for kid in self.node.elements:
            if kid.standard == "TR":
                yield kid
            elif kid.standard in ("THead", "TBody", "TFoot"):
                yield from (row for row in kid.elements if row.standard == "TR")

    def check(self) -> None:
        """Cells are placed as veraPDF places them: each in the first free column of its
        row, over its row and column spans; a cell over a place already taken overlaps."""
        filled: dict[tuple[int, int], Node] = {}
        for r, row in enumerate(self.rows()):
            c = 0
            for cell in row.elements:
                while (r, c) in filled:
                    c += 1
                rows, cols = (int(_attribute(cell, key, 1)) for key in ("/RowSpan", "/ColSpan"))
                for dr in range(rows):
                    for dc in range(cols):
                        if (r + dr, c + dc) in filled:
                            self.fail("7.2-15", f"row {r + dr + 1}, column {c + dc + 1}")
                        filled[(r + dr, c + dc)] = cell
                c += cols
        widths = Counter(r for r, _ in filled)
        heights = Counter(c for _, c in filled)
        if len(set(widths.values())) > 1:
            self.fail("7.2-42", f"columns per row {dict(sorted(widths.items()))}")
        if len(set(heights.values())) > 1:
            self.fail("7.2-41", f"rows per column {dict(sorted(heights.items()))}")
        ids = {str(cell.obj.ID) for cell in filled.values()
               if cell.standard == "TH" and "/ID" in cell.obj}
        for (r, c), cell in filled.items():
            if cell.standard != "TD":
                continue
            attributes = cell.obj.get("/A", {})
            headers = [str(h) for h in attributes.get("/Headers", [])] \
                if isinstance(attributes, pikepdf.Dictionary) else []
            if headers:
                if not set(headers) <= ids:
                    self.fail("7.5-2", f"unknown headers {set(headers) - ids}")
                continue
            above = [filled[(rr, c)] for rr in range(r) if (rr, c) in filled]
            left = [filled[(r, cc)] for cc in range(c) if (r, cc) in filled]
            if not any(_scope(h) in ("/Column", "/Both") for h in above if h.standard == "TH") \
                    and not any(_scope(h) in ("/Row", "/Both") for h in left
                                if h.standard == "TH"):
                self.fail("7.5-1", f"TD at row {r + 1}, column {c + 1}")


def _attribute(node: Node, key: str, default=None):
    """An attribute of a structure element, from its A dictionary or array of them."""
    attributes = node.obj.get("/A", {})
    for attribute in attributes if isinstance(attributes, pikepdf.Array) else [attributes]:
        if isinstance(attribute, pikepdf.Dictionary) and key in attribute:
            return attribute[key]
    return default


def _has_role(node: Node) -> bool:
    return _attribute(node, "/Role") is not None


def _scope(cell: Node):
    attributes = cell.obj.get("/A", {})
    for attribute in attributes if isinstance(attributes, pikepdf.Array) else [attributes]:
        if isinstance(attribute, pikepdf.Dictionary) and "/Scope" in attribute:
            return str(attribute.Scope)
    return None


# ---- the content streams --------------------------------------------------------------

class _Content:
    """Walks every page's content, into the form XObjects it draws, keeping the stack of
    marked content (7.1-1/2/3, 7.2-34) and the character codes shown with each font (for
    the font rules)."""

    def __init__(self, checker: Checker):
        self.checker = checker
        self.fail = checker.failures.fail
        self.codes: dict[tuple, set[int]] = defaultdict(set)  # font objgen -> codes
        self.fonts: dict[tuple, pikepdf.Dictionary] = {}
        self.forms_drawn: Counter = Counter()
        self.owners: set = set()

    def read_pages(self) -> None:
        checker = self.checker
        reachable = {id(node) for node in checker.walk()}
        self.tagged = {key for key, node in checker.holder.items() if id(node) in reachable}
        for page in checker.pdf.pages:
            self.read(page.obj, page.obj.get("/Resources", {}), page.obj, [], page.index)
        for objgen, count in self.forms_drawn.items():
            if count > 1:
                self.fail("7.20-2", f"form {objgen} drawn {count} times")
        self.check_parent_tree()

    def check_parent_tree(self) -> None:
        """Every MCID the tree holds is listed under its owner's StructParents, pointing
        back at the element that holds it."""
        checker = self.checker
        owners = {}
        for page in checker.pdf.pages:
            owners[page.obj.objgen] = page.obj
        for objgen in self.forms_drawn:
            owners[objgen] = checker.pdf.get_object(objgen)
        for (owner, mcid), node in checker.holder.items():
            stream = owners.get(owner)
            key = stream.get("/StructParents") if stream is not None else None
            listed = checker.parent_tree.get(int(key)) if key is not None else None
            element = listed[mcid] if isinstance(listed, pikepdf.Array) \
                and mcid < len(listed) else None
            if not isinstance(element, pikepdf.Dictionary) or element.objgen != node.obj.objgen:
                self.fail("tree", f"MCID {mcid} of {owner} held by /{node.written}")

    def read(self, stream, resources, owner, stack: list, page: int) -> None:
        """`owner`: the page, or the form with StructParents, whose MCIDs these are."""
        fonts = resources.get("/Font", {})
        xobjects = resources.get("/XObject", {})
        font = None
        for operands, operator in pikepdf.parse_content_stream(stream):
            op = str(operator)
            if op in ("BDC", "BMC"):
                tag = str(operands[0]).lstrip("/")
                properties = operands[1] if op == "BDC" else None
                if isinstance(properties, pikepdf.Name):
                    properties = resources.get("/Properties", {}).get(str(properties))
                mcid = properties.get("/MCID") if isinstance(properties, pikepdf.Dictionary) \
                    else None
                lang = properties.get("/Lang") if isinstance(properties, pikepdf.Dictionary) \
                    else None
                if lang is not None and not LANGUAGE_TAG.match(str(lang)):
                    self.fail("7.2-29", f"marked content Lang '{lang}'")
                if tag == "Span" and isinstance(properties, pikepdf.Dictionary) and not (
                        lang or self.checker.catalog_lang or any(entry[2] for entry in stack)):
                    for key, rule in (("/ActualText", "7.2-30"), ("/Alt", "7.2-31"),
                                      ("/E", "7.2-32")):
                        if key in properties:
                            self.fail(rule, f"page {page + 1}")
                tagged = mcid is not None
                if tag == "Artifact" and any(entry[1] is not None for entry in stack):
                    self.fail("7.1-1", f"page {page + 1}")
                if tagged and any(entry[0] == "Artifact" for entry in stack):
                    self.fail("7.1-2", f"page {page + 1}")
                stack.append((tag, None if mcid is None else (owner.objgen, int(mcid)), lang))
            elif op == "EMC":
                if stack:
                    stack.pop()
            elif op == "Tf":
                font = fonts.get(str(operands[0]))
            elif op in TEXT_SHOWING or op in PAINTING:
                self.item(stack, page, op)
                if op in TEXT_SHOWING and font is not None:
                    self.shown(font, operands, op)
            elif op == "Do":
                xobject = xobjects.get(str(operands[0]))
                if xobject is None:
                    continue
                if "/Ref" in xobject:
                    self.fail("7.20-1")
                if xobject.get("/Subtype") == "/Form":
                    inner = owner
                    if "/StructParents" in xobject:
                        self.forms_drawn[xobject.objgen] += 1
                        inner = xobject
                    self.read(xobject, xobject.get("/Resources", resources), inner,
                              list(stack), page)
                else:
                    self.item(stack, page, "image")

    def item(self, stack, page, what) -> None:
        if any(entry[0] == "Artifact" for entry in stack):
            return
        key = next((entry[1] for entry in reversed(stack) if entry[1] is not None), None)
        if key is None or key not in self.tagged:
            self.fail("7.1-3", f"{what} on page {page + 1}, "
                      f"{'outside marked content' if key is None else f'MCID {key[1]}'}")
        if what in TEXT_SHOWING and not self.checker.catalog_lang \
                and not any(entry[2] for entry in stack):
            self.fail("7.2-34", f"page {page + 1}")

    def shown(self, font, operands, op) -> None:
        parts = operands[0] if op == "TJ" else [operands[-1]]
        raw = b"".join(bytes(part) for part in parts if isinstance(part, pikepdf.String))
        two_bytes = font.get("/Subtype") == "/Type0"
        codes = {int.from_bytes(raw[i:i + 2], "big") for i in range(0, len(raw) - 1, 2)} \
            if two_bytes else set(raw)
        self.codes[font.objgen] |= codes
        self.fonts[font.objgen] = font

    def font_rules(self) -> None:
        for objgen, font in self.fonts.items():
            _font_rules(font, self.codes[objgen], self.fail)


def _font_rules(font, codes: set[int], fail) -> None:
    name = str(font.get("/BaseFont", font.get("/Subtype")))
    subtype = font.get("/Subtype")
    descendant = font.DescendantFonts[0] if subtype == "/Type0" else None
    if subtype == "/Type0":
        encoding = font.get("/Encoding")
        identity = encoding in ("/Identity-H", "/Identity-V")
        if not identity and not isinstance(encoding, pikepdf.Stream):
            fail("7.21.3.3-1", name)
        info = descendant.get("/CIDSystemInfo", {})
        if not identity and isinstance(encoding, pikepdf.Stream):
            theirs = encoding.get("/CIDSystemInfo", {})
            if str(info.get("/Registry")) != str(theirs.get("/Registry")) or \
                    str(info.get("/Ordering")) != str(theirs.get("/Ordering")):
                fail("7.21.3.1-1", name)
        descriptor = descendant.get("/FontDescriptor", {})
        if descendant.get("/Subtype") == "/CIDFontType2" and "/CIDToGIDMap" not in descendant \
                and "/FontFile2" in descriptor:
            fail("7.21.3.2-1", name)
        if isinstance(encoding, pikepdf.Stream):
            _embedded_cmap_rules(encoding, name, fail)
        if identity and descendant.get("/Subtype") == "/CIDFontType2" \
                and "/FontFile2" in descriptor:
            _cid_program_rules(descendant, descriptor, codes, name, fail)
        else:
            fail("unread", name)
    else:
        descriptor = font.get("/FontDescriptor", {})
        if subtype == "/TrueType" and "/FontFile2" in descriptor:
            _true_type_rules(font, descriptor, name, fail)
        fail("unread", name)
    if subtype != "/Type3" and not any(key in descriptor for key in
                                       ("/FontFile", "/FontFile2", "/FontFile3")):
        fail("7.21.4.1-1", name)
    mapping = _to_unicode(font)
    for code in sorted(codes):
        text = mapping.get(code)
        if not text:
            fail("7.21.7-1", f"{name} code {code}")
        elif set(text) & {"\u0000", "\ufeff", "\ufffe"}:
            fail("7.21.7-2", f"{name} code {code}")


def _cid_program_rules(descendant, descriptor, codes: set[int], name: str, fail) -> None:
    """The glyphs shown, read in the TrueType program itself with fontTools: each is
    there (7.21.4.1-2), is not .notdef (7.21.8-1) and has the width the W array gives it
    (7.21.5-1); a subset's CIDSet lists exactly the CIDs the program has (7.21.4.2-2).
    With Identity-H, each character code is its CID."""
    try:
        program = TTFont(io.BytesIO(descriptor.FontFile2.read_bytes()))
        order = program.getGlyphOrder()
        scale = 1000 / program["head"].unitsPerEm
        metrics = program["hmtx"].metrics
    except Exception:  # noqa: BLE001 - a program fontTools cannot read is counted
        fail("unread", name)
        return
    mapping = descendant.get("/CIDToGIDMap", "/Identity")
    table = mapping.read_bytes() if isinstance(mapping, pikepdf.Stream) else None

    def glyph(cid: int) -> int:
        if table is None:
            return cid
        return int.from_bytes(table[2 * cid:2 * cid + 2], "big") if 2 * cid + 2 <= len(table) \
            else 0

    widths, default = _cid_widths(descendant), float(descendant.get("/DW", 1000))
    for cid in sorted(codes):
        gid = glyph(cid)
        if gid >= len(order):
            fail("7.21.4.1-2", f"{name} CID {cid}")
            continue
        if gid == 0 or order[gid] == ".notdef":
            fail("7.21.8-1", f"{name} CID {cid}")
        drawn = metrics[order[gid]][0] * scale
        if abs(drawn - widths.get(cid, default)) > 1:
            fail("7.21.5-1", f"{name} CID {cid}: {drawn:.0f} in the program, "
                             f"{widths.get(cid, default):.0f} in W")
    if "/CIDSet" in descriptor and re.match(r"[A-Z]{6}\+", name.lstrip("/")):
        bits = descriptor.CIDSet.read_bytes()
        listed = {cid for cid in range(len(bits) * 8) if bits[cid // 8] >> (7 - cid % 8) & 1}
        cids = range(len(order)) if table is None else range(len(table) // 2)
        if listed != {cid for cid in cids if glyph(cid) < len(order)}:
            fail("7.21.4.2-2", name)


def _cid_widths(descendant) -> dict[int, float]:
    """CID -> width from a CIDFont's W array ([first [w ...]] or [first last w])."""
    widths, items, index = {}, list(descendant.get("/W", [])), 0
    while index + 1 < len(items):
        first = int(items[index])
        if isinstance(items[index + 1], pikepdf.Array):
            for offset, width in enumerate(items[index + 1]):
                widths[first + offset] = float(width)
            index += 2
        elif index + 2 < len(items):
            for cid in range(first, min(int(items[index + 1]), first + 65536) + 1):
                widths[cid] = float(items[index + 2])
            index += 3
        else:
            break
    return widths


def _embedded_cmap_rules(cmap, name: str, fail) -> None:
    """An embedded CMap's WMode is the one its program says (7.21.3.3-2), and it uses no
    CMap but a predefined one, given by name (7.21.3.3-3)."""
    program = cmap.read_bytes().decode("latin-1")
    said = re.search(r"/WMode\s+(\d)\s+def", program)
    if said and int(said.group(1)) != int(cmap.get("/WMode", 0)):
        fail("7.21.3.3-2", name)
    if isinstance(cmap.get("/UseCMap"), pikepdf.Stream):
        fail("7.21.3.3-3", name)


def _true_type_rules(font, descriptor, name: str, fail) -> None:
    """A simple TrueType font's encoding and its program's cmap (7.21.6)."""
    symbolic = int(descriptor.get("/Flags", 0)) & 4
    encoding = font.get("/Encoding")
    if symbolic and encoding is not None:
        fail("7.21.6-3", name)
    if not symbolic and encoding not in ("/MacRomanEncoding", "/WinAnsiEncoding"):
        fail("7.21.6-2", name)
    try:
        tables = {(t.platformID, t.platEncID) for t in
                  TTFont(io.BytesIO(descriptor.FontFile2.read_bytes()))["cmap"].tables}
    except Exception:  # noqa: BLE001 - a program fontTools cannot read is counted
        fail("unread", name)
        return
    if not symbolic and not tables & {(3, 1), (1, 0)}:
        fail("7.21.6-1", name)
    if symbolic and len(tables) != 1 and (3, 0) not in tables:
        fail("7.21.6-4", name)


def _to_unicode(font) -> dict[int, str]:
    """The character codes a font's ToUnicode CMap maps, to their text."""
    if "/ToUnicode" not in font:
        return {}
    cmap = font.ToUnicode.read_bytes().decode("latin-1")
    table = {}

    def text(hex_string):
        return bytes.fromhex(hex_string).decode("utf-16-be", errors="replace")

    for block in re.findall(r"beginbfchar(.*?)endbfchar", cmap, re.S):
        for source, target in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>", block):
            table[int(source, 16)] = text(target)
    for block in re.findall(r"beginbfrange(.*?)endbfrange", cmap, re.S):
        for first, last, rest in re.findall(
                r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(\[[^\]]*\]|<[0-9A-Fa-f]*>)", block):
            first, last = int(first, 16), int(last, 16)
            if rest.startswith("["):
                for offset, target in enumerate(re.findall(r"<([0-9A-Fa-f]*)>", rest)):
                    table[first + offset] = text(target)
            else:
                start = text(rest[1:-1])
                for offset in range(last - first + 1):
                    table[first + offset] = start[:-1] + chr(ord(start[-1]) + offset) \
                        if start else ""
    return table


def _number_tree(node, depth=0):
    """(key, value) pairs of a number tree (ISO 32000-1, 7.9.7)."""
    if node is None or depth > 32:
        return
    nums = node.get("/Nums", [])
    for index in range(0, len(nums) - 1, 2):
        yield int(nums[index]), nums[index + 1]
    for kid in node.get("/Kids", []):
        yield from _number_tree(kid, depth + 1)


def _xmp(metadata) -> ET.Element:
    try:
        return ET.fromstring(metadata.read_bytes())
    except (AttributeError, ET.ParseError, TypeError):
        return ET.Element("none")


def _pdfuaid(xmp: ET.Element) -> list[str]:
    """The values of pdfuaid:part, as element or as attribute."""
    values = ["".join(e.itertext()).strip() for e in xmp.iter(f"{{{PDFUAID}}}part")]
    for element in xmp.iter():
        if f"{{{PDFUAID}}}part" in element.attrib:
            values.append(element.attrib[f"{{{PDFUAID}}}part"])
    return values


def _pdfuaid_prefixes(metadata):
    """(rule, prefix) for each PDF/UA identification property written with a prefix
    other than pdfuaid (5-3 part, 5-4 amd, 5-5 corr), read from the XMP as written."""
    try:
        text = metadata.read_bytes().decode("utf-8", "replace")
    except (AttributeError, TypeError):
        return
    bound = set(re.findall(r'xmlns:([\w.-]+)\s*=\s*["\']' + re.escape(PDFUAID), text))
    for prefix in sorted(bound - {"pdfuaid"}):
        for rule, name in (("5-3", "part"), ("5-4", "amd"), ("5-5", "corr")):
            if re.search(rf"[<\s]{re.escape(prefix)}:{name}\b", text):
                yield rule, prefix


def _fields(fields, depth=0):
    """The fields of an AcroForm, with their kids."""
    for field_ in fields if depth < 32 else []:
        if isinstance(field_, pikepdf.Dictionary):
            yield field_
            yield from _fields(field_.get("/Kids", []), depth + 1)


def claims_pdfua(path) -> bool:
    with pikepdf.open(path) as pdf:
        return bool(_pdfuaid(_xmp(pdf.Root.get("/Metadata"))))


def check(path) -> Failures:
    """The failures of each rule in one PDF file (rules that pass are absent)."""
    with pikepdf.open(path) as pdf:
        return Checker(pdf).run()


if __name__ == "__main__":
    for path in sys.argv[1:]:
        failures = check(path)
        print(f"{path}: {sum(failures.values())} failures"
              f"{'' if claims_pdfua(path) else ' (claims no PDF/UA)'}")
        for rule, count in sorted(failures.items()):
            print(f"  {rule:11} {count:6}  {RULES[rule]}")
            for example in failures.examples[rule]:
                print(f"  {'':19}e.g. {example}")
