"""Find the parts of a letter that are not running text: they are left out of the check.

Real municipal letters carry furniture around the message: the letterhead and address
blocks, reference lines ("Ons kenmerk: 2025/123456", "Datum: 1 maart 2025"), footers with
contact details ("Marktplein 1 | Telefoon 14 0523 | www.gemeente.nl"), page numbers ("Pagina
1 van 2", "z.o.z.") and the signature block after the closing ("namens het college van
burgemeester en wethouders, J. Jansen, teamleider"). The reader does not read these as
sentences and the writer cannot rewrite them, so they count neither as sentences nor as
hard words. The subject line is the exception: only its label is left out, its text
("Onderwerp: beschikking aanvraag bijstand") is checked as a heading.

Detection works on whole lines and is deliberately strict: a line that ends a sentence
(". ", "?", "!") is never furniture, so running text is never dropped.
"""

from __future__ import annotations

import re

# Labels of reference lines, lower case; a line "label: value" (or "label<TAB>value", as a
# Word table row) with one of these labels is left out. SUBJECT labels keep their value.
_LABELS = frozenset(label.strip() for label in """
kenmerk, ons kenmerk, uw kenmerk, uw brief, uw brief van, uw bericht van, uw referentie, referentie,
ons nummer, zaaknummer, dossiernummer, cliëntnummer, clientnummer, klantnummer, relatienummer,
registratienummer, debiteurnummer, factuurnummer, volgnummer, bsn, burgerservicenummer,
datum, verzenddatum, verzonden, dagtekening, retouradres, bijlage, bijlagen, bijlage(n), bijlage (n), aantal bijlagen,
behandeld door, behandelaar, contactpersoon, contact, medewerker, uw contactpersoon,
doorkiesnummer, doorkies, telefoon, telefoonnummer, tel, tel., mobiel, e-mail, email, mail, fax,
afdeling, team, postadres, bezoekadres, adres, website, internet, iban, rekeningnummer, bic, kvk,
openingstijden""".replace("\n", " ").split(","))
_SUBJECT = frozenset({"onderwerp", "betreft", "inzake", "re"})
# "Ons kenmerk: 2025/1", "Ons kenmerk<TAB>2025/1" (a Word table row) or "Ons kenmerk    2025/1" (columns)
_LABEL_LINE = re.compile(r"[ \t]*(?P<label>[^\W\d][\w().-]*(?: [\w().-]+){0,3}?)[ \t]*(?::|\t| {2,})[ \t]*(?P<value>.*)")

# A Dutch postcode followed by a place name: "7799 ZX Dijkerveen", "7793 BD DIJKERVEEN".
_POSTCODE = re.compile(r"(?<![\w-])\d{4} ?[A-Z]{2}(?![\w-])[ \t,]+[A-Z]")
_POSTBUS = re.compile(r"(?i)(?<!\w)postbus \d+")
# Words that may stand in lower case on an address line: particles of names and places.
_PARTICLES = frozenset("de den der van het t a aan op in en ter ten te a/d bij postbus".split())
_EMAIL_URL = re.compile(r"\S+@\S+|(?:https?://|www\.)\S+")

_CLOSING = re.compile(r"[ \t]*(?:met )?(?:vriendelijke|hartelijke|beste|warme)? ?groet(?:en)?,?[ \t]*"
                      r"|[ \t]*hoogachtend,?[ \t]*", re.IGNORECASE)
_PAGE = re.compile(r"(?i)[ \t]*(?:(?:pagina|blz\.?|bladzijde|page)[ \t]*\d+(?:[ \t]*(?:van|/|of)[ \t]*\d+)?"
                   r"|-[ \t]*\d+[ \t]*-|\d+[ \t]*/[ \t]*\d+|z\.[ \t]?o\.[ \t]?z\.?|zie ommezijde|zie achterzijde)"
                   r"(?:[ \t]*[|\t].*)?[ \t]*")
_SEPARATORS = re.compile(r"[ \t]+[|•·][ \t]+|[ \t]+[-–][ \t]+|[ \t]*[|\t][ \t]*")
# a sentence ends at the end of the line or inside it ("... weken. Stuur"), but not after an
# an initial or a title ("B. Kaya", "J.H. Pietersen", "mr. E. Jongbloed")
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)]*$|[^\W\d_]{2}(?<!\b[mdi]r)(?<!\b[dD]rs)(?<!\bing)(?<!\b[dD]hr)"
                           r"(?<!\b[mM]evr)(?<!\b[mM]w)[.!?][ \t]+[A-Z]")
