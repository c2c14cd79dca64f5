"""Placing pages on paper and imposing the booklet, on a small tagged PDF made here with
pikepdf (no typesetting): each sheet shows the right pages, and the structure tree,
bookmarks, named destinations and links follow the pages onto their sheets."""

from __future__ import annotations

import io
from dataclasses import dataclass

import pikepdf
import pytest
from pikepdf import Array, Dictionary, Name, String

import structure_tree
from spacehacks.editions.edition import PAPERS
from spacehacks.pdf.paper import fit, impose, saddle_stitch_order

WIDTH, HEIGHT = 396.0, 595.0  # the booklet's half page (5.5in x 8.27in)


def tagged_pdf(count: int, trim: tuple[float, float] = (0, 0)) -> bytes:
    """`count` pages, each saying "Page N" inside marked content MCID 0 held by a P
    element; page 2's text is held through an /MCR; page 1 has a link annotation (an
    /OBJR kid of a Link element); a bookmark and a named destination for every page,
    at x=50, y=500. `trim`: where the trim box starts, with as much bleed beyond it on
    the other sides."""
    x, y = trim
    pdf = pikepdf.new()
    font = pdf.make_indirect(Dictionary(Type=Name.Font, Subtype=Name.Type1,
                                        BaseFont=Name.Helvetica))
    root = pdf.make_indirect(Dictionary(Type=Name.StructTreeRoot))
    document = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Document, P=root,
                                            K=Array()))
    nums = Array()
    outline = pdf.make_indirect(Dictionary(Type=Name.Outlines))
    names = Array()
    items = []
    for index in range(count):
        text = f"/P <</MCID 0>> BDC BT /F1 12 Tf 40 300 Td (Page {index + 1}) Tj ET EMC"
        page = pdf.make_indirect(Dictionary(
            Type=Name.Page, MediaBox=Array([0, 0, WIDTH + 2 * x, HEIGHT + 2 * y]),
            TrimBox=Array([x, y, WIDTH + x, HEIGHT + y]),
            Resources=Dictionary(Font=Dictionary(F1=font)),
            Contents=pdf.make_stream(text.encode()), StructParents=index))
        pdf.pages.append(pikepdf.Page(page))
        page = pdf.pages[index].obj
        kid = Dictionary(Type=Name.MCR, Pg=page, MCID=0) if index == 1 else 0
        element = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.P, P=document,
                                               Pg=page, K=kid))
        document.K.append(element)
        nums.extend([index, Array([element])])
        destination = Array([page, Name.XYZ, 50, 500, 0])
        names.extend([String(f"page-{index + 1}"), destination])
        items.append(pdf.make_indirect(Dictionary(Title=String(f"Page {index + 1}"),
                                                  Parent=outline, Dest=Array(destination))))
    link = pdf.make_indirect(Dictionary(Type=Name.Annot, Subtype=Name.Link,
                                        Rect=Array([40, 290, 100, 310]), StructParent=count,
                                        Dest=String("page-2")))
    first = pdf.pages[0].obj
    first.Annots = Array([link])
    objr = Dictionary(Type=Name.OBJR, Obj=link, Pg=first)
    document.K.append(pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Link,
                                                   P=document, Pg=first, K=Array([objr]))))
    nums.extend([count, document.K[-1]])
    for before, after in zip(items, items[1:]):
        before.Next, after.Prev = after, before
    outline.First, outline.Last, outline.Count = items[0], items[-1], len(items)
    root.K, root.ParentTree = document, pdf.make_indirect(Dictionary(Nums=nums))
    pdf.Root.StructTreeRoot = root
    pdf.Root.Outlines = outline
    pdf.Root.Names = Dictionary(Dests=Dictionary(Names=names))
    pdf.Root.PageLabels = Dictionary(Nums=Array([0, Dictionary(S=Name.D)]))
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def _folded(sides):
    """The pages in the order a reader meets them once the sheets are stacked, folded and
    stapled: the right half of each front and the left of each back, outside in, then
    the rest inside out."""
    sheets = list(zip(sides[::2], sides[1::2]))
    return ([page for front, back in sheets for page in (front[1], back[0])]
            + [page for front, back in reversed(sheets) for page in (back[1], front[0])])


