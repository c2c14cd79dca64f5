"""The web edition (output/site/), read as files: every page there, valid HTML with a
sound outline, every internal link leading somewhere, every PDF offered with its size,
nothing loaded from elsewhere, and content that can never inject markup or script.
tests/test_site_browser.py opens the same build in Chromium."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

import pytest

from conftest import SAMPLE, SITE_WEBSITE, write_project
from spacehacks import ids

HACK_NAMES = ["walk-the-space", "daily-huddle", "long-hack", "one-voice"]


class Page(HTMLParser):
    """What the checks need from one page."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.lang = None
        self.ids: list[str] = []
        self.headings: list[int] = []
        self.links: list[tuple[str, str]] = []  # (href, accessible text)
        self.sources: list[str] = []  # src= and <link href=>: what the page loads
        self.scripts: list[dict] = []
        self._open_links: list[list] = []
        self._hidden = 0
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs.get("lang")
        if "id" in attrs:
            self.ids.append(attrs["id"])
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        if tag == "a" and "href" in attrs:
            self._open_links.append([attrs["href"], attrs.get("aria-label", "")])
        if tag == "img" and self._open_links:
            self._open_links[-1][1] += attrs.get("alt", "")
        if "src" in attrs:
            self.sources.append(attrs["src"])
        if tag == "link" and attrs.get("rel") != "canonical":  # canonical: a name only
            self.sources.append(attrs.get("href", ""))
        if tag == "script":
            self.scripts.append(attrs)

    def handle_endtag(self, tag):
        if tag == "a" and self._open_links:
            href, text = self._open_links.pop()
            self.links.append((href, " ".join(text.split())))

    def handle_data(self, data):
        for link in self._open_links:
            link[1] += data


def pages(site: Path) -> dict[Path, str]:
    return {path: path.read_text(encoding="utf-8") for path in sorted(site.rglob("*.html"))
            if "pagefind" not in path.parts}


def test_every_page_is_there(site_built):
    root, site = site_built
    expected = ["index.html", "404.html", "hacks/index.html", "tags/index.html",
                "downloads/index.html",
                "search/index.html", "parts/welcome/index.html", "parts/prevention/index.html",
                "parts/response/index.html", "parts/response/words/index.html",
                "parts/quotes/index.html", "parts/glossary/index.html",
                *(f"hacks/{name}/index.html" for name in HACK_NAMES)]
    assert sorted(str(p.relative_to(site)) for p in pages(site)) == sorted(expected)
    assert (site / "pagefind" / "pagefind.js").is_file()
    assert (site / "assets" / "site.css").is_file() and (site / "assets" / "site.js").is_file()


def test_a_hack_page_holds_the_whole_hack(site_built):
    _, site = site_built
    html = (site / "hacks/daily-huddle/index.html").read_text(encoding="utf-8")
    main = html[html.index("<main"):html.index("</main>")]
    assert "P-2</span> Say &ldquo;no&rdquo; &amp; mean it</h1>" in main
    assert "Never paste <code>&lt;script&gt;alert(1)&lt;/script&gt;</code> into a form." in main
    assert "Syringe services programs; Overdose prevention centers" in main
    assert 'href="../../tags/index.html#tag-teamwork">Teamwork</a>' in main
    assert "The zucchini rule" in main  # the full text
    # The caution comes right after the title, as a note a reader cannot skip.
    caution = main.index('class="caution" role="note"')
    assert main.index("</h1>") < caution < main.index("hack-summary")
    assert "<strong>Caution:</strong> Draft for review by a clinician" in main[caution:
                                                                            caution + 300]
    # Links to other hacks go to their pages; the text's headings follow the page's h1.
    assert '<a href="../../hacks/one-voice/index.html" class="xref">one voice</a>' in main or \
        '<a class="xref" href="../../hacks/one-voice/index.html">one voice</a>' in main
    heading = ids.content_prefix(ids.hack("daily-huddle")) + "why-it-matters"
    assert f'<h2 id="{heading}">Why it matters</h2>' in main
    # Related hacks, the pull quote, and what to print: its card, its part's handout,
    # its section's booklet, each on both papers.
    assert "Boundaries help me" in main
    for name in ("walk-the-space", "one-voice"):
        assert f'href="../../hacks/{name}/index.html"' in main.split("Related hacks")[1]
    printed = re.findall(r'href="\.\./\.\./downloads/([^"]+\.pdf)"', main)
    assert printed == ["cards/p-2-daily-huddle.pdf", "cards-a4/p-2-daily-huddle.pdf",
                       "handouts/prevention.pdf", "handouts-a4/prevention.pdf",
                       "booklets/prevention.pdf", "booklets-a4/prevention.pdf"]
    # The picture is served from the site's folder.
    assert 'src="../../pictures/prevention/pictures/table.png"' in main
    assert (site / "pictures/prevention/pictures/table.png").is_file()


