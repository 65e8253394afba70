"""Turn a CSV file as Dutch offices export it into numbered rows of named fields.

Handles `;`, `,` and tab separators, UTF-8 with or without BOM, and Windows-1252 (what Excel
writes on Dutch Windows). Header names are trimmed and lower-cased; each row carries the line
it starts on, so errors can name it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError, Where
from .texts import t


@dataclass(frozen=True)
class Row:
    line: int  # 1-based line in the file where this record starts
    values: dict[str, str]
    problem: str | None = None  # Dutch text when the row itself is malformed; skip and report it


def decode(data: bytes) -> str:
    """Bytes of a CSV export as text: UTF-8 (BOM optional), else Windows-1252."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _delimiter(header: str) -> str:
    counts = {d: header.count(d) for d in (";", ",", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def read_rows(path: Path | str, text: str | None = None) -> Iterator[Row]:
    """Rows of the CSV at `path` (or of `text`, with `path` only naming it in errors)."""
    name = str(path)
    if text is None:
        try:
            text = decode(Path(path).read_bytes())
        except OSError as exc:
            raise InputError(t("cli.cannot_read", error=exc.strerror or exc), Where(file=name)) from exc
    lines = text.splitlines(keepends=True)
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None:
        raise InputError(t("cli.csv_empty"), Where(file=name))
    reader = csv.reader(io.StringIO("".join(lines[first:])), delimiter=_delimiter(lines[first]))
    header = [h.strip().lower() for h in next(reader)]
    if len(set(header)) != len(header) or not all(header):
        raise InputError(t("cli.csv_bad_header"), Where(file=name, line=first + 1))
    start = reader.line_num + first + 1
    for record in reader:
        line, start = start, reader.line_num + first + 1
        if not any(cell.strip() for cell in record):
            continue
        problem = None
        if len(record) > len(header):
            problem = t("cli.csv_too_many_cells", count=len(record), expected=len(header))
        padded = record + [""] * (len(header) - len(record))
        yield Row(line, {h: cell.strip() for h, cell in zip(header, padded)}, problem)
