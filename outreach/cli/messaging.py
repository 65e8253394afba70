"""Turn `outreach messages ...` commands into messaging library calls.

Thin: parse options, open one session, call one function of `outreach.messaging`, print
Dutch output. `schedule` looks the prospect up in `outreach.tracking` when that is installed
and no `--to` is given (the library itself never imports tracking).
"""

from __future__ import annotations

from typing import Any

import typer

from .. import dates
from ..fields import MAX_ID, whole_number
from ..texts import t
from .dutch import Typer, mv


def _values(pairs: list[str] | None) -> dict[str, str]:
    from ..errors import InputError

    values: dict[str, str] = {}
    for pair in pairs or []:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise InputError(t("messaging.cli.bad_set", value=pair))
        values[key.strip()] = value
    return values


def _at(text: str | None) -> Any:
    from .. import clock

    return clock.parse_datetime(text, "--at") if text else clock.now()  # the one parser: range and zone checked


def _tracking() -> Any:
    """outreach.tracking, if it is installed (a message by hand without --to needs it)."""
    from ..errors import InputError

    try:
        from .. import tracking

        tracking.schedule_message  # noqa: B018  (an older tracking without it: say so)
    except (ImportError, AttributeError):
        raise InputError(t("messaging.cli.need_to")) from None
    return tracking


def _status_names() -> dict[str, str]:
    """Every name a user may give for a status (Dutch and English), lower case, to the stored status."""
    from ..messaging.models import STATUSES

    names = {status: status for status in STATUSES}
    for status in STATUSES:
        names[t(f"messaging.status.{status}").lower()] = status
        for word in t(f"messaging.cli.status_words.{status}").split(","):
            names[word.strip().lower()] = status
    return names


def _status_options() -> str:
    from ..messaging.models import STATUSES

    return ", ".join(t(f"messaging.cli.status_words.{status}").split(",")[0].strip() for status in STATUSES)


def _status(text: str) -> str:
    """The stored status for `--status` (verstuurd, klaar, mislukt... or sent, queued, failed...)."""
    from ..errors import InputError, Where

    found = _status_names().get(" ".join(text.lower().split()))
    if found is None:
        raise InputError(t("messaging.bad_status", status=text, options=_status_options()), Where(field="--status"))
    return found


def _prospect_id(session: Any, who: Any, ref: str) -> int:
    """The prospect id for `--prospect`: a client number; a bare number that is none is outreach's own number."""
    from .. import tracking
    from ..errors import NotFoundError

    try:
        return int(tracking.find_prospect(session, who, ref).id)
    except NotFoundError:
        number = whole_number(ref, MAX_ID)
        if number:  # a message queued by hand with --to
            return number
        raise


def _show_segments(p: Any) -> None:
    from .output import console

    out = console()
    if p.segments is None:
        out.print(t("messaging.cli.whatsapp_template", sid=p.content_sid or "-"))
        return
    seg = p.segments
    out.print(t("messaging.cli.cost", count=seg.count, encoding=seg.encoding, units=seg.units))
    if seg.non_gsm:
        out.print(t("messaging.cli.non_gsm", chars=" ".join(seg.non_gsm)))
    for alt, key in ((p.normalised, "normalised"), (p.plain, "plain")):
        if alt is not None:
            text, alt_seg = alt
            out.print(t(f"messaging.cli.alt_{key}", count=alt_seg.count, encoding=alt_seg.encoding))
            out.print(f"  {text}", markup=False)
    if p.refused:
        out.print("[red]" + t("messaging.too_many_segments", count=seg.count, max=10) + "[/]")
    elif p.warn:
        out.print("[yellow]" + t("messaging.cli.warn_segments", count=seg.count) + "[/]")


