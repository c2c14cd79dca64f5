"""One slug for the names the builder makes from words: a new hack's file name and a
glossary term's id, always a name the guide accepts."""

from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from spacehacks.reading.model import NAME
from spacehacks.slug import slug


@pytest.mark.parametrize("text, expected", [
    ("Check the back door", "check-the-back-door"),
    ("Open the back door: slowly", "open-the-back-door-slowly"),
    ("Niños y niñas", "ninos-y-ninas"),
    ("Café à l'entrée", "cafe-a-lentree"),
    ("Don't_panic -- 911", "dont-panic-911"),
    ("¡!", ""),
])
def test_words_become_a_name(text, expected):
    assert slug(text) == expected


@given(st.text(max_size=60))
def test_any_words_give_a_name_the_guide_accepts_or_nothing(text):
    name = slug(text)
    assert name == "" or NAME.match(name)


def test_new_hacks_and_glossary_terms_use_it():
    from spacehacks import ids
    from spacehacks.commands.edit import name_from_title

    assert name_from_title("Niños: ¡ya!") == "ninos-ya"
    assert ids.terms(["Café", "Cafe", "¿?"]) == ["term-cafe", "term-cafe--2", "term--1"]
