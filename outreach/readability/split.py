"""Turn Dutch text into paragraphs, sentences and tokens with offsets into the original text.

Built for what municipal texts contain: abbreviations (bijv., o.a., t.a.v., di. 12 maart),
times (14.30 uur), dates (12-03-2027), phone numbers (06-12345678, 013 123 45 67), bullets,
headings without a full stop and questions such as "Vragen?". Blank lines separate
paragraphs; so do single line breaks between sentences in flyers and messages (one idea per
line) and in blocks of short lines. A bullet or a short heading line is a sentence of its
own; other line breaks inside a paragraph (hard-wrapped text) are just spaces.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .profile import Abbreviation

# Every pattern that looks ahead or backtracks is bounded ({0,100}), so that a text without
# spaces costs linear time: an unbounded one would rescan the rest of the text at each token.
_TOKEN = re.compile(
    r"""
    (?P<url>(?:https?://|www\.)[^\s<>"]*[^\s<>".,;:!?)\]'’])
  | (?P<email>[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,8})
  | (?P<placeholder>\{\{.{0,100}?\}\}|\{[^{}\s]{0,100}\})
  | (?P<iban>(?<![\w-])[A-Z]{2}\d{2}[ \n]?[A-Z]{4}(?:[ \n]?\d{2,4}){2,5}(?![\w-]))
  | (?P<date>(?<![\w.,-])\d{1,2}[ \n](?i:januari|februari|maart|april|mei|juni|juli|augustus|september|oktober
      |november|december)(?:[ \n]\d{4})?(?![\w-]))
  | (?P<phone>(?<![\w-])(?:\+31[ -]?|0)(?:\d[ -]?){8}\d(?![\w-])
      |\(0\d{2,3}\)[ -]?(?:\d[ -]?){4,6}\d(?![\w-])
      |(?<![\w,.-])14[ -]0\d{2,3}(?![\w-]))
  | (?P<days>(?<!\w)(?i:(?:ma|di|wo|do|vr|za|zo)\.?(?:[ ]?(?:t/m|-|–)[ ]?|[ ]tot[ ]en[ ]met[ ])
      (?:ma|di|wo|do|vr|za|zo))(?!\w))
  | (?P<code>(?<![\w-])--[A-Za-z][\w-]*
      |(?=[\w{}./-]{0,100}[A-Za-z])[\w{}.-]{0,100}\w[_/][\w{}./_-]{0,100}[\w}])
  | (?P<abbr>(?<!\w)(?:[^\W\d_]{1,3}\.){2,10}(?!\w))
  | (?P<word>(?<!\w)['’][st](?!\w)|\w+(?:(?:[-'’]|(?<=\d)[.,:/](?=\d))\w+)*)
  | (?P<punct>[.!?…]+|\S)
    """,
    re.VERBOSE,
)
# bullets: symbols (also Word's Symbol-font bullets that PDF text gives as private-use
# characters, and its second-level "o"), numbers "1." "2)" and letters "a." "b)"
_BULLET = re.compile(r"[ \t]*(?:[-–•*·▪►✓✔→◦○■□➢\uf0b7\uf0a7\uf076\uf0d8\uf0fc\uf0a8]|\d{1,2}[.)]|[a-z][.)]"
                     r"|o(?=[ \t]+[a-z]))[ \t]+")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r]*(?:\n[ \t\r]*)+")
_ENDS = frozenset(".!?…")
_CLOSERS = frozenset("\"'”’)]»")
_HEADING_WORDS = 8
_QUESTION_HEADING_WORDS = 12  # "Wat gebeurt er als wij het formulier niet krijgen?" above its answer


@dataclass(frozen=True, slots=True)
class Token:
    """One token: `kind` is word, number, phone, abbr, url, email, placeholder, code or punct.

    A date with its month in words ('1 januari 2025', '3 maart') is one `number`.

    `code` is what a user types rather than reads as Dutch: --options, file paths,
    names_with_underscores and IBANs (one token, not five words). Opening days such as
    'ma t/m vr' are one `abbr`.
    """

    text: str
    start: int
    end: int
    kind: str

    @property
    def is_word(self) -> bool:
        return self.kind != "punct"

    @property
    def is_alpha_word(self) -> bool:
        return self.kind == "word"  # tokenize() makes words without letters, and dates, "number"


@dataclass(slots=True)
class Sentence:
    """A sentence (or a bullet or heading line) with its tokens."""

    start: int
    end: int
    tokens: list[Token]
    paragraph: int = 0
    line_unit: bool = False  # a bullet or a heading: a line of its own
    in_list: bool = False  # part of a bullet or numbered list item
    words: list[Token] = field(default_factory=list)  # the tokens that are not punctuation

    def __post_init__(self) -> None:
        self.words = [tok for tok in self.tokens if tok.kind != "punct"]

    @property
    def fragment(self) -> bool:
        """A heading, greeting or list item without a sentence end ('Overwegingen', 'Beste Fatima,').

        It is checked like any sentence, but it is no sentence for the average length: a letter's
        headings and greeting would otherwise pull the average of its long sentences down.
        """
        if not self.line_unit:
            return False
        last = next((tok for tok in reversed(self.tokens) if tok.text not in _CLOSERS), None)
        return last is None or last.kind != "punct" or last.text[-1] not in _ENDS


@dataclass(slots=True)
class Paragraph:
    start: int
    end: int
    sentences: list[Sentence] = field(default_factory=list)

    @property
    def word_count(self) -> int:
        return sum(len(s.words) for s in self.sentences)


@dataclass(slots=True)
class Document:
    text: str
    paragraphs: list[Paragraph]
    sentences: list[Sentence] = field(default_factory=list)
    words: list[Token] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.sentences = [s for p in self.paragraphs for s in p.sentences]
        self.words = [w for s in self.sentences for w in s.words]

    def average_length(self) -> float:
        """Words per sentence, headings and greetings left out (see Sentence.fragment); 0 without sentences."""
        counted = [s for s in self.sentences if not s.fragment] or self.sentences
        return sum(len(s.words) for s in counted) / len(counted) if counted else 0.0


def tokenize(text: str, offset: int = 0) -> list[Token]:
    """Tokens of `text`; offsets are shifted by `offset`."""
    out = []
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup or "punct"
        value = m.group()
        if kind == "word" and not any(c.isalpha() for c in value):
            kind = "number"
        elif kind == "iban":
            kind = "code"  # NL91 ABNA 0417 1643 00: one thing to type, not five words
        elif kind == "date":
            kind = "number"  # 1 januari 2025: one date, read at a glance, not three words
        elif kind == "days":
            kind = "abbr"  # ma t/m vr, ma-vr: opening days
        out.append(Token(value, m.start() + offset, m.end() + offset, kind))
    return out


def _lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(start, end) of each non-empty line between start and end, stripped."""
    out = []
    pos = start
    for line in text[start:end].split("\n"):
        a, b = pos, pos + len(line)
        pos = b + 1
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a < b:
            out.append((a, b))
    return out