def test_the_downloads_page_offers_every_pdf_on_both_papers(site_built):
    """Each PDF the build wrote, with its size, and the copy the site serves is the same
    file; every edition on Letter and A4."""
    root, site = site_built
    output = root / "output"
    html = (site / "downloads/index.html").read_text(encoding="utf-8")
    made = sorted(p.relative_to(output).as_posix() for p in output.rglob("*.pdf")
                  if site not in p.parents)
    # guide, handouts, cards, 4 cards, booklet, 2 section booklets, large print
    assert len(made) == 2 * (1 + 5 + 1 + 4 + 1 + 2 + 1)
    for name in made:
        assert f'href="../downloads/{name}"' in html, name
        copy = site / "downloads" / name
        assert copy.read_bytes() == (output / name).read_bytes()
        size = (output / name).stat().st_size
        shown = (f"{size / 1_000_000:.1f}\u00a0MB" if size >= 1_000_000
                 else f"{round(size / 1000)}\u00a0kB")
        assert shown in html
    assert "January 15, 2026" in html
    for paper in ("Letter", "A4"):
        assert f'<th scope="col">{paper}</th>' in html


def test_a_hack_section_and_part_offer_the_booklet_of_their_own_section(site_built):
    """Booklets are made per section: a hack's page offers the one that holds it, its
    section's page the same one, its part's page each of the part's."""
    _, site = site_built
    for page, expected in [
            ("hacks/one-voice/index.html",
             ["cards/r-1-one-voice.pdf", "cards-a4/r-1-one-voice.pdf",
              "handouts/response.pdf", "handouts-a4/response.pdf",
              "booklets/response-words.pdf", "booklets-a4/response-words.pdf"]),
            ("parts/response/words/index.html",
             ["booklets/response-words.pdf", "booklets-a4/response-words.pdf"]),
            ("parts/response/index.html",
             ["handouts/response.pdf", "handouts-a4/response.pdf",
              "booklets/response-words.pdf", "booklets-a4/response-words.pdf"]),
            ("parts/prevention/index.html",
             ["handouts/prevention.pdf", "handouts-a4/prevention.pdf",
              "booklets/prevention.pdf", "booklets-a4/prevention.pdf"])]:
        html = (site / page).read_text(encoding="utf-8")
        main = html[html.index("<main"):html.index("</main>")]
        assert [href.split("downloads/")[1] for href in re.findall(
            r'href="((?:\.\./)+downloads/[^"]+\.pdf)"', main)] == expected, page
        assert "Booklet: Immediate response: Words" in main or "response" not in page


