"""Turn the sentences and paragraphs of a split text into findings.

Rules: passive voice, long sentences, average sentence length, commas, paragraph length and
whether the reader is addressed as u or je.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from ..texts import t
from . import inflect, lexicon, pos
from .profile import Profile
from .report import Finding
from .split import Document, Sentence, Token

_WORDEN = frozenset("word wordt worden werd werden geworden".split())
_ZIJN = frozenset("ben bent is zijn was waren geweest".split())
# verbs whose perfect tense takes 'zijn': "is gekomen" is active, not passive
_ZIJN_VERBS = frozenset("""gaan komen blijven worden zijn beginnen gebeuren veranderen vertrekken overlijden
verhuizen stoppen lopen vallen sterven groeien ontstaan verschijnen slagen zakken rijden vliegen
opstaan terugkomen meegaan langskomen thuiskomen binnenkomen aankomen opgroeien verdwijnen
opgroeien trouwen scheiden afspreken afgesproken geboren ontmoeten raken belanden eindigen aflopen
afnemen toenemen stijgen dalen mislukken lukken vergaan verlopen vervallen ophouden genezen overgaan
uitgaan inslapen ontwaken krimpen verouderen verdrinken vluchten ontsnappen starten promoveren zinken
verbeteren verslechteren opschieten aanslaan afreizen aftreden omkomen uitkomen vertragen verdwalen
verongelukken verschuiven vergroeien binnenvallen verstrijken voorbijgaan overstappen uitstappen instappen
meevallen tegenvallen""".split())
# participle-like adjectives: "u bent welkom", "wij zijn gesloten", "ik ben benieuwd"
_ADJECTIVES = frozenset("""gesloten geopend bekend gewend getrouwd gescheiden geïnteresseerd tevreden
verbaasd benieuwd betrokken bereid gelegen verkouden opgelucht gerust gezond genoeg gemeen geschikt
verkeerd beroemd gek bezorgd verliefd bedoeld gewoon geduldig gelukkig verloofd verslaafd verhinderd
bereikbaar verplicht""".split())
# stative participles: after 'zijn' they describe a state, like an adjective ("wij zijn
# genoodzaakt", "u bent verplicht", "wij zijn bevoegd"); after 'worden' they stay passive
_STATIVE = frozenset("""genoodzaakt verplicht gerechtigd bevoegd gemachtigd gewend verbaasd gedwongen
verschuldigd overtuigd teleurgesteld verrast verzekerd gevestigd aangesloten geïnteresseerd verhinderd
gehandicapt verslaafd""".split())
_PARTICIPLE = re.compile(
    r"^(?:(?:aan|af|bij|door|in|mee|na|om|op|over|terug|toe|uit|vast|voor|weg|langs|samen|thuis)?ge[a-zë]{2,}(?:d|t|en)"
    r"|(?:be|ver|ont|her|er|onder|over)[a-zë]{2,}(?:d|t))$")
_STRONG = frozenset("ontvangen vergeten verkregen ontslagen verschenen begrepen besproken beschreven "
                    "verboden verzonden verleend toegewezen ondertekend onderzocht overgedragen".split())
# infinitives and nouns that look like participles
_NOT_PARTICIPLE = frozenset("""geven gebeuren gebruiken geloven genieten genezen gelden gewennen gedragen geraken
getuigen gebied gebieden gezicht gedicht gewicht geduld geheugen gevoelt gezond gerecht gehakt gebed gemeente
geleden gelegen bericht bestand verstand verband verschil verhaal besef beroemd verkeerd bezit verzet bedrijft
""".split())
# participles of verbs whose perfect tense takes 'zijn': "ik ben verhuisd" is active
_ZIJN_PARTICIPLES = frozenset("""verhuisd gestopt begonnen gekomen gegaan gebleven gevallen veranderd vertrokken
overleden gestorven geboren ontstaan verdwenen geslaagd gegroeid getrouwd gescheiden teruggekomen langsgekomen
thuisgekomen meegegaan opgegroeid verschenen aangekomen geweest geworden geraakt beland gebeurd ontsnapt gelukt
mislukt opgestaan binnengekomen weggegaan ingeschreven gewend verdwaald""".split())
_READER = frozenset("u uw je jij jou jouw jullie".split())
_WINDOW = 8


def _is_participle(word: str) -> bool:
    if word in _ADJECTIVES or word in _NOT_PARTICIPLE or len(word) < 5:
        return False
    if word in _STRONG or word in _ZIJN_PARTICIPLES:
        return True
    noun = lexicon.noun(word)
    if noun is not None and noun[1] and noun[2]:
        return False  # a compound noun: 'bezwaarschrift' (bezwaar + schrift) looks like be-...-t
    seen = lexicon.ud_tag(word)
    if seen is not None and seen[1] >= 0.5 and not seen[0].endswith(":Part"):
        return False  # the treebank knows it as something else: 'aangezien', 'betreffende'
    if pos.word_tag(word, False, False) not in ("VERB:Part", "VERB:Fin", "NOUN"):
        return False
    if not _PARTICIPLE.match(word):
        return False
    base = lexicon.lemma(word)
    return base == word or base.endswith("en")


def _ergative(participle: str) -> bool:
    """Whether the participle's verb takes 'zijn' in the perfect ('geëindigd', 'teruggekomen')."""
    base = lexicon.lemma(participle)
    if base in _ZIJN_VERBS or participle in _ZIJN_PARTICIPLES:
        return True
    for particle in inflect.SEPARABLE:  # 'afgelopen', 'aflopen': 'lopen' after 'af'
        for word in (base, participle):
            rest = word[len(particle):]
            if word.startswith(particle) and len(rest) > 3 and (rest in _ZIJN_VERBS or lexicon.lemma(rest) in _ZIJN_VERBS):
                return True
    return False


