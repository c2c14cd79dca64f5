"""The Markdown rules (spacehacks/markup/rules.py) on small texts, without a build:
raw HTML, nesting, headings and their lines, links and pictures, one-line settings."""

from __future__ import annotations

import struct
import zlib
from io import BytesIO
from pathlib import Path

import pytest
from PIL import Image, ImageFile

from spacehacks import ids
from spacehacks.errors import ProblemList
from spacehacks.markup.convert import check_line, convert
from spacehacks.markup.rules import NESTED, picture_problem
from test_untrusted import corrupt_png

# The limits as editors are told them (EDITING.md, README.md, the messages themselves).
MAX_NESTING = 20  # "past 20 levels the build stops"
SHOWN_REPEATS = 10  # "(the first 10 are shown)"
MAX_PICTURE_SIDE = 6000  # "6000 pixels on a side"
MAX_PICTURE_PATH = 1000  # characters of a picture's path as written


@pytest.fixture
def content(tmp_path):
    folder = tmp_path / "content"
    (folder / "part").mkdir(parents=True)
    return folder


def body(content, text, first_line=5):
    """The converted text, and its problems as (line, message)."""
    problems = ProblemList()
    converted = convert(text, path=content / "part/hack.md", first_line=first_line,
                        content=content, problems=problems)
    return converted, [(problem.line, problem.message) for problem in problems.items]


def field(text, name="summary", line=3):
    problems = ProblemList()
    html = check_line(text, field=name, path=Path("content/part/hack.md"), line=line,
                      problems=problems)
    return html, [(problem.line, problem.message) for problem in problems.items]


def png(width, height, kind="PNG"):
    buffer = BytesIO()
    Image.new("RGB", (width, height), (200, 80, 40)).save(buffer, kind)
    return buffer.getvalue()


# ---- raw HTML ---------------------------------------------------------------------------

def test_each_raw_html_tag_is_reported_at_its_own_line(content):
    text = "\n\n".join(f"Para {n} <b>bold</b> here." for n in range(3))
    _, problems = body(content, text, first_line=5)
    assert [line for line, _ in problems] == [5, 5, 7, 7, 9, 9]
    assert all("raw HTML ('<b>')" in message or "raw HTML ('</b>')" in message
               for _, message in problems)


def test_raw_html_beyond_the_first_few_is_counted_not_listed(content):
    shown = "\n".join(f"line <i/> {n}" for n in range(SHOWN_REPEATS))
    _, problems = body(content, shown, first_line=1)
    assert [line for line, _ in problems] == list(range(1, SHOWN_REPEATS + 1))
    _, problems = body(content, shown + "\nline <i/> more\nline <i/> again", first_line=1)
    assert len(problems) == SHOWN_REPEATS + 1
    assert problems[-1] == (1, f"and 2 more raw HTML tags in this text, like those above "
                               f"(the first {SHOWN_REPEATS} are shown).")


def test_raw_html_is_found_at_its_line_not_where_the_same_tag_is_code(content):
    _, problems = body(content, "Write `<b>` for bold.\n\nNot <b>this</b>.", first_line=5)
    assert [line for line, _ in problems] == [7, 7]


def test_an_html_block_is_reported_too(content):
    _, problems = body(content, "Text.\n\n<div>\nhidden\n</div>\n", first_line=1)
    assert problems and problems[0][0] == 3 and "raw HTML ('<div>')" in problems[0][1]


def test_html_in_a_code_span_is_allowed(content):
    converted, problems = body(content, "Type `<span>` to see it.")
    assert problems == []
    assert "&lt;span&gt;" in converted.html


# ---- nesting ----------------------------------------------------------------------------

@pytest.mark.parametrize("depth, refused", [(MAX_NESTING - 1, False), (MAX_NESTING, True)])
def test_quotes_inside_quotes_stop_at_the_limit(content, depth, refused):
    # The text itself is the first level: 19 quotes inside it are 20 levels.
    _, problems = body(content, "Intro.\n" + "> " * depth + "deep", first_line=5)
    assert problems == ([(6, NESTED)] if refused else [])


@pytest.mark.parametrize("depth, refused", [(10, False), (11, True)])
def test_lists_inside_lists_stop_at_the_limit_at_the_deepest_line(content, depth, refused):
    text = "Intro.\n\n" + "\n".join("    " * level + f"- level {level}"
                                   for level in range(depth))
    _, problems = body(content, text, first_line=5)
    assert problems == ([(17, NESTED)] if refused else [])


