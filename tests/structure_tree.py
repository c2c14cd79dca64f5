"""Walks the structure tree of a tagged PDF the way a screen reader does, with pikepdf
(an independent reader: the build writes with WeasyPrint and pydyf), and counts what
would trouble a reader. `python tests/structure_tree.py output/space-hacks.pdf` prints
the counts."""

from __future__ import annotations

import re
import sys
from collections import Counter
from dataclasses import dataclass, field

import pikepdf

HEADINGS = {f"/H{n}" for n in range(1, 7)}
LEADER = re.compile(r"^\s*(?:\.\s*){3,}$|^\s*\u2026+\s*$")  # a row of dots


@dataclass
class Element:
    tag: str
    obj: pikepdf.Dictionary
    parent: Element | None
    # Element, ("mcid", page, n) or ("mcid", page, n, form) for marked content inside a
    # form XObject (an /MCR with /Stm, as on a booklet sheet), or ("objr", annot)
    children: list = field(default_factory=list)

    def ancestors(self):
        node = self.parent
        while node is not None:
            yield node
            node = node.parent


@dataclass
class Tree:
    pdf: pikepdf.Pdf
    root: Element
    elements: list[Element]
    page_numbers: dict  # page objgen -> index
    # Marked content is keyed (page index, mcid) on a page, and (page index, mcid, form
    # objgen) inside a form drawn on it: each form numbers its own.
    marked: dict  # key -> Element holding it
    text_runs: dict  # key -> text
    artifact_text: dict  # page index -> text drawn inside /Artifact sequences
    positions: dict  # key -> (x, y) where its text starts, y down the page (or form)
    empty_sequences: set  # keys of marked content with no operator inside: draws nothing

    def walk(self, element=None):
        element = element or self.root
        yield element
        for child in element.children:
            if isinstance(child, Element):
                yield from self.walk(child)

    def reading_text(self, element=None) -> list[tuple[int, int, str]]:
        """(page index, mcid, text) of every marked-content kid in structure-tree order,
        as a screen reader reads them."""
        out = []
        for child in (element or self.root).children:
            if isinstance(child, Element):
                out.extend(self.reading_text(child))
            elif child[0] == "mcid":
                out.append((child[1], child[2], self.text_runs.get(child[1:], "")))
        return out

    def text_of(self, element) -> str:
        """The text of an element as read aloud: runs (lines, spans) joined by spaces."""
        runs = (text.strip() for _, _, text in self.reading_text(element))
        return " ".join(run for run in runs if run)


def _page_index(tree_pages, obj):
    return tree_pages.get(obj.objgen) if obj is not None else None


def read(path) -> Tree:
    pdf = pikepdf.open(path)
    pages = {page.obj.objgen: index for index, page in enumerate(pdf.pages)}
    struct_root = pdf.Root.StructTreeRoot
    elements: list[Element] = []
    marked = {}

    def build(obj, parent, page_default):
        element = Element(str(obj.get("/S")), obj, parent)
        elements.append(element)
        page = _page_index(pages, obj.get("/Pg")) if "/Pg" in obj else page_default
        kids = obj.get("/K")
        if kids is None:
            kids = []
        elif not isinstance(kids, pikepdf.Array):
            kids = [kids]
        for kid in kids:
            if isinstance(kid, int):
                element.children.append(("mcid", page, int(kid)))
                marked[(page, int(kid))] = element
            elif isinstance(kid, pikepdf.Dictionary):
                kind = kid.get("/Type")
                if kind == "/MCR":
                    kid_page = _page_index(pages, kid.get("/Pg")) if "/Pg" in kid else page
                    key = (kid_page, int(kid.MCID))
                    if "/Stm" in kid:  # inside a form drawn on the page (ISO 32000-1, 14.7.4.3)
                        key += (kid.Stm.objgen,)
                    element.children.append(("mcid", *key))
                    marked[key] = element
                elif kind == "/OBJR":
                    element.children.append(("objr", kid.Obj))
                else:
                    element.children.append(build(kid, element, page))
        return element

    root_kids = struct_root.K if isinstance(struct_root.K, pikepdf.Array) else [struct_root.K]
    root = Element("/StructTreeRoot", struct_root, None)
    for kid in root_kids:
        root.children.append(build(kid, root, None))
    text_runs, artifact_text, positions, empty = _marked_text(pdf)
    return Tree(pdf, root, elements, pages, marked, text_runs, artifact_text, positions,
                empty)