def test_a_hack_is_offered_the_booklet_of_its_own_section_among_its_parts():
    """With two sections in a part, each hack gets its own section's booklet only."""
    from spacehacks.editions.edition import PAPERS, Edition
    from spacehacks.site.downloads import Download, Shelf

    def booklet(section, hacks):
        return Edition("booklet", (PAPERS["letter"],), "", "", "", (),
                       f"booklets{{paper}}/part-{section}.pdf", section, hacks=hacks,
                       label=section, section=("part", section))

    handout = Edition("handout", (PAPERS["letter"],), "", "", "", (),
                      "handouts{paper}/part.pdf", "part", parts=("part",), label="Part")
    other = Edition("handout", (PAPERS["letter"],), "", "", "", (),
                    "handouts{paper}/other.pdf", "other", parts=("other",), label="Other")
    editions = [handout, other, booklet("one", ("a", "b")), booklet("two", ("c",)),
                Edition("booklet", (PAPERS["letter"],), "", "", "", (),
                        "whole{paper}.pdf", "whole")]
    shelf = Shelf([Download(e.file_name(PAPERS["letter"]), e.title, "Letter", e, "", 1, b"")
                   for e in editions])
    names = lambda rows: [edition.key for edition, _ in rows]  # noqa: E731
    assert names(shelf.for_hack("part", "c")) == ["handouts/part.pdf", "booklets/part-two.pdf"]
    assert names(shelf.for_hack("part", "a")) == ["handouts/part.pdf", "booklets/part-one.pdf"]
    assert names(shelf.for_part("part")) == ["handouts/part.pdf", "booklets/part-one.pdf",
                                             "booklets/part-two.pdf"]
    assert names(shelf.for_section("part", "two")) == ["booklets/part-two.pdf"]


@pytest.mark.parametrize("check", ["lang", "one h1", "heading levels", "unique ids",
                                   "link text"])
def test_every_page_is_valid_html_with_a_sound_outline(site_built, check):
    _, site = site_built
    for path, text in pages(site).items():
        page = Page(text)
        where = path.relative_to(site)
        if check == "lang":
            assert page.lang == "en-US", where
        elif check == "one h1":
            assert page.headings.count(1) == 1 and page.headings[0] == 1, where
        elif check == "heading levels":
            for before, after in zip(page.headings, page.headings[1:]):
                assert after <= before + 1, (where, page.headings)
        elif check == "unique ids":
            assert len(page.ids) == len(set(page.ids)), (where, page.ids)
        else:
            assert all(text for _, text in page.links), (where, page.links)
        assert text.startswith("<!DOCTYPE html>"), where


def test_every_internal_link_leads_to_a_file_and_its_anchor(site_built):
    _, site = site_built
    every = pages(site)
    ids = {path: set(Page(text).ids) for path, text in every.items()}
    for path, text in every.items():
        page = Page(text)
        for href, _ in page.links + [(source, "") for source in page.sources]:
            parsed = urlparse(href)
            if parsed.scheme in ("https", "http", "mailto", "tel"):
                continue
            assert not parsed.scheme and not parsed.netloc, (path, href)
            if path.name == "404.html" and parsed.path:  # served anywhere: site's path
                assert href.startswith(urlparse(SITE_WEBSITE).path), href
                target = site / unquote(parsed.path).removeprefix("/")
            else:
                target = path if not parsed.path else Path(unquote(urljoin(
                    path.as_uri(), parsed.path).removeprefix("file://")))
            assert target.is_file(), (path.relative_to(site), href)
            assert target.resolve().is_relative_to(site.resolve())
            if parsed.fragment:
                assert parsed.fragment in ids[target], (path.relative_to(site), href)
    css = (site / "assets/site.css").read_text(encoding="utf-8")
    for url in re.findall(r"url\(([^)]+)\)", css):
        assert (site / "assets" / url.strip("'\"")).is_file(), url


def test_nothing_is_loaded_from_elsewhere(site_built):
    """Only links to the web leave the site; nothing a page loads does (scripts, styles,
    fonts, pictures), and every page carries a policy that forbids it."""
    _, site = site_built
    for path, text in pages(site).items():
        page = Page(text)
        assert all(not urlparse(source).scheme and not source.startswith("//")
                   for source in page.sources), (path, page.sources)
        assert "default-src 'self'" in text
    for path in site.rglob("*"):
        if path.suffix in (".css", ".js", ".html"):
            text = path.read_text(encoding="utf-8")
            loads = re.findall(r"""(?:url\(|import\(|src=)["']?(https?:)?//""", text)
            assert not loads, path


