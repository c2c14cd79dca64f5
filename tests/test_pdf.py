"""The PDF itself, read back with pypdf: contents, outline, cross-references, metadata,
accessibility markers, fonts, paper size and reproducibility."""

from __future__ import annotations

import io
import re

import weasyprint
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from conftest import HACKS, REPO, anchor_pages, build, page_texts
from spacehacks import ids


def test_contents_page_numbers_are_where_each_hack_title_appears(built):
    _, _, reader = built
    texts = page_texts(reader)
    contents = next(text for text in texts if text.startswith("Contents"))
    for number, title, _ in HACKS:
        match = re.search(rf"{number} {re.escape(title)}[ .]*?(\d+)", contents)
        assert match, f"{number} {title} missing from the contents"
        page = int(match.group(1))
        hack_page = texts[page - 1]
        assert f"{number} {title}" in hack_page
        assert f"Marker for {title}" in hack_page or number == "P-3"
        # The title starts there: it is not already on the page before.
        assert f"Marker for {title}" not in texts[page - 2]


def test_contents_entries_are_links_to_their_hacks(built):
    _, _, reader = built
    pages = anchor_pages(reader)
    contents_page = reader.pages[pages["contents"] - 1]
    linked = set(_link_target_pages(contents_page, reader))
    for _, _, slug in HACKS:
        assert pages[f"hack-{slug}"] in linked, slug
    # Screen readers announce each link by its /Contents: words, not an id.
    said = {annotation.get_object().get("/Contents") for annotation in contents_page["/Annots"]}
    assert "P-1: Walk the space" in said and "Immediate response" in said
    assert not any(text.startswith("hack-") for text in said if text)


def _link_target_pages(page, reader):
    """The page numbers that the link annotations on `page` open."""
    for annotation in page.get("/Annots", []):
        annotation = annotation.get_object()
        dest = annotation.get("/Dest") or annotation.get("/A", {}).get("/D")
        if dest is None:
            continue
        if isinstance(dest, str):
            yield reader.get_destination_page_number(reader.named_destinations[dest]) + 1
        else:
            yield reader.get_page_number(dest[0].get_object()) + 1


def _outline_tree(reader, items=None):
    """The bookmarks as [(title, [children...]), ...]."""
    items = reader.outline if items is None else items
    tree = []
    for item in items:
        if isinstance(item, list):
            tree[-1] = (tree[-1][0], _outline_tree(reader, item))
        else:
            tree.append((item.title, []))
    return tree


def test_outline_lists_parts_with_their_sections_and_hacks_beneath(built):
    _, _, reader = built
    assert _outline_tree(reader) == [
        ("Contents", []), ("Featured hacks", []), ("Welcome", []),
        ("Prevention", [("P-1 Walk the space", []), ("P-2 Hold a daily huddle", []),
                        ("P-3 A hack that runs long", [])]),
        ("Immediate response", [("Words that help", [("R-1 One voice leads", [])])]),
        ("Quotes", []), ("Glossary", []), ("Index of hacks by tag", [])]
    # Each bookmark opens the page where its hack starts.
    pages = anchor_pages(reader)
    prevention = reader.outline[reader.outline.index(
        next(i for i in reader.outline if getattr(i, "title", "") == "Prevention")) + 1]
    for item in prevention:
        slug = next(s for n, t, s in HACKS if item.title == f"{n} {t}")
        assert reader.get_destination_page_number(item) + 1 == pages[f"hack-{slug}"]


def test_see_also_prints_number_and_real_page(built):
    _, _, reader = built
    texts = page_texts(reader)
    pages = anchor_pages(reader)
    huddle = texts[pages["hack-daily-huddle"] - 1]
    for number, slug in (("P-1", "walk-the-space"), ("R-1", "one-voice")):
        assert f"See {number}, page {pages[f'hack-{slug}']}" in huddle
    # R-1 comes after a hack of several pages, so its page number is not a guess.
    assert pages["hack-one-voice"] - pages["hack-long-hack"] >= 2


def test_featured_page_and_tag_index_have_page_numbers(built):
    _, _, reader = built
    texts = page_texts(reader)
    pages = anchor_pages(reader)
    featured = texts[pages["featured"] - 1]
    assert re.search(rf"P-1 Walk the space {pages['hack-walk-the-space']}\b", featured)
    assert re.search(rf"R-1 One voice leads {pages['hack-one-voice']}\b", featured)
    assert "Hold a daily huddle" not in featured
    index = texts[pages[ids.TAG_INDEX] - 1]
    assert re.search(r"Teamwork P-2 Hold a daily huddle[ .]*(\d+)", index).group(1) == \
        str(pages["hack-daily-huddle"])


def test_back_matter_holds_each_quote_once_and_the_glossary_in_order(built):
    _, _, reader = built
    texts = page_texts(reader)
    pages = anchor_pages(reader)
    quotes = texts[pages["part-quotes"] - 1]
    assert quotes.count("Darkness cannot drive out darkness") == 1
    assert "Martin Luther King Jr." in quotes
    assert "From the field" in quotes  # quotes without a name
    glossary = texts[pages["part-glossary"] - 1]
    assert glossary.index("De-escalation") < glossary.index("Participant")


