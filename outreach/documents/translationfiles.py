"""Turn templates into files for translators (XLIFF 2.0, PO) and their translated files back into checked units.

One unit per block of the plain text (`plain.blocks`) plus the title, each with a note for
the translator (what it is, how long it may get, which fields it holds). Fields are locked:
in XLIFF each `((veld))` is a `<ph>` the translator cannot copy or delete; in PO the note
lists the fields and the message carries the flag `outreach-velden`. Files are written with
ElementTree and Babel, never by pasting strings; they are read with defusedxml (no DTD, no
entities, no external references) and Babel's `read_po`, after the size is checked. What is
read becomes `translations.Incoming`; `translations.store` checks it and stores all or nothing.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from typing import Any
from xml.etree import ElementTree as ET

from .. import languages
from ..errors import InputError, Where
from ..texts import t
from .translations import FIELD, TITLE, Dutch, Incoming, field_keys, room

XLIFF_NS = "urn:oasis:names:tc:xliff:document:2.0"
FORMATS = ("xliff", "po")
MAX_FILE = 2 * 1024 * 1024  # bytes of one translated file: all templates of a municipality fit many times
MAX_UNITS = 2000  # units in one file
MAX_TEMPLATES = 200  # templates in one file
FLAG = "outreach-velden"
_ORIGINAL = re.compile(r"^([a-z0-9][a-z0-9_-]{0,80})\.(html|sms|whatsapp)\.j2@(\d{1,6})$")
_CONTEXT = re.compile(r"^([a-z0-9][a-z0-9_-]{0,80})\.(html|sms|whatsapp)@(\d{1,6})#([a-z0-9-]{1,20})$")


def q(tag: str) -> str:
    """An XLIFF 2.0 element name with its namespace."""
    return f"{{{XLIFF_NS}}}{tag}"


def _bad(key: str, **values: object) -> InputError:
    return InputError(t(f"translations.file.{key}", **values), Where(field="bestand"))


def _note(source: Dutch, unit: str, text: str) -> str:
    kind = t(f"documents.cli.kind.{source.kind}") if source.kind in ("letter", "flyer", "sms", "whatsapp") else source.kind
    what = (t("translations.note_title", kind=kind, name=source.name) if unit == TITLE else
            t("translations.note_block", number=unit.removeprefix("blok-"), count=len(source.blocks), kind=kind,
              name=source.name))
    return f"{what} {t('translations.note_room', max=room(source.kind, text))}"


def _fields_note(text: str) -> str:
    keys = list(dict.fromkeys(field_keys(text)))
    return t("translations.note_fields", fields=", ".join(keys)) if keys else ""


def xliff(sources: Iterable[Dutch], language: str) -> bytes:
    """An XLIFF 2.0 file with every unit of `sources`, to translate from Dutch into `language`."""
    ET.register_namespace("", XLIFF_NS)
    root = ET.Element(q("xliff"), {"version": "2.0", "srcLang": "nl", "trgLang": language})
    for source in sources:
        file = ET.SubElement(root, q("file"), {"id": f"{source.name}.{source.variant}",
                                               "original": f"{source.name}.{source.variant}.j2@{source.number}"})
        for unit_id, text in source.units.items():
            unit = ET.SubElement(file, q("unit"), {"id": unit_id})
            notes = ET.SubElement(unit, q("notes"))
            ET.SubElement(notes, q("note"), {"category": "uitleg"}).text = _note(source, unit_id, text)
            if _fields_note(text):
                ET.SubElement(notes, q("note"), {"category": "velden"}).text = _fields_note(text)
            segment = ET.SubElement(unit, q("segment"))
            _inline(ET.SubElement(segment, q("source")), text)
    return bytes(ET.tostring(root, encoding="utf-8", xml_declaration=True))


def _inline(element: ET.Element, text: str) -> None:
    """`text` into an XLIFF <source>: ((veld)) as a locked <ph>, ((veld??tekst)) as a locked <pc> around its text."""
    element.text, last, at = "", None, 0
    for number, match in enumerate(FIELD.finditer(text), 1):
        before = text[at:match.start()]
        if last is None:
            element.text += before
        else:
            last.tail = before
        locked = {"canCopy": "no", "canDelete": "no"}
        if match.group(2) is None:
            last = ET.SubElement(element, q("ph"), {"id": f"f{number}", "disp": match.group(0), "equiv": match.group(0),
                                                    **locked})
        else:
            last = ET.SubElement(element, q("pc"), {"id": f"f{number}", "dispStart": f"(({match.group(1)}??",
                                                    "dispEnd": "))", **locked})
            last.text = match.group(2)
        at = match.end()
    if last is None:
        element.text += text[at:]
    else:
        last.tail = text[at:]


def po(sources: Iterable[Dutch], language: str) -> bytes:
    """A PO file (Babel) with every unit of `sources`; msgctxt names template, Dutch version and unit."""
    from babel import Locale
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import write_po

    catalog = Catalog(locale=Locale.parse(language.replace("-", "_")), project="outreach", fuzzy=False,
                      header_comment="\n".join(f"# {line}" for line in t("translations.po_header", line="msgstr").split("\n")))
    for source in sources:
        for unit_id, text in source.units.items():
            comments = [_note(source, unit_id, text)] + ([_fields_note(text)] if _fields_note(text) else [])
            message = catalog.add(text, "", context=f"{source.name}.{source.variant}@{source.number}#{unit_id}",
                                  auto_comments=comments, flags=[FLAG] if FIELD.search(text) else [])
            if message is not None:  # Babel guesses python-format from braces and percent signs: not ours
                message.flags -= {"python-format", "python-brace-format"}
    out = io.BytesIO()
    write_po(out, catalog, width=0, omit_header=False)
    return out.getvalue()


def export(sources: list[Dutch], language: str, fmt: str) -> tuple[str, bytes]:
    """(file name, bytes) of a file for translators; `language` must be one we store, not Dutch."""
    stored = languages.code(language)
    if not stored or stored == languages.DUTCH:
        raise InputError(t("translations.pick_language"), Where(field=languages.FIELD))
    if fmt not in FORMATS:
        raise InputError(t("translations.file.bad_format"), Where(field="formaat"))
    stem = sources[0].name if len(sources) == 1 else "sjablonen"
    data = xliff(sources, stored) if fmt == "xliff" else po(sources, stored)
    return f"{stem}-{stored}.{'xlf' if fmt == 'xliff' else 'po'}", data


def read(data: bytes, sources: dict[tuple[str, str], Dutch]) -> list[Incoming]:
    """The translated units of an XLIFF 2.0 or PO file; InputError (Dutch, field 'bestand') when unreadable.

    `sources` maps (name, variant) to the live Dutch text: a `<ph>` becomes that unit's field again.
    """
    if len(data) > MAX_FILE:
        raise _bad("too_big", mb=MAX_FILE // 1024 // 1024)
    if not data.strip():
        raise _bad("empty")
    head = data.lstrip()[:200]
    if head.startswith(b"<") or head.startswith(b"\xef\xbb\xbf<"):
        return _read_xliff(data, sources)
    return _read_po(data)


def _language(value: str | None) -> str:
    try:
        stored = languages.code(value or "")
    except InputError:
        stored = None
    if not stored or stored == languages.DUTCH:
        raise _bad("no_language")
    return stored


def _read_xliff(data: bytes, sources: dict[tuple[str, str], Dutch]) -> list[Incoming]:
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import fromstring

    try:
        root = fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except (DefusedXmlException, ET.ParseError, ValueError):
        raise _bad("not_xml") from None
    if root.tag != q("xliff") or not str(root.get("version", "")).startswith("2."):
        raise _bad("not_xliff")
    language = _language(root.get("trgLang"))
    out: list[Incoming] = []
    units_seen = 0
    for file in root.iter(q("file")):
        match = _ORIGINAL.match(file.get("original", ""))
        if not match:
            raise _bad("unknown_file", value=file.get("original", "")[:60])
        if len(out) >= MAX_TEMPLATES:
            raise _bad("too_many_templates", max=MAX_TEMPLATES)
        name, variant, number = match.group(1), match.group(2), int(match.group(3))
        source = sources.get((name, variant))
        units: dict[str, str] = {}
        for unit in file.iter(q("unit")):
            units_seen += 1
            if units_seen > MAX_UNITS:
                raise _bad("too_many", max=MAX_UNITS)
            unit_id = str(unit.get("id", ""))[:40]
            tokens = list(FIELD.finditer(source.units.get(unit_id, ""))) if source else []
            parts = [_flatten(target, tokens) for target in unit.iter(q("target"))]
            units[unit_id] = "".join(parts)
        out.append(Incoming(name, variant, language, number, units))
    if not out:
        raise _bad("empty")
    return out


def _flatten(target: Any, tokens: list[re.Match[str]], depth: int = 0) -> str:
    """The text of a <target>: each <ph id="fN"/> back as its field, each <pc id="fN"> as ((veld??its text)).

    A placeholder we did not make shows as a field we lack, so the check names it.
    """
    if depth > 10:
        raise _bad("too_deep")
    parts = [target.text or ""]
    for child in target:
        tag = str(child.tag).rpartition("}")[2]
        ident = str(child.get("id", ""))
        index = int(ident[1:]) - 1 if re.fullmatch(r"f\d{1,4}", ident) else -1
        token = tokens[index] if 0 <= index < len(tokens) else None
        inner = _flatten(child, tokens, depth + 1)
        if tag == "ph":
            parts.append(token.group(0) if token else f"(({str(child.get('disp') or ident)[:40].strip('()')}))")
        elif tag == "pc" and token is not None and token.group(2) is not None:
            parts.append(f"(({token.group(1)}??{inner}))")
        else:  # <mrk>, or a <pc> we did not make: its text counts, the markup does not
            parts.append(inner)
        parts.append(child.tail or "")
    return "".join(parts)


def _read_po(data: bytes) -> list[Incoming]:
    from babel.messages.pofile import PoFileError, read_po

    try:
        catalog = read_po(io.BytesIO(data), abort_invalid=True)
    except (PoFileError, ValueError, UnicodeError, LookupError):
        raise _bad("not_po") from None
    language = _language(str(catalog.locale) if catalog.locale else None)
    found: dict[tuple[str, str, int], dict[str, str]] = {}
    for count, message in enumerate(catalog, 1):
        if count > MAX_UNITS:
            raise _bad("too_many", max=MAX_UNITS)
        if not message.id:
            continue
        match = _CONTEXT.match(str(message.context or ""))
        if not match or isinstance(message.string, (list, tuple)):
            raise _bad("unknown_file", value=str(message.context or "")[:60])
        key = (match.group(1), match.group(2), int(match.group(3)))
        if key not in found and len(found) >= MAX_TEMPLATES:
            raise _bad("too_many_templates", max=MAX_TEMPLATES)
        found.setdefault(key, {})[match.group(4)] = str(message.string or "")
    if not found:
        raise _bad("empty")
    return [Incoming(name, variant, language, number, units) for (name, variant, number), units in found.items()]
