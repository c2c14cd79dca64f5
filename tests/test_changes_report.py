"""The what-changed report, from two records of the guide (no build): each change is
listed under the one heading that fits, and none hides another."""

from __future__ import annotations

import pytest

from spacehacks.commands.changes import compare, describe


def hack(name, number, *, digest="h", pages=(5,), title=None):
    return {"name": name, "number": number, "title": title or name.replace("-", " "),
            "hash": digest, "pages": list(pages), "part": "p", "section": ""}


def guide(*hacks, page_count=20):
    return {"hacks": list(hacks), "page_count": page_count}


def test_nothing_changed():
    before = guide(hack("a", "P-1"), hack("b", "P-2", pages=(6,)))
    report = compare(before, before)
    assert report.empty
    assert describe(report) == "Summary: no hack changed; 20 pages, as before."


def test_a_renumbered_hack_that_also_moved_page_is_listed_as_renumbered_only():
    before = guide(hack("a", "P-1", pages=(5,)), hack("b", "P-2", pages=(6,)))
    after = guide(hack("b", "P-1", pages=(5,)), hack("a", "P-2", pages=(6,)))
    report = compare(before, after)
    assert [(was["number"], now["number"]) for was, now in report.renumbered] == \
        [("P-2", "P-1"), ("P-1", "P-2")]  # in the new order
    assert report.moved == [] and report.edited == []


def test_an_edit_is_reported_even_when_the_hack_was_renumbered_too():
    before = guide(hack("a", "P-1"), hack("b", "P-2", pages=(6,)))
    after = guide(hack("b", "P-1", pages=(5,)), hack("a", "P-2", digest="new", pages=(6,)))
    report = compare(before, after)
    assert [h["name"] for h in report.edited] == ["a"]
    assert {now["name"] for _, now in report.renumbered} == {"a", "b"}
    text = describe(report)
    assert "Edited (1):\n  P-2 a" in text and "Renumbered (2):" in text


def test_a_hack_pushed_to_another_page_is_moved_and_an_edit_in_place_is_edited():
    before = guide(hack("a", "P-1", pages=(5,)), hack("b", "P-2", pages=(6, 7)),
                   page_count=20)
    after = guide(hack("a", "P-1", digest="longer", pages=(5, 6)),
                  hack("b", "P-2", pages=(7, 8)), page_count=21)
    report = compare(before, after)
    assert [h["name"] for h in report.edited] == ["a"]
    assert [(was["pages"], now["pages"]) for was, now in report.moved] == [([6, 7], [7, 8])]
    assert report.renumbered == []
    text = describe(report, markdown=True)
    assert text.startswith("## What changed in the guide\nSummary: hacks: 1 edited, 1 moved "
                           "to another page; 21 pages (+1).\n### Edited (1)\n- P-1 a (page 5)\n")
    assert "### Moved to another page (1)\n- P-2 b: page 6 is now page 7" in text
    assert text.endswith("Pages: 20 before, 21 now (+1).")


def test_added_and_removed_hacks():
    before = guide(hack("a", "P-1"), hack("gone", "P-2"))
    after = guide(hack("a", "P-1"), hack("new", "P-2", pages=()), page_count=20)
    report = compare(before, after)
    assert [h["name"] for h in report.added] == ["new"]
    assert [h["name"] for h in report.removed] == ["gone"]
    text = describe(report)
    assert "Added (1):\n  P-2 new (no page)" in text and "Removed (1):\n  P-2 gone" in text
    assert text.endswith("Pages: 20, as before.")


def renumbered(pairs, page=5):
    """Records of hacks that moved from one number to another (pages unchanged)."""
    before = guide(*(hack(f"h{i}", was, pages=(page + i,)) for i, (was, _) in enumerate(pairs)))
    after = guide(*(hack(f"h{i}", now, pages=(page + i,)) for i, (_, now) in enumerate(pairs)))
    return compare(before, after)


