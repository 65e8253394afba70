"""Turn one person's rendered HTML into a page that stands on its own: CSS, fonts and images inside it.

A page made with `--format html` gets mailed, moved or opened on another computer, so it
must not point at files on this one. The template's stylesheets go into <style> elements
and every file the page or its CSS refers to (fonts, photos, logos, images, imported CSS)
becomes a `data:` URI. Only files the PDF renderer may read are embedded (outreach/fetcher.py:
the content folders); any other file is left out, as it is in the PDF. Links to web pages,
e-mail addresses and anchors stay as they are: they do not point at this computer.
"""

from __future__ import annotations

import base64
import html
import mimetypes
import re
from typing import Any
from urllib.parse import urljoin, urlsplit

from .. import content
from .templates import Template

MAX_DEPTH = 4  # CSS importing CSS: deeper than this is left out
_ATTRIBUTE = re.compile(r"""(\s(?:src|href|poster|data)\s*=\s*)(["'])(.*?)\2""", re.IGNORECASE | re.DOTALL)
_CSS_URL = re.compile(r"""url\(\s*(["']?)([^"')]*)\1\s*\)""", re.IGNORECASE)
_STYLE_ATTRIBUTE = re.compile(r"""(\sstyle\s*=\s*)(["'])(.*?)\2""", re.IGNORECASE | re.DOTALL)
_STYLE_ELEMENT = re.compile(r"(<style\b[^>]*>)(.*?)(</style\s*>)", re.IGNORECASE | re.DOTALL)
_HEAD_END = re.compile(r"</head\s*>", re.IGNORECASE)
_OUTSIDE = ("http", "https", "mailto", "tel", "sms", "whatsapp")


def standalone(template: Template, markup: str) -> str:
    """`markup` with the template's stylesheets inside it and every local file as a data: URI.

    Like a PDF (`pdf.record_version`), the page records the template and version it was made from
    in two `<meta>` elements.
    """
    from .pdf import TEMPLATE_KEY, VERSION_KEY, base_url

    base = _file_base(base_url())
    styles = [f'<meta name="{TEMPLATE_KEY}" content="{html.escape(template.name)}">\n'
              f'<meta name="{VERSION_KEY}" content="{int(template.version)}">\n']
    for relative in template.stylesheets:
        found = content.find("templates", relative)
        if found is None:
            continue
        css = inline_css(found.read_text(encoding="utf-8"), found.resolve().as_uri())
        styles.append(f'<style data-source="{html.escape(relative)}">\n{_safe_in_style(css)}\n</style>\n')
    page = _ATTRIBUTE.sub(lambda m: m.group(1) + m.group(2) + _attribute(m.group(3), base) + m.group(2), markup)
    page = _STYLE_ATTRIBUTE.sub(lambda m: m.group(1) + m.group(2) + _CSS_URL.sub(
        lambda u: f"url({_local(html.unescape(u.group(2)), base)})", m.group(3)) + m.group(2), page)
    page = _STYLE_ELEMENT.sub(lambda m: m.group(1) + _safe_in_style(inline_css(m.group(2), base)) + m.group(3), page)
    head_end = _HEAD_END.search(page)
    at = head_end.start() if head_end else 0
    return page[:at] + "".join(styles) + page[at:]


def inline_css(text: str, base: str, depth: int = 0) -> str:
    """CSS `text` (from the file at URI `base`) with every url() and @import as a data: URI."""
    import tinycss2

    nodes = tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=False)
    _rewrite(nodes, base, depth)
    return str(tinycss2.serialize(nodes))


def _rewrite(nodes: Any, base: str, depth: int) -> None:
    for node in nodes or ():
        kind = getattr(node, "type", "")
        if kind == "url":
            _set(node, _local(node.value, base, depth), 'url("%s")')
        elif kind == "function" and node.lower_name == "url":
            for argument in node.arguments:
                if argument.type == "string":
                    _set(argument, _local(argument.value, base, depth), '"%s"')
        elif kind == "at-rule" and node.lower_at_keyword == "import":
            for part in node.prelude:
                if part.type == "string":
                    _set(part, _local(part.value, base, depth), '"%s"')
        for child in ("prelude", "content", "arguments"):
            _rewrite(getattr(node, child, None), base, depth)


def _set(token: Any, url: str, form: str) -> None:
    """Give a url or string token a new value (tinycss2 writes a token's representation)."""
    token.value = url
    token.representation = form % url.replace("\\", "\\\\").replace('"', '\\"')


def _attribute(value: str, base: str) -> str:
    url = html.unescape(value).strip()
    scheme = urlsplit(url).scheme.lower()
    if url.startswith("#") or not url or scheme in _OUTSIDE or scheme == "data":
        return value
    return html.escape(_local(url, base))


def _local(url: str, base: str, depth: int = 0) -> str:
    """A data: URI for `url` (relative to `base`) when it is a file we may read; '' otherwise."""
    from ..fetcher import Refused, _check_file_url

    url = url.strip()
    if url.startswith("data:") or url.startswith("#"):
        return url
    absolute = urljoin(base, url)
    if urlsplit(absolute).scheme.lower() != "file" or depth > MAX_DEPTH:
        return ""
    try:
        path = _check_file_url(absolute)
    except Refused:
        return ""
    mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    if path.suffix.lower() in (".ttf", ".otf", ".woff", ".woff2"):
        mime = {".ttf": "font/ttf", ".otf": "font/otf", ".woff": "font/woff", ".woff2": "font/woff2"}[path.suffix.lower()]
    data = path.read_bytes()
    if mime == "text/css":
        data = inline_css(data.decode("utf-8", "replace"), path.as_uri(), depth + 1).encode("utf-8")
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


def _file_base(base: str) -> str:
    return base if base.startswith("file:") else "file://" + base


def _safe_in_style(css: str) -> str:
    """CSS that cannot end its <style> element early."""
    return re.sub(r"</(style)", r"<\\/\1", css, flags=re.IGNORECASE)
