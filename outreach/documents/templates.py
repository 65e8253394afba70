"""Turn a template file with TOML front matter into a Template and rendered text or HTML.

A template is `<name>.<variant>.j2` (variant html, sms or whatsapp) on the content search path
(the user's own folder first). It starts with a Jinja comment holding TOML:

    {#---
    kind = "letter"          # letter | flyer | sms | whatsapp
    title = "Uitnodiging"
    level = "B1"
    [fields]                 # required fields, with made-up sample values
    voornaam = "Fatima"
    [optional]               # fields that may be left out, with their default
    coach_foto = ""
    [field_info]             # Dutch label, kind and per_person of each field, in form order
    voornaam = { label = "Voornaam", kind = "text", per_person = true }
    ---#}

A user's template may override a built-in one and still extend it as
`{% extends "ingebouwd/uitnodiging.html.j2" %}`.

With `format = "plain"` in the front matter the body is not Jinja but the plain format staff
write (documents/plain.py): `jinja_body` turns it into the Jinja that fills its house-style
layout (`layout`, `subject`), wherever a body is read (the loader, drafts, a file named on the
command line). Every built-in template is plain; hand-written Jinja keeps working.
"""

from __future__ import annotations

import copy
import functools
import html
import re
from datetime import date, datetime, time
import tomllib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from .. import clock, content
from ..errors import ContentError, FieldError, NotFoundError, OutreachError, Where
from ..fileproblems import toml_problem
from ..texts import t
from .filters import FILTERS, part_filters

VARIANTS = ("html", "sms", "whatsapp")
KINDS = ("letter", "flyer", "sms", "whatsapp")
BUILTIN_PREFIX = "ingebouwd"
_FRONT = re.compile(r"\A\s*\{#-{3}[ \t]*\n(?P<toml>.*?)\n[ \t]*-{3}#\}[ \t]*\n?", re.S)
_NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,80}")
_UNDEFINED = re.compile(r"'(?:[^']*object' has no attribute ')?(?P<name>[^']+)'(?: is undefined)?")


@dataclass(frozen=True)
class Template:
    """A template file and what its front matter declares."""

    name: str
    variant: str
    kind: str
    title: str
    level: str
    fields: dict[str, Any]
    path: Path
    meta: dict[str, Any] = field(default_factory=dict)
    version: int = 1  # the live version's number in the database; 1 for a built-in or own file (as qr counts)

    @property
    def filename(self) -> str:
        return f"{self.name}.{self.variant}.j2"

    @property
    def optional(self) -> dict[str, Any]:
        """Fields that may be left out, with their defaults."""
        return dict(self.meta.get("optional", {}))

    @property
    def choices(self) -> dict[str, list[Any]]:
        """Fields that take one of a few values, from the front matter's [choices] table."""
        table = self.meta.get("choices", {})
        return {k: list(v) for k, v in table.items() if isinstance(v, list)} if isinstance(table, dict) else {}

    @property
    def field_specs(self) -> list[Any]:
        """Every field with its Dutch label, kind and whether it is per person, in form order (fieldspec.FieldSpec)."""
        from .fieldspec import parse

        return parse(self.meta, {*self.fields, *self.optional, *self.choices}, self.filename)

    @property
    def field_labels(self) -> dict[str, str]:
        """Each field's Dutch label, for messages that name a field the way the form does."""
        return {spec.name: spec.label for spec in self.field_specs}

    @property
    def stylesheets(self) -> list[str]:
        """CSS files (relative to the templates folder) for print, from `css` or the kind."""
        default = {"letter": ["css/basis.css", "css/brief.css"],
                   "flyer": ["css/basis.css", "css/flyer.css"]}.get(self.kind, [])
        css = self.meta.get("css", default)
        return [css] if isinstance(css, str) else list(css)


def parse_front_matter(source: str, where: str) -> tuple[dict[str, Any], str]:
    """(front matter, template body) of a template's source text; every value checked for its shape."""
    match = _FRONT.match(source)
    if not match:
        raise ContentError(t("documents.no_front_matter"), Where(file=where, line=1))
    try:
        meta = copy.deepcopy(_good_toml(match.group("toml")))  # each caller its own dict
    except tomllib.TOMLDecodeError as exc:
        line, problem = toml_problem(exc, match.group("toml"))  # the block starts on the template's line 1 with '{#---'
        raise ContentError(t("documents.bad_front_matter", error=problem),
                           Where(file=where, line=line + 1 if line else None)) from None
    except RecursionError:  # [[[[... nested thousands deep
        raise ContentError(t("documents.front_too_deep"), Where(file=where)) from None
    check_front_matter(meta, where)
    return meta, source[match.end():]


