"""Paper that works: every print edition of a small guide, on both papers, read back as
a reader of paper meets it (where words sit, what is painted, type sizes)."""

from __future__ import annotations

import re
import statistics

import pikepdf
import pytest
from pypdf import PdfReader

from conftest import SAMPLE, anchor_pages, hack_text, page_texts, write_project
from printed import (INCH, Filled, Word, font_sizes, lines, page_fills, painted_margins,
                     sheet_image, stranded, words)

WEBSITE = "https://guide.example.org/"
LONG_TITLE = "One voice leads while the rest of the team stays close and ready"
LINKS = ("## Why it matters\n\n"
         + "Everyone knows the plan before doors open, and everyone knows who talks. " * 4
         + "\n\nWhen voices rise, [one person talks](#one-voice) and the rest stay near "
         "(see [the huddle](#daily-huddle)). See [who leads](#one-voice) for the words. "
         + "A calm room starts with a calm team that has practised the moment. " * 5
         + "\n\n## Try this\n\n1. Walk in through the front door.\n2. Ask "
         "[one voice](#one-voice) to lead.\n")

PRINT_SAMPLE = {
    **SAMPLE,
    "content/guide.yaml": SAMPLE["content/guide.yaml"].replace(
        "language: en-US\n", f"language: en-US\nwebsite: {WEBSITE}\n"),
    "content/prevention/walk-the-space.md": hack_text(
        "Walk the space", "Look at the room with fresh eyes.", tags="[space-design]",
        extra="featured: true\nsee_also: [one-voice]\n", body=LINKS),
    "content/response/words/one-voice.md": hack_text(
        LONG_TITLE, "One person talks; the others support.", tags="[teamwork, words]",
        extra="featured: true\nsee_also: [daily-huddle]\n"),
}


@pytest.fixture(scope="session")
def printed(tmp_path_factory):
    """Every edition of the sample (with links and a web address), on both papers."""
    from spacehacks.build.pipeline import Options, build as run
    from spacehacks.editions.edition import PDF_KINDS as KINDS
    from spacehacks.editions.plan import Request

    root = write_project(tmp_path_factory.mktemp("printed") / "project", PRINT_SAMPLE)
    result = run(Options(root=root, request=Request(kinds=KINDS, papers=("letter", "a4")),
                         force=True))
    assert result.problems == [] and result.warnings == []
    return root / "output"


def _text(path) -> str:
    return "\n".join(page_texts(PdfReader(path)))


def _hack_page(path, slug: str) -> int:
    """The page where a hack starts (its id, a named destination)."""
    return anchor_pages(PdfReader(path))[f"hack-{slug}"]


def test_every_link_to_a_hack_prints_its_number_and_page(printed):
    guide = printed / "space-hacks.pdf"
    text = _text(guide)
    r1, p2 = _hack_page(guide, "one-voice"), _hack_page(guide, "daily-huddle")
    assert f"one person talks (see R-1, page {r1}) and" in text
    assert f"(see the huddle, P-2, page {p2})" in text  # inside parentheses: a comma
    assert f"See who leads (R-1, page {r1})" in text  # after "see": not "see" again
    handout = _text(printed / "handouts" / "prevention.pdf")
    assert f"one person talks (see R-1, guide page {r1})" in handout  # not in the handout
    card = _text(printed / "cards" / "p-1-walk-the-space.pdf")
    assert f"Ask one voice (see R-1, guide page {r1}) to lead" in card
    for path in (guide, printed / "space-hacks-booklet.pdf",
                 printed / "handouts" / "prevention.pdf", printed / "space-hacks-cards.pdf"):
        assert not re.search(r"\([^()]*\(", _text(path)), path  # no nested parentheses