def register(app: typer.Typer) -> None:
    """Add the `messages` command group."""
    messages = Typer(help=t("messaging.cli.help"), no_args_is_help=True)
    app.add_typer(messages, name="messages")

    @messages.command("preview", help=t("messaging.cli.help_preview"))
    def preview(
        template: str = typer.Argument(..., metavar=mv("template"), help=t("messaging.cli.help_template")),
        channel: str = typer.Option("sms", "--channel", metavar=mv("channel"), help=t("messaging.cli.help_channel")),
        set_: list[str] = typer.Option(None, "--set", metavar=mv("set"), help=t("messaging.cli.help_set")),
    ) -> None:
        from .. import messaging
        from .output import console

        p = messaging.preview(template, _values(set_), channel)
        console().print(p.text, markup=False)
        _show_segments(p)

    @messages.command("schedule", help=t("messaging.cli.help_schedule"))
    def schedule(
        template: str = typer.Argument(..., metavar=mv("template"), help=t("messaging.cli.help_template")),
        prospect: str = typer.Option(..., "--prospect", metavar=mv("client"), help=t("messaging.cli.help_prospect")),
        channel: str = typer.Option("sms", "--channel", metavar=mv("channel"), help=t("messaging.cli.help_channel")),
        at: str = typer.Option(None, "--at", metavar=mv("moment"), help=t("messaging.cli.help_at")),
        set_: list[str] = typer.Option(None, "--set", metavar=mv("set"), help=t("messaging.cli.help_set")),
        to: str = typer.Option(None, "--to", metavar=mv("phone"), help=t("messaging.cli.help_to")),
        purpose: str = typer.Option(None, "--purpose", metavar=mv("purpose"), help=t("messaging.cli.help_purpose")),
        days: str = typer.Option(None, "--days", metavar=mv("days"), help=t("messaging.cli.help_days")),
        as_: str = typer.Option(None, "--as", metavar=mv("name"), help=t("messaging.cli.help_as")),
    ) -> None:
        from .. import clock, db, messaging
        from ..errors import InputError
        from .output import console

        due = _at(at)
        with db.session() as s:
            if to:
                given = whole_number(prospect, MAX_ID)
                if not given:
                    raise InputError(t("messaging.cli.bad_prospect", value=prospect))
                values: dict[str, object] = dict(_values(set_))
                p = messaging.preview(template, values, channel)
                msg = messaging.schedule(s, prospect_id=given, purpose=purpose or f"{template}:{due:%Y-%m-%d}",
                                         template=template, channel=channel, to=to, values=values,
                                         due_at=due, working_days=days)
            else:  # the same function as the person's page in the web app
                tracking = _tracking()
                who = tracking.actor(s, as_)
                plan = tracking.plan_message(s, who, prospect, template, channel, due, dict(_values(set_)))
                p = messaging.preview(template, plan.values, channel)
                msg = tracking.schedule_message(s, who, prospect, template, channel, due, dict(_values(set_)),
                                                purpose=purpose, working_days=days)
            if msg is None:
                console().print(t("messaging.cli.not_scheduled"))
                raise typer.Exit(1)
            console().print(msg.body, markup=False)
            _show_segments(p)
            when = clock.local(msg.send_at)
            console().print(t("messaging.cli.scheduled", id=msg.id, when=dates.date_time(when)))

    @messages.command("list", help=t("messaging.cli.help_list"))
    def list_(
        status: str = typer.Option(None, "--status", metavar=mv("status"), help=t("messaging.cli.help_status", options=_status_options())),
        prospect: str = typer.Option(None, "--prospect", metavar=mv("client"), help=t("messaging.cli.help_prospect_client")),
    ) -> None:
        from rich.table import Table

        from .. import clock, db, messaging, tracking
        from ..fields import display_phone
        from ..messaging.senders import explain
        from .output import console

        wanted = _status(status) if status else None
        with db.session() as s:
            who = tracking.actor(s)
            prospect_id = _prospect_id(s, who, prospect) if prospect else None
            rows = messaging.list_messages(s, status=wanted, prospect_id=prospect_id)
            if not rows:
                console().print(t("messaging.cli.none"))
                return
            numbers = tracking.client_numbers(s, who, (m.prospect_id for m in rows))  # messaging knows no client numbers
            table = Table(*[t(f"messaging.cli.col.{c}") for c in ("id", "prospect", "template", "channel", "to", "when", "status", "note")])
            for column in (table.columns[1], table.columns[4], table.columns[5]):
                column.no_wrap = True  # keep client numbers, phone numbers and times readable
            for m in rows:
                when = clock.local(m.sent_at or m.send_at)
                note = explain(m.error_code) if m.error_code else (m.delivery or "")
                client = numbers.get(m.prospect_id) or t("messaging.cli.no_client", id=m.prospect_id)
                table.add_row(str(m.id), client, m.template, m.channel, display_phone(m.to),
                              dates.date_time(when), t(f"messaging.status.{m.status}"), note)
            console().print(table)

    @messages.command("cancel", help=t("messaging.cli.help_cancel"))
    def cancel(message_id: int = typer.Argument(..., metavar=mv("id"), min=1, max=MAX_ID, help=t("messaging.cli.help_id"))) -> None:
        from .. import db, messaging
        from .output import console

        with db.session() as s:
            messaging.cancel_message(s, message_id)
        console().print(t("messaging.cli.cancelled", id=message_id))

    @messages.command("edit", help=t("messaging.cli.help_edit"))
    def edit(
        message_id: int = typer.Argument(..., metavar=mv("id"), min=1, max=MAX_ID, help=t("messaging.cli.help_id")),
        text: str = typer.Argument(..., metavar=mv("text"), help=t("messaging.cli.help_text")),
    ) -> None:
        from .. import db, messaging
        from .output import console

        with db.session() as s:
            msg = messaging.edit_message(s, message_id, text)
        console().print(t("messaging.cli.edited", id=msg.id, count=msg.segments or 1))

    @messages.command("send-due", help=t("messaging.cli.help_send_due"))
    def send_due(
        backend: str = typer.Option("twilio", "--backend", metavar=mv("backend"), help=t("messaging.cli.help_backend")),
        limit: int = typer.Option(None, "--limit", metavar=mv("count"), min=1, help=t("messaging.cli.help_limit")),
        reclaim_after: float = typer.Option(600.0, "--reclaim-after", metavar=mv("seconds"), help=t("messaging.cli.help_reclaim"), hidden=True),
    ) -> None:
        from .. import messaging
        from .output import console, err_console

        report = messaging.send_due(backend=backend, limit=limit, reclaim_after=reclaim_after)
        console().print(t("messaging.cli.report", sent=report.sent, failed=report.failed, deferred=report.deferred,
                          reconciled=report.reconciled, cancelled=report.cancelled, unknown=report.unknown))
        for line in report.errors:
            err_console().print(t("messaging.cli.failed_line", line=line), markup=False)
