"""One-line mutation testing of the riskiest logic: `make mutate`.

For each module below, every one-line mutation the script knows is made in turn, in a
copy of the project, and the tests that guard that module are run against it: a test
that fails kills the mutation; a mutation that no test notices survives, and is listed
with its line so that someone can write the test (or see that it changes nothing).

The mutations, one at a time, each on one line:
- a comparison turned around: < and <=, > and >=, == and !=, in and not in, is and is not;
- + and - swapped; an integer one larger; True and False swapped;
- `and` and `or` swapped; a `not` dropped;
- a statement that only acts (a call, an augmented assignment, a `continue` or `break`,
  an assignment to an attribute or an item) replaced with `pass`.

    python tests/mutate.py               every module, two at a time
    python tests/mutate.py paper edit    only these (by the names below)
    python tests/mutate.py --list        the mutations, without running anything
    python tests/mutate.py changes --only spacehacks/commands/edit.py:40
                                         only the mutations on these lines (or files)
"""

from __future__ import annotations

import argparse
import ast
import io
import os
import shutil
import subprocess
import sys
import tempfile
import time
import tokenize
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

# The riskiest logic, and the tests that guard it. `fast`: run them as `make test-fast`
# does (a test that would typeset is skipped), for the modules that never typeset.
TARGETS = {
    "page numbers": (["spacehacks/pdf/numbers.py", "spacehacks/pdf/spans.py",
                      "spacehacks/build/records.py", "spacehacks/build/workers.py"],
                     ["tests/test_page_numbers.py", "tests/test_workshop.py"], True),
    "containment": (["spacehacks/paths.py", "spacehacks/pdf/fetcher.py"],
                    ["tests/test_fetcher.py", "tests/test_paths.py", "tests/test_untrusted.py"],
                    True),
    "link rules": (["spacehacks/markup/rules.py"],
                   ["tests/test_rules_units.py", "tests/test_untrusted.py",
                    "tests/test_errors.py"], True),
    "limits": (["spacehacks/reading/yamlfile.py", "spacehacks/reading/content_file.py"],
               ["tests/test_limits_units.py", "tests/test_untrusted.py",
                "tests/test_errors.py"], True),
    "imposition": (["spacehacks/pdf/paper.py"],  # (not the end-to-end booklet: a minute)
                   ["tests/test_imposition.py", "-k", "not booklet_is_read"], True),
    "tag repair": (["spacehacks/pdf/tagging.py"],
                   ["tests/test_tag_repair_units.py", "tests/test_tag_repair.py"], False),
    "changes": (["spacehacks/commands/changes_report.py"], ["tests/test_changes_report.py"],
                True),
    "new and move": (["spacehacks/commands/edit.py"], ["tests/test_new_and_move_lists.py"],
                     True),
}

SWAPS = {"<": "<=", "<=": "<", ">": ">=", ">=": ">", "==": "!=", "!=": "==",
         "+": "-", "-": "+", "and": "or", "or": "and", "True": "False", "False": "True"}


@dataclass(frozen=True)
class Mutation:
    path: str  # relative to the project
    line: int  # 1-based
    start: int  # column where the replaced text starts
    end: int
    replacement: str
    what: str

    def apply(self, source: str) -> str:
        lines = source.split("\n")
        text = lines[self.line - 1]
        lines[self.line - 1] = text[:self.start] + self.replacement + text[self.end:]
        return "\n".join(lines)


