"""Turn a template and values into a preview: the text, its SMS parts, and cheaper spellings.

The preview never changes the text by itself: it shows what `normalise` (quotes, dashes,
spaces) and `plain_spelling` (ë -> e) would save, so the coach decides.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .. import languages
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
    language: str | None = None  # the language of `text`; None: Dutch
    language_missing: str | None = None  # wanted, but no approved version: `text` is Dutch
    dutch: Segments | None = None  # the Dutch text's SMS parts, beside a text in another language

    @property
    def cost_note(self) -> str:
        """Dutch: what the text in another language costs next to the Dutch one; empty when there is no difference to show."""
        if not (self.segments and self.dutch and self.language):
            return ""
        from ..texts import t

        return t("messaging.language.cost", taal=languages.name(self.language), count=self.segments.count,
                 dutch=self.dutch.count)

    @property
    def fallback_note(self) -> str:
        """Dutch: the message goes in Dutch because the person's language has no approved version."""
        from ..texts import t

        return t("messaging.language.fallback", taal=languages.name(self.language_missing)) \
            if self.language_missing else ""

    @property
    def warn(self) -> bool:
        return bool(self.segments and self.segments.count > WARN_SEGMENTS)

    @property
    def refused(self) -> bool:
        return bool(self.segments and self.segments.count > MAX_SEGMENTS)


def preview(template: str, values: Mapping[str, object] | None = None, channel: str = "sms", *,
            language: str | None = None, body: str | None = None) -> Preview:
    """Render `template` for `channel` with its sample values, overridden by `values`.

    With `language` and `body` (its approved translation) the preview is of the text in that
    language, with the Dutch text's SMS parts beside it: the cost difference before sending.
    """
    merged: dict[str, object] = {**templates.sample_values(template, channel), **(values or {})}
    rendered = templates.render(template, merged, channel, lang=language, body=body)
    text = rendered.text
    language, missing = rendered.language, rendered.language_missing
    if channel != "sms":
        return Preview(template, channel, text, None, None, None, rendered.content_sid, language, missing)
    if language:
        dutch = sms_segments(templates.render(template, merged, channel).text)
        return Preview(template, channel, text, sms_segments(text), None, None, None, language, missing, dutch)
    seg = sms_segments(text)
    normalised = normalise(text)
    plain = plain_spelling(text)
    alt_n = (normalised, sms_segments(normalised)) if normalised != text else None
    alt_p = (plain, sms_segments(plain)) if plain != normalised else None
    return Preview(template, channel, text, seg, alt_n, alt_p, None, language, missing)


def language_note(template: str, values: Mapping[str, object], channel: str, rendered: templates.Rendered) -> str:
    """Dutch, before sending: that the message goes in Dutch for want of an approved version, or
    what an SMS in another language costs next to the Dutch one; empty for a Dutch message."""
    from ..texts import t

    if rendered.language_missing:
        return t("messaging.language.fallback", taal=languages.name(rendered.language_missing))
    if rendered.language and channel == "sms":
        dutch = sms_segments(rendered.dutch_text or templates.render(template, values, channel).text).count
        return t("messaging.language.cost", taal=languages.name(rendered.language),
                 count=sms_segments(rendered.text).count, dutch=dutch)
    return ""
