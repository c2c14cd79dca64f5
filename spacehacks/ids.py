"""Every id in the HTML of an edition, made here and nowhere else (the templates get this
module as `ids`).

Ids are where links, contents entries, bookmarks and printed page numbers point, so an
id that two elements share sends them to the wrong page. Content from strangers must
never be able to take one of the builder's ids, so there are two namespaces:

- the builder's ids: one of FIXED, or a KIND, a dash and a name ("hack-one-voice-leads",
  "part-prevention", "section-prevention--space-and-supplies"). Names are folder and
  file names, tags and glossary terms, made of [a-z0-9] words joined by single dashes
  (reading/model.py's NAME), so a builder id never holds "_";
- content ids (the ids Python-Markdown gives the headings in a text): the builder id of
  the file the text belongs to, "_", then the heading's slug ("hack-one-voice-leads_try-this").
  Each holds "_", so no heading can ever take a builder id; and since the part before
  the first "_" names the file, two files' headings never share one either.
"""

from __future__ import annotations

from .slug import slug

CONTENTS = "contents"
FEATURED = "featured"
TAG_INDEX = "index"  # of hacks by tag
WHATS_NEW = "whats-new"
HANDOUT_TITLE = "handout-title"
# The web edition's own: the list the random-hack button picks from.
HACK_LIST = "list-of-hacks"
FIXED = (CONTENTS, FEATURED, TAG_INDEX, WHATS_NEW, HANDOUT_TITLE, HACK_LIST)

# The kinds of builder id that end in a name. None is a FIXED id's text before its first
# dash, and none starts another kind followed by a dash, so a kind and a name give each
# builder id once.
KINDS = ("hack", "part", "section", "tag", "term", "card", "cardend", "cardtitle", "shared")
CONTENT = "_"  # in every content id, in no builder id


def hack(slug: str) -> str:
    return f"hack-{slug}"


def part(part_id: str) -> str:
    return f"part-{part_id}"


def section(part_id: str, section_id: str) -> str:
    # Folder names never hold "--": ("a", "b-c") and ("a-b", "c") stay apart.
    return f"section-{part_id}--{section_id}"


def tag(key: str) -> str:
    """A tag's group in the index of hacks by tag."""
    return f"tag-{key}"


def card(slug: str) -> str:
    return f"card-{slug}"


def card_end(slug: str) -> str:
    """The mark at the end of a card: on the card's own page when the card fits."""
    return f"cardend-{slug}"


def card_title(slug: str) -> str:
    """The lines of a card's title (the builder balances them)."""
    return f"cardtitle-{slug}"


def passage(name: str) -> str:
    """A shared passage has no element of its own; this names its text's headings (it
    may hold none, so there are none to name, but the namespace stays the same)."""
    return f"shared-{name}"


def terms(words: list[str]) -> list[str]:
    """The ids of glossary terms, in the order given: the term in lowercase words joined
    by dashes, with "--2", "--3" for terms that would read the same ("Peer support",
    "peer-support"); a term with no letter a-z or digit is "term--1", "term--2"..."""
    result, seen = [], {}
    for word in words:
        name = slug(word)
        count = seen[name] = seen.get(name, 0) + 1
        if not name:
            result.append(f"term--{count}")
        else:
            result.append(f"term-{name}" + (f"--{count}" if count > 1 else ""))
    return result


def title_of(anchor: str) -> str:
    """The id of the heading that names a place (for aria-labelledby). Names never hold
    "--", so "tag-a--title" is no other place's title: not even that of a tag
    "a--title", which cannot be."""
    return f"{anchor}--title"


def content_prefix(builder_id: str) -> str:
    """What every heading id in a file's text starts with: the builder id of the file."""
    return builder_id + CONTENT


def is_content(anchor: str) -> bool:
    return CONTENT in anchor


def kind(anchor: str) -> str | None:
    """The kind of a builder id ("hack", "part", ...), or None for a FIXED id or a
    content id."""
    if is_content(anchor) or anchor in FIXED:
        return None
    found = anchor.split("-", 1)[0]
    return found if found in KINDS else None


def slug_of_hack(anchor: str) -> str | None:
    """The hack's name, for a hack's builder id."""
    return anchor.removeprefix("hack-") if kind(anchor) == "hack" else None
