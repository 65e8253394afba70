"""Turn a file or stdin into the text to check: plain text as is, HTML as its visible text, Word and PDF letters as their text."""

from __future__ import annotations

import re
from html import unescape

from ..errors import InputError, Where, os_reason
from ..texts import t

_BLOCK = frozenset("""p div section article header footer main aside nav h1 h2 h3 h4 h5 h6 ul ol li table tr
td th dl dt dd blockquote pre figure figcaption address form fieldset hr br""".split())
_SKIP = frozenset("script style head template noscript svg title".split())


_TAG_NAME = re.compile(r"<(/?)([A-Za-z][^\s/>]*)")
_TAG_STOP = re.compile("[>\"']")
_ATTR = re.compile(r"""([^\s=/>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?""")
_RAW = frozenset({"script", "style"})  # their content is not markup


class _Visible:
    """Collects the visible text while the tokenizer walks the page."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.skip = 0

    def start(self, tag: str, attrs: str) -> None:
        if tag in _SKIP:
            self.skip += 1
        elif tag in _BLOCK:
            self.parts.append("\n\n" if tag not in ("br", "li", "td", "th", "tr") else "\n")
        if tag == "li":
            self.parts.append("- ")
        if tag == "img":
            for m in _ATTR.finditer(attrs):
                if m.group(1).lower() == "alt":
                    alt = unescape(next((g for g in m.group(2, 3, 4) if g is not None), ""))
                    if alt.strip():
                        self.parts.append(f" {alt} ")
                    break

    def end(self, tag: str) -> None:
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag in _BLOCK:
            self.parts.append("\n\n" if tag not in ("li", "td", "th") else "\n")

    def data(self, data: str) -> None:
        if not self.skip and data:
            self.parts.append(re.sub(r"\s+", " ", unescape(data)))


def _tag_end(html: str, pos: int) -> int:
    """The index just after the '>' that closes the tag whose attributes start at `pos`; -1 at none.

    Quoted attribute values may hold '>'. Every scan moves `pos` past what it read, so a page
    full of tags that never close ('<a<a<a...', '<a x="...') costs linear time.
    """
    while True:
        stop = _TAG_STOP.search(html, pos)
        if stop is None:
            return -1
        if stop.group() == ">":
            return stop.end()
        close = html.find(stop.group(), stop.end())
        if close < 0:
            return -1
        pos = close + 1


def _walk(html: str, out: _Visible) -> None:
    """A linear HTML tokenizer: text, start and end tags; comments and declarations are skipped.

    Like a browser, a tag or comment that is still open at the end of the page hides the rest.
    """
    pos, n = 0, len(html)
    while pos < n:
        lt = html.find("<", pos)
        if lt < 0:
            out.data(html[pos:])
            return
        out.data(html[pos:lt])
        if html.startswith("<!--", lt):
            close = html.find("-->", lt + 4)
            if close < 0:
                return
            pos = close + 3
            continue
        if html.startswith(("<!", "<?"), lt):
            close = html.find(">", lt + 2)
            if close < 0:
                return
            pos = close + 1
            continue
        m = _TAG_NAME.match(html, lt)
        if m is None:  # a '<' that starts no tag is text
            out.data("<")
            pos = lt + 1
            continue
        close = _tag_end(html, m.end())
        if close < 0:
            return
        tag = m.group(2).lower()
        if m.group(1):
            out.end(tag)
            pos = close
            continue
        out.start(tag, html[m.end():close - 1])
        pos = close
        if tag in _RAW and not html[m.end():close - 1].rstrip().endswith("/"):
            raw_end = re.compile(rf"</{tag}\s*>", re.IGNORECASE).search(html, pos)
            if raw_end is None:
                return
            out.data(html[pos:raw_end.start()])
            out.end(tag)
            pos = raw_end.end()


def html_to_text(html: str) -> str:
    """The visible text of an HTML page: block elements become paragraphs, list items bullets."""
    visible = _Visible()
    _walk(html, visible)
    text = "".join(visible.parts)
    lines = [line.strip() for line in text.split("\n")]
    text = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


MAX_BYTES = 2_000_000  # about 300,000 words: far more than a letter, and checked in seconds
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x19\x1c-\x1f\x7f]")  # not \x1a: old DOS files end with it


def _where(path: str, line: int | None = None) -> Where:
    return Where(file=t("readability.cli.stdin") if path == "-" else path, line=line)


def _too_big(path: str) -> InputError:
    return InputError(t("readability.cli.too_big", max=MAX_BYTES // 1_000_000), _where(path))


def decode(data: bytes, path: str) -> str:
    """Bytes of a text file as text: UTF-8 (with or without BOM), else Windows-1252.

    Anything else is not text, wherever it shows: a NUL or other control byte, bytes that
    Windows-1252 does not use, or invalid UTF-8 after a part that was clearly UTF-8.
    """
    nul = data.find(b"\x00")
    if nul >= 0:
        raise InputError(t("readability.cli.not_text"), _where(path, data.count(b"\n", 0, nul) + 1))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if not data[:exc.start].isascii():  # UTF-8 letters before it: a broken or mixed file
            raise InputError(t("readability.cli.not_text"),
                             _where(path, data.count(b"\n", 0, exc.start) + 1)) from None
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError as bad:
            raise InputError(t("readability.cli.not_text"),
                             _where(path, data.count(b"\n", 0, bad.start) + 1)) from None
    text = text.removesuffix("\x1a")
    control = _CONTROL.search(text)
    if control is not None:
        raise InputError(t("readability.cli.not_text"),
                         _where(path, text.count("\n", 0, control.start()) + 1))
    return text


def read_text(path: str) -> str:
    """The text of `path` ('-' is stdin); UTF-8 (with or without BOM) or Windows-1252, at most MAX_BYTES."""
    import sys

    if path.lower().endswith(".docx"):
        return _capped(docx_text(path), path)
    if path.lower().endswith(".pdf"):
        return _capped(pdf_text(path), path)
    if path == "-":
        if sys.stdin.isatty():
            print(t("readability.cli.type_text"), file=sys.stderr)
        data = sys.stdin.buffer.read(MAX_BYTES + 1)
    else:
        try:
            with open(path, "rb") as f:
                data = f.read(MAX_BYTES + 1)
        except OSError as exc:
            raise InputError(t("readability.cli.cannot_read", error=os_reason(exc)), Where(file=path)) from None
    if len(data) > MAX_BYTES:
        raise _too_big(path)
    text = decode(data, path)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if path.lower().endswith((".html", ".htm")) or (path == "-" and text.lstrip()[:15].lower().startswith(("<!doctype", "<html"))):
        text = html_to_text(text)
    return text


def _capped(text: str, path: str) -> str:
    if len(text.encode("utf-8")) > MAX_BYTES:
        raise _too_big(path)
    return text


MAX_FILE = 20_000_000  # bytes of a Word or PDF file on disk
MAX_PARTS = 1_000  # files inside a Word file (a zip)
MAX_XML = 50_000_000  # bytes of all XML in a Word file, unpacked (a letter of MAX_BYTES text is ~10 MB)
MAX_ELEMENTS = 1_000_000  # XML elements in all parts together
MAX_DEPTH = 200  # nesting of XML elements (tables in tables in tables...)
MAX_PAGES = 500  # pages of a PDF


class _TooMuch(Exception):
    """A Word file passes one of the caps while it is read."""


class _Counter:
    """An lxml parser target that keeps no tree: it only counts elements and depth, and stops at a cap."""

    def __init__(self, budget: list[int]) -> None:
        self.budget, self.depth = budget, 0

    def start(self, tag: str, attrib: object) -> None:
        self.depth += 1
        self.budget[0] -= 1
        if self.depth > MAX_DEPTH or self.budget[0] < 0:
            raise _TooMuch

    def end(self, tag: str) -> None:
        self.depth -= 1

    def data(self, data: str) -> None:
        pass

    def close(self) -> None:
        pass


def _check_docx(path: str) -> None:
    """Read a Word file's zip once with every cap in force; _TooMuch or a parse error when it passes one.

    Checked while unpacking (the sizes a zip states can lie), parsed without building a tree and
    without a document type (no entities: no billion laughs), and each text node under lxml's
    own 10 MB limit. Only after this does python-docx read the file.
    """
    import os
    import zipfile

    from lxml import etree

    if os.path.getsize(path) > MAX_FILE:
        raise _TooMuch
    unpacked, budget = 0, [MAX_ELEMENTS]
    with zipfile.ZipFile(path) as archive:
        members = archive.infolist()
        if len(members) > MAX_PARTS:
            raise _TooMuch
        for member in members:
            if not member.filename.lower().endswith((".xml", ".rels")):
                continue
            parser = etree.XMLParser(target=_Counter(budget), resolve_entities=False, no_network=True,
                                     load_dtd=False, huge_tree=False)
            head = b""
            with archive.open(member) as stream:
                while chunk := stream.read(1 << 16):
                    unpacked += len(chunk)
                    if unpacked > MAX_XML:
                        raise _TooMuch
                    if len(head) < 4096:
                        head += chunk[:4096]
                        if b"<!DOCTYPE" in head or b"<!ENTITY" in head:  # Word never writes one
                            raise _TooMuch
                    parser.feed(chunk)
            parser.close()


def docx_text(path: str) -> str:
    """The paragraphs and tables of a Word letter (python-docx) in reading order, one paragraph each.

    Whatever is wrong with the file (not a zip, a zip bomb, billion laughs, deep nesting, a huge
    text node, millions of paragraphs), the answer is one Dutch error: kapot of te groot.
    """
    try:
        import docx
    except ImportError:  # pragma: no cover - python-docx is a dependency
        raise InputError(t("readability.cli.no_docx"), Where(file=path)) from None
    try:
        _check_docx(path)
        document = docx.Document(path)
        return "\n\n".join(p for p in _docx_blocks(document) if p) + "\n"
    except OSError as exc:  # the file itself: missing, not readable
        raise InputError(t("readability.cli.cannot_read", error=os_reason(exc)), Where(file=path)) from None
    except Exception:  # noqa: BLE001 - any failure inside a hostile file is the same answer
        raise InputError(t("readability.cli.bad_docx"), Where(file=path)) from None


def _docx_blocks(document) -> list[str]:  # type: ignore[no-untyped-def]
    """The body of a Word letter in reading order: paragraphs, and tables between them.

    A table row is one line with its cells separated by tabs, so that a reference table
    ("Ons kenmerk | 2025/1234") reads as "Ons kenmerk<TAB>2025/1234"; a merged cell counts once.
    """
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    out = []
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            out.append(Paragraph(child, document).text.strip())
        elif tag == "tbl":
            rows = []
            for row in Table(child, document).rows:
                cells, seen = [], set()
                for cell in row.cells:
                    if id(cell._tc) in seen:
                        continue
                    seen.add(id(cell._tc))
                    cells.append(" ".join(cell.text.split()))
                line = "\t".join(c for c in cells if c)
                if line:
                    rows.append(line)
            out.append("\n".join(rows))
    return out


def pdf_text(path: str) -> str:
    """The text layer of a PDF letter (pypdf); a scan without text is an error."""
    try:
        from pypdf import PdfReader
    except ImportError:  # pragma: no cover - pypdf is a dependency
        raise InputError(t("readability.cli.bad_pdf"), Where(file=path)) from None
    import os

    try:
        if os.path.getsize(path) > MAX_FILE:
            raise _TooMuch
        reader = PdfReader(path)
        if len(reader.pages) > MAX_PAGES:
            raise _TooMuch
        pages, size = [], 0
        for page in reader.pages:  # stop reading once the text passes the cap
            pages.append(_page_text(page))
            size += len(pages[-1])
            if size > MAX_BYTES:
                raise _too_big(path)
    except OSError as exc:
        raise InputError(t("readability.cli.cannot_read", error=os_reason(exc)), Where(file=path)) from None
    except InputError:
        raise
    except Exception:  # noqa: BLE001 - pypdf's errors, a cap, recursion in a hostile file: one answer
        raise InputError(t("readability.cli.bad_pdf"), Where(file=path)) from None
    pages = _drop_running_lines(pages)
    text = ""
    for page in pages:
        page = page.strip("\n")
        if not page:
            continue
        if text:  # a sentence that runs on to the next page is not cut in two
            last = text.rstrip().rsplit("\n", 1)[-1]
            runs_on = (page[:1].islower() or page[:1].isdigit()) and last[-1:] not in ".!?:"  # an IBAN across pages
            text += "\n" if runs_on else "\n\n"
        text += page
    if not text.strip():
        raise InputError(t("readability.cli.pdf_no_text"), Where(file=path))
    return text.strip() + "\n"


_GAP = re.compile(r"[ \t]{5,}")  # a wide gap on a line: two boxes or columns side by side


def _page_text(page) -> str:  # type: ignore[no-untyped-def]
    """The text of one page with its layout: a blank line where the page has space between paragraphs.

    pypdf's plain mode loses the space between paragraphs, so that an address block, the
    reference lines and the first paragraph run together as one long sentence. Layout mode
    keeps it; its indentation is dropped and a wide gap between two boxes or columns becomes a
    tab, as between the cells of a Word table ("Ons kenmerk<TAB>2025/1234").
    """
    try:
        raw = page.extract_text(extraction_mode="layout")
    except Exception:  # noqa: BLE001 - pypdf's layout mode fails on some fonts; plain mode still reads them
        raw = None
    if raw is None or not raw.strip():
        return (page.extract_text() or "").replace("\r", "")
    stripped = [line.strip() for line in raw.replace("\r", "").split("\n")]
    widest = max((len(line) for line in stripped), default=0)
    lines = [_columns(line, widest) for line in stripped]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines))


def _columns(line: str, widest: int = 0) -> str:
    """One line of layout text: one or two wide gaps are columns (a tab), more are justified text (a space).

    A short justified line ('Participatiewet     geschonden,     tengevolge') has one or two wide
    gaps too, but no word boundary with a normal space and it runs (nearly) as wide as the page's
    widest line (`widest`): text, not columns.
    """
    gaps = len(_GAP.findall(line))
    justified = widest > 0 and not re.search(r"\S \S", line) and len(line) >= 0.9 * widest
    if 0 < gaps <= 2 and not justified:
        line = _GAP.sub("\t", line)
    return re.sub(r" {2,}|[ \t]{3,}", " ", line)


_EDGE = 3  # lines at the top and bottom of a page where running headers and footers stand


def _drop_running_lines(pages: list[str]) -> list[str]:
    """Leave out headers and footers that repeat on the pages (page numbers may differ).

    They would otherwise count once per page, and land in the middle of a sentence that
    runs on to the next page.
    """
    if len(pages) < 2:
        return pages

    def key(line: str) -> str:
        return re.sub(r"\d+", "#", " ".join(line.split()).lower())

    def edges(page: str) -> set[str]:
        lines = [line for line in page.split("\n") if line.strip()]
        return {key(line) for line in lines[:_EDGE] + lines[-_EDGE:]}

    counts: dict[str, int] = {}
    for page in pages:
        for k in edges(page):
            counts[k] = counts.get(k, 0) + 1
    running = {k for k, n in counts.items() if n >= 2 and n * 2 >= len(pages)}
    if not running:
        return pages
    out = []
    for page in pages:
        lines = page.split("\n")
        nonblank = [i for i, line in enumerate(lines) if line.strip()]
        edge = set(nonblank[:_EDGE] + nonblank[-_EDGE:])
        out.append("\n".join(line for i, line in enumerate(lines) if i not in edge or key(line) not in running))
    return out
