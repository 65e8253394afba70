"""Turn a plain alternative into the form of the word it replaces: 'dient' + moeten -> 'moet'.

Verbs: the form of the found word is recognised against its lemma (infinitive or plural,
stem, stem + t, past singular or plural, participle) and the alternative's verb is given the
same form, irregular verbs from a table, regular ones by the spelling rules ('t kofschip,
vowel doubling, f/v and s/z). Nouns: a plural found gets a plural alternative.
"""

from __future__ import annotations

from . import lexicon

# infinitive: stem, 2/3rd person present, past singular, past plural, participle
_IRREGULAR: dict[str, tuple[str, str, str, str, str]] = {
    "zijn": ("ben", "is", "was", "waren", "geweest"),
    "hebben": ("heb", "heeft", "had", "hadden", "gehad"),
    "kunnen": ("kan", "kan", "kon", "konden", "gekund"),
    "moeten": ("moet", "moet", "moest", "moesten", "gemoeten"),
    "willen": ("wil", "wil", "wilde", "wilden", "gewild"),
    "mogen": ("mag", "mag", "mocht", "mochten", "gemogen"),
    "krijgen": ("krijg", "krijgt", "kreeg", "kregen", "gekregen"),
    "geven": ("geef", "geeft", "gaf", "gaven", "gegeven"),
    "gaan": ("ga", "gaat", "ging", "gingen", "gegaan"),
    "komen": ("kom", "komt", "kwam", "kwamen", "gekomen"),
    "doen": ("doe", "doet", "deed", "deden", "gedaan"),
    "zien": ("zie", "ziet", "zag", "zagen", "gezien"),
    "laten": ("laat", "laat", "liet", "lieten", "gelaten"),
    "vragen": ("vraag", "vraagt", "vroeg", "vroegen", "gevraagd"),
    "zeggen": ("zeg", "zegt", "zei", "zeiden", "gezegd"),
    "brengen": ("breng", "brengt", "bracht", "brachten", "gebracht"),
    "zoeken": ("zoek", "zoekt", "zocht", "zochten", "gezocht"),
    "denken": ("denk", "denkt", "dacht", "dachten", "gedacht"),
    "nemen": ("neem", "neemt", "nam", "namen", "genomen"),
    "helpen": ("help", "helpt", "hielp", "hielpen", "geholpen"),
    "kijken": ("kijk", "kijkt", "keek", "keken", "gekeken"),
    "lezen": ("lees", "leest", "las", "lazen", "gelezen"),
    "schrijven": ("schrijf", "schrijft", "schreef", "schreven", "geschreven"),
    "ontvangen": ("ontvang", "ontvangt", "ontving", "ontvingen", "ontvangen"),
    "verzoeken": ("verzoek", "verzoekt", "verzocht", "verzochten", "verzocht"),
    "verstrekken": ("verstrek", "verstrekt", "verstrekte", "verstrekten", "verstrekt"),
    "verkrijgen": ("verkrijg", "verkrijgt", "verkreeg", "verkregen", "verkregen"),
    "begrijpen": ("begrijp", "begrijpt", "begreep", "begrepen", "begrepen"),
    "houden": ("houd", "houdt", "hield", "hielden", "gehouden"),
    "staan": ("sta", "staat", "stond", "stonden", "gestaan"),
    "weten": ("weet", "weet", "wist", "wisten", "geweten"),
    "dragen": ("draag", "draagt", "droeg", "droegen", "gedragen"),
    "verschijnen": ("verschijn", "verschijnt", "verscheen", "verschenen", "verschenen"),
    "bevinden": ("bevind", "bevindt", "bevond", "bevonden", "bevonden"),
    "verlenen": ("verleen", "verleent", "verleende", "verleenden", "verleend"),
    "wijzen": ("wijs", "wijst", "wees", "wezen", "gewezen"),
    "zenden": ("zend", "zendt", "zond", "zonden", "gezonden"),
    "treffen": ("tref", "treft", "trof", "troffen", "getroffen"),
    "vinden": ("vind", "vindt", "vond", "vonden", "gevonden"),
    "sluiten": ("sluit", "sluit", "sloot", "sloten", "gesloten"),
    "bieden": ("bied", "biedt", "bood", "boden", "geboden"),
    "heffen": ("hef", "heft", "hief", "hieven", "geheven"),
    "wegen": ("weeg", "weegt", "woog", "wogen", "gewogen"),
    "vangen": ("vang", "vangt", "ving", "vingen", "gevangen"),
    "trekken": ("trek", "trekt", "trok", "trokken", "getrokken"),
    "wijken": ("wijk", "wijkt", "week", "weken", "geweken"),
    "vallen": ("val", "valt", "viel", "vielen", "gevallen"),
    "roepen": ("roep", "roept", "riep", "riepen", "geroepen"),
    "lopen": ("loop", "loopt", "liep", "liepen", "gelopen"),
    "schieten": ("schiet", "schiet", "schoot", "schoten", "geschoten"),
    "grijpen": ("grijp", "grijpt", "greep", "grepen", "gegrepen"),
    "binden": ("bind", "bindt", "bond", "bonden", "gebonden"),
    "schuiven": ("schuif", "schuift", "schoof", "schoven", "geschoven"),
    "sturen": ("stuur", "stuurt", "stuurde", "stuurden", "gestuurd"),
    "zetten": ("zet", "zet", "zette", "zetten", "gezet"),
    "leggen": ("leg", "legt", "legde", "legden", "gelegd"),
    "spreken": ("spreek", "spreekt", "sprak", "spraken", "gesproken"),
    "vergeten": ("vergeet", "vergeet", "vergat", "vergaten", "vergeten"),
    "bevelen": ("beveel", "beveelt", "beval", "bevalen", "bevolen"),
    "sterven": ("sterf", "sterft", "stierf", "stierven", "gestorven"),
    "kiezen": ("kies", "kiest", "koos", "kozen", "gekozen"),
    "verliezen": ("verlies", "verliest", "verloor", "verloren", "verloren"),
    "schenken": ("schenk", "schenkt", "schonk", "schonken", "geschonken"),
    "dwingen": ("dwing", "dwingt", "dwong", "dwongen", "gedwongen"),
    "zwijgen": ("zwijg", "zwijgt", "zweeg", "zwegen", "gezwegen"),
    "blijken": ("blijk", "blijkt", "bleek", "bleken", "gebleken"),
    "blijven": ("blijf", "blijft", "bleef", "bleven", "gebleven"),
    "achten": ("acht", "acht", "achtte", "achtten", "geacht"),
}
_REAL_ZIPF = 3.0  # an inflected alternative at least this common (wordfreq) is a word to advise ("hulpen" is not)
FORMS = ("inf", "stem", "third", "past", "past_plural", "participle")


