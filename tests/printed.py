"""Reading printed pages back as a reader of paper meets them: where each word sits
(poppler's pdftotext), what is painted near the paper's edge (poppler's pdftoppm), and
the type sizes drawn (pypdf)."""

from __future__ import annotations

import re
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

from PIL import Image

INCH = 72


@dataclass(frozen=True)
class Word:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float  # points, from the top left of the sheet


def words(pdf: Path, first: int = 1, last: int | None = None) -> list[list[Word]]:
    """The words of each page (from `first`, 1-based), with their boxes."""
    command = ["pdftotext", "-bbox", "-f", str(first)] + (["-l", str(last)] if last else [])
    xml = subprocess.run([*command, str(pdf), "-"], capture_output=True, text=True,
                         check=True).stdout
    xml = re.sub(r"<!DOCTYPE[^>]*>", "", xml).replace(' xmlns="http://www.w3.org/1999/xhtml"', "")
    root = ElementTree.fromstring(xml)
    return [[Word(w.text or "", *(float(w.get(k)) for k in ("xMin", "yMin", "xMax", "yMax")))
             for w in page.iter("word")] for page in root.iter("page")]


def lines(page: list[Word], tolerance: float = 2.0) -> list[list[Word]]:
    """Words grouped into lines by their baseline, top to bottom, each left to right."""
    rows: list[list[Word]] = []
    for word in sorted(page, key=lambda w: (w.y1, w.x0)):
        if rows and abs(rows[-1][0].y1 - word.y1) <= tolerance:
            rows[-1].append(word)
        else:
            rows.append([word])
    return [sorted(row, key=lambda w: w.x0) for row in rows]


def painted_margins(pdf: Path, dpi: int = 72) -> list[tuple[float, float, float, float] | None]:
    """For each sheet: the distance in inches from its left, right, top and bottom edge
    to the nearest painted mark (anything not white), or None for a blank sheet."""
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run(["pdftoppm", "-gray", "-r", str(dpi), str(pdf), f"{folder}/p"],
                       check=True)
        result = []
        for image_path in sorted(Path(folder).glob("p-*.pgm"),
                                 key=lambda p: int(p.stem.rsplit("-", 1)[1])):
            image = Image.open(image_path)
            box = image.point(lambda v: 255 if v < 250 else 0).getbbox()
            result.append(None if box is None else (
                box[0] / dpi, (image.width - box[2]) / dpi, box[1] / dpi,
                (image.height - box[3]) / dpi))
        return result


def sheet_image(pdf: Path, page: int, dpi: int = 36) -> Image.Image:
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run(["pdftoppm", "-r", str(dpi), "-f", str(page), "-l", str(page),
                        "-singlefile", str(pdf), f"{folder}/p"], check=True)
        return Image.open(f"{folder}/p.ppm").convert("RGB")


def font_sizes(page) -> list[float]:
    """The sizes text is drawn at on a pypdf page, one entry per text run."""
    sizes = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            sizes.append(round(size * abs(tm[3]) * abs(cm[3]), 1))

    page.extract_text(visitor_text=visit)
    return sizes




@dataclass(frozen=True)
class Filled:
    """One page as a reader sees it: its running head (left and right of the middle; a
    hack's page names the hack on the right), how far down its text area the text reaches
    (0 at the top, 1 at the running foot), its lines of text between head and foot, and
    the body type's height (the median height of its words, in points)."""
    head: str
    head_right: str
    fill: float
    body: tuple[tuple[Word, ...], ...]
    body_height: float

    def text(self, row: int) -> str:
        return " ".join(w.text for w in self.body[row]) if self.body else ""

    @property
    def blank(self) -> bool:
        return not self.body and not self.head


FOOT = re.compile(r"page \d+ of \d+$")


def page_fills(pdf: Path) -> list[Filled]:
    """Each page of a PDF in reading order, read back. A landscape sheet holds two pages
    of a saddle-stitched booklet, imposed (side 1: the last page and the first, side 2:
    the second and the one before last, and so on); they are put back in reading order.
    The running foot ("page N of M") marks the bottom of the text area and its top lies
    as far from the sheet's top edge; a page without a foot (a cover) is measured between
    half-inch margins."""
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True,
                          check=True).stdout
    width, height = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info).groups())
    sheets = words(pdf)
    if width < height:
        return [_filled(page, height, 0, width) for page in sheets]
    count = 2 * len(sheets)
    pages: list[Filled | None] = [None] * count
    for side, page in enumerate(sheets):
        left, right = (count - side, side + 1) if side % 2 == 0 else (side + 1, count - side)
        pages[left - 1] = _filled([w for w in page if w.x1 <= width / 2], height, 0, width / 2)
        pages[right - 1] = _filled([w for w in page if w.x0 >= width / 2], height, width / 2,
                                   width)
    return pages


def _filled(page: list[Word], height: float, left: float, right: float) -> Filled:
    rows = lines(page)
    foot = next((row for row in reversed(rows)
                 if FOOT.search(" ".join(w.text for w in row))), None)
    bottom = foot[0].y0 if foot else height - INCH / 2
    top = height - bottom
    head = [w for row in rows if row is not foot and row[-1].y1 <= top + 1 for w in row]
    body = tuple(tuple(row) for row in rows if row is not foot and row[-1].y1 > top + 1)
    middle = (left + right) / 2
    heights = sorted(w.y1 - w.y0 for row in body for w in row)
    return Filled(" ".join(w.text for w in head if w.x1 < middle),
                  " ".join(w.text for w in head if w.x0 >= middle),
                  (max(w.y1 for row in body for w in row) - top) / (bottom - top) if body else 0.0,
                  body, heights[len(heights) // 2] if heights else 0.0)


QUARTER = 0.25


def stranded(pages: list[Filled]) -> list[str]:
    """What breaks the rules of navigation pages (the contents, the featured hacks, a part's
    opener with its list, the index: pages where most lines end in a page number): no
    heading ends a page without its first entry, and no navigation page is under a
    quarter full unless it is the last of its part (the next page opens a part, with
    its title and running head, or is blank, or there is none)."""
    problems = []
    for number, page in enumerate(pages, 1):
        if not page.body:
            continue
        if _heading(page, page.body[-1]):
            problems.append(f"page {number} ends on a heading: {page.text(-1)!r}")
        following = pages[number] if number < len(pages) else None
        last_of_part = (following is None or following.blank
                        or (_opens_with_title(following) and bool(following.head)))
        if _navigation(page) and page.fill < QUARTER and not last_of_part:
            problems.append(f"page {number} is {page.fill:.0%} full: {page.text(0)!r} to "
                            f"{page.text(-1)!r}")
    return problems


def _navigation(page: Filled) -> bool:
    return 2 * sum(row[-1].text.isdigit() for row in page.body) >= len(page.body)


def _heading(page: Filled, row) -> bool:
    """A line that is a heading: set larger than the body, or a label in capitals (words
    only: "CC BY-NC-SA 4.0" is a licence)."""
    text = " ".join(w.text for w in row)
    letters = [c for c in text if c.isalpha()]
    return (all(w.y1 - w.y0 >= 1.12 * page.body_height for w in row)
            or (len(letters) > 2 and all(c.isupper() for c in letters)
                and not any(c.isdigit() for c in text)))


def _opens_with_title(page: Filled) -> bool:
    """A part, a front section or a handout opens with a title twice the body size or
    more (a hack's title is smaller)."""
    return bool(page.body) and max(w.y1 - w.y0 for w in page.body[0]) >= 1.95 * page.body_height