def test_content_never_becomes_markup_or_script(site_built):
    """Text that looks like HTML or a template is printed as text: in a summary, a code
    span, a code block; the only scripts on a page are the site's own."""
    _, site = site_built
    for path, text in pages(site).items():
        page = Page(text)
        depth = len(path.relative_to(site).parts) - 1
        root = "/" if path.name == "404.html" else "../" * depth
        assert page.scripts[0] == {"src": root + "assets/site.js", "defer": None}
        assert all(script == {"type": "application/json", "id": ids.HACK_LIST}
                   for script in page.scripts[1:]), path
        assert "onerror=" not in re.sub(r"&lt;.*?&gt;", "", text)
        assert "<script>alert" not in text and "<img src=x" not in text
    html = (site / "hacks/daily-huddle/index.html").read_text(encoding="utf-8")
    assert "<code>&lt;img src=x onerror=alert(1)&gt;</code>" in html
    assert "&lt;/script&gt;&lt;script&gt;alert(2)&lt;/script&gt;" in html
    assert "{{ 7*7 }}" in html and "49" not in html
    # The hacks' texts for search from the disk: data only, no '<' to end the script.
    script = (site / "assets/hack-texts.js").read_text(encoding="utf-8")
    assert script.startswith("window.spaceHacksTexts = {") and script.endswith("};\n")
    assert "<" not in script and ">" not in script
    texts = json.loads(script.removeprefix("window.spaceHacksTexts = ").removesuffix(";\n"))
    assert sorted(texts) == sorted(HACK_NAMES)
    assert "</script><script>alert(2)</script>" in texts["daily-huddle"]
    assert "The zucchini rule: one word, said once." in texts["daily-huddle"]


HOSTILE = {
    "a script in a title": ("title: One voice leads", "title: <script>alert(1)</script>"),
    "markup in a summary": ("summary: One person talks; the others support.",
                            'summary: Talk <img src="x" onerror="alert(1)">'),
    "a script link": ("## Why it matters\n", "## Why it matters\n\n[x](javascript:alert(1))\n"),
    "raw HTML in a body": ("## Why it matters\n", "## Why it matters\n\n<iframe src=x></iframe>\n"),
    "a data link": ("## Why it matters\n",
                    "## Why it matters\n\n[x](data:text/html,<script>alert(1)</script>)\n"),
    "a link in a title": ("title: One voice leads", "title: One [voice](https://example.org)"),
}


@pytest.mark.parametrize("name", HOSTILE)
def test_the_site_refuses_what_the_pdf_refuses_with_the_same_message(tmp_path, capsys,
                                                                         name):
    from spacehacks.commands import main

    old, new = HOSTILE[name]
    path = "content/response/words/one-voice.md"
    text = SAMPLE[path].replace(old, new, 1)
    assert text != SAMPLE[path]
    root = write_project(tmp_path / "project", {**SAMPLE, path: text})
    answers = []
    for edition in ("guide", "site"):
        code = main(["--project", str(root), "--edition", edition, "--force"])
        answers.append((code, capsys.readouterr().err))
    assert answers[0] == answers[1]
    code, err = answers[1]
    assert code == 1 and f"{path}:" in err
    assert not (root / "output" / "site").exists()


def test_the_same_content_gives_the_same_site(site_built):
    """Byte for byte, search index included: two renderings of one checked guide."""
    from spacehacks.build.pipeline import read_and_check
    from spacehacks.editions.edition import site
    from spacehacks.site.edition import make_site

    root, _ = site_built
    guide, _ = read_and_check(root)
    first = make_site(guide, site("Test Guide", ()), root, [])
    second = make_site(guide, site("Test Guide", ()), root, [])
    assert first.files == second.files
    assert any(name.startswith("site/pagefind/") for name in first.files)