@functools.lru_cache(maxsize=64)
def _good_toml(text: str) -> dict[str, Any]:
    """The TOML of a front matter, parsed once per text (the editor's live check reads the same one many times)."""
    return tomllib.loads(text)


_SCALARS = (str, int, float, bool, date, time, datetime)
MAX_ITEMS = 500  # entries of one list or table in the front matter
_SHAPES = {"kind": "text", "title": "text", "level": "level", "content_sid": "text", "one_page": "yes_no",
           "format": "text", "layout": "text", "subject": "text",
           "css": "list", "known_words": "list", "fields": "table", "optional": "table",
           "content_variables": "table", "choices": "table", "regels": "table",
           "field_info": "tables"}  # field_info: per field a small table (label, kind, per_person); fieldspec checks it
_INNER_SHAPES = {("regels", "teksten"): "list"}  # a known key inside a table


def _shape_of(value: Any) -> str:
    """The shape an unknown key's value has, or '' when it is none we read."""
    if isinstance(value, _SCALARS):
        return "scalar"
    if isinstance(value, list):
        return "values"
    return "table" if isinstance(value, dict) else ""


def _fits(value: Any, shape: str) -> bool:
    if shape == "text":
        return isinstance(value, str)
    if shape == "level":
        return value in ("A2", "B1")
    if shape == "yes_no":
        return isinstance(value, bool)
    if shape == "scalar":
        return isinstance(value, _SCALARS)
    if shape == "list":
        return isinstance(value, list) and all(isinstance(v, str) for v in value)
    if shape == "values":
        return isinstance(value, list) and all(isinstance(v, _SCALARS) for v in value)
    return False


def check_front_matter(meta: dict[str, Any], where: str) -> None:
    """A Dutch ContentError naming the key whose value has the wrong shape (`known_words = 5`, a table in a list).

    Known keys have their own shape (`_SHAPES`); a table holds texts, numbers, dates, yes/no or
    lists of those; nothing is nested deeper and no list or table holds more than MAX_ITEMS.
    """
    def refuse(key: str, shape: str) -> ContentError:
        expected = {"level": "shape_level", "yes_no": "shape_yes_no", "list": "shape_list", "values": "shape_list",
                    "table": "shape_table"}.get(shape, "shape_text")
        return ContentError(t("documents.front_shape", key=key[:80], expected=t(f"documents.{expected}")),
                            Where(file=where))

    if len(meta) > MAX_ITEMS:
        raise ContentError(t("documents.front_too_many", key="", max=MAX_ITEMS), Where(file=where))
    for key, value in meta.items():
        shape = _SHAPES.get(key) or _shape_of(value)
        if not shape:
            raise refuse(key, "text")
        if isinstance(value, (list, dict)) and len(value) > MAX_ITEMS:
            raise ContentError(t("documents.front_too_many", key=key[:80], max=MAX_ITEMS), Where(file=where))
        if shape not in ("table", "tables"):
            if not _fits(value, shape):
                raise refuse(key, shape)
            continue
        if not isinstance(value, dict):
            raise refuse(key, "table")
        for name, item in value.items():
            if isinstance(item, list) and len(item) > MAX_ITEMS:
                raise ContentError(t("documents.front_too_many", key=f"{key}.{name}"[:80], max=MAX_ITEMS), Where(file=where))
            if shape == "tables" and isinstance(item, dict) and len(item) <= MAX_ITEMS \
                    and all(_fits(v, "scalar") for v in item.values()):
                continue
            inner = _INNER_SHAPES.get((key, name))
            if inner and not _fits(item, inner):
                raise refuse(f"{key}.{name}", inner)
            if shape == "tables" or not (_fits(item, "scalar") or _fits(item, "values")):
                raise refuse(f"{key}.{name}", "values" if isinstance(item, list) else "table")


def _split_name(name: str, variant: str | None) -> tuple[str, str | None]:
    base = name[:-3] if name.endswith(".j2") else name
    stem, dot, last = base.rpartition(".")
    if dot and last in VARIANTS:
        return stem, last
    return base, variant


def check_name(name: str) -> str:
    """`name` when it is a template name (a-z, 0-9, '-' and '_'), else NotFoundError.

    A name never becomes a path outside the templates folders: no '/', '\\', '..' or '.'.
    """
    if not _NAME.fullmatch(name):
        raise NotFoundError(t("documents.bad_template_name", name=name[:60]))
    return name


