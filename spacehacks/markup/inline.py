"""Python-Markdown's inline step, in time linear in the number of elements.

Its `InlineProcessor.run` takes each element to visit from the front of a list
(`stack.pop(0)`, which moves every other entry) and finds each element again among its
siblings (`list(parent).index(child)`) before placing what its tail turned into. A text
of 20,000 list items or a paragraph of 5,000 bits of *emphasis* then takes minutes. This
is the same step, registered in its place, with a queue and the element's position kept
as it goes: the same elements in the same order, each found in constant time.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from collections import deque

from markdown import util
from markdown.treeprocessors import InlineProcessor


class LinearInline(InlineProcessor):
    # Python-Markdown's own helpers, which its name mangling hides from a subclass.
    def _inline(self, data: str) -> str:
        return self._InlineProcessor__handleInline(data)

    def _placeholders(self, data: str, parent, is_text: bool = True):
        return self._InlineProcessor__processPlaceholders(data, parent, is_text)

    def run(self, tree, ancestors=None):
        self.stashed_nodes = {}
        tree_parents = [] if ancestors is None else ancestors[:]
        self.parent_map = {c: p for p in tree.iter() for c in p}
        queue = deque([(tree, tree_parents)])
        self._InlineProcessor__build_ancestors(tree, tree_parents)
        while queue:
            current, parents = queue.popleft()
            self.ancestors = parents
            if current is not tree:
                self.ancestors.append(current.tag.lower())
            insert_queue = []
            position = 0
            while position < len(current):  # what a tail turns into is visited too
                child = current[position]
                if child.text and not isinstance(child.text, util.AtomicString):
                    self.ancestors.append(child.tag.lower())
                    text, child.text = child.text, None
                    found = self._placeholders(self._inline(text), child)
                    for item in found:
                        self.parent_map[item[0]] = child
                    queue.extend(found)
                    insert_queue.append((child, found))
                    self.ancestors.pop()
                if child.tail:
                    tail = self._inline(child.tail)
                    holder = etree.Element("d")
                    child.tail = None
                    tail_result = self._placeholders(tail, holder, False)
                    if holder.tail:
                        child.tail = holder.tail
                    for new_child, _ in reversed(tail_result):
                        self.parent_map[new_child] = current
                        current.insert(position + 1, new_child)
                if len(child):
                    self.parent_map[child] = current
                    queue.append((child, self.ancestors[:]))
                position += 1
            for element, found in insert_queue:
                for index, (new_child, _) in enumerate(found):
                    element.insert(index, new_child)
        return tree


# Python-Markdown's inline step, and the second one the smarty extension adds for quotes
# and dashes (with its own patterns), by name and priority.
INLINE_STEPS = {"inline": 20, "smarty": 6}


def make_linear(md) -> None:
    """Put LinearInline in the place of each inline step, with the same patterns. Called
    after the extensions that add one (smarty) have registered theirs."""
    for name, priority in INLINE_STEPS.items():
        if name in md.treeprocessors:
            linear = LinearInline(md)
            linear.inlinePatterns = md.treeprocessors[name].inlinePatterns
            md.treeprocessors.register(linear, name, priority)
