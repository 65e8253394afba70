"""Turn `outreach coaches|prospects|calls|report` commands into tracking library calls.

Thin: parse options, open one database session (one transaction), call one function of
`outreach.tracking`, print Dutch output. `--as NAME` acts as that coach, who then sees only
their own people; without it the OS user acts and sees everyone.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import typer

from .. import dates
from ..texts import t
from .dutch import Typer, mv

AS_HELP = t("tracking.help.as")


def _day(d: date) -> str:
    return dates.date(d)


def _phone(e164: str | None) -> str:
    from ..fields import display_phone

    return display_phone(e164) if e164 else "-"


def register(app: typer.Typer) -> None:
    """Add the command groups coaches, prospects, calls and report."""
    coaches = Typer(help=t("tracking.help.coaches"), no_args_is_help=True)
    prospects = Typer(help=t("tracking.help.prospects"), no_args_is_help=True)
    calls = Typer(help=t("tracking.help.calls"), no_args_is_help=True)
    report = Typer(help=t("tracking.help.report"), no_args_is_help=True)
    app.add_typer(coaches, name="coaches")
    app.add_typer(prospects, name="prospects")
    app.add_typer(calls, name="calls")
    app.add_typer(report, name="report")

    @coaches.command("add", help=t("tracking.help.coaches_add"))
    def coaches_add(
        name: str = typer.Argument(..., metavar=mv("name"), help=t("tracking.help.coach_name")),
        phone: str = typer.Option(None, "--phone", metavar=mv("phone"), help=t("tracking.help.phone")),
        whatsapp: str = typer.Option(None, "--whatsapp", metavar=mv("phone"), help=t("tracking.help.whatsapp")),
        photo: str = typer.Option(None, "--photo", metavar=mv("file"), help=t("tracking.help.photo")),
        days: str = typer.Option("ma,di,wo,do,vr", "--days", metavar=mv("days"), help=t("tracking.help.days")),
        neighbourhoods: str = typer.Option(None, "--neighbourhoods", metavar=mv("neighbourhoods"), help=t("tracking.help.neighbourhoods")),
    ) -> None:
        from .. import db, tracking
        from .output import console

        from ..documents.photos import check_photo

        photo = check_photo(photo) if photo else photo  # checked now, not at every render; nothing stored if wrong
        with db.session() as s:
            coach = tracking.add_coach(s, tracking.actor(s), name, phone=phone, whatsapp=whatsapp, photo=photo,
                                       working_days=days, neighbourhoods=neighbourhoods)
            console().print(t("tracking.coach_added", name=coach.name, days=coach.working_days))

    @coaches.command("edit", help=t("tracking.help.coaches_edit"))
    def coaches_edit(
        name: str = typer.Argument(..., metavar=mv("name"), help=t("tracking.help.coach_name")),
        phone: str = typer.Option(None, "--phone", metavar=mv("phone"), help=t("tracking.help.phone")),
        whatsapp: str = typer.Option(None, "--whatsapp", metavar=mv("phone"), help=t("tracking.help.whatsapp")),
        photo: str = typer.Option(None, "--photo", metavar=mv("file"), help=t("tracking.help.photo")),
        days: str = typer.Option(None, "--days", metavar=mv("days"), help=t("tracking.help.days")),
        neighbourhoods: str = typer.Option(None, "--neighbourhoods", metavar=mv("neighbourhoods"), help=t("tracking.help.neighbourhoods")),
        new_name: str = typer.Option(None, "--name", metavar=mv("name"), help=t("tracking.help.new_name")),
        as_: str = typer.Option(None, "--as", metavar=mv("name"), help=AS_HELP),
    ) -> None:
        from .. import db, tracking
        from .output import console

        from ..documents.photos import check_photo

        photo = check_photo(photo) if photo else photo  # "" clears the photo
        with db.session() as s:
            coach = tracking.edit_coach(s, tracking.actor(s, as_), name, phone=phone, whatsapp=whatsapp, photo=photo,
                                        working_days=days, neighbourhoods=neighbourhoods, new_name=new_name)
            console().print(t("tracking.coach_changed", name=coach.name, days=coach.working_days), markup=False)

    @coaches.command("deactivate", help=t("tracking.help.coaches_deactivate"))
    def coaches_deactivate(name: str = typer.Argument(..., metavar=mv("name"), help=t("tracking.help.coach_name"))) -> None:
        from .. import db, tracking
        from .output import console

        with db.session() as s:
            done = tracking.deactivate_coach(s, tracking.actor(s), name)
            out = console()
            out.print(t("tracking.coach_stopped", name=done.coach.name), markup=False)
            for other, count in sorted(done.moved.items()):
                out.print(t("tracking.coach_moved", coach=other, count=count), markup=False)
            if done.left:
                out.print(t("tracking.coach_left", numbers=", ".join(done.left)), markup=False)

    @coaches.command("activate", help=t("tracking.help.coaches_activate"))
    def coaches_activate(name: str = typer.Argument(..., metavar=mv("name"), help=t("tracking.help.coach_name"))) -> None:
        from .. import db, tracking
        from .output import console

        with db.session() as s:
            coach = tracking.activate_coach(s, tracking.actor(s), name)
            console().print(t("tracking.coach_active_again", name=coach.name), markup=False)

    @coaches.command("list", help=t("tracking.help.coaches_list"))
    def coaches_list(as_: str = typer.Option(None, "--as", metavar=mv("name"), help=AS_HELP)) -> None:
        from rich.table import Table

        from .. import db, tracking
        from .output import console

        with db.session() as s:
            loads = tracking.list_coaches(s, tracking.actor(s, as_))
            workable = tracking.load_rules().workable_caseload
            if not loads:
                console().print(t("tracking.no_coaches_yet"))
                return
            table = Table(*[t(f"tracking.col.{c}") for c in ("coach", "phone", "days", "caseload", "due")])
            for load in loads:
                c = load.coach
                mark = "[red]" if load.caseload > workable else ""
                table.add_row(c.name, _phone(c.phone), c.working_days, f"{mark}{load.caseload} / {workable}", str(load.due_today))
            console().print(table)

    @prospects.command("import", help=t("tracking.help.import"))
    def prospects_import(
        file: Path = typer.Argument(..., metavar=mv("file"), help=t("tracking.help.csv")),
        coach: str = typer.Option(None, "--coach", metavar=mv("coach"), help=t("tracking.help.import_coach")),
        assign: str = typer.Option(None, "--assign", metavar=mv("assign"), help=t("tracking.help.assign")),
        as_: str = typer.Option(None, "--as", metavar=mv("name"), help=AS_HELP),
    ) -> int:
        from rich.progress import Progress

        from .. import db, tracking
        from .output import console, err_console

        with db.session() as s, Progress(console=err_console(), transient=True) as bar:
            task = bar.add_task(t("tracking.importing"), total=None)
            result = tracking.import_prospects(s, tracking.actor(s, as_), file, coach=coach, assign=assign,
                                               progress=lambda done, total: bar.update(task, completed=done, total=total))
        out = console()
        for problem in result.problems:
            hint = problem.error.hint_text("cli") if problem.error else ""
            err_console().print(f"{result.file}, {problem}" + (f" {hint}" if hint else ""), markup=False, soft_wrap=True)
        for column in result.ignored_columns:
            out.print(t("tracking.import_ignored_column", column=column))
        out.print(t("tracking.import_done", added=result.added, updated=result.updated, unchanged=result.unchanged,
                    skipped=len(result.problems)))
        for name, count in sorted(result.by_coach.items()):
            out.print(t("tracking.import_per_coach", coach=name, count=count))
        return 2 if result.problems and not (result.added or result.updated or result.unchanged) else 0

    @prospects.command("show", help=t("tracking.help.show"))
    def prospects_show(prospect: str = typer.Argument(..., metavar=mv("client"), help=t("tracking.help.prospect")),
                       as_: str = typer.Option(None, "--as", metavar=mv("name"), help=AS_HELP)) -> None:
        from .. import db, tracking

        with db.session() as s:
            _show(tracking.prospect_history(s, tracking.actor(s, as_), prospect))

    @prospects.command("export", help=t("tracking.help.export"))
    def prospects_export(prospect: str = typer.Argument(..., metavar=mv("client"), help=t("tracking.help.prospect")),
                         out: Path = typer.Option(None, "--out", metavar=mv("file"), help=t("tracking.help.export_out")),
                         as_: str = typer.Option(None, "--as", metavar=mv("name"), help=AS_HELP)) -> None:
        import json

        from .. import db, tracking
        from ..privatefiles import write_text
        from .output import console

        with db.session() as s:
            text = json.dumps(tracking.export_prospect(s, tracking.actor(s, as_), prospect), ensure_ascii=False, indent=2)
        if out:
            write_text(out, text + "\n")
            console().print(t("tracking.export_written", path=out))
        else:
            typer.echo(text)

    @prospects.command("erase", help=t("tracking.help.erase"))
    def prospects_erase(prospect: str = typer.Argument(..., metavar=mv("client"), help=t("tracking.help.prospect")),
                        yes: bool = typer.Option(False, "--yes", help=t("tracking.help.yes")),
                        as_: str = typer.Option(None, "--as", metavar=mv("name"), help=AS_HELP)) -> int:
        from .. import db, tracking
        from .output import confirm, console

        with db.session() as s:
            who = tracking.actor(s, as_)
            tracking.find_prospect(s, who, prospect)  # unknown: clear error before asking
            if not yes and not confirm(t("tracking.erase_confirm", ref=prospect)):
                console().print(t("tracking.erase_cancelled"))
                return 1
            pid = tracking.erase_prospect(s, who, prospect)
        console().print(t("tracking.erased", id=pid))
        return 0

    @prospects.command("purge", help=t("tracking.help.purge"))
    def prospects_purge(months: int = typer.Option(None, "--months", metavar=mv("months"), help=t("tracking.help.months")),
                        dry_run: bool = typer.Option(False, "--dry-run", help=t("tracking.help.dry_run"))) -> None:
        from .. import db, tracking
        from .output import console

        with db.session() as s:
            result = tracking.purge(s, tracking.actor(s), months, dry_run=dry_run)
        key = "tracking.purge_dry" if dry_run else "tracking.purged"
        console().print(t(key, count=len(result.ids), date=_day(result.before)))

    @calls.command("due", help=t("tracking.help.due"))
    def calls_due(coach: str = typer.Option(None, "--coach", metavar=mv("coach"), help=t("tracking.help.due_coach")),
                  on: str = typer.Option(None, "--date", metavar=mv("date"), help=t("tracking.help.date")),
                  as_: str = typer.Option(None, "--as", metavar=mv("name"), help=AS_HELP)) -> None:
        from .. import db, tracking
        from .. import clock

        day = clock.parse_date(on) if on else clock.today()
        with db.session() as s:
            who = tracking.actor(s, as_)
            _due(tracking.due_calls(s, who, coach, day), day, show_coach=not coach and who.coach_id is None)

    @calls.command("log", help=t("tracking.help.log"))
    def calls_log(
        prospect: str = typer.Argument(..., metavar=mv("client"), help=t("tracking.help.prospect")),
        outcome: str = typer.Argument(..., metavar=mv("outcome"), help=t("tracking.help.outcome")),
        note: str = typer.Option(None, "--note", metavar=mv("text"), help=t("tracking.help.note")),
        at: str = typer.Option(None, "--at", metavar=mv("moment"), help=t("tracking.help.at")),
        channel: str = typer.Option(None, "--channel", metavar=mv("channel"), help=t("tracking.help.channel")),
        appointment: str = typer.Option(None, "--appointment", metavar=mv("moment"), help=t("tracking.help.appointment")),
        place: str = typer.Option(None, "--place", metavar=mv("place"), help=t("tracking.help.place")),
        as_: str = typer.Option(None, "--as", metavar=mv("name"), help=AS_HELP),
    ) -> None:
        from .. import db, tracking
        from .. import clock

        moment = clock.parse_datetime(at, "--at") if at else None
        when = clock.parse_datetime(appointment, "--appointment") if appointment else None
        with db.session() as s:
            logged = tracking.log_attempt(s, tracking.actor(s, as_), prospect, outcome, note=note, at=moment,
                                          channel=channel, appointment_at=when, place=place)
            _logged(logged)

    @calls.command("undo", help=t("tracking.undo.help"))
    def calls_undo(attempt: int = typer.Argument(..., metavar=mv("id"), help=t("tracking.undo.attempt_help")),
                   as_: str = typer.Option(None, "--as", metavar=mv("name"), help=AS_HELP)) -> None:
        from .. import db, tracking
        from .output import console

        with db.session() as s:
            done = tracking.undo_attempt(s, tracking.actor(s, as_), attempt)
            console().print(t("tracking.undo.done", id=attempt))
            console().print(_next(done.prospect))
        console().print(t("tracking.undo.cancelled", count=done.cancelled))
        if done.already_sent:
            console().print(t("tracking.undo.already_sent", count=done.already_sent))

    @calls.command("codes", help=t("tracking.help.codes"))
    def calls_codes() -> None:
        from rich.table import Table

        from ..tracking.outcomes import OUTCOMES
        from .output import console

        table = Table(t("tracking.col.code"), t("tracking.col.meaning"), t("tracking.col.channels"))
        for o in OUTCOMES.values():
            table.add_row(o.code, o.label, ", ".join(o.channels))
        console().print(table)

    @report.command("funnel", help=t("tracking.help.funnel"))
    def report_funnel(by: str = typer.Option(None, "--by", metavar=mv("by"), help=t("tracking.help.by")),
                      fmt: str = typer.Option("text", "--format", metavar=mv("format"), help=t("tracking.help.format")),
                      out: Path = typer.Option(None, "--out", metavar=mv("file"), help=t("tracking.help.funnel_out")),
                      as_: str = typer.Option(None, "--as", metavar=mv("name"), help=AS_HELP)) -> None:
        from .. import db, tracking
        from ..errors import InputError, Where
        from ..privatefiles import write_text
        from .output import console

        if fmt not in ("text", "json", "csv", "png"):
            raise InputError(t("tracking.bad_format", value=fmt), Where(field="--format"))
        with db.session() as s:
            f = tracking.funnel(s, tracking.actor(s, as_), by)
        if fmt == "png":
            path = tracking.funnel_png(f, out or Path("bereik.png"))
            console().print(t("tracking.chart_written", path=path))
            return
        text = tracking.to_json(f) if fmt == "json" else tracking.to_csv(f) if fmt == "csv" else None
        if text is None:
            _funnel_text(f)
        elif out:
            write_text(out, text)
            console().print(t("tracking.export_written", path=out))
        else:
            typer.echo(text, nl=fmt == "json")


def _due(items: list[Any], day: date, show_coach: bool) -> None:
    """One table per coach: client, name, phone, what, when (with part of day), calls, language."""
    from rich.table import Table

    from rich.markup import escape

    from ..tracking.service import overdue
    from .output import console

    if not items:
        console().print(t("tracking.nothing_due", date=_day(day)))
        return
    groups: dict[str, list[Any]] = {}
    for i in items:
        groups.setdefault(i.coach or "-", []).append(i)
    for coach, rows in sorted(groups.items()):
        title = t("tracking.due_title", date=_day(day), count=len(rows))
        table = Table(title=f"{coach}: {title}" if show_coach else title, title_justify="left")
        for c in ("client", "name", "phone", "step", "when", "attempts"):
            table.add_column(t(f"tracking.col.{c}"), no_wrap=c in ("client", "phone"))
        for i in rows:
            when = overdue(i.overdue_days)
            if i.daypart:
                when += ", " + t(f"tracking.daypart.{i.daypart}")
            name = escape(i.name) + (f"\n[dim]{escape(t('tracking.col.language'))}: {escape(i.language_notes)}[/]" if i.language_notes else "")
            table.add_row(escape(i.client_number), name, _phone(i.phone), t(f"tracking.step.{i.step}"),
                          f"[red]{when}[/]" if i.overdue_days > 0 else when, str(i.calls))
        console().print(table)


def _next(p: Any) -> str:
    if p.next_step is None:
        reason = t(f"tracking.closed.{p.closed_reason}") if p.closed_reason else t(f"tracking.state.{p.state}")
        return t("tracking.no_next_step", reason=reason)
    part = t("tracking.daypart_hint", part=t(f"tracking.daypart.{p.next_daypart}")) if p.next_daypart else ""
    return t("tracking.next_step", step=t(f"tracking.step.{p.next_step}"), date=_day(p.next_due), part=part)


def _logged(logged: Any) -> None:
    from ..tracking.followups import FAILED
    from .output import console

    out = console()
    out.print(t("tracking.logged", ref=logged.prospect.client_number, outcome=t(f"tracking.outcome.{logged.attempt.outcome}")))
    out.print(_next(logged.prospect))
    for f in logged.messages:
        if f.scheduled and f.send_at is not None:  # when it really goes: after the sending window
            out.print(t("tracking.message_scheduled", template=f.template, date=_day(f.send_at.date()), time=dates.time(f.send_at)))
        elif f.problem == "too-late" and f.send_at is not None:
            out.print(t("tracking.message_too_late", template=f.template, date=_day(f.send_at.date()), time=dates.time(f.send_at)))
        elif f.problem == "no-coach-phone":
            coach = logged.prospect.coach
            out.print(t("tracking.message_no_coach_phone", template=f.template, coach=coach.name if coach else "-"), markup=False, soft_wrap=True)
        elif f.problem == FAILED:
            out.print(t("tracking.followup_failed"), markup=False, soft_wrap=True)
        elif f.problem and f.problem != "no-mobile":
            out.print(t("tracking.message_failed", template=f.template, problem=f.problem))
    out.print(t("tracking.undo.logged_id", id=logged.attempt.id))


def _show(h: Any) -> None:
    from rich.markup import escape
    from rich.table import Table

    from .. import clock
    from .output import console

    p, out = h.prospect, console()
    out.print(f"[bold]{p.name}[/]  ({t('tracking.col.client')} {p.client_number})")
    out.print(f"{p.address or '-'}, {p.postcode or ''} {p.city or ''}".strip(", ") + (f"  ({t('tracking.col.neighbourhood')}: {p.neighbourhood})" if p.neighbourhood else ""))
    phones = ", ".join(_phone(x) for x in (p.phone, p.phone2) if x) or "-"
    out.print(f"{t('tracking.col.phone')}: {phones}  ({t('tracking.sms_yes') if p.mobile else t('tracking.sms_no')})")
    if p.language or p.language_notes:
        from .. import languages

        shown = ", ".join(x for x in (languages.name(p.language), p.language_notes) if x)
        out.print(f"{t('tracking.col.language')}: {escape(shown)}")
    out.print(f"{t('tracking.col.coach')}: {p.coach.name if p.coach else '-'}   {t('tracking.col.state')}: {t(f'tracking.state.{p.state}')}   {t('tracking.col.attempts')}: {p.calls}")
    out.print(f"[bold]{_next(p)}[/]")
    for a in h.appointments:
        when = clock.local(a.starts_at)
        out.print(t("tracking.appointment_line", date=_day(when.date()), time=dates.time(when), place=a.place or "-",
                    status=t(f"tracking.appointment_status.{a.status}")))
    if not h.attempts:
        out.print(t("tracking.no_attempts"))
        return
    table = Table(*[t(f"tracking.col.{c}") for c in ("when", "channel", "outcome", "note", "by")], title=t("tracking.history_title"))
    for a in h.attempts:
        when = clock.local(a.at)
        table.add_row(dates.date_time(when), t(f"tracking.channel.{a.channel}"), t(f"tracking.outcome.{a.outcome}"),
                      a.note or "", h.names.get(a.recorded_by, a.recorded_by))
    out.print(table)


def _funnel_text(f: Any) -> None:
    """Stages down, groups across (the total with percentages last): fits a terminal."""
    from rich.table import Table

    from ..tracking.report import STAGES
    from .output import console

    out = console()
    table = Table(title=t("tracking.chart.title", date=_day(f.on)), title_justify="left")
    table.add_column("")
    for row in f.rows[:-1]:
        table.add_column(row.group, justify="right", overflow="fold")
    table.add_column(f.total.group, justify="right")
    table.add_column("%", justify="right")
    base = f.total.total or 1
    for stage in STAGES:
        table.add_row(f.labels[stage], *[str(getattr(r, stage)) for r in f.rows], f"{round(getattr(f.total, stage) * 100 / base)}%")
    out.print(table)
    dist = "  ".join(f"{k}: {v}" for k, v in f.calls_to_appointment.items())
    out.print(f"{t('tracking.chart.calls')}: {dist}")
    for name, load in f.caseload.items():
        flag = t("tracking.too_many") if load > f.workable else ""
        out.print(t("tracking.caseload_line", coach=name, count=load, workable=f.workable) + flag)
