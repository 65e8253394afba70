"""Render workers: a render from the web runs in a process that is killed past its time limit or when the client
goes, under a memory limit, a few at once (issue 16.2); and any template, however hostile, ends in time (Done when)."""

from __future__ import annotations

import statistics
import threading
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from outreach import clock, config
from outreach.documents import worker
from outreach.errors import ContentError, InputError, OutreachError
from outreach.texts import t


def sleepy(seconds: float) -> str:
    time.sleep(seconds)
    return "wakker"


def hog() -> int:
    return len(bytearray(worker.MEMORY_BYTES * 2))


def broken() -> None:
    raise KeyError("/geheim/pad")


def refusing() -> None:
    raise InputError("Dit mag niet.")


def settings_and_clock() -> tuple[str, str]:
    return config.get("OUTREACH_CONTENT_DIR"), clock.now().isoformat(timespec="minutes")


def render_file(path: str) -> str:
    from outreach.documents.templates import render_source, template_from_path

    return render_source(template_from_path(Path(path)), {})


def test_a_render_past_its_time_limit_is_killed_with_a_dutch_error() -> None:
    with pytest.raises(worker.TooSlow) as caught:
        worker.run(sleepy, 60, seconds=1)
    assert str(caught.value) == t("documents.render_too_slow")
    assert worker.running() == 0  # the process is gone, not left sleeping


def test_a_render_stops_when_the_client_has_gone() -> None:
    asked = []

    def gone() -> bool:
        asked.append(1)
        return len(asked) > 3

    with pytest.raises(worker.TooSlow):
        worker.run(sleepy, 60, cancelled=gone)
    assert worker.running() == 0


def test_a_render_that_takes_too_much_memory_ends_with_a_dutch_error() -> None:
    with pytest.raises(ContentError) as caught:
        worker.run(hog)
    assert str(caught.value) == t("documents.template_too_big")


def test_errors_come_back_dutch_and_without_a_traceback() -> None:
    with pytest.raises(InputError, match="Dit mag niet"):
        worker.run(refusing)
    with pytest.raises(ContentError) as caught:
        worker.run(broken)
    assert "KeyError" in str(caught.value) and "geheim" not in str(caught.value)