def _passive_span(sentence: Sentence) -> tuple[Token, Token] | None:
    """The auxiliary and participle of a passive construction, if the sentence has one."""
    words = sentence.words
    lowered = [w.text.lower() for w in words]
    commas = [tok.start for tok in sentence.tokens if tok.text in ",;:"]  # sorted: tokens are in order
    tags: list[str] | None = None
    for i, w in enumerate(lowered):
        aux_worden = w in _WORDEN
        if not aux_worden and w not in _ZIJN:
            continue
        best = None
        for j in range(max(0, i - _WINDOW), min(len(words), i + _WINDOW + 1)):
            if j == i or not _is_participle(lowered[j]):
                continue
            if tags is None:
                tags = pos.tags(lowered, [tok.text[:1].isupper() for tok in words], [tok.text for tok in words])
            if not tags[j].startswith(("VERB", "AUX")) or tags[j].endswith(":Inf"):
                continue  # copula + adjective ('zich ervan bewust is'), modal + infinitive ('zal ... vergeten')
            if not aux_worden and _ergative(lowered[j]):
                continue  # 'is geëindigd', 'is afgelopen': a verb whose perfect takes 'zijn'
            a, b = sorted((words[i].start, words[j].start))
            if bisect_right(commas, a) < bisect_left(commas, b):
                continue  # another clause
            if not aux_worden and lowered[j] in _STATIVE:
                continue  # a state, not an action: "wij zijn genoodzaakt"
            if not aux_worden and (lowered[j] in _ZIJN_PARTICIPLES or lexicon.lemma(lowered[j]) in _ZIJN_VERBS):
                continue  # perfect tense of an active verb: "u bent gekomen"
            if w == "zijn" and i + 1 < len(words) and not _is_participle(lowered[i + 1]) and j > i \
                    and words[i + 1].is_alpha_word and lowered[i + 1] not in ("er", "niet", "door", "al"):
                continue  # 'zijn' as 'his': "zijn aanvraag is ..." is judged at 'is'
            if best is None or abs(j - i) < abs(best - i):
                best = j
        if best is not None:
            first, last = sorted((words[i], words[best]), key=lambda tok: tok.start)
            return first, last
    return None


def passive(doc: Document, profile: Profile) -> list[Finding]:
    found = []
    for sentence in doc.sentences:
        span = _passive_span(sentence)
        if span:
            found.append(Finding("passive", "warn", span[0].start, span[1].end,
                                 t("readability.rule.passive", words=doc.text[span[0].start:span[1].end]),
                                 [t("readability.suggest.active")]))
    sentences = len(doc.sentences)
    if sentences >= int(profile.get("passive", "min_sentences")) and \
            len(found) / sentences > float(profile.get("passive", "fail_share")):
        found = [Finding(f.rule, "fail", f.start, f.end, f.message, f.suggestions) for f in found]
    return found


def sentences(doc: Document, profile: Profile) -> list[Finding]:
    """Long sentences, too many commas, and the average sentence length."""
    warn_at = int(profile.get("sentences", "max_words_warn"))
    fail_at = int(profile.get("sentences", "max_words_fail"))
    max_commas = int(profile.get("sentences", "max_commas"))
    out: list[Finding] = []
    for sentence in doc.sentences:
        n = len(sentence.words)
        if n > warn_at:
            out.append(Finding("long-sentence", "fail" if n > fail_at else "warn", sentence.start, sentence.end,
                               t("readability.rule.long_sentence", count=n, max=warn_at),
                               [t("readability.suggest.split_sentence")]))
        commas = sum(1 for tok in sentence.tokens if tok.text == ",")
        if commas > max_commas:
            out.append(Finding("commas", "warn", sentence.start, sentence.end,
                               t("readability.rule.commas", count=commas, max=max_commas),
                               [t("readability.suggest.split_sentence")]))
    total = len(doc.words)
    count = len(doc.sentences)
    if count and total >= int(profile.get("sentences", "min_words_for_average")):
        average = doc.average_length()
        good = float(profile.get("sentences", "avg_words_pass"))
        bad = float(profile.get("sentences", "avg_words_fail"))
        if average > good:
            out.append(Finding("sentence-length", "fail" if average > bad else "warn",
                               doc.sentences[0].start, doc.sentences[-1].end,
                               t("readability.rule.sentence_length", average=f"{average:.1f}".replace(".", ","),
                                 max=f"{good:g}"),
                               [t("readability.suggest.split_sentence")]))
    return out


def paragraphs(doc: Document, profile: Profile) -> list[Finding]:
    max_sentences = int(profile.get("paragraphs", "max_sentences"))
    max_words = int(profile.get("paragraphs", "max_words"))
    out = []
    for para in doc.paragraphs:
        n, words = len(para.sentences), para.word_count
        if n > max_sentences or words > max_words:
            out.append(Finding("paragraph-length", "warn", para.start, para.end,
                               t("readability.rule.paragraph_length", sentences=n, words=words,
                                 max_sentences=max_sentences, max_words=max_words),
                               [t("readability.suggest.split_paragraph")]))
    return out


def address(doc: Document, profile: Profile) -> list[Finding]:
    if not profile.get("address", "required") or len(doc.words) < int(profile.get("address", "min_words")):
        return []
    if any(w.text.lower() in _READER for w in doc.words):
        return []
    end = doc.sentences[0].end if doc.sentences else len(doc.text)
    return [Finding("address-reader", "warn", doc.sentences[0].start if doc.sentences else 0, end,
                    t("readability.rule.address_reader"), [t("readability.suggest.address_reader")])]