_FUNCTION_WORDS = frozenset("""de het een en of van voor met in op aan te om bij naar uit door over als dat die
u je uw jouw wij we ik zij ze is zijn wordt worden kan kunt moet mag wil""".split())


_GREETINGS = frozenset("beste geachte hallo hoi dag lieve goedemorgen goedemiddag groet groeten met hoogachtend".split())


_WRAP_MIN = 30      # characters: narrower blocks are lists of short lines, not wrapped text
_WRAP_SHARE = 0.85


def _wrapped(text: str, line: tuple[int, int], nxt: tuple[int, int] | None, width: int) -> bool:
    """Was the line broken only because the next word did not fit (hard-wrapped text)?

    `width` is the longest line of the paragraph; with a proportional font (PDF) letters differ
    in width, so the next word counts as not fitting when the line would pass 85% of it.
    Blocks of short lines (a list without bullets) are never wrapped text; `width` is 0 for a
    paragraph whose lines mostly end a sentence (one idea per line).
    """
    if nxt is None or width < _WRAP_MIN or _BULLET.match(text, nxt[0]):
        return False
    first = text[nxt[0]:nxt[1]].split(maxsplit=1)[0]
    return line[1] - line[0] + 1 + len(first) > _WRAP_SHARE * width


def _blocks(text: str, start: int, end: int) -> list[tuple[int, int, int]]:
    """Join the lines of one paragraph into blocks (a, b, kind): kind 0 text, 1 bullet, 2 heading.

    A bullet starts a block of its own (a lowercase next line continues it); so does a short
    capitalised heading line without end punctuation, or a greeting line such as "Beste Fatima,",
    when the next line starts with a capital.
    Other lines after a line without end punctuation are hard-wrapped text and are joined.
    A line is no heading when the first word of the next line would not have fitted on it: then
    the line break is a wrap ("... door de afdeling" / "Handhaving ingestelde ..." in a PDF).
    """
    blocks: list[list[int]] = []  # [a, b, kind] with kind 0 text, 1 bullet, 2 heading
    lines = _lines(text, start, end)
    # wrapped text: most lines break off mid-sentence (one idea per line ends each line with one)
    ended = sum(1 for a, b in lines if text[b - 1] in _ENDS or text[b - 1] == ":")
    width = max((b - a for a, b in lines), default=0) if len(lines) >= 3 and ended * 2 < len(lines) else 0
    for k, (a, b) in enumerate(lines):
        line = text[a:b]
        bullet = _BULLET.match(text, a)
        is_bullet = bullet is not None and bullet.end() < b
        words = line.split()
        greeting = (not is_bullet and len(words) <= 5 and line[-1] == ","
                    and words[0].lower().strip(",") in _GREETINGS)
        heading = greeting or (not is_bullet and len(words) <= _HEADING_WORDS and line[0].isupper()
                               and line[-1] not in _ENDS and line[-1] not in ",;:-–"
                               and words[-1].lower() not in _FUNCTION_WORDS
                               and not _wrapped(text, (a, b), lines[k + 1] if k + 1 < len(lines) else None, width))
        if not blocks or is_bullet:
            new = True
        else:
            prev_a, prev_b, prev_kind = blocks[-1]
            if prev_kind == 1:
                new = not line[0].islower()
            else:
                new = (text[prev_b - 1] in _ENDS or text[prev_b - 1] == ":"
                       or (prev_kind == 2 and not line[0].islower()))
        if new:
            blocks.append([a, b, 1 if is_bullet else 2 if heading else 0])
        else:
            blocks[-1][1] = b
            if blocks[-1][2] == 2:
                blocks[-1][2] = 0
    return [(a, b, kind) for a, b, kind in blocks]


