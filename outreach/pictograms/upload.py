"""Turn an uploaded SVG file into a pictogram of the user's own set, or a Dutch refusal naming the problem and line.

The file must be well-formed XML with an <svg> root and a viewBox, and hold nothing that can
run or fetch: no <script>, no <foreignObject>, no event attribute (onload=...), no processing
instruction (<?xml-stylesheet?>), no DOCTYPE or entities, and no reference outside the file:
every style sheet and style/presentation attribute is read with a real CSS tokenizer
(tinycss2), so `u\\72 l(...)`, `URL(...)` and `@IMPORT` are seen for what they are; only
`url(#id)` and `href="#id"` may point, and only inside the file. Its cost to draw is bounded
too: every reference (<use>, url(#id)) is expanded and the elements counted, up to MAX_ELEMENTS
(a chain of <use> ten wide and eight deep is a hundred million), and filters are refused.

A name that exists anywhere (built-in, uploaded or another folder) is refused with
NameTaken unless `replace` is set (the web app asks first, showing both drawings). The record
(name, label, alt text, SVG) is kept in the database (`records`, one transaction per upload);
the content folder's SVG files and manifest.toml are written from it as an export.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy.orm import Session

from ..errors import InputError, Where
from ..texts import t

MAX_BYTES = 256 * 1024
MAX_ELEMENTS = 5_000  # elements drawn, every <use> and url(#id) expanded: a pictogram needs a few hundred
_NAME = re.compile(r"[a-z0-9][a-z0-9-]{0,40}")
_FORBIDDEN = {"script", "foreignobject", "iframe", "object", "embed", "audio", "video", "image", "animate", "set",
              "handler", "listener", "filter", "animatemotion", "animatetransform", "discard"}
_URL_FUNCTIONS = {"url", "src", "image", "image-set", "-webkit-image-set", "cross-fade", "element"}
_LOCAL = re.compile(r"#[^\s()'\"\\]+")
_NUMBERS = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")


class NameTaken(InputError):
    """The pictogram name is in use already; the upload may go ahead only when replacing is confirmed."""


def _line(text: str, needle: str) -> int | None:
    at = text.lower().find(needle.lower())
    return text.count("\n", 0, at) + 1 if at >= 0 else None


def check_upload(data: bytes, filename: str = "upload.svg") -> str:
    """The SVG text when it is safe; InputError naming the problem and its line otherwise."""
    import xml.etree.ElementTree as ET

    if len(data) > MAX_BYTES:
        raise InputError(t("pictograms.upload_too_big", kb=MAX_BYTES // 1024), Where(file=filename))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(t("pictograms.upload_not_svg"), Where(file=filename)) from None
    if re.search(r"<!DOCTYPE|<!ENTITY", text, re.IGNORECASE):
        raise InputError(t("pictograms.upload_doctype"), Where(file=filename, line=_line(text, "<!")))
    instruction = re.search(r"<\?(?!xml[\s?])", text, re.IGNORECASE)  # only the XML declaration itself
    if instruction:
        raise InputError(t("pictograms.upload_external"), Where(file=filename, line=text.count("\n", 0, instruction.start()) + 1))
    try:
        root = ET.fromstring(text)
    except ET.ParseError as exc:
        raise InputError(t("pictograms.upload_bad_xml"), Where(file=filename, line=exc.position[0])) from None
    if root.tag.rsplit("}", 1)[-1] != "svg":
        raise InputError(t("pictograms.upload_not_svg"), Where(file=filename, line=1))
    if not root.get("viewBox"):
        raise InputError(t("pictograms.no_viewbox", example='viewBox="0 0 96 96"'), Where(file=filename, line=_line(text, "<svg")))
    for element in root.iter():
        tag = str(element.tag).rsplit("}", 1)[-1]
        if tag.lower() in _FORBIDDEN or tag.lower().startswith("fe"):
            raise InputError(t("pictograms.upload_forbidden", tag=tag), Where(file=filename, line=_line(text, f"<{tag}")))
        for key, value in element.attrib.items():
            local = key.rsplit("}", 1)[-1].lower()
            if local.startswith("on"):
                raise InputError(t("pictograms.upload_event", attribute=local), Where(file=filename, line=_line(text, local)))
            if local == "href" and not _LOCAL.fullmatch(value.strip()):
                raise InputError(t("pictograms.upload_external"), Where(file=filename, line=_line(text, value[:30] or "href")))
            if css_references(value, declarations=True) is None:
                raise InputError(t("pictograms.upload_external"), Where(file=filename, line=_line(text, value[:30] or local)))
        if tag == "style" and css_references(element.text or "", declarations=False) is None:
            raise InputError(t("pictograms.upload_external"), Where(file=filename, line=_line(text, "<style")))
    if drawn_elements(root) > MAX_ELEMENTS:
        raise InputError(t("pictograms.upload_too_costly", count=MAX_ELEMENTS), Where(file=filename))
    return text


def css_references(css: str, declarations: bool) -> list[str] | None:
    """The local references (#id) in a style sheet or a style/attribute value; None when any reference leaves the file.

    Parsed with tinycss2 as a browser would (escapes and case resolved): a url() or src() that is
    not '#id', any image-set(), cross-fade() or element(), and any at-rule but @media refuse it.
    """
    import tinycss2

    tokens = tinycss2.parse_component_value_list(css) if declarations else tinycss2.parse_stylesheet(css)
    found: list[str] = []
    stack: list[Any] = list(tokens)
    steps = 0
    while stack:
        steps += 1
        if steps > 100_000:  # a style sheet fits in MAX_BYTES; this bounds the walk whatever it holds
            return None
        token = stack.pop()
        kind = getattr(token, "type", "")
        if kind == "url":
            if not _LOCAL.fullmatch(token.value.strip()):
                return None
            found.append(token.value.strip()[1:])
        elif kind == "function" and token.lower_name in _URL_FUNCTIONS:
            strings = [a.value.strip() for a in token.arguments if getattr(a, "type", "") == "string"]
            if token.lower_name not in ("url", "src") or len(strings) != 1 or not _LOCAL.fullmatch(strings[0]):
                return None
            found.append(strings[0][1:])
        elif kind in ("at-keyword", "at-rule") and token.lower_at_keyword != "media":
            return None
        elif kind == "error":
            continue
        for attribute in ("arguments", "content", "prelude"):
            stack.extend(getattr(token, attribute, None) or [])
    return found


def drawn_elements(root: Any) -> int:
    """How many elements drawing `root` takes, every <use> and url(#id) expanded (counted to just past MAX_ELEMENTS)."""
    by_id = {e.get("id"): e for e in root.iter() if e.get("id")}
    sheet_refs = [r for e in root.iter() if str(e.tag).endswith("style") for r in css_references(e.text or "", False) or []]
    cost: dict[int, int] = {}
    busy: set[int] = set()

    def count(element: Any, depth: int) -> int:
        key = id(element)
        if key in cost:
            return cost[key]
        if key in busy or depth > 50:  # a reference to itself or a chain too deep to draw
            return MAX_ELEMENTS + 1
        busy.add(key)
        total = 1
        refs = [(v.strip()[1:], 1) for k, v in element.attrib.items() if k.rsplit("}", 1)[-1] == "href"]
        vertices = len(_NUMBERS.findall(element.get("d", "") + element.get("points", ""))) // 2 + 1
        for k, v in element.attrib.items():  # a marker is drawn at every vertex, the others once
            refs.extend((r, vertices if "marker" in k or "marker" in v else 1) for r in css_references(v, True) or [])
        for name, times in refs:
            if name in by_id:
                total += times * count(by_id[name], depth + 1)
            if total > MAX_ELEMENTS:
                break
        if str(element.tag).endswith("}pattern") or element.tag == "pattern":
            total *= _tiles(element, root)
        for child in element:
            if total > MAX_ELEMENTS:
                break
            total += count(child, depth + 1)
        busy.discard(key)
        cost[key] = min(total, MAX_ELEMENTS + 1)
        return cost[key]

    total = count(root, 0)
    elements = sum(1 for _ in root.iter())
    for name in sheet_refs:  # a style sheet may apply its url(#id) to every element
        if name in by_id and total <= MAX_ELEMENTS:
            total += elements * count(by_id[name], 1)
    return total


def _tiles(pattern: Any, root: Any) -> int:
    """How many times a pattern's tile is drawn to fill the picture (at least 1; huge for a tiny tile)."""
    def size(key: str) -> float:
        found = _NUMBERS.fullmatch((pattern.get(key) or "").strip())
        return float(found.group(0)) if found else 0.0

    width, height = size("width"), size("height")
    if width <= 0 or height <= 0:
        return 1  # an empty tile draws nothing
    if pattern.get("patternUnits") == "userSpaceOnUse":
        box = [float(n) for n in _NUMBERS.findall(root.get("viewBox", ""))[2:4]] or [96.0, 96.0]
        return max(1, int(min(box[0] / width, 1e9) * min(box[-1] / height, 1e9)))
    return max(1, int(min(1 / width, 1e9) * min(1 / height, 1e9)))  # a fraction of the shape it fills


def check_fields(name: str, label: str, alt: str) -> tuple[str, str, str]:
    """The name, label and alt text as stored, or InputError naming the field."""
    name = name.strip().lower()
    if not _NAME.fullmatch(name):
        raise InputError(t("pictograms.upload_bad_name"), Where(field="naam"))
    label, alt = " ".join(label.split())[:60], " ".join(alt.split())[:200]
    if not label or not alt:
        raise InputError(t("pictograms.upload_needs_label"), Where(field="label" if not label else "alt"))
    return name, label, alt


def add_pictogram(session: Session, data: bytes, name: str, label: str, alt: str, *, replace: bool = False,
                  actor: str = "") -> str:
    """Check an uploaded SVG and record it as pictogram `name` in `session` (export after commit: `records.export`).

    NameTaken when the name exists anywhere and `replace` is not set; InputError for a bad file or field.
    """
    from .. import config
    from .records import save

    if not config.get("OUTREACH_CONTENT_DIR"):
        raise InputError(t("pictograms.upload_needs_content_dir"))
    name, label, alt = check_fields(name, label, alt)
    text = check_upload(data, f"{name}.svg")
    if not replace and (_exists(name) or _recorded(session, name)):
        raise NameTaken(t("pictograms.upload_exists", name=name), Where(field="naam"))
    save(session, name, label, alt, text, actor, replace=replace)
    return name


def _exists(name: str) -> bool:
    """Whether any folder (built-in, uploaded, OUTREACH_PICTOGRAM_DIRS) has a pictogram or alias called `name`."""
    from ..errors import ContentError, NotFoundError
    from . import catalog

    try:
        catalog.get(name)
    except NotFoundError:
        return False
    except ContentError:  # a broken folder: the files still tell (the export repairs our own manifest)
        return any((folder / f"{name}.svg").exists() for folder in catalog.folders())
    return True


def _recorded(session: Session, name: str) -> bool:
    from .records import PictogramRecord

    return session.get(PictogramRecord, name) is not None
