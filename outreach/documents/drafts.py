"""Turn a template source edited by a user into a checked template file or a draft that letters never use.

The user's own templates live in `OUTREACH_CONTENT_DIR/templates/`. `save` checks a new source
(front matter, Jinja syntax with its line, rendering with the sample values, reading level):
a broken source raises and nothing stored changes; a source that meets its level replaces the
template file at once (atomically, the previous file kept as `<file>.vorige`); one that fails
its level is kept as a draft `<file>.concept`, which `load_template` never finds.

A literacy adviser may approve a source (`promote`): a draft becomes the template file, and
the hash of the approved source goes into `templates/_goedgekeurd.toml`, so `check_level`
lets that exact text be used for real letters even though it fails its level.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import config, content
from ..errors import ConflictError, ContentError, InputError, NotFoundError, Where
from ..texts import t
from .templates import (VARIANTS, Template, _FRONT, check_name, html_to_text, known_words, parse_front_matter,
                        render_source, template_from_path)

DRAFT, PREVIOUS = ".concept", ".vorige"
APPROVED = "_goedgekeurd.toml"
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

    @property
    def fails(self) -> bool:
        return bool(self.report.verdict == "fail")


def digest(source: str) -> str:
    """The SHA-256 of a template source (what an approval names)."""
    return hashlib.sha256(source.encode("utf-8")).hexdigest()


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


def _folder() -> Path:
    folder = own_folder(create=True)
    if folder is None:
        raise ConflictError(t("documents.no_content_dir"))
    return folder


def live_source(name: str, variant: str) -> str | None:
    """The source real letters use: the user's file, else the built-in one; None when neither exists."""
    found = content.find("templates", filename(name, variant))
    return found.read_text(encoding="utf-8") if found else None


def builtin_source(name: str, variant: str) -> str | None:
    path = content.builtin_dir("templates") / filename(name, variant)
    return path.read_text(encoding="utf-8") if path.is_file() else None


def draft_source(name: str, variant: str) -> str | None:
    folder = own_folder()
    path = folder / (filename(name, variant) + DRAFT) if folder else None
    return path.read_text(encoding="utf-8") if path and path.is_file() else None


def editable_source(name: str, variant: str) -> str:
    """What the editor opens: the draft, else the template real letters use."""
    source = draft_source(name, variant) or live_source(name, variant)
    if source is None:
        raise NotFoundError(t("documents.template_not_found", name=name, known=", ".join(VARIANTS)))
    return source


def own_templates() -> list[tuple[str, str]]:
    """(name, variant) of every template in the user's folder, as a file or a draft."""
    folder = own_folder()
    if folder is None or not folder.is_dir():
        return []
    found = set()
    for path in folder.iterdir():
        base = path.name[:-len(DRAFT)] if path.name.endswith(DRAFT) else path.name
        match = re.fullmatch(r"([a-z0-9][a-z0-9_-]{0,80})\.(html|sms|whatsapp)\.j2", base)
        if match and path.is_file():
            found.add((match.group(1), match.group(2)))
    return sorted(found)


def _syntax(source: str, name: str) -> None:
    """ContentError in Dutch naming the line when the Jinja in `source` does not parse."""
    import jinja2

    from .templates import environment

    match = _FRONT.match(source)
    body = "\n" * match.group(0).count("\n") + source[match.end():] if match else source
    try:
        environment().parse(body)
    except jinja2.TemplateSyntaxError as exc:
        lowered = exc.message.lower() if exc.message else ""
        key = next((k for start, k in _JINJA_PROBLEMS if lowered.startswith(start)), "documents.jinja_other")
        raise ContentError(t(key), Where(file=name, line=exc.lineno)) from None


def check(name: str, variant: str, source: str, waived: Any = None) -> Checked:
    """The checked source: ContentError/FieldError naming the place when it is broken; stores nothing.

    `waived`: findings a literacy adviser marked as not applicable (web/waivers.for_source).
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
    report = readability(text, level=template.level, kind=template.kind,
                         known_words=known_words(template.fields) + tuple(template.meta.get("known_words", ())),
                         waived=waived)
    return Checked(template, text, report)


def _write(path: Path, source: str, keep_previous: bool) -> None:
    """Write `path` atomically (a temporary file renamed over it); the old file kept as `.vorige`."""
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".opslaan-", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(source)
        if keep_previous and path.is_file():
            os.replace(path, path.with_name(path.name + PREVIOUS))
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def save(name: str, variant: str, source: str) -> tuple[str, Checked]:
    """("opgeslagen" | "concept", checked): the template file when it meets its level, else a draft."""
    source = source.replace("\r\n", "\n")
    checked = check(name, variant, source)
    folder = _folder()
    file = filename(name, variant)
    if checked.fails and not is_approved_source(file, source):
        _write(folder / (file + DRAFT), source, keep_previous=False)
        return "concept", checked
    _write(folder / file, source, keep_previous=True)
    (folder / (file + DRAFT)).unlink(missing_ok=True)
    return "opgeslagen", checked


def _approved() -> dict[str, str]:
    folder = own_folder()
    path = folder / APPROVED if folder else None
    if path is None or not path.is_file():
        return {}
    try:
        table = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeError):
        raise ContentError(t("documents.bad_approvals"), Where(file=str(path))) from None
    return {str(k): str(v) for k, v in table.items()}


def is_approved_source(file: str, source: str) -> bool:
    return _approved().get(file) == digest(source)


def is_approved(template: Template) -> bool:
    """Whether a literacy adviser approved exactly this file's text (in the user's folder)."""
    folder = own_folder()
    if folder is None or template.path.parent.resolve() != folder.resolve():
        return False
    return is_approved_source(template.filename, template.path.read_text(encoding="utf-8"))


def promote(name: str, variant: str, expected: str) -> str:
    """Approve the source with hash `expected` (the draft, else the file): it becomes the template letters use.

    ConflictError when the source changed since the adviser saw it. Returns the approved source.
    """
    folder = _folder()
    file = filename(name, variant)
    source = draft_source(name, variant) or live_source(name, variant)
    if source is None or digest(source) != expected:
        raise ConflictError(t("documents.draft_changed"), Where(file=file))
    approved = _approved()
    approved[file] = expected
    lines = "".join(f'"{k}" = "{v}"\n' for k, v in sorted(approved.items()))
    _write(folder / APPROVED, lines, keep_previous=False)
    if (folder / file).is_file() and (folder / file).read_text(encoding="utf-8") == source:
        (folder / (file + DRAFT)).unlink(missing_ok=True)
        return source
    _write(folder / file, source, keep_previous=True)
    (folder / (file + DRAFT)).unlink(missing_ok=True)
    return source


__all__ = ["Checked", "check", "digest", "editable_source", "is_approved", "own_templates",
           "promote", "save"]