# "Stuur uw bezwaar naar" above an address is a sentence that goes on, not an address line
_FUNCTION_WORDS = frozenset("naar aan van voor bij de het een en of op in met over dan dat om te door tot".split())
_MAX_BLOCK = 7          # lines of one address block, letterhead included
_MAX_SIGNATURE = 12     # lines of a signature block
_SHORT_WORDS = 8        # an address line has at most this many words
_SIGNATURE_WORDS = 12   # a signature line too: "namens het college van burgemeester en wethouders van X,"


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of every line, empty ones included; end excludes the line break."""
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def _ends_sentence(line: str) -> bool:
    line = line.strip()
    if _PAGE.fullmatch(line):
        return False
    return bool(_SENTENCE_END.search(line)) and not line.endswith((" b.v.", " B.V.", " n.v.t."))


def _reference(line: str) -> int | None:
    """For a reference line, how much of it to leave out (the label only for a subject line)."""
    m = _LABEL_LINE.fullmatch(line)
    if m is None:
        return _spaced_reference(line)
    label = m.group("label").lower().strip()
    value = m.group("value")
    if len(value) > 80 or len(value.split()) > 10 or _ends_sentence(value) and len(value.split()) > 3:
        return None
    if label in _SUBJECT:
        return m.start("value") if value.strip() else len(line)
    if label in _LABELS or label.rstrip(".") in _LABELS:
        return len(line)
    return None


def _spaced_reference(line: str) -> int | None:
    """A reference line whose label and value stand one space apart, as PDF text often gives them.

    Only a short line with a known label and a value with a digit: "Datum 24 juli 2025",
    "Ons kenmerk BB-2025-07731", "Telefoon 14 0523".
    """
    words = line.split()
    if len(words) > 5 or _ends_sentence(line):
        return None
    for n in (3, 2, 1):
        label = " ".join(words[:n]).lower().rstrip(":")
        value = " ".join(words[n:])
        if label in _LABELS and any(c.isdigit() for c in value):
            return len(line)
    return None


def _address_anchor(line: str) -> bool:
    """A line with a postcode and place or a PO box, made of names, numbers and contact details."""
    if not (_POSTCODE.search(line) or _POSTBUS.search(line)) or _ends_sentence(line) or len(line) > 120:
        return False
    rest = _EMAIL_URL.sub(" ", line)
    words = re.findall(r"[^\W\d_][\w'’.-]*", rest)
    return all(w[0].isupper() or w.lower() in _PARTICLES or len(w) == 1 for w in words)


def _short_line(line: str, words: int = _SHORT_WORDS) -> bool:
    """A line that can belong to an address or signature block: short, not a sentence."""
    s = line.strip()
    return (bool(s) and len(s.split()) <= words and len(s) <= 90 and not _ends_sentence(s)
            and not s.endswith((":", ";")))


def _address_line(line: str) -> bool:
    """A line above a postcode: a name, street, department or letterhead, not the start of a sentence."""
    s = line.strip()
    if not _short_line(s) or s.endswith(",") or _CLOSING.fullmatch(s):
        return False
    last = s.split()[-1]
    return not (last.islower() and last in _FUNCTION_WORDS)


def _contact_line(line: str) -> bool:
    """A footer or letterhead line of short parts between separators: 'Marktplein 1 | 14 0523 | www.x.nl'."""
    s = line.strip()
    if "|" not in s and "\t" not in s and not _address_anchor(s):
        return False
    parts = [p.strip() for p in _SEPARATORS.split(s) if p.strip()]
    return (len(parts) >= 3 and all(len(p.split()) <= 7 and (p[0].isupper() or p[0].isdigit() or _EMAIL_URL.match(p))
                                    for p in parts)
            and not re.search(r"[.!?][ \t]+[A-Z]", s))


def furniture(text: str) -> list[tuple[int, int, str]]:
    """The spans (start, end, kind) of `text` that are letter furniture, in order, not overlapping.

    kind: reference, subject-label, address, contact, page or signature.
    """
    lines = _lines(text)
    kinds: list[str | None] = [None] * len(lines)
    cut: list[int] = [0] * len(lines)  # characters of the line to leave out (from its start)
    content = [text[a:b] for a, b in lines]
    for i, line in enumerate(content):
        if not line.strip():
            continue
        if _PAGE.fullmatch(line):
            kinds[i], cut[i] = "page", len(line)
            continue
        ref = _reference(line)
        if ref is not None:
            kinds[i], cut[i] = ("reference" if ref == len(line) else "subject-label"), ref
            continue
        if _contact_line(line):
            kinds[i], cut[i] = "contact", len(line)
    for i, line in enumerate(content):
        if kinds[i] is None and _address_anchor(line):
            kinds[i], cut[i] = "address", len(line)
            j = i - 1  # the lines above it: name, street, department, letterhead
            while j >= 0 and i - j < _MAX_BLOCK and (kinds[j] in ("address", "contact")
                                                      or kinds[j] is None and _address_line(content[j])):
                kinds[j], cut[j] = "address", len(content[j])
                j -= 1
    closing = max((i for i, line in enumerate(content) if _CLOSING.fullmatch(line) and line.strip()), default=None)
    if closing is not None:
        seen = 0
        for i in range(closing + 1, len(lines)):
            line = content[i]
            if not line.strip() or kinds[i] is not None and cut[i] == len(line):
                continue
            if seen >= _MAX_SIGNATURE or not _short_line(line, _SIGNATURE_WORDS):
                break
            kinds[i], cut[i] = "signature", len(line)
            seen += 1
    out: list[tuple[int, int, str]] = []
    for (a, _b), kind, n in zip(lines, kinds, cut):
        if kind is not None and n:
            out.append((a, a + n, kind))
    return out


def mask(text: str, spans: list[tuple[int, int, str]]) -> str:
    """`text` with every span replaced by spaces: offsets stay, a left-out line becomes blank."""
    if not spans:
        return text
    parts, pos = [], 0
    for a, b, _kind in spans:
        parts.append(text[pos:a])
        parts.append(" " * (b - a))
        pos = b
    parts.append(text[pos:])
    return "".join(parts)
