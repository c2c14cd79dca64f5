"""Ids that content cannot take: the builder's ids (a hack, a part, a section, the
contents, the tag index, a glossary term, a card) and the ids of headings in the text
live in separate namespaces (spacehacks/ids.py), so no heading, glossary term or section
name can send a contents entry, a see-also line or a printed page number elsewhere."""

from __future__ import annotations

import io
import re
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from conftest import SAMPLE, anchor_pages, build, hack_text, page_texts, write_project
from spacehacks import ids


def attacker(title, *headings):
    body = "".join(f"## {heading}\n\nWords under {heading}.\n\n" for heading in headings)
    return hack_text(title, f"Summary of {title}.", body=body + "## Try this\n\n1. Step.\n\n"
                     "### One voice\n\nWords.\n")


# Files named after the kinds of builder id, whose headings read as builder ids when a
# heading's id is its file's name and its own words (the scheme before ids.py): a
# heading "One voice" in hack.md was "hack-one-voice", the id of R-1.
ATTACK = {
    **SAMPLE,
    "content/prevention/part.md": SAMPLE["content/prevention/part.md"].replace(
        "  - long-hack\n", "  - long-hack\n  - hack\n  - tag\n  - term\n  - section-response\n"
        "  - card\n"),
    "content/prevention/hack.md": attacker("Takes the place of a hack", "One voice",
                                           "Daily huddle"),
    "content/prevention/tag.md": attacker("Takes the place of the index", "Index", "Teamwork"),
    "content/prevention/term.md": attacker("Takes the place of a term", "Participant",
                                           "Peer support"),
    "content/prevention/section-response.md": attacker("Takes the place of a section", "Words",
                                                       "Words help"),
    "content/prevention/card.md": attacker("Takes the place of a card", "Walk the space"),
    # Headings in a part and a section, and sections whose ids were the same:
    # ("response", "words-help") and ("response-words", "help") both gave
    # section-response-words-help.
    "content/guide.yaml": SAMPLE["content/guide.yaml"].replace(
        "  - response\n", "  - response\n  - response-words\n"),
    "content/response/part.md": SAMPLE["content/response/part.md"].replace(
        "  - words\n", "  - words\n  - words-help\n") + "\n## Contents\n\n## Featured\n",
    "content/response/words-help/section.md":
        "---\ntitle: More words that help\nhacks:\n  - first-words\n---\n## Tag index\n",
    "content/response/words-help/first-words.md": hack_text(
        "Say your name first", "Names first.", tags="[words]"),
    "content/response-words/part.md":
        "---\ntitle: Words, a part\nkind: hacks\nprefix: W\nsections:\n  - help\n---\nWords.\n",
    "content/response-words/help/section.md":
        "---\ntitle: Help\nhacks:\n  - ask-for-help\n---\nAsk.\n",
    "content/response-words/help/ask-for-help.md": hack_text(
        "Ask for help", "Nobody does it alone.", tags="[teamwork]"),
    # Two glossary terms that read the same once lowercased and joined by dashes.
    "content/glossary.yaml": SAMPLE["content/glossary.yaml"]
        + "- term: Peer support\n  definition: Help from someone who has been there.\n"
        + "- term: Peer-support\n  definition: The same, written with a dash.\n"
        + "- term: \"+\"\n  definition: A plus, a term with no letter.\n"
        + "- term: \"&\"\n  definition: An ampersand.\n",
}


