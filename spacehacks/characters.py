"""Characters that do something instead of showing: control characters (NUL, ESC and
the rest), the controls that turn text right to left, line and paragraph separators,
and lone surrogates (half of a character, which no file can hold).

Content may not hold them, however they are written: typed, as a YAML escape ("\\u202E",
"\\0", "\\e") or as an entity in Markdown (checked in reading/). A terminal acts on them
(ESC starts a command that can rewrite the screen; U+202E shows a line backwards), so
whatever the builder prints goes through `for_terminal` first (commands/terminal.py).
"""

from __future__ import annotations

import re
import unicodedata

# The controls of the Unicode bidirectional algorithm: marks, embeddings, overrides and
# isolates. An override makes "exe.txt" read as "txt.exe".
BIDI_CONTROLS = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
# Everything above but the tab and the line break, which text may hold.
_HIDDEN = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029{BIDI_CONTROLS}\ud800-\udfff]")


def first_hidden(text: str) -> re.Match | None:
    """Where `text` holds the first character that may not stand in content."""
    return _HIDDEN.search(text)


def describe(char: str) -> str:
    """What such a character is, in words an editor can act on."""
    code = f"U+{ord(char):04X}"
    if char in BIDI_CONTROLS:
        name = unicodedata.name(char, "a direction control").lower()
        return (f"a control that turns text around ({name}, {code}), which can hide or "
                "reorder the words near it")
    if "\ud800" <= char <= "\udfff":
        return f"half of a character (a lone surrogate, {code}), which no file can hold"
    if char in "\u2028\u2029":
        return f"an invisible line or paragraph separator ({code})"
    return f"an invisible control character ({code})"


def for_terminal(text: str) -> str:
    """The text with each such character written as an escape (\\x1b, \\u202e): what is
    printed can neither move the cursor, change colours, nor turn a line around."""
    return _HIDDEN.sub(_escaped, text)


def _escaped(found: re.Match) -> str:
    char = found.group(0)
    return f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}"