def section_lines(text, title):
    """The lines under one heading of the plain report."""
    lines = text.split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith(f"{title} ("))
    body = []
    for line in lines[start + 1:]:
        if not line.startswith("  "):
            break
        body.append(line.strip())
    return lines[start], body


def test_three_hacks_renumbered_alike_are_said_in_one_line():
    report = renumbered([("P-2", "P-3"), ("P-3", "P-4"), ("P-4", "P-5")])
    heading, body = section_lines(describe(report), "Renumbered")
    assert heading == "Renumbered (3):"
    assert body == ["P-2 to P-4 (3 hacks) are now P-3 to P-5"]


def test_two_hacks_renumbered_alike_are_each_said():
    report = renumbered([("P-2", "P-3"), ("P-3", "P-4")])
    assert section_lines(describe(report), "Renumbered")[1] == [
        "P-2 is now P-3: h0", "P-3 is now P-4: h1"]


@pytest.mark.parametrize("pairs, why", [
    ([("P-2", "P-3"), ("P-3", "P-5"), ("P-4", "P-6")], "the first moved by one, the rest by two"),
    ([("P-2", "P-3"), ("P-3", "P-4"), ("P-5", "P-6")], "P-4 and P-6 are not next to each other"),
    ([("P-1", "Q-1"), ("R-2", "Q-2"), ("S-3", "Q-3")], "they came from three parts"),
    ([("P-2", "P-3"), ("P-3", "P-4"), ("Q-4", "Q-5")], "the third is in another part"),
])
def test_hacks_renumbered_differently_are_not_folded(pairs, why):
    report = renumbered(pairs)
    body = section_lines(describe(report), "Renumbered")[1]
    assert body == [f"{was} is now {now}: h{i}" for i, (was, now) in enumerate(pairs)], why


def test_a_run_ends_where_the_shift_changes_and_the_rest_folds_apart():
    report = renumbered([("P-1", "P-2"), ("P-2", "P-3"), ("P-3", "P-4"), ("P-4", "P-4"),
                         ("P-6", "P-5"), ("P-7", "P-6"), ("P-8", "P-7")])
    heading, body = section_lines(describe(report), "Renumbered")
    # P-4 kept its number (so it is not renumbered at all); two runs of three around it.
    assert heading == "Renumbered (6):"
    assert body == ["P-1 to P-3 (3 hacks) are now P-2 to P-4",
                    "P-6 to P-8 (3 hacks) are now P-5 to P-7"]


def moved(pages_before, pages_after):
    before = guide(*(hack(f"h{i}", f"P-{i + 1}", pages=pages)
                     for i, pages in enumerate(pages_before)))
    after = guide(*(hack(f"h{i}", f"P-{i + 1}", pages=pages)
                    for i, pages in enumerate(pages_after)))
    return compare(before, after)


def test_three_hacks_pushed_alike_to_later_pages_are_said_in_one_line():
    report = moved([(5,), (6,), (7, 8)], [(6,), (7,), (8, 9)])
    heading, body = section_lines(describe(report), "Moved to another page")
    assert heading == "Moved to another page (3):"
    assert body == ["P-1 to P-3 (3 hacks): 1 page later (pages 5-7 are now 6-8)"]


def test_three_hacks_pulled_two_pages_earlier():
    report = moved([(9,), (10,), (11,), (12,)], [(7,), (8,), (9,), (12,)])
    assert section_lines(describe(report), "Moved to another page")[1] == [
        "P-1 to P-3 (3 hacks): 2 pages earlier (pages 9-11 are now 7-9)"]


def test_hacks_moved_by_different_amounts_are_each_said():
    report = moved([(5,), (6,), (7,)], [(6,), (8,), (9,)])
    assert section_lines(describe(report), "Moved to another page")[1] == [
        "P-1 h0: page 5 is now page 6", "P-2 h1: page 6 is now page 8",
        "P-3 h2: page 7 is now page 9"]


def test_a_hack_that_grew_onto_a_second_page_has_not_moved():
    report = moved([(5,), (6, 7)], [(5, 6), (6,)])
    assert report.moved == [] and report.empty


