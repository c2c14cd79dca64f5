"""Nothing in content/ is left out in silence: a file that looks like a hack but would not
be printed gets a message saying where it belongs. That is a hack in a folder that no
list names (not under 'parts:', not a section, a folder inside a section, content/
itself), in a part that holds no hacks, or saved under another ending (.txt, .MD).

Files and folders whose names start with _ are left out on purpose, without a word; the
hacks in them are remembered, so that a see-also pointing at one can say why it is
missing (checks.py).
"""

from __future__ import annotations

import difflib
import os
import re
from pathlib import Path

from .. import paths
from ..errors import ProblemList, suggestion
from .model import NAME
from ..markup.passages import FOLDER as SHARED  # content/shared/: passages, not a part

LIST_FILES = ("part.md", "section.md")
LOOKS_LIKE_TEXT = re.compile(r"\.(md|markdown|txt|text)$", re.IGNORECASE)
# Word-processor documents: text an editor meant to add, in a form the guide cannot read.
DOCUMENT = re.compile(r"\.(docx?|rtf|odt|pages)$", re.IGNORECASE)
DOCUMENT_ADVICE = ("a word-processor document, which the guide cannot read. Copy its text "
                   "into a new file ending in .md (plain text: see 'Add a hack' in EDITING.md), "
                   "then delete this one or start its name with _ to keep it")
# The files read in content/ itself; everything else there belongs in a part's folder.
TOP_FILES = ("guide.yaml", "quotes.yaml", "glossary.yaml", "words-to-avoid.yaml",
             "whats-new.md")


def left_out_on_purpose(name: str) -> bool:
    """Drafts (_draft.md) and hidden files (.DS_Store) are skipped without a word."""
    return name[:1] in ("_", ".")


def _files(folder: Path):
    """The names of the files in a folder and the folders inside it, links left alone: a
    folder that is a link (to anywhere on the machine) is never walked."""
    if folder.is_symlink():
        return
    for _here, folders, files in os.walk(folder):  # os.walk follows no link
        folders[:] = [name for name in folders if not left_out_on_purpose(name)]
        yield from (name for name in files if not left_out_on_purpose(name))


def holds_text(folder: Path) -> bool:
    return any(LOOKS_LIKE_TEXT.search(name) or DOCUMENT.search(name)
               for name in _files(folder))


def text_files(folder: Path) -> int:
    """The files that look like hacks in a folder and the folders inside it."""
    return sum(1 for name in _files(folder)
               if LOOKS_LIKE_TEXT.search(name) and name not in LIST_FILES)


