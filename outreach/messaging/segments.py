"""Turn a message text into its SMS encoding and segment count, exactly as Twilio bills it.

GSM-7 (3GPP TS 23.038): 160 septets in one SMS, 153 per part once split; characters of the
extension table (€ { } [ ] ~ ^ | \\ and form feed) take two septets and are never split
over two parts. Any other character makes the whole text UCS-2: 70 UTF-16 code units in one
SMS, 67 per part; a character outside the Basic Multilingual Plane (most emoji) is a
surrogate pair of two units that is never split. `normalise` replaces typographic look-alikes
(curly quotes, dashes, odd spaces) by plain GSM-7 characters; `plain_spelling` also drops
accents that GSM-7 lacks (ë -> e, ï -> i), which the preview offers but never applies itself.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENSION = frozenset("^{}\\[~]|€\f")

SINGLE = {"GSM-7": 160, "UCS-2": 70}
MULTI = {"GSM-7": 153, "UCS-2": 67}

_LOOKALIKES = {
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\u00b4": "'", "`": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-", "\u2212": "-",
    "\u2026": "...", "\u2022": "-", "\u00b7": "-",
    "\u00a0": " ", "\u2002": " ", "\u2003": " ", "\u2004": " ", "\u2005": " ", "\u2006": " ",
    "\u2007": " ", "\u2008": " ", "\u2009": " ", "\u200a": " ", "\u202f": " ", "\u205f": " ", "\u3000": " ",
    "\t": " ",
    "\u200b": "", "\u200c": "", "\u200d": "", "\u2060": "", "\ufeff": "", "\u00ad": "",
}


@dataclass(frozen=True)
class Segments:
    """How a text travels as SMS: its encoding, its parts and its length in units."""

    encoding: str  # "GSM-7" | "UCS-2"
    count: int
    units: int  # septets for GSM-7, UTF-16 code units for UCS-2
    non_gsm: tuple[str, ...]  # the characters that forced UCS-2, in order of appearance


def _units(text: str) -> tuple[str, list[int], tuple[str, ...]]:
    """The encoding and the size of each indivisible piece of `text`."""
    non_gsm = tuple(dict.fromkeys(ch for ch in text if ch not in GSM7_BASIC and ch not in GSM7_EXTENSION))
    if not non_gsm:
        return "GSM-7", [2 if ch in GSM7_EXTENSION else 1 for ch in text], ()
    return "UCS-2", [2 if ord(ch) > 0xFFFF else 1 for ch in text], non_gsm


def sms_segments(text: str) -> Segments:
    """The encoding and number of SMS parts for `text` exactly as given (no normalising)."""
    encoding, pieces, non_gsm = _units(text)
    total = sum(pieces)
    if total <= SINGLE[encoding]:
        return Segments(encoding, 1, total, non_gsm)
    size, count, used = MULTI[encoding], 1, 0
    for piece in pieces:
        if used + piece > size:  # never split an escape pair or a surrogate pair
            count, used = count + 1, 0
        used += piece
    return Segments(encoding, count, total, non_gsm)


def normalise(text: str) -> str:
    """`text` with curly quotes, long dashes, odd spaces and invisible characters made plain."""
    return "".join(_LOOKALIKES.get(ch, ch) for ch in text)


def plain_spelling(text: str) -> str:
    """`normalise(text)` and letters with accents that GSM-7 lacks written without them (ë -> e)."""
    out = []
    for ch in normalise(text):
        if ch in GSM7_BASIC or ch in GSM7_EXTENSION:
            out.append(ch)
            continue
        base = unicodedata.normalize("NFD", ch)[0]
        out.append(base if base != ch and (base in GSM7_BASIC) else ch)
    return "".join(out)
