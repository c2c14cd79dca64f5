"""Every mistake an editor can make gives `file:line: what is wrong and what to do`,
exits non-zero without a traceback, and leaves the previous PDF untouched."""

from __future__ import annotations

import re

import pytest

from conftest import SAMPLE, hack_text, run_cli

WALK = "content/prevention/walk-the-space.md"
HUDDLE = "content/prevention/daily-huddle.md"
WORDS = "content/words-to-avoid.yaml"


def edit(project, name, old, new):
    path = project / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"the test's edit does not apply: {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


CASES = {
    "yaml syntax": (
        lambda p: edit(p, WALK, "summary: Look at the room", "summary: [Look at the room"),
        f"{WALK}:3: A list in square brackets is not closed", None),
    "tab in the settings": (
        lambda p: edit(p, WALK, "tags: [space-design]", "tags:\t[space-design]"),
        f"{WALK}:4: There is a tab here: YAML needs spaces instead of tabs.", None),
    "value starting with a star": (
        lambda p: edit(p, WALK, "summary: Look", "summary: **Look**"),
        f"{WALK}:3: A value cannot start with * or &: put the whole value in double quotes.",
        None),
    "setting written twice": (
        lambda p: edit(p, WALK, "tags: [space-design]", "tags: [space-design]\ntags: [words]"),
        f"{WALK}:5: The setting 'tags' is written twice; keep one.", None),
    "date that does not exist": (
        lambda p: edit(p, "content/guide.yaml", "date: 2026-01-15", "date: 2026-02-30"),
        "content/guide.yaml:5: '2026-02-30' is not a real date; write a date as 2026-11-25.",
        None),
    "empty guide settings": (
        lambda p: (p / "content/guide.yaml").write_text("# nothing yet\n"),
        "content/guide.yaml:1: this is empty, but it should hold the guide's", None),
    "empty hack settings": (
        lambda p: (p / WALK).write_text("---\n---\nText.\n"),
        f"{WALK}:2: this is empty, but it should hold 'name: value' settings", None),
    "empty quotes file": (
        lambda p: (p / "content/quotes.yaml").write_text(""),
        "content/quotes.yaml:1: this is empty, but it should hold a list", None),
    "quote added without its dash": (
        lambda p: (p / "content/quotes.yaml").write_text(
            SAMPLE["content/quotes.yaml"] + 'id: new\n  text: "A new quote."\n'),
        "content/quotes.yaml:8: each quote starts with a line '- id: ...', with its other "
        "lines indented by two spaces under it. Add '- ' at the start of this line.", None),
    "quote without its dash between others": (
        lambda p: edit(p, "content/quotes.yaml", "- id: light", "id: light"),
        "content/quotes.yaml:3: each quote starts with a line '- id: ...'", None),
    "quote without its dash, indented": (
        lambda p: (p / "content/quotes.yaml").write_text(
            SAMPLE["content/quotes.yaml"] + '  id: new\n  text: "A new quote."\n'),
        "content/quotes.yaml:8: each quote starts with a line '- id: ...'", None),
    "first glossary term without its dash": (
        lambda p: edit(p, "content/glossary.yaml", "- term: Participant", "term: Participant"),
        "content/glossary.yaml:1: each glossary entry starts with a line '- term: ...'", None),
    "curly quotes around a value with a colon": (
        lambda p: edit(p, WALK, "summary: Look at the room with fresh eyes.",
                       "summary: \u201cAsk: what helps?\u201d"),
        f"{WALK}:3: This value starts with a curly quote \u201c (as a word processor types "
        "it) and holds a colon, so it cannot be read: use straight double quotes instead. "
        'Write: summary: "Ask: what helps?"', None),
    "curly quote never closed": (
        lambda p: edit(p, WALK, "title: Walk the space", "title: \u201cWalk the space"),
        f"{WALK}:2: This value opens a curly quote \u201c that is never closed. Delete it, "
        "or end the quotation with \u201d.", None),
    "curly single quote never closed": (
        lambda p: edit(p, WALK, "title: Walk the space", "title: \u2018Walk the space"),
        f"{WALK}:2: This value opens a curly quote \u2018 that is never closed.", None),
    "curly quote never opened": (
        lambda p: edit(p, WALK, "title: Walk the space", "title: Walk the space\u201d"),
        f"{WALK}:2: This value ends with a curly quote \u201d that is never opened.", None),
    "tags without brackets": (
        lambda p: edit(p, WALK, "tags: [space-design]", "tags: space-design"),
        f"{WALK}:4: 'tags' must be a list in square brackets, such as [teamwork, staffing].",
        None),
    "programs without brackets": (
        lambda p: edit(p, WALK, "programs: [all]", "programs: all"),
        f"{WALK}:5: 'programs' must be a list in square brackets, such as [all] or [ssp, opc].",
        None),
    "see-also without brackets": (
        lambda p: edit(p, WALK, "see_also: [one-voice]", "see_also: one-voice"),
        f"{WALK}:7: 'see_also' must be a list in square brackets, such as [one-voice-leads, "
        "offer-debriefs-never-require-them].", None),
    "sections written as one name": (
        lambda p: edit(p, "content/response/part.md", "sections:\n  - words", "sections: words"),
        "content/response/part.md:5: 'sections' must be a list: one line '  - "
        "space-and-supplies' under it for each section's folder", None),
    "tags of the guide as a list": (
        lambda p: edit(p, "content/guide.yaml", "tags:\n  space-design: Space design\n  "
                       "teamwork: Teamwork\n  words: What to say\n", "tags: [teamwork]\n"),
        "content/guide.yaml:18: 'tags' must be a list of 'short-name: Printed name' lines, "
        "each indented by two spaces, such as '  teamwork: Teamwork'.", None),
    "title that reads as yes": (
        lambda p: edit(p, WALK, "title: Walk the space", "title: yes"),
        f"{WALK}:2: 'title' must be some text. If it is, put it in double quotes", None),
    "hack file with the wrong ending": (
        lambda p: (p / WALK).rename(p / "content/prevention/walk.MD"),
        "content/prevention/walk.MD: this looks like a hack, but only files whose names "
        "end in .md", None),
    "folder where a hack should be": (
        lambda p: (p / "content/prevention/folder.md").mkdir(),
        "content/prevention/folder.md: this is a folder, but its name ends in .md", None),
    "html entity the fonts lack": (
        lambda p: edit(p, WALK, "A short paragraph.", "A short &rarr; paragraph."),
        f"{WALK}:12: the character '&rarr;' (rightwards arrow, U+2192) is not in the guide's "
        "fonts", None),
    "invisible character": (
        lambda p: edit(p, WALK, "A short paragraph.", "A short\u200b paragraph."),
        f"{WALK}:12: the character '\u200b' (zero width space, U+200B)", None),
    "svg image": (
        lambda p: ((p / "content/prevention/plan.svg").write_text(
            '<svg xmlns="http://www.w3.org/2000/svg"><image href="https://example.org/x.png"/>'
            '</svg>'), edit(p, WALK, "A short paragraph.", "![a plan](plan.svg)")),
        f"{WALK}:12: the image 'plan.svg' is not a picture the guide can print.", "PNG"),
    "broken image": (
        lambda p: ((p / "content/prevention/plan.png").write_bytes(b"not a picture"),
                   edit(p, WALK, "A short paragraph.", "![a plan](plan.png)")),
        f"{WALK}:12: the image 'plan.png' is not a picture the guide can print.", None),
    "image in the layout folder": (
        lambda p: edit(p, WALK, "A short paragraph.", "![a font](../../fonts/bitter/LICENSE)"),
        f"{WALK}:12: the image '../../fonts/bitter/LICENSE' points outside the content/ "
        "folder", None),
    "missing title": (
        lambda p: edit(p, WALK, "title: Walk the space\n", ""),
        f"{WALK}:2: a hack needs 'title:'", "Add a line 'title: ...'"),
    "misspelt setting": (
        lambda p: edit(p, WALK, "summary:", "sumary:"),
        f"{WALK}:3: 'sumary' is not a setting of a hack. Did you mean 'summary'?", None),
    "unknown tag": (
        lambda p: edit(p, WALK, "tags: [space-design]", "tags: [space-desing]"),
        f"{WALK}:4: unknown tag 'space-desing'. Did you mean 'space-design'?",
        "content/guide.yaml"),
    "unknown program type": (
        lambda p: edit(p, HUDDLE, "programs: [ssp, opc]", "programs: [ssp, opcs]"),
        f"{HUDDLE}:5: unknown program type 'opcs'. Did you mean 'opc'?", None),
    "all with others": (
        lambda p: edit(p, HUDDLE, "programs: [ssp, opc]", "programs: [ssp, all]"),
        f"{HUDDLE}:5: 'all' must stand alone", None),
    "see-also to a missing hack": (
        lambda p: edit(p, WALK, "see_also: [one-voice]", "see_also: [one-voices]"),
        f"{WALK}:7: 'see_also' names 'one-voices', but no hack file is called that. "
        "Did you mean 'one-voice'? Use a hack's file name without .md.", None),
    "see-also to itself": (
        lambda p: edit(p, WALK, "see_also: [one-voice]", "see_also: [walk-the-space]"),
        f"{WALK}:7: a hack cannot see-also itself", None),
    "unknown pull quote": (
        lambda p: edit(p, HUDDLE, "pull_quote: boundaries", "pull_quote: boundary"),
        f"{HUDDLE}:7: there is no quote with the id 'boundary'", "Did you mean 'boundaries'?"),
    "featured is not true or false": (
        lambda p: edit(p, WALK, "featured: true", "featured: sometimes"),
        f"{WALK}:6: 'featured' must be true or false.", None),
    "unknown opening quote": (
        lambda p: edit(p, "content/prevention/part.md", "opening_quote: light",
                       "opening_quote: lite"),
        "content/prevention/part.md:5: there is no quote with the id 'lite'", None),
    "bad part kind": (
        lambda p: edit(p, "content/prevention/part.md", "kind: hacks", "kind: hack"),
        "content/prevention/part.md:3: 'kind' must be one of: text, hacks, quotes, glossary.",
        "Did you mean 'hacks'?"),
    "bad file name": (
        lambda p: (p / WALK).rename(p / "content/prevention/Walk The Space.md"),
        "content/prevention/Walk The Space.md: a hack's file name must be lowercase words",
        None),
    "hack listed twice": (
        lambda p: edit(p, "content/prevention/part.md", "  - long-hack\n",
                       "  - long-hack\n  - walk-the-space\n"),
        "content/prevention/part.md:10: 'walk-the-space' is listed twice. Remove one line.",
        None),
    "hack listed without its file": (
        lambda p: edit(p, "content/prevention/part.md", "  - long-hack\n",
                       "  - long-hack\n  - daily-huddles\n"),
        "content/prevention/part.md:10: 'hacks:' lists 'daily-huddles', but there is no file "
        "daily-huddles.md in content/prevention/. Did you mean 'daily-huddle'?", None),
    "section listed without its folder": (
        lambda p: edit(p, "content/response/part.md", "  - words\n", "  - words\n  - calm\n"),
        "content/response/part.md:7: the section 'calm' needs a folder "
        "content/response/calm/ with a file section.md in it.", None),
    "hack in a folder that is not a section": (
        lambda p: (p / "content/response/drafts").mkdir() or
        (p / "content/response/drafts/new.md").write_text(hack_text("New", "A new one.")),
        "content/response/drafts: this folder is not one of the part's sections", None),
    "hack beside part.md in a part with sections": (
        lambda p: (p / "content/response/new.md").write_text(hack_text("New", "A new one.")),
        "content/response/new.md: this part is divided into sections, so its hacks live in "
        "the section folders (words).", None),
    "hack folder not listed as a part": (
        lambda p: edit(p, "content/guide.yaml", "  - response\n", ""),
        "content/response: this folder holds 1 hack file(s) but is not listed under "
        "'parts:' in content/guide.yaml", None),
    "hack saved as .txt": (  # one message, at the list that names it
        lambda p: (p / WALK).rename(p / "content/prevention/walk-the-space.txt"),
        "content/prevention/part.md:7: 'hacks:' lists 'walk-the-space', but its file is "
        "content/prevention/walk-the-space.txt, and only files ending in .md (lowercase) are "
        "read. Rename it walk-the-space.md.", "1 problem to fix"),
    "hack saved as .txt in a section": (
        lambda p: (p / "content/response/words/new.txt").write_text(hack_text("N", "A new one.")),
        "content/response/words/new.txt: this looks like a hack, but only files whose names "
        "end in .md", None),
    "hack in a folder inside a section": (
        lambda p: (p / "content/response/words/more").mkdir() or
        (p / "content/response/words/more/new.md").write_text(hack_text("New", "A new one.")),
        "content/response/words/more: files in a folder inside a section are not read. Move "
        "them up into the section's folder, beside section.md.", None),
    "hack in a folder inside a part without sections": (
        lambda p: (p / "content/prevention/more").mkdir() or
        (p / "content/prevention/more/new.md").write_text(hack_text("New", "A new one.")),
        "content/prevention/more: hack files in a folder inside a part are read only when the "
        "folder is a section.", None),
    "hack in content itself": (
        lambda p: (p / "content/new-hack.md").write_text(hack_text("New", "A new one.")),
        "content/new-hack.md: a hack in content/ itself is not read: each hack lives in the "
        "folder of its part (or of a section in it).", None),
    "hack in content itself as .txt": (
        lambda p: (p / "content/new-hack.txt").write_text(hack_text("New", "A new one.")),
        "content/new-hack.txt: a hack in content/ itself is not read", None),
    "misspelt what's-new page": (
        lambda p: (p / "content/whats_new.md").write_text("---\ntitle: New\n---\nText.\n"),
        "content/whats_new.md: a hack in content/ itself is not read", "Did you mean "
        "'whats-new.md'?"),
    "hack as .txt in a text part": (
        lambda p: (p / "content/welcome/new.txt").write_text(hack_text("New", "A new one.")),
        "content/welcome/new.txt: this part has 'kind: text', so it cannot hold hacks: only "
        "its part.md is printed. Move the file into a part with 'kind: hacks'", None),
    "folder of hacks in the glossary part": (
        lambda p: (p / "content/glossary/more").mkdir() or
        (p / "content/glossary/more/new.md").write_text(hack_text("New", "A new one.")),
        "content/glossary/more: this folder is inside a part with 'kind: glossary', which "
        "prints only its part.md", None),
    "folder of .txt hacks not listed as a part": (
        lambda p: (p / "content/extra").mkdir() or
        (p / "content/extra/new.txt").write_text(hack_text("New", "A new one.")),
        "content/extra: this folder holds 1 hack file(s) but is not listed under 'parts:'",
        None),
    "two hacks with one title": (
        lambda p: edit(p, HUDDLE, "title: Hold a daily huddle", "title: Walk the  space."),
        f"{HUDDLE}:2: this is also the title of P-1 (walk-the-space.md). Readers find a hack "
        "by its title in the contents and the bookmarks: give each hack a title of its own.",
        None),
    "the template copied and left unchanged": (
        lambda p: ((p / "content/prevention/new.md").write_text(
            (p / "layout/hack-template.md").read_text()),
            edit(p, "content/prevention/part.md", "  - long-hack\n", "  - long-hack\n  - new\n")),
        "content/prevention/new.md:2: this is still the template's title. Write the hack's "
        "own title, starting with a verb.",
        "content/prevention/new.md:3: this hack still holds the template's example text, on "
        "lines 3, 11, 15, 16, 17, 21, 22 and 23. Write the hack's own words there."),
    "a hack made by new and left half-written": (
        lambda p: edit(p, WALK, "Marker for Walk the space. A short paragraph.",
                       "One short paragraph: what goes wrong without this, and what changes "
                       "with it."),
        f"{WALK}:12: this hack still holds the template's example text, on line 12.", None),
    "heading level skipped in a text part": (
        lambda p: edit(p, "content/welcome/part.md", "## Who this is for",
                       "## Who this is for\n\n#### Staff"),
        "content/welcome/part.md:8: '#### Staff' skips a heading level: after a '##' heading "
        "comes '###'. Write it as '### Staff', or add the missing heading above it.", None),
    "part text starting at ###": (
        lambda p: edit(p, "content/welcome/part.md", "## Who this is for", "### Who this is for"),
        "content/welcome/part.md:6: '### Who this is for' skips a heading level: after the "
        "title comes '##'. Write it as '## Who this is for'", None),
    "heading at the level of the title": (
        lambda p: edit(p, "content/welcome/part.md", "## Who this is for",
                       "# Welcome\n\n### Who this is for"),
        "content/welcome/part.md:6: '# Welcome' is a heading at the level of the title (the "
        "'title:' setting at the top). Write it as '## Welcome'",
        "content/welcome/part.md:8: '### Who this is for' skips a heading level"),
    "heading level skipped in a hack": (
        lambda p: edit(p, WALK, "A short paragraph.", "A short paragraph.\n\n#### Details"),
        f"{WALK}:14: '#### Details' skips a heading level: after a '##' heading comes '###'.",
        None),
    "bold that never ends": (
        lambda p: edit(p, WALK, "A short paragraph.", "A **short paragraph."),
        f"{WALK}:12: '**' starts bold text that never ends, so the asterisks would print. Put "
        "** after the last bold word, in the same paragraph, or write \\*\\* to print them.",
        None),
    "bold that never ends, after bold that does": (
        lambda p: edit(p, WALK, "A short paragraph.", "A **short** paragraph.\n\nThen "
                       "`**code**`, \\*\\*escaped\\*\\* and **bold\n\nthat ends** late."),
        f"{WALK}:14: '**' starts bold text that never ends", f"{WALK}:16: '**' starts bold"),
    "bold that never ends in a summary": (
        lambda p: edit(p, WALK, "summary: Look at the room", "summary: Look at **the room"),
        f"{WALK}:3: '**' starts bold text that never ends", None),
    "table column without a heading": (
        lambda p: edit(p, WALK, "A short paragraph.", "A short paragraph.\n\n| | Say |\n"
                       "| --- | --- |\n| Calm | Let's sit |"),
        f"{WALK}:14: column 1 of this table has no heading. Write one in the table's first "
        "row: a screen reader reads each column's heading before its cells.", None),
    "word to avoid without what to say": (
        lambda p: edit(p, WORDS, "  say: new or used needles\n", ""),
        f"{WORDS}:3: an entry of words to avoid needs 'say:'. Add a line 'say: ...'", None),
    "words to avoid without brackets": (
        lambda p: edit(p, WORDS, "avoid: [addict, addicts]", "avoid: addict"),
        f"{WORDS}:1: 'avoid' must be a list in square brackets, such as [addict, addicts].",
        None),
    "word to avoid listed twice": (
        lambda p: edit(p, WORDS, "[clean needles, dirty needles]",
                       "[clean needles, dirty needles,\n          Clean  Needles]"),
        f"{WORDS}:4: 'Clean  Needles' is already listed on line 3. Keep it once.", None),
    "word to avoid with no letters": (
        lambda p: edit(p, WORDS, "[addict, addicts]", "[addict, addicts, '...']"),
        f"{WORDS}:1: '...' has no letters to look for. Write a word or phrase.", None),
    "no words to avoid in an entry": (
        lambda p: edit(p, WORDS, "[addict, addicts]", "[]"),
        f"{WORDS}:1: list at least one word or phrase to avoid", None),
    "misspelt setting of a word to avoid": (
        lambda p: edit(p, WORDS, "  say: person", "  instead: person"),
        f"{WORDS}:2: 'instead' is not a setting of an entry of words to avoid. The settings "
        "are: avoid, say.", None),
    "word to avoid added without its dash": (
        lambda p: (p / WORDS).write_text(SAMPLE[WORDS] + "avoid: [junkie]\n  say: a person\n"),
        f"{WORDS}:5: each entry of words to avoid starts with a line '- avoid: ...'", None),
    "words to avoid missing": (
        lambda p: (p / WORDS).unlink(),
        f"{WORDS}: this file is missing. Restore it from the project's history", None),
    "no front matter": (
        lambda p: (p / WALK).write_text("Just text\n", encoding="utf-8"),
        f"{WALK}:1: the file must start with a line '---'", None),
    "front matter never closed": (
        lambda p: (p / WALK).write_text("---\ntitle: x\n", encoding="utf-8"),
        f"{WALK}:1: the settings at the top are never closed", None),
    "part folder missing": (
        lambda p: edit(p, "content/guide.yaml", "  - glossary\n", "  - glossary\n  - resources\n"),
        "content/guide.yaml:15: the part 'resources' needs a folder content/resources/", None),
    "guide setting missing": (
        lambda p: edit(p, "content/guide.yaml", "edition: Test edition\n", ""),
        "content/guide.yaml:1: guide.yaml needs 'edition:'", None),
    "fonts folder missing": (
        lambda p: __import__("shutil").rmtree(p / "fonts"),
        "fonts: no font files were found here", None),
    "bad date": (
        lambda p: edit(p, "content/guide.yaml", "date: 2026-01-15", "date: January 2026"),
        "content/guide.yaml:5: 'date' must be a date written as 2026-11-25.", None),
    "duplicate quote id": (
        lambda p: edit(p, "content/quotes.yaml", "- id: light", "- id: boundaries"),
        "content/quotes.yaml:3: two quotes have the id 'boundaries'", None),
    "duplicate quote text": (
        lambda p: (p / "content/quotes.yaml").write_text(
            SAMPLE["content/quotes.yaml"] + '- id: again\n  text: "Boundaries help me to give '
            'all that I can and still come back tomorrow."\n', encoding="utf-8"),
        "content/quotes.yaml:9: this quote is already in the collection as 'boundaries'", None),
    "duplicate glossary term": (
        lambda p: edit(p, "content/glossary.yaml", "- term: De-escalation",
                       "- term: participant"),
        "content/glossary.yaml:3: 'participant' is defined twice", None),
    "character the fonts lack": (
        lambda p: edit(p, WALK, "A short paragraph.", "A short paragraph \u2192 next."),
        f"{WALK}:12: the character '\u2192' (rightwards arrow, U+2192) is not in "
        "the guide's fonts", None),
    "raw html": (
        lambda p: edit(p, WALK, "A short paragraph.", 'A <span style="x">short</span> one.'),
        f"{WALK}:12: raw HTML ('<span", "Use Markdown"),
    "raw html in a summary": (
        lambda p: edit(p, WALK, "summary: Look at the room", "summary: Look at <b>the</b> room"),
        f"{WALK}:3: raw HTML ('<b>') is not allowed.", "raw HTML ('</b>')"),
    "link to a missing hack": (
        lambda p: edit(p, WALK, "A short paragraph.", "See [the huddle](#daily-hudle)."),
        f"{WALK}:12: the link '#daily-hudle' does not match any hack. "
        "Did you mean 'daily-huddle'?", None),
    "link to a local file": (
        lambda p: edit(p, WALK, "A short paragraph.", "See [notes](notes.md)."),
        f"{WALK}:12: the link 'notes.md' goes nowhere in a PDF.", None),
    "image outside the project": (
        lambda p: edit(p, WALK, "A short paragraph.", "![a map](../../../../etc/hosts)"),
        f"{WALK}:12: the image '../../../../etc/hosts' points outside the content/ folder",
        "refused"),
    "image from the network": (
        lambda p: edit(p, WALK, "A short paragraph.", "![a map](https://example.org/map.png)"),
        f"{WALK}:12: the image 'https://example.org/map.png' is not a file in the project.",
        None),
    "missing image": (
        lambda p: edit(p, WALK, "A short paragraph.", "![a map](images/map.png)"),
        f"{WALK}:12: the image 'images/map.png' does not exist.", None),
    "image without description": (
        lambda p: ((p / "content/prevention/map.png").write_bytes(b"x"),
                   edit(p, WALK, "A short paragraph.", "![](map.png)")),
        f"{WALK}:12: the image 'map.png' has no description.", None),
    "not utf-8": (
        lambda p: (p / WALK).write_bytes("---\ntitle: Caf\u00e9\n".encode("latin-1")),
        f"{WALK}:2: this file is not saved as UTF-8 text.", None),
    # Pointing the right way.
    "picture path with backslashes": (
        lambda p: edit(p, WALK, "A short paragraph.",
                       "A short paragraph.\n\nMore.\n\n![A floor plan](images\\_plan.png)"),
        f"{WALK}:16: the picture path 'images\\_plan.png' has \\ between its folders (as "
        "Windows shows paths); write / instead: ![A floor plan](images/_plan.png)", None),
    "quote never closed": (
        lambda p: edit(p, WALK, "summary: Look at the room with fresh eyes.",
                       'summary: "Look at the room with fresh eyes.'),
        f'{WALK}:3: A quote mark " is opened here but never closed: add " at the end of the '
        "value. (A closing quote pasted from a word processor may be a curly \u201d: type a "
        'straight ".)', None),
    "straight quote closed by a curly one": (
        lambda p: edit(p, WALK, "title: Walk the space", 'title: "Walk the space\u201d'),
        f'{WALK}:2: This value opens with a straight quote " but ends with a curly one \u201d '
        "(as a word processor types it), so it is never closed: type a straight \" at the "
        "end instead.", None),
    "quote whose text is not indented": (
        lambda p: (p / "content/quotes.yaml").write_text(
            SAMPLE["content/quotes.yaml"] + '- id: new\ntext: "A new quote."\n'),
        "content/quotes.yaml:9: 'text:' belongs to the quote above, so it is indented by two "
        "spaces, under 'id:'. Add two spaces at the start of this line.", None),
    "quote dash without a space": (
        lambda p: (p / "content/quotes.yaml").write_text(
            SAMPLE["content/quotes.yaml"] + '-id: new\n  text: "A new quote."\n'),
        "content/quotes.yaml:8: each quote starts with '- ' (a dash, then a space): write "
        "'- id: new'.", None),
    "quote with a star for a dash": (
        lambda p: (p / "content/quotes.yaml").write_text(
            SAMPLE["content/quotes.yaml"] + '* id: new\n  text: "A new quote."\n'),
        "content/quotes.yaml:8: each quote starts with '- ' (a dash and a space), not '*': "
        "write '- id: new'.", None),
    "hack renamed with _ but still listed": (
        lambda p: (p / HUDDLE).rename(p / "content/prevention/_daily-huddle.md"),
        "content/prevention/part.md:8: 'hacks:' lists 'daily-huddle', but its file is "
        "content/prevention/_daily-huddle.md: a name starting with _ leaves it out of the "
        "guide. To leave it out, remove this line; to print it, rename the file back to "
        "daily-huddle.md.", None),
    "hack in another folder": (
        lambda p: (p / "content/response/words/one-voice.md").rename(
            p / "content/response/one-voice.md"),
        "content/response/words/section.md:4: 'hacks:' lists 'one-voice', but its file is "
        "content/response/one-voice.md, in another folder. Move it into "
        "content/response/words/, or take this line out and list it where it is.", None),
    "section.md under another name": (
        lambda p: (p / "content/response/words/section.md").rename(
            p / "content/response/words/Section.md"),
        "content/response/part.md:6: the section 'words' needs a file section.md in "
        "content/response/words/, and it has Section.md: rename that file section.md.", None),
    # Still silent before.
    "hack number typed as text": (
        lambda p: edit(p, WALK, "A short paragraph.", "A short paragraph. See R-1 first."),
        f"{WALK}:12: 'R-1' is a hack's number typed by hand, and numbers change when hacks "
        "are added or moved. Link to the hack by its file name instead: "
        "[One voice leads](#one-voice) (the link follows it wherever it moves).", None),
    "hack number that no hack has": (
        lambda p: edit(p, WALK, "A short paragraph.", "A short paragraph.\n\nSee P-99."),
        f"{WALK}:14: 'P-99' looks like a hack's number, but no hack has it now", None),
    "tag written twice": (
        lambda p: edit(p, WALK, "tags: [space-design]", "tags: [space-design, space-design]"),
        f"{WALK}:4: 'space-design' is listed twice under 'tags', so it would print twice. "
        "Keep it once.", None),
    "word too long for a line": (
        lambda p: edit(p, WALK, "A short paragraph.", "A short paragraph. " + "x" * 275),
        f"{WALK}:12: the word '{'x' * 30}...' is 275 characters long, and a line of the guide "
        "holds at most 40 (a wall card's line, in large type): it would run past the margin",
        "The guide was not built: 1 problem to fix"),  # said once
    "word-processor document in a section": (
        lambda p: (p / "content/response/words/new-hack.docx").write_bytes(b"PK\x03\x04"),
        "content/response/words/new-hack.docx: this is a word-processor document, which the "
        "guide cannot read. Copy its text into a new file ending in .md", None),
    "rtf document in a part": (
        lambda p: (p / "content/prevention/draft.rtf").write_text("{\\rtf1 hello}"),
        "content/prevention/draft.rtf: this is a word-processor document", None),
    "odt document in content/": (
        lambda p: (p / "content/draft.odt").write_bytes(b"PK"),
        "content/draft.odt: this is a word-processor document", None),
}


