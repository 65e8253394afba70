"""Turn one render asked for by the web app into a job in a worker process that is killed when it runs too long.

A template render is bounded in steps and sizes by the sandbox, but a thread cannot be
stopped: a render that still runs long (WeasyPrint laying out a huge page, pdftoppm) would
hold a server thread and its memory. So the web app's renders (the editor's live check,
previews, single letters and flyers) run here, one job per process:

- the process is forked from a clean, single-threaded fork server (multiprocessing's
  "forkserver", warmed by `documents.warm`: modules, fonts and models loaded), so it starts
  fast and holds no lock of the server's threads; it gets the caller's environment (OUTREACH_* settings, PATH) and clock moment;
- it may use at most MEMORY_BYTES of address space (past that: the Dutch "te veel tekst");
- it is killed (SIGKILL) when it passes SECONDS of wall-clock time, or as soon as
  `cancelled()` says the client has gone, and the caller gets a Dutch error;
- at most OUTREACH_WORKERS jobs run at once in total and PER_USER per user, counted over every
  web worker process of the machine (a place is an flock on a file in the data folder's
  `render-places/`, freed by the kernel when its process dies); past that the caller gets
  "het is nu te druk" after waiting at most WAIT_SECONDS.

Mail merges keep their own pool (documents.mailmerge): a merge is long by nature and is
bounded by its rows and chunks, not by a few seconds.
"""

from __future__ import annotations

import os
import pickle
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import ContentError, InputError, OutreachError
from ..texts import t

SECONDS = 20.0  # wall-clock time of one render from the web
MEMORY_BYTES = 2 * 1024**3  # address space of one render process (WeasyPrint and fonts map about 600 MB)
PER_USER = 2  # renders of one user at once (the preview and the live check)
WAIT_SECONDS = 2.0  # how long a render waits for a free place before "te druk"
POLL = 0.05  # seconds between looks at the clock and the client
PRELOAD = ["outreach.documents.warm"]  # imports and loads what a render needs, once (see there)


@dataclass(frozen=True)
class Outcome:
    """What a job sent back: its value, and the peak memory (resident set, KiB) of its process."""

    value: Any
    peak_rss_kib: int


class Busy(InputError):
    """Too many renders run already (in total, or for this user); the message says to try again soon."""


class TooSlow(InputError):
    """The render passed its time limit, or the client went away; its process was killed."""


_lock = threading.Lock()
_running: dict[str, int] = {}  # owner -> jobs running now
_processes: set[Any] = set()  # processes of jobs running now (tests look at them)


def total() -> int:
    """How many renders may run at once in total (OUTREACH_WORKERS, the mail merges' setting)."""
    from .mailmerge import workers

    return workers()


def running() -> int:
    """How many render processes are alive now."""
    with _lock:
        return sum(1 for p in _processes if p.is_alive())


def run(function: Callable[..., Any], *args: Any, owner: str = "", cancelled: Callable[[], bool] | None = None,
        seconds: float | None = None, **kwargs: Any) -> Any:
    """`function(*args, **kwargs)` in a worker process; its value, or its OutreachError raised here."""
    return run_measured(function, *args, owner=owner, cancelled=cancelled, seconds=seconds, **kwargs).value


def run_measured(function: Callable[..., Any], *args: Any, owner: str = "", cancelled: Callable[[], bool] | None = None,
                 seconds: float | None = None, **kwargs: Any) -> Outcome:
    """As `run`, with the peak resident memory of the worker process."""
    places = _enter(owner)
    try:
        return _in_process(function, args, kwargs, SECONDS if seconds is None else seconds, cancelled)
    finally:
        _leave(owner, places)


def _enter(owner: str) -> list[int]:
    """Take a place for `owner` (its locked files), looking every POLL seconds for WAIT_SECONDS; Busy (Dutch) when none came free.

    It polls with sleeps rather than a timed wait on the lock: a timed lock wait never ends under
    faketime (the clock-sensitive test pass), a sleep does.
    """
    for _ in range(max(1, round(WAIT_SECONDS / POLL)) + 1):
        with _lock:
            if sum(_running.values()) < total() and _running.get(owner, 0) < PER_USER:
                places = _machine_places(owner)
                if places:
                    _running[owner] = _running.get(owner, 0) + 1
                    return places
        time.sleep(POLL)
    raise Busy(t("documents.render_busy"))