def test_a_page_that_no_longer_exists_does_not_linger(tmp_path):
    from spacehacks.build.output import replace_folder

    folder = tmp_path / "output" / "site"
    replace_folder(folder, {"index.html": b"one", "hacks/old-name/index.html": b"old"})
    replace_folder(folder, {"index.html": b"two", "hacks/new-name/index.html": b"new"})
    assert sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()
                  ) == ["hacks/new-name/index.html", "index.html"]
    assert (folder / "index.html").read_bytes() == b"two"
    assert [p.name for p in folder.parent.iterdir()] == ["site"]  # nothing left beside it


def test_the_site_alone_offers_the_pdfs_output_holds_from_the_same_inputs(site_built,
                                                                           tmp_path):
    """After --all, the site alone makes no PDF; a PDF changed since (not what the build
    wrote) is made again, never offered."""
    import shutil

    from spacehacks.editions.plan import Request
    from spacehacks.build.pipeline import Options, build as run

    root = tmp_path / "project"
    shutil.copytree(site_built[0], root)
    alone = run(Options(root=root, request=Request(kinds=("site",)), force=True))
    assert alone.layouts == 0 and alone.site == root / "output" / "site"
    guide = root / "output" / "space-hacks.pdf"
    guide.write_bytes(guide.read_bytes()[:-10] + b"forged pdf")
    again = run(Options(root=root, request=Request(kinds=("site",)), force=True))
    assert again.layouts >= 1
    offered = (root / "output/site/downloads/space-hacks.pdf").read_bytes()
    assert b"forged pdf" not in offered and offered == guide.read_bytes()


def test_after_the_guide_on_letter_alone_the_site_makes_it_on_a4_too(site_built, tmp_path):
    """`make pdf` (the guide, on Letter) then `make site`: the manifest holds the guide
    from these inputs on one paper only, which is not the whole edition the site offers;
    the guide is made again on both papers, and the downloads page offers both."""
    import shutil

    from spacehacks.build.pipeline import Options, build as run
    from spacehacks.editions.plan import Request

    root = tmp_path / "project"
    shutil.copytree(site_built[0], root)
    (root / "output" / "space-hacks-a4.pdf").unlink()
    run(Options(root=root, request=Request(kinds=("guide",)), force=True))
    run(Options(root=root, request=Request(kinds=("site",))))
    html = (root / "output/site/downloads/index.html").read_text(encoding="utf-8")
    assert "not made" not in html
    assert (root / "output/site/downloads/space-hacks-a4.pdf").read_bytes() == (
        root / "output/space-hacks-a4.pdf").read_bytes()


def test_the_command_line_makes_the_site(site_built, tmp_path, capsys):
    import shutil

    from spacehacks.commands import main

    root = tmp_path / "project"
    shutil.copytree(site_built[0], root)
    assert main(["--project", str(root), "--edition", "site", "--force"]) == 0
    out = capsys.readouterr().out
    assert "Wrote the web edition in output/site/ (" in out
    assert "PDF files" not in out  # no PDF was made: they were there from these inputs
    assert main(["--project", str(root), "-o", "x.pdf", "--edition", "site"]) == 2
    assert "the web edition is always written to output/site/" in capsys.readouterr().err


def test_each_page_names_its_address_only_when_the_website_is_a_web_address(site_built):
    """The canonical address of a page comes from `website:` in guide.yaml, through the
    one function print editions use too; anything but an http(s) address is left out."""
    from spacehacks.build.pipeline import read_and_check
    from spacehacks.editions.edition import site
    from spacehacks.site.edition import make_site

    root, _ = site_built
    guide, _ = read_and_check(root)
    for website, expected in [
            ("https://spacehacks.example.org/",
             '<link rel="canonical" href="https://spacehacks.example.org/hacks/one-voice/">'),
            ("javascript:alert(1)", None), (None, None)]:
        guide.settings.website = website
        page = make_site(guide, site("Test Guide", ()), root, []).files[
            "site/hacks/one-voice/index.html"].decode()
        if expected:
            assert expected in page
        else:
            assert 'rel="canonical"' not in page and "javascript:" not in page