def _stem(infinitive: str) -> str:
    for prefix in ("be", "ver", "ont", "her", "onder"):  # verrekenen -> verreken, as rekenen -> reken
        rest = infinitive[len(prefix):]
        if infinitive.startswith(prefix) and len(rest) >= 5 and rest.endswith("en") and lexicon.zipf(rest) >= 2.5:
            return prefix + _stem(rest)
    base = infinitive[:-2] if infinitive.endswith("en") else infinitive[:-1]
    if len(base) >= 2 and base[-1] == base[-2] and base[-1] not in "aeiou":
        base = base[:-1]  # bellen -> bel
    elif len(base) >= 2 and base[-1] not in "aeiouy" and base[-2] in "aeou" and \
            (len(base) < 3 or base[-3] not in "aeiou"):
        doubled = base[:-1] + base[-2] + base[-1]  # maken -> maak, halen -> haal; but regelen -> regel
        if not (base[-2:] in ("el", "er", "en", "em") and lexicon.zipf(base) > lexicon.zipf(doubled)):
            base = doubled
    if base.endswith("v"):
        base = base[:-1] + "f"
    elif base.endswith("z"):
        base = base[:-1] + "s"
    return base


_INSEPARABLE = ("be", "ver", "ont", "her", "er", "ge", "onder")
SEPARABLE = ("terug", "mede", "mee", "aan", "af", "op", "uit", "in", "door", "na", "toe", "over", "voor", "bij",
              "vast", "weg", "tegemoet", "samen", "neer", "kenbaar")


def _prefixed(infinitive: str) -> tuple[str, str, bool] | None:
    """(prefix, verb, separable) when the verb is a prefix plus a verb in our table, or a
    separable particle plus a common verb ('afwijzen' is 'wijzen' + 'af': 'wijst af', 'afgewezen')."""
    for prefix in _INSEPARABLE + SEPARABLE:
        rest = infinitive[len(prefix):]
        if infinitive.startswith(prefix) and rest in _IRREGULAR:
            return prefix, rest, prefix in SEPARABLE
    for prefix in SEPARABLE:
        rest = infinitive[len(prefix):]
        if infinitive.startswith(prefix) and len(rest) >= 4 and rest.endswith("en") and lexicon.zipf(rest) >= 3 \
                and not rest.startswith(SEPARABLE) and lexicon.zipf(infinitive) < lexicon.zipf(rest):
            return prefix, rest, True
    return None


