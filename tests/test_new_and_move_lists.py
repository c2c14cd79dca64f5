"""`new` and `move` edit the `hacks:` lists: each hack lands exactly where it was asked
for, in the same list or another, at the start, the end or after another hack."""

from __future__ import annotations

import pytest

from conftest import SAMPLE, write_project

PREVENTION = ["walk-the-space", "daily-huddle", "long-hack"]


@pytest.fixture
def lists(tmp_path):
    return write_project(tmp_path / "project", SAMPLE)


def order(root, part="prevention"):
    from spacehacks.reading.reader import read_guide

    return [hack.slug for hack in read_guide(root).part(part).hacks]


def move(root, name, **where):
    from spacehacks.commands.edit import find_place, move_hack
    from spacehacks.reading.reader import read_guide

    guide = read_guide(root)
    place = find_place(guide, part=where.get("part"), section=where.get("section"),
                       after=where.get("after"), first=where.get("first", False))
    move_hack(guide, name, place)


def new(root, title, **where):
    from spacehacks.commands.edit import find_place, new_hack
    from spacehacks.reading.reader import read_guide

    guide = read_guide(root)
    place = find_place(guide, part=where.get("part"), section=where.get("section"),
                       after=where.get("after"), first=where.get("first", False))
    return new_hack(root, guide, title, place).stem


@pytest.mark.parametrize("name, where, expected", [
    ("walk-the-space", {"after": "daily-huddle"},
     ["daily-huddle", "walk-the-space", "long-hack"]),  # later in the same list
    ("walk-the-space", {"after": "long-hack"}, ["daily-huddle", "long-hack", "walk-the-space"]),
    ("long-hack", {"after": "walk-the-space"}, ["walk-the-space", "long-hack", "daily-huddle"]),
    ("long-hack", {"part": "prevention", "first": True},
     ["long-hack", "walk-the-space", "daily-huddle"]),
    ("walk-the-space", {"part": "prevention"}, ["daily-huddle", "long-hack", "walk-the-space"]),
    ("daily-huddle", {"after": "walk-the-space"}, PREVENTION),  # where it already is
])
def test_move_within_one_list(lists, name, where, expected):
    move(lists, name, **where)
    assert order(lists) == expected


def test_move_to_another_part_moves_the_file_and_both_lists(lists):
    move(lists, "daily-huddle", part="response", section="words", after="one-voice")
    assert order(lists) == ["walk-the-space", "long-hack"]
    assert order(lists, "response") == ["one-voice", "daily-huddle"]
    assert (lists / "content/response/words/daily-huddle.md").is_file()
    assert not (lists / "content/prevention/daily-huddle.md").exists()


@pytest.mark.parametrize("where, position", [
    ({"part": "prevention"}, 3),  # at the end
    ({"part": "prevention", "first": True}, 0),
    ({"after": "walk-the-space"}, 1),
    ({"after": "long-hack"}, 3),
])
def test_new_lists_the_hack_where_asked(lists, where, position):
    name = new(lists, "Check the back door", **where)
    assert name == "check-the-back-door"
    expected = PREVENTION[:position] + [name] + PREVENTION[position:]
    assert order(lists) == expected


def test_new_in_a_section_without_a_list_yet(lists):
    section = lists / "content/response/words/section.md"
    section.write_text(section.read_text().replace("hacks:\n  - one-voice\n", ""))
    assert order(lists, "response") == ["one-voice"]  # unlisted: printed at the end
    name = new(lists, "Say it twice", part="response", section="words", first=True)
    assert order(lists, "response") == [name, "one-voice"]


# ---- the commands, as an editor runs them (reading the guide, not typesetting it) ----

