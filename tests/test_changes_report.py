"""The what-changed report, from two records of the guide (no build): each change is
listed under the one heading that fits, and none hides another."""

from __future__ import annotations

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
