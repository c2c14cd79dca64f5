"""The machine-checkable rules of PDF/UA-1 (tests/pdfua_rules.py) on every kind of
edition, and what a screen-reader user meets there: list items, headings that follow each
edition's own outline, the clinician's caution, a table's repeated header, a card's foot.
The editions are built once for the session (conftest.Editions)."""

from __future__ import annotations

import re

import pikepdf
import pytest

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


BREAKS = {  # what is broken -> the rules that must fail, and how often at least
    "no language": (lambda pdf: pdf.Root.__delitem__("/Lang"), {"7.2-2": 1, "7.2-34": 50}),
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
                                    {"7.5-1": 90}),
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
