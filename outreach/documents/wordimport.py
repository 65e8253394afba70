"""Turn a Word letter (.docx) into a plain template body: headings, paragraphs, lists, bold and merge fields.

Communication staff often have their letters in Word. `from_docx` reads one with python-docx
and writes the plain format (documents/plain.py): a heading becomes `# `, a list item `* ` or
`1. `, bold text `**vet**`, and every merge field becomes `((naam))`: Word's own MERGEFIELD
fields (simple and complex field codes) and the `[naam]` and `«naam»` marks people type.
Tables, pictures, headers and footers are left out: the house style draws those.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from typing import Any

from ..errors import InputError
from ..texts import t

MAX_BYTES = 2 * 1024 * 1024  # a letter, not a report
MAX_UNPACKED = 20 * 1024 * 1024  # what its parts may grow to when unzipped (a zip bomb stops here)
MAX_PARAGRAPHS = 2000
_TYPED_FIELD = re.compile(r"\[([^\[\]\n]{1,60})\]|«([^«»\n]{1,60})»")


@dataclass(frozen=True)
class Imported:
    """A Word letter as a plain body, the merge fields it uses (in order) and its first heading (the subject)."""

    body: str
    fields: list[str]
    subject: str


def field_name(label: str) -> str:
    """A merge field's name as a plain field: 'Naam klant' -> naam_klant, 'Straße' -> strasse."""
    flat = unicodedata.normalize("NFKD", label.replace("ß", "ss")).encode("ascii", "ignore").decode().lower()
    name = "_".join("".join(c if c.isalnum() else " " for c in flat).split())[:40]
    return name if name[:1].isalpha() else f"veld_{name}"[:40] if name else ""


