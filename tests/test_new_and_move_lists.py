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
