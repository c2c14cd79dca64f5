"""Reading one content file, on small YAML and Markdown texts and files in tmp_path,
without a build: the YAML limits and their messages (spacehacks/reading/yamlfile.py), and
the file limits, settings and list entries (spacehacks/reading/content_file.py)."""

from __future__ import annotations

import datetime
import os

import pytest

from spacehacks.reading.content_file import SourceFiles
from spacehacks.reading.model import GlossaryEntry, Hack, Quote
from spacehacks.reading.yamlfile import YAMLSyntaxError, parse

# The limits as editors are told them (EDITING.md, README.md).
MAX_DEPTH = 20  # "past 20 levels the build stops"
MAX_NUMBER = 30  # characters of a number
MAX_FILE_BYTES = 200_000  # "at most 200 KB"
MAX_LINES = 4_000  # "and 4,000 lines"


def refusal(text, first_line=1):
    with pytest.raises(YAMLSyntaxError) as raised:
        parse(text, first_line)
    return raised.value


# ---- YAML: lines ------------------------------------------------------------------------

def test_settings_and_list_items_know_their_lines():
    data = parse("title: A\nsteps:\n  - one\n  - two\n", first_line=3)
    assert data == {"title": "A", "steps": ["one", "two"]}
    assert (data.line, data.line_of("title"), data.line_of("steps")) == (3, 3, 4)
    assert data.line_of("missing") == 3
    steps = data["steps"]
    assert (steps.line, steps.line_of(0), steps.line_of(1)) == (5, 5, 6)
    assert steps.line_of(2) == 5  # past the last item: the list's line


def test_lines_of_a_text_that_starts_the_file():
    data = parse("- id: a\n  text: b\n- id: c\n", first_line=1)
    assert (data.line, data.line_of(1)) == (1, 3)
    assert (data[1].line, data[1].line_of("id")) == (3, 3)


def test_lines_of_settings_inside_a_list_further_down_the_file():
    data = parse("- id: a\n- id: b\n  text: c", first_line=3)
    assert (data.line, data.line_of(0), data.line_of(1)) == (3, 3, 4)
    assert (data[1].line, data[1].line_of("id"), data[1].line_of("text")) == (4, 4, 5)


def test_values_in_double_quotes_are_given_with_their_lines():
    decoded = []
    parse('a: "one"\nb: two\nc: \'three\'\nd: "fo\\tur"\n', first_line=4, decoded=decoded)
    assert decoded == [(4, "one"), (7, "fo\tur")]
    again = []  # the same text read again (remembered) gives them again
    parse('a: "one"\nb: two\nc: \'three\'\nd: "fo\\tur"\n', first_line=4, decoded=again)
    assert again == decoded


# ---- YAML: limits -----------------------------------------------------------------------

@pytest.mark.parametrize("depth, refused", [(MAX_DEPTH - 2, False), (MAX_DEPTH - 1, True)])
def test_lists_inside_lists_stop_at_the_limit(depth, refused):
    text = "keywords: " + "[" * depth + "x" + "]" * depth
    if refused:
        error = refusal("a: 1\n" + text, first_line=2)
        assert error.line == 3
        assert error.message.startswith("The settings are nested too deeply here (more "
                                        f"than {MAX_DEPTH} levels")
    else:
        assert parse(text)["keywords"]


def test_thousands_of_brackets_are_a_message_not_a_recursion_error():
    assert "nested too deeply" in refusal("k: " + "[" * 3000 + "]" * 3000).message


def test_many_settings_side_by_side_are_not_nesting():
    text = "\n".join(f"key{n}: [[a], [b]]" for n in range(3 * MAX_DEPTH))
    assert len(parse(text)) == 3 * MAX_DEPTH


@pytest.mark.parametrize("text", ["a: &x 1\nb: *x", "a: &x [1]", "b: *x"])
def test_anchors_and_aliases_are_refused(text):
    error = refusal(text)
    assert error.message.startswith("A value cannot start with * or &")


