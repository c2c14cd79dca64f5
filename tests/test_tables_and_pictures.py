"""Tables and pictures in the text: they fit the text column, tables are tagged with
heading cells, and a picture that pushes a hack past one page is named in the note.

The sample guide is laid out once for all of these (the builder's own render and
typeset steps, no files written), and its WeasyPrint boxes are measured."""

from __future__ import annotations

import re

import pytest
from PIL import Image

from conftest import SAMPLE, write_project

WALK = "content/prevention/walk-the-space.md"
LONG = "content/prevention/long-hack.md"
TABLE = ("| Opioid overdose | Overamping |\n| --- | --- |\n"
         "| Slow or no breathing | Fast breathing, a racing heart: see "
         "https://example.org/" + "unbreakable" * 12 + " |\n")


@pytest.fixture(scope="module")
def laid(tmp_path_factory):
    from spacehacks.editions import edition as editions
    from spacehacks.pdf import spans as pages
    from spacehacks.pdf.fetcher import ProjectFetcher, project_folders
    from spacehacks.build.pipeline import read_and_check
    from spacehacks.pdf.numbers import PageNumbers
    from spacehacks.pdf.render import render_html
    from spacehacks.pdf.typeset import Pages

    root = write_project(tmp_path_factory.mktemp("pictures") / "project", SAMPLE)
    # A valid 1200-pixel-wide picture, and a tall one in the hack that runs long.
    Image.new("RGB", (1200, 800), (200, 80, 40)).save(root / "content/prevention/wide.png")
    Image.new("RGB", (600, 1800), (20, 80, 140)).save(root / "content/prevention/tall.png")
    for name, old, new in ((WALK, "A short paragraph.",
                            f"A short paragraph.\n\n![a wide plan](wide.png)\n\n{TABLE}"),
                           (LONG, "## Why it matters\n", "## Why it matters\n\n"
                                                         "![a tall plan](tall.png)\n"),
                           (LONG, "pages: 2\n", "")):
        path = root / name
        path.write_text(path.read_text().replace(old, new, 1))
    guide, _ = read_and_check(root)
    edition = editions.guide(("letter",), guide.settings.title)
    html = render_html(guide, edition, root / "layout", PageNumbers(None, {}))
    fetcher = ProjectFetcher(allowed_roots=project_folders(root), used_by=guide.images,
                             fallback=root / "layout" / edition.template)
    result = Pages(html, base_dir=root / "content", fetcher=fetcher, day=guide.settings.date)
    spans = pages.hack_spans(guide, result.positions(), result.page_count)
    return root, guide, result, spans, html


def _boxes(box):
    yield box
    for child in getattr(box, "children", None) or ():
        yield from _boxes(child)


def _placed(result, tag):
    """(page index, box, the page's content width) of each box of an HTML element."""
    from weasyprint.formatting_structure import boxes

    for index, page in enumerate(result.document.pages):
        for box in _boxes(page._page_box):
            if box.element_tag == tag and isinstance(box, (boxes.ReplacedBox, boxes.TableBox)):
                yield index, box, page._page_box.width


def test_pictures_fit_the_text_column_and_a_third_of_the_page(laid):
    _, _, result, _, _ = laid
    placed = list(_placed(result, "img"))
    assert len(placed) == 2
    for _, box, column in placed:
        page_height = result.document.pages[0]._page_box.height
        assert box.width <= column + 0.01
        assert box.height <= page_height / 2.9  # a third of the page, about
    wide = placed[0][1]
    assert abs(wide.width / wide.height - 1200 / 800) < 0.01  # not stretched


def test_a_wide_picture_leaves_its_hack_on_one_page(laid):
    _, _, _, spans, _ = laid
    assert len(spans["walk-the-space"]) == 1


def test_a_hack_past_its_budget_is_named_at_its_picture(laid):
    from spacehacks.pdf import spans as pages

    root, guide, _, spans, _ = laid
    problems = [problem.format(root) for problem in pages.over_budget(guide, spans)]
    assert len(problems) == 1
    assert re.match(rf"{LONG}:10: this hack fills [23] pages, with the picture 'tall.png' in "
                    "it, and its budget is one page. Use a wider, less tall picture",
                    problems[0]), problems


def test_a_table_fits_the_text_column(laid):
    _, _, result, spans, _ = laid
    [(page, table, column)] = list(_placed(result, "table"))
    assert page in spans["walk-the-space"]
    assert table.width <= column + 0.01
    for box in _boxes(table):
        if box.element_tag == "td":
            assert box.position_x + box.width <= table.position_x + table.width + 0.01


def test_a_table_is_tagged_with_heading_cells(laid, tmp_path):
    import structure_tree

    _, guide, result, _, html = laid
    assert '<th scope="col">Opioid overdose</th>' in html
    path = tmp_path / "guide.pdf"
    path.write_bytes(result.write_pdf(None, title="t", link_labels=guide.link_labels()))
    tree = structure_tree.read(path)
    [table] = [element for element in tree.elements if element.tag == "/Table"]
    cells = [element for element in tree.walk(table) if element.tag in ("/TH", "/TD")]
    headings = [cell for cell in cells if cell.tag == "/TH"]
    assert [tree.text_of(cell) for cell in headings] == ["Opioid overdose", "Overamping"]
    assert all(cell.obj["/A"]["/Scope"] == "/Column" for cell in headings)
    ids = [str(cell.obj["/ID"]) for cell in headings]
    data = [cell for cell in cells if cell.tag == "/TD"]
    assert [tree.text_of(cell).split(",")[0] for cell in data] == ["Slow or no breathing",
                                                                  "Fast breathing"]
    assert [[str(h) for h in cell.obj["/A"]["/Headers"]] for cell in data] == [[i] for i in ids]
    assert all(value == 0 for name, value in structure_tree.counts(tree).items()
               if name != "root children")
