"""Turn a template source edited by a user into a checked, numbered version: live when it meets its level, else a draft.

`check` checks a new source (front matter, Jinja syntax with its line, rendering with the
sample values and with every `{% if %}` branch forced, reading level) and stores nothing.
`save` adds a version in the caller's database transaction (`versions.TemplateVersion`): one
that meets its level is live at once; one that fails is a draft that letters never use.

A literacy adviser may approve the newest version (`promote`), but never one they wrote
themselves (four eyes); an approved version is live even though it fails its level. The
content folders stay the way to ship templates: a `_goedgekeurd.toml` there (written by
`outreach export`) still approves the exact text of a shipped file.
"""

from __future__ import annotations

import json
import re
import tempfile
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import clock, config, content, db
from ..errors import ConflictError, ContentError, InputError, NotFoundError, OutreachError, Where
from ..texts import t
from . import plain
from .templates import (VARIANTS, Template, _FRONT, check_name, compiled, html_to_text, jinja_body, known_words,
                        parse_front_matter, render_source, template_from_path)
from . import versions
from .versions import digest

APPROVED_FILE = "_goedgekeurd.toml"
MAX_NOTE = 2000
MAX_SOURCE = 100_000  # characters of one template: a letter, not a book
_JINJA_PROBLEMS = (  # Jinja's English messages, the start of each, in Dutch
    ("unexpected end of template", "documents.jinja_end"),
    ("unexpected '", "documents.jinja_unexpected"),
    ("encountered unknown tag", "documents.jinja_unknown_tag"),
    ("expected token", "documents.jinja_expected"),
    ("unexpected char", "documents.jinja_unexpected"),
)


@dataclass(frozen=True)
class Checked:
    """A source that renders: its Template (front matter merged), visible text and readability report."""

    template: Template
    text: str
    report: Any
    branch: bool = False  # the text of a forced branch (what some people get), not of the sample values
    sample: str = ""  # with `branch`: the text with the sample values (what a comparison shows)
    rendered: str = ""  # the HTML (or message) with the sample values: the editor's preview

    @property
    def fails(self) -> bool:
        return bool(self.report.verdict == "fail")

    @property
    def sample_text(self) -> str:
        """The visible text with the template's sample values (also when `text` is a failing branch)."""
        return self.sample if self.branch else self.text


def filename(name: str, variant: str) -> str:
    """`<name>.<variant>.j2` for a checked name and a known variant, else NotFoundError."""
    check_name(name)
    if variant not in VARIANTS:
        raise NotFoundError(t("documents.template_not_found", name=name, known=", ".join(VARIANTS)))
    return f"{name}.{variant}.j2"


def own_folder(create: bool = False) -> Path | None:
    """The user's templates folder (made when `create`), or None without OUTREACH_CONTENT_DIR."""
    root = config.get("OUTREACH_CONTENT_DIR")
    if not root:
        return None
    folder = Path(root).expanduser() / "templates"
    if create:
        folder.mkdir(parents=True, exist_ok=True)
    return folder


def live_source(name: str, variant: str) -> str | None:
    """The source real letters use: the live version in the database, else the user's file, else the built-in one."""
    stored = versions.live_source(name, variant)
    if stored is not None:
        return stored
    found = content.find("templates", filename(name, variant))
    return found.read_text(encoding="utf-8") if found else None


def builtin_source(name: str, variant: str) -> str | None:
    path = content.builtin_dir("templates") / filename(name, variant)
    return path.read_text(encoding="utf-8") if path.is_file() else None


def draft_source(session: Session, name: str, variant: str) -> str | None:
    """The newest version when it is a draft (letters do not use it), else None."""
    row = versions.newest(session, name, variant)
    return row.source if row is not None and row.status == versions.DRAFT else None


def editable_source(session: Session, name: str, variant: str) -> str:
    """What the editor opens: the newest version, else the template real letters use."""
    row = versions.newest(session, name, variant)
    source = row.source if row is not None else live_source(name, variant)
    if source is None:
        raise NotFoundError(t("documents.template_not_found", name=name, known=", ".join(VARIANTS)))
    return source