def mutations(path: str) -> list[Mutation]:
    source = (REPO / path).read_text(encoding="utf-8")
    skipped = _lines_not_to_mutate(source)
    found = []
    tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    for index, token in enumerate(tokens):
        (line, start), (end_line, end) = token.start, token.end
        if line in skipped or line != end_line:
            continue
        text = token.string
        after = tokens[index + 1].string if index + 1 < len(tokens) else ""
        before = tokens[index - 1].string if index else ""
        if token.type == tokenize.OP and text in SWAPS:
            if text in "+-" and before in ("(", "[", ",", "=", "return", ":"):
                continue  # a sign, not an operation
            found.append(Mutation(path, line, start, end, SWAPS[text], f"{text} -> {SWAPS[text]}"))
        elif token.type == tokenize.NAME and text in SWAPS:
            found.append(Mutation(path, line, start, end, SWAPS[text], f"{text} -> {SWAPS[text]}"))
        elif token.type == tokenize.NAME and text == "in" and before != "not" and \
                _is_comparison(tokens, index):
            found.append(Mutation(path, line, start, end, "not in", "in -> not in"))
        elif token.type == tokenize.NAME and text == "not" and after == "in":
            found.append(Mutation(path, line, start, tokens[index + 1].end[1], "in",
                                  "not in -> in"))
        elif token.type == tokenize.NAME and text == "not" and after != "in":
            found.append(Mutation(path, line, start, end + 1, "", "not dropped"))
        elif token.type == tokenize.NAME and text == "is":
            if after == "not":
                found.append(Mutation(path, line, start, tokens[index + 1].end[1], "is",
                                      "is not -> is"))
            else:
                found.append(Mutation(path, line, start, end, "is not", "is -> is not"))
        elif token.type == tokenize.NUMBER and text.isdigit():
            found.append(Mutation(path, line, start, end, str(int(text) + 1),
                                  f"{text} -> {int(text) + 1}"))
    found += _statements(path, source, skipped)
    return found


def _is_comparison(tokens, index: int) -> bool:
    """`in` as an operator, not the `in` of a for loop or comprehension."""
    depth = 0
    for token in reversed(tokens[:index]):
        if token.string in (")", "]", "}"):
            depth += 1
        elif token.string in ("(", "[", "{"):
            if depth == 0:
                return True
            depth -= 1
        elif depth == 0 and token.string == "for":
            return False
        elif token.type in (tokenize.NEWLINE, tokenize.NL) and depth == 0:
            return True
    return True


def _lines_not_to_mutate(source: str) -> set[int]:
    """Docstrings, imports, annotations and constants that only word messages."""
    tree = ast.parse(source)
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            skipped.update(range(node.lineno, node.end_lineno + 1))
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for annotation in [node.returns, *(a.annotation for a in node.args.args
                                               + node.args.kwonlyargs)]:
                if annotation is not None:
                    skipped.update(range(annotation.lineno, annotation.end_lineno + 1))
        elif isinstance(node, ast.AnnAssign) and node.value is None:
            skipped.add(node.lineno)
        elif isinstance(node, ast.If) and isinstance(node.test, ast.Name) and \
                node.test.id == "TYPE_CHECKING":
            skipped.update(range(node.lineno, node.end_lineno + 1))
    return skipped


def _statements(path: str, source: str, skipped: set[int]) -> list[Mutation]:
    """Statements that only act, each replaced with `pass`."""
    lines = source.split("\n")
    found = []
    for node in ast.walk(ast.parse(source)):
        acts = (isinstance(node, ast.Expr) and isinstance(node.value, ast.Call)) or \
            isinstance(node, (ast.AugAssign, ast.Continue, ast.Break)) or \
            (isinstance(node, ast.Assign) and all(isinstance(target, (ast.Attribute,
                                                                     ast.Subscript))
                                                 for target in node.targets))
        if not acts or node.lineno != node.end_lineno or node.lineno in skipped:
            continue
        text = lines[node.lineno - 1]
        start = node.col_offset
        if text[:start].strip():  # another statement before it on the line (`a; b`)
            continue
        found.append(Mutation(path, node.lineno, start, node.end_col_offset, "pass",
                              "statement -> pass"))
    return found


def run(mutation: Mutation, tests: list[str], fast: bool, workspace: Path,
        timeout: float) -> str:
    """"killed" when a test fails, "hung" when the run takes past `timeout` (the tests
    would never end: caught too, and counted apart), else "survived"."""
    target = workspace / mutation.path
    original = target.read_text(encoding="utf-8")
    target.write_text(mutation.apply(original), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(workspace), "PYTHONDONTWRITEBYTECODE": "1"}
    if fast:
        env["SPACEHACKS_TEST_FAST"] = "1"
    try:
        result = subprocess.run(
            [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider",
             "-m", "not slow and not fuzz", *tests], cwd=workspace, capture_output=True,
            timeout=timeout, env=env)
        return "killed" if result.returncode != 0 else "survived"
    except subprocess.TimeoutExpired:
        return "hung"
    finally:
        target.write_text(original, encoding="utf-8")