def _check(data: bytes) -> None:
    if len(data) > MAX_BYTES:
        raise InputError(t("documents.word.too_big", mb=MAX_BYTES // (1024 * 1024)))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            if len(infos) > 1000 or sum(i.file_size for i in infos) > MAX_UNPACKED:
                raise InputError(t("documents.word.too_big", mb=MAX_BYTES // (1024 * 1024)))
            if "word/document.xml" not in archive.namelist():
                raise InputError(t("documents.word.not_word"))
    except zipfile.BadZipFile:
        raise InputError(t("documents.word.not_word")) from None


def _bold(run: Any, qn: Any) -> bool:
    props = run.find(qn("w:rPr"))
    mark = props.find(qn("w:b")) if props is not None else None
    return mark is not None and mark.get(qn("w:val"), "true") not in ("0", "false", "off")


def _merge_name(instruction: str) -> str | None:
    """The field name of a MERGEFIELD instruction (`MERGEFIELD "Naam klant" \\* MERGEFORMAT`), else None."""
    words = instruction.strip().split(None, 1)
    if len(words) < 2 or words[0].upper() != "MERGEFIELD":
        return None
    rest = words[1].strip()
    label = rest[1:].split('"', 1)[0] if rest.startswith('"') else rest.split()[0]
    return field_name(label) or None


def _pieces(paragraph: Any, qn: Any) -> list[tuple[str, bool]]:
    """(text, bold) of a paragraph in order; a merge field as ((name)), a field's shown result otherwise."""
    pieces: list[tuple[str, bool]] = []
    depth, instruction, result, showing = 0, "", "", False
    simple = {qn("w:fldSimple")}
    for element in paragraph.iter(qn("w:r"), qn("w:fldSimple")):
        if element.tag in simple:
            name = _merge_name(element.get(qn("w:instr"), ""))
            if name:
                pieces.append((f"(({name}))", False))
            continue
        if any(parent.tag in simple for parent in element.iterancestors()):
            if _merge_name(next((p.get(qn("w:instr"), "") for p in element.iterancestors() if p.tag in simple), "")):
                continue  # the shown «naam» of a simple merge field: the field itself is already there
        for child in element:
            if child.tag == qn("w:fldChar"):
                kind = child.get(qn("w:fldCharType"))
                if kind == "begin":
                    depth, instruction, result, showing = depth + 1, "" if depth == 0 else instruction, "", False
                elif kind == "separate":
                    showing = True
                elif kind == "end" and depth:
                    depth -= 1
                    if depth == 0:
                        name = _merge_name(instruction)
                        pieces.append((f"(({name}))", False) if name else (result, _bold(element, qn)))
                        showing = False
            elif child.tag == qn("w:instrText") and depth:
                instruction += child.text or ""
            elif child.tag in (qn("w:t"), qn("w:tab"), qn("w:br")):
                text = (child.text or "") if child.tag == qn("w:t") else " "
                if depth and showing:
                    result += text
                elif not depth:
                    pieces.append((text, _bold(element, qn)))
    return pieces


def _inline(pieces: list[tuple[str, bool]]) -> str:
    """Bold runs joined into one `**...**`, typed [naam] and «naam» made fields."""
    out: list[str] = []
    for index, (text, bold) in enumerate(pieces):
        if bold and text.strip():
            before = index > 0 and pieces[index - 1][1] and pieces[index - 1][0].strip()
            after = index + 1 < len(pieces) and pieces[index + 1][1] and pieces[index + 1][0].strip()
            text = ("" if before else "**") + text + ("" if after else "**")
        out.append(text)
    joined = " ".join("".join(out).split())

    def field(match: re.Match[str]) -> str:
        name = field_name(match.group(1) or match.group(2))
        return f"(({name}))" if name else match.group(0)

    return _TYPED_FIELD.sub(field, joined)


def _kind(paragraph: Any, qn: Any) -> str:
    """'heading', 'title', 'bullet', 'number' or 'paragraph', from the style's name or the list numbering."""
    props = paragraph.find(qn("w:pPr"))
    style = props.find(qn("w:pStyle")) if props is not None else None
    name = (style.get(qn("w:val")) if style is not None else "") or ""
    lowered = name.lower().replace(" ", "")
    if lowered in ("title", "titel"):
        return "title"
    if lowered.startswith(("heading", "kop")):
        return "heading"
    if "number" in lowered or "nummer" in lowered:
        return "number"
    if "list" in lowered or "lijst" in lowered or (props is not None and props.find(qn("w:numPr")) is not None):
        return "bullet"
    return "paragraph"


def from_docx(data: bytes) -> Imported:
    """The plain body of a Word letter; InputError (Dutch) for a file that is too big or not a Word file."""
    _check(data)
    import docx
    from docx.oxml.ns import qn

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception:  # noqa: BLE001 - a broken or hostile file, whatever python-docx raises: say so in Dutch
        raise InputError(t("documents.word.not_word")) from None
    blocks: list[tuple[str, str]] = []
    for paragraph in document.element.body.iterchildren(qn("w:p")):  # not those in tables
        if len(blocks) >= MAX_PARAGRAPHS:
            raise InputError(t("documents.word.too_long", max=MAX_PARAGRAPHS))
        text = _inline(_pieces(paragraph, qn))
        if text:
            blocks.append((_kind(paragraph, qn), text))
    subject = ""
    if blocks and blocks[0][0] in ("title", "heading"):
        subject = blocks.pop(0)[1].replace("**", "")
    lines: list[str] = []
    for index, (kind, text) in enumerate(blocks):
        same_list = index > 0 and kind in ("bullet", "number") and blocks[index - 1][0] == kind
        if lines and not same_list:
            lines.append("")
        lines.append({"heading": "# ", "title": "# ", "bullet": "* ", "number": "1. "}.get(kind, "") + text)
    body = "\n".join(lines) + "\n"
    from .plain import fields

    return Imported(body, fields(body), subject)


def template_source(imported: Imported, base: str) -> str:
    """A whole plain template from an imported letter: `base`'s front matter (a letter's house-style
    fields, e.g. the built-in uitnodiging), the Word letter's first heading as subject, its merge
    fields declared (text, per person; the label is the name), and its body."""
    from .drafts import declare_field, plain_parts, set_subject
    from .templates import parse_front_matter

    parts = plain_parts(base)
    if parts is None:
        raise InputError(t("documents.word.base_not_plain"))
    front = set_subject(parts[0], imported.subject) if imported.subject else parts[0]
    meta = parse_front_matter(front, "-")[0]
    known = {*meta.get("fields", {}), *meta.get("optional", {}), *meta.get("field_info", {})}
    for name in imported.fields:
        if name not in known:
            front = declare_field(front, name, name.replace("_", " ").capitalize())
    return front + imported.body