def run(root, capsys, command, *args):
    from spacehacks.commands import main

    code = main([command, "--project", str(root), *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def files(root):
    return {path: path.read_bytes() for path in (root / "content").rglob("*") if path.is_file()}


def test_the_new_command_says_the_number_the_hack_prints_as(lists, capsys):
    code, out, err = run(lists, capsys, "new", "Check the back door", "--part", "prevention",
                         "--first")
    assert (code, err) == (0, "")
    assert out.startswith("Created content/prevention/check-the-back-door.md from the "
                          "template")
    assert "It prints as P-1. The numbers after it moved up by one by themselves.\n" in out
    assert out.endswith("Check it with: make check\n")
    assert order(lists)[0] == "check-the-back-door"
    # While that hack still holds the template's text, the next `new` still works.
    code, out, _ = run(lists, capsys, "new", "Lock the door", "--after", "check-the-back-door")
    assert code == 0 and "It prints as P-2." in out


def test_the_move_command_says_the_old_and_new_number(lists, capsys):
    code, out, err = run(lists, capsys, "move", "long-hack", "--after", "walk-the-space")
    assert (code, err) == (0, "")
    assert out.startswith("P-3 is now P-2: A hack that runs long. The numbers of the hacks "
                          "in between moved by one")
    assert out.endswith("Check it with: make check\n")
    assert order(lists) == ["walk-the-space", "long-hack", "daily-huddle"]


def test_move_to_the_end_of_another_part_with_part_alone(lists, capsys):
    code, out, _ = run(lists, capsys, "move", "P-1", "--part", "prevention")
    assert code == 0 and "P-1 is now P-3: Walk the space." in out
    assert order(lists) == ["daily-huddle", "long-hack", "walk-the-space"]


def test_move_within_its_own_part_with_section_alone(lists, capsys):
    assert run(lists, capsys, "new", "Say it twice", "--part", "response", "--section",
               "words")[0] == 0
    code, out, _ = run(lists, capsys, "move", "say-it-twice", "--section", "words", "--first")
    assert code == 0 and "R-2 is now R-1: Say it twice." in out
    assert order(lists, "response") == ["say-it-twice", "one-voice"]


def test_move_needs_to_be_told_where(lists, capsys):
    with pytest.raises(SystemExit) as stopped:
        run(lists, capsys, "move", "long-hack")
    assert stopped.value.code == 2
    assert "say where to: --after HACK, or --part" in capsys.readouterr().err
    assert order(lists) == PREVENTION


@pytest.mark.parametrize("command", [
    ["new", "Check the back door", "--part", "prevention"],
    ["move", "long-hack", "--first", "--part", "prevention"]])
def test_nothing_is_edited_in_a_guide_that_does_not_read(lists, capsys, command):
    part = lists / "content/prevention/part.md"
    part.write_text(part.read_text().replace("kind: hacks\n", "kind: hacks\nkind: text\n"))
    before = files(lists)
    code, out, err = run(lists, capsys, *command)
    assert code == 1 and "content/prevention/part.md" in err and "Fix these first" in err
    assert files(lists) == before


def test_a_title_becomes_a_file_name_of_at_most_60_characters():
    from spacehacks.commands.edit import name_from_title

    assert name_from_title("Walk the space!") == "walk-the-space"
    long = "Ask " + "everyone " * 6 + "what they need before doors open"
    assert len(long) > 60 and name_from_title(long) == (
        "ask-everyone-everyone-everyone-everyone-everyone-everyone-wh")
    # cut on a space: the name does not end in a dash
    assert name_from_title("Ask " + "everyone " * 6 + "to wait") == (
        "ask-everyone-everyone-everyone-everyone-everyone-everyone-to")
    assert name_from_title("x" * 59 + " tail") == "x" * 59


def test_a_title_without_letters_or_digits_is_refused(lists):
    from spacehacks.commands.edit import name_from_title
    from spacehacks.errors import UsageError

    with pytest.raises(UsageError, match="needs some letters or digits"):
        name_from_title("?!")


@pytest.mark.parametrize("title", [
    "Open the back door: slowly", 'Say "no": then stop', "[Draft] check in",
    "Ask who is #1", "'Yes' is a full answer", r"Back\slash: kept"])
def test_a_title_yaml_would_misread_is_written_as_it_was_given(lists, title):
    from spacehacks.reading.reader import read_guide

    name = new(lists, title, part="prevention")
    assert read_guide(lists).hack(name).title == title


def test_only_the_templates_title_line_is_filled_in(lists):
    template = lists / "layout/hack-template.md"
    template.write_text(template.read_text() + "\ntitle: a line of the body that stays\n")
    name = new(lists, "Check the back door", part="prevention")
    text = (lists / f"content/prevention/{name}.md").read_text()
    assert text.startswith("---\ntitle: Check the back door\n")
    assert text.endswith("\ntitle: a line of the body that stays\n")


@pytest.mark.parametrize("title, message", [
    ("Hold a Daily Huddle.", "P-2 (content/prevention/daily-huddle.md) already has the title"),
    ("Walk: the space", "the new hack's file would be walk-the-space.md"),
])
def test_new_refuses_a_title_or_file_name_taken(lists, title, message):
    from spacehacks.errors import UsageError

    before = files(lists)
    with pytest.raises(UsageError, match=message.replace("(", r"\(").replace(")", r"\)")):
        new(lists, title, after="walk-the-space")
    assert files(lists) == before


def test_new_refuses_the_name_of_a_hack_left_out(lists):
    from spacehacks.errors import UsageError

    left_out = lists / "content/response/words/_check-the-back-door.md"
    left_out.write_text(SAMPLE["content/prevention/daily-huddle.md"])
    before = files(lists)
    with pytest.raises(UsageError, match=r"content/response/words/_check-the-back-door.md "
                                         r"already exists \(left out of the guide"):
        new(lists, "Check the back door", part="prevention")
    assert files(lists) == before


def test_after_a_hack_in_another_section_is_refused(lists):
    from spacehacks.errors import UsageError

    with pytest.raises(UsageError, match="'one-voice' is in the section 'words', not 'other'"):
        move(lists, "long-hack", part="response", section="other", after="one-voice")
    move(lists, "long-hack", part="response", section="words", after="one-voice")
    assert order(lists, "response") == ["one-voice", "long-hack"]


@pytest.mark.parametrize("where, message", [
    ({"part": "response"}, "the part 'response' has sections: say which one with --section "
                           r"\(words\)"),
    ({"part": "responce"}, "name the part with --part: one of prevention, response. "
                           "Did you mean 'response'"),
    ({}, "name the part with --part: one of prevention, response.$"),
    ({"part": "quotes"}, "name the part with --part: one of prevention, response"),
    ({"part": "response", "section": "wordz"}, "the part 'response' has no section 'wordz'. "
                                               "Did you mean 'words'"),
    ({"after": "walk-the-spice"}, "there is no hack called 'walk-the-spice'. Did you mean "
                                  "'walk-the-space'"),
])
def test_a_place_that_is_not_there_is_explained(lists, where, message):
    from spacehacks.errors import UsageError

    with pytest.raises(UsageError, match=message):
        new(lists, "Check the back door", **where)


@pytest.mark.parametrize("name", ["long-hack", "P-3", "p-3", " long-hack.md ",
                                  "content/prevention/long-hack.md"])
def test_a_hack_is_found_by_its_name_number_or_path(lists, name):
    move(lists, name, part="prevention", first=True)
    assert order(lists) == ["long-hack", "walk-the-space", "daily-huddle"]


def test_a_move_onto_a_file_already_there_is_refused_before_any_edit(lists):
    """The file appeared after the guide was read (an editor saved one meanwhile)."""
    from spacehacks.commands.edit import find_place, move_hack
    from spacehacks.errors import UsageError
    from spacehacks.reading.reader import read_guide

    guide = read_guide(lists)
    place = find_place(guide, part="response", section="words", after=None, first=True)
    (lists / "content/response/words/long-hack.md").write_text("another file")
    before = files(lists)
    with pytest.raises(UsageError, match="content/response/words/long-hack.md already exists"):
        move_hack(guide, "long-hack", place)
    assert files(lists) == before


@pytest.mark.parametrize("written, expected", [
    ("hacks: []\n", "hacks:\n  - say-it-twice\n"),
    ("hacks:\n", "hacks:\n  - say-it-twice\n"),
    ("hacks:\n    - one-voice\n", "hacks:\n    - say-it-twice\n    - one-voice\n"),
])
def test_new_keeps_the_list_as_it_was_written(lists, written, expected):
    section = lists / "content/response/words/section.md"
    section.write_text(f"---\n{written}title: Words that help\n---\nWhat to say.\n")
    new(lists, "Say it twice", part="response", section="words", first=True)
    assert section.read_text() == f"---\n{expected}title: Words that help\n---\nWhat to say.\n"


def test_new_at_the_end_of_a_list_indented_its_own_way(lists):
    part = lists / "content/prevention/part.md"
    part.write_text(part.read_text().replace("opening_quote: light\n", "").replace(
        "\n  - ", "\n    - ").replace("long-hack\n", "long-hack\nopening_quote: light\n"))
    new(lists, "Check the back door", part="prevention")
    assert "    - long-hack\n    - check-the-back-door\nopening_quote: light\n" in \
        part.read_text()
    assert order(lists) == PREVENTION + ["check-the-back-door"]


def test_a_title_the_guide_refuses_is_named_after_new_wrote_it(lists, capsys):
    """`new` writes the title as given; reading the guide again then says what is wrong
    with it, and where (the file is there to fix)."""
    code, out, err = run(lists, capsys, "new", "- a dash first", "--part", "prevention")
    assert code == 1 and "It prints as" not in out
    assert "content/prevention/a-dash-first.md:2: the title" in err
    assert "starts like a list" in err