def own_templates(session: Session) -> list[tuple[str, str]]:
    """(name, variant) of every template saved in the web app, and of every file in the user's folder."""
    found = set(versions.names(session))
    folder = own_folder()
    if folder is not None and folder.is_dir():
        for path in folder.iterdir():
            match = re.fullmatch(r"([a-z0-9][a-z0-9_-]{0,80})\.(html|sms|whatsapp)\.j2", path.name)
            if match and path.is_file():
                found.add((match.group(1), match.group(2)))
    return sorted(found)


def _syntax(source: str, name: str) -> None:
    """ContentError in Dutch naming the line when the Jinja in `source` does not parse."""
    import jinja2

    from .templates import environment

    body = jinja_body(source, name)  # a plain body's problems named here, with their line
    try:
        environment().parse(body)
    except RecursionError:  # (((( or {% if %} nested thousands deep
        raise ContentError(t("documents.too_deep"), Where(file=name)) from None
    except jinja2.TemplateSyntaxError as exc:
        lowered = exc.message.lower() if exc.message else ""
        key = next((k for start, k in _JINJA_PROBLEMS if lowered.startswith(start)), "documents.jinja_other")
        raise ContentError(t(key), Where(file=name, line=exc.lineno)) from None


MAX_BRANCHES = 24  # forced renders per check: every branch of a letter, bounded for a hostile one
FORCE = "_tak"  # the context variable that picks a branch in the tree of `branches`


def branches(body: str) -> tuple[Any, list[list[int]]]:
    """The parsed body with every `{% if %}` and `a if b else c` made forceable, and the choices to force.

    Each test becomes `(_tak[i] == j) if _tak[i] >= 0 else (the test)`: rendered with `_tak`
    all -1 the tree is the template itself; with `_tak[i] = j` choice i takes its branch j (the
    last one is the `else`). A text that depends on a field value (`{% if naam == "Fatima" %}`)
    is then checked in every branch, not only in the one the sample values reach. The tree is
    compiled once; at most MAX_BRANCHES values of `_tak` are returned.
    """
    from jinja2 import nodes

    from .templates import environment

    tree = environment().parse(body)
    found = list(tree.find_all((nodes.If, nodes.CondExpr)))
    sizes = []
    for index, node in enumerate(found):
        tests = [node] + list(getattr(node, "elif_", []))
        for number, clause in enumerate(tests):
            chosen = nodes.Getitem(nodes.Name(FORCE, "load"), nodes.Const(index), "load")
            clause.test = nodes.CondExpr(nodes.Compare(chosen, [nodes.Operand("gteq", nodes.Const(0))]),
                                         nodes.Compare(chosen, [nodes.Operand("eq", nodes.Const(number))]),
                                         clause.test)
        sizes.append(len(tests) + 1)
    forced = [[-1] * i + [branch] + [-1] * (len(found) - i - 1) for i, size in enumerate(sizes) for branch in range(size)]
    return tree, forced[:MAX_BRANCHES]


def _text(template: Template, body: Any = None, **extra: Any) -> str:
    rendered = render_source(template, template.fields, body=body, **extra)
    return html_to_text(rendered, skip_unchecked=True) if template.variant == "html" else rendered


def check(name: str, variant: str, source: str, waived: Any = None) -> Checked:
    """The checked source: ContentError/FieldError naming the place when it is broken; stores nothing.

    The level is checked on the text with the sample values and on the text of every branch
    (`branches`); the first text that fails is the one reported. `waived`: findings a literacy
    adviser marked as not applicable (web/waivers.for_source).
    """
    file = filename(name, variant)
    if len(source) > MAX_SOURCE:
        raise InputError(t("documents.source_too_long", max=MAX_SOURCE), Where(file=file))
    source = source.replace("\r\n", "\n")
    parse_front_matter(source, file)
    _syntax(source, file)
    from ..readability import check as readability

    with tempfile.TemporaryDirectory(prefix="outreach-concept-") as folder:
        path = Path(folder) / file
        path.write_text(source, encoding="utf-8")
        template = template_from_path(path, name)
        rendered = render_source(template, template.fields)
        text = html_to_text(rendered, skip_unchecked=True) if template.variant == "html" else rendered
        words = known_words(template.fields) + tuple(template.meta.get("known_words", ()))
        report = readability(text, level=template.level, kind=template.kind, known_words=words, waived=waived)
        if report.verdict == "fail":
            return Checked(template, text, report, rendered=rendered)
        body = jinja_body(source, file, path)
        try:
            tree, choices = branches(body)
            forceable = compiled(template, tree) if choices else None
        except RecursionError:
            raise ContentError(t("documents.too_deep"), Where(file=file)) from None
        seen = {text}
        for choice in choices:
            try:
                other = _text(template, forceable, **{FORCE: choice})
            except OutreachError:  # a branch the sample values cannot fill: its fields decide, not its words
                continue
            if other in seen:
                continue
            seen.add(other)
            other_report = readability(other, level=template.level, kind=template.kind, known_words=words,
                                       waived=waived)
            if other_report.verdict == "fail":
                return Checked(template, other, other_report, branch=True, sample=text,
                               rendered=rendered)
    return Checked(template, text, report, rendered=rendered)