def test_a_hack_that_was_on_no_page_and_now_is():
    report = moved([(), (6,)], [(5,), (6,)])
    assert section_lines(describe(report), "Moved to another page")[1] == [
        "P-1 h0: no page is now page 5"]


@pytest.mark.parametrize("pages_before, pages_after", [
    ([(), (1,), (2,)], [(5,), (6,), (7,)]),  # the first had no page
    ([(1,), (2,), (3,)], [(6,), (7,), ()]),  # the last has none now
])
def test_a_hack_without_a_page_is_never_folded_with_others(pages_before, pages_after):
    report = moved(pages_before, pages_after)
    body = section_lines(describe(report), "Moved to another page")[1]
    assert len(body) == 3 and not any("hacks)" in line for line in body), body


def test_featured_and_no_longer_featured():
    def featured(flags):
        hacks = [hack(f"h{i}", f"P-{i + 1}") for i in range(len(flags))]
        for one, flag in zip(hacks, flags):
            if flag is not None:
                one["featured"] = flag
        return guide(*hacks)

    report = compare(featured([False, True, True, None]), featured([True, False, True, True]))
    # h3's earlier record says nothing about featuring (an older build): not a change.
    assert [h["name"] for h in report.featured] == ["h0"]
    assert [h["name"] for h in report.unfeatured] == ["h1"]
    text = describe(report)
    assert text.startswith("Summary: no hack changed; featured: 1 more, 1 fewer; 20 pages, "
                           "as before.\n")
    assert section_lines(text, "Now featured") == ("Now featured (1):", ["P-1 h0"])
    assert section_lines(text, "No longer featured") == ("No longer featured (1):", ["P-2 h1"])


def test_a_hack_moved_to_another_section_names_both():
    before = guide(hack("a", "P-1"), hack("b", "P-2"))
    after = guide(hack("a", "P-1"), hack("b", "P-2"))
    before["hacks"][1].update(section="words", section_title="What to say")
    after["hacks"][1].update(section="space", section_title="The space")
    report = compare(before, after)
    assert [now["name"] for _, now in report.other_section] == ["b"]
    text = describe(report)
    assert "hacks: 1 moved to another section;" in text
    assert section_lines(text, "Moved to another section")[1] == [
        "P-2 b: from 'What to say' to 'The space'"]


def test_a_hack_moved_to_another_part_without_sections_names_the_parts():
    before = guide(hack("a", "P-1"))
    after = guide(hack("a", "P-1"))
    after["hacks"][0]["part"] = "q"
    assert section_lines(describe(compare(before, after)), "Moved to another section")[1] == [
        "P-1 a: from 'p' to 'q'"]


def test_sections_renamed_but_not_sections_added_or_kept():
    before = guide(hack("a", "P-1"))
    after = guide(hack("a", "P-1"))
    before["sections"] = {"p/words": "What to say", "p/space": "The space"}
    after["sections"] = {"p/words": "Words that help", "p/space": "The space",
                         "p/new": "A new section"}
    report = compare(before, after)
    assert report.sections_renamed == [("What to say", "Words that help")]
    assert section_lines(describe(report), "Sections renamed")[1] == [
        "'What to say' is now 'Words that help'"]


def test_quotes_added_edited_and_removed():
    before = guide(hack("a", "P-1"))
    after = guide(hack("a", "P-1"))
    before["quotes"] = {"kept": "1", "edited": "2", "gone": "3"}
    after["quotes"] = {"kept": "1", "edited": "9", "new": "4"}
    report = compare(before, after)
    assert report.quotes == {"added": ["new"], "edited": ["edited"], "removed": ["gone"]}
    text = describe(report)
    assert text.startswith("Summary: no hack changed; 3 quotes changed; 20 pages, as before.")
    assert section_lines(text, "Quotes") == (
        "Quotes (3):", ["added: new", "edited: edited", "removed: gone"])


