"""Turn a template written as plain text with ((fields)) into its blocks, its fields and the Jinja the house style fills.

The plain format (issue 19) is what communication staff write: one paragraph per blank line,
`((veld))` for a field, `((veld??tekst))` for text shown only when the field has a value, and a
few marks (`# ` heading, `* ` list item, `1. ` numbered item, `^ ` highlighted block, `**vet**`,
`---` a new page). This module is the format's one home: translation files (issue 20) cut a
template into the same blocks, the editor names fields with the same parser, and the template
loader turns a plain template into Jinja (`to_jinja`) that extends a house-style layout
(`_brief.html.j2` for a letter; a message is its text). Staff never write filters: a field is
shown the way its declared kind says (a date as "dinsdag 8 december", a phone number in groups).

The text is parsed with markdown-it-py (CommonMark with everything but paragraphs, headings,
lists, rules and bold switched off) and one inline rule for the `((field))` marks.

Contract used by other modules (keep these signatures):
    blocks(body) -> list[str]   the paragraphs (and headings, list items, page breaks) in order
    fields(body) -> list[str]   every field name, in order of first use, without duplicates
"""

from __future__ import annotations

import bisect
import html
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..errors import ContentError, Where
from ..texts import t

FORMAT = "plain"  # front matter `format = "plain"`: the body is plain text, not Jinja
LAYOUTS = {"letter": "brief", "sms": "bericht", "whatsapp": "bericht"}  # the house style each kind uses
# A card or flyer has fixed places for its texts (templates/_<layout>.html.j2): a heading (`titel`),
# paragraphs (`tekst_1`, ...) and list items (`punt_1`, ...), filled in order; how many of each fit.
SLOTS = {"kaart": {"titel": 1, "tekst": 2, "punt": 0}, "flyer": {"titel": 1, "tekst": 2, "punt": 5}}
MAX_FIELD = 200  # characters between (( and ))
MAX_PROBLEMS = 20  # problems noted per text: the first one is named, the rest only counted up to here
_NAME_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789_")
_FILTERS = {"date": "datum", "time": "tijd", "phone": "telefoon"}  # a field's kind -> the filter that shows it
_BRACES = {ord("{"): "{{ '{' }}", ord("}"): "{{ '}' }}"}
_PICTOGRAMS = {"date": "kalender", "time": "klok", "address": "locatie", "coach": "coach", "phone": "telefoon"}


@dataclass(frozen=True)
class Derived:
    """A field the house style makes from other fields: staff use it like any other field."""

    expression: str
    label: str  # key in texts (documents.plain_*)
    kind: str
    html_only: bool = False