def test_index_page_numbers_stand_in_a_column_beside_their_titles(printed):
    guide = printed / "space-hacks.pdf"
    index_page = next(i for i, t in enumerate(page_texts(PdfReader(guide)), 1)
                      if t.startswith("Index of hacks by tag"))
    page = words(guide, index_page, index_page)[0]
    numbers = [line[-1] for line in lines(page) if line[-1].text.isdigit()
               and line[0].text != "page"]
    assert numbers
    for number_line in [line for line in lines(page) if line[-1] in numbers]:
        assert len(number_line) > 1, number_line  # never alone on its line
    # Right-aligned in their column: the numbers of each column end at one x.
    columns = {}
    for word in numbers:
        columns.setdefault(round(word.x1 / 100), []).append(word.x1)
    for ends in columns.values():
        assert max(ends) - min(ends) < 1.5, ends
    ends = [line for line in lines(page) if any(w.text == "ready" for w in line)]
    assert ends and all(line[0].text != "R-1" and line[-1].text.isdigit() for line in ends)


@pytest.mark.parametrize("name", [
    "space-hacks{}-booklet.pdf", "space-hacks{}-cards.pdf", "handouts{}/prevention.pdf",
    "handouts{}/response.pdf", "booklets{}/response-words.pdf",
    "space-hacks{}-large-print.pdf", "space-hacks{}.pdf"])
@pytest.mark.parametrize("paper", ["", "-a4"])
def test_every_mark_keeps_half_an_inch_from_the_sheet_edge(printed, name, paper):
    path = printed / name.format(paper)
    margins = painted_margins(path)
    if name.startswith("space-hacks{}.pdf") or name.endswith("large-print.pdf"):
        margins = margins[1:]  # the screen cover is full-bleed colour on purpose
    pixel = 1 / 72
    for sheet, margin in enumerate(margins, 1):
        if margin is not None:
            assert min(margin) >= 0.5 - pixel, (sheet, margin)