def find_template(name: str, variant: str | None = None) -> Path:
    """Path of template `name` (e.g. 'uitnodiging', 'flyer.html'); html first when no variant.

    The live version saved in the web app (the database) comes first, then the content folders.
    """
    stem, variant = _split_name(name, variant)
    check_name(stem)
    if variant is not None and variant not in VARIANTS:
        raise NotFoundError(t("documents.template_not_found", name=name, known=", ".join(template_names())))
    from .versions import live_path

    for candidate in [variant] if variant else list(VARIANTS):
        found = live_path(stem, candidate) or content.find("templates", f"{stem}.{candidate}.j2")
        if found:
            return found
    raise NotFoundError(t("documents.template_not_found", name=name, known=", ".join(template_names())))


def template_names() -> list[str]:
    """Names (with variant) of every template in the database and on the search path, partials left out."""
    from .versions import live_names

    names: set[str] = {f"{name}.{variant}" for name, variant in live_names()}
    for folder in content.search_path("templates"):
        names.update(p.name[:-3] for p in folder.glob("*.j2") if not p.name.startswith("_"))
    return sorted(names)


def template_from_path(path: Path, name: str | None = None) -> Template:
    """The Template of a file, front matter checked."""
    meta, _ = parse_front_matter(path.read_text(encoding="utf-8"), str(path))  # shapes checked before merging
    builtin = content.builtin_dir("templates") / path.name
    if builtin.is_file() and builtin.resolve() != path.resolve():
        meta = _inherit(parse_front_matter(builtin.read_text(encoding="utf-8"), str(builtin))[0], meta)
    stem, variant = _split_name(path.name, None)
    kind = meta.get("kind")
    if kind not in KINDS:
        raise ContentError(t("documents.bad_kind", kind=kind, kinds=", ".join(KINDS)), Where(file=str(path)))
    level = str(meta.get("level", "B1" if kind == "letter" else "A2"))
    sample = meta.get("fields", {})
    if not isinstance(sample, dict):
        raise ContentError(t("documents.bad_fields"), Where(file=str(path)))
    from .fieldspec import parse

    parse(meta, (), str(path))  # a wrong field declaration is named when the template loads
    from .versions import number_in_path

    return Template(
        name=name or stem,
        variant=variant or "html",
        kind=kind,
        title=str(meta.get("title", stem)),
        level=level,
        fields=dict(sample),
        path=path,
        meta=meta,
        version=number_in_path(path) or 1,
    )


def _inherit(base: dict[str, Any], own: dict[str, Any]) -> dict[str, Any]:
    """Front matter of a user's template over the built-in one it replaces (tables merged)."""
    merged = {**base, **own}
    for table in ("fields", "optional", "choices", "field_info"):
        if isinstance(base.get(table), dict) or isinstance(own.get(table), dict):
            merged[table] = {**base.get(table, {}), **own.get(table, {})}
    return merged


def jinja_body(source: str, where: str, path: Path | None = None) -> str:
    """The Jinja a template's source stands for, its front matter replaced by as many newlines (lines stay right).

    A hand-written template is its own Jinja; a plain one (`format = "plain"`, documents/plain.py)
    becomes the Jinja that fills its house-style layout, its fields shown as their kind says.
    ContentError (with the line) when the plain text has a problem.
    """
    match = _FRONT.match(source)
    if not match:
        return source
    lines = match.group(0).count("\n")
    body = source[match.end():]
    if "plain" not in match.group("toml"):  # cheap: only a plain template's front matter says so
        return "\n" * lines + body
    from . import plain

    meta, _ = parse_front_matter(source, where)
    if not plain.is_plain(meta):
        return "\n" * lines + body
    if path is not None:  # merged with the built-in one it replaces, as template_from_path does
        template = template_from_path(path)
    else:
        template = Template(Path(where).name, _split_name(Path(where).name, None)[1] or "html", str(meta.get("kind")),
                            "", "", dict(meta.get("fields", {})), Path(where), meta)
    return plain.to_jinja(template.meta, body, template.variant, template.field_specs, where, lines + 1)


def load_template(name: str, variant: str | None = None) -> Template:
    """The Template called `name` on the content search path (user's folder first)."""
    path = find_template(name, variant)
    return template_from_path(path, _split_name(path.name, None)[0])