def _machine_places(owner: str) -> list[int]:
    """One of the machine's total() places and one of the owner's PER_USER, as locked files; [] when either is full."""
    import hashlib

    from .. import config, privatefiles

    folder = privatefiles.make_dir(config.data_dir() / "render-places")
    user = hashlib.sha256(owner.encode("utf-8")).hexdigest()[:16]
    taken: list[int] = []
    for names in ([f"place-{i}" for i in range(total())], [f"user-{user}-{j}" for j in range(PER_USER)]):
        fd = _lock_one(folder, names)
        if fd is None:
            _unlock(taken)
            return []
        taken.append(fd)
    return taken


def _lock_one(folder: Path, names: list[str]) -> int | None:
    """An open descriptor holding the flock of the first of `names` that is free, or None."""
    import fcntl

    for name in names:
        fd = os.open(folder / name, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return fd
        except OSError:  # held by another render, in this process or another
            os.close(fd)
    return None


def _unlock(places: list[int]) -> None:
    for fd in places:
        os.close(fd)  # closing releases the flock


def holding(owner: str) -> int:
    """How many places `owner` holds now (tests wait on it)."""
    with _lock:
        return _running.get(owner, 0)


def _leave(owner: str, places: list[int]) -> None:
    with _lock:
        _unlock(places)
        _running[owner] -= 1
        if not _running[owner]:
            del _running[owner]


def _context() -> Any:
    import multiprocessing

    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(PRELOAD)
    return context


def _in_process(function: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any], seconds: float,
                cancelled: Callable[[], bool] | None) -> Outcome:
    from .. import clock, db

    context = _context()
    receiver, sender = context.Pipe(duplex=False)
    settings = dict(os.environ)
    process = context.Process(target=_serve, args=(sender, function, args, kwargs, settings, clock.utcnow(),
                                                          db.current_place()),
                              daemon=True)
    process.start()  # the first one also starts (and warms) the fork server: not counted in the time limit
    deadline = time.monotonic() + seconds
    sender.close()
    with _lock:
        _processes.add(process)
    try:
        while True:
            left = deadline - time.monotonic()
            if receiver.poll(max(0.0, min(POLL, left))):
                break
            if not process.is_alive():
                if receiver.poll(0):  # it answered just before it ended
                    break
                raise ContentError(t("documents.template_too_big"))  # ended without a word: the memory limit
            if left <= 0 or (cancelled is not None and cancelled()):
                raise TooSlow(t("documents.render_too_slow"))
        try:
            kind, value, peak = pickle.loads(receiver.recv_bytes())
        except (EOFError, OSError, pickle.UnpicklingError):
            raise TooSlow(t("documents.render_too_slow")) from None
    finally:
        if process.is_alive():
            process.kill()
        process.join()
        receiver.close()
        with _lock:
            _processes.discard(process)
    if kind == "error":
        value.peak_rss_kib = peak  # measured for errors too (tests print it)
        raise value
    return Outcome(value, peak)


def _serve(sender: Any, function: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any],
           settings: dict[str, str], moment: Any, place: str | None) -> None:
    """The worker: the caller's environment, clock and database (templates, rules), a memory limit, one call."""
    import resource

    from .. import clock, db

    os.environ.clear()
    os.environ.update(settings)
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))
    try:
        with clock.started_at(moment), db.place(place):
            reply: tuple[str, Any] = ("value", function(*args, **kwargs))
    except OutreachError as exc:
        reply = ("error", exc)
    except MemoryError:
        reply = ("error", ContentError(t("documents.template_too_big")))
    except BaseException as exc:  # never a traceback to the user: the kind of failure only  # noqa: BLE001
        reply = ("error", ContentError(t("documents.template_failed", error=type(exc).__name__)))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    try:
        data = pickle.dumps((*reply, peak))
    except Exception:  # noqa: BLE001  (a value or error that does not pickle: its text, or its kind)
        value = reply[1]
        text = str(value) if isinstance(value, OutreachError) else t("documents.template_failed", error=type(value).__name__)
        data = pickle.dumps(("error", ContentError(text), peak))
    sender.send_bytes(data)
    sender.close()
