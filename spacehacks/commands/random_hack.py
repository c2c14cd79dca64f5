"""`build_pdf.py random`: a hack picked at random and printed in the terminal, for a
team huddle (the public Space Hacks site has a "random hack" button for the same)."""

from __future__ import annotations

import random
import re
import textwrap
from pathlib import Path

from ..errors import UsageError
from ..reading.model import Guide, Hack
from .common import project_root, read_checked

WIDTH = 78



def add_parser(commands, common) -> None:
    parser = commands.add_parser(
        "random", parents=[common], help="a hack picked at random, for a team huddle",
        description="Print a hack picked at random, for a team huddle: its number, title, "
                    "summary and steps, and where its wall card is.")
    parser.add_argument("--featured", action="store_true", help="only featured hacks")
    parser.add_argument("--part", help="only hacks of this part (its folder name)")
    parser.add_argument("--seed", type=int, help="the same number picks the same hack")
    parser.set_defaults(run=run)


def run(args) -> int:
    root = project_root(args.project)
    guide = read_checked(root, "pick a hack")
    if guide is None:
        return 1
    hack = pick(guide, featured=args.featured, part=args.part, seed=args.seed)
    print(show(hack, root))
    return 0


def pick(guide: Guide, *, featured: bool = False, part: str | None = None,
         seed: int | None = None) -> Hack:
    hacks = guide.hacks
    if part is not None:
        parts = [p.id for p in guide.parts if p.kind == "hacks"]
        if part not in parts:
            raise UsageError(f"--part: there is no part '{part}' with hacks. The parts: "
                             f"{', '.join(parts)}.")
        hacks = [hack for hack in hacks if hack.part_id == part]
    if featured:
        hacks = [hack for hack in hacks if hack.featured]
    if not hacks:
        raise UsageError("no hack matches: try without --featured.")
    return random.Random(seed).choice(hacks)


def _plain(markdown_text: str) -> str:
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", markdown_text)
    return text.replace("**", "").replace("*", "").replace("--", "\u2013")


def steps(hack: Hack) -> list[str]:
    """The numbered steps under '## Try this', as written."""
    section = re.search(r"^##\s+Try this\s*$(.*?)(?=^##\s|\Z)", hack.text_markdown,
                        flags=re.M | re.S)
    if not section:
        return []
    items = re.split(r"^\s*\d+[.)]\s+", section.group(1), flags=re.M)[1:]
    return [" ".join(_plain(item).split()) for item in items]


def show(hack: Hack, root: Path) -> str:
    lines = [f"{hack.number}  {hack.title}", "=" * min(WIDTH, len(hack.number) + 2 +
                                                       len(hack.title)), ""]
    lines += textwrap.wrap(_plain(hack.summary), WIDTH)
    lines += ["", "Try this:"]
    for number, step in enumerate(steps(hack), start=1):
        lines += textwrap.wrap(step, WIDTH, initial_indent=f"{number:>2}. ",
                               subsequent_indent="    ")
    card = Path("output") / "cards" / f"{hack.number.lower()}-{hack.slug}.pdf"
    lines.append("")
    if (root / card).is_file():
        lines.append(f"Wall card to print: {card}")
    else:
        lines.append(f"Wall card: {card} (make the cards with: "
                     ".venv/bin/python build_pdf.py --edition cards)")
    return "\n".join(lines)
