"""Turn `outreach render` and `outreach templates` into documents library calls.

Exit codes: 0 done (bad rows are reported and skipped), 1 the text fails its reading level,
2 bad input, or no row could be rendered.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from ..errors import InputError
from ..texts import t
from .dutch import mv


def _constants(pairs: list[str]) -> dict[str, str]:
    values: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise InputError(t("documents.cli.bad_set", value=pair))
        values[key.strip().lower()] = value.strip()
    return values


MAX_TRANSLATION_BYTES = 200_000  # a translated letter is a few kilobytes


def _translations(pairs: list[str]) -> dict[str, str]:
    """{language: plain body} from `--vertaling ar=brief-ar.txt`; a Dutch InputError naming a bad one."""
    from ..documents.bilingual import check_language

    found: dict[str, str] = {}
    for pair in pairs:
        lang, sep, name = pair.partition("=")
        if not sep or not name.strip():
            raise InputError(t("documents.bilingual.bad_option", value=pair[:80]))
        path = Path(name.strip())
        try:
            if path.stat().st_size > MAX_TRANSLATION_BYTES:
                raise InputError(t("documents.bilingual.file_too_big", path=path))
            found[check_language(lang)] = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            raise InputError(t("documents.bilingual.cannot_read", path=path)) from None
    return found


def register(app: typer.Typer) -> None:
    """Add `outreach render` and `outreach templates` to the main app."""

    @app.command("render", help=t("documents.cli.render_help"))
    def render(
        template: str = typer.Argument(..., metavar=mv("template"), help=t("documents.cli.template_help")),
        data: Optional[Path] = typer.Option(None, "--data", metavar=mv("file"), help=t("documents.cli.data_help")),
        set_: list[str] = typer.Option([], "--set", metavar=mv("set"), help=t("documents.cli.set_help")),
        out: Optional[Path] = typer.Option(None, "--out", metavar=mv("path"), help=t("documents.cli.out_help")),
        format: str = typer.Option("pdf", "--format", metavar=mv("format"), help=t("documents.cli.format_help")),
        per_recipient: bool = typer.Option(False, "--per-recipient", help=t("documents.cli.per_recipient_help")),
        level_override: bool = typer.Option(False, "--level-override", help=t("documents.cli.override_help")),
        print_marks: bool = typer.Option(False, "--print-marks", help=t("documents.cli.print_marks_help")),
        sample: bool = typer.Option(False, "--sample", help=t("documents.cli.sample_help")),
        coach: Optional[str] = typer.Option(None, "--coach", metavar=mv("coach"), help=t("documents.cli.coach_help")),
        translation: list[str] = typer.Option([], "--vertaling", metavar=mv("translation"),
                                              help=t("documents.bilingual.option_help")),
    ) -> int:
        from ..documents import load_template
        from .output import console, err_console

        if format not in ("pdf", "html", "txt"):
            raise InputError(t("documents.cli.bad_format"))
        if per_recipient and data is None:
            raise InputError(t("documents.cli.per_recipient_needs_data"))
        from ..documents.rendering import check_names, known_fields

        tpl = load_template(template)
        translations = _translations(translation)
        if translations and format != "pdf":
            raise InputError(t("documents.bilingual.only_pdf"))
        given = _constants(set_)
        check_names(tpl, [k for k in given if k != "taal"])  # the person's language is no field; a typo such as coach_telefon is an error, not a silent sample value
        if coach:  # the coach's number is needed unless --set gives it or the template does not print it
            need_phone = "coach_telefoon" not in given and "coach_telefoon" in set(known_fields(tpl))
            given = {**_coach_values(coach, need_phone), **given}
        if sample:  # the sample fills only what was not given; a coach without WhatsApp stays without
            filled = {k: v for k, v in tpl.fields.items() if k not in given}
            if coach and "coach_whatsapp" not in given:
                given["coach_whatsapp"] = ""
            given = {**filled, **given}
        constants = {k: v for k, v in given.items() if k in set(known_fields(tpl)) or k == "taal" or not coach}
        suffix = format if tpl.variant == "html" else "txt"
        if format != "pdf" and data is not None:
            per_recipient = True
        target = out or Path(tpl.name if per_recipient else f"{tpl.name}.{suffix}")
        if not per_recipient and target.is_dir():  # an existing folder: write the file inside it
            target = target / f"{tpl.name}.{suffix}"
        _check_out(target, folder=per_recipient)

        from ..documents.rendering import failed

        if format != "pdf":
            outputs, skipped, report = _render_text_files(tpl, data, constants, target, format, level_override)
            good = len(outputs)
        else:
            from ..documents.mailmerge import merge

            with _Progress(tpl.title) as progress:
                result = merge(tpl, data, constants, out=target, per_recipient=per_recipient,
                               level_override=level_override, print_marks=print_marks,
                               progress=progress.update, bad_row=lambda row: err_console().print(str(row), markup=False),
                               translations=translations)
            outputs, skipped, report, good = result.outputs, list(result.skipped), result.report, result.rendered
        if level_override and failed(report):
            err_console().print(t("documents.override_warning", title=tpl.title, level=tpl.level), markup=False)
        for path in (outputs if len(outputs) <= 5 else [target]) if good else []:
            console().print(t("documents.cli.written", path=path), markup=False)
        if data is not None:
            console().print(t("documents.cli.summary", good=good, bad=len(skipped)), markup=False)
            if good == 0:
                key = "documents.cli.summary_none_one" if len(skipped) == 1 else "documents.cli.summary_none"
                err_console().print(t(key, bad=len(skipped)), markup=False)
                return 2
        return 0

    @app.command("templates", help=t("documents.cli.templates_help"))
    def templates() -> int:
        from rich.table import Table

        from ..documents.templates import iter_templates
        from .output import console

        table = Table(title=t("documents.cli.templates_title"))
        for column in ("column_name", "column_kind", "column_level", "column_title"):
            table.add_column(t(f"documents.cli.{column}"))
        for tpl in iter_templates():
            table.add_row(f"{tpl.name}.{tpl.variant}", _kind(tpl.kind), tpl.level, tpl.title)
        console().print(table)
        return 0

    @app.command("export", help=t("documents.cli.export_help"))
    def export(
        folder: Path = typer.Argument(..., metavar=mv("folder"), help=t("documents.cli.export_folder_help")),
    ) -> int:
        """Write the live template versions and the rules of the database into a content folder."""
        from .. import db
        from ..documents.versions import export as export_templates
        from ..readability.rulebook import export_rules
        from .output import console

        if folder.exists() and not folder.is_dir():
            raise InputError(t("documents.cli.export_not_a_folder", path=str(folder)))
        with db.session() as s:
            files = export_templates(s, folder / "templates")
            words = export_rules(s, folder / "readability" / "officialese.toml")
        console().print(t("documents.cli.exported", files=len(files), words=words, path=str(folder)), markup=False)
        return 0


def _kind(kind: str) -> str:
    """The Dutch name of a template kind (brief, flyer, sms, WhatsApp); a kind of your own as it is."""
    try:
        return t(f"documents.cli.kind.{kind}")
    except KeyError:
        return kind


def _coach_values(name: str, need_phone: bool) -> dict[str, str]:
    """The coach's name, numbers and photo from the coaches table, as template field values."""
    from .. import db
    from ..tracking.coach_fields import document_values

    with db.session() as session:
        return document_values(session, name, need_phone)


