"""Turn a template into its public text: the letter or flyer for everyone, with no person in it.

The listen page shows and reads this text. Every required field is replaced by what it is
("de datum op uw brief", "uw coach"); the filters let such a value through unchanged; the
parts of the document that are not prose (address window, sender, date line, QR code: the
elements marked `data-leescheck="nee"`) are left out. No value of a real person ever goes in.
"""

from __future__ import annotations

import functools

from collections.abc import Callable
from html import escape
from html.parser import HTMLParser
from typing import Any

from ..texts import t
from .templates import Template, context, environment

VOID = {"br", "img", "meta", "link", "hr", "input", "wbr", "source"}
DROP = {"head", "script", "style", "title", "address", "form", "iframe", "object", "embed", "svg", "footer"}
AS_DIV = {"main", "header", "section", "article", "aside", "nav"}  # the listen page has its own landmarks
MAX_DEPTH = 200


class Generic(str):
    """A field value that says what the field is; filters hand it back unchanged."""


def generic_value(name: str) -> str:
    """What a field of a letter is, in words: 'de datum op uw brief' for `afspraak_datum`."""
    if name in ("naam", "adres", "postcode", "woonplaats", "team") or name.startswith("afzender_"):
        return ""  # only in the parts that are left out
    for key, test in (("coach", lambda n: n in ("coach", "coach_naam", "coach_voornaam")),
                      ("phone", lambda n: "telefoon" in n or "whatsapp" in n),
                      ("date", lambda n: n.endswith("datum")), ("time", lambda n: n.endswith("tijd")),
                      ("place", lambda n: n.endswith(("plaats", "plekken", "plek"))),
                      ("greeting", lambda n: n == "aanhef"), ("town", lambda n: n == "gemeente")):
        if test(name):
            return t(f"web.listen_generic_{key}")
    return t("web.listen_generic_other")


def _passing(fn: Callable[..., Any]) -> Callable[..., Any]:
    """`fn` that lets a Generic value through; a filter that takes Jinja's context (jinja_pass_arg) keeps it."""
    value_at = 1 if getattr(fn, "jinja_pass_arg", None) is not None else 0

    @functools.wraps(fn)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        value = args[value_at] if len(args) > value_at else None
        if isinstance(value, Generic):
            return "" if fn.__name__ == "mobiel" else value
        return fn(*args, **kwargs)

    return wrapped


_OVERLAY: dict[int, Any] = {}


def _environment() -> Any:
    env = environment()
    if id(env) not in _OVERLAY:
        overlay = env.overlay(cache_size=50)  # its own cache: templates compiled against these filters
        overlay.filters = {name: _passing(fn) for name, fn in env.filters.items()}
        _OVERLAY[id(env)] = overlay
    return _OVERLAY[id(env)]


class _Prose(HTMLParser):
    """Re-emit the body of a document without the parts marked data-leescheck="nee" or not prose."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.stack: list[tuple[str, bool]] = []
        self.in_body = False
        self.fresh = False  # at the start of a heading or paragraph: 'uw coach belt' becomes 'Uw coach belt'

    def _skipping(self) -> bool:
        return not self.in_body or any(skip for _, skip in self.stack)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "body":
            self.in_body = True
            return
        found = dict(attrs)
        skip = (tag in DROP or found.get("data-leescheck") == "nee"
                or (tag == "img" and not (found.get("src") or "").startswith("data:")))  # a file: photo does not load on the web
        if not self._skipping() and not skip:
            kept = "".join(f' {k}="{escape(v or "")}"' for k, v in attrs if k in ("class", "src", "alt", "role"))
            self.out.append(f"<{('div' if tag in AS_DIV else tag)}{kept}>")
            if tag in ("h1", "h2", "h3", "p", "li"):
                self.fresh = True
        if tag not in VOID and len(self.stack) < MAX_DEPTH:
            self.stack.append((tag, skip))

    def handle_endtag(self, tag: str) -> None:
        if tag == "body":
            self.in_body = False
            return
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                skipped = any(skip for _, skip in self.stack[:i + 1])
                del self.stack[i:]
                if not skipped and self.in_body and tag not in VOID:
                    self.out.append(f"</{'div' if tag in AS_DIV else tag}>")
                break

    def handle_data(self, data: str) -> None:
        if not self._skipping():
            if self.fresh and data.strip():
                data, self.fresh = data.replace(data.lstrip()[0], data.lstrip()[0].upper(), 1), False
            self.out.append(escape(data, quote=False))


def public_html(template: Template) -> str:
    """The prose of `template` as HTML for the listen page, every field read as what it is."""
    values = {name: Generic(generic_value(name)) for name in template.fields}
    markup = _environment().get_template(template.filename).render(context(template, values))
    parser = _Prose()
    parser.feed(markup)
    parser.close()
    return "".join(parser.out).strip()