def _printed_addresses(pdf: Path) -> tuple[set[str], set[str]]:
    """The site's addresses a PDF prints as words, and those its QR codes hold (each
    code's alternative text, which the template writes from the same address)."""
    import pikepdf

    from printed import words as printed_words

    # Each word as poppler reads it off the sheet (imposed booklet sheets too), a hyphen
    # at the end of a line kept.
    text = "".join(word.text for page in printed_words(pdf) for word in page)
    words = set(re.findall(re.escape(SITE_WEBSITE) + r"(?:[a-z0-9-]+/)*", text))
    with pikepdf.open(pdf) as document:
        alts = {str(obj.get("/Alt")) for obj in document.objects
                if isinstance(obj, pikepdf.Dictionary) and obj.get("/S") == "/Figure"}
    codes = {alt.removeprefix("QR code for ") for alt in alts
             if alt.startswith("QR code for ")}
    return words, codes


def test_every_printed_address_is_a_page_of_the_site(site_built):
    """Every address a PDF prints, in words or as a QR code, is a page the web edition
    wrote, and that page names the same address as its own (canonical); every card
    points at its hack, every part handout at its part, the guide at the home page."""
    root, site = site_built
    output = root / "output"
    printed: dict[str, set[str]] = {}
    for pdf in sorted(output.rglob("*.pdf")):
        if site in pdf.parents:
            continue
        name = pdf.relative_to(output).as_posix()
        words, codes = _printed_addresses(pdf)
        assert codes <= words, (name, codes - words)  # each code's address is printed too
        printed[name] = words
        for address in words:
            page = site / address.removeprefix(SITE_WEBSITE) / "index.html"
            assert page.is_file(), (name, address)
            assert f'<link rel="canonical" href="{address}">' in page.read_text("utf-8")
    for name in HACK_NAMES:
        number_and_name = [card for card in printed if card.startswith("cards/")
                           and card.endswith(f"-{name}.pdf")]
        assert printed[number_and_name[0]] == {f"{SITE_WEBSITE}hacks/{name}/"}
    for part in ("prevention", "response"):
        assert f"{SITE_WEBSITE}parts/{part}/" in printed[f"handouts/{part}.pdf"]
        assert f"{SITE_WEBSITE}parts/{part}/" in printed[f"handouts-a4/{part}.pdf"]
    assert SITE_WEBSITE in printed["space-hacks.pdf"]
    assert all(printed.values()) and len(printed) == len(list((site / "downloads").rglob(
        "*.pdf")))


def test_every_page_names_its_own_address(site_built):
    """The canonical address of each page is where the site put it, from the one
    function the print editions ask (editions/addresses.py); the page for a missing
    address names none."""
    _, site = site_built
    for path, text in pages(site).items():
        canonical = re.findall(r'<link rel="canonical" href="([^"]*)">', text)
        if path.name == "404.html":
            assert canonical == []
            continue
        folder = path.parent.relative_to(site).as_posix()
        assert canonical == [SITE_WEBSITE + ("" if folder == "." else folder + "/")], path


def test_a_missing_address_gets_a_page_that_helps(site_built):
    """404.html, which GitHub Pages shows for any address it does not have: a search box
    that asks the search page, and every part, linked from the site's own path."""
    root, site = site_built
    html = (site / "404.html").read_text(encoding="utf-8")
    page = Page(html)
    assert '<form class="search-form" role="search" action="/search/index.html" ' \
        'method="get">' in html
    assert 'name="q"' in html and 'data-from-address' in html
    links = dict(page.links)
    for part in ("welcome", "prevention", "response", "quotes", "glossary"):
        assert links.get(f"/parts/{part}/index.html"), part
    assert links["/parts/prevention/index.html"] == "Prevention"
    assert links["/hacks/index.html"] == "all 4 hacks"
    assert page.headings.count(1) == 1