def _loader(folders: list[Path]) -> Any:
    """A Jinja loader over `folders` that hides each file's front matter from Jinja."""
    import jinja2

    class FrontMatterLoader(jinja2.FileSystemLoader):
        def get_source(self, environment: Any, template: str) -> tuple[str, str, Callable[[], bool]]:
            source, filename, uptodate = super().get_source(environment, template)
            if content.inside(Path(filename).parent, Path(filename).name) is None or not any(
                    Path(filename).resolve().is_relative_to(Path(folder).resolve()) for folder in self.searchpath):
                raise jinja2.TemplateNotFound(template)  # a symbolic link out of the folder: as if absent
            source = jinja_body(source, filename, Path(filename))  # front matter out, a plain body made Jinja
            # a file saved later in a folder that comes first (the user's) replaces a cached built-in one
            found = Path(filename).resolve()
            earlier = []
            for folder in self.searchpath:
                if found.is_relative_to(Path(folder).resolve()):
                    break
                earlier.append(Path(folder) / template)
            return source, filename, lambda: uptodate() and not any(p.is_file() for p in earlier)

    return FrontMatterLoader([str(f) for f in folders])


_ENVIRONMENTS: dict[tuple[str, ...], Any] = {}


def environment() -> Any:
    """The sandboxed Jinja environment over the current search path (cached per path)."""
    folders = content.search_path("templates")
    key = tuple(str(f) for f in folders)
    if key not in _ENVIRONMENTS:
        import jinja2

        from . import assets
        from .sandbox import make_environment

        loader = jinja2.ChoiceLoader([
            _loader(folders),
            jinja2.PrefixLoader({BUILTIN_PREFIX: _loader([content.builtin_dir("templates")])}),
        ])
        env = make_environment(loader, lambda name: bool(name) and name.endswith((".html.j2", ".html")))
        env.filters.update(FILTERS)
        env.filters.update(part_filters())  # dates and times in figures in a translated part
        env.filters["foto"] = assets.photo_uri
        _ENVIRONMENTS[key] = env
    return _ENVIRONMENTS[key]


def context(template: Template, values: Mapping[str, Any], **extra: Any) -> dict[str, Any]:
    """The values a template sees: its optional defaults, the given values, and helpers."""
    from . import assets, qr

    from .sandbox import plain

    given = {k: v for k, v in values.items() if v is not None}
    merged: dict[str, Any] = plain({**template.optional, **given, **extra})
    used: list[str] = []
    merged.update(
        template={"name": template.name, "title": template.title, "kind": template.kind, "level": template.level},
        pictogram=assets.pictogram_function(used),
        pictogram_credits=lambda: assets.credits(used),
        asset=assets.asset_uri,
        **qr.helpers(template, given),
        vandaag=clock.today(),
    )
    merged.setdefault("level_override", "")
    merged.setdefault("vertaling", None)  # a translated part of a bilingual document (documents.bilingual)
    return merged


def render_source(template: Template, values: Mapping[str, Any], *, body: Any = None, **extra: Any) -> str:
    """The template rendered with `values`: HTML for html templates, the message otherwise.

    `body` is a parsed Jinja tree, or one compiled by `compiled`, to render instead of the file's own
    (the branches forced by `drafts.check`).
    """
    import jinja2

    from .sandbox import TemplateLimit

    env = environment()
    try:
        if body is not None:
            jinja_template = body if hasattr(body, "render") else _escaping(env, template.variant == "html").from_string(body)
        elif template.path == content.find("templates", template.filename):
            jinja_template = env.get_template(template.filename)
        else:  # a file named on the command line: escape as its variant says, not by its name
            jinja_template = _escaping(env, template.variant == "html").from_string(_body(template))
        return str(jinja_template.render(context(template, values, **extra))).strip() + "\n"
    except jinja2.UndefinedError as exc:
        match = _UNDEFINED.search(str(exc))
        name = match.group("name") if match else str(exc)
        raise FieldError(t("documents.missing_field", field=name, template=template.filename),
                         Where(file=template.filename, field=name)) from None
    except jinja2.TemplateSyntaxError as exc:
        raise ContentError(t("documents.template_syntax", error=exc.message),
                           Where(file=exc.filename or template.filename, line=exc.lineno)) from None
    except jinja2.TemplateNotFound as exc:
        raise ContentError(t("documents.partial_not_found", name=exc.name), Where(file=template.filename)) from None
    except TemplateLimit:
        raise ContentError(t("documents.template_too_big"), Where(file=template.filename)) from None
    except jinja2.exceptions.SecurityError as exc:
        raise ContentError(t("documents.template_unsafe", error=exc), Where(file=template.filename)) from None
    except OutreachError:
        raise
    except Exception as exc:  # noqa: BLE001 - hostile or broken template code, whatever it raises: say so, never a traceback
        raise ContentError(t("documents.template_failed", error=type(exc).__name__),
                           Where(file=template.filename)) from None


