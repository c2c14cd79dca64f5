"""Lines break where they should: WeasyPrint 70 breaks a line at its first space when
the break falls on the space just before an inline element (a link, bold words, a span),
which left "• A" alone on a line of the call rule, the rest of the rule below it.
pdf/render.py writes each such space inside the element, or in a span of its own. A printed
web address breaks after a slash, never at a hyphen of the page's name."""

from __future__ import annotations

from pathlib import Path

import weasyprint

from spacehacks.pdf.render import _breakable

LAYOUT = Path(__file__).resolve().parents[1] / "layout"
# The call rule's line as the guide printed it, with the link to seizure first aid.
ITEM = ('A seizure in overamping or withdrawal, a first seizure, or one over 5 minutes '
        '(see {inline}).')
INLINES = {
    "link": '<a class="xref" href="#aid">seizure first aid<span class="xref-where">, R-25, '
            'page 84</span></a>',
    "bold": "<strong>seizure first aid</strong>, R-25, page 84",
    "compound": '<span class="compound">seizure-first</span> aid, R-25, page 84',
}


def _lines(body: str, width: str = "8.27in") -> list[str]:
    """The text of each line the guide's stylesheet lays the list out in."""
    stylesheet = (LAYOUT / "guide.css").as_uri()
    html = (f'<html lang="en"><head><link rel="stylesheet" href="{stylesheet}">'
            f'<style>@page {{ size: {width} 11in; }}</style></head><body class="edition-guide">'
            f'<div class="prose"><ul><li>{body}</li></ul></div><p id="aid">aid</p></body></html>')
    page = weasyprint.HTML(string=html).render().pages[0]
    lines = []

    def walk(box):
        if type(box).__name__ == "LineBox":
            lines.append("".join(getattr(child, "text", "") for child in box.descendants()))
            return
        for child in getattr(box, "children", ()):
            walk(child)

    walk(page._page_box)
    return [" ".join(line.split()) for line in lines if line.strip()]


def test_a_space_before_an_inline_element_goes_where_a_break_keeps_it():
    assert _breakable('(see <a class="xref" href="#x">words</a>)') == \
        '(see<a class="xref" href="#x"> words</a>)'
    assert _breakable("two <strong>bold</strong> words") == "two<strong> bold</strong> words"
    # A span may not wrap (a compound word): the space stays outside it, in a span.
    assert _breakable('a <span class="compound">one-line</span> summary') == \
        'a<span> </span><span class="compound">one-line</span> summary'
    assert _breakable("<li> <a>x</a></li>") == "<li><a> x</a></li>"
    assert _breakable("no inline here") == "no inline here"


def test_the_call_rule_breaks_after_its_last_word_that_fits():
    for name, inline in INLINES.items():
        item = ITEM.format(inline=inline)
        lines = _lines(_breakable(item))
        assert lines[0].startswith("• A seizure in overamping"), (name, lines)
        assert lines[0].endswith("(see") or lines[0].endswith("minutes"), (name, lines)
        # WeasyPrint itself still breaks it wrongly: when it no longer does, the
        # workaround in pdf/render.py can go.
        assert _lines(item)[0] == "• A", (
            f"WeasyPrint now breaks the line before a {name} where it should: "
            "pdf/render.py's SPACE_BEFORE_INLINE is no longer needed")


def test_a_printed_address_breaks_before_the_pages_name_not_at_its_hyphens():
    """A card's foot printed "https://.../hacks/give-" and "first-aid-while-help-comes/"
    on the next line: the hyphen read as a word broken in two. The address breaks after
    the slash before the page's name instead."""
    from spacehacks.pdf.render import _address

    url = "https://spacehacks.example.org/hacks/give-first-aid-while-help-comes/"
    assert str(_address(url)) == ('https://spacehacks.example.org/hacks/<wbr><span class='
                                  '"address-name">give-first-aid-while-help-comes/</span>')
    assert _address("https://spacehacks.example.org/") == "https://spacehacks.example.org/"
    assert str(_address("https://x.org/a&b")) == \
        'https://x.org/<wbr><span class="address-name">a&amp;b</span>'
    words = "Full hack: R-25, guide page 83, and online:"
    at_hyphen = 0
    for width in range(50, 95, 3):  # tenths of an inch: somewhere the name's hyphens fall
        at_hyphen += any(line.endswith("-") for line in _address_lines(words, url, width))
        printed = _address_lines(words, _address(url), width)
        assert all(line.endswith("/") for line in printed), (width, printed)
    assert at_hyphen, "no width broke the plain address at a hyphen: the test shows nothing"


def _address_lines(words: str, address: str, width: int) -> list[str]:
    """The lines an address is printed on, after `words`, on a page `width` tenths of an
    inch wide."""
    lines = _lines(f'{words} <span class="address">{address}</span>', f"{width / 10}in")
    first = next(index for index, line in enumerate(lines) if "https:" in line)
    last = next(index for index, line in enumerate(lines) if line.endswith("comes/"))
    return [line.replace("\u200b", "") for line in lines[first:last + 1]]  # <wbr>


def _feet(edition: str, stylesheets=("guide.css",)) -> list[tuple[int, float]]:
    """Each painted foot of a one-page document: (its lines, the top of its box)."""
    links = "".join(f'<link rel="stylesheet" href="{(LAYOUT / name).as_uri()}">'
                    for name in stylesheets)
    html = (f'<html lang="en"><head>{links}</head><body class="edition-guide">'
            f'<section class="cover" data-title="Space Hacks" data-edition="{edition}">'
            f'</section><p style="break-before: page">Text.</p></body></html>')
    page = weasyprint.HTML(string=html).render().pages[-1]._page_box
    feet = [box for box in page.children if type(box).__name__ == "MarginBox"
            and box.at_keyword.startswith("@bottom")]
    return [(sum(1 for d in box.descendants() if type(d).__name__ == "LineBox"),
             box.content_box_y()) for box in feet]


def test_a_foot_too_long_for_its_share_stays_on_its_line():
    """The feet have fixed shares of the line (no measuring both on every page): an
    edition name too long for its share still prints on one line, level with the page
    number, and never grows down into the half inch kept at the sheet's edge."""
    short = _feet("Community review draft")
    long = _feet("Community review draft for the spring training of every program, "
                 "second printing, with the corrections of the regional review")
    assert [lines for lines, _ in short] == [1, 1]
    assert long == short  # the same single line, at the same height
