"""Every form of every page, posted with exactly the fields its page sends, gets past the form limits (issue 18.1).

The forms come from the rendered pages themselves (parsed, not typed here), so a form that
grows with its template, or a new form, is checked as soon as a page shows it. A browser
sends every named input, select and textarea plus the button that was pressed; the worst
case ticks every checkbox and fills every field to its maxlength.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

import pytest
from test_web_role_matrix import PROBES, PUBLIC, USERS, WEBHOOK, World, _as, _fill, world  # noqa: F401
from web_helpers import PASSWORD, sign_in

FORM_BAD = "Dit formulier klopt niet"


@dataclass
class PageForm:
    action: str
    multipart: bool
    fields: list[tuple[str, str]] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    buttons: list[tuple[str, str]] = field(default_factory=list)
    preview: str = ""  # the live preview posts the same fields here (studio.js)


class Forms(HTMLParser):
    """The POST forms of a page with what a browser would send for each (worst case: every box ticked)."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[PageForm] = []
        self.current: PageForm | None = None
        self.select: str | None = None
        self.radios: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("method", "get").lower() == "post":
            self.current = PageForm(a.get("action", ""), "multipart" in a.get("enctype", ""),
                                    preview=a.get("data-preview", ""))
            self.forms.append(self.current)
            self.radios = set()
        if self.current is not None and tag == "option" and self.select:
            chosen = [i for i, (n, _) in enumerate(self.current.fields) if n == self.select]
            if not chosen:
                self.current.fields.append((self.select, a.get("value", "")))
            elif "selected" in a:
                self.current.fields[chosen[0]] = (self.select, a.get("value", ""))
            return
        if self.current is None or "name" not in a or "disabled" in a:
            return
        name, longest = a["name"], int(a.get("maxlength") or 0)
        if tag == "input":
            kind = a.get("type", "text")
            if kind == "file":
                self.current.files.append(name)
            elif kind in ("submit", "image"):
                self.current.buttons.append((name, a.get("value", "")))
            elif kind == "radio":
                if name not in self.radios:
                    self.radios.add(name)
                    self.current.fields.append((name, a.get("value", "")))
            elif kind == "password":  # the password the test users already have: nobody is locked out
                self.current.fields.append((name, PASSWORD))
            elif kind == "checkbox":
                self.current.fields.append((name, a.get("value", "on")))
            else:
                value = a.get("value", "")
                self.current.fields.append((name, value if kind == "hidden" or not longest else "a" * longest))
        elif tag == "textarea":
            self.current.fields.append((name, "a" * min(longest or 1000, 1000)))
        elif tag == "select":
            self.select = name
        elif tag == "button":
            self.current.buttons.append((name, a.get("value", "")))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.current = None
        elif tag == "select":
            self.select = None


def page_forms(html: str) -> list[PageForm]:
    parser = Forms()
    parser.feed(html)
    return parser.forms


def _pages(role: str) -> list[str]:
    """The pages `role` may open, and every letter's own page (each template has its own fields)."""
    from outreach.documents.templates import iter_templates

    pages = {p.own for (path, method), p in PROBES.items() if method == "GET" and 200 in p.ok
             and (p.allowed == PUBLIC or (p.allowed != WEBHOOK and role in p.allowed))
             and not p.own.split("?")[0].endswith((".png", ".css", "/stand", ".csv", "/telefoon"))}
    if role == "communicatie":
        pages |= {f"/brieven/{tpl.name}" for tpl in iter_templates() if tpl.kind == "letter"}
    return sorted(pages)


def test_the_parser_sees_what_a_browser_sends() -> None:
    [form] = page_forms('<form method="post" action="/x" enctype="multipart/form-data"><input type="hidden" name="csrf" '
                        'value="t"><input name="a" maxlength="3"><input type="radio" name="r" value="1"><input '
                        'type="radio" name="r" value="2"><input type="checkbox" name="c"><select name="s"><option '
                        'value="v">V</option><option>W</option></select><textarea name="t" maxlength="2"></textarea>'
                        '<input type="file" name="f"><button name="actie" value="pdf">PDF</button></form>')
    assert form.fields == [("csrf", "t"), ("a", "aaa"), ("r", "1"), ("c", "on"), ("s", "v"), ("t", "aa")]
    assert (form.files, form.buttons, form.multipart) == (["f"], [("actie", "pdf")], True)


@pytest.mark.parametrize("role", ["coach", "communicatie", "taaladviseur", "beheer"])
def test_every_form_with_the_fields_its_page_sends(world: World, role: str) -> None:
    c = _as(world, role)
    seen, problems = 0, []
    for path in _pages(role):
        page = c.get(_fill(path, world.ids))
        assert page.status_code == 200, (path, page.status_code)
        for form in page_forms(page.text):
            if form.action in ("/uitloggen",):
                continue  # ends the session: the role matrix posts it
            buttons = form.buttons or [("", "")]
            targets = [(form.action, b) for b in buttons] + ([(form.preview, ("", ""))] if form.preview else [])
            for action, button in targets:
                if c.get(_fill(path, world.ids)).status_code == 303:  # an earlier form ended this session
                    assert sign_in(c, USERS[role]) == 303
                token = re.search(r'name="csrf" value="([^"]+)"', c.get(_fill(path, world.ids)).text)
                data: list[tuple[str, str]] = [(n, token.group(1) if n == "csrf" and token else v) for n, v in form.fields]
                data += [button] if button[0] else []
                files = {name: ("leeg.bin", b"", "application/octet-stream") for name in form.files}
                grouped: dict[str, list[str]] = {}
                for name, value in data:
                    grouped.setdefault(name, []).append(value)
                if form.multipart:
                    response = c.post(action, data=grouped, files=files or None)
                else:
                    response = c.post(action, data=grouped)
                seen += 1
                body = response.text
                if response.status_code == 413 or FORM_BAD in body or "Dit formulier is verlopen" in body:
                    problems.append(f"{path} -> {action} {button}: {response.status_code} with {len(data)} fields")
    assert seen and not problems, problems