def test_every_list_setting_has_an_example_of_its_own():
    """The type message shows the model's example: a list setting without one would
    borrow another's (the program types once showed tags)."""
    import dataclasses

    from spacehacks.reading import model

    classes = [cls for cls in vars(model).values()
               if dataclasses.is_dataclass(cls) and model.settings_of(cls)]
    assert len(classes) >= 6
    blocks = [(cls.__name__, item) for cls in classes
              for item in model.settings_of(cls).values() if item.kind in (list, dict)]
    assert len(blocks) >= 8
    for owner, item in blocks:
        assert item.example, f"{owner}.{item.name} needs setting(example=...)"
    examples = [item.example for _, item in blocks]
    assert len(set(examples)) >= len(examples) - 1  # hacks: in a part and in a section


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_each_content_error_names_file_line_and_fix(project, capsys, case):
    break_it, expected, also = CASES[case]
    break_it(project)
    code, out, err = run_cli(project, capsys)
    assert code == 1
    assert expected in err, err
    if also:
        assert also in err
    assert "The guide was not built" in err
    assert not (project / "output" / "guide.pdf").exists()


@pytest.mark.parametrize("written, read", [
    ("title: \u201cWalk the space\u201d", "Walk the space"),
    ("title: \u2018Walk the space\u2019", "Walk the space"),
    ("title: \u2018Don\u2019t walk alone\u2019", "Don\u2019t walk alone"),
    ("title: \u201cNot now\u201d beats \u201cno\u201d", "\u201cNot now\u201d beats \u201cno\u201d"),
    ('title: "\u201cWalk the space\u201d"', "\u201cWalk the space\u201d"),
], ids=["double", "single", "apostrophe inside", "quotations in the text", "straight around"])
def test_curly_quotes_around_a_whole_value_read_as_straight_ones(project, written, read):
    from spacehacks.build.pipeline import read_and_check

    edit(project, WALK, "title: Walk the space", written)
    edit(project, WALK, "tags: [space-design]", "tags: [\u201cspace-design\u201d]")
    guide, _ = read_and_check(project)
    hack = guide.hack("walk-the-space")
    assert hack.title == read and hack.tags == ["space-design"]