@pytest.mark.parametrize("decimal", [False, True], ids=["whole", "decimal"])
@pytest.mark.parametrize("digits, refused", [(MAX_NUMBER, False), (MAX_NUMBER + 1, True)])
def test_a_number_may_not_be_endless(digits, refused, decimal):
    number = "7." + "5" * (digits - 2) if decimal else "7" * digits
    text = "a: 1\nn: " + number
    if refused:
        error = refusal(text, first_line=2)
        assert (error.line, error.message) == (3, f"This number is {digits} characters "
                                               "long. Write a short number, or put the value "
                                               "in double quotes if it is text.")
    else:
        assert parse(text)["n"] == (float if decimal else int)(number)


def test_numbers_keep_their_kind():
    data = parse("whole: 12\ndecimal: 1.5\n")
    assert (data["whole"], type(data["whole"]), data["decimal"]) == (12, int, 1.5)


def test_a_setting_written_twice_is_named_at_its_second_line():
    error = refusal("title: A\nsummary: B\ntitle: C\n", first_line=2)
    assert (error.line, error.repeated) == (4, "title")
    assert error.message == "The setting 'title' is written twice; keep one."


def test_a_list_as_a_setting_name_is_refused():
    error = refusal("a: 1\n? [a]\n: 1", first_line=2)
    assert error.line == 3
    assert error.message.startswith("A setting's name must be a word, not a list")


def test_dates_are_read_and_impossible_ones_refused():
    assert parse("date: 2026-02-28")["date"] == datetime.date(2026, 2, 28)
    error = refusal("a: 1\ndate: 2026-02-30", first_line=1)
    assert (error.line, error.message) == (2, "'2026-02-30' is not a real date; write a date "
                                              "as 2026-11-25.")


@pytest.mark.parametrize("text", ['a: "x\\u202Ey"', "a: x\u202ey", 'a: "x\\0y"'])
def test_hidden_characters_are_refused_even_as_escapes(text):
    assert "Delete it" in refusal("b: 1\n" + text).message
    assert refusal("b: 1\n" + text).line == 2


# ---- YAML: curly quotes -------------------------------------------------------------------

@pytest.mark.parametrize("written, read", [
    ("“Check the door”", "Check the door"),
    ("‘Check the door’", "Check the door"),
    ("‘It’s fine’", "It’s fine"),
    ("“Not now” works better than “No”", "“Not now” works better than “No”"),
    ("“Say ”now”", "“Say ”now”"),
    ("“Say now””", "“Say now””"),
    ("‘a’ and ‘b’", "‘a’ and ‘b’"),
    ("He said “hi”", "He said “hi”"),
    ('"“Kept” as typed"', "“Kept” as typed"),
    ("'“Kept”'", "“Kept”"),
    ("plain words", "plain words"),
    ('""', ""),
])
def test_curly_quotes_around_a_whole_value_read_as_straight_ones(written, read):
    assert parse(f"a: {written}")["a"] == read


@pytest.mark.parametrize("written, message", [
    ("“Unclosed words", "This value opens a curly quote “ that is never closed. Delete it, "
                        "or end the quotation with ”."),
    ("‘Unclosed words", "This value opens a curly quote ‘ that is never closed. Delete it, "
                        "or end the quotation with ’."),
    ("Words closed”", "This value ends with a curly quote ” that is never opened. Delete "
                      "it, or put a “ where the quotation starts."),
])
def test_an_unmatched_curly_quote_is_reported(written, message):
    error = refusal(f"b: 1\na: {written}", first_line=3)
    assert (error.line, error.message) == (4, message)


# ---- YAML: PyYAML's errors in plain words ---------------------------------------------

