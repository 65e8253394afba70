"""Turn a CSV file as Dutch offices export it into numbered rows of named fields, and rows back into CSV.

Handles `;`, `,` and tab separators (also named by Excel's first line `sep=;`), UTF-8 with or without BOM, and Windows-1252 (what Excel
writes on Dutch Windows). Header names are trimmed and lower-cased; each row carries the line
it starts on, so errors can name it.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError, Where, os_reason
from .texts import t


@dataclass(frozen=True)
class Row:
    line: int  # 1-based line in the file where this record starts
    values: dict[str, str]
    problem: str | None = None  # unused: a malformed row now stops the whole file (kept for callers)


# One well-formed UTF-8 sequence of two to four bytes (RFC 3629, no surrogates, no overlong forms).
_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}|\xf4[\x80-\x8f][\x80-\xbf]{2}")


def _bad_line(data: bytes, offset: int, file: str | None) -> InputError:
    line = data.count(b"\n", 0, offset) + 1
    return InputError(t("cli.csv_bad_bytes", line=line), Where(file=file))  # the message names the line


def decode(data: bytes, file: str | None = None) -> str:
    """Bytes of a CSV export as text: UTF-8 (BOM optional), else Windows-1252 (Excel on Dutch Windows).

    Windows-1252 only when the file holds no UTF-8 sequence at all: a file that mixes both would
    turn every accented name into nonsense, so it is refused, naming the first unreadable line.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # Excel's "Unicode text": UTF-16 with BOM
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise InputError(t("cli.csv_not_text"), Where(file=file)) from None
    if b"\x00" in data:  # a spreadsheet (.xlsx), a PDF, a picture: not a CSV file
        raise InputError(t("cli.csv_not_text"), Where(file=file))
    bom = data.startswith(b"\xef\xbb\xbf")
    body = data[3:] if bom else data
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        if bom or _UTF8_MULTIBYTE.search(body):
            raise _bad_line(data, exc.start + (3 if bom else 0), file) from None
    try:
        return body.decode("cp1252")
    except UnicodeDecodeError as exc:  # 0x81, 0x8d, 0x8f, 0x90, 0x9d: in neither encoding
        raise _bad_line(data, exc.start, file) from None


_SEP_LINE = re.compile(r'^"?sep=([;,\t|])"?[;,\t|]*$', re.IGNORECASE)


def _delimiter(header: str) -> str:
    counts = {d: header.count(d) for d in (";", ",", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def read_rows(path: Path | str, text: str | None = None) -> Iterator[Row]:
    """Rows of the CSV at `path` (or of `text`, with `path` only naming it in errors).

    Strict, so that nothing is lost without a word: a quoted cell that runs over a line end (a
    stray `"` would swallow the rows after it) or a row with more or fewer cells than the header
    (trailing empty cells aside) raises an InputError naming the line. Callers read every row
    before storing any, so such a file is refused as a whole.
    """
    name = str(path)
    if text is None:
        try:
            text = decode(Path(path).read_bytes(), name)
        except OSError as exc:
            raise InputError(t("cli.cannot_read", error=os_reason(exc)), Where(file=name)) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")  # Excel "CSV (Macintosh)" ends lines with CR only
    lines = text.split("\n")  # only \n ends a line, as for the csv module (not \f, \x1c, U+2028...)
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    delimiter = None
    if first is not None:
        hint = _SEP_LINE.match(lines[first].strip())
        if hint:  # Excel's "sep=;" line names the separator; the header comes after it
            delimiter = hint.group(1)
            first = next((i for i, line in enumerate(lines) if i > first and line.strip()), None)
    if first is None:
        raise InputError(t("cli.csv_empty"), Where(file=name))
    reader = csv.reader(io.StringIO("\n".join(lines[first:])), delimiter=delimiter or _delimiter(lines[first]), strict=True)
    records = _records(reader, name, first)
    header = [h.strip().lower() for h in next(records)[1]]
    while len(header) > 1 and not header[-1]:
        header.pop()  # separators after the last column name (Excel adds them): no column
    if len(set(header)) != len(header) or not all(header):
        raise InputError(t("cli.csv_bad_header"), Where(file=name, line=first + 1))
    for line, record in records:
        if not any(cell.strip() for cell in record):
            continue
        if len(record) > len(header) and not any(cell.strip() for cell in record[len(header):]):
            record = record[:len(header)]  # empty cells after the last column: nothing is lost
        if len(record) != len(header):
            raise InputError(t("cli.csv_cell_count", count=len(record), expected=len(header)), Where(file=name, line=line))
        yield Row(line, {h: cell.strip() for h, cell in zip(header, record)})


def _records(reader: Iterator[list[str]], name: str, first: int) -> Iterator[tuple[int, list[str]]]:
    """(line, cells) of each record of `reader`; a CSV syntax error or a cell that runs over a
    line end becomes an InputError naming the line the record starts on."""
    while True:
        start = getattr(reader, "line_num", 0) + first + 1  # the line the next record starts on
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:  # read past its own line or to the end: a quote that never closes
            runs_on = getattr(reader, "line_num", 0) + first + 1 > start + 1 or "end of data" in str(exc)
            raise InputError(t("cli.csv_open_quote" if runs_on else "cli.csv_broken"), Where(file=name, line=start)) from None
        if getattr(reader, "line_num", 0) + first + 1 != start + 1 or any("\n" in cell for cell in record):
            raise InputError(t("cli.csv_open_quote"), Where(file=name, line=start))
        yield start, record


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    """A cell a spreadsheet shows as text: one starting like a formula (=, +, -, @, tab, CR) gets a
    leading apostrophe, so a neighbourhood '=1+2' or '=HYPERLINK(...)' never runs. Numbers stay numbers."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def write_rows(rows: Iterable[Iterable[object]], delimiter: str = ";") -> str:
    """Rows as CSV text the way Dutch spreadsheets open it (`;`, CRLF); every CSV outreach writes goes here."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])
    return out.getvalue()