@pytest.mark.parametrize("leave_out, expected", [
    (lambda p: None,
     "content/response: this folder holds 1 hack file(s) but is not listed under 'parts:' "
     "in content/guide.yaml"),
    (lambda p: (p / "content/response").rename(p / "content/_response"),
     "content/_response: this folder is left out of the guide (its name starts with _), but "
     "3 see-also names and links still point at its hacks. Put it back (without the _, "
     "and listed where it was), or remove these names and links:\n"
     "    content/prevention/daily-huddle.md:6 ('one-voice')\n"
     "    content/prevention/walk-the-space.md:7 ('one-voice')\n"
     "    content/prevention/walk-the-space.md:12 ('one-voice')\n"),
], ids=["folder kept", "folder renamed with _"])
def test_a_part_taken_out_of_the_guide_is_one_message(project, capsys, leave_out, expected):
    """Other hacks still see-also its hacks: one message about the part, not one
    see-also error for each."""
    edit(project, WALK, "A short paragraph.", "See [one voice](#one-voice).")
    edit(project, "content/guide.yaml", "  - response\n", "")
    leave_out(project)
    code, _, err = run_cli(project, capsys)
    assert code == 1
    assert expected in err, err
    assert "1 problem to fix" in err and "see_also' names" not in err


def test_a_hack_left_out_with_an_underscore_is_one_message(project, capsys):
    words = project / "content/response/words"
    (words / "one-voice.md").rename(words / "_one-voice.md")
    edit(project, "content/response/words/section.md", "  - one-voice\n", "")
    code, _, err = run_cli(project, capsys)
    assert code == 1
    assert ("content/response/words/_one-voice.md: this hack is left out of the guide (its "
            "file name starts with _), but 2 see-also names and links still point at it. Put "
            "it back (without the _, and listed where it was), or remove these names and "
            "links:\n    content/prevention/daily-huddle.md:6 ('one-voice')\n"
            "    content/prevention/walk-the-space.md:7 ('one-voice')\n") in err, err
    assert "1 problem to fix" in err


