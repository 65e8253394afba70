"""Turn a file or stdin into the text to check: plain text as is, HTML as its visible text, Word and PDF letters as their text."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from ..errors import InputError, Where, os_reason
from ..texts import t

_BLOCK = frozenset("""p div section article header footer main aside nav h1 h2 h3 h4 h5 h6 ul ol li table tr
td th dl dt dd blockquote pre figure figcaption address form fieldset hr br""".split())
_SKIP = frozenset("script style head template noscript svg title".split())


class _Visible(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self.skip += 1
        elif tag in _BLOCK:
            self.parts.append("\n\n" if tag not in ("br", "li", "td", "th", "tr") else "\n")
        if tag == "li":
            self.parts.append("- ")
        if tag == "img":
            alt = dict(attrs).get("alt")
            if alt:
                self.parts.append(f" {alt} ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag in _BLOCK:
            self.parts.append("\n\n" if tag not in ("li", "td", "th") else "\n")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(re.sub(r"\s+", " ", data))


def html_to_text(html: str) -> str:
    """The visible text of an HTML page: block elements become paragraphs, list items bullets."""
    parser = _Visible()
    parser.feed(html)
    parser.close()
    text = "".join(parser.parts)
    lines = [line.strip() for line in text.split("\n")]
    text = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def read_text(path: str) -> str:
    """The text of `path` ('-' is stdin); UTF-8 (with or without BOM) or Windows-1252."""
    import sys

    if path.lower().endswith(".docx"):
        return docx_text(path)
    if path.lower().endswith(".pdf"):
        return pdf_text(path)
    if path == "-":
        if sys.stdin.isatty():
            print(t("readability.cli.type_text"), file=sys.stderr)
        data = sys.stdin.buffer.read()
    else:
        try:
            with open(path, "rb") as f:
                data = f.read()
        except OSError as exc:
            raise InputError(t("readability.cli.cannot_read", error=os_reason(exc)), Where(file=path)) from None
    if b"\x00" in data[:4096]:
        raise InputError(t("readability.cli.not_text"), Where(file=path))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if path.lower().endswith((".html", ".htm")) or (path == "-" and text.lstrip()[:15].lower().startswith(("<!doctype", "<html"))):
        text = html_to_text(text)
    return text


def docx_text(path: str) -> str:
    """The paragraphs and table cells of a Word letter (python-docx), one paragraph each."""
    import zipfile

    try:
        import docx
        from docx.opc.exceptions import PackageNotFoundError
    except ImportError:  # pragma: no cover - python-docx is a dependency
        raise InputError(t("readability.cli.no_docx"), Where(file=path)) from None
    try:
        document = docx.Document(path)
    except OSError as exc:
        raise InputError(t("readability.cli.cannot_read", error=os_reason(exc)), Where(file=path)) from None
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError):
        raise InputError(t("readability.cli.bad_docx"), Where(file=path)) from None
    parts = [p.text.strip() for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text.strip() for cell in row.cells)
    return "\n\n".join(p for p in parts if p) + "\n"


def pdf_text(path: str) -> str:
    """The text layer of a PDF letter (pypdf); a scan without text is an error."""
    try:
        from pypdf import PdfReader
        from pypdf.errors import PyPdfError
    except ImportError:  # pragma: no cover - pypdf is a dependency
        raise InputError(t("readability.cli.bad_pdf"), Where(file=path)) from None
    try:
        reader = PdfReader(path)
        pages = [page.extract_text() or "" for page in reader.pages]
    except OSError as exc:
        raise InputError(t("readability.cli.cannot_read", error=os_reason(exc)), Where(file=path)) from None
    except (PyPdfError, ValueError, KeyError, TypeError):
        raise InputError(t("readability.cli.bad_pdf"), Where(file=path)) from None
    text = "\n\n".join(pages)
    text = re.sub(r"[ \t]+\n", "\n", text).replace("\r", "")
    if not text.strip():
        raise InputError(t("readability.cli.pdf_no_text"), Where(file=path))
    return text.strip() + "\n"