def test_a_handout_with_the_site_is_refused_with_a_message(site_built, tmp_path, capsys):
    """--handout and the web edition (--edition site, or --all) are two commands: the
    site is never silently left out."""
    import shutil

    from spacehacks.commands import main

    root = tmp_path / "project"
    shutil.copytree(site_built[0], root, ignore=shutil.ignore_patterns("output"))
    for asked in (["--edition", "site"], ["--all"]):
        assert main(["--project", str(root), "--handout", "R-1", *asked]) == 2
        err = capsys.readouterr().err
        assert "--handout makes one PDF handout" in err and "--edition site" in err
        assert "Traceback" not in err
    assert not (root / "output").exists() or not any((root / "output").rglob("*.pdf"))


def test_the_site_shares_the_bytes_of_its_pdfs_with_output(site_built, tmp_path):
    """Each PDF under downloads/ is the file output/ holds, a second name for it (on one
    disk), not a second copy; packed as GitHub Pages packs it, each is a whole file."""
    import os
    import subprocess
    import tarfile

    root, site = site_built
    output = root / "output"
    offered = sorted((site / "downloads").rglob("*.pdf"))
    assert len(offered) == len([p for p in output.rglob("*.pdf") if site not in p.parents])
    for copy in offered:
        original = output / copy.relative_to(site / "downloads")
        assert os.path.samefile(copy, original), copy
    # actions/upload-pages-artifact's own command: Pages refuses hard links in its tar.
    archive = tmp_path / "artifact.tar"
    subprocess.run(["tar", "--dereference", "--hard-dereference", "--directory", str(site),
                    "-cf", str(archive), "--exclude=.git", "--exclude=.github", "."],
                   check=True)
    with tarfile.open(archive) as tar:
        members = tar.getmembers()
        assert all(m.isfile() or m.isdir() for m in members)
        pdfs = {m.name: m.size for m in members if m.name.endswith(".pdf")}
    assert pdfs == {"./" + copy.relative_to(site).as_posix(): copy.stat().st_size
                    for copy in offered}


def test_a_pdf_is_copied_where_it_cannot_be_shared(tmp_path, monkeypatch):
    """Other bytes, a symbolic link, or a disk that refuses hard links: a copy of its own,
    and the file under output/ is never touched."""
    import os

    from spacehacks.build import output
    from spacehacks.build.output import replace_folder, write_atomically

    made = tmp_path / "output"
    write_atomically(made / "a.pdf", b"A")
    write_atomically(made / "b.pdf", b"B")
    (made / "c.pdf").symlink_to(made / "a.pdf")
    folder = made / "site"
    files = {"downloads/a.pdf": b"A", "downloads/b.pdf": b"other", "downloads/c.pdf": b"A"}
    same_as = {name: made / name.removeprefix("downloads/") for name in files}
    replace_folder(folder, files, same_as)
    assert os.path.samefile(folder / "downloads/a.pdf", made / "a.pdf")
    assert (folder / "downloads/b.pdf").read_bytes() == b"other"
    assert (made / "b.pdf").read_bytes() == b"B"
    assert not (folder / "downloads/c.pdf").is_symlink()
    assert not os.path.samefile(folder / "downloads/c.pdf", made / "a.pdf")
    # A later build replaces output/a.pdf with a new file: the site keeps what it offered.
    write_atomically(made / "a.pdf", b"A2")
    assert (folder / "downloads/a.pdf").read_bytes() == b"A"

    def refused(*args, **kwargs):
        raise OSError(18, "Invalid cross-device link")

    monkeypatch.setattr(output.os, "link", refused)
    replace_folder(folder, files, same_as)
    assert (folder / "downloads/a.pdf").read_bytes() == b"A"
    assert not os.path.samefile(folder / "downloads/a.pdf", made / "a.pdf")