def test_all_problems_are_reported_at_once(project, capsys):
    edit(project, WALK, "tags: [space-design]", "tags: [nope]")
    edit(project, HUDDLE, "pull_quote: boundaries", "pull_quote: nope")
    code, _, err = run_cli(project, capsys)
    assert code == 1
    assert "unknown tag 'nope'" in err and "no quote with the id 'nope'" in err
    assert "2 problems to fix" in err


def test_a_failed_build_keeps_the_previous_pdf(project, capsys):
    code, out, _ = run_cli(project, capsys)
    assert code == 0 and "Wrote" in out
    pdf = project / "output" / "guide.pdf"
    before = pdf.read_bytes()
    edit(project, WALK, "tags: [space-design]", "tags: [nope]")
    code, _, err = run_cli(project, capsys)
    assert code == 1 and "unknown tag" in err
    assert pdf.read_bytes() == before
    assert sorted(p.name for p in pdf.parent.iterdir()) == ["guide.pdf", "manifest.json"]


def test_help_describes_the_options(capsys):
    from spacehacks.commands import main

    with pytest.raises(SystemExit) as stop:
        main(["--help"])
    assert stop.value.code == 0
    text = capsys.readouterr().out
    for option in ("--paper", "--output", "--html", "{a4,letter}"):
        assert option in text


