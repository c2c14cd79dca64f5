"""The booklet: pages laid out at half a sheet, placed two to a side of a landscape sheet
in saddle-stitch order. Printed on both sides (flip on the short edge), folded in the
middle and stapled on the fold, the sheets read in order.
"""

from __future__ import annotations

import io

from pypdf import PageObject, PdfReader, PdfWriter, Transformation


def saddle_stitch_order(pages: int) -> list[tuple[int | None, int | None]]:
    """(left, right) page indexes for each side of each sheet, front then back; None is a
    blank page added so the count is a multiple of four.

    With 8 pages: sheet 1 front (8, 1), back (2, 7); sheet 2 front (6, 3), back (4, 5).
    """
    padded = -(-pages // 4) * 4
    sides = []
    for sheet in range(padded // 4):
        sides.append((padded - 1 - 2 * sheet, 2 * sheet))          # front
        sides.append((2 * sheet + 1, padded - 2 - 2 * sheet))      # back
    return [tuple(index if index < pages else None for index in side) for side in sides]


def impose(pdf: bytes) -> bytes:
    """The pages of `pdf`, two to a side, in saddle-stitch order."""
    reader = PdfReader(io.BytesIO(pdf))
    width = float(reader.pages[0].mediabox.width)
    height = float(reader.pages[0].mediabox.height)
    writer = PdfWriter()
    for left, right in saddle_stitch_order(len(reader.pages)):
        side = PageObject.create_blank_page(width=2 * width, height=height)
        for index, offset in ((left, 0), (right, width)):
            if index is not None:
                side.merge_transformed_page(reader.pages[index],
                                            Transformation().translate(offset, 0))
        writer.add_page(side)
    writer.add_metadata({key: value for key, value in (reader.metadata or {}).items()})
    writer.compress_identical_objects()
    stream = io.BytesIO()
    writer.write(stream)
    return stream.getvalue()
