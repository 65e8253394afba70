"""Turn the fixed outcome and channel codes a coach types into their meaning and Dutch labels.

A code is what the coach types (`geen-gehoor`); its label is what reports and screens show
("geen gehoor"); its effect is what the sequence rules do with it (see `rules.py`).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import InputError, Where
from ..texts import t

# Channels: the ways of contact the issue names, plus `afspraak` (the meeting itself) and
# `administratie` (checking details in the municipality's systems).
CHANNELS = ("flyer", "brief", "bellen", "huisbezoek", "sms", "whatsapp", "afspraak", "administratie")
PERSONAL = ("bellen", "huisbezoek", "sms", "whatsapp")


@dataclass(frozen=True)
class Outcome:
    code: str
    channels: tuple[str, ...]  # allowed channels; the first is the default
    effect: str  # what the rules do: see rules.next_step
    reached: bool = False  # the person was spoken to

    @property
    def label(self) -> str:
        return t(f"tracking.outcome.{self.code}")


OUTCOMES: dict[str, Outcome] = {
    o.code: o
    for o in (
        Outcome("flyer-bezorgd", ("flyer",), "flyer"),
        Outcome("brief-verstuurd", ("brief",), "letter"),
        Outcome("bericht-verstuurd", ("sms", "whatsapp"), "message"),
        Outcome("geen-gehoor", ("bellen",), "unanswered"),
        Outcome("voicemail", ("bellen",), "unanswered"),
        Outcome("in-gesprek", ("bellen",), "unanswered"),
        Outcome("verkeerd-nummer", ("bellen", "sms", "whatsapp"), "check"),
        Outcome("verhuisd", ("bellen", "huisbezoek", "brief"), "check"),
        Outcome("terugbellen", PERSONAL, "callback", reached=True),
        Outcome("afspraak-gemaakt", PERSONAL, "appointment", reached=True),
        Outcome("geen-interesse", (*PERSONAL, "afspraak"), "declined", reached=True),
        Outcome("niet-thuis", ("huisbezoek",), "not_home"),
        Outcome("gegevens-bijgewerkt", ("administratie", "huisbezoek"), "details_ok"),
        Outcome("niet-gevonden", ("administratie", "huisbezoek"), "not_found"),
        Outcome("afspraak-gehouden", ("afspraak",), "held", reached=True),
        Outcome("afspraak-gemist", ("afspraak",), "missed"),
    )
}


def outcome(code: str, field: str = "uitkomst") -> Outcome:
    """The outcome for `code`, or a Dutch error listing the valid codes."""
    found = OUTCOMES.get((code or "").strip().lower())
    if found is None:
        raise InputError(t("tracking.bad_outcome", code=code, codes=", ".join(OUTCOMES)), Where(field=field))
    return found


def channel_for(found: Outcome, channel: str | None) -> str:
    """The channel of an attempt: the one given (checked against the outcome) or the default."""
    if channel is None:
        return found.channels[0]
    channel = channel.strip().lower()
    if channel not in found.channels:
        raise InputError(t("tracking.bad_channel", channel=channel, code=found.code, channels=", ".join(found.channels)), Where(field="kanaal"))
    return channel