def test_unwritable_output_is_a_clear_message(project, capsys):
    from spacehacks.commands import main

    blocker = project / "output-is-a-file"
    blocker.write_text("not a folder")
    code = main(["--project", str(project), "--output", str(blocker / "guide.pdf")])
    err = capsys.readouterr().err
    assert code == 1
    assert "could not write" in err


def test_files_starting_with_underscore_are_left_out(project, capsys):
    (project / "content/prevention/_draft.md").write_text("not even front matter")
    code, out, _ = run_cli(project, capsys)
    assert code == 0 and "4 hacks" in out


def test_style_notes_warn_but_do_not_stop_the_build(project, capsys):
    edit(project, WALK, "A short paragraph.", "Some addicts came by.")
    edit(project, WALK, "## Adapt it", "## Adapt this")
    edit(project, WALK, "summary: Look at the room with fresh eyes.",
         "summary: Look at the room. Then fix it.")
    edit(project, HUDDLE, "summary: Meet", "summary: Ask Dr. Lee to meet")
    edit(project, HUDDLE, "title: Hold a daily huddle", "title: Hold a daily huddle.")
    code, out, err = run_cli(project, capsys)
    assert code == 0 and "Wrote" in out
    assert (f"style note: {HUDDLE}:2: a title has no full stop at the end (it is printed in "
            "the contents, the bookmarks and on the wall card). Remove the '.'.") in err
    assert f"style note: {WALK}:12: 'addicts' is stigmatizing language" in err
    assert f"style note: {WALK}:20: a hack has three sections" in err
    assert f"style note: {WALK}:3: the summary should be one sentence" in err
    assert f"{HUDDLE}:3: the summary" not in err  # "Dr." ends no sentence
    assert "the hack has" in err  # the sample hacks are shorter than 150 words