def _ends_sentence(tokens: list[Token], i: int, abbreviations: dict[str, Abbreviation]) -> bool:
    """Does the punctuation token tokens[i] end a sentence?"""
    tok = tokens[i]
    j = i + 1
    while j < len(tokens) and tokens[j].kind == "punct" and tokens[j].text in _CLOSERS:
        j += 1
    if j >= len(tokens):
        return True
    nxt = tokens[j]
    first = nxt.text[0]
    if not (first.isupper() or first.isdigit() or first in "\"'“‘(«-–•*" or nxt.kind in ("placeholder", "url")
            or not first.isalnum()):
        return False  # a lowercase word follows: an abbreviation or a typo, not a new sentence
    if tok.text != "." or i == 0:
        return True
    prev = tokens[i - 1]
    if prev.end != tok.start or prev.kind not in ("word", "abbr"):
        return True
    if prev.kind == "abbr":  # o.a. t.a.v.: the token holds its own dots; this is a second one
        return True
    abbr = abbreviations.get(prev.text.lower() + ".")
    if abbr is not None:
        if abbr.numeric:
            return not first.isdigit()
        return abbr.ends
    if len(prev.text) == 1 and prev.text.isupper():  # an initial: J. de Vries, A. Jansen
        return False
    return True


def _sentences(text: str, a: int, b: int, unit: bool, abbreviations: dict[str, Abbreviation],
               paragraph: int, in_list: bool = False) -> list[Sentence]:
    tokens = tokenize(text[a:b], a)
    bullet = _BULLET.match(text, a)
    marker_end = bullet.end() if bullet else a  # "1." of a numbered bullet ends nothing
    if bullet:  # ... and is no word of the item: "1. Uw loonstrook." has two words
        tokens = [Token(tok.text, tok.start, tok.end, "punct") if tok.end <= marker_end else tok
                  for tok in tokens]
    out: list[Sentence] = []
    current: list[Token] = []
    pending = False  # the sentence has ended; closing quotes and brackets may still follow
    for i, tok in enumerate(tokens):
        if pending:
            if tok.kind == "punct" and tok.text in _CLOSERS:
                current.append(tok)
                continue
            out.append(Sentence(current[0].start, current[-1].end, current, paragraph))
            current, pending = [], False
        current.append(tok)
        if tok.kind == "punct" and tok.text[-1] in _ENDS and tok.start >= marker_end \
                and _ends_sentence(tokens, i, abbreviations):
            pending = True
    if current:
        out.append(Sentence(current[0].start, current[-1].end, current, paragraph))
    if unit and len(out) == 1:
        out[0].line_unit = True
    for sentence in out:
        sentence.in_list = in_list
    return out