DERIVED = {  # how to reach the coach: the sentence parts the hand-written letters had as Jinja
    "bel_mij": Derived("bel(coach_telefoon, coach_whatsapp|default(''))", "documents.plain.field_bel_mij", "text", True),
    "bel_mij_dan": Derived('bel(coach_telefoon, coach_whatsapp|default(""), "dan ")', "documents.plain.field_bel_mij_dan",
                           "text", True),
    "coach_mobiel": Derived('(coach_telefoon if coach_telefoon|mobiel else "")', "documents.plain.field_coach_mobiel", "phone"),
}


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a plain body: its line (1 = the body's first line) and the Dutch message."""

    line: int
    message: str


@dataclass(frozen=True)
class Block:
    """One block of a plain body: kind (paragraph, heading, bullet, number, highlight, page), source lines, inline tokens."""

    kind: str
    line: int
    source: str
    inline: Any = None
    list_start: bool = False
    list_end: bool = False


def _field_rule(state: Any, silent: bool) -> bool:
    """Inline rule: `((name))` or `((name??text))` becomes a `field` token; an unclosed or broken one a `field_broken` token."""
    src, pos = state.src, state.pos
    if not src.startswith("((", pos):
        return False
    end = src.find("))", pos + 2, pos + 2 + MAX_FIELD)
    inner = src[pos + 2:end] if end >= 0 else ""
    name, sep, text = inner.partition("??")
    name = name.strip()
    good = end >= 0 and bool(name) and name[0].isalpha() and set(name) <= _NAME_CHARS and "\n" not in inner \
        and "((" not in inner
    if not silent:
        token = state.push("field" if good else "field_broken", "", 0)
        token.meta = {"name": name, "text": text if sep else None, "pos": pos, "unclosed": end < 0}
    state.pos = end + 2 if good else (end + 2 if end >= 0 and "((" not in inner else pos + 2)
    return True


def _text_rule(state: Any, silent: bool) -> bool:
    """Inline rule: plain text up to the next `*` (bold), `(` (a field) or line end; replaces CommonMark's text rule."""
    pos, src = state.pos, state.src
    while pos < state.posMax and src[pos] not in "*(\n":
        pos += 1
    if pos == state.pos:
        return False
    if not silent:
        state.pending += src[state.pos:pos]
    state.pos = pos
    return True


def _highlight_rule(state: Any, start: int, end: int, silent: bool) -> bool:
    """Block rule: lines that start with `^ ` are one highlighted block (the appointment box), one item per line."""
    first = state.bMarks[start] + state.tShift[start]
    if state.src[first:first + 2] not in ("^ ", "^\t") or state.sCount[start] - state.blkIndent >= 4:
        return False
    if silent:
        return True
    line = start
    state.push("highlight_open", "div", 1).map = [start, start]
    while line < end:
        begin = state.bMarks[line] + state.tShift[line]
        if state.src[begin:begin + 2] not in ("^ ", "^\t"):
            break
        token = state.push("inline", "", 0)
        token.content = state.src[begin + 2:state.eMarks[line]].strip()
        token.map = [line, line + 1]
        token.children = []
        line += 1
    state.push("highlight_close", "div", -1)
    state.line = line
    return True


@lru_cache(maxsize=1)
def _parser() -> Any:
    from markdown_it import MarkdownIt

    md = MarkdownIt("zero").enable(["heading", "list", "hr", "emphasis"])
    md.inline.ruler.at("text", _text_rule)
    md.inline.ruler.before("text", "field", _field_rule)
    md.block.ruler.before("paragraph", "highlight", _highlight_rule,
                          {"alt": ["paragraph"]})
    return md


def _lines(body: str) -> list[str]:
    return body.replace("\r\n", "\n").split("\n")


def parse(body: str) -> list[Block]:
    """The blocks of a plain body, in order, each with its first line and inline tokens."""
    body = body.replace("\r\n", "\n")
    tokens = _parser().parse(body)
    lines = _lines(body)
    found: list[Block] = []
    kind, outer, depth, pending_start = "paragraph", "", 0, False
    for token in tokens:
        if token.type == "heading_open":
            kind = "heading"
        elif token.type in ("bullet_list_open", "ordered_list_open"):
            if depth == 0:  # a list inside a list item is shown as items of the outer list
                outer, pending_start = ("bullet" if token.type == "bullet_list_open" else "number"), True
            depth += 1
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            depth -= 1
            if depth == 0 and found and found[-1].kind == outer:
                found[-1] = Block(**{**found[-1].__dict__, "list_end": True})
        elif token.type == "highlight_open":
            kind = "highlight"
        elif token.type == "highlight_close":
            kind = "paragraph"
        elif token.type == "hr":
            start = token.map[0] if token.map else 0
            found.append(Block("page", start + 1, lines[start].strip()))
        elif token.type == "inline":
            start, stop = token.map if token.map else (0, 1)
            block_kind = outer if depth and kind == "paragraph" else kind
            found.append(Block(block_kind, start + 1, "\n".join(lines[start:stop]).strip(), token,
                               list_start=pending_start and bool(depth)))
            pending_start = pending_start and not depth
            if kind == "heading":
                kind = "paragraph"
    return found


def blocks(body: str) -> list[str]:
    """The paragraphs of a plain template body (headings, list items, highlighted lines, page breaks too), in order."""
    return [block.source for block in parse(body) if block.source]


def fields(body: str) -> list[str]:
    """Every field name in a plain template body, in order of first use."""
    names: list[str] = []
    for block in parse(body):
        names.extend(child.meta["name"] for child in (block.inline.children if block.inline else [])
                     if child.type == "field")
    return list(dict.fromkeys(names))


def _line_of(block: Block, token: Any, breaks: list[int]) -> int:
    """The line of an inline token: its block's first line plus the newlines before it (`breaks`: their places)."""
    return block.line + bisect.bisect_left(breaks, (token.meta or {}).get("pos", 0))


@dataclass
class _Writer:
    """Jinja for the inline tokens of one block; problems collected with their line."""

    specs: Mapping[str, Any]
    variant: str
    problems: list[Problem]
    optional: frozenset[str] = frozenset()

    def problem(self, line: int, message: Callable[[], str]) -> None:
        """Note a problem (the message made only for the first MAX_PROBLEMS: a hostile text has thousands)."""
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(Problem(line, message()))

    def text(self, value: str) -> str:
        value = html.escape(value, quote=False) if self.variant == "html" else value
        return value.translate(_BRACES)  # a { typed by staff never opens a Jinja tag

    def field(self, name: str, line: int, place: str) -> str | None:
        derived = DERIVED.get(name)
        if derived is not None and not (derived.html_only and self.variant != "html"):
            return derived.expression
        spec = self.specs.get(name)
        if spec is None:
            self.problem(line, lambda: t("documents.plain.unknown_field", field=name[:60]))
            return None
        if spec.kind == "photo":
            self.problem(line, lambda: t("documents.plain.photo_field", field=name, label=spec.label))
            return None
        kind = "phone" if spec.kind in ("coach", "organisation") and spec.input_type == "tel" else spec.kind
        expression = f"{name}|{_FILTERS[kind]}" if kind in _FILTERS else name
        if kind == "date" and self.variant == "html":
            expression += "|heel"
        if name in self.optional and kind in _FILTERS:  # an optional field may be empty: no filter on nothing
            expression = f"({expression} if {name} else '')"
        return expression

    def inline(self, block: Block) -> str:
        out: list[str] = []
        children = block.inline.children if block.inline else []
        content = block.inline.content if block.inline else ""
        breaks = [i for i, c in enumerate(content) if c == "\n"]
        for child in children:
            line = _line_of(block, child, breaks)
            if child.type == "text":
                if "((" in child.content or "))" in child.content or "**" in child.content:
                    self.problem(line, lambda: t("documents.plain.broken_mark", text=child.content.strip()[:40]))
                out.append(self.text(child.content))
            elif child.type in ("softbreak", "hardbreak"):
                out.append("\n")
            elif child.type == "strong_open":
                out.append("<strong>" if self.variant == "html" else "")
            elif child.type == "strong_close":
                out.append("</strong>" if self.variant == "html" else "")
            elif child.type in ("em_open", "em_close"):
                self.problem(line, lambda: t("documents.plain.broken_mark", text=child.markup))
            elif child.type == "field_broken":
                key = "documents.plain.unclosed" if child.meta["unclosed"] else "documents.plain.bad_field"
                self.problem(line, lambda: t(key, text=("((" + child.meta["name"])[:40]))
            elif child.type == "field":
                expression = self.field(child.meta["name"], line, block.kind)
                if expression is None:
                    continue
                if child.meta["text"] is None:
                    out.append("{{ " + expression + " }}")
                else:
                    test = DERIVED[child.meta["name"]].expression if child.meta["name"] in DERIVED else child.meta["name"]
                    out.append("{% if " + test + " %}" + self.text(child.meta["text"]) + "{% endif %}")
            else:
                out.append(self.text(child.content))
        return "".join(out)


def _html_blocks(found: list[Block], writer: _Writer) -> list[str]:
    out: list[str] = []
    in_highlight = False
    for block in found:
        if in_highlight and block.kind != "highlight":
            out.append("</div>")
            in_highlight = False
        text = writer.inline(block) if block.inline is not None else ""
        if block.kind == "paragraph":
            out.append(f"<p>{text}</p>")
        elif block.kind == "heading":
            out.append(f"<h2>{text}</h2>")
        elif block.kind in ("bullet", "number"):
            tag = "ul" if block.kind == "bullet" else "ol"
            out.append(("<" + tag + ">" if block.list_start else "") + f"<li>{text}</li>"
                       + ("</" + tag + ">" if block.list_end else ""))
        elif block.kind == "highlight":
            if not in_highlight:
                out.append('<div class="feiten">')
                in_highlight = True
            picto = _pictogram(block, writer)
            out.append(f'<div class="feit">{{{{ pictogram("{picto}") }}}}<p>{text}</p></div>')
        elif block.kind == "page":
            out.append('<div class="nieuwe-pagina"></div>')
    if in_highlight:
        out.append("</div>")
    return out


def _pictogram(block: Block, writer: _Writer) -> str:
    """The pictogram of a highlighted line: by the kind of its first field (a date: the calendar), else the
    first word of the line that is a pictogram's keyword ("meenemen": two people), else 'informatie'."""
    for child in block.inline.children if block.inline else []:
        if child.type == "field":
            spec = writer.specs.get(child.meta["name"])
            kind = spec.kind if spec is not None else DERIVED.get(child.meta["name"], Derived("", "", "text")).kind
            return _PICTOGRAMS.get(kind, "informatie")
    from ..pictograms.catalog import catalogue

    keywords: dict[str, str] = {}
    for item in sorted(catalogue().values(), key=lambda item: item.name):
        for word in item.keywords:
            keywords.setdefault(word.casefold(), item.name)
    text = block.inline.content if block.inline else ""
    words = "".join(c if c.isalpha() else " " for c in text.casefold()).split()
    return next((keywords[word] for word in words if len(word) > 3 and word in keywords), "informatie")


def problems(body: str, specs: Iterable[Any], variant: str, optional: Iterable[str] = (),
             subject: str | None = None) -> tuple[list[Problem], str, str]:
    """(problems, Jinja of the body, Jinja of the subject line) of a plain body with the template's declared fields."""
    found = parse(body)
    writer = _Writer({spec.name: spec for spec in specs}, variant, [], frozenset(optional))
    if variant == "html":
        jinja = "\n".join(_html_blocks(found, writer))
    else:
        parts = []
        for block in found:
            if block.kind not in ("paragraph",):
                writer.problem(block.line, lambda: t("documents.plain.no_marks_in_message"))
            parts.append(writer.inline(block) if block.inline is not None else "")
        jinja = "\n\n".join(parts)
    subject_jinja = ""
    if subject is not None:
        subject_found = parse(subject)
        if len(subject_found) > 1 or any(b.kind != "paragraph" for b in subject_found):
            writer.problem(0, lambda: t("documents.plain.subject_one_line"))
        subject_jinja = "".join(writer.inline(b) for b in subject_found[:1])
    return sorted(writer.problems, key=lambda p: p.line), jinja, subject_jinja


def _slots(body: str, specs: Iterable[Any], optional: Iterable[str], layout: str) -> tuple[list[Problem], str]:
    """(problems, Jinja blocks) of a card or flyer: each heading, paragraph and list item in its place, in order."""
    writer = _Writer({spec.name: spec for spec in specs}, "html", [], frozenset(optional))
    room = SLOTS[layout]
    used = {"titel": 0, "tekst": 0, "punt": 0}
    out: list[str] = []
    for block in parse(body):
        place = {"heading": "titel", "bullet": "punt", "number": "punt"}.get(block.kind, "tekst")
        if block.kind == "page":
            writer.problem(block.line, lambda: t("documents.plain.no_page_here"))
            continue
        used[place] += 1
        if used[place] > room[place]:
            writer.problem(block.line, lambda: t("documents.plain.too_many_here", titel=room["titel"],
                                                 tekst=room["tekst"], punt=room["punt"]))
            continue
        name = "titel" if place == "titel" else f"{place}_{used[place]}"
        out.append("{% block " + name + " %}" + writer.inline(block) + "{% endblock %}")
    return sorted(writer.problems, key=lambda p: p.line), "\n".join(out)


def is_plain(meta: Mapping[str, Any]) -> bool:
    """Whether a template's front matter says its body is in the plain format."""
    return meta.get("format") == FORMAT


def to_jinja(meta: Mapping[str, Any], body: str, variant: str, specs: Iterable[Any], where: str,
             first_line: int = 1) -> str:
    """The Jinja of a plain template: its layout extended and filled; ContentError naming the first problem's line.

    `first_line` is the file's line of the body's first line (after the front matter).
    """
    layout = meta.get("layout", LAYOUTS.get(str(meta.get("kind")), ""))
    optional = meta.get("optional", {}) if isinstance(meta.get("optional"), dict) else {}
    if layout in SLOTS and variant == "html":
        found, jinja = _slots(body, specs, optional, layout)
        if found:
            raise ContentError(found[0].message, Where(file=where, line=found[0].line + first_line - 1))
        return '{% extends "_' + layout + '.html.j2" %}' + jinja + "\n"
    found, jinja, subject = problems(body, specs, variant, optional, meta.get("subject") if layout == "brief" else None)
    if found:
        first = found[0]
        raise ContentError(first.message, Where(file=where, line=first.line + first_line - 1 if first.line else None))
    if layout == "brief" and variant == "html":
        return ('{% extends "_brief.html.j2" %}{% from "_bel.html.j2" import bel %}'
                "{% block onderwerp %}" + subject + "{% endblock %}"
                "{% block tekst %}\n" + jinja + "\n{% endblock %}\n")
    if layout == "bericht" and variant != "html":
        return jinja + "\n"
    raise ContentError(t("documents.plain.bad_layout", layout=str(layout)[:40]), Where(file=where))