def test_a_hack_past_its_page_budget_stops_the_build_and_says_what_to_cut(project, capsys):
    long_hack = "content/prevention/long-hack.md"
    edit(project, long_hack, "pages: 2\n", "")
    code, _, err = run_cli(project, capsys)
    assert code == 1
    found = re.search(rf"{long_hack}:7: this hack fills 2 pages, and its budget is one page\. "
                      r"Cut about (\d+) words \(it has (\d+);", err)
    assert found, err
    cut, words = map(int, found.groups())
    assert words - 340 <= cut < words
    assert "may say 'pages: 2' in its settings" in err
    edit(project, long_hack, "tags:", "pages: 3\ntags:")
    code, _, err = run_cli(project, capsys)
    assert code == 1 and f"{long_hack}:4: 'pages' is the hack's page budget" in err
    edit(project, long_hack, "pages: 3", "pages: true")
    code, _, err = run_cli(project, capsys)
    assert code == 1 and f"{long_hack}:4: 'pages' must be a whole number" in err


def test_words_to_avoid_come_from_the_file_editors_extend(project):
    """An entry added to content/words-to-avoid.yaml is looked for at once, as whole
    words in any capitals and spacing; quotes.yaml and the list itself are left alone."""
    from spacehacks.build.pipeline import read_and_check

    (project / WORDS).write_text(SAMPLE[WORDS] + "- avoid: [frequent flyer, frequent flyers]\n"
                                 "  say: the person's name, or someone we see often\n")
    edit(project, WALK, "A short paragraph.", "A Frequent  Flyers list and an addiction.")
    edit(project, "content/quotes.yaml", "Boundaries help me", "Addicts and boundaries help me")
    _, notes = read_and_check(project)
    found = [note for note in notes if "stigmatizing" in note.message]
    assert [(note.path.name, note.line) for note in found] == [("walk-the-space.md", 12)]
    assert found[0].message == ("'Frequent  Flyers' is stigmatizing language; say instead: "
                                "the person's name, or someone we see often (see "
                                "content/words-to-avoid.yaml).")