def _is_at(mutation: Mutation, place: str) -> bool:
    path, _, line = place.partition(":")
    return mutation.path == path and (not line or mutation.line == int(line))


def workspace_copy(base: Path) -> Path:
    folder = Path(tempfile.mkdtemp(prefix="mutate-", dir=base))
    for name in ("spacehacks", "tests", "layout", "fonts", "content", "pyproject.toml",
                 "build_pdf.py", "README.md", "EDITING.md", "constraints.txt"):
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, folder / name,
                            ignore=shutil.ignore_patterns("__pycache__", "output"))
        elif source.exists():
            shutil.copy(source, folder / name)
    return folder


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("targets", nargs="*", help=f"some of: {', '.join(TARGETS)}")
    parser.add_argument("--list", action="store_true", help="list the mutations only")
    parser.add_argument("--only", action="append", default=[], metavar="PATH[:LINE]",
                        help="only the mutations in this file, or on this line of it")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=120,
                        help="seconds a mutated run may take at least; at most ten times "
                             "what the unmutated run took, if that is longer (a busy machine "
                             "must not count a slow run as a hang)")
    args = parser.parse_args()
    chosen = {name: TARGETS[name] for name in TARGETS
              if not args.targets or any(word in name for word in args.targets)}
    plan = [(name, mutation, tests, fast) for name, (paths, tests, fast) in chosen.items()
            for path in paths for mutation in mutations(path)
            if not args.only or any(_is_at(mutation, place) for place in args.only)]
    if args.list:
        for name, mutation, _, _ in plan:
            print(f"{name}: {mutation.path}:{mutation.line}: {mutation.what}")
        print(f"{len(plan)} mutations")
        return 0
    base = Path(tempfile.mkdtemp(prefix="space-hacks-mutate-"))
    spaces = [workspace_copy(base) for _ in range(max(1, args.jobs))]
    for space in spaces:  # the copy is what the tests import, not the checkout
        where = subprocess.run(
            [sys.executable, "-c", "import spacehacks; print(spacehacks.__file__)"],
            capture_output=True, text=True, cwd=space,
            env={**os.environ, "PYTHONPATH": str(space)}).stdout
        assert where.startswith(str(space)), where
    # Unmutated, every chosen test passes (else nothing below means anything); how long
    # that takes sets how long a mutated run may take before it counts as hung.
    timeouts = {}
    for name, (paths, tests, fast) in chosen.items():
        clean = Mutation(paths[0], 1, 0, 0, "", "none")
        began = time.monotonic()
        outcome = run(clean, tests, fast, spaces[0], 10 * args.timeout)
        assert outcome == "survived", f"{name}: tests fail as is ({outcome})"
        timeouts[name] = max(args.timeout, 10 * (time.monotonic() - began))
    free = list(spaces)
    started = time.monotonic()

    def one(item):
        name, mutation, tests, fast = item
        space = free.pop()
        try:
            return name, mutation, run(mutation, tests, fast, space, timeouts[name])
        finally:
            free.append(space)

    results = []
    with ThreadPoolExecutor(len(spaces)) as pool:
        for count, (name, mutation, outcome) in enumerate(pool.map(one, plan), start=1):
            results.append((name, mutation, outcome))
            if outcome != "killed":
                print(f"{outcome:9} {mutation.path}:{mutation.line}: {mutation.what}",
                      flush=True)
            if count % 25 == 0:
                print(f"... {count}/{len(plan)} ({time.monotonic() - started:.0f} s)",
                      file=sys.stderr, flush=True)
    shutil.rmtree(base, ignore_errors=True)
    print()
    for name in [*chosen, "all"]:
        mine = [outcome for target, _, outcome in results if name in (target, "all")]
        caught, hung = sum(o != "survived" for o in mine), mine.count("hung")
        if mine:
            print(f"{name:28} {caught:4} of {len(mine):4} killed ({caught / len(mine):.0%})"
                  + (f", {hung} of them by a hang" if hung else "")
                  + (f" in {time.monotonic() - started:.0f} s" if name == "all" else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