@pytest.mark.parametrize("stars, refused", [(38, False), (39, True)])
def test_emphasis_inside_emphasis_stops_at_the_limit(content, stars, refused):
    _, problems = body(content, "Intro.\n\n" + "*" * stars + "deep" + "*" * stars, 5)
    assert problems == ([(7, NESTED)] if refused else [])


def test_a_list_hundreds_of_levels_deep_is_a_message_not_a_recursion_error(content):
    text = "\n".join("    " * level + f"- level {level}" for level in range(300))
    _, problems = body(content, "Intro.\n\n" + text, first_line=1)
    assert problems == [(13, NESTED)]


@pytest.mark.parametrize("prefix, deepest", [("> ", 5 + 20), ("    ", 5 + 10)])
def test_nesting_is_found_at_its_line_not_where_its_words_first_stand(content, prefix,
                                                                      deepest):
    """Each line one level deeper, and the text of each a word that stands earlier too
    ('a', in a heading): the line named is in the nested text, not the heading."""
    marker = "- " if prefix == "    " else ""
    text = "## What a start\n\nA line.\n\n" + "\n".join(
        prefix * level + marker + "a" for level in range(40))
    _, problems = body(content, text, first_line=1)
    assert len(problems) == 1 and problems[0][1] == NESTED, problems
    assert 5 <= problems[0][0] <= deepest, problems


def test_many_lists_side_by_side_are_not_nesting(content):
    text = "\n\n".join(f"Para {n}.\n\n- item {n}\n    - inner {n}\n\n> quote {n}"
                       for n in range(40))
    converted, problems = body(content, text)
    assert problems == []
    assert converted.html.count("<blockquote>") == 40


def test_every_text_is_converted_with_the_linear_inline_step():
    """Python-Markdown's own inline step takes quadratic time on a long text from a
    stranger; the rules put the linear one (markup/inline.py) in its place."""
    import markdown

    from spacehacks.markup.inline import LinearInline
    from spacehacks.markup.rules import Rules, Source

    source = Source(Path("hack.md"), "Text.", 1, ProblemList())
    md = markdown.Markdown(extensions=["smarty", Rules(source)])
    assert isinstance(md.treeprocessors["inline"], LinearInline)


# ---- headings ---------------------------------------------------------------------------

def test_headings_are_found_with_their_level_and_line(content):
    text = ("Mark a heading with ##.\n\n## Try this\n\nText.\n\nSeen again\n----------\n\n"
            "### Try this\n\nDone.\n\nBig one\n=======\n")
    converted, _ = body(content, text, first_line=5)
    assert [tuple(heading) for heading in converted.headings] == [
        (2, "Try this", 7), (2, "Seen again", 11), (3, "Try this", 14), (1, "Big one", 18)]


# ---- bold that never ends, typed hack numbers --------------------------------------------

def test_bold_that_never_ends_is_reported_at_its_line(content):
    _, problems = body(content, "Fine.\n\nThe **start of it\nand more.", first_line=5)
    assert [line for line, _ in problems] == [7]
    assert problems[0][1].startswith("'**' starts bold text that never ends")


def test_bold_marks_after_emphasis_are_reported(content):
    _, problems = body(content, "Fine.\n\n*Some* text ** here.", first_line=1)
    assert [line for line, _ in problems] == [3]


def test_asterisks_in_code_are_not_bold(content):
    _, problems = body(content, "Type `a ** b` to see it.\n\n    x ** 2\n")
    assert problems == []


def test_hack_numbers_typed_by_hand_are_noted_with_their_line(content):
    converted, _ = body(content, "First.\n\nSee R-5 and *P-12* but not `R-7`.", first_line=5)
    assert converted.typed_numbers == [("R-5", 7), ("P-12", 7)]


# ---- links -----------------------------------------------------------------------------

def test_a_link_to_a_hack_is_kept_for_checking_and_points_at_its_anchor(content):
    converted, problems = body(content, "Intro.\n\nSee [huddles](#daily-huddles).", 5)
    assert problems == []
    assert converted.hack_links == [("daily-huddles", 7)]
    assert f'href="#{ids.hack("daily-huddles")}"' in converted.html
    assert 'class="xref"' in converted.html


@pytest.mark.parametrize("href", ["https://example.org", "http://a.org",
                                  "mailto:a@example.org", "tel:+15550100"])
