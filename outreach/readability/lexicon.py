"""Turn a Dutch word into its frequency (Zipf), lemma, syllable count, compound parts and tag.

The data comes from wordfreq (Dutch word frequencies, web and news), spacy-lookups-data (the
lookup lemmatizer that `spacy.blank("nl")` uses) and our own tables in `data/`: SUBTLEX-NL
frequencies of spoken Dutch and 165k nouns with semantic type and compound head (from LiNT-II),
and the most frequent UD tag per word (from the UD Dutch dev parts). Loading spaCy itself costs about 3 s and
wordfreq about 0.4 s, too slow for a command that should answer in well under 1.5 s, so the
two tables are read once from those packages (about 4 s, once) and kept as one SQLite file
in the user's cache folder, keyed by the size and time of the data files. Later runs open
it at no cost and look words up as needed, cached in memory.
"""

from __future__ import annotations

import gzip
import json
import math
import os
import re
import sqlite3
import tempfile
from functools import cache, lru_cache
from pathlib import Path

_VOWEL_GROUPS = re.compile(r"[aeiouyàáâèéêìíîòóôùúû]+|[äëïöü][aeiouy]*", re.IGNORECASE)
_LINKS = ("", "s", "e", "en", "er")  # linking sounds between compound parts (tijdsduur, pannenkoek)
_MIN_PART = 3
MAX_SPLIT_LETTERS = 40  # longer words are never split: splitting costs grow fast with the length
_VERSION = 6  # bump when the cache layout changes
_MIN_ZIPF = 1.5


def _sources() -> list[Path]:
    """The data files the tables come from, found without importing their packages."""
    from importlib.util import find_spec

    files = []
    for package, name in (("wordfreq", "large_nl.msgpack.gz"), ("spacy_lookups_data", "nl_lemma_lookup.json.gz")):
        spec = find_spec(package)
        if spec is not None and spec.origin:
            files.append(Path(spec.origin).parent / "data" / name)
    return files + [DATA / name for name in _OWN]


DATA = Path(__file__).parent / "data"
_OWN = ("subtlex_nl.tsv.gz", "nouns_nl.tsv.gz", "ud_pos.tsv.gz")


def _rows(name: str) -> list[list[str]]:
    with gzip.open(DATA / name, "rt", encoding="utf-8") as f:
        return [line.rstrip("\n").split("\t") for line in f]


def _cache_file() -> Path:
    """A cache file named after the layout version and the size and time of the sources."""
    import hashlib

    import platformdirs

    key = [f"v{_VERSION}"]
    for path in _sources():
        try:
            stat = path.stat()
            key.append(f"{path}:{stat.st_size}:{stat.st_mtime_ns}")
        except OSError:
            key.append(f"{path}:missing")
    digest = hashlib.sha1("|".join(key).encode()).hexdigest()[:16]
    return Path(platformdirs.user_cache_dir("outreach")) / f"lexicon-nl-{digest}.sqlite"


def _build(path: Path) -> None:
    """Write the frequency and lemma tables from wordfreq and spacy-lookups-data to `path`."""
    import spacy_lookups_data
    import wordfreq

    freqs = wordfreq.get_frequency_dict("nl", wordlist="best")
    # Words under Zipf 1.5 count as unknown (0): every rule treats both the same way.
    zipfs = ((w, round(math.log10(f) + 9, 2)) for w, f in freqs.items() if f > 0 and math.log10(f) + 9 >= _MIN_ZIPF)
    lookup = Path(spacy_lookups_data.__file__).parent / "data" / "nl_lemma_lookup.json.gz"
    with gzip.open(lookup, "rt", encoding="utf-8") as f:
        lemmas = [(k, v) for k, v in json.load(f).items() if k != v]
    rows = ((w, z, _count_syllables(w)) for w, z in zipfs)
    db = sqlite3.connect(path)
    try:
        db.execute("CREATE TABLE zipf (w TEXT PRIMARY KEY, z REAL, s INTEGER) WITHOUT ROWID")
        db.execute("CREATE TABLE lemma (w TEXT PRIMARY KEY, l TEXT) WITHOUT ROWID")
        db.executemany("INSERT OR IGNORE INTO zipf VALUES (?, ?, ?)", rows)
        db.executemany("INSERT OR IGNORE INTO lemma VALUES (?, ?)", lemmas)
        db.execute("CREATE TABLE spoken (w TEXT PRIMARY KEY, z REAL) WITHOUT ROWID")
        db.executemany("INSERT OR IGNORE INTO spoken VALUES (?, ?)", ((w, float(z)) for w, z in _rows(_OWN[0])))
        db.execute("CREATE TABLE noun (w TEXT PRIMARY KEY, t TEXT, h TEXT, m TEXT) WITHOUT ROWID")
        db.executemany("INSERT OR IGNORE INTO noun VALUES (?, ?, ?, ?)", _rows(_OWN[1]))
        db.execute("CREATE TABLE pos (w TEXT PRIMARY KEY, t TEXT, p REAL) WITHOUT ROWID")
        db.executemany("INSERT OR IGNORE INTO pos VALUES (?, ?, ?)", ((w, t, float(p)) for w, t, p in _rows(_OWN[2])))
        db.commit()
    finally:
        db.close()


@cache
def _db() -> sqlite3.Connection:
    """The word tables as a read-only SQLite file: opening it costs nothing, unlike a big dict."""
    path = _cache_file()
    if not path.is_file():
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
            os.close(fd)
            os.unlink(tmp)
            _build(Path(tmp))
            os.replace(tmp, path)
        except OSError:  # no writable cache folder: keep the tables in memory
            memory = sqlite3.connect(":memory:", check_same_thread=False)
            with tempfile.TemporaryDirectory() as folder:
                _build(Path(folder) / "t.sqlite")
                sqlite3.connect(Path(folder) / "t.sqlite").backup(memory)
            return memory
    return sqlite3.connect(f"{path.as_uri()}?mode=ro&immutable=1", uri=True, check_same_thread=False)