def _to_unicode(font) -> dict[int, str]:
    """A font's /ToUnicode map: character code -> text."""
    table = {}
    if "/ToUnicode" not in font:
        return table
    cmap = font.ToUnicode.read_bytes().decode("latin-1")
    hexes = lambda text: [int(h, 16) for h in re.findall(r"<([0-9A-Fa-f]+)>", text)]  # noqa: E731
    for block in re.findall(r"beginbfchar(.*?)endbfchar", cmap, re.S):
        for line in block.strip().splitlines():
            parts = re.findall(r"<([0-9A-Fa-f]+)>", line)
            if len(parts) == 2:
                table[int(parts[0], 16)] = bytes.fromhex(parts[1]).decode("utf-16-be")
    for block in re.findall(r"beginbfrange(.*?)endbfrange", cmap, re.S):
        for line in block.strip().splitlines():
            numbers = hexes(line)
            parts = re.findall(r"<([0-9A-Fa-f]+)>", line)
            if len(numbers) == 3:
                start = bytes.fromhex(parts[2]).decode("utf-16-be")
                for offset, code in enumerate(range(numbers[0], numbers[1] + 1)):
                    table[code] = chr(ord(start[-1]) + offset)
    return table


def _decode(font_table, raw: bytes, two_bytes: bool) -> str:
    if two_bytes:
        codes = [int.from_bytes(raw[i:i + 2], "big") for i in range(0, len(raw), 2)]
    elif not font_table:  # a simple font without /ToUnicode: its codes are the letters
        return raw.decode("latin-1")
    else:
        codes = list(raw)
    return "".join(font_table.get(code, "") for code in codes)


def _read_content(content, fonts):
    """Each operator of a content stream with what a reader needs to know at it: yields
    (operator, operands, transformation matrix, font size, text), the text decoded for
    the operators that show text (None for the others)."""
    tables = {name: _to_unicode(fonts[name]) for name in fonts}
    font, size, ctm, saved = None, 0.0, (1.0, 0.0, 0.0, 1.0, 0.0, 0.0), []
    for operands, operator in pikepdf.parse_content_stream(content):
        op, text = str(operator), None
        if op == "q":
            saved.append(ctm)
        elif op == "Q":
            ctm = saved.pop() if saved else ctm
        elif op == "cm":
            ctm = _multiply(tuple(float(value) for value in operands), ctm)
        elif op == "Tf":
            font, size = str(operands[0]), float(operands[1])
        elif op in ("Tj", "TJ", "'", '"'):
            two_bytes = font is not None and fonts[font].get("/Subtype") == "/Type0"
            text = _decode(tables.get(font, {}), _shown(operands, op).encode("latin-1"),
                           two_bytes)
        yield op, operands, ctm, size, text


def _marked_text(pdf):
    """Text shown inside each marked-content sequence with an MCID, per page (and per
    form drawn on it that holds marked content of its own, /StructParents), and the text
    shown inside /Artifact sequences. Positions: where each MCID's first text starts (x,
    y from the top of the page, or of the form). Empty: the MCIDs with nothing inside."""
    runs, artifacts, positions, empty = {}, {}, {}, set()
    for index, page in enumerate(pdf.pages):
        artifact_parts: list[str] = []
        _read_marked(page, page.Resources.get("/Font", {}), (index,), runs, positions,
                     artifact_parts, empty)
        for form in page.Resources.get("/XObject", {}).values():
            if form.get("/Subtype") == "/Form" and "/StructParents" in form:
                _read_marked(form, form.get("/Resources", {}).get("/Font", {}), (index,),
                             runs, positions, artifact_parts, empty, form.objgen)
        artifacts[index] = "".join(artifact_parts)
    return runs, artifacts, positions, empty


def _read_marked(content, fonts, page: tuple, runs, positions, artifact_parts, empty,
                 form=None):
    """The marked text of one content stream, keyed (page, mcid) or (page, mcid, form);
    the keys of sequences with no operator inside go into `empty`."""
    stack = []  # (mcid or "artifact" or None)
    operators = []  # how many operators each open sequence has met
    key = lambda mcid: page + (mcid,) + ((form,) if form else ())  # noqa: E731
    for op, operands, ctm, _, text in _read_content(content, fonts):
        if op not in ("BDC", "BMC", "EMC"):
            operators[:] = [count + 1 for count in operators]
        owner = next((item for item in reversed(stack) if item is not None), None)
        if op == "Tm" and isinstance(owner, int):
            x, y = float(operands[4]), float(operands[5])
            a, b, c, d, e, f = ctm
            positions.setdefault(key(owner), (a * x + c * y + e, -(b * x + d * y + f)))
        elif op in ("BDC", "BMC"):
            mcid = None
            if op == "BDC" and isinstance(operands[1], pikepdf.Dictionary) \
                    and "/MCID" in operands[1]:
                mcid = int(operands[1].MCID)
            stack.append("artifact" if str(operands[0]) == "/Artifact" else mcid)
            operators.append(0)
        elif op == "EMC" and stack:
            closed, count = stack.pop(), operators.pop()
            if isinstance(closed, int) and not count:
                empty.add(key(closed))
        elif text is not None:
            if "artifact" in stack:
                artifact_parts.append(text)
            elif owner is not None:
                runs[key(owner)] = runs.get(key(owner), "") + text