class UnlistedFiles:
    """Finds what the list files leave out, folder by folder, as the reader goes: each
    file or folder a list does not name gets a message saying where it belongs."""

    def __init__(self, content: Path, problems: ProblemList):
        self.content = content
        self.problems = problems
        self.explained: set[Path] = set()  # files a message about their list already names

    def shown(self, path: Path) -> str:
        return str(path.relative_to(self.content.parent)) if path.is_relative_to(
            self.content.parent) else str(path)

    def linked_out(self, path: Path, listed=()) -> bool:
        """A folder that is a link leading out of content/ and that no list names (a
        listed one is refused where it is read): said once, and never walked."""
        if path.name in listed or not path.is_symlink() or not path.is_dir() \
                or paths.is_inside(path, self.content):
            return False
        self.problems.add(path, None, "this folder is a link to a folder outside the "
                          "content/ folder, so nothing in it is read. Replace the link with "
                          "the folder itself.")
        return True

    def hack_files(self, folder: Path, stray_folder: str,
                   sections: frozenset[str] = frozenset(),
                   listed: frozenset[str] = frozenset()) -> dict[str, Path]:
        """name -> path of every hack file in `folder`. Odd files get a message, and so
        does a folder with text files in it that is not one of `sections`; a file the
        list names (`listed`) saved under another ending is left to the list's message."""
        files = {}
        for path in sorted(folder.iterdir()):
            if left_out_on_purpose(path.name) or path.name in LIST_FILES \
                    or self.linked_out(path, sections) or path in self.explained:
                continue
            if DOCUMENT.search(path.name) and path.is_file():
                self.problems.add(path, None, f"this is {DOCUMENT_ADVICE}.")
                continue
            if path.is_dir():
                if path.suffix == ".md":
                    self.problems.add(path, None, "this is a folder, but its name ends in .md "
                                      "like a hack's file. Rename or move the folder.")
                elif path.name not in sections and holds_text(path):
                    self.problems.add(path, None, stray_folder.format(name=path.name))
                continue
            if path.suffix != ".md":
                if path.name.split(".", 1)[0].lower() in listed:
                    continue  # its list names it: listed_elsewhere() says what to do
                if LOOKS_LIKE_TEXT.search(path.name):
                    self.problems.add(path, None,
                                      "this looks like a hack, but only files whose names end "
                                      "in .md (lowercase) are read. Rename it, or start its "
                                      "name with _ to leave it out on purpose.")
                continue
            if not NAME.match(path.stem):
                self.problems.add(path, None,
                                  "a hack's file name must be lowercase words joined by dashes, "
                                  "such as daily-huddles.md. Rename the file (or start its name "
                                  "with _ to leave it out).")
                continue
            files[path.stem] = path
        return files

    def listed_elsewhere(self, name: str, folder: Path) -> tuple[Path, str] | None:
        """A hack a list names whose file is not `folder`/name.md, but is near: left out
        with _, saved under another ending, or in another folder of content/. The file,
        and what to do (its other messages are left out: this one names it)."""
        here = self.shown(folder)
        for path in sorted(folder.iterdir()) if folder.is_dir() else ():
            stem = path.name.split(".", 1)[0].lower()
            if path.name == f"_{name}.md":
                found = (path, f"its file is {self.shown(path)}: a name starting with _ leaves "
                         f"it out of the guide. To leave it out, remove this line; to print "
                         f"it, rename the file back to {name}.md.")
            elif stem == name and DOCUMENT.search(path.name):
                found = (path, f"its file is {self.shown(path)}, {DOCUMENT_ADVICE}. Name the "
                         f"new file {name}.md.")
            elif stem == name and path.is_file() and path.name != f"{name}.md":
                found = (path, f"its file is {self.shown(path)}, and only files ending in .md "
                         f"(lowercase) are read. Rename it {name}.md.")
            else:
                continue
            self.explained.add(found[0])
            return found
        for path in sorted(self.content.rglob(f"{name}.md")):
            if path.parent != folder and path.is_file() and not any(
                    left_out_on_purpose(part) for part in path.relative_to(self.content).parts):
                self.explained.add(path)
                return (path, f"its file is {self.shown(path)}, in another folder. Move it "
                        f"into {here}/, or take this line out and list it where it is.")
        return None

    def misnamed_list_file(self, folder: Path, wanted: str) -> Path | None:
        """A file in `folder` that is surely `wanted` (section.md) under another name:
        other capitals, another ending, a letter off."""
        if not folder.is_dir():
            return None
        names = [path.name for path in folder.iterdir() if path.is_file()
                 and not left_out_on_purpose(path.name)]
        stem = wanted.split(".")[0]
        for name in names:
            if name.split(".", 1)[0].lower() == stem:
                return folder / name
        close = difflib.get_close_matches(wanted, [name.lower() for name in names], n=1,
                                          cutoff=0.8)
        return folder / names[[name.lower() for name in names].index(close[0])] \
            if close else None

    def stray_folder(self, part_path: Path, in_section: bool) -> str:
        """What to say of a folder with text files inside a hack folder."""
        if in_section:
            return ("files in a folder inside a section are not read. Move them up into the "
                    "section's folder, beside section.md.")
        return (f"hack files in a folder inside a part are read only when the folder is a "
                f"section. List it under 'sections:' in {self.shown(part_path)} (see "
                "EDITING.md), or move its files up beside part.md.")

    def beside_sections(self, folder: Path, part_path: Path, sections_listed: set[str]) -> None:
        """In a part with sections, hacks live in the section folders, not beside part.md."""
        stray = (f"this folder is not one of the part's sections, so its files would not be "
                 f"printed. Add '  - {{name}}' under 'sections:' in {self.shown(part_path)}, "
                 "or move its files into a section folder.")
        for name, path in self.hack_files(folder, stray, frozenset(sections_listed)).items():
            if path in self.explained:
                continue
            self.problems.add(path, None,
                              f"this part is divided into sections, so its hacks live in the "
                              f"section folders ({', '.join(sorted(sections_listed))}). Move "
                              f"the file into one of them and list '{name}' in that "
                              "section.md.")

    def in_part_without_hacks(self, folder: Path, kind: str) -> None:
        """A text, quotes or glossary part prints its part.md only."""
        for path in sorted(folder.iterdir()):
            if left_out_on_purpose(path.name) or path.name == "part.md" \
                    or self.linked_out(path):
                continue
            if path.is_dir() and holds_text(path):
                self.problems.add(path, None, f"this folder is inside a part with 'kind: "
                                  f"{kind}', which prints only its part.md, so its files would "
                                  "not be printed. Move hacks into a part with 'kind: hacks'.")
            elif path.is_file() and DOCUMENT.search(path.name):
                self.problems.add(path, None, f"this is {DOCUMENT_ADVICE}.")
            elif path.is_file() and LOOKS_LIKE_TEXT.search(path.name):
                self.problems.add(path, None, f"this part has 'kind: {kind}', so it cannot "
                                  "hold hacks: only its part.md is printed. Move the file into "
                                  "a part with 'kind: hacks' (as a .md file).")

    def unlisted_parts(self, parts: list[str]) -> None:
        """A folder that guide.yaml does not list, or a hack file in content/ itself, would
        vanish from the PDF."""
        for path in sorted(self.content.iterdir()):
            if left_out_on_purpose(path.name) or self.linked_out(path, parts):
                continue
            if path.is_dir() and path.name not in parts and path.name != SHARED \
                    and holds_text(path):
                self.problems.add(path, None,
                                  f"this folder holds {text_files(path)} hack file(s) but is "
                                  "not listed under 'parts:' in content/guide.yaml, so none of "
                                  f"it would be printed. Add the line '  - {path.name}' there, "
                                  f"or rename the folder to _{path.name} to keep it out on "
                                  "purpose.")
            elif path.is_file() and DOCUMENT.search(path.name):
                self.problems.add(path, None, f"this is {DOCUMENT_ADVICE}.")
            elif (path.is_file() and path.name not in TOP_FILES
                  and LOOKS_LIKE_TEXT.search(path.name)):
                self.problems.add(path, None,
                                  "a hack in content/ itself is not read: each hack lives in "
                                  "the folder of its part (or of a section in it). Move the "
                                  "file there and list it in that part.md or section.md."
                                  f"{suggestion(path.name, TOP_FILES)}")

    def left_out_hacks(self) -> dict[str, Path]:
        """Each hack name in a file or folder left out on purpose -> that file or the
        outermost such folder (a see-also pointing at it can then say why it is
        missing). Links are not followed."""
        found: dict[str, Path] = {}
        for folder, folders, files in os.walk(self.content):
            here = Path(folder)
            inside = here.relative_to(self.content).parts
            folders[:] = [name for name in folders if not name.startswith(".")]
            for name in files:
                if not name.endswith(".md") or name in LIST_FILES or name.startswith("."):
                    continue
                where = next((i for i, part in enumerate(inside) if part.startswith("_")), None)
                if where is not None:
                    reason = self.content.joinpath(*inside[:where + 1])
                elif name.startswith("_"):
                    reason = here / name
                else:
                    continue
                slug = name[:-3].lstrip("_")
                if NAME.match(slug):
                    found.setdefault(slug, reason)
        return found
