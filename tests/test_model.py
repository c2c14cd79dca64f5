"""The checked guide as the templates and commands use it."""

from __future__ import annotations

import pytest

from conftest import SAMPLE, write_project


@pytest.fixture(scope="module")
def guide(tmp_path_factory):
    from spacehacks.reading.reader import read_guide

    return read_guide(write_project(tmp_path_factory.mktemp("model") / "project", SAMPLE))


def test_a_hack_or_part_is_found_by_name(guide):
    assert guide.hack("one-voice").number == "R-1"
    assert guide.part("response").title == "Immediate response"


def test_an_unknown_name_is_a_key_error_not_the_end_of_a_loop(guide):
    """StopIteration would end a generator around the call in silence: a list of the
    hacks a handout names, say, would come out short."""
    names = ["walk-the-space", "no-such-hack", "one-voice"]
    with pytest.raises(KeyError, match="no hack named 'no-such-hack'"):
        [guide.hack(name).number for name in names]
    with pytest.raises(KeyError, match="no part 'nowhere'"):
        guide.part("nowhere")