@pytest.mark.parametrize("text, line, start", [
    ("- one\n- two\nthree: x", 5, "This line does not fit the lines above it"),
    ("a: [x, y\nb: 2", 3, "A list in square brackets is not closed"),
    ("a: “Note: this”", 3, "This value starts with a curly quote “ (as a word processor "
                           "types it) and holds a colon, so it cannot be read: use straight "
                           "double quotes instead. Write: a: \"Note: this\""),
    ('a: “Say "x": y”', 3, "This value starts with a curly quote “ (as a word processor types "
                           "it) and holds a colon, so it cannot be read: use straight double "
                           "quotes instead. Put a straight \" at both ends."),
    ("a: “Not: “now” x", 3, "This value starts with a curly quote “ (as a word processor "
                            "types it) and holds a colon, so it cannot be read: use straight "
                            "double quotes instead. Put a straight \" at both ends."),
    ("a: b: c", 3, "This colon cannot be read: if the value holds a colon"),
    ('a: "hello”', 3, "This value opens with a straight quote \" but ends with a curly one ” "
                      "(as a word processor types it), so it is never closed: type a "
                      "straight \" at the end instead."),
    ("a: 'hello’", 3, "This value opens with a straight quote ' but ends with a curly one ’"),
    ('x: 1\na: "hello', 4, 'A quote mark " is opened here but never closed: add " at the end '
                           "of the value. (A closing quote pasted from a word processor may "
                           "be a curly ”: type a straight \"."),
    ("a:\n\tb: 1", 4, "There is a tab here: YAML needs spaces instead of tabs."),
    ("a: !foo 1", 3, "A value cannot start with !: put the whole value in double quotes."),
    ("a: `x", 3, "A value cannot start with this character"),
    ("a: x\nb: y\x07z", 4, "there is an invisible control character here (U+0007), which "
                           "YAML does not allow."),
    ("\na: y\x07z", 4, "there is an invisible control character here (U+0007)"),
])
def test_pyyaml_errors_are_said_in_plain_words_at_their_line(text, line, start):
    error = refusal(text, first_line=3)
    assert error.line == line
    assert error.message.startswith(start)
    assert error.outside_list == start.startswith("This line does not fit")


def test_an_error_read_again_is_the_same_error():
    first, again = refusal("a: [x\n", 2), refusal("a: [x\n", 2)
    assert (first.line, first.message) == (again.line, again.message)


# ---- one content file ------------------------------------------------------------------

@pytest.fixture
def files(tmp_path):
    (tmp_path / "content/part").mkdir(parents=True)
    return SourceFiles(tmp_path)


def said(files):
    return [(problem.path.name, problem.line, problem.message) for problem in
            files.problems.items]


@pytest.mark.parametrize("size, refused", [(MAX_FILE_BYTES, False), (MAX_FILE_BYTES + 1, True)])
def test_a_file_past_the_size_limit_is_not_read(files, size, refused):
    path = files.content / "part/big.md"
    path.write_text("x" * size)
    assert (files.read_text(path) is None) == refused
    assert said(files) == ([("big.md", None, f"this file is {size / 1000:.0f} KB; a content "
                             f"file may be at most {MAX_FILE_BYTES / 1000:.0f} KB. Split it, "
                             "or check that it is the file you meant.")] if refused else [])


@pytest.mark.parametrize("lines, refused", [(MAX_LINES, False), (MAX_LINES + 1, True)])
def test_a_file_past_the_line_limit_is_not_read(files, lines, refused):
    path = files.content / "part/long.md"
    path.write_text("\n".join(["line"] * lines))
    text = files.read_text(path)
    assert (text is None) == refused
    assert (path in files.sources) == (not refused)
    assert said(files) == ([("long.md", MAX_LINES + 1, f"this file has {lines:,} lines; a "
                             f"content file may have at most {MAX_LINES:,}. Split it, or "
                             "check that it is the file you meant.")] if refused else [])


def test_a_file_is_read_without_its_byte_order_mark(files):
    path = files.content / "part/hack.md"
    path.write_bytes("\ufeffHello\n".encode())
    assert files.read_text(path) == "Hello\n"
    assert files.sources[path] == "Hello\n"


def test_a_file_not_in_utf8_is_reported_at_its_line(files):
    path = files.content / "part/hack.md"
    path.write_bytes(b"one\ntwo\nthr\xe9e\n")
    assert files.read_text(path) is None
    assert said(files)[0][1] == 3
    assert "not saved as UTF-8" in said(files)[0][2]


@pytest.mark.parametrize("make, words", [
    (lambda path: None, "this file is missing"),
    (lambda path: path.mkdir(), "this is a folder"),
    (lambda path: os.symlink(path.name, path), "a link that leads back to itself"),
    (lambda path: os.symlink("x" * 300, path), "this file cannot be read (File name too long)"),
])
def test_a_file_that_cannot_be_read_says_why(files, make, words):
    path = files.content / "part/hack.md"
    make(path)
    assert files.read_text(path) is None
    assert len(said(files)) == 1 and words in said(files)[0][2]