def test_the_sections_note_stands_at_the_heading_out_of_place(project):
    from spacehacks.build.pipeline import read_and_check

    edit(project, WALK, "## Try this", "### Try this")
    _, notes = read_and_check(project)
    note = next(note for note in notes if note.path.name == "walk-the-space.md"
                and "three sections" in note.message)
    assert note.line == 14
    assert note.message.endswith("(found: Why it matters, Adapt it). Write '### Try this' as "
                                 "'## Try this'.")


def test_headings_of_the_whats_new_page_and_a_section_come_under_their_title(project):
    """Written from `##` in every file: the what's-new page's `##` is an h2 under its h1,
    a section's `##` an h3 under "In this part" (h2)."""
    from spacehacks.build.pipeline import read_and_check

    (project / "content/whats-new.md").write_text("---\ntitle: What's new\n---\n"
                                                  "## Safety first\n\nText.\n")
    edit(project, "content/response/words/section.md", "What to say.",
         "## Before you speak\n\nWhat to say.")
    guide, _ = read_and_check(project)
    assert guide.whats_new.html.startswith("<h2")
    assert guide.part("response").sections[0].intro_html.startswith("<h3")


def test_a_template_that_loses_hack_anchors_fails_the_build(project, capsys):
    hack_template = project / "layout" / "partials" / "hack.html"
    text = hack_template.read_text()
    hack_template.write_text(text.replace(' id="{{ hack.anchor }}"', "", 1))
    code, _, err = run_cli(project, capsys)
    assert code == 1
    assert "layout/guide.html: the typeset PDF lacks link targets or bookmarks for: " \
           "hack-walk-the-space" in err
    assert not (project / "output" / "guide.pdf").exists()