def test_running_header_names_the_part_and_footer_counts_pages(built):
    _, _, reader = built
    texts = page_texts(reader)
    pages = anchor_pages(reader)
    total = len(texts)
    page = pages["hack-daily-huddle"]
    assert "PREVENTION P-2 Hold a daily huddle" in texts[page - 1]  # header: part, hack
    assert f"page {page} of {total}" in texts[page - 1]
    assert "Test edition" in texts[page - 1]


def test_metadata_and_language(built):
    _, _, reader = built
    meta = reader.metadata
    assert meta.title == "Test Guide"
    assert meta.author == "Balanced Imperfection"
    assert meta.subject == "A small guide for the tests"
    assert "harm reduction" in meta["/Keywords"]
    assert reader.trailer["/Root"]["/Lang"] == "en-US"


def test_pdf_ua_markers(built):
    _, _, reader = built
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert root["/MarkInfo"]["/Marked"] is True or root["/MarkInfo"]["/Marked"] == True  # noqa: E712
    assert root["/ViewerPreferences"]["/DisplayDocTitle"] == True  # noqa: E712
    xmp = root["/Metadata"].get_object().get_data()
    assert b"pdfuaid:part" in xmp and b"1" in xmp.split(b"pdfuaid:part")[1][:10]
    assert root["/PageMode"] == "/UseOutlines"  # the bookmarks panel opens


def _embedded_font_names(reader: PdfReader) -> set[str]:
    names = set()
    for page in reader.pages:
        fonts = page["/Resources"].get_object().get("/Font", {})
        for font in fonts.values():
            base = str(font.get_object()["/BaseFont"]).lstrip("/")
            names.add(base.split("+", 1)[-1])  # drop the subset tag ABCDEF+
    return names


def test_only_bundled_fonts_are_embedded(built):
    _, _, reader = built
    bundled = set()
    for path in (REPO / "fonts").rglob("*.woff"):
        with TTFont(path, lazy=True) as font:
            family = font["name"].getDebugName(1)
        bundled.add(family.replace(" ", "-"))
    embedded = _embedded_font_names(reader)
    assert embedded, "no fonts found"
    for name in embedded:
        assert any(name.startswith(family) for family in bundled), name


def test_two_builds_are_byte_identical(project, tmp_path):
    first = build(project, tmp_path / "one.pdf").read_bytes()
    second = build(project, tmp_path / "two.pdf").read_bytes()
    assert first == second


def test_a4_option_changes_the_paper(project, tmp_path):
    reader = PdfReader(build(project, tmp_path / "a4.pdf", paper="a4"))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    letter = PdfReader(build(project, tmp_path / "letter.pdf"))
    box = letter.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)


def test_saved_html_typesets_alone_with_weasyprint(built, tmp_path):
    root, _, reader = built
    html_path = root / "output" / "guide.html"
    alone = weasyprint.HTML(filename=str(html_path)).write_pdf(pdf_variant="pdf/ua-1")
    again = PdfReader(io.BytesIO(alone))
    assert len(again.pages) == len(reader.pages)
    assert page_texts(again) == page_texts(reader)


def test_handout_of_hacks_stands_alone(built, project, tmp_path):
    """A handout counts its own pages, links only inside itself and names the guide's
    page for the rest."""
    _, _, guide_reader = built
    guide_pages = anchor_pages(guide_reader)
    reader = PdfReader(build(project, tmp_path / "handout.pdf", handout=["P-2", "one-voice"]))
    texts = page_texts(reader)
    total = len(texts)
    assert total == 2  # the title block sits on the first hack's page
    for number, text in enumerate(texts, start=1):
        assert f"P-2, R-1 · page {number} of {total}" in text
    assert reader.page_labels == [str(n) for n in range(1, total + 1)]
    first = texts[0]
    assert "From Test Guide" in first and "Test edition" in first and "CC BY-NC-SA 4.0" in first
    assert reader.metadata.title == "Test Guide: P-2, R-1"
    # See-also: R-1 is in the handout (its page here), P-1 is not (its page in the guide).
    assert "See R-1, page 2: One voice leads" in first
    assert f"See P-1, guide page {guide_pages['hack-walk-the-space']}: Walk the space" in first
    pages = anchor_pages(reader)
    assert pages["hack-one-voice"] == 2
    linked = list(_link_target_pages(reader.pages[0], reader))
    assert linked == [2]  # only the link to R-1: tags and P-1 are plain text
    for page in reader.pages:
        for annotation in page.get("/Annots", []):
            annotation = annotation.get_object()
            dest = annotation.get("/Dest")
            assert dest is None or str(dest).lstrip("/") in pages, dest  # no dead links
    assert _outline_tree(reader) == [("P-2, R-1", [("P-2 Hold a daily huddle", []),
                                                   ("R-1 One voice leads", [])])]


