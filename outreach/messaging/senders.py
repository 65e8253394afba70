"""Turn an outbox row into a message sent by a provider: Twilio, the console or a folder.

A sender has two methods: `send(message)` returns the provider's id (SID), `find(message,
since, taken)` looks a message up at the provider after a crash or timeout. Provider errors
are translated here, at this one boundary, into three outcomes:

- `NotSent`: surely nothing was created (429, 503, connection refused): retry with backoff;
- `Unknown`: a message may exist (timeout, dropped connection, other 5xx): reconcile first;
- `SendError(permanent=True)`: refused for good (21211 invalid number, 21610 unsubscribed,
  63016 outside the WhatsApp window, ...): recorded with a Dutch explanation.
"""

from __future__ import annotations

import json
import os
import sys
import uuid
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Protocol

from .. import clock, config, fields
from ..errors import SendError
from ..texts import t
from .models import Message


class NotSent(SendError):
    """The provider surely created nothing; try again later."""

    def __init__(self, message: str, code: str | None = None, retry_after: float | None = None,
                 abort: bool = False) -> None:
        super().__init__(message, code=code, permanent=False)
        self.retry_after = retry_after
        self.abort = abort  # a setting is wrong (e.g. 401): stop the whole run


class Unknown(SendError):
    """The provider may or may not have created the message; `answered` if it replied at all."""

    def __init__(self, message: str, code: str | None = None, answered: bool = False) -> None:
        super().__init__(message, code=code, permanent=False)
        self.answered = answered


class Sender(Protocol):
    name: str

    def send(self, message: Message) -> str: ...

    def find(self, message: Message, since: datetime, taken: set[str]) -> str | None: ...


def explain(code: str | None) -> str:
    """A Dutch explanation of a provider error code, for the coach."""
    key = f"messaging.error.{code}"
    try:
        return t(key)
    except KeyError:
        return t("messaging.error.other", code=code or "?")


def status_callback_url(message_id: int) -> str | None:
    base = config.get("OUTREACH_PUBLIC_URL").rstrip("/")
    return f"{base}/twilio/status?outbox={message_id}" if base else None


# --- Twilio ---------------------------------------------------------------------------------

def _rebased_http_client(base: str, timeout: float) -> Any:
    """A TwilioHttpClient that sends every request to `base` instead of https://*.twilio.com."""
    from urllib.parse import urlsplit, urlunsplit

    from twilio.http.http_client import TwilioHttpClient

    target = urlsplit(base)

    class RebasedHttpClient(TwilioHttpClient):  # type: ignore[misc]  # twilio ships no type hints
        def request(self, method: str, url: str, *args: Any, **kwargs: Any) -> Any:
            parts = urlsplit(url)
            if parts.hostname and parts.hostname.endswith("twilio.com"):
                url = urlunsplit((target.scheme, target.netloc, target.path.rstrip("/") + parts.path,
                                  parts.query, parts.fragment))
            return super().request(method, url, *args, **kwargs)

    return RebasedHttpClient(timeout=timeout)


class TwilioSender:
    """Sends through the real `twilio` client; OUTREACH_TWILIO_API_BASE may point it elsewhere."""

    name = "twilio"

    def __init__(self, timeout: float = 15.0) -> None:
        from twilio.http.http_client import TwilioHttpClient
        from twilio.rest import Client

        sid, token = config.get("OUTREACH_TWILIO_ACCOUNT_SID"), config.get("OUTREACH_TWILIO_AUTH_TOKEN")
        if not sid or not token:
            raise SendError(t("messaging.twilio_not_set"), permanent=False)
        base = (config.get("OUTREACH_TWILIO_API_BASE") or "https://api.twilio.com").rstrip("/")
        http = (TwilioHttpClient(timeout=timeout) if base == "https://api.twilio.com"
                else _rebased_http_client(base, timeout))
        self.client = Client(sid, token, http_client=http)
        self.messages = self.client.messages  # loads the REST classes now, not inside the first send

    def _from(self, message: Message) -> str:
        if message.channel == "whatsapp":
            sender = config.get("OUTREACH_TWILIO_WHATSAPP_FROM")
            if sender and not sender.startswith("whatsapp:"):
                sender = "whatsapp:" + sender
        else:
            sender = config.get("OUTREACH_TWILIO_FROM")
        if not sender:
            raise NotSent(t("messaging.twilio_no_from", channel=message.channel), abort=True)
        return sender

    @staticmethod
    def _to(message: Message) -> str:
        return f"whatsapp:{message.to}" if message.channel == "whatsapp" else message.to

    def send(self, message: Message) -> str:
        args: dict[str, Any] = {"to": self._to(message), "from_": self._from(message)}
        callback = status_callback_url(message.id)
        if callback:
            args["status_callback"] = callback
        if message.channel == "whatsapp" and message.content_sid:
            args["content_sid"] = message.content_sid
            args["content_variables"] = message.content_variables or "{}"
        else:
            args["body"] = message.body
        try:
            created = self.messages.create(**args)
        except Exception as exc:  # translated below; nothing else may escape this boundary
            raise _translate(exc) from None
        return str(created.sid)

    def find(self, message: Message, since: datetime, taken: set[str]) -> str | None:
        """The SID of the message Twilio holds for this row, matched on to, from, time and body."""
        earliest = since - timedelta(minutes=5)
        candidates = []
        try:
            for listed in self.messages.stream(to=self._to(message), from_=self._from(message), page_size=50):
                created = listed.date_created or listed.date_sent
                if created is not None and created < earliest:
                    break  # the list is newest first
                if listed.sid in taken or not str(listed.direction or "").startswith("outbound"):
                    continue
                candidates.append(listed)
        except Exception as exc:
            raise _translate(exc) from None
        same_body = [m for m in candidates if (m.body or "").strip() == message.body.strip()]
        if same_body:
            return str(same_body[-1].sid)  # the oldest one not yet stored
        if message.channel == "whatsapp" and len(candidates) == 1:  # Twilio fills a template's body
            return str(candidates[0].sid)
        return None


