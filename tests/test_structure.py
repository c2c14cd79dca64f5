"""The structure tree a screen reader walks (issue: accessibility), read back with
pikepdf by tests/structure_tree.py, on the sample guide and its other editions."""

from __future__ import annotations

import re

import pytest
from pypdf import PdfReader

import structure_tree
from conftest import SAMPLE, build


def _words(text: str) -> list[str]:
    """Words for comparing text: quotes, dashes and list markers do not count."""
    text = text.replace("\u2019", "'").replace("\u201c", '"').replace("\u201d", '"')
    words = re.findall(r"[A-Za-z0-9']+(?:-[A-Za-z0-9']+)*", text)
    return [word for word in words if not re.fullmatch(r"\d+", word)]


def _markdown_words(markdown_text: str) -> list[str]:
    plain = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", markdown_text)  # [text](target)
    plain = re.sub(r"^\s*(#+|\d+\.|[-*])\s+", "", plain, flags=re.M)
    return _words(plain.replace("**", "").replace("*", "").replace("--", " "))


@pytest.fixture(scope="module")
def tree(built):
    _, pdf_path, _ = built
    return structure_tree.read(pdf_path)


def test_no_defect_a_screen_reader_would_meet(tree):
    counts = structure_tree.counts(tree)
    assert counts.pop("root children") == 10
    assert all(value == 0 for value in counts.values()), counts


def test_one_element_per_part_and_per_front_and_back_matter(tree):
    document = tree.root.children[0]
    kids = [child for child in document.children if isinstance(child, structure_tree.Element)]
    assert [kid.tag for kid in kids] == ["/Sect"] * 10
    texts = [tree.text_of(kid) for kid in kids]
    assert texts[2].startswith("Contents") and texts[3].startswith("Featured hacks")
    prevention = kids[5]
    assert texts[5].startswith("Prevention")
    # The part holds its hacks, each one article, though they sit on several pages.
    articles = [e for e in tree.walk(prevention) if e.tag == "/Art"]
    assert len(articles) == 3
    pages = {page for page, _, _ in tree.reading_text(prevention)}
    assert len(pages) >= 5


def test_each_contents_entry_is_one_link_saying_title_and_page(tree, built):
    _, _, reader = built
    contents = tree.root.children[0].children[2]
    links = [e for e in tree.walk(contents) if e.tag == "/Link"]
    said = [tree.text_of(link) for link in links]
    assert any(re.fullmatch(r"P-1 Walk the space \d+", text) for text in said), said
    for link in links:
        annotations = [c for c in link.children if isinstance(c, tuple) and c[0] == "objr"]
        assert len(annotations) == 1
        assert not any(isinstance(c, structure_tree.Element) for c in link.children)


def test_running_heads_and_footers_are_artifacts(tree):
    """The footer is drawn on every page as page furniture, never read as content."""
    footers = [page for page, text in tree.artifact_text.items()
               if re.search(r"page \d+ of \d+", text)]
    assert len(footers) >= len(tree.page_numbers) - 1  # every page but the cover
    assert not any(re.search(r"page \d+ of \d+", text) for text in tree.text_runs.values())


def test_reading_order_follows_the_page_top_to_bottom(tree):
    """Save the featured badge: drawn at the top right of its hack's title, it is read
    after the title on purpose (tests/test_pdfua.py)."""
    for page in (2, 4, 6, 12):  # contents, featured, a hack, the quotes
        runs = [(mcid, tree.positions.get((p, mcid)))
                for p, mcid, text in tree.reading_text() if p == page and text.strip()
                and text.strip() != "FEATURED HACK"]
        positions = [position for _, position in runs if position]
        assert len(positions) > 5
        for (x1, y1), (x2, y2) in zip(positions, positions[1:]):
            assert y2 > y1 - 2 or (abs(y2 - y1) <= 2 and x2 >= x1), (page, (x1, y1), (x2, y2))


def test_reading_text_of_each_hack_is_its_markdown_word_for_word(tree):
    for name in ("content/prevention/walk-the-space.md", "content/prevention/daily-huddle.md",
                 "content/response/words/one-voice.md"):
        markdown_body = SAMPLE[name].split("---\n", 2)[2]
        expected = _markdown_words(markdown_body)
        title = re.search(r"^title: (.*)$", SAMPLE[name], re.M).group(1)
        article = next(e for e in tree.walk() if e.tag == "/Art" and re.match(
            rf"(FEATURED HACK )?[PR]-\d {re.escape(title)} ", tree.text_of(e)))
        read = " ".join(_words(tree.text_of(article)))
        assert " ".join(expected) in read, (name, expected, read)


def test_page_labels_count_like_the_printed_numbers(built):
    _, _, reader = built
    assert reader.page_labels == [str(n) for n in range(1, len(reader.pages) + 1)]


def test_a_line_never_ends_inside_a_hyphenated_word(project, tmp_path):
    path = project / "content/prevention/walk-the-space.md"
    words = " ".join(["medical-first"] * 60)
    path.write_text(path.read_text().replace("A short paragraph.", words))
    reader = PdfReader(build(project, tmp_path / "hyphens.pdf"))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "medicalfirst" not in text and text.count("medical-first") == 60


@pytest.mark.parametrize("edition", ["part handout", "all cards", "booklet", "large print",
                                     "section booklet"])
def test_other_editions_get_the_same_treatment(editions, edition):
    pdf = editions[edition]
    counts = structure_tree.counts(structure_tree.read(pdf))
    counts.pop("root children")
    assert all(value == 0 for value in counts.values()), counts
    reader = PdfReader(pdf)
    assert reader.trailer["/Root"]["/Lang"] == "en-US" and reader.outline


def test_a_picture_is_a_figure_with_its_description(project, tmp_path):
    from PIL import Image

    images = project / "content" / "prevention" / "images"
    images.mkdir()
    Image.new("RGB", (300, 150), (200, 80, 40)).save(images / "plan.png")
    path = project / "content/prevention/walk-the-space.md"
    path.write_text(path.read_text().replace(
        "A short paragraph.", "![A floor plan with two exits](images/plan.png)"))
    tree = structure_tree.read(build(project, tmp_path / "picture.pdf"))
    figures = [element for element in tree.elements if element.tag == "/Figure"]
    assert [str(figure.obj.get("/Alt")) for figure in figures] == ["A floor plan with two exits"]
    assert all(figure.children for figure in figures)  # the picture itself is in the tree
