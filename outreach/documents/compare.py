"""Turn two rendered texts of a template into the words each side shows, with the changed words marked.

What a reader compares is the text people get, not the template's source: `words(old, new)`
gives for each side a list of (piece, mark) where mark is "" (the same on both sides), "del"
(only in the old text) or "ins" (only in the new text). The comparison is `difflib` in two
steps: first the lines, then the words of the lines that changed, so a long letter stays fast
and a hostile one stays bounded (`MAX_PAIRS` in all: past it a changed block is marked as a whole).
"""

from __future__ import annotations

import difflib
import re

Side = list[tuple[str, str]]
MAX_PAIRS = 2_000_000  # items old x items new that difflib may compare in one comparison (lines and words): ~0.5 s
_TOKEN = re.compile(r"\S+\s*|\s+")


def _add(side: Side, piece: str, mark: str) -> None:
    if not piece:
        return
    if side and side[-1][1] == mark:
        side[-1] = (side[-1][0] + piece, mark)
    else:
        side.append((piece, mark))


def _opcodes(a: list[str], b: list[str], budget: list[int]) -> list[tuple[str, int, int, int, int]]:
    """difflib's opcodes of `a` against `b` (compared stripped), or one "replace" when the budget is spent."""
    cost = len(a) * len(b)
    if cost > budget[0]:
        return [("replace", 0, len(a), 0, len(b))]
    budget[0] -= cost
    matcher = difflib.SequenceMatcher(None, [x.strip() for x in a], [x.strip() for x in b], autojunk=False)
    return matcher.get_opcodes()


def _words(old: str, new: str, left: Side, right: Side, budget: list[int]) -> None:
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    for tag, i1, i2, j1, j2 in _opcodes(a, b, budget):
        _add(left, "".join(a[i1:i2]), "" if tag == "equal" else "del")
        _add(right, "".join(b[j1:j2]), "" if tag == "equal" else "ins")


def words(old: str, new: str) -> tuple[Side, Side]:
    """(old side, new side): each text cut into pieces marked "" (unchanged), "del" or "ins".

    Lines the same at the start and the end are taken off first (in one pass); what is left is
    compared line by line, then word by word, within MAX_PAIRS in all.
    """
    a, b = old.splitlines(keepends=True), new.splitlines(keepends=True)
    start = 0
    while start < min(len(a), len(b)) and a[start].strip() == b[start].strip():
        start += 1
    end = 0
    while end < min(len(a), len(b)) - start and a[-1 - end].strip() == b[-1 - end].strip():
        end += 1
    left: Side = []
    right: Side = []
    _add(left, "".join(a[:start]), "")
    _add(right, "".join(b[:start]), "")
    budget = [MAX_PAIRS]
    middle_a, middle_b = a[start:len(a) - end], b[start:len(b) - end]
    for tag, i1, i2, j1, j2 in _opcodes(middle_a, middle_b, budget):
        before, after = "".join(middle_a[i1:i2]), "".join(middle_b[j1:j2])
        if tag == "equal":
            _add(left, before, "")
            _add(right, after, "")
        elif tag == "replace":
            _words(before, after, left, right, budget)
        else:
            _add(left, before, "del")
            _add(right, after, "ins")
    _add(left, "".join(a[len(a) - end:]), "")
    _add(right, "".join(b[len(b) - end:]), "")
    return left, right


def changed(side: Side) -> bool:
    """Whether a side has any marked piece."""
    return any(mark for _, mark in side)
