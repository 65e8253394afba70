"""Turn a pictogram's SVG file into checked, inline-ready markup or a data URI.

`check_svg` parses the file (bad XML, no <svg> root or no viewBox -> ContentError with file
and line). `svg_markup` strips the XML declaration, doctype and comments before the root,
sets role="img" and aria-label to the alt text, drops a fixed width/height (CSS sizes it)
and prefixes every id, and every reference to it, so that the same pictogram can be inlined
many times in one HTML page.
"""

from __future__ import annotations

import base64
import itertools
import re
from functools import lru_cache
from html import escape, unescape
from pathlib import Path

from ..errors import ContentError, Where
from ..fileproblems import xml_problem
from ..texts import t
from .catalog import Pictogram

_counter = itertools.count(1)
_ROOT = re.compile(r"<svg\b[^>]*>", re.IGNORECASE)
_ATTR = re.compile(r"""([^\s=/>]+)\s*=\s*("[^"]*"|'[^']*')""")
_PROLOGUE = re.compile(r"\A(?:\s+|<\?xml.*?\?>|<!DOCTYPE[^>\[]*(?:\[.*?\])?\s*>|<!--.*?-->)*", re.DOTALL | re.IGNORECASE)
_ID = re.compile(r"""\bid\s*=\s*(["'])([^"']+)\1""")


def check_svg(path: Path) -> None:
    """Raise ContentError unless `path` is well-formed XML with an <svg> root that can scale."""
    import xml.etree.ElementTree as ET

    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as exc:
        line, problem = xml_problem(exc)
        raise ContentError(t("pictograms.bad_svg", error=problem), Where(file=str(path), line=line)) from None
    if root.tag.rsplit("}", 1)[-1] != "svg":
        raise ContentError(t("pictograms.not_svg", tag="<svg>"), Where(file=str(path), line=1))
    if not root.get("viewBox") and not (_number(root.get("width")) and _number(root.get("height"))):
        raise ContentError(t("pictograms.no_viewbox", example='viewBox="0 0 96 96"'), Where(file=str(path), line=_root_line(path)))


def svg_markup(item: Pictogram, unique_ids: bool = True) -> str:
    """The SVG of `item` ready to put inside HTML, with role="img" and aria-label = alt."""
    text = _read(item.path, item.path.stat().st_mtime_ns)
    text = _PROLOGUE.sub("", text, count=1).strip()
    root = _ROOT.search(text)
    if root is None:  # check_svg ran when the catalogue was loaded; the file changed since
        raise ContentError(t("pictograms.not_svg", tag="<svg>"), Where(file=str(item.path), line=1))
    attrs = {k: unescape(v[1:-1]) for k, v in _ATTR.findall(root.group(0))}
    if "viewBox" not in attrs and _number(attrs.get("width")) and _number(attrs.get("height")):
        attrs["viewBox"] = f"0 0 {_number(attrs['width'])} {_number(attrs['height'])}"
    for drop in ("width", "height", "role", "aria-label", "aria-labelledby", "aria-hidden"):
        attrs.pop(drop, None)
    attrs.setdefault("xmlns", "http://www.w3.org/2000/svg")
    attrs["role"] = "img"
    attrs["aria-label"] = item.alt
    head = "<svg " + " ".join(f'{k}="{escape(v, quote=True)}"' for k, v in attrs.items()) + ">"
    if root.group(0).endswith("/>"):
        head = head[:-1] + "/>"
    text = text[: root.start()] + head + text[root.end():]
    if unique_ids:
        text = _prefix_ids(text, f"{_safe(item.name)}-{next(_counter)}-")
    return text


def data_uri(item: Pictogram) -> str:
    """A base64 data: URI of the pictogram's markup, for <img src=...> (alt goes on the img)."""
    return _data_uri(item, item.path.stat().st_mtime_ns)


@lru_cache(maxsize=256)
def _data_uri(item: Pictogram, _mtime: int) -> str:
    markup = svg_markup(item, unique_ids=False)
    return "data:image/svg+xml;base64," + base64.b64encode(markup.encode("utf-8")).decode("ascii")


@lru_cache(maxsize=256)
def _read(path: Path, _mtime: int) -> str:
    return path.read_text(encoding="utf-8-sig")


def _prefix_ids(text: str, prefix: str) -> str:
    """Prefix each id and each reference to it (url(#id), href="#id", aria-*="id")."""
    ids = {m.group(2) for m in _ID.finditer(text)}
    if not ids:
        return text
    alternatives = "|".join(re.escape(i) for i in sorted(ids, key=len, reverse=True))
    text = re.sub(rf"""(\bid\s*=\s*["'])({alternatives})(["'])""", rf"\g<1>{prefix}\g<2>\g<3>", text)
    text = re.sub(rf"""(url\(\s*["']?#|href\s*=\s*["']#)({alternatives})(?=["')\s])""", rf"\g<1>{prefix}\g<2>", text)

    def refs(match: re.Match[str]) -> str:
        values = " ".join(prefix + v if v in ids else v for v in match.group(3).split())
        return f"{match.group(1)}{match.group(2)}{values}{match.group(2)}"

    return re.sub(r"""(\baria-(?:labelledby|describedby)\s*=\s*)(["'])([^"']*)\2""", refs, text)


def _safe(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", name) or "p"


def _number(value: str | None) -> str | None:
    """The number in a width/height such as '96' or '96px'; None for '100%' or missing."""
    found = re.fullmatch(r"\s*([0-9.]+)\s*(px)?\s*", value or "")
    return found.group(1) if found else None


def _root_line(path: Path) -> int | None:
    for number, line in enumerate(path.read_text(encoding="utf-8-sig", errors="replace").splitlines(), 1):
        if "<svg" in line:
            return number
    return None
