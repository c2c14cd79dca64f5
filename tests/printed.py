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