def test_handout_of_a_part_holds_its_opener_and_hacks(project, tmp_path):
    reader = PdfReader(build(project, tmp_path / "part.pdf", handout=["response"]))
    texts = page_texts(reader)
    assert "Immediate response" in texts[0] and "When things heat up" in texts[0]
    assert "Marker for One voice leads" in " ".join(texts)
    assert "Quotes" not in " ".join(texts)
    assert reader.outline[0].title == "Immediate response"
    assert reader.metadata.title == "Test Guide: Immediate response"
    assert "/StructTreeRoot" in reader.trailer["/Root"]


def test_handout_names_its_file_and_refuses_unknown_names(project, capsys):
    from conftest import run_cli
    from spacehacks.commands import main

    code = main(["--project", str(project), "--handout", "R-1", "daily-huddle.md"])
    assert code == 0
    assert (project / "output" / "space-hacks-handout-r-1-daily-huddle.pdf").is_file()
    code, _, err = run_cli(project, capsys, "--handout", "R-9")
    assert code == 2
    assert "there is no part or hack called 'R-9'" in err


def test_a_handout_selection_is_also_a_booklet_to_fold(project, capsys):
    """`--handout ... --edition booklet`: the same hacks as a small booklet, imposed two
    pages a side, with a cover naming them and only them; with --edition handouts too,
    both files; with cards or large print, a message saying what goes with --handout."""
    from spacehacks.commands import main

    output = project / "output"
    assert main(["--project", str(project), "--handout", "R-1", "daily-huddle.md",
                 "--edition", "handouts", "--edition", "booklet"]) == 0
    assert (output / "space-hacks-handout-r-1-daily-huddle.pdf").is_file()
    reader = PdfReader(output / "space-hacks-booklet-r-1-daily-huddle.pdf")
    first = reader.pages[0]
    assert first.mediabox.width > first.mediabox.height  # sheets, two pages a side
    text = " ".join(page_texts(reader))
    assert "selected hacks" in text.lower() and "P-2, R-1" in text
    assert "Hold a daily huddle" in text and "One voice leads" in text
    # P-1 was not asked for: the booklet sends its reader to the guide for it
    assert re.search(r"guide page \d+: Walk the space", text)
    assert reader.metadata.title == "Test Guide: P-2, R-1 (booklet)"
    capsys.readouterr()
    assert main(["--project", str(project), "--handout", "R-1", "--edition", "booklet"]) == 0
    assert re.search(r"space-hacks-booklet-r-1.pdf \(\d+ pages, 1 hack\)", capsys.readouterr().out)
    assert main(["--project", str(project), "--handout", "R-1", "--edition", "cards"]) == 2
    assert "output/cards/" in capsys.readouterr().err
    assert main(["--project", str(project), "--handout", "glossary", "--edition",
                 "booklet"]) == 2
    assert "Glossary has none" in capsys.readouterr().err


def test_a_booklet_of_chosen_hacks_past_twelve_sheets_is_made_with_a_warning():
    from spacehacks.editions.edition import PAPERS, booklet, small_booklet
    from spacehacks.pdf.edition import _too_thick

    papers = (PAPERS["letter"],)
    chosen = small_booklet(papers, "T", hacks=("a",), label="Prevention",
                           file_pattern="b{paper}.pdf")
    assert _too_thick(chosen, 48) == []  # twelve sheets, four pages each
    [warning] = _too_thick(chosen, 49)
    assert "'Prevention' comes to 13 sheets" in warning and "handout" in warning
    assert _too_thick(booklet(papers, "T"), 260) == []  # the print shop's file


def test_a_section_grown_past_twelve_sheets_is_told_how_to_split():
    from spacehacks.editions.edition import PAPERS, small_booklet
    from spacehacks.pdf.edition import _too_thick

    section = small_booklet((PAPERS["a4"],), "T", hacks=("a",), label="Prevention: Space",
                            file_pattern="b{paper}.pdf", section=("prevention", "space"))
    [warning] = _too_thick(section, 60)
    assert "15 sheets" in warning and "split it" in warning and "handout" not in warning


def test_a_long_handout_name_leaves_its_page_numbers_whole(project, capsys):
    """The foot keeps a fixed share of the line and ends a text too long for it with an
    ellipsis: a handout named by many parts and hacks prints a short name there, so that
    'page 1 of N' is never the part cut off."""
    from spacehacks.commands import main

    assert main(["--project", str(project), "--handout", "prevention", "response"]) == 0
    reader = PdfReader(project / "output" / "space-hacks-handout-prevention-response.pdf")
    pages = len(reader.pages)
    for number, text in enumerate(page_texts(reader), start=1):
        assert f"Handout · page {number} of {pages}" in text, text
    assert "Prevention, Immediate response" in page_texts(reader)[0]  # its title, whole
