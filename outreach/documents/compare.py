"""Turn two rendered texts of a template into the words each side shows, with the changed words marked.

What a reader compares is the text people get, not the template's source: `words(old, new)`
gives for each side a list of (piece, mark) where mark is "" (the same on both sides), "del"
(only in the old text) or "ins" (only in the new text). The comparison is `difflib` in two
steps: first the lines, then the words of the lines that changed, so a long letter stays fast
and a hostile one stays bounded (`MAX_PAIRS`: beyond it a changed block is marked as a whole).
"""

from __future__ import annotations

import difflib
import re

Side = list[tuple[str, str]]
MAX_PAIRS = 4_000_000  # words old x words new of one changed block compared word by word
_TOKEN = re.compile(r"\S+\s*|\s+")


def _add(side: Side, piece: str, mark: str) -> None:
    if not piece:
        return
    if side and side[-1][1] == mark:
        side[-1] = (side[-1][0] + piece, mark)
    else:
        side.append((piece, mark))


def _words(old: str, new: str, left: Side, right: Side) -> None:
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    if len(a) * len(b) > MAX_PAIRS:
        _add(left, old, "del")
        _add(right, new, "ins")
        return
    matcher = difflib.SequenceMatcher(None, [w.strip() for w in a], [w.strip() for w in b], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        _add(left, "".join(a[i1:i2]), "" if tag == "equal" else "del")
        _add(right, "".join(b[j1:j2]), "" if tag == "equal" else "ins")


def words(old: str, new: str) -> tuple[Side, Side]:
    """(old side, new side): each text cut into pieces marked "" (unchanged), "del" or "ins"."""
    a, b = old.splitlines(keepends=True), new.splitlines(keepends=True)
    left: Side = []
    right: Side = []
    matcher = difflib.SequenceMatcher(None, [line.strip() for line in a], [line.strip() for line in b], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        before, after = "".join(a[i1:i2]), "".join(b[j1:j2])
        if tag == "equal":
            _add(left, before, "")
            _add(right, after, "")
        elif tag == "replace":
            _words(before, after, left, right)
        else:
            _add(left, before, "del")
            _add(right, after, "ins")
    return left, right


def changed(side: Side) -> bool:
    """Whether a side has any marked piece."""
    return any(mark for _, mark in side)