def test_saddle_stitch_order_of_eight_pages():
    assert saddle_stitch_order(8) == [(7, 0), (1, 6), (5, 2), (3, 4)]


@pytest.mark.parametrize("count", range(1, 14))
def test_folded_the_sheets_read_in_order_with_blanks_at_the_end(count):
    padded = -(-count // 4) * 4
    assert _folded(saddle_stitch_order(count)) == [*range(count)] + [None] * (padded - count)


@pytest.mark.parametrize("count", range(2, 14))
def test_with_a_back_cover_the_blanks_go_before_it_so_it_stays_outside(count):
    padded = -(-count // 4) * 4
    assert _folded(saddle_stitch_order(count, back_cover=True)) == \
        [*range(count - 1)] + [None] * (padded - count) + [count - 1]


def test_a_single_page_is_a_front_cover_even_with_a_back_cover():
    assert saddle_stitch_order(1, back_cover=True) == saddle_stitch_order(1) == [
        (None, 0), (None, None)]


@dataclass
class Booklet:
    count: int
    paper: str
    trim: tuple[float, float]
    data: bytes
    pdf: pikepdf.Pdf

    def where(self, page_number: int):
        """The side (index) holding a page, and how far the page moved onto it: its
        trim box is centred on its half of the side."""
        sheet_width, sheet_height = PAPERS[self.paper].landscape
        for side, (left, right) in enumerate(saddle_stitch_order(self.count)):
            if page_number - 1 in (left, right):
                half = 0.0 if page_number - 1 == left else sheet_width / 2
                return (side, half + (sheet_width / 2 - WIDTH) / 2 - self.trim[0],
                        (sheet_height - HEIGHT) / 2 - self.trim[1])
        raise AssertionError(page_number)


# Letter's half is as wide as the page; A4's is wider; the last has bleed around its trim.
@pytest.fixture(scope="module", params=[(5, "letter", (0, 0)), (8, "a4", (0, 0)),
                                        (6, "a4", (9, 14))])
def booklet(request):
    count, paper, trim = request.param
    data = impose(tagged_pdf(count, trim), PAPERS[paper])
    return Booklet(count, paper, trim, data, pikepdf.open(io.BytesIO(data)))


def test_bookmarks_and_named_destinations_open_the_page_where_it_is_on_its_sheet(booklet):
    count, pdf = booklet.count, booklet.pdf
    sheets = [page.obj.objgen for page in pdf.pages]
    item, seen = pdf.Root.Outlines.First, 0
    while True:
        number = int(str(item.Title).split()[1])
        side, x, y = booklet.where(number)
        destination = item.Dest
        assert destination[0].objgen == sheets[side], number
        assert destination[1] == Name.XYZ
        assert float(destination[2]) == pytest.approx(50 + x), number
        assert float(destination[3]) == pytest.approx(500 + y), number
        seen += 1
        if "/Next" not in item:
            break
        item = item.Next
    assert seen == count
    names = pdf.Root.Names.Dests.Names
    for name, destination in zip(names[::2], names[1::2]):
        side, x, y = booklet.where(int(str(name).split("-")[1]))
        assert destination[0].objgen == sheets[side]
        assert (float(destination[2]), float(destination[3])) == pytest.approx((50 + x, 500 + y))


def _imposed(pdf) -> pikepdf.Pdf:
    out = io.BytesIO()
    pdf.save(out)
    return pikepdf.open(io.BytesIO(impose(out.getvalue(), PAPERS["letter"])))


def test_a_nested_bookmark_moves_and_one_that_opens_by_an_action_is_left_alone():
    pdf = pikepdf.open(io.BytesIO(tagged_pdf(4)))
    first, second = pdf.Root.Outlines.First, pdf.Root.Outlines.First.Next
    child = pdf.make_indirect(Dictionary(Title=String("Inside page 1"), Parent=first,
                                         Dest=Array([pdf.pages[2].obj, Name.XYZ, 60, 400, 0])))
    first.First = first.Last = child
    action = Dictionary(S=Name.GoTo, D=String("page-2"))  # as other writers do
    del second.Dest
    second.A = action
    imposed = _imposed(pdf)
    sheets = [page.obj.objgen for page in imposed.pages]
    first, second = imposed.Root.Outlines.First, imposed.Root.Outlines.First.Next
    # Four pages: pages 4 and 1 on the front, 2 and 3 on the back; page 3 on the right.
    destination = first.First.Dest
    assert destination[0].objgen == sheets[1]
    assert (float(destination[2]), float(destination[3])) == pytest.approx(
        (60 + 396, 400 + (612 - HEIGHT) / 2))
    assert "/Dest" not in second and second.A.D == "page-2"


def test_pages_without_bookmarks_or_named_destinations_are_imposed_all_the_same():
    pdf = pikepdf.open(io.BytesIO(tagged_pdf(3)))
    del pdf.Root.Outlines
    del pdf.Root.Names
    imposed = _imposed(pdf)
    assert len(imposed.pages) == 2 and "/Outlines" not in imposed.Root
    assert len(imposed.pages[0].obj.Annots) == 1  # the link on page 1 moved all the same


def test_the_link_moves_onto_its_sheet_with_its_rectangle(booklet):
    pdf = booklet.pdf
    side, x, y = booklet.where(1)
    annotations = pdf.pages[side].obj.Annots
    assert len(annotations) == 1
    assert [float(v) for v in annotations[0].Rect] == pytest.approx([40 + x, 290 + y,
                                                                      100 + x, 310 + y])
    link = next(k for k in pdf.Root.StructTreeRoot.K.K if str(k.S) == "/Link")
    objr = link.K[0]
    assert objr.Pg.objgen == pdf.pages[side].obj.objgen
    assert objr.Obj.objgen == annotations[0].objgen


def test_marked_content_is_found_through_stm_in_the_form_on_its_sheet(booklet):
    """Each page's marked content now lives in a form XObject on a sheet: a structure
    element reaches it by /MCR with /Pg (the sheet) and /Stm (the form)."""
    count, data, pdf = booklet.count, booklet.data, booklet.pdf
    elements = [k for k in pdf.Root.StructTreeRoot.K.K if k.S == Name.P]
    assert len(elements) == count
    for number, element in enumerate(elements, start=1):
        side, x, _ = booklet.where(number)
        sheet = pdf.pages[side].obj
        mcr = element.K[0]
        assert mcr.Type == Name.MCR and int(mcr.MCID) == 0
        assert mcr.Pg.objgen == sheet.objgen and element.Pg.objgen == sheet.objgen
        forms = {form.objgen for form in sheet.Resources.XObject.values()}
        assert mcr.Stm.objgen in forms, number
        assert int(mcr.Stm.StructParents) == number - 1
    # The test-side reader, as a screen reader would: each P reads its own page's words.
    tree = structure_tree.read(io.BytesIO(data))
    read = [tree.text_of(element) for element in tree.walk() if element.tag == "/P"]
    assert read == [f"Page {n}" for n in range(1, count + 1)]


def test_each_page_is_drawn_unscaled_with_its_trim_box_centred_on_its_half(booklet):
    drawn = {}  # page number -> (side, how the form drawn is moved and scaled)
    for side, sheet in enumerate(booklet.pdf.pages):
        assert [float(v) for v in sheet.MediaBox] == pytest.approx(
            [0, 0, *PAPERS[booklet.paper].landscape])
        matrix = None
        for operands, operator in pikepdf.parse_content_stream(sheet):
            if str(operator) == "cm":
                matrix = [float(v) for v in operands]
            elif str(operator) == "Do":
                form = sheet.Resources.XObject[str(operands[0])]
                drawn[int(form.StructParents) + 1] = (side, matrix)
    assert sorted(drawn) == list(range(1, booklet.count + 1))
    for number, (side, matrix) in drawn.items():
        where, x, y = booklet.where(number)
        assert side == where and matrix == pytest.approx([1, 0, 0, 1, x, y]), number


def test_sheets_have_no_page_labels_and_hold_two_pages(booklet):
    count, pdf = booklet.count, booklet.pdf
    assert "/PageLabels" not in pdf.Root
    assert len(pdf.pages) == -(-count // 4) * 2
    for sheet in pdf.pages:
        placed = structure_tree.placed_forms(sheet)
        assert 1 <= len(placed) <= 2


@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_fit_centres_each_page_on_the_paper(paper):
    chosen = PAPERS[paper]
    pdf = pikepdf.open(io.BytesIO(fit(tagged_pdf(2), chosen)))
    for page in pdf.pages:
        x0, y0, x1, y1 = (float(v) for v in page.MediaBox)
        assert (x1 - x0, y1 - y0) == pytest.approx((chosen.width, chosen.height))
        assert (x0 + x1) / 2 == pytest.approx(WIDTH / 2)
        assert (y0 + y1) / 2 == pytest.approx(HEIGHT / 2)
        assert list(page.TrimBox) == list(page.MediaBox) == list(page.BleedBox)
        assert "/CropBox" not in page


def test_fit_centres_the_trimmed_page_of_a_layout_with_bleed_and_drops_its_crop_box():
    """A full-bleed layout's page is larger than its trim box, which is where the page
    is: the paper is centred on the trim box, and a crop box would hide the paper's
    margins."""
    pdf = pikepdf.open(io.BytesIO(tagged_pdf(1)))
    page = pdf.pages[0].obj
    page.MediaBox = page.CropBox = Array([0, 0, WIDTH + 20, HEIGHT + 30])
    page.TrimBox = Array([10, 15, WIDTH + 10, HEIGHT + 15])
    out = io.BytesIO()
    pdf.save(out)
    fitted_pdf = pikepdf.open(io.BytesIO(fit(out.getvalue(), PAPERS["letter"])))
    fitted = fitted_pdf.pages[0]
    x0, y0, x1, y1 = (float(v) for v in fitted.MediaBox)
    assert (x1 - x0, y1 - y0) == pytest.approx((612, 792))
    assert ((x0 + x1) / 2, (y0 + y1) / 2) == pytest.approx((10 + WIDTH / 2, 15 + HEIGHT / 2))
    assert "/CropBox" not in fitted.obj


@pytest.mark.parametrize("place", [fit, impose])
def test_the_same_pages_give_the_same_file_with_its_streams_compressed(place):
    """Built twice from the same inputs, a file is the same to the byte (its /ID too), so
    that a build can tell nothing changed; what is drawn anew is compressed."""
    pages = tagged_pdf(4)
    data = place(pages, PAPERS["a4"])
    assert place(pages, PAPERS["a4"]) == data
    pdf = pikepdf.open(io.BytesIO(data))
    # The second part of its /ID changes with what it holds (the first is the source's).
    source, letter = (pikepdf.open(io.BytesIO(d)) for d in (pages, place(pages, PAPERS["letter"])))
    assert bytes(pdf.trailer.ID[0]) == bytes(source.trailer.ID[0])
    assert len({bytes(p.trailer.ID[1]) for p in (source, pdf, letter)}) == 3
    for page in pdf.pages:
        for stream in [page.Contents] if isinstance(page.Contents, pikepdf.Stream) \
                else page.Contents:
            assert stream.Filter == Name.FlateDecode


def test_the_booklet_is_read_as_the_guide_is(editions):
    """The real booklet, through its tags: each hack reads word for word as in the guide
    (page numbers aside), though its pages are forms drawn on the sheets."""
    import re

    def hacks(path):
        tree = structure_tree.read(path)
        return [re.sub(r"\d+", "", tree.text_of(element)).split()
                for element in tree.walk() if element.tag == "/Art"]

    guide, booklet = hacks(editions["guide"]), hacks(editions["booklet"])
    assert len(guide) == 4 and all(len(words) > 20 for words in guide)
    assert booklet == guide