def test_check_prints_the_numbers_and_writes_nothing(project, capsys):
    code, out, _ = run_cli(project, capsys, "--check")
    assert code == 0
    assert "Prevention: 3 hacks (P-1 to P-3), 1 featured" in out
    assert "Immediate response: 1 hack (R-1 to R-1), 1 featured" in out
    assert "Median reading grade of the hacks:" in out
    assert not (project / "output").exists()
    edit(project, WALK, "tags: [space-design]", "tags: [nope]")
    code, _, err = run_cli(project, capsys, "--check")
    assert code == 1 and "unknown tag 'nope'" in err and "1 problem to fix" in err


@pytest.mark.slow  # a process of its own
@pytest.mark.parametrize("break_it, expected", [
    (lambda p: edit(p, "content/guide.yaml", "date: 2026-01-15", "date: 2026-13-45"),
     "content/guide.yaml:5: '2026-13-45' is not a real date"),
    (lambda p: (p / "layout" / "partials" / "hack.html").unlink(),
     "layout/partials/hack.html: this template is missing."),
    (lambda p: (p / "layout" / "partials" / "cover.html").write_text("{% if %}"),
     "layout/partials/cover.html:1: the template cannot be read"),
], ids=["impossible date", "missing template", "broken template"])
def test_the_command_itself_prints_no_traceback(project, break_it, expected):
    """Run as an editor does, in its own process, so any traceback would show."""
    import subprocess
    import sys

    from conftest import REPO

    break_it(project)
    run = subprocess.run([sys.executable, str(REPO / "build_pdf.py"), "--project", str(project)],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 1
    assert expected in run.stderr, run.stderr
    assert "Traceback" not in run.stderr


@pytest.mark.slow  # a process of its own
def test_the_installed_command_is_the_same_program():
    import subprocess
    import sys
    from pathlib import Path

    command = Path(sys.executable).parent / "space-hacks"
    assert command.is_file(), "pyproject.toml installs the space-hacks command"
    run = subprocess.run([str(command), "--help"], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0 and "--handout" in run.stdout and "--paper" in run.stdout


def _renamed(model, old: str, new: str):
    """The model class as a refactoring that renamed one of its fields left it: built
    with the new name, while the reader still passes the old one."""
    class Renamed(model):
        def __init__(self, **values):
            if old in values:
                values[new] = values.pop(old)
            super().__init__(**values)
    return Renamed


@pytest.mark.parametrize("module, model, field", [
    ("spacehacks.reading.reader", "Hack", "body_html"),
    ("spacehacks.reading.reader", "Part", "intro_html"),
    ("spacehacks.reading.reader", "Section", "intro_html"),
    ("spacehacks.reading.yaml_lists", "Settings", "title"),
], ids=["hack", "part", "section", "settings"])
def test_a_fault_in_the_builder_is_never_taken_for_missing_content(project, capsys,
                                                                   monkeypatch, module,
                                                                   model, field):
    """A programming error while making the model (a renamed field) stops with the
    builder's fault, exit 3: never 'no errors' and a guide without its hacks."""
    import importlib

    reader = importlib.import_module(module)
    monkeypatch.setattr(reader, model, _renamed(getattr(reader, model), field, "renamed"))
    code, out, err = run_cli(project, capsys, "--check")
    assert code == 3, out + err
    assert "This is a fault in the builder, not in your edit" in err
    assert "TypeError" in err and "renamed" in err


@pytest.mark.parametrize("name, line, expected", [
    (WALK, "summary: Look at the room with fresh eyes.\n", "a hack needs 'summary:'."),
    ("content/response/words/section.md", "title: Words that help\n",
     "a section needs 'title:'."),
    ("content/prevention/part.md", "kind: hacks\n", "a part needs 'kind:'."),
    ("content/guide.yaml", "subtitle: A small guide for the tests\n",
     "guide.yaml needs 'subtitle:'."),
    ("content/quotes.yaml", '  text: "Darkness cannot drive out darkness: only light can do '
     'that."\n', "a quote needs 'text:'."),
])
def test_a_missing_setting_is_still_the_editors_message(project, capsys, name, line,
                                                         expected):
    edit(project, name, line, "")
    code, _, err = run_cli(project, capsys, "--check")
    assert code == 1, err
    assert f"{name}:" in err and expected in err, err
