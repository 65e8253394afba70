"""Turn a template and one person's values into a checked PDF, HTML page or plain text.

Order of work: check the values (postcode, phone numbers, dates, required fields), check the
template's text against its reading level once (with its sample values), render the HTML,
lay it out and write the PDF. A text that fails its level is refused with LevelError, unless
the caller overrides; then the page itself says so in a small marked line.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, Literal

from .. import fields, languages
from ..errors import FieldError, InputError, LevelError, OutreachError, Where, os_reason
from ..texts import t
from .filters import to_date, to_time
from .templates import Template, html_to_text, known_words, load_template, render_source, sample_text

Format = Literal["pdf", "html", "txt"]


def known_fields(template: Template) -> list[str]:
    """Every field name the template declares: required, optional and with choices."""
    return sorted({*template.fields, *template.optional, *template.choices})


def check_names(template: Template, names: Iterable[str]) -> None:
    """FieldError naming every field in `names` the template does not know, with the closest known name."""
    import difflib

    known = known_fields(template)
    lines = []
    for name in names:
        if name in known:
            continue
        close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
        lines.append(t("documents.unknown_field_close", field=name, close=close[0]) if close
                     else t("documents.unknown_field", field=name, known=", ".join(known)))
    if lines:
        raise FieldError("\n".join(lines), Where(file=template.filename))


def one_error(problems: list[FieldError]) -> FieldError:
    """One FieldError for several problems: every field and reason, one per line."""
    if len(problems) == 1:
        return problems[0]
    lines = [t("documents.fields_wrong")] + [f"  - {p.where.field if p.where else ''}: {p.message}" for p in problems]
    error = FieldError("\n".join(lines), problems[0].where)  # the first field names the place
    error.problems = problems  # type: ignore[attr-defined]  # each part, for a surface that words fields its own way
    return error


def validate(template: Template, values: Mapping[str, Any]) -> tuple[dict[str, Any], list[FieldError]]:
    """(normalised values, problems): every required field present, postcodes and numbers valid."""
    clean: dict[str, Any] = {k: (v.strip() if isinstance(v, str) else v) for k, v in values.items()}
    problems: list[FieldError] = []
    for name in template.fields:
        if clean.get(name) in (None, ""):
            problems.append(FieldError(t("documents.field_empty"), Where(field=name)))
    for name, value in list(clean.items()):
        if value in (None, "") or not isinstance(value, str):
            continue
        choices = template.choices.get(name)
        if choices and value.casefold() not in (str(c).casefold() for c in choices):
            problems.append(FieldError(t("documents.bad_choice", value=value[:40], field=name,
                                         choices=", ".join(str(c) for c in choices)), Where(field=name)))
            continue
        try:
            clean[name] = _normalise(name, value)
        except OutreachError as exc:
            problems.append(FieldError(exc.message, Where(field=name)))
    return clean, problems


def _normalise(name: str, value: str) -> Any:
    if name == languages.FIELD:  # the person's language: 'ar', 'Arabisch', 'Dari' -> one code
        return languages.code(value)
    if name == "postcode" or name.endswith("_postcode"):
        return fields.postcode(value, field=name)
    if "telefoon" in name or "whatsapp" in name:
        return fields.phone(value, field=name, mobile="whatsapp" in name)
    if name == "huiskleur":
        return fields.house_colour(value, field=name)
    if name.endswith("datum"):
        to_date(value)
    elif name.endswith("tijd"):
        to_time(value)
    elif name.endswith("_foto") or name == "logo":
        from .assets import photo_uri

        photo_uri(value, field=name)
    return value


def check_level(template: Template, *, override: bool = False) -> Any:
    """The readability report of the template's sample text; LevelError when it fails.

    With `override` a failing text passes (the caller must make that visible); so does a text
    a literacy adviser approved (`drafts.promote`), exactly as approved.
    """
    from ..readability import check

    text, _ = sample_text(str(template.path))
    report = check(text, level=template.level, kind=template.kind,
                   known_words=known_words(template.fields) + tuple(template.meta.get("known_words", ())))
    if report.verdict == "fail" and not override:
        from .drafts import is_approved

        if is_approved(template):
            return report
        raise LevelError(level_message(template, report), report, Where(file=template.filename),
                         hint="level_override")
    return report


def level_message(template: Template, report: Any) -> str:
    """A Dutch message listing what fails in the text (at most 10 findings)."""
    lines = [t("documents.level_fail", title=template.title, level=template.level)]
    findings = [f for f in getattr(report, "findings", []) if getattr(f, "severity", "") in ("fail", "error", "warn")]
    for finding in (findings or list(getattr(report, "findings", [])))[:10]:
        lines.append(f"  - {finding.message}")
    lines.append(t("documents.level_fix"))
    return "\n".join(lines)


def failed(report: Any) -> bool:
    return bool(report.verdict == "fail")


def render_html(template: Template, values: Mapping[str, Any], *, level_override: bool = False,
                stylesheet_links: bool = False) -> str:
    """The full HTML document of one person (with <link>s to the CSS when asked)."""
    mark = t("documents.override_mark", level=template.level) if level_override else ""
    extra: dict[str, Any] = {"level_override": mark}
    if stylesheet_links:
        from .pdf import stylesheet_uris

        extra["stylesheet_links"] = stylesheet_uris(template)
    return render_source(template, values, **extra)


def render(name: str | Template, values: Mapping[str, Any] | None = None, *, format: Format = "pdf",
           out: Path | None = None, level_override: bool = False, print_marks: bool = False,
           variant: str | None = None) -> bytes | str:
    """Render template `name` for one person: PDF bytes, HTML or text (also written to `out`).

    Raises FieldError for a missing or invalid field, LevelError when the template's text
    fails its reading level and `level_override` is not set.
    """
    template = name if isinstance(name, Template) else load_template(name, variant)
    clean, problems = validate(template, values or {})
    if problems:
        raise one_error(problems)
    report = check_level(template, override=level_override)
    overridden = level_override and failed(report)
    result: bytes | str
    if template.variant != "html":
        result = render_source(template, clean)
    elif format == "txt":
        result = html_to_text(render_html(template, clean, level_override=overridden))
    elif format == "html":
        from .htmlout import standalone

        result = standalone(template, render_html(template, clean, level_override=overridden))
    else:
        from . import pdf

        doc = pdf.document(render_html(template, clean, level_override=overridden), template, print_marks=print_marks)
        result = pdf.write([doc]) or b""
    if out is not None:
        try:
            out.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(result, bytes):
                out.write_bytes(result)
            else:
                out.write_text(result, encoding="utf-8")
        except OSError as exc:
            raise output_error(exc, out) from None
    return result


def output_error(exc: OSError, path: Path) -> InputError:
    """A Dutch error for an output file or folder that cannot be written, naming `path`."""
    import errno

    special = {errno.ENOTDIR: "documents.out_not_folder", errno.EEXIST: "documents.out_not_folder",
               errno.ENOSPC: "documents.out_disk_full", errno.EROFS: "documents.out_read_only",
               errno.ENOENT: "documents.out_no_folder"}.get(exc.errno or 0)
    if exc.errno in (errno.EACCES, errno.EPERM):
        special = "documents.out_no_permission"
    reason = t(special) if special else os_reason(exc)
    return InputError(t("documents.cannot_write", reason=reason), Where(file=str(path)))
