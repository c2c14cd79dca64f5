"""Reading content/shared/: each shared passage once, checked as a file of its own, before
any text that places it (passages.py places them)."""

from __future__ import annotations

from pathlib import Path

from .. import ids
from ..markup import convert as markup
from .model import NAME, Passage
from ..markup.passages import FOLDER
from .content_file import SourceFiles
from .limits import pages_of
from .unlisted import LOOKS_LIKE_TEXT, left_out_on_purpose


def read_passages(files: SourceFiles) -> dict[str, Passage]:
    """Every passage in content/shared/, by name; their HTML also goes to `files`, so that
    the texts read after them can place them."""
    folder = files.content / FOLDER
    if not folder.is_dir() or files.leads_outside(folder):
        return {}
    passages = {}
    for path in sorted(folder.iterdir()):
        if left_out_on_purpose(path.name):
            continue
        if path.is_dir():
            if any(LOOKS_LIKE_TEXT.search(p.name) for p in path.rglob("*")):
                files.problems.add(path, None, f"folders inside content/{FOLDER}/ are not read. "
                                   "Move the passages up, beside the others.")
            continue
        if path.suffix != ".md" or not NAME.match(path.stem):
            if LOOKS_LIKE_TEXT.search(path.name):
                files.problems.add(path, None, "a shared passage is a file named in lowercase "
                                   "words joined by dashes, ending in .md, such as "
                                   "call-911.md. Rename it.")
            continue
        passage = _read(files, path)
        if passage is not None:
            passages[passage.name] = passage
        # A passage with problems of its own is still known: only it is reported, not
        # every place that uses it.
        files.passages[path.stem] = passage.html if passage else ""
        files.passage_pages[path.stem] = pages_of(passage.markdown) if passage else 0.0
    return passages


def _read(files: SourceFiles, path: Path) -> Passage | None:
    text = files.read_text(path)
    if text is None:
        return None
    if text.lstrip().startswith("---"):
        files.problems.add(path, 1, "a shared passage has no settings: remove the '---' lines "
                           "and what is between them, and keep only the words to share.")
        return None
    if not text.strip():
        files.problems.add(path, 1, "this shared passage is empty. Write the words to share, "
                           "or delete the file and the lines that place it.")
        return None
    converted = markup.convert(text, path=path, first_line=1, content=files.content,
                               problems=files.problems,
                               id_prefix=ids.content_prefix(ids.passage(path.stem)),
                               passages=None)
    for heading in converted.headings:
        files.problems.add(path, heading.line, "a shared passage has no headings: it is placed "
                           "under the headings of the text that uses it. Write this line as "
                           "a paragraph, in **bold** if it must stand out.")
    files.images.update(converted.images)
    files.hack_links.extend((path, slug, line) for slug, line in converted.hack_links)
    files.counts.extend((path, what, line) for what, line in converted.counts)
    return Passage(name=path.stem, markdown=text, html=converted.html, path=path)


def unused_notes(files: SourceFiles, passages: dict[str, Passage]) -> None:
    """A passage no text places is printed nowhere: say so (a note, not an error)."""
    for name, passage in passages.items():
        if name not in files.placed:
            files.notes.add(passage.path, None, "no text places this shared passage, so it is "
                            f"printed nowhere. Place it with a line {{{{shared: {name}}}}}, or "
                            "delete the file.")


def with_passages(body: str, body_line: int, placed: list[tuple[str, int]],
                  passages: dict[str, Passage]) -> str:
    """The body as a reader reads it: each placing line replaced by its passage's words
    (for word counts, the reading grade and the terminal)."""
    lines = body.split("\n")
    for name, line in placed:
        index = line - body_line
        if 0 <= index < len(lines) and name in passages:
            lines[index] = passages[name].markdown.strip()
    return "\n".join(lines)