def test_a_link_out_of_content_is_noted_once(files, tmp_path):
    (tmp_path / "secret.md").write_text("secret")
    link = files.content / "part/hack.md"
    link.symlink_to(tmp_path / "secret.md")
    assert files.read_text(link) is None
    assert files.read_text(link) is None
    assert [(name, line) for name, line, _ in said(files)] == [("hack.md", None)]
    assert "outside the content/ folder" in said(files)[0][2]
    assert files.sources == {}


def test_a_link_inside_content_is_read(files):
    (files.content / "part/real.md").write_text("Hello")
    (files.content / "part/hack.md").symlink_to("real.md")
    assert files.read_text(files.content / "part/hack.md") == "Hello"
    assert said(files) == []


def test_a_content_folder_that_leads_elsewhere_is_noted(tmp_path):
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "project").mkdir()
    (tmp_path / "project/content").symlink_to(tmp_path / "elsewhere")
    files = SourceFiles(tmp_path / "project")
    assert files.content_is_inside() is False
    assert "this folder is a link to a folder outside the project" in said(files)[0][2]
    (tmp_path / "mine/content").mkdir(parents=True)
    mine = SourceFiles(tmp_path / "mine")
    assert mine.content_is_inside() is True and said(mine) == []


# ---- settings between --- lines ---------------------------------------------------------

def test_the_settings_and_the_body_are_split_at_the_second_dashes(files):
    path = files.content / "part/hack.md"
    data, body, body_line = files.split_front_matter(path, "---\ntitle: A\nb: 2\n---\nText\n")
    assert (data, body, body_line) == ({"title": "A", "b": 2}, "Text\n", 5)
    assert data.line_of("b") == 3
    assert said(files) == []


@pytest.mark.parametrize("text, line, start", [
    ("title: A\n---\nText", 1, "the file must start with a line '---'"),
    ("", 1, "the file must start with a line '---'"),
    ("---\ntitle: A\nText", 1, "the settings at the top are never closed"),
    ("---\n---\nText", 1, "this is empty, but it should hold 'name: value' settings"),
    ("---\n- a\n---\nText", 1, "this should hold 'name: value' settings"),
    ("---\ntitle: A\ntitle: B\n---\n", 3, "The setting 'title' is written twice"),
])
def test_settings_that_cannot_be_split_say_why(files, text, line, start):
    assert files.split_front_matter(files.content / "part/hack.md", text) is None
    [(_, at, message)] = said(files)
    assert message.startswith(start)
    if not start.startswith("this"):
        assert at == line


# ---- list files: quotes.yaml, glossary.yaml ---------------------------------------------

def entries(files, text):
    path = files.content / "quotes.yaml"
    path.write_text(text)
    return list(files.read_yaml_list(path, Quote, "a quote"))


@pytest.mark.parametrize("text, line, message", [
    ("# quotes\n\nid: a\ntext: b\n- id: c\n", 3,
     "each quote starts with a line '- id: ...', with its other lines indented by two "
     "spaces under it. Add '- ' at the start of this line."),
    ("- id: a\n  text: b\nid: c\n  text: d\n", 3,
     "each quote starts with a line '- id: ...', with its other lines indented by two "
     "spaces under it. Add '- ' at the start of this line."),
    ("- id: a\n  text: b\n- id: c\n  id: e\n  text: d\n", 4,
     "each quote starts with a line '- id: ...', with its other lines indented by two "
     "spaces under it. Add '- ' at the start of this line."),
    ("- id: a\n  text: b\n- id: c\ntext: d\n", 4,
     "'text:' belongs to the quote above, so it is indented by two spaces, under 'id:'. "
     "Add two spaces at the start of this line."),
    ("- id: a\n  text: b\n- id: c\ntext: d", 4,  # the last line, with no line break
     "'text:' belongs to the quote above, so it is indented by two spaces, under 'id:'. "
     "Add two spaces at the start of this line."),
    ("- id: a\n  text: b\n- id: c\n# a note\ntext: d\n", 5,
     "'text:' belongs to the quote above, so it is indented by two spaces, under 'id:'. "
     "Add two spaces at the start of this line."),
    ("# quotes\n- id: c\ntext: d\n", 3,
     "'text:' belongs to the quote above, so it is indented by two spaces, under 'id:'. "
     "Add two spaces at the start of this line."),
    ("- id: a\n  text: b\n-id: c\n  text: d\n", 3,
     "each quote starts with '- ' (a dash, then a space): write '- id: c'."),
    ("- id: a\n  text: b\n* id: c\n  text: d\n", 3,
     "each quote starts with '- ' (a dash and a space), not '*': write '- id: c'."),
    ("- id: a\n  text: b\n- id: c\n  text: d\n   by: x\n", 5,
     "This colon cannot be read: if the value holds a colon, put the value in double "
     "quotes; if not, check that the line starts where the lines around it do."),
    ("- id: a\n  text: [b\n", 2,
     "A list in square brackets is not closed, or an item holds a comma: close it with ], "
     "and put such items in double quotes."),
])
def test_an_entry_written_almost_right_says_what_to_type(files, text, line, message):
    assert entries(files, text) == []
    assert said(files) == [("quotes.yaml", line, message)]