def compiled(template: Template, tree: Any) -> Any:
    """A parsed Jinja tree compiled once, escaped as the template's variant says (for `render_source(body=...)`)."""
    return _escaping(environment(), template.variant == "html").from_string(tree)


_OVERLAYS: dict[tuple[int, bool], Any] = {}


def _escaping(env: Any, html: bool) -> Any:
    """`env` with autoescape on (HTML) or off (messages), whatever the template is called."""
    key = (id(env), html)
    if key not in _OVERLAYS:
        _OVERLAYS[key] = env.overlay(autoescape=html)
    return _OVERLAYS[key]


def _body(template: Template) -> str:
    return jinja_body(template.path.read_text(encoding="utf-8"), str(template.path), template.path)


class _TextParser(HTMLParser):
    """Collect the visible text of an HTML document, one block per paragraph."""

    BLOCKS = {"p", "div", "h1", "h2", "h3", "h4", "li", "ul", "ol", "section", "header", "footer",
              "address", "table", "tr", "br", "main", "aside", "figure", "figcaption", "article", "dl", "dt", "dd"}
    HIDDEN = {"head", "style", "script", "title", "svg"}

    def __init__(self, skip_unchecked: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.skip_unchecked = skip_unchecked
        self.stack: list[tuple[str, bool]] = []
        self.blocks: list[str] = []
        self.current: list[str] = []

    def _hidden(self) -> bool:
        return any(hidden for _, hidden in self.stack)

    def _flush(self) -> None:
        text = " ".join("".join(self.current).split())
        if text:
            self.blocks.append(text)
        self.current = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.BLOCKS:
            self._flush()
        if tag in ("br", "img", "meta", "link", "hr", "input"):
            return
        attributes = dict(attrs)
        hidden = tag in self.HIDDEN or (self.skip_unchecked and attributes.get("data-leescheck") == "nee")
        self.stack.append((tag, hidden))

    def handle_endtag(self, tag: str) -> None:
        if tag in self.BLOCKS:
            self._flush()
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break

    def handle_data(self, data: str) -> None:
        if not self._hidden():
            self.current.append(data)


def html_to_text(markup: str, *, skip_unchecked: bool = False) -> str:
    """Visible text of HTML, paragraphs separated by a blank line.

    `skip_unchecked` leaves out elements marked `data-leescheck="nee"` (address and sender
    blocks, footers): they are not prose and would confuse the readability checker.
    """
    parser = _TextParser(skip_unchecked)
    parser.feed(markup)
    parser.close()
    parser._flush()
    return "\n\n".join(html.unescape(b) for b in parser.blocks) + "\n"


def render_text(name: str | Template, values: Mapping[str, Any], variant: str | None = None) -> str:
    """Plain text of a template (a name, or one loaded): the message itself (sms/whatsapp) or the visible text (html)."""
    template = name if isinstance(name, Template) else load_template(name, variant)
    rendered = render_source(template, values)
    return html_to_text(rendered) if template.variant == "html" else rendered


def sample_text(name_or_path: str | Path, variant: str | None = None) -> tuple[str, Template]:
    """(text for the checker, Template): rendered with the template's own sample values."""
    path = Path(name_or_path)
    if path.suffix == ".j2" and path.is_file():
        template = template_from_path(path)
    else:
        template = load_template(str(name_or_path), variant)
    rendered = render_source(template, template.fields)
    text = html_to_text(rendered, skip_unchecked=True) if template.variant == "html" else rendered
    return text, template


def known_words(values: Mapping[str, Any]) -> tuple[str, ...]:
    """Words of field values (names, streets, places): not to be flagged as rare words."""
    words: set[str] = set()
    for value in values.values():
        words.update(w for w in re.findall(r"[^\W\d_]+(?:-[^\W\d_]+)*", str(value)) if len(w) > 1)
    return tuple(sorted(words))


def iter_templates() -> Iterator[Template]:
    """Every template (not partials) on the search path."""
    for name in template_names():
        yield load_template(name)