class _Ids(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found: list[tuple[str, str, str]] = []  # (id, tag, class)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if "id" in attributes:
            self.found.append((attributes["id"], tag, attributes.get("class") or ""))


def ids_in(html: str) -> list[tuple[str, str, str]]:
    parser = _Ids()
    parser.feed(html)
    return parser.found


@pytest.fixture(scope="module")
def attacked(tmp_path_factory):
    from spacehacks.build.pipeline import read_and_check

    root = write_project(tmp_path_factory.mktemp("ids") / "project", ATTACK)
    guide, _ = read_and_check(root)
    return root, guide


def rendered(root, guide, kind):
    from spacehacks.editions.edition import cards, guide as guide_edition
    from spacehacks.editions.edition import PAPERS
    from spacehacks.pdf.numbers import PageNumbers
    from spacehacks.pdf.render import render_html

    papers = (PAPERS["letter"],)
    edition = cards(papers, "T") if kind == "cards" else guide_edition(papers, "T")
    return render_html(guide, edition, root / "layout", PageNumbers(None, {}))


@pytest.mark.parametrize("kind", ["guide", "cards"])
def test_every_id_is_given_once_and_builder_ids_stay_on_their_elements(attacked, kind):
    root, guide = attacked
    found = ids_in(rendered(root, guide, kind))
    names = [anchor for anchor, _, _ in found]
    assert len(names) == len(set(names)), sorted(n for n in names if names.count(n) > 1)
    where = {anchor: (tag, cls) for anchor, tag, cls in found}
    headings = [anchor for anchor, tag, _ in found if re.fullmatch(r"h[1-6]", tag)]
    assert headings and all(ids.is_content(anchor) for anchor in headings), headings
    assert not any(ids.is_content(anchor) for anchor, tag, _ in found
                   if not re.fullmatch(r"h[1-6]", tag))
    if kind == "cards":
        assert where[ids.card("one-voice")] == ("article", "card")
        assert where[ids.card("walk-the-space")] == ("article", "card")
        return
    for hack in guide.hacks:
        assert where[hack.anchor] == ("article", "hack is-featured" if hack.featured
                                      else "hack"), hack.slug
    for part in guide.parts:
        assert where[part.anchor][0] == "section", part.id
        for section in part.titled_sections:
            assert where[section.anchor] == ("section", "hack-section"), section.anchor
    assert where[ids.CONTENTS] == ("nav", "contents")
    assert where[ids.FEATURED] == ("section", "featured")
    assert where[ids.TAG_INDEX] == ("section", "tag-index")  # its class
    for key in ("teamwork", "words"):
        assert where[ids.tag(key)] == ("section", "tag-group")
    terms = [entry.anchor for entry in guide.glossary]
    assert len(set(terms)) == len(terms) == 6
    assert {"term-peer-support", "term-peer-support--2", "term--1", "term--2"} <= set(terms)
    assert all(where[anchor] == ("li", "glossary-entry") for anchor in terms)
    # The two sections whose ids once were the same each have their own.
    assert ids.section("response", "words-help") != ids.section("response-words", "help")
    assert {ids.section("response", "words-help"), ids.section("response-words", "help")} \
        <= where.keys()


def test_a_heading_cannot_move_a_hacks_page_number(attacked, tmp_path):
    """The attack as a reader meets it: hack.md has a heading 'One voice'. The contents
    entry, the bookmark, the see-also line and the link of R-1 still go to R-1's page."""
    root, guide = attacked
    reader = PdfReader(io.BytesIO(build(root, tmp_path / "guide.pdf").read_bytes()))
    texts = page_texts(reader)
    pages = anchor_pages(reader)
    real = next(n for n, text in enumerate(texts, start=1)
                if "Marker for One voice leads" in text)
    attack = next(n for n, text in enumerate(texts, start=1) if "Words under One voice" in text)
    assert real != attack
    assert pages[ids.hack("one-voice")] == real
    huddle = texts[pages[ids.hack("daily-huddle")] - 1]
    assert f"See R-1, page {real}: One voice leads" in huddle, huddle
    contents = " ".join(texts[pages[ids.CONTENTS] - 1:pages[ids.FEATURED] - 1])
    assert re.search(rf"R-1\s*One voice leads\s*{real}\b", contents), contents
    outline = {item.title: reader.get_destination_page_number(item) + 1
               for item in reader.outline if not isinstance(item, list)}
    assert pages[ids.TAG_INDEX] == next(n for n, text in enumerate(texts, start=1)
                                        if text.startswith("Index of hacks by tag")
                                        or " Index of hacks by tag " in text[:80]), outline


# ---- the namespaces, for any heading, term and name ------------------------------------

names = st.from_regex(r"[a-z0-9]{1,6}(-[a-z0-9]{1,6}){0,3}", fullmatch=True)
heading_texts = st.text(min_size=1, max_size=30).filter(lambda t: t.strip() and "\n" not in t)


@settings(max_examples=60, deadline=None, derandomize=True)
@given(files=st.lists(st.tuples(st.sampled_from(["hack", "part", "section", "whats-new"]),
                                names, names, st.lists(heading_texts, min_size=1,
                                                       max_size=4)),
                      min_size=1, max_size=4),
       other_names=st.lists(names, max_size=6), terms=st.lists(heading_texts, max_size=6))
def test_no_heading_term_or_name_gives_a_builder_id_twice(tmp_path_factory, files,
                                                          other_names, terms):
    from spacehacks.errors import ProblemList
    from spacehacks.markup import convert as markup

    folder = tmp_path_factory.getbasetemp()
    builder = list(ids.FIXED) + ids.terms(terms)
    content = []
    seen_files = set()
    for kind, name, other, headings in files:
        file_id = {"hack": ids.hack(name), "part": ids.part(name),
                   "section": ids.section(name, other), "whats-new": ids.WHATS_NEW}[kind]
        if file_id in seen_files:  # two files of one kind and name cannot be
            continue
        seen_files.add(file_id)
        builder.append(file_id)
        text = "".join(f"## {heading.replace('#', '')}\n\nText.\n\n" for heading in headings)
        html = markup.convert(text, path=folder / "x.md", first_line=1, content=folder,
                              problems=ProblemList(),
                              id_prefix=ids.content_prefix(file_id)).html
        content += re.findall(r' id="([^"]*)"', html)
    for name in other_names:
        builder += [ids.hack(name), ids.part(name), ids.tag(name), ids.card(name),
                    ids.card_end(name), ids.section(name, name)]
    assert all(ids.is_content(anchor) for anchor in content), content
    assert not any(ids.is_content(anchor) for anchor in builder), builder
    assert len(content) == len(set(content)), content
    # A builder id says its kind, and kinds never run into each other.
    for anchor in builder:
        assert anchor in ids.FIXED or ids.kind(anchor) in ids.KINDS, anchor
    assert len(set(builder)) == len(set(map(tuple, [(ids.kind(a), a) for a in builder])))


def test_fixed_ids_are_no_kind_of_their_own():
    for anchor in ids.FIXED:
        assert anchor.split("-", 1)[0] not in ids.KINDS
        assert ids.kind(anchor) is None
    for one in ids.KINDS:
        assert not any(other.startswith(one + "-") for other in ids.KINDS)
