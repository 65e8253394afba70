"""Turn a TOML or XML parser's English error into a line number and a short Dutch description.

Rule files, manifests, template front matter and SVG pictograms are edited by hand; their
errors reach communication staff and literacy advisers, who read Dutch. The parser's own
words stay out of the message; the line goes into `Where`.
"""

from __future__ import annotations

import re

from .texts import t

_TOML = (  # tomllib's English messages -> Dutch text keys (files.toml_*)
    ("after a key", "need_equals"),
    ("invalid value", "bad_value"),
    ("invalid initial character", "bad_character"),
    ("unterminated string", "open_quote"),
    ("unclosed array", "open_list"),
    ("cannot overwrite", "twice"),
    ("cannot declare", "twice"),
    ("expected newline", "one_per_line"),
)


def toml_mistake(exc: Exception, source: str | None = None) -> tuple[int | None, str]:
    """(line or None, kind) of a tomllib.TOMLDecodeError; kind is one of files.toml_* without the prefix.

    A mistake found "at end of document" (an unclosed list) gets the last line of `source`.
    """
    text = str(exc)
    found = re.search(r"line (\d+)", text)
    kind = next((k for needle, k in _TOML if needle in text.lower()), "bad_line")
    line = int(found.group(1)) if found else (max(1, len(source.rstrip().splitlines())) if source is not None else None)
    return line, kind


def toml_problem(exc: Exception, source: str | None = None) -> tuple[int | None, str]:
    """(line or None, Dutch description without a full stop) of a tomllib.TOMLDecodeError."""
    line, kind = toml_mistake(exc, source)
    return line, t(f"files.toml_{kind}")


def xml_problem(exc: Exception) -> tuple[int | None, str]:
    """(line or None, Dutch description without a full stop) of an xml.etree ParseError."""
    position = getattr(exc, "position", None)
    return (position[0] if position else None), t("files.xml_bad")
