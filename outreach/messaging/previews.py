"""Turn a template and values into a preview: the text, its SMS parts, and cheaper spellings.

The preview never changes the text by itself: it shows what `normalise` (quotes, dashes,
spaces) and `plain_spelling` (ë -> e) would save, so the coach decides.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from . import templates
from .outbox import MAX_SEGMENTS, WARN_SEGMENTS
from .segments import Segments, normalise, plain_spelling, sms_segments


@dataclass(frozen=True)
class Preview:
    template: str
    channel: str
    text: str
    segments: Segments | None  # None for WhatsApp (no SMS parts)
    normalised: tuple[str, Segments] | None  # only when it differs and saves something
    plain: tuple[str, Segments] | None
    content_sid: str | None

    @property
    def warn(self) -> bool:
        return bool(self.segments and self.segments.count > WARN_SEGMENTS)

    @property
    def refused(self) -> bool:
        return bool(self.segments and self.segments.count > MAX_SEGMENTS)


def preview(template: str, values: Mapping[str, object] | None = None, channel: str = "sms") -> Preview:
    """Render `template` for `channel` with its sample values, overridden by `values`."""
    merged: dict[str, object] = {**templates.sample_values(template, channel), **(values or {})}
    rendered = templates.render(template, merged, channel)
    text = rendered.text
    if channel != "sms":
        return Preview(template, channel, text, None, None, None, rendered.content_sid)
    seg = sms_segments(text)
    normalised = normalise(text)
    plain = plain_spelling(text)
    alt_n = (normalised, sms_segments(normalised)) if normalised != text else None
    alt_p = (plain, sms_segments(plain)) if plain != normalised else None
    return Preview(template, channel, text, seg, alt_n, alt_p, None)
