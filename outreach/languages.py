"""Turn what a list or a form says about a person's language ('ar', 'Arabisch', 'Dari') into one stored code.

Codes are ISO 639-1 (two letters, as HTML's `lang` wants) that Babel has locale data for, with
two exceptions: Dari is stored as `fa-AF`, the BCP 47 tag Babel and HTML use for it (Afghan
Persian), so a page or PDF part in Dari carries a valid `lang`; and the Berber languages have
no two-letter code, so they keep their ISO 639-3 ones (`rif` Tarifit, `shi`, `tzm`, `zgh`, `kab`). The ISO 639-3 code `prs` and the name 'Dari' are accepted for
it; 'Farsi' and 'Perzisch' are Persian, `fa`. Names are Babel's Dutch language names (CLDR),
compared folded ('arabisch', 'OEKRAIENS'), plus a few names people use in lists (ALIASES).
No language given: None, and the person gets the Dutch text only.
"""

from __future__ import annotations

import unicodedata
from functools import cache

from .errors import FieldError, Where
from .texts import t

DUTCH = "nl"
DARI = "fa-AF"
ALIASES = {"prs": DARI, "dari": DARI, "fa_af": DARI, "farsi": "fa", "perzisch": "fa", "nederlands": DUTCH,
           "koerdisch": "ku", "pashto": "ps", "pasjtoe": "ps", "tigrinya": "ti", "tigrinia": "ti",
           "berbers": "rif", "tarifit": "rif", "riffijns berbers": "rif", "tamazight": "rif"}
# Codes outside ISO 639-1 that we store: Dari, and the Berber languages spoken in the Netherlands (CLDR has
# them). 'Berbers' and 'Tamazight' in a list mean Tarifit (rif), the Berber language of most Moroccan Dutch;
# write shi (Tashelhiyt), tzm or zgh for the others.
EXTRA = (DARI, "rif", "shi", "tzm", "zgh", "kab")
FIELD = "taal"
RIGHT_TO_LEFT = frozenset({"ar", "fa", "prs", "ur", "ps", "he", "ckb", "yi", "sd", "ug", "dv"})


class UnknownLanguage(FieldError):
    """A language code or name we do not know: a list with it stops (a typo is usually in many rows)."""


def _fold(value: str) -> str:
    """Lower case without accents: 'Oekraïens' and 'oekraiens' are one name."""
    decomposed = unicodedata.normalize("NFKD", value.strip().casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("-", "_")


@cache
def names() -> dict[str, str]:
    """Every code we store with its Dutch name, sorted by name."""
    from babel import Locale, UnknownLocaleError

    dutch = {str(code): str(name) for code, name in Locale("nl").languages.items()}
    found: dict[str, str] = {}
    for code in [c for c in dutch if len(c) == 2 and c.isalpha()] + list(EXTRA):
        try:  # only languages with CLDR data under their own code: a PO file's Language header needs it
            if Locale.parse(code.replace("-", "_")).language != code.split("-")[0]:
                continue  # Babel reads it as another language ('tl' as Filipino)
        except (UnknownLocaleError, ValueError):
            continue
        found[code] = "Dari" if code == DARI else dutch.get(code, code)
    return dict(sorted(found.items(), key=lambda item: _fold(item[1])))


@cache
def _lookup() -> dict[str, str]:
    table = {_fold(name): code for code, name in names().items()}
    table.update({_fold(alias): code for alias, code in ALIASES.items()})
    table.update({_fold(code): code for code in names()})  # a code wins: 'yi' is Jiddisch, not the language named Yi
    return table


def code(value: str | None, where: Where | None = None) -> str | None:
    """The stored code for a code or Dutch name; None when empty. FieldError (field 'taal') when unknown."""
    if value is None or not value.strip():
        return None
    found = _lookup().get(_fold(value)[:60])
    if found is None:
        raise UnknownLanguage(t("translations.unknown_language", value=value.strip()), where or Where(field=FIELD))
    return found


def name(stored: str | None) -> str:
    """The Dutch name of a stored code ('ar' -> 'Arabisch'); the code itself when unknown, '' for None."""
    if not stored:
        return ""
    return names().get(stored) or names().get(_lookup().get(_fold(stored), ""), stored.strip()[:12])


def needs_translation(stored: str | None) -> bool:
    """Whether a person with this language needs a version other than the Dutch one."""
    return bool(stored and stored.strip()) and str(stored).strip().lower().replace("_", "-").split("-")[0] != DUTCH


def direction(stored: str | None) -> str:
    """'rtl' for a language written right to left (Arabic, Farsi, Dari as fa-AF or prs, ...), else 'ltr'."""
    base = str(stored or "").strip().lower().replace("_", "-").split("-")[0]
    return "rtl" if base in RIGHT_TO_LEFT else "ltr"