def test_one_quote_changed_is_said_in_the_singular():
    before, after = guide(), guide()
    before["quotes"], after["quotes"] = {"q": "1"}, {"q": "2"}
    assert describe(compare(before, after)).startswith(
        "Summary: no hack changed; 1 quote changed; 20 pages, as before.")


def test_pictures_added_changed_and_removed():
    before = guide(hack("a", "P-1"), hack("b", "P-2"))
    after = guide(hack("a", "P-1"), hack("b", "P-2"))
    before["hacks"][0]["pictures"] = {"kept.png": "1", "new.png": "2", "gone.png": "3"}
    after["hacks"][0]["pictures"] = {"kept.png": "1", "new.png": "5", "added.png": "4"}
    before["hacks"][1]["pictures"] = {}
    after["hacks"][1]["pictures"] = {"plan.png": "7"}
    report = compare(before, after)
    text = describe(report)
    assert text.startswith("Summary: no hack changed; 4 pictures changed; 20 pages, as "
                           "before.")
    assert section_lines(text, "Pictures") == ("Pictures (4):", [
        "P-1 a: added.png added", "P-1 a: gone.png removed", "P-1 a: new.png changed",
        "P-2 b: plan.png added"])


def test_one_picture_changed_is_said_in_the_singular():
    before, after = guide(hack("a", "P-1")), guide(hack("a", "P-1"))
    before["hacks"][0]["pictures"], after["hacks"][0]["pictures"] = {"x.png": "1"}, {}
    assert "; 1 picture changed;" in describe(compare(before, after))


def test_records_of_an_older_build_without_quotes_pictures_or_page_count():
    """An earlier build that did not record these yet: nothing is reported as changed."""
    before = {"hacks": [hack("a", "P-1")]}
    after = {"hacks": [hack("a", "P-1")], "quotes": {"q": "1"}}
    after["hacks"][0]["pictures"] = {"x.png": "1"}
    report = compare(before, after)
    assert report.empty
    assert describe(report) == "Summary: no hack changed; 0 pages, as before."


def test_fewer_pages():
    report = compare(guide(page_count=21), guide(page_count=19))
    assert not report.empty
    assert describe(report) == ("Summary: no hack changed; 19 pages (-2).\n"
                                "Pages: 21 before, 19 now (-2).")


@pytest.mark.parametrize("change", [
    "added", "removed", "edited", "renumbered", "moved", "featured", "unfeatured",
    "other_section", "sections_renamed", "quotes", "pictures", "pages"])
def test_any_one_change_alone_is_reported(change):
    before, after = guide(hack("a", "P-1")), guide(hack("a", "P-1"))
    was, now = before["hacks"][0], after["hacks"][0]
    if change == "added":
        after["hacks"].append(hack("b", "P-2"))
    elif change == "removed":
        before["hacks"].append(hack("b", "P-2"))
    elif change == "edited":
        now["hash"] = "new"
    elif change == "renumbered":
        now["number"] = "P-2"
    elif change == "moved":
        now["pages"] = [6]
    elif change in ("featured", "unfeatured"):
        was["featured"], now["featured"] = change == "unfeatured", change == "featured"
    elif change == "other_section":
        now["section"] = "elsewhere"
    elif change == "sections_renamed":
        before["sections"], after["sections"] = {"p/s": "Old"}, {"p/s": "New"}
    elif change == "quotes":
        before["quotes"], after["quotes"] = {}, {"q": "1"}
    elif change == "pictures":
        was["pictures"], now["pictures"] = {}, {"x.png": "1"}
    else:
        after["page_count"] = 21
    report = compare(before, after)
    assert not report.empty
    lines = describe(report, stale="Note: built before the last edit.").split("\n")
    # The summary, the note, what changed (a heading and its lines), the pages.
    assert lines[0].startswith("Summary: ") and lines[1] == "Note: built before the last edit."
    if change != "sections_renamed":  # (the summary counts hacks, quotes and pictures)
        assert lines[0] != "Summary: no hack changed; 20 pages, as before."
    assert len(lines) == (3 if change == "pages" else 5) and lines[-1].startswith("Pages: ")
