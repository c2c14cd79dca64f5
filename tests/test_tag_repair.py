"""The structure-tree repair (spacehacks/pdf/tagging.py) on one small document typeset
once: running heads become artifacts, the pieces of an element split by page breaks
become one element, a link is one Link element, the parent tree agrees with the tree,
and elements WeasyPrint leaves without meaning get their tag."""

from __future__ import annotations

import datetime
import io

import pikepdf
import pytest

import structure_tree
from test_weasyprint_contract import HTML


@pytest.fixture(scope="module")
def tree(tmp_path_factory):
    from spacehacks.pdf.fetcher import ProjectFetcher
    from spacehacks.pdf.typeset import Pages

    folder = tmp_path_factory.mktemp("repair")
    fetcher = ProjectFetcher(allowed_roots=[folder], used_by={}, fallback=folder / "x.html")
    pages = Pages(HTML, base_dir=folder, fetcher=fetcher, day=datetime.date(2026, 1, 15))
    assert pages.page_count > 2
    data = pages.write_pdf(None, title="Repair", link_labels={"first": "Section: First"})
    return structure_tree.read(io.BytesIO(data))


def _tags(tree, tag):
    return [element for element in tree.walk() if element.tag == tag]


def test_no_defects_a_screen_reader_meets(tree):
    counts = structure_tree.counts(tree)
    for defect in ("unreachable marked content", "link annotations not in a Link element",
                   "Link inside Link", "heading inside heading",
                   "lists with children other than LI", "skipped heading levels",
                   "leader dots read as text"):
        assert counts.get(defect, 0) == 0, (defect, counts)


def test_running_heads_are_artifacts_on_every_page(tree):
    assert len(tree.pdf.pages) > 2
    assert all(tree.artifact_text[index] == "Running head"
               for index in range(len(tree.pdf.pages)))
    assert not any("Running head" in text for text in tree.text_runs.values())


def test_an_element_split_by_page_breaks_is_one_element(tree):
    document = tree.root.children[0]
    kids = [child.tag for child in document.children]
    assert kids.count("/Sect") == 2, kids  # the nav and the one section
    lists = _tags(tree, "/L")
    assert len(lists) == 1 and len(lists[0].children) == 40
    pages = {page for page, _, _ in tree.reading_text(lists[0])}
    assert len(pages) > 1  # it does run over several pages
    items = [tree.text_of(item) for item in lists[0].children]
    assert items == [f"\u2022 Item {n}" for n in range(40)]  # its bullet, then its words
    assert [item.parent is lists[0] for item in lists[0].children] == [True] * 40
    for item in lists[0].children:  # /P points at the parent that holds it
        assert item.obj.P.objgen == lists[0].obj.objgen


def test_the_parent_tree_names_the_element_that_holds_each_piece(tree):
    nums = tree.pdf.Root.StructTreeRoot.ParentTree.Nums
    pages = len(tree.pdf.pages)
    checked = 0
    for index in range(pages):
        assert int(nums[2 * index]) == index
        for mcid, element in enumerate(nums[2 * index + 1]):
            holder = tree.marked.get((index, mcid))
            if holder is None:  # a running head: an artifact, held by nothing
                assert element is None or isinstance(element, pikepdf.Object)
                continue
            assert holder.obj.objgen == element.objgen, (index, mcid)
            checked += 1
    assert checked == len(tree.marked)
    for key, element in zip(nums[2 * pages::2], nums[2 * pages + 1::2]):
        assert element.S == "/Link"
        assert any(isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/OBJR"
                   and int(kid.Obj.StructParent) == int(key) for kid in element.K)


def test_a_link_is_one_element_with_its_words_and_its_annotations(tree):
    links = _tags(tree, "/Link")
    assert len(links) == 1
    link = links[0]
    assert tree.text_of(link) == "Two boxes"
    assert not [child for child in link.children if not isinstance(child, tuple)]
    annotations = [child for child in link.children if child[0] == "objr"]
    on_pages = [a for page in tree.pdf.pages for a in page.get("/Annots", [])]
    assert len(annotations) == len(on_pages) >= 1
    assert all(str(a.Contents) == "Section: First" for a in on_pages)


def test_html_elements_without_meaning_get_a_standard_tag(tree):
    assert not _tags(tree, "/NonStruct")
    th = _tags(tree, "/TH")
    assert len(th) == 1 and th[0].obj.A.Scope == "/Column"
    assert tree.text_of(_tags(tree, "/TD")[0]) == "Cell"
    figure_text = [e for e in _tags(tree, "/Div") if tree.text_of(e) == "In a figure"]
    assert figure_text, [tree.text_of(e) for e in _tags(tree, "/Div")]