def plain_parts(source: str) -> tuple[str, str] | None:
    """(front matter block, plain body) of a template in the plain format; None for hand-written Jinja.

    The editor shows staff only the body and puts the front matter (kind, fields, layout) back on save.
    """
    source = source.replace("\r\n", "\n")
    match = _FRONT.match(source)
    if not match or "plain" not in match.group("toml"):
        return None
    try:
        meta = parse_front_matter(source, "-")[0]
    except ContentError:
        return None
    return (source[:match.end()], source[match.end():]) if plain.is_plain(meta) else None


_FIELD_NAME = re.compile(r"[a-z][a-z0-9_]{0,40}")
MAX_LABEL = 80


def declare_field(source: str, name: str, label: str) -> str:
    """`source` with a new text field declared in its front matter (per person; its label is its sample value).

    InputError in Dutch for a name that is not a field name, an empty label, or a field the template has.
    """
    match = _FRONT.match(source)
    if not match:
        raise ContentError(t("documents.no_front_matter"), Where(line=1))
    meta = parse_front_matter(source, "-")[0]
    label = " ".join(label.split())[:MAX_LABEL]
    if not _FIELD_NAME.fullmatch(name):
        raise InputError(t("documents.plain.new_name_bad", name=name[:40]))
    if not label:
        raise InputError(t("documents.plain.new_label_empty"))
    known = {*meta.get("fields", {}), *meta.get("optional", {}), *meta.get("choices", {}), *meta.get("field_info", {}),
             *plain.DERIVED}
    if name in known:
        raise InputError(t("documents.plain.new_field_exists", name=name))
    quoted = json.dumps(label, ensure_ascii=False)  # a JSON string is a TOML basic string
    lines = _add_to_table(match.group("toml").split("\n"), "fields", f"{name} = {quoted}")
    lines = _add_to_table(lines, "field_info", f'{name} = {{ label = {quoted}, kind = "text", per_person = true }}')
    changed = source[:match.start("toml")] + "\n".join(lines) + source[match.end("toml"):]
    parse_front_matter(changed, "-")  # still a good front matter
    return changed


def set_subject(source: str, subject: str) -> str:
    """`source` with its front matter's subject line (a letter's `subject = "..."`) set to `subject`."""
    match = _FRONT.match(source)
    if not match:
        raise ContentError(t("documents.no_front_matter"), Where(line=1))
    entry = f"subject = {json.dumps(' '.join(subject.split())[:MAX_SUBJECT], ensure_ascii=False)}"
    lines = match.group("toml").split("\n")
    top = next((i for i, line in enumerate(lines) if line.lstrip().startswith("[")), len(lines))  # keys before tables
    found = next((i for i in range(top) if lines[i].split("=", 1)[0].strip() == "subject"), None)
    lines = [*lines[:found], entry, *lines[found + 1:]] if found is not None else [*lines[:top], entry, *lines[top:]]
    changed = source[:match.start("toml")] + "\n".join(lines) + source[match.end("toml"):]
    parse_front_matter(changed, "-")  # still a good front matter
    return changed


MAX_SUBJECT = 200


def _add_to_table(lines: list[str], table: str, entry: str) -> list[str]:
    """The front matter's lines with `entry` as the last line of `[table]` (the table added at the end when missing)."""
    header = re.compile(rf"\s*\[{table}\]\s*(#.*)?")
    start = next((i for i, line in enumerate(lines) if header.fullmatch(line)), None)
    if start is None:
        return [*lines, "", f"[{table}]", entry]
    end = next((i for i in range(start + 1, len(lines)) if lines[i].lstrip().startswith("[")), len(lines))
    while end > start + 1 and not lines[end - 1].strip():
        end -= 1
    return [*lines[:end], entry, *lines[end:]]


