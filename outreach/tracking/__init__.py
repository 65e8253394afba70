"""Turn a list of prospects and every contact attempt into who to contact today and the reach funnel.

The public API, used by the CLI and the web app alike (all take a SQLAlchemy session and the
acting `Actor`; a coach actor sees only their own caseload):

    actor(session, as_coach=None) -> Actor
    add_coach(session, who, name, phone=, whatsapp=, photo=, working_days=, neighbourhoods=) -> Coach
    edit_coach(session, who, name, phone=, whatsapp=, photo=, working_days=, neighbourhoods=) -> Coach
    deactivate_coach(session, who, name) -> Deactivated (people moved to other coaches, or listed)
    activate_coach(session, who, name) -> Coach (takes part again; the people moved away stay moved)
    list_coaches(session, who) -> [CoachLoad]
    import_prospects(session, who, path, coach=, assign=, progress=) -> ImportResult
    due_calls(session, who, coach=None, on=None) -> [DueItem]
    log_attempt(session, who, ref, outcome, note=, at=, channel=, appointment_at=, place=) -> Logged
    prospect_history(session, who, ref) -> History
    set_language(session, who, ref, value) -> Prospect   (the person's language: a code or Dutch name, '' clears)
    funnel(session, who, by=None) -> Funnel;  funnel_png(funnel, path)
    export_prospect(session, who, ref) -> dict;  erase_prospect(session, who, ref) -> id
    purge(session, who, months=None, dry_run=False) -> PurgeResult
    next_step(events, rules, calendar, start) -> Status   (the pure sequence rules)
    messages_for(session, who) -> [CoachMessage];  cancel_message(session, who, id) / edit_message(session, who, id, body)
        -> the follow-up messages of `who`'s caseload (messaging's outbox, scoped; for the web app)
    client_numbers(session, who, prospect_ids) -> {prospect_id: client number}   (to label messaging's rows)
    message_values(session, who, ref) -> (prospect_id, mobile, values, working_days)   (for a message by hand)
    plan_message(session, who, ref, template, channel, due_at=, extra=) -> MessagePlan (text, SMS parts, send_at)
    schedule_message(session, who, ref, template, channel, due_at=, extra=, purpose=) -> Message | None
        -> a message by hand from the person's page or `outreach messages schedule`: the same function
    undo_attempt(session, who, attempt_id) -> Undone;  attempt_info(session, who, attempt_id) -> AttemptInfo
        -> take back an attempt logged by mistake (latest one, within 15 minutes; its queued messages go too)

Imports are lazy so `import outreach.tracking` stays cheap.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_API = {
    "Actor": "service", "actor": "service", "add_coach": "service", "list_coaches": "service",
    "due_calls": "service", "log_attempt": "service", "prospect_history": "service", "find_prospect": "service",
    "find_coach": "service", "edit_coach": "service", "deactivate_coach": "service",
    "activate_coach": "service", "set_language": "service",
    "import_prospects": "importer", "ASSIGN_MODES": "importer",
    "funnel": "report", "to_json": "report", "to_csv": "report", "funnel_png": "chart",
    "export_prospect": "privacy", "erase_prospect": "privacy", "purge": "privacy",
    "next_step": "rules", "load_rules": "rules", "Event": "rules", "Rules": "rules", "Status": "rules",
    "OUTCOMES": "outcomes", "CHANNELS": "outcomes",
    "messages_for": "followups", "cancel_message": "followups", "edit_message": "followups",
    "message_values": "followups", "client_numbers": "followups", "plan_message": "followups",
    "schedule_message": "followups", "message_choices": "followups", "template_extra_fields": "followups",
    "undo_attempt": "undo", "attempt_info": "undo",
}

__all__ = sorted(_API)


def __getattr__(name: str) -> Any:
    if name in _API:
        return getattr(import_module(f".{_API[name]}", __name__), name)
    raise AttributeError(name)
