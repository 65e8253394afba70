"""Turn a template written as plain text with ((fields)) into its blocks and fields.

The plain format (issue 19) is what communication staff write: one paragraph per blank line,
`((veld))` for a field, `((veld??tekst))` for text shown only when the field has a value, and a
few marks (`# ` heading, `* ` list item, `1. ` numbered item, `^ ` highlighted block, `**vet**`,
`---` a new page). This module is the format's one home: translation files (issue 20) cut a
template into the same blocks, and the editor names fields with the same parser.

Contract used by other modules (keep these signatures):
    blocks(body) -> list[str]   the paragraphs (and headings, list items, page breaks) in order
    fields(body) -> list[str]   every field name, in order of first use, without duplicates
"""

from __future__ import annotations

import re

_FIELD = re.compile(r"\(\(\s*([a-z][a-z0-9_]*)\s*(?:\?\?(.*?))?\)\)", re.S)  # placeholder until the parser lands


def blocks(body: str) -> list[str]:
    """The paragraphs of a plain template body: text between blank lines, stripped, in order."""
    return [part.strip() for part in re.split(r"\n[ \t]*\n", body.replace("\r\n", "\n")) if part.strip()]


def fields(body: str) -> list[str]:
    """Every field name in a plain template body, in order of first use."""
    return list(dict.fromkeys(match.group(1) for match in _FIELD.finditer(body)))