@pytest.mark.parametrize("paper, edge", [("", "right"), ("-a4", "top")])
def test_the_cover_circle_runs_to_the_paper_edge(printed, paper, edge):
    image = sheet_image(printed / f"space-hacks{paper}.pdf", 1)
    width, height = image.size
    pixels = ([image.getpixel((width - 1, y)) for y in range(height // 4)] if edge == "right"
              else [image.getpixel((x, 0)) for x in range(width // 2, width)])
    circle = (0x0E, 0x5A, 0x61)
    assert any(max(abs(a - b) for a, b in zip(p, circle)) < 12 for p in pixels)


def _half_texts(path) -> list[tuple[str, str]]:
    """Each booklet sheet side: the text of its left and right page."""
    result = []
    for page in words(path):
        width = PdfReader(path).pages[0].mediabox.width
        result.append((" ".join(w.text for w in page if w.x1 <= width / 2),
                       " ".join(w.text for w in page if w.x0 >= width / 2)))
    return result


@pytest.mark.parametrize("name", ["space-hacks{}-booklet.pdf", "booklets{}/response-words.pdf"])
@pytest.mark.parametrize("paper", ["", "-a4"])
def test_booklet_covers_outside_and_the_way_back_on_the_back(printed, name, paper):
    outside = _half_texts(printed / name.format(paper))[0]
    back, front = outside
    assert "Test Guide" in front and "page 1 of" not in front
    assert WEBSITE in back.replace(" ", "") or WEBSITE[:-1] in back
    if "response-words" in name:
        assert "Words that help" in front and "parts/response/" in back
    reader = PdfReader(printed / name.format(paper))
    assert len(reader.pages) / 2 <= 12  # sheets: an office stapler takes them


def test_a_section_booklet_counts_its_own_pages(printed):
    text = _text(printed / "booklets" / "response-words.pdf")
    assert re.search(r"page 2 of \d+", text) and "(see the huddle" not in text


def test_the_way_back_is_printed_with_a_vector_qr_code(printed):
    handout = printed / "handouts" / "prevention.pdf"
    first = page_texts(PdfReader(handout))[0]
    assert f"{WEBSITE}parts/prevention/" in first.replace(" ", "")
    card = page_texts(PdfReader(printed / "cards" / "p-1-walk-the-space.pdf"))[0]
    assert f"{WEBSITE}hacks/walk-the-space/" in card.replace(" ", "")
    assert "January 15, 2026" in card and "CC BY-NC-SA 4.0" in card
    inside = page_texts(PdfReader(printed / "space-hacks.pdf"))[1]
    assert WEBSITE in inside.replace(" ", "")
    for path in (handout, printed / "cards" / "p-1-walk-the-space.pdf"):
        pdf = pikepdf.open(path)
        images = [x for page in pdf.pages
                  for x in page.obj.Resources.get("/XObject", {}).values()
                  if x.get("/Subtype") == "/Image"]
        assert not images  # drawn as vector shapes, not a picture
        alts = [str(obj.get("/Alt")) for obj in pdf.objects
                if isinstance(obj, pikepdf.Dictionary) and obj.get("/S") == "/Figure"]
        assert any(alt.startswith("QR code for https://guide.example.org/") for alt in alts)


def test_cards_take_the_largest_type_that_fits_with_balanced_titles(printed):
    reader = PdfReader(printed / "space-hacks-cards.pdf")
    body_sizes = []
    for page in reader.pages:
        if "Try this" in page.extract_text():  # a card of steps: most text is steps
            body_sizes.append(statistics.mode(s for s in font_sizes(page) if s >= 12))
        assert min(font_sizes(page)) >= 10.5
    assert min(body_sizes) >= 14 and max(body_sizes) <= 21
    assert max(body_sizes) > 16  # short cards grow
    card = printed / "cards" / "r-1-one-voice.pdf"
    page = words(card)[0]
    tallest = max(w.y1 - w.y0 for w in page)
    title = [line for line in lines(page) if line[0].y1 - line[0].y0 > 0.8 * tallest]
    assert len(title) >= 2
    assert len(title[-1]) >= 2  # no title ends on a lone word
    widths = [line[-1].x1 - line[0].x0 for line in title]
    assert min(widths) >= 0.6 * max(widths), widths


@pytest.mark.parametrize("name", ["space-hacks.pdf", "handouts/prevention.pdf",
                                  "space-hacks-a4.pdf", "handouts-a4/prevention.pdf"])
def test_line_length_is_60_to_80_characters(printed, name):
    """The long hack's full lines of running text (not the side column)."""
    guide = printed / name
    start = _hack_page(guide, "long-hack")
    column = []
    for page in words(guide, start, start + 1):
        text_lines = [line for line in lines(page) if line[0].x0 > 1.5 * INCH]
        widest = max(line[-1].x1 - line[0].x0 for line in text_lines)
        column += [len(" ".join(w.text for w in line)) for line in text_lines
                   if line[-1].x1 - line[0].x0 > 0.9 * widest]
    assert 60 <= statistics.median(column) <= 80, statistics.median(column)


def test_large_print_sets_body_text_at_18_pt_or_more(printed):
    import structure_tree

    reader = PdfReader(printed / "space-hacks-large-print.pdf")
    page = _hack_page(printed / "space-hacks-large-print.pdf", "walk-the-space")
    sizes = font_sizes(reader.pages[page - 1])
    assert statistics.median(sizes) >= 18
    assert min(s for s in sizes) >= 12
    counts = structure_tree.counts(structure_tree.read(printed / "space-hacks-large-print.pdf"))
    counts.pop("root children")
    assert all(value == 0 for value in counts.values()), counts


PRINTED_PDFS = ["space-hacks{}.pdf", "space-hacks{}-booklet.pdf", "space-hacks{}-large-print.pdf",
                "handouts{}/prevention.pdf", "handouts{}/response.pdf",
                "booklets{}/response-words.pdf"]


@pytest.mark.parametrize("name", PRINTED_PDFS)
@pytest.mark.parametrize("paper", ["", "-a4"])
def test_no_navigation_page_is_stranded_or_near_empty(printed, name, paper):
    """No heading without its first entry; no contents, opener or index page under a
    quarter full except at its part's end (`make paper` checks the real guide's editions
    the same way)."""
    pages = page_fills(printed / name.format(paper))
    assert [page for page in pages if page.body]
    assert stranded(pages) == []


def _page(head: str, rows: list[str], fill: float, size: float = 10.0) -> Filled:
    body = tuple(tuple(Word(text, 72.0 * n, 100.0 + 20 * r, 72.0 * n + 30, 100 + 20 * r + size)
                       for n, text in enumerate(row.split())) for r, row in enumerate(rows))
    return Filled(head, "", fill, body, size)


def test_the_navigation_rule_finds_stranded_pages():
    """The rule the test above applies, on pages as the real guide had them: the
    contents' last four lines on a page of their own, a part's list running three
    entries onto the page of its first hack, a section's label alone at a page's foot."""
    contents = _page("", ["R-38 Act on news 99", "Long-term strategies 100"] * 20, 0.9)
    tail = _page("", ["Quotes 123", "Glossary 127", "Resources 136", "Index 143"], 0.15)
    featured = _page("", ["Featured"] + ["P-1 Walk the space 18", "Once a month."] * 9, 0.9,
                     size=10.0)
    featured = Filled("", "", 0.9, ((Word("Featured", 72, 60, 200, 86),),) + featured.body[1:],
                      10.0)
    opener = _page("LONG-TERM", ["L-15 Review policies 116", "L-16 Notice 117"], 0.16)
    hack = Filled("LONG-TERM", "L-1 Check in", 1.0, ((Word("L-1", 72, 60, 100, 78),),
                                                     (Word("Text", 72, 90, 100, 100),)), 10.0)
    assert stranded([contents, tail, featured]) == [
        "page 2 is 15% full: 'Quotes 123' to 'Index 143'"]
    assert stranded([opener, hack]) == [
        "page 1 is 16% full: 'L-15 Review policies 116' to 'L-16 Notice 117'"]
    part_end = Filled("RESOURCES", "", 0.9, ((Word("Resources", 72, 60, 300, 90),),
                                            (Word("Text", 72, 100, 100, 110),)), 10.0)
    assert stranded([opener, part_end]) == []  # the last page of its part
    label = _page("PREVENTION", ["P-24 Welcome young people 41", "STAFFING AND TEAMWORK"], 0.9)
    assert stranded([label]) == ["page 1 ends on a heading: 'STAFFING AND TEAMWORK'"]


def test_a_hack_in_a_handout_has_the_room_it_has_in_the_guide(printed):
    """A printed hack's band is no taller than the guide's: a hack that just fills its
    page in the guide (the build checks its budget there) still fits in its handout."""
    guide, handout = printed / "space-hacks.pdf", printed / "handouts" / "prevention.pdf"
    for slug in ("daily-huddle", "long-hack"):
        starts = []
        for path in (guide, handout):
            page = _hack_page(path, slug)
            starts.append(min(w.y0 for w in words(path, page, page)[0]
                              if w.text == "Why"))
        assert starts[1] <= starts[0] + 0.3, (slug, starts)


@pytest.mark.parametrize("text_height, too_long", [(8.6, False), (9.5, True)])
def test_a_card_whose_foot_is_pushed_onto_the_next_page_is_too_long(text_height, too_long):
    """The card's foot is kept whole: when the text leaves too little room for it, it
    moves to the next page, and the end mark after it says the card runs over."""
    import datetime
    import types

    from spacehacks import ids
    from spacehacks.editions.edition import PAGE, PRINT_CSS
    from spacehacks.pdf.spans import card_fit, card_over
    from spacehacks.pdf.typeset import Pages

    from conftest import REPO

    sheets = "".join(f'<link rel="stylesheet" href="{(REPO / "layout" / name).as_uri()}">'
                     for name in PRINT_CSS + ("cards.css",))
    html = (f"<html><head>{sheets}<style>@page {{ size: {PAGE}; }}</style></head><body>"
            f'<article class="card" id="{ids.card("x")}" style="font-size: 14pt">'
            f'<div style="height: {text_height}in">Steps</div>'
            '<div class="card-foot"><p>Full hack: P-1, guide page 18</p>'
            "<p>Test Guide · Test edition · January 15, 2026 · CC BY-NC-SA 4.0</p></div>"
            f'<span class="card-end" id="{ids.card_end("x")}"></span></article></body></html>')
    laid = Pages(html, base_dir=REPO, fetcher=None, day=datetime.date(2026, 1, 15))
    positions = laid.positions()
    assert laid.page_count == (2 if too_long else 1)
    assert (card_over(positions, "x") > 0) == too_long
    hack = types.SimpleNamespace(slug="x", number="P-1", path=REPO / "x.md",
                                 line_of=lambda key: 3)
    fitting, problems = card_fit(types.SimpleNamespace(hacks=[hack]), positions, {"x": 60}, {})
    assert bool(problems) == too_long and ("x" in fitting) != too_long
