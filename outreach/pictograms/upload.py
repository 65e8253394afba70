"""Turn an uploaded SVG file into a pictogram of the user's own set, or a Dutch refusal naming the problem and line.

The file must be well-formed XML with an <svg> root and a viewBox, and hold nothing that can
run or fetch: no <script>, no <foreignObject>, no event attribute (onload=...), no reference
outside the file (href other than '#id', url(...) other than url(#id), <use> of another file),
no DOCTYPE or entities. It is written to OUTREACH_CONTENT_DIR/pictograms with its label and
alt text in that folder's manifest.toml; a refused file changes nothing.
"""

from __future__ import annotations

import re
from pathlib import Path

from .. import config
from ..errors import InputError, Where
from ..texts import t

MAX_BYTES = 256 * 1024
_NAME = re.compile(r"[a-z0-9][a-z0-9-]{0,40}")
_FORBIDDEN = {"script", "foreignobject", "iframe", "object", "embed", "audio", "video", "image", "animate", "set",
              "handler", "listener"}
_URL = re.compile(r"url\(\s*(['\"]?)(?!#)", re.IGNORECASE)


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
        if tag.lower() in _FORBIDDEN:
            raise InputError(t("pictograms.upload_forbidden", tag=tag), Where(file=filename, line=_line(text, f"<{tag}")))
        for key, value in element.attrib.items():
            local = key.rsplit("}", 1)[-1].lower()
            if local.startswith("on"):
                raise InputError(t("pictograms.upload_event", attribute=local), Where(file=filename, line=_line(text, local)))
            if local == "href" and not value.strip().startswith("#"):
                raise InputError(t("pictograms.upload_external"), Where(file=filename, line=_line(text, value[:30] or "href")))
            if _URL.search(value):
                raise InputError(t("pictograms.upload_external"), Where(file=filename, line=_line(text, "url(")))
        if tag == "style" and (_URL.search(element.text or "") or "@import" in (element.text or "")):
            raise InputError(t("pictograms.upload_external"), Where(file=filename, line=_line(text, "<style")))
    return text


def _quote(value: str) -> str:
    import json

    return json.dumps(value, ensure_ascii=False)  # a JSON string is a valid TOML basic string


def add_pictogram(data: bytes, name: str, label: str, alt: str) -> str:
    """Check and store an uploaded SVG as pictogram `name` in the user's own set; returns the name."""
    root = config.get("OUTREACH_CONTENT_DIR")
    if not root:
        raise InputError(t("pictograms.upload_needs_content_dir"))
    name = name.strip().lower()
    if not _NAME.fullmatch(name):
        raise InputError(t("pictograms.upload_bad_name"), Where(field="naam"))
    label, alt = " ".join(label.split())[:60], " ".join(alt.split())[:200]
    if not label or not alt:
        raise InputError(t("pictograms.upload_needs_label"), Where(field="label" if not label else "alt"))
    text = check_upload(data, f"{name}.svg")
    folder = Path(root).expanduser() / "pictograms"
    if (folder / f"{name}.svg").exists():
        raise InputError(t("pictograms.upload_exists", name=name), Where(field="naam"))
    folder.mkdir(parents=True, exist_ok=True)
    manifest = folder / "manifest.toml"
    old = manifest.read_text(encoding="utf-8") if manifest.exists() else ""
    entry = f"\n[pictograms.{name}]\nlabel = {_quote(label)}\nalt = {_quote(alt)}\n"
    import tomllib

    try:
        tomllib.loads(old + entry)
    except tomllib.TOMLDecodeError:
        raise InputError(t("pictograms.upload_manifest_broken"), Where(file=str(manifest))) from None
    (folder / f"{name}.svg").write_text(text, encoding="utf-8")
    manifest.write_text(old + entry, encoding="utf-8")
    return name