def test_web_mail_and_phone_links_are_fine(content, href):
    converted, problems = body(content, f"Call [us]({href}).")
    assert problems == [] and converted.hack_links == []


@pytest.mark.parametrize("href", ["javascript:alert(1)", "file:///etc/passwd", "hack.md"])
def test_a_link_that_goes_nowhere_in_a_pdf_is_reported_at_its_line(content, href):
    _, problems = body(content, f"Intro.\n\nSee [this]({href}).", first_line=5)
    assert problems == [(7, f"the link '{href}' goes nowhere in a PDF. Link to a web "
                            "address (https://...) or to another hack by its file name "
                            "without .md: [text](#daily-huddles).")]


def test_a_title_holds_no_link(content):
    _, problems = field("See [the site](https://example.org)", name="title", line=2)
    assert len(problems) == 1 and problems[0][0] == 2
    assert problems[0][1].startswith("a title cannot hold a link")


def test_a_summary_may_link_to_the_web_but_not_to_a_hack(content):
    html, problems = field("See [the site](https://example.org)")
    assert problems == [] and 'href="https://example.org"' in html
    _, problems = field("See [huddles](#daily-huddles)")
    assert len(problems) == 1 and problems[0][0] == 3
    assert problems[0][1].startswith("the summary cannot link to another hack")


@pytest.mark.parametrize("text, refused", [
    ("Plain words.", False), ("- a list item", True), ("## A heading", True),
    ("> a quote", True), ("One.\n\nTwo.", True), ("", False)])
def test_a_one_line_setting_that_starts_like_a_block_is_reported(text, refused):
    _, problems = field(text)
    started = [message for _, message in problems if "is one line of text" in message]
    assert bool(started) == refused


def test_a_body_may_hold_lists_and_headings(content):
    _, problems = body(content, "## Steps\n\n- one\n- two\n")
    assert problems == []


def test_a_picture_cannot_stand_in_a_setting():
    _, problems = field("![a plan](plan.png)")
    assert [message for _, message in problems] == [
        "a picture cannot stand in the summary. Put it in the text below the settings."]


# ---- pictures ---------------------------------------------------------------------------

def test_a_good_picture_points_at_its_file(content):
    (content / "part/plan.png").write_bytes(png(20, 10))
    converted, problems = body(content, "Intro.\n\n![a plan](plan.png)", first_line=5)
    assert problems == []
    uri = (content / "part/plan.png").resolve().as_uri()
    assert f'src="{uri}"' in converted.html
    assert converted.images == {uri: content / "part/hack.md"}
    assert converted.pictures == [("plan.png", 7)]


def picture_problems(content, text, first_line=5):
    _, problems = body(content, text, first_line)
    return problems


def test_a_missing_picture_is_named_as_typed_at_its_line(content):
    assert picture_problems(content, "Intro.\n\nSee ![a plan]( images/plan.png ) here.\n") == [
        (7, "the image 'images/plan.png' does not exist. Check the file name and that the "
            "path is relative to this Markdown file.")]


def test_a_picture_on_the_last_line_is_named_as_typed(content):
    problems = picture_problems(content, "Intro.\n\n![a plan](gone.png)")
    assert problems[0][1].startswith("the image 'gone.png' does not exist")


def test_a_picture_without_description_is_named_as_typed(content):
    problems = picture_problems(content, "Intro.\n\nMore.\n\n![](gone.png)")
    assert [line for line, _ in problems] == [9, 9]
    assert problems[0][1].startswith("the image 'gone.png' has no description")
    assert problems[1][1].startswith("the image 'gone.png' does not exist")


def test_a_picture_whose_description_is_written_with_escapes_is_still_named(content):
    problems = picture_problems(content, "Intro.\n\n![a \\*plan\\*](gone.png)")
    assert problems == [(7, "the image 'gone.png' does not exist. Check the file name and "
                            "that the path is relative to this Markdown file.")]


def test_a_picture_with_a_description_needs_none(content):
    problems = picture_problems(content, "![a plan](gone.png)")
    assert len(problems) == 1 and "no description" not in problems[0][1]


def test_backslashes_in_a_picture_path_are_shown_as_slashes(content):
    problems = picture_problems(content, "![a plan](images\\_plan.png)\n", first_line=5)
    assert problems == [(5, "the picture path 'images\\_plan.png' has \\ between its folders "
                            "(as Windows shows paths); write / instead: "
                            "![a plan](images/_plan.png)")]