def _translate(exc: Exception) -> SendError:
    import requests
    from twilio.base.exceptions import TwilioRestException

    if isinstance(exc, TwilioRestException):
        code = str(exc.code) if exc.code else None
        if exc.status == 429 or exc.status == 503:
            return NotSent(explain(code or str(exc.status)), code or str(exc.status))
        if exc.status in (401, 403):
            return NotSent(t("messaging.twilio_auth"), code or str(exc.status), abort=True)
        if exc.status >= 500:
            return Unknown(explain(str(exc.status)), code or str(exc.status), answered=True)
        return SendError(explain(code or str(exc.status)), code=code or str(exc.status), permanent=True)
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return NotSent(t("messaging.error.network"), "network")
    if isinstance(exc, requests.exceptions.ConnectionError) and "NewConnectionError" in repr(exc.args):
        return NotSent(t("messaging.error.network"), "network")
    if isinstance(exc, requests.exceptions.RequestException):
        return Unknown(t("messaging.error.timeout"), "timeout")
    return Unknown(t("messaging.error.other", code=type(exc).__name__), type(exc).__name__)


# --- console and file: for the demo and for trying things out -------------------------------

class ConsoleSender:
    """Prints each message instead of sending it."""

    name = "console"

    def send(self, message: Message) -> str:
        shown = fields.display_phone(message.to)
        print(t("messaging.console_line", channel=message.channel, to=shown, id=message.id), file=sys.stdout)
        print(message.body + "\n", file=sys.stdout)
        return f"CONSOLE{message.id:08d}"

    def find(self, message: Message, since: datetime, taken: set[str]) -> str | None:
        return None


class FileSender:
    """Writes each message as <id>.json into a folder; a file that exists was sent."""

    name = "file"

    def __init__(self, directory: Path | None = None) -> None:
        self.directory = directory or (config.data_dir() / "sent-messages")
        self.directory.mkdir(parents=True, exist_ok=True)

    def _path(self, message: Message) -> Path:
        return self.directory / f"{message.id:08d}.json"

    def send(self, message: Message) -> str:
        sid = f"FILE{message.id:08d}"
        record = {"sid": sid, "id": message.id, "channel": message.channel, "to": message.to,
                  "body": message.body, "content_sid": message.content_sid,
                  "content_variables": json.loads(message.content_variables) if message.content_variables else None,
                  "status_callback": status_callback_url(message.id),
                  "sent_at": clock.utcnow().isoformat(timespec="seconds")}
        tmp = self.directory / f".{uuid.uuid4().hex}.tmp"
        tmp.write_text(json.dumps(record, ensure_ascii=False, indent=2), encoding="utf-8")
        try:
            os.link(tmp, self._path(message))  # fails if the file exists: at most once
        except FileExistsError:
            pass
        finally:
            tmp.unlink(missing_ok=True)
        return sid

    def find(self, message: Message, since: datetime, taken: set[str]) -> str | None:
        return f"FILE{message.id:08d}" if self._path(message).exists() else None


def forget_files(message_ids: list[int], directory: Path | None = None) -> int:
    """Delete what the file backend wrote for these messages (erasure); returns how many files went."""
    folder = directory or (config.data_dir() / "sent-messages")
    gone = 0
    for message_id in message_ids:
        try:
            (folder / f"{message_id:08d}.json").unlink()
            gone += 1
        except FileNotFoundError:
            pass
    return gone


def make(backend: str, directory: Path | None = None, timeout: float = 15.0) -> Sender:
    """The sender called `backend`: twilio, console or file."""
    if backend == "twilio":
        return TwilioSender(timeout=timeout)
    if backend == "console":
        return ConsoleSender()
    if backend == "file":
        return FileSender(directory)
    from ..errors import InputError

    raise InputError(t("messaging.bad_backend", backend=backend))
