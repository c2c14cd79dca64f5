"""Print editions: handouts, wall cards, the booklet, both papers, and `random`."""

from __future__ import annotations

import io
import re

import pikepdf
import pytest
from pypdf import PdfReader

import structure_tree

from conftest import SAMPLE, build, page_texts
from spacehacks.pdf.paper import impose, saddle_stitch_order


def run_cli(project, capsys, *args):
    """The command as an editor types it, in the project (files under output/)."""
    from spacehacks.commands import main

    code = main(["--project", str(project), *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture(scope="module")
def cards(tmp_path_factory):
    from conftest import write_project

    root = write_project(tmp_path_factory.mktemp("cards") / "project", SAMPLE)
    return root, PdfReader(build(root, kinds=("cards",)))


def _font_sizes(page) -> set[float]:
    """The sizes text is drawn at on a page (Tf size times the text matrix scale)."""
    sizes = set()

    def visit(text, cm, tm, font, size):
        if text.strip():
            sizes.add(round(size * abs(tm[3]) * abs(cm[3]), 1))

    page.extract_text(visitor_text=visit)
    return sizes


def test_every_card_is_one_page_in_large_type(cards):
    root, reader = cards
    texts = page_texts(reader)
    assert len(texts) == 4  # one card per hack: a long hack's card holds only its steps
    for number, title in (("P-1", "Walk the space"), ("P-2", "Hold a daily huddle"),
                          ("P-3", "A hack that runs long"), ("R-1", "One voice leads")):
        card = next(text for text in texts if f"{number} {title}" in text)
        steps = "Try this 1. One step. 2. Another step. 3. A third step."
        assert (steps in card) == (number != "P-3")  # P-3 has no steps to print
        assert re.search(rf"Full hack: {number}, guide page \d+", card)
    for page in reader.pages:
        body = [size for size in _font_sizes(page) if size >= 10]
        assert min(_font_sizes(page)) >= 10.5  # even the foot
        assert max(body) >= 14 and sorted(body)[len(body) // 2] >= 14
    single = root / "output" / "cards" / "r-1-one-voice.pdf"
    one = PdfReader(single)
    assert len(one.pages) == 1 and one.metadata.title == "Test Guide: R-1 One voice leads"
    assert one.outline[0].title.startswith("R-1 One voice leads")


def _halves(page) -> tuple[str, str]:
    """The text on the left and right halves of a booklet sheet (each half is a page,
    drawn as a form)."""
    middle = float(page.mediabox[2]) / 2
    left = "".join(text for x, text in structure_tree.placed_forms(page) if x < middle)
    right = "".join(text for x, text in structure_tree.placed_forms(page) if x >= middle)
    return left, right


def _numbered_pdf(count: int) -> bytes:
    """A tagged PDF of `count` half-letter pages saying "Page 1", "Page 2", ..."""
    import weasyprint

    html = ("<html lang='en'><title>t</title><style>@page { size: 5.5in 8.27in }"
            "p { break-after: page; font-family: sans-serif }</style>"
            + "".join(f"<p>Page {n}</p>" for n in range(1, count + 1)) + "</html>")
    return weasyprint.HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")


@pytest.mark.parametrize("count", [4, 5, 8, 13])
def test_booklet_sheets_are_in_saddle_stitch_order(count):
    from spacehacks.editions.edition import PAPERS

    reader = pikepdf.open(io.BytesIO(impose(_numbered_pdf(count), PAPERS["letter"])))
    padded = -(-count // 4) * 4
    assert len(reader.pages) == padded // 2  # two sides per sheet
    for side in reader.pages:
        assert [round(float(v)) for v in side.mediabox] == [0, 0, 792, 612]
    # Folded, the sheets read 1, 2, 3 ... : sheet s has n-2s and 2s+1 on its front.
    for sheet in range(padded // 4):
        front, back = reader.pages[2 * sheet], reader.pages[2 * sheet + 1]
        expected = [(padded - 2 * sheet, 2 * sheet + 1), (2 * sheet + 2, padded - 1 - 2 * sheet)]
        for page, (left, right) in zip((front, back), expected):
            got = _halves(page)
            for text, number in zip(got, (left, right)):
                assert text == (f"Page {number}" if number <= count else ""), (count, got)
    assert saddle_stitch_order(count)[0] == ((padded - 1) if padded - 1 < count else None, 0)


def test_the_booklet_is_tagged_with_bookmarks_and_text_at_least_9_5_pt(project):
    reader = PdfReader(build(project, project / "output" / "booklet.pdf", kinds=("booklet",)))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/Lang"] == "en-US"
    assert reader.metadata.title == "Test Guide (booklet)"
    assert [item.title for item in reader.outline if not isinstance(item, list)][:2] == \
        ["Contents", "Featured hacks"]
    sizes: list[float] = []
    texts = " ".join(text for page in pikepdf.open(reader.stream).pages
                     for _, text in structure_tree.placed_forms(page, sizes))
    assert "Marker for One voice leads" in texts
    # Body text is at least 9.5 pt as printed (the most common size: the body's).
    assert max(set(sizes), key=sizes.count) >= 9.5 and min(sizes) >= 7
    # The marked content of each page is found in the form drawn on its sheet.
    first_sheet = reader.pages[1]
    forms = first_sheet["/Resources"]["/XObject"]
    assert any("/StructParents" in form.get_object() for form in forms.values())


def test_both_papers_from_one_layout(site_built):
    """Every edition on both papers (`--all`, shared with the web edition's tests)."""
    output = site_built[0] / "output"
    for name in ("space-hacks.pdf", "space-hacks-a4.pdf", "space-hacks-booklet.pdf",
                 "space-hacks-a4-booklet.pdf", "space-hacks-cards.pdf",
                 "space-hacks-a4-cards.pdf", "handouts/prevention.pdf",
                 "handouts-a4/prevention.pdf", "cards-a4/r-1-one-voice.pdf"):
        assert (output / name).is_file(), name
    letter = PdfReader(output / "space-hacks.pdf")
    a4 = PdfReader(output / "space-hacks-a4.pdf")
    assert (round(float(letter.pages[5].mediabox.width)),
            round(float(a4.pages[5].mediabox.height))) \
        == (612, 842)
    assert page_texts(letter) == page_texts(a4)  # same pages, same page numbers
    sheet = PdfReader(output / "space-hacks-a4-booklet.pdf").pages[0].mediabox
    assert (round(float(sheet.width)), round(float(sheet.height))) == (842, 595)


def test_a_failed_build_leaves_every_previous_file(site_built, tmp_path, capsys):
    import shutil

    project = tmp_path / "project"  # a copy of a project built with --all
    shutil.copytree(site_built[0], project)
    output = project / "output"
    before = {path: path.read_bytes() for path in output.rglob("*.pdf")}
    path = project / "content/prevention/walk-the-space.md"
    path.write_text(path.read_text().replace("tags: [space-design]", "tags: [nope]"))
    code, _, err = run_cli(project, capsys, "--all")
    assert code == 1 and "content/prevention/walk-the-space.md:4: unknown tag 'nope'" in err
    assert {path: path.read_bytes() for path in output.rglob("*.pdf")} == before


def test_random_is_reproducible_and_respects_featured_and_part(project, capsys):
    from spacehacks.commands import main

    def pick(*args):
        assert main(["random", "--project", str(project), *args]) == 0
        return capsys.readouterr().out

    assert pick("--seed", "3") == pick("--seed", "3")
    seen = {pick("--seed", str(seed)).split()[0] for seed in range(12)}
    assert len(seen) > 1
    assert {pick("--seed", str(seed), "--featured").split()[0] for seed in range(8)} <= \
        {"P-1", "R-1"}
    assert {pick("--seed", str(seed), "--part", "response").split()[0]
            for seed in range(5)} == {"R-1"}
    text = pick("--seed", "1", "--part", "response")
    assert "One voice leads" in text and " 1. One step." in text
    assert "cards/r-1-one-voice.pdf" in text
