"""Turn HTTP requests on 127.0.0.1 into a small stateful stand-in for Twilio's Messages resource.

For tests and benchmarks only: the real `twilio` client talks to it through
OUTREACH_TWILIO_API_BASE. It creates, lists (To, From, DateSent filters, newest first, paged
with next_page_uri) and fetches messages in the shape of Twilio's OpenAPI spec, records every
create, and can be told to fail the next creates:

    "429", "503"             refused, nothing created
    "500"                    refused, nothing created (a 5xx the sender must check)
    "500-created"            created, then answered 500
    "timeout"                created, then the answer is held back `delay` seconds
    "21211", "21610", "63016" permanent Twilio errors (400), nothing created

Its clock is outreach's clock plus an offset that `reset(now)` sets, so a test frozen at a
named instant sees Twilio's dates at that instant too.

Run it in its own process (`python -m outreach.messaging.fakeserver`), so that it outlives a
sender killed with kill -9; `FakeTwilio.start()` does that and gives a handle.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import subprocess
import sys
import threading
import time
import uuid
from collections import deque
from datetime import datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, parse_qsl, urlencode, urlsplit

from .. import clock
from .segments import sms_segments

ACCOUNT = "AC" + "0" * 32
TOKEN = "fake-auth-token"
_ERRORS = {
    "21211": "The 'To' number is not a valid phone number.",
    "21610": "Attempt to send to unsubscribed recipient",
    "63016": "Failed to send freeform message because you are outside the allowed window.",
}


class State:
    def __init__(self, account: str, token: str) -> None:
        self.account, self.token = account, token
        self.lock = threading.Lock()
        self.messages: list[dict[str, Any]] = []  # oldest first
        self.creates: list[dict[str, Any]] = []
        self.failures: deque[str] = deque()
        self.delay = 2.0
        self.requests = 0
        self.offset = timedelta(0)

    def now(self) -> datetime:
        return clock.utcnow() + self.offset


def _message(state: State, form: dict[str, str]) -> dict[str, Any]:
    sid = "SM" + uuid.uuid4().hex
    now = format_datetime(state.now(), usegmt=True)
    to = form.get("To", "")
    return {
        "account_sid": state.account, "api_version": "2010-04-01",
        "body": form.get("Body", ""), "date_created": now, "date_sent": now, "date_updated": now,
        "direction": "outbound-api", "error_code": None, "error_message": None,
        "from": form.get("From", ""), "messaging_service_sid": None, "num_media": "0",
        "num_segments": str(sms_segments(form["Body"]).count if form.get("Body") else 1),  # as Twilio bills it
        "price": None, "price_unit": "USD", "sid": sid, "status": "queued",
        "subresource_uris": {"media": f"/2010-04-01/Accounts/{state.account}/Messages/{sid}/Media.json"},
        "to": to, "uri": f"/2010-04-01/Accounts/{state.account}/Messages/{sid}.json",
    }


def make_handler(state: State) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # else each answer waits ~40 ms for a delayed ACK

        def log_message(self, *args: Any) -> None:  # quiet
            pass

        def _send(self, status: int, payload: Any) -> None:
            data = json.dumps(payload).encode()
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                pass

        def _error(self, status: int, code: int, message: str) -> None:
            self._send(status, {"code": code, "message": message, "more_info": f"https://www.twilio.com/docs/errors/{code}",
                                "status": status})

        def _authorised(self) -> bool:
            expected = base64.b64encode(f"{state.account}:{state.token}".encode()).decode()
            if self.headers.get("Authorization") != f"Basic {expected}":
                self._error(401, 20003, "Authenticate")
                return False
            return True

        def _body(self) -> dict[str, str] | None:
            """The form fields, or None when the client went away mid-request (nothing is created)."""
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            if len(raw) < length:
                self.close_connection = True
                return None
            return dict(parse_qsl(raw.decode(), keep_blank_values=True))

        def do_POST(self) -> None:  # noqa: N802
            path = urlsplit(self.path).path
            form = self._body()
            if form is None:
                return None
            if path.startswith("/_fake/"):
                return self._control(path, form)
            if not path.endswith("/Messages.json"):
                return self._error(404, 20404, "Not found")
            if not self._authorised():
                return None
            with state.lock:
                state.requests += 1
                failure = state.failures.popleft() if state.failures else None
                if failure in ("429", "503", "500") or failure in _ERRORS:
                    created = None
                else:
                    created = _message(state, form)
                    state.messages.append(created)
                    callback = form.get("StatusCallback", "")
                    outbox = parse_qs(urlsplit(callback).query).get("outbox", [None])[0]
                    state.creates.append({"sid": created["sid"], "outbox": outbox, "to": form.get("To"),
                                          "from": form.get("From"), "body": form.get("Body"),
                                          "content_sid": form.get("ContentSid"),
                                          "content_variables": form.get("ContentVariables"),
                                          "segments": int(created["num_segments"]),
                                          "status_callback": callback or None, "at": state.now().timestamp()})
                delay = state.delay
            if failure == "429":
                return self._error(429, 20429, "Too Many Requests")
            if failure == "503":
                return self._error(503, 20503, "Service Unavailable")
            if failure in ("500", "500-created"):
                return self._error(500, 20500, "Internal Server Error")
            if failure in _ERRORS:
                return self._error(400, int(failure), _ERRORS[failure])
            if failure == "timeout":
                time.sleep(delay)
            self._send(201, created)
            return None

        def do_GET(self) -> None:  # noqa: N802
            parts = urlsplit(self.path)
            if parts.path.startswith("/_fake/"):
                return self._control(parts.path, {})
            if not self._authorised():
                return None
            query = dict(parse_qsl(parts.query, keep_blank_values=True))
            if parts.path.endswith("/Messages.json"):
                return self._list(parts.path, query)
            if "/Messages/" in parts.path and parts.path.endswith(".json"):
                sid = parts.path.rsplit("/", 1)[1][:-5]
                with state.lock:
                    found = [m for m in state.messages if m["sid"] == sid]
                return self._send(200, found[0]) if found else self._error(404, 20404, "Not found")
            return self._error(404, 20404, "Not found")

        def _list(self, path: str, query: dict[str, str]) -> None:
            with state.lock:
                rows = list(reversed(state.messages))  # newest first, as Twilio lists
            if "To" in query:
                rows = [m for m in rows if m["to"] == query["To"]]
            if "From" in query:
                rows = [m for m in rows if m["from"] == query["From"]]

            def sent_day(m: dict[str, Any]) -> str:
                return datetime.strptime(m["date_sent"], "%a, %d %b %Y %H:%M:%S %Z").date().isoformat()

            for key, test in (("DateSent", lambda d, v: d == v), ("DateSent<", lambda d, v: d <= v),
                              ("DateSent>", lambda d, v: d >= v)):
                if key in query:
                    day = query[key][:10]
                    rows = [m for m in rows if test(sent_day(m), day)]
            size = max(1, min(int(query.get("PageSize", 50)), 1000))
            page = int(query.get("Page", 0))
            chunk = rows[page * size:(page + 1) * size]
            base = {k: v for k, v in query.items() if k not in ("Page", "PageToken")}

            def uri(n: int) -> str:
                return f"{path}?{urlencode({**base, 'PageSize': size, 'Page': n})}"

            more = (page + 1) * size < len(rows)
            self._send(200, {"messages": chunk, "page": page, "page_size": size, "start": page * size,
                             "end": page * size + len(chunk) - 1, "uri": uri(page), "first_page_uri": uri(0),
                             "next_page_uri": uri(page + 1) + f"&PageToken=PA{page + 1}" if more else None,
                             "previous_page_uri": uri(page - 1) if page else None})

        def _control(self, path: str, form: dict[str, str]) -> None:
            with state.lock:
                if path == "/_fake/creates":
                    return self._send(200, state.creates)
                if path == "/_fake/fail":
                    state.failures.extend(x for x in form.get("fail", "").split(",") if x)
                    if form.get("delay"):
                        state.delay = float(form["delay"])
                    return self._send(200, {"queued": list(state.failures)})
                if path == "/_fake/reset":
                    state.messages.clear()
                    state.creates.clear()
                    state.failures.clear()
                    if form.get("now"):
                        state.offset = datetime.fromisoformat(form["now"]) - clock.utcnow()
                    return self._send(200, {})
                if path == "/_fake/stats":
                    return self._send(200, {"requests": state.requests, "messages": len(state.messages)})
            return self._error(404, 20404, "Not found")

    return Handler


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        if not isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):  # a killed client is normal
            super().handle_error(request, client_address)


def serve(port: int = 0, account: str = ACCOUNT, token: str = TOKEN) -> None:
    state = State(account, token)
    server = _Server(("127.0.0.1", port), make_handler(state))
    server.daemon_threads = True
    print(f"PORT {server.server_address[1]}", flush=True)
    server.serve_forever()


class FakeTwilio:
    """A handle on a fake Twilio server running in its own process."""

    def __init__(self, process: subprocess.Popen[str], port: int) -> None:
        self.process, self.port = process, port
        self.url = f"http://127.0.0.1:{port}"
        self.account, self.token = ACCOUNT, TOKEN

    @classmethod
    def start(cls) -> FakeTwilio:
        process = subprocess.Popen([sys.executable, "-m", "outreach.messaging.fakeserver"],
                                   stdout=subprocess.PIPE, text=True)
        line = process.stdout.readline() if process.stdout else ""
        if not line.startswith("PORT "):
            process.kill()
            raise RuntimeError("fake Twilio server did not start")
        return cls(process, int(line.split()[1]))

    def env(self) -> dict[str, str]:
        """The OUTREACH_TWILIO_* settings that point the real client at this server."""
        return {"OUTREACH_TWILIO_ACCOUNT_SID": self.account, "OUTREACH_TWILIO_AUTH_TOKEN": self.token,
                "OUTREACH_TWILIO_API_BASE": self.url, "OUTREACH_TWILIO_FROM": "+3197010203040",
                "OUTREACH_TWILIO_WHATSAPP_FROM": "whatsapp:+3197010203041"}

    def _call(self, path: str, form: dict[str, str] | None = None) -> Any:
        import httpx

        if getattr(self, "_http", None) is None or self._pid != os.getpid():  # one client per process
            self._http, self._pid = httpx.Client(timeout=10), os.getpid()
        if form is None:
            return self._http.get(self.url + path).json()
        return self._http.post(self.url + path, data=form).json()

    def creates(self) -> list[dict[str, Any]]:
        return list(self._call("/_fake/creates"))

    def fail(self, *failures: str, delay: float | None = None) -> None:
        form = {"fail": ",".join(failures)}
        if delay is not None:
            form["delay"] = str(delay)
        self._call("/_fake/fail", form)

    def count(self) -> int:
        """How many messages the server has created."""
        return int(self._call("/_fake/stats")["messages"])

    def reset(self, now: datetime | None = None) -> None:
        """Forget every message; with `now`, set the server's clock to that moment (ticking)."""
        self._call("/_fake/reset", {"now": now.isoformat()} if now else {})

    def stop(self) -> None:
        self.process.kill()
        self.process.wait()
        if self.process.stdout:
            self.process.stdout.close()


def main() -> None:
    parser = argparse.ArgumentParser(description="A fake Twilio Messages API on 127.0.0.1 (tests only).")
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    serve(args.port)


if __name__ == "__main__":
    main()