def _multiply(m, n):
    """The matrix m x n (PDF matrices are [a b c d e f])."""
    a1, b1, c1, d1, e1, f1 = m
    a2, b2, c2, d2, e2, f2 = n
    return (a1 * a2 + b1 * c2, a1 * b2 + b1 * d2, c1 * a2 + d1 * c2, c1 * b2 + d1 * d2,
            e1 * a2 + f1 * c2 + e2, e1 * b2 + f1 * d2 + f2)


def _shown(operands, op) -> str:
    """A rough decoding of shown text: enough to tell dots and letters apart (WeasyPrint
    subsets fonts with their own glyph ids, so text here is glyph bytes, not Unicode)."""
    parts = operands[0] if op == "TJ" else [operands[-1]]
    return "".join(bytes(part).decode("latin-1") for part in parts
                   if isinstance(part, pikepdf.String))


def counts(tree: Tree) -> dict[str, int]:
    """The defects a screen-reader user meets, by name (0 is the goal for each)."""
    reachable = set(tree.marked)
    result = Counter()
    # Marked content that no structure element under the root holds (running heads
    # tagged as content, but left out of the tree).
    all_runs = set(tree.text_runs)
    result["unreachable marked content"] = len(all_runs - reachable)
    # Links: annotations whose structure element is not a Link, and Links in Links.
    parent_tree = _parent_tree(tree.pdf)
    for page in tree.pdf.pages:
        for annotation in page.get("/Annots", []):
            if annotation.get("/Subtype") != "/Link":
                continue
            key = annotation.get("/StructParent")
            element = parent_tree.get(int(key)) if key is not None else None
            if element is None or element.get("/S") != "/Link":
                result["link annotations not in a Link element"] += 1
    for element in tree.elements:
        ancestors = [a.tag for a in element.ancestors()]
        if element.tag == "/Link" and "/Link" in ancestors:
            result["Link inside Link"] += 1
        if element.tag in HEADINGS and any(tag in HEADINGS for tag in ancestors):
            result["heading inside heading"] += 1
        if element.tag == "/L":
            result["lists with children other than LI"] += sum(
                1 for child in element.children
                if isinstance(child, Element) and child.tag not in ("/LI", "/Caption"))
    # Headings in reading order go down one level at a time (PDF/UA, Matterhorn 14-003).
    above = 0
    for element in tree.walk():
        if element.tag in HEADINGS:
            level = int(element.tag[2])
            result["skipped heading levels"] += level > above + 1
            above = level
    for key, text in tree.text_runs.items():
        if key in reachable and text.strip() and LEADER.match(text):
            result["leader dots read as text"] += 1
    document = tree.root.children[0] if tree.root.children else None
    result["root children"] = len(document.children) if isinstance(document, Element) else 0
    return dict(result)


def _parent_tree(pdf) -> dict[int, pikepdf.Dictionary]:
    """ParentTree keys of annotations -> their structure element."""
    result = {}
    nums = pdf.Root.StructTreeRoot.ParentTree.get("/Nums", [])
    for key, value in zip(nums[::2], nums[1::2]):
        if isinstance(value, pikepdf.Dictionary):
            result[int(key)] = value
    return result


if __name__ == "__main__":
    tree = read(sys.argv[1])
    for name, value in counts(tree).items():
        print(f"{name:45} {value}")
    document = tree.root.children[0]
    print(Counter(child.tag for child in document.children if isinstance(child, Element)))


def placed_forms(page, sizes: list | None = None) -> list[tuple[float, str]]:
    """(x where it is placed, text) of each form XObject drawn on a page: the pages of
    an imposed booklet sheet. `sizes` collects the size each run of text is drawn at."""
    placed, x = [], 0.0
    for operands, operator in pikepdf.parse_content_stream(page):
        if str(operator) == "cm":
            x = float(operands[4])
        elif str(operator) == "Do":
            form = page.Resources.XObject[str(operands[0])]
            text = []
            for _, _, ctm, size, shown in _read_content(form, form.Resources.get("/Font", {})):
                if shown is not None:
                    text.append(shown)
                    if sizes is not None and shown.strip():
                        sizes.append(round(size * abs(ctm[3]), 2))
            placed.append((x, "".join(text)))
    return placed
