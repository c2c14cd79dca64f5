"""Putting laid-out pages on paper. Every edition is laid out once, at a page size both
Letter and A4 can hold (see editions/edition.py); here each page is placed on the paper, unscaled
and centred, and the booklet's pages are imposed two to a sheet.

Both work on the written PDF with pikepdf (qpdf, in C++): no page is laid out or drawn
again, and the structure tree, bookmarks and links stay whole.
"""

from __future__ import annotations

import io

import pikepdf
from pikepdf import Array, Dictionary, Name, Operator


def saddle_stitch_order(pages: int, *, back_cover: bool = False
                        ) -> list[tuple[int | None, int | None]]:
    """(left, right) page indexes for each side of each sheet, front then back; None is a
    blank page added so the count is a multiple of four. The blanks go at the end, or,
    with a back cover, just before it, so it stays on the outside.

    With 8 pages: sheet 1 front (8, 1), back (2, 7); sheet 2 front (6, 3), back (4, 5).
    """
    padded = -(-pages // 4) * 4
    blanks = [None] * (padded - pages)
    order = ([*range(pages - 1), *blanks, pages - 1] if back_cover and pages > 1
             else [*range(pages), *blanks])
    sides = []
    for sheet in range(padded // 4):
        sides.append((order[padded - 1 - 2 * sheet], order[2 * sheet]))          # front
        sides.append((order[2 * sheet + 1], order[padded - 2 - 2 * sheet]))      # back
    return sides


def fit(pdf_bytes: bytes, paper) -> bytes:
    """Each page on the paper: the paper's box centred on the page, whose margins grow by
    the difference (a full-bleed cover is laid out with enough bleed to fill it)."""
    pdf = pikepdf.open(io.BytesIO(pdf_bytes))
    for page in pdf.pages:
        x0, y0, x1, y1 = (float(value) for value in pikepdf.Page(page).trimbox)
        dx, dy = (paper.width - (x1 - x0)) / 2, (paper.height - (y1 - y0)) / 2
        box = Array([x0 - dx, y0 - dy, x1 + dx, y1 + dy])
        page.MediaBox = page.TrimBox = page.BleedBox = box
        if "/CropBox" in page:
            del page.CropBox
    return _save(pdf)


def impose(pdf_bytes: bytes, paper, *, back_cover: bool = False) -> bytes:
    """The pages of a tagged PDF, two to a side of the landscape paper, each centred on
    its half, in saddle-stitch order; still tagged.

    Each page becomes a form XObject drawn on its sheet, so nothing is parsed or drawn
    again, and the structure tree, bookmarks and links move onto the sheets with the
    pages (marked content inside a form is referenced with /Stm, ISO 32000-1, 14.7.4.3).
    pypdf took eleven seconds for the 200-page booklet and made a file five times larger.
    """
    pdf = pikepdf.open(io.BytesIO(pdf_bytes))
    pages = [pikepdf.Page(page) for page in pdf.pages]
    x0, y0, x1, y1 = (float(value) for value in pages[0].trimbox)
    width, height = x1 - x0, y1 - y0
    sheet_width, sheet_height = paper.landscape
    half = sheet_width / 2
    placed: dict[tuple, tuple] = {}  # page objgen -> (sheet object, form, x, y offsets)
    sheets = []
    for left, right in saddle_stitch_order(len(pages), back_cover=back_cover):
        sheet = pikepdf.Page(pdf.make_indirect(Dictionary(
            Type=Name.Page, MediaBox=Array([0, 0, sheet_width, sheet_height]),
            Resources=Dictionary(), Tabs=Name.S)))
        drawing = []
        for index, side in ((left, 0.0), (right, half)):
            if index is None:
                continue
            # The trim box centred on its half, unscaled (no page is ever rotated).
            dx = side + (half - width) / 2 - x0
            dy = (sheet_height - height) / 2 - y0
            form = pages[index].as_form_xobject()
            if "/StructParents" in pages[index].obj:  # its marked content, for the tree
                form.StructParents = pages[index].obj.StructParents
            # Named by its page (add_overlay would name it at random: a new file each time).
            name = sheet.add_resource(form, Name.XObject, Name(f"/Page{index + 1}"))
            drawing += [([], Operator("q")), ([1, 0, 0, 1, dx, dy], Operator("cm")),
                        ([name], Operator("Do")), ([], Operator("Q"))]
            placed[pages[index].obj.objgen] = (sheet.obj, form, dx, dy)
        sheet.obj.Contents = pdf.make_stream(pikepdf.unparse_content_stream(drawing))
        sheets.append(sheet)
    _move_links(pages, placed)
    _move_structure(pdf, placed)
    _move_destinations(pdf, placed)
    del pdf.pages[:]
    for sheet in sheets:
        pdf.pages.append(sheet)
    if "/PageLabels" in pdf.Root:  # labels counted pages; a sheet holds two
        del pdf.Root.PageLabels
    return _save(pdf)


def _save(pdf) -> bytes:
    out = io.BytesIO()
    pdf.save(out, deterministic_id=True, object_stream_mode=pikepdf.ObjectStreamMode.generate,
             compress_streams=True, recompress_flate=False)
    return out.getvalue()


def _move_links(pages, placed) -> None:
    for page in pages:
        sheet, _, dx, dy = placed[page.obj.objgen]
        for annotation in page.obj.get("/Annots", []):
            x1, y1, x2, y2 = (float(value) for value in annotation.Rect)
            annotation.Rect = Array([x1 + dx, y1 + dy, x2 + dx, y2 + dy])
            if "/Annots" not in sheet:
                sheet.Annots = Array()
            sheet.Annots.append(annotation)


def _move_structure(pdf, placed) -> None:
    """Each structure element that pointed into a page now points into the form on its
    sheet: /Pg becomes the sheet, and marked content gets /Stm, the form."""
    def walk(element):
        kids = element.get("/K")
        if kids is None:
            return
        if not isinstance(kids, Array):
            kids = Array([kids])
            element.K = kids
        page = element.get("/Pg")
        for index, kid in enumerate(list(kids)):
            if isinstance(kid, int) and page is not None:
                sheet, form = placed[page.objgen][:2]
                kids[index] = Dictionary(Type=Name.MCR, Pg=sheet, MCID=kid, Stm=form)
            elif isinstance(kid, Dictionary):
                kind = kid.get("/Type")
                if kind == "/MCR":
                    sheet, form = placed[kid.Pg.objgen][:2]
                    kid.Pg, kid.Stm = sheet, form
                elif kind == "/OBJR":
                    kid.Pg = placed[kid.Pg.objgen][0]
                else:
                    walk(kid)
        if page is not None:
            element.Pg = placed[page.objgen][0]

    root = pdf.Root.StructTreeRoot
    for element in root.K if isinstance(root.K, Array) else [root.K]:
        walk(element)


def _move_destinations(pdf, placed) -> None:
    """Bookmarks and named destinations open the sheet, at the page's place on it."""
    def retarget(destination):
        if isinstance(destination, Array) and len(destination) >= 4 \
                and destination[0].objgen in placed:
            sheet, _, dx, dy = placed[destination[0].objgen]
            destination[0] = sheet
            if destination[1] == Name.XYZ:
                destination[2] = float(destination[2]) + dx
                destination[3] = float(destination[3]) + dy

    names = pdf.Root.get("/Names", {}).get("/Dests", {}).get("/Names", [])
    for destination in list(names)[1::2]:
        retarget(destination)
    stack = [pdf.Root.Outlines.First] if "/Outlines" in pdf.Root and \
        "/First" in pdf.Root.Outlines else []
    while stack:
        item = stack.pop()
        retarget(item.get("/Dest"))
        for key in ("/First", "/Next"):
            if key in item:
                stack.append(item[key])