def _check_out(path: Path, folder: bool) -> None:
    """Fail fast, before rendering, when `path` cannot be written (a read-only file, a file in the way)."""
    import errno
    import os

    from ..documents.rendering import output_error

    parent = path if folder else path.parent
    while not parent.exists() and parent != parent.parent:
        parent = parent.parent
    if (folder and path.exists() and not path.is_dir()) or (parent.exists() and not parent.is_dir()):
        raise output_error(OSError(errno.ENOTDIR, "not a folder"), path)
    if not folder and path.exists() and not os.access(path, os.W_OK):
        raise output_error(PermissionError(errno.EACCES, "read-only"), path)


def _render_text_files(tpl: object, data: Optional[Path], constants: dict[str, str], target: Path, format: str,
                       level_override: bool) -> tuple[list[Path], list[object], object]:
    """HTML or text files: one for the constants, or one per good row of `data` in folder `target`."""
    from ..documents.mailmerge import BadRow, file_name, people
    from ..documents.rendering import check_level, render
    from .output import err_console

    report = check_level(tpl, override=level_override)  # type: ignore[arg-type]
    outputs: list[Path] = []
    skipped: list[object] = []
    for line, item in people(tpl, data, constants):  # type: ignore[arg-type]
        if isinstance(item, BadRow):
            skipped.append(item)
            err_console().print(str(item), markup=False)
            continue
        path = target if data is None else target / file_name(tpl, line, item, format)  # type: ignore[arg-type]
        render(tpl, item, format=format, out=path, level_override=level_override)  # type: ignore[arg-type]
        outputs.append(path)
    return outputs, skipped, report


class _Progress:
    """A Rich progress bar, shown only for runs of more than a few letters."""

    def __init__(self, title: str) -> None:
        self.title = title
        self.bar: object = None
        self.task: object = None

    def __enter__(self) -> "_Progress":
        return self

    def update(self, done: int, total: int) -> None:
        if total < 20:
            return
        if self.bar is None:
            from rich.progress import Progress

            from .output import err_console

            self.bar = Progress(console=err_console(), transient=True)
            self.bar.start()  # type: ignore[attr-defined]
            self.task = self.bar.add_task(t("documents.cli.progress", title=self.title), total=total)  # type: ignore[attr-defined]
        self.bar.update(self.task, completed=done)  # type: ignore[attr-defined]

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()  # type: ignore[attr-defined]
