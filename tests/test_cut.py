"""A page cut from a written, tagged PDF (spacehacks/pdf/cut.py): how each wall card gets
its own file from the stack. Each cut file holds its page only, with its own part of the
structure tree, its bookmark, its named destinations and its own title, and passes the
PDF/UA rules the stack passes."""

from __future__ import annotations

import io

import pikepdf
import pytest

import weasyprint

from spacehacks.pdf.cut import CannotCut, cut_pages
from tests import pdfua_rules

STYLE = "@page { size: 4in 3in; margin: 0.3in } article { break-after: page }"


def _stack(body: str) -> bytes:
    """A small tagged stack, as WeasyPrint writes it (Document, an Art for each card)."""
    html = (f"<html lang='en'><head><title>Cards: all of them</title><style>{STYLE}"
            f"</style></head><body>{body}</body></html>")
    return weasyprint.HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")


CARDS = "".join(f"<article id='card-{n}'><h1>Card {n}</h1><p>Words of card {n}.</p>"
                f"<p id='end-{n}'>End {n}.</p></article>" for n in (1, 2, 3))


def _text(pdf: pikepdf.Pdf) -> str:
    return pikepdf.Page(pdf.pages[0]).get_contents().read_bytes().decode("latin-1")


def test_a_cut_page_is_a_whole_tagged_file_of_its_own():
    stack = _stack(CARDS)
    cuts = cut_pages(stack, {1: "Cards: Card 2 & more"})
    assert list(cuts) == [1]
    pdf = pikepdf.open(io.BytesIO(cuts[1]))
    assert len(pdf.pages) == 1
    assert str(pdf.docinfo.Title) == "Cards: Card 2 & more"
    assert pdf.open_metadata()["dc:title"] == "Cards: Card 2 & more"
    assert [str(name) for name in pikepdf.NameTree(pdf.Root.Names.Dests)] == \
        ["card-2", "end-2"]
    outline = pdf.Root.Outlines
    assert outline.Count == 1 and str(outline.First.Title) == "Card 2"
    assert outline.First.Dest[0].objgen == pdf.pages[0].obj.objgen
    document = pdf.Root.StructTreeRoot.K[0]
    assert document.S == "/Document" and len(document.K) == 1
    # the page's marked content and the parent tree point at the copied elements
    entry = pikepdf.NumberTree(pdf.Root.StructTreeRoot.ParentTree)[
        int(pdf.pages[0].obj.StructParents)]
    assert all(element.Pg.objgen == pdf.pages[0].obj.objgen for element in entry)


def test_each_wall_card_cut_from_the_stack_passes_the_pdfua_rules(editions, tmp_path):
    """The build's own stack: every card's file, cut from it, passes every rule the
    checker knows, as the stack does."""
    stack = editions["all cards"]
    assert not pdfua_rules.check(stack)
    with pikepdf.open(stack) as pdf:
        count = len(pdf.pages)
    cuts = cut_pages(stack.read_bytes(), {index: f"card {index}" for index in range(count)})
    for index, data in cuts.items():
        path = tmp_path / f"{index}.pdf"
        path.write_bytes(data)
        failures = pdfua_rules.check(path)
        assert not failures, (index, dict(failures), dict(failures.examples))


def test_each_cut_holds_its_own_page_and_nothing_of_the_others():
    cuts = cut_pages(_stack(CARDS), {0: "one", 2: "three"})
    for index, number in ((0, 1), (2, 3)):
        pdf = pikepdf.open(io.BytesIO(cuts[index]))
        names = [str(name) for name in pikepdf.NameTree(pdf.Root.Names.Dests)]
        assert names == [f"card-{number}", f"end-{number}"]
        assert len(pdf.Root.StructTreeRoot.ParentTree.Nums) == 2  # one page's entry
        pages = {obj.objgen for obj in pdf.objects
                 if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/Page"}
        assert pages == {pdf.pages[0].obj.objgen}  # no other page came along


def test_a_page_sharing_an_element_with_the_next_cannot_be_cut():
    """A card whose article runs on to the next page would lose its end: refused."""
    pdf = pikepdf.open(io.BytesIO(_stack(CARDS)))
    document = pdf.Root.StructTreeRoot.K[0]
    first, second = document.K[0], document.K[1]
    first.K.append(second.K[0])  # the first article now holds a paragraph of page 2
    out = io.BytesIO()
    pdf.save(out)
    with pytest.raises(CannotCut, match="runs across 2 pages"):
        cut_pages(out.getvalue(), {0: "first"})


def test_a_cards_template_that_wraps_the_cards_is_told_what_to_keep(project):
    """An editor who puts one element around all the cards in layout/cards.html gets a
    message at that file saying what to keep, not a traceback, and no card files."""
    from conftest import build
    from spacehacks.errors import BuildFailed

    template = project / "layout" / "cards.html"
    text = template.read_text(encoding="utf-8")
    template.write_text(text.replace('<body class="edition-cards">',
                                     '<body class="edition-cards"><div class="all">')
                        .replace("</body>", "</div></body>"), encoding="utf-8")
    with pytest.raises(BuildFailed) as failed:
        build(project, kinds=("cards",))
    [problem] = failed.value.problems
    assert problem.path == template and "holds more than one card" in problem.message
    assert '<article class="card">' in problem.message
    assert not (project / "output" / "cards").exists()
