"""Turn follow-ups into SMS and WhatsApp messages: scheduled, in a sending window, sent exactly once.

Public API (imported lazily, so `import outreach.messaging` stays cheap):

    schedule(session, *, prospect_id, purpose, template, channel, to, values, due_at,
             working_days=None, not_after=None) -> Message | None
    cancel(session, prospect_id, purpose_prefix=None) -> int
    cancel_message(session, id) / edit_message(session, id, body) -> Message
    forget_prospect(session, prospect_id) -> int
    list_messages(session, status=None, prospect_id=None) -> list[Message]
    send_due(backend="twilio"|"console"|"file", limit=None, now=None, url=None) -> SendReport
    sms_segments(text) -> Segments(encoding, count, ...); normalise(text); plain_spelling(text)
    handle_status_callback(params); handle_inbound(params); verify_signature(url, params, sig)
    preview(template, values, channel="sms") -> Preview
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_EXPORTS = {
    "Message": "models", "OptOut": "models", "STATUSES": "models",
    "schedule": "outbox", "cancel": "outbox", "cancel_message": "outbox", "edit_message": "outbox",
    "forget_prospect": "outbox", "list_messages": "outbox", "get": "outbox", "counts": "outbox",
    "opt_out": "outbox", "opt_in": "outbox", "is_opted_out": "outbox",
    "send_due": "sending", "SendReport": "sending", "reconcile": "sending",
    "sms_segments": "segments", "normalise": "segments", "plain_spelling": "segments", "Segments": "segments",
    "handle_status_callback": "webhooks", "handle_inbound": "webhooks", "verify_signature": "webhooks",
    "preview": "previews", "Preview": "previews",
    "next_opening": "window",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(import_module(f".{_EXPORTS[name]}", __name__), name)
    raise AttributeError(name)
