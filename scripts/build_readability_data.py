"""Turn the LiNT-II data files and the UD Dutch dev parts into the checker's compact word tables.

Run once by a developer when the sources change (not part of CI, needs pyarrow):

    python scripts/build_readability_data.py LINT_II_WHEEL UD_FOLDER

Writes to outreach/readability/data/:
- subtlex_nl.tsv.gz   word, Zipf in SUBTLEX-NL (spoken Dutch: film subtitles), from lint-ii
- nouns_nl.tsv.gz     noun, c(oncrete)/a(bstract)/u(ndefined), compound head, modifier, from lint-ii
- lint_ii.json        LiNT-II coefficients, skip list and manner adverbs, from lint-ii
- ud_pos.tsv.gz       word, most frequent UD tag (UPOS, with :Fin/:Part/:Inf for verbs) and its
                      share, from the UD Dutch Alpino and LassySmall *dev* parts only; the *test*
                      parts stay aside to measure the tagger (tests/readability/test_pos.py).
"""

from __future__ import annotations

import collections
import gzip
import json
import sys
import zipfile
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "outreach" / "readability" / "data"
PREFIX = "lint_ii/linguistic_data/data/"


def _parquet(wheel: zipfile.ZipFile, name: str) -> list[dict]:  # type: ignore[type-arg]
    import io

    import pyarrow.parquet as pq

    return pq.read_table(io.BytesIO(wheel.read(PREFIX + name))).to_pylist()


def _write(name: str, rows: list[tuple[str, ...]]) -> None:
    with gzip.open(OUT / name, "wt", encoding="utf-8", compresslevel=9) as f:
        for row in rows:
            f.write("\t".join(row) + "\n")


def lint_ii(wheel_path: str) -> None:
    wheel = zipfile.ZipFile(wheel_path)
    freqs = _parquet(wheel, "subtlex_wordfreq.parquet")
    _write("subtlex_nl.tsv.gz", sorted((r["word"], f"{r['word_count']:.2f}") for r in freqs
                                      if r["word"] and "\t" not in r["word"]))
    nouns = _parquet(wheel, "nouns_sem_types_20260420.parquet")
    _write("nouns_nl.tsv.gz", sorted((r["word"], r["super_sem_type"][0], r["head"] or "", r["modifier"] or "")
                                     for r in nouns if r["word"] and "\t" not in r["word"]))
    coefficients = json.loads(wheel.read(PREFIX + "coefficients.json"))
    chosen = next(c for c in coefficients if c["noun_list"] == "nouns_sem_types_20260420"
                  and c["model_version"].startswith("3.7"))
    data = {
        "source": "lint-ii 0.1.3 (EUPL-1.2), https://github.com/vanboefer/lint_ii",
        "model": f"{chosen['model_name']} {chosen['model_version']}, {chosen['noun_list']}",
        "coefficients": {k: v["coef"] for k, v in chosen["coefficients"].items()},
        "levels": [34, 46, 58],
        "skiplist": sorted(r["word"] for r in _parquet(wheel, "subtlex_wordfreq_skiplist.parquet")),
        "manner_adverbs": sorted(a.strip() for a in _parquet_column(wheel, "manner_adverbs_20251017.parquet")),
    }
    (OUT / "lint_ii.json").write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def _parquet_column(wheel: zipfile.ZipFile, name: str) -> list[str]:
    return [next(iter(r.values())) for r in _parquet(wheel, name)]


def tag_of(upos: str, feats: str) -> str:
    if upos in ("VERB", "AUX"):
        for form in ("Fin", "Part", "Inf"):
            if f"VerbForm={form}" in feats:
                return f"{upos}:{form}"
    return upos


def ud(folder: str) -> None:
    counts: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    for path in sorted(Path(folder).glob("*-ud-dev.conllu")):
        for line in path.read_text(encoding="utf-8").splitlines():
            cols = line.split("\t")
            if len(cols) != 10 or not cols[0].isdigit():
                continue
            counts[cols[1].lower()][tag_of(cols[3], cols[5])] += 1
    rows = []
    for word, tags in sorted(counts.items()):
        tag, n = tags.most_common(1)[0]
        rows.append((word, tag, f"{n / sum(tags.values()):.2f}"))
    _write("ud_pos.tsv.gz", rows)


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    lint_ii(sys.argv[1])
    ud(sys.argv[2])