def _own_line(text: str, sentence: Sentence) -> bool:
    """Is the sentence alone on its line(s)?"""
    before = text.rfind("\n", 0, sentence.start)
    after = text.find("\n", sentence.end)
    after = len(text) if after < 0 else after
    return not text[before + 1:sentence.start].strip() and not text[sentence.end:after].strip()


def _by_structure(text: str, para: Paragraph) -> list[Paragraph]:
    """Cut a paragraph around its list and after a question heading.

    A bullet or numbered list is a block of its own: the sentence that introduces it and the
    one after it are not one paragraph with the items. A short question alone on the first
    line ("Wat moet u doen?") is the heading of the lines below it, not one of their sentences.
    """
    sentences = para.sentences
    cuts = set()
    first = sentences[0]
    if (len(sentences) > 1 and not first.in_list and text[first.end - 1] == "?"
            and len(first.words) <= _QUESTION_HEADING_WORDS and "\n" not in text[first.start:first.end]
            and _own_line(text, first)):
        first.line_unit = True
        cuts.add(1)
    for i in range(1, len(sentences)):
        if sentences[i].in_list != sentences[i - 1].in_list:
            cuts.add(i)
    if not cuts:
        return [para]
    bounds = [0, *sorted(cuts), len(sentences)]
    return [Paragraph(sentences[a].start, sentences[b - 1].end, sentences[a:b]) for a, b in zip(bounds, bounds[1:])]


SHORT_LINE = 80  # a block whose lines are all this short and end with their sentences: one idea per line


def _by_lines(text: str, para: Paragraph, always: bool) -> list[Paragraph]:
    """Cut a paragraph at every line break that falls between two sentences.

    Flyers and messages put one idea on each line, without blank lines: each such line is a
    paragraph of its own (`always`). Other texts get this only when every line of the
    block is short and every line break falls between sentences (no hard-wrapped text).
    """
    sentences = para.sentences
    breaks = [i for i in range(1, len(sentences)) if "\n" in text[sentences[i - 1].end:sentences[i].start]]
    if not breaks:
        return [para]
    if not always:
        lines = text[para.start:para.end].split("\n")
        inside = any("\n" in text[s.start:s.end] for s in sentences)
        if inside or len(breaks) != len(lines) - 1 or max(len(line.strip()) for line in lines) > SHORT_LINE:
            return [para]
    out = []
    for a, b in zip([0, *breaks], [*breaks, len(sentences)]):
        part = Paragraph(sentences[a].start, sentences[b - 1].end, sentences[a:b])
        out.append(part)
    return out


def split(text: str, abbreviations: dict[str, Abbreviation], line_paragraphs: bool = False) -> Document:
    """Split `text` into paragraphs and sentences; offsets point into `text` itself.

    With `line_paragraphs` (flyers, sms, WhatsApp) a line break between two sentences also
    starts a paragraph; other texts get that only for blocks of short lines (see `_by_lines`).
    """
    paragraphs: list[Paragraph] = []
    pos = 0
    bounds = []
    for m in _PARAGRAPH_BREAK.finditer(text):
        bounds.append((pos, m.start()))
        pos = m.end()
    bounds.append((pos, len(text)))
    for start, end in bounds:
        if not text[start:end].strip():
            continue
        para = Paragraph(start, end)
        for a, b, kind in _blocks(text, start, end):
            para.sentences.extend(_sentences(text, a, b, kind != 0, abbreviations, len(paragraphs), kind == 1))
        if para.sentences:
            para.start, para.end = para.sentences[0].start, para.sentences[-1].end
            for piece in _by_structure(text, para):
                for part in _by_lines(text, piece, line_paragraphs):
                    for sentence in part.sentences:
                        sentence.paragraph = len(paragraphs)
                    paragraphs.append(part)
    return Document(text, paragraphs)
