"""Turn the bytes of a PDF into the source text of each of its objects, without parsing them.

Reads the cross-reference table or stream (and object streams, Flate or unfiltered, as
WeasyPrint writes them) so a joiner can copy objects as text: dictionaries are returned as
they are written, stream data as raw (still encoded) bytes. `value`, `ref` and `refs_in` pick
single entries out of a dictionary's text.
"""

from __future__ import annotations

import re
import zlib

# A literal string, with escapes and one level of balanced parentheses.
STRING = re.compile(rb"\((?:[^()\\]|\\.|\((?:[^()\\]|\\.)*\))*\)", re.DOTALL)
_OBJ = re.compile(rb"\s*\d+\s+\d+\s+obj\b\s*")
_STREAM = re.compile(rb">>\s*stream(?:\r\n|\n|\r)")
_XREF_TYPE = re.compile(rb"/Type\s*/(?:XRef|ObjStm)\b")


class PdfSource:
    """The source text of each object of one PDF, read from its file or its object streams."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.offsets: dict[int, int] = {}
        self.in_stream: dict[int, tuple[int, int]] = {}
        self.streams: dict[int, tuple[bytes, list[int], int]] = {}
        self.size = 0
        self.trailer = b""
        start = data.rfind(b"startxref")
        if start < 0:
            raise ValueError("no startxref: not a PDF")
        position: int | None = int(data[start + 9:start + 40].split()[0])
        seen = set()
        while position is not None and position not in seen:
            seen.add(position)
            position = self._read_xref(position)
        self.containers = {num for num, _ in self.in_stream.values()}

    def _read_xref(self, position: int) -> int | None:
        """Read one cross-reference section (table or stream); the offset of the previous one."""
        data = self.data
        if data.startswith(b"xref", position):
            end = data.index(b"trailer", position)
            lines = data[position + 4:end].split(b"\n")
            number = 0
            for line in lines:
                fields = line.split()
                if len(fields) == 2:
                    number = int(fields[0])
                elif len(fields) == 3:
                    if fields[2] == b"n":
                        self.offsets.setdefault(number, int(fields[0]))
                    number += 1
            trailer = value(data[end:end + 4096], b"trailer") or b""
        else:
            head, stream = self._split_at(position)
            if stream is None:
                raise ValueError("no cross-reference table")
            content = decode(head, stream)
            widths = [int(w) for w in (value(head, b"/W") or b"[]")[1:-1].split()]
            index = [int(i) for i in (value(head, b"/Index") or b"").strip(b"[]").split()]
            total = int(value(head, b"/Size") or 0)
            pairs = list(zip(index[::2], index[1::2])) if index else [(0, total)]
            step, offset = sum(widths), 0
            for first, count in pairs:
                for number in range(first, first + count):
                    row = content[offset:offset + step]
                    offset += step
                    values, at = [], 0
                    for width in widths:
                        values.append(int.from_bytes(row[at:at + width], "big") if width else None)
                        at += width
                    kind = 1 if values[0] is None else values[0]
                    if kind == 1 and number not in self.in_stream:
                        self.offsets.setdefault(number, values[1] or 0)
                    elif kind == 2 and number not in self.offsets:
                        self.in_stream.setdefault(number, (values[1] or 0, values[2] or 0))
            trailer = head
        if not self.trailer:
            self.trailer = trailer
            self.size = int(value(trailer, b"/Size") or 0)
        previous = value(trailer, b"/Prev")
        return int(previous) if previous else None

    def present(self, num: int) -> bool:
        return num in self.offsets or num in self.in_stream

    def is_container(self, num: int) -> bool:
        """Object streams and cross-reference streams: not copied, their objects are."""
        if num in self.containers:
            return True
        if num in self.offsets:
            head, stream = self.split(num)
            return stream is not None and bool(_XREF_TYPE.search(head))
        return False

    def _stream(self, num: int) -> tuple[bytes, list[int], int]:
        if num not in self.streams:
            head, stream = self.split(num)
            content = decode(head, stream or b"")
            first = int(value(head, b"/First") or 0)
            header = content[:first].split()
            positions = [int(x) for x in header[1::2]]
            self.streams[num] = (content, positions, first)
        return self.streams[num]

    def text(self, num: int) -> bytes:
        return self.split(num)[0]

    def split(self, num: int) -> tuple[bytes, bytes | None]:
        """(object text without its stream data, raw stream data or None)."""
        if num in self.in_stream:
            stm, index = self.in_stream[num]
            content, positions, first = self._stream(stm)
            end = positions[index + 1] if index + 1 < len(positions) else len(content) - first
            return content[first + positions[index]:first + end].strip(), None
        return self._split_at(self.offsets[num])

    def _split_at(self, start: int) -> tuple[bytes, bytes | None]:
        match = _OBJ.match(self.data, start)
        if match is None:
            raise ValueError(f"no object at offset {start}")
        body = match.end()
        end = self.data.find(b"endobj", body)
        stream = _STREAM.search(self.data, body, end if end >= 0 else len(self.data))
        if stream is None:
            return self.data[body:end].strip(), None
        head = self.data[body:stream.start() + 2]
        length = value(head, b"/Length")
        if length is None or not length.isdigit():
            raise ValueError(f"stream at offset {start} without a direct length")
        return head, self.data[stream.end():stream.end() + int(length)]


def decode(head: bytes, stream: bytes) -> bytes:
    """The decoded data of a stream: unfiltered or Flate (what WeasyPrint writes)."""
    filters = value(head, b"/Filter")
    if filters is None or filters in (b"[]",):
        return stream
    if filters.strip(b"[] ") == b"/FlateDecode" and value(head, b"/DecodeParms") is None:
        return zlib.decompress(stream)
    raise ValueError(f"unsupported stream filter {filters!r}")


def value(text: bytes, key: bytes) -> bytes | None:
    """The text of the value of `key` in a dictionary's text (first occurrence), or None."""
    match = re.search(re.escape(key) + rb"(?![^\s/<>\[\]()])\s*", text)
    if match is None:
        return None
    start = match.end()
    ref = re.compile(rb"\d+\s+\d+\s+R").match(text, start)
    if ref is not None:
        return ref.group(0)
    opening = text[start:start + 2]
    if opening[:1] in (b"[", b"(") or opening == b"<<":
        depth, i = 0, start
        while i < len(text):
            char = text[i:i + 1]
            if char == b"\\":
                i += 2
                continue
            if opening[:1] == b"(":
                depth += {b"(": 1, b")": -1}.get(char, 0)
            elif text[i:i + 2] in (b"<<", b">>"):
                depth += 1 if text[i:i + 2] == b"<<" else -1
                i += 1
            elif char == b"<":  # a hex string
                i = text.find(b">", i) + 1 or len(text)
                continue
            elif char in (b"[", b"]"):
                depth += 1 if char == b"[" else -1
            elif char == b"(":  # a string inside an array or dictionary
                end = STRING.match(text, i)
                i = end.end() if end else i + 1
                continue
            i += 1
            if depth == 0:
                return text[start:i]
        return text[start:]
    token = re.compile(rb"/?[^\s/<>\[\]()]+|<[0-9A-Fa-f\s]*>").match(text, start)
    return token.group(0) if token else None


def ref(text: bytes, key: bytes) -> int | None:
    found = value(text, key)
    match = re.fullmatch(rb"(\d+)\s+\d+\s+R", found) if found else None
    return int(match.group(1)) if match else None


def refs_in(value: bytes | None) -> list[int]:
    """Object numbers of a reference or of the references in an array."""
    return [int(n) for n in re.findall(rb"(\d+)\s+\d+\s+R", value)] if value else []