def test_an_entry_of_the_glossary_is_named_as_such(files):
    path = files.content / "glossary.yaml"
    path.write_text("- term: a\ndefinition: b\n")
    assert list(files.read_yaml_list(path, GlossaryEntry, "a glossary entry")) == []
    assert said(files) == [("glossary.yaml", 2, "'definition:' belongs to the glossary entry "
                            "above, so it is indented by two spaces, under 'term:'. Add two "
                            "spaces at the start of this line.")]


def test_each_entry_of_a_list_file_is_given_with_its_good_settings(files):
    found = entries(files, "- id: a\n  text: One.\n- just words\n- id: c\n  text: Two.\n")
    assert files.content / "quotes.yaml" in files.estimates
    assert [(entry.line, good["id"], good["text"]) for entry, good in found] == [
        (1, "a", "One."), (4, "c", "Two.")]
    assert said(files) == [("quotes.yaml", 3, "each entry needs 'id:' and 'text:' lines.")]


def test_a_missing_list_file_gives_no_entries(files):
    assert list(files.read_yaml_list(files.content / "quotes.yaml", Quote, "a quote")) == []
    assert "this file is missing" in said(files)[0][2]


# ---- a hack ----------------------------------------------------------------------------

HACK = """---
title: Walk the space
summary: Look at the room with fresh eyes.
tags: [space]
programs: [all]
---
Walk in as a newcomer. See [huddles](#daily-huddles).

![a plan](plan.png)
"""


def test_a_hack_is_read_with_its_settings_links_pictures_and_estimate(files):
    from PIL import Image

    Image.new("RGB", (20, 10)).save(files.content / "part/plan.png")
    path = files.content / "part/walk.md"
    path.write_text(HACK)
    page = files.read_markdown(path, Hack, "a hack", heading_base=1, id_prefix="")
    assert said(files) == []
    assert page.good["title"] == "Walk the space" and page.body_line == 7
    assert page.body.startswith("Walk in as a newcomer.")
    assert page.pictures == [("plan.png", 9)]
    assert files.hack_links == [(path, "daily-huddles", 7)]
    assert list(files.images.values()) == [path]
    assert path in files.estimates


def test_a_hack_notes_the_passages_it_places_and_the_counts_it_prints(files):
    files.passages["call-911"] = "<p>Call.</p>"
    path = files.content / "part/walk.md"
    path.write_text(HACK.replace("![a plan](plan.png)", "There are {{hacks: all}} hacks.\n\n"
                                 "{{shared: call-911}}"))
    page = files.read_markdown(path, Hack, "a hack", heading_base=1, id_prefix="")
    assert said(files) == []
    assert page.placed == [("call-911", 11)] and files.placed == {"call-911"}
    assert files.counts == [(path, "all", 9)]


def test_a_title_and_summary_are_checked_as_markdown_at_their_lines(files):
    path = files.content / "part/walk.md"
    path.write_text(HACK.replace("title: Walk the space",
                                 "title: Walk [the space](https://example.org)")
                        .replace("summary: Look", "summary: See [huddles](#daily-huddles). "
                                                  "Look").replace("![a plan](plan.png)", ""))
    files.read_markdown(path, Hack, "a hack", heading_base=1, id_prefix="")
    assert [(line, message[:30]) for _, line, message in said(files)] == [
        (2, "a title cannot hold a link: th"), (3, "the summary cannot link to ano")]