def test_the_fix_for_backslashes_holds_the_whole_path_at_the_longest_allowed(content):
    """A path of 1,000 characters, the longest a picture may have, is read whole as typed:
    the message's fix ends with its last letters."""
    typed = "images\\" + "p" * (1000 - len("images\\") - 4) + ".png"
    assert len(typed) == 1000
    problems = picture_problems(content, f"![a plan]({typed})\n")
    assert problems[0][1].endswith(f"![a plan]({typed.replace(chr(92), '/')})"), problems


@pytest.mark.parametrize("length, shown", [(80, None), (81, 77)])
def test_a_long_picture_path_is_shortened_in_the_message(content, length, shown):
    typed = "p" * (length - 4) + ".png"
    problems = picture_problems(content, f"![a plan]({typed})")
    expected = typed if shown is None else typed[:shown] + "..."
    assert problems[0][1].startswith(f"the image '{expected}' does not exist")


def test_a_picture_on_the_web_is_refused(content):
    problems = picture_problems(content, "![a plan](https://example.org/plan.png)")
    assert len(problems) == 1
    assert "is not a file in the project" in problems[0][1]


@pytest.mark.parametrize("name, refused", [
    ("a/" * (MAX_PICTURE_PATH // 2 - 4) + "a.png" + "a" * 3, False),
    ("a/" * (MAX_PICTURE_PATH // 2 - 4) + "a.png" + "a" * 4, True),
    ("p" * 251 + ".png", False), ("p" * 252 + ".png", True),
    ("é" * 125 + "p.png", False), ("é" * 126 + ".png", True),
    ("plan%00.png", True)])
def test_a_picture_path_too_long_for_a_file_name_is_refused(content, name, refused):
    problems = picture_problems(content, f"![a plan]({name})")
    if name.startswith("a/"):
        assert len(name) == MAX_PICTURE_PATH + refused
    said = problems[0][1]
    assert ("cannot be the name of a file" in said) == refused
    assert ("does not exist" in said) == (not refused)


def test_a_picture_outside_the_content_folder_is_refused(content):
    (content.parent / "plan.png").write_bytes(png(20, 10))
    problems = picture_problems(content, "![a plan](../../plan.png)")
    assert "points outside the content/ folder" in problems[0][1]


def test_a_link_to_a_picture_outside_is_refused(content):
    (content.parent / "plan.png").write_bytes(png(20, 10))
    (content / "part/plan.png").symlink_to(content.parent / "plan.png")
    problems = picture_problems(content, "![a plan](plan.png)")
    assert "is a link to a file outside the content/ folder" in problems[0][1]


def test_a_folder_is_not_a_picture(content):
    (content / "part/plan.png").mkdir()
    assert "does not exist" in picture_problems(content, "![a plan](plan.png)")[0][1]


# ---- a picture's file -----------------------------------------------------------------

def png_claiming(width, height):
    """A small PNG whose header claims another size: Pillow stops at the header."""
    data = png(4, 4)
    start = data.index(b"IHDR")
    header = b"IHDR" + struct.pack(">II", width, height) + data[start + 12:start + 17]
    return data[:start] + header + struct.pack(">I", zlib.crc32(header)) + data[start + 21:]


@pytest.mark.parametrize("data, problem", [
    (png(MAX_PICTURE_SIDE, 1), None),
    (png(1, MAX_PICTURE_SIDE + 1), f"is 1 × {MAX_PICTURE_SIDE + 1} pixels;"),
    (png_claiming(10_000, 10_000), "has far too many pixels;"),
    (corrupt_png(), "is not a picture the guide can print."),
    (png(20, 10, "BMP"), "is not a picture the guide can print."),
    (b"not a picture at all", "is not a picture the guide can print."),
    (png(20, 10, "GIF"), None), (png(20, 10, "JPEG"), None)])
def test_a_picture_file_is_decoded_and_its_size_checked(tmp_path, data, problem):
    path = tmp_path / "picture"
    path.write_bytes(data)
    said = picture_problem(path)
    assert (said is None) if problem is None else said.startswith(problem)


def test_the_check_leaves_pillows_leniency_as_it_found_it(tmp_path, monkeypatch):
    """WeasyPrint turns on the loading of broken pictures; the check turns it off while
    it decodes (so a broken picture is found), then back on."""
    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)
    path = tmp_path / "plan.png"
    path.write_bytes(png(10, 10))
    assert picture_problem(path) is None
    assert ImageFile.LOAD_TRUNCATED_IMAGES is True