def _inseparable(infinitive: str) -> bool:
    for prefix in ("be", "ver", "ont", "her"):  # bewerkstelligen, beëindigen: the rest need not be a word
        if infinitive.startswith(prefix) and len(infinitive) - len(prefix) >= 6:
            return True
    for prefix in _INSEPARABLE:
        rest = infinitive[len(prefix):]
        if infinitive.startswith(prefix) and len(rest) >= 4 and lexicon.zipf(rest) >= 2.5:
            return True
    return False


def forms(infinitive: str) -> dict[str, str]:
    """All forms of a verb, irregular from the table, else by the regular spelling rules."""
    prefixed = _prefixed(infinitive) if infinitive not in _IRREGULAR else None
    if prefixed is not None:
        prefix, rest, separable = prefixed
        base = forms(rest)
        if separable:
            out = {k: f"{v} {prefix}" for k, v in base.items()}
            out["inf"], out["participle"] = infinitive, prefix + base["participle"]
            return out
        out = {k: prefix + v for k, v in base.items()}
        out["participle"] = prefix + (base["participle"][2:] if base["participle"].startswith("ge") else base["participle"])
        return out
    if infinitive in _IRREGULAR:
        stem, third, past, plural, participle = _IRREGULAR[infinitive]
    else:
        stem = _stem(infinitive)
        third = stem if stem.endswith("t") else stem + "t"
        voiceless = infinitive[:-2][-1:] in "tkfschp" if infinitive.endswith("en") else False
        ending = "te" if voiceless else "de"
        past, plural = stem + ending, stem + ending + "n"
        final = "" if stem.endswith(("t", "d")) else ("t" if voiceless else "d")
        participle = (stem if _inseparable(infinitive) else "ge" + stem) + final
    return {"inf": infinitive, "stem": stem, "third": third, "past": past, "past_plural": plural,
            "participle": participle}


def verb_form(word: str, infinitive: str) -> str | None:
    """Which form of `infinitive` the word `word` is ('dient' of dienen: 'third'), if any."""
    for name, form in forms(infinitive).items():
        if word == form:
            return name
    return None


def _plural(noun: str) -> str:
    if noun.endswith(("e", "el", "er", "em", "je", "en", "ie")) or noun[-1:] in "aiouy":
        return noun + "s"
    return noun + "en"


def is_verb(word: str) -> bool:
    """Whether `word` is the infinitive of a verb we can inflect."""
    if word in _IRREGULAR:
        return True
    seen = lexicon.ud_tag(word)
    return word.endswith("en") and len(word) > 3 and (seen is None or seen[0].startswith(("VERB", "AUX")))


def like(alternative: str, found: str, entry: str) -> str:
    """`alternative` in the form that `found` has as a form of the officialese `entry`.

    Only the verb of the alternative changes ('krijgen' for 'ontvangt' -> 'krijgt'; 'laten
    weten' for 'maakt kenbaar' -> 'laat weten'); anything it cannot place stays as it is.
    """
    words = alternative.split()
    entry_verb = next((w for w in reversed(entry.split()) if is_verb(w)), None)
    if entry_verb is not None:
        form = verb_form(found, entry_verb) or verb_form(found, lexicon.lemma(found))
        if form is None or form == "inf":
            return alternative
        for i, w in enumerate(words):
            if is_verb(w):
                words[i] = checked(forms(w)[form], w)
                return " ".join(words)
        return alternative
    if len(words) == 1 and found != entry and found in (entry + "en", entry + "s", entry + "n"):
        return checked(_plural(alternative), alternative)
    return alternative


def checked(form: str, plain: str) -> str:
    """`form` if each of its words is a Dutch word and its first has the class of `plain`, else `plain`.

    So advice is never a non-word ('altijden', 'hulpen') nor a word of another class ('magen',
    the stomachs, for 'mag'): then the uninflected alternative is offered.
    """
    from . import pos

    if form == plain:
        return form
    parts = form.split()
    if not all(lexicon.zipf(p) >= _REAL_ZIPF for p in parts):
        return plain
    want, got = pos.word_class(plain), pos.word_class(parts[0])
    if is_verb(plain) and form in forms(plain).values():
        return form  # a form of the verb itself ('bel', 'trek af' are verbs here, though nouns too)
    return form if got == want or (want == "VERB" and got == "ADJ" and form.endswith(("d", "t", "en"))) else plain


def verb_and_rest(alternative: str, found: str, entry_verb: str) -> tuple[str, str]:
    """The alternative's verb in the form of `found` and its other words: ('laat', 'weten')."""
    words = alternative.split()
    form = verb_form(found, entry_verb) or verb_form(found, lexicon.lemma(found)) or "inf"
    for i, w in enumerate(words):
        if is_verb(w):
            return checked(forms(w)[form], w), " ".join(words[:i] + words[i + 1:])
    return "", alternative