def test_the_worker_gets_the_callers_settings_and_clock(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OUTREACH_CONTENT_DIR", str(tmp_path))
    assert worker.run(settings_and_clock) == (str(tmp_path), clock.now().isoformat(timespec="minutes"))


def _in_background(owner: str) -> threading.Thread:
    thread = threading.Thread(target=lambda: worker.run(sleepy, 3, owner=owner), daemon=True)
    thread.start()
    return thread


def _wait_until_running(count: int) -> None:
    for _ in range(400):  # bounded: at most 20 s for the workers to start
        if worker.running() >= count:
            return
        time.sleep(0.05)


def test_too_many_renders_at_once_get_a_dutch_try_again(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OUTREACH_WORKERS", "2")
    monkeypatch.setattr(worker, "WAIT_SECONDS", 0.2)
    threads = [_in_background("a"), _in_background("b")]
    _wait_until_running(2)
    with pytest.raises(worker.Busy) as caught:
        worker.run(sleepy, 0, owner="c")
    assert str(caught.value) == t("documents.render_busy") == "Het is nu te druk. Probeer het zo nog eens."
    for thread in threads:
        thread.join()
    assert worker.run(sleepy, 0, owner="c") == "wakker"


def test_one_user_has_at_most_a_few_renders_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OUTREACH_WORKERS", "8")
    monkeypatch.setattr(worker, "WAIT_SECONDS", 0.2)
    threads = [_in_background("drukke-gebruiker") for _ in range(worker.PER_USER)]
    _wait_until_running(worker.PER_USER)
    with pytest.raises(worker.Busy):
        worker.run(sleepy, 0, owner="drukke-gebruiker")
    assert worker.run(sleepy, 0, owner="iemand-anders") == "wakker"
    for thread in threads:
        thread.join()


# Done when: templates built from Jinja syntax, filters and huge numbers, each rendered under the limits.
NUMBERS = ["0", "7", "99999", "10**9", "2**64", "-1", "100000", "1e308"]
VALUES = ["'x'", "'\\t'", "'{{0:>99999}}'", "'%99999d'", "[1, 2, 3]", "range({n})", "(['x'] * {n})", "('ab' * {n})",
          "{{'a': {n}}}", "namespace(s='x')", "[[1] * {n}] * {n}"]
FILTERS = ["|map('upper')", "|sort", "|unique", "|list", "|join", "|join('y' * {n})", "|sum", "|batch({n})",
           "|slice({n})", "|center({n})", "|wordwrap({n})", "|indent({n})", "|replace('x', 'x' * {n})",
           "|groupby('a')", "|dictsort", "|format({n})", "|reverse", "|string", "|length", "|select('odd')"]
METHODS = [".expandtabs({n})", ".format({n})", ".center({n})", ".zfill({n})", ".ljust({n})", " * {n}", " ~ {v}",
           " % ({n},)", " + {v}"]
STATEMENTS = ["{{{{ {e} }}}}", "{{% for i in {e} %}}{{{{ i }}}}{{% endfor %}}", "{{% set x = {e} %}}{{{{ x|length }}}}",
              "{{% for i in range({n}) %}}{{{{ {e} }}}}{{% endfor %}}",
              "{{% macro m(k) %}}{{% if k %}}{{{{ m(k - 1) }}}}{{{{ m(k - 1) }}}}{{% endif %}}{{% endmacro %}}{{{{ m({n}) }}}}"]


@st.composite
def templates(draw: st.DrawFn) -> str:
    parts = []
    for _ in range(draw(st.integers(1, 3))):
        n = draw(st.sampled_from(NUMBERS))
        expr = draw(st.sampled_from(VALUES)).format(n=n)
        for step in draw(st.lists(st.sampled_from(FILTERS + METHODS), max_size=4)):
            expr = f"({expr}){step.format(n=draw(st.sampled_from(NUMBERS)), v=draw(st.sampled_from(VALUES)).format(n=n))}"
        parts.append(draw(st.sampled_from(STATEMENTS)).format(e=expr, n=n))
    return "".join(parts)


DUTCH = [t("documents.template_too_big"), "De sjabloon werkt niet", "De sjabloon doet iets wat niet mag",
         t("documents.render_too_slow"), "klopt niet", "ontbreekt"]
PEAKS: list[int] = []
TIMES: list[float] = []


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(body=templates())
def test_any_template_ends_in_time_and_memory_with_a_result_or_a_dutch_error(body: str, tmp_path_factory: pytest.TempPathFactory) -> None:
    path = tmp_path_factory.mktemp("eigenschap") / "proef.html.j2"
    path.write_text('{#---\nkind = "flyer"\ntitle = "x"\n[fields]\n---#}\n' + body + "\n", encoding="utf-8")
    started = time.monotonic()
    try:
        outcome = worker.run_measured(render_file, str(path), seconds=5)
    except OutreachError as exc:
        message = str(exc)
        assert "Traceback" not in message and any(part in message for part in DUTCH), message
        peak = getattr(exc, "peak_rss_kib", 0)  # 0: killed (time) or refused (busy) before it could say
        assert peak * 1024 < worker.MEMORY_BYTES
        PEAKS.append(peak) if peak else None
    else:
        assert isinstance(outcome.value, str)
        assert outcome.peak_rss_kib * 1024 < worker.MEMORY_BYTES
        PEAKS.append(outcome.peak_rss_kib)
    TIMES.append(time.monotonic() - started)
    assert TIMES[-1] < 5 + worker.WAIT_SECONDS + 10  # killed at 5 s; starting a process is the rest
    assert worker.running() == 0


def test_print_the_render_workers_peak_memory() -> None:
    if PEAKS:  # figures, not assertions (benchmarks/ style)
        print(f"render worker peak RSS: median {statistics.median(PEAKS) / 1024:.0f} MB, max {max(PEAKS) / 1024:.0f} MB"
              f" over {len(PEAKS)} renders; wall time median {statistics.median(TIMES):.2f} s, max {max(TIMES):.2f} s")
