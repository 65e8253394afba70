"""Turn Twilio's status callbacks and inbound messages into outbox updates and opt-outs."""

from __future__ import annotations

from starlette.routing import BaseRoute


def routes() -> list[BaseRoute]:
    """Routes for Twilio's webhooks."""
    return []
