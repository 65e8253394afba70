"""SMS segments exactly as Twilio counts them, and the normalising that keeps texts GSM-7."""

from __future__ import annotations

import pytest

from outreach.messaging import normalise, plain_spelling, sms_segments

EMOJI = "\U0001F600"  # one character, two UTF-16 units


@pytest.mark.parametrize(
    ("text", "encoding", "count"),
    [
        ("", "GSM-7", 1),
        ("Hallo", "GSM-7", 1),
        ("a" * 160, "GSM-7", 1),
        ("a" * 161, "GSM-7", 2),
        ("a" * 306, "GSM-7", 2),
        ("a" * 307, "GSM-7", 3),
        ("a" * 1530, "GSM-7", 10),
        ("a" * 1531, "GSM-7", 11),
        ("@£$¥èéùìòÇØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉÄÖÑÜ§¿äöñüà¡", "GSM-7", 1),
        ("€" * 80, "GSM-7", 1),  # 160 septets
        ("€" * 81, "GSM-7", 2),
        ("a" * 159 + "€", "GSM-7", 2),  # 161 septets
        ("a" * 152 + "{" + "a" * 10, "GSM-7", 2),  # escape pair at 153/154 moves whole to part 2
        ("a" * 152 + "[" + "a" * 150, "GSM-7", 2),  # 152 | 2+150
        ("a" * 152 + "[" + "a" * 152, "GSM-7", 3),  # 306 septets, yet 3 parts: the pair is not split
        ("a" * 153 + "]" + "a" * 151, "GSM-7", 2),  # 153 | 153: exactly two full parts
        ("^{}\\[~]|", "GSM-7", 1),
        ("ë" * 70, "UCS-2", 1),
        ("ë" * 71, "UCS-2", 2),
        ("ë" * 134, "UCS-2", 2),
        ("ë" * 135, "UCS-2", 3),
        ("a" * 69 + "ë", "UCS-2", 1),
        ("Hoi " + EMOJI, "UCS-2", 1),
        (EMOJI * 35, "UCS-2", 1),  # 70 units
        (EMOJI * 36, "UCS-2", 2),  # 72 units
        ("a" * 66 + EMOJI + "a" * 3, "UCS-2", 2),  # pair at 67/68 moves to part 2: 66 | 2+3
        ("a" * 66 + EMOJI + "a" * 65, "UCS-2", 2),  # 66 | 67
        ("a" * 66 + EMOJI + "a" * 66, "UCS-2", 3),  # 134 units, yet 3 parts: 66 | 2+65 | 1
        ("a" * 67 + EMOJI + "a" * 65, "UCS-2", 2),  # 67 | 67: the pair fits the second part
        ("‘quote’", "UCS-2", 1),
    ],
)
def test_segments_table(text: str, encoding: str, count: int) -> None:
    seg = sms_segments(text)
    assert (seg.encoding, seg.count) == (encoding, count)


def test_escape_characters_count_double() -> None:
    assert sms_segments("€{").units == 4
    assert sms_segments("a€").units == 3


def test_ucs2_counts_utf16_units() -> None:
    assert sms_segments("a" + EMOJI).units == 3
    assert sms_segments("aë").non_gsm == ("ë",)


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("‘Hallo’ “u”", "'Hallo' \"u\""),
        ("9–10 uur — morgen", "9-10 uur - morgen"),
        ("06\u00a012\u202f34", "06 12 34"),
        ("tot\u200b zo", "tot zo"),
        ("Wacht…", "Wacht..."),
        ("Noël", "Noël"),  # normalise keeps Dutch letters; the preview offers the plain spelling
    ],
)
def test_normalise(raw: str, clean: str) -> None:
    assert normalise(raw) == clean


@pytest.mark.parametrize(
    ("raw", "plain", "encoding"),
    [
        ("Noël", "Noel", "GSM-7"),
        ("Loïs", "Lois", "GSM-7"),
        ("café", "café", "GSM-7"),  # é is in GSM-7: kept
        ("Dag ‘Anaïs’", "Dag 'Anais'", "GSM-7"),
        ("Hoi " + EMOJI, "Hoi " + EMOJI, "UCS-2"),  # no plain spelling for emoji
    ],
)
def test_plain_spelling_makes_dutch_names_gsm7(raw: str, plain: str, encoding: str) -> None:
    assert plain_spelling(raw) == plain
    assert sms_segments(plain).encoding == encoding