def save(session: Session, name: str, variant: str, source: str, author_id: int | None, author: str,
         note: str = "") -> tuple[str, Checked]:
    """("opgeslagen" | "concept", checked): a new version, live when it meets its level, else a draft.

    The version is a row in this session's transaction: a broken source raises before anything
    is added, and a crash or a full disk rolls the whole save back.
    """
    source = source.replace("\r\n", "\n")
    checked = check(name, variant, source)
    note = note.strip()[:MAX_NOTE]
    live = not checked.fails or versions.is_approved_source(session, name, variant, source)
    status = versions.PASSING if not checked.fails else versions.APPROVED if live else versions.DRAFT
    versions.add(session, name, variant, source, status, author_id, author, note)
    return ("opgeslagen" if live else "concept"), checked


def restore(session: Session, name: str, variant: str, number: int, author_id: int | None, author: str,
            who: str) -> tuple[str, Checked, int]:
    """(state, checked, new number): version `number` saved again as a new version, with an audit entry.

    The same rules as `save`: an earlier approved text is live again at once, a text that fails
    its level becomes a draft. The new version and its audit entry are in this session's
    transaction. NotFoundError when the template has no version `number`.
    """
    from ..tracking.service import Actor, audit

    old = versions.by_number(session, name, variant, number)
    if old is None:
        raise NotFoundError(t("documents.versions.not_found", number=number))
    state, checked = save(session, name, variant, old.source, author_id, author,
                          t("documents.versions.restored_note", number=number))
    new = versions.newest(session, name, variant)
    assert new is not None
    audit(session, Actor(who[:100]), "restore", "template", new.id, names=[f"{name}.{variant}", str(number)])
    return state, checked, new.number


def is_approved(template: Template) -> bool:
    """Whether a literacy adviser approved exactly this template's text (in the database, or a shipped file)."""
    source = template.path.read_text(encoding="utf-8")
    if template.path.resolve().is_relative_to(versions.cache_dir().resolve()):
        return versions.approved_in_store(template.name, template.variant, source)
    folder = own_folder()
    if folder is None or template.path.parent.resolve() != folder.resolve() or not (folder / APPROVED_FILE).is_file():
        return False
    try:
        table = tomllib.loads((folder / APPROVED_FILE).read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeError, RecursionError):
        raise ContentError(t("documents.bad_approvals"), Where(file=APPROVED_FILE)) from None
    return table.get(template.filename) == digest(source)


def promote(session: Session, name: str, variant: str, expected: str, approver_id: int) -> str:
    """Approve the newest version, whose hash is `expected`: it becomes the template letters use.

    ConflictError when the template changed since the adviser saw it, and when the adviser
    wrote that version (four eyes: also an account with both roles). Returns the approved source.
    """
    file = filename(name, variant)
    db.write_lock(session, f"template:{name}.{variant}")  # one decision at a time per template
    row = versions.newest(session, name, variant)
    if row is None:  # a file in the user's folder that was never saved here: record it as a version first
        source = live_source(name, variant)
        if source is None or digest(source) != expected:
            raise ConflictError(t("documents.draft_changed"), Where(file=file))
        row = versions.add(session, name, variant, source, versions.DRAFT, None, "-")
    if row.source_hash != expected:
        raise ConflictError(t("documents.draft_changed"), Where(file=file))
    authors = session.scalars(select(versions.TemplateVersion.author_id).where(  # also an earlier save of this text
        versions.TemplateVersion.name == name, versions.TemplateVersion.variant == variant,
        versions.TemplateVersion.source_hash == row.source_hash))
    if approver_id in set(authors):
        raise ConflictError(t("documents.own_version"), Where(file=file))
    row.status, row.approved_by, row.approved_at = versions.APPROVED, approver_id, clock.now()
    session.flush()
    return row.source


__all__ = ["Checked", "check", "declare_field", "digest", "editable_source", "is_approved", "own_templates",
           "plain_parts", "promote", "restore", "save", "set_subject"]