@lru_cache(maxsize=200_000)
def zipf(word: str) -> float:
    """Zipf frequency of `word` (lower case) in Dutch: 7 is 'de', 3 is rare, 0 unknown."""
    row = _db().execute("SELECT z FROM zipf WHERE w = ?", (word,)).fetchone()
    return float(row[0]) if row else 0.0


@lru_cache(maxsize=200_000)
def lemma(word: str) -> str:
    """The lookup lemma of `word` (lower case): 'beoordeeld' -> 'beoordelen'."""
    row = _db().execute("SELECT l FROM lemma WHERE w = ?", (word,)).fetchone()
    return str(row[0]) if row else word


@lru_cache(maxsize=200_000)
def spoken_zipf(word: str) -> float:
    """Zipf frequency of `word` in spoken Dutch (SUBTLEX-NL); 0 when it never occurs."""
    row = _db().execute("SELECT z FROM spoken WHERE w = ?", (word,)).fetchone()
    return float(row[0]) if row else 0.0


def best_spoken_zipf(word: str) -> float:
    """The higher spoken Zipf of the word itself and of its lemma."""
    z = spoken_zipf(word)
    base = lemma(word)
    return max(z, spoken_zipf(base)) if base != word else z


@lru_cache(maxsize=100_000)
def noun(word: str) -> tuple[str, str, str] | None:
    """(type, head, modifier) of a known noun: type c(oncrete), a(bstract) or u(ndefined)."""
    row = _db().execute("SELECT t, h, m FROM noun WHERE w = ?", (word,)).fetchone()
    return (str(row[0]), str(row[1]), str(row[2])) if row else None


@lru_cache(maxsize=100_000)
def ud_tag(word: str) -> tuple[str, float] | None:
    """The most frequent UD tag of `word` (VERB:Fin, NOUN, ...) and its share, if it was seen."""
    row = _db().execute("SELECT t, p FROM pos WHERE w = ?", (word,)).fetchone()
    return (str(row[0]), float(row[1])) if row else None


def best_zipf(word: str) -> float:
    """The higher Zipf of the word itself and of its lemma."""
    z = zipf(word)
    if z < 3.5:
        base = lemma(word)
        if base != word:
            z = max(z, zipf(base))
    return z


@lru_cache(maxsize=100_000)
def syllables(word: str) -> int:
    """Syllables: the larger of pyphen's count and the count of vowel groups.

    Counts of known words are stored with the word tables, so pyphen (0.2 s to load) only
    loads for unknown words with a vowel group that may hold two syllables (rea-geren).
    """
    if not any(c.isalpha() for c in word):
        return max(1, min(4, len(word) // 2))  # numbers, dates, phone numbers
    row = _db().execute("SELECT s FROM zipf WHERE w = ?", (word,)).fetchone()
    if row and row[0]:
        return int(row[0])
    return _count_syllables(word)


_ONE_SOUND = frozenset("aa ee oo uu ie oe eu ui ei au ou ai oi aai ooi oei eeu ieu uw".split())


def _count_syllables(word: str, hyphenator=None) -> int:  # type: ignore[no-untyped-def]
    """max(pyphen, vowel groups); pyphen is only asked when a vowel group may hold two syllables."""
    groups = _VOWEL_GROUPS.findall(word.lower())
    if len(word) > MAX_SPLIT_LETTERS:  # bounded work: no pyphen for a word nobody can read anyway
        return max(len(groups), len(word) // 3, 1)
    if all(len(g) == 1 or g in _ONE_SOUND for g in groups):
        return max(len(groups), 1)  # pyphen never splits one sound: the groups are the syllables
    hyphenator = hyphenator or _hyphenator()
    return max(len(groups), len(hyphenator.positions(word)) + 1, 1)


@cache
def _hyphenator():  # type: ignore[no-untyped-def]
    import pyphen

    return pyphen.Pyphen(lang="nl_NL")


@lru_cache(maxsize=50_000)
def compound_parts(word: str, min_zipf: float = 3.0) -> tuple[str, ...] | None:
    """Split an unknown compound into known words ('inlichtingenplicht' -> inlichtingen, plicht).

    Parts must be at least 3 letters with Zipf >= `min_zipf`; a linking s/e/en/er may sit
    between parts. Returns the split with the fewest parts, or None. Words longer than
    MAX_SPLIT_LETTERS are refused (None) so that the cost per word stays bounded.
    """
    word = word.lower().replace("-", "")
    if len(word) > MAX_SPLIT_LETTERS:
        return None
    return _split(word, min_zipf, 4)


@lru_cache(maxsize=50_000)
def _split(word: str, min_zipf: float, depth: int) -> tuple[str, ...] | None:
    if best_zipf(word) >= min_zipf and len(word) >= _MIN_PART:
        return (word,)
    if depth == 0:
        return None
    best: tuple[str, ...] | None = None
    for i in range(len(word) - _MIN_PART, _MIN_PART - 1, -1):  # longest head first
        head, tail = word[:i], word[i:]
        if best_zipf(tail) < min_zipf and depth == 1:
            continue
        for link in _LINKS:
            if link and not head.endswith(link):
                continue
            stem = head[: len(head) - len(link)] if link else head
            if len(stem) < _MIN_PART or best_zipf(stem) < min_zipf:
                continue
            rest = _split(tail, min_zipf, depth - 1)
            if rest is not None and (best is None or len(rest) + 1 < len(best)):
                best = (stem, *rest)
                if len(best) == 2:
                    return best
    return best
